"""Terminal output: tables, details and one-line answers of the commands, in the language in
use (``fre 16 feb 2024 09.00–11.30``, ``Fri 16 Feb 2024 09:00–11:30``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from scheduler.attendance import Attendee, Slot, head_counts
from scheduler.clock import Clock
from scheduler.conflicts import Conflict
from scheduler.directory import people_by_id
from scheduler.notices import Notice
from scheduler.occurrences import Instance
from scheduler.store.models import (
    Deadline,
    Meeting,
    Mode,
    Revision,
    Role,
    Status,
)
from scheduler.text.i18n import _, ngettext
from scheduler.text.labels import (
    CHANNEL_LABELS,
    ENTITY_LABELS,
    FIELD_LABELS,
    KIND_LABELS,
    METHOD_LABELS,
    ROLE_LABELS,
    RSVP_LABELS,
    STATUS_LABELS,
    attendee_when,
    day_label,
    deadline_state,
    hours_label,
    instance_label,
    moment_label,
    presence_groups,
    reason_words,
    time_label,
    times_label,
    window_label,
)
from scheduler.text.records import deadline_record, meeting_record
from scheduler.text.shapes import (
    AgendaRecord,
    DeadlineRecord,
    DocumentRecord,
    FeedRecord,
    InvitationRecord,
    MeetingRecord,
    PersonRecord,
    ReceivedRecord,
)
from scheduler.text.table import table
from scheduler.text.wording import for_recipients, notice_message


def listing(title: str, heading: Sequence[str], rows: Sequence[Sequence[str]], empty: str) -> str:
    """A listing: its title (what and how many), the column heading and the rows, fitted to
    the terminal; ``empty`` when there are no rows."""
    if not rows:
        return empty
    return f"{title}\n{table(rows, heading)}"


def meeting_line(instance: Instance, clock: Clock) -> list[str]:
    """The cells of one meeting in a human listing."""
    meeting = instance.meeting
    marks = []
    if meeting.status == Status.CANCELLED:
        marks.append(_("CANCELLED"))
    if instance.root.external:
        marks.append(_("external"))
    if meeting.status == Status.TENTATIVE:
        marks.append(_("tentative"))
    title = meeting.title + (f" ({', '.join(marks)})" if marks else "")
    ident = str(instance.id) + (f"/{instance.occurrence}" if instance.occurrence else "")
    return [ident, instance_label(instance, clock.tz), title, meeting.location or ""]


def meeting_listing(items: Sequence[Instance], clock: Clock) -> str:
    """``meeting list``: a title with the count, a heading line and a meeting a row."""
    count = len(items)
    return listing(ngettext("{n} meeting", "{n} meetings", count).format(n=count),
                   [_("ID"), _("When"), _("Meeting"), _("Place")],
                   [meeting_line(item, clock) for item in items], _("No meetings."))


def meeting_detail(session: Session, instance: Instance, clock: Clock,
                   extra: Sequence[tuple[str, str]] = ()) -> str:
    """``meeting show``: one field a line."""
    record = meeting_record(session, instance, clock)
    rows = [
        (_("Meeting"), _("{title} (id {id})").format(title=record["title"], id=record["id"])),
        (_("Time"), instance_label(instance, clock.tz)),
        (_("Place"), record["location"] or "–"),
    ]
    for label, value in ((_("Link"), record["online"]), (_("Series"), record["series"]),
                         (_("Organizer"), record["organizer"]), (_("Repeats"), record["rrule"]),
                         (_("Description"), record["description"])):
        if value:
            rows.append((label, value))
    status = STATUS_LABELS[record["status"]]
    rows += [(_("Status"), _("{status} (external)").format(status=status) if record["external"] else status),
             ("UID", record["uid"]), ("SEQUENCE", str(record["sequence"]))]
    return fields(rows + list(extra))


def fields(rows: Sequence[tuple[str, str]]) -> str:
    """A record shown one field a line, the labels in a column."""
    width = max(len(label) for label, _value in rows)
    return "\n".join(f"{label.ljust(width)}  {value}" for label, value in rows)


def deadline_detail(session: Session, deadline: Deadline, clock: Clock) -> str:
    """``deadline show``: one field a line."""
    record = deadline_record(session, deadline, clock)
    due = window_label(deadline)
    if deadline.due_from != deadline.due:
        due += f": {day_label(deadline.due_from)} – {day_label(deadline.due)}"
    rows = [(_("Deadline"), _("{title} (id {id})").format(title=deadline.title, id=deadline.id)),
            (_("Due by"), due), (_("Left"), deadline_state(deadline, clock)), (_("Kind"), KIND_LABELS[deadline.kind])]
    for label, value in ((_("Owner"), record["owner"]), (_("Matter"), record["matter"])):
        if value:
            rows.append((label, value))
    if deadline.meeting_id is not None:
        meeting = session.get(Meeting, deadline.meeting_id)
        rows.append((_("Meeting"), _("{title} (id {id})").format(title=meeting.title if meeting else "?",
                                                                  id=deadline.meeting_id)))
    rows += [(_("Status"), _("done") if deadline.done else _("not done")), ("UID", deadline.uid),
             ("SEQUENCE", str(deadline.sequence))]
    return fields(rows)


def deadline_line(deadline: Deadline, clock: Clock) -> list[str]:
    return [str(deadline.id), window_label(deadline), deadline.title,
            deadline_state(deadline, clock)]


def deadline_listing(session: Session, deadlines: Sequence[Deadline],
                     clock: Clock) -> tuple[list[DeadlineRecord], str]:
    """JSON records and the human table of a list of deadlines."""
    people_by_id(session, [d.owner_id for d in deadlines])  # read at once, not one a row
    records = [deadline_record(session, d, clock) for d in deadlines]
    count = len(deadlines)
    text = listing(ngettext("{n} deadline", "{n} deadlines", count).format(n=count),
                   [_("ID"), _("Due by"), _("Deadline"), _("Left")],
                   [deadline_line(d, clock) for d in deadlines], _("No open deadlines."))
    return records, text


def timeline(session: Session, items: Sequence[Instance | Deadline], clock: Clock,
             notices: dict[tuple[int, dt.date | None], Notice] | None = None,
             untold: dict[tuple[int, dt.date | None], tuple[int, int]] | None = None,
             ) -> tuple[list[Any], str]:
    """``upcoming``: meetings and deadlines in one list, as JSON records and as text;
    ``untold`` gives each meeting's count of recipients not sent its latest version, and
    of all its recipients."""
    notices, untold = notices or {}, untold or {}
    people_by_id(session, [i.root.organizer_id if isinstance(i, Instance) else i.owner_id for i in items])
    records: list[Any] = []  # meetings and deadlines ("type" tells which)
    rows: list[list[str]] = []
    for item in items:
        if isinstance(item, Instance):
            notice = notices.get((item.id, item.occurrence))
            count, total = untold.get((item.id, item.occurrence), (0, 0))
            records.append({**meeting_record(session, item, clock, notice), "recipients": total,
                            "untold": count})
            told = _("%(untold)d of %(total)d untold") % {"untold": count, "total": total} if count else ""
            notes = "; ".join(part for part in (told, notice_message(notice, clock.tz) if notice else "") if part)
            rows.append([_("meeting"), *meeting_line(item, clock), notes])
        else:
            records.append({"type": "deadline", **deadline_record(session, item, clock)})
            rows.append([_("deadline"), str(item.id), window_label(item), item.title,
                         deadline_state(item, clock), ""])
    meetings = sum(isinstance(item, Instance) for item in items)
    title = _("{meetings}, {deadlines}").format(
        meetings=ngettext("{n} meeting", "{n} meetings", meetings).format(n=meetings),
        deadlines=ngettext("{n} deadline", "{n} deadlines", len(items) - meetings).format(n=len(items) - meetings))
    heading = [_("Type"), _("ID"), _("When"), _("What"), _("Where / left"), _("Notice")]
    return records, listing(title, heading, rows, _("Nothing coming up."))


def notice_rows(notice: Notice | None, tz: dt.tzinfo) -> list[tuple[str, str]]:
    """``meeting show``: the notice line, if any."""
    return [(_("Notice"), notice_message(notice, tz))] if notice else []


def notice_listing(session: Session, flagged: Sequence[tuple[Instance, Notice]],
                   clock: Clock, *, plain: bool = False) -> tuple[list[MeetingRecord], str]:
    """``notices``: JSON records (a meeting with its ``notice``) and the text, a table or,
    with ``plain``, one line a meeting to paste into minutes or a web page."""
    people_by_id(session, [item.root.organizer_id for item, _notice in flagged])
    records = [meeting_record(session, item, clock, notice) for item, notice in flagged]
    if plain:
        return records, "\n".join(f"{item.meeting.title}: {notice_message(notice, clock.tz)}"
                                  for item, notice in flagged)
    rows = [[meeting_line(item, clock)[0], item.meeting.title, notice_message(notice, clock.tz)]
            for item, notice in flagged]
    count = len(rows)
    title = ngettext("{n} notice of a new time or place", "{n} notices of a new time or place",
                     count).format(n=count)
    return records, listing(title, [_("ID"), _("Meeting"), _("Notice")], rows, _("No notices."))


def recipients_label(record: InvitationRecord) -> str:
    """``Camilla Broo`` for one recipient, else ``8 people``."""
    count = len(record["recipients"])
    if count == 1:
        return record["recipients"][0]["name"]
    return ngettext("{n} person", "{n} people", count).format(n=count)


def sent_summary(record: InvitationRecord) -> str:
    """``Sent REQUEST, SEQUENCE 0, to 8 people through smtp.example.org:587.``"""
    return "\n".join(
        _("Sent {method}, SEQUENCE {sequence}, to {recipients} through {server}.").format(
            method=sent["method"], sequence=sent["sequence"], recipients=recipients_label(sent), server=record["smtp"])
        for sent in [record, *record.get("cancels", [])]
    )


def feed_summary(record: FeedRecord) -> str:
    """``Wrote scheduler.ics ("… – möten och frister"): 5 meetings, 6 deadlines.``"""
    return _('Wrote {file} ("{name}"): {meetings}, {deadlines}.').format(
        file=record["file"], name=record["name"],
        meetings=ngettext("{n} meeting", "{n} meetings", record["meetings"]).format(n=record["meetings"]),
        deadlines=ngettext("{n} deadline", "{n} deadlines", record["deadlines"]).format(n=record["deadlines"]))


def import_summary(record: dict[str, Any]) -> str:
    """``Imported google.ics: 3 added, 0 updated, 0 unchanged, 1 skipped.`` (counts only: the
    ids are in ``--json``)."""
    return _("Imported {file}: {added} added, {updated} updated, {unchanged} unchanged, {skipped} skipped.").format(
        file=record["file"], added=record["added"], updated=record["updated"], unchanged=record["unchanged"],
        skipped=record["skipped"])


def load_summary(record: dict[str, Any]) -> str:
    """``Loaded data/sodertorn.toml: 11 new organisation, 13 new person, ...``"""
    counts = ", ".join(loaded_count(section, n) for section, n in record["added"].items())
    return _("Loaded {file}: {counts}").format(file=record["file"], counts=counts)


def loaded_count(section: str, n: int) -> str:
    """``11 new organisations``, ``1 new meeting``: one section's count of a load."""
    forms = {"organisation": ngettext("{n} new organisation", "{n} new organisations", n),
             "person": ngettext("{n} new person", "{n} new people", n),
             "series": ngettext("{n} new series", "{n} new series", n),
             "meeting": ngettext("{n} new meeting", "{n} new meetings", n),
             "deadline": ngettext("{n} new deadline", "{n} new deadlines", n)}
    return forms.get(section, "{n} " + section).format(n=n)


