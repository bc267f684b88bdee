"""One language at a time: Swedish or English from SCHEDULER_LANG or the locale; catalogs
kept with Babel and compiled; messages carry their values to be translated where shown."""

import io
import json
import re
import tomllib
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from scheduler.errors import InputError, NotFoundError
from scheduler.text import i18n
from tests.conftest import ROOT, SAMPLE, Cli
from tests.test_help import walk

LOCALE = ROOT / "scheduler" / "text" / "locale"

# Words that belong to one language only: none of them may show in the other's output.
SWEDISH = {"och", "möte", "möten", "mötet", "frist", "frister", "dag", "dagar", "kvar", "arbetsdagar",
           "inga", "ingen", "inget", "skrev", "fel", "varning", "användning", "flaggor",
           "kommandon", "visa", "för", "med", "till", "från", "som", "inte", "eller", "är",
           "på", "ny", "nya", "tid", "plats", "vid", "före", "försenad", "mån", "tis", "ons",
           "tor", "fre", "lör", "sön", "maj", "okt", "inställt", "inbjudan", "personer", "serie",
           "serier", "ändrat", "hjälp", "exempel", "skriv", "lägg", "varje", "när", "vad"}
ENGLISH = {"and", "the", "meeting", "meetings", "deadline", "deadlines", "day", "days", "left",
           "nothing", "wrote", "error", "warning", "usage", "options", "commands", "show", "for",
           "with", "to", "from", "not", "or", "is", "on", "new", "time", "place", "before",
           "overdue", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "may", "oct", "cancelled",
           "invitation", "people", "changed", "help", "example", "write", "add", "every",
           "when", "what", "of", "a", "an", "this", "that", "which", "only", "list"}
OTHER = {"sv": ENGLISH, "en": SWEDISH}

README_JOB = [
    ("load", str(SAMPLE)),
    ("upcoming", "--days", "70"),
    ("deadlines",),
    ("notices",),
    ("invite", "ledningsgrupp-2024-02-16", "-o", "{ics}"),
]


def sample_values() -> list[str]:
    """Every text of the sample store: data, in whatever language it was written."""
    found: list[str] = []

    def collect(value) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(tomllib.loads(SAMPLE.read_text(encoding="utf-8")))
    return sorted(set(found), key=len, reverse=True)


def wording(text: str, data: list[str] = (), names: set[str] = frozenset()) -> list[str]:
    """The words of ``text`` that are wording, not input: example command lines, option
    names, METAVARS, quoted values, paths, addresses, links, the store's data and the
    command ``names`` that start a line of a help's list of commands go."""
    text = re.sub(r"(?<=\w-)\n\s*", "", text)  # --from-meetings wrapped after its hyphen
    for value in data:  # whole words only: a short value may be part of a word of the wording
        text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", text) if value in text else text
    text = re.sub(r"\"[^\"]*\"|(?<!\w)'[^']*'", " ", text)  # quoted values, maybe wrapped over lines
    text = re.sub(r"\[[^\]|]*\|[^\]]*\]", " ", text)  # [choice|choice]: values to type
    words: list[str] = []
    continued = False
    for line in text.splitlines():
        bare = line.strip()
        example = continued or bare.startswith(("scheduler ", "$ ", "SCHEDULER_", "_SCHEDULER_"))
        continued = (example or "scheduler " in bare) and bare.endswith("\\")
        if example:
            continue
        bare = bare.split("scheduler ", 1)[0]  # "Example: scheduler ..."
        first = bare.split(" ", 1)[0]
        if first in ("Usage:", "Användning:"):  # the rest is the command and its METAVARS
            bare = first
        elif first in names and (bare == first or bare[len(first):].startswith("  ")):
            bare = bare[len(first):]
        bare = re.sub(r"\"[^\"]*\"|'[^']*'|`[^`]*`|\S*[/@:]\S+|\S+\.\w{2,4}\b|--?[\w-]+", " ", bare)
        words += [w for w in re.findall(r"(?<!\w)[^\W\d_]+(?!\w)", bare) if not w.isupper() or len(w) == 1]
    return words


