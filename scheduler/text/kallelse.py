"""The printable summons (kallelse): one HTML page from a Jinja2 template, and its PDF.

The page holds the title, time and place, the online link, the participants with their
roles and how they attend (digitally, part of the meeting), the agenda with times and
presenters, the documents, and the "OBS! Ny tid och plats" notice when time or place
changed. A cancelled meeting gives the cancellation notice instead. The PDF is printed
by headless Chromium (Debian's ``chromium``), which prints exactly what a browser shows.
"""

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlmodel import Session

from scheduler import agenda, attendance
from scheduler.clock import Clock
from scheduler.errors import OutputError
from scheduler.ical.components import documents_of, organizer_of
from scheduler.ical.invitations import slug
from scheduler.notices import notice_for
from scheduler.occurrences import Instance, zone
from scheduler.store.models import Meeting, Series
from scheduler.text.i18n import _, language, ngettext, speaking
from scheduler.text.labels import ROLE_LABELS, attendee_when, hours_label, instance_label, moment_label
from scheduler.text.shapes import KallelseRecord
from scheduler.text.wording import agenda_record, for_recipients, notice_message

TEMPLATES = Path(__file__).resolve().parent / "templates"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


@dataclass(frozen=True)
class Summons:
    """What the page shows, already in words, in ``language`` (its recipients')."""

    language: str
    title: str
    when: str
    location: str | None
    online: str | None
    series: str | None
    organizer: str | None
    description: str | None
    cancelled: bool
    notice: str | None
    participants: list[dict[str, str]] = field(default_factory=list)
    agenda: list[dict[str, str]] = field(default_factory=list)
    documents: list[dict[str, str | None]] = field(default_factory=list)


def _how(attendee: attendance.Attendee) -> str:
    mode = {"in-person": _("in person"), "digital": _("digitally"), "absent": _("sends apologies")}
    when = attendee_when(attendee)
    how = mode.get(attendee.mode or "in-person", "")
    return f"{how} {when}".strip() if attendee.mode != "absent" else how


@for_recipients
def summons(session: Session, clock: Clock, instance: Instance) -> Summons:
    """The summons of one meeting (or occurrence) as words for the page."""
    root, meeting = instance.root, instance.meeting
    tz = zone(root)
    series = session.get(Series, root.series_id) if root.series_id else None
    organizer = organizer_of(session, root)
    notice = None if instance.cancelled else notice_for(session, clock, instance)
    items = [agenda_record(session, item) for item in agenda.items(session, root)]
    return Summons(
        language=language(), title=meeting.title, when=instance_label(instance, tz), location=meeting.location,
        online=meeting.online, series=series.name if series else None,
        organizer=organizer.name if organizer else None, description=meeting.description,
        cancelled=instance.cancelled, notice=notice_message(notice, tz) if notice else None,
        participants=[{"name": a.name, "organisation": a.organisation or "",
                       "role": ROLE_LABELS[a.role], "how": _how(a)}
                      for a in attendance.attendees(session, root)],
        agenda=[{"number": str(r["number"]), "title": r["title"], "presenter": r["presenter"] or "",
                 "times": hours_label(r["from"], r["to"]) if r["from"] and r["to"] else ""}
                for r in items],
        documents=[{"title": d.title, "url": d.url} for d in documents_of(session, root)],
    )


def render(page: Summons, *, made: dt.datetime) -> str:
    """The summons as one HTML page (A4 when printed), in the language of its words."""
    with speaking(page.language):
        return _page(page, made)


def _page(page: Summons, made: dt.datetime) -> str:
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["j2"]),
                              extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
    environment.install_gettext_callables(_, ngettext, newstyle=True)  # type: ignore[attr-defined]
    heading = _("Cancellation") if page.cancelled else _("Summons")
    count = len(page.participants)
    footer = ngettext("{count} participant", "{count} participants", count).format(count=count)
    footer += " · " + _("Printed {day}").format(day=moment_label(made))
    return environment.get_template("kallelse.html.j2").render(
        s=page, heading=heading, footer=footer, lang=language())


def written_record(meeting: Meeting, page: Summons, target: Path, *, pdf: bool) -> KallelseRecord:
    """What ``kallelse`` wrote, for ``--json``."""
    return {"meeting": meeting.id, "file": str(target), "format": "pdf" if pdf else "html",
            "cancelled": page.cancelled}


def written_text(record: KallelseRecord) -> str:
    if record["cancelled"]:
        return _("Wrote the cancellation notice to {file}.").format(file=record["file"])
    return _("Wrote the summons to {file}.").format(file=record["file"])


def default_name(meeting: Meeting, instance: Instance, suffix: str) -> str:
    """``kallelse-2024-02-16-ledningsgrupp.html``"""
    day = instance.start.astimezone(zone(meeting)).date()
    return f"kallelse-{day.isoformat()}-{slug(meeting.title)}{suffix}"


def chromium() -> str:
    """The Chromium to print with: ``$SCHEDULER_CHROMIUM`` or the first on PATH."""
    found = os.environ.get("SCHEDULER_CHROMIUM") or next(
        (path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)
    if not found:
        raise OutputError("--pdf needs Chromium to print with: install it (Debian: 'apt-get install "
                            "chromium') or set SCHEDULER_CHROMIUM, or leave out --pdf and print the "
                            "HTML page from a browser.")
    return found


def print_pdf(html: str, target: Path, *, timeout: float = 120) -> Path:
    """Print ``html`` to the PDF file ``target`` with headless Chromium (A4, no header and footer)."""
    with tempfile.TemporaryDirectory(prefix="scheduler-kallelse-") as folder:
        page = Path(folder) / "kallelse.html"
        page.write_text(html, encoding="utf-8")
        printed = Path(folder) / "kallelse.pdf"
        command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                   "--no-first-run", f"--user-data-dir={folder}/profile", "--no-pdf-header-footer",
                   f"--print-to-pdf={printed}", page.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as err:
            raise OutputError("Chromium could not print the PDF: {error}", error=err) from err
        if not printed.exists() or printed.stat().st_size == 0:
            lines = done.stderr.decode(errors="replace").strip().splitlines()
            detail = lines[-1] if lines else str(done.returncode)
            raise OutputError("Chromium could not print the PDF: {error}", error=detail)
        try:
            shutil.copyfile(printed, target)
        except OSError as err:
            raise OutputError("Cannot write {target}: {error}; choose another place with -o.", target=target,
                              error=err.strerror or err) from err
    return target
