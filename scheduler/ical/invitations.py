"""Invitations: the iTIP message for one meeting (REQUEST, CANCEL or PUBLISH), its record.

``build_invitation`` returns the message as data (the .ics bytes, recipients, organizer,
a Swedish subject and text) so a file, an e-mail (.eml) and SMTP all use the same one;
``record_issued`` writes one ``Invitation`` row per recipient, which is how the product
knows what each attendee last received. SEQUENCE is never raised here: the edit or
cancel that changed the meeting raised it.
"""

import datetime as dt
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import icalendar
from sqlmodel import Session, select

from scheduler import attendance, history
from scheduler.clock import Clock
from scheduler.deliveries import invited_before, received, record_delivery
from scheduler.directory import people_by_id
from scheduler.errors import InputError, NotFoundError, StateError, warn
from scheduler.ical.components import (
    address,
    attendee_addresses,
    description,
    instance_event,
    meeting_components,
    new_calendar,
    organizer_of,
    to_bytes,
)
from scheduler.occurrences import Instance, single, zone
from scheduler.outfile import write_file
from scheduler.recurrence import apply_cancel
from scheduler.recurrence import occurrence as occurrence_on
from scheduler.store.models import Document, Invitation, Meeting, Person, Status
from scheduler.text.i18n import _
from scheduler.text.wording import (
    CANCELLED_LEAD,
    EXTERNAL_LEAD,
    NO_LONGER_INVITED,
    description_lines,
    for_recipients,
    invitation_subject,
)


class InvitationMessage(NamedTuple):
    """One iTIP message, ready to be written to a file or mailed."""

    meeting: Meeting  # the meeting or recurring master it is about
    method: str  # REQUEST, CANCEL or PUBLISH
    ics: bytes
    recipients: list[Person]  # whom it is addressed to (never the organizer)
    organizer: Person | None  # None only for an external meeting's PUBLISH
    subject: str
    text: str  # the plain-text body: the Swedish DESCRIPTION
    sequence: int
    recurrence_id: dt.datetime | None  # the occurrence's original start, if only one
    filename: str  # the default file name, e.g. 2024-02-16-ledningsgrupp.ics


def slug(text: str) -> str:
    """ASCII file-name part: ``Ledningsgrupp Södertörn`` -> ``ledningsgrupp-sodertorn``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = "".join(c if c.isalnum() else " " for c in plain).split()
    return "-".join(words)[:60].strip("-") or "mote"


def removed_people(session: Session, meeting: Meeting) -> list[Person]:
    """People sent this meeting earlier who no longer take part and have had no CANCEL since."""
    taking_part = {a.person_id for a in attendance.attendees(session, meeting)}
    last: dict[int, Invitation] = {}
    for row in invited_before(session, meeting):
        if row.person_id is not None and row.recurrence_id is None:
            last[row.person_id] = row
    found = [session.get(Person, pid) for pid, row in last.items()
             if pid not in taking_part and row.method == "REQUEST"]
    return [p for p in found if p is not None]


def warn_removed(session: Session, meeting: Meeting) -> None:
    """A warning for each removed person, saying how to write their CANCEL."""
    for person in removed_people(session, meeting):
        warn("{name} was sent meeting {id} earlier and no longer takes part: write their cancellation with 'scheduler "
             "invite {id} --for \"{name}\"'.", name=person.name, id=meeting.id)


def removal_cancels(session: Session, clock: Clock, meeting: Meeting) -> list[InvitationMessage]:
    """A CANCEL for each removed person, each addressed to them alone."""
    return [build_invitation(session, clock, meeting, for_person=person)
            for person in removed_people(session, meeting)]


@for_recipients
def build_invitation(
    session: Session,
    clock: Clock,
    meeting: Meeting,
    *,
    occurrence: dt.date | None = None,
    for_person: Person | None = None,
    cancel: bool = False,
) -> InvitationMessage:
    """The invitation for ``meeting`` (or one occurrence), as data.

    REQUEST normally; CANCEL when the meeting or occurrence is cancelled (``cancel``
    cancels it first, as ``meeting cancel`` does); PUBLISH ("add to calendar", no
    attendees) for an external meeting. ``for_person`` makes that person's copy, with
    their own line in the text (same UID and SEQUENCE); for someone who was invited
    earlier and no longer takes part, it is a CANCEL addressed to them alone.
    """
    if cancel:
        apply_cancel(session, meeting, occurrence)
    instance = occurrence_on(session, meeting, occurrence) if occurrence else single(meeting)
    if meeting.external:
        return _publish(session, clock, instance)
    organizer = _organizer(session, meeting)
    people = attendance.attendees(session, meeting)
    if not people:
        raise StateError("Meeting {id} '{title}' has no attendees: add them with 'scheduler attend {id} PERSON'.",
                         id=meeting.id, title=meeting.title)
    if for_person is None:
        known = people_by_id(session, [a.person_id for a in people])  # one query, not one a person
        recipients = [known[a.person_id] for a in people
                      if a.email and a.person_id != organizer.id and a.person_id in known]
    elif any(a.person_id == for_person.id for a in people):
        if not for_person.email:
            raise StateError("{name} has no e-mail address, so a personal copy cannot be addressed to them.",
                             name=for_person.name)
        recipients = [for_person]
    elif for_person in removed_people(session, meeting):
        return _removal(session, clock, instance, organizer, for_person)
    else:
        raise NotFoundError("{name} does not take part in meeting {id}: add them with 'scheduler attend {id} "
                            "\"{name}\"'.", name=for_person.name, id=meeting.id)
    cancelled = instance.cancelled or meeting.status == Status.CANCELLED
    got = received(session, instance, recipients)
    told = (min((row.version for row in got.values()), default=None),)
    if occurrence is None and not cancelled:
        events = meeting_components(session, clock, meeting, attendees=True,
                                    for_person=for_person, told=told)
    else:
        personal = []
        if for_person is not None:
            personal = description_lines(session, meeting, zone(meeting), for_person)
        text = description(session, clock, instance, personal=personal, told=told,
                           lead=_(CANCELLED_LEAD) if cancelled else None)
        events = [instance_event(session, clock, instance, text=text, organizer=organizer,
                                 attendees=attendee_addresses(people, organizer))]
    if not recipients:
        raise StateError("Meeting {id} '{title}' has no attendee with an e-mail address to send it to: add attendees "
                         "with addresses first.", id=meeting.id, title=meeting.title)
    updated = not cancelled and any(row.method == "REQUEST" for row in got.values())
    first = [p.name for p in recipients if p.id not in got]
    if updated and first:
        warn("{names} never received meeting {id}, but this invitation is an update for the others: write their first "
             "invitation with 'scheduler invite {id} --for PERSON'.", names=', '.join(first), id=meeting.id)
    return _message(instance, "CANCEL" if cancelled else "REQUEST", events, recipients,
                    organizer, updated, for_person)


def _organizer(session: Session, meeting: Meeting) -> Person:
    organizer = organizer_of(session, meeting)
    if organizer is None:
        raise StateError("Meeting {id} '{title}' has no organizer and no series secretary: set one with 'scheduler "
                         "meeting edit {id} --organizer PERSON'.", id=meeting.id, title=meeting.title)
    if not organizer.email:
        raise StateError("The organizer {name} has no e-mail address, which an invitation needs: choose another with "
                         "'scheduler meeting edit {id} --organizer PERSON'.", name=organizer.name, id=meeting.id)
    return organizer


def _publish(session: Session, clock: Clock, instance: Instance) -> InvitationMessage:
    """An external meeting's "add to calendar" file: PUBLISH, no attendees."""
    organizer = organizer_of(session, instance.root)
    text = description(session, clock, instance,
                       lead=_(EXTERNAL_LEAD))
    event = instance_event(session, clock, instance, attendees=[], organizer=organizer, text=text)
    return _message(instance, "PUBLISH", [event], [], organizer, False, None)


