"""Deliveries the coordinator can trust: what is recorded as written or sent, who is still
untold (``pending``), windows that move with the meeting, honest wording, the history."""

import sqlite3

import icalendar
import pytest

from tests.test_mail import Inbox, smtp_server

ORGANIZER = ("Helene Olofsson", "helene.olofsson@sodertornskommunerna.example")
ASA = ("Åsa Öberg", "asa.oberg@huddinge.example")
BO = ("Bo Ek", "bo.ek@haninge.example")


def deliveries(cli) -> list[tuple]:
    with sqlite3.connect(cli.db) as con:
        return con.execute("SELECT email, method, sequence, channel, state FROM invitation "
                           "ORDER BY id").fetchall()


@pytest.fixture
def planned(cli):
    """A fresh store: a meeting 09.00–11.00 with two people, Åsa only 09.00–10.00, and an
    agenda item 10.00–10.30."""
    for name, address in (ORGANIZER, ASA, BO):
        cli.ok("person", "add", name, "--email", address)
    cli.ok("meeting", "add", "Planering", "--start", "2024-03-15 09:00", "--end", "11.00",
           "--location", "Huddinge", "--organizer", ORGANIZER[0])
    cli.ok("attend", "1", ASA[0], "--from", "9.00", "--to", "10.00")
    cli.ok("attend", "1", BO[0])
    cli.ok("agenda", "add", "1", "Budget 2025", "--from", "10.00", "--to", "10.30")
    return cli


def description(path) -> str:
    (event,) = icalendar.Calendar.from_ical(path.read_bytes()).events
    return str(event["DESCRIPTION"])


def untold_names(cli, *args: str) -> list[str]:
    return [u["name"] for item in cli.json("pending", "--days", "120", *args) for u in item["untold"]]


