"""The append-only revision log: every create, edit and cancel leaves a trace."""

import datetime as dt

from sqlmodel import Session, select

from scheduler.clock import utcnow
from scheduler.models import Revision


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
    entity_id: int,
    field: str,
    old: object,
    new: object,
    *,
    reason: str | None = None,
    at: dt.datetime | None = None,
) -> Revision:
    revision = Revision(
        entity=entity, entity_id=entity_id, field=field, old=as_text(old), new=as_text(new),
        at=at or utcnow(), reason=reason,
    )
    session.add(revision)
    return revision


def revisions(session: Session, entity: str, entity_id: int) -> list[Revision]:
    query = (
        select(Revision)
        .where(Revision.entity == entity, Revision.entity_id == entity_id)
        .order_by(Revision.at, Revision.id)  # type: ignore[arg-type]
    )
    return list(session.exec(query).all())
