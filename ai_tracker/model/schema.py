"""The release file, as Pydantic models.

One YAML file is one `ReleaseFile`; the loader adds the id (the file name) to
make a `Release`. Every fact carries `source:`, the id of an entry in the
file's `sources:` list, and the model checks that each one resolves.

Scalars reach these models as the text the user wrote (see `yamlstrict`), so
numbers, booleans and dates are parsed here, in Pydantic's lax mode, and a
field typed `str` keeps `2.10` or `NO` exactly as written.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    SerializerFunctionWrapHandler,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    model_serializer,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from ai_tracker.model import FILLED, countries, vocab
from ai_tracker.model.dates import FORMS, FuzzyDate
from ai_tracker.model.ids import ID_PATTERN
from ai_tracker.text import name_problem


def _fuzzy(value: Any) -> FuzzyDate:
    if isinstance(value, FuzzyDate):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("date", "expected {forms}", {"forms": FORMS})
    try:
        return FuzzyDate.parse(value)
    except ValueError as exc:
        raise PydanticCustomError("date", "{reason}", {"reason": str(exc)}) from None


Date = Annotated[
    FuzzyDate,
    BeforeValidator(_fuzzy),
    PlainSerializer(str, return_type=str),
    # Describes the YAML as an editor parses it (YAML 1.2): `2026-02-12` is a
    # string there, but a year alone (`2026`) is an integer, and both are valid.
    WithJsonSchema({
        "anyOf": [
            {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2}(\.\.(\d{4}-)?(\d{2}-)?\d{2})?)?)?$"},
            {"type": "integer", "minimum": 1000, "maximum": 9999},
        ],
        "description": f"A date as precise as its source: {FORMS}.",
    }),
]


def _in(kind: str, words: dict[str, str]) -> AfterValidator:
    """A validator that accepts only the vocabulary's words, naming the nearest one."""
    def check(value: str) -> str:
        if value in words:
            return value
        near = vocab.nearest(value, words, n=1)
        hint = vocab.did_you_mean(near, quoted=True, before="", after=" ")
        raise PydanticCustomError(
            "vocabulary", "unknown {kind} '{value}'; {hint}expected one of: {valid}",
            {"kind": kind, "value": value, "hint": hint, "valid": ", ".join(words)})

    return AfterValidator(check)


def _enum(words: dict[str, str]) -> WithJsonSchema:
    return WithJsonSchema({"enum": list(words)})


# Written out (not made by a function) so that type checkers see them as types.
Category = Annotated[str, _in("category", vocab.CATEGORIES), _enum(vocab.CATEGORIES)]
Modality = Annotated[str, _in("modality", vocab.MODALITIES), _enum(vocab.MODALITIES)]
AccessKind = Annotated[str, _in("access kind", vocab.ACCESS), _enum(vocab.ACCESS)]
EventKind = Annotated[str, _in("event kind", vocab.EVENT_KINDS), _enum(vocab.EVENT_KINDS)]
Claimant = Annotated[str, _in("claimant", vocab.CLAIMANTS), _enum(vocab.CLAIMANTS)]
Relation = Annotated[str, _in("relation", vocab.RELATIONS), _enum(vocab.RELATIONS)]
SourceKind = Annotated[str, _in("source kind", vocab.SOURCE_KINDS), _enum(vocab.SOURCE_KINDS)]


def _country(value: str) -> str:
    if countries.is_code(value):
        return value
    better = countries.suggest(value)
    hint = vocab.did_you_mean([f"'{better}' ({countries.name_of(better)})"] if better else [])
    raise PydanticCustomError(
        "country", "unknown country code '{value}': expected an ISO 3166-1 alpha-2 code "
        "such as CN, US, GB, FR{hint}", {"value": value, "hint": hint})


_COUNTRY_SCHEMA = {"type": "string", "pattern": "^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2 country code"}
Country = Annotated[str, AfterValidator(_country), WithJsonSchema(_COUNTRY_SCHEMA)]


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


SourceRef = Annotated[str, Field(description="id of an entry in this file's `sources:`")]
NonEmpty = Annotated[str, Field(min_length=1, pattern=r"\S")]


