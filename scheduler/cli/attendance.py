"""``attend``, ``agenda`` and ``attendance``: who takes part, how, and the agenda."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from scheduler.cli.language import command, group

if TYPE_CHECKING:
    import datetime as dt


from scheduler.cli.common import NOTE, TITLE, WORD, State, emit, format_option, json_option, pass_state, plain_or_json
from scheduler.text.i18n import _


def window_of(window_from: str | None, window_to: str | None) -> tuple[dt.time, dt.time] | None:
    """``--from``/``--to`` as a pair of times, or None when neither is given."""
    from scheduler.timeparse import parse_time_of_day

    if (window_from is None) != (window_to is None):
        raise click.UsageError(_("Give both --from and --to, or neither."))
    if window_from is None or window_to is None:
        return None
    return parse_time_of_day(window_from), parse_time_of_day(window_to)


@command()
@click.argument("meeting_ident", metavar="MEETING")
@click.argument("person_ident", metavar="PERSON")
@click.option("--mode", type=click.Choice(["in-person", "digital", "absent"], case_sensitive=False),
              help="How the person takes part: on site, online, or not at all.")
@click.option("--from", "window_from", metavar="T", help="Joins from (a time inside the meeting).")
@click.option("--to", "window_to", metavar="T", help="Leaves at.")
@click.option("--role", metavar="R", help="chair, adjuster, secretary, participant, optional, guest "
                                          "(or ordförande, justerare, sekreterare, gäst).")
@click.option("--rsvp", type=click.Choice(["accepted", "declined", "tentative", "needs-action"],
                                          case_sensitive=False),
              help="Their answer to the invitation (PARTSTAT).")
@click.option("--item", "item_number", type=click.IntRange(min=1), metavar="N",
              help="Ties the window to agenda item N (its times unless --from/--to are given).")
@click.option("--note", type=NOTE, metavar="TEXT", help="A note on how they take part, kept with the meeting.")
@click.option("--remove", is_flag=True, help="Take the person off the meeting (the next "
                                             "'invite' sends them a cancellation).")
@json_option
@pass_state
def attend(state: State, meeting_ident: str, person_ident: str, mode: str | None,
           window_from: str | None, window_to: str | None, role: str | None, rsvp: str | None,
           item_number: int | None, note: str | None, remove: bool, as_json: bool) -> None:
    """Set how one person takes part in a meeting (never duplicates).

    PERSON is an id, an e-mail or an unambiguous name; someone outside the series
    is added as a new participant (use --role gäst for a guest).

    \b
    Example: scheduler attend 1 "Emma Lennartsson" --mode digital --from 8.30 --to 9.30
             scheduler attend 5 "Anton Västberg" --role gäst --item 2
             scheduler attend 5 "Petra Oxonius" --remove
    """
    from scheduler import attendance
    from scheduler.booking import take_part
    from scheduler.directory import find_person
    from scheduler.meetings import find_meeting
    from scheduler.text.records import attendee_record, removal_record
    from scheduler.text.render import attendee_summary, removal_summary

    window = window_of(window_from, window_to)
    if remove and (mode or window or role or rsvp or item_number or note is not None):
        raise click.UsageError(_("--remove takes no other options."))
    clock = state.clock
    with state.session() as session:
        found = find_meeting(session, meeting_ident)
        who = find_person(session, person_ident)
        if remove:
            attendance.remove_participation(session, found, who)
            record = removal_record(found, who)
            emit(as_json, record, lambda: removal_summary(record))
            return
        row = take_part(session, clock, found, who, mode=mode, role=role, rsvp=rsvp, window=window,
                        item_number=item_number, note=note)
        emit(as_json, {"meeting_id": found.id, **attendee_record(row)},
             lambda: attendee_summary(row))


@group()
def agenda() -> None:
    """A meeting's numbered agenda items."""


@agenda.command("add")
@click.argument("meeting_ident", metavar="MEETING")
@click.argument("title", type=TITLE)
@click.option("--from", "window_from", metavar="T", help="Starts at (a time inside the meeting).")
@click.option("--to", "window_to", metavar="T", help="Ends at.")
@click.option("--presenter", metavar="PERSON", help="Who presents it (id, e-mail or name).")
@json_option
@pass_state
def agenda_add(state: State, meeting_ident: str, title: str, window_from: str | None,
               window_to: str | None, presenter: str | None, as_json: bool) -> None:
    """Add an item at the end of a meeting's agenda.

    \b
    Example: scheduler agenda add 5 "Besök av Regionen" --from 9.00 --to 10.00 \\
               --presenter "Emma Lennartsson"
    """
    from scheduler.agenda import add_item
    from scheduler.directory import find_person
    from scheduler.meetings import find_meeting
    from scheduler.text.render import agenda_line, table
    from scheduler.text.wording import agenda_record

    window = window_of(window_from, window_to)
    with state.session() as session:
        found = find_meeting(session, meeting_ident)
        item = add_item(session, found, title, tz=state.clock.tz, window=window,
                        presenter=find_person(session, presenter) if presenter else None)
        record = agenda_record(session, item)
    emit(as_json, record, lambda: table([agenda_line(record)]))


