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
    from ai_tracker.model.schema import Source

DIFFERS_STYLE = "bold"  # differing rows on a terminal: readable on light and dark, and under NO_COLOR
DIFFERS_MARK = "≠"  # the same, in every human format
ODD_MARK = "*"
# Piped, the table wraps its long cells (a pricing note of 250 characters) to this many
# columns, as a terminal of common width would show it; csv, tsv and json keep them whole.
PIPED_WIDTH = 100  # with three or more releases: the value that differs from the one the others share


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
    differ (a column of its own in csv/tsv), the worked-out notes under it.

    In the human formats each value is followed by the `[n]` numbers of its
    sources, as `show` cites them, and with three or more releases the value
    that differs from the one the others share is marked; csv and tsv keep the
    bare values. The notes are the comparison's answer, so a pipe gets them on
    stdout with the table (csv and tsv: on stderr, their stdout is rows)."""
    keys = [f"r{i}" for i in range(len(found.releases))]
    columns = [Column("mark", "", only=HUMAN), Column("fact", "Fact"),
               *(Column(k, r.name, only=HUMAN) for k, r in zip(keys, found.releases)),
               *(Column(f"{k}-value", r.name, only=DELIMITED) for k, r in zip(keys, found.releases)),
               Column("differs", "differs", only=DELIMITED)]
    rows: list[dict[str, Any]] = []
    for row in found.rows:
        cells: dict[str, Any] = {"mark": DIFFERS_MARK if row.differs else "", "fact": row.fact, "differs": row.differs}
        for k, value, refs, odd in zip(keys, row.values, row.refs, row.odd):
            numbers = "".join(f" [{n}]" for n in refs) if value else ""
            cells[k] = value + numbers + (f" {ODD_MARK}" if odd else "")
            cells[f"{k}-value"] = value
        rows.append(cells)
    marks = [Note(f"{DIFFERS_MARK} marks facts that differ"
                  + (f"; {ODD_MARK} the value that differs from the one the others share." if any(
                      any(r.odd) for r in found.rows) else "."))]
    worked = [Note("Worked out:"), *(Note(n.text, item=True) for n in found.notes)] if found.notes else []
    names = {r.id: r.name for r in found.releases}
    cited = [Note("Sources:"), *(Note(f"[{c.number}] {source_line(c.source)} ({', '.join(names[i] for i in c.releases)})",
                                      item=True) for c in found.sources)] if found.sources else []
    return TableView(
        columns=columns, rows=rows, records=comparison.to_dict(found),
        title=" vs ".join(r.name for r in found.releases),
        notes=[*marks, *worked, *cited],
        row_styles=[DIFFERS_STYLE if row.differs else None for row in found.rows],
        notes_style="", notes_on_stdout=True, plain_width=PIPED_WIDTH,
    )


def source_line(source: Source) -> str:
    """A source on one line, as `show` lists it: title, publisher, date, URL."""
    parts = [source.title, source.publisher, source.date.describe() if source.date else None, source.url]
    return ", ".join(p for p in parts if p)


def register(app: typer.Typer) -> None:
    app.command("compare")(compare_command)
