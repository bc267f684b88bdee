"""Booking a person into a meeting as ``attend`` does: the participation, then a warning for
each conflict it makes (``attendance`` cannot warn itself: ``conflicts`` builds on it)."""

from typing import Any

from sqlmodel import Session

from scheduler.attendance import Attendee, attend, attendees
from scheduler.clock import Clock
from scheduler.conflicts import warn_conflicts
from scheduler.store.models import Meeting, Person


def take_part(session: Session, clock: Clock, meeting: Meeting, person: Person, **how: Any) -> Attendee:
    """Set how ``person`` takes part in ``meeting`` (``how``: the keywords of
    ``attendance.attend``), warn about the conflicts that makes, and return the attendee."""
    attend(session, meeting, person, tz=clock.tz, **how)
    warn_conflicts(session, clock, meeting, person)
    [row] = attendees(session, meeting, person)
    return row
