"""Options shared by every command, declared once so they read the same everywhere."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ai_tracker.output.views import Bars, Format

# Text, not Path: Typer turns an empty Path into ".", and `--data-dir ""` must be
# an error, not the current folder.
DataDirOption = Annotated[
    Optional[list[str]],
    typer.Option("--data-dir", "-d", metavar="DIR", show_default=False,
                 help="Folder of release files; repeat to read several as one collection, "
                      "@bundled for the bundled data [default: $AI_TRACKER_DATA, else the bundled data]."),
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

ChartOption = Annotated[
    Optional[str],
    typer.Option("--chart", metavar="FILE", show_default=False,
                 help="Also draw a bar chart to FILE, SVG or PNG by its extension (needs ai-tracker[charts])."),
]

BarsOption = Annotated[
    Bars,
    typer.Option("--bars", case_sensitive=False, help="The chart's bars: one stacked bar per period, or grouped side by side."),
]

ForceOption = Annotated[
    bool,
    typer.Option("--force", help="Overwrite --chart FILE if it exists."),
]

VerboseOption = Annotated[
    bool,
    typer.Option("--verbose", "-v", help="Also say, on stderr, which files came from the cache "
                 "(unchanged since they last passed) and which were read."),
]
