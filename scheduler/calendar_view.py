"""What a week or a month holds, day by day: meetings, deadlines due, holidays, today.

Only the days shown are read (one indexed query for meetings, one for deadlines).
"""

import calendar
import datetime as dt
from typing import NamedTuple

from sqlmodel import Session, select

from scheduler.clock import Clock
from scheduler.occurrences import Instance, instances_between
from scheduler.store.models import Deadline
from scheduler.workdays import holiday_name


class Day(NamedTuple):
    """One day of a calendar view."""

    date: dt.date
    holiday: str | None
    meetings: list[Instance]
    deadlines: list[Deadline]
    today: bool
    in_month: bool = True  # False for the days of a month view that belong to the months around it


def week_days(day: dt.date) -> list[dt.date]:
    """Monday to Sunday of the ISO week of ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    return [monday + dt.timedelta(days=n) for n in range(7)]


def month_weeks(day: dt.date) -> list[list[dt.date]]:
    """The Monday-to-Sunday weeks that cover the month of ``day``."""
    return calendar.Calendar(firstweekday=0).monthdatescalendar(day.year, day.month)


def calendar_days(session: Session, clock: Clock, days: list[dt.date], *,
                  month: int | None = None) -> list[Day]:
    """``days`` (consecutive) with what happens on each; cancelled meetings are left out."""
    first, last = days[0], days[-1]
    meetings = instances_between(session, clock.day_start(first), clock.day_end(last))
    due = session.exec(
        select(Deadline).where(Deadline.done == False, Deadline.due >= first, Deadline.due <= last)  # noqa: E712
        .order_by(Deadline.due, Deadline.id)  # type: ignore[arg-type]
    ).all()
    found = []
    for day in days:
        begins, ends = clock.day_start(day), clock.day_start(day + dt.timedelta(days=1))
        found.append(Day(
            date=day, holiday=holiday_name(day),
            meetings=[m for m in meetings if m.start < ends and m.end > begins],
            deadlines=[d for d in due if d.due == day],
            today=day == clock.today,
            in_month=month is None or day.month == month,
        ))
    return found


def week(session: Session, clock: Clock, day: dt.date) -> list[Day]:
    return calendar_days(session, clock, week_days(day))


def month(session: Session, clock: Clock, day: dt.date) -> list[list[Day]]:
    weeks = month_weeks(day)
    days = calendar_days(session, clock, [d for w in weeks for d in w], month=day.month)
    return [days[i:i + 7] for i in range(0, len(days), 7)]
