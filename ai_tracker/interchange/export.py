"""The collection out to other tools: CSV, JSON, JSON Lines, SQLite and feeds (`ai-tracker export`).

- csv, tsv, jsonl: one flat row per release (FLAT_COLUMNS), for spreadsheets and
  pandas; lists are JSON arrays in JSON Lines and joined with "; " in CSV, whose
  cells are guarded against CSV injection as every csv the tool writes.
- json: the complete records, exactly what the files say, as one array.
- sqlite: a `releases` table (one row per release, nested single values as
  prefixed columns: released_date, pricing_model, origin_key, ...) and a child
  table per list (organizations, categories, sources, events, benchmarks, ...)
  with `release_id` a foreign key to `releases.id` and `source_id` to the
  release's `sources` (`records`, the files that record a release, keep each
  file's own source whole, as JSON); built from the schema, so new list fields
  get a table.
- atom, ics: feeds to subscribe to (`feeds`): an Atom entry per release, a
  calendar event per release date and per dated event.

Files are written whole or not at all (a temporary file renamed into place), and so
is stdout (`export_to_stream`: the document is made first, then written).
Every format reads the releases once, in order, and writes as it goes, so that
100,000 releases need not be in memory as models, rows or text at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import itertools
import json
import sqlite3
import tempfile
import types
import typing
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ai_tracker.errors import DataError, UsageError
from ai_tracker.files.atomic import create_atomically, output_target, replace_atomically
from ai_tracker.interchange import feeds
from ai_tracker.model import countries
from ai_tracker.model.dates import FuzzyDate, IsoWeek
from ai_tracker.output.render import DELIMITED_LIST, delimited_cell
from ai_tracker.text import json_safe


class ExportFormat(str, Enum):
    """What `export` writes."""

    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"
    sqlite = "sqlite"
    atom = "atom"
    ics = "ics"

if TYPE_CHECKING:  # pydantic and the schema load only when releases are written (start-up time)
    from pydantic import BaseModel

    from ai_tracker.model.schema import Release




SUFFIXES = {".csv": ExportFormat.csv, ".tsv": ExportFormat.tsv, ".json": ExportFormat.json, ".jsonl": ExportFormat.jsonl,
            ".ndjson": ExportFormat.jsonl, ".db": ExportFormat.sqlite, ".sqlite": ExportFormat.sqlite,
            ".sqlite3": ExportFormat.sqlite, ".atom": ExportFormat.atom, ".ics": ExportFormat.ics}
LIST_SEPARATOR = DELIMITED_LIST  # the one convention of every csv and tsv the tool writes (render)

FLAT_COLUMNS = [
    "id", "name", "aliases", "organizations", "countries", "regions", "released", "released_precision",
    "released_earliest", "released_latest", "released_week", "categories", "input_modalities", "output_modalities",
    "open_weights", "license", "access", "pricing", "predecessor", "summary", "source_urls", "imported",
    "origin_database", "origin_key", "origin_confidence", "origin_accessibility", "origin_domain", "origin_same_as",
]


def format_for(out: str, fmt: ExportFormat | None) -> ExportFormat:
    """--format, else guessed from --out's suffix (csv on stdout); UsageError if neither says."""
    if fmt is not None:
        return fmt
    if out == "-":
        return ExportFormat.csv  # as sqlite-utils: a table for the terminal or the next tool
    guess = SUFFIXES.get(Path(out).suffix.lower())
    if guess is None:
        raise UsageError(f"cannot tell the format from '{out}'; give --format csv, tsv, json, jsonl, sqlite, atom or ics",
                         field="fmt")
    return guess


