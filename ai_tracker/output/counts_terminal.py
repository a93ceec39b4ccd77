"""The counts on a terminal: a Rich table with a total row and a sparkline per column.

Imported only when the table is drawn (`render.renderer("counts")`); `counts_page`
builds the view every format shares.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ai_tracker.model.dates import FuzzyDate
from ai_tracker.output.terminal import fits
from ai_tracker.text import clean

if TYPE_CHECKING:
    from ai_tracker.analysis.counting import Counts


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
