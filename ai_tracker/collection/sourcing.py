"""What a release's facts rest on: the kinds of their sources (README, "Conventions").

A source says what kind of page it is (`vendor`, `database`, `press`, `paper`,
`repository`, `gateway`, `secondary`). `secondary` and `gateway` pages date
nothing on their own: `validate` warns about a curated release whose day
rests only on them, and `--strict` fails on it, unless the file says it knows
(`released.secondary_only: true`, with the search in its note): that stays a
warning, shown every time, but is not an error. An imported release (`origin`
set) is dated by its database, which is what an import is, so it is never
warned about. A source without a kind is unknown, never taken for secondary.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ai_tracker.model.vocab import WEAK_SOURCE_KINDS

if TYPE_CHECKING:
    from ai_tracker.collection.catalog import Entry
    from ai_tracker.errors import Problem


def weak_only(kinds: Iterable[str | None]) -> str | None:
    """"secondary", "gateway" or "secondary and gateway" when every one of the kinds is
    weak, else None (also for no kinds, or any kind unknown: unknown is not weak)."""
    listed = list(kinds)
    if not listed or any(k not in WEAK_SOURCE_KINDS for k in listed):
        return None
    return " and ".join(k for k in sorted(WEAK_SOURCE_KINDS) if k in listed)


def weak_mark(kinds: Iterable[str | None]) -> str | None:
    """How `show` marks a fact whose sources are all weak: "secondary source only"."""
    weak = weak_only(kinds)
    if weak is None:
        return None
    return f"{weak} source{'s' if ' and ' in weak else ''} only"


def day_kinds(record: Mapping[str, Any]) -> list[str | None]:
    """The kinds of the sources that date a release (its `released.source`)."""
    by_id = {s.get("id"): s for s in record.get("sources") or []}
    source = by_id.get((record.get("released") or {}).get("source"))
    return [source.get("kind")] if source is not None else []


def weak_days(entries: Iterable[Entry]) -> tuple[list[Problem], list[Problem]]:
    """Curated releases whose day rests only on secondary or gateway pages: those
    that fail `validate --strict`, and those whose file acknowledges it (warnings
    only). Also a stale acknowledgement: `secondary_only` on a day that a vendor,
    press, database, paper or repository source dates (fails --strict)."""
    from ai_tracker.collection.catalog import _located

    failing: list[Problem] = []
    acknowledged: list[Problem] = []
    for entry in entries:
        record = entry.record
        if record.get("origin"):
            continue
        released = record.get("released") or {}
        weak = weak_only(day_kinds(record))
        said = bool(released.get("secondary_only"))
        if weak is None:
            if said:
                failing += _located(entry.path, [(("released", "secondary_only"), (
                    "says the day rests only on secondary pages, but its source "
                    f"'{released.get('source')}' is not one; remove secondary_only"))])
            continue
        message = (f"the release day rests only on a {weak} source ('{released.get('source')}'); "
                   "cite a vendor, press, paper, repository or database page that gives the day")
        if said:
            acknowledged += _located(entry.path, [(("released", "source"), (
                f"the release day rests only on a {weak} source ('{released.get('source')}'), "
                "as the file says (secondary_only)"))])
        else:
            failing += _located(entry.path, [(("released", "source"), (
                message + ", or set released.secondary_only: true where none exists (say so in its note)"))])
    return failing, acknowledged
