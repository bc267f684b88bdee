"""Every command, given what a hostile or careless user might type, ends cleanly.

hypothesis picks a command of the whole CLI (walked from click's tree, so new commands
are covered) and fills its arguments and options with extremes: dates at the edges of
time, huge numbers, control characters, CR/LF, NUL, long strings, wrongly typed TOML and
malformed .ics files. Whatever it tries: no traceback, exit status 0, 1 or 2, and on 1 or 2
the store's dump is as it was. The budget of examples is fixed, so the test stays fast.
"""

import os
from pathlib import Path

import click
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import main
from tests.conftest import Cli, copy_store

# Commands that reach the network or serve forever, and options that would send mail; a
# source that may be a URL (person busy add) is always given a local file here.
SKIPPED_COMMANDS = {"serve", "publish"}
SKIPPED_OPTIONS = {"send", "smtp_host", "smtp_port", "smtp_user", "starttls", "caldav", "help", "version"}
EXAMPLES = int(os.environ.get("SCHEDULER_PROPERTY_EXAMPLES", "80"))  # more, and random, to explore
RANDOM = "SCHEDULER_PROPERTY_EXAMPLES" in os.environ

EXTREMES = [
    "", " ", "-", "--", "0", "-1", "5", "1", "2", "99999999999999999999999", "2147483648", "1e309",
    "NaN", "²", "١٢", "0001-01-01", "0001-01-01 00:00", "9999-12-31 23:00", "1899-12-31", "2201-01-01",
    "2024-03-31 02:30", "2024-10-27 02:30", "2024-02-16 09:00", "fredag 16 februari 2024 kl 9.00-11.30",
    "11.30", "25.61", "99999999999h", "800h", "0m", "2h", "FREQ=SECONDLY", "FREQ=HOURLY;COUNT=3",
    "FREQ=DAILY;COUNT=3", "FREQ=YEARLY;UNTIL=99991231", "FREQ=WEEKLY;BYDAY=XX", "a\r\nb", "a\nb", "\r\n",
    "A\x00B", "\x1b]0;PWNED\x07\x1b[2J", "\x07", "\x9b", "\u202e", "x" * 5000,
    "https://x.example/\r\nX: y", "javascript:alert(1)", "mailto:a@b.example", "file:///etc/passwd",
    "a@b.example", "a@b", "Camilla Broo", "camilla.broo@huddinge.example", "Ledningsgrupp",
    "ledningsgrupp-2024-02-16", "' OR 1=1 --", "%s%n{0}", "../x", "gäst", "digital",
]
hostile_text = st.one_of(
    st.sampled_from(EXTREMES),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)

TOML_VALUES = ['123', '"x"', '["x"]', '{ person = "x" }', '[1, 2]', 'true', '1979-05-27',
               '1979-05-27T07:32:00', '07:32:00', '"a\\r\\nb"', '"\\u001b[2J"', '"all"', '9999999999999999',
               '"0001-01-01 00:00"', '"FREQ=SECONDLY"', '"https://x.example/\\r\\nX: y"']
TOML_FIELDS = ["key", "title", "name", "email", "start", "end", "members", "participants", "agenda",
               "online", "rrule", "due", "working_days", "organisation", "series", "status", "person"]


@st.composite
def toml_file(draw) -> str:
    section = draw(st.sampled_from(["organisation", "person", "series", "meeting", "deadline", "other"]))
    fields = draw(st.dictionaries(st.sampled_from(TOML_FIELDS), st.sampled_from(TOML_VALUES), max_size=6))
    lines = [f"[[{section}]]", 'key = "k"'] + [f"{name} = {value}" for name, value in fields.items()
                                                 if name != "key"]
    return "\n".join(lines) + "\n" + draw(st.sampled_from(["", "[[", "x = ", "\x00"]))


ICS_LINES = ["SUMMARY:\x1b]0;PWNED\x07", "SUMMARY:M\xf6te", "DTSTART:99991231T090000Z", "DTSTART:00010101T000000Z",
             "DTSTART;TZID=Europe/Stockholm:20240331T023000", "DTSTART;TZID=Nowhere/Else:20240301T090000",
             "DTSTART:20240301T090000Z", "DTEND:20240301T080000Z", "DURATION:P9999W", "RRULE:FREQ=SECONDLY",
             "RRULE:FREQ=DAILY", "RRULE:FREQ=DAILY;COUNT=99999999", "EXDATE:garbage", "SEQUENCE:99999999999999999999",
             "SEQUENCE:-1", "ATTENDEE;CN=\"A\\nB\":mailto:a\r\n b@x.example", "X-GOOGLE-CONFERENCE:https://x.example/\\r\\nX",
             "LOCATION:" + "x" * 3000, "RECURRENCE-ID:20240302T090000Z", "ORGANIZER:mailto:nobody", "UID:"]


