"""Where the record ends: the one sentence every command prints when the period it
was asked for runs past the collection's newest release (`digest`, `weekly`,
`counts`, `list`). The days after that release are not in the record yet, so an
empty or thin period there is not a quiet one, and a reader quoting its count
should know."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ai_tracker.analysis.counting import Counts, period_of
from ai_tracker.model.protocol import ReleaseLike


def newest(releases: Iterable[ReleaseLike]) -> dt.date | None:
    """The first day of the collection's newest release date (None with no release)."""
    return max((r.released_on.earliest for r in releases), default=None)


def coverage(newest_day: dt.date | None, end: dt.date | None, what: str) -> str | None:
    """The sentence, when the period ending on `end` runs past `newest_day`; `what`
    names the period as the sentence's subject ("this week", "2026-W43")."""
    if newest_day is None or end is None or end <= newest_day:
        return None
    return (f"The collection's newest release is dated {newest_day}: the days after it are not in "
            f"the record yet, so {what} may have had more releases than it shows.")


def span_coverage(newest_day: dt.date | None, start: dt.date | None, end: dt.date | None,
                  kind: str | None) -> str | None:
    """For a period asked for by its days (list's --week, --month, --year, --since,
    --until): an open end is the record's own, so only a start past the newest
    release reaches beyond it."""
    if start is None and end is None:
        return None
    return coverage(newest_day, end if end is not None else start, f"this {kind or 'range'}")


def counts_coverage(counts: Counts, newest_day: dt.date | None) -> str | None:
    """For a count: its periods (empty ones left out by --skip-empty included) from
    the first that runs past the newest release, named by their labels."""
    if counts.span is None or newest_day is None or counts.span[1].end <= newest_day:
        return None
    first, final = counts.span
    if counts.whole:
        return coverage(newest_day, final.end, "this range")
    past = period_of(counts.per, newest_day)
    if past.end <= newest_day:
        past = past.next()
    past = max(past, first)
    if first == final:
        what = f"this {counts.per.value}"
    elif past == final:
        what = past.label
    else:
        what = f"every {counts.per.value} from {past.label} on"
    return coverage(newest_day, final.end, what)
