"""Who attends a meeting, and how: role, mode (in person, digital, absent), a window, the reply.

A window is stored as minutes from the meeting's start (see ``windows``), so it moves with
the meeting; an attendee without one is there for the whole meeting. Every change to a
participation is written to the revision log as entity ``participation`` (its id), so the
trace survives a removal.
"""

import datetime as dt
import functools
from collections.abc import Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import select as columns
from sqlmodel import Session, col, select

from scheduler import history, windows
from scheduler.agenda import find_item
from scheduler.batches import chunks
from scheduler.errors import InputError, NotFoundError, Phrase, warn
from scheduler.store.models import (
    AgendaItem,
    Meeting,
    Mode,
    Organisation,
    Participation,
    Person,
    Role,
    Rsvp,
    choice,
)
from scheduler.windows import check_open

ROLE_WORDS = {"ordförande": "chair", "justerare": "adjuster", "sekreterare": "secretary",
              "deltagare": "participant", "gäst": "guest", "valfri": "optional"}
TRACKED = ("role", "mode", "window_from", "window_to", "agenda_item_id", "rsvp", "note")


def role_name(text: str) -> Role:
    """A role in English from an English or Swedish word."""
    word = text.strip().lower()
    role = ROLE_WORDS.get(word, word)
    try:
        return Role(role)
    except ValueError:
        raise InputError("Unknown role {text!r}: use one of {names} (or ordförande, justerare, sekreterare, gäst).",
                         text=text, names=', '.join(Role)) from None


def participation(session: Session, meeting: Meeting, person: Person) -> Participation | None:
    return session.exec(
        select(Participation).where(Participation.meeting_id == meeting.id,
                                    Participation.person_id == person.id)
    ).first()


def participants(session: Session, meeting: Meeting) -> list[tuple[Participation, Person]]:
    rows = session.exec(
        select(Participation, Person)
        .where(Participation.meeting_id == meeting.id, Participation.person_id == Person.id)
        .order_by(col(Participation.id))
    ).all()
    return list(rows)


def clock_window(session: Session, row: Participation | AgendaItem,
                 start: dt.datetime | None = None) -> tuple[str | None, str | None]:
    """The window as ``HH:MM`` local times in its meeting (or in the occurrence that starts
    at ``start``), or (None, None)."""
    offsets = windows.of(row)
    meeting = session.get(Meeting, row.meeting_id)
    if offsets is None or meeting is None:
        return None, None
    return windows.clock_times(start or meeting.start, offsets, ZoneInfo(meeting.tzid))


def _tracked(session: Session, row: Participation) -> dict[str, object]:
    first, last = clock_window(session, row)
    return {field: {"window_from": first, "window_to": last}.get(field, getattr(row, field, None))
            for field in TRACKED}


def summary(session: Session, row: Participation) -> str:
    """One participation in the revision log: ``Emma Lennartsson: guest, digital 08:30-09:30``."""
    return participation_text(row.person.name, row.role, row.mode, clock_window(session, row))


def participation_text(name: str, role: str, mode: str,
                       window: tuple[str | None, str | None] = (None, None)) -> str:
    """``Emma Lennartsson: guest, digital 08:30-09:30`` (``window`` in local times)."""
    times = f" {window[0]}-{window[1]}" if window[0] else ""
    return f"{name}: {role}, {mode}{times}"


