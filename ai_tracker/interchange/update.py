"""`ai-tracker update`: the default collection brought up to date from models.dev.

The default collection is two layers: the curated base (the bundled record)
and `@updates`, the last import of models.dev's public JSON, linked to the
base so that no model is counted twice. This module fetches the JSON, imports
it with `import models-dev`'s reader into a fresh copy of the update, works
out what changed, and switches to the new copy in one step.

Everything lives in the user's data folder (`folders.data_home()`):

    updates              a link to the current state (a folder of release files);
                         replacing a link is atomic, so a reader sees the old update or
                         the new one, never half of each, and a killed update leaves the old
    states/<stamp>/      the states; the current one and the one before it are kept
    update.json          where the last update came from, with the ETag and Last-Modified
                         that make the next request conditional
    changes.jsonl        every change every update made, one JSON object a line
    update.lock          held while an update runs: two updates never interleave

Linux and macOS: POSIX links and `fcntl` locks. On Windows the link needs
the right to create symbolic links, and the lock is not taken.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ai_tracker.collection import catalog as catalog_mod
from ai_tracker.collection import coverage, folders, matching
from ai_tracker.errors import DataError, UsageError
from ai_tracker.files.atomic import bytes_writer, point_link, replace_atomically, scratch_folder, write_text_atomically
from ai_tracker.interchange import download, importing, modelsdev, snapshot
from ai_tracker.interchange.importing import Report
from ai_tracker.model.dates import FuzzyDate, IsoWeek

DEFAULT_URL = "https://models.dev/api.json"
URL_ENV = "AI_TRACKER_UPDATE_URL"


@dataclass(frozen=True)
class Change:
    """One change an update made to the record, as `changes` lists it."""

    day: str  # the update's day
    source: str  # the URL it came from
    change: str  # "added", "removed", "re-dated" or "changed"
    id: str
    name: str
    released: str | None = None  # the date it counts under now (before, for a removal)
    before: str | None = None  # re-dated: the date it counted under before
    week: str | None = None  # the ISO week of `released`
    week_before: str | None = None  # re-dated: the ISO week of `before`
    fields: tuple[str, ...] = ()  # changed: which facts

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["fields"] = list(self.fields)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Change:
        known = {k: data.get(k) for k in cls.__dataclass_fields__ if k != "fields"}
        fields = data.get("fields") or []
        return cls(**{k: v if v is None else str(v) for k, v in known.items()},  # type: ignore[arg-type]
                   fields=tuple(str(f) for f in fields) if isinstance(fields, list) else ())


@dataclass
class Outcome:
    url: str
    unchanged: bool  # the server said nothing is newer (HTTP 304): nothing was downloaded
    folder: Path
    report: Report | None = None
    changes: list[Change] = field(default_factory=list)
    version: str | None = None  # a snapshot's record version

    def counts(self) -> dict[str, int]:
        found = {"added": 0, "removed": 0, "re-dated": 0, "changed": 0}
        for change in self.changes:
            found[change.change] += 1
        return found


# --- where things are ----------------------------------------------------------------------


def home() -> Path:
    return folders.data_home()


def changes_file() -> Path:
    return home() / "changes.jsonl"


def _state_file() -> Path:
    return home() / "update.json"


def _states() -> Path:
    return home() / "states"


def source_url(option: str | None) -> str:
    """--url, else $AI_TRACKER_UPDATE_URL, else models.dev's public JSON."""
    return option or os.environ.get(URL_ENV, "").strip() or DEFAULT_URL


# --- the update ----------------------------------------------------------------------------