STORED = {"stored": True}  # model_validate's context for a record read and checked before


def _visible(value: str, info: ValidationInfo) -> str:
    # A record from the cache was checked when its file was read; built again into a
    # model, it is not refused (a planted record's text is escaped by every output).
    problem = None if (info.context or {}).get("stored") else name_problem(value)
    if problem:
        raise PydanticCustomError("invisible", "{problem}", {"problem": problem})
    return value


# A name or an alias: what lookup matches and every list shows, so nothing invisible in it
# (`text.name_problem`): "Nova 5" with a soft hyphen or a Hangul filler looks like "Nova 5".
Name = Annotated[str, Field(min_length=1, pattern=r"\S"), AfterValidator(_visible)]

# Limits no real file comes near (the most aliases a bundled release has is a handful,
# the most sources a dozen), so that a crafted file cannot make lookups and checks slow.
MAX_ALIASES = 100  # per release, and per organisation
MAX_SOURCES = 1_000  # per release file


def _no_repeats(values: list[str]) -> list[str]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise PydanticCustomError("repeated", "'{value}' is listed twice", {"value": value})
        seen.add(value)
    return values


Once = AfterValidator(_no_repeats)  # a list of words where each may appear once


# Defaults made fresh for each record. A literal `= []` is deep-copied by Pydantic for
# every record that leaves the field out (copy.deepcopy: about a third of the time of
# validating a typical release); a factory is a C call. The JSON Schema still says
# `"default": []`, as an editor should show it.
def empty_list() -> Any:
    return Field(default_factory=list, json_schema_extra={"default": []})


def empty_dict() -> Any:
    return Field(default_factory=dict, json_schema_extra={"default": {}})


