"""Counting releases per period and per group: the engine of `weekly`, `counts` and `digest`.

The rules, stated once here and under every count table:

- Periods are ISO 8601 weeks (Monday to Sunday, `2026-W07`; 2025-12-29 is in
  2026-W01), calendar months (`2026-02`), quarters (`2026-Q1`) or years.
- A release counts in the period of its `released` date, placed by the
  earliest day that date allows. A date that fits inside one period (a day,
  a window inside one week, a month in a month count) is exact there. A date
  that spans several periods (a window across weeks, a month-only or
  year-only date in a week count) is counted in its earliest period and
  marked approximate; every table says how many counts are approximate.
- Attribution `each`: a release counts once in each of its groups (each
  country of its organisations, each region, organisation or category); the
  total counts it once, so the columns may add up to more than the total.
  Attribution `first`: only the first organisation's first country (or the
  first organisation, or the first category) counts.
- Columns asked for (`--country`, `--region`, `--category` matching `--by`)
  show even at 0; with `--by region` every region shows. Periods in the range
  with no release are rows of zeros unless `skip_empty`.

No Rich, no Typer, no printing: `count` returns plain dataclasses that the CLI
renders and `Counts.records()` turns into JSON-ready data.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from ai_tracker.errors import UsageError
from ai_tracker.model import countries
from ai_tracker.model.dates import FuzzyDate, IsoWeek
from ai_tracker.model.protocol import ReleaseLike

if TYPE_CHECKING:
    pass

# A period's coverage (see collection/coverage.py): what its count can be trusted for.
COVERED, PARTIAL, NOT_COVERED = "covered", "partial", "not covered"
# The level of the days from one day to another (collection.coverage.Coverage.level, for the
# organisations counted): given to `count`, so that a period the record does not cover is
# never a row of zeros.
Judge = Callable[[dt.date, dt.date], str]


class Per(str, Enum):
    """The periods `counts` groups by."""

    week = "week"
    month = "month"
    quarter = "quarter"
    year = "year"
    all = "all"  # the whole range as one period: a ranking of the groups (`count_range`)


class By(str, Enum):
    """The columns `counts` splits into."""

    country = "country"
    region = "region"
    organization = "organization"
    category = "category"


class Attribution(str, Enum):
    """How a release by organisations of several countries is counted."""

    each = "each"  # every country of every organisation (the record's convention)
    first = "first"  # the first organisation's first country, as some published tallies count
    parent = "parent"  # each organisation's top parent's country (DAMO Academy -> Alibaba Group)
    wide = "wide"  # each organisation's country and every other a published tally counts it in


# --------------------------------------------------------------------------- periods

@dataclass(frozen=True, order=True)
class Period:
    """One week, month, quarter or year; ordered by its first day."""

    start: dt.date
    end: dt.date
    per: Per = field(compare=False)
    label: str = field(compare=False)

    def next(self) -> Period:
        return period_of(self.per, self.end + dt.timedelta(days=1))

    def previous(self) -> Period:
        return period_of(self.per, self.start - dt.timedelta(days=1))


def period_of(per: Per, day: dt.date) -> Period:
    """The period of `per` kind that contains `day`."""
    if per is Per.week:
        week = IsoWeek.of(day)
        return Period(week.start, week.end, per, str(week))
    if per is Per.month:
        first, last = day.month, day.month
        label = f"{day.year}-{day.month:02d}"
    elif per is Per.quarter:
        first = (day.month - 1) // 3 * 3 + 1
        last = first + 2
        label = f"{day.year}-Q{(first - 1) // 3 + 1}"
    else:
        first, last = 1, 12
        label = str(day.year)
    end_day = calendar.monthrange(day.year, last)[1]
    return Period(dt.date(day.year, first, 1), dt.date(day.year, last, end_day), per, label)


def week_period(week: IsoWeek) -> Period:
    return Period(week.start, week.end, Per.week, str(week))


def place(date: FuzzyDate, per: Per) -> tuple[Period, bool]:
    """(period, approximate): the period of the earliest possible day, and whether
    the date could also fall in a later period."""
    period = period_of(per, date.earliest)
    return period, date.latest > period.end


# --------------------------------------------------------------------------- groups

def attributed_countries(release: ReleaseLike, attribution: Attribution) -> list[str]:
    """The countries a release counts for, by the rule named (see `Attribution`); the
    countries come from the registry, through the release's organisations."""
    if attribution is Attribution.each:
        return release.countries
    if attribution is Attribution.first:
        return [release.organization[0].country[0]]
    if attribution is Attribution.parent:
        return list(dict.fromkeys(o.parent_country or c for o in release.organization for c in o.country))
    return list(dict.fromkeys([*release.countries, *(c for o in release.organization for c in o.also_counted_in)]))


