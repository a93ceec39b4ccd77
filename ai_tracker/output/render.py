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
import importlib
import io
import json
import os
import re
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

from ai_tracker.errors import DataError
from ai_tracker.model.dates import FuzzyDate
from ai_tracker.output import streams
from ai_tracker.output.views import (
    COMPACT,
    DELIMITED,
    MACHINE,
    MARK,
    TEXT_ROWS,
    Column,
    Format,
    Note,
    PageView,
    Streamed,
    TableView,
)
from ai_tracker.text import clean, diagnostic, json_safe

# csv and tsv, in every command and in `export`: one convention a script can rely on.
# "; " joins a list (names hold commas: "Alibaba, Inc."), booleans are true and false,
# nothing is an empty cell.
DELIMITED_LIST = "; "


def delimited_value(value: Any) -> str:
    """A value as one csv or tsv cell (dates written whole)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return DELIMITED_LIST.join(delimited_value(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(value) if isinstance(value, str) else str(value)


# CSV injection (OWASP, https://owasp.org/www-community/attacks/CSV_Injection, as of
# commit 7bc0bf4 of github.com/OWASP/www-community, pages/attacks/CSV_Injection.md): a
# spreadsheet runs a cell that begins with = + - @, a tab or a carriage return as a
# formula (`=HYPERLINK("http://evil", "Click")` in a release name), so no cell may begin
# with one; OWASP's remedy is a leading ' (and the quoting the csv module does), which
# makes the cell text. Every csv and tsv the tool writes (every command's --format csv
# and tsv, `export`) guards its cells so, unless `--raw-csv` turns the guard off for
# tools that are not spreadsheets. A number is never guarded: `-3.2` is no formula, and
# must stay a number for pandas.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_GUARD = [True]


def guard_formulas(on: bool) -> None:
    """Turn the formula guard of `delimited_cell` on (the default) or off (`--raw-csv`)."""
    _GUARD[0] = on


def formulas_guarded() -> bool:
    """Whether `delimited_cell` guards cells (no `--raw-csv` this run)."""
    return _GUARD[0]


def delimited_cell(value: Any, *, guard: bool | None = None) -> str:
    """A value as one csv or tsv cell (`delimited_value`), guarded against CSV injection:
    text that begins with = + - @, a tab or a CR gets a leading `'`; a number, or text
    that is one, stays as it is. guard: None follows `guard_formulas`."""
    text = delimited_value(value)
    if (text.startswith(FORMULA_START) and (_GUARD[0] if guard is None else guard)
            and not isinstance(value, (int, float)) and not _NUMBER.fullmatch(text)):
        return "'" + text
    return text


def human_cell(row: dict[str, Any], column: Column, compact: bool = True) -> str:
    """A row's value of a column for people: `cell`, or the column's word for none."""
    value = row.get(column.key)
    if column.mark is not None and row.get(column.mark):
        return f"{cell(value, compact)} {MARK}"
    if type(value) is str:  # most cells: straight to `clean`
        return clean(value)
    return column.missing if value is None else cell(value, compact)


def cell(value: Any, compact: bool = False) -> str:
    """A value as one table cell: lists joined with commas, None as empty, a date
    window compact (2026-02-12..14) where `compact`."""
    if value is None:
        return ""
    if type(value) is str:
        return clean(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, FuzzyDate):
        return value.compact() if compact else str(value)
    if isinstance(value, (list, tuple)):
        return ", ".join([clean(v) if type(v) is str else cell(v, compact) for v in value])
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(value)


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
    if fmt is Format.wide:  # kubectl's -o wide: the table with every column, none left out
        view = widened(view) if isinstance(view, TableView) else view
        fmt = Format.table
    chosen = resolve_format(fmt)
    streams.writing(chosen.value)  # what a character stdout's encoding lacks becomes
    if chosen is Format.html:
        sys.stdout.write(html(view))
        return
    if isinstance(view, PageView):
        if chosen is Format.table:
            view.rich(renderer("terminal").make_console())
        elif chosen in MACHINE:
            sys.stdout.write(_machine(view.records, chosen))
        elif chosen in DELIMITED:
            sys.stdout.write(render_text(view.table, chosen))
        else:
            sys.stdout.write(view.text(chosen is Format.markdown))
        return
    if chosen is Format.table and view.lines is None:
        renderer("terminal").print_table(_first_screen(view))
        return
    sys.stdout.write(render_text(view, chosen))
    if chosen is Format.plain and view.notes_on_stdout:
        sys.stdout.write(notes_text(view.notes))
    elif chosen in TEXT_ROWS:
        _notes_to_stderr(view.notes)
    else:  # json and yaml carry what they need in their records, but for these
        _notes_to_stderr([note for note in view.notes if note.everywhere])


def widened(view: TableView) -> TableView:
    """The view with the columns only wide shows, and none to leave out on a terminal."""
    columns = [dataclasses.replace(c, only=None if c.only is None or Format.wide in c.only else c.only,
                                   drop=None) for c in view.columns]
    return dataclasses.replace(view, columns=columns)


def html(view: TableView | PageView) -> str:
    """The view as one self-contained HTML page (`html_page`); a chart's warnings to stderr."""
    page = renderer("html")
    warnings: list[str] = []
    if isinstance(view, PageView):
        if view.html is None:
            return str(page.text_page(view.title, view.text(False)))
        text, warnings = view.html()
    else:
        columns = [c for c in view.columns if c.shown_in(Format.html)]
        rows = [[human_cell(r, c) for c in columns] for r in [*view.rows, *view.summary_rows]]
        chart = ""
        if view.chart is not None:
            chart, warnings = view.chart()
        text = page.table_page(view, columns, [c.header for c in columns], rows, chart)
    for warning in warnings:
        sys.stderr.write(f"warning: {diagnostic(warning, inline=True)}\n")
    return str(text)


