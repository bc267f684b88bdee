"""Bad outside input ends in a clean ``Error:`` (or a warning and a correct result) with the
store unchanged: out-of-range numbers and dates, runaway recurrence, wrongly typed TOML, line
breaks and control characters, hostile .ics files, a damaged store, -o over what is no file."""

import email
import os
import sqlite3
from email import policy
from pathlib import Path

import pytest

from tests.conftest import Cli

DTSTAMP = "DTSTAMP:20240101T000000Z"


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """The messages these tests read are the English msgids."""
    monkeypatch.setenv("SCHEDULER_LANG", "en")


def ics(tmp_path: Path, *events: str, name: str = "in.ics", encoding: str = "utf-8") -> str:
    """An .ics file with ``events`` (the lines inside each VEVENT), CRLF line ends."""
    body = "".join(f"BEGIN:VEVENT\n{DTSTAMP}\n{event.strip()}\nEND:VEVENT\n" for event in events)
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Test//EN\n{body}END:VCALENDAR\n"
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return str(path)


def unchanged(cli: Cli, *args: str, says: str, code: int = 1) -> str:
    """Run a failing command; the message says ``says`` and the store is as it was."""
    before = cli.dump()
    result = cli.fails(*args, code=code)
    assert says in result.stderr, result.stderr
    assert cli.dump() == before
    return result.stderr


@pytest.mark.parametrize(("args", "says"), [
    (["meeting", "add", "T", "--start", "2024-03-01 09:00", "--duration", "99999999999h"], "--duration"),
    (["meeting", "add", "T", "--start", "2024-03-01 09:00", "--duration", "800h"], "31 days"),
    (["meeting", "add", "T", "--start", "2024-03-01 09:00", "--end", "2024-05-01 09:00"], "31 days"),
    (["meeting", "add", "T", "--start", "0001-01-01 00:00"], "1900–2200"),
    (["meeting", "add", "T", "--start", "9999-12-31 23:00", "--duration", "2h"], "1900–2200"),
    (["meeting", "edit", "99999999999999999999999", "--title", "x"], "No meeting"),
    (["meeting", "show", "²"], "No meeting"),
    (["deadline", "show", "99999999999999999999999"], "No deadline"),
    (["attend", "5", "99999999999999999999999"], "No person"),
    (["--today", "0001-01-01", "upcoming"], "1900–2200"),
    (["deadline", "add", "D", "--due", "under 9999"], "1900–2200"),
    (["meeting", "list", "--expand", "--from", "1900-01-01", "--to", "2200-12-31"], "3660 days"),
    (["upcoming", "--days", "99999999"], "--days: must be at most 3660"),
    (["--tz", "America/New_York", "meeting", "add", "T", "--start", "2024-03-01 09:00", "--rrule",
      "FREQ=DAILY;UNTIL=99991231"], "does not parse"),
    (["deadline", "add", "D", "--due", "vecka 3 0000"], "1900–2200"),
    (["deadline", "add", "D", "--due", "31 december 9999"], "1900–2200"),
    (["meeting", "add", "T", "--start", "2024-03-01 09:00", "--rrule", "FREQ=SECONDLY"], "FREQ=SECONDLY"),
    (["meeting", "add", "T", "--start", "2024-03-01 09:00", "--rrule", "FREQ=HOURLY;COUNT=3"], "FREQ=HOURLY"),
    (["meeting", "add", "T", "--start", "2024-03-01 09:00", "--duration", "48h",
      "--rrule", "FREQ=DAILY;COUNT=3"], "overlap"),
])
def test_out_of_range_and_runaway(sample_cli, args, says):
    unchanged(sample_cli, *args, says=says)


@pytest.mark.parametrize(("args", "says"), [
    (["deadline", "add", "D", "--before-meeting", "5", "--working-days", "99999999"], "--working-days"),
    (["attend", "5", "Johan Westin", "--item", "99999999999999999999"], "--item"),
    (["proposals", "accept", "99999999999999999999"], "PROPOSAL"),
])
def test_numbers_beyond_their_limits_are_usage_errors(sample_cli, args, says):
    unchanged(sample_cli, *args, says=says, code=2)


