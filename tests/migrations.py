"""The test kit for schema migrations: a store at a revision, filled, upgraded, rows compared.

A migration's test takes a few lines (``store_db`` is a SQLite file or a PostgreSQL URL,
so it runs on both engines)::

    from tests.migrations import rows, sample_at, upgrade

    def test_language_column_keeps_every_row(store_db):
        engine = sample_at(store_db, "0001")       # the sample, at the revision before yours
        before = rows(engine)
        after = upgrade(engine, "0002")            # yours
        assert after["person"] == [{**row, "language": None} for row in before["person"]]
        assert unchanged(before, after, "person")  # every other table row for row

``insert`` adds rows of your own before the upgrade (e.g. the case your migration converts).
Rows are compared as ``db dump`` writes them: times ISO with offset, dates ``YYYY-MM-DD``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from scheduler.store import backup, schema
from scheduler.store.engine import connection_scope, open_engine

V0_1_0 = Path(__file__).resolve().parent / "data" / "v0.1.0"


def empty_at(db: str, revision: str) -> Engine:
    """An engine on a new store built at ``revision`` (``db`` must be an empty database)."""
    engine = open_engine(db, check=False)
    with connection_scope(engine) as connection:
        schema.upgrade_to(connection, revision)
    return engine


def sample_at(db: str, revision: str) -> Engine:
    """The Södertörn sample store as v0.1.0 made it, brought to ``revision``."""
    engine = empty_at(db, schema.FIRST)
    with connection_scope(engine) as connection:
        backup.load_rows(connection, v0_1_0_rows())
        schema.upgrade_to(connection, revision)
    return engine


def v0_1_0_store(db: str) -> Engine:
    """A store exactly as v0.1.0 left it: its own DDL, the sample's rows, no revision table."""
    engine = open_engine(db, check=False)
    lines = (V0_1_0 / f"schema-{engine.dialect.name}.sql").read_text(encoding="utf-8").splitlines()
    ddl = "\n".join(line for line in lines if not line.startswith("--"))
    with connection_scope(engine) as connection:
        for statement in filter(str.strip, ddl.split(";")):
            connection.exec_driver_sql(statement)
        backup.load_rows(connection, v0_1_0_rows())
    return engine


def v0_1_0_rows() -> dict[str, list[dict[str, Any]]]:
    """The rows of the sample store that v0.1.0 made (a ``db dump`` of it)."""
    return json.loads((V0_1_0 / "sample.json").read_text(encoding="utf-8"))["tables"]


def insert(engine: Engine, table: str, *values: dict[str, Any]) -> None:
    """Add rows to ``table`` as they are in the database now (before an upgrade)."""
    with connection_scope(engine) as connection:
        backup.load_rows(connection, {table: list(values)})


def rows(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, as ``db dump`` writes them."""
    with connection_scope(engine) as connection:
        return json.loads(backup.dump(connection))["tables"]


def upgrade(engine: Engine, revision: str = "head") -> dict[str, list[dict[str, Any]]]:
    """Upgrade to ``revision`` (as ``db upgrade`` does for head) and return every row after."""
    with connection_scope(engine) as connection:
        if revision == "head":
            schema.upgrade(connection)
        else:
            schema.upgrade_to(connection, revision)
    return rows(engine)


def unchanged(before: dict[str, list], after: dict[str, list], *changed: str) -> bool:
    """Every table but ``changed`` has the same rows after as before."""
    return {name: table for name, table in before.items() if name not in changed} == {
        name: table for name, table in after.items() if name not in changed and name in before}


def revision(engine: Engine) -> str | None:
    """The revision recorded in the store."""
    with connection_scope(engine) as connection:
        return schema.status(connection).revision

