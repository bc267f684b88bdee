"""VTIMEZONEs in the RRULE form for every zone, checked against zoneinfo and ical.js."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest

from scheduler.ical.components import new_calendar, to_bytes
from scheduler.ical.vtimezone import STOCKHOLM_VTIMEZONE, rule_timezone, stockholm_timezone
from tests.icaljs import parse_ics


def parts(timezone: icalendar.Timezone) -> list[tuple]:
    return [(part.name, part["TZOFFSETFROM"].to_ical(), part["TZOFFSETTO"].to_ical(),
             str(part["TZNAME"]), part["DTSTART"].to_ical(), part.get("RRULE", {}).to_ical()
             if "RRULE" in part else None) for part in timezone.subcomponents]


def test_built_stockholm_is_the_design_block():
    built = rule_timezone("Europe/Stockholm", 2024)
    assert parts(built) == parts(icalendar.Timezone.from_ical(STOCKHOLM_VTIMEZONE))


@pytest.mark.parametrize(("tzid", "rules"), [
    ("America/New_York", [("DAYLIGHT", b"19700308T020000", b"FREQ=YEARLY;BYDAY=2SU;BYMONTH=3"),
                          ("STANDARD", b"19701101T020000", b"FREQ=YEARLY;BYDAY=1SU;BYMONTH=11")]),
    ("Australia/Sydney", [("STANDARD", b"19700405T030000", b"FREQ=YEARLY;BYDAY=1SU;BYMONTH=4"),
                          ("DAYLIGHT", b"19701004T020000", b"FREQ=YEARLY;BYDAY=1SU;BYMONTH=10")]),
    ("Asia/Tokyo", [("STANDARD", b"19700101T000000", None)]),
])
def test_rules_of_other_zones(tzid, rules):
    assert [(name, start, rule) for name, _, _, _, start, rule in parts(rule_timezone(tzid, 2024))] \
        == rules


def test_a_zone_whose_rules_changed_nearby_is_left_to_icalendar():
    assert rule_timezone("Asia/Tehran", 2024) is None  # no daylight saving since 2022
    assert rule_timezone("No/Such_Zone", 2024) is None


@pytest.mark.parametrize("tzid", ["Europe/London", "America/New_York", "Australia/Sydney",
                                  "Europe/Helsinki", "Asia/Tokyo"])
def test_icaljs_reads_each_event_at_its_instant(tzid):
    zone = ZoneInfo(tzid)
    starts = [dt.datetime(2024, month, 15, 10, tzinfo=zone) for month in (1, 3, 4, 6, 10, 11, 12)]
    calendar = new_calendar("PUBLISH")
    for n, start in enumerate(starts):
        event = icalendar.Event()
        event.add("UID", f"{n}@test.example")
        event.add("DTSTAMP", dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
        event.add("DTSTART", start)
        event.add("DTEND", start + dt.timedelta(hours=1))
        calendar.add_component(event)
    data = to_bytes(calendar)
    assert b"RDATE" not in data
    seen = [event["dtstart"]["utc"] for event in parse_ics(data)["events"]]
    assert seen == [f"{s.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}" for s in starts]


def test_stockholm_is_made_without_listing_every_zone(monkeypatch):
    """icalendar lists every zone zoneinfo has before keeping a parsed VTIMEZONE with a TZID
    (6 ms an invitation); Stockholm's component is made without that, and is whole."""
    from icalendar.timezone.zoneinfo import ZONEINFO

    listed = []
    monkeypatch.setattr(ZONEINFO, "_available_timezones_cache", None)
    monkeypatch.setattr("zoneinfo.available_timezones", lambda: listed.append(1) or set())
    made = stockholm_timezone()
    assert listed == []
    assert str(made["TZID"]) == "Europe/Stockholm"
    assert parts(made) == parts(icalendar.Timezone.from_ical(STOCKHOLM_VTIMEZONE))
    assert listed == [1]  # parsed whole, icalendar does list them: the test sees it
