"""Cost that does not grow: the SQL statements of an import and of everyday commands are
counted (SQLAlchemy's ``before_cursor_execute``) and must not grow with the number of events
in a file nor with the meetings of the store outside the asked window."""

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from benchmarks.corpus import events_file
from scheduler.ical.importer import import_calendar, import_group
from scheduler.ical.reading import read_groups
from scheduler.store import open_engine, transaction
from tests.conftest import Cli
from tests.migrations import rows


@contextlib.contextmanager
def counted() -> Iterator[list[int]]:
    """The number of statements executed inside the block (in this process)."""
    count = [0]

    def tally(*_args: object) -> None:
        count[0] += 1

    event.listen(Engine, "before_cursor_execute", tally)
    try:
        yield count
    finally:
        event.remove(Engine, "before_cursor_execute", tally)




def import_statements(tmp_path: Path, count: int, clock) -> int:
    engine = open_engine(str(tmp_path / f"count-{count}.db"))
    source = events_file(tmp_path / f"events-{count}.ics", count, first=dt.date(2024, 1, 8), people=12)
    with transaction(engine) as session, counted() as statements:
        result = import_calendar(session, clock, source)
    engine.dispose()
    assert result.added == count
    return statements[0]


def test_an_import_costs_the_same_statements_for_50_or_200_events(tmp_path, clock):
    assert import_statements(tmp_path, 200, clock) <= import_statements(tmp_path, 50, clock)


def export_statements(tmp_path: Path, count: int) -> int:
    """The statements of ``export`` of a store of ``count`` meetings, with their participants,
    a changed time (a notice) and a recurring meeting with changed occurrences besides."""
    cli = Cli(tmp_path / f"export-{count}.db", today="2024-01-01")
    cli.ok("import", str(events_file(tmp_path / f"export-{count}.ics", count, first=dt.date(2024, 1, 8),
                                     people=12)), "--ours")
    cli.ok("meeting", "edit", "1", "--start", "2024-01-08 09:00")
    cli.ok("meeting", "add", "Veckomöte", "--start", "2024-01-09 08:30", "--end", "09.30",
           "--rrule", "FREQ=WEEKLY;COUNT=10")
    cli.ok("meeting", "edit", str(count + 1), "--occurrence", "2024-01-16", "--start", "2024-01-16 10:00")
    with counted() as statements:
        cli.ok("export", "-o", str(tmp_path / f"feed-{count}.ics"))
    return statements[0]


def test_an_export_costs_the_same_statements_for_50_or_200_meetings(tmp_path):
    assert export_statements(tmp_path, 200) <= export_statements(tmp_path, 50)


def comparable(engine) -> dict[str, list[dict]]:
    """The meetings, people, participations and revisions, without ids and real-clock times."""
    found = rows(engine)
    drop = {"id", "created_at", "at", "entity_id", "meeting_id", "person_id", "organizer_id"}
    return {table: sorted(repr({k: v for k, v in row.items() if k not in drop}) for row in found[table])
            for table in ("meeting", "person", "participation", "revision")}


def test_bulk_import_writes_what_one_event_at_a_time_writes(tmp_path, clock):
    source = events_file(tmp_path / "events.ics", 30, first=dt.date(2024, 1, 8), people=12)
    bulk, single = open_engine(str(tmp_path / "bulk.db")), open_engine(str(tmp_path / "single.db"))
    with transaction(bulk) as session:
        import_calendar(session, clock, source)
    with transaction(single) as session:
        groups, _, _ = read_groups(source, clock)
        for group in groups:
            import_group(session, clock, group, series=None, external=True, reason="x")
    assert comparable(bulk) == comparable(single)
    assert len(comparable(bulk)["participation"]) == 30 * 8


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict[str, Cli]:
    """The same month of meetings, once alone and once with three years of meetings around it."""
    folder = tmp_path_factory.mktemp("stores")
    month, years = Cli(folder / "month.db", today="2024-03-01"), Cli(folder / "years.db", today="2024-03-01")
    window = events_file(folder / "window.ics", 80, first=dt.date(2024, 3, 1), people=12)
    before = events_file(folder / "before.ics", 1000, first=dt.date(2023, 3, 1))  # up to February 2024
    after = events_file(folder / "after.ics", 1000, first=dt.date(2024, 5, 2))  # May 2024 on
    for cli in (month, years):
        cli.ok("import", str(window), "--ours")
        told_then_moved(cli, folder, ["window-5@outlook.example", "window-9@outlook.example"])
    years.ok("import", str(before), "--ours")
    years.ok("import", str(after), "--ours")
    return {"month": month, "years": years}