class Strict(BaseModel):
    """Base for every part of a release file: unknown fields are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


SOURCE_KIND_DESCRIPTION = ("what kind of page it is: " + "; ".join(f"{k}: {v}" for k, v in vocab.SOURCE_KINDS.items())
                           + ". Required in the bundled record; left out, the kind is unknown (never `secondary`)")


class Source(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="short key facts refer to")]
    kind: Annotated[SourceKind | None, Field(description=SOURCE_KIND_DESCRIPTION)] = None
    title: NonEmpty
    publisher: str | None = None
    url: str | None = None
    date: Date | None = None
    note: str | None = None


OrgId = Annotated[str, Field(pattern=ID_PATTERN, description="id of an organisation in organizations.yaml")]
INLINE, BY_ID = "inline", "by-id"  # the two forms of an organisation in a release file
UNION_TAGS = frozenset({INLINE, BY_ID})


class Organization(Strict):
    """An organisation as a release sees it: written inline, or filled in from the
    registry (`organizations.yaml`) where the file names it by id."""

    # Set when filled in from the registry; not for writing by hand (so not in the JSON Schema).
    id: SkipJsonSchema[str | None] = None
    name: Name
    # One code or a list (`_one_or_many`): the JSON Schema must accept both, as the loader does.
    country: Annotated[list[Country], BeforeValidator(_one_or_many), Field(min_length=1), Once, WithJsonSchema(
        {"anyOf": [_COUNTRY_SCHEMA, {"type": "array", "items": _COUNTRY_SCHEMA, "minItems": 1}]})] = Field(
        description="ISO 3166-1 alpha-2 code, or a list where the organisation has several homes")
    # An empty alias would be a name that matches nothing anyone types.
    aliases: Annotated[list[Name], Field(max_length=MAX_ALIASES)] = empty_list()
    parent: str | None = None
    # Filled in from the registry, for `--attribution parent` and `wide` (not written by hand).
    parent_country: SkipJsonSchema[str | None] = None
    also_counted_in: SkipJsonSchema[list[str]] = empty_list()


class Released(Strict):
    date: Date
    source: SourceRef
    # `validate --strict` fails on a curated release whose day rests only on a
    # secondary or gateway page; this says the file knows and no better page was found.
    secondary_only: bool = Field(False, description=(
        "true where only secondary or gateway pages give the day and no vendor, press, paper, repository "
        "or database page was found (say where you looked in `note`): `validate` still warns, "
        "`--strict` does not fail"))
    note: str | None = None

    @model_serializer(mode="wrap")
    def _as_written(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # secondary_only is said where true, as in the files: no `false` in every record.
        data: dict[str, Any] = handler(self)
        if not self.secondary_only:
            data.pop("secondary_only", None)
        return data


class Event(Strict):
    date: Date
    kind: EventKind
    note: NonEmpty
    source: SourceRef


class Modalities(Strict):
    input: Annotated[list[Modality], Once] = empty_list()
    output: Annotated[list[Modality], Once] = empty_list()


class Pricing(Strict):
    model: Literal["free", "freemium", "subscription", "pay-per-use", "enterprise", "open-source"]
    note: str | None = None
    source: SourceRef


class Spec(Strict):
    # Sizes, windows and prices: none is negative or infinite, so such a value is a typo.
    value: float = Field(ge=0, allow_inf_nan=False)
    unit: str | None = None
    approximate: bool = False
    note: str | None = None
    source: SourceRef


class Highlight(Strict):
    text: NonEmpty
    source: SourceRef


class Benchmark(Strict):
    name: NonEmpty
    score: float
    unit: str | None = None
    claimed_by: Claimant
    note: str | None = None
    source: SourceRef


class Claim(Strict):
    text: NonEmpty
    about: str | None = Field(None, description="id of the release the claim names, if in the collection")
    relation: Relation | None = None
    claimed_by: Claimant
    who: str | None = Field(None, description="who makes the claim, by name")
    note: str | None = None
    source: SourceRef


class MarketReaction(Strict):
    company: NonEmpty
    listing: str | None = None
    date: Date
    change_percent: float | None = None
    market_cap_change_usd: float | None = None
    note: str | None = None
    source: SourceRef


class Quote(Strict):
    speaker: NonEmpty
    role: str | None = None
    text: NonEmpty
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$", description="BCP 47 tag")]
    translation: str | None = None
    note: str | None = None
    source: SourceRef


class Community(Strict):
    metric: NonEmpty
    value: float
    period: str | None = None
    note: str | None = None
    source: SourceRef


class Origin(Strict):
    """Where an imported release came from: the database, the row's key in it (how a
    re-import finds this file again) and the source's own words for what it rated or
    classed, kept as written because our fields cannot hold them all."""

    database: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="e.g. epoch")]
    key: NonEmpty
    confidence: str | None = Field(None, description="the source's confidence rating, as written")
    accessibility: str | None = Field(None, description="the source's access class, as written")
    domain: str | None = Field(None, description="the source's domain(s), as written")
    same_as: str | None = Field(None, pattern=ID_PATTERN, description=(
        "id of the release in the collection that this record is a record of (written by `ai-tracker "
        "import` when the collection already holds the model): counted once, as that release"))


class Link(Strict):
    """A record of another database that is this release (Epoch's row, models.dev's file)."""

    database: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="e.g. epoch, models-dev")]
    key: Annotated[NonEmpty, Field(description="the record's origin.key: Epoch's model name, models.dev's "
                                                "model id (openai/gpt-4)")]


class Variant(Strict):
    """One model of a release announced together with others (GPT-5.4 with its
    mini and nano; four sizes of one open model): its own name, id in its
    source, specs and prices, so `show` and `compare` can tell them apart."""

    name: Name
    key: str | None = Field(None, description="the variant's id in its source, e.g. models.dev's file name")
    released: Date | None = Field(None, description="only where it differs from the release's date")
    open_weights: bool | None = None
    specs: dict[str, Spec] = empty_dict()
    note: str | None = None
    source: SourceRef


class ReleaseFile(Strict):
    """Everything one release file may say. Only name, organization, released,
    categories and sources are required. Every `source:` must be the id of an
    entry in `sources:`; the loader checks that (`loader.source_problems`), on
    the file as written, so it can report it together with any other error."""

    name: Name
    aliases: Annotated[list[Name], Field(max_length=MAX_ALIASES)] = empty_list()
    # An id of the registry (`zhipu-ai`), or the organisation written out inline. Tagged
    # by the value's own type, so an error speaks of the one the file meant (the loader
    # drops the tag from the field path).
    organization: Annotated[Sequence[Annotated[
        Annotated[Organization, Tag(INLINE)] | Annotated[OrgId, Tag(BY_ID)],
        Discriminator(lambda value: BY_ID if isinstance(value, str) else INLINE)]], Field(min_length=1)]
    released: Released
    events: list[Event] = empty_list()
    categories: Annotated[list[Category], Field(min_length=1), Once]
    modalities: Modalities | None = None
    open_weights: bool | None = None
    license: str | None = None
    access: Annotated[list[AccessKind], Once] = empty_list()
    pricing: Pricing | None = None
    predecessor: str | None = Field(None, description="id of the previous release, if in the collection")
    summary: str | None = None
    highlights: list[Highlight] = empty_list()
    specs: dict[str, Spec] = empty_dict()
    variants: list[Variant] = empty_list()
    benchmarks: list[Benchmark] = empty_list()
    claims: list[Claim] = empty_list()
    market_reaction: list[MarketReaction] = empty_list()
    quotes: list[Quote] = empty_list()
    community: list[Community] = empty_list()
    origin: Origin | None = Field(None, description="set by `ai-tracker import`: where the release came from")
    links: Annotated[list[Link], Field(description=(
        "records of other databases that are this release; each is counted once, as this one"))] = empty_list()
    # This file's own sources; a fact may also cite a shared source (sources.yaml) by id.
    sources: Annotated[list[Source], Field(max_length=MAX_SOURCES)] = empty_list()


class StoredRelease(ReleaseFile):
    """A release file as validated on its own, with the id the collection gives it:
    organisations and shared sources are still ids (the cache holds these). The
    properties read the organisations written inline; a `Release` has all."""

    id: str
    path: str

    @property
    def inline_organizations(self) -> list[Organization]:
        return [org for org in self.organization if isinstance(org, Organization)]

    @property
    def countries(self) -> list[str]:
        """Every country of every organisation, in order, once each."""
        return list(dict.fromkeys(c for org in self.inline_organizations for c in org.country))

    @property
    def org_names(self) -> list[str]:
        return [org.name for org in self.inline_organizations]

    @property
    def org_terms(self) -> list[str]:
        """Every name an organisation goes by: name, aliases, parent, registry id."""
        return [t for org in self.inline_organizations for t in (org.name, *org.aliases, org.parent, org.id) if t]

    @property
    def released_on(self) -> FuzzyDate:
        return self.released.date


class RecordOf(Strict):
    """One file's record of a release that several files record: what `show` lists."""

    id: str
    path: str
    database: str | None  # None: a curated file (not written by an importer)
    key: str | None
    name: str
    released: Released
    source: Source | None  # the source its date cites
    counted: bool
    why: str  # why it comes where it does in the precedence


