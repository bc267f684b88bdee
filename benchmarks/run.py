"""Speed and memory targets, as ratios to baselines measured side by side in the same run.

These machines are shared and noisy, so no target is in seconds: each command runs as its own
process (the way a coordinator starts it) next to its baseline, interleaved, and the median
of the runs' own ratios is compared with the target (the table shows the median seconds of
each side too). The stores (1k, 10k and 100k meetings with series, 8–15 participants, agenda,
deadlines, revisions and deliveries) and the 10k-event file are built first.

    .venv/bin/python benchmarks/run.py [--sizes 1000,10000,100000] [--runs 5] [--json FILE]
                                       [--only startup,everyday,sizes,import] [--clock wall|cpu]

Prints the table, writes it as JSON (default ``benchmarks/results.json``) and exits 1 when a
target is missed.
"""

import argparse
import compileall
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import Store, build_store, events_file, meetings_before, window_store  # noqa: E402

SCHEDULER = [sys.executable, str(ROOT / "cli.py")]
TODAY = "2024-03-01"
EVERYDAY = {  # name: arguments after --db/--today; every one must not grow with the store
    "upcoming": ["upcoming"],
    "deadlines": ["deadlines", "--days", "30"],
    "notices": ["notices"],
    "pending": ["pending"],
    "meeting show": ["meeting", "show", "{meeting}"],
    "invite": ["invite", "{meeting}", "-o", "-"],
}
PEAK_MEMORY_MB = 120
PARTS = ("startup", "everyday", "sizes", "import")


@dataclass
class Timed:
    """One job's runs: the seconds of each (interleaved with the other jobs' runs) and the
    highest memory."""

    seconds: list[float]
    peak_mb: float

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def ratio_to(self, base: "Timed") -> float:
        """The median of the runs' own ratios: each run of the job and of its baseline came one
        after the other, so a slow spell of the shared machine weighs on both sides of a ratio
        (a ratio of the two medians mixes runs from different spells)."""
        return statistics.median(m / b for m, b in zip(self.seconds, base.seconds, strict=True))


@dataclass
class Row:
    work: str
    measured: float  # seconds, median
    baseline: str
    base: float  # seconds, median
    ratio: float  # the median of each run's ratio (Timed.ratio_to)
    target: float
    peak_mb: float | None = None

    @classmethod
    def of(cls, work: str, measured: Timed, baseline: str, base: Timed, target: float,
           peak: bool = False) -> "Row":
        return cls(work, measured.median, baseline, base.median, measured.ratio_to(base), target,
                   measured.peak_mb if peak else None)

    @property
    def ok(self) -> bool:
        return self.ratio <= self.target and (self.peak_mb is None or self.peak_mb <= PEAK_MEMORY_MB)


CLOCKS = ("wall", "cpu")
CLOCK = ["wall"]  # --clock: wall time, or the CPU time each process used (steadier on a loaded machine)


def run_process(args: list[str]) -> tuple[float, float]:
    """Seconds (wall or CPU, see CLOCK) and peak memory (MB) of one process, which must succeed."""
    began = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - began if CLOCK[0] == "wall" else usage.ru_utime + usage.ru_stime
    error = process.stderr.read().decode() if process.stderr else ""
    process.stderr.close() if process.stderr else None
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{error}")
    return seconds, usage.ru_maxrss / 1024


def timed(runs: int, *jobs: Callable[[], tuple[float, float]]) -> list[Timed]:
    """Each job run ``runs`` times, interleaved."""
    samples: list[list[tuple[float, float]]] = [[] for _ in jobs]
    for _ in range(runs):
        for job, found in zip(jobs, samples, strict=True):
            found.append(job())
    return [Timed([s for s, _ in found], max(m for _, m in found)) for found in samples]


def in_process(code: str) -> Callable[[], tuple[float, float]]:
    """A job that times a part of ``code`` inside one Python process (the library alone):
    ``code`` reads the clock with ``clock()``."""
    timer = "time.perf_counter" if CLOCK[0] == "wall" else "time.process_time"

    def job() -> tuple[float, float]:
        done = subprocess.run([sys.executable, "-c", code.replace("clock()", f"{timer}()")],
                              check=True, capture_output=True, text=True)
        return float(done.stdout.strip()), 0.0
    return job


