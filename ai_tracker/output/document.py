"""Documents: a titled page of sections, printed as plain text, markdown or Rich.

The table layer (`render.TableView`) suits lists of like things; one release
read whole (`show`) is a page instead: header fields, paragraphs, bulleted
facts with numbered source markers, and a numbered source list. A core module
builds a `Document` (plain data, no Rich); this module prints it.

As in `render`, every piece of text may come from a data file: it goes
through `clean` in every format, into Rich only as `Text`, and is escaped
for markdown, so it can never become markup or a terminal control sequence.
Plain text is never wrapped, so each fact stays on one line for `grep`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ai_tracker.output.aligned import text_width
from ai_tracker.text import clean, md_escape

SectionKind = Literal["fields", "list", "paragraph", "sources"]


@dataclass
class Entry:
    text: str
    refs: list[int] = field(default_factory=list)  # numbers of the sources it comes from
    label: str | None = None  # for "fields" sections
    details: list[str] = field(default_factory=list)  # lines under it: notes, who, translation
    mark: str | None = None  # after its refs, what they are when all are weak: "secondary source only"


@dataclass
class Section:
    title: str
    entries: list[Entry]
    kind: SectionKind = "list"


@dataclass
class Document:
    title: str
    subtitle: str | None = None
    sections: list[Section] = field(default_factory=list)


def refs_text(refs: list[int], mark: str | None = None) -> str:
    return "".join(f"[{n}]" for n in refs) + (f" ({mark})" if mark and refs else "")


def _with_refs(text: str, refs: list[int], mark: str | None = None) -> str:
    return f"{text} {refs_text(refs, mark)}" if refs else text


def _labels(entries: list[Entry]) -> list[str]:
    """Each entry's label, blank where it repeats the one above (several organisations)."""
    shown, previous = [], None
    for entry in entries:
        label = entry.label or ""
        shown.append("" if label == previous else label)
        previous = label
    return shown


def _width(text: str) -> int:
    width = text_width(text)
    return width if width >= 0 else len(text)


# ---------------------------------------------------------------- plain text


def to_plain(doc: Document) -> str:
    title = clean(doc.title)
    lines = [title, "=" * max(_width(title), 3)]
    if doc.subtitle:
        lines.append(clean(doc.subtitle))
    for section in doc.sections:
        if not section.entries:
            continue
        lines.append("")
        if section.title:
            lines += [section.title, "-" * _width(section.title)]
        lines += _plain_section(section)
    return "\n".join(lines) + "\n"


def _plain_section(section: Section) -> list[str]:
    lines: list[str] = []
    if section.kind == "fields":
        labels = _labels(section.entries)
        pad = max(_width(label) for label in labels) + 2
        for label, entry in zip(labels, section.entries):
            lead = label + " " * (pad - _width(label))
            lines.append(lead + clean(_with_refs(entry.text, entry.refs, entry.mark)))
            lines += [" " * pad + clean(d) for d in entry.details]
    elif section.kind == "paragraph":
        for entry in section.entries:
            lines.append(clean(_with_refs(entry.text, entry.refs, entry.mark), inline=False))
    else:
        for i, entry in enumerate(section.entries, 1):
            lead = f"[{i}] " if section.kind == "sources" else "- "
            lines.append(lead + clean(_with_refs(entry.text, entry.refs, entry.mark)))
            lines += [" " * len(lead) + clean(d) for d in entry.details]
    return lines


# ---------------------------------------------------------------- markdown

def _md_refs(refs: list[int], mark: str | None = None) -> str:
    return " " + refs_text(refs, mark) if refs else ""  # no link definitions: stays literal


def to_markdown(doc: Document) -> str:
    lines = [f"# {md_escape(doc.title)}"]
    if doc.subtitle:
        lines += ["", md_escape(doc.subtitle)]
    for section in doc.sections:
        if not section.entries:
            continue
        lines.append("")
        if section.title:
            lines += [f"## {section.title}", ""]
        lines += _md_section(section)
    return "\n".join(lines) + "\n"


def _md_section(section: Section) -> list[str]:
    lines: list[str] = []
    if section.kind == "paragraph":
        for entry in section.entries:
            text = md_escape(entry.text, inline=False).replace("\n", "  \n")
            lines.append(text + _md_refs(entry.refs, entry.mark))
        return lines
    labels = _labels(section.entries) if section.kind == "fields" else []
    for i, entry in enumerate(section.entries, 1):
        if section.kind == "fields":
            lead = f"- **{labels[i - 1]}:** " if labels[i - 1] else "- "
        elif section.kind == "sources":
            lead = f"{i}. "
        else:
            lead = "- "
        lines.append(lead + md_escape(entry.text) + _md_refs(entry.refs, entry.mark))
        indent = " " * len(lead) if section.kind == "sources" else "  "
        lines += [f"{indent}- {md_escape(d)}" for d in entry.details]
    return lines


# ---------------------------------------------------------------- Rich, on a terminal


def print_rich(doc: Document, console: Console) -> None:
    def body(entry: Entry, *, inline: bool = True) -> Text:
        text = Text(clean(entry.text, inline=inline))
        if entry.refs:
            text.append(" " + refs_text(entry.refs, entry.mark), style="dim")
        for detail in entry.details:
            text.append("\n" + clean(detail), style="italic")
        return text

    console.print(Text(clean(doc.title), style="bold"))
    if doc.subtitle:
        console.print(Text(clean(doc.subtitle), style="dim"))
    for section in doc.sections:
        if not section.entries:
            continue
        console.print()
        if section.title:
            console.print(Text(section.title, style="bold underline"))
        if section.kind == "paragraph":
            for entry in section.entries:
                console.print(Padding(body(entry, inline=False), (0, 0, 0, 2)))
            continue
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold" if section.kind == "fields" else "dim", no_wrap=True)
        grid.add_column(overflow="fold")
        labels = _labels(section.entries) if section.kind == "fields" else []
        for i, entry in enumerate(section.entries, 1):
            if section.kind == "fields":
                lead = labels[i - 1]
            elif section.kind == "sources":
                lead = f"[{i}]"
            else:
                lead = "•"
            grid.add_row(Text(lead), body(entry))
        console.print(Padding(grid, (0, 0, 0, 0 if section.kind == "fields" else 2)))
