"""Recurrence rules as stored (RRULE text checked against its first start) and the holiday
warnings for the days of a new meeting or series."""

import datetime as dt

from dateutil.rrule import rrulestr

from scheduler.errors import InputError, warn
from scheduler.occurrences import normalise_rule, original_starts, zone
from scheduler.store.models import Meeting
from scheduler.workdays import holiday_name

HOLIDAY_HORIZON = dt.timedelta(days=731)  # how far a new series is checked for holidays


HOLIDAY_HORIZON = dt.timedelta(days=731)  # how far a new series is checked for holidays


def checked_rule(text: str, start: dt.datetime) -> str:
    """The RRULE to store for a series starting at local ``start``; InputError unless it parses
    and ``start`` is its first occurrence (calendar programs count DTSTART as one)."""
    normalised = normalise_rule(text, start)
    first = next(iter(rrulestr(normalised, dtstart=start)), None)
    if first is None:
        raise InputError(f"The RRULE {text!r} gives no occurrence from {start:%Y-%m-%d %H:%M}: "
                         "check its UNTIL or COUNT.")
    if first != start:
        raise InputError(
            f"The start {start:%Y-%m-%d %H:%M} is not an occurrence of the RRULE {text!r}; "
            f"its first is {first:%Y-%m-%d %H:%M}: start the series on that day."
        )
    return normalised


def rule_parts(text: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in text.split(";") if part)


def rule_text(parts: dict[str, str]) -> str:
    return ";".join(f"{key}={value}" for key, value in parts.items())


def warn_holiday(title: str, day: dt.date) -> None:
    name = holiday_name(day)
    if name:
        warn(f"'{title}' on {day.isoformat()} falls on {name}, a Swedish holiday or holiday "
             "eve: check the date.")


def warn_holidays(meeting: Meeting, now: dt.datetime) -> None:
    """A warning for each day of a new meeting that is a holiday or its eve; for a series,
    each occurrence within its first two years. Days already past are not worth one."""
    tz = zone(meeting)
    length = meeting.end - meeting.start
    starts = [meeting.start]
    if meeting.rrule:
        starts = list(original_starts(meeting, meeting.start, meeting.start + HOLIDAY_HORIZON))
    for start in starts:
        if start + length >= now:
            warn_holiday(meeting.title, start.astimezone(tz).date())
