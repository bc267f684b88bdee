"""VTIMEZONEs in the RRULE form that Outlook and Thunderbird read correctly.

Europe/Stockholm is written exactly as ``STOCKHOLM_VTIMEZONE`` below; other zones are built in the
same form from zoneinfo (``add_missing_timezones()`` writes an RDATE list that Outlook
mis-reads, and that ical.js reads an hour off).
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:
    import icalendar

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
STOCKHOLM = "Europe/Stockholm"

STOCKHOLM_VTIMEZONE = "\r\n".join(
    [
        "BEGIN:VTIMEZONE",
        f"TZID:{STOCKHOLM}",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]
)


def stockholm_timezone() -> icalendar.Timezone:
    """A new VTIMEZONE component for Europe/Stockholm, parsed from STOCKHOLM_VTIMEZONE.

    The TZID is added after parsing: icalendar keeps a parsed VTIMEZONE with a TZID as a zone
    unless zoneinfo has it, and to know that it first lists every zone zoneinfo has, which
    cost an invitation 6 ms (zoneinfo has Europe/Stockholm, so nothing would be kept).
    """
    import icalendar

    timezone = icalendar.Timezone.from_ical(STOCKHOLM_VTIMEZONE.replace(f"TZID:{STOCKHOLM}\r\n", "", 1))
    assert isinstance(timezone, icalendar.Timezone)
    timezone.add("TZID", STOCKHOLM)
    return timezone


class Change(NamedTuple):
    """One change of a zone's UTC offset: the wall time just before it, and the offsets."""

    local: dt.datetime
    before: dt.timedelta
    after: dt.timedelta
    name: str
    dst: bool

    @property
    def byday(self) -> str:
        """``-1SU`` for the last Sunday of its month, ``2SU`` for the second, and so on."""
        last_day = calendar.monthrange(self.local.year, self.local.month)[1]
        nth = -1 if self.local.day + 7 > last_day else (self.local.day - 1) // 7 + 1
        return f"{nth}{WEEKDAYS[self.local.weekday()]}"

    def first_in_1970(self) -> dt.datetime:
        """The rule's first date, as DTSTART (RFC 5545's examples start in 1970 too)."""
        from dateutil.rrule import YEARLY, rrule, weekday

        nth, day = int(self.byday[:-2]), WEEKDAYS.index(self.byday[-2:])
        return rrule(YEARLY, bymonth=self.local.month, byweekday=weekday(day, nth), count=1,
                     dtstart=self.local.replace(year=1970, month=1, day=1))[0]


def changes(zone: ZoneInfo, year: int) -> list[Change]:
    """Every change of UTC offset in ``year``, found day by day and then to the minute."""

    def offset(instant: dt.datetime) -> dt.timedelta:
        return instant.astimezone(zone).utcoffset()  # type: ignore[return-value]

    found = []
    day = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    while day.year == year:
        if offset(day) != offset(day + dt.timedelta(days=1)):
            first, last = 0, 24 * 60  # minutes into the day: still old offset, already new
            while last - first > 1:
                middle = (first + last) // 2
                if offset(day + dt.timedelta(minutes=middle)) == offset(day):
                    first = middle
                else:
                    last = middle
            low, high = day + dt.timedelta(minutes=first), day + dt.timedelta(minutes=last)
            after = high.astimezone(zone)
            found.append(Change((high + offset(low)).replace(tzinfo=None), offset(low),
                                offset(high), after.tzname() or "", bool(after.dst())))
        day += dt.timedelta(days=1)
    return found


def rule_timezone(tzid: str, year: int) -> icalendar.Timezone | None:
    """A VTIMEZONE for ``tzid`` in the same RRULE form as Stockholm's, built from zoneinfo.

    The offset changes of ``year`` become yearly rules (month and n-th or last weekday);
    they must give zoneinfo's changes for the years around it too, else None (the caller
    then falls back to icalendar's RDATE-list form). A zone without changes gets one
    STANDARD component.
    """
    import icalendar

    try:
        zone = ZoneInfo(tzid)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    rules = changes(zone, year)
    for other in range(year - 2, year + 4):
        if [(c.local.month, c.byday) for c in changes(zone, other)] != [
                (c.local.month, c.byday) for c in rules]:
            return None
    timezone = icalendar.Timezone()
    timezone.add("TZID", tzid)
    if not rules:
        steady = dt.datetime(year, 1, 1, tzinfo=zone)
        standard = icalendar.TimezoneStandard()
        for name, value in (("TZOFFSETFROM", steady.utcoffset()), ("TZOFFSETTO", steady.utcoffset()),
                            ("TZNAME", steady.tzname()), ("DTSTART", dt.datetime(1970, 1, 1))):
            standard.add(name, value)
        timezone.add_component(standard)
        return timezone
    for change in rules:
        part = icalendar.TimezoneDaylight() if change.dst else icalendar.TimezoneStandard()
        part.add("TZOFFSETFROM", change.before)
        part.add("TZOFFSETTO", change.after)
        part.add("TZNAME", change.name)
        part.add("DTSTART", change.first_in_1970())
        part.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": change.local.month, "BYDAY": change.byday})
        timezone.add_component(part)
    return timezone
