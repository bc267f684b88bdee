"""What the coordinator reads about deliveries: ``pending``, ``invite --dry-run``,
``--mark-sent``, the untold counts and ``meeting history``, as JSON records and text."""

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from scheduler.clock import Clock, iso_instant
from scheduler.deliveries import SpanLog, Tally, Untold, as_of, span_log
from scheduler.history import Change, Delivered
from scheduler.occurrences import span_values
from scheduler.store.models import Invitation, Meeting, Person
from scheduler.text.i18n import _, ngettext
from scheduler.text.labels import (
    CHANNEL_LABELS,
    METHOD_LABELS,
    ROLE_LABELS,
    RSVP_LABELS,
    day_label,
    hours_label,
    instance_label,
    moment_label,
    reason_words,
    time_label,
)
from scheduler.text.render import table
from scheduler.text.shapes import (
    DeliveredRecord,
    InvitationRecord,
    MeetingHistoryRecord,
    PendingRecord,
    UntoldRecord,
)

NOTHING = "—"


def change_words() -> dict[str, str]:
    return {"time": _("time"), "place": _("place"), "link": _("link"), "title": _("title"),
            "description": _("description"), "status": _("status"),
            "recurrence": _("recurrence"), "organizer": _("organizer"),
            "documents": _("documents"), "attendance": _("attendance"), "agenda": _("agenda")}


def changes_label(changes: Sequence[str], words: dict[str, str]) -> str:
    """``tid, plats``, with ``words`` from ``change_words`` (read once for a whole listing)."""
    return ", ".join(words.get(c, c) for c in changes)


def untold_label(untold: int, recipients: int) -> str:
    """``2 av 8 har inte fått den senaste versionen``."""
    return ngettext("%(untold)d of %(total)d has not been sent the latest version",
                    "%(untold)d of %(total)d have not been sent the latest version",
                    recipients) % {"untold": untold, "total": recipients}


# pending ------------------------------------------------------------------------------


def _got(session: Session, clock: Clock, untold: Untold, row: Invitation | None,
         log: SpanLog) -> DeliveredRecord | None:
    """What a delivery showed: its time and place, SEQUENCE, when and how."""
    if row is None:
        return None
    was, _revisions = as_of(session, untold.instance, row.version, log)
    start, end = span_values(was, clock.tz)
    return {"method": row.method, "sequence": row.sequence, "start": start, "end": end,
            "location": was.meeting.location, "channel": row.channel,
            "at": iso_instant(row.sent_at or row.issued_at, clock.tz), "label": instance_label(was, clock.tz)}


def untold_record(session: Session, clock: Clock, untold: Untold, log: SpanLog) -> UntoldRecord:
    person = untold.person
    return {"person_id": person.id, "name": person.name, "email": person.email,
            "last": _got(session, clock, untold, untold.last, log),
            "written": _got(session, clock, untold, untold.written, log),
            "changes": untold.changes, "removed": untold.removed}


def pending_records(session: Session, clock: Clock, tallies: Sequence[Tally]) -> list[PendingRecord]:
    """``pending --json``: one object a meeting or occurrence, with its untold recipients."""
    records: list[PendingRecord] = []
    log = span_log(session, {counted.instance.meeting.id for counted in tallies})
    for counted in tallies:
        item = counted.instance
        start, end = span_values(item, clock.tz)
        records.append({
            "id": item.id, "uid": item.root.uid,
            "occurrence": item.occurrence.isoformat() if item.occurrence else None,
            "title": item.meeting.title, "start": start, "end": end,
            "location": item.meeting.location, "status": item.meeting.status,
            "recipients": counted.recipients,
            "untold": [untold_record(session, clock, u, log) for u in counted.untold]})
    return records


def pending_text(records: Sequence[PendingRecord]) -> str:
    if not records:
        return _("Everyone has been sent the latest version.")
    blocks, words = [], change_words()
    for record in records:
        ident = str(record["id"]) + (f"/{record['occurrence']}" if record["occurrence"] else "")
        head = (f"{ident}  {record['title']}: "
                + untold_label(len(record["untold"]), record["recipients"]))
        rows = []
        for untold in record["untold"]:
            last, written = untold["last"], untold["written"]
            got = (_("last sent: %(what)s, %(when)s") % {"what": last["label"], "when": _at(last["at"])}
                   if last else _("never sent"))
            if written:
                got += "; " + _("written: %(what)s, %(when)s, not sent") % {
                    "what": written["label"], "when": _at(written["at"])}
            what = (_("taken off the meeting: owed a cancellation") if untold["removed"]
                    else _("changed: %(what)s") % {"what": changes_label(untold["changes"], words)}
                    if untold["changes"] else "")
            rows.append(["  " + untold["name"], untold["email"] or "", got, what])
        blocks.append(head + "\n" + table(rows))
    return "\n\n".join(blocks)


