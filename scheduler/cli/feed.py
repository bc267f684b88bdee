"""``export`` (the subscribable feed) and ``import`` (a calendar file)."""

from __future__ import annotations

import click

from scheduler.cli.common import TITLE, WORD, WORKING_DAYS, State, emit, json_option, pass_state, progress_bar
from scheduler.cli.language import command
from scheduler.cli.listing import Listing, listing_options
from scheduler.text.i18n import _


@command("export")
@click.option("-o", "--output", metavar="FILE",
              help="Where to write; '-' is stdout (default: scheduler.ics, or e.g. "
                   "ledningsgrupp.ics with --series).")
@listing_options(None)
@click.option("--remind", type=WORKING_DAYS, default=3, show_default=True,
              metavar="N", help="Deadline alarms at 09.00, N working days before the last day.")
@click.option("--name", type=TITLE, metavar="TEXT",
              help="The calendar's name (default: 'ORGANISATION – möten och frister', or "
                   "the series' name).")
@json_option
@pass_state
def export(state: State, output: str | None, listing: Listing, remind: int, name: str | None,
           as_json: bool) -> None:
    """Write the calendar feed to subscribe to: every meeting and every open deadline, or
    those in a window, of a series or of one person.

    METHOD:PUBLISH with the organizer but no attendees and no attendee's e-mail address;
    cancelled meetings stay in it marked INSTÄLLT; deadlines are all-day events with an
    alarm. Clients re-read it every hour.

    \b
    Examples:
      scheduler export -o /srv/www/kalender/sodertorn.ics
      scheduler --today 2023-12-15 export --series Ledningsgrupp --from 2024-01-01 -o -
    """
    from scheduler.ical.feed import export as export_feed
    from scheduler.text.records import feed_record
    from scheduler.text.render import feed_summary

    if output == "-" and as_json:
        raise click.UsageError(_("-o - writes the calendar to stdout; --json needs -o FILE."))
    with state.session() as session, progress_bar(output or "export") as progress:
        feed, target = export_feed(session, state.clock, selection=listing.select(state, session),
                                   remind=remind, name=name, output=output,
                                   stdout=click.open_file("-", "wb"), progress=progress)
    record = feed_record(feed, target)
    if target != "-":
        emit(as_json, record, lambda: feed_summary(record))


@command("import")
@click.argument("file", metavar="FILE.ics")
@click.option("--series", type=WORD, metavar="SERIES",
              help="Put new meetings in this series (its members, place and secretary).")
@click.option("--external/--ours", default=True, show_default=True,
              help="Organised by someone else (listed, not invited to), or by us.")
@json_option
@pass_state
def import_command(state: State, file: str, series: str | None, external: bool,
                   as_json: bool) -> None:
    """Import the meetings of an .ics file exported from Outlook, Google, Apple or Thunderbird.

    Each meeting keeps its event's UID: importing the same file again changes nothing, and
    a newer export updates the meetings (their history and notices show what changed).
    Tasks (VTODO) and journal entries (VJOURNAL) are skipped.

    An all-day event marked free (TRANSP:TRANSPARENT) is a deadline over its days; an
    all-day event marked busy is a meeting on that day. The product's own export reads back
    as it was: its meetings are ours (not external) with their approximate ends, its
    deadlines keep their window, phrase and kind.

    \b
    Examples: scheduler import kalender.ics
              scheduler import regionen.ics --series Ledningsgrupp --json
    """
    from pathlib import Path

    from scheduler.directory import find_series
    from scheduler.ical.importer import import_calendar
    from scheduler.text.render import import_summary

    with state.session() as session, progress_bar(Path(file).name) as progress:
        chosen = find_series(session, series) if series else None
        result = import_calendar(session, state.clock, Path(file), series=chosen,
                                 external=external, progress=progress)
    record = result.record()
    emit(as_json, record, lambda: import_summary(record))
