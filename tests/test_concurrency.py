"""Concurrent writers on SQLite and PostgreSQL: no lost update, one winner, busy is not an error.

Each command holds the store's write lock from its first statement (BEGIN IMMEDIATE on
SQLite, an advisory lock on PostgreSQL), so commands run one after another: none writes
from a stale read, and a unique key raced for is found by the second command, not inserted.
"""

import json
import subprocess
import sys
import threading
import time

import pytest

from scheduler.errors import StoreError
from scheduler.store.engine import open_engine, transaction
from tests.conftest import ROOT, SAMPLE, Cli
from tests.migrations import rows

WORKER = """
import json, sys
from click.testing import CliRunner
from cli import main
db, commands = sys.argv[1], json.loads(sys.argv[2])
runner = CliRunner()
out = []
for args in commands:
    result = runner.invoke(main, ["--db", db, "--today", "2023-12-15", *args])
    out.append([result.exit_code, result.stderr])
print(json.dumps(out))
"""


def run_at_once(db: str, work: list[list[list[str]]]) -> list[list]:
    """Start one process per list of commands, all at once; each one's [exit code, stderr]."""
    processes = [subprocess.Popen([sys.executable, "-c", WORKER, db, json.dumps(commands)], cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for commands in work]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        results.extend(json.loads(out))
    assert not [r for r in results if "Traceback" in r[1]]
    return results


def _masked(tables: dict) -> dict:
    """Rows without the moments they were written at (they differ between runs)."""
    return {name: [{k: v for k, v in row.items() if not (k == "at" or k.endswith("_at"))} for row in table]
            for name, table in tables.items()}


def test_eight_writers_lose_no_update(store_db):
    cli = Cli(store_db)
    cli.ok("load", str(SAMPLE))
    starts = [[f"2024-03-{1 + worker:02d} {8 + edit:02d}:00" for edit in range(10)] for worker in range(8)]
    work = [[["meeting", "edit", "5", "--start", start] for start in mine] for mine in starts]
    results = run_at_once(store_db, work)
    applied = [r for r in results if r[0] == 0]
    refused = [r for r in results if r[0] != 0]
    assert all("changed by someone else meanwhile" in r[1] for r in refused)
    assert cli.json("meeting", "show", "5")["sequence"] == len(applied)
    sequence = [(int(r["old"]), int(r["new"])) for r in rows(open_engine(store_db))["revision"]
                if r["entity"] == "meeting" and r["entity_id"] == 5 and r["field"] == "sequence"]
    assert sequence == [(n, n + 1) for n in range(len(applied))]


def test_four_loads_at_once_equal_one_load(store_db, tmp_path):
    results = run_at_once(store_db, [[["load", str(SAMPLE)]]] * 4)
    assert [code for code, _ in results] == [0, 0, 0, 0]
    once = Cli(tmp_path / "once.db")
    once.ok("load", str(SAMPLE))
    assert _masked(rows(open_engine(store_db))) == _masked(rows(open_engine(str(once.db))))


def test_four_imports_and_agenda_adds_at_once(store_db, tmp_path):
    ics = ROOT / "tests" / "data" / "import" / "outlook.ics"
    Cli(store_db).ok("load", str(SAMPLE))
    results = run_at_once(store_db, [[["import", str(ics)], ["agenda", "add", "5", "Punkt"]]] * 4)
    assert [code for code, _ in results] == [0] * 8
    once = Cli(tmp_path / "once.db")
    once.ok("load", str(SAMPLE))
    once.ok("import", str(ics))
    tables, expected = _masked(rows(open_engine(store_db))), _masked(rows(open_engine(str(once.db))))
    assert tables["meeting"] == expected["meeting"] and tables["person"] == expected["person"]
    points = [row["position"] for row in tables["agendaitem"] if row["meeting_id"] == 5 and row["title"] == "Punkt"]
    assert len(points) == 4 and len(set(points)) == 4


def _hold_lock(db: str, seconds: float, held: threading.Event) -> None:
    engine = open_engine(db)
    with transaction(engine) as session:
        session.connection()  # the transaction begins, and with it the lock
        held.set()
        time.sleep(seconds)
    engine.dispose()


def test_a_busy_store_is_waited_for_then_given_up_with_a_clear_message(store_db):
    cli = Cli(store_db)
    cli.ok("load", str(SAMPLE))
    held = threading.Event()
    holder = threading.Thread(target=_hold_lock, args=(store_db, 1.5, held))
    holder.start()
    held.wait()
    began = time.monotonic()
    cli.ok("meeting", "edit", "5", "--location", "Huddinge")  # waits its turn
    assert time.monotonic() - began > 1
    holder.join()
    held.clear()
    holder = threading.Thread(target=_hold_lock, args=(store_db, 3, held))
    holder.start()
    held.wait()
    with pytest.raises(StoreError, match="busy: another command kept it locked for over 1 s"):
        open_engine(store_db, busy_seconds=1)
    holder.join()


def test_a_new_store_gets_its_write_ahead_log_while_another_command_writes(tmp_path):
    """Switching to WAL needs the store to itself, and SQLite answers "locked" at once rather
    than waiting: the command that created the store tries again until the others that found
    it new at the same moment let go (four loads at once failed now and then)."""
    import sqlite3

    from scheduler.store.engine import _write_ahead_log

    db = tmp_path / "new.db"
    sqlite3.connect(db).close()
    engine = open_engine(str(db), check=False)
    holding, held = threading.Event(), threading.Event()

    def writer() -> None:
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("CREATE TABLE t (x)")
        holding.set()
        time.sleep(0.3)
        other.execute("COMMIT")
        other.close()
        held.set()

    thread = threading.Thread(target=writer)
    thread.start()
    holding.wait(5)
    _write_ahead_log(engine, busy_seconds=5)
    thread.join()
    assert held.is_set()
    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    engine.dispose()
