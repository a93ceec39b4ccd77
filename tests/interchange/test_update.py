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
