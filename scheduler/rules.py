"""Recurrence rules as stored (RRULE text checked against its first start) and the holiday
warnings for the days of a new meeting or series."""

import datetime as dt
import itertools

from dateutil.rrule import rrulestr

from scheduler.errors import InputError, warn
from scheduler.occurrences import normalise_rule, original_starts, zone
from scheduler.store.models import Meeting
from scheduler.text.i18n import _, language
from scheduler.workdays import holiday_name

OVERLAP_CHECKED = 1000  # how many occurrences a new rule is checked for overlaps
HOLIDAYS_NAMED = 10  # a warning names this many holidays, then counts the rest
HOLIDAY_HORIZON = dt.timedelta(days=731)  # how far a new series is checked for holidays


def checked_rule(text: str, start: dt.datetime, length: dt.timedelta | None = None) -> str:
    """The RRULE to store for a series starting at local ``start``; InputError unless it parses
    (DAILY, WEEKLY, MONTHLY or YEARLY), ``start`` is its first occurrence (calendar programs
    count DTSTART as one) and, given the meeting's ``length``, no two occurrences overlap."""
    normalised = normalise_rule(text, start)
    if length is not None:
        check_overlap(text, normalised, start, length)
    first = next(iter(rrulestr(normalised, dtstart=start)), None)
    if first is None:
        raise InputError("The RRULE {text!r} gives no occurrence from {start:%Y-%m-%d %H:%M}: check its UNTIL or "
                         "COUNT.", text=text, start=start)
    if first != start:
        raise InputError(
            "The start {start:%Y-%m-%d %H:%M} is not an occurrence of the RRULE {text!r}; its first is "
            "{first:%Y-%m-%d %H:%M}: start the series on that day.", start=start, text=text, first=first
        )
    return normalised


def check_overlap(text: str, rule: str, start: dt.datetime, length: dt.timedelta) -> None:
    """InputError if two of the first ``OVERLAP_CHECKED`` occurrences are closer than ``length``."""
    starts = list(itertools.islice(rrulestr(rule, dtstart=start), OVERLAP_CHECKED))
    for before, after in itertools.pairwise(starts):
        if after - before < length:
            raise InputError("The RRULE {rule!r} would make occurrences overlap: {first} and {second} are {gap} apart "
                             "and the meeting lasts {length}. Make the meeting shorter or the rule less frequent.",
                             rule=text, first=f"{before:%Y-%m-%d %H:%M}", second=f"{after:%Y-%m-%d %H:%M}",
                             gap=after - before, length=length)


def rule_parts(text: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in text.split(";") if part)


def rule_text(parts: dict[str, str]) -> str:
    return ";".join(f"{key}={value}" for key, value in parts.items())


def warn_holiday(title: str, day: dt.date) -> None:
    name = holiday_name(day, language())
    if name:
        warn("'{title}' on {day} falls on {name}, a Swedish holiday or holiday eve: check the date.", title=title,
             day=day.isoformat(), name=name)


def warn_holidays(meeting: Meeting, now: dt.datetime) -> None:
    """One warning naming the days of a new meeting, or of a series' occurrences within its
    first two years, that are holidays or their eves. Days already past are not worth one."""
    starts = [meeting.start]
    if meeting.rrule:
        starts = list(original_starts(meeting, meeting.start, meeting.start + HOLIDAY_HORIZON))
    warn_holiday_days(meeting.title, starts, meeting.end - meeting.start, zone(meeting), now)


def warn_holiday_days(title: str, starts: list[dt.datetime], length: dt.timedelta, tz: dt.tzinfo,
                      now: dt.datetime) -> None:
    """``warn_holidays`` for a meeting of these starts (a single one, or a series')."""
    days = [start.astimezone(tz).date() for start in starts if start + length >= now]
    hits = [(day, name) for day in days if (name := holiday_name(day, language()))]
    if len(hits) == 1:
        warn_holiday(title, hits[0][0])
    elif hits:
        named = ", ".join(f"{day.isoformat()} ({name})" for day, name in hits[:HOLIDAYS_NAMED])
        if len(hits) > HOLIDAYS_NAMED:
            named += _(" and {count} more").format(count=len(hits) - HOLIDAYS_NAMED)
        warn("'{title}' falls on Swedish holidays or holiday eves on {days}: check the dates.", title=title, days=named)
