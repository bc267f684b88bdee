"""Importing meetings from the .ics files that Outlook, Google, Apple and Thunderbird export.

Every VEVENT becomes a meeting (date-only for an all-day event) that keeps the event's UID:
importing the same file again changes nothing, and importing a newer export (a higher
SEQUENCE, or a new time or place) changes the meeting through ``apply_changes``, so the
revision log and the notices see it. An export whose SEQUENCE is lower than the stored one
is older and is skipped. A recurring event's EXDATEs and RECURRENCE-ID overrides become
override rows, as ``scheduler.recurrence`` makes them. Organizer and attendees become
people, matched by e-mail. Imported meetings keep the file's SEQUENCE; our own (``--ours``)
also raise it once when attendees must act, as every change of ours does.

The file is read first (``reading``); new single events are then written in bulk (one
statement per table, the same rows one at a time would give), the rest one group at a time.
"""

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert
from sqlmodel import Session, SQLModel, col, select

from scheduler import history
from scheduler.attendance import attend, participation, participation_text, role_name
from scheduler.batches import chunks, collector_paused
from scheduler.clock import Clock, utcnow
from scheduler.deadlines import add_deadline
from scheduler.directory import add_person
from scheduler.duewindow import DueWindow
from scheduler.errors import LoadError, SchedulerError, warn
from scheduler.ical.reading import Address, Group, Incoming, IncomingDeadline, Moment, Progress, read_groups
from scheduler.meetings import (
    add_meeting,
    apply_changes,
    created_text,
    default_organizer_id,
    meeting_row,
    raise_sequence,
    span,
)
from scheduler.occurrences import (
    is_occurrence,
    occurrence_start,
    overrides,
    zone,
)
from scheduler.recurrence import new_override
from scheduler.rules import warn_holiday_days
from scheduler.store.models import Deadline, Meeting, Participation, Person, Revision, Rsvp, Series, Status


@dataclass
class ImportResult:
    file: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    deadlines: int = 0  # all-day free events added as deadlines
    meetings: list[int] = field(default_factory=list)

    def record(self) -> dict[str, object]:
        return dataclasses.asdict(self)


def import_calendar(
    session: Session, clock: Clock, path: Path, *, series: Series | None = None,
    external: bool = True, progress: Progress | None = None,
) -> ImportResult:
    """Import the meetings of ``path``; the whole file, or (through the caller's
    transaction) nothing of it. ``progress`` is told (done, total) as the file is read."""
    with collector_paused():
        return import_groups(session, clock, path, series=series, external=external, progress=progress)


def import_groups(
    session: Session, clock: Clock, path: Path, *, series: Series | None, external: bool,
    progress: Progress | None,
) -> ImportResult:
    """``import_calendar``'s work."""
    groups, skipped, deadlines = read_groups(path, clock, progress)
    result = ImportResult(str(path), skipped=skipped, deadlines=add_deadlines(session, clock, deadlines))
    reason = f"import from {path.name}"  # logged; read by reason_words
    stored = stored_uids(session, [group.uid for group in groups])
    simple = [group for group in groups if series is None and is_simple(group) and group.uid not in stored]
    added = dict(zip((group.uid for group in simple),
                     add_new_events(session, clock, [group.master for group in simple],  # type: ignore[misc]
                                    external=external), strict=True))
    for group in groups:
        if group.uid in added:
            result.added += 1
            result.meetings.append(added[group.uid])
            continue
        try:
            outcome, meeting = import_group(session, clock, group, series=series,
                                            external=external, reason=reason)
        except LoadError:
            raise
        except SchedulerError as err:
            raise LoadError('{where}: {err}', where=group.where, err=err) from err
        setattr(result, outcome, getattr(result, outcome) + 1)
        if meeting is not None:
            result.meetings.append(meeting.id)  # type: ignore[arg-type]
    return result


