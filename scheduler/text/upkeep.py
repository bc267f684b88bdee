"""Words and JSON records for looking after the store: series, edits, merges, removals,
the store's settings and the whole history."""

import datetime as dt
from collections.abc import Sequence

from sqlmodel import Session

from scheduler.clock import Clock, iso_instant
from scheduler.person_records import Merged, Removed
from scheduler.store.models import Deadline, Document, Meeting, Person, Revision, Series, SeriesMember
from scheduler.text.deliveries import logged_participation, value_words
from scheduler.text.i18n import DEFAULT, _, ngettext
from scheduler.text.labels import (
    ENTITY_LABELS,
    FIELD_LABELS,
    ROLE_LABELS,
    hours_label,
    moment_label,
    reason_words,
    time_label,
)
from scheduler.text.render import table
from scheduler.text.shapes import (
    ChangeRecord,
    DeletedRecord,
    DocumentRemovedRecord,
    HistoryRecord,
    MergedRecord,
    RemovedRecord,
    SeriesMemberRecord,
    SeriesRecord,
    SettingsRecord,
)

Change = tuple[str, object, object]


def changes_record(kind: str, ident: int | None, changes: Sequence[Change]) -> ChangeRecord:
    return {"type": kind, "id": ident,
            "changes": [{"field": f, "old": _plain(old), "new": _plain(new)} for f, old, new in changes]}


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def changes_text(record: ChangeRecord) -> str:
    """``Changed person 3: name Camilla Bro → Camilla Broo.``, or that nothing changed."""
    if not record["changes"]:
        return _("Nothing changed: {kind} {id} already has those values.").format(
            kind=ENTITY_LABELS.get(record["type"], record["type"]), id=record["id"])
    parts = [f"{FIELD_LABELS.get(c['field'], c['field'])} {c['old'] if c['old'] is not None else '–'} → "
             f"{c['new'] if c['new'] is not None else '–'}" for c in record["changes"]]
    return _("Changed {kind} {id}: {changes}.").format(kind=ENTITY_LABELS.get(record["type"], record["type"]),
                                                       id=record["id"], changes="; ".join(parts))


def series_record(session: Session, series: Series,
                  members: Sequence[tuple[SeriesMember, Person]] = ()) -> SeriesRecord:
    organizer = session.get(Person, series.secretary_id) if series.secretary_id else None
    return {"id": series.id, "name": series.name, "location": series.location,
            "start": series.start_time, "end": series.end_time,
            "organizer": organizer.name if organizer else None, "language": series.language,
            "members": [{"person": p.id, "name": p.name, "role": m.role} for m, p in members]}


def _usual_time(record: SeriesRecord) -> str:
    if record["start"] and record["end"]:
        return hours_label(record["start"], record["end"])
    return time_label(dt.time.fromisoformat(record["start"])) if record["start"] else ""


def series_listing(records: Sequence[SeriesRecord]) -> str:
    """``series list``: a heading and one line per series."""
    if not records:
        return _("No series yet: add one with 'scheduler series add NAME'.")
    rows = [[_("ID"), _("Series"), _("Usual time"), _("Place"), _("Organizer"), _("Members")]]
    rows += [[str(r["id"]), r["name"], _usual_time(r), r["location"] or "", r["organizer"] or "",
              str(len(r["members"]))] for r in records]
    return table(rows)


def series_detail(record: SeriesRecord) -> str:
    """``series show``: the series' facts, then its members with their standing roles."""
    facts = [[_("Series"), f"{record['name']} (id {record['id']})"],
             [_("Usual time"), _usual_time(record) or "–"],
             [_("Place"), record["location"] or "–"],
             [_("Organizer"), record["organizer"] or "–"],
             [_("Language"), record["language"] or _("the store's")]]
    count = len(record["members"])
    head = ngettext("{count} member", "{count} members", count).format(count=count)
    members = [[str(m["person"]), m["name"], ROLE_LABELS[m["role"]]] for m in record["members"]]
    return "\n".join([table(facts), "", head + ":", table(members)]).rstrip()


def member_record(series: Series, person: Person, role: str | None) -> SeriesMemberRecord:
    """``series member add`` (the role now) and ``remove`` (role null)."""
    return {"series": series.id, "person": person.id, "name": person.name, "role": role}


