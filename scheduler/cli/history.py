"""``history``: the latest changes to every record."""

from __future__ import annotations

import click

from scheduler.cli.common import State, emit, json_option, pass_state
from scheduler.cli.language import command


@command("history")
@click.option("--entity", type=click.Choice(["meeting", "deadline", "person", "series", "agendaitem",
                                             "participation", "setting"]),
              help="Only changes to this kind of record.")
@click.option("--id", "entity_id", type=int, metavar="N", help="With --entity: only this record.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, metavar="N",
              help="How many of the latest changes.")
@json_option
@pass_state
def history_command(state: State, entity: str | None, entity_id: int | None, limit: int, as_json: bool) -> None:
    """The latest changes to every record.

    When, what, old → new, why.

    \b
    Example: scheduler history --entity person
    """
    from scheduler.history import latest
    from scheduler.text.upkeep import history_records, history_text

    with state.session() as session:
        records = history_records(latest(session, entity=entity, entity_id=entity_id, limit=limit), state.clock)
    emit(as_json, records, lambda: history_text(records))
