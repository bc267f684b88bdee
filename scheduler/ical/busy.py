"""Busy time in and out as iCalendar: other calendars read, our own written as VFREEBUSY.

In: an ``.ics`` export (VEVENTs; TRANSP:TRANSPARENT and STATUS:CANCELLED ignored, recurring
events expanded in the window with recurring-ical-events) or a VFREEBUSY (RFC 5545 3.6.4,
as Outlook's Internet Free/Busy and CalDAV free-busy queries give it; FBTYPE=FREE ignored).
Out: a VFREEBUSY with METHOD:PUBLISH of a person's busy time, with no titles or places.
"""

import datetime as dt
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

import icalendar
import recurring_ical_events
from sqlmodel import Session

from scheduler.availability import SourceReader, invitees, series_people, store_busy, usual_time
from scheduler.clock import Clock, utcnow
from scheduler.errors import InputError, warn
from scheduler.findtime import Busy, Candidate, Invitee, Prefer, Request, ranked
from scheduler.ical.components import address, new_calendar
from scheduler.store.models import Person, Series

FETCH_TIMEOUT = 10  # seconds for a URL
MAX_SOURCE_BYTES = 20 * 1024 * 1024


class Found(NamedTuple):
    """Who was asked (with what is known of their time) and the ranked candidates."""

    invitees: list[Invitee]
    candidates: list[Candidate]


def fetch(source: str, *, timeout: float = FETCH_TIMEOUT) -> bytes:
    """The bytes of a busy source: an http(s) URL (with a timeout) or a file."""
    try:
        if source.startswith(("http://", "https://")):
            with urllib.request.urlopen(source, timeout=timeout) as answer:  # noqa: S310 (http only)
                data = answer.read(MAX_SOURCE_BYTES + 1)
        else:
            path = Path(source.removeprefix("file://")).expanduser()
            with path.open("rb") as file:
                data = file.read(MAX_SOURCE_BYTES + 1)
    except (OSError, urllib.error.URLError, ValueError) as error:
        raise InputError(str(getattr(error, "reason", error))) from error
    if len(data) > MAX_SOURCE_BYTES:
        raise InputError("larger than {mb} MB", mb=MAX_SOURCE_BYTES // 2**20)
    return data


def _instant(value: dt.date | dt.datetime, tz: dt.tzinfo, *, end: bool = False) -> dt.datetime:
    """A DTSTART/DTEND as an aware instant: a date is that day's midnight, a floating time local."""
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time(), tz)
    return value if value.tzinfo else value.replace(tzinfo=tz)


def _event_busy(calendar: icalendar.Calendar, start: dt.datetime, end: dt.datetime,
                tz: dt.tzinfo) -> list[Busy]:
    found = []
    for event in recurring_ical_events.of(calendar).between(start, end):
        if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
            continue
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        first = _instant(event.start, tz)
        last = _instant(event.end, tz) if event.get("DTEND") or event.get("DURATION") else first
        if last > first:
            found.append(Busy(first, last, str(event.get("SUMMARY", "")) or None))
    return found


def _freebusy_busy(calendar: icalendar.Calendar, start: dt.datetime, end: dt.datetime) -> list[Busy]:
    found = []
    for component in calendar.walk("VFREEBUSY"):
        values = component.get("FREEBUSY", [])
        for period in values if isinstance(values, list) else [values]:
            if str(period.params.get("FBTYPE", "BUSY")).upper() == "FREE":
                continue
            first, second = period.dt
            last = first + second if isinstance(second, dt.timedelta) else second
            if first < end and last > start:
                found.append(Busy(first, last))
    return found


def read_busy(data: bytes, start: dt.datetime, end: dt.datetime, tz: dt.tzinfo) -> list[Busy]:
    """The busy intervals in an iCalendar text that overlap ``start``..``end``."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as error:
        raise InputError("not iCalendar ({error})", error=error) from error
    if not isinstance(calendar, icalendar.Calendar):
        raise InputError("not iCalendar (no VCALENDAR)")
    try:
        return sorted(_event_busy(calendar, start, end, tz) + _freebusy_busy(calendar, start, end),
                      key=lambda item: item.start)
    except (ValueError, TypeError, KeyError) as error:
        raise InputError("cannot read its events ({error})", error=error) from error


def merged(intervals: Iterable[Busy]) -> list[tuple[dt.datetime, dt.datetime]]:
    """Busy intervals joined where they overlap or touch, in order."""
    joined: list[tuple[dt.datetime, dt.datetime]] = []
    for item in sorted(intervals, key=lambda b: b.start):
        if joined and item.start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], item.end))
        else:
            joined.append((item.start, item.end))
    return joined


def freebusy_calendar(name: str, email: str, intervals: Iterable[Busy],
                      start: dt.datetime, end: dt.datetime) -> bytes:
    """A VFREEBUSY (METHOD:PUBLISH) of ``email``'s busy time: intervals only, in UTC."""
    calendar = new_calendar("PUBLISH")
    organizer = address(email, name)
    component = icalendar.FreeBusy.new(start=start.astimezone(dt.UTC), end=end.astimezone(dt.UTC),
                                       organizer=organizer, stamp=utcnow(),
                                       uid=f"freebusy-{email}-{start:%Y%m%d}-{end:%Y%m%d}")
    for first, last in merged(intervals):
        period = icalendar.vPeriod((max(first, start).astimezone(dt.UTC), min(last, end).astimezone(dt.UTC)))
        period.params["FBTYPE"] = "BUSY"
        component.add("FREEBUSY", period)
    calendar.add_component(component)
    return calendar.to_ical()


def read_source(tz: dt.tzinfo) -> SourceReader:
    """Reads a busy source (file or URL) for a window."""
    return lambda source, start, end: read_busy(fetch(source), start, end, tz)


def _unknown(person: Person, source: str, error: Exception) -> None:
    warn("The busy time of {name} could not be read from {source}: {error}. "
           "{name} counts as unknown, not free.", name=person.name, source=source, error=error)


def find_time(session: Session, clock: Clock, request: Request, *, series: Series | None = None,
              people: Sequence[Person] = (), optional: Sequence[Person] = ()) -> Found:
    """The ranked candidates for the series' members (or ``people``), busy time from the store
    and from each person's busy sources."""
    required = series_people(session, series) if series is not None else list(people)
    if not required:
        raise InputError("Name who must come: --series NAME or --people PERSON….")
    if series is not None and request.prefer is Prefer.USUAL:
        request = replace(request, usual=usual_time(session, clock, series))
    request.check()
    start, end = clock.day_start(request.first), clock.day_end(request.last)
    asked = invitees(session, clock, required, optional, start, end, read_source(clock.tz), _unknown)
    return Found(asked, ranked(request, asked, clock.tz))


def person_busy(session: Session, clock: Clock, person: Person, first: dt.date, last: dt.date) -> bytes:
    """``person``'s busy time in the store from day ``first`` through ``last`` as a VFREEBUSY."""
    if first > last:
        raise InputError("--from {first} is after --to {last}: give them in order.", first=first, last=last)
    start, end = clock.day_start(first), clock.day_start(last + dt.timedelta(days=1))
    if not person.email:
        raise InputError("{name} has no e-mail, which a VFREEBUSY needs: give one with "
                           "'scheduler person edit {id} --email …'.", name=person.name, id=person.id)
    assert person.id is not None
    busy = store_busy(session, clock, [person.id], start, end).get(person.id, [])
    return freebusy_calendar(person.name, person.email, busy, start, end)
