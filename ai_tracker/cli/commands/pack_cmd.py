"""`ai-tracker pack DIR --out FILE`: a folder of release files as a snapshot `update --from` installs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Optional

import typer

from ai_tracker.cli.common import today_option
from ai_tracker.cli.edge import say
from ai_tracker.cli.filter_options import TodayOption
from ai_tracker.collection import folders
from ai_tracker.errors import UsageError
from ai_tracker.files import yaml_reader
from ai_tracker.files.atomic import check_new_output, scratch_folder, write_output
from ai_tracker.interchange import snapshot
from ai_tracker.interchange import update as updates


def pack_command(
    folder: Annotated[str, typer.Argument(metavar="DIR", show_default=False,
                                          help="The folder of release files to publish (@bundled: the bundled record).")],
    out: Annotated[str, typer.Option("--out", metavar="FILE", show_default=False,
                                     help="The snapshot to write (.tar.gz); FILE.sha256 is written beside it.")],
    previous: Annotated[Optional[str], typer.Option(
        "--previous", metavar="FILE", show_default=False,
        help="The snapshot published before this one: the manifest lists the changes since it.")] = None,
    today: TodayOption = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
) -> None:
    """Pack a folder of release files as a snapshot: a .tar.gz with a manifest.

    The manifest holds the record's version (the day it was packed), the day it was
    last checked (its coverage.yaml), the oldest ai-tracker that reads it, a SHA-256
    for every file, and the changes since --previous. The folder must pass
    `validate --strict`. Serve FILE and FILE.sha256 together; `ai-tracker update
    --from URL` installs it as the curated record.
    """
    if not folder.strip():
        raise UsageError("empty: give a folder of release files", option="DIR")
    source = folders.resolve_data_dirs([folder])[0]
    try:
        folders.check_data_dir(source)
    except UsageError as exc:  # named as the DIR argument, not as --data-dir
        raise UsageError(str(exc), option="DIR") from None
    if not out.strip():
        raise UsageError("empty: give a file name", option="--out")
    target = check_new_output(Path(out).expanduser(), force=force, field="out")
    day = today_option(today)
    changes = _changes_since(Path(previous).expanduser(), source.path, day) if previous else []
    data, manifest = snapshot.pack(source.path, day.isoformat(), _checked(source.path), changes)
    write_output(target, data, force=force)
    snapshot.write_digest_file(target)
    say(f"{target}: {len(manifest.files)} files, version {manifest.version}, {len(changes)} changes since "
        f"{previous or 'no previous snapshot'}; SHA-256 in {target.name}.sha256")


def _checked(folder: Path) -> str | None:
    """The day the record was last checked, as its coverage.yaml says (None without one)."""
    path = folder / "coverage.yaml"
    if not path.is_file():
        return None
    try:
        data = yaml_reader.parse(path.read_bytes(), positions=False).data
    except yaml_reader.YamlProblem:
        return None
    checked = data.get("checked") if isinstance(data, dict) else None
    return str(checked) if checked is not None else None


def _changes_since(previous: Path, folder: Path, day: dt.date) -> list[dict[str, object]]:
    if not previous.is_file():
        raise UsageError(f"'{previous}' is not a file", option="--previous")
    with scratch_folder() as tmp:
        snapshot.unpack(previous, snapshot.digest_of(previous), tmp)
        return [c.to_dict() for c in updates.diff_folders(tmp, folder, day.isoformat(), str(previous.name))]


def register(app: typer.Typer) -> None:
    app.command("pack")(pack_command)
