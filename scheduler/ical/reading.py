"""Reading the .ics files that Outlook, Google, Apple and Thunderbird export into typed events.

``read_groups`` turns a file into ``Group``s (one UID: the event and its changed occurrences)
of ``Incoming`` events, each checked against the rules the command line keeps; an event that
breaks them is reported by UID and skipped. Nothing here touches the store: ``importer``
applies the groups.

Times: a TZID may be an IANA name, a Windows name (Outlook's ``W. Europe Standard Time``,
which icalendar maps to ``Europe/Berlin``), a ``/vendor/Area/City`` id, or a name that only
a VTIMEZONE in the file defines. UTC and floating times belong to the calendar's
X-WR-TIMEZONE (Google), else to ``--tz``. A zone that keeps the same clock as ``--tz``
(Berlin for Stockholm) is stored as ``--tz``.
"""

import datetime as dt
import re
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple, cast
from zoneinfo import ZoneInfo

import icalendar
from icalendar.timezone import TZP, tzids_from_tzinfo, tzp

from scheduler.checked import ImportedEvent, someone
from scheduler.clock import Clock
from scheduler.duewindow import PRECISIONS
from scheduler.errors import InputError, LoadError, Phrase, SchedulerError, warn
from scheduler.ical.components import X_DEADLINE, X_END_APPROXIMATE, X_EXTERNAL, X_KIND, X_PHRASE, X_PRECISION
from scheduler.ical.stream import read_components, remember
from scheduler.meetings import span
from scheduler.rules import checked_rule
from scheduler.store.models import Kind, Rsvp
from scheduler.text.wording import uncancelled_summary
from scheduler.validate import Duration, check, email_address, frequency

KINDS = tuple(kind.value for kind in Kind)
OWN_UID = "@scheduler.example"  # the UIDs that meetings.new_uid and deadlines.deadline_uid make
URL = re.compile(r"https?://[^\s<>\"]+")
STATUSES = {"TENTATIVE": "tentative", "CONFIRMED": "confirmed", "CANCELLED": "cancelled"}
ROLES = {"CHAIR": "chair", "OPT-PARTICIPANT": "optional"}  # others keep the stored role
NOT_PEOPLE = ("GROUP", "RESOURCE", "ROOM")
CHECKED = ("DTSTART", "DTEND", "DURATION", "RRULE", "EXDATE", "RECURRENCE-ID", "SEQUENCE")
NO_TITLE = "(utan rubrik)"
Moment = dt.datetime | dt.date
Progress = Callable[[int, int], None]  # told (done, total) as work goes on
ADDRESSES: dict[tuple[int, bool], tuple[object, "Address | None"]] = {}  # see address()


class Address(NamedTuple):
    """An ORGANIZER or ATTENDEE; ``role`` and ``rsvp`` are None where the file says nothing."""

    email: str
    name: str
    role: str | None = None
    rsvp: str | None = None


class Incoming(NamedTuple):
    """One VEVENT as the store wants it; the ``end`` of an all-day event is its last day."""

    uid: str
    where: str  # names the event in messages
    title: str
    start: Moment
    end: Moment | None
    zone: ZoneInfo
    location: str | None
    online: str | None
    description: str | None
    status: str
    sequence: int
    rrule: str | None
    exdates: list[Moment]
    recurrence_id: Moment | None
    organizer: Address | None
    attendees: list[Address]
    end_approximate: bool = False
    external: bool | None = None  # None: the file does not say (the command's --external decides)

    @property
    def ours(self) -> bool:
        """Made by this program (its DESCRIPTION is our own generated text)."""
        return self.uid.endswith(OWN_UID)


class IncomingDeadline(NamedTuple):
    """An all-day event marked free (TRANSP:TRANSPARENT): a deadline over its days. In our own
    feed its X- properties give the title, precision, phrase and kind it was made with."""

    uid: str
    title: str
    first: dt.date
    last: dt.date
    precision: str
    phrase: str | None
    kind: str
    sequence: int


@dataclass
class Group:
    """The events of one UID: the master (or single event) and its changed occurrences."""

    uid: str
    where: str
    master: Incoming | None = None
    changed: list[Incoming] = field(default_factory=list)


