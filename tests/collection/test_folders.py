"""collection/folders.py: the one data-folder resolver and the one walker of release files."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

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


def test_a_missing_folder_the_user_named_is_a_usage_error_naming_where(tmp_path):
    missing = tmp_path / "nope"
    with pytest.raises(UsageError, match=re.escape(f"'{missing}' does not exist; go")) as by_option:
        folders.check_data_dir(folders.DataDir(missing, "option"), if_missing="; go")
    assert (by_option.value.field, by_option.value.option) == ("data_dir", None)
    with pytest.raises(UsageError, match=re.escape(f"'{missing}' does not exist")) as by_environment:
        folders.check_data_dir(folders.DataDir(missing, "environment"))
    assert by_environment.value.option == "AI_TRACKER_DATA"
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


# --- folders that cannot be read, and the bounds of the walk --------------------------------

def _deny(monkeypatch, denied: Path) -> None:
    """os.scandir refuses this folder as it would without read permission (the tests
    may run as root, whom mode 000 does not stop)."""
    real = os.scandir

    def scandir(path="."):
        if isinstance(path, (str, os.PathLike)) and os.fspath(path) == str(denied):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_an_unreadable_subfolder_is_a_problem_with_its_path(cli, tmp_path, monkeypatch):
    from support import write_release

    data = tmp_path / "d"
    write_release(data, "alpha", name="Alpha")
    write_release(data / "locked", "beta", name="Beta")
    _deny(monkeypatch, data / "locked")
    listed = cli("list", "--data-dir", str(data), "--format", "csv")
    assert listed.exit_code == 0 and "Alpha" in listed.stdout
    assert f"{data / 'locked'}: folder cannot be read: Permission denied" in listed.stderr
    checked = cli("validate", "--data-dir", str(data))
    assert checked.exit_code == 1
    assert f"{data / 'locked'}: folder cannot be read: Permission denied" in checked.stdout


def test_an_unreadable_data_folder_says_so_not_no_release_files(cli, tmp_path, monkeypatch):
    data = tmp_path / "d"
    data.mkdir()
    _deny(monkeypatch, data)
    result = cli("list", "--data-dir", str(data))
    assert result.exit_code == 1, result
    assert f"data folder '{data}': folder cannot be read: Permission denied" in result.stderr
    assert "no release files" not in result.stderr


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads a folder of mode 000")
def test_mode_000_really_is_reported(cli, tmp_path):
    from support import write_release

    data = tmp_path / "d"
    write_release(data / "locked", "beta", name="Beta")
    write_release(data, "alpha", name="Alpha")
    (data / "locked").chmod(0)
    try:
        assert "folder cannot be read" in cli("list", "--data-dir", str(data)).stderr
    finally:
        (data / "locked").chmod(0o755)


def test_the_walk_is_bounded_in_depth_and_in_entries(cli, tmp_path, monkeypatch):
    from support import write_release

    data = tmp_path / "d"
    write_release(data, "alpha", name="Alpha")
    deep = data.joinpath(*[f"l{i}" for i in range(folders.MAX_DEPTH + 2)])
    write_release(deep, "buried", name="Buried")
    write_release(data.joinpath(*[f"l{i}" for i in range(folders.MAX_DEPTH - 1)]), "deepest", name="Deepest")
    trouble: list = []
    found = [os.path.basename(p) for p in folders.release_files(data, trouble=trouble)]
    assert found == ["alpha.yaml", "deepest.yaml"]
    [(where, message)] = trouble
    assert f"nested more than {folders.MAX_DEPTH} levels" in message
    monkeypatch.setattr(folders, "MAX_ENTRIES", 5)
    trouble = []
    for i in range(10):
        write_release(data / "many", f"r{i}", name=f"R{i}")
    folders.release_files(data, trouble=trouble)
    assert any("stopped after 5 files and folders" in m for _, m in trouble)
    result = cli("validate", "--data-dir", str(data))
    assert result.exit_code == 1 and "stopped after 5 files and folders" in result.stdout


# --- links: followed, each folder read once, a loop a warning ----------------------------------

def test_linked_folders_and_files_are_read_each_folder_once_and_a_loop_is_a_warning(cli, tmp_path):
    """A subfolder that is a link (to releases kept elsewhere) is read as any other: `list`,
    `weekly` and `validate` count it. Two links to one folder read it once; a link to a
    folder that holds it (itself, above the data folder) is a loop: a warning naming it."""
    from support import write_release

    data, elsewhere = tmp_path / "[bold]d", tmp_path / "elsewhere"  # a path is text, never markup
    write_release(data, "alpha", name="Alpha")
    write_release(elsewhere / "sub", "beta", name="Beta")
    write_release(elsewhere, "gamma", name="Gamma")
    (data / "linked").symlink_to(elsewhere / "sub")
    (data / "twice").symlink_to(elsewhere / "sub")  # the same folder again: read once
    (data / "gamma.yaml").symlink_to(elsewhere / "gamma.yaml")
    (data / "self").symlink_to(data)  # a loop within the walk
    (elsewhere / "sub" / "up").symlink_to(tmp_path)  # a loop through the folder above
    listed = cli("list", "--data-dir", str(data), "--format", "csv", "--sort", "name")
    assert listed.exit_code == 0, listed
    assert [line.split(",")[2] for line in listed.stdout.splitlines()[1:]] == ["Alpha", "Beta", "Gamma"]
    loops = [f"{data / 'self'}: a link to '{data}', a folder that holds it: a loop, not followed",
             f"{data / 'linked' / 'up'}: a link to '{tmp_path}', a folder that holds it: a loop, not followed"]
    assert all(loop in listed.stderr for loop in loops), listed
    weekly = cli("weekly", "--data-dir", str(data), "--week", "2026-W07", "--format", "json")
    assert weekly.exit_code == 0, weekly
    assert [(w["week"], w["total"]) for w in json.loads(weekly.stdout)] == [("2026-W07", 3)]
    checked = cli("validate", "--data-dir", str(data))
    assert checked.exit_code == 0, checked  # a loop is a warning: every file was read
    assert f"3 release files in '{data}': 3 valid, 0 with errors (0 problems, 2 warnings)" in checked.stderr
    assert sorted(checked.stdout.splitlines()) == sorted(loop.replace(": a link", ": warning: a link")
                                                         for loop in loops)


def test_a_data_folder_linked_from_another_is_read_once_as_itself(tmp_path):
    from support import write_release

    from ai_tracker.collection import catalog

    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    write_release(mine, "alpha", name="Alpha")
    write_release(theirs, "beta", name="Beta")
    (mine / "theirs").symlink_to(theirs)
    found = catalog.load([folders.DataDir(mine, "option"), folders.DataDir(theirs, "option")], use_cache=False)
    assert (found.problems, found.warnings) == ([], [])
    assert sorted((e.id, e.path) for e in found.entries) == [("alpha", str(mine / "alpha.yaml")),
                                                             ("beta", str(theirs / "beta.yaml"))]


def test_the_walker_of_other_trees_follows_links_too(tmp_path):
    (tmp_path / "repo" / "models" / "a").mkdir(parents=True)
    (tmp_path / "repo" / "models" / "a" / "m.toml").write_text("")
    (tmp_path / "kept" / "b").mkdir(parents=True)
    (tmp_path / "kept" / "b" / "n.toml").write_text("")
    (tmp_path / "repo" / "models" / "b").symlink_to(tmp_path / "kept" / "b")
    (tmp_path / "repo" / "models" / "b" / "loop").symlink_to(tmp_path / "repo")
    found = [p.relative_to(tmp_path / "repo").as_posix() for p in folders.files_below(tmp_path / "repo", ".toml")]
    assert found == ["models/a/m.toml", "models/b/n.toml"]


def test_a_data_folder_holding_only_a_link_to_another_one_named_is_not_empty(cli, tmp_path):
    """`-d m -d o`, where o holds only a link to m: m is read once, in either order, and o
    is not refused as a folder with no release files (a folder truly empty still is)."""
    from support import write_release

    m, o, empty = tmp_path / "m", tmp_path / "o", tmp_path / "empty"
    write_release(m, "alpha", name="Alpha")
    o.mkdir()
    empty.mkdir()
    (o / "x").symlink_to(Path("..") / "m")
    for order in ([m, o], [o, m]):
        listed = cli("list", *[f"-d{d}" for d in order], "--format", "csv")
        assert listed.exit_code == 0, listed
        assert [line.split(",")[0] for line in listed.stdout.splitlines()[1:]] == ["alpha"]
        checked = cli("validate", *[f"-d{d}" for d in order])
        assert checked.exit_code == 0 and ": 1 valid, 0 with errors (0 problems)" in checked.stderr, checked
    refused = cli("list", "-d", str(m), "-d", str(empty))
    assert refused.exit_code == 2 and f"no release files (*.yaml) in '{empty}'" in refused.stderr


def test_one_file_under_two_names_is_read_once_with_a_warning(cli, tmp_path):
    """A file reached by two names (a link to a file and a linked folder holding it, or a
    hard link) is one file: read once, under its own name, the other named in a warning."""
    from support import write_release

    data, ext = tmp_path / "d", tmp_path / "ext"
    write_release(ext, "c", name="Cee")
    write_release(data, "alpha", name="Alpha")
    (data / "x.yaml").symlink_to(ext / "c.yaml")
    (data / "f").symlink_to(ext)
    os.link(data / "alpha.yaml", data / "hard.yaml")
    for args in (["--no-cache"], [], []):  # read, cached, then from the memo
        listed = cli("list", "-d", str(data), "--format", "csv", *args)
        assert listed.exit_code == 0, listed
        assert sorted(line.split(",")[0] for line in listed.stdout.splitlines()[1:]) == ["alpha", "c"], listed
        assert f"{data / 'x.yaml'}: the same file as {data / 'f' / 'c.yaml'} (a link or a hard link): read " \
               "once, as 'c'" in listed.stderr, listed
        assert f"{data / 'hard.yaml'}: the same file as {data / 'alpha.yaml'}" in listed.stderr
    checked = cli("validate", "-d", str(data))
    assert checked.exit_code == 0, checked
    assert f"2 release files in '{data}': 2 valid, 0 with errors (0 problems, 2 warnings)" in checked.stderr
    assert cli("validate", "-d", str(data), "--strict").exit_code == 1