def process(args: list[str]) -> Callable[[], tuple[float, float]]:
    return lambda: run_process(args)


def command_exists(name: str) -> bool:
    return subprocess.run([*SCHEDULER, name, "--help"], capture_output=True).returncode == 0


def startup_rows(runs: int) -> list[Row]:
    baseline = process([sys.executable, "-c", "pass"])
    rows = []
    for label, args in {"--help": ["--help"], "--version": ["--version"],
                        "upcoming --help": ["upcoming", "--help"],
                        "meeting add --help": ["meeting", "add", "--help"],
                        "import --help": ["import", "--help"]}.items():
        measured, base = timed(runs, process([*SCHEDULER, *args]), baseline)
        rows.append(Row.of(f"scheduler {label}", measured, "python -c pass", base, 3.0))
    return rows


def everyday_rows(big: Path, small: Path, meeting: str, runs: int) -> list[Row]:
    baseline = process([sys.executable, "-c", "import sqlmodel"])
    rows = []
    for name, args in EVERYDAY.items():
        if not command_exists(args[0]):
            print(f"({name}: no such command yet, not measured)")
            continue
        args = [a.format(meeting=meeting) for a in args]
        on_big = process([*SCHEDULER, "--db", str(big), "--today", TODAY, *args])
        on_small = process([*SCHEDULER, "--db", str(small), "--today", TODAY, *args])
        m_big, m_small, base = timed(runs, on_big, on_small, baseline)
        rows.append(Row.of(f"{name} (big store)", m_big, "same, window-only store", m_small, 1.2, peak=True))
        rows.append(Row.of(f"{name} (big store)", m_big, "python -c 'import sqlmodel'", base, 1.25, peak=True))
    return rows


def import_export_rows(folder: Path, ics: Path, runs: int) -> list[Row]:
    parse = in_process(
        f"import time, icalendar; data = open({str(ics)!r}, 'rb').read(); t = clock(); "
        "icalendar.Calendar.from_ical(data); print(clock() - t)")
    serialise = in_process(
        f"import time, icalendar; c = icalendar.Calendar.from_ical(open({str(ics)!r}, 'rb').read()); "
        "t = clock(); c.to_ical(); print(clock() - t)")
    count = iter(range(10**6))

    def fresh_import() -> tuple[float, float]:
        db = folder / f"import-{next(count)}.db"
        try:
            return run_process([*SCHEDULER, "--db", str(db), "--today", TODAY, "import", str(ics)])
        finally:
            db.unlink(missing_ok=True)

    imported = folder / "imported.db"
    run_process([*SCHEDULER, "--db", str(imported), "--today", TODAY, "import", str(ics)])
    fresh = folder / "freshly-imported.db"  # never exported: each first export starts from a copy
    shutil.copyfile(imported, fresh)

    def export(db: Path) -> list[str]:
        return [*SCHEDULER, "--db", str(db), "--today", TODAY, "export", "-o", str(folder / "export.ics")]

    def first_export() -> tuple[float, float]:
        """The store as freshly imported (no export has kept its events yet): no warm-up."""
        db = folder / f"first-export-{next(count)}.db"
        shutil.copyfile(fresh, db)
        try:
            return run_process(export(db))
        finally:
            db.unlink(missing_ok=True)

    m_import, base_parse = timed(runs, fresh_import, parse)
    m_first, m_again, base_out = timed(runs, first_export, process(export(imported)), serialise)
    return [Row.of("import of the 10k-event file", m_import, "icalendar from_ical", base_parse, 1.3),
            Row.of("export of that store (first)", m_first, "icalendar to_ical", base_out, 1.0),
            Row.of("export again (kept events)", m_again, "icalendar to_ical", base_out, 1.0)]


def print_table(rows: list[Row]) -> None:
    print(f"\n{'work':42} {'s':>7}  {'baseline':30} {'s':>7} {'ratio':>6} {'target':>6} {'MB':>5}")
    for row in rows:
        peak = f"{row.peak_mb:5.0f}" if row.peak_mb is not None else "     "
        print(f"{row.work:42} {row.measured:7.3f}  {row.baseline:30} {row.base:7.3f} "
              f"{row.ratio:6.2f} {row.target:6.2f} {peak} {'ok' if row.ok else 'MISSED'}")