def _group_keys(release: ReleaseLike, by: By, attribution: Attribution,
                allowed: CountryTest) -> list[str]:
    """The groups (columns) a release counts in, before the columns asked for are applied."""
    home = [c for c in attributed_countries(release, attribution) if allowed(c)]
    if not home:
        return []
    if by is By.country:
        return home
    if by is By.region:
        return list(dict.fromkeys(countries.region_of(c) for c in home))
    if by is By.organization:
        orgs = release.organization if attribution is Attribution.each else release.organization[:1]
        # With a country restriction, an organisation counts only if it is from one of those countries.
        return list(dict.fromkeys(o.name for o in orgs if any(allowed(c) for c in o.country)))
    cats = release.categories if attribution is Attribution.each else release.categories[:1]
    return list(dict.fromkeys(cats))


class CountryTest:
    """Which countries a count keeps: those given (if any) and in the regions given (if any)."""

    def __init__(self, codes: Collection[str] = (), regions: Collection[str] = ()) -> None:
        self.codes = set(codes)
        self.regions = set(regions)

    def __call__(self, code: str) -> bool:
        return ((not self.codes or code in self.codes)
                and (not self.regions or countries.region_of(code) in self.regions))

    def __bool__(self) -> bool:
        return bool(self.codes or self.regions)


# --------------------------------------------------------------------------- counting

@dataclass(frozen=True)
class Placed:
    """One release as counted: its period, whether that is approximate, and its columns."""

    release: ReleaseLike
    period: Period
    approximate: bool
    keys: tuple[str, ...]


@dataclass
class Row:
    period: Period
    counts: dict[str, int]  # every column, in column order, zeros included
    total: int  # releases in the period, each once
    approximate: int  # of those, how many are placed approximately
    releases: list[Placed] = field(default_factory=list)
    coverage: str = COVERED  # not covered: the counts above are unknown (kept at 0, written as null)
    to_date: bool = False  # the period holds today: counted to date

    @property
    def known(self) -> bool:
        return self.coverage != NOT_COVERED

    def record(self) -> dict[str, Any]:
        known = self.known
        return {
            self.period.per.value: self.period.label,
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "counts": {k: v if known else None for k, v in self.counts.items()},
            "total": self.total if known else None,
            "approximate": self.approximate if known else None,
            "coverage": self.coverage,
            "to_date": self.to_date,
        }


