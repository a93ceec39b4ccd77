"""`ai-tracker digest`: one week as the article tells it, ready to read or publish.

Sections: the week's releases (one line each), the count table, market
reactions, events, quotes and the sources they come from. `--format markdown`
is a publishable report; json/yaml give the data; csv/tsv the release lines.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ai_tracker.analysis import digest as digest_mod
from ai_tracker.analysis.counting import Attribution, By
from ai_tracker.cli.common import load_catalog, week_option
from ai_tracker.cli.options import DataDirOption, FormatOption, NoCacheOption
from ai_tracker.model.dates import IsoWeek
from ai_tracker.output import digest_page, render


def digest_command(
    week: Annotated[Optional[str], typer.Option(
        "--week", "-w", metavar="WEEK", help="ISO week (2026-W07) [default: the week of the latest release].",
        show_default=False)] = None,
    by: Annotated[By, typer.Option("--by", "-b", case_sensitive=False,
                                   help="Columns of the count table.")] = By.region,
    attribution: Annotated[Attribution, typer.Option(
        case_sensitive=False, help="each: every country of its organisations; "
        "first: only the first organisation's first country; parent: the top parent's; wide: also the "
        "countries published tallies count an organisation in.")] = Attribution.each,
    data_dir: DataDirOption = None,
    fmt: FormatOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """One week's releases, counts, market reactions, events and quotes (markdown: a publishable report)."""

    chosen = week_option(week)
    catalog = load_catalog(data_dir, no_cache=no_cache)
    if chosen is None:
        chosen = IsoWeek.of(max(r.released.date.earliest for r in catalog.releases))
    report = digest_mod.build(catalog.releases, chosen, by=by, attribution=attribution,
                              entries=catalog.entries, shared=catalog.registry.sources)
    names = {r.id: r.name for r in catalog.releases}
    render.emit(digest_page.view(report, names), fmt)


def register(app: typer.Typer) -> None:
    app.command("digest")(digest_command)
