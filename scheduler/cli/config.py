"""``config``: the store's own settings (the default organizer, the recipients' language)."""

from __future__ import annotations

import click

from scheduler.cli.common import WORD, State, emit, json_option, pass_state
from scheduler.cli.language import group


@group("config")
def config_group() -> None:
    """The store's own settings: the default organizer, the recipients' language."""


@config_group.command("set")
@click.argument("key", type=WORD, metavar="KEY")
@click.argument("value", type=WORD, metavar="VALUE")
@json_option
@pass_state
def config_set(state: State, key: str, value: str, as_json: bool) -> None:
    """Set a setting of the store.

    KEY organizer: who organizes meetings outside a series (and in a series without one).

    KEY language: what recipients read (invitations, e-mails, the feed, the kallelse), sv or en,
    in every series without a language of its own (series edit --language).

    \b
    Example: scheduler config set organizer "Helene Olofsson"
    Example: scheduler config set language en
    """
    from scheduler.directory import find_person
    from scheduler.settings import set_setting, settings
    from scheduler.text.upkeep import settings_record, settings_text

    with state.session() as session:
        set_setting(session, key, find_person(session, value) if key == "organizer" else value)
        record = settings_record(settings(session))
    emit(as_json, record, lambda: settings_text(record))


@config_group.command("show")
@json_option
@pass_state
def config_show(state: State, as_json: bool) -> None:
    """Every setting of the store and its value.

    \b
    Example: scheduler config show
    """
    from scheduler.settings import settings
    from scheduler.text.upkeep import settings_record, settings_text

    with state.session() as session:
        record = settings_record(settings(session))
    emit(as_json, record, lambda: settings_text(record))