def attend(
    session: Session,
    meeting: Meeting,
    person: Person,
    *,
    tz: dt.tzinfo,
    mode: str | None = None,
    role: str | None = None,
    rsvp: str | None = None,
    window: tuple[dt.time, dt.time] | None = None,
    item_number: int | None = None,
    note: str | None = None,
    warn_no_link: bool = True,
) -> Participation:
    """Set or update (never duplicate) one person's participation; each change is logged.

    ``item_number`` ties the window to that agenda item; without ``window`` the item's times
    are used. A window that spans the whole meeting is stored as no window. Warns (unless
    ``warn_no_link`` is off, as when loading) when a digital attendee has no link to use.
    """
    item = find_item(session, meeting, item_number) if item_number is not None else None
    check_open(meeting)
    existing = participation(session, meeting, person)
    row = existing or Participation(meeting_id=meeting.id, person_id=person.id)  # type: ignore[arg-type]
    before = _tracked(session, row)
    if mode is not None:
        row.mode = choice(Mode, mode.lower(), Phrase("mode"))
    if role is not None:
        row.role = role_name(role)
    if rsvp is not None:
        row.rsvp = choice(Rsvp, rsvp.lower(), Phrase("reply (--rsvp)"))
    offsets = windows.offsets_of(meeting, window, tz) if window is not None else None
    if item is not None:
        row.agenda_item_id = item.id
        offsets = offsets or item_window(item)
    if offsets is not None:
        whole = not meeting.all_day and offsets == (0, windows.minutes(meeting.start, meeting.end, tz))
        row.offset_from, row.offset_to = (None, None) if whole else offsets
    if note is not None:
        row.note = note or None
    session.add(row)
    session.flush()
    if existing is None:
        history.record(session, "participation", row.id, "participation", None,
                       f"meeting {meeting.id}, {summary(session, row)}")
    else:
        after = _tracked(session, row)
        for field, old in before.items():
            if after[field] != old:
                history.record(session, "participation", row.id, field, old, after[field])
    if warn_no_link and row.mode == Mode.DIGITAL and not meeting.online:
        warn("{name} joins digitally but meeting {id} has no online link: add one with 'scheduler meeting edit {id} "
             "--online URL'.", name=person.name, id=meeting.id)
    return row


def item_window(item: AgendaItem) -> windows.Offsets:
    """An agenda item's window, for a participation tied to it."""
    offsets = windows.of(item)
    if offsets is None:
        raise InputError("Agenda item {position} '{title}' has no times: give --from and --to as well.",
                         position=item.position, title=item.title)
    return offsets


def remove_participation(session: Session, meeting: Meeting, person: Person) -> None:
    """Delete one person's participation (the next ``invite`` sends them a CANCEL)."""
    check_open(meeting)
    row = participation(session, meeting, person)
    if row is None:
        raise NotFoundError("{name} does not take part in meeting {id}: see 'scheduler attendance {id}'.",
                            name=person.name, id=meeting.id)
    history.record(session, "participation", row.id, "participation",
                   f"meeting {meeting.id}, {summary(session, row)}", "removed")
    session.delete(row)
    session.flush()


# Views: who attends, head-counts, slots, invitation text ---------------------------------


