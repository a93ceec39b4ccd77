"""The record's coverage and today: never a gap shown as a quiet week.

Exact answers on `tests/data/coverage/` (its own coverage.yaml: complete in January
2026, partial to 2026-02-20, and North Lab complete through February); relations
only on the bundled record, which grows."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from support import REPO, write_release

from ai_tracker.cli.common import relative_day
from ai_tracker.collection.coverage import Coverage, Span, Statement

FOLDER = str(REPO / "tests" / "data" / "coverage")
TODAY = "2026-03-10"  # a Tuesday of 2026-W11
ANSI = re.compile(r"\x1b\[[0-9;]*m")
PAST = ("Coverage: complete 2026-01-01 to 2026-01-31, partial to 2026-02-20 (checked 2026-03-10); "
        "releases after 2026-02-20 are not known.")

# The bundled record's checked day, as its coverage.yaml says: it moves whenever the record is
# checked again, so tests read it rather than pin it.
BUNDLED_CHECKED = re.search(r"^checked: (\S+)", (REPO / "releases" / "coverage.yaml").read_text(encoding="utf-8"),
                            re.MULTILINE).group(1)  # type: ignore[union-attr]



def run(cli, *args: str, code: int = 0):  # type: ignore[no-untyped-def]
    pinned = () if "--today" in args else ("--today", TODAY)
    result = cli(*args, "--data-dir", FOLDER, *pinned)
    assert result.exit_code == code, result
    return result


# --------------------------------------------------------------------------- counts: not covered is not zero

def test_weekly_is_the_eight_weeks_up_to_this_week_and_weeks_past_the_coverage_are_unknown(cli):
    rows = json.loads(run(cli, "weekly", "--format", "json").stdout)
    assert [(r["week"], r["total"], r["coverage"], r["to_date"]) for r in rows] == [
        ("2026-W04", 0, "covered", False),  # a quiet week the record covers: 0
        ("2026-W05", 1, "partial", False),  # 2026-01-26..02-01: its last day is partial
        ("2026-W06", 1, "partial", False),
        ("2026-W07", 1, "partial", False),
        ("2026-W08", 1, "partial", False),  # to 2026-02-20, then nothing
        ("2026-W09", None, "not covered", False),  # Beta Four (2026-02-25) is in the files, not in a count
        ("2026-W10", None, "not covered", False),
        ("2026-W11", None, "not covered", True),
    ]
    assert rows[-1]["counts"] == {"US": None, "CN": None}


def test_every_format_marks_a_period_not_covered_and_none_shows_zero(cli):
    plain = run(cli, "weekly")
    lines = plain.stdout.splitlines()
    assert lines[1].split()[-1] == "Coverage"
    assert lines[2].split() == ["2026-W04", "2026-01-19", "2026-01-25", "0", "0", "0", "0"]
    assert lines[-1].split() == ["2026-W11", "2026-03-09", "2026-03-15", "—", "—", "—", "—", "not", "covered,",
                                 "to", "date"]
    assert "— marks a period the record does not cover: its count is unknown, not 0." in plain.stderr
    csv = run(cli, "counts", "--per", "month", "--format", "csv").stdout.splitlines()
    assert csv == ["Month,Start,End,US,CN,Total,Approx.,coverage",
                   "2026-01,2026-01-01,2026-01-31,2,1,3,0,covered",
                   "2026-02,2026-02-01,2026-02-28,3,1,4,0,partial",
                   "2026-03,2026-03-01,2026-03-31,,,,,not covered"]
    markdown = run(cli, "counts", "--per", "month", "--format", "markdown").stdout
    cells = {line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:-1]]
             for line in markdown.splitlines() if line.startswith("| 20") or line.startswith("| Total")}
    assert cells["2026-03"] == ["2026-03-01", "2026-03-31", "—", "—", "—", "—", "not covered, to date"]
    assert cells["Total"][-1] == "covered periods only"  # the Total over them is marked
    html = run(cli, "counts", "--per", "month", "--format", "html").stdout
    assert "not covered, to date" in html and ">—<" in html


def test_on_a_terminal_unknown_counts_are_marked_and_the_line_is_under_the_table(cli, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = cli("weekly", "--data-dir", FOLDER, "--today", TODAY, env={"COLUMNS": "200"})
    shown = ANSI.sub("", result.stdout)
    w11 = next(line for line in shown.splitlines() if line.startswith("2026-W11"))
    assert "—" in w11 and "not covered, to date" in w11 and " 0 " not in w11
    assert "its count is unknown, not 0" in shown


def test_skip_empty_never_hides_a_period_not_covered(cli):
    rows = json.loads(run(cli, "weekly", "--skip-empty", "--format", "json").stdout)
    assert [r["week"] for r in rows] == ["2026-W05", "2026-W06", "2026-W07", "2026-W08", "2026-W09", "2026-W10",
                                        "2026-W11"]


def test_spans_of_an_organisation_apply_when_the_count_is_filtered_to_it(cli):
    rows = json.loads(run(cli, "weekly", "--org", "north", "--format", "json").stdout)
    assert [(r["week"], r["total"], r["coverage"]) for r in rows][4:] == [
        ("2026-W08", 1, "covered"), ("2026-W09", 1, "partial"),  # North Lab: complete to 2026-02-28
        ("2026-W10", None, "not covered"), ("2026-W11", None, "not covered")]
    everyone = json.loads(run(cli, "weekly", "--format", "json").stdout)
    assert everyone[5]["total"] is None  # every lab's coverage ends on 2026-02-20


def test_per_all_and_top_over_uncovered_periods_are_marked(cli):
    record = json.loads(run(cli, "counts", "--per", "all", "--format", "json").stdout)
    assert (record["start"], record["end"], record["total"], record["coverage"]) == (
        "2026-01-05", "2026-03-10", 7, "partial")
    gone = json.loads(run(cli, "counts", "--per", "all", "--since", "2026-03-01", "--format", "json").stdout)
    assert (gone["total"], gone["coverage"], gone["groups"]) == (None, "not covered", [])
    top = run(cli, "counts", "--top", "1", "--per", "week", "--since", "2026-02-01")
    assert "--top ranks by the periods covered." in top.stderr


def test_the_chart_draws_no_bar_for_a_period_not_covered_and_partial_ones_lighter(cli, tmp_path):
    pytest.importorskip("matplotlib")
    chart = tmp_path / "weeks.svg"
    run(cli, "weekly", "--chart", str(chart))
    svg = chart.read_text(encoding="utf-8")
    assert svg.count(">not covered<") == 3  # a label on each band (text stays text in the SVG)
    assert "partial coverage (lighter): a floor" in svg and "not covered: count unknown" in svg
    png = tmp_path / "months.png"
    run(cli, "counts", "--per", "month", "--chart", str(png))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --------------------------------------------------------------------------- today

def test_relative_days_count_back_from_today():
    today = dt.date(2026, 5, 31)
    assert relative_day("today", today) == today
    assert relative_day("yesterday", today) == dt.date(2026, 5, 30)
    assert relative_day("7d", today) == dt.date(2026, 5, 24)
    assert relative_day("2w", today) == dt.date(2026, 5, 17)
    assert relative_day("3m", today) == dt.date(2026, 2, 28)  # the same day, clamped to the month's end
    assert relative_day("1y", dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)
    assert relative_day("2026-05", today) is None


def test_list_since_7d_is_the_last_seven_days_up_to_today(cli):
    ids = run(cli, "list", "--since", "7d", "--today", "2026-02-20", "--quiet").stdout.split()
    assert ids == ["b3"]  # 2026-02-13..20: Beta Three (02-18); Beta Four (02-25) is after today
    also = run(cli, "list", "--since", "2026-02-13", "--until", "today", "--today", "2026-02-20", "--quiet")
    assert also.stdout.split() == ids


def test_a_period_after_today_alone_is_a_usage_error(cli):
    for args in (["weekly", "--week", "2026-W12"], ["list", "--since", "2026-04-01"],
                 ["digest", "--month", "2026-04"], ["counts", "--year", "2027"]):
        result = run(cli, *args, code=2)
        assert "after today (2026-03-10)" in result.stderr and result.stdout == "", args
    month = json.loads(run(cli, "counts", "--month", "this", "--format", "json").stdout)
    assert [r["week"] for r in month] == ["2026-W09", "2026-W10", "2026-W11"]  # W12 to W14 are still to come


def test_today_comes_from_the_environment_when_not_given(cli):
    result = cli("weekly", "--data-dir", FOLDER, "--format", "json", env={"AI_TRACKER_TODAY": "2026-02-01"})
    assert json.loads(result.stdout)[-1]["week"] == "2026-W05"
    bad = cli("weekly", "--data-dir", FOLDER, env={"AI_TRACKER_TODAY": "2026-02"})
    assert bad.exit_code == 2 and bad.stderr.startswith("error: AI_TRACKER_TODAY: ")


def test_only_one_place_reads_the_clock():
    """Every default counts from --today or $AI_TRACKER_TODAY (cli/common.today_option); the
    one other reader is a feed's `updated`, the time it was written, which no period uses."""
    readers = sorted(str(p.relative_to(REPO)) for p in (REPO / "ai_tracker").rglob("*.py")
                     if re.search(r"\bdate\.today\(\)|datetime\.now\(", p.read_text(encoding="utf-8")))
    assert readers == ["ai_tracker/cli/common.py", "ai_tracker/interchange/feeds.py"]


