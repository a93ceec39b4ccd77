"""`ai-tracker list`: the releases, filtered and sorted."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from ai_tracker.analysis import filters as queries
from ai_tracker.cli.common import load_catalog
from ai_tracker.cli.edge import say
from ai_tracker.cli.filter_options import (
    CategoryOption,
    CountryOption,
    OpenWeightsOption,
    OrgOption,
    SearchOption,
    SinceOption,
    UntilOption,
    WeekOption,
    make_filters,
)
from ai_tracker.cli.options import DataDirOption, FormatOption, NoCacheOption
from ai_tracker.errors import UsageError
from ai_tracker.output import render
from ai_tracker.output.render import Column

if TYPE_CHECKING:
    from ai_tracker.output.render import Column


TERMINAL_LIMIT = 50


def list_command(
    country: CountryOption = None,
    org: OrgOption = None,
    category: CategoryOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    week: WeekOption = None,
    open_weights: OpenWeightsOption = None,
    search: SearchOption = None,
    sort: Annotated[str, typer.Option(help="Sort by released, name, org or country.")] = "released",
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Reverse the order.")] = False,
    limit: Annotated[Optional[int], typer.Option(
        "--limit", "-n", min=0, show_default=False,
        help=f"Show at most this many releases; 0 for all [default: {TERMINAL_LIMIT} on a terminal, "
             "all when piped or with a machine format].")] = None,
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
    filters = make_filters(country, org, category, since, until, week, open_weights, search)
    catalog = load_catalog(data_dir, no_cache=no_cache)
    releases = queries.order(queries.select(catalog.entries, filters), sort_key, reverse=reverse)
    chosen = render.resolve_format(fmt)
    if not releases:
        say("no release matches these options")  # stdout keeps its header (or []) for scripts
    if limit is None and chosen is render.Format.table:
        limit = TERMINAL_LIMIT  # a screenful, as gh does; pipes and machine formats get every row
    shown = releases if not limit else releases[:limit]
    records = [e.record for e in shown]
    if chosen is render.Format.json:  # the cache holds each record's JSON already
        sys.stdout.write(render.json_list([e.json for e in shown]))
        return
    if chosen is render.Format.yaml:
        render.emit_records(records, chosen)
        return
    # Human formats show a window compactly (2026-02-12..14); csv and tsv in full.
    compact = chosen in (render.Format.table, render.Format.plain, render.Format.markdown)
    # csv and tsv start with the id, so a script can pass a row on to `show`.
    with_id = chosen in (render.Format.csv, render.Format.tsv)
    view = render.TableView(columns=columns(with_id), records=records,
                            rows=[row(e.record, e.released_on.compact() if compact else None) for e in shown])
    if len(shown) < len(releases):
        view.notes.append(f"showing {len(shown)} of {len(releases)} releases; --limit 0 shows all")
    render.emit(view, chosen)


def columns(with_id: bool = False) -> list[Column]:

    return [Column("id", "Id")] * with_id + [
        Column("released", "Released", wrap=False),
        Column("name", "Name"),
        Column("organization", "Organization"),
        Column("country", "Country"),
        Column("categories", "Categories"),
        Column("open_weights", "Open weights"),
        Column("access", "Access"),
    ]


def row(record: dict[str, Any], released: str | None = None) -> dict[str, Any]:
    """One release record (as `schema.record` makes it) as a row of the list."""
    orgs = record["organization"]
    return {
        "id": record["id"],
        "released": released or record["released"]["date"],
        "name": record["name"],
        "organization": [org["name"] for org in orgs],
        "country": list(dict.fromkeys(c for org in orgs for c in org["country"])),
        "categories": record["categories"],
        "open_weights": "?" if record["open_weights"] is None else record["open_weights"],
        "access": record["access"],
    }


def register(app: typer.Typer) -> None:
    app.command("list")(list_command)
