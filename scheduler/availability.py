"""When people are busy according to the store, and where else their busy time comes from.

A person is busy during the meetings they take part in (as ``conflicts`` counts them: their
window, not absent, not declined). Other calendars are named per person as busy sources
(a file or URL of an ``.ics`` export or a VFREEBUSY), read when the time is needed.
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence

from sqlmodel import Session, col, select

from scheduler import history
from scheduler.attendance import attend
from scheduler.clock import Clock, utcnow
from scheduler.conflicts import bookings
from scheduler.directory import series_members
from scheduler.errors import InputError, NotFoundError
from scheduler.findtime import Busy, Candidate, Invitee, Usual
from scheduler.meetings import add_meeting
from scheduler.occurrences import instances_between
from scheduler.store.exchanges import BusySource
from scheduler.store.models import Meeting, Person, Series

# Reads one busy source for the window; raises SchedulerError when it cannot.
SourceReader = Callable[[str, dt.datetime, dt.datetime], list[Busy]]


def store_busy(session: Session, clock: Clock, person_ids: Iterable[int],
               start: dt.datetime, end: dt.datetime) -> dict[int, list[Busy]]:
    """Each person's busy intervals between ``start`` and ``end`` from the meetings in the store."""
    wanted = set(person_ids)
    found: dict[int, list[Busy]] = defaultdict(list)
    for booking in bookings(session, instances_between(session, start, end), clock.tz):
        kind, person_id = booking.key
        if kind == "person" and person_id in wanted:
            meeting = booking.instance.meeting
            what = ", ".join(filter(None, (meeting.title, meeting.location)))
            found[person_id].append(Busy(booking.start, booking.end, what))
    return found


def sources(session: Session, person_ids: Iterable[int]) -> dict[int, list[str]]:
    """Where each person's other busy time comes from, in the order it was added."""
    rows = session.exec(select(BusySource).where(BusySource.person_id.in_(list(person_ids)))  # type: ignore[attr-defined]
                        .order_by(col(BusySource.id))).all()
    found: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        found[row.person_id].append(row.source)
    return found


def add_source(session: Session, person: Person, source: str) -> BusySource:
    """Remember that ``person``'s busy time is also read from ``source`` (a path or URL)."""
    source = source.strip()
    if not source:
        raise InputError("Give a file or an http(s) URL of the person's calendar or free/busy.")
    assert person.id is not None
    if source in sources(session, [person.id]).get(person.id, []):
        raise InputError("{name} already has the busy source {source}.", name=person.name, source=source)
    row = BusySource(person_id=person.id, source=source, added_at=utcnow())
    session.add(row)
    session.flush()
    history.record(session, "person", person.id, "busy source", None, source)
    return row


def remove_source(session: Session, person: Person, source: str) -> None:
    row = session.exec(select(BusySource).where(BusySource.person_id == person.id,
                                                BusySource.source == source.strip())).first()
    if row is None:
        raise NotFoundError("{name} has no busy source {source}: see 'scheduler person busy list'.", name=person.name,
                            source=source)
    session.delete(row)
    history.record(session, "person", person.id, "busy source", source, None)


def series_people(session: Session, series: Series) -> list[Person]:
    """The series' members, in the order they were added."""
    found = [session.get(Person, member.person_id) for member in series_members(session, series)]
    return [person for person in found if person is not None]


def usual_time(session: Session, clock: Clock, series: Series) -> Usual:
    """The series' usual start (as set on the series) and weekday (the commonest of its meetings)."""
    starts = session.exec(select(Meeting.start).where(Meeting.series_id == series.id,
                                                      Meeting.all_day.is_(False))).all()  # type: ignore[attr-defined]
    weekdays = Counter(start.astimezone(clock.tz).weekday() for start in starts)
    weekday = weekdays.most_common(1)[0][0] if weekdays else None
    hour = dt.time.fromisoformat(series.start_time) if series.start_time else None
    return Usual(weekday, hour)


def invitees(session: Session, clock: Clock, required: Sequence[Person], optional: Sequence[Person],
             start: dt.datetime, end: dt.datetime, read: SourceReader,
             on_failure: Callable[[Person, str, Exception], None]) -> list[Invitee]:
    """Everyone asked with their busy time from the store and their sources; a person whose
    source fails is unknown (``busy`` None), after ``on_failure`` is told."""
    everyone = [(person, True) for person in required]
    everyone += [(person, False) for person in optional if person not in required]
    for person, _required in everyone:
        if not person.email:
            raise InputError("{name} has no e-mail, so cannot be invited: give one with "
                               "'scheduler person edit {id} --email …'.", name=person.name, id=person.id)
    ids = [person.id for person, _ in everyone]
    in_store = store_busy(session, clock, ids, start, end)  # type: ignore[arg-type]
    named = sources(session, ids)  # type: ignore[arg-type]
    found = []
    for person, required_ in everyone:
        busy: list[Busy] | None = list(in_store.get(person.id, []))  # type: ignore[arg-type]
        for source in named.get(person.id, []):  # type: ignore[arg-type]
            try:
                busy = busy + read(source, start, end) if busy is not None else None
            except InputError as error:
                on_failure(person, source, error)
                busy = None
        found.append(Invitee(person.id, person.name, person.email, required_,  # type: ignore[arg-type]
                             tuple(busy) if busy is not None else None))
    return found


def book_candidate(session: Session, clock: Clock, candidates: Sequence[Candidate], number: int, *,
                   title: str | None, series: Series | None, people: Sequence[Person]) -> Meeting:
    """Candidate ``number`` (from 1) as a meeting: of the series (with its members), or with ``people``."""
    if not 1 <= number <= len(candidates):
        if not candidates:
            raise InputError("There is no candidate {number}: none was found; search a wider window "
                             "(--from/--to, --hours).", number=number)
        raise InputError("There is no candidate {number}: give one of 1–{n}; run find-time without --book "
                         "to see them.", number=number, n=len(candidates))
    chosen = candidates[number - 1]
    title = title or (series.name if series is not None else None)
    if not title:
        raise InputError("Give the booked meeting a --title (it is not in a series).")
    meeting = add_meeting(session, clock, title=title, start=chosen.start, end=chosen.end,
                          series=series)
    for person in people:
        attend(session, meeting, person, tz=clock.tz)
    return meeting
