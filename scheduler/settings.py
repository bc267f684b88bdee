"""Store-wide settings, kept in the store itself (``config set organizer PERSON``)."""

from sqlmodel import Session, select

from scheduler import history
from scheduler.errors import InputError
from scheduler.store.models import Person, Setting

#: The settings there are, each with what its value is.
KNOWN = {"organizer": "PERSON"}


def _row(session: Session, key: str) -> Setting | None:
    if key not in KNOWN:
        raise InputError("No setting {key!r}: the settings are {known}.", key=key, known=", ".join(sorted(KNOWN)))
    return session.get(Setting, key)


def set_setting(session: Session, key: str, value: Person | None) -> tuple[object, object]:
    """Set (or with None clear) one setting; returns old and new as the history shows them."""
    row = _row(session, key) or Setting(key=key)
    old = session.get(Person, int(row.value)) if row.value else None
    row.value = str(value.id) if value is not None else None
    session.add(row)
    old_name, new_name = (old.name if old else None), (value.name if value else None)
    if old_name != new_name:
        history.record(session, "setting", 0, key, old_name, new_name)
    session.flush()
    return old_name, new_name


def default_organizer(session: Session) -> Person | None:
    """The person who organizes meetings outside a series, when set."""
    row = session.get(Setting, "organizer")
    return session.get(Person, int(row.value)) if row and row.value else None


def settings(session: Session) -> dict[str, Person | None]:
    """Every known setting and its value (None when unset)."""
    rows = {row.key: row for row in session.exec(select(Setting)).all()}
    return {key: (session.get(Person, int(rows[key].value))  # type: ignore[arg-type]
                  if key in rows and rows[key].value else None) for key in KNOWN}