class Attendee(NamedTuple):
    """One participation with what rendering needs: the person, organisation and item number
    (a named tuple: a feed makes one per participant of every meeting)."""

    person_id: int
    name: str
    email: str | None
    organisation: str | None
    role: str
    mode: str | None  # None: not said (a participant found in a document)
    window_from: str | None  # HH:MM in the meeting (or occurrence) asked for
    window_to: str | None
    item: int | None
    rsvp: str
    note: str | None
    offsets: windows.Offsets | None = None

    def span(self, start: dt.datetime, end: dt.datetime, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
        """When this attendee is there, in a meeting (or occurrence) from ``start`` to ``end``."""
        if self.offsets is None:
            return start, end
        return windows.span(start, end, self.offsets, tz)


def attendees(session: Session, meeting: Meeting, person: Person | None = None, *,
              span: tuple[dt.datetime, dt.datetime] | None = None) -> list[Attendee]:
    """Everyone recorded for ``meeting`` (or just ``person``), in the order they were added,
    with their windows' times in the meeting, or in the occurrence from ``span``'s start to
    its end (kept inside it)."""
    assert meeting.id is not None
    rows = participation_rows(session, [meeting.id], person).get(meeting.id, ())
    return attendee_list(rows, meeting, span)


# The columns of ``participation_rows``, in this order (``attendee_list`` unpacks them).
PARTICIPATION_COLUMNS = (Participation.meeting_id, Person.name, Person.email, Participation.role,
                         Participation.mode, Participation.offset_from, Participation.offset_to,
                         AgendaItem.position, Participation.rsvp, Participation.note, Person.id,
                         Organisation.name)


# One meeting's participations (``participation_rows``): each the values of
# ``PARTICIPATION_COLUMNS`` but the meeting, as a plain tuple.
Participants = tuple[tuple[Any, ...], ...]
_BUT_MEETING = itemgetter(slice(1, None))


def participation_rows(session: Session, meeting_ids: Sequence[int],
                       person: Person | None = None) -> dict[int, Participants]:
    """The participations of ``meeting_ids`` (only ``person``'s, when given) with the person,
    organisation and agenda item number (``PARTICIPATION_COLUMNS`` but the meeting), by
    meeting, in the order they were added (one query per thousand meetings), for one meeting
    or for a whole feed. Meetings with the same participants share one tuple of them, so
    what is made of them can be made once (``attendee_list``)."""
    query: Any = (
        columns(*map(col, PARTICIPATION_COLUMNS))
        .join(Person, Participation.person_id == Person.id)  # type: ignore[arg-type]
        .outerjoin(Organisation, Person.organisation_id == Organisation.id)  # type: ignore[arg-type]
        .outerjoin(AgendaItem, Participation.agenda_item_id == AgendaItem.id)  # type: ignore[arg-type]
        .order_by(col(Participation.meeting_id), col(Participation.id))
    )
    if person is not None:
        query = query.where(Participation.person_id == person.id)
    session.flush()  # read on the connection, past the session: what was added must be there
    found: dict[int, Participants] = {}
    shared: dict[Participants, Participants] = {}
    for part in chunks(meeting_ids):
        rows = session.connection().execute(query.where(col(Participation.meeting_id).in_(part))).all()
        for number, group in groupby(rows, itemgetter(0)):
            values = tuple(map(_BUT_MEETING, group))
            found[number] = shared.setdefault(values, values)
    return found


def attendee_list(rows: Participants, meeting: Meeting,
                  span: tuple[dt.datetime, dt.datetime] | None = None) -> list[Attendee]:
    """``participation_rows`` of ``meeting`` as Attendees, their windows' times in the meeting
    or in the occurrence from ``span``'s start to its end."""
    if (whole := _whole_meeting(rows)) is not None:
        return list(whole)
    tz = ZoneInfo(meeting.tzid)
    start, end = span or (meeting.start, meeting.end)
    found = []
    for row in rows:
        name, email, role, mode, first, last, item, rsvp, note, person_id, organisation = row
        if first is None or last is None:
            found.append(_without_window(row))
            continue
        since, until = windows.span(start, end, (first, last), tz)
        found.append(Attendee(person_id, name, email, organisation, role, mode,
                              f"{since.astimezone(tz):%H:%M}", f"{until.astimezone(tz):%H:%M}", item,
                              rsvp, note, (first, last)))
    return found


@functools.lru_cache(maxsize=1024)
def _whole_meeting(rows: Participants) -> tuple[Attendee, ...] | None:
    """The Attendees of ``rows`` when none has a window (they read the same in every meeting
    and occurrence: made once for each group of people), else None."""
    if any(first is not None and last is not None for _, _, _, _, first, last, *_ in rows):
        return None
    return tuple(map(_without_window, rows))


def _without_window(row: tuple[Any, ...]) -> Attendee:
    """The Attendee of a ``participation_rows`` row that takes part in the whole meeting."""
    name, email, role, mode, _, _, item, rsvp, note, person_id, organisation = row
    return Attendee(person_id, name, email, organisation, role, mode, None, None, item, rsvp, note)


def head_counts(people: Sequence[Attendee]) -> dict[str, int]:
    """Head-counts by mode: ``in_person``, ``digital``, ``absent``."""
    return {mode.replace("-", "_"): sum(1 for a in people if a.mode == mode) for mode in Mode}


class Slot(NamedTuple):
    start: dt.datetime
    end: dt.datetime
    in_person: int
    digital: int


def slots(meeting: Meeting, people: list[Attendee], tz: dt.tzinfo) -> list[Slot]:
    """Head-counts in person and digital between every window edge and the meeting's ends.

    An all-day meeting (time not yet set) has no times to split by: none.
    """
    if meeting.all_day:
        return []
    start, end = meeting.start.astimezone(tz), meeting.end.astimezone(tz)
    present = [(a.mode, *a.span(start, end, tz)) for a in people if a.mode != Mode.ABSENT]
    edges = sorted({start, end} | {edge for _, first, last in present for edge in (first, last)})
    found = []
    for first, last in zip(edges, edges[1:]):
        there = [mode for mode, a, b in present if a <= first and last <= b]
        found.append(Slot(first, last, there.count("in-person"), there.count("digital")))
    return found


def overview(session: Session, meeting: Meeting, tz: dt.tzinfo) -> tuple[list[Attendee], list[Slot]]:
    """What ``attendance`` shows: who attends how, and the head-counts between window edges."""
    people = attendees(session, meeting)
    return people, slots(meeting, people, tz)
