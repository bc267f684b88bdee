"""The feed reads back: the product's own export imported into a new store gives the same
meetings (ours, approximate ends kept) and deadlines (window, phrase, kind, UID); from other
calendars an all-day free event is a deadline and an all-day busy one a meeting."""

from tests.conftest import Cli

FIELDS = ("uid", "title", "start", "end", "end_approximate", "location", "status", "sequence")
DEADLINE = ("uid", "title", "due", "due_from", "precision", "phrase", "kind")


def test_export_then_import_keeps_meetings_and_deadlines(sample_cli, tmp_path):
    feed = tmp_path / "feed.ics"
    sample_cli.ok("export", "-o", str(feed))
    target = Cli(tmp_path / "new.db")
    result = target.json("import", str(feed))
    assert (result["added"], result["deadlines"], result["skipped"]) == (5, 10, 0)
    before, after = sample_cli.json("meeting", "list"), target.json("meeting", "list")
    assert [{k: m[k] for k in FIELDS} for m in after] == [{k: m[k] for k in FIELDS} for m in before]
    assert [m["end_approximate"] for m in after].count(True) == 1
    assert target.ok("meeting", "list").stdout == sample_cli.ok("meeting", "list").stdout  # ca, (extern)
    old, new = sample_cli.json("deadlines"), target.json("deadlines")
    assert len(new) == 10
    assert [{k: d[k] for k in DEADLINE} for d in new] == [{k: d[k] for k in DEADLINE} for d in old]
    again = target.json("import", str(feed))
    assert (again["added"], again["deadlines"], again["unchanged"]) == (0, 0, 5)


OTHER = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Example//Kalender//SV\r
BEGIN:VEVENT\r
UID:remiss-svar-1@kalender.example\r
DTSTAMP:20240101T120000Z\r
DTSTART;VALUE=DATE:20240212\r
DTEND;VALUE=DATE:20240215\r
SUMMARY:Remissvar till kansliet\r
TRANSP:TRANSPARENT\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:konferens-1@kalender.example\r
DTSTAMP:20240101T120000Z\r
DTSTART;VALUE=DATE:20240320\r
DTEND;VALUE=DATE:20240321\r
SUMMARY:Regional konferens\r
TRANSP:OPAQUE\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_all_day_free_is_a_deadline_and_busy_a_meeting(cli, tmp_path):
    other = tmp_path / "other.ics"
    other.write_bytes(OTHER)
    result = cli.json("import", str(other))
    assert (result["added"], result["deadlines"]) == (1, 1)
    [deadline] = cli.json("deadlines")
    assert (deadline["title"], deadline["due_from"], deadline["due"]) == ("Remissvar till kansliet",
                                                                          "2024-02-12", "2024-02-14")
    [meeting] = cli.json("meeting", "list")
    assert (meeting["title"], meeting["start"][:10]) == ("Regional konferens", "2024-03-20")
    assert "TRANSPARENT" in cli.ok("import", "--help").stdout
