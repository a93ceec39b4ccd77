"""Terminal tables at 80, 100 and 120 columns (and narrower): never wider than the
terminal, words never broken, what is left out said. The width is fixed through
COLUMNS, never the real terminal's."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from rich.cells import cell_len
from support import write_release

from ai_tracker.output import fit

ANSI = re.compile(r"\x1b\[[0-9;]*m")
WIDTHS = ("80", "100", "120")


@pytest.fixture
def terminal(cli, monkeypatch):
    """The CLI as on a terminal of a given width: a Rich table, colour codes stripped."""
    monkeypatch.setenv("FORCE_COLOR", "1")

    def run(width: str, *args: str):
        result = cli(*args, env={"COLUMNS": width})
        assert result.exit_code == 0, result.stderr
        return ANSI.sub("", result.stdout)

    return run


def whole_pieces(texts: list[str]) -> set[str]:
    """Every word of the data, and each run of its pieces broken after hyphens
    (GPT-, 5.3-Codex-, Spark): what a line of the table may show."""
    runs = set()
    for word in {w for t in texts for w in t.split()}:
        parts = fit.pieces(word, hyphens=True)
        runs |= {"".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)}
    return runs


def assert_fits(out: str, width: int) -> None:
    too_wide = [line for line in out.splitlines() if cell_len(line.rstrip()) > width]
    assert not too_wide, too_wide


def test_wrap_breaks_between_words_then_after_hyphens_only():
    assert fit.wrap("language, agent, coding", 10, False) == ["language,", "agent,", "coding"]
    assert fit.wrap("research-preview, api", 10, True) == ["research-", "preview,", "api"]
    assert fit.wrap("Organization", 20, False) == ["Organization"]
    assert fit.wrap("", 5, False) == [""]
    assert fit.wrap("abcdefgh", 3, False) == ["abc", "def", "gh"]  # only a piece wider than the column folds


def test_plan_leaves_out_columns_in_their_order_and_keeps_words_whole():
    columns = [fit.FitColumn(["Name"], ["Alpha Beta", "Gamma"]), fit.FitColumn(["Notes"], ["x" * 30, ""], drop=2),
               fit.FitColumn(["Access"], ["open-weights", "api"], drop=1)]
    wide = fit.plan(columns, 80)
    assert wide is not None and wide.kept == [0, 1, 2] and wide.widths == [10, 30, 12]
    narrow = fit.plan(columns, 40)
    assert narrow is not None and narrow.kept == [0, 1] and narrow.widths[1] == 30  # Access went first
    only = fit.plan(columns, 20)  # "x" * 30 is one word: Notes cannot be shown whole
    assert only is not None and only.kept == [0] and only.widths == [10]
    assert fit.plan(columns, 4) is None  # "Alpha" is wider: one block per row instead


def test_records_are_never_wider_than_the_terminal():
    lines = fit.records(["Name", "Summary"], [["GLM-5", "Open model for long-horizon agent tasks " * 3]], 30)
    assert lines[0] == "Name     GLM-5"
    assert all(cell_len(line) <= 30 for line in lines)
    # Every word is there, broken at most after a hyphen.
    assert "".join(line[9:] for line in lines[1:]).replace(" ", "") == ("Open model for long-horizon agent tasks" * 3).replace(" ", "")


@pytest.mark.parametrize("width", WIDTHS)
def test_list_fits_the_terminal_without_breaking_a_word(terminal, cli, width):
    out = terminal(width, "list", "--since", "2026-01", "--until", "2026-03")
    assert_fits(out, int(width))
    rows = list(csv.reader(io.StringIO(cli("list", "--since", "2026-01", "--until", "2026-03",
                                           "--format", "csv").stdout)))
    # The words of the data (csv joins lists with "; ", the table with ", ") and of the headers.
    texts = [c.replace(";", ",") for r in rows[1:] for c in r[1:]]
    allowed = whole_pieces(texts + ["Released Name Organization Org. Country Categories Open weights Access",
                                    "2026-02-12..14", "?", "yes", "no"])
    shown = {w for line in out.splitlines()[:-1] for w in line.split() if set(w) != {"─"}}
    broken = {w for w in shown if w not in allowed and not re.fullmatch(r"[\d.-]+", w)}
    assert not broken


def test_list_at_80_columns_keeps_every_column_of_the_seed_week(terminal):
    out = terminal("80", "list", "--week", "2026-W07")
    # Compact headers before any column is left out.
    assert out.splitlines()[0].split() == ["Released", "Name", "Org.", "Country", "Categories", "Open", "Access"]
    assert "Organiza" not in out and "open-weig\n" not in out
    assert "research-" in out and "preview," in out  # broken after its hyphen, as typesetters do
    assert "left out" not in out


def test_orgs_at_80_columns_leaves_out_the_least_useful_columns_and_says_so(terminal):
    out = terminal("80", "orgs")
    assert_fits(out, 80)
    assert out.splitlines()[0].split() == ["Id", "Name", "Ctry", "Rel.", "First", "Last"]
    assert " ".join(out.splitlines()[-2:]).split() == (
        "Kind, Parent and Listed left out to fit 80 columns; a wider terminal or --format plain shows them").split()
    wide = terminal("200", "orgs")
    assert wide.splitlines()[0].split() == ["Id", "Name", "Country", "Kind", "Parent", "Listed", "Releases",
                                            "First", "Last"]
    assert "left out" not in wide


def test_a_terminal_too_narrow_for_any_table_gets_one_block_per_row(terminal, tmp_path):
    write_release(tmp_path / "d", "a", name="Alpha Model", categories=["language", "coding"])
    out = terminal("30", "list", "-d", str(tmp_path / "d"))
    assert_fits(out, 30)
    assert "─" not in out
    assert out.splitlines()[1].split() == ["Name", "Alpha", "Model"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", [("weekly", "--by", "region", "--since", "2025-06", "--until", "2026-05"),
                                  ("counts", "--per", "month", "--by", "region")])
def test_counts_by_region_fit_at_every_width(terminal, width, args):
    out = terminal(width, *args)
    assert_fits(out, int(width))
    lines = out.splitlines()
    rule = next(i for i, line in enumerate(lines) if set(line.strip()) == {"─"})
    header = " ".join(lines[1:rule]).split()
    assert {"China", "Europe", "Total"} <= set(header)  # the counts are all there, as columns
    assert not any(line.startswith("Week ") and len(line.split()) == 2 for line in lines)  # not one block per row


def test_counts_by_region_at_80_columns_says_what_it_left_out(terminal):
    out = terminal("80", "weekly", "--by", "region", "--since", "2025-06", "--until", "2026-05")
    assert "Left out to fit 80 columns: the trend row." in out
    wide = terminal("200", "weekly", "--by", "region", "--since", "2025-06", "--until", "2026-05")
    assert "Trend" in wide and "Left out" not in wide


def test_counts_with_more_groups_than_columns_puts_them_in_rows(terminal, cli):
    out = terminal("80", "counts", "--per", "year", "--by", "organization")
    assert_fits(out, 80)
    years = json.loads(cli("counts", "--per", "year", "--by", "organization", "--format", "json").stdout)
    lines = out.splitlines()
    assert lines[1].split() == ["Organization", *(y["year"] for y in years), "Total"]
    openai = [y["counts"]["OpenAI"] for y in years]
    assert ["OpenAI", *map(str, openai), str(sum(openai))] in [line.split() for line in lines]
    assert any(line.split() == ["Total", *(str(y["total"]) for y in years), str(sum(y["total"] for y in years))]
               for line in lines)
    assert "Organizations in rows:" in out
    quarters = terminal("80", "counts", "--per", "quarter", "--by", "organization")
    assert quarters.splitlines()[1].split()[:3] == ["Organization", "Releases", "Trend,"]


def test_top_keeps_the_biggest_groups_and_counts_the_rest_once(cli, tmp_path):
    d = tmp_path / "d"
    write_release(d, "a", name="A", organization=[{"name": "Big", "country": "US"}], released={"date": "2026-02-10", "source": "s1"})
    write_release(d, "b", name="B", organization=[{"name": "Big", "country": "US"}], released={"date": "2026-02-11", "source": "s1"})
    # One release of two small labs: one release in Others, not two.
    write_release(d, "c", name="C", organization=[{"name": "Small A", "country": "FR"}, {"name": "Small B", "country": "DE"}],
                  released={"date": "2026-02-11", "source": "s1"})
    result = cli("counts", "--per", "year", "--by", "organization", "--top", "1", "-d", str(d), "--format", "csv")
    # 2026 runs past the newest release (no coverage.yaml: the record ends there): partial.
    assert result.stdout.splitlines() == ["Year,Start,End,Big,Others,Total,Approx.,coverage",
                                          "2026,2026-01-01,2026-12-31,2,1,3,0,partial"]
    assert "Others: the releases counted in any of the other 2 organisations, each once." in result.stderr
    assert cli("counts", "--top", "0", "-d", str(d)).exit_code == 2


def test_a_hyphen_before_a_digit_is_no_break_so_dates_and_versions_stay_whole():
    """'open-/weights' may break; '2026-02-/12' and 'Qwen3.5-/397B' may not."""
    assert fit.pieces("2026-02-12..2026-02-14 open-weights", True) == ["2026-02-12..2026-02-14", "open-", "weights"]
    assert fit.pieces("GPT-5.3-Codex-Spark", True) == ["GPT-5.3-", "Codex-", "Spark"]
    assert fit.wrap("released 2026-02-12 open-weights", 11, True) == ["released", "2026-02-12", "open-", "weights"]


@pytest.mark.parametrize("width", ["80", "120"])
def test_the_coverage_of_a_count_is_never_cropped_on_a_terminal(terminal, width):
    """Rich measures a no-wrap cell's minimum as its longest word, so a table could pass for a
    fit and then crop "not covered, to date" to "not covered, t"; a column is left out instead."""
    out = terminal(width, "weekly", "--by", "region", "--today", "2026-12-08")
    assert "not covered, to date" in out and "covered periods only" in out
    assert all(len(line) <= int(width) for line in out.splitlines())
