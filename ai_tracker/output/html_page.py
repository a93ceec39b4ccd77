"""`--format html`: one self-contained HTML file, readable on a phone and a desktop, printable.

Self-contained: the style is in the page, a chart is inline SVG, nothing is
loaded from anywhere (a Content-Security-Policy says so to the browser too:
no script, no request but the page itself). Every piece of data text goes
through `esc` (control characters made visible, then HTML-escaped) and only
http(s) addresses become links, so a release file cannot put markup, a
script or a `javascript:` link in the page.

The generic pages (a table with its notes, a page of text) serve every
command; the digest builds its own body with the same pieces (`digest_html`).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ai_tracker.output import render
from ai_tracker.text import clean, web_link

if TYPE_CHECKING:
    from ai_tracker.analysis.counting import Counts
    from ai_tracker.analysis.tallies import Reported
    from ai_tracker.output.views import Column, Note, TableView

CHART_MISSING = "the chart needs matplotlib: pip install 'ai-tracker[charts]'"

# No script at all, no request anywhere: styles and SVG live in the page (data: for nothing but safety).
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

STYLE = """
:root { color-scheme: light; --ink: #1b1b1b; --muted: #555; --rule: #d8d8d8; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
       font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC",
             "PingFang SC", "Microsoft YaHei", sans-serif; }
main { max-width: 52rem; margin: 0 auto; padding: 1rem 1rem 3rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.5rem; padding-bottom: 0.2rem; border-bottom: 1px solid var(--rule); }
p, li, blockquote { overflow-wrap: anywhere; }
ul, ol { padding-left: 1.4rem; }
li { margin: 0.3rem 0; }
a { color: var(--accent); }
.muted, .notes { color: var(--muted); font-size: 0.9rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.5rem 0; font-variant-numeric: tabular-nums; }
th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
th { font-weight: 600; }
td.num, th.num { text-align: right; }
figure { margin: 1rem 0; }
figure svg { width: 100%; height: auto; max-height: 32rem; }
figcaption { color: var(--muted); font-size: 0.85rem; }
blockquote { margin: 0.8rem 0; padding: 0.2rem 0 0.2rem 1rem; border-left: 3px solid var(--rule); }
blockquote footer { color: var(--muted); font-size: 0.9rem; }
pre.page { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.9rem; }
sup a { text-decoration: none; }
@media (max-width: 40rem) { body { font-size: 15px; } main { padding: 0.75rem; } h1 { font-size: 1.35rem; } }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  a { color: inherit; }
  h2 { break-after: avoid; }
  li, blockquote, figure, table { break-inside: avoid; }
}
"""


def esc(text: Any) -> str:
    """Untrusted text as HTML text: control characters shown as escapes, then escaped."""
    return html.escape(clean(text), quote=True)


def link(url: str | None, label: Any = None) -> str:
    """A link for a web address; anything else (javascript:, file:) stays inert text."""
    shown = esc(url if label is None else label)
    href = web_link(url)
    if href is None:
        return shown
    return f'<a href="{html.escape(href, quote=True)}" rel="noopener noreferrer">{shown}</a>'


def document(title: str, body: str, *, lang: str = "en") -> str:
    """A whole page around `body` (already HTML)."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="ai-tracker">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n<h1>{esc(title)}</h1>\n{body}</main>\n</body>\n</html>\n"
    )


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], numeric: Sequence[bool] = ()) -> str:
    """An HTML table of text cells, in a box that scrolls sideways on a narrow screen."""
    def cls(i: int) -> str:
        return ' class="num"' if i < len(numeric) and numeric[i] else ""

    head = "".join(f"<th{cls(i)} scope=\"col\">{esc(h)}</th>" for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f"<td{cls(i)}>{esc(c)}</td>" for i, c in enumerate(row)) + "</tr>\n"
                   for row in rows)
    return f'<div class="scroll"><table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table></div>\n'


def notes(items: Sequence[Note]) -> str:
    """Notes under a table: sentences, and bulleted items where the note says so."""
    out, bullets = [], []
    for note in items:
        if note.item:
            bullets.append(f"<li>{esc(note.text)}</li>")
            continue
        if bullets:
            out.append("<ul>" + "".join(bullets) + "</ul>")
            bullets = []
        out.append(f"<p>{esc(note.text)}</p>")
    if bullets:
        out.append("<ul>" + "".join(bullets) + "</ul>")
    return '<div class="notes">\n' + "\n".join(out) + "\n</div>\n" if out else ""


def inline_svg(data: bytes, caption: str | None = None) -> str:
    """An SVG file as part of the page: its XML declaration and DOCTYPE (which names an
    external DTD) dropped, the drawing itself kept as text."""
    text = data.decode("utf-8")
    start = text.find("<svg")
    svg = text[start:] if start >= 0 else ""
    cap = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    return f'<figure role="img">{svg}{cap}</figure>\n'


def chart_figure(counts: Counts, reported: list[Reported], caption: str | None = None) -> tuple[str, list[str]]:
    """The chart `--chart` draws, inline, and its warnings; without matplotlib the page says
    how to get it (and so does stderr) instead of failing: the rest of the page stands."""
    if not render.available("chart"):
        return f'<p class="muted">{esc(CHART_MISSING.capitalize())}.</p>\n', [CHART_MISSING]
    bars = "grouped" if len(counts.rows) == 1 else "stacked"  # one period: its groups side by side
    drawn = render.renderer("chart").draw(counts, reported, fmt="svg", bars=bars)
    return inline_svg(drawn.data, caption), list(drawn.warnings)


def table_page(view: TableView, columns: Sequence[Column], headers: Sequence[str], rows: Sequence[Sequence[str]],
               chart: str = "") -> str:
    """A table view (list, weekly, compare, validate...) as a page: its title, the chart
    (if any), the table, then its notes."""
    numeric = [c.justify == "right" for c in columns]
    body = chart + table(headers, rows, numeric) + notes(view.notes)
    return document(view.title or "ai-tracker", body)


def text_page(title: str, text: str) -> str:
    """A page that has no HTML of its own (show, orgs show): its plain text, kept as written."""
    return document(title, f'<pre class="page">{html.escape(clean(text, inline=False))}</pre>\n')
