"""The ``scheduler`` command line: parse input, call the core in one transaction, print.

Heavy libraries (sqlmodel, icalendar, dateutil) are imported inside the commands, so
``scheduler --help`` starts fast. Errors from the core (``SchedulerError``) become
``Error: ...`` and exit status 1 here, in ``App.invoke``, and nowhere else.
"""

from __future__ import annotations

import contextlib
import sys
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    import datetime as dt

    from sqlmodel import Session

    from scheduler.clock import Clock


class App(click.Group):
    """The top-level group: turns core errors into ``Error: ...`` and warnings into ``Warning: ...``."""

    def invoke(self, ctx: click.Context) -> Any:
        from scheduler.errors import SchedulerError, SchedulerWarning

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", SchedulerWarning)
            try:
                return super().invoke(ctx)
            except SchedulerError as err:
                _show_warnings(caught, SchedulerWarning)
                click.echo(f"Error: {err}", err=True)
                ctx.exit(1)
            finally:
                _show_warnings(caught, SchedulerWarning)


def _show_warnings(caught: list[warnings.WarningMessage], category: type) -> None:
    while caught:
        message = caught.pop(0)
        if issubclass(message.category, category):
            click.echo(f"Warning: {message.message}", err=True)


@dataclass
class State:
    """The global options, turned into a clock and a store on first use."""

    db: str | None
    today: str | None
    tz_name: str

    @property
    def clock(self) -> Clock:
        from scheduler.clock import Clock, default_clock
        from scheduler.timeparse import get_zone, parse_today

        tz = get_zone(self.tz_name)
        if self.today:
            return Clock(now=parse_today(self.today, tz), tz=tz)
        return default_clock(tz.key)

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction for the command: committed on success, else nothing is kept."""
        from scheduler.store import open_engine, transaction

        engine = open_engine(self.db)
        try:
            with transaction(engine) as session:
                yield session
        finally:
            engine.dispose()


pass_state = click.make_pass_decorator(State)


def json_option(command: Callable) -> Callable:
    return click.option("--json", "as_json", is_flag=True,
                        help="Print only JSON on stdout.")(command)


def emit(as_json: bool, data: Any, human: Callable[[], str]) -> None:
    """Print ``data`` as JSON, or the human text (built only when needed)."""
    from scheduler.formatting import to_json

    click.echo(to_json(data) if as_json else human())


def when_of(state: State, text: str) -> Any:
    from scheduler.timeparse import parse_when

    clock = state.clock
    return parse_when(text, tz=clock.tz, today=clock.today)


@click.group(cls=App, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="SCHEDULER_DB", metavar="PATH_OR_URL",
              help="SQLite file or SQLAlchemy URL (env SCHEDULER_DB; default "
                   "$XDG_DATA_HOME/scheduler/scheduler.db).")
@click.option("--today", envvar="SCHEDULER_TODAY", metavar="WHEN",
              help="The product's clock: a date means 00:00 that day (env SCHEDULER_TODAY).")
@click.option("--tz", "tz_name", default="Europe/Stockholm", show_default=True,
              help="Time zone for input and display.")
@click.version_option(package_name="scheduler")
@click.pass_context
def main(ctx: click.Context, db: str | None, today: str | None, tz_name: str) -> None:
    """Meetings, deadlines, invitations and notices for a cooperation's secretariat.

    \b
    Example:
      scheduler load data/sodertorn.toml
      scheduler --today 2023-12-15 upcoming --days 70
    """
    ctx.obj = State(db=db, today=today, tz_name=tz_name)


# Loading ---------------------------------------------------------------------------------


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@json_option
@pass_state
def load(state: State, file: str, as_json: bool) -> None:
    """Load organisations, people, series, meetings and deadlines from a TOML file.

    Entries already in the store (by key) are left as they are, so loading twice
    changes nothing.

    \b
    Example: scheduler load data/sodertorn.toml
    """
    from pathlib import Path

    from scheduler.formatting import load_summary
    from scheduler.loader import load as load_file

    with state.session() as session:
        record = {"file": file, "added": dict(load_file(session, state.clock, Path(file)))}
    emit(as_json, record, lambda: load_summary(record))


# Meetings --------------------------------------------------------------------------------


@main.group()
def meeting() -> None:
    """Add, edit, cancel, show and list meetings."""


@meeting.command("add")
@click.argument("title")
@click.option("--start", required=True, metavar="WHEN",
              help="'2024-02-16 09:00', 'fredag 16 februari kl 9.00-11.30', or a date only.")
@click.option("--end", metavar="WHEN", help="End; a time only ('11.30') means the start's day.")
@click.option("--duration", metavar="D", help="Length instead of --end: 90m, 2h, 1h30m.")
@click.option("--location", metavar="L", help="Place.")
@click.option("--series", metavar="S", help="Series (name, key or id): its place, members, secretary.")
@click.option("--organizer", metavar="P", help="Organizer (default: the series' secretary).")
@click.option("--online", metavar="URL", help="Online meeting link.")
@click.option("--rrule", metavar="RULE", help="RFC 5545 rule, e.g. 'FREQ=MONTHLY;BYDAY=3FR;COUNT=6'.")
@click.option("--external", is_flag=True, help="Organised by someone else: listed, not invited to.")
@click.option("--approximate-end", "end_approximate", is_flag=True, help="The end is approximate (ca).")
@click.option("--description", metavar="TEXT", help="Free text for the invitation.")
@click.option("--tentative", is_flag=True, help="Status tentative instead of confirmed.")
@json_option
@pass_state
def meeting_add(state: State, title: str, start: str, end: str | None, duration: str | None,
                location: str | None, series: str | None, organizer: str | None,
                online: str | None, rrule: str | None, external: bool, end_approximate: bool,
                description: str | None, tentative: bool, as_json: bool) -> None:
    """Add a meeting and print it.

    \b
    Example:
      scheduler meeting add Ledningsgrupp --series Ledningsgrupp \\
        --start "fredag 16 februari 2024 kl 9.00" --end 11.30 --location "StorSthlms lokaler"
    """
    from scheduler import meetings
    from scheduler.conflicts import warn_conflicts
    from scheduler.directory import find_person, find_series
    from scheduler.timeparse import parse_duration, parse_end

    if end and duration:
        raise click.UsageError("Give --end or --duration, not both.")
    clock = state.clock
    when = when_of(state, start)
    stop = when.end
    if end:
        stop = parse_end(end, start=when.start, tz=clock.tz, today=clock.today)
    with state.session() as session:
        created = meetings.add_meeting(
            session, clock, title=title, start=when.start, end=stop,
            duration=parse_duration(duration) if duration else None, location=location,
            series=find_series(session, series) if series else None,
            organizer=find_person(session, organizer) if organizer else None,
            online=online, rrule=rrule, external=external, end_approximate=end_approximate,
            description=description, status="tentative" if tentative else "confirmed",
        )
        warn_conflicts(session, clock, created)
        show_meeting(session, clock, created, as_json)


def show_meeting(session: Session, clock: Clock, meeting: Any, as_json: bool,
                 instance: Any = None) -> None:
    """Print a meeting, or one occurrence of it (``instance``), with its notice."""
    from scheduler.formatting import (
        meeting_detail,
        meeting_record,
        notice_rows,
        received_records,
        received_rows,
    )
    from scheduler.invitations import last_received
    from scheduler.notices import notice_for
    from scheduler.occurrences import single

    instance = instance or single(meeting)
    notice = notice_for(session, clock, instance)
    received = received_records(last_received(session, meeting), clock)
    emit(as_json, {**meeting_record(session, instance, clock, notice), "received": received},
         lambda: meeting_detail(session, instance, clock,
                                extra=notice_rows(notice) + received_rows(received)))


def occurrence_day(state: State, text: str | None) -> Any:
    """The original date named by --occurrence or --from-occurrence."""
    from scheduler.timeparse import parse_date

    return parse_date(text, today=state.clock.today) if text else None


@meeting.command("edit")
@click.argument("ident", metavar="ID")
@click.option("--title")
@click.option("--start", metavar="WHEN", help="New start; alone it keeps the length.")
@click.option("--end", metavar="WHEN", help="New end; a time only means the start's day.")
@click.option("--location", metavar="L")
@click.option("--online", metavar="URL")
@click.option("--description", metavar="TEXT")
@click.option("--organizer", metavar="P", help="Who sends the invitations (a person with an e-mail).")
@click.option("--reason", metavar="R", help="Why: kept in the history.")
@click.option("--reopen", is_flag=True, help="Make a cancelled meeting happen again.")
@click.option("--occurrence", metavar="DATE",
              help="Change only the occurrence of a recurring meeting originally on DATE.")
@click.option("--from-occurrence", metavar="DATE",
              help="Change the occurrence on DATE and all later ones (splits the series).")
@json_option
@pass_state
def meeting_edit(state: State, ident: str, title: str | None, start: str | None, end: str | None,
                 location: str | None, online: str | None, description: str | None,
                 organizer: str | None, reason: str | None, reopen: bool,
                 occurrence: str | None, from_occurrence: str | None, as_json: bool) -> None:
    """Change a meeting; every change is kept in its history.

    \b
    Example: scheduler meeting edit 5 --start "2024-02-16 09:00" --end 11.30 \\
               --location "StorSthlms lokaler" --reason "Ny tid och plats"
    One occurrence of a series, addressed by its original date:
      scheduler meeting edit 7 --occurrence 2024-02-16 --start "2024-02-16 09:00" --end 11.30
    """
    from scheduler.directory import find_person
    from scheduler.formatting import nothing_changed, split_note
    from scheduler.meetings import MeetingEdit, find_meeting
    from scheduler.recurrence import apply_edit, edit_base
    from scheduler.timeparse import parse_end

    if occurrence and from_occurrence:
        raise click.UsageError("Give --occurrence or --from-occurrence, not both.")
    if (occurrence or from_occurrence) and organizer:
        raise click.UsageError("--organizer applies to the whole series: leave out the occurrence.")
    if from_occurrence and reopen:
        raise click.UsageError("--reopen applies to the whole meeting or one --occurrence.")
    clock = state.clock
    day = occurrence_day(state, occurrence or from_occurrence)
    with state.session() as session:
        found = find_meeting(session, ident)
        base = edit_base(session, clock, found, day, following=bool(from_occurrence))
        new_start = new_end = None
        if start:
            when = when_of(state, start)
            new_start, new_end = when.start, when.end
        if end:
            new_end = parse_end(end, start=new_start or clock.local(base), tz=clock.tz,
                                today=clock.today)
        edit = MeetingEdit(title=title, start=new_start, end=new_end, location=location,
                           online=online, description=description, reason=reason, reopen=reopen)
        edited = apply_edit(session, clock, found, edit, day=day, following=bool(from_occurrence),
                            organizer=find_person(session, organizer) if organizer else None)
        if edited.meeting is not found:
            click.echo(split_note(found, edited.meeting, day), err=True)
        if not edited.changes:
            click.echo(nothing_changed("meeting", found.id), err=True)
        show_meeting(session, clock, edited.meeting, as_json, edited.occurrence)


@meeting.command("cancel")
@click.argument("ident", metavar="ID")
@click.option("--occurrence", metavar="DATE",
              help="Cancel only the occurrence of a recurring meeting originally on DATE.")
@click.option("--reason", metavar="R", help="Why: kept in the history.")
@json_option
@pass_state
def meeting_cancel(state: State, ident: str, occurrence: str | None, reason: str | None,
                   as_json: bool) -> None:
    """Cancel a meeting (raises SEQUENCE; 'invite ID' then writes the CANCEL).

    \b
    Example: scheduler meeting cancel 5 --reason "Inställt på grund av sjukdom"
             scheduler meeting cancel 7 --occurrence 2024-03-15
    """
    from scheduler.meetings import find_meeting
    from scheduler.recurrence import apply_cancel

    day = occurrence_day(state, occurrence)
    with state.session() as session:
        found = find_meeting(session, ident)
        shown = apply_cancel(session, found, day, reason=reason)
        show_meeting(session, state.clock, found, as_json, shown)


@meeting.command("show")
@click.argument("ident", metavar="ID")
@click.option("--occurrence", metavar="DATE", help="One occurrence, by its original date.")
@json_option
@pass_state
def meeting_show(state: State, ident: str, occurrence: str | None, as_json: bool) -> None:
    """Show one meeting (or one occurrence), with its notice of a new time or place.

    \b
    Example: scheduler meeting show 5
    """
    from scheduler.meetings import find_meeting
    from scheduler.recurrence import occurrence as occurrence_of

    day = occurrence_day(state, occurrence)
    with state.session() as session:
        found = find_meeting(session, ident)
        shown = occurrence_of(session, found, day) if day else None
        show_meeting(session, state.clock, found, as_json, shown)


@meeting.command("list")
@click.option("--expand", is_flag=True,
              help="Every meeting and occurrence in a window (cancelled ones left out).")
@click.option("--from", "window_from", metavar="WHEN", help="With --expand: from (default now).")
@click.option("--to", "window_to", metavar="WHEN",
              help="With --expand: until; a date means its end (default a year on).")
@click.option("--cancelled", is_flag=True, help="With --expand: cancelled ones too.")
@json_option
@pass_state
def meeting_list(state: State, expand: bool, window_from: str | None, window_to: str | None,
                 cancelled: bool, as_json: bool) -> None:
    """List every meeting, cancelled ones included; --expand lists occurrences.

    \b
    Example: scheduler meeting list --json
             scheduler meeting list --expand --from 2024-01-01 --to 2024-06-30
    """
    from scheduler.formatting import meeting_line, meeting_record, table
    from scheduler.meetings import meetings
    from scheduler.occurrences import instances_between, single

    if (window_from or window_to or cancelled) and not expand:
        raise click.UsageError("--from, --to and --cancelled go with --expand.")
    clock = state.clock
    with state.session() as session:
        if expand:
            first, last = window_of_days(state, window_from, window_to)
            items = instances_between(session, first, last, include_cancelled=cancelled)
        else:
            items = [single(m) for m in meetings(session)]
        emit(as_json, [meeting_record(session, item, clock) for item in items],
             lambda: table([meeting_line(item, clock) for item in items]) or "No meetings.")


def window_of_days(state: State, window_from: str | None, window_to: str | None) -> Any:
    """--from and --to as instants (a date: the start of that day, for --to its end);
    by default now and a year on."""
    import datetime as dt

    from scheduler.errors import InputError

    clock = state.clock
    first = clock.instant(when_of(state, window_from).start) if window_from else clock.now
    last = (clock.instant(when_of(state, window_to).start, end=True) if window_to
            else first + dt.timedelta(days=365))
    if last < first:
        raise InputError(f"--to {window_to} is before --from {window_from or 'now'}: swap them.")
    return first, last


@meeting.command("history")
@click.argument("ident", metavar="ID")
@json_option
@pass_state
def meeting_history(state: State, ident: str, as_json: bool) -> None:
    """Every change to a meeting and its occurrences: when, what, old → new, why.

    \b
    Example: scheduler meeting history 5
    """
    from scheduler.formatting import revision_lines, revision_records
    from scheduler.history import meeting_revisions
    from scheduler.meetings import find_meeting

    with state.session() as session:
        found = find_meeting(session, ident)
        rows, days = meeting_revisions(session, found)
        emit(as_json, revision_records(rows, state.clock, days),
             lambda: revision_lines(rows, state.clock, days))


# People ----------------------------------------------------------------------------------


@main.group()
def person() -> None:
    """Add and list people."""


@person.command("add")
@click.argument("name")
@click.option("--email", metavar="E")
@click.option("--org", metavar="O", help="Organisation, created if new.")
@json_option
@pass_state
def person_add(state: State, name: str, email: str | None, org: str | None, as_json: bool) -> None:
    """Add a person.

    \b
    Example: scheduler person add "Camilla Broo" --email camilla.broo@huddinge.example --org Huddinge
    """
    from scheduler.directory import add_person
    from scheduler.formatting import person_added, person_record

    with state.session() as session:
        created = add_person(session, name, email=email, org=org)
        record = person_record(session, created)
    emit(as_json, record, lambda: person_added(record))


@person.command("list")
@json_option
@pass_state
def person_list(state: State, as_json: bool) -> None:
    """List people.

    \b
    Example: scheduler person list
    """
    from scheduler.directory import people
    from scheduler.formatting import person_line, person_record, table

    with state.session() as session:
        records = [person_record(session, p) for p in people(session)]
    emit(as_json, records, lambda: table([person_line(r) for r in records]) or "No people.")


# Attendance ------------------------------------------------------------------------------


def window_of(window_from: str | None, window_to: str | None) -> tuple[dt.time, dt.time] | None:
    """``--from``/``--to`` as a pair of times, or None when neither is given."""
    from scheduler.timeparse import parse_time_of_day

    if (window_from is None) != (window_to is None):
        raise click.UsageError("Give both --from and --to, or neither.")
    if window_from is None or window_to is None:
        return None
    return parse_time_of_day(window_from), parse_time_of_day(window_to)


@main.command()
@click.argument("meeting_ident", metavar="MEETING")
@click.argument("person_ident", metavar="PERSON")
@click.option("--mode", type=click.Choice(["in-person", "digital", "absent"], case_sensitive=False))
@click.option("--from", "window_from", metavar="T", help="Joins from (a time inside the meeting).")
@click.option("--to", "window_to", metavar="T", help="Leaves at.")
@click.option("--role", metavar="R", help="chair, adjuster, secretary, participant, optional, guest "
                                          "(or ordförande, justerare, sekreterare, gäst).")
@click.option("--rsvp", type=click.Choice(["accepted", "declined", "tentative", "needs-action"],
                                          case_sensitive=False))
@click.option("--item", "item_number", type=click.IntRange(min=1), metavar="N",
              help="Ties the window to agenda item N (its times unless --from/--to are given).")
@click.option("--note", metavar="TEXT")
@click.option("--remove", is_flag=True, help="Take the person off the meeting (the next "
                                             "'invite' sends them a cancellation).")
@json_option
@pass_state
def attend(state: State, meeting_ident: str, person_ident: str, mode: str | None,
           window_from: str | None, window_to: str | None, role: str | None, rsvp: str | None,
           item_number: int | None, note: str | None, remove: bool, as_json: bool) -> None:
    """Set how one person takes part in a meeting (never duplicates).

    PERSON is an id, an e-mail or an unambiguous name; someone outside the series
    is added as a new participant (use --role gäst for a guest).

    \b
    Example: scheduler attend 1 "Emma Lennartsson" --mode digital --from 8.30 --to 9.30
             scheduler attend 5 "Anton Västberg" --role gäst --item 2
             scheduler attend 5 "Petra Oxonius" --remove
    """
    from scheduler import attendance
    from scheduler.conflicts import warn_conflicts
    from scheduler.directory import find_person
    from scheduler.formatting import (
        attendee_record,
        attendee_summary,
        removal_record,
        removal_summary,
    )
    from scheduler.meetings import find_meeting

    window = window_of(window_from, window_to)
    if remove and (mode or window or role or rsvp or item_number or note is not None):
        raise click.UsageError("--remove takes no other options.")
    clock = state.clock
    with state.session() as session:
        found = find_meeting(session, meeting_ident)
        who = find_person(session, person_ident)
        if remove:
            attendance.remove_participation(session, found, who)
            record = removal_record(found, who)
            emit(as_json, record, lambda: removal_summary(record))
            return
        attendance.attend(session, found, who, tz=clock.tz, mode=mode, role=role, rsvp=rsvp,
                          window=window, item_number=item_number, note=note)
        warn_conflicts(session, clock, found, who)
        [row] = attendance.attendees(session, found, who)
        emit(as_json, {"meeting_id": found.id, **attendee_record(row)},
             lambda: attendee_summary(row))


@main.group()
def agenda() -> None:
    """Add and list a meeting's numbered agenda items."""


