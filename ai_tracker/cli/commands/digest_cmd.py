"""`ai-tracker digest`: one week (or month, year, any range) as the article tells it,
ready to read or publish.

Sections: the week's releases (one line each), the count table, market
reactions, events, quotes and the sources they come from. `--format markdown`
is a publishable report; json/yaml give the data; csv/tsv the release lines.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from ai_tracker.analysis import counting
from ai_tracker.analysis import coverage as covering
from ai_tracker.analysis import digest as digest_mod
from ai_tracker.analysis import filters as queries
from ai_tracker.analysis.counting import Attribution, By
from ai_tracker.analysis.filters import Filters
from ai_tracker.cli.common import load_catalog, today_option
from ai_tracker.cli.filter_options import with_filters
from ai_tracker.cli.options import DataDirOption, FormatOption, NoCacheOption
from ai_tracker.collection import coverage as coverage_files
from ai_tracker.errors import UsageError
from ai_tracker.model.dates import FuzzyDate, IsoWeek
from ai_tracker.output import digest_page, render

if TYPE_CHECKING:
    from ai_tracker.collection.catalog import Entry


@with_filters
def digest_command(
    filters: Filters,
    by: Annotated[By, typer.Option("--by", "-b", case_sensitive=False,
                                   help="Columns of the count table.")] = By.region,
    attribution: Annotated[Attribution, typer.Option(
        case_sensitive=False, help="each: every country of its organisations; "
        "first: only the first organisation's first country; parent: the top parent's; wide: also the "
        "countries published tallies count an organisation in.")] = Attribution.each,
    explain: Annotated[bool, typer.Option("--explain", help="State every counting rule under the count table "
                                          "(by default one line names them).")] = False,
    data_dir: DataDirOption = None,
    fmt: FormatOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """A week's, month's, year's or any range's releases, counts, market reactions, events and quotes
    (markdown: a publishable report); the last whole week before today's by default.

    The filters are list's; the published tallies are set beside an unfiltered digest only.
    """

    catalog = load_catalog(data_dir, no_cache=no_cache)
    queries.check_orgs(catalog.entries, filters.orgs)
    # The period picks the lines and counts; the other filters pick the releases, whose
    # events may fall in the period even when they were released before it.
    others = dataclasses.replace(filters, since=None, until=None, period_kind=None, today=None)
    today = filters.today or today_option(None)
    selected = queries.select(catalog.entries, others)
    narrowed = others != queries.Filters()
    if not selected:
        raise UsageError("no release matches these options")
    whole = False
    if filters.period_kind is not None and filters.since is not None:
        period = counting.period_of(counting.Per(filters.period_kind), filters.since)
    elif filters.since is not None or filters.until is not None:
        start = filters.since or min(e.released_on.earliest for e in selected)
        end = min(filters.until or today, today)  # an open end is today: never a day still to come
        period, whole = counting.Period(start, end, counting.Per.week, f"{start}..{end}"), True
    else:  # a round-up is of a finished week: the last one before today's
        period = counting.week_period(IsoWeek.of(today - dt.timedelta(days=7)))
    # Models only of the releases the digest can name: released in the period, or with an
    # event in it (a week's news is often about an older model). Building all of them cost
    # 2.2 GB for 100,000 releases; the others cannot change a line of the digest.
    releases = catalog.models([e for e in selected if e.released_on.overlaps(period.start, period.end)
                               or _has_event_in(e, period)])
    coverage = coverage_files.of(catalog)
    orgs = covering.orgs_named(catalog.registry.organizations, filters.orgs)
    # An open end (no --until) reaches to today: say where the coverage ends, once.
    past = covering.past(coverage, today, orgs) if whole and filters.until is None else None
    report = digest_mod.build(releases, period, by=by, attribution=attribution, whole=whole,
                              entries=None if narrowed else catalog.entries, shared=catalog.registry.sources,
                              today=today, judge=covering.judge(coverage, orgs), past=past, explain=explain)
    names = {e.id: e.name for e in catalog.entries}
    render.emit(digest_page.view(report, names), fmt)


def _has_event_in(entry: Entry, period: counting.Period) -> bool:
    """Has the release an event whose date may fall in the period (its record looked at,
    not kept)?"""
    return any(FuzzyDate.parse(event["date"]).overlaps(period.start, period.end) for event in entry.peek()["events"])


def register(app: typer.Typer) -> None:
    app.command("digest")(digest_command)