def flat_row(release: Release) -> dict[str, Any]:
    """One release as flat values; lists stay lists (CSV joins them)."""
    date = release.released.date
    origin = release.origin
    return {
        "id": release.id,
        "name": release.name,
        "aliases": list(release.aliases),
        "organizations": release.org_names,
        "countries": release.countries,
        "regions": list(dict.fromkeys(countries.region_of(c) for c in release.countries)),
        "released": str(date),
        "released_precision": date.precision,
        "released_earliest": date.earliest.isoformat(),
        "released_latest": date.latest.isoformat(),
        "released_week": str(IsoWeek.of(date.earliest)),
        "categories": list(release.categories),
        "input_modalities": list(release.modalities.input) if release.modalities else [],
        "output_modalities": list(release.modalities.output) if release.modalities else [],
        "open_weights": release.open_weights,
        "license": release.license,
        "access": list(release.access),
        "pricing": release.pricing.model if release.pricing else None,
        "predecessor": release.predecessor,
        "summary": release.summary,
        "source_urls": [s.url for s in release.sources if s.url],
        "imported": origin is not None,  # from another database: never shown as checked by hand
        "origin_database": origin.database if origin else None,
        "origin_key": origin.key if origin else None,
        "origin_confidence": origin.confidence if origin else None,
        "origin_accessibility": origin.accessibility if origin else None,
        "origin_domain": origin.domain if origin else None,
        "origin_same_as": origin.same_as if origin else None,
    }


def write_csv(releases: Iterable[Release], out: TextIO, delimiter: str = ",", *, guard: bool | None = None) -> None:
    """Flat rows, each cell guarded against CSV injection as every csv the tool writes
    is (`render.delimited_cell`; guard: None follows `--raw-csv`)."""
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(FLAT_COLUMNS)
    for release in releases:
        row = flat_row(release)
        writer.writerow([delimited_cell(row[c], guard=guard) for c in FLAT_COLUMNS])


def write_tsv(releases: Iterable[Release], out: TextIO, *, guard: bool | None = None) -> None:
    write_csv(releases, out, delimiter="\t", guard=guard)


def write_jsonl(releases: Iterable[Release], out: TextIO) -> None:
    for release in releases:
        out.write(json_safe(json.dumps(flat_row(release), ensure_ascii=False)) + "\n")


def write_json(releases: Iterable[Release], out: TextIO) -> None:
    """One array of the complete records, record by record: the text of one `json.dumps`
    of the whole list with indent=2, without the list or the text in memory at once."""
    from ai_tracker.model.schema import record

    before = "[\n"
    for release in releases:
        text = json.dumps(record(release), ensure_ascii=False, indent=2)
        # A line break inside a value is written as \n: every real one is the layout's.
        out.write(before + json_safe("  " + text.replace("\n", "\n  ")))
        before = ",\n"
    out.write("[]\n" if before == "[\n" else "\n]\n")


# --- SQLite ---------------------------------------------------------------------------------


@dataclass
class _Shape:
    kind: str  # "scalar", "list", "dict" or "model"
    sql: str = "TEXT"  # for scalars
    item: _Shape | None = None  # for lists and dicts
    model: type[BaseModel] | None = None


def _shape(annotation: Any, base: type[BaseModel]) -> _Shape:
    """What a field's type annotation holds, with Annotated and Optional unwrapped
    (base: Pydantic's BaseModel, imported only to work out the plan)."""

    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _shape(typing.get_args(annotation)[0], base)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _shape(args[0], base)
    if origin is list:
        return _Shape("list", item=_shape(typing.get_args(annotation)[0], base))
    if origin is dict:
        return _Shape("dict", item=_shape(typing.get_args(annotation)[1], base))
    if isinstance(annotation, type) and issubclass(annotation, base):
        return _Shape("model", model=annotation)
    if annotation is bool:
        return _Shape("scalar", "INTEGER")
    if annotation in (int, float):
        return _Shape("scalar", "REAL")
    return _Shape("scalar", "TEXT")  # str, dates, vocabulary words, Literal


# Table and column names where the field name reads badly in SQL.
_TABLE_NAMES = {"organization": "organizations"}
_VALUE_COLUMNS = {"aliases": "alias", "categories": "category", "access": "kind"}
_RENAMED = {"source": "source_id"}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass
class _Table:
    name: str
    columns: list[tuple[str, str]]  # name, SQL type
    keys: list[str]
    source_ref: bool = False  # has a source_id naming an entry of the release's sources
    fields: tuple[str, ...] = ()  # the model's fields behind the columns after release_id and position/key
    nested: tuple[int, ...] = ()  # positions in a row of the fields that hold a list or mapping

    def create(self) -> str:
        cols = [f"{_q(n)} {t}" for n, t in self.columns]
        cols[0] += " NOT NULL REFERENCES releases(id) ON DELETE CASCADE"
        cols.append(f"PRIMARY KEY ({', '.join(_q(k) for k in self.keys)})")
        if self.source_ref:
            cols.append("FOREIGN KEY (release_id, source_id) REFERENCES sources(release_id, source_id)")
        return f"CREATE TABLE {_q(self.name)} (\n  " + ",\n  ".join(cols) + "\n)"


