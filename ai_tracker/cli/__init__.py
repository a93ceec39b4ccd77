"""The command layer: parse options, call the core, render, turn errors into exit codes."""

from __future__ import annotations

import sys


def main() -> None:
    """The `ai-tracker` console script and `python -m ai_tracker`."""
    if sys.stdout is None:  # started with stdout closed (`ai-tracker list >&-`)
        sys.stderr.write("error: standard output is closed\n")
        raise SystemExit(1)
    if sys.argv[1:] in (["--version"], ["-V"]):
        # Answered before Typer is imported: building the app costs more than the
        # answer, and scripts call --version to probe for the tool.
        from ai_tracker import __version__

        sys.stdout.write(f"ai-tracker {__version__}\n")
        return
    from ai_tracker.cli.app import app

    app(prog_name="ai-tracker")
