"""``reply`` and ``proposals``: answers from attendees' calendars, and proposed new times."""

from typing import Any

import click

from scheduler.cli.language import command, group
from scheduler.text.i18n import _


@command("reply", help="""Read attendees' answers (iMIP REPLY or COUNTER) from their calendars.

FILE is an .ics or .eml file; --maildir and --mbox read a whole mail folder. Each REPLY sets
that attendee's answer for the meeting (by UID, RECURRENCE-ID and SEQUENCE); its comment
becomes their note, DELEGATED-TO adds the delegate. A COUNTER is listed by 'proposals'.
Reading the same answers again changes nothing.

\b
Example:
  scheduler reply Accepted-Ledningsgrupp.eml
  scheduler reply --maildir ~/Maildir/.Svar
""")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False), metavar="FILE...")
@click.option("--maildir", metavar="DIR", help="A Maildir folder of answers (other mail is skipped).")
@click.option("--mbox", metavar="FILE", help="An mbox file of answers (other mail is skipped).")
@click.option("--json", "as_json", is_flag=True, help="Print only JSON on stdout.")
@click.pass_obj
def reply(state: Any, files: tuple[str, ...], maildir: str | None, mbox: str | None, as_json: bool) -> None:
    from scheduler.errors import warn
    from scheduler.ical.imip_replies import open_maildir, open_mbox, read_files, read_mailbox
    from scheduler.replies import apply_answers
    from scheduler.text.records import to_json
    from scheduler.text.replies import outcome_line, outcome_record, outcome_warning, reply_summary

    if not (files or maildir or mbox):
        raise click.UsageError(_("Give reply files, --maildir DIR or --mbox FILE."))
    found = read_files(files)
    for box, where in ((open_maildir(maildir) if maildir else None, maildir),
                       (open_mbox(mbox) if mbox else None, mbox)):
        if box is not None:
            more = read_mailbox(box, str(where))
            found.answers.extend(more.answers)
            found.problems.extend(more.problems)
            found.skipped += more.skipped
    for source, problem in found.problems:
        warn("{source} could not be read: {problem}", source=source, problem=problem)
    with state.session() as session:
        outcomes = apply_answers(session, state.clock, found.answers)
        records = [outcome_record(outcome) for outcome in outcomes]
    for outcome in outcomes:
        message = outcome_warning(outcome)
        if message:
            warn(message)
    if as_json:
        click.echo(to_json(records))
        return
    for outcome in outcomes:
        if outcome.status in ("applied", "proposal"):
            click.echo(outcome_line(outcome))
    click.echo(reply_summary(outcomes, found.skipped))


@group("proposals", invoke_without_command=True, help="""New times proposed by attendees (COUNTER).

Without a subcommand: the open proposals. 'proposals accept PROPOSAL' moves the meeting to the
proposed time (as 'meeting edit' does; send the update with 'invite'); 'proposals decline PROPOSAL'
writes the DECLINECOUNTER for the proposer's calendar.

\b
Example:
  scheduler proposals
  scheduler proposals accept 3
  scheduler proposals decline 4 -o nej.ics
""")
@click.option("--all", "show_all", is_flag=True, help="Accepted and declined proposals too.")
@click.option("--json", "as_json", is_flag=True, help="Print only JSON on stdout.")
@click.pass_context
def proposals(ctx: click.Context, show_all: bool, as_json: bool) -> None:
    if ctx.invoked_subcommand is not None:
        return
    from scheduler.replies import proposals as open_proposals
    from scheduler.text.records import to_json
    from scheduler.text.replies import proposal_record, proposal_table

    state = ctx.obj
    with state.session() as session:
        rows = open_proposals(session, state=None if show_all else "open")
        tz = state.clock.tz
        click.echo(to_json([proposal_record(session, row, tz) for row in rows]) if as_json
                   else proposal_table(session, rows, tz))


@proposals.command("accept", help="""Move the meeting to the time a proposal asks for.

\b
Example:
  scheduler proposals accept 3 && scheduler invite 5 --send
""")
@click.argument("ident", type=int, metavar="PROPOSAL")
@click.option("--json", "as_json", is_flag=True, help="Print only JSON on stdout.")
@click.pass_obj
def accept(state: Any, ident: int, as_json: bool) -> None:
    from scheduler.replies import accept_proposal, find_proposal
    from scheduler.text.records import to_json
    from scheduler.text.replies import proposal_record

    with state.session() as session:
        row = find_proposal(session, ident)
        edited = accept_proposal(session, state.clock, row)
        record = proposal_record(session, row, state.clock.tz)
    click.echo(to_json(record) if as_json else _(
        "Meeting {meeting} moved to the proposed time ({changes} changes); send the update with "
        "'scheduler invite {meeting}'.").format(meeting=record["meeting"], changes=len(edited.changes)))


@proposals.command("decline", help="""Decline a proposal: write the DECLINECOUNTER for the proposer.

\b
Example:
  scheduler proposals decline 4 --comment "Tiden står fast." -o nej.ics
""")
@click.argument("ident", type=int, metavar="PROPOSAL")
@click.option("--comment", metavar="TEXT", help="A word to the proposer.")
@click.option("-o", "--output", metavar="FILE",
              help="Where to write it (default: declinecounter-PROPOSAL.ics; - is stdout).")
@click.pass_obj
def decline(state: Any, ident: int, comment: str | None, output: str | None) -> None:
    from scheduler.ical.imip_replies import decline_counter
    from scheduler.ical.invitations import write_output
    from scheduler.replies import decline_proposal, find_proposal

    target = output or f"declinecounter-{ident}.ics"
    with state.session() as session:
        row = find_proposal(session, ident)
        data = decline_counter(session, row, comment)
        if target == "-":
            click.open_file("-", "wb").write(data)
        else:
            write_output(target, data)
        decline_proposal(session, row)
    if target != "-":
        click.echo(_("Proposal {id} declined: {file} is the answer for the proposer's calendar.").format(
            id=ident, file=target))
