"""The revision log: every change path writes revisions, SEQUENCE rises once per command that
attendees must act on, and an edit that changes nothing writes nothing."""

import datetime as dt
import re

import pytest

RULE = "FREQ=MONTHLY;BYDAY=3FR;COUNT=5"


def changes(cli, ident: str = "1") -> list[tuple[str | None, str, str | None, str | None]]:
    return [(r["occurrence"], r["field"], r["old"], r["new"])
            for r in cli.json("meeting", "history", ident)]


def test_edit_logs_each_field_with_its_reason_and_raises_sequence_once(cli):
    cli.ok("meeting", "add", "Lg", "--start", "2024-01-19 08:30", "--end", "11.00",
           "--location", "Folkes event")
    shown = cli.json("meeting", "edit", "1", "--start", "2024-02-16 09:00", "--end", "11.30",
                     "--location", "StorSthlms lokaler", "--reason", "Ny tid och plats")
    assert shown["sequence"] == 1
    records = cli.json("meeting", "history", "1")
    assert [set(r) for r in records] == [{"at", "entity", "field", "old", "new", "reason",
                                          "occurrence", "subject"}] * 5
    assert dt.datetime.fromisoformat(records[0]["at"]).tzinfo is not None
    assert [(r["field"], r["old"], r["new"], r["reason"]) for r in records] == [
        ("created", None, "Lg 2024-01-19T08:30:00+01:00", None),
        ("start", "2024-01-19T08:30:00+01:00", "2024-02-16T09:00:00+01:00", "Ny tid och plats"),
        ("end", "2024-01-19T11:00:00+01:00", "2024-02-16T11:30:00+01:00", "Ny tid och plats"),
        ("location", "Folkes event", "StorSthlms lokaler", "Ny tid och plats"),
        ("sequence", "0", "1", "Ny tid och plats"),
    ]
    text = cli.ok("meeting", "history", "1").stdout.splitlines()
    assert text[3].endswith("place: Folkes event → StorSthlms lokaler  (Ny tid och plats)")
    assert text[1].endswith("start: Fri 19 Jan 2024 08:30 → Fri 16 Feb 2024 09:00  (Ny tid och plats)")


def test_a_title_change_keeps_the_sequence(cli):
    cli.ok("meeting", "add", "Lg", "--start", "2024-01-19 08:30")
    assert cli.json("meeting", "edit", "1", "--title", "Ledningsgrupp")["sequence"] == 0
    assert changes(cli)[1:] == [(None, "title", "Lg", "Ledningsgrupp")]


def test_an_edit_that_changes_nothing_says_so_and_writes_nothing(cli):
    cli.ok("meeting", "add", "Lg", "--start", "2024-01-19 08:30", "--end", "11.00",
           "--location", "Folkes event")
    before = cli.dump()
    result = cli.ok("meeting", "edit", "1", "--start", "2024-01-19 08:30", "--location",
                    "Folkes event", "--title", "Lg")
    assert result.stderr == "Nothing changed: meeting 1 already has those values.\n"
    assert cli.dump() == before


def test_cancel_and_reopen_are_logged_and_each_raises_sequence(cli):
    cli.ok("meeting", "add", "Lg", "--start", "2024-01-19 08:30")
    cli.ok("meeting", "cancel", "1", "--reason", "Sjukdom")
    before = cli.dump()
    refused = cli.fails("meeting", "edit", "1", "--location", "X")
    assert refused.stderr == ("Error: Meeting 1 'Lg' is cancelled: add --reopen to edit it "
                              "and make it happen again.\n")
    assert cli.dump() == before
    reopened = cli.json("meeting", "edit", "1", "--reopen", "--location", "X")
    assert (reopened["status"], reopened["sequence"]) == ("confirmed", 2)
    assert changes(cli)[1:] == [
        (None, "status", "confirmed", "cancelled"), (None, "sequence", "0", "1"),
        (None, "location", None, "X"), (None, "status", "cancelled", "confirmed"),
        (None, "sequence", "1", "2"),
    ]


def test_occurrence_changes_are_in_the_series_history(cli):
    cli.ok("meeting", "add", "Lg", "--start", "2024-01-19 08:30", "--end", "11.00",
           "--location", "Huddinge", "--rrule", RULE)
    cli.ok("meeting", "edit", "1", "--occurrence", "2024-02-16", "--location", "StorSthlm",
           "--reason", "Lokalbyte")
    cli.ok("meeting", "cancel", "1", "--occurrence", "2024-03-15")
    cli.ok("meeting", "edit", "1", "--occurrence", "2024-03-15", "--reopen")
    assert changes(cli)[1:] == [
        ("2024-02-16", "location", "Huddinge", "StorSthlm"),
        ("2024-02-16", "sequence", "0", "1"),
        (None, "sequence", "0", "1"),
        ("2024-03-15", "status", "confirmed", "cancelled"),
        ("2024-03-15", "sequence", "1", "2"),
        (None, "sequence", "1", "2"),
        ("2024-03-15", "status", "cancelled", "confirmed"),
        ("2024-03-15", "sequence", "2", "3"),
        (None, "sequence", "2", "3"),
    ]
    line = cli.ok("meeting", "history", "1").stdout.splitlines()[1]
    assert line.endswith("2024-02-16: place: Huddinge → StorSthlm  (Lokalbyte)")


def test_a_split_is_logged_on_both_series(cli):
    cli.ok("meeting", "add", "Lg", "--start", "2024-01-19 08:30", "--end", "11.00",
           "--rrule", RULE)
    cli.ok("meeting", "edit", "1", "--from-occurrence", "2024-03-15", "--location", "Tyresö",
           "--reason", "Ny plats från mars")
    assert changes(cli)[1:] == [
        (None, "rrule", RULE, "FREQ=MONTHLY;BYDAY=3FR;UNTIL=20240315T072959Z"),
        (None, "sequence", "0", "1"),
        (None, "split_to", None, "2 2024-03-15"),
    ]
    assert changes(cli, "2") == [
        (None, "created", None, "Lg 2024-03-15T08:30:00+01:00"),
        (None, "split_from", None, "1 2024-03-15"),
        (None, "location", None, "Tyresö"),
        (None, "sequence", "0", "1"),
    ]
    assert {r["reason"] for r in cli.json("meeting", "history", "2")} == {"Ny plats från mars"}


@pytest.mark.parametrize("lang, clock", [("sv", r"\d\d\.\d\d"), ("en", r"\d\d:\d\d")])
def test_every_history_writes_its_times_as_the_language_does(sample_cli, lang, clock):
    """``history``, ``meeting history`` and ``deadline history`` write when a change was made
    as the language writes a time of day (``history`` gave 03:03 in Swedish too, ``meeting
    history`` 03.03 in English too)."""
    for args in (("history",), ("meeting", "history", "5"), ("deadline", "history", "2")):
        lines = sample_cli.ok("--lang", lang, *args).stdout.splitlines()
        times = [m[1] for line in lines if (m := re.search(r"\b20\d\d-\d\d-\d\d (\d\d\D\d\d)\b", line))]
        assert times and all(re.fullmatch(clock, t) for t in times), (args, lines[:3])
