"""Reading one registry file (`organizations.yaml` or `sources.yaml`): strict YAML,
validated by the registry's models, every problem with its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ai_tracker.errors import Problem
from ai_tracker.files import yaml_reader
from ai_tracker.files.loader import problems_from_validation
from ai_tracker.files.yaml_reader import YamlProblem, field_label, read_regular_file
from ai_tracker.model.registry import OrganizationsFile, SourcesFile


def read(path: Path, shown: str, name: str) -> tuple[dict[str, Any], list[Problem]]:
    """The file's entries as plain data (id -> fields), or {} and its problems."""
    model = OrganizationsFile if name == "organizations.yaml" else SourcesFile
    try:
        doc = yaml_reader.parse(read_regular_file(path), positions=True)
    except OSError as exc:
        return {}, [Problem(shown, None, None, None, f"cannot read: {exc.strerror or exc}")]
    except ValueError as exc:
        return {}, [Problem(shown, None, None, None, str(exc))]
    except YamlProblem as exc:
        return {}, [Problem(shown, exc.line, exc.column, field_label(exc.path) or None, exc.message)]
    try:
        parsed = model.model_validate(doc.data if doc.data is not None else {})
    except ValidationError as exc:
        return {}, problems_from_validation(shown, exc, doc)
    return {key: entry.model_dump(mode="json") for key, entry in parsed.root.items()}, []