EVERYDAY = [("upcoming",), ("deadlines", "--days", "30"), ("notices",), ("conflicts",), ("pending",),
            ("meeting", "show", "window-5@outlook.example"), ("invite", "window-5@outlook.example", "-o", "-")]


def told_then_moved(cli: Cli, folder: Path, meetings: list[str]) -> None:
    """Send ``meetings`` (a file marked sent), then move them: notices, and people untold of a change."""
    for meeting in meetings:
        cli.ok("invite", meeting, "-o", str(folder / f"{cli.db.stem}.ics"))
        cli.ok("invite", meeting, "--mark-sent")
        cli.ok("meeting", "edit", meeting, "--location", "Stadshuset")


@pytest.fixture(scope="module")
def windows(tmp_path_factory) -> dict[int, Cli]:
    """A month holding 20 meetings, and one holding 80; a tenth of them sent and then moved."""
    folder = tmp_path_factory.mktemp("windows")
    found = {}
    for count in (20, 80):
        cli = found[count] = Cli(folder / f"window-{count}.db", today="2024-03-01")
        cli.ok("import", str(events_file(folder / "window.ics", count, first=dt.date(2024, 3, 1), people=12)),
               "--ours")
        told_then_moved(cli, folder, [f"window-{n}@outlook.example" for n in range(5, count, 10)])
    return found


@pytest.mark.parametrize("form", [("--json",), ()], ids=["json", "text"])
@pytest.mark.parametrize("command", [("upcoming",), ("notices",), ("pending",), ("deadlines",)], ids=" ".join)
def test_everyday_commands_cost_the_same_for_more_meetings_in_the_window(windows, command, form):
    """No query a meeting: the window's meetings, their recipients, deliveries, versions and
    notices are read a few queries for all, and so is the language each is worded in."""
    spent = {}
    for count, cli in windows.items():
        with counted() as statements:
            assert cli.ok(*command, *form).stdout
        spent[count] = statements[0]
    assert spent[80] <= spent[20], spent


@pytest.mark.parametrize("command", EVERYDAY, ids=" ".join)
def test_everyday_commands_cost_the_same_on_a_larger_store(stores, command):
    spent = {}
    for name, cli in stores.items():
        with counted() as statements:
            cli.ok(*command)
        spent[name] = statements[0]
    assert spent["years"] <= spent["month"], spent


def run_on_terminal(args: list[str], *, stderr_tty: bool) -> tuple[str, str]:
    """Run ``scheduler ARGS`` in a new process with stderr on a pseudo-terminal (or a pipe)."""
    import os
    import subprocess
    import sys

    main, side = os.openpty() if stderr_tty else os.pipe()
    done = subprocess.run([sys.executable, "-m", "cli", *args], stdout=subprocess.PIPE, stderr=side,
                          env={**os.environ, "COLUMNS": "100"}, check=True)
    os.close(side)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal's other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    return done.stdout.decode(), b"".join(chunks).decode(errors="replace")


@pytest.mark.parametrize("on_terminal", [True, False])
def test_a_large_import_shows_progress_on_a_terminal_and_a_one_line_summary(tmp_path, on_terminal):
    source = events_file(tmp_path / "many.ics", 250)
    out, err = run_on_terminal(["--db", str(tmp_path / "p.db"), "--today", "2024-01-01", "import", str(source)],
                               stderr_tty=on_terminal)
    assert out.count("\n") == 1 and "250" in out
    assert ("many.ics" in err and "%" in err) is on_terminal


def test_a_large_export_shows_progress_on_a_terminal(tmp_path):
    db = str(tmp_path / "e.db")
    run_on_terminal(["--db", db, "--today", "2024-01-01", "import", str(events_file(tmp_path / "e.ics", 250))],
                    stderr_tty=False)
    out, err = run_on_terminal(["--db", db, "--today", "2024-01-01", "export", "-o", str(tmp_path / "feed.ics")],
                               stderr_tty=True)
    assert "%" in err and out.count("\n") == 1