@dataclass
class Counts:
    per: Per
    by: By
    attribution: Attribution
    columns: list[str]
    rows: list[Row]
    span: tuple[Period, Period] | None = None  # first and last period of the range, before skip_empty
    widened: tuple[dt.date, dt.date] | None = None  # the range asked for, when the periods cover more
    others: int = 0  # how many groups the Others column stands for (see `keep_top`)
    whole: bool = False  # one row for a range of days, not per period (`count_range`)
    explain: bool = False  # the notes state every counting rule (--explain), not one line naming them

    @property
    def totals(self) -> dict[str, int]:
        return {c: sum(r.counts[c] for r in self.rows) for c in self.columns}

    @property
    def total(self) -> int:
        return sum(r.total for r in self.rows)

    @property
    def approximate(self) -> int:
        return sum(r.approximate for r in self.rows)

    @property
    def coverage(self) -> str:
        """The worst level of the rows: a Total over them is only as good."""
        levels = {r.coverage for r in self.rows}
        return next((level for level in (NOT_COVERED, PARTIAL) if level in levels), COVERED)

    @property
    def unknown(self) -> int:
        """How many periods are not covered."""
        return sum(1 for r in self.rows if not r.known)

    def records(self) -> list[dict[str, Any]]:
        """The documented JSON shape: one object per period."""
        return [r.record() for r in self.rows]

    def notes(self) -> list[str]:
        """Under the table: one line naming the rules (--explain: every rule), and what
        this table's Others column and whole periods stand for."""
        return rules(self) if self.explain else [rule_line(self), *_table_lines(self)]


def count(
    releases: Iterable[ReleaseLike],
    *,
    per: Per = Per.week,
    by: By = By.country,
    attribution: Attribution = Attribution.each,
    columns: Sequence[str] = (),
    only_countries: Collection[str] = (),
    only_regions: Collection[str] = (),
    since: dt.date | None = None,
    until: dt.date | None = None,
    last: int | None = None,
    skip_empty: bool = False,
    today: dt.date | None = None,
    judge: Judge | None = None,
) -> Counts:
    """Count releases per period and group (per=all: the whole range as one, see `count_range`).

    columns: the groups to show, in order, even at 0 (and only those).
    only_countries / only_regions: keep only these countries' share of each
    release (a release with none of them is not counted).
    since / until: the range, widened to whole periods. Without them the rows
    run from the first to the latest period with a release, or over the
    `last` periods up to the latest release (or up to `until`).
    today: no period after today's is counted, and an open end (or no range)
    runs to today's period, which is marked to date. judge: each period's
    coverage; one not covered is a row of unknown counts, never of zeros.
    """
    if per is Per.all:
        if last is not None:
            raise UsageError("counts back N periods, and --per all counts the whole range as one; "
                             "give --since instead", field="last")
        return count_range(releases, since, until, by=by, attribution=attribution, columns=columns,
                           only_countries=only_countries, only_regions=only_regions, per=Per.all,
                           today=today, judge=judge)
    allowed = CountryTest(only_countries, only_regions)
    wanted = list(dict.fromkeys(columns))
    placed: list[Placed] = []
    for release in releases:
        keys = _group_keys(release, by, attribution, allowed)
        if wanted:
            keys = [k for k in wanted if k in keys]
        if not keys:
            continue
        period, approximate = place(release.released_on, per)
        placed.append(Placed(release, period, approximate, tuple(keys)))

    span = _span(placed, per, since, until, last, today)
    rows: list[Row] = []
    if span is not None:
        first, final = span
        by_period: dict[Period, list[Placed]] = {}
        for p in placed:
            if first <= p.period <= final:
                by_period.setdefault(p.period, []).append(p)
        chosen = _columns(by, wanted, [p for ps in by_period.values() for p in ps])
        for period in _periods(first, final):
            inside = sorted(by_period.get(period, []), key=_placed_order)
            tally = dict.fromkeys(chosen, 0)
            for p in inside:
                for key in p.keys:
                    tally[key] += 1
            rows.append(_judged(Row(period, tally, len(inside), sum(p.approximate for p in inside), inside),
                                today, judge))
    else:
        chosen = _columns(by, wanted, [])
    if skip_empty:  # a period not covered is never left out: its count is unknown, not 0
        rows = [r for r in rows if r.total or not r.known]
    widened = None
    if span is not None and (since or until):
        whole = (span[0].start, span[1].end)
        asked = (since or whole[0], until or whole[1])
        if asked != whole:
            widened = asked
    return Counts(per, by, attribution, chosen, rows, span, widened)


