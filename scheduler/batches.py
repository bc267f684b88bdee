"""Work on many rows: values in batches (an ``IN (...)`` per thousand, well below the limits
of SQLite and PostgreSQL, so work on many rows costs a few statements, not one per row), and
Python's cycle collector paused while thousands of objects are made."""

import contextlib
import gc
from collections.abc import Iterator, Sequence
from typing import TypeVar

CHUNK = 1000
T = TypeVar("T")


def chunks(values: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for first in range(0, len(values), size):
        yield values[first:first + size]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused: an import or an export makes many objects that live
    until it ends and form no cycles, so the collector's passes over them would only cost (a
    third of the time of a large import). Refcounting still frees what is dropped."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
