"""The coordinator's language on the command line, and help shown in it.

The language is chosen before click reads the arguments, so that click's own words
(``Usage:``, ``Error:``, "No such option") follow it: click translates them through
gettext's global domain, which is pointed at our ``click`` catalog. Help text stays
English in the code and is translated when shown (``Command``, ``Group``).
"""

import gettext
import os
from collections.abc import Sequence
from typing import Any

import click

from scheduler.text import i18n
from scheduler.text.helptext import translated
from scheduler.text.i18n import N_

OPTION = "--lang"
CLICK_DOMAIN = "click"


def given(args: Sequence[str]) -> str | None:
    """The value of ``--lang`` among the arguments, if any (up to a ``--``)."""
    for number, arg in enumerate(args):
        if arg == "--":
            break
        if arg == OPTION and number + 1 < len(args):
            return args[number + 1]
        if arg.startswith(OPTION + "="):
            return arg.split("=", 1)[1]
    return None


def choose(args: Sequence[str]) -> str:
    """Speak ``--lang``, else SCHEDULER_LANG or the locale (InputError for a language
    without catalog); click's own messages follow."""
    try:
        return i18n.set_language(given(args) or i18n.from_environment())
    finally:
        gettext.bindtextdomain(CLICK_DOMAIN, str(i18n.LOCALE_DIR))
        gettext.textdomain(CLICK_DOMAIN)
        os.environ["LANGUAGE"] = i18n.language()


class Translated:
    """A command's help attribute: English as set, read in the language in use."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return translated(obj.__dict__.get(self.name))

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self.name] = value


class Translating:
    """Help, summaries and option help in the language in use; summaries whole, never cut."""

    help = Translated()
    short_help = Translated()
    epilog = Translated()
    options_metavar = Translated()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", N_("[OPTIONS]"))
        super().__init__(*args, **kwargs)

    def get_short_help_str(self, limit: int = 45) -> str:
        return super().get_short_help_str(limit=1000)  # type: ignore[misc]

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = translated(N_("Show this message and exit."))
        return option

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        options = [p for p in self.get_params(ctx) if isinstance(p, click.Option)]  # type: ignore[attr-defined]
        english = [option.help for option in options]
        for option in options:
            option.help = translated(option.help)
        try:
            super().format_options(ctx, formatter)  # type: ignore[misc]
        finally:
            for option, text in zip(options, english, strict=True):
                option.help = text


class Command(Translating, click.Command):
    """A command whose help is shown in the language in use."""


class Group(Translating, click.Group):
    """A group whose help, and its commands' (``@group.command``), is shown in the language in use."""

    command_class = Command
    group_class = type
    subcommand_metavar = Translated()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", N_("COMMAND [ARGS]..."))
        super().__init__(*args, **kwargs)


def command(*args: Any, **kwargs: Any) -> Any:
    """``click.command`` for a ``Command``."""
    return click.command(*args, cls=Command, **kwargs)


def group(*args: Any, **kwargs: Any) -> Any:
    """``click.group`` for a ``Group``."""
    return click.group(*args, cls=Group, **kwargs)
