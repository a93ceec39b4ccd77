"""One release file to a validated `Release`, or to the problems that stop it.

Pydantic reports errors by `loc` tuple; users need a line. The strict YAML
reader keeps every value's position, so each error is mapped back to the
file, line and column it came from (the longest part of the path that exists
in the file: a missing field points at the mapping that lacks it).
"""

from __future__ import annotations

import os
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ai_tracker.errors import Problem
from ai_tracker.files import yaml_reader as yamlstrict
from ai_tracker.files.yaml_reader import Loc, field_label, locate_in, read_regular_file
from ai_tracker.model import vocab
from ai_tracker.model.ids import ID_PATTERN, is_valid_id
from ai_tracker.model.schema import UNION_TAGS, ReleaseFile, StoredRelease


def _all_field_names() -> set[str]:
    """Every field name of every model in a release file, for 'did you mean'."""
    names: set[str] = set()
    pending: list[type[BaseModel]] = [ReleaseFile]
    while pending:
        model = pending.pop()
        for name, info in model.model_fields.items():
            names.add(name)
            pending.extend(_models_in(info.annotation))
    return names


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


_FIELD_NAMES: set[str] | None = None


def _message(error: Any, loc: Loc) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        global _FIELD_NAMES
        if _FIELD_NAMES is None:
            _FIELD_NAMES = _all_field_names()
        # A field of some other part of the file is no hint for this one (the same name back).
        near = [n for n in vocab.nearest(str(loc[-1]), sorted(_FIELD_NAMES), n=1) if n != loc[-1]]
        hint = vocab.did_you_mean(near, quoted=True)
        return f"unknown field '{loc[-1]}'{hint}"
    if kind == "missing":
        return f"required field '{loc[-1]}' is missing"
    if kind == "string_too_short" or (kind == "string_pattern_mismatch" and error["ctx"]["pattern"] == r"\S"):
        return "must not be empty or blank"
    if kind == "string_pattern_mismatch":
        return f"'{error.get('input')}' is not of the expected form (pattern {error['ctx']['pattern']})"
    if kind == "bool_parsing":
        return f"expected true or false, got '{error.get('input')}'"
    if kind in ("float_parsing", "int_parsing"):
        return f"expected a number, got '{error.get('input')}'"
    if kind == "string_type":
        return f"expected text, got {_describe(error.get('input'))}"
    if kind == "list_type":
        return f"expected a list, got {_describe(error.get('input'))}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields, got {_describe(error.get('input'))}"
    return str(error["msg"])


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"


# Problems reported per file: past this, "and N more". A file with 50,000 unknown keys
# would otherwise cost a "did you mean" each, and bury the first ones.
MAX_PROBLEMS = 50


def problems_from_validation(display: str, exc: ValidationError, doc: yamlstrict.Document,
                             most: int = MAX_PROBLEMS) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False)[:most]:
        loc: Loc = tuple(part for part in error["loc"] if part not in UNION_TAGS)
        is_key = error["type"] == "extra_forbidden"
        _, mark = doc.locate(loc, key=is_key)
        line, column = mark if mark else (None, None)
        message = _message(error, loc)
        if is_key and len(loc) == 1:
            message = _dedented(doc, str(loc[0])) or message
        problems.append(Problem(display, line, column, field_label(loc) or None, message))
    return problems


def _dedented(doc: yamlstrict.Document, key: str) -> str | None:
    """For a top-level key that is no field of a release but is one of the empty
    field written just above it (`date:` at column 1 under an empty `released:`):
    say to indent it, rather than call it unknown and offer its own name back."""
    line = doc.keys.get((key,), (0, 0))[0]
    above = [(at[0], name[0]) for name, at in doc.keys.items()
             if len(name) == 1 and at[0] < line and doc.data.get(name[0]) is None]
    for at, parent in sorted(above, reverse=True):
        info = ReleaseFile.model_fields.get(str(parent))
        fields = {f for m in _models_in(info.annotation) for f in m.model_fields} if info else set()
        if key in fields:
            return f"'{key}' belongs under '{parent}:' (line {at}): indent it by two spaces, as '{parent}:' is empty"
    return None


def read_release(path: str | Path, display: str, *, use_libyaml: bool = True, shared: frozenset[str] = frozenset(),
                 cited: list[Any] | None = None) -> tuple[StoredRelease | None, list[Problem]]:
    """Read, parse and validate one file. Never raises for anything in the file.

    shared: the ids of the shared sources (sources.yaml) a fact may cite besides the file's own;
    cited: filled with the file's citations of them, for a valid file."""
    # The id is the name's stem. A text path is taken as it is (a cold load passes 10,000:
    # a Path built for each was a fiftieth of the time); names not ending in .yaml, as Path does.
    name = os.path.basename(path)
    release_id = name[:-5] if name.endswith(".yaml") and len(name) > 5 else Path(name).stem
    named: list[Problem] = []
    if not is_valid_id(release_id):
        # Said first, and the content still checked: renaming the file must not be
        # the first of two rounds of fixes.
        named = [Problem(display, None, None, None,
                         f"file name '{name}' is not a valid id: use lowercase letters, digits and "
                         f"hyphens, ending in .yaml (pattern {ID_PATTERN})")]
        release_id = "file-name-checked-above"
    try:
        raw = read_regular_file(path)
    except OSError as exc:
        return None, [*named, Problem(display, None, None, None, f"cannot read: {exc.strerror or exc}")]
    except ValueError as exc:
        return None, [*named, Problem(display, None, None, None, str(exc))]
    try:
        # Positions are only needed to report problems: most files have none,
        # so parse without them first and again with them if something is wrong.
        doc = yamlstrict.parse(raw, use_libyaml=use_libyaml, positions=False, duplicates=True)
    except yamlstrict.YamlProblem as exc:
        return None, [*named, Problem(display, exc.line, exc.column, field_label(exc.path) or None, exc.message),
                      *(Problem(display, line, column, None, message) for message, line, column in exc.also)]
    release = None
    if named or doc.duplicates:
        pass  # not valid, whatever the schema says: the problems are listed below
    elif "id" not in doc.data and "path" not in doc.data and not source_problems(doc.data, shared, cited):
        try:
            release = StoredRelease.model_validate({**doc.data, "id": release_id, "path": display})
        except ValidationError:
            pass
    if release is not None:
        return release, []
    return None, named + _located_problems(raw, display, release_id, use_libyaml, shared)


