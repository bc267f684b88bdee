"""What happens when: single meetings and the occurrences of recurring ones, in a window.

A recurring master's RRULE is expanded lazily with python-dateutil from its local start,
so an occurrence keeps its wall time across daylight-saving changes. Overrides (rows with
``master_id``) replace the occurrence whose original start is their ``recurrence_id``.
"""

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import NamedTuple
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr
from sqlmodel import Session, col, select

from scheduler.clock import iso_instant
from scheduler.errors import InputError
from scheduler.limits import DURATION_MAX_DAYS
from scheduler.store.models import Meeting, Status
from scheduler.validate import frequency

LONGEST = dt.timedelta(days=DURATION_MAX_DAYS)  # the longest a meeting may last (checked on input)


class Instance(NamedTuple):
    """One meeting as it happens: a single meeting, or one occurrence of a series."""

    meeting: Meeting  # the row that holds this instance's data (an override, or the meeting)
    master: Meeting | None  # the recurring master, for occurrences
    occurrence: dt.date | None  # the occurrence's original local date
    recurrence_id: dt.datetime | None  # the occurrence's original start
    start: dt.datetime
    end: dt.datetime

    @property
    def id(self) -> int:
        """The id a user types: the master's for an occurrence."""
        return (self.master or self.meeting).id  # type: ignore[return-value]

    @property
    def root(self) -> Meeting:
        """The meeting that owns participants, agenda and documents."""
        return self.master or self.meeting

    @property
    def cancelled(self) -> bool:
        """Cancelled itself, or one occurrence of a cancelled series."""
        return Status.CANCELLED in (self.meeting.status, self.root.status)


def zone(meeting: Meeting) -> ZoneInfo:
    return ZoneInfo(meeting.tzid)


def normalise_rule(text: str, start: dt.datetime) -> str:
    """The RRULE text to store: names upper-cased, UNTIL in UTC; InputError if it does not parse.

    An UNTIL without ``Z`` is read as local time (a date as the end of that day), since
    RFC 5545 wants UTC when DTSTART has a TZID.
    """
    frequency(text)
    body = text.strip().removeprefix("RRULE:")
    try:
        parts = {k.upper(): v for k, v in (part.split("=", 1) for part in body.split(";") if part)}
        until = parts.get("UNTIL")
        if until and not until.endswith("Z"):
            if len(until) == 8:
                local = dt.datetime.combine(dt.datetime.strptime(until, "%Y%m%d").date(),
                                            dt.time(23, 59, 59))
            else:
                local = dt.datetime.strptime(until, "%Y%m%dT%H%M%S")
            utc = local.replace(tzinfo=start.tzinfo).astimezone(dt.UTC)
            parts["UNTIL"] = utc.strftime("%Y%m%dT%H%M%SZ")
        normalised = ";".join(f"{k}={v}" for k, v in parts.items())
        rule = rrulestr(normalised, dtstart=start)
    except (ValueError, TypeError, OverflowError) as err:
        raise InputError(
            "The RRULE {text!r} does not parse ({err}); write it as in RFC 5545, e.g. "
            '"FREQ=MONTHLY;BYDAY=3FR;COUNT=6".', text=text, err=err
        ) from err
    if not isinstance(rule, rrule):
        raise InputError('The RRULE {text!r} must be one rule, not a set.', text=text)
    return normalised


def parse_rule(text: str, start: dt.datetime) -> rrule:
    """The dateutil rule for RRULE ``text`` from ``start`` (aware, local wall time)."""
    return rrulestr(normalise_rule(text, start), dtstart=start)  # type: ignore[return-value]


def master_rule(master: Meeting) -> rrule:
    return parse_rule(master.rrule or "", master.start.astimezone(zone(master)))


def restart(text: str, began: dt.datetime, first: dt.datetime) -> dt.datetime:
    """Where to start the RRULE ``text`` of a series begun at ``began`` to find the occurrences
    from ``first`` on: an occurrence shortly before ``first`` when that gives the same ones
    (a daily or weekly rule without COUNT repeats every INTERVAL days or weeks), so that a
    series begun years ago is not stepped through from its start; else ``began``."""
    parts = dict(part.split("=", 1) for part in text.upper().removeprefix("RRULE:").split(";") if "=" in part)
    days = {"DAILY": 1, "WEEKLY": 7}.get(parts.get("FREQ", ""), 0) * int(parts.get("INTERVAL", "1"))
    periods = (first.date() - began.date()).days // days - 1 if days and "COUNT" not in parts else 0
    if periods <= 0:
        return began
    return dt.datetime.combine(began.date() + dt.timedelta(days=periods * days), began.timetz())


