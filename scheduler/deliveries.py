"""Deliveries: which version of a meeting each recipient was written or sent, and who is
still untold.

A delivery row (``Invitation``) is kept only when something left: *written* for a file
(.ics or .eml) that the coordinator sends, *sent* for an e-mail the SMTP server accepted;
``mark_sent`` turns written into sent. Each row carries the ``version`` it showed: the
store's last revision id when it was made. A meeting or occurrence is at the version of
its last revision that people must be told of (not a reply or a note), so a recipient is
told when their last *sent* delivery covering it is at that version or later.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from scheduler.attendance import attendees
from scheduler.clock import Clock, utcnow
from scheduler.directory import organizer_of
from scheduler.errors import StateError
from scheduler.occurrences import Instance, instances_between, single, zone
from scheduler.store.models import Invitation, Meeting, Person, Revision

WRITTEN, SENT = "written", "sent"
QUIET = ("rsvp", "note", "sequence")  # revisions that tell recipients nothing new
WHAT = {"start": "time", "end": "time", "all_day": "time", "location": "place",
        "online": "link", "title": "title", "description": "description", "status": "status",
        "rrule": "recurrence", "organizer_id": "organizer", "document": "documents"}
HORIZON = dt.timedelta(days=365)
SPAN_FIELDS = ("start", "end", "all_day", "location")  # a meeting's time and place


def store_version(session: Session) -> int:
    """The store's last revision id: what a delivery made now shows."""
    return session.exec(select(func.max(Revision.id))).one() or 0


def _relevant(instance: Instance):
    """The revisions of ``instance``'s meeting that people must be told of: the meeting's
    own (the occurrence's row too), its attendance, agenda and documents."""
    rows = {instance.root.id, instance.meeting.id}
    return (Revision.meeting_id == instance.root.id, col(Revision.field).not_in(QUIET),
            or_(Revision.entity != "meeting", col(Revision.entity_id).in_(rows)))


def instance_version(session: Session, instance: Instance) -> int:
    """The id of the last revision people must be told of about ``instance``."""
    return session.exec(select(func.max(Revision.id)).where(*_relevant(instance))).one() or 0


def as_of(session: Session, item: Instance, version: int) -> tuple[Instance, list[Revision]]:
    """``item``'s time and place at ``version``, and the revisions of them made since."""
    revisions = list(session.exec(
        select(Revision).where(Revision.entity == "meeting", Revision.entity_id == item.meeting.id,
                               col(Revision.field).in_(SPAN_FIELDS), col(Revision.id) > version)
        .order_by(col(Revision.id))
    ).all())
    first: dict[str, str | None] = {}
    for revision in revisions:
        first.setdefault(revision.field, revision.old)
    return announced_instance(item, first), revisions


def announced_instance(item: Instance, first: dict[str, str | None]) -> Instance:
    """The instance as announced, from the first ``old`` value of each field changed since."""
    row = item.meeting
    start, end = row.start, row.end
    if "start" in first:
        start = dt.datetime.fromisoformat(first["start"] or "")
    if "end" in first:
        end = dt.datetime.fromisoformat(first["end"] or "")
    if item.master is not None and row is item.master:  # an occurrence that follows its master
        tz = zone(row)
        length = end - start
        start = dt.datetime.combine(item.occurrence, start.astimezone(tz).time(), tz)  # type: ignore[arg-type]
        end = start + length
    was = Meeting(uid=row.uid, title=row.title, tzid=row.tzid, start=start, end=end,
                  all_day=first["all_day"] == "true" if "all_day" in first else row.all_day,
                  location=first["location"] if "location" in first else row.location,
                  end_approximate=row.end_approximate)
    return Instance(was, None, item.occurrence, item.recurrence_id, start, end)


def changes_since(session: Session, instance: Instance, version: int) -> list[str]:
    """What changed after ``version``, in the order it first changed: time, place, link,
    title, description, status, recurrence, organizer, documents, attendance, agenda."""
    rows = session.exec(select(Revision).where(*_relevant(instance), col(Revision.id) > version)
                        .order_by(col(Revision.id))).all()
    found: list[str] = []
    for row in rows:
        what = {"participation": "attendance", "agendaitem": "agenda"}.get(row.entity)
        what = what or WHAT.get(row.field)
        if what and what not in found:
            found.append(what)
    return found


def record_delivery(session: Session, meeting: Meeting, recurrence_id: dt.datetime | None,
                    people: Sequence[Person | None], *, method: str, sequence: int,
                    channel: str, state: str) -> list[Invitation]:
    """One row per recipient (a row without a person for a PUBLISH file), at today's version."""
    at, version = utcnow(), store_version(session)
    rows = [Invitation(meeting_id=meeting.id, recurrence_id=recurrence_id,  # type: ignore[arg-type]
                       person_id=p.id if p else None, email=p.email if p else None,
                       method=method, sequence=sequence, issued_at=at, channel=channel,
                       state=state, version=version, sent_at=at if state == SENT else None)
            for p in people or [None]]
    session.add_all(rows)
    session.flush()
    return rows


def deliveries(session: Session, meeting: Meeting, *, recurrence_id: dt.datetime | None = None,
               states: Sequence[str] = (WRITTEN, SENT)) -> list[Invitation]:
    """The deliveries of ``meeting`` in ``states``, oldest first; with ``recurrence_id``
    those that cover that occurrence (the whole series' and its own)."""
    query = select(Invitation).where(Invitation.meeting_id == meeting.id,
                                     col(Invitation.state).in_(states))
    if recurrence_id is not None:
        query = query.where(or_(col(Invitation.recurrence_id).is_(None),
                                Invitation.recurrence_id == recurrence_id))
    return list(session.exec(query.order_by(col(Invitation.id))).all())