def invitation_summary(record: InvitationRecord) -> str:
    """``Wrote 2024-02-16-ledningsgrupp.ics: REQUEST, SEQUENCE 0, to 8 people.``"""
    where = _("to stdout") if record["file"] == "-" else record["file"]
    if record["method"] == "PUBLISH":
        return _("Wrote {where}: an 'add to calendar' file (METHOD:PUBLISH), since meeting {id} is external "
                 "(organised by someone else), so not ours to invite to.").format(where=where, id=record["id"])
    return "\n".join(
        [_("Wrote {where}: {method}, SEQUENCE {sequence}, to {recipients}.").format(
            where=where, method=record["method"], sequence=record["sequence"],
            recipients=recipients_label(record))]
        + [invitation_summary(cancel) for cancel in record.get("cancels", [])]
    )


def document_summary(record: DocumentRecord) -> str:
    """``meeting doc add``'s answer, from a ``document_record``."""
    return _("Added document {id} to meeting {meeting}: {title}.").format(
        id=record["id"], meeting=record["meeting_id"], title=record["title"] or record["url"])


def received_rows(records: Sequence[ReceivedRecord]) -> list[tuple[str, str]]:
    """``meeting show`` lines: ``Camilla Broo: inbjudan, SEQUENCE 1, 2024-01-05 10.12, fil``."""
    rows = []
    for number, record in enumerate(records):
        occurrence = f" ({record['occurrence']})" if record["occurrence"] else ""
        issued = dt.datetime.fromisoformat(record["issued_at"])
        rows.append((_("Last sent") if number == 0 else "",
                     f"{record['name'] or record['email'] or '–'}: "
                     f"{METHOD_LABELS[record['method']]}{occurrence}, "
                     f"SEQUENCE {record['sequence']}, {moment_label(issued)}, "
                     f"{CHANNEL_LABELS.get(record['channel'], record['channel'])}"))
    return rows


