"""Labels shared by everything people read, in the language in use: days, times, spans,
windows, days left (``fre 16 feb 2024 09.00``, ``Fri 16 Feb 2024 09:00``)."""

import datetime as dt
import functools
import re
from collections.abc import Sequence

from scheduler.attendance import Attendee
from scheduler.clock import Clock
from scheduler.deadlines import days_left, working_days_left
from scheduler.duewindow import DueWindow
from scheduler.occurrences import Instance, last_day
from scheduler.store.models import (
    Deadline,
    Mode,
)
from scheduler.text.i18n import N_, _, language, ngettext, translation


class Labels(dict[str, str]):
    """Words for stored values (``chair``, ``REQUEST``), English in the code and read in the
    language in use: ``ROLE_LABELS["chair"]`` is ``ordförande`` in Swedish."""

    def __getitem__(self, key: str) -> str:
        word = super().__getitem__(key)
        return _(word) if word else ""

    def get(self, key: str, default: str = "") -> str:  # type: ignore[override]
        return self[key] if key in self else default


WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"), N_("Aug"),
          N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"))




def day_label(day: dt.date) -> str:
    """``fre 16 feb 2024``"""
    return _day_label(language(), day)


def time_label(moment: dt.datetime | dt.time) -> str:
    """``09.00`` (in English ``09:00``)"""
    return _clock_label(language(), moment.hour, moment.minute)


def moment_label(moment: dt.datetime) -> str:
    """When something was done, to the minute: ``2024-02-16 09.00`` (in English ``09:00``)."""
    return f"{moment:%Y-%m-%d} {time_label(moment)}"


# Each day and time of day is worded once per language: a feed names the same ones in
# thousands of events.
@functools.lru_cache(maxsize=4096)
def _day_label(lang: str, day: dt.date) -> str:
    words = translation(lang).gettext
    return f"{words(WEEKDAYS[day.weekday()])} {day.day} {words(MONTHS[day.month - 1])} {day.year}"


@functools.cache
def _clock_label(lang: str, hour: int, minute: int) -> str:
    return translation(lang).gettext("{hour:02d}:{minute:02d}").format(hour=hour, minute=minute)


def times_label(start: dt.datetime, end: dt.datetime, tz: dt.tzinfo, *,
                all_day: bool = False, approximate: bool = False) -> str:
    """``fre 16 feb 2024 09.00–11.30``, ``ons 10 jan 2024 (tid ej fastställd)``, ``12.00–ca 16.00``."""
    first, last = start.astimezone(tz), end.astimezone(tz)
    if all_day:
        final = last_day(start, end, tz)
        if final == first.date():
            return _("{day} (time not set)").format(day=day_label(first.date()))
        return f"{day_label(first.date())} – {day_label(final)}"
    about = _("about ") if approximate else ""
    if first.date() == last.date():
        return f"{day_label(first.date())} {time_label(first)}–{about}{time_label(last)}"
    return f"{day_label(first.date())} {time_label(first)} – {day_label(last.date())} {about}{time_label(last)}"


def instance_label(instance: Instance, tz: dt.tzinfo) -> str:
    meeting = instance.meeting
    return times_label(instance.start, instance.end, tz, all_day=meeting.all_day,
                       approximate=meeting.end_approximate)


KIND_LABELS = Labels(referral=N_("referral"), internal=N_("internal"), answer=N_("answer"), report=N_("report"),
                     material=N_("material"), action=N_("action"), plan=N_("plan"), rsvp=N_("sign-up"))


def window_label(deadline: Deadline) -> str:
    """``ons 14 feb 2024``, ``tis 13 feb 2024, 3 arbetsdagar före möte 5``, ``under april
    månad 2024``, ``senare i vår (våren 2024)``: a window in the words it was given in,
    with the year when they lack it."""
    label = due_label(DueWindow(deadline.due_from, deadline.due, deadline.precision, deadline.phrase or ""))
    if deadline.precision != "day" or deadline.meeting_id is None:
        return label
    meeting = f"{deadline.meeting_id}" + (
        f"/{deadline.meeting_occurrence}" if deadline.meeting_occurrence else "")
    before = deadline.working_days_before
    if not before:
        return _("{day}, at meeting {meeting}").format(day=label, meeting=meeting)
    return ngettext("{day}, {n} working day before meeting {meeting}",
                    "{day}, {n} working days before meeting {meeting}", before).format(
        day=label, n=before, meeting=meeting)


def due_label(window: DueWindow) -> str:
    """A due window alone: a day, or the phrase it was given in with the year when it lacks it."""
    if window.precision == "day":
        return day_label(window.last)
    if language() != "sv":  # the phrase is Swedish, as the reader of due dates is
        return window_words(window)
    label, phrase = window.label, window.phrase
    if not phrase:
        return label
    return phrase if label.rsplit(" ", 1)[-1] in phrase else f"{phrase} ({label})"


MONTH_NAMES = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
               N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))
WINDOW_WORDS = {"early_month": N_("early {month} {year}"), "mid_month": N_("mid-{month} {year}"),
                "late_month": N_("late {month} {year}"), "month": N_("{month} {year}"),
                "week": N_("week {week} {year}"), "year": N_("{year}")}


