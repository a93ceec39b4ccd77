"""Files generated from the code and committed: they must not drift from it.

`releases/release.schema.json` is `ai-tracker schema`; editors and
check-jsonschema read it. It describes the YAML as an editor parses it (YAML
1.2: `204800` is a number, `2026-02-12` a string, `2026` an integer), which
is not what our strict loader gives (every scalar as text), so the checks
with `jsonschema` below parse files the way an editor does.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import REPO

from ai_tracker.collection import folders
from ai_tracker.files.loader import read_release
from ai_tracker.model.schema import json_schema, json_schema_text, record

RELEASES = REPO / "releases"
SCHEMA_FILE = RELEASES / "release.schema.json"
REGENERATE = "python -m ai_tracker schema --out releases/release.schema.json"
SHARED = frozenset(yaml.safe_load((RELEASES / "sources.yaml").read_text(encoding="utf-8")))


def release_files(root: Path) -> list[Path]:
    return [Path(p) for p in folders.release_files(root)]


def test_committed_json_schema_matches_the_models():
    committed = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""
    assert committed == json_schema_text(), (
        f"releases/release.schema.json is out of date with ai_tracker/schema.py; regenerate it with "
        f"`{REGENERATE}` and commit it")


def test_every_bundled_release_names_the_schema_on_its_first_line():
    wrong = []
    for path in release_files(RELEASES):
        relative = Path(os.path.relpath(SCHEMA_FILE, path.parent)).as_posix()
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        if first != f"# yaml-language-server: $schema={relative}":
            wrong.append(f"{path.relative_to(REPO)}: {first!r}")
    assert not wrong, "first line must be '# yaml-language-server: $schema=<path to release.schema.json>':\n" + \
        "\n".join(wrong)


def _prop(schema: dict[str, Any], model: str, name: str) -> dict[str, Any]:
    return schema["$defs"][model]["properties"][name]  # type: ignore[no-any-return]


def test_the_schema_types_yaml_as_an_editor_parses_it():
    schema = json_schema()
    # Numbers are numbers.
    assert _prop(schema, "Spec", "value")["type"] == "number"
    assert _prop(schema, "Benchmark", "score")["type"] == "number"
    # Dates are strings in a pattern, or a bare year (an integer to YAML 1.2).
    date = _prop(schema, "Released", "date")
    assert [alt["type"] for alt in date["anyOf"]] == ["string", "integer"]
    pattern = re.compile(date["anyOf"][0]["pattern"])
    for good in ("2026-02-12", "2026-02", "2026", "2026-02-12..2026-02-14"):
        assert pattern.match(good)
    for bad in ("12/02/2026", "2026-2-1", "Feb 2026"):
        assert not pattern.match(bad)
    # One country, or a list of them, as the loader accepts.
    country = _prop(schema, "Organization", "country")
    assert [alt["type"] for alt in country["anyOf"]] == ["string", "array"]
    # Vocabularies are enums; unknown fields are refused everywhere.
    assert "video-generation" in schema["properties"]["categories"]["items"]["enum"]
    assert schema["additionalProperties"] is False
    assert all(d.get("additionalProperties") is False for d in schema["$defs"].values())


# --- with the jsonschema library (a test dependency; skipped where it is missing) ---------

class EditorLoader(yaml.SafeLoader):
    """YAML as yaml-language-server and check-jsonschema read it: the YAML 1.2
    core schema (true/false only, no `yes`/`NO` booleans) and dates left as text."""


EditorLoader.yaml_implicit_resolvers = {}
for tag, regexp, first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)"
              r"|\.(?:nan|NaN|NAN))$", "-+0123456789."),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    EditorLoader.add_implicit_resolver(f"tag:yaml.org,2002:{tag}", re.compile(regexp), list(first))


def _validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _errors(validator: Any, instance: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def test_bundled_releases_validate_against_the_schema_as_an_editor_sees_them():
    validator = _validator()
    paths = release_files(RELEASES)
    assert paths
    for path in paths:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)  # noqa: S506 - safe subclass
        assert _errors(validator, data) == [], path.name


def test_validated_records_validate_against_the_schema():
    validator = _validator()
    for path in release_files(RELEASES):
        release, problems = read_release(path, path.name, shared=SHARED)
        assert release is not None, problems
        data = record(release)
        del data["id"]
        assert _errors(validator, data) == [], path.name


def test_the_schema_refuses_what_the_loader_refuses():
    validator = _validator()
    good = yaml.load((RELEASES / "glm-5.yaml").read_text(encoding="utf-8"), Loader=EditorLoader)  # noqa: S506
    assert _errors(validator, {**good, "relased": "2026"})
    assert _errors(validator, {**good, "categories": ["langage"]})
    assert _errors(validator, {**good, "organization": [{"name": "X", "country": "china"}]})
    assert _errors(validator, {**good, "released": {"date": "12/02/2026", "source": "article"}})
    assert _errors(validator, {**good, "released": {"date": 2026, "source": "article"}}) == []


def test_a_file_written_by_new_validates_against_the_schema(cli, tmp_path):
    validator = _validator()
    result = cli("new", "Qwen3", "--org", "Alibaba", "--country", "CN", "--released", "2025",
                 "--category", "language", "--source", "https://qwenlm.github.io/blog/qwen3/",
                 "--open-weights", "--data-dir", str(tmp_path))
    assert result.exit_code == 0, result
    data = yaml.load((tmp_path / "qwen3.yaml").read_text(encoding="utf-8"), Loader=EditorLoader)  # noqa: S506
    assert data["open_weights"] is True
    assert _errors(validator, data) == []


@pytest.mark.parametrize("kind", ["organizations", "sources", "coverage"])
def test_the_registry_schemas_match_the_models_and_the_bundled_files_pass_them(kind):
    import jsonschema

    from ai_tracker.model import coverage, registry

    schema_file = RELEASES / f"{kind}.schema.json"
    text = coverage.json_schema_text() if kind == "coverage" else registry.json_schema_text(kind)
    assert schema_file.read_text(encoding="utf-8") == text, (
        f"regenerate with `python -m ai_tracker schema --of {kind} --out releases/{kind}.schema.json`")
    text = (RELEASES / f"{kind}.yaml").read_text(encoding="utf-8")
    assert text.split("\n", 1)[0] == f"# yaml-language-server: $schema={kind}.schema.json"
    data = yaml.safe_load(text)
    errors = [e.message for e in jsonschema.Draft202012Validator(json.loads(schema_file.read_text())).iter_errors(
        json.loads(json.dumps(data, default=str)))]
    assert errors == []
