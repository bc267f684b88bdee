"""Attendees' answers: an iMIP REPLY sets their PARTSTAT, a COUNTER is a proposal of a new time.

An answer is matched to a meeting by UID (and to one occurrence by RECURRENCE-ID) and to a
participant by e-mail. Of several answers from one person to one meeting, the one to the
newest version wins (SEQUENCE, then DTSTAMP, as RFC 5546 orders them): an answer to an older
version is kept as received but not applied over a newer one. Reading the same answer again
changes nothing. Outcomes are returned as data (``Outcome``), never as text.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import func
from sqlmodel import Session, col, select

from scheduler.attendance import attend, participation
from scheduler.clock import Clock, utcnow
from scheduler.directory import add_person
from scheduler.errors import NotFoundError, StateError
from scheduler.meetings import MeetingEdit
from scheduler.occurrences import zone
from scheduler.recurrence import Edited, apply_edit
from scheduler.store.exchanges import Reply
from scheduler.store.models import Meeting, Person

PARTSTATS = {"ACCEPTED": "accepted", "DECLINED": "declined", "TENTATIVE": "tentative",
             "NEEDS-ACTION": "needs-action", "DELEGATED": "declined"}


class Answer(NamedTuple):
    """One attendee's answer in one VEVENT of a REPLY or COUNTER, as a calendar sent it."""

    method: str  # REPLY or COUNTER
    uid: str
    email: str
    name: str | None
    partstat: str | None  # the iCalendar PARTSTAT: ACCEPTED, DECLINED, ...
    sequence: int
    stamp: dt.datetime
    recurrence_id: dt.datetime | dt.date | None = None
    comment: str | None = None
    delegated_to: tuple[tuple[str, str | None], ...] = ()  # (e-mail, name)
    start: dt.datetime | None = None  # a COUNTER's proposed time
    end: dt.datetime | None = None
    source: str = ""  # the file or message it came from

    @property
    def key(self) -> str:
        """What identifies this answer: the same answer read twice has the same key."""
        parts = (self.method, self.uid, _iso(self.recurrence_id), self.email.casefold(),
                 str(self.sequence), self.stamp.astimezone(dt.UTC).isoformat(), self.partstat or "",
                 _iso(self.start), _iso(self.end))
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _iso(value: dt.datetime | dt.date | None) -> str:
    return value.isoformat() if value is not None else ""


@dataclass
class Outcome:
    """What became of one answer.

    ``status``: applied, older (kept, a newer answer stands), occurrence (kept for one
    occurrence), proposal (a COUNTER listed by ``proposals``), seen (read before: nothing
    changed), unknown-meeting, not-invited, cancelled.
    """

    answer: Answer
    status: str
    meeting: Meeting | None = None
    person: Person | None = None
    delegates: list[Person] = field(default_factory=list)


def apply_answers(session: Session, clock: Clock, answers: list[Answer]) -> list[Outcome]:
    """Apply each answer in turn (older DTSTAMPs first, so the newest ends up standing)."""
    ordered = sorted(answers, key=lambda a: (a.sequence, a.stamp.astimezone(dt.UTC)))
    return [apply_answer(session, clock, answer) for answer in ordered]


def apply_answer(session: Session, clock: Clock, answer: Answer) -> Outcome:
    """Record one answer and, when it is the newest from that person, apply it."""
    meeting = session.exec(select(Meeting).where(Meeting.uid == answer.uid,
                                                 col(Meeting.master_id).is_(None))).first()
    if meeting is None:
        return Outcome(answer, "unknown-meeting")
    person = person_by_email(session, answer.email)
    if person is None or participation(session, meeting, person) is None:
        return Outcome(answer, "not-invited", meeting, person)
    if session.exec(select(Reply).where(Reply.key == answer.key)).first() is not None:
        return Outcome(answer, "seen", meeting, person)
    if meeting.status == "cancelled":
        return Outcome(answer, "cancelled", meeting, person)
    original = original_start(meeting, answer.recurrence_id)
    row = Reply(key=answer.key, meeting_id=meeting.id, recurrence_id=original,  # type: ignore[arg-type]
                person_id=person.id, method=answer.method, partstat=answer.partstat,  # type: ignore[arg-type]
                sequence=answer.sequence, stamp=answer.stamp, comment=answer.comment,
                received_at=utcnow())
    if answer.method == "COUNTER":
        row.proposed_start, row.proposed_end, row.state = answer.start, answer.end, "open"
        session.add(row)
        session.flush()
        return Outcome(answer, "proposal", meeting, person)
    newest = newer_reply(session, row)
    session.add(row)
    session.flush()
    if original is not None:
        return Outcome(answer, "occurrence", meeting, person)
    if newest is not None:
        return Outcome(answer, "older", meeting, person)
    row.applied = True
    rsvp = PARTSTATS.get((answer.partstat or "").upper())
    attend(session, meeting, person, tz=clock.tz, rsvp=rsvp,
           note=answer.comment if answer.comment is not None else None, warn_no_link=False)
    delegates = [add_delegate(session, clock, meeting, person, email, name)
                 for email, name in answer.delegated_to]
    return Outcome(answer, "applied", meeting, person, delegates)


