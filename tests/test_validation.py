"""The validation layer: text rules, limits, links, e-mail addresses and TOML entries."""

import datetime as dt
from pathlib import Path

import pytest

from scheduler import validate
from scheduler.entries import checked_entry
from scheduler.errors import InputError, LoadError
from scheduler.validate import Description, Email, Link, Title


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """The messages these tests read are the English msgids."""
    monkeypatch.setenv("SCHEDULER_LANG", "en")


@pytest.mark.parametrize(("text", "says"), [
    ("Möte\r\nBcc: x@evil.example", "line break"),
    ("a\nb", "line break"),
    ("nul\x00here", "U+0000"),
    ("\x1b]0;PWNED\x07", "U+001B"),
    ("bell\x07", "U+0007"),
    ("c1\x9b", "U+009B"),
    ("x" * (validate.TITLE_MAX + 1), "too long"),
])
def test_single_line_text_refused(text, says):
    with pytest.raises(InputError) as caught:
        validate.check(Title, text, "--title")
    assert str(caught.value).startswith("--title: ") and says in str(caught.value)


def test_single_line_text_kept():
    assert validate.check(Title, "  Ledningsgrupp\tvecka 7 \n", "--title") == "Ledningsgrupp\tvecka 7"


def test_description_keeps_line_breaks_as_lf():
    assert validate.check(Description, "Rad ett\r\nRad två\n", "--description") == "Rad ett\nRad två"
    with pytest.raises(InputError, match=r"U\+001B"):
        validate.check(Description, "a\x1b[2J", "--description")


@pytest.mark.parametrize(("text", "kept"), [
    ("https://teams.example/l/meetup join?x=1", "https://teams.example/l/meetup%20join?x=1"),
    ("HTTPS://x.example/a", "https://x.example/a"),
    ("mailto:helene@sodertorn.example", "mailto:helene@sodertorn.example"),
])
def test_links_are_parsed_and_written_out_again(text, kept):
    assert validate.check(Link, text, "--online") == kept


@pytest.mark.parametrize("text", [
    "https://x.example/\r\nX: y", "javascript:alert(1)", "ftp://x.example/", "x.example",
    "https://", "https://x.example:port/", "mailto:nobody", "http://exa mple/",
])
def test_bad_links_refused(text):
    with pytest.raises(InputError, match="--online"):
        validate.check(Link, text, "--online")


@pytest.mark.parametrize("text", ["inte-en-adress", "a@b", "a b@c.example", "<a@b.example>",
                                  "Name <a@b.example>", "a@b.example\r\nBcc: c@d.example", "@x.example"])
def test_bad_email_refused(text):
    with pytest.raises(InputError, match="--email"):
        validate.check(Email, text, "--email")


def test_email_kept():
    assert validate.check(Email, " camilla.broo@huddinge.example ", "--email") == "camilla.broo@huddinge.example"


@pytest.mark.parametrize(("kind", "value"), [
    (validate.Moment, dt.date(1, 1, 1)),
    (validate.Moment, dt.datetime(9999, 12, 31, 23)),
    (validate.Duration, dt.timedelta(days=32)),
    (validate.Duration, dt.timedelta(0)),
    (validate.Days, 3661),
    (validate.WorkingDays, 1001),
    (validate.RecordId, 2**31),
])
def test_ranges(kind, value):
    with pytest.raises(InputError, match="--x"):
        validate.check(kind, value, "--x")


@pytest.mark.parametrize(("text", "found"), [
    ("5", 5), (" 12 ", 12), ("99999999999999999999999", None), ("0", None), ("²", None),
    ("١٢", None), ("ledningsgrupp-2024-02-16", None),
])
def test_record_id(text, found):
    assert validate.record_id(text) == found


@pytest.mark.parametrize(("section", "data", "says"), [
    ("meeting", {"key": "m", "title": 123, "start": "2024-03-01"}, "title: must be text in quotes"),
    ("person", {"key": "p", "name": "A", "email": ["x"]}, "email: must be text in quotes"),
    ("series", {"key": "s", "name": "S", "members": {"person": "x"}}, "members: must be a list"),
    ("meeting", {"key": "m", "title": "T", "start": "2024-03-01", "participants": "all"},
     "participants: must be a list"),
    ("meeting", {"key": "m", "title": "T", "start": "2024-03-01", "participants": [1, 2]},
     "participants[1]: must be a table"),
    ("meeting", {"key": "m", "titel": "T", "start": "2024-03-01"}, "titel: is not a field here"),
    ("meeting", {"key": "m", "title": "T", "start": dt.date(9999, 1, 1)}, "outside the years"),
    ("deadline", {"key": "d", "title": "T", "working_days": 99999999}, "at most 1000"),
    ("person", "Åsa", "must be a table"),
])
def test_toml_entries_name_file_entry_and_field(section, data, says):
    with pytest.raises(LoadError) as caught:
        checked_entry(Path("x.toml"), section, 2, data)
    message = str(caught.value)
    assert message.startswith(f"x.toml: [[{section}]] ") and says in message


def test_toml_entry_values_come_back_checked():
    data = {"key": "m", "title": " Möte ", "start": "2024-03-01 09:00", "online": "HTTPS://x.example/a b",
            "agenda": [{"title": "Punkt", "from": "09:00", "to": "09:30"}]}
    assert checked_entry(Path("x.toml"), "meeting", 0, data) == {
        "key": "m", "title": "Möte", "start": "2024-03-01 09:00", "online": "https://x.example/a%20b",
        "agenda": [{"title": "Punkt", "from": "09:00", "to": "09:30"}]}
