"""`ai-tracker export`: the (filtered) collection as CSV, JSON, JSON Lines, SQLite, Atom or iCalendar."""

from __future__ import annotations

import functools
import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional, TextIO, cast

import typer

from ai_tracker.analysis import filters as queries
from ai_tracker.analysis.filters import Filters
from ai_tracker.cli.common import load_catalog
from ai_tracker.cli.edge import say
from ai_tracker.cli.filter_options import with_filters
from ai_tracker.cli.options import DataDirOption, NoCacheOption
from ai_tracker.errors import UsageError
from ai_tracker.interchange import export
from ai_tracker.interchange.export import ExportFormat
from ai_tracker.output import render, streams
from ai_tracker.text import clean, json_safe, keep_lines

if TYPE_CHECKING:
    from ai_tracker.collection.catalog import Entry
    from ai_tracker.model.schema import Release


@with_filters
def export_command(
    filters: Filters,
    out: Annotated[str, typer.Option(
        "--out", metavar="FILE", show_default=False,
        help="File to write; '-' for stdout (not for sqlite) [default: stdout].")] = "-",
    fmt: Annotated[Optional[ExportFormat], typer.Option(
        "--format", "-f", metavar="FORMAT", case_sensitive=False, show_default=False,
        help="csv, tsv, json, jsonl, sqlite, atom or ics [default: from --out's suffix; csv on stdout].")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out if it exists.")] = False,
    # Every csv and tsv is guarded now (`--raw-csv` turns it off); kept for the scripts that pass it.
    spreadsheet: Annotated[bool, typer.Option("--spreadsheet", hidden=True)] = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Export releases for other tools: csv, tsv and jsonl (flat rows for spreadsheets and
    pandas), json (complete records), sqlite (tables for Datasette or DuckDB), atom (a
    feed of releases for a feed reader), ics (release days and events for a calendar).

    The filters are list's; newest first, as list shows them.
    """

    chosen = export.format_for(out, fmt)
    if spreadsheet and chosen not in (ExportFormat.csv, ExportFormat.tsv):
        raise UsageError(f"only for csv and tsv, not {chosen.value}", option="--spreadsheet")
    if spreadsheet and not render.formulas_guarded():  # one asks for the guard, the other turns it off
        raise UsageError("cannot go with --raw-csv, which turns off the formula guard --spreadsheet asks "
                         "for; give one of the two", option="--spreadsheet")
    export.check_out(out, chosen, force)
    catalog = load_catalog(data_dir, no_cache=no_cache)
    queries.check_orgs(catalog.entries, filters.orgs)
    entries = queries.order(queries.select(catalog.entries, filters))
    if chosen is ExportFormat.sqlite:  # from the records as they are: no model to build
        with _no_cyclic_gc():
            export.sqlite_to_file(_records(entries), Path(out), force=force)
    else:
        releases = _models(entries)
        newest = max((e.released_on.earliest for e in entries), default=None)  # an Atom feed's `updated`
        if out == "-":
            streams.writing(chosen.value)
            stdout = cast(TextIO, _Safe(sys.stdout, chosen))  # the writers only call write
            export.export_to_stream(releases, chosen, stdout, title=_title(filters), newest=newest)
            sys.stdout.flush()
        else:
            export.export_to_file(releases, chosen, Path(out), force=force, title=_title(filters),
                                  newest=newest)
    if out != "-":
        say(f"wrote {len(entries)} releases to {out} ({chosen.value})")


def _title(filters: Filters) -> str:
    """A feed's or calendar's name, saying what it holds: a reader may subscribe to several."""
    narrowed = filters.describe()
    return f"AI model releases ({narrowed})" if narrowed else "AI model releases"


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Records decoded and turned into rows with the cyclic GC off: it would scan the new
    dicts again and again and find nothing to free (half the time of decoding 10,000),
    as `catalog.load` does for the load. Plain data makes no cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _records(entries: list[Entry]) -> Iterator[dict[str, Any]]:
    """Each entry's record as the writer comes to it, not kept after (`Entry.peek`):
    100,000 records kept took the export over 1 GB."""
    for entry in entries:
        yield entry.peek()


def _models(entries: list[Entry]) -> Iterator[Release]:
    """Each release as its model, made as the writer comes to it and then dropped:
    `Catalog.models` keeps every one (100,000 models were most of a 2 GB export)."""
    from ai_tracker.model.schema import STORED, Release

    for entry, record in zip(entries, _records(entries)):
        yield Release.model_validate({**record, "path": entry.path}, context=STORED)


class _Safe:
    """stdout, which may be a terminal: no raw control characters in what is written.

    JSON keeps the exact values (escaped as \\uXXXX); CSV, Atom and iCalendar show them as
    render.clean does (a \\u escape means nothing there). Each escape is of one character,
    so escaping what is written piece by piece is escaping the whole text.
    """

    def __init__(self, out: TextIO, fmt: ExportFormat) -> None:
        self._out = out
        if fmt in (ExportFormat.json, ExportFormat.jsonl):
            self._escape: Callable[[str], str] = json_safe  # already so, as every JSON the tool writes
        elif fmt is ExportFormat.csv:
            self._escape = functools.partial(clean, inline=False)
        else:
            self._escape = keep_lines

    def write(self, text: str) -> int:
        return self._out.write(self._escape(text))


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
