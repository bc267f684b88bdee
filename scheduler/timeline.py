"""What is coming: meetings and deadlines from the product's "now" on, in one time line."""

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from scheduler.clock import Clock
from scheduler.deadlines import open_deadlines
from scheduler.deliveries import tallies
from scheduler.notices import Key, Notice, key, notices_for, upcoming_notices
from scheduler.occurrences import Instance, instances_between
from scheduler.store.models import Deadline


def horizon(clock: Clock, days: int) -> dt.datetime:
    """The end of day today + ``days``: midnight after it, local time."""
    return clock.day_end(clock.today + dt.timedelta(days=days))


def upcoming(session: Session, clock: Clock, days: int = 30) -> list[Instance | Deadline]:
    """Meetings that end at or after now and start by the end of day today+days, and the
    open deadlines due by then (overdue ones included), sorted by time."""
    meetings = instances_between(session, clock.now, horizon(clock, days))
    deadlines = open_deadlines(session, clock, days=days)

    def moment(item: Instance | Deadline) -> dt.datetime:
        if isinstance(item, Instance):
            return item.start
        return clock.day_start(item.due)

    return sorted([*meetings, *deadlines], key=moment)


@dataclass(frozen=True)
class Coming:
    """``upcoming``: meetings and deadlines in time order, and the meetings' notices."""

    items: list[Instance | Deadline]
    notices: dict[Key, Notice]
    untold: dict[Key, tuple[int, int]]  # each meeting's untold recipients, and all of them


def coming(session: Session, clock: Clock, days: int = 30) -> Coming:
    """What ``upcoming`` shows: ``upcoming`` with the notices of its meetings and how many
    of their recipients have not been sent the latest version."""
    items = upcoming(session, clock, days)
    meetings = [i for i in items if isinstance(i, Instance)]
    counts = {key(t.instance): (len(t.untold), t.recipients) for t in tallies(session, meetings)}
    return Coming(items, notices_for(session, clock, meetings), counts)


def flagged(session: Session, clock: Clock, days: int = 30,
            since: dt.datetime | None = None) -> list[tuple[Instance, Notice]]:
    """What ``notices`` shows: the meetings until the end of day today + ``days`` that have a
    notice (with ``since``, one that arose then or later), in time order."""
    found = instances_between(session, clock.now, horizon(clock, days))
    return upcoming_notices(session, clock, found, since=since)