def _located_problems(raw: bytes, display: str, release_id: str, use_libyaml: bool,
                      shared: frozenset[str]) -> list[Problem]:
    doc = yamlstrict.parse(raw, use_libyaml=use_libyaml, positions=True, duplicates=True)
    repeated = [Problem(display, d.line, d.column, field_label(d.path) or None, d.message)
                for d in doc.duplicates or []]
    for reserved in ("id", "path"):
        if reserved in doc.data:
            line, column = doc.keys[(reserved,)]
            return [*repeated, Problem(display, line, column, reserved,
                                       f"'{reserved}' is not a field: a release's id is its file name")]
    found = source_problems(doc.data, shared)
    total = len(found)
    problems = repeated + [Problem(display, *locate_in(doc, loc), field_label(loc), message)
                           for loc, message in found[:MAX_PROBLEMS]]
    try:
        StoredRelease.model_validate({**doc.data, "id": release_id, "path": display})
    except ValidationError as exc:
        # A value the reader refused already (a character spelled as an escape) is said
        # once: not again by the schema's own check of a name (the same character).
        said = {(p.line, p.column, p.field) for p in repeated}
        most = max(0, MAX_PROBLEMS - len(problems))
        made = problems_from_validation(display, exc, doc, most=most + len(said))
        later = [p for p in made if (p.line, p.column, p.field) not in said]
        total += exc.error_count() - (len(made) - len(later))
        problems += later[:most]
    return _capped(display, problems, total)


def _capped(display: str, problems: list[Problem], total: int) -> list[Problem]:
    """The first MAX_PROBLEMS, and one line saying how many more there are."""
    shown = problems[:MAX_PROBLEMS]
    hidden = total - len(shown)
    if hidden > 0:
        shown.append(Problem(display, None, None, None, f"and {hidden:,} more problems in this file "
                             f"(the first {len(shown)} are shown)"))
    return shown


def source_problems(data: dict[str, Any], shared: frozenset[str] = frozenset(),
                    cited: list[Any] | None = None) -> list[tuple[Loc, str]]:
    """Each repeated source id, and each `source:` that names neither an entry of
    `sources:` nor one of the shared sources. `cited` (if given) receives the
    citations of shared sources, [[field path, id], ...], from the same walk.

    Checked on the file as written, not the model, so that a file with other
    errors still gets these reported in the same run.
    """
    entries = data.get("sources")
    known: dict[str, None] = {}  # a set that keeps the file's order, for the message
    problems: list[tuple[Loc, str]] = []
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        source_id = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(source_id, str):
            if source_id in known:
                problems.append((("sources", i, "id"), f"duplicate source id '{source_id}'"))
            known[source_id] = None
    if _cited_ids(data) <= known.keys():
        return problems  # the common case: every fact cites the file's own sources
    listed = _listed(list(known))
    for loc, ref in source_refs(data):
        if ref in known:
            continue
        if ref in shared:
            if cited is not None:
                cited.append([list(loc), ref])
        else:
            also = " nor in sources.yaml" if shared else ""
            problems.append((loc, f"source '{ref}' is not in this file's sources (known: {listed}){also}"))
    return problems


def _listed(ids: list[str], most: int = 10) -> str:
    if not ids:
        return "none"
    more = f" and {len(ids) - most} more" if len(ids) > most else ""
    return ", ".join(ids[:most]) + more


def _cited_ids(data: dict[str, Any]) -> set[str]:
    """The ids of `source_refs`, without their paths: a third of the time, and enough to
    know that every one is among the file's own sources."""
    found: set[str] = set()
    pending: list[Any] = [v for k, v in data.items() if k != "sources"]
    while pending:
        value = pending.pop()
        if type(value) is dict:
            ref = value.get("source")
            if type(ref) is str:
                found.add(ref)
            pending.extend(value.values())
        elif type(value) is list:
            pending.extend(value)
    return found


def source_refs(data: dict[str, Any]) -> list[tuple[Loc, str]]:
    """(path, id) of every source a release file cites, outside its `sources:`."""
    return _source_refs({k: v for k, v in data.items() if k != "sources"}, ())


def _source_refs(value: Any, loc: Loc) -> list[tuple[Loc, str]]:
    """(path, id) of every `source:` key at any depth: every fact names its source the same way."""
    if isinstance(value, dict):
        found = [((*loc, "source"), value["source"])] if isinstance(value.get("source"), str) else []
        for key, item in value.items():
            found += _source_refs(item, (*loc, key))
        return found
    if isinstance(value, list):
        return [ref for i, item in enumerate(value) for ref in _source_refs(item, (*loc, i))]
    return []
