"""One exception hierarchy, and warnings that the command line prints as ``Warning: ...``.

A message is an English msgid with named ``{values}``: ``InputError("No meeting {ident!r}.",
ident=text)``. ``str()`` gives it in English; where it is shown, ``message`` and ``values``
let it be translated first (``scheduler.text.i18n``).
"""

import warnings
from typing import Any


class Message:
    """An English message with named values; ``str()`` fills them in."""

    def __init__(self, message: str = "", **values: Any):
        super().__init__(message.format(**values) if values else message)  # type: ignore[call-arg]  # a mixin of Exception
        self.message, self.values = message, values

    def phrase(self) -> "Phrase":
        """The message as a Phrase: a reason to show later, translated there."""
        return Phrase(self.message, **self.values)


class Phrase(str):
    """Words for people that are not an error of their own (a reason, the forms a date may
    take): English with named values, a ``str`` as it reads, translated where it is shown."""

    message: str
    values: dict[str, Any]

    def __new__(cls, message: str, **values: Any) -> "Phrase":
        phrase = super().__new__(cls, message.format(**values) if values else message)
        phrase.message, phrase.values = message, values
        return phrase


class SchedulerError(Message, Exception):
    """Base of every error the user can cause; ``str(err)`` says what is wrong and how to fix it."""


class InputError(SchedulerError):
    """A value given on the command line or in a file cannot be used."""


class NotFoundError(SchedulerError):
    """A meeting, person, series, deadline or agenda item that the store does not have."""


class StateError(SchedulerError):
    """The request contradicts the stored state (cancel twice, a duplicate e-mail, ...)."""


class LoadError(SchedulerError):
    """A TOML or iCalendar file that cannot be loaded; the message names the file and entry."""


class StoreError(SchedulerError):
    """The database cannot be opened or written."""


class ConcurrentChangeError(StoreError):
    """Another command changed what this one read; running it again sees the change."""


class OutputError(SchedulerError):
    """A file cannot be written, or a message cannot be delivered."""


class SchedulerWarning(Message, UserWarning):
    """Something the user should know; never changes the exit status."""


def nonblank(text: str, message: str) -> str:
    """``text`` stripped; InputError(message) when nothing is left (a title, a name)."""
    text = text.strip()
    if not text:
        raise InputError(message)
    return text


def warn(message: str, **values: Any) -> None:
    """Emit a warning that the command line shows as ``Warning: message`` on stderr."""
    warnings.warn(SchedulerWarning(message, **values), stacklevel=2)
