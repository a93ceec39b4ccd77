"""The counts of `weekly` and `counts` as people read them: a title, table rows for
every format, and the terminal table with a total row and a sparkline per column.

Rendering only; `counting` does the counting and `cli/weekly_cmd.py` the options.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ai_tracker.analysis.counting import COVERED, NOT_COVERED, OTHERS, Per
from ai_tracker.analysis.coverage import UNKNOWN
from ai_tracker.output import render
from ai_tracker.output.views import DELIMITED, HUMAN, Column, Format, Note, TableView

if TYPE_CHECKING:
    from ai_tracker.analysis.counting import Counts, Row
    from ai_tracker.analysis.tallies import Reported


def title(counts: Counts) -> str:
    per, by = counts.per.value, counts.by.value
    what = f"Releases per {per} by {by}"
    if counts.per is Per.all:
        what = f"Releases by {by}"
        return f"{what}, {counts.span[0].start} to {counts.span[0].end}" if counts.span else what
    if counts.span is None:
        return what
    first, last = counts.span[0].label, counts.span[1].label
    return f"{what}, {first}" if first == last else f"{what}, {first} to {last}"


def coverage_words(row: Row) -> str:
    """A row's coverage as the human formats mark it: nothing for a covered period."""
    words = [] if row.coverage == COVERED else [row.coverage]
    return ", ".join([*words, *(["to date"] if row.to_date else [])])


def coverage_columns(counts: Counts) -> list[Column]:
    """The last column: the level in csv and tsv always (a script reads every row's);
    in the other tables only when some period is not covered, partial or to date."""
    marked = any(r.coverage != COVERED or r.to_date for r in counts.rows)
    human = frozenset({*HUMAN, Format.html}) if marked else frozenset()
    return [Column("coverage", "coverage", only=DELIMITED, wrap=False),
            Column("coverage_shown", "Coverage", only=human, wrap=False)]


def table_view(counts: Counts, reported: list[Reported] | None = None,
               said: str | None = None) -> TableView:
    """Period, dates, one column per group, Total, Approx.; on a terminal the table
    with a total row and sparklines (`rich_table`), in markdown a Total row; csv,
    tsv and plain keep data rows only, so every line is one period; json/yaml
    get `counts.records()`. --per all: the groups ranked (`ranking_view`).
    A period the record does not cover shows UNKNOWN (json: null, csv: an empty
    cell), never 0; `said`: the one line naming the coverage (`coverage.counts_line`)."""
    if counts.per is Per.all:
        return ranking_view(counts, said)
    columns = [Column("period", counts.per.value.capitalize(), wrap=False),
               Column("start", "Start", wrap=False), Column("end", "End", wrap=False)]
    columns += [Column(f"c{i}", key, justify="right", missing=UNKNOWN) for i, key in enumerate(counts.columns)]
    columns += [Column("total", "Total", justify="right", missing=UNKNOWN),
                Column("approximate", "Approx.", justify="right", missing=UNKNOWN), *coverage_columns(counts)]
    rows = []
    for row in counts.rows:
        known = row.known
        cells: dict[str, Any] = {"period": row.period.label, "start": row.period.start.isoformat(),
                                 "end": row.period.end.isoformat(), "total": row.total if known else None,
                                 "approximate": row.approximate if known else None, "coverage": row.coverage,
                                 "coverage_shown": coverage_words(row)}
        cells.update({f"c{i}": row.counts[key] if known else None for i, key in enumerate(counts.columns)})
        rows.append(cells)
    summary = []
    if len(counts.rows) > 1:
        totals = counts.totals
        level = counts.coverage
        summary.append({"period": "Total", "total": counts.total, "approximate": counts.approximate,
                        "coverage_shown": "" if level == COVERED else "covered periods only" if
                        level == NOT_COVERED else "partial",
                        **{f"c{i}": totals[key] for i, key in enumerate(counts.columns)}})
    heading = title(counts)
    records = counts.records()
    for item in reported or []:  # json carries the published tally beside the row it is about
        for record in records:
            if record.get(counts.per.value) == item.period:
                record.setdefault("reported", []).append(item.to_dict())
    return TableView(columns=columns, rows=rows, records=records, title=heading,
                     notes=[Note(n) for n in counts.notes()] + tally_notes(reported or [])
                     + ([Note(said)] if said else []), summary_rows=summary,
                     rich=lambda console: render.renderer("counts").print_rich(counts, heading, console) if counts.rows else True,
                     chart=lambda: render.renderer("html").chart_figure(counts, reported or []))


def ranking_view(counts: Counts, said: str | None = None) -> TableView:
    """The whole range as one ranking: a row per group, biggest first (ties share a
    rank, as in sport: 1, 2, 2, 4), Others last and unranked; the total, each
    release once, in the notes. json gets one object: the range, the total and the
    groups; csv and tsv the group rows."""
    group = counts.by.value
    columns = [Column("rank", "Rank", justify="right", wrap=False), Column("group", group.capitalize()),
               Column("releases", "Releases", justify="right"), Column("approximate", "Approx.", justify="right")]
    row = counts.rows[0] if counts.rows else None
    ranked = sorted((k for k in counts.columns if k != OTHERS or not counts.others),
                    key=lambda k: -row.counts[k] if row else 0)
    rows: list[dict[str, Any]] = []
    for key in ranked:
        size = row.counts[key] if row else 0
        better = sum(1 for k in ranked if row and row.counts[k] > size)
        rows.append({"rank": better + 1, "group": key, "releases": size,
                     "approximate": sum(p.approximate for p in row.releases if key in p.keys) if row else 0})
    if counts.others and row is not None:
        kept = set(ranked)
        rows.append({"rank": None, "group": OTHERS, "releases": row.counts[OTHERS], "others": counts.others,
                     "approximate": sum(p.approximate for p in row.releases if set(p.keys) - kept)})
    notes = [Note(n) for n in counts.notes()] + ([Note(said)] if said else [])
    if row is not None and not row.known:
        rows = []
        notes.insert(0, Note(f"Total: unknown: the record does not cover {row.period.start} to {row.period.end}."))
    elif row is not None:
        floor = " (partial: a floor)" if row.coverage != COVERED else ""
        notes.insert(0, Note(f"Total: {row.total} releases from {row.period.start} to {row.period.end}, "
                             f"each counted once{floor}."))
    record = {"by": group, "attribution": counts.attribution.value,
              "start": row.period.start.isoformat() if row else None,
              "end": row.period.end.isoformat() if row else None,
              "total": (row.total if row.known else None) if row else 0,
              "approximate": (row.approximate if row.known else None) if row else 0,
              "groups": [{"rank": r["rank"], group: r["group"], "releases": r["releases"],
                          "approximate": r["approximate"], **({"others": r["others"]} if "others" in r else {})}
                         for r in rows],
              "coverage": row.coverage if row else COVERED, "to_date": row.to_date if row else False,
              "coverage_note": said}
    return TableView(columns=columns, rows=rows, records=record, title=title(counts), notes=notes)


def tally_notes(reported: list[Reported]) -> list[Note]:
    """Each published tally beside the record's count, then every difference with its reason."""
    notes = []
    for item in reported:
        notes.append(Note(item.sentence()))
        notes += [Note(f"{d.name} ({', '.join(d.groups)}): {d.kind}: {d.detail}.", item=True)
                  for d in item.differences]
    return notes
