"""Notices of a new time or place ("OBS! Ny tid och plats"), derived from the revision log.

A meeting or occurrence that has not yet passed gets a notice when

(a) its time or place differs from what people were first told: the state in which the
    first invitation for it was issued (found by that invitation's SEQUENCE: every change
    of time or place raises it, and the SEQUENCE revision closes its command), or, before
    any invitation, the state it was created in; or
(b) its time of day, length or place differ from the previous meeting of the same series
    (for a recurring meeting without a series, the previous occurrence).

A ``Notice`` holds ``kind`` (time, place, time_and_place), ``changes`` [{field, old, new}],
``basis`` (invitation, created, previous), ``since`` (when the change behind it was made) and
the two states compared; ``scheduler.text`` words it and makes its JSON record.
"""

import datetime as dt
from collections.abc import Collection, Hashable, Mapping, Sequence
from typing import Any, NamedTuple

from sqlalchemy import func
from sqlmodel import Session, col, select

from scheduler.clock import Clock, hhmm
from scheduler.deliveries import SpanLog, Tally, as_of, span_log, tallies
from scheduler.occurrences import Instance, expand, single, span_values
from scheduler.store.models import Invitation, Meeting, Revision, Status

Key = tuple[int, dt.date | None]


class Notice(NamedTuple):
    """A new time or place of ``new`` against ``was`` (the announced state or the previous meeting)."""

    kind: str
    changes: list[dict[str, Any]]
    basis: str
    since: dt.datetime
    new: Instance
    was: Instance


def key(instance: Instance) -> Key:
    """How ``text.render.timeline`` looks a notice up: the id a user types and the occurrence."""
    return (instance.id, instance.occurrence)


def notice_for(session: Session, clock: Clock, instance: Instance) -> Notice | None:
    """The notice of one meeting or occurrence, or None."""
    return notices_for(session, clock, [instance]).get(key(instance))


def may_have_notice(clock: Clock, instance: Instance, revised: Collection[int]) -> bool:
    """Whether ``notice_for`` can find a notice, from what is already loaded: only an
    instance that has not ended and is not cancelled has one; rule (a) needs a revision of
    the time or place of its row (``revised``: the ids of such rows), rule (b) a series.
    False spares a feed the queries of every other meeting."""
    return (instance.end >= clock.now and not instance.cancelled
            and (instance.meeting.id in revised or series_key(instance) is not None))


def notices_for(session: Session, clock: Clock, instances: Sequence[Instance],
                tallied: Mapping[Key, Tally] | None = None) -> dict[Key, Notice]:
    """The notices of ``instances``, keyed by ``key``, with a few queries however many they are.

    ``instances`` holds every instance of a window (as ``instances_between`` gives them),
    so each is compared with the one before it in its series; the first of a series in
    the list is compared with the one found in the store (an indexed query a series).
    ``tallied``: the instances' tallies when the caller has them, so they are not counted twice.
    """
    previous: dict[int, Instance | None] = {}
    last: dict[Hashable, Instance] = {}
    coming: list[Instance] = []
    for item in sorted(instances, key=lambda i: (i.start, i.id)):
        if item.cancelled:
            continue
        group = series_key(item)
        if group is not None:
            previous[id(item)] = last[group] if group in last else previous_instance(session, item)
            last[group] = item
        if item.end >= clock.now:
            coming.append(item)
    log = span_log(session, [*(i.meeting.id for i in coming),
                             *(p.meeting.id for p in previous.values() if p is not None)])
    announced = {id(i): announced_notice(session, clock, i, log=log, basis=basis)
                 for i, basis in zip(coming, baselines(session, coming), strict=True)}
    changed = [i for i in coming if announced[id(i)]]
    counted = [tallied[key(i)] for i in changed] if tallied is not None else tallies(session, changed)
    told = {key(t.instance) for t in counted
            if t.recipients > 0 and not t.untold}  # everyone was sent the version with the change
    found: dict[Key, Notice] = {}
    for item in coming:
        notice = None if key(item) in told else announced[id(item)]
        if notice is None and (earlier := previous.get(id(item))) is not None:
            notice = series_notice(clock, item, earlier, log)
        if notice is not None:
            found[key(item)] = notice
    return found


