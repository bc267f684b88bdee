"""Changing recurring series: one occurrence, this and all later ones (a split), the whole
series, the holiday warnings for new dates, and ``apply_edit`` and ``apply_cancel``, which
send an edit or a cancellation to the whole meeting, one occurrence or (edits) a split.

An occurrence is addressed by its original local date. Changing or cancelling one writes
an override row (``master_id``, ``recurrence_id`` = the original start) that starts as a
copy of the master. The master's SEQUENCE is the one counter of a series: every change of
an occurrence raises it once, after the occurrence's own revisions, and the override takes
the new value (``notices`` reads the log in that order).
"""

import datetime as dt
import itertools
from typing import NamedTuple

from sqlmodel import Session, select

from scheduler import history
from scheduler.clock import Clock, utcnow
from scheduler.conflicts import warn_conflicts
from scheduler.errors import InputError, StateError
from scheduler.meetings import (
    SEQUENCE_FIELDS,
    Changes,
    MeetingEdit,
    apply_changes,
    cancel_meeting,
    carry,
    check_open,
    edit_meeting,
    follow_master,
    new_uid,
    raise_sequence,
    wanted_changes,
)
from scheduler.occurrences import (
    Instance,
    expand,
    master_rule,
    occurrence_start,
    overrides,
    zone,
)
from scheduler.rules import checked_rule, rule_parts, rule_text, warn_holiday, warn_holidays
from scheduler.store.models import Meeting, Participation, Person, Status
from scheduler.timeparse import end_on

# One occurrence ------------------------------------------------------------------------


def occurrence_of(master: Meeting, day: dt.date) -> dt.datetime:
    """The original start of the master's occurrence on local ``day``; InputError if none."""
    if not master.rrule:
        raise InputError("Meeting {id} '{title}' does not recur: leave out --occurrence and --from-occurrence.",
                         id=master.id, title=master.title)
    original = occurrence_start(master, day)
    if original is None:
        point = dt.datetime.combine(day, dt.time(), zone(master))
        rule = master_rule(master)
        near = [d.date().isoformat() for d in (rule.before(point), rule.after(point)) if d]
        if near:
            raise InputError("{day} is not an occurrence of meeting {id} '{title}' (the nearest: {near}): give "
                             "an original date from 'scheduler meeting list --expand'.",
                             day=day, id=master.id, title=master.title, near=", ".join(near))
        raise InputError("{day} is not an occurrence of meeting {id} '{title}': give an original date from "
                         "'scheduler meeting list --expand'.", day=day, id=master.id, title=master.title)
    return original


def check_series_open(master: Meeting) -> None:
    """StateError for a change of some occurrences of a series that is cancelled as a whole."""
    if master.status == Status.CANCELLED:
        raise StateError("Meeting {id} '{title}' is cancelled as a whole: reopen it first with 'scheduler meeting "
                         "edit {id} --reopen'.", id=master.id, title=master.title)


def override_row(session: Session, master: Meeting, original: dt.datetime) -> Meeting | None:
    query = select(Meeting).where(Meeting.master_id == master.id,
                                  Meeting.recurrence_id == original)
    return session.exec(query).first()


def occurrence(session: Session, master: Meeting, day: dt.date) -> Instance:
    """The occurrence whose original date is ``day``, as it now is."""
    original = occurrence_of(master, day)
    row = override_row(session, master, original)
    if row is not None:
        return Instance(row, master, day, original, row.start, row.end)
    return Instance(master, master, day, original, original,
                    original + (master.end - master.start))


def new_override(master: Meeting, original: dt.datetime) -> Meeting:
    """A copy of the master for the occurrence at ``original`` (not yet in the session)."""
    return Meeting(
        uid=f"{master.uid}#{original.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}", title=master.title,
        series_id=master.series_id, organizer_id=master.organizer_id, start=original,
        end=original + (master.end - master.start), all_day=master.all_day,
        end_approximate=master.end_approximate, tzid=master.tzid, location=master.location,
        online=master.online, description=master.description, status=master.status,
        sequence=master.sequence, external=master.external, master_id=master.id,
        recurrence_id=original, created_at=utcnow(),
    )


