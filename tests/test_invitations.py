"""Invitations: REQUEST, CANCEL and PUBLISH files, read back by icalendar and by ical.js
(Thunderbird's parser), compared with golden files (DTSTAMP normalised), and every bad input."""

import datetime as dt
import itertools
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.attendance import attend, remove_participation
from scheduler.clock import Clock
from scheduler.directory import add_person, find_person
from scheduler.errors import InputError, StateError
from scheduler.ical.components import meeting_components, new_calendar, to_bytes
from scheduler.ical.invitations import build_invitation, record_issued, removed_people, slug
from scheduler.ical.vtimezone import STOCKHOLM_VTIMEZONE
from scheduler.meetings import MeetingEdit, add_meeting, find_meeting
from scheduler.recurrence import cancel_occurrence, edit_occurrence
from tests.conftest import ROOT, STOCKHOLM
from tests.icaljs import parse_ics

DATA = ROOT / "tests" / "data"
DEC15, EXTERNAL, FEB16 = "1", "2", "5"  # the sample's meeting ids
DIRECTORS = ["Petra Oxonius", "Johan Westin", "Camilla Broo", "Steinunn Asgeirdottir",
             "Kristina Tidestav", "Mats Bergström", "Magnus Gyllestad", "Cynthia Runefjärd"]
HELENE = "mailto:helene.olofsson@sodertornskommunerna.example"
LINK = "https://meet.example/ledningsgrupp"
DOC = "https://sodertorn.example/verksamhetsplan-2024.pdf"
FEB16_WHEN = "Ledningsgrupp fre 16 feb 2024 09.00–11.30"


def normalised(ics: bytes) -> bytes:
    """DTSTAMP is the real clock: the only part that differs from run to run."""
    return re.sub(rb"DTSTAMP:\d{8}T\d{6}Z", b"DTSTAMP:20240101T000000Z", ics)


def assert_golden(ics: bytes, name: str) -> None:
    """``ics`` equals tests/data/NAME byte for byte; UPDATE_GOLDEN=1 rewrites the file."""
    path = DATA / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(normalised(ics))
    assert normalised(ics) == path.read_bytes()


def assert_wire_form(ics: bytes) -> None:
    """CRLF line ends only, no line over 75 octets, the exact VTIMEZONE, no X-WR-TIMEZONE."""
    assert ics.endswith(b"\r\n")
    assert b"\n" not in ics.replace(b"\r\n", b"") and b"\r" not in ics.replace(b"\r\n", b"")
    assert max(len(line) for line in ics.split(b"\r\n")) <= 75
    assert b"X-WR-TIMEZONE" not in ics
    if b"TZID=" in ics:
        assert ics.count(b"BEGIN:VTIMEZONE") == 1
        assert STOCKHOLM_VTIMEZONE.encode() + b"\r\n" in ics


def event_of(ics: bytes) -> icalendar.Event:
    [event] = icalendar.Calendar.from_ical(ics).events
    return event


def attendees_by_name(event: icalendar.Event) -> dict[str, icalendar.vCalAddress]:
    found = event.get("ATTENDEE", [])
    return {str(a.params["CN"]): a for a in (found if isinstance(found, list) else [found])}


# The sample's 16 February meeting ------------------------------------------------------


def test_16_february_invitation(sample_session, clock):
    message = build_invitation(sample_session, clock, find_meeting(sample_session, FEB16))
    assert "DTSTART;TZID=Europe/Stockholm:20240216T090000\r\n" in message.ics.decode()
    event = event_of(message.ics)
    people = attendees_by_name(event)
    assert [name for name, a in people.items() if a.params["ROLE"] == "CHAIR"] == ["Camilla Broo"]
    assert list(people) == DIRECTORS + ["Helene Olofsson"]
    assert {str(a.params["PARTSTAT"]) for n, a in people.items() if n in DIRECTORS} == {"NEEDS-ACTION"}
    assert all(a.params["RSVP"] == "TRUE" and a.params["CUTYPE"] == "INDIVIDUAL"
               for n, a in people.items() if n in DIRECTORS)
    helene = people["Helene Olofsson"]
    assert (str(helene), helene.params["PARTSTAT"], "RSVP" in helene.params) == (HELENE, "ACCEPTED", False)
    assert (str(event["ORGANIZER"]), event["ORGANIZER"].params["CN"]) == (HELENE, "Helene Olofsson")
    assert (message.method, message.sequence, message.filename, message.subject) == (
        "REQUEST", 0, "2024-02-16-ledningsgrupp.ics", FEB16_WHEN)
    assert [p.name for p in message.recipients] == DIRECTORS

    parsed = parse_ics(message.ics)
    assert parsed["calendar"]["method"] == "REQUEST"
    assert parsed["calendar"]["unresolvedTzids"] == []
    [seen] = parsed["events"]
    assert seen["dtstart"] == {"iso": "2024-02-16T09:00:00+01:00", "utc": "2024-02-16T08:00:00Z",
                               "tzid": "Europe/Stockholm", "isDate": False}
    assert seen["dtend"]["utc"] == "2024-02-16T10:30:00Z"
    assert (seen["sequence"], seen["status"], seen["location"]) == (0, "CONFIRMED", "StorSthlms lokaler")
    assert [a["cn"] for a in seen["attendees"] if a["role"] == "CHAIR"] == ["Camilla Broo"]
    assert seen["organizer"] == {"value": HELENE, "cn": "Helene Olofsson"}
    assert_wire_form(message.ics)
    assert_golden(message.ics, "invite-2024-02-16-ledningsgrupp.ics")


