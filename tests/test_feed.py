"""The feed (``export``): a golden file, ical.js reading the meetings and the deadline events
with their alarms, no attendees or their addresses, the filters, and every bad input."""

import datetime as dt
import re

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduler.ical.feed import reminder_trigger
from scheduler.workdays import is_working_day, subtract_working_days
from tests.conftest import ROOT
from tests.icaljs import parse_ics
from tests.test_invitations import assert_golden, assert_wire_form

STORE = ROOT / "tests" / "data" / "feed-store.toml"
WEEKLY = "veckomote"


@pytest.fixture
def feed_cli(cli):
    """The small feed store: a moved and a cancelled occurrence of the weekly series, a
    cancelled meeting, and one deadline already done."""
    cli.ok("load", str(STORE))
    cli.ok("meeting", "edit", WEEKLY, "--occurrence", "2024-03-25", "--start", "2024-03-26 10:00")
    cli.ok("meeting", "cancel", WEEKLY, "--occurrence", "2024-04-01")
    cli.ok("meeting", "cancel", "planering-2024-03-01")
    cli.ok("deadline", "done", "5")
    return cli


def export(cli, *args: str) -> bytes:
    return cli.ok("export", "-o", "-", *args).stdout_bytes


def fires_at(parsed_event: dict) -> dt.datetime:
    """When a deadline's alarm fires (local wall time): midnight of DTSTART plus TRIGGER."""
    (alarm,) = parsed_event["alarms"]
    assert (alarm["action"], alarm["related"]) == ("DISPLAY", "START")
    start = dt.datetime.fromisoformat(parsed_event["dtstart"]["iso"])
    return start + icalendar.vDuration.from_ical(alarm["trigger"])


def by_summary(parsed: dict) -> dict[str, dict]:
    return {event["summary"]: event for event in parsed["events"] if not event["recurrenceId"]}


def test_feed_is_the_golden_file(feed_cli):
    ics = export(feed_cli)
    assert_wire_form(ics)
    assert_golden(ics, "feed.ics")


def test_calendar_properties(feed_cli):
    ics = export(feed_cli)
    name = "NAME:Södertörnskommunerna – möten och frister"
    for line in ("METHOD:PUBLISH", name, "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
                 "X-PUBLISHED-TTL:PT1H"):
        assert f"\r\n{line}\r\n".encode() in ics
    calendar = parse_ics(ics)["calendar"]
    assert calendar["x-wr-calname"] == "Södertörnskommunerna – möten och frister"
    assert calendar["unresolvedTzids"] == []


def test_icaljs_sees_meetings_and_deadlines_with_alarms(feed_cli):
    parsed = parse_ics(export(feed_cli))
    assert [(o["start"], o["summary"], o["status"]) for o in parsed["occurrences"]] == [
        ("2024-02-01", "Frist: Förslag till remissvar att läsa", None),
        ("2024-02-14", "Frist: Remissvaret klart för inlämning till alla kanslier", None),
        ("2024-02-16", "Frist: Årsredovisningen presenteras", None),
        ("2024-02-16T09:00:00+01:00", "Ledningsgrupp", "CONFIRMED"),
        ("2024-03-01T10:00:00+01:00", "INSTÄLLT: Planeringsmöte", "CANCELLED"),
        ("2024-03-18T08:30:00+01:00", "Veckomöte", "CONFIRMED"),
        ("2024-03-26T10:00:00+01:00", "Veckomöte", "CONFIRMED"),  # moved from 25 March
        ("2024-04-03", "Frist: Underlag efter påsk", None),
        ("2024-04-08T08:30:00+02:00", "Veckomöte", "CONFIRMED"),  # 1 April cancelled
    ]
    events = by_summary(parsed)
    meeting = events["Ledningsgrupp"]
    assert meeting["alarms"] == [] and meeting["transp"] is None
    deadline = events["Frist: Remissvaret klart för inlämning till alla kanslier"]
    assert deadline["isDate"] is True
    assert (deadline["dtstart"]["iso"], deadline["dtend"]["iso"]) == ("2024-02-14", "2024-02-15")
    assert deadline["transp"] == "TRANSPARENT"
    assert deadline["categories"] == ["referral"]
    assert deadline["sequence"] == 0
    assert deadline["uid"] == feed_cli.json("deadline", "show", "1")["uid"]
    assert deadline["alarms"][0]["description"] == (
        "Frist ons 14 feb 2024: Remissvaret klart för inlämning till alla kanslier")
    assert deadline["description"] == (
        "Frist: ons 14 feb 2024\nAnsvarig: Helene Olofsson\nÄrende: Inriktningsplaneringen")
    tied = events["Frist: Årsredovisningen presenteras"]
    assert tied["description"].endswith("\nInför: Ledningsgrupp, fre 16 feb 2024 09.00–11.30")


