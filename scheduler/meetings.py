"""Creating, finding, editing and cancelling meetings, each change written to the revision log.

SEQUENCE (the iCalendar counter that tells clients an invitation supersedes the last one)
rises once per command that changes what attendees must act on: start, end, place,
status or recurrence. Other edits keep it.
"""

import datetime as dt
import uuid
from typing import Any, NamedTuple, Required, TypedDict, Unpack
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from scheduler import history, validate, windows
from scheduler.clock import Clock, utcnow
from scheduler.conflicts import warn_conflicts
from scheduler.deadlines import follow_meeting
from scheduler.directory import series_members
from scheduler.errors import InputError, NotFoundError, StateError, nonblank, warn
from scheduler.occurrences import Instance, occurrence_start, overrides, single, zone
from scheduler.rules import checked_rule, warn_holidays
from scheduler.selection import Selection
from scheduler.settings import default_organizer
from scheduler.store.models import Meeting, Participation, Person, Series, Status
from scheduler.text.i18n import _
from scheduler.timeparse import end_on
from scheduler.validate import record_id

SEQUENCE_FIELDS = ("start", "end", "all_day", "location", "status", "rrule")
EDITABLE = ("title", "start", "end", "all_day", "end_approximate", "location", "online",
            "description", "status", "rrule", "organizer_id")
DEFAULT_LENGTH = dt.timedelta(hours=1)
Changes = list[tuple[str, object, object]]


class MeetingEdit(NamedTuple):
    """What one edit of a meeting (or of some occurrences) asks for.

    ``None`` keeps a field; ``""`` clears location, online and description. ``start``
    alone keeps the length; an ``end`` of only a time is on the (new) start's day.
    ``reopen`` makes a cancelled meeting or occurrence happen again.
    """

    title: str | None = None
    start: dt.datetime | dt.date | None = None
    end: dt.datetime | dt.date | dt.time | None = None
    location: str | None = None
    online: str | None = None
    description: str | None = None
    reason: str | None = None
    reopen: bool = False


def new_uid() -> str:
    return f"{uuid.uuid4()}@scheduler.example"


def key_uid(key: str) -> str:
    """A UID derived from a sample-file key, the same on every load."""
    return f"{uuid.uuid5(uuid.NAMESPACE_URL, 'scheduler:meeting:' + key)}@scheduler.example"


def find_meeting(session: Session, ident: str | int) -> Meeting:
    """A meeting (or recurring master) by numeric id, UID or sample-file key."""
    text = str(ident).strip()
    number = record_id(text)
    meeting = session.get(Meeting, number) if number else None
    meeting = meeting or session.exec(
        select(Meeting).where((Meeting.uid == text) | (Meeting.key == text))
    ).first()
    if meeting is None or meeting.master_id is not None:
        raise NotFoundError(
            "No meeting {text!r}: give an id or UID from 'scheduler meeting list'.", text=text
        )
    return meeting


def find_meeting_or_occurrence(session: Session, ident: str | int) -> tuple[Meeting, dt.date | None]:
    """A meeting by its id, UID or key, or a changed occurrence by the id of its own row:
    its recurring master and its original date."""
    number = record_id(str(ident))
    row = session.get(Meeting, number) if number else None
    if row is not None and row.master_id is not None and row.recurrence_id is not None:
        master = session.get(Meeting, row.master_id)
        if master is not None:
            return master, row.recurrence_id.astimezone(ZoneInfo(row.tzid)).date()
    return find_meeting(session, ident), None


def span(
    clock: Clock,
    start: dt.datetime | dt.date,
    end: dt.datetime | dt.date | None = None,
    *,
    duration: dt.timedelta | None = None,
    series: Series | None = None,
) -> tuple[dt.datetime, dt.datetime, bool]:
    """Start, end (exclusive for all-day) as aware instants, and whether it is all-day.

    A date start is all-day (``end`` then is the last day, inclusive). A timed meeting with
    no end lasts ``duration``, else ends at the series' usual end, else lasts an hour.
    """
    if not isinstance(start, dt.datetime):
        if isinstance(end, dt.datetime) or duration:
            raise InputError("A meeting with a date only (tid ej fastställd) takes no end time; "
                             "give a start time too, e.g. '2024-01-10 09:00'.")
        last = end or start
        first_instant, end_instant = clock.day_start(start), clock.day_start(last + dt.timedelta(days=1))
        if last < start:
            raise InputError('The last day {last} is before the first day {start}: swap them.', last=last, start=start)
        return first_instant, end_instant, True
    if end is not None and not isinstance(end, dt.datetime):
        raise InputError("A timed meeting needs an end time, not a date: give e.g. '11.30'.")
    local = start.astimezone(clock.tz)
    if end is None and duration is not None:
        end = (local.replace(tzinfo=None) + duration).replace(tzinfo=clock.tz)
    if end is None and series is not None and series.end_time:
        usual = dt.datetime.combine(local.date(), dt.time.fromisoformat(series.end_time), clock.tz)
        end = usual if usual > start else None
    end = end or start + DEFAULT_LENGTH
    validate.moment(end, _("the end"))
    if end <= start:
        raise InputError(
            "The end {end:%Y-%m-%d %H:%M} is not after the start {local:%Y-%m-%d %H:%M}: give a later end.",
            end=end.astimezone(clock.tz), local=local
        )
    validate.duration(end - start, _("the meeting"))
    return start, end, False