def document_removed_record(meeting: Meeting, document: Document) -> DocumentRemovedRecord:
    return {"meeting": meeting.id, "url": document.url, "title": document.title, "removed": True}


def document_removed_text(record: DocumentRemovedRecord) -> str:
    return _("Removed {url} from meeting {id}.").format(url=record["url"], id=record["meeting"])


def member_text(series: Series, person: Person, role: str | None) -> str:
    if role is None:
        return _("{name} is no longer a member of {series}.").format(name=person.name, series=series.name)
    return _("{name} is a member of {series} ({role}).").format(
        name=person.name, series=series.name, role=ROLE_LABELS[role] or _("participant"))


def merged_record(merged: Merged) -> MergedRecord:
    return {"id": merged.keep.id, "name": merged.keep.name, "merged": merged.other_id,
            "merged_name": merged.other_name, "moved": merged.moved, "dropped": merged.dropped}


def merged_text(record: MergedRecord) -> str:
    return _("Merged {other} (id {other_id}) into {name} (id {id}): {moved} moved, {dropped} "
             "already there.").format(other=record["merged_name"], other_id=record["merged"],
                                      name=record["name"], id=record["id"], moved=record["moved"],
                                      dropped=record["dropped"])


def removed_record(removed: Removed) -> RemovedRecord:
    return {"id": removed.person.id, "name": removed.person.name,
            "taken_off": [m.id for m in removed.taken_off]}


def removed_text(record: RemovedRecord) -> str:
    text = _("Removed {name} (id {id}) from the directory.").format(name=record["name"], id=record["id"])
    count = len(record["taken_off"])
    if count:
        text += " " + ngettext(
            "Taken off {count} coming meeting; 'scheduler invite MEETING' sends the cancellation "
            "where one is due.",
            "Taken off {count} coming meetings; 'scheduler invite MEETING' sends the cancellations "
            "where they are due.", count).format(count=count)
    return text


def deleted_record(kind: str, row: Meeting | Deadline) -> DeletedRecord:
    """What ``meeting delete`` or ``deadline delete`` removed (``kind``: meeting or deadline)."""
    return {"type": kind, "id": row.id, "title": row.title, "deleted": True}


def deleted_text(record: DeletedRecord) -> str:
    """``Deleted meeting 7 'Fel möte'.``"""
    shown = {"meeting": _("meeting"), "deadline": _("deadline")}[record["type"]]
    return _("Deleted {kind} {id} '{title}'.").format(kind=shown, id=record["id"], title=record["title"])


def settings_record(values: dict[str, Person | str | None]) -> SettingsRecord:
    organizer, language = values.get("organizer"), values.get("language")
    return {"organizer": {"id": organizer.id, "name": organizer.name} if isinstance(organizer, Person) else None,
            "language": language if isinstance(language, str) else None}


def settings_text(record: SettingsRecord) -> str:
    organizer = record["organizer"]
    return table([["organizer", organizer["name"] if organizer else _("(not set)")],
                  ["language", record["language"] or _("(not set: {default})").format(default=DEFAULT)]])


def history_records(rows: Sequence[Revision], clock: Clock) -> list[HistoryRecord]:
    return [{"at": iso_instant(r.at, clock.tz), "entity": r.entity, "id": r.entity_id,
             "field": r.field, "old": r.old, "new": r.new, "reason": r.reason} for r in rows]


def logged_value(entity: str, field: str, value: str | None) -> str:
    """A value of the history in the language in use, where it is a word the tool logged."""
    if not value:
        return ""
    if entity == "participation" and field == "participation":
        return logged_participation(value)
    return value_words(field, value)


def history_text(records: Sequence[HistoryRecord]) -> str:
    """``history``: a heading, then when, what, old → new, why."""
    if not records:
        return _("No history.")
    rows = [[_("When"), _("What"), _("Change")]]
    for r in records:
        old, new = (logged_value(r["entity"], r["field"], value) for value in (r["old"], r["new"]))
        change = new if r["field"] == "created" else f"{old or '–'} → {new or '–'}"
        what = f"{ENTITY_LABELS.get(r['entity'], r['entity'])} {r['id']} {FIELD_LABELS.get(r['field'], r['field'])}"
        rows.append([moment_label(dt.datetime.fromisoformat(r["at"])), what,
                     change + (f"  ({reason_words(r['reason'])})" if r["reason"] else "")])
    return table(rows)
