"""The tables of the store's exchanges with the outside: replies received from participants'
calendars, access tokens for the feed over HTTP, what was published to CalDAV, reminders
mailed, where busy time comes from, and the events ``export`` keeps.

Only the commands that use them load them (``scheduler.store.schema.metadata`` loads every
table, for the schema and for finding the rows that point at a record): building a table's
model costs a command's start, and the everyday commands never touch these.
"""

import datetime as dt

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, Relationship

from scheduler.store.models import Meeting, Person, StoreModel, utc_field


class Reply(StoreModel, table=True):
    """One attendee's answer from their calendar (iMIP REPLY or COUNTER), as received.

    ``key`` identifies the answer (UID, RECURRENCE-ID, attendee, method, SEQUENCE, DTSTAMP),
    so reading the same reply twice adds nothing. A COUNTER carries the proposed time and a
    ``state``: open, accepted or declined.
    """

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    meeting: Meeting = Relationship()
    recurrence_id: dt.datetime | None = utc_field(nullable=True)
    person_id: int = Field(foreign_key="person.id")
    person: Person = Relationship()
    method: str  # REPLY or COUNTER
    partstat: str | None = None
    sequence: int = 0
    stamp: dt.datetime = utc_field()
    comment: str | None = Field(default=None, sa_column=Column(Text))
    applied: bool = False
    proposed_start: dt.datetime | None = utc_field(nullable=True)
    proposed_end: dt.datetime | None = utc_field(nullable=True)
    state: str | None = None  # for a COUNTER: open, accepted, declined
    received_at: dt.datetime = utc_field()


class AccessToken(StoreModel, table=True):
    """A secret that opens the feed and the page over HTTP: the whole calendar, or one series.

    Only the SHA-256 of the secret is kept; ``hint`` is its first characters, to tell them apart.
    """

    id: int | None = Field(default=None, primary_key=True)
    digest: str = Field(unique=True)
    hint: str
    series_id: int | None = Field(default=None, foreign_key="series.id")
    created_at: dt.datetime = utc_field()
    revoked_at: dt.datetime | None = utc_field(nullable=True)


class Publication(StoreModel, table=True):
    """What ``publish`` last put on a CalDAV calendar: one calendar object per UID."""

    __table_args__ = (UniqueConstraint("target", "uid"),)
    id: int | None = Field(default=None, primary_key=True)
    target: str  # the calendar's URL
    uid: str
    href: str
    etag: str | None = None
    digest: str  # SHA-256 of what was sent, DTSTAMP left out
    published_at: dt.datetime = utc_field()


class ReminderSent(StoreModel, table=True):
    """One reminder e-mailed by ``remind``; ``key`` says what it was about, so it goes once."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    kind: str  # deadline or answer
    person_id: int = Field(foreign_key="person.id")
    email: str
    deadline_id: int | None = Field(default=None, foreign_key="deadline.id")
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    sent_at: dt.datetime = utc_field()


class BusySource(StoreModel, table=True):
    """Where a person's busy time outside the store comes from: an .ics or VFREEBUSY file or URL."""

    __table_args__ = (UniqueConstraint("person_id", "source"),)
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    source: str = Field(sa_column=Column(Text, nullable=False))
    added_at: dt.datetime = utc_field()


class FeedEvent(StoreModel, table=True):
    """A meeting's VEVENTs as ``export`` last wrote them (DTSTAMP at the epoch), with a digest
    of everything they were built from: reused while the digest stays the same. No foreign
    key: a row left by a deleted meeting is never reused (its digest cannot match) and is
    dropped by the next export."""

    meeting_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    digest: str
    text: str = Field(sa_column=Column(Text, nullable=False))
    zones: str  # the TZIDs the events use, space-separated
    year: int | None = None  # the year the first of them starts in
