"""`ai-tracker show`: one release whole, in every format, every fact visible."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from support import REPO, write_release
from support.samples import org, released, write_sample

from ai_tracker.collection.catalog import load
from ai_tracker.collection.folders import DataDir
from ai_tracker.model import schema


def full_release() -> dict:
    """A release using every field of the schema at least once."""
    return {
        "name": "Qwen Test 3",
        "aliases": ["通义千问测试3", "QT3"],
        "organization": [
            {"name": "Alibaba Cloud", "country": "CN", "aliases": ["阿里云"], "parent": "Alibaba Group"},
            {"name": "Partner Lab", "country": ["SG", "GB"]},
        ],
        "released": {"date": "2026-02-12..2026-02-14", "source": "news", "note": "Only a window is known."},
        "events": [
            {"date": "2026-03-01", "kind": "open-weights", "note": "Weights published.", "source": "blog"},
            {"date": "2026-01", "kind": "announced", "note": "Teased at a conference.", "source": "news"},
            {"date": "2026-02-12..2026-02-14", "kind": "released", "note": "Public launch.", "source": "news"},
        ],
        "categories": ["language", "reasoning"],
        "modalities": {"input": ["text", "image"], "output": ["text"]},
        "open_weights": "true",
        "license": "Apache-2.0",
        "access": ["open-weights", "api"],
        "pricing": {"model": "pay-per-use", "note": "US$0.40 per million input tokens", "source": "blog"},
        "predecessor": "qwen-test-2",
        "summary": "A test model.\nIt has a second paragraph line.",
        "highlights": [{"text": "Thinks before it answers.", "source": "blog"}],
        "specs": {
            "context_window": {"value": "262144", "unit": "tokens", "source": "blog"},
            "parameters": {"value": "235", "unit": "B", "approximate": "true", "note": "MoE, 22B active",
                           "source": "blog"},
        },
        "benchmarks": [{"name": "AIME 2025", "score": "81.5", "unit": "%", "claimed_by": "vendor",
                        "note": "pass@1", "source": "blog"}],
        "claims": [
            {"text": "Better than its predecessor at maths.", "about": "qwen-test-2", "relation": "beats",
             "claimed_by": "vendor", "who": "Alibaba Cloud", "source": "blog"},
            {"text": "Among the best open models.", "relation": "contrast", "claimed_by": "press",
             "note": "The paper's own view.", "source": "news"},
        ],
        "market_reaction": [{"company": "Alibaba Group", "listing": "HKEX", "date": "2026-02-13",
                             "change_percent": "-2.5", "market_cap_change_usd": "-4200000000",
                             "note": "A down day for the whole market.", "source": "news"}],
        "quotes": [{"speaker": "Jane Doe", "role": "Head of research", "text": "我们做到了。", "language": "zh",
                    "translation": "We did it.", "note": "At the launch event.", "source": "news"}],
        "community": [{"metric": "Hugging Face downloads", "value": "120000", "period": "first month",
                       "note": "All sizes together.", "source": "blog"}],
        "sources": [
            {"id": "news", "title": "A news report", "publisher": "Some Paper", "date": "2026-02",
             "note": "In Chinese."},
            {"id": "blog", "title": "The launch blog", "url": "https://example.com/qwen-test-3"},
            {"id": "unused", "title": "Background reading"},
        ],
    }


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "d"
    write_release(folder, "qwen-test-3", full_release())
    write_release(folder, "qwen-test-2", name="Qwen Test 2", organization=org("Alibaba Cloud", "CN"),
                  released=released("2025-07"))
    write_release(folder, "qwen-test-4", name="Qwen Test 4", organization=org("Alibaba Cloud", "CN"),
                  released=released("2026-06-01"), predecessor="qwen-test-3")
    write_release(folder, "rival", name="Rival", released=released("2026-03-01"), claims=[
        {"text": "Faster than Qwen Test 3.", "about": "qwen-test-3", "relation": "beats",
         "claimed_by": "vendor", "who": "Rival Inc", "source": "s1"}])
    return str(folder)


def show(cli, *args):
    result = cli("show", *args)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    return result.stdout


EXPECTED_PLAIN = """\
Qwen Test 3
===========
id: qwen-test-3 · also known as: 通义千问测试3, QT3

