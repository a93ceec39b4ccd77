"""The registry: organisations and shared sources, read from the data folders.

Precedence: the bundled registry is always there, so a collection of one's own
can name `zhipu-ai` without defining it; a data folder's own
`organizations.yaml` and `sources.yaml` add entries and override bundled ones,
id by id (the whole entry, not field by field).

Checks, each a problem with its file and line: an organisation whose parent
is unknown (with the nearest ids) or lies on a cycle, two organisations that
claim the same name or alias, and a `source:` that names no source of the
entry or of `sources.yaml`.

The registry is plain data (validated dicts), cached like release records, so
a warm run reads it without Pydantic; `registry_files` parses and validates.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ai_tracker.collection import cache
from ai_tracker.collection.folders import REGISTRY_FILES, bundled_dir
from ai_tracker.errors import Problem
from ai_tracker.model.dates import FuzzyDate
from ai_tracker.model.vocab import did_you_mean
from ai_tracker.text import fold

ORGANIZATIONS = "organizations.yaml"
SOURCES = "sources.yaml"
COVERAGE = "coverage.yaml"
assert REGISTRY_FILES == {ORGANIZATIONS, SOURCES, COVERAGE}


@dataclass
class Registry:
    organizations: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    read: int = 0  # files parsed this run (not from the cache): the cache needs writing
    from_cache: list[str] = field(default_factory=list)  # how messages name the files that were not
    broken: int = 0  # files with problems of their own (left out, so the bundled entries stand)
    where: dict[str, Path] = field(default_factory=dict)  # "org:<id>" / "source:<id>" -> file
    shown: dict[Path, str] = field(default_factory=dict)  # file -> how messages name it
    # Each folder's statement of coverage (coverage.yaml), by the folder as named: read here
    # with the registry's files, so that a warm run takes it from the cache, not Pydantic.
    coverage: dict[Path, dict[str, Any]] = field(default_factory=dict)

    def nearest(self, org_id: str) -> list[str]:
        return difflib.get_close_matches(org_id, list(self.organizations), n=3, cutoff=0.6)

    def root_of(self, org_id: str) -> str:
        """The top of the organisation's parent chain (itself if it has no parent)."""
        seen = {org_id}
        current = org_id
        while (parent := self.organizations[current].get("parent")) in self.organizations and parent not in seen:
            seen.add(parent)
            current = parent
        return current

    def as_release_org(self, org_id: str) -> dict[str, Any]:
        """The organisation as a release's `organization` entry records it."""
        org = self.organizations[org_id]
        parent = self.organizations.get(org["parent"]) if org.get("parent") else None
        top = self.organizations[self.root_of(org_id)]
        return {"id": org_id, "name": org["name"], "country": [org["country"]], "aliases": list(org["aliases"]),
                "parent": parent["name"] if parent is not None else org.get("parent"),
                "parent_country": top["country"] if parent is not None else None,
                "also_counted_in": [c["country"] for c in org["also_counted_in"]]}

    def lookup_terms(self) -> dict[str, str]:
        """Every folded id, name and alias -> organisation id."""
        terms: dict[str, str] = {}
        for org_id, org in self.organizations.items():
            for term in (org_id, org["name"], *org["aliases"]):
                terms.setdefault(fold(term, spacing=True), org_id)
        return terms


def load(folder: Path | list[Path], cached: cache.Records, fresh: cache.Records) -> Registry:
    """The bundled registry, then each folder's own on top of it, in the order the
    folders were named (a later folder overrides an earlier one, id by id). `cached`
    holds what an earlier run validated (by file stamp); what is read now goes into `fresh`."""
    registry = Registry()
    bundled = bundled_dir()
    own = [f for f in (folder if isinstance(folder, list) else [folder]) if f.resolve() != bundled.resolve()]
    layers = [bundled, *own]
    for n, layer in enumerate(layers):
        for name in (ORGANIZATIONS, SOURCES):
            path = layer / name
            key = f"//registry/{'bundled' if n == 0 and own else ('own' if n == 1 else n)}/{name}"
            entries = _read_cached(registry, path, key, f"(bundled) {name}" if n == 0 and own else str(path), name,
                                   cached, fresh)
            if entries is None:
                continue
            kind = "org" if name == ORGANIZATIONS else "source"
            target = registry.organizations if kind == "org" else registry.sources
            for entry_id, entry in entries.items():
                target[entry_id] = entry
                registry.where[f"{kind}:{entry_id}"] = path
    for n, root in enumerate(folder if isinstance(folder, list) else [folder]):
        _load_coverage(registry, root, n, cached, fresh)
    registry.problems.extend(_check(registry))
    return registry


