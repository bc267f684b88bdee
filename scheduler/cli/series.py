"""``series``: add, edit, list, show, and member add/remove: standing bodies without TOML."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from scheduler.cli.common import NAME, PLACE, WORD, State, emit, json_option, pass_state
from scheduler.cli.language import group

if TYPE_CHECKING:
    from sqlmodel import Session


@group("series")
def series_group() -> None:
    """Series: standing bodies and their members.

    Their members and standing roles, usual place, time and organizer.
    """
    ...


def series_options(command: Callable) -> Callable:
    for option in reversed([
        click.option("--location", type=PLACE, metavar="L", help="The usual place ('' removes it)."),
        click.option("--start", type=WORD, metavar="HH:MM", help="The usual start, e.g. 08:30 or 8.30."),
        click.option("--end", type=WORD, metavar="HH:MM", help="The usual end."),
        click.option("--length", type=WORD, metavar="D", help="The usual length instead of --end: 2h, 2h30m, 150m."),
        click.option("--organizer", type=WORD, metavar="PERSON",
                     help="Who organizes its meetings and sends the invitations."),
        click.option("--language", type=WORD, metavar="LANG",
                     help="What its recipients read (invitations, e-mails, the kallelse): sv or en "
                          "('' goes back to the store's, see 'config set language')."),
    ]):
        command = option(command)
    return command


def series_edit_of(session: Session, name: str | None, location: str | None, start: str | None,
                   end: str | None, length: str | None, organizer: str | None, language: str | None) -> Any:
    from scheduler.directory import find_person
    from scheduler.series_records import SeriesEdit
    from scheduler.timeparse import parse_duration, parse_time_of_day

    return SeriesEdit(name=name, location=location,
                      start=parse_time_of_day(start) if start else None,
                      end=parse_time_of_day(end) if end else None,
                      length=parse_duration(length) if length else None,
                      organizer=find_person(session, organizer) if organizer else None, language=language)


@series_group.command("add")
@click.argument("name", type=NAME)
@series_options
@json_option
@pass_state
def series_add(state: State, name: str, location: str | None, start: str | None, end: str | None,
               length: str | None, organizer: str | None, language: str | None, as_json: bool) -> None:
    """Create a series.

    Its new meetings get its place, time, organizer and members.

    \b
    Example: scheduler series add Styrgrupp --location "Huddinge centrum" --start 9.00 \\
               --length 2h --organizer "Helene Olofsson"
    """
    from scheduler.series_records import add_series
    from scheduler.text.upkeep import series_detail, series_record

    with state.session() as session:
        created = add_series(session, name, series_edit_of(session, None, location, start, end, length, organizer,
                                                           language))
        record = series_record(session, created)
    emit(as_json, record, lambda: series_detail(record))


@series_group.command("edit")
@click.argument("series_ident", type=WORD, metavar="SERIES")
@click.option("--name", type=NAME, metavar="NAME", help="The new name.")
@series_options
@json_option
@pass_state
def series_edit(state: State, series_ident: str, name: str | None, location: str | None, start: str | None,
                end: str | None, length: str | None, organizer: str | None, language: str | None,
                as_json: bool) -> None:
    """Change a series' name, usual place, time, organizer or language.

    Meetings already made keep theirs.

    \b
    Example: scheduler series edit Ledningsgrupp --start 9.00 --end 11.30
    Example: scheduler series edit Samarbetskommittén --language en
    """
    from scheduler.directory import find_series
    from scheduler.series_records import edit_series
    from scheduler.text.upkeep import changes_record, changes_text

    with state.session() as session:
        found = find_series(session, series_ident)
        changes = edit_series(session, found, series_edit_of(session, name, location, start, end, length,
                                                              organizer, language))
        record = changes_record("series", found.id, changes)
    emit(as_json, record, lambda: changes_text(record))


@series_group.command("list")
@json_option
@pass_state
def series_list(state: State, as_json: bool) -> None:
    """List the series.

    Every series with its usual time, place, organizer and number of members.

    \b
    Example: scheduler series list
    """
    from scheduler.series_records import all_series, members
    from scheduler.text.upkeep import series_listing, series_record

    with state.session() as session:
        records = [series_record(session, s, members(session, s)) for s in all_series(session)]
    emit(as_json, records, lambda: series_listing(records))


@series_group.command("show")
@click.argument("series_ident", type=WORD, metavar="SERIES")
@json_option
@pass_state
def series_show(state: State, series_ident: str, as_json: bool) -> None:
    """Show one series and its members.

    Usual time and place, organizer, members and their standing roles.

    \b
    Example: scheduler series show Ledningsgrupp
    """
    from scheduler.directory import find_series
    from scheduler.series_records import members
    from scheduler.text.upkeep import series_detail, series_record

    with state.session() as session:
        found = find_series(session, series_ident)
        record = series_record(session, found, members(session, found))
    emit(as_json, record, lambda: series_detail(record))


@series_group.group("member")
def series_member() -> None:
    """A series' members and their standing roles."""


@series_member.command("add")
@click.argument("series_ident", type=WORD, metavar="SERIES")
@click.argument("person_ident", type=WORD, metavar="PERSON")
@click.option("--role", type=WORD, metavar="R", help="Standing role: chair, adjuster, secretary, participant, "
                                          "optional, guest (or ordförande, justerare, sekreterare, gäst).")
@json_option
@pass_state
def series_member_add(state: State, series_ident: str, person_ident: str, role: str | None,
                      as_json: bool) -> None:
    """Add a member, or change their role.

    The person must be in the directory (person add); adding a member again changes their
    standing role.

    \b
    Example: scheduler series member add Ledningsgrupp "Camilla Broo" --role chair
    """
    from scheduler.directory import find_person, find_series
    from scheduler.series_records import add_member
    from scheduler.text.upkeep import member_record, member_text

    with state.session() as session:
        found, person = find_series(session, series_ident), find_person(session, person_ident)
        member = add_member(session, found, person, role)
        record = member_record(found, person, member.role)
        text = member_text(found, person, member.role)
    emit(as_json, record, lambda: text)


@series_member.command("remove")
@click.argument("series_ident", type=WORD, metavar="SERIES")
@click.argument("person_ident", type=WORD, metavar="PERSON")
@json_option
@pass_state
def series_member_remove(state: State, series_ident: str, person_ident: str, as_json: bool) -> None:
    """Take a person out of a series (meetings already made keep them).

    \b
    Example: scheduler series member remove Ledningsgrupp "Mats Bergström"
    """
    from scheduler.directory import find_person, find_series
    from scheduler.series_records import remove_member
    from scheduler.text.upkeep import member_record, member_text

    with state.session() as session:
        found, person = find_series(session, series_ident), find_person(session, person_ident)
        remove_member(session, found, person)
        record = member_record(found, person, None)
        text = member_text(found, person, None)
    emit(as_json, record, lambda: text)
