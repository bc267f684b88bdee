"""Start-up cost: help, --version and every command's --help load nothing heavy, and everyday
commands do not load what only some commands need (Alembic, the extract package, icalendar,
the exchanges' tables)."""

import json
import os
import subprocess
import sys

import pytest

from scheduler import __version__

HEAVY = ("sqlmodel", "sqlalchemy", "icalendar", "dateutil", "alembic", "holidays", "scheduler.extract")


def loaded(args: list[str], watched: tuple[str, ...] = HEAVY, env: dict[str, str] | None = None) -> list[str]:
    """Which of ``watched`` a run of ``scheduler ARGS`` imported (in a fresh interpreter)."""
    code = ("import json, sys, cli; from click.testing import CliRunner; "
            f"result = CliRunner().invoke(cli.main, {args!r}); "
            f"print(json.dumps([result.exit_code, sorted(m for m in {watched!r} if m in sys.modules)]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, **(env or {})}).stdout
    exit_code, modules = json.loads(out.splitlines()[-1])
    assert exit_code == 0, out
    return modules


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["upcoming", "--help"],
                                  ["meeting", "add", "--help"], ["import", "--help"], ["find-time", "--help"]])
def test_help_and_version_import_nothing_heavy(args):
    assert loaded(args) == []


def test_version_is_the_package_version():
    from importlib.metadata import version

    assert __version__ == version("scheduler")


NEVER_EVERYDAY = ("alembic", "scheduler.extract", "scheduler.store.exchanges", "scheduler.checked",
                  "scheduler.reminders")  # tools, the exchanges' tables, outside records' models
LISTINGS_SKIP = ("icalendar", "email.headerregistry", "scheduler.recurrence", "scheduler.meetings")


def test_everyday_commands_do_not_load_what_they_do_not_use(sample_cli, tmp_path):
    args = ["--db", str(sample_cli.db), "--today", "2023-12-15"]
    for command in (["upcoming"], ["notices"], ["pending"], ["deadlines"]):
        assert loaded([*args, *command], NEVER_EVERYDAY + LISTINGS_SKIP) == []
    for command in (["meeting", "list"], ["meeting", "show", "1"]):
        assert loaded([*args, *command], (*NEVER_EVERYDAY, "icalendar", "email.headerregistry")) == []
    invite = ["invite", "ledningsgrupp-2024-02-16", "-o", str(tmp_path / "invitation.ics")]
    assert loaded([*args, *invite], NEVER_EVERYDAY) == []


def test_working_days_come_from_the_cache_after_the_first_run(sample_cli, tmp_path):
    """The holidays package (it loads every country) is imported once, then its Swedish
    holidays are read from the cache: ``deadlines`` and ``upcoming`` show working days left."""
    args, cache = ["--db", str(sample_cli.db), "--today", "2023-12-15"], {"XDG_CACHE_HOME": str(tmp_path)}
    assert loaded([*args, "deadlines"], ("holidays",), cache) == ["holidays"]
    for command in (["deadlines"], ["upcoming", "--days", "70"], ["notices"], ["pending"]):
        assert loaded([*args, *command], ("holidays",), cache) == []


@pytest.mark.parametrize("entry", ["cli.py", "script"])
def test_a_finished_command_leaves_its_objects_to_the_process(entry, sample_cli, tmp_path):
    """Both entry points (``python cli.py`` and the ``scheduler`` script) run the command with
    the cycle collector off and freeze every object out of it once the command is done, so the
    interpreter's last collections do not walk them; the command's output and exit status
    are unchanged."""
    probe = tmp_path / "probe.py"
    # atexit runs handlers last-registered-first: this one, registered before the command
    # starts, sees what the entry point arranged for the end.
    start = ("import runpy, sys; sys.argv[0] = 'cli.py'; runpy.run_path('cli.py', run_name='__main__')"
             if entry == "cli.py" else "import cli; cli.run()")
    probe.write_text("import atexit, gc, sys\n"
                     "atexit.register(lambda: print('collecting', gc.isenabled(), 'frozen',\n"
                     "                              gc.get_freeze_count(), file=sys.stderr))\n"
                     + start + "\n")
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, str(probe), "--db", str(sample_cli.db), "--today", "2023-12-15",
                           "upcoming", "--days", "70"], capture_output=True, text=True, cwd=root)
    assert done.returncode == 0, done.stderr
    assert "Ledningsgrupp" in done.stdout
    count = int(done.stderr.split("frozen")[-1])
    assert count > 10_000  # every module, model and row the command made
    assert "collecting False " in done.stderr
    failed = subprocess.run([sys.executable, str(probe), "--lang", "en", "--db", str(sample_cli.db),
                             "meeting", "show", "999"],
                            capture_output=True, text=True, cwd=root)
    assert failed.returncode == 1 and "Error: " in failed.stderr
    assert int(failed.stderr.split("frozen")[-1]) > 10_000


def test_the_scheduler_script_is_the_freezing_entry_point():
    import tomllib
    from pathlib import Path

    project = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())
    assert project["project"]["scripts"]["scheduler"] == "cli:run"


def test_an_invitation_written_to_a_file_loads_no_smtp(sample_cli, tmp_path):
    args = ["--db", str(sample_cli.db), "--today", "2023-12-15", "invite", "ledningsgrupp-2024-02-16",
            "-o", str(tmp_path / "invitation.ics")]
    assert loaded(args, ("smtplib", "icalendar")) == ["icalendar"]
    assert (tmp_path / "invitation.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_table_models_build_their_pydantic_parts_when_first_used():
    """Making the store's models builds no pydantic validator or serializer (4 ms of every
    command's start); a row's ``model_dump`` still works, building them then."""
    code = ("import json\n"
            "from scheduler.store import exchanges, models\n"
            "from sqlmodel import SQLModel\n"
            "tables = {c for c in (*vars(models).values(), *vars(exchanges).values())\n"
            "          if isinstance(c, type) and issubclass(c, SQLModel) and hasattr(c, '__table__')}\n"
            "kinds = sorted({type(c.__pydantic_validator__).__name__ for c in tables})\n"
            "print(json.dumps([len(tables), kinds, models.Participation(meeting_id=1, person_id=2).model_dump()]))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    count, kinds, dumped = json.loads(done.stdout)
    assert count == 18 and kinds == ["MockValSer"]
    assert dumped["meeting_id"] == 1 and dumped["person_id"] == 2
