"""Listings fit the terminal: on a terminal of 80 columns no line is wider; piped, values
are whole."""

import os
import pty
import subprocess
import sys

import pytest

from tests.conftest import ROOT, copy_store

LISTINGS = [
    ["upcoming", "--days", "400"],
    ["deadlines"],
    ["notices"],
    ["meeting", "list"],
    ["person", "list"],
    ["attendance", "ledningsgrupp-2024-02-16"],
    ["meeting", "history", "ledningsgrupp-2024-02-16"],
]
LONG_TITLE = "Nytt möte mellan Södertörnskommunerna och regionen under samrådsperioden för RUFSS"

# Runs every listing in one process (start-up is most of a command's time).
SCRIPT = """
import sys
from cli import main
for lang in ("sv", "en"):
    for args in {listings!r}:
        try:
            main(["--db", sys.argv[1], "--today", "2023-12-15", "--lang", lang, *args], prog_name="scheduler")
        except SystemExit as done:
            assert not done.code, (args, done.code)
"""


def run(db, *, terminal: bool) -> str:
    env = {**os.environ, "COLUMNS": "80", "SCHEDULER_LANG": ""}
    command = [sys.executable, "-c", SCRIPT.format(listings=LISTINGS), str(db)]
    if not terminal:
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                              check=True).stdout
    leader, follower = pty.openpty()
    with subprocess.Popen(command, cwd=ROOT, env=env, stdin=follower, stdout=follower,
                          stderr=follower) as process:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the process is done
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait() == 0, b"".join(chunks).decode()
    os.close(leader)
    return b"".join(chunks).decode().replace("\r\n", "\n")


@pytest.fixture
def sample_db(tmp_path, sample_store):
    path = tmp_path / "wide.db"
    copy_store(sample_store, path)
    return path


def test_no_listing_line_is_wider_than_the_terminal(sample_db):
    text = run(sample_db, terminal=True)
    wide = [line for line in text.splitlines() if len(line) > 80]
    assert not wide, "\n".join(wide)
    assert "…" in text and LONG_TITLE not in text


def test_piped_listings_keep_whole_values(sample_db):
    text = run(sample_db, terminal=False)
    assert LONG_TITLE in text
    assert "…" not in text
