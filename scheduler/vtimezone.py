"""The VTIMEZONE written for Europe/Stockholm: the RRULE form that Outlook reads correctly
(``add_missing_timezones()`` writes an RDATE list that Outlook mis-reads)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import icalendar

STOCKHOLM_VTIMEZONE = "\r\n".join(
    [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Stockholm",
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
    """A new VTIMEZONE component for Europe/Stockholm, parsed from STOCKHOLM_VTIMEZONE."""
    import icalendar

    return icalendar.Timezone.from_ical(STOCKHOLM_VTIMEZONE)
