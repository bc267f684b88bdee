"""``person``: add and list."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:


    pass

from scheduler.cli.common import EMAIL, NAME, State, emit, json_option, pass_state
from scheduler.cli.findtime import busy


@click.group()
def person() -> None:
    """Add and list people."""


person.add_command(busy)


@person.command("add")
@click.argument("name", type=NAME)
@click.option("--email", type=EMAIL, metavar="E")
@click.option("--org", type=NAME, metavar="O", help="Organisation, created if new.")
@json_option
@pass_state
def person_add(state: State, name: str, email: str | None, org: str | None, as_json: bool) -> None:
    """Add a person.

    \b
    Example: scheduler person add "Camilla Broo" --email camilla.broo@huddinge.example --org Huddinge
    """
    from scheduler.directory import add_person
    from scheduler.text.records import person_record
    from scheduler.text.render import person_added

    with state.session() as session:
        created = add_person(session, name, email=email, org=org)
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
    from scheduler.text.render import person_line, table

    with state.session() as session:
        records = [person_record(session, p) for p in people(session)]
    emit(as_json, records, lambda: table([person_line(r) for r in records]) or "No people.")
