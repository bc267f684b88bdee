"""Deadlines: a due window (first and last day), exact or vague, optionally tied to a meeting.

A window comes from ``duewindow.parse_due`` (``början av februari 2024``, ``vecka 12``,
``våren 2024``). A tied deadline is due on a meeting's day, or some working days before
it, and follows the meeting when it moves (``follow_meeting``, called by
``meetings.apply_changes``). Every change is a revision; SEQUENCE (the deadline is an
event in the feed) rises once per command that changes the window.
"""

import datetime as dt
import uuid
from typing import NamedTuple

from sqlalchemy import func
from sqlmodel import Session, col, select

from scheduler import history
from scheduler.clock import Clock, utcnow
from scheduler.directory import find_person
from scheduler.duewindow import DueWindow, parse_due
from scheduler.errors import InputError, NotFoundError, Phrase, StateError, nonblank, warn
from scheduler.occurrences import instances_between, occurrence_start, overrides, zone
from scheduler.selection import Selection
from scheduler.store.models import Deadline, Kind, Meeting, Person, Series, choice
from scheduler.validate import record_id
from scheduler.workdays import (
    holiday_warning,
    previous_working_day,
    subtract_working_days,
    working_days_between,
)

SEQUENCE_FIELDS = ("due_from", "due")
NEXT_HORIZON = dt.timedelta(days=2 * 366)  # how far ahead ``--next SERIES`` looks


class Tie(NamedTuple):
    """What a deadline is due at: a meeting (or one occurrence of a recurring one),
    optionally ``working_days`` working days before it."""

    meeting: Meeting
    occurrence: dt.date | None = None
    working_days: int | None = None


def deadline_uid(key: str | None = None) -> str:
    if key:
        return f"{uuid.uuid5(uuid.NAMESPACE_URL, 'scheduler:deadline:' + key)}@scheduler.example"
    return f"{uuid.uuid4()}@scheduler.example"


def find_deadline(session: Session, ident: str | int) -> Deadline:
    text = str(ident).strip()
    number = record_id(text)
    found = session.get(Deadline, number) if number else None
    found = found or session.exec(select(Deadline).where(Deadline.uid == text)).first()
    if found is None:
        raise NotFoundError(
            "No deadline {text!r}: give an id or UID from 'scheduler deadlines --all'.", text=text
        )
    return found


# Ties to meetings ------------------------------------------------------------------------


def _occurrence_row(
    session: Session, master: Meeting, day: dt.date
) -> tuple[dt.datetime, str] | None:
    """Start and status of the master's occurrence originally on local ``day``, or None."""
    tz = zone(master)
    for original, row in overrides(session, master).items():
        if original.astimezone(tz).date() == day:
            return row.start, row.status
    start = occurrence_start(master, day)
    return None if start is None else (start, master.status)


def _meeting_day(
    session: Session, meeting: Meeting, occurrence: dt.date | None
) -> tuple[dt.date, str] | None:
    """The local day and status of the meeting, or of its occurrence; None if there is none."""
    if occurrence is None:
        found: tuple[dt.datetime, str] | None = (meeting.start, meeting.status)
    else:
        found = _occurrence_row(session, meeting, occurrence)
    if found is None:
        return None
    start, status = found
    return start.astimezone(zone(meeting)).date(), status


def _due_at(day: dt.date, working_days: int | None) -> dt.date:
    """The meeting's day, or ``working_days`` working days before it."""
    return day if working_days is None else subtract_working_days(day, working_days)