@agenda.command("add")
@click.argument("meeting_ident", metavar="MEETING")
@click.argument("title")
@click.option("--from", "window_from", metavar="T", help="Starts at (a time inside the meeting).")
@click.option("--to", "window_to", metavar="T", help="Ends at.")
@click.option("--presenter", metavar="PERSON", help="Who presents it (id, e-mail or name).")
@json_option
@pass_state
def agenda_add(state: State, meeting_ident: str, title: str, window_from: str | None,
               window_to: str | None, presenter: str | None, as_json: bool) -> None:
    """Add an item at the end of a meeting's agenda.

    \b
    Example: scheduler agenda add 5 "Besök av Regionen" --from 9.00 --to 10.00 \\
               --presenter "Emma Lennartsson"
    """
    from scheduler.agenda import add_item
    from scheduler.directory import find_person
    from scheduler.formatting import agenda_line, agenda_record, table
    from scheduler.meetings import find_meeting

    window = window_of(window_from, window_to)
    with state.session() as session:
        found = find_meeting(session, meeting_ident)
        item = add_item(session, found, title, tz=state.clock.tz, window=window,
                        presenter=find_person(session, presenter) if presenter else None)
        record = agenda_record(session, item)
    emit(as_json, record, lambda: table([agenda_line(record)]))


