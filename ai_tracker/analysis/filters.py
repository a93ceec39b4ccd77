"""Selecting and ordering releases. Pure functions over `Release` lists."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TypeVar

from ai_tracker.errors import UsageError
from ai_tracker.model.countries import region_of
from ai_tracker.model.dates import IsoWeek
from ai_tracker.model.protocol import ReleaseLike
from ai_tracker.model.vocab import did_you_mean
from ai_tracker.text import fold

# Everything here works on any ReleaseLike (a Release model or a cached Entry)
# and gives back the type it was given.
R = TypeVar("R", bound=ReleaseLike)


class SortKey(str, Enum):
    released = "released"
    name = "name"
    org = "org"
    country = "country"


@dataclass
class Filters:
    """What `list` (and `export`, `counts`) may narrow by. Empty means everything."""

    countries: list[str] = field(default_factory=list)  # ISO codes, already resolved
    regions: list[str] = field(default_factory=list)  # region names (countries.REGIONS), already resolved
    orgs: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    since: dt.date | None = None
    until: dt.date | None = None
    week: IsoWeek | None = None
    # since/until are one week, month or year ("week", "month", "year"), as asked; None: a range
    period_kind: str | None = None
    open_weights: bool | None = None
    search: str | None = None
    # The day the period was counted from (--today): not a filter, so never compared.
    today: dt.date | None = field(default=None, compare=False)

    def describe(self) -> str:
        """The filters in words, for a title ("country CN; since 2026-01-01"); empty for none."""
        parts = [f"{label} {', '.join(values)}" for label, values in (
            ("country", self.countries), ("organisation", self.orgs), ("category", self.categories)) if values]
        parts += [f"{label} {value}" for label, value in (
            ("since", self.since), ("until", self.until), ("week", self.week)) if value is not None]
        if self.open_weights is not None:
            parts.append("open weights" if self.open_weights else "closed weights")
        if self.search:
            parts.append(f"search '{self.search}'")
        return "; ".join(parts)

    def empty(self) -> bool:
        """No criterion at all (`period_kind` only says how since/until were asked)."""
        return not (self.countries or self.regions or self.orgs or self.categories or self.search) and (
            self.since is None and self.until is None and self.week is None and self.open_weights is None)

    def matches(self, release: ReleaseLike) -> bool:
        return all((
            not self.countries or any(c in self.countries for c in release.countries),
            not self.regions or any(region_of(c) in self.regions for c in release.countries),
            not self.orgs or any(_org_matches(release, o) for o in self.orgs),
            not self.categories or any(c in self.categories for c in release.categories),
            # One rule for a period everywhere, the counting rule: a release is in the
            # period that holds its earliest possible date (2026-02-14..17 is in W07).
            self.since is None or release.released_on.earliest >= self.since,
            self.until is None or release.released_on.earliest <= self.until,
            self.week is None or IsoWeek.of(release.released_on.earliest) == self.week,
            self.open_weights is None or release.open_weights is self.open_weights,
            not self.search or fold(self.search) in search_text(release),
        ))


def _org_matches(release: ReleaseLike, wanted: str) -> bool:
    needle = fold(wanted)
    return any(needle in fold(term) for term in release.org_terms)


def check_orgs(releases: Sequence[ReleaseLike], orgs: list[str], known: Iterable[str] = ()) -> None:
    """Each `--org` must name an organisation some release has (a part of its name or
    alias): a typo is a usage error with the nearest names, never an empty answer."""
    if not orgs:
        return  # nothing to check: and reading every release's organisations is not free
    terms = {term for release in releases for term in release.org_terms}
    folded = [fold(term) for term in terms]
    for wanted in orgs:
        if not any(fold(wanted) in term for term in folded):
            names = {name for release in releases for name in release.org_names}
            near = difflib.get_close_matches(wanted, sorted({*names, *known}), n=3, cutoff=0.5)
            raise UsageError(f"no organisation is called '{wanted}'{did_you_mean(near)}", field="org")


def search_text(release: ReleaseLike) -> str:
    """Everything `--search` looks in, folded once."""
    parts = [release.id, release.name, *release.aliases, release.summary or "", *release.org_terms]
    return fold("\n".join(parts))


def select(releases: Iterable[R], filters: Filters) -> list[R]:
    if filters.empty():  # `list` with no filter: every release, without asking each
        return list(releases)
    return [r for r in releases if filters.matches(r)]


def order(releases: Iterable[R], key: SortKey = SortKey.released, *, reverse: bool = False) -> list[R]:
    """Newest first for dates, A to Z for text; `reverse` flips either."""
    def by_name(r: ReleaseLike) -> tuple[str, str]:
        return fold(r.name), r.id

    items = sorted(releases, key=by_name)  # a stable tie-break for every key
    if key is SortKey.released:
        items.sort(key=lambda r: (r.released_on.earliest, r.released_on.latest), reverse=True)
    elif key is SortKey.org:
        items.sort(key=lambda r: fold(r.org_terms[0]))
    elif key is SortKey.country:
        items.sort(key=lambda r: r.countries[0])
    if reverse:
        items.reverse()
    return items
