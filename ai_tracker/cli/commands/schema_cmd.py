"""`ai-tracker schema`: the JSON Schema of a release file, for editors and check-jsonschema."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ai_tracker.cli.edge import say
from ai_tracker.errors import DataError
from ai_tracker.files.atomic import bytes_writer, create_atomically, output_target, replace_atomically
from ai_tracker.model import coverage, registry
from ai_tracker.model.schema import json_schema_text

SCHEMA_TITLE = "ai-tracker release file"


class Of(str, Enum):
    release = "release"
    organizations = "organizations"
    sources = "sources"
    coverage = "coverage"


def schema_command(
    of: Annotated[Of, typer.Option(
        "--of", case_sensitive=False, help="Which file: a release file, organizations.yaml, sources.yaml or coverage.yaml.")
    ] = Of.release,
    out: Annotated[Optional[Path], typer.Option(
        "--out", metavar="FILE", show_default=False,
        help="Write it to FILE (e.g. releases/release.schema.json) instead of printing it; '-' prints it.")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace FILE even if it is not an ai-tracker schema.")] = False,
) -> None:
    """Print the JSON Schema of a release file (the one committed as releases/release.schema.json).

    Release files name it on their first line
    (`# yaml-language-server: $schema=release.schema.json`) so editors check
    them as you type; `check-jsonschema --schemafile` uses it in CI.
    """

    if of is Of.release:
        text = json_schema_text()
    elif of is Of.coverage:
        text = coverage.json_schema_text()
    else:
        text = registry.json_schema_text(of.value)
    if out is None or str(out) == "-":  # "-" is stdout, as for export
        typer.echo(text, nl=False)
        return
    _write(out, text, force)


def _write(out: Path, text: str, force: bool) -> None:
    out = output_target(out)
    old: bytes | None = None
    if out.exists():
        old = out.read_bytes()
        if old == text.encode("utf-8"):
            say(f"{out} is up to date")
            return
        try:
            ours = str(json.loads(old).get("title", "")).startswith("ai-tracker ")
        except (ValueError, AttributeError):
            ours = False
        if not ours and not force:
            raise DataError(f"'{out}' exists and is not an ai-tracker schema; not replaced "
                            "(--force replaces it)")
    # Over only what was read just now; onto a free name only if it is still free.
    if old is None:
        create_atomically(out, bytes_writer(text.encode("utf-8")))
    else:
        replace_atomically(out, bytes_writer(text.encode("utf-8")), expect=old)
    say(f"wrote {out}")


def register(app: typer.Typer) -> None:
    app.command("schema")(schema_command)
