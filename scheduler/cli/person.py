"""``person``: add, list, edit, merge and remove."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from scheduler.cli.language import group

if TYPE_CHECKING:


    pass

from scheduler.cli.common import EMAIL, NAME, TEXT, WORD, State, emit, json_option, pass_state
from scheduler.cli.findtime import busy


@group()
def person() -> None:
    """Add, list, edit, merge and remove people."""


person.add_command(busy)


@person.command("add")
@click.argument("name", type=NAME)
@click.option("--email", type=EMAIL, metavar="E", help="E-mail address, where invitations go.")
@click.option("--org", type=NAME, metavar="O", help="Organisation, created if new.")
@click.option("--allow-same-name", is_flag=True,
              help="Add them even though someone has the same name (another person).")
@json_option
@pass_state
def person_add(state: State, name: str, email: str | None, org: str | None,
               allow_same_name: bool, as_json: bool) -> None:
    """Add a person. A name someone already has (in any case) is refused with that
    person's id and e-mail, unless --allow-same-name; an e-mail already taken is refused.

    \b
    Example: scheduler person add "Camilla Broo" --email camilla.broo@huddinge.example --org Huddinge
    """
    from scheduler.directory import add_person
    from scheduler.text.records import person_record
    from scheduler.text.render import person_added

    with state.session() as session:
        created = add_person(session, name, email=email, org=org,
                             allow_same_name=allow_same_name)
        record = person_record(session, created)
    emit(as_json, record, lambda: person_added(record))


@person.command("list")
@json_option
@pass_state
def person_list(state: State, as_json: bool) -> None:
    """List people.

    \b
    Example: scheduler person list
    """
    from scheduler.directory import people
    from scheduler.text.records import person_record
    from scheduler.text.render import person_listing

    with state.session() as session:
        records = [person_record(session, p) for p in people(session)]
    emit(as_json, records, lambda: person_listing(records))


@person.command("edit")
@click.argument("person_ident", type=WORD, metavar="PERSON")
@click.option("--name", type=NAME, metavar="NAME", help="The new name.")
@click.option("--email", type=TEXT, metavar="E", help="The new e-mail address ('' removes it).")
@click.option("--org", type=NAME, metavar="O", help="The new organisation, created if new ('' removes it).")
@json_option
@pass_state
def person_edit(state: State, person_ident: str, name: str | None, email: str | None, org: str | None,
                as_json: bool) -> None:
    """Change a name, e-mail or organisation.

    The change is kept in the history.

    \b
    Example: scheduler person edit "Camilla Bro" --name "Camilla Broo"
    """
    from scheduler.directory import find_person
    from scheduler.person_records import edit_person
    from scheduler.text.upkeep import changes_record, changes_text

    with state.session() as session:
        found = find_person(session, person_ident)
        record = changes_record("person", found.id, edit_person(session, found, name=name, email=email, org=org))
    emit(as_json, record, lambda: changes_text(record))


@person.command("merge")
@click.argument("keep_ident", type=WORD, metavar="KEEP")
@click.argument("other_ident", type=WORD, metavar="OTHER")
@json_option
@pass_state
def person_merge(state: State, keep_ident: str, other_ident: str, as_json: bool) -> None:
    """Merge a duplicate into the person kept.

    OTHER's meetings, roles, deadlines and history move to KEEP, and OTHER (with its e-mail)
    is removed.

    \b
    Example: scheduler person merge "Camilla Broo" "C. Broo"
    """
    from scheduler.directory import find_person
    from scheduler.person_records import merge_people
    from scheduler.text.upkeep import merged_record, merged_text

    with state.session() as session:
        merged = merge_people(session, find_person(session, keep_ident), find_person(session, other_ident))
        record = merged_record(merged)
    emit(as_json, record, lambda: merged_text(record))


@person.command("remove")
@click.argument("person_ident", type=WORD, metavar="PERSON")
@click.option("--from-meetings", is_flag=True,
              help="Also take them off coming meetings (the next invite sends their cancellations).")
@json_option
@pass_state
def person_remove(state: State, person_ident: str, from_meetings: bool, as_json: bool) -> None:
    """Take a person out of the directory.

    Past meetings keep them in their history.

    Refused while they own open deadlines, organize a series or a coming meeting, or take
    part in a coming meeting (unless --from-meetings).

    \b
    Example: scheduler person remove "Mats Andersson" --from-meetings
    """
    from scheduler.directory import find_person
    from scheduler.person_records import remove_person
    from scheduler.text.upkeep import removed_record, removed_text

    with state.session() as session:
        removed = remove_person(session, state.clock, find_person(session, person_ident),
                                from_meetings=from_meetings)
        record = removed_record(removed)
    emit(as_json, record, lambda: removed_text(record))
