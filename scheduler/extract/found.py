"""What ``extract`` finds in a document: meetings, participants, agenda items, deadlines,
notices, and what it could not place; each with the lines it came from."""

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from scheduler.duewindow import DueWindow
from scheduler.errors import Phrase


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
    online: str | None = None


class FoundParticipant(NamedTuple):
    """One line of the participant block; ``role`` None when the minutes give none."""

    name: str
    organisation: str | None
    mode: str | None  # None: the document does not say (a summons' chair)
    role: str | None
    window: tuple[dt.time, dt.time] | None
    note: str | None
    source: str


class FoundDeadline(NamedTuple):
    """A deadline or plan; tied ones are due at ``meeting`` (``window`` is its day)."""

    title: str
    window: DueWindow
    kind: str
    owner: str | None
    meeting: FoundMeeting | None
    source: str
    working_days: int | None = None  # due that many working days before ``meeting``


@dataclass
class FoundItem:
    """An agenda item: "§ 4", "Punkt 2" or "4." with its title, times and presenter."""

    number: int
    title: str
    window: tuple[dt.time, dt.time] | None
    presenter: str | None
    organisation: str | None
    mode: str | None
    source: str


class FoundNotice(NamedTuple):
    """An "OBS Ny tid och plats" about a meeting: kind time, place or time_and_place."""

    meeting: FoundMeeting
    kind: str
    phrase: str
    source: str


class Unplaced(NamedTuple):
    source: str
    reason: Phrase


@dataclass
class Extraction:
    """Everything found in one document, dated by ``day``; ``kind`` is minutes, protocol,
    summons or invitation (None when its words do not say), ``body`` the meeting body's
    name from the heading."""

    heading: str | None
    day: dt.date
    meeting: FoundMeeting | None
    participants: list[FoundParticipant] = field(default_factory=list)
    meetings: list[FoundMeeting] = field(default_factory=list)
    deadlines: list[FoundDeadline] = field(default_factory=list)
    notices: list[FoundNotice] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    kind: str | None = None
    body: str | None = None
    agenda: list[FoundItem] = field(default_factory=list)

