"""The package's layers only point down, no import cycle exists, and only the command line imports click.

Every ``import`` in every module under ``scheduler/`` counts, at module level and inside
functions alike. The layers, lowest first (ARCHITECTURE.md describes them):

0. ``scheduler.errors`` and ``scheduler.text.i18n``: the exception hierarchy and gettext, used everywhere;
1. ``scheduler.store``: tables, engine, transactions;
2. the domain, the flat modules ``scheduler/*.py``: they return data, never text for people;
3. ``scheduler.text.labels``, ``.shapes`` and ``.wording``: what recipients read (invitations carry it);
4. ``scheduler.ical`` and ``scheduler.extract``: iCalendar in and out, reading minutes;
5. the rest of ``scheduler.text``: JSON records and terminal renderers; ``scheduler.web``: the feed
   and the page over HTTP;
6. ``scheduler.cli``: the commands, the only place that imports click.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "scheduler"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def layer(module: str) -> int:
    """The layer of a module of the package (see the module docstring)."""
    prefixes = [
        ("scheduler.errors", 0), ("scheduler.text.i18n", 0), ("scheduler.store", 1),
        ("scheduler.text.labels", 3), ("scheduler.text.shapes", 3), ("scheduler.text.wording", 3),
        ("scheduler.ical", 4), ("scheduler.extract", 4),
        ("scheduler.text", 5), ("scheduler.web", 5), ("scheduler.cli", 6),
    ]
    for prefix, number in prefixes:
        if module == prefix or module.startswith(prefix + "."):
            return number
    return 0 if module == "scheduler" else 2


def imported(module: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The names a statement imports, absolute; ``from package import submodule`` names the submodule."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = module.split(".")
        if MODULES[module].name != "__init__.py":
            package = package[:-1]
        base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
    return [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]


def imports() -> dict[str, set[str]]:
    """Each module's imports: every import statement anywhere in it, by the module it names."""
    found: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names.update(imported(module, node))
        found[module] = names
    return found


def own(name: str) -> str | None:
    """The package module an import names (a name inside a module counts as that module)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def graph() -> dict[str, set[str]]:
    return {module: {target for name in names if (target := own(name)) and target != module}
            for module, names in imports().items()}


def test_no_module_imports_a_higher_layer():
    upward = sorted(f"{module} (layer {layer(module)}) imports {target} (layer {layer(target)})"
                    for module, targets in graph().items() for target in targets
                    if layer(target) > layer(module))
    assert not upward, "\n".join(upward)


def test_there_is_no_import_cycle():
    edges = graph()
    cycles, state = [], dict.fromkeys(edges, 0)  # 0 unseen, 1 on the path, 2 done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges[module]):
            if state[target] == 1:
                cycles.append(" -> ".join(path[path.index(target):] + [module, target]))
            elif state[target] == 0:
                visit(target, path + [module])
        state[module] = 2

    for module in sorted(edges):
        if state[module] == 0:
            visit(module, [])
    assert not cycles, "\n".join(cycles)


def test_only_the_command_line_imports_click():
    outside = sorted(module for module, names in imports().items()
                     if any(name == "click" or name.startswith("click.") for name in names)
                     and layer(module) != layer("scheduler.cli"))
    assert not outside, outside


def test_the_checks_see_function_local_imports():
    """A function-local import counts: the cycle test would miss half the graph otherwise."""
    source = "def f():\n    from scheduler.store import models\n"
    nodes = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ImportFrom)]
    assert imported("scheduler.agenda", nodes[0]) == ["scheduler.store.models"]