def strangers(text: str, lang: str, data: list[str] = (), names: set[str] = frozenset()) -> set[str]:
    return {w for w in wording(text, data, names) if w.lower() in OTHER[lang]}


def locale_cli(path: Path, lang: str) -> Cli:
    """A CLI that gets its language only from LANG, as a shell in that locale would."""
    cli = Cli(path)
    cli.runner.env.update({"SCHEDULER_LANG": None, "LANGUAGE": None, "LC_ALL": None,
                           "LC_MESSAGES": None, "LANG": {"sv": "sv_SE.UTF-8", "en": "en_US.UTF-8"}[lang]})
    return cli




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


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_help_speaks_one_language(tmp_path, lang):
    cli = locale_cli(tmp_path / "help.db", lang)
    paths = walk()
    names = {name for path in paths for name in path}
    commands = sorted((" ".join(path) for path in paths if len(path) > 1), key=len, reverse=True)
    for path in paths:
        text = cli.ok(*path, "--help").stdout
        found = strangers(text, lang, commands, names)
        assert not found, (path, found, text)


@pytest.mark.parametrize("args", [["--lang", "xx"], ["--lang=klingon"]])
def test_unknown_language_is_an_error_that_lists_the_languages(sample_cli, args):
    before = sample_cli.dump()
    result = sample_cli.fails(*args, "meeting", "add", "X", "--start", "2024-03-01 10:00")
    assert "en, sv" in result.stderr
    assert sample_cli.dump() == before
    sample_cli.runner.env["SCHEDULER_LANG"] = "xx"
    assert "en, sv" in sample_cli.fails("person", "list").stderr


def test_click_speaks_the_language_too(sample_cli):
    sv = sample_cli.fails("--lang", "sv", "meeting", "add", "X", code=2).stderr
    assert sv.startswith("Användning: ") and "Fel: Flagga saknas: '--start'." in sv
    en = sample_cli.fails("--lang", "en", "meeting", "add", "X", code=2).stderr
    assert en.startswith("Usage: ") and "Error: Missing option '--start'" in en
    assert "Flaggan '--nope' finns inte" in sample_cli.fails("--lang", "sv", "upcoming", "--nope", code=2).stderr
    assert "Visa den här hjälpen och avsluta." in sample_cli.ok("--lang", "sv", "--help").stdout


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_readme_main_job_speaks_one_language(tmp_path, lang):
    cli = locale_cli(tmp_path / "job.db", lang)
    data = sample_values()
    for command in README_JOB:
        args = [arg.format(ics=tmp_path / "job.ics") for arg in command]
        result = cli.ok(*args)
        said = result.stdout + result.stderr
        assert said.strip(), args
        assert not strangers(said, lang, data), (args, said)


def test_plural_forms(sample_cli):
    one = {lang: sample_cli.ok("--lang", lang, "upcoming", "--days", "1").stdout for lang in ("sv", "en")}
    many = {lang: sample_cli.ok("--lang", lang, "upcoming", "--days", "70").stdout for lang in ("sv", "en")}
    assert re.search(r"\b1 möte\b", one["sv"]) and re.search(r"\b5 möten\b", many["sv"])
    assert re.search(r"\b1 meeting\b", one["en"]) and re.search(r"\b5 meetings\b", many["en"])
    assert "1 möten" not in one["sv"] and "1 meetings" not in one["en"]


@pytest.mark.parametrize("args", [("upcoming", "--days", "70"), ("deadlines",), ("notices",),
                                  ("meeting", "show", "ledningsgrupp-2024-02-16"), ("person", "list"),
                                  ("attendance", "ledningsgrupp-2024-02-16")])
