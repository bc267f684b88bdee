"""Meetings, deadlines and notices found in the text of minutes (``extract MINUTES.txt``).

Swedish minutes follow a common layout: a heading ("Minnesanteckningar från ..."), ``Tid``
and ``Plats`` lines, a ``Deltagare:``/``Frånvarande:`` block (name, tab, organisation, then
", ordförande", "(digitalt)", "(mellan kl 8.30-9.30)"), numbered items, and at the end
"Vid anteckningarna" and "Justeras" with names. The date of the minutes (the ``Tid`` line)
is the "today" every other date is read against.

This is heuristics, not understanding. Each sentence is searched for time expressions
(a day, part of a month, a month, a term, a year, "nästa ledningsgruppsmöte") with
``timeparse`` and ``duewindow`` doing the reading; a sentence with two of them is cut in
clauses at ", ", "och" or "samt" between them. A clause with a day and a meeting word
(möte, konferens, sammanträde, ...) is a meeting; one with a window or a day and a word of
intent (kommer, planeras, ska, klar, förslag, uppdrag, ...) is a deadline; a vague window
(a term or a year) makes it a plan. Titles are the clause's own words without the time
and the fillers around it. A sentence with a time expression that fits none of this, or
that cannot be read, is listed as ``unplaced`` with the reason, never guessed.

``apply_extraction`` writes what was found through the core functions, matching what the
store already has (meetings by series or title and start, people by name, deadlines by
title and due), so applying the same minutes twice adds nothing.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from sqlalchemy import func
from sqlmodel import Session, col, select

from scheduler.attendance import ROLE_WORDS, attend, participation
from scheduler.clock import Clock
from scheduler.deadlines import add_deadline, tie_to_meeting
from scheduler.directory import add_person
from scheduler.duewindow import DueWindow, parse_due
from scheduler.errors import InputError, warn
from scheduler.meetings import add_meeting
from scheduler.occurrences import Instance, instances_between, single
from scheduler.store.models import Deadline, Meeting, Organisation, Participation, Person, Series
from scheduler.timeparse import (
    MONTH_NAMES,
    SwedishParserInfo,
    When,
    localize,
    parse_date,
    parse_time_of_day,
    parse_when,
)


def _alternatives(groups: list[tuple[str, ...]]) -> str:
    """A regex alternation of every name, longest first."""
    return "|".join(sorted({name for names in groups for name in names}, key=len, reverse=True))


_T = r"\d{1,2}(?:[.:]\d{2})?"
_KL = rf"kl\.?\s*{_T}(?:\s*[-–]\s*{_T})?"
_DAY = (rf"(?:(?:{_alternatives(SwedishParserInfo.WEEKDAYS)})\s+)?(?:den\s+)?\d{{1,2}}\s+"
        rf"(?:{_alternatives(SwedishParserInfo.MONTHS)})\b\.?(?:\s+\d{{4}}\b)?"
        r"|\d{4}-\d{2}-\d{2}\b")
_MONTH = "|".join(MONTH_NAMES)
_PREPOSITION = r"(?:\b(?:till|på|vid|inför)\s+)?"
# A person: capitalised words, perhaps with a particle ("Carl von Essen").
_NAME = r"[A-ZÅÄÖÉ][\w'-]+(?:\s+(?:(?:af|von|van|de|der|la|du)\s+)?[A-ZÅÄÖÉ][\w'-]+)+"

# Time expressions that need no knowledge of the minutes' own body, in the order they
# claim text (an earlier kind wins an overlap).
_WINDOWS = [
    rf"\b(?P<phrase>(?:i\s+)?(?:början|mitten|slutet)\s+av\s+(?:{_MONTH})(?:\s+\d{{4}})?)\b",
    rf"\b(?P<phrase>(?:under|i)\s+(?:{_MONTH})(?:\s+månad)?(?:\s+\d{{4}})?)\b",
    r"\b(?P<phrase>(?:senare\s+)?under\s+(?:våren|hösten)(?:\s+\d{4})?)\b",
    # "i vår" is also "in our" ("i vår region"): only at the end of a clause.
    r"\b(?P<phrase>(?:senare\s+)?i\s+(?:vår|höst)(?:en)?(?:\s+\d{4})?)"
    r"(?=\s*[.,;:!?)]|\s*$|\s+(?:och|samt)\b)",
    r"\b(?P<phrase>under\s+\d{4})\b",
]
# A bare year ("landshövdingen 2024") counts only in a list of suggestions ("Förslag ...").
_BARE_YEAR = r"(?<![\w-])(?P<phrase>20\d\d)\b"

_MEETING_WORD = re.compile(
    r"\b\w*(?:möte|mötet|konferens|konferensen|sammanträde|sammanträdet|seminarium|"
    r"seminariet|workshop|träff|träffen)\b", re.IGNORECASE)
_INTENT = re.compile(
    r"\b(?:kommer|ska|skall|planera\w*|förslag\w*|föreslå\w*|förvänta\w*|klar\w*|beräkna\w*|"
    r"senast|uppdrag|deadline)\b", re.IGNORECASE)
_BOUNDARY = re.compile(r",\s+|\s+(?:och|samt)\s+")
_POST = re.compile(
    r"\s+(?P<post>(?:mellan|med)\s+.+?)(?=\s+(?:planeras|planerar|äger|då|som|den|kl|på|i|"
    r"under|för|ska|kommer|tas)\b|\s*[,.;:]|\s*$)")
_NOT_BEFORE_TITLE = {"Ett", "En", "Det", "Den", "Detta", "Nästa", "Om", "Vid", "På", "I", "Till"}
_ADJECTIVES = {"politiskt", "nytt", "extra", "gemensamt", "gemensam", "digitalt", "öppet"}
_ORGANISER = re.compile(r"\bplanerar\s+(?P<after>[^\W\d_]+)\s+för\b"
                        r"|\b(?P<before>[^\W\d_]+)\s+planerar\b", re.IGNORECASE)
_PLACE = re.compile(
    r"\s*,?\s*(?:på|i)\s+(?P<place>[A-ZÅÄÖ][^,.;]*?)"
    r"(?=\s+(?:och|samt|då|med|kl|för|där)\b|\s*[,.;]|\s*$)")
_START_AT = re.compile(rf"\bkl\.?\s*(?P<start>{_T})(?:\s*[-–]\s*(?P<end>{_T}))?", re.IGNORECASE)
_END = re.compile(
    rf"\b(?:avslutas|slutar|avslutar)\b[^.]*?\b(?:(?:under|på)\s+(?P<part>förmiddagen|"
    rf"eftermiddagen)|(?:ca\.?|cirka|omkring|runt)\s*(?:kl\.?\s*)?(?P<about>{_T})|"
    rf"kl\.?\s*(?P<at>{_T}))", re.IGNORECASE)
_PARTS_OF_DAY = {"förmiddagen": dt.time(12), "eftermiddagen": dt.time(16)}
_NOTICE = re.compile(r"^\s*OBS!?\s*:?\s*(?P<what>nya?\s+(?:tid|plats|lokal|datum)"
                     r"(?:\s+och\s+(?:tid|plats|lokal))?)", re.IGNORECASE)
_ADJUSTER = re.compile(rf"(?P<name>{_NAME})\s+(?:utses|utsågs|väljs|valdes)\s+"
                       r"(?:som\s+|till\s+)?justerare")
_OWNER = re.compile(rf"(?P<name>{_NAME})\s+(?:får|fick|har\s+fått)\s+i\s+uppdrag\s+att\s+")
_SUGGESTION_LEAD = re.compile(r"\bvilka\s+(?P<lead>[A-ZÅÄÖ]\S*\s+(?:bör|ska|skall|skulle|vill)"
                              r"\s+\w+)")
_RELATIVE = re.compile(r"(?P<noun>\S+)\s+som\s+(?P<rest>(?:planeras|ska|skall|kommer)\b.*)")
_LEAD_FILLER = re.compile(r"^\s*(?:nu\s+pågår\s+arbete\s+med\s+att|det\s+innebär\s+att|"
                          r"vi\s+räknar\s+med\s+att)\s+", re.IGNORECASE)
_SUBJECTLESS = re.compile(r"^\s*(?:planeras|beräknas|ska|skall)\s+(?:vara\s+|att\s+)?",
                          re.IGNORECASE)
_TRAILING = re.compile(r"(?:[\s,:;.!?]+|\s+(?:på|till|i|vid|under|den|och|samt|att|för|med)\b)+$",
                       re.IGNORECASE)
_SECTION = re.compile(r"^\s*\d{1,2}\.\s+(?P<title>\S.*?)\s*$")
_HEADER = re.compile(r"^(?P<label>Tid|Datum|Plats|Lokal)\s*:?\s+(?P<value>\S.*?)\s*$",
                     re.IGNORECASE)
_BLOCK = re.compile(r"^(?P<label>deltagare|närvarande|frånvarande|ej\s+närvarande|förhinder|"
                    r"anmält\s+förhinder)\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_CLOSING = {"vid anteckningarna": "secretary", "sekreterare": "secretary",
            "justeras": "adjuster", "justerare": "adjuster"}
_HEADING = re.compile(r"^(?:minnesanteckningar|mötesanteckningar|anteckningar|protokoll)\b"
                      r"(?:\s+(?:från|för|vid))?\s*(?P<rest>.*)$", re.IGNORECASE)
_DIGITAL = re.compile(r"\b(?:digitalt|digital|på\s+distans|distans|via\s+(?:teams|zoom|länk))\b",
                      re.IGNORECASE)
_WINDOW = re.compile(
    rf"\b(?:mellan\s+(?:kl\.?\s*)?(?P<a>{_T})\s*[-–]\s*(?:kl\.?\s*)?(?P<b>{_T})|"
    rf"(?:från|fr\.o\.m\.?)\s+(?:kl\.?\s*)?(?P<since>{_T})|"
    rf"(?:fram\s+till|till|t\.o\.m\.?)\s+(?:kl\.?\s*)?(?P<until>{_T}))", re.IGNORECASE)

NO_DATE = ("The minutes have no 'Tid' line to date them: give the meeting's date with --today, "
           "e.g. 'scheduler --today 2023-12-15 extract minutes.txt', or add a line such as "
           "'Tid Fredag den 15 december 2023 kl 08.30-11.00'.")


# What was found ---------------------------------------------------------------------


@dataclass(eq=False)
class FoundMeeting:
    """A meeting named in the minutes; ``start`` is a date when no time is given."""

    title: str
    start: dt.datetime | dt.date
    end: dt.datetime | None
    end_approximate: bool
    location: str | None
    external: bool
    own: bool  # a meeting of the minutes' own body (the minutes' meeting, "Nästa möte")
    source: str


@dataclass(frozen=True)
class FoundParticipant:
    """One line of the participant block; ``role`` None when the minutes give none."""

    name: str
    organisation: str | None
    mode: str
    role: str | None
    window: tuple[dt.time, dt.time] | None
    note: str | None
    source: str


@dataclass(frozen=True)
class FoundDeadline:
    """A deadline or plan; tied ones are due at ``meeting`` (``window`` is its day)."""

    title: str
    window: DueWindow
    kind: str
    owner: str | None
    meeting: FoundMeeting | None
    source: str


@dataclass(frozen=True)
class FoundNotice:
    """An "OBS Ny tid och plats" about a meeting: kind time, place or time_and_place."""

    meeting: FoundMeeting
    kind: str
    phrase: str
    source: str


@dataclass(frozen=True)
class Unplaced:
    source: str
    reason: str


@dataclass
class Extraction:
    """Everything found in one set of minutes, dated by ``day``."""

    heading: str | None
    day: dt.date
    meeting: FoundMeeting | None
    participants: list[FoundParticipant] = field(default_factory=list)
    meetings: list[FoundMeeting] = field(default_factory=list)
    deadlines: list[FoundDeadline] = field(default_factory=list)
    notices: list[FoundNotice] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)


# Reading the file -------------------------------------------------------------------


def read_minutes(path: Path) -> str:
    """The text of the minutes file; InputError naming it when it is missing, empty or not text."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as err:
        raise InputError(f"No file {path}: give the path of the minutes as a text file.") from err
    except IsADirectoryError as err:
        raise InputError(f"{path} is a folder: give the minutes' text file.") from err
    except OSError as err:
        raise InputError(f"{path} cannot be read ({err.strerror}).") from err
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = "\x00"
    if "\x00" in text:
        raise InputError(f"{path} is not UTF-8 text: save the minutes as plain text in UTF-8 "
                         "(in Word: Spara som > Oformaterad text > UTF-8) and try again.")
    if not text.strip():
        raise InputError(f"{path} is empty: give the text of the minutes.")
    return text


