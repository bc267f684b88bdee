"""db dump / db restore: every table, byte for byte the same after a round trip, on both engines."""

import json

from scheduler.store import schema
from tests.conftest import Cli


def _busy_sample(cli: Cli, tmp_path) -> None:
    """The sample with history, an invitation and a deadline done, so no table is empty."""
    cli.ok("meeting", "edit", "5", "--start", "2024-02-23 09:00", "--reason", "Flyttat")
    cli.ok("invite", "5", "-o", str(tmp_path / "invite.ics"))
    cli.ok("deadline", "done", "1")
    cli.ok("meeting", "doc", "add", "5", "https://example.org/handling.pdf", "--title", "Handling")


def test_dump_restore_dump_is_identical_across_engines(sample_cli, tmp_path, store_db):
    _busy_sample(sample_cli, tmp_path)
    first = tmp_path / "first.json"
    sample_cli.ok("db", "dump", str(first))
    document = json.loads(first.read_text(encoding="utf-8"))
    assert document["format"] == "scheduler-dump" and document["version"] == 1
    assert document["schema"] == schema.head()
    assert all(document["tables"][name] for name in schema.FIRST_TABLES), "every table has rows"
    assert document["tables"]["revision"][-1]["at"].endswith("+00:00")
    assert document["tables"]["deadline"][0]["due"].count("-") == 2

    target = Cli(store_db)
    restored = target.json("db", "restore", str(first))
    assert sum(restored["rows"].values()) == sum(len(rows) for rows in document["tables"].values())
    second = tmp_path / "second.json"
    target.ok("db", "dump", str(second))
    assert second.read_bytes() == first.read_bytes()
    assert target.ok("db", "dump").stdout == first.read_text(encoding="utf-8")
    assert target.json("meeting", "show", "5") == sample_cli.json("meeting", "show", "5")
    assert target.json("meeting", "history", "5") == sample_cli.json("meeting", "history", "5")


def test_a_restored_store_takes_new_rows_after_the_old_ids(sample_cli, tmp_path, store_db):
    dump = tmp_path / "d.json"
    sample_cli.ok("db", "dump", str(dump))
    target = Cli(store_db)
    target.ok("db", "restore", str(dump))
    made = target.json("meeting", "add", "Ny", "--start", "2024-03-01 09:00")
    assert made["id"] == 6
    assert target.json("person", "add", "Ny Person", "--email", "ny@example.se")["id"] == 14


def test_restore_into_a_store_with_data_is_refused(sample_cli, tmp_path):
    dump = tmp_path / "d.json"
    sample_cli.ok("db", "dump", str(dump))
    before = sample_cli.dump()
    assert "not empty" in sample_cli.fails("db", "restore", str(dump)).stderr
    assert sample_cli.dump() == before


def test_restore_refuses_damaged_and_newer_dumps(sample_cli, tmp_path):
    cli = Cli(tmp_path / "new.db")
    dump = tmp_path / "d.json"
    sample_cli.ok("db", "dump", str(dump))
    text = dump.read_text(encoding="utf-8")
    document = json.loads(text)
    cases = {
        "truncated": (text[: len(text) // 2], "truncated"),
        "newer": (json.dumps({**document, "version": 2}), "newer scheduler"),
        "future schema": (json.dumps({**document, "schema": "ffff9999"}), "newer scheduler"),
        "other json": (json.dumps({"meetings": []}), "not a scheduler dump"),
        "binary": (None, "not a scheduler dump"),
        "bad time": (text.replace('"at": "', '"at": "x', 1), "not a valid time"),
        "unknown table": (json.dumps({**document, "tables": {**document["tables"], "x": []}}), "does not know"),
    }
    for name, (content, message) in cases.items():
        bad = tmp_path / f"{name}.json"
        if content is None:
            bad.write_bytes(b"\xff\xfe\x00garbage")
        else:
            bad.write_text(content, encoding="utf-8")
        result = cli.fails("db", "restore", str(bad))
        assert message in result.stderr, (name, result.stderr)
        assert cli.dump() == ""
    cli.ok("db", "restore", str(dump))
    assert len(cli.json("meeting", "list")) == 5
