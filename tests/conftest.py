"""Shared fixtures: a clock, a session on a fresh store, and a CLI runner on a temporary --db."""

import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result

from cli import main
from scheduler.clock import Clock
from scheduler.store import open_engine, transaction

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sodertorn.toml"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture(autouse=True)
def language_of_the_environment() -> Iterator[None]:
    """Each test starts speaking the environment's language, whatever a command before chose."""
    from scheduler.text import i18n

    i18n.set_language(None)
    yield
    i18n.set_language(None)


@pytest.fixture
def clock() -> Clock:
    """The day of the seed minutes, 2023-12-15 00:00 in Stockholm."""
    return Clock(now=dt.datetime(2023, 12, 15, tzinfo=STOCKHOLM), tz=STOCKHOLM)


@pytest.fixture
def engine(tmp_path: Path):
    engine = open_engine(str(tmp_path / "core.db"))
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine) -> Iterator:
    with transaction(engine) as session:
        yield session


@pytest.fixture
def sample_session(tmp_path: Path, sample_store: Path) -> Iterator:
    """A session on a store with the Södertörn sample loaded."""
    path = tmp_path / "sample-core.db"
    copy_store(sample_store, path)
    engine = open_engine(str(path))
    with transaction(engine) as session:
        yield session
    engine.dispose()


class Cli:
    """Runs ``scheduler`` commands against one temporary store, with ``--today`` set."""

    def __init__(self, db: Path, today: str = "2023-12-15"):
        self.db, self.today = db, today
        self.runner = CliRunner()

    def run(self, *args: str, today: str | None = None, input: str | None = None) -> Result:
        base = ["--db", str(self.db), "--today", today or self.today]
        # English unless the test chose a language (SCHEDULER_LANG in the runner's or the
        # process's environment, or --lang): most tests read messages, written in English.
        chosen = "SCHEDULER_LANG" in self.runner.env or os.environ.get("SCHEDULER_LANG")
        from scheduler.text import i18n

        try:
            return self.runner.invoke(main, [*base, *args], input=input, catch_exceptions=False,
                                      prog_name="scheduler", env=None if chosen else {"SCHEDULER_LANG": "en"})
        finally:
            i18n.set_language(None)  # the command's choice ends with it, as its process would

    def ok(self, *args: str, **kwargs) -> Result:
        result = self.run(*args, **kwargs)
        assert result.exit_code == 0, f"{args}: {result.output}{result.stderr}"
        return result

    def json(self, *args: str, **kwargs):
        return json.loads(self.ok(*args, "--json", **kwargs).stdout)

    def fails(self, *args: str, code: int = 1, **kwargs) -> Result:
        """The command fails cleanly: an ``Error:`` line, the exit code, no traceback."""
        result = self.run(*args, **kwargs)
        assert result.exit_code == code, f"{args}: exit {result.exit_code}: {result.output}"
        if code == 1:
            assert result.stderr.startswith(("Error: ", "Fel: ")), result.stderr
        assert "Traceback" not in result.output
        return result

    def set_organizer(self) -> None:
        """A default organizer for the store, so a meeting outside a series is made without the
        warning that ``invite`` will need one."""
        self.ok("person", "add", "Helene Olofsson", "--email", "helene.olofsson@sodertornskommunerna.example")
        self.ok("config", "set", "organizer", "Helene Olofsson")

    def dump(self) -> str:
        """Every row of the store as text, to check that a failed command changed nothing.

        The schema revision a new store is created with is not data, so it is left out.
        """
        import sqlite3

        with sqlite3.connect(self.db) as con:
            return "\n".join(line for line in con.iterdump()
                             if line.startswith("INSERT") and not line.startswith('INSERT INTO "alembic_version"'))


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "cli.db")


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    """A store file with the sample loaded once (as of 2023-12-15), copied by each test."""
    path = tmp_path_factory.mktemp("sample") / "sample.db"
    Cli(path).ok("load", str(SAMPLE))
    return path


def copy_store(source: Path, target: Path) -> None:
    """Copy a SQLite store whole (the WAL included) through SQLite's backup API."""
    import sqlite3

    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


@pytest.fixture
def sample_cli(cli: Cli, sample_store: Path) -> Cli:
    """A CLI on a store with the Södertörn sample loaded."""
    copy_store(sample_store, cli.db)
    return cli


@pytest.fixture(params=["sqlite", "postgresql"])
def store_db(request, tmp_path: Path) -> str:
    """An empty database on each engine: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return request.getfixturevalue("pg_url")


from tests.postgres import pg_server, pg_url  # noqa: E402,F401  (fixtures)
