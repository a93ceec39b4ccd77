"""The organisations of the registry, with their releases: for `orgs` and `orgs show`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ai_tracker.collection.catalog import Catalog
from ai_tracker.errors import UsageError
from ai_tracker.model.dates import FuzzyDate
from ai_tracker.model.vocab import did_you_mean
from ai_tracker.text import fold


@dataclass
class Organization:
    id: str
    record: dict[str, Any]  # as organizations.yaml says it
    releases: list[tuple[str, str, FuzzyDate]]  # (id, name, released), oldest first

    @property
    def first(self) -> FuzzyDate | None:
        return self.releases[0][2] if self.releases else None

    @property
    def last(self) -> FuzzyDate | None:
        return self.releases[-1][2] if self.releases else None


def every(catalog: Catalog) -> list[Organization]:
    """Every organisation of the registry, with the releases that name it (by id)."""
    by_org: dict[str, list[tuple[str, str, FuzzyDate]]] = {}
    for entry in catalog.entries:
        for org in entry.peek()["organization"]:  # looked at, not kept: 100,000 records are 800 MB
            if org.get("id"):
                by_org.setdefault(org["id"], []).append((entry.id, entry.name, entry.released_on))
    found = []
    for org_id, data in catalog.registry.organizations.items():
        releases = sorted(by_org.get(org_id, []), key=lambda r: (r[2].earliest, r[0]))
        found.append(Organization(org_id, data, releases))
    return sorted(found, key=lambda o: fold(o.record["name"]))


def find(catalog: Catalog, text: str) -> Organization:
    """The organisation whose id, name or alias is `text` (any case, width or script
    form); never a different one: anything else is a usage error with the nearest."""
    terms = catalog.registry.lookup_terms()
    org_id = terms.get(fold(text, spacing=True))
    if org_id is None:
        near = catalog.registry.nearest(fold(text).replace(" ", "-"))
        raise UsageError(f"no organisation is called '{text}'{did_you_mean(near)}", field="name")
    return next(o for o in every(catalog) if o.id == org_id)


def reactions(catalog: Catalog, org: Organization) -> list[dict[str, Any]]:
    """The market reactions recorded for the organisation's company, oldest first."""
    names = {fold(t, spacing=True) for t in (org.record["name"], *org.record["aliases"])}
    found = []
    # Models only of the releases that record a market reaction (all 100,000 were 2 GB).
    for release in catalog.models([e for e in catalog.entries if e.market]):
        for reaction in release.market_reaction:
            if fold(reaction.company, spacing=True) in names:
                found.append({"release": release.id, **reaction.model_dump(mode="json")})
    return sorted(found, key=lambda r: (str(r["date"]), r["release"]))
