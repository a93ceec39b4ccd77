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

from ai_tracker.analysis.counting import COVERED
from ai_tracker.analysis.coverage import UNKNOWN
from ai_tracker.model.dates import FuzzyDate
from ai_tracker.output.counts_page import coverage_words
from ai_tracker.output.terminal import fits
from ai_tracker.output.wording import series
from ai_tracker.text import clean

if TYPE_CHECKING:
    from ai_tracker.analysis.counting import Counts


SPARKS = "▁▂▃▄▅▆▇█"
MAX_SPARK = 26


def sparkline(values: list[int | None], width: int = MAX_SPARK, top: int | None = None) -> str:
    """One character per value (values summed into `width` buckets when there are more).

    0 is the lowest bar; any release at all shows at least the second, so a
    quiet week is never confused with an empty one; an unknown count (None: a
    period the record does not cover) is a gap. `top` is the value of the
    highest bar: give the same to every column of a table, so that bars can be
    compared across columns (default: this column's own highest value).
    """
    values = _bucket(values, width)
    top = max((v for v in values if v is not None), default=0) if top is None else top
    return "".join(" " if v is None else SPARKS[0] if v == 0 or top == 0
                   else SPARKS[max(1, round(v / top * (len(SPARKS) - 1)))] for v in values)


def _bucket(values: list[int | None], width: int = MAX_SPARK) -> list[int | None]:
    if len(values) <= width:
        return values
    size = -(-len(values) // width)  # ceiling division
    return [None if all(v is None for v in part) else sum(v for v in part if v is not None)
            for part in (values[i:i + size] for i in range(0, len(values), size))]


def _known(counts: Counts, key: str | None) -> list[int | None]:
    """A column's counts per period (key None: the totals), None where not covered."""
    return [(r.total if key is None else r.counts[key]) if r.known else None for r in counts.rows]


def rich_table(counts: Counts, heading: str, *, spark: int = MAX_SPARK, approx: bool = True,
               dates: bool = True) -> Table:
    """The terminal table: counts, a Total column and row, and a trend sparkline per column.

    spark: the width of the trend row's sparklines (0: no trend row); approx: the
    Approx. column, shown only when some count is approximate (the note under
    the table says "none" otherwise); dates: the Dates column.
    """

    # As render's tables: a rule under the header only, a gap of two; headers fold
    # ("United / States") rather than end in "…", and short header words stay whole.
    table = Table(title=Text(clean(heading)) if heading else None, title_justify="left", header_style="bold",
                  box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    table.add_column(Text(counts.per.value.capitalize()), no_wrap=True)
    if dates:
        table.add_column(Text("Dates"), no_wrap=True, style="dim")
    approx = approx and counts.approximate > 0
    marked = any(r.coverage != COVERED or r.to_date for r in counts.rows)
    headers = [*(clean(k) for k in counts.columns), "Total", *(["Approx."] * approx)]
    for header in headers:
        word = min(max((len(w) for w in header.split()), default=1), 8)
        table.add_column(Text(header), justify="right", overflow="fold", min_width=word,
                         style="bold" if header == "Total" and header not in counts.columns else None)
    if marked:
        # Whole words or not at all: Rich measures a cell's minimum as its longest word, so
        # without min_width `fits` would take a cropped "not covered, t" for a fit.
        longest = max([len(coverage_words(r)) for r in counts.rows] + [len("covered periods only")])
        table.add_column(Text("Coverage"), no_wrap=True, min_width=longest, style="yellow")

    def num(value: int | None) -> Text:
        if value is None:
            return Text(UNKNOWN, style="yellow")
        return Text(str(value), style="dim" if value == 0 else "")

    many = len(counts.rows) > 1
    lead = 2 if dates else 1
    for i, row in enumerate(counts.rows):
        period = FuzzyDate(row.period.start, row.period.end, "window").compact()  # 2026-02-09..15
        known = row.known
        table.add_row(Text(row.period.label), *([Text(period)] * dates),
                      *(num(row.counts[k] if known else None) for k in counts.columns),
                      num(row.total if known else None), *([num(row.approximate if known else None)] * approx),
                      *([Text(coverage_words(row))] * marked), end_section=many and i == len(counts.rows) - 1)
    if many:
        totals = counts.totals
        level = counts.coverage
        table.add_row(Text("Total", style="bold"), *([Text("")] * (lead - 1)),
                      *(Text(str(totals[k]), style="bold") for k in counts.columns),
                      Text(str(counts.total), style="bold"), *([num(counts.approximate)] * approx),
                      *([Text("" if level == COVERED else "covered periods only" if counts.unknown
                              else "partial")] * marked))
    if many and spark:
        # One scale for every group's sparkline, so their bars compare; Total has its own.
        top = max((v or 0 for k in counts.columns for v in _bucket(_known(counts, k), spark)), default=0)
        table.add_row(Text("Trend", style="dim"), *([Text("")] * (lead - 1)),
                      *(Text(sparkline(_known(counts, k), spark, top=top), style="cyan",
                             no_wrap=True) for k in counts.columns),
                      Text(sparkline(_known(counts, None), spark), style="cyan", no_wrap=True),
                      *([Text("")] * approx), *([Text("")] * marked))
    return table


def groups_table(counts: Counts, heading: str, spark: int, periods: bool = False) -> Table:
    """The groups in rows, for more groups than a terminal has columns: each with
    its count in each period (`periods`) or its trend over them (one scale for
    all), and its total."""
    table = Table(title=Text(clean(heading)) if heading else None, title_justify="left", header_style="bold",
                  box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    table.add_column(Text(counts.by.value.capitalize()), overflow="fold")
    shown = counts.rows if periods else []
    for row in shown:
        table.add_column(Text(row.period.label), justify="right", no_wrap=True)
    table.add_column(Text("Releases" if not periods else "Total"), justify="right", no_wrap=True)
    if spark and not periods:
        first, last = (counts.rows[0].period.label, counts.rows[-1].period.label) if counts.rows else ("", "")
        table.add_column(Text(f"Trend, {first} to {last}" if first != last else "Trend"), no_wrap=True)
    totals = counts.totals
    by_group = {k: _known(counts, k) for k in counts.columns}
    top = max((v or 0 for k in counts.columns for v in _bucket(by_group[k], spark)), default=0) if spark else 0
    for key in counts.columns:
        table.add_row(Text(clean(key)), *(Text(str(r.counts[key]) if r.known else UNKNOWN,
                                               style="dim" if not r.counts[key] else "") for r in shown),
                      Text(str(totals[key])),
                      *([Text(sparkline(by_group[key], spark, top=top), style="cyan")] if spark and not periods else []),
                      end_section=key == counts.columns[-1])
    table.add_row(Text("Total", style="bold"), *(Text(str(r.total) if r.known else UNKNOWN, style="bold")
                                                 for r in shown),
                  Text(str(counts.total), style="bold"),
                  *([Text(sparkline(_known(counts, None), spark), style="cyan")] if spark and not periods else []))
    return table


def print_rich(counts: Counts, heading: str, console: Console) -> bool:
    """The widest terminal table that fits: the trend row narrower, then without
    it, without the Approx. column, without the Dates column; then the groups in
    rows. False when not even that fits (the caller prints one block per row)."""
    approximate = counts.approximate > 0
    kept = [(True, True), (False, True), (False, False)] if approximate else [(False, True), (False, False)]
    for approx, dates in kept:
        for spark in (MAX_SPARK, 16, 8, 0):
            table = rich_table(counts, heading, spark=spark, approx=approx, dates=dates)
            if fits(console, table):
                console.print(table)
                left = [*(["the trend row"] if not spark and len(counts.rows) > 1 else []),
                        *(["the Approx. column"] if approximate and not approx else []),
                        *(["the Dates column"] if not dates else [])]
                if left:
                    console.print(Text(f"Left out to fit {console.width} columns: {series(left)}.", style="dim"))
                return True
    for spark, periods in ((0, True), (MAX_SPARK, False), (16, False), (8, False), (0, False)):
        table = groups_table(counts, heading, spark if len(counts.rows) > 1 else 0, periods)
        if fits(console, table):
            console.print(table)
            plural = {"country": "Countries", "category": "Categories"}.get(counts.by.value,
                                                                              counts.by.value.capitalize() + "s")
            console.print(Text(f"{plural} in rows: {len(counts.columns)} are too many "
                               f"columns for {console.width}; --format plain shows them per "
                               f"{counts.per.value}, --top N the N biggest.", style="dim"))
            return True
    return False
