"""The README's library example runs as written, on a copy of the sample store, and does
what the commands it stands for do."""

import re
from pathlib import Path

from tests.conftest import ROOT, copy_store


def library_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Library", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_readme_library_example_does_what_the_commands_do(tmp_path: Path, sample_store, monkeypatch, capsys):
    copy_store(sample_store, tmp_path / "sample.db")
    monkeypatch.chdir(tmp_path)
    exec(compile(library_example(), "README.md", "exec"), {})  # noqa: S102  (the README's own code)
    shown = capsys.readouterr().out
    assert "Ledningsgrupp" in shown and "09.00–11.45" in shown
    assert "Handlingar" in shown and "Underlag" in shown
    ics = (tmp_path / "2024-02-16-ledningsgrupp.ics").read_text(encoding="utf-8")
    assert "METHOD:REQUEST" in ics and "DTEND;TZID=Europe/Stockholm:20240216T114500" in ics
