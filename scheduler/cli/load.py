"""``load``: a TOML file into the store."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:


    pass

from scheduler.cli.common import State, emit, json_option, pass_state, progress_bar
from scheduler.cli.language import command


@command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@json_option
@pass_state
def load(state: State, file: str, as_json: bool) -> None:
    """Load organisations, people, series, meetings and deadlines from a TOML file.

    Entries already in the store (by key) are left as they are, so loading twice
    changes nothing.

    \b
    Example: scheduler load data/sodertorn.toml
    """
    from pathlib import Path

    from scheduler.loader import load as load_file
    from scheduler.text.render import load_summary

    with state.session() as session, progress_bar(Path(file).name) as progress:
        record = {"file": file, "added": dict(load_file(session, state.clock, Path(file), progress))}
    emit(as_json, record, lambda: load_summary(record))
