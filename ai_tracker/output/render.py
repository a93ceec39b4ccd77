"""Output in every format, done once for every command: `emit(view, format)`.

Commands build a view (`views.TableView` or `views.PageView`) and call `emit`;
no command looks at the format. On a terminal the default is a Rich table;
piped, the same rows come out as plain aligned text with no colour, no ANSI
codes and no truncation, so `grep`, `sort` and `cut` work. Notes go with the
data in the terminal table and markdown, and to stderr in every other format.

Text from data files is untrusted: it goes into Rich only as `Text` (never
parsed as markup) and every format passes it through `clean`, so control
characters never reach the terminal raw.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from tabulate import tabulate

from ai_tracker.files import yaml_writer
from ai_tracker.model.dates import FuzzyDate
from ai_tracker.output.views import COMPACT, DELIMITED, MACHINE, TEXT_ROWS, Column, Format, Note, PageView, TableView
from ai_tracker.text import clean, md_escape


def cell(value: Any, compact: bool = False) -> str:
    """A value as one table cell: lists joined with commas, None as empty, a date
    window compact (2026-02-12..14) where `compact`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, FuzzyDate):
        return value.compact() if compact else str(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v, compact) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(value)


def make_console(stderr: bool = False, file: TextIO | None = None) -> Console:
    """A Console made when needed (never at import: it would freeze the width)."""

    return Console(file=file, stderr=stderr, highlight=False, emoji=False, markup=False,
                   soft_wrap=False)


def stdout_is_terminal() -> bool:
    """Rich's own rule (FORCE_COLOR forces a terminal, TTY_COMPATIBLE=0 denies one),
    without importing Rich: piped output must not pay for it."""
    force = os.environ.get("FORCE_COLOR")
    if force:
        return True
    if os.environ.get("TTY_COMPATIBLE") == "0":
        return False
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def resolve_format(fmt: Format | None) -> Format:
    """No --format: a Rich table on a terminal, plain text in a pipe."""
    if fmt is None:
        return Format.table if stdout_is_terminal() else Format.plain
    if fmt is Format.table and not stdout_is_terminal():
        return Format.plain
    return fmt


def emit(view: TableView | PageView, fmt: Format | None) -> None:
    """Write the view to stdout in the chosen format (see the module's docstring)."""
    chosen = resolve_format(fmt)
    if isinstance(view, PageView):
        if chosen is Format.table:
            view.rich(make_console())
        elif chosen in MACHINE:
            sys.stdout.write(_machine(view.records, chosen))
        elif chosen in DELIMITED:
            sys.stdout.write(render_text(view.table, chosen))
        else:
            sys.stdout.write(view.text(chosen is Format.markdown))
        return
    if chosen is Format.table and view.lines is None:
        _rich_table(_first_screen(view))
        return
    sys.stdout.write(render_text(view, chosen))
    if chosen in TEXT_ROWS:  # json and yaml carry what they need in their records
        _notes_to_stderr(view.notes)


def _first_screen(view: TableView) -> TableView:
    limit = view.screenful
    if limit is None or len(view.rows) <= limit.rows:
        return view
    note = Note(f"showing {limit.rows} of {len(view.rows)} {limit.what}; {limit.hint}")
    return dataclasses.replace(view, rows=view.rows[:limit.rows], notes=[*view.notes, note],
                               row_styles=view.row_styles[:limit.rows])


def _notes_to_stderr(notes: list[Note]) -> None:
    for note in notes:
        if note.text:
            sys.stderr.write(("- " if note.item else "") + clean(note.text) + "\n")


def _machine(data: Any, fmt: Format) -> str:
    return to_json(data) if fmt is Format.json else to_yaml(data)


def render_text(view: TableView, fmt: Format) -> str:
    """Every format but the Rich table, as a string; notes only in markdown."""
    if fmt in MACHINE:
        if fmt is Format.json and view.records_json is not None:
            return json_list(view.records_json)
        return _machine(view.machine_data(), fmt)
    if view.lines is not None and fmt in (Format.plain, Format.table):
        return "".join(clean(line) + "\n" for line in view.lines)
    columns = [c for c in view.columns if c.shown_in(fmt)]
    compact = fmt in COMPACT
    headers = [c.header for c in columns]
    body = view.rows + (view.summary_rows if fmt is Format.markdown else [])
    rows = [[cell(r.get(c.key), compact) for c in columns] for r in body]
    if fmt in DELIMITED:
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt is Format.csv else "\t", lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(rows)
        return buf.getvalue()
    if fmt is Format.markdown:  # data is text, never markup: every header and cell escaped
        return _markdown_table(view, columns, headers, rows)
    parts = [clean(view.title)] if view.title else []
    parts.append(tabulate_rows(headers, rows, columns, "plain"))
    return "\n".join(parts) + "\n"


def _markdown_table(view: TableView, columns: list[Column], headers: list[str], rows: list[list[str]]) -> str:
    table = tabulate_rows([md_escape(h) for h in headers], [[md_escape(v) for v in row] for row in rows],
                          columns, "github")
    parts = [f"## {md_escape(view.title)}", ""] if view.title else []
    parts.append(table)
    previous_bullet = False
    for note in view.notes:  # each a paragraph, or an item of a list
        if not note.text:
            continue
        if not (note.item and previous_bullet):
            parts.append("")
        parts.append(("- " if note.item else "") + md_escape(note.text))
        previous_bullet = note.item
    return "\n".join(parts) + "\n"


def tabulate_rows(headers: list[str], rows: list[list[str]], columns: Sequence[Column], style: str) -> str:
    align = [c.justify for c in columns]
    # disable_numparse: "2.10" stays "2.10"; wcwidth (installed) aligns CJK text.
    return tabulate(rows, headers=headers, tablefmt=style, disable_numparse=True,
                    colalign=align or None)


def _rich_table(view: TableView) -> None:
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


def json_list(items: list[str]) -> str:
    """A JSON array from items already encoded one per line (see `to_json`)."""
    return "[\n" + ",\n".join(items) + "\n]\n" if items else "[]\n"


def to_json(data: Any) -> str:
    """A JSON document. A list (of releases, weeks, problems) gets one item per line:
    still one valid JSON array, readable, greppable, and written by the C encoder
    (indent= would use the pure-Python one: ten times slower on 10,000 records)."""
    if isinstance(data, list):
        return json_list([json.dumps(item, ensure_ascii=False, default=str) for item in data])
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"


def to_yaml(data: Any) -> str:
    return yaml_writer.dump(data, indent_lists=False)