@agenda.command("list")
@click.argument("meeting_ident", metavar="MEETING")
@json_option
@pass_state
def agenda_list(state: State, meeting_ident: str, as_json: bool) -> None:
    """A meeting's agenda, numbered.

    \b
    Example: scheduler agenda list 1
    """
    from scheduler.agenda import items
    from scheduler.formatting import agenda_line, agenda_record, table
    from scheduler.meetings import find_meeting

    with state.session() as session:
        records = [agenda_record(session, item)
                   for item in items(session, find_meeting(session, meeting_ident))]
    emit(as_json, records, lambda: table([agenda_line(r) for r in records]) or "No agenda yet.")


@main.command("attendance")
@click.argument("ident", metavar="ID")
@click.option("--format", "form", type=click.Choice(["text", "minutes"]), default="text",
              show_default=True, help="minutes: the participant block as the minutes write it.")
@json_option
@pass_state
def attendance_command(state: State, ident: str, form: str, as_json: bool) -> None:
    """Who attends how, head-counts, and counts per time slot.

    \b
    Example: scheduler attendance 1
             scheduler attendance 1 --format minutes
    """
    from scheduler.attendance import attendees, slots
    from scheduler.formatting import attendance_minutes, attendance_record, attendance_text
    from scheduler.meetings import find_meeting
    from scheduler.occurrences import single

    if as_json and form == "minutes":
        raise click.UsageError("Give --json or --format minutes, not both.")
    clock = state.clock
    with state.session() as session:
        instance = single(find_meeting(session, ident))
        people = attendees(session, instance.meeting)
        spans = slots(instance.meeting, people, clock.tz)
        if form == "minutes":
            click.echo(attendance_minutes(people))
            return
        emit(as_json, attendance_record(session, instance, people, spans, clock),
             lambda: attendance_text(instance, people, spans, clock))


