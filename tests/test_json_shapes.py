"""The --json records have the shapes README's "JSON records" documents, and those shapes
are the TypedDicts of scheduler/text/shapes.py, key for key and in order."""

import re

from scheduler.text.shapes import RECORDS
from tests.conftest import ROOT


def documented() -> dict[str, list[str]]:
    """README's "JSON records" list: each record's name and its fields."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## JSON records", 1)[1]
    section = section.split("\n## ", 1)[0]
    found = {}
    for line in section.splitlines():
        if match := re.match(r"- `([^`]+)` \(.*\): (`.*`)$", line):
            found[match[1]] = re.findall(r"`([^`]+)`", match[2])
    return found


def keys(shape) -> list[str]:
    return list(shape.__annotations__)


def test_readme_documents_every_shape_as_written():
    assert documented() == {name: keys(shape) for name, shape in RECORDS.items()}


def required(shape) -> list[str]:
    return [key for key in keys(shape) if key in shape.__required_keys__]


def test_the_commands_print_the_documented_shapes(sample_cli, tmp_path):
    invitation = sample_cli.json("invite", "5", "-o", str(tmp_path / "invite.ics"))
    assert list(invitation)[:len(required(RECORDS["invitation"]))] == required(RECORDS["invitation"])
    assert set(invitation) <= set(keys(RECORDS["invitation"]))
    meeting = sample_cli.json("meeting", "show", "5")
    assert list(meeting) == [*keys(RECORDS["meeting"]), "received"]  # with its untold count
    assert list(meeting["notice"]) == keys(RECORDS["notice"])
    assert [list(row) for row in meeting["received"]] == [keys(RECORDS["received"])] * 8
    upcoming = sample_cli.json("upcoming", "--days", "70")
    assert {tuple(item) for item in upcoming} == {
        tuple(keys(RECORDS["meeting"])), ("type", *keys(RECORDS["deadline"]))}
    assert list(sample_cli.json("deadlines")[0]) == keys(RECORDS["deadline"])
    assert list(sample_cli.json("deadline", "show", "1")) == keys(RECORDS["deadline (show)"])
    attendance = sample_cli.json("attendance", "1")
    assert list(attendance) == keys(RECORDS["attendance"])
    assert list(attendance["participants"][0]) == keys(RECORDS["attendee"])
    assert all(list(slot) == keys(RECORDS["slot"]) for slot in attendance["slots"])
    assert list(sample_cli.json("person", "list")[0]) == keys(RECORDS["person"])
    assert all(list(item) == keys(RECORDS["agenda item"]) for item in sample_cli.json("agenda", "list", "1"))
    assert list(sample_cli.json("meeting", "history", "5")[0]) == keys(RECORDS["meeting history"])[:8]
    assert list(sample_cli.json("export", "-o", str(tmp_path / "feed.ics"))) == keys(RECORDS["feed"])
