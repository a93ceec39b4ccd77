"""`ai-tracker validate`: check every release file and report every problem at once."""

from __future__ import annotations

import typer

from ai_tracker.cli.common import load_catalog
from ai_tracker.cli.edge import EXIT_DATA, say
from ai_tracker.cli.options import DataDirOption, FormatOption, NoCacheOption
from ai_tracker.output import render


def validate_command(data_dir: DataDirOption = None, fmt: FormatOption = None,
                     no_cache: NoCacheOption = False) -> None:
    """Check every release file; list every problem (file:line:column: field: message)."""

    found = load_catalog(data_dir, no_cache=no_cache, allow_empty=True, report=False)
    problems = sorted(found.problems, key=lambda p: (p.file, p.line or 0, p.column or 0))
    chosen = render.resolve_format(fmt)
    if chosen in (render.Format.table, render.Format.plain):
        for problem in problems:
            typer.echo(render.clean(str(problem)))
    else:
        columns = [render.Column(k, k.capitalize()) for k in ("file", "line", "column", "field", "message")]
        render.emit(render.TableView(columns=columns, rows=[p.to_dict() for p in problems],
                                     records=[p.to_dict() for p in problems]), chosen)
    valid = found.files - found.skipped
    files = "1 release file" if found.files == 1 else f"{found.files} release files"
    say(f"{files} in {found.describe()}: {valid} valid, {found.skipped} with errors "
        f"({len(problems)} problem{'' if len(problems) == 1 else 's'})")
    if problems:
        raise typer.Exit(EXIT_DATA)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate_command)
