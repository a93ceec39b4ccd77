"""The SQLite export's tables are the schema's: `ai_tracker/interchange/sqlite_plan.py`
holds what `export.plan_from_models()` works out from the Pydantic models, so that an
export does not import Pydantic and the schema to learn them. After changing a model,
regenerate it with

    .venv/bin/python tests/interchange/test_sqlite_plan.py --update

and read the diff (a new list field is a new table).
"""

from __future__ import annotations

import pprint
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
PLAN_FILE = REPO / "ai_tracker" / "interchange" / "sqlite_plan.py"
UPDATE = "python tests/interchange/test_sqlite_plan.py --update"

HEADER = f'''"""The tables of `export --format sqlite`, as `export.plan_from_models()` works them out
from the schema's models: generated, do not edit. Regenerate with `{UPDATE}`
(a test fails when this drifts from the models)."""

from __future__ import annotations

from typing import Any

'''


def plan_text() -> str:
    from ai_tracker.interchange.export import plan_from_models

    columns, tables = plan_from_models()
    return (HEADER + "RELEASE_COLUMNS: list[Any] = " + pprint.pformat(columns, width=110, sort_dicts=False) + "\n\n"
            + "TABLES: list[Any] = " + pprint.pformat(tables, width=110, sort_dicts=False) + "\n")


def test_the_committed_plan_is_the_models():
    from ai_tracker.interchange import sqlite_plan
    from ai_tracker.interchange.export import plan_from_models

    assert (sqlite_plan.RELEASE_COLUMNS, sqlite_plan.TABLES) == plan_from_models(), (
        f"ai_tracker/interchange/sqlite_plan.py is out of date with the models; regenerate it with `{UPDATE}`")
    assert PLAN_FILE.read_text(encoding="utf-8") == plan_text(), f"regenerate with `{UPDATE}`"


def test_an_export_imports_neither_pydantic_nor_the_schema(tmp_path):
    """The point of the plan as data: the schema's import is a tenth of a second."""
    code = ("import sys; from pathlib import Path; from ai_tracker.interchange import export; "
            "export.write_sqlite([], Path(sys.argv[1])); "
            "print(sorted(m for m in sys.modules if m.startswith('pydantic') or m == 'ai_tracker.model.schema'))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "x.db")], capture_output=True, text=True,
                          check=True)
    assert done.stdout == "[]\n"
    assert (tmp_path / "x.db").stat().st_size > 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        sys.path.insert(0, str(REPO))
        PLAN_FILE.write_text(plan_text(), encoding="utf-8")
        print(f"rewrote {PLAN_FILE.relative_to(REPO)}")
    else:
        raise SystemExit(__doc__)