def test_json_is_the_same_in_every_language(sample_cli, args):
    sv, en = (sample_cli.ok("--lang", lang, *args, "--json").stdout for lang in ("sv", "en"))
    assert json.loads(sv) == json.loads(en)


def test_recipients_read_the_store_language(sample_cli, tmp_path):
    """The coordinator reads English; the invitation stays in the store's language."""
    sv, en = tmp_path / "sv.ics", tmp_path / "en.ics"
    sample_cli.ok("--lang", "sv", "invite", "ledningsgrupp-2024-02-16", "-o", str(sv))
    said = sample_cli.ok("--lang", "en", "invite", "ledningsgrupp-2024-02-16", "-o", str(en)).stdout
    assert said.startswith("Wrote ")
    text = en.read_text(encoding="utf-8")
    assert "OBS! Ny tid och plats" in text and "NOTE!" not in text
    assert re.sub(r"DTSTAMP:\S+", "", text) == re.sub(r"DTSTAMP:\S+", "", sv.read_text(encoding="utf-8"))




# What a coordinator reads, command by command; the store's own text (titles, places, the
# document's sentences, as JSON gives them) is data, in whatever language it was written.
COORDINATOR_VIEWS = [
    ("meeting", "show", "ledningsgrupp-2024-02-16"),
    ("deadline", "show", "1"),
    ("attendance", "ledningsgrupp-2024-02-16"),
    ("agenda", "list", "ledningsgrupp-2024-02-16"),
    ("extract", str(ROOT / "tests" / "data" / "minutes-2023-12-15-ledningsgrupp.txt")),
    ("meeting", "list"),
    ("person", "list"),
    ("series", "list"),
    ("series", "show", "Ledningsgrupp"),
    ("history",),
    ("meeting", "history", "ledningsgrupp-2023-12-15"),
    ("pending",),
    ("conflicts", "--days", "90"),
    ("week", "2024-02-12"),
    ("month", "2024-02-12"),
    ("find-time", "--series", "Ledningsgrupp", "--duration", "2h", "--from", "2024-02-19", "--to", "2024-02-23"),
    ("proposals", "--all"),
]
GRIDS = {"week", "month"}  # their cells wrap the data over lines: it is left out word by word


