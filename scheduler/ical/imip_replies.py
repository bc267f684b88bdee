"""Reading what attendees' calendars send back (iMIP REPLY and COUNTER, RFC 5546 / 6047).

Sources: an ``.ics`` file, an ``.eml`` message (its ``text/calendar`` part, else an ``.ics``
attachment), a Maildir folder or an mbox file (Python's ``mailbox``). Outlook answers with
its own PRODID, Windows time zone names and an "Accepted:" subject; Google, Thunderbird and
Apple with IANA zones: icalendar resolves each TZID from the VTIMEZONE sent with it.

A file given by name must be a reply, else ``LoadError``; in a mail folder, messages
without a calendar are other mail and are skipped, and a broken calendar is reported as a
problem while the rest is read.
"""

import datetime as dt
import email
import mailbox
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path

import icalendar
from sqlmodel import Session

from scheduler.clock import utcnow
from scheduler.errors import InputError, LoadError
from scheduler.ical.components import address, new_calendar, organizer_of, to_bytes
from scheduler.occurrences import zone
from scheduler.replies import Answer
from scheduler.store.exchanges import Reply
from scheduler.text.i18n import _
from scheduler.validate import Email, Name, Note, check, decode_text, optional

METHODS = ("REPLY", "COUNTER")
CALENDAR_TYPES = ("text/calendar", "application/ics")


@dataclass
class Read:
    """The answers found, and the problems with what could not be read (source, message)."""

    answers: list[Answer] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    skipped: int = 0  # messages in a folder that carry no calendar


def read_files(paths: Iterable[str]) -> Read:
    """Answers from ``.ics`` and ``.eml`` files; LoadError for one that is not a reply."""
    found = Read()
    for name in paths:
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as err:
            raise LoadError("Cannot read {file}: {reason}.", file=name, reason=err.strerror) from err
        if path.suffix.lower() == ".eml" or not data.lstrip().upper().startswith(b"BEGIN:VCALENDAR"):
            ics = calendar_part(email.message_from_bytes(data, policy=policy.default))
            if ics is None:
                raise LoadError("{file} is not an e-mail with a calendar reply (no text/calendar "
                                  "part or .ics attachment): give the message as the calendar "
                                  "sent it.", file=name)
            data = ics
        found.answers.extend(answers_in(data, name))
    return found


def read_mailbox(box: mailbox.Mailbox, where: str) -> Read:
    """Answers from every message of a Maildir or mbox that carries one."""
    found = Read()
    for key in box.iterkeys():
        source = f"{where}:{key}"
        try:
            parsed = email.message_from_bytes(box.get_bytes(key), policy=policy.default)
            ics = calendar_part(parsed)
        except Exception as err:  # noqa: BLE001  (a broken message is reported, the rest is read)
            found.problems.append((source, str(err)))
            continue
        if ics is None:
            found.skipped += 1
            continue
        try:
            found.answers.extend(answers_in(ics, source))
        except (LoadError, InputError) as err:
            found.problems.append((source, str(err)))
    return found


def open_maildir(path: str) -> mailbox.Maildir:
    if not (Path(path) / "cur").is_dir() and not (Path(path) / "new").is_dir():
        raise LoadError("{folder} is not a Maildir folder (it has no cur/ or new/): give "
                          "the folder that holds them.", folder=path)
    return mailbox.Maildir(path, factory=None, create=False)


def open_mbox(path: str) -> mailbox.mbox:
    if not Path(path).is_file():
        raise LoadError("{file} is not an mbox file: give the file your mail program "
                          "exported.", file=path)
    return mailbox.mbox(path, factory=None, create=False)


def calendar_part(message: EmailMessage) -> bytes | None:
    """The calendar an iMIP message carries: the text/calendar part, else an .ics attachment."""
    parts = list(message.walk())
    for part in parts:
        if part.get_content_type() in CALENDAR_TYPES:
            return _payload(part)
    for part in parts:
        if (part.get_filename() or "").lower().endswith(".ics"):
            return _payload(part)
    return None


