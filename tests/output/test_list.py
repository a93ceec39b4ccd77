"""`list`: every filter and every format, asserting what is printed."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import yaml
from support import minimal, write_release


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    write_release(folder, "glm-5", name="GLM-5", aliases=["智谱GLM-5"],
                  organization=[{"name": "Zhipu AI", "country": "CN", "aliases": ["智谱AI"]}],
                  released={"date": "2026-02-12", "source": "s1"},
                  categories=["language", "coding"], open_weights=True, access=["open-weights", "api"],
                  summary="Open model for long-horizon agent tasks.")
    write_release(folder, "kling-3-0", name="Kling 3.0",
                  organization=[{"name": "Kuaishou", "country": "CN"}],
                  released={"date": "2026-02-12..2026-02-14", "source": "s1"},
                  categories=["video-generation"], open_weights=False, access=["app", "subscription"])
    write_release(folder, "mistral-7b", name="Mistral 7B",
                  organization=[{"name": "Mistral AI", "country": "FR"}],
                  released={"date": "2023-09-27", "source": "s1"}, categories=["language"],
                  open_weights=True, license="Apache-2.0")
    write_release(folder, "gpt-4", name="GPT-4", organization=[{"name": "OpenAI", "country": "US"}],
                  released={"date": "2023-03", "source": "s1"}, categories=["language", "multimodal"],
                  open_weights=False, access=["api"])
    write_release(folder / "joint", "joint-model", name="Joint Model",
                  organization=[{"name": "Lab A", "country": "US"}, {"name": "Lab B", "country": ["GB", "FR"]}],
                  released={"date": "2025-06", "source": "s1"}, categories=["science"])
    return folder


def names(cli, data, *args):
    result = cli("list", "-d", str(data), "--format", "csv", *args)
    assert result.exit_code == 0, result
    return [row["name"] for row in csv.DictReader(io.StringIO(result.stdout))]


def test_newest_first_with_precision_shown(cli, data):
    result = cli("list", "-d", str(data))
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Released", "Name", "Organization", "Country", "Categories", "Open", "weights",
                                "Access"]
    assert [line.split()[0] for line in lines[1:]] == [
        "2026-02-12..14", "2026-02-12", "2025-06", "2023-09-27", "2023-03"]  # a window, compact
    assert "\x1b" not in result.stdout  # piped: no ANSI codes


@pytest.mark.parametrize("args, expected", [
    (("--country", "CN"), ["Kling 3.0", "GLM-5"]),
    (("--country", "china", "--country", "fr"), ["Kling 3.0", "GLM-5", "Joint Model", "Mistral 7B"]),
    (("--country", "United Kingdom"), ["Joint Model"]),
    (("--org", "zhipu"), ["GLM-5"]),
    (("--org", "智谱"), ["GLM-5"]),
    (("--category", "video-generation"), ["Kling 3.0"]),
    (("--since", "2026-01-01"), ["Kling 3.0", "GLM-5"]),
    (("--until", "2023-12-31"), ["Mistral 7B", "GPT-4"]),
    # One rule for a period, the counting rule: a month-only date is in the period of its first day.
    (("--since", "2023-03-15", "--until", "2023-03-31"), []),
    (("--since", "2023-03-01", "--until", "2023-03-14"), ["GPT-4"]),
    (("--since", "2026-02"), ["Kling 3.0", "GLM-5"]),  # a month: from its first day
    (("--until", "2023"), ["Mistral 7B", "GPT-4"]),  # a year: to its last day
    (("--week", "2026-W07"), ["Kling 3.0", "GLM-5"]),
    (("--open-weights",), ["GLM-5", "Mistral 7B"]),
    (("--closed",), ["Kling 3.0", "GPT-4"]),
    (("--search", "AGENT"), ["GLM-5"]),
    (("--search", "智谱glm"), ["GLM-5"]),
    (("--sort", "name"), ["GLM-5", "GPT-4", "Joint Model", "Kling 3.0", "Mistral 7B"]),
    (("--sort", "name", "--reverse"), ["Mistral 7B", "Kling 3.0", "Joint Model", "GPT-4", "GLM-5"]),
    (("--sort", "country"), ["GLM-5", "Kling 3.0", "Mistral 7B", "GPT-4", "Joint Model"]),
    (("--reverse", "--limit", "2"), ["GPT-4", "Mistral 7B"]),
])
def test_filters(cli, data, args, expected):
    assert names(cli, data, *args) == expected


def test_several_countries_of_one_release(cli, data):
    result = cli("list", "-d", str(data), "--format", "tsv", "--country", "GB")
    assert result.stdout.splitlines()[1].split("\t") == [
        "joint-model", "2025-06", "Joint Model", "Lab A; Lab B", "US; GB; FR", "science", "", "", "false"]


def test_json_is_the_full_record(cli, data):
    result = cli("list", "-d", str(data), "--format", "json", "--org", "zhipu")
    [record] = json.loads(result.stdout)
    assert record["id"] == "glm-5"
    assert record["released"] == {"date": "2026-02-12", "source": "s1", "note": None}
    assert record["organization"][0] == {"name": "Zhipu AI", "country": ["CN"], "aliases": ["智谱AI"],
                                         "parent": None}
    assert record["sources"] == [{"id": "s1", "kind": None, "title": "A test source", "publisher": None, "url": None,
                                  "date": None, "note": None}]


def test_yaml_format(cli, data):
    result = cli("list", "-d", str(data), "--format", "yaml", "--week", "2026-W07")
    records = yaml.safe_load(result.stdout)
    assert [r["id"] for r in records] == ["kling-3-0", "glm-5"]
    assert records[0]["released"]["date"] == "2026-02-12..2026-02-14"


def test_markdown_format(cli, data):
    result = cli("list", "-d", str(data), "--format", "markdown", "--country", "FR", "--country", "US")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| Released ")
    assert lines[1].startswith("|--")
    assert lines[2].split("|")[2].strip() == "Joint Model"  # a month sorts by its first day


def test_plain_aligns_chinese_text(cli, tmp_path):
    write_release(tmp_path / "d", "a", name="智谱清言", organization=[{"name": "智谱AI", "country": "CN"}])
    write_release(tmp_path / "d", "b", name="Short", released={"date": "2026-02-11", "source": "s1"})
    lines = cli("list", "-d", str(tmp_path / "d"), "--format", "plain").stdout.splitlines()
    # wcwidth counts each Chinese character as two columns, so the next column lines up.
    from wcwidth import wcswidth

    starts = {wcswidth(line[: line.index(org)]) for line, org in zip(lines[1:], ["智谱AI", "Test Lab"])}
    assert len(starts) == 1


def test_untrusted_text_is_printed_literally(cli, tmp_path, monkeypatch):
    write_release(tmp_path / "d", "evil", name="[red]x[/red] foo[/bar]",
                  organization=[{"name": "Lab [bold]B[/]", "country": "US"}])
    plain = cli("list", "-d", str(tmp_path / "d"), "--format", "plain").stdout
    assert "[red]x[/red] foo[/bar]" in plain and "Lab [bold]B[/]" in plain
    monkeypatch.setenv("FORCE_COLOR", "1")  # a Rich table, as on a terminal
    table = cli("list", "-d", str(tmp_path / "d"), "--format", "table", env={"COLUMNS": "200"}).stdout
    assert "[red]x[/red] foo[/bar]" in table and "────" in table


def test_table_on_a_terminal_is_rich(cli, data, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = re.sub(r"\x1b\[[0-9;]*m", "", cli("list", "-d", str(data), env={"COLUMNS": "200"}).stdout)
    lines = [line for line in out.splitlines() if line.strip()]
    assert lines[0].split() == ["Released", "Name", "Organization", "Country", "Categories", "Open", "weights",
                                "Access"]
    assert set(lines[1].strip()) == {"─"}
    assert lines[2].split()[:3] == ["2026-02-12..14", "Kling", "3.0"]


def test_limit_says_how_many_were_left_out(cli, data):
    result = cli("list", "-d", str(data), "--limit", "1")
    assert len(result.stdout.splitlines()) == 2  # the header and one row: the note is not data
    assert result.stderr == "showing 1 of 5 releases\n"
    assert len(cli("list", "-d", str(data), "--limit", "0").stdout.splitlines()) == 6


def test_a_terminal_gets_a_screenful_and_a_pipe_everything(cli, tmp_path, monkeypatch):
    from ai_tracker.cli.commands.list_cmd import TERMINAL_LIMIT

    for n in range(TERMINAL_LIMIT + 3):
        write_release(tmp_path / "many", f"model-{n}", name=f"Model {n}")
    piped = cli("list", "-d", str(tmp_path / "many")).stdout.splitlines()
    assert len(piped) == TERMINAL_LIMIT + 4  # header + every release
    monkeypatch.setenv("FORCE_COLOR", "1")
    table = cli("list", "-d", str(tmp_path / "many"), env={"COLUMNS": "200"}).stdout.splitlines()
    assert re.sub(r"\x1b\[[0-9;]*m", "", table[-1]) == f"showing {TERMINAL_LIMIT} of {TERMINAL_LIMIT + 3} releases; --limit 0 shows all"


@pytest.mark.parametrize("args, words", [
    (("--country", "Atlantis"), "error: --country: unknown country 'Atlantis'"),
    (("--category", "vidoe-generation"), "error: --category: unknown category 'vidoe-generation'; did you mean video-generation?"),
    (("--since", "2026-02-30"), "error: --since: '2026-02-30' does not exist"),
    (("--since", "2026-03-01", "--until", "2026-02-01"), "error: --since/--until: --since 2026-03-01 is after"),
    (("--since", "2026-02-12..14"), "error: --since: '2026-02-12..14' is a window; give a day, a month or a year"),
    (("--week", "2026-W54"), "error: --week: 2026 has ISO weeks 1 to 53, not 54"),
    (("--week", "7"), "error: --week: '7' is not an ISO week; expected YYYY-Www"),
    (("--sort", "size"), "error: --sort: cannot sort by 'size'"),
])
def test_bad_options_exit_2_with_one_line(cli, data, args, words):
    result = cli("list", "-d", str(data), *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(words)
    assert "Traceback" not in result.stderr


def test_invalid_files_are_skipped_and_reported(cli, data):
    (data / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    result = cli("list", "-d", str(data), "--format", "csv")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 6  # header + the 5 valid releases
    assert "warning: skipped 1 of 6 release files with errors" in result.stderr
    assert f"(`ai-tracker validate --data-dir {data}` lists them all)" in result.stderr  # this folder
    assert "broken.yaml:2:1: YAML syntax" in result.stderr


def test_no_match_says_so_on_stderr(cli, data):
    result = cli("list", "-d", str(data), "--country", "FR", "--category", "video-generation", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["id,released,name,organizations,countries,categories,open_weights,access,imported"]
    assert result.stderr == "no release matches these options\n"


def test_minimal_helper_is_valid():
    assert minimal()["released"]["source"] == "s1"


def test_week_and_the_same_days_as_since_until_agree(cli, tmp_path):
    """A window across two weeks is in the week of its earliest day, whichever way the
    period is given, as counts place it."""
    d = tmp_path / "d"
    write_release(d, "across", name="Across", released={"date": "2026-02-14..2026-02-17", "source": "s1"})

    def names(*args: str) -> list[str]:
        rows = cli("list", "--format", "csv", "--data-dir", str(d), *args).stdout.splitlines()[1:]
        return [row.split(",")[2] for row in rows]

    assert names("--week", "2026-W07") == names("--since", "2026-02-09", "--until", "2026-02-15") == ["Across"]
    assert names("--week", "2026-W08") == names("--since", "2026-02-16", "--until", "2026-02-22") == []


def test_an_org_no_release_has_is_a_usage_error_with_the_nearest(cli):
    result = cli("list", "--org", "antropic")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "error: --org: no organisation is called 'antropic'; did you mean Anthropic, Ant Group?\n"
    assert cli("weekly", "--org", "antropic").exit_code == 2
    assert cli("export", "--org", "antropic").exit_code == 2
    assert cli("list", "--org", "anthro", "--format", "csv").exit_code == 0  # a part of a name still matches
