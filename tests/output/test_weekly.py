"""`ai-tracker weekly` and `ai-tracker counts`, run as a user would (in a pipe)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from support import write_release

from ai_tracker.analysis.counting import By, count
from ai_tracker.output.counts_terminal import rich_table, sparkline

WEEK7_RULES = [
    "Weeks are ISO 8601 weeks, Monday to Sunday (2025-12-29 is in 2026-W01); a release counts in the week "
    "of its released date.",
]


def org(name: str, country: str | list[str]) -> list[dict]:
    return [{"name": name, "country": country}]


def released(date: str) -> dict:
    return {"date": date, "source": "s1"}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """Four Chinese releases in 2026-W07 (one with a window across weeks), a US/UK/FR joint one
    and a month-only French one in January, and one on 2025-12-29 (in 2026-W01)."""
    d = tmp_path / "data"
    write_release(d, "glm-5", name="GLM-5", organization=org("Zhipu AI", "CN"), released=released("2026-02-12"))
    write_release(d, "qwen", name="Qwen", organization=org("Alibaba", "CN"), released=released("2026-02-13"))
    write_release(d, "seedance", name="Seedance", organization=org("ByteDance", "CN"),
                  released=released("2026-02-12..2026-02-14"), categories=["video-generation"])
    write_release(d, "kling", name="Kling", organization=org("Kuaishou", "CN"),
                  released=released("2026-02-14..2026-02-17"), categories=["video-generation"])
    write_release(d, "joint", name="Joint", released=released("2026-01-07"),
                  organization=[{"name": "Anglo Lab", "country": ["US", "GB"]}, {"name": "Paris Lab", "country": "FR"}])
    write_release(d, "vague", name="Vague", organization=org("Mistral AI", "FR"), released=released("2026-01"))
    write_release(d, "newyear", name="New Year", organization=org("Lab", "DE"), released=released("2025-12-29"))
    # The record covers every day to the Monday after W07, the day these tests count from.
    (d / "coverage.yaml").write_text("checked: 2026-02-15\nspans:\n  - {to: 2026-02-16, level: complete}\n")
    return d


TODAY = "2026-02-16"  # the Monday after W07: W07 is the last whole week, W08 this one


def run(cli, data: Path, *args: str):  # type: ignore[no-untyped-def]
    pinned = () if "--today" in args else ("--today", TODAY)
    result = cli(*args, *pinned, "--data-dir", str(data))
    assert result.exit_code == 0, result
    return result


def test_week_by_region_json_is_the_articles_table(cli, data):
    result = run(cli, data, "weekly", "--week", "2026-W07", "--by", "region", "--format", "json")
    assert json.loads(result.stdout) == [{
        "week": "2026-W07", "start": "2026-02-09", "end": "2026-02-15",
        "counts": {"China": 4, "United States": 0, "Europe": 0, "Rest of world": 0},
        "total": 4, "approximate": 1, "coverage": "covered", "to_date": False,
    }]


def test_week_by_region_plain_table_and_rules_under_it(cli, data):
    result = run(cli, data, "weekly", "--week", "2026-W07", "--by", "region")
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "Releases per week by region, 2026-W07",
        "Week      Start       End           China    United States    Europe    Rest of world    Total    Approx.",
        "2026-W07  2026-02-09  2026-02-15        4                0         0                0        4          1",
    ]
    assert len(lines) == 3  # in a pipe the rules go to stderr: `| tail -1` is a data row
    assert result.stderr.splitlines()[0] == ("ISO weeks (Monday to Sunday), by released date; attribution 'each'; "
                                             "approximate: 1 of 4. --explain states the counting rules.")
    explained = run(cli, data, "weekly", "--week", "2026-W07", "--by", "region", "--explain")
    assert explained.stdout == result.stdout
    rules = explained.stderr.splitlines()
    assert rules[0] == WEEK7_RULES[0]
    assert rules[1].startswith("Approximate: 1 of 4. A release with a date that spans more than one week")
    assert rules[2].startswith("Attribution 'each': a release counts once in each region")
    assert rules[3].startswith("Regions: China (CN), United States (US), Europe (geographic Europe: the EU "
                               "members and GB, CH, NO")


def test_countries_asked_for_show_at_zero_in_the_order_given(cli, data):
    result = run(cli, data, "weekly", "--week", "2026-W07", "--country", "CN", "--country", "us",
                 "--country", "France", "--format", "csv")
    assert result.stdout.splitlines() == [
        "Week,Start,End,CN,US,FR,Total,Approx.,coverage",
        "2026-W07,2026-02-09,2026-02-15,4,0,0,4,1,covered",
    ]


def test_range_has_empty_weeks_as_zero_rows_and_a_total_row_in_markdown(cli, data):
    args = ("weekly", "--since", "2025-12-29", "--until", "2026-01-18", "--by", "region")
    result = run(cli, data, *args)
    # Piped, every line after the header is a week (no Total row: `| tail -1` is data).
    assert result.stdout.splitlines() == [
        "Releases per week by region, 2026-W01 to 2026-W03",
        "Week      Start       End           China    United States    Europe    Rest of world    Total    Approx.",
        "2026-W01  2025-12-29  2026-01-04        0                0         2                0        2          1",
        "2026-W02  2026-01-05  2026-01-11        0                1         1                0        1          0",
        "2026-W03  2026-01-12  2026-01-18        0                0         0                0        0          0",
    ]
    markdown = run(cli, data, *args, "--format", "markdown").stdout.splitlines()
    assert [" ".join(c.split()) for c in markdown[7].split("|")[1:-1]] == [
        "Total", "", "", "0", "1", "3", "0", "3", "1"]


def test_skip_empty_and_csv_has_no_total_row(cli, data):
    result = run(cli, data, "weekly", "--since", "2025-12-29", "--until", "2026-02-15", "--skip-empty",
                 "--format", "csv")
    assert result.stdout.splitlines() == [
        "Week,Start,End,CN,FR,DE,GB,US,Total,Approx.,coverage",
        "2026-W01,2025-12-29,2026-01-04,0,1,1,0,0,2,1,covered",
        "2026-W02,2026-01-05,2026-01-11,0,1,0,1,1,1,0,covered",
        "2026-W07,2026-02-09,2026-02-15,4,0,0,0,0,4,1,covered",
    ]
    # A week the record does not cover is never left out as empty: its count is unknown, not 0.
    later = run(cli, data, "weekly", "--since", "2026-02-09", "--skip-empty", "--today", "2026-03-04",
                "--format", "csv")
    assert later.stdout.splitlines() == [
        "Week,Start,End,CN,Total,Approx.,coverage",
        "2026-W07,2026-02-09,2026-02-15,4,4,1,covered",  # W08, partial and empty, is left out
        "2026-W09,2026-02-23,2026-03-01,,,,not covered",
        "2026-W10,2026-03-02,2026-03-08,,,,not covered",
    ]


def test_attribution_first_from_the_command_line(cli, data):
    each = run(cli, data, "weekly", "--week", "2026-W02", "--format", "json")
    first = run(cli, data, "weekly", "--week", "2026-W02", "--attribution", "first", "--format", "json")
    assert json.loads(each.stdout)[0]["counts"] == {"FR": 1, "GB": 1, "US": 1}
    assert json.loads(first.stdout)[0]["counts"] == {"US": 1}
    assert json.loads(each.stdout)[0]["total"] == json.loads(first.stdout)[0]["total"] == 1


def test_weekly_default_is_the_8_weeks_up_to_this_week(cli, data):
    rows = json.loads(run(cli, data, "weekly", "--format", "json").stdout)  # today: 2026-02-16, in W08
    assert [r["week"] for r in rows] == [f"2026-W{w:02d}" for w in range(1, 9)]
    assert [r["total"] for r in rows] == [2, 1, 0, 0, 0, 0, 4, 0]
    assert [r["to_date"] for r in rows] == [False] * 7 + [True]
    three = json.loads(run(cli, data, "weekly", "--last", "3", "--format", "json").stdout)
    assert [r["week"] for r in three] == ["2026-W06", "2026-W07", "2026-W08"]
    later = json.loads(run(cli, data, "weekly", "--today", "2026-03-04", "--format", "json").stdout)
    assert [r["week"] for r in later][-1] == "2026-W10"  # the default follows today, not the newest release
    assert [(r["total"], r["coverage"]) for r in later][-3:] == [  # after the coverage: unknown, never 0
        (0, "partial"), (None, "not covered"), (None, "not covered")]


def test_counts_per_year_by_country_and_month_only_is_exact_in_months(cli, data):
    years = json.loads(run(cli, data, "counts", "--per", "year", "--format", "json").stdout)
    assert [(r["year"], r["counts"], r["total"]) for r in years] == [
        ("2025", {"CN": 0, "FR": 0, "DE": 1, "GB": 0, "US": 0}, 1),
        ("2026", {"CN": 4, "FR": 2, "DE": 0, "GB": 1, "US": 1}, 6),
    ]
    months = json.loads(run(cli, data, "counts", "--per", "month", "--since", "2026-01-01",
                            "--format", "json").stdout)
    assert [(r["month"], r["total"], r["approximate"]) for r in months] == [("2026-01", 2, 0), ("2026-02", 4, 0)]


def test_counts_by_organization_and_category_with_list_filters(cli, data):
    cats = json.loads(run(cli, data, "counts", "--per", "month", "--by", "category", "--since", "2026-02-01",
                          "--category", "video-generation", "--category", "coding", "--format", "json").stdout)
    assert cats[0]["counts"] == {"video-generation": 2, "coding": 0}
    orgs = json.loads(run(cli, data, "counts", "--per", "quarter", "--by", "organization", "--region", "Europe",
                          "--format", "json").stdout)
    assert [(r["quarter"], r["counts"]) for r in orgs] == [
        ("2025-Q4", {"Anglo Lab": 0, "Lab": 1, "Mistral AI": 0, "Paris Lab": 0}),
        ("2026-Q1", {"Anglo Lab": 1, "Lab": 0, "Mistral AI": 1, "Paris Lab": 1}),
    ]
    searched = json.loads(run(cli, data, "weekly", "--week", "2026-W07", "--org", "zhipu", "--format", "json").stdout)
    assert searched[0]["counts"] == {"CN": 1}


def test_markdown_table(cli, data):
    result = run(cli, data, "weekly", "--week", "2026-W07", "--by", "region", "--format", "markdown")
    assert result.stdout.splitlines()[:6] == [
        "## Releases per week by region, 2026-W07",
        "",
        "| Week     | Start      | End        |   China |   United States |   Europe |   Rest of world |   Total |   Approx. |",
        "|----------|------------|------------|---------|-----------------|----------|-----------------|---------|-----------|",
        "| 2026-W07 | 2026-02-09 | 2026-02-15 |       4 |               0 |        0 |               0 |       4 |         1 |",
        "",
    ]


def test_no_release_in_range_says_so_on_stderr(cli, data):
    result = run(cli, data, "weekly", "--by", "region", "--since", "2020-01-01", "--until", "2020-03-01", "--skip-empty",
                 "--format", "json")
    assert json.loads(result.stdout) == []
    assert result.stderr == "no release matches these options\n"


@pytest.mark.parametrize(("args", "message"), [
    (["--week", "2026-W54"], "error: --week: 2026 has ISO weeks 1 to 53, not 54"),
    (["--week", "7"], "error: --week: '7' is not an ISO week; expected YYYY-Www, e.g. 2026-W07, or this or last"),
    (["--since", "2026-03-01", "--until", "2026-02-01"],
     "error: --since/--until: --since 2026-03-01 is after --until 2026-02-01"),
    (["--by", "region", "--region", "Asia"],
     "error: --region: unknown region 'Asia'; expected one of: China, United States, Europe, Rest of world"),
    (["--country", "Atlantis"], "error: --country: unknown country 'Atlantis': give an ISO 3166 code (CN, US, GB) "
                                "or an English country name"),
    (["--week", "2026-W07", "--since", "2026-01-01"], "error: --week: give one of --week, --month, "
                                                      "--year or --since/--until, not --week and --since/--until"),
    (["--since", "2026-02-30"], "error: --since: '2026-02-30' does not exist: February 2026 has 28 days"),
])
def test_bad_input_is_one_line_naming_the_option_exit_2(cli, data, args, message):
    result = cli("weekly", *args, "--data-dir", str(data))
    assert (result.exit_code, result.stderr, result.stdout) == (2, message + "\n", "")


def test_bad_per_is_a_usage_error(cli, data):
    result = cli("counts", "--per", "decade", "--data-dir", str(data))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --per: 'decade' is not one of 'week', 'month', 'quarter', 'year', 'all'\n")


def test_sparkline():
    assert sparkline([0, 1, 2, 4, 8]) == "▁▂▃▅█"
    assert sparkline([0, 0]) == "▁▁"
    assert sparkline([1] * 60, width=26) == "█" * 20  # 60 weeks in buckets of 3
    assert sparkline([0, 1]) == "▁█"


def test_rich_table_has_total_row_and_trend_and_shows_names_as_text(tmp_path):
    from rich.console import Console
    from support import rel

    releases = [rel("a", "2026-02-12", ("[bold]Evil[/bold]", "CN")), rel("b", "2026-01-20", ("Lab", "US")),
                rel("c", "2026-02-10", ("Lab", "CN"))]
    counts = count(releases, by=By.organization)
    out = io.StringIO()
    Console(file=out, width=120, color_system=None, force_terminal=False).print(rich_table(counts, "T"))
    text = out.getvalue()
    assert "[bold]Evil[/bold]" in text  # markup in data is printed, not applied
    total_line = next(line for line in text.splitlines() if line.startswith("Total"))
    assert total_line.split() == ["Total", "2", "1", "3"]  # no Approx. column: none is approximate
    trend_line = next(line for line in text.splitlines() if line.startswith("Trend"))
    assert "█▁▁█" in trend_line and "▁▁▁█" in trend_line  # Lab: W04 and W07; Evil: W07 only


def test_bundled_week_7_by_region_counts_the_evidence_not_the_article(cli):
    """The seed article's week on the bundled data: the article's table says China 5,
    United States 0; the evidence dates Kling 3.0 and Seedance 2.0 in the week
    before, and finds two US releases and three Chinese ones the article left out."""
    result = cli("weekly", "--week", "2026-W07", "--by", "region", "--format", "json")
    assert result.exit_code == 0, result
    (row,) = json.loads(result.stdout)
    assert (row["week"], row["start"], row["end"]) == ("2026-W07", "2026-02-09", "2026-02-15")
    assert row["counts"] == {"China": 5, "United States": 2, "Europe": 0, "Rest of world": 0}
    assert row["total"] == 7
    listed = cli("list", "--week", "2026-W07", "--format", "csv").stdout.splitlines()[1:]
    assert sorted(line.split(",")[0] for line in listed) == [
        "glm-5", "gpt-5-3-codex-spark", "llama-nemotron-embed-vl-1b-v2", "ming-flash-omni-2-0",
        "minimax-m2-5", "qwen-image-2-0", "rynnbrain"]
    before = cli("list", "--week", "2026-W06", "--format", "csv").stdout
    assert "kling-3-0," in before and "seedance-2-0," in before
    plain = cli("weekly", "--week", "2026-W07", "--by", "region")
    assert plain.stdout.splitlines()[2].split()[:8] == ["2026-W07", "2026-02-09", "2026-02-15",
                                                        "5", "2", "0", "0", "7"]


def test_range_beyond_the_calendar_is_a_usage_error(cli, data):
    result = cli("weekly", "--until", "9999-12-31", "--data-dir", str(data))
    assert (result.exit_code, result.stderr) == (
        2, "error: --until: year 9999 is outside 1800 to 2999\n")
    result = cli("weekly", "--last", "200000", "--data-dir", str(data))
    assert (result.exit_code, result.stderr) == (2, "error: --last: 200,000 weeks is more than the 5,000 rows a count "
                                                     "shows; give fewer, or count per a longer period\n")


def test_bundled_week_7_sets_the_articles_tally_beside_the_record_with_each_difference(cli):
    (row,) = json.loads(cli("weekly", "--week", "2026-W07", "--by", "region", "--format", "json").stdout)
    (tally,) = row["reported"]
    assert (tally["source"], tally["reported"], tally["record"]) == (
        "article", {"China": 5, "United States": 0, "Europe": 0}, {"China": 5, "United States": 2, "Europe": 0})
    assert sorted((d["kind"], d["release"]) for d in tally["differences"]) == [
        ("dated elsewhere", "kling-3-0"), ("dated elsewhere", "seedance-2-0"),
        ("not named", "gpt-5-3-codex-spark"), ("not named", "llama-nemotron-embed-vl-1b-v2"),
        ("not named", "ming-flash-omni-2-0"), ("not named", "qwen-image-2-0")]
    # In a pipe the comparison goes to stderr with the rules, one difference a line.
    plain = cli("weekly", "--week", "2026-W07", "--by", "region")
    assert ("Reported by 中国AI模型密集发布：阿里、字节、快手上演技术实力大阅兵 for 2026-W07: China 5, "
            "United States 0, Europe 0. This record: China 5, United States 2, Europe 0.") in plain.stderr
    assert ("- Kling 3.0 (China): dated elsewhere: the source placed it in 2026-W07 (2026-02-12..2026-02-14); "
            "the evidence dates it 2026-02-05.") in plain.stderr.splitlines()
    # Another week, or another grouping, has no published tally to compare.
    (other,) = json.loads(cli("weekly", "--week", "2026-W07", "--by", "country", "--format", "json").stdout)
    assert "reported" not in other


@pytest.mark.parametrize("args, option", [
    # --today in 2999: no period after today is counted, so the range must end before it.
    (["weekly", "--since", "1800-01-01", "--until", "2999-12-31", "--today", "2999-12-31"], "--since"),
    (["counts", "--per", "month", "--since", "1800", "--until", "2999", "--today", "2999-12-31"], "--since"),
    (["weekly", "--last", "100000000"], "--last"),
])
def test_a_range_of_more_periods_than_a_count_shows_is_a_usage_error(cli, args, option):
    from ai_tracker.analysis.counting import MAX_PERIODS

    result = cli(*args)
    assert result.exit_code == 2, result
    assert result.stderr.startswith(f"error: {option}: ") and f"{MAX_PERIODS:,}" in result.stderr
    assert result.stdout == ""


def test_the_widest_range_a_count_shows_is_still_counted(cli):
    from ai_tracker.analysis.counting import MAX_PERIODS

    result = cli("counts", "--per", "year", "--since", "1800", "--until", "2999", "--today", "2999-12-31",
                 "--format", "csv")
    assert result.exit_code == 0, result
    assert len(result.stdout.splitlines()) == 1 + 1200 <= 1 + MAX_PERIODS


# --------------------------------------------------------------------------- --per all: one ranked total

def test_top_without_per_ranks_the_groups_over_the_whole_range(cli, data):
    """`counts --by organization --top 2`: one row per group with its total, not one per week."""
    result = run(cli, data, "counts", "--by", "country", "--top", "2")
    lines = result.stdout.splitlines()
    assert lines[0] == "Releases by country, 2025-12-29 to 2026-02-16"  # to today
    assert [line.split() for line in lines[1:]] == [
        ["Rank", "Country", "Releases", "Approx."], ["1", "CN", "4", "1"], ["2", "FR", "2", "0"],
        ["Others", "2", "0"]]
    assert "Total: 7 releases from 2025-12-29 to 2026-02-16, each counted once." in result.stderr
    assert "Others: the releases counted in any of the other 3 countries, each once." in result.stderr
    explained = run(cli, data, "counts", "--by", "country", "--top", "2", "--explain")
    assert "so rows can add up to more than Total" in explained.stderr


def test_per_all_json_is_one_object_with_the_total_and_the_ranked_groups(cli, data):
    result = run(cli, data, "counts", "--per", "all", "--by", "country", "--week", "2026-W07", "--format", "json")
    assert json.loads(result.stdout) == {
        "by": "country", "attribution": "each", "start": "2026-02-09", "end": "2026-02-15",
        "total": 4, "approximate": 1,
        "groups": [{"rank": 1, "country": "CN", "releases": 4, "approximate": 1}],
        "coverage": "covered", "to_date": False, "coverage_note": None}
    past = run(cli, data, "counts", "--per", "all", "--since", "2026-02-01", "--today", "2026-03-04",
               "--format", "json")
    record = json.loads(past.stdout)
    assert (record["end"], record["total"], record["coverage"]) == ("2026-03-04", 4, "partial")
    assert "A partial period's count is a floor." in record["coverage_note"]


def test_per_all_csv_has_a_row_per_group_and_ties_share_a_rank(cli, data):
    result = run(cli, data, "counts", "--per", "all", "--by", "country", "--since", "2026-01", "--format", "csv")
    assert result.stdout.splitlines() == [
        "Rank,Country,Releases,Approx.", "1,CN,4,1", "2,FR,2,0", "3,GB,1,0", "3,US,1,0"]
    assert "Total: 6 releases" in result.stderr  # notes to stderr, the rows stay data


def test_per_all_with_top_keeps_others_last_and_unranked(cli, data):
    result = run(cli, data, "counts", "--per", "all", "--by", "country", "--top", "1", "--format", "json")
    groups = json.loads(result.stdout)["groups"]
    assert groups[-1] == {"rank": None, "country": "Others", "releases": 3, "approximate": 0, "others": 4}


def test_weekly_top_stays_per_week_and_an_explicit_per_wins(cli, data):
    weekly = run(cli, data, "weekly", "--top", "1", "--since", "2026-02-02", "--format", "json")
    assert [r["week"] for r in json.loads(weekly.stdout)] == ["2026-W06", "2026-W07", "2026-W08"]
    monthly = run(cli, data, "counts", "--per", "month", "--top", "1", "--format", "json")
    assert [r["month"] for r in json.loads(monthly.stdout)] == ["2025-12", "2026-01", "2026-02"]
    last = run(cli, data, "counts", "--top", "1", "--last", "2", "--format", "json")  # --last counts weeks
    assert [r["week"] for r in json.loads(last.stdout)] == ["2026-W07", "2026-W08"]


def test_per_all_refuses_last(cli, data):
    result = cli("counts", "--per", "all", "--last", "3", "--data-dir", str(data))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --last: ") and "--per all" in result.stderr
