"""`schema`: the JSON Schema, printed or written; it never replaces a file it did not make."""

from __future__ import annotations

import json

from support import REPO

from ai_tracker.model.schema import json_schema_text


def test_schema_prints_the_committed_file(cli):
    result = cli("schema")
    assert result.exit_code == 0
    assert result.stdout == (REPO / "releases" / "release.schema.json").read_text(encoding="utf-8")
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "ai-tracker release file"
    assert schema["required"] == ["name", "organization", "released", "categories"]  # sources may be shared


def test_out_writes_then_reports_up_to_date(cli, tmp_path):
    out = tmp_path / "release.schema.json"
    first = cli("schema", "--out", str(out))
    assert first.exit_code == 0
    assert (first.stdout, first.stderr) == ("", f"wrote {out}\n")
    assert out.read_text(encoding="utf-8") == json_schema_text()
    again = cli("schema", "--out", str(out))
    assert again.stderr == f"{out} is up to date\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["release.schema.json"]


def test_out_replaces_an_older_schema_of_ours(cli, tmp_path):
    out = tmp_path / "release.schema.json"
    out.write_text(json.dumps({"title": "ai-tracker release file", "type": "object"}))
    result = cli("schema", "--out", str(out))
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8") == json_schema_text()


def test_out_never_replaces_another_file_without_force(cli, tmp_path):
    out = tmp_path / "notes.yaml"
    out.write_text("name: mine\n")
    result = cli("schema", "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr == f"error: '{out}' exists and is not an ai-tracker schema; not replaced (--force replaces it)\n"
    assert out.read_text() == "name: mine\n"
    assert cli("schema", "--out", str(out), "--force").exit_code == 0
    assert out.read_text(encoding="utf-8") == json_schema_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.yaml"]


def test_out_to_a_folder_or_a_missing_folder_is_a_usage_error(cli, tmp_path):
    folder = cli("schema", "--out", str(tmp_path))
    assert folder.exit_code == 2
    assert folder.stderr.startswith(f"error: --out: '{tmp_path}' is a folder; give a file name")
    missing = cli("schema", "--out", str(tmp_path / "nope" / "s.json"))
    assert missing.exit_code == 2
    assert missing.stderr == f"error: --out: folder '{tmp_path / 'nope'}' does not exist\n"


def test_out_dash_is_stdout_never_a_file_named_dash(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("schema", "--out", "-")
    assert result.exit_code == 0 and result.stdout.startswith("{")
    assert not (tmp_path / "-").exists()
