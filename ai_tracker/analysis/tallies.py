"""Tallies a source published, beside the record's own count, with each difference explained.

A shared source may carry the counts it printed (the seed article: week
2026-W07, China 5, United States 0, Europe 0). Where a count table has that
period and grouping, the reported tally is set beside the record's numbers,
and every difference gets its reason:

- `not named`: a release the record counts in the period that does not cite
  the source (the source did not name it);
- `dated elsewhere`: a release that cites the source, which the source placed
  in the period (an event of kind `reported` from it, dated in the period),
  while the evidence dates it outside.

This is how a journalist checks a round-up against the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ai_tracker.analysis.counting import Counts, Row, attributed_countries
from ai_tracker.model import countries
from ai_tracker.model.dates import FuzzyDate


@dataclass
class Difference:
    kind: str  # "not named" or "dated elsewhere"
    release: str  # id
    name: str
    groups: list[str]  # the groups it counts in (or would, by the evidence)
    detail: str

    def record(self) -> dict[str, Any]:
        return {"kind": self.kind, "release": self.release, "name": self.name, "groups": self.groups,
                "detail": self.detail}


@dataclass
class Reported:
    source: str  # the shared source's id
    title: str
    period: str
    by: str
    counts: dict[str, int]  # as the source printed them
    record: dict[str, int]  # the record's count of the same groups
    note: str | None = None
    differences: list[Difference] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "title": self.title, "period": self.period, "by": self.by,
                "reported": self.counts, "record": self.record, "note": self.note,
                "differences": [d.record() for d in self.differences]}

    def sentence(self) -> str:
        said = ", ".join(f"{k} {v}" for k, v in self.counts.items())
        ours = ", ".join(f"{k} {v}" for k, v in self.record.items())
        return f"Reported by {self.title} for {self.period}: {said}. This record: {ours}."


def reported(counts: Counts, entries: list[Any], sources: dict[str, dict[str, Any]]) -> list[Reported]:
    """Every published tally whose period is a row of `counts` and whose grouping is
    its columns', of a source some release cites, compared with the record. `entries` are every release (for the ones
    a source placed in the period that the record counts elsewhere)."""
    found = []
    rows = {row.period.label: row for row in counts.rows}
    for source_id, source in sources.items():
        # A tally speaks of a collection that cites its source (the bundled registry's
        # sources are there under every collection; most collections cite none of them).
        if not source.get("tallies") or not any(_cites(entry, source_id) for entry in entries):
            continue
        for tally in source["tallies"]:
            row = rows.get(tally["period"])
            if row is None or tally["by"] != counts.by.value:
                continue
            record = {group: row.counts.get(group, 0) for group in tally["counts"]}
            item = Reported(source_id, source["title"], tally["period"], tally["by"], dict(tally["counts"]),
                            record, tally.get("note"))
            item.differences = _not_named(row, source_id) + _dated_elsewhere(row, counts, entries, source_id)
            found.append(item)
    return found


def _cites(release: Any, source_id: str) -> bool:
    """Does the release (a cached entry or a model) cite the source?"""
    if hasattr(release, "source_ids"):  # an entry: without decoding its record
        return source_id in release.source_ids
    return any(s.id == source_id for s in release.sources)


def _not_named(row: Row, source_id: str) -> list[Difference]:
    return [Difference("not named", p.release.id, p.release.name, list(p.keys),
                       f"released {p.release.released_on}; the source does not cite it")
            for p in row.releases if not _cites(p.release, source_id)]


def _dated_elsewhere(row: Row, counts: Counts, entries: list[Any], source_id: str) -> list[Difference]:
    inside = {p.release.id for p in row.releases}
    found = []
    for entry in entries:
        if entry.id in inside or not _cites(entry, source_id):
            continue
        placed = [e for e in entry.record["events"] if e["kind"] == "reported" and e["source"] == source_id
                  and _overlaps(FuzzyDate.parse(e["date"]), row)]
        if placed:
            groups = _groups(entry, counts)
            found.append(Difference("dated elsewhere", entry.id, entry.name, groups,
                                    f"the source placed it in {row.period.label} ({placed[0]['date']}); "
                                    f"the evidence dates it {entry.released_on}"))
    return found


def _overlaps(date: FuzzyDate, row: Row) -> bool:
    return date.earliest <= row.period.end and date.latest >= row.period.start


def _groups(entry: Any, counts: Counts) -> list[str]:
    codes = attributed_countries(entry, counts.attribution)
    if counts.by.value == "region":
        return list(dict.fromkeys(countries.region_of(c) for c in codes))
    return codes
