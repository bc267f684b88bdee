"""``scheduler db``: the store's schema revision, its upgrade, and the JSON backup."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import click

from scheduler.cli.language import group

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


@contextlib.contextmanager
def _store(ctx_obj: Any, *, check: bool) -> Iterator[Connection]:
    """The store named by --db, in one transaction, schema check on or off."""
    from scheduler.store.engine import connection_scope, open_engine

    engine = open_engine(ctx_obj.db, check=check)
    try:
        with connection_scope(engine) as connection:
            yield connection
    finally:
        engine.dispose()


def _emit(as_json: bool, data: Any, human: str) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2) if as_json else human)


_json = click.option("--json", "as_json", is_flag=True, help="Print only JSON on stdout.")


@group()
def db() -> None:
    """Schema upgrades and a lossless backup of the store.

    \b
    Example:
      scheduler db status
      scheduler db upgrade
      scheduler db dump backup.json && scheduler --db new.db db restore backup.json
    """


@db.command("status")
@_json
@click.pass_obj
def db_status(state: Any, as_json: bool) -> None:
    """Say which schema revision the store is at and whether it needs `db upgrade`.

    \b
    Example: scheduler db status
    """
    from scheduler.store import schema

    with _store(state, check=False) as connection:
        found = schema.status(connection)
    record = {"revision": found.revision, "head": found.head, "state": found.state}
    advice = {
        "empty": "The database is empty: the first command creates the store at {head}.",
        "current": "The store is at schema revision {revision}, the newest this scheduler knows.",
        "outdated": "The store is at schema revision {revision}, this scheduler needs {head}: "
                    "run `scheduler db upgrade`.",
        "newer": "The store is at schema revision {revision}, made by a newer scheduler "
                 "(this one knows up to {head}).",
    }
    _emit(as_json, record, advice[found.state].format(**record))


@db.command("upgrade")
@_json
@click.pass_obj
def db_upgrade(state: Any, as_json: bool) -> None:
    """Bring the store to the newest schema revision, in one transaction.

    A store made by v0.1.0 is recognised by its tables. A database that is not a
    scheduler store is refused and left untouched.

    \b
    Example: scheduler db dump before-upgrade.json && scheduler db upgrade
    """
    from scheduler.store import schema

    with _store(state, check=False) as connection:
        before = schema.upgrade(connection)
    record = {"from": before.revision, "to": before.head}
    human = {
        "current": "The store is already at schema revision {to}; nothing to do.",
        "empty": "Created the store at schema revision {to}.",
        "outdated": "Upgraded the store from schema revision {from} to {to}.",
    }[before.state].format(**record)
    _emit(as_json, record, human)


@db.command("dump")
@click.argument("file", required=False, type=click.Path(dir_okay=False, writable=True))
@click.pass_obj
def db_dump(state: Any, file: str | None) -> None:
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
@_json
@click.pass_obj
def db_restore(state: Any, file: str, as_json: bool) -> None:
    """Fill an empty store from a `db dump` file; a store with data is refused.

    \b
    Example: scheduler --db restored.db db restore backup.json
    """
    from scheduler.store.backup import read_file, restore

    text = read_file(file)
    with _store(state, check=False) as connection:
        counts = restore(connection, text)
    rows = sum(counts.values())
    _emit(as_json, {"file": file, "rows": counts},
          f"Restored {rows} rows in {len(counts)} tables from {file}.")
