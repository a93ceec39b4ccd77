"""Parsing in worker processes gives exactly what parsing in one process gives."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from support import REPO, write_release, write_text

from ai_tracker.collection import catalog, folders, parsing

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """Valid files, invalid ones of every kind (YAML, schema, sources, cross-file) and
    a file citing a shared source, spread so that every worker gets some of each."""
    folder = tmp_path / "data"
    (folder / "sources.yaml").parent.mkdir(parents=True)
    (folder / "sources.yaml").write_text("shared:\n  title: A shared source\n", encoding="utf-8")
    for n in range(24):
        sub = folder / f"part-{n % 3}"
        write_release(sub, f"model-{n}", name=f"Model {n}")
        if n % 4 == 0:
            write_text(sub, f"broken-{n}", "name: [unclosed\n")
        if n % 5 == 0:
            write_release(sub, f"bad-date-{n}", released={"date": "2026-13-40", "source": "s1"})
        if n % 6 == 0:
            write_release(sub, f"shared-{n}", released={"date": "2026-02-12", "source": "shared"})
        if n % 7 == 0:
            write_release(sub, f"unknown-source-{n}", released={"date": "2026-02-12", "source": "nowhere"})
            write_release(sub, f"dangling-{n}", predecessor="no-such-release")
    for invalid in sorted((REPO / "tests" / "data" / "invalid").glob("*.yaml")):
        (folder / "part-1" / invalid.name).write_bytes(invalid.read_bytes())
    return folder


def load(folder: Path) -> catalog.Catalog:
    return catalog.load(folders.resolve_data_dir(folder), use_cache=False)


def outcome(found: catalog.Catalog) -> tuple[object, ...]:
    return ([(e.path, e.json, e.record) for e in found.entries], found.problems, found.skipped, found.files)


@pytest.fixture
def workers(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Parse with this many processes whatever the machine and the number of files."""

    def use(count: int) -> None:
        monkeypatch.setattr(parsing, "worker_count", lambda files: count)

    return use


def test_workers_give_the_same_records_problems_and_positions(mixed, workers):
    workers(1)
    serial = outcome(load(mixed))
    assert serial[1], "the data must hold problems for this test to mean anything"
    assert any(p.line for p in serial[1]) and len(serial[0]) > 24
    for count in (2, 3, 5):
        workers(count)
        assert outcome(load(mixed)) == serial


def test_parsing_a_chunk_at_a_time_gives_the_same_collection(mixed, workers, monkeypatch):
    """A cold load parses `PARSE_CHUNK` files at a time (each chunk with its own workers):
    records, problems and positions are the same for any chunk, with any workers."""
    workers(1)
    whole = outcome(load(mixed))
    calls = []
    original = parsing.parse_all
    monkeypatch.setattr(parsing, "parse_all", lambda jobs, *a: calls.append(len(jobs)) or original(jobs, *a))
    for chunk, count in ((1, 1), (30, 2)):
        workers(count)
        monkeypatch.setattr(catalog, "PARSE_CHUNK", chunk)
        calls.clear()
        assert outcome(load(mixed)) == whole
        assert len(calls) > 1 and max(calls) == chunk  # in chunks, indeed


def test_a_worker_that_fails_has_its_files_parsed_here(mixed, workers, monkeypatch):
    workers(1)
    serial = outcome(load(mixed))
    workers(3)
    monkeypatch.setattr(parsing, "_work", lambda *args: os._exit(3))  # every worker dies at once
    assert outcome(load(mixed)) == serial


def test_a_worker_whose_results_are_garbage_is_not_believed(mixed, workers, monkeypatch):
    workers(1)
    serial = outcome(load(mixed))
    workers(2)

    def garbage(jobs, shared, read_end, write_end):  # type: ignore[no-untyped-def]
        os.write(write_end, b"\x00not marshal")
        os._exit(0)

    monkeypatch.setattr(parsing, "_work", garbage)
    assert outcome(load(mixed)) == serial


def test_few_files_are_parsed_in_this_process():
    assert parsing.worker_count(parsing.PARALLEL_FROM - 1) == 1
    assert parsing.worker_count(0) == 1


def test_no_worker_is_left_behind(mixed, workers):
    workers(3)
    load(mixed)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_the_json_of_a_record_escapes_what_json_safe_escapes():
    """record_json skips json_safe's search for plain ASCII: the text must be the same for
    every character, ASCII controls and DEL included."""
    import json

    from ai_tracker.text import json_safe

    chars = [chr(c) for c in [*range(0x3000), *range(0x3000, 0x110000, 97)]]
    chars += ["\ufeff", "\U000e0041", "\U0001f642", "\udc80", "\u2028", "\u202e", "\u200b"]
    for char in chars:
        for around in ("a{}b", "中{}文"):  # in ASCII text, and in text that is not
            record = {"id": "x", "name": around.format(char), "specs": {"n": {"value": 1.5, "note": None}}}
            assert parsing.record_json(record) == json_safe(json.dumps(record, ensure_ascii=False)), repr(char)
    assert "\\u007f" in parsing.record_json({"name": "\x7f"})
    assert "\\u202e" in parsing.record_json({"name": "中\u202e"})
