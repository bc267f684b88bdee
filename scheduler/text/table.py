"""Listings as columns with a heading line, fitted to the terminal when there is one.

On a terminal (``COLUMNS`` or the terminal's own width) the widest columns give way and
their values are shortened with "…"; piped, every value is printed whole.
"""

import shutil
from collections.abc import Sequence
from typing import TextIO

GAP = "  "
ELLIPSIS = "…"
NARROWEST = 6

_width: list[int | None] = [None]  # what listings fit to: the terminal's width, or None when piped


def fit_to(width: int | None) -> None:
    """Fit every listing from now on to ``width`` columns (None: print values whole)."""
    _width[0] = width


def terminal_width(stream: TextIO) -> int | None:
    """The width to fit to when ``stream`` is a terminal, else None (print values whole)."""
    try:
        if not stream.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    return shutil.get_terminal_size().columns


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, the last one "…" when something was left out."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + ELLIPSIS


def fitted(widths: list[int], width: int) -> list[int]:
    """Column widths that together (with the gaps) fit ``width``: the widest column gives
    up a character at a time, none below NARROWEST (or its own width)."""
    widths = list(widths)
    total = sum(widths) + len(GAP) * (len(widths) - 1)
    while total > width:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        if widths[widest] <= NARROWEST:
            break
        widths[widest] -= 1
        total -= 1
    return widths


def table(rows: Sequence[Sequence[str]], heading: Sequence[str] | None = None) -> str:
    """Columns padded to their widest cell (the last one unpadded), under ``heading``;
    no line wider than the terminal, when there is one (``fit_to``)."""
    if not rows:
        return ""
    width = _width[0]
    lines = [list(heading)] if heading else []
    lines += [list(row) for row in rows]
    count = max(len(line) for line in lines)
    lines = [line + [""] * (count - len(line)) for line in lines]
    widths = [max(len(line[i]) for line in lines) for i in range(count)]
    if width is not None:
        widths = fitted(widths, width)
    out = []
    for line in lines:
        cells = [shorten(cell, widths[i]) for i, cell in enumerate(line)]
        padded = [cell.ljust(widths[i]) if i < count - 1 else cell for i, cell in enumerate(cells)]
        out.append(GAP.join(padded).rstrip())
    return "\n".join(out)
