"""One release from many sources: which files record the same model, and which
one's facts count.

**Links.** A curated file may name the records of other databases that are
this release (`links: [{database: epoch, key: GPT-4}]`); an imported record
may name the release it is a record of (`origin.same_as: gpt-4`, which
`ai-tracker import` writes when the collection already holds the model). The
files so linked are one release: listed, counted, looked up and digested once.

**The rule for records not linked** (used by `import` to write the link, and
by `validate` to warn of duplicates no link resolves). Two records are the
same model when all three hold:

1. a name or alias of one, or of one of its variants, is a name or alias of
   the other or of its variants, compared as lookup compares names (case,
   width, separators and a zero minor version ignored: `GPT-4`, `gpt-4`);
2. they share an organisation, compared by the registry: the top of each
   organisation's parent chain (Google DeepMind is Google's), by id, name or
   alias; an organisation the registry does not know by its folded name;
3. their dates are at most DATE_BOUND_DAYS apart (the gap between the ends of
   the two dates' spans). A year, not weeks: databases date a model by
   different events (models.dev dates GPT-4 2023-11-06, the day of its API
   update; OpenAI announced it 2023-03-14).

Or, for a model named by its series and size (`Llama 4 Scout 17B Instruct`):
the series (the words up to the first with a digit, `Llama 4`) is the other's
name or alias, the organisation is shared, and the dates are days at most
SERIES_BOUND_DAYS apart (out together, as one announcement).

**Which record counts** (for the date and every fact): the curated file (one
not written by an importer); then the records the curated file links, in
the order of its `links`; then the most precise date (a day before a month
before a year), the earlier first when equally precise. A fact the counted
record lacks (open weights) comes from the next record that has it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from ai_tracker.errors import Problem
from ai_tracker.files.yaml_reader import position_of
from ai_tracker.model.dates import FuzzyDate
from ai_tracker.text import file_name, fold, name_key

DATE_BOUND_DAYS = 366
SERIES_BOUND_DAYS = 3  # a model named by its series and size is the series' release only when out together
_DIGIT = re.compile(r"\d")


def series(name: str) -> str:
    """The words of a name up to and including the first with a digit, folded:
    'GPT-5.4 mini' -> 'gpt-5.4', 'Gemma 4 31B' -> 'gemma 4'; a name with no digit is whole."""
    words = name.casefold().split()
    for i, word in enumerate(words):
        if _DIGIT.search(word):
            return " ".join(words[:i + 1])
    return " ".join(words)


class Facts:
    """What the rule compares of one record (a release file's data or a loaded record)."""

    __slots__ = ("name", "own", "terms", "series", "orgs", "date")

    def __init__(self, record: dict[str, Any], org_key: dict[str, str], roots: dict[str, str]) -> None:
        own = [record.get("name") or "", *(record.get("aliases") or [])]
        variants = [v.get("name") or "" for v in record.get("variants") or [] if isinstance(v, dict)]
        self.name = name_key(str(record.get("name") or ""))
        self.own = {k for k in (name_key(str(n)) for n in own) if k}  # its own names, not its variants'
        self.terms = self.own | {k for k in (name_key(str(n)) for n in variants) if k}
        # 'Llama 4 Scout 17B Instruct' is of the series 'llama 4': a release named so, out that day.
        # Hyphens part words here ('MiniMax-M2.5-highspeed' is of 'MiniMax M2.5'); not when an
        # import groups variants, where 'Qwen3-Coder' would join every other Qwen3 of that day.
        self.series = {k for k in (name_key(series(re.sub(r"[-_]", " ", str(n)))) for n in own + variants)
                       if k} - self.terms
        self.orgs: set[str] = set()
        for org in record.get("organization") or []:
            if isinstance(org, str):
                org_id: str | None = org
            elif isinstance(org, dict):
                org_id = org.get("id") or org_key.get(fold(str(org.get("name", "")), spacing=True))
            else:
                continue
            if org_id is not None:
                self.orgs.add(roots.get(org_id, org_id))
            else:
                self.orgs.add("name:" + fold(str(org.get("name", "")), spacing=True))
        released = record.get("released") or {}
        try:
            self.date: FuzzyDate | None = FuzzyDate.parse(str(released.get("date")))
        except ValueError:
            self.date = None

    def same_model(self, other: Facts) -> bool:
        if not self.orgs & other.orgs or self.date is None or other.date is None:
            return False
        gap = max((other.date.earliest - self.date.latest).days, (self.date.earliest - other.date.latest).days, 0)
        if self.terms & other.terms:
            return gap <= DATE_BOUND_DAYS
        # Days only: a month's span would let any model of that month join the series.
        days = self.date.precision == other.date.precision == "day"
        return days and bool(self.series & other.own or other.series & self.own) and gap <= SERIES_BOUND_DAYS


class Matcher:
    """Finds, among the releases of a collection, the one a record is of."""

    def __init__(self, entries: list[Any], registry: Any) -> None:
        self.org_key = registry.lookup_terms() if registry.organizations else {}
        self.roots = {org_id: registry.root_of(org_id) for org_id in registry.organizations}
        self.facts = [(e.id, self.of(_look(e))) for e in entries]
        self.by_id = dict(self.facts)
        self.by_term: dict[str, list[int]] = defaultdict(list)
        for i, (_, facts) in enumerate(self.facts):
            for term in facts.terms | facts.series:
                self.by_term[term].append(i)

    def of(self, record: dict[str, Any]) -> Facts:
        return Facts(record, self.org_key, self.roots)

    def matches(self, record: dict[str, Any], exclude: str | None = None) -> list[str]:
        """Ids of the releases the rule takes for the same model, in collection order."""
        facts = self.of(record)
        seen = sorted({i for term in facts.terms | facts.series for i in self.by_term.get(term, [])})
        return [self.facts[i][0] for i in seen if self.facts[i][0] != exclude and facts.same_model(self.facts[i][1])]


# --- one release from the linked files -------------------------------------------------------


def _look(entry: Any) -> dict[str, Any]:
    """An entry's record for one look, not kept (see `catalog.Entry.peek`)."""
    peek = getattr(entry, "peek", None)
    return peek() if peek is not None else entry.record


def _origin(record: dict[str, Any]) -> dict[str, Any]:
    return record.get("origin") or {}


def _width(date: FuzzyDate) -> int:
    return (date.latest - date.earliest).days


def group(entries: list[Any], make_entry: Any) -> tuple[list[Any], list[Problem]]:
    """The entries with every set of linked files made one (the counted record's, with
    the others' names as aliases and every record in `records`), and the problems
    of links that cannot hold (a database record linked by two curated files): each
    file with one is left out, as `catalog` leaves out every file with an error."""
    owner, problems = _owners(entries)
    if problems:
        # A file whose link cannot hold is refused whole, as a file with any other error:
        # left out, and the rest grouped without it.
        refused = {p.file for p in problems}
        entries = [e for e in entries if e.path not in refused]
        owner, _ = _owners(entries)
    by_id = {e.id: e for e in entries}
    parent: dict[str, str] = {}
    for e in entries:
        origin = e.origin or {}
        linked_by = owner.get((origin.get("database"), origin.get("key")))  # type: ignore[arg-type]
        target = linked_by if linked_by is not None else origin.get("same_as")
        if target is not None and target != e.id and target in by_id:
            parent[e.id] = target

    # Linked files are one release however the links run (a chain, two files naming each
    # other): the groups are the connected sets, found by union-find.
    top: dict[str, str] = {}

    def root(release_id: str) -> str:
        while top.get(release_id, release_id) != release_id:
            top[release_id] = top.get(top[release_id], top[release_id])
            release_id = top[release_id]
        return release_id

    for child, target in parent.items():
        a, b = root(child), root(target)
        if a != b:
            top[max(a, b)] = min(a, b)

    members: dict[str, list[Any]] = defaultdict(list)
    for e in entries:
        members[root(e.id)].append(e)
    out: list[Any] = []
    for e in entries:
        group_of = members[root(e.id)]
        if len(group_of) == 1:
            out.append(e)
        elif e is group_of[0]:  # the group is made once, where its first file comes
            out.append(_merged(group_of, make_entry))
    return out, problems


def _owners(entries: list[Any]) -> tuple[dict[tuple[str, str], str], list[Problem]]:
    """The curated release that links each database record, and a problem for each
    record linked by a second one (the first in the collection's order keeps it)."""
    by_id = {e.id: e for e in entries}
    problems: list[Problem] = []
    owner: dict[tuple[str, str], str] = {}
    for e in entries:
        for link in e.links:
            where = (link["database"], link["key"])
            if where in owner and owner[where] != e.id:
                problems.append(Problem(e.path, None, None, "links", f"{link['database']} record '{link['key']}' "
                                        f"is already linked by {by_id[owner[where]].path}: one record, one release"))
                continue
            owner[where] = e.id
    return owner, problems


def _ordered(group_of: list[Any]) -> list[tuple[Any, str]]:
    """The records in precedence order, each with why it comes there."""
    curated = [e for e in group_of if not _origin(e.record)]
    links = [(link["database"], link["key"]) for e in curated for link in e.record.get("links") or []]
    linked = sorted((e for e in group_of if (_origin(e.record).get("database"), _origin(e.record).get("key"))
                     in links), key=lambda e: links.index((_origin(e.record)["database"], _origin(e.record)["key"])))
    rest = sorted((e for e in group_of if e not in curated and e not in linked),
                  key=lambda e: (_width(e.released_on), e.released_on.earliest, e.id))
    return ([(e, "the curated file comes first") for e in curated]
            + [(e, "linked by the curated file") for e in linked]
            + [(e, f"the most precise date ({e.released_on.precision})" if i == 0 and not curated and not linked
                else "after the curated file and the records it links" if curated
                else f"a less precise or later date ({e.released_on.precision})") for i, e in enumerate(rest)])


def _merged(group_of: list[Any], make_entry: Any) -> Any:
    ordered = _ordered(group_of)
    first = ordered[0][0]
    record = dict(first.record)
    names = [first.record["name"], *first.record["aliases"]]
    # The others' names and ids, not their aliases: an imported release's aliases name its
    # variants, which may be releases of their own here (models.dev's Gemini 2.5 of one day).
    for e, _ in ordered[1:]:
        for term in (e.record["name"], e.id):
            if term not in names:
                names.append(term)
    record["aliases"] = names[1:]
    if record.get("open_weights") is None:
        record["open_weights"] = next((e.record["open_weights"] for e, _ in ordered
                                       if e.record.get("open_weights") is not None), None)
    records = []
    for n, (e, why) in enumerate(ordered):
        origin = _origin(e.record)
        released = e.record["released"]
        source = next((s for s in e.record["sources"] if s["id"] == released["source"]), None)
        records.append({"id": e.id, "path": file_name(e.path), "database": origin.get("database"),
                        "key": origin.get("key"), "name": e.record["name"], "released": released, "source": source,
                        "counted": n == 0, "why": why})
    record["records"] = records
    return make_entry(record, first.path)


# --- duplicates that no link resolves ----------------------------------------------------------


def _near_pairs(entries: list[Any]) -> list[tuple[Any, Any, str]]:
    """Pairs of curated releases whose ids or names are one text once folded as
    lookup folds names (`qwen3` and `qwen-3`, `Kling 3.0` and `Kling 3`), with what
    clashed; each pair once, the later file first."""
    curated = sorted((e for e in entries if not e.origin), key=lambda e: (e.path, e.id))
    first: dict[tuple[str, str], Any] = {}
    pairs: list[tuple[Any, Any, str]] = []
    for e in curated:
        clashed: set[str] = set()
        for what, text in (("id", e.id), ("name", e.name)):
            other = first.setdefault((what, name_key(text)), e)
            if other is not e and other.id not in clashed:
                clashed.add(other.id)
                pairs.append((e, other, what))
    return pairs


def near_duplicates(entries: list[Any]) -> list[Problem]:
    """An error for each pair of `_near_pairs`, and for each alias that is another
    release's name or alias (`_same_terms`): lookup could never tell the two apart,
    so they are one release written twice, or two that need names that differ.
    Imported records are left to the warnings below: their remedy is a link."""
    pairs = _near_pairs(entries)
    return [Problem(e.path, *_where(e.path, what), what,
                    f"nearly the same {what} as {other.path} ({other.id}: {other.name!r}): lookup cannot tell "
                    "them apart; if they are one release keep one file, if not give them names that differ")
            for e, other, what in pairs] + [problem for _, _, problem in _same_terms(entries, pairs)]


def _where(path: str, what: str) -> tuple[int | None, int | None]:
    """Where the clashing text stands: the name's line and column; an id is the file's name."""
    return position_of(path, ("name",)) if what == "name" else (None, None)


def _same_terms(entries: list[Any], pairs: list[tuple[Any, Any, str]]) -> list[tuple[Any, Any, Problem]]:
    """An error for each alias of a curated release that is, once folded (case, width and
    invisible characters set aside: `fold`), the name or an alias of another: "Nova 5"
    and "ＮＯＶＡ 5", or a soft hyphen or a Hangul filler that a file could still hold
    (the reader refuses them in names). Both files named, the alias located (the alias
    is what to change); pairs that `_near_pairs` reported already are left out."""
    curated = sorted((e for e in entries if not e.origin), key=lambda e: (e.path, e.id))
    reported = {frozenset((a.id, b.id)) for a, b, _ in pairs}
    first: dict[str, tuple[Any, str]] = {}
    for e in curated:  # every name first: an alias clashes with a name wherever its file is
        first.setdefault(fold(e.name), (e, f"name {e.name!r}"))
    found: list[tuple[Any, Any, Problem]] = []
    for e in curated:
        for i, alias in enumerate(e.aliases):
            other, what = first.setdefault(fold(alias), (e, f"alias {alias!r}"))
            pair = frozenset((e.id, other.id))
            if other is e or pair in reported:
                continue
            reported.add(pair)
            line, column = position_of(e.path, ("aliases", i))
            found.append((e, other, Problem(
                e.path, line, column, f"aliases[{i}]",
                f"the alias {alias!r} is the {what} of {other.path} ({other.id}) once case, width and "
                "invisible characters are set aside: lookup cannot tell them apart; remove the alias or "
                "change it (if they are one release, keep one file)")))
    return found


def likely_duplicates(entries: list[Any], registry: Any) -> list[Problem]:
    """A warning for each pair of releases the rule takes for one model that no link
    makes one: both files named, and how to link them (pairs that `near_duplicates`
    makes errors are left out)."""
    matcher = Matcher(entries, registry)
    by_id = {e.id: e for e in entries}
    pairs = _near_pairs(entries)
    errors = {frozenset((a.id, b.id)) for a, b, _ in [*pairs, *_same_terms(entries, pairs)]}
    warnings: list[Problem] = []
    for e in entries:
        for other_id in matcher.matches(_look(e), exclude=e.id):
            other = by_id[other_id]
            if (e.path, e.id) < (other.path, other.id) and frozenset((e.id, other.id)) not in errors:
                kept, imported = (other, e) if e.origin and not other.origin else (e, other)
                how = (f"`origin.same_as: {kept.id}` in {imported.path}" if imported.origin
                       else "keep one file of the two (both are curated)")
                warnings.append(Problem(
                    e.path, None, None, None,
                    f"likely the same model as {other.path} ({other.name}, {other.released_on}): same name, series or "
                    f"alias and organisation, dates {e.released_on} and {other.released_on}; to count them "
                    f"once, link them: {how}"))
    return warnings


# --- linking an import to the collection ---------------------------------------------------------


def linker(entries: list[Any], registry: Any, database: str) -> Any:
    """For an importer: the id of the release a new or updated record is of, or None.

    A record already part of a linked release stays linked to it. Otherwise the
    rule decides, among releases not of the same database (a database's own
    rows are never one model: it lists each once): one curated match, else one
    match, first among the releases whose own name or alias is the record's name;
    several are left unlinked (validate then warns), never guessed."""
    matcher = Matcher(entries, registry)
    by_id = {e.id: e for e in entries}
    member_of = {r["id"]: e.id for e in entries for r in e.record.get("records") or []}

    def link(data: dict[str, Any], release_id: str | None) -> str | None:
        current = member_of.get(release_id or "")
        if current is not None and current != release_id:
            # Already one release with others: keep it so, without a link back to a file that
            # names this one (the group holds either way).
            return None if _origin(by_id[current].record).get("same_as") == release_id else current
        found = [i for i in matcher.matches(data, exclude=release_id)
                 if not _origin(by_id[i].record) or _origin(by_id[i].record).get("database") != database]
        # Where a variant's name makes it ambiguous (a models.dev release of GPT-5.2 with
        # its Codex), the release whose own name is the record's name is the one.
        name = matcher.of(data).name
        for tier in ([i for i in found if name in matcher.by_id[i].own], found):
            curated = [i for i in tier if not _origin(by_id[i].record)]
            if len(curated) == 1:
                return curated[0]
            if len(tier) == 1:
                return tier[0]
        return None

    return link