@contextlib.contextmanager
def sql_work() -> Iterator[list[int]]:
    """SQLite's work inside the block, in hundreds of virtual-machine steps (a progress handler):
    a statement that walks an index through rows it does not return is counted too."""
    from sqlalchemy.pool import Pool

    steps = [0]

    def step() -> int:
        steps[0] += 1
        return 0

    def connect(dbapi_connection, _record) -> None:
        dbapi_connection.set_progress_handler(step, 100)

    event.listen(Pool, "connect", connect)
    try:
        yield steps
    finally:
        event.remove(Pool, "connect", connect)


@pytest.fixture(scope="module")
def series_stores(tmp_path_factory) -> dict[str, Cli]:
    """One series' month of meetings, once alone and once after a year of the series' meetings
    and with two years of them from beyond pending's year ahead on."""
    folder = tmp_path_factory.mktemp("series")
    month, years = Cli(folder / "month.db", today="2024-03-01"), Cli(folder / "years.db", today="2024-03-01")
    files = {name: events_file(folder / f"{name}.ics", count, first=first, people=12) for name, count, first in (
        ("window", 80, dt.date(2024, 3, 1)), ("before", 1000, dt.date(2023, 3, 1)),
        ("after", 2000, dt.date(2025, 3, 10)))}
    for cli, names in ((month, ["window"]), (years, ["before", "window", "after"])):
        cli.ok("series", "add", "Ledningsgrupp")
        for name in names:
            cli.ok("import", str(files[name]), "--ours", "--series", "Ledningsgrupp")
        told_then_moved(cli, folder, ["window-5@outlook.example", "window-9@outlook.example"])
    return {"month": month, "years": years}


@pytest.mark.parametrize("command", [c for c in EVERYDAY if c[0] != "conflicts"], ids=" ".join)
def test_everyday_commands_do_the_same_sql_work_on_a_larger_store(series_stores, command):
    """Not only as many statements: each walks as few rows with three years of the series
    around the month as without them (the previous meeting of the series, the window)."""
    work = {}
    for name, cli in series_stores.items():
        with sql_work() as steps:
            cli.ok(*command)
        work[name] = steps[0]
    assert work["years"] <= 1.2 * work["month"] + 20, work


def invite_statements(tmp_path: Path, people: int) -> int:
    """The statements of making the invitation of a meeting with ``people`` to choose its
    attendees from (up to eight), written to stdout (which records no delivery)."""
    cli = Cli(tmp_path / f"invite-{people}.db", today="2024-01-01")
    cli.ok("import", str(events_file(tmp_path / f"invite-{people}.ics", 1, first=dt.date(2024, 1, 8),
                                     people=people)), "--ours")
    with counted() as statements:
        cli.ok("invite", "1", "-o", "-")
    return statements[0]


def test_an_invitation_costs_the_same_statements_for_3_or_12_attendees(tmp_path):
    assert invite_statements(tmp_path, 12) <= invite_statements(tmp_path, 3)


def test_an_invitation_piped_to_stdout_counts_no_recipients(sample_cli, monkeypatch, tmp_path):
    """``invite -o -`` sends the calendar down a pipe with no summary after it, so who has
    been told is not worked out (four queries); written to a file, it is, and said."""
    from scheduler import deliveries
    from scheduler.ical import mail

    counts = []
    monkeypatch.setattr(mail, "tally", lambda *args: counts.append(args) or deliveries.tally(*args))
    meeting = "ledningsgrupp-2024-02-16"
    assert sample_cli.ok("invite", meeting, "-o", "-").stdout.startswith("BEGIN:VCALENDAR")
    assert counts == []
    record = sample_cli.json("invite", meeting, "-o", str(tmp_path / "written.ics"))
    assert len(counts) == 1 and record["recipients_total"] == 8 and record["untold"] == 8


def test_upcoming_tallies_its_meetings_once(sample_cli, monkeypatch):
    """``upcoming`` counts who is untold for its meetings once, and its notices use that count."""
    from scheduler import deliveries, notices, timeline

    calls = []

    def counting(*args):
        calls.append(args)
        return deliveries.tallies(*args)

    monkeypatch.setattr(timeline, "tallies", counting)
    monkeypatch.setattr(notices, "tallies", counting)
    shown = sample_cli.json("upcoming", "--days", "70")
    assert any(item.get("notice") for item in shown), shown
    assert len(calls) == 1