# A release's released date as the four columns beside it (precision, earliest, latest,
# ISO week): worked out once per distinct date text, as releases share dates.
DateFacts = tuple[str, str, str, str]
Getter = typing.Callable[[dict[str, Any], DateFacts], Any]  # (record, its released date's facts) -> value
# The plan as data (`sqlite_plan`): a releases column is (name, SQL type, field, sub-field,
# kind: "value", "nested" or one of DATE_FACTS); a child table is (field, name, columns,
# keys, source_ref, fields, nested) as `_Table` has them.
Column = tuple[str, str, str, "str | None", str]
TableRow = tuple[str, str, list[tuple[str, str]], list[str], bool, tuple[str, ...], tuple[int, ...]]


@functools.lru_cache(maxsize=8192)
def _date_facts(text: str) -> DateFacts:
    date = FuzzyDate.parse(text)
    # SQLite has no ISO week function; the week is the one `weekly` counts a release in.
    return date.precision, date.earliest.isoformat(), date.latest.isoformat(), str(IsoWeek.of(date.earliest))


def _at(key: str, sub: str | None = None, *, nested: bool = False) -> Getter:
    """The value of a field (`sub`: of a field of a model field); nested: a list or mapping,
    written as `_sql_value` writes it. One small function per column: 10,000 releases
    make 230,000 cells."""
    def get(data: dict[str, Any], released: DateFacts) -> Any:
        return data.get(key)

    def get_sub(data: dict[str, Any], released: DateFacts) -> Any:
        value = data.get(key)
        return value.get(sub) if isinstance(value, dict) else None

    getter = get if sub is None else get_sub
    return (lambda data, released: _sql_value(getter(data, released))) if nested else getter


# What a date query needs, beside the date as written: how precise, and its bounds.
DATE_FACTS = ("precision", "earliest", "latest", "week")


def _fact(n: int, data: dict[str, Any], released: DateFacts) -> str:
    return released[n]


def _getter(field: str, sub: str | None, kind: str) -> Getter:
    if kind in DATE_FACTS:
        return functools.partial(_fact, DATE_FACTS.index(kind))
    return _at(field, sub, nested=kind == "nested")


