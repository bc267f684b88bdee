"""The pydantic models of outside records (TOML entries, imported events, the people they
name), made of ``scheduler.validate``'s types; apart, so that commands that read no file do
not build them."""

from functools import lru_cache

from pydantic import BaseModel

from scheduler.validate import Description, Duration, Email, Link, Moment, Name, Place, Title, check


class Checked(BaseModel, extra="forbid", strict=True, populate_by_name=True):
    """Base of the models of outside records (TOML entries, imported events)."""


class Someone(Checked):
    name: Name
    email: Email


@lru_cache(maxsize=4096)  # a file names the same few people in every event
def someone(name: str, email: str) -> Someone:
    """A person named in a file (an organizer, an attendee), checked once however many events
    name them; InputError saying what is wrong otherwise."""
    return check(Someone, {"name": name, "email": email}, "people")


class ImportedEvent(Checked):
    """The fields of an event from an .ics file that the command line would check too (its
    people are checked by ``someone``)."""

    title: Title
    location: Place | None = None
    online: Link | None = None
    description: Description | None = None
    start: Moment
    end: Moment | None = None
    length: Duration | None = None