def upcoming_notices(session: Session, clock: Clock, instances: Sequence[Instance],
                     since: dt.datetime | None = None) -> list[tuple[Instance, Notice]]:
    """The flagged ones of ``instances`` in time order; with ``since``, those that arose then or later."""
    notices = notices_for(session, clock, instances)
    flagged = [(item, notices[key(item)]) for item in instances if key(item) in notices]
    if since is not None:
        flagged = [(item, notice) for item, notice in flagged
                   if notice.since >= since]
    return flagged


# (a) changed since announced ---------------------------------------------------------


def baselines(session: Session, instances: Sequence[Instance]) -> list[tuple[int, str]]:
    """For each of ``instances``, the revision id after which changes are news, and why:
    ``invitation`` (the first one issued for this meeting or occurrence, found by its
    SEQUENCE: the SEQUENCE revision closes the command that raised it) or ``created``.
    Two queries for all."""
    if not instances:
        return []
    issued: dict[int | None, list[tuple[dt.datetime | None, int]]] = {}
    for meeting_id, recurrence_id, sequence in session.exec(
            select(col(Invitation.meeting_id), col(Invitation.recurrence_id), func.min(col(Invitation.sequence)))
            .where(col(Invitation.meeting_id).in_([row for i in instances for row in (i.root.id, i.meeting.id)]))
            .group_by(col(Invitation.meeting_id), col(Invitation.recurrence_id))).all():
        issued.setdefault(meeting_id, []).append((recurrence_id, sequence))
    first = [min((sequence for row in {i.root.id, i.meeting.id} for recurrence_id, sequence in issued.get(row, [])
                  if i.recurrence_id is None or recurrence_id in (None, i.recurrence_id)), default=None)
             for i in instances]
    Closing = dict[tuple[int | None, str | None], int | None]
    closing: Closing = {(entity_id, new): top for entity_id, new, top in session.exec(
        select(col(Revision.entity_id), col(Revision.new), func.max(col(Revision.id)))
        .where(Revision.entity == "meeting", col(Revision.entity_id).in_([i.root.id for i in instances]),
               Revision.field == "sequence")
        .group_by(col(Revision.entity_id), col(Revision.new))).all()} if issued else {}
    return [(0, "created") if sequence is None else (closing.get((i.root.id, str(sequence))) or 0, "invitation")
            for i, sequence in zip(instances, first, strict=True)]


def told_notice(session: Session, clock: Clock, item: Instance, version: int | None) -> Notice | None:
    """The notice for recipients who last received ``version`` of ``item`` (None: nothing
    yet, so nothing is new to them but a change from the previous meeting of the series)."""
    if item.cancelled:
        return None
    notice = None if version is None else announced_notice(session, clock, item, basis=(version, "invitation"))
    if notice is None and series_key(item) is not None:
        previous = previous_instance(session, item)
        if previous is not None:
            notice = series_notice(clock, item, previous, span_log(session, [item.meeting.id, previous.meeting.id]))
    return notice


def announced_notice(session: Session, clock: Clock, item: Instance, *, basis: tuple[int, str],
                     log: SpanLog | None = None) -> Notice | None:
    """Rule (a): the instance now, against its state when first announced (``basis``, from
    ``baselines``) or at the revision some recipients last received."""
    row = item.meeting
    after, why = basis
    was, revisions = as_of(session, item, after, log)
    if not revisions:
        return None
    new_start, new_end = span_values(item, clock.tz)
    old_start, old_end = span_values(was, clock.tz)
    changes: list[dict[str, str | None]] = [{"field": field, "old": old, "new": new}
               for field, old, new in (("start", old_start, new_start), ("end", old_end, new_end))
               if old != new]
    if (was.meeting.location or None) != (row.location or None):
        changes.append({"field": "location", "old": was.meeting.location, "new": row.location})
    return notice(clock, item, was, why, changes, max(r.at for r in revisions))


