"""Counts as a bar chart (`weekly`/`counts --chart FILE`, and the chart of `digest --format html`).

Drawn with matplotlib, imported only here and only when a chart is drawn
(`render.renderer("chart")`: about half a second, which no other output pays).
Releases per period, one colour per group, stacked or grouped; what the table
marks, the chart marks too:

- approximate counts (a date that spans more than one period, counted in its
  earliest) are the hatched part of a bar;
- a period the record covers in part (`coverage.yaml`) has lighter bars, a
  floor; one it does not cover has no bar but a grey band labelled "not
  covered" (its count is unknown, not 0);
- a tally a source published for a period (the seed article's 2026-W07:
  China 5, United States 0, Europe 0) is written over that period's bar, and
  in grouped bars each reported number is a black diamond beside the bar.

Text from data files goes in cleaned of control characters and with mathtext
off, so a name with `$` in it is a name, not a formula. SVG keeps text as
text (searchable, and a browser draws Chinese names with its own fonts); a
PNG needs a font with CJK glyphs, found among the installed ones, and says so
when there is none.
"""

from __future__ import annotations

import io
import textwrap
import warnings as warnings_module
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")  # no display, no GUI toolkit: files only

import matplotlib.font_manager as font_manager  # noqa: E402 - after the backend is chosen
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from ai_tracker.analysis.counting import NOT_COVERED, PARTIAL, Attribution  # noqa: E402
from ai_tracker.output.counts_page import title  # noqa: E402
from ai_tracker.text import clean, xml_safe  # noqa: E402

if TYPE_CHECKING:
    from ai_tracker.analysis.counting import Counts
    from ai_tracker.analysis.tallies import Reported

FORMATS = ("svg", "png")
BARS = ("stacked", "grouped")
MAX_SERIES = 10  # beyond this a legend stops being readable: the rest are one "Other" series
# Colour-blind-safe (Okabe and Ito), then two more; "Other" is light grey.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
           "#7F3C8D", "#999999"]
OTHER = "#CCCCCC"
PARTIAL_ALPHA = 0.45  # a partial period's bars: lighter, as its count is a floor
UNCOVERED = "#E8E8E8"  # the band of a period the record does not cover
# Families with Chinese, Japanese and Korean glyphs, best first (Debian: fonts-noto-cjk, fonts-wqy-*).
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Noto Sans SC", "Source Han Sans SC",
                "Source Han Sans", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback",
                "Noto Serif CJK SC", "AR PL UMing CN")
CJK_HINT = ("no font with Chinese characters is installed, so they may show as boxes in the PNG "
            "(install one, e.g. Debian's fonts-noto-cjk, or write .svg)")


@dataclass
class Chart:
    """What was drawn, and anything the reader of the file should be told."""

    data: bytes
    warnings: list[str] = field(default_factory=list)


@dataclass
class Series:
    name: str
    exact: list[int]
    approximate: list[int]
    other: bool = False  # the groups folded together: grey, never a group's colour


def series(counts: Counts) -> list[Series]:
    """One series per column (the biggest MAX_SERIES - 1 and "Other" when there are
    more), each split into exact and approximate counts per period."""
    names = list(counts.columns)
    per_row = []
    for row in counts.rows:
        approx = dict.fromkeys(names, 0)
        for placed in row.releases:
            if placed.approximate:
                for key in placed.keys:
                    if key in approx:
                        approx[key] += 1
        per_row.append(approx)
    result = [Series(clean(name), [r.counts[name] - a[name] for r, a in zip(counts.rows, per_row)],
                     [a[name] for a in per_row]) for name in names]
    if len(result) <= MAX_SERIES:
        return result
    totals = counts.totals
    ranked = sorted(range(len(names)), key=lambda i: -totals[names[i]])
    kept, rest = sorted(ranked[:MAX_SERIES - 1]), ranked[MAX_SERIES - 1:]
    other = Series(f"Other ({len(rest)} more)", [sum(result[i].exact[p] for i in rest) for p in range(len(counts.rows))],
                   [sum(result[i].approximate[p] for i in rest) for p in range(len(counts.rows))], other=True)
    return [result[i] for i in kept] + [other]