def _first_screen(view: TableView) -> TableView:
    limit = view.screenful
    if limit is None or len(view.rows) <= limit.rows:
        return view
    note = Note(f"showing {limit.rows} of {len(view.rows)} {limit.what}; {limit.hint}")
    return dataclasses.replace(view, rows=view.rows[:limit.rows], notes=[*view.notes, note],
                               row_styles=view.row_styles[:limit.rows])


def notes_text(notes: list[Note]) -> str:
    return "".join(("- " if note.item else "") + clean(note.text) + "\n" for note in notes if note.text)


def _notes_to_stderr(notes: list[Note]) -> None:
    sys.stderr.write(notes_text(notes))


def _machine(data: Any, fmt: Format) -> str:
    if isinstance(data, Streamed) and fmt is not Format.yaml:
        data = list(data)
    if fmt is Format.jsonl:
        return to_jsonl(data)
    return to_json(data) if fmt is Format.json else to_yaml(data)


def render_text(view: TableView, fmt: Format) -> str:
    """Every format but the Rich table, as a string; notes only in markdown."""
    if fmt in MACHINE:
        if fmt is Format.json and view.records_json is not None:
            return json_list(view.records_json)
        if fmt is Format.jsonl and view.records_json is not None:
            return "".join(item + "\n" for item in view.records_json)
        return _machine(view.machine_data(), fmt)
    if view.lines is not None and fmt in (Format.plain, Format.table):
        return "".join(clean(line) + "\n" for line in view.lines)
    columns = [c for c in view.columns if c.shown_in(fmt)]
    compact = fmt in COMPACT
    if fmt in DELIMITED:
        headers = [delimited_cell(c.field or c.header) for c in columns]  # counts --by: names from the data
        rows = [[delimited_cell(r.get(c.key)) for c in columns] for r in view.rows]
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt is Format.csv else "\t", lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(rows)
        return buf.getvalue()
    # Measured as they will show: a character stdout cannot hold is a `?` already.
    headers = [streams.fit(c.header) for c in columns]
    body = [*view.rows, *(view.summary_rows if fmt is Format.markdown else [])]
    rows = [[streams.fit(human_cell(r, c, compact)) for c in columns] for r in body]
    aligned = renderer("aligned")
    if fmt is Format.markdown:  # data is text, never markup: every header and cell escaped
        return aligned.markdown_table(view, columns, headers, rows)
    parts = [clean(view.title)] if view.title else []
    table = aligned.tabulate_rows(headers, rows, columns, "plain")
    if view.plain_width is not None and any(aligned.text_width(line) > view.plain_width
                                            for line in table.splitlines()):
        table = renderer("fitted").plain_wrapped(headers, rows, columns, view.plain_width)
    parts.append(table)
    return "\n".join(parts) + "\n"


