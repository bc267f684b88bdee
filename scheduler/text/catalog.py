"""Babel's extraction method for this package (``babel.cfg``), used only to update the
catalogs: ``pybabel extract -F babel.cfg -o scheduler.pot .``"""

import ast
import io
from collections.abc import Collection, Iterator
from typing import Any, BinaryIO

from babel.messages.extract import extract_python

from scheduler.text.helptext import help_messages

# Calls whose first argument is a message: errors and warnings of the library.
MESSAGE_CALLS = ("SchedulerError", "InputError", "NotFoundError", "StateError", "LoadError",
                 "StoreError", "OutputError", "warn", "ConcurrentChangeError", "OutdatedStoreError",
                 "NewerStoreError", "NotAStoreError", "ZoneAhead", "Phrase")
# Helpers that raise an error with a message given further on: where it is.
MESSAGE_POSITIONS = {"nonblank": 1}


def message_argument(node: ast.Call) -> ast.expr | None:
    """The message a call gives an error or warning, if it is such a call."""
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    position = 0 if name in MESSAGE_CALLS else MESSAGE_POSITIONS.get(name)
    return node.args[position] if position is not None and len(node.args) > position else None


def message_calls(source: bytes) -> Iterator[tuple[int, str]]:
    """The messages given to errors and warnings as a plain string (an f-string is
    already filled in, so it cannot be looked up: give its values by name instead)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(message := message_argument(node), ast.Constant):
            if isinstance(message.value, str):
                yield message.lineno, message.value


def extract(fileobj: BinaryIO, keywords: Any, comment_tags: Collection[str],
            options: Any) -> Iterator[tuple[Any, ...]]:
    """What Python's method finds (``_``, ``ngettext``, ``N_``), the messages of errors and
    warnings, and the help of every command and option."""
    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)
    for line, message in [*message_calls(source), *help_messages(source)]:
        yield line, None, message, []
