"""Options shared by every command, declared once so they read the same everywhere."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Annotated, Optional

import typer
import typer.core
import typer.main

from ai_tracker.errors import UsageError
from ai_tracker.model.vocab import did_you_mean, nearest
from ai_tracker.output.views import Bars, Column, Format

# Text, not Path: Typer turns an empty Path into ".", and `--data-dir ""` must be
# an error, not the current folder.
DataDirOption = Annotated[
    Optional[list[str]],
    typer.Option("--data-dir", "-d", metavar="DIR", show_default=False,
                 help="Folder of release files; repeat to read several as one collection, "
                      "@bundled for the bundled data, @updates for the last `update` "
                      "[default: $AI_TRACKER_DATA, else the bundled data and the last update]."),
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

ColumnsOption = Annotated[
    Optional[str],
    typer.Option("--columns", metavar="COLUMNS", show_default=False,
                 help="The table's columns, comma-separated, in this order (every format but json and yaml); "
                      "--columns help lists them."),
]

JsonFieldsOption = Annotated[
    Optional[str],
    typer.Option("--json", metavar="FIELDS", show_default=False,
                 help="JSON with only these fields, comma-separated (as gh does); --json alone lists them."),
]

QuietOption = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="Print the ids only, one a line (for xargs)."),
]

def _raw_csv(ctx: typer.Context, raw: bool) -> None:
    from ai_tracker.output import render  # the output layer, only once a command runs

    render.guard_formulas(not raw)
    if raw:  # for this run only: a test or a library caller runs more than one
        ctx.call_on_close(lambda: render.guard_formulas(True))


# Not in any command's signature: the registry (cli/app.py) adds it to every command whose
# --format offers csv, so the one formula guard of every csv and tsv writer
# (`render.delimited_cell`) has one switch, declared once.
RawCsvOption = Annotated[
    bool,
    typer.Option("--raw-csv", expose_value=False, callback=_raw_csv,
                 help="csv, tsv: every cell as it is, without the ' that a text cell beginning with "
                      "= + - @, tab or CR otherwise gets so that a spreadsheet never runs it."),
]


def raw_csv_parameter() -> typer.core.TyperOption:
    """`RawCsvOption` as the Click parameter Typer makes of it, to add to a built command."""
    holder = typer.Typer(add_completion=False)

    @holder.command()
    def declares(raw_csv: RawCsvOption = False) -> None:  # pragma: no cover - never run
        pass

    [parameter] = typer.main.get_command(holder).params
    return parameter  # type: ignore[return-value]


# The fields `--json` takes, by command, for `--json` given alone (see cli/edge.py):
# filled in by each command that has the option, when it is imported.
JSON_FIELDS: dict[str, Callable[[], list[str]]] = {}


def pick_columns(columns: list[Column], asked: str) -> list[Column]:
    """The columns named in `asked` (by key or header, any case, - or _ or space), in
    that order, shown in every format; UsageError listing them for one that is not."""
    known = {fold_key(name): c for c in columns for name in (c.key, c.header)}
    chosen = []
    for name in (n.strip() for n in asked.split(",")):
        column = known.get(fold_key(name))
        if column is None:
            keys = ", ".join(c.key for c in columns)
            raise UsageError(f"no column '{name}'; expected some of: {keys}" if name != "help"
                             else f"the columns are: {keys}", option="--columns")
        chosen.append(dataclasses.replace(column, only=None, drop=None))
    return chosen


def pick_fields(known: list[str], asked: str) -> list[str]:
    """The `--json` fields asked for, checked against the command's fields."""
    fields = [f.strip() for f in asked.split(",") if f.strip()]
    for field in fields:
        if field not in known:
            raise UsageError(f"unknown field '{field}'; {did_you_mean(nearest(field, known), before='', after=' ')}"
                             f"expected some of: {', '.join(known)}", option="--json")
    if not fields:
        raise UsageError(f"give one or more fields, comma-separated: {', '.join(known)}", option="--json")
    return fields


def fold_key(name: str) -> str:
    return name.strip().casefold().replace("-", "_").replace(" ", "_")
