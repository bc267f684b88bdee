"""``remind``: e-mail reminders to deadline owners and to attendees who have not answered."""

from typing import Any

import click

from scheduler.cli.common import DAYS, smtp_options
from scheduler.cli.language import command


@command("remind", help="""E-mail the reminders that are due, each once.

A deadline's owner is reminded from the start of the N-th working day before its last day
(as the feed's alarm); an invited attendee who has not answered, a week before the meeting.
Without --send: list what is due. What was sent is recorded, so the next run sends nothing
again; a refused address is tried again on the next run. Meant for cron or a systemd timer.

\b
Example:
  scheduler remind
  SCHEDULER_SMTP_HOST=smtp.example.org scheduler remind --send
""")
@click.option("--send", is_flag=True, help="Send them over SMTP (else only list them).")
@click.option("--days", type=DAYS, default=3, show_default=True, metavar="N",
              help="Remind deadline owners N working days before the last day.")
@smtp_options
@click.option("--json", "as_json", is_flag=True, help="Print only JSON on stdout.")
@click.pass_obj
def remind(state: Any, send: bool, days: int, smtp_host: str | None, smtp_port: int | None,
           smtp_user: str | None, starttls: bool, as_json: bool) -> None:
    import os

    from scheduler.errors import warn
    from scheduler.ical.mail import send_one, smtp_settings
    from scheduler.reminders import Sent, due_reminders, send_reminders
    from scheduler.text.records import to_json
    from scheduler.text.reminders import (
        compose,
        nothing_due,
        refused_warning,
        reminder_line,
        reminder_record,
    )

    settings = smtp_settings(smtp_host, smtp_port, smtp_user, os.environ.get("SCHEDULER_SMTP_PASSWORD"),
                             starttls) if send else None
    clock = state.clock
    with state.session() as session:
        due = due_reminders(session, clock, days)
        if settings is None:
            done = Sent(sent=[])
            listed = [(reminder, "due") for reminder in due]
        else:
            done = send_reminders(session, due, lambda reminder: compose(reminder, clock),
                                  lambda message: send_one(message, settings))
            listed = [(r, "sent") for r in done.sent] + [(r, "refused") for r, _answer in done.refused]
        records = [reminder_record(reminder, clock, status) for reminder, status in listed]
        lines = [reminder_line(reminder, clock, status) for reminder, status in listed]
    for reminder, answer in done.refused:
        warn(refused_warning(reminder, answer))
    click.echo(to_json(records) if as_json else "\n".join(lines) or nothing_due())
    if done.failure is not None:
        raise done.failure
