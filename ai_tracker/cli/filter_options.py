"""The options that narrow the collection (`list`'s filters), declared once for every command
that selects releases the same way (`list`, `export`; `counts` reuses some).

Use: add the parameters with these types and pass them to `make_filters`:

    def cmd(country: CountryOption = None, org: OrgOption = None, category: CategoryOption = None,
            since: SinceOption = None, until: UntilOption = None, week: WeekOption = None,
            open_weights: OpenWeightsOption = None, search: SearchOption = None) -> None:
        filters = make_filters(country, org, category, since, until, week, open_weights, search)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ai_tracker.analysis import filters as queries
from ai_tracker.cli.common import (
    category_options,
    country_options,
    date_range,
    week_option,
)

if TYPE_CHECKING:
    from ai_tracker.analysis.filters import Filters

CountryOption = Annotated[Optional[list[str]], typer.Option(
    "--country", "-c", metavar="COUNTRY", help="Country code or name; repeat for several.")]
OrgOption = Annotated[Optional[list[str]], typer.Option(
    "--org", metavar="ORG", help="Organisation name (part of it, any case); repeatable.")]
CategoryOption = Annotated[Optional[list[str]], typer.Option(
    "--category", metavar="CATEGORY", help="Category (language, coding, video-generation, ...); repeatable.")]
SinceOption = Annotated[Optional[str], typer.Option(
    metavar="DATE", help="Released on or after this day, month or year (2026-02-12, 2026-02, 2026).")]
UntilOption = Annotated[Optional[str], typer.Option(
    metavar="DATE", help="Released on or before this day, month or year (to its last day).")]
WeekOption = Annotated[Optional[str], typer.Option(metavar="WEEK", help="Releases counted in this ISO week (2026-W07).")]
OpenWeightsOption = Annotated[Optional[bool], typer.Option(
    "--open-weights/--closed", help="Only releases with (or without) open weights.",
    show_default=False)]
SearchOption = Annotated[Optional[str], typer.Option(
    "--search", "-s", metavar="TEXT", help="Text in the name, aliases, organisation or summary.")]


def make_filters(country: list[str] | None, org: list[str] | None, category: list[str] | None,
                 since: str | None, until: str | None, week: str | None, open_weights: bool | None,
                 search: str | None) -> Filters:
    """The typed option values as `queries.Filters`; UsageError naming the bad option."""

    start, end = date_range(since, until)
    return queries.Filters(
        countries=country_options(country), orgs=list(org or []), categories=category_options(category),
        since=start, until=end, week=week_option(week), open_weights=open_weights, search=search)
