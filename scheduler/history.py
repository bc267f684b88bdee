"""The append-only revision log: every create, edit and cancel leaves a trace."""

import datetime as dt
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlmodel import Session, and_, col, or_, select

from scheduler.clock import utcnow
from scheduler.store.models import AgendaItem, Invitation, Meeting, Participation, Person, Revision


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
        entity=entity, entity_id=entity_id, meeting_id=meeting_of(session, entity, entity_id),
        field=field, old=as_text(old), new=as_text(new), at=at or utcnow(), reason=reason,
    )
    session.add(revision)
    return revision


def meeting_of(session: Session, entity: str, entity_id: int) -> int | None:
    """The meeting (a recurring master, for one of its occurrences) a change belongs to."""
    if entity == "meeting":
        row = session.get(Meeting, entity_id)
        return (row.master_id or row.id) if row else entity_id
    part: Participation | AgendaItem | None = None
    if entity == "participation":
        part = session.get(Participation, entity_id)
    elif entity == "agendaitem":
        part = session.get(AgendaItem, entity_id)
    return part.meeting_id if part else None


def revisions(session: Session, entity: str, entity_id: int | None) -> list[Revision]:
    query = (
        select(Revision)
        .where(Revision.entity == entity, Revision.entity_id == entity_id)
        .order_by(Revision.at, Revision.id)  # type: ignore[arg-type]
    )
    return list(session.exec(query).all())


class Change(NamedTuple):
    """One revision of a meeting, its attendance, agenda or documents, or an occurrence."""

    at: dt.datetime
    entity: str  # meeting, participation, agendaitem
    field: str
    old: str | None
    new: str | None
    reason: str | None
    occurrence: dt.date | None  # the occurrence it changed (its original date), if only one
    subject: str | None = None  # whose attendance or which agenda item ("1. Budget 2025")


class Delivered(NamedTuple):
    """One delivery of a meeting to some recipients: written to a file, sent by e-mail, or
    written earlier and marked sent (``marked``)."""

    at: dt.datetime
    state: str  # written, sent, marked
    channel: str
    method: str
    sequence: int
    occurrence: dt.date | None
    recipients: list[str]


def meeting_history(session: Session, meeting: Meeting) -> list[Change | Delivered]:
    """Every change of ``meeting`` (its occurrences, attendance, agenda and documents
    included) and every delivery of it, oldest first."""
    tz = ZoneInfo(meeting.tzid)
    rows, days = meeting_revisions(session, meeting)
    subjects = {(r.entity, r.entity_id): (r.new or "").split(", ", 1)[-1].split(":")[0]
                for r in rows if r.entity != "meeting" and r.old is None
                and r.field in ("participation", "created")}
    found: list[Change | Delivered] = [
        Change(r.at, r.entity, r.field, r.old, r.new, r.reason,
               days.get(r.entity_id) if r.entity == "meeting" else None,
               subjects.get((r.entity, r.entity_id))) for r in rows]
    groups: dict[tuple, list[Invitation]] = {}
    for row in session.exec(select(Invitation).where(Invitation.meeting_id == meeting.id)
                            .order_by(col(Invitation.id))).all():
        first = "sent" if row.channel == "smtp" else "written"
        groups.setdefault((row.issued_at, first, row.channel, row.method, row.sequence,
                           row.recurrence_id), []).append(row)
        if row.sent_at is not None and first == "written":
            groups.setdefault((row.sent_at, "marked", row.channel, row.method, row.sequence,
                               row.recurrence_id), []).append(row)
    for (at, state, channel, method, sequence, recurrence_id), group in groups.items():
        people = [session.get(Person, r.person_id) if r.person_id else None for r in group]
        found.append(Delivered(at, state, channel, method, sequence,
                               recurrence_id.astimezone(tz).date() if recurrence_id else None,
                               [p.name if p else (r.email or "") for p, r in zip(people, group)]))
    return sorted(found, key=lambda entry: entry.at)


def meeting_revisions(session: Session, meeting: Meeting) -> tuple[list[Revision], dict[int, dt.date]]:
    """A meeting's revisions (its occurrences', attendance, agenda and documents included),
    oldest first, and the original date of each occurrence row (by its id)."""
    rows = session.exec(select(Meeting).where(Meeting.master_id == meeting.id)).all()
    occurrences = {row.id: row.recurrence_id.astimezone(ZoneInfo(row.tzid)).date()
                   for row in rows if row.id is not None and row.recurrence_id is not None}
    query = (
        select(Revision)
        .where(or_(Revision.meeting_id == meeting.id,
                   and_(col(Revision.entity) == "meeting",
                        col(Revision.entity_id).in_([meeting.id, *occurrences]))))
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
