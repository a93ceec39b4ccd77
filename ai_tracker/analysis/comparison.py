"""Two or more releases side by side, as data: rows of facts and worked-out notes.

`build` returns a `Comparison`: one `Row` per fact any of the releases has
(display text per release, and whether they differ) and `Note`s saying what a
person would otherwise work out by hand: the order and gap in days (honest
about month-only or window dates), differences in specs and benchmark
scores, shared modalities, claims one makes about another, and lineage.
No printing here; the CLI renders it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ai_tracker.analysis.lookup import find_all, fold
from ai_tracker.errors import UsageError
from ai_tracker.model.schema import record
from ai_tracker.output.wording import (
    claimant,
    country_label,
    market_text,
    number,
    pricing_text,
    quantity,
    release_ref,
    series,
    spec_label,
    spec_text,
    yes_no,
)

if TYPE_CHECKING:
    from ai_tracker.collection.catalog import Catalog
    from ai_tracker.model.dates import FuzzyDate
    from ai_tracker.model.schema import Benchmark, Release, Source

_MAX_LINEAGE = 50  # predecessor chains longer than this are not followed (and never loop)


UNKNOWN = "unknown"  # a language model's context window, output or price its file does not give
NOT_APPLICABLE = "n/a"  # a price of a release offered without an API (`access` lacks `api`)
PLACEHOLDERS = frozenset({"", UNKNOWN, NOT_APPLICABLE})  # a value no source states
# The rows an analyst compares language models on: always shown for them, `unknown` where missing.
LANGUAGE_SPECS = ("context_window", "max_output", "input_price", "output_price")
PRICE_SPECS = frozenset({"input_price", "output_price"})


def stated(value: str) -> bool:
    """Does a row's display value say something (not empty, `unknown` or `n/a`)?"""
    return value not in PLACEHOLDERS


@dataclass
class Row:
    key: str  # stable machine key: "released", "spec:context_window", "benchmark:SWE-bench Verified"
    fact: str  # label for people
    values: list[str]  # display text, one per release, "" (or unknown, n/a) where a release says nothing
    differs: bool
    cites: list[list[str]] = field(default_factory=list)  # per release: the ids of the sources of its value
    refs: list[list[int]] = field(default_factory=list)  # the same as numbers of `Comparison.sources`
    same: list[Any] = field(default_factory=list)  # per release, what differs is compared on (a set of words)
    # Per release, the value as JSON (numbers with their unit, lists, booleans), None where unknown.
    data: list[Any] = field(default_factory=list)

    @property
    def odd(self) -> list[bool]:
        """Per release: does its value differ from the one most of the others share?
        Only with three or more releases, where a value is shared by two or more;
        a release that says nothing is never the odd one."""
        keys = self.same or self.values
        said = [k for k, v in zip(keys, self.values) if stated(v)]
        if len(self.values) < 3 or not self.differs or not said:
            return [False] * len(self.values)
        common = max(set(said), key=said.count)
        if said.count(common) < 2:
            return [False] * len(self.values)
        return [stated(v) and k != common for k, v in zip(keys, self.values)]

    def to_dict(self, ids: Sequence[str]) -> dict[str, Any]:
        """The row as JSON: each release's value as data (`data`), never display text;
        null where unknown, and the releases a price does not apply to listed."""
        odd = [i for i, flag in zip(ids, self.odd) if flag]
        data = self.data or [v if stated(v) else None for v in self.values]
        absent = [i for i, v in zip(ids, self.values) if v == NOT_APPLICABLE]
        return {"key": self.key, "fact": self.fact, "values": dict(zip(ids, data)),
                **({"not_applicable": absent} if absent else {}),
                "differs": self.differs, **({"odd": odd} if odd else {}),
                **({"sources": {i: r for i, r in zip(ids, self.refs) if r}} if any(self.refs) else {})}


@dataclass
class Cited:
    """A source the comparison's values cite, numbered as `show` numbers them."""

    number: int
    source: Source
    releases: list[str]  # ids of the releases whose values cite it

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, **self.source.model_dump(mode="json"), "releases": self.releases}


@dataclass
class Note:
    kind: str  # order, gap, spec, benchmark, modalities, claim, lineage
    text: str
    releases: list[str]  # ids the note is about
    data: dict[str, Any] = field(default_factory=dict)  # the numbers behind the text

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "releases": self.releases, **self.data}


