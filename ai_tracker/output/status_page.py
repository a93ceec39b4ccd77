"""`ai-tracker status` as people and scripts read it: the records in use, each with
its checked date, newest release, coverage and release count, and the coverage
they make together."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ai_tracker.analysis.coverage import summary
from ai_tracker.output.views import Column, Note, TableView

if TYPE_CHECKING:
    from ai_tracker.collection.coverage import Coverage, Record


def view(records: list[Record], combined: Coverage, today: dt.date) -> TableView:
    columns = [Column("record", "Record"), Column("releases", "Releases", justify="right"),
               Column("newest", "Newest release", wrap=False), Column("checked", "Checked", wrap=False),
               Column("coverage", "Coverage")]
    rows = [{"record": _NAMES.get(r.origin, str(r.folder)), "releases": r.releases,
             "newest": r.newest.isoformat() if r.newest else None,
             "checked": r.statement.checked.isoformat() if r.statement.checked else None,
             "coverage": r.statement.describe(every_lab_only=True) + ("" if r.statement.stated else " (no coverage.yaml)")}
            for r in records]
    together = summary(combined) if combined.stated else (
        f"no folder states its coverage: taken as covered to its newest release, {combined.end()}"
        if combined.end() else "no folder states its coverage")
    notes = [Note(f"Today: {today}. Coverage{' together' if len(records) > 1 else ''}: {together}; a period "
                  "after it is not covered: its count is unknown, not 0.")]
    record = {"today": today.isoformat(), "records": [r.record() for r in records],
              "coverage": {"stated": combined.stated, "checked": combined.checked.isoformat() if combined.checked
                           else None, "complete_to": _iso(combined.complete_end()), "covered_to": _iso(combined.end())}}
    return TableView(columns=columns, rows=rows, records=record, title="Records in use", notes=notes,
                     notes_on_stdout=True)


# The default collection's layers by name; a folder the user named by its path.
_NAMES = {"bundled": "bundled", "snapshot": "snapshot (update --from)", "updates": "update (models.dev)"}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
