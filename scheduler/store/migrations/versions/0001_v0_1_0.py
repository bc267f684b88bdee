"""The schema of the first release, v0.1.0 (commit 13c576c).

Stores made by v0.1.0 have no ``alembic_version`` table; ``scheduler db upgrade`` recognises
their tables and records this revision before it runs the later ones. Columns use plain
SQL types (times are naive UTC ``DateTime``), so this file never changes with the models.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    text, time, flag = sa.String(), sa.DateTime(), sa.Boolean()
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", text, nullable=True),
        sa.Column("name", text, nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", text, nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("field", text, nullable=False),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.Column("at", time, nullable=False),
        sa.Column("reason", text, nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_revision_at", "revision", ["at"])
    op.create_index("ix_revision_entity", "revision", ["entity", "entity_id"])
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", text, nullable=True),
        sa.Column("name", text, nullable=False),
        sa.Column("email", text, nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
        sa.UniqueConstraint("key"),
    )
    op.create_index("ix_person_name", "person", ["name"])
    op.create_table(
        "series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", text, nullable=True),
        sa.Column("name", text, nullable=False),
        sa.Column("location", text, nullable=True),
        sa.Column("start_time", text, nullable=True),
        sa.Column("end_time", text, nullable=True),
        sa.Column("secretary_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["secretary_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", text, nullable=False),
        sa.Column("key", text, nullable=True),
        sa.Column("title", text, nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("organizer_id", sa.Integer(), nullable=True),
        sa.Column("start", time, nullable=False),
        sa.Column("end", time, nullable=False),
        sa.Column("all_day", flag, nullable=False),
        sa.Column("end_approximate", flag, nullable=False),
        sa.Column("tzid", text, nullable=False),
        sa.Column("location", text, nullable=True),
        sa.Column("online", text, nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("status", text, nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("external", flag, nullable=False),
        sa.Column("rrule", text, nullable=True),
        sa.Column("master_id", sa.Integer(), nullable=True),
        sa.Column("recurrence_id", time, nullable=True),
        sa.Column("created_at", time, nullable=False),
        sa.ForeignKeyConstraint(["master_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["organizer_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["series_id"], ["series.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
        sa.UniqueConstraint("master_id", "recurrence_id"),
        sa.UniqueConstraint("uid"),
    )
    op.create_index("ix_meeting_master_id", "meeting", ["master_id"])
    op.create_index("ix_meeting_series_id", "meeting", ["series_id"])
    op.create_index("ix_meeting_span", "meeting", ["start", "end"])
    op.create_table(
        "seriesmember",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", text, nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["series_id"], ["series.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("series_id", "person_id"),
    )
    op.create_index("ix_seriesmember_series_id", "seriesmember", ["series_id"])
    op.create_table(
        "agendaitem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", text, nullable=False),
        sa.Column("window_from", text, nullable=True),
        sa.Column("window_to", text, nullable=True),
        sa.Column("presenter_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["presenter_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "position"),
    )
    op.create_index("ix_agendaitem_meeting_id", "agendaitem", ["meeting_id"])
    op.create_table(
        "deadline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", text, nullable=False),
        sa.Column("key", text, nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("title", text, nullable=False),
        sa.Column("due_from", sa.Date(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("precision", text, nullable=False),
        sa.Column("phrase", text, nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("kind", text, nullable=False),
        sa.Column("matter", text, nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("meeting_occurrence", sa.Date(), nullable=True),
        sa.Column("working_days_before", sa.Integer(), nullable=True),
        sa.Column("done", flag, nullable=False),
        sa.Column("done_at", time, nullable=True),
        sa.Column("created_at", time, nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["owner_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
        sa.UniqueConstraint("uid"),
    )
    op.create_index("ix_deadline_due", "deadline", ["due"])
    op.create_index("ix_deadline_meeting_id", "deadline", ["meeting_id"])
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("url", text, nullable=False),
        sa.Column("title", text, nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_document_meeting_id", "document", ["meeting_id"])
    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("recurrence_id", time, nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("email", text, nullable=True),
        sa.Column("method", text, nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("issued_at", time, nullable=False),
        sa.Column("channel", text, nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_invitation_meeting_id", "invitation", ["meeting_id"])
    op.create_table(
        "participation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", text, nullable=False),
        sa.Column("mode", text, nullable=False),
        sa.Column("window_from", text, nullable=True),
        sa.Column("window_to", text, nullable=True),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("rsvp", text, nullable=False),
        sa.Column("note", text, nullable=True),
        sa.ForeignKeyConstraint(["agenda_item_id"], ["agendaitem.id"]),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "person_id"),
    )
    op.create_index("ix_participation_meeting_id", "participation", ["meeting_id"])
    op.create_index("ix_participation_person_id", "participation", ["person_id"])


TABLES = ("participation", "invitation", "document", "deadline", "agendaitem", "seriesmember",
          "meeting", "series", "person", "revision", "organisation")


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
