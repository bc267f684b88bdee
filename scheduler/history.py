"""The append-only revision log: every create, edit and cancel leaves a trace."""

import datetime as dt
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from scheduler.clock import utcnow
from scheduler.store.models import Meeting, Revision


def as_text(value: object) -> str | None:
    """How a value is written in the log: ISO 8601 for dates and times, None as null."""
    if value is None:
        return None
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def record(
    session: Session,
    entity: str,
    entity_id: int | None,
    field: str,
    old: object,
    new: object,
    *,
    reason: str | None = None,
    at: dt.datetime | None = None,
) -> Revision:
    assert entity_id is not None, "a row is recorded once it has its id (after a flush)"
    revision = Revision(
        entity=entity, entity_id=entity_id, field=field, old=as_text(old), new=as_text(new),
        at=at or utcnow(), reason=reason,
    )
    session.add(revision)
    return revision


def revisions(session: Session, entity: str, entity_id: int | None) -> list[Revision]:
    query = (
        select(Revision)
        .where(Revision.entity == entity, Revision.entity_id == entity_id)
        .order_by(Revision.at, Revision.id)  # type: ignore[arg-type]
    )
    return list(session.exec(query).all())


def meeting_revisions(session: Session, meeting: Meeting) -> tuple[list[Revision], dict[int, dt.date]]:
    """A meeting's revisions and those of its changed occurrences, oldest first, and the
    original date of each occurrence row (by its id)."""
    rows = session.exec(select(Meeting).where(Meeting.master_id == meeting.id)).all()
    occurrences = {row.id: row.recurrence_id.astimezone(ZoneInfo(row.tzid)).date()
                   for row in rows if row.id is not None and row.recurrence_id is not None}
    query = (
        select(Revision)
        .where(Revision.entity == "meeting",
               col(Revision.entity_id).in_([meeting.id, *occurrences]))
        .order_by(col(Revision.id))
    )
    return list(session.exec(query).all()), occurrences


def latest(session: Session, *, entity: str | None = None, entity_id: int | None = None,
           limit: int | None = None) -> list[Revision]:
    """The last ``limit`` revisions (of one kind of entity, or one entity), oldest first."""
    query = select(Revision)
    if entity is not None:
        query = query.where(Revision.entity == entity)
    if entity_id is not None:
        query = query.where(Revision.entity_id == entity_id)
    query = query.order_by(col(Revision.id).desc())
    if limit is not None:
        query = query.limit(limit)
    return list(reversed(session.exec(query).all()))