@dataclass
class Comparison:
    releases: list[Release]
    rows: list[Row]
    notes: list[Note]
    sources: list[Cited] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        return [r.id for r in self.releases]


def resolve(catalog: Catalog, names: Sequence[str]) -> list[Release]:
    """The releases named, checked to be at least two different ones."""
    check_count(names)
    releases = find_all(catalog, names)
    seen: dict[str, str] = {}
    for typed, release in zip(names, releases):
        if release.id in seen:
            raise UsageError(f"'{seen[release.id]}' and '{typed}' are the same release "
                             f"({release.name}, {release.id}); compare needs different releases")
        seen[release.id] = typed
    return releases


def check_count(names: Sequence[str]) -> None:
    if len(names) < 2:
        given = f"only '{names[0]}' was given" if names else "none was given"
        raise UsageError(f"compare needs two or more release names; {given} "
                         "(example: ai-tracker compare GLM-5 \"Claude Opus 4.5\")")


def build(releases: Sequence[Release], catalog: Catalog) -> Comparison:
    releases = list(releases)
    label = _labeller(releases)
    rows = [row for row in _rows(releases, catalog) if any(row.values)]  # `unknown` and `n/a` keep a row
    sources = _number_sources(releases, rows)
    notes = [*_date_notes(releases, label), *_spec_notes(releases, label),
             *_benchmark_notes(releases, label), *_modality_notes(releases, label),
             *_claim_notes(releases, label), *_lineage_notes(releases, catalog, label)]
    return Comparison(releases, rows, notes, sources)


def _number_sources(releases: list[Release], rows: list[Row]) -> list[Cited]:
    """Number every source a value cites, in the order the table cites them; a source
    two releases share (same title and URL) is one number."""
    numbered: dict[tuple[str, str | None], Cited] = {}
    for row in rows:
        row.refs = []
        for release, ids in zip(releases, row.cites):
            own = {s.id: s for s in release.sources}
            refs = []
            for source_id in ids:
                source = own.get(source_id)
                if source is None:
                    continue
                key = (source.title, source.url)
                cited = numbered.setdefault(key, Cited(len(numbered) + 1, source, []))
                if release.id not in cited.releases:
                    cited.releases.append(release.id)
                if cited.number not in refs:
                    refs.append(cited.number)
            row.refs.append(refs)
    return list(numbered.values())


def _labeller(releases: Sequence[Release]) -> Callable[[Release], str]:
    """Releases by name in notes; by name and id where two share a name."""
    names = [r.name for r in releases]

    def label(release: Release) -> str:
        return release.name if names.count(release.name) == 1 else f"{release.name} ({release.id})"

    return label


# ---------------------------------------------------------------- rows


