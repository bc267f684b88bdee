"""What ``extract`` read from a document, and what ``extract --apply`` added, in the
language in use (the document's own words, its titles and phrases, as they were written)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from scheduler.store.models import Mode
from scheduler.text.i18n import N_, _, message_text, ngettext
from scheduler.text.labels import (
    KIND_LABELS,
    day_label,
    due_label,
    presence_groups,
    time_label,
    times_label,
    window_label,
)
from scheduler.text.records import found_attendees
from scheduler.text.render import attendee_line
from scheduler.text.table import table

if TYPE_CHECKING:  # the extract package is loaded only by the commands that show an extraction
    from scheduler.extract import Applied, Extraction, FoundDeadline, FoundMeeting

PARTICIPANTS = N_("Participants of meeting {meeting}: {count} ({names})")
CHANGED = N_("Changed attendance at meeting {meeting}: {count} ({names})")


def found_when(meeting: FoundMeeting, tz: dt.tzinfo) -> str:
    """``tis 16 jan 2024 12.00–ca 16.00``, ``ons 10 jan 2024 (tid ej fastställd)``."""
    start, end = meeting.start, meeting.end
    if not isinstance(start, dt.datetime):
        return _("{day} (time not set)").format(day=day_label(start))
    if end is None:
        return f"{day_label(start.astimezone(tz).date())} {time_label(start.astimezone(tz))}"
    return times_label(start, end, tz, approximate=meeting.end_approximate)


def found_deadline_label(deadline: FoundDeadline) -> str:
    """The window as ``deadlines`` shows it; at a meeting ``fre 16 feb 2024, vid Ledningsgrupp``."""
    label = due_label(deadline.window)
    if deadline.meeting is None:
        return label
    return _("{day}, at {meeting}").format(day=label, meeting=deadline.meeting.title)


def block(label: str, rows: list[list[str]]) -> list[str]:
    """``Label:`` and the rows as an indented table."""
    return [_("{label}:").format(label=label)] + ["  " + line for line in table(rows).splitlines()]


def extraction_text(found: Extraction, tz: dt.tzinfo) -> str:
    """``extract``: the minutes' meeting, who attended, coming meetings, deadlines, notices
    and the sentences left to read by hand."""
    people = found_attendees(found)
    blocks = [[f"{found.heading or _('Minutes')} ({day_label(found.day)})"]]
    if found.meeting:
        blocks.append([_("The meeting:"), "  " + "  ".join(filter(None, (
            found.meeting.title, found_when(found.meeting, tz), found.meeting.location)))])
    for label, group in presence_groups(people):
        if group:
            blocks.append(block(label, [attendee_line(a) for a in group]))
    for label, rows in (
            (_("Coming meetings"), [[found_when(m, tz), _("{title} (external)").format(title=m.title)
                                     if m.external else m.title, m.location or ""] for m in found.meetings]),
            (_("Deadlines"), [[found_deadline_label(d), d.title, KIND_LABELS[d.kind], d.owner or ""]
                              for d in found.deadlines])):
        if rows:
            blocks.append(block(label, rows))
    if found.agenda:
        blocks.append(block(_("Agenda"), [
            [f"{i.number}.", i.title, f"{time_label(i.window[0])}–{time_label(i.window[1])}" if i.window else "",
             ", ".join(filter(None, (i.presenter, _("digital") if i.mode == Mode.DIGITAL else None)))]
            for i in found.agenda]))
    if found.notices:
        blocks.append([_("Notices:")] + [
            f"  {n.phrase}: {n.meeting.title} {found_when(n.meeting, tz)}"
            + (f", {n.meeting.location}" if n.meeting.location else "") for n in found.notices])
    if found.unplaced:
        blocks.append([_("Not placed (read them yourself):")] + [
            line for u in found.unplaced for line in (f"  {u.source}", f"    – {message_text(u.reason)}")])
    return "\n\n".join("\n".join(lines) for lines in blocks)


def applied_text(applied: Applied, tz: dt.tzinfo, unplaced: int) -> str:
    """``extract --apply``: what was added, one thing a line."""
    lines = []
    for label, names in ((_("Organisations"), [o.name for o in applied.organisations]),
                         (_("People"), [p.name for p in applied.people])):
        if names:
            lines.append(f"  {label}: {', '.join(names)}")
    lines += ["  " + _("Meeting {id}: {title}, {when}").format(
        id=m.id, title=m.title,
        when=times_label(m.start, m.end, tz, all_day=m.all_day, approximate=m.end_approximate))
        for m in applied.meetings]
    for label, pairs in ((PARTICIPANTS, applied.participations), (CHANGED, applied.updated)):
        for meeting_id in dict.fromkeys(m.id for m, _person in pairs):
            names = [p.name for m, p in pairs if m.id == meeting_id]
            lines.append("  " + _(label).format(meeting=meeting_id, count=len(names), names=", ".join(names)))
    lines += ["  " + _("Deadline {id}: {title}, {due}").format(id=d.id, title=d.title, due=window_label(d))
              for d in applied.deadlines]
    for meeting_id in dict.fromkeys(i.meeting_id for i in applied.agenda):
        count = sum(i.meeting_id == meeting_id for i in applied.agenda)
        lines.append("  " + ngettext("Agenda of meeting {meeting}: {count} item",
                                     "Agenda of meeting {meeting}: {count} items", count)
                     .format(meeting=meeting_id, count=count))
    text = (_("Added:") + "\n" + "\n".join(lines)) if lines else \
        _("Nothing new: everything in the minutes is in the store already.")
    if unplaced:
        text += "\n" + ngettext("{n} sentence could not be placed: see 'scheduler extract FILE' without --apply.",
                                "{n} sentences could not be placed: see 'scheduler extract FILE' without --apply.",
                                unplaced).format(n=unplaced)
    return text

