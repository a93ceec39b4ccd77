"""`ai-tracker validate`: check every release file and report every problem at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ai_tracker.cli.common import load_catalog
from ai_tracker.cli.edge import EXIT_DATA, say
from ai_tracker.cli.options import DataDirOption, FormatOption, NoCacheOption, VerboseOption
from ai_tracker.errors import Problem
from ai_tracker.output import render
from ai_tracker.output.views import Column, TableView

if TYPE_CHECKING:
    from ai_tracker.collection.catalog import Catalog


def validate_command(data_dir: DataDirOption = None, fmt: FormatOption = None,
                     no_cache: NoCacheOption = False, verbose: VerboseOption = False,
                     strict: Annotated[bool, typer.Option(
                         "--strict", help="Warnings are errors, and fail the check: likely duplicates "
                                          "that no link resolves, releases of the bundled record named "
                                          "when it is not read, folder links that loop, a file reached "
                                          "under two names, curated releases dated only by secondary or "
                                          "gateway pages (unless the file says so: released.secondary_only).")] = False) -> None:
    """Check every release file; list every problem (file:line:column: field: message).

    Two releases written by hand whose ids or names are the same text once case,
    spaces, hyphens and dots are set aside (qwen3 and qwen-3) are an error: no
    name could tell them apart: the later file is left out by every command, as
    any file with an error is. Warnings (likely duplicates: two releases the
    matching rule takes for one model, with no link between them; a release that
    names one of the bundled record when that is not read; a folder link that
    loops; a file reached under two names, read once; a curated release whose day
    rests only on a secondary or gateway source) follow the problems, marked
    'warning:'; they fail the check only with --strict. A day the file says rests
    only on such pages (released.secondary_only) is counted, listed with
    --verbose, never an error.
    """

    found = load_catalog(data_dir, no_cache=no_cache, allow_empty=True, report=False)
    problems = sorted(found.problems, key=lambda p: (p.file, p.line or 0, p.column or 0))
    weak, acknowledged = found.weak_days()
    warnings = [*found.warnings, *found.likely_duplicates(), *weak]
    # On a terminal and in a pipe, one line per problem (file:line:column: field:
    # message), as compilers print them for editors to jump to.
    columns = [Column(k, k.capitalize()) for k in ("severity", "file", "line", "column", "field", "message")]
    rows = ([{"severity": "error", **p.to_dict()} for p in problems]
            + [{"severity": "error" if strict else "warning", **w.to_dict()} for w in warnings]
            + [{"severity": "note", **w.to_dict()} for w in acknowledged if verbose])
    # A day the file says rests only on secondary pages is known: counted every time,
    # listed with --verbose, never an error.
    lines = ([str(p) for p in problems] + [_warning(w, strict) for w in warnings]
             + [_note(w) for w in acknowledged if verbose])
    render.emit(TableView(columns=columns, rows=rows, records=rows, lines=lines), fmt)
    valid = found.files - found.skipped
    files = "1 release file" if found.files == 1 else f"{found.files} release files"
    counted = f"{len(problems)} problem{'' if len(problems) == 1 else 's'}"
    if warnings:
        counted += f", {len(warnings)} warning{'' if len(warnings) == 1 else 's'}{' (--strict)' if strict else ''}"
    if acknowledged:
        counted += (f", {len(acknowledged)} release{'' if len(acknowledged) == 1 else 's'} dated only by "
                    "secondary or gateway pages, as the files say" + ("" if verbose else ": --verbose lists them"))
    say(f"{files} in {found.describe()}: {valid} valid, {found.skipped} with errors ({counted})")
    if verbose:
        _say_where_from(found)
    if problems or (strict and warnings):
        raise typer.Exit(EXIT_DATA)


def _warning(warning: Problem, strict: bool) -> str:
    where, _, message = str(warning).partition(": ")
    return f"{where}: {'error' if strict else 'warning'}: {message}"


def _note(note: Problem) -> str:
    where, _, message = str(note).partition(": ")
    return f"{where}: note: {message}"


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
