"""Migration 0007: a series may have a language of its own; every series keeps its rows."""

from tests.migrations import insert, revision, rows, sample_at, unchanged, upgrade


def test_0007_keeps_every_series_without_a_language(store_db):
    engine = sample_at(store_db, "0006")
    insert(engine, "series", {"id": 99, "key": "styrelse", "name": "Styrelsen", "location": "Flemingsberg",
                              "start_time": "13:00", "end_time": "15:00", "secretary_id": None})
    before = rows(engine)
    after = upgrade(engine, "0007")
    assert after["series"] == [{**row, "language": None} for row in before["series"]]
    assert len(after["series"]) == 3
    assert unchanged(before, after, "series")
    assert revision(engine) == "0007"
