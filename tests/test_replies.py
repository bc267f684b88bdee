"""Replies from attendees' calendars: REPLY sets PARTSTAT, COUNTER becomes a proposal."""

from pathlib import Path

import icalendar
import pytest

from scheduler.text.shapes import RECORDS
from tests import calendar_replies as vendor

MEETING = "ledningsgrupp-2024-02-16"
CAMILLA = ("Camilla Broo", "camilla.broo@huddinge.example")
CYNTHIA = ("Cynthia Runefjärd", "cynthia.runefjard@tyreso.example")
JOHAN = ("Johan Westin", "johan.westin@haninge.example")
PETRA = ("Petra Oxonius", "petra.oxonius@botkyrka.example")


@pytest.fixture
def uid(sample_cli) -> str:
    return sample_cli.json("meeting", "show", MEETING)["uid"]


def answers(cli) -> dict[str, tuple[str, str | None]]:
    record = cli.json("attendance", MEETING)
    return {p["name"]: (p["rsvp"], p["note"]) for p in record["participants"]}


def write(path: Path, data: str | bytes) -> str:
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return str(path)


def folder(tmp_path: Path, uid: str) -> Path:
    """A Maildir as the organizer's mail program keeps it: Outlook's acceptance, Thunderbird's
    refusal, a COUNTER, a newsletter, and an answer for a meeting the store does not have."""
    return vendor.maildir(tmp_path / "Svar", [
        vendor.eml(vendor.outlook(uid, *CAMILLA, comment="Jag kommer."), CAMILLA,
                   "Accepted: Ledningsgrupp"),
        vendor.eml(vendor.thunderbird(uid, *CYNTHIA, "DECLINED", comment="Krockar med KS."),
                   CYNTHIA, "Declined: Ledningsgrupp"),
        vendor.plain_mail("Veckobrev"),
        vendor.eml(vendor.outlook(uid, *JOHAN, "TENTATIVE", method="COUNTER", comment="Kan vi ta 10.00?",
                                  start="20240216T100000", end="20240216T123000"),
                   JOHAN, "New Time Proposed: Ledningsgrupp", method="COUNTER"),
        vendor.eml(vendor.google("okand@google.com", *PETRA), PETRA, "Accepted: Okänt möte",
                   attachment=True),
    ])


