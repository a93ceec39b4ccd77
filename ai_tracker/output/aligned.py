"""Aligned text: plain tables (written here, as tabulate's "plain" writes them) and
markdown tables (through tabulate), both aligning CJK text by its width on screen
(wcwidth). Imported only for those formats (see `render.renderer`)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence

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
    if style == "plain" and len(headers) == len(align) and all(len(row) == len(align) for row in rows):
        return plain_table(headers, rows, align)
    # Lazy: importing tabulate (and the importlib.metadata it reads its version with)
    # is a tenth of `list`'s start-up, and only markdown needs it now.
    from tabulate import tabulate

    # disable_numparse: "2.10" stays "2.10"; wcwidth (installed) aligns CJK text.
    return tabulate(rows, headers=headers, tablefmt=style, disable_numparse=True,
                    colalign=align or None)


def plain_table(headers: list[str], rows: list[list[str]], align: list[str]) -> str:
    """What `tabulate(rows, headers, tablefmt="plain", disable_numparse=True, colalign=align)`
    writes, for one-line cells (every cell is `render.clean`ed, so none has a line break
    or an escape sequence): each cell stripped, columns two spaces apart and as wide as
    their widest cell or their header and two, no space at the end of a line. The tests
    hold it to tabulate's output on ASCII, CJK, combining and emoji text."""
    width = _width_of([*headers, *(c for row in rows for c in row)])
    columns = [[cell.strip() for cell in column] for column in zip(*rows)] or [[] for _ in headers]
    if not rows:  # tabulate aligns by its columns; with none, every header is flush left
        align = ["left"] * len(headers)
    padded_columns, padded_headers = [], []
    for header, cells, side in zip(headers, columns, align):
        if width is len:  # ASCII (most tables): str's own padding, no per-cell width
            widest = max(max(map(len, cells), default=0), len(header) + 2)
            pad = str.rjust if side == "right" else str.ljust
            padded_columns.append([pad(cell, widest) for cell in cells])
            padded_headers.append(pad(header, widest))
            continue
        widths = [width(cell) for cell in cells]
        widest = max([*widths, width(header) + 2])  # tabulate's MIN_PADDING for headers
        padded_columns.append([_pad(cell, widest - (w - len(cell)), side) for cell, w in zip(cells, widths)])
        padded_headers.append(_pad(header, widest + len(header) - width(header), side))
    lines = ["  ".join(padded_headers).rstrip()]
    lines += ["  ".join(row).rstrip() for row in zip(*padded_columns)]
    return "\n".join(lines)


def _pad(text: str, width: int, side: str) -> str:
    return f"{text:>{width}}" if side == "right" else f"{text:<{width}}"


def _width_of(texts: list[str]) -> Callable[[str], int]:
    """Columns on screen, as tabulate counts them (wcwidth's): the length for ASCII text and
    the few other scripts `_simple_width` knows; wcwidth, imported only then, for the rest."""
    return len if all(text.isascii() for text in texts) else text_width


def text_width(text: str) -> int:
    """wcwidth's width of the text (-1 if it holds a control character), importing wcwidth
    only for text beyond what `_simple_width` knows."""
    simple = _simple_width(text)
    if simple is not None:
        return simple
    from wcwidth import wcswidth  # Lazy: about as long to import as the rest of `list`

    return wcswidth(text)


# Where wcwidth gives every character the same width (the tests check each one):
_WIDE = ((0x3001, 0x3003), (0x300C, 0x300F), (0x3041, 0x3096), (0x30A1, 0x30FA), (0x4E00, 0x9FFF),
         (0xAC00, 0xD7A3), (0xFF01, 0xFF60))  # CJK punctuation, kana, ideographs, Hangul, full-width forms
_NARROW = ((0x00A1, 0x00AC), (0x00AE, 0x024F), (0x2010, 0x2027))  # Latin-1 and Latin Extended, dashes and quotes
_LETTERS = (0x0370, 0x04FF)  # Greek and Cyrillic: their letters


def _simple_width(text: str) -> int | None:
    """The width of text made of printable ASCII and the characters above, else None."""
    width = len(text)
    for char in text:
        code = ord(char)
        if code < 0x7F:
            continue
        if any(low <= code <= high for low, high in _WIDE):
            width += 1
        elif not (any(low <= code <= high for low, high in _NARROW)
                  or (_LETTERS[0] <= code <= _LETTERS[1] and unicodedata.category(char)[0] == "L")):
            return None
    return width
