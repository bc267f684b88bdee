"""What a meeting's calendar events say besides its own row: the organizer, the participants,
the agenda, the documents, the changed occurrences, and which of its rows had their time or
place revised.

Loaded for one meeting (an invitation) or for every meeting of a feed alike, with a fixed
number of queries (one per thousand meetings), never one per meeting. The organizers, series
and presenters are loaded into the session too, so ``organizer_of`` and ``agenda_record``
find them there without a query.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from scheduler.attendance import Participants, participation_rows
from scheduler.batches import chunks
from scheduler.deliveries import SPAN_FIELDS
from scheduler.directory import organizer_of
from scheduler.occurrences import Instance
from scheduler.store.models import AgendaItem, Document, Meeting, Person, Revision, Series

if TYPE_CHECKING:
    from scheduler.notices import Notice


@dataclass
class Details:
    """One meeting's details (see the module's docstring)."""

    organizer: Person | None
    people: Participants = ()  # attendance.participation_rows
    agenda: list[AgendaItem] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    overrides: dict[dt.datetime, Meeting] = field(default_factory=dict)  # by original start
    revised: set[int] = field(default_factory=set)  # its rows whose time or place changed
    presenters: list[Person] = field(default_factory=list)
    # What is worked out from them once asked for (``details`` hold for one export or
    # invitation, so one clock): its instances (``ical.components.meeting_instances``),
    # their DESCRIPTIONs (by row id, start and how they were asked for) and the notice of
    # each (by row id and start).
    instances: list[Instance] | None = None
    descriptions: dict[tuple[Any, ...], str] = field(default_factory=dict)
    notices: dict[tuple[int | None, dt.datetime], "Notice | None"] = field(default_factory=dict)


def load_details(session: Session, meetings: Sequence[Meeting]) -> dict[int, Details]:
    """The details of ``meetings`` (meetings or recurring masters, not occurrence rows), by id."""
    ids: list[int] = [m.id for m in meetings if m.id is not None]
    overrides: dict[int, list[Meeting]] = {}
    for part in chunks([m.id for m in meetings if m.rrule and m.id is not None]):
        for row in session.exec(select(Meeting).where(col(Meeting.master_id).in_(part))):
            overrides.setdefault(row.master_id, []).append(row)  # type: ignore[arg-type]
    agenda = _by_meeting(session, AgendaItem, ids, col(AgendaItem.position))
    documents = _by_meeting(session, Document, ids, col(Document.id))
    people = participation_rows(session, ids)
    series_ids = list({m.series_id for m in meetings if m.series_id is not None})
    series: list[Series] = []
    for part in chunks(series_ids):
        series += session.exec(select(Series).where(col(Series.id).in_(part))).all()
    wanted = ({m.organizer_id for m in meetings} | {s.secretary_id for s in series}
              | {item.presenter_id for items in agenda.values() for item in items})
    persons = {}
    for part in chunks([number for number in wanted if number is not None]):
        persons.update({p.id: p for p in session.exec(select(Person).where(col(Person.id).in_(part)))})
    rows = ids + [row.id for found in overrides.values() for row in found if row.id is not None]
    revised: set[int] = set()
    for part in chunks(rows):
        revised.update(session.exec(
            select(Revision.entity_id).distinct().where(
                Revision.entity == "meeting", col(Revision.entity_id).in_(part),
                col(Revision.field).in_(SPAN_FIELDS))).all())
    found = {}
    organizers: dict[tuple[int | None, int | None], Person | None] = {}
    for meeting in meetings:
        number = meeting.id
        assert number is not None
        changed = overrides.get(number, [])
        chosen = (meeting.organizer_id, meeting.series_id)
        if chosen not in organizers:
            organizers[chosen] = organizer_of(session, meeting)
        items = agenda.get(number, [])
        found[number] = Details(
            organizer=organizers[chosen],
            people=people.get(number, ()),
            agenda=items,
            documents=documents.get(number, []),
            overrides={row.recurrence_id: row for row in changed},  # type: ignore[misc]
            revised={row for row in [number, *(r.id for r in changed)] if row in revised},
            presenters=[persons[i.presenter_id] for i in items if i.presenter_id in persons])
    return found


def _by_meeting(session: Session, model: Any, ids: Sequence[int], order: Any) -> dict[int, list[Any]]:
    """Rows of ``model`` (with a ``meeting_id``) of the meetings ``ids``, in ``order``, by meeting."""
    found: dict[int, list[Any]] = {}
    for part in chunks(ids):
        query = select(model).where(col(model.meeting_id).in_(part)).order_by(order)
        for row in session.exec(query):
            found.setdefault(row.meeting_id, []).append(row)
    return found
