"""`weekly`/`counts --chart FILE`: a bar chart in SVG or PNG, read back as a reader would see it
(the SVG's text, the PNG's pixels), never over a file without --force."""

from __future__ import annotations

import io
import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from support import write_release

from ai_tracker.errors import DataError
from ai_tracker.files import atomic

SVG = "{http://www.w3.org/2000/svg}"
TALLY_TITLE = "中国AI模型密集发布：阿里、字节、快手上演技术实力大阅兵"


def svg_texts(path: Path) -> list[str]:
    """Every piece of text in the SVG, as a browser would show it (text kept as text)."""
    root = ET.parse(path).getroot()
    return ["".join(t.itertext()).replace("\u00a0", " ").strip() for t in root.iter(f"{SVG}text")]


def test_the_bundled_weeks_by_region_as_svg_with_the_reported_tally(cli, tmp_path):
    out = tmp_path / "region.svg"
    result = cli("weekly", "--since", "2025-01-01", "--by", "region", "--chart", str(out))
    assert result.exit_code == 0, result
    assert f"wrote the chart to {out}" in result.stderr
    assert result.stdout.startswith("Releases per week by region, 2025-W01 to ")  # the table still prints
    texts = svg_texts(out)
    assert any(t.startswith("Releases per week by region, 2025-W01 to") for t in texts)
    for label in ("China", "United States", "Europe", "Rest of world", "2025-W05", "Releases"):
        assert label in texts
    # The article's tally, in its own words and script, over its week's bar.
    assert f"Reported by {TALLY_TITLE}:" in texts
    assert "China 5, United States 0, Europe 0" in texts
    # Approximate counts are marked (the bundled data has some month-only dates since 2025).
    assert "approximate (date spans more than one week)" in texts
    assert any(t.startswith("Approximate: ") and "(hatched)" in t for t in texts)


def test_png_by_extension_with_chinese_glyphs(cli, tmp_path):
    from ai_tracker.output import chart

    if chart.cjk_family() is None:
        if os.environ.get("CI"):
            pytest.fail("no CJK font installed: .ci/run installs fonts-noto-cjk")
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    out = tmp_path / "week.png"
    result = cli("weekly", "--week", "2026-W07", "--by", "region", "--chart", str(out))
    assert result.exit_code == 0, result
    assert "warning" not in result.stderr  # no glyph missing: the CJK font drew the title
    image = Image.open(out)
    assert image.format == "PNG" and image.width > 600 and image.height > 400


def test_png_without_a_cjk_font_says_so_in_one_line(cli, tmp_path, monkeypatch):
    from ai_tracker.output import chart

    monkeypatch.setattr(chart, "cjk_family", lambda: None)
    out = tmp_path / "week.png"
    result = cli("weekly", "--week", "2026-W07", "--by", "region", "--chart", str(out))
    assert result.exit_code == 0, result
    assert f"warning: {chart.CJK_HINT}" in result.stderr
    assert "UserWarning" not in result.stderr and "Glyph" not in result.stderr
    assert out.exists()


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    write_release(d, "a", name="A", organization=[{"name": "<script>alert(1)</script> $x^2$ & Co", "country": "CN"}],
                  released={"date": "2026-02-12", "source": "s1"})
    write_release(d, "b", name="B", organization=[{"name": "智谱 </text><script>x</script>", "country": "CN"}],
                  released={"date": "2026-02", "source": "s1"})
    return d


def test_hostile_names_are_text_in_the_svg(cli, hostile, tmp_path):
    out = tmp_path / "orgs.svg"
    result = cli("counts", "--data-dir", str(hostile), "--by", "organization", "--bars", "grouped",
                 "--chart", str(out))
    assert result.exit_code == 0, result
    texts = svg_texts(out)
    assert "<script>alert(1)</script> $x^2$ & Co" in texts  # markup and mathtext shown as typed
    assert "智谱 </text><script>x</script>" in texts
    root = ET.parse(out).getroot()
    assert not list(root.iter(f"{SVG}script")) and "<script" not in out.read_text(encoding="utf-8")
    assert "approximate (date spans more than one week)" in texts  # the month-only date


def test_an_existing_file_needs_force_and_is_kept_without_it(cli, hostile, tmp_path):
    out = tmp_path / "chart.svg"
    out.write_text("mine", encoding="utf-8")
    result = cli("weekly", "--data-dir", str(hostile), "--chart", str(out))
    assert result.exit_code == 2
    assert result.stderr == f"error: --chart: '{out}' exists; use --force to overwrite it\n"
    assert result.stdout == ""  # stopped before any work
    assert out.read_text(encoding="utf-8") == "mine"
    result = cli("weekly", "--data-dir", str(hostile), "--chart", str(out), "--force")
    assert result.exit_code == 0, result
    assert out.read_text(encoding="utf-8").startswith("<?xml")