@main.command("conflicts")
@click.option("--days", type=click.IntRange(min=0), default=30, show_default=True, metavar="N")
@json_option
@pass_state
def conflicts_command(state: State, days: int, as_json: bool) -> None:
    """People and places booked twice at once, from today on.

    A person is busy only in their window, and not at all when absent.

    \b
    Example: scheduler --today 2023-12-15 conflicts --days 90
    """
    from scheduler.conflicts import conflicts
    from scheduler.formatting import conflict_line, conflict_record, table

    clock = state.clock
    with state.session() as session:
        found = conflicts(session, clock, days)
        emit(as_json, [conflict_record(c, clock.tz) for c in found],
             lambda: table([conflict_line(c, clock.tz) for c in found]) or "No conflicts.")


# Deadlines -------------------------------------------------------------------------------


@main.group()
def deadline() -> None:
    """Add, show, edit, finish and reopen deadlines."""


DUE_HELP = ("A day (2024-02-14, '14 februari') or a window: 'början av februari 2024', "
            "'april 2024', 'vecka 12 2024', 'våren 2024', 'under 2025'.")
KIND_HELP = "referral, internal, answer, report, material, action or plan."


def show_deadline(session: Session, clock: Clock, found: Any, as_json: bool) -> None:
    from scheduler.formatting import deadline_detail, deadline_full_record

    emit(as_json, deadline_full_record(session, found, clock),
         lambda: deadline_detail(session, found, clock))


