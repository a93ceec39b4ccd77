"""`export --format atom` and `--format ics`: read back with libraries that did not write them
(feedparser for Atom, `ical` for iCalendar, which the `icalendar` writer has nothing in common with)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import feedparser
import pytest
from ical.calendar_stream import IcsCalendarStream
from support import minimal, rel, write_release

from ai_tracker.interchange import feeds

HOSTILE = "<script>alert('x')</script> & <b>bold</b> ]]> &amp; 智谱"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    write_release(folder, "glm-5", minimal(
        "GLM-5", organization=[{"name": "Zhipu AI", "country": "CN"}],
        released={"date": "2026-02-11", "source": "s1"}, summary="Open model; code and agents.",
        categories=["language", "coding"],
        events=[{"date": "2026-02-12..2026-02-14", "kind": "reported", "note": "The article's window.",
                 "source": "s2"}],
        sources=[{"id": "s1", "title": "Zhipu's blog", "url": "https://z.ai/blog/glm-5"},
                 {"id": "s2", "title": "An article", "url": "https://example.com/article", "date": "2026-02"}]))
    write_release(folder, "kling-2-6", minimal(
        "Kling 2.6", organization=[{"name": "Kuaishou", "country": "CN"}],
        released={"date": "2025-12", "source": "s1"}, categories=["video-generation"]))
    write_release(folder, "gpt-5", minimal(
        "GPT-5", organization=[{"name": "OpenAI", "country": "US"}],
        released={"date": "2025-08-07", "source": "s1"},
        sources=[{"id": "s1", "title": "OpenAI", "url": "https://openai.com/index/introducing-gpt-5/"}]))
    write_release(folder, "hostile", minimal(
        HOSTILE, organization=[{"name": "<i>Lab</i>", "country": "FR"}],
        released={"date": "2026-01-05", "source": "s1"}, summary=f"Summary {HOSTILE}",
        sources=[{"id": "s1", "title": f"<a href='javascript:alert(1)'>{HOSTILE}</a>",
                  "url": "javascript:alert(1)"}]))
    return folder


def atom(cli, data: Path, *options: str):
    result = cli("export", "--data-dir", str(data), "--format", "atom", *options)
    assert result.exit_code == 0, result
    parsed = feedparser.parse(result.stdout)
    assert not parsed.bozo, parsed.bozo_exception  # well-formed XML, as feedparser checks it
    assert parsed.version == "atom10"
    return parsed, result.stdout


def test_atom_feed_of_releases_newest_first_with_sources_as_links(cli, data):
    feed, _ = atom(cli, data)
    assert [e.title for e in feed.entries] == ["GLM-5", HOSTILE, "Kling 2.6", "GPT-5"]
    glm = feed.entries[0]
    assert glm.id == "urn:ai-tracker:release:glm-5"
    assert glm.published_parsed[:3] == (2026, 2, 11)
    assert [(link.rel, link.href) for link in glm.links] == [
        ("alternate", "https://z.ai/blog/glm-5"), ("related", "https://example.com/article")]
    assert glm.link == "https://z.ai/blog/glm-5"
    assert glm.summary.startswith("GLM-5: Zhipu AI (China), released 2026-02-11. Open model; code and agents.")
    assert [t.term for t in glm.tags] == ["language", "coding"]
    assert glm.author == "Zhipu AI"
    # A month-only date is said to be one, never shown as the first of the month alone.
    assert "released 2025-12 (month only)" in feed.entries[2].summary
    assert feed.feed.updated_parsed[:3] == (2026, 2, 11)


def test_filters_apply_a_feed_of_chinese_releases(cli, data):
    feed, _ = atom(cli, data, "--country", "CN")
    assert [e.title for e in feed.entries] == ["GLM-5", "Kling 2.6"]
    assert feed.feed.title == "AI model releases (country CN)"  # a reader may hold several such feeds
    feed, _ = atom(cli, data, "--since", "2026-01")
    assert [e.title for e in feed.entries] == ["GLM-5", HOSTILE]


def test_atom_shows_markup_as_text_and_links_only_the_web(cli, data):
    feed, raw = atom(cli, data)
    entry = feed.entries[1]
    assert entry.title == HOSTILE  # the exact text, not markup: type="text" and escaped
    assert entry.title_detail.type == "text/plain"
    assert entry.summary == f"{HOSTILE}: <i>Lab</i> (France), released 2026-01-05. Summary {HOSTILE}. Categories: language."
    assert entry.get("links", []) == []  # javascript: is never a link
    assert "javascript:alert(1)" in entry.content[0].value  # still shown, as text
    assert "<script>" not in raw and "&lt;script&gt;" in raw


def test_control_characters_never_reach_the_xml():
    # Files refuse them; a release made in memory (an importer, a future reader) must not break the feed.
    release = rel("evil", "2026-02-12", ("Lab\x1b[31m", "US"), summary="bell\x07 \u202eoverride")
    out = io.StringIO()
    feeds.write_atom([release], out)
    parsed = feedparser.parse(out.getvalue())
    assert not parsed.bozo
    entry = parsed.entries[0]
    assert "Lab\\x1b[31m" in entry.summary and "bell\\x07 \\u202eoverride" in entry.summary
    assert not any(ord(c) < 0x20 and c not in "\n\t" or c == "\u202e" for c in out.getvalue())


def calendar(cli, data: Path, *options: str):
    result = cli("export", "--data-dir", str(data), "--format", "ics", *options)
    assert result.exit_code == 0, result
    return IcsCalendarStream.calendar_from_ics(result.stdout), result.stdout


def test_ics_an_all_day_event_per_release_and_per_dated_event(cli, data):
    cal, _ = calendar(cli, data)
    events = {e.uid: e for e in cal.events}
    assert set(events) == {"release-glm-5@ai-tracker", "release-glm-5-event-1@ai-tracker",
                           "release-kling-2-6@ai-tracker", "release-gpt-5@ai-tracker",
                           "release-hostile@ai-tracker"}
    glm = events["release-glm-5@ai-tracker"]
    assert (glm.dtstart, glm.dtend) == (dt.date(2026, 2, 11), dt.date(2026, 2, 12))
    assert glm.summary == "GLM-5 released (Zhipu AI)"
    assert glm.url == "https://z.ai/blog/glm-5"
    assert glm.categories == ["language", "coding"]
    # A window is an all-day span over all of it; DTEND is the day after.
    window = events["release-glm-5-event-1@ai-tracker"]
    assert (window.dtstart, window.dtend) == (dt.date(2026, 2, 12), dt.date(2026, 2, 15))
    assert window.summary == "GLM-5: reported"
    assert window.description.startswith("The article's window. (about GLM-5, released 2026-02-11).")
    assert "Source: An article, https://example.com/article" in window.description
    # A month-only date spans the month and says so.
    kling = events["release-kling-2-6@ai-tracker"]
    assert (kling.dtstart, kling.dtend) == (dt.date(2025, 12, 1), dt.date(2026, 1, 1))
    assert "2025-12 (month only)" in kling.description


def test_ics_filters_apply_and_text_stays_text(cli, data):
    cal, raw = calendar(cli, data, "--country", "US", "--since", "2025")
    assert "X-WR-CALNAME:AI model releases (country US; since 2025-01-01)" in raw.replace("\\;", ";")
    assert [e.summary for e in cal.events] == ["GPT-5 released (OpenAI)"]
    cal, raw = calendar(cli, data, "--country", "FR")
    (event,) = cal.events
    assert event.summary == f"{HOSTILE} released (<i>Lab</i>)"
    assert event.url is None  # javascript: is not a URL a calendar may open
    assert "javascript:" not in raw.split("DESCRIPTION")[0]


def test_ics_control_characters_escaped():
    release = rel("evil", "2026-02-12", ("Lab\x1b[31m", "US"), summary="bell\x07 \u202eoverride")
    out = io.StringIO()
    feeds.write_ics([release], out)
    (event,) = IcsCalendarStream.calendar_from_ics(out.getvalue()).events
    assert "Lab\\x1b[31m" in event.summary and "bell\\x07 \\u202eoverride" in event.description
    assert "\x1b" not in out.getvalue() and "\u202e" not in out.getvalue()


def test_feed_files_by_suffix_and_never_over_a_file_without_force(cli, data, tmp_path):
    out = tmp_path / "releases.atom"
    result = cli("export", "--data-dir", str(data), "--out", str(out))
    assert result.exit_code == 0, result
    assert feedparser.parse(out.read_text(encoding="utf-8")).version == "atom10"
    ics = tmp_path / "releases.ics"
    assert cli("export", "--data-dir", str(data), "--out", str(ics)).exit_code == 0
    assert ics.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    again = cli("export", "--data-dir", str(data), "--out", str(ics), "--country", "US")
    assert again.exit_code == 2 and "exists; use --force" in again.stderr
    assert len(IcsCalendarStream.calendar_from_ics(ics.read_text(encoding="utf-8")).events) == 5


@pytest.mark.parametrize("fmt", ["atom", "ics", "csv", "sqlite"])
def test_a_file_made_meanwhile_by_another_process_is_not_replaced(tmp_path, fmt):
    from ai_tracker.errors import DataError
    from ai_tracker.interchange import export

    out = tmp_path / f"out.{fmt}"
    export.check_out(str(out), export.ExportFormat(fmt), force=False)  # free when the command looked
    out.write_text("theirs", encoding="utf-8")  # another process, before the export is written
    with pytest.raises(DataError, match="already exists"):
        export.export_to_file([rel("a", "2026-02-12")], export.ExportFormat(fmt), out)
    assert out.read_text(encoding="utf-8") == "theirs"
    export.export_to_file([rel("a", "2026-02-12")], export.ExportFormat(fmt), out, force=True)
    assert out.read_bytes() != b"theirs"


@pytest.mark.parametrize("which", ["bundled", "fixture"])
def test_feeds_written_entry_by_entry_are_what_the_libraries_write_whole(cli, data, tmp_path, which):
    """Atom and iCalendar are written one entry or event at a time (a whole tree of
    100,000 took gigabytes): the text must be what ElementTree and icalendar write for
    the whole document, namespace, indentation and line ends included."""
    import xml.etree.ElementTree as ET

    import icalendar

    where = [] if which == "bundled" else ["-d", str(data)]
    text = cli("export", *where, "-f", "atom").stdout
    root = ET.fromstring(text.encode("utf-8"))
    assert len(root.findall(f"{{{feeds.ATOM}}}entry")) >= 4
    ET.register_namespace("", feeds.ATOM)
    ET.indent(root)
    assert text == '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    assert cli("export", *where, "--out", str(tmp_path / "x.ics")).exit_code == 0
    text = (tmp_path / "x.ics").read_bytes().decode("utf-8")  # the runner's stdout makes CRLF LF
    whole = icalendar.Calendar.from_ical(text)
    assert len(whole.walk("VEVENT")) >= 5
    assert text == whole.to_ical().decode("utf-8")


NOT_XML = "\ufffe\uffff\x01"  # XML 1.0 cannot hold these, even as character references


@pytest.mark.parametrize("cleaned", [True, False], ids=["as-written", "clean-bypassed"])
def test_characters_xml_forbids_never_reach_the_feed(monkeypatch, cleaned):
    """U+FFFE and U+FFFF (refused in files) in a release made in memory: the feed still
    parses, the characters shown as escapes; and so it does if `clean` let them through,
    since the writer's last pass (`xml_safe`) escapes what XML cannot hold."""
    import xml.etree.ElementTree as ET

    if not cleaned:
        monkeypatch.setattr(feeds, "clean", lambda text, **_: "" if text is None else str(text))
    release = rel("odd", "2026-02-12", ("Lab", "US"), summary=f"odd{NOT_XML}text")
    out = io.StringIO()
    feeds.write_atom([release], out)
    ET.fromstring(out.getvalue().encode("utf-8"))  # raises on a character XML forbids
    entry = feedparser.parse(out.getvalue()).entries[0]
    assert "odd\\ufffe\\uffff\\x01text" in entry.summary
