"""Helpers the tests share: the repository path, small release files, a CLI result.

A module of its own, not conftest: tests import from here, and no test module imports another."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ai_tracker.model.schema import STORED, Release

REPO = Path(__file__).resolve().parent.parent.parent


def minimal(name: str = "Test Model", **fields: Any) -> dict[str, Any]:
    """The smallest valid release, with any field overridden."""
    data: dict[str, Any] = {
        "name": name,
        "organization": [{"name": "Test Lab", "country": "US"}],
        "released": {"date": "2026-02-12", "source": "s1"},
        "categories": ["language"],
        "sources": [{"id": "s1", "title": "A test source"}],
    }
    data.update(fields)
    return data


def write_release(folder: Path, release_id: str, data: dict[str, Any] | None = None, **fields: Any) -> Path:
    """Write `folder/<release_id>.yaml` from data (default: `minimal(**fields)`)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{release_id}.yaml"
    content = data if data is not None else minimal(**fields)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_text(folder: Path, release_id: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{release_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


class Result:
    def __init__(self, raw: Any) -> None:
        self.exit_code: int = raw.exit_code
        self.stdout: str = raw.stdout
        self.stderr: str = raw.stderr
        self.exception = raw.exception

    def __repr__(self) -> str:
        return f"<exit {self.exit_code}\nstdout:\n{self.stdout}\nstderr:\n{self.stderr}>"


def rel(release_id: str, date: str, *orgs: tuple[str, str | list[str]], categories: list[str] | None = None,
        stored: bool = False, **extra: Any) -> Release:
    """A validated release made in memory: orgs are (name, country or countries).
    stored: built as a record from the cache is (`schema.STORED`), whose names are not
    checked again: as a planted cache or an importer's bug could hold them."""
    data: dict[str, Any] = {
        "id": release_id,
        "path": f"{release_id}.yaml",
        "name": release_id.title(),
        "organization": [{"name": n, "country": c} for n, c in (orgs or [("Lab", "US")])],
        "released": {"date": date, "source": "s"},
        "categories": categories or ["language"],
        "sources": [{"id": "s", "title": "test"}],
        **extra,
    }
    return Release.model_validate(data, context=STORED if stored else None)


def cached_record(stored: dict[str, Any], rel_path: str) -> dict[str, Any]:
    """A file's record in a decoded cache (`cache.decode`): its own blob, or the memo
    entry's that it is filed with."""
    import marshal

    _, blob, _, _ = stored["files"][rel_path]
    if isinstance(blob, int):
        blob = stored["memo"]["entries"][blob][2]
    return marshal.loads(blob)


def plant_record(cache_file: Path, rel_path: str, change: Any) -> None:
    """Change one cached record in place (`change(record)` edits the dict), as a planted or
    stale cache would hold it: checksum valid, JSON remade, and the memo dropped so the
    record is what the next run reads (the memo would otherwise stand for the collection)."""
    import marshal

    from ai_tracker.collection import cache
    from ai_tracker.collection.parsing import record_json

    stored = cache.decode(cache_file.read_bytes())
    assert stored is not None
    record = cached_record(stored, rel_path)
    stamp, _, _, shared = stored["files"][rel_path]
    change(record)
    stored["files"][rel_path] = (stamp, marshal.dumps(record), record_json(record), shared)
    stored["memo"] = None
    cache_file.write_bytes(cache.encode(stored))
