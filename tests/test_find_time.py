"""Finding a time: busy time from the store, .ics exports and VFREEBUSY; ranked candidates;
booking one; our own busy time out as VFREEBUSY."""

import datetime as dt
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from scheduler.errors import InputError
from scheduler.findtime import Busy, Invitee, Prefer, Request, Usual, meeting_days, ranked
from scheduler.ical.busy import read_busy
from tests.conftest import STOCKHOLM
from tests.icaljs import parse_ics

MARCH_4, MARCH_8 = dt.date(2024, 3, 4), dt.date(2024, 3, 8)


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """Messages are checked by their English text; one test checks the Swedish screen."""
    monkeypatch.setenv("SCHEDULER_LANG", "en")


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> dt.datetime:
    return dt.datetime(2024, month, day, hour, minute, tzinfo=STOCKHOLM)


def ics(*components: str, method: str = "PUBLISH") -> bytes:
    body = "".join(components)
    return (f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nMETHOD:{method}\r\n"
            f"{body}END:VCALENDAR\r\n").encode()


def vevent(uid: str, start: str, end: str, *extra: str, summary: str = "Upptagen") -> str:
    lines = [f"UID:{uid}", "DTSTAMP:20240101T000000Z", f"DTSTART;TZID=Europe/Stockholm:{start}",
             f"DTEND;TZID=Europe/Stockholm:{end}", f"SUMMARY:{summary}", *extra]
    return "BEGIN:VEVENT\r\n" + "".join(line + "\r\n" for line in lines) + "END:VEVENT\r\n"


def vfreebusy(*periods: str) -> str:
    lines = ["UID:fb-1", "DTSTAMP:20240101T000000Z", "DTSTART:20240303T230000Z",
             "DTEND:20240310T230000Z", *(f"FREEBUSY;FBTYPE={p}" for p in periods)]
    return "BEGIN:VFREEBUSY\r\n" + "".join(line + "\r\n" for line in lines) + "END:VFREEBUSY\r\n"


CAMILLA_MONDAY = ics(vfreebusy("BUSY:20240303T230000Z/20240304T230000Z"))
PETRA_TUESDAY = ics(vevent("petra-1", "20240305T080000", "20240305T120000", summary="Styrelse"))


# Reading busy time -------------------------------------------------------------------------


def test_vfreebusy_periods_are_busy_and_free_periods_are_not():
    data = ics(vfreebusy("BUSY:20240304T070000Z/20240304T090000Z,20240305T150000Z/PT1H",
                         "FREE:20240306T070000Z/20240306T160000Z",
                         "BUSY-TENTATIVE:20240307T100000Z/20240307T110000Z"))
    busy = read_busy(data, at(4, 0), at(9, 0), STOCKHOLM)
    assert [(b.start, b.end) for b in busy] == [
        (at(4, 8), at(4, 10)), (at(5, 16), at(5, 17)), (at(7, 11), at(7, 12))]


def test_ics_export_skips_transparent_and_cancelled_and_expands_recurrence():
    data = ics(
        vevent("weekly", "20240226T090000", "20240226T100000", "RRULE:FREQ=WEEKLY;COUNT=4"),
        vevent("free", "20240305T130000", "20240305T140000", "TRANSP:TRANSPARENT"),
        vevent("off", "20240306T130000", "20240306T140000", "STATUS:CANCELLED"),
        vevent("real", "20240307T130000", "20240307T150000", summary="Budget"),
    )
    busy = read_busy(data, at(4, 0), at(9, 0), STOCKHOLM)
    assert [(b.start, b.end, b.what) for b in busy] == [
        (at(4, 9), at(4, 10), "Upptagen"), (at(7, 13), at(7, 15), "Budget")]


