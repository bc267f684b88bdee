"""Command help in the reader's language.

A command's help is its docstring and each option's ``help=``; both stay English in the
code. Shown, they are cut into messages (paragraphs; in an example block each line that
is not a command) and each is looked up in the catalog; ``help_messages`` finds the same
messages in the source, for the catalogs.
"""

import ast
import inspect
from collections.abc import Iterator

from scheduler.text.i18n import _

PROGRAM = "scheduler"
NOBREAK = "\b"



def _is_example(line: str) -> bool:
    bare = line.strip()
    return not bare or bare.startswith((PROGRAM, "SCHEDULER_", "_SCHEDULER_", "--", "$"))


def _label(line: str) -> tuple[str, str]:
    """``'Example: scheduler x'`` → ``('Example:', ' scheduler x')``; a line without a
    command → ``(line, '')``."""
    head, found, rest = line.partition(f" {PROGRAM} ")
    if found and head.strip():
        return head, f" {PROGRAM} {rest}"
    return line, ""


def messages(text: str | None) -> Iterator[tuple[str, str | None]]:
    """Each piece of ``text`` as (piece, message): message is what the catalog translates,
    None for what stays as it is (commands, blank lines, layout)."""
    if not text:
        return
    for number, paragraph in enumerate(inspect.cleandoc(text).split("\n\n")):
        if number:
            yield "\n\n", None
        if not paragraph.startswith(NOBREAK):
            yield paragraph, paragraph
            continue
        lines = paragraph.split("\n")
        yield lines[0], None
        for line in lines[1:]:
            yield "\n", None
            if _is_example(line):
                yield line, None
                continue
            indent = line[: len(line) - len(line.lstrip())]
            head, rest = _label(line.strip())
            yield indent, None
            yield head, head
            if rest:
                yield rest, None


def translated(text: str | None) -> str | None:
    """``text`` (a docstring or an option's help) in the current language."""
    if text is None:
        return None
    return "".join(_(piece) if message else piece for piece, message in messages(text))


def help_messages(source: bytes) -> Iterator[tuple[int, str]]:
    """The help messages of a module: the docstrings of functions that are commands or
    groups, and every ``help="..."`` given to a call (an option's)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
                _makes_command(decorator) for decorator in node.decorator_list):
            doc = ast.get_docstring(node, clean=False)
            line = node.body[0].lineno
            yield from ((line, message) for _piece, message in messages(doc) if message)
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                value = keyword.value
                if keyword.arg == "help" and isinstance(value, ast.Constant) and isinstance(value.value, str):
                    yield from ((value.lineno, message) for _piece, message in messages(value.value) if message)


def _makes_command(decorator: ast.expr) -> bool:
    """``@main.command(...)``, ``@click.group()``, ``@meeting.command("add")`` and the like."""
    call = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = call.attr if isinstance(call, ast.Attribute) else getattr(call, "id", "")
    return name in ("command", "group")
