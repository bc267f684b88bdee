"""The ``--json`` records: one function per record, ISO 8601 values (date-times with offset,
dates ``YYYY-MM-DD``, times of day ``HH:MM``)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from scheduler.attendance import Attendee, Slot, head_counts
from scheduler.clock import Clock, hhmm, iso_instant
from scheduler.conflicts import Conflict
from scheduler.deadlines import days_left, working_days_left
from scheduler.directory import organisation_of, people_by_id
from scheduler.notices import Notice
from scheduler.occurrences import Instance, span_values, zone
from scheduler.store.models import (
    Deadline,
    Document,
    Invitation,
    Meeting,
    Person,
    Revision,
)
from scheduler.text.shapes import (
    AttendanceRecord,
    AttendeeRecord,
    ConflictRecord,
    DeadlineFullRecord,
    DeadlineRecord,
    DocumentRecord,
    FeedRecord,
    InvitationRecord,
    MeetingRecord,
    NoticeRecord,
    PersonRecord,
    ReceivedRecord,
    RevisionRecord,
    SlotRecord,
)
from scheduler.text.wording import for_recipients, notice_message

if TYPE_CHECKING:  # icalendar and the extract package load only for the commands that need them
    from scheduler.extract import Applied, Extraction, FoundMeeting
    from scheduler.ical.feed import Feed
    from scheduler.ical.invitations import InvitationMessage
    from scheduler.ical.mail import Issued, SmtpSettings


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


@for_recipients
def notice_record(notice: Notice, tz: dt.tzinfo) -> NoticeRecord:
    """A meeting's ``notice``: kind, the message as its recipients read it (the same in every
    language of the command line), changes, basis and since."""
    return {"kind": notice.kind, "message": notice_message(notice, tz), "changes": notice.changes,
            "basis": notice.basis, "since": iso_instant(notice.since, tz)}


def meeting_record(session: Session, instance: Instance, clock: Clock,
                   notice: Notice | None = None) -> MeetingRecord:
    """The JSON object for a meeting or one occurrence (``id`` is the master's)."""
    meeting, root = instance.meeting, instance.root
    tz = clock.tz
    organizer = people_by_id(session, [root.organizer_id]).get(root.organizer_id) if root.organizer_id else None
    start, end = span_values(instance, tz)
    return {
        "type": "meeting",
        "id": instance.id,
        "uid": root.uid,
        "occurrence": instance.occurrence.isoformat() if instance.occurrence else None,
        "title": meeting.title,
        "series": root.series.name if root.series else None,
        "start": start,
        "end": end,
        "all_day": meeting.all_day,
        "end_approximate": meeting.end_approximate,
        "location": meeting.location,
        "online": meeting.online,
        "description": meeting.description,
        "organizer": organizer.name if organizer else None,
        "status": meeting.status,
        "sequence": meeting.sequence,
        "external": root.external,
        "rrule": root.rrule,
        "notice": notice_record(notice, tz) if notice else None,
    }


def deadline_record(session: Session, deadline: Deadline, clock: Clock) -> DeadlineRecord:
    """The JSON object of a deadline in ``deadlines --json``: exactly these fields."""
    owner = people_by_id(session, [deadline.owner_id]).get(deadline.owner_id) if deadline.owner_id else None
    return {
        "id": deadline.id,
        "uid": deadline.uid,
        "title": deadline.title,
        "kind": deadline.kind,
        "due": deadline.due.isoformat(),
        "due_from": deadline.due_from.isoformat(),
        "precision": deadline.precision,
        "phrase": deadline.phrase,
        "days_left": days_left(deadline, clock),
        "working_days_left": working_days_left(deadline, clock),
        "meeting_id": deadline.meeting_id,
        "owner": owner.name if owner else None,
        "matter": deadline.matter,
        "done": deadline.done,
    }


def deadline_full_record(session: Session, deadline: Deadline, clock: Clock) -> DeadlineFullRecord:
    """``deadline add/show/edit --json``: the listing's fields, the tie and SEQUENCE."""
    occurrence = deadline.meeting_occurrence
    return {**deadline_record(session, deadline, clock),
            "meeting_occurrence": occurrence.isoformat() if occurrence else None,
            "working_days_before": deadline.working_days_before, "sequence": deadline.sequence}


def feed_record(feed: Feed, target: str) -> FeedRecord:
    """``export --json``: the file written, the feed's name and what it holds."""
    return {"file": target, "name": feed.name, "meetings": feed.meetings,
            "deadlines": feed.deadlines}


def invitation_record(message: InvitationMessage, target: str | None) -> InvitationRecord:
    """``invite --json``: what was written where, and to whom (an InvitationMessage)."""
    occurrence = message.recurrence_id
    return {"file": target, "id": message.meeting.id, "uid": message.meeting.uid,
            "method": message.method, "sequence": message.sequence,
            "occurrence": occurrence.astimezone(zone(message.meeting)).date().isoformat()
            if occurrence else None,
            "subject": message.subject,
            "organizer": message.organizer.name if message.organizer else None,
            "recipients": [{"name": p.name, "email": p.email} for p in message.recipients]}


def issued_record(issued: Issued, settings: SmtpSettings | None = None) -> InvitationRecord:
    """``invite --json``: the invitation, the CANCELs of people taken off, the SMTP server."""
    record = invitation_record(issued.message, issued.target)
    if issued.cancels is not None:
        record["cancels"] = [invitation_record(sent, where) for sent, where in issued.cancels]
    if settings is not None:
        record["smtp"] = settings.where
    record["recorded"] = issued.recorded
    if issued.recipients is not None and issued.untold is not None:  # counted (not on stdout)
        record["recipients_total"] = issued.recipients
        record["untold"] = issued.untold
    record["text"] = issued.message.text
    return record


def document_record(document: Document) -> DocumentRecord:
    return {"id": document.id, "meeting_id": document.meeting_id, "url": document.url,
            "title": document.title}


def received_records(rows: Sequence[tuple[Invitation, Person | None]],
                     clock: Clock) -> list[ReceivedRecord]:
    """What each recipient last received: method, SEQUENCE, occurrence, when, how."""
    return [{"person_id": row.person_id, "name": person.name if person else None,
             "email": row.email, "method": row.method, "sequence": row.sequence,
             "occurrence": row.recurrence_id.astimezone(clock.tz).date().isoformat()
             if row.recurrence_id else None,
             "issued_at": iso_instant(row.issued_at, clock.tz), "channel": row.channel}
            for row, person in rows]


def revision_records(rows: Sequence[Revision], clock: Clock,
                     occurrences: dict[int, dt.date] | None = None) -> list[RevisionRecord]:
    """``history --json``; with ``occurrences`` (a meeting's, see ``history.meeting_revisions``)
    each record also says which occurrence it changed (null for the meeting itself)."""
    records = []
    for r in rows:
        record: RevisionRecord = {"at": iso_instant(r.at, clock.tz), "field": r.field,
                                  "old": r.old, "new": r.new, "reason": r.reason}
        if occurrences is not None:
            day = occurrences.get(r.entity_id)
            record["occurrence"] = day.isoformat() if day else None
        records.append(record)
    return records


def person_record(session: Session, person: Person) -> PersonRecord:
    organisation = organisation_of(session, person)
    return {"id": person.id, "name": person.name, "email": person.email,
            "organisation": organisation.name if organisation else None}


def attendee_record(attendee: Attendee) -> AttendeeRecord:
    return {"name": attendee.name, "email": attendee.email,
            "organisation": attendee.organisation, "role": attendee.role,
            "mode": attendee.mode, "from": attendee.window_from, "to": attendee.window_to,
            "item": attendee.item, "rsvp": attendee.rsvp, "note": attendee.note}


def slot_record(slot: Slot, tz: dt.tzinfo) -> SlotRecord:
    return {"from": hhmm(slot.start.astimezone(tz)), "to": hhmm(slot.end.astimezone(tz)),
            "in_person": slot.in_person, "digital": slot.digital}


def attendance_record(session: Session, instance: Instance, people: Sequence[Attendee],
                      slots: Sequence[Slot], clock: Clock) -> AttendanceRecord:
    """``attendance --json``."""
    return {"meeting": meeting_record(session, instance, clock),
            "participants": [attendee_record(a) for a in people],
            "counts": head_counts(people),
            "slots": [slot_record(s, clock.tz) for s in slots]}


def conflict_record(conflict: Conflict, tz: dt.tzinfo) -> ConflictRecord:
    return {"kind": conflict.kind, "who": conflict.who,
            "meetings": [i.id for i in conflict.instances],
            "from": iso_instant(conflict.start, tz), "to": iso_instant(conflict.end, tz)}


def removal_record(meeting: Meeting, person: Person) -> dict[str, Any]:
    """``attend --remove --json``."""
    return {"meeting_id": meeting.id, "name": person.name, "removed": True}


def found_value(when: dt.datetime | dt.date | None, tz: dt.tzinfo) -> str | None:
    """JSON: a date-time with offset, a date, or null."""
    if isinstance(when, dt.datetime):
        return iso_instant(when, tz)
    return None if when is None else when.isoformat()


def found_meeting_record(meeting: FoundMeeting, tz: dt.tzinfo) -> dict[str, Any]:
    return {"title": meeting.title, "start": found_value(meeting.start, tz),
            "end": found_value(meeting.end, tz), "end_approximate": meeting.end_approximate,
            "location": meeting.location, "online": meeting.online, "external": meeting.external,
            "source": meeting.source}


def found_attendees(found: Extraction) -> list[Attendee]:
    """The participant block as attendees, for the tables ``attendance`` prints."""
    return [Attendee(0, p.name, None, p.organisation, p.role or "participant", p.mode,
                     hhmm(p.window[0]) if p.window else None,
                     hhmm(p.window[1]) if p.window else None, None, "needs-action", p.note)
            for p in found.participants]


def extraction_record(found: Extraction, tz: dt.tzinfo) -> dict[str, Any]:
    """``extract --json``: what the document holds, each item with the lines it came from."""
    return {
        "kind": found.kind,
        "body": found.body,
        "date": found.day.isoformat(),
        "meeting": found_meeting_record(found.meeting, tz) if found.meeting else None,
        "participants": [
            {key: value for key, value in attendee_record(a).items()
             if key not in ("email", "item", "rsvp")} | {"source": p.source}
            for a, p in zip(found_attendees(found), found.participants)],
        "meetings": [found_meeting_record(m, tz) for m in found.meetings],
        "deadlines": [
            {"title": d.title, "kind": d.kind, "due": d.window.last.isoformat(),
             "due_from": d.window.first.isoformat(), "precision": d.window.precision,
             "phrase": d.window.phrase, "owner": d.owner,
             "meeting": {"title": d.meeting.title, "start": found_value(d.meeting.start, tz)}
             if d.meeting else None, "working_days": d.working_days, "source": d.source}
            for d in found.deadlines],
        "agenda": [{"number": i.number, "title": i.title,
                    "from": hhmm(i.window[0]) if i.window else None,
                    "to": hhmm(i.window[1]) if i.window else None,
                    "presenter": i.presenter, "organisation": i.organisation, "mode": i.mode,
                    "source": i.source} for i in found.agenda],
        "notices": [{"title": n.meeting.title, "start": found_value(n.meeting.start, tz),
                     "location": n.meeting.location, "kind": n.kind, "phrase": n.phrase,
                     "source": n.source} for n in found.notices],
        "unplaced": [{"source": u.source, "reason": u.reason} for u in found.unplaced],
    }


def stored_start(meeting: Meeting, tz: dt.tzinfo) -> str:
    """JSON: a stored meeting's start, or its day when all-day."""
    start = meeting.start.astimezone(tz)
    return start.date().isoformat() if meeting.all_day else start.isoformat()


def applied_record(applied: Applied, tz: dt.tzinfo) -> dict[str, Any]:
    """``extract --apply --json``: what was added (``updated``: participations changed)."""
    return {
        "organisations": [o.name for o in applied.organisations],
        "people": [p.name for p in applied.people],
        "meetings": [{"id": m.id, "uid": m.uid, "title": m.title, "start": stored_start(m, tz)}
                     for m in applied.meetings],
        "participations": [{"meeting_id": m.id, "name": p.name}
                           for m, p in applied.participations],
        "updated": [{"meeting_id": m.id, "name": p.name} for m, p in applied.updated],
        "deadlines": [{"id": d.id, "uid": d.uid, "title": d.title, "due": d.due.isoformat()}
                      for d in applied.deadlines],
        "agenda": [{"meeting_id": i.meeting_id, "number": i.position, "title": i.title}
                   for i in applied.agenda],
    }
