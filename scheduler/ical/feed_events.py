"""The feed's VEVENTs of each meeting, kept in the store (``FeedEvent``) with a digest of
everything they are built from, and reused while the digest is the same.

The digest covers the meeting's row and its changed occurrences (every column: times,
place, link, text, status, SEQUENCE, recurrence), its organizer, participants (names,
organisations, roles, modes, windows), agenda (with presenters), documents, the notice
each event leads with, the language and time zone it is worded in, and the versions of
this program and of icalendar. So a change to any of them gives another digest and the
events are built anew: nothing has to remember to clear the cache. ``export`` fills it
as it writes the feed; a store that cannot be written is only read.

A kept event's DTSTAMP is the epoch; the feed's own DTSTAMP line (made by icalendar) takes
its place as it is written, since in a calendar with a METHOD, DTSTAMP is when the calendar
was made.
"""

import datetime as dt
import hashlib
import operator
from collections.abc import Callable, Sequence
from typing import Any

import icalendar
from sqlalchemy import delete, insert, select
from sqlmodel import Session, col

from scheduler import __version__
from scheduler.attendance import Participants
from scheduler.batches import chunks
from scheduler.clock import Clock
from scheduler.ical.components import (
    X_END_APPROXIMATE,
    X_EXTERNAL,
    description,
    instance_notice,
    meeting_components,
    meeting_instances,
)
from scheduler.ical.writing import END, Seen, component_bytes, content_line
from scheduler.meeting_details import Details, load_details
from scheduler.store.exchanges import FeedEvent
from scheduler.store.models import Meeting
from scheduler.text.i18n import language
from scheduler.text.wording import cancelled_summary, notice_message

FORMAT = 1  # raise when the feed's events are written differently
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
COLUMNS = Meeting.__table__.columns.keys()  # type: ignore[attr-defined]  # a meeting's columns
row = operator.attrgetter(*COLUMNS)
loaded_columns = operator.itemgetter(*COLUMNS)
TABLE = FeedEvent.__table__  # type: ignore[attr-defined]


def stamp_line(stamp: dt.datetime) -> bytes:
    """The DTSTAMP line as icalendar writes it, with the line break before it."""
    return END + content_line(icalendar.Event(), "DTSTAMP", icalendar.vDDDTypes(stamp)) + END


def feed_events(session: Session, clock: Clock, meetings: Sequence[Meeting], stamp: dt.datetime,
                seen: Seen, *, keep: bool, progress: Callable[[int], None] | None = None,
                ) -> tuple[list[bytes], int]:
    """The VEVENTs of ``meetings`` for the feed, each meeting's as one piece, stamped
    ``stamp``; ``seen`` learns their TZIDs and years. Kept ones are reused, the others built
    and, with ``keep``, kept. Returns the pieces and how many meetings were reused.
    ``progress`` is told how many meetings are done."""
    details = load_details(session, meetings)
    kept = kept_events(session, [m.id for m in meetings if m.id is not None])
    epoch, now = stamp_line(EPOCH), stamp_line(stamp)
    digests = Digests(clock)
    found = [(meeting, details[meeting.id]) for meeting in meetings]  # type: ignore[index]
    # Every digest first, in one pass: each costs half as much as between two builds.
    digested = [digests.of(session, meeting, known) for meeting, known in found]
    reusable = [kept_row if (kept_row := kept.get(meeting.id)) is not None  # type: ignore[arg-type]
                and kept_row.digest == digest else None
                for (meeting, _), digest in zip(found, digested, strict=True)]
    # Then the DESCRIPTION of every event to build, in one pass too (each meeting's details
    # keep them for its events).
    for (meeting, known), kept_row in zip(found, reusable, strict=True):
        if kept_row is None:
            for instance in meeting_instances(meeting, known):
                description(session, clock, instance, details=known)
    pieces, fresh, reused = [], [], 0
    for done, ((meeting, known), digest, kept_row) in enumerate(zip(found, digested, reusable, strict=True), 1):
        if kept_row is not None:
            text, zones, year = kept_row.text.encode(), set(kept_row.zones.split()), kept_row.year
            reused += 1
        else:
            own = Seen()
            text = b"".join(component_bytes(event, own) for event in feed_components(session, clock, meeting, known))
            zones, year = own.tzids, min(own.years, default=None)
            fresh.append({"meeting_id": meeting.id, "digest": digest, "text": text.decode(),
                          "zones": " ".join(sorted(zones)), "year": year})
        seen.tzids.update(zones)
        seen.years.update([year] if year is not None else [])
        pieces.append(text.replace(epoch, now))
        if progress is not None:
            progress(done)
    if keep:
        keep_events(session, fresh)
    return pieces, reused


