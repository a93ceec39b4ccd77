"""`ai-tracker list`: the releases, filtered and sorted."""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from ai_tracker.analysis import filters as queries
from ai_tracker.analysis.filters import Filters
from ai_tracker.cli.common import load_catalog
from ai_tracker.cli.edge import say
from ai_tracker.cli.filter_options import with_filters
from ai_tracker.cli.options import DataDirOption, FormatOption, NoCacheOption
from ai_tracker.errors import UsageError
from ai_tracker.model.dates import FuzzyDate
from ai_tracker.output import render
from ai_tracker.output.views import DELIMITED, Column, LazyRows, Note, Screenful, TableView

TERMINAL_LIMIT = 50


@with_filters
def list_command(
    filters: Filters,
    sort: Annotated[str, typer.Option(metavar="FIELD", help="Sort by released, name, org or country.")] = "released",
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Reverse the order.")] = False,
    limit: Annotated[Optional[int], typer.Option(
        "--limit", "-n", min=0, metavar="N", show_default=False,
        help=f"Show at most this many releases; 0 for all [default: {TERMINAL_LIMIT} on a terminal, "
             "all when piped].")] = None,
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
    catalog = load_catalog(data_dir, no_cache=no_cache)
    queries.check_orgs(catalog.entries, filters.orgs)
    releases = queries.order(queries.select(catalog.entries, filters), sort_key, reverse=reverse)
    if not releases:
        say("no release matches these options")  # stdout keeps its header (or []) for scripts
    shown = releases if not limit else releases[:limit]
    view = TableView(columns=COLUMNS, rows=LazyRows(lambda: [row(e.record, e.released_on) for e in shown]),
                     records=LazyRows(lambda: [e.record for e in shown]),
                     records_json=[e.json for e in shown])  # the cache holds each record's JSON already
    if limit is None:  # a screenful on a terminal, as gh does; pipes and machine formats get every row
        view.screenful = Screenful(TERMINAL_LIMIT, "releases", "--limit 0 shows all")
    elif len(shown) < len(releases):
        view.notes.append(Note(f"showing {len(shown)} of {len(releases)} releases"))
    render.emit(view, fmt)


# csv and tsv start with the id, so a script can pass a row on to `show`. On a
# terminal too narrow for every column, Access goes first, then Categories.
COLUMNS = [
    Column("id", "Id", only=DELIMITED),
    Column("released", "Released", wrap=False),
    Column("name", "Name"),
    Column("organization", "Organization", short="Org."),
    Column("country", "Country"),
    Column("categories", "Categories", drop=2),
    Column("open_weights", "Open weights", short="Open", drop=3),
    Column("access", "Access", drop=1),
]


def row(record: dict[str, Any], released: FuzzyDate) -> dict[str, Any]:
    """One release record (as `schema.record` makes it) as a row of the list."""
    orgs = record["organization"]
    return {
        "id": record["id"],
        "released": released,
        "name": record["name"],
        "organization": [org["name"] for org in orgs],
        "country": list(dict.fromkeys(c for org in orgs for c in org["country"])),
        "categories": record["categories"],
        "open_weights": "?" if record["open_weights"] is None else record["open_weights"],
        "access": record["access"],
    }


def register(app: typer.Typer) -> None:
    app.command("list")(list_command)
