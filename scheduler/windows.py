"""A part of a meeting: a window of local times inside it, for an agenda item or an attendee."""

import datetime as dt

from scheduler.errors import InputError, StateError
from scheduler.store.models import Meeting, Status


def check_open(meeting: Meeting) -> None:
    """Refuse to change who attends a cancelled meeting."""
    if meeting.status == Status.CANCELLED:
        raise StateError(f"Meeting {meeting.id} '{meeting.title}' is cancelled: "
                         "reopen it with 'meeting edit --reopen' first.")


def window_span(day: dt.date, first: str, last: str, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    """A window of ``HH:MM`` local times on ``day`` as aware instants."""
    return (dt.datetime.combine(day, dt.time.fromisoformat(first), tz),
            dt.datetime.combine(day, dt.time.fromisoformat(last), tz))


def whole_meeting(meeting: Meeting, first: str, last: str, tz: dt.tzinfo) -> bool:
    if meeting.all_day:
        return False
    start = meeting.start.astimezone(tz)
    return window_span(start.date(), first, last, tz) == (start, meeting.end.astimezone(tz))


def check_window(meeting: Meeting, window: tuple[dt.time, dt.time], tz: dt.tzinfo) -> tuple[str, str]:
    """The window as ``HH:MM`` strings, if it lies inside the meeting and ``from`` < ``to``.

    Edges exactly at the meeting's start and end are inside.
    """
    first, last = window
    if first >= last:
        raise InputError(f"--from {first:%H.%M} is not before --to {last:%H.%M}: swap them.")
    start, end = meeting.start.astimezone(tz), meeting.end.astimezone(tz)
    if not meeting.all_day and (first < start.time() or (end.date() == start.date() and last > end.time())):
        raise InputError(
            f"The window {first:%H.%M}–{last:%H.%M} is outside the meeting "
            f"{start:%H.%M}–{end:%H.%M}: give times inside it."
        )
    return f"{first:%H:%M}", f"{last:%H:%M}"
