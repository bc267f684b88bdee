"""``invite``: an invitation (or cancellation) to a file, .eml, SMTP or stdout."""

from __future__ import annotations

import click

from scheduler.cli.common import State, emit, json_option, pass_state, smtp_options
from scheduler.cli.language import command
from scheduler.text.i18n import _


@command()
@click.argument("ident", metavar="MEETING")
@click.option("-o", "--output", metavar="FILE",
              help="Where to write; '-' is stdout (default: e.g. 2024-02-16-ledningsgrupp.ics).")
@click.option("--occurrence", metavar="DATE",
              help="Only this occurrence of a recurring meeting (its original date).")
@click.option("--cancel", is_flag=True,
              help="Cancel the meeting (or occurrence) first, as 'meeting cancel' does.")
@click.option("--for", "for_person", metavar="PERSON",
              help="That person's own copy (same UID and SEQUENCE), e.g. with their link.")
@click.option("--eml", is_flag=True,
              help="Write the whole e-mail (iMIP: text, calendar and invite.ics) as an .eml file.")
@click.option("--send", is_flag=True,
              help="E-mail it to the attendees over SMTP; recorded only once the server took it.")
@smtp_options
@click.option("--dry-run", is_flag=True,
              help="Show what would be written or sent, to whom, and what would be recorded; "
                   "do nothing.")
@click.option("--mark-sent", is_flag=True,
              help="The files written earlier (with -o or --eml) were mailed by hand: record "
                   "them as sent.")
@json_option
@pass_state
def invite(state: State, ident: str, output: str | None, occurrence: str | None, cancel: bool,
           for_person: str | None, eml: bool, send: bool, smtp_host: str | None,
           smtp_port: int | None, smtp_user: str | None, starttls: bool, dry_run: bool,
           mark_sent: bool, as_json: bool) -> None:
    """Write the invitation (iTIP REQUEST, or CANCEL) for one meeting as an .ics file,
    as an e-mail (--eml), or send that e-mail (--send).

    A cancelled meeting gets its CANCEL; an external one an "add to calendar" file
    (PUBLISH). What leaves is recorded per recipient: a file as written, an e-mail the
    server accepted as sent; the calendar on stdout (-o -) and --dry-run record nothing.
    'meeting show' tells who last got what, 'pending' who is still untold.

    \b
    Examples:
      scheduler --today 2023-12-15 invite ledningsgrupp-2024-02-16
      scheduler invite 5 --eml -o ledningsgrupp.eml
      SCHEDULER_SMTP_PASSWORD=... scheduler invite 5 --send \\
        --smtp-host smtp.example.org --smtp-user helene
      scheduler invite 5 --dry-run
      scheduler invite 5 --mark-sent
    """
    import os

    from scheduler.directory import find_person
    from scheduler.errors import InputError
    from scheduler.ical.mail import Delivery, issue, smtp_settings
    from scheduler.meetings import find_meeting
    from scheduler.text.deliveries import dry_run_text, untold_note
    from scheduler.text.records import issued_record
    from scheduler.text.render import invitation_summary, sent_summary
    from scheduler.timeparse import parse_date

    if dry_run and (send or mark_sent):
        raise InputError("--dry-run shows what would happen and does nothing: leave out "
                           "--send and --mark-sent.")
    if mark_sent and (output or eml or cancel):
        raise InputError("--mark-sent records files written earlier as sent: leave out -o, "
                           "--eml and --cancel.")
    if mark_sent:
        return confirm_sent(state, ident, occurrence, for_person, as_json)
    if output == "-" and as_json and not dry_run:
        raise click.UsageError(_("-o - writes the calendar to stdout; --json needs -o FILE."))
    if send and (output or eml):
        raise click.UsageError(_("--send e-mails the invitation and writes no file: "
                               "leave out -o and --eml."))
    settings = smtp_settings(smtp_host, smtp_port, smtp_user,
                             os.environ.get("SCHEDULER_SMTP_PASSWORD"), starttls) if send else None
    clock = state.clock
    day = parse_date(occurrence, today=clock.today) if occurrence else None
    with state.session() as session:
        issued = issue(session, clock, find_meeting(session, ident), occurrence=day,
                       for_person=find_person(session, for_person) if for_person else None,
                       cancel=cancel, delivery=Delivery(settings, eml), output=output,
                       stdout=click.open_file("-", "wb"), dry_run=dry_run)
        record = issued_record(issued, settings)
    if dry_run:
        emit(as_json, record, lambda: dry_run_text(record))
    elif settings is not None:
        emit(as_json, record, lambda: "\n".join([sent_summary(record), *untold_note(record)]))
    elif issued.target != "-":
        emit(as_json, record,
             lambda: "\n".join([invitation_summary(record), *untold_note(record)]))
    elif issued.message.method == "PUBLISH":
        click.echo(invitation_summary(record), err=True)


def confirm_sent(state: State, ident: str, occurrence: str | None, for_person: str | None,
                 as_json: bool) -> None:
    """``invite --mark-sent``: the written deliveries of a meeting become sent."""
    from scheduler.deliveries import mark_sent
    from scheduler.directory import find_person
    from scheduler.meetings import find_meeting
    from scheduler.recurrence import occurrence_of
    from scheduler.text.deliveries import marked_record, marked_text
    from scheduler.timeparse import parse_date

    clock = state.clock
    with state.session() as session:
        found = find_meeting(session, ident)
        original = (occurrence_of(found, parse_date(occurrence, today=clock.today))
                    if occurrence else None)
        rows = mark_sent(session, found, recurrence_id=original,
                         person=find_person(session, for_person) if for_person else None)
        record = marked_record(session, found, rows)
    emit(as_json, record, lambda: marked_text(record))
