"""``week`` and ``month``: calendar grids in the terminal."""

from __future__ import annotations

import os
import shutil
import sys
from typing import Any

import click

from scheduler.cli.common import WORD, State, emit, json_option, pass_state
from scheduler.cli.language import command
from scheduler.cli.meeting import occurrence_day


def view_day(state: State, text: str | None) -> Any:
    """The day DATE names, else today."""
    return occurrence_day(state, text) or state.clock.today


def grid_width() -> tuple[int, bool]:
    """The terminal's width and whether to highlight; piped output gets a wide grid."""
    tty = sys.stdout.isatty()
    if tty or os.environ.get("COLUMNS"):
        return shutil.get_terminal_size().columns, tty
    return 160, False


@command("week")
@click.argument("day", type=WORD, metavar="[DATE]", required=False)
@json_option
@pass_state
def week_command(state: State, day: str | None, as_json: bool) -> None:
    """A week as a calendar grid.

    The week of DATE (default today) as seven day columns: meetings with time and place,
    deadlines (!), holidays; today highlighted on a terminal.

    \b
    Example: scheduler week 2024-02-12
    """
    from scheduler.calendar_view import week
    from scheduler.text.calendar_grid import render_week, week_record

    clock = state.clock
    first = view_day(state, day)
    with state.session() as session:
        days = week(session, clock, first)
        record = week_record(session, days, clock)
    width, color = grid_width()
    emit(as_json, record, lambda: render_week(days, clock.tz, width=width, color=color))


@command("month")
@click.argument("day", type=WORD, metavar="[DATE]", required=False)
@json_option
@pass_state
def month_command(state: State, day: str | None, as_json: bool) -> None:
    """A month as a calendar grid.

    The month of DATE (default today), a row per week.

    \b
    Example: scheduler month 2024-02
    """
    from scheduler.calendar_view import month
    from scheduler.text.calendar_grid import render_month, week_record

    clock = state.clock
    first = view_day(state, day + "-01" if day and len(day) == 7 and day[4] == "-" else day)
    with state.session() as session:
        weeks = month(session, clock, first)
        record = week_record(session, [d for w in weeks for d in w if d.in_month], clock)
    width, color = grid_width()
    emit(as_json, record, lambda: render_month(weeks, clock.tz, width=width, color=color))
