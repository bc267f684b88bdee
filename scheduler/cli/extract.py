"""``extract``: what a document says (minutes, protokoll, kallelse, invitation), optionally applied."""

import click

from scheduler.cli.common import State, emit, json_option, pass_state
from scheduler.cli.language import command


@command("extract", help="""Meetings, deadlines, agenda and roles found in a document.

FILE is minnesanteckningar, a protokoll, a kallelse or an invitation e-mail, as .txt
(UTF-8), .docx, .pdf (with a text layer), .eml or .html. The 'Tid:' line dates it; --today
does when it gives no year the text can tell, or when there is no 'Tid:' line. Every sentence
with a date or a time that fits no pattern is listed under 'Ej placerat' (JSON: unplaced),
not guessed. --apply writes meetings, people, roles, the agenda and deadlines.

\b
Examples:
  scheduler extract minnesanteckningar-2023-12-15.txt
  scheduler extract kallelse-2024-03-19.docx --json
  scheduler --today 2023-12-15 extract minnesanteckningar-2023-12-15.txt --apply
""")
@click.argument("file", metavar="FILE")
@click.option("--apply", "apply_found", is_flag=True,
              help="Write what was found to the store; applying twice adds nothing.")
@json_option
@pass_state
def extract_command(state: State, file: str, apply_found: bool, as_json: bool) -> None:
    from pathlib import Path

    from scheduler.extract import apply_extraction, extract_file
    from scheduler.text.extraction import applied_text, extraction_text
    from scheduler.text.records import applied_record, extraction_record

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
