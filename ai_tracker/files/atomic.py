"""Writing a whole file safely: never half a file, never over a device or a folder.

The one place that writes by temporary-file-then-rename. Every write goes
the same way: a hidden staging folder next to the target, the file written
there under the target's own name (so a check that reads the file name, like
the loader's id from the file name, sees the real one), checked, then moved
into place on the same file system. Whatever goes wrong, even an interrupt,
the staging folder is removed and the target is as it was.

Two modes:

- `replace_atomically`: rename over the target (`--out FILE` of schema and
  export, the cache, `import`, `new --force`);
- `create_atomically`: appear only if the name is free, never replacing
  (`new`, `--chart FILE` without --force, a new file of `import`, `export`
  and `schema --out` without --force): a hard link, which fails if the name
  exists.

A writer that read the file it replaces passes what it read as `expect`:
the target is compared with it at the moment of writing (after the staging
and the check, just before the rename), and a file that changed meanwhile
(a hand edit, another process) is left alone: `Clobber`, nothing written.
Both refusals are `Clobber`, so a caller that keeps going (`import`) counts
the file as kept.

`check_without_writing` is the dry run of either: written and checked in the
system's temporary folder, nothing moved (`new --dry-run`, `import --dry-run`).

OSError becomes a DataError naming the file (callers that can do without
the file, like the cache, catch it).

A process killed while it writes (SIGKILL, a power cut: no `finally` runs)
leaves its staging folder behind. Each is named with its process id, and
the first write into a folder removes the ones left there by processes that
are gone (never one that is still running: it may be writing right now).
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from ai_tracker.errors import DataError, UsageError

STAGING_PREFIX = ".ai-tracker-write-"

class Clobber(DataError):
    """The target exists (create) or is not what the caller read (expect): nothing written."""


Writer = Callable[[Path], None]
Checker = Callable[[Path], None]


def output_target(out: Path, field: str = "out") -> Path:
    """The file `--out` names, checked: a link is followed to its target; a folder,
    a device or a FIFO is refused (os.replace would put a file in its place)."""
    path = out.resolve() if out.is_symlink() else out
    if path.is_dir():
        raise UsageError(f"'{out}' is a folder; give a file name", field=field)
    if path.exists() and not stat.S_ISREG(path.stat().st_mode):
        raise UsageError(f"'{out}' is not a regular file (a device, FIFO or socket)", field=field)
    if not path.parent.is_dir():
        raise UsageError(f"folder '{path.parent}' does not exist", field=field)
    return path


def check_new_output(out: Path, *, force: bool, field: str) -> Path:
    """A file an option names for writing (`--chart`), checked before any work: an
    existing file needs --force (UsageError)."""
    path = output_target(out, field=field)
    if path.exists() and not force:
        raise UsageError(f"'{out}' exists; use --force to overwrite it", field=field)
    return path


def write_output(path: Path, data: bytes, *, force: bool) -> None:
    """Write a whole output file: without force only where no file of that name exists,
    even one another process made since `check_new_output` (DataError then); with
    force over whatever is there."""
    if force:
        replace_atomically(path, bytes_writer(data))
    else:
        create_atomically(path, bytes_writer(data))


def bytes_writer(data: bytes) -> Writer:
    """A `write` that puts these bytes in the file."""
    def write(tmp: Path) -> None:
        with open(tmp, "wb") as out:
            out.write(data)

    return write


def replace_atomically(path: Path, write: Writer, *, check: Checker | None = None, mode: int | None = None,
                       durable: bool = False, remove: Path | None = None, expect: bytes | None = None) -> None:
    """Call write(tmp) on an empty file staged next to `path`, then rename it over `path`.

    check(tmp), when given, runs on the written file and raises to stop
    (nothing is changed). The file keeps an existing target's permissions,
    else gets `mode`, else the usual ones (the umask's). durable: fsync the
    file and the folder, so the new content survives a crash. remove: an old
    name of the same file (another case of the name) to delete once the new
    one is in place, unless it is the same file. expect: the bytes the caller read from
    the file it replaces (`remove`, else `path`); if the file holds anything else
    now, Clobber and nothing is changed.
    """
    with _staged(path, write, check, durable) as tmp:
        if expect is not None:
            _check_unchanged(remove if remove is not None else path, expect)
        try:
            if path.exists():
                os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
            elif mode is not None:
                os.chmod(tmp, mode)
            os.replace(tmp, path)
            if remove is not None and remove != path and os.path.lexists(remove) and not _same_file(remove, path):
                os.unlink(remove)
        except OSError as exc:
            raise _cannot_write(path, exc) from None


def create_atomically(path: Path, write: Writer, *, check: Checker | None = None, durable: bool = False) -> None:
    """As replace_atomically, but the file appears only where no file of that name
    exists: an existing `path` is never touched (DataError "already exists")."""
    with _staged(path, write, check, durable) as tmp:
        try:
            _link_no_clobber(tmp, path)
        except FileExistsError:
            raise Clobber(f"'{path}' already exists; nothing was changed") from None
        except OSError as exc:
            raise _cannot_write(path, exc) from None


def _check_unchanged(path: Path, expect: bytes) -> None:
    try:
        with open(path, "rb") as handle:
            now = handle.read(len(expect) + 1)
    except FileNotFoundError:
        now = None
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    if now != expect:
        raise Clobber(f"'{path}' changed while this ran (edited, or written by another process); "
                      "it was left as it is")


def write_text_atomically(path: Path, text: str) -> None:
    replace_atomically(path, bytes_writer(text.encode("utf-8")))


def check_without_writing(path: Path, write: Writer, check: Checker) -> None:
    """A dry run: the same write and check, staged in the system's temporary folder
    instead of next to `path`, and nothing moved into place."""
    with _staged(path, write, check, durable=False, aside=True):
        pass


@contextmanager
def _staged(path: Path, write: Writer, check: Checker | None, durable: bool,
            aside: bool = False) -> Iterator[Path]:
    """The file written (and checked) in a hidden folder next to `path` (aside: in
    the system's temporary folder); the folder is removed afterwards whatever happens."""
    folder = path.parent
    where = Path(tempfile.gettempdir()) if aside else folder
    _remove_leftovers(where)
    staging: Path | None = None
    try:
        with _interrupt_held():  # made and named here before a Ctrl-C can come: removed below
            staging = _make_staging(where, folder)
        tmp = staging / path.name
        try:
            with open(tmp, "xb"):
                pass
            write(tmp)
            if durable:
                _sync(tmp, os.O_RDONLY)
        except OSError as exc:
            raise _cannot_write(path, exc) from None
        if check is not None:
            check(tmp)
        yield tmp
        if durable and not aside:
            _sync_folder(folder)
    finally:
        if staging is not None:
            _remove_staging(staging)


def _make_staging(where: Path, folder: Path) -> Path:
    """A new staging folder in `where`. The caller holds Ctrl-C back (`_interrupt_held`)
    until it has the name: one that came in between (inside mkdtemp, after its mkdir)
    left an empty staging folder that no `finally` knew of."""
    try:
        return Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=where))
    except OSError as exc:
        raise DataError(f"cannot write in '{folder}': {exc.strerror or exc}") from None