def check_free(session: Session, master: Meeting, original: dt.datetime, start: dt.datetime,
               end: dt.datetime) -> None:
    """InputError if [start, end) overlaps another occurrence of the series that takes place."""
    for other in expand(session, master, start, end):
        if other.recurrence_id != original and not other.cancelled \
                and other.start < end and other.end > start:
            tz = zone(master)
            raise InputError(
                "Moving the occurrence {original} to {start:%Y-%m-%d %H:%M} puts it on the occurrence {occurrence} "
                "({start2:%Y-%m-%d %H:%M}): choose another time, or cancel that occurrence first.",
                original=original.astimezone(tz).date(), start=start.astimezone(tz), occurrence=other.occurrence,
                start2=other.start.astimezone(tz)
            )


def change_occurrence(session: Session, master: Meeting, row: Meeting,
                      changes: dict[str, object], reason: str | None) -> Changes:
    """Apply ``changes`` to an occurrence's row (added if new), then raise the master once."""
    if row.id is None:
        session.add(row)
        session.flush()
    at = utcnow()
    done = apply_changes(session, row, changes, reason=reason, sequence=master.sequence + 1)
    if any(field in SEQUENCE_FIELDS for field, _, _ in done):
        raise_sequence(session, master, master.sequence + 1, reason=reason, at=at)
    return done


def edit_occurrence(
    session: Session,
    clock: Clock,
    master: Meeting,
    day: dt.date,
    edit: MeetingEdit,
) -> tuple[Instance, Changes]:
    """Move or change the occurrence originally on ``day``; returns it and the changes made."""
    check_series_open(master)
    original = occurrence_of(master, day)
    row = override_row(session, master, original) or new_override(master, original)
    check_open(row, edit.reopen)
    wanted = wanted_changes(clock, row, edit)
    changes = {field: value for field, value in wanted.items() if getattr(row, field) != value}
    if not changes:
        return occurrence(session, master, day), []
    new_start, new_end = changes.get("start", row.start), changes.get("end", row.end)
    assert isinstance(new_start, dt.datetime) and isinstance(new_end, dt.datetime)
    if "start" in changes or "end" in changes:
        check_free(session, master, original, new_start, new_end)
    tz = zone(master)
    if new_start.astimezone(tz).date() != row.start.astimezone(tz).date():
        warn_holiday(changes.get("title", row.title), new_start.astimezone(tz).date())  # type: ignore[arg-type]
    done = change_occurrence(session, master, row, changes, edit.reason)
    return occurrence(session, master, day), done


def cancel_occurrence(session: Session, master: Meeting, day: dt.date, *,
                      reason: str | None = None) -> Instance:
    """Cancel the occurrence originally on ``day`` (an override with status cancelled)."""
    check_series_open(master)
    original = occurrence_of(master, day)
    row = override_row(session, master, original) or new_override(master, original)
    if row.status == Status.CANCELLED:
        raise StateError("The occurrence {day} of meeting {id} '{title}' is already cancelled; 'scheduler invite' "
                         "writes its cancellation again if needed.", day=day, id=master.id, title=master.title)
    change_occurrence(session, master, row, {"status": Status.CANCELLED}, reason)
    return occurrence(session, master, day)


# The whole series, and this and all later occurrences ---------------------------------


