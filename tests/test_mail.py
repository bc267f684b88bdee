"""E-mail (iMIP, RFC 6047): the .eml message, and sending it to a real SMTP server
(aiosmtpd on 127.0.0.1) that accepts, refuses, asks for a login, or is not there."""

import contextlib
import datetime as dt
import email
import socket
import sqlite3
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage

import icalendar
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.icaljs import parse_ics
from tests.test_invitations import DIRECTORS, FEB16, FEB16_WHEN, normalised

HELENE = "helene.olofsson@sodertornskommunerna.example"
DIRECTOR_ADDRESSES = [
    "petra.oxonius@botkyrka.example", "johan.westin@haninge.example",
    "camilla.broo@huddinge.example", "steinunn.asgeirdottir@nykvarn.example",
    "kristina.tidestav@nynashamn.example", "mats.bergstrom@salem.example",
    "magnus.gyllestad@sodertalje.example", "cynthia.runefjard@tyreso.example",
]


class Inbox:
    """An aiosmtpd handler that keeps every message; ``refuse`` addresses get a 550."""

    def __init__(self, refuse: tuple[str, ...] = ()) -> None:
        self.envelopes: list = []
        self.refuse = refuse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse or "*" in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted"


class RefusingData(Inbox):
    async def handle_DATA(self, server, session, envelope):
        return "554 5.7.1 Message rejected as spam"


