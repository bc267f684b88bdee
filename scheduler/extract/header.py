"""The head of a document: its heading (kind and body), header lines (Tid, Plats,
Ordförande, Sekreterare, Justerare, Digitalt deltagande), its date, the participant block,
and the agenda items and presenters; ``Reader`` in ``reader.py`` reads the rest."""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from scheduler.attendance import ROLE_WORDS
from scheduler.errors import InputError, Phrase
from scheduler.extract.found import (
    FoundDeadline,
    FoundItem,
    FoundMeeting,
    FoundNotice,
    FoundParticipant,
    Unplaced,
)
from scheduler.extract.patterns import (
    BLOCK,
    DAY,
    DIGITAL,
    DOCUMENT_KINDS,
    HEADER,
    HEADING,
    INLINE_PRESENTER,
    ITEM_TIMES,
    KL,
    MEETING_WORD,
    NAME,
    NO_DATE,
    PLACE,
    PRESENT,
    WHEN_AND_WHERE,
    WINDOW,
    Expr,
    day_of,
)
from scheduler.timeparse import When, parse_date, parse_time_of_day, parse_when


@dataclass
class Section:
    title: str = ""
    last_meeting: FoundMeeting | None = None
    previous_sentence: str = ""


class Tie(NamedTuple):
    title: str
    expr: Expr
    kind: str
    owner: str | None
    source: str


