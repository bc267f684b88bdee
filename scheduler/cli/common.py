"""What every command shares: the global options as ``State`` (clock, one transaction a
command), ``--json`` and ``emit``, and reading a WHEN."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:

    from sqlmodel import Session

    from scheduler.clock import Clock


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
    from scheduler.text.records import to_json

    click.echo(to_json(data) if as_json else human())


def when_of(state: State, text: str) -> Any:
    from scheduler.timeparse import parse_when

    clock = state.clock
    return parse_when(text, tz=clock.tz, today=clock.today)
