"""The terminal: Rich tables and consoles, for `--format table` (the default on a terminal).

Imported only when a table is drawn (see `render.renderer`). Data goes into Rich
only as `Text`, never as markup.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from ai_tracker.output.render import cell, render_text
from ai_tracker.output.views import Format, TableView
from ai_tracker.text import clean


def make_console(stderr: bool = False, file: TextIO | None = None) -> Console:
    """A Console made when needed (never at import: it would freeze the width)."""

    return Console(file=file, stderr=stderr, highlight=False, emoji=False, markup=False,
                   soft_wrap=False)


def print_table(view: TableView) -> None:
    console = make_console()
    shown = view.rich(console) if view.rich is not None else _print_rich_table(console, view)
    if not shown:  # too wide for the terminal: plain rows, which it wraps, losing nothing
        sys.stdout.write(render_text(view, Format.plain))
    for note in view.notes:
        if not note.text:
            console.print()
        elif note.item:  # a list item: wrapped lines hang under its text, not its dash
            item = Table.grid(padding=(0, 1))
            item.add_row(Text("-", style=view.notes_style), Text(clean(note.text), style=view.notes_style))
            console.print(item)
        else:
            console.print(Text(clean(note.text), style=view.notes_style))


def _print_rich_table(console: Console, view: TableView) -> bool:
    # Rules under the header only, no vertical bars: on an 80-column terminal a
    # seven-column table needs the width for the data.
    table = Table(title=Text(clean(view.title)) if view.title else None, header_style="bold",
                  title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    columns = [c for c in view.columns if c.shown_in(Format.table)]
    for c in columns:
        table.add_column(Text(c.header), justify=c.justify, overflow="fold",  # type: ignore[arg-type]
                         no_wrap=not c.wrap)
    for i, row in enumerate(view.rows):
        style = view.row_styles[i] if i < len(view.row_styles) else None
        table.add_row(*(Text(cell(row.get(c.key), compact=True)) for c in columns), style=style)
    if not fits(console, table, folding=True):
        return False
    console.print(table)
    return True


def fits(console: Console, table: Any, *, folding: bool) -> bool:
    """Can the terminal show this table whole? Where it cannot, Rich drops whole
    columns or crops values without a word, so the caller prints plain text
    instead (which the terminal wraps, losing nothing).

    folding=True: text columns may break inside words (Rich folds them), so
    only a few characters per column and the unbreakable columns must fit;
    folding=False: every cell must fit unbroken (counts, sparklines).
    """

    if not folding:
        natural = Measurement.get(console, console.options.update_width(10**6), table)
        return natural.minimum <= console.width
    need = sum(max((c.cell_len for c in col.cells), default=0) if col.no_wrap else 4
               for col in table.columns)
    return need + 2 * (len(table.columns) - 1) <= console.width