def _at(iso: str) -> str:
    return moment_label(dt.datetime.fromisoformat(iso))


# invite --dry-run and --mark-sent -----------------------------------------------------------


def dry_run_text(record: InvitationRecord) -> str:
    """What ``invite --dry-run`` would do: the message, to whom, what would be recorded."""
    lines = [_("Would write %(file)s: %(method)s, SEQUENCE %(sequence)d.") % {
        "file": record["file"], "method": record["method"], "sequence": record["sequence"]}
        if record["file"] else _("Would send: %(method)s, SEQUENCE %(sequence)d.") % record,
        _("Subject: %(subject)s") % record, _("To:")]
    lines += [f"  {r['name']} <{r['email']}>" for r in record["recipients"]]
    state = record["recorded"]
    lines.append(_("Would record: %(state)s.") % {"state": state_labels().get(state, state)}
                 if state else _("Would record nothing (stdout)."))
    return "\n".join(lines + ["", record["text"]])


def marked_record(session: Session, meeting: Meeting, rows: Sequence[Invitation]) -> dict[str, Any]:
    """``invite --mark-sent --json``: the deliveries now recorded as sent."""
    return {"id": meeting.id, "uid": meeting.uid,
            "recipients": [{"name": p.name if (p := session.get(Person, r.person_id)) else r.email,
                            "email": r.email, "method": r.method, "sequence": r.sequence}
                           for r in rows]}


def marked_text(record: dict[str, Any]) -> str:
    names = ", ".join(dict.fromkeys(r["name"] for r in record["recipients"]))
    return _("Marked as sent: meeting %(id)s to %(names)s.") % {"id": record["id"], "names": names}


def state_labels() -> dict[str, str]:
    """How a delivery went: written to a file, sent, or marked as sent."""
    return {"written": _("written to a file"), "sent": _("sent"),
            "marked": _("marked as sent")}


# meeting history ----------------------------------------------------------------------------


def field_label(entity: str, field: str) -> str:
    """What a logged field is called: ``plats``, ``deltagare``, ``dagordning``."""
    labels = {
        ("meeting", "created"): _("created"), ("meeting", "title"): _("title"),
        ("meeting", "start"): _("start"), ("meeting", "end"): _("end"),
        ("meeting", "all_day"): _("all day"), ("meeting", "end_approximate"): _("approximate end"),
        ("meeting", "location"): _("place"), ("meeting", "online"): _("link"),
        ("meeting", "description"): _("description"), ("meeting", "status"): _("status"),
        ("meeting", "rrule"): _("recurrence"), ("meeting", "organizer_id"): _("organizer"),
        ("meeting", "sequence"): "SEQUENCE", ("meeting", "document"): _("documents"),
        ("meeting", "split_from"): _("split from"), ("meeting", "split_to"): _("split to"),
        ("meeting", "master_id"): _("series"), ("meeting", "recurrence_id"): _("occurrence"),
        ("participation", "participation"): _("participant"), ("participation", "role"): _("role"),
        ("participation", "mode"): _("mode"), ("participation", "window_from"): _("from"),
        ("participation", "window_to"): _("to"), ("participation", "window"): _("window"),
        ("participation", "rsvp"): _("reply"), ("participation", "note"): _("note"),
        ("participation", "agenda_item_id"): _("agenda item"),
        ("agendaitem", "created"): _("agenda"), ("agendaitem", "window"): _("agenda item times"),
    }
    return labels.get((entity, field), field)


def _value(session: Session, change: Change, value: str | None, clock: Clock) -> str:
    """A logged value as people read it: Swedish dates and times, names, "—" for nothing."""
    if value is None or value == "":
        return NOTHING
    if change.field in ("start", "end", "recurrence_id"):
        try:
            moment = dt.datetime.fromisoformat(value).astimezone(clock.tz)
        except ValueError:
            return value
        return f"{day_label(moment.date())} {time_label(moment)}"
    if change.field == "organizer_id" and value.isdigit():
        person = session.get(Person, int(value))
        return person.name if person else value
    if change.entity in ("participation", "agendaitem") and value.startswith("meeting "):
        value = value.split(", ", 1)[-1]  # "meeting 1, Åsa Öberg: …": the meeting is known
        return participation_label(value) if change.entity == "participation" else value
    words = value_words(change.field, value)
    if words != value:
        return words
    if change.field == "created" and " " in value:
        title, _space, start = value.rpartition(" ")
        return f"{title} {_value(session, change._replace(field='start'), start, clock)}"
    if change.field == "window" or change.field.startswith("window_"):
        return value.replace(":", ".")
    return value


