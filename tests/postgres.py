"""A throwaway PostgreSQL server for the tests that prove the store runs on it.

``SCHEDULER_TEST_PG_URL`` names a server to use instead. Otherwise the fixture starts one
from the machine's PostgreSQL binaries on 127.0.0.1 (as the ``postgres`` user when run as
root, since PostgreSQL refuses root) and stops it after the session. Without binaries
the tests are skipped, except under CI, where that is a failure: ``.ci/run`` installs them.
"""

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator

import pytest


def _bindir() -> str | None:
    found = shutil.which("pg_ctl")
    if found:
        return os.path.dirname(os.path.realpath(found))
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return os.path.dirname(candidates[-1]) if candidates else None


RUNUSER = "/usr/sbin/runuser"
"""By absolute path: root's PATH does not always hold /usr/sbin."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user(args: list[str]) -> list[str]:
    return [RUNUSER, "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@contextlib.contextmanager
def _server() -> Iterator[str]:
    bindir = _bindir()
    if bindir is None:
        message = "PostgreSQL binaries not found (apt-get install postgresql)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    folder = tempfile.mkdtemp(prefix="scheduler-pg-")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data, port = os.path.join(folder, "data"), _free_port()
    run = dict(check=True, capture_output=True, text=True)
    subprocess.run(_as_server_user([f"{bindir}/initdb", "-D", data, "-U", "postgres",
                                    "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]), **run)
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(_as_server_user([f"{bindir}/pg_ctl", "-D", data, "-o", options, "-w",
                                    "-l", os.path.join(folder, "log"), "start"]), **run)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(_as_server_user([f"{bindir}/pg_ctl", "-D", data, "-m", "immediate",
                                        "stop"]), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The base URL of a PostgreSQL server (no database part)."""
    given = os.environ.get("SCHEDULER_TEST_PG_URL")
    if given:
        yield given.rsplit("/", 1)[0]
        return
    with _server() as url:
        yield url


def new_database(pg_server: str) -> str:
    """A URL to a new, empty database on the server ``pg_server``."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    plain = pg_server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain + "/postgres", autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    return f"{pg_server}/{name}"


@pytest.fixture
def pg_url(pg_server: str) -> str:
    """A URL to a new, empty database on the test server."""
    return new_database(pg_server)
