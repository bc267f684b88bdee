"""``publish``: meetings and open deadlines to a real CalDAV server (Radicale on 127.0.0.1),
only what changed, started and stopped by the tests."""

import contextlib
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import caldav
import httpx
import icalendar
import pytest
from caldav.davclient import DAVClient

from scheduler.text.shapes import RECORDS
from tests.test_mail import free_port

FEB16 = "ledningsgrupp-2024-02-16"
PASSWORD = "hemligt"


class Radicale:
    """A Radicale server with its own config, users file (plain passwords) and storage."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.port = folder, free_port()
        (folder / "users").write_text(f"helene:{PASSWORD}\n")
        (folder / "config").write_text(f"""[server]
hosts = 127.0.0.1:{self.port}
[auth]
type = htpasswd
htpasswd_filename = {folder / "users"}
htpasswd_encryption = plain
[storage]
filesystem_folder = {folder / "collections"}
[rights]
type = owner_only
[web]
type = none
[logging]
level = warning
""")
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/helene/"

    def start(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(self.folder / "config")],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            with contextlib.suppress(httpx.TransportError):
                httpx.get(f"http://127.0.0.1:{self.port}/", timeout=1)
                return
            time.sleep(0.05)
        raise AssertionError("Radicale did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def events(self, calendar: str = "Södertörn") -> list[icalendar.Calendar]:
        """What the server holds in that calendar, each object parsed."""
        client = caldav.DAVClient(self.url, username="helene", password=PASSWORD)
        found = next(c for c in client.principal().calendars() if c.get_display_name() == calendar)
        return [icalendar.Calendar.from_ical(item.data) for item in found.events()]


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """The messages these tests read, in English."""
    monkeypatch.setenv("SCHEDULER_LANG", "en")


@pytest.fixture
def radicale(tmp_path) -> Iterator[Radicale]:
    server = Radicale(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def publish(cli, server: Radicale, *args: str, password: str = PASSWORD, fails: bool = False):
    command = ["publish", "--caldav", server.url, "--calendar", "Södertörn", "--user", "helene", *args]
    cli.runner.env = {"SCHEDULER_CALDAV_PASSWORD": password}
    return cli.fails(*command, today="2024-02-09") if fails else cli.json(*command, today="2024-02-09")


def published_rows(cli) -> list[tuple]:
    with sqlite3.connect(cli.db) as con:
        return con.execute("SELECT uid, href FROM publication ORDER BY uid").fetchall()


def by_uid(calendars: list[icalendar.Calendar]) -> dict[str, list[icalendar.Event]]:
    found: dict[str, list[icalendar.Event]] = {}
    for calendar in calendars:
        assert "METHOD" not in calendar  # CalDAV stores no iTIP method
        uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
        assert len(uids) == 1  # one object per UID
        found.setdefault(uids.pop(), []).extend(calendar.walk("VEVENT"))
    return found


def test_publish_move_and_publish_again(sample_cli, radicale):
    first = publish(sample_cli, radicale)
    assert list(first) == list(RECORDS["publication"].__annotations__)
    assert first["complete"] and first["updated"] == [] and first["deleted"] == []
    held = by_uid(radicale.events())
    assert set(held) == set(first["added"])
    uid = sample_cli.json("meeting", "show", FEB16)["uid"]
    assert held[uid][0].DTSTART.isoformat() == "2024-02-16T09:00:00+01:00"
    assert all("ATTENDEE" not in event for events in held.values() for event in events)
    again = publish(sample_cli, radicale)
    assert (again["added"], again["updated"], again["deleted"], again["unchanged"]) == (
        [], [], [], len(first["added"]))
    sample_cli.ok("meeting", "edit", FEB16, "--start", "2024-02-16 10:00", today="2024-02-09")
    moved = publish(sample_cli, radicale)
    meeting_id = sample_cli.json("meeting", "show", FEB16)["id"]
    tied = [d["uid"] for d in sample_cli.json("deadlines") if d["meeting_id"] == meeting_id]
    assert len(tied) == 2  # their text names the meeting's time, so they change with it
    assert (moved["added"], sorted(moved["updated"]), moved["deleted"]) == ([], sorted([uid, *tied]), [])
    held = by_uid(radicale.events())
    assert len(held) == len(first["added"])
    [event] = held[uid]
    assert (event.DTSTART.isoformat(), event.DTEND.isoformat()) == (
        "2024-02-16T10:00:00+01:00", "2024-02-16T12:30:00+01:00")
    assert int(event["SEQUENCE"]) == 1


def test_cancelled_and_done_are_deleted(sample_cli, radicale):
    publish(sample_cli, radicale)
    uid = sample_cli.json("meeting", "show", FEB16)["uid"]
    deadline = next(d for d in sample_cli.json("deadlines") if d["due"] == "2024-02-14")
    sample_cli.ok("meeting", "cancel", FEB16, today="2024-02-09")
    sample_cli.ok("deadline", "done", str(deadline["id"]), today="2024-02-09")
    done = publish(sample_cli, radicale)
    assert sorted(done["deleted"]) == sorted([uid, deadline["uid"]])
    held = by_uid(radicale.events())
    assert uid not in held and deadline["uid"] not in held
    assert {row[0] for row in published_rows(sample_cli)} == set(held)


def test_wrong_password_publishes_nothing(sample_cli, radicale):
    before = sample_cli.dump()
    result = publish(sample_cli, radicale, password="fel", fails=True)
    assert result.stderr == (f"Error: The CalDAV server {radicale.url} refused the login helene: check --user "
                             "and SCHEDULER_CALDAV_PASSWORD. Nothing was published.\n")
    assert sample_cli.dump() == before


def test_server_down_halfway_then_the_next_run_finishes(sample_cli, radicale, monkeypatch):
    real_put = DAVClient.put
    calls = []

    def put(self, url, body, headers=None):
        calls.append(url)
        if len(calls) == 4:
            radicale.stop()  # the server goes down in the middle of the run
        return real_put(self, url, body, headers)

    monkeypatch.setattr(DAVClient, "put", put)
    result = publish(sample_cli, radicale, fails=True)
    assert "stopped answering" in result.stderr
    assert len(published_rows(sample_cli)) == 3  # what was sent is remembered
    monkeypatch.setattr(DAVClient, "put", real_put)
    radicale.start()
    finished = publish(sample_cli, radicale)
    assert finished["complete"] and finished["unchanged"] == 3
    held = by_uid(radicale.events())
    assert set(held) == {row[0] for row in published_rows(sample_cli)}
    assert len(held) == 3 + len(finished["added"])  # nothing doubled


def test_calendar_url_given_directly(sample_cli, radicale):
    publish(sample_cli, radicale)
    client = caldav.DAVClient(radicale.url, username="helene", password=PASSWORD)
    url = str(next(c for c in client.principal().calendars() if c.get_display_name() == "Södertörn").url)
    sample_cli.runner.env = {"SCHEDULER_CALDAV_PASSWORD": PASSWORD}
    record = sample_cli.json("publish", "--caldav", url, "--user", "helene", today="2024-02-09")
    assert record["calendar"] == url
    assert (record["added"], record["updated"]) == ([], [])


def test_no_server_is_a_clean_error(sample_cli, tmp_path):
    before = sample_cli.dump()
    sample_cli.runner.env = {"SCHEDULER_CALDAV_PASSWORD": PASSWORD}
    result = sample_cli.fails("publish", "--caldav", f"http://127.0.0.1:{free_port()}/helene/",
                              "--calendar", "Södertörn", "--user", "helene")
    assert "Cannot reach the CalDAV calendar" in result.stderr
    assert sample_cli.dump() == before


def test_caldav_must_be_a_link(sample_cli):
    sample_cli.runner.env = {"SCHEDULER_CALDAV_PASSWORD": PASSWORD}
    assert "--caldav" in sample_cli.fails("publish", "--caldav", "dav.example.org/helene").stderr