def _judged(row: Row, today: dt.date | None, judge: Judge | None) -> Row:
    """The row with its coverage (up to today) and whether it is counted to date."""
    period = row.period
    last = min(period.end, today) if today is not None else period.end
    row.to_date = today is not None and period.start <= today <= period.end
    row.coverage = judge(period.start, last) if judge is not None else COVERED
    if not row.known:  # what the record holds there is not a count of the period
        row.counts = dict.fromkeys(row.counts, 0)
        row.total = row.approximate = 0
        row.releases = []
    return row


def count_range(releases: Iterable[ReleaseLike], start: dt.date | None, end: dt.date | None, *,
                by: By = By.region, attribution: Attribution = Attribution.each, columns: Sequence[str] = (),
                only_countries: Collection[str] = (), only_regions: Collection[str] = (),
                per: Per = Per.week, today: dt.date | None = None, judge: Judge | None = None) -> Counts:
    """One row for the days `start` to `end` (a digest of a range that is no week,
    month or year; `count(per=Per.all)`): a release counts when its earliest possible
    day is in the range, approximately when its date could also fall after `end`.
    An open end is the earliest (latest) day of the releases counted; with neither
    a range nor a release there is no row; with `today`, an open end is today and
    no day after it is counted. columns, only_*, judge: as `count`'s."""
    allowed = CountryTest(only_countries, only_regions)
    wanted = list(dict.fromkeys(columns))
    candidates = []
    for release in releases:
        keys = _group_keys(release, by, attribution, allowed)
        if wanted:
            keys = [k for k in wanted if k in keys]
        if keys:
            candidates.append((release, tuple(keys)))
    days = [r.released_on.earliest for r, _ in candidates]
    # An open end is the releases' own; with none there, the range is the one day given.
    first = start or min([d for d in days if end is None or d <= end], default=end)
    final = end or max([d for d in days if start is None or d >= start], default=start)
    if today is not None:
        final = min(end or today, today)
    if first is None or final is None:  # no range and nothing to count
        return Counts(per, by, attribution, _columns(by, wanted, []), [], whole=True)
    period = Period(first, final, per, f"{first}..{final}")
    placed = [Placed(r, period, r.released_on.latest > final, keys) for r, keys in candidates
              if first <= r.released_on.earliest <= final]
    placed.sort(key=_placed_order)
    chosen = _columns(by, wanted, placed)
    tally = dict.fromkeys(chosen, 0)
    for p in placed:
        for key in p.keys:
            tally[key] += 1
    row = _judged(Row(period, tally, len(placed), sum(p.approximate for p in placed), placed), today, judge)
    return Counts(per, by, attribution, chosen, [row], (period, period), whole=True)


OTHERS = "Others"


def keep_top(counts: Counts, n: int) -> Counts:
    """The `n` biggest groups (by their totals; ties by name) and an Others column:
    the releases of the period counted in any other group, each once (so Others
    is never more than the period's total, whatever the attribution)."""
    if len(counts.columns) <= n:
        return counts
    totals = counts.totals
    kept = sorted(counts.columns, key=lambda k: (-totals[k], k.casefold(), k))[:n]
    kept = [k for k in counts.columns if k in kept]  # in the table's own order
    rest = set(counts.columns) - set(kept)
    rows = []
    for row in counts.rows:
        tally = {k: row.counts[k] for k in kept}
        tally[OTHERS] = sum(1 for p in row.releases if rest.intersection(p.keys))
        rows.append(Row(row.period, tally, row.total, row.approximate, row.releases, row.coverage, row.to_date))
    return dataclasses.replace(counts, columns=[*kept, OTHERS], rows=rows, others=len(rest))


def _placed_order(p: Placed) -> tuple[dt.date, dt.date, str]:
    return p.release.released_on.earliest, p.release.released_on.latest, p.release.id


