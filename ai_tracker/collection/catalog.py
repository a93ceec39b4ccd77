"""The whole collection: every release file in a data folder, checked across files.

Which folder, and which files in it, is `folders`' job.

Two views of a release: an `Entry` (the validated record as plain data plus
the few fields that `list` filters and sorts by) is cheap to make from the
cache; a `Release` (the Pydantic model) is made only when a command asks for
`Catalog.releases`. So `list` on ten thousand cached files never builds a
model, and never imports Pydantic.
"""

from __future__ import annotations

import difflib
import functools
import gc
import hashlib
import marshal
import os
import shlex
import struct
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from ai_tracker.collection import cache, matching, parsing, sourcing
from ai_tracker.collection import registry as registry_mod
from ai_tracker.collection.folders import BUNDLED_NAME, bundled_dir, check_data_dir, folder_key, release_files
from ai_tracker.collection.parsing import Head, record_json
from ai_tracker.errors import DataError, Problem, UsageError
from ai_tracker.model import FILLED, RECORD_KEYS
from ai_tracker.model.dates import FuzzyDate
from ai_tracker.model.vocab import did_you_mean
from ai_tracker.text import clean, fold

if TYPE_CHECKING:
    from ai_tracker.collection.folders import DataDir
    from ai_tracker.model.schema import Release


class OrgView(NamedTuple):
    """An organisation of an Entry, with the attribute names of `schema.Organization`."""

    name: str
    country: list[str]
    aliases: list[str]
    parent: str | None
    parent_country: str | None
    also_counted_in: list[str]


# An Entry's eager fields: see `parsing.HEAD`.
HEAD = parsing.HEAD
_head_of = parsing.head_of


class UnusableCache(DataError):
    """A record in the cache is not what this code writes (planted, or from a bug)."""


def _decoded(blob: Any, release_id: str, source: cache.Stored | None = None) -> dict[str, Any]:
    """The record a blob holds: bytes, or the (offset, length) of a record of the memo in
    the cache file `source`. A memo's record is decoded only when first read, after the
    command has begun: if it fails the check, the cache is removed and the command stops
    with one line (the next run reads the files)."""
    if type(blob) is tuple and source is not None:
        blob = source.blob(blob)
    try:
        record = marshal.loads(blob) if type(blob) in (bytes, memoryview) else None
    except (ValueError, EOFError, TypeError):
        record = None
    # A cheap check that it is the record of this release as `schema.record` writes it:
    # the file passed its checksum, so only content this code did not write can fail it.
    if type(record) is not dict or record.get("id") != release_id or not RECORD_KEYS <= record.keys():
        if source is None:
            raise UnusableCache(release_id)  # while loading: `load` reads the files instead
        cache.forget(source.root)
        raise UnusableCache(f"the cache held a record of '{release_id}' that this version of ai-tracker did not "
                            "write; the cache is removed now (it is safe to lose): run the command again")
    return record


@functools.lru_cache(maxsize=8192)
def _released(text: str) -> FuzzyDate:
    """Parsed once per date: releases share dates, and a FuzzyDate is immutable."""
    return FuzzyDate.parse(text)


