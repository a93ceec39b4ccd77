"""The registry of a data folder: organisations and shared sources, each defined once.

Two optional files at the top of a data folder, beside the release files:

- `organizations.yaml`: a mapping of organisation id to what the organisation
  is (name, names in other scripts, kind, the country a release of it counts
  for and why, other countries a published tally counts it in, its parent,
  stock listings, website), each fact with its source.
- `sources.yaml`: a mapping of source id to a source cited by many releases
  (the seed article, a database snapshot), with the tallies it published.

A release file names an organisation by id (`organization: [zhipu-ai]`) and
cites a shared source by id (`source: article`) as it cites its own.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import Field, RootModel

from ai_tracker.model.ids import ID_PATTERN
from ai_tracker.model.schema import (
    MAX_ALIASES,
    SOURCE_KIND_DESCRIPTION,
    Country,
    Date,
    Name,
    NonEmpty,
    Source,
    SourceKind,
    SourceRef,
    Strict,
)

OrgKind = Literal["company", "lab-of-company", "university", "government", "non-profit", "collective"]
Key = Annotated[str, Field(pattern=ID_PATTERN)]


class CountedIn(Strict):
    """Another country where a published tally counts the organisation, and whose rule."""

    country: Country
    rule: NonEmpty  # e.g. "Epoch AI counts a lab in the country of each of its sites"
    source: SourceRef | None = None


class Listing(Strict):
    exchange: NonEmpty  # as people name it: "Hong Kong", "NASDAQ"
    ticker: str | None = None
    listed: Date | None = Field(None, description="the first day of trading")
    source: SourceRef


class OrganizationEntry(Strict):
    name: Name
    aliases: list[Name] = Field([], max_length=MAX_ALIASES,
                                    description="names in other scripts and other spellings (智谱, Z.ai)")
    kind: OrgKind | None = None
    country: Country = Field(description="the country its releases count for: the headquarters of the "
                                         "company that controls it (see country_note)")
    country_note: str | None = Field(None, description="why, where it is not simply the headquarters")
    country_source: SourceRef | None = None
    also_counted_in: list[CountedIn] = []
    parent: Key | None = Field(None, description="id of the organisation it is part of")
    listings: list[Listing] = []
    website: str | None = None
    founded: Date | None = Field(None, description="when it was founded, as precise as the source")
    founded_source: SourceRef | None = None
    sources: list[Source] = []


class OrganizationsFile(RootModel[dict[Key, OrganizationEntry]]):
    pass


class Tally(Strict):
    """Counts a source published for a period, to set beside the record's own."""

    period: NonEmpty = Field(description="an ISO week (2026-W07), a month (2026-02) or a year")
    by: Literal["region", "country"]
    counts: dict[str, int]
    note: str | None = None


class SharedSource(Strict):
    kind: Annotated[SourceKind | None, Field(description=SOURCE_KIND_DESCRIPTION)] = None
    title: NonEmpty
    publisher: str | None = None
    url: str | None = None
    date: Date | None = None
    note: str | None = None
    tallies: list[Tally] = []


class SourcesFile(RootModel[dict[Key, SharedSource]]):
    pass


def json_schema_text(kind: Literal["organizations", "sources"]) -> str:
    model = OrganizationsFile if kind == "organizations" else SourcesFile
    schema: dict[str, Any] = model.model_json_schema()
    schema.pop("title", None)
    full = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": f"ai-tracker {kind}.yaml", **schema}
    return json.dumps(full, indent=2, ensure_ascii=False) + "\n"