def show_deadline_by_id(state: State, ident: str, as_json: bool,
                        change: Callable[[Session, Any], Any] | None = None) -> None:
    """Find deadline ``ident``, apply ``change`` (mark done, reopen) if given, print it."""
    from scheduler.deadlines import find_deadline

    with state.session() as session:
        found = find_deadline(session, ident)
        show_deadline(session, state.clock, change(session, found) if change else found, as_json)


@deadline.command("add")
@click.argument("title")
@click.option("--due", metavar="WHEN", help=DUE_HELP)
@click.option("--meeting", "meeting_ident", metavar="ID",
              help="Due on this meeting's day; follows the meeting when it moves.")
@click.option("--before-meeting", "before_ident", metavar="ID",
              help="Due --working-days N working days before this meeting; follows it.")
@click.option("--next", "next_series", metavar="SERIES",
              help="Due at the series' next meeting after today (bound now); follows it.")
@click.option("--working-days", type=click.IntRange(min=0), metavar="N",
              help="Working days before the meeting (needed with --before-meeting).")
@click.option("--occurrence", metavar="DATE",
              help="For a recurring meeting: the original date of the occurrence.")
@click.option("--owner", metavar="P", help="Who is responsible (name, e-mail or id).")
@click.option("--kind", default="action", show_default=True, help=KIND_HELP)
@click.option("--matter", metavar="TEXT", help="Groups the steps of one referral.")
@json_option
@pass_state
def deadline_add(state: State, title: str, due: str | None, meeting_ident: str | None,
                 before_ident: str | None, next_series: str | None, working_days: int | None,
                 occurrence: str | None, owner: str | None, kind: str, matter: str | None,
                 as_json: bool) -> None:
    """Add a deadline due on a day, in a window, or at a meeting.

    \b
    Examples:
      scheduler deadline add "Remissvar klart" --due 2024-02-14 --kind referral
      scheduler deadline add "Förslag till text" --due "början av februari 2024"
      scheduler deadline add "Handlingar" --before-meeting 5 --working-days 3 --kind material
      scheduler deadline add "Underlag" --next Ledningsgrupp --owner "Helene Olofsson"
    """
    from scheduler.deadlines import add_deadline, tie_to_meeting, tie_to_next
    from scheduler.directory import find_person, find_series
    from scheduler.duewindow import parse_due
    from scheduler.meetings import find_meeting
    from scheduler.timeparse import parse_date

    if sum(x is not None for x in (due, meeting_ident, before_ident, next_series)) != 1:
        raise click.UsageError("Give one of --due, --meeting, --before-meeting or --next.")
    if before_ident and working_days is None:
        raise click.UsageError("--before-meeting needs --working-days N.")
    if due and working_days is not None:
        raise click.UsageError("--working-days counts back from a meeting: "
                               "leave it out with --due.")
    if occurrence and not (meeting_ident or before_ident):
        raise click.UsageError("--occurrence goes with --meeting or --before-meeting.")
    clock = state.clock
    with state.session() as session:
        window = tie = None
        if due is not None:
            window = parse_due(due, today=clock.today)
        elif next_series:
            tie = tie_to_next(session, clock, find_series(session, next_series),
                              working_days=working_days)
        else:
            tie = tie_to_meeting(
                session, find_meeting(session, meeting_ident or before_ident or ""),
                occurrence=parse_date(occurrence, today=clock.today) if occurrence else None,
                working_days=working_days)
        created = add_deadline(session, clock, title=title, window=window, tie=tie,
                               owner=find_person(session, owner) if owner else None, kind=kind,
                               matter=matter)
        show_deadline(session, clock, created, as_json)


@deadline.command("show")
@click.argument("ident", metavar="ID")
@json_option
@pass_state
def deadline_show(state: State, ident: str, as_json: bool) -> None:
    """Show one deadline: its window, days and working days left, owner and meeting.

    \b
    Example: scheduler --today 2023-12-15 deadline show 3
    """
    show_deadline_by_id(state, ident, as_json)


