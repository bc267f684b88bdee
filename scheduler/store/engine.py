"""Engine and session creation from a path or SQLAlchemy URL, and the schema.

The engine is built by ``open_engine``, never at import time, so tests can pass a
temporary file or an in-memory database.
"""

import contextlib
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, DatabaseError, InternalError, OperationalError, SQLAlchemyError
from sqlmodel import Session, create_engine

from scheduler.errors import ConcurrentChangeError, StoreError
from scheduler.store import (
    models,  # noqa: F401  (registers the tables)
    schema,
)


def default_db_path() -> Path:
    """``$XDG_DATA_HOME/scheduler/scheduler.db`` (``~/.local/share`` when unset)."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "scheduler" / "scheduler.db"


def database_url(db: str | None) -> str:
    """A SQLAlchemy URL for ``db``: a URL as it is, a path as SQLite, None as the default file.

    An explicit path must be in an existing folder, and a new file in a writable one; a
    store that cannot be written is opened read-only. The default folder is created.
    """
    if db is not None and not db.strip():
        raise StoreError("--db is empty: give a file or a database URL, or leave --db out for the default store.")
    if db and "\0" in db:
        raise StoreError("--db {db!r} has a NUL character: give a path or URL without it.", db=db)
    if db and "://" in db:
        return db
    if db == ":memory:":
        return "sqlite://"
    if db:
        path = Path(db).expanduser()
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise StoreError(
                'The folder of --db {db} does not exist: create it first or give another path.', db=db
            )
        if path.exists() and not os.access(path, os.W_OK):
            return f"sqlite:///{path.resolve().as_uri()}?mode=ro&uri=true"
        if not os.access(folder, os.W_OK):
            raise StoreError('--db {db} cannot be written: give a path in a writable folder.', db=db)
    else:
        path = default_db_path()
        path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


BUSY_SECONDS = 60
"""How long a command waits for another one writing the store before it gives up."""


def open_engine(db: str | None = None, *, check: bool = True, busy_seconds: int = BUSY_SECONDS) -> Engine:
    """An engine for ``db`` (path, URL or None for the default file).

    With ``check`` the store is created at the newest schema revision when the database is
    empty and refused when it is at another one (``db upgrade`` and ``db status`` pass False).
    Every transaction holds the store's write lock from its start (``BEGIN IMMEDIATE`` on
    SQLite, an advisory lock on PostgreSQL), so commands run one after another and none
    writes from a stale read; a command waits up to ``busy_seconds`` for its turn.
    """
    url = database_url(db)
    try:
        engine = create_engine(url, execution_options={"busy_seconds": busy_seconds})
    except (ArgumentError, ImportError) as err:
        raise StoreError('Cannot use database URL {url!r}: {err}', url=shown(url), err=err) from err
    _take_turns(engine, busy_seconds)
    if check:
        with connection_scope(engine) as connection:
            created = schema.ensure_current(connection)
        if created and engine.dialect.name == "sqlite":
            _write_ahead_log(engine, busy_seconds)
    return engine


def open_reader(db: str | None = None) -> Engine:
    """An engine that can only read the store (for the web side): a SQLite file is opened
    ``mode=ro`` (its transactions take no write lock), a PostgreSQL session is read-only."""
    url = database_url(db)
    if url.startswith("sqlite:///"):
        url = f"sqlite:///file:{quote(url.removeprefix('sqlite:///'))}?mode=ro&uri=true"
    engine = open_engine(url)
    if engine.dialect.name == "postgresql":

        @event.listens_for(engine, "connect")
        def refuse_writes(dbapi_connection, _record) -> None:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            dbapi_connection.commit()

        engine.dispose()  # the connection that checked the schema was made before the listener
    return engine


@contextlib.contextmanager
def connection_scope(engine: Engine) -> Iterator[Connection]:
    """One connection in one transaction (for schema work and backups), errors as StoreError."""
    try:
        with engine.begin() as connection:
            yield connection
    except SQLAlchemyError as err:
        raise store_error(err, engine) from err


def read_only(bind: Engine | Connection) -> bool:
    """Whether ``bind`` is on a SQLite store opened only to read (``mode=ro``)."""
    return bind.engine.dialect.name == "sqlite" and "mode=ro" in str(bind.engine.url)


def _take_turns(engine: Engine, busy_seconds: int) -> None:
    """Serialise writers: each transaction takes the store's lock when it begins."""
    if engine.dialect.name == "sqlite":
        readonly = read_only(engine)

        @event.listens_for(engine, "connect")
        def connect(dbapi_connection, _record) -> None:
            dbapi_connection.isolation_level = None  # transactions are begun below, not by pysqlite
            dbapi_connection.execute("PRAGMA foreign_keys=ON")
            dbapi_connection.execute(f"PRAGMA busy_timeout={busy_seconds * 1000}")

        @event.listens_for(engine, "begin")
        def begin(connection) -> None:
            connection.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    elif engine.dialect.name == "postgresql":

        @event.listens_for(engine, "begin")
        def lock(connection) -> None:
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{busy_seconds}s'")
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({STORE_LOCK})")


