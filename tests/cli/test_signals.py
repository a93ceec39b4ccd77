"""Every way a run can end has its documented code: a reader that goes away (141),
Ctrl-C at any moment (130, no traceback); a writer killed mid-write leaves nothing
that the next run does not remove."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from support import write_release

from ai_tracker.files import atomic


def run_main(code: str, *args: str, **kwargs) -> subprocess.Popen:
    """`python -c code` with ai_tracker importable as installed, the given args as argv."""
    env = {**os.environ, "NO_COLOR": "1", "XDG_CACHE_HOME": kwargs.pop("cache")}
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env, **kwargs)


MAIN = "import sys; sys.argv[0] = 'ai-tracker'; from ai_tracker.cli import main; main()"


def test_a_reader_that_goes_away_ends_the_command_with_sigpipe(tmp_path):
    """`list --format json | head -c 10`: the bundled records are far more than a pipe
    holds, so the command is still writing when the reader leaves."""
    proc = run_main(MAIN, "list", "--format", "json", stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                    cache=str(tmp_path / "c"))
    assert proc.stdout.read(10) == b'[\n{"id": "'
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGPIPE  # the shell shows it as 128 + 13 = 141
    assert err == b""


def test_ctrl_c_while_modules_load_is_exit_130_without_a_traceback(tmp_path):
    # Deterministic: an interrupt raised by the import of the app itself.
    code = ("import sys\n"
            "class Interrupt:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name == 'ai_tracker.cli.app':\n"
            "            raise KeyboardInterrupt\n"
            "sys.meta_path.insert(0, Interrupt())\n" + MAIN.replace("; ", "\n"))
    proc = run_main(code, "list", stdout=subprocess.PIPE, stderr=subprocess.PIPE, cache=str(tmp_path / "c"))
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err and err.strip() == b"interrupted"


def test_ctrl_c_while_the_entry_point_loads_its_first_modules_is_exit_130(tmp_path):
    # `signal` (and through it `enum`) is the first module the entry point needs that a
    # bare interpreter has not loaded: imported inside main's handler, not before it.
    code = ("import sys\n"
            "assert 'signal' not in sys.modules\n"
            "class Interrupt:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name == 'signal':\n"
            "            raise KeyboardInterrupt\n"
            "sys.meta_path.insert(0, Interrupt())\n" + MAIN.replace("; ", "\n"))
    proc = run_main(code, "list", stdout=subprocess.PIPE, stderr=subprocess.PIPE, cache=str(tmp_path / "c"))
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, err, out) == (130, b"interrupted\n", b"")


def test_ctrl_c_where_python_cannot_raise_it_still_ends_the_command(tmp_path):
    """Ctrl-C inside a `__del__` or a weakref callback (the import system's module locks
    have one) is "ignored" by Python, which prints a traceback and carries on: the
    command must still end, 130 and one line."""
    code = ("import sys\n"
            "from ai_tracker.collection import catalog\n"
            "load = catalog.load\n"
            "class Dropped:\n"
            "    def __del__(self):\n"
            "        raise KeyboardInterrupt\n"
            "def interrupted(*args, **kwargs):\n"
            "    Dropped()  # collected at once: its __del__ runs here\n"
            "    return load(*args, **kwargs)\n"
            "catalog.load = interrupted\n" + MAIN.replace("; ", "\n"))
    write_release(tmp_path / "d", "alpha", name="Alpha")
    proc = run_main(code, "list", "--data-dir", str(tmp_path / "d"), stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE, cache=str(tmp_path / "c"))
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, err, out) == (130, b"interrupted\n", b"")


def test_ctrl_c_behind_an_error_while_modules_load_is_exit_130(tmp_path):
    # An import machinery that turns the interrupt into an error of its own.
    code = ("import sys\n"
            "class Interrupt:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name == 'ai_tracker.cli.app':\n"
            "            try:\n"
            "                raise KeyboardInterrupt\n"
            "            except KeyboardInterrupt as exc:\n"
            "                raise ImportError('cannot import ' + name) from exc\n"
            "sys.meta_path.insert(0, Interrupt())\n" + MAIN.replace("; ", "\n"))
    proc = run_main(code, "list", stdout=subprocess.PIPE, stderr=subprocess.PIPE, cache=str(tmp_path / "c"))
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, err, out) == (130, b"interrupted\n", b"")


def test_ctrl_c_during_a_command_is_exit_130(cli, tmp_path, monkeypatch):
    from ai_tracker.collection import catalog

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(catalog, "load", interrupted)
    write_release(tmp_path / "d", "alpha", name="Alpha")
    result = cli("list", "--data-dir", str(tmp_path / "d"))
    assert result.exit_code == 130 and result.stderr == "interrupted\n", result


def test_a_killed_writer_leaves_nothing_the_next_write_does_not_remove(tmp_path):
    """A process killed with SIGKILL inside a write: its staging folder stays; the next
    write into that folder removes it. A live writer's folder, or a fresh one, is kept."""
    folder = tmp_path / "out"
    folder.mkdir()
    code = ("import os, sys, time\n"
            "from pathlib import Path\n"
            "from ai_tracker.files import atomic\n"
            "def slow(tmp):\n"
            "    tmp.write_bytes(b'half')\n"
            "    Path(sys.argv[1], 'ready').touch()\n"
            "    time.sleep(60)\n"
            "atomic.replace_atomically(Path(sys.argv[1]) / 'x.db', slow)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(folder)])
    deadline = time.monotonic() + 60
    while not (folder / "ready").exists():  # waits for an event, measures nothing
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.02)
    [left] = [p for p in folder.iterdir() if p.name.startswith(atomic.STAGING_PREFIX)]
    live = folder / f"{atomic.STAGING_PREFIX}{os.getpid()}-live"  # ours: a process still running
    live.mkdir()
    proc.kill()
    proc.wait()
    assert left.exists() and (left / "x.db").read_bytes() == b"half"
    for path in (left, live):
        os.utime(path, (1, 1))  # older than the grace period
    fresh = folder / f"{atomic.STAGING_PREFIX}{proc.pid}-fresh"  # a dead writer's, but just made
    fresh.mkdir()
    atomic._CLEANED.discard(str(folder))
    atomic.write_text_atomically(folder / "next.txt", "ok")
    assert not left.exists()
    assert live.exists() and fresh.exists()
    assert (folder / "next.txt").read_text() == "ok" and not (folder / "x.db").exists()


