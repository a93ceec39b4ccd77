"""The options that narrow the collection (`list`'s filters), declared once for every command
that selects releases the same way (`list`, `export`; `counts` reuses some).

Use the decorator: the command takes `filters: Filters` and gets every filter option,
parsed and checked, as sqlite-utils' `output_options` gives every command the same
output options:
    @with_filters
    def cmd(filters: Filters, data_dir: DataDirOption = None) -> None: ...
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from typing import Annotated, Any, Optional

import typer

from ai_tracker.analysis import filters as queries
from ai_tracker.analysis.filters import Filters
from ai_tracker.cli.common import (
    category_options,
    complete_category,
    complete_country,
    complete_region,
    country_options,
    period_options,
    region_options,
    today_option,
)

CountryOption = Annotated[Optional[list[str]], typer.Option(
    "--country", "-c", metavar="COUNTRY", help="Country code or name; repeat for several.",
    autocompletion=complete_country)]
OrgOption = Annotated[Optional[list[str]], typer.Option(
    "--org", metavar="ORG", help="Organisation name (part of it, any case); repeatable.")]
CategoryOption = Annotated[Optional[list[str]], typer.Option(
    "--category", metavar="CATEGORY", help="Category (language, coding, video-generation, ...); repeatable.",
    autocompletion=complete_category)]
SinceOption = Annotated[Optional[str], typer.Option(
    metavar="DATE", help="Released on or after this day, month or year (2026-02-12, 2026-02, 2026), or today, "
    "yesterday, 7d, 2w, 3m, 1y (back from today).")]
UntilOption = Annotated[Optional[str], typer.Option(
    metavar="DATE", help="Released on or before this day, month or year (to its last day), or today, yesterday, "
    "7d, 2w, 3m, 1y.")]
WeekOption = Annotated[Optional[str], typer.Option(
    "--week", "-w", metavar="WEEK", help="Released in this ISO week (2026-W07), or this or last week.")]
MonthOption = Annotated[Optional[str], typer.Option(
    "--month", metavar="MONTH", help="Released in this month (2025-01), or this or last month.")]
YearOption = Annotated[Optional[str], typer.Option(
    "--year", metavar="YEAR", help="Released in this year (2025), or this or last year.")]
TodayOption = Annotated[Optional[str], typer.Option(
    "--today", metavar="DATE", help="The day every default period, 'this', 'last' and 7d count from, for "
    "reproducible reports [default: $AI_TRACKER_TODAY, else today].", show_default=False)]
RegionOption = Annotated[Optional[list[str]], typer.Option(
    "--region", metavar="REGION", help="China, 'United States', Europe or 'Rest of world'; repeatable.",
    autocompletion=complete_region)]
OpenWeightsOption = Annotated[Optional[bool], typer.Option(
    "--open-weights/--closed", help="Only releases with (or without) open weights.",
    show_default=False)]
SearchOption = Annotated[Optional[str], typer.Option(
    "--search", "-s", metavar="TEXT", help="Text in the name, aliases, organisation or summary.")]


def make_filters(country: list[str] | None, region: list[str] | None, org: list[str] | None,
                 category: list[str] | None, week: str | None, month: str | None, year: str | None,
                 since: str | None, until: str | None, today: str | None, open_weights: bool | None,
                 search: str | None) -> Filters:
    """The typed option values as `queries.Filters`; UsageError naming the bad option.
    A week, month or year is its first to its last day (`period_options`: one rule)."""

    span = period_options(week=week, month=month, year=year, since=since, until=until, today=today)
    return queries.Filters(
        countries=country_options(country), regions=region_options(region), orgs=list(org or []),
        categories=category_options(category), since=span.start, until=span.end, period_kind=span.kind,
        open_weights=open_weights, search=search, today=today_option(today))


_FILTERS: dict[str, Any] = {
    "country": CountryOption, "region": RegionOption, "org": OrgOption, "category": CategoryOption,
    "week": WeekOption, "month": MonthOption, "year": YearOption, "since": SinceOption,
    "until": UntilOption, "today": TodayOption, "open_weights": OpenWeightsOption, "search": SearchOption,
}


def with_filters(command: Callable[..., None]) -> Callable[..., None]:
    """The command with every filter option in front of its own, and `filters` given to it."""
    own = inspect.signature(command, eval_str=True)
    hints = typing.get_type_hints(command, include_extras=True)

    @functools.wraps(command)
    def run(**options: Any) -> None:
        typed = {name: options.pop(name) for name in _FILTERS}
        command(filters=make_filters(**typed), **options)

    added = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation)
             for name, annotation in _FILTERS.items()]
    kept = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own.parameters.values() if p.name != "filters"]
    run.__signature__ = own.replace(parameters=added + kept)  # type: ignore[attr-defined]
    run.__annotations__ = {**_FILTERS, **{k: v for k, v in hints.items() if k != "filters"}}
    del run.__wrapped__  # Typer must read the signature above, not the command's own
    return run