def extract_rows() -> list[dict[str, object]]:
    """The extraction score over the test corpus, where the corpus and its scorer exist."""
    try:
        from benchmarks.extract_score import scores
    except ImportError:
        return []
    return scores()


def build(folder: Path, sizes: list[int], events: int) -> int:
    """Build the stores and the events file into ``folder``; describe them in built.json."""
    today = dt.date.fromisoformat(TODAY)
    stores = {size: build_store(folder / f"store-{size}.db", size, today=today) for size in sizes}
    small = window_store(folder / "window.db", stores[max(sizes)], today=today)
    ics = events_file(folder / "events.ics", events)
    built = {"stores": {size: (str(s.path), s.meeting) for size, s in stores.items()},
             "window": (str(small.path), small.meeting), "events": str(ics)}
    (folder / "built.json").write_text(json.dumps(built))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="store sizes in meetings; the largest is compared with the window-only store")
    parser.add_argument("--events", type=int, default=10000, help="events in the import file")
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (the median counts)")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results.json")
    parser.add_argument("--only", default=",".join(PARTS),
                        help=f"the parts to measure, comma-separated: {', '.join(PARTS)}")
    parser.add_argument("--clock", choices=CLOCKS, default="wall",
                        help="wall time, or each process's CPU time (steadier when others share the machine)")
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)  # the child that builds the data
    options = parser.parse_args()
    CLOCK[0] = options.clock
    sizes = [int(size) for size in options.sizes.split(",")]
    if options.build:
        return build(options.build, sizes, options.events)
    if max(sizes) <= meetings_before(dt.date.fromisoformat(TODAY)):
        parser.error(f"--sizes: the largest store ends before {TODAY}, so no command would show any of its "
                     f"meetings; give one of more than {meetings_before(dt.date.fromisoformat(TODAY))} meetings")
    parts = set(options.only.split(","))
    if parts - set(PARTS):
        parser.error(f"--only takes {', '.join(PARTS)}")
    # Measured as installed: pip byte-compiles a package when it installs it, while a checkout
    # run with PYTHONDONTWRITEBYTECODE=1 would compile every module it imports at every start.
    compileall.compile_dir(ROOT / "scheduler", quiet=1)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        began = time.perf_counter()
        # Built by a child process: a forked command inherits its parent's peak memory
        # (ru_maxrss), so the runner itself must stay small for the memory column to be true.
        subprocess.run([sys.executable, __file__, "--build", str(folder), "--sizes", options.sizes,
                        "--events", str(options.events)], check=True)
        built = json.loads((folder / "built.json").read_text())
        stores = {int(size): Store(Path(path), uid) for size, (path, uid) in built["stores"].items()}
        small = Store(Path(built["window"][0]), built["window"][1])
        ics = Path(built["events"])
        print(f"built stores {sizes}, the window-only store and {options.events} events "
              f"in {time.perf_counter() - began:.0f} s")
        if "startup" in parts:
            rows += startup_rows(options.runs)
        big = stores[max(sizes)]
        if "everyday" in parts:
            rows += everyday_rows(big.path, small.path, str(big.meeting), options.runs)
        for size in sizes[:-1] if "sizes" in parts else []:
            store = stores[size]
            measured, base = timed(
                options.runs,
                process([*SCHEDULER, "--db", str(store.path), "--today", TODAY, "upcoming"]),
                process([*SCHEDULER, "--db", str(small.path), "--today", TODAY, "upcoming"]))
            rows.append(Row.of(f"upcoming ({size} meetings)", measured, "same, window-only store", base, 1.2,
                               peak=True))
        if "import" in parts:
            rows += import_export_rows(folder, ics, max(3, options.runs // 2))
    print_table(rows)
    scores = extract_rows()
    for score in scores:
        print(score)
    machine = {"python": platform.python_version(), "machine": platform.machine(), "clock": options.clock,
               "cpus": os.cpu_count(), "system": platform.platform()}
    options.json.write_text(json.dumps({"machine": machine, "rows": [asdict(r) | {"ok": r.ok} for r in rows],
                                        "extract": scores}, indent=1) + "\n")
    print(f"\nwritten to {options.json}")
    return 0 if all(row.ok for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