def add_deadlines(session: Session, clock: Clock, found: Sequence[IncomingDeadline]) -> int:
    """The deadlines of the file that the store does not have (by UID); how many were added."""
    stored = {uid for part in chunks([item.uid for item in found])
              for uid in session.exec(select(Deadline.uid).where(col(Deadline.uid).in_(part)))}
    added = 0
    for item in found:
        if item.uid in stored:
            continue
        window = DueWindow(item.first, item.last, item.precision, item.phrase or item.first.isoformat())
        deadline = add_deadline(session, clock, title=item.title, window=window, kind=item.kind, warn_past=False)
        deadline.uid, deadline.sequence, deadline.phrase = item.uid, item.sequence, item.phrase
        stored.add(item.uid)
        added += 1
    return added


# New single events, in bulk -----------------------------------------------------------------


def stored_uids(session: Session, uids: Sequence[str]) -> set[str]:
    """Which of ``uids`` the store has already (one query per thousand)."""
    found: set[str] = set()
    for part in chunks(uids):
        found.update(session.exec(select(Meeting.uid).where(col(Meeting.uid).in_(part))).all())
    return found


def is_simple(group: Group) -> bool:
    """One event that does not recur: what a file mostly holds, and what can be added in bulk."""
    event = group.master
    return event is not None and not group.changed and event.rrule is None and not event.exdates


def insert_rows(session: Session, rows: Sequence[SQLModel]) -> None:
    """Insert ``rows`` (all of one table) with one executemany (batched by the driver)."""
    if rows:
        table = type(rows[0]).__table__  # type: ignore[attr-defined]
        columns = [column.key for column in table.columns if column.key != "id"]
        insert_values(session, type(rows[0]), [{name: getattr(row, name) for name in columns} for row in rows])


def insert_values(session: Session, model: type[SQLModel], rows: Sequence[dict[str, Any]]) -> None:
    """Insert plain ``rows`` of ``model``'s table (each with every column) in one executemany."""
    if rows:
        session.execute(insert(model.__table__), rows)  # type: ignore[attr-defined]


def defaults(model: type[SQLModel], **required: Any) -> dict[str, Any]:
    """A row of ``model`` with its defaults, as plain values: what the rows of a bulk insert
    start from (building a model object per row costs more than the insert)."""
    row = model(**required).model_dump()
    row.pop("id")
    return row


def ids_by(session: Session, column: Any, keys: Sequence[Any], *also: Any) -> dict[Any, int]:
    """The ids of the rows whose ``column`` is one of ``keys`` (with ``also``, a tuple key)."""
    table = column.class_
    found: dict[Any, int] = {}
    for part in chunks(list(dict.fromkeys(keys))):
        for row in session.execute(select(table.id, column, *also).where(column.in_(part))):
            found[row[1] if not also else tuple(row[1:])] = row[0]
    return found


def people_by_email(session: Session, found: Sequence[Address]) -> dict[str, Person]:
    """The people these addresses name, by lower-case e-mail: those known in one query per
    thousand, the new ones added in one insert (with the first name a CN gives)."""
    wanted: dict[str, Address] = {}
    for address in found:
        key = address.email.lower()
        if key not in wanted or (wanted[key].name == wanted[key].email and address.name != address.email):
            wanted[key] = address
    known: dict[str, Person] = {}
    for part in chunks(list(wanted)):
        for person in session.exec(select(Person).where(func.lower(Person.email).in_(part))).all():
            known[person.email.lower()] = person  # type: ignore[union-attr]
    for key, person in known.items():
        if person.name == person.email and wanted[key].name != wanted[key].email:
            person.name = wanted[key].name
            session.add(person)
    new = [Person(name=address.name, email=address.email) for key, address in wanted.items() if key not in known]
    insert_rows(session, new)
    ids = ids_by(session, Person.email, [person.email for person in new])
    for person in new:
        person.id = ids[person.email]
        known[person.email.lower()] = person  # type: ignore[union-attr]
    return known