def plan_from_models() -> tuple[list[Column], list[TableRow]]:
    """The tables, from the schema's models: the releases table's columns (name, SQL
    type, field, sub-field, kind) and a child table per list field. `sqlite_plan` holds
    what this gives, so that an export need not import Pydantic (a test keeps the two
    equal)."""
    from pydantic import BaseModel

    from ai_tracker.model.schema import Release

    def shape(annotation: Any) -> _Shape:
        return _shape(annotation, BaseModel)

    def cites(model: type[BaseModel]) -> bool:
        """Whether the model's `source` is the id of one of the release's sources (a foreign
        key to `sources`), not a whole source of its own (a record of another file cites
        that file's source, which the release's `sources` need not hold)."""
        info = model.model_fields.get("source")
        return info is not None and shape(info.annotation).kind == "scalar"

    def model_columns(model: type[BaseModel], rename: dict[str, str]) -> list[tuple[str, str]]:
        out = []
        for name, info in model.model_fields.items():
            one = shape(info.annotation)
            column = rename.get(name, _RENAMED.get(name, name) if cites(model) else name)
            out.append((column, one.sql if one.kind == "scalar" else "TEXT"))
        return out

    def nested(model: type[BaseModel]) -> tuple[int, ...]:
        """Where, in a child table's row (release_id, position or key, fields...), the fields
        that need `_sql_value` are: the rest go in as they are."""
        return tuple(i + 2 for i, info in enumerate(model.model_fields.values()) if shape(info.annotation).kind != "scalar")

    columns: list[Column] = [("id", "TEXT PRIMARY KEY", "id", None, "value")]
    children: list[TableRow] = []
    # The resolved release (organisations filled in), as every command reads it.
    for name, info in Release.model_fields.items():
        if name in ("id", "path"):
            continue
        kind = shape(info.annotation)
        table = _TABLE_NAMES.get(name, name)
        if kind.kind == "scalar":
            columns.append((name, kind.sql, name, None, "value"))
        elif name == "modalities":
            children.append((name, "modalities", [("release_id", "TEXT"), ("direction", "TEXT"),
                                                  ("position", "INTEGER"), ("modality", "TEXT")],
                             ["release_id", "direction", "position"], False, (), ()))
        elif kind.kind == "model" and kind.model is not None:
            for sub, sub_info in kind.model.model_fields.items():
                sub_shape = shape(sub_info.annotation)
                scalar = sub_shape.kind == "scalar"
                columns.append((f"{name}_{sub}", sub_shape.sql if scalar else "TEXT", name, sub,
                                "value" if scalar else "nested"))
                if name == "released" and sub == "date":
                    columns += [(f"released_{fact}", "TEXT", name, sub, fact) for fact in DATE_FACTS]
        elif kind.kind == "list" and kind.item is not None and kind.item.kind == "model":
            model = kind.item.model
            assert model is not None
            rename = {"id": "source_id"} if name == "sources" else {}
            cols = [("release_id", "TEXT"), ("position", "INTEGER"), *model_columns(model, rename)]
            keys = ["release_id", "source_id"] if name == "sources" else ["release_id", "position"]
            children.append((name, table, cols, keys, cites(model),
                             tuple(model.model_fields), nested(model)))
        elif kind.kind == "list":
            value = _VALUE_COLUMNS.get(name, "value")
            children.append((name, table, [("release_id", "TEXT"), ("position", "INTEGER"),
                                           (value, kind.item.sql if kind.item else "TEXT")],
                             ["release_id", "position"], False, (), ()))
        elif kind.kind == "dict" and kind.item is not None and kind.item.model is not None:
            item = kind.item.model
            cols = [("release_id", "TEXT"), ("key", "TEXT"), *model_columns(item, {})]
            children.append((name, table, cols, ["release_id", "key"], cites(item),
                             tuple(item.model_fields), nested(item)))
        else:  # pragma: no cover - a new kind of field: fail loudly in tests, not silently
            raise TypeError(f"export: no SQLite mapping for field '{name}'")
    # The countries of all organisations, once each, with the region counts use.
    children.append(("", "countries", [("release_id", "TEXT"), ("country", "TEXT"), ("name", "TEXT"),
                                       ("region", "TEXT")], ["release_id", "country"], False, (), ()))
    # sources first: other tables' source_id refer to them.
    children.sort(key=lambda item: item[0] != "sources")
    return columns, children


def _plan_tables() -> tuple[list[tuple[str, str, Getter]], list[tuple[str, _Table]]]:
    """releases' columns (name, type, getter) and a child table per list field, as
    `sqlite_plan` says (`plan_from_models`)."""
    from ai_tracker.interchange import sqlite_plan

    columns = [(name, sql, _getter(field, sub, kind)) for name, sql, field, sub, kind in sqlite_plan.RELEASE_COLUMNS]
    children = [(field, _Table(name, list(cols), list(keys), source_ref, tuple(fields), tuple(nested)))
                for field, name, cols, keys, source_ref, fields, nested in sqlite_plan.TABLES]
    return columns, children


def _sql_value(value: Any) -> Any:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value) if value else None
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _table_values(field_name: str, table: _Table, records: Sequence[dict[str, Any]]) -> list[Any]:
    """One child table's rows for every release, in order, flat: the cells of one row
    after another (a release without the field has none). Nested values are read by
    field name: a record leaves out what an organisation was not given (its registry id, ...)."""
    out: list[Any] = []
    extend = out.extend
    if table.name == "countries":
        for data in records:
            rid = data["id"]
            for c in _countries(data):
                extend((rid, c, countries.name_of(c), countries.region_of(c)))
        return out
    if field_name == "modalities":
        for data in records:
            value = data.get(field_name)
            if value:
                rid = data["id"]
                for direction in ("input", "output"):
                    for i, m in enumerate(value.get(direction) or ()):
                        extend((rid, direction, i, m))
        return out
    fields, nested = table.fields, table.nested
    for data in records:
        value = data.get(field_name)
        if not value:
            continue
        rid = data["id"]
        if not fields:  # a list of words
            for i, v in enumerate(value):
                extend((rid, i, v))
            continue
        for place, item in (value.items() if isinstance(value, dict) else enumerate(value)):  # specs: key -> mapping
            row = [rid, place, *map(item.get, fields)]  # `map` runs in C: 10,000 releases make 160,000 rows
            for i in nested:
                row[i] = _sql_value(row[i])
            extend(row)
    return out


