"""Every rendering, in one place: Swedish human text and the stable ``--json`` shapes.

Human output uses Swedish short forms (``fre 16 feb 2024 09.00–11.30``); JSON uses ISO
8601 (date-times with offset, dates ``YYYY-MM-DD``, times of day ``HH:MM``).
"""

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from scheduler.attendance import Attendee, Slot, head_counts
from scheduler.clock import Clock
from scheduler.conflicts import Conflict
from scheduler.deadlines import days_left, working_days_left
from scheduler.directory import organisation_of
from scheduler.duewindow import DueWindow
from scheduler.extract import Applied, Extraction, FoundDeadline, FoundMeeting
from scheduler.models import (
    AgendaItem,
    Deadline,
    Document,
    Invitation,
    Meeting,
    Person,
    Revision,
    Series,
)
from scheduler.occurrences import Instance, zone

WEEKDAYS = ("mån", "tis", "ons", "tor", "fre", "lör", "sön")
MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
MONTH_NAMES = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
               "september", "oktober", "november", "december")


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def day_label(day: dt.date) -> str:
    """``fre 16 feb 2024``"""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def time_label(moment: dt.datetime | dt.time) -> str:
    """``09.00``"""
    return f"{moment:%H.%M}"


def hhmm(moment: dt.datetime | dt.time | None) -> str | None:
    return None if moment is None else f"{moment:%H:%M}"


def last_day(start: dt.datetime, end: dt.datetime, tz: dt.tzinfo) -> dt.date:
    """The last day of an all-day span whose end is exclusive."""
    return (end.astimezone(tz) - dt.timedelta(days=1)).date()


def times_label(start: dt.datetime, end: dt.datetime, tz: dt.tzinfo, *,
                all_day: bool = False, approximate: bool = False) -> str:
    """``fre 16 feb 2024 09.00–11.30``, ``ons 10 jan 2024 (tid ej fastställd)``, ``12.00–ca 16.00``."""
    first, last = start.astimezone(tz), end.astimezone(tz)
    if all_day:
        final = last_day(start, end, tz)
        if final == first.date():
            return f"{day_label(first.date())} (tid ej fastställd)"
        return f"{day_label(first.date())} – {day_label(final)}"
    about = "ca " if approximate else ""
    if first.date() == last.date():
        return f"{day_label(first.date())} {time_label(first)}–{about}{time_label(last)}"
    return f"{day_label(first.date())} {time_label(first)} – {day_label(last.date())} {about}{time_label(last)}"


def instance_label(instance: Instance, tz: dt.tzinfo) -> str:
    meeting = instance.meeting
    return times_label(instance.start, instance.end, tz, all_day=meeting.all_day,
                       approximate=meeting.end_approximate)


def iso_instant(moment: dt.datetime, tz: dt.tzinfo) -> str:
    return moment.astimezone(tz).isoformat()