@st.composite
def ics_file(draw) -> str:
    events = []
    for number in range(draw(st.integers(1, 3))):
        lines = draw(st.lists(st.sampled_from(ICS_LINES), max_size=6))
        body = "\r\n".join(lines)
        events.append(f"BEGIN:VEVENT\r\nUID:e{number}@x.example\r\nDTSTART:20240301T090000Z\r\n{body}\r\n"
                      "END:VEVENT\r\n")
    ending = draw(st.sampled_from(["END:VCALENDAR\r\n", "", "END:VEVENT\r\n"]))
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\n" + "".join(events) + ending


def commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    """Every runnable command of the tree, with the words that name it."""
    found = []
    for name in group.list_commands(click.Context(group)):
        command = group.get_command(click.Context(group), name)
        if command is None or name in SKIPPED_COMMANDS:
            continue
        if isinstance(command, click.Group):
            found += commands(command, (*path, name))
        else:
            found.append(((*path, name), command))
    return found


COMMANDS = commands(main)


@st.composite
def invocation(draw, folder: Path) -> list[str]:
    """A command line: the command's words, then arguments and some of its options."""
    words, command = draw(st.sampled_from(COMMANDS))
    args: list[str] = []
    if draw(st.booleans()):
        args += ["--today", draw(hostile_text)]
    args += list(words)
    for param in command.params:
        if param.name in SKIPPED_OPTIONS:
            continue
        if isinstance(param, click.Argument):
            count = 1 if param.nargs == 1 else draw(st.integers(1, 2))
            args += [draw(value_for(param, folder)) for _ in range(count)]
        elif isinstance(param, click.Option) and draw(st.booleans()):
            if param.is_flag:
                args.append(param.opts[0])
            else:
                args += [param.opts[0], draw(value_for(param, folder))]
    return args


def value_for(param: click.Parameter, folder: Path) -> st.SearchStrategy[str]:
    """Hostile text, or for files a hostile file's name, or for -o a place to write."""
    name = param.name or ""
    if name in ("output", "target"):
        return st.sampled_from(["-", "out.ics", "missing/x.ics", ".", "", "link.ics"])
    if name in ("file", "files", "source", "maildir", "mbox") or isinstance(param.type, click.Path):
        return st.one_of(toml_file(), ics_file(), hostile_text).map(lambda text: written(folder, text))
    if isinstance(param.type, click.types.IntParamType):
        return st.one_of(st.integers(min_value=-(10**25), max_value=10**25).map(str), hostile_text)
    if isinstance(param.type, click.Choice) and not isinstance(param.type, click.IntRange):
        return st.one_of(st.sampled_from([str(c) for c in param.type.choices]), hostile_text)
    return hostile_text


def written(folder: Path, text: str) -> str:
    """``text`` in a file of ``folder`` named for what it looks like."""
    suffix = ".ics" if text.startswith("BEGIN:VCALENDAR") else ".toml" if "[[" in text else ".txt"
    path = folder / f"input-{abs(hash(text))}{suffix}"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    return str(path)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=not RANDOM, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_no_traceback_and_store_unchanged_on_failure(tmp_path_factory, sample_store, data):
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "link.ics").symlink_to(folder / "elsewhere.ics")
    cli = Cli(folder / "store.db")
    copy_store(sample_store, cli.db)
    args = data.draw(invocation(folder))
    before = cli.dump()
    previous = os.getcwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(main, ["--db", str(cli.db), *args], catch_exceptions=True)
    finally:
        os.chdir(previous)
    crash = result.exception if not isinstance(result.exception, SystemExit) else None
    assert crash is None, f"{args!r}: {crash!r}"
    assert result.exit_code in (0, 1, 2), f"{args!r}: exit {result.exit_code}: {result.output}"
    assert "Traceback" not in result.output
    if result.exit_code in (1, 2):
        assert cli.dump() == before, f"{args!r} failed but changed the store: {result.stderr}"
