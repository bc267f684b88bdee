"""Migration 0004: people can be taken out of the directory, the store keeps its settings."""

from tests.migrations import insert, revision, rows, sample_at, unchanged, upgrade


def test_0004_keeps_every_person_and_adds_settings(store_db):
    engine = sample_at(store_db, "0003")
    insert(engine, "person", {"id": 99, "key": None, "name": "Anna Ek", "email": "anna.ek@sodertorn.example",
                              "organisation_id": None})
    before = rows(engine)
    after = upgrade(engine, "0004")
    assert after["person"] == [{**row, "removed_at": None} for row in before["person"]]
    assert len(after["person"]) == 14
    assert after["setting"] == []
    assert unchanged(before, after, "person")
    assert revision(engine) == "0004"
