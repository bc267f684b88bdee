"""Conflicts: people (in their windows, unless absent) and places booked twice at once."""

DEC15, FEB16 = "1", "5"


def add(cli, title: str, start: str, end: str, *extra: str) -> int:
    return cli.json("meeting", "add", title, "--start", start, "--end", end, *extra)["id"]


def test_the_sample_has_no_conflicts(sample_cli):
    assert sample_cli.json("conflicts", "--days", "90") == []
    assert sample_cli.ok("conflicts").stdout == "No conflicts.\n"


def test_windows_are_respected(sample_cli):
    # Anton Västberg is at the 15 December meeting 08.30-09.30 only.
    after = add(sample_cli, "Regionmöte", "2023-12-15 09:30", "10:30", "--location", "Regionens hus")
    sample_cli.ok("attend", str(after), "Anton Västberg")
    assert sample_cli.json("conflicts") == []  # he left at 09.30: touching is fine
    during = add(sample_cli, "Avstämning", "2023-12-15 09:00", "12:00", "--location", "Regionens hus 2")
    result = sample_cli.run("attend", str(during), "Anton Västberg", "--from", "9.15", "--to", "10")
    assert result.exit_code == 0
    assert result.stderr == (
        f"Warning: Anton Västberg is booked in meeting 1 'Ledningsgrupp' and meeting {during} "
        "'Avstämning' at the same time, Fri 15 Dec 2023 09:15–09:30 (see 'scheduler conflicts').\n"
        f"Warning: Anton Västberg is booked in meeting {during} 'Avstämning' and meeting {after} "
        "'Regionmöte' at the same time, Fri 15 Dec 2023 09:30–10:00 (see 'scheduler conflicts').\n"
    )
    assert sample_cli.json("conflicts") == [
        {"kind": "person", "who": "Anton Västberg", "meetings": [1, during],
         "from": "2023-12-15T09:15:00+01:00", "to": "2023-12-15T09:30:00+01:00"},
        {"kind": "person", "who": "Anton Västberg", "meetings": [during, after],
         "from": "2023-12-15T09:30:00+01:00", "to": "2023-12-15T10:00:00+01:00"},
    ]


def test_absent_people_are_free(sample_cli):
    other = add(sample_cli, "Botkyrka KS", "2023-12-15 09:00", "10:00", "--location", "Botkyrka")
    assert sample_cli.ok("attend", str(other), "Petra Oxonius").stderr == ""
    sample_cli.ok("attend", str(other), "Camilla Broo", "--mode", "absent")
    assert sample_cli.json("conflicts") == []
    sample_cli.ok("attend", str(other), "Camilla Broo", "--mode", "in-person")
    assert [(c["who"], c["meetings"]) for c in sample_cli.json("conflicts")] == [
        ("Camilla Broo", [1, other])]


def test_a_place_booked_twice(sample_cli):
    result = sample_cli.run("meeting", "add", "Styrelse", "--start", "2024-02-16 11:00",
                            "--end", "12:00", "--location", "storsthlms lokaler ",
                            "--organizer", "Helene Olofsson")
    assert result.exit_code == 0
    assert result.stderr == (
        "Warning: StorSthlms lokaler is booked for meeting 5 'Ledningsgrupp' and meeting 6 "
        "'Styrelse' at the same time, Fri 16 Feb 2024 11:00–11:30 (see 'scheduler conflicts').\n")
    assert sample_cli.json("conflicts", "--days", "90") == [
        {"kind": "place", "who": "StorSthlms lokaler", "meetings": [5, 6],
         "from": "2024-02-16T11:00:00+01:00", "to": "2024-02-16T11:30:00+01:00"}]
    assert "place  StorSthlms lokaler  Fri 16 Feb 2024 11:00–11:30  5 Ledningsgrupp / 6 Styrelse" in (
        sample_cli.ok("conflicts", "--days", "90").stdout)


def test_meeting_add_names_everyone_booked_twice_in_one_warning(sample_cli):
    result = sample_cli.run("meeting", "add", "Extra", "--series", "Ledningsgrupp",
                            "--start", "2024-02-16 11:00", "--end", "12:00", "--location", "Haninge")
    assert result.stderr == (
        "Warning: Camilla Broo, Cynthia Runefjärd, Helene Olofsson, Johan Westin, Kristina "
        "Tidestav, Magnus Gyllestad, Mats Bergström, Petra Oxonius, Steinunn Asgeirdottir are booked "
        "in meeting 5 'Ledningsgrupp' and meeting 6 'Extra' at the same time, Fri 16 Feb 2024 "
        "11:00–11:30 (see 'scheduler conflicts').\n")
    assert len(sample_cli.json("conflicts", "--days", "90")) == 9


def test_meeting_edit_warns_when_a_move_creates_a_conflict(sample_cli):
    other = add(sample_cli, "Styrelse", "2024-02-16 13:00", "14:00", "--location", "StorSthlms lokaler")
    assert sample_cli.ok("meeting", "edit", str(other), "--title", "Styrelsemöte").stderr == ""
    moved = sample_cli.ok("meeting", "edit", str(other), "--start", "2024-02-16 11:00")
    assert moved.stderr.startswith("Warning: StorSthlms lokaler is booked for meeting 5")
    assert "11:00–11:30" in moved.stderr


