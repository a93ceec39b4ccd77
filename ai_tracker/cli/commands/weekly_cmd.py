"""`ai-tracker counts` (releases per period and group) and `ai-tracker weekly`, its short form.

`weekly` is `counts --per week --by country`, showing the 8 weeks up to this
week (of --today) when no range is given.
"""

from __future__ import annotations

import dataclasses
import inspect
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ai_tracker.analysis import counting, tallies
from ai_tracker.analysis import coverage as covering
from ai_tracker.analysis import filters as queries
from ai_tracker.analysis.counting import Attribution, By, Per
from ai_tracker.cli.common import (
    category_options,
    complete_category,
    complete_country,
    complete_region,
    country_options,
    load_catalog,
    period_options,
    region_options,
    today_option,
)
from ai_tracker.cli.edge import say
from ai_tracker.cli.filter_options import (
    MonthOption,
    OpenWeightsOption,
    OrgOption,
    SearchOption,
    TodayOption,
    YearOption,
)
from ai_tracker.cli.options import BarsOption, ChartOption, DataDirOption, ForceOption, FormatOption, NoCacheOption
from ai_tracker.collection import coverage as coverage_files
from ai_tracker.errors import UsageError
from ai_tracker.files import atomic
from ai_tracker.output import render
from ai_tracker.output.counts_page import table_view
from ai_tracker.output.views import Bars, Format

WEEKLY_DEFAULT_WEEKS = 8

WeekOpt = Annotated[Optional[str], typer.Option(
    "--week", "-w", metavar="WEEK", help="One ISO week (2026-W07), or this or last week.", show_default=False)]
SinceOpt = Annotated[Optional[str], typer.Option(
    metavar="DATE", help="From the period containing this day (2026-02-12; today, yesterday, 7d, 2w, 3m, 1y: "
    "back from today), or the first day of a month or year.")]
UntilOpt = Annotated[Optional[str], typer.Option(
    metavar="DATE", help="To the period containing this day (or today, 7d, ...), or the last day of a month or "
    "year [default: today].")]
LastOpt = Annotated[Optional[int], typer.Option(
    "--last", min=1, metavar="N", help="The N periods up to this one (or up to --until).")]
ByOpt = Annotated[By, typer.Option("--by", "-b", case_sensitive=False, help="Columns: one per group.")]
CountryOpt = Annotated[Optional[list[str]], typer.Option(
    "--country", "-c", metavar="COUNTRY", help="Country code or name; repeatable. With --by country: the columns, shown even "
    "at 0; otherwise: count only these countries.", autocompletion=complete_country)]
RegionOpt = Annotated[Optional[list[str]], typer.Option(
    "--region", metavar="REGION", help="China, 'United States', Europe or 'Rest of world'; repeatable. With --by region: "
    "the columns; otherwise: count only these regions.", autocompletion=complete_region)]
AttributionOpt = Annotated[Attribution, typer.Option(
    case_sensitive=False, help="each: every country of its organisations (Total counts it once); first: "
    "only the first organisation's first country; parent: each organisation's top parent's country; "
    "wide: also the countries published tallies count an organisation in (organizations.yaml).")]
TopOpt = Annotated[Optional[int], typer.Option(
    "--top", min=1, metavar="N", help="Only the N biggest groups as columns, and Others: the releases of the rest, "
    "each once.", show_default=False)]
ExplainOpt = Annotated[bool, typer.Option("--explain", help="State every counting rule under the table "
                                          "(by default one line names them).")]
SkipEmptyOpt = Annotated[bool, typer.Option("--skip-empty", help="Leave out periods with no release.")]
CategoryOpt = Annotated[Optional[list[str]], typer.Option(
    "--category", metavar="CATEGORY", help="Only this category; repeatable. With --by category: the columns.",
    autocompletion=complete_category)]


