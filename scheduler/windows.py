"""Windows inside a meeting (agenda items, part-time attendance), stored as minutes from
its start so that they move with it and cannot go stale.

An offset is counted in local wall time (the window 09.00–10.00 of a meeting at 08.30 is
30–90), so a window keeps its place in every occurrence of a series, across daylight
saving too. When a meeting is shortened, a window it cuts is clipped to its end (or,
when it lies wholly after it, loses its times), and the change is in the history.
"""

import datetime as dt
from typing import NamedTuple, Protocol

from sqlmodel import Session, col, select

from scheduler import history
from scheduler.errors import InputError, Phrase, StateError, warn
from scheduler.store.models import AgendaItem, Meeting, Participation, Person, Status

Offsets = tuple[int, int]


def check_open(meeting: Meeting) -> None:
    """Refuse to change who attends, or the agenda of, a cancelled meeting."""
    if meeting.status == Status.CANCELLED:
        raise StateError("Meeting {id} '{title}' is cancelled: reopen it with 'meeting edit --reopen' first.",
                         id=meeting.id, title=meeting.title)


def _wall(moment: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    return moment.astimezone(tz).replace(tzinfo=None)


def minutes(start: dt.datetime, end: dt.datetime, tz: dt.tzinfo) -> int:
    """The wall-clock minutes from ``start`` to ``end``."""
    return int((_wall(end, tz) - _wall(start, tz)).total_seconds() // 60)


def at(start: dt.datetime, offset: int, tz: dt.tzinfo) -> dt.datetime:
    """The instant ``offset`` wall-clock minutes after ``start``."""
    return (_wall(start, tz) + dt.timedelta(minutes=offset)).replace(tzinfo=tz)


def span(start: dt.datetime, end: dt.datetime, offsets: Offsets, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    """The window's instants in a meeting (or occurrence) from ``start`` to ``end``, kept
    inside it."""
    first, last = (at(start, offset, tz) for offset in offsets)
    return max(first, start), min(last, end)


def clock_times(start: dt.datetime, offsets: Offsets, tz: dt.tzinfo) -> tuple[str, str]:
    """The window as ``HH:MM`` local times, in a meeting starting at ``start``."""
    first, last = (at(start, offset, tz) for offset in offsets)
    return f"{first:%H:%M}", f"{last:%H:%M}"


def offsets_of(meeting: Meeting, window: tuple[dt.time, dt.time], tz: dt.tzinfo) -> Offsets:
    """A window of local times on the meeting's (first) day as offsets, if it lies inside
    the meeting and ``from`` < ``to``; InputError if not. Edges at the start and end are in."""
    first, last = window
    if first >= last:
        raise InputError('--from {first:%H.%M} is not before --to {last:%H.%M}: swap them.', first=first, last=last)
    start, end = meeting.start.astimezone(tz), meeting.end.astimezone(tz)
    day = start.date()
    offsets = tuple(minutes(start, dt.datetime.combine(day, t, tz), tz) for t in window)
    if not meeting.all_day and (offsets[0] < 0 or offsets[1] > minutes(start, end, tz)):
        raise InputError(
            "The window {first:%H.%M}–{last:%H.%M} is outside the meeting {start:%H.%M}–{end:%H.%M}: give times "
            "inside it.", first=first, last=last, start=start, end=end
        )
    return offsets  # type: ignore[return-value]


class Windowed(Protocol):
    offset_from: int | None
    offset_to: int | None


def of(row: Windowed) -> Offsets | None:
    """A participation's or agenda item's window as offsets, or None."""
    if row.offset_from is None or row.offset_to is None:
        return None
    return row.offset_from, row.offset_to


class Cut(NamedTuple):
    """A window a shorter meeting cut: whose (an agenda item or a person), before and after."""

    what: str  # "agendaitem" or "participation"
    name: str  # the item's title or the person's name
    number: int | None  # the agenda item's number
    old: tuple[str, str]
    new: tuple[str, str] | None  # None: it lay wholly outside and lost its times


def clip(offsets: Offsets, length: int) -> Offsets | None:
    """``offsets`` kept inside a meeting of ``length`` minutes; None if wholly outside."""
    first, last = offsets
    if first >= length:
        return None
    return first, min(last, length)


def _name(session: Session, row: Participation | AgendaItem) -> tuple[str, str, int | None]:
    if isinstance(row, AgendaItem):
        return "agendaitem", row.title, row.position
    person = session.get(Person, row.person_id)
    return "participation", person.name if person else str(row.person_id), None


def follow(session: Session, meeting: Meeting, old_start: dt.datetime, *, tz: dt.tzinfo,
           reason: str | None = None) -> list[Cut]:
    """After ``meeting`` moved (from ``old_start``) or changed length: log every window's
    shift, clip those the new length cuts (with a warning naming them), and return the cuts.

    An occurrence (an override row) owns no windows: its own are clipped when shown, and
    the warning is given here.
    """
    owner_id = meeting.master_id or meeting.id
    owner = session.get(Meeting, owner_id) if meeting.master_id else meeting
    assert owner is not None
    length = minutes(meeting.start, meeting.end, tz)
    done = []
    for row in _windowed(session, owner):
        offsets = of(row)
        assert offsets is not None
        cut = not meeting.all_day and offsets[1] > length
        kept = clip(offsets, length) if cut else offsets
        old = clock_times(old_start, offsets, tz)
        new = clock_times(meeting.start, kept, tz) if kept else None
        if meeting is owner:
            if cut:
                row.offset_from, row.offset_to = kept if kept else (None, None)
                session.add(row)
            if new != old:
                entity = "agendaitem" if isinstance(row, AgendaItem) else "participation"
                history.record(session, entity, row.id, "window", "-".join(old),
                               "-".join(new) if new else None, reason=reason)
        if cut:
            done.append(Cut(*_name(session, row), old, new))
    for found in done:
        _warn_cut(meeting, found)
    return done


def _windowed(session: Session, meeting: Meeting) -> list[Participation | AgendaItem]:
    items = session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id,
                                                  AgendaItem.offset_from.is_not(None))  # type: ignore[union-attr]
                         .order_by(col(AgendaItem.position))).all()
    people = session.exec(select(Participation).where(Participation.meeting_id == meeting.id,
                                                      Participation.offset_from.is_not(None))  # type: ignore[union-attr]
                          .order_by(col(Participation.id))).all()
    return [*items, *people]


def _warn_cut(meeting: Meeting, cut: Cut) -> None:
    what = (Phrase("Agenda item {number} '{name}'", number=cut.number, name=cut.name) if cut.what == "agendaitem"
            else Phrase("{name}'s window", name=cut.name))
    old = "–".join(t.replace(":", ".") for t in cut.old)
    if cut.new is None:
        warn("{what} ({old}) lies outside meeting {meeting} after this change and lost its times: set new ones.",
             what=what, old=old, meeting=meeting.master_id or meeting.id)
    else:
        new = "–".join(t.replace(":", ".") for t in cut.new)
        warn("{what} ({old}) no longer fits meeting {meeting}: clipped to {new}.", what=what, old=old,
             meeting=meeting.master_id or meeting.id, new=new)
