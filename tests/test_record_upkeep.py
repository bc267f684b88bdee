"""Looking after every record from the command line: people, series, mistakes removed,
every change in the history, and bad input refused with the store unchanged."""

import json


def history(cli, *args: str) -> list[dict]:
    return cli.json("history", "--limit", "500", *args)


def test_coordinator_without_toml(cli):
    """A series with members and roles, a meeting in it, a rename, a merge, a mistaken
    meeting and a deadline removed: each in the history."""
    cli.ok("person", "add", "Camilla Bro", "--email", "camilla@huddinge.example", "--org", "Huddinge")
    cli.ok("person", "add", "Helene Olofsson", "--email", "helene@sodertorn.example")
    cli.ok("person", "add", "C. Broo", "--email", "c.broo@huddinge.example")
    series = cli.json("series", "add", "Styrgrupp", "--location", "Huddinge centrum", "--start", "9.00",
                      "--length", "2h", "--organizer", "Helene Olofsson")
    assert (series["start"], series["end"], series["organizer"]) == ("09:00", "11:00", "Helene Olofsson")
    cli.ok("series", "member", "add", "Styrgrupp", "Camilla Bro", "--role", "ordförande")
    cli.ok("series", "member", "add", "Styrgrupp", "Helene Olofsson", "--role", "secretary")
    cli.ok("series", "member", "add", "Styrgrupp", "C. Broo")
    shown = cli.json("series", "show", "Styrgrupp")
    assert [(m["name"], m["role"]) for m in shown["members"]] == [
        ("Camilla Bro", "chair"), ("Helene Olofsson", "secretary"), ("C. Broo", "participant")]

    made = cli.json("meeting", "add", "Styrgrupp", "--series", "Styrgrupp", "--start", "2024-02-20 09:00")
    assert (made["end"], made["location"]) == ("2024-02-20T11:00:00+01:00", "Huddinge centrum")
    people = cli.json("attendance", str(made["id"]))["participants"]
    assert [(p["name"], p["role"]) for p in people] == [
        ("Camilla Bro", "chair"), ("Helene Olofsson", "secretary"), ("C. Broo", "participant")]

    renamed = cli.json("person", "edit", "Camilla Bro", "--name", "Camilla Broo")
    assert renamed["changes"] == [{"field": "name", "old": "Camilla Bro", "new": "Camilla Broo"}]
    merged = cli.json("person", "merge", "Camilla Broo", "C. Broo")
    assert merged["merged_name"] == "C. Broo" and merged["dropped"] == 2  # same meeting, same series
    people = cli.json("attendance", str(made["id"]))["participants"]
    assert [p["name"] for p in people] == ["Camilla Broo", "Helene Olofsson"]
    assert "c.broo@huddinge.example" not in cli.ok("person", "list").stdout

    mistake = cli.json("meeting", "add", "Fel möte", "--start", "2024-02-21 10:00")
    cli.ok("meeting", "delete", str(mistake["id"]))
    cli.fails("meeting", "show", str(mistake["id"]))
    due = cli.json("deadline", "add", "Fel frist", "--due", "2024-02-01")
    cli.ok("deadline", "delete", str(due["id"]))
    cli.fails("deadline", "show", str(due["id"]))

    changes = {(r["entity"], r["field"]) for r in history(cli)}
    assert {("series", "created"), ("series", "member"), ("meeting", "created"), ("person", "name"),
            ("person", "merged"), ("meeting", "deleted"), ("deadline", "deleted")} <= changes
    text = cli.ok("history").stdout
    assert "Camilla Bro → Camilla Broo" in text


def test_person_edit_email_and_org(sample_cli):
    record = sample_cli.json("person", "edit", "Mats Andersson", "--email", "mats.a@region.example",
                             "--org", "StorSthlm")
    assert {c["field"] for c in record["changes"]} == {"email", "organisation"}
    listed = {p["name"]: p for p in sample_cli.json("person", "list")}
    assert listed["Mats Andersson"]["organisation"] == "StorSthlm"
    assert listed["Mats Andersson"]["email"] == "mats.a@region.example"
    result = sample_cli.ok("person", "edit", "Mats Andersson", "--email", "mats.a@region.example")
    assert "mats.a@region.example" not in result.stderr


