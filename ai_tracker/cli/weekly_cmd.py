"""`ai-tracker counts` (releases per period and group) and `ai-tracker weekly`, its short form.

`weekly` is `counts --per week --by country`, showing the 8 weeks up to the
latest release when no range is given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from ai_tracker.cli.common import category_options, country_options, date_range, load_catalog, week_option
from ai_tracker.cli.filter_options import OpenWeightsOption, OrgOption, SearchOption
from ai_tracker.cli.options import DataDirOption, FormatOption, NoCacheOption
from ai_tracker.choices import Attribution, By, Per

if TYPE_CHECKING:
    from rich.table import Table

    from ai_tracker.counting import Counts
    from ai_tracker.render import Format, TableView

WEEKLY_DEFAULT_WEEKS = 8

WeekOpt = Annotated[Optional[str], typer.Option(
    "--week", "-w", metavar="WEEK", help="One ISO week (2026-W07).", show_default=False)]
SinceOpt = Annotated[Optional[str], typer.Option(
    metavar="DATE", help="From the period containing this day (2026-02-12), or the first day of a month or year.")]
UntilOpt = Annotated[Optional[str], typer.Option(
    metavar="DATE", help="To the period containing this day, or the last day of a month or year.")]
LastOpt = Annotated[Optional[int], typer.Option(
    "--last", "-n", min=1, metavar="N", help="The N periods up to the latest release (or up to --until).")]
ByOpt = Annotated[By, typer.Option("--by", "-b", case_sensitive=False, help="Columns: one per group.")]
CountryOpt = Annotated[Optional[list[str]], typer.Option(
    "--country", "-c", metavar="COUNTRY", help="Country code or name; repeatable. With --by country: the columns, shown even "
    "at 0; otherwise: count only these countries.")]
RegionOpt = Annotated[Optional[list[str]], typer.Option(
    "--region", metavar="REGION", help="China, 'United States', Europe or 'Rest of world'; repeatable. With --by region: "
    "the columns; otherwise: count only these regions.")]
AttributionOpt = Annotated[Attribution, typer.Option(
    case_sensitive=False, help="each: a release of several countries counts for each (Total counts it "
    "once); first: only its first organisation's first country.")]
SkipEmptyOpt = Annotated[bool, typer.Option("--skip-empty", help="Leave out periods with no release.")]
CategoryOpt = Annotated[Optional[list[str]], typer.Option(
    "--category", metavar="CATEGORY", help="Only this category; repeatable. With --by category: the columns.")]


def counts_command(
    per: Annotated[Per, typer.Option("--per", "-p", case_sensitive=False, help="Rows: one per period.")] = Per.week,
    by: ByOpt = By.country,
    week: WeekOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    last: LastOpt = None,
    country: CountryOpt = None,
    region: RegionOpt = None,
    attribution: AttributionOpt = Attribution.each,
    skip_empty: SkipEmptyOpt = False,
    org: OrgOption = None,
    category: CategoryOpt = None,
    open_weights: OpenWeightsOption = None,
    search: SearchOption = None,
    data_dir: DataDirOption = None,
    fmt: FormatOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Count releases per week, month, quarter or year, by country, region, organisation or category."""
    run(per, by, week, since, until, last, country, region, attribution, skip_empty, org, category,
        open_weights, search, data_dir, fmt, no_cache, default_last=None)


