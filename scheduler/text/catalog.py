"""Babel's extraction method for this package (``babel.cfg``), used only to update the
catalogs: ``pybabel extract -F babel.cfg -o scheduler.pot .``"""

import io
from collections.abc import Collection, Iterator, Mapping
from typing import Any, BinaryIO

from babel.messages.extract import extract_python

from scheduler.text.helptext import help_messages

# Calls whose first argument is a message: errors and warnings of the library.
MESSAGE_CALLS = ("SchedulerError", "InputError", "NotFoundError", "StateError", "LoadError",
                 "StoreError", "OutputError", "warn")


def extract(fileobj: BinaryIO, keywords: Mapping[str, Any], comment_tags: Collection[str],
            options: Any) -> Iterator[tuple[Any, ...]]:
    """What Python's method finds, with the errors and warnings (their first argument is
    the message) as keywords, and the help of every command and option."""
    source = fileobj.read()
    words = {**keywords, **dict.fromkeys(MESSAGE_CALLS)}
    yield from extract_python(io.BytesIO(source), words, comment_tags, options)
    for line, message in help_messages(source):
        yield line, None, message, []
