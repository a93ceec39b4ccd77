"""`ai-tracker list`: the releases, filtered and sorted."""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from ai_tracker.cli.common import category_options, country_options, date_range, load_catalog, week_option
from ai_tracker.cli.options import DataDirOption, FormatOption, NoCacheOption


TERMINAL_LIMIT = 50


def list_command(
    country: Annotated[Optional[list[str]], typer.Option(
        "--country", "-c", help="Country code or name; repeat for several.")] = None,
    org: Annotated[Optional[list[str]], typer.Option(
        "--org", "-o", help="Organisation name (part of it, any case); repeatable.")] = None,
    category: Annotated[Optional[list[str]], typer.Option(
        "--category", help="Category (language, coding, video-generation, ...); repeatable.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Released on or after this day (YYYY-MM-DD).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Released on or before this day (YYYY-MM-DD).")] = None,
    week: Annotated[Optional[str], typer.Option(help="Releases counted in this ISO week (2026-W07).")] = None,
    open_weights: Annotated[Optional[bool], typer.Option(
        "--open-weights/--closed", help="Only releases with (or without) open weights.",
        show_default=False)] = None,
    search: Annotated[Optional[str], typer.Option(
        "--search", "-s", help="Text in the name, aliases, organisation or summary.")] = None,
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
    from ai_tracker import queries, render
    from ai_tracker.errors import UsageError

    try:
        sort_key = queries.SortKey(sort)
    except ValueError:
        raise UsageError(f"cannot sort by '{sort}'; expected one of: "
                         f"{', '.join(k.value for k in queries.SortKey)}", option="--sort") from None
    start, end = date_range(since, until)
    filters = queries.Filters(
        countries=country_options(country), orgs=list(org or []), categories=category_options(category),
        since=start, until=end, week=week_option(week), open_weights=open_weights, search=search)
    catalog = load_catalog(data_dir, no_cache=no_cache)
    releases = queries.order(queries.select(catalog.entries, filters), sort_key, reverse=reverse)
    chosen = render.resolve_format(fmt)
    if limit is None and chosen is render.Format.table:
        limit = TERMINAL_LIMIT  # a screenful, as gh does; pipes and machine formats get every row
    shown = releases if not limit else releases[:limit]
    records = [e.record for e in shown]
    if chosen in render.MACHINE_FORMATS:  # no table rows to build
        render.emit_records(records, chosen)
        return
    view = render.TableView(columns=COLUMNS, rows=[row(r) for r in records], records=records)
    if len(shown) < len(releases):
        view.notes.append(f"showing {len(shown)} of {len(releases)} releases; --limit 0 shows all")
    render.emit(view, chosen)


def _columns() -> list:
    from ai_tracker.render import Column

    return [
        Column("released", "Released", wrap=False),
        Column("name", "Name"),
        Column("organization", "Organization"),
        Column("country", "Country"),
        Column("categories", "Categories"),
        Column("open_weights", "Open weights"),
        Column("access", "Access"),
    ]


COLUMNS = _columns()


def row(record: dict[str, Any]) -> dict[str, Any]:
    """One release record (as `schema.record` makes it) as a row of the list."""
    orgs = record["organization"]
    return {
        "released": record["released"]["date"],
        "name": record["name"],
        "organization": [org["name"] for org in orgs],
        "country": list(dict.fromkeys(c for org in orgs for c in org["country"])),
        "categories": record["categories"],
        "open_weights": "?" if record["open_weights"] is None else record["open_weights"],
        "access": record["access"],
    }


def register(app: typer.Typer) -> None:
    app.command("list")(list_command)