def update(url: str, today: dt.date, *, limits: download.Limits | None = None, force: bool = False,
           progress: Callable[[int, int | None], None] | None = None) -> Outcome:
    """Fetch url, import it as the new update and switch to it; DataError for anything
    that goes wrong, with the current update left exactly as it was."""
    root = _made_home()
    with _locked(root / "update.lock"):
        state = _read_state()
        current = folders.updates_dir()
        conditional = {}
        if state.get("url") == url and current.is_dir():
            if state.get("etag"):
                conditional["If-None-Match"] = str(state["etag"])
            if state.get("last_modified"):
                conditional["If-Modified-Since"] = str(state["last_modified"])
        if not download.is_url(url):  # a copy saved by hand (offline): read as it is, never conditional
            path = Path(url).expanduser()
            if not path.is_file():
                raise UsageError(f"'{url}' is neither an http(s) URL nor a file", field="url")
            outcome = _install(path, str(path), today, current, force)
            _write_state({"url": str(path), "fetched": today.isoformat(), "checked": today.isoformat(),
                          "base": folders.base_fingerprint()})
            return outcome
        with scratch_folder() as tmp:
            try:
                # Named as the URL names it: the records cite `api.json#lab/model`, never a temporary name.
                name = Path(url.split("?", 1)[0].rstrip("/")).name.strip(".") or "api.json"
                got = download.fetch(url, tmp / name, limits or download.Limits(), progress, headers=conditional)
            except download.NotModified:
                _write_state({**state, "checked": today.isoformat()})
                return Outcome(url, True, current)
            outcome = _install(got.path, url, today, current, force)
        _write_state({"url": url, "etag": got.headers.get("ETag"), "last_modified": got.headers.get("Last-Modified"),
                      "fetched": today.isoformat(), "checked": today.isoformat(), "base": folders.base_fingerprint()})
        return outcome


def _install(path: Path, url: str, today: dt.date, current: Path, force: bool) -> Outcome:
    """Import into a copy of the current state, then make the copy current."""
    base = catalog_mod.load(folders.base_dir())
    with _staged(today) as stage:
        if current.is_dir():
            shutil.copytree(current, stage, symlinks=False, dirs_exist_ok=True)
        before = _records(stage)
        taken = {Path(p).stem for p in folders.release_files(base.root)}
        # A saved copy cites no address of its own (a path on this machine is no source a reader can open).
        report = modelsdev.import_source(path, stage, base.registry, snapshot=today.isoformat(),
                                         url=url if download.is_url(url) else None,
                                         force=force, taken=taken,
                                         link=matching.linker(base.entries, base.registry, modelsdev.DATABASE))
        _remove_gone(stage, report)
        after = _records(stage)
        _state_coverage(stage, base, after, today, url)
        changes = _diff(before, after, today.isoformat(), url)
        _switch(folders.updates_dir(), stage, today)
    _append_changes(changes)
    _prune()
    return Outcome(url, False, folders.updates_dir(), report, changes)


def _state_coverage(stage: Path, base: catalog_mod.Catalog, records: dict[str, tuple[str, dict[str, Any]]],
                    today: dt.date, url: str) -> None:
    """The update's own statement of coverage: partial, for the labs it imported, from the day
    after the curated record's coverage ends to the day it was fetched. Partial because
    models.dev lists API models, not video, image or app-only releases; for those labs only,
    so a count of every lab past the curated record stays 'not covered'."""
    labs = sorted({org for _, data in records.values() for org in data.get("organization") or []
                   if isinstance(org, str)})
    end = coverage.of(base).end()
    start = (end + dt.timedelta(days=1)) if end is not None else None
    lines = ["# Written by `ai-tracker update`: what this import of models.dev covers.",
             f"checked: {today.isoformat()}"]
    if labs and (start is None or start <= today):
        lines += ["spans:",
                  *([f"  - from: {start.isoformat()}"] if start else ["  -"]),
                  f"    to: {today.isoformat()}",
                  "    level: partial",
                  f"    organizations: [{', '.join(labs)}]",
                  f"    note: models.dev's API models as fetched on {today.isoformat()} from {json.dumps(url)}; "
                  "not video, image or app-only releases"]
    else:
        lines.append("spans: []")
    write_text_atomically(stage / "coverage.yaml", "\n".join(lines) + "\n")


