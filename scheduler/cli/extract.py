"""``extract``: what minutes say, optionally applied to the store."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:


    pass

from scheduler.cli.common import State, emit, json_option, pass_state


@click.command("extract")
@click.argument("file", metavar="MINUTES.txt")
@click.option("--apply", "apply_found", is_flag=True,
              help="Write what was found to the store; applying twice adds nothing.")
@json_option
@pass_state
def extract_command(state: State, file: str, apply_found: bool, as_json: bool) -> None:
    """Meetings, deadlines, participants and notices found in minutes text (UTF-8).

    The minutes' Tid line dates them; --today does when it gives no year the text can
    tell, or when there is no Tid line. Sentences with a date that fit no pattern are
    listed under 'Ej placerat' (JSON: unplaced), not guessed.

    \b
    Examples:
      scheduler extract minnesanteckningar-2023-12-15.txt
      scheduler --today 2023-12-15 extract minnesanteckningar-2023-12-15.txt --apply
    """
    from pathlib import Path

    from scheduler.extract import apply_extraction, extract_file
    from scheduler.text.records import applied_record, extraction_record
    from scheduler.text.render import applied_text, extraction_text

    clock = state.clock
    found = extract_file(Path(file), tz=clock.tz, today=clock.today if state.today else None)
    record = extraction_record(found, clock.tz)
    if not apply_found:
        emit(as_json, record, lambda: extraction_text(found, clock.tz))
        return
    with state.session() as session:
        applied = apply_extraction(session, clock, found)
        record["added"] = applied_record(applied, clock.tz)
        emit(as_json, record, lambda: applied_text(applied, clock.tz, len(found.unplaced)))