# --------------------------------------------------------------------------- one line past the coverage; digest

def test_a_listing_that_runs_past_the_coverage_names_it_in_one_line(cli):
    open_end = run(cli, "list", "--since", "2026-02-01")
    assert open_end.stderr == PAST + "\n" and "Coverage" not in open_end.stdout
    as_json = run(cli, "list", "--since", "2026-02-01", "--format", "json")
    assert [r["id"] for r in json.loads(as_json.stdout)] == ["b4", "b3", "b2", "b1"] and PAST in as_json.stderr
    assert run(cli, "list").stderr == PAST + "\n"  # a bare call runs to today
    inside = run(cli, "list", "--since", "2026-01-01", "--until", "2026-02-20")
    assert inside.stderr == ""


def test_digest_is_of_the_last_whole_week_and_a_week_not_covered_is_one_sentence(cli):
    plain = run(cli, "digest")
    assert plain.stdout == (
        "AI releases, week 2026-W10 (2026-03-02 to 2026-03-08)\n\nThe record does not cover this week "
        "(2026-03-02 to 2026-03-08): its releases are not known, so none is listed and nothing is counted.\n")
    record = json.loads(run(cli, "digest", "--format", "json").stdout)
    assert (record["week"], record["counts"]["total"], record["coverage"]) == ("2026-W10", None, "not covered")
    this = json.loads(run(cli, "digest", "--week", "this", "--format", "json").stdout)
    assert (this["week"], this["to_date"]) == ("2026-W11", True)
    page = run(cli, "digest", "--format", "html").stdout
    assert "does not cover this week" in page and "<svg" not in page and "Releases (0)" not in page
    covered = run(cli, "digest", "--week", "2026-W03").stdout
    assert "Alpha Two" in covered and "cover" not in covered and "Quotes" not in covered  # empty sections left out
    opened = run(cli, "digest", "--since", "2026-02-15", "--format", "json")
    assert json.loads(opened.stdout)["coverage_note"].endswith(PAST)


