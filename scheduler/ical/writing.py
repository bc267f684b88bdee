"""Calendar text written one component at a time, so a feed of thousands of events is written
as it is built, not built whole and then written.

icalendar makes every content line (``Component.content_line``: the property's own type
writes the value, the parameters are quoted and escaped by the library) and folds it
(``Contentline.to_ical``). A line shorter than the fold limit is one the fold leaves as it is,
so it is taken as it stands; the library's fold, which goes character by character, runs
only where it changes something. A line that repeats across a feed (STATUS, SEQUENCE,
ORGANIZER, LOCATION, the kept events' DTSTAMP) is made once and reused. The bytes are
those of ``Component.to_ical``.

A VTIMEZONE for Europe/Stockholm is written as ``STOCKHOLM_VTIMEZONE``, the exact form
Outlook reads (icalendar would re-order its properties).
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import icalendar
from icalendar.parser import Contentline

from scheduler.ical.vtimezone import STOCKHOLM, STOCKHOLM_VTIMEZONE

FOLD_AT = 75  # icalendar folds a content line of this many octets or more
END = b"\r\n"
EMPTY = icalendar.Parameters()
WRITTEN: dict[tuple[Any, ...], bytes] = {}  # lines already written, by line_key
KEEP_WRITTEN = 4096  # WRITTEN is emptied when it holds this many
OWN_LINES = frozenset({"UID", "SUMMARY", "DESCRIPTION", "DTSTART", "DTEND", "RECURRENCE-ID"})  # not kept


@dataclass
class Seen:
    """What the written events used: their TZIDs, and the years they start in."""

    tzids: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)


def content_line(component: icalendar.cal.component.Component, name: str, value: Any) -> bytes:
    """One property as icalendar writes it (``Component.content_line``, without making new
    empty parameters for every value), folded by icalendar where it is too long; a line
    written before (a feed's STATUS, SEQUENCE, ORGANIZER, LOCATION...) is taken from
    ``WRITTEN``."""
    params: Any = getattr(value, "params", EMPTY)
    key = line_key(name, value, params)
    if key is not None and (data := WRITTEN.get(key)) is not None:
        return data
    line = Contentline.from_parts(name, params, value)
    data = line.encode()
    data = data if len(data) < FOLD_AT else line.to_ical()
    if key is not None:
        if len(WRITTEN) >= KEEP_WRITTEN:
            WRITTEN.clear()
        WRITTEN[key] = data
    return data


def line_key(name: str, value: Any, params: Any) -> tuple[Any, ...] | None:
    """Everything a line depends on, for values whose equal ones are written alike: text,
    names and numbers (kept with their type, which chooses the escaping) and dates and times (with
    their zone); None for others, for parameters that are not plain text, and for the
    properties that differ from event to event (``OWN_LINES``)."""
    if name in OWN_LINES:
        return None
    written: Any = value
    if isinstance(value, icalendar.vDDDTypes | icalendar.vDatetime):
        written = (type(value.dt), value.dt, getattr(value.dt, "tzinfo", None))
    elif not isinstance(value, str | int | bytes):
        return None
    key = (name, type(value), written, tuple(params.items()), params.always_quoted)
    try:
        hash(key)
    except TypeError:  # a list of values in a parameter
        return None
    return key


def component_bytes(component: icalendar.cal.component.Component, seen: Seen | None = None) -> bytes:
    """The component and its subcomponents as RFC 5545 bytes; ``seen`` learns the TZIDs and
    start years it uses."""
    if component.name == "VTIMEZONE" and str(component.get("TZID")) == STOCKHOLM:
        return STOCKHOLM_VTIMEZONE.encode() + END
    lines = []
    kind = None
    value: Any
    for name, value in properties(component):
        if seen is not None:
            kind = value if name == "BEGIN" else kind
            tzid = getattr(value, "params", {}).get("TZID")
            if tzid:
                seen.tzids.add(tzid)
            if name == "DTSTART" and kind == b"VEVENT":
                seen.years.add(value.dt.year)
        lines.append(content_line(component, name, value))
    return END.join(lines) + END


def properties(component: icalendar.cal.component.Component) -> Iterator[tuple[str, Any]]:
    """``component.property_items()`` as it goes: BEGIN, the properties in icalendar's order
    (``sorted_keys``), the subcomponents, END; the BEGIN and END values made once per kind
    of component, not once per component."""
    kind = component_name(component.name)
    yield "BEGIN", kind
    for name in component.sorted_keys():
        values = component[name]
        if isinstance(values, list):
            for value in values:
                yield name, value
        else:
            yield name, values
    for subcomponent in component.subcomponents:
        yield from properties(subcomponent)
    yield "END", kind


@cache
def component_name(name: str) -> bytes:
    return icalendar.vText(name).to_ical()


def calendar_bytes(calendar: icalendar.Calendar, timezones: Iterable[icalendar.Timezone],
                   events: Iterable[bytes]) -> Iterator[bytes]:
    """``calendar``'s own properties, then ``timezones``, then the already written ``events``."""
    head = [content_line(calendar, name, value)
            for name, value in calendar.property_items(recursive=False)]
    yield END.join(head[:-1]) + END  # all but END:VCALENDAR
    for timezone in timezones:
        yield component_bytes(timezone)
    yield from events
    yield head[-1] + END