def _countries(data: dict[str, Any]) -> list[str]:
    """Every country of every organisation, in order, once each (as `Release.countries`)."""
    return list(dict.fromkeys(c for org in data["organization"] for c in org["country"]))


def _release_values(columns: list[tuple[str, str, Getter]], records: Sequence[dict[str, Any]]) -> list[Any]:
    """The releases table's rows, flat (as `_table_values`)."""
    getters = [get for _, _, get in columns]
    out: list[Any] = []
    for data in records:
        facts = _date_facts(data["released"]["date"])
        out += [get(data, facts) for get in getters]
    return out


# Rows per INSERT statement: binding and stepping one statement per row was a third of
# the time; 100 rows of the widest table are 2,200 parameters (SQLite allows 32,766).
ROWS_PER_INSERT = 100
# Records turned into rows at a time: the rows of a chunk are inserted before the next is
# read, so that only they, and not every table of 100,000 releases, are in memory.
RECORDS_PER_CHUNK = 1000


class _Inserter:
    """A table's rows, inserted as they come (flat, `width` cells each, in order),
    ROWS_PER_INSERT to a statement: the same rows, with the same rowids, as one INSERT
    per row."""

    def __init__(self, conn: sqlite3.Connection, table: str, width: int) -> None:
        self._conn = conn
        self._table = table
        self._width = width
        self._one = "(" + ", ".join("?" * width) + ")"
        self._many = f"INSERT INTO {_q(table)} VALUES " + ", ".join([self._one] * ROWS_PER_INSERT)
        self._pending: list[Any] = []  # fewer than ROWS_PER_INSERT rows, kept for the next ones

    def add(self, values: list[Any]) -> None:
        pending = self._pending + values if self._pending else values
        step = self._width * ROWS_PER_INSERT
        whole = len(pending) // step * step
        if whole:
            self._conn.executemany(self._many, (pending[i:i + step] for i in range(0, whole, step)))
        self._pending = pending[whole:]

    def close(self) -> None:
        if self._pending:
            rest = len(self._pending) // self._width
            self._conn.execute(f"INSERT INTO {_q(self._table)} VALUES " + ", ".join([self._one] * rest), self._pending)
            self._pending = []


