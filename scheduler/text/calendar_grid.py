"""The week and month views as a grid of day columns in the terminal.

Each cell lists the day's meetings (time, title, place) and the deadlines due that day,
wrapped to the column (never cut, so piped output keeps whole values); holidays are named
under the date, and today's date is shown in reverse video on a terminal.
"""

import datetime as dt
import textwrap
from collections.abc import Sequence

from sqlmodel import Session

from scheduler.calendar_view import Day
from scheduler.clock import Clock
from scheduler.occurrences import Instance
from scheduler.text.i18n import _, language
from scheduler.text.labels import MONTH_NAMES, MONTHS, WEEKDAYS, time_label
from scheduler.text.records import deadline_record, meeting_record
from scheduler.text.shapes import DayRecord
from scheduler.workdays import holiday_name

REVERSE, RESET = "\x1b[7m", "\x1b[0m"
DEADLINE_MARK = "! "  # before a deadline due that day, kept on the line with its first word
MIN_COLUMN = 8
SEPARATOR = "│"


def column_width(width: int) -> int:
    """The text width of one day column in a terminal ``width`` wide: seven columns, each
    with a space before its text, six separators."""
    return max(MIN_COLUMN, (width - len(SEPARATOR) * 6) // 7 - 1)


def _wrap(text: str, width: int, indent: str = "", *, first: str | None = None) -> list[str]:
    """``text`` in lines of ``width``; the first line begins with ``first`` (default ``indent``),
    the others with ``indent`` and a space."""
    return textwrap.wrap(text, width, initial_indent=indent if first is None else first,
                         subsequent_indent=indent + " ") or [""]


def _meeting_lines(item: Instance, day: dt.date, tz: dt.tzinfo, width: int) -> list[str]:
    meeting = item.meeting
    start, end = item.start.astimezone(tz), item.end.astimezone(tz)
    if meeting.all_day:
        when = ""
    elif start.date() == day:
        when = time_label(start) + " "
    elif end.date() == day:
        when = _("until {time}").format(time=time_label(end)) + " "
    else:
        when = ""
    lines = _wrap(when + meeting.title, width)
    if meeting.location:
        lines += _wrap(meeting.location, width, indent=" ")
    return lines


def cell(day: Day, tz: dt.tzinfo, width: int, *, header: str) -> tuple[list[str], int]:
    """The lines of one day's cell, and how many of them are the header (date, holiday)."""
    lines = [header]
    if day.holiday:  # the name in the language in use (JSON keeps the Swedish one)
        lines += _wrap(holiday_name(day.date, language()) or day.holiday, width)
    head = len(lines)
    for item in day.meetings:
        lines += _meeting_lines(item, day.date, tz, width)
    for deadline in day.deadlines:
        lines += _wrap(deadline.title, width, first=DEADLINE_MARK)
    return lines, head


def _row(days: Sequence[Day], tz: dt.tzinfo, width: int, color: bool, headers: Sequence[str]) -> list[str]:
    cells = [cell(day, tz, width, header=h) for day, h in zip(days, headers)]
    height = max(len(lines) for lines, _head in cells)
    out = []
    for n in range(height):
        parts = []
        for day, (lines, _head) in zip(days, cells):
            text = lines[n] if n < len(lines) else ""
            padded = " " + text.ljust(width)
            if n == 0 and day.today and color:
                padded = " " + REVERSE + text + RESET + " " * (width - len(text))
            parts.append(padded)
        out.append(SEPARATOR.join(parts).rstrip())
    return out


def _rule(width: int) -> str:
    return "┼".join(["─" * (width + 1)] * 7)


def render_week(days: Sequence[Day], tz: dt.tzinfo, *, width: int, color: bool = False) -> str:
    """A week as seven columns, Monday first, under a heading with the week number."""
    first, last = days[0].date, days[-1].date
    col = column_width(width)
    heading = _("Week {week}, {first} – {last}").format(
        week=first.isocalendar().week, first=f"{first.day} {_(MONTHS[first.month - 1])}",
        last=f"{last.day} {_(MONTHS[last.month - 1])} {last.year}")
    headers = [f"{_(WEEKDAYS[d.date.weekday()])} {d.date.day}"
               + (f" {_(MONTHS[d.date.month - 1])}" if col >= 10 else "")
               for d in days]
    return "\n".join([heading, "", *_row(days, tz, col, color, headers)])


def render_month(weeks: Sequence[Sequence[Day]], tz: dt.tzinfo, *, width: int, color: bool = False) -> str:
    """A month as one row of seven day cells per week, Monday first."""
    middle = weeks[len(weeks) // 2][3].date
    col = column_width(width)
    lines = [f"{_(MONTH_NAMES[middle.month - 1])} {middle.year}".capitalize(), "",
             SEPARATOR.join(" " + _(name).ljust(col) for name in WEEKDAYS).rstrip(), _rule(col)]
    for index, days in enumerate(weeks):
        headers = [str(d.date.day) if d.in_month else f"({d.date.day})" for d in days]
        if index:
            lines.append(_rule(col))
        lines += _row(days, tz, col, color, headers)
    return "\n".join(lines)


def week_record(session: Session, days: Sequence[Day], clock: Clock) -> list[DayRecord]:
    """``week --json`` and ``month --json``: one object per day."""
    return [{"date": d.date.isoformat(), "holiday": d.holiday, "today": d.today,
             "meetings": [meeting_record(session, m, clock) for m in d.meetings],
             "deadlines": [deadline_record(session, x, clock) for x in d.deadlines]} for d in days]
