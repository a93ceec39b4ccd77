"""The counts of `weekly` and `counts` as people read them: a title, table rows for
every format, and the terminal table with a total row and a sparkline per column.

Rendering only; `counting` does the counting and `cli/weekly_cmd.py` the options.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ai_tracker.output import render
from ai_tracker.output.views import Column, Note, TableView

if TYPE_CHECKING:
    from ai_tracker.analysis.counting import Counts
    from ai_tracker.analysis.tallies import Reported


def title(counts: Counts) -> str:
    per, by = counts.per.value, counts.by.value
    what = f"Releases per {per} by {by}"
    if counts.span is None:
        return what
    first, last = counts.span[0].label, counts.span[1].label
    return f"{what}, {first}" if first == last else f"{what}, {first} to {last}"


def table_view(counts: Counts, reported: list[Reported] | None = None) -> TableView:
    """Period, dates, one column per group, Total, Approx.; on a terminal the table
    with a total row and sparklines (`rich_table`), in markdown a Total row; csv,
    tsv and plain keep data rows only, so every line is one period; json/yaml
    get `counts.records()`."""
    columns = [Column("period", counts.per.value.capitalize(), wrap=False),
               Column("start", "Start", wrap=False), Column("end", "End", wrap=False)]
    columns += [Column(f"c{i}", key, justify="right") for i, key in enumerate(counts.columns)]
    columns += [Column("total", "Total", justify="right"), Column("approximate", "Approx.", justify="right")]
    rows = []
    for row in counts.rows:
        cells: dict[str, Any] = {"period": row.period.label, "start": row.period.start.isoformat(),
                                 "end": row.period.end.isoformat(), "total": row.total,
                                 "approximate": row.approximate}
        cells.update({f"c{i}": row.counts[key] for i, key in enumerate(counts.columns)})
        rows.append(cells)
    summary = []
    if len(counts.rows) > 1:
        totals = counts.totals
        summary.append({"period": "Total", "total": counts.total, "approximate": counts.approximate,
                        **{f"c{i}": totals[key] for i, key in enumerate(counts.columns)}})
    heading = title(counts)
    records = counts.records()
    for item in reported or []:  # json carries the published tally beside the row it is about
        for record in records:
            if record.get(counts.per.value) == item.period:
                record.setdefault("reported", []).append(item.to_dict())
    return TableView(columns=columns, rows=rows, records=records, title=heading,
                     notes=[Note(n) for n in counts.notes()] + tally_notes(reported or []), summary_rows=summary,
                     rich=lambda console: render.renderer("counts").print_rich(counts, heading, console) if counts.rows else True,
                     chart=lambda: render.renderer("html").chart_figure(counts, reported or []))


def tally_notes(reported: list[Reported]) -> list[Note]:
    """Each published tally beside the record's count, then every difference with its reason."""
    notes = []
    for item in reported:
        notes.append(Note(item.sentence()))
        notes += [Note(f"{d.name} ({', '.join(d.groups)}): {d.kind}: {d.detail}.", item=True)
                  for d in item.differences]
    return notes
