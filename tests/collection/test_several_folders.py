"""Several data folders are one collection: --data-dir repeated, AI_TRACKER_DATA a path list,
the bundled record named @bundled; ids unique across the folders; one cache per collection."""

from __future__ import annotations

import json
import os

from support import write_release

from ai_tracker.collection import cache, folders


def test_folders_are_named_in_order_once_each_and_the_bundled_record_by_name(tmp_path, monkeypatch):
    a, b = tmp_path / "a", tmp_path / "b"
    monkeypatch.delenv(folders.ENV_VAR, raising=False)
    found = folders.resolve_data_dirs([str(a), folders.BUNDLED_NAME, str(b), str(a)])
    assert found == [folders.DataDir(a, "option"), folders.DataDir(folders.bundled_dir(), "bundled"),
                     folders.DataDir(b, "option")]
    # A path list as PATH is, empty entries left out (never the current folder).
    monkeypatch.setenv(folders.ENV_VAR, os.pathsep.join(["", str(a), folders.BUNDLED_NAME, ""]))
    assert folders.resolve_data_dirs(None) == [folders.DataDir(a, "environment"),
                                               folders.DataDir(folders.bundled_dir(), "bundled")]
    # A folder really called @bundled is written as a path.
    assert folders.resolve_data_dirs(["./@bundled"]) == [folders.DataDir(folders.Path("./@bundled"), "option")]


def test_the_bundled_record_with_a_folder_of_ones_own(cli, tmp_path):
    write_release(tmp_path / "mine", "my-model", name="My Model")
    listed = cli("list", "-d", folders.BUNDLED_NAME, "-d", str(tmp_path / "mine"), "--format", "json")
    ids = [r["id"] for r in json.loads(listed.stdout)]
    assert "my-model" in ids and "glm-5" in ids
    bundled_only = json.loads(cli("list", "--format", "json").stdout)
    assert len(ids) == len(bundled_only) + 1
    checked = cli("validate", "-d", folders.BUNDLED_NAME, "-d", str(tmp_path / "mine"))
    assert checked.exit_code == 0
    assert f"in the bundled data and '{tmp_path / 'mine'}': {len(ids)} valid" in checked.stderr


def test_the_environment_names_several_folders(cli, tmp_path):
    write_release(tmp_path / "a", "one", name="One")
    write_release(tmp_path / "b", "two", name="Two")
    env = {folders.ENV_VAR: os.pathsep.join([str(tmp_path / "a"), str(tmp_path / "b")])}
    listed = cli("list", "--format", "json", env=env)
    assert sorted(r["id"] for r in json.loads(listed.stdout)) == ["one", "two"]


def test_an_id_in_two_folders_is_an_error_naming_both_files(cli, tmp_path):
    first = write_release(tmp_path / "a", "same", name="First")
    second = write_release(tmp_path / "b" / "sub", "same", name="Second")
    checked = cli("validate", "-d", str(tmp_path / "a"), "-d", str(tmp_path / "b"))
    assert checked.exit_code == 1
    assert f"{second}: id 'same' is already used by {first}; ids (file names) must be unique" in checked.stdout
    assert "across all its data folders" in checked.stdout


def test_a_folder_of_ones_own_clashing_with_the_bundled_record(cli, tmp_path):
    write_release(tmp_path / "mine", "glm-5", name="My GLM-5")
    checked = cli("validate", "-d", folders.BUNDLED_NAME, "-d", str(tmp_path / "mine"))
    assert checked.exit_code == 1
    assert f"{tmp_path / 'mine' / 'glm-5.yaml'}: id 'glm-5' is already used by " in checked.stdout
    bundled = folders.bundled_dir() / "glm-5.yaml"
    shown = os.path.relpath(bundled) if str(bundled).startswith(os.getcwd() + os.sep) else str(bundled)
    assert f"already used by {shown}; " in checked.stdout


def test_the_cache_is_keyed_on_every_folder(cli, tmp_path):
    """A record's shared citations depend on every folder's registry: a cache of the
    pair must not answer for one folder alone, nor the other way round."""
    a, b = tmp_path / "a", tmp_path / "b"
    write_release(a, "cites", released={"date": "2026-02-12", "source": "shared"}, sources=[])
    write_release(b, "other", name="Other")
    (b / "sources.yaml").write_text("shared:\n  title: A source defined in b\n", encoding="utf-8")
    assert cache._file_for([a, b]) != cache._file_for([a]) != cache._file_for([b, a])
    both = cli("validate", "-d", str(a), "-d", str(b))
    assert both.exit_code == 0, both
    alone = cli("validate", "-d", str(a))
    assert alone.exit_code == 1
    assert "source 'shared' is not in this file's sources" in alone.stdout
    assert cli("validate", "-d", str(a), "-d", str(b)).exit_code == 0


def test_new_writes_into_the_one_folder_of_ones_own_in_the_list(cli, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    env = {folders.ENV_VAR: os.pathsep.join([folders.BUNDLED_NAME, str(mine)])}
    made = cli("new", "My Model", "--org", "Test Lab", "--country", "US", "--released", "2026-02-12",
               "--category", "language", "--source", "https://example.com/a", env=env)
    assert made.exit_code == 0, made
    assert (mine / "my-model.yaml").is_file()
    env = {folders.ENV_VAR: os.pathsep.join([str(mine), str(tmp_path / "other")])}
    refused = cli("new", "Other", "--org", "Lab", "--country", "US", "--released", "2026", "--category",
                  "language", "--source", "https://example.com/b", env=env)
    assert refused.exit_code == 2 and "names 2 folders of your own" in refused.stderr