# --------------------------------------------------------------------------- status, --version, combining

def test_status_names_each_record_its_checked_date_newest_release_and_coverage(cli, tmp_path):
    bare = tmp_path / "mine"
    write_release(bare, "m", released={"date": "2026-01-10", "source": "s1"})
    result = cli("status", "-d", "@bundled", "-d", FOLDER, "-d", str(bare), "--format", "json")
    assert result.exit_code == 0, result
    status = json.loads(result.stdout)
    bundled, test_folder, mine = status["records"]
    assert bundled["folder"] == "@bundled" and bundled["coverage"]["checked"] == BUNDLED_CHECKED
    assert bundled["newest_release"] >= "2026-11-18" and bundled["releases"] > 200
    assert (test_folder["releases"], test_folder["newest_release"], test_folder["coverage"]["checked"]) == (
        7, "2026-02-25", "2026-03-10")
    assert (mine["releases"], mine["coverage"]) == (1, None)  # a folder without a statement says so
    assert status["coverage"]["checked"] == BUNDLED_CHECKED and status["today"] == "2026-12-08"
    plain = cli("status", "-d", FOLDER, "-d", str(bare)).stdout
    assert "no statement of coverage (no coverage.yaml)" in plain


def test_folders_read_together_take_the_higher_level_for_each_day(cli, tmp_path):
    wide = tmp_path / "wide"
    write_release(wide, "w", released={"date": "2026-02-24", "source": "s1"})
    (wide / "coverage.yaml").write_text("checked: 2026-03-01\nspans:\n  - {from: 2026-02-01, to: 2026-02-28, "
                                        "level: complete}\n", encoding="utf-8")
    rows = json.loads(cli("weekly", "-d", FOLDER, "-d", str(wide), "--today", TODAY, "--format", "json").stdout)
    assert [(r["week"], r["coverage"]) for r in rows][1:6] == [  # February complete, January complete
        ("2026-W05", "covered"), ("2026-W06", "covered"), ("2026-W07", "covered"), ("2026-W08", "covered"),
        ("2026-W09", "partial")]
    assert rows[5]["total"] == 2  # Beta Four and w, now covered in part


