"""iCalendar building with icalendar 7: calendars, VEVENTs for meetings, and exact bytes.

Every VEVENT of a meeting has its UID, SEQUENCE, DTSTAMP (UTC, real clock), DTSTART/DTEND
in the meeting's zone (dates for an all-day meeting, DTEND exclusive), SUMMARY, LOCATION,
a Swedish DESCRIPTION, STATUS, ORGANIZER and, in invitations, one ATTENDEE per person.
A recurring master carries RRULE and an EXDATE per cancelled occurrence; each changed
occurrence is a VEVENT of its own with RECURRENCE-ID in the master's value type and zone.
The only hand-written iCalendar text is the fixed Europe/Stockholm VTIMEZONE block.
"""

import datetime as dt
import re
from collections.abc import Sequence
from zoneinfo import ZoneInfo

import icalendar
from sqlmodel import Session, col, select

from scheduler import attendance
from scheduler.attendance import Attendee
from scheduler.clock import Clock, utcnow
from scheduler.directory import organizer_of  # noqa: F401  (the organizer, where events are built)
from scheduler.errors import warn
from scheduler.ical.vtimezone import rule_timezone, stockholm_timezone
from scheduler.ical.writing import STOCKHOLM, Seen, calendar_bytes, component_bytes
from scheduler.meeting_details import Details, load_details
from scheduler.notices import Notice, may_have_notice, notice_for, told_notice
from scheduler.occurrences import Instance, single, zone
from scheduler.store.models import Document, Meeting, Mode, Person, Status
from scheduler.text.wording import (
    agenda_record,
    description_lines,
    invitation_text,
    notice_message,
)
from scheduler.validate import usable_link

# The product's own properties in its feed: what iCalendar has no word for, so that importing
# an export restores meetings and deadlines as they were.
X_END_APPROXIMATE = "X-SCHEDULER-END-APPROXIMATE"  # TRUE: the end is "ca"
X_EXTERNAL = "X-SCHEDULER-EXTERNAL"  # TRUE: organised by someone else
X_DEADLINE = "X-SCHEDULER-DEADLINE"  # a deadline's title (SUMMARY decorates it)
X_PRECISION = "X-SCHEDULER-PRECISION"  # how its window was given: day, month, week, term...
X_PHRASE = "X-SCHEDULER-PHRASE"  # the words it was given in
X_KIND = "X-SCHEDULER-KIND"  # referral, answer, material...

PRODID = "-//Sodertornskommunerna//scheduler//SV"
ROLES = {"chair": "CHAIR", "adjuster": "REQ-PARTICIPANT", "secretary": "REQ-PARTICIPANT",
         "participant": "REQ-PARTICIPANT", "guest": "REQ-PARTICIPANT",
         "optional": "OPT-PARTICIPANT"}


class Text(icalendar.vText):
    """A TEXT value escaped exactly as RFC 5545 says.

    icalendar's own escaping turns a literal backslash-N into a line break, so a place
    such as ``G:\\Nämnder`` would lose its backslash; reading back is correct in icalendar
    and ical.js alike.
    """

    def to_ical(self) -> bytes:
        text = str(self).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        return re.sub("\r\n|\r|\n", r"\\n", text).encode()


def address(email: str, name: str, **params: str | bool) -> icalendar.vCalAddress:
    """A ``mailto:`` address with CN, always quoted and with backslashes doubled: ical.js
    reads ``\\n`` in a parameter as a line break, and icalendar misreads an unquoted value
    that ends in a backslash."""
    found = icalendar.vCalAddress.new(email, cn=name.replace("\\", "\\\\"), **params)  # type: ignore[arg-type]
    found.params.always_quoted = (*found.params.always_quoted, "CN")  # type: ignore[assignment]  # icalendar: a fixed-length tuple
    return found


def new_calendar(method: str) -> icalendar.Calendar:
    """An empty VCALENDAR with VERSION, PRODID and METHOD (no calendar UID, no X-WR-TIMEZONE)."""
    calendar = icalendar.Calendar.new(method=method, prodid=PRODID)
    calendar.pop("UID", None)
    return calendar


def to_bytes(calendar: icalendar.Calendar) -> bytes:
    """The calendar as RFC 5545 bytes, with a VTIMEZONE for every TZID it uses (see
    ``timezones``)."""
    present = {str(tz.get("TZID")) for tz in calendar.walk("VTIMEZONE")}
    seen = Seen()
    parts = [component_bytes(component, seen) for component in calendar.subcomponents]
    zones = timezones(seen.tzids - present, min(seen.years, default=dt.date.today().year))
    return b"".join(calendar_bytes(calendar, zones, parts))