def _payload(part: EmailMessage) -> bytes | None:
    """The part's calendar as UTF-8: read in the charset the part declares if not UTF-8."""
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return None
    return decode_text(data, part.get_content_charset(), _("The calendar in the e-mail")).encode()


def answers_in(data: bytes, source: str) -> list[Answer]:
    """The answers of one REPLY or COUNTER calendar; LoadError for anything else."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as err:
        raise LoadError("{file} is not valid iCalendar: {reason}.", file=source, reason=err) from err
    method = str(calendar.get("METHOD", "")).upper()
    if method not in METHODS:
        raise LoadError("{file} is not a reply from a calendar (METHOD is {method!r}, not "
                          "REPLY or COUNTER).", file=source, method=method)
    return [answer for event in calendar.events for answer in event_answers(event, method, source)]


def event_answers(event: icalendar.Event, method: str, source: str) -> Iterator[Answer]:
    """One answer per ATTENDEE that speaks for itself (not a delegate's DELEGATED-FROM line)."""
    uid = str(event.get("UID", "")).strip()
    if not uid:
        raise LoadError("{file} has an answer without a UID.", file=source)
    attendees = _as_list(event.get("ATTENDEE"))
    delegates = {_mail(a): a.params.get("CN") for a in attendees if a.params.get("DELEGATED-FROM")}
    stamp = _instant(event.get("DTSTAMP")) or dt.datetime.now(dt.UTC)
    recurrence = event.get("RECURRENCE-ID")
    comment = event.get("COMMENT")
    for attendee in attendees:
        if attendee.params.get("DELEGATED-FROM"):
            continue
        to = [check(Email, _mail(icalendar.vCalAddress(v)), f"{source}: DELEGATED-TO")
              for v in _split(attendee.params.get("DELEGATED-TO"))]
        yield Answer(
            method=method, uid=uid, email=check(Email, _mail(attendee), f"{source}: ATTENDEE"),
            name=optional(Name, attendee.params.get("CN"), f"{source}: CN"),
            partstat=str(attendee.params.get("PARTSTAT", "NEEDS-ACTION")).upper(),
            sequence=int(event.get("SEQUENCE", 0)), stamp=stamp,
            recurrence_id=recurrence.dt if recurrence is not None else None,
            comment=optional(Note, str(comment) if comment is not None else None, f"{source}: COMMENT"),
            delegated_to=tuple((address, optional(Name, delegates.get(address), f"{source}: CN")) for address in to),
            start=_instant(event.get("DTSTART")) if method == "COUNTER" else None,
            end=_instant(event.get("DTEND")) if method == "COUNTER" else None,
            source=source,
        )


def _as_list(value: object) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _split(value: object) -> list[str]:
    if value is None:
        return []
    values = value if isinstance(value, list) else str(value).split(",")
    return [str(v).strip().strip('"') for v in values if str(v).strip()]


def _mail(address: object) -> str:
    text = str(address).strip()
    return text[7:] if text.lower().startswith("mailto:") else text


def _instant(prop: object) -> dt.datetime | None:
    """A DTSTAMP, DTSTART or DTEND as an aware instant (floating time read as UTC)."""
    value = getattr(prop, "dt", None)
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return None


def decline_counter(session: Session, row: Reply, comment: str | None = None) -> bytes:
    """The DECLINECOUNTER for a declined proposal, addressed to the person who made it."""
    meeting, person = row.meeting, row.person
    organizer = organizer_of(session, meeting)
    event = icalendar.Event.new(
        uid=meeting.uid, stamp=utcnow(), sequence=meeting.sequence,
        organizer=address(organizer.email, organizer.name) if organizer and organizer.email else None,
        attendees=[address(person.email or "", person.name)],
        recurrence_id=row.recurrence_id.astimezone(zone(meeting)) if row.recurrence_id else None,
    )
    if comment:
        event.add("COMMENT", comment)
    calendar = new_calendar("DECLINECOUNTER")
    calendar.add_component(event)
    return to_bytes(calendar)
