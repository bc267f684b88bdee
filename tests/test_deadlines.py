"""Deadlines: windows, ties to meetings, working days, edits and the listings."""

import datetime as dt
import re

import pytest

from scheduler.clock import Clock
from scheduler.deadlines import add_deadline, follow_meeting, tie_to_meeting
from scheduler.duewindow import parse_due
from scheduler.errors import InputError, SchedulerWarning, StateError
from scheduler.meetings import add_meeting, apply_changes
from scheduler.store.models import Meeting
from tests.conftest import STOCKHOLM

FIELDS = ["id", "uid", "title", "kind", "due", "due_from", "precision", "phrase", "days_left",
          "working_days_left", "meeting_id", "owner", "matter", "done"]


def by_title(items: list[dict], fragment: str) -> dict:
    return next(item for item in items if fragment in item["title"])


# The sample, as the minutes of 15 December 2023 give it --------------------------------


def test_ready_for_the_offices(sample_cli, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")  # reads the Swedish listing
    items = sample_cli.json("deadlines")
    ready = by_title(items, "klart för inlämning")
    assert list(ready) == FIELDS
    assert (ready["due"], ready["days_left"], ready["working_days_left"]) == ("2024-02-14", 61, 40)
    line = next(line for line in sample_cli.ok("deadlines").stdout.splitlines()
                if "klart för inlämning" in line)
    assert line.split()[:5] == ["3", "ons", "14", "feb", "2024"]
    assert line.endswith("61 dagar kvar (40 arbetsdagar)")


def test_the_draft_is_due_early_february(sample_cli, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")  # reads the Swedish listing
    draft = by_title(sample_cli.json("deadlines"), "Förslag till remissvar")
    assert {k: draft[k] for k in ("due_from", "due", "precision", "phrase")} == {
        "due_from": "2024-02-01", "due": "2024-02-10", "precision": "early_month",
        "phrase": "början av februari 2024"}
    shown = sample_cli.ok("deadline", "show", str(draft["id"])).stdout
    assert "Förfaller  början av februari 2024: tor 1 feb 2024 – lör 10 feb 2024" in shown


def test_listing_is_sorted_by_last_day_and_shows_the_phrase(sample_cli, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")  # reads the Swedish listing
    items = sample_cli.json("deadlines")
    assert [i["due"] for i in items] == ["2024-01-15", "2024-02-10", "2024-02-14", "2024-02-16",
                                         "2024-02-16", "2024-04-30", "2024-06-30", "2024-12-31",
                                         "2025-12-31", "2025-12-31"]
    text = sample_cli.ok("deadlines").stdout
    lines = {line.split()[0]: " ".join(line.split()) for line in text.splitlines()}
    assert lines["4"].startswith("4 under april månad 2024 Regionens remissutskick av RUFSS")
    assert lines["7"].startswith("7 senare i vår 2024 Nytt möte")
    assert lines["8"].startswith("8 under 2024 Samarbetskommittén träffar landshövdingen")


def test_the_minutes_plans_are_plan_deadlines(sample_cli):
    plans = [(i["title"], i["due_from"], i["due"], i["precision"])
             for i in sample_cli.json("deadlines") if i["kind"] == "plan"]
    assert plans == [
        ("Nytt möte mellan Södertörnskommunerna och regionen under samrådsperioden för RUFSS",
         "2024-01-01", "2024-06-30", "term"),
        ("Samarbetskommittén träffar landshövdingen", "2024-01-01", "2024-12-31", "year"),
        ("Samarbetskommittén träffar Trafikverkets GD", "2025-01-01", "2025-12-31", "year"),
        ("Södertörnskonferensen genomförs", "2025-01-01", "2025-12-31", "year"),
    ]


def test_tied_deadlines_follow_the_next_ledningsgrupp(sample_cli):
    tied = [i for i in sample_cli.json("deadlines") if i["meeting_id"] == 5]
    assert [(i["title"][:20], i["due"]) for i in tied] == [
        ("Årsredovisningen pre", "2024-02-16"), ("Underlag för beslut ", "2024-02-16")]
    sample_cli.ok("meeting", "edit", "5", "--start", "2024-02-23 09:00", "--reason", "Ny tid")
    moved = [i for i in sample_cli.json("deadlines") if i["meeting_id"] == 5]
    assert [(i["due_from"], i["due"]) for i in moved] == [("2024-02-23", "2024-02-23")] * 2
    assert sample_cli.json("deadline", "show", str(tied[0]["id"]))["sequence"] == 1
    history = sample_cli.json("deadline", "history", str(tied[0]["id"]))
    assert [(h["field"], h["old"], h["new"], h["reason"]) for h in history[1:]] == [
        ("due_from", "2024-02-16", "2024-02-23", "follows meeting 5: Ny tid"),
        ("due", "2024-02-16", "2024-02-23", "follows meeting 5: Ny tid"),
        ("sequence", "0", "1", "follows meeting 5: Ny tid"),
    ]
    assert "due date: 2024-02-16 → 2024-02-23  (follows meeting 5: Ny tid)" in sample_cli.ok(
        "deadline", "history", str(tied[0]["id"])).stdout
    swedish = sample_cli.ok("--lang", "sv", "deadline", "history", str(tied[0]["id"])).stdout
    assert "förfallodag: 2024-02-16 → 2024-02-23  (följer möte 5: Ny tid)" in swedish


def test_a_meeting_edit_without_a_move_leaves_deadlines_alone(sample_cli):
    sample_cli.ok("meeting", "edit", "5", "--location", "Huddinge")
    assert sample_cli.json("deadline", "show", "5")["sequence"] == 0


# Adding: days, windows, ties ------------------------------------------------------------


def test_a_holiday_warns_and_offers_the_working_day_before(cli):
    result = cli.ok("deadline", "add", "X", "--due", "2024-06-06")
    assert result.stderr == ("Warning: 'X': 2024-06-06 is National Day, not a working day; the "
                             "previous working day is 2024-06-05 ('deadline edit 1 --due "
                             "2024-06-05' moves it there).\n")
    assert cli.json("deadline", "show", "1")["due"] == "2024-06-06"


def test_a_week_is_monday_to_sunday(cli):
    made = cli.json("deadline", "add", "X", "--due", "vecka 12 2024")
    assert (made["due_from"], made["due"]) == ("2024-03-18", "2024-03-24")
    assert made["precision"] == "week"
    assert made["phrase"] == "vecka 12 2024"


@pytest.mark.parametrize(
    ("today", "text", "due_from", "due", "precision", "days_left", "working_days_left"),
    [
        ("2023-12-20", "början av januari", "2024-01-01", "2024-01-10", "early_month", 21, 12),
        ("2023-12-20", "mitten av januari", "2024-01-11", "2024-01-20", "mid_month", 31, 19),
        ("2023-12-31", "slutet av december", "2023-12-21", "2023-12-31", "late_month", 0, 0),
        ("2023-12-20", "januari", "2024-01-01", "2024-01-31", "month", 42, 27),
        ("2024-12-20", "v. 1", "2024-12-30", "2025-01-05", "week", 16, 5),
        ("2023-12-20", "i vår", "2024-01-01", "2024-06-30", "term", 193, None),
        ("2024-12-20", "hösten", "2024-07-01", "2024-12-31", "term", 11, 3),
        ("2023-12-20", "2024", "2024-01-01", "2024-12-31", "year", 377, None),
        ("2024-12-20", "14 januari", "2025-01-14", "2025-01-14", "day", 25, 11),
    ],
)
def test_each_precision_across_the_year_end(cli, today, text, due_from, due, precision,
                                            days_left, working_days_left):
    made = cli.json("deadline", "add", "X", "--due", text, today=today)
    assert (made["due_from"], made["due"], made["precision"]) == (due_from, due, precision)
    assert made["days_left"] == days_left
    if working_days_left is not None:
        assert made["working_days_left"] == working_days_left


@pytest.mark.parametrize(
    ("today", "due", "working_days_left"),
    [
        ("2024-03-27", "2024-04-03", 3),  # Långfredagen and Annandag påsk
        ("2024-06-19", "2024-06-26", 4),  # Midsommarafton
        ("2024-12-20", "2025-01-07", 6),  # jul, nyår and Trettondedag jul
        ("2024-01-10", "2024-01-05", -3),  # overdue: 8, 9 and 10 January
    ],
)
def test_working_days_left_around_holidays(cli, today, due, working_days_left):
    made = cli.json("deadline", "add", "X", "--due", due, today=today)
    assert made["working_days_left"] == working_days_left


@pytest.mark.parametrize(
    ("meeting", "working_days", "due"),
    [
        ("2024-04-02 09:00", "1", "2024-03-28"),  # over Easter: Skärtorsdagen works
        ("2024-06-24 09:00", "1", "2024-06-20"),  # over midsummer
        ("2024-12-27 09:00", "1", "2024-12-23"),  # over Christmas
        ("2025-01-02 09:00", "2", "2024-12-27"),  # over New Year, into the year before
        ("2024-02-16 09:00", "0", "2024-02-16"),
    ],
)
def test_before_meeting_counts_working_days(cli, meeting, working_days, due):
    cli.ok("meeting", "add", "M", "--start", meeting)
    made = cli.json("deadline", "add", "Handlingar", "--before-meeting", "1",
                    "--working-days", working_days, today="2023-12-15")
    assert (made["due"], made["meeting_id"], made["working_days_before"]) == (
        due, 1, int(working_days))
    assert made["phrase"] is None


def test_before_meeting_follows_the_meeting(sample_cli, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")  # reads the Swedish listing
    made = sample_cli.json("deadline", "add", "Handlingar", "--before-meeting", "5",
                           "--working-days", "3", "--kind", "material")
    assert made["due"] == "2024-02-13"
    assert "tis 13 feb 2024, 3 arbetsdagar före möte 5" in sample_cli.ok("deadlines").stdout
    sample_cli.ok("meeting", "edit", "5", "--start", "2024-02-23 09:00")
    assert sample_cli.json("deadline", "show", str(made["id"]))["due"] == "2024-02-20"


def test_next_series_binds_the_first_meeting_after_today(sample_cli):
    # 15 December has a Ledningsgrupp itself; the next one is 16 February.
    made = sample_cli.json("deadline", "add", "Underlag", "--next", "Ledningsgrupp",
                           "--owner", "Helene Olofsson")
    assert (made["meeting_id"], made["due"], made["owner"]) == (5, "2024-02-16", "Helene Olofsson")
    sample_cli.ok("meeting", "add", "Ledningsgrupp", "--series", "Ledningsgrupp",
                  "--start", "2024-01-12 08:30")
    assert sample_cli.json("deadline", "show", str(made["id"]))["meeting_id"] == 5  # bound


def test_meeting_gives_its_day(sample_cli):
    made = sample_cli.json("deadline", "add", "Lunch bokad", "--meeting", "3")
    assert (made["due"], made["meeting_id"], made["working_days_before"]) == ("2024-01-16", 3, None)


def test_next_occurrence_of_a_recurring_series(sample_cli, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")  # reads the Swedish listing
    sample_cli.ok("meeting", "add", "Samarbetskommittén", "--series", "Samarbetskommittén",
                  "--start", "2024-01-19 09:00", "--rrule", "FREQ=MONTHLY;BYDAY=3FR;COUNT=6")
    made = sample_cli.json("deadline", "add", "Underlag", "--next", "Samarbetskommittén",
                           "--working-days", "2", today="2024-01-20")
    assert (made["meeting_id"], made["meeting_occurrence"], made["due"]) == (6, "2024-02-16",
                                                                            "2024-02-14")
    assert "ons 14 feb 2024, 2 arbetsdagar före möte 6/2024-02-16" in sample_cli.ok(
        "deadlines", today="2024-01-20").stdout
    made = sample_cli.json("deadline", "add", "Protokoll", "--meeting", "6",
                           "--occurrence", "2024-03-15")
    assert made["due"] == "2024-03-15"


def test_an_occurrence_edit_moves_its_deadline(sample_cli):
    sample_cli.ok("meeting", "add", "Månadsmöte", "--start", "2024-01-19 09:00",
                  "--rrule", "FREQ=MONTHLY;BYDAY=3FR;COUNT=6")
    feb = sample_cli.json("deadline", "add", "Underlag", "--before-meeting", "6",
                          "--occurrence", "2024-02-16", "--working-days", "1")
    march = sample_cli.json("deadline", "add", "Protokoll", "--meeting", "6",
                            "--occurrence", "2024-03-15")
    assert feb["due"] == "2024-02-15"
    sample_cli.ok("meeting", "edit", "6", "--occurrence", "2024-02-16",
                  "--start", "2024-02-21 09:00", "--reason", "Sportlov")
    shown = sample_cli.json("deadline", "show", str(feb["id"]))
    assert (shown["due"], shown["meeting_occurrence"], shown["sequence"]) == (
        "2024-02-20", "2024-02-16", 1)
    assert sample_cli.json("deadline", "show", str(march["id"]))["due"] == "2024-03-15"
    history = sample_cli.json("deadline", "history", str(feb["id"]))
    assert (history[-2]["field"], history[-2]["new"], history[-2]["reason"]) == (
        "due", "2024-02-20", "follows meeting 6: Sportlov")


def _monthly(session, clock, rule: str) -> Meeting:
    return add_meeting(session, clock, title="Månadsmöte", rrule=rule,
                       start=dt.datetime(2024, 1, 19, 9, tzinfo=STOCKHOLM))


def test_a_moved_occurrence_takes_its_deadlines(sample_session, clock):
    master = _monthly(sample_session, clock, "FREQ=MONTHLY;BYDAY=3FR;COUNT=6")
    tie = tie_to_meeting(sample_session, master, occurrence=dt.date(2024, 2, 16), working_days=1)
    deadline = add_deadline(sample_session, clock, title="Underlag", tie=tie)
    march = tie_to_meeting(sample_session, master, occurrence=dt.date(2024, 3, 15))
    other = add_deadline(sample_session, clock, title="Protokoll", tie=march)
    assert deadline.due == dt.date(2024, 2, 15)
    original = dt.datetime(2024, 2, 16, 9, tzinfo=STOCKHOLM)
    override = Meeting(uid=master.uid + "-o", title=master.title, start=original,
                       end=original + dt.timedelta(hours=1), master_id=master.id,
                       recurrence_id=original, created_at=original)
    sample_session.add(override)
    sample_session.flush()
    move = dt.timedelta(days=5)
    apply_changes(sample_session, override, {"start": override.start + move,
                                             "end": override.end + move}, reason="Krockar")
    assert (deadline.due, deadline.sequence) == (dt.date(2024, 2, 20), 1)
    assert (other.due, other.sequence) == (dt.date(2024, 3, 15), 0)


@pytest.mark.parametrize(
    ("rule", "occurrence", "days", "after", "due"),
    [
        # The rule still has 16 February: the tie stays.
        ("FREQ=MONTHLY;BYDAY=3FR;COUNT=6", dt.date(2024, 2, 16), 7, dt.date(2024, 2, 16),
         dt.date(2024, 2, 16)),
        # Weekly from Friday to Thursday: 2 February is gone, 1 February is its successor.
        ("FREQ=WEEKLY;COUNT=4", dt.date(2024, 2, 2), -1, dt.date(2024, 2, 1),
         dt.date(2024, 2, 1)),
    ],
)
def test_a_moved_master_takes_its_occurrences_deadlines(sample_session, clock, rule, occurrence,
                                                        days, after, due):
    master = _monthly(sample_session, clock, rule)
    tie = tie_to_meeting(sample_session, master, occurrence=occurrence)
    deadline = add_deadline(sample_session, clock, title="Underlag", tie=tie)
    move = dt.timedelta(days=days)
    apply_changes(sample_session, master,
                  {"start": master.start + move, "end": master.end + move})
    assert (deadline.meeting_occurrence, deadline.due) == (after, due)


def test_an_occurrence_that_is_gone_warns(sample_session, clock):
    master = _monthly(sample_session, clock, "FREQ=MONTHLY;BYDAY=3FR;COUNT=2")
    tie = tie_to_meeting(sample_session, master, occurrence=dt.date(2024, 2, 16))
    deadline = add_deadline(sample_session, clock, title="Underlag", tie=tie)
    with pytest.warns(SchedulerWarning, match="'Underlag' was due at meeting 6 on 2024-02-16, "
                                              "which no longer takes place"):
        move = dt.timedelta(days=35)
        apply_changes(sample_session, master,
                      {"start": master.start + move, "end": master.end + move})
    assert deadline.due == dt.date(2024, 2, 16)


def test_a_done_deadline_stays_put(sample_session, clock):
    meeting = sample_session.get(Meeting, 5)
    deadline = add_deadline(sample_session, clock, title="Klart",
                            tie=tie_to_meeting(sample_session, meeting))
    deadline.done = True
    old = meeting.start
    meeting.start = old + dt.timedelta(days=7)
    moved = follow_meeting(sample_session, meeting, moved_from=old)
    assert [d.id for d in moved] == [5, 6]  # the sample's two, not the done one
    assert deadline.due == dt.date(2024, 2, 16)


# Editing, done and reopen ---------------------------------------------------------------


def test_edit_records_revisions_and_raises_sequence_for_the_window(sample_cli):
    sample_cli.ok("deadline", "edit", "2", "--title", "Förslag till text")
    assert sample_cli.json("deadline", "show", "2")["sequence"] == 0
    edited = sample_cli.json("deadline", "edit", "2", "--due", "mitten av februari 2024",
                             "--owner", "", "--kind", "answer", "--matter", "RUFSS",
                             "--reason", "Remissen försenad")
    assert {k: edited[k] for k in ("due_from", "due", "precision", "owner", "kind", "matter",
                                   "sequence")} == {
        "due_from": "2024-02-11", "due": "2024-02-20", "precision": "mid_month", "owner": None,
        "kind": "answer", "matter": "RUFSS", "sequence": 1}
    history = sample_cli.json("deadline", "history", "2")
    assert [(h["field"], h["old"], h["new"]) for h in history[1:]] == [
        ("title", "Förslag till remissvar att läsa för kommundirektörerna",
         "Förslag till text"),
        ("due_from", "2024-02-01", "2024-02-11"),
        ("due", "2024-02-10", "2024-02-20"),
        ("precision", "early_month", "mid_month"),
        ("phrase", "början av februari 2024", "mitten av februari 2024"),
        ("owner", "Helene Olofsson", None),
        ("kind", "internal", "answer"),
        ("matter", "Inriktningsplaneringen", "RUFSS"),
        ("sequence", "0", "1"),
    ]
    assert {h["reason"] for h in history[2:]} == {"Remissen försenad"}


def test_edit_due_unties_from_the_meeting(sample_cli):
    result = sample_cli.ok("deadline", "edit", "5", "--due", "2024-02-09")
    assert result.stderr == ("Warning: 'Årsredovisningen presenteras' no longer follows "
                             "meeting 5: it is due in the window given.\n")
    sample_cli.ok("meeting", "edit", "5", "--start", "2024-02-23 09:00")
    shown = sample_cli.json("deadline", "show", "5")
    assert (shown["due"], shown["meeting_id"]) == ("2024-02-09", None)


def test_edit_nothing_says_so(sample_cli):
    result = sample_cli.ok("deadline", "edit", "3", "--kind", "referral")
    assert result.stderr == "Nothing changed: deadline 3 already has those values.\n"


def test_done_and_reopen(sample_cli, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")  # reads the Swedish listing
    assert sample_cli.json("deadline", "done", "1")["done"] is True
    assert 1 not in [i["id"] for i in sample_cli.json("deadlines")]
    listed = sample_cli.json("deadlines", "--all")
    assert [i["id"] for i in listed][-1] == 1  # done ones after the open ones
    assert "klar" in sample_cli.ok("deadlines", "--all").stdout.splitlines()[-1]
    assert sample_cli.json("deadline", "reopen", "1")["done"] is False
    assert [i["id"] for i in sample_cli.json("deadlines")][0] == 1


# The listing ----------------------------------------------------------------------------


def test_overdue_first_with_days_overdue(sample_cli, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")  # reads the Swedish listing
    items = sample_cli.json("deadlines", "--days", "20", today="2024-02-12")
    assert [(i["id"], i["days_left"], i["working_days_left"]) for i in items] == [
        (1, -28, -20), (2, -2, -1), (3, 2, 2), (5, 4, 4), (6, 4, 4)]
    title, heading, *lines = sample_cli.ok("deadlines", "--days", "20", today="2024-02-12").stdout.splitlines()
    assert (title, heading.split()) == ("5 frister", ["ID", "Förfaller", "Frist", "Kvar"])
    assert lines[0].endswith("28 dagar försenad")
    assert lines[1].endswith("2 dagar försenad")
    assert lines[2].endswith("2 dagar kvar (2 arbetsdagar)")


def test_filters_owner_and_matter(sample_cli):
    owned = sample_cli.json("deadlines", "--owner", "Helene")
    assert [i["id"] for i in owned] == [1, 2, 3, 5, 6, 7]
    matter = sample_cli.json("deadlines", "--matter", "rufss")
    assert [i["id"] for i in matter] == [4, 7]
    assert sample_cli.ok("deadlines", "--matter", "Inget").stdout == "No open deadlines.\n"


def test_upcoming_has_deadlines_in_the_time_line(sample_cli, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")  # reads the Swedish listing
    items = sample_cli.json("upcoming", "--days", "62")
    assert [(i["type"], i.get("due") or i["start"][:10]) for i in items] == [
        ("meeting", "2023-12-15"), ("meeting", "2024-01-10"), ("deadline", "2024-01-15"),
        ("meeting", "2024-01-16"), ("meeting", "2024-02-06"), ("deadline", "2024-02-10"),
        ("deadline", "2024-02-14")]
    assert list(items[2]) == ["type", *FIELDS]
    assert re.search(r"^tidsfrist +1 +mån 15 jan 2024 ", sample_cli.ok("upcoming", "--days", "62").stdout, re.M)


# Bad input ------------------------------------------------------------------------------


def test_unknown_phrase(cli):
    before = cli.dump()
    result = cli.fails("deadline", "add", "X", "--due", "början av smörgåsbord")
    assert "'smörgåsbord' is not a month" in result.stderr
    assert cli.dump() == before


def test_week_53_in_a_year_without_one(cli):
    before = cli.dump()
    result = cli.fails("deadline", "add", "X", "--due", "vecka 53 2024")
    assert "2024 has 52 ISO weeks" in result.stderr
    assert cli.dump() == before


def test_before_a_cancelled_meeting(sample_cli):
    sample_cli.ok("meeting", "cancel", "5")
    before = sample_cli.dump()
    result = sample_cli.fails("deadline", "add", "X", "--before-meeting", "5",
                              "--working-days", "3")
    assert result.stderr == ("Error: Meeting 5 'Ledningsgrupp' is cancelled: tie the deadline "
                             "to a meeting that takes place, or give --due.\n")
    assert sample_cli.dump() == before


def test_done_twice(sample_cli):
    sample_cli.ok("deadline", "done", "1")
    before = sample_cli.dump()
    result = sample_cli.fails("deadline", "done", "1")
    assert "is already done; 'deadline reopen' makes it open again" in result.stderr
    assert sample_cli.dump() == before
    sample_cli.ok("deadline", "reopen", "1")
    assert "is open already" in sample_cli.fails("deadline", "reopen", "1").stderr


def test_past_due_on_creation_is_allowed_with_a_warning(cli):
    made = cli.run("deadline", "add", "X", "--due", "2023-12-01", "--json")
    assert made.exit_code == 0
    assert made.stderr == "Warning: The deadline 'X' (2023-12-01) is already past.\n"
    assert cli.json("deadlines")[0]["days_left"] == -14


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--kind", "sallad", "--due", "2024-02-14"], "Unknown kind 'sallad'"),
        (["--meeting", "99"], "No meeting '99'"),
        (["--next", "Styrelsen"], "No series 'Styrelsen'"),
        (["--meeting", "1", "--occurrence", "2024-01-01"], "does not recur"),
        (["--owner", "Ingen Alls", "--due", "2024-02-14"], "No person 'Ingen Alls'"),
    ],
)
def test_more_bad_input(sample_cli, args, fragment):
    before = sample_cli.dump()
    assert fragment in sample_cli.fails("deadline", "add", "X", *args).stderr
    assert sample_cli.dump() == before


def test_recurring_meeting_needs_an_occurrence(sample_cli):
    sample_cli.ok("meeting", "add", "Möte", "--start", "2024-01-19 09:00",
                  "--rrule", "FREQ=MONTHLY;BYDAY=3FR;COUNT=6")
    assert "recurs: add --occurrence DATE" in sample_cli.fails(
        "deadline", "add", "X", "--meeting", "6").stderr
    assert "has no occurrence on 2024-02-17" in sample_cli.fails(
        "deadline", "add", "X", "--meeting", "6", "--occurrence", "2024-02-17").stderr


def test_no_next_meeting(sample_cli):
    result = sample_cli.fails("deadline", "add", "X", "--next", "Samarbetskommittén",
                              today="2024-01-17")
    assert "No Samarbetskommittén meeting after 2024-01-17" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--due", "2024-02-14", "--meeting", "5"],
        ["--before-meeting", "5"],
        ["--due", "2024-02-14", "--working-days", "2"],
        ["--next", "Ledningsgrupp", "--occurrence", "2024-02-16"],
        ["--meeting", "5", "--working-days", "-1"],
    ],
)
def test_option_combinations(sample_cli, args):
    sample_cli.fails("deadline", "add", "X", *args, code=2)


def test_edit_bad_input_changes_nothing(sample_cli):
    before = sample_cli.dump()
    sample_cli.fails("deadline", "edit", "2", "--due", "början av smörgåsbord")
    sample_cli.fails("deadline", "edit", "2", "--title", " ")
    sample_cli.fails("deadline", "edit", "2", "--title", "Ny", "--kind", "sallad")
    sample_cli.fails("deadline", "edit", "99", "--title", "Ny")
    assert sample_cli.dump() == before


def test_core_needs_exactly_one_of_window_and_tie(session, clock):
    window = parse_due("2024-02-14", today=clock.today)
    with pytest.raises(InputError, match="give exactly one"):
        add_deadline(session, clock, title="X")
    made = add_deadline(session, clock, title="X", window=window, warn_past=False)
    assert (made.due, made.phrase) == (dt.date(2024, 2, 14), "2024-02-14")


def test_cancelled_meeting_core(sample_session, clock: Clock):
    meeting = sample_session.get(Meeting, 5)
    meeting.status = "cancelled"
    with pytest.raises(StateError):
        tie_to_meeting(sample_session, meeting, working_days=2)
