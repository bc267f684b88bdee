"""Loading a TOML store file: organisations, people, series, meetings, deadlines.

Every entry has a ``key``; an entry whose key is already in the store is left as it is,
so loading a file twice changes nothing. Any error names the file and the entry, and
(through the caller's transaction) nothing of the file is loaded.
"""

import datetime as dt
import tomllib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from scheduler import timeparse, windows
from scheduler.attendance import attend, role_name
from scheduler.clock import Clock
from scheduler.deadlines import add_deadline, tie_to_meeting
from scheduler.directory import add_person, find_person, find_series, organisation_named
from scheduler.duewindow import parse_due
from scheduler.entries import checked_entry
from scheduler.errors import LoadError, Phrase, SchedulerError
from scheduler.meetings import add_meeting, find_meeting
from scheduler.store.models import (
    AgendaItem,
    Deadline,
    Meeting,
    Organisation,
    Person,
    Series,
    SeriesMember,
)

SECTIONS = ("organisation", "person", "series", "meeting", "deadline")


class Entry:
    """One table of the file, for messages: ``data/x.toml: [[meeting]] 'lg-2024-02-16'``."""

    def __init__(self, path: Path, section: str, index: int, data: dict[str, Any]):
        self.path, self.section, self.index, self.data = path, section, index, data

    def where(self) -> Phrase:
        key = self.data.get("key")
        name = f"'{key}'" if key else Phrase("number {n}", n=self.index + 1)
        return Phrase("{path}: [[{section}]] {name}", path=self.path, section=self.section, name=name)

    def need(self, field: str) -> Any:
        value = self.data.get(field)
        if value in (None, ""):
            raise LoadError("{where} has no '{field}': add it.", where=self.where(), field=field)
        return value

    def get(self, field: str, default: Any = None) -> Any:
        return self.data.get(field, default)


def read_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as err:
        raise LoadError('{path} does not exist: give the path of a .toml file.', path=path) from err
    except tomllib.TOMLDecodeError as err:
        raise LoadError('{path} is not valid TOML: {err}. Fix that line and load again.', path=path, err=err) from err
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise LoadError('{path!r} cannot be read: {err}', path=path, err=err) from err


def load(session: Session, clock: Clock, path: Path,
         progress: Callable[[int, int], None] | None = None) -> Counter[str]:
    """Load ``path``; returns how many entries of each section were new (0 included).
    ``progress`` is told (done, total) entry by entry."""
    document = read_file(path)
    unknown = set(document) - set(SECTIONS)
    if unknown:
        raise LoadError("{path}: unknown section(s) {names}; use {sections}.", path=path,
                        names=', '.join(sorted(unknown)), sections=', '.join(SECTIONS))
    loaders = {"organisation": _organisation, "person": _person, "series": _series,
               "meeting": _meeting, "deadline": _deadline}
    models: dict[str, type[Organisation | Person | Series | Meeting | Deadline]] = {
        "organisation": Organisation, "person": Person, "series": Series,
              "meeting": Meeting, "deadline": Deadline}
    added: Counter[str] = Counter(dict.fromkeys(SECTIONS, 0))
    total = sum(len(entries) for entries in document.values() if isinstance(entries, list))
    done = 0
    for section in SECTIONS:
        entries = document.get(section, [])
        if not isinstance(entries, list):
            raise LoadError("{path}: '{section}' must be an array of tables ([[{section}]]).", path=path,
                            section=section)
        for index, data in enumerate(entries):
            done += 1
            if progress is not None:
                progress(done, total)
            entry = Entry(path, section, index, checked_entry(path, section, index, data))
            key = entry.need("key")
            model = models[section]
            if session.exec(select(model).where(model.key == key)).first():
                continue
            try:
                loaders[section](session, clock, entry)
            except LoadError:
                raise
            except SchedulerError as err:
                raise LoadError('{where}: {err}', where=entry.where(), err=err) from err
            added[section] += 1
    return added


def _organisation(session: Session, clock: Clock, entry: Entry) -> None:
    organisation = organisation_named(session, entry.need("name"))
    organisation.key = entry.need("key")
    session.add(organisation)


def _person(session: Session, clock: Clock, entry: Entry) -> None:
    org = entry.get("organisation")
    if org:
        org = _organisation_name(session, org)
    add_person(session, entry.need("name"), email=entry.get("email"), org=org, key=entry.need("key"))


