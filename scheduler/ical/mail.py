"""Invitations as e-mail (iMIP, RFC 6047): the message, a .eml file, and sending over SMTP.

The message is multipart/mixed: a multipart/alternative with the text for people
(text/plain) and the calendar for the client (``text/calendar; method=REQUEST;
charset=UTF-8``, the method equal to the METHOD inside), then the same calendar as an
``invite.ics`` attachment (``application/ics``) for clients that only look at
attachments. Every part is 7-bit (quoted-printable or base64), so any server relays it
and the calendar arrives byte for byte.

``deliver`` lets one invitation go by a ``Delivery`` (SMTP, .eml file or .ics file) and
records it; ``deliver_removals`` sends the CANCELs of people taken off the meeting.
"""

import datetime as dt
import os
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import IO, NamedTuple

from sqlmodel import Session

from scheduler.clock import Clock, utcnow
from scheduler.deliveries import SENT, WRITTEN, tally
from scheduler.errors import InputError, OutputError, Phrase, StateError, warn
from scheduler.ical.invitations import (
    InvitationMessage,
    build_invitation,
    record_issued,
    removal_cancels,
    warn_removed,
    write_output,
)
from scheduler.occurrences import single, zone
from scheduler.recurrence import occurrence as occurrence_on
from scheduler.store.models import Meeting, Person
from scheduler.validate import one_line

ATTACHMENT = "invite.ics"
TIMEOUT = 30  # seconds to wait for the SMTP server


def mail_address(person: Person) -> Address:
    """``Cynthia Runefjärd <cynthia.runefjard@tyreso.example>``, encoded when written."""
    return Address(display_name=one_line(person.name), addr_spec=person.email or "")


class SmtpSettings(NamedTuple):
    """Where and how to send; the password comes only from SCHEDULER_SMTP_PASSWORD."""

    host: str
    port: int
    user: str | None = None
    password: str | None = None
    starttls: bool = True

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


def smtp_settings(host: str | None, port: int | None, user: str | None,
                  password: str | None, starttls: bool) -> SmtpSettings:
    """Checked settings; the port defaults to 587 with STARTTLS, else 25."""
    if not host:
        raise InputError("No SMTP server: give --smtp-host or set SCHEDULER_SMTP_HOST.")
    if user and not password:
        raise InputError('--smtp-user {user} needs a password: set SCHEDULER_SMTP_PASSWORD.', user=user)
    if not f"{user or ''}{password or ''}".isascii():
        raise InputError("The SMTP user name and password must be ASCII (Python's smtplib "
                         "sends no å, ä, ö in a login): use an ASCII password or an app "
                         "password from your mail provider.")
    return SmtpSettings(host, port or (587 if starttls else 25), user, password, starttls)


def imip_message(invitation: InvitationMessage, now: dt.datetime) -> EmailMessage:
    """The iMIP message: From the organizer, To the recipients, the calendar twice."""
    organizer = invitation.organizer
    if invitation.method == "PUBLISH" or organizer is None:
        raise StateError("Meeting {id} '{title}' is external: there is no one to e-mail it to; write the 'add to "
                         "calendar' file with 'scheduler invite {id}'.", id=invitation.meeting.id,
                         title=invitation.meeting.title)
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = mail_address(organizer)
    message["To"] = [mail_address(person) for person in invitation.recipients]
    message["Subject"] = one_line(invitation.subject)
    message["Date"] = format_datetime(now.astimezone(zone(invitation.meeting)))
    message["Message-ID"] = make_msgid(domain=(organizer.email or "").rpartition("@")[2])
    message.set_content(invitation.text, cte="quoted-printable")
    message.add_alternative(invitation.ics, maintype="text", subtype="calendar",
                            params={"method": invitation.method, "charset": "UTF-8"})
    message.add_attachment(invitation.ics, maintype="application", subtype="ics",
                           filename=ATTACHMENT)
    return message


