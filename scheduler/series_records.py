"""Series without TOML: create and edit a standing body, its members and standing roles.

A new meeting in a series takes its place, usual time and length, organizer and members
(with their roles); changing a series changes no meeting already made.
"""

import datetime as dt
from typing import NamedTuple

from sqlmodel import Session, select

from scheduler import history
from scheduler.attendance import role_name
from scheduler.directory import same_name, series_members
from scheduler.errors import InputError, NotFoundError, StateError, nonblank
from scheduler.store.models import Person, Series, SeriesMember
from scheduler.text.i18n import checked


class SeriesEdit(NamedTuple):
    """What ``series add`` or ``series edit`` asks for; None keeps a field, "" clears it."""

    name: str | None = None
    location: str | None = None
    start: dt.time | None = None
    end: dt.time | None = None
    length: dt.timedelta | None = None
    organizer: Person | None = None
    language: str | None = None  # a language code ("sv", "en"); "" goes back to the store's


def _usual_times(series: Series, edit: SeriesEdit) -> dict[str, object]:
    """start_time and end_time ("HH:MM") from a start and an end or a length; a new start
    alone keeps the length."""
    if edit.end is not None and edit.length is not None:
        raise InputError("Give --end or --length, not both.")
    start = edit.start or (dt.time.fromisoformat(series.start_time) if series.start_time else None)
    length = edit.length or (_length(series) if edit.start and edit.end is None else None)
    end = edit.end
    if length is not None:
        if start is None:
            raise InputError("A length needs a usual start: add --start HH:MM.")
        end = (dt.datetime.combine(dt.date(2000, 1, 1), start) + length).time()
    wanted: dict[str, object] = {}
    if edit.start is not None:
        wanted["start_time"] = f"{edit.start:%H:%M}"
    if end is not None:
        if start is None or end <= start:
            raise InputError("The usual end {end} is not after the usual start: give a later end "
                               "(or --start first).", end=f"{end:%H:%M}")
        wanted["end_time"] = f"{end:%H:%M}"
    return wanted


def _length(series: Series) -> dt.timedelta | None:
    if not (series.start_time and series.end_time):
        return None
    day = dt.date(2000, 1, 1)
    return (dt.datetime.combine(day, dt.time.fromisoformat(series.end_time))
            - dt.datetime.combine(day, dt.time.fromisoformat(series.start_time)))


def _check_name(session: Session, name: str, series: Series | None) -> str:
    name = nonblank(name, "A series needs a name.")
    taken = next((s for s in session.exec(select(Series)).all() if same_name(s.name, name)), None)
    if taken is not None and taken is not series:
        raise StateError("There is already a series {name!r} (id {id}): choose another name.", name=taken.name,
                         id=taken.id)
    return name


def edit_series(session: Session, series: Series, edit: SeriesEdit) -> list[tuple[str, object, object]]:
    """Apply ``edit``; each changed field is written to the history."""
    wanted: dict[str, object] = {}
    if edit.name is not None:
        wanted["name"] = _check_name(session, edit.name, series)
    if edit.location is not None:
        wanted["location"] = edit.location.strip() or None
    wanted.update(_usual_times(series, edit))
    if edit.organizer is not None:
        wanted["secretary_id"] = edit.organizer.id
    if edit.language is not None:
        wanted["language"] = checked(edit.language) if edit.language.strip() else None
    changes = []
    for field, new in wanted.items():
        old = getattr(series, field)
        if old != new:
            setattr(series, field, new)
            shown_old, shown_new = old, new
            if field == "secretary_id":
                shown_old = session.get(Person, old).name if old else None  # type: ignore[union-attr]
                shown_new = edit.organizer.name if edit.organizer else None
            name = {"secretary_id": "organizer", "start_time": "start", "end_time": "end"}.get(field, field)
            history.record(session, "series", series.id, name, shown_old, shown_new)
            changes.append((name, shown_old, shown_new))
    session.add(series)
    session.flush()
    return changes


def add_series(session: Session, name: str, edit: SeriesEdit) -> Series:
    """A new series called ``name`` with the place, time and organizer in ``edit``."""
    series = Series(name=_check_name(session, name, None))
    session.add(series)
    session.flush()
    history.record(session, "series", series.id, "created", None, series.name)
    edit_series(session, series, edit)
    return series


def all_series(session: Session) -> list[Series]:
    return list(session.exec(select(Series).order_by(Series.name)).all())


def members(session: Session, series: Series) -> list[tuple[SeriesMember, Person]]:
    """The members with their standing roles, in the order they joined."""
    found = [(m, session.get(Person, m.person_id)) for m in series_members(session, series)]
    return sorted([(m, p) for m, p in found if p is not None], key=lambda pair: pair[0].id or 0)


def add_member(session: Session, series: Series, person: Person, role: str | None = None) -> SeriesMember:
    """Make ``person`` a member (or change their standing role)."""
    role = role_name(role) if role else None
    member = session.exec(select(SeriesMember).where(SeriesMember.series_id == series.id,
                                                     SeriesMember.person_id == person.id)).first()
    if member is None:
        member = SeriesMember(series_id=series.id, person_id=person.id, role=role or "participant")  # type: ignore[arg-type]
        history.record(session, "series", series.id, "member", None, f"{person.name} ({member.role})")
    elif role and member.role != role:
        history.record(session, "series", series.id, "member",
                       f"{person.name} ({member.role})", f"{person.name} ({role})")
        member.role = role
    else:
        raise StateError("{name} is already a member of {series} as {role}.", name=person.name, series=series.name,
                         role=member.role)
    session.add(member)
    session.flush()
    return member


def remove_member(session: Session, series: Series, person: Person) -> None:
    """Take ``person`` out of the series (meetings already made keep them)."""
    member = session.exec(select(SeriesMember).where(SeriesMember.series_id == series.id,
                                                     SeriesMember.person_id == person.id)).first()
    if member is None:
        raise NotFoundError("{name} is not a member of {series}: see 'scheduler series show "
                              "{id}'.", name=person.name, series=series.name, id=series.id)
    history.record(session, "series", series.id, "member", f"{person.name} ({member.role})", None)
    session.delete(member)
    session.flush()
