"""``scheduler db``: the store's schema revision, its upgrade, and the JSON backup."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

import click

from scheduler.cli.common import State, emit, json_option, pass_state
from scheduler.cli.language import group

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


@contextlib.contextmanager
def _store(state: State, *, check: bool) -> Iterator[Connection]:
    """The store named by --db in one transaction; ``check`` as ``open_engine`` takes it."""
    from scheduler.store.engine import connection_scope, open_engine

    engine = open_engine(state.db, check=check)
    try:
        with connection_scope(engine) as connection:
            yield connection
    finally:
        engine.dispose()


@group()
def db() -> None:
    """Schema upgrades and a lossless backup of the store.

    \b
    Example:
      scheduler db status
      scheduler db dump backup.json && scheduler db upgrade
      scheduler --db new.db db restore backup.json
    """


@db.command("status")
@json_option
@pass_state
def db_status(state: State, as_json: bool) -> None:
    """Say which schema revision the store is at and whether it needs `db upgrade`.

    \b
    Example: scheduler db status
    """
    from scheduler.store import schema
    from scheduler.text.db import status_text

    with _store(state, check=False) as connection:
        found = schema.status(connection)
    record = {"revision": found.revision, "head": found.head, "state": found.state}
    emit(as_json, record, lambda: status_text(record))


@db.command("upgrade")
@json_option
@pass_state
def db_upgrade(state: State, as_json: bool) -> None:
    """Bring the store to the newest schema revision, in one transaction.

    A store made by v0.1.0 is recognised by its tables. A database that is not a
    scheduler store is refused and left untouched.

    \b
    Example: scheduler db dump before-upgrade.json && scheduler db upgrade
    """
    from scheduler.store import schema
    from scheduler.text.db import upgrade_text

    with _store(state, check=False) as connection:
        before = schema.upgrade(connection)
    record = {"from": before.revision, "to": before.head}
    emit(as_json, record, lambda: upgrade_text(before.state, record))


@db.command("dump")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@pass_state
def db_dump(state: State, file: str | None) -> None:
    """Write the whole store as one JSON document to FILE (default: stdout).

    Every table, history and deliveries included, times in ISO 8601 with offsets, with
    the format version and schema revision; `db restore` reads it back.

    \b
    Example: scheduler db dump backup.json
    """
    from scheduler.store.backup import dump

    with _store(state, check=True) as connection:
        text = dump(connection)
    if file is None:
        click.echo(text, nl=False)
        return
    from scheduler.outfile import write_file

    write_file(file, text.encode("utf-8"))


@db.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@json_option
@pass_state
def db_restore(state: State, file: str, as_json: bool) -> None:
    """Fill an empty store from a `db dump` file; a store with data is refused.

    \b
    Example: scheduler --db restored.db db restore backup.json
    """
    from scheduler.store.backup import read_file, restore
    from scheduler.text.db import restore_text

    text = read_file(file)
    with _store(state, check=False) as connection:
        counts = restore(connection, text)
    record = {"file": file, "rows": counts}
    emit(as_json, record, lambda: restore_text(record))
