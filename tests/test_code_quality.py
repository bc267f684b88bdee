"""The code stays lint-clean (ruff, configured in pyproject.toml) and type-checks (mypy on
scheduler/, configured there too), and no module outgrows what a reader can hold."""

import subprocess
import sys

from tests.conftest import ROOT

MODULE_LINES = 500
COMMAND_MODULE_LINES = 400


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing():
    result = run("ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing():
    result = run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_is_too_long():
    too_long = []
    for path in sorted((ROOT / "scheduler").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        limit = COMMAND_MODULE_LINES if name.startswith("scheduler/cli/") else MODULE_LINES
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > limit:
            too_long.append(f"{name}: {lines} lines (at most {limit})")
    assert not too_long, "\n".join(too_long)