class Entry:
    """One valid release as its plain record, with what filtering and sorting need.

    Shares its attribute names with `Release` (id, path, name, aliases,
    summary, organization, countries, categories, open_weights, predecessor,
    released_on, org_names, org_terms) so that `queries`, `lookup` and
    `counting` work on either.

    An entry from the cache's memo (`Entry.stored`) holds its record as the
    cache's marshal blob and decodes it on first use: `list --format json`,
    `counts` and `weekly` of 10,000 releases read only the fields here.
    """

    __slots__ = ("_record", "_blob", "_source", "_json", "_orgs", "path", "released_on", *HEAD)
    id: str
    name: str
    released_date: str
    countries: list[str]
    categories: list[str]
    org_names: list[str]
    open_weights: bool | None
    access: Any
    predecessor: str | None
    abouts: list[str]  # the releases its claims are about
    source_ids: list[str]
    links: list[dict[str, Any]]  # the records of other databases it links (`links:`)
    origin: dict[str, Any] | None  # an imported record's database, key and `same_as`
    org_ids: bool  # does it name an organisation by registry id (still to be filled in)?
    market: bool  # does it record a market reaction?
    aliases: list[str]  # eager: every load checks that no alias is another release's name

    def __init__(self, record: dict[str, Any], path: str, json: str | None = None) -> None:
        self._record: dict[str, Any] | None = record
        self._blob: bytes | None = None
        self._source: cache.Stored | None = None
        self._orgs: list[OrgView] | None = None
        # The record as JSON, made once when the file is parsed and kept in the
        # cache: `list --format json` on 10,000 releases writes these as they are.
        # A record filled in from the registry makes its own, only when asked.
        self._json = json
        self.path = path
        self._set(_head_of(record))

    def _set(self, head: Head) -> None:
        (self.id, self.name, self.released_date, self.countries, self.categories, self.org_names,
         self.open_weights, self.access, self.predecessor, self.abouts, self.source_ids, self.links,
         self.origin, self.org_ids, self.market, self.aliases) = head
        self.released_on = _released(self.released_date)

    @classmethod
    def stored(cls, head: Head, blob: Any, json: str, path: str, source: cache.Stored | None) -> Entry:
        """An entry from the memo or a parse: its record stays a blob until something reads
        it (bytes, or its place in the cache file `source`; None: not the cache's)."""
        if type(json) is not str or type(head) is not tuple or len(head) != len(HEAD):
            raise TypeError("not a cached record")
        entry = cls.__new__(cls)
        entry._record = None
        entry._blob = blob
        entry._source = source
        entry._orgs = None
        entry._json = json
        entry.path = path
        (entry.id, entry.name, entry.released_date, entry.countries, entry.categories, entry.org_names,
         entry.open_weights, entry.access, entry.predecessor, entry.abouts, entry.source_ids, entry.links,
         entry.origin, entry.org_ids, entry.market, entry.aliases) = head
        entry.released_on = _released(entry.released_date)
        return entry

    def head(self) -> Head:
        """What `stored` needs besides the record, for the memo."""
        return (self.id, self.name, self.released_date, self.countries, self.categories, self.org_names,
                self.open_weights, self.access, self.predecessor, self.abouts, self.source_ids, self.links,
                self.origin, self.org_ids, self.market, self.aliases)

    def keep_as(self, blob: bytes) -> None:
        """Hold the record as its marshal blob from here on, decoded again when read: a cold
        load of 100,000 releases must not keep 100,000 records in memory (8 KB each)."""
        if self._record is not None and self._blob is None:
            self._blob = blob
            self._record = None

    def peek(self) -> dict[str, Any]:
        """The record, for one look by a pass over every release (validate's matching):
        decoded without being kept, so the pass holds one record at a time."""
        record = self._record
        return record if record is not None else _decoded(self._blob, self.id, self._source)

    @property
    def record(self) -> dict[str, Any]:
        record = self._record
        if record is None:
            record = self._record = _decoded(self._blob, self.id, self._source)
            self._blob = None
        return record

    @property
    def json(self) -> str:
        if self._json is None:
            self._json = record_json(self.record)
        return self._json

    @property
    def summary(self) -> str | None:
        return self.record["summary"]

    @property
    def organization(self) -> list[OrgView]:
        # From a look at the record, kept as these few views rather than the whole record:
        # `counts --by organization` of 100,000 releases must not hold every record.
        views = self._orgs
        if views is None:
            views = self._orgs = [OrgView(o["name"], o["country"], o["aliases"], o["parent"], o.get("parent_country"),
                                          o.get("also_counted_in", [])) for o in self.peek()["organization"]]
        return views

    @property
    def org_terms(self) -> list[str]:
        return [t for org in self.peek()["organization"]
                for t in (org["name"], *org["aliases"], org["parent"], org.get("id")) if t]

    def reference_ids(self) -> list[str]:
        """The ids of the releases it names (from its eager fields: no record decoded)."""
        same_as = (self.origin or {}).get("same_as")
        return [*([self.predecessor] if self.predecessor else []), *self.abouts, *([same_as] if same_as else [])]

    def references(self) -> list[tuple[tuple[str | int, ...], str]]:
        """(field path, release id) for each field that names another release."""
        refs: list[tuple[tuple[str | int, ...], str]] = []
        if self.record.get("predecessor"):
            refs.append((("predecessor",), self.record["predecessor"]))
        refs += [(("claims", i, "about"), c["about"]) for i, c in enumerate(self.record["claims"]) if c["about"]]
        same_as = (self.record.get("origin") or {}).get("same_as")
        if same_as:
            refs.append((("origin", "same_as"), same_as))
        return refs