def revision_lines(rows: Sequence[Revision], clock: Clock,
                   occurrences: dict[int, dt.date] | None = None) -> str:
    lines = []
    for r in rows:
        when = moment_label(r.at.astimezone(clock.tz))
        change = r.new if r.field == "created" else f"{r.old} → {r.new}"
        day = (occurrences or {}).get(r.entity_id)
        field = FIELD_LABELS.get(r.field, r.field)
        what = f"{day}: {field}" if day else field
        lines.append(f"{when}  {what}: {change}" + (f"  ({reason_words(r.reason)})" if r.reason else ""))
    return "\n".join(lines) or _("No history.")


def nothing_changed(what: str, ident: int | None) -> str:
    """An edit that asked for the values already there: ``what`` is meeting or deadline."""
    return _("Nothing changed: {what} {id} already has those values.").format(what=ENTITY_LABELS[what], id=ident)


def split_note(old: Meeting, new: Meeting, day: dt.date) -> str:
    """What ``meeting edit --from-occurrence`` did to the series."""
    return _("Meeting {old} now ends before {day}; meeting {new} takes over from {day}.").format(
        old=old.id, new=new.id, day=day)


def person_line(record: PersonRecord) -> list[str]:
    """``person list``: id, name, organisation, e-mail, from a ``person_record``."""
    return [str(record["id"]), record["name"], record["organisation"] or "", record["email"] or ""]