def test_an_all_day_busy_event_takes_the_whole_day():
    data = ics("BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20240101T000000Z\r\nDTSTART;VALUE=DATE:20240306\r\n"
               "DTEND;VALUE=DATE:20240307\r\nSUMMARY:Resa\r\nEND:VEVENT\r\n")
    [busy] = read_busy(data, at(4, 0), at(9, 0), STOCKHOLM)
    assert (busy.start, busy.end) == (at(6, 0), at(7, 0))


@pytest.mark.parametrize("data", [b"not a calendar", b"\x00\x01\x02", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n"])
def test_what_is_not_icalendar_is_refused(data):
    with pytest.raises(InputError):
        read_busy(data, at(4, 0), at(9, 0), STOCKHOLM)


# Ranking -----------------------------------------------------------------------------------


def invitee(n: int, busy: list[Busy] | None, required: bool = True) -> Invitee:
    return Invitee(n, f"P{n}", f"p{n}@x.example", required, None if busy is None else tuple(busy))


def test_days_skip_weekends_holidays_and_eves():
    days = list(meeting_days(dt.date(2024, 3, 25), dt.date(2024, 4, 2)))
    assert days == [dt.date(2024, 3, 25), dt.date(2024, 3, 26), dt.date(2024, 3, 27),
                    dt.date(2024, 4, 2)]  # not Skärtorsdagen, Långfredagen, Annandag påsk


def test_all_free_first_then_fewer_busy_and_no_overlapping_candidates():
    people = [invitee(1, [Busy(at(4, 8), at(4, 17))]), invitee(2, [Busy(at(5, 8), at(5, 12))])]
    request = Request(dt.timedelta(hours=2, minutes=30), MARCH_4, MARCH_8)
    found = ranked(request, people, STOCKHOLM)
    assert found[0].start == at(5, 12) and found[0].end == at(5, 14, 30)
    assert all(len(item.free) == 2 and not item.busy for item in found)
    assert all(item.start.date() != MARCH_4 for item in found)
    assert all(a.end <= b.start or b.end <= a.start for a in found for b in found if a is not b)
    assert len(found) == 5


def test_when_nobody_is_free_the_slot_with_fewest_busy_comes_first():
    busy_all_week = [Busy(at(4, 0), at(9, 0))]
    people = [invitee(1, busy_all_week), invitee(2, busy_all_week),
              invitee(3, [Busy(at(4, 8), at(4, 12))])]
    found = ranked(Request(dt.timedelta(hours=1), MARCH_4, MARCH_8, limit=1), people, STOCKHOLM)
    assert found[0].start == at(4, 12)
    assert [p.person_id for p, _ in found[0].busy] == [1, 2]


def test_unknown_people_are_not_counted_as_free_and_optional_people_break_ties():
    people = [invitee(1, None), invitee(2, []), invitee(3, [Busy(at(4, 8), at(4, 9))], required=False)]
    [first] = ranked(Request(dt.timedelta(hours=1), MARCH_4, MARCH_4, limit=1), people, STOCKHOLM)
    assert [p.person_id for p in first.unknown] == [1]
    assert first.start == at(4, 9)  # 08.00 would have the optional person busy


def test_prefer_usual_ranks_the_usual_weekday_and_time_first():
    request = Request(dt.timedelta(hours=2, minutes=30), MARCH_4, MARCH_8, prefer=Prefer.USUAL,
                      usual=Usual(weekday=4, start=dt.time(8, 30)))
    found = ranked(request, [invitee(1, [])], STOCKHOLM)
    assert found[0].start == at(8, 8, 30)


@pytest.mark.parametrize("request_, message", [
    (Request(dt.timedelta(hours=10), MARCH_4, MARCH_8), "does not fit"),
    (Request(dt.timedelta(hours=1), MARCH_8, MARCH_4), "is after"),
    (Request(dt.timedelta(hours=1), MARCH_4, MARCH_4 + dt.timedelta(days=92)), "92 days"),
])
def test_requests_that_cannot_be_answered_are_refused(request_, message):
    with pytest.raises(InputError, match=message):
        ranked(request_, [invitee(1, [])], STOCKHOLM)


# From the command line on the sample -------------------------------------------------------


@pytest.fixture
def busy_sample(sample_cli, tmp_path: Path):
    camilla, petra = tmp_path / "camilla.vfb", tmp_path / "petra.ics"
    camilla.write_bytes(CAMILLA_MONDAY)
    petra.write_bytes(PETRA_TUESDAY)
    sample_cli.ok("person", "busy", "add", "Camilla Broo", str(camilla))
    sample_cli.ok("person", "busy", "add", "Petra Oxonius", str(petra))
    return sample_cli


FIND = ("find-time", "--series", "Ledningsgrupp", "--duration", "2h30m",
        "--from", "2024-03-04", "--to", "2024-03-08")


def test_find_time_for_the_leadership_group(busy_sample):
    found = busy_sample.json(*FIND)
    assert found[0]["start"] == "2024-03-05T12:00:00+01:00"
    assert found[0]["end"] == "2024-03-05T14:30:00+01:00"
    for item in found:
        assert not item["start"].startswith("2024-03-04")
        assert item["busy"] == [] and item["unknown"] == []
        assert len(item["free"]) == 9
    assert {"name": "Camilla Broo", "email": "camilla.broo@huddinge.example"} in found[0]["free"]


def test_find_time_speaks_swedish_by_default(busy_sample, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")
    text = busy_sample.ok(*FIND).stdout
    assert "9 personer tillfrågade, 5 förslag:" in text
    assert " 1  tis 5 mar 2024 12.00–14.30  alla lediga" in text


def test_find_time_shows_who_is_busy_with_what(busy_sample):
    found = busy_sample.json(*FIND[:-4], "--from", "2024-03-05", "--to", "2024-03-05",
                             "--hours", "08.00-12.00")
    assert found[0]["busy"] == [{"name": "Petra Oxonius", "email": "petra.oxonius@botkyrka.example",
                                 "with": ["Styrelse"]}]


def test_find_time_skips_easter(busy_sample):
    found = busy_sample.json("find-time", "--series", "Ledningsgrupp", "--duration", "2h",
                             "--from", "2024-03-25", "--to", "2024-04-02", "--limit", "20")
    days = {item["start"][:10] for item in found}
    assert "2024-03-29" not in days and "2024-04-01" not in days
    assert days <= {"2024-03-25", "2024-03-26", "2024-03-27", "2024-04-02"}


def test_a_source_that_is_not_icalendar_makes_its_person_unknown(sample_cli, tmp_path: Path):
    bad = tmp_path / "broken.ics"
    bad.write_text("hello")
    sample_cli.ok("person", "busy", "add", "Camilla Broo", str(bad))
    result = sample_cli.ok(*FIND, "--json")
    assert "Camilla Broo" in result.stderr and "broken.ics" in result.stderr
    found = json.loads(result.stdout)
    assert all(item["unknown"] == [{"name": "Camilla Broo", "email": "camilla.broo@huddinge.example"}]
               for item in found)


@pytest.fixture
def calendar_server(tmp_path: Path) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving tmp_path, as a colleague's calendar host would."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_url_source_is_fetched_at_use(sample_cli, tmp_path: Path, calendar_server: str):
    (tmp_path / "camilla.ifb").write_bytes(CAMILLA_MONDAY)
    sample_cli.ok("person", "busy", "add", "Camilla Broo", f"{calendar_server}/camilla.ifb")
    found = sample_cli.json(*FIND)
    assert all(not item["start"].startswith("2024-03-04") for item in found)
    assert all(item["unknown"] == [] for item in found)


def test_a_url_that_fails_warns_and_leaves_the_person_unknown(sample_cli, calendar_server: str):
    sample_cli.ok("person", "busy", "add", "Petra Oxonius", f"{calendar_server}/missing.ics")
    result = sample_cli.ok(*FIND, "--json")
    assert "Petra Oxonius" in result.stderr and "missing.ics" in result.stderr
    assert json.loads(result.stdout)[0]["unknown"][0]["name"] == "Petra Oxonius"


def test_a_declined_meeting_does_not_make_anyone_busy(sample_cli):
    window = ("--from", "2024-02-16", "--to", "2024-02-16", "--duration", "2h30m", "--hours", "09.00-11.30")
    [slot] = sample_cli.json("find-time", "--people", "Camilla Broo", *window)
    assert slot["busy"][0]["name"] == "Camilla Broo"
    sample_cli.ok("attend", "ledningsgrupp-2024-02-16", "Camilla Broo", "--rsvp", "declined")
    [slot] = sample_cli.json("find-time", "--people", "Camilla Broo", *window)
    assert slot["busy"] == [] and slot["free"][0]["name"] == "Camilla Broo"


def test_book_turns_a_candidate_into_a_meeting_of_the_series(busy_sample):
    booked = busy_sample.json(*FIND, "--book", "1")
    assert booked["start"] == "2024-03-05T12:00:00+01:00" and booked["series"] == "Ledningsgrupp"
    attendance = busy_sample.json("attendance", str(booked["id"]))
    assert len(attendance["participants"]) == 9
    again = busy_sample.json(*FIND)
    assert again[0]["start"] != "2024-03-05T12:00:00+01:00"


@pytest.mark.parametrize("args, message", [
    (("--duration", "10h"), "does not fit"),
    (("--from", "2024-03-08", "--to", "2024-03-04"), "after"),
    (("--to", "2024-07-01"), "92 days"),
    (("--book", "9"), "candidate"),
    (("--hours", "17-8"), "hours"),
    (("--step", "0m"), "'0m'"),
])
def test_bad_find_time_input(busy_sample, args, message):
    options = dict(zip(FIND[1::2], FIND[2::2], strict=True))
    for name, value in zip(args[::2], args[1::2], strict=True):
        options[name] = value
    before = busy_sample.dump()
    result = busy_sample.fails("find-time", *[x for pair in options.items() for x in pair])
    assert message in result.stderr
    assert busy_sample.dump() == before


def test_a_person_without_e_mail_cannot_be_asked(sample_cli):
    sample_cli.ok("person", "add", "Utan Adress")
    result = sample_cli.fails("find-time", "--people", "Utan Adress", "--duration", "1h",
                              "--from", "2024-03-04", "--to", "2024-03-08")
    assert "Utan Adress" in result.stderr and "e-mail" in result.stderr


def test_busy_sources_are_listed_and_removed(busy_sample, tmp_path: Path):
    listed = busy_sample.json("person", "busy", "list", "Camilla Broo")
    assert listed == [str(tmp_path / "camilla.vfb")]
    busy_sample.ok("person", "busy", "remove", "Camilla Broo", str(tmp_path / "camilla.vfb"))
    assert busy_sample.json("person", "busy", "list", "Camilla Broo") == []
    busy_sample.fails("person", "busy", "remove", "Camilla Broo", "nowhere.ics")


# Our busy time out --------------------------------------------------------------------------


def test_freebusy_of_a_person_has_busy_periods_and_no_titles(sample_cli, tmp_path: Path):
    out = tmp_path / "camilla.ifb"
    sample_cli.ok("freebusy", "Camilla Broo", "--from", "2024-01-01", "--to", "2024-02-29",
                  "-o", str(out))
    data = out.read_bytes()
    assert b"METHOD:PUBLISH" in data and b"SUMMARY" not in data and b"LOCATION" not in data
    assert b"Ledningsgrupp" not in data
    [component] = parse_ics(data)["freebusy"]
    assert component["organizer"] == "mailto:camilla.broo@huddinge.example"
    assert {"fbtype": "BUSY", "start_utc": "2024-02-16T08:00:00Z",
            "end_utc": "2024-02-16T10:30:00Z"} in component["periods"]
    assert not {"summary", "location", "description", "attendee"} & set(component["properties"])