class MeetingFields(TypedDict, total=False):
    """What a new meeting is given (``title`` and ``start`` are required)."""

    title: Required[str]
    start: Required[dt.datetime | dt.date]
    end: dt.datetime | dt.date | None
    duration: dt.timedelta | None
    location: str | None
    series: Series | None
    organizer: Person | None
    online: str | None
    rrule: str | None
    external: bool
    end_approximate: bool
    description: str | None
    status: Status
    key: str | None


def meeting_row(clock: Clock, **fields: Unpack[MeetingFields]) -> dict[str, Any]:
    """The columns of a new meeting, checked; in a series it gets the series' place and
    secretary. ``add_meeting`` stores one as a ``Meeting``; ``import`` inserts many at once."""
    title = nonblank(fields["title"], "A meeting needs a title.")
    series, organizer, key = fields.get("series"), fields.get("organizer"), fields.get("key")
    first, last, all_day = span(clock, fields["start"], fields.get("end"), duration=fields.get("duration"),
                                series=series)
    rrule = fields.get("rrule")
    if rrule:
        rrule = checked_rule(rrule, first.astimezone(clock.tz), last - first)
    return dict(
        uid=key_uid(key) if key else new_uid(), key=key, title=title,
        series_id=series.id if series else None,
        organizer_id=organizer.id if organizer else (series.secretary_id if series else None),
        start=first, end=last, all_day=all_day, end_approximate=fields.get("end_approximate", False),
        tzid=clock.tz.key, location=fields.get("location") or (series.location if series else None),
        online=fields.get("online"), description=fields.get("description"),
        status=fields.get("status", Status.CONFIRMED), external=fields.get("external", False),
        rrule=rrule, created_at=utcnow(),
    )


def build_meeting(clock: Clock, **fields: Unpack[MeetingFields]) -> Meeting:
    """A new meeting row (``meeting_row``), not yet stored."""
    return Meeting(**meeting_row(clock, **fields))


def created_text(title: str, start: dt.datetime) -> str:
    """What the revision log says of a new meeting."""
    return f"{title} {start.isoformat()}"


def add_meeting(session: Session, clock: Clock, *, warn_past: bool = True, check_conflicts: bool = False,
                **fields: Unpack[MeetingFields]) -> Meeting:
    """A new meeting; in a series it gets the series' place, members and secretary. With
    ``check_conflicts``, a warning for each person or place it books twice (as ``meeting add``)."""
    meeting = build_meeting(clock, **fields)
    series = fields.get("series")
    if meeting.organizer_id is None and not meeting.external:
        take_default_organizer(session, meeting)
    session.add(meeting)
    session.flush()
    assert meeting.id is not None
    if series is not None:
        for member in series_members(session, series):
            session.add(Participation(meeting_id=meeting.id, person_id=member.person_id,
                                      role=member.role))
    history.record(session, "meeting", meeting.id, "created", None, created_text(meeting.title, meeting.start))
    if warn_past and meeting.end < clock.now:
        warn("'{title}' is in the past ({start:%Y-%m-%d}).", title=meeting.title,
             start=meeting.start.astimezone(clock.tz))
    warn_holidays(meeting, clock.now)
    if check_conflicts:
        warn_conflicts(session, clock, meeting)
    return meeting


def take_default_organizer(session: Session, meeting: Meeting) -> None:
    """The store's default organizer for a meeting without one, else a warning now rather
    than an error at ``invite``."""
    meeting.organizer_id = default_organizer_id(session, meeting.title)


