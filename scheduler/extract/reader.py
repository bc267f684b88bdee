"""Meetings, deadlines, agenda and roles found in the text of a document (``extract FILE``):
minnesanteckningar, protokoll, a kallelse with its föredragningslista, an invitation e-mail.

This is heuristics, not understanding. Each sentence is searched for time expressions
(a day, part of a month, a month, a term, a year, "nästa ledningsgruppsmöte", "en vecka före
mötet") with ``timeparse`` and ``duewindow`` doing the reading; a sentence with two of them is
cut in clauses at ", ", "och" or "samt" between them. A clause with a day and a meeting word
(möte, konferens, sammanträde, ...) is a meeting; one with a window or a day and a word of
intent (kommer, planeras, ska, klar, senast, förslag, uppdrag, ...), or a person of the
document as its subject, is a deadline; a vague window (a term or a year) makes it a plan.
Titles are the clause's own words without the time and the fillers around it. A sentence
with a time expression that fits none of this, or that cannot be read, is listed as
``unplaced`` with the reason, never guessed.
"""

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from scheduler.duewindow import DueWindow, parse_due
from scheduler.errors import InputError, Phrase
from scheduler.extract.documents import read_document
from scheduler.extract.found import Extraction, FoundDeadline, FoundMeeting, FoundNotice
from scheduler.extract.header import HeaderReader, Section, Tie
from scheduler.extract.patterns import (
    AD_ITEM,
    ADJECTIVES,
    ADJUSTER,
    AGENDA_LABEL,
    BARE_YEAR,
    BEFORE,
    BOUNDARY,
    CLOSING,
    DATED,
    DAY,
    END,
    INTENT,
    KL,
    LEAD_FILLER,
    MEETING_WORD,
    NAME,
    NOT_BEFORE_TITLE,
    NOTICE,
    ORGANISER,
    OWNER,
    PARTS_OF_DAY,
    PLACE,
    POST,
    PREPOSITION,
    PRESENTER,
    RELATIVE,
    SECTION,
    SIGNED,
    START_AT,
    SUBJECTLESS,
    SUGGESTION_LEAD,
    TIMED_ITEM,
    TRAILING,
    WINDOWS,
    Expr,
    before_working_days,
    blank,
    day_of,
    deadline_kind,
    sort_key,
)
from scheduler.timeparse import localize, parse_time_of_day, parse_when
from scheduler.workdays import subtract_working_days


def extract_file(path: Path, *, tz: ZoneInfo, today: dt.date | None) -> Extraction:
    """What ``path`` holds; ``today`` (from --today) dates minutes whose Tid line does not."""
    return extract(read_document(path), tz=tz, today=today)


def extract(text: str, *, tz: ZoneInfo, today: dt.date | None) -> Extraction:
    """What the minutes ``text`` hold.

    The minutes' date is the Tid line's; a Tid line without a year takes the year that puts
    most of the text's dated days within 13 months after it, else the last such day on or
    before ``today``. Without a Tid line ``today`` is the date (and there is no meeting).
    """
    return Reader(text, tz, today).read()



