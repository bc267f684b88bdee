"""What ``remind`` e-mails and prints: a plain message per reminder, a line and a record."""

from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from scheduler.clock import Clock, utcnow
from scheduler.deadlines import days_left, working_days_left
from scheduler.occurrences import Instance
from scheduler.reminders import Reminder
from scheduler.store.models import Deadline, Person
from scheduler.text.i18n import _
from scheduler.text.labels import days_label, instance_label, window_label, working_days_label
from scheduler.text.shapes import ReminderRecord
from scheduler.text.wording import for_recipients


def _address(person: Person) -> Address:
    return Address(display_name=person.name, addr_spec=person.email or "")


def subject(reminder: Reminder, clock: Clock) -> str:
    if reminder.deadline is not None:
        return _("Reminder: {title}, due {due}").format(title=reminder.deadline.title,
                                                       due=window_label(reminder.deadline))
    assert reminder.meeting is not None
    return _("Reminder: please answer the invitation to {title}, {when}").format(
        title=reminder.meeting.meeting.title, when=instance_label(reminder.meeting, clock.tz))


def sent_subject(reminder: Reminder, clock: Clock) -> str:
    """``subject`` as it is sent, in the language of those who read about the reminder's
    meeting or deadline whatever the command line speaks (``remind --json`` gives what leaves)."""
    return _sent_subject(reminder.meeting or reminder.deadline, reminder, clock)


@for_recipients
def _sent_subject(_about: Instance | Deadline | None, reminder: Reminder, clock: Clock) -> str:
    return subject(reminder, clock)


def body(reminder: Reminder, clock: Clock) -> str:
    """The plain text: the greeting, what is due, how long is left, the meeting it concerns."""
    lines = [_("Hello {name},").format(name=reminder.person.name), ""]
    meeting = reminder.meeting
    deadline = reminder.deadline
    if deadline is not None:
        lines += [_("A reminder of a deadline you own:"), "", f"  {deadline.title}",
                  "  " + _("Due: {due}").format(due=window_label(deadline))]
        if deadline.phrase:
            lines.append("  " + _("As it was given: \u201c{phrase}\u201d").format(phrase=deadline.phrase))
        lines.append("  " + _("Left: {days} ({working_days})").format(
            days=days_label(days_left(deadline, clock)),
            working_days=working_days_label(working_days_left(deadline, clock))))
        if meeting is not None:
            lines.append("  " + _("For the meeting: {title}, {when}").format(
                title=meeting.meeting.title, when=instance_label(meeting, clock.tz)))
    else:
        assert meeting is not None
        lines += [_("You have not yet answered the invitation to:"), "",
                  f"  {meeting.meeting.title}, {instance_label(meeting, clock.tz)}"]
        if meeting.meeting.location:
            lines.append("  " + meeting.meeting.location)
        lines += ["", _("Please accept or decline it in your calendar, so that we know who is coming.")]
    if reminder.sender is not None:
        lines += ["", _("Kind regards"), reminder.sender.name]
    return "\n".join(lines) + "\n"


def compose(reminder: Reminder, clock: Clock) -> EmailMessage:
    """The reminder as a plain e-mail from the sender to the one person it is for, in the
    language of those who read about its meeting or deadline."""
    return _composed(reminder.meeting or reminder.deadline, reminder, clock)


@for_recipients
def _composed(_about: Instance | Deadline | None, reminder: Reminder, clock: Clock) -> EmailMessage:
    message = EmailMessage(policy=policy.SMTP)
    sender = reminder.sender or reminder.person
    message["From"] = _address(sender)
    message["To"] = _address(reminder.person)
    message["Subject"] = subject(reminder, clock)
    message["Date"] = format_datetime(clock.local(utcnow()))
    message["Message-ID"] = make_msgid(domain=(sender.email or "").rpartition("@")[2] or None)
    message.set_content(body(reminder, clock), cte="quoted-printable")
    return message


def reminder_record(reminder: Reminder, clock: Clock, status: str) -> ReminderRecord:
    """``remind --json``: one object per reminder."""
    return {
        "kind": reminder.kind,
        "status": status,
        "name": reminder.person.name,
        "email": reminder.person.email,
        "deadline": reminder.deadline.id if reminder.deadline else None,
        "meeting": reminder.meeting.id if reminder.meeting else None,
        "subject": sent_subject(reminder, clock),
    }


def reminder_line(reminder: Reminder, clock: Clock, status: str) -> str:
    words = {"due": _("due"), "sent": _("sent"), "refused": _("refused")}
    return f"{words[status]}: {reminder.person.name} <{reminder.person.email}>: {subject(reminder, clock)}"


def nothing_due() -> str:
    return _("No reminders are due.")


def refused_warning(reminder: Reminder, answer: str) -> str:
    return _("The SMTP server refused {name} <{email}> ({answer}): not recorded; the next run tries "
             "again.").format(name=reminder.person.name, email=reminder.person.email, answer=answer)
