"""A cache of validated releases, so that a second run does not parse again.

One file per data folder in the user's cache folder (`$XDG_CACHE_HOME/ai-tracker`,
else `~/.cache/ai-tracker`), never in the data folder. It maps each release
file (path below the data folder) to its size, modification time and
validated record (also as JSON text, ready to print). A record is used only while the file's size and mtime are
unchanged and the cache was written by this very tool: the key holds the
tool's version, a hash of the modules that define and check the schema, and
the Python version (the file is `marshal`ed: fast, but tied to the Python).
Only files that passed validation are stored, so a bad file is read again
every time. Safe to delete; rebuilt silently when missing, stale or corrupt.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ai_tracker import __version__
from ai_tracker.errors import DataError
from ai_tracker.files.atomic import bytes_writer, replace_atomically
from ai_tracker.model import SCHEMA_VERSION

# The rooms whose code decides what a valid record is, or how the cache holds it:
# every module in them is hashed, so a new module can never be forgotten here.
_KEYED_ROOMS = ("model", "files", "collection")
_KEYED_MODULES = ("text.py", "errors.py")  # the control characters files may not hold; problems

# relative path -> (size, mtime_ns, record, the record as one line of JSON, shared citations)
# (the record's citations of shared sources: [[field path, source id], ...] or None, from the parse)
Records = dict[str, tuple[int, int, dict[str, Any], str, list[Any] | None]]


def folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative path is to be ignored
        base = str(Path.home() / ".cache")
    return Path(base) / "ai-tracker"


def _folders(root: Path | Sequence[Path]) -> str:
    """The data folders a cache is for, as one text: a collection of several folders
    has its own cache (a record's shared citations depend on every folder's registry)."""
    roots = [root] if isinstance(root, Path) else list(root)
    return "\0".join(str(r.resolve()) for r in roots)


def _key(root: Path | Sequence[Path]) -> str:
    digest = hashlib.sha256()
    package = Path(__file__).parent.parent
    keyed = [package / name for name in _KEYED_MODULES]
    keyed += [module for room in _KEYED_ROOMS for module in sorted((package / room).glob("*.py"))]
    for module in keyed:
        try:
            digest.update(module.name.encode() + module.read_bytes())
        except OSError:
            digest.update(module.name.encode())
    # Which country codes are valid comes from pycountry's data: a new version may change it.
    spec = importlib.util.find_spec("pycountry")
    if spec is not None and spec.origin:
        data = Path(spec.origin).parent / "databases" / "iso3166-1.json"
        with contextlib.suppress(OSError):
            digest.update(str(data.stat().st_size).encode() + str(data.stat().st_mtime_ns).encode())
    digest.update(f"{__version__}|{SCHEMA_VERSION}|{sys.version}|{_folders(root)}".encode())
    return digest.hexdigest()


def _file_for(root: Path | Sequence[Path]) -> Path:
    name = hashlib.sha256(_folders(root).encode()).hexdigest()[:24]
    return folder() / f"{name}.marshal"


def read(root: Path | Sequence[Path]) -> Records:
    """The cached records for this data folder, or {} when there is no usable cache."""
    try:
        data = marshal.loads(_file_for(root).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(data, dict) or data.get("key") != _key(root) or not isinstance(data.get("files"), dict):
        return {}
    _mark_used(_file_for(root))
    return data["files"]


def _mark_used(path: Path) -> None:
    """A cache read, even if not rewritten, is in use: keep `_prune` away (at most daily)."""
    with contextlib.suppress(OSError):
        if path.stat().st_mtime < time.time() - 24 * 3600:
            os.utime(path)


def write(root: Path | Sequence[Path], records: Records) -> None:
    """Replace the cache atomically; a cache that cannot be written is simply skipped."""
    target = _file_for(root)
    data = marshal.dumps({"key": _key(root), "files": records})
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # 0600, as it has always been: a cache is private to its user.
        replace_atomically(target, bytes_writer(data), mode=0o600)
        _prune(target.parent, keep=target)
    except (OSError, DataError):
        pass  # read-only home, full disk: the tool works without a cache


STALE_SECONDS = 30 * 24 * 3600


def _prune(folder: Path, keep: Path) -> None:
    """Forget data folders not read for a month (one file per folder would pile up:
    every temporary or deleted collection leaves one)."""
    cutoff = time.time() - STALE_SECONDS
    for path in folder.glob("*.marshal"):
        with contextlib.suppress(OSError):
            if path != keep and path.stat().st_mtime < cutoff:
                path.unlink()
