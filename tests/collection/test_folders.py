"""collection/folders.py: the one data-folder resolver and the one walker of release files."""

from __future__ import annotations

import os
import re

import pytest
from support import REPO

from ai_tracker.collection import folders
from ai_tracker.errors import DataError, UsageError


def test_the_option_then_the_environment_then_the_bundled_data(tmp_path, monkeypatch):
    monkeypatch.setenv(folders.ENV_VAR, str(tmp_path / "env"))
    assert folders.resolve_data_dir(str(tmp_path)) == folders.DataDir(tmp_path, "option")
    assert folders.resolve_data_dir(None) == folders.DataDir(tmp_path / "env", "environment")
    monkeypatch.setenv(folders.ENV_VAR, "")
    assert folders.resolve_data_dir(None) == folders.DataDir(folders.bundled_dir(), "bundled")
    assert (folders.bundled_dir() / "release.schema.json").is_file()
    with pytest.raises(UsageError, match="empty: give a folder of release files"):
        folders.resolve_data_dir("  ")


def test_a_missing_folder_is_a_usage_error_only_when_an_option_named_it(tmp_path):
    missing = tmp_path / "nope"
    with pytest.raises(UsageError, match=re.escape(f"'{missing}' does not exist (from --data-dir); go")):
        folders.check_data_dir(folders.DataDir(missing, "option"), if_missing="; go")
    with pytest.raises(DataError, match=re.escape(f"'{missing}' does not exist (from AI_TRACKER_DATA)")):
        folders.check_data_dir(folders.DataDir(missing, "environment"))
    (tmp_path / "file").write_text("x")
    with pytest.raises(DataError, match="is not a folder"):
        folders.check_data_dir(folders.DataDir(tmp_path / "file", "bundled"))
    folders.check_data_dir(folders.DataDir(tmp_path, "option"))


def test_release_files_in_order_without_hidden_ones(tmp_path):
    for name in ("b.yaml", "a.yaml", "sub/c.yaml", ".hidden/d.yaml", ".e.yaml", "f.YAML", "g.yml", "h.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    relative = [os.path.relpath(p, tmp_path) for p in folders.release_files(tmp_path)]
    assert relative == ["a.yaml", "b.yaml", os.path.join("sub", "c.yaml")]
    relative = [os.path.relpath(p, tmp_path) for p in folders.release_files(tmp_path, any_case=True)]
    assert relative == ["a.yaml", "b.yaml", "f.YAML", os.path.join("sub", "c.yaml")]


def test_clashing_files(tmp_path):
    for name in ("Qwen3.yaml", "sub/qwen3.YAML", "qwen-3.yaml", "other.yaml", ".x/qwen3.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    clashes, similar = folders.clashing_files(tmp_path, "qwen3")
    assert [p.relative_to(tmp_path).as_posix() for p in clashes] == ["Qwen3.yaml", "sub/qwen3.YAML"]
    assert [p.relative_to(tmp_path).as_posix() for p in similar] == ["qwen-3.yaml"]


def test_no_other_module_walks_folders_or_reads_the_variable():
    pattern = re.compile(r"os\.walk\(|\.rglob\(|ENV_VAR\]|environ\.get\(ENV_VAR|AI_TRACKER_DATA\"")
    offenders = [str(path.relative_to(REPO)) for path in sorted((REPO / "ai_tracker").rglob("*.py"))
                 if path.name != "folders.py" and pattern.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_every_importer_takes_them_from_folders():
    names = r"\b(resolve_data_dir|bundled_dir|release_files|DataDir|ENV_VAR)\b"
    pattern = re.compile(rf"from ai_tracker\.collection\.catalog import [^\n]*{names}|catalog(_mod)?\.{names}")
    users = [str(path.relative_to(REPO)) for path in sorted([*(REPO / "ai_tracker").rglob("*.py"),
                                                              *(REPO / "tests").rglob("*.py")])
             if path.name not in ("test_folders.py", "catalog.py") and pattern.search(path.read_text(encoding="utf-8"))]
    assert users == []


@pytest.mark.parametrize("args", [
    ["list", "--data-dir", "~nosuchuser-ai-tracker/x"],
    ["validate", "-d", "~nosuchuser-ai-tracker"],
    ["import", "epoch", "~nosuchuser-ai-tracker/e.csv", "--into", "out"],
    ["import", "epoch", str(REPO / "tests" / "data" / "epoch_subset.csv"), "--into", "~nosuchuser-ai-tracker/x"],
])
def test_a_home_that_cannot_be_expanded_is_a_usage_error(cli, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    result = cli(*args)
    assert result.exit_code == 2, result
    assert "cannot expand '~nosuchuser-ai-tracker'" in result.stderr
    assert "internal error" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_tilde_in_into_is_expanded_once_for_the_check_and_the_write(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    result = cli("import", "epoch", str(REPO / "tests" / "data" / "epoch_subset.csv"), "--into", "~/mine",
                 "--snapshot", "2024-12")
    assert result.exit_code == 0, result
    assert list((tmp_path / "home" / "mine").glob("*.yaml"))
    assert not (tmp_path / "~").exists()
