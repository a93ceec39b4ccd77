"""The cache of validated releases: never stale, never in the data folder, safe to lose."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import marshal
import os
import stat
from pathlib import Path

import pytest
from support import REPO, cached_record, plant_record, write_release

from ai_tracker.collection import cache, catalog, folders
from ai_tracker.files.loader import read_release

# The bundled registry under every collection, cached with its records.
BUNDLED_REGISTRY = ["//registry/bundled/organizations.yaml", "//registry/bundled/sources.yaml"]


def names(cli, data: Path, *args: str) -> list[str]:
    result = cli("list", "-d", str(data), "--format", "csv", "--sort", "name", *args)
    return [row["name"] for row in csv.DictReader(io.StringIO(result.stdout))]


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
    stored = cache.decode(cache_file.read_bytes())
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
    assert sorted(cache.decode(cache_file.read_bytes())["files"]) == [*BUNDLED_REGISTRY, "alpha.yaml", "beta.yaml"]


def test_an_invalid_file_is_never_served_from_cache(cli, data, tmp_path):
    names(cli, data)
    (data / "beta.yaml").write_text("name: [broken\n", encoding="utf-8")
    for _ in range(2):  # the second run must find the problem again, not a cached record
        result = cli("list", "-d", str(data), "--format", "csv")
        assert "skipped 1 of 2 release files" in result.stderr
        assert "Beta" not in result.stdout
    [cache_file] = cache_files(tmp_path)
    assert sorted(cache.decode(cache_file.read_bytes())["files"]) == [*BUNDLED_REGISTRY, "alpha.yaml"]


def test_cache_is_used_and_no_cache_bypasses_it(cli, data, tmp_path):
    names(cli, data)
    # Plant a record the files do not hold: only a run that trusts the cache can show it.
    [cache_file] = cache_files(tmp_path)
    plant_record(cache_file, "alpha.yaml", lambda record: record.update(name="From The Cache"))
    assert names(cli, data) == ["Beta", "From The Cache"]
    assert names(cli, data, "--no-cache") == ["Alpha", "Beta"]


def test_no_cache_writes_nothing(cli, data, tmp_path):
    assert names(cli, data, "--no-cache") == ["Alpha", "Beta"]
    assert cache_files(tmp_path) == []


def test_a_cache_from_another_tool_version_is_ignored(cli, data, tmp_path, monkeypatch):
    names(cli, data)
    [cache_file] = cache_files(tmp_path)
    plant_record(cache_file, "alpha.yaml", lambda record: record.update(name="Stale"))
    stored = cache.decode(cache_file.read_bytes())
    stored["key"] = "written by another version"
    cache_file.write_bytes(cache.encode(stored))
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


# --- integrity: a damaged, planted or strange cache file is never trusted ---------------------

def sample_records() -> cache.Records:
    return {f"r{i}.yaml": ((100 + i, 10**18 + i, 10**18 + 2 * i, 4000 + i),
                           {"id": f"r{i}", "name": f"Release {i}", "aliases": ["x", "y"]},
                           '{"id": "r%d"}' % i, None if i % 2 else [[["released", "source"], "s"]])
            for i in range(40)}


def test_random_corruptions_never_serve_a_wrong_record(tmp_path, monkeypatch):
    """Flipped bytes, truncations and garbage appended or inserted, with a fixed seed:
    every read gives exactly what was written or nothing at all, and never raises."""
    import random

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    root = tmp_path / "data"
    root.mkdir()
    records = sample_records()
    cache.write(root, records)
    [path] = (tmp_path / "c" / "ai-tracker").glob("*.marshal")
    good = path.read_bytes()
    assert cache.read(root) == records
    rng = random.Random(16)
    served_nothing = 0
    for trial in range(600):
        raw = bytearray(good)
        kind = trial % 4
        if kind == 0:  # one to three bytes changed anywhere, magic and checksum included
            for _ in range(rng.randint(1, 3)):
                at = rng.randrange(len(raw))
                raw[at] = (raw[at] + rng.randint(1, 255)) % 256
        elif kind == 1:
            del raw[rng.randrange(len(raw)):]
        elif kind == 2:
            raw += bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        else:
            at = rng.randrange(len(raw))
            raw[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        path.write_bytes(bytes(raw))
        got = cache.read(root)
        assert got in ({}, records), f"trial {trial}: a damaged cache served different records"
        served_nothing += got == {}
    assert served_nothing == 600  # every one of these corruptions is caught by the checksum


def test_a_cache_file_that_is_a_device_or_a_fifo_is_never_read(tmp_path, monkeypatch):
    import signal

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    root = tmp_path / "data"
    root.mkdir()
    cache.write(root, sample_records())
    [path] = (tmp_path / "c" / "ai-tracker").glob("*.marshal")

    class Hung(BaseException):  # not an Exception: cache.read must not swallow it
        pass

    def hung(*_: object) -> None:
        raise Hung("reading the cache blocked")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)  # a guard against hanging the suite, not a measure of speed
    try:
        path.unlink()
        path.symlink_to("/dev/zero")  # an endless file: would eat all memory
        assert cache.read(root) == {}
        path.unlink()
        with contextlib.suppress(PermissionError):  # a device node itself, where we may make one (root)
            os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero's numbers
            with monkeypatch.context() as m:  # not a byte is read from it: it is refused when opened
                m.setattr(cache.os, "fdopen", lambda *a, **k: pytest.fail("read from a device"))
                assert cache.read_bounded(path, cache.MAX_BYTES) is None
            assert cache.read(root) == {}
            path.unlink()
        os.mkfifo(path)  # no writer: an ordinary open would wait for ever
        assert cache.read(root) == {}
        path.unlink()
        path.symlink_to(tmp_path / "elsewhere.marshal")  # a link, even to a good cache, is not ours
        cache.write(tmp_path / "other", sample_records())
        assert cache.read(root) == {}
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_an_oversized_cache_file_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    root = tmp_path / "data"
    root.mkdir()
    cache.write(root, sample_records())
    [path] = (tmp_path / "c" / "ai-tracker").glob("*.marshal")
    monkeypatch.setattr(cache, "MAX_BYTES", path.stat().st_size - 1)
    assert cache.read(root) == {}


def test_a_planted_cache_with_a_valid_checksum_is_survived(cli, data, tmp_path):
    """The checksum holds but the records are not what this code writes: every command
    still works, says nothing, and the next write replaces the cache. (While the memo
    stands for the collection, a file's own record is not read at all.)"""
    names(cli, data)
    [cache_file] = cache_files(tmp_path)
    for memo in (True, False):  # the collection from the memo, or from the files' records
        stored = cache.decode(cache_file.read_bytes())
        stored["files"]["alpha.yaml"] = (stored["files"]["alpha.yaml"][0], {"no": "such fields"}, "", None)
        stored["memo"] = stored["memo"] if memo else None
        cache_file.write_bytes(cache.encode(stored))
        result = cli("list", "-d", str(data), "--format", "csv", "--sort", "name")
        assert result.exit_code == 0 and result.stderr == "", result
        assert [line.split(",")[2] for line in result.stdout.splitlines()[1:]] == ["Alpha", "Beta"]
        if not memo:  # read, found wanting, read from its file again and written back good
            assert cached_record(cache.decode(cache_file.read_bytes()), "alpha.yaml")["name"] == "Alpha"


def test_a_planted_record_read_late_stops_the_command_in_one_line_and_removes_the_cache(cli, data, tmp_path):
    """A record the memo stands for is decoded only when a command reads it. If it is not
    what this code writes, the command stops with one line, no traceback, and no wrong
    record; the cache is gone, so the next run reads the files."""
    names(cli, data)
    [cache_file] = cache_files(tmp_path)
    stored = cache.decode(cache_file.read_bytes())
    [at] = [n for n, entry in enumerate(stored["memo"]["entries"]) if marshal.loads(entry[2])["id"] == "alpha"]
    place, head, _, text = stored["memo"]["entries"][at]
    stored["memo"]["entries"][at] = (place, head, marshal.dumps({"id": "alpha", "name": "Planted"}), text)
    cache_file.write_bytes(cache.encode(stored))
    result = cli("list", "-d", str(data), "--format", "yaml")  # yaml is made from the records
    assert result.exit_code == 1 and "Planted" not in result.stdout
    assert result.stderr.startswith("error: the cache held a record of 'alpha' that this version")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert cache_files(tmp_path) == []
    assert names(cli, data) == ["Alpha", "Beta"]


def test_a_same_size_edit_that_keeps_its_mtime_is_seen(cli, data):
    """`touch -r`, `cp -p`, `tar x`: size and mtime as before, but the ctime or inode moved."""
    assert names(cli, data) == ["Alpha", "Beta"]
    path = data / "alpha.yaml"
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("Alpha", "Omega"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as touch -r does
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert names(cli, data) == ["Beta", "Omega"]
    # cp -p: a new file (a new inode) with the old size and mtime
    copy = data / "alpha.copy"
    copy.write_text(path.read_text(encoding="utf-8").replace("Omega", "Sigma"), encoding="utf-8")
    os.utime(copy, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(copy, path)
    assert names(cli, data) == ["Beta", "Sigma"]


def test_validate_verbose_says_what_came_from_the_cache(cli, data):
    first = cli("validate", "-d", str(data), "-v")
    assert "from the cache: " not in first.stderr
    assert "0 files from the cache" in first.stderr
    write_release(data, "gamma", name="Gamma")
    second = cli("validate", "-d", str(data), "-v")
    listed = sorted(line.split(": ", 1)[1] for line in second.stderr.splitlines() if line.startswith("from the cache: "))
    assert [os.path.basename(name) for name in listed] == [
        "(bundled) organizations.yaml", "(bundled) sources.yaml", "alpha.yaml", "beta.yaml"]
    assert "gamma.yaml" not in second.stderr
    assert "4 files from the cache" in second.stderr
    quiet = cli("validate", "-d", str(data))
    assert "cache" not in quiet.stderr


def test_no_home_folder_means_no_cache(cli, data, tmp_path, monkeypatch):
    """The `docker run --user 12345` case: no $HOME, no passwd entry, no XDG_CACHE_HOME."""
    import pwd

    def no_entry(uid: int) -> object:
        raise KeyError(uid)

    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    assert cache.folder() is None
    assert cache.read(data) == {}
    cache.write(data, {})  # nothing to write to, and no error
    result = cli("list", "-d", str(data), "--format", "csv", env={"XDG_CACHE_HOME": None})
    assert result.exit_code == 0 and result.stderr == "", result
    assert len(result.stdout.splitlines()) == 3


# --- the memo: the collection as the last run left it ----------------------------------------

def _as_seen(found: catalog.Catalog) -> tuple:
    """Everything a command reads of a catalog, in order."""
    entries = [(e.id, e.path, e.released_on, e.name, e.countries, e.categories, e.org_names, e.open_weights,
                e.access, e.predecessor, e.abouts, e.source_ids, e.aliases, e.record, e.json) for e in found.entries]
    return entries, [str(p) for p in found.problems], found.skipped, found.files


def _mixed(tmp_path: Path) -> list[folders.DataDir]:
    """The bundled data (organisations by registry id) and a folder of one's own with a
    record linked to a bundled release and a broken reference."""
    mine = tmp_path / "mine"
    write_release(mine, "glm-5-elsewhere", name="GLM-5 (elsewhere)", released={"date": "2026-02-12", "source": "md"},
                  sources=[{"id": "md", "title": "models.dev"}],
                  origin={"database": "models-dev", "key": "zhipu/glm-5", "same_as": "glm-5"})
    write_release(mine, "dangling", name="Dangling", predecessor="no-such-release")
    return [folders.DataDir(REPO / "releases", "option"), folders.DataDir(mine, "option")]


def test_a_warm_load_from_the_memo_is_the_collection_a_full_read_makes(tmp_path, monkeypatch):
    """Entries (every field, the record decoded late, its JSON), problems and counts are the
    same from the memo as from reading every file, and from the records without the memo."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    dirs = _mixed(tmp_path)
    full = _as_seen(catalog.load(dirs, use_cache=False))
    assert full[1] and full[2] == 1 and any(e[0] == "glm-5" and "GLM-5 (elsewhere)" in e[12] for e in full[0])
    cold = catalog.load(dirs)
    warm = catalog.load(dirs)
    assert warm.entries and all(e._record is None for e in warm.entries)  # the memo: nothing decoded yet
    assert _as_seen(cold) == full and _as_seen(warm) == full
    [cache_file] = (tmp_path / "c" / "ai-tracker").glob("*.marshal")
    stored = cache.decode(cache_file.read_bytes())
    stored["memo"] = None
    cache_file.write_bytes(cache.encode(stored))
    assert _as_seen(catalog.load(dirs)) == full  # the records, checked across files again
    # A file that does not parse is read every time (only valid files are cached), so
    # such a collection is checked across files every time: still the same collection.
    (tmp_path / "mine" / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    full = _as_seen(catalog.load(dirs, use_cache=False))
    assert full[2] == 2 and _as_seen(catalog.load(dirs)) == full == _as_seen(catalog.load(dirs))


def test_the_memo_is_not_used_once_anything_it_stands_for_changed(tmp_path, monkeypatch):
    """A file edited, added or removed, a registry file edited, or paths shown from another
    working folder: the collection is made again, never taken from a memo of before."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    data = tmp_path / "data"
    write_release(data, "alpha", name="Alpha")
    write_release(data, "beta", name="Beta", predecessor="alpha")
    root = [folders.DataDir(data, "option")]

    def seen() -> tuple:
        catalog.load(root)  # writes the cache (and its memo) when something changed
        return _as_seen(catalog.load(root))  # from the memo when nothing did

    assert [e[3] for e in seen()[0]] == ["Alpha", "Beta"]
    write_release(data, "alpha", name="Alpha Two")
    assert [e[3] for e in seen()[0]] == ["Alpha Two", "Beta"]
    (data / "alpha.yaml").unlink()
    assert [e[3] for e in seen()[0]] == [] and "no release with id 'alpha'" in seen()[1][0]
    write_release(data, "alpha", name="Alpha")
    (data / "organizations.yaml").write_text("test-lab:\n  name: Test Lab\n  country: US\n", encoding="utf-8")
    write_release(data, "gamma", name="Gamma", organization=["test-lab"])
    assert [(e[3], e[4]) for e in seen()[0]] == [("Alpha", ["US"]), ("Beta", ["US"]), ("Gamma", ["US"])]
    (data / "organizations.yaml").write_text("test-lab:\n  name: Test Lab\n  country: FR\n", encoding="utf-8")
    assert [(e[3], e[4]) for e in seen()[0]][2] == ("Gamma", ["FR"])
    monkeypatch.chdir(data)
    assert [e[1] for e in seen()[0]] == ["alpha.yaml", "beta.yaml", "gamma.yaml"]
    monkeypatch.chdir(tmp_path)
    assert [e[1] for e in seen()[0]] == ["data/alpha.yaml", "data/beta.yaml", "data/gamma.yaml"]


def test_from_the_memo_list_counts_and_weekly_decode_no_record_and_show_one(cli, tmp_path, monkeypatch):
    """What makes a warm run of 10,000 releases cheap, held as behaviour (not time): from
    the memo, `list` (json, jsonl, plain, csv), `counts` and `weekly` print every release
    without decoding a single record; `show` decodes the one it shows."""
    folder = tmp_path / "many"
    for n in range(30):
        write_release(folder, f"model-{n:02d}", name=f"Model {n}", released={"date": f"2026-0{1 + n % 9}-1{n % 10}",
                                                                              "source": "s1"})
    assert cli("list", "-d", str(folder), "-q").exit_code == 0  # writes the cache and its memo
    decoded: list[str] = []
    real = catalog._decoded
    monkeypatch.setattr(catalog, "_decoded", lambda blob, rid, roots=None: decoded.append(rid) or real(blob, rid, roots))
    for args in (["list", "--format", "json"], ["list", "--format", "jsonl"], ["list"], ["list", "--format", "csv"],
                 ["counts", "--per", "month"], ["weekly", "--since", "2026-01-01"]):
        result = cli(*args, "-d", str(folder))
        assert result.exit_code == 0 and (args[0] != "list" or "Model 29" in result.stdout), result
        assert decoded == [], (args, decoded)
    result = cli("show", "model-07", "-d", str(folder), "--format", "json")
    assert result.exit_code == 0 and decoded == ["model-07"]


def test_a_shared_source_gone_from_the_registry_is_found_as_a_fresh_read_finds_it(cli, tmp_path):
    """A cached record was checked against the shared sources of its day: with one it cites
    gone, the file is read again, and every run says what --no-cache says (the problem,
    its wording, the count and the order), not a later check's version of it."""
    data = tmp_path / "data"
    write_release(data, "alpha", name="Alpha", released={"date": "2026-02-12", "source": "shared1"},
                  organization=["my-lab"], sources=[{"id": f"s{n}", "title": "a"} for n in range(1, 12)])
    write_release(data, "zeta", name="Zeta")
    (data / "sources.yaml").write_text("shared1:\n  title: Shared\n", encoding="utf-8")
    (data / "organizations.yaml").write_text("my-lab:\n  name: My Lab\n  country: FR\n", encoding="utf-8")
    assert cli("validate", "-d", str(data)).exit_code == 0
    (data / "sources.yaml").write_text("other:\n  title: Other\n", encoding="utf-8")
    (data / "organizations.yaml").write_text("other-lab:\n  name: Other Lab\n  country: FR\n", encoding="utf-8")
    (data / "zeta.yaml").write_text("name: [\n", encoding="utf-8")
    fresh = cli("validate", "-d", str(data), "--no-cache")
    assert fresh.exit_code == 1 and "shared1" in fresh.stdout + fresh.stderr
    for _ in range(2):
        warm = cli("validate", "-d", str(data))
        assert (warm.exit_code, warm.stdout, warm.stderr) == (fresh.exit_code, fresh.stdout, fresh.stderr)
        listed = cli("list", "-d", str(data))
        assert listed.stderr == cli("list", "-d", str(data), "--no-cache").stderr


def test_a_run_that_learns_nothing_writes_no_cache(cli, tmp_path, monkeypatch):
    """A collection with a file that does not parse is read again every time, but the
    cache is not rewritten for it; nor is it when the same collection is read from
    another working folder (the memo holds no path as seen from one)."""
    data = tmp_path / "data"
    for n in range(5):
        write_release(data, f"model-{n}", name=f"Model {n}")
    assert cli("list", "-d", str(data), "-q").exit_code == 0
    [cache_file] = cache_files(tmp_path)

    def written() -> tuple[int, int]:
        st = cache_file.stat()
        return st.st_ino, st.st_mtime_ns

    before = written()
    for where in (tmp_path, data, tmp_path, data):
        monkeypatch.chdir(where)
        assert cli("list", "-d", str(data), "--format", "csv").exit_code == 0
    assert written() == before  # from the memo from both folders, nothing written
    (data / "broken.yaml").write_text("name: [\n", encoding="utf-8")
    assert cli("list", "-d", str(data)).exit_code == 0  # the memo no longer holds: written once
    after = written()
    for _ in range(2):
        result = cli("list", "-d", str(data))
        assert "broken.yaml" in result.stderr
    assert written() == after


def test_a_deleted_working_folder_is_no_error(cli, tmp_path, monkeypatch):
    data = tmp_path / "data"
    write_release(data, "alpha", name="Alpha")
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    result = cli("list", "-d", str(data), "--format", "csv")
    assert result.exit_code == 0 and "Alpha" in result.stdout, result


def test_a_damaged_record_section_means_no_memo_silently(cli, data, tmp_path):
    """The memo's records lie in a section of their own, checked when the cache is read:
    a byte changed there means the collection is made from the files, without a word."""
    assert names(cli, data) == ["Alpha", "Beta"]
    [cache_file] = cache_files(tmp_path)
    raw = bytearray(cache_file.read_bytes())
    front = int.from_bytes(raw[len(cache.MAGIC) + 4:len(cache.MAGIC) + 8], "big")
    at = cache._HEADER + front + 5  # inside the first record's blob
    raw[at] ^= 0xFF
    cache_file.write_bytes(bytes(raw))
    result = cli("list", "-d", str(data), "--format", "yaml")
    assert result.exit_code == 0 and result.stderr == "" and "name: Alpha" in result.stdout
    assert names(cli, data) == ["Alpha", "Beta"]


# --- a cache that someone else can write is not ours ------------------------------------------

AS_ROOT = pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0,
                             reason="only root can give a file to another user (CI and the team's machine "
                                    "run the tests as root)")
NOBODY = 65534


@pytest.mark.parametrize(("spoil", "which", "why"), [
    pytest.param(lambda folder, file: folder.chmod(0o777), "folder", "can be written by its group and others "
                 "(mode 0777)", id="folder-writable-by-all"),
    pytest.param(lambda folder, file: folder.chmod(0o770), "folder", "can be written by its group (mode 0770)",
                 id="folder-writable-by-its-group"),
    pytest.param(lambda folder, file: file.chmod(0o602), "file", "can be written by others (mode 0602)",
                 id="file-writable-by-others"),
    pytest.param(lambda folder, file: os.chown(folder, NOBODY, -1), "folder",
                 f"belongs to another user (uid {NOBODY})", id="folder-of-another-user", marks=AS_ROOT),
    pytest.param(lambda folder, file: os.chown(file, NOBODY, -1), "file",
                 f"belongs to another user (uid {NOBODY})", id="file-of-another-user", marks=AS_ROOT),
])
def test_a_cache_someone_else_can_write_is_neither_read_nor_written(cli, data, tmp_path, spoil, which, why):
    """In a shared XDG_CACHE_HOME or /tmp, whoever can write the cache could plant records
    that `list` and `show` print (a checksum does not stop them). The cache folder is made
    private; a folder or file that is not, or not the user's, is left alone: every file is
    read again, nothing written, one warning naming it."""
    umask = os.umask(0)  # even so, the folder is made 0700 and the file 0600
    try:
        assert names(cli, data) == ["Alpha", "Beta"]
    finally:
        os.umask(umask)
    folder = tmp_path / "cache" / "ai-tracker"
    [cache_file] = cache_files(tmp_path)
    assert (stat.S_IMODE(folder.stat().st_mode), stat.S_IMODE(cache_file.stat().st_mode)) == (0o700, 0o600)
    plant_record(cache_file, "alpha.yaml", lambda record: record.update(name="Planted"))
    assert names(cli, data) == ["Beta", "Planted"]  # what a cache's writer decides is printed
    spoil(folder, cache_file)
    planted = (cache_file.read_bytes(), cache_file.stat().st_mtime_ns)
    path = folder if which == "folder" else cache_file
    warning = f"warning: the cache {which} '{path}' {why}: it is not used (every file is read again) nor written"
    listed = cli("list", "-d", str(data), "--format", "csv", "--sort", "name")
    shown = cli("show", "alpha", "-d", str(data), "--format", "json")
    checked = cli("validate", "-d", str(data))
    assert [line.split(",")[2] for line in listed.stdout.splitlines()[1:]] == ["Alpha", "Beta"]
    assert json.loads(shown.stdout)["name"] == "Alpha"
    assert checked.exit_code == 0 and checked.stdout == ""
    for result in (listed, shown, checked):
        said = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
        assert len(said) == 1 and said[0].startswith(warning), result
    assert (cache_file.read_bytes(), cache_file.stat().st_mtime_ns) == planted
    assert sorted(p.name for p in folder.iterdir()) == [cache_file.name]  # nothing written beside it