def _span(placed: list[Placed], per: Per, since: dt.date | None, until: dt.date | None,
          last: int | None, today: dt.date | None = None) -> tuple[Period, Period] | None:
    """First and last period of the rows, or None when there is nothing to show.
    With `today`, the rows end at today's period (earlier with --until), never after."""
    periods = sorted(p.period for p in placed)
    if since is None and until is None and not periods and today is None:
        return None
    now = _bounded(per, today, "today") if today is not None else None
    if until is not None:
        final = _bounded(per, until, "until")
    elif now is not None:
        final = now
    elif since is not None:
        final = max([p for p in periods if p.start >= since] + [_bounded(per, since, "since")])
    else:
        final = periods[-1]
    if now is not None and final > now:
        final = now
    if since is not None and now is not None and _bounded(per, since, "since") > now:
        raise UsageError(f"{since} is after today ({today}): its {per.value} has not begun", field="since")
    if since is not None:
        first = _bounded(per, since, "since")
    elif last is not None:
        if last > MAX_PERIODS:
            raise UsageError(f"{last:,} {per.value}s is more than the {MAX_PERIODS:,} rows a count shows; "
                             "give fewer, or count per a longer period", field="last")
        first = final
        try:
            for _ in range(last - 1):
                first = first.previous()
        except (ValueError, OverflowError):
            raise UsageError(f"{last} {per.value}s back from {final.label} is before the year 1",
                             field="last") from None
    else:
        first = min([p for p in periods if p <= final] + [final])
    _check_length(first, final, per)
    return first, final


# A row per period: 5,000 weeks are 96 years, 5,000 months 416. A range wider than that
# is a typo or a test of the tool (1800..2999 is 62,000 weeks), not a table to read.
MAX_PERIODS = 5_000


def _check_length(first: Period, final: Period, per: Per) -> None:
    """UsageError when the range holds more than MAX_PERIODS periods (counted, not guessed)."""
    period, n = first, 1
    while period != final:
        n += 1
        if n > MAX_PERIODS:
            raise UsageError(f"{first.label} to {final.label} is more than {MAX_PERIODS:,} {per.value}s, the most "
                             "a count shows: give a shorter range (--since, --until), or count per a longer "
                             "period (`ai-tracker counts --per year`)", field="since")
        period = period.next()


def _bounded(per: Per, day: dt.date, field: str) -> Period:
    """The period of a day typed by the user: the ISO week of 9999-12-31 ends in the year 10000."""
    try:
        return period_of(per, day)
    except (ValueError, OverflowError):
        raise UsageError(f"{day} is in a {per.value} that does not fit in years 1 to 9999",
                         field=field) from None


def _periods(first: Period, final: Period) -> Iterable[Period]:
    period = first
    while True:
        yield period
        if period == final:
            return
        period = period.next()


def _columns(by: By, wanted: list[str], placed: list[Placed]) -> list[str]:
    """Columns asked for, in that order; else every region; else the groups seen, biggest first."""
    if wanted:
        return wanted
    if by is By.region:
        return list(countries.REGIONS)
    seen: dict[str, int] = {}
    for p in placed:
        for key in p.keys:
            seen[key] = seen.get(key, 0) + 1
    return sorted(seen, key=lambda k: (-seen[k], k.casefold(), k))


# --------------------------------------------------------------------------- the rules, in words

_PERIOD_WORDS = {
    Per.week: "Weeks are ISO 8601 weeks, Monday to Sunday (2025-12-29 is in 2026-W01)",
    Per.month: "Periods are calendar months",
    Per.quarter: "Periods are calendar quarters (Q1 = January to March)",
    Per.year: "Periods are calendar years",
    Per.all: "The range is one period",
}

# The dates that can span several periods of each kind.
_COARSE = {
    Per.week: "a window across weeks, or a month or year only",
    Per.month: "a window across months, or a year only",
    Per.quarter: "a window across quarters, or a year only",
    Per.year: "a window across years",
    Per.all: "a window, a month or a year only, that could also fall after the range",
}