def window_words(window: DueWindow) -> str:
    """``early February 2024``, ``week 12 2024``, ``spring 2024``: a window in the language in use."""
    first = window.first
    if window.precision == "term":
        term = N_("spring {year}") if first.month < 7 else N_("autumn {year}")
        return _(term).format(year=first.year)
    year, week, _weekday = first.isocalendar()
    return _(WINDOW_WORDS[window.precision]).format(
        month=_(MONTH_NAMES[first.month - 1]), week=week, year=year if window.precision == "week" else first.year)


def days_label(days: int) -> str:
    if days < 0:
        return ngettext("{n} day overdue", "{n} days overdue", -days).format(n=-days)
    if days == 0:
        return _("today")
    return ngettext("{n} day left", "{n} days left", days).format(n=days)


def working_days_label(days: int) -> str:
    return ngettext("{n} working day", "{n} working days", abs(days)).format(n=days)


def deadline_state(deadline: Deadline, clock: Clock) -> str:
    """``klar``, ``3 dagar försenad`` or ``61 dagar kvar (40 arbetsdagar)``."""
    if deadline.done:
        return _("done")
    days = days_left(deadline, clock)
    if days <= 0:
        return days_label(days)
    return f"{days_label(days)} ({working_days_label(working_days_left(deadline, clock))})"


METHOD_LABELS = Labels(REQUEST=N_("invitation"), CANCEL=N_("cancellation"), PUBLISH=N_("calendar file"))


STATUS_LABELS = Labels(tentative=N_("tentative"), confirmed=N_("confirmed"), cancelled=N_("cancelled"))


ENTITY_LABELS = Labels(meeting=N_("meeting"), deadline=N_("deadline"), participation=N_("participation"),
                       agendaitem=N_("agenda item"), person=N_("person"), series=N_("series"),
                       setting=N_("setting"), organisation=N_("organisation"))


# What a logged field of any record is called (``meeting history`` names a meeting's own more closely).
FIELD_LABELS = Labels(created=N_("created"), deleted=N_("deleted"), removed=N_("removed"), merged=N_("merged"),
                      member=N_("member"), done=N_("done"), position=N_("position"), title=N_("title"),
                      name=N_("name"), email=N_("e-mail"), due=N_("due date"), due_from=N_("earliest due date"),
                      meeting=N_("meeting"),
                      owner_id=N_("owner"), kind=N_("kind"), matter=N_("matter"), location=N_("place"),
                      start=N_("start"), end=N_("end"), status=N_("status"), mode=N_("mode"), role=N_("role"),
                      rsvp=N_("reply"), note=N_("note"), window=N_("window"), organisation=N_("organisation"),
                      language=N_("language"), organizer=N_("organizer"), organizer_id=N_("organizer"),
                      participation=N_("participant"), sequence="SEQUENCE")


CHANNEL_LABELS = Labels(file=N_("file"), eml=N_("e-mail file"), smtp=N_("e-mail"))


ROLE_LABELS = Labels(chair=N_("chair"), adjuster=N_("adjuster"), secretary=N_("secretary"), participant="",
                     optional=N_("optional"), guest=N_("guest"))


RSVP_LABELS = Labels({"needs-action": "", "accepted": N_("replied yes"), "declined": N_("replied no"),
                      "tentative": N_("tentative")})


def reason_words(reason: str) -> str:
    """A logged reason in the language in use where the tool wrote it (``follows meeting 5``,
    ``proposal 3 from Camilla Broo``, ``import from outlook.ics``); what a person wrote stays
    as it was."""
    moved = re.fullmatch(r"(?:follows meeting|följer möte) (\d+)(?:: (.*))?", reason, re.DOTALL)
    if moved:
        head = _("follows meeting {id}").format(id=moved[1])
        return f"{head}: {reason_words(moved[2])}" if moved[2] else head
    proposal = re.fullmatch(r"proposal (\d+) from (.+)", reason, re.DOTALL)
    if proposal:
        return _("proposal {id} from {name}").format(id=proposal[1], name=proposal[2])
    # Versions before 0.3.4 logged an import's reason in Swedish.
    imported = re.fullmatch(r"(?:import from|Import från) (.+)", reason, re.DOTALL)
    if imported:
        return _("import from {file}").format(file=imported[1])
    return reason


def hours_label(first: str, last: str, *, minutes_style: bool = False) -> str:
    """``08:30``, ``09:30`` as ``08.30–09.30`` (in English ``08:30–09:30``), or as the minutes
    write it: ``8.30-9.30``."""
    if minutes_style:
        return "-".join(f"{int(t[:2])}.{t[3:]}" for t in (first, last))
    return "–".join(time_label(dt.time.fromisoformat(t)) for t in (first, last))


def attendee_when(attendee: Attendee) -> str:
    """``08.30–09.30 (punkt 2)``, or what of it is known."""
    parts = []
    if attendee.window_from and attendee.window_to:
        parts.append(hours_label(attendee.window_from, attendee.window_to))
    if attendee.item is not None:
        parts.append(_("(item {number})").format(number=attendee.item))
    return " ".join(parts)


def presence_groups(people: Sequence[Attendee]) -> list[tuple[str, list[Attendee]]]:
    """People as minutes group them: ``Deltagare`` (there in any way) and ``Frånvarande``."""
    return [(_("Participants"), [a for a in people if a.mode != Mode.ABSENT]),
            (_("Absent"), [a for a in people if a.mode == Mode.ABSENT])]
