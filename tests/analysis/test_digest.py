"""`ai-tracker digest`: one week's releases, counts, market reactions, events and quotes."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from support import write_release

QUOTE = {"speaker": "Demis Hassabis", "role": "CEO, Google DeepMind", "text": "China is only months behind.",
         "language": "en", "source": "s1"}
REACTION = {"company": "MiniMax", "listing": "Hong Kong", "date": "2026-02-12..2026-02-14",
            "change_percent": "13.7", "market_cap_change_usd": "2500000000", "note": "Per the article.",
            "source": "s1"}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    write_release(d, "alpha", name="Alpha*2", organization=[{"name": "Zhipu AI", "country": "CN"}],
                  released={"date": "2026-02-12", "source": "s1"}, summary="A model\nfor code.",
                  quotes=[QUOTE], market_reaction=[REACTION],
                  events=[{"date": "2026-02-12..2026-02-14", "kind": "reported", "note": "The window.",
                           "source": "s1"}])
    write_release(d, "beta", name="Beta", organization=[{"name": "ByteDance", "country": "CN"}],
                  released={"date": "2026-02-13..2026-02-17", "source": "s1"},
                  quotes=[{**QUOTE, "text": "China is only  MONTHS behind."}],  # same quote, other spacing
                  market_reaction=[REACTION])
    write_release(d, "older", name="Older", organization=[{"name": "ByteDance", "country": "CN"}],
                  released={"date": "2025-06-01", "source": "s1"},
                  events=[{"date": "2026-02-10", "kind": "feature-paused", "note": "Voice cloning paused.",
                           "source": "s1"}])
    write_release(d, "other-week", name="Other", organization=[{"name": "Lab", "country": "US"}],
                  released={"date": "2026-02-16", "source": "s1"}, quotes=[{**QUOTE, "text": "Elsewhere."}])
    return d


def test_markdown_report(cli, data):
    result = cli("digest", "--week", "2026-W07", "--format", "markdown", "--data-dir", str(data))
    assert result.exit_code == 0, result
    lines = result.stdout.splitlines()
    assert lines[:7] == [
        "# AI releases, week 2026-W07 (2026-02-09 to 2026-02-15)",
        "",
        "## Releases (2)",
        "",
        r"- **Alpha\*2**: Zhipu AI (China), released 2026-02-12. A model for code.",
        "- **Beta**: ByteDance (China), released 2026-02-13..2026-02-17 (some day in this window), "
        "counted in its earliest week",
        "",
    ]
    table = lines.index("## Releases by region")
    assert lines[table + 2:table + 5] == [
        "|   China |   United States |   Europe |   Rest of world |   Total |",
        "|---------|-----------------|----------|-----------------|---------|",
        "|       2 |               0 |        0 |               0 |       2 |",
    ]
    assert lines[table + 6].startswith("- ISO weeks (Monday to Sunday), by released date; attribution 'each'")
    reactions = lines.index("## Market reactions")
    assert lines[reactions + 2:reactions + 4] == [
        "- MiniMax (Hong Kong), 2026-02-12..2026-02-14: +13.7%, +US$2.5 billion market value. "
        r"Per the article. (Alpha\*2, Beta)",
        "",
    ]
    events = lines.index("## Events")
    assert lines[events + 2:events + 4] == ["- 2026-02-10, feature-paused: Voice cloning paused. (Older)", ""]
    quotes = lines.index("## Quotes")
    assert lines[quotes + 2:quotes + 6] == [
        "> China is only months behind.",
        ">",
        r"> — Demis Hassabis, CEO, Google DeepMind (Alpha\*2, Beta)",
        "",
    ]
    assert lines[-3:] == ["## Sources", "", r"- A test source (Alpha\*2, Beta)"]


def test_json_has_every_section_deduplicated(cli, data):
    result = cli("digest", "--week", "2026-W07", "--format", "json", "--data-dir", str(data))
    assert result.exit_code == 0, result
    doc = json.loads(result.stdout)
    assert (doc["week"], doc["start"], doc["end"]) == ("2026-W07", "2026-02-09", "2026-02-15")
    assert [(r["id"], r["released"], r["precision"], r["approximate"]) for r in doc["releases"]] == [
        ("alpha", "2026-02-12", "day", False), ("beta", "2026-02-13..2026-02-17", "window", True)]
    assert doc["counts"] == {"by": "region", "attribution": "each",
                             "counts": {"China": 2, "United States": 0, "Europe": 0, "Rest of world": 0},
                             "total": 2, "approximate": 1}
    assert [(m["company"], m["change_percent"], m["releases"]) for m in doc["market_reactions"]] == [
        ("MiniMax", 13.7, ["alpha", "beta"])]
    assert [(e["kind"], e["releases"]) for e in doc["events"]] == [("feature-paused", ["older"])]
    assert [(q["speaker"], q["text"], q["releases"]) for q in doc["quotes"]] == [
        ("Demis Hassabis", "China is only months behind.", ["alpha", "beta"])]
    assert [(s["title"], s["releases"]) for s in doc["sources"]] == [("A test source", ["alpha", "beta"])]


def test_plain_text_and_csv(cli, data):
    plain = cli("digest", "--week", "2026-W07", "--data-dir", str(data))
    assert plain.exit_code == 0, plain
    assert plain.stdout.splitlines()[:6] == [
        "AI releases, week 2026-W07 (2026-02-09 to 2026-02-15)",
        "",
        "Releases (2)",
        "",
        "  Alpha*2: Zhipu AI (China), released 2026-02-12. A model for code.",
        "  Beta: ByteDance (China), released 2026-02-13..2026-02-17 (some day in this window), "
        "counted in its earliest week",
    ]
    assert '  "China is only months behind." — Demis Hassabis, CEO, Google DeepMind (Alpha*2, Beta)' in \
        plain.stdout.splitlines()
    csv = cli("digest", "--week", "2026-W07", "--format", "csv", "--data-dir", str(data))
    assert csv.stdout.splitlines()[0] == "Id,Name,Organization,Country,Released,Precision,Approximate,Summary,Imported"
    assert csv.stdout.splitlines()[2] == "beta,Beta,ByteDance,CN,2026-02-13..2026-02-17,window,true,,false"


def test_default_week_is_the_last_whole_week_before_today_and_empty_sections_are_left_out(cli, data):
    """A round-up is of a finished week: the one before today's (2026-02-25 is in W09: W08)."""
    latest = cli("digest", "--today", "2026-02-25", "--format", "json", "--data-dir", str(data))
    assert json.loads(latest.stdout)["week"] == "2026-W08"
    pinned = cli("digest", "--format", "json", "--data-dir", str(data))  # the tests' today, 2026-12-08
    assert json.loads(pinned.stdout)["week"] == "2026-W49"
    empty = cli("digest", "--week", "2026-W01", "--data-dir", str(data))
    assert empty.exit_code == 0
    assert "No release in the collection is dated in this week." in empty.stdout  # covered, and quiet
    assert "None recorded." not in empty.stdout and "Market reactions" not in empty.stdout


