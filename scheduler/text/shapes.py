"""The shapes of the ``--json`` records, each written once: a ``TypedDict`` whose keys, in
order, are the record's fields (README's "JSON records" lists the same; a test compares).

The records of ``scheduler.text.records`` (and ``wording.agenda_record``) are built as these
types, so mypy checks every key. Values are JSON: ISO 8601 strings for times, ``null`` for
what is not set. Shapes with ``from`` and ``to`` (Python keywords) use the functional syntax.
"""

from typing import Any, NotRequired, TypedDict


class NoticeRecord(TypedDict):
    kind: str
    message: str
    changes: list[dict[str, Any]]
    basis: str
    since: str


class MeetingRecord(TypedDict):
    type: str
    id: int | None
    uid: str
    occurrence: str | None
    title: str
    series: str | None
    start: str
    end: str
    all_day: bool
    end_approximate: bool
    location: str | None
    online: str | None
    description: str | None
    organizer: str | None
    status: str
    sequence: int
    external: bool
    rrule: str | None
    notice: NoticeRecord | None
    recipients: NotRequired[int]  # whom invitations go to (upcoming, meeting show)
    untold: NotRequired[int]  # of them, not yet sent the latest version


class DeadlineRecord(TypedDict):
    id: int | None
    uid: str
    title: str
    kind: str
    due: str
    due_from: str
    precision: str
    phrase: str | None
    days_left: int
    working_days_left: int
    meeting_id: int | None
    owner: str | None
    matter: str | None
    done: bool


class DeadlineFullRecord(DeadlineRecord):
    """``deadline add/show/edit``: the listing's fields, the tie and SEQUENCE."""

    meeting_occurrence: str | None
    working_days_before: int | None
    sequence: int


class RecipientRecord(TypedDict):
    name: str
    email: str | None


class InvitationRecord(TypedDict):
    file: str | None
    id: int | None
    uid: str
    method: str
    sequence: int
    occurrence: str | None
    subject: str
    organizer: str | None
    recipients: list[RecipientRecord]
    cancels: NotRequired[list["InvitationRecord"]]
    smtp: NotRequired[str]
    recorded: NotRequired[str | None]  # written, sent, or None (stdout, --dry-run)
    recipients_total: NotRequired[int]  # whom the meeting goes to
    untold: NotRequired[int]  # of them, not yet sent its latest version
    text: NotRequired[str]  # what the recipients read


class ReceivedRecord(TypedDict):
    person_id: int | None
    name: str | None
    email: str | None
    method: str
    sequence: int
    occurrence: str | None
    issued_at: str
    channel: str


class RevisionRecord(TypedDict):
    at: str
    field: str
    old: str | None
    new: str | None
    reason: str | None
    occurrence: NotRequired[str | None]


class MeetingHistoryRecord(TypedDict):
    at: str
    occurrence: str | None
    entity: str  # meeting, participation, agendaitem, delivery
    field: str
    old: str | None
    new: str | None  # for a delivery: written, sent or marked
    reason: str | None
    subject: NotRequired[str | None]  # whose attendance, which agenda item
    method: NotRequired[str]  # a delivery's METHOD, SEQUENCE, channel and recipients
    sequence: NotRequired[int]
    channel: NotRequired[str]
    recipients: NotRequired[list[str]]


class DeliveredRecord(TypedDict):
    method: str
    sequence: int
    start: str
    end: str
    location: str | None
    channel: str
    at: str
    label: str


class UntoldRecord(TypedDict):
    person_id: int | None
    name: str
    email: str | None
    last: DeliveredRecord | None
    written: DeliveredRecord | None
    changes: list[str]
    removed: bool


class PendingRecord(TypedDict):
    id: int | None
    uid: str
    occurrence: str | None
    title: str
    start: str
    end: str
    location: str | None
    status: str
    recipients: int
    untold: list[UntoldRecord]


class PersonRecord(TypedDict):
    id: int | None
    name: str
    email: str | None
    organisation: str | None


AttendeeRecord = TypedDict("AttendeeRecord", {
    "name": str, "email": str | None, "organisation": str | None, "role": str,
    "mode": str | None, "from": str | None, "to": str | None, "item": int | None, "rsvp": str,
    "note": str | None,
})

SlotRecord = TypedDict("SlotRecord", {"from": str | None, "to": str | None, "in_person": int, "digital": int})


