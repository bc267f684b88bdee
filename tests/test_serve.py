"""``serve`` and ``token``: the feed and the page over HTTP, against the real server.

The tests start ``scheduler serve`` (uvicorn) on 127.0.0.1 and a free port, talk to it with
httpx, and render the page in Debian's headless Chromium.
"""

import contextlib
import html
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import icalendar
import pytest

from scheduler.text.shapes import RECORDS
from tests.conftest import ROOT
from tests.test_mail import free_port

CHROMIUM = "/usr/bin/chromium"
FEB16 = "ledningsgrupp-2024-02-16"
NOTICE = ("OBS! Ny tid och plats: fre 16 feb 2024 09.00–11.30, StorSthlms lokaler "
          "(förra mötet: 08.30–11.00, Folkes event, Huddinge centrum)")


@contextlib.contextmanager
def running(db: Path, today: str = "2024-02-09") -> Iterator[str]:
    """``scheduler serve`` on a free port for the duration of the block; yields its base URL."""
    port = free_port()
    env = {**os.environ, "SCHEDULER_LANG": "sv"}
    process = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "--db", str(db), "--today", today,
                                "serve", "--port", str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if process.poll() is not None:
                raise AssertionError(process.stderr.read().decode() if process.stderr else "serve ended")
            with contextlib.suppress(httpx.TransportError):
                httpx.get(base + "/", timeout=1)
                break
            time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def server(sample_cli) -> Iterator[tuple[str, str]]:
    """The sample served as of 2024-02-09, and a token for the whole calendar."""
    token = sample_cli.json("token", "new", "--url", "http://kalender.example")["token"]
    with running(sample_cli.db) as base:
        yield base, token


def test_token_new_prints_the_feed_url(sample_cli):
    record = sample_cli.json("token", "new", "--url", "https://kalender.sodertorn.example/")
    assert list(record) == list(RECORDS["token (new)"].__annotations__) == ["token", "url"]
    assert record["url"] == f"https://kalender.sodertorn.example/calendar.ics?token={record['token']}"
    series = sample_cli.json("token", "new", "--series", "Ledningsgrupp", "--url", "https://k.example")
    assert series["url"] == f"https://k.example/series/ledningsgrupp.ics?token={series['token']}"
    listed = sample_cli.json("token", "list")
    assert all(list(t) == list(RECORDS["token"].__annotations__) for t in listed)
    assert [(t["id"], t["series"], t["revoked"]) for t in listed] == [(1, None, None), (2, "Ledningsgrupp", None)]
    assert all(record["token"] not in str(t) for t in listed)  # the secret is never shown again
    sample_cli.ok("token", "revoke", "1")
    assert [t["id"] for t in sample_cli.json("token", "list")] == [2]
    sample_cli.fails("token", "revoke", "1")
    sample_cli.fails("token", "revoke", "99")
    sample_cli.fails("token", "new", "--series", "Okänd serie")
    before = sample_cli.dump()
    assert "--url" in sample_cli.fails("token", "new", "--url", "kalender.example").stderr
    assert sample_cli.dump() == before