def test_a_period_past_the_coverage_says_so_in_one_sentence_and_counts_nothing(cli, data):
    """No coverage.yaml: the record is taken to end with its newest release (Other, 2026-02-16).
    A week after it is not covered: one sentence, no count, in every format; a month that
    runs past it is partial; a week before it is covered and says nothing."""
    after = cli("digest", "--week", "2026-W10", "--data-dir", str(data))
    assert after.exit_code == 0
    said = "The record does not cover this week (2026-03-02 to 2026-03-08): its releases are not known"
    assert said in after.stdout and "Releases (" not in after.stdout and "Total" not in after.stdout
    record = json.loads(cli("digest", "--week", "2026-W10", "--format", "json", "--data-dir", str(data)).stdout)
    assert record["coverage"] == "not covered" and record["counts"]["total"] is None
    assert set(record["counts"]["counts"].values()) == {None} and record["releases"] == []
    month = json.loads(cli("digest", "--month", "2026-02", "--format", "json", "--data-dir", str(data)).stdout)
    assert month["coverage"] == "partial" and "only in part" in month["coverage_note"]
    assert said in cli("digest", "--week", "2026-W10", "--format", "markdown", "--data-dir", str(data)).stdout
    page = cli("digest", "--week", "2026-W10", "--format", "html", "--data-dir", str(data)).stdout
    assert said in html.unescape(page) and "<svg" not in page  # no empty chart
    before = json.loads(cli("digest", "--week", "2026-W07", "--format", "json", "--data-dir", str(data)).stdout)
    assert before["coverage"] == "covered" and before["coverage_note"] is None
    assert "cover" not in cli("digest", "--week", "2026-W07", "--data-dir", str(data)).stdout


def test_markup_in_data_is_inert(cli, tmp_path):
    d = tmp_path / "d"
    write_release(d, "evil", name="Evil [31m <b>x</b> [link](http://e)", released={"date": "2026-02-12", "source": "s1"})
    result = cli("digest", "--week", "2026-W07", "--format", "markdown", "--data-dir", str(d))
    line = next(line for line in result.stdout.splitlines() if line.startswith("- **Evil"))
    assert line.startswith(r"- **Evil \[31m \<b\>x\</b\> \[link\](http://e)**")