def test_deadline_tied_to_a_moved_occurrence_names_it(feed_cli):
    feed_cli.ok("deadline", "add", "Handlingar till veckomötet", "--before-meeting", WEEKLY,
                "--occurrence", "2024-03-25", "--working-days", "2", "--kind", "material")
    event = by_summary(parse_ics(export(feed_cli)))["Frist: Handlingar till veckomötet"]
    # Moved to Tuesday 26 March: due two working days before, Friday 22 March.
    assert event["dtstart"]["iso"] == "2024-03-22"
    assert event["description"].endswith("\nInför: Veckomöte, tis 26 mar 2024 10.00–11.00")


@pytest.mark.parametrize(
    ("summary", "trigger", "fires"),
    [
        # Wednesday 14 February: Tuesday, Monday, then Friday 9 February.
        ("Frist: Remissvaret klart för inlämning till alla kanslier", "-P4DT15H",
         dt.datetime(2024, 2, 9, 9)),
        # Wednesday 3 April: Tuesday 2, then Thursday 28 and Wednesday 27 March
        # (Långfredagen 29 March, Annandag påsk 1 April); DST starts on 31 March.
        ("Frist: Underlag efter påsk", "-P6DT15H", dt.datetime(2024, 3, 27, 9)),
        # The window 1–10 February: three working days before Saturday 10 February,
        # inside the window, so after its start.
        ("Frist: Förslag till remissvar att läsa", "P6DT9H", dt.datetime(2024, 2, 7, 9)),
    ],
)
def test_alarm_fires_at_nine_three_working_days_before(feed_cli, summary, trigger, fires):
    event = by_summary(parse_ics(export(feed_cli)))[summary]
    assert event["alarms"][0]["trigger"] == trigger
    assert fires_at(event) == fires


def test_alarm_around_christmas(cli):
    cli.ok("deadline", "add", "Svar efter nyår", "--due", "2024-01-02")
    (event,) = parse_ics(export(cli))["events"]
    # Nyårsdagen, Nyårsafton, a weekend, then Friday 29, Thursday 28, Wednesday 27 December.
    assert event["alarms"][0]["trigger"] == "-P5DT15H"
    assert fires_at(event) == dt.datetime(2023, 12, 27, 9)


def test_remind_sets_the_working_days(feed_cli):
    events = by_summary(parse_ics(export(feed_cli, "--remind", "0")))
    assert fires_at(events["Frist: Underlag efter påsk"]) == dt.datetime(2024, 4, 3, 9)
    events = by_summary(parse_ics(export(feed_cli, "--remind", "10")))
    assert fires_at(events["Frist: Underlag efter påsk"]) == dt.datetime(2024, 3, 18, 9)


@given(due=st.dates(dt.date(2023, 1, 1), dt.date(2030, 12, 31)),
       span=st.integers(0, 200), remind=st.integers(0, 15))
def test_trigger_fires_at_nine_on_the_working_day(due, span, remind):
    """For any window and N: 09.00 on the N-th working day before the last day, and the
    time part spans only the hours of that working day (no DST change in it)."""
    due_from = due - dt.timedelta(days=span)
    day = subtract_working_days(due, remind)
    trigger = reminder_trigger(due_from, day)
    fires = dt.datetime.combine(due_from, dt.time()) + trigger
    assert fires == dt.datetime.combine(day, dt.time(9))
    assert is_working_day(day) and day.weekday() < 5
    assert re.fullmatch(r"-P(\d+D)?T15H|P(\d+D)?T9H",
                        icalendar.vDuration(trigger).to_ical().decode())


