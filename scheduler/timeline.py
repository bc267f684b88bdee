"""What is coming: the meetings and deadlines of a selection in one time line."""

import datetime as dt
from typing import NamedTuple

from sqlmodel import Session

from scheduler.clock import Clock
from scheduler.deadlines import open_deadlines
from scheduler.deliveries import tallies
from scheduler.notices import Key, Notice, key, notices_for, upcoming_notices
from scheduler.occurrences import Instance
from scheduler.selection import Selection
from scheduler.store.models import Deadline


def upcoming(session: Session, clock: Clock, selection: Selection) -> list[Instance | Deadline]:
    """The meetings and occurrences in ``selection`` and its open deadlines (overdue ones
    included when it starts now), sorted by time."""
    meetings = selection.instances(session, clock)
    deadlines = open_deadlines(session, clock, selection)

    def moment(item: Instance | Deadline) -> dt.datetime:
        if isinstance(item, Instance):
            return item.start
        return clock.day_start(item.due)

    return sorted([*meetings, *deadlines], key=moment)


class Coming(NamedTuple):
    """``upcoming``: meetings and deadlines in time order, and the meetings' notices."""

    items: list[Instance | Deadline]
    notices: dict[Key, Notice]
    untold: dict[Key, tuple[int, int]]  # each meeting's untold recipients, and all of them


def coming(session: Session, clock: Clock, selection: Selection) -> Coming:
    """What ``upcoming`` shows: ``upcoming`` with the notices of its meetings and how many
    of their recipients have not been sent the latest version."""
    items = upcoming(session, clock, selection)
    meetings = [i for i in items if isinstance(i, Instance)]
    tallied = {key(t.instance): t for t in tallies(session, meetings)}
    counts = {k: (len(t.untold), t.recipients) for k, t in tallied.items()}
    return Coming(items, notices_for(session, clock, meetings, tallied), counts)


def flagged(session: Session, clock: Clock, selection: Selection,
            since: dt.datetime | None = None) -> list[tuple[Instance, Notice]]:
    """What ``notices`` shows: the meetings in ``selection`` that have a notice (with
    ``since``, one that arose then or later), in time order."""
    found = selection.instances(session, clock)
    return upcoming_notices(session, clock, found, since=since)
