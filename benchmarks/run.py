"""Speed and memory targets, checked here rather than in timed tests.

Builds a store with many meetings (10 years of weekly meetings, a few recurring series and
deadlines), then times the commands a coordinator runs many times a day, as separate
processes the way they are really started. Exits 1 if a target is missed.

    .venv/bin/python benchmarks/run.py [--meetings 5000]
"""

import argparse
import datetime as dt
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {  # seconds (median of runs) on the project's 2-core machines
    "--help": 0.35,
    "upcoming --days 7": 1.5,
    "deadlines": 1.5,
    "meeting show": 1.5,
}
PEAK_MEMORY_MB = 150


def build_store(path: Path, meetings: int) -> None:
    from scheduler.clock import Clock
    from scheduler.deadlines import add_deadline
    from scheduler.duewindow import DueWindow
    from scheduler.loader import load
    from scheduler.meetings import add_meeting
    from scheduler.store import open_engine, transaction

    tz = ZoneInfo("Europe/Stockholm")
    clock = Clock(now=dt.datetime(2023, 12, 15, tzinfo=tz), tz=tz)
    engine = open_engine(str(path))
    with transaction(engine) as session:
        load(session, clock, ROOT / "data" / "sodertorn.toml")
        first = dt.datetime(2020, 1, 6, 9, tzinfo=tz)
        for n in range(meetings):
            start = first + dt.timedelta(days=7 * (n // 5), hours=n % 5)
            add_meeting(session, clock, title=f"Möte {n}", start=start,
                        location=f"Rum {n % 7}", warn_past=False)
        for n in range(5):
            add_meeting(session, clock, title=f"Serie {n}", start=first + dt.timedelta(hours=n),
                        rrule="FREQ=WEEKLY", warn_past=False)
        for n in range(meetings // 10):
            day = dt.date(2020, 1, 1) + dt.timedelta(days=n)
            add_deadline(session, clock, title=f"Frist {n}",
                         window=DueWindow(day, day, "day", day.isoformat()), warn_past=False)
    engine.dispose()


def timed(args: list[str], runs: int = 5) -> float:
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], check=True,
                       capture_output=True)
        samples.append(time.perf_counter() - began)
    return sorted(samples)[len(samples) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--meetings", type=int, default=5000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        began = time.perf_counter()
        build_store(db, options.meetings)
        print(f"built a store of {options.meetings} meetings in {time.perf_counter() - began:.1f} s")
        base = ["--db", str(db), "--today", "2023-12-15"]
        commands = {
            "--help": ["--help"],
            "upcoming --days 7": [*base, "upcoming", "--days", "7"],
            "deadlines": [*base, "deadlines", "--days", "30"],
            "meeting show": [*base, "meeting", "show", "5"],
        }
        failed = False
        for name, args in commands.items():
            seconds = timed(args)
            ok = seconds <= TARGETS[name]
            failed |= not ok
            print(f"{name:20} {seconds:6.3f} s  (target {TARGETS[name]} s) {'ok' if ok else 'SLOW'}")
        subprocess.run([sys.executable, str(ROOT / "cli.py"), *base, "upcoming", "--days", "7"],
                       check=True, capture_output=True)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        ok = peak <= PEAK_MEMORY_MB
        failed |= not ok
        print(f"{'peak memory':20} {peak:6.0f} MB (target {PEAK_MEMORY_MB} MB) {'ok' if ok else 'TOO MUCH'}")
    return 1 if failed else 0


if __name__ == "__main__":
    from benchmarks import extract_score

    speed = main()
    print()
    sys.exit(max(speed, extract_score.main([])))