def send_invitation(invitation: InvitationMessage, settings: SmtpSettings,
                    now: dt.datetime) -> InvitationMessage:
    """Send the invitation's e-mail; the invitation as delivered (to the accepted recipients).

    A recipient the server refuses is named in a warning; when nothing can be sent,
    OutputError (so the caller records nothing).
    """
    refused = send(imip_message(invitation, now), settings)
    for person in invitation.recipients:
        if person.email in refused:
            code, reply = refused[person.email]
            warn("The SMTP server {where} refused {name} <{email}> ({code} {reply}): not sent to them, not recorded.",
                 where=settings.where, name=person.name, email=person.email, code=code, reply=_text(reply))
    accepted = [p for p in invitation.recipients if p.email not in refused]
    return invitation._replace(recipients=accepted)


# Delivery: e-mail or file, and the record of it ----------------------------------------


class Delivery(NamedTuple):
    """How ``invite`` lets an invitation go: e-mailed over SMTP with ``settings``, else
    written to a file, the whole e-mail (.eml) with ``eml``, the calendar (.ics) without."""

    settings: SmtpSettings | None = None
    eml: bool = False

    @property
    def channel(self) -> str:
        """What the Invitation rows record: smtp, eml or file."""
        return "smtp" if self.settings else "eml" if self.eml else "file"

    @property
    def state(self) -> str:
        """What a delivery this way records: sent (the server took it) or written (a file)."""
        return SENT if self.settings else WRITTEN

    def file_name(self, invitation: InvitationMessage) -> str:
        """The default file: the invitation's own name, ending .eml for an e-mail file."""
        if self.eml:
            return invitation.filename.removesuffix(".ics") + ".eml"
        return invitation.filename


def deliver(session: Session, invitation: InvitationMessage, delivery: Delivery,
            target: str | None, *, now: dt.datetime,
            stdout: IO[bytes] | None = None) -> InvitationMessage:
    """Send or write one invitation (to the file ``target``; ``-`` is ``stdout``) and record
    it: sent, or written to a file; printed to stdout, nothing left, so nothing is recorded.
    Returns it as delivered: sending leaves out refused recipients."""
    if delivery.settings is not None:
        invitation = send_invitation(invitation, delivery.settings, now)
    else:
        assert target is not None, "a file delivery needs its file"
        data = imip_message(invitation, now).as_bytes() if delivery.eml else invitation.ics
        if target == "-":
            assert stdout is not None, "the calendar goes to stdout: give the stream"
            stdout.write(data)
            return invitation
        write_output(target, data)
    record_issued(session, invitation, delivery.channel, delivery.state)
    return invitation


def deliver_removals(session: Session, clock: Clock, invitation: InvitationMessage,
                     delivery: Delivery, target: str | None, *, for_person: Person | None,
                     now: dt.datetime) -> list[tuple[InvitationMessage, str | None]] | None:
    """After a REQUEST to every attendee: a CANCEL of their own for each person taken off
    the meeting since their invitation, delivered the same way (files beside ``target``),
    each with the file it went to. None when that does not apply; with the calendar on
    stdout (``-``) they get a warning that says how to write theirs instead."""
    if for_person is not None or invitation.method != "REQUEST":
        return None
    if target == "-":
        warn_removed(session, invitation.meeting)
        return None
    done = []
    for cancel in removal_cancels(session, clock, invitation.meeting):
        where = None
        if delivery.settings is None:
            where = os.path.join(os.path.dirname(target or ""), delivery.file_name(cancel))
        done.append((deliver(session, cancel, delivery, where, now=now), where))
    return done


class Issued(NamedTuple):
    """What ``issue`` did: the invitation as delivered, where it went (None: by e-mail), and
    the CANCELs of the people taken off the meeting with theirs (None when that does not apply)."""

    message: InvitationMessage
    target: str | None
    cancels: list[tuple[InvitationMessage, str | None]] | None
    recorded: str | None  # written, sent, or None (stdout, a dry run)
    recipients: int | None  # whom the meeting (or occurrence) goes to (None: not counted)
    untold: int | None  # of them, who has not been sent its latest version yet


