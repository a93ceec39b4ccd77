"""A new release file: its id and its text.

Used by `ai-tracker new`. Two concerns, kept apart (the write itself is
`files.atomic.create_atomically`, or `replace_atomically` with --force):

- the id: slugged from the name (or given) by `model.ids`, always a bare
  lowercase ASCII slug, so it can never name a path outside the data
  folder, and never a name Windows reserves;
- the text: built from the JSON Schema of a release file, given values
  written out and every other field left as a commented hint.

Nothing here prints or exits: errors are `UsageError` / `DataError`.
"""

from __future__ import annotations

import os
import re
import textwrap
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from ai_tracker.errors import UsageError
from ai_tracker.files import yaml_writer
from ai_tracker.model.ids import MAX_ID_LENGTH, RESERVED_IDS, is_valid_id, slugify
from ai_tracker.model.vocab import did_you_mean

SCHEMA_FILE = "release.schema.json"
MODELINE = "# yaml-language-server: $schema="


# --- ids -------------------------------------------------------------------

def id_from_name(name: str) -> str:
    """The id `new` gives a release with no `--id`; UsageError when the name has none."""
    slug = slugify(name)
    if not re.search(r"[a-z]", slug):
        # '通义千问' slugs to '' and '通义千问 3' to '3': neither names the release.
        raise UsageError(
            f"the name '{name}' has no Latin letters to make an id (file name) from; give one with --id: "
            "lowercase ASCII letters, digits and hyphens, e.g. its English or pinyin name", field="release_id")
    check_id(slug, "release_id")
    return slug


def check_id(release_id: str, field: str = "release_id") -> str:
    """Refuse anything that is not a bare, portable slug (no path can get through)."""
    if not is_valid_id(release_id):
        better = slugify(release_id)
        near = [better] if better and better != release_id and is_valid_id(better) else []
        hint = did_you_mean(near, quoted=True, before=" (", after=")")
        raise UsageError(f"'{release_id}' is not a valid id: use lowercase ASCII letters, digits and single "
                         f"hyphens, like 'qwen3' or 'glm-4-5'{hint}", field=field)
    if len(release_id) > MAX_ID_LENGTH:
        raise UsageError(f"id is {len(release_id)} characters long; at most {MAX_ID_LENGTH}", field=field)
    if release_id in RESERVED_IDS:
        raise UsageError(f"'{release_id}' is a reserved file name on Windows ({release_id}.yaml cannot be "
                         f"created there); give another id with --id, e.g. '{release_id}-model'",
                         field=field)
    return release_id


# --- the text ----------------------------------------------------------------

def schema_line(target: Path, root: Path) -> str:
    """The editor's schema line, pointing at the data folder's release.schema.json."""
    relative = os.path.relpath(root / SCHEMA_FILE, target.parent)
    return MODELINE + Path(relative).as_posix()


# Short guidance for the top-level hints; the JSON Schema gives the shape.
TOP_HINTS: dict[str, str] = {
    "aliases": "other spellings, names in other scripts",
    "events": "other dated things, each with a source",
    "modalities": "what goes in and comes out",
    "access": "how people can use it",
    "pricing": "pricing model, where known",
    "specs": "numbers with units, by a name of your choosing",
    "benchmarks": "a score on a named benchmark, and who claims it",
    "claims": "a claim relative to another release, and who makes it",
    "market_reaction": "share price moves of listed companies",
    "quotes": "what someone said, in its original language",
    "community": "figures such as GitHub stars gained",
}
EXAMPLE_KEYS = {"specs": "context_window"}
_SOURCE_REF = "id of an entry in this file's `sources:`"


# render(ascii_only=True), for the values it dumps several calls deep.
_ASCII_ONLY: ContextVar[bool] = ContextVar("ascii_only", default=False)


def _dump(key: str, value: Any, pad: str) -> list[str]:
    text = yaml_writer.dump({key: value}, quote_dates=False, ascii_only=_ASCII_ONLY.get())
    return [pad + line for line in text.splitlines()]


def render(data: dict[str, Any], schema: dict[str, Any], modeline: str, source_id: str, *,
           ascii_only: bool = False) -> str:
    """The file: the schema line, then every top-level field in schema order, given
    fields as YAML and the others as commented hints. ascii_only: every other character of
    a value as a YAML escape (the same value), for a stdout that cannot hold it (`--dry-run`)."""
    token = _ASCII_ONLY.set(ascii_only)
    try:
        defs = schema.get("$defs", {})
        lines = [modeline]
        for key, prop in schema["properties"].items():
            lines += _field(key, data.get(key, _MISSING), prop, defs, "", source_id, top=True)
        for key in data.keys() - schema["properties"].keys():  # not in the schema: the loader will say so
            lines += _dump(key, data[key], "")
    finally:
        _ASCII_ONLY.reset(token)
    return "\n".join(lines) + "\n"


_MISSING = object()


