"""``pending``: who has not been sent the current version of a coming meeting."""

from __future__ import annotations

import click

from scheduler.cli.common import State, emit, json_option, pass_state
from scheduler.cli.language import command


@command()
@click.option("--series", metavar="S", help="Only this series' meetings (name, key or id).")
@click.option("--person", "person_ident", metavar="P", help="Only where this person is untold.")
@json_option
@pass_state
def pending(state: State, series: str | None, person_ident: str | None, as_json: bool) -> None:
    """Participants who have not been sent the current version of a coming meeting or
    occurrence (within a year): what they last got, and what changed since.

    Only deliveries sent count: by --send, or files confirmed with 'invite ID --mark-sent'.

    \b
    Examples: scheduler pending
              scheduler pending --series Ledningsgrupp --json
              scheduler pending --person "Camilla Broo"
    """
    from scheduler.deliveries import pending as untold
    from scheduler.directory import find_person, find_series
    from scheduler.text.deliveries import pending_records, pending_text

    clock = state.clock
    with state.session() as session:
        chosen = find_series(session, series) if series else None
        who = find_person(session, person_ident) if person_ident else None
        found = untold(session, clock, series_id=chosen.id if chosen else None, person=who)
        records = pending_records(session, clock, found)
    emit(as_json, records, lambda: pending_text(records))
