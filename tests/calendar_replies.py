"""Answers as the big calendars send them back to the organizer (iMIP REPLY and COUNTER).

Each builder returns the calendar text in the shape that vendor writes it: Outlook with its
PRODID, a Windows time zone and the X-MICROSOFT lines; Google in UTC with X-NUM-GUESTS;
Thunderbird with Europe/Stockholm and its own PRODID; Apple with EMAIL= parameters. ``eml``
wraps a calendar in the message that vendor sends ("Accepted: ..." subjects).
"""

import datetime as dt
import mailbox
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

ORGANIZER = "helene.olofsson@sodertornskommunerna.example"

WINDOWS_ZONE = """BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16011028T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010325T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
"""

STOCKHOLM_ZONE = """BEGIN:VTIMEZONE
TZID:Europe/Stockholm
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
END:STANDARD
END:VTIMEZONE
"""


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def outlook(uid: str, name: str, email: str, partstat: str = "ACCEPTED", *, sequence: int = 0,
            stamp: str = "20240205T101500Z", comment: str | None = None, method: str = "REPLY",
            start: str = "20240216T090000", end: str = "20240216T113000",
            delegate: tuple[str, str] | None = None) -> str:
    """Outlook 16 / Exchange: Windows zone names, LANGUAGE parameters, X-MICROSOFT lines."""
    summary = {"ACCEPTED": "Accepterat", "DECLINED": "Avböjt",
               "TENTATIVE": "Preliminärt"}.get(partstat, "Nytt tidsförslag")
    lines = [f"ATTENDEE;PARTSTAT={partstat};CN={name}"
             + (f';DELEGATED-TO="mailto:{delegate[1]}"' if delegate else "") + f":mailto:{email}"]
    if delegate:
        lines.append(f'ATTENDEE;PARTSTAT=NEEDS-ACTION;CN={delegate[0]};DELEGATED-FROM="mailto:{email}":mailto:{delegate[1]}')
    if comment:
        lines.append(f"COMMENT;LANGUAGE=sv-SE:{comment}")
    return _crlf(f"""BEGIN:VCALENDAR
METHOD:{method}
PRODID:Microsoft Exchange Server 2010
VERSION:2.0
{WINDOWS_ZONE}BEGIN:VEVENT
{chr(10).join(lines)}
SUMMARY;LANGUAGE=sv-SE:{summary}: Ledningsgrupp
DTSTART;TZID=W. Europe Standard Time:{start}
DTEND;TZID=W. Europe Standard Time:{end}
UID:{uid}
CLASS:PUBLIC
PRIORITY:5
DTSTAMP:{stamp}
TRANSP:OPAQUE
STATUS:CONFIRMED
SEQUENCE:{sequence}
LOCATION;LANGUAGE=sv-SE:StorSthlms lokaler
X-MICROSOFT-CDO-APPT-SEQUENCE:{sequence}
X-MICROSOFT-CDO-REPLYTIME:{stamp}
X-MICROSOFT-CDO-BUSYSTATUS:BUSY
X-MICROSOFT-CDO-IMPORTANCE:1
X-MICROSOFT-DISALLOW-COUNTER:FALSE
END:VEVENT
END:VCALENDAR
""")


def google(uid: str, name: str, email: str, partstat: str = "ACCEPTED", *, sequence: int = 0,
           stamp: str = "20240205T120102Z", comment: str | None = None) -> str:
    """Google Calendar: times in UTC, X-NUM-GUESTS, the organizer's ORGANIZER line."""
    extra = f"\nCOMMENT:{comment}" if comment else ""
    return _crlf(f"""BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
CALSCALE:GREGORIAN
METHOD:REPLY
BEGIN:VEVENT
DTSTART:20240216T080000Z
DTEND:20240216T103000Z
DTSTAMP:{stamp}
ORGANIZER;CN=Helene Olofsson:mailto:{ORGANIZER}
UID:{uid}
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT={partstat};CN={name};X-NUM-GUESTS=0:mailto:{email}{extra}
CREATED:20240201T090000Z
LAST-MODIFIED:{stamp}
LOCATION:StorSthlms lokaler
SEQUENCE:{sequence}
STATUS:CONFIRMED
SUMMARY:Ledningsgrupp
TRANSP:OPAQUE
END:VEVENT
END:VCALENDAR
""")