def json_list(items: list[str]) -> str:
    """A JSON array from items already encoded one per line (see `to_json`)."""
    return "[\n" + ",\n".join(items) + "\n]\n" if items else "[]\n"


def to_json(data: Any) -> str:
    """A JSON document. A list (of releases, weeks, problems) gets one item per line:
    still one valid JSON array, readable, greppable, and written by the C encoder
    (indent= would use the pure-Python one: ten times slower on 10,000 records)."""
    if isinstance(data, list):
        return json_list([json_safe(json.dumps(item, ensure_ascii=False, default=str)) for item in data])
    return json_safe(json.dumps(data, ensure_ascii=False, indent=2, default=str)) + "\n"


def to_jsonl(data: Any) -> str:
    """JSON Lines: one compact JSON value a line (each item of a list, or the one record)."""
    items = data if isinstance(data, list) else [data]
    return "".join(json_safe(json.dumps(item, ensure_ascii=False, default=str)) + "\n" for item in items)


def to_yaml(data: Any) -> str:
    writer = renderer("yaml")
    if isinstance(data, (list, Streamed)) and data:
        # Item by item: the same text (a sequence's items are laid out on their own), but
        # PyYAML holds the nodes of one record at a time, not of all (10,000: 475 MB).
        return "".join(_yaml_out(writer, [item]) for item in data)
    return _yaml_out(writer, data)


def _yaml_out(writer: ModuleType, data: Any) -> str:
    return yaml_for_stdout(lambda ascii_only: writer.dump(data, indent_lists=False, ascii_only=ascii_only))


def yaml_for_stdout(make: Callable[[bool], str]) -> str:
    """YAML for stdout, made by `make(ascii_only)`: where stdout's encoding lacks a character
    of it, made again with YAML's escapes (`"\\u667a"` in a double-quoted scalar: the same
    value), counted for the note. Every YAML written to stdout (a record, `new --dry-run`)."""
    streams.writing("yaml")
    text = make(False)
    lacking = streams.lacking(text)
    if not lacking:
        return text
    streams.escaped(lacking)
    return make(True)


_RENDERERS = {"terminal": "ai_tracker.output.terminal", "aligned": "ai_tracker.output.aligned",
              "yaml": "ai_tracker.files.yaml_writer", "counts": "ai_tracker.output.counts_terminal",
              "chart": "ai_tracker.output.chart", "html": "ai_tracker.output.html_page",
              "digest_html": "ai_tracker.output.digest_html", "fitted": "ai_tracker.output.fit"}
# Renderers whose library is an optional extra: the library, and how to install it.
_EXTRAS = {"chart": ("matplotlib", "charts need matplotlib: pip install 'ai-tracker[charts]'")}


def renderer(name: str) -> ModuleType:
    """The module that writes one kind of output, imported when that kind is written:
    Rich (about 25 ms), tabulate (25 ms) and PyYAML (10 ms) are not for every run, and
    `list --format json` on 10,000 releases needs none of them; matplotlib (half a
    second) only draws charts. The output layer's one lazy boundary, as the command
    registry is the CLI's. A missing optional library is a DataError saying how to
    install it, not a traceback."""
    try:
        return importlib.import_module(_RENDERERS[name])
    except ModuleNotFoundError as exc:
        library, hint = _EXTRAS.get(name, ("", ""))
        if library and (exc.name or "").split(".")[0] == library:
            raise DataError(hint) from None
        raise


def available(name: str) -> bool:
    """Can this renderer load (its optional library installed)?"""
    try:
        renderer(name)
    except DataError:
        return False
    return True
