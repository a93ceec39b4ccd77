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


def test_the_documented_local_hook_runs_what_the_offered_hook_runs(cli, tmp_path, monkeypatch):
    """docs/new.md's `repo: local` snippet works as written: it is valid pre-commit
    configuration for the same command, files and options as .pre-commit-hooks.yaml."""
    text = (REPO / "docs" / "new.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)
    (local,) = [yaml.safe_load(b) for b in blocks if "repo: local" in b]
    [repo] = local["repos"]
    [documented] = repo["hooks"]
    offered = hook()
    for key in ("id", "entry", "args", "files", "pass_filenames"):
        assert documented[key] == offered[key], key
    assert documented["language"] == "system"  # the installed ai-tracker, no repository needed
    program, *entry = [*shlex.split(documented["entry"]), *documented["args"]]
    monkeypatch.chdir(tmp_path)
    write_text(tmp_path / "releases", "bad", "name: Bad\n")
    assert (program, cli(*entry).exit_code) == ("ai-tracker", 1)
    # The remote form names a rev that can exist: a full commit id, not a tag this repository lacks.
    (remote,) = [yaml.safe_load(b) for b in blocks if "rev:" in b]
    assert re.fullmatch(r"[0-9a-f]{40}", str(remote["repos"][0]["rev"]))