@cache
def named_zone(tzid: str) -> ZoneInfo | None:
    """The IANA zone a TZID names (IANA, Windows or ``/vendor/Area/City``), else None."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # icalendar warns that it stripped a vendor prefix
        found = TZP().timezone(tzid)  # a fresh provider: no zone cached from other files
    return found if isinstance(found, ZoneInfo) else None


def local_zone(found: ZoneInfo, clock: Clock) -> ZoneInfo:
    """``--tz`` for a zone that keeps the same clock (Europe/Berlin for Europe/Stockholm)."""
    return clock.tz if clock.tz.key in tzids_from_tzinfo(found) else found


class ZoneAhead(LoadError):
    """A time zone that is not known and has no VTIMEZONE before the event that names it."""


class Source(NamedTuple):
    """One VCALENDAR of the file: the zones it defines, and the zone of its UTC times."""

    path: Path
    clock: Clock
    defined: set[str]  # TZIDs with a VTIMEZONE in the calendar, so far
    zone: ZoneInfo  # X-WR-TIMEZONE, else --tz

    @classmethod
    def of(cls, calendar: icalendar.cal.Component, path: Path, clock: Clock) -> "Source":
        name = text(calendar, "X-WR-TIMEZONE")
        found = named_zone(name) if name else None
        if name and found is None:
            warn("{path}: X-WR-TIMEZONE {name!r} is not a time zone; times in UTC are shown in {key}.", path=path,
                 name=name, key=clock.tz.key)
        return cls(path, clock, set(), local_zone(found, clock) if found else clock.tz)

    def moment(self, value: Moment, tzid: str | None, where: str) -> tuple[Moment, ZoneInfo]:
        """A DTSTART-like value as an aware instant (or a date), and the zone it belongs to."""
        if not isinstance(value, dt.datetime):
            return value, self.zone
        if tzid is None:  # UTC, or floating (local time wherever one is)
            return value.replace(tzinfo=value.tzinfo or self.zone), self.zone
        found = named_zone(tzid)
        if found is None and tzid in self.defined and value.tzinfo is None:  # defined after the event
            value = value.replace(tzinfo=tzp.timezone(tzid))
        if found is None and (tzid not in self.defined or value.tzinfo is None):
            raise ZoneAhead(
                "{where} uses the time zone {tzid!r}, which is not a known zone and has no VTIMEZONE in the file: "
                "export the calendar again with its time zones, or write an IANA name such as Europe/Stockholm.",
                where=where, tzid=tzid)
        if found is None:  # a zone only the file's VTIMEZONE defines: icalendar read it
            return value.astimezone(self.clock.tz), self.clock.tz
        tz = local_zone(found, self.clock)
        value = value.replace(tzinfo=value.tzinfo or found)
        shifted = value.astimezone(dt.UTC).astimezone(found)
        if shifted.replace(tzinfo=None) != value.replace(tzinfo=None):  # in a gap: RFC 5545
            warn("{where}: {time} does not exist in {zone} (clocks go forward); read as {shifted}, the offset before "
                 "the change, as RFC 5545 says.", where=where, time=f"{value:%Y-%m-%d %H:%M}", zone=tzid,
                 shifted=f"{shifted:%Y-%m-%d %H:%M}")
        return shifted.astimezone(tz), tz


# Reading the file ------------------------------------------------------------------------


def text(component: icalendar.cal.Component, name: str) -> str | None:
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    return (str(value).strip() or None) if value is not None else None


def as_list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def address(value: icalendar.vCalAddress, *, attendee: bool) -> Address | None:
    """An organizer or attendee with an e-mail; None for rooms, groups and non-addresses.
    The stream hands the same value to every event with the same line (the same attendee
    in each meeting), so each value is read once: kept by identity in a small memo."""
    key = (id(value), attendee)
    found = ADDRESSES.get(key)
    if found is None or found[0] is not value:
        found = remember(ADDRESSES, key, (value, read_address(value, attendee=attendee)))
    return found[1]


def read_address(value: icalendar.vCalAddress, *, attendee: bool) -> Address | None:
    try:
        email = email_address(value.email.strip())
    except ValueError:
        return None
    params = value.params
    name = (params.get("CN") or "").strip() or email
    if not attendee:
        return Address(email, name)
    if str(params.get("CUTYPE", "")).upper() in NOT_PEOPLE:
        return None
    partstat = str(params.get("PARTSTAT", "")).lower()
    return Address(email, name, ROLES.get(str(params.get("ROLE", "")).upper()),
                   partstat if partstat in tuple(Rsvp) else None)


def online_link(component: icalendar.Event, location: str | None) -> str | None:
    """The meeting link: CONFERENCE, Google's and Teams' own properties, else a URL in LOCATION."""
    for conference in component.conferences:
        if URL.fullmatch(str(conference.uri)):
            return str(conference.uri)
    for name in ("X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL"):
        value = text(component, name)
        if value and URL.fullmatch(value):
            return value
    found = URL.search(location or "")
    return found.group(0) if found else None


def instant(moment: Moment, tz: ZoneInfo) -> dt.datetime:
    """A datetime as it is; a date as 00.00 that day in ``tz``."""
    if isinstance(moment, dt.datetime):
        return moment
    return dt.datetime.combine(moment, dt.time(), tz)


def date_value(component: icalendar.cal.Component, name: str) -> icalendar.prop.vDDDTypes:
    """A DTSTART, DTEND, DURATION or RECURRENCE-ID property, which icalendar reads as vDDDTypes."""
    return cast(icalendar.prop.vDDDTypes, component[name])


def wall_length(component: icalendar.Event) -> dt.timedelta:
    """DTEND − DTSTART in wall-clock time (zero unless both are date-times)."""
    first, last = date_value(component, "DTSTART").dt, component.get("DTEND")
    if isinstance(first, dt.datetime) and last is not None and isinstance(last.dt, dt.datetime):
        return last.dt.replace(tzinfo=None) - first.replace(tzinfo=None)
    return dt.timedelta(0)


def read_event(source: Source, component: icalendar.Event, uid: str) -> Incoming:
    """One VEVENT; LoadError naming it if it has no start, a time in an unknown zone, a
    DTSTART, DTEND, RRULE, EXDATE, RECURRENCE-ID or SEQUENCE that does not parse, or a rule its
    start does not follow; InputError where the command line refuses a value (an end before
    the start, an overlong title). ``Reading.add`` skips such an event."""
    title = text(component, "SUMMARY") or NO_TITLE
    where = Phrase("{path}: the event '{title}' (UID {uid})", path=source.path, title=title, uid=uid)
    for name, message in component.errors:
        if name in CHECKED:
            raise LoadError("{where}: its {name} {value!r} does not parse ({problem}); correct it in the calendar "
                            "program and export again.", where=where, name=name, value=text(component, name),
                            problem=message)
    if "DTSTART" not in component:
        raise LoadError("{where} has no DTSTART: give it a start in the calendar program and export again, or remove "
                        "the event from the file.", where=where)

    def moment(prop: icalendar.prop.vDDDTypes) -> tuple[Moment, ZoneInfo]:
        return source.moment(cast(Moment, prop.dt), prop.params.get("TZID"), where)

    start, tz = moment(date_value(component, "DTSTART"))
    end: Moment | None = None
    if "DTEND" in component:
        end = moment(date_value(component, "DTEND"))[0]
    elif "DURATION" in component:
        length = cast(dt.timedelta, date_value(component, "DURATION").dt)  # not positive: refused as end ≤ start
        end = start + (check(Duration, length, "DURATION") if length > dt.timedelta(0) else length)
    length = wall_length(component)
    if isinstance(start, dt.datetime) and isinstance(end, dt.datetime) and end <= start < end + length:
        end = start + length  # a start shifted out of a gap keeps its length
    if (isinstance(start, dt.datetime) and isinstance(end, dt.datetime)
            and text(component, "X-MICROSOFT-CDO-ALLDAYEVENT") == "TRUE"
            and start.time() == end.time() == dt.time()):
        start, end = start.date(), end.date()  # Outlook's all-day event in local midnights
    if not isinstance(start, dt.datetime) and type(end) is dt.date:
        end = max(start, end - dt.timedelta(days=1))  # DTEND of a date is exclusive
    first, last, _all_day = span(source.clock._replace(tz=tz), start, end)  # the command line's checks
    status = STATUSES.get((text(component, "STATUS") or "").upper(), "confirmed")
    if status == "cancelled":  # a cancelled meeting in our own feed
        title = uncancelled_summary(title) or NO_TITLE
    rules = as_list(component.get("RRULE"))
    if len(rules) > 1:
        raise LoadError("{where} has {count} RRULEs and a series here follows one: keep one rule in the calendar "
                        "program and export again.", where=where, count=len(rules))
    rrule = None
    if rules:
        frequency(rules[0].to_ical().decode())  # InputError: the event is skipped
        try:
            rrule = checked_rule(rules[0].to_ical().decode(), first.astimezone(tz), last - first)
        except InputError as err:
            raise LoadError('{where}: {err}', where=where, err=err) from err
    if "RDATE" in component:
        warn('{where}: its extra dates (RDATE) are left out; add them as meetings of their own.', where=where)
    location = text(component, "LOCATION")
    online = online_link(component, location)
    organizer = component.get("ORGANIZER")
    recurrence_id = component.get("RECURRENCE-ID")
    return checked_event(Incoming(
        uid=uid, where=where, title=title, start=start, end=end, zone=tz,
        location=None if location == online else location, online=online,
        description=text(component, "DESCRIPTION"), status=status,
        sequence=int(component.get("SEQUENCE", 0)), rrule=rrule,
        exdates=[moment(day)[0] for dates in as_list(component.get("EXDATE")) for day in dates.dts],
        recurrence_id=moment(recurrence_id)[0] if recurrence_id is not None else None,
        organizer=address(organizer, attendee=False) if organizer is not None else None,
        attendees=[found for value in as_list(component.get("ATTENDEE"))
                   if (found := address(value, attendee=True))],
        end_approximate=text(component, X_END_APPROXIMATE) == "TRUE",
        external=True if text(component, X_EXTERNAL) == "TRUE" else (False if uid.endswith(OWN_UID) else None),
    ))


def is_deadline(component: icalendar.Event) -> bool:
    """An all-day event marked free: how a calendar shows a deadline (ours are written so)."""
    start = component.get("DTSTART")
    return (text(component, "TRANSP") == "TRANSPARENT" and start is not None
            and not isinstance(start.dt, dt.datetime) and "RRULE" not in component)


def read_deadline(component: icalendar.Event, uid: str) -> IncomingDeadline:
    """The deadline an all-day free event stands for: its days, and our X- properties if any."""
    first = cast(dt.date, component.decoded("DTSTART"))
    end = component.get("DTEND")
    last = max(first, cast(dt.date, end.dt) - dt.timedelta(days=1)) if end is not None else first
    precision = text(component, X_PRECISION) or "day"
    categories = [str(c) for value in as_list(component.get("CATEGORIES")) for c in value.cats]
    kind = text(component, X_KIND) or next((c for c in categories if c in KINDS), "action")
    return IncomingDeadline(
        uid=uid, title=text(component, X_DEADLINE) or text(component, "SUMMARY") or NO_TITLE,
        first=first, last=last, precision=precision if precision in PRECISIONS else "day",
        phrase=text(component, X_PHRASE), kind=kind if kind in KINDS else "action",
        sequence=int(component.get("SEQUENCE", 0)))


def checked_event(event: Incoming) -> Incoming:
    """The event, if its fields pass the rules the command line keeps (``ImportedEvent``);
    InputError saying which field breaks which rule otherwise."""
    people = [event.organizer] if event.organizer else []
    length = None
    if event.end is not None:  # the end of an all-day event is its last day
        length = instant(event.end, event.zone) - instant(event.start, event.zone)
        length += dt.timedelta(0 if isinstance(event.end, dt.datetime) else 1)
        length = length if length > dt.timedelta(0) else None  # refused later as end ≤ start
    fields = {"title": event.title, "location": event.location, "online": event.online,
              "description": event.description, "start": event.start, "end": event.end, "length": length}
    checked = check(ImportedEvent, {k: v for k, v in fields.items() if v is not None}, "")
    for person in people + event.attendees:
        someone(person.name, person.email)
    return event._replace(title=checked.title, location=checked.location,
                          online=checked.online, description=checked.description)


@dataclass
class Reading:
    """What ``read_groups`` gathers from a file as its components stream by."""

    path: Path
    clock: Clock
    groups: dict[str, Group] = field(default_factory=dict)
    deadlines: list[IncomingDeadline] = field(default_factory=list)
    others: Counter[str] = field(default_factory=Counter)
    no_uid: int = 0
    skipped: int = 0
    source: tuple[icalendar.cal.Component, Source] | None = None
    waiting: list[tuple[Source, icalendar.Event, str]] = field(default_factory=list)  # zones ahead

    def found(self, calendar: icalendar.cal.Component, component: icalendar.cal.Component) -> None:
        """One component of a VCALENDAR: a time zone, an event or a deadline, else counted."""
        if self.source is None or self.source[0] is not calendar:
            self.source = (calendar, Source.of(calendar, self.path, self.clock))
        source = self.source[1]
        if component.name == "VTIMEZONE":
            source.defined.add(str(component.get("TZID")))
        elif component.name != "VEVENT":
            self.others[str(component.name)] += 1
        elif (uid := text(component, "UID")) is None:
            self.no_uid += 1
        elif is_deadline(cast(icalendar.Event, component)):
            self.deadlines.append(read_deadline(cast(icalendar.Event, component), uid))
        else:
            self.add(source, cast(icalendar.Event, component), uid, wait=True)

    def add(self, source: Source, component: icalendar.Event, uid: str, *, wait: bool) -> None:
        """An event into its UID's group (``keep``). One that cannot be a meeting here (no start,
        a rule or value that does not parse, an end before its start, a value the command line
        refuses) is skipped with a warning, and the rest of the file imported; with ``wait``,
        one in a zone not known yet waits for the end of the file, where its VTIMEZONE may be."""
        try:
            event = read_event(source, component, uid)
        except ZoneAhead as err:
            if wait:  # RFC 5545 lets a VTIMEZONE come after the events that use it
                self.waiting.append((source, component, uid))
                return
            problem: SchedulerError = err
        except (LoadError, InputError) as err:
            problem = err
        else:
            self.keep(event)
            return
        if isinstance(problem, LoadError):  # its message names the event
            warn("{problem} It is skipped; the rest of the file is imported.", problem=problem)
        else:
            warn("{path}: the event with UID {uid} is skipped: {problem}", path=self.path, uid=uid, problem=problem)
        self.skipped += 1

    def keep(self, event: Incoming) -> None:
        """An event into its UID's group: the master (its latest SEQUENCE) or a changed occurrence."""
        group = self.groups.setdefault(event.uid, Group(event.uid, event.where))
        if event.recurrence_id is not None:
            group.changed.append(event)
        elif group.master is None or event.sequence >= group.master.sequence:
            group.master = event