def install_snapshot(source: str, today: dt.date, *, sha256: str | None = None,
                     limits: download.Limits | None = None,
                     progress: Callable[[int, int | None], None] | None = None) -> Outcome:
    """`update --from`: a snapshot made by `pack` becomes the curated base, once its
    SHA-256, its manifest and every file's strict validation hold."""
    root = _made_home()
    with _locked(root / "update.lock"), scratch_folder() as tmp:
        archive, digest = _fetch_snapshot(source, tmp, sha256, limits or download.Limits(), progress)
        with _staged(today) as stage:
            manifest = snapshot.unpack(archive, digest, stage)
            snapshot.check_record(stage)
            changes = _diff(_records(folders.base_dir().path), _records(stage), today.isoformat(), source)
            _switch(folders.snapshot_link(), stage, today)
        _append_changes(changes)
        _prune()
        relink()  # the update's links were made against the base just replaced
        outcome = Outcome(source, False, folders.snapshot_link(), None, changes)
        outcome.version = manifest.version
        return outcome


def _fetch_snapshot(source: str, tmp: Path, sha256: str | None, limits: download.Limits,
                    progress: Callable[[int, int | None], None] | None) -> tuple[Path, str]:
    """The archive on disk and the digest it must have: --sha256, else SOURCE.sha256."""
    name = Path(source.split("?", 1)[0].rstrip("/")).name.strip(".") or "snapshot.tar.gz"
    if download.is_url(source):
        archive = download.fetch(source, tmp / name, limits, progress).path
        if sha256 is None:
            beside = download.fetch(source + ".sha256", tmp / (name + ".sha256"), limits).path
            sha256 = beside.read_text(encoding="utf-8", errors="replace")
    else:
        archive = Path(source).expanduser()
        if not archive.is_file():
            raise UsageError(f"'{source}' is not a file or an http(s) URL", field="from")
        if sha256 is None:
            beside = archive.with_name(archive.name + ".sha256")
            if not beside.is_file():
                raise UsageError(f"no '{beside.name}' beside '{source}': give the archive's SHA-256 with --sha256",
                                 field="sha256")
            sha256 = beside.read_text(encoding="utf-8", errors="replace")
    return archive, snapshot.read_digest(sha256)


def rollback(today: dt.date) -> Outcome:
    """Undo the last `update` or `update --from`: its link goes back to where it pointed
    before, and what that changes is logged; the next update fetches in full."""
    root = home()
    with _locked(root / "update.lock") if root.is_dir() else _unlocked():
        journal = _journal()
        if not journal:
            raise DataError("nothing to undo: no `ai-tracker update` has been made (or it was undone already)")
        last = journal[-1]
        link = root / last["link"]
        before = _records(link) if link.is_dir() else {}
        previous = root / last["previous"] if last.get("previous") else None
        if previous is not None:
            after = _records(previous) if previous.is_dir() else {}
        else:  # no snapshot before: the bundled record is the base again; no update before: none
            after = _records(folders.bundled_dir()) if last["link"] == "snapshot" else {}
        if previous is not None and not previous.is_dir():
            raise DataError(f"the state before the last update ('{previous}') is gone: nothing to go back to")
        changes = _diff(before, after, today.isoformat(), "rollback")
        if previous is None:
            link.unlink(missing_ok=True)
        else:
            point_link(link, previous)
        _write_journal(journal[:-1])
        _append_changes(changes)
        if last["link"] == "snapshot":
            relink()
        if last["link"] == "updates":
            _write_state({"rolled_back": today.isoformat(), "checked": today.isoformat()})
        return Outcome("rollback", False, link, None, changes)


def relink_if_base_changed() -> None:
    """When the curated base changed since the last update (a package upgrade, a snapshot
    installed or undone), link the update's records to it again before it is read, so that no
    model is counted twice and no link names a release the base no longer has. Quiet: another
    update holding the lock means it will link them itself."""
    if not folders.update_links_stale():
        return
    try:
        with _locked(home() / "update.lock"):
            relink()
    except DataError:
        pass