def _rows(releases: list[Release], catalog: Catalog) -> list[Row]:
    def row(key: str, fact: str, value: Callable[[Release], str],
            cite: Callable[[Release], list[str]] = lambda r: [], words: Callable[[Release], list[str]] | None = None,
            data: Callable[[Release], Any] | None = None) -> Row:
        values = [value(r) for r in releases]
        # A set of words (categories, access) is shown in the file's order, as `show`
        # shows it, and differs only when the sets differ.
        same = [tuple(sorted(words(r))) for r in releases] if words else values
        # A release that says nothing has an unknown value, not a different one: marking
        # the row would claim a difference no source makes, and hide that the others agree.
        said = {k for k, v in zip(same, values) if stated(v)}
        # As JSON: the data itself where given; else a list of words, or the text; None if unstated.
        datas = [(data(r) if data else list(words(r)) if words else v) if stated(v) else None
                 for r, v in zip(releases, values)]
        return Row(key, fact, values, len(said) > 1, [cite(r) for r in releases], same=list(same), data=datas)

    def inputs(r: Release) -> list[str]:
        return list(r.modalities.input) if r.modalities else []

    def outputs(r: Release) -> list[str]:
        return list(r.modalities.output) if r.modalities else []

    rows = [
        row("organization", "Organization", lambda r: ", ".join(r.org_names), data=lambda r: r.org_names),
        row("country", "Country", lambda r: ", ".join(country_label(c) for c in r.countries),
            data=lambda r: r.countries),
        row("released", "Released", lambda r: r.released.date.describe(), lambda r: [r.released.source],
            data=lambda r: str(r.released.date)),
    ]
    if any(r.records for r in releases):  # where several files record a release: each one's date
        rows.append(row("recorded", "Dates by source", lambda r: "; ".join(
            f"{rec.released.date} ({rec.database or 'curated'}{', counted' if rec.counted else ''})"
            for rec in r.records), data=lambda r: [
                {"date": str(rec.released.date), "database": rec.database, "counted": rec.counted}
                for rec in r.records]))
    rows += [
        row("categories", "Categories", lambda r: ", ".join(r.categories), words=lambda r: r.categories),
        row("input", "Input", lambda r: ", ".join(inputs(r)), words=inputs),
        row("output", "Output", lambda r: ", ".join(outputs(r)), words=outputs),
        row("open_weights", "Open weights", lambda r: yes_no(r.open_weights), data=lambda r: r.open_weights),
        row("license", "License", lambda r: r.license or ""),
        row("access", "Access", lambda r: ", ".join(r.access), words=lambda r: r.access),
        row("pricing", "Pricing", lambda r: pricing_text(r), lambda r: [r.pricing.source] if r.pricing else [],
            data=lambda r: r.pricing.model_dump(mode="json", exclude={"source"}) if r.pricing else None),
    ]
    for key in _spec_keys(releases):
        rows.append(row(f"spec:{key}", spec_label(key),
                        lambda r, k=key: spec_value(r, k),  # type: ignore[misc]
                        lambda r, k=key: [r.specs[k].source] if k in r.specs else [],  # type: ignore[misc]
                        data=lambda r, k=key: r.specs[k].model_dump(  # type: ignore[misc]
                            mode="json", include={"value", "unit", "approximate"})))
    for folded, name in benchmark_names(releases).items():
        rows.append(row(f"benchmark:{name}", name, lambda r, f=folded: "; ".join(  # type: ignore[misc]
            f"{quantity(b.score, b.unit)} ({b.claimed_by})" for b in scores(r, f)),
            lambda r, f=folded: [b.source for b in scores(r, f)],  # type: ignore[misc]
            data=lambda r, f=folded: [b.model_dump(mode="json", include={"score", "unit", "claimed_by"})  # type: ignore[misc]
                                      for b in scores(r, f)]))
    rows.append(row("market_reaction", "Market reaction",
                    lambda r: "; ".join(market_text(m, precision=False) for m in r.market_reaction),
                    lambda r: [m.source for m in r.market_reaction]))
    rows.append(row("predecessor", "Predecessor", lambda r: release_ref(catalog, r.predecessor),
                    data=lambda r: r.predecessor))
    return rows


def is_language_model(release: Release) -> bool:
    return "language" in release.categories


def _spec_keys(releases: list[Release]) -> list[str]:
    """Every spec any release gives, in first-seen order; with a language model among
    them, the context window, output and prices first, whether given or not."""
    given = _union([list(r.specs) for r in releases])
    if not any(is_language_model(r) for r in releases):
        return given
    return [*LANGUAGE_SPECS, *(k for k in given if k not in LANGUAGE_SPECS)]


def spec_value(release: Release, key: str) -> str:
    """A spec as `compare` shows it: the quantity; `n/a` for a price of a release
    without an API; `unknown` for a language model's main specs not given; else ""."""
    if key in release.specs:
        return spec_text(release.specs[key])
    if key in PRICE_SPECS and "api" not in release.access:
        return NOT_APPLICABLE
    return UNKNOWN if key in LANGUAGE_SPECS and is_language_model(release) else ""


def in_order(words: list[str], vocabulary: dict[str, str]) -> str:
    """A set of vocabulary words in the vocabulary's order: the same set always reads the same."""
    order = list(vocabulary)
    return ", ".join(sorted(words, key=lambda w: order.index(w) if w in order else len(order)))


def _union(lists: list[list[str]]) -> list[str]:
    """Every item of every list, once, in first-seen order."""
    return list(dict.fromkeys(item for items in lists for item in items))


# ---------------------------------------------------------------- dates


