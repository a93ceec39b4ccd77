"""One release as a page a person reads top to bottom (`ai-tracker show`).

Builds a `document.Document` from a `Release`: nothing here prints. Every
value in the file appears on the page (the tests check this for every
bundled release), each fact followed by `[n]`, the number of its source in
the "Sources" section at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ai_tracker.collection.sourcing import weak_mark
from ai_tracker.output.document import Document, Entry, Section, print_rich, to_markdown, to_plain
from ai_tracker.output.views import Column, PageView, TableView
from ai_tracker.output.wording import (
    claimant,
    country_label,
    market_text,
    number,
    quantity,
    release_ref,
    spec_label,
    spec_text,
)

if TYPE_CHECKING:
    from ai_tracker.collection.catalog import Catalog
    from ai_tracker.model.schema import Release, Source

Refs = Callable[[str], list[int]]


def build(release: Release, catalog: Catalog) -> Document:
    numbers = {s.id: i for i, s in enumerate(release.sources, 1)}

    def ref(source_id: str) -> list[int]:
        return [numbers[source_id]] if source_id in numbers else []

    subtitle = f"id: {release.id}"
    if release.aliases:
        subtitle += " · also known as: " + ", ".join(release.aliases)
    return _marked(release, Document(release.name, subtitle, [
        Section("", _header(release, catalog, ref), "fields"),
        Section("Records", _records(release)),
        Section("Summary", [Entry(release.summary)] if release.summary else [], "paragraph"),
        Section("Highlights", [Entry(h.text, ref(h.source)) for h in release.highlights]),
        Section("Specs", _specs(release, ref)),
        Section("Variants", _variants(release, ref)),
        Section("Benchmarks", _benchmarks(release, ref)),
        Section("Claims", _claims(release, catalog, ref)),
        Section("Market reaction", [Entry(market_text(m), ref(m.source), details=_opt(m.note))
                                    for m in release.market_reaction]),
        Section("Events", _events(release, ref)),
        Section("Quotes", _quotes(release, ref)),
        Section("Community", _community(release, ref)),
        Section("Related releases", _related(release, catalog)),
        Section("Sources", [_source(s) for s in release.sources], "sources"),
    ]))


def _marked(release: Release, doc: Document) -> Document:
    """Mark each fact whose sources are all secondary or gateway pages (README,
    "Conventions": kinds of source), so a reader sees what it rests on."""
    kinds = {n: s.kind for n, s in enumerate(release.sources, 1)}
    for section in doc.sections:
        if section.kind == "sources":
            continue
        for entry in section.entries:
            if entry.refs:
                entry.mark = weak_mark(kinds.get(n) for n in entry.refs)
    return doc


def _opt(text: str | None) -> list[str]:
    return [text] if text else []


def _header(release: Release, catalog: Catalog, ref: Refs) -> list[Entry]:
    entries = []
    for org in release.organization:
        details = []
        if org.aliases:
            details.append("also known as: " + ", ".join(org.aliases))
        if org.parent:
            details.append(f"part of: {org.parent}")
        if org.also_counted_in:
            details.append("some tallies also count it in " + ", ".join(country_label(c) for c in org.also_counted_in))
        if org.parent_country:
            details.append(f"its top parent is in {country_label(org.parent_country)}")
        if org.id:
            details.append(f"in the registry as {org.id} (`ai-tracker orgs show {org.id}`)")
        places = "; ".join(country_label(c) for c in org.country)
        entries.append(Entry(f"{org.name} — {places}", label="Organization", details=details))
    entries.append(Entry(release.released.date.describe(), ref(release.released.source),
                         label="Released", details=_opt(release.released.note)))
    if release.origin is not None:
        # Never shown as checked by hand: an imported record's facts are its database's.
        entries.append(Entry(f"from {release.origin.database} ({release.origin.key}), not checked by hand",
                             label="Imported"))
    entries.append(Entry(", ".join(release.categories), label="Categories"))
    if release.modalities:
        for side in ("input", "output"):
            kinds = getattr(release.modalities, side)
            if kinds:
                entries.append(Entry(", ".join(kinds), label=side.capitalize()))
    if release.open_weights is not None:
        entries.append(Entry("yes" if release.open_weights else "no", label="Open weights"))
    if release.license:
        entries.append(Entry(release.license, label="License"))
    if release.access:
        entries.append(Entry(", ".join(release.access), label="Access"))
    if release.pricing:
        entries.append(Entry(release.pricing.model, ref(release.pricing.source), label="Pricing",
                             details=_opt(release.pricing.note)))
    if release.predecessor:
        entries.append(Entry(release_ref(catalog, release.predecessor), label="Predecessor"))
    return entries


def _records(release: Release) -> list[Entry]:
    """Each file that records this release, with its date and that date's source, the
    counted one first (collection/matching.py's precedence): where sources disagree,
    every value stays visible with where it came from."""
    entries = []
    for rec in release.records:
        kind = "curated file" if rec.database is None else f"{rec.database} record '{rec.key}'"
        details = [f"{rec.name}, in {rec.path}"]
        if rec.source is not None:
            src = rec.source
            details.append("date from: " + ", ".join(
                str(x) for x in (src.title, src.publisher, src.date, src.url) if x))
        if rec.released.note:
            details.append(rec.released.note)
        details.append(("counted: " if rec.counted else "not counted: ") + rec.why)
        entries.append(Entry(f"{rec.released.date.describe()} — {kind} ({rec.id})", details=details))
    if entries:
        entries.append(Entry("The date counted is the first: the curated file, then the records it links, "
                             "then the most precise date (docs/data-folders.md)."))
    return entries


def _specs(release: Release, ref: Refs) -> list[Entry]:
    return [Entry(f"{spec_label(key)}: {spec_text(spec)}", ref(spec.source), details=_opt(spec.note))
            for key, spec in release.specs.items()]


def _variants(release: Release, ref: Refs) -> list[Entry]:
    """One entry per variant: its name and key, then what sets it apart, each spec
    with its own source marker where that differs from the variant's."""
    entries = []
    for variant in release.variants:
        head = variant.name + (f" ({variant.key})" if variant.key else "")
        facts = []
        if variant.released is not None:
            facts.append(f"released {variant.released}")
        if variant.open_weights is not None:
            facts.append("open weights" if variant.open_weights else "closed weights")
        facts += [f"{spec_label(key)}: {spec_text(spec)}" for key, spec in variant.specs.items()]
        sources = [variant.source, *(spec.source for spec in variant.specs.values())]
        details = [*_opt(variant.note), *(spec.note for spec in variant.specs.values() if spec.note)]
        refs = sorted({n for source in sources for n in ref(source)})
        entries.append(Entry(head + (": " + "; ".join(facts) if facts else ""), refs, details=details))
    return entries


def _benchmarks(release: Release, ref: Refs) -> list[Entry]:
    return [Entry(f"{b.name}: {quantity(b.score, b.unit)}, claimed by {b.claimed_by}",
                  ref(b.source), details=_opt(b.note))
            for b in release.benchmarks]


def _claims(release: Release, catalog: Catalog, ref: Refs) -> list[Entry]:
    entries = []
    for claim in release.claims:
        details = [f"claimed by {claimant(claim)}"]
        if claim.about:
            relation = f"{claim.relation} " if claim.relation else ""
            details.append(f"about: {relation}{release_ref(catalog, claim.about)}")
        elif claim.relation:
            details.append(f"relation: {claim.relation}")
        details += _opt(claim.note)
        entries.append(Entry(claim.text, ref(claim.source), details=details))
    return entries


def _events(release: Release, ref: Refs) -> list[Entry]:
    ordered = sorted(release.events, key=lambda e: (e.date.earliest, e.date.latest))
    return [Entry(f"{e.date.describe()} — {e.kind}: {e.note}", ref(e.source)) for e in ordered]


def _quotes(release: Release, ref: Refs) -> list[Entry]:
    entries = []
    for q in release.quotes:
        who = f"— {q.speaker}, {q.role}" if q.role else f"— {q.speaker}"
        details = [f"{who} (in {q.language})"]
        if q.translation:
            details.append(f"translation: “{q.translation}”")
        details += _opt(q.note)
        entries.append(Entry(f"“{q.text}”", ref(q.source), details=details))
    return entries


def _community(release: Release, ref: Refs) -> list[Entry]:
    entries = []
    for c in release.community:
        period = f" ({c.period})" if c.period else ""
        entries.append(Entry(f"{c.metric}: {number(c.value)}{period}", ref(c.source), details=_opt(c.note)))
    return entries


def _related(release: Release, catalog: Catalog) -> list[Entry]:
    entries = []
    if release.predecessor:
        entries.append(Entry(f"predecessor: {release_ref(catalog, release.predecessor)}"))
    for successor in catalog.successors(release.id):
        entries.append(Entry(f"successor: {successor.name} ({successor.id}), "
                             f"released {successor.released.date}"))
    for other, index in catalog.claims_about(release.id):
        claim = other.claims[index]
        relation = f" ({claim.relation})" if claim.relation else ""
        entries.append(Entry(f"named in a claim of {other.name} ({other.id}){relation}: "
                             f"“{claim.text}”", details=[f"claimed by {claimant(claim)}"]))
    for claim in release.claims:
        if claim.about and claim.about != release.id:
            entries.append(Entry(f"named in this release's claims: {release_ref(catalog, claim.about)}"))
    return _dedupe(entries)


def _dedupe(entries: list[Entry]) -> list[Entry]:
    seen: set[str] = set()
    kept = []
    for entry in entries:
        if entry.text not in seen:
            seen.add(entry.text)
            kept.append(entry)
    return kept


def _source(source: Source) -> Entry:
    details = []
    facts = [p for p in (source.publisher, source.date.describe() if source.date else None) if p]
    if facts:
        details.append(", ".join(facts))
    if source.url:
        details.append(source.url)
    if source.note:
        details.append(source.note)
    details.append(f"id: {source.id}" + (f" · kind: {source.kind}" if source.kind else ""))
    return Entry(source.title, details=details)


def view(release: Release, catalog: Catalog, data: dict[str, Any] | None = None) -> PageView:
    """The page in every format: json/yaml get the record as the file says it (`data`,
    else the model's), and csv/tsv one row per field, addressed as in `validate`'s messages."""
    page = build(release, catalog)
    if data is None:
        # Lazy: `show` reads a cached record and passes it; only a model needs the schema.
        from ai_tracker.model.schema import record

        data = record(release)
    rows = [{"field": f, "value": v} for f, v in flatten(data)]
    table = TableView(columns=[Column("field", "field"), Column("value", "value")], rows=rows)
    return PageView(text=lambda markdown: to_markdown(page) if markdown else to_plain(page),
                    rich=lambda console: print_rich(page, console), records=data, table=table,
                    title=release.name)


def flatten(data: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """{'claims': [{'text': 'x'}]} -> [('claims[0].text', 'x')]; empty lists and None left out."""
    if isinstance(data, dict):
        return [pair for key, value in data.items()
                for pair in flatten(value, f"{prefix}.{key}" if prefix else str(key))]
    if isinstance(data, list):
        return [pair for i, value in enumerate(data) for pair in flatten(value, f"{prefix}[{i}]")]
    return [] if data is None else [(prefix, data)]
