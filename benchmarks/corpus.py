"""What the benchmark measures on: stores of many meetings, and a file of many events.

A store holds the Södertörn sample plus ``size`` generated meetings from 2015 on (weekly-ish,
in five series and outside them), each with 8–15 participants, two agenda items, two
revisions and deliveries, one deadline for every ten meetings, and five weekly recurring
series. Rows are written in bulk with SQLAlchemy Core (the store's own schema, made by the
tool), so a 100k store is built in seconds. The window-only store holds just what
``upcoming`` shows around ``today``: the yardstick for "cost that does not grow with the store".
"""

import datetime as dt
import random
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
TZ = ZoneInfo("Europe/Stockholm")
FIRST_DAY = dt.date(2015, 1, 5)
WINDOW = dt.timedelta(days=31)


@dataclass(frozen=True)
class Store:
    path: Path
    meeting: str  # the UID of a meeting inside the window (in both stores), for show and invite


def _defaults(model: type, **required: object) -> dict[str, object]:
    """A row of ``model`` with its Python defaults, as a dict for Core inserts."""
    row = model(**required).model_dump()
    row.pop("id", None)
    return row


def _starts(size: int) -> list[dt.datetime]:
    """Meeting starts four a working day from FIRST_DAY on (08.00, 10.00, 13.00, 15.00)."""
    starts, day = [], FIRST_DAY
    while len(starts) < size:
        if day.weekday() < 5:
            starts += [dt.datetime.combine(day, dt.time(hour), TZ) for hour in (8, 10, 13, 15)]
        day += dt.timedelta(days=1)
    return starts[:size]


