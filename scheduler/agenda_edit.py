"""Changing an agenda: edit an item, remove one, move one to another place.

Items stay numbered 1, 2, ... without gaps; each change is in the history (``agendaitem``).
"""

import datetime as dt

from sqlmodel import Session, select

from scheduler import history, windows
from scheduler.agenda import items
from scheduler.attendance import check_open, clock_window
from scheduler.errors import InputError, nonblank
from scheduler.store.models import AgendaItem, Meeting, Participation, Person


def edit_item(session: Session, meeting: Meeting, item: AgendaItem, *, tz: dt.tzinfo,
              title: str | None = None, window: tuple[dt.time, dt.time] | None = None,
              presenter: Person | None = None, clear_window: bool = False,
              ) -> list[tuple[str, object, object]]:
    """Change an item's title, times (inside the meeting) or presenter."""
    check_open(meeting)
    wanted: dict[str, object] = {}
    if title is not None:
        wanted["title"] = nonblank(title, "An agenda item needs a title.")
    if presenter is not None:
        wanted["presenter_id"] = presenter.id
    changes: list[tuple[str, object, object]] = []
    if clear_window or window is not None:
        offsets = windows.offsets_of(meeting, window, tz) if window is not None else (None, None)
        before = clock_window(session, item)
        item.offset_from, item.offset_to = offsets
        after = clock_window(session, item)
        if after != before:
            shown = ["-".join(t for t in pair if t) or None for pair in (before, after)]
            history.record(session, "agendaitem", item.id, "window", shown[0], shown[1])
            changes.append(("window", shown[0], shown[1]))
    for field, new in wanted.items():
        old = getattr(item, field)
        if old != new:
            setattr(item, field, new)
            history.record(session, "agendaitem", item.id, field, old, new)
            changes.append((field, old, new))
    session.add(item)
    session.flush()
    return changes


def _renumber(session: Session, ordered: list[AgendaItem]) -> None:
    """Give ``ordered`` the positions 1, 2, ... (in two steps: positions are unique)."""
    for index, item in enumerate(ordered, start=1):
        item.position = -index
        session.add(item)
    session.flush()
    for item in ordered:
        item.position = -item.position
        session.add(item)
    session.flush()


def remove_item(session: Session, meeting: Meeting, item: AgendaItem) -> None:
    """Delete an item; those after it move up one place."""
    check_open(meeting)
    history.record(session, "agendaitem", item.id, "removed",
                   f"meeting {meeting.id}, {item.position}. {item.title}", None)
    for row in session.exec(select(Participation).where(Participation.agenda_item_id == item.id)):
        row.agenda_item_id = None
        session.add(row)
    rest = [i for i in items(session, meeting) if i.id != item.id]
    session.delete(item)
    session.flush()
    _renumber(session, rest)


def move_item(session: Session, meeting: Meeting, item: AgendaItem, to: int) -> None:
    """Put an item at place ``to`` (1 = first); the others keep their order."""
    check_open(meeting)
    ordered = [i for i in items(session, meeting) if i.id != item.id]
    if not 1 <= to <= len(ordered) + 1:
        raise InputError("Place {to} is outside the agenda: give 1–{count}.", to=to, count=len(ordered) + 1)
    old = item.position
    if old == to:
        return
    ordered.insert(to - 1, item)
    history.record(session, "agendaitem", item.id, "position", old, to)
    _renumber(session, ordered)