def tie_to_meeting(session: Session, meeting: Meeting, *, occurrence: dt.date | None = None,
                   working_days: int | None = None) -> Tie:
    """A tie to a meeting that takes place (of a recurring one: the occurrence on its
    original date ``occurrence``)."""
    if working_days is not None and (type(working_days) is not int or working_days < 0):
        raise InputError('{working_days!r} working days: give a whole number, 0 or more.', working_days=working_days)
    if meeting.rrule and occurrence is None:
        raise InputError("Meeting {id} '{title}' recurs: add --occurrence DATE (the original date of the one the "
                         "deadline is due at).", id=meeting.id, title=meeting.title)
    if not meeting.rrule and occurrence is not None:
        raise InputError("Meeting {id} '{title}' does not recur: leave out --occurrence.", id=meeting.id,
                         title=meeting.title)
    found = _meeting_day(session, meeting, occurrence)
    if found is None:
        raise NotFoundError("Meeting {id} '{title}' has no occurrence on {occurrence}: give an original date from "
                            "'scheduler upcoming'.", id=meeting.id, title=meeting.title, occurrence=occurrence)
    if found[1] == "cancelled":
        if occurrence:
            raise StateError("Meeting {id} '{title}' on {occurrence} is cancelled: tie the deadline to a meeting "
                             "that takes place, or give --due.", id=meeting.id, title=meeting.title,
                             occurrence=occurrence)
        raise StateError("Meeting {id} '{title}' is cancelled: tie the deadline to a meeting that takes place, "
                         "or give --due.", id=meeting.id, title=meeting.title)
    return Tie(meeting, occurrence, working_days)


def tie_to_next(session: Session, clock: Clock, series: Series, *,
                working_days: int | None = None) -> Tie:
    """A tie to the series' first meeting on a day after today (bound now, not later)."""
    after = clock.day_start(clock.today + dt.timedelta(days=1))
    found = [instance for instance in
             instances_between(session, after, after + NEXT_HORIZON, series_id=series.id)
             if instance.start >= after]  # not one that began today and goes on
    if not found:
        raise NotFoundError(
            'No {name} meeting after {today}: add it first (scheduler meeting add ... --series "{name}") or give '
            "--due.", name=series.name, today=clock.today
        )
    return tie_to_meeting(session, found[0].root, occurrence=found[0].occurrence,
                          working_days=working_days)


def _tie_due(session: Session, tie: Tie) -> dt.date:
    found = _meeting_day(session, tie.meeting, tie.occurrence)
    assert found is not None, "tie_to_meeting checked the meeting"
    return _due_at(found[0], tie.working_days)


# Creating and changing -------------------------------------------------------------------


def _warn_day(deadline: Deadline) -> None:
    """Warn when a deadline given as one day falls on a weekend or holiday."""
    if deadline.precision == "day" and (why := holiday_warning(deadline.due)):
        earlier = previous_working_day(deadline.due)
        warn("'{title}': {why} ('deadline edit {id} --due {earlier}' moves it there).", title=deadline.title, why=why,
             id=deadline.id, earlier=earlier)


def _warn_past(deadline: Deadline, clock: Clock) -> None:
    if deadline.due < clock.today:
        warn("The deadline '{title}' ({due}) is already past.", title=deadline.title, due=deadline.due)


class NextMeeting(NamedTuple):
    """Due at the first meeting of ``series`` after today (bound when the deadline is added),
    optionally ``working_days`` working days before it."""

    series: Series
    working_days: int | None = None


Due = str | DueWindow | Tie | NextMeeting


def add(session: Session, clock: Clock, title: str, *, due: Due, owner: Person | None = None,
        kind: str = "action", matter: str | None = None) -> Deadline:
    """A new deadline (``deadline add``). ``due`` is a phrase (``början av februari 2024``,
    read against today), a ``DueWindow``, a meeting (``Tie``: which one, the occurrence of a
    series, working days before) or the next meeting of a series (``NextMeeting``)."""
    window = tie = None
    if isinstance(due, str):
        window = parse_due(due, today=clock.today)
    elif isinstance(due, DueWindow):
        window = due
    elif isinstance(due, NextMeeting):
        tie = tie_to_next(session, clock, due.series, working_days=due.working_days)
    else:
        tie = tie_to_meeting(session, due.meeting, occurrence=due.occurrence,
                             working_days=due.working_days)
    return add_deadline(session, clock, title=title, window=window, tie=tie, owner=owner, kind=kind,
                        matter=matter)