def precision_words(date: FuzzyDate) -> str | None:
    """Why a date gives a range of gaps, or None for a day."""
    if date.precision == "day":
        return None
    if date.precision == "window":
        return f"is some day in {date.earliest}..{date.latest}"
    return f"is known only to the {date.precision} ({date})"


def gap(earlier: FuzzyDate, later: FuzzyDate) -> tuple[int, int]:
    """Fewest and most days from the earlier date to the later one."""
    return (later.earliest - earlier.latest).days, (later.latest - earlier.earliest).days


def gap_text(first: str, second: str, lo: int, hi: int) -> str:
    """How long after `first` `second` came, when it is lo..hi days."""
    def days(n: int) -> str:
        return f"{n} day{'s' if n != 1 else ''}"

    if lo == hi:
        return (f"{first} and {second} came out the same day" if lo == 0
                else f"{second} came {days(lo)} after {first}")
    if lo > 0:
        return f"{second} came {lo} to {days(hi)} after {first}"
    if lo == 0:
        return f"{second} came at most {days(hi)} after {first} (possibly the same day)"
    return (f"{first} and {second} cannot be put in order: their dates overlap "
            f"(at most {days(max(-lo, hi))} apart)")


def _date_notes(releases: list[Release], label: Callable[[Release], str]) -> list[Note]:
    ordered = sorted(releases, key=lambda r: (r.released.date.earliest, r.released.date.latest))
    notes: list[Note] = []
    if len(ordered) > 2:
        notes.append(Note("order", "In order of release: " + "; ".join(
            _group_text(group, label) for group in _overlapping_groups(ordered)), [r.id for r in ordered]))
    for earlier, later in zip(ordered, ordered[1:]):
        a, b = earlier.released.date, later.released.date
        lo, hi = gap(a, b)
        text = gap_text(label(earlier), label(later), lo, hi)
        if a == b and (words := precision_words(a)):
            caveats = [f"both dates {words.replace('is ', 'are ', 1)}"]
        else:
            caveats = [f"{label(r)}'s date {words}" for r, d in ((earlier, a), (later, b))
                       if (words := precision_words(d))]
        if lo == hi:
            text += f" ({a.earliest})" if lo == 0 else f" ({a} to {b})"
        if caveats:
            text += ": " + " and ".join(caveats)
        notes.append(Note("gap", text, [earlier.id, later.id],
                          {"earlier": earlier.id, "later": later.id, "days_min": lo, "days_max": hi}))
    return notes


def _overlapping_groups(ordered: list[Release]) -> list[list[Release]]:
    """Releases in date order, those whose dates overlap (cannot be ordered) together."""
    groups: list[list[Release]] = []
    for release in ordered:
        if groups and release.released.date.earliest <= max(r.released.date.latest for r in groups[-1]):
            groups[-1].append(release)
        else:
            groups.append([release])
    return groups


def _group_text(group: list[Release], label: Callable[[Release], str]) -> str:
    """"GLM-5, MiniMax M2.5 and RynnBrain on 2026-02-12", or with dates that overlap,
    each with its date and "in an order the dates cannot tell"."""
    dates = list(dict.fromkeys(r.released.date for r in group))
    if len(dates) == 1:
        return f"{series([label(r) for r in group])} {_when(dates[0])}"
    named = series([f"{label(r)} ({r.released.date})" for r in group])
    return f"{named}, in an order the dates cannot tell"


def _when(date: FuzzyDate) -> str:
    if date.precision == "day":
        return f"on {date}"
    if date.precision == "window":
        return f"on some day of {date}"
    return f"in {date}"


# ---------------------------------------------------------------- numbers


@dataclass
class _Value:
    who: str
    value: float
    unit: str | None
    approximate: bool
    claimed_by: str | None = None

    @property
    def text(self) -> str:
        return quantity(self.value, self.unit, self.approximate)


def _decimals(value: float) -> int:
    text = repr(value)
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


def difference_text(a: _Value, b: _Value) -> tuple[str, float]:
    """'+5 s (+50%)' for a minus b, 'about' when either is approximate."""
    diff = round(a.value - b.value, max(_decimals(a.value), _decimals(b.value)))
    if diff == 0:
        return "the same", 0.0
    sign = "+" if diff > 0 else "-"
    if a.unit == "%":
        text = f"{sign}{number(abs(diff))} points"
    else:
        text = sign + quantity(abs(diff), a.unit)
        if b.value:
            text += f" ({sign}{abs(round(diff / b.value * 100)):,}%)"
    if a.approximate or b.approximate:
        text = "about " + text
    return text, diff


