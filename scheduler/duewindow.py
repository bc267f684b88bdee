"""Due windows of deadlines: a day, part of a month, a month, an ISO week, a term or a year.

People write "i början av februari" or "senare i vår"; the window keeps that phrase
and the first and last day it stands for.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from scheduler import validate
from scheduler.errors import InputError, Phrase
from scheduler.timeparse import MONTH_NAMES, SWEDISH, parse_date

PRECISIONS = ("day", "early_month", "mid_month", "late_month", "month", "week", "term", "year")

WINDOW_FORMS = Phrase(
    "part of a month (början, mitten or slutet av februari [2024]), a month (april 2024, "
    "i april, 2024-04), a week (v. 12, vecka 12 2024, 2024-W12), a term (våren 2024, i höst) "
    "or a year (2025, under 2025)"
)

# The window for a year, or None when that year has no such window (week 53).
Builder = Callable[[int], tuple[dt.date, dt.date] | None]

_PART_WORDS = {"early_month": "början", "mid_month": "mitten", "late_month": "slutet"}
_PART_PRECISIONS = {word: precision for precision, word in _PART_WORDS.items()}
_PART_DAYS = {"early_month": (1, 10), "mid_month": (11, 20), "late_month": (21, 31)}
_TERM_WORDS = {1: "våren", 7: "hösten"}  # by the first month of the term

_PREFIX = r"(?:(?:i|under|senare\s+i)\s+)?"
_YEAR = r"(?:\s+(?P<year>\d{4}))?"
_PART_OF_MONTH = re.compile(
    rf"{_PREFIX}(?P<part>början|mitten|slutet)\s+av\s+(?P<month>[^\W\d_]+)\.?{_YEAR}"
)
_MONTH = re.compile(rf"{_PREFIX}(?P<month>[^\W\d_]+)\.?(?:\s+månad)?{_YEAR}")
_ISO_MONTH = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})")
_WEEK = re.compile(rf"(?:v\.?|vecka)\s*(?P<week>\d{{1,2}}){_YEAR}")
_ISO_WEEK = re.compile(r"(?P<year>\d{4})-?w(?P<week>\d{1,2})")
_TERM = re.compile(rf"{_PREFIX}(?P<term>vår|höst)(?:en)?{_YEAR}")
_WHOLE_YEAR = re.compile(rf"{_PREFIX}(?P<year>\d{{4}})")


@dataclass(frozen=True)
class DueWindow:
    """The days a deadline may fall on, how precisely it was given, and the words used."""

    first: dt.date
    last: dt.date
    precision: str
    phrase: str

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS or self.first > self.last:
            raise ValueError(f"Not a due window: {self}")

    @property
    def label(self) -> str:
        """The window in Swedish: ``början av februari 2024``, ``vecka 12 2024``, ``2025``."""
        month = f"{MONTH_NAMES[self.first.month - 1]} {self.first.year}"
        match self.precision:
            case "early_month" | "mid_month" | "late_month":
                return f"{_PART_WORDS[self.precision]} av {month}"
            case "month":
                return month
            case "week":
                year, week, _ = self.first.isocalendar()
                return f"vecka {week} {year}"
            case "term":
                return f"{_TERM_WORDS[self.first.month]} {self.first.year}"
            case "year":
                return str(self.first.year)
        return self.first.isoformat()


def parse_due(text: str, *, today: dt.date) -> DueWindow:
    """The due window ``text`` stands for; without a year, the next one not over by ``today``."""
    phrase = text.strip()
    words = " ".join(phrase.lower().split())
    kind = _window_kind(words, phrase)
    if kind is None:
        try:
            day = parse_date(phrase, today=today)
        except InputError as err:
            raise InputError('{err}. A due date may also be a window: {forms}', err=err, forms=WINDOW_FORMS) from err
        return DueWindow(day, day, "day", phrase)
    precision, build, year = kind
    if year is not None:
        window = build(validate.year(int(year), repr(phrase)))
        if window is None:
            raise InputError(
                "{year} has 52 ISO weeks, so {phrase!r} does not exist; give a week from 1 to 52 or another year",
                year=year, phrase=phrase
            )
    else:
        # Start a year back (week 1 may begin in December); week 53 recurs within 7 years.
        windows = (build(candidate) for candidate in range(today.year - 1, today.year + 8))
        window = next(w for w in windows if w is not None and w[1] >= today)
    return DueWindow(window[0], window[1], precision, phrase)


def _window_kind(words: str, phrase: str) -> tuple[str, Builder, str | None] | None:
    """Which window the lower-cased ``words`` name, how to build it, and the year if given.

    None means the words are no window, so they should be a day.
    """
    if match := _PART_OF_MONTH.fullmatch(words):
        precision = _PART_PRECISIONS[match["part"]]
        month = _month_number(match["month"], phrase)
        return precision, _month_days(month, *_PART_DAYS[precision]), match["year"]
    if match := _ISO_MONTH.fullmatch(words):
        return "month", _month_days(_month_number(match["month"], phrase), 1, 31), match["year"]
    if match := _WEEK.fullmatch(words) or _ISO_WEEK.fullmatch(words):
        return "week", _week(int(match["week"]), phrase), match["year"]
    if match := _TERM.fullmatch(words):
        first_month = 1 if match["term"] == "vår" else 7
        return "term", _term(first_month), match["year"]
    if match := _WHOLE_YEAR.fullmatch(words):
        return "year", _whole_year, match["year"]
    if (match := _MONTH.fullmatch(words)) and (named := SWEDISH.month(match["month"])):
        return "month", _month_days(named, 1, 31), match["year"]
    return None


def _month_number(name: str, phrase: str) -> int:
    """The month a Swedish name (``feb``, ``februari``) or a number (``02``) stands for."""
    number = int(name) if name.isdigit() else SWEDISH.month(name)
    if number is None or not 1 <= number <= 12:
        raise InputError(
            "Cannot read the due date {phrase!r}: {name!r} is not a month; give a day (2024-02-14, 14 februari) or a "
            "window: {forms}", phrase=phrase, name=name, forms=WINDOW_FORMS
        )
    return number


def _month_days(month: int, first_day: int, last_day: int) -> Builder:
    """Days ``first_day`` to ``last_day`` of ``month``, the last cut to the month's length."""

    def build(year: int) -> tuple[dt.date, dt.date]:
        start = dt.date(year, month, 1)
        return start + relativedelta(day=first_day), start + relativedelta(day=last_day)

    return build


def _week(week: int, phrase: str) -> Builder:
    """ISO week ``week``, Monday to Sunday; None in years with 52 weeks when it is 53."""
    if not 1 <= week <= 53:
        raise InputError('{phrase!r} has no week {week}; ISO weeks run from 1 to 52 or 53', phrase=phrase, week=week)

    def build(year: int) -> tuple[dt.date, dt.date] | None:
        if dt.date(year, 12, 28).isocalendar().week < week:  # 28 December is in the last week
            return None
        return dt.date.fromisocalendar(year, week, 1), dt.date.fromisocalendar(year, week, 7)

    return build


def _term(first_month: int) -> Builder:
    """The half year from ``first_month``: våren (1) is January-June, hösten (7) July-December."""

    def build(year: int) -> tuple[dt.date, dt.date]:
        start = dt.date(year, first_month, 1)
        return start, start + relativedelta(months=6, days=-1)

    return build


def _whole_year(year: int) -> tuple[dt.date, dt.date]:
    """1 January to 31 December."""
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
