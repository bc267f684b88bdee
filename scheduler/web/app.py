"""The web application: ``/calendar.ics``, ``/series/{name}.ics``, ``/freebusy/{email}.ifb``
and the page ``/``.

Every request needs a valid token (``?token=…``); without one the answer is a bare 404 that
says nothing about what exists. The feeds carry ``ETag`` and ``Last-Modified`` and answer a
conditional request with ``304 Not Modified``. The application only reads the store: its
engine refuses writes (``store.engine.open_reader``) and no session is ever committed.
"""

import datetime as dt
from collections.abc import Callable
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from scheduler.clock import Clock
from scheduler.deadlines import open_deadlines
from scheduler.findtime import MAX_WINDOW_DAYS
from scheduler.ical.busy import person_busy
from scheduler.ical.feed import build_feed, content_digest, secretariat_name
from scheduler.ical.invitations import slug
from scheduler.notices import notices_for
from scheduler.occurrences import instances_between
from scheduler.selection import Selection
from scheduler.store.models import Deadline, Meeting, Person, Revision, Series
from scheduler.text.i18n import _, language, ngettext, speaking
from scheduler.text.labels import deadline_state, instance_label, window_label
from scheduler.text.wording import feed_name, for_recipients, notice_message
from scheduler.tokens import Access, access

CALENDAR_TYPE = "text/calendar; charset=utf-8"
PAGE_DAYS = 120  # how far ahead the page lists meetings
FREEBUSY_DAYS = MAX_WINDOW_DAYS  # how far ahead /freebusy tells, as far as find-time looks
TEMPLATES = Path(__file__).resolve().parent / "templates"


def create_app(engine: Engine, clock: Callable[[], Clock]) -> Starlette:
    """The application on a read-only ``engine``; ``clock`` gives "now" for each request."""
    templates = environment()

    def opened(request: Request, session: Session) -> Access | None:
        return access(session, request.query_params.get("token"))

    def calendar(request: Request) -> Response:
        with Session(engine) as session:
            found = opened(request, session)
            if found is None:
                return not_found()
            return feed_response(request, session, clock(), found.series)

    def series_calendar(request: Request) -> Response:
        with Session(engine) as session:
            found = opened(request, session)
            series = series_named(session, request.path_params["name"])
            if found is None or series is None or found.series not in (None, series):
                return not_found()
            return feed_response(request, session, clock(), series)

    def page(request: Request) -> Response:
        with Session(engine) as session:
            found = opened(request, session)
            if found is None:
                return not_found()
            context = page_context(session, clock(), found.series)
        with speaking(context["lang"]):  # the template's words, in the language of its values
            return HTMLResponse(templates.get_template("index.html").render(**context))

    def freebusy(request: Request) -> Response:
        """A person's busy time (no titles, no places) for Outlook's Internet Free/Busy and other
        schedulers: only with a token for the whole calendar."""
        with Session(engine) as session:
            found = opened(request, session)
            person = person_with_email(session, request.path_params["email"])
            if found is None or found.series is not None or person is None:
                return not_found()
            now = clock()
            data = person_busy(session, now, person, now.today, now.today + dt.timedelta(days=FREEBUSY_DAYS))
        return Response(data, media_type=CALENDAR_TYPE)

    routes = [Route("/", page), Route("/calendar.ics", calendar),
              Route("/series/{name}.ics", series_calendar), Route("/freebusy/{email}.ifb", freebusy)]
    return Starlette(routes=routes)


def environment() -> Environment:
    """Jinja2 with autoescaping and the catalogs' ``_`` and ``ngettext``."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                      extensions=["jinja2.ext.i18n"])
    env.install_gettext_callables(_, ngettext, newstyle=True)  # type: ignore[attr-defined]
    return env


def not_found() -> Response:
    return PlainTextResponse("Not Found", status_code=404)


def person_with_email(session: Session, email: str) -> Person | None:
    return session.exec(select(Person).where(func.lower(Person.email) == email.lower())).first()


def series_named(session: Session, name: str) -> Series | None:
    """The series a feed path names: by its key, or its name as a slug (``samarbetskommitten``)."""
    return next((s for s in session.exec(select(Series)).all() if name in (s.key, slug(s.name))), None)


def last_change(session: Session) -> dt.datetime:
    """When the store last changed: the newest revision or new meeting or deadline."""
    moments = [session.exec(select(func.max(column))).one() for column in
               (Revision.at, Meeting.created_at, Deadline.created_at, Deadline.done_at)]
    found = [m if m.tzinfo else m.replace(tzinfo=dt.UTC) for m in moments if m is not None]
    return max(found, default=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)).replace(microsecond=0)


def etag(data: bytes) -> str:
    """A strong validator of the feed's content: DTSTAMP (the time it was written) left out."""
    return '"' + content_digest(data)[:32] + '"'


def feed_response(request: Request, session: Session, clock: Clock, series: Series | None) -> Response:
    """The feed, or 304 when the client's copy (If-None-Match, else If-Modified-Since) is current."""
    feed = build_feed(session, clock, Selection(series=series))
    tag, modified = etag(feed.data), last_change(session)
    headers = {"ETag": tag, "Last-Modified": format_datetime(modified, usegmt=True),
               "Cache-Control": "private, max-age=0, must-revalidate"}
    if not_modified(request, tag, modified):
        return Response(status_code=304, headers=headers)
    return Response(feed.data, media_type=CALENDAR_TYPE, headers=headers)


def not_modified(request: Request, tag: str, modified: dt.datetime) -> bool:
    wanted = request.headers.get("if-none-match")
    if wanted is not None:
        return tag in [value.strip().removeprefix("W/") for value in wanted.split(",")] or wanted.strip() == "*"
    since = request.headers.get("if-modified-since")
    if since:
        try:
            return modified <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


@for_recipients
def page_context(session: Session, clock: Clock, series: Series | None) -> dict:
    """What the page shows: the coming meetings (with their notices) and the open deadlines."""
    end = clock.day_end(clock.today + dt.timedelta(days=PAGE_DAYS))
    found = instances_between(session, clock.now, end, include_cancelled=True,
                              series_id=series.id if series else None)
    notices = notices_for(session, clock, found)
    meetings = [{
        "title": item.meeting.title,
        "when": instance_label(item, clock.tz),
        "location": item.meeting.location,
        "online": item.meeting.online,
        "cancelled": item.cancelled,
        "notice": notice_message(notices[(item.id, item.occurrence)], clock.tz)
        if (item.id, item.occurrence) in notices else None,
    } for item in found]
    deadlines = open_deadlines(session, clock)
    if series is not None:
        ids = {item.root.id for item in instances_between(session, clock.day_start(dt.date(1970, 1, 1)), end,
                                                          series_id=series.id)}
        deadlines = [d for d in deadlines if d.meeting_id in ids]
    return {
        "lang": language(),
        "title": feed_name(series.name if series else secretariat_name(session)),
        "meetings": meetings,
        "deadlines": [{"title": d.title, "due": window_label(d), "left": deadline_state(d, clock),
                       "overdue": d.due < clock.today} for d in deadlines],
    }
