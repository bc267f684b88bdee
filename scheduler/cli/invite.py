"""``invite``: an invitation (or cancellation) to a file, .eml, SMTP or stdout."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from scheduler.cli.language import command

if TYPE_CHECKING:


    pass

from scheduler.cli.common import State, emit, json_option, pass_state, smtp_options


@command()
@click.argument("ident", metavar="ID")
@click.option("-o", "--output", metavar="FILE",
              help="Where to write; '-' is stdout (default: e.g. 2024-02-16-ledningsgrupp.ics).")
@click.option("--occurrence", metavar="DATE",
              help="Only this occurrence of a recurring meeting (its original date).")
@click.option("--cancel", is_flag=True,
              help="Cancel the meeting (or occurrence) first, as 'meeting cancel' does.")
@click.option("--for", "for_person", metavar="P",
              help="That person's own copy (same UID and SEQUENCE), e.g. with their link.")
@click.option("--eml", is_flag=True,
              help="Write the whole e-mail (iMIP: text, calendar and invite.ics) as an .eml file.")
@click.option("--send", is_flag=True,
              help="E-mail it to the attendees over SMTP; recorded only once the server took it.")
@smtp_options
@json_option
@pass_state
def invite(state: State, ident: str, output: str | None, occurrence: str | None, cancel: bool,
           for_person: str | None, eml: bool, send: bool, smtp_host: str | None,
           smtp_port: int | None, smtp_user: str | None, starttls: bool, as_json: bool) -> None:
    """Write the invitation (iTIP REQUEST, or CANCEL) for one meeting as an .ics file,
    as an e-mail (--eml), or send that e-mail (--send).

    A cancelled meeting gets its CANCEL; an external one an "add to calendar" file
    (PUBLISH). Every message is recorded: 'meeting show' tells who last got what.

    \b
    Examples:
      scheduler --today 2023-12-15 invite ledningsgrupp-2024-02-16
      scheduler invite 5 --eml -o ledningsgrupp.eml
      SCHEDULER_SMTP_PASSWORD=... scheduler invite 5 --send \\
        --smtp-host smtp.example.org --smtp-user helene
    """
    import os

    from scheduler.directory import find_person
    from scheduler.ical.mail import Delivery, issue, smtp_settings
    from scheduler.meetings import find_meeting
    from scheduler.text.records import issued_record
    from scheduler.text.render import invitation_summary, sent_summary
    from scheduler.timeparse import parse_date

    if output == "-" and as_json:
        raise click.UsageError("-o - writes the calendar to stdout; --json needs -o FILE.")
    if send and (output or eml):
        raise click.UsageError("--send e-mails the invitation and writes no file: "
                               "leave out -o and --eml.")
    settings = smtp_settings(smtp_host, smtp_port, smtp_user,
                             os.environ.get("SCHEDULER_SMTP_PASSWORD"), starttls) if send else None
    clock = state.clock
    day = parse_date(occurrence, today=clock.today) if occurrence else None
    with state.session() as session:
        issued = issue(session, clock, find_meeting(session, ident), occurrence=day,
                       for_person=find_person(session, for_person) if for_person else None,
                       cancel=cancel, delivery=Delivery(settings, eml), output=output,
                       stdout=click.open_file("-", "wb"))
        record = issued_record(issued, settings)
    if settings is not None:
        emit(as_json, record, lambda: sent_summary(record))
    elif issued.target != "-":
        emit(as_json, record, lambda: invitation_summary(record))
    elif issued.message.method == "PUBLISH":
        click.echo(invitation_summary(record), err=True)
