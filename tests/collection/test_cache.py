"""The cache of validated releases: never stale, never in the data folder, safe to lose."""

from __future__ import annotations

import csv
import io
import marshal
import os
from pathlib import Path

import pytest
from support import REPO, write_release

from ai_tracker.collection import cache, catalog, folders
from ai_tracker.files.loader import read_release

# The bundled registry under every collection, cached with its records.
BUNDLED_REGISTRY = ["//registry/bundled/organizations.yaml", "//registry/bundled/sources.yaml"]


def names(cli, data: Path, *args: str) -> list[str]:
    result = cli("list", "-d", str(data), "--format", "csv", "--sort", "name", *args)
    return [row["Name"] for row in csv.DictReader(io.StringIO(result.stdout))]


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    write_release(folder, "alpha", name="Alpha")
    write_release(folder, "beta", name="Beta")
    return folder


def cache_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "ai-tracker").glob("*.marshal"))


def test_cache_is_written_in_the_cache_folder_only(cli, data, tmp_path):
    before = sorted(p.name for p in data.iterdir())
    assert names(cli, data) == ["Alpha", "Beta"]
    [cache_file] = cache_files(tmp_path)
    stored = marshal.loads(cache_file.read_bytes())
    assert sorted(stored["files"]) == [*BUNDLED_REGISTRY, "alpha.yaml", "beta.yaml"]
    assert sorted(p.name for p in data.iterdir()) == before


def test_a_changed_file_is_read_again(cli, data):
    assert names(cli, data) == ["Alpha", "Beta"]
    path = write_release(data, "alpha", name="Alpha Two")
    os.utime(path, ns=(1, 1))  # a different mtime, whatever the clock's resolution
    assert names(cli, data) == ["Alpha Two", "Beta"]


def test_a_deleted_file_disappears(cli, data):
    assert names(cli, data) == ["Alpha", "Beta"]
    (data / "beta.yaml").unlink()
    assert names(cli, data) == ["Alpha"]


def test_a_corrupt_cache_is_rebuilt_silently(cli, data, tmp_path):
    names(cli, data)
    [cache_file] = cache_files(tmp_path)
    cache_file.write_bytes(b"\x00garbage")
    result = cli("list", "-d", str(data), "--format", "csv")
    assert result.exit_code == 0 and result.stderr == ""
    assert len(result.stdout.splitlines()) == 3
    assert sorted(marshal.loads(cache_file.read_bytes())["files"]) == [*BUNDLED_REGISTRY, "alpha.yaml", "beta.yaml"]


def test_an_invalid_file_is_never_served_from_cache(cli, data, tmp_path):
    names(cli, data)
    (data / "beta.yaml").write_text("name: [broken\n", encoding="utf-8")
    for _ in range(2):  # the second run must find the problem again, not a cached record
        result = cli("list", "-d", str(data), "--format", "csv")
        assert "skipped 1 of 2 release files" in result.stderr
        assert "Beta" not in result.stdout
    [cache_file] = cache_files(tmp_path)
    assert sorted(marshal.loads(cache_file.read_bytes())["files"]) == [*BUNDLED_REGISTRY, "alpha.yaml"]


def test_cache_is_used_and_no_cache_bypasses_it(cli, data, tmp_path):
    names(cli, data)
    # Plant a record the files do not hold: only a run that trusts the cache can show it.
    [cache_file] = cache_files(tmp_path)
    stored = marshal.loads(cache_file.read_bytes())
    stored["files"]["alpha.yaml"][2]["name"] = "From The Cache"
    cache_file.write_bytes(marshal.dumps(stored))
    assert names(cli, data) == ["Beta", "From The Cache"]
    assert names(cli, data, "--no-cache") == ["Alpha", "Beta"]


def test_no_cache_writes_nothing(cli, data, tmp_path):
    assert names(cli, data, "--no-cache") == ["Alpha", "Beta"]
    assert cache_files(tmp_path) == []


def test_a_cache_from_another_tool_version_is_ignored(cli, data, tmp_path, monkeypatch):
    names(cli, data)
    [cache_file] = cache_files(tmp_path)
    stored = marshal.loads(cache_file.read_bytes())
    stored["files"]["alpha.yaml"][2]["name"] = "Stale"
    stored["key"] = "written by another version"
    cache_file.write_bytes(marshal.dumps(stored))
    assert names(cli, data) == ["Alpha", "Beta"]


def test_an_unwritable_cache_folder_is_not_an_error(cli, data, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = cli("list", "-d", str(data), "--format", "csv", env={"XDG_CACHE_HOME": str(blocker)})
    assert result.exit_code == 0 and result.stderr == ""


def test_cached_and_fresh_catalogs_agree_on_the_bundled_data(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    source = folders.DataDir(REPO / "releases", "option")
    cold = catalog.load(source)
    warm = catalog.load(source)
    assert cache.read(source.path)  # the second load had a cache to use
    assert [e.record for e in warm.entries] == [e.record for e in cold.entries]
    assert warm.releases == cold.releases


def test_pure_python_and_libyaml_loaders_agree(tmp_path):
    for path in sorted((REPO / "releases").glob("*.yaml")):
        fast = read_release(path, path.name, use_libyaml=True)
        slow = read_release(path, path.name, use_libyaml=False)
        assert fast == slow, path.name
    bad = write_release(tmp_path, "bad", name="Bad", categories=["nope"], relased="x")
    assert read_release(bad, "bad", use_libyaml=True) == read_release(bad, "bad", use_libyaml=False)


def test_a_relative_xdg_cache_home_is_ignored(cli, data, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    assert cli("list", "-d", str(data), env={"XDG_CACHE_HOME": "relative"}).exit_code == 0
    assert not (tmp_path / "relative").exists()
    assert list((tmp_path / "home" / ".cache" / "ai-tracker").glob("*.marshal"))


def test_caches_of_folders_unused_for_a_month_are_pruned(cli, data, tmp_path):
    names(cli, data)
    [ours] = cache_files(tmp_path)
    old = ours.parent / "0123456789abcdef01234567.marshal"
    old.write_bytes(b"from a folder long gone")
    os.utime(old, (1, 1))
    os.utime(ours, (1, 1))  # ours is old too, but reading it marks it used
    write_release(data, "gamma", name="Gamma")  # a change, so the cache is written again
    assert names(cli, data) == ["Alpha", "Beta", "Gamma"]
    assert cache_files(tmp_path) == [ours]
