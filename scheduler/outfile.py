"""Writing what ``-o FILE`` names: whole or not at all, and never over what is not a file.

The data goes to a temporary file in the same folder, is flushed to disk and renamed over
the target, so a reader sees the old file or the new one, never half of one. A symlink, a
device, a FIFO, a socket or a folder is refused, not replaced; ``-`` means stdout.
"""

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from scheduler.errors import OutputError
from scheduler.text.i18n import _

STDOUT = "-"


def _kind(mode: int) -> str | None:
    """What a path that must not be replaced is, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return _("a symbolic link")
    if stat.S_ISFIFO(mode):
        return _("a named pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    return _("not a regular file")


def checked_target(target: str) -> Path:
    """The path ``target`` names, if a file may be written there; OutputError if not."""
    if not target or "\0" in target:
        raise OutputError("{target!r} is not a file name: give one with -o.", target=target)
    path = Path(target)
    try:
        mode = path.lstat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    except OSError as err:
        raise OutputError("Cannot write {target}: {reason}; choose another place with -o.", target=target,
                          reason=err.strerror or err) from err
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError("{target} is a folder: give a file name with -o, e.g. -o {example}.", target=target,
                          example=path / "inbjudan.ics")
    kind = None if mode is None else _kind(mode)
    if kind is not None:
        raise OutputError("{target} is {kind}, not a regular file: it is left as it is; "
                            "give the name of a file with -o.", target=target, kind=kind)
    folder = path.parent
    if not folder.is_dir():
        problem = _("is not a folder") if folder.exists() else _("does not exist")
        raise OutputError("Cannot write {target}: {folder} {problem}; choose another place "
                            "with -o.", target=target, folder=folder, problem=problem)
    return path


def write_file(target: str, data: bytes | Iterable[bytes], stdout: BinaryIO | None = None) -> Path | None:
    """Write ``data`` (bytes, or bytes in pieces) to ``target`` whole or not at all (``-``:
    to ``stdout``); returns the path written, None for stdout. OutputError if nothing could
    be written."""
    parts = [data] if isinstance(data, bytes) else data
    if target == STDOUT:
        if stdout is None:
            raise OutputError("'-' (stdout) cannot be used here: give a file name.")
        try:
            stdout.writelines(parts)
            stdout.flush()
        except OSError as err:
            raise OutputError("Cannot write to stdout: {reason}.", reason=err.strerror or err) from err
        return None
    path = checked_target(target)
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "wb") as out:
            out.writelines(parts)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        checked_target(target)  # nothing was put in its place meanwhile
        os.replace(temporary, path)
    except OSError as err:
        raise OutputError("Cannot write {target}: {reason}; choose another place with -o.", target=target,
                          reason=err.strerror or err) from err
    finally:
        if temporary is not None and os.path.lexists(temporary):
            os.unlink(temporary)
    return path