# (b) differs from the previous meeting of the series ----------------------------------


def series_key(item: Instance) -> Hashable | None:
    """What "the same series" means: the series, else the recurring master, else nothing."""
    root = item.root
    if root.series_id is not None:
        return ("series", root.series_id)
    return ("master", root.id) if root.rrule else None


def previous_instance(session: Session, item: Instance) -> Instance | None:
    """The last meeting of the same series (occurrences included, cancelled ones not) that
    starts before ``item``."""
    root = item.root
    found: list[Instance] = []
    masters: Sequence[Meeting] = [root] if root.rrule else []
    if root.series_id is not None:
        lone = session.exec(select(Meeting).where(  # backwards along ix_meeting_series_start
            Meeting.series_id == root.series_id, col(Meeting.master_id).is_(None), col(Meeting.rrule).is_(None),
            Meeting.status != Status.CANCELLED, Meeting.start < item.start)
            .order_by(col(Meeting.start).desc()).limit(1)).first()
        found += [single(lone)] if lone else []
        # The recurring masters are few (ix_meeting_window): the series is sought among them,
        # not among the series' meetings.
        masters = [m for m in session.exec(select(Meeting).where(
            col(Meeting.master_id).is_(None), col(Meeting.rrule).is_not(None), Meeting.start < item.start)).all()
            if m.series_id == root.series_id and m.status != Status.CANCELLED]
    for master in masters:
        earlier = previous_occurrence(session, master, item.start)
        found += [earlier] if earlier else []
    return max(found, key=lambda i: i.start) if found else None


def previous_occurrence(session: Session, master: Meeting, before: dt.datetime) -> Instance | None:
    """The master's last occurrence that takes place and starts before ``before``."""
    reach = dt.timedelta(days=93)
    while True:
        low = before - reach
        earlier = [i for i in expand(session, master, low, before)
                   if i.start < before and not i.cancelled]
        if earlier:
            return max(earlier, key=lambda i: i.start)
        if low < master.start:
            return None
        reach *= 2


def series_notice(clock: Clock, item: Instance, previous: Instance, log: SpanLog) -> Notice | None:
    """Rule (b): time of day, length or place against the previous meeting of the series
    (``log`` holds both rows' time and place revisions)."""
    tz = clock.tz
    changes = []
    if not (item.meeting.all_day or previous.meeting.all_day):
        for field in ("start", "end"):
            old, new = (hhmm(getattr(i, field).astimezone(tz)) for i in (previous, item))
            if old != new:
                changes.append({"field": field, "old": old, "new": new})
    old_place, new_place = previous.meeting.location, item.meeting.location
    if old_place and new_place and old_place != new_place:
        changes.append({"field": "location", "old": old_place, "new": new_place})
    if not changes:
        return None
    return notice(clock, item, previous, "previous", changes,
                  max(last_change(i.meeting, log) for i in (item, previous)))


def last_change(row: Meeting, log: SpanLog) -> dt.datetime:
    """When the row got its present time and place: created, or its last such revision."""
    return max([row.created_at, *(r.at for r in log.get(row.id, []))])  # type: ignore[arg-type]


def notice(clock: Clock, item: Instance, was: Instance, basis: str,
           changes: list[dict[str, Any]], since: dt.datetime) -> Notice | None:
    if not changes:
        return None
    fields = {change["field"] for change in changes}
    timed, placed = bool(fields & {"start", "end"}), "location" in fields
    kind = "time_and_place" if timed and placed else "time" if timed else "place"
    return Notice(kind=kind, changes=changes, basis=basis, since=since, new=item, was=was)