def add_new_events(session: Session, clock: Clock, events: Sequence[Incoming], *, external: bool) -> list[int]:
    """New single events as meetings with their organizer and attendees: the rows and history
    that ``add_imported`` writes for one, written for all with one statement per table."""
    people = people_by_email(session, [a for e in events for a in [*([e.organizer] if e.organizer else []),
                                                                   *e.attendees]])
    blank = defaults(Meeting)
    meetings = [blank | new_meeting(session, clock, event, people, external=external) for event in events]
    insert_values(session, Meeting, meetings)
    by_uid = ids_by(session, Meeting.uid, [row["uid"] for row in meetings])
    ids = [by_uid[row["uid"]] for row in meetings]
    attending: list[tuple[int, Person, dict[str, Any]]] = []
    attendee = defaults(Participation, meeting_id=0, person_id=0)
    for meeting_id, event in zip(ids, events, strict=True):
        seen: set[int] = set()
        for found in event.attendees:
            person = people[found.email.lower()]
            assert person.id is not None
            if person.id not in seen:
                seen.add(person.id)
                attending.append((meeting_id, person, attendee | {
                    "meeting_id": meeting_id, "person_id": person.id, "role": role_name(found.role or "participant"),
                    "rsvp": Rsvp(found.rsvp or Rsvp.NEEDS_ACTION)}))
    insert_values(session, Participation, [row for _, _, row in attending])
    row_ids = ids_by(session, Participation.meeting_id, ids, Participation.person_id)
    now = utcnow()
    log = defaults(Revision, entity="meeting", entity_id=0, field="created", at=now)
    insert_values(session, Revision, [
        log | {"entity_id": meeting_id, "meeting_id": meeting_id, "new": created_text(row["title"], row["start"])}
        for meeting_id, row in zip(ids, meetings, strict=True)])
    log |= {"entity": "participation", "field": "participation"}
    insert_values(session, Revision, [
        log | {"entity_id": row_ids[(meeting_id, person.id)], "meeting_id": meeting_id,
               "new": f"meeting {meeting_id}, {participation_text(person.name, row['role'], row['mode'])}"}
        for meeting_id, person, row in attending])
    return ids


def new_meeting(session: Session, clock: Clock, event: Incoming, people: dict[str, Person], *,
                external: bool) -> dict[str, Any]:
    """The row of the meeting ``add_imported`` makes of a new event, not yet stored."""
    try:
        row = meeting_row(clock._replace(tz=event.zone), title=event.title, start=event.start,
                          end=event.end, location=event.location, online=event.online,
                          external=external if event.external is None else event.external,
                          description=None if event.ours else event.description)
    except SchedulerError as err:
        raise LoadError('{where}: {err}', where=event.where, err=err) from err
    row |= {"uid": event.uid, "sequence": event.sequence, "status": Status(event.status),
            "end_approximate": event.end_approximate}
    if event.organizer:
        row["organizer_id"] = people[event.organizer.email.lower()].id
    elif not external:
        row["organizer_id"] = default_organizer_id(session, row["title"])
    warn_holiday_days(row["title"], [row["start"]], row["end"] - row["start"], event.zone, clock.now)
    return row