def test_no_attendee_and_no_attendee_address(sample_cli):
    ics = export(sample_cli)
    assert b"ATTENDEE" not in ics
    people = sample_cli.json("person", "list")
    organizer = "helene.olofsson@sodertornskommunerna.example"
    unfolded = ics.replace(b"\r\n ", b"").decode()
    assert f"ORGANIZER;CN=\"Helene Olofsson\":mailto:{organizer}" in unfolded
    leaked = [p["email"] for p in people if p["email"] != organizer and p["email"] in unfolded]
    assert leaked == []
    assert all(event["attendees"] == [] for event in parse_ics(ics)["events"])


def test_sample_feed_counts(sample_cli, tmp_path):
    target = tmp_path / "sodertorn.ics"
    record = sample_cli.json("export", "-o", str(target))
    assert record == {"file": str(target), "name": "Södertörnskommunerna – möten och frister",
                      "meetings": 5, "deadlines": 10}
    assert len(parse_ics(target.read_bytes())["events"]) == 15


def test_human_summary_and_default_file(feed_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = feed_cli.ok("export")
    assert result.stdout == ('Wrote scheduler.ics ("Södertörnskommunerna – möten och '
                             'frister"): 3 meetings, 4 deadlines.\n')
    assert (tmp_path / "scheduler.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_series_filter_and_name(feed_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    feed_cli.ok("meeting", "add", "Annat möte", "--start", "2024-02-20 13:00")
    record = feed_cli.json("export", "--series", "Ledningsgrupp")
    assert record == {"file": "ledningsgrupp.ics", "name": "Ledningsgrupp – möten och frister",
                      "meetings": 3, "deadlines": 1}
    events = parse_ics((tmp_path / "ledningsgrupp.ics").read_bytes())["events"]
    assert "Annat möte" not in {e["summary"] for e in events}
    assert "Frist: Årsredovisningen presenteras" in {e["summary"] for e in events}


def test_span_filter(feed_cli):
    parsed = parse_ics(export(feed_cli, "--from", "2024-02-14", "--to", "2024-03-20"))
    summaries = {e["summary"] for e in parsed["events"]}
    assert summaries == {"Frist: Remissvaret klart för inlämning till alla kanslier",
                         "Frist: Årsredovisningen presenteras", "Ledningsgrupp",
                         "INSTÄLLT: Planeringsmöte", "Veckomöte"}
    # The weekly series is in the span, so all of it is: master and override.
    assert len([e for e in parsed["events"] if e["summary"] == "Veckomöte"]) == 2


def test_span_after_a_series_leaves_it_out(feed_cli):
    parsed = parse_ics(export(feed_cli, "--from", "2024-04-09", "--name", "Efter påsk"))
    assert parsed["calendar"]["name"] == "Efter påsk"
    assert parsed["events"] == []


def test_done_deadline_is_not_in_the_feed(feed_cli):
    assert b"Redan klar" not in export(feed_cli)
    feed_cli.ok("deadline", "reopen", "5")
    assert b"SUMMARY:Frist: Redan klar\r\n" in export(feed_cli)


def test_empty_store_gives_an_empty_calendar(cli):
    parsed = parse_ics(export(cli))
    assert parsed["events"] == []
    assert parsed["calendar"]["name"] == "Möten och frister"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2024-03-01", "--to", "2024-02-01"],
         "Error: --to 2024-02-01 is before --from 2024-03-01: swap them.\n"),
        (["--series", "Styrelsen"],
         "Error: No series 'Styrelsen': known series are Ledningsgrupp.\n"),
        (["--from", "i morgon bitti"], "Error: "),
    ],
)
def test_bad_input_is_an_error_and_changes_nothing(feed_cli, args, message):
    before = feed_cli.dump()
    result = feed_cli.fails("export", "-o", "-", *args)
    assert result.stderr.startswith(message) and result.stdout == ""
    assert feed_cli.dump() == before


def test_output_to_a_folder_is_an_error(feed_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "en")
    result = feed_cli.fails("export", "-o", str(tmp_path))
    assert result.stderr.startswith(f"Error: {tmp_path} is a folder")


def test_usage_errors(feed_cli):
    assert "--json needs -o FILE" in feed_cli.fails("export", "-o", "-", "--json", code=2).stderr
    assert "--remind" in feed_cli.fails("export", "--remind", "-1", code=2).stderr
