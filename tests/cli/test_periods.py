"""Periods as people say them (--week this|last, --month, --year, --today) and
--region, with one rule for every command: list, export, counts, weekly, digest."""

from __future__ import annotations

import csv
import io
import json

import pytest
from support import write_release


@pytest.fixture
def data(tmp_path):
    d = tmp_path / "d"
    write_release(d, "jan", name="Jan", organization=[{"name": "Lab", "country": "FR"}],
                  released={"date": "2025-01-31", "source": "s1"})
    write_release(d, "feb-mon", name="Feb Monday", organization=[{"name": "Lab", "country": "US"}],
                  released={"date": "2026-02-09", "source": "s1"})
    write_release(d, "feb-sun", name="Feb Sunday", organization=[{"name": "Lab", "country": "CN"}],
                  released={"date": "2026-02-15", "source": "s1"})
    write_release(d, "next-week", name="Next Week", organization=[{"name": "Lab", "country": "CN"}],
                  released={"date": "2026-02-16", "source": "s1"})
    return d


def ids(cli, data, *args: str) -> list[str]:
    result = cli("list", "--format", "csv", "--data-dir", str(data), *args)
    assert result.exit_code == 0, result.stderr
    return [row[0] for row in list(csv.reader(io.StringIO(result.stdout)))[1:]]


@pytest.mark.parametrize("args, expected", [
    (("--week", "this", "--today", "2026-02-15"), ["feb-sun", "feb-mon"]),  # Sunday ends the ISO week
    (("--week", "last", "--today", "2026-02-16"), ["feb-sun", "feb-mon"]),
    (("--week", "THIS", "--today", "2026-02-16"), ["next-week"]),
    (("--month", "2026-02"), ["next-week", "feb-sun", "feb-mon"]),
    (("--month", "last", "--today", "2026-03-01"), ["next-week", "feb-sun", "feb-mon"]),
    (("--month", "this", "--today", "2025-01-05"), ["jan"]),
    (("--year", "2025"), ["jan"]),
    (("--year", "last", "--today", "2026-06-01"), ["jan"]),
    (("--region", "Europe"), ["jan"]),
    (("--region", "china", "--week", "2026-W07"), ["feb-sun"]),
])
def test_periods_and_regions_select_the_same_releases_everywhere(cli, data, args, expected):
    assert ids(cli, data, *args) == expected
    exported = cli("export", "--format", "jsonl", "--data-dir", str(data), *args).stdout.splitlines()
    assert [json.loads(line)["id"] for line in exported] == expected


def test_counts_take_the_same_periods(cli, data):
    rows = cli("counts", "--per", "month", "--month", "last", "--today", "2026-03-10", "--format", "json",
               "--data-dir", str(data)).stdout
    (row,) = json.loads(rows)
    assert (row["month"], row["total"]) == ("2026-02", 3)
    weekly = json.loads(cli("weekly", "--week", "last", "--today", "2026-02-18", "--format", "json",
                            "--data-dir", str(data)).stdout)
    assert [(w["week"], w["total"]) for w in weekly] == [("2026-W07", 2)]


@pytest.mark.parametrize("args, message", [
    (("--month", "2026"), "error: --month: '2026' is not a month; expected 2025-01, this or last\n"),
    (("--year", "2026-02"), "error: --year: '2026-02' is not a year; expected 2025, this or last\n"),
    (("--week", "next"), "error: --week: 'next' is not an ISO week; expected YYYY-Www, e.g. 2026-W07, or this or last\n"),
    (("--today", "2026-02", "--week", "this"), "error: --today: '2026-02' is not a day; expected YYYY-MM-DD\n"),
    (("--month", "2026-02", "--year", "2026"), "error: --month: give one of --week, --month, --year or "
                                               "--since/--until, not --month and --year\n"),
    (("--week", "2026-W07", "--since", "2026-01"), "error: --week: give one of --week, --month, --year or "
                                                   "--since/--until, not --week and --since/--until\n"),
    (("--region", "Asia"), "error: --region: unknown region 'Asia'; expected one of: China, United States, "
                           "Europe, Rest of world\n"),
    # this/last made from --today are held to the rule of a typed period: years 1800 to 2999
    (("--week", "last", "--today", "1800-01-01"),
     "error: --week: last week of 1800-01-01 is 1799-W52: year 1799 is outside 1800 to 2999\n"),
    (("--month", "last", "--today", "1800-01-01"),
     "error: --month: last month of 1800-01-01 is 1799-12: year 1799 is outside 1800 to 2999\n"),
    (("--year", "last", "--today", "1800-12-31"),
     "error: --year: last year of 1800-12-31 is 1799: year 1799 is outside 1800 to 2999\n"),
    (("--week", "this", "--today", "2999-12-31"),
     "error: --week: this week of 2999-12-31 is 3000-W01: year 3000 is outside 1800 to 2999\n"),
    (("--week", "1799-W52"), "error: --week: year 1799 is outside 1800 to 2999\n"),
])
@pytest.mark.parametrize("command", ["list", "export", "counts", "digest"])
def test_bad_periods_are_usage_errors_in_every_command(cli, data, command, args, message):
    result = cli(command, "--data-dir", str(data), *args)
    assert (result.exit_code, result.stderr, result.stdout) == (2, message, "")


def test_the_first_and_last_periods_today_may_make_are_those_a_user_may_type(cli, data):
    for args in (("--week", "this", "--today", "1800-01-01"), ("--week", "1800-W01"),
                 ("--month", "this", "--today", "1800-01-31"), ("--year", "last", "--today", "2999-01-01"),
                 ("--week", "last", "--today", "2999-12-31"), ("--week", "2999-W52", "--today", "2999-12-31")):
        result = cli("list", "--data-dir", str(data), *args)
        assert (result.exit_code, result.stdout.splitlines()[1:]) == (0, []), args


def test_digest_of_a_month_and_of_a_range_with_list_filters(cli, data):
    month = json.loads(cli("digest", "--month", "2026-02", "--format", "json", "--data-dir", str(data)).stdout)
    assert (month["month"], month["start"], month["end"]) == ("2026-02", "2026-02-01", "2026-02-28")
    assert [r["id"] for r in month["releases"]] == ["feb-mon", "feb-sun", "next-week"]
    china = json.loads(cli("digest", "--month", "2026-02", "--country", "CN", "--format", "json",
                           "--data-dir", str(data)).stdout)
    assert [r["id"] for r in china["releases"]] == ["feb-sun", "next-week"]
    assert china["counts"]["total"] == 2
    span = cli("digest", "--since", "2026-02-10", "--until", "2026-02-16", "--data-dir", str(data)).stdout
    assert span.splitlines()[0] == "AI releases, 2026-02-10 to 2026-02-16"
    assert "Feb Sunday" in span and "Next Week" in span and "Feb Monday" not in span
    assert "One range, by released date;" in span
    explained = cli("digest", "--since", "2026-02-10", "--until", "2026-02-16", "--explain", "--data-dir", str(data))
    assert "The range is 2026-02-10..2026-02-16; a release counts in it when the earliest day" in explained.stdout
    year = cli("digest", "--year", "2025", "--format", "markdown", "--data-dir", str(data)).stdout
    assert year.splitlines()[0] == "# AI releases, year 2025 (2025-01-01 to 2025-12-31)"
