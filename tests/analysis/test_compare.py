"""`ai-tracker compare`: rows, worked-out notes, formats and bad input."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from support import REPO, write_release
from support.samples import org, released, sample_catalog, write_sample

from ai_tracker.analysis import comparison
from ai_tracker.collection.catalog import load
from ai_tracker.collection.folders import DataDir
from ai_tracker.errors import UsageError


@pytest.fixture
def data(tmp_path):
    return str(write_sample(tmp_path / "d"))


def run_csv(cli, data, *names):
    result = cli("compare", *names, "--data-dir", data, "--format", "csv")
    assert result.exit_code == 0, result
    return list(csv.reader(io.StringIO(result.stdout)))


def run_json(cli, data, *names):
    result = cli("compare", *names, "--data-dir", data, "--format", "json")
    assert result.exit_code == 0, result
    return json.loads(result.stdout)


def plain(terminal_output):
    """Rich's output without its own style codes (the data's escapes are shown as text)."""
    return re.sub(r"\x1b\[[0-9;]*m", "", terminal_output)


def note_texts(found):
    return [n["text"] for n in found["notes"]]


# ---------------------------------------------------------------- rows


def test_rows_side_by_side(cli, data):
    assert run_csv(cli, data, "GLM-5", "Claude Opus 4.5") == [
        ["Fact", "GLM-5", "Claude Opus 4.5", "differs"],
        ["Organization", "Zhipu AI", "Anthropic", "true"],
        ["Country", "China (CN)", "United States (US)", "true"],
        ["Released", "2026-02-12", "2025-11-24", "true"],
        ["Categories", "language, coding, agent", "language, coding", "true"],
        ["Input", "text", "text, image, pdf", "true"],
        ["Output", "text", "text", "false"],
        ["Open weights", "yes", "", "false"],  # unknown is no difference
        ["Access", "open-weights, api", "api, app", "true"],
        ["Pricing", "", "pay-per-use", "false"],
        ["Context window", "204,800 tokens", "200,000 tokens", "true"],
        # A language model's main specs always appear; neither file gives these.
        ["Max output", "unknown", "unknown", "false"],
        ["Input price", "unknown", "unknown", "false"],
        ["Output price", "unknown", "unknown", "false"],
        ["SWE-bench Verified", "72.8% (independent)", "80.9% (vendor)", "true"],
        ["Market reaction", "Zhipu AI (Hong Kong): +15%, +US$3 billion market value, 2026-02-12..2026-02-14",
         "", "false"],
        ["Predecessor", "GLM-4.5 (glm-4-5)", "", "false"],
    ]  # License: neither has one, so no row


def test_rows_say_date_precision_and_approximate_specs(cli, data):
    rows = run_csv(cli, data, "kling3", "kling 2.6")
    assert rows == [
        ["Fact", "Kling 3.0", "Kling 2.6", "differs"],
        ["Organization", "Kuaishou", "Kuaishou", "false"],
        ["Country", "China (CN)", "China (CN)", "false"],
        ["Released", "2026-02-04", "2025-12 (month only)", "true"],
        ["Categories", "video-generation", "video-generation", "false"],
        ["Max video length", "15 s", "about 10 s", "true"],
        ["Predecessor", "Kling 2.6 (kling-2-6)", "Kling 1.0 (kling-1-0)", "true"],
    ]


def test_plain_marks_differing_rows_and_lists_notes(cli, data):
    result = cli("compare", "kling3", "kling 2.6", "--data-dir", data)
    assert result.exit_code == 0, result
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert lines == [
        "Kling 3.0 vs Kling 2.6",
        "Fact Kling 3.0 Kling 2.6",
        "Organization Kuaishou Kuaishou",
        "Country China (CN) China (CN)",
        "≠ Released 2026-02-04 [1] 2025-12 (month only) [1]",  # each value cites its source, as show does
        "Categories video-generation video-generation",
        "≠ Max video length 15 s [1] about 10 s [1]",
        "≠ Predecessor Kling 2.6 (kling-2-6) Kling 1.0 (kling-1-0)",
        # The worked-out facts are compare's answer: on stdout in a pipe, after the table.
        "≠ marks facts that differ.",
        "Worked out:",
        "- Kling 3.0 came 35 to 65 days after Kling 2.6: Kling 2.6's date is known only to the month (2025-12)",
        "- Max video length: 15 s (Kling 3.0) vs about 10 s (Kling 2.6), about +5 s (+50%)",
        "- Kling 3.0 is the successor of Kling 2.6 (its predecessor)",
        "Sources:",
        "- [1] A test source (Kling 3.0, Kling 2.6)",  # one source both files cite: one number
    ]
    assert result.stderr == ""
    # csv keeps bare values, and its notes on stderr: stdout stays rows (`| tail -1`).
    csv_run = cli("compare", "kling3", "kling 2.6", "--data-dir", data, "--format", "csv")
    assert "Released,2026-02-04,2025-12 (month only),true" in csv_run.stdout.splitlines()
    assert csv_run.stderr.splitlines()[0] == "≠ marks facts that differ."


def test_rows_where_all_are_empty_are_left_out(tmp_path):
    folder = tmp_path / "d"
    write_release(folder, "a", name="A")
    write_release(folder, "b", name="B", license="MIT")
    catalog = load(DataDir(folder, "option"))
    found = comparison.build([catalog.get("a"), catalog.get("b")], catalog)
    # A language model's context window, output and prices are always shown (unknown here).
    assert [row.key for row in found.rows] == [
        "organization", "country", "released", "categories", "license", "spec:context_window",
        "spec:max_output", "spec:input_price", "spec:output_price"]
    assert [(row.values, row.differs) for row in found.rows][4] == (["", "MIT"], False)  # unknown, not other


def test_several_benchmark_scores_of_one_release_share_a_cell(tmp_path):
    folder = tmp_path / "d"
    bench = {"name": "HLE", "unit": "%", "claimed_by": "vendor", "source": "s1"}
    write_release(folder, "a", name="A", benchmarks=[{**bench, "score": "30", "note": "no tools"},
                                                     {**bench, "score": "44.5", "note": "with tools"}])
    write_release(folder, "b", name="B", benchmarks=[{**bench, "score": "40"}])
    catalog = load(DataDir(folder, "option"))
    found = comparison.build([catalog.get("a"), catalog.get("b")], catalog)
    assert found.rows[-1].values == ["30% (vendor); 44.5% (vendor)", "40% (vendor)"]
    # two scores are not one number: no difference worked out
    assert [n.kind for n in found.notes] == ["gap"]


# ---------------------------------------------------------------- notes


def test_glm5_vs_opus_notes(cli, data):
    found = run_json(cli, data, "glm5", "Claude Opus 4.5")
    assert note_texts(found) == [
        "GLM-5 came 80 days after Claude Opus 4.5 (2025-11-24 to 2026-02-12)",
        "Context window: 204,800 tokens (GLM-5) vs 200,000 tokens (Claude Opus 4.5), +4,800 tokens (+2%)",
        "SWE-bench Verified: 72.8% (GLM-5, independent) vs 80.9% (Claude Opus 4.5, vendor), -8.1 points; "
        "the scores come from different kinds of claimant",
        "Input: text (both); image, pdf (only Claude Opus 4.5)",
        "Output: text (both)",
        "Claim in GLM-5 about Claude Opus 4.5 (close-to), per Zhipu AI (vendor): "
        "\"Coding ability close to Anthropic's Claude Opus 4.5.\"",
    ]
    gap = found["notes"][0]
    assert (gap["kind"], gap["earlier"], gap["later"], gap["days_min"], gap["days_max"]) == (
        "gap", "claude-opus-4-5", "glm-5", 80, 80)
    claim = found["notes"][-1]
    assert (claim["kind"], claim["who"], claim["claimed_by"], claim["relation"]) == (
        "claim", "Zhipu AI", "vendor", "close-to")


def test_the_claim_is_found_whichever_order(cli, data):
    texts = note_texts(run_json(cli, data, "Claude Opus 4.5", "glm5"))
    assert texts[0] == "GLM-5 came 80 days after Claude Opus 4.5 (2025-11-24 to 2026-02-12)"
    assert "Claim in GLM-5 about Claude Opus 4.5 (close-to), per Zhipu AI (vendor): " \
           "\"Coding ability close to Anthropic's Claude Opus 4.5.\"" in texts
    # differences are first-named minus second-named
    assert "Context window: 200,000 tokens (Claude Opus 4.5) vs 204,800 tokens (GLM-5), -4,800 tokens (-2%)" \
        in texts


def test_spec_difference_approximate(cli, data):
    spec = run_json(cli, data, "kling3", "kling-2-6")["notes"][1]
    assert spec == {"kind": "spec", "text": "Max video length: 15 s (Kling 3.0) vs about 10 s (Kling 2.6), "
                                            "about +5 s (+50%)",
                    "releases": ["kling-3-0", "kling-2-6"], "name": "Max video length", "compared": True,
                    "difference": 5.0, "unit": "s", "approximate": True}


@pytest.mark.parametrize("names, expected", [
    # a window: a range of days, saying why
    (["Seedance 2.0", "kling3"], "Seedance 2.0 came 8 to 10 days after Kling 3.0: "
                             "Seedance 2.0's date is some day in 2026-02-12..2026-02-14"),
    # a window that starts on the other's day
    (["glm5", "Seedance 2.0"], "Seedance 2.0 came at most 2 days after GLM-5 (possibly the same day): "
                           "Seedance 2.0's date is some day in 2026-02-12..2026-02-14"),
    # a month only, on both sides
    (["glm-4-5", "kling 2.6"], "Kling 2.6 came 123 to 183 days after GLM-4.5: GLM-4.5's date is known only "
                               "to the month (2025-07) and Kling 2.6's date is known only to the month (2025-12)"),
])
def test_gap_with_imprecise_dates(cli, data, names, expected):
    assert note_texts(run_json(cli, data, *names))[0] == expected


def test_same_day_and_overlapping_dates(tmp_path):
    folder = tmp_path / "d"
    write_release(folder, "a", name="A", released=released("2026-02-12"))
    write_release(folder, "b", name="B", released=released("2026-02-12"))
    write_release(folder, "c", name="C", released=released("2026-02"))
    catalog = load(DataDir(folder, "option"))
    same = comparison.build([catalog.get("a"), catalog.get("b")], catalog).notes[0]
    assert same.text == "A and B came out the same day (2026-02-12)"
    overlap = comparison.build([catalog.get("a"), catalog.get("c")], catalog).notes[0]
    assert overlap.text == ("C and A cannot be put in order: their dates overlap (at most 16 days apart): "
                            "C's date is known only to the month (2026-02)")
    assert (overlap.data["days_min"], overlap.data["days_max"]) == (-16, 11)


def test_lineage_direct_and_through_a_chain(cli, data):
    assert note_texts(run_json(cli, data, "kling1", "kling3"))[-1] == \
        "Kling 3.0 descends from Kling 1.0 via Kling 2.6"
    assert note_texts(run_json(cli, data, "kling 2.6", "kling3"))[-1] == \
        "Kling 3.0 is the successor of Kling 2.6 (its predecessor)"


def test_shared_predecessor(tmp_path):
    folder = write_sample(tmp_path / "d")
    write_release(folder, "kling-3-0-omni", name="Kling 3.0 Omni", organization=org("Kuaishou", "CN"),
                  predecessor="kling-2-6")
    catalog = load(DataDir(folder, "option"))
    found = comparison.build(comparison.resolve(catalog, ["kling3", "kling 3 omni"]), catalog)
    assert found.notes[-1].text == "Kling 3.0 and Kling 3.0 Omni both succeed Kling 2.6 (kling-2-6)"


def test_predecessor_loops_are_not_followed_forever(tmp_path):
    folder = tmp_path / "d"
    write_release(folder, "a", name="A", predecessor="b")
    write_release(folder, "b", name="B", predecessor="a")
    catalog = load(DataDir(folder, "option"))
    found = comparison.build([catalog.get("a"), catalog.get("b")], catalog)
    assert [n.text for n in found.notes if n.kind == "lineage"] == [
        "A is the successor of B (its predecessor)", "B is the successor of A (its predecessor)"]


def test_units_that_differ_are_not_subtracted(tmp_path):
    folder = tmp_path / "d"
    write_release(folder, "a", name="A", specs={"context_window": {"value": "1", "unit": "M tokens",
                                                                    "source": "s1"}})
    write_release(folder, "b", name="B", specs={"context_window": {"value": "128000", "unit": "tokens",
                                                                    "source": "s1"}})
    catalog = load(DataDir(folder, "option"))
    note = comparison.build([catalog.get("a"), catalog.get("b")], catalog).notes[1]
    assert note.text == "Context window: 1 M tokens (A), 128,000 tokens (B); not compared, the units differ"


def test_three_releases_one_column_each(cli, data):
    rows = run_csv(cli, data, "glm5", "Claude Opus 4.5", "kling3")
    assert rows[0] == ["Fact", "GLM-5", "Claude Opus 4.5", "Kling 3.0", "differs"]
    assert rows[3] == ["Released", "2026-02-12", "2025-11-24", "2026-02-04", "true"]
    assert ["Max video length", "", "", "15 s", "false"] in rows
    texts = note_texts(run_json(cli, data, "glm5", "Claude Opus 4.5", "kling3"))
    assert texts[:3] == [
        "In order of release: Claude Opus 4.5 on 2025-11-24; Kling 3.0 on 2026-02-04; GLM-5 on 2026-02-12",
        "Kling 3.0 came 72 days after Claude Opus 4.5 (2025-11-24 to 2026-02-04)",
        "GLM-5 came 8 days after Kling 3.0 (2026-02-04 to 2026-02-12)",
    ]
    assert "Input: text (both); image, pdf (only Claude Opus 4.5); not stated for Kling 3.0" in texts


def test_three_way_spec_ranking(tmp_path):
    folder = tmp_path / "d"
    for rid, value in (("a", "10"), ("b", "15"), ("c", "5")):
        write_release(folder, rid, name=rid.upper(),
                      specs={"max_video_length": {"value": value, "unit": "s", "source": "s1"}})
    catalog = load(DataDir(folder, "option"))
    found = comparison.build([catalog.get(i) for i in "abc"], catalog)
    assert found.notes[-1].text == "Max video length, highest first: 15 s (B), 10 s (A), 5 s (C)"


# ---------------------------------------------------------------- formats


def test_json_shape(cli, data):
    found = run_json(cli, data, "glm5", "Claude Opus 4.5")
    assert list(found) == ["releases", "rows", "notes", "sources"]
    assert [r["id"] for r in found["releases"]] == ["glm-5", "claude-opus-4-5"]
    assert found["releases"][0]["claims"][0]["about"] == "claude-opus-4-5"  # the full record
    assert found["rows"][2] == {"key": "released", "fact": "Released",
                                "values": {"glm-5": "2026-02-12", "claude-opus-4-5": "2025-11-24"},
                                "differs": True, "sources": {"glm-5": [1], "claude-opus-4-5": [1]}}
    assert found["sources"][0]["number"] == 1 and found["sources"][0]["releases"] == ["glm-5", "claude-opus-4-5"]


def test_markdown(cli, data):
    result = cli("compare", "kling3", "kling 2.6", "--data-dir", data, "--format", "markdown")
    assert result.exit_code == 0, result
    lines = result.stdout.splitlines()
    assert lines[0] == "## Kling 3.0 vs Kling 2.6"
    assert [cell.strip() for cell in lines[2].split("|")] == ["", "", "Fact", "Kling 3.0", "Kling 2.6", ""]
    assert "| ≠  | Max video length | 15 s" in result.stdout
    assert "- Max video length: 15 s (Kling 3.0) vs about 10 s (Kling 2.6), about +5 s (+50%)" in lines


def test_tsv(cli, data):
    result = cli("compare", "kling3", "kling 2.6", "--data-dir", data, "--format", "tsv")
    assert result.stdout.splitlines()[5] == "Max video length\t15 s\tabout 10 s\ttrue"


def test_differing_rows_stand_out_on_a_terminal(cli, data, monkeypatch):
    from ai_tracker.cli.commands.compare_cmd import view

    catalog = sample_catalog(__import__("pathlib").Path(data).parent / "again")
    found = comparison.build(comparison.resolve(catalog, ["kling3", "kling 2.6"]), catalog)
    table = view(found)
    assert table.row_styles == [None, None, "bold", None, "bold", "bold"]
    monkeypatch.setenv("FORCE_COLOR", "1")  # a Rich table, as on a terminal
    shown = plain(cli("compare", "kling3", "kling 2.6", "--data-dir", data).stdout)
    assert re.search(r"^ *Fact  ", shown, re.MULTILINE) and "────" in shown  # a Rich table's header
    # Bold rows and the mark: the mark carries the meaning where bold does not show (NO_COLOR).
    assert "≠ marks facts that differ." in shown
    assert re.search(r"^≠ +Released", shown, re.MULTILINE)


def test_long_values_wrap_on_a_terminal_never_truncate(cli, tmp_path, monkeypatch):
    folder = tmp_path / "d"
    many = ["open-weights", "api", "app", "subscription", "waitlist", "demo-only", "research-preview"]
    write_release(folder, "a", name="A", access=many, license="x" * 150)
    write_release(folder, "b", name="B")
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = cli("compare", "a", "b", "--data-dir", str(folder), env={"COLUMNS": "60"})
    assert result.exit_code == 0, result
    cells = "".join(line.strip("│ ") for line in plain(result.stdout).splitlines())
    assert "research-preview" in cells
    assert "x" * 150 in cells.replace(" ", "").replace("│", "")
    assert "…" not in result.stdout


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("names, message", [
    (["glm5"], "error: compare needs two or more release names; only 'glm5' was given "
               "(example: ai-tracker compare GLM-5 \"Claude Opus 4.5\")\n"),
    (["glm5", "GLM 5"], "error: 'glm5' and 'GLM 5' are the same release (GLM-5, glm-5); "
                        "compare needs different releases\n"),
    (["glm5", "Claude Opus 4.5", "智谱GLM-5"], "error: 'glm5' and '智谱GLM-5' are the same release (GLM-5, glm-5); "
                                   "compare needs different releases\n"),
    (["glm5", "glm6"], "error: no release matches 'glm6'; did you mean GLM-5, GLM-4.5?\n"),
    (["kling", "glm5"], "error: no release is named 'kling'; it is part of the names of 3: Kling 3.0 (kling-3-0, "
                        "2026-02-04), Kling 2.6 (kling-2-6, 2025-12), Kling 1.0 (kling-1-0, 2024-06-06); "
                        "give the id or the whole name\n"),
    (["opus", "glm5"], "error: no release is named 'opus'; it is part of the name of Claude Opus 4.5 "
                       "(claude-opus-4-5, 2025-11-24); give the id or the whole name\n"),
])
def test_bad_input_exit_2_one_line_nothing_on_stdout(cli, data, names, message):
    result = cli("compare", *names, "--data-dir", data)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_no_names_is_a_usage_error(cli, data):
    result = cli("compare", "--data-dir", data)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: missing argument NAME\n")


def test_one_name_is_refused_before_reading_data(cli, tmp_path):
    result = cli("compare", "glm5", "--data-dir", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "compare needs two or more release names" in result.stderr


def test_resolve_directly():
    with pytest.raises(UsageError, match="none was given"):
        comparison.check_count([])


# ---------------------------------------------------------------- untrusted text


@pytest.fixture
def hostile(tmp_path):
    folder = tmp_path / "h"
    write_release(folder, "red", name="[red]x[/red]", license="[bold]MIT[/bold]")
    write_release(folder, "bar", name="foo[/bar]", license="a|b")
    (folder / "esc.yaml").write_text(
        'name: "Esc [31mred"\norganization: [{name: Lab, country: US}]\n'
        "released: {date: 2026-02-12, source: s1}\ncategories: [language]\n"
        "sources: [{id: s1, title: t}]\n", encoding="utf-8")
    return str(folder)


def test_hostile_names_print_literally(cli, hostile):
    result = cli("compare", "red", "foo[/bar]", "esc", "--data-dir", hostile)
    assert result.exit_code == 0, result
    assert result.stdout.splitlines()[0] == "[red]x[/red] vs foo[/bar] vs Esc [31mred"
    assert "[bold]MIT[/bold]" in result.stdout
    assert "\x1b" not in result.stdout


def test_hostile_names_on_a_terminal(cli, hostile, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = cli("compare", "red", "foo[/bar]", "esc", "--data-dir", hostile, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result
    assert "\x1b[31m" not in result.stdout  # the data's escape never reaches the terminal
    shown = plain(result.stdout)
    assert "[red]x[/red]" in shown
    assert "foo[/bar]" in shown
    assert "[bold]MIT[/bold]" in shown
    assert "Esc [31mred" in shown


def test_hostile_names_in_markdown(cli, hostile):
    result = cli("compare", "red", "foo[/bar]", "--data-dir", hostile, "--format", "markdown")
    header = result.stdout.splitlines()[2]
    assert header.count("|") == 5  # "a|b" is escaped in cells, names in headers stay one column each
    assert "a\\|b" in result.stdout


# ---------------------------------------------------------------- the bundled data, as a new user tries it


def bundled_json(cli, *names):
    result = cli("compare", *names, "--format", "json")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    return json.loads(result.stdout)


def test_bundled_glm5_vs_claude_opus_4_5(cli):
    found = bundled_json(cli, "GLM-5", "Claude Opus 4.5")
    texts = note_texts(found)
    assert texts[0] == "GLM-5 came 79 days after Claude Opus 4.5 (2025-11-24 to 2026-02-11)"
    assert ("Claim in GLM-5 about Claude Opus 4.5 (close-to), per Zhipu AI, as reported by the article (vendor): "
            "\"Coding ability close to Anthropic's Claude Opus 4.5.\"") in texts
    rows = {row["key"]: row for row in found["rows"]}
    assert rows["released"]["values"] == {"glm-5": "2026-02-11", "claude-opus-4-5": "2025-11-24"}
    # JSON holds data, not display text: codes, booleans, numbers with their unit.
    assert rows["country"]["values"] == {"glm-5": ["CN"], "claude-opus-4-5": ["US"]}
    assert rows["open_weights"]["values"] == {"glm-5": True, "claude-opus-4-5": False}


def test_bundled_kling3_vs_its_predecessor(cli):
    found = bundled_json(cli, "kling3", "kling 2.6")
    rows = {row["key"]: row for row in found["rows"]}
    spec = rows["spec:max_video_length"]
    assert {k: spec[k] for k in ("key", "fact", "values", "differs")} == {
        "key": "spec:max_video_length", "fact": "Max video length",
        "values": {"kling-3-0": {"value": 15, "unit": "s", "approximate": False},
                   "kling-2-6": {"value": 10, "unit": "s", "approximate": True}}, "differs": True}
    # Each value's source, numbered in the comparison's own list of sources.
    numbers = {s["number"]: s for s in found["sources"]}
    assert all(n in numbers for refs in spec["sources"].values() for n in refs)
    texts = note_texts(found)
    assert "Max video length: 15 s (Kling 3.0) vs about 10 s (Kling 2.6), about +5 s (+50%)" in texts
    assert "Kling 3.0 is the successor of Kling 2.6 (its predecessor)" in texts
    assert texts[0].startswith("Kling 3.0 came 36 to 66 days after Kling 2.6: ")


def test_bundled_loose_names_and_chinese(cli):
    assert [r["id"] for r in bundled_json(cli, "kling3", "seedance2")["releases"]] == ["kling-3-0", "seedance-2-0"]
    found = bundled_json(cli, "智谱GLM-5", "minimax-m2.5")
    assert [r["id"] for r in found["releases"]] == ["glm-5", "minimax-m2-5"]
    texts = note_texts(found)
    assert texts[0] == "MiniMax M2.5 came 1 day after GLM-5 (2026-02-11 to 2026-02-12)"
    # MiniMax has a vendor and an independent score: only like is compared with like
    assert "SWE-bench Verified (independent scores): 72.8% (GLM-5) vs 75.8% (MiniMax M2.5), -3 points" in texts


def test_bundled_ambiguous_name(cli):
    result = cli("compare", "kling", "glm5")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("error: no release is named 'kling'; it is part of the names of 5: "
                                    "Kling 3.0 (kling-3-0, ")


def test_three_releases_say_which_value_differs_and_word_the_order_as_a_list(cli, tmp_path):
    folder = tmp_path / "d"
    for rid, day, categories, access in (("a", "2026-02-12", ["language", "coding"], ["api", "app"]),
                                         ("b", "2026-02-12", ["coding", "language"], ["app", "api"]),
                                         ("c", "2026-02-10", ["video-generation"], ["api", "app"])):
        write_release(folder, rid, name=rid.upper(), released={"date": day, "source": "s1"},
                      categories=categories, access=access)
    result = cli("compare", "a", "b", "c", "--data-dir", str(folder))
    lines = {line.split()[1] if line.startswith("≠") else line.split()[0]: " ".join(line.split())
             for line in result.stdout.splitlines() if line.strip()}
    # The same set in another order is the same fact; the odd one out is marked.
    assert lines["Categories"] == "≠ Categories language, coding coding, language video-generation *"
    assert lines["Access"] == "Access api, app app, api api, app"  # the file's order, as show prints it
    assert "≠ marks facts that differ; * the value that differs from the one the others share." in result.stdout
    assert "- In order of release: C on 2026-02-10; A and B on 2026-02-12" in result.stdout
    rows = {r["key"]: r for r in json.loads(cli("compare", "a", "b", "c", "--data-dir", str(folder),
                                                "--format", "json").stdout)["rows"]}
    assert rows["categories"]["odd"] == ["c"] and rows["released"]["odd"] == ["c"]
    assert rows["access"]["differs"] is False and "odd" not in rows["access"]


def test_a_release_that_says_nothing_is_not_a_difference(tmp_path):
    """Two of three agree and the third has no value: no ≠, and no odd one out; two stated
    values that differ still differ, whatever the third says."""
    folder = tmp_path / "d"
    spec = {"value": 204800, "unit": "tokens", "source": "s1"}
    write_release(folder, "a", name="A", specs={"context_window": spec})
    write_release(folder, "b", name="B", specs={"context_window": spec})
    write_release(folder, "c", name="C", specs={"max_output": spec})
    write_release(folder, "d", name="D", specs={"max_output": {**spec, "value": 8192}})
    catalog = load(DataDir(folder, "option"))
    rows = {r.key: r for r in comparison.build([catalog.get(i) for i in "abc"], catalog).rows}
    assert rows["spec:context_window"].differs is False and not any(rows["spec:context_window"].odd)
    rows = {r.key: r for r in comparison.build([catalog.get(i) for i in "acd"], catalog).rows}
    assert rows["spec:max_output"].differs is True


# ---------------------------------------------------------------- long URLs and long cells

LONG_URL = "https://example.com/reports/" + "a1b2c3d4e5" * 12 + "/README.md"
LONG_NOTE = " ".join(f"word{n}" for n in range(60))  # about 400 characters of words


@pytest.fixture
def long_values(tmp_path):
    folder = tmp_path / "long"
    write_release(folder, "a", name="A", sources=[{"id": "s1", "title": "A report", "url": LONG_URL}],
                  pricing={"model": "pay-per-use", "note": LONG_NOTE, "source": "s1"})
    write_release(folder, "b", name="B")
    return str(folder)


@pytest.mark.parametrize("width", ["80", "120"])
def test_a_long_source_url_folds_on_a_terminal_never_ends_in_an_ellipsis(cli, long_values, monkeypatch, width):
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = cli("compare", "a", "b", "--data-dir", long_values, env={"COLUMNS": width})
    assert result.exit_code == 0, result
    shown = plain(result.stdout)
    assert "…" not in shown
    assert all(len(line.rstrip()) <= int(width) for line in shown.splitlines())
    assert LONG_URL in "".join(line.strip() for line in shown.splitlines())  # whole, folded over lines


def test_piped_compare_wraps_long_cells_to_100_columns_and_keeps_every_word(cli, long_values):
    result = cli("compare", "a", "b", "--data-dir", long_values)
    assert result.exit_code == 0, result
    table = result.stdout.split("≠ marks")[0].splitlines()
    assert max(len(line) for line in table) <= 100
    assert max(len(line) for line in table) > 80  # the width is used, not a narrow column
    pricing = [line for line in table if "word" in line]
    assert len(pricing) > 3 and pricing[0].split()[:3] == ["Pricing", "pay-per-use", "(word0"]
    assert LONG_NOTE in " ".join(w for line in pricing for w in line.split())  # every word, in order
    assert LONG_URL in result.stdout  # a source's URL stays whole on its line


def test_csv_tsv_and_json_keep_a_long_cell_whole(cli, long_values):
    rows = run_csv(cli, long_values, "a", "b")
    pricing = next(r for r in rows if r[0] == "Pricing")
    assert pricing[1] == f"pay-per-use ({LONG_NOTE})"
    tsv = cli("compare", "a", "b", "--data-dir", long_values, "--format", "tsv").stdout
    assert f"pay-per-use ({LONG_NOTE})" in tsv.splitlines()[[r[0] for r in rows].index("Pricing")]
    assert LONG_NOTE in json.dumps(run_json(cli, long_values, "a", "b"))


# ---------------------------------------------------------------- language models: the numbers


GAPS = str(REPO / "tests" / "data" / "compare-gaps")


def test_language_models_always_show_window_output_and_prices(cli):
    rows = run_csv(cli, GAPS, "Lumen 2", "Lumen Chat")
    by_fact = {row[0]: row[1:] for row in rows}
    assert by_fact["Context window"] == ["204,800 tokens", "unknown", "false"]
    assert by_fact["Max output"] == ["unknown", "8,192 tokens", "false"]  # unknown is no difference
    # Lumen Chat has no API: a price does not apply to it.
    assert by_fact["Input price"] == ["unknown", "n/a", "false"]
    assert by_fact["Output price"] == ["unknown", "n/a", "false"]
    assert [row[0] for row in rows][-4:] == ["Context window", "Max output", "Input price", "Output price"]


def test_compare_json_holds_numbers_with_units_and_null_for_unknown(cli):
    found = run_json(cli, GAPS, "Lumen 2", "Lumen Chat")
    rows = {row["key"]: row for row in found["rows"]}
    assert rows["spec:context_window"]["values"] == {
        "lumen-2": {"value": 204800, "unit": "tokens", "approximate": False}, "lumen-chat": None}
    assert rows["spec:max_output"]["values"] == {
        "lumen-2": None, "lumen-chat": {"value": 8192, "unit": "tokens", "approximate": False}}
    assert rows["spec:input_price"]["values"] == {"lumen-2": None, "lumen-chat": None}
    assert rows["spec:input_price"]["not_applicable"] == ["lumen-chat"]
    assert "not_applicable" not in rows["spec:context_window"]
    assert rows["access"]["values"] == {"lumen-2": ["api", "app"], "lumen-chat": ["app"]}
    # No display text anywhere in the rows' values: no "204,800 tokens", no "unknown", no "".
    shown = json.dumps([row["values"] for row in found["rows"]])
    assert "tokens\"" not in shown.replace('"unit": "tokens"', "") and "unknown" not in shown
    assert '""' not in shown


def test_bundled_frontier_models_each_have_a_price_and_a_context_window(cli):
    found = bundled_json(cli, "gpt-5", "gemini-3-pro", "claude-opus-4-5")
    rows = {row["key"]: row for row in found["rows"]}
    for key in ("spec:context_window", "spec:max_output", "spec:input_price", "spec:output_price"):
        values = rows[key]["values"]
        assert set(values) == {"gpt-5", "gemini-3-pro", "claude-opus-4-5"}
        assert all(isinstance(v["value"], (int, float)) and v["unit"] for v in values.values()), key
        assert all(rows[key]["sources"][i] for i in values), key  # each cites its source
    table = cli("compare", "gpt-5", "gemini-3-pro", "claude-opus-4-5", "--format", "csv").stdout
    assert "unknown" not in table and "n/a" not in table
