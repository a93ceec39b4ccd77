"""The suite tests what `pip install .` installed, not the work tree beside it."""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path

from support import REPO

import ai_tracker


def editable() -> bool:
    direct = importlib.metadata.distribution("ai-tracker").read_text("direct_url.json")
    return bool(direct and json.loads(direct).get("dir_info", {}).get("editable"))


def test_the_suite_imports_the_installed_package_not_the_work_tree():
    # `python -m pytest` puts the current folder first on sys.path, so `import ai_tracker`
    # would find the work tree and the bundled releases would be read from releases/, not from
    # the wheel. The README's command runs the venv's `pytest`, which does not. An editable
    # install (`pip install -e ".[dev]"`) is the work tree by design.
    here = Path(ai_tracker.__file__).resolve()
    assert editable() or here.parent != (REPO / "ai_tracker").resolve(), f"ai_tracker imported from the work tree: {here}"


def test_no_test_runs_python_with_a_flag_the_oldest_python_lacks():
    # The README claims Python 3.10, and `.ci/run` runs the suite on it: `-P` (3.11) fails there
    # with "Unknown option". Run from a folder of the test's own instead (cwd=tmp_path), or -I.
    offenders = [str(p.relative_to(REPO)) for p in sorted((REPO / "tests").rglob("*.py"))
                 if p.name != "test_installed.py" and '"-P"' in p.read_text(encoding="utf-8")]
    assert offenders == []
