"""The record's coverage applied to the periods a command was asked for.

"Coverage" is the one word for this in the interface: a period is covered,
partial or not covered (`collection/coverage.py` reads and combines each
folder's statement). A count of a period the record does not cover is unknown,
never 0; one in a partial span is a floor. This module gives `count` its judge
of each period, and words the one line a listing prints when the period it
was asked for runs past the coverage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from ai_tracker.analysis.counting import NOT_COVERED, PARTIAL, Counts, Judge, Period
from ai_tracker.collection.coverage import Coverage
from ai_tracker.text import fold

# The mark of a count the record does not cover, in the human formats (json: null; csv: an empty cell).
UNKNOWN = "—"


def judge(coverage: Coverage, orgs: Iterable[str] = ()) -> Judge:
    """The level of a period's days for `count`: every lab's, or (orgs) theirs."""
    wanted = frozenset(orgs)
    return lambda start, end: coverage.level(start, end, wanted)


def orgs_named(organizations: Mapping[str, Mapping[str, Any]], wanted: Iterable[str]) -> set[str]:
    """The registry ids an `--org` filter names (a part of an id, name or alias, any case),
    whose own spans of coverage apply to the count."""
    found: set[str] = set()
    for needle in (fold(w) for w in wanted):
        for org_id, org in organizations.items():
            if any(needle in fold(term) for term in (org_id, org["name"], *org.get("aliases", []))):
                found.add(org_id)
    return found


def summary(coverage: Coverage) -> str:
    """`complete to 2026-05-31, partial to 2026-11-18` (every lab's spans), with the checked date."""
    parts, after = [], dt.date.min
    for first, last, level in coverage.segments():
        parts.append(f"{level} to {last}" if first == after else f"{level} {first} to {last}")
        after = last + dt.timedelta(days=1)
    said = ", ".join(parts) if parts else "nothing"
    checked = f" (checked {coverage.checked})" if coverage.checked else ""
    return f"{said}{checked}"


def past(coverage: Coverage, end: dt.date, orgs: Iterable[str] = (), *, asked: bool = True) -> str | None:
    """The one line a listing prints when its period (ending on `end`, today for an open
    end) runs past the coverage, and None when it does not. A collection with no
    statement of coverage is taken to end with its newest release: said only of a
    period asked for (`asked`), since a bare listing of one's own folder is all of it."""
    last = coverage.end(orgs)
    if last is not None and end <= last:
        return None
    if not coverage.stated:
        return (f"The record ends with its newest release, {last}: releases after it are not known "
                "(no coverage.yaml states more).") if last and asked else None
    return f"Coverage: {summary(coverage)}; releases after {last} are not known."


def counts_line(counts: Counts, coverage: Coverage, orgs: Iterable[str] = ()) -> str | None:
    """The one line under a count with periods not covered or partial: the coverage and its marks."""
    if counts.coverage not in (NOT_COVERED, PARTIAL) and not any(r.coverage == PARTIAL for r in counts.rows):
        return None
    what = [f"Coverage: {summary(coverage)}."]
    if counts.unknown:
        what.append(f"{UNKNOWN} marks a period the record does not cover: its count is unknown, not 0.")
    if any(r.coverage == PARTIAL for r in counts.rows):
        what.append("A partial period's count is a floor.")
    if counts.others and counts.unknown:
        what.append("--top ranks by the periods covered.")
    return " ".join(what)


def period_line(period: Period, level: str, kind: str) -> str | None:
    """The one sentence of a digest of a period the record does not cover, or covers in part."""
    if level == NOT_COVERED:
        return (f"The record does not cover this {kind} ({period.start} to {period.end}): its releases "
                "are not known, so none is listed and nothing is counted.")
    if level == PARTIAL:
        return f"The record covers this {kind} only in part: its releases and counts are a floor."
    return None
