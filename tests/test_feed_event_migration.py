"""Migration 0008 on a filled store: the table of kept feed events is added, empty, and no
other row changes."""

from tests.migrations import rows, sample_at, unchanged, upgrade


def test_0008_adds_an_empty_table_of_kept_feed_events(store_db):
    engine = sample_at(store_db, "0007")
    before = rows(engine)
    assert "feedevent" not in before and before["meeting"] and before["participation"]
    after = upgrade(engine, "0008")
    assert unchanged(before, after)
    assert after["feedevent"] == []
