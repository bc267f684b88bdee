"""Reminders by e-mail (``remind``) to a real SMTP server (aiosmtpd on 127.0.0.1), each once."""

import sqlite3

from scheduler.text.shapes import RECORDS
from tests.test_mail import Inbox, free_port, parse, smtp_server

HELENE = "helene.olofsson@sodertornskommunerna.example"
KANSLIER = "Remissvaret klart för inlämning till alla kanslier"
FEB16 = "ledningsgrupp-2024-02-16"


def remind(port: int, *args: str) -> list[str]:
    return ["remind", "--send", "--smtp-host", "127.0.0.1", "--smtp-port", str(port), "--no-starttls", *args]


def sent_rows(cli) -> list[tuple]:
    with sqlite3.connect(cli.db) as con:
        return con.execute("SELECT kind, email FROM remindersent ORDER BY id").fetchall()


def messages(handler: Inbox) -> list:
    return [parse(envelope.content) for envelope in handler.envelopes]


def test_deadline_owner_is_reminded_once(sample_cli, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")
    handler = Inbox()
    with smtp_server(handler) as port:
        first = sample_cli.ok(*remind(port), today="2024-02-09")
        second = sample_cli.ok(*remind(port), today="2024-02-09")
        third = sample_cli.ok(*remind(port), today="2024-02-12")
    mails = messages(handler)
    about = [m for m in mails if KANSLIER in m["Subject"]]
    assert len(about) == 1
    [message] = about
    assert message["To"] == f"Helene Olofsson <{HELENE}>"
    assert message["Subject"] == f"Påminnelse: {KANSLIER}, senast ons 14 feb 2024"
    text = message.get_content()
    assert "Hej Helene Olofsson," in text
    assert "Kvar: 5 dagar kvar (3 arbetsdagar)" in text
    assert [line for line in first.stdout.splitlines() if KANSLIER in line] == [
        f"skickad: Helene Olofsson <{HELENE}>: Påminnelse: {KANSLIER}, senast ons 14 feb 2024"]
    assert second.stdout.strip() == "Inga påminnelser att skicka."
    assert KANSLIER not in third.stdout  # sent before; the next days send it no more
    assert len(sent_rows(sample_cli)) == len(mails)


def test_without_send_lists_and_records_nothing(sample_cli):
    before = sample_cli.dump()
    records = sample_cli.json("remind", today="2024-02-09")
    record = next(r for r in records if KANSLIER in r["subject"])
    assert list(record) == list(RECORDS["reminder"].__annotations__)
    assert (record["kind"], record["status"], record["name"], record["email"]) == (
        "deadline", "due", "Helene Olofsson", HELENE)
    assert sample_cli.dump() == before


def test_not_due_before_its_working_day(sample_cli):
    records = sample_cli.json("remind", today="2024-02-08 23:59")
    assert not any(KANSLIER in r["subject"] for r in records)
    assert any(KANSLIER in r["subject"] for r in sample_cli.json("remind", "--days", "4", today="2024-02-08"))


def test_unanswered_attendees_are_reminded_a_week_before(sample_cli, tmp_path):
    sample_cli.ok("invite", FEB16, "-o", str(tmp_path / "kallelse.ics"))
    sample_cli.ok("attend", FEB16, "Camilla Broo", "--rsvp", "accepted")
    sample_cli.ok("attend", FEB16, "Petra Oxonius", "--mode", "absent")
    early = sample_cli.json("remind", today="2024-02-08")
    assert not [r for r in early if r["kind"] == "answer"]
    due = [r for r in sample_cli.json("remind", today="2024-02-09") if r["kind"] == "answer"]
    names = {r["name"] for r in due}
    assert "Camilla Broo" not in names  # answered
    assert "Petra Oxonius" not in names  # recorded as absent
    assert "Helene Olofsson" not in names  # the organizer
    assert {"Johan Westin", "Cynthia Runefjärd"} <= names
    handler = Inbox()
    with smtp_server(handler) as port:
        sample_cli.ok(*remind(port), today="2024-02-09")
        assert sample_cli.json(*remind(port), today="2024-02-10") == []
    answers = [m for m in messages(handler) if m["To"].addresses[0].addr_spec != HELENE]
    assert len(answers) == len(due)


def test_refused_address_is_reported_and_retried(sample_cli):
    refusing = Inbox(refuse=(HELENE,))
    with smtp_server(refusing) as port:
        result = sample_cli.ok(*remind(port), today="2024-02-09")
    assert HELENE in result.stderr
    assert sent_rows(sample_cli) == []
    handler = Inbox()
    with smtp_server(handler) as port:
        sample_cli.ok(*remind(port), today="2024-02-09")
    assert any(KANSLIER in m["Subject"] for m in messages(handler))


def test_server_down_records_nothing(sample_cli):
    before = sample_cli.dump()
    result = sample_cli.fails(*remind(free_port()), today="2024-02-09")
    assert "Could not connect to the SMTP server 127.0.0.1:" in result.stderr
    assert sample_cli.dump() == before


def test_each_reminder_speaks_the_language_of_what_it_is_about(sample_cli):
    """In an English store, a reminder of a deadline of no meeting is in English; one about a
    meeting of a Swedish series is in Swedish, whatever the coordinator reads."""
    sample_cli.ok("config", "set", "language", "en")
    sample_cli.ok("series", "edit", "Ledningsgrupp", "--language", "sv")
    sample_cli.ok("deadline", "add", "Budgetunderlag", "--due", "2024-02-13", "--owner", "Helene Olofsson")
    sample_cli.ok("deadline", "add", "Handlingar", "--meeting", FEB16, "--owner", "Helene Olofsson")
    handler = Inbox()
    with smtp_server(handler) as port:
        sample_cli.ok("--lang", "sv", *remind(port, "--days", "7"), today="2024-02-09")
    subjects = {m["Subject"] for m in messages(handler)}
    assert "Reminder: Budgetunderlag, due Tue 13 Feb 2024" in subjects, subjects
    assert "Påminnelse: Handlingar, senast fre 16 feb 2024, vid möte 5" in subjects, subjects


def test_the_json_subject_is_the_one_sent_whatever_the_coordinator_reads(sample_cli):
    """``remind --json`` gives the subject as it leaves, in the language of those who read
    about the meeting or deadline; the listing words it in the coordinator's language, as
    the notices are."""
    sample_cli.ok("config", "set", "language", "en")
    sample_cli.ok("deadline", "add", "Budgetunderlag", "--due", "2024-02-13", "--owner", "Helene Olofsson")
    swedish, english = (sample_cli.json("--lang", lang, "remind", "--days", "7", today="2024-02-09")
                        for lang in ("sv", "en"))
    assert swedish == english
    assert "Reminder: Budgetunderlag, due Tue 13 Feb 2024" in {r["subject"] for r in swedish}
    listing = sample_cli.ok("--lang", "sv", "remind", "--days", "7", today="2024-02-09").stdout
    assert "Påminnelse: Budgetunderlag, senast tis 13 feb 2024" in listing and "Reminder" not in listing
