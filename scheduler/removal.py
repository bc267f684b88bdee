"""Removing mistakes: a meeting never sent, a deadline, a document.

A meeting someone has received is cancelled instead (their calendars must hear of it), so
only one that no invitation left is deleted. The revision log keeps a trace of each removal.
"""

from sqlalchemy import delete
from sqlmodel import Session, col, select

from scheduler import history
from scheduler.errors import NotFoundError, StateError
from scheduler.occurrences import zone
from scheduler.references import referencing
from scheduler.store.models import AgendaItem, Deadline, Document, Invitation, Meeting, Participation


def delete_meeting(session: Session, meeting: Meeting) -> None:
    """Delete a meeting that was never sent to anyone, with its agenda, documents and overrides.

    Deadlines tied to it keep their due date and are untied.
    """
    sent = session.exec(select(Invitation).where(Invitation.meeting_id == meeting.id)).first()
    if sent is not None:
        raise StateError("Meeting {id} '{title}' has been sent, so deleting it would leave it in the recipients' "
                         "calendars: cancel it with 'scheduler meeting cancel {id}' and send the cancellation with "
                         "'scheduler invite {id}'.", id=meeting.id, title=meeting.title)
    rows = [meeting, *session.exec(select(Meeting).where(Meeting.master_id == meeting.id)).all()]
    ids = [row.id for row in rows]
    for deadline in session.exec(select(Deadline).where(Deadline.meeting_id.in_(ids))).all():  # type: ignore[union-attr]
        history.record(session, "deadline", deadline.id, "meeting", meeting.id, None)
        deadline.meeting_id = None
        deadline.meeting_occurrence = None
        deadline.working_days_before = None
        session.add(deadline)
    session.flush()
    for table in (Participation, AgendaItem, Document):
        session.execute(delete(table).where(table.meeting_id.in_(ids)))  # type: ignore[attr-defined]
    _delete_other_rows(session, "meeting", ids, keep={"meeting", "deadline", "participation",
                                                      "agendaitem", "document"})
    start = meeting.start.astimezone(zone(meeting)).isoformat()
    history.record(session, "meeting", meeting.id, "deleted", f"{meeting.title} {start}", None)
    for row in reversed(rows):
        session.delete(row)
        session.flush()


def _delete_other_rows(session: Session, target: str, ids: list, *, keep: set[str]) -> None:
    """Rows of tables not named in ``keep`` that point at the ``target`` rows being deleted."""
    for table, column in referencing(session, target):
        if table.name not in keep:
            session.execute(delete(table).where(column.in_(ids)))


def delete_deadline(session: Session, deadline: Deadline) -> None:
    """Delete a deadline (the feed stops showing it); the history keeps what it was."""
    history.record(session, "deadline", deadline.id, "deleted",
                   f"{deadline.title} {deadline.due.isoformat()}", None)
    _delete_other_rows(session, "deadline", [deadline.id], keep=set())
    session.delete(deadline)
    session.flush()


def find_document(session: Session, meeting: Meeting, ident: str) -> Document:
    """A meeting's document by its number in the list (1, 2, ...) or its link."""
    documents = list(session.exec(select(Document).where(Document.meeting_id == meeting.id)
                                  .order_by(col(Document.id))).all())
    text = ident.strip()
    if text.isdigit() and 1 <= int(text) <= len(documents):
        return documents[int(text) - 1]
    found = next((d for d in documents if d.url == text), None)
    if found is None:
        raise NotFoundError("Meeting {id} has no document {ident!r}: give its link or its number (1–{count}) as "
                            "'scheduler meeting show {id}' lists them.", id=meeting.id, ident=text,
                            count=len(documents))
    return found


def remove_document(session: Session, meeting: Meeting, document: Document) -> None:
    """Take a document off the meeting (the next invitation no longer attaches it)."""
    history.record(session, "meeting", meeting.id, "document", document.url, None)
    session.delete(document)
    session.flush()