def last_per_person(rows: Sequence[Invitation]) -> dict[int, Invitation]:
    last: dict[int, Invitation] = {}
    for row in rows:
        if row.person_id is not None:
            last[row.person_id] = row
    return last


def received(session: Session, instance: Instance, people: Sequence[Person]) -> dict[int, Invitation]:
    """What each of ``people`` last received about ``instance``: written or sent (for the
    wording of a new invitation, a written file counts as received)."""
    rows = deliveries(session, instance.root, recurrence_id=instance.recurrence_id)
    last = last_per_person([row for row in rows if row.method != "PUBLISH"])
    return {p.id: last[p.id] for p in people if p.id is not None and p.id in last}


def mark_sent(session: Session, meeting: Meeting, *, recurrence_id: dt.datetime | None = None,
              person: Person | None = None) -> list[Invitation]:
    """Turn the written deliveries of ``meeting`` (one occurrence's, one person's) into
    sent: the files were mailed by hand. StateError when none was written."""
    query = select(Invitation).where(Invitation.meeting_id == meeting.id,
                                     Invitation.state == WRITTEN)
    if recurrence_id is not None:
        query = query.where(Invitation.recurrence_id == recurrence_id)
    if person is not None:
        query = query.where(Invitation.person_id == person.id)
    rows = list(session.exec(query.order_by(col(Invitation.id))).all())
    if not rows:
        raise StateError(
            f"Meeting {meeting.id} '{meeting.title}' has no invitation written to a file "
            + (f"for {person.name} " if person else "")
            + f"that is not yet sent: write one first with 'scheduler invite {meeting.id} "
            "-o FILE', or e-mail it with --send.")
    at = utcnow()
    for row in rows:
        row.state, row.sent_at = SENT, at
        session.add(row)
    session.flush()
    return rows


# Who is untold ------------------------------------------------------------------------


@dataclass(frozen=True)
class Untold:
    """One recipient who has not been sent the current version of a meeting or occurrence."""

    instance: Instance
    person: Person
    last: Invitation | None  # their last sent delivery covering it, if any
    written: Invitation | None  # a later delivery written to a file and not yet sent
    changes: list[str]  # what changed since they were last sent (or written) it
    removed: bool  # no longer takes part: owed a cancellation


@dataclass(frozen=True)
class Tally:
    """A meeting's or occurrence's recipients and the untold among them."""

    instance: Instance
    recipients: int
    untold: list[Untold]


def recipients(session: Session, meeting: Meeting) -> list[Person]:
    """Whom an invitation of ``meeting`` goes to: attendees with an e-mail, not the organizer."""
    organizer = organizer_of(session, meeting)
    found = [session.get(Person, a.person_id) for a in attendees(session, meeting)
             if a.email and (organizer is None or a.person_id != organizer.id)]
    return [p for p in found if p is not None]


def tally(session: Session, instance: Instance) -> Tally:
    """Who has and has not been sent the current version of ``instance``.

    A cancelled one need be told only to those who were sent it; someone taken off the
    meeting after being sent it is owed a cancellation. External meetings have no one.
    """
    root = instance.root
    if root.external:
        return Tally(instance, 0, [])
    version = instance_version(session, instance)
    sent = last_per_person(deliveries(session, root, recurrence_id=instance.recurrence_id,
                                      states=(SENT,)))
    written = last_per_person(deliveries(session, root, recurrence_id=instance.recurrence_id,
                                         states=(WRITTEN,)))
    people = recipients(session, root)
    taking_part = {p.id for p in people}
    if instance.cancelled:
        people = [p for p in people if p.id in sent]
    owed = [row for pid, row in sent.items() if pid not in taking_part and row.method == "REQUEST"
            and row.recurrence_id is None]
    untold = []
    for person in people:
        last = sent.get(person.id)  # type: ignore[arg-type]
        if last is None or last.version < version:
            base = last or written.get(person.id)  # type: ignore[arg-type]
            changes = changes_since(session, instance, base.version) if base else []
            untold.append(Untold(instance, person, last, written.get(person.id),  # type: ignore[arg-type]
                                 changes, False))
    for row in owed:
        gone = session.get(Person, row.person_id)
        if gone is not None:
            untold.append(Untold(instance, gone, row, None, ["attendance"], True))
    return Tally(instance, len(people) + len(owed), untold)


def pending(session: Session, clock: Clock, *, series_id: int | None = None,
            person: Person | None = None, meeting: Meeting | None = None) -> list[Tally]:
    """Every coming meeting and occurrence (within a year) with someone untold, by time;
    only ``series_id``'s, ``meeting``'s, or those where ``person`` is untold."""
    if meeting is not None:
        items = [i for i in instances_between(session, clock.now, clock.now + HORIZON,
                                              include_cancelled=True)
                 if i.root.id == meeting.id] if meeting.rrule else [single(meeting)]
    else:
        items = instances_between(session, clock.now, clock.now + HORIZON,
                                  include_cancelled=True, series_id=series_id)
    found = []
    for item in items:
        if item.end < clock.now:
            continue
        counted = tally(session, item)
        if person is not None:
            counted = Tally(item, counted.recipients,
                            [u for u in counted.untold if u.person.id == person.id])
        if counted.untold:
            found.append(counted)
    return found
