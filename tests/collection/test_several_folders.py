"""Several data folders are one collection: --data-dir repeated, AI_TRACKER_DATA a path list,
the bundled record named @bundled; ids unique across the folders; one cache per collection."""

from __future__ import annotations

import json
import os

from support import REPO, write_release

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


EPOCH = REPO / "tests" / "data" / "epoch_subset.csv"
MODELS_DEV = REPO / "tests" / "data" / "models-dev" / "checkout"


def test_an_import_linked_to_the_bundled_record_is_counted_without_it_with_a_warning(cli, tmp_path):
    """`import` links records to the bundled releases they are of (`origin.same_as`). Read
    without the bundled record, each such file is counted, on its own, and validate warns
    with how to read the two together; with it, each is one release with its bundled one."""
    for source, into, linked in ((("epoch", str(EPOCH)), tmp_path / "epoch", 2),
                                 (("models-dev", str(MODELS_DEV)), tmp_path / "models-dev", 5)):
        imported = cli("import", *source, "--into", str(into), "--snapshot", "2026-07")
        assert imported.exit_code == 0, imported
        files = len(list(into.glob("*.yaml")))
        links = [p for p in into.glob("*.yaml") if "same_as:" in p.read_text(encoding="utf-8")]
        assert len(links) == linked  # every one to a release of the bundled record
        checked = cli("validate", "-d", str(into))
        assert checked.exit_code == 0, checked
        assert f"{files} release files in '{into}': {files} valid, 0 with errors (0 problems, {linked} warnings)" \
            in checked.stderr
        warnings = checked.stdout.splitlines()
        assert len(warnings) == linked and all(
            "warning: origin.same_as: '" in w and "' is a release of the bundled record, which is not read here, "
            f"so this file stands on its own; read them together with `-d @bundled -d {into}`" in w
            for w in warnings), checked
        listed = cli("list", "-d", str(into), "--format", "json")
        assert listed.exit_code == 0 and len(json.loads(listed.stdout)) == files
        assert f"warning: {linked} warnings (`ai-tracker validate --data-dir {into}` lists them all):" \
            in listed.stderr
        assert "skipped" not in listed.stderr
        together = cli("validate", "-d", folders.BUNDLED_NAME, "-d", str(into))
        assert together.exit_code == 0 and "warning: origin.same_as" not in together.stdout, together


def test_any_other_unknown_id_stays_an_error(cli, tmp_path):
    """Only an id of the bundled record is a warning; one that is no release anywhere is
    an error, whichever field names it, and the file is left out."""
    mine = tmp_path / "mine"
    write_release(mine, "mine-1", name="Mine 1", predecessor="gpt-4")  # the bundled record's
    write_release(mine, "mine-2", name="Mine 2", predecessor="no-such-release")
    write_release(mine, "mine-3", name="Mine 3",
                  origin={"database": "epoch", "key": "Mine 3", "same_as": "no-such-either"})
    checked = cli("validate", "-d", str(mine))
    assert checked.exit_code == 1
    assert f"3 release files in '{mine}': 1 valid, 2 with errors (2 problems, 1 warning)" in checked.stderr
    lines = checked.stdout.splitlines()
    assert any("mine-2.yaml" in line and "predecessor: no release with id 'no-such-release'" in line for line in lines)
    assert any("mine-3.yaml" in line and "origin.same_as: no release with id 'no-such-either'" in line
               for line in lines)
    assert any("mine-1.yaml" in line and "warning: predecessor: 'gpt-4' is a release of the bundled record" in line
               for line in lines)
    ids = [r["id"] for r in json.loads(cli("list", "-d", str(mine), "--format", "json").stdout)]
    assert ids == ["mine-1"]


def test_the_memo_of_a_collection_naming_bundled_releases_rests_on_the_bundled_ids(cli, tmp_path):
    """Whether a dangling id is a warning or an error depends on the bundled record, which
    is not one of the collection's files: the memo holds the warnings and is used only while
    the bundled ids are those it was made with."""
    mine = tmp_path / "mine"
    write_release(mine, "mine-1", name="Mine 1", predecessor="gpt-4")
    assert cli("validate", "-d", str(mine)).exit_code == 0
    [cache_file] = (tmp_path / "cache" / "ai-tracker").glob("*.marshal")
    stored = cache.decode(cache_file.read_bytes())
    assert stored["memo"]["outside"] is not None
    stored["memo"]["warnings"] = [(str(mine / "mine-1.yaml"), None, None, None, "from the memo")]
    cache_file.write_bytes(cache.encode(stored))
    assert "warning: from the memo" in cli("validate", "-d", str(mine)).stdout  # nothing changed: the memo
    stored["memo"]["outside"] = "the ids of another bundled record"
    cache_file.write_bytes(cache.encode(stored))
    again = cli("validate", "-d", str(mine))
    assert "from the memo" not in again.stdout
    assert "warning: predecessor: 'gpt-4' is a release of the bundled record" in again.stdout
