"""Publishing to a CalDAV server (``publish``): meetings and open deadlines, only what changed.

Each meeting (a series with its overrides) and each open deadline is one calendar object,
``UID.ics`` in the calendar collection, without METHOD (CalDAV stores no iTIP method) and
without attendees, as in the feed. What was sent is remembered per calendar
(``Publication``: its href, the server's ETag and a digest of the content without DTSTAMP),
so a second run sends nothing; a changed object is replaced with ``If-Match`` its ETag, a
cancelled or removed one deleted. An object's URL follows from its UID, so a run that
stopped halfway (the server down) is finished by the next one without doubles.
"""

from dataclasses import dataclass, field
from urllib.parse import quote

import icalendar
from caldav.davclient import DAVClient
from caldav.lib import error as caldav_error
from sqlmodel import Session, select

from scheduler.clock import Clock, utcnow
from scheduler.errors import OutputError, warn
from scheduler.ical.components import PRODID, meeting_components, to_bytes
from scheduler.ical.feed import content_digest, deadline_event, feed_deadlines, feed_meetings
from scheduler.reminders import DEFAULT_REMIND
from scheduler.store.exchanges import Publication

CALENDAR_TYPE = "text/calendar; charset=utf-8"


@dataclass
class Published:
    """What one run did to the calendar at ``url``, and the failure that stopped it, if any."""

    url: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    failure: OutputError | None = None


def calendar_objects(session: Session, clock: Clock, remind: int = DEFAULT_REMIND) -> dict[str, bytes]:
    """UID -> the calendar object to store: every meeting that is not cancelled, every open deadline."""
    found: dict[str, bytes] = {}
    for meeting in feed_meetings(session):
        if meeting.status != "cancelled":
            found[meeting.uid] = _object(meeting_components(session, clock, meeting, attendees=False))
    stamp = utcnow()
    for deadline in feed_deadlines(session, clock):
        found[deadline.uid] = _object([deadline_event(session, clock, deadline, remind, stamp)])
    return found


def _object(components: list) -> bytes:
    calendar = icalendar.Calendar.new(prodid=PRODID)
    calendar.pop("UID", None)
    calendar.pop("METHOD", None)
    for component in components:
        calendar.add_component(component)
    return to_bytes(calendar)


def connect(url: str, calendar: str | None, user: str | None, password: str | None) -> tuple[DAVClient, str]:
    """A client and the calendar collection's URL: ``url`` itself, or with ``calendar`` the
    principal's calendar of that name at ``url`` (made if it is not there)."""
    client = DAVClient(url, username=user, password=password, enable_rfc6764=False)
    try:
        if calendar is None:
            target = client.calendar(url=url)
            target.get_display_name()  # reaches the server: wrong password or URL show here
            return client, str(target.url)
        principal = client.principal()
        found = next((c for c in principal.calendars() if c.get_display_name() == calendar), None)
        return client, str((found or principal.make_calendar(name=calendar)).url)
    except caldav_error.AuthorizationError as err:
        raise OutputError("The CalDAV server {url} refused the login{user}: check --user and "
                          "SCHEDULER_CALDAV_PASSWORD. Nothing was published.", url=url,
                          user=f" {user}" if user else "") from err
    except (caldav_error.DAVError, OSError) as err:
        raise OutputError("Cannot reach the CalDAV calendar at {url}: {reason}; check --caldav and "
                            "--calendar. Nothing was published.", url=url, reason=_reason(err)) from err


def _reason(err: Exception) -> str:
    return (str(err) or type(err).__name__).splitlines()[0]


def publish(session: Session, clock: Clock, client: DAVClient, url: str,
            remind: int = DEFAULT_REMIND) -> Published:
    """Bring the calendar at ``url`` up to date, recording each step as it succeeds."""
    done = Published(url)
    known = {row.uid: row for row in session.exec(select(Publication).where(Publication.target == url)).all()}
    try:
        for uid, data in calendar_objects(session, clock, remind).items():
            digest = content_digest(data)
            row = known.pop(uid, None)
            if row is not None and row.digest == digest:
                done.unchanged += 1
                continue
            href = row.href if row else url.rstrip("/") + "/" + quote(uid, safe="") + ".ics"
            etag = _put(client, href, data, row.etag if row else None)
            row = row or Publication(target=url, uid=uid, href=href, digest=digest)
            (done.updated if row.id else done.added).append(uid)
            row.etag, row.digest, row.published_at = etag, digest, utcnow()
            session.add(row)
            session.flush()
        for uid, row in known.items():
            _delete(client, row.href, row.etag)
            session.delete(row)
            session.flush()
            done.deleted.append(uid)
    except OutputError as err:
        done.failure = err
    return done


def _request(call, href: str):
    try:
        return call()
    except (caldav_error.DAVError, OSError) as err:
        raise OutputError("The CalDAV server stopped answering at {href}: {reason}. What was published "
                            "is remembered; run 'publish' again to finish.", href=href, reason=_reason(err)) from err


def _checked(response, href: str) -> None:
    if response.status in (401, 403):
        raise OutputError("The CalDAV server refused to change {href} ({status}): check --user and "
                            "SCHEDULER_CALDAV_PASSWORD.", href=href, status=response.status)
    if response.status >= 400:
        raise OutputError("The CalDAV server answered {status} for {href}; what was published is "
                            "remembered.", href=href, status=response.status)


def _put(client: DAVClient, href: str, data: bytes, etag: str | None) -> str | None:
    """PUT the object, only over the version we sent (If-Match) or where there is none yet
    (If-None-Match); one changed or made by someone else is replaced, with a warning."""
    condition = {"If-Match": etag} if etag else {"If-None-Match": "*"}
    headers = {"Content-Type": CALENDAR_TYPE}
    body = data.decode()
    response = _request(lambda: client.put(href, body, {**headers, **condition}), href)
    if response.status == 412:
        if etag:
            warn("{href} was changed on the CalDAV server since it was published: replaced.", href=href)
        response = _request(lambda: client.put(href, body, headers), href)
    _checked(response, href)
    return response.headers.get("ETag")


def _delete(client: DAVClient, href: str, etag: str | None) -> None:
    response = _request(lambda: client.delete(href, {"If-Match": etag} if etag else {}), href)
    if response.status == 412:
        warn("{href} was changed on the CalDAV server since it was published: deleted all the same.", href=href)
        response = _request(lambda: client.delete(href), href)
    if response.status != 404:
        _checked(response, href)
