"""`digest --format html`: the week as one page to publish or send round.

The same sections as the text and markdown digest (`digest_page`): the
releases, each with the numbers of the sources its file cites; the count table
with its chart; the published tally beside the record's with every difference;
market reactions, events, quotes, and the numbered sources with their links.
Imported only when the page is written (`render.renderer("digest_html")`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ai_tracker.model import countries
from ai_tracker.output.digest_page import counted_in, heading, reaction_line
from ai_tracker.output.html_page import chart_figure, document, esc, link, table

if TYPE_CHECKING:
    from ai_tracker.analysis.digest import Digest, Item, Line


def page(d: Digest, names: dict[str, str]) -> tuple[str, list[str]]:
    """The whole page, and the warnings to give on stderr (a chart that could not be drawn)."""
    cited: dict[str, list[int]] = {}
    for n, item in enumerate(d.sources, 1):
        for release in item.releases:
            cited.setdefault(release, []).append(n)
    if not d.covered:  # nothing is known of the period: its one sentence, no empty chart
        return document(heading(d), "".join(f'<p class="muted">{esc(n)}</p>\n' for n in d.notes())), []
    chart, warnings = _chart(d)
    body = [
        _section(f"Releases ({len(d.lines)})", _releases(d, cited)),
        _section(f"Releases by {d.counts.by.value}", _counts(d) + chart + _tallies(d)),
    ]
    # Sections with nothing to show are left out, as in the text and markdown digest.
    if d.market_reactions:
        body.append(_section("Market reactions", _list([esc(reaction_line(i, names, False))
                                                        for i in d.market_reactions])))
    if d.events:
        body.append(_section("Events", _list([_event(i, names) for i in d.events])))
    if d.quotes:
        body.append(_section("Quotes", "".join(_quote(i, names) for i in d.quotes)))
    if d.sources:
        body.append(_section("Sources", _sources(d, names)))
    return document(heading(d), "".join(body)), warnings


def _section(title: str, body: str) -> str:
    return f"<section>\n<h2>{esc(title)}</h2>\n{body}</section>\n"


def _none() -> str:
    return '<p class="muted">None recorded.</p>\n'


def _list(items: list[str], tag: str = "ul", cls: str = "") -> str:
    if not items:
        return _none()
    attr = f' class="{cls}"' if cls else ""
    return f"<{tag}{attr}>\n" + "".join(f"<li>{item}</li>\n" for item in items) + f"</{tag}>\n"


def _release(line: Line, sources: list[int], kind: str) -> str:
    r = line.release
    orgs = "; ".join(f"{esc(o.name)} ({esc(', '.join(countries.name_of(c) for c in o.country))})"
                     for o in r.organization)
    when = r.released.date.describe() + (counted_in(kind) if line.approximate else "")
    text = f"<strong>{esc(r.name)}</strong>: {orgs}, released {esc(when)}"
    if r.origin is not None:  # never shown as checked by hand
        text += esc(f" (imported from {r.origin.database}, not checked by hand)")
    if r.summary:
        text += f". {esc(r.summary.strip().rstrip('.'))}."
    refs = "".join(f'<a href="#source-{n}">[{n}]</a>' for n in sources)
    return text + (f" <sup>{refs}</sup>" if refs else "")


def _releases(d: Digest, cited: dict[str, list[int]]) -> str:
    if not d.lines:
        return f'<p class="muted">No release in the collection is dated in this {d.kind}.</p>\n'
    return _list([_release(line, cited.get(line.release.id, []), d.kind) for line in d.lines])


def _counts(d: Digest) -> str:
    row = d.counts.rows[0]
    headers = [*d.counts.columns, "Total"]
    values = [*(str(row.counts[k]) for k in d.counts.columns), str(row.total)]
    notes = "".join(f"<li>{esc(n)}</li>\n" for n in d.notes())
    return table(headers, [values], [True] * len(headers)) + f'<ul class="notes">\n{notes}</ul>\n'


def _chart(d: Digest) -> tuple[str, list[str]]:
    caption = f"Releases in {d.period.label} by {d.counts.by.value}" + (
        "; the black diamonds are the tally a source published" if d.reported else "")
    return chart_figure(d.counts, d.reported, caption)


def _tallies(d: Digest) -> str:
    out = []
    for item in d.reported:
        out.append(f"<p>{esc(item.sentence())}</p>\n")
        out.append(_list([esc(f"{x.name} ({', '.join(x.groups)}): {x.kind}: {x.detail}.") for x in item.differences]))
    return "".join(out)


def _whose(item: Item, names: dict[str, str]) -> str:
    return f" ({esc(', '.join(names.get(i, i) for i in item.releases))})"


def _event(item: Item, names: dict[str, str]) -> str:
    data = item.data
    return f"{esc(data['date'])}, {esc(data['kind'])}: {esc(data['note'])}{_whose(item, names)}"


def _quote(item: Item, names: dict[str, str]) -> str:
    data = item.data
    lang = data.get("language") or ""
    # The quote's own language, so a browser and a screen reader use the right fonts and voice.
    attr = f' lang="{esc(lang)}"' if lang.replace("-", "").isalnum() else ""
    text = f"<p{attr}>{esc(data['text'])}</p>"
    if data.get("translation"):
        text += f"<p>({esc(data['translation'])})</p>"
    who = esc(data["speaker"]) + (f", {esc(data['role'])}" if data.get("role") else "")
    return f"<blockquote>{text}<footer>— {who}{_whose(item, names)}</footer></blockquote>\n"


def _sources(d: Digest, names: dict[str, str]) -> str:
    items = []
    for n, item in enumerate(d.sources, 1):
        data = item.data
        parts = [esc(data["title"])] + [esc(data[k]) for k in ("publisher", "date") if data.get(k)]
        if data.get("url"):
            parts.append(link(data["url"]))
        items.append((n, ", ".join(parts) + _whose(item, names)))
    if not items:
        return _none()
    return '<ol class="sources">\n' + "".join(f'<li id="source-{n}">{text}</li>\n' for n, text in items) + "</ol>\n"
