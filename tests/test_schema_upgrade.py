"""Schema revisions: a new store at head, a v0.1.0 store upgraded, outdated, newer and foreign stores refused."""

import json
import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData

from scheduler.errors import StoreError
from scheduler.store import schema
from scheduler.store.engine import connection_scope, open_engine
from scheduler.store.schema import NewerStoreError, NotAStoreError, OutdatedStoreError
from scheduler.text.db import status_text
from tests.conftest import SAMPLE, Cli
from tests.migrations import empty_at, revision, rows, sample_at, unchanged, upgrade, v0_1_0_rows, v0_1_0_store
from tests.postgres import new_database


def test_the_migrations_have_exactly_one_head():
    assert len(schema.scripts().get_heads()) == 1
    assert schema.head() == schema.scripts().get_current_head()
    line = [script.revision for script in reversed(list(schema.scripts().walk_revisions()))]
    assert tuple(line) == schema.revisions()  # the files' names, which everyday commands read


def test_head_schema_is_the_models(store_db):
    engine = open_engine(store_db)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, schema.metadata()) == []
    assert revision(engine) == schema.head()


def test_revision_1_is_the_schema_v0_1_0_made(store_db, tmp_path, request):
    """The first migration builds exactly the tables, columns and indexes v0.1.0's create_all made."""
    other = str(tmp_path / "old.db") if store_db.endswith(".db") else new_database(request.getfixturevalue("pg_server"))
    made_by_v0_1_0 = MetaData()
    made_by_v0_1_0.reflect(v0_1_0_store(other))
    engine = empty_at(store_db, schema.FIRST)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, made_by_v0_1_0)
    assert differences == []


def test_a_v0_1_0_store_asks_for_the_upgrade_then_lists_the_same(store_db):
    v0_1_0_store(store_db).dispose()
    cli = Cli(store_db)
    for command in (["meeting", "list"], ["deadlines"], ["person", "list"], ["load", str(SAMPLE)]):
        failed = cli.fails(*command)
        assert "run `scheduler db upgrade`" in failed.stderr
    assert cli.json("db", "status") == {"revision": "0001", "head": schema.head(), "state": "outdated"}
    fresh = Cli(store_db.replace("store.db", "fresh.db")) if store_db.endswith(".db") else None
    upgraded = cli.json("db", "upgrade")
    assert upgraded == {"from": "0001", "to": schema.head()}
    assert cli.json("db", "status")["state"] == "current"
    assert cli.json("db", "upgrade") == {"from": schema.head(), "to": schema.head()}
    meetings = cli.json("meeting", "list")
    assert [m["title"] for m in meetings][:1] and len(meetings) == 5
    assert len(cli.json("deadlines")) == 10 and len(cli.json("person", "list")) == 13
    if fresh:
        fresh.ok("load", str(SAMPLE))
        for command in (["meeting", "list"], ["deadlines"], ["person", "list"]):
            assert _without_ids(cli.json(*command)) == _without_ids(fresh.json(*command))


def _state() -> str:
    return "current" if schema.head() == schema.FIRST else "outdated"


def _without_ids(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k not in ("id", "uid")} for r in records]


def test_upgrading_keeps_every_row_of_a_v0_1_0_store(store_db):
    engine = v0_1_0_store(store_db)
    before = rows(engine)
    assert before == {name: table for name, table in v0_1_0_rows().items()}
    after = upgrade(engine)
    assert {name: after[name] for name in before} == before or schema.head() != schema.FIRST
    assert revision(engine) == schema.head()


def test_a_store_newer_than_the_code_is_refused(store_db):
    engine = open_engine(store_db)
    with connection_scope(engine) as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'fffffffffff'")
    cli = Cli(store_db)
    assert "made by a newer scheduler" in cli.fails("meeting", "list").stderr
    assert "made by a newer scheduler" in cli.fails("db", "upgrade").stderr
    assert cli.json("db", "status")["state"] == "newer"
    with pytest.raises(NewerStoreError):
        open_engine(store_db)


def test_an_outdated_store_is_refused_by_the_library_too(tmp_path):
    engine = empty_at(str(tmp_path / "s.db"), schema.FIRST)
    with connection_scope(engine) as connection:
        assert schema.status(connection).state == _state()
    if schema.head() != schema.FIRST:
        with pytest.raises(OutdatedStoreError):
            open_engine(str(tmp_path / "s.db"))


def test_a_database_of_other_tables_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE recipe (name TEXT)")
        con.execute("INSERT INTO recipe VALUES ('kanelbulle')")
    before = path.read_bytes()
    cli = Cli(path)
    for command in (["db", "upgrade"], ["meeting", "list"], ["load", str(SAMPLE)], ["db", "status"]):
        assert "not a scheduler store" in cli.fails(*command).stderr
    assert path.read_bytes() == before
    with pytest.raises(NotAStoreError):
        open_engine(str(path))


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("inte en databas\n" * 200)
    before = path.read_bytes()
    Cli(path).fails("meeting", "list")
    assert path.read_bytes() == before


def test_an_empty_db_option_is_refused_not_the_default_store(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    result = Cli("").fails("meeting", "list")
    assert "--db is empty" in result.stderr
    assert not (tmp_path / "xdg").exists()
    with pytest.raises(StoreError, match="empty"):
        open_engine("  ")


def test_a_new_store_is_created_at_head_and_says_so(tmp_path):
    cli = Cli(tmp_path / "new.db")
    cli.runner.env["SCHEDULER_LANG"] = "sv"  # status_text below speaks the environment's language
    empty = {"revision": None, "head": schema.head(), "state": "empty"}
    assert cli.json("db", "status") == empty
    assert cli.ok("db", "status").stdout == status_text(empty) + "\n"
    cli.ok("meeting", "list")
    current = json.loads(cli.ok("db", "status", "--json").stdout)
    assert current == {"revision": schema.head(), "head": schema.head(), "state": "current"}
    assert cli.ok("db", "status").stdout == status_text(current) + "\n"


def test_0002_adds_the_reply_token_publication_and_reminder_tables(store_db):
    engine = sample_at(store_db, "0001")
    before = rows(engine)
    after = upgrade(engine, "0002")
    assert unchanged(before, after)
    assert {name: after[name] for name in set(after) - set(before)} == {
        "reply": [], "accesstoken": [], "publication": [], "remindersent": []}


def test_0003_adds_the_busy_source_table(store_db):
    engine = sample_at(store_db, "0002")
    before = rows(engine)
    after = upgrade(engine, "0003")
    assert unchanged(before, after) and after["busysource"] == []