def _numeric_note(kind: str, fact: str, values: list[_Value], ids: list[str]) -> Note:
    units = {v.unit for v in values}
    if len(units) > 1:
        listed = ", ".join(f"{v.text} ({v.who})" for v in values)
        return Note(kind, f"{fact}: {listed}; not compared, the units differ", ids,
                    {"name": fact, "compared": False})
    # Scores from different kinds of claimant (vendor vs independent) are
    # not like for like: say who claims each, and say so.
    mixed = len({v.claimed_by for v in values}) > 1
    from_whom = "; the scores come from different kinds of claimant" if mixed else ""

    def shown(v: _Value) -> str:
        return f"{v.text} ({v.who}, {v.claimed_by})" if mixed else f"{v.text} ({v.who})"

    if len(values) == 2:
        a, b = values
        diff_words, diff = difference_text(a, b)
        if diff == 0:
            text = f"{fact}: {a.text} for both ({a.who} and {b.who})"
        else:
            text = f"{fact}: {shown(a)} vs {shown(b)}, {diff_words}"
        return Note(kind, text + from_whom, ids, {
            "name": fact, "compared": True, "difference": diff, "unit": a.unit,
            "approximate": a.approximate or b.approximate})
    ranked = sorted(values, key=lambda v: v.value, reverse=True)
    listed = ", ".join(shown(v) for v in ranked)
    return Note(kind, f"{fact}, highest first: {listed}{from_whom}", ids,
                {"name": fact, "compared": True, "unit": values[0].unit})


def _spec_notes(releases: list[Release], label: Callable[[Release], str]) -> list[Note]:
    notes = []
    for key in _union([list(r.specs) for r in releases]):
        having = [r for r in releases if key in r.specs]
        if len(having) < 2:
            continue
        values = [_Value(label(r), r.specs[key].value, r.specs[key].unit, r.specs[key].approximate)
                  for r in having]
        notes.append(_numeric_note("spec", spec_label(key), values, [r.id for r in having]))
    return notes


def benchmark_names(releases: Sequence[Release]) -> dict[str, str]:
    """Folded benchmark name -> the name as first written ("SWE-Bench verified" is "SWE-bench Verified")."""
    names: dict[str, str] = {}
    for r in releases:
        for b in r.benchmarks:
            names.setdefault(fold(b.name), b.name)
    return names


def scores(release: Release, folded_name: str) -> list[Benchmark]:
    return [b for b in release.benchmarks if fold(b.name) == folded_name]


def _benchmark_notes(releases: list[Release], label: Callable[[Release], str]) -> list[Note]:
    notes = []
    for folded, name in benchmark_names(releases).items():
        found = {r.id: scores(r, folded) for r in releases}
        having = [r for r in releases if found[r.id]]
        if len(having) >= 2 and all(len(found[r.id]) == 1 for r in having):
            pairs = [(r, found[r.id][0]) for r in having]
            notes.append(_benchmark_note(name, pairs, label))
            continue
        # Several scores for one release (vendor and independent, with and
        # without tools) are not one number: compare like with like, one
        # kind of claimant at a time, where each has a single such score.
        for kind in dict.fromkeys(b.claimed_by for r in having for b in found[r.id]):
            pairs = [(r, same[0]) for r in having
                     if len(same := [b for b in found[r.id] if b.claimed_by == kind]) == 1]
            if len(pairs) >= 2:
                notes.append(_benchmark_note(f"{name} ({kind} scores)", pairs, label))
    return notes


def _benchmark_note(fact: str, pairs: list[tuple[Release, Benchmark]],
                    label: Callable[[Release], str]) -> Note:
    values = [_Value(label(r), b.score, b.unit, False, b.claimed_by) for r, b in pairs]
    return _numeric_note("benchmark", fact, values, [r.id for r, _ in pairs])


# ---------------------------------------------------------------- modalities


