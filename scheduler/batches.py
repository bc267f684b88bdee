"""Values in batches: an ``IN (...)`` per thousand, well below the limits of SQLite and
PostgreSQL, so work on many rows costs a few statements, not one per row."""

from collections.abc import Iterator, Sequence
from typing import TypeVar

CHUNK = 1000
T = TypeVar("T")


def chunks(values: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for first in range(0, len(values), size):
        yield values[first:first + size]