def test_outlook_accept_and_thunderbird_decline_change_attendance(sample_cli, uid, tmp_path, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")
    before = sample_cli.dump()
    box = folder(tmp_path, uid)
    result = sample_cli.ok("reply", "--maildir", str(box))
    assert "Camilla Broo <camilla.broo@huddinge.example> tackade ja till möte 5 'Ledningsgrupp': " \
        "“Jag kommer.”" in result.stdout.splitlines()
    assert result.stdout.splitlines()[-1] == (
        "2 införda, 1 förslag, 0 lästa tidigare, 1 inte införda, 1 meddelanden utan kalender överhoppade.")
    assert "okand@google.com" in result.stderr  # the unknown meeting is reported
    seen = answers(sample_cli)
    assert seen["Camilla Broo"] == ("accepted", "Jag kommer.")
    assert seen["Cynthia Runefjärd"] == ("declined", "Krockar med KS.")
    assert seen["Johan Westin"][0] == "needs-action"  # a COUNTER is no answer
    after = sample_cli.dump()
    assert after != before
    again = sample_cli.json("reply", "--maildir", str(box))
    assert all(list(record) == list(RECORDS["answer"].__annotations__) for record in again)
    assert {r["status"] for r in again} == {"seen", "unknown-meeting"}
    assert sample_cli.dump() == after  # the same folder read again changes nothing


def test_counter_is_listed_accepted_and_declined(sample_cli, uid, tmp_path):
    sample_cli.ok("reply", "--maildir", str(folder(tmp_path, uid)))
    [proposal] = sample_cli.json("proposals")
    assert list(proposal) == list(RECORDS["proposal"].__annotations__)
    assert proposal["meeting"] == sample_cli.json("meeting", "show", MEETING)["id"]
    assert (proposal["name"], proposal["email"]) == JOHAN
    assert proposal["start"] == "2024-02-16T10:00:00+01:00"
    assert proposal["end"] == "2024-02-16T12:30:00+01:00"
    assert proposal["comment"] == "Kan vi ta 10.00?"
    sample_cli.ok("proposals", "accept", str(proposal["id"]))
    meeting = sample_cli.json("meeting", "show", MEETING)
    assert (meeting["start"], meeting["end"], meeting["sequence"]) == (
        "2024-02-16T10:00:00+01:00", "2024-02-16T12:30:00+01:00", 1)
    assert sample_cli.json("proposals") == []
    sample_cli.fails("proposals", "accept", str(proposal["id"]))  # once only


def test_declined_counter_writes_declinecounter(sample_cli, uid, tmp_path):
    counter = vendor.outlook(uid, *JOHAN, "TENTATIVE", method="COUNTER", start="20240216T100000",
                             end="20240216T123000")
    sample_cli.ok("reply", write(tmp_path / "counter.ics", counter))
    [proposal] = sample_cli.json("proposals")
    target = tmp_path / "nej.ics"
    sample_cli.ok("proposals", "decline", str(proposal["id"]), "--comment", "Tiden står fast.",
                  "-o", str(target))
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    assert calendar["METHOD"] == "DECLINECOUNTER"
    [event] = calendar.events
    assert str(event["UID"]) == uid
    assert str(event["ATTENDEE"]) == f"mailto:{JOHAN[1]}"
    assert str(event["COMMENT"]) == "Tiden står fast."
    assert sample_cli.json("meeting", "show", MEETING)["start"] == "2024-02-16T09:00:00+01:00"
    assert sample_cli.json("proposals", "--all")[0]["state"] == "declined"


def test_google_and_apple_replies_from_eml_and_mbox(sample_cli, uid, tmp_path):
    box = vendor.mbox(tmp_path / "svar.mbox", [
        vendor.eml(vendor.google(uid, *PETRA, "DECLINED"), PETRA,
                   "Declined: Ledningsgrupp @ Fri Feb 16, 2024 9am - 11:30am (CET)", attachment=True),
    ])
    apple = write(tmp_path / "apple.eml", vendor.eml(vendor.apple(uid, *JOHAN), JOHAN,
                                                      "Invitation: Ledningsgrupp (Tentative)"))
    sample_cli.ok("reply", apple, "--mbox", str(box))
    seen = answers(sample_cli)
    assert seen["Petra Oxonius"][0] == "declined"
    assert seen["Johan Westin"][0] == "tentative"


def test_older_version_does_not_override_newer_answer(sample_cli, uid, tmp_path):
    newer = vendor.outlook(uid, *CAMILLA, "DECLINED", sequence=1, stamp="20240210T080000Z")
    older = vendor.outlook(uid, *CAMILLA, "ACCEPTED", sequence=0, stamp="20240205T080000Z")
    sample_cli.ok("reply", write(tmp_path / "newer.ics", newer))
    result = sample_cli.ok("reply", write(tmp_path / "older.ics", older))
    assert "Camilla Broo" in result.stderr
    assert answers(sample_cli)["Camilla Broo"][0] == "declined"
    assert sample_cli.json("reply", str(tmp_path / "older.ics"))[0]["status"] == "seen"


def test_same_version_later_stamp_wins(sample_cli, uid, tmp_path):
    first = vendor.thunderbird(uid, *CYNTHIA, "ACCEPTED", stamp="20240205T080000Z")
    second = vendor.thunderbird(uid, *CYNTHIA, "DECLINED", stamp="20240206T080000Z")
    sample_cli.ok("reply", write(tmp_path / "b.ics", second), write(tmp_path / "a.ics", first))
    assert answers(sample_cli)["Cynthia Runefjärd"][0] == "declined"


def test_delegation_adds_the_delegate(sample_cli, uid, tmp_path):
    reply = vendor.outlook(uid, *CAMILLA, "DELEGATED", delegate=("Anna Ersättare", "anna.ersattare@huddinge.example"))
    sample_cli.ok("reply", write(tmp_path / "delegated.ics", reply))
    seen = answers(sample_cli)
    assert seen["Camilla Broo"][0] == "declined"
    assert seen["Anna Ersättare"][0] == "needs-action"


def test_not_invited_is_reported_others_applied(sample_cli, uid, tmp_path):
    stranger = vendor.google(uid, "Okänd Person", "okand.person@example.example")
    good = vendor.thunderbird(uid, *CYNTHIA, "ACCEPTED")
    records = sample_cli.json("reply", write(tmp_path / "x.ics", stranger), write(tmp_path / "y.ics", good))
    assert sorted(r["status"] for r in records) == ["applied", "not-invited"]
    assert answers(sample_cli)["Cynthia Runefjärd"][0] == "accepted"


def test_counter_for_cancelled_meeting_is_reported(sample_cli, uid, tmp_path):
    sample_cli.ok("meeting", "cancel", MEETING)
    counter = vendor.outlook(uid, *JOHAN, "TENTATIVE", method="COUNTER", start="20240216T100000")
    result = sample_cli.ok("reply", write(tmp_path / "counter.ics", counter))
    assert "Johan Westin" in result.stderr
    assert sample_cli.json("proposals") == []


def test_malformed_eml_is_an_error_and_changes_nothing(sample_cli, uid, tmp_path):
    before = sample_cli.dump()
    good = write(tmp_path / "good.ics", vendor.thunderbird(uid, *CYNTHIA, "ACCEPTED"))
    broken = write(tmp_path / "broken.eml",
                   b"From: x@example.example\r\nSubject: Accepted: Ledningsgrupp\r\n\r\nhej\r\n")
    result = sample_cli.fails("reply", good, broken)
    assert "broken.eml" in result.stderr
    assert sample_cli.dump() == before
    request = vendor.thunderbird(uid, *CYNTHIA).replace("METHOD:REPLY", "METHOD:REQUEST")
    invite = write(tmp_path / "request.ics", request)
    assert "REQUEST" in sample_cli.fails("reply", invite).stderr
    assert sample_cli.dump() == before


def test_reply_needs_something_to_read(sample_cli):
    sample_cli.fails("reply", code=2)


def test_hostile_reply_values_are_refused(sample_cli, uid, tmp_path):
    before = sample_cli.dump()
    bell = vendor.thunderbird(uid, *CYNTHIA, "ACCEPTED", comment="ja\x07")
    assert "COMMENT" in sample_cli.fails("reply", write(tmp_path / "bell.ics", bell)).stderr
    bad_address = vendor.google(uid, "Någon", "inte-en-adress")
    assert "ATTENDEE" in sample_cli.fails("reply", write(tmp_path / "adress.ics", bad_address)).stderr
    assert sample_cli.dump() == before
    box = vendor.maildir(tmp_path / "Svar", [
        vendor.eml(bell, CYNTHIA, "Accepted: Ledningsgrupp"),
        vendor.eml(vendor.outlook(uid, *CAMILLA), CAMILLA, "Accepted: Ledningsgrupp"),
    ])
    result = sample_cli.ok("reply", "--maildir", str(box))
    assert "COMMENT" in result.stderr
    assert answers(sample_cli)["Camilla Broo"][0] == "accepted"
    assert answers(sample_cli)["Cynthia Runefjärd"][0] == "needs-action"
