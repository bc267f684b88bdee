"""What a listing covers: a time window and, optionally, one series or one person's own
meetings and deadlines.

Every listing (upcoming, meeting list, deadlines, notices, pending, conflicts, export) takes
one ``Selection`` made by ``select``, so ``--from``, ``--to``, ``--days``, ``--series`` and
``--person`` mean the same everywhere.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any, NamedTuple

from sqlmodel import Session, col, or_, select

from scheduler import limits
from scheduler.clock import YEAR, Clock, When
from scheduler.errors import InputError
from scheduler.occurrences import Instance, instances_between
from scheduler.store.models import Deadline, Meeting, Participation, Person, Series


class Selection(NamedTuple):
    """A window [start, end] (either open: None) and, when given, one series or one person.

    ``overdue``: the window starts now, so open deadlines due before it count too.
    """

    start: dt.datetime | None = None
    end: dt.datetime | None = None
    series: Series | None = None
    person: Person | None = None
    overdue: bool = False

    @property
    def windowed(self) -> bool:
        return self.start is not None or self.end is not None

    def instances(self, session: Session, clock: Clock, *, include_cancelled: bool = False,
                  ) -> list[Instance]:
        """The meetings and occurrences in the window (from now, and a year on, where it is
        open), of the series and the person when given, by start."""
        first = self.start or clock.now
        last = self.end or first + YEAR
        if last - first > dt.timedelta(days=limits.DAYS_MAX):
            raise InputError("--from and --to span more than {days} days: list a shorter window.",
                             days=limits.DAYS_MAX)
        found = instances_between(session, first, last, include_cancelled=include_cancelled,
                                  series_id=self.series.id if self.series else None)
        return self.own(session, found)

    def own(self, session: Session, instances: Iterable[Instance]) -> list[Instance]:
        """``instances`` that are the person's own (all of them without a person)."""
        if self.person is None:
            return list(instances)
        mine = own_meetings(session, self.person)
        return [i for i in instances if i.meeting.id in mine or i.root.id in mine]

    def meetings(self, session: Session) -> list[Meeting]:
        """Meetings and recurring masters (not occurrences) of the series and the person that
        start by the window's end, by start."""
        query = select(Meeting).where(col(Meeting.master_id).is_(None))
        if self.end is not None:
            query = query.where(Meeting.start <= self.end)
        if self.series is not None:
            query = query.where(Meeting.series_id == self.series.id)
        if self.person is not None:
            query = query.where(col(Meeting.id).in_(own_meetings(session, self.person)))
        return list(session.exec(query.order_by(col(Meeting.start), col(Meeting.id))).all())

    def deadline_query(self, clock: Clock, query: Any) -> Any:
        """``query`` (of Deadline) narrowed to deadlines due in the window (with ``overdue``,
        every earlier one too), tied to a meeting of the series, owned by the person."""
        if self.start is not None and not self.overdue:
            query = query.where(Deadline.due >= clock.local(self.start).date())
        if self.end is not None:
            query = query.where(Deadline.due <= clock.local(self.end).date())
        if self.series is not None:
            in_series = select(Meeting.id).where(Meeting.series_id == self.series.id)
            query = query.where(col(Deadline.meeting_id).in_(in_series))
        if self.person is not None:
            query = query.where(Deadline.owner_id == self.person.id)
        return query


def own_meetings(session: Session, person: Person) -> set[int]:
    """Ids of the meetings ``person`` takes part in or organizes (as the meeting's organizer,
    or as its series' secretary when the meeting names none)."""
    taking_part = select(Participation.meeting_id).where(Participation.person_id == person.id)
    secretary = select(Series.id).where(Series.secretary_id == person.id)
    query = select(Meeting.id).where(or_(
        col(Meeting.id).in_(taking_part),
        Meeting.organizer_id == person.id,
        col(Meeting.organizer_id).is_(None) & col(Meeting.series_id).in_(secretary),
    ))
    return {number for number in session.exec(query).all() if number is not None}


def select_window(clock: Clock, *, start: When | None = None, end: When | None = None,
                  days: int | None = None, default_days: int | None = None,
                  series: Series | None = None, person: Person | None = None) -> Selection:
    """The selection that --from, --to and --days give (a date ``start`` means 00.00 that day,
    a date ``end`` the end of that day):

    - ``--from`` and ``--to``: that window;
    - ``--days N``: N days on from ``--from``, N days back from ``--to``, or, alone, from now
      until the end of day today + N;
    - ``--from`` alone: from then on (``default_days`` on, where the listing has a horizon);
      ``--to`` alone: from now until then;
    - none: from now, ``default_days`` on; without a ``default_days``, everything.

    A window that starts now takes overdue deadlines too.
    """
    if days is not None and start is not None and end is not None:
        raise InputError("Give --days with --from or with --to, not with both: --days N counts "
                         "on from --from or back from --to.")
    first = clock.instant(start) if start is not None else None
    last = clock.instant(end, end=True) if end is not None else None
    length = days if days is not None else default_days
    if last is not None and days is not None:
        first = clock.day_start(clock.local(last).date() - dt.timedelta(days=days))
    elif last is None and length is not None:
        last = clock.day_end(clock.local(first or clock.now).date() + dt.timedelta(days=length))
    if last is not None and first is None:
        if last < clock.now:
            raise InputError("--to {end} is before now: give --from too, to look back.",
                             end=shown(end if end is not None else last, clock))
        return Selection(clock.now, last, series, person, overdue=True)
    if first is not None and last is not None and last < first:
        raise InputError("--to {end} is before --from {start}: swap them.",
                         end=shown(end if end is not None else last, clock),
                         start=shown(start if start is not None else first, clock))
    return Selection(first, last, series, person)


def shown(when: When, clock: Clock) -> str:
    """A date as ISO, a moment as its local date and time, for a message."""
    if isinstance(when, dt.datetime):
        return f"{clock.local(when):%Y-%m-%d %H:%M}"
    return when.isoformat()
