"""The lists of what is coming: ``upcoming``, ``deadlines``, ``notices`` and ``conflicts``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from scheduler.cli.language import command

if TYPE_CHECKING:


    pass

from scheduler.cli.common import DAYS, State, emit, json_option, pass_state


@command()
@click.option("--days", type=DAYS, default=30, show_default=True, metavar="N",
              help="How many days ahead, from today.")
@json_option
@pass_state
def upcoming(state: State, days: int, as_json: bool) -> None:
    """Meetings and deadlines from today on, one time line (overdue deadlines too).

    \b
    Example: scheduler --today 2023-12-15 upcoming --days 70
    """
    from scheduler.text.render import timeline
    from scheduler.timeline import coming

    clock = state.clock
    with state.session() as session:
        found = coming(session, clock, days)
        records, text = timeline(session, found.items, clock, found.notices, found.untold)
    emit(as_json, records, lambda: text)


@command()
@click.option("--days", type=DAYS, default=30, show_default=True, metavar="N",
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
    from scheduler.text.render import notice_listing
    from scheduler.timeline import flagged
    from scheduler.timeparse import parse_date

    clock = state.clock
    after = clock.day_start(parse_date(since, today=clock.today)) if since else None
    with state.session() as session:
        found = flagged(session, clock, days, since=after)
        records, text = notice_listing(session, found, clock, plain=form == "text")
    emit(as_json, records, lambda: text)


@command()
@click.option("--days", type=DAYS, metavar="N",
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
    from scheduler.text.render import deadline_listing

    with state.session() as session:
        found = open_deadlines(session, state.clock, days=days, include_done=include_done,
                               owner=find_person(session, owner) if owner else None,
                               matter=matter)
        records, text = deadline_listing(session, found, state.clock)
    emit(as_json, records, lambda: text)


@command("conflicts")
@click.option("--days", type=DAYS, default=30, show_default=True, metavar="N",
              help="How many days ahead, from today.")
@json_option
@pass_state
def conflicts_command(state: State, days: int, as_json: bool) -> None:
    """People and places booked twice at once, from today on.

    A person is busy only in their window, and not at all when absent.

    \b
    Example: scheduler --today 2023-12-15 conflicts --days 90
    """
    from scheduler.conflicts import conflicts
    from scheduler.text.records import conflict_record
    from scheduler.text.render import conflict_line, table

    clock = state.clock
    with state.session() as session:
        found = conflicts(session, clock, days)
        emit(as_json, [conflict_record(c, clock.tz) for c in found],
             lambda: table([conflict_line(c, clock.tz) for c in found]) or "No conflicts.")
