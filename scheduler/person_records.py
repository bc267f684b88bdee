"""Looking after the directory: edit a person, merge a duplicate, take someone out.

Every change is written to the revision log (entity ``person``). A merge moves every row
that points at the duplicate (participations, ownerships, memberships, invitations sent,
and the duplicate's own history) to the person kept, found through the schema's foreign
keys so tables added later move too.
"""

import datetime as dt
from typing import Any, NamedTuple

from sqlalchemy import Table, UniqueConstraint, delete, update
from sqlalchemy import select as core_select
from sqlalchemy.engine import CursorResult
from sqlmodel import Session, select
from sqlmodel import col as sql_col

from scheduler import history
from scheduler.attendance import remove_participation
from scheduler.clock import Clock, utcnow
from scheduler.directory import free_email, organisation_named, organisation_of
from scheduler.errors import StateError, nonblank
from scheduler.occurrences import original_starts
from scheduler.references import referencing
from scheduler.settings import default_organizer, set_setting
from scheduler.store.models import Deadline, Meeting, Participation, Person, Revision, Series, SeriesMember

#: How far ahead a recurring meeting is looked at for a coming occurrence.
AHEAD = dt.timedelta(days=3 * 366)


def edit_person(session: Session, person: Person, *, name: str | None = None,
                email: str | None = None, org: str | None = None) -> list[tuple[str, object, object]]:
    """Change name, e-mail (``""`` clears it) and organisation (``""`` clears it)."""
    changes: list[tuple[str, object, object]] = []

    def change(field: str, old: object, new: object) -> None:
        if old != new:
            history.record(session, "person", person.id, field, old, new)
            changes.append((field, old, new))

    if name is not None:
        new_name = nonblank(name, "A person needs a name.")
        change("name", person.name, new_name)
        person.name = new_name
    if email is not None:
        new_email = free_email(session, email, owner=person) if email.strip() else None
        change("email", person.email, new_email)
        person.email = new_email
    if org is not None:
        before = organisation_of(session, person)
        after = organisation_named(session, org) if org.strip() else None
        change("organisation", before.name if before else None, after.name if after else None)
        person.organisation_id = after.id if after else None
    session.add(person)
    session.flush()
    return changes


def _unique_partners(table: Table, column: str) -> list[list[str]]:
    """For each unique constraint with ``column``, its other columns."""
    found = []
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint):
            names = [c.name for c in constraint.columns]
            if column in names and len(names) > 1:
                found.append([n for n in names if n != column])
    return found


def _changed(session: Session, statement: Any) -> int:
    """How many rows an UPDATE changed."""
    result: CursorResult = session.execute(statement)  # type: ignore[assignment]
    return result.rowcount


class Merged(NamedTuple):
    keep: Person
    other_name: str
    other_id: int
    moved: int  # rows now pointing at ``keep``
    dropped: int  # rows of ``other`` that ``keep`` already had (same meeting, same series)


def merge_people(session: Session, keep: Person, other: Person) -> Merged:
    """Move everything of ``other`` to ``keep`` and remove ``other`` (its e-mail goes too)."""
    if keep.id == other.id:
        raise StateError("{name} (id {id}) cannot be merged with themself: give two different "
                           "people, the one to keep first.", name=keep.name, id=keep.id)
    moved = dropped = 0
    for table, col in referencing(session, "person"):
        column = col.name
        for partners in _unique_partners(table, column):
            kept = {tuple(row) for row in session.execute(
                core_select(*[table.c[p] for p in partners]).where(col == keep.id)).all()}
            for row in session.execute(core_select(table).where(col == other.id)).mappings().all():
                if tuple(row[p] for p in partners) in kept:
                    session.execute(delete(table).where(table.c.id == row["id"]))
                    dropped += 1
        moved += _changed(session, update(table).where(col == other.id).values({column: keep.id}))
    moved += _changed(session, update(Revision).where(
        sql_col(Revision.entity) == "person", sql_col(Revision.entity_id) == other.id).values(entity_id=keep.id))
    if (default := default_organizer(session)) is not None and default.id == other.id:
        set_setting(session, "organizer", keep)
    merged = Merged(keep, other.name, other.id, moved, dropped)  # type: ignore[arg-type]
    history.record(session, "person", keep.id, "merged", f"{other.name} (id {other.id}, {other.email or '-'})",
                   keep.name)
    session.expire_all()
    session.delete(session.get(Person, other.id))
    session.flush()
    return merged


def coming_meetings(session: Session, clock: Clock, person: Person) -> list[Meeting]:
    """The meetings, not cancelled, that ``person`` takes part in and that are yet to end."""
    rows = session.exec(
        select(Meeting).join(Participation, sql_col(Participation.meeting_id) == sql_col(Meeting.id))
        .where(Participation.person_id == person.id, Meeting.status != "cancelled")
        .order_by(sql_col(Meeting.start))
    ).all()
    return [m for m in rows if m.end >= clock.now
            or (m.rrule and next(iter(original_starts(m, clock.now, clock.now + AHEAD)), None))]


class Removed(NamedTuple):
    person: Person
    taken_off: list[Meeting]  # coming meetings they were taken off (CANCELs due where sent)


def remove_person(session: Session, clock: Clock, person: Person, *, from_meetings: bool = False) -> Removed:
    """Take ``person`` out of the directory; past meetings keep them in their history."""
    owned = session.exec(select(Deadline).where(Deadline.owner_id == person.id,
                                                Deadline.done == False)).all()  # noqa: E712
    if owned:
        names = "; ".join(f"{d.id} {d.title}" for d in owned)
        raise StateError("{name} owns open deadlines: {names}. Give them another owner with "
                           "'scheduler deadline edit DEADLINE --owner PERSON' (or mark them done) "
                           "first.", name=person.name, names=names)
    coming = coming_meetings(session, clock, person)
    if coming and not from_meetings:
        names = "; ".join(f"{m.id} {m.title}" for m in coming)
        raise StateError("{name} takes part in coming meetings: {names}. Add --from-meetings to "
                           "take them off (the next invite sends their cancellations).", name=person.name, names=names)
    organizing = [s.name for s in session.exec(select(Series).where(Series.secretary_id == person.id))]
    organizing += [f"{m.id} {m.title}" for m in session.exec(
        select(Meeting).where(Meeting.organizer_id == person.id, Meeting.end >= clock.now,
                              Meeting.status != "cancelled"))]
    if organizing:
        raise StateError("{name} organizes {names}: choose another organizer with 'scheduler "
                           "series edit SERIES --organizer PERSON' or 'scheduler meeting edit MEETING "
                           "--organizer PERSON' first.", name=person.name, names="; ".join(organizing))
    default = default_organizer(session)
    if default is not None and default.id == person.id:
        raise StateError("{name} is the store's default organizer: choose another with "
                           "'scheduler config set organizer PERSON' first.", name=person.name)
    for meeting in coming:
        remove_participation(session, meeting, person)
    for member in session.exec(select(SeriesMember).where(SeriesMember.person_id == person.id)).all():
        history.record(session, "series", member.series_id, "member",
                       f"{person.name} ({member.role})", None)
        session.delete(member)
    person.removed_at = utcnow()
    session.add(person)
    history.record(session, "person", person.id, "removed", person.name, None)
    session.flush()
    return Removed(person, coming)
