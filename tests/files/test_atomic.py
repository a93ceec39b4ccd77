"""files/atomic.py: the one temp-file-then-rename, in its two modes and its dry run."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

import pytest
from support import REPO

from ai_tracker.collection import cache
from ai_tracker.errors import DataError
from ai_tracker.files import atomic


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_replace_puts_the_new_content_and_keeps_the_mode(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("old")
    os.chmod(path, 0o640)
    atomic.replace_atomically(path, atomic.bytes_writer(b"new"))
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert listing(tmp_path) == ["out.txt"]  # no staging folder left


def test_replace_gives_a_new_file_the_mode_asked_for(tmp_path):
    atomic.replace_atomically(tmp_path / "c.marshal", atomic.bytes_writer(b"x"), mode=0o600)
    assert stat.S_IMODE((tmp_path / "c.marshal").stat().st_mode) == 0o600


def test_the_check_sees_the_final_name_and_can_stop_the_write(tmp_path):
    path = tmp_path / "qwen3.yaml"
    path.write_text("old")
    seen: list[Path] = []

    def refuse(tmp: Path) -> None:
        seen.append(tmp)
        assert tmp.read_bytes() == b"new"
        raise DataError("no")

    for write in (atomic.replace_atomically, atomic.create_atomically):
        with pytest.raises(DataError, match="no"):
            write(path, atomic.bytes_writer(b"new"), check=refuse)
    assert [p.name for p in seen] == ["qwen3.yaml", "qwen3.yaml"]
    assert all(p.parent.parent == tmp_path and p.parent.name.startswith(".") for p in seen)
    assert path.read_text() == "old" and listing(tmp_path) == ["qwen3.yaml"]


def test_a_failing_write_leaves_the_target_and_no_temporary_file(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("old")

    def full(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(DataError, match=f"cannot write '{re.escape(str(path))}': No space left on device"):
        atomic.replace_atomically(path, full)
    assert path.read_text() == "old" and listing(tmp_path) == ["out.txt"]


def test_an_interrupt_leaves_no_temporary_file(tmp_path):
    def interrupted(tmp: Path) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic.create_atomically(tmp_path / "a.yaml", interrupted)
    assert listing(tmp_path) == []


def _ctrl_c_right_after(real):  # type: ignore[no-untyped-def]
    """real, then a real SIGINT to this process: Python raises KeyboardInterrupt at its
    next check, inside whatever called real, as Ctrl-C does at the worst moment."""
    import signal

    def call(*args, **kwargs):  # type: ignore[no-untyped-def]
        done = real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGINT)
        return done

    return call


@pytest.mark.parametrize("where", ["mkdir", "rmtree"])
def test_ctrl_c_as_the_staging_folder_is_made_or_removed_leaves_none(tmp_path, monkeypatch, where):
    """Ctrl-C just after the staging folder is made (inside mkdtemp, before it returns its
    name) or just as its removal begins: still interrupted, and no staging folder left,
    for the staged writes and for the scratch folder of a download."""
    import shutil
    import signal
    import tempfile

    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    (tmp_path / "out").mkdir()
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))  # where scratch folders go
    if where == "mkdir":
        monkeypatch.setattr(os, "mkdir", _ctrl_c_right_after(os.mkdir))
    else:
        real_rmtree = shutil.rmtree
        signalled = set()  # the first call for a folder sends Ctrl-C before removing anything

        def rmtree(*args, **kwargs):  # type: ignore[no-untyped-def]
            if str(args[0]) not in signalled:
                signalled.add(str(args[0]))
                os.kill(os.getpid(), signal.SIGINT)
                for _ in range(1000):  # a few checks for pending signals: Python raises here
                    pass
            real_rmtree(*args, **kwargs)

        monkeypatch.setattr(shutil, "rmtree", rmtree)
    with pytest.raises(KeyboardInterrupt):
        atomic.create_atomically(tmp_path / "out" / "a.yaml", atomic.bytes_writer(b"x"))
    with pytest.raises(KeyboardInterrupt), atomic.scratch_folder() as scratch:
        (scratch / "download").write_bytes(b"x")
    monkeypatch.undo()
    assert [n for n in listing(tmp_path / "out") if n.startswith(atomic.STAGING_PREFIX)] == []
    assert listing(tmp_path / "tmp") == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back


def test_create_never_replaces(tmp_path):
    path = tmp_path / "a.yaml"
    atomic.create_atomically(path, atomic.bytes_writer(b"first"), durable=True)
    assert path.read_bytes() == b"first"
    with pytest.raises(DataError, match="already exists; nothing was changed"):
        atomic.create_atomically(path, atomic.bytes_writer(b"second"))
    assert path.read_bytes() == b"first" and listing(tmp_path) == ["a.yaml"]


def test_create_without_hard_links_still_never_replaces(tmp_path, monkeypatch):
    def no_links(*args: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(atomic.os, "link", no_links)
    path = tmp_path / "a.yaml"
    atomic.create_atomically(path, atomic.bytes_writer(b"first"))
    with pytest.raises(DataError, match="already exists"):
        atomic.create_atomically(path, atomic.bytes_writer(b"second"))
    assert path.read_bytes() == b"first" and listing(tmp_path) == ["a.yaml"]


def test_replace_can_remove_an_old_name(tmp_path):
    old = tmp_path / "Qwen3.yaml"
    old.write_text("old")
    new = tmp_path / "qwen3.yaml"
    atomic.replace_atomically(new, atomic.bytes_writer(b"new"), remove=old)
    assert new.read_bytes() == b"new"
    assert [name.lower() for name in listing(tmp_path)] == ["qwen3.yaml"]  # one file, whatever the file system


def test_an_unwritable_folder_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="cannot write in"):
        atomic.replace_atomically(tmp_path / "nope" / "out.txt", atomic.bytes_writer(b"x"))


def test_a_dry_run_checks_the_file_and_writes_nothing_near_the_target(tmp_path):
    seen: list[bytes] = []
    atomic.check_without_writing(tmp_path / "a.yaml", atomic.bytes_writer(b"text"),
                                 lambda tmp: seen.append(tmp.read_bytes()))
    assert seen == [b"text"] and listing(tmp_path) == []


def test_the_cache_is_written_by_it(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls: list[Path] = []
    real = atomic.replace_atomically

    def spy(path: Path, *args: object, **kwargs: object) -> None:
        calls.append(path)
        real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cache, "replace_atomically", spy)
    cache.write(tmp_path / "data", {})
    [written] = calls
    assert written.exists() and stat.S_IMODE(written.stat().st_mode) == 0o600
    assert listing(written.parent) == [written.name]


def test_no_other_module_renames_or_stages_files():
    """Every temp-file-then-rename goes through files/atomic.py."""
    pattern = re.compile(r"os\.(replace|rename|link)\(|mkstemp|mkdtemp|TemporaryDirectory|NamedTemporaryFile")
    offenders = [str(path.relative_to(REPO)) for path in sorted((REPO / "ai_tracker").rglob("*.py"))
                 if path.name != "atomic.py" and pattern.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
