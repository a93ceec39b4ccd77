"""The terminal: Rich tables and consoles, for `--format table` (the default on a terminal).

Imported only when a table is drawn (see `render.renderer`). Data goes into Rich
only as `Text`, never as markup.
"""

from __future__ import annotations

from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from ai_tracker.output import fit
from ai_tracker.output.render import human_cell
from ai_tracker.output.views import Format, TableView
from ai_tracker.output.wording import series
from ai_tracker.text import clean


def make_console(stderr: bool = False, file: TextIO | None = None) -> Console:
    """A Console made when needed (never at import: it would freeze the width)."""

    return Console(file=file, stderr=stderr, highlight=False, emoji=False, markup=False,
                   soft_wrap=False)


def print_table(view: TableView) -> None:
    console = make_console()
    shown = view.rich(console) if view.rich is not None else _print_rich_table(console, view)
    if not shown:  # too narrow for any table: each row as a block of lines, never wider
        print_records(console, view)
    for note in view.notes:
        if not note.text:
            console.print()
        elif note.item:  # a list item: wrapped lines hang under its text, not its dash
            item = Table.grid(padding=(0, 1))
            item.add_column()
            item.add_column(overflow="fold")  # a long URL folds onto the next line, never ends in "…"
            item.add_row(Text("-", style=view.notes_style), Text(clean(note.text), style=view.notes_style))
            console.print(item)
        else:
            console.print(Text(clean(note.text), style=view.notes_style))


def _print_rich_table(console: Console, view: TableView) -> bool:
    columns = [c for c in view.columns if c.shown_in(Format.table)]
    cells = [[human_cell(row, c) for c in columns] for row in view.rows]
    layout = fit.plan([fit.FitColumn([c.header, c.short or c.header], [r[i] for r in cells], c.wrap, c.drop)
                       for i, c in enumerate(columns)], console.width)
    if layout is None:
        return False
    # Rules under the header only, no vertical bars, and the box's blank divider plus
    # one cell of padding as the gap (fit.GAP): an 80-column terminal needs the width.
    # The title is a line of its own: as Rich's table title it would wrap at the width
    # of a narrow table ("Releases by organization, 2023-03-14 to" / "2026-10-24").
    if view.title:
        console.print(Text(clean(view.title), style="italic"))
    table = Table(header_style="bold",
                  title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False,
                  padding=(0, 1, 0, 0))
    for header, width, i in zip(layout.headers, layout.widths, layout.kept):
        table.add_column(Text("\n".join(fit.wrap(header, width, False))), justify=columns[i].justify,  # type: ignore[arg-type]
                         width=width, no_wrap=True, overflow="crop")
    for n, row in enumerate(cells):
        style = view.row_styles[n] if n < len(view.row_styles) else None
        table.add_row(*(Text("\n".join(fit.wrap(row[i], width, layout.hyphens)))
                        for i, width in zip(layout.kept, layout.widths)), style=style)
    console.print(table)
    left_out = [columns[i].header for i in range(len(columns)) if i not in layout.kept]
    if left_out:
        console.print(Text(f"{series(left_out)} left out to fit {console.width} columns; "
                           "a wider terminal or --format plain shows them", style="dim"))
    return True


def print_records(console: Console, view: TableView) -> None:
    columns = [c for c in view.columns if c.shown_in(Format.table)]
    rows = [[human_cell(row, c) for c in columns] for row in view.rows]
    if view.title:
        console.print(Text(clean(view.title)))
    for line in fit.records([c.header for c in columns], rows, console.width):
        console.print(Text(line), no_wrap=True, crop=True)


def fits(console: Console, table: Any) -> bool:
    """Can the terminal show this table whole, every cell unbroken? Where it cannot,
    Rich drops whole columns or crops values without a word, so the caller
    lays it out another way (counts, sparklines)."""

    natural = Measurement.get(console, console.options.update_width(10**6), table)
    return natural.minimum <= console.width
