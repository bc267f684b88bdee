"""The ical.js harness itself: calendars built with the icalendar package, read by ical.js."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest

from scheduler.ical.vtimezone import STOCKHOLM_VTIMEZONE, stockholm_timezone
from tests.icaljs import IcalJsError, parse_ics

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=STOCKHOLM)


def weekly_across_dst() -> bytes:
    """Mondays 08.30–09.30 from 18 March 2024, six times; 1 April (Annandag påsk) is
    excluded and 8 April moved to Tuesday 9 April 10.00–11.00 in Huddinge."""
    master = icalendar.Event.new(
        uid="lg-weekly@sodertorn.example",
        summary="Ledningsgrupp",
        location="Haninge",
        start=local(2024, 3, 18, 8, 30),
        end=local(2024, 3, 18, 9, 30),
        sequence=0,
    )
    master.add("rrule", {"freq": "weekly", "count": 6})
    master.add("exdate", local(2024, 4, 1, 8, 30))
    moved = icalendar.Event.new(
        uid="lg-weekly@sodertorn.example",
        summary="Ledningsgrupp",
        location="Huddinge",
        recurrence_id=local(2024, 4, 8, 8, 30),
        start=local(2024, 4, 9, 10, 0),
        end=local(2024, 4, 9, 11, 0),
        sequence=1,
    )
    calendar = icalendar.Calendar.new(
        method="PUBLISH",
        prodid="-//Södertörn//scheduler tests//SV",
        subcomponents=[stockholm_timezone(), master, moved],
    )
    return calendar.to_ical()


def test_stockholm_vtimezone_is_the_design_text():
    assert STOCKHOLM_VTIMEZONE.startswith("BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm\r\n")
    assert stockholm_timezone().tz_name == "Europe/Stockholm"


def test_weekly_series_keeps_local_time_across_dst():
    parsed = parse_ics(weekly_across_dst())
    assert parsed["calendar"]["method"] == "PUBLISH"
    assert parsed["calendar"]["unresolvedTzids"] == []
    master, moved = parsed["events"]
    assert master["dtstart"] == {
        "iso": "2024-03-18T08:30:00+01:00",
        "utc": "2024-03-18T07:30:00Z",
        "tzid": "Europe/Stockholm",
        "isDate": False,
    }
    assert master["rrule"] == "FREQ=WEEKLY;COUNT=6"
    assert [d["utc"] for d in master["exdates"]] == ["2024-04-01T06:30:00Z"]
    assert moved["recurrenceId"]["iso"] == "2024-04-08T08:30:00+02:00"
    assert [(o["start_utc"], o["end_utc"], o["location"]) for o in parsed["occurrences"]] == [
        ("2024-03-18T07:30:00Z", "2024-03-18T08:30:00Z", "Haninge"),
        ("2024-03-25T07:30:00Z", "2024-03-25T08:30:00Z", "Haninge"),
        ("2024-04-09T08:00:00Z", "2024-04-09T09:00:00Z", "Huddinge"),
        ("2024-04-15T06:30:00Z", "2024-04-15T07:30:00Z", "Haninge"),
        ("2024-04-22T06:30:00Z", "2024-04-22T07:30:00Z", "Haninge"),
    ]
    assert parsed["occurrences"][2]["recurrenceId"] == "2024-04-08T08:30:00+02:00"


def test_window_selects_occurrences_by_their_actual_start():
    parsed = parse_ics(weekly_across_dst(), start="2024-03-25", end="2024-04-09T00:00:00+02:00")
    # 8 April is inside the window, but that occurrence was moved to 9 April.
    assert [o["start"] for o in parsed["occurrences"]] == ["2024-03-25T08:30:00+01:00"]


TEXT = 'Punkt 1, 2; "citat" \\ bakstreck\nny rad: Körunda, Nynäshamn – ÅÄÖ åäö'


def test_special_characters_round_trip():
    event = icalendar.Event.new(
        uid="text@sodertorn.example",
        summary=TEXT,
        location=TEXT,
        description=TEXT,
        start=local(2024, 2, 16, 9, 0),
        end=local(2024, 2, 16, 11, 30),
        organizer=icalendar.vCalAddress.new("sekr@sodertorn.example", cn="Ödman, Åsa"),
        attendees=[
            icalendar.vCalAddress.new(
                "chef@haninge.example",
                cn='Björn "Nalle" Ärlig; Haninge',
                role="CHAIR",
                partstat="NEEDS-ACTION",
                rsvp=True,
                cutype="INDIVIDUAL",
            )
        ],
    )
    calendar = icalendar.Calendar.new(
        method="REQUEST",
        prodid="-//Södertörn//scheduler tests//SV",
        subcomponents=[stockholm_timezone(), event],
    )
    (parsed,) = parse_ics(calendar.to_ical())["events"]
    assert parsed["summary"] == parsed["location"] == parsed["description"] == TEXT
    assert parsed["organizer"] == {"value": "mailto:sekr@sodertorn.example", "cn": "Ödman, Åsa"}
    assert parsed["attendees"] == [
        {
            "value": "mailto:chef@haninge.example",
            "cn": 'Björn "Nalle" Ärlig; Haninge',
            "role": "CHAIR",
            "partstat": "NEEDS-ACTION",
            "rsvp": "TRUE",
            "cutype": "INDIVIDUAL",
        }
    ]


def test_all_day_event_with_alarm_and_conference():
    event = icalendar.Event.new(
        uid="deadline@sodertorn.example",
        summary="Remissvar till kanslierna",
        start=dt.date(2024, 2, 14),
        end=dt.date(2024, 2, 15),
        transparency="TRANSPARENT",
        conferences=[
            icalendar.Conference("https://meet.example/lg", feature="VIDEO", label="Teams")
        ],
    )
    event.add_component(icalendar.Alarm.new_display("Remissvar", dt.timedelta(hours=-15)))
    calendar = icalendar.Calendar.new(prodid="-//x//y//SV", subcomponents=[event])
    parsed = parse_ics(calendar.to_ical())
    (deadline,) = parsed["events"]
    assert deadline["isDate"] is True
    assert deadline["dtstart"]["iso"] == "2024-02-14"
    assert deadline["dtend"]["iso"] == "2024-02-15"
    assert deadline["transp"] == "TRANSPARENT"
    assert deadline["alarms"] == [
        {"action": "DISPLAY", "trigger": "-PT15H", "related": None, "description": "Remissvar"}
    ]
    assert deadline["conference"] == [
        {"value": "https://meet.example/lg", "label": "Teams", "feature": "VIDEO"}
    ]
    assert parsed["occurrences"][0]["start"] == "2024-02-14"


def test_unknown_tzid_is_reported():
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//SV\r\nBEGIN:VEVENT\r\n"
        b"UID:a@b\r\nDTSTAMP:20240101T000000Z\r\nDTSTART;TZID=Europe/Stockholm:20240216T090000\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    parsed = parse_ics(data)
    assert parsed["calendar"]["unresolvedTzids"] == ["Europe/Stockholm"]
    assert parsed["events"][0]["dtstart"]["utc"] is None  # ical.js takes it as floating


def test_parse_error_is_raised():
    with pytest.raises(IcalJsError, match="did not end"):
        parse_ics(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n")
