"""What recipients read (invitations, the feed, the kallelse, notices) is in their series'
language, else the store's, whatever language the coordinator reads."""

import json
import re

import pytest

INVITATION = ("invite", "ledningsgrupp-2024-02-16", "-o")


def description(ics: str) -> str:
    """The invitation's DESCRIPTION, unfolded and unescaped enough to read."""
    unfolded = re.sub(r"\r?\n[ \t]", "", ics)
    found = re.search(r"^DESCRIPTION:(.*)$", unfolded, re.MULTILINE)
    assert found, ics
    return found.group(1).replace("\\n", "\n").replace("\\,", ",")


def test_an_english_series_is_invited_in_english_while_the_coordinator_reads_swedish(sample_cli, tmp_path):
    sample_cli.ok("series", "edit", "Ledningsgrupp", "--language", "en")
    said = sample_cli.ok("--lang", "sv", *INVITATION, str(tmp_path / "en.ics")).stdout
    assert said.startswith("Skrev ")
    text = description((tmp_path / "en.ics").read_text(encoding="utf-8"))
    assert "NOTE! New time and place: Fri 16 Feb 2024 09:00–11:30" in text
    assert "Time: Fri 16 Feb 2024 09:00–11:30" in text and "Participants:" in text
    assert "OBS!" not in text and "Tid:" not in text and "Deltagare" not in text
    page = sample_cli.ok("--lang", "sv", "kallelse", "ledningsgrupp-2024-02-16", "-o", "-").stdout
    assert 'lang="en"' in page and "NOTE! New time and place" in page


def test_a_swedish_series_is_invited_in_swedish_in_an_english_store(sample_cli, tmp_path):
    sample_cli.ok("config", "set", "language", "en")
    sample_cli.ok("--lang", "sv", *INVITATION, str(tmp_path / "store.ics"))
    assert "NOTE! New time and place" in description((tmp_path / "store.ics").read_text(encoding="utf-8"))
    sample_cli.ok("series", "edit", "Ledningsgrupp", "--language", "sv")
    said = sample_cli.ok("--lang", "en", *INVITATION, str(tmp_path / "sv.ics")).stdout
    assert said.startswith("Wrote ")
    text = description((tmp_path / "sv.ics").read_text(encoding="utf-8"))
    assert "OBS! Ny tid och plats: fre 16 feb 2024 09.00–11.30" in text and "Tid: " in text
    assert "NOTE!" not in text and "Time:" not in text


def test_the_feed_and_the_notices_follow_the_store_language(sample_cli, tmp_path):
    sample_cli.ok("config", "set", "language", "en")
    sample_cli.ok("--lang", "sv", "export", "-o", str(tmp_path / "feed.ics"))
    feed = (tmp_path / "feed.ics").read_text(encoding="utf-8")
    assert "meetings and deadlines" in feed.lower() and "möten och frister" not in feed.lower()
    notice = sample_cli.json("--lang", "sv", "meeting", "show", "ledningsgrupp-2024-02-16")["notice"]
    assert notice["message"].startswith("NOTE! New time and place")


def test_the_first_lines_of_a_cancellation_a_calendar_file_and_a_removal_speak_the_recipients_language(
        sample_cli, tmp_path):
    """The lead of a CANCEL, of an external meeting's PUBLISH and of the CANCEL owed to someone
    no longer taking part are in the recipients' language, like the rest of the text (they
    were Swedish whatever the series or store spoke)."""
    sample_cli.ok("config", "set", "language", "en")
    sample_cli.ok("--lang", "sv", "invite", "ledningsgrupp-2024-02-16", "-o", str(tmp_path / "first.ics"))
    sample_cli.ok("attend", "ledningsgrupp-2024-02-16", "Johan Westin", "--remove")
    sample_cli.ok("--lang", "sv", *INVITATION, str(tmp_path / "again.ics"))
    removal = description((tmp_path / "2024-02-16-ledningsgrupp-johan-westin.ics").read_text(encoding="utf-8"))
    assert "You are no longer invited to this meeting." in removal and "Tid:" not in removal
    external = description(sample_cli.ok("--lang", "sv", "invite", "2", "-o", "-").stdout)
    assert external.startswith("An external meeting: a calendar file to add, not an invitation.\n\nTime: ")
    cancelled = description(sample_cli.ok("--lang", "sv", *INVITATION, "-", "--cancel").stdout)
    assert cancelled.startswith("The meeting is cancelled.\n\nTime: Fri 16 Feb 2024 09:00–11:30")
    sample_cli.ok("series", "edit", "Ledningsgrupp", "--language", "sv")
    cancelled = description(sample_cli.ok("--lang", "en", *INVITATION, "-").stdout)
    assert cancelled.startswith("Mötet är inställt.\n\nTid: fre 16 feb 2024 09.00–11.30")


@pytest.mark.parametrize("args", [("config", "show"), ("series", "show", "Ledningsgrupp"), ("series", "list"),
                                  ("meeting", "show", "ledningsgrupp-2024-02-16")])
def test_json_is_the_same_in_every_language_with_languages_set(sample_cli, args):
    sample_cli.ok("config", "set", "language", "en")
    sample_cli.ok("series", "edit", "Ledningsgrupp", "--language", "sv")
    sv, en = (sample_cli.ok("--lang", lang, *args, "--json").stdout for lang in ("sv", "en"))
    assert json.loads(sv) == json.loads(en)


def test_languages_are_shown_and_go_back_to_the_store(sample_cli):
    assert sample_cli.json("config", "show") == {"organizer": None, "language": None}
    assert sample_cli.json("config", "set", "language", "en")["language"] == "en"
    assert sample_cli.json("series", "edit", "Ledningsgrupp", "--language", "sv")["changes"] == [
        {"field": "language", "old": None, "new": "sv"}]
    assert sample_cli.json("series", "show", "Ledningsgrupp")["language"] == "sv"
    sample_cli.ok("series", "edit", "Ledningsgrupp", "--language", "")
    assert sample_cli.json("series", "show", "Ledningsgrupp")["language"] is None
    added = sample_cli.json("series", "add", "Styrgrupp", "--language", "en")
    assert added["language"] == "en"
    history = sample_cli.ok("history").stdout
    assert re.search(r"setting 0 language\s+– → en", history) and "series 1 language" in history


@pytest.mark.parametrize("args", [("config", "set", "language", "xx"),
                                  ("series", "edit", "Ledningsgrupp", "--language", "klingon"),
                                  ("series", "add", "Styrgrupp", "--language", "de")])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_an_unknown_language_is_refused_with_the_languages(sample_cli, args, lang):
    before = sample_cli.dump()
    said = sample_cli.fails("--lang", lang, *args).stderr
    assert said.startswith({"sv": "Fel: ", "en": "Error: "}[lang]) and "en, sv" in said, said
    assert sample_cli.dump() == before
