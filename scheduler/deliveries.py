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
import heapq
from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import NamedTuple

from sqlalchemy import case, func
from sqlmodel import Session, col, or_, select

from scheduler.clock import Clock, utcnow
from scheduler.directory import people_by_id
from scheduler.errors import StateError
from scheduler.occurrences import Instance, zone
from scheduler.selection import Selection
from scheduler.store.models import Invitation, Meeting, Participation, Person, Revision, Series

WRITTEN, SENT = "written", "sent"
QUIET = ("rsvp", "note", "sequence")  # revisions that tell recipients nothing new
WHAT = {"start": "time", "end": "time", "all_day": "time", "location": "place",
        "online": "link", "title": "title", "description": "description", "status": "status",
        "rrule": "recurrence", "organizer_id": "organizer", "document": "documents"}
SPAN_FIELDS = ("start", "end", "all_day", "location")  # a meeting's time and place


def store_version(session: Session) -> int:
    """The store's last revision id: what a delivery made now shows."""
    return session.exec(select(func.max(Revision.id))).one() or 0


SpanLog = dict[int, list[Revision]]  # meeting row id -> its time and place revisions, oldest first


def span_log(session: Session, rows: Iterable[int | None]) -> SpanLog:
    """The time and place revisions of the meeting rows ``rows`` (one query)."""
    found: SpanLog = {row: [] for row in rows if row is not None}
    if found:
        for revision in session.exec(
                select(Revision).where(Revision.entity == "meeting", col(Revision.entity_id).in_(found),
                                       col(Revision.field).in_(SPAN_FIELDS))
                .order_by(col(Revision.id))).all():
            found[revision.entity_id].append(revision)
    return found


def as_of(session: Session, item: Instance, version: int,
          log: SpanLog | None = None) -> tuple[Instance, list[Revision]]:
    """``item``'s time and place at ``version``, and the revisions of them made since (from
    ``log`` when it holds them, else read)."""
    if log is None or item.meeting.id not in log:
        log = span_log(session, [item.meeting.id])
    revisions = [r for r in log[item.meeting.id] if r.id > version]  # type: ignore[index, operator]
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
    was = Meeting.model_construct(  # values from the store, checked when they were stored
        uid=row.uid, title=row.title, tzid=row.tzid, start=start, end=end,
        all_day=first["all_day"] == "true" if "all_day" in first else row.all_day,
        location=first["location"] if "location" in first else row.location,
        end_approximate=row.end_approximate)
    return Instance(was, None, item.occurrence, item.recurrence_id, start, end)


def _what(rows: Iterable[Revision]) -> list[str]:
    """The kinds of change of ``rows``, each once, in the order of the rows."""
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


def invited_before(session: Session, meeting: Meeting) -> list[Invitation]:
    """Every delivery of ``meeting`` (and its occurrences), oldest first."""
    query = select(Invitation).where(Invitation.meeting_id == meeting.id).order_by(col(Invitation.id))
    return list(session.exec(query).all())


def last_received(session: Session, meeting: Meeting) -> list[tuple[Invitation, Person | None]]:
    """The last message each recipient got about ``meeting`` (or any of its occurrences)."""
    last: dict[tuple[int | None, str | None], Invitation] = {}
    for row in invited_before(session, meeting):
        last[(row.person_id, None if row.person_id else row.email)] = row
    pairs = [(row, row.person) for row in last.values()]
    return sorted(pairs, key=lambda pair: (pair[1].name if pair[1] else pair[0].email or ""))


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
        if person is not None:
            raise StateError("Meeting {id} '{title}' has no invitation written to a file for {name} that is "
                             "not yet sent: write one first with 'scheduler invite {id} --for PERSON -o FILE', "
                             "or e-mail it with --send.", id=meeting.id, title=meeting.title, name=person.name)
        raise StateError("Meeting {id} '{title}' has no invitation written to a file that is not yet sent: "
                         "write one first with 'scheduler invite {id} -o FILE', or e-mail it with --send.",
                         id=meeting.id, title=meeting.title)
    at = utcnow()
    for row in rows:
        row.state, row.sent_at = SENT, at
        session.add(row)
    session.flush()
    return rows


# Who is untold ------------------------------------------------------------------------


