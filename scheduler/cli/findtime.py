"""``find-time``, ``freebusy`` and ``person busy``: when people can meet, and where their busy time comes from."""

from __future__ import annotations

import click

from scheduler.cli.common import State, emit, json_option, pass_state
from scheduler.cli.language import command, group
from scheduler.text.i18n import _


@command("find-time")
@click.option("--series", metavar="SERIES", help="Find a time for the members of this series.")
@click.option("--people", "people", metavar="PERSON", multiple=True,
              help="Who must come (repeat, or separate with commas), instead of --series.")
@click.option("--optional", metavar="PERSON", multiple=True,
              help="Who may come: breaks ties between slots (repeat, or separate with commas).")
@click.option("--duration", required=True, metavar="D", help="Length of the meeting: 90m, 2h, 2h30m.")
@click.option("--from", "first", required=True, metavar="DATE", help="First day to search.")
@click.option("--to", "last", required=True, metavar="DATE", help="Last day to search (at most 92 days on).")
@click.option("--hours", default="08.00-17.00", show_default=True, metavar="FROM-TO",
              help="Working hours that a meeting must fit in.")
@click.option("--step", default="30m", show_default=True, metavar="D", help="Distance between possible starts.")
@click.option("--limit", default=5, show_default=True, type=click.IntRange(1, 100),
              help="How many candidates to list.")
@click.option("--prefer", type=click.Choice(["earliest", "usual"]), default="earliest", show_default=True,
              help="Among equally good slots: the earliest, or the series' usual weekday and time.")
@click.option("--book", metavar="N", type=click.IntRange(1, 100),
              help="Turn candidate N into a meeting (of the series, with its members), ready for invite.")
@click.option("--title", metavar="TITLE", help="Title of the booked meeting (default: the series' name).")
@json_option
@pass_state
def find_time_command(state: State, series: str | None, people: tuple[str, ...], optional: tuple[str, ...],
                      duration: str, first: str, last: str, hours: str, step: str, limit: int, prefer: str,
                      book: int | None, title: str | None, as_json: bool) -> None:
    """Find when everyone can meet: ranked candidate slots inside working hours.

    Busy time comes from the meetings in the store and from each person's busy sources
    (see 'person busy add'). Weekends, Swedish public holidays and the days before them are
    left out. Slots where everyone required is free come first.

    \b
    Example:
      scheduler find-time --series Ledningsgrupp --duration 2h30m --from 2024-03-04 --to 2024-03-08
      scheduler find-time --people "Camilla Broo, Petra Oxonius" --duration 1h \\
        --from 2024-03-04 --to 2024-03-08 --book 1 --title Avstämning
    """
    from scheduler.availability import book_candidate
    from scheduler.directory import find_people, find_series
    from scheduler.findtime import Prefer, Request
    from scheduler.ical.busy import find_time
    from scheduler.text.candidates import candidate_record, candidates_text
    from scheduler.timeparse import parse_date, parse_duration, parse_time_range

    if bool(series) == bool(people):
        raise click.UsageError(_("Give --series or --people (one of them)."))
    clock = state.clock
    request = Request(parse_duration(duration), parse_date(first, today=clock.today),
                      parse_date(last, today=clock.today), parse_time_range(hours), parse_duration(step),
                      limit, Prefer(prefer))
    with state.session() as session:
        group = find_series(session, series) if series else None
        found = find_time(session, clock, request, series=group, people=find_people(session, people),
                          optional=find_people(session, optional))
        if book is not None:
            from scheduler.cli.meeting import show_meeting

            booked = book_candidate(session, clock, found.candidates, book, title=title, series=group,
                                    people=find_people(session, people))
            show_meeting(session, clock, booked, as_json)
            return
    emit(as_json, [candidate_record(item, clock.tz) for item in found.candidates],
         lambda: candidates_text(found.candidates, found.invitees, clock.tz))


@command("freebusy")
@click.argument("person", metavar="PERSON")
@click.option("--from", "first", required=True, metavar="DATE", help="First day.")
@click.option("--to", "last", required=True, metavar="DATE", help="Last day.")
@click.option("-o", "--output", "target", default="-", show_default=True, metavar="FILE",
              help="Where to write the VFREEBUSY ('-' is standard output).")
@pass_state
def freebusy(state: State, person: str, first: str, last: str, target: str) -> None:
    """Write a person's busy time in the store as a VFREEBUSY (METHOD:PUBLISH): times only, no titles.

    \b
    Example: scheduler freebusy "Camilla Broo" --from 2024-01-01 --to 2024-03-31 -o camilla.ifb
    """
    from scheduler.directory import find_person
    from scheduler.ical.busy import person_busy
    from scheduler.ical.invitations import write_output
    from scheduler.timeparse import parse_date

    clock = state.clock
    with state.session() as session:
        data = person_busy(session, clock, find_person(session, person),
                           parse_date(first, today=clock.today), parse_date(last, today=clock.today))
    if target == "-":
        click.open_file("-", "wb").write(data)
    else:
        click.echo(_("Wrote {path}.").format(path=write_output(target, data)))


@group("busy")
def busy() -> None:
    """Where a person's busy time outside the store comes from (.ics exports, VFREEBUSY)."""


@busy.command("add")
@click.argument("person", metavar="PERSON")
@click.argument("source", metavar="FILE_OR_URL")
@pass_state
def busy_add(state: State, person: str, source: str) -> None:
    """Read PERSON's busy time also from FILE_OR_URL when finding a time.

    The source is an .ics export of their calendar or a VFREEBUSY (.vfb, .ifb, a CalDAV
    free-busy answer); a URL is fetched at use, with a timeout.

    \b
    Example: scheduler person busy add "Camilla Broo" https://cal.huddinge.example/camilla.ifb
    """
    from scheduler.availability import add_source
    from scheduler.directory import find_person

    with state.session() as session:
        add_source(session, find_person(session, person), source)


@busy.command("list")
@click.argument("person", metavar="PERSON")
@json_option
@pass_state
def busy_list(state: State, person: str, as_json: bool) -> None:
    """List where PERSON's busy time comes from.

    \b
    Example: scheduler person busy list "Camilla Broo"
    """
    from scheduler.availability import sources
    from scheduler.directory import find_person
    from scheduler.text.candidates import sources_text

    with state.session() as session:
        found = find_person(session, person)
        assert found.id is not None
        named = sources(session, [found.id]).get(found.id, [])
        name = found.name
    emit(as_json, named, lambda: sources_text(name, named))


@busy.command("remove")
@click.argument("person", metavar="PERSON")
@click.argument("source", metavar="FILE_OR_URL")
@pass_state
def busy_remove(state: State, person: str, source: str) -> None:
    """Stop reading PERSON's busy time from FILE_OR_URL.

    \b
    Example: scheduler person busy remove "Camilla Broo" https://cal.huddinge.example/camilla.ifb
    """
    from scheduler.availability import remove_source
    from scheduler.directory import find_person

    with state.session() as session:
        remove_source(session, find_person(session, person), source)
