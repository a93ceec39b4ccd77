"""The statement of coverage of a data folder: which days its record covers, and how well.

`coverage.yaml`, at the top of a data folder beside `organizations.yaml`:

    checked: 2026-12-01          # the day the record was last searched
    spans:
      - to: 2026-05-31           # `from` left out: from the record's beginning
        level: complete          # every lab searched systematically
      - from: 2026-06-01
        to: 2026-11-18
        level: partial           # searched, but sources thinner: counts are a floor
        note: ...

After the last span the record covers nothing: a count there is unknown, never 0.
A span with `organizations: [ids]` applies only when a count is filtered to or
broken down by those organisations (a lab followed more closely than the rest).
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from ai_tracker.model.dates import FuzzyDate
from ai_tracker.model.ids import ID_PATTERN
from ai_tracker.model.schema import Strict, _fuzzy

COVERAGE_FILE = "coverage.yaml"
Level = Literal["complete", "partial"]
Key = Annotated[str, Field(pattern=ID_PATTERN)]


def _a_day(value: FuzzyDate) -> FuzzyDate:
    if value.precision != "day":
        raise PydanticCustomError("day", "'{value}' is not a day; expected YYYY-MM-DD", {"value": str(value)})
    return value


# A day, and only a day: coverage is stated to the day (an editor's YAML 1.2 reads it as a string).
Day = Annotated[FuzzyDate, BeforeValidator(_fuzzy), AfterValidator(_a_day), PlainSerializer(str, return_type=str),
                WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "YYYY-MM-DD"})]


class CoverageSpan(Strict):
    """Days the record covers at one level, for every lab or the organisations named."""

    start: Day | None = Field(None, alias="from", description="the first day covered (left out: from the "
                               "record's beginning)")
    to: Day = Field(description="the last day covered")
    level: Level = Field(description="complete: every lab searched systematically; partial: searched, sources "
                         "thinner, so a count is a floor")
    organizations: list[Key] = Field([], description="organisation ids this span is about (left out: every lab)")
    note: str | None = None

    @model_validator(mode="after")
    def _in_order(self) -> CoverageSpan:
        if self.start is not None and self.start.earliest > self.to.earliest:
            raise PydanticCustomError("order", "'from' {start} is after 'to' {to}",
                                      {"start": str(self.start), "to": str(self.to)})
        return self


class CoverageFile(Strict):
    checked: Day = Field(description="the day the record was last searched for releases")
    spans: list[CoverageSpan] = Field(description="the days covered; after the last, the record covers nothing")


def json_schema_text() -> str:
    schema: dict[str, Any] = CoverageFile.model_json_schema(by_alias=True)
    schema.pop("title", None)
    full = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "ai-tracker coverage.yaml", **schema}
    return json.dumps(full, indent=2, ensure_ascii=False) + "\n"
