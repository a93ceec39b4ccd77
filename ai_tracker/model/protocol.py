"""The one release type analysis reads: what a cached entry and the model both have.

`collection.catalog.Entry` (a validated record read back from the cache, no
Pydantic) and `model.schema.Release` (the model, built only when a command
needs every field) both satisfy `ReleaseLike`; filters, lookup and counting
take it, so they work on either without a union re-declared in each, and
mypy checks that both keep these attributes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ai_tracker.model.dates import FuzzyDate


class OrganizationLike(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def country(self) -> list[str]: ...

    @property
    def aliases(self) -> list[str]: ...

    @property
    def parent(self) -> str | None: ...

    @property
    def parent_country(self) -> str | None: ...

    @property
    def also_counted_in(self) -> list[str]: ...


class ReleaseLike(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def path(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def aliases(self) -> list[str]: ...

    @property
    def summary(self) -> str | None: ...

    @property
    def open_weights(self) -> bool | None: ...

    @property
    def predecessor(self) -> str | None: ...

    @property
    def categories(self) -> Sequence[str]: ...

    @property
    def released_on(self) -> FuzzyDate: ...

    @property
    def organization(self) -> Sequence[OrganizationLike]: ...

    @property
    def countries(self) -> list[str]: ...

    @property
    def org_names(self) -> list[str]: ...

    @property
    def org_terms(self) -> list[str]: ...