def value_words(field: str, value: str) -> str:
    """A logged word in the language in use: a status, mode, role or reply, yes or no;
    anything else as it was logged."""
    words = {"status": {"confirmed": _("confirmed"), "cancelled": _("cancelled"),
                        "tentative": _("tentative")},
             "mode": {"in-person": _("in person"), "digital": _("digitally"), "absent": _("absent")},
             "role": ROLE_LABELS, "rsvp": RSVP_LABELS}.get(field)
    if words is not None:  # a participant has no role word in tables, but has one here
        return words.get(value) or (_("participant") if value == "participant" else value)
    if value in ("true", "false"):
        return _("yes") if value == "true" else _("no")
    return value


def logged_participation(value: str) -> str:
    """``meeting 1, Åsa Öberg: participant, digital 09:00-10:00`` in the language in use."""
    meeting, _comma, summary = value.partition(", ")
    number = meeting.removeprefix("meeting ")
    if not summary or not number.isdigit():
        return value
    return _("meeting {id}, {participant}").format(id=number, participant=participation_label(summary))


def participation_label(summary: str) -> str:
    """``Åsa Öberg: participant, digital 09:00-10:00`` as ``Åsa Öberg (digitalt 09.00–10.00)``."""
    found = re.fullmatch(r"(.*): (\S+), (\S+)(?: (\d\d:\d\d)-(\d\d:\d\d))?", summary)
    if found is None:
        return summary
    name, role, mode, first, last = found.groups()
    modes = {"in-person": "", "digital": _("digitally"), "absent": _("absent")}
    marks = [ROLE_LABELS.get(role, role), modes.get(mode, mode),
             hours_label(first, last) if first else ""]
    marks = [mark for mark in marks if mark]
    return name + (f" ({', '.join(marks)})" if marks else "")


def history_records(entries: Sequence[Change | Delivered], clock: Clock) -> list[MeetingHistoryRecord]:
    """``meeting history --json``: ISO values as logged; a delivery's ``new`` is its state."""
    records: list[MeetingHistoryRecord] = []
    for entry in entries:
        at = iso_instant(entry.at, clock.tz)
        day = entry.occurrence.isoformat() if entry.occurrence else None
        record: MeetingHistoryRecord
        if isinstance(entry, Change):
            record = {"at": at, "occurrence": day, "entity": entry.entity, "field": entry.field,
                      "old": entry.old, "new": entry.new, "reason": entry.reason,
                      "subject": entry.subject}
        else:
            record = {"at": at, "occurrence": day, "entity": "delivery", "field": "delivery",
                      "old": None, "new": entry.state, "reason": None, "method": entry.method,
                      "sequence": entry.sequence, "channel": entry.channel,
                      "recipients": entry.recipients}
        records.append(record)
    return records


def history_lines(session: Session, entries: Sequence[Change | Delivered], clock: Clock) -> str:
    lines = []
    for entry in entries:
        when = moment_label(entry.at.astimezone(clock.tz))
        day = f"{entry.occurrence}: " if entry.occurrence else ""
        if isinstance(entry, Delivered):
            how = state_labels()[entry.state]
            if entry.state != "marked" and entry.channel != "file":
                how += f" ({CHANNEL_LABELS.get(entry.channel, entry.channel)})"
            lines.append(f"{when}  {day}{how}: {', '.join(entry.recipients)} "
                         f"({METHOD_LABELS.get(entry.method, entry.method)}, SEQUENCE {entry.sequence})")
            continue
        label = field_label(entry.entity, entry.field)
        if entry.subject and entry.field not in ("created", "participation"):
            label += f" ({entry.subject})"
        old, new = (_value(session, entry, v, clock) for v in (entry.old, entry.new))
        if entry.field in ("created", "participation") and entry.old is None:
            change = new
        elif entry.field == "participation" and entry.new == "removed":
            change = _("removed: %(who)s") % {"who": old}
        else:
            change = f"{old} → {new}"
        lines.append(f"{when}  {day}{label}: {change}" + (f"  ({reason_words(entry.reason)})" if entry.reason else ""))
    return "\n".join(lines) or _("No history.")


def untold_rows(record: dict[str, Any]) -> list[tuple[str, str]]:
    """``meeting show``: how many recipients have not been sent the latest version."""
    if not record["recipients"]:
        return []
    return [(_("Untold"), untold_label(record["untold"], record["recipients"]))]


def occurrence_rows(record: dict[str, Any]) -> list[tuple[str, str]]:
    """``meeting show`` of one occurrence: which series and original date it belongs to."""
    if not record["occurrence"]:
        return []
    return [(_("Occurrence"), _("occurrence %(day)s of meeting %(id)s") % {
        "day": record["occurrence"], "id": record["id"]})]


def untold_note(record: InvitationRecord) -> list[str]:
    """After ``invite``: how many are still untold (if any), and what to do about a written
    file."""
    if not record["untold"]:
        return []
    note = untold_label(record["untold"], record["recipients_total"])
    if record.get("file") and record["file"] != "-":
        note += ". " + _("Mail the file, then record it with 'scheduler invite %(id)s "
                         "--mark-sent'.") % {"id": record["id"]}
    return [note]
