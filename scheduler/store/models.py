"""The store's tables (SQLModel).

Instants are stored as UTC and come back as aware UTC datetimes (``UTCDateTime``), so the
same schema works on SQLite and PostgreSQL; each meeting keeps its ``tzid`` for display
and for recurrence, which keeps local wall time across daylight-saving changes.

Relationships stand for the foreign keys that no command changes once the row is made (who
a participation, an invitation or a reply is of, a meeting's series, a series' secretary);
an edited key (organizer, owner) is looked up by id, so a change shows at once.
"""

import datetime as dt
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import Column, Index, Text, UniqueConstraint, types
from sqlmodel import AutoString, Field, Relationship, SQLModel
from sqlmodel.main import SQLModelConfig

from scheduler.errors import InputError, Phrase

# The vocabulary: stored as these very strings (plain text columns), compared as enums.

Word = TypeVar("Word", bound=StrEnum)


class Mode(StrEnum):
    """How a person attends."""

    IN_PERSON = "in-person"
    DIGITAL = "digital"
    ABSENT = "absent"


class Role(StrEnum):
    """A person's part in a meeting or series."""

    CHAIR = "chair"
    ADJUSTER = "adjuster"
    SECRETARY = "secretary"
    PARTICIPANT = "participant"
    OPTIONAL = "optional"
    GUEST = "guest"


class Rsvp(StrEnum):
    """An attendee's answer (iCalendar PARTSTAT, lower case)."""

    NEEDS_ACTION = "needs-action"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    TENTATIVE = "tentative"


class Status(StrEnum):
    """A meeting's status (iCalendar STATUS, lower case)."""

    TENTATIVE = "tentative"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


class Kind(StrEnum):
    """What a deadline is about."""

    REFERRAL = "referral"
    INTERNAL = "internal"
    ANSWER = "answer"
    REPORT = "report"
    MATERIAL = "material"
    ACTION = "action"
    PLAN = "plan"
    RSVP = "rsvp"


def choice(vocabulary: type[Word], value: str, what: Phrase) -> Word:
    """``value`` as a word of ``vocabulary``; InputError naming the words there are."""
    try:
        return vocabulary(value)
    except ValueError:
        raise InputError("Unknown {what} {value!r}: use one of {names}.", what=what, value=value,
                         names=', '.join(vocabulary)) from None


def word(default: StrEnum) -> Any:
    """A column of one vocabulary, stored as plain text as before (no schema change)."""
    return Field(default=default, sa_type=AutoString)


class UTCDateTime(types.TypeDecorator):
    """An aware datetime stored as naive UTC; read back as aware UTC."""

    impl = types.DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} given to the store")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class StoreModel(SQLModel):
    """What every table's model is: pydantic builds a model's validator and serializer when
    one is first used, not when the model is made (the store's rows are made and read by
    SQLAlchemy, and building them cost every command's start 4 ms)."""

    model_config = SQLModelConfig(defer_build=True)


def utc_field(*, nullable: bool = False, index: bool = False):
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, index=index)


