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
    # seven columns (2026 is partial: the Coverage column shows): the escaped pipe adds none
    assert header.replace("\\|", "").count("|") == 8


def test_entities_and_math_in_data_stay_text():
    """`&amp;` must not render as `&`, nor `$x$` as math (GitHub): CommonMark reads both
    back as the characters the file holds."""
    import html as html_mod

    from ai_tracker.text import md_escape

    for text in ("G <b>&amp; co", "costs $5 and $x^2$", "&#x41; &copy;"):
        rendered = MarkdownIt("commonmark").render(md_escape(text)).strip()
        assert rendered == f"<p>{html_mod.escape(text, quote=False)}</p>", (text, rendered)
        assert "\\$" in md_escape(text) or "$" not in text  # GitHub's math needs the $ escaped