STORE_LOCK = 0x5C4ED
"""The PostgreSQL advisory lock that scheduler's transactions take in turn."""


def _write_ahead_log(engine: Engine, busy_seconds: int) -> None:
    """A new SQLite store keeps a write-ahead log, so readers never wait for a writer.

    The switch needs the store to itself, and SQLite answers "locked" at once instead of
    waiting (its busy timeout does not apply): while other commands that found the same new
    store go on in turn, it is tried again, for up to ``busy_seconds``. A store left without
    the log still works; its readers wait for writers."""
    import sqlite3

    raw = engine.raw_connection()
    until = time.monotonic() + busy_seconds
    try:
        while True:
            try:
                raw.driver_connection.execute("PRAGMA journal_mode=WAL")  # type: ignore[union-attr]  # open
                return
            except sqlite3.OperationalError as err:
                if "locked" not in str(err):
                    raise
                if time.monotonic() >= until:
                    return  # left without the log: see above
                time.sleep(0.02)
    finally:
        raw.close()


@contextlib.contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One session and one transaction: committed if the block succeeds, else rolled back."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except DatabaseError as err:
            session.rollback()
            if not isinstance(err, OperationalError | InternalError) and damaged(err, engine) is None:
                raise
            raise store_error(err, engine) from err
        except BaseException:
            session.rollback()
            raise


def store_error(err: SQLAlchemyError, engine: Engine) -> StoreError:
    """The StoreError that says what a database error means for the user."""
    if problem := damaged(err, engine):
        return problem
    text = _short(err).lower()
    where = shown(str(engine.url.render_as_string(hide_password=False)))
    if "database is locked" in text or "lock timeout" in text:
        seconds = engine.get_execution_options().get("busy_seconds", BUSY_SECONDS)
        return StoreError("The store is busy: another command kept it locked for over {seconds} s; "
                          "try again when it has finished.", seconds=seconds)
    if "readonly" in text or "read-only" in text or "permission denied" in text:
        return StoreError("The store {store} is read-only: it can be read but not changed; "
                          "ask its owner for write access or work on a copy.", store=where)
    if "could not serialize" in text or "deadlock" in text:
        return ConcurrentChangeError("The store was changed by someone else meanwhile; run the command again.")
    return StoreError("Cannot use the store {store}: {problem}", store=where, problem=_short(err))


DAMAGE = ("malformed", "not a database", "file is encrypted", "disk image")


def damaged(err: SQLAlchemyError, engine: Engine) -> StoreError | None:
    """A StoreError that says the store's file is damaged and how to recover, if ``err``
    says so (SQLite's "database disk image is malformed", "file is not a database")."""
    reason = _short(err)
    if not any(word in reason for word in DAMAGE):
        return None
    where = engine.url.database if engine.dialect.name == "sqlite" else shown(str(engine.url))
    return StoreError("the store {where} is damaged ({reason}); nothing was written to it. Restore "
                        "it from a copy written by 'scheduler db dump', or rescue what is left with "
                        "'sqlite3 {where} .recover | sqlite3 rescued.db'.", where=where, reason=reason)


def shown(db: str) -> str:
    """``db`` as messages show it: a URL's password replaced by ``***``."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", db)


def _short(err: SQLAlchemyError) -> str:
    return str(getattr(err, "orig", None) or err).splitlines()[0]
