"""What every importer shares (`import epoch`, `import models-dev`): ids for new rows,
the files with their hash header, and the re-import rules.

An importer turns its source into `Draft`s (one release file's data each, with
the key that finds it again) and `Skip`s; `run` writes them:

- A file is found again by `origin.database` and `origin.key`, never by its
  name, so a renamed file is still updated.
- Each file starts with a header holding a hash of everything below it: a file
  whose hash still matches (nobody edited it) is updated when its row changed;
  one edited by hand, or not written by the importer, is kept unless `force`.
- A newer snapshot alone is no change: the database's own sources keep the
  snapshot (date, note, link) in which the file's data last changed.
- A release the collection already holds is linked, not repeated: the file
  records the id of that release in `origin.same_as` (see collection/matching.py).
- Every file is written in a hidden folder first and read back with the loader;
  only a valid file is moved into place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ai_tracker.collection.folders import bundled_dir, release_files
from ai_tracker.errors import Problem, UsageError
from ai_tracker.files import yaml_reader as yamlstrict
from ai_tracker.files import yaml_writer
from ai_tracker.files.atomic import Clobber, bytes_writer, check_without_writing, create_atomically, replace_atomically
from ai_tracker.files.loader import read_release
from ai_tracker.files.yaml_reader import read_regular_file
from ai_tracker.model.dates import FuzzyDate
from ai_tracker.model.ids import RESERVED_IDS, slugify

_HEADER_LINE = re.compile(r"^# ai-tracker import (?P<db>[a-z0-9-]+) sha256=(?P<hash>[0-9a-f]{64})$")


@dataclass(frozen=True)
class Database:
    """What an importer tells the shared machinery about its source."""

    name: str  # origin.database, and the header's word: "epoch", "models-dev"
    label: str  # for the summary: "Epoch AI, Notable AI Models"
    note: str  # the comment lines under the header
    source_id: str  # the id of the database's own source in each file (variants: "<id>-2", ...)

    def own_source(self, source_id: str) -> bool:
        return source_id == self.source_id or source_id.startswith(self.source_id + "-")


@dataclass(frozen=True)
class Skip:
    """A row that did not become a file, and why (reason: a short fixed phrase to count by)."""

    where: str  # "line 12", "models/openai/gpt-4.toml": where the row is, for messages
    model: str
    reason: str
    detail: str = ""


@dataclass
class Draft:
    """A row converted: the release file's data, before it has an id."""

    key: str  # origin.key: what finds the file again on the next import
    data: dict[str, Any]
    where: str
    name: str
    ids: list[str]  # ids to try, plainest first; each depends on the row alone


