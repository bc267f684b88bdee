"""The language catalogs: Swedish by default, English on request, both compiled and found."""

import pytest

from scheduler.errors import InputError
from scheduler.text import i18n


@pytest.fixture(autouse=True)
def environment_language(monkeypatch):
    for name in ("SCHEDULER_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    yield
    i18n.set_language(None)


def test_swedish_is_the_default_language():
    assert i18n.language() == "sv"


@pytest.mark.parametrize("code", ["sv", "en"])
def test_each_language_has_a_compiled_catalog(code):
    assert (i18n.LOCALE_DIR / code / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo").is_file()
    assert i18n.translation(code).info()["language"] == code


def test_set_language_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")
    i18n.set_language("en")
    assert i18n.language() == "en"
    i18n.set_language(None)
    assert i18n.language() == "sv"


def test_an_unknown_language_is_refused():
    with pytest.raises(InputError, match="There is no language 'xx': choose one of en, sv"):
        i18n.set_language("xx")


def test_english_shows_the_msgids():
    i18n.set_language("en")
    assert i18n._("No notices.") == "No notices."
    assert [i18n.ngettext("{n} person", "{n} people", n) for n in (1, 2)] == ["{n} person", "{n} people"]
