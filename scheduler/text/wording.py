"""What recipients read: invitation text and subjects, notices, conflict warnings, feed names,
in the language spoken (``scheduler.text.i18n.for_recipients`` chooses theirs)."""

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from typing import ParamSpec, TypeVar

from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import object_session
from sqlmodel import Session

from scheduler.attendance import Attendee, attendees, clock_window
from scheduler.clock import Clock
from scheduler.conflicts import Conflict, ConflictWarning
from scheduler.notices import Notice
from scheduler.occurrences import Instance, zone
from scheduler.settings import recipients_language, store_language
from scheduler.store.models import (
    AgendaItem,
    Deadline,
    Document,
    Meeting,
    Mode,
    Person,
    Series,
)
from scheduler.text.i18n import DEFAULT, LANGUAGES, N_, _, language, message_text, ngettext, speaking
from scheduler.text.labels import (
    ROLE_LABELS,
    attendee_when,
    day_label,
    hours_label,
    instance_label,
    presence_groups,
    time_label,
    times_label,
    window_label,
)
from scheduler.text.shapes import AgendaRecord

P = ParamSpec("P")
R = TypeVar("R")


def _meeting_of(value: object) -> Meeting | None:
    """The meeting a notice, occurrence or deadline is about, if any."""
    if isinstance(value, Notice):
        value = value.new
    if isinstance(value, Instance):
        return value.root
    if isinstance(value, Deadline) and value.meeting_id is not None and (session := object_session(value)):
        return session.get(Meeting, value.meeting_id)
    return value if isinstance(value, Meeting) else None


def audience(values: Sequence[object]) -> str:
    """The language of those who read about the first series or meeting among ``values``
    (or a notice, occurrence or deadline of one): the series' language, else the store's
    (``config set language``), else Swedish. A deadline of no meeting speaks the store's."""
    session: OrmSession | None = next((v for v in values if isinstance(v, Session)), None)
    for value in values:
        series = value if isinstance(value, Series) else None
        meeting = _meeting_of(value)
        if meeting is not None and (session := session or object_session(meeting)) is not None:
            series = session.get(Series, meeting.series_id) if meeting.series_id else None
        elif series is not None:
            session = session or object_session(series)
        else:
            if isinstance(value, Deadline):
                session = session or object_session(value)
            continue
        return recipients_language(session, series) if session is not None else DEFAULT
    return store_language(session) if session is not None else DEFAULT


def for_recipients(build: Callable[P, R]) -> Callable[P, R]:
    """``build`` speaks the language of the recipients of what it is given (``audience``),
    whatever the coordinator reads."""

    @functools.wraps(build)
    def speaking_theirs(*args: P.args, **kwargs: P.kwargs) -> R:
        with speaking(audience([*args, *kwargs.values()])):
            return build(*args, **kwargs)

    return speaking_theirs


# The first lines of an invitation that tells no notice: a cancellation, an external
# meeting's calendar file, and someone's own CANCEL once they no longer take part.
CANCELLED_LEAD = N_("The meeting is cancelled.")
EXTERNAL_LEAD = N_("An external meeting: a calendar file to add, not an invitation.")
NO_LONGER_INVITED = N_("You are no longer invited to this meeting.")


NOTICE_HEADS = {"time": N_("New time"), "place": N_("New place"), "time_and_place": N_("New time and place")}


NOTICE_BASES = {"previous": N_("previous meeting"), "invitation": N_("before"), "created": N_("before")}


def notice_message(notice: Notice, tz: dt.tzinfo) -> str:
    """``OBS! Ny tid och plats: fre 16 feb 2024 09.00–11.30, StorSthlms lokaler (förra mötet:
    08.30–11.00, Folkes event, Huddinge centrum)``; the old day is named when it differs."""
    new, old, kind, basis = notice.new, notice.was, notice.kind, notice.basis
    now = instance_label(new, tz) + (f", {new.meeting.location}" if new.meeting.location else "")
    was = []
    if kind != "place":
        first, last = old.start.astimezone(tz), old.end.astimezone(tz)
        same_day = basis == "previous" or first.date() == new.start.astimezone(tz).date()
        if same_day and not old.meeting.all_day and first.date() == last.date():
            about = _("about ") if old.meeting.end_approximate else ""
            was.append(f"{time_label(first)}–{about}{time_label(last)}")
        else:
            was.append(instance_label(old, tz))
    if kind != "time":
        was.append(old.meeting.location or _("no place given"))
    return _("NOTE! {head}: {now} ({basis}: {was})").format(
        head=_(NOTICE_HEADS[kind]), now=now, basis=_(NOTICE_BASES[basis]), was=", ".join(was))