def test_feed_with_etag_and_not_modified(server, sample_cli):
    base, token = server
    first = httpx.get(f"{base}/calendar.ics", params={"token": token})
    assert first.status_code == 200
    assert first.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(first.content)
    assert calendar["METHOD"] == "PUBLISH"
    uid = sample_cli.json("meeting", "show", FEB16)["uid"]
    assert uid in {str(event["UID"]) for event in calendar.events}
    tag, modified = first.headers["etag"], first.headers["last-modified"]
    again = httpx.get(f"{base}/calendar.ics", params={"token": token}, headers={"If-None-Match": tag})
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", tag)
    since = httpx.get(f"{base}/calendar.ics", params={"token": token}, headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    sample_cli.ok("meeting", "edit", FEB16, "--location", "Huddinge kommunhus", today="2024-02-09")
    changed = httpx.get(f"{base}/calendar.ics", params={"token": token}, headers={"If-None-Match": tag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != tag
    assert b"Huddinge kommunhus" in changed.content


def test_freebusy_of_a_member_for_a_whole_calendar_token(server, sample_cli):
    base, token = server
    url = f"{base}/freebusy/camilla.broo@huddinge.example.ifb"
    answer = httpx.get(url, params={"token": token})
    assert answer.status_code == 200 and answer.headers["content-type"] == "text/calendar; charset=utf-8"
    [busy] = icalendar.Calendar.from_ical(answer.content).walk("VFREEBUSY")
    assert "20240216T080000Z/20240216T103000Z" in busy.to_ical().decode()  # the 16 February meeting
    assert b"SUMMARY" not in answer.content and b"Ledningsgrupp" not in answer.content
    series = sample_cli.json("token", "new", "--series", "Ledningsgrupp", "--url", "http://k.example")["token"]
    assert httpx.get(url, params={"token": series}).status_code == 404
    assert httpx.get(url, params={"token": "wrong"}).status_code == 404
    assert httpx.get(f"{base}/freebusy/nobody@x.example.ifb", params={"token": token}).status_code == 404


def test_wrong_missing_or_revoked_token_is_404(server, sample_cli):
    base, token = server
    for params in ({"token": "fel"}, {}, {"token": token[:-1]}):
        for path in ("/", "/calendar.ics", "/series/ledningsgrupp.ics"):
            answer = httpx.get(base + path, params=params)
            assert (answer.status_code, answer.text) == (404, "Not Found")
    assert httpx.get(f"{base}/series/okand.ics", params={"token": token}).status_code == 404
    sample_cli.ok("token", "revoke", token)
    assert httpx.get(f"{base}/calendar.ics", params={"token": token}).status_code == 404


def test_series_token_opens_only_its_series(server, sample_cli):
    base, _whole = server
    token = sample_cli.json("token", "new", "--series", "Ledningsgrupp")["token"]
    own = httpx.get(f"{base}/series/ledningsgrupp.ics", params={"token": token})
    assert own.status_code == 200
    summaries = {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(own.content).events}
    assert "Samarbetskommitténs planeringskonferens" not in summaries
    assert "Ledningsgrupp" in summaries
    whole = httpx.get(f"{base}/calendar.ics", params={"token": token})  # the token decides what it holds
    assert whole.content.replace(b"\r\n", b"\n").split(b"DTSTAMP")[0] == \
        own.content.replace(b"\r\n", b"\n").split(b"DTSTAMP")[0]
    assert whole.headers["etag"] == own.headers["etag"]
    assert httpx.get(f"{base}/series/samarbetskommitten.ics", params={"token": token}).status_code == 404
    page = httpx.get(f"{base}/", params={"token": token}).text
    assert "Samarbetskommitténs planeringskonferens" not in page


def test_the_page_speaks_the_store_language_whatever_the_server_speaks(server, sample_cli):
    """The server runs with SCHEDULER_LANG=sv; an English store's page is English throughout,
    its headings and labels too (they were rendered in the server's language)."""
    from tests.test_language import sample_values, strangers

    base, token = server
    sample_cli.ok("config", "set", "language", "en")
    page = httpx.get(f"{base}/", params={"token": token}).text
    assert '<html lang="en">' in page and "Open deadlines" in page and "Place: StorSthlms lokaler" in page
    text = re.sub(r"<[^>]+>", "\n", re.sub(r"<(script|style).*?</\1>", " ", page, flags=re.DOTALL))
    assert not strangers(html.unescape(text), "en", sample_values())


def test_the_web_side_never_writes_the_store(server, sample_cli):
    base, token = server
    before = sample_cli.dump()
    for path in ("/", "/calendar.ics", "/series/ledningsgrupp.ics", "/calendar.ics"):
        httpx.get(base + path, params={"token": token})
    httpx.get(base + "/", params={"token": "fel"})
    assert httpx.post(f"{base}/calendar.ics", params={"token": token}).status_code == 405
    assert sample_cli.dump() == before


def test_page_in_chromium_shows_the_notice(server, tmp_path):
    base, token = server
    html = httpx.get(f"{base}/", params={"token": token})
    assert html.headers["content-type"] == "text/html; charset=utf-8"
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         f"--user-data-dir={tmp_path / 'chromium'}", "--dump-dom", f"{base}/?token={token}"],
        capture_output=True, text=True, timeout=120, check=True).stdout
    assert '<html lang="sv">' in dom
    assert "Kommande möten" in dom and "Öppna frister" in dom
    assert f'<p class="notice">{NOTICE}</p>' in dom
    assert "Remissvaret klart för inlämning till alla kanslier" in dom
    assert "5 dagar kvar (3 arbetsdagar)" in dom


def test_serve_on_a_port_in_use_is_a_clear_error(sample_cli):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = sample_cli.fails("serve", "--port", str(port))
    assert result.stderr in (
        f"Error: Port {port} on 127.0.0.1 is already in use: stop what runs there, or give another "
        "port with --port.\n",
        f"Error: Port {port} på 127.0.0.1 används redan: stoppa det som kör där, eller ange en annan "
        "port med --port.\n")


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_the_readers_engine_refuses_writes(kind, tmp_path, request):
    from sqlalchemy.exc import SQLAlchemyError
    from sqlmodel import Session, select

    from scheduler.store import open_engine
    from scheduler.store.engine import open_reader
    from scheduler.store.models import Organisation

    db = str(tmp_path / "store.db") if kind == "sqlite" else request.getfixturevalue("pg_url")
    open_engine(db).dispose()
    engine = open_reader(db)
    try:
        with Session(engine) as session:
            assert session.exec(select(Organisation)).all() == []
            session.add(Organisation(name="Haninge"))
            with pytest.raises(SQLAlchemyError, match="(?i)read.?only"):
                session.commit()
    finally:
        engine.dispose()


def test_the_server_runs_with_the_cycle_collector_on(monkeypatch):
    """Commands run with the collector off (``cli.run``), but ``serve`` lives on: it turns the
    collector back on before uvicorn starts."""
    import gc

    from scheduler.web import server

    seen = []

    class Server:
        def __init__(self, config):
            pass

        def run(self, sockets):
            seen.append(gc.isenabled())

    monkeypatch.setattr(server.uvicorn, "Server", Server)
    was = gc.isenabled()
    gc.disable()
    try:
        server.serve(None, None)  # type: ignore[arg-type]
    finally:
        (gc.enable if was else gc.disable)()
    assert seen == [True]
