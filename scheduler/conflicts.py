"""People and places booked twice at once.

A person is busy during their window of a meeting (the whole meeting without one) unless
recorded absent or declined; a place is busy for the whole meeting. Occurrences of recurring meetings
count; cancelled meetings and date-only meetings (time not yet set) do not.
"""

import datetime as dt
import warnings
from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

from sqlmodel import Session

from scheduler.attendance import Attendee, attendees
from scheduler.clock import Clock
from scheduler.errors import SchedulerWarning
from scheduler.occurrences import Instance, instances_between
from scheduler.selection import Selection
from scheduler.store.models import Meeting, Mode, Person, Rsvp

RECURRENCE_HORIZON = dt.timedelta(days=365)


class Conflict(NamedTuple):
    kind: str  # "person" or "place"
    who: str  # the person's name or the place
    instances: tuple[Instance, Instance]
    start: dt.datetime  # the overlap
    end: dt.datetime


class Booking(NamedTuple):
    key: tuple[str, object]  # ("person", id) or ("place", normalised name)
    who: str
    instance: Instance
    start: dt.datetime
    end: dt.datetime


def bookings(session: Session, instances: list[Instance], tz: dt.tzinfo) -> list[Booking]:
    """Who and what each timed instance books, and when."""
    found: list[Booking] = []
    people: dict[int, list[Attendee]] = {}
    for instance in instances:
        if instance.meeting.all_day:
            continue
        location = (instance.meeting.location or "").strip()
        if location:
            found.append(Booking(("place", location.lower()), location, instance,
                                 instance.start, instance.end))
        root = instance.root
        if root.id not in people:
            people[root.id] = attendees(session, root)  # type: ignore[index]
        for attendee in people[root.id]:  # type: ignore[index]
            if attendee.mode != Mode.ABSENT and attendee.rsvp != Rsvp.DECLINED:
                first, last = attendee.span(instance.start, instance.end, tz)
                found.append(Booking(("person", attendee.person_id), attendee.name, instance,
                                     first, last))
    return found


def overlaps(found: list[Booking]) -> list[Conflict]:
    """Every pair of bookings of one person or place that overlap (touching is fine)."""
    groups: dict[tuple[str, object], list[Booking]] = defaultdict(list)
    for booking in found:
        groups[booking.key].append(booking)
    conflicts = []
    for key, group in groups.items():
        group.sort(key=lambda b: (b.start, b.instance.id))
        for i, first in enumerate(group):
            for second in group[i + 1:]:
                if second.start >= first.end:
                    break
                if second.instance is not first.instance:
                    conflicts.append(Conflict(str(key[0]), first.who,
                                              (first.instance, second.instance),
                                              second.start, min(first.end, second.end)))
    return sorted(conflicts, key=lambda c: (c.start, c.kind, c.who))


def conflicts(session: Session, clock: Clock, selection: Selection) -> list[Conflict]:
    """Conflicts in the meetings of ``selection``'s window."""
    return overlaps(bookings(session, selection.instances(session, clock), clock.tz))


def conflicts_of(session: Session, clock: Clock, meeting: Meeting,
                 person: Person | None = None) -> list[Conflict]:
    """The conflicts that ``meeting`` takes part in (or one person's in it).

    ``meeting`` is a single meeting, a recurring master (its occurrences for a year from
    now) or the override of one occurrence.
    """
    def is_own(instance: Instance) -> bool:
        return meeting.id in (instance.meeting.id, instance.root.id)

    first = max(meeting.start, clock.now) if meeting.rrule else meeting.start
    last = first + RECURRENCE_HORIZON if meeting.rrule else meeting.end
    nearby = instances_between(session, first, last)
    own = [i for i in nearby if is_own(i)]
    nearby = [i for i in nearby if any(i.start < o.end and o.start < i.end for o in own)]
    found = bookings(session, nearby, clock.tz)
    if person is not None:
        found = [b for b in found if b.key == ("person", person.id)]
    return [c for c in overlaps(found) if any(is_own(i) for i in c.instances)]


class ConflictWarning(SchedulerWarning):
    """The conflicts of one kind between the same two meetings at the same time (``group``);
    ``scheduler.text.wording.warning_text`` words it for people."""

    def __init__(self, group: Sequence[Conflict], tz: dt.tzinfo):
        self.group, self.tz = list(group), tz
        first, second = group[0].instances
        super().__init__(f"{', '.join(c.who for c in group)}: meetings {first.id} and {second.id} "
                         f"at the same time, {group[0].start.astimezone(tz).isoformat()}.")


def warn_conflicts(session: Session, clock: Clock, meeting: Meeting,
                   person: Person | None = None) -> None:
    """Warnings for the conflicts of ``meeting`` (or of ``person`` in it), one per pair and time."""
    groups: dict[tuple[object, ...], list[Conflict]] = defaultdict(list)
    for conflict in conflicts_of(session, clock, meeting, person):
        first, second = conflict.instances
        groups[(conflict.kind, first.id, first.start, second.id, second.start,
                conflict.start, conflict.end)].append(conflict)
    for group in groups.values():
        warnings.warn(ConflictWarning(group, clock.tz), stacklevel=2)