def feed_name(owner: str | None) -> str:
    """The calendar's name in clients: ``Södertörnskommunerna – möten och frister``."""
    return _("{owner} – meetings and deadlines").format(owner=owner) if owner else _("Meetings and deadlines")


def cancelled_summary(summary: str) -> str:
    return _("CANCELLED: {summary}").format(summary=summary)


def uncancelled_summary(summary: str) -> str:
    """A cancelled meeting's SUMMARY without the mark ``cancelled_summary`` put before it, in
    whichever language the feed was written."""
    for code in LANGUAGES:
        with speaking(code):
            summary = summary.removeprefix(cancelled_summary(""))
    return summary


def deadline_summary(deadline: Deadline) -> str:
    return _("Deadline: {title}").format(title=deadline.title)


def deadline_description(session: Session, deadline: Deadline, clock: Clock,
                         meeting: Instance | None = None) -> str:
    """The text of a deadline's feed event: the window, owner, matter and tied meeting."""
    when = window_label(deadline)
    if deadline.due_from != deadline.due:
        when += f" ({day_label(deadline.due_from)} – {day_label(deadline.due)})"
    lines = [_("Deadline: {when}").format(when=when)]
    owner = session.get(Person, deadline.owner_id) if deadline.owner_id else None
    if owner:
        lines.append(_("Owner: {name}").format(name=owner.name))
    if deadline.matter:
        lines.append(_("Matter: {matter}").format(matter=deadline.matter))
    if meeting:
        lines.append(_("For: {title}, {when}").format(title=meeting.meeting.title,
                                                       when=instance_label(meeting, clock.tz)))
    return "\n".join(lines)


def deadline_alarm_text(deadline: Deadline) -> str:
    return _("Deadline {day}: {title}").format(day=day_label(deadline.due), title=deadline.title)


def agenda_text(record: AgendaRecord) -> str:
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
    agenda: Sequence[AgendaRecord],
    documents: Sequence[Document],
    people: Sequence[Attendee],
    people_then: Sequence[Attendee],
) -> str:
    """An invitation's DESCRIPTION in the language spoken: blocks of lines with blank lines between.

    ``lead`` (a notice such as "OBS! Ny tid och plats") comes first, then time, place and
    link, the personal line, the free text, agenda, documents, participants, and the
    lines about who joins digitally or only partly (``people_then``: the participants with
    their times in this occurrence).
    """
    meeting = instance.meeting
    head = [_("Time: {when}").format(when=instance_label(instance, tz))]
    if meeting.location:
        head.append(_("Place: {place}").format(place=meeting.location))
    if meeting.online:
        head.append(_("Online: {link}").format(link=meeting.online))
    blocks = [
        [lead] if lead else [],
        head,
        list(personal),
        [meeting.description] if meeting.description else [],
        [_("Agenda:"), *map(agenda_text, agenda)] if agenda else [],
        [_("Documents:"), *map(document_label, documents)] if documents else [],
    ]
    return "\n\n".join([*("\n".join(block) for block in blocks if block),
                        *people_blocks(language(), tuple(people), tuple(people_then))])


@functools.lru_cache(maxsize=1024)
def people_blocks(lang: str, people: tuple[Attendee, ...], people_then: tuple[Attendee, ...]) -> tuple[str, ...]:
    """The blocks of a DESCRIPTION about who takes part, in ``lang`` (the language in use):
    who is there, who is absent, and who joins digitally or partly (``invitation_text``).
    Made once for each group and language: the same people meet in many of a feed's meetings."""
    (present_label, present), (absent_label, absent) = presence_groups(people)
    blocks = [
        [f"{present_label}:", *map(participant_label, present)] if present else [],
        [f"{absent_label}: {', '.join(a.name for a in absent)}"] if absent else [],
        attendance_lines(people_then),
    ]
    return tuple("\n".join(block) for block in blocks if block)


