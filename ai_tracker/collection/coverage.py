"""The coverage of a collection: each folder's statement (`coverage.yaml`, see
`model/coverage.py`), combined across the folders read together.

The rules:

- a period takes the level of the spans for every lab; spans naming
  organisations apply when a count is about those organisations (`orgs`);
- across folders, the higher level wins for each day;
- a folder without a statement adds nothing when another folder states one;
  when no folder does, the collection is taken as covering the days up to
  its newest release and nothing after (the record cannot know of a release
  it does not hold), and `status` says that no statement was found.

Levels of a period: `covered` (every day complete), `partial` (some day covered,
not every day complete), `not covered` (no day covered: its count is unknown).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ai_tracker.text import file_name

if TYPE_CHECKING:
    from ai_tracker.collection.catalog import Catalog

COVERED, PARTIAL, NOT_COVERED = "covered", "partial", "not covered"
LEVELS = (NOT_COVERED, PARTIAL, COVERED)  # worst first
_RANK = {"partial": 1, "complete": 2}


@dataclass(frozen=True)
class Span:
    start: dt.date  # dt.date.min: from the record's beginning
    end: dt.date
    rank: int  # 2 complete, 1 partial
    orgs: frozenset[str] = frozenset()
    note: str | None = None

    @property
    def level(self) -> str:
        return "complete" if self.rank == 2 else "partial"


@dataclass(frozen=True)
class Statement:
    """One folder's coverage.yaml (or, with `stated` False, the lack of one)."""

    folder: Path
    stated: bool
    checked: dt.date | None = None
    spans: tuple[Span, ...] = ()

    def end(self, rank: int = 1) -> dt.date | None:
        """The last day covered for every lab at this rank or better."""
        return max((s.end for s in self.spans if not s.orgs and s.rank >= rank), default=None)

    def describe(self, every_lab_only: bool = False) -> str:
        """`complete to 2026-05-31, partial 2026-06-01 to 2026-11-18`, for people;
        every_lab_only: the spans for named organisations only counted (a table cell)."""
        if not self.stated:
            return "no statement of coverage"
        parts = []
        named = [s for s in self.spans if s.orgs]
        for span in self.spans:
            if every_lab_only and span.orgs:
                continue
            who = f" for {', '.join(sorted(span.orgs))}" if span.orgs else ""
            when = f"to {span.end}" if span.start == dt.date.min else f"{span.start} to {span.end}"
            parts.append(f"{span.level}{who} {when}")
        if every_lab_only and named and parts:
            parts.append(f"and {len(named)} span{'s' if len(named) > 1 else ''} for named organisations "
                         "(--format json lists them)")
        elif every_lab_only and named:  # only spans for named organisations (an update's): each, compactly
            parts = [f"{s.level} for {len(s.orgs)} organisation{'s' if len(s.orgs) > 1 else ''} "
                     f"{s.start} to {s.end}" for s in named]
        return ", ".join(parts) or "no span covered"

    def record(self) -> dict[str, Any]:
        return {"checked": self.checked.isoformat() if self.checked else None,
                "spans": [{"from": None if s.start == dt.date.min else s.start.isoformat(), "to": s.end.isoformat(),
                           "level": s.level, "organizations": sorted(s.orgs), "note": s.note} for s in self.spans]}


def statement_of(folder: Path, data: dict[str, Any] | None) -> Statement:
    """A statement from coverage.yaml's validated data (None: the folder has none)."""
    if data is None:
        return Statement(folder, stated=False)
    spans = tuple(Span(dt.date.fromisoformat(s["from"]) if s.get("from") else dt.date.min,
                       dt.date.fromisoformat(s["to"]), _RANK[s["level"]], frozenset(s.get("organizations") or ()),
                       s.get("note")) for s in data["spans"])
    return Statement(folder, True, dt.date.fromisoformat(data["checked"]), spans)