Organization  Alibaba Cloud — China (CN)
              also known as: 阿里云
              part of: Alibaba Group
              Partner Lab — Singapore (SG); United Kingdom (GB)
Released      2026-02-12..2026-02-14 (some day in this window) [1]
              Only a window is known.
Categories    language, reasoning
Input         text, image
Output        text
Open weights  yes
License       Apache-2.0
Access        open-weights, api
Pricing       pay-per-use [2]
              US$0.40 per million input tokens
Predecessor   Qwen Test 2 (qwen-test-2)

Summary
-------
A test model.
It has a second paragraph line.

Highlights
----------
- Thinks before it answers. [2]

Specs
-----
- Context window: 262,144 tokens [2]
- Parameters: about 235 B [2]
  MoE, 22B active

Benchmarks
----------
- AIME 2025: 81.5%, claimed by vendor [2]
  pass@1

Claims
------
- Better than its predecessor at maths. [2]
  claimed by Alibaba Cloud (vendor)
  about: beats Qwen Test 2 (qwen-test-2)
- Among the best open models. [1]
  claimed by the press
  relation: contrast
  The paper's own view.

Market reaction
---------------
- Alibaba Group (HKEX): -2.5%, -US$4.2 billion market value, 2026-02-13 [1]
  A down day for the whole market.

Events
------
- 2026-01 (month only) — announced: Teased at a conference. [1]
- 2026-02-12..2026-02-14 (some day in this window) — released: Public launch. [1]
- 2026-03-01 — open-weights: Weights published. [2]

Quotes
------
- “我们做到了。” [1]
  — Jane Doe, Head of research (in zh)
  translation: “We did it.”
  At the launch event.

Community
---------
- Hugging Face downloads: 120,000 (first month) [2]
  All sizes together.

Related releases
----------------
- predecessor: Qwen Test 2 (qwen-test-2)
- successor: Qwen Test 4 (qwen-test-4), released 2026-06-01
- named in a claim of Rival (rival) (beats): “Faster than Qwen Test 3.”
  claimed by Rival Inc (vendor)
- named in this release's claims: Qwen Test 2 (qwen-test-2)

Sources
-------
[1] A news report
    Some Paper, 2026-02 (month only)
    In Chinese.
    id: news
[2] The launch blog
    https://example.com/qwen-test-3
    id: blog
[3] Background reading
    id: unused
