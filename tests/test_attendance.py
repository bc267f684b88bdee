"""Attendance: attend, head-counts, slots, the minutes block and the invitation's lines."""

import datetime as dt

import pytest

from scheduler.attendance import attend, attendees
from scheduler.directory import find_person
from scheduler.meetings import find_meeting
from scheduler.text.wording import description_lines
from tests.conftest import ROOT, STOCKHOLM

DEC15, FEB16 = "1", "5"  # the sample's meeting ids
LINK = "https://meet.example/lg"


def t(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


# description_lines: what the invitation says about who joins how --------------------------


def test_description_lines_of_the_15_december_meeting(sample_session):
    meeting = find_meeting(sample_session, DEC15)
    assert description_lines(sample_session, meeting, STOCKHOLM) == [
        "Mats Bergström (Salem) deltar digitalt.",
        "Anton Västberg (Region Stockholm) deltar 08.30–09.30.",
        "Emma Lennartsson (Region Stockholm) deltar digitalt 08.30–09.30.",
        "Jenny Widell (Region Stockholm) deltar digitalt 08.30–09.30.",
        "Mats Andersson (Region Stockholm) deltar digitalt 08.30–09.30.",
    ]


def test_description_lines_name_the_digital_and_the_partial_participant(sample_session):
    session = sample_session
    meeting = find_meeting(session, FEB16)
    assert description_lines(session, meeting, STOCKHOLM) == []
    with pytest.warns(UserWarning, match="no online link"):
        attend(session, meeting, find_person(session, "Mats Bergström"), tz=STOCKHOLM,
               mode="digital")
    attend(session, meeting, find_person(session, "Kristina Tidestav"), tz=STOCKHOLM,
           window=(t("09:00"), t("10:00")))
    assert description_lines(session, meeting, STOCKHOLM) == [
        "Kristina Tidestav (Nynäshamn) deltar 09.00–10.00.",
        "Mats Bergström (Salem) deltar digitalt.",
    ]


def test_description_lines_for_one_person(sample_session):
    session = sample_session
    meeting = find_meeting(session, FEB16)
    meeting.online = LINK
    attend(session, meeting, find_person(session, "Mats Bergström"), tz=STOCKHOLM, mode="digital")
    session.add(meeting)
    from scheduler.agenda import add_item

    add_item(session, meeting, "Välkommen", tz=STOCKHOLM)
    add_item(session, meeting, "Årsredovisningen", tz=STOCKHOLM, window=(t("09:00"), t("10:00")))
    attend(session, meeting, find_person(session, "Kristina"), tz=STOCKHOLM, item_number=2)
    attend(session, meeting, find_person(session, "Petra"), tz=STOCKHOLM, mode="absent")
    own = {name: description_lines(session, meeting, STOCKHOLM, for_person=find_person(session, name))
           for name in ("Mats Bergström", "Kristina Tidestav", "Petra Oxonius", "Camilla Broo",
                        "Anton Västberg")}
    assert own == {
        "Mats Bergström": [f"Du deltar digitalt: {LINK}"],
        "Kristina Tidestav": ["Du deltar 09.00–10.00 (punkt 2)"],
        "Petra Oxonius": ["Du har anmält förhinder."],
        "Camilla Broo": [],  # the whole meeting, in person: nothing to say
        "Anton Västberg": [],  # not invited to this one
    }


def test_description_for_a_digital_window_and_no_link_yet(sample_session):
    session = sample_session
    meeting = find_meeting(session, FEB16)
    emma = find_person(session, "Emma")
    with pytest.warns(UserWarning, match="Emma Lennartsson joins digitally but meeting 5 has no online link"):
        attend(session, meeting, emma, tz=STOCKHOLM, mode="digital", role="gäst",
               window=(t("09:00"), t("09:45")))
    assert description_lines(session, meeting, STOCKHOLM, for_person=emma) == [
        "Du deltar digitalt 09.00–09.45 (länken skickas senare)."
    ]
    assert [a.role for a in attendees(session, meeting) if a.name == "Emma Lennartsson"] == ["guest"]


# attendance: the 15 December meeting as the minutes record it --------------------------


def test_attendance_of_15_december_json(sample_cli):
    data = sample_cli.json("attendance", DEC15)
    assert data["meeting"]["start"] == "2023-12-15T08:30:00+01:00"
    assert data["counts"] == {"in_person": 7, "digital": 4, "absent": 2}
    assert data["slots"] == [
        {"from": "08:30", "to": "09:30", "in_person": 7, "digital": 4},
        {"from": "09:30", "to": "11:00", "in_person": 6, "digital": 1},
    ]
    by_name = {p["name"]: p for p in data["participants"]}
    assert sorted(n for n, p in by_name.items() if p["mode"] == "digital") == [
        "Emma Lennartsson", "Jenny Widell", "Mats Andersson", "Mats Bergström"]
    assert sorted(n for n, p in by_name.items() if p["mode"] == "absent") == [
        "Magnus Gyllestad", "Petra Oxonius"]
    assert by_name["Anton Västberg"] == {
        "name": "Anton Västberg", "email": "anton.vastberg@regionstockholm.example",
        "organisation": "Region Stockholm", "role": "guest", "mode": "in-person",
        "from": "08:30", "to": "09:30", "item": None, "rsvp": "needs-action", "note": None}
    assert [(p["from"], p["to"]) for n, p in by_name.items() if n.startswith(("Emma", "Jenny", "Mats A"))
            ] == [("08:30", "09:30")] * 3
    assert by_name["Mats Bergström"]["from"] is None
    assert by_name["Camilla Broo"]["role"] == "chair"
    assert by_name["Cynthia Runefjärd"]["role"] == "adjuster"


def seed_block() -> list[str]:
    """The seed minutes' participant block (copied byte for byte), stray whitespace normalised.

    In the seed, the last Deltagare line lacks the leading tab and ends with a tab; every
    other line starts with a tab or a heading and has no trailing whitespace.
    """
    raw = (ROOT / "tests" / "data" / "minutes-2023-12-15-deltagare.txt").read_text(encoding="utf-8")
    assert "\nMats Andersson\tRegion Stockholm (digitalt mellan kl 8.30-9.30)\t\n" in raw
    lines = [line.rstrip() for line in raw.splitlines()]
    return [line if line.startswith(("\t", "Deltagare:", "Frånvarande:")) else "\t" + line
            for line in lines]


def test_minutes_block_reproduces_the_seed(sample_cli):
    printed = sample_cli.ok("attendance", DEC15, "--format", "minutes").stdout
    assert printed.splitlines() == seed_block()
    assert printed.splitlines()[9] == "\tJenny Widell\tRegion Stockholm (digitalt mellan kl 8.30-9.30)"


def test_attendance_text(sample_cli, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")  # reads the Swedish listing
    out = sample_cli.ok("attendance", DEC15).stdout.splitlines()
    assert out[0] == "Ledningsgrupp, fre 15 dec 2023 08.30–11.00, Folkes event, Huddinge centrum"
    assert out[2:4] == ["Deltagare:", "  Johan Westin           Haninge"]
    assert "  Emma Lennartsson       Region Stockholm      gäst         digitalt 08.30–09.30" in out
    assert out[-5:] == [
        "  Magnus Gyllestad  Södertälje",
        "",
        "På plats 7, digitalt 4, frånvarande 2",
        "  08.30–09.30  på plats 7, digitalt 4",
        "  09.30–11.00  på plats 6, digitalt 1",
    ]


def test_attendance_of_a_date_only_meeting_has_no_slots(sample_cli):
    data = sample_cli.json("attendance", "2")
    assert (data["participants"], data["slots"]) == ([], [])
    assert data["counts"] == {"in_person": 0, "digital": 0, "absent": 0}


def test_json_and_minutes_together_is_a_usage_error(sample_cli):
    sample_cli.fails("attendance", DEC15, "--json", "--format", "minutes", code=2)
    sample_cli.fails("attendance", DEC15, "--json", "--format", "text", code=2)
    sample_cli.fails("notices", "--json", "--format", "text", code=2)


# attend ------------------------------------------------------------------------------


def test_attend_updates_and_never_duplicates(sample_cli):
    first = sample_cli.json("attend", FEB16, "Kristina Tidestav", "--from", "9", "--to", "10")
    again = sample_cli.json("attend", FEB16, "kristina.tidestav@nynashamn.example", "--rsvp", "ACCEPTED",
                            "--note", "Går 10.00")
    assert first == {"meeting_id": 5, "name": "Kristina Tidestav",
                     "email": "kristina.tidestav@nynashamn.example", "organisation": "Nynäshamn",
                     "role": "participant", "mode": "in-person", "from": "09:00", "to": "10:00",
                     "item": None, "rsvp": "needs-action", "note": None}
    assert again == {**first, "rsvp": "accepted", "note": "Går 10.00"}
    people = sample_cli.json("attendance", FEB16)["participants"]
    assert [p["name"] for p in people].count("Kristina Tidestav") == 1
    assert len(people) == 9


def test_attend_writes_a_revision_per_change(sample_session):
    from sqlmodel import select

    from scheduler.attendance import remove_participation
    from scheduler.store.models import Revision

    session = sample_session
    meeting = find_meeting(session, FEB16)
    emma = find_person(session, "Emma")
    mark = max(r.id for r in session.exec(select(Revision)).all())
    with pytest.warns(UserWarning, match="no online link"):
        attend(session, meeting, emma, tz=STOCKHOLM, role="gäst", mode="digital")
        attend(session, meeting, emma, tz=STOCKHOLM, window=(t("09:00"), t("10:00")),
               rsvp="accepted")
        attend(session, meeting, emma, tz=STOCKHOLM, rsvp="accepted")  # no change, no revision
    remove_participation(session, meeting, emma)
    rows = session.exec(select(Revision).where(Revision.id > mark).order_by(Revision.id)).all()
    assert [(r.entity, r.field, r.old, r.new) for r in rows] == [
        ("participation", "participation", None, "meeting 5, Emma Lennartsson: guest, digital"),
        ("participation", "window_from", None, "09:00"),
        ("participation", "window_to", None, "10:00"),
        ("participation", "rsvp", "needs-action", "accepted"),
        ("participation", "participation", "meeting 5, Emma Lennartsson: guest, digital 09:00-10:00",
         "removed"),
    ]
    assert len({r.entity_id for r in rows}) == 1


def test_attend_a_guest_in_swedish(sample_cli):
    sample_cli.ok("person", "add", "Gunnar Gäst", "--email", "gunnar@storsthlm.example",
                  "--org", "StorSthlm")
    out = sample_cli.ok("attend", FEB16, "Gunnar", "--role", "gäst").stdout
    assert out == "Gunnar Gäst: StorSthlm, guest\n"
    assert sample_cli.json("attend", FEB16, "Gunnar", "--role", "Justerare")["role"] == "adjuster"


def test_remove(sample_cli):
    result = sample_cli.ok("attend", FEB16, "Petra Oxonius", "--remove")
    assert result.stdout == "Removed Petra Oxonius from meeting 5.\n"
    names = [p["name"] for p in sample_cli.json("attendance", FEB16)["participants"]]
    assert "Petra Oxonius" not in names and len(names) == 8
    before = sample_cli.dump()
    assert "Petra Oxonius does not take part in meeting 5" in sample_cli.fails(
        "attend", FEB16, "Petra Oxonius", "--remove").stderr
    assert sample_cli.dump() == before
    sample_cli.fails("attend", FEB16, "Camilla Broo", "--remove", "--mode", "digital", code=2)


def test_window_edges_at_the_meeting_start_and_end_are_inside(sample_cli):
    assert sample_cli.json("attend", FEB16, "Camilla", "--from", "9.00", "--to", "9.30")["from"] == "09:00"
    assert sample_cli.json("attend", FEB16, "Johan", "--from", "11", "--to", "11:30")["to"] == "11:30"
    whole = sample_cli.json("attend", FEB16, "Steinunn", "--from", "9", "--to", "11.30")
    assert (whole["from"], whole["to"]) == (None, None)  # the whole meeting is no window


def test_item_gives_the_window(sample_cli):
    data = sample_cli.json("attend", DEC15, "Anton", "--item", "2")
    assert (data["from"], data["to"], data["item"]) == ("08:30", "09:30", 2)
    own = sample_cli.json("attend", DEC15, "Johan Westin", "--item", "3", "--from", "9", "--to", "10")
    assert (own["from"], own["to"], own["item"]) == ("09:00", "10:00", 3)
    text = sample_cli.ok("attend", DEC15, "Johan Westin").stdout
    assert text == "Johan Westin: Haninge, 09:00–10:00 (item 3)\n"


def test_digital_without_link_warns(sample_cli):
    result = sample_cli.ok("attend", FEB16, "Mats Bergström", "--mode", "digital")
    assert result.stderr == ("Warning: Mats Bergström joins digitally but meeting 5 has no online "
                             "link: add one with 'scheduler meeting edit 5 --online URL'.\n")
    sample_cli.ok("meeting", "edit", FEB16, "--online", LINK)
    assert sample_cli.ok("attend", FEB16, "Mats Bergström", "--mode", "digital").stderr == ""


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--from", "8.00", "--to", "9.30"], "The window 08.00–09.30 is outside the meeting 09.00–11.30"),
        (["--from", "10.00", "--to", "11.31"], "The window 10.00–11.31 is outside the meeting"),
        (["--from", "10", "--to", "9.30"], "--from 10.00 is not before --to 09.30: swap them"),
        (["--from", "10", "--to", "10"], "--from 10.00 is not before --to 10.00"),
        (["--item", "1"], "Meeting 5 has no agenda item 1: it has no agenda yet"),
        (["--role", "kassör"], "Unknown role 'kassör'"),
        (["--from", "25", "--to", "26"], "Cannot read '25' as a time of day"),
    ],
)
def test_bad_attend_input(sample_cli, args, says):
    before = sample_cli.dump()
    assert says in sample_cli.fails("attend", FEB16, "Camilla Broo", *args).stderr
    assert sample_cli.dump() == before


