"""Organisations, people and series: who is who, and how users name them."""

from collections.abc import Iterable

from sqlalchemy import func
from sqlmodel import Session, col, select

from scheduler.errors import InputError, NotFoundError, Phrase, StateError, nonblank
from scheduler.store.models import Meeting, Organisation, Person, Series, SeriesMember
from scheduler.validate import Email, check, record_id


def same_name(a: str, b: str) -> bool:
    """Names compared in any case, Å Ä Ö included (SQL's lower() folds only ASCII)."""
    return a.strip().casefold() == b.strip().casefold()


def organisation_named(session: Session, name: str) -> Organisation:
    """The organisation called ``name`` (any case), created if new."""
    found = next((o for o in session.exec(select(Organisation)).all() if same_name(o.name, name)),
                 None)
    if found:
        return found
    organisation = Organisation(name=name.strip())
    session.add(organisation)
    session.flush()
    return organisation


def add_person(
    session: Session, name: str, *, email: str | None = None, org: str | None = None,
    key: str | None = None, allow_same_name: bool = False,
) -> Person:
    """A new person; StateError for an e-mail already taken, or (unless ``allow_same_name``)
    a name someone already has, in any case."""
    name = nonblank(name, "A person needs a name.")
    if not allow_same_name:
        same = [p for p in session.exec(select(Person).order_by(col(Person.id))).all()
                if same_name(p.name, name)]
        if same:
            known = ", ".join(f"id {p.id}" + (f", {p.email}" if p.email else "") for p in same)
            raise StateError("{name} is already in the directory ({known}): use that person, or add --allow-same-name "
                             "if this is someone else.", name=same[0].name, known=known)
    if email is not None:
        email = free_email(session, email)
    person = Person(name=name, email=email, key=key)
    if org:
        person.organisation_id = organisation_named(session, org).id
    session.add(person)
    session.flush()
    return person


def free_email(session: Session, email: str, *, owner: Person | None = None) -> str:
    """``email`` checked, if it is an address that no one but ``owner`` has."""
    email = check(Email, email, "--email")
    taken = session.exec(select(Person).where(func.lower(Person.email) == email.lower())).first()
    if taken and taken is not owner:
        raise StateError(
            "The e-mail {email} already belongs to {name} (id {id}): give another address, or use that person.",
            email=email, name=taken.name, id=taken.id
        )
    return email


def find_person(session: Session, ident: str) -> Person:
    """A person by id, e-mail or unambiguous name (any case; a unique part of a name will do)."""
    ident = ident.strip()
    if number := record_id(ident):
        person = session.get(Person, number)
        if person and person.removed_at is None:
            return person
    if "@" in ident:
        person = session.exec(
            select(Person).where(func.lower(Person.email) == ident.lower())
        ).first()
        if person and person.removed_at is None:
            return person
    everyone = sorted(people(session), key=lambda p: p.id or 0)
    matches = [p for p in everyone if same_name(p.name, ident)] or [
        p for p in everyone if ident.casefold() in p.name.casefold()]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFoundError(
            "No person {ident!r}: give an id, an e-mail or a name from 'scheduler person list'.", ident=ident
        )
    candidates = ", ".join(f"{p.name} (id {p.id}{', ' + p.email if p.email else ''})"
                           for p in matches)
    raise InputError('{ident!r} could be {candidates}: give the id or e-mail.', ident=ident, candidates=candidates)


def find_people(session: Session, idents: Iterable[str]) -> list[Person]:
    """People named by the given texts, each of which may name several separated by commas."""
    found: list[Person] = []
    for text in idents:
        for ident in filter(None, (part.strip() for part in text.split(","))):
            person = find_person(session, ident)
            if person not in found:
                found.append(person)
    return found


def find_series(session: Session, ident: str) -> Series:
    ident = ident.strip()
    number = record_id(ident)
    series = session.get(Series, number) if number else None
    known = session.exec(select(Series)).all()
    series = series or next((s for s in known if same_name(s.name, ident) or s.key == ident), None)
    if not series:
        names = ", ".join(s.name for s in known) or Phrase("none yet")
        raise NotFoundError('No series {ident!r}: known series are {names}.', ident=ident, names=names)
    return series


def series_members(session: Session, series: Series) -> list[SeriesMember]:
    return list(session.exec(select(SeriesMember).where(SeriesMember.series_id == series.id)).all())


def organisation_of(session: Session, person: Person) -> Organisation | None:
    return session.get(Organisation, person.organisation_id) if person.organisation_id else None


def people(session: Session) -> list[Person]:
    """The directory: everyone not removed, by name."""
    query = select(Person).where(col(Person.removed_at).is_(None)).order_by(col(Person.name), col(Person.id))
    return list(session.exec(query).all())


def people_by_id(session: Session, ids: Iterable[int | None]) -> dict[int, Person]:
    """The people with ``ids``: one query for those not yet read this way in the session,
    which keeps them (the session's identity map forgets a row nobody holds, so listings
    would read the same organizer or owner once a row)."""
    known: dict[int, Person] = session.info.setdefault("people_by_id", {})
    missing = set(ids) - known.keys() - {None}
    if missing:
        known.update((p.id, p) for p in session.exec(select(Person).where(col(Person.id).in_(missing))).all())  # type: ignore[misc]
    return known


def organizer_of(session: Session, meeting: Meeting) -> Person | None:
    """The organizer: the meeting's own, else its series' secretary."""
    if meeting.organizer_id is not None:
        return session.get(Person, meeting.organizer_id)
    return meeting.series.secretary if meeting.series else None
