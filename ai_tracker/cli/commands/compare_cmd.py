"""`ai-tracker compare`: two or more releases side by side, with the differences worked out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from ai_tracker.analysis import comparison
from ai_tracker.cli.common import complete_release, load_catalog
from ai_tracker.cli.options import DataDirOption, FormatOption, NoCacheOption
from ai_tracker.output import render
from ai_tracker.output.views import DELIMITED, HUMAN, Column, Note, TableView

if TYPE_CHECKING:
    from ai_tracker.analysis.comparison import Comparison

DIFFERS_STYLE = "bold"  # differing rows on a terminal: readable on light and dark, and under NO_COLOR
DIFFERS_MARK = "≠"  # the same, in every human format


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
    render.emit(view(found), fmt)


def view(found: Comparison) -> TableView:
    """The comparison as a table: one column per release, a mark on facts that
    differ (a column of its own in csv/tsv), the worked-out notes under it."""
    keys = [f"r{i}" for i in range(len(found.releases))]
    columns = [Column("mark", "", only=HUMAN), Column("fact", "Fact"),
               *(Column(k, r.name) for k, r in zip(keys, found.releases)),
               Column("differs", "differs", only=DELIMITED)]
    rows: list[dict[str, Any]] = [
        {"mark": DIFFERS_MARK if row.differs else "", "fact": row.fact, "differs": row.differs,
         **dict(zip(keys, row.values))} for row in found.rows]
    worked = [Note("Worked out:"), *(Note(n.text, item=True) for n in found.notes)] if found.notes else []
    return TableView(
        columns=columns, rows=rows, records=comparison.to_dict(found),
        title=" vs ".join(r.name for r in found.releases),
        notes=[Note(f"{DIFFERS_MARK} marks facts that differ."), *worked],
        row_styles=[DIFFERS_STYLE if row.differs else None for row in found.rows],
        notes_style="",
    )


def register(app: typer.Typer) -> None:
    app.command("compare")(compare_command)
