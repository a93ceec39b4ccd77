"""Writing a whole file safely: never half a file, never over a device or a folder.

Used for every `--out FILE` (schema, export). `new` and `import` have rules
of their own (never replace without --force, hash-protected hand edits) but
write the same way: a temporary file in the target's folder, then a rename.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from ai_tracker.errors import DataError, UsageError


def output_target(out: Path, option: str = "--out") -> Path:
    """The file `--out` names, checked: a link is followed to its target; a folder,
    a device or a FIFO is refused (os.replace would put a file in its place)."""
    path = out.resolve() if out.is_symlink() else out
    if path.is_dir():
        raise UsageError(f"'{out}' is a folder; give a file name", option=option)
    if path.exists() and not stat.S_ISREG(path.stat().st_mode):
        raise UsageError(f"'{out}' is not a regular file (a device, FIFO or socket)", option=option)
    if not path.parent.is_dir():
        raise UsageError(f"folder '{path.parent}' does not exist", option=option)
    return path


def replace_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call write(tmp) on a new file next to `path`, then rename it over `path`.

    Readers never see half a file, and a failure leaves `path` as it was and
    no temporary file behind. OSError becomes a DataError naming the file.
    """
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
        write(tmp)
        # mkstemp makes the file 0600: keep an existing file's mode, else the usual 0644.
        os.chmod(tmp, stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise DataError(f"cannot write '{path}': {exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def write_text_atomically(path: Path, text: str) -> None:
    def write(tmp: Path) -> None:
        tmp.write_bytes(text.encode("utf-8"))

    replace_atomically(path, write)