@dataclass(frozen=True)
class Coverage:
    """The collection's coverage: what a period's count can be trusted for."""

    statements: tuple[Statement, ...]
    # When no folder states its coverage: the collection's newest release day, up to which it is taken as covered.
    implied_end: dt.date | None = None
    spans: tuple[Span, ...] = field(init=False)

    def __post_init__(self) -> None:
        spans = [s for st in self.statements for s in st.spans]
        if not any(st.stated for st in self.statements) and self.implied_end is not None:
            spans = [Span(dt.date.min, self.implied_end, 2)]
        object.__setattr__(self, "spans", tuple(spans))

    @property
    def stated(self) -> bool:
        return any(st.stated for st in self.statements)

    @property
    def checked(self) -> dt.date | None:
        return max((st.checked for st in self.statements if st.checked), default=None)

    def end(self, orgs: Iterable[str] = ()) -> dt.date | None:
        """The last day covered (at any level) for every lab, or for all of `orgs`."""
        wanted = frozenset(orgs)
        ends = [max((s.end for s in self._spans_for(o)), default=None) for o in (wanted or [None])]
        return None if any(e is None for e in ends) else min(e for e in ends if e is not None)

    def segments(self) -> list[tuple[dt.date, dt.date, str]]:
        """Every lab's coverage as days in order, each day at its highest level:
        (first day, last day, complete or partial); dt.date.min: from the beginning."""
        spans = [s for s in self.spans if not s.orgs]
        cuts = sorted({s.start for s in spans} | {s.end + dt.timedelta(days=1) for s in spans})
        out: list[tuple[dt.date, dt.date, str]] = []
        for first, after in zip(cuts, cuts[1:]):
            rank = max((s.rank for s in spans if s.start <= first and s.end >= first), default=0)
            if not rank:
                continue
            level, last = ("complete" if rank == 2 else "partial"), after - dt.timedelta(days=1)
            if out and out[-1][2] == level and out[-1][1] + dt.timedelta(days=1) == first:
                out[-1] = (out[-1][0], last, level)
            else:
                out.append((first, last, level))
        return out

    def complete_end(self) -> dt.date | None:
        """The last day of the complete spans for every lab."""
        return max((s.end for s in self.spans if not s.orgs and s.rank == 2), default=None)

    def level(self, start: dt.date, end: dt.date, orgs: Iterable[str] = ()) -> str:
        """The level of the days start..end: for every lab, or (orgs) the worst of theirs."""
        wanted = frozenset(orgs)
        levels = [self._level(start, end, self._spans_for(o)) for o in (wanted or [None])]
        return min(levels, key=LEVELS.index)

    def _spans_for(self, org: str | None) -> list[Span]:
        return [s for s in self.spans if not s.orgs or (org is not None and org in s.orgs)]

    @staticmethod
    def _level(start: dt.date, end: dt.date, spans: list[Span]) -> str:
        if end < start:
            return COVERED
        days = (end - start).days + 1
        if _measure(start, end, [s for s in spans if s.rank == 2]) == days:
            return COVERED
        return PARTIAL if _measure(start, end, spans) else NOT_COVERED


def _measure(start: dt.date, end: dt.date, spans: list[Span]) -> int:
    """How many days of start..end the spans cover (overlaps counted once)."""
    cut = sorted((max(s.start, start), min(s.end, end)) for s in spans if s.start <= end and s.end >= start)
    total, reached = 0, None
    for first, last in cut:
        if reached is not None:
            first = max(first, reached + dt.timedelta(days=1))
        if first <= last:
            total += (last - first).days + 1
            reached = last
    return total


def of(catalog: Catalog) -> Coverage:
    """The coverage of the folders the catalog was read from."""
    roots = catalog.roots or [catalog.root]
    statements = tuple(statement_of(root, catalog.registry.coverage.get(root)) for root in roots)
    if any(st.stated for st in statements):  # the newest release is needed only without a statement
        return Coverage(statements)
    return Coverage(statements, implied_end=max((e.released_on.earliest for e in catalog.entries), default=None))


@dataclass(frozen=True)
class Record:
    """One folder in use, as `status` reports it."""

    folder: Path
    origin: str  # as DataDir.origin: "bundled", "option", "environment"
    releases: int
    newest: dt.date | None
    statement: Statement

    def record(self) -> dict[str, Any]:
        named = {"bundled": "@bundled", "updates": "@updates"}
        return {"folder": named.get(self.origin, file_name(str(self.folder))), "origin": self.origin,
                "releases": self.releases, "newest_release": self.newest.isoformat() if self.newest else None,
                "coverage": self.statement.record() if self.statement.stated else None}


def record_of(catalog: Catalog) -> Record:
    """A catalog of one folder as a record in use."""
    root = catalog.roots[0] if catalog.roots else catalog.root
    return Record(root, catalog.origin, len(catalog.entries),
                  max((e.released_on.earliest for e in catalog.entries), default=None),
                  statement_of(root, catalog.registry.coverage.get(root)))


def bundled_checked() -> str | None:
    """The bundled record's checked date, for `--version`: read as a line of the file, not
    parsed (no YAML library for a version probe; `validate` checks the file), and quiet
    when the file is missing or holds no such line."""
    from ai_tracker.collection.folders import bundled_dir

    try:
        text = (bundled_dir() / "coverage.yaml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    found = re.search(r"^checked:\s*(\d{4}-\d{2}-\d{2})\s*(#.*)?$", text, re.MULTILINE)
    return found.group(1) if found else None
