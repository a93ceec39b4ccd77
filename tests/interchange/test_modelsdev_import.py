"""`ai-tracker import models-dev`: a checkout (new and old layouts) or its JSON, the variant
rule, labs from the registry, sources with commit and file, the re-import rules, linking to
the collection, and the URL download against a local server (never the internet)."""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from support import REPO
from support.servers import serving

FIXTURES = REPO / "tests" / "data" / "models-dev"


def alone(cli, source, into, *extra: str):  # type: ignore[no-untyped-def]
    """The import used with its own folder alone (-d DIR --into DIR)."""
    return cli("import", "models-dev", str(source), "--into", str(into), "-d", str(into), *extra)


def body(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_checkout_variants_labs_and_sources(cli, tmp_path):
    out = tmp_path / "out"
    result = alone(cli, FIXTURES / "checkout", out, "--snapshot", "2026-07-02")
    assert result.exit_code == 0, result
    assert sorted(p.name for p in out.iterdir()) == ["gemma-4-31b-it.yaml", "glm-5.yaml", "gpt-4.yaml",
                                                     "gpt-5-4-mini.yaml", "gpt-5-4.yaml"]
    # mini and nano: one lab, one day, one series (gpt-5.4) -> one release, though
    # models.dev's family field differs (gpt-mini, gpt-nano); GPT-5.4 itself came 12 days before.
    mini = body(out / "gpt-5-4-mini.yaml")
    assert [(v["name"], v["key"]) for v in mini["variants"]] == [("GPT-5.4 mini", "openai/gpt-5.4-mini"),
                                                               ("GPT-5.4 nano", "openai/gpt-5.4-nano")]
    specs = mini["variants"][0]["specs"]
    assert specs["context_window"]["value"] == "400000" and specs["input_price"]["value"] == "0.75"
    assert "input_price" not in mini["variants"][1]["specs"]  # no provider file for nano in the fixture: no price
    assert mini["organization"] == ["openai"] and mini["released"]["date"] == "2026-03-17"
    gemma = body(out / "gemma-4-31b-it.yaml")
    assert len(gemma["variants"]) == 4 and gemma["organization"] == ["google-deepmind"]
    assert gemma["open_weights"] is True
    glm = body(out / "glm-5.yaml")
    assert glm["organization"] == ["zhipu-ai"]
    assert glm["sources"][0] == {"id": "models-dev", "kind": "database", "title": "models.dev: models/zhipuai/glm-5.toml",
                                 "publisher": "models.dev", "date": "2026-07-02", "note": "MIT; snapshot 2026-07-02"}
    assert glm["origin"] == {"database": "models-dev", "key": "zhipuai/glm-5"}
    # A lab the registry does not know: reported, no file, no country guessed.
    assert ("skipped models/deepreinforce/ornith-1.0-9b.toml 'Ornith 1.0 9B': lab not in the registry "
            "('deepreinforce': add it to organizations.yaml with its country)") in result.stderr
    assert cli("validate", "-d", str(out)).exit_code == 0


def test_a_git_checkout_cites_its_commit_and_file(cli, tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "models.dev"
    shutil.copytree(FIXTURES / "checkout", repo)
    env = {"GIT_AUTHOR_DATE": "2026-07-02T00:00:00Z", "GIT_COMMITTER_DATE": "2026-07-02T00:00:00Z",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e",
           "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "fixture"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env)
    commit = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], check=True, capture_output=True,
                            text=True).stdout.strip()
    result = alone(cli, repo, tmp_path / "out")
    assert f"snapshot 2026-07-02, commit {commit[:12]})" in result.stderr
    [source] = body(tmp_path / "out" / "glm-5.yaml")["sources"][:1]
    assert source["url"] == f"https://github.com/anomalyco/models.dev/blob/{commit}/models/zhipuai/glm-5.toml"
    assert source["date"] == "2026-07-02" and source["note"] == f"MIT; commit {commit}"


def test_an_old_checkout_reads_lab_providers_and_leaves_hosts_out(cli, tmp_path):
    result = alone(cli, FIXTURES / "old", tmp_path / "out", "--snapshot", "2025-08-31")
    assert result.exit_code == 0, result
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["glm-4-5-air.yaml", "glm-4-5.yaml"]
    assert body(tmp_path / "out" / "glm-4-5.yaml")["organization"] == ["zhipu-ai"]  # the provider zai is Z.ai
    assert "1 providers are not labs the registry knows, read as hosts and left out: openrouter" in result.stderr


@pytest.mark.parametrize("name", ["api.json", "models.json"])
def test_the_json_forms_make_the_same_releases_as_the_checkout(cli, tmp_path, name):
    alone(cli, FIXTURES / "checkout", tmp_path / "a", "--snapshot", "2026-07-02")
    result = alone(cli, FIXTURES / name, tmp_path / "b", "--snapshot", "2026-07-02")
    assert result.exit_code == 0, result
    a, b = tmp_path / "a", tmp_path / "b"
    assert sorted(p.name for p in a.iterdir()) == sorted(p.name for p in b.iterdir())
    for path in a.iterdir():
        left, right = body(path), body(b / path.name)
        assert left["origin"] == right["origin"] and left["released"] == right["released"]
        assert [v["key"] for v in left.get("variants", [])] == [v["key"] for v in right.get("variants", [])]
        if name == "api.json":  # api.json carries the prices too
            assert left.get("variants", [{}])[0].get("specs") == right.get("variants", [{}])[0].get("specs") or \
                left.get("specs") == right.get("specs")
    if name == "api.json":  # a provider that is no lab the registry knows is a host: left out, named
        assert "2 providers are not labs the registry knows, read as hosts and left out: deepreinforce, " \
               "openrouter" in result.stderr


def test_not_models_dev_json_is_a_clear_error(cli, tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text('{"data": [{"id": "a"}]}', encoding="utf-8")
    result = alone(cli, bad, tmp_path / "out")
    assert result.exit_code == 1
    assert "not models.dev's JSON: expected api.json" in result.stderr and "Traceback" not in result.stderr


def test_reimport_changes_nothing_and_keeps_hand_edits(cli, tmp_path):
    out = tmp_path / "out"
    alone(cli, FIXTURES / "checkout", out, "--snapshot", "2026-07-02")
    again = alone(cli, FIXTURES / "checkout", out, "--snapshot", "2026-08")  # a newer snapshot, same data
    assert f"{out}: 0 written (0 new, 0 updated, 0 replaced), 5 unchanged, 0 kept, 1 skipped" in again.stderr
    edited = out / "glm-5.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("name: GLM-5", "name: GLM-5 (mine)"),
                      encoding="utf-8")
    kept = alone(cli, FIXTURES / "checkout", out, "--snapshot", "2026-07-02")
    assert "kept glm-5: edited by hand since it was imported; --force overwrites it" in kept.stderr
    assert "GLM-5 (mine)" in edited.read_text(encoding="utf-8")
    forced = alone(cli, FIXTURES / "checkout", out, "--snapshot", "2026-07-02", "--force")
    assert "replaced glm-5 (--force)" in forced.stderr and "(mine)" not in edited.read_text(encoding="utf-8")


def test_an_import_beside_the_bundled_record_links_and_never_repeats(cli, tmp_path):
    out = tmp_path / "out"
    result = cli("import", "models-dev", str(FIXTURES / "checkout"), "--into", str(out), "-d", "@bundled",
                 "--snapshot", "2026-07-02")
    assert result.exit_code == 0, result
    # The bundled record has glm-5 and gpt-4: the imported files take other ids and link to them.
    assert body(out / "glm-5-zhipu-ai.yaml")["origin"]["same_as"] == "glm-5"
    assert body(out / "gpt-4-openai.yaml")["origin"]["same_as"] == "gpt-4"
    both = ["-d", "@bundled", "-d", str(out)]
    assert len(json.loads(cli("list", *both, "-f", "json").stdout)) == \
        len(json.loads(cli("list", "-f", "json").stdout))  # every model here is already in the bundled record
    shown = cli("show", "GLM-5", *both)
    assert shown.exit_code == 0 and shown.stdout.startswith("GLM-5\n=====\nid: glm-5 ")
    assert "2026-02-12 — models-dev record 'zhipuai/glm-5' (glm-5-zhipu-ai)" in shown.stdout
    assert "2026-02-11 — curated file (glm-5)" in shown.stdout
    checked = cli("validate", *both)
    assert checked.exit_code == 0 and "warning" not in checked.stdout
    again = cli("import", "models-dev", str(FIXTURES / "checkout"), "--into", str(out), "-d", "@bundled",
                "--snapshot", "2026-07-02")
    assert "0 written (0 new, 0 updated, 0 replaced), 5 unchanged" in again.stderr


# --- URL downloads, against a server on 127.0.0.1 -----------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    payload = b""
    delay = 0.0

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path.startswith("/missing"):
            self.send_error(404, "Not Found")
            return
        time.sleep(self.delay)
        try:
            self.send_response(200)
            self.send_header("Content-Length", str(len(self.payload)))
            self.end_headers()
            self.wfile.write(self.payload)
        except OSError:  # the client gave up (the timeout test): nothing to answer
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server():  # type: ignore[no-untyped-def]
    handler = type("Handler", (_Handler,), {"payload": (FIXTURES / "api.json").read_bytes(), "delay": 0.0})
    with serving(handler) as base:
        yield base, handler


def test_a_url_is_downloaded_and_imported(cli, tmp_path, server):
    base, _ = server
    result = alone(cli, f"{base}/api.json", tmp_path / "out", "--snapshot", "2026-07-02")
    assert result.exit_code == 0, result
    assert result.stderr.startswith(f"{base}/api.json: 9 rows read (models.dev, snapshot 2026-07-02)")
    assert body(tmp_path / "out" / "glm-5.yaml")["sources"][0]["url"] == f"{base}/api.json"


def test_a_url_that_times_out_is_a_clear_error(cli, tmp_path, server):
    base, handler = server
    handler.delay = 1.0
    result = alone(cli, f"{base}/api.json", tmp_path / "out", "--timeout", "0.3")
    assert result.exit_code == 1
    assert "no answer within 0.3 s (--timeout sets the wait)" in result.stderr or "stalled" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_url_over_the_size_cap_is_refused(cli, tmp_path, server):
    base, _ = server
    result = alone(cli, f"{base}/api.json", tmp_path / "out", "--max-size", "0.001")
    assert result.exit_code == 1
    assert "larger than the 0.001 MB cap (the server says" in result.stderr
    assert not (tmp_path / "out").exists()


def test_offline_and_http_errors_are_clear(cli, tmp_path, server):
    base, _ = server
    missing = alone(cli, f"{base}/missing.json", tmp_path / "out")
    assert missing.exit_code == 1 and "the server answered HTTP 404" in missing.stderr
    with socket.socket() as s:  # a port nobody listens on: what a machine with no network sees
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    refused = cli("import", "epoch", f"http://127.0.0.1:{port}/notable.csv", "--into", str(tmp_path / "e"))
    assert refused.exit_code == 1
    assert f"http://127.0.0.1:{port}/notable.csv: cannot connect" in refused.stderr
    assert "download the file another way and give its path" in refused.stderr
    assert "Traceback" not in refused.stderr + missing.stderr


def test_both_imports_beside_the_bundled_record_count_each_model_once(cli, tmp_path):
    """The acceptance run on written data: Epoch's subset and the models.dev fixture into one
    folder used with the bundled record; counts --per year counts each model once."""
    out = tmp_path / "mine"
    epoch = cli("import", "epoch", str(REPO / "tests" / "data" / "epoch_subset.csv"), "--into", str(out),
                "--snapshot", "2024-12")
    models = cli("import", "models-dev", str(FIXTURES / "checkout"), "--into", str(out), "--snapshot", "2026-07-02")
    assert epoch.exit_code == models.exit_code == 0
    files = [body(p) for p in sorted(out.glob("*.yaml"))]
    linked = [f for f in files if f["origin"].get("same_as")]
    assert {f["origin"]["same_as"] for f in linked} >= {"glm-5", "gpt-4", "gemini-1-5-pro"}
    # Expected, from the files themselves: the bundled counts, plus each imported file that is
    # not linked to a release, in the year of its date.
    bundled = {r["year"]: r["total"] for r in json.loads(cli("counts", "--per", "year", "-f", "json").stdout)}
    expected = dict(bundled)
    for f in files:
        if not f["origin"].get("same_as"):
            year = str(f["released"]["date"])[:4]
            expected[year] = expected.get(year, 0) + 1
    both = ["-d", "@bundled", "-d", str(out)]
    # The imports' years lie outside what the bundled record covers (not covered: unknown, not
    # counted); the folder states its own coverage, partial, so that its counts are shown.
    (out / "coverage.yaml").write_text("checked: 2026-12-08\nspans:\n  - from: 1950-01-01\n    to: 2026-07-02\n"
                                       "    level: partial\n", encoding="utf-8")
    counted = {r["year"]: r["total"] for r in json.loads(cli("counts", "--per", "year", "-f", "json", *both).stdout)}
    assert {y: n for y, n in counted.items() if n} == {y: n for y, n in expected.items() if n}
    assert sum(counted.values()) == len(json.loads(cli("list", *both, "-f", "json").stdout)) \
        == len(files) - len(linked) + sum(bundled.values())
    assert cli("show", "GPT-4", *both).stdout.startswith("GPT-4\n=====\nid: gpt-4 ")
    checked = cli("validate", *both)
    assert checked.exit_code == 0, checked
    again = cli("import", "epoch", str(REPO / "tests" / "data" / "epoch_subset.csv"), "--into", str(out),
                "--snapshot", "2024-12")
    assert " 0 written (0 new, 0 updated, 0 replaced)" in again.stderr


def test_untrusted_names_are_printed_as_text(cli, tmp_path):
    lab = tmp_path / "md" / "models" / "somelab"
    lab.mkdir(parents=True)
    (lab / "evil.toml").write_text('name = "Evil [bold]x[/bold] \\u001b[31mred"\nrelease_date = "2026-01-01"\n',
                                   encoding="utf-8")
    zai = tmp_path / "md" / "models" / "zhipuai"
    zai.mkdir()
    (zai / "evil.toml").write_text('name = "GLM [red]\\u001b]0;x\\u0007"\nrelease_date = "2026-01-01"\n',
                                   encoding="utf-8")
    result = alone(cli, tmp_path / "md", tmp_path / "out", "--snapshot", "2026-01")
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "Evil [bold]x[/bold] \\x1b[31mred" in result.stderr  # markup kept as text, the control escaped
    assert "Traceback" not in result.stderr


def test_values_of_odd_shapes_skip_that_model_and_import_the_rest(cli, tmp_path):
    """A number where a list goes, a list in a list, a table for a name, a TOML datetime,
    a 5,000-digit integer: each model is imported or skipped with its reason, never an
    internal error that stops the import (found by a red-team pass)."""
    good = {"name": "Good", "release_date": "2026-11-01", "modalities": {"input": ["text"], "output": ["text"]}}
    models = {
        "zhipuai/good": good,
        "zhipuai/int-modalities": {**good, "name": "Odd One", "modalities": {"input": 5, "output": ["text"]}},
        "zhipuai/nested": {**good, "name": "Odd Two", "modalities": {"input": ["text", ["x"]], "output": ["text"]}},
        "zhipuai/table-name": {**good, "name": {"a": 1}},
        "zhipuai/huge": {**good, "name": "Huge", "limit": {"context": 10**40}},
    }
    source = tmp_path / "models.json"
    source.write_text(json.dumps(models), encoding="utf-8")
    result = cli("import", "models-dev", str(source), "--into", str(tmp_path / "o"), "-d", "@bundled")
    assert result.exit_code == 0, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    written = {body(p)["name"] for p in (tmp_path / "o").glob("*.yaml")}
    assert {"Good", "Odd One", "Odd Two", "Huge"} <= written  # odd values left out, the models kept
    assert "its name is not text but dict" in result.stderr
    huge = next(p for p in (tmp_path / "o").glob("*.yaml") if body(p)["name"] == "Huge")
    assert "context_window" not in (body(huge).get("specs") or {})  # no model has 10^40 tokens
    digits = tmp_path / "digits.json"
    digits.write_text('{"zhipuai/big": {"name": "Big", "release_date": "2026-11-01", "limit": {"context": '
                      + "9" * 5000 + "}}}", encoding="utf-8")
    too_long = cli("import", "models-dev", str(digits), "--into", str(tmp_path / "d"), "-d", "@bundled")
    assert too_long.exit_code == 1 and "not usable JSON" in too_long.stderr and "internal" not in too_long.stderr


@pytest.mark.parametrize("value, why", [
    ("9" * 5000, "Exceeds the limit (4300"),  # more digits than Python reads (TOML's limit is 64 bits)
    ("[" * 3000 + "]" * 3000, "nested too deeply"),  # the parser recurses: past the stack
    ("{a = " * 3000 + "1" + "}" * 3000, "nested too deeply"),
])
def test_a_toml_file_python_cannot_read_skips_that_model_and_imports_the_rest(cli, tmp_path, value, why):
    checkout = tmp_path / "md"
    shutil.copytree(FIXTURES / "checkout", checkout)
    (checkout / "models" / "openai" / "odd.toml").write_text(
        f'name = "Odd"\nrelease_date = "2026-01-01"\n[limit]\ncontext = {value}\n', encoding="utf-8")
    priced = checkout / "providers" / "zhipuai" / "models" / "glm-5.toml"  # a provider's file: its prices left out
    priced.write_text(priced.read_text(encoding="utf-8") + f"odd = {value}\n", encoding="utf-8")
    result = alone(cli, checkout, tmp_path / "out", "--snapshot", "2026-07-02")
    assert result.exit_code == 0, result
    assert "internal error" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "skipped models/openai/odd.toml" in line]
    assert len(lines) == 1 and "not valid TOML" in lines[0] and why in lines[0], result.stderr
    assert "skipped providers/zhipuai/models/glm-5.toml 'glm-5': not valid TOML" in result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["gemma-4-31b-it.yaml", "glm-5.yaml", "gpt-4.yaml",
                                                                    "gpt-5-4-mini.yaml", "gpt-5-4.yaml"]
