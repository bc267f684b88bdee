"""Busy sources: the .ics exports, VFREEBUSY files and URLs that `person busy add` names for
`find-time`, added to the models before they had a migration.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "busysource",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", "source"),
    )
    with op.batch_alter_table("busysource", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_busysource_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("busysource", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_busysource_person_id"))

    op.drop_table("busysource")
