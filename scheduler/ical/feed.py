"""The calendar feed (``scheduler export``): meetings and open deadlines as one PUBLISH calendar.

Members subscribe to it, so it carries the ORGANIZER but no ATTENDEE and no attendee's
e-mail address (RFC 5546 PUBLISH). A recurring meeting is its master and overrides; a
cancelled meeting keeps its place with ``STATUS:CANCELLED`` and ``INSTÄLLT:`` before the
summary.

A deadline is an all-day, transparent event from the window's first day (``due_from``)
to its last (``due``, DTEND the day after), with one display alarm at 09.00 local on the
N-th working day before ``due``, the day it is truly late. The trigger is relative to
DTSTART, the form every client reads; for an all-day event that is local midnight of
``due_from``, so 09.00 three days earlier is ``-P2DT15H``. For a window that starts before
the alarm day (``början av februari``: 1–10 February, alarm Wednesday 7 February) the
duration is positive (``P6DT9H``): RFC 5545 allows it, and the alarm still fires on the
day that matters instead of before the window opens. The time part spans 09.00–24.00 of
a working day, never a daylight-saving change (those fall on Sundays), so clients that
add the duration in exact or in nominal time agree.
"""

import datetime as dt
import hashlib
import re
from typing import IO, Any, NamedTuple

import icalendar
from icalendar.enums import TRANSP
from sqlmodel import Session, col, select

from scheduler.batches import collector_paused
from scheduler.clock import Clock, utcnow
from scheduler.ical.components import (
    X_DEADLINE,
    X_KIND,
    X_PHRASE,
    X_PRECISION,
    new_calendar,
    timezones,
)
from scheduler.ical.feed_events import feed_events
from scheduler.ical.invitations import slug, write_output
from scheduler.ical.reading import Progress
from scheduler.ical.writing import Seen, calendar_bytes, component_bytes
from scheduler.occurrences import original_starts, overrides
from scheduler.reminders import DEFAULT_REMIND, reminder_day, tied_instance
from scheduler.selection import Selection
from scheduler.store.engine import read_only
from scheduler.store.models import Deadline, Meeting, Organisation, Person, Series
from scheduler.text.wording import (
    deadline_alarm_text,
    deadline_description,
    deadline_summary,
    feed_name,
    for_recipients,
)

REMINDER_TIME = dt.time(9, 0)
_STAMP = re.compile(rb"^DTSTAMP:[^\r\n]*\r\n", re.MULTILINE)
REFRESH = dt.timedelta(hours=1)
_END_OF_TIME = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)


class Feed(NamedTuple):
    """The feed's bytes (in the pieces it was written in), its name and what it holds."""

    parts: list[bytes]
    name: str
    meetings: int
    deadlines: int
    reused: int = 0  # meetings whose kept events were written again

    @property
    def data(self) -> bytes:
        return b"".join(self.parts)


@for_recipients
@collector_paused()
def build_feed(
    session: Session,
    clock: Clock,
    selection: Selection | None = None,
    *,
    remind: int = DEFAULT_REMIND,
    name: str | None = None,
    progress: Progress | None = None,
    keep: bool = False,
) -> Feed:
    """The feed: the meetings of ``selection`` (everything without it) that take place in its
    window, and its open deadlines (with a series: those tied to its meetings; with a person:
    the meetings they take part in or organize, the deadlines they own).

    ``progress`` is told (done, total) as the meetings and deadlines are written. Meetings'
    events kept from an earlier export are reused while nothing they show changed; with
    ``keep`` the ones built anew are kept (see ``feed_events``).
    """
    selection = selection or Selection()
    series = selection.series
    roots = feed_meetings(session, selection)
    due = feed_deadlines(session, clock, selection)
    calendar = new_calendar("PUBLISH")
    title = name or feed_name(series.name if series else secretariat_name(session))
    calendar.calendar_name = title  # NAME and X-WR-CALNAME
    calendar.refresh_interval = REFRESH
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # RFC 7986 requires it
    calendar.add("X-PUBLISHED-TTL", icalendar.vDuration(REFRESH))
    total = len(roots) + len(due)
    stamp = utcnow()
    seen = Seen()
    events, reused = feed_events(session, clock, roots, stamp, seen, keep=keep,
                                 progress=None if progress is None else lambda done: progress(done, total))
    for done, deadline in enumerate(due, len(roots) + 1):
        events.append(component_bytes(deadline_event(session, clock, deadline, remind, stamp), seen))
        if progress is not None:
            progress(done, total)
    zones = timezones(seen.tzids, min(seen.years, default=dt.date.today().year))
    return Feed(list(calendar_bytes(calendar, zones, events)), title, len(roots), len(due), reused)