@pytest.mark.parametrize("name, message", [
    ("chart.pdf", "error: --chart: cannot tell the chart's format from '{out}'; give a file name ending in .svg or .png"),
    ("", "error: --chart: give a file name ending in .svg or .png"),
    ("folder.svg", "error: --chart: '{out}' is a folder; give a file name"),
    ("missing/chart.svg", "error: --chart: folder '{parent}' does not exist"),
])
def test_bad_chart_names(cli, hostile, tmp_path, name, message):
    (tmp_path / "folder.svg").mkdir()
    out = str(tmp_path / name) if name else ""
    result = cli("weekly", "--data-dir", str(hostile), "--chart", out)
    assert result.exit_code == 2
    assert result.stderr == message.format(out=out, parent=Path(out).parent) + "\n"


def test_a_file_made_meanwhile_by_another_process_is_not_replaced(tmp_path):
    out = tmp_path / "chart.svg"
    target = atomic.check_new_output(out, force=False, field="chart")
    out.write_text("theirs", encoding="utf-8")  # another process, between the check and the write
    with pytest.raises(DataError, match="already exists"):
        atomic.write_output(target, b"<svg/>", force=False)
    assert out.read_text(encoding="utf-8") == "theirs"
    atomic.write_output(target, b"<svg/>", force=True)
    assert out.read_bytes() == b"<svg/>"


def test_without_matplotlib_the_command_says_how_to_install_it(cli, hostile, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now fails as if not installed
    monkeypatch.delitem(sys.modules, "ai_tracker.output.chart", raising=False)
    out = tmp_path / "chart.svg"
    result = cli("weekly", "--data-dir", str(hostile), "--chart", str(out))
    assert result.exit_code == 1
    assert result.stderr == "error: charts need matplotlib: pip install 'ai-tracker[charts]'\n"
    assert not out.exists()


def test_series_split_exact_and_approximate_and_fold_many_groups_into_other():
    from support import rel

    from ai_tracker.analysis.counting import By, count
    from ai_tracker.output import chart

    releases = [rel(f"r{i}", "2026-02-12", (f"Lab {i:02d}", "US")) for i in range(12)]
    releases += [rel("m", "2026-02", ("Lab 00", "US"))]  # a month-only date: approximate in a week count
    counts = count(releases, by=By.organization, since=None)
    lines = chart.series(counts)
    assert len(lines) == chart.MAX_SERIES
    assert lines[-1].name == "Other (3 more)"
    assert sum(sum(s.exact) + sum(s.approximate) for s in lines) == 13  # nothing lost, nothing added
    lab0 = next(s for s in lines if s.name == "Lab 00")
    assert sum(lab0.approximate) == 1
    drawn = chart.draw(counts, fmt="png")
    assert Image.open(io.BytesIO(drawn.data)).format == "PNG"


def test_control_characters_in_names_are_visible_escapes_in_the_svg(tmp_path):
    from support import rel

    from ai_tracker.analysis.counting import By, count
    from ai_tracker.output import chart

    # Files refuse these; a release made in memory (an importer) must still not put them in a chart.
    releases = [rel("a", "2026-02-12", ("Lab\x1b[31m\u202eevil", "US"), stored=True)]
    drawn = chart.draw(count(releases, by=By.organization), fmt="svg")
    out = tmp_path / "c.svg"
    out.write_bytes(drawn.data)
    assert "Lab\\x1b[31m\\u202eevil" in svg_texts(out)
    assert b"\x1b" not in drawn.data and "\u202e".encode() not in drawn.data


def test_matplotlib_and_icalendar_load_only_for_their_outputs(tmp_path):
    import subprocess

    script = """
import sys
from typer.testing import CliRunner
from ai_tracker.cli.app import app
for args in (["weekly", "--week", "2026-W07"], ["digest", "--format", "markdown"], ["export", "--format", "atom"]):
    assert CliRunner().invoke(app, args).exit_code == 0, args
print("matplotlib" in sys.modules, "icalendar" in sys.modules)
CliRunner().invoke(app, ["weekly", "--chart", sys.argv[1]])
CliRunner().invoke(app, ["export", "--format", "ics"])
print("matplotlib" in sys.modules, "icalendar" in sys.modules)
"""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("AI_TRACKER_DATA", None)
    done = subprocess.run([sys.executable, "-I", "-c", script, str(tmp_path / "c.svg")], capture_output=True,
                          text=True, env=env, check=True)
    assert done.stdout.split("\n")[:2] == ["False False", "True True"]


@pytest.mark.parametrize("cleaned", [True, False], ids=["as-written", "clean-bypassed"])
def test_characters_xml_forbids_never_reach_the_svg(tmp_path, monkeypatch, cleaned):
    """U+FFFE and U+FFFF in a name (refused in files; a release made in memory): the SVG,
    which the HTML pages inline, still parses, with escapes; and so it does if `clean`
    let them through (the chart's last pass, `xml_safe`)."""
    from support import rel

    from ai_tracker.analysis.counting import By, count
    from ai_tracker.output import chart

    if not cleaned:
        monkeypatch.setattr(chart, "clean", lambda text, **_: str(text))
    releases = [rel("a", "2026-02-12", ("Lab\ufffe\uffffodd", "US"))]
    drawn = chart.draw(count(releases, by=By.organization), fmt="svg")
    out = tmp_path / "c.svg"
    out.write_bytes(drawn.data)
    assert "Lab\\ufffe\\uffffodd" in svg_texts(out)  # svg_texts parses the file