def test_description_is_swedish_text_for_people(sample_session, clock):
    text = build_invitation(sample_session, clock, find_meeting(sample_session, FEB16)).text
    assert text.split("\n\n")[:3] == [
        "OBS! Ny tid och plats: fre 16 feb 2024 09.00–11.30, StorSthlms lokaler "
        "(förra mötet: 08.30–11.00, Folkes event, Huddinge centrum)",
        "Tid: fre 16 feb 2024 09.00–11.30\nPlats: StorSthlms lokaler",
        "Deltagare:\n- Petra Oxonius, Botkyrka\n- Johan Westin, Haninge\n"
        "- Camilla Broo, Huddinge (ordförande)\n- Steinunn Asgeirdottir, Nykvarn\n"
        "- Kristina Tidestav, Nynäshamn\n- Mats Bergström, Salem\n"
        "- Magnus Gyllestad, Södertälje\n- Cynthia Runefjärd, Tyresö\n"
        "- Helene Olofsson, Södertörnskommunerna (sekreterare)",
    ]


def test_15_december_with_link_document_agenda_and_partial_attendees(sample_cli, tmp_path):
    sample_cli.ok("meeting", "edit", DEC15, "--online", LINK)
    added = sample_cli.json("meeting", "doc", "add", DEC15, DOC, "--title", "Verksamhetsplan 2024")
    assert added == {"id": 1, "meeting_id": 1, "url": DOC, "title": "Verksamhetsplan 2024"}
    sample_cli.ok("attend", DEC15, "Johan Westin", "--rsvp", "accepted")
    sample_cli.ok("attend", DEC15, "Kristina Tidestav", "--rsvp", "tentative")
    out = tmp_path / "dec15.ics"
    sample_cli.ok("invite", DEC15, "-o", str(out))
    ics = out.read_bytes()
    assert_wire_form(ics)
    assert_golden(ics, "invite-2023-12-15-ledningsgrupp.ics")
    [seen] = parse_ics(ics)["events"]
    assert seen["conference"] == [{"value": LINK, "label": "Anslut digitalt", "feature": "VIDEO"}]
    assert seen["attach"] == [DOC]
    partstat = {a["cn"]: a["partstat"] for a in seen["attendees"]}
    assert (partstat["Petra Oxonius"], partstat["Magnus Gyllestad"], partstat["Johan Westin"],
            partstat["Kristina Tidestav"], partstat["Camilla Broo"]) == (
        "DECLINED", "DECLINED", "ACCEPTED", "TENTATIVE", "NEEDS-ACTION")
    roles = {a["cn"]: a["role"] for a in seen["attendees"]}
    assert (roles["Cynthia Runefjärd"], roles["Emma Lennartsson"]) == ("REQ-PARTICIPANT", "REQ-PARTICIPANT")
    blocks = seen["description"].split("\n\n")
    assert blocks[0] == ("Tid: fre 15 dec 2023 08.30–11.00\nPlats: Folkes event, Huddinge centrum\n"
                         f"Digitalt: {LINK}")
    assert blocks[1].splitlines()[:3] == ["Dagordning:", "1. Välkommen",
                                          "2. Besök av Regionen 08.30–09.30 (Emma Lennartsson)"]
    assert blocks[2] == f"Handlingar:\n- Verksamhetsplan 2024: {DOC}"
    assert blocks[4] == "Frånvarande: Petra Oxonius, Magnus Gyllestad"
    assert blocks[5].splitlines()[:2] == ["Mats Bergström (Salem) deltar digitalt.",
                                          "Anton Västberg (Region Stockholm) deltar 08.30–09.30."]