def timezones(tzids: set[str], year: int) -> list[icalendar.Timezone]:
    """A VTIMEZONE for each of ``tzids``, in the order they go before the events.

    Europe/Stockholm gets exactly ``STOCKHOLM_VTIMEZONE`` (see ``writing``); other zones the
    same RRULE form built from zoneinfo from ``year`` (the first event's) on, or where a
    zone's rules changed then, what icalendar's ``Timezone.from_tzid`` makes (as
    ``add_missing_timezones`` does).
    """
    found = [stockholm_timezone()] if STOCKHOLM in tzids else []
    for tzid in sorted(tzids - {STOCKHOLM}):
        built = rule_timezone(tzid, year)
        if built is not None:
            found.insert(0, built)
    made = {str(zone.get("TZID")) for zone in found}
    for tzid in sorted(tzids - made):
        try:
            found.append(icalendar.Timezone.from_tzid(tzid))
        except ValueError:  # a zone icalendar does not know: left out, as it leaves it out
            continue
    return found


def attendee_addresses(
    people: Sequence[Attendee], organizer: Person | None
) -> list[icalendar.vCalAddress]:
    """One ATTENDEE per participant with an e-mail; a warning names each one without.

    PARTSTAT is the reply (DECLINED for someone recorded as absent); the organizer, when
    taking part, is ACCEPTED without RSVP.
    """
    found = []
    for person in people:
        if not person.email:
            warn("{name} has no e-mail address and is left out of the ATTENDEE list (still named in the description).",
                 name=person.name)
            continue
        role = ROLES[person.role]
        if organizer is not None and person.person_id == organizer.id:
            found.append(address(person.email, person.name, cutype="INDIVIDUAL", role=role,
                                 partstat="ACCEPTED"))
            continue
        partstat = "DECLINED" if person.mode == Mode.ABSENT else person.rsvp.upper()
        found.append(address(person.email, person.name, cutype="INDIVIDUAL", role=role,
                             partstat=partstat, rsvp=True))
    return found


def moment(when: dt.datetime, tzid: str, all_day: bool) -> dt.datetime | dt.date:
    """An instant as iCalendar wants it: local time in ``tzid``, or the local date."""
    local = when.astimezone(ZoneInfo(tzid))
    return local.date() if all_day else local


def time_value(when: dt.datetime | dt.date) -> icalendar.vDatetime | icalendar.vDDDTypes:
    """A DTSTART, DTEND, DTSTAMP or RECURRENCE-ID value: a date-time as icalendar's DATE-TIME
    type, which ``vDDDTypes`` writes through after looking its zone up a third time (a feed
    writes tens of thousands); a date as ``vDDDTypes``, which marks it VALUE=DATE."""
    if isinstance(when, dt.datetime):
        return icalendar.vDatetime(when)
    return icalendar.vDDDTypes(when)


Told = tuple[int | None] | None  # (the version the recipients last received, None if nothing)


def documents_of(session: Session, meeting: Meeting) -> list[Document]:
    query = select(Document).where(Document.meeting_id == meeting.id).order_by(col(Document.id))
    return list(session.exec(query).all())


def details_of(session: Session, meeting: Meeting, details: Details | None) -> Details:
    """``details`` when the caller loaded them (a feed, for every meeting at once), else the
    meeting's own."""
    return details if details is not None else load_details(session, [meeting])[meeting.id]  # type: ignore[index]


def description(session: Session, clock: Clock, instance: Instance, *,
                personal: Sequence[str] = (), lead: str | None = None,
                told: Told = None, details: Details | None = None) -> str:
    """The Swedish DESCRIPTION: the notice (else ``lead``), time, place and link, the
    ``personal`` lines, free text, agenda, documents, participants, who joins digitally
    or only partly. With ``told`` the notice is relative to what the recipients last
    received (see ``Told``), else to what was first announced. Worded once for each
    instance of ``details`` and way of asking (a feed words all its events' first)."""
    known = details_of(session, instance.root, details)
    key = (instance.meeting.id, instance.start, tuple(personal), lead, told)
    if key not in known.descriptions:
        known.descriptions[key] = description_text(session, clock, instance, known,
                                                   personal=personal, lead=lead, told=told)
    return known.descriptions[key]


def description_text(session: Session, clock: Clock, instance: Instance, known: Details, *,
                     personal: Sequence[str], lead: str | None, told: Told) -> str:
    """``description``'s work."""
    root = instance.root
    tz = zone(root)
    people = attendance.attendee_list(known.people, root)
    if (instance.start, instance.end) != (root.start, root.end):
        people_then = attendance.attendee_list(known.people, root, span=(instance.start, instance.end))
    else:
        people_then = people
    notice = instance_notice(session, clock, instance, known, told)
    return invitation_text(
        instance, tz,
        lead=notice_message(notice, clock.tz) if notice else lead,
        personal=personal,
        agenda=[agenda_record(session, item, instance.start) for item in known.agenda],
        documents=known.documents,
        people=people,
        people_then=people_then,
    )


