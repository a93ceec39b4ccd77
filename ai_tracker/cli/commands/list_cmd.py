"""`ai-tracker list`: the releases, filtered and sorted."""

from __future__ import annotations

import dataclasses
import sys
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from ai_tracker.analysis import coverage as covering
from ai_tracker.analysis import filters as queries
from ai_tracker.analysis.filters import Filters
from ai_tracker.cli.common import complete_words, load_catalog, today_option
from ai_tracker.cli.edge import say
from ai_tracker.cli.filter_options import with_filters
from ai_tracker.cli.options import (
    JSON_FIELDS,
    ColumnsOption,
    DataDirOption,
    FormatOption,
    JsonFieldsOption,
    NoCacheOption,
    QuietOption,
    pick_columns,
    pick_fields,
)
from ai_tracker.collection import coverage as coverage_files
from ai_tracker.errors import UsageError
from ai_tracker.output import render
from ai_tracker.output.views import (
    DELIMITED,
    MACHINE,
    MARK,
    Column,
    Format,
    LazyRows,
    Note,
    Screenful,
    Streamed,
    TableView,
)

if TYPE_CHECKING:
    from ai_tracker.collection.catalog import Entry

TERMINAL_LIMIT = 50


@with_filters
def list_command(
    filters: Filters,
    sort: Annotated[str, typer.Option(metavar="FIELD", help="Sort by released, name, org or country.",
                                      autocompletion=complete_words([k.value for k in queries.SortKey]))] = "released",
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Reverse the order.")] = False,
    limit: Annotated[Optional[int], typer.Option(
        "--limit", "-n", min=0, metavar="N", show_default=False,
        help=f"Show at most this many releases; 0 for all [default: {TERMINAL_LIMIT} on a terminal, "
             "all when piped].")] = None,
    columns: ColumnsOption = None,
    json_fields: JsonFieldsOption = None,
    quiet: QuietOption = False,
    data_dir: DataDirOption = None,
    fmt: FormatOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """List releases, newest first."""

    try:
        sort_key = queries.SortKey(sort.lower())
    except ValueError:
        raise UsageError(f"cannot sort by '{sort}'; expected one of: "
                         f"{', '.join(k.value for k in queries.SortKey)}", option="--sort") from None
    if columns is not None and columns.strip().lower() == "help":
        sys.stdout.write("".join(f"{c.key}\t{c.header}\n" for c in COLUMNS))
        return
    if sum((quiet, json_fields is not None, fmt is not None)) > 1:
        raise UsageError("give one of --quiet, --json and --format", option="--quiet" if quiet else "--json")
    if columns is not None and (quiet or json_fields is not None or fmt in MACHINE):
        raise UsageError("--columns chooses the columns of a table; json and yaml give whole records "
                         "(--json FIELDS chooses their fields)", option="--columns")
    shown_columns = COLUMNS if columns is None else pick_columns(COLUMNS, columns)
    fields = pick_fields(json_fields_of(), json_fields) if json_fields is not None else None
    catalog = load_catalog(data_dir, no_cache=no_cache)
    queries.check_orgs(catalog.entries, filters.orgs)
    today = filters.today or today_option(None)
    if filters.since is not None and filters.until is None:  # an open end is today, not the record's last day
        filters = dataclasses.replace(filters, until=today)
    releases = queries.order(queries.select(catalog.entries, filters), sort_key, reverse=reverse)
    if not releases:
        say("no release matches these options")  # stdout keeps its header (or []) for scripts
    # The period asked for ends on --until (or its week, month, year), an open end today:
    # one line when it runs past the record's coverage.
    said = covering.past(coverage_files.of(catalog), min(filters.until or today, today),
                         covering.orgs_named(catalog.registry.organizations, filters.orgs),
                         asked=filters.since is not None or filters.until is not None)
    reached = [Note(said, everywhere=True)] if said else []  # on stderr in json: its array holds releases only
    shown = releases if not limit else releases[:limit]
    if quiet:  # ids only, every one asked for, for xargs
        sys.stdout.write("".join(e.id + "\n" for e in shown))
        if said:
            say(said)
        return
    if fields is not None:
        render.emit(TableView(columns=[], rows=[], records=[{f: e.peek().get(f) for f in fields} for e in shown],
                              notes=reached), Format.json)
        return
    view = TableView(columns=shown_columns, rows=LazyRows(lambda: [row(e) for e in shown]),
                     records=Streamed(shown, lambda e: e.peek()),  # yaml: one record at a time
                     records_json=[e.json for e in shown],  # the cache holds each record's JSON already
                     notes=reached)
    if any(e.origin is not None for e in shown):
        view.notes.append(IMPORTED)
    if limit is None:  # a screenful on a terminal, as gh does; pipes and machine formats get every row
        view.screenful = Screenful(TERMINAL_LIMIT, "releases", "--limit 0 shows all")
    elif len(shown) < len(releases):
        view.notes.append(Note(f"showing {len(shown)} of {len(releases)} releases"))
    render.emit(view, fmt)


# csv and tsv start with the id, so a script can pass a row on to `show`, and name
# the fields as `export` does (one csv convention: render.delimited_value). On a
# terminal too narrow for every column, Access goes first, then Categories.
COLUMNS = [
    Column("id", "Id", only=DELIMITED | {Format.wide}, field="id"),
    Column("released", "Released", wrap=False, field="released"),
    Column("name", "Name", field="name", mark="imported"),
    Column("organization", "Organization", short="Org.", field="organizations"),
    Column("country", "Country", field="countries"),
    Column("categories", "Categories", drop=2, field="categories"),
    Column("open_weights", "Open weights", short="Open", drop=3, field="open_weights", missing="?"),
    Column("access", "Access", drop=1, field="access"),
    Column("imported", "Imported", only=DELIMITED, field="imported"),
]

IMPORTED = Note(f"{MARK} imported from another database (models.dev, Epoch AI): its facts are the database's, "
                "not checked by hand")


def row(entry: Entry) -> dict[str, Any]:
    """One release as a row of the list (from the entry's eager fields: a plain list of
    10,000 cached releases decodes none of their records)."""
    return {
        "id": entry.id,
        "released": entry.released_on,
        "name": entry.name,
        "organization": entry.org_names,
        "country": entry.countries,
        "categories": entry.categories,
        "open_weights": entry.open_weights,
        "access": entry.access,
        "imported": entry.origin is not None,
    }


def json_fields_of() -> list[str]:
    """The fields of a release record, in its order: what `--json` may choose."""
    from ai_tracker.model.schema import StoredRelease  # only for --json: pydantic is not for every run

    return ["id", *(f for f in StoredRelease.model_fields if f not in ("id", "path"))]


JSON_FIELDS["list"] = json_fields_of


def register(app: typer.Typer) -> None:
    app.command("list")(list_command)