def build_store(path: Path, size: int, *, today: dt.date, keep: set[int] | None = None) -> Store:
    """A store of the sample plus ``size`` meetings; with ``keep``, only those generated ones."""
    subprocess.run([sys.executable, str(ROOT / "cli.py"), "--db", str(path), "--today", today.isoformat(),
                    "load", str(ROOT / "data" / "sodertorn.toml")], check=True, capture_output=True)
    from sqlalchemy import create_engine, insert, select

    from scheduler.store.models import (
        AgendaItem,
        Deadline,
        Invitation,
        Meeting,
        Participation,
        Person,
        Revision,
        Series,
    )

    engine = create_engine(f"sqlite:///{path}")
    rng = random.Random(size)
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as con:
        con.exec_driver_sql("PRAGMA foreign_keys=OFF")
        people = [row[0] for row in con.execute(select(Person.id))]
        people += [con.execute(insert(Person).values(name=f"Person {n}", email=f"p{n}@bench.example")
                               ).inserted_primary_key[0] for n in range(40)]
        series = [row[0] for row in con.execute(select(Series.id))]
        base = _defaults(Meeting, uid="x", title="x", start=now, end=now, created_at=now)
        meetings, inside = [], None
        window_start = dt.datetime.combine(today, dt.time(), TZ)
        for n, start in enumerate(_starts(size)):
            if keep is not None and n not in keep:
                continue
            if inside is None and window_start <= start < window_start + WINDOW:
                inside = len(meetings)
            meetings.append(base | {
                "uid": f"bench-{n}-{uuid.UUID(int=n)}", "title": f"Möte {n}",
                "series_id": series[n % len(series)] if n % 3 else None,
                "organizer_id": people[n % len(people)], "start": start,
                "end": start + dt.timedelta(hours=1, minutes=30),
                "location": f"Rum {n % 7}", "sequence": n % 3, "created_at": start - dt.timedelta(days=30)})
        first_id = _bulk(con, Meeting, meetings)
        ids = range(first_id, first_id + len(meetings))
        _bulk(con, Participation, [
            _defaults(Participation, meeting_id=0, person_id=0) | {"meeting_id": mid, "person_id": pid}
            for mid in ids for pid in rng.sample(people, rng.randint(8, 15))])
        _bulk(con, AgendaItem, [
            _defaults(AgendaItem, meeting_id=0, position=0, title="x")
            | {"meeting_id": mid, "position": pos, "title": f"Punkt {pos}"} for mid in ids for pos in (1, 2)])
        _bulk(con, Revision, [
            _defaults(Revision, entity="meeting", entity_id=0, field="x", at=now)
            | {"entity_id": mid, "field": field, "new": value, "at": now}
            for mid in ids for field, value in (("created", "Möte"), ("location", "Rum 1"))])
        _bulk(con, Invitation, [
            _defaults(Invitation, meeting_id=0, method="REQUEST", sequence=0, issued_at=now)
            | {"meeting_id": mid, "person_id": people[mid % len(people)], "issued_at": now}
            for mid in ids[::4]])
        due_days = [FIRST_DAY + dt.timedelta(days=3 * n) for n in range(max(1, len(meetings) // 10))]
        _bulk(con, Deadline, [
            _defaults(Deadline, uid="x", title="x", due_from=day, due=day, created_at=now)
            | {"uid": f"bench-deadline-{n}", "title": f"Frist {n}", "due_from": day, "due": day,
               "owner_id": people[n % len(people)], "created_at": now,
               "done": day < today, "done_at": now if day < today else None}
            for n, day in enumerate(due_days)])
        if keep is None:
            for n in range(5):
                start = dt.datetime.combine(FIRST_DAY, dt.time(8 + n), TZ)
                _bulk(con, Meeting, [base | {"uid": f"bench-series-{n}", "title": f"Serie {n}", "start": start,
                                             "end": start + dt.timedelta(hours=1), "rrule": "FREQ=WEEKLY",
                                             "created_at": now}])
    engine.dispose()
    return Store(path, str(meetings[inside or 0]["uid"]))


def _bulk(con, model: type, rows: list[dict[str, object]]) -> int:
    """Insert ``rows`` in one executemany; the id of the first row."""
    from sqlalchemy import func, insert, select

    table = model.__table__  # type: ignore[attr-defined]
    before = con.execute(select(func.max(table.c.id))).scalar() or 0
    if rows:
        con.execute(insert(table), rows)
    return before + 1


def meetings_before(day: dt.date) -> int:
    """How many generated meetings start before ``day``: a store needs more for ``upcoming``
    to show any of them on that day (and for a window-only store to hold any)."""
    weeks, rest = divmod((day - FIRST_DAY).days, 7)
    return 4 * (5 * weeks + min(rest, 5))


def window_store(path: Path, big: Store, *, today: dt.date) -> Store:
    """A store with the same sample and only the generated meetings that ``upcoming`` shows."""
    size = _size_of(big.path)
    window_start = dt.datetime.combine(today, dt.time(), TZ)
    keep = {n for n, start in enumerate(_starts(size))
            if window_start - dt.timedelta(days=1) <= start < window_start + WINDOW}
    return build_store(path, size, today=today, keep=keep)


def _size_of(path: Path) -> int:
    import sqlite3

    with sqlite3.connect(path) as con:
        return con.execute("SELECT count(*) FROM meeting WHERE title LIKE 'Möte %'").fetchone()[0]


def events_file(path: Path, count: int, *, first: dt.date = dt.date(2023, 1, 2), people: int = 40) -> Path:
    """``count`` meetings of an Outlook-like export from ``first`` on, four a working day, each with
    an organizer and eight different attendees out of ``people`` (the first one the chair, every
    other one having accepted); UIDs start with the file's name."""
    import icalendar

    calendar = icalendar.Calendar.new(prodid="-//Bench//Outlook-like//EN")
    stamp = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
    day, made = first, 0
    while made < count:
        if day.weekday() < 5:
            for hour in (8, 10, 13, 15)[: count - made]:
                start = dt.datetime.combine(day, dt.time(hour), TZ)
                event = icalendar.Event.new(uid=f"{path.stem}-{made}@outlook.example", summary=f"Möte {made}",
                                            start=start, end=start + dt.timedelta(hours=1, minutes=30),
                                            stamp=stamp, location=f"Rum {made % 7}")
                event.add("ORGANIZER", icalendar.vCalAddress.new(f"p{made % people}@bench.example",
                                                                 cn=f"Person {made % people}"))
                for k in range(8):
                    who = (made + k * 5) % people
                    event.add("ATTENDEE", icalendar.vCalAddress.new(
                        f"p{who}@bench.example", cn=f"Person {who}", role="CHAIR" if k == 0 else "REQ-PARTICIPANT",
                        partstat="ACCEPTED" if k % 2 else "NEEDS-ACTION", rsvp=True))
                calendar.add_component(event)
                made += 1
        day += dt.timedelta(days=1)
    calendar.add_missing_timezones()
    path.write_bytes(calendar.to_ical())
    return path
