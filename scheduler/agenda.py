"""A meeting's agenda: numbered items, each with optional times (a window, see ``windows``)
and a presenter."""

import datetime as dt

from sqlalchemy import func
from sqlmodel import Session, col, select

from scheduler import history, windows
from scheduler.errors import NotFoundError, Phrase, nonblank
from scheduler.store.models import AgendaItem, Meeting, Person
from scheduler.windows import check_open


def items(session: Session, meeting: Meeting) -> list[AgendaItem]:
    """The meeting's agenda in order."""
    query = select(AgendaItem).where(AgendaItem.meeting_id == meeting.id).order_by(col(AgendaItem.position))
    return list(session.exec(query).all())


def find_item(session: Session, meeting: Meeting, number: int) -> AgendaItem:
    """Agenda item ``number`` (1, 2, ...) of ``meeting``."""
    item = session.exec(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting.id, AgendaItem.position == number)
    ).first()
    if item is None:
        count = len(items(session, meeting))
        known = Phrase("it has items 1–{count}", count=count) if count else Phrase("it has no agenda yet")
        raise NotFoundError("Meeting {id} has no agenda item {number}: {known} (see 'scheduler agenda list {id}').",
                            id=meeting.id, number=number, known=known)
    return item


def add_item(
    session: Session,
    meeting: Meeting,
    title: str,
    *,
    tz: dt.tzinfo,
    window: tuple[dt.time, dt.time] | None = None,
    presenter: Person | None = None,
) -> AgendaItem:
    """Append an item to the meeting's agenda; its times must lie inside the meeting."""
    check_open(meeting)
    title = nonblank(title, "An agenda item needs a title.")
    last = session.exec(
        select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting.id)
    ).one()
    item = AgendaItem(meeting_id=meeting.id, position=(last or 0) + 1, title=title,  # type: ignore[arg-type]
                      presenter_id=presenter.id if presenter else None)
    if window is not None:
        item.offset_from, item.offset_to = windows.offsets_of(meeting, window, tz)
    session.add(item)
    session.flush()
    history.record(session, "agendaitem", item.id, "created", None,
                   f"meeting {meeting.id}, {item.position}. {title}")
    return item
