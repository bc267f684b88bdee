"""The options every listing shares, declared once: --from, --to, --days (the window),
--series and --person. A command decorated with ``listing_options`` receives them as one
``Listing``, which becomes the library's ``Selection`` in the command's transaction."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

import click

from scheduler.cli.common import WORD, State, when_of
from scheduler.text.i18n import N_

if TYPE_CHECKING:
    from sqlmodel import Session

    from scheduler.selection import Selection


DAYS_HELP = N_("N days on from --from (or from today), or back from --to.")
HORIZON_HELP = N_("N days on from --from (or from today), or back from --to; default 30.")


class DayCount(click.ParamType):
    """A number of days of 1 or more (``--days``); anything else is an ``Error:``."""

    name = "N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from scheduler import validate

        text = value.strip() if isinstance(value, str) else value
        number = int(text) if isinstance(text, str) and re.fullmatch(r"-?[0-9]+", text) else text
        return validate.check(validate.DaysAhead, number, "--days")


class Listing(NamedTuple):
    """--from, --to, --days, --series and --person as given, and the listing's horizon."""

    start: str | None
    end: str | None
    days: int | None
    series: str | None
    person: str | None
    default_days: int | None

    def select(self, state: State, session: Session) -> Selection:
        """The library's selection: the window read in the clock's zone, the series and
        person found in the store (an unknown one is an error that says so)."""
        from scheduler.directory import find_person, find_series
        from scheduler.selection import select_window

        last = None
        if self.end:
            when = when_of(state, self.end)
            last = when.end or when.start
        return select_window(
            state.clock, start=when_of(state, self.start).start if self.start else None, end=last,
            days=self.days, default_days=self.default_days,
            series=find_series(session, self.series) if self.series else None,
            person=find_person(session, self.person) if self.person else None)


def listing_options(default_days: int | None, *, person_names: tuple[str, ...] = ("--person",),
                    filters: bool = True) -> Callable[[Callable], Callable]:
    """Add --from, --to, --days and (with ``filters``) --series and --person to a command,
    given to it as ``listing``. ``default_days``: the horizon without --from, --to or --days
    (None: everything); ``person_names``: the option's names (an older name kept too)."""
    window = [
        click.option("--from", "window_from", metavar="WHEN",
                     help="From WHEN (a date: 00.00 that day); without it, from now."),
        click.option("--to", "window_to", metavar="WHEN",
                     help="Until WHEN (a date: the end of that day)."),
        click.option("--days", type=DayCount(), metavar="N",
                     help=HORIZON_HELP if default_days else DAYS_HELP),
    ]
    chosen = [
        click.option("--series", type=WORD, metavar="SERIES",
                     help="Only this series' meetings and the deadlines tied to them "
                          "(name, key or id)."),
        click.option(*person_names, "person", type=WORD, metavar="PERSON",
                     help="Only this person's own meetings (taking part or organizing) and "
                          "the deadlines they own (name, e-mail or id)."),
    ] if filters else []

    def decorate(command: Callable) -> Callable:
        @functools.wraps(command)
        def wrapper(*args: Any, window_from: str | None, window_to: str | None, days: int | None,
                    series: str | None = None, person: str | None = None, **kwargs: Any) -> Any:
            given = Listing(window_from, window_to, days, series, person, default_days)
            return command(*args, listing=given, **kwargs)

        for option in reversed([*window, *chosen]):
            wrapper = option(wrapper)
        return wrapper

    return decorate
