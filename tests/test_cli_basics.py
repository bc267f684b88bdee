"""The command line's contract (commands, options, --json, errors), on the Södertörn sample."""


from tests.conftest import SAMPLE


def test_load_twice_changes_nothing(cli):
    first = cli.json("load", str(SAMPLE))
    assert first["added"] == {"organisation": 11, "person": 13, "series": 2, "meeting": 5,
                              "deadline": 10}
    before = cli.dump()
    again = cli.json("load", str(SAMPLE))
    assert set(again["added"].values()) == {0}
    assert cli.dump() == before


def test_upcoming_70_days_from_the_minutes(sample_cli):
    items = sample_cli.json("upcoming", "--days", "70")
    meetings = [(i["title"], i["start"]) for i in items if i["type"] == "meeting"]
    assert meetings == [
        ("Ledningsgrupp", "2023-12-15T08:30:00+01:00"),
        ("Politiskt möte mellan StorSthlm och regionen (infrastruktur)", "2024-01-10"),
        ("Samarbetskommitténs planeringskonferens", "2024-01-16T12:00:00+01:00"),
        ("Regionens möte med alla kommundirektörer: remissversionen av RUFSS", "2024-02-06"),
        ("Ledningsgrupp", "2024-02-16T09:00:00+01:00"),
    ]
    assert all(i["start" if i["type"] == "meeting" else "due"][:10] <= "2024-02-23" for i in items)
    feb16 = items[-1]
    assert feb16["end"] == "2024-02-16T11:30:00+01:00"


def test_deadlines_days_left(sample_cli, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")  # reads the Swedish listing
    items = sample_cli.json("deadlines")
    ready = next(i for i in items if i["due"] == "2024-02-14")
    assert ready["days_left"] == 61
    assert "61 dagar kvar" in sample_cli.ok("deadlines").stdout


def test_meeting_add_swedish_and_dst(cli):
    made = cli.json("meeting", "add", "X", "--start", "fredag 16 februari 2024 kl 9.00",
                    "--end", "11.30")
    assert (made["start"], made["end"]) == ("2024-02-16T09:00:00+01:00", "2024-02-16T11:30:00+01:00")
    assert isinstance(made["id"], int)
    summer = cli.json("meeting", "add", "Y", "--start", "2024-06-14 09:00")
    assert summer["start"] == "2024-06-14T09:00:00+02:00"