def test_person_remove_refused_then_from_meetings(sample_cli):
    """On a coming meeting: refused, naming it; --from-meetings takes them off; the one sent
    the invitation gets a CANCEL at the next invite."""
    sample_cli.ok("invite", "ledningsgrupp-2024-02-16", "-o", str(sample_cli.db.parent / "lg.ics"))
    before = sample_cli.dump()
    refused = sample_cli.fails("person", "remove", "Johan Westin", today="2023-12-16")
    assert "Ledningsgrupp" in refused.stderr and "--from-meetings" in refused.stderr
    assert sample_cli.dump() == before
    removed = sample_cli.json("person", "remove", "Johan Westin", "--from-meetings", today="2023-12-16")
    assert removed["taken_off"] == [5]
    assert "Johan Westin" not in sample_cli.ok("person", "list").stdout
    people = sample_cli.json("attendance", "5")["participants"]
    assert "Johan Westin" not in [p["name"] for p in people]
    past = sample_cli.json("attendance", "ledningsgrupp-2023-12-15")["participants"]
    assert "Johan Westin" in [p["name"] for p in past]
    sample_cli.ok("invite", "5", "-o", str(sample_cli.db.parent / "again.ics"))
    cancels = list(sample_cli.db.parent.glob("*johan-westin*.ics"))
    assert len(cancels) == 1 and "METHOD:CANCEL" in cancels[0].read_text()


def test_bad_input_changes_nothing(sample_cli):
    before = sample_cli.dump()
    same = sample_cli.fails("--lang", "sv", "person", "merge", "Camilla Broo", "camilla.broo@huddinge.example")
    assert "sig själv" in same.stderr
    owner = sample_cli.fails("person", "remove", "Helene Olofsson", "--from-meetings")
    assert "Remissvaret klart för inlämning till alla kanslier" in owner.stderr
    stranger = sample_cli.fails("series", "member", "add", "Ledningsgrupp", "Nobody Known")
    assert "person list" in stranger.stderr
    sample_cli.ok("invite", "5", "-o", str(sample_cli.db.parent / "lg.ics"))
    before = sample_cli.dump()
    sent = sample_cli.fails("meeting", "delete", "5")
    assert "meeting cancel 5" in sent.stderr
    sample_cli.fails("series", "add", "ledningsgrupp")
    sample_cli.fails("series", "edit", "Ledningsgrupp", "--end", "08:00")
    sample_cli.fails("agenda", "move", "1", "2", "40")
    sample_cli.fails("meeting", "doc", "remove", "1", "https://nothing.example/x.pdf")
    sample_cli.fails("config", "set", "colour", "blue")
    sample_cli.fails("series", "add", "Två\nrader")
    sample_cli.fails("person", "edit", "Camilla Broo", "--email", "inte en adress")
    assert sample_cli.dump() == before


def test_series_edit_and_member_remove(sample_cli):
    changed = sample_cli.json("series", "edit", "Ledningsgrupp", "--start", "9.00")
    assert changed["changes"] == [{"field": "start", "old": "08:30", "new": "09:00"},
                                  {"field": "end", "old": "11:00", "new": "11:30"}]
    sample_cli.ok("series", "member", "remove", "Ledningsgrupp", "Mats Bergström")
    listed = {s["name"]: s for s in sample_cli.json("series", "list")}
    assert len(listed["Ledningsgrupp"]["members"]) == 8
    made = sample_cli.json("meeting", "add", "Ledningsgrupp", "--series", "Ledningsgrupp",
                           "--start", "2024-03-15 09:00")
    assert made["end"] == "2024-03-15T11:30:00+01:00"
    text = sample_cli.ok("series", "list").stdout
    assert text.splitlines()[0].split()[:2] == ["ID", "Serie"] or "Series" in text.splitlines()[0]


