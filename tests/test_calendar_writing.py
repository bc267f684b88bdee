"""Calendar text written a component at a time is byte for byte what icalendar's own
``to_ical`` writes: every line made and folded by the library, a short line taken as it is."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
from hypothesis import given
from hypothesis import strategies as st

from scheduler.ical.components import Text, address, time_value, to_bytes
from scheduler.ical.vtimezone import STOCKHOLM_VTIMEZONE
from scheduler.ical.writing import FOLD_AT, component_bytes, content_line, properties

TZ = ZoneInfo("Europe/Stockholm")


@given(st.text(min_size=0, max_size=3 * FOLD_AT))
def test_a_line_is_what_icalendar_folds(text):
    event = icalendar.Event()
    for value in (Text(text), icalendar.vText(text)):
        line = event.content_line("DESCRIPTION", value)
        assert content_line(event, "DESCRIPTION", value) == line.to_ical()


@given(st.integers(min_value=FOLD_AT - 12, max_value=FOLD_AT + 4), st.sampled_from(["a", "ö", "€", "𝄞", "\\", ","]))
def test_lines_near_the_fold_limit(length, char):
    event = icalendar.Event()
    value = Text("x" * (length - 1) + char)
    assert content_line(event, "SUMMARY", value) == event.content_line("SUMMARY", value).to_ical()


def sample_event() -> icalendar.Event:
    start = dt.datetime(2024, 2, 16, 9, tzinfo=TZ)
    event = icalendar.Event.new(uid="a@x.example", start=start, end=start + dt.timedelta(hours=2),
                                stamp=dt.datetime(2024, 1, 1, tzinfo=dt.UTC), sequence=3,
                                organizer=address("helene@x.example", 'Helene "H" Olofsson, Botkyrka'),
                                recurrence_id=start)
    event.add("DESCRIPTION", Text("Tid: fre 16 feb 2024 09.00–11.00\nPlats: G:\\Nämnder; rum 3, plan 2\n" * 4))
    event.add("EXDATE", [start + dt.timedelta(days=7), start + dt.timedelta(days=14)])
    event.add("ATTACH", "https://x.example/a.pdf")
    event.add("ATTACH", "https://x.example/b.pdf")
    event.add_component(icalendar.Alarm.new_display("Påminnelse", dt.timedelta(hours=-15)))
    return event


def test_a_component_is_what_to_ical_writes():
    event = sample_event()
    assert component_bytes(event) == event.to_ical()


def test_a_calendar_has_its_events_as_to_ical_writes_them_after_their_timezones():
    calendar = icalendar.Calendar.new(prodid="-//x//y//EN", method="PUBLISH")
    york = ZoneInfo("America/New_York")
    other = icalendar.Event.new(uid="b@x.example", start=dt.datetime(2023, 5, 2, 10, tzinfo=york),
                                end=dt.datetime(2023, 5, 2, 11, tzinfo=york),
                                stamp=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    events = [sample_event(), other]
    for event in events:
        calendar.add_component(event)
    written = to_bytes(calendar)
    head, _, rest = written.partition(b"BEGIN:VEVENT")
    assert STOCKHOLM_VTIMEZONE.encode() + b"\r\n" in head and b"TZID:America/New_York" in head
    assert all(event.to_ical() in written for event in events)
    assert written.startswith(b"BEGIN:VCALENDAR\r\n") and written.endswith(b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    parsed = icalendar.Calendar.from_ical(written)
    assert {str(tz["TZID"]) for tz in parsed.walk("VTIMEZONE")} == {"America/New_York", "Europe/Stockholm"}


def test_a_line_written_again_is_the_one_icalendar_writes_for_it():
    """Lines are kept by everything they depend on, so a value equal to an earlier one but of
    another type, zone or parameter is written anew, and every line is icalendar's."""
    event = icalendar.Event()
    utc = dt.datetime(2024, 2, 16, 8, tzinfo=dt.UTC)
    values = [
        ("LOCATION", Text("G:\\Nämnder")), ("LOCATION", icalendar.vText("G:\\Nämnder")),
        ("LOCATION", Text("G:\\Nämnder")),
        ("SEQUENCE", icalendar.vInt(1)), ("PRIORITY", icalendar.vInt(1)), ("X-FLAG", icalendar.vText("1")),
        ("DTSTAMP", icalendar.vDDDTypes(utc)), ("DTSTAMP", icalendar.vDDDTypes(utc.astimezone(TZ))),
        ("DTSTAMP", icalendar.vDDDTypes(utc.astimezone(ZoneInfo("Europe/Berlin")))),
        ("DTSTAMP", icalendar.vDDDTypes(utc.date())), ("DTSTAMP", icalendar.vDDDTypes(utc)),
        ("ORGANIZER", address("a@x.example", "Anna")), ("ORGANIZER", address("a@x.example", "Anna A")),
        ("ORGANIZER", icalendar.vCalAddress.new("a@x.example", cn="Anna")),
        ("ORGANIZER", address("a@x.example", "Anna")),
    ]
    for _ in range(2):
        for name, value in values:
            assert content_line(event, name, value) == event.content_line(name, value).to_ical()
    quoted, bare = (content_line(event, "ORGANIZER", v) for _, v in values[11:14:2])
    assert quoted != bare  # the same name, quoted (ours) and as icalendar leaves it


@given(st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)),
       st.sampled_from([None, dt.UTC, TZ, ZoneInfo("America/New_York"), ZoneInfo("Asia/Kolkata")]),
       st.booleans(), st.sampled_from(["DTSTART", "DTEND", "DTSTAMP", "RECURRENCE-ID"]))
def test_a_time_is_written_as_icalendar_writes_it(when, zone, as_date, name):
    """``time_value`` (a date-time as icalendar's DATE-TIME type, a date as vDDDTypes) gives
    the line, TZID and VALUE=DATE of icalendar's own ``vDDDTypes``, and the same ``.dt``."""
    value = when.date() if as_date else when.replace(tzinfo=zone)
    ours, theirs = time_value(value), icalendar.vDDDTypes(value)
    event = icalendar.Event()
    assert content_line(event, name, ours) == event.content_line(name, theirs).to_ical()
    assert ours.dt == theirs.dt and dict(ours.params) == dict(theirs.params)


def test_a_component_is_walked_as_icalendar_walks_it():
    calendar = icalendar.Calendar.new(prodid="-//x//y//EN", method="PUBLISH")
    calendar.add_component(sample_event())
    calendar = icalendar.Calendar.from_ical(to_bytes(calendar))  # with its VTIMEZONE
    alarm = icalendar.Alarm.new_display("Påminnelse", dt.timedelta(hours=-1))
    event = sample_event()
    event.add_component(alarm)
    for component in (calendar, event, alarm, *calendar.walk()):
        assert list(properties(component)) == component.property_items()
