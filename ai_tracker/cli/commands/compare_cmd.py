"""`ai-tracker compare`: two or more releases side by side, with the differences worked out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from ai_tracker.analysis import comparison
from ai_tracker.cli.common import complete_release, load_catalog
from ai_tracker.cli.options import DataDirOption, FormatOption, NoCacheOption
from ai_tracker.output import render
from ai_tracker.output.render import Column, Format

if TYPE_CHECKING:
    from ai_tracker.analysis.comparison import Comparison
    from ai_tracker.output.render import Format, TableView

DIFFERS_STYLE = "bold"  # differing rows on a terminal: readable on light and dark, and under NO_COLOR
DIFFERS_MARK = "≠"  # the same, in plain text and markdown


def compare_command(
    names: Annotated[list[str], typer.Argument(
        metavar="NAME", show_default=False, autocompletion=complete_release,
        help="Two or more releases: id, name or alias, any case (glm5, \"Claude Opus 4.5\", 智谱GLM-5).")],
    data_dir: DataDirOption = None,
    fmt: FormatOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Compare releases side by side: facts, dates, specs, scores and claims."""

    comparison.check_count(names)  # before reading any data: a usage error is cheap
    catalog = load_catalog(data_dir, no_cache=no_cache)
    found = comparison.build(comparison.resolve(catalog, names), catalog)
    chosen = render.resolve_format(fmt)
    render.emit(view(found, chosen), chosen)


def view(found: Comparison, fmt: Format) -> TableView:
    """The comparison as a table for `fmt`: one column per release, notes under it."""

    # Headers come from data: cleaned here, as render passes headers through.
    headers = [render.clean(r.name) for r in found.releases]
    if fmt is Format.markdown:
        headers = [h.replace("|", "\\|") for h in headers]
    keys = [f"r{i}" for i in range(len(found.releases))]
    columns = [Column("fact", "Fact"), *(Column(k, h) for k, h in zip(keys, headers))]
    rows: list[dict[str, Any]] = [{"fact": row.fact, **dict(zip(keys, row.values))} for row in found.rows]
    legend: list[str] = []
    if fmt in (Format.plain, Format.markdown):
        columns.insert(0, Column("mark", ""))
        for row, shown in zip(found.rows, rows):
            shown["mark"] = DIFFERS_MARK if row.differs else ""
        legend = [f"{DIFFERS_MARK} marks facts that differ."]
    elif fmt in (Format.csv, Format.tsv):
        columns.append(Column("differs", "differs"))
        for row, shown in zip(found.rows, rows):
            shown["differs"] = row.differs
    elif fmt is Format.table:
        legend = ["Highlighted rows differ."]
    notes = [f"- {note.text}" for note in found.notes]
    return render.TableView(
        columns=columns, rows=rows, records=comparison.to_dict(found),
        title=" vs ".join(r.name for r in found.releases),
        # Plain text has no gap between table and notes; markdown has one.
        notes=[*([""] if fmt is not Format.markdown else []), *legend,
               *(["", "Worked out:", *notes] if notes else [])],
        row_styles=[DIFFERS_STYLE if row.differs else None for row in found.rows],
        notes_style="",
    )


def register(app: typer.Typer) -> None:
    app.command("compare")(compare_command)
