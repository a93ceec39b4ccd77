"""A published record: `ai-tracker pack DIR --out FILE` writes it, `update --from` installs it.

A snapshot is a `.tar.gz` of a folder of release files with `manifest.json`
first: the format, the record's version and checked day, the oldest tool
version that reads it, a SHA-256 for every file, and the changes since the
previous snapshot. Beside it, `FILE.sha256` holds the archive's own digest,
which `update --from` checks before it opens anything (or `--sha256 HEX`).

Installing trusts nothing in the archive: every member must be a plain file
with a plain relative name (no `..`, no links, no devices), within bounds of
size and count, listed in the manifest with the digest it has, and the
folder must pass the same strict checks as `validate --strict`. Only then
does the curated base switch to it, in one step, with the one before kept
for `update --rollback`.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ai_tracker import __version__
from ai_tracker.collection import catalog as catalog_mod
from ai_tracker.collection import folders
from ai_tracker.errors import DataError, UsageError

FORMAT = 1
MANIFEST = "manifest.json"
PREFIX = "record/"  # the record's files, under one folder of the archive
MAX_MEMBERS = 200_000
MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024


@dataclass
class Manifest:
    version: str  # the record's version: the day it was packed, as YYYY.MM.DD
    checked: str | None
    requires: str  # the oldest ai-tracker that reads it
    files: dict[str, str]  # relative path -> SHA-256
    changes: list[dict[str, Any]] = field(default_factory=list)
    format: int = FORMAT

    def to_json(self) -> bytes:
        data = {"format": self.format, "version": self.version, "checked": self.checked,
                "requires": self.requires, "files": self.files, "changes": self.changes}
        return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def record_files(folder: Path) -> list[Path]:
    """What a snapshot holds: every release file, and the registry's and coverage files."""
    found = [Path(p) for p in folders.release_files(folder)]
    found += [folder / name for name in sorted(folders.REGISTRY_FILES | {"coverage.yaml"}) if (folder / name).is_file()]
    return sorted(found)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _version_tuple(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split(".")[:3])
    except ValueError:
        return (10**6,)  # a version we cannot read is taken as newer than ours


# --- pack ----------------------------------------------------------------------------------


def pack(folder: Path, day: str, checked: str | None, changes: list[dict[str, Any]]) -> tuple[bytes, Manifest]:
    """The archive's bytes and its manifest; DataError unless the folder passes `validate --strict`."""
    check_record(folder)
    files: dict[str, str] = {}
    blobs: dict[str, bytes] = {}
    for path in record_files(folder):
        rel = path.relative_to(folder).as_posix()
        blobs[rel] = path.read_bytes()
        files[rel] = _sha(blobs[rel])
    manifest = Manifest(day.replace("-", "."), checked, __version__, files, changes)
    out = io.BytesIO()
    # mtime 0 and sorted names: the same record packs to the same bytes.
    with tarfile.open(fileobj=out, mode="w:gz", format=tarfile.PAX_FORMAT) as tar:
        _add(tar, MANIFEST, manifest.to_json())
        for rel in sorted(blobs):
            _add(tar, PREFIX + rel, blobs[rel])
    return out.getvalue(), manifest


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


def check_record(folder: Path) -> None:
    """The same strict checks as `validate --strict`: every file valid, no warning left."""
    found = catalog_mod.load(folders.DataDir(folder, "option"), use_cache=False)
    # As validate --strict: the problems, and the warnings that --strict makes errors.
    problems = [*found.problems, *found.warnings, *found.likely_duplicates(), *found.weak_days()[0]]
    if problems or found.skipped:
        shown = "; ".join(str(p) for p in problems[:3])
        raise DataError(f"{folder}: {len(problems)} problems (`ai-tracker validate --strict -d {folder}` lists "
                        f"them): {shown}")
    if not found.entries:
        raise DataError(f"{folder}: no release file")


# --- install -------------------------------------------------------------------------------


def read_digest(text: str) -> str:
    """The hex digest of a `.sha256` file (`<hex>  <name>`, as sha256sum writes it) or of --sha256."""
    word = text.strip().split()[0].lower() if text.strip() else ""
    if len(word) != 64 or any(c not in "0123456789abcdef" for c in word):
        raise UsageError(f"'{text.strip()[:80]}' is not a SHA-256 (64 hexadecimal digits)", field="sha256")
    return word


