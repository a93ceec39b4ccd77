"""Benchmark ai-tracker as a user runs it: whole processes, medians, ratios to baselines.

    python bench/run.py                 # N = 1,000 and 10,000, 3 runs each
    python bench/run.py --sizes 500 --repeat 5

For each N it writes N synthetic, valid release files to a temporary folder
and times, in this one run, on this one machine:

- the baseline: a plain script that reads every file with `yaml.safe_load`
  and validates it with the `Release` model (what the tool would cost with no
  care taken);
- `list --format json` cold (empty cache) and warm; `weekly` and `compare`
  warm;

then, for start-up: `ai-tracker --version` against `python -c "import typer"`,
and `ai-tracker list` on the bundled data against
`python -c "import typer, rich.table, pydantic, yaml"`.

Ratios are computed against baselines measured in the same run, so the
figures mean the same on a slower or faster machine. Peak memory (max RSS) is
per process, from wait4.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synth import generate  # noqa: E402

BASELINE = """\
import sys
from pathlib import Path
import yaml
from ai_tracker.model.schema import Release

for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # safe_load makes YAML 1.1 dates into date objects; the model reads text.
    data["released"]["date"] = str(data["released"]["date"])
    for event in data.get("events", []):
        event["date"] = str(event["date"])
    Release.model_validate({**data, "id": path.stem, "path": str(path)})
"""


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one process, its output thrown away."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0, None):
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return wall, usage.ru_maxrss / 1024


def median_of(cmd: list[str], env: dict[str, str], repeat: int, before: object = None) -> tuple[float, float]:
    walls, peaks = [], []
    for _ in range(repeat):
        if callable(before):
            before()
        wall, peak = run(cmd, env)
        walls.append(wall)
        peaks.append(peak)
    return statistics.median(walls), max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    py = sys.executable
    tool = [py, "-m", "ai_tracker"]
    work = Path(tempfile.mkdtemp(prefix="ai-tracker-bench-"))
    cache_home = work / "cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "PYTHONPATH": str(HERE.parent), "NO_COLOR": "1"}
    env.pop("AI_TRACKER_DATA", None)
    (work / "baseline.py").write_text(BASELINE)

    def clear_cache() -> None:
        shutil.rmtree(cache_home, ignore_errors=True)

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    print(f"median of {args.repeat} runs each (start-up: {args.repeat * 3}); each ratio is against the baseline "
          "just above it, measured in this run\n")
    rows: list[tuple[str, str, float, str, float]] = []
    try:
        for n in args.sizes:
            data = generate(work / f"n{n}", n)
            base, base_mem = median_of([py, str(work / "baseline.py"), str(data)], env, args.repeat)
            rows.append((f"{n:,}", "baseline: safe_load + Release", base, "baseline", base_mem))
            d = ["--data-dir", str(data)]
            cases = [
                ("list --format json (cold)", [*tool, "list", *d, "--format", "json"], clear_cache),
                ("list --format json (warm)", [*tool, "list", *d, "--format", "json"], None),
                ("weekly (warm)", [*tool, "weekly", *d, "--since", "2023-01-01"], None),
                ("compare (warm)", [*tool, "compare", *d, "synthetic-model-1", "synthetic-model-2"], None),
            ]
            run([*tool, "list", *d, "--format", "json"], env)  # warm the cache once
            for label, cmd, before in cases:
                wall, mem = median_of(cmd, env, args.repeat, before)
                if before is not None:
                    run([*tool, "list", *d, "--format", "json"], env)  # leave the cache warm
                rows.append((f"{n:,}", label, wall, f"{base / wall:.1f}x faster", mem))

        typer_only, _ = median_of([py, "-c", "import typer"], env, args.repeat * 3)
        version, _ = median_of([*tool, "--version"], env, args.repeat * 3)
        rows.append(("start-up", 'python -c "import typer"', typer_only, "baseline", 0.0))
        rows.append(("start-up", "ai-tracker --version", version, f"{version / typer_only:.2f}x the time", 0.0))
        imports, _ = median_of([py, "-c", "import typer, rich.table, pydantic, yaml"], env, args.repeat * 3)
        run([*tool, "list"], env)  # warm the bundled data's cache
        bundled, _ = median_of([*tool, "list"], env, args.repeat * 3)
        rows.append(("bundled", 'python -c "import typer, rich.table, pydantic, yaml"', imports, "baseline", 0.0))
        rows.append(("bundled", "ai-tracker list (warm)", bundled, f"{bundled / imports:.2f}x the time", 0.0))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"{'N':>9}  {'what':<52} {'median s':>9}  {'ratio':>14}  {'peak MB':>8}")
    for n_label, label, wall, ratio, mem in rows:
        peak = f"{mem:8.0f}" if mem else f"{'':>8}"
        print(f"{n_label:>9}  {label:<52} {wall:9.3f}  {ratio:>14}  {peak}")


if __name__ == "__main__":
    main()