_GROUP_WORDS = {
    By.country: ("country of its organisations", "the first organisation's first country"),
    By.region: ("region of its organisations' countries", "the region of the first organisation's first country"),
    By.organization: ("of its organisations", "its first organisation"),
    By.category: ("of its categories", "its first category"),
}


_PLURAL = {By.country: "countries", By.region: "regions", By.organization: "organisations",
           By.category: "categories"}


_PERIOD_SHORT = {
    Per.week: "ISO weeks (Monday to Sunday)",
    Per.month: "Calendar months",
    Per.quarter: "Calendar quarters",
    Per.year: "Calendar years",
    Per.all: "One range",
}


def rule_line(counts: Counts) -> str:
    """The rules in one line, with this table's approximate count; `--explain` gives them whole."""
    what = "One range" if counts.whole else _PERIOD_SHORT[counts.per]
    approximate = counts.approximate or "none"
    return (f"{what}, by released date; attribution '{counts.attribution.value}'; approximate: "
            f"{approximate} of {counts.total}. --explain states the counting rules.")


def _table_lines(counts: Counts) -> list[str]:
    """What this table's own columns and range stand for (not rules: kept in one line's place too)."""
    lines = []
    if counts.others:
        lines.append(f"Others: the releases counted in any of the other {counts.others} "
                     f"{_PLURAL[counts.by]}, each once.")
    if counts.widened is not None and counts.span is not None:
        start, end = counts.widened
        lines.append(f"The range {start}..{end} is counted in whole {counts.per.value}s: "
                     f"{counts.span[0].start}..{counts.span[1].end}.")
    return lines


def rules(counts: Counts) -> list[str]:
    """The counting rules as sentences, with this table's numbers, for under the table."""
    per = counts.per.value
    lines = [f"{_PERIOD_WORDS[counts.per]}; a release counts in the {per} of its released date."]
    spans = f"a date that spans more than one {per} ({_COARSE[counts.per]})"
    where = f"its earliest {per}"
    if counts.whole:  # the rules of one range of days (with no row, there is no range to name)
        label = counts.rows[0].period.label if counts.rows else "empty"
        where, spans = "the range", "a date that could also fall after the range (a window, a month or a year only)"
        lines = [f"The range is {label}; a release counts in it when the earliest "
                 "day its released date allows is in it."]
    if counts.approximate == 0:
        lines.append(f"Approximate: none of {counts.total}. A release with {spans} would be counted in "
                     f"{where} and marked approximate.")
    else:
        lines.append(f"Approximate: {counts.approximate} of {counts.total}. A release with {spans} is "
                     f"counted in {where} and marked approximate.")
    each, first = _GROUP_WORDS[counts.by]
    groups = "rows" if counts.per is Per.all else "columns"  # --per all lays the groups out in rows
    if counts.attribution is Attribution.each:
        lines.append(f"Attribution 'each': a release counts once in each {each}; Total counts it once, "
                     f"so {groups} can add up to more than Total (attribution 'first': only "
                     f"{first}; 'parent' and 'wide': see docs/registry.md).")
    elif counts.attribution is Attribution.first:
        lines.append(f"Attribution 'first': a release counts only for {first} "
                     "(attribution 'each': in every one).")
    elif counts.attribution is Attribution.parent:
        lines.append("Attribution 'parent': a release counts for the country of each organisation's "
                     "top parent in the registry (Alibaba DAMO Academy: Alibaba Group's); Total counts it once.")
    else:
        lines.append("Attribution 'wide': a release counts for each organisation's country and every "
                     "other country a published tally counts it in (the registry's also_counted_in: "
                     "Google DeepMind also in the United Kingdom, as Epoch AI counts it); Total counts it once.")
    if counts.by is By.region:
        lines.append("Regions: China (CN), United States (US), Europe (geographic Europe: the EU "
                     "members and GB, CH, NO, IS, UA, the Balkans and the rest), Rest of world "
                     "(every other country).")
    return lines + _table_lines(counts)
