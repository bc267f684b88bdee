"""``serve``: the feed and the page over HTTP; ``token new/list/revoke``: who may open them."""

from __future__ import annotations

import click

from scheduler.cli.common import State, emit, json_option, pass_state
from scheduler.cli.language import command, group
from scheduler.text.i18n import _

DEFAULT_URL = "http://127.0.0.1:8080"


@command("serve", help="""Serve the feed and a page of coming meetings over HTTP (read-only).

/calendar.ics and /series/NAME.ics are the feed to subscribe to, / is a page for the phone;
each needs ?token=… from 'scheduler token new'. Stop it with Ctrl-C. Put it behind an HTTPS
proxy to reach it from outside.

\b
Example:
  scheduler serve --port 8080
  scheduler serve --host 0.0.0.0 --port 8443
""")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True, help="Port to listen on.")
@pass_state
def serve(state: State, host: str, port: int) -> None:
    from scheduler.store.engine import open_reader
    from scheduler.web.app import create_app
    from scheduler.web.server import listen
    from scheduler.web.server import serve as run

    sock = listen(host, port)
    engine = open_reader(state.db)
    click.echo(_("Serving on http://{host}:{port}/ (Ctrl-C stops).").format(host=host, port=port), err=True)
    try:
        run(create_app(engine, lambda: state.clock), sock)
    finally:
        engine.dispose()


@group("token", help="""Tokens that open the feed and the page served by 'serve'.

\b
Example:
  scheduler token new --url https://kalender.sodertorn.example
  scheduler token new --series Ledningsgrupp --json
  scheduler token list
  scheduler token revoke 2
""")
def token() -> None:
    pass


@token.command("new", help="""Make a token and print it with the feed's URL (shown only now).

\b
Example:
  scheduler token new --series Ledningsgrupp --url https://kalender.sodertorn.example
""")
@click.option("--series", metavar="SERIES", help="Only this series (default: the whole calendar).")
@click.option("--url", "base", envvar="SCHEDULER_URL", default=DEFAULT_URL, show_default=True,
              help="Where 'serve' is reached (env SCHEDULER_URL).")
@json_option
@pass_state
def token_new(state: State, series: str | None, base: str, as_json: bool) -> None:
    from scheduler.directory import find_series
    from scheduler.text.tokens import new_token_record, token_added, token_url
    from scheduler.tokens import new_token
    from scheduler.validate import Link, check

    base = check(Link, base, "--url")
    with state.session() as session:
        found = find_series(session, series) if series else None
        secret, _row = new_token(session, found)
        record = new_token_record(secret, token_url(base, secret, found))
    emit(as_json, record, lambda: token_added(record, base))


@token.command("list", help="""The tokens that open the feed (not their secrets).

\b
Example:
  scheduler token list --all
""")
@click.option("--all", "show_all", is_flag=True, help="Revoked tokens too.")
@json_option
@pass_state
def token_list(state: State, show_all: bool, as_json: bool) -> None:
    from scheduler.text.tokens import token_record, token_table
    from scheduler.tokens import tokens

    with state.session() as session:
        records = [token_record(session, row, state.clock.tz) for row in tokens(session, revoked=show_all)]
    emit(as_json, records, lambda: token_table(records))


@token.command("revoke", help="""Revoke a token: its URL opens nothing any more.

\b
Example:
  scheduler token revoke 2
""")
@click.argument("ident", metavar="TOKEN")
@json_option
@pass_state
def token_revoke(state: State, ident: str, as_json: bool) -> None:
    from scheduler.text.tokens import token_record, token_revoked
    from scheduler.tokens import find_token, revoke

    with state.session() as session:
        record = token_record(session, revoke(session, find_token(session, ident)), state.clock.tz)
    emit(as_json, record, lambda: token_revoked(record))