def _resolve(prop: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """A property's schema with `$ref` followed and `null` alternatives dropped; of
    several forms (a date as text or a year; one country or a list) the first."""
    while True:
        if "$ref" in prop:
            prop = {**defs[prop["$ref"].rsplit("/", 1)[1]], **{k: v for k, v in prop.items() if k != "$ref"}}
        elif "anyOf" in prop or "oneOf" in prop:
            form = "anyOf" if "anyOf" in prop else "oneOf"
            options = [p for p in prop[form] if p.get("type") != "null"]
            rest = {k: v for k, v in prop.items() if k != form}
            prop = {**options[0], **rest}
        else:
            return prop


def _field(key: str, value: Any, prop: dict[str, Any], defs: dict[str, Any], pad: str, source_id: str,
           top: bool = False, required: bool = True) -> list[str]:
    schema = _resolve(prop, defs)
    if value is _MISSING:
        # The marker sits at the field's indentation, where an editor's "toggle
        # comment" puts it: removing it gives valid YAML with empty values.
        hint = "\n".join(_hint(key, schema, defs, pad, source_id, top, required)).split("\n")
        return [pad + "# " + line[len(pad):] for line in hint]
    if isinstance(value, dict) and "properties" in schema:
        return [f"{pad}{key}:", *_mapping(value, schema, defs, pad + "  ", source_id)]
    items = _resolve(schema.get("items", {}), defs)
    if isinstance(value, list) and value and "properties" in items:
        lines = [f"{pad}{key}:"]
        for item in value:
            if not isinstance(item, dict):  # the other form of an item: an organisation's registry id
                lines += _dump(key, [item], pad)[1:]
                continue
            body = _mapping(item, items, defs, pad + "    ", source_id)
            lines += [pad + "  - " + body[0].lstrip(), *body[1:]]
        return lines
    return _dump(key, value, pad)


def _mapping(value: dict[str, Any], schema: dict[str, Any], defs: dict[str, Any], pad: str,
             source_id: str) -> list[str]:
    """Given fields first (a list item's first line must be a real one), then hints."""
    props: dict[str, Any] = schema["properties"]
    required = set(schema.get("required", []))
    given = [k for k in props if k in value]
    missing = [k for k in props if k not in value]
    lines: list[str] = []
    for key in given + missing:
        lines += _field(key, value.get(key, _MISSING), props[key], defs, pad, source_id,
                        required=key in required)
    for key in value.keys() - props.keys():
        lines += _dump(key, value[key], pad)
    return lines


def _hint(key: str, schema: dict[str, Any], defs: dict[str, Any], pad: str, source_id: str,
          top: bool, required: bool = True) -> list[str]:
    """Uncommented, these lines are valid YAML with empty values to fill in."""
    note = TOP_HINTS.get(key, "") if top else ""
    if "properties" in schema:
        return [_line(f"{pad}{key}:", note), *_hint_mapping(schema, defs, pad + "  ", source_id)]
    if schema.get("type") == "object":  # a mapping of names chosen by the user (specs)
        inner = _resolve(schema.get("additionalProperties", {}), defs)
        name = EXAMPLE_KEYS.get(key, "name")
        return [_line(f"{pad}{key}:", note), f"{pad}  {name}:",
                *_hint_mapping(inner, defs, pad + "    ", source_id)]
    if schema.get("type") == "array":
        items = _resolve(schema.get("items", {}), defs)
        if "properties" in items:
            body = _hint_mapping(items, defs, pad + "    ", source_id)
            return [_line(f"{pad}{key}:", note), pad + "  - " + body[0].lstrip(), *body[1:]]
        words = f"one or more of: {', '.join(items['enum'])}" if "enum" in items else ""
        return [_line(f"{pad}{key}: []", "; ".join(n for n in (note, words) if n))]
    return [_line(f"{pad}{key}:" + (f" {source_id}" if schema.get("description") == _SOURCE_REF else ""),
                  _describe(schema, note, required))]


def _hint_mapping(schema: dict[str, Any], defs: dict[str, Any], pad: str, source_id: str) -> list[str]:
    required = set(schema.get("required", []))
    lines: list[str] = []
    for key, prop in schema["properties"].items():
        lines += _hint(key, _resolve(prop, defs), defs, pad, source_id, False, key in required)
    return lines


def _describe(schema: dict[str, Any], note: str, required: bool) -> str:
    if schema.get("description") == _SOURCE_REF:
        return "" if required else "optional"
    if "enum" in schema:
        what = f"one of: {', '.join(schema['enum'])}"
    elif schema.get("type") == "number":
        what = "a number"
    elif schema.get("type") == "boolean":
        what = "true or false"
    elif "pattern" in schema and "description" in schema and schema["description"].startswith("A date"):
        what = "a date: 2026-02-12, 2026-02, 2026 or a window 2026-02-12..2026-02-14"
    else:
        what = schema.get("description", "")
    parts = [p for p in ("" if required else "optional", note, what) if p]
    return "; ".join(parts)


def _line(text: str, comment: str, width: int = 100) -> str:
    """`text  # comment`, the comment wrapped onto further comment lines when long."""
    if not comment:
        return text

    chunks = textwrap.wrap(comment, max(40, width - len(text) - 4), break_on_hyphens=False)
    indent = " " * len(text)
    return "\n".join([f"{text}  # {chunks[0]}", *(f"{indent}  # {c}" for c in chunks[1:])])