def test_done_when_scenario(planned, tmp_path, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")
    cli = planned
    printed = cli.ok("invite", "1", "-o", "-")
    assert b"BEGIN:VEVENT" in printed.stdout_bytes
    assert deliveries(cli) == []  # printing is not sending
    assert cli.json("meeting", "show", "1")["received"] == []

    cli.ok("invite", "1", "-o", str(tmp_path / "a.ics"))
    assert deliveries(cli) == [(ASA[1], "REQUEST", 0, "file", "written"),
                               (BO[1], "REQUEST", 0, "file", "written")]
    assert cli.json("invite", "1", "--dry-run")["recorded"] == "written"

    moved = cli.run("meeting", "edit", "1", "--start", "2024-03-15 10:00")
    assert moved.exit_code == 0
    assert [(a["number"], a["from"], a["to"]) for a in cli.json("agenda", "list", "1")] == [
        (1, "11:00", "11:30")]
    people = {p["name"]: p for p in cli.json("attendance", "1")["participants"]}
    assert (people[ASA[0]]["from"], people[ASA[0]]["to"]) == ("10:00", "11:00")
    assert cli.fails("attend", "1", ASA[0], "--from", "9.00", "--to", "10.00")

    [item] = cli.json("pending", "--days", "120")
    assert (item["id"], item["recipients"], len(item["untold"])) == (1, 2, 2)
    asa = next(u for u in item["untold"] if u["name"] == ASA[0])
    assert asa["last"] is None  # a written file is not sent
    assert asa["written"]["start"] == "2024-03-15T09:00:00+01:00"
    assert asa["written"]["location"] == "Huddinge"
    assert asa["changes"][0] == "time"
    text = cli.ok("pending", "--days", "120").stdout
    assert "2 av 2" in text and ASA[0] in text and "fre 15 mar 2024 09.00" in text

    result = cli.json("invite", "1", "-o", str(tmp_path / "b.ics"))
    assert result["subject"].startswith("Uppdaterad: ")
    body = description(tmp_path / "b.ics")
    assert "1. Budget 2025 11.00–11.30" in body
    assert "Åsa Öberg deltar 10.00–11.00." in body
    assert "(tidigare: 09.00–11.00)" in body

    confirmed = cli.json("invite", "1", "--mark-sent")
    assert [r["email"] for r in confirmed["recipients"]] == [ASA[1], BO[1], ASA[1], BO[1]]
    assert cli.json("pending", "--days", "120") == []
    assert cli.ok("pending", "--days", "120").stdout.strip() == "Alla har fått den senaste versionen."

    history = cli.ok("meeting", "history", "1").stdout
    order = [history.index(word) for word in (
        "deltagare: Åsa Öberg", "dagordning: 1. Budget 2025", "start: fre 15 mar 2024 09.00",
        "skickat")]
    assert order == sorted(order), history


def test_a_meeting_edited_before_its_first_invitation_gets_a_first_invitation(planned, tmp_path):
    cli = planned
    cli.ok("meeting", "edit", "1", "--start", "2024-03-15 13:00", "--location", "Haninge")
    record = cli.json("invite", "1", "-o", str(tmp_path / "c.ics"))
    assert not record["subject"].startswith("Uppdaterad")
    body = description(tmp_path / "c.ics")
    assert "tidigare" not in body and "OBS!" not in body
    assert "1. Budget 2025 14.00–14.30" in body


def test_send_records_what_the_server_accepted_and_a_refused_one_stays_pending(planned):
    cli = planned
    handler = Inbox(refuse=(BO[1],))
    with smtp_server(handler) as port:
        result = cli.ok("invite", "1", "--send", "--smtp-host", "127.0.0.1", "--smtp-port",
                        str(port), "--no-starttls")
    assert "refused Bo Ek" in result.stderr
    assert deliveries(cli) == [(ASA[1], "REQUEST", 0, "smtp", "sent")]
    assert untold_names(cli) == [BO[0]]
    assert untold_names(cli, "--person", ASA[0]) == []
    [item] = cli.json("pending", "--days", "120", "--person", BO[0])
    assert item["untold"][0]["last"] is None
    assert cli.json("meeting", "show", "1")["untold"] == 1
    with smtp_server(Inbox()) as port:
        cli.ok("invite", "1", "--send", "--smtp-host", "127.0.0.1", "--smtp-port", str(port),
               "--no-starttls", "--for", BO[0])
    assert cli.json("pending", "--days", "120") == []
    assert cli.json("meeting", "show", "1")["untold"] == 0


def test_notices_keep_flagging_until_everyone_was_sent_the_change(planned, tmp_path):
    cli = planned
    cli.ok("invite", "1", "-o", str(tmp_path / "a.ics"))
    cli.ok("invite", "1", "--mark-sent")
    cli.ok("meeting", "edit", "1", "--location", "Haninge")
    assert [n["id"] for n in cli.json("notices", "--days", "365")] == [1]
    cli.ok("invite", "1", "-o", str(tmp_path / "b.ics"))
    assert [n["id"] for n in cli.json("notices", "--days", "365")] == [1]  # written, not yet sent
    cli.ok("invite", "1", "--mark-sent")
    assert cli.json("notices", "--days", "365") == []
    [line] = [m for m in cli.json("upcoming", "--days", "100") if m["type"] == "meeting"]
    assert line["untold"] == 0


def test_dry_run_shows_and_records_nothing(planned, tmp_path):
    cli = planned
    before = cli.dump()
    record = cli.json("invite", "1", "--dry-run", "-o", str(tmp_path / "x.ics"))
    assert [r["name"] for r in record["recipients"]] == [ASA[0], BO[0]]
    assert record["recorded"] == "written"
    text = cli.ok("invite", "1", "--dry-run").stdout
    assert ASA[1] in text and BO[1] in text
    assert cli.dump() == before and not (tmp_path / "x.ics").exists()


def test_a_shorter_meeting_clips_the_windows_it_cuts(planned):
    cli = planned
    result = cli.ok("meeting", "edit", "1", "--end", "09.45")
    assert "Budget 2025" in result.stderr and ASA[0] in result.stderr
    assert [(a["from"], a["to"]) for a in cli.json("agenda", "list", "1")] == [(None, None)]
    people = {p["name"]: p for p in cli.json("attendance", "1")["participants"]}
    assert (people[ASA[0]]["from"], people[ASA[0]]["to"]) == ("09:00", "09:45")
    history = cli.json("meeting", "history", "1")
    assert {"field": "window", "old": "09:00-10:00", "new": "09:00-09:45"} in [
        {k: r[k] for k in ("field", "old", "new")} for r in history]


def test_windows_follow_one_moved_occurrence(cli):
    for name, address in (ORGANIZER, ASA):
        cli.ok("person", "add", name, "--email", address)
    cli.ok("meeting", "add", "Avstämning", "--start", "2024-03-04 09:00", "--end", "11.00",
           "--rrule", "FREQ=WEEKLY;COUNT=4", "--organizer", ORGANIZER[0])
    cli.ok("attend", "1", ASA[0], "--from", "9.00", "--to", "10.00")
    cli.ok("agenda", "add", "1", "Läget", "--from", "10.00", "--to", "10.30")
    cli.ok("meeting", "edit", "1", "--occurrence", "2024-03-11", "--start", "2024-03-11 13:00")
    record = cli.json("invite", "1", "--occurrence", "2024-03-11", "--dry-run")
    assert "1. Läget 14.00–14.30" in record["text"]
    assert "Åsa Öberg deltar 13.00–14.00." in record["text"]


def test_history_reads_as_people_read(planned, tmp_path, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")
    cli = planned
    cli.ok("meeting", "doc", "add", "1", "https://sodertorn.example/budget.pdf")
    cli.ok("invite", "1", "-o", str(tmp_path / "a.ics"))
    cli.ok("meeting", "edit", "1", "--location", "", "--online", "https://meet.example/1")
    text = cli.ok("meeting", "history", "1").stdout
    assert "None" not in text and "T09:00:00" not in text
    assert "handlingar: — → https://sodertorn.example/budget.pdf" in text
    assert "plats: Huddinge → —" in text
    assert "skrivet till fil: Åsa Öberg, Bo Ek (inbjudan, SEQUENCE 0)" in text
    records = cli.json("meeting", "history", "1")
    assert {"field": "location", "old": "Huddinge", "new": None} in [
        {k: r[k] for k in ("field", "old", "new")} for r in records]
    assert any(r["field"] == "delivery" and r["new"] == "written" for r in records)


def test_same_name_is_refused_with_the_existing_person(cli):
    cli.ok("person", "add", *ASA[:1], "--email", ASA[1])
    before = cli.dump()
    failed = cli.fails("person", "add", "åsa öberg", "--email", "asa2@nacka.example")
    assert "id 1" in failed.stderr and ASA[1] in failed.stderr
    assert "--allow-same-name" in failed.stderr
    assert cli.dump() == before
    cli.ok("person", "add", "Åsa Öberg", "--email", "asa2@nacka.example", "--allow-same-name")
    assert cli.fails("person", "add", "Åsa Ek", "--email", ASA[1])  # the same e-mail stays refused


def test_an_occurrence_row_id_is_addressable(cli, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")
    cli.ok("person", "add", *ORGANIZER[:1], "--email", ORGANIZER[1])
    cli.ok("meeting", "add", "Avstämning", "--start", "2024-03-04 09:00",
           "--rrule", "FREQ=WEEKLY;COUNT=4", "--organizer", ORGANIZER[0])
    cli.ok("meeting", "edit", "1", "--occurrence", "2024-03-11", "--start", "2024-03-12 09:00")
    shown = cli.json("meeting", "show", "2")
    assert (shown["id"], shown["occurrence"]) == (1, "2024-03-11")
    assert shown["start"] == "2024-03-12T09:00:00+01:00"
    assert "tillfälle 2024-03-11 av möte 1" in cli.ok("meeting", "show", "2").stdout


@pytest.mark.parametrize("args, message", [
    (["invite", "1", "--mark-sent"], "no invitation written"),
    (["invite", "1", "--dry-run", "--send", "--smtp-host", "127.0.0.1"], "--dry-run"),
    (["pending", "--days", "120", "--series", "Nämnden"], "Nämnden"),
    (["pending", "--days", "120", "--person", "Ingen Alls"], "Ingen Alls"),
    (["attend", "1", "Bo Ek", "--from", "8.00", "--to", "9.30"], "outside the meeting"),
    (["agenda", "add", "1", "Sent", "--from", "10.30", "--to", "11.30"], "outside the meeting"),
])
def test_bad_input_changes_nothing(planned, args, message):
    before = planned.dump()
    failed = planned.fails(*args)
    assert message in failed.stderr
    assert planned.dump() == before


def test_a_cancellation_is_owed_though_the_person_takes_part_in_another_meeting_listed(planned, tmp_path):
    """Taken off one meeting, Bo is owed its cancellation even while he still attends
    another meeting shown in the same listing."""
    cli = planned
    cli.ok("meeting", "add", "Uppföljning", "--start", "2024-03-20 09:00", "--end", "10.00",
           "--organizer", ORGANIZER[0])
    cli.ok("attend", "2", BO[0])
    for meeting in ("1", "2"):
        cli.ok("invite", meeting, "-o", str(tmp_path / f"{meeting}.ics"))
        cli.ok("invite", meeting, "--mark-sent")
    cli.ok("attend", "1", BO[0], "--remove")
    [item] = cli.json("pending", "--days", "120")
    assert item["id"] == 1
    assert {u["name"]: u["removed"] for u in item["untold"]} == {ASA[0]: False, BO[0]: True}
    [line] = [m for m in cli.json("upcoming", "--days", "120") if m["id"] == 1]
    assert line["untold"] == 2
