"""Alembic's environment, run from ``scheduler.store.schema`` (no alembic.ini).

The caller passes an open connection in ``config.attributes["connection"]``; migrations
run inside the caller's transaction, so an upgrade is kept whole or not at all.
"""

from alembic import context
from sqlalchemy.types import TypeDecorator

from scheduler.store.schema import metadata


def plain_types(kind: str, value, autogen_context):
    """Autogenerate writes plain SQL types (``sa.DateTime()``, not ``UTCDateTime``): a
    migration never imports the models, which go on changing after it."""
    if kind == "type" and isinstance(value, TypeDecorator):
        return f"sa.{type(value.impl_instance).__name__}()"
    return False


context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=metadata(),  # the tables autogenerate compares with
    render_as_batch=True,  # SQLite changes columns by copying the table
    compare_type=True,
    render_item=plain_types,
)
with context.begin_transaction():
    context.run_migrations()
