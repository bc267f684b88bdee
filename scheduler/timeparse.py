"""Read the dates, times, zones and durations people type: ISO 8601 and Swedish.

``dateutil.parser`` does the reading (with Swedish month and weekday names); the
regular expressions here only split off what it cannot read, such as ``kl 9.00-11.30``.
"""

import calendar
import datetime as dt
import re
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser

from scheduler import validate
from scheduler.errors import InputError, Phrase
from scheduler.workdays import WEEKDAYS


class SwedishParserInfo(parser.parserinfo):
    """Swedish names for ``dateutil.parser``; "den" is filler, as in "fredag den 15 december"."""

    JUMP = [" ", ".", ",", ";", "-", "/", "'", "den", "t"]
    # The full name comes last in each entry: MONTH_NAMES uses it.
    WEEKDAYS: list[tuple[str, ...]] = [  # type: ignore[assignment]  # dateutil: pairs only
        ("mån", "måndag"),
        ("tis", "tisdag"),
        ("ons", "onsdag"),
        ("tor", "tors", "torsdag"),
        ("fre", "fredag"),
        ("lör", "lördag"),
        ("sön", "söndag"),
    ]
    MONTHS: list[tuple[str, ...]] = [  # type: ignore[assignment]
        ("jan", "januari"),
        ("feb", "februari"),
        ("mar", "mars"),
        ("apr", "april"),
        ("maj",),
        ("jun", "juni"),
        ("jul", "juli"),
        ("aug", "augusti"),
        ("sep", "sept", "september"),
        ("okt", "oktober"),
        ("nov", "november"),
        ("dec", "december"),
    ]


SWEDISH = SwedishParserInfo()
MONTH_NAMES = tuple(names[-1] for names in SwedishParserInfo.MONTHS)
WHEN_FORMS = Phrase(
    "use ISO 8601 (2024-02-16 09:00, 2024-02-16T09:00+01:00, 2024-01-10) or Swedish "
    "(16 februari 2024 kl 9.00, fredag 16 feb kl. 09.00-11.30, den 16 januari 2024)"
)
DATE_FORMS = Phrase("give a date in ISO 8601 (2024-02-16) or Swedish (16 februari 2024, fredag den 16 feb)")

_TIME = r"\d{1,2}(?:[.:]\d{2})?"
_TIME_OF_DAY = re.compile(
    r"(?:kl\.?\s*)?(?P<hour>\d{1,2})(?:[.:](?P<minute>\d{2}))?", re.IGNORECASE
)
_CLOCK = re.compile(
    rf"\bkl\.?\s*(?P<start>{_TIME})(?:\s*[-–]\s*(?P<end>{_TIME}))?\s*$", re.IGNORECASE
)
_DURATION = re.compile(
    r"(?:(?P<hours>\d+(?:[.,]\d+)?)\s*h)?\s*(?:(?P<minutes>\d+)\s*m(?:in)?)?", re.IGNORECASE
)
_CLOCK_DURATION = re.compile(r"(?P<hours>\d+):(?P<minutes>[0-5]\d)")
# Two defaults that differ in every field dateutil may fill in; both years are leap
# years and both months have 31 days, so any real day and month fits either.
_DEFAULTS = (dt.datetime(2000, 1, 1, 0), dt.datetime(2004, 3, 2, 1))


class When(NamedTuple):
    """A parsed WHEN: a date (whole day) or an aware datetime, and the end if a range was given."""

    start: dt.datetime | dt.date
    end: dt.datetime | None = None


def get_zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name``."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, IsADirectoryError) as err:
        raise InputError(
            'Unknown time zone {name!r}: give an IANA name such as Europe/Stockholm', name=name
        ) from err