class SkipRow(Exception):
    """Raised by an importer's conversion: the row becomes a Skip with this reason."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def candidate_ids(name: str, key: str, org: str, date: str) -> list[str]:
    """The ids to try for a new row: the slug of its name, then with its
    organisation, then its date, then a hash of its key."""
    base = slugify(name) or f"model-{short_hash(key)}"
    if base in RESERVED_IDS:  # 'con', 'nul', ...: file names Windows cannot hold, refused by `new` too
        base = f"{base}-model"
    org_slug = slugify(org)[:30].strip("-") if org else ""
    with_org = f"{base}-{org_slug}" if org_slug else base
    return [base, with_org, f"{with_org}-{date}", f"{base}-{short_hash(key)}"]


def assign_ids(drafts: list[Draft], taken: set[str]) -> dict[str, str]:
    """New ids for new rows: the plain slug unless another row or file wants it too,
    then with the organisation, then the date, then a hash of the key.

    Decided per group of rows sharing a slug, so the result does not depend on
    row order; `taken` holds every id already in the collection. Returns key -> id.
    """
    ids: dict[int, str] = {}
    options = [d.ids for d in drafts]
    groups: dict[str, list[int]] = defaultdict(list)
    for i, opts in enumerate(options):
        groups[opts[0]].append(i)
    used = set(taken)
    for base in sorted(groups):
        pending = groups[base]
        for level in range(4):
            wanted = Counter(options[i][level] for i in pending)
            still = []
            for i in pending:
                choice = options[i][level]
                if wanted[choice] == 1 and choice not in used:
                    ids[i] = choice
                    used.add(choice)
                else:
                    still.append(i)
            pending = still
            if not pending:
                break
        for n, i in enumerate(sorted(pending, key=lambda i: drafts[i].key), start=2):
            ids[i] = f"{options[i][3]}-{n}"  # identical keys are refused earlier; a safety net
            used.add(ids[i])
    return {drafts[i].key: release_id for i, release_id in ids.items()}


# --- the files -----------------------------------------------------------------------------


def dump_body(database: Database, data: dict[str, Any]) -> str:
    return database.note + yaml_writer.dump(data, words_inline=True)


def body_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def render(database: Database, data: dict[str, Any]) -> str:
    """The whole file: the header line with the hash of everything below it, then the body."""
    body = dump_body(database, data)
    return f"# ai-tracker import {database.name} sha256={body_hash(body)}\n{body}"


@dataclass
class Existing:
    """A release file already in the target folder."""

    path: Path
    id: str
    pristine: bool  # has our header and its hash still matches: nobody edited it
    generated: bool  # has our header at all
    key: str | None  # origin.key, when origin.database is this importer's
    data: dict[str, Any] | None  # the parsed body (strings), when it parses
    raw: bytes = b""  # what the scan read: the file is replaced only while it still holds this


def read_existing(path: Path, database: str) -> Existing:
    try:
        raw = read_regular_file(path)
    except (OSError, ValueError):  # a dangling link, a FIFO: not ours, so never replaced without --force
        raw = b""
    text = raw.decode("utf-8", errors="replace")
    first, _, body = text.partition("\n")
    m = _HEADER_LINE.match(first.rstrip("\r"))
    data: dict[str, Any] | None = None
    try:
        data = yamlstrict.parse(raw, positions=False).data
    except yamlstrict.YamlProblem:
        pass
    origin = data.get("origin") if isinstance(data, dict) else None
    key = origin.get("key") if isinstance(origin, dict) and origin.get("database") == database else None
    intact = m is not None and body_hash(body) == m["hash"]
    return Existing(path, path.stem, intact, m is not None, key if isinstance(key, str) else None, data, raw)


def scan(folder: Path, database: str) -> list[Existing]:
    return [read_existing(Path(p), database) for p in release_files(folder)] if folder.is_dir() else []


@dataclass
class Report:
    source: str
    snapshot: str
    rows: int = 0
    new: list[str] = field(default_factory=list)
    updated: list[tuple[str, list[str]]] = field(default_factory=list)  # id, fields that changed
    replaced: list[str] = field(default_factory=list)  # edited files overwritten with --force
    unchanged: list[str] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # id, why it was not overwritten
    skipped: list[Skip] = field(default_factory=list)
    not_in_snapshot: list[str] = field(default_factory=list)  # ids of earlier imports the source no longer lists
    linked: list[tuple[str, str]] = field(default_factory=list)  # id written, the release it is a record of
    notes: list[str] = field(default_factory=list)  # what the importer wants said once (hosts left out, ...)

    @property
    def written(self) -> int:
        return len(self.new) + len(self.updated) + len(self.replaced)

    def skip_reasons(self) -> list[tuple[str, int]]:
        return Counter(s.reason for s in self.skipped).most_common()


# A date in a file's name (`epoch_notable_ai_models_2024-12.csv`): the snapshot it is,
# as its publisher named it; a better witness than the day the file was copied.
_NAME_DATE = re.compile(r"(?<!\d)(\d{4}-\d{2}(?:-\d{2})?)(?!\d)")


def date_in_name(name: str) -> str | None:
    """The last day or month written in a file name, if it is a real one."""
    for found in reversed(_NAME_DATE.findall(Path(name).name)):
        try:
            return str(FuzzyDate.parse(found))
        except ValueError:
            continue
    return None


def snapshot_of(path: Path, option: str | None) -> str:
    """--snapshot as given (YYYY-MM-DD, YYYY-MM or YYYY), else a date in the file's name,
    else the file's modification month (for a download: the day it was fetched)."""
    if option:
        try:
            date = FuzzyDate.parse(option)
        except ValueError as exc:
            raise UsageError(str(exc), field="snapshot") from None
        if date.precision == "window":
            raise UsageError("give one day, month or year, not a window", field="snapshot")
        return str(date)
    return date_in_name(path.name) or dt.date.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m")


def check_target(into: Path) -> None:
    target = into.expanduser().resolve()
    bundled = bundled_dir().resolve()
    if target == bundled or bundled in target.parents:
        raise UsageError(f"'{into}' is the bundled data folder; import into a folder of your own",
                         field="into")
    if target.exists() and not target.is_dir():
        raise UsageError(f"'{into}' exists and is not a folder", field="into")


# --- the import ----------------------------------------------------------------------------

# The id of the release a draft is a record of, or None (collection/matching.py makes one).
Linker = Callable[[dict[str, Any], str | None], str | None]


@dataclass
class _Planned:
    draft: Draft
    id: str
    target: Path
    existing: Existing | None