def person_listing(records: Sequence[PersonRecord]) -> str:
    """``person list``: a title with the count, a heading line and a person a row."""
    count = len(records)
    return listing(ngettext("{n} person", "{n} people", count).format(n=count),
                   [_("ID"), _("Name"), _("Organisation"), _("E-mail")],
                   [person_line(r) for r in records], _("No people."))


def person_added(record: PersonRecord) -> str:
    return _("Added {name} (id {id}).").format(name=record["name"], id=record["id"])


def attendee_line(attendee: Attendee) -> list[str]:
    """The cells of one attendee in ``attendance``: name, organisation, role, how, reply, note."""
    how = _("digital") if attendee.mode == Mode.DIGITAL else ""
    how = " ".join(part for part in (how, attendee_when(attendee)) if part)
    return [attendee.name, attendee.organisation or "", ROLE_LABELS[attendee.role], how,
            RSVP_LABELS[attendee.rsvp], attendee.note or ""]


def attendance_text(instance: Instance, people: Sequence[Attendee], slots: Sequence[Slot],
                    clock: Clock) -> str:
    """``attendance``: who attends how, grouped as minutes write it, and the head-counts."""
    meeting = instance.meeting
    head = f"{meeting.title}, {instance_label(instance, clock.tz)}"
    lines = [head + (f", {meeting.location}" if meeting.location else "")]
    for label, group in presence_groups(people):
        if group:
            lines += ["", f"{label}:"]
            lines += ["  " + line for line in table([attendee_line(a) for a in group]).splitlines()]
    count = head_counts(people)
    lines += ["", _("In person {in_person}, digital {digital}, absent {absent}").format(**count)]
    lines += [f"  {time_label(s.start.astimezone(clock.tz))}–{time_label(s.end.astimezone(clock.tz))}  "
              + _("in person {in_person}, digital {digital}").format(in_person=s.in_person, digital=s.digital)
              for s in slots]
    return "\n".join(lines)


