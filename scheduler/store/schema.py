"""The store's schema revision (Alembic): where a store stands, creating it, upgrading it.

The migrations live in ``scheduler/store/migrations/versions`` and ship with the package;
Alembic runs from here on a connection the caller opened, inside the caller's transaction
(no ``alembic.ini``). Revision ``0001`` is the schema of v0.1.0, whose stores have no
``alembic_version`` table: they are recognised by their tables.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import MetaData, inspect, text
from sqlalchemy.engine import Connection

from scheduler.errors import StoreError

if TYPE_CHECKING:
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
FIRST = "0001"
FIRST_TABLES = frozenset({
    "organisation", "person", "series", "seriesmember", "meeting", "participation",
    "agendaitem", "document", "deadline", "revision", "invitation",
})


class OutdatedStoreError(StoreError):
    """The store is at an older revision than the code: ``scheduler db upgrade`` brings it up."""


class NewerStoreError(StoreError):
    """The store was upgraded by a newer scheduler than this one."""


class NotAStoreError(StoreError):
    """The database holds tables, but not a scheduler store's; it is left untouched."""


class Status(NamedTuple):
    """Where a store stands: its revision (None when the database is empty) and the code's head."""

    revision: str | None
    head: str
    known: bool  # this code has the store's revision
    recorded: bool  # the store records it (v0.1.0's stores do not)

    @property
    def state(self) -> str:
        """``empty``, ``current``, ``outdated`` or ``newer``."""
        if self.revision is None:
            return "empty"
        if not self.known:
            return "newer"
        return "current" if self.revision == self.head and self.recorded else "outdated"


@functools.cache
def scripts() -> ScriptDirectory:
    """The migrations shipped with the package, as Alembic reads them (only ``db`` commands and
    tests need this: Alembic takes longer to import than a whole everyday command)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


@functools.cache
def revisions() -> tuple[str, ...]:
    """The revisions shipped, oldest first, read from the files' names (``NNNN_what.py``, each
    revising the one before; a test holds Alembic's own reading to the same line)."""
    return tuple(sorted(path.name.split("_", 1)[0] for path in (MIGRATIONS / "versions").glob("[0-9]*_*.py")))


def metadata() -> MetaData:
    """Every table of the store: the models everyday commands use and the exchanges' tables,
    which only their own commands load (for Alembic's comparison and to find every row that
    points at a record)."""
    from sqlmodel import SQLModel

    from scheduler.store import (
        exchanges,  # noqa: F401  (registers the tables)
        models,  # noqa: F401
    )

    return SQLModel.metadata


def head() -> str:
    """The newest revision."""
    return revisions()[-1]


def revision_of(connection: Connection) -> tuple[str | None, bool]:
    """The store's revision (None for an empty database) and whether the store records it.

    A database of other tables is refused.
    """
    tables = set(inspect(connection).get_table_names())
    if "alembic_version" in tables:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar(), True
    if not tables:
        return None, False
    if FIRST_TABLES <= tables:
        return FIRST, False
    raise NotAStoreError(
        "This database is not a scheduler store (it has the tables {tables}); it was left untouched: "
        "give --db a new file or a scheduler store.", tables=", ".join(sorted(tables)))


def status(connection: Connection) -> Status:
    """Where the store on ``connection`` stands against this code."""
    revision, recorded = revision_of(connection)
    known = revision is None or revision in revisions()
    return Status(revision=revision, head=head(), known=known, recorded=recorded)


def ensure_current(connection: Connection) -> bool:
    """Create the schema at head in an empty database, else require it to be at head.

    Returns True when the store was created. Every command but ``db upgrade`` and
    ``db status`` opens the store through this.
    """
    found = status(connection)
    if found.state == "empty":
        upgrade_to(connection, found.head)
        return True
    _refuse_newer(found)
    if found.state == "outdated":
        raise OutdatedStoreError(
            "The store is at schema revision {revision}, this scheduler needs {head} recorded in it: "
            "run `scheduler db upgrade` (back it up first with `scheduler db dump`).",
            revision=found.revision, head=found.head)
    return False


def upgrade_to(connection: Connection, revision: str) -> None:
    """Build the schema up to ``revision``, in an empty database or from an older revision."""
    _migrate(connection, "upgrade", revision)


def upgrade(connection: Connection) -> Status:
    """Bring the store up to head inside the caller's transaction; returns where it stood before."""
    found = status(connection)
    _refuse_newer(found)
    if found.revision is not None and not found.recorded:
        _migrate(connection, "stamp", found.revision)
    if found.state != "current":
        _migrate(connection, "upgrade", found.head)
    return found


def _refuse_newer(found: Status) -> None:
    if found.state == "newer":
        raise NewerStoreError(
            "This store was made by a newer scheduler (schema revision {revision}, this one knows up "
            "to {head}): upgrade scheduler to use it.", revision=found.revision, head=found.head)


def _migrate(connection: Connection, action: str, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    getattr(command, action)(config, revision)