def _remove_staging(staging: Path) -> None:
    """Remove a staging folder whole, Ctrl-C held back meanwhile (then raised); one that
    comes just as this begins, before it is held, still finds the folder removed."""
    try:
        with _interrupt_held():
            shutil.rmtree(staging, ignore_errors=True)
    except KeyboardInterrupt:
        shutil.rmtree(staging, ignore_errors=True)
        raise


@contextmanager
def _interrupt_held() -> Iterator[None]:
    """Run the block whole, Ctrl-C (SIGINT) held back till its end and raised then, as the
    handler in place would have. The handler is Python's, run in the main thread whichever
    thread the signal reached, so replacing it for the block holds it back (blocking the
    signal would hold it only for this thread). Elsewhere than the main thread, no holding
    (signals cannot be handled there)."""
    held: list[tuple[int, FrameType | None]] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        held.append((signum, frame))

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, hold)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if held and callable(previous):
            previous(*held[0])  # Python's default raises KeyboardInterrupt
        elif held and previous == signal.SIG_DFL:
            signal.raise_signal(signal.SIGINT)  # the system's default: the process ends


_CLEANED: set[str] = set()  # folders already cleaned by this process: once is enough
LEFTOVER_SECONDS = 60  # a staging folder younger than this is never removed, whoever made it


def _remove_leftovers(folder: Path) -> None:
    """Remove the staging folders of writers that died here (see the module's docstring).

    Once per folder per process: an import writes thousands of files into one
    folder, and one scan of it is enough."""
    key = str(folder)
    if key in _CLEANED:
        return
    _CLEANED.add(key)
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(STAGING_PREFIX)]
    except OSError:
        return
    now = time.time()
    for entry in entries:
        pid = _writer_pid(entry.name)
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > LEFTOVER_SECONDS
            if old and entry.is_dir(follow_symlinks=False) and (pid is None or not _alive(pid)):
                shutil.rmtree(entry.path, ignore_errors=True)
        except OSError:
            continue


def _writer_pid(name: str) -> int | None:
    """The process id in a staging folder's name, or None (named before ids were)."""
    head = name[len(STAGING_PREFIX):].split("-", 1)[0]
    return int(head) if head.isdigit() else None


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # Windows' os.kill would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, and belongs to someone else
    return True


def _cannot_write(path: Path, exc: OSError) -> DataError:
    return DataError(f"cannot write '{path}': {exc.strerror or exc}")


# File systems without hard links (some network, FUSE and FAT mounts) say so
# with one of these; there we fall back to a checked rename.
_NO_LINKS = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOSYS, errno.EOPNOTSUPP,
             getattr(errno, "ENOTSUP", errno.EOPNOTSUPP)}


def _link_no_clobber(tmp: Path, target: Path) -> None:
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        # Windows' rename refuses an existing name; on POSIX a tiny race between
        # this check and the rename remains, on those file systems only.
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "File exists", str(target)) from None
        os.rename(tmp, target)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _sync(path: Path, flags: int) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Make the new name durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        _sync(folder, os.O_RDONLY)
    except OSError:
        pass


def point_link(link: Path, target: Path) -> None:
    """Make link a symbolic link to target in one step: a new link renamed over the old one,
    so a reader finds the old target or the new one, never neither (relative, so the folder
    that holds both can move)."""
    tmp = link.with_name(f".{link.name}-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        os.symlink(os.path.relpath(target, link.parent), tmp)
        os.replace(tmp, link)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _cannot_write(link, exc) from None


@contextmanager
def scratch_folder() -> Iterator[Path]:
    """A private temporary folder, removed afterwards with all it holds (a download
    before it is read): never inside a data folder."""
    where = Path(tempfile.gettempdir())
    _remove_leftovers(where)  # named as staging folders are, so a killed run's is removed too
    folder: Path | None = None
    try:
        with _interrupt_held():
            folder = _make_staging(where, where)
        yield folder
    finally:
        if folder is not None:
            _remove_staging(folder)