def counts_command(
    per: Annotated[Optional[Per], typer.Option(
        "--per", "-p", case_sensitive=False, show_default=False,
        help="Rows: one per period; all: one row per group, its total over the whole range, biggest first "
             "[default: week; all with --top, unless --last].")] = None,
    by: ByOpt = By.country,
    week: WeekOpt = None,
    month: MonthOption = None,
    year: YearOption = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    last: LastOpt = None,
    today: TodayOption = None,
    country: CountryOpt = None,
    region: RegionOpt = None,
    attribution: AttributionOpt = Attribution.each,
    skip_empty: SkipEmptyOpt = False,
    top: TopOpt = None,
    org: OrgOption = None,
    category: CategoryOpt = None,
    open_weights: OpenWeightsOption = None,
    search: SearchOption = None,
    data_dir: DataDirOption = None,
    fmt: FormatOption = None,
    chart: ChartOption = None,
    bars: BarsOption = Bars.stacked,
    explain: ExplainOpt = False,
    force: ForceOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Count releases per week, month, quarter or year, by country, region, organisation or category."""
    run(CountRequest(**locals()))


def weekly_command(**options: Any) -> None:
    """Releases per ISO week and country (counts --per week); the 8 weeks up to this week by default."""
    run(CountRequest(per=Per.week, **options), default_last=WEEKLY_DEFAULT_WEEKS)


# `weekly` takes every option of `counts` but --per: its signature is derived from
# the one declaration above, so the two can never drift apart.
weekly_command.__signature__ = inspect.signature(counts_command, eval_str=True).replace(  # type: ignore[attr-defined]
    parameters=[p for p in inspect.signature(counts_command, eval_str=True).parameters.values() if p.name != "per"])
weekly_command.__annotations__ = {k: v for k, v in typing.get_type_hints(counts_command, include_extras=True).items()
                                  if k != "per"}


@dataclass(frozen=True)
class CountRequest:
    """What `counts` and `weekly` were asked, as typed: one object, not 17 arguments."""

    per: Per | None  # None: week, or all with --top and no --last (`counts --top 5`: who shipped most)
    by: By
    week: str | None
    month: str | None
    year: str | None
    since: str | None
    until: str | None
    last: int | None
    today: str | None
    country: list[str] | None
    region: list[str] | None
    attribution: Attribution
    skip_empty: bool
    top: int | None
    org: list[str] | None
    category: list[str] | None
    open_weights: bool | None
    search: str | None
    data_dir: list[str] | None
    fmt: Format | None
    chart: str | None
    bars: Bars
    explain: bool
    force: bool
    no_cache: bool


def run(ask: CountRequest, *, default_last: int | None = None) -> None:
    # "The top 5" asks for one ranking of the whole range; --last N counts N periods, so weeks.
    per = ask.per or (Per.all if ask.top is not None and ask.last is None else Per.week)
    start, end = resolve_range(ask)
    day = today_option(ask.today)
    chart = chart_target(ask.chart, ask.force)  # before any work: a bad name or an existing file stops here
    codes = country_options(ask.country)
    regions = region_options(ask.region)
    cats = category_options(ask.category)
    catalog = load_catalog(ask.data_dir, no_cache=ask.no_cache)
    queries.check_orgs(catalog.entries, list(ask.org or []))
    filters = queries.Filters(orgs=list(ask.org or []), open_weights=ask.open_weights, search=ask.search,
                              categories=[] if ask.by is By.category else cats)
    chosen = {By.country: codes, By.region: regions, By.category: cats}.get(ask.by, [])
    coverage = coverage_files.of(catalog)
    orgs = covering.orgs_named(catalog.registry.organizations, ask.org or [])
    counts = counting.count(
        queries.select(catalog.entries, filters), per=per, by=ask.by, attribution=ask.attribution,
        columns=chosen, only_countries=[] if ask.by is By.country else codes,
        only_regions=[] if ask.by is By.region else regions,
        since=start, until=end, skip_empty=ask.skip_empty, today=day, judge=covering.judge(coverage, orgs),
        last=ask.last if ask.last is not None else (default_last if start is None and end is None else None))
    if ask.top is not None:
        counts = counting.keep_top(counts, ask.top)
    counts = dataclasses.replace(counts, explain=ask.explain)
    if not counts.rows or (counts.whole and not counts.total and counts.rows[0].known):
        say("no release matches these options")
    # A published tally is of the whole record: set beside an unnarrowed table only.
    narrowed = bool(ask.org or ask.category or ask.search or ask.country or ask.region) or ask.open_weights is not None
    reported = [] if narrowed else tallies.reported(counts, catalog.entries, catalog.registry.sources)
    render.emit(table_view(counts, reported, said=covering.counts_line(counts, coverage, orgs)), ask.fmt)
    if chart is not None:
        drawn = render.renderer("chart").draw(counts, reported, fmt=chart.suffix.lower()[1:], bars=ask.bars.value)
        atomic.write_output(chart, drawn.data, force=ask.force)
        for warning in drawn.warnings:
            say(f"warning: {warning}")
        say(f"wrote the chart to {ask.chart}")


def chart_target(value: str | None, force: bool) -> Path | None:
    """--chart FILE checked: .svg or .png, a file (not a folder), new unless --force;
    and the chart library installed, so that no work is done for nothing."""
    if value is None:
        return None
    if not value:
        raise UsageError("give a file name ending in .svg or .png", option="--chart")
    path = Path(value)
    if path.suffix.lower() not in (".svg", ".png"):
        raise UsageError(f"cannot tell the chart's format from '{value}'; give a file name ending in .svg or .png",
                         option="--chart")
    target = atomic.check_new_output(path, force=force, field="chart")
    render.renderer("chart")
    return target


def resolve_range(ask: CountRequest) -> tuple[Any, Any]:
    """The period asked for (`period_options`: one rule for every command), or
    --last: (start day, end day), either may be None."""

    span = period_options(week=ask.week, month=ask.month, year=ask.year, since=ask.since, until=ask.until,
                          today=ask.today)
    if ask.last is not None and (span.kind is not None or ask.since):
        raise UsageError("--last counts back from today or --until; it cannot be combined "
                         "with --week, --month, --year or --since", option="--last")
    return span.start, span.end


def register(app: typer.Typer) -> None:
    app.command("weekly")(weekly_command)
    app.command("counts")(counts_command)
