"""`validate` reports every problem in every file in one run; where data comes from."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import yaml
from support import REPO, minimal, write_release, write_text

# The bundled record's checked day, as its coverage.yaml says: it moves whenever the record is
# checked again, so tests read it rather than pin it.
BUNDLED_CHECKED = re.search(r"^checked: (\S+)", (REPO / "releases" / "coverage.yaml").read_text(encoding="utf-8"),
                            re.MULTILINE).group(1)  # type: ignore[union-attr]



def test_every_problem_in_every_file_at_once(cli, tmp_path):
    data = tmp_path / "d"
    write_release(data, "good", name="Good")
    write_text(data, "bad-yaml", "name: Good\n\tindent: 1\n")
    bad = minimal("Bad", categories=["nope"])
    bad["relased"] = bad.pop("released")
    write_release(data, "bad-fields", bad)
    result = cli("validate", "-d", str(data))
    assert result.exit_code == 1
    lines = [line.replace(str(data), "d") for line in result.stdout.splitlines()]
    assert lines[0] == "d/bad-fields.yaml:1:1: released: required field 'released' is missing"
    assert lines[1].startswith("d/bad-fields.yaml:6:3: categories[0]: unknown category 'nope'; expected one of:")
    assert lines[2] == "d/bad-fields.yaml:10:1: relased: unknown field 'relased'; did you mean 'released'?"
    assert lines[3] == "d/bad-yaml.yaml:2:1: YAML syntax: a tab cannot indent YAML; use spaces"
    assert len(lines) == 4
    assert result.stderr == f"3 release files in '{data}': 1 valid, 2 with errors (4 problems)\n"


def test_json_errors_for_ci_and_editors(cli, tmp_path):
    data = tmp_path / "d"
    write_release(data, "a", name="A", categories=["nope"])
    result = cli("validate", "-d", str(data), "--format", "json")
    assert result.exit_code == 1
    [error] = json.loads(result.stdout)
    assert set(error) == {"severity", "file", "line", "column", "field", "message"} and error["severity"] == "error"
    assert error["file"].endswith("a.yaml")
    assert (error["line"], error["column"], error["field"]) == (9, 3, "categories[0]")


def test_valid_data_passes_quietly_on_stdout(cli, tmp_path):
    data = tmp_path / "d"
    write_release(data, "a", name="A")
    result = cli("validate", "-d", str(data))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "1 valid, 0 with errors (0 problems)" in result.stderr


def test_duplicate_ids_across_subfolders_name_both_files(cli, tmp_path):
    data = tmp_path / "d"
    write_release(data / "one", "same", name="One")
    write_release(data / "two", "same", name="Two")
    result = cli("validate", "-d", str(data))
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert "two/same.yaml: id 'same' is already used by" in line and "one/same.yaml" in line


def test_references_to_missing_releases(cli, tmp_path):
    data = tmp_path / "d"
    write_release(data, "base", name="Base")
    write_release(data, "next", name="Next", predecessor="bsae",
                  claims=[{"text": "beats it", "about": "base", "claimed_by": "vendor", "source": "s1"},
                          {"text": "beats that", "about": "ghost", "claimed_by": "vendor", "source": "s1"}])
    result = cli("validate", "-d", str(data))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(line.endswith("next.yaml:13:14: predecessor: no release with id 'bsae' in the collection")
               for line in lines), lines
    assert any("next.yaml:20:10: claims[1].about: no release with id 'ghost'" in line for line in lines), lines
    assert len(lines) == 2


def test_missing_folder_from_option_is_usage_error(cli, tmp_path):
    result = cli("validate", "-d", str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert result.stderr == f"error: --data-dir: data folder '{tmp_path / 'nope'}' does not exist\n"


def test_one_mistake_one_exit_code_however_the_folder_was_named(cli, tmp_path, monkeypatch):
    """A folder the user named that is not there is bad usage (exit 2), by option or by
    environment, and the message says where it was named."""
    nope, afile, empty = tmp_path / "nope", tmp_path / "file.txt", tmp_path / "empty"
    afile.write_text("x")
    empty.mkdir()
    for path, problem in ((nope, f"data folder '{nope}' does not exist"),
                          (afile, f"data folder '{afile}' is not a folder"),
                          (empty, f"no release files (*.yaml) in '{empty}'")):
        for command in (["list"], ["validate"], ["weekly"]):
            by_option = cli(*command, "--data-dir", str(path))
            assert (by_option.exit_code, by_option.stderr) == (2, f"error: --data-dir: {problem}\n"), command
            monkeypatch.setenv("AI_TRACKER_DATA", str(path))
            by_environment = cli(*command)
            monkeypatch.delenv("AI_TRACKER_DATA")
            assert (by_environment.exit_code, by_environment.stderr) == (2, f"error: AI_TRACKER_DATA: {problem}\n"), \
                command


def test_folder_without_releases(cli, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("hi")
    result = cli("list", "-d", str(tmp_path / "empty"))
    assert result.exit_code == 2
    assert "no release files (*.yaml) in" in result.stderr


def test_environment_variable_points_at_a_collection(cli, tmp_path, monkeypatch):
    write_release(tmp_path / "mine", "mine", name="Mine Only")
    monkeypatch.setenv("AI_TRACKER_DATA", str(tmp_path / "mine"))
    result = cli("list", "--format", "csv")
    assert result.stdout.splitlines()[1].split(",")[2] == "Mine Only"


def test_hidden_folders_and_other_files_are_ignored(cli, tmp_path):
    data = tmp_path / "d"
    write_release(data, "a", name="A")
    write_text(data / ".git", "junk", "not: [yaml")
    (data / "README.md").write_text("# notes")
    assert cli("validate", "-d", str(data)).exit_code == 0


def test_python_dash_m_and_version():
    out = subprocess.run([sys.executable, "-m", "ai_tracker", "--version"], capture_output=True, text=True,
                         cwd=REPO, check=True)
    from ai_tracker import __version__

    # The first line as it always was (scripts probe for it); the second, the bundled record's checked date.
    assert out.stdout == f"ai-tracker {__version__}\nbundled record checked {BUNDLED_CHECKED}\n"


def test_help_everywhere(cli):
    for args in (["-h"], ["list", "-h"], ["validate", "--help"]):
        result = cli(*args)
        assert result.exit_code == 0
        assert "Usage:" in result.stdout


def test_unknown_option_is_usage_error(cli):
    result = cli("list", "--colour")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no such option --colour")


def test_a_broken_file_does_not_hide_the_releases_that_name_it(cli, tmp_path):
    data = tmp_path / "d"
    write_release(data, "base", name="Base", categories=["nope"])  # invalid
    write_release(data, "next", name="Next", predecessor="base")
    result = cli("list", "-d", str(data), "--format", "csv")
    assert [line.split(",")[2] for line in result.stdout.splitlines()[1:]] == ["Next"]
    assert "skipped 1 of 2" in result.stderr and "base.yaml" in result.stderr
    assert "no release with id 'base'" not in result.stderr


def test_an_empty_data_dir_is_a_usage_error_not_the_current_folder(cli):
    result = cli("list", "--data-dir", "")
    assert (result.exit_code, result.stderr) == (2, "error: --data-dir: empty: give a folder of release files\n")


def test_a_bad_choice_names_the_option_and_the_choices(cli):
    result = cli("list", "--format", "xml")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == ("error: --format: 'xml' is not one of "
                                             "'table', 'wide', 'plain', 'markdown', 'csv', 'tsv', 'json', 'jsonl', 'yaml', "
                                             "'html'")


def test_a_yml_file_is_never_ignored_without_a_word(cli, tmp_path):
    write_release(tmp_path, "good")
    write_text(tmp_path / "sub", "new-one", "name: X\n").rename(tmp_path / "sub" / "new-one.yml")
    (tmp_path / "Other.YAML").write_text("name: Y\n", encoding="utf-8")
    result = cli("validate", "--data-dir", str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{tmp_path}/Other.YAML: 'Other.YAML' is not read: release files end in '.yaml' (rename it to Other.yaml)",
        f"{tmp_path}/sub/new-one.yml: 'new-one.yml' is not read: release files end in '.yaml' (rename it to "
        "new-one.yaml)",
    ]


# --- red team of issue 22, F10: a file or folder name is untrusted text in every format ---------

def test_a_hostile_file_or_folder_name_is_the_same_escaped_text_in_every_format(cli, tmp_path):
    """A name with a byte that is not UTF-8 and an escape sequence: every format carries the
    text the plain line prints (`b\\xff\\x1b[31m.yaml`), never a raw ESC or a lone surrogate,
    and the `file` value spells it as the message does. A folder so named is read too (its
    cache file is named from it)."""
    folder = tmp_path / os.fsdecode(b"f\xff\x1b[31m")
    write_release(folder, "a")
    (folder / os.fsdecode(b"b\xff\x1b[31m.yaml")).write_bytes((folder / "a.yaml").read_bytes())
    shown = r"f\xff\x1b[31m/b\xff\x1b[31m.yaml"
    plain = cli("validate", "-d", str(folder))
    assert plain.exit_code == 1 and shown in plain.stdout and "\x1b" not in plain.stdout + plain.stderr
    [record] = json.loads(cli("validate", "-d", str(folder), "-o", "json").stdout)
    assert record["file"].endswith(shown)
    assert r"'b\xff\x1b[31m.yaml'" in record["message"]
    [from_yaml] = yaml.safe_load(cli("validate", "-d", str(folder), "-o", "yaml").stdout)
    assert from_yaml == record
    for value in [*record.values(), *from_yaml.values()]:
        assert not isinstance(value, str) or (value.isprintable() and value.encode("utf-8"))
    status = json.loads(cli("status", "-d", str(folder), "-o", "json").stdout)
    assert [r["folder"] for r in status["records"]] == [str(tmp_path / r"f\xff\x1b[31m")]
