"""Who attends a meeting, and how: role, mode (in person, digital, absent), a window, the reply."""

import datetime as dt

from sqlmodel import Session, select

from scheduler.errors import InputError, StateError
from scheduler.models import MODES, ROLES, RSVPS, Meeting, Participation, Person

ROLE_WORDS = {"ordförande": "chair", "justerare": "adjuster", "sekreterare": "secretary",
              "deltagare": "participant", "gäst": "guest", "valfri": "optional"}


def role_name(text: str) -> str:
    """A role in English from an English or Swedish word."""
    word = text.strip().lower()
    role = ROLE_WORDS.get(word, word)
    if role not in ROLES:
        raise InputError(f"Unknown role {text!r}: use one of {', '.join(ROLES)} "
                         "(or ordförande, justerare, sekreterare, gäst).")
    return role


def check_choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise InputError(f"Unknown {what} {value!r}: use one of {', '.join(allowed)}.")
    return value


def participation(session: Session, meeting: Meeting, person: Person) -> Participation | None:
    return session.exec(
        select(Participation).where(Participation.meeting_id == meeting.id,
                                    Participation.person_id == person.id)
    ).first()


def participants(session: Session, meeting: Meeting) -> list[tuple[Participation, Person]]:
    rows = session.exec(
        select(Participation, Person)
        .where(Participation.meeting_id == meeting.id, Participation.person_id == Person.id)
        .order_by(Participation.id)
    ).all()
    return list(rows)  # type: ignore[arg-type]


def set_participation(
    session: Session,
    meeting: Meeting,
    person: Person,
    *,
    tz: dt.tzinfo,
    mode: str | None = None,
    role: str | None = None,
    rsvp: str | None = None,
    window: tuple[dt.time, dt.time] | None = None,
    note: str | None = None,
) -> Participation:
    """Set or update (never duplicate) one person's participation."""
    if meeting.status == "cancelled":
        raise StateError(f"Meeting {meeting.id} '{meeting.title}' is cancelled: "
                         "reopen it with 'meeting edit --reopen' first.")
    row = participation(session, meeting, person) or Participation(
        meeting_id=meeting.id, person_id=person.id  # type: ignore[arg-type]
    )
    if mode is not None:
        row.mode = check_choice(mode, MODES, "mode")
    if role is not None:
        row.role = role_name(role)
    if rsvp is not None:
        row.rsvp = check_choice(rsvp.lower(), RSVPS, "reply (--rsvp)")
    if window is not None:
        row.window_from, row.window_to = check_window(meeting, window, tz)
    if note is not None:
        row.note = note or None
    session.add(row)
    session.flush()
    return row


def check_window(meeting: Meeting, window: tuple[dt.time, dt.time], tz: dt.tzinfo) -> tuple[str, str]:
    """The window as ``HH:MM`` strings, if it lies inside the meeting and ``from`` < ``to``."""
    first, last = window
    if first >= last:
        raise InputError(f"--from {first:%H:%M} is not before --to {last:%H:%M}: swap them.")
    start, end = meeting.start.astimezone(tz), meeting.end.astimezone(tz)
    if not meeting.all_day and (first < start.time() or (end.date() == start.date() and last > end.time())):
        raise InputError(
            f"The window {first:%H:%M}–{last:%H:%M} is outside the meeting "
            f"{start:%H:%M}–{end:%H:%M}: give times inside it."
        )
    return f"{first:%H:%M}", f"{last:%H:%M}"