def import_group(
    session: Session, clock: Clock, group: Group, *, series: Series | None, external: bool,
    reason: str,
) -> tuple[str, Meeting | None]:
    """Add, update or leave one UID's meeting: ``added``, ``updated``, ``unchanged`` or
    ``skipped``, and the meeting."""
    stored = session.exec(select(Meeting).where(Meeting.uid == group.uid)).first()
    event = group.master
    if stored is not None and stored.master_id is not None:
        warn('{where}: its UID belongs to a changed occurrence here; skipped.', where=group.where)
        return "skipped", None
    if event is None:
        if stored is None or not stored.rrule:
            warn("{where}: changed occurrences (RECURRENCE-ID) without their series; skipped: export the whole series.",
                 where=group.where)
            return "skipped", None
        changed = import_occurrences(session, clock, stored, group, reason=reason)
        return ("updated" if changed else "unchanged"), stored
    if stored is None:
        meeting = add_imported(session, clock, event, series=series, external=external)
        import_occurrences(session, clock, meeting, group, reason=reason)
        return "added", meeting
    if event.sequence < stored.sequence:
        warn("{where} has SEQUENCE {sequence}, lower than meeting {id}'s {stored_sequence}: it is an older export, or "
             "the meeting was changed here since; skipped.", where=event.where, sequence=event.sequence, id=stored.id,
             stored_sequence=stored.sequence)
        return "skipped", None
    changed = update_imported(session, clock, stored, event, reason=reason)
    changed = import_occurrences(session, clock, stored, group, reason=reason) or changed
    return ("updated" if changed else "unchanged"), stored


def person_for(session: Session, found: Address) -> Person:
    """The person with this e-mail (any case), created with the CN as name if new; one first
    seen without a CN gets the name a later file gives."""
    person = session.exec(
        select(Person).where(func.lower(Person.email) == found.email.lower())
    ).first()
    if person is None:
        return add_person(session, found.name, email=found.email, allow_same_name=True)
    if person.name == person.email and found.name != found.email:
        person.name = found.name
        session.add(person)
    return person


def set_people(session: Session, meeting: Meeting, event: Incoming) -> bool:
    """Each attendee's participation: role (chair, optional) and reply; whether any changed."""
    changed = False
    for found in event.attendees:
        person = person_for(session, found)
        row = participation(session, meeting, person)
        before = None if row is None else (row.role, row.rsvp)
        row = attend(session, meeting, person, tz=zone(meeting), role=found.role,
                     rsvp=found.rsvp, warn_no_link=False)
        changed = changed or before != (row.role, row.rsvp)
    return changed


def add_imported(session: Session, clock: Clock, event: Incoming, *, series: Series | None,
                 external: bool) -> Meeting:
    """A new meeting with the event's UID and SEQUENCE, its organizer and attendees."""
    organizer = person_for(session, event.organizer) if event.organizer else None
    meeting = add_meeting(
        session, clock._replace(tz=event.zone), title=event.title,
        start=event.start, end=event.end, location=event.location, series=series,
        organizer=organizer, online=event.online, rrule=event.rrule,
        external=external if event.external is None else event.external,
        description=None if event.ours else event.description, warn_past=False,
    )
    meeting.uid, meeting.sequence, meeting.end_approximate = event.uid, event.sequence, event.end_approximate
    set_people(session, meeting, event)
    meeting.status = Status(event.status)  # after the people: a cancelled meeting takes none
    session.add(meeting)
    session.flush()
    return meeting


def event_changes(clock: Clock, event: Incoming) -> dict[str, object]:
    """The fields an event gives a meeting or a changed occurrence, for ``apply_changes``."""
    first, last, all_day = span(clock._replace(tz=event.zone), event.start, event.end)
    changes: dict[str, object] = {
        "title": event.title, "start": first, "end": last, "all_day": all_day,
        "location": event.location, "online": event.online, "status": event.status,
    }
    if not event.ours:
        changes["description"] = event.description
    return changes


def apply_imported(session: Session, row: Meeting, changes: dict[str, object], sequence: int,
                   *, reason: str) -> bool:
    """Apply the file's values; SEQUENCE becomes the file's, and a meeting of ours also
    raises it once past its own when attendees must act. Whether anything changed."""
    target = max(sequence, row.sequence + (0 if row.external else 1))
    done = apply_changes(session, row, changes, reason=reason, sequence=target)
    if row.sequence < sequence:
        raise_sequence(session, row, sequence, reason=reason, at=utcnow())
        return True
    return bool(done)


