"""Deliveries per recipient and version, windows as offsets, every change tied to its meeting.

- ``invitation``: ``state`` (written or sent), ``version`` (the store's last revision id
  when it was made) and ``sent_at``. An SMTP delivery was sent; a file was written (the
  product cannot know whether it was mailed, nor tell a stdout print from a file).
  Its version is the last revision made by the time it was issued.
- ``participation`` and ``agendaitem``: the window ``HH:MM``-``HH:MM`` becomes minutes
  from the meeting's start, counted in its own zone's wall time, so that it moves with
  the meeting.
- ``revision.meeting_id``: the meeting (a recurring master, for an occurrence) that a
  change of a meeting, participation or agenda item belongs to; for rows deleted since,
  read from the "meeting N, …" their log entries begin with.

Revision ID: 0005
Revises: 0004
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("invitation") as batch:
        batch.add_column(sa.Column("state", sa.String(), nullable=True))
        batch.add_column(sa.Column("version", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("sent_at", sa.DateTime(), nullable=True))
    for table in ("participation", "agendaitem"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("offset_from", sa.Integer(), nullable=True))
            batch.add_column(sa.Column("offset_to", sa.Integer(), nullable=True))
    with op.batch_alter_table("revision") as batch:
        batch.add_column(sa.Column("meeting_id", sa.Integer(), nullable=True))
    op.create_index("ix_revision_meeting_id", "revision", ["meeting_id"])

    bind = op.get_bind()
    _fill_deliveries(bind)
    meetings = {row.id: row for row in bind.execute(
        sa.text("SELECT id, master_id, start, tzid FROM meeting"))}
    for table in ("participation", "agendaitem"):
        _fill_offsets(bind, table, meetings)
    _fill_meeting_ids(bind, meetings)

    with op.batch_alter_table("invitation") as batch:
        batch.alter_column("state", existing_type=sa.String(), nullable=False)
        batch.alter_column("version", existing_type=sa.Integer(), nullable=False)
    for table in ("participation", "agendaitem"):  # no table copy: agendaitem is referenced
        op.execute(f"ALTER TABLE {table} DROP COLUMN window_from")
        op.execute(f"ALTER TABLE {table} DROP COLUMN window_to")


def _fill_deliveries(bind: sa.Connection) -> None:
    bind.execute(sa.text(
        "UPDATE invitation SET state = CASE WHEN channel = 'smtp' THEN 'sent' ELSE 'written' END,"
        " sent_at = CASE WHEN channel = 'smtp' THEN issued_at ELSE NULL END,"
        " version = COALESCE((SELECT MAX(r.id) FROM revision r WHERE r.at <= invitation.issued_at), 0)"))


def _offset(start: dt.datetime, tzid: str, text: str) -> int:
    """Minutes of wall time from the meeting's local start to ``HH:MM`` on its first day."""
    local = start.replace(tzinfo=dt.UTC).astimezone(ZoneInfo(tzid)).replace(tzinfo=None)
    moment = dt.datetime.combine(local.date(), dt.time.fromisoformat(text))
    return int((moment - local).total_seconds() // 60)


def _fill_offsets(bind: sa.Connection, table: str, meetings: dict) -> None:
    rows = bind.execute(sa.text(f"SELECT id, meeting_id, window_from, window_to FROM {table} "
                                "WHERE window_from IS NOT NULL AND window_to IS NOT NULL"))
    for row in list(rows):
        meeting = meetings[row.meeting_id]
        start = meeting.start if isinstance(meeting.start, dt.datetime) \
            else dt.datetime.fromisoformat(str(meeting.start))
        bind.execute(sa.text(f"UPDATE {table} SET offset_from = :a, offset_to = :b WHERE id = :id"),
                     {"a": _offset(start, meeting.tzid, row.window_from),
                      "b": _offset(start, meeting.tzid, row.window_to), "id": row.id})


def _fill_meeting_ids(bind: sa.Connection, meetings: dict) -> None:
    owners: dict[str, dict[int, int]] = {
        table: {row.id: row.meeting_id for row in bind.execute(
            sa.text(f"SELECT id, meeting_id FROM {table}"))}
        for table in ("participation", "agendaitem")}
    logged: dict[tuple[str, int], int] = {}  # rows deleted since: "meeting N, …" in their log
    revisions = list(bind.execute(sa.text("SELECT id, entity, entity_id, old, new FROM revision")))
    for row in revisions:
        found = re.match(r"meeting (\d+), ", row.new or "") or re.match(r"meeting (\d+), ", row.old or "")
        if row.entity in owners and found:
            logged.setdefault((row.entity, row.entity_id), int(found.group(1)))
    for row in revisions:
        if row.entity == "meeting":
            meeting = meetings.get(row.entity_id)
            owner = (meeting.master_id or meeting.id) if meeting else row.entity_id
        elif row.entity in owners:
            owner = owners[row.entity].get(row.entity_id) or logged.get((row.entity, row.entity_id))
        else:
            continue
        if owner is not None:
            bind.execute(sa.text("UPDATE revision SET meeting_id = :m WHERE id = :id"),
                         {"m": owner, "id": row.id})


def downgrade() -> None:
    raise NotImplementedError("scheduler keeps a store's history: restore a 'db dump' instead.")
