"""Markdown output: data is text in every header, cell and note, never markup."""

from __future__ import annotations

from markdown_it import MarkdownIt  # installed with rich
from support import write_release

EVIL = "Org|Pipe <b>x</b> *y*"


def test_headers_cells_and_notes_are_escaped(cli, tmp_path):
    data = tmp_path / "d"
    write_release(data, "a", name="A <i>b</i>", organization=[{"name": EVIL, "country": "US"}])
    counts = cli("counts", "--by", "organization", "--per", "year", "--data-dir", str(data), "--format", "markdown")
    listing = cli("list", "--data-dir", str(data), "--format", "markdown")
    for out in (counts.stdout, listing.stdout):
        html = MarkdownIt("commonmark").enable("table").render(out)
        assert "<b>" not in html and "<em>" not in html and "<i>" not in html
        assert "Org|Pipe &lt;b&gt;x&lt;/b&gt; *y*" in html  # one cell, shown as written
    header = counts.stdout.splitlines()[2]
    assert header.replace("\\|", "").count("|") == 7  # six columns: the escaped pipe adds none