def json_values(value) -> list[str]:
    """Every text in a --json answer."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in json_values(item)]
    if isinstance(value, list):
        return [text for item in value for text in json_values(item)]
    return []


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("args", COORDINATOR_VIEWS, ids=lambda args: " ".join(args[:2]))
def test_what_the_coordinator_reads_speaks_one_language(sample_cli, lang, args):
    texts = json_values(sample_cli.json("--lang", lang, *args))
    if args[0] == "extract":  # the document's heading, as it was written
        texts += [line.strip() for line in Path(args[1]).read_text(encoding="utf-8").splitlines()]
    data = sorted(set(sample_values() + texts), key=len, reverse=True)
    result = sample_cli.ok("--lang", lang, *args)
    said = result.stdout + result.stderr
    assert said.strip(), args
    if args[0] in GRIDS:
        words = {word for text in data for word in re.findall(r"\w+", text)}
        found = {w for w in strangers(said, lang) if w not in words}
    else:
        found = strangers(said, lang, data)
    assert not found, (args, found, said)


def test_listings_have_a_title_and_a_heading(sample_cli):
    for args, title, heading in ((("meeting", "list"), "5 meetings", "ID"), (("person", "list"), "13 people", "ID"),
                                 (("agenda", "list", "ledningsgrupp-2023-12-15"), "agenda items", "No.")):
        lines = sample_cli.ok("--lang", "en", *args).stdout.splitlines()
        assert title in lines[0] and lines[1].split()[0] == heading, lines[:2]
    swedish = sample_cli.ok("--lang", "sv", "meeting", "list").stdout.splitlines()
    assert swedish[0] == "5 möten" and swedish[1].split()[:3] == ["ID", "När", "Möte"]


# One error of each kind, and a warning: the text and its prefix in one language.
FAILURES = [
    ("meeting", "add", "X", "--start", "2024-02-16 09:00", "--end", "08.00"),  # InputError
    ("meeting", "add", " ", "--start", "2024-02-16 09:00"),  # InputError, through nonblank
    ("deadline", "add", " ", "--due", "2024-02-16"),
    ("meeting", "show", "99"),  # NotFoundError
    ("meeting", "cancel", "ledningsgrupp-2023-12-15"),  # StateError, the second time
    ("load", "missing.toml"),  # LoadError
    ("invite", "ledningsgrupp-2024-02-16", "-o", "no-such-folder/x.ics"),  # OutputError
]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_errors_and_warnings_speak_one_language(sample_cli, tmp_path, monkeypatch, lang):
    monkeypatch.chdir(tmp_path)
    sample_cli.ok("meeting", "cancel", "ledningsgrupp-2023-12-15")
    prefix = {"sv": "Fel: ", "en": "Error: "}[lang]
    for args in FAILURES:
        said = sample_cli.fails("--lang", lang, *args).stderr
        assert said.startswith(prefix), (args, said)
        assert not strangers(said, lang, sample_values()), (args, said)
    store = Cli(tmp_path / "no-such-folder" / "x.db")
    said = store.fails("--lang", lang, "person", "list").stderr
    assert said.startswith(prefix) and not strangers(said, lang), said  # StoreError
    warned = sample_cli.ok("--lang", lang, "meeting", "add", "Förr", "--start", "2023-12-01 10:00",
                           "--series", "Ledningsgrupp").stderr
    assert warned.startswith({"sv": "Varning: ", "en": "Warning: "}[lang]), warned
    assert not strangers(warned, lang, sample_values()), warned


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("args", [
    ("meeting", "add", "X", "--start", "2024-02-16 09:00", "--end", "10:00", "--duration", "60"),
    ("attend", "5", "Camilla Broo", "--from", "10:00"),
    ("deadline", "add", "X"),
    ("invite", "5", "--send", "-o", "x.ics"),
])
def test_usage_errors_speak_one_language(sample_cli, args, lang):
    """Options that do not go together: click's usage lines and our reason, in one language."""
    said = sample_cli.fails("--lang", lang, *args, code=2).stderr
    assert said.splitlines()[-1].startswith({"sv": "Fel: ", "en": "Error: "}[lang]), said
    assert not strangers(said, lang, sample_values()), said


def test_a_message_is_translated_with_the_values_it_carries(sample_cli):
    """The values of a message are translated too: a weekday, the forms a date may take."""
    sv = sample_cli.fails("--lang", "sv", "meeting", "add", "X", "--start", "torsdag 16 februari 2024 kl 9").stderr
    en = sample_cli.fails("--lang", "en", "meeting", "add", "X", "--start", "torsdag 16 februari 2024 kl 9").stderr
    assert "2024-02-16 är en fredag, inte en torsdag" in sv
    assert "2024-02-16 is a Friday, not a Thursday" in en


def test_holidays_are_named_in_the_language_in_use(sample_cli):
    """The grid and the warnings name a holiday in the coordinator's language; JSON keeps one name."""
    en = sample_cli.ok("--lang", "en", "week", "2024-06-17").stdout
    sv = sample_cli.ok("--lang", "sv", "week", "2024-06-17").stdout
    assert "Midsummer Eve" in en and "Midsommarafton" not in en and "Midsommarafton" in sv
    assert (sample_cli.ok("--lang", "en", "week", "2024-06-17", "--json").stdout
            == sample_cli.ok("--lang", "sv", "week", "2024-06-17", "--json").stdout)
    warned = sample_cli.ok("--lang", "sv", "meeting", "add", "Midsommar", "--start", "2024-06-21 10:00",
                           "--series", "Ledningsgrupp").stderr
    assert "2024-06-21 infaller på Midsommarafton" in warned
