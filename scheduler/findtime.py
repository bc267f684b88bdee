"""Finding a time a group can meet: candidate slots inside working hours, ranked by who is free.

Busy time comes in per person as intervals, or as ``None`` when it could not be known (a
source that failed): such a person is *unknown*, never counted as free. Slots fall on
Swedish working days that are no holiday eve, inside the working hours, on a fixed step.
"""

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from scheduler.errors import InputError
from scheduler.workdays import is_holiday_eve, is_working_day

MAX_WINDOW_DAYS = 92


class Prefer(StrEnum):
    EARLIEST = "earliest"
    USUAL = "usual"


class Busy(NamedTuple):
    """One busy interval; ``what`` says with what, where the source tells (for the coordinator)."""

    start: dt.datetime
    end: dt.datetime
    what: str | None = None


class Invitee(NamedTuple):
    """Someone asked to the meeting: ``busy`` is None when their calendar is unknown."""

    person_id: int
    name: str
    email: str | None
    required: bool
    busy: tuple[Busy, ...] | None


class Usual(NamedTuple):
    """The series' usual weekday (0 = Monday) and start time, either may be unknown."""

    weekday: int | None = None
    start: dt.time | None = None


@dataclass(frozen=True)
class Request:
    """What to look for: a length inside working hours on the days ``first``..``last``."""

    duration: dt.timedelta
    first: dt.date
    last: dt.date
    hours: tuple[dt.time, dt.time] = (dt.time(8), dt.time(17))
    step: dt.timedelta = dt.timedelta(minutes=30)
    limit: int = 5
    prefer: Prefer = Prefer.EARLIEST
    usual: Usual = field(default_factory=Usual)

    def check(self) -> None:
        """Refuse a request that cannot give a sensible answer."""
        day_length = dt.datetime.combine(self.first, self.hours[1]) - dt.datetime.combine(
            self.first, self.hours[0])
        if day_length <= dt.timedelta(0):
            raise InputError("The working hours end before they start: give e.g. --hours 08.00-17.00.")
        if self.duration > day_length:
            raise InputError("A meeting of {length} does not fit in working hours of {hours}: "
                "give a shorter --duration or wider --hours.", length=_hours(self.duration), hours=_hours(day_length))
        if self.first > self.last:
            raise InputError("--from {first} is after --to {last}: give them in order.", first=self.first,
                             last=self.last)
        if (self.last - self.first).days + 1 > MAX_WINDOW_DAYS:
            raise InputError("The window {first}..{last} is longer than {days} days: search a shorter window.",
                             first=self.first, last=self.last, days=MAX_WINDOW_DAYS)
        if self.step <= dt.timedelta(0) or self.step > dt.timedelta(days=1):
            raise InputError("--step must be a positive length of at most a day, e.g. 30m.")
        if self.limit < 1:
            raise InputError("--limit must be 1 or more.")


class Candidate(NamedTuple):
    start: dt.datetime
    end: dt.datetime
    free: tuple[Invitee, ...]
    busy: tuple[tuple[Invitee, tuple[Busy, ...]], ...]
    unknown: tuple[Invitee, ...]

    @property
    def required_busy(self) -> int:
        return sum(1 for person, _ in self.busy if person.required)

    @property
    def required_unknown(self) -> int:
        return sum(1 for person in self.unknown if person.required)

    @property
    def optional_busy(self) -> int:
        return sum(1 for person, _ in self.busy if not person.required)


def _hours(length: dt.timedelta) -> str:
    minutes = int(length.total_seconds() // 60)
    return f"{minutes // 60}h{minutes % 60:02d}m" if minutes % 60 else f"{minutes // 60}h"


def meeting_days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """The days in ``first``..``last`` one can meet on: working days that are no holiday eve."""
    day = first
    while day <= last:
        if is_working_day(day) and not is_holiday_eve(day):
            yield day
        day += dt.timedelta(days=1)


def slots(request: Request, tz: dt.tzinfo) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """Every start on the step inside working hours, on the days one can meet."""
    for day in meeting_days(request.first, request.last):
        start = dt.datetime.combine(day, request.hours[0], tz)
        closing = dt.datetime.combine(day, request.hours[1], tz)
        while start + request.duration <= closing:
            yield start, start + request.duration
            start += request.step


def overlapping(busy: Sequence[Busy], start: dt.datetime, end: dt.datetime) -> tuple[Busy, ...]:
    return tuple(item for item in busy if item.start < end and item.end > start)


def candidate(invitees: Sequence[Invitee], start: dt.datetime, end: dt.datetime) -> Candidate:
    free: list[Invitee] = []
    busy: list[tuple[Invitee, tuple[Busy, ...]]] = []
    unknown: list[Invitee] = []
    for person in invitees:
        if person.busy is None:
            unknown.append(person)
            continue
        hits = overlapping(person.busy, start, end)
        if hits:
            busy.append((person, hits))
        else:
            free.append(person)
    return Candidate(start, end, tuple(free), tuple(busy), tuple(unknown))


def _usual_rank(request: Request, start: dt.datetime) -> int:
    """0 on the usual weekday at the usual time, 1 on one of them, 2 on neither."""
    usual = request.usual
    return (usual.weekday != start.weekday()) + (usual.start != start.time())


def rank_key(request: Request, item: Candidate) -> tuple:
    """All required free first, then fewer required busy or unknown, optional people break ties."""
    preference = _usual_rank(request, item.start) if request.prefer is Prefer.USUAL else 0
    return (item.required_busy, item.required_unknown, item.optional_busy, preference, item.start)


def ranked(request: Request, invitees: Sequence[Invitee], tz: dt.tzinfo) -> list[Candidate]:
    """The best ``limit`` slots, none overlapping another that ranks higher."""
    request.check()
    ordered = sorted((candidate(invitees, start, end) for start, end in slots(request, tz)),
                    key=lambda item: rank_key(request, item))
    chosen: list[Candidate] = []
    for item in ordered:
        if all(item.end <= other.start or item.start >= other.end for other in chosen):
            chosen.append(item)
            if len(chosen) == request.limit:
                break
    return chosen
