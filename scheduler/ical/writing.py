"""Calendar text written one component at a time, so a feed of thousands of events is written
as it is built, not built whole and then written.

icalendar makes every content line (``Component.content_line``: the property's own type
writes the value, the parameters are quoted and escaped by the library) and folds it
(``Contentline.to_ical``). A line shorter than the fold limit is one the fold leaves as it is,
so it is taken as it stands; the library's fold, which goes character by character, runs
only where it changes something. The bytes are those of ``Component.to_ical``.

A VTIMEZONE for Europe/Stockholm is written as ``STOCKHOLM_VTIMEZONE``, the exact form
Outlook reads (icalendar would re-order its properties).
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import icalendar
from icalendar.parser import Contentline

from scheduler.ical.vtimezone import STOCKHOLM_VTIMEZONE

FOLD_AT = 75  # icalendar folds a content line of this many octets or more
STOCKHOLM = "Europe/Stockholm"
END = b"\r\n"
EMPTY = icalendar.Parameters()


@dataclass
class Seen:
    """What the written events used: their TZIDs, and the years they start in."""

    tzids: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)


def content_line(component: icalendar.cal.component.Component, name: str, value: Any) -> bytes:
    """One property as icalendar writes it (``Component.content_line``, without making new
    empty parameters for every value), folded by icalendar where it is too long."""
    params: Any = getattr(value, "params", EMPTY)
    line = Contentline.from_parts(name, params, value)
    data = line.encode()
    return data if len(data) < FOLD_AT else line.to_ical()


def component_bytes(component: icalendar.cal.component.Component, seen: Seen | None = None) -> bytes:
    """The component and its subcomponents as RFC 5545 bytes; ``seen`` learns the TZIDs and
    start years it uses."""
    if component.name == "VTIMEZONE" and str(component.get("TZID")) == STOCKHOLM:
        return STOCKHOLM_VTIMEZONE.encode() + END
    lines = []
    kind = None
    value: Any
    for name, value in component.property_items():
        if seen is not None:
            kind = value if name == "BEGIN" else kind
            tzid = getattr(value, "params", {}).get("TZID")
            if tzid:
                seen.tzids.add(tzid)
            if name == "DTSTART" and kind == b"VEVENT":
                seen.years.add(value.dt.year)
        lines.append(content_line(component, name, value))
    return END.join(lines) + END


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
