"""What ``meeting show`` tells about one meeting or occurrence (no iCalendar needed)."""

from typing import NamedTuple

from sqlmodel import Session

from scheduler.clock import Clock
from scheduler.deliveries import Tally, last_received, tally
from scheduler.notices import Notice, notice_for
from scheduler.occurrences import Instance, single
from scheduler.store.models import Invitation, Meeting, Person


class MeetingView(NamedTuple):
    """What ``meeting show`` tells: the meeting (or one occurrence), its notice of a new
    time or place, and the last message each recipient got."""

    instance: Instance
    notice: Notice | None
    received: list[tuple[Invitation, Person | None]]
    tally: Tally  # who has not been sent its latest version


def meeting_view(session: Session, clock: Clock, meeting: Meeting, instance: Instance | None = None) -> MeetingView:
    """The ``MeetingView`` of ``meeting``, or of its occurrence ``instance``."""
    instance = instance or single(meeting)
    return MeetingView(instance, notice_for(session, clock, instance), last_received(session, meeting),
                       tally(session, instance))