def extract_file(path: Path, *, tz: ZoneInfo, today: dt.date | None) -> Extraction:
    """What ``path`` holds; ``today`` (from --today) dates minutes whose Tid line does not."""
    return extract(read_minutes(path), tz=tz, today=today)


def extract(text: str, *, tz: ZoneInfo, today: dt.date | None) -> Extraction:
    """What the minutes ``text`` hold.

    The minutes' date is the Tid line's; a Tid line without a year takes the year that puts
    most of the text's dated days within 13 months after it, else the last such day on or
    before ``today``. Without a Tid line ``today`` is the date (and there is no meeting).
    """
    return _Reader(text, tz, today).read()


# The reader -------------------------------------------------------------------------


@dataclass
class _Expr:
    kind: str  # next, first, past, day, window
    start: int
    end: int
    phrase: str
    clock: str | None = None
    year: int | None = None


@dataclass
class _Section:
    title: str = ""
    last_meeting: FoundMeeting | None = None
    previous_sentence: str = ""


@dataclass
class _Tie:
    title: str
    expr: _Expr
    kind: str
    owner: str | None
    source: str


class _Reader:
    def __init__(self, text: str, tz: ZoneInfo, today: dt.date | None):
        self.lines = [line.rstrip() for line in text.splitlines()]
        self.tz, self.today = tz, today
        self.unplaced: list[Unplaced] = []
        self.meetings: list[FoundMeeting] = []
        self.deadlines: list[FoundDeadline] = []
        self.ties: list[_Tie] = []
        self.notices: list[FoundNotice] = []
        self.participants: list[FoundParticipant] = []
        self.heading: str | None = None
        self.title, self.owner, self.body = "Möte", None, ""
        self.own_meeting: FoundMeeting | None = None

    def read(self) -> Extraction:
        first_section = next((i for i, line in enumerate(self.lines) if _SECTION.match(line)),
                             len(self.lines))
        header = self._header(self.lines[:first_section])
        self.day, meeting = self._date(header)
        self.own_meeting = meeting
        self._patterns()
        self._participant_block(self.lines[:first_section], meeting)
        self._body(self.lines[first_section:])
        self._resolve_ties()
        self.deadlines.sort(key=lambda d: (d.window.last, d.window.first))
        self.meetings.sort(key=lambda m: _sort_key(m, self.tz))
        return Extraction(self.heading, self.day, meeting, self.participants, self.meetings,
                          self.deadlines, self.notices, self.unplaced)

    # Heading, Tid and Plats ------------------------------------------------------------

    def _header(self, lines: list[str]) -> dict[str, str]:
        """The first of each of Tid, Datum and Plats (or Lokal), and ``source``: their lines."""
        found: dict[str, str] = {}
        sources = []
        for line in lines:
            text = line.strip()
            if match := _HEADER.match(text):
                label = match["label"].lower().replace("lokal", "plats")
                if label not in found:
                    found[label] = match["value"]
                    sources.append(text)
            elif text and self.heading is None and not _BLOCK.match(text):
                self.heading = text
        self._names_from_heading()
        return found | {"source": "\n".join(sources)}

    def _names_from_heading(self) -> None:
        """The body's title ("Ledningsgrupp"), owner ("Södertörnskommunerna") and the word
        that "ledningsgruppsmöte" starts with."""
        match = _HEADING.match(self.heading or "")
        rest = re.sub(rf"{_DAY}|\b\d{{4}}\b", "", match["rest"] if match else "").split()
        if len(rest) >= 2 and rest[0].endswith("s"):
            self.owner = rest[0][:-1]
            rest = rest[1:]
        if rest:
            self.title = " ".join(rest)[0].upper() + " ".join(rest)[1:]
            self.body = rest[-1].lower()

    def _date(self, header: dict[str, str]) -> tuple[dt.date, FoundMeeting | None]:
        day, time = header.get("datum"), header.get("tid")
        if day is None and time is None:
            if self.today is None:
                raise InputError(NO_DATE)
            return self.today, None
        if day and time and time[:1].isdigit():  # Datum 2023-12-15, Tid 08.30-11.00
            time = "kl " + time
        when = self._header_when(" ".join(filter(None, (day, time))))
        start = when.start
        day = start.astimezone(self.tz).date() if isinstance(start, dt.datetime) else start
        meeting = FoundMeeting(self.title, start, when.end, False, header.get("plats"), False,
                               True, header["source"])
        return day, meeting

    def _header_when(self, text: str) -> When:
        """The Tid line read with a year: its own, the text's, or --today's."""
        def read(year: int) -> When:
            return parse_when(text, tz=self.tz, today=dt.date(year, 1, 1))

        try:
            if re.search(r"\b\d{4}\b", text):
                return read(1970)  # the line gives the year; the default is not used
            if from_text := self._years_from_text(read):
                return from_text
            if self.today is not None:  # the last such day on or before today
                after = self.today - relativedelta(years=1, days=-1)
                return parse_when(text, tz=self.tz, today=after)
        except InputError as err:
            raise InputError(f"The minutes' Tid line {text!r} cannot be read: {err}") from err
        raise InputError(f"The minutes' Tid line {text!r} has no year and the text dates "
                         "nothing that tells it: give the meeting's date with --today, e.g. "
                         "'scheduler --today 2023-12-15 extract minutes.txt'.")

    def _years_from_text(self, read: Callable[[int], When]) -> When | None:
        """The Tid line in the year that puts most dated days of the text in the 13 months
        after it (the weekday, when given, must fit); None when the text dates nothing."""
        dated = []
        for match in re.finditer(_DAY, "\n".join(self.lines), re.IGNORECASE):
            if re.search(r"\d{4}", match[0]):
                try:
                    dated.append(parse_date(match[0], today=dt.date(1970, 1, 1)))
                except InputError:
                    continue
        best, best_count = None, 0
        for year in sorted({d.year for d in dated} | {d.year - 1 for d in dated}):
            try:
                when = read(year)
            except InputError:  # the weekday does not fit this year
                continue
            first = _day_of(when.start, self.tz)
            count = sum(first <= d <= first + dt.timedelta(days=400) for d in dated)
            if count > best_count:
                best, best_count = when, count
        return best

    # The participant block and the closing names ---------------------------------------

    def _participant_block(self, lines: list[str], meeting: FoundMeeting | None) -> None:
        mode = None
        for line in lines:
            text = line.strip()
            if not text:
                mode = None
                continue
            if match := _BLOCK.match(text):
                absent = match["label"].lower() not in ("deltagare", "närvarande")
                mode = "absent" if absent else "in-person"
                text = match["rest"].strip()
                if not text:
                    continue
            if mode is None:
                continue
            found = self._participant(text, line.strip(), mode, meeting)
            if found is not None:
                self.participants.append(found)

    def _participant(self, text: str, source: str, mode: str,
                     meeting: FoundMeeting | None) -> FoundParticipant | None:
        parts = [part.strip() for part in re.split(r"\t+|\s{2,}", text) if part.strip()]
        name, info = parts[0], " ".join(parts[1:])
        if not re.fullmatch(_NAME, name) or "(" in name:
            self._unplace(source, "not a participant line: a name, a tab, then the organisation")
            return None
        match = re.fullmatch(r"(?P<org>[^,(]*?)\s*(?:,\s*(?P<role>[^(]*?))?\s*"
                             r"(?:\((?P<marks>[^)]*)\))?", info)
        if match is None:
            self._unplace(source, "the organisation and marks after the name cannot be read")
            return None
        notes = []
        role = ROLE_WORDS.get((match["role"] or "").strip().lower())
        if match["role"] and role is None:
            notes.append(match["role"].strip())
        marks = match["marks"] or ""
        if mode != "absent" and _DIGITAL.search(marks):
            mode = "digital"
        window = self._window(marks, meeting, source)
        rest = _WINDOW.sub("", _DIGITAL.sub("", marks)).strip(" ,")
        if rest:
            notes.append(rest)
        return FoundParticipant(name, match["org"] or None, mode, role, window,
                                "; ".join(notes) or None, source)

    def _window(self, marks: str, meeting: FoundMeeting | None,
                source: str) -> tuple[dt.time, dt.time] | None:
        """"mellan kl 8.30-9.30", "från kl 9.30" or "till kl 10" inside the meeting."""
        match = _WINDOW.search(marks)
        if match is None:
            return None
        timed = meeting is not None and isinstance(meeting.start, dt.datetime) and meeting.end
        start, end = (meeting.start.astimezone(self.tz).time(),  # type: ignore[union-attr]
                      meeting.end.astimezone(self.tz).time()) if timed else (None, None)
        since, until = match["a"] or match["since"], match["b"] or match["until"]
        try:
            first = parse_time_of_day(since) if since else start
            last = parse_time_of_day(until) if until else end
        except InputError as err:
            self._unplace(source, str(err))
            return None
        if first is None or last is None:
            self._unplace(source, "a window with one end in a meeting whose times are not given")
        elif first >= last or (start and end and (first < start or last > end)):
            self._unplace(source, "the time window is not inside the meeting's time")
        else:
            return first, last
        return None

    def _give_role(self, name: str, role: str, source: str) -> None:
        """The role named later in the text (justerare, vid anteckningarna) for a participant."""
        for index, person in enumerate(self.participants):
            if person.name.lower() == name.strip().lower():
                if person.role is None:
                    self.participants[index] = replace(person, role=role)
                return
        self._unplace(source, f"{name.strip()} is named {role} but is not in the participant list")

    # The numbered items ----------------------------------------------------------------

    def _body(self, lines: list[str]) -> None:
        section = _Section()
        paragraph: list[str] = []
        closing: str | None = None

        def flush() -> None:
            if paragraph:
                self._paragraph(" ".join(paragraph), section)
                paragraph.clear()

        for line in lines:
            text = line.strip()
            if closing and text:
                self._give_role(text, closing, text)
                closing = None
                continue
            if match := _SECTION.match(text):
                flush()
                section = _Section(title=match["title"])
            elif text.lower() in _CLOSING:
                flush()
                closing = _CLOSING[text.lower()]
            elif not text or text.startswith(("- ", "• ")):
                flush()
                if text:
                    paragraph.append(text[2:])
            else:
                paragraph.append(text)
        flush()

    def _paragraph(self, text: str, section: _Section) -> None:
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", text):
            self._sentence(sentence.strip(), section)
            section.previous_sentence = sentence

    def _sentence(self, sentence: str, section: _Section) -> None:
        if match := _ADJUSTER.search(sentence):
            self._give_role(match["name"], "adjuster", sentence)
            return
        if match := _NOTICE.match(sentence):
            self._notice(match["what"], match[0].strip(), sentence, section)
            return
        found = self._expressions(sentence)
        if not any(e.kind == "day" for e in found) and (end := _END.search(sentence)):
            self._end_of(section.last_meeting, end, sentence)
            return
        if not found:
            return
        for start, end, exprs in self._clauses(sentence, found):
            self._clause(sentence, start, end, exprs, section)

    def _patterns(self) -> None:
        """The time expressions in the order they claim text; some name the own body."""
        body = re.escape(self.body) + "s?" if self.body else ""
        own = rf"(?:{body})?möte(?:t)?"
        patterns = [
            ("next", rf"{_PREPOSITION}\b(?P<phrase>nästa\s+{own})\b"),
            ("first", rf"{_PREPOSITION}\b(?P<phrase>(?:det\s+)?första\s+{own}\s+(?:under|i)\s+"
                      rf"(?P<year>\d{{4}}))\b"),
            ("past", rf"\b(?P<phrase>(?:senaste|förra|föregående)\s+\w*möte(?:t)?"
                     rf"(?:\s+(?:{_DAY}))?)"),
            ("day", rf"\b(?P<phrase>{_DAY})(?:\s+(?P<clock>{_KL}))?"),
            *(("window", pattern) for pattern in _WINDOWS),
        ]
        self.patterns = [(kind, re.compile(p, re.IGNORECASE)) for kind, p in patterns]

    def _expressions(self, sentence: str) -> list[_Expr]:
        patterns = list(self.patterns)
        if re.match(r"förslag\b", sentence, re.IGNORECASE):
            patterns.append(("window", re.compile(_BARE_YEAR)))
        found: list[_Expr] = []
        for kind, pattern in patterns:
            for m in pattern.finditer(sentence):
                if any(m.start() < e.end and e.start < m.end() for e in found):
                    continue
                groups = m.groupdict()
                found.append(_Expr(kind, m.start(), m.end(), m["phrase"], groups.get("clock"),
                                   int(groups["year"]) if groups.get("year") else None))
        return sorted(found, key=lambda e: e.start)

    def _clauses(self, sentence: str, found: list[_Expr]) -> list[tuple[int, int, list[_Expr]]]:
        """The sentence cut at the first ", ", "och" or "samt" between two expressions
        (not the "och" of "mellan X och Y")."""
        cuts = []
        for before, after in zip(found, found[1:]):
            for match in _BOUNDARY.finditer(sentence, before.end, after.start):
                if not re.search(r"\bmellan\s+\S+$", sentence[:match.start()]):
                    cuts.append((match.start(), match.end()))
                    break
        spans = []
        start = 0
        for cut_start, cut_end in cuts:
            spans.append((start, cut_start))
            start = cut_end
        spans.append((start, len(sentence)))
        return [(a, b, [e for e in found if a <= e.start < b]) for a, b in spans]

    def _clause(self, sentence: str, start: int, end: int, exprs: list[_Expr],
                section: _Section) -> None:
        if any(e.kind == "past" for e in exprs):
            self._unplace(sentence, "refers to a past meeting")
            return
        text = _blank(sentence, exprs)[start:end]
        days = [e for e in exprs if e.kind == "day"]
        own = any(e.kind == "next" for e in exprs) or bool(
            re.search(r"\bnästa\s+möte", section.title, re.IGNORECASE))
        if days and (own or _MEETING_WORD.search(text)):
            self._meeting(sentence, start, end, days[0], own, section)
            return
        tied = any(e.kind in ("next", "first") for e in exprs)
        if not (tied or _INTENT.search(sentence)):
            self._unplace(sentence, "a date without a word of intent (kommer, planeras, ska, "
                                    "klar, förslag, uppdrag ...): not taken as a deadline")
            return
        self._deadline(sentence, start, end, exprs, section)

    # Meetings --------------------------------------------------------------------------

    def _meeting(self, sentence: str, start: int, end: int, day: _Expr, own: bool,
                 section: _Section) -> None:
        try:
            when = parse_when(f"{day.phrase} {day.clock or ''}", tz=self.tz, today=self.day)
        except InputError as err:
            self._unplace(sentence, str(err))
            return
        first, last = when.start, when.end
        if not isinstance(first, dt.datetime):
            outside = sentence[:day.start] + " " * (day.end - day.start) + sentence[day.end:]
            ending = _END.search(outside)
            clock = _START_AT.search(outside[:ending.start()] if ending else outside)
            if clock:
                first = localize(dt.datetime.combine(first, parse_time_of_day(clock["start"])),
                                 self.tz)
                if clock["end"]:
                    last = localize(dt.datetime.combine(first.date(),
                                                        parse_time_of_day(clock["end"])), self.tz)
        text = _blank(sentence, [day])[start:end]
        place = _PLACE.match(sentence, day.end, end)
        location = re.sub(r"\s+i\s+(?=[A-ZÅÄÖ])", ", ", place["place"]) if place else None
        if own:
            title, external = self.title, False
        else:
            title, external = self._meeting_title(text, day.start - start)
        found = FoundMeeting(title, first, last, False, location, external, own, sentence)
        found = self._add_meeting(found)
        section.last_meeting = found
        if ending := _END.search(sentence):
            self._end_of(found, ending, sentence)

    def _meeting_title(self, text: str, at: int) -> tuple[str, bool]:
        """The meeting's name nearest the date ("Samarbetskommitténs planeringskonferens",
        "Politiskt möte mellan StorSthlm och regionen"), and whether someone else holds it."""
        heads = list(_MEETING_WORD.finditer(text))
        head = min(heads, key=lambda m: min(abs(m.start() - at), abs(m.end() - at)))
        words = text[:head.start()].split()
        before = words[-1] if words else ""
        pre = before if (before[:1].isupper() and before not in _NOT_BEFORE_TITLE) or \
            before.lower() in _ADJECTIVES else ""
        post = _POST.match(text, head.end(), at if head.end() <= at else len(text))
        rest = post["post"] if post else ""
        organiser = _ORGANISER.search(text)
        who = (organiser["after"] or organiser["before"]) if organiser else None
        if who and who.lower() in ("vi", "man") or who and self._ours(who):
            who = None
        if who and not pre:
            pre = who[0].upper() + who[1:] + ("" if who.endswith("s") else "s")
        title = " ".join(part for part in (pre, head[0], rest) if part)
        parties = re.split(r"\s+och\s+|,\s*", rest[len("mellan "):]) if rest.startswith(
            "mellan ") else []
        external = bool(who) or bool(parties) and not any(self._ours(p) for p in parties)
        return title[0].upper() + title[1:], external

    def _ours(self, name: str) -> bool:
        """Whether ``name`` is the minutes' own body or its owner."""
        word = name.lower()
        own = [w for w in (self.owner, self.body) if w]
        return word in ("vi", "oss") or any(word.startswith(w.lower()) for w in own)

    def _add_meeting(self, found: FoundMeeting) -> FoundMeeting:
        """Keep one meeting per title and day: a later mention adds what it knows."""
        day = _day_of(found.start, self.tz)
        for known in ([self.own_meeting] if self.own_meeting else []) + self.meetings:
            if known.title.lower() == found.title.lower() and _day_of(known.start, self.tz) == day:
                if not isinstance(known.start, dt.datetime) and isinstance(found.start,
                                                                           dt.datetime):
                    known.start, known.end, known.source = found.start, found.end, found.source
                known.location = known.location or found.location
                known.external = known.external and found.external
                return known
        self.meetings.append(found)
        return found

    def _end_of(self, meeting: FoundMeeting | None, match: re.Match, sentence: str) -> None:
        """"avslutas under eftermiddagen" (ca 16.00), "slutar ca kl 15" or "avslutas kl 15"."""
        if meeting is None or not isinstance(meeting.start, dt.datetime):
            self._unplace(sentence, "an end time without a meeting and start time before it")
            return
        if meeting.end is not None:
            return
        if match["part"]:
            at, approximate = _PARTS_OF_DAY[match["part"].lower()], True
        else:
            at, approximate = parse_time_of_day(match["about"] or match["at"]), bool(
                match["about"])
        end = localize(dt.datetime.combine(meeting.start.astimezone(self.tz).date(), at),
                       self.tz)
        if end <= meeting.start:
            self._unplace(sentence, "the end is not after the start")
            return
        meeting.end, meeting.end_approximate = end, approximate

    def _notice(self, what: str, phrase: str, sentence: str, section: _Section) -> None:
        meeting = section.last_meeting
        if meeting is None:
            self._unplace(sentence, "a notice with no meeting before it in the same item")
            return
        words = what.lower()
        timed = "tid" in words or "datum" in words
        placed = "plats" in words or "lokal" in words
        kind = "time_and_place" if timed and placed else "time" if timed else "place"
        self.notices.append(FoundNotice(meeting, kind, phrase.rstrip(".!: "), sentence))

    # Deadlines -------------------------------------------------------------------------

    def _deadline(self, sentence: str, start: int, end: int, exprs: list[_Expr],
                  section: _Section) -> None:
        expr = exprs[0]
        owner_match = _OWNER.search(sentence)
        owner = owner_match["name"] if owner_match else None
        title = self._title(sentence, start, end, exprs, section)
        if not title:
            self._unplace(sentence, "no words left for a title")
            return
        if expr.kind in ("next", "first"):
            self.ties.append(_Tie(title, expr, _kind(title, None), owner, sentence))
            return
        try:
            window = parse_due(expr.phrase, today=self.day)
        except InputError as err:
            self._unplace(sentence, str(err))
            return
        self.deadlines.append(FoundDeadline(title, window, _kind(title, window), owner, None,
                                            sentence))

    def _title(self, sentence: str, start: int, end: int, exprs: list[_Expr],
               section: _Section) -> str:
        """The clause's words without the time, the owner and the fillers around them."""
        text = _blank(sentence, exprs)[start:end]
        text = _OWNER.sub("", text)
        if relative := _RELATIVE.search(text):
            text = f"{relative['noun']} {relative['rest']}"
        text = _LEAD_FILLER.sub("", text)
        if start > 0 and _SUBJECTLESS.match(text):
            text = sentence.split()[0] + " " + _SUBJECTLESS.sub("", text)
        if re.match(r"\s*förslag\b", sentence, re.IGNORECASE):
            text = re.sub(r"^\s*förslag\b:?", "", text, flags=re.IGNORECASE)
            lead = _SUGGESTION_LEAD.search(section.previous_sentence)
            text = f"{lead['lead'] if lead else 'Förslag:'} {text.strip()}"
        text = _TRAILING.sub("", " ".join(text.split()))
        return text[:1].upper() + text[1:]

    def _resolve_ties(self) -> None:
        """"nästa ledningsgruppsmöte" and "det första ledningsgruppsmötet under 2024": the
        own body's meetings the minutes date, after the minutes' own."""
        own = sorted((m for m in self.meetings if m.own and _day_of(m.start, self.tz) > self.day),
                     key=lambda m: _sort_key(m, self.tz))
        for tie in self.ties:
            year = tie.expr.year
            meeting = next((m for m in own if year is None or m.start.year == year), None)
            if meeting is None:
                self._unplace(tie.source, f"'{tie.expr.phrase}' is not dated in the minutes")
                continue
            day = _day_of(meeting.start, self.tz)
            window = DueWindow(day, day, "day", tie.expr.phrase)
            self.deadlines.append(FoundDeadline(tie.title, window, tie.kind, tie.owner, meeting,
                                                tie.source))

    def _unplace(self, source: str, reason: str) -> None:
        self.unplaced.append(Unplaced(source, reason))