def helene_only(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and auth_data == (b"helene", b"hemligt")
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def smtp_server(handler: Inbox, **options) -> Iterator[int]:
    """An SMTP server on 127.0.0.1 and a free port, for the duration of the block."""
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler = Inbox()
    with smtp_server(handler) as port:
        yield handler, port


def parse(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=policy.default)  # type: ignore[return-value]


def parts(message: EmailMessage) -> list[tuple[str, dict[str, str]]]:
    """Every part's type and parameters, depth first."""
    return [(part.get_content_type(), dict(part.get_params()[1:])) for part in message.walk()]


def invitation_rows(cli) -> list[tuple]:
    with sqlite3.connect(cli.db) as con:
        return con.execute("SELECT email, method, sequence, channel FROM invitation "
                           "ORDER BY id").fetchall()


def send(cli, port: int, *args: str) -> list[str]:
    return ["invite", FEB16, "--send", "--smtp-host", "127.0.0.1", "--smtp-port", str(port),
            "--no-starttls", *args]


def assert_imip(message: EmailMessage, method: str) -> bytes:
    """The RFC 6047 shape: mixed ⟶ alternative (plain, calendar) + invite.ics; the calendar."""
    assert parts(message) == [
        ("multipart/mixed", {"boundary": message.get_boundary()}),
        ("multipart/alternative", {"boundary": message.get_payload()[0].get_boundary()}),
        ("text/plain", {"charset": "utf-8"}),
        ("text/calendar", {"method": method, "charset": "UTF-8"}),
        ("application/ics", {}),
    ]
    _, _, plain, calendar, attachment = message.walk()
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_filename() == "invite.ics"
    ics = calendar.get_payload(decode=True)
    assert attachment.get_payload(decode=True) == ics
    assert f"\r\nMETHOD:{method}\r\n".encode() in ics
    (event,) = icalendar.Calendar.from_ical(ics).events
    assert plain.get_content().replace("\r\n", "\n") == event["DESCRIPTION"] + "\n"
    return ics


def test_eml_is_a_complete_imip_message(sample_cli, tmp_path):
    target = tmp_path / "ledningsgrupp.eml"
    record = sample_cli.json("invite", FEB16, "--eml", "-o", str(target))
    assert record["file"] == str(target) and record["method"] == "REQUEST"
    raw = target.read_bytes()
    assert raw.isascii() and b"\r\n" in raw  # 7-bit: any server relays it
    message = parse(raw)
    assert message["From"] == f"Helene Olofsson <{HELENE}>"
    assert [a.display_name for a in message["To"].addresses] == DIRECTORS
    assert [a.addr_spec for a in message["To"].addresses] == DIRECTOR_ADDRESSES
    assert "Cynthia =?utf-8?q?Runefj=C3=A4rd?= <cynthia.runefjard@tyreso.example>" \
        in raw.decode().replace("\r\n ", " ")
    assert message["Subject"] == FEB16_WHEN
    offset = message["Date"].datetime.utcoffset()
    assert offset in (dt.timedelta(hours=1), dt.timedelta(hours=2))  # Stockholm time
    assert message["Message-ID"].endswith("@sodertornskommunerna.example>")
    ics = assert_imip(message, "REQUEST")
    assert normalised(ics) == normalised(sample_cli.ok("invite", FEB16, "-o", "-").stdout_bytes)
    (event,) = parse_ics(ics)["events"]
    assert event["organizer"]["value"] == f"mailto:{HELENE}"
    assert [a["cn"] for a in event["attendees"] if a["role"] == "CHAIR"] == ["Camilla Broo"]
    assert invitation_rows(sample_cli)[0] == ("petra.oxonius@botkyrka.example", "REQUEST", 0,
                                              "eml")


def test_eml_default_name_and_stdout(sample_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = sample_cli.ok("invite", FEB16, "--eml")
    assert result.stdout == ("Wrote 2024-02-16-ledningsgrupp.eml: REQUEST, SEQUENCE 0, "
                             "to 8 people.\n8 of 8 have not been sent the latest version. Mail the "
                             "file, then record it with 'scheduler invite 5 --mark-sent'.\n")
    assert parse((tmp_path / "2024-02-16-ledningsgrupp.eml").read_bytes())["Subject"] \
        == FEB16_WHEN
    raw = sample_cli.ok("invite", FEB16, "--eml", "-o", "-").stdout_bytes
    assert parse(raw)["Subject"] == "Uppdaterad: " + FEB16_WHEN


def test_update_and_cancel_subjects_and_method(sample_cli, tmp_path):
    written = tmp_path / "first.eml"
    sample_cli.ok("invite", FEB16, "--eml", "-o", str(written))
    assert parse(written.read_bytes())["Subject"] == FEB16_WHEN
    sample_cli.ok("meeting", "edit", FEB16, "--location", "Körunda, Nynäshamn")
    update = parse(sample_cli.ok("invite", FEB16, "--eml", "-o", "-").stdout_bytes)
    assert update["Subject"] == "Uppdaterad: " + FEB16_WHEN
    assert b"\r\nSEQUENCE:1\r\n" in assert_imip(update, "REQUEST")
    cancel = parse(sample_cli.ok("invite", FEB16, "--cancel", "--eml", "-o", "-").stdout_bytes)
    assert cancel["Subject"] == "Inställt: " + FEB16_WHEN
    ics = assert_imip(cancel, "CANCEL")
    assert b"\r\nSTATUS:CANCELLED\r\n" in ics and b"\r\nSEQUENCE:2\r\n" in ics


def test_send_round_trip(sample_cli, inbox):
    handler, port = inbox
    result = sample_cli.ok(*send(sample_cli, port))
    assert result.stdout == f"Sent REQUEST, SEQUENCE 0, to 8 people through 127.0.0.1:{port}.\n"
    (envelope,) = handler.envelopes
    assert envelope.mail_from == HELENE
    assert envelope.rcpt_tos == DIRECTOR_ADDRESSES
    message = parse(envelope.content)
    assert message["Subject"] == FEB16_WHEN
    ics = assert_imip(message, "REQUEST")
    calendar = icalendar.Calendar.from_ical(ics)
    (event,) = calendar.events
    assert str(event["UID"]) == sample_cli.json("meeting", "show", FEB16)["uid"]
    assert len(event.get("ATTENDEE")) == 9  # the directors and Helene, the organizer
    assert parse_ics(ics)["events"][0]["dtstart"]["utc"] == "2024-02-16T08:00:00Z"
    assert invitation_rows(sample_cli) == [(a, "REQUEST", 0, "smtp") for a in DIRECTOR_ADDRESSES]


def test_send_with_settings_from_the_environment(sample_cli, inbox, monkeypatch):
    handler, port = inbox
    monkeypatch.setenv("SCHEDULER_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SCHEDULER_SMTP_PORT", str(port))
    monkeypatch.setenv("SCHEDULER_SMTP_STARTTLS", "false")
    record = sample_cli.json("invite", FEB16, "--send", "--for", "Camilla Broo")
    assert record["smtp"] == f"127.0.0.1:{port}"
    assert [r["name"] for r in record["recipients"]] == ["Camilla Broo"]
    assert handler.envelopes[0].rcpt_tos == ["camilla.broo@huddinge.example"]


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_send_with_login(sample_cli, monkeypatch):
    handler = Inbox()
    with smtp_server(handler, authenticator=helene_only, auth_required=True,
                     auth_require_tls=False) as port:
        before = sample_cli.dump()
        result = sample_cli.fails(*send(sample_cli, port))
        assert "Error: Could not send through the SMTP server" in result.stderr
        assert sample_cli.dump() == before
        monkeypatch.setenv("SCHEDULER_SMTP_PASSWORD", "fel")
        result = sample_cli.fails(*send(sample_cli, port, "--smtp-user", "helene"))
        assert result.stderr.startswith(
            f"Error: Could not log in as helene at the SMTP server 127.0.0.1:{port}: it "
            "answered 535")
        assert "check --smtp-user and SCHEDULER_SMTP_PASSWORD. Nothing was sent." in result.stderr
        assert sample_cli.dump() == before
        monkeypatch.setenv("SCHEDULER_SMTP_PASSWORD", "hemligt")
        monkeypatch.setenv("SCHEDULER_SMTP_USER", "helene")
        sample_cli.ok(*send(sample_cli, port))
    assert len(handler.envelopes) == 1
    assert len(invitation_rows(sample_cli)) == 8


def test_user_without_password_is_an_error(sample_cli, inbox, monkeypatch):
    monkeypatch.delenv("SCHEDULER_SMTP_PASSWORD", raising=False)
    before = sample_cli.dump()
    result = sample_cli.fails(*send(sample_cli, inbox[1], "--smtp-user", "helene"))
    assert result.stderr == ("Error: --smtp-user helene needs a password: "
                             "set SCHEDULER_SMTP_PASSWORD.\n")
    assert sample_cli.dump() == before and inbox[0].envelopes == []


def test_non_ascii_password_is_an_error(sample_cli, inbox, monkeypatch):
    monkeypatch.setenv("SCHEDULER_SMTP_PASSWORD", "hemligt lösen")
    result = sample_cli.fails(*send(sample_cli, inbox[1], "--smtp-user", "helene"))
    assert result.stderr.startswith("Error: The SMTP user name and password must be ASCII")
    assert inbox[0].envelopes == []


def test_refused_recipients_nothing_recorded(sample_cli):
    with smtp_server(Inbox(refuse=("*",))) as port:
        before = sample_cli.dump()
        result = sample_cli.fails(*send(sample_cli, port, "--cancel"))
    assert result.stderr.startswith(
        f"Error: The SMTP server 127.0.0.1:{port} refused every recipient "
        "(petra.oxonius@botkyrka.example: 550 5.1.1 Mailbox unavailable; ")
    assert result.stderr.endswith("; check the attendees' addresses. Nothing was sent.\n")
    assert sample_cli.dump() == before  # not recorded, and not even cancelled


def test_refused_message_nothing_recorded(sample_cli):
    with smtp_server(RefusingData()) as port:
        before = sample_cli.dump()
        result = sample_cli.fails(*send(sample_cli, port))
    assert result.stderr == (
        f"Error: Could not send through the SMTP server 127.0.0.1:{port}: it answered 554 "
        "5.7.1 Message rejected as spam; check the organizer's and the attendees' addresses "
        "and the server's limits. Nothing was sent.\n")
    assert sample_cli.dump() == before


def test_one_refused_recipient_is_named_and_not_recorded(sample_cli):
    handler = Inbox(refuse=("magnus.gyllestad@sodertalje.example",))
    with smtp_server(handler) as port:
        result = sample_cli.ok(*send(sample_cli, port))
    assert result.stderr == (
        f"Warning: The SMTP server 127.0.0.1:{port} refused Magnus Gyllestad "
        "<magnus.gyllestad@sodertalje.example> (550 5.1.1 Mailbox unavailable): not sent to "
        "them, not recorded.\n")
    assert "to 7 people" in result.stdout
    recorded = [row[0] for row in invitation_rows(sample_cli)]
    assert recorded == [a for a in DIRECTOR_ADDRESSES if not a.startswith("magnus")]


def test_no_server_is_a_clean_error(sample_cli):
    port = free_port()
    before = sample_cli.dump()
    result = sample_cli.fails(*send(sample_cli, port))
    assert result.stderr.startswith(
        f"Error: Could not connect to the SMTP server 127.0.0.1:{port}: ")
    assert result.stderr.endswith(
        "check --smtp-host and --smtp-port (or SCHEDULER_SMTP_HOST and SCHEDULER_SMTP_PORT) "
        "and that the server is running. Nothing was sent.\n")
    assert sample_cli.dump() == before


def test_starttls_on_a_server_without_it(sample_cli, inbox):
    before = sample_cli.dump()
    args = send(sample_cli, inbox[1])
    args.remove("--no-starttls")
    result = sample_cli.fails(*args)
    assert result.stderr.startswith(
        f"Error: Could not start TLS with the SMTP server 127.0.0.1:{inbox[1]}: STARTTLS "
        "extension not supported by server.")
    assert "--no-starttls only for a server on a trusted network" in result.stderr
    assert sample_cli.dump() == before and inbox[0].envelopes == []


def test_send_needs_a_host(sample_cli, monkeypatch):
    monkeypatch.delenv("SCHEDULER_SMTP_HOST", raising=False)
    result = sample_cli.fails("invite", FEB16, "--send")
    assert result.stderr == "Error: No SMTP server: give --smtp-host or set SCHEDULER_SMTP_HOST.\n"


def test_external_meeting_cannot_be_mailed(sample_cli):
    before = sample_cli.dump()
    result = sample_cli.fails("invite", "2", "--eml", "-o", "-")
    assert result.stderr.startswith("Error: Meeting 2 'Politiskt möte mellan StorSthlm och "
                                    "regionen (infrastruktur)' is external: there is no one")
    assert sample_cli.dump() == before


def test_send_with_a_file_is_a_usage_error(sample_cli):
    result = sample_cli.fails("invite", FEB16, "--send", "-o", "x.eml", code=2)
    assert "--send e-mails the invitation and writes no file" in result.stderr


def test_send_mails_a_removed_attendee_their_own_cancel(sample_cli, inbox):
    handler, port = inbox
    sample_cli.ok(*send(sample_cli, port))
    sample_cli.ok("attend", FEB16, "Johan Westin", "--remove")
    result = sample_cli.ok(*send(sample_cli, port))
    assert result.stdout.splitlines()[1] == (
        f"Sent CANCEL, SEQUENCE 0, to Johan Westin through 127.0.0.1:{port}.")
    first, update, cancel = handler.envelopes
    assert "johan.westin@haninge.example" not in update.rcpt_tos
    assert cancel.rcpt_tos == ["johan.westin@haninge.example"]
    assert_imip(parse(cancel.content), "CANCEL")