class Release(StoredRelease):
    """A release with its organisations filled in from the registry and the shared
    sources it cites added to `sources`: what every command reads."""

    organization: Annotated[list[Organization], Field(min_length=1)]
    sources: Annotated[list[Source], Field(min_length=1)]
    # Every file that records this release, the counted one first (collection/matching.py):
    # filled in at load where several do; never written in a file.
    records: SkipJsonSchema[list[RecordOf]] = []


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a release file, for editors and `check-jsonschema`.

    It describes the YAML as an editor parses it (YAML 1.2: numbers are
    numbers, dates are strings), which is what editors and check-jsonschema
    validate; `ai-tracker validate` remains the full check (it also resolves
    source ids and cross-file references, which JSON Schema cannot).
    """
    schema = ReleaseFile.model_json_schema()
    schema.pop("title", None)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "ai-tracker release file",
            **schema}


def json_schema_text() -> str:
    """`json_schema()` as the exact text of the committed `releases/release.schema.json`."""

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def record(release: StoredRelease) -> dict[str, Any]:
    """The full validated record as plain JSON-ready data, id first (an inline
    organisation has no registry id: none is written)."""
    data = {"id": release.id, **release.model_dump(mode="json", exclude={"id", "path"})}
    data["organization"] = [{k: v for k, v in org.items() if k not in FILLED or v} if isinstance(org, dict)
                            else org for org in data["organization"]]
    if not data.get("records"):  # filled in only for a release that several files record
        data.pop("records", None)
    return data