@pytest.mark.parametrize(("args", "says"), [
    (["meeting", "add", "X", "--start", "2024-03-01 09:00", "--online", "https://x.example/\r\nX: y"],
     "--online"),
    (["meeting", "add", "X", "--start", "2024-03-01 09:00", "--online", "javascript:alert(1)"], "--online"),
    (["meeting", "add", "Möte\r\nBcc: x@evil.example", "--start", "2024-03-01 09:00"], "line break"),
    (["meeting", "add", "A\x00B", "--start", "2024-03-01 09:00"], "U+0000"),
    (["meeting", "add", "A\x1b[2J", "--start", "2024-03-01 09:00"], "U+001B"),
    (["meeting", "add", "Bell\x07", "--start", "2024-03-01 09:00"], "U+0007"),
    (["meeting", "add", "X" * 300, "--start", "2024-03-01 09:00"], "too long"),
    (["meeting", "edit", "5", "--location", "a\nb"], "--location"),
    (["meeting", "edit", "5", "--online", "https://x.example/\r\nX: y"], "--online"),
    (["person", "add", "Åsa\r\nÖberg"], "line break"),
    (["person", "add", "Åsa", "--email", "asa@x.example\r\nBcc: y@z.example"], "--email"),
    (["export", "--name", "a\r\nb", "-o", "-"], "--name"),
    (["meeting", "doc", "add", "5", "file:///etc/passwd"], "not a link"),
])
def test_line_breaks_and_control_characters_refused(sample_cli, args, says):
    unchanged(sample_cli, *args, says=says)


def test_description_keeps_its_line_breaks(sample_cli, tmp_path):
    made = sample_cli.json("meeting", "add", "X", "--start", "2024-03-01 09:00",
                           "--description", "Rad ett\r\nRad två")
    shown = sample_cli.ok("meeting", "show", str(made["id"])).stdout
    assert "Rad ett\nRad två" in shown
    sample_cli.ok("export", "-o", str(tmp_path / "feed.ics"))


@pytest.mark.parametrize(("toml", "says"), [
    ('title = 123', "title: must be text in quotes"),
    ('title = "T"\nparticipants = "all"', "participants: must be a list"),
    ('title = "T"\nparticipants = [1, 2]', "participants[1]: must be a table"),
    ('title = "T"\nonline = "https://x.example/\\r\\nX: y"', "online:"),
])
def test_wrongly_typed_toml_meeting(cli, tmp_path, toml, says):
    path = tmp_path / "bad.toml"
    path.write_text(f'[[meeting]]\nkey = "m"\nstart = "2024-03-01 09:00"\n{toml}\n', encoding="utf-8")
    stderr = unchanged(cli, "load", str(path), says=says)
    assert f"{path}: [[meeting]] 'm'" in stderr


@pytest.mark.parametrize(("toml", "says"), [
    ('[[person]]\nkey = "p"\nname = "P"\nemail = ["x"]', "[[person]] 'p': email: must be text"),
    ('[[series]]\nkey = "s"\nname = "S"\nmembers = {person = "x"}', "[[series]] 's': members: must be a list"),
    ('[[deadline]]\nkey = "d"\ntitle = "D"\ndue = 1', "[[deadline]] 'd': due:"),
    ('person = 5', "must be an array of tables"),
])
def test_wrongly_typed_toml_entries(cli, tmp_path, toml, says):
    path = tmp_path / "bad.toml"
    path.write_text(toml + "\n", encoding="utf-8")
    unchanged(cli, "load", str(path), says=says)


