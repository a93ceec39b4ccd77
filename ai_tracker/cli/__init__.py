"""The command layer: parse options, call the core, render, turn errors into exit codes."""

from __future__ import annotations

import atexit
import os
import signal
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
    try:
        _main()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        raise SystemExit(EXIT_INTERRUPTED) from None


def _main() -> None:
    # A reader that goes away (`| head`) ends the command as it ends Unix tools: killed
    # by SIGPIPE, which the shell reports as 141. Python ignores SIGPIPE, and then a
    # write cut short by the reader's exit can return as if done: exit 0, output lost.
    # Writes of files are atomic, so nothing is left half written.
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
    from ai_tracker.cli.app import app

    app(prog_name="ai-tracker")


def version_text() -> str:
    """`--version`: the version, then how fresh the bundled record is (its coverage.yaml's
    checked date, read without validating: fast, and quiet if the file is broken)."""
    from ai_tracker import __version__
    from ai_tracker.collection.coverage import bundled_checked

    checked = bundled_checked()
    return f"ai-tracker {__version__}\n" + (f"bundled record checked {checked}\n" if checked
                                            else "bundled record: no checked date\n")
