"""Options shared by every command, declared once so they read the same everywhere."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ai_tracker.output.views import Format

# Text, not Path: Typer turns an empty Path into ".", and `--data-dir ""` must be
# an error, not the current folder.
DataDirOption = Annotated[
    Optional[str],
    typer.Option("--data-dir", "-d", metavar="DIR", show_default=False,
                 help="Folder of release files [default: $AI_TRACKER_DATA, else the bundled data]."),
]

FormatOption = Annotated[
    Optional[Format],
    typer.Option("--format", "-f", "--output", "-o", case_sensitive=False, show_default=False,
                 help="Output format [default: table on a terminal, plain when piped]."),
]

NoCacheOption = Annotated[
    bool,
    typer.Option("--no-cache", help="Read every file again; do not use or write the cache."),
]

VerboseOption = Annotated[
    bool,
    typer.Option("--verbose", "-v", help="Also say, on stderr, which files came from the cache "
                 "(unchanged since they last passed) and which were read."),
]
