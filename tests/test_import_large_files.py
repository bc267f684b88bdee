"""Large .ics files: one that breaks somewhere in the middle fails with the line named and
nothing imported, in bounded memory; an event with values the rules refuse is skipped with
the rest imported; an import stopped with Ctrl-C leaves nothing half-imported; a VTIMEZONE
may follow the events that name it."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT, Cli

ATTENDEES = "".join(
    f"ATTENDEE;CN=Person {n};ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=TRUE:mailto:p{n}@big.example\n"
    for n in range(8))
DESCRIPTION = "DESCRIPTION:" + "Dagordning, underlag och anteckningar. " * 70  # folded below


def folded(line: str) -> str:
    """A content line folded at 75 characters, as exporters write it."""
    return "\n ".join(line[i:i + 74] for i in range(0, len(line), 74))


def big_file(path: Path, events: int, *, broken_at: int | None = None) -> tuple[Path, int | None]:
    """An Outlook-like file of ``events`` events (about 4 kB each), written in one go; with
    ``broken_at``, a line no parser reads before that event. The number of that line."""
    head = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Big//EN\n"
    body, line, bad = [head], head.count("\n") + 1, None
    for n in range(events):
        if n == broken_at:
            body.append("this line is not iCalendar\n")
            bad, line = line, line + 1
        day, hour = divmod(n, 4)
        event = (f"BEGIN:VEVENT\nUID:big-{n}@big.example\nSUMMARY:Möte {n}\nDTSTAMP:20240101T000000Z\n"
                 f"DTSTART;TZID=Europe/Stockholm:{20240102 + day % 28}T{8 + 2 * hour:02}0000\n"
                 f"DTEND;TZID=Europe/Stockholm:{20240102 + day % 28}T{9 + 2 * hour:02}0000\n"
                 f"LOCATION:Rum {n % 7}\nORGANIZER;CN=Person 0:mailto:p0@big.example\n{ATTENDEES}"
                 f"{folded(DESCRIPTION)}\nEND:VEVENT\n")
        body.append(event)
        line += event.count("\n")
    body.append("END:VCALENDAR\n")
    path.write_bytes("".join(body).replace("\n", "\r\n").encode())
    return path, bad


# Runs a script and then prints its peak memory on stderr (VmHWM: a process started from
# this large one inherits its high-water mark in ru_maxrss, not in VmHWM).
PEAK = ("import atexit, runpy, sys\n"
        "atexit.register(lambda: sys.stderr.write(next(line for line in open('/proc/self/status')\n"
        "                                              if line.startswith('VmHWM:'))))\n"
        "sys.argv = sys.argv[1:]\n"
        "runpy.run_path(sys.argv[0], run_name='__main__')\n")


def test_a_large_file_broken_in_the_middle_names_the_line_and_imports_nothing(sample_cli, tmp_path):
    path, bad = big_file(tmp_path / "big.ics", 6_000, broken_at=3_000)
    assert path.stat().st_size > 20_000_000
    before = sample_cli.dump()
    done = subprocess.run([sys.executable, "-c", PEAK, str(ROOT / "cli.py"), "--db", str(sample_cli.db),
                           "--lang", "en", "import", str(path)], capture_output=True, text=True)
    error, peak = done.stderr.rsplit("VmHWM:", 1)
    assert done.returncode == 1
    assert error.startswith(f"Error: {path} is not an iCalendar file: line {bad} cannot be read "
                            "(Content line could not be parsed into parts: 'this line is not iCalendar'"), error
    assert "Traceback" not in error
    assert sample_cli.dump() == before
    assert int(peak.split()[0]) / 1024 < 200  # MB: the file is not held, only what its events hold


def test_a_file_cut_short_names_where_it_ends_and_imports_nothing(sample_cli, tmp_path):
    path, _ = big_file(tmp_path / "cut.ics", 300)
    text = path.read_bytes()
    path.write_bytes(text[:text.index(b"BEGIN:VEVENT\r\nUID:big-200@") + 40])
    before = sample_cli.dump()
    result = sample_cli.fails("import", str(path))
    assert "inside BEGIN:VEVENT, which has no END (the file is cut short)" in result.stderr
    assert sample_cli.dump() == before


def test_an_event_with_refused_values_is_skipped_and_the_rest_imported(cli, tmp_path):
    path, _ = big_file(tmp_path / "hostile.ics", 400)
    text = path.read_bytes().decode()
    text = text.replace("SUMMARY:Möte 150\r\n", "SUMMARY:\x1b]0;PWNED\x07Möte 150\r\n")
    text = text.replace("LOCATION:Rum 1\r\nORGANIZER;CN=Person 0:mailto:p0@big.example\r\nATTENDEE;CN=Person 0",
                        "LOCATION:Rum 1\r\nORGANIZER;CN=Person 0:mailto:p0@big.example\r\nATTENDEE;CN=" + "P" * 300, 1)
    path.write_bytes(text.encode())
    result = cli.run("import", str(path), "--json")
    assert result.exit_code == 0, result.output
    skipped = [line for line in result.stderr.splitlines() if "is skipped" in line]
    assert len(skipped) == 2
    assert "UID big-150@big.example is skipped: title: the control character U+001B" in skipped[1]
    assert "UID big-1@big.example is skipped: people: name: 300 characters is too long" in skipped[0]
    assert '"added": 398' in result.stdout and '"skipped": 2' in result.stdout
    assert len(cli.json("meeting", "list")) == 398


def test_an_import_stopped_with_ctrl_c_leaves_nothing_half_imported(sample_cli: Cli, tmp_path):
    """SIGINT while the rows are being written (the progress bar, on a terminal, is full)."""
    source, _ = big_file(tmp_path / "many.ics", 3000)
    before = sample_cli.dump()
    main, side = os.openpty()
    process = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "--db", str(sample_cli.db), "--today",
                                "2024-01-01", "--lang", "en", "import", str(source)],
                               stdout=subprocess.PIPE, stderr=side, env={**os.environ, "COLUMNS": "100"})
    os.close(side)
    seen, deadline = b"", time.monotonic() + 300
    while b"100%" not in seen and process.poll() is None and time.monotonic() < deadline:
        seen += os.read(main, 65536)
    time.sleep(0.2)
    assert process.poll() is None, "the import ended before it could be stopped"
    process.send_signal(signal.SIGINT)
    assert process.wait(60) == 1
    assert process.stdout is not None and process.stdout.read() == b""
    process.stdout.close()
    os.close(main)
    assert sample_cli.dump() == before


def test_a_vtimezone_after_the_events_that_name_it(cli: Cli, tmp_path):
    text = ("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//T//EN\nBEGIN:VEVENT\nUID:ahead@x.example\n"
            "SUMMARY:Framåt\nDTSTAMP:20240101T000000Z\nDTSTART;TZID=Customized Time Zone 3:20240610T090000\n"
            "END:VEVENT\nBEGIN:VTIMEZONE\nTZID:Customized Time Zone 3\nBEGIN:STANDARD\n"
            "DTSTART:16010101T000000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0100\nEND:STANDARD\nEND:VTIMEZONE\n"
            "END:VCALENDAR\n")
    path = tmp_path / "ahead.ics"
    path.write_bytes(text.replace("\n", "\r\n").encode())
    cli.ok("import", str(path))
    assert cli.json("meeting", "show", "1")["start"] == "2024-06-10T10:00:00+02:00"
