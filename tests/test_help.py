"""Every command explains itself: help for each option, an example, summaries not cut off."""

import re

import click
import pytest

from cli import main


def walk(group: click.Group = main, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The path of every command and group, the top level first: ``()``, ``('meeting',)``, …"""
    ctx = click.Context(group, info_name="scheduler")
    found = [path]
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            found += walk(command, (*path, name))
        else:
            found.append((*path, name))
    return found


def command_at(path: tuple[str, ...]) -> click.Command:
    command: click.Command = main
    for name in path:
        assert isinstance(command, click.Group)
        command = command.get_command(click.Context(command), name)
    return command


PATHS = walk()


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "scheduler")
def test_every_option_has_help(path):
    command = command_at(path)
    bare = [param.name for param in command.params
            if isinstance(param, click.Option) and not (param.help or "").strip()]
    assert not bare, f"scheduler {' '.join(path)}: no help for {bare}"
    assert (command.help or "").strip(), f"scheduler {' '.join(path)} has no help"


@pytest.mark.parametrize("path", [p for p in PATHS if not isinstance(command_at(p), click.Group)],
                         ids=lambda p: " ".join(p))
def test_every_command_shows_an_example(cli, path):
    body = cli.ok(*path, "--help").stdout.split("\n\n", 1)[1].split("Options:")[0]
    assert re.search(rf"scheduler( --\S+ \S+)* {' '.join(path)}\b", body), body


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("path", [p for p in PATHS if isinstance(command_at(p), click.Group)],
                         ids=lambda p: " ".join(p) or "scheduler")
def test_group_summaries_are_whole(cli, path, lang):
    """The list of commands under a group shows every summary whole, never cut with '...'."""
    text = cli.ok("--lang", lang, *path, "--help").stdout
    listing = text.split("\n\n")[-1]
    assert "..." not in listing and "…" not in listing, listing


BARE_NAMES = {"ID", "IDENT", "P", "S", "M"}  # name the kind instead: MEETING, PERSON, DEADLINE, SERIES…


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "scheduler")
def test_arguments_and_values_are_named_for_their_kind(path):
    """The usage line names each argument for what it is (``meeting show MEETING``, never
    ``ID``), and so does each option's value (``--owner PERSON``)."""
    command = command_at(path)
    usage = command.collect_usage_pieces(click.Context(command, info_name=path[-1] if path else "scheduler"))
    assert not BARE_NAMES & {word.strip("[].") for piece in usage for word in piece.split()}, usage
    named = {param.name: param.metavar for param in command.params if param.metavar}
    assert not BARE_NAMES & set(named.values()), named