def _chunks(records: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    it = iter(records)
    while chunk := list(itertools.islice(it, RECORDS_PER_CHUNK)):
        yield chunk


def write_sqlite(records: Iterable[dict[str, Any]], path: Path) -> None:
    """A new SQLite database at path (which must not exist), from release records as
    `schema.record` makes them (organisations and shared sources filled in), read once,
    in order (they can be decoded as they come).

    Built from plain records, a chunk of them at a time, table by table, many rows per
    INSERT in one transaction: no model is built or dumped again (that was two thirds
    of the time)."""

    columns, children = _plan_tables()
    conn = sqlite3.connect(path)
    try:
        # A new file, renamed into place only once it is whole: a journal protects nothing
        # here, and, as for the other formats, it is not synced to disk. The foreign keys hold
        # by construction (every row is a release's, every source_id one of its sources, as
        # the loader checked; a record of another file keeps its whole source, under no key):
        # checking each of 160,000 rows again doubled the time.
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        # Rows come newest first, so each table's primary-key index is written all over:
        # with SQLite's default 2 MB of cache its pages were written out and read back
        # again and again (2.5 s of system time at 100,000 releases, 0.3 s with this).
        # SQLite takes the memory only as pages are used (a 10,000-release file is 21 MB).
        conn.execute("PRAGMA cache_size = -65536")  # KiB
        cols = ",\n  ".join(f"{_q(n)} {t}" for n, t, _ in columns)
        conn.execute(f"CREATE TABLE releases (\n  {cols}\n)")
        for _, table in children:
            conn.execute(table.create())
        with conn:  # one transaction
            releases = _Inserter(conn, "releases", len(columns))
            tables = [(field, table, _Inserter(conn, table.name, len(table.columns))) for field, table in children]
            for chunk in _chunks(records):
                releases.add(_release_values(columns, chunk))
                for field_name, table, rows in tables:
                    rows.add(_table_values(field_name, table, chunk))
            releases.close()
            for _, _, rows in tables:
                rows.close()
        # Indexes once the rows are in: built sorted, not row by row (the schema's text,
        # and `.dump`, are the same as creating them first).
        for _, table in children:
            conn.execute(f"CREATE INDEX {_q(table.name + '_release_id')} ON {_q(table.name)} (release_id)")
    finally:
        conn.close()


# --- writing -------------------------------------------------------------------------------


def check_out(out: str, fmt: ExportFormat, force: bool) -> None:
    if out == "-":
        if fmt is ExportFormat.sqlite:
            raise UsageError("a SQLite database cannot go to stdout; give a file name", field="out")
        return
    path = output_target(Path(out))
    if path.exists() and not force:
        raise UsageError(f"'{out}' exists; use --force to overwrite it", field="out")


def write_text(releases: Iterable[Release], fmt: ExportFormat, out: TextIO, *, title: str | None = None,
               newest: dt.date | None = None) -> None:
    """Releases are read once, in order, and written as they come (so they can be made
    one at a time). title: a feed's or calendar's name (default: "AI model releases");
    newest: an Atom feed's `updated` day (see `feeds.write_atom`)."""
    name = title or feeds.DEFAULT_TITLE
    writers: dict[ExportFormat, typing.Callable[[Iterable[Release], TextIO], None]] = {
        ExportFormat.csv: write_csv, ExportFormat.tsv: write_tsv, ExportFormat.json: write_json,
        ExportFormat.jsonl: write_jsonl,
        ExportFormat.atom: lambda r, o: feeds.write_atom(r, o, title=name, newest=newest),
        ExportFormat.ics: lambda r, o: feeds.write_ics(r, o, title=name)}
    writers[fmt](releases, out)


# How much of an export to stdout is held in memory before the rest goes to a temporary file.
SPOOL_BYTES = 32 * 1024 * 1024


def export_to_stream(releases: Iterable[Release], fmt: ExportFormat, out: TextIO, *, title: str | None = None,
                     newest: dt.date | None = None) -> None:
    """Write the whole document, then hand it to out (stdout): a failure midway (a record
    the cache should not hold, a release that cannot be made) leaves out with nothing, not
    a partial feed or array that a reader would take for the export. As a file is written
    whole or not at all: held in memory up to SPOOL_BYTES, past that in a temporary file."""
    # surrogatepass: any text back as it went in (stdout's writer decides what to do with it)
    with tempfile.SpooledTemporaryFile(SPOOL_BYTES, mode="w+", encoding="utf-8", newline="",
                                       errors="surrogatepass") as spool:
        try:
            write_text(releases, fmt, typing.cast(TextIO, spool), title=title, newest=newest)
            spool.seek(0)
        except OSError as exc:  # the temporary file (a full disk): stdout has had nothing yet
            raise DataError(f"cannot hold the export before writing it (temporary folder "
                            f"'{tempfile.gettempdir()}'): {exc.strerror or exc}") from None
        while chunk := spool.read(1 << 16):  # stdout's own errors are the CLI edge's, as for every command
            out.write(chunk)


def export_to_file(releases: Iterable[Release], fmt: ExportFormat, path: Path, *, force: bool = False,
                   title: str | None = None, newest: dt.date | None = None) -> None:
    """Write the whole file next to path, then move it into place: never half a file.
    Without force only where no file of that name exists, even one another process
    made since `check_out` looked (DataError then); with force over it.
    (`sqlite_to_file` writes SQLite from records without the models.)"""
    if fmt is ExportFormat.sqlite:
        from ai_tracker.model.schema import record

        sqlite_to_file([record(r) for r in releases], path, force=force)
        return

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            write_text(releases, fmt, handle, title=title, newest=newest)

    place = replace_atomically if force else create_atomically
    place(output_target(path), write)


def sqlite_to_file(records: Iterable[dict[str, Any]], path: Path, *, force: bool = False) -> None:
    """A SQLite database from release records, placed as `export_to_file` places a file."""
    def write(tmp: Path) -> None:
        tmp.unlink()  # sqlite3 makes its own file
        try:
            write_sqlite(records, tmp)
        except sqlite3.Error as exc:  # SQLite's own word for a full disk, an I/O error: one line
            raise DataError(f"cannot write '{path}': {exc}") from None

    place = replace_atomically if force else create_atomically
    place(output_target(path), write)
