"""The entries a TOML store file may hold, as pydantic models of the validation layer's types.

``checked_entry`` turns one ``[[section]]`` table into plain checked values (stripped text,
links written out again) or a ``LoadError`` that names the file, the entry and the field:
``data/x.toml: [[meeting]] 'lg-2024-02-16': title: must be text in quotes``.
"""

import datetime as dt
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, StrictBool, ValidationError

from scheduler.checked import Checked
from scheduler.errors import LoadError
from scheduler.text.i18n import _
from scheduler.validate import (
    Description,
    Email,
    Key,
    Link,
    Moment,
    Name,
    Note,
    Place,
    Title,
    Word,
    WorkingDays,
    problems,
)

When = Word | Moment  # "2024-02-16 09:00", "fredag 16 februari kl 9.00", or a TOML date/datetime
TimeOfDay = Word | dt.time  # "08:30", or a TOML time


class OrganisationEntry(Checked):
    key: Key
    name: Name


class PersonEntry(Checked):
    key: Key
    name: Name
    email: Email | None = None
    organisation: Word | None = None


class MemberEntry(Checked):
    person: Word
    role: Word | None = None


class SeriesEntry(Checked):
    key: Key
    name: Name
    location: Place | None = None
    start: TimeOfDay | None = None
    end: TimeOfDay | None = None
    secretary: Word | None = None
    members: list[MemberEntry] = []


class AgendaEntry(Checked):
    title: Title
    window_from: TimeOfDay | None = Field(default=None, alias="from")
    window_to: TimeOfDay | None = Field(default=None, alias="to")
    presenter: Word | None = None


class ParticipantEntry(Checked):
    person: Word
    mode: Word | None = None
    role: Word | None = None
    rsvp: Word | None = None
    window_from: TimeOfDay | None = Field(default=None, alias="from")
    window_to: TimeOfDay | None = Field(default=None, alias="to")
    note: Note | None = None


class MeetingEntry(Checked):
    key: Key
    title: Title
    start: When
    end: When | None = None
    series: Word | None = None
    organizer: Word | None = None
    location: Place | None = None
    online: Link | None = None
    rrule: Word | None = None
    external: StrictBool = False
    end_approximate: StrictBool = False
    description: Description | None = None
    status: Literal["tentative", "confirmed", "cancelled"] = "confirmed"
    agenda: list[AgendaEntry] = []
    participants: list[ParticipantEntry] = []


class DeadlineEntry(Checked):
    key: Key
    title: Title
    due: When | None = None
    meeting: Word | None = None
    owner: Word | None = None
    kind: Word = "action"
    matter: Name | None = None
    working_days: WorkingDays | None = None


ENTRIES: dict[str, type[Checked]] = {
    "organisation": OrganisationEntry, "person": PersonEntry, "series": SeriesEntry,
    "meeting": MeetingEntry, "deadline": DeadlineEntry,
}


def entry_name(path: Path, section: str, index: int, data: Any) -> str:
    """``data/x.toml: [[meeting]] 'lg-2024-02-16'`` (or ``number 3`` without a usable key)."""
    key = data.get("key") if isinstance(data, dict) else None
    name = f"{key!r}" if isinstance(key, str) and key.isprintable() else _("number {n}").format(n=index + 1)
    return f"{path}: [[{section}]] {name}"


def checked_entry(path: Path, section: str, index: int, data: Any) -> dict[str, Any]:
    """The entry's fields as checked values, keyed as in the file (``from``, ``to``);
    LoadError naming the file, the entry and each field that is wrong."""
    model = ENTRIES[section]
    try:
        entry = model.model_validate(data)
    except ValidationError as err:
        raise LoadError("{entry}: {problems}.", entry=entry_name(path, section, index, data),
                        problems=problems(err)) from err
    return entry.model_dump(by_alias=True, exclude_unset=True)
