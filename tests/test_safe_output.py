"""Files named by -o are written whole or not at all, and never over what is not a file;
text from the store reaches the terminal with its control characters made visible."""

import io
import os
import stat
from pathlib import Path

import pytest

from scheduler.errors import OutputError
from scheduler.outfile import write_file
from scheduler.text.terminal import visible


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """The messages these tests read are the English msgids."""
    monkeypatch.setenv("SCHEDULER_LANG", "en")


def test_regular_file_replaced_whole(tmp_path: Path):
    target = tmp_path / "a.ics"
    target.write_bytes(b"old")
    assert write_file(str(target), b"new") == target
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.ics"]  # no temporary file left


def test_dash_is_stdout(tmp_path: Path):
    out = io.BytesIO()
    assert write_file("-", b"data", stdout=out) is None
    assert out.getvalue() == b"data"


def test_symlink_is_refused_and_kept(tmp_path: Path):
    real = tmp_path / "real.ics"
    real.write_bytes(b"keep")
    link = tmp_path / "link.ics"
    link.symlink_to(real)
    with pytest.raises(OutputError, match="symbolic link"):
        write_file(str(link), b"new")
    assert link.is_symlink() and real.read_bytes() == b"keep"


def test_fifo_and_folder_are_refused(tmp_path: Path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="FIFO"):
        write_file(str(fifo), b"x")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    with pytest.raises(OutputError, match="folder"):
        write_file(str(tmp_path), b"x")


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_device_is_refused_and_kept():
    with pytest.raises(OutputError, match="device"):
        write_file("/dev/null", b"x")
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_missing_folder_and_nul_in_name(tmp_path: Path):
    with pytest.raises(OutputError, match="does not exist"):
        write_file(str(tmp_path / "nope" / "a.ics"), b"x")
    with pytest.raises(OutputError, match="not a file name"):
        write_file(str(tmp_path / "a\0b"), b"x")


def test_control_characters_made_visible():
    assert visible("\x1b]0;PWNED\x07\x1b[2J") == "␛]0;PWNED␇␛[2J"
    assert visible("nul\x00 del\x7f c1\x9b bidi\u202e") == "nul␀ del␡ c1<U+009B> bidi<U+202E>"
    assert visible("rad\tett\r\nrad två\nslut\r") == "rad\tett\r\nrad två\nslut␍"