@agenda.command("list")
@click.argument("meeting_ident", metavar="MEETING")
@json_option
@pass_state
def agenda_list(state: State, meeting_ident: str, as_json: bool) -> None:
    """A meeting's agenda, numbered.

    \b
    Example: scheduler agenda list 1
    """
    from scheduler.agenda import items
    from scheduler.meetings import find_meeting
    from scheduler.text.render import agenda_listing
    from scheduler.text.wording import agenda_record

    with state.session() as session:
        records = [agenda_record(session, item)
                   for item in items(session, find_meeting(session, meeting_ident))]
    emit(as_json, records, lambda: agenda_listing(records))


@command("attendance")
@click.argument("ident", metavar="MEETING")
@format_option
@json_option
@pass_state
def attendance_command(state: State, ident: str, plain: bool, as_json: bool) -> None:
    """Who attends how, head-counts, and counts per time slot; --format text prints the
    participant block as the minutes write it.

    \b
    Example: scheduler attendance 1
             scheduler attendance 1 --format text
    """
    from scheduler.attendance import overview
    from scheduler.meetings import find_meeting
    from scheduler.occurrences import single
    from scheduler.text.records import attendance_record
    from scheduler.text.render import attendance_minutes, attendance_text

    clock = state.clock
    with state.session() as session:
        instance = single(find_meeting(session, ident))
        people, spans = overview(session, instance.meeting, clock.tz)
        if plain_or_json(plain, as_json):
            click.echo(attendance_minutes(instance, people))
            return
        emit(as_json, attendance_record(session, instance, people, spans, clock),
             lambda: attendance_text(instance, people, spans, clock))


@agenda.command("edit")
@click.argument("meeting_ident", type=WORD, metavar="MEETING")
@click.argument("number", type=click.IntRange(min=1), metavar="N")
@click.option("--title", type=TITLE, metavar="T", help="The item's new title.")
@click.option("--from", "window_from", type=WORD, metavar="T", help="Starts at (a time inside the meeting).")
@click.option("--to", "window_to", type=WORD, metavar="T", help="Ends at.")
@click.option("--no-times", is_flag=True, help="The item has no times of its own any more.")
@click.option("--presenter", type=WORD, metavar="PERSON", help="Who presents it (id, e-mail or name).")
@json_option
@pass_state
def agenda_edit(state: State, meeting_ident: str, number: int, title: str | None, window_from: str | None,
                window_to: str | None, no_times: bool, presenter: str | None, as_json: bool) -> None:
    """Change agenda item N: its title, times or presenter.

    \b
    Example: scheduler agenda edit 1 2 --from 8.30 --to 9.15 --presenter "Anton Västberg"
    """
    from scheduler.agenda import find_item
    from scheduler.agenda_edit import edit_item
    from scheduler.directory import find_person
    from scheduler.meetings import find_meeting
    from scheduler.text.upkeep import changes_record, changes_text

    window = window_of(window_from, window_to)
    with state.session() as session:
        found = find_meeting(session, meeting_ident)
        item = find_item(session, found, number)
        changes = edit_item(session, found, item, tz=state.clock.tz, title=title, window=window,
                            presenter=find_person(session, presenter) if presenter else None,
                            clear_window=no_times)
        record = changes_record("agendaitem", item.position, changes)
    emit(as_json, record, lambda: changes_text(record))


@agenda.command("remove")
@click.argument("meeting_ident", type=WORD, metavar="MEETING")
@click.argument("number", type=click.IntRange(min=1), metavar="N")
@json_option
@pass_state
def agenda_remove(state: State, meeting_ident: str, number: int, as_json: bool) -> None:
    """Remove agenda item N; the items after it move up.

    \b
    Example: scheduler agenda remove 1 3
    """
    from scheduler.agenda import find_item, items
    from scheduler.agenda_edit import remove_item
    from scheduler.meetings import find_meeting
    from scheduler.text.render import agenda_line, table
    from scheduler.text.wording import agenda_record

    with state.session() as session:
        found = find_meeting(session, meeting_ident)
        remove_item(session, found, find_item(session, found, number))
        records = [agenda_record(session, item) for item in items(session, found)]
    emit(as_json, records, lambda: table([agenda_line(r) for r in records]))


@agenda.command("move")
@click.argument("meeting_ident", type=WORD, metavar="MEETING")
@click.argument("number", type=click.IntRange(min=1), metavar="N")
@click.argument("to", type=click.IntRange(min=1), metavar="TO")
@json_option
@pass_state
def agenda_move(state: State, meeting_ident: str, number: int, to: int, as_json: bool) -> None:
    """Move agenda item N to place TO; the others keep their order.

    \b
    Example: scheduler agenda move 1 5 2
    """
    from scheduler.agenda import find_item, items
    from scheduler.agenda_edit import move_item
    from scheduler.meetings import find_meeting
    from scheduler.text.render import agenda_line, table
    from scheduler.text.wording import agenda_record

    with state.session() as session:
        found = find_meeting(session, meeting_ident)
        move_item(session, found, find_item(session, found, number), to)
        records = [agenda_record(session, item) for item in items(session, found)]
    emit(as_json, records, lambda: table([agenda_line(r) for r in records]))