class Organisation(StoreModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str | None = Field(default=None, unique=True)
    name: str = Field(unique=True)


class Person(StoreModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str | None = Field(default=None, unique=True)
    name: str = Field(index=True)
    email: str | None = Field(default=None, unique=True)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    removed_at: dt.datetime | None = utc_field(nullable=True)  # out of the directory, kept for history


class Series(StoreModel, table=True):
    """A standing body (Ledningsgrupp, Samarbetskommittén) with its usual place and time."""

    id: int | None = Field(default=None, primary_key=True)
    key: str | None = Field(default=None, unique=True)
    name: str = Field(unique=True)
    location: str | None = None
    start_time: str | None = None  # "HH:MM", the usual start
    end_time: str | None = None  # "HH:MM", the usual end
    secretary_id: int | None = Field(default=None, foreign_key="person.id")
    secretary: Person | None = Relationship()
    language: str | None = None  # "sv", "en": what its recipients read; None: the store's


class SeriesMember(StoreModel, table=True):
    __table_args__ = (UniqueConstraint("series_id", "person_id"),)
    id: int | None = Field(default=None, primary_key=True)
    series_id: int = Field(foreign_key="series.id", index=True)
    person_id: int = Field(foreign_key="person.id")
    role: Role = word(Role.PARTICIPANT)


class Meeting(StoreModel, table=True):
    """A meeting, a recurring master (``rrule``), or an override of one occurrence.

    An override has ``master_id`` and ``recurrence_id`` (the occurrence's original start);
    a cancelled occurrence is an override with status ``cancelled``.
    """

    __table_args__ = (
        UniqueConstraint("master_id", "recurrence_id"),
        Index("ix_meeting_span", "start", "end"),
        Index("ix_meeting_window", "master_id", "rrule", "start"),  # a window's meetings and masters
        Index("ix_meeting_series_start", "series_id", "start"),  # the previous meeting of a series
    )
    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    key: str | None = Field(default=None, unique=True)
    title: str
    series_id: int | None = Field(default=None, foreign_key="series.id", index=True)
    series: Series | None = Relationship()
    organizer_id: int | None = Field(default=None, foreign_key="person.id")
    start: dt.datetime = utc_field()
    end: dt.datetime = utc_field()
    all_day: bool = False
    end_approximate: bool = False
    tzid: str = "Europe/Stockholm"
    location: str | None = None
    online: str | None = None
    description: str | None = Field(default=None, sa_column=Column(Text))
    status: Status = word(Status.CONFIRMED)
    sequence: int = 0
    external: bool = False
    rrule: str | None = None
    master_id: int | None = Field(default=None, foreign_key="meeting.id", index=True)
    recurrence_id: dt.datetime | None = utc_field(nullable=True)
    created_at: dt.datetime = utc_field()


class Participation(StoreModel, table=True):
    """One person at one meeting: role, mode, an optional window (minutes from its start), the reply."""

    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    person: Person = Relationship()
    role: Role = word(Role.PARTICIPANT)
    mode: Mode = word(Mode.IN_PERSON)
    offset_from: int | None = None  # minutes after the meeting's start (see windows.py)
    offset_to: int | None = None
    agenda_item_id: int | None = Field(default=None, foreign_key="agendaitem.id")
    rsvp: Rsvp = word(Rsvp.NEEDS_ACTION)
    note: str | None = None


class AgendaItem(StoreModel, table=True):
    __table_args__ = (UniqueConstraint("meeting_id", "position"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    position: int
    title: str
    offset_from: int | None = None  # minutes after the meeting's start (see windows.py)
    offset_to: int | None = None
    presenter_id: int | None = Field(default=None, foreign_key="person.id")


class Document(StoreModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    url: str
    title: str | None = None


class Deadline(StoreModel, table=True):
    """A due window ``due_from``..``due`` (inclusive days) with the phrase it was given in."""

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    key: str | None = Field(default=None, unique=True)
    sequence: int = 0
    title: str
    due_from: dt.date
    due: dt.date = Field(index=True)
    precision: str = "day"
    phrase: str | None = None
    owner_id: int | None = Field(default=None, foreign_key="person.id")
    kind: Kind = word(Kind.ACTION)
    matter: str | None = None
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", index=True)
    meeting_occurrence: dt.date | None = None  # original local date, when tied to a recurring one
    working_days_before: int | None = None  # due that many working days before the meeting
    done: bool = False
    done_at: dt.datetime | None = utc_field(nullable=True)
    created_at: dt.datetime = utc_field()


class Revision(StoreModel, table=True):
    """Append-only: one changed field of one entity, old -> new, when and why."""

    __table_args__ = (Index("ix_revision_entity", "entity", "entity_id"),)
    id: int | None = Field(default=None, primary_key=True)
    entity: str  # "meeting", "deadline", "participation"
    entity_id: int
    meeting_id: int | None = Field(default=None, index=True)  # the meeting (master) it belongs to
    field: str
    old: str | None = Field(default=None, sa_column=Column(Text))
    new: str | None = Field(default=None, sa_column=Column(Text))
    at: dt.datetime = utc_field(index=True)
    reason: str | None = None


class Invitation(StoreModel, table=True):
    """One delivered iTIP message to one recipient: what each attendee last received.

    ``state`` is ``written`` (a file the coordinator sends) or ``sent`` (the SMTP server
    accepted it, or the file was marked sent); ``version`` is the store's last revision id
    when it was made, so it tells which state of the meeting the recipient has.
    """

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    recurrence_id: dt.datetime | None = utc_field(nullable=True)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    person: Person | None = Relationship()
    email: str | None = None
    method: str  # REQUEST, CANCEL, PUBLISH
    sequence: int
    issued_at: dt.datetime = utc_field()
    channel: str = "file"  # file, eml, smtp
    state: str = "sent"  # written, sent
    version: int = 0
    sent_at: dt.datetime | None = utc_field(nullable=True)


class Setting(StoreModel, table=True):
    """One store-wide setting (``organizer``: the default organizer's person id)."""

    key: str = Field(primary_key=True)
    value: str | None = None
