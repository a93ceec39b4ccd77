"""`--format html`: one self-contained page. Opened in headless Chromium (what a reader sees at
a desktop and a phone width, its links, its requests, its console) and parsed as HTML.

Without Chromium the browser tests fail under CI=true (`.ci/run` installs it) and are skipped,
saying why, elsewhere. Set AI_TRACKER_SCREENSHOTS=DIR to keep the screenshots and look at them.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image
from support import write_release
from support.browser import Browser, Seen, find_chromium

WEEK7_TITLE = "AI releases, week 2026-W07 (2026-02-09 to 2026-02-15)"
ARTICLE = "中国AI模型密集发布：阿里、字节、快手上演技术实力大阅兵"
EXTRA = """{
    svgs: document.querySelectorAll('figure svg').length,
    svgWidth: Math.round((document.querySelector('figure svg') || {getBoundingClientRect: () => ({width: 0})})
                         .getBoundingClientRect().width),
    anchors: [...document.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href'))
             .filter(h => !document.getElementById(h.slice(1))),
    headings: [...document.querySelectorAll('h2')].map(h => h.innerText),
}"""


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = find_chromium()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium not found: .ci/run installs Debian's chromium (or set AI_TRACKER_CHROMIUM)")
        pytest.skip("Chromium not found (apt-get install chromium, or set AI_TRACKER_CHROMIUM)")
    started = Browser(executable)
    yield started
    started.close()


def keep(seen: Seen, name: str, tmp_path: Path) -> Image.Image:
    """The screenshot as an image, kept in $AI_TRACKER_SCREENSHOTS when set."""
    folder = Path(os.environ.get("AI_TRACKER_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.png").write_bytes(seen.screenshot)
    return Image.open(io.BytesIO(seen.screenshot))


def write_page(cli, tmp_path: Path, *args: str) -> Path:
    result = cli(*args, "--format", "html")
    assert result.exit_code == 0, result
    path = tmp_path / "page.html"
    path.write_text(result.stdout, encoding="utf-8")
    return path


def test_the_week_of_the_article_at_desktop_and_phone_widths(cli, browser, tmp_path):
    page = write_page(cli, tmp_path, "digest", "--week", "2026-W07")
    for name, width, height, mobile in (("digest-desktop", 1280, 900, False), ("digest-phone", 390, 844, True)):
        seen = browser.open(page, width, height, mobile=mobile, extra=EXTRA)
        assert seen.console == [], seen.console  # no error, no blocked request, nothing logged
        assert seen.requests == [page.resolve().as_uri()]  # the page itself and nothing else
        assert seen.title == WEEK7_TITLE
        assert seen.dom["headings"] == ["Releases (7)", "Releases by region", "Market reactions", "Events",
                                        "Quotes", "Sources"]
        for words in ("GLM-5: Zhipu AI (China), released 2026-02-11", "MiniMax M2.5", ARTICLE,
                      "China 5, United States 0, Europe 0. This record: China 5, United States 2, Europe 0."):
            assert words in seen.text, words
        assert seen.scripts == 0
        assert seen.overflow <= 0, f"{name}: {seen.overflow}px wider than the window"
        assert seen.dom["svgs"] == 1 and 300 <= seen.dom["svgWidth"] <= width  # the chart, fitted to the screen
        assert seen.dom["anchors"] == []  # every [n] goes to its source
        external = [link["href"] for link in seen.links if not link["href"].startswith(page.resolve().as_uri())]
        assert external and all(h.startswith(("https://", "http://")) for h in external)
        assert any(link["text"] == "[1]" for link in seen.links)
        image = keep(seen, name, tmp_path)
        assert image.width == width and image.height >= height
        assert len(image.convert("RGB").resize((64, 64)).getcolors(4096) or []) > 20  # drawn, not a blank page


def test_the_page_prints(cli, browser, tmp_path):
    page = write_page(cli, tmp_path, "digest", "--week", "2026-W07")
    pdf = browser.print_pdf(page)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 2


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    write_release(d, "evil", name="<script>document.title='pwned'</script>Evil",
                  organization=[{"name": "<img src=x onerror=alert(1)>", "country": "CN"}],
                  released={"date": "2026-02-12", "source": "s1"},
                  summary="</li></ul><h2>Injected</h2><a href='javascript:alert(1)'>click</a>",
                  market_reaction=[{"company": "<b>Co</b>", "date": "2026-02-12", "change_percent": "5",
                                    "note": "<style>body{display:none}</style>", "source": "s1"}],
                  events=[{"date": "2026-02-13", "kind": "price-change", "note": "<iframe src=https://x.example>",
                           "source": "s1"}],
                  quotes=[{"speaker": "\"><svg onload=alert(1)>", "text": "</blockquote><h1>x</h1>",
                           "language": "zh", "source": "s1"}],
                  sources=[{"id": "s1", "title": "<a href=https://evil.example>t</a>", "url": "javascript:alert(1)"}])
    write_release(d, "good", name="Good", released={"date": "2026-01-05", "source": "s1"})
    return d


HOSTILE_TEXT = ["<script>document.title='pwned'</script>Evil", "<img src=x onerror=alert(1)>",
                "</li></ul><h2>Injected</h2><a href='javascript:alert(1)'>click</a>",
                "<style>body{display:none}</style>", "<iframe src=https://x.example>", "</blockquote><h1>x</h1>",
                "\"><svg onload=alert(1)>", "<a href=https://evil.example>t</a>, javascript:alert(1)"]


def test_hostile_text_is_shown_as_text_in_the_browser(cli, browser, hostile, tmp_path):
    page = write_page(cli, tmp_path, "digest", "--week", "2026-W07", "--data-dir", str(hostile))
    seen = browser.open(page, 1024, 800, extra=EXTRA)
    assert seen.console == [] and seen.requests == [page.resolve().as_uri()]
    assert seen.title.startswith("AI releases, week 2026-W07") and seen.scripts == 0
    assert seen.dom["headings"] == ["Releases (1)", "Releases by region", "Market reactions", "Events", "Quotes",
                                    "Sources"]
    for text in HOSTILE_TEXT:
        assert text in seen.text, text
    assert [link for link in seen.links if not link["href"].startswith(page.resolve().as_uri())] == []
    keep(seen, "digest-hostile", tmp_path)


class Tags(HTMLParser):
    """Every start tag with its attributes, as an HTML parser reads the page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(text: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(text)
    return parser.tags


@pytest.mark.parametrize("args", [["digest", "--week", "2026-W07"], ["show", "evil"], ["list"],
                                  ["weekly", "--by", "organization", "--week", "2026-W07"], ["compare", "evil", "good"]])
def test_no_markup_from_data_in_any_html_page(cli, hostile, tmp_path, args):
    result = cli(*args, "--data-dir", str(hostile), "--format", "html")
    assert result.exit_code == 0, result
    found = tags(result.stdout)
    names = {tag for tag, _ in found}
    assert not names & {"script", "img", "iframe", "object", "embed", "link", "base", "form"}
    assert sum(1 for tag, _ in found if tag == "h1") == 1  # the page's own title, no other
    assert all(not (attrs.get("href") or "").startswith("javascript") for _, attrs in found)
    assert not any(k.startswith("on") for _, attrs in found for k in attrs)
    shown = "&lt;img src=x onerror=alert(1)&gt;" if args[0] == "weekly" else (
        "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;Evil")
    assert shown in result.stdout


def test_control_characters_are_visible_escapes():
    from ai_tracker.output.html_page import esc, link

    assert esc("a\x1b[31m\u202e<b>") == "a\\x1b[31m\\u202e&lt;b&gt;"
    assert link("https://e.example/?a=1&b=\"2\"") == "https://e.example/?a=1&amp;b=&quot;2&quot;"  # not a link: a quote
    assert link("https://e.example/a?b=1&c=2") == ('<a href="https://e.example/a?b=1&amp;c=2" rel="noopener noreferrer">'
                                                    "https://e.example/a?b=1&amp;c=2</a>")


def test_weekly_html_has_the_table_and_its_chart(cli, tmp_path):
    result = cli("weekly", "--week", "2026-W07", "--by", "region", "--format", "html")
    assert result.exit_code == 0, result
    out = result.stdout
    assert out.startswith("<!DOCTYPE html>") and out.count("<svg") == 1
    assert "<th class=\"num\" scope=\"col\">China</th>" in out and "<td class=\"num\">5</td>" in out
    assert "Reported by " + ARTICLE in out  # the note under the table, and in the chart
    assert "<!DOCTYPE svg" not in out and "<?xml" not in out  # the SVG's external DTD is not kept


def test_without_matplotlib_the_page_stands_and_says_how_to_get_the_chart(cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.delitem(sys.modules, "ai_tracker.output.chart", raising=False)
    result = cli("digest", "--week", "2026-W07", "--format", "html")
    assert result.exit_code == 0, result
    assert "<svg" not in result.stdout
    assert "The chart needs matplotlib: pip install &#x27;ai-tracker[charts]&#x27;." in result.stdout
    assert result.stderr == "warning: the chart needs matplotlib: pip install 'ai-tracker[charts]'\n"