@deadline.command("edit")
@click.argument("ident", metavar="ID")
@click.option("--title")
@click.option("--due", metavar="WHEN",
              help=DUE_HELP + " A tied deadline stops following its meeting.")
@click.option("--owner", metavar="P", help="New owner; '' clears it.")
@click.option("--kind", help=KIND_HELP)
@click.option("--matter", metavar="TEXT", help="New matter; '' clears it.")
@click.option("--reason", metavar="R", help="Why: kept in the history.")
@json_option
@pass_state
def deadline_edit(state: State, ident: str, title: str | None, due: str | None, owner: str | None,
                  kind: str | None, matter: str | None, reason: str | None, as_json: bool) -> None:
    """Change a deadline; every change is kept in its history.

    \b
    Example: scheduler deadline edit 2 --due "mitten av februari 2024" --reason "Försenad remiss"
    """
    from scheduler.deadlines import edit_deadline, find_deadline
    from scheduler.duewindow import parse_due
    from scheduler.formatting import nothing_changed

    clock = state.clock
    with state.session() as session:
        found = find_deadline(session, ident)
        window = parse_due(due, today=clock.today) if due is not None else None
        changed = edit_deadline(session, clock, found, title=title, window=window, owner=owner,
                                kind=kind, matter=matter, reason=reason)
        if not changed:
            click.echo(nothing_changed("deadline", found.id), err=True)
        show_deadline(session, clock, found, as_json)


@deadline.command("done")
@click.argument("ident", metavar="ID")
@json_option
@pass_state
def deadline_done(state: State, ident: str, as_json: bool) -> None:
    """Mark a deadline done.

    \b
    Example: scheduler deadline done 3
    """
    from scheduler.deadlines import mark_done

    show_deadline_by_id(state, ident, as_json, mark_done)


@deadline.command("reopen")
@click.argument("ident", metavar="ID")
@json_option
@pass_state
def deadline_reopen(state: State, ident: str, as_json: bool) -> None:
    """Make a deadline marked done open again.

    \b
    Example: scheduler deadline reopen 3
    """
    from scheduler.deadlines import reopen

    show_deadline_by_id(state, ident, as_json, reopen)


@deadline.command("history")
@click.argument("ident", metavar="ID")
@json_option
@pass_state
def deadline_history(state: State, ident: str, as_json: bool) -> None:
    """Every change to a deadline: when, what, old → new, why (moves of its meeting too).

    \b
    Example: scheduler deadline history 5
    """
    from scheduler.deadlines import find_deadline
    from scheduler.formatting import revision_lines, revision_records
    from scheduler.history import revisions

    with state.session() as session:
        rows = revisions(session, "deadline", find_deadline(session, ident).id)
        emit(as_json, revision_records(rows, state.clock),
             lambda: revision_lines(rows, state.clock))


@main.command()
@click.option("--days", type=click.IntRange(min=0), metavar="N",
              help="Only those due within N days (and every overdue one).")
@click.option("--owner", metavar="P", help="Only this person's.")
@click.option("--matter", metavar="M", help="Only this matter's (any case).")
@click.option("--all", "include_done", is_flag=True, help="Done ones too (after the open ones).")
@json_option
@pass_state
def deadlines(state: State, days: int | None, owner: str | None, matter: str | None,
              include_done: bool, as_json: bool) -> None:
    """Open deadlines with days and working days left, overdue first, by last day.

    \b
    Example: scheduler --today 2023-12-15 deadlines --matter Inriktningsplaneringen
    """
    from scheduler.deadlines import open_deadlines
    from scheduler.directory import find_person
    from scheduler.formatting import deadline_listing

    with state.session() as session:
        found = open_deadlines(session, state.clock, days=days, include_done=include_done,
                               owner=find_person(session, owner) if owner else None,
                               matter=matter)
        records, text = deadline_listing(session, found, state.clock)
    emit(as_json, records, lambda: text)


# The time line ---------------------------------------------------------------------------


@main.command()
@click.option("--days", type=click.IntRange(min=0), default=30, show_default=True, metavar="N")
@json_option
@pass_state
def upcoming(state: State, days: int, as_json: bool) -> None:
    """Meetings and deadlines from today on, one time line (overdue deadlines too).

    \b
    Example: scheduler --today 2023-12-15 upcoming --days 70
    """
    from scheduler.formatting import timeline
    from scheduler.notices import notices_for
    from scheduler.occurrences import Instance
    from scheduler.timeline import upcoming as upcoming_items

    clock = state.clock
    with state.session() as session:
        items = upcoming_items(session, clock, days)
        flagged = notices_for(session, clock, [i for i in items if isinstance(i, Instance)])
        records, text = timeline(session, items, clock, flagged)
    emit(as_json, records, lambda: text)


# Notices ---------------------------------------------------------------------------------


@main.command()
@click.option("--days", type=click.IntRange(min=0), default=365, show_default=True, metavar="N",
              help="Meetings that start within N days.")
@click.option("--since", metavar="DATE", help="Only notices that arose on or after DATE.")
@click.option("--format", "form", type=click.Choice(["table", "text"]), default="table",
              show_default=True, help="text: one line a meeting, to paste into minutes.")
@json_option
@pass_state
def notices(state: State, days: int, since: str | None, form: str, as_json: bool) -> None:
    """Upcoming meetings whose time or place is new: changed since announced, or unlike
    the previous meeting of the series ("OBS! Ny tid och plats").

    \b
    Example: scheduler --today 2023-12-15 notices --format text
    """
    from scheduler.formatting import notice_listing
    from scheduler.notices import upcoming_notices
    from scheduler.occurrences import instances_between
    from scheduler.timeline import horizon
    from scheduler.timeparse import parse_date

    clock = state.clock
    after = clock.day_start(parse_date(since, today=clock.today)) if since else None
    with state.session() as session:
        items = instances_between(session, clock.now, horizon(clock, days))
        flagged = upcoming_notices(session, clock, items, since=after)
        records, text = notice_listing(session, flagged, clock, plain=form == "text")
    emit(as_json, records, lambda: text)


