"""Deadlines: a due window (first and last day), exact or vague, optionally tied to a meeting."""

import datetime as dt
import uuid

from sqlmodel import Session, select

from scheduler import history
from scheduler.clock import Clock, utcnow
from scheduler.errors import InputError, NotFoundError, StateError, warn
from scheduler.models import KINDS, Deadline, Meeting, Person


def deadline_uid(key: str | None = None) -> str:
    if key:
        return f"{uuid.uuid5(uuid.NAMESPACE_URL, 'scheduler:deadline:' + key)}@scheduler.example"
    return f"{uuid.uuid4()}@scheduler.example"


def find_deadline(session: Session, ident: str | int) -> Deadline:
    text = str(ident).strip()
    found = session.get(Deadline, int(text)) if text.isdigit() else None
    found = found or session.exec(select(Deadline).where(Deadline.uid == text)).first()
    if found is None:
        raise NotFoundError(f"No deadline {text!r}: give an id or UID from 'scheduler deadlines --all'.")
    return found


def add_deadline(
    session: Session,
    clock: Clock,
    *,
    title: str,
    due_from: dt.date,
    due: dt.date,
    precision: str = "day",
    phrase: str | None = None,
    meeting: Meeting | None = None,
    owner: Person | None = None,
    kind: str = "action",
    matter: str | None = None,
    key: str | None = None,
    warn_past: bool = True,
) -> Deadline:
    title = title.strip()
    if not title:
        raise InputError("A deadline needs a title.")
    if kind not in KINDS:
        raise InputError(f"Unknown kind {kind!r}: use one of {', '.join(KINDS)}.")
    if due < due_from:
        raise InputError(f"The due window ends {due} before it starts {due_from}.")
    deadline = Deadline(
        uid=deadline_uid(key), key=key, title=title, due_from=due_from, due=due,
        precision=precision, phrase=phrase, owner_id=owner.id if owner else None, kind=kind,
        matter=matter, meeting_id=meeting.id if meeting else None, created_at=utcnow(),
    )
    session.add(deadline)
    session.flush()
    history.record(session, "deadline", deadline.id, "created", None, f"{title} {due}")
    if warn_past and due < clock.today:
        warn(f"The deadline '{title}' ({due}) is already past.")
    return deadline


def mark_done(session: Session, deadline: Deadline) -> Deadline:
    if deadline.done:
        raise StateError(f"Deadline {deadline.id} '{deadline.title}' is already done; "
                         "'deadline reopen' makes it open again.")
    deadline.done, deadline.done_at = True, utcnow()
    history.record(session, "deadline", deadline.id, "done", False, True)
    session.add(deadline)
    return deadline


def days_left(deadline: Deadline, clock: Clock) -> int:
    return (deadline.due - clock.today).days


def open_deadlines(session: Session, clock: Clock, *, days: int | None = None,
                   include_done: bool = False) -> list[Deadline]:
    """Open deadlines, overdue first, then by the last day of the window.

    With ``days``: those due within that many days from today, and every overdue one.
    """
    query = select(Deadline)
    if not include_done:
        query = query.where(Deadline.done == False)  # noqa: E712
    if days is not None:
        query = query.where(Deadline.due <= clock.today + dt.timedelta(days=days))
    rows = session.exec(query.order_by(Deadline.due, Deadline.id)).all()  # type: ignore[arg-type]
    return list(rows)