def instance_notice(session: Session, clock: Clock, instance: Instance, details: Details,
                    told: Told = None) -> Notice | None:
    """The notice a DESCRIPTION leads with: relative to what the recipients last received
    (``told``), else to what was first announced; looked for only where one can be, and
    once per instance of ``details`` (a feed's digest and its events ask alike)."""
    if told is not None:
        return told_notice(session, clock, instance, told[0])
    key = (instance.meeting.id, instance.start)
    if key not in details.notices:
        details.notices[key] = (notice_for(session, clock, instance)
                                if may_have_notice(clock, instance, details.revised) else None)
    return details.notices[key]


def instance_event(
    session: Session,
    clock: Clock,
    instance: Instance,
    *,
    attendees: Sequence[icalendar.vCalAddress],
    organizer: Person | None,
    text: str,
    details: Details | None = None,
    stamp: dt.datetime | None = None,
) -> icalendar.Event:
    """The VEVENT of a single meeting, a recurring master, or one occurrence.

    Its properties are icalendar's own types, set directly (``Event.new`` would check each
    one again, which a feed of thousands of meetings cannot afford)."""
    row, root = instance.meeting, instance.root
    status = "CANCELLED" if instance.cancelled or root.status == Status.CANCELLED else row.status.upper()
    event = icalendar.Event()
    event["DTSTAMP"] = time_value(stamp or utcnow())
    event["UID"] = icalendar.vText(root.uid)
    event["DTSTART"] = time_value(moment(instance.start, row.tzid, row.all_day))
    event["DTEND"] = time_value(moment(instance.end, row.tzid, row.all_day))
    event["SEQUENCE"] = icalendar.vInt(row.sequence)
    if organizer is not None and organizer.email:
        event["ORGANIZER"] = address(organizer.email, organizer.name)
    event["STATUS"] = icalendar.vText(status)
    if attendees:
        event["ATTENDEE"] = list(attendees)
    if online := usable_link(row.online):
        event["CONFERENCE"] = icalendar.Conference(online, feature=["VIDEO"],
                                                   label="Anslut digitalt").to_uri()
    if instance.recurrence_id is not None:
        event["RECURRENCE-ID"] = time_value(moment(instance.recurrence_id, root.tzid, root.all_day))
    for name, value in (("SUMMARY", row.title), ("LOCATION", row.location), ("DESCRIPTION", text)):
        if value:
            event[name] = Text(value)
    if root.rrule and instance.recurrence_id is None:
        event.add("rrule", icalendar.vRecur.from_ical(root.rrule))
    for document in details_of(session, root, details).documents:
        if url := usable_link(document.url):
            event.add("attach", url)
    return event


def meeting_components(
    session: Session,
    clock: Clock,
    meeting: Meeting,
    *,
    attendees: bool,
    for_person: Person | None = None,
    told: Told = None,
    details: Details | None = None,
    stamp: dt.datetime | None = None,
) -> list[icalendar.Event]:
    """The meeting's VEVENTs: the master (EXDATE per cancelled occurrence), then one per
    changed occurrence. ``attendees`` adds the ATTENDEE list (invitations, not the feed);
    ``for_person`` adds that person's own line to each DESCRIPTION. A feed gives the
    ``details`` it loaded for all its meetings, and one ``stamp``."""
    known = details_of(session, meeting, details)
    organizer = known.organizer
    people = attendee_addresses(attendance.attendee_list(known.people, meeting), organizer) if attendees else []
    personal = []
    if for_person is not None:
        personal = description_lines(session, meeting, zone(meeting), for_person)

    def event(instance: Instance) -> icalendar.Event:
        text = description(session, clock, instance, personal=personal, told=told, details=known)
        return instance_event(session, clock, instance, attendees=people, organizer=organizer,
                              text=text, details=known, stamp=stamp)

    master, *changed = [event(instance) for instance in meeting_instances(meeting, known)]
    cancelled = [moment(start, meeting.tzid, meeting.all_day)
                 for start, row in sorted(known.overrides.items()) if row.status == Status.CANCELLED]
    if cancelled:
        master.add("exdate", cancelled)
    return [master, *changed]


def meeting_instances(meeting: Meeting, details: Details) -> list[Instance]:
    """What a meeting's VEVENTs show: the meeting (a recurring master's first occurrence),
    then each changed occurrence that is not cancelled, by original start; made once for
    ``details`` (a feed's digest and its events ask alike)."""
    if details.instances is None:
        details.instances = [single(meeting)] + [occurrence_instance(meeting, row)
                                                 for _, row in sorted(details.overrides.items())
                                                 if row.status != Status.CANCELLED]
    return details.instances


def occurrence_instance(master: Meeting, row: Meeting) -> Instance:
    """The Instance of an override row of ``master``."""
    original = row.recurrence_id
    assert original is not None
    return Instance(row, master, original.astimezone(zone(master)).date(), original,
                    row.start, row.end)