def minutes_line(attendee: Attendee) -> str:
    """``Camilla Broo<TAB>Huddinge, ordförande``, ``…<TAB>Region Stockholm (digitalt mellan kl 8.30-9.30)``."""
    text = attendee.organisation or ""
    if attendee.role == Role.CHAIR:
        text = ", ".join(filter(None, (text, ROLE_LABELS[Role.CHAIR])))
    marks = [_("digital")] if attendee.mode == Mode.DIGITAL else []
    if attendee.window_from and attendee.window_to:
        marks.append(_("between {hours}").format(hours=hours_label(attendee.window_from, attendee.window_to,
                                                                   minutes_style=True)))
    if marks:
        text = f"{text} ({' '.join(marks)})" if text else f"({' '.join(marks)})"
    return attendee.name + (f"\t{text}" if text else "")


@for_recipients
def attendance_minutes(instance: Instance, people: Sequence[Attendee]) -> str:
    """The participant block of the minutes of ``instance``: ``Deltagare:`` and ``Frånvarande:``,
    tab-separated, in its recipients' language, as the minutes are written."""
    lines = []
    for label, group in presence_groups(people):
        lines += [(f"{label}:" if i == 0 else "") + "\t" + minutes_line(a) for i, a in enumerate(group)]
    return "\n".join(lines)


def agenda_line(record: AgendaRecord) -> list[str]:
    """``2.  Besök av Regionen  08.30–09.30  Emma Lennartsson``"""
    hours = hours_label(record["from"], record["to"]) if record["from"] and record["to"] else ""
    return [f"{record['number']}.", record["title"], hours, record["presenter"] or ""]


def agenda_listing(records: Sequence[AgendaRecord]) -> str:
    """``agenda list``: a title with the count, a heading line and an item a row."""
    count = len(records)
    return listing(ngettext("{n} agenda item", "{n} agenda items", count).format(n=count),
                   [_("No."), _("Item"), _("Time"), _("Presenter")],
                   [agenda_line(r) for r in records], _("No agenda yet."))


def conflict_line(conflict: Conflict, tz: dt.tzinfo) -> list[str]:
    """``plats  Folkes event  fre 16 feb 2024 09.00–10.00  5 Ledningsgrupp / 7 Styrelse``"""
    meetings = " / ".join(f"{i.id} {i.meeting.title}" for i in conflict.instances)
    return [_("person") if conflict.kind == "person" else _("place"), conflict.who,
            times_label(conflict.start, conflict.end, tz), meetings]


def conflict_listing(found: Sequence[Conflict], tz: dt.tzinfo) -> str:
    """``conflicts``: a title with the count, a heading line and a conflict a row."""
    count = len(found)
    return listing(ngettext("{n} conflict", "{n} conflicts", count).format(n=count),
                   [_("Kind"), _("Who or where"), _("When"), _("Meetings")],
                   [conflict_line(c, tz) for c in found], _("No conflicts."))


def attendee_summary(attendee: Attendee) -> str:
    """``attend``'s answer: ``Emma Lennartsson: Region Stockholm, gäst, digitalt 08.30–09.30``."""
    name, *rest = attendee_line(attendee)
    return f"{name}: " + (", ".join(cell for cell in rest if cell) or _("in person"))


def removal_summary(record: dict[str, Any]) -> str:
    return _("Removed {name} from meeting {meeting}.").format(name=record["name"], meeting=record["meeting_id"])
