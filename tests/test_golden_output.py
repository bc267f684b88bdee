"""The README's main job prints and writes exactly what the golden files under tests/data/golden/ hold.

A change of wording on purpose updates those files (run with ``SCHEDULER_GOLDEN_UPDATE=1``);
anything else that changes them is a change of behaviour.
"""

import os
import re
from pathlib import Path

from tests.conftest import SAMPLE, Cli

GOLDEN = Path(__file__).parent / "data" / "golden"
UPDATE = os.environ.get("SCHEDULER_GOLDEN_UPDATE") == "1"

MAIN_JOB = [
    ("load", str(SAMPLE)),
    ("upcoming", "--days", "70"),
    ("deadlines",),
    ("notices", "--days", "70"),
    ("invite", "ledningsgrupp-2024-02-16", "-o", "{ics}"),
]


def masked(ics: bytes) -> bytes:
    """The invitation with its DTSTAMP (the moment it was written) masked."""
    return re.sub(rb"DTSTAMP:[0-9TZ]+", b"DTSTAMP:<masked>", ics)


def compare(name: str, actual: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(actual)
    assert actual == path.read_bytes(), f"{name} differs from the golden file"


def test_main_job_output_is_unchanged(tmp_path: Path):
    cli = Cli(tmp_path / "sample.db")
    cli.runner.env["SCHEDULER_LANG"] = "sv"  # the README's job runs in the default language
    ics = tmp_path / "2024-02-16-ledningsgrupp.ics"
    transcript = []
    for command in MAIN_JOB:
        args = [arg.format(ics=ics) for arg in command]
        result = cli.ok(*args)
        transcript.append(f"$ scheduler {' '.join(args)}\n{result.stdout}")
    text = "".join(transcript).replace(str(SAMPLE), "SAMPLE.toml").replace(str(ics), "OUT.ics")
    compare("main-job.txt", text.encode())
    compare("invite-2024-02-16-ledningsgrupp.ics", masked(ics.read_bytes()))
