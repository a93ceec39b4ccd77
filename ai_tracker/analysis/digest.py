"""One week as the seed article tells it: its releases, its count table, market
reactions, events and quotes. Plain data; `cli/digest_cmd.py` renders it.

The same fact is often written in several release files (one article quoted
in five files); market reactions, events, quotes and sources are each listed
once, with the releases whose files carry them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ai_tracker.analysis import tallies
from ai_tracker.analysis.counting import (
    Attribution,
    By,
    Counts,
    Judge,
    Period,
    count,
    count_range,
    week_period,
)
from ai_tracker.analysis.coverage import period_line
from ai_tracker.analysis.tallies import Reported
from ai_tracker.model.dates import FuzzyDate, IsoWeek
from ai_tracker.text import fold

if TYPE_CHECKING:
    from ai_tracker.model.schema import Release


@dataclass
class Line:
    """One release, one line."""

    release: Release
    approximate: bool

    def record(self) -> dict[str, Any]:
        r = self.release
        return {
            "id": r.id,
            "name": r.name,
            "organization": r.org_names,
            "country": r.countries,
            "released": str(r.released.date),
            "precision": r.released.date.precision,
            "approximate": self.approximate,
            "summary": r.summary,
            "imported": r.origin is not None,
        }


@dataclass
class Item:
    """A market reaction, event, quote or source, with the releases whose files give it."""

    kind: str
    data: dict[str, Any]
    releases: list[str] = field(default_factory=list)  # release ids

    def record(self) -> dict[str, Any]:
        return {**self.data, "releases": list(self.releases)}


@dataclass
class Digest:
    period: Period  # a week, month or year, or (whole=True) any range of days
    lines: list[Line]
    counts: Counts
    market_reactions: list[Item]
    events: list[Item]
    quotes: list[Item]
    sources: list[Item]
    reported: list[Reported] = field(default_factory=list)  # tallies sources published for the week
    whole: bool = False  # a range of days that is no calendar period
    past: str | None = None  # the line naming the coverage, when an open end runs past it

    @property
    def coverage(self) -> str:
        """covered, partial or not covered (`collection/coverage.py`)."""
        return self.counts.rows[0].coverage

    @property
    def covered(self) -> bool:
        """Does the record cover any of the period? (Not: nothing in it is known.)"""
        return self.counts.rows[0].known

    def coverage_note(self) -> str | None:
        """The one sentence of a period not covered or partial (`coverage.period_line`)."""
        return period_line(self.period, self.coverage, self.kind)

    def notes(self) -> list[str]:
        """The count's notes, and what the record does not cover."""
        said = [n for n in (self.coverage_note(), self.past) if n]
        return [*self.counts.notes(), *said] if self.covered else said

    @property
    def kind(self) -> str:
        """What the period is: week, month, year or range."""
        return "range" if self.whole else self.period.per.value

    def record(self) -> dict[str, Any]:
        row = self.counts.rows[0]
        return {
            self.kind: self.period.label,
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "releases": [line.record() for line in self.lines],
            "counts": {"by": self.counts.by.value, "attribution": self.counts.attribution.value,
                       **{k: v for k, v in row.record().items() if k in ("counts", "total", "approximate")}},
            "market_reactions": [i.record() for i in self.market_reactions],
            "events": [i.record() for i in self.events],
            "quotes": [i.record() for i in self.quotes],
            "sources": [i.record() for i in self.sources],
            "reported": [r.to_dict() for r in self.reported],
            "coverage": self.coverage,
            "to_date": row.to_date,
            "coverage_note": " ".join(n for n in (self.coverage_note(), self.past) if n) or None,
        }


def build(releases: list[Release], period: IsoWeek | Period, *, by: By = By.region,
          attribution: Attribution = Attribution.each, entries: list[Any] | None = None,
          shared: dict[str, dict[str, Any]] | None = None, whole: bool = False,
          today: dt.date | None = None, judge: Judge | None = None, past: str | None = None,
          explain: bool = False) -> Digest:
    """The digest of a week, month or year (`period`; whole=True: any range of
    days) over every release given (filter beforehand if needed).

    The releases are those the count places in the period (approximate ones
    included and marked). Events of any release are included when their date
    may fall in the period, since a week's news is often about an older model
    (a feature paused, a price cut).
    """
    if isinstance(period, IsoWeek):
        period = week_period(period)
    if whole:
        counts = count_range(releases, period.start, period.end, by=by, attribution=attribution,
                             today=today, judge=judge)
    else:
        counts = count(releases, per=period.per, by=by, attribution=attribution,
                       since=period.start, until=period.end, today=today, judge=judge)
    counts.explain = explain
    placed = counts.rows[0].releases
    # The lines list every release of the period, even one a grouping leaves out
    # (there is none today: every release has a country and a category).
    # count() reads only what every release type has; the digest wants the models back.
    model = {r.id: r for r in releases}
    in_period = [model[p.release.id] for p in placed]
    known = counts.rows[0].known  # a period not covered: nothing in it is known, events neither
    lines = [Line(model[p.release.id], p.approximate) for p in placed]
    return Digest(
        period=period,
        lines=lines,
        counts=counts,
        market_reactions=_dedupe("market reaction", ((r, _reaction(m)) for r in in_period
                                                     for m in r.market_reaction)),
        events=_dedupe("event", ((r, _event(e)) for r in releases for e in r.events
                                 if known and e.date.overlaps(period.start, period.end) and e.kind != "reported")),
        quotes=_dedupe("quote", ((r, q.model_dump(mode="json", exclude={"source"})) for r in in_period
                                 for q in r.quotes)),
        sources=_dedupe("source", ((r, s.model_dump(mode="json", exclude={"id"})) for r in in_period
                                   for s in r.sources)),
        reported=tallies.reported(counts, entries, shared) if entries is not None and shared and not whole else [],
        whole=whole,
        past=past,
    )


def _reaction(m: Any) -> dict[str, Any]:
    return m.model_dump(mode="json", exclude={"source"})


def _event(e: Any) -> dict[str, Any]:
    return e.model_dump(mode="json", exclude={"source"})


# Fields that make two items the same fact; the others (a note, a translation)
# may be worded differently in each file and the first wording is kept.
_IDENTITY = {
    "market reaction": ("company", "listing", "date", "change_percent", "market_cap_change_usd"),
    "event": ("date", "kind", "note"),
    "quote": ("speaker", "text"),
    "source": ("title", "url"),
}


def _key(kind: str, data: dict[str, Any]) -> tuple[str, ...]:
    return tuple(_norm(data.get(name)) for name in _IDENTITY[kind])


def _norm(value: Any) -> str:
    """Same text up to case, width and spacing."""
    text = "" if value is None else str(value)
    return fold(text, spacing=True)


def _dedupe(kind: str, pairs: Iterable[tuple[Release, dict[str, Any]]]) -> list[Item]:
    items: dict[tuple[str, ...], Item] = {}
    for release, data in pairs:
        item = items.setdefault(_key(kind, data), Item(kind, data))
        if release.id not in item.releases:
            item.releases.append(release.id)
    ordered = list(items.values())
    if kind in ("market reaction", "event"):
        ordered.sort(key=lambda i: FuzzyDate.parse(i.data["date"]))
    return ordered