class AttendanceRecord(TypedDict):
    meeting: MeetingRecord
    participants: list[AttendeeRecord]
    counts: dict[str, int]
    slots: list[SlotRecord]


AgendaRecord = TypedDict("AgendaRecord", {
    "number": int, "title": str, "from": str | None, "to": str | None, "presenter": str | None,
})

ConflictRecord = TypedDict("ConflictRecord", {
    "kind": str, "who": str, "meetings": list[int | None], "from": str, "to": str,
})


class DocumentRecord(TypedDict):
    id: int | None
    meeting_id: int
    url: str
    title: str | None


class FeedRecord(TypedDict):
    file: str
    name: str
    meetings: int
    deadlines: int


class ChangeRecord(TypedDict):
    type: str
    id: int | None
    changes: list[dict[str, Any]]


class MemberRecord(TypedDict):
    person: int | None
    name: str
    role: str


class SeriesRecord(TypedDict):
    id: int | None
    name: str
    location: str | None
    start: str | None
    end: str | None
    organizer: str | None
    language: str | None
    members: list[MemberRecord]


class SeriesMemberRecord(TypedDict):
    series: int | None
    person: int | None
    name: str
    role: str | None


class MergedRecord(TypedDict):
    id: int | None
    name: str
    merged: int
    merged_name: str
    moved: int
    dropped: int


class RemovedRecord(TypedDict):
    id: int | None
    name: str
    taken_off: list[int | None]


class DeletedRecord(TypedDict):
    type: str
    id: int | None
    title: str
    deleted: bool


class DocumentRemovedRecord(TypedDict):
    meeting: int | None
    url: str
    title: str | None
    removed: bool


class HistoryRecord(TypedDict):
    at: str
    entity: str
    id: int
    field: str
    old: str | None
    new: str | None
    reason: str | None


class DayRecord(TypedDict):
    date: str
    holiday: str | None
    today: bool
    meetings: list[MeetingRecord]
    deadlines: list[DeadlineRecord]


class SettingsRecord(TypedDict):
    organizer: dict[str, Any] | None
    language: str | None


class KallelseRecord(TypedDict):
    meeting: int | None
    file: str
    format: str
    cancelled: bool


class AnswerRecord(TypedDict):
    status: str
    method: str
    meeting: int | None
    uid: str
    occurrence: str | None
    name: str | None
    email: str
    partstat: str | None
    sequence: int
    comment: str | None
    delegates: list[str]
    source: str


class ProposalRecord(TypedDict):
    id: int | None
    meeting: int | None
    title: str
    occurrence: str | None
    name: str
    email: str | None
    start: str | None
    end: str | None
    comment: str | None
    state: str | None
    received: str


class ReminderRecord(TypedDict):
    kind: str
    status: str
    name: str
    email: str | None
    deadline: int | None
    meeting: int | None
    subject: str


class NewTokenRecord(TypedDict):
    token: str
    url: str


class TokenRecord(TypedDict):
    id: int | None
    hint: str
    series: str | None
    created: str
    revoked: str | None


class PublishedRecord(TypedDict):
    calendar: str
    added: list[str]
    updated: list[str]
    deleted: list[str]
    unchanged: int
    complete: bool


# The name README's "JSON records" gives each shape.
RECORDS: dict[str, Any] = {
    "meeting": MeetingRecord, "notice": NoticeRecord, "deadline": DeadlineRecord,
    "deadline (show)": DeadlineFullRecord, "invitation": InvitationRecord,
    "received": ReceivedRecord, "revision": RevisionRecord, "person": PersonRecord,
    "attendee": AttendeeRecord, "slot": SlotRecord, "attendance": AttendanceRecord,
    "agenda item": AgendaRecord, "conflict": ConflictRecord, "document": DocumentRecord,
    "feed": FeedRecord, "change": ChangeRecord, "series": SeriesRecord, "member": MemberRecord,
    "series member": SeriesMemberRecord, "merged": MergedRecord, "removed": RemovedRecord,
    "deleted": DeletedRecord, "document removed": DocumentRemovedRecord, "history": HistoryRecord,
    "day": DayRecord, "kallelse": KallelseRecord, "settings": SettingsRecord,
    "answer": AnswerRecord, "proposal": ProposalRecord, "reminder": ReminderRecord,
    "token (new)": NewTokenRecord, "token": TokenRecord, "publication": PublishedRecord,
    "meeting history": MeetingHistoryRecord, "pending": PendingRecord, "untold": UntoldRecord,
    "delivered": DeliveredRecord,
}
