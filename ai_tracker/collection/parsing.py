"""Parsing the release files the cache did not hold: here, or in worker processes when there are many.

Each file is read, parsed and validated on its own (given the ids of the
shared sources), so the work splits cleanly: the files are cut into
contiguous runs, this process parses the first while forked workers parse
the others and each hands back its results as one `marshal` blob (one blob
per worker: sending each record separately, as `multiprocessing.Pool.map`
does, cost most of what the second core saved). Results come back in the
files' order and are the very values the serial path makes, so records,
problems and their positions do not depend on how many workers ran; a worker
that fails has its files parsed here instead.

Only past `PARALLEL_FROM` files: forking costs a few milliseconds, which a
collection of a few hundred files would not win back.
"""

from __future__ import annotations

import contextlib
import json
import marshal
import os
import signal
import sys
from collections.abc import Callable
from typing import Any

from ai_tracker.errors import Problem
from ai_tracker.text import json_safe

PARALLEL_FROM = 400  # files to parse before a second process pays for itself
PER_WORKER = 200  # and at least this many for each further worker

# An Entry's eager fields (see `catalog.Entry`), which filtering, sorting, counting, plain
# tables and the checks across files read; the rest of a record is decoded when first read.
HEAD = ("id", "name", "released_date", "countries", "categories", "org_names", "open_weights", "access",
        "predecessor", "abouts", "source_ids", "links", "origin", "org_ids", "market", "aliases")
Head = tuple[Any, ...]

# ((the record's eager fields, the record as a marshal blob) or None, problems, citations of
#  shared sources ([[field path, id], ...]) or None, the record as one line of JSON or None).
# The worker makes the blob, so the parent never builds the record as dicts (8 KB each).
Parsed = tuple[tuple[Head, bytes] | None, list[Problem], list[Any] | None, str | None]
Job = tuple[str, str]  # (path to open, path as shown in messages)


_ENCODE = json.JSONEncoder(ensure_ascii=False, default=str).encode  # what json.dumps would build per call


def record_json(record: dict[str, Any]) -> str:
    """One record as one line of JSON, as every JSON list of records prints it (made safe
    for a terminal once here, so the cached text is printed as it is)."""
    text = _ENCODE(record)
    # json_safe escapes only characters that are not printable (every code point is checked
    # in tests/files/test_control_characters.py), so printable text needs no search; for
    # ASCII (the encoder escapes C0 itself) DEL is the only one to look for. Either test is
    # a fraction of the search, which was a quarter of the cost of the JSON.
    if text.isascii() and "\x7f" not in text or text.isprintable():
        return text
    return json_safe(text)


def parse_one(path: str, display: str, shared: frozenset[str]) -> Parsed:
    """The file's record (and its JSON) or its problems, and the shared sources it cites
    ([[field path, id], ...]: the `source:`s that name none of its own)."""
    # Lazy: validation imports Pydantic and builds the models (about 40 ms), which a
    # warm load never needs; only a new or changed file pays for it.
    from ai_tracker.files.loader import read_release
    from ai_tracker.model.schema import record

    cited: list[Any] = []
    release, problems = read_release(path, display, shared=shared, cited=cited)
    if release is None:
        return None, problems, None, None
    data = record(release)
    return (head_of(data), marshal.dumps(data)), problems, cited or None, record_json(data)


def head_of(record: dict[str, Any]) -> Head:
    """The record's eager fields, in the order of HEAD."""
    orgs = record["organization"]
    # Organisations named by id count once `catalog._resolve` has filled them in (a new Entry).
    if len(orgs) == 1 and isinstance(orgs[0], dict):  # most releases: one maker
        countries = list(dict.fromkeys(orgs[0]["country"]))
    else:
        countries = list(dict.fromkeys(c for org in orgs if isinstance(org, dict) for c in org["country"]))
    return (record["id"], record["name"], record["released"]["date"], countries, record["categories"],
            [org["name"] if isinstance(org, dict) else org for org in orgs], record["open_weights"],
            record["access"], record["predecessor"], [c["about"] for c in record["claims"] if c["about"]],
            [s["id"] for s in record["sources"]], record.get("links") or [], record.get("origin"),
            any(type(org) is str for org in orgs), bool(record["market_reaction"]), record["aliases"])


