"""`ai-tracker validate`: check every release file and report every problem at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from ai_tracker.cli.common import load_catalog
from ai_tracker.cli.edge import EXIT_DATA, say
from ai_tracker.cli.options import DataDirOption, FormatOption, NoCacheOption, VerboseOption
from ai_tracker.output import render
from ai_tracker.output.views import Column, TableView

if TYPE_CHECKING:
    from ai_tracker.collection.catalog import Catalog


def validate_command(data_dir: DataDirOption = None, fmt: FormatOption = None,
                     no_cache: NoCacheOption = False, verbose: VerboseOption = False) -> None:
    """Check every release file; list every problem (file:line:column: field: message)."""

    found = load_catalog(data_dir, no_cache=no_cache, allow_empty=True, report=False)
    problems = sorted(found.problems, key=lambda p: (p.file, p.line or 0, p.column or 0))
    # On a terminal and in a pipe, one line per problem (file:line:column: field:
    # message), as compilers print them for editors to jump to.
    columns = [Column(k, k.capitalize()) for k in ("file", "line", "column", "field", "message")]
    rows = [p.to_dict() for p in problems]
    render.emit(TableView(columns=columns, rows=rows, records=rows, lines=[str(p) for p in problems]), fmt)
    valid = found.files - found.skipped
    files = "1 release file" if found.files == 1 else f"{found.files} release files"
    say(f"{files} in {found.describe()}: {valid} valid, {found.skipped} with errors "
        f"({len(problems)} problem{'' if len(problems) == 1 else 's'})")
    if verbose:
        _say_where_from(found)
    if problems:
        raise typer.Exit(EXIT_DATA)


def _say_where_from(found: Catalog) -> None:
    """Each file once, cached or read: a cache is trusted only while a file's stamp
    (size, mtime, ctime, inode) holds, and this shows which files that was."""
    cached = [*found.registry.from_cache, *found.from_cache]
    for name in cached:
        say(f"from the cache: {name}")
    say(f"{len(cached)} file{'' if len(cached) == 1 else 's'} from the cache, every other file read and checked "
        "(--no-cache reads them all)")


def register(app: typer.Typer) -> None:
    app.command("validate")(validate_command)