def _blank(sentence: str, exprs: list[_Expr]) -> str:
    """The sentence with the expressions replaced by spaces (positions stay)."""
    for e in exprs:
        sentence = sentence[:e.start] + " " * (e.end - e.start) + sentence[e.end:]
    return sentence


def _kind(title: str, window: DueWindow | None) -> str:
    """plan for a term or a year; else by the words: referral, material, report, internal."""
    if window is not None and window.precision in ("term", "year"):
        return "plan"
    words = title.lower()
    for kind, pattern in (("referral", r"remiss"), ("material", r"underlag|handling"),
                          ("report", r"redovisning|rapport"), ("internal", r"förslag|utkast")):
        if re.search(pattern, words):
            return kind
    return "action"


def _day_of(when: dt.datetime | dt.date, tz: ZoneInfo) -> dt.date:
    return when.astimezone(tz).date() if isinstance(when, dt.datetime) else when


def _sort_key(meeting: FoundMeeting, tz: ZoneInfo) -> tuple[dt.date, dt.time]:
    start = meeting.start
    return (_day_of(start, tz),
            start.astimezone(tz).time() if isinstance(start, dt.datetime) else dt.time())


# Writing it to the store ------------------------------------------------------------


@dataclass
class Applied:
    """What ``apply_extraction`` added (and whose participation it changed)."""

    organisations: list[Organisation] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    participations: list[tuple[Meeting, Person]] = field(default_factory=list)
    updated: list[tuple[Meeting, Person]] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)