def default_organizer_id(session: Session, title: str) -> int | None:
    """The id of the store's default organizer for the meeting ``title``; None, with a
    warning, if there is none."""
    organizer = default_organizer(session)
    if organizer is None:
        warn("'{title}' has no organizer, which 'scheduler invite' will need: give one with "
               "'scheduler meeting edit MEETING --organizer PERSON', or a default for every meeting "
               "outside a series with 'scheduler config set organizer PERSON'.", title=title)
    return organizer.id if organizer else None


def apply_changes(
    session: Session, meeting: Meeting, changes: dict[str, object], *, reason: str | None = None,
    sequence: int | None = None,
) -> list[tuple[str, object, object]]:
    """Set the fields that differ, log each, raise SEQUENCE once if attendees must act.

    An override (one occurrence) takes ``sequence`` instead, its master's next, and the
    caller then raises the master: one counter orders every change of a series.
    """
    done: list[tuple[str, object, object]] = []
    at = utcnow()
    for field, new in changes.items():
        if field not in EDITABLE:
            raise ValueError(f"{field} is not an editable meeting field")
        old = getattr(meeting, field)
        if old == new:
            continue
        setattr(meeting, field, new)
        history.record(session, "meeting", meeting.id, field, _local(meeting, old),
                       _local(meeting, new), reason=reason, at=at)
        done.append((field, old, new))
    old_start = next((old for field, old, _ in done if field == "start"), meeting.start)
    if any(field in ("start", "end") for field, _, _ in done):  # windows move with it
        windows.follow(session, meeting, old_start, tz=ZoneInfo(meeting.tzid), reason=reason)  # type: ignore[arg-type]
    if any(field in SEQUENCE_FIELDS for field, _, _ in done):
        to = meeting.sequence + 1 if sequence is None else sequence
        if to != meeting.sequence:
            raise_sequence(session, meeting, to, reason=reason, at=at)
    session.add(meeting)
    moved_from = next((old for field, old, _ in done if field == "start"), None)
    if isinstance(moved_from, dt.datetime):  # tied deadlines follow the meeting
        follow_meeting(session, meeting, moved_from=moved_from, reason=reason)
    return done


def raise_sequence(session: Session, meeting: Meeting, to: int, *, reason: str | None,
                   at: dt.datetime) -> None:
    history.record(session, "meeting", meeting.id, "sequence", meeting.sequence, to,
                   reason=reason, at=at)
    meeting.sequence = to
    session.add(meeting)


def _local(meeting: Meeting, value: object) -> object:
    """Instants are logged in the meeting's own zone, as people read them."""
    if isinstance(value, dt.datetime):
        return value.astimezone(ZoneInfo(meeting.tzid))
    return value


def edit_meeting(
    session: Session,
    clock: Clock,
    meeting: Meeting,
    edit: MeetingEdit,
    *,
    organizer: Person | None = None,
) -> list[tuple[str, object, object]]:
    """Change a meeting; ``start`` alone keeps the length. Returns the changes made.

    Changing a recurring master also moves its changed occurrences along (see
    ``follow_master``).
    """
    check_open(meeting, edit.reopen)
    changes = wanted_changes(clock, meeting, edit)
    if organizer is not None:
        changes["organizer_id"] = organizer.id
    if not meeting.rrule:
        return apply_changes(session, meeting, changes, reason=edit.reason)
    return follow_master(session, clock, meeting, changes, reason=edit.reason)


def check_open(meeting: Meeting, reopen: bool) -> None:
    """StateError for an edit of a cancelled meeting (or occurrence) without --reopen."""
    if meeting.status == Status.CANCELLED and not reopen:
        if meeting.master_id is not None and meeting.recurrence_id is not None:
            day = meeting.recurrence_id.astimezone(ZoneInfo(meeting.tzid)).date()
            raise StateError("The occurrence {day} of meeting {id} '{title}' is cancelled: add --reopen to edit it "
                             "and make it happen again.", day=day, id=meeting.master_id, title=meeting.title)
        raise StateError("Meeting {id} '{title}' is cancelled: add --reopen to edit it and make it happen again.",
                         id=meeting.id, title=meeting.title)


