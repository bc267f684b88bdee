"""Which rows point at a record: every column of the store's tables with a foreign key to it.

Found through the schema, so tables added later (replies, reminders, busy sources, ...) are
included without being named here; tables the store does not have yet are left out.
"""

from sqlalchemy import Column, Table, inspect
from sqlmodel import Session

from scheduler.store.schema import metadata


def referencing(session: Session, target: str) -> list[tuple[Table, Column]]:
    """(table, column) for every column of the store that refers to a row of ``target``."""
    present = set(inspect(session.connection()).get_table_names())
    return [(table, fk.parent) for table in metadata().sorted_tables if table.name in present
            for fk in table.foreign_keys if fk.column.table.name == target]
