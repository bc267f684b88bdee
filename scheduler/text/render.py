"""Terminal output: tables, details and one-line answers of the commands, in Swedish short forms
(``fre 16 feb 2024 09.00–11.30``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

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
    KIND_LABELS,
    METHOD_LABELS,
    ROLE_LABELS,
    RSVP_LABELS,
    attendee_when,
    day_label,
    deadline_state,
    due_label,
    hours_label,
    instance_label,
    presence_groups,
    time_label,
    times_label,
    window_label,
)
from scheduler.text.records import deadline_record, found_attendees, meeting_record
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
from scheduler.text.wording import notice_message

if TYPE_CHECKING:  # the extract package is loaded only by the commands that show an extraction
    from scheduler.extract import Applied, Extraction, FoundDeadline, FoundMeeting


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


def meeting_detail(session: Session, instance: Instance, clock: Clock,
                   extra: Sequence[tuple[str, str]] = ()) -> str:
    """``meeting show``: one field a line."""
    record = meeting_record(session, instance, clock)
    rows = [
        ("Möte", f"{record['title']} (id {record['id']})"),
        ("Tid", instance_label(instance, clock.tz)),
        ("Plats", record["location"] or "–"),
    ]
    for label, value in (("Länk", record["online"]), ("Serie", record["series"]),
                         ("Sammankallande", record["organizer"]), ("Upprepas", record["rrule"]),
                         ("Beskrivning", record["description"])):
        if value:
            rows.append((label, value))
    rows += [("Status", record["status"] + (" (extern)" if record["external"] else "")),
             ("UID", record["uid"]), ("SEQUENCE", str(record["sequence"]))]
    rows += list(extra)
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label.ljust(width)}  {value}" for label, value in rows)


def deadline_detail(session: Session, deadline: Deadline, clock: Clock) -> str:
    """``deadline show``: one field a line."""
    record = deadline_record(session, deadline, clock)
    due = window_label(deadline)
    if deadline.due_from != deadline.due:
        due += f": {day_label(deadline.due_from)} – {day_label(deadline.due)}"
    rows = [("Frist", f"{deadline.title} (id {deadline.id})"), ("Förfaller", due),
            ("Kvar", deadline_state(deadline, clock)), ("Slag", KIND_LABELS[deadline.kind])]
    for label, value in (("Ansvarig", record["owner"]), ("Ärende", record["matter"])):
        if value:
            rows.append((label, value))
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
    return [("Notis", notice_message(notice, tz))] if notice else []


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
        f"Sent {sent['method']}, SEQUENCE {sent['sequence']}, to {recipients_label(sent)} "
        f"through {record['smtp']}." for sent in [record, *record.get("cancels", [])]
    )


def feed_summary(record: FeedRecord) -> str:
    """``Wrote scheduler.ics ("… – möten och frister"): 5 meetings, 6 deadlines.``"""
    return (f'Wrote {record["file"]} ("{record["name"]}"): {record["meetings"]} meetings, '
            f'{record["deadlines"]} deadlines.')


def import_summary(record: dict[str, Any]) -> str:
    """``Imported google.ics: 3 added, 0 updated, 0 unchanged, 1 skipped.`` (counts only: the
    ids are in ``--json``)."""
    return (f'Imported {record["file"]}: {record["added"]} added, {record["updated"]} updated, '
            f'{record["unchanged"]} unchanged, {record["skipped"]} skipped.')


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
        return (f"Wrote {where}: an 'add to calendar' file (METHOD:PUBLISH), since "
                f"meeting {record['id']} is external (organised by someone else), so not ours "
                "to invite to.")
    return "\n".join(
        [_("Wrote {where}: {method}, SEQUENCE {sequence}, to {recipients}.").format(
            where=where, method=record["method"], sequence=record["sequence"],
            recipients=recipients_label(record))]
        + [invitation_summary(cancel) for cancel in record.get("cancels", [])]
    )


def document_summary(record: DocumentRecord) -> str:
    """``meeting doc add``'s answer, from a ``document_record``."""
    return (f"Added document {record['id']} to meeting {record['meeting_id']}: "
            f"{record['title'] or record['url']}.")


def received_rows(records: Sequence[ReceivedRecord]) -> list[tuple[str, str]]:
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


def person_line(record: PersonRecord) -> list[str]:
    """``person list``: id, name, organisation, e-mail, from a ``person_record``."""
    return [str(record["id"]), record["name"], record["organisation"] or "", record["email"] or ""]


def person_added(record: PersonRecord) -> str:
    return f"Added {record['name']} (id {record['id']})."


def attendee_line(attendee: Attendee) -> list[str]:
    """The cells of one attendee in ``attendance``: name, organisation, role, how, reply, note."""
    how = "digitalt" if attendee.mode == Mode.DIGITAL else ""
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
    lines += ["", f"På plats {count['in_person']}, digitalt {count['digital']}, "
                  f"frånvarande {count['absent']}"]
    lines += [f"  {time_label(s.start.astimezone(clock.tz))}–{time_label(s.end.astimezone(clock.tz))}"
              f"  på plats {s.in_person}, digitalt {s.digital}" for s in slots]
    return "\n".join(lines)


