"""Reminders by e-mail, each sent once: deadline owners, and attendees who have not answered.

A deadline's reminder is due from the start of the N-th Swedish working day before its last
day (the day the feed's alarm fires) until that day. An attendee who was invited (a REQUEST
went to them) and has not answered is reminded from the start of the day a week before
the meeting. What was sent is recorded (``ReminderSent``), so a second run sends nothing;
a refused address is not recorded and is tried again on the next run.

Composing and sending are given by the caller (the wording and the SMTP client live in
other layers); this module decides what is due and records what went.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import NamedTuple

from sqlmodel import Session, col, select

from scheduler.attendance import participants
from scheduler.clock import Clock, utcnow
from scheduler.deadlines import open_deadlines
from scheduler.errors import InputError, OutputError
from scheduler.occurrences import Instance, instances_between, single
from scheduler.recurrence import occurrence
from scheduler.store.models import Deadline, Invitation, Meeting, Person, Series
from scheduler.workdays import subtract_working_days

DEFAULT_REMIND = 3  # working days before a deadline's last day
ANSWER_LEAD = dt.timedelta(days=7)


class Reminder(NamedTuple):
    """One reminder to one person: about a deadline (``kind`` deadline) or an unanswered
    invitation (``kind`` answer); ``meeting`` is the meeting it concerns, if any."""

    kind: str
    key: str
    person: Person
    sender: Person | None
    deadline: Deadline | None = None
    meeting: Instance | None = None


@dataclass
class Sent:
    """What a run did: sent, refused by the server (with its answer), and a failure that
    stopped the run (the server down), if any."""

    sent: list[Reminder] = field(default_factory=list)
    refused: list[tuple[Reminder, str]] = field(default_factory=list)
    failure: OutputError | None = None


def due_reminders(session: Session, clock: Clock, days: int = DEFAULT_REMIND) -> list[Reminder]:
    """Every reminder due now and not yet sent: deadlines first, then answers."""
    from scheduler.store.exchanges import ReminderSent  # loaded by `remind` only, not by the wording of a Reminder

    found = [*deadline_reminders(session, clock, days), *answer_reminders(session, clock)]
    sent = set(session.exec(select(ReminderSent.key)).all())
    return [reminder for reminder in found if reminder.key not in sent]


def reminder_day(deadline: Deadline, days: int) -> dt.date:
    """The day a deadline's reminder (and the feed's alarm) is due: ``days`` working days
    before its last day."""
    return subtract_working_days(deadline.due, days)


def tied_instance(session: Session, deadline: Deadline) -> Instance | None:
    """The meeting or occurrence a deadline is tied to, as it now is; None if there is none."""
    meeting = session.get(Meeting, deadline.meeting_id) if deadline.meeting_id else None
    if meeting is None:
        return None
    if deadline.meeting_occurrence is None:
        return single(meeting)
    try:
        return occurrence(session, meeting, deadline.meeting_occurrence)
    except InputError:  # the series no longer has that occurrence
        return None


def deadline_reminders(session: Session, clock: Clock, days: int) -> list[Reminder]:
    found = []
    for deadline in open_deadlines(session, clock):
        owner = session.get(Person, deadline.owner_id) if deadline.owner_id else None
        if owner is None or not owner.email or not reminder_day(deadline, days) <= clock.today <= deadline.due:
            continue
        meeting = tied_instance(session, deadline)
        key = f"deadline:{deadline.uid}:{deadline.due.isoformat()}:{owner.id}"
        found.append(Reminder("deadline", key, owner, sender_of(session, meeting.root if meeting else None),
                              deadline=deadline, meeting=meeting))
    return found


def answer_reminders(session: Session, clock: Clock) -> list[Reminder]:
    """Invited attendees without an answer to a meeting that starts within a week."""
    end = clock.day_end(clock.today) + ANSWER_LEAD
    found = []
    for instance in instances_between(session, clock.now, end):
        root = instance.root
        if root.external or clock.day_start(clock.local(instance.start - ANSWER_LEAD).date()) > clock.now:
            continue
        asked = invited_people(session, root)
        organizer = sender_of(session, root)
        for row, person in participants(session, root):
            if (row.rsvp != "needs-action" or row.mode == "absent" or not person.email
                    or person.id not in asked or (organizer is not None and person.id == organizer.id)):
                continue
            key = f"answer:{root.uid}:{instance.start.astimezone(dt.UTC).isoformat()}:{person.id}"
            found.append(Reminder("answer", key, person, organizer, meeting=instance))
    return found


def invited_people(session: Session, meeting: Meeting) -> set[int]:
    """The people a REQUEST for ``meeting`` went to."""
    query = select(Invitation.person_id).where(Invitation.meeting_id == meeting.id,
                                               Invitation.method == "REQUEST",
                                               col(Invitation.person_id).is_not(None))
    return {person_id for person_id in session.exec(query).all() if person_id is not None}


def sender_of(session: Session, meeting: Meeting | None) -> Person | None:
    """Who reminders come from: the meeting's organizer, else the secretary of its series,
    else of the first series that has one with an e-mail."""
    if meeting is not None and meeting.organizer_id is not None:
        organizer = session.get(Person, meeting.organizer_id)
        if organizer is not None and organizer.email:
            return organizer
    query = select(Person).join(Series, col(Series.secretary_id) == Person.id).where(
        col(Person.email).is_not(None))
    if meeting is not None and meeting.series_id is not None:
        query = query.order_by(col(Series.id) != meeting.series_id)
    return session.exec(query.order_by(col(Series.id))).first()


def send_reminders(session: Session, reminders: list[Reminder],
                   compose: Callable[[Reminder], EmailMessage],
                   send: Callable[[EmailMessage], dict[str, tuple[int, bytes]]]) -> Sent:
    """Compose and send each reminder, recording each one the server took.

    A refused address is listed and not recorded; when the server cannot be reached the
    run stops there, with what was already sent recorded.
    """
    from scheduler.store.exchanges import ReminderSent

    done = Sent()
    for reminder in reminders:
        try:
            refused = send(compose(reminder))
        except OutputError as err:
            done.failure = err
            break
        if reminder.person.email in refused:
            code, answer = refused[reminder.person.email]
            done.refused.append((reminder, f"{code} {answer.decode(errors='replace')}"))
            continue
        session.add(ReminderSent(key=reminder.key, kind=reminder.kind, person_id=reminder.person.id,  # type: ignore[arg-type]
                                 email=reminder.person.email or "", sent_at=utcnow(),
                                 deadline_id=reminder.deadline.id if reminder.deadline else None,
                                 meeting_id=reminder.meeting.root.id if reminder.meeting else None))
        session.flush()
        done.sent.append(reminder)
    return done