def test_imported_sub_daily_and_far_events_are_skipped_with_a_report(cli, tmp_path):
    path = ics(tmp_path,
               "UID:fast@x.example\nSUMMARY:Fast\nDTSTART:20240301T090000Z\nDTEND:20240301T100000Z\n"
               "RRULE:FREQ=SECONDLY",
               "UID:far@x.example\nSUMMARY:Far\nDTSTART:99991231T090000Z\nDTEND:99991231T100000Z\n"
               "RRULE:FREQ=DAILY",
               "UID:ok@x.example\nSUMMARY:Ok\nDTSTART:20240301T090000Z\nDTEND:20240301T100000Z")
    result = cli.ok("import", path, "--json")
    assert "fast@x.example" in result.stderr and "FREQ=SECONDLY" in result.stderr
    assert "far@x.example" in result.stderr and "1900–2200" in result.stderr
    assert [m["title"] for m in cli.json("meeting", "list")] == ["Ok"]


def test_imported_control_characters_and_line_breaks(cli, tmp_path):
    path = ics(tmp_path,
               "UID:esc@x.example\nSUMMARY:\x1b]0;PWNED\x07\x1b[2JHej\nDTSTART:20240301T090000Z\n"
               "DTEND:20240301T100000Z",
               "UID:link@x.example\nSUMMARY:Länk\nDTSTART:20240302T090000Z\nDTEND:20240302T100000Z\n"
               "X-GOOGLE-CONFERENCE:https://x.example/\\r\\nX: y")
    result = cli.ok("import", path)
    assert "esc@x.example" in result.stderr
    assert [m["title"] for m in cli.json("meeting", "list")] == ["Länk"]
    cli.ok("export", "-o", str(tmp_path / "feed.ics"))


def test_stored_control_characters_shown_visibly(sample_cli):
    with sqlite3.connect(sample_cli.db) as con:
        con.execute("UPDATE meeting SET title = ? WHERE id = 5", ("\x1b]0;PWNED\x07\x1b[2JLG",))
    listing = sample_cli.ok("meeting", "list").stdout
    assert "\x1b" not in listing and "\x07" not in listing and "␛]0;PWNED␇␛[2JLG" in listing
    assert sample_cli.json("meeting", "show", "5")["title"] == "\x1b]0;PWNED\x07\x1b[2JLG"


def test_imported_time_that_does_not_exist_is_shifted_forward(cli, tmp_path):
    path = ics(tmp_path, "UID:gap@x.example\nSUMMARY:Glapp\nDTSTART;TZID=Europe/Stockholm:20240331T023000\n"
                         "DTEND;TZID=Europe/Stockholm:20240331T033000")
    result = cli.ok("import", path)
    assert "does not exist" in result.stderr and "03:30" in result.stderr
    [made] = cli.json("meeting", "list")
    assert (made["start"], made["end"]) == ("2024-03-31T03:30:00+02:00", "2024-03-31T04:30:00+02:00")


def test_latin1_import_with_declared_charset(cli, tmp_path):
    path = ics(tmp_path, "UID:l1@x.example\nSUMMARY;CHARSET=ISO-8859-1:Möte\nDTSTART:20240301T090000Z\n"
                         "DTEND:20240301T100000Z", encoding="latin-1")
    cli.ok("import", path)
    assert [m["title"] for m in cli.json("meeting", "list")] == ["Möte"]


def test_import_not_utf8_without_charset_is_refused(cli, tmp_path):
    path = ics(tmp_path, "UID:l1@x.example\nSUMMARY:Möte\nDTSTART:20240301T090000Z\nDTEND:20240301T100000Z",
               encoding="latin-1")
    unchanged(cli, "import", path, says="UTF-8")


def test_damaged_store(sample_cli):
    data = bytearray(sample_cli.db.read_bytes())
    assert len(data) > 3 * 4096
    data[4096:] = b"\xa5" * (len(data) - 4096)  # every page but the schema's overwritten
    sample_cli.db.write_bytes(bytes(data))
    before = sample_cli.db.read_bytes()
    for args in (["meeting", "list"], ["meeting", "add", "X", "--start", "2024-03-01 09:00"]):
        result = sample_cli.fails(*args)
        assert f"the store {sample_cli.db} is damaged" in result.stderr
        assert "db dump" in result.stderr and "sqlite3" in result.stderr and ".recover" in result.stderr
    assert sample_cli.db.read_bytes() == before