def apply_extraction(session: Session, clock: Clock, found: Extraction) -> Applied:
    """Write ``found`` through the core functions, adding only what the store lacks.

    Meetings match one with the same start and the same series (one the title names) or
    a title that begins the other's (any case); people match by their whole name as
    written; deadlines by title (any case) and due.
    A meeting added without a series keeps its notice ("OBS Ny tid och plats") in its
    description, since ``notices`` derives one only within a series.
    """
    applied = Applied()
    last_organisation = session.exec(select(func.max(Organisation.id))).one() or 0
    stored: dict[int, Instance] = {}
    if found.meeting is not None:
        own = _stored_meeting(session, clock, found.meeting, applied, None, warn_past=False)
        stored[id(found.meeting)] = own
        _participations(session, clock, own, found.participants, applied)
    else:
        for participant in found.participants:
            _person(session, participant.name, participant.organisation, applied)
    for meeting in found.meetings:
        notice = next((n.phrase for n in found.notices if n.meeting is meeting), None)
        stored[id(meeting)] = _stored_meeting(session, clock, meeting, applied, notice)
    for deadline in found.deadlines:
        same_day = session.exec(select(Deadline).where(Deadline.due == deadline.window.last))
        if any(d.title.casefold() == deadline.title.casefold() for d in same_day):
            continue
        tie = None
        if deadline.meeting is not None:
            instance = stored[id(deadline.meeting)]
            tie = tie_to_meeting(session, instance.root, occurrence=instance.occurrence)
        owner = _person(session, deadline.owner, None, applied) if deadline.owner else None
        applied.deadlines.append(add_deadline(
            session, clock, title=deadline.title, window=None if tie else deadline.window,
            tie=tie, owner=owner, kind=deadline.kind))
    applied.organisations = list(session.exec(
        select(Organisation).where(Organisation.id > last_organisation)
        .order_by(col(Organisation.id))).all())
    return applied