def relink() -> list[str]:
    """Link every record of the update (that nobody edited) to the current curated base;
    returns the ids whose link changed. Records the new state's base in update.json."""
    current = folders.updates_dir()
    changed: list[str] = []
    if current.is_dir():
        base = catalog_mod.load(folders.base_dir())
        link = matching.linker(base.entries, base.registry, modelsdev.DATABASE)
        for existing in importing.scan(current, modelsdev.DATABASE):
            if not existing.pristine or existing.data is None:
                continue
            data = dict(existing.data)
            origin = {k: v for k, v in (data.get("origin") or {}).items() if k != "same_as"}
            same = link({**data, "origin": origin}, existing.id)
            if same == (data.get("origin") or {}).get("same_as"):
                continue
            data["origin"] = {**origin, **({"same_as": same} if same else {})}
            try:
                replace_atomically(existing.path, bytes_writer(importing.render(modelsdev.DATABASE_INFO, data)
                                                               .encode("utf-8")), expect=existing.raw)
            except DataError:  # changed by someone meanwhile: theirs stays
                continue
            changed.append(existing.id)
    if _state_file().exists():
        _write_state({**_read_state(), "base": folders.base_fingerprint()})
    return changed


@contextmanager
def _unlocked() -> Iterator[None]:
    yield


def _made_home() -> Path:
    root = home()
    try:
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise DataError(f"cannot create the data folder '{root}': {exc.strerror or exc}") from None
    return root


@contextmanager
def _staged(today: dt.date) -> Iterator[Path]:
    """A new state to fill; removed, with all it holds, if anything fails before the switch."""
    stage = _new_state(today)
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def _new_state(today: dt.date) -> Path:
    states = _states()
    states.mkdir(parents=True, exist_ok=True, mode=0o700)
    stage = states / f"{today.isoformat()}-{os.getpid()}-{os.urandom(3).hex()}"
    stage.mkdir()
    return stage


def _remove_gone(stage: Path, report: Report) -> None:
    """A model models.dev no longer lists leaves the update (and is logged as removed);
    a file someone edited is kept, as the importer keeps it."""
    for release_id in report.not_in_snapshot:
        path = stage / f"{release_id}.yaml"
        existing = importing.read_existing(path, modelsdev.DATABASE)
        if existing.pristine:
            path.unlink(missing_ok=True)


def _switch(link: Path, stage: Path, today: dt.date) -> None:
    """Point link at stage in one step, noting in the journal where it pointed before."""
    if link.exists() and not link.is_symlink():
        raise DataError(f"'{link}' is a folder, not the link an update makes: move it away to update")
    previous = os.readlink(link) if link.is_symlink() else None
    point_link(link, stage)
    _write_journal([*_journal(), {"link": link.name, "previous": previous, "day": today.isoformat()}][-20:])