# Invitations -----------------------------------------------------------------------------


@main.command()
@click.argument("ident", metavar="ID")
@click.option("-o", "--output", metavar="FILE",
              help="Where to write; '-' is stdout (default: e.g. 2024-02-16-ledningsgrupp.ics).")
@click.option("--occurrence", metavar="DATE",
              help="Only this occurrence of a recurring meeting (its original date).")
@click.option("--cancel", is_flag=True,
              help="Cancel the meeting (or occurrence) first, as 'meeting cancel' does.")
@click.option("--for", "for_person", metavar="P",
              help="That person's own copy (same UID and SEQUENCE), e.g. with their link.")
@click.option("--eml", is_flag=True,
              help="Write the whole e-mail (iMIP: text, calendar and invite.ics) as an .eml file.")
@click.option("--send", is_flag=True,
              help="E-mail it to the attendees over SMTP; recorded only once the server took it.")
@click.option("--smtp-host", envvar="SCHEDULER_SMTP_HOST", metavar="H",
              help="SMTP server for --send (env SCHEDULER_SMTP_HOST).")
@click.option("--smtp-port", envvar="SCHEDULER_SMTP_PORT", type=click.IntRange(1, 65535),
              metavar="P", help="Its port (env SCHEDULER_SMTP_PORT; default 587, or 25 "
                                "with --no-starttls).")
@click.option("--smtp-user", envvar="SCHEDULER_SMTP_USER", metavar="U",
              help="Log in as U (env SCHEDULER_SMTP_USER); the password is read only from "
                   "env SCHEDULER_SMTP_PASSWORD.")
@click.option("--starttls/--no-starttls", envvar="SCHEDULER_SMTP_STARTTLS", default=True,
              show_default=True, help="Encrypt with STARTTLS (env SCHEDULER_SMTP_STARTTLS).")
@json_option
@pass_state
def invite(state: State, ident: str, output: str | None, occurrence: str | None, cancel: bool,
           for_person: str | None, eml: bool, send: bool, smtp_host: str | None,
           smtp_port: int | None, smtp_user: str | None, starttls: bool, as_json: bool) -> None:
    """Write the invitation (iTIP REQUEST, or CANCEL) for one meeting as an .ics file,
    as an e-mail (--eml), or send that e-mail (--send).

    A cancelled meeting gets its CANCEL; an external one an "add to calendar" file
    (PUBLISH). Every message is recorded: 'meeting show' tells who last got what.

    \b
    Examples:
      scheduler --today 2023-12-15 invite ledningsgrupp-2024-02-16
      scheduler invite 5 --eml -o ledningsgrupp.eml
      SCHEDULER_SMTP_PASSWORD=... scheduler invite 5 --send \\
        --smtp-host smtp.example.org --smtp-user helene
    """
    import os

    from scheduler.clock import utcnow
    from scheduler.directory import find_person
    from scheduler.formatting import invitation_record, invitation_summary, sent_summary
    from scheduler.invitations import build_invitation
    from scheduler.mail import Delivery, deliver, deliver_removals, smtp_settings
    from scheduler.meetings import find_meeting
    from scheduler.timeparse import parse_date

    if output == "-" and as_json:
        raise click.UsageError("-o - writes the calendar to stdout; --json needs -o FILE.")
    if send and (output or eml):
        raise click.UsageError("--send e-mails the invitation and writes no file: "
                               "leave out -o and --eml.")
    settings = smtp_settings(smtp_host, smtp_port, smtp_user,
                             os.environ.get("SCHEDULER_SMTP_PASSWORD"), starttls) if send else None
    clock = state.clock
    with state.session() as session:
        found = find_meeting(session, ident)
        day = parse_date(occurrence, today=clock.today) if occurrence else None
        person = find_person(session, for_person) if for_person else None
        message = build_invitation(session, clock, found, occurrence=day, for_person=person,
                                   cancel=cancel)
        now = utcnow()
        delivery = Delivery(settings, eml)
        target = None if settings else output or delivery.file_name(message)
        message = deliver(session, message, delivery, target, now=now,
                          stdout=click.get_binary_stream("stdout"))
        record = invitation_record(message, target)
        cancels = deliver_removals(session, clock, message, delivery, target, for_person=person,
                                   now=now)
        if cancels is not None:
            record["cancels"] = [invitation_record(sent, where) for sent, where in cancels]
    if settings is not None:
        record["smtp"] = settings.where
        emit(as_json, record, lambda: sent_summary(record))
    elif target != "-":
        emit(as_json, record, lambda: invitation_summary(record))
    elif message.method == "PUBLISH":
        click.echo(invitation_summary(record), err=True)


@meeting.group("doc")
def meeting_doc() -> None:
    """Documents (links) attached to a meeting."""


@meeting_doc.command("add")
@click.argument("ident", metavar="ID")
@click.argument("url")
@click.option("--title", metavar="T", help="What the document is, e.g. 'Verksamhetsplan 2024'.")
@json_option
@pass_state
def meeting_doc_add(state: State, ident: str, url: str, title: str | None, as_json: bool) -> None:
    """Attach a link: ATTACH in the invitation, listed in its text.

    \b
    Example: scheduler meeting doc add 5 https://sodertorn.example/vp-2024.pdf \\
               --title "Verksamhetsplan 2024"
    """
    from scheduler.formatting import document_record, document_summary
    from scheduler.invitations import add_document
    from scheduler.meetings import find_meeting

    with state.session() as session:
        document = add_document(session, find_meeting(session, ident), url, title)
        record = document_record(document)
    emit(as_json, record, lambda: document_summary(record))