def update_imported(session: Session, clock: Clock, meeting: Meeting, event: Incoming, *,
                    reason: str) -> bool:
    """Bring a stored meeting up to a newer export; whether anything changed."""
    changes = event_changes(clock, event)
    changes["rrule"] = event.rrule  # checked and normalised where the event was read
    if event.organizer:
        changes["organizer_id"] = person_for(session, event.organizer).id
    was_open = meeting.status != "cancelled"
    changed = was_open and set_people(session, meeting, event)  # before it may close
    changed = apply_imported(session, meeting, changes, event.sequence, reason=reason) or changed
    if not was_open and meeting.status != "cancelled":  # reopened
        changed = set_people(session, meeting, event) or changed
    return changed


def original_of(master: Meeting, moment: Moment, where: str) -> dt.datetime | None:
    """The original start of the occurrence a RECURRENCE-ID or EXDATE names (a date: the
    one on that day); None, with a warning, if the series has no such occurrence."""
    if isinstance(moment, dt.datetime):
        found = moment.astimezone(dt.UTC) if is_occurrence(master, moment) else None
    else:
        found = occurrence_start(master, moment)
    if found is None:
        warn('{where}: {moment} is not an occurrence of the series; left out.', where=where, moment=moment.isoformat())
    return found


def master_values(master: Meeting, original: dt.datetime) -> dict[str, object]:
    """An occurrence as its series has it: the master's values in its original slot."""
    values = {name: getattr(master, name) for name in
              ("title", "all_day", "location", "online", "description", "status")}
    return {**values, "start": original, "end": original + (master.end - master.start)}


def rekey(session: Session, master: Meeting, reason: str) -> bool:
    """Override rows whose original start left the series (its time of day changed) move to
    the occurrence on the same day, as ``recurrence.carry`` moves them. Whether any moved."""
    tz = zone(master)
    rows = overrides(session, master)
    moved = False
    for original, row in rows.items():
        if is_occurrence(master, original):
            continue
        now = occurrence_start(master, original.astimezone(tz).date())
        if now is None or now in rows:
            continue
        history.record(session, "meeting", row.id, "recurrence_id",
                       original.astimezone(tz), now.astimezone(tz), reason=reason)
        row.recurrence_id = now
        session.add(row)
        moved = True
    session.flush()
    return moved


def import_occurrences(session: Session, clock: Clock, master: Meeting, group: Group, *,
                       reason: str) -> bool:
    """Make the series' override rows what the file says: a row per changed occurrence, a
    cancelled row per EXDATE, and rows the file no longer has back to the series' values
    (cancelled if their day left the series). Whether anything changed."""
    sequence = group.master.sequence if group.master else master.sequence
    wanted: dict[dt.datetime, tuple[dict[str, object], int]] = {}  # original: values, SEQUENCE
    changed = False
    if master.rrule:
        changed = rekey(session, master, reason)
        for day in group.master.exdates if group.master else []:
            original = original_of(master, day, group.where)
            if original is not None:
                wanted[original] = ({**master_values(master, original), "status": "cancelled"},
                                     sequence)
        for event in group.changed:
            assert event.recurrence_id is not None
            original = original_of(master, event.recurrence_id, event.where)
            if original is not None:
                wanted[original] = (event_changes(clock, event), event.sequence)
    elif group.changed:
        warn("{where}: changed occurrences (RECURRENCE-ID) of an event that does not recur; left out.",
             where=group.where)
    rows = overrides(session, master)
    for original in rows.keys() - wanted.keys():
        if master.rrule and is_occurrence(master, original):  # no longer changed
            wanted[original] = (master_values(master, original), sequence)
        else:  # its day left the series
            wanted[original] = ({"status": "cancelled"}, sequence)
    for original, (changes, number) in wanted.items():
        row = rows.get(original)
        if row is None:
            row = new_override(master, original)
            session.add(row)
            session.flush()
            changed = True
        changed = apply_imported(session, row, changes, number, reason=reason) or changed
    return changed