def cjk_family() -> str | None:
    """An installed font family with CJK glyphs. matplotlib's font list is cached when it is
    first built, so a font installed later is looked for on disk too."""
    known = {f.name for f in font_manager.fontManager.ttflist}
    for name in CJK_FAMILIES:
        if name in known:
            return name
    for path in font_manager.findSystemFonts():
        if any(word in path for word in ("CJK", "wqy", "WenQuanYi", "SourceHan", "DroidSansFallback")):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
    known = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FAMILIES if name in known), None)


def _needs_cjk(texts: list[str]) -> bool:
    return any(ord(c) >= 0x2E80 for text in texts for c in text)


def draw(counts: Counts, reported: list[Reported] | None = None, *, fmt: str = "svg",
         bars: str = "stacked") -> Chart:
    """The chart of `counts` as SVG or PNG bytes."""
    reported = [r for r in (reported or []) if r.by == counts.by.value]
    cjk = cjk_family()
    warnings = []
    texts = [*counts.columns, *(r.title for r in reported)]
    if fmt == "png" and cjk is None and _needs_cjk(texts):
        warnings.append(CJK_HINT)
    style: Any = {  # matplotlib types the keys as a Literal of every rc name
        # A list of real families, not "sans-serif": matplotlib falls back glyph by glyph
        # only along this list (Latin from DejaVu, Chinese from the CJK font).
        "font.family": ["DejaVu Sans", *([cjk] if cjk else [])],
        "text.parse_math": False,  # data text is text: "$5" is five dollars, not a formula
        "svg.fonttype": "none",  # text stays text in the SVG
        "svg.hashsalt": "ai-tracker",  # the same chart gives the same file
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    with plt.rc_context(style), warnings_module.catch_warnings(record=True) as caught:
        warnings_module.simplefilter("always")
        figure = _figure(counts, reported, bars)
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": "ai-tracker"}
        figure.savefig(buffer, format=fmt, dpi=150, metadata=metadata, bbox_inches="tight")
        plt.close(figure)
    # matplotlib warns once per missing glyph; the reader needs one sentence (SVG text is the browser's to draw).
    if fmt == "png" and not warnings and any("missing from font" in str(w.message) for w in caught):
        warnings.append(CJK_HINT)
    image = buffer.getvalue()
    if fmt == "svg":  # the last pass of every XML writer: nothing XML cannot hold (the HTML pages inline it)
        image = xml_safe(image.decode("utf-8")).encode("utf-8")
    return Chart(image, warnings)


def _figure(counts: Counts, reported: list[Reported], bars: str) -> Any:
    lines = series(counts)
    labels = [row.period.label for row in counts.rows]
    levels = [row.coverage for row in counts.rows]
    n = len(labels)
    width = min(max(6.4, 0.2 * n + 3), 16.0)
    # A short chart (a digest's one week) goes on a phone: narrower, its legend underneath.
    narrow = n <= 4
    figure, axes = plt.subplots(figsize=(4.4, 4.6) if narrow else (width, 4.8), layout="constrained")
    slot = 0.8
    bottoms = [0] * n
    top = [0] * n
    for i, line in enumerate(lines):
        colour = OTHER if line.other else PALETTE[i % len(PALETTE)]
        if bars == "grouped":
            step = slot / max(len(lines), 1)
            xs = [p - slot / 2 + step * (i + 0.5) for p in range(n)]
            base = [0] * n
            bar_width = step
        else:
            xs = list(range(n))
            base = list(bottoms)
            bar_width = slot
        shades = [to_rgba(colour, PARTIAL_ALPHA if level == PARTIAL else 1.0) for level in levels]
        axes.bar(xs, line.exact, bar_width, bottom=base, color=shades, label=line.name, linewidth=0)
        above = [b + e for b, e in zip(base, line.exact)]
        if any(line.approximate):
            axes.bar(xs, line.approximate, bar_width, bottom=above, color=colour, alpha=0.45, hatch="///",
                     edgecolor="#333333", linewidth=0)
        heights = [a + x for a, x in zip(above, line.approximate)]
        top = [max(t, h) for t, h in zip(top, heights)]
        if bars != "grouped":
            bottoms = heights
        for item in reported:
            p = labels.index(item.period) if item.period in labels else None
            if bars == "grouped" and p is not None and line.name in item.counts:
                axes.plot([xs[p]], [item.counts[line.name]], marker="D", color="black", markersize=5,
                          linestyle="none", zorder=5)
    highest = max(top, default=0)
    for item in reported:
        if item.period not in labels:
            continue
        p = labels.index(item.period)
        said = ", ".join(f"{clean(k)}\u00a0{v}" for k, v in item.counts.items())  # "Europe 0" never split
        note = textwrap.fill(f"Reported by {clean(item.title)}: {said}", 32 if n <= 8 else 44)
        # Centred over a short chart; on a long one, towards the middle, so it never runs off an edge.
        align = "center" if n <= 8 else ("right" if p > n / 2 else "left")
        axes.annotate(note, xy=(p, top[p]), xytext=(p, highest * 1.1 + 0.8), ha=align, va="bottom", fontsize=8,
                      arrowprops={"arrowstyle": "->", "color": "#333333"})
    axes.set_ylim(0, max(highest, 1) * (1.45 if reported else 1.1) + (1.5 if reported else 0))
    for p, level in enumerate(levels):
        if level == NOT_COVERED:  # no bar: a band that says why
            axes.axvspan(p - 0.5, p + 0.5, color=UNCOVERED, linewidth=0, zorder=0)
            axes.text(p, axes.get_ylim()[1] * 0.5, "not covered", rotation=90, ha="center", va="center",
                      fontsize=7, color="#555555")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel("Releases")
    axes.set_xticks(range(n))
    every = max(1, -(-n // 26))  # at most about 26 labels, as the sparkline's width
    axes.set_xticklabels([label if i % every == 0 else "" for i, label in enumerate(labels)],
                         rotation=90 if n > 8 else 0, fontsize=8)
    axes.set_xlim(-0.6, n - 0.4)
    # Over the whole figure, legend included, so that a long title never runs into the legend.
    figure.suptitle(clean(title(counts)), x=0.01, ha="left", fontsize=11)
    handles, names = axes.get_legend_handles_labels()
    if any(any(s.approximate) for s in lines):
        handles.append(Patch(facecolor="white", edgecolor="#333333", hatch="///"))
        names.append("approximate (date could fall after the range)" if counts.whole
                     else f"approximate (date spans more than one {counts.per.value})")
    if bars == "grouped" and reported:
        handles.append(axes.plot([], [], marker="D", color="black", linestyle="none")[0])
        names.append("reported by a source")
    if PARTIAL in levels:
        handles.append(Patch(facecolor=to_rgba("#555555", PARTIAL_ALPHA), linewidth=0))
        names.append("partial coverage (lighter): a floor")
    if NOT_COVERED in levels:
        handles.append(Patch(facecolor=UNCOVERED, linewidth=0))
        names.append("not covered: count unknown")
    if narrow:
        figure.legend(handles, names, loc="outside lower center", ncols=2, frameon=False, fontsize=8)
    else:  # beside the bars, from their top down: under the title, never over it
        axes.legend(handles, names, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    # The footnote as the x axis' label: it goes under the period labels, whatever their length.
    axes.set_xlabel(textwrap.fill(_footnote(counts, bars), 150 if n > 30 else (70 if narrow else 100)), loc="left", fontsize=7,
                    color="#444444")
    return figure


def _footnote(counts: Counts, bars: str) -> str:
    where = "the range, which their date may run past" if counts.whole else f"the earliest {counts.per.value} their date allows"
    if counts.approximate:
        words = [f"Approximate: {counts.approximate} of {counts.total} (hatched): counted in {where}."]
    else:
        words = [f"Approximate: none of {counts.total}."]
    if counts.attribution is Attribution.each and bars == "stacked":
        words.append("A release counts once in each group it belongs to, so a stacked bar can be taller "
                     "than the number of releases.")
    words.append(f"Source: ai-tracker, attribution '{counts.attribution.value}'.")
    return " ".join(words)