def _removal(session: Session, clock: Clock, instance: Instance, organizer: Person,
             person: Person) -> InvitationMessage:
    """A CANCEL for someone invited earlier who no longer takes part, addressed to them alone."""
    text = description(session, clock, instance,
                       personal=[_(NO_LONGER_INVITED)])
    alone = address(person.email or "", person.name, cutype="INDIVIDUAL", role="NON-PARTICIPANT")
    event = instance_event(session, clock, instance, attendees=[alone], organizer=organizer,
                           text=text)
    event["STATUS"] = icalendar.vText("CANCELLED")
    return _message(instance, "CANCEL", [event], [person], organizer, False, person)


def _message(instance: Instance, method: str, events: list[icalendar.Event],
             recipients: list[Person], organizer: Person | None, updated: bool,
             for_person: Person | None) -> InvitationMessage:
    calendar = new_calendar(method)
    for event in events:
        calendar.add_component(event)
    meeting = instance.root
    day = instance.start.astimezone(zone(meeting)).date()
    name = f"{day.isoformat()}-{slug(instance.meeting.title)}"
    if for_person is not None:
        name += f"-{slug(for_person.name)}"
    return InvitationMessage(
        meeting=meeting, method=method, ics=to_bytes(calendar), recipients=recipients,
        organizer=organizer, subject=invitation_subject(instance, method, updated),
        text=str(events[0]["DESCRIPTION"]), sequence=events[0].sequence,
        recurrence_id=instance.recurrence_id, filename=name + ".ics",
    )


def record_issued(session: Session, message: InvitationMessage, channel: str,
                  state: str) -> list[Invitation]:
    """One delivery row per recipient (one without a person for a PUBLISH file)."""
    return record_delivery(session, message.meeting, message.recurrence_id,
                           list(message.recipients), method=message.method,
                           sequence=message.sequence, channel=channel, state=state)


def write_output(target: str, data: bytes | Iterable[bytes]) -> Path:
    """Write ``data`` to the file ``target`` whole or not at all, never over a symlink, a
    device, a FIFO or a folder; OutputError if it cannot."""
    written = write_file(target, data)
    assert written is not None, "'-' is written by the caller"
    return written


def add_document(session: Session, meeting: Meeting, url: str, title: str | None = None) -> Document:
    """Attach a link to a meeting: ATTACH in its invitations, listed in their text."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        raise InputError('{url!r} is not a web link: give one like https://example.org/handling.pdf.', url=url)
    taken = session.exec(
        select(Document).where(Document.meeting_id == meeting.id, Document.url == url)
    ).first()
    if taken is not None:
        raise StateError('Meeting {id} already has the document {url}.', id=meeting.id, url=url)
    document = Document(meeting_id=meeting.id, url=url, title=(title or "").strip() or None)  # type: ignore[arg-type]
    session.add(document)
    session.flush()
    history.record(session, "meeting", meeting.id, "document", None, url)
    return document