def test_item_that_does_not_exist_or_has_no_times(sample_cli):
    before = sample_cli.dump()
    assert "Meeting 1 has no agenda item 12: it has items 1–11" in sample_cli.fails(
        "attend", DEC15, "Anton", "--item", "12").stderr
    assert "Agenda item 3 'Val av justerare' has no times: give --from and --to as well" in (
        sample_cli.fails("attend", DEC15, "Anton", "--item", "3").stderr)
    assert sample_cli.dump() == before


def test_ambiguous_name_lists_the_candidates(sample_cli):
    before = sample_cli.dump()
    err = sample_cli.fails("attend", FEB16, "Mats", "--mode", "digital").stderr
    assert err == ("Error: 'Mats' could be Mats Bergström (id 6, mats.bergstrom@salem.example), "
                   "Mats Andersson (id 13, mats.andersson@regionstockholm.example): "
                   "give the id or e-mail.\n")
    assert sample_cli.dump() == before


@pytest.mark.parametrize(("option", "value"), [("--mode", "telepatiskt"), ("--rsvp", "kanske")])
def test_unknown_mode_or_rsvp(sample_cli, option, value):
    before = sample_cli.dump()
    result = sample_cli.fails("attend", FEB16, "Camilla Broo", option, value, code=2)
    assert f"'{value}' is not one of" in result.stderr
    assert sample_cli.dump() == before


