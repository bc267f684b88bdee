"""``kallelse``: the printable summons of a meeting (HTML, or PDF through headless Chromium)."""

from __future__ import annotations

import click

from scheduler.cli.common import TEXT, WORD, State, emit, json_option, pass_state
from scheduler.cli.language import command
from scheduler.cli.meeting import occurrence_day


@command("kallelse")
@click.argument("meeting_ident", type=WORD, metavar="MEETING")
@click.option("--occurrence", type=WORD, metavar="DATE", help="One occurrence of a recurring meeting, by its date.")
@click.option("-o", "--output", type=TEXT, metavar="FILE",
              help="Where to write (default kallelse-DATE-TITLE.html, or .pdf with --pdf); '-' is stdout.")
@click.option("--pdf", is_flag=True, help="Print to PDF with headless Chromium instead of writing HTML.")
@json_option
@pass_state
def kallelse_command(state: State, meeting_ident: str, occurrence: str | None, output: str | None,
                     pdf: bool, as_json: bool) -> None:
    """The printable summons of a meeting.

    An HTML page laid out for one A4 page, or with --pdf a PDF.

    A cancelled meeting gives the cancellation notice instead.

    \b
    Example: scheduler kallelse ledningsgrupp-2024-02-16 --pdf
    """
    from pathlib import Path

    from scheduler.clock import utcnow
    from scheduler.meetings import find_meeting
    from scheduler.occurrences import single
    from scheduler.recurrence import occurrence as occurrence_on
    from scheduler.text import kallelse

    clock = state.clock
    with state.session() as session:
        found = find_meeting(session, meeting_ident)
        day = occurrence_day(state, occurrence)
        instance = occurrence_on(session, found, day) if day else single(found)
        page = kallelse.summons(session, clock, instance)
        name = kallelse.default_name(found, instance, ".pdf" if pdf else ".html")
    html = kallelse.render(page, made=clock.local(utcnow()))
    if output == "-" and not pdf:
        click.echo(html, nl=False)
        return
    target = Path(output or name)
    if pdf:
        kallelse.print_pdf(html, target)
    else:
        from scheduler.ical.invitations import write_output

        write_output(str(target), html.encode())
    record = kallelse.written_record(found, page, target, pdf=pdf)
    emit(as_json, record, lambda: kallelse.written_text(record))