def add_deadline(
    session: Session,
    clock: Clock,
    *,
    title: str,
    window: DueWindow | None = None,
    tie: Tie | None = None,
    owner: Person | None = None,
    kind: str = "action",
    matter: str | None = None,
    key: str | None = None,
    warn_past: bool = True,
) -> Deadline:
    """A new deadline due in ``window``, or at the meeting of ``tie`` (exactly one of them)."""
    title = nonblank(title, "A deadline needs a title.")
    if (window is None) == (tie is None):
        raise InputError("A deadline is due in a window (--due) or at a meeting "
                         "(--meeting, --before-meeting, --next): give exactly one.")
    if tie is not None:
        day = _tie_due(session, tie)
        window = DueWindow(day, day, "day", day.isoformat())
    assert window is not None
    deadline = Deadline(
        uid=deadline_uid(key), key=key, title=title, due_from=window.first, due=window.last,
        precision=window.precision, phrase=None if tie else window.phrase,
        owner_id=owner.id if owner else None, kind=choice(Kind, kind, Phrase("kind")), matter=matter or None,
        meeting_id=tie.meeting.id if tie else None,
        meeting_occurrence=tie.occurrence if tie else None,
        working_days_before=tie.working_days if tie else None, created_at=utcnow(),
    )
    session.add(deadline)
    session.flush()
    history.record(session, "deadline", deadline.id, "created", None, f"{title} {deadline.due}")
    _warn_day(deadline)
    if warn_past:
        _warn_past(deadline, clock)
    return deadline


def _shown(session: Session, field: str, value: object) -> object:
    """A value as the history shows it: people by name."""
    if field == "owner_id" and value is not None:
        person = session.get(Person, value)
        return person.name if person else value
    return value


def apply_changes(session: Session, deadline: Deadline, changes: dict[str, object], *,
                  reason: str | None = None) -> list[str]:
    """Set the fields that differ, log each, raise SEQUENCE once if the window moved."""
    at = utcnow()
    changed: list[str] = []
    for field, new in changes.items():
        old = getattr(deadline, field)
        if old == new:
            continue
        setattr(deadline, field, new)
        logged = "owner" if field == "owner_id" else field
        history.record(session, "deadline", deadline.id, logged, _shown(session, field, old),
                       _shown(session, field, new), reason=reason, at=at)
        changed.append(field)
    if any(field in SEQUENCE_FIELDS for field in changed):
        history.record(session, "deadline", deadline.id, "sequence", deadline.sequence,
                       deadline.sequence + 1, reason=reason, at=at)
        deadline.sequence += 1
    session.add(deadline)
    return changed


def edit_deadline(
    session: Session,
    clock: Clock,
    deadline: Deadline,
    *,
    title: str | None = None,
    window: DueWindow | None = None,
    owner: str | None = None,
    kind: str | None = None,
    matter: str | None = None,
    reason: str | None = None,
) -> list[str]:
    """Change a deadline; ``owner`` and ``matter`` of ``""`` clear them. A new window unties
    it from its meeting. Returns the fields changed."""
    changes: dict[str, object] = {}
    if title is not None:
        changes["title"] = nonblank(title, "A deadline needs a title.")
    if window is not None:
        changes.update(due_from=window.first, due=window.last, precision=window.precision,
                       phrase=window.phrase, meeting_id=None, meeting_occurrence=None,
                       working_days_before=None)
    if owner is not None:
        changes["owner_id"] = find_person(session, owner).id if owner.strip() else None
    if kind is not None:
        changes["kind"] = choice(Kind, kind, Phrase("kind"))
    if matter is not None:
        changes["matter"] = matter.strip() or None
    tied_to = deadline.meeting_id
    changed = apply_changes(session, deadline, changes, reason=reason)
    if "meeting_id" in changed:
        warn("'{title}' no longer follows meeting {tied_to}: it is due in the window given.", title=deadline.title,
             tied_to=tied_to)
    if "due" in changed:
        _warn_day(deadline)
        _warn_past(deadline, clock)
    return changed