def unpack(archive: Path, digest: str, into: Path) -> Manifest:
    """Check archive against digest and its manifest, and write its files into `into`
    (a new empty folder). DataError for anything that does not hold; nothing is kept then
    (the caller removes `into`)."""
    data = archive.read_bytes()
    if _sha(data) != digest:
        raise DataError(f"{archive.name}: its SHA-256 is {_sha(data)}, not {digest}: the archive is not the one "
                        "published (damaged or tampered with); nothing was installed")
    try:
        tar = tarfile.open(fileobj=io.BytesIO(data), mode="r:gz")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise DataError(f"{archive.name}: not a snapshot (.tar.gz): {exc}") from None
    with tar:
        members = _checked_members(tar)
        manifest = _manifest(tar, members)
        _check_version(manifest)
        seen: set[str] = set()
        for member in members:
            if member.name == MANIFEST:
                continue
            rel = member.name[len(PREFIX):]
            body = _read(tar, member)
            if manifest.files.get(rel) != _sha(body):
                why = "is not in the manifest" if rel not in manifest.files else "does not match the manifest's SHA-256"
                raise DataError(f"{archive.name}: {member.name} {why}; nothing was installed")
            target = into / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
            seen.add(rel)
        missing = sorted(set(manifest.files) - seen)
        if missing:
            raise DataError(f"{archive.name}: the manifest lists {missing[0]}, which the archive lacks; "
                            "nothing was installed")
    return manifest


def _checked_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    """Every member, refused unless a plain file with a plain name under the record's folder."""
    members: list[tarfile.TarInfo] = []
    total = 0
    try:
        for member in tar:
            members.append(member)
            if len(members) > MAX_MEMBERS:
                raise DataError(f"more than {MAX_MEMBERS:,} files: not a snapshot")
            name = member.name
            if not member.isfile():
                raise DataError(f"{name}: not a plain file (a link, a folder or a device): refused")
            normal = posixpath.normpath(name)
            if name.startswith("/") or normal != name or normal.startswith("..") or "\\" in name:
                raise DataError(f"{name}: not a plain relative name inside the archive: refused")
            if name != MANIFEST and (not name.startswith(PREFIX) or not name.endswith((".yaml",))):
                raise DataError(f"{name}: not a file of a record (record/*.yaml): refused")
            if member.size > MAX_FILE_BYTES:
                raise DataError(f"{name}: larger than {MAX_FILE_BYTES // 1048576} MB: refused")
            total += member.size
            if total > MAX_TOTAL_BYTES:
                raise DataError(f"more than {MAX_TOTAL_BYTES // 1048576} MB in all: refused")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise DataError(f"not a readable snapshot: {exc}") from None
    return members


def _read(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    try:
        handle = tar.extractfile(member)
        return handle.read() if handle is not None else b""
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise DataError(f"{member.name}: cannot be read from the archive: {exc}") from None


def _manifest(tar: tarfile.TarFile, members: list[tarfile.TarInfo]) -> Manifest:
    found = [m for m in members if m.name == MANIFEST]
    if len(found) != 1:
        raise DataError(f"no {MANIFEST} (or more than one): not a snapshot made by `ai-tracker pack`")
    try:
        data = json.loads(_read(tar, found[0]))
        files = data["files"]
        if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
            raise TypeError("files")
        return Manifest(str(data["version"]), data.get("checked"), str(data["requires"]), files,
                        list(data.get("changes") or []), int(data["format"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise DataError(f"{MANIFEST}: not a manifest this version reads ({exc})") from None


def _check_version(manifest: Manifest) -> None:
    if manifest.format > FORMAT or _version_tuple(manifest.requires) > _version_tuple(__version__):
        raise DataError(f"this snapshot needs ai-tracker {manifest.requires} or newer (this is {__version__}): "
                        f"pip install --upgrade 'ai-tracker>={manifest.requires}'")


def digest_of(path: Path) -> str:
    return _sha(path.read_bytes())


def write_digest_file(archive: Path) -> Path:
    """`FILE.sha256` beside the archive, as sha256sum writes it."""
    target = archive.with_name(archive.name + ".sha256")
    target.write_text(f"{digest_of(archive)}  {archive.name}\n", encoding="utf-8")
    return target


def relative_files(folder: Path) -> list[str]:
    return [os.path.relpath(p, folder) for p in record_files(folder)]
