"""The pre-commit hook this repository offers runs `validate` on a data folder."""

from __future__ import annotations

import re
import shlex

import yaml
from support import REPO, write_release, write_text


def hook() -> dict:
    [only] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return only


def test_hook_definition():
    h = hook()
    assert h["id"] == "ai-tracker-validate"
    assert h["language"] == "python"
    assert h["pass_filenames"] is False
    assert re.search(h["files"], "releases/qwen3.yaml") and re.search(h["files"], "x.yml")
    assert not re.search(h["files"], "README.md")


def test_hook_entry_validates_the_folder_and_args_choose_another(cli, tmp_path, monkeypatch):
    program, *command = shlex.split(hook()["entry"])
    assert program == "ai-tracker"
    entry = [*command, *hook()["args"]]
    monkeypatch.chdir(tmp_path)
    write_release(tmp_path / "releases", "good", name="Good")
    assert cli(*entry).exit_code == 0
    write_text(tmp_path / "releases", "bad", "name: Bad\n")
    failed = cli(*entry)
    assert failed.exit_code == 1
    assert failed.stdout.startswith("releases/bad.yaml:1:1: organization: required field 'organization' is missing")
    # args from .pre-commit-config.yaml replace the hook's own args.
    write_release(tmp_path / "data", "other", name="Other")
    assert cli(*command, "--data-dir", "data").exit_code == 0