def original_starts(master: Meeting, start: dt.datetime, end: dt.datetime) -> Iterator[dt.datetime]:
    """Original starts of the master's occurrences that overlap [start, end], as UTC."""
    tz = zone(master)
    first = (start - (master.end - master.start)).astimezone(tz)
    began = restart(master.rrule or "", master.start.astimezone(tz), first)
    for local in parse_rule(master.rrule or "", began).xafter(first, inc=True):
        if local > end:
            break
        yield local.astimezone(dt.UTC)


def is_occurrence(master: Meeting, when: dt.datetime) -> bool:
    return when in set(original_starts(master, when, when))


def occurrence_start(master: Meeting, day: dt.date) -> dt.datetime | None:
    """The original start of the occurrence on local ``day``, or None if there is none."""
    tz = zone(master)
    first = dt.datetime.combine(day, dt.time(), tz)
    for start in original_starts(master, first, first + dt.timedelta(days=1)):
        if start.astimezone(tz).date() == day:
            return start
    return None


def overrides(session: Session, master: Meeting) -> dict[dt.datetime, Meeting]:
    return overrides_of(session, [master]).get(master.id, {})  # type: ignore[arg-type]


def overrides_of(session: Session, masters: Sequence[Meeting]) -> dict[int, dict[dt.datetime, Meeting]]:
    """The overrides of ``masters`` (one query), by master id and original start."""
    found: dict[int, dict[dt.datetime, Meeting]] = {master.id: {} for master in masters}  # type: ignore[misc]
    if masters:
        rows = session.exec(select(Meeting).where(col(Meeting.master_id).in_(found))).all()
        for row in rows:
            found[row.master_id][row.recurrence_id] = row  # type: ignore[index]
    return found


def expand(
    session: Session, master: Meeting, start: dt.datetime, end: dt.datetime,
    changed: dict[dt.datetime, Meeting] | None = None,
) -> list[Instance]:
    """The master's occurrences overlapping [start, end], overrides (``changed``, else
    read from the store) applied."""
    tz = zone(master)
    length = master.end - master.start
    changed = overrides(session, master) if changed is None else changed
    found: list[Instance] = []
    for original in original_starts(master, start, end):
        if original not in changed:
            found.append(
                Instance(master, master, original.astimezone(tz).date(), original,
                         original, original + length)
            )
    for original, row in changed.items():
        if row.end >= start and row.start <= end:
            found.append(Instance(row, master, original.astimezone(tz).date(), original,
                                  row.start, row.end))
    return found


def instances_between(
    session: Session,
    start: dt.datetime,
    end: dt.datetime,
    *,
    include_cancelled: bool = False,
    series_id: int | None = None,
) -> list[Instance]:
    """Every meeting and occurrence that ends at or after ``start`` and starts by ``end``.

    Three indexed queries whatever the store holds outside the window: the single meetings
    that start inside it (or up to the longest a meeting may last before it), the recurring
    masters begun by its end, and their overrides.
    """
    lone = select(Meeting).where(
        col(Meeting.master_id).is_(None), col(Meeting.rrule).is_(None),
        Meeting.start >= start - LONGEST, Meeting.start <= end, Meeting.end >= start)
    recurring = select(Meeting).where(
        col(Meeting.master_id).is_(None), col(Meeting.rrule).is_not(None), Meeting.start <= end)
    if series_id is not None:
        lone, recurring = (query.where(Meeting.series_id == series_id) for query in (lone, recurring))
    masters = session.exec(recurring).all()
    changed = overrides_of(session, masters)
    found = [single(meeting) for meeting in session.exec(lone).all()]
    for master in masters:
        found.extend(expand(session, master, start, end, changed[master.id]))  # type: ignore[index]
    if not include_cancelled:
        found = [item for item in found if not item.cancelled]
    return sorted(found, key=lambda item: (item.start, item.id))


def single(meeting: Meeting) -> Instance:
    """A non-recurring meeting (or a recurring master's first occurrence) as an Instance."""
    return Instance(meeting, None, None, None, meeting.start, meeting.end)


def last_day(start: dt.datetime, end: dt.datetime, tz: dt.tzinfo) -> dt.date:
    """The last day of an all-day span whose end is exclusive."""
    return (end.astimezone(tz) - dt.timedelta(days=1)).date()


def span_values(instance: Instance, tz: dt.tzinfo) -> tuple[str, str]:
    """JSON ``start`` and ``end``: date-times with offset, or first and last day when all-day."""
    if instance.meeting.all_day:
        return (instance.start.astimezone(tz).date().isoformat(),
                last_day(instance.start, instance.end, tz).isoformat())
    return iso_instant(instance.start, tz), iso_instant(instance.end, tz)
