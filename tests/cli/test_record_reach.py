"""Where the record ends: `weekly`, `counts` and `list` with a period that runs past the
collection's newest release say so, in digest's words, as their other notes go
(stderr in a pipe, under the table on a terminal, a field of a json object), never
inside csv, tsv or a json array on stdout."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support import write_release

SAID = "The collection's newest release is dated 2026-02-12: the days after it are not in the record yet"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    write_release(d, "a", name="A", released={"date": "2026-01-20", "source": "s1"})
    write_release(d, "b", name="B", released={"date": "2026-02-12", "source": "s1"})  # the newest: a Thursday
    return d


def run(cli, data: Path, *args: str):  # type: ignore[no-untyped-def]
    result = cli(*args, "--data-dir", str(data))
    assert result.exit_code == 0, result
    return result


def test_weekly_of_a_week_past_the_newest_release_says_so_on_stderr(cli, data):
    result = run(cli, data, "weekly", "--week", "2026-W07")  # 2026-02-09..15: the record ends on the 12th
    assert f"{SAID}, so this week may have had more releases than it shows." in result.stderr
    assert "newest release" not in result.stdout
    quiet = run(cli, data, "weekly", "--week", "2026-W06")  # ends on 2026-02-08, inside the record
    assert "newest release" not in quiet.stderr + quiet.stdout


def test_weekly_with_today_names_the_week_it_cannot_see(cli, data):
    result = run(cli, data, "weekly", "--week", "last", "--today", "2026-06-01")
    assert f"{SAID}, so this week may have had more releases" in result.stderr


def test_counts_names_the_periods_past_the_record_and_keeps_csv_and_json_arrays_data(cli, data):
    csv = run(cli, data, "counts", "--per", "month", "--since", "2026-01", "--format", "csv")
    assert csv.stdout.splitlines()[1:] == ["2026-01,2026-01-01,2026-01-31,1,1,0", "2026-02,2026-02-01,2026-02-28,1,1,0"]
    assert f"{SAID}, so 2026-02 may have had more releases than it shows." in csv.stderr
    weeks = run(cli, data, "counts", "--since", "2026-02-01", "--until", "2026-03-01", "--skip-empty",
                "--format", "json")
    assert [r["week"] for r in json.loads(weeks.stdout)] == ["2026-W07"]  # a json array of weeks, and only that
    assert "so every week from 2026-W07 on may have had more releases" in weeks.stderr
    inside = run(cli, data, "counts", "--per", "month", "--until", "2026-01", "--format", "json")
    assert inside.stderr == ""


def test_counts_per_all_carries_it_in_its_json_object(cli, data):
    result = run(cli, data, "counts", "--per", "all", "--since", "2026-02-01", "--until", "2026-02-28",
                 "--format", "json")
    record = json.loads(result.stdout)
    assert record["newest_release"] == "2026-02-12"
    assert record["coverage"] == f"{SAID}, so this range may have had more releases than it shows."
    whole = json.loads(run(cli, data, "counts", "--per", "all", "--format", "json").stdout)
    assert whole["end"] == "2026-02-12" and whole["coverage"] is None  # the record's own range reaches no further


def test_list_with_a_period_past_the_newest_release_says_so_in_every_format(cli, data):
    plain = run(cli, data, "list", "--month", "2026-02")
    assert f"{SAID}, so this month may have had more releases" in plain.stderr
    assert "newest" not in plain.stdout
    as_json = run(cli, data, "list", "--since", "2026-03-01", "--format", "json")
    assert json.loads(as_json.stdout) == []
    assert "so this range may have had more releases" in as_json.stderr
    fields = run(cli, data, "list", "--week", "2026-W07", "--json", "id")
    assert json.loads(fields.stdout) == [{"id": "b"}] and SAID in fields.stderr
    ids = run(cli, data, "list", "--week", "2026-W07", "--quiet")
    assert ids.stdout == "b\n" and SAID in ids.stderr
    csv = run(cli, data, "list", "--year", "2026", "--format", "csv")
    assert SAID not in csv.stdout and SAID in csv.stderr


def test_list_stays_silent_where_the_record_reaches(cli, data):
    for args in (["--since", "2026-01-01"], ["--week", "2026-W04"], []):
        result = run(cli, data, "list", *args)
        assert "newest release" not in result.stderr, args


def test_on_a_terminal_the_note_is_under_the_table(cli, data, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    for command in (["list", "--week", "2026-W07"], ["weekly", "--week", "2026-W07"]):
        result = cli(*command, "--data-dir", str(data), env={"COLUMNS": "200"})
        assert result.exit_code == 0, result
        assert SAID in ANSI.sub("", result.stdout), command