def thunderbird(uid: str, name: str, email: str, partstat: str = "DECLINED", *, sequence: int = 0,
                stamp: str = "20240206T073012Z", comment: str | None = None) -> str:
    """Thunderbird (Lightning): Europe/Stockholm with its VTIMEZONE, RSVP kept on the line."""
    extra = f"\nCOMMENT:{comment}" if comment else ""
    return _crlf(f"""BEGIN:VCALENDAR
PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN
VERSION:2.0
METHOD:REPLY
{STOCKHOLM_ZONE}BEGIN:VEVENT
CREATED:20240201T090000Z
LAST-MODIFIED:{stamp}
DTSTAMP:{stamp}
UID:{uid}
SUMMARY:Ledningsgrupp
ORGANIZER;CN="Helene Olofsson":mailto:{ORGANIZER}
ATTENDEE;CN="{name}";PARTSTAT={partstat};ROLE=REQ-PARTICIPANT;RSVP=TRUE;CUTYPE=INDIVIDUAL:mailto:{email}{extra}
DTSTART;TZID=Europe/Stockholm:20240216T090000
DTEND;TZID=Europe/Stockholm:20240216T113000
SEQUENCE:{sequence}
LOCATION:StorSthlms lokaler
END:VEVENT
END:VCALENDAR
""")


def apple(uid: str, name: str, email: str, partstat: str = "TENTATIVE", *, sequence: int = 0,
          stamp: str = "20240207T154500Z", comment: str | None = None,
          recurrence_id: str | None = None) -> str:
    """Apple Calendar (macOS): EMAIL= parameters, X-APPLE lines."""
    extra = f"\nCOMMENT:{comment}" if comment else ""
    if recurrence_id:
        extra += f"\nRECURRENCE-ID;TZID=Europe/Stockholm:{recurrence_id}"
    return _crlf(f"""BEGIN:VCALENDAR
METHOD:REPLY
VERSION:2.0
PRODID:-//Apple Inc.//macOS 14.2.1//EN
{STOCKHOLM_ZONE}BEGIN:VEVENT
ATTENDEE;CN="{name}";CUTYPE=INDIVIDUAL;EMAIL="{email}";PARTSTAT={partstat}:mailto:{email}
DTEND;TZID=Europe/Stockholm:20240216T113000
DTSTAMP:{stamp}
DTSTART;TZID=Europe/Stockholm:20240216T090000
ORGANIZER;CN="Helene Olofsson";EMAIL="{ORGANIZER}":mailto:{ORGANIZER}
REQUEST-STATUS:2.0;Success
SEQUENCE:{sequence}
SUMMARY:Ledningsgrupp
UID:{uid}
X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC{extra}
END:VEVENT
END:VCALENDAR
""")


def eml(calendar: str, sender: tuple[str, str], subject: str, *, method: str = "REPLY",
        attachment: bool = False) -> bytes:
    """The iMIP message a calendar sends: text and text/calendar (Google adds an invite.ics)."""
    message = EmailMessage()
    message["From"] = f"{sender[0]} <{sender[1]}>"
    message["To"] = f"Helene Olofsson <{ORGANIZER}>"
    message["Subject"] = subject
    message["Date"] = format_datetime(dt.datetime(2024, 2, 5, 11, 15, tzinfo=dt.UTC))
    message.set_content(f"{sender[0]} har svarat.\n")
    message.add_alternative(calendar.encode(), maintype="text", subtype="calendar",
                            params={"method": method, "charset": "UTF-8"})
    if attachment:
        message.add_attachment(calendar.encode(), maintype="application", subtype="ics",
                               filename="invite.ics")
    return message.as_bytes()


def plain_mail(subject: str) -> bytes:
    """Other mail in the same folder: no calendar."""
    message = EmailMessage()
    message["From"] = "Nyhetsbrev <nyheter@storsthlm.example>"
    message["To"] = ORGANIZER
    message["Subject"] = subject
    message.set_content("Veckans nyheter.\n")
    return message.as_bytes()


def maildir(path: Path, messages: list[bytes]) -> Path:
    box = mailbox.Maildir(path, create=True)
    for data in messages:
        box.add(data)
    box.close()
    return path


def mbox(path: Path, messages: list[bytes]) -> Path:
    box = mailbox.mbox(path, create=True)
    for data in messages:
        box.add(data)
    box.close()
    return path
