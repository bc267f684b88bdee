"""Indexes that keep everyday commands as fast on a store of many years as on one month.

- ``ix_meeting_window`` (master_id, rrule, start): the single meetings that start in a
  window, and the recurring masters, without reading the meetings outside it.
- ``ix_meeting_series_start`` (series_id, start): the previous meeting of a series (the
  notice "unlike the previous meeting") without reading the whole series.

No row changes.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_meeting_window", "meeting", ["master_id", "rrule", "start"])
    op.create_index("ix_meeting_series_start", "meeting", ["series_id", "start"])


def downgrade() -> None:
    op.drop_index("ix_meeting_series_start", table_name="meeting")
    op.drop_index("ix_meeting_window", table_name="meeting")