class Reader(HeaderReader):
    """The body of the document: sentences, meetings, deadlines, ties."""

    def read(self) -> Extraction:
        first_section = next((i for i, line in enumerate(self.lines) if SECTION.match(line.strip())),
                             len(self.lines))
        header, rest = self._header(self.lines[:first_section])
        self.day, meeting = self._date(header)
        self.own_meeting = meeting
        self._patterns()
        rest = self._participant_block(rest, meeting)
        for name, role, source in self.roles:
            self._give_role(name, role, source, add=True)
        self._body(rest + self.lines[first_section:])
        self._resolve_ties()
        self.deadlines.sort(key=lambda d: (d.window.last, d.window.first))
        self.meetings.sort(key=lambda m: sort_key(m, self.tz))
        return Extraction(self.heading, self.day, meeting, self.participants, self.meetings,
                          self.deadlines, self.notices, self.unplaced, self.kind,
                          self.title if self.title != "Möte" else None, self.agenda)

    # Heading, Tid and Plats ------------------------------------------------------------

    def _body(self, lines: list[str]) -> None:
        section = Section()
        paragraph: list[str] = []
        closing: str | None = None
        listing = False  # in a föredragningslista, where "9.10 Title" is an item

        def flush() -> None:
            if paragraph:
                self._paragraph(" ".join(paragraph), section)
                paragraph.clear()

        for line in lines:
            text = line.strip()
            if listing and text and not TIMED_ITEM.match(text) and not PRESENTER.match(text):
                self._close_timed_item()
                listing = False
            if closing and text:
                self._give_role(text, closing, text)
                closing = None
                continue
            if match := SECTION.match(text):
                flush()
                section = self._item(match, text)
            elif (presenter := PRESENTER.match(text)) and self._presenter(presenter, text):
                flush()
            elif AGENDA_LABEL.match(text):
                flush()
                listing = True
            elif listing and (timed := TIMED_ITEM.match(text)):
                section = self._timed_item(timed, text)
            elif ad := AD_ITEM.match(text):
                flush()
                item = next((i for i in self.agenda if i.number == int(ad["number"])), None)
                section = Section(title=item.title if item else "")
            elif text.lower() in CLOSING:
                flush()
                closing = CLOSING[text.lower()]
            elif signed := SIGNED.match(text):
                flush()
                self._give_role(signed["name"], CLOSING[" ".join(signed["label"].lower().split())], text, add=True)
            elif text.lower() == "ordförande" and paragraph and re.fullmatch(NAME, paragraph[-1]):
                name = paragraph.pop()  # a signature: the name, then "Ordförande"
                flush()
                self._give_role(name, "chair", f"{name}\n{text}", add=True)
            elif not text or text.startswith(("- ", "• ")):
                flush()
                if text:
                    paragraph.append(text[2:])
            else:
                paragraph.append(text)
        if listing:
            self._close_timed_item()
        flush()

    def _paragraph(self, text: str, section: Section) -> None:
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", text):
            self._sentence(sentence.strip(), section)
            section.previous_sentence = sentence

    def _sentence(self, sentence: str, section: Section) -> None:
        if self.own_meeting and sentence and sentence in self.own_meeting.source:
            return
        if match := ADJUSTER.search(sentence):
            self._give_role(match["name"], "adjuster", sentence)
            return
        if match := NOTICE.match(sentence):
            self._notice(match["what"], match[0].strip(), sentence, section)
            return
        found = self._expressions(sentence)
        if not any(e.kind == "day" for e in found) and (ending := END.search(sentence)):
            self._end_of(section.last_meeting or self.own_meeting, ending, sentence)
            return
        if not found:
            if DATED.search(sentence):
                self._unplace(sentence, Phrase("a time or a relative time that no pattern reads"))
            return
        for start, end, exprs in self._clauses(sentence, found):
            self._clause(sentence, start, end, exprs, section)

    def _patterns(self) -> None:
        """The time expressions in the order they claim text; some name the own body."""
        body = re.escape(self.body) + "s?" if self.body else ""
        own = rf"(?:{body})?(?:möte(?:t)?|sammanträde(?:t)?)"
        patterns = [
            ("before", BEFORE),
            ("next", rf"{PREPOSITION}\b(?P<phrase>nästa\s+(?:{own}|gång))\b"),
            ("first", rf"{PREPOSITION}\b(?P<phrase>(?:det\s+)?första\s+{own}\s+(?:under|i)\s+"
                      rf"(?P<year>\d{{4}}))\b"),
            ("past", rf"\b(?P<phrase>(?:senaste|förra|föregående)\s+\w*möte(?:t)?"
                     rf"(?:\s+(?:{DAY}))?)"),
            ("day", rf"\b(?P<phrase>{DAY})(?:\s+(?P<clock>{KL}))?"),
            *(("window", pattern) for pattern in WINDOWS),
        ]
        self.patterns = [(kind, re.compile(p, re.IGNORECASE)) for kind, p in patterns]

    def _expressions(self, sentence: str) -> list[Expr]:
        patterns = list(self.patterns)
        if re.match(r"förslag\b", sentence, re.IGNORECASE):
            patterns.append(("window", re.compile(BARE_YEAR)))
        found: list[Expr] = []
        for kind, pattern in patterns:
            for m in pattern.finditer(sentence):
                if any(m.start() < e.end and e.start < m.end() for e in found):
                    continue
                groups = m.groupdict()
                found.append(Expr(kind, m.start(), m.end(), m["phrase"], groups.get("clock"),
                                   int(groups["year"]) if groups.get("year") else None, groups))
        return sorted(found, key=lambda e: e.start)

    def _clauses(self, sentence: str, found: list[Expr]) -> list[tuple[int, int, list[Expr]]]:
        """The sentence cut at the first ", ", "och" or "samt" between two expressions
        (not the "och" of "mellan X och Y")."""
        cuts = []
        for before, after in zip(found, found[1:]):
            for match in BOUNDARY.finditer(sentence, before.end, after.start):
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

    def _clause(self, sentence: str, start: int, end: int, exprs: list[Expr],
                section: Section) -> None:
        if any(e.kind == "past" for e in exprs):
            self._unplace(sentence, Phrase("refers to a past meeting"))
            return
        text = blank(sentence, exprs)[start:end]
        days = [e for e in exprs if e.kind == "day"]
        again = section.last_meeting is not None and section.last_meeting.own and bool(
            re.match(r"\s*(?:därefter|sedan|därpå)\b", sentence, re.IGNORECASE))  # "Därefter tisdag 26 november"
        own = again or any(e.kind == "next" for e in exprs) or bool(
            re.search(r"\bnästa\s+(?:möte|sammanträde)", section.title, re.IGNORECASE))
        if days and (own or MEETING_WORD.search(text)):
            self._meeting(sentence, start, end, days[0], own, section)
            return
        tied = any(e.kind in ("next", "first", "before") for e in exprs)
        if not (tied or INTENT.search(sentence) or self._subject(sentence[start:end])):
            self._unplace(sentence, Phrase("a date without a word of intent (kommer, planeras, ska, "
                                    "klar, förslag, uppdrag ...): not taken as a deadline"))
            return
        self._deadline(sentence, start, end, exprs, section)

    # Meetings --------------------------------------------------------------------------

    def _meeting(self, sentence: str, start: int, end: int, day: Expr, own: bool,
                 section: Section) -> None:
        try:
            when = parse_when(f"{day.phrase} {day.clock or ''}", tz=self.tz, today=self.reference)
        except InputError as err:
            self._unplace(sentence, err.phrase())
            return
        first, last = when.start, when.end
        if not isinstance(first, dt.datetime):
            outside = sentence[:day.start] + " " * (day.end - day.start) + sentence[day.end:]
            ending = END.search(outside)
            clock = START_AT.search(outside[:ending.start()] if ending else outside)
            if clock:
                first = localize(dt.datetime.combine(first, parse_time_of_day(clock["start"])),
                                 self.tz)
                if clock["end"]:
                    last = localize(dt.datetime.combine(first.date(),
                                                        parse_time_of_day(clock["end"])), self.tz)
        if not own and day_of(first, self.tz) < self.day:
            self._unplace(sentence, Phrase("refers to a past meeting"))
            return
        text = blank(sentence, [day])[start:end]
        place = PLACE.match(sentence, day.end, end)
        location = re.sub(r"\s+i\s+(?=[A-ZÅÄÖ])", ", ", place["place"]) if place else None
        if own:
            title, external = self.title, False
        else:
            title, external = self._meeting_title(text, day.start - start)
        found = FoundMeeting(title, first, last, False, location, external, own, sentence)
        found = self._add_meeting(found)
        section.last_meeting = found
        if ending := END.search(sentence):
            self._end_of(found, ending, sentence)

    def _meeting_title(self, text: str, at: int) -> tuple[str, bool]:
        """The meeting's name nearest the date ("Samarbetskommitténs planeringskonferens",
        "Politiskt möte mellan StorSthlm och regionen"), and whether someone else holds it."""
        heads = list(MEETING_WORD.finditer(text))
        head = min(heads, key=lambda m: min(abs(m.start() - at), abs(m.end() - at)))
        words = text[:head.start()].split()
        before = words[-1] if words else ""
        pre = before if (before[:1].isupper() and before not in NOT_BEFORE_TITLE) or \
            before.lower() in ADJECTIVES else ""
        post = POST.match(text, head.end(), at if head.end() <= at else len(text))
        rest = post["post"] if post else ""
        organiser = ORGANISER.search(text)
        who = (organiser["after"] or organiser["before"]) if organiser else None
        if who and who.lower() in ("vi", "man") or who and self._ours(who):
            who = None
        if who and not pre:
            pre = who[0].upper() + who[1:] + ("" if who.endswith("s") else "s")
        title = pre if head["verb"] and pre else " ".join(part for part in (pre, head[0], rest) if part)
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
        day = day_of(found.start, self.tz)
        for known in ([self.own_meeting] if self.own_meeting else []) + self.meetings:
            if known.title.lower() == found.title.lower() and day_of(known.start, self.tz) == day:
                if not isinstance(known.start, dt.datetime) and isinstance(found.start,
                                                                           dt.datetime):
                    known.start, known.end = found.start, found.end
                    known.source = found.source + "\n" + known.source  # the timed mention first
                known.location = known.location or found.location
                known.external = known.external and found.external
                if found.source not in known.source:  # every mention stays traceable
                    known.source += "\n" + found.source
                return known
        self.meetings.append(found)
        return found

    def _end_of(self, meeting: FoundMeeting | None, match: re.Match, sentence: str) -> None:
        """"avslutas under eftermiddagen" (ca 16.00), "slutar ca kl 15" or "avslutas kl 15"."""
        if meeting is None or not isinstance(meeting.start, dt.datetime):
            self._unplace(sentence, Phrase("an end time without a meeting and start time before it"))
            return
        meeting.source += "\n" + sentence
        if meeting.end is not None:
            return
        if match["part"]:
            at, approximate = PARTS_OF_DAY[match["part"].lower()], True
        else:
            at, approximate = parse_time_of_day(match["about"] or match["at"]), bool(
                match["about"])
        end = localize(dt.datetime.combine(meeting.start.astimezone(self.tz).date(), at),
                       self.tz)
        if end <= meeting.start:
            self._unplace(sentence, Phrase("the end is not after the start"))
            return
        meeting.end, meeting.end_approximate = end, approximate

    def _notice(self, what: str, phrase: str, sentence: str, section: Section) -> None:
        meeting = section.last_meeting
        if meeting is None:
            self._unplace(sentence, Phrase("a notice with no meeting before it in the same item"))
            return
        words = what.lower()
        timed = "tid" in words or "datum" in words
        placed = "plats" in words or "lokal" in words
        kind = "time_and_place" if timed and placed else "time" if timed else "place"
        self.notices.append(FoundNotice(meeting, kind, phrase.rstrip(".!: "), sentence))

    # Deadlines -------------------------------------------------------------------------

    def _deadline(self, sentence: str, start: int, end: int, exprs: list[Expr],
                  section: Section) -> None:
        expr = next((e for e in exprs if e.kind in ("next", "first", "before")), exprs[0])
        owner_match = OWNER.search(sentence)
        owner = owner_match["name"] if owner_match else None
        owner = owner or self._subject(sentence[start:end])
        title = self._title(sentence, start, end, exprs, section, owner)
        if not title:
            self._unplace(sentence, Phrase("no words left for a title"))
            return
        if expr.kind in ("next", "first", "before"):
            self.ties.append(Tie(title, expr, deadline_kind(title, None), owner, sentence))
            return
        try:
            window = parse_due(expr.phrase, today=self.reference)
        except InputError as err:
            self._unplace(sentence, err.phrase())
            return
        self.deadlines.append(FoundDeadline(title, window, deadline_kind(title, window), owner, None,
                                            sentence))

    def _title(self, sentence: str, start: int, end: int, exprs: list[Expr],
               section: Section, owner: str | None = None) -> str:
        """The clause's words without the time, the owner and the fillers around them."""
        text = blank(sentence, exprs)[start:end]
        text = OWNER.sub("", text)
        if owner:
            text = re.sub(rf"^\s*{re.escape(owner)}\s+", "", text)
        text = re.sub(r"\s+senast\b", "", text)
        if relative := RELATIVE.search(text):
            text = f"{relative['noun']} {relative['rest']}"
        text = LEAD_FILLER.sub("", text)
        if start > 0 and SUBJECTLESS.match(text):
            text = sentence.split()[0] + " " + SUBJECTLESS.sub("", text)
        if re.match(r"\s*förslag\b", sentence, re.IGNORECASE):
            text = re.sub(r"^\s*förslag\b:?", "", text, flags=re.IGNORECASE)
            lead = SUGGESTION_LEAD.search(section.previous_sentence)
            text = f"{lead['lead'] if lead else 'Förslag:'} {text.strip()}"
        text = re.sub(r"\s*[:;]\s*,\s*", ", ", " ".join(text.split()))
        text = TRAILING.sub("", text)
        return text[:1].upper() + text[1:]

    def _resolve_ties(self) -> None:
        """"nästa ledningsgruppsmöte" and "det första ledningsgruppsmötet under 2024": the
        own body's meetings the minutes date, after the minutes' own."""
        own = sorted((m for m in self.meetings if m.own and day_of(m.start, self.tz) > self.day),
                     key=lambda m: sort_key(m, self.tz))
        for tie in self.ties:
            year = tie.expr.year
            if tie.expr.kind == "before":
                meeting = self._meeting_before(tie.expr, own)
            else:
                meeting = next((m for m in own if year is None or m.start.year == year), None)
            if meeting is None:
                self._unplace(tie.source, Phrase("'{phrase}' is not dated in the document", phrase=tie.expr.phrase))
                continue
            day = day_of(meeting.start, self.tz)
            working_days = before_working_days(tie.expr) if tie.expr.kind == "before" else None
            due = subtract_working_days(day, working_days) if working_days else day
            window = DueWindow(due, due, "day", tie.expr.phrase)
            self.deadlines.append(FoundDeadline(tie.title, window, tie.kind, tie.owner, meeting,
                                                tie.source, working_days))

    def _meeting_before(self, expr: Expr, own: list[FoundMeeting]) -> FoundMeeting | None:
        """The meeting "en vecka före mötet" is before: the one "med X" names, else a summons'
        or invitation's own meeting, else the body's next one."""
        if named := expr.groups.get("with"):
            return next((m for m in [self.own_meeting, *self.meetings] if m is not None
                         and m.title.casefold().startswith(named.casefold()[:6])), None)
        if self.kind in ("summons", "invitation") and self.own_meeting is not None:
            return self.own_meeting
        return own[0] if own else None