def test_bad_week(cli, data):
    result = cli("digest", "--week", "7", "--data-dir", str(data))
    assert (result.exit_code, result.stderr) == (
        2, "error: --week: '7' is not an ISO week; expected YYYY-Www, e.g. 2026-W07, or this or last\n")


def test_bundled_week_7_lists_the_evidence_and_keeps_the_article_figures_as_its_own(cli):
    result = cli("digest", "--week", "2026-W07", "--format", "json")
    assert result.exit_code == 0, result
    doc = json.loads(result.stdout)
    # Kling 3.0 and Seedance 2.0 launched the week before; five Chinese and two US
    # releases fall in the week by the evidence (the article: China 5, US 0).
    assert sorted(r["id"] for r in doc["releases"]) == [
        "glm-5", "gpt-5-3-codex-spark", "llama-nemotron-embed-vl-1b-v2", "ming-flash-omni-2-0",
        "minimax-m2-5", "qwen-image-2-0", "rynnbrain"]
    assert doc["counts"]["counts"] == {"China": 5, "United States": 2, "Europe": 0, "Rest of world": 0}
    # The article's share-price table stays as the article's (its window for a date),
    # beside the reports that give a day.
    # (A report with a day but no one-day change has change_percent None.)
    reactions = sorted(((m["company"], m["date"]), m["change_percent"]) for m in doc["market_reactions"])
    assert reactions == [
        (("Alibaba", "2026-02-12..2026-02-14"), 8.0), (("MiniMax", "2026-02-12..2026-02-14"), 10.0),
        (("Zhipu AI", "2026-02-12..2026-02-14"), 15.0), (("Zhipu AI", "2026-02-13"), None)]
    markdown = cli("digest", "--week", "2026-W07", "--format", "markdown").stdout
    assert "## Market reactions" in markdown
    assert "- Zhipu AI (Hong Kong), 2026-02-12..2026-02-14: +15%, +US$3 billion market value." in markdown
    assert len([line for line in markdown.splitlines() if line.startswith("- **")]) == 7


def test_bundled_week_7_digest_carries_the_articles_tally_and_its_differences(cli):
    doc = json.loads(cli("digest", "--week", "2026-W07", "--format", "json").stdout)
    (tally,) = doc["reported"]
    assert tally["reported"] == {"China": 5, "United States": 0, "Europe": 0}
    assert tally["record"] == {"China": 5, "United States": 2, "Europe": 0}
    assert len(tally["differences"]) == 6
    markdown = cli("digest", "--week", "2026-W07", "--format", "markdown").stdout
    assert "- GPT-5.3-Codex-Spark (United States): not named: released 2026-02-12; the source does not cite it." \
        in markdown.splitlines()


@pytest.mark.parametrize("release, evidence, article", [
    ("kling-3-0", "Released      2026-02-05", "2026-02-12..2026-02-14 (some day in this window) — reported:"),
    ("seedance-2-0", "Released      2026-02-07", "2026-02-12..2026-02-14 (some day in this window) — reported:"),
    ("rynnbrain", "Released      2026-02-09", "2026-02-12..2026-02-14 (some day in this window) — reported:"),
    ("glm-5", "Released      2026-02-11", "2026-02-12..2026-02-14 (some day in this window) — reported:"),
    ("minimax-m2-5", "Released      2026-02-12", "2026-02-12..2026-02-14 (some day in this window) — reported:"),
])
def test_each_seed_week_release_shows_the_evidence_and_the_articles_account(cli, release, evidence, article):
    page = cli("show", release).stdout
    assert evidence in page
    assert article in page  # the article's window, kept as its report
    assert "中国AI模型密集发布" in page  # the article among the numbered sources


def test_the_terminal_digest_folds_long_text_and_links_never_cuts_them(cli, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    for width in ("80", "120"):
        shown = cli("digest", "--week", "2026-W07", env={"COLUMNS": width}).stdout
        assert "https://github.com/alibaba-damo-academy/RynnBrain" in shown
        assert "…" not in shown, width


def test_only_the_releases_a_digest_can_name_become_models(cli, data, monkeypatch):
    """A week's digest of 100,000 releases built every model (2.2 GB): now only those
    released in the period or with an event in it, and the digest is the same."""
    from ai_tracker.collection import catalog

    built: list[str] = []
    real = catalog.Catalog.models
    monkeypatch.setattr(catalog.Catalog, "models", lambda self, entries: built.extend(e.id for e in entries)
                        or real(self, entries))
    result = cli("digest", "--data-dir", str(data), "--week", "2026-W07", "--format", "json")
    assert result.exit_code == 0, result
    assert sorted(built) == ["alpha", "beta", "older"]  # not other-week (W08)
    assert any("Voice cloning paused." in json.dumps(e) for e in json.loads(result.stdout)["events"])