def test_agenda_edit_remove_move(sample_cli):
    sample_cli.ok("agenda", "edit", "1", "2", "--title", "Besök av Region Stockholm", "--presenter",
                  "Anton Västberg")
    items = sample_cli.json("agenda", "move", "1", "11", "1")
    assert [i["title"] for i in items[:3]] == ["Nästa möte", "Välkommen", "Besök av Region Stockholm"]
    assert items[2]["presenter"] == "Anton Västberg"
    items = sample_cli.json("agenda", "remove", "1", "1")
    assert [i["number"] for i in items] == list(range(1, 11)) and items[0]["title"] == "Välkommen"
    fields = {r["field"] for r in history(sample_cli, "--entity", "agendaitem")}
    assert {"title", "presenter_id", "position", "removed"} <= fields


def test_meeting_doc_remove(sample_cli):
    sample_cli.ok("meeting", "doc", "add", "5", "https://sodertorn.example/vp-2024.pdf")
    sample_cli.ok("meeting", "doc", "remove", "5", "1")
    assert "vp-2024.pdf" not in sample_cli.ok("invite", "5", "-o", "-").stdout
    rows = history(sample_cli, "--entity", "meeting", "--id", "5")
    assert rows[-1]["field"] == "document" and rows[-1]["new"] is None


def test_default_organizer(cli):
    warned = cli.ok("meeting", "add", "Möte utan serie", "--start", "2024-02-20 09:00")
    assert "config set organizer" in warned.stderr
    cli.ok("person", "add", "Helene Olofsson", "--email", "helene@sodertorn.example")
    shown = cli.json("config", "set", "organizer", "Helene Olofsson")
    assert shown["organizer"]["name"] == "Helene Olofsson"
    made = cli.run("meeting", "add", "Möte två", "--start", "2024-02-21 09:00", "--json")
    assert made.exit_code == 0 and "organizer" not in made.stderr
    assert json.loads(made.stdout)["organizer"] == "Helene Olofsson"
    refused = cli.fails("person", "remove", "Helene Olofsson")
    assert "Möte två" in refused.stderr  # organizes a coming meeting
    cli.ok("person", "add", "Anna Ek", "--email", "anna.ek@sodertorn.example")
    cli.ok("config", "set", "organizer", "Anna Ek")
    before = cli.dump()
    refused = cli.fails("person", "remove", "Anna Ek")
    assert "config set organizer" in refused.stderr
    assert cli.dump() == before


def test_json_records_have_the_documented_shapes(sample_cli, tmp_path):
    from scheduler.text.shapes import RECORDS

    def keys(name: str) -> list[str]:
        return list(RECORDS[name].__annotations__)

    series = sample_cli.json("series", "show", "Ledningsgrupp")
    assert list(series) == keys("series") and list(series["members"][0]) == keys("member")
    assert list(sample_cli.json("series", "member", "add", "Ledningsgrupp", "Anton Västberg")) == keys(
        "series member")
    assert list(sample_cli.json("person", "edit", "Anton Västberg", "--org", "Regionen")) == keys("change")
    sample_cli.ok("person", "add", "A. Västberg")
    assert list(sample_cli.json("person", "merge", "Anton Västberg", "A. Västberg")) == keys("merged")
    assert list(sample_cli.json("person", "remove", "Jenny Widell", "--from-meetings")) == keys("removed")
    assert list(sample_cli.json("deadline", "delete", "4")) == keys("deleted")
    sample_cli.ok("meeting", "doc", "add", "5", "https://sodertorn.example/a.pdf")
    assert list(sample_cli.json("meeting", "doc", "remove", "5", "1")) == keys("document removed")
    assert list(sample_cli.json("config", "show")) == keys("settings")
    assert all(list(row) == keys("history") for row in sample_cli.json("history"))
    assert all(list(day) == keys("day") for day in sample_cli.json("week", "2024-02-12"))
    written = sample_cli.json("kallelse", "5", "-o", str(tmp_path / "k.html"))
    assert list(written) == keys("kallelse")