# The feed --------------------------------------------------------------------------------


@main.command("export")
@click.option("-o", "--output", metavar="FILE",
              help="Where to write; '-' is stdout (default: scheduler.ics, or e.g. "
                   "ledningsgrupp.ics with --series).")
@click.option("--series", metavar="S",
              help="Only this series' meetings, and the deadlines tied to them.")
@click.option("--from", "start", metavar="WHEN",
              help="Only meetings that end at or after WHEN, and deadlines due on or after it.")
@click.option("--to", "end", metavar="WHEN",
              help="Only meetings that start by WHEN (a date: the end of that day), and "
                   "deadlines due by then.")
@click.option("--remind", type=click.IntRange(min=0), default=3, show_default=True,
              metavar="N", help="Deadline alarms at 09.00, N working days before the last day.")
@click.option("--name", metavar="TEXT",
              help="The calendar's name (default: 'ORGANISATION – möten och frister', or "
                   "the series' name).")
@json_option
@pass_state
def export(state: State, output: str | None, series: str | None, start: str | None,
           end: str | None, remind: int, name: str | None, as_json: bool) -> None:
    """Write the calendar feed to subscribe to: every meeting and every open deadline.

    METHOD:PUBLISH with the organizer but no attendees and no attendee's e-mail address;
    cancelled meetings stay in it marked INSTÄLLT; deadlines are all-day events with an
    alarm. Clients re-read it every hour.

    \b
    Examples:
      scheduler export -o /srv/www/kalender/sodertorn.ics
      scheduler --today 2023-12-15 export --series Ledningsgrupp --from 2024-01-01 -o -
    """
    from scheduler.directory import find_series
    from scheduler.feed import build_feed, feed_file_name
    from scheduler.formatting import feed_record, feed_summary
    from scheduler.invitations import write_output

    if output == "-" and as_json:
        raise click.UsageError("-o - writes the calendar to stdout; --json needs -o FILE.")
    first = when_of(state, start).start if start else None
    last = None
    if end:
        when = when_of(state, end)
        last = when.end or when.start
    with state.session() as session:
        chosen = find_series(session, series) if series else None
        feed = build_feed(session, state.clock, series=chosen, start=first, end=last,
                          remind=remind, name=name)
        target = output or feed_file_name(chosen)
        if target == "-":
            click.get_binary_stream("stdout").write(feed.data)
        else:
            write_output(target, feed.data)
    record = feed_record(feed, target)
    if target != "-":
        emit(as_json, record, lambda: feed_summary(record))


# Import ----------------------------------------------------------------------------------


@main.command("import")
@click.argument("file", metavar="FILE.ics")
@click.option("--series", metavar="S",
              help="Put new meetings in this series (its members, place and secretary).")
@click.option("--external/--ours", default=True, show_default=True,
              help="Organised by someone else (listed, not invited to), or by us.")
@json_option
@pass_state
def import_command(state: State, file: str, series: str | None, external: bool,
                   as_json: bool) -> None:
    """Import the meetings of an .ics file exported from Outlook, Google, Apple or Thunderbird.

    Each meeting keeps its event's UID: importing the same file again changes nothing, and
    a newer export updates the meetings (their history and notices show what changed).
    Tasks (VTODO) and journal entries (VJOURNAL) are skipped.

    \b
    Examples: scheduler import kalender.ics
              scheduler import regionen.ics --series Ledningsgrupp --json
    """
    from pathlib import Path

    from scheduler.directory import find_series
    from scheduler.formatting import import_summary
    from scheduler.importer import import_calendar

    with state.session() as session:
        chosen = find_series(session, series) if series else None
        result = import_calendar(session, state.clock, Path(file), series=chosen,
                                 external=external)
    record = result.record()
    emit(as_json, record, lambda: import_summary(record))


# Extract ---------------------------------------------------------------------------------


@main.command("extract")
@click.argument("file", metavar="MINUTES.txt")
@click.option("--apply", "apply_found", is_flag=True,
              help="Write what was found to the store; applying twice adds nothing.")
@json_option
@pass_state
def extract_command(state: State, file: str, apply_found: bool, as_json: bool) -> None:
    """Meetings, deadlines, participants and notices found in minutes text (UTF-8).

    The minutes' Tid line dates them; --today does when it gives no year the text can
    tell, or when there is no Tid line. Sentences with a date that fit no pattern are
    listed under 'Ej placerat' (JSON: unplaced), not guessed.

    \b
    Examples:
      scheduler extract minnesanteckningar-2023-12-15.txt
      scheduler --today 2023-12-15 extract minnesanteckningar-2023-12-15.txt --apply
    """
    from pathlib import Path

    from scheduler.extract import apply_extraction, extract_file
    from scheduler.formatting import (
        applied_record,
        applied_text,
        extraction_record,
        extraction_text,
    )

    clock = state.clock
    found = extract_file(Path(file), tz=clock.tz, today=clock.today if state.today else None)
    record = extraction_record(found, clock.tz)
    if not apply_found:
        emit(as_json, record, lambda: extraction_text(found, clock.tz))
        return
    with state.session() as session:
        applied = apply_extraction(session, clock, found)
        record["added"] = applied_record(applied, clock.tz)
        emit(as_json, record, lambda: applied_text(applied, clock.tz, len(found.unplaced)))


def _register_loop_commands() -> None:
    """Replies, reminders, the web side and CalDAV publishing live in scheduler/cli/."""
    from scheduler.cli.replies import proposals, reply

    for command in (reply, proposals):
        main.add_command(command)


_register_loop_commands()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
