"""The lists of what is coming: ``upcoming``, ``deadlines``, ``notices`` and ``conflicts``."""

from __future__ import annotations

import click

from scheduler.cli.common import WORD, State, emit, format_option, json_option, pass_state, plain_or_json
from scheduler.cli.language import command
from scheduler.cli.listing import Listing, listing_options
from scheduler.limits import HORIZON_DAYS


@command()
@listing_options(HORIZON_DAYS)
@json_option
@pass_state
def upcoming(state: State, listing: Listing, as_json: bool) -> None:
    """Meetings and deadlines from today on, one time line (overdue deadlines too).

    \b
    Examples: scheduler --today 2023-12-15 upcoming --days 70
              scheduler --today 2023-12-15 upcoming --from 2024-02-01 --to 2024-02-29
              scheduler --today 2023-12-15 upcoming --days 70 --person "Helene Olofsson"
    """
    from scheduler.text.render import timeline
    from scheduler.timeline import coming

    clock = state.clock
    with state.session() as session:
        found = coming(session, clock, listing.select(state, session))
        records, text = timeline(session, found.items, clock, found.notices, found.untold)
    emit(as_json, records, lambda: text)


@command()
@listing_options(HORIZON_DAYS)
@click.option("--since", metavar="DATE", help="Only notices that arose on or after DATE.")
@format_option
@json_option
@pass_state
def notices(state: State, listing: Listing, since: str | None, plain: bool, as_json: bool) -> None:
    """Upcoming meetings whose time or place is new: changed since announced, or unlike
    the previous meeting of the series ("OBS! Ny tid och plats").

    \b
    Example: scheduler --today 2023-12-15 notices --format text
    """
    from scheduler.text.render import notice_listing
    from scheduler.timeline import flagged
    from scheduler.timeparse import parse_date

    clock = state.clock
    after = clock.day_start(parse_date(since, today=clock.today)) if since else None
    with state.session() as session:
        found = flagged(session, clock, listing.select(state, session), since=after)
        records, text = notice_listing(session, found, clock, plain=plain_or_json(plain, as_json))
    emit(as_json, records, lambda: text)


@command()
@listing_options(None, person_names=("--person", "--owner"))
@click.option("--matter", type=WORD, metavar="MATTER", help="Only this matter's (any case).")
@click.option("--all", "include_done", is_flag=True, help="Done ones too (after the open ones).")
@json_option
@pass_state
def deadlines(state: State, listing: Listing, matter: str | None, include_done: bool,
              as_json: bool) -> None:
    """Open deadlines with days and working days left, overdue first, by last day: every
    one, or those due in a window (--days N: within N days, and every overdue one).

    \b
    Examples: scheduler --today 2023-12-15 deadlines --matter Inriktningsplaneringen
              scheduler --today 2023-12-15 deadlines --days 60 --person "Helene Olofsson"
    """
    from scheduler.deadlines import open_deadlines
    from scheduler.text.render import deadline_listing

    with state.session() as session:
        found = open_deadlines(session, state.clock, listing.select(state, session),
                               include_done=include_done, matter=matter)
        records, text = deadline_listing(session, found, state.clock)
    emit(as_json, records, lambda: text)


@command("conflicts")
@listing_options(HORIZON_DAYS, filters=False)
@json_option
@pass_state
def conflicts_command(state: State, listing: Listing, as_json: bool) -> None:
    """People and places booked twice at once, from today on.

    A person is busy only in their window, and not at all when absent.

    \b
    Example: scheduler --today 2023-12-15 conflicts --days 90
    """
    from scheduler.conflicts import conflicts
    from scheduler.text.records import conflict_record
    from scheduler.text.render import conflict_listing

    clock = state.clock
    with state.session() as session:
        found = conflicts(session, clock, listing.select(state, session))
        emit(as_json, [conflict_record(c, clock.tz) for c in found],
             lambda: conflict_listing(found, clock.tz))
