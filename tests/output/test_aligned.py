"""Plain tables are written without tabulate, exactly as tabulate's "plain" writes them."""

from __future__ import annotations

import random

from tabulate import tabulate

from ai_tracker.output.aligned import plain_table

# Text of every width: ASCII, CJK (two columns each), combining marks (none), emoji,
# full-width forms, spaces at the ends (stripped) and nothing at all.
PIECES = ["a", "Model", "2.10", "  padded ", "", "智谱", "通义千问", "e\u0301", "👍", "Ｋｌｉｎｇ", "Zhipu AI",
          "x" * 30, "café", "한국어", " ", "—", "a, b; c"]


def expected(headers: list[str], rows: list[list[str]], align: list[str]) -> str:
    return tabulate(rows, headers=headers, tablefmt="plain", disable_numparse=True, colalign=align)


def test_plain_tables_match_tabulate():
    rng = random.Random(17)
    for _ in range(400):
        columns = rng.randint(1, 5)
        headers = ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 2))) or "H" for _ in range(columns)]
        rows = [["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 3))) for _ in range(columns)]
                for _ in range(rng.randint(0, 6))]
        align = [rng.choice(["left", "right"]) for _ in range(columns)]
        assert plain_table(headers, rows, align) == expected(headers, rows, align), (headers, rows, align)


def test_the_widths_known_without_wcwidth_are_wcwidth_s():
    from wcwidth import wcswidth, wcwidth

    from ai_tracker.output import aligned

    ranges = [*aligned._WIDE, *aligned._NARROW, aligned._LETTERS, (0x20, 0x7E)]
    checked = 0
    for low, high in ranges:
        for code in range(low, high + 1):
            char = chr(code)
            simple = aligned._simple_width(char)
            if simple is not None:
                assert simple == wcwidth(char), hex(code)
                checked += 1
    assert checked > 20000
    for text in ("π", "智谱 GLM-5", "Ｋｌｉｎｇ 2.1", "Qwen3 — 通义千问", "Müller’s «model»", "e\u0301", "👍"):
        assert aligned._width_of([text])(text) == wcswidth(text), text
