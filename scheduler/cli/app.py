"""The root of the ``scheduler`` command line: the global options, the error boundary, and
the table of commands, each loaded from its own module only when it runs (or ``--help`` lists it).

Heavy libraries (sqlmodel, icalendar, dateutil) are imported inside the commands, so
``scheduler --help`` starts fast. Errors from the library (``SchedulerError``) become
``Error: ...`` and exit status 1 here, in ``App.invoke``, and nowhere else.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import sys
import warnings
from typing import Any

import click

from scheduler import __version__, limits
from scheduler.cli.common import TEXT, State
from scheduler.cli.language import Group, choose
from scheduler.text.i18n import _

# Every command: its name -> "module:function". To add a command, write it in a module of
# scheduler/cli/ (a click.command or click.group; parse, one library call, render) and add
# one line here. Subcommands of a group (``meeting add``) are added to that group instead.
COMMANDS = {
    "agenda": "scheduler.cli.attendance:agenda",
    "attend": "scheduler.cli.attendance:attend",
    "attendance": "scheduler.cli.attendance:attendance_command",
    "config": "scheduler.cli.config:config_group",
    "conflicts": "scheduler.cli.views:conflicts_command",
    "db": "scheduler.cli.db:db",
    "deadline": "scheduler.cli.deadline:deadline",
    "deadlines": "scheduler.cli.views:deadlines",
    "export": "scheduler.cli.feed:export",
    "extract": "scheduler.cli.extract:extract_command",
    "find-time": "scheduler.cli.findtime:find_time_command",
    "freebusy": "scheduler.cli.findtime:freebusy",
    "history": "scheduler.cli.history:history_command",
    "import": "scheduler.cli.feed:import_command",
    "invite": "scheduler.cli.invite:invite",
    "kallelse": "scheduler.cli.kallelse:kallelse_command",
    "load": "scheduler.cli.load:load",
    "meeting": "scheduler.cli.meeting:meeting",
    "month": "scheduler.cli.calendar:month_command",
    "notices": "scheduler.cli.views:notices",
    "pending": "scheduler.cli.pending:pending",
    "person": "scheduler.cli.person:person",
    "proposals": "scheduler.cli.replies:proposals",
    "publish": "scheduler.cli.publish:publish",
    "remind": "scheduler.cli.remind:remind",
    "reply": "scheduler.cli.replies:reply",
    "series": "scheduler.cli.series:series_group",
    "serve": "scheduler.cli.serve:serve",
    "token": "scheduler.cli.serve:token",
    "upcoming": "scheduler.cli.views:upcoming",
    "week": "scheduler.cli.calendar:week_command",
}


class LazyGroup(Group):
    """A group whose subcommands are imported on first use (click's documented LazyGroup)."""

    def __init__(self, *args: Any, lazy_subcommands: dict[str, str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lazy_subcommands = lazy_subcommands or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy_subcommands])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.lazy_subcommands:
            return super().get_command(ctx, cmd_name)
        module, name = self.lazy_subcommands[cmd_name].split(":")
        command = getattr(importlib.import_module(module), name)
        if not isinstance(command, click.Command):
            raise TypeError(f"{module}:{name} is not a click command")
        return guarded(command)


def guarded(command: click.Command) -> click.Command:
    """``command`` (and a group's subcommands) with every plain text parameter checked for
    control characters (``TEXT``) and every whole number kept within the store's integer
    range; options with a type of their own check more."""
    for param in command.params:
        if param.type is click.STRING:
            param.type = TEXT
        elif param.type is click.INT:
            param.type = click.IntRange(-limits.ID_MAX, limits.ID_MAX)
        elif isinstance(param.type, click.IntRange) and param.type.max is None:
            param.type = click.IntRange(param.type.min, limits.ID_MAX, min_open=param.type.min_open,
                                        clamp=param.type.clamp)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            guarded(sub)
    return command


class App(LazyGroup):
    """The top-level group: speaks the chosen language (before the arguments are read, so
    click's own messages do too), fits listings to the terminal, and turns core errors into
    ``Error: ...`` and warnings into ``Warning: ...``."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        from scheduler.errors import SchedulerError
        from scheduler.text.i18n import message_text
        from scheduler.text.table import fit_to, terminal_width

        try:
            choose(args)
        except SchedulerError as err:
            click.echo(_("Error: {message}").format(message=message_text(err)), err=True)
            raise click.exceptions.Exit(1) from err
        fit_to(terminal_width(sys.stdout))
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        from scheduler.errors import SchedulerError, SchedulerWarning
        from scheduler.text.i18n import message_text
        from scheduler.text.terminal import visible

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", SchedulerWarning)
            try:
                return super().invoke(ctx)
            except SchedulerError as err:
                _show_warnings(caught, SchedulerWarning)
                click.echo(_("Error: {message}").format(message=visible(message_text(err))), err=True)
                ctx.exit(1)
            finally:
                _show_warnings(caught, SchedulerWarning)


def _show_warnings(caught: list[warnings.WarningMessage], category: type) -> None:
    if not caught:
        return  # the wording (and all it imports) is loaded only when there is a warning to show
    from scheduler.text.terminal import visible
    from scheduler.text.wording import warning_text

    while caught:
        message = caught.pop(0)
        if issubclass(message.category, category):
            click.echo(_("Warning: {message}").format(message=visible(warning_text(message.message))), err=True)



@click.group(cls=App, lazy_subcommands=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="SCHEDULER_DB", metavar="PATH_OR_URL",
              help="SQLite file or SQLAlchemy URL (env SCHEDULER_DB; default "
                   "$XDG_DATA_HOME/scheduler/scheduler.db).")
@click.option("--today", envvar="SCHEDULER_TODAY", metavar="WHEN",
              help="The product's clock: a date means 00:00 that day (env SCHEDULER_TODAY).")
@click.option("--tz", "tz_name", default="Europe/Stockholm", show_default=True,
              help="Time zone for input and display.")
@click.option("--lang", metavar="LANG", envvar="SCHEDULER_LANG",
              help="Language of what you read: sv (default) or en (env SCHEDULER_LANG, else the "
                   "locale's LC_ALL, LC_MESSAGES or LANG). Invitations follow their series' or the store's language.")
@click.version_option(version=__version__, prog_name="scheduler", help="Show the version and exit.")
@click.pass_context
def main(ctx: click.Context, db: str | None, today: str | None, tz_name: str, lang: str | None) -> None:
    """Meetings, deadlines, invitations and notices for a cooperation's secretariat.

    \b
    Example:
      scheduler load data/sodertorn.toml
      scheduler --today 2023-12-15 upcoming --days 70
    """
    ctx.obj = State(db=db, today=today, tz_name=tz_name)


def run() -> None:
    """The process entry point (the ``scheduler`` script and ``python cli.py``): ``main``, with
    the cycle collector off, and at exit every object frozen out of it.

    A command is a batch whose objects (the modules and classes of SQLAlchemy and pydantic,
    the store's rows, a feed's events) live until it ends; reference counting frees what it
    drops. The collector's passes over them found little and cost ``notices`` 35 ms at
    Python's default (every 700 allocations), and 24 ms at every 50 000, where each pass
    walks more objects than fit in the processor's cache. Python's last collections at exit
    walk every object, which took a third of a listing's time; frozen, they go with the
    process. Files and the store are closed by then (each command closes what it opens);
    atexit handlers and the flushing of stdout and stderr still run. ``serve``, which lives
    on, turns the collector back on."""
    gc.disable()
    atexit.register(gc.freeze)
    main()
