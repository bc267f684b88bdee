"""Writing what ``extract`` found to the store (``extract --apply``).

``apply_extraction`` writes through the core functions, matching what the store already
has (meetings by series or title and start, people by name, deadlines by title and due, an
agenda only where the meeting has none), so applying the same document twice adds nothing.
"""

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, col, select

from scheduler.agenda import add_item, items
from scheduler.attendance import attend, participation
from scheduler.clock import Clock
from scheduler.deadlines import add_deadline, tie_to_meeting
from scheduler.directory import add_person
from scheduler.errors import warn
from scheduler.extract.found import Extraction, FoundItem, FoundMeeting, FoundParticipant
from scheduler.meetings import add_meeting
from scheduler.occurrences import Instance, instances_between, single
from scheduler.store.models import AgendaItem, Deadline, Meeting, Organisation, Participation, Person, Series


@dataclass
class Applied:
    """What ``apply_extraction`` added (and whose participation it changed)."""

    organisations: list[Organisation] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    participations: list[tuple[Meeting, Person]] = field(default_factory=list)
    updated: list[tuple[Meeting, Person]] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)


def apply_extraction(session: Session, clock: Clock, found: Extraction) -> Applied:
    """Write ``found`` through the core functions, adding only what the store lacks.

    Meetings match one with the same start and the same series (one the title names) or
    a title that begins the other's (any case); people match by their whole name as
    written; deadlines by title (any case) and due.
    A meeting added without a series keeps its notice ("OBS Ny tid och plats") in its
    description, since ``notices`` derives one only within a series.
    """
    applied = Applied()
    last_organisation = session.exec(select(func.max(Organisation.id))).one() or 0
    stored: dict[int, Instance] = {}
    if found.meeting is not None:
        own = _stored_meeting(session, clock, found.meeting, applied, None, warn_past=False)
        stored[id(found.meeting)] = own
        _participations(session, clock, own, found.participants, applied)
        _agenda(session, clock, own, found.agenda, applied)
    else:
        for participant in found.participants:
            _person(session, participant.name, participant.organisation, applied)
    for meeting in found.meetings:
        notice = next((n.phrase for n in found.notices if n.meeting is meeting), None)
        stored[id(meeting)] = _stored_meeting(session, clock, meeting, applied, notice)
    for deadline in found.deadlines:
        same_day = session.exec(select(Deadline).where(Deadline.due == deadline.window.last))
        if any(d.title.casefold() == deadline.title.casefold() for d in same_day):
            continue
        tie = None
        if deadline.meeting is not None:
            instance = stored[id(deadline.meeting)]
            tie = tie_to_meeting(session, instance.root, occurrence=instance.occurrence,
                                 working_days=deadline.working_days)
        owner = _person(session, deadline.owner, None, applied) if deadline.owner else None
        applied.deadlines.append(add_deadline(
            session, clock, title=deadline.title, window=None if tie else deadline.window,
            tie=tie, owner=owner, kind=deadline.kind))
    applied.organisations = list(session.exec(
        select(Organisation).where(col(Organisation.id) > last_organisation)
        .order_by(col(Organisation.id))).all())
    return applied


def _stored_meeting(session: Session, clock: Clock, found: FoundMeeting, applied: Applied,
                    notice: str | None, *, warn_past: bool = True) -> Instance:
    """The store's meeting (or occurrence) for ``found``, added when there is none."""
    series = None if found.external else _series_named_in(session, found.title)
    start = found.start if isinstance(found.start, dt.datetime) else clock.day_start(found.start)
    title = found.title.lower()
    for instance in instances_between(session, start, start, include_cancelled=True):
        other = instance.meeting.title.lower()
        if instance.start == start and (
                series is not None and instance.root.series_id == series.id
                or other.startswith(title) or title.startswith(other)):
            return instance
    meeting = add_meeting(
        session, clock, title=series.name if series and found.own else found.title,
        start=found.start, end=found.end, online=found.online if found.online and
        found.online.startswith(("https://", "http://")) else None,
        location=found.location, series=series, external=found.external,
        end_approximate=found.end_approximate, warn_past=warn_past,
        description=f"{notice}." if notice and series is None else None)
    applied.meetings.append(meeting)
    return single(meeting)


def _series_named_in(session: Session, title: str) -> Series | None:
    """The series whose name the title holds ("Samarbetskommitténs planeringskonferens"
    holds Samarbetskommittén), the longest name if several do."""
    named = [s for s in session.exec(select(Series)).all() if s.name.lower() in title.lower()]
    return max(named, key=lambda s: len(s.name), default=None)


def _person(session: Session, name: str, organisation: str | None, applied: Applied) -> Person:
    """The person called exactly ``name``, added when there is none."""
    same = session.exec(select(Person).where(Person.name == name).order_by(col(Person.id))).all()
    if len(same) > 1:
        warn("{count} people are called {name}: the minutes are taken to mean id {id}.", count=len(same), name=name,
             id=same[0].id)
    if same:
        return same[0]
    person = add_person(session, name, org=organisation)
    applied.people.append(person)
    return person


def _participations(session: Session, clock: Clock, instance: Instance,
                    participants: list[FoundParticipant], applied: Applied) -> None:
    """Who attended the minutes' meeting and how; a role only where the minutes give one."""
    meeting = instance.meeting
    if instance.master is not None:
        warn("The minutes' meeting is an occurrence of the recurring meeting {id}; attendance is kept per meeting, so "
             "it is not recorded.", id=instance.id)
    for found in participants:
        person = _person(session, found.name, found.organisation, applied)
        if instance.master is not None:
            continue
        existing = participation(session, meeting, person)
        before = _participation_state(existing) if existing else None
        row = attend(session, meeting, person, tz=clock.tz, mode=found.mode, role=found.role,
                     window=found.window, note=found.note, warn_no_link=False)
        if before is None:
            applied.participations.append((meeting, person))
        elif before != _participation_state(row):
            applied.updated.append((meeting, person))


def _agenda(session: Session, clock: Clock, instance: Instance, found: list[FoundItem],
            applied: Applied) -> None:
    """The agenda of a meeting that has none yet, its presenters, and a presenter who is
    not a participant as a guest for that item, in the mode the document gives."""
    meeting = instance.meeting
    if not found or instance.master is not None or items(session, meeting):
        return
    start, end = (meeting.start.astimezone(clock.tz).time(), meeting.end.astimezone(clock.tz).time()) \
        if meeting.end and not meeting.all_day else (None, None)
    for item in found:
        presenter = _person(session, item.presenter, item.organisation, applied) \
            if item.presenter else None
        window = item.window if item.window and start and end and start <= item.window[0] \
            and item.window[1] <= end else None
        applied.agenda.append(add_item(session, meeting, item.title, tz=clock.tz, window=window,
                                       presenter=presenter))
        if presenter is not None and participation(session, meeting, presenter) is None:
            attend(session, meeting, presenter, tz=clock.tz, mode=item.mode, role="guest",
                   item_number=item.number if window else None, warn_no_link=False)
            applied.participations.append((meeting, presenter))


def _participation_state(row: Participation) -> tuple[str | int | None, ...]:
    return (row.mode, row.role, row.offset_from, row.offset_to, row.note)
