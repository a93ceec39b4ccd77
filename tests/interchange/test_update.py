"""`ai-tracker update` and `changes`, against a models.dev server the test runs on 127.0.0.1.

The fixture `tests/data/models-dev/update/api.json` is models.dev's served JSON for a few
of its real files (commit f3fc692, 2026-07-02; MIT, licence in the folder above): MiniMax's
own MiniMax-M3, NVIDIA's API serving MiniMax-M3 and Moonshot's Kimi K2.6 (hosted copies),
and NVIDIA's own Nemotron 3.5 Content Safety, a model the curated record does not hold.
"""

from __future__ import annotations

import copy
import hashlib
import http.server
import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest
from support import REPO

FIXTURE = REPO / "tests" / "data" / "models-dev" / "update" / "api.json"
SAFETY = "Nemotron 3.5 Content Safety"


class Server:
    """models.dev, as far as `update` sees it: one JSON body with an ETag, answering a
    conditional request with 304, or a status or a cut body when told to."""

    def __init__(self) -> None:
        self.payload: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
        self.status = 200
        self.cut = False  # send fewer bytes than Content-Length says, then close
        self.bodies = 0  # how many times a body was sent
        self.requests = 0

    def body(self) -> bytes:
        return json.dumps(self.payload, indent=1).encode("utf-8")


