"""`ai-tracker orgs`: the organisations of the registry; `orgs show ORG`: one of them."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ai_tracker.analysis import organizations
from ai_tracker.cli.common import load_catalog
from ai_tracker.cli.options import DataDirOption, FormatOption, NoCacheOption
from ai_tracker.output import render
from ai_tracker.output.document import Document, Entry, Section, print_rich, to_markdown, to_plain
from ai_tracker.output.views import Column, PageView, TableView
from ai_tracker.output.wording import country_label

orgs_app = typer.Typer(name="orgs", help="The organisations of the registry.", rich_markup_mode=None,
                       invoke_without_command=True)

# On a narrow terminal the listings go first, then kind, parent and the first release.
COLUMNS = [Column("id", "Id"), Column("name", "Name"), Column("country", "Country", short="Ctry"),
           Column("kind", "Kind", drop=2), Column("parent", "Parent", drop=3), Column("listings", "Listed", drop=1),
           Column("releases", "Releases", justify="right", short="Rel."),
           Column("first", "First", wrap=False, drop=4), Column("last", "Last", wrap=False)]


@orgs_app.callback()
def orgs_command(ctx: typer.Context, data_dir: DataDirOption = None, fmt: FormatOption = None,
                 no_cache: NoCacheOption = False) -> None:
    """List the organisations: country, kind, parent, listings and their releases."""
    if ctx.invoked_subcommand is not None:
        return
    catalog = load_catalog(data_dir, no_cache=no_cache)
    found = organizations.every(catalog)
    rows = [_row(o) for o in found]
    render.emit(TableView(columns=COLUMNS, rows=rows,
                          records=[{"id": o.id, **o.record, "releases": [r[0] for r in o.releases]} for o in found]),
                fmt)


def _row(org: organizations.Organization) -> dict[str, Any]:
    data = org.record
    return {"id": org.id, "name": data["name"], "country": data["country"], "kind": data.get("kind"),
            "parent": data.get("parent"), "listings": [listing["exchange"] for listing in data["listings"]],
            "releases": len(org.releases), "first": org.first, "last": org.last}


@orgs_app.command("show")
def show_command(
    name: Annotated[str, typer.Argument(metavar="ORG", show_default=False,
                                        help="Its id, name or alias, any case or script (zhipu-ai, 智谱).")],
    data_dir: DataDirOption = None,
    fmt: FormatOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """One organisation: its facts, its releases over time, its market reactions."""
    catalog = load_catalog(data_dir, no_cache=no_cache)
    org = organizations.find(catalog, name)
    reactions = organizations.reactions(catalog, org)
    page = _page(org, reactions)
    record = {"id": org.id, **org.record, "releases": [r[0] for r in org.releases], "market_reactions": reactions}
    rows = [{"release": r[0], "name": r[1], "released": r[2]} for r in org.releases]
    table = TableView(columns=[Column("release", "Release"), Column("name", "Name"), Column("released", "Released")],
                      rows=rows)
    render.emit(PageView(text=lambda markdown: to_markdown(page) if markdown else to_plain(page),
                         rich=lambda console: print_rich(page, console), records=record, table=table), fmt)


def _page(org: organizations.Organization, reactions: list[dict[str, Any]]) -> Document:
    data = org.record
    sources = list(data["sources"])
    number = {s["id"]: i + 1 for i, s in enumerate(sources)}

    def ref(source_id: str | None) -> list[int]:
        return [number[source_id]] if source_id in number else []

    facts = [Entry(f"{country_label(data['country'])}", ref(data.get("country_source")), label="Country",
                   details=[data["country_note"]] if data.get("country_note") else [])]
    facts += [Entry(f"{country_label(c['country'])}: {c['rule']}", ref(c.get("source")), label="Also counted in")
              for c in data["also_counted_in"]]
    for label, key in (("Also known as", "aliases"),):
        if data[key]:
            facts.append(Entry(", ".join(data[key]), label=label))
    for label, key in (("Kind", "kind"), ("Part of", "parent"), ("Website", "website")):
        if data.get(key):
            facts.append(Entry(str(data[key]), label=label))
    facts += [Entry(" ".join(filter(None, [listing["exchange"], listing.get("ticker"),
                                           f"since {listing['listed']}" if listing.get("listed") else None])),
                    ref(listing["source"]), label="Listed") for listing in data["listings"]]
    releases = [Entry(f"{released}: {name} ({rid})") for rid, name, released in org.releases]
    moves = [Entry(f"{r['date']}: {r['company']}" + (f" ({r['listing']})" if r.get("listing") else "")
                   + (f" {r['change_percent']:+g}%" if r.get("change_percent") is not None else "")
                   + f", with {r['release']}", details=[r["note"]] if r.get("note") else [])
             for r in reactions]
    cited = [Entry(", ".join(filter(None, [s["title"], s.get("publisher"), s.get("date"), s.get("url")])))
             for s in sources]
    return Document(title=data["name"], subtitle=f"id: {org.id}", sections=[
        Section("", facts, "fields"),
        Section(f"Releases ({len(org.releases)})", releases),
        Section("Market reactions", moves),
        Section("Sources", cited, "sources"),
    ])


def register(app: typer.Typer) -> None:
    app.add_typer(orgs_app, name="orgs")
