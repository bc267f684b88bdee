"""Migration 0005 on a filled store: deliveries get their state and version, windows become
offsets from the meeting's start, and every change of a meeting is tied to it."""

from tests.migrations import insert, rows, sample_at, unchanged, upgrade

AT = "2026-11-30T23:59:00+00:00"


def test_0005_converts_windows_deliveries_and_revisions(store_db):
    engine = sample_at(store_db, "0004")
    insert(engine, "meeting", {
        "id": 6, "uid": "u6@scheduler.example", "key": None, "title": "Avstämning", "series_id": None,
        "organizer_id": 9, "start": "2024-04-08T06:30:00+00:00", "end": "2024-04-08T07:30:00+00:00",
        "all_day": False, "end_approximate": False, "tzid": "Europe/Stockholm", "location": None,
        "online": None, "description": None, "status": "confirmed", "sequence": 1, "external": False,
        "rrule": None, "master_id": 5, "recurrence_id": "2024-04-08T06:30:00+00:00",
        "created_at": AT})
    insert(engine, "invitation",
           {"id": 1, "meeting_id": 5, "recurrence_id": None, "person_id": 1,
            "email": "petra.oxonius@botkyrka.example", "method": "REQUEST", "sequence": 0,
            "issued_at": AT, "channel": "smtp"},
           {"id": 2, "meeting_id": 5, "recurrence_id": None, "person_id": 2,
            "email": "johan.westin@haninge.example", "method": "REQUEST", "sequence": 0,
            "issued_at": "2026-11-30T23:50:04+00:00", "channel": "file"})
    insert(engine, "revision",
           {"id": 24, "entity": "participation", "entity_id": 99, "field": "participation",
            "old": "meeting 5, Anton Västberg: guest, in-person", "new": "removed", "at": AT,
            "reason": None},
           {"id": 25, "entity": "meeting", "entity_id": 6, "field": "start", "at": AT,
            "old": "2024-04-08T08:30:00+02:00", "new": "2024-04-08T09:00:00+02:00", "reason": None},
           {"id": 26, "entity": "deadline", "entity_id": 1, "field": "done", "old": "false",
            "new": "true", "at": AT, "reason": None})
    before = rows(engine)
    after = upgrade(engine, "0005")
    assert unchanged(before, after, "invitation", "participation", "agendaitem", "revision")

    starts = {m["id"]: m["start"] for m in before["meeting"]}
    assert starts[1] == "2023-12-15T07:30:00+00:00"  # 08.30 in Stockholm
    for table in ("participation", "agendaitem"):
        for old, new in zip(before[table], after[table], strict=True):
            old, new = dict(old), dict(new)
            window = old.pop("window_from"), old.pop("window_to")
            offsets = new.pop("offset_from"), new.pop("offset_to")
            assert new == old
            if window[0] is None:
                assert offsets == (None, None)
    by_id = {r["id"]: r for r in after["agendaitem"]}
    assert (by_id[2]["offset_from"], by_id[2]["offset_to"]) == (0, 60)  # 08:30-09:30 at 08.30
    windows = {(p["meeting_id"], p["person_id"]): (p["offset_from"], p["offset_to"])
               for p in after["participation"]}
    assert windows[(1, 10)] == (0, 60)

    assert [(i["state"], i["sent_at"], i["version"]) for i in after["invitation"]] == [
        ("sent", AT, 26), ("written", None, 2)]  # the last revision made by then
    assert [{k: v for k, v in i.items() if k not in ("state", "sent_at", "version")}
            for i in after["invitation"]] == before["invitation"]

    owners = {r["id"]: r["meeting_id"] for r in after["revision"]}
    entities = {r["id"]: r for r in before["revision"]}
    for ident, owner in owners.items():
        row = entities[ident]
        if row["entity"] == "meeting":
            assert owner == (5 if row["entity_id"] == 6 else row["entity_id"])
        elif row["entity"] == "deadline":
            assert owner is None
        else:
            assert owner is not None
    assert owners[24] == 5
    assert [{k: v for k, v in r.items() if k != "meeting_id"} for r in after["revision"]] \
        == before["revision"]
