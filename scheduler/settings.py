"""Store-wide settings, kept in the store itself (``config set organizer PERSON``,
``config set language en``)."""

from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, select

from scheduler import history
from scheduler.errors import InputError
from scheduler.store.models import Person, Series, Setting
from scheduler.text.i18n import DEFAULT, checked

#: The settings there are, each with what its value is.
KNOWN = {"organizer": "PERSON", "language": "LANGUAGE"}
STORE_LANGUAGE = "scheduler.store_language"  # its key in ``Session.info``


def _row(session: Session, key: str) -> Setting | None:
    if key not in KNOWN:
        raise InputError("No setting {key!r}: the settings are {known}.", key=key, known=", ".join(sorted(KNOWN)))
    return session.get(Setting, key)


def _value(session: Session, key: str, stored: str | None) -> Person | str | None:
    """A stored value as what it means: the organizer a Person, the language its code."""
    if not stored:
        return None
    return session.get(Person, int(stored)) if key == "organizer" else stored


def _shown(value: Person | str | None) -> str | None:
    return value.name if isinstance(value, Person) else value


def set_setting(session: Session, key: str, value: Person | str | None) -> tuple[object, object]:
    """Set (or with None clear) one setting: the organizer a Person, the language a code
    (InputError listing the languages there are); returns old and new as the history shows them."""
    row = _row(session, key) or Setting(key=key)
    old = _shown(_value(session, key, row.value))
    if isinstance(value, Person):
        row.value = str(value.id)
    else:
        row.value = checked(value) if value else None
    new = _shown(value) if isinstance(value, Person) else row.value
    session.add(row)
    session.info.pop(STORE_LANGUAGE, None)
    if old != new:
        history.record(session, "setting", 0, key, old, new)
    session.flush()
    return old, new


def default_organizer(session: Session) -> Person | None:
    """The person who organizes meetings outside a series, when set."""
    row = session.get(Setting, "organizer")
    return session.get(Person, int(row.value)) if row and row.value else None


def store_language(session: OrmSession) -> str:
    """The language of what the store's recipients read: ``config set language``, else Swedish.

    Read once per session (``set_setting`` keeps it current): a listing asks for each meeting
    it shows, and an unset language is no row, which the session cannot keep."""
    if STORE_LANGUAGE not in session.info:
        row = session.get(Setting, "language")
        session.info[STORE_LANGUAGE] = row.value if row and row.value else DEFAULT
    return session.info[STORE_LANGUAGE]


def recipients_language(session: OrmSession, series: Series | None) -> str:
    """What the recipients of a series' meetings read: the series' language, else the store's."""
    return series.language if series is not None and series.language else store_language(session)


def settings(session: Session) -> dict[str, Person | str | None]:
    """Every known setting and its value (None when unset)."""
    rows = {row.key: row.value for row in session.exec(select(Setting)).all()}
    return {key: _value(session, key, rows.get(key)) for key in KNOWN}
