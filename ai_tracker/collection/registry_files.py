"""Reading one registry file (`organizations.yaml` or `sources.yaml`) or a folder's
`coverage.yaml`: strict YAML, validated by its model, every problem with its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ai_tracker.errors import Problem
from ai_tracker.files import validated
from ai_tracker.model.coverage import COVERAGE_FILE, CoverageFile
from ai_tracker.model.registry import OrganizationsFile, SourcesFile


def read(path: Path, shown: str, name: str) -> tuple[dict[str, Any], list[Problem]]:
    """The file's entries as plain data (id -> fields; coverage.yaml: its fields), or {} and its problems."""
    if name == COVERAGE_FILE:
        statement, problems = validated.read(path, shown, CoverageFile)
        return (statement.model_dump(mode="json", by_alias=True) if statement is not None else {}), problems
    model: type[OrganizationsFile | SourcesFile] = OrganizationsFile if name == "organizations.yaml" else SourcesFile
    parsed, problems = validated.read(path, shown, model)
    if parsed is None:
        return {}, problems
    return {key: entry.model_dump(mode="json") for key, entry in parsed.root.items()}, []