def test_occurrences_of_recurring_meetings_count(sample_cli):
    sample_cli.ok("person", "add", "Anna Berg", "--email", "anna@huddinge.example")
    weekly = add(sample_cli, "Veckomöte", "2024-01-05 09:00", "10:00", "--rrule", "FREQ=WEEKLY;COUNT=10")
    sample_cli.ok("attend", str(weekly), "Anna Berg")
    single = add(sample_cli, "Enstaka", "2024-01-19 09:30", "10:30")
    warned = sample_cli.run("attend", str(single), "Anna Berg").stderr
    assert warned == (f"Warning: Anna Berg is booked in meeting {weekly} 'Veckomöte' and meeting "
                      f"{single} 'Enstaka' at the same time, Fri 19 Jan 2024 09:30–10:00 "
                      "(see 'scheduler conflicts').\n")
    assert sample_cli.json("conflicts", "--days", "60") == [
        {"kind": "person", "who": "Anna Berg", "meetings": [weekly, single],
         "from": "2024-01-19T09:30:00+01:00", "to": "2024-01-19T10:00:00+01:00"}]
    assert sample_cli.json("conflicts", "--days", "34") == []  # 19 January is 35 days on


def test_recurring_meeting_added_onto_a_booked_place_warns(sample_cli):
    result = sample_cli.run("meeting", "add", "Månadsmöte", "--start", "2024-01-16 13:00",
                            "--end", "14:00", "--location", "Körunda, Nynäshamn",
                            "--rrule", "FREQ=MONTHLY;COUNT=3", "--organizer", "Helene Olofsson")
    assert result.stderr.startswith("Warning: Körunda, Nynäshamn is booked for meeting 3 "
                                    "'Samarbetskommitténs planeringskonferens' and meeting 6")


def test_cancelled_and_date_only_meetings_book_nobody(sample_cli):
    other = add(sample_cli, "Krock", "2024-02-16 10:00", "11:00", "--location", "StorSthlms lokaler")
    sample_cli.ok("meeting", "cancel", str(other))
    assert sample_cli.json("conflicts", "--days", "90") == []
    day = sample_cli.json("meeting", "add", "Heldag", "--start", "2024-02-16",
                          "--location", "StorSthlms lokaler")
    sample_cli.ok("attend", str(day["id"]), "Camilla Broo")
    assert sample_cli.json("conflicts", "--days", "90") == []


def test_three_overlapping_meetings_give_every_overlapping_pair(session, clock):
    import datetime as dt

    from scheduler.attendance import attend as set_participation
    from scheduler.conflicts import conflicts
    from scheduler.directory import add_person
    from scheduler.meetings import add_meeting
    from scheduler.selection import select_window
    from tests.conftest import STOCKHOLM

    anna = add_person(session, "Anna Berg")
    made = []
    for title, start, end in (("A", 9, 11), ("B", 10, 12), ("C", 13, 14)):
        meeting = add_meeting(session, clock, title=title,
                              start=dt.datetime(2023, 12, 18, start, tzinfo=STOCKHOLM),
                              end=dt.datetime(2023, 12, 18, end, tzinfo=STOCKHOLM))
        set_participation(session, meeting, anna, tz=STOCKHOLM)
        made.append(meeting)
    # C is long; Anna is there only 10.30-10.45 of a 10.00-14.00 meeting.
    made[2].start = dt.datetime(2023, 12, 18, 10, tzinfo=STOCKHOLM)
    set_participation(session, made[2], anna, tz=STOCKHOLM, window=(dt.time(10, 30), dt.time(10, 45)))
    found = [([i.meeting.title for i in c.instances], f"{c.start.astimezone(STOCKHOLM):%H:%M}",
              f"{c.end.astimezone(STOCKHOLM):%H:%M}") for c in conflicts(session, clock, select_window(clock, days=5))]
    assert found == [(["A", "B"], "10:00", "11:00"), (["A", "C"], "10:30", "10:45"),
                     (["B", "C"], "10:30", "10:45")]


def test_moving_one_occurrence_into_a_conflict_warns(sample_cli):
    weekly = add(sample_cli, "Veckomöte", "2024-02-02 13:00", "14:00", "--rrule", "FREQ=WEEKLY;COUNT=4",
                 "--location", "StorSthlms lokaler")
    assert sample_cli.json("conflicts", "--days", "90") == []
    moved = sample_cli.run("meeting", "edit", str(weekly), "--occurrence", "2024-02-16",
                           "--start", "2024-02-16 11:00")
    assert moved.exit_code == 0
    assert moved.stderr == (
        f"Warning: StorSthlms lokaler is booked for meeting 5 'Ledningsgrupp' and meeting {weekly} "
        "'Veckomöte' at the same time, Fri 16 Feb 2024 11:00–11:30 (see 'scheduler conflicts').\n")
    assert sample_cli.json("conflicts", "--days", "90") == [
        {"kind": "place", "who": "StorSthlms lokaler", "meetings": [5, weekly],
         "from": "2024-02-16T11:00:00+01:00", "to": "2024-02-16T11:30:00+01:00"}]