def test_unknown_mode_or_rsvp_in_the_core(sample_session):
    from scheduler.errors import InputError

    meeting, camilla = find_meeting(sample_session, FEB16), find_person(sample_session, "Camilla")
    with pytest.raises(InputError, match="Unknown mode 'remote': use one of in-person, digital, absent"):
        attend(sample_session, meeting, camilla, tz=STOCKHOLM, mode="remote")
    with pytest.raises(InputError, match=r"Unknown reply \(--rsvp\) 'maybe'"):
        attend(sample_session, meeting, camilla, tz=STOCKHOLM, rsvp="maybe")


def test_attending_a_cancelled_meeting(sample_cli):
    sample_cli.ok("meeting", "cancel", FEB16)
    before = sample_cli.dump()
    err = sample_cli.fails("attend", FEB16, "Camilla Broo", "--mode", "digital").stderr
    assert err == ("Error: Meeting 5 'Ledningsgrupp' is cancelled: reopen it with "
                   "'meeting edit --reopen' first.\n")
    sample_cli.fails("attend", FEB16, "Camilla Broo", "--remove")
    assert sample_cli.dump() == before


def test_one_sided_window_is_a_usage_error(sample_cli):
    sample_cli.fails("attend", FEB16, "Camilla Broo", "--from", "9", code=2)
