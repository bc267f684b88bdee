"""``export`` keeps each meeting's events and reuses them while nothing they show changed:
after every kind of change the feed is exactly the one built from nothing, and a meeting
nobody changed is not built again."""

import re

import pytest
from sqlalchemy import delete

from scheduler.ical.feed import build_feed
from scheduler.store import open_engine, transaction
from scheduler.store.exchanges import FeedEvent
from tests.conftest import ROOT
from tests.migrations import rows

STORE = ROOT / "tests" / "data" / "feed-store.toml"
LG = "lg-2024-02-16"
WEEKLY = "veckomote"


@pytest.fixture
def feed_cli(cli):
    cli.ok("load", str(STORE))
    cli.ok("person", "add", "Anna Nyberg", "--email", "anna.nyberg@tyreso.example", "--org", "Tyresö")
    cli.ok("meeting", "edit", WEEKLY, "--occurrence", "2024-03-25", "--start", "2024-03-26 10:00")
    cli.ok("agenda", "add", WEEKLY, "Punkt ett", "--from", "8.30", "--to", "9.00")
    return cli


def stamped_out(ics: bytes) -> bytes:
    return re.sub(rb"DTSTAMP:[0-9TZ]+", b"DTSTAMP:-", ics)


def export(cli, *args: str) -> bytes:
    return stamped_out(cli.ok(*args, "export", "-o", "-").stdout_bytes)


def fresh_export(cli, *args: str) -> bytes:
    """The feed built from nothing: every kept event dropped first."""
    engine = open_engine(str(cli.db))
    with transaction(engine) as session:
        session.connection().execute(delete(FeedEvent.__table__))
    engine.dispose()
    return export(cli, *args)


CHANGES = [
    ("title", ["meeting", "edit", LG, "--title", "Ledningsgrupp, extra"]),
    ("place", ["meeting", "edit", LG, "--location", "Huddinge; rum 3"]),
    ("link", ["meeting", "edit", LG, "--online", "https://meet.example/lg"]),
    ("free text", ["meeting", "edit", LG, "--description", "Ta med verksamhetsplanen."]),
    ("time, SEQUENCE and notice", ["meeting", "edit", LG, "--start", "2024-02-16 10:00", "--end", "12.30"]),
    ("participant's mode", ["attend", LG, "Cynthia Runefjärd", "--mode", "digital",
                            "--from", "10.30", "--to", "11.00"]),
    ("participant's role", ["attend", LG, "Björn \"Nalle\" Åberg, Tyresö", "--role", "adjuster"]),
    ("participant added", ["attend", LG, "Anna Nyberg"]),
    ("participant removed", ["attend", LG, "Cynthia Runefjärd", "--remove"]),
    ("agenda", ["agenda", "add", LG, "Inriktningsplaneringen", "--from", "10.00", "--to", "10.30",
                "--presenter", "Helene Olofsson"]),
    ("document", ["meeting", "doc", "add", LG, "https://sodertorn.example/vp-2024.pdf", "--title", "VP 2024"]),
    ("person renamed", ["person", "edit", "Helene Olofsson", "--name", "Helene Olofsson Berg"]),
    ("organizer", ["meeting", "edit", LG, "--organizer", "Cynthia Runefjärd"]),
    ("occurrence moved", ["meeting", "edit", WEEKLY, "--occurrence", "2024-03-18", "--location", "Tyresö"]),
    ("occurrence cancelled", ["meeting", "cancel", WEEKLY, "--occurrence", "2024-04-01"]),
    ("series' agenda window", ["agenda", "edit", WEEKLY, "1", "--from", "8.45", "--to", "9.15"]),
    ("participant's organisation", ["person", "edit", "Anna Nyberg", "--org", "Nacka"]),
    ("participant's agenda item", ["attend", LG, "Anna Nyberg", "--item", "1"]),
    ("language", ["config", "set", "language", "en"]),
    ("cancelled", ["meeting", "cancel", LG]),
]


def test_a_place_changed_renews_the_notice_of_the_next_meeting_of_the_series(feed_cli, clock):
    export(feed_cli)
    feed_cli.ok("meeting", "edit", LG, "--location", "Flemingsberg")
    assert export(feed_cli) == fresh_export(feed_cli)


def test_every_change_shows_in_the_next_export_as_if_built_anew(feed_cli):
    before = export(feed_cli)
    assert before == fresh_export(feed_cli)
    for what, command in CHANGES:
        feed_cli.ok(*command)
        kept = export(feed_cli)
        assert kept != before, f"{what}: the export did not change"
        assert kept == fresh_export(feed_cli), f"{what}: the kept events are stale"
        before = kept


def test_a_notice_is_worded_in_the_time_zone_of_the_export(feed_cli):
    feed_cli.ok("meeting", "edit", LG, "--start", "2024-02-16 10:00", "--end", "12.30")
    here = export(feed_cli, "--today", "2024-02-01")
    there = export(feed_cli, "--today", "2024-02-01", "--tz", "America/New_York")
    assert there != here
    assert there == fresh_export(feed_cli, "--today", "2024-02-01", "--tz", "America/New_York")


def test_a_notice_that_ends_when_the_meeting_has_passed(feed_cli):
    feed_cli.ok("meeting", "edit", LG, "--start", "2024-02-16 10:00", "--end", "12.30")
    assert b"OBS!" in export(feed_cli, "--today", "2024-02-01")
    later = export(feed_cli, "--today", "2024-02-20")
    assert later == fresh_export(feed_cli, "--today", "2024-02-20")


def test_unchanged_meetings_are_reused_and_a_changed_one_rebuilt(feed_cli, clock):
    engine = open_engine(str(feed_cli.db))
    with transaction(engine) as session:
        first = build_feed(session, clock, keep=True)
    with transaction(engine) as session:
        again = build_feed(session, clock, keep=True)
    assert (first.reused, again.reused) == (0, again.meetings) and again.meetings == 3
    assert stamped_out(first.data) == stamped_out(again.data)
    feed_cli.ok("meeting", "edit", LG, "--description", "Ta med verksamhetsplanen.")
    with transaction(engine) as session:
        third = build_feed(session, clock, keep=True)
    assert third.reused == third.meetings - 1
    assert len(rows(engine)["feedevent"]) == 3
    engine.dispose()


def test_a_deleted_meetings_events_are_dropped(feed_cli):
    export(feed_cli)
    feed_cli.ok("meeting", "delete", "planering-2024-03-01")
    export(feed_cli)
    engine = open_engine(str(feed_cli.db))
    assert len(rows(engine)["feedevent"]) == 2
    engine.dispose()


def test_the_web_feed_keeps_nothing(feed_cli, clock):
    engine = open_engine(str(feed_cli.db))
    with transaction(engine) as session:
        build_feed(session, clock)
    assert rows(engine)["feedevent"] == []
    engine.dispose()
