"""A lossless backup of the whole store as one JSON document, and its restore.

Every table the database holds (read from the database itself, so tables added by later
migrations are included without a change here) is written row by row in id order, keys
sorted, times as ISO 8601 with their offset, dates as ``YYYY-MM-DD``. The document names
its format version and the schema revision it was taken at; a restore fills an empty
database at that revision and then upgrades it, so dump → restore → dump gives the same
bytes on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from scheduler.errors import InputError, StateError
from scheduler.store import schema

FORMAT = "scheduler-dump"
VERSION = 1
SKIPPED = {"alembic_version"}


def dump(connection: Connection) -> str:
    """The store on ``connection`` as a JSON document (ends with a newline)."""
    found = schema.status(connection)
    tables = _tables(connection)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "schema": found.revision,
        "tables": {name: [_row_out(row) for row in _rows(connection, table)] for name, table in tables.items()},
    }
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def restore(connection: Connection, text: str) -> dict[str, int]:
    """Fill the empty database on ``connection`` from a dump; returns the rows per table.

    The database must be empty, or a store without a single row at the dump's revision.
    The schema is brought to the dump's revision, the rows go in, then it is upgraded.
    """
    document = parse(text)
    found = schema.status(connection)
    if found.state == "empty":
        schema.upgrade_to(connection, document["schema"])
    elif any(_has_rows(connection, table) for table in _tables(connection).values()):
        raise StateError("The store is not empty: restore into a new file or an empty database.")
    elif found.revision != document["schema"]:
        raise StateError("The empty store is at schema revision {revision}, the dump at {dumped}: "
                         "restore into a new file or an empty database.",
                         revision=found.revision, dumped=document["schema"])
    counts = load_rows(connection, document["tables"])
    schema.upgrade(connection)
    return counts


def load_rows(connection: Connection, rows_by_table: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """Insert dumped rows (ids kept) into the tables on ``connection``; returns the rows per table."""
    tables = _tables(connection)
    unknown = sorted(set(rows_by_table) - set(tables))
    if unknown:
        raise InputError("The dump has tables this store does not know: {tables}.", tables=", ".join(unknown))
    counts = {}
    for name, table in tables.items():
        rows = [_row_in(table, row) for row in rows_by_table.get(name, [])]
        if rows:
            connection.execute(table.insert(), rows)
        counts[name] = len(rows)
    _reset_sequences(connection, tables)
    return counts


def parse(text: str) -> dict[str, Any]:
    """The dump document, checked for its format and shape."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError("The dump cannot be read (truncated or not JSON: {problem}); "
                         "give the whole file that `scheduler db dump` wrote.", problem=str(err)) from err
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InputError("This is not a scheduler dump: give a file that `scheduler db dump` wrote.")
    version = document.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise InputError("The dump has format version {version}, this scheduler reads up to {known}: "
                         "restore it with a newer scheduler.", version=version, known=VERSION)
    tables = document.get("tables")
    if not isinstance(tables, dict) or not all(
            isinstance(rows, list) and all(isinstance(row, dict) for row in rows) for rows in tables.values()):
        raise InputError("The dump's tables are damaged: give the whole file that `scheduler db dump` wrote.")
    revision = document.get("schema")
    if not isinstance(revision, str):
        raise InputError("The dump names no schema revision: give a file that `scheduler db dump` wrote.")
    if revision not in schema.revisions():
        raise InputError("The dump was taken at schema revision {revision}, which this scheduler does not "
                         "know: restore it with a newer scheduler.", revision=revision)
    return document


def _tables(connection: Connection) -> dict[str, sa.Table]:
    """The database's tables in an order that inserts parents before children."""
    metadata = sa.MetaData()
    metadata.reflect(connection)
    return {table.name: table for table in metadata.sorted_tables if table.name not in SKIPPED}


def _rows(connection: Connection, table: sa.Table):
    order = list(table.primary_key.columns) or list(table.columns)
    return connection.execute(sa.select(table).order_by(*order)).mappings()


def _has_rows(connection: Connection, table: sa.Table) -> bool:
    return connection.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first() is not None


def _row_out(row) -> dict[str, Any]:
    return {key: _value_out(value) for key, value in row.items()}


def _value_out(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _row_in(table: sa.Table, row: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(row) - set(table.columns.keys()))
    if unknown:
        raise InputError("The dump's table {table} has columns this store does not know: {columns}.",
                         table=table.name, columns=", ".join(unknown))
    return {key: _value_in(table.columns[key], value, table.name) for key, value in row.items()}


def _value_in(column: sa.Column, value: Any, table: str) -> Any:
    if value is None:
        return None
    try:
        if isinstance(column.type, sa.DateTime):
            moment = dt.datetime.fromisoformat(value)
            if moment.tzinfo is None:
                raise ValueError("no offset")
            return moment if column.type.timezone else moment.astimezone(dt.UTC).replace(tzinfo=None)
        if isinstance(column.type, sa.Date):
            return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as err:
        raise InputError("The dump's {table}.{column} value {value!r} is not a valid time: {problem}.",
                         table=table, column=column.name, value=value, problem=str(err)) from err
    return value


def _reset_sequences(connection: Connection, tables: dict[str, sa.Table]) -> None:
    """On PostgreSQL, new ids continue after the restored ones."""
    if connection.dialect.name != "postgresql":
        return
    for name, table in tables.items():
        if "id" in table.columns and isinstance(table.columns["id"].type, sa.Integer):
            connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM \"{name}\"), 0) + 1, false)")


def read_file(path: str) -> str:
    """The text of a dump file."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except UnicodeDecodeError as err:
        raise InputError("{path} is not a scheduler dump (not UTF-8 text).", path=path) from err
    except OSError as err:
        raise InputError("{path} cannot be read: {problem}.", path=path, problem=err.strerror) from err
