"""The command layer: parse options, call the core, render, turn errors into exit codes."""

from __future__ import annotations

import atexit
import os
import sys

EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command stopped by Ctrl-C


def run() -> None:
    """The `ai-tracker` console script and `python -m ai_tracker`: `main`, then leave at once.

    Python's own exit frees every object one by one: for a collection of 10,000
    releases that is a tenth of a warm run, and on the bundled data as long as
    importing Rich. The exit handlers still run and the output is flushed; only
    the freeing is left to the operating system. (`main` raises SystemExit as
    usual, for callers in the same process.)"""
    if sys.getprofile() is not None or sys.gettrace() is not None:
        main()  # under a profiler, debugger or coverage: exit as usual, so they finish their work
        return
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if isinstance(code, str):  # as Python does with SystemExit("message")
        sys.stderr.write(code + "\n")
        code = 1
    status = 0 if code is None else code if isinstance(code, int) else 1
    try:
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except BrokenPipeError:  # the reader left before the last of the output (`| head`)
        status = status or 141
    except OSError:
        status = status or 1
    os._exit(status)


def main() -> None:
    """The `ai-tracker` console script and `python -m ai_tracker`.

    Ctrl-C at any moment, even while modules load, ends with 130 and no traceback.
    """
    hook = sys.unraisablehook
    sys.unraisablehook = _unraisable
    try:
        _main()
        _deferred.take()  # an interrupt the command ended before it could be raised in
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        raise SystemExit(EXIT_INTERRUPTED) from None
    except BaseException as exc:
        if isinstance(exc, SystemExit) or not caused_by_interrupt(exc):
            raise
        sys.stderr.write("interrupted\n")
        raise SystemExit(EXIT_INTERRUPTED) from None
    finally:
        _deferred.cancel()
        sys.unraisablehook = hook


class _Deferred:
    """A Ctrl-C that landed where Python cannot raise it (a weakref callback of the import
    system, a `__del__`): Python would print "Exception ignored in ..." with a traceback
    and carry on. It is raised again in the main thread, from another thread (the main
    thread would raise it inside the hook, where it is ignored again), or by `main` when
    the command ends first: once, never after `main` has returned."""

    def __init__(self) -> None:
        import _thread

        self._lock = _thread.allocate_lock()
        self._pending = False

    def interrupt(self) -> None:
        import _thread

        with self._lock:
            self._pending = True
        _thread.start_new_thread(self._raise, ())  # it runs once this thread gives up the GIL

    def _raise(self) -> None:
        import _thread

        with self._lock:
            if not self._pending:
                return
            self._pending = False
            _thread.interrupt_main()

    def take(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, False
        if pending:
            raise KeyboardInterrupt

    def cancel(self) -> None:
        with self._lock:
            self._pending = False


_deferred = _Deferred()


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
        _deferred.interrupt()
        return
    sys.__unraisablehook__(unraisable)


def caused_by_interrupt(exc: BaseException) -> bool:
    """Whether Ctrl-C is behind the exception: a KeyboardInterrupt it wraps (Pydantic
    turns one raised inside a serializer into a PydanticSerializationError caused by
    it), or that was being handled when it was raised, or one of a group's. Such an
    exception is an interruption, not an error of the data or of ours."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, KeyboardInterrupt):
            return True
        todo += [e for e in (current.__cause__, current.__context__) if e is not None]
        todo += [e for e in getattr(current, "exceptions", ()) if isinstance(e, BaseException)]
    return False


def _main() -> None:
    # A reader that goes away (`| head`) ends the command as it ends Unix tools: killed
    # by SIGPIPE, which the shell reports as 141. Python ignores SIGPIPE, and then a
    # write cut short by the reader's exit can return as if done: exit 0, output lost.
    # Writes of files are atomic, so nothing is left half written.
    import signal  # here, inside main's handler of Ctrl-C: it imports enum, a moment an interrupt can land in

    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if sys.stdout is None:  # started with stdout closed (`ai-tracker list >&-`)
        sys.stderr.write("error: standard output is closed\n")
        raise SystemExit(1)
    if sys.argv[1:] in (["--version"], ["-V"]):
        # Answered before Typer is imported: building the app costs more than the
        # answer, and scripts call --version to probe for the tool.
        sys.stdout.write(version_text())
        return
    from ai_tracker.output import streams

    # An output encoding that cannot hold every character (PYTHONIOENCODING=ascii, a
    # Latin-1 locale): written by format, never a UnicodeEncodeError (output/streams.py).
    streams.install(sys.stdout, sys.stderr)
    from ai_tracker.cli.app import app

    try:
        app(prog_name="ai-tracker")
    finally:
        said = streams.note()
        if said:
            sys.stderr.write(said + "\n")


def version_text() -> str:
    """`--version`: the version, then how fresh the bundled record is (its coverage.yaml's
    checked date, read without validating: fast, and quiet if the file is broken)."""
    from ai_tracker import __version__
    from ai_tracker.collection.coverage import bundled_checked

    checked = bundled_checked()
    return f"ai-tracker {__version__}\n" + (f"bundled record checked {checked}\n" if checked
                                            else "bundled record: no checked date\n")