def test_a_killed_download_leaves_nothing_the_next_one_does_not_remove(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()  # a process id that is gone
    left = tmp_path / f"{atomic.STAGING_PREFIX}{proc.pid}-download"
    left.mkdir()
    (left / "api.json").write_bytes(b"half a download")
    os.utime(left, (1, 1))
    atomic._CLEANED.discard(str(tmp_path))
    with atomic.scratch_folder() as folder:
        assert folder.parent == tmp_path and folder.name.startswith(f"{atomic.STAGING_PREFIX}{os.getpid()}-")
        assert not left.exists()
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_inside_a_library_that_wraps_it_is_still_an_interruption(tmp_path):
    """SIGINT delivered while Pydantic runs our serializer during a cold load: Pydantic
    raises a PydanticSerializationError caused by the KeyboardInterrupt, which is still
    Ctrl-C (130, "interrupted"), never an "internal error". The signal is sent from
    inside the serializer, so the moment is the same every run."""
    code = ("import os, signal, sys\n"
            "from ai_tracker.model import dates\n"
            "plain = dates.FuzzyDate.__str__\n"
            "def interrupted(self):\n"
            "    if sys._getframe(1).f_code.co_name == 'model_dump':  # called by Pydantic's serializer\n"
            "        os.kill(os.getpid(), signal.SIGINT)\n"
            "    return plain(self)\n"
            "dates.FuzzyDate.__str__ = interrupted\n" + MAIN.replace("; ", "\n"))
    write_release(tmp_path / "d", "alpha", name="Alpha")
    proc = run_main(code, "list", "--data-dir", str(tmp_path / "d"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                    cache=str(tmp_path / "empty-cache"))
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, err, out) == (130, b"interrupted\n", b"")


def test_any_exception_ctrl_c_is_behind_is_an_interruption(cli, tmp_path, monkeypatch):
    """Wrapped (its cause), raised while it was handled (its context), or in a group:
    exit 130 and one line, whatever the exception; an error with no Ctrl-C behind it
    is still one."""
    from pydantic import BaseModel, field_serializer

    from ai_tracker.collection import catalog
    from ai_tracker.errors import DataError

    class Model(BaseModel):
        x: int

        @field_serializer("x")
        def _x(self, value: int) -> int:
            raise KeyboardInterrupt

    def wrapped(*args, **kwargs):
        Model(x=1).model_dump()  # PydanticSerializationError from KeyboardInterrupt

    def while_handled(*args, **kwargs):
        try:
            raise KeyboardInterrupt
        finally:
            raise OSError(5, "Input/output error")  # a clean-up failing as Ctrl-C unwinds

    def grouped(*args, **kwargs):
        raise BaseExceptionGroup("workers", [ValueError("x"), KeyboardInterrupt()])  # noqa: F821 (3.11)

    def in_data(*args, **kwargs):
        try:
            Model(x=1).model_dump()
        except Exception as exc:
            raise DataError("cannot read") from exc

    def not_interrupted(*args, **kwargs):
        raise OSError(5, "Input/output error")

    write_release(tmp_path / "d", "alpha", name="Alpha")
    groups = (grouped,) if sys.version_info >= (3, 11) else ()  # BaseExceptionGroup is 3.11's
    for load in (wrapped, while_handled, *groups, in_data):
        monkeypatch.setattr(catalog, "load", load)
        result = cli("list", "--data-dir", str(tmp_path / "d"))
        assert (result.exit_code, result.stdout, result.stderr) == (130, "", "interrupted\n"), load.__name__
    monkeypatch.setattr(catalog, "load", not_interrupted)
    result = cli("list", "--data-dir", str(tmp_path / "d"))
    assert (result.exit_code, result.stderr) == (1, "error: cannot read or write: Input/output error\n")