"""


def test_plain_document(cli, data):
    assert show(cli, "qwen test 3", "--data-dir", data) == EXPECTED_PLAIN


def test_chinese_alias_and_explicit_plain(cli, data):
    assert show(cli, "通义千问测试3", "--data-dir", data, "--format", "plain") == EXPECTED_PLAIN


def test_a_minimal_release(cli, tmp_path):
    write_release(tmp_path / "d", "tiny", name="Tiny")
    assert show(cli, "tiny", "--data-dir", str(tmp_path / "d")) == (
        "Tiny\n====\nid: tiny\n\n"
        "Organization  Test Lab — United States (US)\n"
        "Released      2026-02-12 [1]\n"
        "Categories    language\n\n"
        "Sources\n-------\n[1] A test source\n    id: s1\n")


def string_values(data):
    """Every string in a record (dict keys are labels, not values)."""
    if isinstance(data, dict):
        return [s for v in data.values() for s in string_values(v)]
    if isinstance(data, list):
        return [s for v in data for s in string_values(v)]
    return [data] if isinstance(data, str) else []


def squash(text: str) -> str:
    return " ".join(text.split())


def assert_every_string_shown(release, output):
    shown = squash(output)
    missing = [v for v in string_values(schema.record(release)) if squash(v) not in shown]
    assert not missing, f"{release.id}: not shown: {missing}"


def test_every_value_of_a_full_release_is_shown(cli, data):
    catalog = load(DataDir(Path(data), "option"))
    assert_every_string_shown(catalog.get("qwen-test-3"), show(cli, "qwen-test-3", "--data-dir", data))


def test_every_bundled_release_shows_every_value(cli):
    catalog = load(DataDir(REPO / "releases", "bundled"))
    assert catalog.problems == []
    for release in catalog.releases:
        output = show(cli, release.id)
        assert_every_string_shown(release, output)
        for number in range(1, len(release.sources) + 1):
            assert f"[{number}] " in output  # each source listed with its number


def test_every_bundled_release_in_markdown_and_on_a_terminal(cli, monkeypatch):
    catalog = load(DataDir(REPO / "releases", "bundled"))
    for release in catalog.releases:
        assert show(cli, release.id, "--format", "markdown").startswith("# ")
    monkeypatch.setenv("FORCE_COLOR", "1")
    for release in catalog.releases:
        assert "Sources" in show(cli, release.id)


def test_json_is_the_record(cli, data):
    catalog = load(DataDir(Path(data), "option"))
    out = show(cli, "QT3", "--data-dir", data, "--format", "json")
    assert json.loads(out) == schema.record(catalog.get("qwen-test-3"))


def test_yaml_is_the_record(cli, data):
    catalog = load(DataDir(Path(data), "option"))
    out = show(cli, "QT3", "--data-dir", data, "--format", "yaml")
    assert yaml.safe_load(out) == schema.record(catalog.get("qwen-test-3"))
    assert out.startswith("id: qwen-test-3\nname: Qwen Test 3\n")


def test_csv_is_one_row_per_field(cli, data):
    out = show(cli, "QT3", "--data-dir", data, "--format", "csv").splitlines()
    assert out[:4] == ["field,value", "id,qwen-test-3", "name,Qwen Test 3", "aliases[0],通义千问测试3"]
    assert "claims[0].about,qwen-test-2" in out
    assert "specs.parameters.approximate,true" in out


def test_markdown_document(cli, data):
    out = show(cli, "QT3", "--data-dir", data, "--format", "markdown")
    lines = out.splitlines()
    assert lines[:4] == ["# Qwen Test 3", "", "id: qwen-test-3 · also known as: 通义千问测试3, QT3", ""]
    assert "- **Released:** 2026-02-12..2026-02-14 (some day in this window) [1]" in lines
    assert "## Quotes" in lines
    assert "- “我们做到了。” [1]" in lines
    assert "  - translation: “We did it.”" in lines
    assert "1. A news report" in lines
    assert "2. The launch blog" in lines


def test_rich_layout_on_a_terminal(cli, data, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = re.sub(r"\x1b\[[0-9;]*m", "", show(cli, "QT3", "--data-dir", data))
    assert out.startswith("Qwen Test 3\nid: qwen-test-3")
    assert "Organization Alibaba Cloud — China (CN)" in out
    assert "• Thinks before it answers. [2]" in out
    assert "[3] Background reading" in out


def test_unknown_release_exit_2(cli, data):
    result = cli("show", "qwen test 9", "--data-dir", data)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == ("error: no release matches 'qwen test 9'; "
                             "did you mean Qwen Test 4, Qwen Test 3, Qwen Test 2?\n")


def test_ambiguous_release_exit_2(cli, data):
    result = cli("show", "qwen", "--data-dir", data)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("error: no release is named 'qwen'; it is part of the names of 3: Qwen Test 4 "
                             "(qwen-test-4, 2026-06-01), Qwen Test 3 (qwen-test-3, 2026-02-12..2026-02-14), "
                             "Qwen Test 2 (qwen-test-2, 2025-07); give the id or the whole name\n")


def test_related_lists_ids_of_the_sample(cli, tmp_path):
    out = show(cli, "kling 2.6", "--data-dir", str(write_sample(tmp_path / "d")))
    assert "- predecessor: Kling 1.0 (kling-1-0)\n- successor: Kling 3.0 (kling-3-0), released 2026-02-04\n" in out


# ---------------------------------------------------------------- untrusted text


@pytest.fixture
def hostile(tmp_path):
    folder = tmp_path / "h"
    write_release(folder, "red", name="[red]x[/red]", summary="[bold]not bold[/bold] *x* <b>y</b>\n# no heading")
    (folder / "esc.yaml").write_text(
        'name: "foo[/bar]"\norganization: [{name: Lab, country: US}]\n'
        "released: {date: 2026-02-12, source: s1}\ncategories: [language]\n"
        'quotes: [{speaker: "Eve [/]", text: "hi [red]RED[/red]", language: en, source: s1}]\n'
        "sources: [{id: s1, title: t}]\n", encoding="utf-8")
    return str(folder)


def test_hostile_text_plain(cli, hostile):
    out = show(cli, "red", "--data-dir", hostile)
    assert out.startswith("[red]x[/red]\n")
    assert "[bold]not bold[/bold] *x* <b>y</b>\n# no heading" in out
    out = show(cli, "foo[/bar]", "--data-dir", hostile)
    assert "- “hi [red]RED[/red]” [1]\n  — Eve [/] (in en)\n" in out


def test_hostile_text_on_a_terminal(cli, hostile, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = re.sub(r"\x1b\[[0-9;]*m", "", show(cli, "foo[/bar]", "--data-dir", hostile))
    assert out.startswith("foo[/bar]\n")
    assert "hi [red]RED[/red]" in out and "Eve [/]" in out
    red = re.sub(r"\x1b\[[0-9;]*m", "", show(cli, "red", "--data-dir", hostile))
    assert red.startswith("[red]x[/red]\n")
    assert "[bold]not bold[/bold]" in red


def test_hostile_text_markdown_renders_literally(cli, hostile):
    from markdown_it import MarkdownIt  # installed with rich

    out = show(cli, "red", "--data-dir", hostile, "--format", "markdown")
    html = MarkdownIt("commonmark").render(out)
    assert "<h1>[red]x[/red]</h1>" in html
    assert "[bold]not bold[/bold] *x* &lt;b&gt;y&lt;/b&gt;" in html
    assert "<em>" not in html and "<b>" not in html
    assert "<h1>no heading" not in html and "# no heading" in html


def test_show_reads_the_record_as_the_model_reads_it(monkeypatch):
    """`show` renders from the cached record (`Catalog.view`), never building a model: every
    bundled release (and the full sample below) must come out in every format exactly as
    the model made it, related releases included."""
    import io

    from rich.console import Console

    from ai_tracker.collection import catalog as catalog_mod
    from ai_tracker.collection.folders import bundled_dir
    from ai_tracker.output import release_page, render
    from ai_tracker.output.views import Format

    def pages(found: catalog_mod.Catalog, release_id: str, light: bool) -> dict[str, str]:
        if light:
            view = release_page.view(found.view(release_id), found,
                                     catalog_mod.model_record(found.entry(release_id).record))
        else:
            with monkeypatch.context() as patch:  # every release on the page a model, as before
                patch.setattr(catalog_mod.Catalog, "_read_only", lambda self, entry: self._model(entry))
                view = release_page.view(found.get(release_id), found)
                out = {"plain": view.text(False), "markdown": view.text(True)}
                console = Console(file=io.StringIO(), width=100, color_system=None, highlight=False,
                                  emoji=False, markup=False)
                view.rich(console)
                out["rich"] = console.file.getvalue()
        if light:
            out = {"plain": view.text(False), "markdown": view.text(True)}
            console = Console(file=io.StringIO(), width=100, color_system=None, highlight=False,
                              emoji=False, markup=False)
            view.rich(console)
            out["rich"] = console.file.getvalue()
        for fmt in (Format.json, Format.yaml):
            out[fmt.value] = render._machine(view.records, fmt)
        for fmt in (Format.csv, Format.tsv):
            out[fmt.value] = render.render_text(view.table, fmt)
        return out

    found = load(DataDir(bundled_dir(), "bundled"), use_cache=False)
    named = {e.predecessor for e in found.entries} | {c["about"] for e in found.entries for c in e.record["claims"]}

    def rich_in_parts(entry: catalog_mod.Entry) -> int:
        r = entry.record
        return sum(bool(r.get(k)) for k in ("variants", "claims", "market_reaction", "quotes", "community", "specs",
                                            "benchmarks", "events", "records")) + 3 * bool(r.get("records")) + (
            entry.id in named) + any(
            o.get("id") for o in r["organization"])

    # The releases with the most kinds of facts (and those others name), and every tenth.
    chosen = sorted(found.entries, key=rich_in_parts, reverse=True)[:25] + found.entries[::10]
    assert any(e.id in named for e in chosen) and any(e.record["variants"] for e in chosen)
    for entry in chosen:
        assert pages(found, entry.id, light=True) == pages(found, entry.id, light=False), entry.id
