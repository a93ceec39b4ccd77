"""The digest of a week as people read it: plain text, markdown ready to publish,
or a Rich page on a terminal. Rendering only; `digest` gathers the week.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ai_tracker.analysis.coverage import UNKNOWN
from ai_tracker.model import countries
from ai_tracker.output import render
from ai_tracker.output.aligned import tabulate_rows
from ai_tracker.output.counts_terminal import rich_table
from ai_tracker.output.views import Column, PageView, TableView
from ai_tracker.output.wording import (
    money,  # the same wording as `show` and `compare`
    number,
)
from ai_tracker.text import clean, md_escape

if TYPE_CHECKING:
    from ai_tracker.analysis.digest import Digest, Item, Line


def heading(d: Digest) -> str:
    if d.whole:
        return f"AI releases, {d.period.start} to {d.period.end}"
    to_date = ", to date" if d.counts.rows[0].to_date else ""
    return f"AI releases, {d.kind} {d.period.label} ({d.period.start} to {d.period.end}{to_date})"


def lines_view(d: Digest) -> TableView:
    columns = [Column(k, k.capitalize()) for k in
               ("id", "name", "organization", "country", "released", "precision", "approximate", "summary",
                "imported")]
    rows = [line.record() for line in d.lines]
    return TableView(columns=columns, rows=rows, records=rows)


# --------------------------------------------------------------------------- one line per item

def md(text: Any) -> str:
    """Untrusted text as literal markdown (the one escaper every markdown output uses)."""

    return md_escape(text)


def _txt(text: Any, markdown: bool) -> str:
    return md(text) if markdown else clean(text)


def counted_in(kind: str) -> str:
    """What an approximate date of a digest's release adds (kind: week, month, year, range)."""
    return ", counted in its earliest week" if kind == "week" else f", counted in this {kind}"


def release_line(line: Line, markdown: bool, kind: str = "week") -> str:
    r = line.release
    name = f"**{md(r.name)}**" if markdown else _txt(r.name, False)
    orgs = "; ".join(f"{_txt(o.name, markdown)} ({', '.join(countries.name_of(c) for c in o.country)})"
                     for o in r.organization)
    when = r.released.date.describe()
    if line.approximate:
        when += counted_in(kind)
    text = f"{name}: {orgs}, released {_txt(when, markdown)}"
    if r.origin is not None:  # never shown as checked by hand
        text += _txt(f" (imported from {r.origin.database}, not checked by hand)", markdown)
    if r.summary:
        text += f". {_txt(r.summary.strip().rstrip('.'), markdown)}."
    return text


def _number(value: float) -> str:
    return ("+" if value > 0 else "") + number(value)


def _usd(value: float) -> str:
    return money(value)


def _whose(item: Item, names: dict[str, str], markdown: bool) -> str:
    return f" ({', '.join(_txt(names.get(i, i), markdown) for i in item.releases)})"


def reaction_line(item: Item, names: dict[str, str], markdown: bool) -> str:
    data = item.data
    where = f" ({_txt(data['listing'], markdown)})" if data.get("listing") else ""
    moves = []
    if data.get("change_percent") is not None:
        moves.append(f"{_number(data['change_percent'])}%")
    if data.get("market_cap_change_usd") is not None:
        moves.append(f"{_usd(data['market_cap_change_usd'])} market value")
    text = f"{_txt(data['company'], markdown)}{where}, {_txt(data['date'], markdown)}: "
    text += ", ".join(moves) if moves else "moved"
    if data.get("note"):
        text += f". {_txt(data['note'].strip().rstrip('.'), markdown)}."
    return text + _whose(item, names, markdown)


def event_line(item: Item, names: dict[str, str], markdown: bool) -> str:
    data = item.data
    return (f"{_txt(data['date'], markdown)}, {_txt(data['kind'], markdown)}: "
            f"{_txt(data['note'], markdown)}{_whose(item, names, markdown)}")


def quote_lines(item: Item, names: dict[str, str], markdown: bool) -> list[str]:
    data = item.data
    who = _txt(data["speaker"], markdown) + (f", {_txt(data['role'], markdown)}" if data.get("role") else "")
    about = _whose(item, names, markdown)
    if markdown:
        lines = [f"> {md(data['text'])}"]
        if data.get("translation"):
            lines += [">", f"> ({md(data['translation'])})"]
        return lines + [">", f"> — {who}{about}", ""]
    text = f'"{_txt(data["text"], False)}"'
    if data.get("translation"):
        text += f' ("{_txt(data["translation"], False)}")'
    return [f"{text} — {who}{about}"]