class HeaderReader:
    """The document's state and the reading of its head."""

    day: dt.date  # the document's day, once its head is read

    def __init__(self, text: str, tz: ZoneInfo, today: dt.date | None):
        self.lines = [line.rstrip() for line in text.splitlines()]
        self.tz, self.today = tz, today
        self.unplaced: list[Unplaced] = []
        self.meetings: list[FoundMeeting] = []
        self.deadlines: list[FoundDeadline] = []
        self.ties: list[Tie] = []
        self.notices: list[FoundNotice] = []
        self.participants: list[FoundParticipant] = []
        self.agenda: list[FoundItem] = []
        self.heading: str | None = None
        self.kind: str | None = None
        self.title, self.body = "Möte", ""
        self.owner: str | None = None
        self.own_meeting: FoundMeeting | None = None
        self.roles: list[tuple[str, str, str]] = []  # name, role, source from the header

    # Heading, Tid and Plats ------------------------------------------------------------

    def _header(self, lines: list[str]) -> tuple[dict[str, str], list[str]]:
        """The first of each header line (Tid, Datum, Plats or Lokal, Ordförande, Sekreterare,
        Justerare, Digitalt deltagande), ``source``: the Tid and Plats lines; and the lines
        that are not the heading or a header line."""
        found: dict[str, str] = {}
        sources: list[str] = []
        rest: list[str] = []
        heading: list[str] = []
        for line in lines:
            text = line.strip()
            if match := HEADER.match(text):
                label = " ".join(match["label"].lower().split()).replace("lokal", "plats").replace("länk", "digitalt")
                if (both := WHEN_AND_WHERE.match(match["value"])) and label in ("tid och plats", "plats och tid"):
                    found.setdefault("tid", both["when"])
                    found.setdefault("plats", both["place"] or "")
                    sources.append(text)
                    continue
                label = "tid" if label.endswith(" tid") else re.sub(r"^(?:sammanträdes|mötes)datum$", "datum",
                                                                   label.split()[0])
                role = ROLE_WORDS.get(label)
                if role is not None:
                    self.roles.extend((name, role, text) for name in re.split(r",\s*|\s+och\s+",
                                                                              match["value"]))
                elif label not in found:
                    found[label] = match["value"]
                    if label in ("tid", "datum", "plats"):
                        sources.append(text)
            elif text and not any(r.strip() for r in rest) and len(heading) < 2 and not BLOCK.match(text) and (
                    not heading or HEADING.fullmatch(heading[0]) and
                    not HEADING.match(heading[0])["rest"]):  # type: ignore[index]  # it fullmatched
                heading.append(text)  # "Kallelse" alone, then the body on the next line
            else:
                rest.append(line)
        self.heading = " ".join(heading) or None
        self._names_from_heading()
        return found | {"source": "\n".join(sources)}, rest

    def _names_from_heading(self) -> None:
        """The kind of document, the body's title ("Ledningsgrupp", "Samarbetskommittén"),
        owner ("Södertörnskommunerna") and the word that "ledningsgruppsmöte" starts with."""
        match = HEADING.match(self.heading or "")
        if match:
            self.kind = DOCUMENT_KINDS[match["kind"].lower()]
        rest = match["rest"] if match else ""
        if self.kind == "invitation":  # "Inbjudan till workshop om regional cykelplan"
            rest = re.sub(r"^(?:en|ett)\s+", "", rest)
            if rest:
                self.title = rest[0].upper() + rest[1:]
            return
        rest, _, owner = re.sub(rf"{DAY}|\b\d{{4}}\b", "", rest).partition(" för ")
        words = rest.split()
        if len(words) == 2 and words[0].endswith("s") and MEETING_WORD.fullmatch(words[1]):
            words = [words[0][:-1]]  # "Samarbetskommitténs sammanträde": the body is the owner
        if owner.strip():
            self.owner = owner.strip().removesuffix("s") if owner.strip().endswith("nas") else owner.strip()
        elif len(words) >= 2 and words[0].endswith("nas") and " i " not in rest:  # "Södertörnskommunernas"
            self.owner = words[0][:-1]
            words = words[1:]
        if words:
            title = " ".join(words)
            self.title = title[0].upper() + title[1:]
            self.body = (words[0] if " i " in title else words[-1]).lower()

    @property
    def reference(self) -> dt.date:
        """The day a date without a year is read from: the document's, or for a summons or an
        invitation (whose deadlines come before the meeting) three months before it."""
        return self.day - dt.timedelta(days=90) if self.kind in ("summons", "invitation") else self.day

    def _date(self, header: dict[str, str]) -> tuple[dt.date, FoundMeeting | None]:
        day, time = header.get("datum"), header.get("tid")
        online = header.get("digitalt")
        if day is None and time is None:
            if found := self._invited_meeting():
                return found
            if self.today is None:
                raise InputError(NO_DATE)
            return self.today, None
        time = re.sub(r"\bklockan\b", "kl", time, flags=re.IGNORECASE) if time else time
        if day and time and time[:1].isdigit():  # Datum 2023-12-15, Tid 08.30-11.00
            time = "kl " + time
        when = self._header_when(" ".join(filter(None, (day, time))))
        start = when.start
        first = start.astimezone(self.tz).date() if isinstance(start, dt.datetime) else start
        meeting = FoundMeeting(self.title, start, when.end, False, header.get("plats") or None, False,
                               True, header["source"], online)
        return first, meeting

    def _invited_meeting(self) -> tuple[dt.date, FoundMeeting] | None:
        """An invitation without a Tid line: its first sentence with a dated day and a time
        is the meeting it invites to."""
        if self.kind != "invitation":
            return None
        for line in self.lines:
            day = re.search(rf"(?P<phrase>{DAY})\s+(?P<clock>{KL})", line, re.IGNORECASE)
            if day is None or not re.search(r"\d{4}", day["phrase"]):
                continue
            when = parse_when(f"{day['phrase']} {day['clock']}", tz=self.tz, today=dt.date(1970, 1, 1))
            place = PLACE.match(line, day.end())
            meeting = FoundMeeting(self.title, when.start, when.end, False,
                                   place["place"] if place else None, False, True, line.strip())
            return day_of(when.start, self.tz), meeting
        return None

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
            raise InputError("The minutes' Tid line {text!r} cannot be read: {err}", text=text, err=err) from err
        raise InputError("The minutes' Tid line {text!r} has no year and the text dates nothing that tells it: give "
                         "the meeting's date with --today, e.g. 'scheduler --today 2023-12-15 extract minutes.txt'.",
                         text=text)

    def _years_from_text(self, read: Callable[[int], When]) -> When | None:
        """The Tid line in the year that puts most dated days of the text in the 13 months
        after it (the weekday, when given, must fit); None when the text dates nothing."""
        dated = []
        for match in re.finditer(DAY, "\n".join(self.lines), re.IGNORECASE):
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
            first = day_of(when.start, self.tz)
            count = sum(first <= d <= first + dt.timedelta(days=400) for d in dated)
            if count > best_count:
                best, best_count = when, count
        return best

    # The participant block and the closing names ---------------------------------------

    def _participant_block(self, lines: list[str], meeting: FoundMeeting | None) -> list[str]:
        """The participant and absence blocks read; the other lines returned, in order."""
        mode = None
        rest = []
        waiting = False  # a label alone ("Närvarande"): its names may follow a blank line
        for line in lines:
            text = line.strip()
            if not text:
                mode = mode if waiting else None
                rest.append(line)
                continue
            if match := BLOCK.match(text):
                label = (match["label"] or match["bare"]).lower()
                absent = not re.fullmatch(PRESENT, label)
                mode = "absent" if absent else "in-person"
                text = (match["rest"] or "").strip()
                waiting = not text
                if not text:
                    continue
            waiting = False
            if mode is None:
                rest.append(line)
                continue
            for entry in _entries(text):
                found = self._participant(entry, line.strip(), mode, meeting)
                if found is not None:
                    self.participants.append(found)
        return rest

    def _participant(self, text: str, source: str, mode: str,
                     meeting: FoundMeeting | None) -> FoundParticipant | None:
        parts = [part.strip() for part in re.split(r"\t+|\s{2,}", text) if part.strip()]
        name, info = parts[0], " ".join(parts[1:])
        if len(parts) == 1 and (named := re.match(rf"(?P<name>{NAME})(?=\s*[,(]|\s*$)", text)):
            name, info = named["name"], text[named.end():].strip()  # "Anna Berg (S), ordförande"
        info = re.sub(r"^\((?P<party>[A-ZÅÄÖ]{1,3})\)(?:\s*,?\s*(?=\S))?", r"\g<party>, ", info).rstrip(", ")
        # "(M), ordförande" and "(S) ordförande" are the party and the role
        if info.startswith("(") and info.endswith(")"):  # "(Haninge, digitalt)"
            org, *others = [part.strip() for part in info[1:-1].split(",")]
            roles = [part for part in others if part.lower() in ROLE_WORDS]
            kept = [part for part in others if part not in roles]
            info = ", ".join([org, *roles]) + (f" ({', '.join(kept)})" if kept else "")
        if not re.fullmatch(NAME, name) or "(" in name:
            self._unplace(source, Phrase("not a participant line: a name, a tab, then the organisation"))
            return None
        match = re.fullmatch(r"(?P<org>[^,(]*?)\s*(?:,\s*(?P<role>[^(]*?))?\s*"
                             r"(?:\((?P<marks>[^)]*)\))?", info)
        if match is None:
            self._unplace(source, Phrase("the organisation and marks after the name cannot be read"))
            return None
        notes = []
        said = match["role"] or ""
        role = ROLE_WORDS.get(said.strip().lower()) or (
            "secretary" if said.strip().lower().endswith("sekreterare") else None)  # nämndsekreterare
        if said and role is None and DIGITAL.sub("", said).strip(" ,"):
            notes.append(said.strip())
        marks = match["marks"] or ""
        if mode != "absent" and (DIGITAL.search(marks) or DIGITAL.search(said)):
            mode = "digital"
        window = self._window(marks, meeting, source)
        rest = WINDOW.sub("", DIGITAL.sub("", marks)).strip(" ,")
        if rest:
            notes.append(rest)
        return FoundParticipant(name, match["org"] or None, mode, role, window,
                                "; ".join(notes) or None, source)

    def _window(self, marks: str, meeting: FoundMeeting | None,
                source: str) -> tuple[dt.time, dt.time] | None:
        """"mellan kl 8.30-9.30", "från kl 9.30" or "till kl 10" inside the meeting."""
        match = WINDOW.search(marks)
        if match is None:
            return None
        timed = meeting is not None and isinstance(meeting.start, dt.datetime) and meeting.end
        start, end = (meeting.start.astimezone(self.tz).time(),  # type: ignore[union-attr]
                      meeting.end.astimezone(self.tz).time()) if timed else (None, None)  # type: ignore[union-attr]
        since, until = match["a"] or match["since"], match["b"] or match["until"]
        try:
            first = parse_time_of_day(since) if since else start
            last = parse_time_of_day(until) if until else end
        except InputError as err:
            self._unplace(source, err.phrase())
            return None
        if first is None or last is None:
            self._unplace(source, Phrase("a window with one end in a meeting whose times are not given"))
        elif first >= last or (start and end and (first < start or last > end)):
            self._unplace(source, Phrase("the time window is not inside the meeting's time"))
        else:
            return first, last
        return None

    def _give_role(self, name: str, role: str, source: str, *, add: bool = False) -> None:
        """The role named in the header (Ordförande: ...) or later in the text (justerare,
        vid anteckningarna) for a participant; a header's role adds one not in a list."""
        for index, person in enumerate(self.participants):
            if person.name.lower() == name.strip().lower():
                if person.role is None:
                    self.participants[index] = person._replace(role=role)
                return
        if add and re.fullmatch(NAME, name.strip()):
            self.participants.append(FoundParticipant(name.strip(), None, None, role, None, None,
                                                      source))
            return
        self._unplace(source, Phrase("{name} is named {role} but is not in the participant list",
                                     name=name.strip(), role=role))

    def _subject(self, clause: str) -> str | None:
        """A person of the document who begins the clause with a verb: "Helene Olofsson tar
        fram ..." (the owner of what the clause says)."""
        subject = re.match(rf"(?P<name>{NAME})\s+(?=[a-zåäö])", clause.strip())
        return subject["name"] if subject and self._known_person(subject["name"]) else None

    def _known_person(self, name: str) -> bool:
        return any(p.name.lower() == name.lower() for p in self.participants) or any(
            (i.presenter or "").lower() == name.lower() for i in self.agenda)

    def _item(self, match: re.Match, source: str) -> Section:
        """An agenda item's line: "§ 4 Title (kl 9.15–10.00)", "Punkt 2<tab>Title<tab>kl ..."."""
        number = int(match["par"] or match["point"] or match["num"])
        cells = [c.strip() for c in match["title"].split("\t") if c.strip()]
        text = " ".join(cells)
        window = None
        if times := ITEM_TIMES.search(text):
            window = (parse_time_of_day(times["a"]), parse_time_of_day(times["b"]))
            text = (text[:times.start()] + text[times.end():]).strip()
        return self._add_item(number, text, window, source)

    def _timed_item(self, match: re.Match, source: str) -> Section:
        """"9.10 Title" in a föredragningslista: the item ends where the next begins (or the
        meeting ends)."""
        start = parse_time_of_day(match["a"])
        end = parse_time_of_day(match["b"]) if match["b"] else None
        if self.agenda and self.agenda[-1].window and self.agenda[-1].window[1] is None:
            last = self.agenda[-1]
            last.window = (last.window[0], start) if last.window[0] < start else None
        return self._add_item(len(self.agenda) + 1, match["title"], (start, end), source)

    def _close_timed_item(self) -> None:
        """The open end of the last timed item: the meeting's end, once the list is over."""
        item = self.agenda[-1] if self.agenda else None
        if item is None or item.window is None or item.window[1] is not None:
            return
        meeting = self.own_meeting
        end = meeting.end.astimezone(self.tz).time() if meeting and meeting.end else None
        item.window = (item.window[0], end) if end and item.window[0] < end else None

    def _add_item(self, number: int, text: str, window: tuple | None, source: str) -> Section:
        """The item, with a presenter named in its own line."""
        presenter = INLINE_PRESENTER.search(text)
        if presenter:
            text = text[:presenter.start()]
        title = " ".join(text.split()).rstrip(",;: –-")
        item = FoundItem(number, title, window, None, None, None, source)
        self.agenda.append(item)
        if presenter:
            item.presenter, item.organisation = presenter["name"], presenter["org"]
            item.mode = "digital" if DIGITAL.search(presenter["marks"] or "") else "in-person"
        return Section(title=title)

    def _presenter(self, match: re.Match, source: str) -> bool:
        """"Föredragande: Name, Organisation (digitalt)" for the item before it, or
        "Föredragande punkt 3: ..." for that item."""
        number = int(match["number"]) if match["number"] else None
        item = next((i for i in self.agenda if i.number == number), None) if number else (
            self.agenda[-1] if self.agenda else None)
        name = re.sub(r"^(?:[a-zåäö][\w-]*\s+)+", "", match["name"].strip())  # "förbundsdirektör Peter Lind"
        if item is None or not re.fullmatch(NAME, name):
            return False
        item.presenter, item.organisation = name, match["org"]
        marks = match["marks"] or ""
        item.mode = "digital" if DIGITAL.search(marks) else "in-person"
        item.source += "\n" + source
        return True

    def _unplace(self, source: str, reason: Phrase) -> None:
        self.unplaced.append(Unplaced(source, reason))


def _entries(text: str) -> list[str]:
    """The people of one participant line: one, or several on a line ("Lisa Öberg (Huddinge),
    Ahmed Yusuf (Botkyrka)" or "Lisa Öberg, Ahmed Yusuf")."""
    if "\t" in text:
        return [text]
    parts = re.split(r"(?<=\))\s*[,;]\s*(?=[A-ZÅÄÖ])|\s*;\s*|,\s*(?=[A-ZÅÄÖ][\w'-]+\s+[A-ZÅÄÖ][\w'-]+\s*\()",
                     text)
    if len(parts) == 1 and "," in text and all(re.fullmatch(NAME, p.strip()) for p in text.split(",")):
        parts = text.split(",")
    return [p.strip() for p in parts if p.strip()]
