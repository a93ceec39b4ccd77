"""Benchmark ai-tracker as a user runs it: whole processes, A/B pairs, medians, ratios.

    python bench/run.py                  # N = 1,000 and 10,000, 3 pairs each
    python bench/run.py --large          # and 100,000 (about half an hour more)
    python bench/run.py --sizes 300 --repeat 2   # a quick check that it all runs

Every target of issue 17 is measured as a pair: the baseline (A) and the tool
(B) are run alternately, `--repeat` times each, in this one run on this one
machine, and the target is a limit on the ratio of their medians (B / A), so
it means the same on a slower or a faster machine. Load from other processes
moves both sides of a pair alike; the load average is printed with the
results. Peak memory (max RSS, a worker's included) is per process, from
wait4.

For each N it writes N synthetic, valid release files (`synth.py`) and:

- cold `list --format json` (empty cache) against (a) a plain script that
  reads every file with `yaml.safe_load` and validates it with the `Release`
  model, and (b) the same with libyaml's `CSafeLoader`;
- warm `list --format json` against (c) reading every byte of the files (the
  floor) and (d) `jq -c .` over a JSON Lines export of the same records;
- warm `counts --per month`, `weekly` and plain `list` (piped) against warm
  `list --format json`;
- warm `export --format sqlite`: its time and peak memory;
- with two sizes or more, how time grows from the smallest to the largest
  (the log-log slope), and, at the largest, that every command works.

The targets are judged at 10,000 releases and more (below, start-up is most
of each run; those ratios are printed for information).

Start-up on the bundled data (warm cache): `list`, `show GLM-5` and `weekly
--week 2026-W07` against `python -c "import typer, rich.table, pydantic,
yaml"`; `--version` against `python -c "import typer"`.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synth import generate  # noqa: E402

VALIDATE = """\
import sys
from pathlib import Path
import yaml
from ai_tracker.model.schema import Release

LOADER = yaml.CSafeLoader if sys.argv[2] == "c" else yaml.SafeLoader
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)
    # YAML 1.1 makes dates into date objects; the model reads text.
    data["released"]["date"] = str(data["released"]["date"])
    for event in data.get("events", []):
        event["date"] = str(event["date"])
    Release.model_validate({**data, "id": path.stem, "path": str(path)})
"""

READ_ALL = """\
import os, sys
for folder, _, files in os.walk(sys.argv[1]):
    for name in files:
        with open(os.path.join(folder, name), "rb") as handle:
            handle.read()
