"""Every message a person reads is a constant English msgid that the catalogs translate:
errors and warnings carry their values by name instead of filling them into the text, and
the Swedish catalog has a translation of every msgid the code holds."""

import ast
import importlib
import pkgutil

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

import scheduler
from scheduler.errors import SchedulerError, SchedulerWarning
from scheduler.text.catalog import MESSAGE_CALLS, message_argument
from tests.conftest import ROOT

PACKAGE = ROOT / "scheduler"


def subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    return found.union(*(subclasses(sub) for sub in found))


def message_classes() -> set[str]:
    """The names of every error and warning class of the library, once all its modules are loaded."""
    for module in pkgutil.walk_packages(scheduler.__path__, "scheduler."):
        if not module.name.startswith("scheduler.web"):  # the web app needs its optional server
            importlib.import_module(module.name)
    return {cls.__name__ for cls in subclasses(SchedulerError) | subclasses(SchedulerWarning)
            if cls.__module__.startswith("scheduler.")} | {"SchedulerError", "SchedulerWarning"}


def built_text(node: ast.expr) -> str | None:
    """How ``node`` builds its text instead of being a msgid: None when it does not."""
    if isinstance(node, ast.JoinedStr):
        return "an f-string"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return "concatenation or %"
    if isinstance(node, ast.IfExp):
        return built_text(node.body) or built_text(node.orelse)
    if isinstance(node, ast.Call):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in ("format", "_", "ngettext", "gettext"):
            return f"{name}(...), translated before it is shown"
    return None


def test_errors_and_warnings_are_given_a_constant_msgid():
    """``XError("No meeting {ident!r}.", ident=text)``, never ``XError(f"No meeting {text!r}.")``:
    an f-string is filled in before it can be looked up in a catalog."""
    names = message_classes() | {"warn", "Phrase"}
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args:
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                message = node.args[0] if name in names else message_argument(node)  # nonblank's second
                how = built_text(message) if message is not None else None
                if how:
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}: {how}")
    assert not wrong, "give the message as a msgid with named values:\n" + "\n".join(wrong)


def test_command_line_usage_errors_are_translated():
    """click prints a UsageError's or BadParameter's text as it was given, so the command line
    gives it translated (``click.UsageError(_("Give --end or --duration, not both."))``)."""
    wrong = []
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args:
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                first = node.args[0]
                translated = isinstance(first, ast.Call) and getattr(first.func, "id", "") in ("_", "ngettext")
                if name in ("UsageError", "BadParameter", "ClickException") and not translated:
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    assert not wrong, "give the message through _():\n" + "\n".join(wrong)


def test_the_extractor_knows_every_error_class():
    """Babel's extraction (``scheduler.text.catalog``) finds the messages of every error class."""
    assert message_classes() - {"ConflictWarning"} <= set(MESSAGE_CALLS) | {"SchedulerWarning"}


def code_msgids() -> set[str | tuple[str, ...]]:
    method_map, options_map = parse_mapping_cfg((ROOT / "babel.cfg").open(encoding="utf-8"))
    return {message for _file, _line, message, *_rest in extract_from_dir(ROOT, method_map, options_map)
            if message}


@pytest.fixture(scope="module")
def swedish():
    path = PACKAGE / "text" / "locale" / "sv" / "LC_MESSAGES" / "scheduler.po"
    with path.open("rb") as source:
        return read_po(source)


def test_every_msgid_in_the_code_has_a_swedish_translation(swedish):
    msgids = code_msgids()
    assert len(msgids) > 500  # the extraction found the code's messages, not nothing
    untranslated = []
    for msgid in msgids:
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        entry = swedish.get(key)
        strings = entry.string if entry is not None else ""
        if not (all(strings) if isinstance(strings, tuple) else strings):
            untranslated.append(key)
    assert not untranslated, "add to the sv catalog:\n" + "\n".join(sorted(untranslated))
