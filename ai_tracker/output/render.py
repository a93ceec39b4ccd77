"""Output in every format, done once for every command.

Commands build a `TableView` (rows of display text plus the records behind
them) and call `emit`. On a terminal the default is a Rich table; piped, the
same rows come out as plain aligned text with no colour, no ANSI codes and
no truncation, so `grep`, `sort` and `cut` work.

Text from data files is untrusted: it goes into Rich only as `Text` (never
parsed as markup) and every format passes it through `clean`, so control
characters never reach the terminal raw.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from tabulate import tabulate

from ai_tracker.choices import Format
from ai_tracker.files import yaml_writer as yaml  # the one YAML writer (yaml.safe_dump)
from ai_tracker.text import clean, md_escape


def cell(value: Any) -> str:
    """A value as one table cell: lists joined with commas, None as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(value)


@dataclass
class Column:
    key: str
    header: str
    justify: str = "left"  # "left" or "right"
    wrap: bool = True


@dataclass
class TableView:
    """Rows for the eye (by column key) and, optionally, richer records for machines."""

    columns: list[Column]
    rows: list[dict[str, Any]]
    records: Any = None  # what json/yaml print; defaults to the rows
    title: str | None = None
    notes: list[str] = field(default_factory=list)  # shown under human formats only
    # Rich styles, one per row (None: plain), used by the terminal table only:
    # piped and machine formats must not depend on styling to carry meaning.
    row_styles: list[str | None] = field(default_factory=list)
    notes_style: str = "dim"  # Rich style of the notes under the terminal table

    def machine_data(self) -> Any:
        if self.records is not None:
            return self.records
        return [{c.key: r.get(c.key) for c in self.columns} for r in self.rows]


MACHINE_FORMATS = frozenset({Format.json, Format.yaml})


def emit_records(data: Any, fmt: Format, out: TextIO | None = None) -> None:
    """JSON or YAML of the data itself (records, not table rows)."""
    (out or sys.stdout).write(to_json(data) if fmt is Format.json else to_yaml(data))


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


def emit(view: TableView, fmt: Format | None, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    chosen = resolve_format(fmt)
    if chosen is Format.table:
        _rich_table(view)
    else:
        out.write(render_text(view, chosen))


def render_text(view: TableView, fmt: Format) -> str:
    """Every format but the Rich table, as a string."""
    if fmt is Format.json:
        return to_json(view.machine_data())
    if fmt is Format.yaml:
        return to_yaml(view.machine_data())
    headers = [c.header for c in view.columns]
    rows = [[cell(r.get(c.key)) for c in view.columns] for r in view.rows]
    if fmt in (Format.csv, Format.tsv):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt is Format.csv else "\t", lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(rows)
        return buf.getvalue()
    if fmt is Format.markdown:  # data is text, never markup: every header and cell escaped
        return _markdown_table(view, headers, rows)
    parts = [clean(view.title)] if view.title else []
    parts.append(tabulate_rows(headers, rows, view.columns, "plain"))
    parts += [clean(n) for n in view.notes]
    return "\n".join(parts) + "\n"


def _markdown_table(view: TableView, headers: list[str], rows: list[list[str]]) -> str:
    table = tabulate_rows([md_escape(h) for h in headers], [[md_escape(v) for v in row] for row in rows],
                          view.columns, "github")
    parts = [f"## {md_escape(view.title)}", ""] if view.title else []
    parts.append(table)
    previous_bullet = False
    for note in view.notes:  # each a paragraph, or an item of a list ("- " is ours, not data)
        bullet = note.startswith("- ")
        if not (bullet and previous_bullet):
            parts.append("")
        parts.append("- " + md_escape(note[2:]) if bullet else md_escape(note))
        previous_bullet = bullet
    return "\n".join(parts) + "\n"


def tabulate_rows(headers: list[str], rows: list[list[str]], columns: Sequence[Column], style: str) -> str:

    align = [c.justify for c in columns]
    # disable_numparse: "2.10" stays "2.10"; wcwidth (installed) aligns CJK text.
    return tabulate(rows, headers=headers, tablefmt=style, disable_numparse=True,
                    colalign=align or None)


def _rich_table(view: TableView) -> None:

    console = make_console()
    # Rules under the header only, no vertical bars: on an 80-column terminal a
    # seven-column table needs the width for the data.
    table = Table(title=Text(clean(view.title)) if view.title else None, header_style="bold",
                  title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for c in view.columns:
        table.add_column(Text(c.header), justify=c.justify, overflow="fold",  # type: ignore[arg-type]
                         no_wrap=not c.wrap)
    for i, row in enumerate(view.rows):
        style = view.row_styles[i] if i < len(view.row_styles) else None
        table.add_row(*(Text(cell(row.get(c.key))) for c in view.columns), style=style)
    if not fits(console, table, folding=True):
        sys.stdout.write(render_text(view, Format.plain))
        return
    console.print(table)
    for note in view.notes:
        if note.startswith("- "):  # a list item: wrapped lines hang under its text, not its dash
            item = Table.grid(padding=(0, 1))
            item.add_row(Text("-", style=view.notes_style), Text(clean(note[2:]), style=view.notes_style))
            console.print(item)
        else:
            console.print(Text(clean(note), style=view.notes_style))


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

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)