def mark_done(session: Session, deadline: Deadline) -> Deadline:
    if deadline.done:
        raise StateError("Deadline {id} '{title}' is already done; 'deadline reopen' makes it open again.",
                         id=deadline.id, title=deadline.title)
    deadline.done, deadline.done_at = True, utcnow()
    history.record(session, "deadline", deadline.id, "done", False, True)
    session.add(deadline)
    return deadline


def reopen(session: Session, deadline: Deadline) -> Deadline:
    if not deadline.done:
        raise StateError("Deadline {id} '{title}' is open already; 'deadline done' marks it done.", id=deadline.id,
                         title=deadline.title)
    deadline.done, deadline.done_at = False, None
    history.record(session, "deadline", deadline.id, "done", True, False)
    session.add(deadline)
    return deadline


def follow_meeting(session: Session, meeting: Meeting, *, moved_from: dt.datetime,
                   reason: str | None = None) -> list[Deadline]:
    """Move the open deadlines tied to ``meeting`` after its start moved from ``moved_from``.

    ``meeting`` is a meeting, the override of one occurrence, or a recurring master: a
    deadline tied to an occurrence the master's rule no longer has moves to the occurrence
    shifted by as many days as the master. Returns the deadlines that moved.
    """
    master = session.get(Meeting, meeting.master_id) if meeting.master_id else meeting
    assert master is not None
    tz = zone(master)
    query = select(Deadline).where(Deadline.meeting_id == master.id,
                                   Deadline.done == False)  # noqa: E712
    if meeting.master_id is not None:
        assert meeting.recurrence_id is not None
        original = meeting.recurrence_id.astimezone(tz).date()
        query = query.where(Deadline.meeting_occurrence == original)
    shift = meeting.start.astimezone(tz).date() - moved_from.astimezone(tz).date()
    why = f"follows meeting {master.id}" + (f": {reason}" if reason else "")  # logged; read by reason_words
    moved: list[Deadline] = []
    for deadline in session.exec(query.order_by(col(Deadline.id))).all():
        occurrence = deadline.meeting_occurrence
        found = _meeting_day(session, master, occurrence)
        if found is None and occurrence is not None and meeting.master_id is None:
            occurrence += shift  # the master's move took this occurrence with it
            found = _meeting_day(session, master, occurrence)
        if found is None:
            warn("'{title}' was due at meeting {id} on {meeting_occurrence}, which no longer takes place: give it a "
                 "new --due with 'deadline edit'.", title=deadline.title, id=master.id,
                 meeting_occurrence=deadline.meeting_occurrence)
            continue
        due = _due_at(found[0], deadline.working_days_before)
        changes: dict[str, object] = {"meeting_occurrence": occurrence, "due_from": due, "due": due}
        if apply_changes(session, deadline, changes, reason=why):
            moved.append(deadline)
            _warn_day(deadline)
    return moved


# Reading ---------------------------------------------------------------------------------


def days_left(deadline: Deadline, clock: Clock) -> int:
    """Days from today to the window's last day; negative when overdue."""
    return (deadline.due - clock.today).days


def working_days_left(deadline: Deadline, clock: Clock) -> int:
    """Working days d with today < d <= due; negative when overdue."""
    return working_days_between(clock.today, deadline.due)


def open_deadlines(session: Session, clock: Clock, selection: Selection | None = None, *,
                   include_done: bool = False, matter: str | None = None) -> list[Deadline]:
    """Open deadlines by the last day of the window (so overdue ones first); done ones
    (with ``include_done``) after them.

    With ``selection``: those due in its window (every overdue one too when it starts now),
    tied to a meeting of its series, owned by its person.
    """
    query = select(Deadline)
    if not include_done:
        query = query.where(Deadline.done == False)  # noqa: E712
    if selection is not None:
        query = selection.deadline_query(clock, query)
    if matter is not None:
        query = query.where(func.lower(Deadline.matter) == matter.strip().lower())
    order = (Deadline.done, Deadline.due, Deadline.id)
    return list(session.exec(query.order_by(*order)).all())  # type: ignore[arg-type]
