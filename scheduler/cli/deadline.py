"""``deadline``: add, show, edit, done, reopen, delete, history."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from scheduler.cli.language import group
from scheduler.text.i18n import N_, _

if TYPE_CHECKING:

    from sqlmodel import Session

    from scheduler.clock import Clock

from scheduler.cli.common import NAME, NOTE, TITLE, WORD, WORKING_DAYS, State, emit, json_option, pass_state


@group()
def deadline() -> None:
    """Add, show, edit, finish and reopen deadlines."""


DUE_HELP = N_("A day (2024-02-14, '14 februari') or a window: 'början av februari 2024', "
              "'april 2024', 'vecka 12 2024', 'våren 2024', 'under 2025'.")
KIND_HELP = N_("referral, internal, answer, report, material, action or plan.")


def show_deadline(session: Session, clock: Clock, found: Any, as_json: bool) -> None:
    from scheduler.text.records import deadline_full_record
    from scheduler.text.render import deadline_detail

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
@click.argument("title", type=TITLE)
@click.option("--due", metavar="WHEN", help=DUE_HELP)
@click.option("--meeting", "meeting_ident", metavar="MEETING",
              help="Due on this meeting's day; follows the meeting when it moves.")
@click.option("--before-meeting", "before_ident", metavar="MEETING",
              help="Due --working-days N working days before this meeting; follows it.")
@click.option("--next", "next_series", metavar="SERIES",
              help="Due at the series' next meeting after today (bound now); follows it.")
@click.option("--working-days", type=WORKING_DAYS, metavar="N",
              help="Working days before the meeting (needed with --before-meeting).")
@click.option("--occurrence", metavar="DATE",
              help="For a recurring meeting: the original date of the occurrence.")
@click.option("--owner", metavar="PERSON", help="Who is responsible (name, e-mail or id).")
@click.option("--kind", default="action", show_default=True, help=KIND_HELP)
@click.option("--matter", type=NAME, metavar="TEXT", help="Groups the steps of one referral.")
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
    from scheduler.deadlines import NextMeeting, Tie, add
    from scheduler.directory import find_person, find_series
    from scheduler.meetings import find_meeting
    from scheduler.timeparse import parse_date

    if sum(x is not None for x in (due, meeting_ident, before_ident, next_series)) != 1:
        raise click.UsageError(_("Give one of --due, --meeting, --before-meeting or --next."))
    if before_ident and working_days is None:
        raise click.UsageError(_("--before-meeting needs --working-days N."))
    if due and working_days is not None:
        raise click.UsageError(_("--working-days counts back from a meeting: "
                               "leave it out with --due."))
    if occurrence and not (meeting_ident or before_ident):
        raise click.UsageError(_("--occurrence goes with --meeting or --before-meeting."))
    clock = state.clock
    with state.session() as session:
        target: str | Tie | NextMeeting
        if due is not None:
            target = due
        elif next_series:
            target = NextMeeting(find_series(session, next_series), working_days)
        else:
            target = Tie(find_meeting(session, meeting_ident or before_ident or ""),
                         parse_date(occurrence, today=clock.today) if occurrence else None,
                         working_days)
        created = add(session, clock, title, due=target,
                      owner=find_person(session, owner) if owner else None, kind=kind, matter=matter)
        show_deadline(session, clock, created, as_json)


@deadline.command("show")
@click.argument("ident", metavar="DEADLINE")
@json_option
@pass_state
def deadline_show(state: State, ident: str, as_json: bool) -> None:
    """Show one deadline: its window, days and working days left, owner and meeting.

    \b
    Example: scheduler --today 2023-12-15 deadline show 3
    """
    show_deadline_by_id(state, ident, as_json)


@deadline.command("edit")
@click.argument("ident", metavar="DEADLINE")
@click.option("--title", type=TITLE, help="New title.")
@click.option("--due", metavar="WHEN",
              help="A day (2024-02-14, '14 februari') or a window: 'början av februari 2024', "
                   "'april 2024', 'vecka 12 2024', 'våren 2024', 'under 2025'. A tied deadline "
                   "stops following its meeting.")
@click.option("--owner", metavar="PERSON", help="New owner; '' clears it.")
@click.option("--kind", help=KIND_HELP)
@click.option("--matter", type=NAME, metavar="TEXT", help="New matter; '' clears it.")
@click.option("--reason", type=NOTE, metavar="R", help="Why: kept in the history.")
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
    from scheduler.text.render import nothing_changed

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
@click.argument("ident", metavar="DEADLINE")
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
@click.argument("ident", metavar="DEADLINE")
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
@click.argument("ident", metavar="DEADLINE")
@json_option
@pass_state
def deadline_history(state: State, ident: str, as_json: bool) -> None:
    """Every change to a deadline: when, what, old → new, why (moves of its meeting too).

    \b
    Example: scheduler deadline history 5
    """
    from scheduler.deadlines import find_deadline
    from scheduler.history import revisions
    from scheduler.text.records import revision_records
    from scheduler.text.render import revision_lines

    with state.session() as session:
        rows = revisions(session, "deadline", find_deadline(session, ident).id)
        emit(as_json, revision_records(rows, state.clock),
             lambda: revision_lines(rows, state.clock))


@deadline.command("delete")
@click.argument("deadline_ident", type=WORD, metavar="DEADLINE")
@json_option
@pass_state
def deadline_delete(state: State, deadline_ident: str, as_json: bool) -> None:
    """Delete a deadline entered by mistake.

    A deadline that is met is marked done instead.

    \b
    Example: scheduler deadline delete 4
    """
    from scheduler.deadlines import find_deadline
    from scheduler.removal import delete_deadline
    from scheduler.text.upkeep import deleted_record, deleted_text

    with state.session() as session:
        found = find_deadline(session, deadline_ident)
        record = deleted_record("deadline", found)
        delete_deadline(session, found)
    emit(as_json, record, lambda: deleted_text(record))