def _organisation_name(session: Session, ref: str) -> str:
    found = session.exec(select(Organisation).where(Organisation.key == ref)).first()
    return found.name if found else ref


def _person_ref(session: Session, ref: str) -> Person:
    return session.exec(select(Person).where(Person.key == ref)).first() or find_person(session, ref)


def _series(session: Session, clock: Clock, entry: Entry) -> None:
    secretary = entry.get("secretary")
    series = Series(
        key=entry.need("key"), name=entry.need("name"), location=entry.get("location"),
        start_time=_hhmm(entry, "start"), end_time=_hhmm(entry, "end"),
        secretary_id=_person_ref(session, secretary).id if secretary else None,
    )
    session.add(series)
    session.flush()
    for member in entry.get("members", []):
        person = _person_ref(session, member["person"])
        assert series.id is not None and person.id is not None
        session.add(SeriesMember(series_id=series.id, person_id=person.id,
                                 role=role_name(member.get("role", "participant"))))


def _hhmm(entry: Entry, field: str) -> str | None:
    value = entry.get(field)
    return f"{timeparse.parse_time_of_day(str(value)):%H:%M}" if value else None


def _meeting(session: Session, clock: Clock, entry: Entry) -> None:
    when = timeparse.parse_when(str(entry.need("start")), tz=clock.tz, today=clock.today)
    end: dt.datetime | dt.date | None = when.end
    if end is None and entry.get("end"):
        end = timeparse.parse_end(str(entry.get("end")), start=when.start, tz=clock.tz,
                                  today=clock.today)
    series = entry.get("series")
    organizer = entry.get("organizer")
    meeting = add_meeting(
        session, clock, title=entry.need("title"), start=when.start, end=end,
        location=entry.get("location"), online=entry.get("online"),
        series=_series_ref(session, series) if series else None,
        organizer=_person_ref(session, organizer) if organizer else None,
        rrule=entry.get("rrule"), external=bool(entry.get("external", False)),
        end_approximate=bool(entry.get("end_approximate", False)),
        description=entry.get("description"), status=entry.get("status", "confirmed"),
        key=entry.need("key"), warn_past=False,
    )
    assert meeting.id is not None
    for position, item in enumerate(entry.get("agenda", []), start=1):
        presenter = item.get("presenter")
        window = _window(item)
        offsets = windows.offsets_of(meeting, window, clock.tz) if window else (None, None)
        session.add(AgendaItem(
            meeting_id=meeting.id, position=position, title=item["title"],
            offset_from=offsets[0], offset_to=offsets[1],
            presenter_id=_person_ref(session, presenter).id if presenter else None,
        ))
    for row in entry.get("participants", []):
        window = _window(row)
        attend(
            session, meeting, _person_ref(session, row["person"]), tz=clock.tz,
            mode=row.get("mode"), role=row.get("role"), rsvp=row.get("rsvp"), window=window,
            note=row.get("note"), warn_no_link=False,
        )


def _window(entry: dict[str, Any]) -> tuple[dt.time, dt.time] | None:
    """An entry's ``from`` and ``to`` as times, or None when it has neither."""
    if not (entry.get("from") or entry.get("to")):
        return None
    return (timeparse.parse_time_of_day(str(entry.get("from", ""))),
            timeparse.parse_time_of_day(str(entry.get("to", ""))))


def _series_ref(session: Session, ref: str) -> Series:
    return session.exec(select(Series).where(Series.key == ref)).first() or find_series(session, ref)


def _meeting_ref(session: Session, ref: str) -> Meeting:
    return session.exec(select(Meeting).where(Meeting.key == ref)).first() or find_meeting(session, ref)


def _deadline(session: Session, clock: Clock, entry: Entry) -> None:
    meeting = _meeting_ref(session, entry.get("meeting")) if entry.get("meeting") else None
    owner = entry.get("owner")
    window = tie = None
    if entry.get("due"):  # a TOML date, or a phrase: "2024-02-14", "början av februari 2024"
        window = parse_due(str(entry.get("due")), today=clock.today)
    elif meeting is not None:
        tie = tie_to_meeting(session, meeting, working_days=entry.get("working_days"))
    else:
        raise LoadError("{where} has no 'due' and no 'meeting': add one of them.", where=entry.where())
    add_deadline(
        session, clock, title=entry.need("title"), window=window, tie=tie,
        owner=_person_ref(session, owner) if owner else None, kind=entry.get("kind", "action"),
        matter=entry.get("matter"), key=entry.need("key"), warn_past=False,
    )