def weekly_command(
    week: WeekOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    last: LastOpt = None,
    by: ByOpt = By.country,
    country: CountryOpt = None,
    region: RegionOpt = None,
    attribution: AttributionOpt = Attribution.each,
    skip_empty: SkipEmptyOpt = False,
    org: OrgOption = None,
    category: CategoryOpt = None,
    open_weights: OpenWeightsOption = None,
    search: SearchOption = None,
    data_dir: DataDirOption = None,
    fmt: FormatOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Releases per ISO week and country (counts --per week); the 8 weeks up to the latest release by default."""
    run(Per.week, by, week, since, until, last, country, region, attribution, skip_empty, org, category,
        open_weights, search, data_dir, fmt, no_cache, default_last=WEEKLY_DEFAULT_WEEKS)


def run(per: Per, by: By, week: str | None, since: str | None, until: str | None, last: int | None,
        country: list[str] | None, region: list[str] | None, attribution: Attribution, skip_empty: bool,
        org: list[str] | None, category: list[str] | None, open_weights: bool | None, search: str | None,
        data_dir: Any, fmt: Format | None, no_cache: bool, *, default_last: int | None) -> None:
    from ai_tracker import counting, queries, render
    from ai_tracker.cli.edge import say

    start, end = resolve_range(week, since, until, last)
    codes = country_options(country)
    regions = region_options(region)
    cats = category_options(category)
    catalog = load_catalog(data_dir, no_cache=no_cache)
    filters = queries.Filters(orgs=list(org or []), open_weights=open_weights, search=search,
                              categories=[] if by is By.category else cats)
    chosen = {By.country: codes, By.region: regions, By.category: cats}.get(by, [])
    counts = counting.count(
        queries.select(catalog.entries, filters), per=per, by=by, attribution=attribution,
        columns=chosen, only_countries=[] if by is By.country else codes,
        only_regions=[] if by is By.region else regions,
        since=start, until=end, skip_empty=skip_empty,
        last=last if last is not None else (default_last if start is None and end is None else None))
    if not counts.rows:
        say("no release matches these options")
    chosen_fmt = render.resolve_format(fmt)
    if chosen_fmt is render.Format.table:
        if counts.rows:
            print_rich(counts, title(counts))
    else:
        render.emit(table_view(counts, chosen_fmt), chosen_fmt)


def resolve_range(week: str | None, since: str | None, until: str | None,
                  last: int | None) -> tuple[Any, Any]:
    """--week or --since/--until (or --last), checked: (start day, end day), either may be None."""
    from ai_tracker.errors import UsageError

    parsed = week_option(week)
    if parsed is not None and (since or until):
        raise UsageError("give either --week or --since/--until, not both", option="--week")
    if last is not None and (parsed is not None or since):
        raise UsageError("--last counts back from the latest release or --until; it cannot be combined "
                         "with --week or --since", option="--last")
    if parsed is not None:
        return parsed.start, parsed.end
    return date_range(since, until)


def region_options(values: list[str] | None, option: str = "--region") -> list[str]:
    """Region names as typed ('europe', 'US', 'rest') to their canonical names."""
    from ai_tracker import countries
    from ai_tracker.errors import UsageError

    names = []
    for value in values or []:
        name = countries.region_named(value)
        if name is None:
            raise UsageError(f"unknown region '{value}'; expected one of: {', '.join(countries.REGIONS)}",
                             option=option)
        names.append(name)
    return names


def title(counts: Counts) -> str:
    per, by = counts.per.value, counts.by.value
    what = f"Releases per {per} by {by}"
    if counts.span is None:
        return what
    first, last = counts.span[0].label, counts.span[1].label
    return f"{what}, {first}" if first == last else f"{what}, {first} to {last}"


def table_view(counts: Counts, fmt: Format) -> TableView:
    """The shared-format view: period, dates, one column per group, Total, Approx.

    Human formats (plain, markdown) get a Total row; csv/tsv keep data rows
    only, so every line is one period; json/yaml get `counts.records()`.
    """
    from ai_tracker.render import Column, Format, TableView

    columns = [Column("period", counts.per.value.capitalize(), wrap=False),
               Column("start", "Start", wrap=False), Column("end", "End", wrap=False)]
    columns += [Column(f"c{i}", key, justify="right") for i, key in enumerate(counts.columns)]
    columns += [Column("total", "Total", justify="right"), Column("approximate", "Approx.", justify="right")]
    rows = []
    for row in counts.rows:
        cells: dict[str, Any] = {"period": row.period.label, "start": row.period.start.isoformat(),
                                 "end": row.period.end.isoformat(), "total": row.total,
                                 "approximate": row.approximate}
        cells.update({f"c{i}": row.counts[key] for i, key in enumerate(counts.columns)})
        rows.append(cells)
    if len(counts.rows) > 1 and fmt in (Format.plain, Format.markdown):
        totals = counts.totals
        rows.append({"period": "Total", "total": counts.total, "approximate": counts.approximate,
                     **{f"c{i}": totals[key] for i, key in enumerate(counts.columns)}})
    return TableView(columns=columns, rows=rows, records=counts.records(), title=title(counts),
                     notes=counts.notes())


SPARKS = "▁▂▃▄▅▆▇█"
MAX_SPARK = 26


def sparkline(values: list[int], width: int = MAX_SPARK) -> str:
    """One character per value (values summed into `width` buckets when there are more).

    0 is the lowest bar; any release at all shows at least the second, so a
    quiet week is never confused with an empty one.
    """
    if len(values) > width:
        size = -(-len(values) // width)  # ceiling division
        values = [sum(values[i:i + size]) for i in range(0, len(values), size)]
    top = max(values, default=0)
    if top == 0:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[0] if v == 0 else SPARKS[max(1, round(v / top * (len(SPARKS) - 1)))]
                   for v in values)


def rich_table(counts: Counts, heading: str) -> Table:
    """The terminal table: counts, a Total column and row, and a trend sparkline per column.

    The Approx. column shows only when some count is approximate (the note under
    the table says "none" otherwise): on an 80-column terminal the counts need the width.
    """
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from ai_tracker.dates import FuzzyDate
    from ai_tracker.render import clean

    # As render's tables: a rule under the header only; headers fold ("United / States")
    # rather than end in "…", and short header words stay whole ("States", not "State/s").
    table = Table(title=Text(clean(heading)) if heading else None, title_justify="left", header_style="bold",
                  box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column(Text(counts.per.value.capitalize()), no_wrap=True)
    table.add_column(Text("Dates"), no_wrap=True, style="dim")
    approx = counts.approximate > 0
    headers = [*(clean(k) for k in counts.columns), "Total", *(["Approx."] * approx)]
    for header in headers:
        word = min(max((len(w) for w in header.split()), default=1), 8)
        table.add_column(Text(header), justify="right", overflow="fold", min_width=word,
                         style="bold" if header == "Total" and header not in counts.columns else None)

    def num(value: int) -> Text:
        return Text(str(value), style="dim" if value == 0 else "")

    many = len(counts.rows) > 1
    for i, row in enumerate(counts.rows):
        dates = FuzzyDate(row.period.start, row.period.end, "window").compact()  # 2026-02-09..15
        table.add_row(Text(row.period.label), Text(dates),
                      *(num(row.counts[k]) for k in counts.columns), num(row.total),
                      *([num(row.approximate)] * approx), end_section=many and i == len(counts.rows) - 1)
    if many:
        totals = counts.totals
        table.add_row(Text("Total", style="bold"), Text(""),
                      *(Text(str(totals[k]), style="bold") for k in counts.columns),
                      Text(str(counts.total), style="bold"), *([num(counts.approximate)] * approx))
        table.add_row(Text("Trend", style="dim"), Text(""),
                      *(Text(sparkline([r.counts[k] for r in counts.rows]), style="cyan")
                        for k in counts.columns),
                      Text(sparkline([r.total for r in counts.rows]), style="cyan"), *([Text("")] * approx))
    return table


def print_rich(counts: Counts, heading: str) -> None:
    from rich.text import Text

    from ai_tracker.render import clean, make_console

    console = make_console()
    console.print(rich_table(counts, heading))
    for note in counts.notes():
        console.print(Text(clean(note), style="dim"))


def register(app: typer.Typer) -> None:
    app.command("weekly")(weekly_command)
    app.command("counts")(counts_command)