def export(session: Session, clock: Clock, *, output: str | None = None,
           stdout: IO[bytes] | None = None, selection: Selection | None = None,
           **options: Any) -> tuple[Feed, str]:
    """``build_feed`` of ``selection`` (``options``: its other keywords) written to ``output``
    (by default ``feed_file_name``; ``-`` is ``stdout``): ``export`` as the command does it,
    keeping the events it built where the store can be written. Returns the feed and where
    it went."""
    feed = build_feed(session, clock, selection, keep=not read_only(session.get_bind()), **options)
    target = output or feed_file_name(selection.series if selection else None)
    if target == "-":
        assert stdout is not None, "the feed goes to stdout: give the stream"
        stdout.writelines(feed.parts)
    else:
        write_output(target, feed.parts)
    return feed, target


def content_digest(data: bytes) -> str:
    """The SHA-256 of a calendar's content with DTSTAMP (when it was written) left out: the
    same meetings and deadlines give the same digest (the web feed's ETag, what publish sent)."""
    return hashlib.sha256(_STAMP.sub(b"", data)).hexdigest()


def feed_file_name(series: Series | None) -> str:
    """Where ``export`` writes without -o: ``ledningsgrupp.ics`` for a series, else
    ``scheduler.ics``."""
    return f"{slug(series.name)}.ics" if series else "scheduler.ics"


def feed_meetings(session: Session, selection: Selection | None = None) -> list[Meeting]:
    """Meetings and recurring masters (cancelled ones too) of ``selection`` with an instance
    in its window, by start."""
    selection = selection or Selection()
    rows = selection.meetings(session)
    if selection.start is None:
        return rows
    return [m for m in rows if _takes_place(session, m, selection.start, selection.end or _END_OF_TIME)]


def _takes_place(session: Session, meeting: Meeting, start: dt.datetime, end: dt.datetime) -> bool:
    """Whether the meeting, or one occurrence or override of it, overlaps [start, end]."""
    if not meeting.rrule:
        return meeting.end >= start
    if next(original_starts(meeting, start, end), None) is not None:
        return True
    changed = overrides(session, meeting).values()
    return any(row.end >= start and row.start <= end for row in changed)


def feed_deadlines(session: Session, clock: Clock, selection: Selection | None = None) -> list[Deadline]:
    """Open deadlines of ``selection`` whose last day lies in its window (local days), by due day."""
    query = select(Deadline).where(Deadline.done == False)  # noqa: E712
    if selection is not None:
        query = selection.deadline_query(clock, query)
    return list(session.exec(query.order_by(col(Deadline.due), col(Deadline.id))).all())


def secretariat_name(session: Session) -> str | None:
    """The organisation of every series' secretary, when they share one; else None."""
    names = session.exec(
        select(Organisation.name)
        .join(Person, col(Person.organisation_id) == Organisation.id)
        .join(Series, col(Series.secretary_id) == Person.id)
        .distinct()
    ).all()
    return names[0] if len(names) == 1 else None


def reminder_trigger(due_from: dt.date, remind_on: dt.date) -> dt.timedelta:
    """From local midnight of ``due_from`` (an all-day DTSTART) to 09.00 on ``remind_on``."""
    return dt.datetime.combine(remind_on, REMINDER_TIME) - dt.datetime.combine(due_from, dt.time())


def deadline_event(
    session: Session, clock: Clock, deadline: Deadline, remind: int, stamp: dt.datetime
) -> icalendar.Event:
    """One open deadline as an all-day transparent VEVENT with one display alarm."""
    description = deadline_description(session, deadline, clock, tied_instance(session, deadline))
    event = icalendar.Event.new(
        uid=deadline.uid,
        sequence=deadline.sequence,
        stamp=stamp,
        summary=deadline_summary(deadline),
        description=description,
        start=deadline.due_from,
        end=deadline.due + dt.timedelta(days=1),
        transparency=TRANSP.TRANSPARENT,
        categories=[deadline.kind],
    )
    event.add(X_DEADLINE, deadline.title)
    event.add(X_PRECISION, deadline.precision)
    event.add(X_KIND, str(deadline.kind))
    if deadline.phrase:
        event.add(X_PHRASE, deadline.phrase)
    remind_on = reminder_day(deadline, remind)
    alarm = icalendar.Alarm.new_display(
        deadline_alarm_text(deadline), reminder_trigger(deadline.due_from, remind_on)
    )
    alarm.TRIGGER_RELATED = "START"
    event.add_component(alarm)
    return event
