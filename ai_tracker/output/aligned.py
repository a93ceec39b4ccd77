"""Aligned text: plain and markdown tables through tabulate (which aligns CJK text
with wcwidth). Imported only for those formats (see `render.renderer`)."""

from __future__ import annotations

from collections.abc import Sequence

from tabulate import tabulate

from ai_tracker.output.views import Column, TableView
from ai_tracker.text import md_escape


def markdown_table(view: TableView, columns: list[Column], headers: list[str], rows: list[list[str]]) -> str:
    table = tabulate_rows([md_escape(h) for h in headers], [[md_escape(v) for v in row] for row in rows],
                          columns, "github")
    parts = [f"## {md_escape(view.title)}", ""] if view.title else []
    parts.append(table)
    previous_bullet = False
    for note in view.notes:  # each a paragraph, or an item of a list
        if not note.text:
            continue
        if not (note.item and previous_bullet):
            parts.append("")
        parts.append(("- " if note.item else "") + md_escape(note.text))
        previous_bullet = note.item
    return "\n".join(parts) + "\n"


def tabulate_rows(headers: list[str], rows: list[list[str]], columns: Sequence[Column], style: str) -> str:
    align = [c.justify for c in columns]
    # disable_numparse: "2.10" stays "2.10"; wcwidth (installed) aligns CJK text.
    return tabulate(rows, headers=headers, tablefmt=style, disable_numparse=True,
                    colalign=align or None)
