"""What every command shares: the global options as ``State`` (clock, one transaction a
command), ``--json`` and ``emit``, and reading a WHEN."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

import click

from scheduler import limits
from scheduler.text.i18n import _

if TYPE_CHECKING:

    from sqlmodel import Session

    from scheduler.clock import Clock


class State(NamedTuple):
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

PROGRESS_FROM = 200  # items: fewer are done before a bar would be worth drawing


@contextlib.contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A (done, total) callback that draws click's progress bar on stderr, only when stderr is a
    terminal and there are more than a few hundred items; piped, nothing is drawn."""
    bar: Any = None
    terminal: bool | None = None  # asked once, not for every item

    def update(done: int, total: int) -> None:
        nonlocal bar, terminal
        if bar is None:
            if total <= PROGRESS_FROM:
                return
            if terminal is None:
                terminal = sys.stderr.isatty()
            if not terminal:
                return
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


class Checked(click.ParamType):
    """A text option or argument checked by the validation layer as it is parsed: ``kind``
    names a type of ``scheduler.validate`` (Title, Name, Place, Link, Email, Description,
    Note, Word). A bad value is an ``Error:`` that names the option."""

    def __init__(self, kind: str, metavar: str = "TEXT"):
        self.kind, self.name = kind, metavar

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from scheduler import validate

        if not isinstance(value, str):
            return value
        what = (param.opts[0] if isinstance(param, click.Option) else (param.human_readable_name
                if param else self.name))
        return validate.check(getattr(validate, self.kind), value, what)


TITLE, NAME, PLACE = Checked("Title"), Checked("Name"), Checked("Place")
LINK, EMAIL = Checked("Link", "URL"), Checked("Email", "E")
DESCRIPTION, NOTE, WORD = Checked("Description"), Checked("Note"), Checked("Word")
TEXT = Checked("Text")  # any other text: no control characters but tab and line breaks
DAYS = click.IntRange(0, limits.DAYS_MAX)
WORKING_DAYS = click.IntRange(0, limits.WORKING_DAYS_MAX)


def json_option(command: Callable) -> Callable:
    return click.option("--json", "as_json", is_flag=True,
                        help="Print only JSON on stdout.")(command)


class Format(click.Choice):
    """``--format``: table or text; ``minutes`` (attendance's older name) is read as text."""

    def __init__(self) -> None:
        super().__init__(["table", "text"])

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return super().convert("text" if value == "minutes" else value, param, ctx)


def format_option(command: Callable) -> Callable:
    """``--format table|text``, the same in every command that has it; the command receives
    ``plain``: True for text."""
    return click.option("--format", "plain", type=Format(), default="table", show_default=True,
                        callback=lambda ctx, param, value: value == "text",
                        help="table: the view for the terminal, with headings; text: plain lines "
                             "to paste into minutes or a web page ('minutes' is another name "
                             "for it).")(command)


def plain_or_json(plain: bool, as_json: bool) -> bool:
    """``plain``, after checking that --format text and --json were not both given."""
    if plain and as_json:
        raise click.UsageError(_("Give --json or --format text, not both."))
    return plain


def emit(as_json: bool, data: Any, human: Callable[[], str]) -> None:
    """Print ``data`` as JSON, or the human text (built only when needed) with control
    characters made visible."""
    from scheduler.text.records import to_json
    from scheduler.text.terminal import visible

    click.echo(to_json(data) if as_json else visible(human()))


def when_of(state: State, text: str) -> Any:
    from scheduler.timeparse import parse_when

    clock = state.clock
    return parse_when(text, tz=clock.tz, today=clock.today)


def smtp_options(command: Callable) -> Callable:
    """The SMTP settings of ``invite --send``, with the same names and environment variables."""
    options = [
        click.option("--smtp-host", envvar="SCHEDULER_SMTP_HOST", metavar="H",
                     help="SMTP server for --send (env SCHEDULER_SMTP_HOST)."),
        click.option("--smtp-port", envvar="SCHEDULER_SMTP_PORT", type=click.IntRange(1, 65535), metavar="PORT",
                     help="Its port (env SCHEDULER_SMTP_PORT; default 587, or 25 with --no-starttls)."),
        click.option("--smtp-user", envvar="SCHEDULER_SMTP_USER", metavar="U",
                     help="Log in as U (env SCHEDULER_SMTP_USER); the password is read only from env "
                            "SCHEDULER_SMTP_PASSWORD."),
        click.option("--starttls/--no-starttls", envvar="SCHEDULER_SMTP_STARTTLS", default=True,
                     show_default=True, help="Encrypt with STARTTLS (env SCHEDULER_SMTP_STARTTLS)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command
