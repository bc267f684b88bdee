"""Agenda: numbered items with optional times and a presenter."""

import pytest

FEB16 = "5"


def test_add_numbers_the_items(sample_cli):
    first = sample_cli.json("agenda", "add", FEB16, "Välkommen")
    second = sample_cli.json("agenda", "add", FEB16, "Årsredovisningen", "--from", "9.15",
                             "--to", "10", "--presenter", "Helene")
    assert first == {"number": 1, "title": "Välkommen", "from": None, "to": None, "presenter": None}
    assert second == {"number": 2, "title": "Årsredovisningen", "from": "09:15", "to": "10:00",
                      "presenter": "Helene Olofsson"}
    assert sample_cli.json("agenda", "list", FEB16) == [first, second]
    out = sample_cli.ok("agenda", "add", FEB16, "Övriga frågor").stdout
    assert out == "3.  Övriga frågor\n"


def test_list_the_sample_agenda(sample_cli):
    items = sample_cli.json("agenda", "list", "1")
    assert [i["number"] for i in items] == list(range(1, 12))
    assert items[1] == {"number": 2, "title": "Besök av Regionen", "from": "08:30", "to": "09:30",
                        "presenter": "Emma Lennartsson"}
    lines = sample_cli.ok("agenda", "list", "1").stdout.splitlines()
    assert lines[0] == "11 agenda items" and lines[1].split() == ["No.", "Item", "Time", "Presenter"]
    assert lines[2].split() == ["1.", "Välkommen"]
    assert lines[3].split() == ["2.", "Besök", "av", "Regionen", "08:30–09:30", "Emma", "Lennartsson"]


def test_empty_agenda(sample_cli):
    assert sample_cli.ok("agenda", "list", FEB16).stdout == "No agenda yet.\n"
    assert sample_cli.json("agenda", "list", FEB16) == []


def test_an_item_may_span_the_whole_meeting(sample_cli):
    item = sample_cli.json("agenda", "add", FEB16, "Hela mötet", "--from", "9", "--to", "11.30")
    assert (item["from"], item["to"]) == ("09:00", "11:30")


@pytest.mark.parametrize(
    ("args", "says", "code"),
    [
        (["Punkt", "--from", "8", "--to", "9.30"], "The window 08.00–09.30 is outside the meeting", 1),
        (["Punkt", "--from", "10", "--to", "9"], "--from 10.00 is not before --to 09.00", 1),
        (["Punkt", "--presenter", "Mats"], "'Mats' could be Mats Bergström", 1),
        (["  "], "An agenda item needs a title", 1),
        (["Punkt", "--to", "10"], "Give both --from and --to", 2),
    ],
)
def test_bad_agenda_input(sample_cli, args, says, code):
    before = sample_cli.dump()
    assert says in sample_cli.fails("agenda", "add", FEB16, *args, code=code).stderr
    assert sample_cli.dump() == before


def test_no_agenda_for_a_cancelled_or_unknown_meeting(sample_cli):
    sample_cli.ok("meeting", "cancel", FEB16)
    before = sample_cli.dump()
    assert "is cancelled" in sample_cli.fails("agenda", "add", FEB16, "Punkt").stderr
    assert "No meeting '99'" in sample_cli.fails("agenda", "list", "99").stderr
    assert sample_cli.dump() == before