def table(rows: Sequence[Sequence[str]]) -> str:
    """Columns padded to their widest cell; the last column is not padded."""
    if not rows:
        return ""
    widths = [max(len(row[i]) for row in rows if i < len(row)) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell.ljust(widths[i]) if i < len(row) - 1 else cell for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


# Meetings ------------------------------------------------------------------------------


def meeting_record(session: Session, instance: Instance, clock: Clock,
                   notice: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON object for a meeting or one occurrence (``id`` is the master's)."""
    meeting, root = instance.meeting, instance.root
    tz = clock.tz
    series = session.get(Series, root.series_id) if root.series_id else None
    organizer = session.get(Person, root.organizer_id) if root.organizer_id else None
    start, end = span_values(instance, tz)
    return {
        "type": "meeting",
        "id": instance.id,
        "uid": root.uid,
        "occurrence": instance.occurrence.isoformat() if instance.occurrence else None,
        "title": meeting.title,
        "series": series.name if series else None,
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
        "notice": notice,
    }


def span_values(instance: Instance, tz: dt.tzinfo) -> tuple[str, str]:
    """JSON ``start`` and ``end``: date-times with offset, or first and last day when all-day."""
    if instance.meeting.all_day:
        return (instance.start.astimezone(tz).date().isoformat(),
                last_day(instance.start, instance.end, tz).isoformat())
    return iso_instant(instance.start, tz), iso_instant(instance.end, tz)


def meeting_line(instance: Instance, clock: Clock) -> list[str]:
    """The cells of one meeting in a human listing."""
    meeting = instance.meeting
    marks = []
    if meeting.status == "cancelled":
        marks.append("INSTÄLLT")
    if instance.root.external:
        marks.append("extern")
    if meeting.status == "tentative":
        marks.append("preliminärt")
    title = meeting.title + (f" ({', '.join(marks)})" if marks else "")
    ident = str(instance.id) + (f"/{instance.occurrence}" if instance.occurrence else "")
    return [ident, instance_label(instance, clock.tz), title, meeting.location or ""]


def meeting_detail(session: Session, instance: Instance, clock: Clock,
                   extra: Sequence[tuple[str, str]] = ()) -> str:
    """``meeting show``: one field a line."""
    record = meeting_record(session, instance, clock)
    rows = [
        ("Möte", f"{record['title']} (id {record['id']})"),
        ("Tid", instance_label(instance, clock.tz)),
        ("Plats", record["location"] or "–"),
    ]
    for label, key in (("Länk", "online"), ("Serie", "series"), ("Sammankallande", "organizer"),
                       ("Upprepas", "rrule"), ("Beskrivning", "description")):
        if record[key]:
            rows.append((label, str(record[key])))
    rows += [("Status", record["status"] + (" (extern)" if record["external"] else "")),
             ("UID", record["uid"]), ("SEQUENCE", str(record["sequence"]))]
    rows += list(extra)
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label.ljust(width)}  {value}" for label, value in rows)


# Deadlines -----------------------------------------------------------------------------


KIND_LABELS = {"referral": "remiss", "internal": "internt", "answer": "svar", "report": "rapport",
               "material": "underlag", "action": "åtgärd", "plan": "plan"}


def window_label(deadline: Deadline) -> str:
    """``ons 14 feb 2024``, ``tis 13 feb 2024, 3 arbetsdagar före möte 5``, ``under april
    månad 2024``, ``senare i vår (våren 2024)``: a window in the words it was given in,
    with the year when they lack it."""
    if deadline.precision != "day":
        phrase = deadline.phrase or ""
        label = DueWindow(deadline.due_from, deadline.due, deadline.precision, phrase).label
        if not phrase:
            return label
        return phrase if label.rsplit(" ", 1)[-1] in phrase else f"{phrase} ({label})"
    label = day_label(deadline.due)
    if deadline.meeting_id is None:
        return label
    meeting = f"möte {deadline.meeting_id}" + (
        f"/{deadline.meeting_occurrence}" if deadline.meeting_occurrence else "")
    before = deadline.working_days_before
    return f"{label}, {working_days_label(before) + ' före' if before else 'vid'} {meeting}"


def days_label(days: int) -> str:
    if days < 0:
        return f"{-days} {'dag' if days == -1 else 'dagar'} försenad"
    if days == 0:
        return "i dag"
    return f"{days} {'dag' if days == 1 else 'dagar'} kvar"


def working_days_label(days: int) -> str:
    return f"{days} {'arbetsdag' if abs(days) == 1 else 'arbetsdagar'}"


def deadline_state(deadline: Deadline, clock: Clock) -> str:
    """``klar``, ``3 dagar försenad`` or ``61 dagar kvar (40 arbetsdagar)``."""
    if deadline.done:
        return "klar"
    days = days_left(deadline, clock)
    if days <= 0:
        return days_label(days)
    return f"{days_label(days)} ({working_days_label(working_days_left(deadline, clock))})"


def deadline_record(session: Session, deadline: Deadline, clock: Clock) -> dict[str, Any]:
    """The JSON object of a deadline in ``deadlines --json``: exactly these fields."""
    owner = session.get(Person, deadline.owner_id) if deadline.owner_id else None
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


def deadline_full_record(session: Session, deadline: Deadline, clock: Clock) -> dict[str, Any]:
    """``deadline add/show/edit --json``: the listing's fields, the tie and SEQUENCE."""
    occurrence = deadline.meeting_occurrence
    return {**deadline_record(session, deadline, clock),
            "meeting_occurrence": occurrence.isoformat() if occurrence else None,
            "working_days_before": deadline.working_days_before, "sequence": deadline.sequence}


def deadline_detail(session: Session, deadline: Deadline, clock: Clock) -> str:
    """``deadline show``: one field a line."""
    record = deadline_record(session, deadline, clock)
    due = window_label(deadline)
    if deadline.due_from != deadline.due:
        due += f": {day_label(deadline.due_from)} – {day_label(deadline.due)}"
    rows = [("Frist", f"{deadline.title} (id {deadline.id})"), ("Förfaller", due),
            ("Kvar", deadline_state(deadline, clock)), ("Slag", KIND_LABELS[deadline.kind])]
    for label, key in (("Ansvarig", "owner"), ("Ärende", "matter")):
        if record[key]:
            rows.append((label, record[key]))
    if deadline.meeting_id is not None:
        meeting = session.get(Meeting, deadline.meeting_id)
        rows.append(("Möte", f"{meeting.title if meeting else '?'} (id {deadline.meeting_id})"))
    rows += [("Status", "klar" if deadline.done else "öppen"), ("UID", deadline.uid),
             ("SEQUENCE", str(deadline.sequence))]
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label.ljust(width)}  {value}" for label, value in rows)


def deadline_line(deadline: Deadline, clock: Clock) -> list[str]:
    return [str(deadline.id), window_label(deadline), deadline.title,
            deadline_state(deadline, clock)]


def deadline_listing(session: Session, deadlines: Sequence[Deadline],
                     clock: Clock) -> tuple[list[dict[str, Any]], str]:
    """JSON records and the human table of a list of deadlines."""
    records = [deadline_record(session, d, clock) for d in deadlines]
    text = table([deadline_line(d, clock) for d in deadlines]) or "No open deadlines."
    return records, text


# The time line -------------------------------------------------------------------------


def timeline(session: Session, items: Sequence[Instance | Deadline], clock: Clock,
             notices: dict[tuple[int, dt.date | None], dict[str, Any]] | None = None,
             ) -> tuple[list[dict[str, Any]], str]:
    """``upcoming``: meetings and deadlines in one list, as JSON records and as text."""
    notices = notices or {}
    records: list[dict[str, Any]] = []
    rows: list[list[str]] = []
    for item in items:
        if isinstance(item, Instance):
            notice = notices.get((item.id, item.occurrence))
            records.append(meeting_record(session, item, clock, notice))
            cells = meeting_line(item, clock)
            rows.append(["möte"] + cells[1:] + ([notice["message"]] if notice else []))
        else:
            records.append({"type": "deadline", **deadline_record(session, item, clock)})
            rows.append(["frist", window_label(item), item.title, deadline_state(item, clock)])
    return records, table(rows) or "Nothing coming up."


# Notices -------------------------------------------------------------------------------

NOTICE_HEADS = {"time": "Ny tid", "place": "Ny plats", "time_and_place": "Ny tid och plats"}
NOTICE_BASES = {"previous": "förra mötet", "invitation": "tidigare", "created": "tidigare"}


def notice_message(new: Instance, old: Instance, kind: str, basis: str, tz: dt.tzinfo) -> str:
    """``OBS! Ny tid och plats: fre 16 feb 2024 09.00–11.30, StorSthlms lokaler (förra mötet:
    08.30–11.00, Folkes event, Huddinge centrum)``; the old day is named when it differs."""
    now = instance_label(new, tz) + (f", {new.meeting.location}" if new.meeting.location else "")
    was = []
    if kind != "place":
        first, last = old.start.astimezone(tz), old.end.astimezone(tz)
        same_day = basis == "previous" or first.date() == new.start.astimezone(tz).date()
        if same_day and not old.meeting.all_day and first.date() == last.date():
            about = "ca " if old.meeting.end_approximate else ""
            was.append(f"{time_label(first)}–{about}{time_label(last)}")
        else:
            was.append(instance_label(old, tz))
    if kind != "time":
        was.append(old.meeting.location or "plats ej angiven")
    return f"OBS! {NOTICE_HEADS[kind]}: {now} ({NOTICE_BASES[basis]}: {', '.join(was)})"


def notice_rows(notice: dict[str, Any] | None) -> list[tuple[str, str]]:
    """``meeting show``: the notice line, if any."""
    return [("Notis", notice["message"])] if notice else []


def notice_listing(session: Session, flagged: Sequence[tuple[Instance, dict[str, Any]]],
                   clock: Clock, *, plain: bool = False) -> tuple[list[dict[str, Any]], str]:
    """``notices``: JSON records (a meeting with its ``notice``) and the text, a table or,
    with ``plain``, one line a meeting to paste into minutes or a web page."""
    records = [meeting_record(session, item, clock, notice) for item, notice in flagged]
    if plain:
        return records, "\n".join(f"{item.meeting.title}: {notice['message']}"
                                  for item, notice in flagged)
    rows = [[meeting_line(item, clock)[0], item.meeting.title, notice["message"]]
            for item, notice in flagged]
    return records, table(rows) or "No notices."


# The feed and e-mail -------------------------------------------------------------------


def feed_name(owner: str | None) -> str:
    """The calendar's name in clients: ``Södertörnskommunerna – möten och frister``."""
    return f"{owner} – möten och frister" if owner else "Möten och frister"


def cancelled_summary(summary: str) -> str:
    return f"INSTÄLLT: {summary}"


def deadline_summary(deadline: Deadline) -> str:
    return f"Frist: {deadline.title}"


def deadline_description(session: Session, deadline: Deadline, clock: Clock,
                         meeting: Instance | None = None) -> str:
    """The text of a deadline's feed event: the window, owner, matter and tied meeting."""
    when = window_label(deadline)
    if deadline.due_from != deadline.due:
        when += f" ({day_label(deadline.due_from)} – {day_label(deadline.due)})"
    lines = [f"Frist: {when}"]
    owner = session.get(Person, deadline.owner_id) if deadline.owner_id else None
    if owner:
        lines.append(f"Ansvarig: {owner.name}")
    if deadline.matter:
        lines.append(f"Ärende: {deadline.matter}")
    if meeting:
        lines.append(f"Inför: {meeting.meeting.title}, {instance_label(meeting, clock.tz)}")
    return "\n".join(lines)


def deadline_alarm_text(deadline: Deadline) -> str:
    return f"Frist {day_label(deadline.due)}: {deadline.title}"


def recipients_label(record: dict[str, Any]) -> str:
    """``Camilla Broo`` for one recipient, else ``8 people``."""
    count = len(record["recipients"])
    return record["recipients"][0]["name"] if count == 1 else f"{count} people"


def sent_summary(record: dict[str, Any]) -> str:
    """``Sent REQUEST, SEQUENCE 0, to 8 people through smtp.example.org:587.``"""
    return "\n".join(
        f"Sent {sent['method']}, SEQUENCE {sent['sequence']}, to {recipients_label(sent)} "
        f"through {record['smtp']}." for sent in [record, *record.get("cancels", [])]
    )


def feed_summary(record: dict[str, Any]) -> str:
    """``Wrote scheduler.ics ("… – möten och frister"): 5 meetings, 6 deadlines.``"""
    return (f'Wrote {record["file"]} ("{record["name"]}"): {record["meetings"]} meetings, '
            f'{record["deadlines"]} deadlines.')


def import_summary(record: dict[str, Any]) -> str:
    """``Imported google.ics: 3 added, 0 updated, 0 unchanged, 1 skipped (meetings 6, 7, 8).``"""
    ids = ", ".join(str(i) for i in record["meetings"])
    return (f'Imported {record["file"]}: {record["added"]} added, {record["updated"]} updated, '
            f'{record["unchanged"]} unchanged, {record["skipped"]} skipped'
            + (f" (meetings {ids})." if ids else "."))


def load_summary(record: dict[str, Any]) -> str:
    """``Loaded data/sodertorn.toml: 11 new organisation, 13 new person, ...``"""
    counts = ", ".join(f"{n} new {section}" for section, n in record["added"].items())
    return f"Loaded {record['file']}: {counts}"


def feed_record(feed: Any, target: str) -> dict[str, Any]:
    """``export --json``: the file written, the feed's name and what it holds."""
    return {"file": target, "name": feed.name, "meetings": feed.meetings,
            "deadlines": feed.deadlines}


# Invitations ---------------------------------------------------------------------------

METHOD_LABELS = {"REQUEST": "inbjudan", "CANCEL": "inställt", "PUBLISH": "kalenderfil"}
CHANNEL_LABELS = {"file": "fil", "eml": "e-postfil", "smtp": "e-post"}


def agenda_text(record: dict[str, Any]) -> str:
    """``2. Besök av Regionen 08.30–09.30 (Emma Lennartsson)``, from an ``agenda_record``."""
    text = f"{record['number']}. {record['title']}"
    if record["from"] and record["to"]:
        text += " " + hours_label(record["from"], record["to"])
    return text + (f" ({record['presenter']})" if record["presenter"] else "")


def participant_label(attendee: Attendee) -> str:
    """``- Camilla Broo, Huddinge (ordförande)``"""
    text = "- " + attendee.name + (f", {attendee.organisation}" if attendee.organisation else "")
    role = ROLE_LABELS[attendee.role]
    return text + (f" ({role})" if role else "")


def document_label(document: Document) -> str:
    return f"- {document.title}: {document.url}" if document.title else f"- {document.url}"


def invitation_text(
    instance: Instance,
    tz: dt.tzinfo,
    *,
    lead: str | None,
    personal: Sequence[str],
    agenda: Sequence[dict[str, Any]],
    documents: Sequence[Document],
    people: Sequence[Attendee],
    attendance: Sequence[str],
) -> str:
    """An invitation's DESCRIPTION in Swedish: blocks of lines with blank lines between.

    ``lead`` (a notice such as "OBS! Ny tid och plats") comes first, then time, place and
    link, the personal line, the free text, agenda, documents, participants, and the
    lines about who joins digitally or only partly.
    """
    meeting = instance.meeting
    head = [f"Tid: {instance_label(instance, tz)}"]
    if meeting.location:
        head.append(f"Plats: {meeting.location}")
    if meeting.online:
        head.append(f"Digitalt: {meeting.online}")
    present = [a for a in people if a.mode != "absent"]
    absent = [a.name for a in people if a.mode == "absent"]
    blocks = [
        [lead] if lead else [],
        head,
        list(personal),
        [meeting.description] if meeting.description else [],
        ["Dagordning:", *map(agenda_text, agenda)] if agenda else [],
        ["Handlingar:", *map(document_label, documents)] if documents else [],
        ["Deltagare:", *map(participant_label, present)] if present else [],
        [f"Frånvarande: {', '.join(absent)}"] if absent else [],
        list(attendance),
    ]
    return "\n\n".join("\n".join(block) for block in blocks if block)


def invitation_subject(instance: Instance, method: str, updated: bool) -> str:
    """``Ledningsgrupp fre 16 feb 2024 09.00–11.30``, with ``Uppdaterad: `` before an update
    and ``Inställt: `` before a cancellation."""
    prefix = "Inställt: " if method == "CANCEL" else "Uppdaterad: " if updated else ""
    return f"{prefix}{instance.meeting.title} {instance_label(instance, zone(instance.root))}"


def invitation_record(message: Any, target: str) -> dict[str, Any]:
    """``invite --json``: what was written where, and to whom (an InvitationMessage)."""
    occurrence = message.recurrence_id
    return {"file": target, "id": message.meeting.id, "uid": message.meeting.uid,
            "method": message.method, "sequence": message.sequence,
            "occurrence": occurrence.astimezone(zone(message.meeting)).date().isoformat()
            if occurrence else None,
            "subject": message.subject,
            "organizer": message.organizer.name if message.organizer else None,
            "recipients": [{"name": p.name, "email": p.email} for p in message.recipients]}


def invitation_summary(record: dict[str, Any]) -> str:
    """``Wrote 2024-02-16-ledningsgrupp.ics: REQUEST, SEQUENCE 0, to 8 people.``"""
    where = "to stdout" if record["file"] == "-" else record["file"]
    if record["method"] == "PUBLISH":
        return (f"Wrote {where}: an 'add to calendar' file (METHOD:PUBLISH), since "
                f"meeting {record['id']} is external (organised by someone else), so not ours "
                "to invite to.")
    return "\n".join(
        [f"Wrote {where}: {record['method']}, SEQUENCE {record['sequence']}, "
         f"to {recipients_label(record)}."]
        + [invitation_summary(cancel) for cancel in record.get("cancels", [])]
    )


def document_record(document: Document) -> dict[str, Any]:
    return {"id": document.id, "meeting_id": document.meeting_id, "url": document.url,
            "title": document.title}


def document_summary(record: dict[str, Any]) -> str:
    """``meeting doc add``'s answer, from a ``document_record``."""
    return (f"Added document {record['id']} to meeting {record['meeting_id']}: "
            f"{record['title'] or record['url']}.")


def received_records(rows: Sequence[tuple[Invitation, Person | None]],
                     clock: Clock) -> list[dict[str, Any]]:
    """What each recipient last received: method, SEQUENCE, occurrence, when, how."""
    return [{"person_id": row.person_id, "name": person.name if person else None,
             "email": row.email, "method": row.method, "sequence": row.sequence,
             "occurrence": row.recurrence_id.astimezone(clock.tz).date().isoformat()
             if row.recurrence_id else None,
             "issued_at": iso_instant(row.issued_at, clock.tz), "channel": row.channel}
            for row, person in rows]


def received_rows(records: Sequence[dict[str, Any]]) -> list[tuple[str, str]]:
    """``meeting show`` lines: ``Camilla Broo: inbjudan, SEQUENCE 1, 2024-01-05 10.12, fil``."""
    rows = []
    for number, record in enumerate(records):
        occurrence = f" ({record['occurrence']})" if record["occurrence"] else ""
        issued = dt.datetime.fromisoformat(record["issued_at"])
        rows.append(("Senast skickat" if number == 0 else "",
                     f"{record['name'] or record['email'] or '–'}: "
                     f"{METHOD_LABELS[record['method']]}{occurrence}, "
                     f"SEQUENCE {record['sequence']}, {issued:%Y-%m-%d} {time_label(issued)}, "
                     f"{CHANNEL_LABELS.get(record['channel'], record['channel'])}"))
    return rows


# History, people, participation --------------------------------------------------------


def revision_records(rows: Sequence[Revision], clock: Clock,
                     occurrences: dict[int, dt.date] | None = None) -> list[dict[str, Any]]:
    """``history --json``; with ``occurrences`` (a meeting's, see ``history.meeting_revisions``)
    each record also says which occurrence it changed (null for the meeting itself)."""
    records = []
    for r in rows:
        record: dict[str, Any] = {"at": iso_instant(r.at, clock.tz), "field": r.field,
                                  "old": r.old, "new": r.new, "reason": r.reason}
        if occurrences is not None:
            day = occurrences.get(r.entity_id)
            record["occurrence"] = day.isoformat() if day else None
        records.append(record)
    return records


def revision_lines(rows: Sequence[Revision], clock: Clock,
                   occurrences: dict[int, dt.date] | None = None) -> str:
    lines = []
    for r in rows:
        when = f"{r.at.astimezone(clock.tz):%Y-%m-%d %H:%M}"
        change = r.new if r.field == "created" else f"{r.old} → {r.new}"
        day = (occurrences or {}).get(r.entity_id)
        what = f"{day}: {r.field}" if day else r.field
        lines.append(f"{when}  {what}: {change}" + (f"  ({r.reason})" if r.reason else ""))
    return "\n".join(lines) or "No history."


def nothing_changed(what: str, ident: int | None) -> str:
    """An edit that asked for the values already there: ``what`` is meeting or deadline."""
    return f"Nothing changed: {what} {ident} already has those values."


def split_note(old: Meeting, new: Meeting, day: dt.date) -> str:
    """What ``meeting edit --from-occurrence`` did to the series."""
    return f"Meeting {old.id} now ends before {day}; meeting {new.id} takes over from {day}."


def person_record(session: Session, person: Person) -> dict[str, Any]:
    organisation = organisation_of(session, person)
    return {"id": person.id, "name": person.name, "email": person.email,
            "organisation": organisation.name if organisation else None}


def person_line(record: dict[str, Any]) -> list[str]:
    """``person list``: id, name, organisation, e-mail, from a ``person_record``."""
    return [str(record["id"]), record["name"], record["organisation"] or "", record["email"] or ""]


def person_added(record: dict[str, Any]) -> str:
    return f"Added {record['name']} (id {record['id']})."


# Attendance, agenda and conflicts ------------------------------------------------------

ROLE_LABELS = {"chair": "ordförande", "adjuster": "justerare", "secretary": "sekreterare",
               "participant": "", "optional": "valfri", "guest": "gäst"}
RSVP_LABELS = {"needs-action": "", "accepted": "tackat ja", "declined": "tackat nej",
               "tentative": "preliminärt"}


def hours_label(first: str, last: str, *, minutes_style: bool = False) -> str:
    """``08:30``, ``09:30`` as ``08.30–09.30``, or as the minutes write it: ``8.30-9.30``."""
    if minutes_style:
        return "-".join(f"{int(t[:2])}.{t[3:]}" for t in (first, last))
    return f"{first.replace(':', '.')}–{last.replace(':', '.')}"


def attendee_when(attendee: Attendee) -> str:
    """``08.30–09.30 (punkt 2)``, or what of it is known."""
    parts = []
    if attendee.window_from and attendee.window_to:
        parts.append(hours_label(attendee.window_from, attendee.window_to))
    if attendee.item is not None:
        parts.append(f"(punkt {attendee.item})")
    return " ".join(parts)


def attendee_description(attendee: Attendee) -> str | None:
    """The invitation's line about someone who joins digitally or for part of the meeting."""
    when = attendee_when(attendee)
    if attendee.mode == "absent" or (attendee.mode == "in-person" and not attendee.window_from):
        return None
    who = attendee.name + (f" ({attendee.organisation})" if attendee.organisation else "")
    how = " ".join(part for part in ("digitalt" if attendee.mode == "digital" else "", when) if part)
    return f"{who} deltar {how}."


def personal_description(attendee: Attendee, online: str | None) -> str | None:
    """An attendee's own line: ``Du deltar digitalt: <link>``, ``Du deltar 08.30–09.30 (punkt 2)``."""
    when = attendee_when(attendee)
    if attendee.mode == "absent":
        return "Du har anmält förhinder."
    if attendee.mode == "digital":
        head = " ".join(part for part in ("Du deltar digitalt", when) if part)
        return f"{head}: {online}" if online else f"{head} (länken skickas senare)."
    return f"Du deltar {when}" if attendee.window_from else None


def attendee_record(attendee: Attendee) -> dict[str, Any]:
    return {"name": attendee.name, "email": attendee.email,
            "organisation": attendee.organisation, "role": attendee.role,
            "mode": attendee.mode, "from": attendee.window_from, "to": attendee.window_to,
            "item": attendee.item, "rsvp": attendee.rsvp, "note": attendee.note}


def attendee_line(attendee: Attendee) -> list[str]:
    """The cells of one attendee in ``attendance``: name, organisation, role, how, reply, note."""
    how = "digitalt" if attendee.mode == "digital" else ""
    how = " ".join(part for part in (how, attendee_when(attendee)) if part)
    return [attendee.name, attendee.organisation or "", ROLE_LABELS[attendee.role], how,
            RSVP_LABELS[attendee.rsvp], attendee.note or ""]


def slot_record(slot: Slot, tz: dt.tzinfo) -> dict[str, Any]:
    return {"from": hhmm(slot.start.astimezone(tz)), "to": hhmm(slot.end.astimezone(tz)),
            "in_person": slot.in_person, "digital": slot.digital}


def attendance_record(session: Session, instance: Instance, people: Sequence[Attendee],
                      slots: Sequence[Slot], clock: Clock) -> dict[str, Any]:
    """``attendance --json``."""
    return {"meeting": meeting_record(session, instance, clock),
            "participants": [attendee_record(a) for a in people],
            "counts": head_counts(people),
            "slots": [slot_record(s, clock.tz) for s in slots]}


def attendance_text(instance: Instance, people: Sequence[Attendee], slots: Sequence[Slot],
                    clock: Clock) -> str:
    """``attendance``: who attends how, grouped as minutes write it, and the head-counts."""
    meeting = instance.meeting
    head = f"{meeting.title}, {instance_label(instance, clock.tz)}"
    lines = [head + (f", {meeting.location}" if meeting.location else "")]
    for label, group in (("Deltagare", [a for a in people if a.mode != "absent"]),
                         ("Frånvarande", [a for a in people if a.mode == "absent"])):
        if group:
            lines += ["", f"{label}:"]
            lines += ["  " + line for line in table([attendee_line(a) for a in group]).splitlines()]
    count = head_counts(people)
    lines += ["", f"På plats {count['in_person']}, digitalt {count['digital']}, "
                  f"frånvarande {count['absent']}"]
    lines += [f"  {time_label(s.start.astimezone(clock.tz))}–{time_label(s.end.astimezone(clock.tz))}"
              f"  på plats {s.in_person}, digitalt {s.digital}" for s in slots]
    return "\n".join(lines)


def minutes_line(attendee: Attendee) -> str:
    """``Camilla Broo<TAB>Huddinge, ordförande``, ``…<TAB>Region Stockholm (digitalt mellan kl 8.30-9.30)``."""
    text = attendee.organisation or ""
    if attendee.role == "chair":
        text = f"{text}, ordförande" if text else "ordförande"
    marks = ["digitalt"] if attendee.mode == "digital" else []
    if attendee.window_from and attendee.window_to:
        marks.append("mellan kl " + hours_label(attendee.window_from, attendee.window_to,
                                                minutes_style=True))
    if marks:
        text = f"{text} ({' '.join(marks)})" if text else f"({' '.join(marks)})"
    return attendee.name + (f"\t{text}" if text else "")


def attendance_minutes(people: Sequence[Attendee]) -> str:
    """The participant block of the minutes: ``Deltagare:`` and ``Frånvarande:``, tab-separated."""
    lines = []
    for label, group in (("Deltagare:", [a for a in people if a.mode != "absent"]),
                         ("Frånvarande:", [a for a in people if a.mode == "absent"])):
        lines += [(label if i == 0 else "") + "\t" + minutes_line(a) for i, a in enumerate(group)]
    return "\n".join(lines)


def agenda_record(session: Session, item: AgendaItem) -> dict[str, Any]:
    presenter = session.get(Person, item.presenter_id) if item.presenter_id else None
    return {"number": item.position, "title": item.title, "from": item.window_from,
            "to": item.window_to, "presenter": presenter.name if presenter else None}


def agenda_line(record: dict[str, Any]) -> list[str]:
    """``2.  Besök av Regionen  08.30–09.30  Emma Lennartsson``"""
    hours = hours_label(record["from"], record["to"]) if record["from"] else ""
    return [f"{record['number']}.", record["title"], hours, record["presenter"] or ""]


def conflict_record(conflict: Conflict, tz: dt.tzinfo) -> dict[str, Any]:
    return {"kind": conflict.kind, "who": conflict.who,
            "meetings": [i.id for i in conflict.instances],
            "from": iso_instant(conflict.start, tz), "to": iso_instant(conflict.end, tz)}


def conflict_line(conflict: Conflict, tz: dt.tzinfo) -> list[str]:
    """``plats  Folkes event  fre 16 feb 2024 09.00–10.00  5 Ledningsgrupp / 7 Styrelse``"""
    meetings = " / ".join(f"{i.id} {i.meeting.title}" for i in conflict.instances)
    return ["person" if conflict.kind == "person" else "plats", conflict.who,
            times_label(conflict.start, conflict.end, tz), meetings]


def conflict_message(group: Sequence[Conflict], tz: dt.tzinfo) -> str:
    """One warning for the conflicts of one kind between the same two meetings at the same time."""
    first, second = group[0].instances
    names = ", ".join(c.who for c in group)
    verb = "is" if len(group) == 1 else "are"
    role = "booked in" if group[0].kind == "person" else "booked for"
    return (f"{names} {verb} {role} meeting {first.id} '{first.meeting.title}' and meeting "
            f"{second.id} '{second.meeting.title}' at the same time, "
            f"{times_label(group[0].start, group[0].end, tz)} (see 'scheduler conflicts').")


def attendee_summary(attendee: Attendee) -> str:
    """``attend``'s answer: ``Emma Lennartsson: Region Stockholm, gäst, digitalt 08.30–09.30``."""
    name, *rest = attendee_line(attendee)
    return f"{name}: " + (", ".join(cell for cell in rest if cell) or "på plats")


def removal_record(meeting: Meeting, person: Person) -> dict[str, Any]:
    """``attend --remove --json``."""
    return {"meeting_id": meeting.id, "name": person.name, "removed": True}


def removal_summary(record: dict[str, Any]) -> str:
    return f"Removed {record['name']} from meeting {record['meeting_id']}."


# Extract (minutes text) ----------------------------------------------------------------


def found_value(when: dt.datetime | dt.date | None, tz: dt.tzinfo) -> str | None:
    """JSON: a date-time with offset, a date, or null."""
    if isinstance(when, dt.datetime):
        return iso_instant(when, tz)
    return None if when is None else when.isoformat()


def found_when(meeting: FoundMeeting, tz: dt.tzinfo) -> str:
    """``tis 16 jan 2024 12.00–ca 16.00``, ``ons 10 jan 2024 (tid ej fastställd)``."""
    start, end = meeting.start, meeting.end
    if not isinstance(start, dt.datetime):
        return f"{day_label(start)} (tid ej fastställd)"
    if end is None:
        return f"{day_label(start.astimezone(tz).date())} {time_label(start.astimezone(tz))}"
    return times_label(start, end, tz, approximate=meeting.end_approximate)


def found_meeting_record(meeting: FoundMeeting, tz: dt.tzinfo) -> dict[str, Any]:
    return {"title": meeting.title, "start": found_value(meeting.start, tz),
            "end": found_value(meeting.end, tz), "end_approximate": meeting.end_approximate,
            "location": meeting.location, "external": meeting.external,
            "source": meeting.source}


def found_attendees(found: Extraction) -> list[Attendee]:
    """The participant block as attendees, for the tables ``attendance`` prints."""
    return [Attendee(0, p.name, None, p.organisation, p.role or "participant", p.mode,
                     hhmm(p.window[0]) if p.window else None,
                     hhmm(p.window[1]) if p.window else None, None, "needs-action", p.note)
            for p in found.participants]


def found_deadline_label(deadline: FoundDeadline) -> str:
    """The window as ``deadlines`` shows it; at a meeting ``fre 16 feb 2024, vid Ledningsgrupp``."""
    window = deadline.window
    label = window_label(Deadline(title=deadline.title, due_from=window.first, due=window.last,
                                  precision=window.precision, phrase=window.phrase))
    return f"{label}, vid {deadline.meeting.title}" if deadline.meeting else label


def extraction_record(found: Extraction, tz: dt.tzinfo) -> dict[str, Any]:
    """``extract --json``: what the minutes hold, each item with the sentence it came from."""
    return {
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
             if d.meeting else None, "source": d.source}
            for d in found.deadlines],
        "notices": [{"title": n.meeting.title, "start": found_value(n.meeting.start, tz),
                     "location": n.meeting.location, "kind": n.kind, "phrase": n.phrase,
                     "source": n.source} for n in found.notices],
        "unplaced": [{"source": u.source, "reason": u.reason} for u in found.unplaced],
    }


