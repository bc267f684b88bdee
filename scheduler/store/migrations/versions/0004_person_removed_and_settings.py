"""A person can be taken out of the directory (``person.removed_at``, kept for the history
of past meetings), and the store keeps its own settings (``setting``: the default organizer).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("removed_at", sa.DateTime(), nullable=True))
    op.create_table(
        "setting",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("setting")
    with op.batch_alter_table("person") as batch:
        batch.drop_column("removed_at")