def _journal() -> list[dict[str, Any]]:
    try:
        data = json.loads((home() / "history.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [e for e in data if isinstance(e, dict) and e.get("link") in ("updates", "snapshot")] \
        if isinstance(data, list) else []


def _write_journal(entries: list[dict[str, Any]]) -> None:
    write_text_atomically(home() / "history.json", json.dumps(entries, indent=2) + "\n")


def _prune() -> None:
    """Keep the states the links point at, and the ones the last undo of each goes back to."""
    root, states = home(), _states()
    keep = {(root / name).resolve() for name in ("updates", "snapshot") if (root / name).is_symlink()}
    journal = _journal()
    for name in ("updates", "snapshot"):
        last = next((e for e in reversed(journal) if e["link"] == name), None)
        if last is not None and last.get("previous"):
            keep.add((root / last["previous"]).resolve())
    for state in states.iterdir() if states.is_dir() else []:
        if state.is_dir() and state.resolve() not in keep:
            shutil.rmtree(state, ignore_errors=True)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # Windows: no lock (the README says so)
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise DataError(f"another `ai-tracker update` is running (it holds '{path}'); "
                            "wait for it to finish") from None
        yield
    finally:
        os.close(fd)


# --- state and the change log --------------------------------------------------------------


def _read_state() -> dict[str, Any]:
    try:
        data = json.loads(_state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_state(state: dict[str, Any]) -> None:
    write_text_atomically(_state_file(), json.dumps({k: v for k, v in state.items() if v is not None},
                                                    indent=2, sort_keys=True) + "\n")


def last_state() -> dict[str, Any]:
    """What `status` shows of the last update: url, fetched, checked."""
    return _read_state()


def _append_changes(changes: list[Change]) -> None:
    if not changes:
        return
    lines = "".join(json.dumps(c.to_dict(), ensure_ascii=False, sort_keys=True) + "\n" for c in changes)
    with open(changes_file(), "a", encoding="utf-8") as out:
        out.write(lines)
        out.flush()
        os.fsync(out.fileno())


def read_changes(since: dt.date | None = None) -> list[Change]:
    """Every logged change, oldest first; a line that is not a change is passed over
    (a half line from a full disk, a hand edit)."""
    found: list[Change] = []
    try:
        text = changes_file().read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise DataError(f"cannot read '{changes_file()}': {exc.strerror or exc}") from None
    for line in text.splitlines():
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if not isinstance(data, dict) or not isinstance(data.get("change"), str) or not data.get("id"):
            continue
        change = Change.from_dict(data)
        if since is None or (change.day or "") >= since.isoformat():
            found.append(change)
    return found


# --- what changed --------------------------------------------------------------------------


def diff_folders(before: Path, after: Path, day: str, source: str) -> list[Change]:
    """What changed from one folder of release files to another."""
    return _diff(_records(before), _records(after), day, source)

# Facts that change with every snapshot, or that only say where the record came from.
_BOOKKEEPING = frozenset({"sources", "origin"})


def _records(folder: Path) -> dict[str, tuple[str, dict[str, Any]]]:
    """The folder's records by what names a release across versions: models.dev's key for
    an imported record, the file's id for a curated one. (file id, record)."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for path in folders.release_files(folder):
        existing = importing.read_existing(Path(path), modelsdev.DATABASE)
        if isinstance(existing.data, dict):
            found[existing.key or f"id:{existing.id}"] = (existing.id, existing.data)
    return found


def _released(record: dict[str, Any]) -> str | None:
    released = record.get("released")
    date = released.get("date") if isinstance(released, dict) else None
    return str(date) if date is not None else None


def _week(date: str | None) -> str | None:
    try:
        return str(IsoWeek.of(FuzzyDate.parse(date).earliest)) if date else None
    except ValueError:
        return None


def _diff(before: dict[str, tuple[str, dict[str, Any]]], after: dict[str, tuple[str, dict[str, Any]]],
          day: str, source: str) -> list[Change]:
    changes: list[Change] = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old is None and new is not None:
            rid, rec = new
            changes.append(Change(day, source, "added", rid, str(rec.get("name")), _released(rec),
                                  week=_week(_released(rec))))
        elif new is None and old is not None:
            rid, rec = old
            changes.append(Change(day, source, "removed", rid, str(rec.get("name")), _released(rec),
                                  week=_week(_released(rec))))
        elif old is not None and new is not None:
            (rid, was), (_, now) = old, new
            if _released(was) != _released(now):
                changes.append(Change(day, source, "re-dated", rid, str(now.get("name")), _released(now),
                                      before=_released(was), week=_week(_released(now)),
                                      week_before=_week(_released(was))))
            fields = [k for k in dict.fromkeys([*was, *now]) if k not in _BOOKKEEPING and k != "released"
                      and was.get(k) != now.get(k)]
            if fields:
                changes.append(Change(day, source, "changed", rid, str(now.get("name")), _released(now),
                                      week=_week(_released(now)), fields=tuple(fields)))
    return changes

