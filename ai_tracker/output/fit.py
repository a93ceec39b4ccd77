"""Fitting a table to the terminal's width: wrap at word boundaries, then after
hyphens, then leave out the columns that matter least; never break a word.

Rich's own fitting folds words mid-word ("Organiza/tion") or drops columns
without a word when a table is too wide, so the terminal tables are laid out
here and handed to Rich with fixed widths and lines already wrapped. Pure text
arithmetic: widths are terminal cells (`cell_len`: a Chinese character is two).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len

from ai_tracker.output.views import Column

GAP = 2  # the space between two columns of the tables in `terminal`

# Where a line may break: after whitespace (words) or also after a hyphen, as
# typesetters break "research-/preview"; never inside a piece. A hyphen before a
# digit is no break: dates and versions stay whole ("2026-02-12", "Qwen3.5-397B").
_WORDS = re.compile(r"\S+")
_PIECE = r"(?:[^\s-]|-(?=\d))+-*|-+"
_HYPHENATED = re.compile(_PIECE)


def pieces(text: str, hyphens: bool) -> list[str]:
    """The unbreakable pieces of a line (a trailing hyphen stays with its piece)."""
    return (_HYPHENATED if hyphens else _WORDS).findall(text)


def longest_piece(text: str, hyphens: bool) -> int:
    return max((cell_len(p) for line in text.splitlines() for p in pieces(line, hyphens)), default=0)


def natural(text: str) -> int:
    return max((cell_len(line) for line in text.splitlines()), default=0)


def wrap(text: str, width: int, hyphens: bool) -> list[str]:
    """Lines of at most `width` cells, broken only between pieces; a piece wider
    than `width` (never, once `plan` has chosen the width) is folded."""
    out: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in _split(paragraph, hyphens):
            joined = line + word if line else word.lstrip()
            if cell_len(joined.rstrip()) <= width or not line:
                line = joined
            else:
                out.append(line.rstrip())
                line = word.lstrip()
            while cell_len(line.rstrip()) > width:  # a piece wider than the column: fold it
                cut = _cut(line, width)
                out.append(line[:cut])
                line = line[cut:]
        out.append(line.rstrip())
    return out


def _split(paragraph: str, hyphens: bool) -> list[str]:
    """The paragraph as pieces, each with the spaces before it."""
    pattern = rf"\s*(?:{_PIECE})" if hyphens else r"\s*\S+"
    return re.findall(pattern, paragraph)


def _cut(line: str, width: int) -> int:
    cut = 0
    while cut < len(line) and cell_len(line[:cut + 1]) <= width:
        cut += 1
    return max(cut, 1)


@dataclass
class FitColumn:
    """One column as the fitting sees it: headers (full, then compact), cells, and
    when it may be left out (`drop`: 1 goes first; None: never)."""

    headers: Sequence[str]
    cells: Sequence[str]
    wrap: bool = True
    drop: int | None = None


@dataclass
class Layout:
    kept: list[int]  # the indices of the columns shown
    headers: list[str]  # their headers (full or compact)
    widths: list[int]
    hyphens: bool  # cells break after hyphens too


def plan(columns: Sequence[FitColumn], width: int) -> Layout | None:
    """The widest readable layout within `width` cells, or None when even the
    columns that are never left out cannot fit with whole pieces.

    Tried in order, first with every column, then leaving out one more column
    at a time by its `drop` order: full headers with words whole, compact headers,
    then breaks after hyphens too."""
    order = sorted((i for i, c in enumerate(columns) if c.drop is not None), key=lambda i: columns[i].drop or 0)
    for dropped in range(len(order) + 1):
        kept = [i for i in range(len(columns)) if i not in order[:dropped]]
        for compact, hyphens in ((False, False), (True, False), (True, True)):
            headers = [columns[i].headers[-1 if compact else 0] for i in kept]
            widths = _fit([columns[i] for i in kept], headers, hyphens, width)
            if widths is not None:
                return Layout(kept, headers, widths, hyphens)
    return None


def _fit(columns: list[FitColumn], headers: list[str], hyphens: bool, width: int) -> list[int] | None:
    room = width - GAP * (len(columns) - 1)
    most = [max([natural(h), *(natural(c) for c in col.cells)]) for h, col in zip(headers, columns)]
    least = [m if not col.wrap else max([longest_piece(h, False), *(longest_piece(c, hyphens) for c in col.cells)])
             for m, h, col in zip(most, headers, columns)]
    if sum(least) > room:
        return None
    return _spread(columns, headers, hyphens, list(least), most, room - sum(least))


def _spread(columns: list[FitColumn], headers: list[str], hyphens: bool, widths: list[int],
            most: list[int], spare: int) -> list[int]:
    """The spare width where it saves most lines: each step widens the column whose
    smallest useful widening removes the most wrapped lines per cell spent; what
    no widening shortens goes to the column that lacks most of its width."""
    sample = _sample(len(columns[0].cells) if columns else 0)
    memo: dict[tuple[int, int], list[int]] = {}

    def lines(i: int, w: int) -> list[int]:
        if (i, w) not in memo:
            memo[(i, w)] = [len(wrap(headers[i], w, False)),
                            *(len(wrap(columns[i].cells[r], w, hyphens)) for r in sample)]
        return memo[(i, w)]

    while spare > 0:
        best: tuple[float, int, int] | None = None
        for i in range(len(widths)):
            others = [max((lines(j, widths[j])[r] for j in range(len(widths)) if j != i), default=0)
                      for r in range(len(sample) + 1)]
            now = sum(max(o, n) for o, n in zip(others, lines(i, widths[i])))
            for extra in range(1, min(spare, most[i] - widths[i]) + 1):
                saved = now - sum(max(o, n) for o, n in zip(others, lines(i, widths[i] + extra)))
                if saved > 0:
                    if best is None or saved / extra > best[0]:
                        best = (saved / extra, i, extra)
                    break
        if best is None:
            break
        widths[best[1]] += best[2]
        spare -= best[2]
    while spare > 0:
        lacking = max(range(len(widths)), key=lambda i: most[i] - widths[i])
        if most[lacking] <= widths[lacking]:
            break
        widths[lacking] += 1
        spare -= 1
    return widths


def _sample(n: int, most: int = 60) -> list[int]:
    """Rows to weigh the layout by: all of a screenful, an even spread of more."""
    return list(range(n)) if n <= most else [i * n // most for i in range(most)]


def records(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> list[str]:
    """The fallback for a terminal too narrow for any table: each row as a block
    of `Header  value` lines, values wrapped within the width, blocks apart."""
    label = min(max((cell_len(h) for h in headers), default=0), max(width // 3, 1))
    room = max(width - label - GAP, 1)
    lines: list[str] = []
    for n, row in enumerate(rows):
        if n:
            lines.append("")
        for header, value in zip(headers, row):
            names = wrap(header, label, False)
            values = wrap(value, room, True) if value else [""]
            for i in range(max(len(names), len(values))):
                name = names[i] if i < len(names) else ""
                text = values[i] if i < len(values) else ""
                lines.append((name + " " * (label - cell_len(name) + GAP) + text).rstrip())
    return lines


def plain_wrapped(headers: Sequence[str], rows: Sequence[Sequence[str]], columns: Sequence[Column],
                  width: int) -> str:
    """Plain text within `width` cells, for a pipe: the layout the terminal would get
    (`plan`), each cell wrapped on lines of its own column, columns GAP apart, no
    colour and nothing left out; as blocks of `Header  value` lines (`records`)
    where not even that fits."""
    layout = plan([FitColumn([h], cells, c.wrap) for h, cells, c in
                   zip(headers, zip(*rows) if rows else [[] for _ in headers], columns)], width)
    if layout is None:
        return "\n".join(records(headers, rows, width))
    lines = [_joined([wrap(h, w, False) for h, w in zip(layout.headers, layout.widths)], layout.widths, columns)]
    for row in rows:
        lines.append(_joined([wrap(row[i], w, layout.hyphens) for i, w in zip(layout.kept, layout.widths)],
                             layout.widths, columns))
    return "\n".join(lines)


def _joined(cells: list[list[str]], widths: list[int], columns: Sequence[Column]) -> str:
    """One row of wrapped cells as lines, each cell padded to its column's width."""
    out = []
    for n in range(max(len(c) for c in cells)):
        parts = []
        for cell, w, column in zip(cells, widths, columns):
            text = cell[n] if n < len(cell) else ""
            pad = " " * (w - cell_len(text))
            parts.append(pad + text if column.justify == "right" else text + pad)
        out.append((" " * GAP).join(parts).rstrip())
    return "\n".join(out)
