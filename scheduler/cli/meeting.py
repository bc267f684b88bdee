"""``meeting``: add, edit, cancel, delete, show, list, history, doc add and doc remove."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from scheduler.cli.language import group

if TYPE_CHECKING:

    from sqlmodel import Session

    from scheduler.clock import Clock

from scheduler.cli.common import (
    DESCRIPTION,
    LINK,
    NOTE,
    PLACE,
    TEXT,
    TITLE,
    WORD,
    State,
    emit,
    json_option,
    pass_state,
    when_of,
)
from scheduler.cli.listing import Listing, listing_options
from scheduler.text.i18n import _


@group()
def meeting() -> None:
    """Add, edit, cancel, show and list meetings."""


@meeting.command("add")
@click.argument("title", type=TITLE)
@click.option("--start", required=True, metavar="WHEN",
              help="'2024-02-16 09:00', 'fredag 16 februari kl 9.00-11.30', or a date only.")
@click.option("--end", metavar="WHEN", help="End; a time only ('11.30') means the start's day.")
@click.option("--duration", metavar="D", help="Length instead of --end: 90m, 2h, 1h30m.")
@click.option("--location", type=PLACE, metavar="L", help="Place.")
@click.option("--series", type=WORD, metavar="SERIES", help="Series (name, key or id): its place, members, secretary.")
@click.option("--organizer", type=WORD, metavar="PERSON", help="Organizer (default: the series' secretary).")
@click.option("--online", type=LINK, metavar="URL", help="Online meeting link.")
@click.option("--rrule", type=WORD, metavar="RULE", help="RFC 5545 rule, e.g. 'FREQ=MONTHLY;BYDAY=3FR;COUNT=6'.")
@click.option("--external", is_flag=True, help="Organised by someone else: listed, not invited to.")
@click.option("--approximate-end", "end_approximate", is_flag=True, help="The end is approximate (ca).")
@click.option("--description", type=DESCRIPTION, metavar="TEXT", help="Free text for the invitation.")
@click.option("--tentative", is_flag=True, help="Status tentative instead of confirmed.")
@json_option
@pass_state
def meeting_add(state: State, title: str, start: str, end: str | None, duration: str | None,
                location: str | None, series: str | None, organizer: str | None,
                online: str | None, rrule: str | None, external: bool, end_approximate: bool,
                description: str | None, tentative: bool, as_json: bool) -> None:
    """Add a meeting and print it.

    \b
    Example:
      scheduler meeting add Ledningsgrupp --series Ledningsgrupp \\
        --start "fredag 16 februari 2024 kl 9.00" --end 11.30 --location "StorSthlms lokaler"
    """
    from scheduler import meetings
    from scheduler.directory import find_person, find_series
    from scheduler.store.models import Status
    from scheduler.timeparse import parse_duration, parse_end

    if end and duration:
        raise click.UsageError(_("Give --end or --duration, not both."))
    clock = state.clock
    when = when_of(state, start)
    stop = when.end
    if end:
        stop = parse_end(end, start=when.start, tz=clock.tz, today=clock.today)
    with state.session() as session:
        created = meetings.add_meeting(
            session, clock, title=title, start=when.start, end=stop,
            duration=parse_duration(duration) if duration else None, location=location,
            series=find_series(session, series) if series else None,
            organizer=find_person(session, organizer) if organizer else None,
            online=online, rrule=rrule, external=external, end_approximate=end_approximate,
            description=description, status=Status.TENTATIVE if tentative else Status.CONFIRMED,
            check_conflicts=True,
        )
        show_meeting(session, clock, created, as_json)


def show_meeting(session: Session, clock: Clock, meeting: Any, as_json: bool,
                 instance: Any = None) -> None:
    """Print a meeting, or one occurrence of it (``instance``), with its notice."""
    from scheduler.meeting_view import meeting_view
    from scheduler.text.deliveries import occurrence_rows, untold_rows
    from scheduler.text.records import meeting_record, received_records
    from scheduler.text.render import meeting_detail, notice_rows, received_rows

    view = meeting_view(session, clock, meeting, instance)
    received = received_records(view.received, clock)
    record = {**meeting_record(session, view.instance, clock, view.notice),
              "recipients": view.tally.recipients, "untold": len(view.tally.untold),
              "received": received}
    emit(as_json, record,
         lambda: meeting_detail(session, view.instance, clock,
                                extra=occurrence_rows(record) + notice_rows(view.notice, clock.tz)
                                + received_rows(received) + untold_rows(record)))


def occurrence_day(state: State, text: str | None) -> Any:
    """The original date named by --occurrence or --from-occurrence."""
    from scheduler.timeparse import parse_date

    return parse_date(text, today=state.clock.today) if text else None


@meeting.command("edit")
@click.argument("ident", metavar="MEETING")
@click.option("--title", type=TITLE, help="New title.")
@click.option("--start", metavar="WHEN", help="New start; alone it keeps the length.")
@click.option("--end", metavar="WHEN", help="New end; a time only means the start's day.")
@click.option("--location", type=PLACE, metavar="L", help="New place.")
@click.option("--online", type=LINK, metavar="URL", help="New online meeting link.")
@click.option("--description", type=DESCRIPTION, metavar="TEXT", help="New free text for the invitation.")
@click.option("--organizer", type=WORD, metavar="PERSON", help="Who sends the invitations (a person with an e-mail).")
@click.option("--reason", type=NOTE, metavar="R", help="Why: kept in the history.")
@click.option("--reopen", is_flag=True, help="Make a cancelled meeting happen again.")
@click.option("--occurrence", metavar="DATE",
              help="Change only the occurrence of a recurring meeting originally on DATE.")
@click.option("--from-occurrence", metavar="DATE",
              help="Change the occurrence on DATE and all later ones (splits the series).")
@json_option
@pass_state
def meeting_edit(state: State, ident: str, title: str | None, start: str | None, end: str | None,
                 location: str | None, online: str | None, description: str | None,
                 organizer: str | None, reason: str | None, reopen: bool,
                 occurrence: str | None, from_occurrence: str | None, as_json: bool) -> None:
    """Change a meeting; every change is kept in its history.

    \b
    Example: scheduler meeting edit 5 --start "2024-02-16 09:00" --end 11.30 \\
               --location "StorSthlms lokaler" --reason "Ny tid och plats"
    One occurrence of a series, addressed by its original date:
      scheduler meeting edit 7 --occurrence 2024-02-16 --start "2024-02-16 09:00" --end 11.30
    """
    from scheduler.directory import find_person
    from scheduler.meetings import MeetingEdit, find_meeting
    from scheduler.recurrence import apply_edit
    from scheduler.text.render import nothing_changed, split_note
    from scheduler.timeparse import read_end

    if occurrence and from_occurrence:
        raise click.UsageError(_("Give --occurrence or --from-occurrence, not both."))
    if (occurrence or from_occurrence) and organizer:
        raise click.UsageError(_("--organizer applies to the whole series: leave out the occurrence."))
    if from_occurrence and reopen:
        raise click.UsageError(_("--reopen applies to the whole meeting or one --occurrence."))
    clock = state.clock
    day = occurrence_day(state, occurrence or from_occurrence)
    new_start = new_end = None
    if start:
        when = when_of(state, start)
        new_start, new_end = when.start, when.end
    if end:
        new_end = read_end(end, tz=clock.tz, today=clock.today)
    edit = MeetingEdit(title=title, start=new_start, end=new_end, location=location,
                       online=online, description=description, reason=reason, reopen=reopen)
    with state.session() as session:
        found = find_meeting(session, ident)
        edited = apply_edit(session, clock, found, edit, day=day, following=bool(from_occurrence),
                            organizer=find_person(session, organizer) if organizer else None)
        if edited.meeting is not found:
            click.echo(split_note(found, edited.meeting, day), err=True)
        if not edited.changes:
            click.echo(nothing_changed("meeting", found.id), err=True)
        show_meeting(session, clock, edited.meeting, as_json, edited.occurrence)


@meeting.command("cancel")
@click.argument("ident", metavar="MEETING")
@click.option("--occurrence", metavar="DATE",
              help="Cancel only the occurrence of a recurring meeting originally on DATE.")
@click.option("--reason", type=NOTE, metavar="R", help="Why: kept in the history.")
@json_option
@pass_state
def meeting_cancel(state: State, ident: str, occurrence: str | None, reason: str | None,
                   as_json: bool) -> None:
    """Cancel a meeting (raises SEQUENCE; 'invite MEETING' then writes the CANCEL).

    \b
    Example: scheduler meeting cancel 5 --reason "Inställt på grund av sjukdom"
             scheduler meeting cancel 7 --occurrence 2024-03-15
    """
    from scheduler.meetings import find_meeting
    from scheduler.recurrence import apply_cancel

    day = occurrence_day(state, occurrence)
    with state.session() as session:
        found = find_meeting(session, ident)
        shown = apply_cancel(session, found, day, reason=reason)
        show_meeting(session, state.clock, found, as_json, shown)


@meeting.command("show")
@click.argument("ident", metavar="MEETING")
@click.option("--occurrence", metavar="DATE", help="One occurrence, by its original date.")
@json_option
@pass_state
def meeting_show(state: State, ident: str, occurrence: str | None, as_json: bool) -> None:
    """Show one meeting (or one occurrence), with its notice of a new time or place,
    who last received it and how many have not been sent its latest version. The id of
    a changed occurrence shows that occurrence.

    \b
    Example: scheduler meeting show 5
    """
    from scheduler.meetings import find_meeting_or_occurrence
    from scheduler.recurrence import occurrence as occurrence_of

    day = occurrence_day(state, occurrence)
    with state.session() as session:
        found, own_day = find_meeting_or_occurrence(session, ident)
        day = day or own_day
        shown = occurrence_of(session, found, day) if day else None
        show_meeting(session, state.clock, found, as_json, shown)


@meeting.command("list")
@listing_options(None)
@click.option("--expand", is_flag=True,
              help="Each meeting and occurrence from now and a year on, instead of every "
                   "meeting once (as a window does).")
@click.option("--cancelled", is_flag=True,
              help="With a window or --expand: cancelled ones too.")
@json_option
@pass_state
def meeting_list(state: State, listing: Listing, expand: bool, cancelled: bool, as_json: bool) -> None:
    """List every meeting once, cancelled ones included; with a window (--from, --to,
    --days) or --expand, each meeting and occurrence in it.

    \b
    Examples: scheduler meeting list --json
              scheduler meeting list --from 2024-01-01 --to 2024-06-30
              scheduler meeting list --series Ledningsgrupp --person "Camilla Broo"
    """
    from scheduler.meetings import listed
    from scheduler.text.records import meeting_record
    from scheduler.text.render import meeting_listing

    clock = state.clock
    with state.session() as session:
        items = listed(session, clock, listing.select(state, session), expand=expand,
                       include_cancelled=cancelled)
        emit(as_json, [meeting_record(session, item, clock) for item in items],
             lambda: meeting_listing(items, clock))


@meeting.command("history")
@click.argument("ident", metavar="MEETING")
@json_option
@pass_state
def meeting_history(state: State, ident: str, as_json: bool) -> None:
    """Every change to a meeting and its occurrences (time, place, link, status, organizer,
    recurrence, attendance, agenda, documents) and every delivery of it: when, what,
    old → new, why. --json keeps the values as logged (ISO dates and times).

    \b
    Example: scheduler meeting history 5
    """
    from scheduler.history import meeting_history
    from scheduler.meetings import find_meeting_or_occurrence
    from scheduler.text.deliveries import history_lines, history_records

    with state.session() as session:
        found, _day = find_meeting_or_occurrence(session, ident)
        entries = meeting_history(session, found)
        emit(as_json, history_records(entries, state.clock),
             lambda: history_lines(session, entries, state.clock))


@meeting.group("doc")
def meeting_doc() -> None:
    """Documents (links) attached to a meeting."""


@meeting_doc.command("add")
@click.argument("ident", metavar="MEETING")
@click.argument("url", type=LINK)
@click.option("--title", type=TITLE, metavar="T", help="What the document is, e.g. 'Verksamhetsplan 2024'.")
@json_option
@pass_state
def meeting_doc_add(state: State, ident: str, url: str, title: str | None, as_json: bool) -> None:
    """Attach a link: ATTACH in the invitation, listed in its text.

    \b
    Example: scheduler meeting doc add 5 https://sodertorn.example/vp-2024.pdf \\
               --title "Verksamhetsplan 2024"
    """
    from scheduler.ical.invitations import add_document
    from scheduler.meetings import find_meeting
    from scheduler.text.records import document_record
    from scheduler.text.render import document_summary

    with state.session() as session:
        document = add_document(session, find_meeting(session, ident), url, title)
        record = document_record(document)
    emit(as_json, record, lambda: document_summary(record))


@meeting.command("delete")
@click.argument("meeting_ident", type=WORD, metavar="MEETING")
@json_option
@pass_state
def meeting_delete(state: State, meeting_ident: str, as_json: bool) -> None:
    """Delete a meeting made by mistake, if it was never sent.

    A meeting that was sent is cancelled instead (meeting cancel, then invite).

    \b
    Example: scheduler meeting delete 7
    """
    from scheduler.meetings import find_meeting
    from scheduler.removal import delete_meeting
    from scheduler.text.upkeep import deleted_record, deleted_text

    with state.session() as session:
        found = find_meeting(session, meeting_ident)
        record = deleted_record("meeting", found)
        delete_meeting(session, found)
    emit(as_json, record, lambda: deleted_text(record))


@meeting_doc.command("remove")
@click.argument("meeting_ident", type=WORD, metavar="MEETING")
@click.argument("document", type=TEXT, metavar="DOCUMENT")
@json_option
@pass_state
def meeting_doc_remove(state: State, meeting_ident: str, document: str, as_json: bool) -> None:
    """Take a document off a meeting.

    DOCUMENT is its link or its number in 'meeting show'.

    \b
    Example: scheduler meeting doc remove 5 https://sodertorn.example/vp-2024.pdf
    """
    from scheduler.meetings import find_meeting
    from scheduler.removal import find_document, remove_document
    from scheduler.text.upkeep import document_removed_record, document_removed_text

    with state.session() as session:
        found = find_meeting(session, meeting_ident)
        gone = find_document(session, found, document)
        record = document_removed_record(found, gone)
        remove_document(session, found, gone)
    emit(as_json, record, lambda: document_removed_text(record))