def run(database: Database, drafts: list[Draft], report: Report, into: Path, *, wanted: set[str],
        taken: set[str] | frozenset[str] = frozenset(), link: Linker | None = None, force: bool = False, dry_run: bool = False,
        progress: Callable[[int, int], None] | None = None) -> Report:
    """Write the drafts into the folder by the rules above. wanted: every key the
    source holds (a row skipped this time is still in it); taken: ids of the rest
    of the collection, which a new file must not take."""
    existing = scan(into, database.name)
    by_key: dict[str, Existing] = {}
    for file in existing:
        if file.key is not None:
            by_key.setdefault(file.key, file)
    fresh = [d for d in drafts if d.key not in by_key]
    new_ids = assign_ids(fresh, {f.id for f in existing} | set(taken))
    planned = []
    for draft in drafts:
        old = by_key.get(draft.key)
        release_id = old.id if old is not None else new_ids[draft.key]
        if link is not None:
            same = link(draft.data, release_id)
            if same is not None:
                draft.data["origin"] = {**draft.data["origin"], "same_as": same}
                report.linked.append((release_id, same))
        if old is not None:
            planned.append(_Planned(draft, old.id, old.path, old))
        else:
            planned.append(_Planned(draft, release_id, into / f"{release_id}.yaml", None))
    report.not_in_snapshot = sorted(f.id for f in by_key.values() if f.key not in wanted)
    if not dry_run:
        try:
            into.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot create '{into}': {exc.strerror or exc}", field="into") from None
    for n, item in enumerate(planned, start=1):
        _apply(database, item, force, dry_run, report)
        if progress is not None:
            progress(n, len(planned))
    return report


def _own_stamps(database: Database, data: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """The database's own sources of a file, by id: their snapshot (date, note, link)."""
    return {s["id"]: s for s in (data or {}).get("sources") or []
            if isinstance(s, dict) and isinstance(s.get("id"), str) and database.own_source(s["id"])}


def _restamped(database: Database, data: dict[str, Any], old: dict[str, Any] | None) -> dict[str, Any]:
    """data with the database's own sources as the earlier file had them (its snapshot)."""
    stamps = _own_stamps(database, old)
    out = dict(data)
    out["sources"] = [({**s, **{k: stamps[s["id"]][k] for k in ("date", "note", "url") if k in stamps[s["id"]]}}
                       if s["id"] in stamps else s) for s in data["sources"]]
    return out


def _changed_fields(old: dict[str, Any] | None, new_body: str) -> list[str]:
    new = yamlstrict.parse(new_body.encode("utf-8"), positions=False).data
    old = old or {}
    return [k for k in dict.fromkeys([*new, *old]) if old.get(k) != new.get(k)]


class _Invalid(Exception):
    """The file written would not load; the row is skipped."""


def _apply(database: Database, item: _Planned, force: bool, dry_run: bool, report: Report) -> None:
    old = item.existing
    data = item.draft.data
    changed: list[str] = []
    if old is not None and old.pristine:
        # A new snapshot alone is no change: the file keeps citing the snapshot its
        # data last changed in, and is not rewritten.
        body = dump_body(database, _restamped(database, data, old.data))
        if old.raw.decode("utf-8", errors="replace").partition("\n")[2] == body:
            report.unchanged.append(item.id)
            return
        changed = _changed_fields(old.data, body)
    elif old is not None and not force:
        why = "edited by hand since it was imported" if old.generated else "not written by the importer"
        report.kept.append((item.id, why))
        return
    problems: list[Problem] = []

    def check(trial: Path) -> None:
        release, found = read_release(trial, str(item.target))
        if release is None:
            problems.extend(found)
            raise _Invalid

    # A file is never replaced unless it still holds what the scan read, and a new one
    # never lands on a name taken meanwhile (a `new`, a hand edit while the import ran).
    write = bytes_writer(render(database, data).encode("utf-8"))
    try:
        if dry_run:
            check_without_writing(item.target, write, check)
        elif old is None:
            create_atomically(item.target, write, check=check)
        else:
            replace_atomically(item.target, write, check=check, expect=old.raw)
    except _Invalid:
        report.skipped.append(Skip(item.draft.where, item.draft.name, "would not be a valid file",
                                   str(problems[0]) if problems else ""))
        return
    except Clobber:
        why = "written by someone else while the import ran" if old is None else "changed while the import ran"
        report.kept.append((item.id, why))
        return
    if old is None:
        report.new.append(item.id)
    elif old.pristine:
        report.updated.append((item.id, changed))
    else:
        report.replaced.append(item.id)
