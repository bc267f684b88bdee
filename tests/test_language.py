"""One language at a time: Swedish or English from SCHEDULER_LANG or the locale; catalogs
kept with Babel and compiled; messages carry their values to be translated where shown."""

import io
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from scheduler.errors import InputError, NotFoundError
from scheduler.text import i18n
from tests.conftest import ROOT

LOCALE = ROOT / "scheduler" / "text" / "locale"


def test_language_from_env_or_locale():
    env = {"LANG": "en_US.UTF-8"}
    assert i18n.from_environment(env) == "en"
    assert i18n.from_environment({"LC_ALL": "sv_SE.UTF-8", "LANG": "en_US.UTF-8"}) == "sv"
    assert i18n.from_environment({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "sv_SE.UTF-8"}) == "en"
    assert i18n.from_environment({"SCHEDULER_LANG": "sv", **env}) == "sv"
    assert i18n.from_environment({"LANG": "de_DE.UTF-8"}) == "sv"
    assert i18n.from_environment({"LC_ALL": "C.UTF-8"}) == "sv"
    assert i18n.from_environment({}) == "sv"
    with pytest.raises(InputError, match="choose one of en, sv"):
        i18n.from_environment({"SCHEDULER_LANG": "xx"})


def test_a_language_for_a_while():
    with i18n.speaking("sv"):
        assert i18n._("Print only JSON on stdout.") == "Skriv bara JSON på stdout."
        with i18n.speaking("en"):
            assert i18n._("Print only JSON on stdout.") == "Print only JSON on stdout."
        assert i18n.language() == "sv"
    with pytest.raises(InputError, match="'klingon'"):
        i18n.set_language("klingon")


def test_errors_keep_their_message_and_values():
    err = NotFoundError("No meeting {ident!r}.", ident="99")
    assert str(err) == "No meeting '99'."
    assert (err.message, err.values) == ("No meeting {ident!r}.", {"ident": "99"})
    assert str(InputError("As {it} is")) == "As {it} is"


def catalogs() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


@pytest.mark.parametrize("po", catalogs(), ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_compiled_catalogs_are_up_to_date(po):
    """The shipped .mo is what `pybabel compile` makes of the .po beside it."""
    with po.open("rb") as source:
        catalog = read_po(source)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    assert po.with_suffix(".mo").read_bytes() == compiled.getvalue(), (
        f"{po} changed: run pybabel compile -d scheduler/text/locale -D {po.stem}")