class ReadOnly(dict[str, Any]):
    """A validated record read as its model is read: fields as attributes, nested parts
    likewise, dates as `FuzzyDate`s, what the record leaves out of an organisation as the
    model's defaults. For pages that only read a release (`show`): no Pydantic model to
    build, when importing the schema alone takes longer than all of `list`."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            if name in FILLED:  # an inline organisation: no registry id, nothing filled in
                return () if name == "also_counted_in" else None
            raise AttributeError(name) from None


_DATES = frozenset({"date", "released"})  # the fields the schema types as a Date (where they hold text)


def _read_only(key: str, value: Any) -> Any:
    if isinstance(value, dict):
        return ReadOnly({k: _read_only(k, v) for k, v in value.items()})
    if isinstance(value, list):
        return [_read_only(key, item) for item in value]
    if key in _DATES and isinstance(value, str):
        return FuzzyDate.parse(value)
    return value


def model_record(record: dict[str, Any]) -> dict[str, Any]:
    """The record as `schema.record` writes its model (organisations filled in from the
    registry without what is empty), without building the model."""
    return {**record, "organization": [{k: v for k, v in org.items() if k not in FILLED or v}
                                       for org in record["organization"]]}


@dataclass
class Catalog:
    root: Path
    origin: str = "option"  # as DataDir.origin: where the folder was named
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Worth saying, not wrong: the file is read and counted (a folder link that loops, a
    # release that links one of a folder not read). `validate` lists them as warnings.
    warnings: list[Problem] = field(default_factory=list)
    # The cache was not used, for a reason the user should know (another user can write it).
    cache_warnings: list[str] = field(default_factory=list)
    files: int = 0
    skipped: int = 0
    from_cache: list[str] = field(default_factory=list)  # display paths of the files not read again
    registry: registry_mod.Registry = field(default_factory=registry_mod.Registry)
    roots: list[Path] = field(default_factory=list)  # every folder of the collection, as named
    origins: list[str] = field(default_factory=list)  # where each was named (DataDir.origin)
    _models: dict[str, Release] = field(default_factory=dict)
    _entry_by_id: dict[str, Entry] | None = None

    @property
    def releases(self) -> list[Release]:
        """Every valid release as a Pydantic model (built on first use; for 10,000
        releases that is a third of a second and 60 MB, so prefer `entries`)."""
        with _no_gc():
            return [self._model(e) for e in self.entries]

    def models(self, entries: list[Entry]) -> list[Release]:
        """These entries' releases as Pydantic models (see `releases`)."""
        with _no_gc():
            return [self._model(e) for e in entries]

    def entry(self, release_id: str) -> Entry | None:
        if self._entry_by_id is None:
            self._entry_by_id = {e.id: e for e in self.entries}
        return self._entry_by_id.get(release_id)

    def _model(self, entry: Entry) -> Release:
        model = self._models.get(entry.id)
        if model is None:
            # Lazy, as in `parsing.parse_one`: only commands that need a model pay for Pydantic.
            from ai_tracker.model.schema import STORED, Release

            model = Release.model_validate({**entry.record, "path": entry.path}, context=STORED)
            self._models[entry.id] = model
        return model

    def likely_duplicates(self) -> list[Problem]:
        """Warnings: releases that the matching rule takes for one model, not linked."""
        return matching.likely_duplicates(self.entries, self.registry)

    def weak_days(self) -> tuple[list[Problem], list[Problem]]:
        """Warnings: curated releases dated only by secondary or gateway pages; those
        whose file says so (`released.secondary_only`) second, never errors."""
        return sourcing.weak_days(self.entries)

    def describe(self) -> str:
        """Where the data came from, for messages."""
        roots = self.roots or [self.root]
        origins = self.origins or [self.origin]
        words = {"bundled": "the bundled data", "snapshot": "the installed snapshot", "updates": "the last update"}
        names = [words.get(o, f"'{r}'") for r, o in zip(roots, origins)]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    def get(self, release_id: str) -> Release | None:
        """One release as a model (only that one is built)."""
        entry = self.entry(release_id)
        return None if entry is None else self._model(entry)

    def view(self, release_id: str) -> Release | None:
        """One release to read, not to validate or change: its record as a `ReadOnly`,
        which reads as the model does (typed as the model for the pages that read it)."""
        entry = self.entry(release_id)
        return None if entry is None else self._read_only(entry)

    @staticmethod
    def _read_only(entry: Entry) -> Release:
        # What `schema.record` leaves out when empty, back in as the model has it.
        return cast("Release", _read_only("", {"records": [], **model_record(entry.record), "path": entry.path}))

    def successors(self, release_id: str) -> list[Release]:
        """The releases whose predecessor this is, to read (`view`)."""
        return [self._read_only(e) for e in self.entries if e.predecessor == release_id]

    def claims_about(self, release_id: str) -> list[tuple[Release, int]]:
        """(release, claim index) for every claim in the collection naming this release,
        to read (`view`)."""
        return [(self._read_only(e), i) for e in self.entries if release_id in e.abouts
                for i, c in enumerate(e.record["claims"]) if c["about"] == release_id]