def read_groups(path: Path, clock: Clock, progress: Progress | None = None
                ) -> tuple[list[Group], int, list[IncomingDeadline]]:
    """The file's events by UID, how many components were skipped (with warnings), and the
    all-day free events, which are deadlines. ``progress`` is told (done, total) as the
    events are read. The file is read a line at a time (``stream``), never held whole."""
    if not path.is_file():
        if path.is_dir():
            raise LoadError("{path} is a folder: give the path of an .ics file exported from a calendar program.",
                            path=path)
        raise LoadError("{path} does not exist: give the path of an .ics file exported from a calendar program.",
                        path=path)
    reading = Reading(path, clock)
    try:
        calendars = read_components(path, reading.found, progress)
    except OSError as err:
        raise LoadError('{path} cannot be read: {err}', path=path, err=err) from err
    if not calendars:
        raise LoadError("{path} is not an iCalendar file: it holds no complete BEGIN:VCALENDAR … END:VCALENDAR. "
                        "Export the calendar as .ics and import that file.", path=path)
    for source, component, uid in reading.waiting:
        reading.add(source, component, uid, wait=False)
    if reading.others:
        kinds = " and ".join(f"{count} {name}" for name, count in sorted(reading.others.items()))
        warn('{path}: {kinds} skipped: import takes events (VEVENT) only.', path=path, kinds=kinds)
    if reading.no_uid:
        warn("{path}: {no_uid} event(s) without a UID skipped: they could not be told apart on the next import.",
             path=path, no_uid=reading.no_uid)
    return (list(reading.groups.values()), sum(reading.others.values()) + reading.no_uid + reading.skipped,
            reading.deadlines)


# Writing to the store --------------------------------------------------------------------
