"""The store: engine creation, transactions, the revision log, SQLite and PostgreSQL."""

import datetime as dt

import pytest
from sqlmodel import select

from scheduler.errors import StoreError
from scheduler.store import database_url, default_db_path, transaction
from scheduler.store.engine import BUSY_SECONDS
from scheduler.store.models import Meeting, Participation, Revision
from tests.conftest import SAMPLE, Cli


def test_default_path_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_path() == tmp_path / "xdg" / "scheduler" / "scheduler.db"
    assert database_url(None) == f"sqlite:///{tmp_path / 'xdg' / 'scheduler' / 'scheduler.db'}"
    assert (tmp_path / "xdg" / "scheduler").is_dir()


def test_explicit_db_never_creates_folders(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        database_url(str(tmp_path / "missing" / "x.db"))
    assert not (tmp_path / "missing").exists()


def test_sqlite_pragmas(engine):
    with engine.connect() as con:
        assert con.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert con.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert con.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_SECONDS * 1000


def test_instants_come_back_aware_utc(session, clock):
    from scheduler.meetings import add_meeting

    start = dt.datetime(2024, 6, 14, 9, tzinfo=clock.tz)
    made = add_meeting(session, clock, title="Sommar", start=start)
    session.expire_all()
    again = session.get(Meeting, made.id)
    assert again.start == start and again.start.tzinfo == dt.UTC
    assert again.end - again.start == dt.timedelta(hours=1)


def test_failed_transaction_keeps_nothing(engine, clock):
    from scheduler.meetings import add_meeting

    with pytest.raises(RuntimeError), transaction(engine) as session:
        add_meeting(session, clock, title="Halv", start=dt.datetime(2024, 1, 1, 9, tzinfo=clock.tz))
        raise RuntimeError("boom")
    with transaction(engine) as session:
        assert session.exec(select(Meeting)).all() == []


def test_series_meeting_gets_members_roles_and_secretary(sample_session, clock):
    from scheduler.directory import find_person, find_series
    from scheduler.meetings import add_meeting

    series = find_series(sample_session, "ledningsgrupp")
    made = add_meeting(sample_session, clock, title="Ledningsgrupp",
                       start=dt.datetime(2024, 3, 15, 8, 30, tzinfo=clock.tz), series=series)
    assert made.organizer_id == find_person(sample_session, "Helene Olofsson").id
    assert made.location == "Folkes event, Huddinge centrum"
    assert made.end.astimezone(clock.tz).time() == dt.time(11, 0)
    roles = sample_session.exec(
        select(Participation.role).where(Participation.meeting_id == made.id)).all()
    assert sorted(roles) == ["chair", "participant", "participant", "participant", "participant",
                             "participant", "participant", "participant", "secretary"]


def test_every_change_is_logged(sample_session, clock):
    from scheduler.meetings import MeetingEdit, cancel_meeting, edit_meeting, find_meeting

    meeting = find_meeting(sample_session, "5")
    edit_meeting(sample_session, clock, meeting,
                 MeetingEdit(location="Huddinge kommunhus", reason="Lokalbyte"))
    cancel_meeting(sample_session, meeting, reason="Sjukdom")
    rows = sample_session.exec(select(Revision).where(Revision.entity == "meeting",
                                                      Revision.entity_id == meeting.id)).all()
    assert [(r.field, r.old, r.new, r.reason) for r in rows] == [
        ("created", None, "Ledningsgrupp 2024-02-16T09:00:00+01:00", None),
        ("location", "StorSthlms lokaler", "Huddinge kommunhus", "Lokalbyte"),
        ("sequence", "0", "1", "Lokalbyte"),
        ("status", "confirmed", "cancelled", "Sjukdom"),
        ("sequence", "1", "2", "Sjukdom"),
    ]


def test_the_cli_runs_on_postgresql(pg_url):
    cli = Cli(pg_url)
    cli.ok("load", str(SAMPLE))
    cli.ok("load", str(SAMPLE))
    meetings = cli.json("meeting", "list")
    assert [m["start"] for m in meetings][-1] == "2024-02-16T09:00:00+01:00"
    assert len(meetings) == 5
    items = cli.json("upcoming", "--days", "70")
    assert len([i for i in items if i["type"] == "meeting"]) == 5
    cli.ok("meeting", "edit", "5", "--start", "2024-02-23 09:00", "--reason", "Flyttat")
    assert cli.json("meeting", "show", "5")["start"] == "2024-02-23T09:00:00+01:00"
    cli.fails("meeting", "edit", "5", "--start", "2024-02-23 09:00", "--end", "08.00")
    cli.ok("meeting", "cancel", "5")
    cli.fails("meeting", "cancel", "5")
    assert cli.json("meeting", "show", "5")["status"] == "cancelled"