def wanted_changes(clock: Clock, meeting: Meeting, edit: MeetingEdit) -> dict[str, object]:
    """The fields an edit asks for (unchanged ones included; ``apply_changes`` skips them)."""
    changes: dict[str, object] = {}
    if edit.title is not None:
        changes["title"] = nonblank(edit.title, "A meeting needs a title.")
    end = edit.end
    if isinstance(end, dt.time):
        end = end_on(end, edit.start or clock.local(meeting.start), clock.tz)
    if edit.start is not None or end is not None:
        changes.update(moved_span(clock, meeting, edit.start, end))
    for field, value in (("location", edit.location), ("online", edit.online),
                         ("description", edit.description)):
        if value is not None:
            changes[field] = value or None
    if edit.reopen and meeting.status == Status.CANCELLED:
        changes["status"] = "confirmed"
    return changes


def moved_span(
    clock: Clock,
    meeting: Meeting,
    start: dt.datetime | dt.date | None,
    end: dt.datetime | dt.date | None,
) -> dict[str, object]:
    """The start, end and all_day after a move; a new start alone keeps the length."""
    if start is None:
        start = meeting.start.astimezone(clock.tz)
        if meeting.all_day:
            start = start.date()
    if end is None and isinstance(start, dt.datetime) != meeting.all_day:
        if meeting.all_day:
            tz = clock.tz
            days = (meeting.end.astimezone(tz).date() - meeting.start.astimezone(tz).date()).days
            end = start + dt.timedelta(days=days - 1)
        else:
            end = start + (meeting.end - meeting.start)
    first, last, all_day = span(clock, start, end)
    return {"start": first, "end": last, "all_day": all_day}


def cancel_meeting(
    session: Session, meeting: Meeting, *, reason: str | None = None
) -> list[tuple[str, object, object]]:
    if meeting.status == Status.CANCELLED:
        raise StateError("Meeting {id} '{title}' is already cancelled; 'scheduler invite' writes its cancellation "
                         "again if needed.", id=meeting.id, title=meeting.title)
    return apply_changes(session, meeting, {"status": Status.CANCELLED}, reason=reason)


FOLLOWING = ("title", "location", "online", "description", "end_approximate")


def carry(session: Session, row: Meeting, old: Meeting, new: Meeting, *, reason: str | None,
          sequence: int | None) -> None:
    """Bring an override along when its series changes (or a split gives it to ``new``): the
    same date in the new series, the new slot if it kept the old one, and the new value of
    each field it had from the old master."""
    assert row.recurrence_id is not None and new.id is not None
    tz = zone(old)
    day = row.recurrence_id.astimezone(tz).date()
    original = occurrence_start(new, day)
    if original is None:
        raise InputError("The occurrence {day} was changed on its own and has no place in the changed series: move it "
                         "back into the series or cancel it first.", day=day)
    changes: dict[str, object] = {field: getattr(new, field) for field in FOLLOWING
                                  if getattr(row, field) == getattr(old, field)}
    if (row.start, row.end) == (row.recurrence_id, row.recurrence_id + (old.end - old.start)):
        changes.update(start=original, end=original + (new.end - new.start))
    if row.master_id != new.id:
        history.record(session, "meeting", row.id, "master_id", row.master_id, new.id,
                       reason=reason)
        row.master_id = new.id
    if row.recurrence_id != original:
        history.record(session, "meeting", row.id, "recurrence_id",
                       row.recurrence_id.astimezone(tz), original.astimezone(tz), reason=reason)
        row.recurrence_id = original
    apply_changes(session, row, changes, reason=reason, sequence=sequence)


def follow_master(session: Session, clock: Clock, master: Meeting, changes: dict[str, object],
                  *, reason: str | None = None) -> Changes:
    """Change a recurring master; its overrides follow (see ``carry``) before the master's
    own revisions, so its SEQUENCE revision closes the command."""
    changes = {field: value for field, value in changes.items()
               if getattr(master, field) != value}
    if not changes:
        return []
    after = Meeting(**{**master.model_dump(), **changes})
    if "start" in changes or "end" in changes:
        checked_rule(master.rrule or "", after.start.astimezone(zone(master)), after.end - after.start)
    raises = any(field in SEQUENCE_FIELDS for field in changes)
    for row in overrides(session, master).values():
        carry(session, row, master, after, reason=reason,
              sequence=master.sequence + 1 if raises else None)
    return apply_changes(session, master, changes, reason=reason)


def listed(session: Session, clock: Clock, selection: Selection, *, expand: bool = False,
           include_cancelled: bool = False) -> list[Instance]:
    """``meeting list``: without a window, every meeting of the selection once (cancelled
    ones too); with a window, or ``expand`` (from now, a year on), each meeting and
    occurrence in it."""
    if not expand and not selection.windowed:
        return [single(m) for m in selection.meetings(session)]
    return selection.instances(session, clock, include_cancelled=include_cancelled)