def test_output_never_replaces_a_symlink_or_device(sample_cli, tmp_path):
    real = tmp_path / "real.ics"
    real.write_bytes(b"keep")
    link = tmp_path / "link.ics"
    link.symlink_to(real)
    unchanged(sample_cli, "invite", "5", "-o", str(link), says="symbolic link")
    assert link.is_symlink() and real.read_bytes() == b"keep"
    unchanged(sample_cli, "export", "-o", str(link), says="symbolic link")
    unchanged(sample_cli, "db", "dump", str(link), says="symbolic link")
    if os.path.exists("/dev/full"):
        unchanged(sample_cli, "invite", "5", "-o", "/dev/full", says="device")
        assert not Path("/dev/full").is_file()


def test_messages_in_swedish(sample_cli, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")
    result = sample_cli.fails("meeting", "add", "T", "--start", "2024-03-01 09:00", "--rrule", "FREQ=HOURLY")
    assert "ett möte återkommer DAILY, WEEKLY, MONTHLY eller YEARLY" in result.stderr


def test_mail_calendar_part_read_in_its_declared_charset():
    from email import message_from_bytes, policy

    from scheduler.errors import InputError
    from scheduler.ical.imip_replies import calendar_part

    def mail(charset: str) -> bytes:
        head = (f"From: a@x.example\r\nTo: b@x.example\r\nSubject: Svar\r\nMIME-Version: 1.0\r\n"
                f"Content-Type: text/calendar; method=REPLY; charset={charset}\r\n"
                "Content-Transfer-Encoding: 8bit\r\n\r\n")
        return head.encode() + "BEGIN:VCALENDAR\r\nSUMMARY:Möte\r\nEND:VCALENDAR\r\n".encode("latin-1")

    part = calendar_part(message_from_bytes(mail("iso-8859-1"), policy=policy.default))
    assert part is not None and "SUMMARY:Möte" in part.decode("utf-8")
    with pytest.raises(InputError, match="not UTF-8"):
        calendar_part(message_from_bytes(mail("utf-8"), policy=policy.default))


def test_text_stored_before_the_rules_breaks_no_export(sample_cli, tmp_path):
    """A store written before the input rules may hold a link, title or name with CR/LF."""
    with sqlite3.connect(sample_cli.db) as con:
        con.execute("UPDATE meeting SET online = ?, title = ? WHERE id = 5",
                    ("https://x.example/\r\nX: y", "A\r\nBcc: x@evil.example"))
        con.execute("UPDATE person SET name = ? WHERE name = 'Camilla Broo'", ("Camilla\r\nBroo",))
        con.execute("INSERT INTO document (meeting_id, url, title) VALUES (5, ?, 'd')", ("https://y.example/\nZ",))
    sample_cli.ok("export", "-o", str(tmp_path / "feed.ics"))
    sample_cli.ok("invite", "5", "--eml", "-o", str(tmp_path / "invite.eml"))
    message = email.message_from_bytes((tmp_path / "invite.eml").read_bytes(), policy=policy.default)
    assert "Bcc" not in message and "X" not in message
    assert message["Subject"].startswith("A  Bcc: x@evil.example")


def test_holiday_warning_once_per_rule(cli):
    added = cli.run("meeting", "add", "Dagligen", "--start", "2024-03-01 09:00", "--rrule", "FREQ=DAILY")
    assert added.exit_code == 0
    [warning] = [line for line in added.stderr.splitlines() if "holiday" in line]
    assert warning.startswith("Warning: 'Dagligen' falls on Swedish holidays or holiday eves on "
                              "2024-03-29 (Good Friday), 2024-03-31 (Easter Sunday)")
    assert warning.endswith(" and 22 more: check the dates.")