def minutes_line(attendee: Attendee) -> str:
    """``Camilla Broo<TAB>Huddinge, ordförande``, ``…<TAB>Region Stockholm (digitalt mellan kl 8.30-9.30)``."""
    text = attendee.organisation or ""
    if attendee.role == Role.CHAIR:
        text = f"{text}, ordförande" if text else "ordförande"
    marks = ["digitalt"] if attendee.mode == Mode.DIGITAL else []
    if attendee.window_from and attendee.window_to:
        marks.append("mellan kl " + hours_label(attendee.window_from, attendee.window_to,
                                                minutes_style=True))
    if marks:
        text = f"{text} ({' '.join(marks)})" if text else f"({' '.join(marks)})"
    return attendee.name + (f"\t{text}" if text else "")


def attendance_minutes(people: Sequence[Attendee]) -> str:
    """The participant block of the minutes: ``Deltagare:`` and ``Frånvarande:``, tab-separated."""
    lines = []
    for label, group in presence_groups(people):
        lines += [(f"{label}:" if i == 0 else "") + "\t" + minutes_line(a) for i, a in enumerate(group)]
    return "\n".join(lines)


def agenda_line(record: AgendaRecord) -> list[str]:
    """``2.  Besök av Regionen  08.30–09.30  Emma Lennartsson``"""
    hours = hours_label(record["from"], record["to"]) if record["from"] and record["to"] else ""
    return [f"{record['number']}.", record["title"], hours, record["presenter"] or ""]


def conflict_line(conflict: Conflict, tz: dt.tzinfo) -> list[str]:
    """``plats  Folkes event  fre 16 feb 2024 09.00–10.00  5 Ledningsgrupp / 7 Styrelse``"""
    meetings = " / ".join(f"{i.id} {i.meeting.title}" for i in conflict.instances)
    return ["person" if conflict.kind == "person" else "plats", conflict.who,
            times_label(conflict.start, conflict.end, tz), meetings]


def attendee_summary(attendee: Attendee) -> str:
    """``attend``'s answer: ``Emma Lennartsson: Region Stockholm, gäst, digitalt 08.30–09.30``."""
    name, *rest = attendee_line(attendee)
    return f"{name}: " + (", ".join(cell for cell in rest if cell) or "på plats")


def removal_summary(record: dict[str, Any]) -> str:
    return f"Removed {record['name']} from meeting {record['meeting_id']}."


def found_when(meeting: FoundMeeting, tz: dt.tzinfo) -> str:
    """``tis 16 jan 2024 12.00–ca 16.00``, ``ons 10 jan 2024 (tid ej fastställd)``."""
    start, end = meeting.start, meeting.end
    if not isinstance(start, dt.datetime):
        return f"{day_label(start)} (tid ej fastställd)"
    if end is None:
        return f"{day_label(start.astimezone(tz).date())} {time_label(start.astimezone(tz))}"
    return times_label(start, end, tz, approximate=meeting.end_approximate)


def found_deadline_label(deadline: FoundDeadline) -> str:
    """The window as ``deadlines`` shows it; at a meeting ``fre 16 feb 2024, vid Ledningsgrupp``."""
    label = due_label(deadline.window)
    return f"{label}, vid {deadline.meeting.title}" if deadline.meeting else label


def extraction_text(found: Extraction, tz: dt.tzinfo) -> str:
    """``extract``: the minutes' meeting, who attended, coming meetings, deadlines, notices
    and the sentences left to read by hand."""
    people = found_attendees(found)
    blocks = [[f"{found.heading or 'Minnesanteckningar'} ({day_label(found.day)})"]]
    if found.meeting:
        blocks.append(["Mötet:", "  " + "  ".join(filter(None, (
            found.meeting.title, found_when(found.meeting, tz), found.meeting.location)))])
    for label, group in presence_groups(people):
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
    if found.agenda:
        blocks.append([_("Agenda:")] + ["  " + line for line in table([
            [f"{i.number}.", i.title, f"{i.window[0]:%H.%M}–{i.window[1]:%H.%M}" if i.window else "",
             ", ".join(filter(None, (i.presenter, _("digital") if i.mode == Mode.DIGITAL else None)))]
            for i in found.agenda]).splitlines()])
    if found.notices:
        blocks.append(["Notiser:"] + [
            f"  {n.phrase}: {n.meeting.title} {found_when(n.meeting, tz)}"
            + (f", {n.meeting.location}" if n.meeting.location else "") for n in found.notices])
    if found.unplaced:
        blocks.append(["Ej placerat (läs själv):"] + [
            line for u in found.unplaced for line in (f"  {u.source}", f"    – {u.reason}")])
    return "\n\n".join("\n".join(block) for block in blocks)


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
        for meeting_id in dict.fromkeys(m.id for m, _person in pairs):
            names = [p.name for m, p in pairs if m.id == meeting_id]
            lines.append(f"  {label} i möte {meeting_id}: {len(names)} ({', '.join(names)})")
    lines += [f"  Frist {d.id}: {d.title}, {window_label(d)}" for d in applied.deadlines]
    for meeting_id in dict.fromkeys(i.meeting_id for i in applied.agenda):
        count = sum(i.meeting_id == meeting_id for i in applied.agenda)
        lines.append("  " + ngettext("Agenda of meeting {meeting}: {count} item",
                                     "Agenda of meeting {meeting}: {count} items", count)
                     .format(meeting=meeting_id, count=count))
    text = ("Lade till:\n" + "\n".join(lines)) if lines else \
        "Inget nytt: allt i minnesanteckningarna finns redan."
    if unplaced:
        text += (f"\n{unplaced} meningar kunde inte placeras: se 'scheduler extract FILE' "
                 "utan --apply.")
    return text
