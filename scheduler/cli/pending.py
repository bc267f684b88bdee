"""``pending``: who has not been sent the current version of a coming meeting."""

from __future__ import annotations

from scheduler.cli.common import State, emit, json_option, pass_state
from scheduler.cli.language import command
from scheduler.cli.listing import Listing, listing_options
from scheduler.limits import HORIZON_DAYS


@command()
@listing_options(HORIZON_DAYS)
@json_option
@pass_state
def pending(state: State, listing: Listing, as_json: bool) -> None:
    """Participants who have not been sent the current version of a coming meeting or
    occurrence: what they last got, and what changed since. With --person: where that
    person is untold.

    Only deliveries sent count: by --send, or files confirmed with 'invite MEETING --mark-sent'.

    \b
    Examples: scheduler pending
              scheduler pending --days 90 --series Ledningsgrupp --json
              scheduler pending --person "Camilla Broo"
    """
    from scheduler.deliveries import pending as untold
    from scheduler.text.deliveries import pending_records, pending_text

    clock = state.clock
    with state.session() as session:
        found = untold(session, clock, listing.select(state, session))
        records = pending_records(session, clock, found)
    emit(as_json, records, lambda: pending_text(records))
