"""Engine and session creation from a path or SQLAlchemy URL, and the schema.

The engine is built by ``open_engine``, never at import time, so tests can pass a
temporary file or an in-memory database.
"""

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlmodel import Session, SQLModel, create_engine

from scheduler.errors import StoreError
from scheduler.store import models  # noqa: F401  (registers the tables)


def default_db_path() -> Path:
    """``$XDG_DATA_HOME/scheduler/scheduler.db`` (``~/.local/share`` when unset)."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "scheduler" / "scheduler.db"


def database_url(db: str | None) -> str:
    """A SQLAlchemy URL for ``db``: a URL as it is, a path as SQLite, None as the default file.

    An explicit path must be in an existing, writable folder; the default folder is created.
    """
    if db and "://" in db:
        return db
    if db == ":memory:":
        return "sqlite://"
    if db:
        path = Path(db).expanduser()
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise StoreError(
                f"The folder of --db {db} does not exist: create it first or give another path."
            )
        if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            raise StoreError(f"--db {db} cannot be written: give a path in a writable folder.")
    else:
        path = default_db_path()
        path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def open_engine(db: str | None = None) -> Engine:
    """An engine for ``db`` (path, URL or None for the default file) with the schema in place."""
    url = database_url(db)
    try:
        engine = create_engine(url)
    except (ArgumentError, ImportError) as err:
        raise StoreError(f"Cannot use database URL {shown(url)!r}: {err}") from err
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        if not inspect(engine).has_table("meeting"):
            SQLModel.metadata.create_all(engine)
    except SQLAlchemyError as err:
        raise StoreError(f"Cannot open the store {shown(db or url)}: {_short(err)}") from err
    return engine


@contextlib.contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One session and one transaction: committed if the block succeeds, else rolled back."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except OperationalError as err:
            session.rollback()
            raise StoreError(f"The store could not be written: {_short(err)}") from err
        except BaseException:
            session.rollback()
            raise


def shown(db: str) -> str:
    """``db`` as messages show it: a URL's password replaced by ``***``."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", db)


def _short(err: SQLAlchemyError) -> str:
    return str(getattr(err, "orig", None) or err).splitlines()[0]
