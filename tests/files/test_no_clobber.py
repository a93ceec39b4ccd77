"""No writer replaces what it did not read: a file written or edited by someone else while
a command runs (a `new`, a hand edit, another process) is left as it is.

Each test changes the target at the last moment a writer could notice: after the new
content is staged and checked, just before it is moved into place."""

from __future__ import annotations

import contextlib
import csv
import json
from pathlib import Path

import pytest
from support import REPO, write_release

from ai_tracker.files import atomic

SUBSET = REPO / "tests" / "data" / "epoch_subset.csv"
MINE = b"# mine: written while the command ran\n"


@pytest.fixture
def meddle(monkeypatch):
    """meddle(name): when the next write of a file with that name is staged, write MINE there
    first, as another process would."""
    original = atomic._staged
    names: set[str] = set()

    @contextlib.contextmanager
    def staged(path, *args, **kwargs):
        with original(path, *args, **kwargs) as tmp:
            if path.name in names:
                names.discard(path.name)
                path.write_bytes(MINE)
            yield tmp

    monkeypatch.setattr(atomic, "_staged", staged)
    return names.add


def import_epoch(cli, csv_file: Path, out: Path, snapshot: str = "2024-12"):
    return cli("import", "epoch", str(csv_file), "--into", str(out), "--snapshot", snapshot)


def test_import_never_writes_a_new_file_over_one_that_appeared(cli, tmp_path, meddle):
    out = tmp_path / "out"
    meddle("o1.yaml")
    result = import_epoch(cli, SUBSET, out)
    assert result.exit_code == 0, result
    assert (out / "o1.yaml").read_bytes() == MINE
    assert "kept o1: written by someone else while the import ran" in result.stderr
    assert "45 written (45 new, 0 updated, 0 replaced), 0 unchanged, 1 kept, 6 skipped" in result.stderr


@pytest.mark.parametrize("force", [False, True])
def test_import_never_replaces_a_file_changed_since_it_was_read(cli, tmp_path, meddle, force):
    out = tmp_path / "out"
    assert import_epoch(cli, SUBSET, out).exit_code == 0
    with SUBSET.open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    for row in rows:
        if row[0] == "Llama 3.3":
            row[header.index("Confidence")] = "Likely"
    newer = tmp_path / "newer.csv"
    with newer.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, *rows])
    meddle("llama-3-3.yaml")
    result = cli("import", "epoch", str(newer), "--into", str(out), "--snapshot", "2025-05",
                 *(["--force"] if force else []))
    assert result.exit_code == 0, result
    assert (out / "llama-3-3.yaml").read_bytes() == MINE
    assert "kept llama-3-3: changed while the import ran" in result.stderr
    assert "0 written (0 new, 0 updated, 0 replaced), 45 unchanged, 1 kept" in result.stderr


def test_new_never_writes_over_a_file_that_appeared(cli, tmp_path, meddle):
    data = tmp_path / "d"
    write_release(data, "other", name="Other")
    meddle("alpha.yaml")
    result = cli("new", "Alpha", "--org", "Lab", "--country", "US", "--released", "2026-02-12",
                 "--category", "language", "--source", "https://example.com/a", "--data-dir", str(data))
    assert result.exit_code == 1, result
    assert "already exists; nothing was changed" in result.stderr
    assert (data / "alpha.yaml").read_bytes() == MINE


def test_new_force_never_replaces_a_file_changed_since_it_was_read(cli, tmp_path, meddle):
    data = tmp_path / "d"
    write_release(data, "alpha", name="Alpha")
    meddle("alpha.yaml")
    result = cli("new", "Alpha", "--org", "Lab", "--country", "US", "--released", "2026-02-12",
                 "--category", "language", "--source", "https://example.com/a", "--data-dir", str(data), "--force")
    assert result.exit_code == 1, result
    assert "changed while this ran" in result.stderr
    assert (data / "alpha.yaml").read_bytes() == MINE


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "sqlite"])
def test_export_never_writes_over_a_file_that_appeared(cli, tmp_path, meddle, fmt):
    target = tmp_path / f"out.{fmt}"
    meddle(target.name)
    result = cli("export", "--out", str(target), "--week", "2026-W07")
    assert result.exit_code == 1, result
    assert "already exists; nothing was changed" in result.stderr
    assert target.read_bytes() == MINE


def test_export_force_replaces_as_asked(cli, tmp_path):
    target = tmp_path / "out.json"
    target.write_bytes(MINE)
    assert cli("export", "--out", str(target), "--week", "2026-W07", "--force").exit_code == 0
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 7


@pytest.mark.parametrize("existing", [False, True])
def test_schema_out_never_writes_over_what_it_did_not_read(cli, tmp_path, meddle, existing):
    target = tmp_path / "release.schema.json"
    if existing:  # an older schema of ours, which schema --out would replace
        target.write_text(json.dumps({"title": "ai-tracker release (old)"}), encoding="utf-8")
    meddle(target.name)
    result = cli("schema", "--out", str(target))
    assert result.exit_code == 1, result
    assert ("changed while this ran" if existing else "already exists") in result.stderr
    assert target.read_bytes() == MINE
