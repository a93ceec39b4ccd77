"""What a command hands to `render.emit`: a view, with its records and its notes.

A command never looks at the output format. It builds one view and `emit`
chooses how to write it:

- `TableView`: rows of like things (list, compare, weekly, validate), with
  the records behind them for json/yaml.
- `PageView`: a page read top to bottom (show, digest), with renderers for
  text, markdown and the terminal, records for json/yaml, and a table for
  csv/tsv.

Notes explain the data (rows left out, the counting rules). They belong to
the human formats that are read whole, the terminal table and markdown; with
plain, csv and tsv rows they go to stderr, so stdout stays data (`| tail -1`
is a data row); json and yaml records carry what they need.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


class Format(str, Enum):
    """Output formats shared by every command that prints data."""

    table = "table"
    wide = "wide"  # the table (plain when piped) with every column, none left out
    plain = "plain"
    markdown = "markdown"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"
    yaml = "yaml"
    html = "html"


class Bars(str, Enum):
    """How a chart draws its groups: one bar per period, or one bar per group side by side."""

    stacked = "stacked"
    grouped = "grouped"


MACHINE = frozenset({Format.json, Format.jsonl, Format.yaml})
DELIMITED = frozenset({Format.csv, Format.tsv})
HUMAN = frozenset({Format.table, Format.wide, Format.plain, Format.markdown})
# Formats that show a date window compactly (2026-02-12..14); csv/tsv write it whole.
COMPACT = frozenset({Format.table, Format.wide, Format.plain, Format.markdown})
# Formats of rows a script reads line by line: their notes go to stderr. (The
# terminal table and markdown print notes with the data; json and yaml records
# carry what they need.)
TEXT_ROWS = frozenset({Format.plain, Format.csv, Format.tsv})


@dataclass
class Note:
    """A sentence under the data; `item` makes it one item of a bulleted list."""

    text: str
    item: bool = False
    # Also on stderr in json and yaml, whose records have no place for it (a list of
    # releases or of weeks): where the record ends must not be lost in any format.
    everywhere: bool = False


# After the name of a release imported from another database: its facts are the
# database's, never shown as checked by hand (list's notes say so under the table).
MARK = "*"


@dataclass
class Column:
    key: str
    header: str
    justify: str = "left"  # "left" or "right"
    wrap: bool = True
    only: frozenset[Format] | None = None  # shown only in these formats (None: in all)
    # On a terminal too narrow for the whole table: a compact header, and the order
    # in which columns are left out (1 first; None: never). See `output/fit.py`.
    short: str | None = None
    drop: int | None = None
    field: str | None = None  # the csv/tsv header, where it is a field `export` names too
    missing: str = ""  # what the human formats show for no value ("?": not known)
    # A boolean field of the row that, when true, puts MARK after the cell in the human
    # formats (an imported release's name); csv, tsv and json carry the field itself.
    mark: str | None = None

    def shown_in(self, fmt: Format) -> bool:
        return self.only is None or fmt in self.only


class LazyRows(Sequence[dict[str, Any]]):
    """Rows made on first use: `list --format json` on 10,000 releases writes the
    cached JSON and never needs them."""

    def __init__(self, make: Callable[[], list[dict[str, Any]]]) -> None:
        self._make = make
        self._rows: list[dict[str, Any]] | None = None

    def _all(self) -> list[dict[str, Any]]:
        if self._rows is None:
            self._rows = self._make()
        return self._rows

    def __len__(self) -> int:
        return len(self._all())

    def __getitem__(self, index: Any) -> Any:
        return self._all()[index]


class Streamed(Sequence[dict[str, Any]]):
    """Records made one at a time as they are read, none kept: `list --format yaml` of
    100,000 releases holds one record at a time, not all of them (800 MB)."""

    def __init__(self, items: Sequence[Any], make: Callable[[Any], dict[str, Any]]) -> None:
        self._items = items
        self._make = make

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self._make(item) for item in self._items[index]]
        return self._make(self._items[index])


@dataclass
class Screenful:
    """On a terminal, show at most `rows` rows and say how to see the rest."""

    rows: int
    what: str  # "releases"
    hint: str  # how to see them all, in the command's words


@dataclass
class TableView:
    """Rows for the eye (by column key) and, optionally, richer records for machines."""

    columns: list[Column]
    rows: Sequence[dict[str, Any]]
    records: Any = None  # what json/yaml print; defaults to the rows
    records_json: list[str] | None = None  # the records already encoded, one JSON text each
    title: str | None = None
    notes: list[Note] = field(default_factory=list)
    summary_rows: list[dict[str, Any]] = field(default_factory=list)  # a Total row: markdown only
    lines: list[str] | None = None  # plain and terminal: these lines instead of a table
    # Rich styles, one per row (None: plain), used by the terminal table only:
    # piped and machine formats must not depend on styling to carry meaning.
    row_styles: list[str | None] = field(default_factory=list)
    notes_style: str = "dim"  # Rich style of the notes under the terminal table
    # The notes are the answer, not a diagnostic (compare's worked-out facts):
    # plain text in a pipe prints them on stdout after the table.
    notes_on_stdout: bool = False
    # Plain text in a pipe wider than this wraps its cells to it (None: rows stay one
    # line each, for grep and cut). For a table read whole (compare), where a 250-character
    # pricing note would make every row that wide.
    plain_width: int | None = None
    # A terminal renderer of the view's own (a total row, sparklines); it returns
    # False when the table cannot fit, and the plain rows are printed instead.
    rich: Callable[[Console], bool] | None = None
    screenful: Screenful | None = None
    # html: a chart to put above the table (inline SVG, with warnings for stderr), drawn only then.
    chart: Callable[[], tuple[str, list[str]]] | None = None

    def machine_data(self) -> Any:
        if isinstance(self.records, Streamed):
            return self.records  # read one by one by the writer (render.to_yaml)
        if isinstance(self.records, LazyRows):
            return list(self.records)
        if self.records is not None:
            return self.records
        return [{c.key: r.get(c.key) for c in self.columns} for r in self.rows]


@dataclass
class PageView:
    """A page: its own renderers for plain text, markdown and the terminal."""

    text: Callable[[bool], str]  # markdown=True or False -> the whole page
    rich: Callable[[Console], None]
    records: Any  # json/yaml
    table: TableView  # csv/tsv: one row per item of the page
    # html: the page and any warnings for stderr (None: the plain text, as a page).
    html: Callable[[], tuple[str, list[str]]] | None = None
    title: str = "ai-tracker"  # of the plain text's html page