def person_by_email(session: Session, email: str) -> Person | None:
    return session.exec(select(Person).where(func.lower(Person.email) == email.strip().lower())).first()


def original_start(meeting: Meeting, recurrence_id: dt.datetime | dt.date | None) -> dt.datetime | None:
    """A RECURRENCE-ID as the occurrence's original start in UTC; a date means the
    master's time of day on that date."""
    if recurrence_id is None:
        return None
    if isinstance(recurrence_id, dt.datetime):
        if recurrence_id.tzinfo is None:
            recurrence_id = recurrence_id.replace(tzinfo=zone(meeting))
        return recurrence_id.astimezone(dt.UTC)
    local = meeting.start.astimezone(zone(meeting))
    return dt.datetime.combine(recurrence_id, local.timetz()).astimezone(dt.UTC)


def newer_reply(session: Session, row: Reply) -> Reply | None:
    """An answer from the same person to the same meeting (or occurrence) that is newer
    than ``row`` by SEQUENCE, then DTSTAMP."""
    query = select(Reply).where(Reply.meeting_id == row.meeting_id, Reply.person_id == row.person_id,
                                Reply.method == "REPLY")
    query = query.where(Reply.recurrence_id == row.recurrence_id if row.recurrence_id is not None
                        else col(Reply.recurrence_id).is_(None))
    return next((other for other in session.exec(query).all()
                 if (other.sequence, other.stamp) > (row.sequence, row.stamp)), None)


def add_delegate(session: Session, clock: Clock, meeting: Meeting, delegator: Person,
                 email: str, name: str | None) -> Person:
    """The person an attendee delegated to, added to the meeting in their role."""
    person = person_by_email(session, email) or add_person(session, name or email, email=email,
                                                           allow_same_name=True)
    role = participation(session, meeting, delegator)
    if participation(session, meeting, person) is None:
        attend(session, meeting, person, tz=clock.tz, role=role.role if role else None,
               warn_no_link=False)
    return person


# Proposals (COUNTER) -------------------------------------------------------------------


def proposals(session: Session, *, state: str | None = "open") -> list[Reply]:
    """COUNTER proposals, oldest first; only those in ``state`` (all with None)."""
    query = select(Reply).where(Reply.method == "COUNTER")
    if state is not None:
        query = query.where(Reply.state == state)
    return list(session.exec(query.order_by(col(Reply.received_at), col(Reply.id))).all())


def find_proposal(session: Session, ident: int) -> Reply:
    """An open proposal by its id."""
    row = session.get(Reply, ident)
    if row is None or row.method != "COUNTER":
        raise NotFoundError("No proposal {id}: see 'scheduler proposals'.", id=ident)
    if row.state != "open":
        raise StateError("Proposal {id} was already answered ({state}): see 'scheduler proposals "
                           "--all'.", id=ident, state=row.state)
    return row


def proposal_day(session: Session, row: Reply) -> dt.date | None:
    """The original local date of the occurrence a proposal is about, or None."""
    if row.recurrence_id is None:
        return None
    return row.recurrence_id.astimezone(zone(row.meeting)).date()


def accept_proposal(session: Session, clock: Clock, row: Reply) -> Edited:
    """Move the meeting (or its occurrence) to the proposed time, as ``meeting edit`` does."""
    meeting = row.meeting
    if row.proposed_start is None:
        raise StateError("Proposal {id} proposes no new time: decline it, or edit the meeting "
                           "with 'scheduler meeting edit {meeting}'.", id=row.id, meeting=meeting.id)
    reason = f"proposal {row.id} from {row.person.name}"
    edit = MeetingEdit(start=row.proposed_start.astimezone(zone(meeting)),
                       end=row.proposed_end.astimezone(zone(meeting)) if row.proposed_end else None,
                       reason=reason)
    edited = apply_edit(session, clock, meeting, edit, day=proposal_day(session, row))
    row.state = "accepted"
    session.add(row)
    return edited


def decline_proposal(session: Session, row: Reply) -> Reply:
    """Mark a proposal declined (the DECLINECOUNTER is written by the iCalendar layer)."""
    row.state = "declined"
    session.add(row)
    return row
