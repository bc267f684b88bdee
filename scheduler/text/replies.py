"""What ``reply`` and ``proposals`` print: a line per answer, JSON records, proposal tables."""

import datetime as dt

from sqlmodel import Session

from scheduler.clock import iso_instant
from scheduler.occurrences import zone
from scheduler.replies import Outcome
from scheduler.store.exchanges import Reply
from scheduler.text.i18n import _
from scheduler.text.labels import day_label, times_label
from scheduler.text.render import table
from scheduler.text.shapes import AnswerRecord, ProposalRecord


def answer_line(partstat: str | None) -> str:
    """How a line of ``reply`` says an answer, with {who} and {meeting} to fill in."""
    lines = {
        "ACCEPTED": _("{who} accepted meeting {meeting}"),
        "DECLINED": _("{who} declined meeting {meeting}"),
        "TENTATIVE": _("{who} tentatively accepted meeting {meeting}"),
        "DELEGATED": _("{who} delegated meeting {meeting}"),
    }
    return lines.get(partstat or "", _("{who} has not yet decided on meeting {meeting}"))


def state_word(state: str | None) -> str:
    """A proposal's state in words."""
    return {"open": _("open"), "accepted": _("accepted"), "declined": _("declined")}.get(state or "", "")


def outcome_record(outcome: Outcome) -> AnswerRecord:
    """``reply --json``: one object per answer read."""
    answer = outcome.answer
    return {
        "status": outcome.status,
        "method": answer.method,
        "meeting": outcome.meeting.id if outcome.meeting else None,
        "uid": answer.uid,
        "occurrence": answer.recurrence_id.isoformat() if answer.recurrence_id else None,
        "name": outcome.person.name if outcome.person else answer.name,
        "email": answer.email,
        "partstat": answer.partstat,
        "sequence": answer.sequence,
        "comment": answer.comment,
        "delegates": [person.name for person in outcome.delegates],
        "source": answer.source,
    }


def _who(outcome: Outcome) -> str:
    answer = outcome.answer
    name = outcome.person.name if outcome.person else answer.name
    return f"{name} <{answer.email}>" if name else answer.email


def _what(outcome: Outcome) -> str:
    meeting = outcome.meeting
    return f"{meeting.id} '{meeting.title}'" if meeting else outcome.answer.uid


def outcome_line(outcome: Outcome) -> str:
    """One line of ``reply`` for an answer that was taken in."""
    line = answer_line(outcome.answer.partstat).format(who=_who(outcome), meeting=_what(outcome))
    if outcome.status == "proposal":
        line = _("{who} proposes a new time for meeting {meeting}").format(who=_who(outcome),
                                                                            meeting=_what(outcome))
    if outcome.answer.comment:
        line += f": \u201c{outcome.answer.comment}\u201d"
    for person in outcome.delegates:
        line += "; " + _("delegated to {name}").format(name=person.name)
    return line


def outcome_warning(outcome: Outcome) -> str | None:
    """Why an answer was not applied, or None when it was (or had been read before)."""
    who, what, source = _who(outcome), _what(outcome), outcome.answer.source
    messages = {
        "unknown-meeting": _("{source}: an answer from {who} for UID {uid}, which is no meeting in "
                             "the store: not applied."),
        "not-invited": _("{source}: {who} is not invited to meeting {meeting}: not applied; add them "
                         "with 'scheduler attend' first if they should be."),
        "cancelled": _("{source}: meeting {meeting} is cancelled: the answer from {who} is not applied."),
        "older": _("{source}: {who} answered an older version of meeting {meeting}; their newer "
                   "answer stands (this one is kept in the record)."),
        "occurrence": _("{source}: {who} answered only one occurrence of meeting {meeting}: kept in "
                        "the record; their answer for the series is unchanged."),
    }
    message = messages.get(outcome.status)
    return message.format(source=source, who=who, meeting=what, uid=outcome.answer.uid) if message else None


def reply_summary(outcomes: list[Outcome], skipped: int) -> str:
    """The last line of ``reply``: how many were applied, seen before, not applied."""
    counts = {status: sum(1 for o in outcomes if o.status == status)
              for status in ("applied", "proposal", "seen")}
    other = len(outcomes) - sum(counts.values())
    text = _("{applied} applied, {proposals} proposals, {seen} read before, {other} not applied").format(
        applied=counts["applied"], proposals=counts["proposal"], seen=counts["seen"], other=other)
    if skipped:
        text += ", " + _("{count} messages without a calendar skipped").format(count=skipped)
    return text + "."


def proposal_record(session: Session, row: Reply, tz: dt.tzinfo) -> ProposalRecord:
    """``proposals --json``: one object per proposal."""
    meeting, person = row.meeting, row.person
    return {
        "id": row.id,
        "meeting": meeting.id,
        "title": meeting.title,
        "occurrence": row.recurrence_id.astimezone(zone(meeting)).date().isoformat()
        if row.recurrence_id else None,
        "name": person.name,
        "email": person.email,
        "start": iso_instant(row.proposed_start, tz) if row.proposed_start else None,
        "end": iso_instant(row.proposed_end, tz) if row.proposed_end else None,
        "comment": row.comment,
        "state": row.state,
        "received": day_label(row.received_at.astimezone(tz).date()),
    }


def proposal_table(session: Session, rows: list[Reply], tz: dt.tzinfo) -> str:
    """``proposals``: id, meeting, who, the proposed time, the comment."""
    if not rows:
        return _("No proposals.")
    lines = []
    for row in rows:
        record = proposal_record(session, row, tz)
        when = times_label(row.proposed_start, row.proposed_end or row.proposed_start, tz) \
            if row.proposed_start else _("no new time")
        lines.append([str(row.id), f"{record['meeting']} {record['title']}", f"{record['name']} <{record['email']}>",
                      when, record["comment"] or "", state_word(row.state)])
    return table([[_("Id"), _("Meeting"), _("Proposed by"), _("Time"), _("Comment"), _("State")], *lines])