def source_line(item: Item, names: dict[str, str], markdown: bool) -> str:
    data = item.data
    parts = [_txt(data["title"], markdown)]
    parts += [_txt(data[k], markdown) for k in ("publisher", "date") if data.get(k)]
    url = data.get("url")
    if url:
        # An autolink only for a plain web address; anything else stays inert text.
        linkable = markdown and url.startswith(("https://", "http://")) and not any(
            c.isspace() or c in "<>" for c in url)
        parts.append(f"<{clean(url)}>" if linkable else _txt(url, markdown))
    return ", ".join(parts) + _whose(item, names, markdown)


# --------------------------------------------------------------------------- the whole document

def count_table(d: Digest, markdown: bool) -> str:
    row = d.counts.rows[0]
    columns = [Column(k, k, justify="right") for k in d.counts.columns]
    columns += [Column("Total", "Total", justify="right")]
    values = [str(row.counts[k]) if row.known else UNKNOWN for k in d.counts.columns]
    values += [str(row.total) if row.known else UNKNOWN]
    headers = [md(c.header) if markdown else clean(c.header) for c in columns]
    return tabulate_rows(headers, [values], columns, "github" if markdown else "plain")


@dataclass
class Part:
    """One section of the digest: its heading and lines; `counts` marks the count table,
    which the terminal draws as a table of its own."""

    title: str
    lines: list[str]
    counts: bool = False


def sections(d: Digest, names: dict[str, str], markdown: bool) -> list[Part]:
    """The sections, in the article's order; those with nothing to show are left out
    (a covered period with no release says so; one not covered has only its sentence)."""
    bullet = "- " if markdown else "  "
    if not d.covered:
        return [Part("", [_txt(n, markdown) for n in d.notes()])]
    releases = [bullet + release_line(line, markdown, d.kind) for line in d.lines] or [
        ("" if markdown else "  ") + f"No release in the collection is dated in this {d.kind}."]
    counts = [count_table(d, markdown), ""]
    counts += [bullet + (md(n) if markdown else n) for n in d.notes()]
    for item in d.reported:  # the tally a source published, beside the record's, each difference explained
        counts += ["", _txt(item.sentence(), markdown), ""]
        counts += [bullet + _txt(f"{x.name} ({', '.join(x.groups)}): {x.kind}: {x.detail}.", markdown)
                   for x in item.differences]
    reactions = [bullet + reaction_line(i, names, markdown) for i in d.market_reactions]
    events = [bullet + event_line(i, names, markdown) for i in d.events]
    quotes = [q if markdown else bullet + q for i in d.quotes for q in quote_lines(i, names, markdown)]
    sources = [bullet + source_line(i, names, markdown) for i in d.sources]
    parts = [
        Part(f"Releases ({len(d.lines)})", releases),
        Part(f"Releases by {d.counts.by.value}", counts, counts=True),
        Part("Market reactions", reactions),
        Part("Events", events),
        Part("Quotes", quotes),
        Part("Sources", sources),
    ]
    return [part for part in parts if part.lines]


def document(d: Digest, names: dict[str, str], *, markdown: bool) -> str:
    out = [f"# {heading(d)}" if markdown else heading(d), ""]
    for part in sections(d, names, markdown):
        if part.title:
            out += [f"## {part.title}" if markdown else part.title, ""]
        out += part.lines
        if part.lines and part.lines[-1] != "":
            out.append("")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def print_rich(d: Digest, names: dict[str, str], console: Console) -> None:
    console.print(Text(heading(d), style="bold underline"))
    for part in sections(d, names, markdown=False):
        console.print()
        if part.title:
            console.print(Text(part.title, style="bold"))
        if part.counts:
            console.print(rich_table(d.counts, ""))
            for note in d.notes():
                console.print(Text(clean(note), style="dim"))
            for tally in d.reported:
                console.print()
                console.print(Text(clean(tally.sentence())))
                for x in tally.differences:
                    console.print(Text(clean(f"• {x.name} ({', '.join(x.groups)}): {x.kind}: {x.detail}.")))
            continue
        for line in part.lines:  # already cleaned: data never reaches Rich markup
            # Plain lines are indented by two spaces (continuations by four): on a
            # terminal each item gets a bullet and its wrapped text hangs under it.
            stripped = line.lstrip(" ")
            indent = len(line) - len(stripped)
            item = Table.grid()
            item.add_column(width=max(indent, 2))
            item.add_column(overflow="fold")  # a long URL folds, never ends in "…"
            item.add_row(Text("• " if indent == 2 else ""), Text(stripped))
            console.print(item)


def view(d: Digest, names: dict[str, str]) -> PageView:
    """The digest in every format: the page (text, markdown, terminal), its record
    for json/yaml, one row per release for csv/tsv."""
    return PageView(text=lambda markdown: document(d, names, markdown=markdown),
                    rich=lambda console: print_rich(d, names, console), records=d.record(),
                    table=lines_view(d), html=lambda: render.renderer("digest_html").page(d, names),
                    title=heading(d))