def extraction_text(found: Extraction, tz: dt.tzinfo) -> str:
    """``extract``: the minutes' meeting, who attended, coming meetings, deadlines, notices
    and the sentences left to read by hand."""
    people = found_attendees(found)
    blocks = [[f"{found.heading or 'Minnesanteckningar'} ({day_label(found.day)})"]]
    if found.meeting:
        blocks.append(["Mötet:", "  " + "  ".join(filter(None, (
            found.meeting.title, found_when(found.meeting, tz), found.meeting.location)))])
    for label, group in (("Deltagare", [a for a in people if a.mode != "absent"]),
                         ("Frånvarande", [a for a in people if a.mode == "absent"])):
        if group:
            blocks.append([f"{label}:"] + ["  " + line for line in
                                           table([attendee_line(a) for a in group]).splitlines()])
    for label, rows in (
            ("Kommande möten", [[found_when(m, tz), m.title + (" (extern)" if m.external else ""),
                                 m.location or ""] for m in found.meetings]),
            ("Frister", [[found_deadline_label(d), d.title, KIND_LABELS[d.kind], d.owner or ""]
                         for d in found.deadlines])):
        if rows:
            blocks.append([f"{label}:"] + ["  " + line for line in table(rows).splitlines()])
    if found.notices:
        blocks.append(["Notiser:"] + [
            f"  {n.phrase}: {n.meeting.title} {found_when(n.meeting, tz)}"
            + (f", {n.meeting.location}" if n.meeting.location else "") for n in found.notices])
    if found.unplaced:
        blocks.append(["Ej placerat (läs själv):"] + [
            line for u in found.unplaced for line in (f"  {u.source}", f"    – {u.reason}")])
    return "\n\n".join("\n".join(block) for block in blocks)


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
    }


