"""Migration 0006: the indexes that keep a window's meetings and a series' previous meeting
cheap on a store of many years; no row changes."""

from sqlalchemy import inspect

from tests.migrations import rows, sample_at, unchanged, upgrade


def test_0006_adds_the_window_indexes_and_keeps_every_row(store_db):
    engine = sample_at(store_db, "0005")
    before = rows(engine)
    after = upgrade(engine, "0006")
    assert unchanged(before, after)
    assert after["meeting"] == before["meeting"] and len(after["meeting"]) == 5
    indexes = {index["name"]: index["column_names"] for index in inspect(engine).get_indexes("meeting")}
    assert indexes["ix_meeting_window"] == ["master_id", "rrule", "start"]
    assert indexes["ix_meeting_series_start"] == ["series_id", "start"]
