"""Reading a large .ics file a content line at a time, with icalendar's own parser.

The file is never held whole: its lines are read and decoded one by one, joined where RFC
5545 folded them (icalendar's ``Contentline.from_ical`` unfolds), and fed to icalendar's
``ComponentIcalParser``. Each component directly inside a VCALENDAR (an event, a time zone)
is handed on as soon as its END is read and not kept. A calendar export repeats the same
lines many times (the same attendees, places and time zones in every event), so each line's
parts and typed value are taken from a small memo of recent lines instead of parsed again.
A line the parser cannot read is a ``LoadError`` naming its number.
"""

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import icalendar
from icalendar.cal.component import Component
from icalendar.parser.content_line import Contentline
from icalendar.parser.ical.component import ComponentIcalParser

from scheduler.errors import LoadError
from scheduler.validate import decode_text

CHARSET = re.compile(rb";CHARSET=([A-Za-z0-9_.:-]+)[;:]", re.IGNORECASE)
BLOCK = 1 << 20  # bytes read at a time by the first look at the file
MEMO = 4096  # recent lines whose parts and values are kept
SPLIT = ("FREEBUSY",)  # properties whose line icalendar splits into several values
FOLDED = (" ", "\t")  # a physical line that starts so continues the one before
Found = Callable[[Component, Component], None]  # told (calendar, component) for each component


def survey(path: Path) -> tuple[str | None, int]:
    """The one charset the file's properties declare (``SUMMARY;CHARSET=ISO-8859-1:``, as
    vCalendar 1.0 writers do), if exactly one, and how many events it holds (for progress)."""
    declared: set[str] = set()
    events = 0
    for block in blocks(path):
        declared.update(name.decode("ascii").lower() for name in CHARSET.findall(block))
        events += block.count(b"BEGIN:VEVENT")
    return (declared.pop() if len(declared) == 1 else None), events


def blocks(path: Path) -> Iterator[bytes]:
    """The file a block of whole lines at a time."""
    with path.open("rb") as file:
        rest = b""
        while block := file.read(BLOCK):
            whole, newline, rest = (rest + block).rpartition(b"\n")
            if newline:
                yield whole + newline
        if rest:
            yield rest


def content_lines(path: Path, declared: str | None) -> Iterator[tuple[int, str]]:
    """The file's unfolded content lines, each with the number of the line it starts on.
    Lines are UTF-8 (RFC 5545), else in the charset the file declares; they end at LF or
    CR LF, as icalendar reads them."""
    number, count = 0, 0
    parts: list[str] = []
    for block in blocks(path):
        lines = decode_text(block, declared, str(path), line=count + 1).split("\n")
        if block.endswith(b"\n"):
            lines.pop()
        for line in lines:
            count += 1
            if line[:1] in FOLDED and parts:
                parts.append(line)
            elif line.strip("\r"):
                if parts:
                    yield number, unfolded(parts)
                number, parts = count, [line]
    if parts:
        yield number, unfolded(parts)


def unfolded(parts: list[str]) -> str:
    """One content line of its physical lines (icalendar removes the folds)."""
    if len(parts) == 1:
        return parts[0].rstrip("\r")
    return str(Contentline.from_ical("\n".join(parts).rstrip("\r")))


class StreamParser(ComponentIcalParser):
    """icalendar's component parser over numbered content lines, handing on each component of
    a VCALENDAR when it ends; lines seen recently are not parsed again."""

    def __init__(self, lines: Iterator[tuple[int, str]], found: Found):
        super().__init__([], icalendar.ComponentFactory(), icalendar.Calendar.types_factory)
        self._numbered = lines
        self._found = found
        self._parts: dict[str, tuple[str, Any, str]] = {}
        self._values: dict[str, Any] = {}
        self.line = 0  # the number of the line being read
        self.calendars = 0  # complete VCALENDARs

    def parse_content_lines(self) -> None:
        """The loop of ``ComponentIcalParser.parse_content_lines`` over numbered lines, with the
        parts and value of a line seen recently taken from the memo."""
        for number, text in self._numbered:
            self.line = number
            found = self._parts.get(text)
            if found is None:
                line = Contentline(text)
                try:
                    found = remember(self._parts, text, line.parts())
                except ValueError as err:
                    self.handle_line_parse_error(err)
                    continue
            name, params, vals = found
            name = name.upper()
            if name == "BEGIN":
                self.handle_begin_component(vals)
            elif name == "END":
                self.handle_end_component(vals)
            elif (value := self._values.get(text)) is not None and self.component is not None:
                self.component.add(name, value, encode=False)
            else:
                self.handle_property(name, params, vals, Contentline(text))

    def parse_and_add_property(self, name: str, params: Any, val: str, tzid: str | None,
                               line: Contentline) -> None:
        """``ComponentIcalParser.parse_and_add_property``, remembering the typed value of a
        line of one value (they are only read, never changed)."""
        factory: Any = self.get_factory_for_property(name, params)
        try:
            parsed = factory.from_ical(val, tzid) if tzid else factory.from_ical(val)
        except (ValueError, TypeError) as err:
            self.handle_property_parse_error(err, name, params, val, line)
            return
        value = factory(parsed)
        value.params = params
        if name not in SPLIT:
            remember(self._values, str(line), value)
        assert self.component is not None
        self.component.add(name, value, encode=False)

    def handle_end_component(self, vals: str) -> None:
        """A component inside a VCALENDAR is handed on, not kept; a time zone is also
        remembered by icalendar for the times that name it."""
        if len(self._stack) == 2 and self._stack[0].name == "VCALENDAR":
            component = self._stack.pop()
            if vals.upper() == "VTIMEZONE" and "TZID" in component:
                self._tzp.cache_timezone_component(component)
            self._found(self._stack[0], component)
            return
        super().handle_end_component(vals)
        if not self._stack:
            self.calendars += sum(1 for c in self._components if c.name == "VCALENDAR")
            self._components.clear()


def remember(memo: dict, key: Any, value: Any) -> Any:
    """``value``, kept under ``key`` in a memo of at most ``MEMO`` entries."""
    if len(memo) >= MEMO:
        memo.clear()
    memo[key] = value
    return value


def read_components(path: Path, found: Found, progress: Callable[[int, int], None] | None = None) -> int:
    """Tell ``found`` each component of each VCALENDAR in ``path``, in order; ``progress`` is
    told (events done, events in the file). How many VCALENDARs the file holds; LoadError
    naming the line the parser cannot read."""
    declared, events = survey(path)
    done = 0

    def counted(calendar: Component, component: Component) -> None:
        nonlocal done
        if component.name == "VEVENT":
            done += 1
            if progress is not None:
                progress(min(done, events), events)
        found(calendar, component)

    parser = StreamParser(content_lines(path, declared), counted if progress else found)
    parser.initialize_parsing()
    try:
        parser.parse_content_lines()
    except ValueError as err:
        raise LoadError("{path} is not an iCalendar file: line {line} cannot be read ({problem}). Export "
                        "the calendar as .ics and import that file.",
                        path=str(path), line=parser.line, problem=str(err)) from err
    if parser.component is not None:
        raise LoadError("{path} is not a whole iCalendar file: it ends on line {line} inside "
                        "BEGIN:{name}, which has no END (the file is cut short). Export the calendar "
                        "again and import that file.", path=str(path), line=parser.line, name=parser.component.name)
    return parser.calendars