def applied_text(applied: Applied, tz: dt.tzinfo, unplaced: int) -> str:
    """``extract --apply``: what was added, one thing a line."""
    lines = []
    for label, names in (("Organisationer", [o.name for o in applied.organisations]),
                         ("Personer", [p.name for p in applied.people])):
        if names:
            lines.append(f"  {label}: {', '.join(names)}")
    lines += [f"  Möte {m.id}: {m.title}, "
              f"{times_label(m.start, m.end, tz, all_day=m.all_day, approximate=m.end_approximate)}"
              for m in applied.meetings]
    for label, pairs in (("Deltagare", applied.participations),
                         ("Ändrat deltagande", applied.updated)):
        for meeting_id in dict.fromkeys(m.id for m, _ in pairs):
            names = [p.name for m, p in pairs if m.id == meeting_id]
            lines.append(f"  {label} i möte {meeting_id}: {len(names)} ({', '.join(names)})")
    lines += [f"  Frist {d.id}: {d.title}, {window_label(d)}" for d in applied.deadlines]
    text = ("Lade till:\n" + "\n".join(lines)) if lines else \
        "Inget nytt: allt i minnesanteckningarna finns redan."
    if unplaced:
        text += (f"\n{unplaced} meningar kunde inte placeras: se 'scheduler extract FILE' "
                 "utan --apply.")
    return text