def test_personal_copy_for_one_person(sample_cli):
    sample_cli.ok("meeting", "edit", DEC15, "--online", LINK)
    whole = sample_cli.ok("invite", DEC15, "-o", "-").stdout_bytes
    own = sample_cli.ok("invite", DEC15, "--for", "Mats Bergström", "-o", "-").stdout_bytes
    mine, everyone = event_of(own), event_of(whole)
    assert (mine["UID"], mine["SEQUENCE"]) == (everyone["UID"], everyone["SEQUENCE"])
    assert f"Du deltar digitalt: {LINK}" in str(mine["DESCRIPTION"])
    assert "Du deltar" not in str(everyone["DESCRIPTION"])
    assert attendees_by_name(mine).keys() == attendees_by_name(everyone).keys()
    assert sample_cli.json("meeting", "show", DEC15)["received"] == []  # stdout: nothing left


def test_default_file_name_and_summary(sample_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = sample_cli.ok("invite", FEB16)
    assert result.stdout == ("Wrote 2024-02-16-ledningsgrupp.ics: REQUEST, SEQUENCE 0, to 8 people.\n"
                             "8 of 8 have not been sent the latest version. Mail the file, then "
                             "record it with 'scheduler invite 5 --mark-sent'.\n")
    assert (tmp_path / "2024-02-16-ledningsgrupp.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    sample_cli.ok("invite", FEB16, "--for", "camilla.broo@huddinge.example")
    assert (tmp_path / "2024-02-16-ledningsgrupp-camilla-broo.ics").exists()


def test_stdout(sample_cli):
    result = sample_cli.ok("invite", FEB16, "-o", "-")
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert result.stdout_bytes.endswith(b"END:VCALENDAR\r\n")
    sample_cli.fails("invite", FEB16, "-o", "-", "--json", code=2)


def test_slug():
    assert slug("Ledningsgrupp") == "ledningsgrupp"
    assert slug("Möte på Körunda, Nynäshamn") == "mote-pa-korunda-nynashamn"
    assert slug("Samarbetskommitténs planeringskonferens") == "samarbetskommittens-planeringskonferens"
    assert slug("!!!") == "mote"


# Updates and cancellations --------------------------------------------------------------


def test_invite_move_invite_cancel_gives_sequence_0_1_2(sample_cli, tmp_path):
    files = [tmp_path / f"{n}.ics" for n in range(4)]
    first = sample_cli.json("invite", FEB16, "-o", str(files[0]))
    sample_cli.ok("meeting", "edit", FEB16, "--location", "Huddinge kommunhus", "--reason", "Ny plats")
    second = sample_cli.json("invite", FEB16, "-o", str(files[1]))
    third = sample_cli.json("invite", FEB16, "--cancel", "-o", str(files[2]))
    again = sample_cli.json("invite", FEB16, "-o", str(files[3]))
    parsed = [parse_ics(f.read_bytes()) for f in files]
    events = [p["events"][0] for p in parsed]
    methods = [p["calendar"]["method"] for p in parsed]
    assert [(m, e["sequence"], e["status"]) for m, e in zip(methods, events)] == [
        ("REQUEST", 0, "CONFIRMED"), ("REQUEST", 1, "CONFIRMED"), ("CANCEL", 2, "CANCELLED"),
        ("CANCEL", 2, "CANCELLED")]
    assert len({e["uid"] for e in events}) == 1
    assert events[1]["location"] == "Huddinge kommunhus"
    assert [r["subject"] for r in (first, second, third)] == [
        FEB16_WHEN, f"Uppdaterad: {FEB16_WHEN}", f"Inställt: {FEB16_WHEN}"]
    assert b"VALARM" not in files[2].read_bytes()
    assert events[2]["alarms"] == []
    assert again["sequence"] == 2
    assert_golden(files[2].read_bytes(), "cancel-2024-02-16-ledningsgrupp.ics")

    before = sample_cli.dump()
    failed = sample_cli.fails("invite", FEB16, "--cancel", "-o", str(tmp_path / "x.ics"))
    assert "already cancelled" in failed.stderr
    assert sample_cli.dump() == before and not (tmp_path / "x.ics").exists()


def test_title_change_is_sent_at_the_same_sequence(sample_cli, tmp_path):
    sample_cli.ok("invite", FEB16, "-o", str(tmp_path / "a.ics"))
    sample_cli.ok("meeting", "edit", FEB16, "--title", "Ledningsgruppens möte")
    data = sample_cli.json("invite", FEB16, "-o", str(tmp_path / "b.ics"))
    assert (data["sequence"], data["subject"]) == (
        0, "Uppdaterad: Ledningsgruppens möte fre 16 feb 2024 09.00–11.30")


def test_meeting_show_tells_what_each_attendee_last_received(sample_cli, tmp_path):
    sample_cli.ok("invite", FEB16, "-o", str(tmp_path / "a.ics"))
    sample_cli.ok("meeting", "edit", FEB16, "--start", "2024-02-16 10:00")
    sample_cli.ok("invite", FEB16, "--for", "Camilla Broo", "-o", str(tmp_path / "b.ics"))
    received = {r["name"]: r for r in sample_cli.json("meeting", "show", FEB16)["received"]}
    assert sorted(received) == sorted(DIRECTORS)
    camilla, petra = received["Camilla Broo"], received["Petra Oxonius"]
    assert (camilla["method"], camilla["sequence"], camilla["channel"]) == ("REQUEST", 1, "file")
    assert (petra["method"], petra["sequence"], petra["email"]) == (
        "REQUEST", 0, "petra.oxonius@botkyrka.example")
    lines = sample_cli.ok("meeting", "show", FEB16).stdout.splitlines()
    shown = [line for line in lines if "Camilla Broo: invitation" in line]
    assert len(shown) == 1 and shown[0].endswith(", file")
    assert "SEQUENCE 1" in shown[0]
    assert lines[[i for i, line in enumerate(lines) if "invitation" in line][0]].startswith("Last sent")


def test_removed_attendee_gets_a_cancel_of_their_own(sample_cli, tmp_path):
    sample_cli.ok("invite", FEB16, "-o", str(tmp_path / "a.ics"))
    sample_cli.ok("attend", FEB16, "Johan Westin", "--remove")
    result = sample_cli.ok("invite", FEB16, "-o", str(tmp_path / "b.ics"))
    own = tmp_path / "2024-02-16-ledningsgrupp-johan-westin.ics"
    assert result.stdout.splitlines()[1] == f"Wrote {own}: CANCEL, SEQUENCE 0, to Johan Westin."
    assert "Johan Westin" not in attendees_by_name(event_of((tmp_path / "b.ics").read_bytes()))
    [seen] = parse_ics(own.read_bytes())["events"]
    assert [(a["cn"], a["role"]) for a in seen["attendees"]] == [("Johan Westin", "NON-PARTICIPANT")]
    assert (seen["status"], seen["sequence"]) == ("CANCELLED", 0)
    assert "Du är inte längre kallad till det här mötet." in seen["description"]
    again = sample_cli.json("invite", FEB16, "-o", str(tmp_path / "d.ics"))
    assert again["cancels"] == []


def test_removed_attendee_cancel_by_hand(sample_cli, tmp_path):
    sample_cli.ok("invite", FEB16, "-o", str(tmp_path / "a.ics"))
    sample_cli.ok("attend", FEB16, "Johan Westin", "--remove")
    data = sample_cli.json("invite", FEB16, "--for", "Johan Westin", "-o", str(tmp_path / "c.ics"))
    assert (data["method"], data["recipients"]) == (
        "CANCEL", [{"name": "Johan Westin", "email": "johan.westin@haninge.example"}])
    assert sample_cli.json("invite", FEB16, "-o", str(tmp_path / "d.ics"))["cancels"] == []


def test_removed_attendee_on_stdout_is_told_how(sample_cli, tmp_path):
    sample_cli.ok("invite", FEB16, "-o", str(tmp_path / "a.ics"))
    sample_cli.ok("attend", FEB16, "Johan Westin", "--remove")
    result = sample_cli.ok("invite", FEB16, "-o", "-")
    assert ("Warning: Johan Westin was sent meeting 5 earlier and no longer takes part: write "
            "their cancellation with 'scheduler invite 5 --for \"Johan Westin\"'.") in result.stderr
    assert result.stdout.count("BEGIN:VEVENT") == 1


def test_removed_people_core(sample_session, clock):
    session = sample_session
    meeting = find_meeting(session, FEB16)
    record_issued(session, build_invitation(session, clock, meeting), "file", "written")
    petra = find_person(session, "Petra Oxonius")
    remove_participation(session, meeting, petra)
    assert removed_people(session, meeting) == [petra]
    cancel = build_invitation(session, clock, meeting, for_person=petra)
    record_issued(session, cancel, "eml", "written")
    assert removed_people(session, meeting) == []


def test_roles(sample_session, clock):
    session = sample_session
    meeting = find_meeting(session, FEB16)
    for name, role in (("Anton Västberg", "optional"), ("Emma Lennartsson", "gäst"),
                       ("Cynthia Runefjärd", "justerare")):
        attend(session, meeting, find_person(session, name), tz=STOCKHOLM, role=role)
    people = attendees_by_name(event_of(build_invitation(session, clock, meeting).ics))
    assert {name: str(a.params["ROLE"]) for name, a in people.items()
            if name in ("Anton Västberg", "Emma Lennartsson", "Cynthia Runefjärd", "Camilla Broo",
                        "Helene Olofsson")} == {
        "Anton Västberg": "OPT-PARTICIPANT", "Emma Lennartsson": "REQ-PARTICIPANT",
        "Cynthia Runefjärd": "REQ-PARTICIPANT", "Camilla Broo": "CHAIR",
        "Helene Olofsson": "REQ-PARTICIPANT"}


def test_components_without_attendees_for_the_feed(sample_session, clock, recwarn):
    session = sample_session
    add_person(session, "Anna Adresslös")
    meeting = find_meeting(session, FEB16)
    attend(session, meeting, find_person(session, "Anna Adresslös"), tz=STOCKHOLM)
    [event] = meeting_components(session, clock, meeting, attendees=False)
    assert "ATTENDEE" not in event and str(event["ORGANIZER"]) == HELENE
    assert not [w for w in recwarn if "e-mail" in str(w.message)]


def test_other_zones_get_a_generated_vtimezone(session):
    london = Clock(now=dt.datetime(2024, 1, 1, tzinfo=ZoneInfo("Europe/London")),
                   tz=ZoneInfo("Europe/London"))
    meeting = add_meeting(session, london, title="London",
                          start=dt.datetime(2024, 3, 1, 10, tzinfo=london.tz))
    calendar = new_calendar("PUBLISH")
    for event in meeting_components(session, london, meeting, attendees=False):
        calendar.add_component(event)
    ics = to_bytes(calendar)
    assert b"DTSTART;TZID=Europe/London:20240301T100000\r\n" in ics
    assert b"TZID:Europe/London\r\n" in ics and b"Europe/Stockholm" not in ics
    assert parse_ics(ics)["calendar"]["unresolvedTzids"] == []
    # ical.js, like Outlook, misreads the generated RDATE-list form; icalendar reads it right.
    [event] = icalendar.Calendar.from_ical(ics).events
    assert event.start.astimezone(dt.UTC) == dt.datetime(2024, 3, 1, 10, tzinfo=dt.UTC)


# External and all-day -------------------------------------------------------------------


def test_external_all_day_meeting_gets_an_add_to_calendar_file(sample_cli, tmp_path):
    out = tmp_path / "extern.ics"
    result = sample_cli.ok("invite", EXTERNAL, "-o", str(out))
    assert result.stdout == (
        f"Wrote {out}: an 'add to calendar' file (METHOD:PUBLISH), since meeting 2 is external "
        "(organised by someone else), so not ours to invite to.\n")
    ics = out.read_bytes()
    assert b"DTSTART;VALUE=DATE:20240110\r\n" in ics and b"DTEND;VALUE=DATE:20240111\r\n" in ics
    assert b"ATTENDEE" not in ics and b"VTIMEZONE" not in ics
    assert_wire_form(ics)
    assert_golden(ics, "publish-2024-01-10-politiskt-mote.ics")
    parsed = parse_ics(ics)
    assert parsed["calendar"]["method"] == "PUBLISH"
    assert parsed["events"][0]["dtstart"] == {"iso": "2024-01-10", "utc": None, "tzid": None,
                                              "isDate": True}
    assert parsed["events"][0]["description"].startswith(
        "Externt möte: en kalenderfil att lägga till, ingen inbjudan.\n\n"
        "Tid: ons 10 jan 2024 (tid ej fastställd)")
    stderr = sample_cli.ok("invite", EXTERNAL, "-o", "-").stderr
    assert "'add to calendar' file (METHOD:PUBLISH)" in stderr
    assert sample_cli.json("meeting", "show", EXTERNAL)["received"][0]["method"] == "PUBLISH"


# Recurring meetings ---------------------------------------------------------------------


@pytest.fixture
def series(sample_session, clock):
    """Mondays 08.30–09.30 from 18 March 2024, six times; 1 April (Annandag påsk) cancelled,
    8 April moved to Tuesday 9 April 10.00 in Huddinge."""
    session = sample_session
    with pytest.warns(UserWarning, match="Annandag påsk"):
        master = add_meeting(session, clock, title="Avstämning", key="avstamning",
                             start=dt.datetime(2024, 3, 18, 8, 30, tzinfo=STOCKHOLM),
                             duration=dt.timedelta(hours=1), location="Haninge",
                             organizer=find_person(session, "Helene Olofsson"),
                             rrule="FREQ=WEEKLY;COUNT=6")
    for name, role in (("Camilla Broo", "chair"), ("Johan Westin", None)):
        attend(session, master, find_person(session, name), tz=STOCKHOLM, role=role)
    cancel_occurrence(session, master, dt.date(2024, 4, 1))
    edit_occurrence(session, clock, master, dt.date(2024, 4, 8),
                    MeetingEdit(location="Huddinge",
                                start=dt.datetime(2024, 4, 9, 10, 0, tzinfo=STOCKHOLM)))
    return master


def test_recurring_master_with_exdate_and_moved_occurrence(sample_session, clock, series):
    message = build_invitation(sample_session, clock, series)
    text = message.ics.decode()
    assert "RRULE:FREQ=WEEKLY;COUNT=6\r\n" in text
    assert "EXDATE;TZID=Europe/Stockholm:20240401T083000\r\n" in text
    assert "RECURRENCE-ID;TZID=Europe/Stockholm:20240408T083000\r\n" in text
    assert_wire_form(message.ics)
    assert_golden(message.ics, "invite-series.ics")
    parsed = parse_ics(message.ics)
    master, moved = parsed["events"]
    assert (master["sequence"], moved["sequence"]) == (2, 2)
    assert [(o["start_utc"], o["location"]) for o in parsed["occurrences"]] == [
        ("2024-03-18T07:30:00Z", "Haninge"),
        ("2024-03-25T07:30:00Z", "Haninge"),
        ("2024-04-09T08:00:00Z", "Huddinge"),
        ("2024-04-15T06:30:00Z", "Haninge"),
        ("2024-04-22T06:30:00Z", "Haninge"),
    ]


def test_one_occurrence_on_its_own(sample_session, clock, series):
    moved = build_invitation(sample_session, clock, series, occurrence=dt.date(2024, 4, 8))
    [seen] = parse_ics(moved.ics)["events"]
    assert (moved.method, seen["recurrenceId"]["iso"], seen["dtstart"]["iso"], seen["rrule"]) == (
        "REQUEST", "2024-04-08T08:30:00+02:00", "2024-04-09T10:00:00+02:00", None)
    assert moved.filename == "2024-04-09-avstamning.ics"
    cancelled = build_invitation(sample_session, clock, series, occurrence=dt.date(2024, 4, 1))
    [seen] = parse_ics(cancelled.ics)["events"]
    assert (cancelled.method, cancelled.subject, seen["status"], seen["recurrenceId"]["iso"]) == (
        "CANCEL", "Inställt: Avstämning mån 1 apr 2024 08.30–09.30", "CANCELLED",
        "2024-04-01T08:30:00+02:00")
    plain = build_invitation(sample_session, clock, series, occurrence=dt.date(2024, 3, 25))
    [seen] = parse_ics(plain.ics)["events"]
    assert (seen["recurrenceId"]["iso"], seen["dtstart"]["iso"]) == (
        "2024-03-25T08:30:00+01:00", "2024-03-25T08:30:00+01:00")


def test_cancel_one_occurrence(sample_cli, tmp_path):
    sample_cli.ok("meeting", "add", "Avstämning", "--start", "2024-03-18 08:30", "--duration", "1h",
                  "--organizer", "Helene Olofsson", "--rrule", "FREQ=WEEKLY;COUNT=3")
    sample_cli.ok("attend", "6", "Camilla Broo")
    data = sample_cli.json("invite", "6", "--cancel", "--occurrence", "2024-03-25", "-o", str(tmp_path / "x.ics"))
    assert (data["method"], data["occurrence"], data["sequence"]) == ("CANCEL", "2024-03-25", 1)
    ics = sample_cli.ok("invite", "6", "-o", "-").stdout_bytes
    assert b"EXDATE;TZID=Europe/Stockholm:20240325T083000\r\n" in ics
    assert b"SEQUENCE:1\r\n" in ics
    assert "is not an occurrence" in sample_cli.fails("invite", "6", "--occurrence", "2024-03-26").stderr
    assert "does not recur" in sample_cli.fails("invite", FEB16, "--occurrence", "2024-02-16").stderr


def test_all_day_series_uses_dates_for_exdate_and_recurrence_id(sample_session, clock):
    session = sample_session
    master = add_meeting(session, clock, title="Planeringsdag", start=dt.date(2024, 3, 4),
                         organizer=find_person(session, "Helene Olofsson"),
                         rrule="FREQ=MONTHLY;COUNT=3")
    attend(session, master, find_person(session, "Camilla Broo"), tz=STOCKHOLM)
    cancel_occurrence(session, master, dt.date(2024, 4, 4))
    text = build_invitation(session, clock, master).ics.decode()
    assert "DTSTART;VALUE=DATE:20240304\r\nDTEND;VALUE=DATE:20240305\r\n" in text
    assert "EXDATE;VALUE=DATE:20240404\r\n" in text
    one = build_invitation(session, clock, master, occurrence=dt.date(2024, 4, 4)).ics.decode()
    assert "RECURRENCE-ID;VALUE=DATE:20240404\r\n" in one and "METHOD:CANCEL\r\n" in one


# Bad input -----------------------------------------------------------------------------


def test_attendee_without_email_is_named_and_left_out(sample_cli, tmp_path):
    sample_cli.ok("person", "add", "Anna Adresslös", "--org", "Huddinge")
    sample_cli.ok("attend", FEB16, "Anna Adresslös")
    result = sample_cli.ok("invite", FEB16, "-o", str(tmp_path / "a.ics"))
    assert result.stderr == ("Warning: Anna Adresslös has no e-mail address and is left out of the "
                             "ATTENDEE list (still named in the description).\n")
    event = event_of((tmp_path / "a.ics").read_bytes())
    assert "Anna Adresslös" not in attendees_by_name(event)
    assert str(event["DESCRIPTION"]).endswith("\n- Anna Adresslös, Huddinge")
    assert "Anna" not in str(sample_cli.json("meeting", "show", FEB16)["received"])


def test_meeting_without_organizer_or_series(sample_cli, tmp_path):
    sample_cli.ok("meeting", "add", "Extra möte", "--start", "2024-03-01 10:00")
    sample_cli.ok("attend", "6", "Camilla Broo")
    before = sample_cli.dump()
    failed = sample_cli.fails("invite", "6", "-o", str(tmp_path / "a.ics"))
    assert failed.stderr == ("Error: Meeting 6 'Extra möte' has no organizer and no series "
                             "secretary: set one with 'scheduler meeting edit 6 --organizer "
                             "PERSON'.\n")
    assert sample_cli.dump() == before and not (tmp_path / "a.ics").exists()
    assert sample_cli.json("meeting", "edit", "6", "--organizer", "Helene")["organizer"] == "Helene Olofsson"
    ics = sample_cli.ok("invite", "6", "-o", "-").stdout_bytes
    assert str(event_of(ics)["ORGANIZER"]) == HELENE
    history = sample_cli.json("meeting", "history", "6")
    assert [(r["field"], r["new"]) for r in history if r["field"] == "organizer_id"] == [
        ("organizer_id", str(find_id(sample_cli, "Helene Olofsson")))]


def find_id(cli, name: str) -> int:
    return next(p["id"] for p in cli.json("person", "list") if p["name"] == name)


def test_meeting_without_attendees(sample_cli):
    sample_cli.ok("meeting", "add", "Tomt möte", "--start", "2024-03-01 10:00",
                  "--organizer", "Helene Olofsson")
    before = sample_cli.dump()
    assert sample_cli.fails("invite", "6").stderr == (
        "Error: Meeting 6 'Tomt möte' has no attendees: add them with 'scheduler attend 6 PERSON'.\n")
    assert sample_cli.dump() == before


@pytest.mark.parametrize("where, says", [
    ("folder", "is a folder: give a file name with -o"),
    ("missing/a.ics", "missing does not exist; choose another place with -o."),
    ("file.txt/a.ics", "file.txt is not a folder; choose another place with -o."),
])
def test_output_that_cannot_be_written(sample_cli, tmp_path, where, says, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "en")
    (tmp_path / "folder").mkdir()
    (tmp_path / "file.txt").write_text("x")
    before = sample_cli.dump()
    failed = sample_cli.fails("invite", FEB16, "-o", str(tmp_path / where))
    assert says in failed.stderr
    assert sample_cli.dump() == before
    written = [p.name for p in tmp_path.iterdir() if not p.name.startswith("cli.db")]
    assert sorted(written) == ["file.txt", "folder"] and not any((tmp_path / "folder").iterdir())


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux sysfs")
def test_output_to_an_unwritable_place(sample_cli, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "en")
    before = sample_cli.dump()
    failed = sample_cli.fails("invite", FEB16, "-o", "/sys/invite.ics")
    assert failed.stderr.startswith("Error: Cannot write /sys/invite.ics: ")
    assert failed.stderr.endswith("; choose another place with -o.\n")
    assert sample_cli.dump() == before


def test_other_bad_requests(sample_cli, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "en")
    assert "Anton Västberg does not take part in meeting 5" in sample_cli.fails(
        "invite", FEB16, "--for", "Anton Västberg").stderr
    assert "is not a link" in sample_cli.fails("meeting", "doc", "add", FEB16, "ftp:x").stderr
    sample_cli.ok("meeting", "doc", "add", FEB16, DOC)
    assert f"already has the document {DOC}" in sample_cli.fails(
        "meeting", "doc", "add", FEB16, DOC).stderr
    assert "No meeting '99'" in sample_cli.fails("invite", "99").stderr


HOSTILE = 'Möte, med; kolon: och \\ "citat"\nEND:VEVENT\nBEGIN:VEVENT åäö ÅÄÖ '


def test_hostile_text_stays_one_event(sample_cli):
    """iCalendar's special characters on one line; line breaks in a title or name are refused."""
    sample_cli.fails("person", "add", HOSTILE.strip(), "--email", "hostile@example.org")
    hostile = HOSTILE.replace("\n", " ")
    title = (hostile * 6)[:255]
    sample_cli.ok("person", "add", hostile.strip(), "--email", "hostile@example.org")
    sample_cli.ok("meeting", "add", title, "--start", "2024-03-01 10:00", "--location", title,
                  "--organizer", "hostile@example.org")
    sample_cli.ok("attend", "6", "Camilla Broo")
    ics = sample_cli.ok("invite", "6", "-o", "-").stdout_bytes
    assert_wire_form(ics)
    event = event_of(ics)
    assert (str(event["SUMMARY"]), str(event["LOCATION"])) == (title.strip(), title.strip())
    assert event["ORGANIZER"].params["CN"] == hostile.strip()
    parsed = parse_ics(ics)
    [seen] = parsed["events"]
    assert (seen["summary"], seen["location"], seen["organizer"]["cn"]) == (
        title.strip(), title.strip(), hostile.strip())


# Any text round-trips ------------------------------------------------------------------

PIECES = [",", ";", ":", "\\", '"', "\n", "\r\n", "END:VEVENT", "å", "ä", "ö", "Ö", "^", " ",
          "a", "€", "😀", "\t"]
TEXT = st.lists(st.sampled_from(PIECES) | st.characters(blacklist_categories=("Cs", "Cc")),
                min_size=1, max_size=300).map(lambda parts: "".join(parts)[:300])


def as_read(text: str) -> str:
    """What a parser gives back: line breaks in TEXT are written as \\n."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


EMAILS = itertools.count()


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(title=TEXT.filter(str.strip), place=TEXT, name=TEXT.filter(str.strip))
def test_any_text_round_trips(session, clock: Clock, title: str, place: str, name: str):
    person = add_person(session, name, email=f"p{next(EMAILS)}@example.org",
                        allow_same_name=True)
    meeting = add_meeting(session, clock, title=title, location=place, organizer=person,
                          start=dt.datetime(2024, 3, 1, 10, tzinfo=STOCKHOLM), warn_past=False)
    attend(session, meeting, person, tz=STOCKHOLM)
    ics = build_invitation(session, clock, meeting, for_person=person).ics
    assert_wire_form(ics)
    event = event_of(ics)
    assert (str(event["SUMMARY"]), str(event["LOCATION"]), event["ORGANIZER"].params["CN"]) == (
        as_read(title.strip()), as_read(place), as_read(name.strip()))
    [seen] = parse_ics(ics)["events"]
    assert (seen["summary"], seen["location"], seen["organizer"]["cn"]) == (
        as_read(title.strip()), as_read(place), as_read(name.strip()))


def test_invitation_errors_are_scheduler_errors(sample_session, clock):
    session = sample_session
    with pytest.raises(InputError):
        build_invitation(session, clock, find_meeting(session, FEB16), occurrence=dt.date(2024, 2, 16))
    with pytest.raises(StateError):
        build_invitation(session, clock, add_meeting(
            session, clock, title="Tomt", start=dt.datetime(2024, 3, 1, 10, tzinfo=STOCKHOLM),
            organizer=find_person(session, "Helene Olofsson")))
