"""Reading one small file of a data folder that a Pydantic model describes whole
(`organizations.yaml`, `sources.yaml`, `coverage.yaml`): strict YAML, validated,
every problem with its line."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ai_tracker.errors import Problem
from ai_tracker.files import yaml_reader
from ai_tracker.files.loader import problems_from_validation
from ai_tracker.files.yaml_reader import YamlProblem, field_label, read_regular_file

M = TypeVar("M", bound=BaseModel)


def read(path: Path, shown: str, model: type[M]) -> tuple[M | None, list[Problem]]:
    """The file as the model, or None and its problems (named `shown` in messages)."""
    try:
        doc = yaml_reader.parse(read_regular_file(path), positions=True)
    except OSError as exc:
        return None, [Problem(shown, None, None, None, f"cannot read: {exc.strerror or exc}")]
    except ValueError as exc:
        return None, [Problem(shown, None, None, None, str(exc))]
    except YamlProblem as exc:
        return None, [Problem(shown, exc.line, exc.column, field_label(exc.path) or None, exc.message)]
    try:
        return model.model_validate(doc.data if doc.data is not None else {}), []
    except ValidationError as exc:
        return None, problems_from_validation(shown, exc, doc)
