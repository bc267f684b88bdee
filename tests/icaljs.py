"""Run ical.js (Thunderbird's iCalendar parser) under Node on our .ics output.

``parse_ics`` installs ical.js into ``tests/js/node_modules`` on first use (``npm ci``,
once, under a file lock). When Node or the install is missing, a test that calls it is
skipped, or fails when the environment variable CI is set.
"""

import fcntl
import functools
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

JS_DIR = Path(__file__).parent / "js"
SCRIPT = JS_DIR / "icaljs.mjs"


class IcalJsError(AssertionError):
    """ical.js rejected the calendar; the message is its complaint."""


def _installed_version() -> str | None:
    package = JS_DIR / "node_modules" / "ical.js" / "package.json"
    return json.loads(package.read_text())["version"] if package.exists() else None


def _locked_version() -> str:
    lock = json.loads((JS_DIR / "package-lock.json").read_text())
    return lock["packages"]["node_modules/ical.js"]["version"]


@functools.cache
def _problem() -> str | None:
    """Why ical.js cannot run here, or None when it can (installing it if needed)."""
    if shutil.which("node") is None:
        return "node is not installed; ical.js checks need Node.js 20 or later"
    with open(JS_DIR / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _installed_version() == _locked_version():
            return None
        if shutil.which("npm") is None:
            return "npm is not installed; run `npm ci` in tests/js"
        done = subprocess.run(
            ["npm", "ci", "--silent", "--no-audit", "--no-fund"],
            cwd=JS_DIR,
            capture_output=True,
            text=True,
        )
    if done.returncode != 0:
        return f"`npm ci` in tests/js failed: {done.stderr.strip()}"
    return None


def icaljs_available() -> bool:
    """True when Node runs and ical.js is installed (or was just installed)."""
    return _problem() is None


def parse_ics(data: bytes, *, start: str | None = None, end: str | None = None) -> dict:
    """What ical.js reads in ``data``, as JSON (see tests/js/icaljs.mjs); ``start`` and
    ``end`` (ISO 8601) bound the expanded occurrences to [start, end)."""
    problem = _problem()
    if problem is not None:
        if os.environ.get("CI"):
            pytest.fail(f"{problem} (CI is set, so this fails instead of skipping)", pytrace=False)
        pytest.skip(problem)
    args = ["node", str(SCRIPT)]
    if start is not None:
        args += ["--from", start]
    if end is not None:
        args += ["--to", end]
    done = subprocess.run(args, input=data, capture_output=True, timeout=60)
    if done.returncode != 0:
        raise IcalJsError(done.stderr.decode().strip())
    return json.loads(done.stdout)