def _stored_meeting(session: Session, clock: Clock, found: FoundMeeting, applied: Applied,
                    notice: str | None, *, warn_past: bool = True) -> Instance:
    """The store's meeting (or occurrence) for ``found``, added when there is none."""
    series = None if found.external else _series_named_in(session, found.title)
    start = found.start if isinstance(found.start, dt.datetime) else clock.day_start(found.start)
    title = found.title.lower()
    for instance in instances_between(session, start, start, include_cancelled=True):
        other = instance.meeting.title.lower()
        if instance.start == start and (
                series is not None and instance.root.series_id == series.id
                or other.startswith(title) or title.startswith(other)):
            return instance
    meeting = add_meeting(
        session, clock, title=found.title, start=found.start, end=found.end,
        location=found.location, series=series, external=found.external,
        end_approximate=found.end_approximate, warn_past=warn_past,
        description=f"{notice}." if notice and series is None else None)
    applied.meetings.append(meeting)
    return single(meeting)


def _series_named_in(session: Session, title: str) -> Series | None:
    """The series whose name the title holds ("Samarbetskommitténs planeringskonferens"
    holds Samarbetskommittén), the longest name if several do."""
    named = [s for s in session.exec(select(Series)).all() if s.name.lower() in title.lower()]
    return max(named, key=lambda s: len(s.name), default=None)


