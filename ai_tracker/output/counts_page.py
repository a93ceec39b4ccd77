"""The counts of `weekly` and `counts` as people read them: a title, table rows for
every format, and the terminal table with a total row and a sparkline per column.

Rendering only; `counting` does the counting and `cli/weekly_cmd.py` the options.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ai_tracker.model.dates import FuzzyDate
from ai_tracker.output.terminal import fits
from ai_tracker.output.views import Column, Note, TableView
from ai_tracker.text import clean

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
                     rich=lambda console: print_rich(counts, heading, console) if counts.rows else True)


def tally_notes(reported: list[Reported]) -> list[Note]:
    """Each published tally beside the record's count, then every difference with its reason."""
    notes = []
    for item in reported:
        notes.append(Note(item.sentence()))
        notes += [Note(f"{d.name} ({', '.join(d.groups)}): {d.kind}: {d.detail}.", item=True)
                  for d in item.differences]
    return notes


SPARKS = "▁▂▃▄▅▆▇█"
MAX_SPARK = 26


def sparkline(values: list[int], width: int = MAX_SPARK, top: int | None = None) -> str:
    """One character per value (values summed into `width` buckets when there are more).

    0 is the lowest bar; any release at all shows at least the second, so a
    quiet week is never confused with an empty one. `top` is the value of the
    highest bar: give the same to every column of a table, so that bars can be
    compared across columns (default: this column's own highest value).
    """
    values = _bucket(values, width)
    top = max(values, default=0) if top is None else top
    if top == 0:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[0] if v == 0 else SPARKS[max(1, round(v / top * (len(SPARKS) - 1)))]
                   for v in values)


def _bucket(values: list[int], width: int = MAX_SPARK) -> list[int]:
    if len(values) <= width:
        return values
    size = -(-len(values) // width)  # ceiling division
    return [sum(values[i:i + size]) for i in range(0, len(values), size)]


def rich_table(counts: Counts, heading: str) -> Table:
    """The terminal table: counts, a Total column and row, and a trend sparkline per column.

    The Approx. column shows only when some count is approximate (the note under
    the table says "none" otherwise): on an 80-column terminal the counts need the width.
    """

    # As render's tables: a rule under the header only; headers fold ("United / States")
    # rather than end in "…", and short header words stay whole ("States", not "State/s").
    table = Table(title=Text(clean(heading)) if heading else None, title_justify="left", header_style="bold",
                  box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column(Text(counts.per.value.capitalize()), no_wrap=True)
    table.add_column(Text("Dates"), no_wrap=True, style="dim")
    approx = counts.approximate > 0
    headers = [*(clean(k) for k in counts.columns), "Total", *(["Approx."] * approx)]
    for header in headers:
        word = min(max((len(w) for w in header.split()), default=1), 8)
        table.add_column(Text(header), justify="right", overflow="fold", min_width=word,
                         style="bold" if header == "Total" and header not in counts.columns else None)

    def num(value: int) -> Text:
        return Text(str(value), style="dim" if value == 0 else "")

    many = len(counts.rows) > 1
    for i, row in enumerate(counts.rows):
        dates = FuzzyDate(row.period.start, row.period.end, "window").compact()  # 2026-02-09..15
        table.add_row(Text(row.period.label), Text(dates),
                      *(num(row.counts[k]) for k in counts.columns), num(row.total),
                      *([num(row.approximate)] * approx), end_section=many and i == len(counts.rows) - 1)
    if many:
        # One scale for every group's sparkline, so their bars compare; Total has its own.
        top = max((v for k in counts.columns for v in _bucket([r.counts[k] for r in counts.rows])), default=0)
        totals = counts.totals
        table.add_row(Text("Total", style="bold"), Text(""),
                      *(Text(str(totals[k]), style="bold") for k in counts.columns),
                      Text(str(counts.total), style="bold"), *([num(counts.approximate)] * approx))
        table.add_row(Text("Trend", style="dim"), Text(""),
                      *(Text(sparkline([r.counts[k] for r in counts.rows], top=top), style="cyan", no_wrap=True)
                        for k in counts.columns),
                      Text(sparkline([r.total for r in counts.rows]), style="cyan", no_wrap=True),
                      *([Text("")] * approx))
    return table


def print_rich(counts: Counts, heading: str, console: Console) -> bool:
    """The terminal table, or False when it cannot fit (too many columns)."""
    table = rich_table(counts, heading)
    if not fits(console, table, folding=False):
        return False
    console.print(table)
    return True