@contextmanager
def _no_gc() -> Iterator[None]:
    """Bulk-building many small objects: the cyclic GC would rescan them again and
    again (it triples the time of a 10,000-release load) and finds nothing to free.
    `freeze` then moves what was built out of later collections' way too: the
    collection lives as long as the command does."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


Progress = Callable[[int, int], None]


def _displayer(root: Path) -> Callable[[str], str]:
    """Paths as the user can open them: relative to the working folder where root is below it."""
    try:
        cwd = os.getcwd() + os.sep
    except OSError:  # the working folder was deleted under us: paths are shown whole
        return str
    absolute = str(root.absolute())
    if not root.is_absolute() or not (absolute + os.sep).startswith(cwd):
        return str
    return lambda path: path[len(cwd):]


def load(data_dir: DataDir | list[DataDir], *, use_cache: bool = True, progress: Progress | None = None) -> Catalog:
    """Read every release file of the folders (one collection); invalid ones become
    problems, the rest a Catalog.

    Files unchanged since the last run come from the cache. Raises DataError
    (or UsageError when the folder came from an option) when a folder is
    missing or holds no release file. `progress(done, total)` is called while
    files are parsed, for a progress bar.
    """
    dirs = data_dir if isinstance(data_dir, list) else [data_dir]
    walked: list[tuple[Path, list[str]]] = []
    misnamed: list[str] = []
    trouble: list[tuple[str, str]] = []  # unreadable folders, bounds of the walk reached
    loops: list[tuple[str, str]] = []  # links to a folder that holds them
    for one in dirs:
        check_data_dir(one)
    # Each data folder is read as itself, even where another links to it: one folder, read once.
    seen = {key for key in map(folder_key, (d.path for d in dirs)) if key is not None}
    for one in dirs:
        before, troubled = len(misnamed), len(trouble)
        again: list[str] = []  # links to folders read already: not an empty folder
        paths = release_files(one.path, misnamed=misnamed, trouble=trouble, warnings=loops, seen=seen, again=again)
        own = trouble[troubled:]
        if own and own[0][0] == str(one.path) and not paths:  # the data folder itself (mode 000)
            raise DataError(f"data folder '{one.path}': {own[0][1].split(';')[0]}")
        if not paths and len(misnamed) == before and not own and not again:
            raise one.refuse(f"no release files (*.yaml) in '{one.path}'")
        walked.append((one.path, paths))
    roots = [root for root, _ in walked]
    outside = Outside(dirs)
    twice: list[tuple[str, str]] = []  # (a file's other name, the name it is read under)
    with _no_gc():
        cache_warnings: list[str] = []
        stored = cache.read_all(roots, cache_warnings) if use_cache else None
        try:
            found = _load(walked, stored, use_cache, progress, outside, twice)
        except UnusableCache:
            twice.clear()
            found = _load(walked, None, use_cache, progress, outside, twice)
        except (DataError, UsageError):
            raise
        except Exception:
            if stored is None:
                raise
            # A cache whose checksum holds but whose content this code did not write
            # (planted, or from a bug): it is only an optimisation, so read every file
            # again and write a good one.
            twice.clear()
            found = _load(walked, None, use_cache, progress, outside, twice)
    found.cache_warnings = cache_warnings
    found.origin = dirs[0].origin
    found.roots = roots
    found.origins = [d.origin for d in dirs]
    displays = [_displayer(d.path) for d in dirs]

    def shown(path: str) -> str:
        return next((f for d, f in zip(dirs, displays) if path.startswith(str(d.path))), str)(path)

    for path in misnamed:
        name = os.path.basename(path)
        stem = name.rsplit(".", 1)[0]
        found.problems.append(Problem(shown(path), None, None, None,
                                      f"'{name}' is not read: release files end in '.yaml' (rename it to {stem}.yaml)"))
    found.files += len(misnamed)
    found.skipped += len(misnamed)
    # A folder that cannot be read, or a bound of the walk: a problem of its own, so that
    # every command warns and validate fails, rather than files missing without a word.
    found.problems += [Problem(shown(path), None, None, None, message) for path, message in trouble]
    found.files += len(trouble)
    found.skipped += len(trouble)
    # A loop is left behind, and every file is read once: worth a word, not an error.
    found.warnings += [Problem(shown(path), None, None, None, message) for path, message in loops]
    # One file under two names is one release, under one id: the other name is not read.
    found.warnings += [Problem(shown(path), None, None, None, f"the same file as {shown(read)} (a link or a hard "
                               f"link): read once, as '{os.path.basename(read)[:-len('.yaml')]}'")
                       for path, read in twice]
    return found


_STAMP = struct.Struct("<QqqQ")  # a file's stamp (size, mtime_ns, ctime_ns, inode), packed for the memo


def _load(walked: list[tuple[Path, list[str]]], stored: cache.Stored | None, use_cache: bool,
          progress: Progress | None, outside: Outside, twice: list[tuple[str, str]]) -> Catalog:
    """stored: what the cache holds (None for nothing); use_cache: write one; outside: the
    releases of the bundled record, where the collection does not read it; twice: receives
    (path, path read) for each file not read because it was read under another name."""
    walked, stats_of = _once(walked, twice)
    roots = [root for root, _ in walked]
    total = sum(len(paths) for _, paths in walked)
    catalog = Catalog(roots[0], files=total)
    memo = stored.memo if stored is not None else None
    fresh: cache.Records = {}
    # The registry first: a release may cite its shared sources. Its files' records are in
    # the cache's front part, with the memo; the release files' only when the memo will not do.
    found = registry_mod.load(roots, stored.ahead if stored is not None else {}, fresh)
    # Every release file's place, name in messages and stamp, in the walk's order.
    rels: list[str] = []
    shown: list[str] = []
    stats: list[os.stat_result | None] = []
    folder_displays: list[str] = []
    for n, ((root, paths), folder_stats) in enumerate(zip(walked, stats_of)):
        display_of = _displayer(root)
        folder_displays.append(display_of(str(root) + os.sep))
        prefix = len(str(root)) + 1
        # One cache for the collection: a record is filed under its folder's place in it.
        tag = "" if len(walked) == 1 else f"{n}:"
        rels += [tag + path[prefix:] for path in paths]
        shown += paths if display_of is str else [display_of(path) for path in paths]
        stats += folder_stats
    catalog.registry = found
    catalog.problems.extend(found.problems)
    # A broken registry file is left out whole: every command says so, as for a release file.
    catalog.files += found.broken
    memo_key = _memo_key(sorted(fresh), rels, stats)
    if (memo is not None and not found.read and memo_key is not None and memo.get("key") == memo_key
            and memo.get("displays") in (None, folder_displays)
            and (memo.get("outside") is None or memo["outside"] == outside.key())):  # the bundled ids then
        # Nothing changed since the memo was made: the collection is what it was then.
        try:
            entries = [Entry.stored(head, blob, json, shown[i], stored) for i, head, blob, json in memo["entries"]]
            problems = [Problem(*p) for p in memo["problems"]]
            warnings = [Problem(*p) for p in memo["warnings"]]
            skipped = int(memo["skipped"])
        except Exception:  # noqa: BLE001 - not what this code writes: use the records, not the memo
            pass
        else:
            catalog.from_cache = shown
            catalog.entries, catalog.skipped = entries, skipped + found.broken
            catalog.problems.extend(problems)
            catalog.warnings.extend(warnings)
            return catalog
    cached = _files_of(stored)
    shared_ids = frozenset(found.sources)
    stamps = [cache.stamp(st) if st is not None else None for st in stats]
    hits: list[tuple[str, str, cache.Stamp | None, Any]] = []
    jobs: list[parsing.Job] = []
    paths = [path for _, folder_paths in walked for path in folder_paths]
    for rel, display, now, path in zip(rels, shown, stamps, paths):
        hit = cached.get(rel)
        if now is not None and hit is not None and hit[0] == now and _cites_known(hit[3], shared_ids):
            hits.append((rel, display, now, hit))
        else:
            hits.append((rel, display, now, None))
            jobs.append((path, display))
    good, problems, skipped, made_from = _checked(hits, jobs, total, found, fresh, catalog, progress, outside)
    catalog.problems.extend(problems)
    catalog.skipped = skipped + found.broken
    catalog.entries = good
    if use_cache:
        memo_out = _memo(good, made_from, rels, shown, fresh, problems, skipped, memo_key, folder_displays)
        if memo_out is not None:
            memo_out["warnings"] = [(p.file, p.line, p.column, p.field, p.message) for p in catalog.warnings]
            memo_out["outside"] = outside.key() if outside.asked else None
            if catalog.warnings:  # they name paths as seen from here, as problems do
                memo_out["displays"] = folder_displays
        # Nothing to write when this run learnt nothing: every file as cached, and no memo
        # to make or the one there (a collection with a file that does not parse, or a
        # broken registry file: both are read again every time, and the rest stays).
        same_files = fresh.keys() == cached.keys() and all(fresh[k][0] == cached[k][0] for k in fresh)
        if not (same_files and (memo_out is None or all(memo_out[k] == (memo or {}).get(k)
                                                        for k in ("key", "displays", "outside")))):
            cache.write(roots, fresh, memo_out)
    return catalog


def _once(walked: list[tuple[Path, list[str]]], twice: list[tuple[str, str]]
          ) -> tuple[list[tuple[Path, list[str]]], list[list[os.stat_result | None]]]:
    """Each file read once however many names reach it (a link to a file, a hard link, a
    file in a folder that a link reaches too: the same device and inode are one file),
    with each file's stat. It is read under its own name (the name its target has) when
    that is one of them, else the first reached; each other name goes to `twice`."""
    stats_of = [[_stat(path) for path in paths] for _, paths in walked]
    names: dict[tuple[int, int], list[str]] = {}
    for (_, paths), stats in zip(walked, stats_of):
        for path, st in zip(paths, stats):
            if st is not None:
                names.setdefault((st.st_dev, st.st_ino), []).append(path)
    if len(names) == sum(len(stats) - stats.count(None) for stats in stats_of):
        return walked, stats_of  # the common case: every name a file of its own
    drop: set[str] = set()
    for same in names.values():
        if len(same) > 1:
            own = os.path.basename(os.path.realpath(same[0]))
            read = next((p for p in same if os.path.basename(p) == own), same[0])
            twice += [(p, read) for p in same if p != read]
            drop.update(p for p in same if p != read)
    kept = [[(p, st) for p, st in zip(paths, stats) if p not in drop] for (_, paths), stats in zip(walked, stats_of)]
    return ([(root, [p for p, _ in pairs]) for (root, _), pairs in zip(walked, kept)],
            [[st for _, st in pairs] for pairs in kept])


def _files_of(stored: cache.Stored | None) -> dict[str, Any]:
    """The cached record of each file, as `_checked` reads them: a file whose record is a
    memo entry's own is filed with that entry's index, and given back with its blob."""
    if stored is None:
        return {}
    files = stored.files()
    entries = (stored.memo or {}).get("entries") or []
    out: dict[str, Any] = {}
    for rel, value in files.items():
        try:
            now, blob, text, shared = value
            if type(blob) is int:
                _, _, ref, text = entries[blob]
                view = stored.blob(ref)
                if view is None:
                    continue
                blob = bytes(view)
        except (TypeError, ValueError, IndexError):
            continue  # not what this code writes: that file is read again
        out[rel] = (now, blob, text, shared)
    return out


def _cites_known(shared: list[Any] | None, known: frozenset[str]) -> bool:
    """Is every shared source a cached record cites still in the registry? A file is
    checked against the shared sources when it is parsed: with one gone, it is parsed
    again, and fails as it would have then."""
    return not shared or all(ref in known for _, ref in shared)


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _memo_key(registry_keys: list[str], rels: list[str], stats: list[os.stat_result | None]) -> str | None:
    """What the memo stands for: every release file's place and stamp, and the registry's
    files (whose stamps the registry checks). None when a file cannot be read (it will be
    a problem, which the memo does not hold)."""
    digest = hashlib.sha256()
    digest.update("\0".join([*registry_keys, "", *rels]).encode("utf-8", "surrogatepass"))
    pack = _STAMP.pack
    try:
        digest.update(b"".join([pack(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)  # type: ignore[union-attr]
                                for st in stats]))
    except (AttributeError, struct.error):  # a file not there (None), or a stamp out of range
        return None
    return digest.hexdigest()


def _memo(good: list[Entry], made_from: dict[int, str], rels: list[str], shown: list[str],
          fresh: cache.Records, problems: list[Problem], skipped: int, key: str | None,
          folder_displays: list[str]) -> cache.Memo | None:
    """The collection as this run made it, for the next run whose files are all unchanged;
    a file whose record an entry is (as it is) is filed with the entry's index, not its own
    copy of the record. None when the collection cannot be one (a file that does not parse:
    it is read every time, so the collection is checked every time)."""
    if key is None or any(rel not in fresh for rel in rels):
        return None
    index = {display: i for i, display in enumerate(shown)}
    canon: dict[Any, Any] = {}  # equal values as one object: marshal writes the others as references
    entries = []
    for n, e in enumerate(good):
        if e.path not in index:
            return None
        head = _canonical(canon, e.head())
        rel = made_from.get(id(e))
        if rel is not None and type(fresh[rel][1]) is bytes:
            now, blob, text, shared = fresh[rel]
            fresh[rel] = (now, n, None, shared)
            entries.append((index[e.path], head, blob, text))
        else:
            entries.append((index[e.path], head, marshal.dumps(e.record), e.json))
    # Paths in messages and in a linked release's `records` are as seen from the working
    # folder: a memo holding either is for that view only; most hold neither, and serve all.
    shows_paths = bool(problems) or any(id(e) not in made_from and "records" in e.record for e in good)
    return {"key": key, "skipped": skipped, "entries": entries, "displays": folder_displays if shows_paths else None,
            "problems": [(p.file, p.line, p.column, p.field, p.message) for p in problems]}


# The fields of a head that many releases share (a date, countries, categories, access...).
_SHARED_AT = tuple(HEAD.index(f) for f in ("released_date", "countries", "categories", "org_names", "access",
                                         "abouts", "source_ids", "links"))


def _canonical(canon: dict[Any, Any], head: Head) -> Head:
    """The head with each shared field the first equal value seen (marshal then writes a
    reference, and the next run builds one object for all: the memo loads 4x faster)."""
    out = list(head)
    for i in _SHARED_AT:
        value = out[i]
        try:
            out[i] = canon.setdefault((list, *value) if type(value) is list else value, value)
        except TypeError:  # unhashable (a list of links): kept as it is
            pass
    return tuple(out)


PARSE_CHUNK = 20_000  # files parsed at a time: their results are all in memory at once


def _parsed(jobs: list[parsing.Job], shared: frozenset[str], progress: Progress | None, total: int
            ) -> Iterator[parsing.Parsed]:
    """Each job's result, in order, parsed a chunk at a time. A result is compact (the
    record as a blob, with its eager fields), but a parse hands back all of its files'
    at once, and a worker's come as one blob: chunks keep 100,000 new files from being
    a 500 MB moment. (Each chunk forks its own workers, a few milliseconds each; a
    collection of up to 20,000 files is one chunk.)"""
    for start in range(0, len(jobs), PARSE_CHUNK):
        tick = None if progress is None else (lambda done, start=start: progress(start + done, total))
        results = parsing.parse_all(jobs[start:start + PARSE_CHUNK], shared, tick)
        results.reverse()
        while results:  # popped, so a record the caller has done with is not held here
            yield results.pop()


def _checked(hits: list[tuple[str, str, cache.Stamp | None, Any]], jobs: list[parsing.Job], total: int,
             found: registry_mod.Registry, fresh: cache.Records, catalog: Catalog, progress: Progress | None,
             outside: Outside) -> tuple[list[Entry], list[Problem], int, dict[int, str]]:
    """Every file's record (from the cache, else parsed), checked across files: the entries,
    the problems, how many files were left out, and which file each entry is the record of
    (by the entry's id(): those that `_resolve` and `matching` left as they were)."""
    candidates: list[Entry] = []
    citations: dict[str, list[Any]] = {}  # display path -> the shared sources it cites
    bad_files: set[str] = set()
    problems: list[Problem] = []
    rel_of: dict[int, str] = {}
    parsed = _parsed(jobs, frozenset(found.sources), progress, total)
    for rel, display, now, hit in hits:
        if hit is not None:
            _, blob, text, shared = hit
            record = _decoded(blob, os.path.basename(rel)[:-5])
            catalog.from_cache.append(display)
        else:
            kept, parse_problems, shared, text = next(parsed)
            if kept is None or text is None:
                problems.extend(parse_problems)
                bad_files.add(display)
                continue
            head, blob = kept
            record = None
        if now is not None:
            fresh[rel] = (now, blob, text, shared or None)  # None: smaller to marshal
        if shared:
            citations[display] = shared
        if record is not None:
            entry = Entry(record, display, text)
            entry.keep_as(blob)
        else:
            entry = Entry.stored(head, blob, text, display, None)
        rel_of[id(entry)] = rel
        candidates.append(entry)
    if progress is not None and jobs:
        progress(total, total)
    bad_files.update(f"registry:{i}" for i in range(found.broken))
    resolved, wrong = _resolve(candidates, citations, found)
    problems.extend(wrong)
    bad_files.update(p.file for p in wrong)
    # A file with errors is skipped, but it exists: releases that name it keep their place.
    every_id = {os.path.basename(rel)[:-5] for rel, _, _, _ in hits}
    good, cross, warned = cross_check(resolved, also_known=every_id, outside=outside.says)
    problems.extend(cross)
    catalog.warnings.extend(warned)
    bad_files.update(p.file for p in cross)
    # Files that record one release (linked) are one entry from here on.
    good, linking = matching.group(good, Entry)
    problems.extend(linking)
    bad_files.update(p.file for p in linking)
    # Names that lookup could never tell apart: the later file is refused, as a second file
    # of one id is, so that every command leaves it out (validate lists why).
    near = matching.near_duplicates(good)
    if near:
        problems.extend(near)
        clashed = {p.file for p in near}
        bad_files.update(clashed)
        good = [e for e in good if e.path not in clashed]
    made_from = {id(e): rel_of[id(e)] for e in good if id(e) in rel_of}
    return good, problems, len(bad_files) - found.broken, made_from


def _resolve(entries: list[Entry], citations: dict[str, list[Any]], found: registry_mod.Registry
             ) -> tuple[list[Entry], list[Problem]]:
    """Organisations named by id filled in from the registry, and the shared sources a
    release cites added to its sources; a file that names an unknown one is a problem."""
    good: list[Entry] = []
    problems: list[Problem] = []
    terms = found.lookup_terms() if found.organizations else {}
    for entry in entries:
        shared = citations.get(entry.path, [])
        if not shared and not entry.market and not entry.org_ids:
            good.append(entry)  # the common case of a collection of one's own: nothing to fill in
            continue
        record = entry.record
        orgs = record["organization"]
        wrong_listing = _listing_problems(entry, found, terms) if record["market_reaction"] else []
        if wrong_listing:
            problems += _located(entry.path, wrong_listing)
            continue
        if not shared and not any(isinstance(org, str) for org in orgs):
            good.append(entry)
            continue
        wrong: list[tuple[tuple[str | int, ...], str]] = []
        filled = []
        for i, org in enumerate(orgs):
            if not isinstance(org, str):
                filled.append(org)
            elif org in found.organizations:
                filled.append(found.as_release_org(org))
            else:
                near = found.nearest(org)
                hint = did_you_mean(near)
                wrong.append((("organization", i), f"no organisation with id '{org}' in organizations.yaml{hint}"))
        cited: list[str] = []
        for loc, ref in shared:
            if ref in found.sources:
                cited.append(ref)
            else:
                local = ", ".join(s["id"] for s in entry.record["sources"]) or "none"
                wrong.append((tuple(loc), f"source '{ref}' is not in this file's sources (known: {local}) "
                                          "nor in sources.yaml"))
        if wrong:
            problems += _located(entry.path, wrong)
            continue
        sources = entry.record["sources"] + [
            {"id": ref, **{k: found.sources[ref].get(k) for k in SOURCE_FIELDS}} for ref in dict.fromkeys(cited)]
        good.append(Entry({**entry.record, "organization": filled, "sources": sources}, entry.path))
    return good, problems


SOURCE_FIELDS = ("kind", "title", "publisher", "url", "date", "note")  # a shared source as a release's source


def _listing_problems(entry: Entry, found: registry_mod.Registry, terms: dict[str, str]
                      ) -> list[tuple[tuple[str | int, ...], str]]:
    """A market reaction on an exchange where the registry's company is not listed, or
    dated before its listing: a reaction refers to a listing the registry knows."""
    wrong: list[tuple[tuple[str | int, ...], str]] = []
    for i, reaction in enumerate(entry.record["market_reaction"]):
        org_id = terms.get(fold(reaction["company"], spacing=True))
        listings = found.organizations[org_id]["listings"] if org_id else []
        if not listings:
            continue
        where = reaction.get("listing")
        same = [x for x in listings if where is None or fold(x["exchange"], spacing=True) == fold(where, spacing=True)]
        if not same:
            names = ", ".join(x["exchange"] for x in listings)
            wrong.append((("market_reaction", i, "listing"), f"{reaction['company']} is not listed on '{where}' "
                                                             f"in organizations.yaml (listed: {names})"))
            continue
        first = min((FuzzyDate.parse(x["listed"]) for x in same if x.get("listed")), default=None,
                    key=lambda d: d.earliest)
        date = FuzzyDate.parse(reaction["date"])
        if first is not None and date.latest < first.earliest:
            wrong.append((("market_reaction", i, "date"), f"{date} is before {reaction['company']} was listed "
                                                          f"({first}, organizations.yaml)"))
    return wrong


def _located(path: str, wrong: list[tuple[tuple[str | int, ...], str]]) -> list[Problem]:
    # Lazy: finding the line means parsing YAML again, only ever for a broken reference.
    from ai_tracker.files.yaml_reader import field_label, position_of

    return [Problem(path, *position_of(path, loc), field_label(loc), message) for loc, message in wrong]


def _id_hint(ref: str, named: dict[str, Entry], ids: dict[str, Entry]) -> str:
    """A reference by name or alias (`about: GPT-4`) gets the id it means; a typo the
    nearest ids. A reference is always an id, so the file is still refused."""
    same = named.get(fold(ref))
    if same is not None:
        return did_you_mean([f"'{same.id}' ({clean(same.name)})"], before="; a reference is an id: ")
    return did_you_mean(difflib.get_close_matches(ref, list(ids), n=2, cutoff=0.8), quoted=True)


def cross_check(entries: list[Entry], also_known: set[str] | frozenset[str] = frozenset(),
                outside: Callable[[str], str | None] = lambda ref: None,
                ) -> tuple[list[Entry], list[Problem], list[Problem]]:
    """Checks no single file can make: unique ids, references to other releases. The
    entries that pass, the problems (each file with one is left out) and the warnings.

    also_known: ids of files that exist but were skipped for their own errors;
    naming one is not an error of the file that names it.
    outside: what to say of an id that is not in the collection but is a release
    of a folder not read with it (the bundled record: `Outside.says`), or None. Such a
    reference is a warning; the file is counted, on its own.
    """
    problems: list[Problem] = []
    first: dict[str, Entry] = {}
    unique: list[Entry] = []
    for entry in entries:
        if entry.id in first:
            problems.append(Problem(entry.path, None, None, None,
                                    f"id '{entry.id}' is already used by {first[entry.id].path}; "
                                    "ids (file names) must be unique in the whole collection, "
                                    "across all its data folders"))
            continue
        first[entry.id] = entry
        unique.append(entry)
    good: list[Entry] = []
    warnings: list[Problem] = []
    named: dict[str, Entry] | None = None
    for entry in unique:
        if all(ref in first or ref in also_known for ref in entry.reference_ids()):
            good.append(entry)
            continue
        dangling = [(loc, ref) for loc, ref in entry.references() if ref not in first and ref not in also_known]
        said = {ref: outside(ref) for _, ref in dangling}
        elsewhere = [(loc, text) for loc, ref in dangling if (text := said[ref]) is not None]
        warnings += _located(entry.path, elsewhere) if elsewhere else []
        dangling = [(loc, ref) for loc, ref in dangling if said[ref] is None]
        if dangling:
            if named is None:  # only for a file with a bad reference: most loads never build it
                named = {fold(term): e for e in unique for term in (e.id, e.name, *e.aliases)}
            problems += _located(entry.path, [(loc, f"no release with id '{ref}' in the collection"
                                                    f"{_id_hint(ref, named, first)}") for loc, ref in dangling])
        else:
            good.append(entry)
    return good, problems, warnings


class Outside:
    """The releases of the bundled record, for a collection that does not read it.

    Files made to sit beside the bundled record name its releases: an import links
    its records to them (`origin.same_as`), a release of one's own names its
    predecessor. Read without it (`-d DIR`), such a file is still counted, on its
    own, with a warning that says how to read the two together; an id that is no
    release anywhere stays an error. The bundled ids are listed only when a
    reference dangles (`asked`), and then they are part of what the memo stands for."""

    def __init__(self, dirs: list[DataDir]) -> None:
        bundled = os.path.realpath(bundled_dir())
        self.read = any(d.origin == "bundled" or os.path.realpath(d.path) == bundled for d in dirs)
        # As a user would type it: the bundled record first, then the folders as named.
        self.together = " ".join(["-d", BUNDLED_NAME, *(f"-d {shlex.quote(str(d.path))}" for d in dirs)])
        self.asked = False
        self._ids: frozenset[str] | None = None

    def ids(self) -> frozenset[str]:
        if self._ids is None:
            self._ids = frozenset() if self.read else frozenset(
                os.path.basename(p)[:-len(".yaml")] for p in release_files(bundled_dir()))
        return self._ids

    def says(self, ref: str) -> str | None:
        """The warning for a reference to an id not in the collection, if the bundled record has it."""
        self.asked = True
        if ref not in self.ids():
            return None
        return (f"'{ref}' is a release of the bundled record, which is not read here, so this file stands "
                f"on its own; read them together with `{self.together}`")

    def key(self) -> str:
        """The bundled ids, as one text for the memo."""
        return hashlib.sha256("\0".join(sorted(self.ids())).encode()).hexdigest()
