"""A cache of validated releases, so that a second run does not parse again.

One file per data folder in the user's cache folder (`$XDG_CACHE_HOME/ai-tracker`,
else `~/.cache/ai-tracker`), never in the data folder; with no such folder
(no home, as under `docker run --user`) the tool simply runs without one.
It maps each release file (path below the data folder) to its stamp (size,
modification time, change time and inode) and validated record (also as
JSON text, ready to print). It also holds the collection as the last run
left it (the memo: every release after the checks across files, with the
few fields that filtering and sorting need), which a run whose files are
all unchanged takes as it is (see `catalog`). A record is used only while the file's stamp is
unchanged: an edit that keeps the size and puts the mtime back (`touch -r`,
`cp -p`, `tar x`) still changes the ctime or the inode. The cache must also
have been written by this very tool: the key holds the tool's version, a
hash of the modules that define and check the schema, and the Python
version (the file is `marshal`ed: fast, but tied to the Python).

The file is a magic line, a CRC-32 of the rest, then the marshal data. It is
read only if it is a regular file of at most MAX_BYTES (a link to /dev/zero
or a FIFO is never opened for reading), and only if the checksum holds:
marshal is not made for damaged input, and one changed byte used to serve a
wrong record or crash every command. Any failure at all means no cache, and
the next run writes a good one. Only files that passed validation are
stored, so a bad file is read again every time. Safe to delete.

Private: the folder is made 0700 and each file 0600, and a folder or file that
another user could have written (`distrust`) is neither read nor written.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
import os
import stat
import sys
import time
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ai_tracker import __version__
from ai_tracker.errors import DataError
from ai_tracker.files.atomic import replace_atomically
from ai_tracker.model import SCHEMA_VERSION

# The rooms whose code decides what a valid record is, or how the cache holds it:
# every module in them is hashed, so a new module can never be forgotten here.
_KEYED_ROOMS = ("model", "files", "collection")
_KEYED_MODULES = ("text.py", "errors.py")  # the control characters files may not hold; problems

# What says a file is unchanged: (size, mtime_ns, ctime_ns, inode). A tuple, so that
# checking one is a single comparison on the warm path.
Stamp = tuple[int, int, int, int]

# relative path -> (stamp, record, the record as one line of JSON, shared citations)
# (the record's citations of shared sources: [[field path, source id], ...] or None, from the
# parse). What "record" holds is the catalog's business (its marshal blob, for a release file).
Records = dict[str, tuple[Stamp, Any, str | None, list[Any] | None]]
Memo = dict[str, Any]  # the catalog's; plain data that marshal can hold

MAGIC = b"ai-tracker cache 4\n"
# A cache of 10,000 releases is about 25 MB; this is far above any real one, and
# bounds what a damaged or planted file can make us read.
MAX_BYTES = 1 << 30


class Untrusted(Exception):
    """A cache file or folder that someone else could have written (see `distrust`)."""


def distrust(path: Path | str, st: os.stat_result) -> str | None:
    """Why a cache file or folder (path, and its stat) must be neither read nor written,
    or None: it is trusted only when it is this user's and no one else can write it.
    Anyone who can write a cache (a shared XDG_CACHE_HOME, a folder in /tmp) could plant
    records that `list` and `show` print as the collection's; a checksum does not stop
    them. The one check of ownership and permissions: a store that replaces this cache
    calls it on its own files and folder. (POSIX only: Windows has neither.)"""
    if os.name != "posix":
        return None
    kind = "folder" if stat.S_ISDIR(st.st_mode) else "file"
    if st.st_uid != os.geteuid():
        return f"the cache {kind} '{path}' belongs to another user (uid {st.st_uid})"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        who = "its group and others" if st.st_mode & stat.S_IWGRP and st.st_mode & stat.S_IWOTH else (
            "its group" if st.st_mode & stat.S_IWGRP else "others")
        return f"the cache {kind} '{path}' can be written by {who} (mode {stat.S_IMODE(st.st_mode):04o})"
    return None


def _distrusted_folder(base: Path) -> str | None:
    """`distrust` of the cache folder, if there is one."""
    try:
        st = os.stat(base)
    except OSError:
        return None  # not there yet: `write` makes it, private
    return distrust(base, st)


def untrusted_message(reason: str) -> str:
    """The warning for a cache not used: what, why, and what to do."""
    return (f"{reason}: it is not used (every file is read again) nor written; make it yours and "
            "writable by you alone (chmod 700 for a folder, 600 for a file), or set XDG_CACHE_HOME "
            "to a folder of your own")


def stamp(st: os.stat_result) -> Stamp:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def folder() -> Path | None:
    """The cache folder, or None when there is none to use (no home folder)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative path is to be ignored
        home = os.path.expanduser("~") if os.environ.get("HOME") != "" else ""
        if not os.path.isabs(home):  # no $HOME and no passwd entry: '~' stays as it is
            return None
        base = os.path.join(home, ".cache")
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
    digest.update(f"{__version__}|{SCHEMA_VERSION}|{sys.version}|{_folders(root)}".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _file_for(root: Path | Sequence[Path]) -> Path | None:
    base = folder()
    if base is None:
        return None
    name = hashlib.sha256(_folders(root).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return base / f"{name}.marshal"


def _checksum(payload: bytes | memoryview) -> bytes:
    # CRC-32, not a cryptographic hash: it guards against damage (it catches every
    # burst of up to 32 bits, and all but one in 4 billion others) at about 4 GB/s,
    # five times blake2b's speed, on the warm path of every command. Whoever can
    # write the cache folder could write a valid checksum anyway.
    return zlib.crc32(payload).to_bytes(4, "big")


# The file: MAGIC, then a header of three 4-byte numbers (the CRC-32 of the front part,
# its length, the CRC-32 of the back part), then the front part (the key and the memo)
# and the back part (the files). A run whose files are unchanged reads only the front;
# each part is checked before it is read.
_HEADER = len(MAGIC) + 20


FRONT = "//"  # the keys of files that are not release files (the registry's): few, kept in front


def encode(data: dict[str, Any]) -> bytes:
    """{"key", "memo", "files"} as the cache file holds them."""
    return b"".join(_parts(data))


def _parts(data: dict[str, Any]) -> list[bytes]:
    """The cache file in its pieces (header, front, each blob, back), to be written one
    after the other: joined, 100,000 releases would need another 260 MB for a moment.

    The memo's records (marshal blobs) go in a section of their own after the front, each
    named in the front by its (offset, length): a run that prints from the memo (`list
    --format json`) neither copies nor checks them; one that decodes a record checks the
    section once and reads the record where it lies."""
    files = data.get("files")
    files = files if isinstance(files, dict) else {}
    ahead = {k: v for k, v in files.items() if k.startswith(FRONT)}
    memo = data.get("memo")
    blobs: list[bytes] = []
    if isinstance(memo, dict) and isinstance(memo.get("entries"), list):
        at = 0
        placed = []
        for place, head, blob, text in memo["entries"]:
            placed.append((place, head, (at, len(blob)), text))
            blobs.append(blob)
            at += len(blob)
        memo = {**memo, "entries": placed}
    front = marshal.dumps({"key": data.get("key"), "memo": memo, "ahead": ahead})
    back = marshal.dumps({k: v for k, v in files.items() if not k.startswith(FRONT)})
    # The section is the blobs one after the other, written as they are (not joined: at
    # 100,000 releases that would be another 100 MB), its checksum made piece by piece.
    crc = 0
    for blob in blobs:
        crc = zlib.crc32(blob, crc)
    size = sum(map(len, blobs))
    header = (MAGIC + _checksum(front) + len(front).to_bytes(4, "big") + crc.to_bytes(4, "big")
              + size.to_bytes(4, "big") + _checksum(back))
    return [header, front, *blobs, back]


def _sizes(raw: bytes | memoryview) -> tuple[int, int]:
    start = len(MAGIC)
    return (int.from_bytes(raw[start + 4:start + 8], "big"), int.from_bytes(raw[start + 12:start + 16], "big"))


def _front(raw: bytes) -> dict[str, Any] | None:
    if not raw.startswith(MAGIC) or len(raw) < _HEADER:
        return None
    size, _ = _sizes(raw)
    front = memoryview(raw)[_HEADER:_HEADER + size]
    if len(front) != size or _checksum(front) != raw[len(MAGIC):len(MAGIC) + 4]:
        return None
    data = marshal.loads(front)
    return data if isinstance(data, dict) else None


def _blobs(raw: bytes) -> memoryview | None:
    """The memo's record section, if its checksum holds."""
    front, size = _sizes(raw)
    section = memoryview(raw)[_HEADER + front:_HEADER + front + size]
    if len(section) != size or _checksum(section) != raw[len(MAGIC) + 8:len(MAGIC) + 12]:
        return None
    return section


def _back(raw: bytes) -> Any:
    front, blobs = _sizes(raw)
    back = memoryview(raw)[_HEADER + front + blobs:]
    if _checksum(back) != raw[len(MAGIC) + 16:_HEADER]:
        return None
    return marshal.loads(back)


def decode(raw: bytes) -> dict[str, Any] | None:
    """The cache file's content, or None unless its magic and checksums hold (the memo's
    records as blobs in its entries, as `encode` takes them)."""
    data = _front(raw)
    if data is None:
        return None
    files = _back(raw)
    section = _blobs(raw)
    if not isinstance(files, dict) or not isinstance(data.get("ahead"), dict) or section is None:
        return None
    memo = data.get("memo")
    if isinstance(memo, dict):
        memo = {**memo, "entries": [(place, head, bytes(section[at:at + size]), text)
                                    for place, head, (at, size), text in memo["entries"]]}
    return {"key": data.get("key"), "memo": memo, "files": {**data["ahead"], **files}}


def read_bounded(path: Path, limit: int, *, trust: bool = False) -> bytes | None:
    """A regular file's bytes, or None for anything else or anything bigger than limit.

    Opened without following a link and without blocking (a FIFO would wait for
    a writer for ever), then checked on the open file itself, so nothing can be
    swapped in between the check and the read. trust: raise Untrusted for a file
    that `distrust` refuses (checked on the open file too)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        reason = distrust(path, st) if trust else None
        if reason is not None:
            raise Untrusted(reason)
        # os.read, not a buffered file: its read(limit + 1) copies through a buffer of
        # `limit` bytes (30 ms for a 27 MB cache, against 2 ms for this). In pieces until
        # the end, so a file that grew since fstat is still read whole, or refused.
        parts, total = [], 0
        while total <= limit:
            part = os.read(fd, min(max(st.st_size + 1 - total, 1 << 16), limit + 1 - total))
            if not part:
                break
            parts.append(part)
            total += len(part)
        raw = b"".join(parts)  # one part: that very object, no copy
    finally:
        os.close(fd)
    return raw if len(raw) <= limit else None


def read(root: Path | Sequence[Path]) -> Records:
    """The cached records for this data folder, or {} when there is no usable cache."""
    stored = read_all(root)
    return {} if stored is None else stored.files()


class Stored:
    """A cache file read: its memo at once, its files and the memo's records when asked for."""

    def __init__(self, raw: bytes, memo: Memo | None, ahead: Records, root: Path | Sequence[Path]) -> None:
        self._raw: bytes | None = raw
        self.memo = memo
        self.ahead = ahead  # the records of the files that are not release files
        self.root = root
        self._files: Records | None = None
        self._section: memoryview | None = None

    def blob(self, ref: Any) -> memoryview | None:
        """A memo record's blob, by its (offset, length); None if the section is damaged
        (its checksum is checked once, by `read_all`) or the place is not in it."""
        if self._section is None:
            self._section = _blobs(self._raw) if self._raw is not None else None
            if self._section is None:
                return None
        try:
            at, size = ref
            return self._section[at:at + size] if 0 <= at and at + size <= len(self._section) else None
        except (TypeError, ValueError):
            return None

    def files(self) -> Records:
        """Every file's record ({} if that part is damaged or not what this code writes),
        a memo entry's as its index."""
        if self._files is None:
            try:
                files = _back(self._raw) if self._raw is not None else None
            except Exception:  # noqa: BLE001 - a cache is only ever an optimisation
                files = None
            self._files = {**self.ahead, **files} if isinstance(files, dict) else {}
        return self._files


def read_all(root: Path | Sequence[Path], warnings: list[str] | None = None) -> Stored | None:
    """This data folder's cache (its memo read, its files on demand), or None when there
    is no usable cache.

    Never raises: whatever is wrong with the cache (missing, unreadable, damaged,
    a device, written by another version) means no cache, and the caller's next
    write replaces it. A cache file or folder someone else could have written
    (`distrust`) is not read, and `write` leaves it alone: warnings receives why."""
    path = _file_for(root)
    if path is None:
        return None
    reason = _distrusted_folder(path.parent)
    if reason is not None:
        if warnings is not None:
            warnings.append(untrusted_message(reason))
        return None
    try:
        raw = read_bounded(path, MAX_BYTES, trust=True)
        data = _front(raw) if raw is not None else None
        if raw is None or data is None or data.get("key") != _key(root) or not isinstance(data.get("ahead"), dict):
            return None
    except Untrusted as exc:
        if warnings is not None:
            warnings.append(untrusted_message(str(exc)))
        return None
    except Exception:  # noqa: BLE001 - a cache is only ever an optimisation
        return None
    _mark_used(path)
    memo = data.get("memo")
    stored = Stored(raw, memo if isinstance(memo, dict) else None, data["ahead"], root)
    # The memo's records are checked now (2 ms for 10,000), not when the first is read:
    # a damaged section then means no memo, silently, rather than a command stopped.
    if stored.memo is not None and stored.blob((0, 0)) is None:
        stored.memo = None
    return stored


def forget(root: Path | Sequence[Path]) -> None:
    """Remove this folder's cache (found to hold what this code does not write)."""
    path = _file_for(root)
    if path is not None:
        with contextlib.suppress(OSError):
            path.unlink()


def _mark_used(path: Path) -> None:
    """A cache read, even if not rewritten, is in use: keep `_prune` away (at most daily)."""
    with contextlib.suppress(OSError):
        if path.stat().st_mtime < time.time() - 24 * 3600:
            os.utime(path)


def write(root: Path | Sequence[Path], records: Records, memo: Memo | None = None) -> None:
    """Replace the cache atomically; a cache that cannot be written is simply skipped."""
    target = _file_for(root)
    if target is None:
        return
    parts = _parts({"key": _key(root), "files": records, "memo": memo})
    if sum(map(len, parts)) > MAX_BYTES:
        return  # it would never be read back

    def write_parts(tmp: Path) -> None:
        with open(tmp, "wb") as out:
            for part in parts:
                out.write(part)

    try:
        # 0700 and 0600: a cache is private to its user. Never into a folder or over a
        # file someone else could write (`read_all` has said so): they are theirs.
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if _distrusted_folder(target.parent) is not None or _distrusted_file(target) is not None:
            return
        replace_atomically(target, write_parts, mode=0o600)
        _prune(target.parent, keep=target)
    except (OSError, DataError):
        pass  # read-only home, full disk: the tool works without a cache


def _distrusted_file(path: Path) -> str | None:
    """`distrust` of a cache file there: a link, a device or a FIFO is no cache file, and
    is replaced (never written through: the rename replaces the name)."""
    try:
        st = os.lstat(path)
    except OSError:
        return None  # not there: written anew, 0600
    return distrust(path, st) if stat.S_ISREG(st.st_mode) else None


STALE_SECONDS = 30 * 24 * 3600


def _prune(folder: Path, keep: Path) -> None:
    """Forget data folders not read for a month (one file per folder would pile up:
    every temporary or deleted collection leaves one)."""
    cutoff = time.time() - STALE_SECONDS
    for path in folder.glob("*.marshal"):
        with contextlib.suppress(OSError):
            if path != keep and path.stat().st_mtime < cutoff:
                path.unlink()