def _load_coverage(registry: Registry, root: Path, n: int, cached: cache.Records, fresh: cache.Records) -> None:
    """The folder's coverage.yaml, if it has one (from the cache when unchanged)."""
    path = root / COVERAGE
    shown = f"(bundled) {COVERAGE}" if root.resolve() == bundled_dir().resolve() and n else str(path)
    statement = _read_cached(registry, path, f"//coverage/{n}/{COVERAGE}", shown, COVERAGE, cached, fresh)
    if statement is not None:
        registry.coverage[root] = statement


def _read_cached(registry: Registry, path: Path, key: str, shown: str, name: str, cached: cache.Records,
                 fresh: cache.Records) -> Any:
    """One of a folder's own files (organisations, sources, coverage), validated, from the
    cache while its stamp is unchanged; None when it is not there or has problems (kept in
    the registry's problems)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    registry.shown[path] = shown
    hit, now = cached.get(key), cache.stamp(st)
    if hit is not None and hit[0] == now:
        registry.from_cache.append(shown)
        data = hit[1]
    else:
        # Lazy: validating imports Pydantic and the models, which a warm run never needs.
        from ai_tracker.collection import registry_files

        data, problems = registry_files.read(path, shown, name)
        registry.read += 1
        registry.problems.extend(problems)
        if problems:
            registry.broken += 1
            return None
    fresh[key] = (now, data, "", None)
    return data


def _problem(registry: Registry, kind: str, entry_id: str, loc: tuple[str | int, ...], message: str) -> Problem:
    # Lazy: finding the line means parsing the file again, only ever for a problem.
    from ai_tracker.files.yaml_reader import field_label, position_of

    path = registry.where[f"{kind}:{entry_id}"]
    line, column = position_of(path, (entry_id, *loc))
    return Problem(registry.shown[path], line, column, field_label((entry_id, *loc)), message)


def _check(registry: Registry) -> list[Problem]:
    problems: list[Problem] = []
    claimed: dict[str, str] = {}
    for org_id, org in registry.organizations.items():
        parent = org.get("parent")
        if parent is not None and parent not in registry.organizations:
            near = registry.nearest(parent)
            hint = did_you_mean(near)
            problems.append(_problem(registry, "org", org_id, ("parent",),
                                     f"no organisation with id '{parent}'{hint}"))
        elif parent is not None and _on_cycle(registry, org_id):
            problems.append(_problem(registry, "org", org_id, ("parent",),
                                     f"'{org_id}' is its own ancestor: the parents form a cycle"))
        for i, term in enumerate((org["name"], *org["aliases"])):
            other = claimed.setdefault(fold(term, spacing=True), org_id)
            if other != org_id:
                where: tuple[str | int, ...] = ("name",) if i == 0 else ("aliases", i - 1)
                problems.append(_problem(registry, "org", org_id, where,
                                         f"'{term}' is also a name of '{other}': one name, one organisation"))
        problems += _listing_dates(registry, org_id, org)
        known = {s["id"] for s in org["sources"]} | set(registry.sources)
        refs: list[tuple[tuple[str | int, ...], str]] = []
        if org.get("country_source"):
            refs.append((("country_source",), org["country_source"]))
        if org.get("founded_source"):
            refs.append((("founded_source",), org["founded_source"]))
        refs += [(("listings", i, "source"), listing["source"]) for i, listing in enumerate(org["listings"])]
        refs += [(("also_counted_in", i, "source"), c["source"])
                 for i, c in enumerate(org["also_counted_in"]) if c.get("source")]
        for loc, ref in refs:
            if ref not in known:
                problems.append(_problem(registry, "org", org_id, loc,
                                         f"source '{ref}' is in neither the organisation's sources nor sources.yaml"))
    return problems


def _listing_dates(registry: Registry, org_id: str, org: dict[str, Any]) -> list[Problem]:
    """A listing dated before the organisation was founded cannot be."""
    if not org.get("founded"):
        return []
    founded = FuzzyDate.parse(org["founded"])
    return [_problem(registry, "org", org_id, ("listings", i, "listed"),
                     f"listed {listing['listed']}, before it was founded ({founded})")
            for i, listing in enumerate(org["listings"])
            if listing.get("listed") and FuzzyDate.parse(listing["listed"]).latest < founded.earliest]


def _on_cycle(registry: Registry, org_id: str) -> bool:
    seen: set[str] = set()
    current: str | None = org_id
    while current is not None and current in registry.organizations:
        if current in seen:
            return current == org_id
        seen.add(current)
        current = registry.organizations[current].get("parent")
    return False