"""

Hook = Callable[[], None] | None


@dataclass
class Measured:
    walls: list[float] = field(default_factory=list)
    peak_mb: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.walls)


@dataclass
class Row:
    group: str  # "10,000", "bundled", ...
    what: str
    value: float  # a ratio, seconds, MB or a slope
    unit: str  # "x", "s", "MB", "slope"
    limit: float | None  # the target: value at most this (None: for information)
    detail: str = ""

    @property
    def verdict(self) -> str:
        if self.limit is None:
            return ""
        return "holds" if self.value <= self.limit else "DOES NOT HOLD"


class Bench:
    def __init__(self, env: dict[str, str], repeat: int) -> None:
        self.env = env
        self.repeat = repeat
        self.rows: list[Row] = []
        self.seen: dict[tuple[str, str], Measured] = {}  # (group, label) -> the last medians, for slopes

    def run(self, cmd: list[str], before: Hook = None) -> tuple[float, float]:
        """Wall seconds and peak RSS (MB) of one process, its output thrown away."""
        if before is not None:
            before()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=self.env)
        assert proc.stderr is not None
        err = proc.stderr.read().decode(errors="replace")  # read before waiting: a full pipe would block it
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
        return wall, usage.ru_maxrss / 1024

    @staticmethod
    def judged(group: str) -> bool:
        """The issue's targets are for 10,000 releases and more, and for the bundled data;
        at smaller sizes start-up is most of every run, and the ratios are for information."""
        return not group[0].isdigit() or int(group.replace(",", "")) >= 10_000

    def pair(self, a: list[str], b: list[str], *, before_a: Hook = None, before_b: Hook = None,
             repeat: int | None = None) -> tuple[Measured, Measured]:
        """A and B run alternately (A first, then B, `repeat` times)."""
        ma, mb = Measured(), Measured()
        for _ in range(repeat or self.repeat):
            for cmd, hook, m in ((a, before_a, ma), (b, before_b, mb)):
                wall, peak = self.run(cmd, hook)
                m.walls.append(wall)
                m.peak_mb = max(m.peak_mb, peak)
        return ma, mb

    def ratio(self, group: str, what: str, a: list[str], b: list[str], limit: float | None, *,
              a_label: str, b_label: str, before_a: Hook = None, before_b: Hook = None,
              repeat: int | None = None) -> tuple[Measured, Measured]:
        ma, mb = self.pair(a, b, before_a=before_a, before_b=before_b, repeat=repeat)
        self.seen[(group, a_label)] = ma
        self.seen[(group, b_label)] = mb
        detail = f"{mb.median:.3f} s / {ma.median:.3f} s, {mb.peak_mb:.0f} MB"
        self.rows.append(Row(group, what, mb.median / ma.median, "x", limit if self.judged(group) else None, detail))
        return ma, mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="numbers of releases")
    parser.add_argument("--large", action="store_true", help="add 100,000 releases to the sizes")
    parser.add_argument("--repeat", type=int, default=3, help="pairs per target (start-up: three times as many)")
    args = parser.parse_args()
    sizes = sorted(set(args.sizes) | ({100_000} if args.large else set()))

    py = sys.executable
    tool = [py, "-m", "ai_tracker"]
    work = Path(tempfile.mkdtemp(prefix="ai-tracker-bench-"))
    cache_home = work / "cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "PYTHONPATH": str(HERE.parent), "NO_COLOR": "1"}
    env.pop("AI_TRACKER_DATA", None)
    # As an installed tool runs: bytecode cached (pip compiles it on install; without it every
    # run compiles the package again, 20-40 ms), in the bench's own folder so the tree stays
    # clean, and stdout buffered. Both sides of every pair run so.
    for name in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED"):
        env.pop(name, None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    (work / "validate.py").write_text(VALIDATE)
    (work / "read_all.py").write_text(READ_ALL)
    bench = Bench(env, args.repeat)
    jq = shutil.which("jq")

    def clear_cache() -> None:
        shutil.rmtree(cache_home, ignore_errors=True)

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}; load average before: {_load()}")
    print(f"{args.repeat} A/B pairs per target, run alternately (start-up: {args.repeat * 3}); "
          "each ratio is B's median over A's, both measured in this run\n")
    started = time.perf_counter()
    try:
        # Compile everything once (see PYTHONPYCACHEPREFIX above) before anything is timed.
        for warm_up in ([py, "-c", "import typer, rich.table, pydantic, yaml, ai_tracker.model.schema, tabulate"],
                        [*tool, "list"], [*tool, "show", "GLM-5"], [*tool, "weekly"], [*tool, "--help"]):
            bench.run(warm_up)
        for n in sizes:
            _sized(bench, n, work, tool, py, jq, clear_cache, largest=n == sizes[-1] and len(sizes) > 1)
        if len(sizes) > 1:
            _slopes(bench, sizes)
        _start_up(bench, tool, py)
        _update(bench, tool, py, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _print(bench.rows)
    print(f"\n{sum(r.verdict == 'holds' for r in bench.rows)} of {sum(r.limit is not None for r in bench.rows)} "
          f"targets hold; {time.perf_counter() - started:.0f} s; load average after: {_load()}")


# Commands timed at every size, for the slope from the smallest size to the largest.
SLOPED = ("cold list --format json", "list --format json", "list (plain, piped)", "counts --per month",
          "weekly", "show", "compare", "export --format sqlite")


def _sized(bench: Bench, n: int, work: Path, tool: list[str], py: str, jq: str | None,
           clear_cache: Callable[[], None], largest: bool) -> None:
    group = f"{n:,}"
    data = generate(work / f"n{n}", n)
    d = ["--data-dir", str(data)]
    json_list = [*tool, "list", *d, "--format", "json"]
    warm = lambda: None  # noqa: E731 - the cache is left warm by the run before
    # Cold: the tool parses everything, against two scripts that parse and validate with no care taken.
    bench.ratio(group, "cold list --format json / safe_load + validate (at most 0.1: 10x faster)",
                [py, str(work / "validate.py"), str(data), "py"], json_list, 0.1,
                a_label="safe_load + validate", b_label="cold list --format json", before_b=clear_cache)
    bench.ratio(group, "cold list --format json / CSafeLoader + validate (at most 0.5: 2x faster)",
                [py, str(work / "validate.py"), str(data), "c"], json_list, 0.5,
                a_label="CSafeLoader + validate", b_label="cold list --format json", before_b=clear_cache)
    bench.run(json_list)  # warm from here on
    bench.ratio(group, "warm list --format json / reading every byte (at most 2.5)",
                [py, str(work / "read_all.py"), str(data)], json_list, 2.5,
                a_label="read every byte", b_label="list --format json")
    if jq is not None:
        jsonl = work / f"n{n}.jsonl"
        bench.run([*tool, "export", *d, "--format", "jsonl", "--out", str(jsonl), "--force"])
        bench.ratio(group, "warm list --format json / jq -c . over JSON Lines (at most 1)",
                    [jq, "-c", ".", str(jsonl)], json_list, 1.0, a_label="jq", b_label="list --format json")
    else:
        print(f"{group}: jq is not installed; the jq target is left out")
    for label, cmd in (("counts --per month", [*tool, "counts", *d, "--per", "month"]),
                       ("weekly", [*tool, "weekly", *d, "--since", "2023-01-01"]),
                       ("list (plain, piped)", [*tool, "list", *d])):
        bench.ratio(group, f"warm {label} / warm list --format json (at most 1.5)", json_list, cmd, 1.5,
                    a_label="list --format json", b_label=label, before_a=warm)
    # One record out of N, and two: informational, for the slope.
    for label, cmd in (("show", [*tool, "show", *d, "synthetic-model-1"]),
                       ("compare", [*tool, "compare", *d, "synthetic-model-1", "synthetic-model-2"])):
        bench.ratio(group, f"warm {label} / warm list --format json", json_list, cmd, None,
                    a_label="list --format json", b_label=label)
    db = work / f"n{n}.sqlite"
    export = [*tool, "export", *d, "--format", "sqlite", "--out", str(db), "--force"]
    _, exported = bench.ratio(group, "warm export --format sqlite / warm list --format json", json_list, export,
                              None, a_label="list --format json", b_label="export --format sqlite")
    if n == 10_000:
        bench.rows.append(Row(group, "warm export --format sqlite: seconds (under 1)", exported.median, "s", 1.0))
        bench.rows.append(Row(group, "warm export --format sqlite: peak MB (under 150)", exported.peak_mb, "MB", 150))
    if largest:
        _every_command_works(bench, group, tool, d, work)


def _every_command_works(bench: Bench, group: str, tool: list[str], d: list[str], work: Path) -> None:
    """At the largest size, every command once: it must end well, under 1 GB."""
    commands = [
        ["validate", *d], ["digest", *d, "--week", "2026-W07"], ["orgs", *d],
        ["export", *d, "--format", "csv", "--out", str(work / "all.csv"), "--force"],
        ["export", *d, "--format", "json", "--out", str(work / "all.json"), "--force"],
        ["list", *d, "--format", "csv"], ["list", *d, "--format", "yaml"], ["list", *d, "--format", "markdown"],
        ["counts", *d, "--per", "year", "--by", "organization"], ["show", *d, "synthetic-model-7", "--format", "json"],
    ]
    peak = max((m.peak_mb for (g, _), m in bench.seen.items() if g == group), default=0.0)
    worst = ""
    for args in commands:
        _, mb = bench.run([*tool, *args])
        if mb > peak:
            peak, worst = mb, args[0]
    where = f" ({worst})" if worst else ""
    bench.rows.append(Row(group, f"every command works; the largest peak MB (under 1,000){where}", peak, "MB", 1000))


def _slopes(bench: Bench, sizes: list[int]) -> None:
    small, large = f"{sizes[0]:,}", f"{sizes[-1]:,}"
    for label in SLOPED:
        a, b = bench.seen.get((small, label)), bench.seen.get((large, label))
        if a is None or b is None:
            continue
        slope = math.log(b.median / a.median) / math.log(sizes[-1] / sizes[0])
        limit = 1.05 if sizes[0] <= 1000 and sizes[-1] >= 100_000 else None
        bench.rows.append(Row(f"{small}-{large}", f"{label}: how time grows (log-log slope, at most 1.05)",
                              slope, "slope", limit, f"{a.median:.3f} s to {b.median:.3f} s"))


def _start_up(bench: Bench, tool: list[str], py: str) -> None:
    repeat = bench.repeat * 3
    stack = [py, "-c", "import typer, rich.table, pydantic, yaml"]
    bench.run([*tool, "list"])  # warm the bundled data's cache
    for label, args in (("list", ["list"]), ("show GLM-5", ["show", "GLM-5"]),
                        ("weekly --week 2026-W07", ["weekly", "--week", "2026-W07"])):
        bench.ratio("bundled", f"{label} / import typer, rich.table, pydantic, yaml (at most 1.2)", stack,
                    [*tool, *args], 1.2, a_label="stack import", b_label=label, repeat=repeat)
    bench.ratio("start-up", "--version / import typer", [py, "-c", "import typer"], [*tool, "--version"], None,
                a_label="import typer", b_label="--version", repeat=repeat)


def _update(bench: Bench, tool: list[str], py: str, work: Path) -> None:
    """`update` from a full-size models.dev catalogue (synth.catalogue, served on 127.0.0.1:
    nothing is downloaded from outside), then a warm `list` of the bundled record plus the
    update against the stack import (issue 25's target: at most 1.2x)."""
    import functools
    import http.server
    import json
    import threading

    from synth import catalogue

    served = work / "served"
    served.mkdir()
    api = catalogue()
    entries = sum(len(p["models"]) for p in api.values())  # type: ignore[arg-type]
    (served / "api.json").write_text(json.dumps(api))
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(served))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    data_home = work / "data-home"
    with_update = Bench({**bench.env, "XDG_DATA_HOME": str(data_home)}, bench.repeat)
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/api.json"
        wall, peak = with_update.run([*tool, "update", "--url", url])
        bench.rows.append(Row("update", f"update from a catalogue of {entries:,} entries: seconds", wall, "s", None,
                              f"{peak:.0f} MB"))
    finally:
        httpd.shutdown()
        httpd.server_close()
    with_update.run([*tool, "list"])  # warm the default collection's cache
    stack = [py, "-c", "import typer, rich.table, pydantic, yaml"]
    with_update.ratio("update", "list of bundled + update / import typer, rich.table, pydantic, yaml (at most 1.2)",
                      stack, [*tool, "list"], 1.2, a_label="stack import", b_label="list with update",
                      repeat=bench.repeat * 3)
    bench.rows.extend(with_update.rows)


def _print(rows: list[Row]) -> None:
    print(f"{'N':>15}  {'target':<78} {'value':>8}  {'verdict':<13}  detail")
    for row in rows:
        value = {"x": f"{row.value:.2f}x", "s": f"{row.value:.3f} s", "MB": f"{row.value:.0f} MB",
                 "slope": f"{row.value:.2f}"}[row.unit]
        print(f"{row.group:>15}  {row.what:<78} {value:>8}  {row.verdict:<13}  {row.detail}")


def _load() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


if __name__ == "__main__":
    main()