def invitation_subject(instance: Instance, method: str, updated: bool) -> str:
    """``Ledningsgrupp fre 16 feb 2024 09.00–11.30``, with ``Uppdaterad: `` before an update
    and ``Inställt: `` before a cancellation."""
    subject = f"{instance.meeting.title} {instance_label(instance, zone(instance.root))}"
    if method == "CANCEL":
        return _("Cancelled: {subject}").format(subject=subject)
    return _("Updated: {subject}").format(subject=subject) if updated else subject


def attendee_description(attendee: Attendee) -> str | None:
    """The invitation's line about someone who joins digitally or for part of the meeting."""
    if attendee.mode == Mode.ABSENT or (attendee.mode == Mode.IN_PERSON and not attendee.window_from):
        return None
    when = attendee_when(attendee)
    who = attendee.name + (f" ({attendee.organisation})" if attendee.organisation else "")
    how = " ".join(part for part in (_("digital") if attendee.mode == Mode.DIGITAL else "", when) if part)
    return _("{who} takes part {how}.").format(who=who, how=how)


def personal_description(attendee: Attendee, online: str | None) -> str | None:
    """An attendee's own line: ``Du deltar digitalt: <link>``, ``Du deltar 08.30–09.30 (punkt 2)``."""
    when = attendee_when(attendee)
    if attendee.mode == Mode.ABSENT:
        return _("You have sent your apologies.")
    if attendee.mode == Mode.DIGITAL:
        head = " ".join(part for part in (_("You take part digitally"), when) if part)
        return f"{head}: {online}" if online else _("{head} (the link comes later).").format(head=head)
    return _("You take part {when}").format(when=when) if attendee.window_from else None


def agenda_record(session: Session, item: AgendaItem,
                  start: dt.datetime | None = None) -> AgendaRecord:
    """An agenda item; its times in the meeting, or in the occurrence starting at ``start``."""
    presenter = session.get(Person, item.presenter_id) if item.presenter_id else None
    first, last = clock_window(session, item, start)
    return {"number": item.position, "title": item.title, "from": first,
            "to": last, "presenter": presenter.name if presenter else None}


def conflict_message(group: Sequence[Conflict], tz: dt.tzinfo) -> str:
    """One warning for the conflicts of one kind between the same two meetings at the same time."""
    first, second = group[0].instances
    values = {"names": ", ".join(c.who for c in group), "first": first.id, "first_title": first.meeting.title,
              "second": second.id, "second_title": second.meeting.title,
              "when": times_label(group[0].start, group[0].end, tz)}
    if group[0].kind == "person":
        text = ngettext("{names} is booked in meeting {first} '{first_title}' and meeting {second} "
                        "'{second_title}' at the same time, {when} (see 'scheduler conflicts').",
                        "{names} are booked in meeting {first} '{first_title}' and meeting {second} "
                        "'{second_title}' at the same time, {when} (see 'scheduler conflicts').", len(group))
    else:
        text = _("{names} is booked for meeting {first} '{first_title}' and meeting {second} "
                 "'{second_title}' at the same time, {when} (see 'scheduler conflicts').")
    return text.format(**values)


def description_lines(session: Session, meeting: Meeting, tz: dt.tzinfo,
                      for_person: Person | None = None, *,
                      span: tuple[dt.datetime, dt.datetime] | None = None) -> list[str]:
    """Swedish lines for an invitation's DESCRIPTION about who joins digitally or for part.

    Without ``for_person``: one line per digital or part-time attendee. With it: that
    person's own line ("Du deltar digitalt: <link>", "Du deltar 08.30–09.30 (punkt 2)"),
    or none when they attend the whole meeting in person or are not listed.
    """
    if for_person is not None:
        return [line for a in attendees(session, meeting, for_person, span=span)
                if (line := personal_description(a, meeting.online))]
    return attendance_lines(attendees(session, meeting, span=span))


def attendance_lines(people: Sequence[Attendee]) -> list[str]:
    """One line per attendee of ``people`` who joins digitally or for part of the meeting."""
    return [line for a in people if (line := attendee_description(a))]


def warning_text(warning: Warning | str) -> str:
    """What ``Warning: ...`` says: a conflict in words, any other warning as it reads."""
    if isinstance(warning, ConflictWarning):
        return conflict_message(warning.group, warning.tz)
    return message_text(warning)
