"""Notices of a new time or place: (a) changed since first announced (or created), (b) unlike
the previous meeting of the series; shown by notices, upcoming and meeting show."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from scheduler.clock import Clock, utcnow
from scheduler.errors import SchedulerWarning
from scheduler.meetings import MeetingEdit, add_meeting, edit_meeting
from scheduler.notices import notice_for, upcoming_notices
from scheduler.occurrences import instances_between, single
from scheduler.recurrence import edit_occurrence, occurrence
from scheduler.store.models import Invitation, Meeting
from scheduler.text.records import notice_record

STOCKHOLM = ZoneInfo("Europe/Stockholm")
FEB16 = ("OBS! Ny tid och plats: fre 16 feb 2024 09.00–11.30, StorSthlms lokaler "
         "(förra mötet: 08.30–11.00, Folkes event, Huddinge centrum)")


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=STOCKHOLM)


def announce(session, meeting: Meeting, recurrence_id: dt.datetime | None = None) -> None:
    """What ``invite`` records: the SEQUENCE that was sent."""
    session.add(Invitation(meeting_id=meeting.id, recurrence_id=recurrence_id, method="REQUEST",
                           sequence=meeting.sequence, issued_at=utcnow()))
    session.flush()


def shown(notice) -> dict | None:
    """A notice as ``--json`` shows it (with its message), or None."""
    return notice_record(notice, STOCKHOLM) if notice else None


def without_since(notice: dict | None) -> dict | None:
    return None if notice is None else {k: v for k, v in notice.items() if k != "since"}


def meeting_at(session, clock, start: dt.datetime, **fields) -> Meeting:
    return add_meeting(session, clock, title="Möte", start=start,
                       end=start + dt.timedelta(hours=2, minutes=30), **fields)


# The sample: the minutes' "OBS Ny tid och plats" ---------------------------------------


def test_the_sample_flags_only_16_february_against_15_december(sample_cli, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")  # reads the Swedish listing
    (flagged,) = sample_cli.json("notices", "--days", "70")
    assert (flagged["id"], flagged["title"], flagged["start"], flagged["end"],
            flagged["location"]) == (5, "Ledningsgrupp", "2024-02-16T09:00:00+01:00",
                                     "2024-02-16T11:30:00+01:00", "StorSthlms lokaler")
    assert without_since(flagged["notice"]) == {
        "kind": "time_and_place",
        "message": FEB16,
        "changes": [{"field": "start", "old": "08:30", "new": "09:00"},
                    {"field": "end", "old": "11:00", "new": "11:30"},
                    {"field": "location", "old": "Folkes event, Huddinge centrum",
                     "new": "StorSthlms lokaler"}],
        "basis": "previous",
    }
    assert sample_cli.ok("notices", "--days", "70", "--format", "text").stdout == f"Ledningsgrupp: {FEB16}\n"
    assert sample_cli.ok("notices", "--days", "70").stdout == (
        f"1 besked om ny tid eller plats\nID  Möte           Besked\n5   Ledningsgrupp  {FEB16}\n")


def test_upcoming_and_meeting_show_carry_the_notice(sample_cli, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")  # reads the Swedish listing
    items = sample_cli.json("upcoming", "--days", "70")
    notices = {i["id"]: i["notice"] for i in items if i["type"] == "meeting"}
    assert [i for i, n in notices.items() if n is not None] == [5]
    assert notices[5]["message"] == FEB16
    assert sample_cli.ok("upcoming", "--days", "70").stdout.splitlines()[-1].endswith(FEB16)
    assert sample_cli.json("meeting", "show", "5")["notice"]["message"] == FEB16
    assert sample_cli.json("meeting", "show", "1")["notice"] is None
    lines = sample_cli.ok("meeting", "show", "5").stdout.splitlines()
    assert [line.split(None, 1) for line in lines if line.startswith("Besked")] == [["Besked", FEB16]]


def test_a_notice_stays_until_the_meeting_has_passed(sample_cli):
    during = sample_cli.json("notices", today="2024-02-16 10:00")
    assert [n["notice"]["message"] for n in during] == [FEB16]
    assert sample_cli.json("notices", today="2024-02-16 11:31") == []


def test_since_keeps_notices_that_arose_on_or_after_a_date(sample_cli):
    assert len(sample_cli.json("notices", "--days", "70", "--since", "2000-01-01")) == 1
    assert sample_cli.json("notices", "--since", "2199-01-01") == []


def test_invite_then_a_place_change_is_news_since_the_invitation(sample_cli, tmp_path):
    sample_cli.ok("invite", "5", "-o", str(tmp_path / "lg.ics"))
    assert sample_cli.json("meeting", "show", "5")["notice"]["basis"] == "previous"
    sample_cli.ok("meeting", "edit", "5", "--location", "Huddinge kommunhus")
    notice = sample_cli.json("meeting", "show", "5")["notice"]
    assert without_since(notice) == {
        "kind": "place",
        "message": "OBS! Ny plats: fre 16 feb 2024 09.00–11.30, Huddinge kommunhus "
                   "(tidigare: StorSthlms lokaler)",
        "changes": [{"field": "location", "old": "StorSthlms lokaler",
                     "new": "Huddinge kommunhus"}],
        "basis": "invitation",
    }


# (a) changed since announced -------------------------------------------------------------


def test_before_any_invitation_changes_after_creation_count(session, clock):
    meeting = meeting_at(session, clock, local(2024, 2, 16, 9, 0), location="Folkes event")
    assert notice_for(session, clock, single(meeting)) is None
    edit_meeting(session, clock, meeting, MeetingEdit(location="StorSthlm"))
    notice = shown(notice_for(session, clock, single(meeting)))
    assert (notice["kind"], notice["basis"], notice["message"]) == (
        "place", "created",
        "OBS! Ny plats: fre 16 feb 2024 09.00–11.30, StorSthlm (tidigare: Folkes event)")


def test_changes_before_the_first_invitation_are_not_news(session, clock):
    meeting = meeting_at(session, clock, local(2024, 2, 16, 8, 30), location="Folkes event")
    edit_meeting(session, clock, meeting,
                 MeetingEdit(start=local(2024, 2, 16, 9, 0), location="StorSthlm"))
    announce(session, meeting)
    assert notice_for(session, clock, single(meeting)) is None
    edit_meeting(session, clock, meeting, MeetingEdit(start=local(2024, 2, 22, 9, 0)))
    notice = shown(notice_for(session, clock, single(meeting)))
    assert without_since(notice) == {
        "kind": "time",
        "message": "OBS! Ny tid: tor 22 feb 2024 09.00–11.30, StorSthlm "
                   "(tidigare: fre 16 feb 2024 09.00–11.30)",
        "changes": [{"field": "start", "old": "2024-02-16T09:00:00+01:00",
                     "new": "2024-02-22T09:00:00+01:00"},
                    {"field": "end", "old": "2024-02-16T11:30:00+01:00",
                     "new": "2024-02-22T11:30:00+01:00"}],
        "basis": "invitation",
    }
    announce(session, meeting)  # a second invitation: the first one still decides
    assert notice_for(session, clock, single(meeting)).basis == "invitation"
    edit_meeting(session, clock, meeting, MeetingEdit(start=local(2024, 2, 16, 9, 0)))
    assert notice_for(session, clock, single(meeting)) is None  # back as announced


def test_a_moved_occurrence_of_an_announced_series(session, clock):
    master = meeting_at(session, clock, local(2024, 1, 19, 8, 30), location="Huddinge",
                        rrule="FREQ=MONTHLY;BYDAY=3FR;COUNT=3")
    announce(session, master)
    edit_occurrence(session, clock, master, dt.date(2024, 2, 16),
                    MeetingEdit(start=local(2024, 2, 16, 9, 0)))
    moved = occurrence(session, master, dt.date(2024, 2, 16))
    notice = shown(notice_for(session, clock, moved))
    assert (notice["basis"], notice["message"]) == (
        "invitation", "OBS! Ny tid: fre 16 feb 2024 09.00–11.30, Huddinge (tidigare: 08.30–11.00)")
    announce(session, master)  # invited again at the raised SEQUENCE: news for later ones only
    later = Clock(now=local(2024, 1, 20), tz=STOCKHOLM)
    assert notice_for(session, later, moved).basis == "invitation"


def test_a_series_moved_after_its_invitation_flags_each_occurrence(session, clock):
    master = meeting_at(session, clock, local(2024, 1, 19, 8, 30),
                        rrule="FREQ=MONTHLY;BYDAY=3FR;COUNT=3")
    announce(session, master)
    edit_meeting(session, clock, master, MeetingEdit(start=local(2024, 1, 19, 9, 0)))
    found = instances_between(session, local(2024, 1, 1), local(2024, 12, 31))
    flagged = upcoming_notices(session, clock, found)
    assert [shown(notice)["message"] for _, notice in flagged] == [
        "OBS! Ny tid: fre 19 jan 2024 09.00–11.30 (tidigare: 08.30–11.00)",
        "OBS! Ny tid: fre 16 feb 2024 09.00–11.30 (tidigare: 08.30–11.00)",
        "OBS! Ny tid: fre 15 mar 2024 09.00–11.30 (tidigare: 08.30–11.00)",
    ]


# (b) unlike the previous meeting of the series ------------------------------------------


def test_only_the_occurrence_after_a_moved_one_differs_from_its_previous(cli):
    cli.ok("meeting", "add", "Lg", "--start", "2024-01-19 08:30", "--end", "11.00",
           "--location", "Huddinge kommunhus", "--rrule", "FREQ=MONTHLY;BYDAY=3FR;COUNT=5")
    cli.ok("meeting", "edit", "1", "--occurrence", "2024-02-16", "--start", "2024-02-16 09:00",
           "--end", "11.30", "--location", "StorSthlms lokaler")
    cli.ok("meeting", "cancel", "1", "--occurrence", "2024-03-15")
    flagged = cli.json("notices", "--days", "365")
    assert [(n["occurrence"], n["notice"]["basis"], n["notice"]["message"]) for n in flagged] == [
        ("2024-02-16", "created", "OBS! Ny tid och plats: fre 16 feb 2024 09.00–11.30, "
                                  "StorSthlms lokaler (tidigare: 08.30–11.00, Huddinge kommunhus)"),
        ("2024-04-19", "previous", "OBS! Ny tid och plats: fre 19 apr 2024 08.30–11.00, "
                                   "Huddinge kommunhus (förra mötet: 09.00–11.30, StorSthlms lokaler)"),
    ]
    assert cli.json("meeting", "show", "1", "--occurrence", "2024-05-17")["notice"] is None


def test_previous_meeting_time_only_and_unknown_places(sample_session, clock):
    from scheduler.directory import find_series

    series = find_series(sample_session, "Ledningsgrupp")
    with pytest.warns(SchedulerWarning, match="Nationaldagen"):
        june = add_meeting(sample_session, clock, title="Ledningsgrupp", series=series,
                           start=local(2024, 6, 6, 9, 0), end=local(2024, 6, 6, 11, 30),
                           location="StorSthlms lokaler")
    assert notice_for(sample_session, clock, single(june)) is None  # same as 16 February
    august = add_meeting(sample_session, clock, title="Ledningsgrupp", series=series,
                         start=local(2024, 8, 23, 8, 30), end=local(2024, 8, 23, 11, 0),
                         location="StorSthlms lokaler")
    notice = shown(notice_for(sample_session, clock, single(august)))
    assert (notice["kind"], notice["message"]) == (
        "time", "OBS! Ny tid: fre 23 aug 2024 08.30–11.00, StorSthlms lokaler "
                "(förra mötet: 09.00–11.30)")
    undecided = add_meeting(sample_session, clock, title="Ledningsgrupp", series=series,
                            start=dt.date(2024, 9, 20))
    undecided.location = None
    assert notice_for(sample_session, clock, single(undecided)) is None


def test_a_cancelled_previous_meeting_is_skipped(sample_cli):
    sample_cli.ok("meeting", "cancel", "1")
    assert sample_cli.json("notices") == []