def test_coverage_combines_by_the_highest_level_of_each_day():
    a = Statement(Path("a"), True, dt.date(2026, 3, 1), (Span(dt.date(2026, 1, 1), dt.date(2026, 1, 31), 1),))
    b = Statement(Path("b"), True, dt.date(2026, 3, 1), (Span(dt.date(2026, 1, 15), dt.date(2026, 2, 10), 2),))
    both = Coverage((a, b))
    assert both.level(dt.date(2026, 1, 1), dt.date(2026, 1, 14)) == "partial"
    assert both.level(dt.date(2026, 1, 15), dt.date(2026, 2, 10)) == "covered"
    assert both.level(dt.date(2026, 2, 11), dt.date(2026, 2, 12)) == "not covered"
    assert both.segments() == [(dt.date(2026, 1, 1), dt.date(2026, 1, 14), "partial"),
                               (dt.date(2026, 1, 15), dt.date(2026, 2, 10), "complete")]


def test_a_broken_coverage_statement_is_reported_with_its_line(cli, tmp_path):
    d = tmp_path / "d"
    shutil.copytree(FOLDER, d)
    (d / "coverage.yaml").write_text("checked: 2026-03\nspans:\n  - {to: 2026-01-31, level: full}\n",
                                     encoding="utf-8")
    result = cli("validate", "--data-dir", str(d))
    assert result.exit_code == 1
    assert f"{d / 'coverage.yaml'}:1:10: checked: '2026-03' is not a day; expected YYYY-MM-DD" in result.stdout
    assert "spans[0].level" in result.stdout


def test_version_keeps_its_first_line_and_adds_the_records_checked_date(cli):
    result = cli("--version")
    first, second = result.stdout.splitlines()
    assert first.startswith("ai-tracker ") and second == f"bundled record checked {BUNDLED_CHECKED}"


# --------------------------------------------------------------------------- the bundled record: relations only

def test_on_the_bundled_record_weeks_past_the_coverage_are_marked_never_zero(cli):
    rows = json.loads(cli("weekly", "--today", "2026-12-08", "--format", "json").stdout)
    assert rows[-1]["week"] == "2026-W50" and rows[-1]["to_date"]
    status = json.loads(cli("status", "--format", "json").stdout)
    covered_to = status["coverage"]["covered_to"]
    for row in rows:
        if row["start"] > covered_to:
            assert (row["total"], row["coverage"]) == (None, "not covered"), row
        else:
            assert row["total"] is not None, row
    digest = json.loads(cli("digest", "--today", "2026-12-08", "--format", "json").stdout)
    assert digest["week"] == "2026-W49" and digest["coverage"] == "not covered"


def test_on_the_bundled_record_months_are_marked_by_the_coverage(cli):
    months = json.loads(cli("counts", "--per", "month", "--year", "2026", "--format", "json").stdout)
    status = json.loads(cli("status", "--format", "json").stdout)["coverage"]
    for row in months:
        expected = ("covered" if row["end"] <= status["complete_to"] else
                    "not covered" if row["start"] > status["covered_to"] else "partial")
        assert row["coverage"] == expected, row


def test_on_the_bundled_record_since_7d_lists_exactly_the_week_to_today(cli):
    listed = json.loads(cli("list", "--since", "7d", "--today", "2026-10-10", "--format", "json").stdout)
    every = json.loads(cli("list", "--format", "json").stdout)
    day = re.compile(r"^\d{4}-\d{2}-\d{2}")
    wanted = [r["id"] for r in every if day.match(str(r["released"]["date"]))
              and "2026-10-03" <= str(r["released"]["date"])[:10] <= "2026-10-10"]
    assert [r["id"] for r in listed] == wanted