def split_series(
    session: Session,
    clock: Clock,
    master: Meeting,
    day: dt.date,
    edit: MeetingEdit,
) -> tuple[Meeting, Changes]:
    """Change the occurrence on ``day`` and all later ones: the series ends (UNTIL, in UTC)
    just before it and a new series with the changes takes over, with the rest of a COUNT
    and the later overrides. Returns the series that now holds ``day``, and the changes."""
    reason = edit.reason
    check_series_open(master)
    tz = zone(master)
    first = master.start.astimezone(tz).date()
    if master.rrule and day < first:
        raise InputError("--from-occurrence {day} is before the first occurrence of meeting {id} '{title}' ({first}): "
                         "give a date from {first} on.", day=day, id=master.id, title=master.title, first=first)
    original = occurrence_of(master, day)
    if original == master.start:  # from the first occurrence: the whole series
        return master, follow_master(session, clock, master,
                                     wanted_changes(clock, master, edit), reason=reason)
    local = original.astimezone(tz)
    parts = rule_parts(master.rrule or "")
    earlier = sum(1 for _ in itertools.takewhile(lambda s: s < local, master_rule(master)))
    later = dict(parts)
    if "COUNT" in parts:
        later["COUNT"] = str(int(parts["COUNT"]) - earlier)
    heir = new_override(master, original)
    heir.uid, heir.master_id, heir.recurrence_id = new_uid(), None, None
    heir.sequence, heir.rrule = 0, rule_text(later)
    changes = {field: value for field, value in wanted_changes(clock, heir, edit).items()
               if getattr(heir, field) != value}
    if not changes:
        return master, []
    moved_to = changes.get("start", heir.start)
    assert isinstance(moved_to, dt.datetime)
    checked_rule(heir.rrule, moved_to.astimezone(tz),
                 changes.get("end", heir.end) - moved_to)  # type: ignore[operator]
    parts.pop("COUNT", None)
    parts["UNTIL"] = f"{original.astimezone(dt.UTC) - dt.timedelta(seconds=1):%Y%m%dT%H%M%SZ}"
    apply_changes(session, master, {"rrule": rule_text(parts)}, reason=reason)
    session.add(heir)
    session.flush()
    assert heir.id is not None
    history.record(session, "meeting", heir.id, "created", None,
                   f"{heir.title} {local.isoformat()}", reason=reason)
    history.record(session, "meeting", heir.id, "split_from", None, f"{master.id} {day}",
                   reason=reason)
    history.record(session, "meeting", master.id, "split_to", None, f"{heir.id} {day}",
                   reason=reason)
    for taking_part in session.exec(select(Participation).where(Participation.meeting_id == master.id)):
        session.add(Participation(**{**taking_part.model_dump(exclude={"id"}), "meeting_id": heir.id,
                                     "agenda_item_id": None}))
    done = apply_changes(session, heir, changes, reason=reason)
    for row in overrides(session, master).values():
        if row.recurrence_id is not None and row.recurrence_id >= original:
            carry(session, row, master, heir, reason=reason, sequence=heir.sequence)
    if moved_to.astimezone(tz).date() != local.date():
        warn_holidays(heir, clock.now)
    return heir, done


# Any edit: the whole meeting, one occurrence, or this and all later ones --------------

CONFLICT_FIELDS = ("start", "end", "location", "status")  # changes that can make a conflict


class Edited(NamedTuple):
    """What ``apply_edit`` did: the meeting or series that now holds the change, the one
    occurrence if only one was changed, and the changes made."""

    meeting: Meeting
    occurrence: Instance | None
    changes: Changes


def edit_base(session: Session, clock: Clock, meeting: Meeting, day: dt.date | None, *,
              following: bool = False) -> dt.datetime:
    """The start a new end given as a time only refers to: that of the occurrence on ``day``
    (as it now is; its original start when ``following``), else the meeting's."""
    if day is not None and not following:
        return occurrence(session, meeting, day).start
    if day is not None and meeting.rrule and day >= clock.local(meeting.start).date():
        return occurrence_of(meeting, day)
    return meeting.start


def apply_edit(
    session: Session,
    clock: Clock,
    meeting: Meeting,
    edit: MeetingEdit,
    *,
    day: dt.date | None = None,
    following: bool = False,
    organizer: Person | None = None,
) -> Edited:
    """Change the whole meeting, only its occurrence originally on ``day``, or (with
    ``following``) that occurrence and all later ones; warn about conflicts when the
    time, place or status changed. ``organizer`` changes the whole meeting only."""
    if day is not None and organizer is not None:
        raise ValueError("the organizer is the whole series': give no day with it")
    if isinstance(edit.end, dt.time):
        start = edit.start or clock.local(edit_base(session, clock, meeting, day, following=following))
        edit = edit._replace(end=end_on(edit.end, start, clock.tz))
    shown = None
    target = meeting
    if day is None:
        changes = edit_meeting(session, clock, meeting, edit, organizer=organizer)
    elif following:
        target, changes = split_series(session, clock, meeting, day, edit)
    else:
        shown, changes = edit_occurrence(session, clock, meeting, day, edit)
    if any(field in CONFLICT_FIELDS for field, _, _ in changes):
        warn_conflicts(session, clock, shown.meeting if shown else target)
    return Edited(target, shown, changes)


def apply_cancel(session: Session, meeting: Meeting, day: dt.date | None = None, *,
                 reason: str | None = None) -> Instance | None:
    """Cancel the whole meeting, or only its occurrence originally on ``day`` (returned)."""
    if day is None:
        cancel_meeting(session, meeting, reason=reason)
        return None
    return cancel_occurrence(session, meeting, day, reason=reason)