def parse_all(jobs: list[Job], shared: frozenset[str], tick: Callable[[int], None] | None = None) -> list[Parsed]:
    """Every job's result, in order. tick(n) is called as files are done (here, n of all).
    (The caller pauses the cycle collector: see `catalog._no_gc`; forked workers inherit it paused.)"""
    workers = worker_count(len(jobs))
    if workers <= 1:
        return _serial(jobs, shared, tick)
    # Pydantic and the models (parse_one imports them lazily) once, here, before forking:
    # each worker starts with them built, rather than every process building its own.
    import ai_tracker.files.loader  # noqa: F401
    size = -(-len(jobs) // workers)
    runs = [jobs[i:i + size] for i in range(0, len(jobs), size)]
    started = [Worker(run, shared) for run in runs[1:]]
    try:
        # This process's own run is a share of the whole: the progress bar moves in step.
        share = len(runs[0]) / len(jobs)
        scaled = None if tick is None else (lambda n: tick(int(n / share)))
        results = _serial(runs[0], shared, scaled)
        for worker in started:
            results += worker.results(shared)
    finally:
        for worker in started:
            worker.stop()
    return results


def worker_count(files: int) -> int:
    """How many processes to parse `files` files with (1: this one alone)."""
    if files < PARALLEL_FROM or not _can_fork():
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8, files // PER_WORKER))


def _can_fork() -> bool:
    # Fork, not spawn: a worker starts with every module already imported (spawning
    # would import Pydantic and build the models again in each). Linux only: macOS
    # system libraries are not safe to use after fork, and Windows has none.
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def _serial(jobs: list[Job], shared: frozenset[str], tick: Callable[[int], None] | None) -> list[Parsed]:
    results = []
    for done, (path, display) in enumerate(jobs, 1):
        results.append(parse_one(path, display, shared))
        if tick is not None and done % 50 == 0:
            tick(done)
    return results


class Worker:
    """A forked process parsing a run of files, and the read end of its pipe."""

    def __init__(self, jobs: list[Job], shared: frozenset[str]) -> None:
        self.jobs = jobs
        self.pid = 0  # 0: not running (never started, or reaped)
        self.read_end = -1
        try:
            read_end, write_end = os.pipe()
        except OSError:
            return
        try:
            pid = os.fork()
        except OSError:  # no more processes: this one parses the run itself
            os.close(read_end)
            os.close(write_end)
            return
        if pid == 0:  # pragma: no cover - runs in the worker
            _work(jobs, shared, read_end, write_end)
        os.close(write_end)
        self.pid, self.read_end = pid, read_end

    def results(self, shared: frozenset[str]) -> list[Parsed]:
        """The worker's results; if it failed in any way, its files parsed here."""
        if self.pid == 0:
            return _serial(self.jobs, shared, None)
        with os.fdopen(self.read_end, "rb") as pipe:
            self.read_end = -1
            blob = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        try:
            if os.waitstatus_to_exitcode(status) != 0:
                raise ValueError("the worker failed")
            plain = marshal.loads(blob)
            if not isinstance(plain, list) or len(plain) != len(self.jobs):
                raise ValueError("the worker's results do not match its files")
            return [(kept if kept is None else (tuple(kept[0]), kept[1]), [Problem(*p) for p in problems], cited, text)
                    for kept, problems, cited, text in plain]
        except (ValueError, EOFError, TypeError):
            return _serial(self.jobs, shared, None)

    def stop(self) -> None:
        """End a worker whose results are no longer wanted (this process is failing)."""
        if self.read_end >= 0:
            with contextlib.suppress(OSError):
                os.close(self.read_end)
            self.read_end = -1
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            self.pid = 0


def _work(jobs: list[Job], shared: frozenset[str], read_end: int, write_end: int) -> None:  # pragma: no cover
    """The worker: parse, write one blob, and leave without running the parent's exit
    handlers or flushing its buffers (they are the parent's to write)."""
    code = 1
    try:
        os.close(read_end)
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C stops the worker at once
        blob = marshal.dumps([_plain(result) for result in _serial(jobs, shared, None)])
        with os.fdopen(write_end, "wb") as out:
            out.write(blob)
        code = 0
    finally:
        os._exit(code)


def _plain(result: Parsed) -> tuple[Any, ...]:
    """A result as marshal can carry it: problems as tuples."""
    kept, problems, cited, text = result
    return kept, [(p.file, p.line, p.column, p.field, p.message) for p in problems], cited, text