class Untold(NamedTuple):
    """One recipient who has not been sent the current version of a meeting or occurrence."""

    instance: Instance
    person: Person
    last: Invitation | None  # their last sent delivery covering it, if any
    written: Invitation | None  # a later delivery written to a file and not yet sent
    changes: list[str]  # what changed since they were last sent (or written) it
    removed: bool  # no longer takes part: owed a cancellation


class Tally(NamedTuple):
    """A meeting's or occurrence's recipients and the untold among them."""

    instance: Instance
    recipients: int
    untold: list[Untold]


def recipients(session: Session, meeting: Meeting) -> list[Person]:
    """Whom an invitation of ``meeting`` goes to: attendees with an e-mail, not the organizer."""
    return recipients_of(session, [meeting])[meeting.id]  # type: ignore[index]


def recipients_of(session: Session, meetings: Sequence[Meeting]) -> dict[int, list[Person]]:
    """``recipients`` of each of ``meetings`` by id, in the order they were added (three
    queries: the series' secretaries, the participations, the people)."""
    found: dict[int, list[Person]] = {m.id: [] for m in meetings}  # type: ignore[misc]
    if not meetings:
        return found
    series = {m.series_id for m in meetings if m.organizer_id is None and m.series_id is not None}
    secretaries = dict(session.exec(select(Series.id, Series.secretary_id)
                                    .where(col(Series.id).in_(series))).all()) if series else {}
    organizer = {m.id: m.organizer_id if m.organizer_id is not None else secretaries.get(m.series_id)
                 for m in meetings}
    rows = session.exec(select(col(Participation.meeting_id), col(Participation.person_id))
                        .where(col(Participation.meeting_id).in_(found))
                        .order_by(col(Participation.id))).all()
    people = people_by_id(session, {person_id for _meeting_id, person_id in rows})
    for meeting_id, person_id in rows:
        person = people.get(person_id)
        if person is not None and person.email and person_id != organizer[meeting_id]:
            found[meeting_id].append(person)
    return found


def versions(session: Session, instances: Sequence[Instance]) -> list[int]:
    """The version of each of ``instances``, in one query: the id of the last revision people
    must be told of (not a reply or a note) of its meeting's own row (and the occurrence's)
    and of its attendance, agenda and documents."""
    roots = {i.root.id for i in instances}
    if not roots:
        return []
    row = case((col(Revision.entity) == "meeting", col(Revision.entity_id)), else_=None)
    Last = dict[tuple[int | None, int | None], int | None]
    last: Last = {(meeting_id, of): top for meeting_id, of, top in session.exec(
        select(col(Revision.meeting_id), row, func.max(col(Revision.id)))
        .where(col(Revision.meeting_id).in_(roots), col(Revision.field).not_in(QUIET))
        .group_by(col(Revision.meeting_id), row)).all()}
    return [max(last.get((i.root.id, of)) or 0 for of in (None, i.root.id, i.meeting.id)) for i in instances]


def tally(session: Session, instance: Instance) -> Tally:
    """Who has and has not been sent the current version of ``instance``."""
    return tallies(session, [instance])[0]


def tallies(session: Session, instances: Sequence[Instance]) -> list[Tally]:
    """Who has and has not been sent the current version of each of ``instances``: a few
    queries for all of them, however many they are.

    A cancelled one need be told only to those who were sent it; someone taken off the
    meeting after being sent it is owed a cancellation. External meetings have no one.
    """
    ours = [i for i in instances if not i.root.external]
    roots = list({i.root.id: i.root for i in ours}.values())
    people = recipients_of(session, roots)
    made: dict[int, list[Invitation]] = {root.id: [] for root in roots}  # type: ignore[misc]
    if roots:
        for row in session.exec(select(Invitation).where(col(Invitation.meeting_id).in_(made),
                                                         col(Invitation.state).in_((WRITTEN, SENT)))
                                .order_by(col(Invitation.id))).all():
            made[row.meeting_id].append(row)
    version = dict(zip(map(id, ours), versions(session, ours), strict=True))
    taking_part = {root_id: {p.id for p in found} for root_id, found in people.items()}
    gone = _people(session, {row.person_id for root_id, rows in made.items() for row in rows
                             if row.person_id not in taking_part[root_id]})
    occurrences = {root: _by_occurrence(rows) for root, rows in made.items()}
    counted = [_counted(i, version[id(i)], people[i.root.id], taking_part[i.root.id],  # type: ignore[index]
                        _covering(made[i.root.id], occurrences[i.root.id], i.recurrence_id), gone)  # type: ignore[index]
               for i in ours]
    _changes(session, counted)
    done = {id(c.instance): c for c in counted}
    return [done.get(id(i)) or Tally(i, 0, []) for i in instances]