def localize(naive: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """The wall time ``naive`` in ``tz``; refuses times that the clock skips or shows twice."""
    early = naive.replace(tzinfo=tz, fold=0)
    late = naive.replace(tzinfo=tz, fold=1)
    shown = f"{naive:%Y-%m-%d %H:%M}"
    round_trip = early.astimezone(dt.UTC).astimezone(tz)
    if round_trip.replace(tzinfo=None) != naive:
        raise InputError(
            "{shown} does not exist in {key} (clocks go forward); give another time or an offset such as {round_trip}",
            shown=shown, key=tz.key, round_trip=round_trip.isoformat(timespec='minutes')
        )
    if early.utcoffset() != late.utcoffset():
        raise InputError(
            "{shown} happens twice in {key} (clocks go back); give an offset: {early} for the first, {late} for the "
            "second", shown=shown, key=tz.key, early=early.isoformat(timespec='minutes'),
            late=late.isoformat(timespec='minutes')
        )
    return early


def parse_time_of_day(text: str) -> dt.time:
    """``8.30``, ``08:30``, ``kl 8.30`` or ``9`` as a time of day."""
    match = _TIME_OF_DAY.fullmatch(text.strip())
    if match and int(match["hour"]) < 24 and int(match["minute"] or 0) < 60:
        return dt.time(int(match["hour"]), int(match["minute"] or 0))
    raise InputError(
        "Cannot read {text!r} as a time of day: give hours 0-23 and minutes 0-59, e.g. 9, 8.30, 08:30 or kl 13.15",
        text=text
    )


def parse_time_range(text: str) -> tuple[dt.time, dt.time]:
    """``08.00-17.00`` (or with an en dash) as the first and last time of day, in order."""
    first, dash, last = text.replace("–", "-").partition("-")
    if not dash:
        raise InputError("Cannot read {text!r} as hours: give them as FROM-TO, e.g. 08.00-17.00", text=text)
    start, end = parse_time_of_day(first), parse_time_of_day(last)
    if end <= start:
        raise InputError("The hours {text!r} end before they start: give them as FROM-TO, e.g. 08.00-17.00", text=text)
    return start, end


def parse_duration(text: str, what: str = "--duration") -> dt.timedelta:
    """``90m``, ``2h``, ``1h30m``, ``1.5h``, ``PT1H30M`` or ``2:30`` as a positive length of
    at most ``validate.DURATION_MAX``."""
    cleaned = text.strip().lower().removeprefix("pt")
    match = _CLOCK_DURATION.fullmatch(cleaned) or _DURATION.fullmatch(cleaned)
    if match and (match["hours"] or match["minutes"]):
        hours = float((match["hours"] or "0").replace(",", "."))
        minutes = int(match["minutes"] or 0)
        if hours * 60 + minutes > validate.DURATION_MAX / dt.timedelta(minutes=1):
            return validate.duration(validate.DURATION_MAX * 2, what)
        duration = dt.timedelta(hours=hours, minutes=minutes)
        if duration > dt.timedelta(0):
            return validate.duration(duration, what)
    raise InputError(
        "Cannot read {text!r} as a duration: give a positive length such as 90m, 2h, 1h30m, 1.5h, 2:30 or PT1H30M",
        text=text
    )


def parse_date(text: str, *, today: dt.date) -> dt.date:
    """A date without a time, ISO or Swedish; without a year, the next such date from today."""
    if _CLOCK.search(text) is None:
        value = _read_day(text, today, DATE_FORMS)
        if not isinstance(value, dt.datetime):
            return value
    raise InputError('{text!r} has a time of day; {forms} without a time', text=text.strip(), forms=DATE_FORMS)


def parse_when(text: str, *, tz: ZoneInfo, today: dt.date) -> When:
    """A date, a date and time, or a date with ``kl 9.00-11.30``; datetimes aware in ``tz``."""
    clock = _CLOCK.search(text)
    if clock is None:
        value = _read_day(text, today, WHEN_FORMS)
        if not isinstance(value, dt.datetime):
            return When(value)
        if value.tzinfo is None:
            return When(localize(value, tz))
        return When(value.astimezone(tz))
    day = parse_date(text[: clock.start()], today=today)
    start = localize(dt.datetime.combine(day, parse_time_of_day(clock["start"])), tz)
    if clock["end"] is None:
        return When(start)
    end = localize(dt.datetime.combine(day, parse_time_of_day(clock["end"])), tz)
    if end <= start:
        raise InputError(
            '{text!r} ends before it starts; give the earlier time first, e.g. kl 9.00-11.30', text=text.strip()
        )
    return When(start, end)


def parse_end(
    text: str, *, start: dt.datetime | dt.date, tz: ZoneInfo, today: dt.date
) -> dt.datetime | dt.date:
    """An end: only a time (``11.30``) means the start's day; otherwise read like a WHEN."""
    end = read_end(text, tz=tz, today=today)
    return end_on(end, start, tz) if isinstance(end, dt.time) else end


def read_end(text: str, *, tz: ZoneInfo, today: dt.date) -> dt.datetime | dt.date | dt.time:
    """An end as given: only a time (``11.30``) stays a time of day, to be put on the start's
    day (``end_on``) once the start is known; otherwise read like a WHEN."""
    if _TIME_OF_DAY.fullmatch(text.strip()):
        return parse_time_of_day(text)
    when = parse_when(text, tz=tz, today=today)
    if when.end is not None:
        raise InputError('The end {text!r} is a range; give one end time or date', text=text.strip())
    return when.start


def end_on(end: dt.time, start: dt.datetime | dt.date, tz: ZoneInfo) -> dt.datetime:
    """The end given only as a time, on the local day of ``start``."""
    if not isinstance(start, dt.datetime):
        raise InputError(
            "The end '{end:%H.%M}' is only a time but the start {start} is a whole day; give the end as a date, or "
            "give the start a time", end=end, start=start
        )
    return localize(dt.datetime.combine(start.astimezone(tz).date(), end), tz)


def parse_today(text: str, tz: ZoneInfo) -> dt.datetime:
    """The product's clock: a date means 00:00 that day in ``tz``; a datetime is taken as given.

    A date without a year is read against the real date.
    """
    start = parse_when(text, tz=tz, today=dt.datetime.now(tz).date()).start
    if isinstance(start, dt.datetime):
        return start
    return localize(dt.datetime.combine(start, dt.time()), tz)


def _read_day(text: str, today: dt.date, forms: str) -> dt.date | dt.datetime:
    """A date, or a datetime (aware if the text had an offset) when the text has a time."""
    text = text.strip()
    value, missing = _read(text, forms)
    if missing & {"month", "day"}:
        raise InputError('{text!r} has no day or no month; {forms}', text=text, forms=forms)
    if "year" in missing:
        day = _next_on_or_after(value.month, value.day, today)
    else:
        day = value.date()
    validate.moment(day, repr(text))
    weekday = _stated_weekday(text)
    if weekday is not None and weekday != day.weekday():
        raise InputError(
            "{text!r}: {day} is a {weekday}, not a {stated}; correct the weekday or the date",
            text=text, day=day.isoformat(), weekday=WEEKDAYS[day.weekday()], stated=WEEKDAYS[weekday]
        )
    if "hour" in missing:
        return day
    return dt.datetime.combine(day, value.timetz())


def _read(text: str, forms: str) -> tuple[dt.datetime, set[str]]:
    """Parse with dateutil; also say which of year, month, day and hour the text left out."""
    # Swedes put the day first (5/2 is 5 February), but dateutil's dayfirst also turns
    # 2024-01-10 into 1 October, so text that starts with a year is read year-month-day.
    dayfirst = re.match(r"\d{4}\b", text) is None
    try:
        first, second = (
            parser.parse(
                text, SWEDISH, default=default, dayfirst=dayfirst, tzinfos=_offset_zone
            )
            for default in _DEFAULTS
        )
    except (parser.ParserError, OverflowError) as err:
        if isinstance(err.__cause__, ValueError):  # read, but no such day or time
            raise InputError(
                "{text!r} does not exist ({problem}); check the day, the month and the time", text=text,
                problem=err.__cause__
            ) from err
        raise InputError('Cannot read {text!r}: {forms}', text=text, forms=forms) from err
    fields = ("year", "month", "day", "hour")
    return first, {name for name in fields if getattr(first, name) != getattr(second, name)}


def _offset_zone(name: str | None, offset: int | None) -> dt.tzinfo | None:
    """For dateutil: keep numeric offsets and Z; refuse zone names such as CET (ambiguous)."""
    if offset is not None:
        return dt.timezone(dt.timedelta(seconds=offset))
    if name is not None:
        raise InputError(
            'The zone name {name!r} is not understood; give an offset such as +01:00 or Z', name=name
        )
    return None


def _stated_weekday(text: str) -> int | None:
    """The weekday named in ``text`` (0 = Monday), if any."""
    for word in re.findall(r"[^\W\d_]+", text):
        weekday = SWEDISH.weekday(word)
        if weekday is not None:
            return weekday
    return None


def _next_on_or_after(month: int, day: int, today: dt.date) -> dt.date:
    """The first date with this month and day on or after ``today`` (29 February may be far)."""
    year = today.year
    while True:
        if calendar.isleap(year) or (month, day) != (2, 29):
            candidate = dt.date(year, month, day)
            if candidate >= today:
                return candidate
        year += 1