def issue(session: Session, clock: Clock, meeting: Meeting, *, occurrence: dt.date | None = None,
          for_person: Person | None = None, cancel: bool = False, delivery: Delivery = Delivery(),
          output: str | None = None, stdout: IO[bytes] | None = None,
          dry_run: bool = False) -> Issued:
    """Build the invitation of ``meeting`` (or of its ``occurrence``; only ``for_person``'s
    with it; the CANCEL with ``cancel``), deliver it (SMTP, or the file ``output``, by default
    the invitation's own name; ``-`` is ``stdout``), record it, and send the people taken off
    the meeting their own CANCEL the same way. ``dry_run`` only builds it (the caller rolls
    back a ``cancel``). Who has been told is counted unless the calendar went to ``stdout``,
    where it is piped on and no summary follows it (four queries of an invitation's 27)."""
    message = build_invitation(session, clock, meeting, occurrence=occurrence,
                               for_person=for_person, cancel=cancel)
    now = utcnow()
    target = None if delivery.settings else output or delivery.file_name(message)
    recorded = None if target == "-" else delivery.state
    cancels = None
    if not dry_run:
        message = deliver(session, message, delivery, target, now=now, stdout=stdout)
        cancels = deliver_removals(session, clock, message, delivery, target,
                                   for_person=for_person, now=now)
    if target == "-" and not dry_run:
        return Issued(message, target, cancels, recorded, None, None)
    counted = tally(session, occurrence_on(session, meeting, occurrence) if occurrence
                    else single(meeting))
    return Issued(message, target, cancels, recorded, counted.recipients, len(counted.untold))


def send(message: EmailMessage, settings: SmtpSettings) -> dict[str, tuple[int, bytes]]:
    """Send ``message``; the recipients the server refused (the rest got it).

    Raises OutputError, naming the server and what to check, when nothing was sent.
    """
    import smtplib  # only here: writing an invitation to a file loads no SMTP or TLS
    import ssl

    step = "connect"
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT) as smtp:
            if settings.starttls:
                step = "starttls"
                smtp.starttls(context=ssl.create_default_context())
            if settings.user:
                step = "login"
                smtp.login(settings.user, settings.password or "")
            step = "send"
            return smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as err:
        refused = "; ".join(f"{address}: {code} {_text(reply)}"
                            for address, (code, reply) in err.recipients.items())
        raise _failure(Phrase("The SMTP server {where} refused every recipient ({refused})",
                              where=settings.where, refused=refused),
                       Phrase("check the attendees' addresses")) from err
    except smtplib.SMTPResponseException as err:
        raise _failure(Phrase("Could not {step} the SMTP server {where}: it answered {code} {reply}",
                              step=_step(step, settings), where=settings.where, code=err.smtp_code,
                              reply=_text(err.smtp_error)), HINTS[step]) from err
    except (smtplib.SMTPException, ssl.SSLError, OSError) as err:
        raise _failure(Phrase("Could not {step} the SMTP server {where}: {reason}", step=_step(step, settings),
                              where=settings.where, reason=str(err) or type(err).__name__), HINTS[step]) from err


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else reply


def _failure(problem: Phrase, hint: Phrase) -> OutputError:
    return OutputError("{problem}; {hint}. Nothing was sent.", problem=problem, hint=hint)


def _step(step: str, settings: SmtpSettings) -> Phrase:
    """What was being done with the server when it failed."""
    if step == "login":
        return Phrase("log in as {user} at", user=settings.user)
    return {"connect": Phrase("connect to"), "starttls": Phrase("start TLS with")}.get(step, Phrase("send through"))


HINTS = {
    "connect": Phrase("check --smtp-host and --smtp-port (or SCHEDULER_SMTP_HOST and SCHEDULER_SMTP_PORT) "
                      "and that the server is running"),
    "starttls": Phrase("check the port (587 for STARTTLS) and the server's certificate; --no-starttls only "
                       "for a server on a trusted network"),
    "login": Phrase("check --smtp-user and SCHEDULER_SMTP_PASSWORD"),
    "send": Phrase("check the organizer's and the attendees' addresses and the server's limits"),
}


def send_one(message: EmailMessage, settings: SmtpSettings) -> dict[str, tuple[int, bytes]]:
    """``send`` for a message to one person: their refused address is returned, not raised,
    so the caller can go on with the next message."""
    import smtplib

    try:
        return send(message, settings)
    except OutputError as err:
        if isinstance(err.__cause__, smtplib.SMTPRecipientsRefused):
            return err.__cause__.recipients
        raise