def _person(session: Session, name: str, organisation: str | None, applied: Applied) -> Person:
    """The person called exactly ``name``, added when there is none."""
    same = session.exec(select(Person).where(Person.name == name).order_by(col(Person.id))).all()
    if len(same) > 1:
        warn(f"{len(same)} people are called {name}: the minutes are taken to mean id "
             f"{same[0].id}.")
    if same:
        return same[0]
    person = add_person(session, name, org=organisation)
    applied.people.append(person)
    return person


def _participations(session: Session, clock: Clock, instance: Instance,
                    participants: list[FoundParticipant], applied: Applied) -> None:
    """Who attended the minutes' meeting and how; a role only where the minutes give one."""
    meeting = instance.meeting
    if instance.master is not None:
        warn(f"The minutes' meeting is an occurrence of the recurring meeting {instance.id}; "
             "attendance is kept per meeting, so it is not recorded.")
    for found in participants:
        person = _person(session, found.name, found.organisation, applied)
        if instance.master is not None:
            continue
        existing = participation(session, meeting, person)
        before = _participation_state(existing) if existing else None
        row = attend(session, meeting, person, tz=clock.tz, mode=found.mode, role=found.role,
                     window=found.window, note=found.note, warn_no_link=False)
        if before is None:
            applied.participations.append((meeting, person))
        elif before != _participation_state(row):
            applied.updated.append((meeting, person))


def _participation_state(row: Participation) -> tuple[str | None, ...]:
    return (row.mode, row.role, row.window_from, row.window_to, row.note)