def _people(session: Session, ids: set[int | None]) -> dict[int, Person]:
    wanted = ids - {None}
    if not wanted:
        return {}
    return {p.id: p for p in session.exec(select(Person).where(col(Person.id).in_(wanted))).all()}  # type: ignore[misc]


def _by_occurrence(rows: list[Invitation]) -> dict[dt.datetime | None, list[Invitation]]:
    """A meeting's deliveries by the occurrence they were about (None: the whole meeting)."""
    found: dict[dt.datetime | None, list[Invitation]] = {}
    for row in rows:
        found.setdefault(row.recurrence_id, []).append(row)
    return found


def _covering(rows: list[Invitation], by_occurrence: dict[dt.datetime | None, list[Invitation]],
              recurrence_id: dt.datetime | None) -> list[Invitation]:
    """The deliveries that told of an instance, oldest first: all of a meeting's (``rows``),
    or for an occurrence those of the whole series and its own (a series' deliveries are
    looked up by occurrence, not walked once for each occurrence shown)."""
    if recurrence_id is None:
        return rows
    return list(heapq.merge(by_occurrence.get(None, []), by_occurrence.get(recurrence_id, []),
                            key=attrgetter("id")))


def _counted(instance: Instance, version: int, people: list[Person], taking_part: set[int | None],
             covering: list[Invitation], gone: dict[int, Person]) -> Tally:
    """The untold of ``instance`` (what changed for them is filled in by ``_changes``), from
    the deliveries ``covering`` it; ``people`` are its recipients (``taking_part`` their ids),
    ``gone`` the people no longer taking part who may be owed a cancellation."""
    sent = last_per_person([row for row in covering if row.state == SENT])
    written = last_per_person([row for row in covering if row.state == WRITTEN])
    if instance.cancelled:
        people = [p for p in people if p.id in sent]
    owed = [row for pid, row in sent.items() if pid not in taking_part and row.method == "REQUEST"
            and row.recurrence_id is None and pid in gone]
    untold = [Untold(instance, person, sent.get(person.id), written.get(person.id),  # type: ignore[arg-type]
                     [], False)
              for person in people if (last := sent.get(person.id)) is None  # type: ignore[arg-type]
              or last.version < version]
    untold += [Untold(instance, gone[row.person_id], row, None, ["attendance"], True)  # type: ignore[index]
               for row in owed]
    return Tally(instance, len(people) + len(owed), untold)


def _changes(session: Session, counted: list[Tally]) -> None:
    """Fill in what changed since each untold recipient was last sent (or written) the
    meeting: one query for all."""
    bases = [base.version for t in counted for u in t.untold if not u.removed and (base := u.last or u.written)]
    if not bases:
        return
    roots = {t.instance.root.id for t in counted}
    rows = session.exec(select(Revision).where(col(Revision.meeting_id).in_(roots),
                                               col(Revision.field).not_in(QUIET),
                                               col(Revision.id) > min(bases))
                        .order_by(col(Revision.id))).all()
    by_meeting: dict[int | None, list[Revision]] = {}
    for row in rows:
        by_meeting.setdefault(row.meeting_id, []).append(row)
    for number, t in enumerate(counted):
        own = {t.instance.root.id, t.instance.meeting.id}
        relevant = [r for r in by_meeting.get(t.instance.root.id, [])
                    if r.entity != "meeting" or r.entity_id in own]
        counted[number] = t._replace(untold=[
            u if u.removed or not (base := u.last or u.written) else
            u._replace(changes=_what(r for r in relevant if (r.id or 0) > base.version)) for u in t.untold])


def pending(session: Session, clock: Clock, selection: Selection) -> list[Tally]:
    """Every meeting and occurrence in ``selection`` that has not ended and has someone
    untold, by time. With the selection's person: only where that person is untold (also
    when owed a cancellation, so no longer on the meeting)."""
    person = selection.person
    items = selection._replace(person=None).instances(session, clock, include_cancelled=True)
    found = tallies(session, [item for item in items if item.end >= clock.now])
    if person is not None:
        found = [t._replace(untold=[u for u in t.untold if u.person.id == person.id]) for t in found]
    return [t for t in found if t.untold]
