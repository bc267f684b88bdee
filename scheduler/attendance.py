"""Who attends a meeting, and how: role, mode (in person, digital, absent), a window, the reply.

A window is a pair of local times (``HH:MM``) on the meeting's day; an attendee without one
is there for the whole meeting. Every change to a participation is written to the revision
log as entity ``participation`` (its id), so the trace survives a removal.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from scheduler import history
from scheduler.agenda import find_item
from scheduler.errors import InputError, NotFoundError, warn
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
from scheduler.windows import check_open, check_window, whole_meeting, window_span

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
        raise InputError(f"Unknown role {text!r}: use one of {', '.join(Role)} "
                         "(or ordförande, justerare, sekreterare, gäst).") from None


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


def summary(row: Participation) -> str:
    """One participation in the revision log: ``Emma Lennartsson: guest, digital 08:30-09:30``."""
    return participation_text(row.person.name, row)


def participation_text(name: str, row: Participation) -> str:
    window = f" {row.window_from}-{row.window_to}" if row.window_from else ""
    return f"{name}: {row.role}, {row.mode}{window}"


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
    before = {field: getattr(row, field) for field in TRACKED}
    if mode is not None:
        row.mode = choice(Mode, mode.lower(), "mode")
    if role is not None:
        row.role = role_name(role)
    if rsvp is not None:
        row.rsvp = choice(Rsvp, rsvp.lower(), "reply (--rsvp)")
    if item is not None:
        row.agenda_item_id = item.id
        window = window or item_window(item)
    if window is not None:
        row.window_from, row.window_to = check_window(meeting, window, tz)
        if whole_meeting(meeting, row.window_from, row.window_to, tz):
            row.window_from = row.window_to = None
    if note is not None:
        row.note = note or None
    session.add(row)
    session.flush()
    if existing is None:
        history.record(session, "participation", row.id, "participation", None,
                       f"meeting {meeting.id}, {summary(row)}")
    else:
        for field, old in before.items():
            if getattr(row, field) != old:
                history.record(session, "participation", row.id, field, old,
                               getattr(row, field))
    if warn_no_link and row.mode == Mode.DIGITAL and not meeting.online:
        warn(f"{person.name} joins digitally but meeting {meeting.id} has no online link: "
             f"add one with 'scheduler meeting edit {meeting.id} --online URL'.")
    return row


def item_window(item: AgendaItem) -> tuple[dt.time, dt.time]:
    """An agenda item's times, for a participation tied to it."""
    if not (item.window_from and item.window_to):
        raise InputError(f"Agenda item {item.position} '{item.title}' has no times: "
                         "give --from and --to as well.")
    return dt.time.fromisoformat(item.window_from), dt.time.fromisoformat(item.window_to)


def remove_participation(session: Session, meeting: Meeting, person: Person) -> None:
    """Delete one person's participation (the next ``invite`` sends them a CANCEL)."""
    check_open(meeting)
    row = participation(session, meeting, person)
    if row is None:
        raise NotFoundError(f"{person.name} does not take part in meeting {meeting.id}: "
                            f"see 'scheduler attendance {meeting.id}'.")
    history.record(session, "participation", row.id, "participation",
                   f"meeting {meeting.id}, {summary(row)}", "removed")
    session.delete(row)
    session.flush()


# Views: who attends, head-counts, slots, invitation text ---------------------------------


@dataclass(frozen=True)
class Attendee:
    """One participation with what rendering needs: the person, organisation and item number."""

    person_id: int
    name: str
    email: str | None
    organisation: str | None
    role: str
    mode: str | None  # None: not said (a participant found in a document)
    window_from: str | None
    window_to: str | None
    item: int | None
    rsvp: str
    note: str | None

    def span(self, start: dt.datetime, end: dt.datetime, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
        """When this attendee is there, in a meeting (or occurrence) from ``start`` to ``end``."""
        if not self.window_from or not self.window_to:
            return start, end
        return window_span(start.astimezone(tz).date(), self.window_from, self.window_to, tz)


def attendees(session: Session, meeting: Meeting, person: Person | None = None) -> list[Attendee]:
    """Everyone recorded for ``meeting`` (or just ``person``), in the order they were added."""
    query = (
        select(Participation, Person, Organisation, AgendaItem)
        .join(Person, Participation.person_id == Person.id)  # type: ignore[arg-type]
        .outerjoin(Organisation, Person.organisation_id == Organisation.id)  # type: ignore[arg-type]
        .outerjoin(AgendaItem, Participation.agenda_item_id == AgendaItem.id)  # type: ignore[arg-type]
        .where(Participation.meeting_id == meeting.id)
        .order_by(col(Participation.id))
    )
    if person is not None:
        query = query.where(Participation.person_id == person.id)
    rows = session.exec(query).all()
    return [Attendee(person.id, person.name, person.email, org.name if org else None,  # type: ignore[arg-type]
                     row.role, row.mode, row.window_from, row.window_to,
                     item.position if item else None, row.rsvp, row.note)
            for row, person, org, item in rows]


def head_counts(people: Sequence[Attendee]) -> dict[str, int]:
    """Head-counts by mode: ``in_person``, ``digital``, ``absent``."""
    return {mode.replace("-", "_"): sum(1 for a in people if a.mode == mode) for mode in Mode}


@dataclass(frozen=True)
class Slot:
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