def _modality_notes(releases: list[Release], label: Callable[[Release], str]) -> list[Note]:
    notes = []
    for side in ("input", "output"):
        stated = [r for r in releases if r.modalities and getattr(r.modalities, side)]
        silent = [r for r in releases if r not in stated]
        if len(stated) < 2:
            continue
        holders: dict[str, list[Release]] = {}
        for r in stated:
            for m in getattr(r.modalities, side):
                holders.setdefault(m, []).append(r)
        groups: dict[tuple[str, ...], list[str]] = {}
        for modality, who in holders.items():
            groups.setdefault(tuple(r.id for r in who), []).append(modality)
        parts = []
        for who_ids, modalities in sorted(groups.items(), key=lambda g: -len(g[0])):
            who = [r for r in stated if r.id in who_ids]
            if len(who) == len(stated):
                whom = "both" if len(stated) == 2 else f"all {len(stated)}"
            elif len(who) == 1:
                whom = f"only {label(who[0])}"
            else:
                whom = " and ".join(label(r) for r in who)
            parts.append(f"{', '.join(modalities)} ({whom})")
        text = f"{side.capitalize()}: " + "; ".join(parts)
        if silent:
            text += "; not stated for " + ", ".join(label(r) for r in silent)
        shared = [m for m, who in holders.items() if len(who) == len(stated)]
        notes.append(Note("modalities", text, [r.id for r in stated], {
            "side": side, "shared": shared,
            "only": {r.id: [m for m in getattr(r.modalities, side) if m not in shared] for r in stated}}))
    return notes


# ---------------------------------------------------------------- claims and lineage


def _claim_notes(releases: list[Release], label: Callable[[Release], str]) -> list[Note]:
    by_id = {r.id: r for r in releases}
    notes = []
    for r in releases:
        for claim in r.claims:
            other = by_id.get(claim.about or "")
            if other is None or other.id == r.id:
                continue
            relation = f" ({claim.relation})" if claim.relation else ""
            notes.append(Note(
                "claim", f"Claim in {label(r)} about {label(other)}{relation}, "
                         f"per {claimant(claim)}: \"{claim.text}\"",
                [r.id, other.id], {"claim": claim.text, "relation": claim.relation,
                                   "claimed_by": claim.claimed_by, "who": claim.who}))
    return notes


def ancestry(release: Release, catalog: Catalog) -> list[Release]:
    """Predecessor, its predecessor, and so on (stops at a loop or a missing one)."""
    chain: list[Release] = []
    seen = {release.id}
    current = release
    while current.predecessor and len(chain) < _MAX_LINEAGE:
        parent = catalog.get(current.predecessor)
        if parent is None or parent.id in seen:
            break
        chain.append(parent)
        seen.add(parent.id)
        current = parent
    return chain


def _lineage_notes(releases: list[Release], catalog: Catalog,
                   label: Callable[[Release], str]) -> list[Note]:
    notes = []
    chains = {r.id: ancestry(r, catalog) for r in releases}
    for r in releases:
        for depth, ancestor in enumerate(chains[r.id]):
            other = next((o for o in releases if o.id == ancestor.id), None)
            if other is None:
                continue
            if depth == 0:
                text = f"{label(r)} is the successor of {label(other)} (its predecessor)"
            else:
                via = ", ".join(a.name for a in chains[r.id][:depth])
                text = f"{label(r)} descends from {label(other)} via {via}"
            notes.append(Note("lineage", text, [r.id, other.id], {"generations": depth + 1}))
    for i, a in enumerate(releases):
        for b in releases[i + 1:]:
            if a.predecessor and a.predecessor == b.predecessor and catalog.get(a.predecessor):
                parent = catalog.get(a.predecessor)
                assert parent is not None
                notes.append(Note("lineage", f"{label(a)} and {label(b)} both succeed "
                                             f"{parent.name} ({parent.id})", [a.id, b.id]))
    return notes


def to_dict(comparison: Comparison) -> dict[str, Any]:
    """What `--format json` prints: full records, rows and notes."""

    return {"releases": [record(r) for r in comparison.releases],
            "rows": [row.to_dict(comparison.ids) for row in comparison.rows],
            "notes": [note.to_dict() for note in comparison.notes],
            "sources": [s.to_dict() for s in comparison.sources]}