def _handler(state: Server) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            state.requests += 1
            if state.status != 200:
                self.send_error(state.status, "Server Error")
                return
            body = state.body()
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("ETag", etag)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            state.bodies += 1
            self.wfile.write(body[: len(body) // 2] if state.cut else body)
            if state.cut:
                self.close_connection = True

    return Handler


@pytest.fixture
def models_dev():  # type: ignore[no-untyped-def]
    state = Server()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/api.json", state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "ai-tracker"


def update(cli: Any, url: str, *more: str) -> Any:
    return cli("update", "--url", url, "--today", "2026-12-08", *more)


def snapshot_of(home: Path) -> dict[str, bytes]:
    """Every file the update keeps, by path: what 'left exactly as it was' compares."""
    found = {}
    for folder, _, files in os.walk(home, followlinks=False):
        for name in files:
            if name != "update.lock":
                found[os.path.relpath(os.path.join(folder, name), home)] = Path(folder, name).read_bytes()
    found["updates ->"] = os.readlink(home / "updates").encode() if (home / "updates").is_symlink() else b""
    return found


def test_an_update_adds_models_only_it_has_to_the_default_collection_marked_as_imported(cli, models_dev, home):
    url, _ = models_dev
    before = cli("list", "--since", "2026-06-01", "--format", "csv")
    assert SAFETY not in before.stdout  # the curated record does not hold it
    result = update(cli, url)
    assert result.exit_code == 0, result
    assert "3 added" in result.stderr and "3 models read" in result.stderr
    plain = cli("list", "--since", "2026-06-01")
    line = next(row for row in plain.stdout.splitlines() if SAFETY in row)
    assert f"{SAFETY} *" in line and "NVIDIA" in line and "US" in line
    assert "* imported from another database" in plain.stderr
    rows = cli("list", "--since", "2026-06-01", "--format", "csv").stdout.splitlines()
    assert rows[0].split(",")[-1] == "imported"
    safety = next(r for r in rows if SAFETY in r)
    assert safety.endswith(",true")
    shown = cli("show", SAFETY)
    assert "Imported      from models-dev (nvidia/nvidia/nemotron-3.5-content-safety), not checked by hand" \
        in shown.stdout
    assert "api.json#nvidia/nvidia/nemotron-3.5-content-safety" in shown.stdout  # never a temporary file's name


def test_a_model_the_curated_record_holds_is_listed_once(cli, models_dev, home):
    url, _ = models_dev
    assert update(cli, url).exit_code == 0
    rows = [r for r in cli("list", "--search", "MiniMax-M3", "--format", "csv").stdout.splitlines()[1:]]
    assert len(rows) == 1, rows
    assert ",false" in rows[0].rsplit(",", 1)[0] + "," or rows[0].endswith(",false")  # the curated release
    assert "minimax" in rows[0].lower() and ",CN," in rows[0]


def test_a_labs_model_served_by_another_companys_api_keeps_its_labs_country(cli, models_dev, home):
    url, _ = models_dev
    result = update(cli, url)
    assert "models another lab serves are left out" in result.stderr
    records = [json.loads(line) for line in cli("list", "--format", "jsonl", "--since", "2025-01-01").stdout.splitlines()]
    for record in records:
        name = record["name"].casefold()
        if "minimax" in name or "kimi" in name:
            assert all(org["country"] == ["CN"] for org in record["organization"]), record["id"]
    nvidia = [r["name"] for r in records if any(o["name"] == "NVIDIA" for o in r["organization"])]
    assert not [n for n in nvidia if "minimax" in n.casefold() or "kimi" in n.casefold()], nvidia


def test_a_second_update_downloads_no_body_and_reports_no_change(cli, models_dev, home):
    url, state = models_dev
    assert update(cli, url).exit_code == 0
    kept = snapshot_of(home)
    again = update(cli, url)
    assert again.exit_code == 0, again
    assert "not changed since the last update" in again.stderr
    assert state.bodies == 1 and state.requests == 2
    assert {k: v for k, v in snapshot_of(home).items() if k != "update.json"} == \
        {k: v for k, v in kept.items() if k != "update.json"}


@pytest.mark.parametrize("failure", ["status", "cut"])
def test_a_failed_download_leaves_the_record_exactly_as_it_was(cli, models_dev, home, failure):
    url, state = models_dev
    assert update(cli, url).exit_code == 0
    kept = snapshot_of(home)
    state.payload["nvidia"]["models"].pop("nvidia/nemotron-3.5-content-safety")  # a change the failure hides
    if failure == "status":
        state.status = 503
    else:
        state.cut = True
    result = update(cli, url)
    assert result.exit_code == 1, result
    assert len(result.stderr.strip().splitlines()) == 1 and url in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot_of(home) == kept
    assert SAFETY in cli("list", "--since", "2026-06-01").stdout


def test_changes_lists_additions_re_datings_with_their_weeks_and_removals(cli, models_dev, home):
    url, state = models_dev
    assert update(cli, url).exit_code == 0
    state.payload = copy.deepcopy(state.payload)
    state.payload["nvidia"]["models"]["nvidia/nemotron-3.5-content-safety"]["release_date"] = "2026-06-15"
    redated = update(cli, url)
    assert redated.exit_code == 0, redated
    assert f"re-dated {SAFETY} (nemotron-3-5-content-safety): 2026-06-04 (2026-W23) -> 2026-06-15 (2026-W25)" \
        in redated.stderr
    state.payload["nvidia"]["models"].pop("nvidia/nemotron-3.5-content-safety")
    assert "1 removed" in update(cli, url).stderr
    assert SAFETY not in cli("list", "--since", "2026-06-01").stdout
    changes = json.loads(cli("changes", "--format", "json").stdout)
    kinds = [(c["change"], c["name"]) for c in changes]
    assert kinds[:2] == [("removed", SAFETY), ("re-dated", SAFETY)]  # newest first
    moved = changes[1]
    assert (moved["before"], moved["week_before"], moved["released"], moved["week"]) == \
        ("2026-06-04", "2026-W23", "2026-06-15", "2026-W25")
    assert ("added", SAFETY) in kinds
    plain = cli("changes").stdout
    assert "from 2026-06-04 (2026-W23) to 2026-06-15 (2026-W25)" in plain
    assert cli("changes", "--since", "2027-01-01", "--format", "json").stdout.strip() == "[]"


def test_changes_with_no_update_says_so(cli, home):
    result = cli("changes")
    assert result.exit_code == 0
    assert "No changes logged" in result.stderr


def test_two_updates_never_interleave(cli, models_dev, home):
    import fcntl

    url, state = models_dev
    home.mkdir(parents=True)
    with open(home / "update.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = update(cli, url)
    assert result.exit_code == 1
    assert "another `ai-tracker update` is running" in result.stderr
    assert state.requests == 0 and not (home / "updates").exists()


def test_the_named_folders_mean_exactly_those_folders(cli, models_dev, home, tmp_path):
    url, _ = models_dev
    assert update(cli, url).exit_code == 0
    assert SAFETY not in cli("list", "-d", "@bundled", "--since", "2026-06-01").stdout
    assert SAFETY in cli("list", "-d", "@bundled", "-d", "@updates", "--since", "2026-06-01").stdout


def test_rollback_goes_back_to_the_record_before_the_last_update(cli, models_dev, home):
    url, state = models_dev
    assert cli("update", "--rollback").exit_code == 1  # nothing to undo yet
    assert update(cli, url).exit_code == 0
    first = snapshot_of(home)["updates ->"]
    state.payload["nvidia"]["models"].pop("nvidia/nemotron-3.5-content-safety")
    assert update(cli, url).exit_code == 0
    assert SAFETY not in cli("list", "--since", "2026-06-01").stdout
    undone = cli("update", "--rollback", "--today", "2026-12-09")
    assert undone.exit_code == 0, undone
    assert "1 added" in undone.stderr
    assert snapshot_of(home)["updates ->"] == first
    assert SAFETY in cli("list", "--since", "2026-06-01").stdout
    assert json.loads(cli("changes", "--format", "json").stdout)[0]["source"] == "rollback"
    assert cli("update", "--rollback", "--url", url).exit_code == 2


def test_the_update_states_its_coverage_and_status_shows_both_records(cli, models_dev, home):
    url, _ = models_dev
    assert update(cli, url).exit_code == 0
    statement = (home / "updates" / "coverage.yaml").read_text(encoding="utf-8")
    assert "level: partial" in statement and "organizations: [minimax, moonshot-ai, nvidia]" in statement
    assert "to: 2026-12-08" in statement
    status = json.loads(cli("status", "--format", "json").stdout)
    folders_ = [r["folder"] for r in status["records"]]
    assert folders_ == ["@bundled", "@updates"]
    update_record = status["records"][1]
    assert update_record["coverage"]["checked"] == "2026-12-08"
    assert update_record["coverage"]["spans"][0]["level"] == "partial"
    # Past the curated record, a count of the imported labs is partial, never 'not covered';
    # of every lab it stays not covered (models.dev lists API models only).
    weeks = json.loads(cli("weekly", "--org", "nvidia", "--week", "2026-W49", "--format", "json").stdout)
    assert weeks[0]["coverage"] == "partial"
    every = json.loads(cli("weekly", "--week", "2026-W49", "--format", "json").stdout)
    assert every[0]["coverage"] == "not covered" and every[0]["total"] is None
    assert cli("validate", "--strict").exit_code == 0


def pack(cli: Any, folder: str, out: Path, *more: str) -> Any:
    return cli("pack", folder, "--out", str(out), "--today", "2026-12-08", *more)


@pytest.fixture
def published(cli, tmp_path):  # type: ignore[no-untyped-def]
    """The bundled record packed, and a copy with Kling 3.0 re-dated into 2026-W07 packed after it."""
    first = tmp_path / "r1.tar.gz"
    assert pack(cli, "@bundled", first).exit_code == 0
    folder = tmp_path / "record"
    import shutil

    shutil.copytree(REPO / "releases", folder)
    kling = folder / "kling-3-0.yaml"
    text = kling.read_text(encoding="utf-8")
    assert "\n  date: 2026-02-05\n" in text
    kling.write_text(text.replace("\n  date: 2026-02-05\n", "\n  date: 2026-02-12\n", 1), encoding="utf-8")
    second = tmp_path / "r2.tar.gz"
    result = pack(cli, str(folder), second, "--previous", str(first))
    assert result.exit_code == 0, result
    return second


def test_a_snapshot_installed_from_a_url_shows_its_change_and_rolls_back(cli, published, home, tmp_path):
    import tarfile

    with tarfile.open(published) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert manifest["requires"] and manifest["checked"] and len(manifest["files"]) > 200
    assert [c["change"] for c in manifest["changes"]] == ["re-dated"]
    with serve(published.parent) as base:
        result = cli("update", "--from", f"{base}/{published.name}", "--today", "2026-12-08")
    assert result.exit_code == 0, result
    assert "re-dated Kling 3.0 (kling-3-0): 2026-02-05 (2026-W06) -> 2026-02-12 (2026-W07)" in result.stderr
    week = json.loads(cli("weekly", "--week", "2026-W07", "--format", "json").stdout)[0]
    bundled = json.loads(cli("weekly", "-d", "@bundled", "--week", "2026-W07", "--format", "json").stdout)[0]
    assert week["total"] == bundled["total"] + 1  # @bundled is always the package's own record
    assert "2026-W06" in cli("changes").stdout
    import feedparser

    feed = feedparser.parse(cli("changes", "--format", "atom").stdout.encode())
    assert not feed.bozo and [e.title for e in feed.entries] == ["Kling 3.0: re-dated"]
    assert "from 2026-02-05 (2026-W06) to 2026-02-12 (2026-W07)" in feed.entries[0].summary
    undone = cli("update", "--rollback")
    assert undone.exit_code == 0 and "1 re-dated" in undone.stderr
    again = json.loads(cli("weekly", "--week", "2026-W07", "--format", "json").stdout)[0]
    assert again["total"] == bundled["total"]


def _tampered(archive: Path, out: Path, change: Any) -> Path:
    """A copy of the archive rebuilt with change(tar, members) applied, and its own .sha256."""
    import hashlib
    import io
    import tarfile

    with tarfile.open(archive) as src:
        members = [(m, src.extractfile(m).read() if m.isfile() else b"") for m in src.getmembers()]  # type: ignore[union-attr]
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        change(tar, members)
    out.write_bytes(buffer.getvalue())
    out.with_name(out.name + ".sha256").write_text(hashlib.sha256(buffer.getvalue()).hexdigest() + f"  {out.name}\n")
    return out


def _add(tar: Any, name: str, data: bytes, **fields: Any) -> None:
    import io
    import tarfile

    info = tarfile.TarInfo(name)
    info.size = len(data)
    for key, value in fields.items():
        setattr(info, key, value)
    tar.addfile(info, io.BytesIO(data))


def _copy(tar: Any, members: list[Any], skip: str = "", swap: dict[str, bytes] | None = None) -> None:
    for member, data in members:
        if member.name != skip:
            _add(tar, member.name, (swap or {}).get(member.name, data))


@pytest.mark.parametrize("attack", ["tampered", "wrong sha256", "dot-dot", "link", "invalid file", "newer tool"])
def test_a_bad_snapshot_is_refused_and_the_record_is_untouched(cli, published, home, tmp_path, attack):
    bad = tmp_path / "bad.tar.gz"
    if attack == "tampered":  # the archive changed after its digest was published
        bad.write_bytes(published.read_bytes()[:-10] + b"0123456789")
        bad.with_name("bad.tar.gz.sha256").write_text(Path(str(published) + ".sha256").read_text())
    elif attack == "wrong sha256":
        bad.write_bytes(published.read_bytes())
        bad.with_name("bad.tar.gz.sha256").write_text("0" * 64 + "  bad.tar.gz\n")
    elif attack == "dot-dot":
        _tampered(published, bad, lambda tar, ms: (_copy(tar, ms), _add(tar, "record/../../evil.yaml", b"x: 1\n")))
    elif attack == "link":
        _tampered(published, bad, lambda tar, ms: (_copy(tar, ms), _add(tar, "record/evil.yaml", b"", type=b"2",
                                                                         linkname="/etc/passwd")))
    elif attack == "invalid file":  # consistent with its manifest, but not a valid release file
        def broken(tar: Any, ms: list[Any]) -> None:
            import hashlib

            body = b"name: [unclosed\n"
            manifest = json.loads(dict((m.name, d) for m, d in ms)["manifest.json"])
            manifest["files"]["kling-3-0.yaml"] = hashlib.sha256(body).hexdigest()
            _copy(tar, ms, swap={"manifest.json": json.dumps(manifest).encode(), "record/kling-3-0.yaml": body})
        _tampered(published, bad, broken)
    else:
        def newer(tar: Any, ms: list[Any]) -> None:
            manifest = json.loads(dict((m.name, d) for m, d in ms)["manifest.json"])
            manifest["requires"] = "99.0.0"
            _copy(tar, ms, swap={"manifest.json": json.dumps(manifest).encode()})
        _tampered(published, bad, newer)
    result = cli("update", "--from", str(bad), "--today", "2026-12-08")
    assert result.exit_code == 1, result
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    if attack == "newer tool":
        assert "pip install --upgrade 'ai-tracker>=99.0.0'" in result.stderr
    assert not (home / "snapshot").exists() and not (tmp_path / "evil.yaml").exists()
    assert not [p for p in (home / "states").iterdir()] if (home / "states").exists() else True
    assert "kling-3-0,2026-02-05" in cli("list", "--search", "Kling 3.0", "--format", "csv").stdout


def test_a_snapshot_needs_its_digest(cli, published, tmp_path):
    alone = tmp_path / "alone.tar.gz"
    alone.write_bytes(published.read_bytes())
    result = cli("update", "--from", str(alone))
    assert result.exit_code == 2 and "--sha256" in result.stderr
    import hashlib

    digest = hashlib.sha256(alone.read_bytes()).hexdigest()
    assert cli("update", "--from", str(alone), "--sha256", digest, "--today", "2026-12-08").exit_code == 0


def test_pack_refuses_a_folder_that_fails_validation_and_never_overwrites(cli, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    result = pack(cli, str(folder), tmp_path / "x.tar.gz")
    assert result.exit_code == 1 and "validate --strict" in result.stderr
    assert not (tmp_path / "x.tar.gz").exists()
    existing = tmp_path / "kept.tar.gz"
    existing.write_bytes(b"mine")
    assert pack(cli, "@bundled", existing).exit_code == 2
    assert existing.read_bytes() == b"mine"


class serve:  # noqa: N801 - used as `with serve(folder) as base`
    """A folder served over HTTP on 127.0.0.1 (the snapshot and its .sha256)."""

    def __init__(self, folder: Path) -> None:
        import functools

        handler = functools.partial(_Quiet, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)

    def __enter__(self) -> str:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


def _on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """stderr of the real program run with stdout and stderr on a pseudo-terminal."""
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    try:
        subprocess.run([sys.executable, "-m", "ai_tracker", *args], stdin=subprocess.DEVNULL, stdout=follower,
                       stderr=follower, env=env, timeout=120, check=False)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks).decode("utf-8", "replace")
    finally:
        os.close(leader)


def test_a_stale_record_says_so_once_a_day_on_a_terminal_only(tmp_path):
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("CI", "AI_TRACKER_NO_UPDATE_NOTICE", "AI_TRACKER_DATA")}
    env.update(XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_DATA_HOME=str(tmp_path / "data"),
               AI_TRACKER_TODAY="2027-03-01", COLUMNS="120", NO_COLOR="1")
    args = ["list", "--limit", "1"]
    first = _on_a_terminal(args, env)
    assert "`ai-tracker update` brings it up to date" in first
    assert "`ai-tracker update`" not in _on_a_terminal(args, env)  # once a day
    env2 = {**env, "AI_TRACKER_TODAY": "2027-03-02"}
    assert "`ai-tracker update`" in _on_a_terminal(args, env2)
    env3 = {**env, "AI_TRACKER_TODAY": "2027-03-03"}
    assert "`ai-tracker update`" not in _on_a_terminal(args, {**env3, "CI": "true"})
    assert "`ai-tracker update`" not in _on_a_terminal(args, {**env3, "AI_TRACKER_NO_UPDATE_NOTICE": "1"})
    piped = subprocess.run([sys.executable, "-m", "ai_tracker", *args], capture_output=True, text=True, env=env3,
                           timeout=120, check=False)
    assert "`ai-tracker update`" not in piped.stderr
    fresh = {**env3, "AI_TRACKER_TODAY": "2026-12-20"}  # 19 days after the bundled record was checked
    assert "`ai-tracker update`" not in _on_a_terminal(args, fresh)


def test_the_digest_tells_an_imported_release_from_a_curated_one(cli, models_dev, home):
    url, _ = models_dev
    assert update(cli, url).exit_code == 0
    for fmt in ("markdown", "plain", "html"):
        page = cli("digest", "--week", "2026-W23", "--format", fmt).stdout
        line = next(x for x in page.splitlines() if SAFETY in x and "released" in x)
        assert "imported from models-dev, not checked by hand" in line, (fmt, line)
    rows = cli("digest", "--week", "2026-W23", "--format", "csv").stdout
    safety = next(r for r in rows.splitlines() if SAFETY in r)
    assert safety.endswith(",true")


def test_when_the_curated_base_changes_the_updates_links_follow_it(cli, models_dev, home, tmp_path):
    """A snapshot that renames a release the update links to: the link follows on install, and a
    base changed behind the update's back (a package upgrade) is linked again on the next read."""
    import shutil

    url, _ = models_dev
    assert update(cli, url).exit_code == 0
    linked = next(p for p in (home / "updates").iterdir() if "minimax" in p.name.lower())
    assert "same_as: minimax-m3\n" in linked.read_text(encoding="utf-8")
    folder = tmp_path / "record"
    shutil.copytree(REPO / "releases", folder)
    (folder / "minimax-m3.yaml").rename(folder / "minimax-m3-renamed.yaml")
    archive = tmp_path / "renamed.tar.gz"
    assert pack(cli, str(folder), archive).exit_code == 0
    assert cli("update", "--from", str(archive), "--today", "2026-12-08").exit_code == 0
    assert "same_as: minimax-m3-renamed\n" in linked.read_text(encoding="utf-8")
    rows = cli("list", "--search", "MiniMax-M3", "--format", "csv").stdout.splitlines()[1:]
    assert len(rows) == 1 and rows[0].startswith("minimax-m3-renamed,"), rows
    assert cli("validate", "--strict").exit_code == 0
    assert cli("update", "--rollback").exit_code == 0  # the bundled record is the base again
    assert "same_as: minimax-m3\n" in linked.read_text(encoding="utf-8")
    # The base changes without `update` knowing (as a package upgrade would): the update's record
    # still names the release as the old base had it, untouched by hand; the next read links again.
    from ai_tracker.interchange import importing, modelsdev

    record = importing.read_existing(linked, modelsdev.DATABASE).data
    stale = {**record, "origin": {**record["origin"], "same_as": "minimax-m3-renamed"}}
    linked.write_text(importing.render(modelsdev.DATABASE_INFO, stale), encoding="utf-8")
    state = json.loads((home / "update.json").read_text())
    (home / "update.json").write_text(json.dumps({**state, "base": "an older base"}))
    rows = cli("list", "--search", "MiniMax-M3", "--format", "csv").stdout.splitlines()[1:]
    assert len(rows) == 1 and rows[0].startswith("minimax-m3,"), rows
    assert "same_as: minimax-m3\n" in linked.read_text(encoding="utf-8")
    assert json.loads((home / "update.json").read_text())["base"] != "an older base"


def test_offline_a_saved_copy_updates_just_the_same(cli, home, tmp_path):
    saved = tmp_path / "api.json"
    saved.write_bytes(FIXTURE.read_bytes())
    result = cli("update", "--url", str(saved), "--today", "2026-12-08")
    assert result.exit_code == 0, result
    assert SAFETY in cli("list", "--since", "2026-06-01").stdout
    assert "api.json#nvidia/nvidia/nemotron-3.5-content-safety" in cli("show", SAFETY).stdout
    missing = cli("update", "--url", str(tmp_path / "nothing.json"))
    assert missing.exit_code == 2 and "neither an http(s) URL nor a file" in missing.stderr


def test_bad_values_are_named_by_the_option_the_user_typed(cli, tmp_path):
    missing = cli("update", "--from", str(tmp_path / "none.tar.gz"))
    assert missing.exit_code == 2 and missing.stderr.startswith("error: --from: ")
    folder = cli("pack", str(tmp_path / "none"), "--out", str(tmp_path / "x.tar.gz"))
    assert folder.exit_code == 2 and folder.stderr.startswith("error: DIR: ") and "data_dir" not in folder.stderr