def feed_components(session: Session, clock: Clock, meeting: Meeting, details: Details) -> list[icalendar.Event]:
    """The meeting's VEVENTs as the feed shows them: no attendees, ``INSTÄLLT:`` before a
    cancelled one's summary, and the product's own properties for an approximate end and an
    external meeting."""
    events = meeting_components(session, clock, meeting, attendees=False, details=details, stamp=EPOCH)
    for event in events:
        if event.get("STATUS") == "CANCELLED":
            event["SUMMARY"] = cancelled_summary(str(event.get("SUMMARY", "")))
        if meeting.end_approximate:
            event.add(X_END_APPROXIMATE, "TRUE")
        if meeting.external:
            event.add(X_EXTERNAL, "TRUE")
    return events


class Digests:
    """The digests of meetings' feed events in one export (see the module): each continues
    what all the export's events share (the format, the versions, the language and the time
    zone), and is one ``repr`` of plain values (the rows' columns as loaded) and one SHA-256.
    Each group of participants is written once per export: the same people take part in
    the same way in many meetings."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        shared = (FORMAT, __version__, icalendar.__version__, language(), str(clock.tz))
        self.shared = hashlib.sha256(repr(shared).encode())
        self.participants: dict[Participants, str] = {}

    def of(self, session: Session, meeting: Meeting, details: Details) -> str:
        """A digest of everything the meeting's feed events are built from."""
        organizer, clock = details.organizer, self.clock
        notices = [instance_notice(session, clock, instance, details)
                   for instance in meeting_instances(meeting, details)]
        state = (
            columns(meeting), [columns(o) for _, o in sorted(details.overrides.items())],
            (organizer.name, organizer.email) if organizer else None,
            [(i.position, i.title, i.offset_from, i.offset_to, i.presenter_id) for i in details.agenda],
            [(p.id, p.name) for p in details.presenters],
            [(d.title, d.url) for d in details.documents],
            [notice_message(n, clock.tz) if n else None for n in notices],
        )
        digest = self.shared.copy()
        digest.update(repr(state).encode())
        digest.update(self.participants_of(details.people).encode())
        return digest.hexdigest()

    def participants_of(self, rows: Participants) -> str:
        """Participation rows (``attendance.participation_rows``) as text, written once for
        each group of people (a repr has no line break)."""
        if rows not in self.participants:
            self.participants[rows] = "\n".join(map(repr, rows))
        return self.participants[rows]


def columns(meeting: Meeting) -> tuple[Any, ...]:
    """Every column of a meeting's row, read from what the session loaded into it (an
    attribute it has not loaded, such as one expired, is loaded through the ORM)."""
    try:
        return loaded_columns(vars(meeting))
    except KeyError:
        return row(meeting)


def kept_events(session: Session, ids: Sequence[int]) -> dict[int, Any]:
    """The kept rows of the meetings ``ids`` (one query per thousand)."""
    found = {}
    for part in chunks(ids):
        for row in session.connection().execute(select(TABLE).where(TABLE.c.meeting_id.in_(part))):
            found[row.meeting_id] = row
    return found


def keep_events(session: Session, rows: list[dict[str, Any]]) -> None:
    """Keep ``rows`` in place of what was kept for their meetings, and drop the rows of
    meetings that no longer exist."""
    connection = session.connection()
    for part in chunks([r["meeting_id"] for r in rows]):
        connection.execute(delete(TABLE).where(TABLE.c.meeting_id.in_(part)))
    if rows:
        connection.execute(insert(TABLE), rows)
    connection.execute(delete(TABLE).where(TABLE.c.meeting_id.not_in(select(col(Meeting.id)))))
