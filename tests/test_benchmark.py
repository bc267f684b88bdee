"""The benchmark's own arithmetic: which generated meeting is the first on a day, and a
clear refusal of stores too small to reach the day it measures on."""

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.corpus import _starts, meetings_before

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("day", ["2015-01-05", "2015-01-09", "2015-01-10", "2015-01-12", "2024-03-01"])
def test_meetings_before_a_day_are_the_generated_starts_before_it(day):
    first = dt.date.fromisoformat(day)
    starts = _starts(meetings_before(first) + 4)
    assert all(start.date() < first for start in starts[:meetings_before(first)])
    assert starts[meetings_before(first)].date() >= first


def test_a_store_too_small_to_reach_the_day_is_refused_before_anything_is_built():
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "1000,2000"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "--sizes: the largest store ends before 2024-03-01" in done.stderr
    assert "Traceback" not in done.stderr
