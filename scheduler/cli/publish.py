"""``publish``: push meetings and open deadlines to a CalDAV server, only what changed."""

from __future__ import annotations

import click

from scheduler.cli.common import State, emit, json_option, pass_state
from scheduler.cli.language import command


@command("publish", help="""Publish meetings and open deadlines to a CalDAV calendar.

Sends only what changed since the last run (by UID, replacing with If-Match), deletes what
was cancelled or removed, and remembers what it sent. The password is read only from
SCHEDULER_CALDAV_PASSWORD.

\b
Example:
  SCHEDULER_CALDAV_PASSWORD=... scheduler publish --caldav https://dav.example.org/helene/ \\
    --calendar Ledningsgrupp --user helene
""")
@click.option("--caldav", "url", required=True, metavar="URL",
              help="The CalDAV server (with --calendar) or the calendar's own URL.")
@click.option("--calendar", metavar="NAME", help="The calendar's name on the server; made if it is missing.")
@click.option("--user", metavar="U", envvar="SCHEDULER_CALDAV_USER",
              help="Log in as U (env SCHEDULER_CALDAV_USER).")
@click.option("--remind", type=click.IntRange(min=0), default=3, show_default=True, metavar="N",
              help="Deadline alarms at 09.00, N working days before the last day.")
@json_option
@pass_state
def publish(state: State, url: str, calendar: str | None, user: str | None, remind: int, as_json: bool) -> None:
    import os

    from scheduler.ical.publish import connect
    from scheduler.ical.publish import publish as push
    from scheduler.text.publish import published_record, published_summary
    from scheduler.validate import Link, Name, check, optional

    url = check(Link, url, "--caldav")
    calendar = optional(Name, calendar, "--calendar")
    client, target = connect(url, calendar, user, os.environ.get("SCHEDULER_CALDAV_PASSWORD"))
    with state.session() as session:
        done = push(session, state.clock, client, target, remind)
    record = published_record(done)
    emit(as_json, record, lambda: published_summary(record))
    if done.failure is not None:
        raise done.failure
