"""`ai-tracker import epoch FILE --into DIR`: other databases' rows as release files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from ai_tracker.cli.edge import say
from ai_tracker.collection.folders import expand_home
from ai_tracker.errors import UsageError
from ai_tracker.interchange import epoch
from ai_tracker.output.terminal import make_console

if TYPE_CHECKING:
    from ai_tracker.interchange.importing import Report

import_app = typer.Typer(
    name="import",
    help="Import releases from other databases into a folder of release files.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@import_app.command("epoch")
def epoch_command(
    file: Annotated[str, typer.Argument(
        metavar="FILE", show_default=False,
        help="Epoch AI's Notable AI Models CSV (download it from epoch.ai/data).")],
    # Text, not Path: Typer turns an empty Path into ".", and `--into ""` must be an error.
    into: Annotated[str, typer.Option(
        "--into", metavar="DIR", show_default=False,
        help="Folder to write one release file per model into (created if needed; never the bundled data).")],
    snapshot: Annotated[Optional[str], typer.Option(
        metavar="DATE", show_default=False,
        help="Date of the snapshot, cited in each file: YYYY-MM-DD or YYYY-MM "
             "[default: the month FILE was last modified].")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Overwrite files edited by hand since they were imported.")] = False,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Report what would change; write nothing.")] = False,
) -> None:
    """Import Epoch AI's Notable AI Models CSV (CC BY 4.0): one release file per model.

    Re-import a newer snapshot into the same folder to update changed models and add
    new ones. A file you edited is kept (each file carries a hash of what the
    importer wrote) unless --force is given. A summary goes to stderr.
    """

    for value, option in ((file, "FILE"), (into, "--into"), (snapshot, "--snapshot")):
        if value is not None and not value.strip():
            raise UsageError("empty: give a value", option=option)
    csv_file, folder = expand_home(file, "file"), expand_home(into, "into")
    if not csv_file.is_file():
        raise UsageError(f"'{file}' is not a file", option="FILE")
    with _progress() as advance:
        report = epoch.import_csv(csv_file, folder, snapshot=snapshot, force=force, dry_run=dry_run,
                                  progress=advance)
    _summary(report, folder, dry_run, snapshot is not None)


@contextmanager
def _progress() -> Iterator[Callable[[int, int], None] | None]:
    """A Rich progress bar on stderr while rows are written, only when stderr is a terminal."""

    console = make_console(stderr=True)
    if not console.is_terminal:
        yield None
        return

    with Progress(TextColumn("importing"), BarColumn(), MofNCompleteColumn(), console=console,
                  transient=True) as bar:
        task = bar.add_task("import", total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def _summary(report: Report, into: Path, dry_run: bool, snapshot_given: bool) -> None:
    would = "would be " if dry_run else ""
    guessed = "" if snapshot_given else ", from the file's modification date; --snapshot sets it"
    say(f"{report.source}: {report.rows} rows read (Epoch AI, Notable AI Models, snapshot {report.snapshot}{guessed})")
    for release_id, fields in report.updated:
        say(f"  updated {release_id}: {', '.join(fields)}")
    for release_id in report.replaced:
        say(f"  replaced {release_id} (--force)")
    for release_id, why in report.kept:
        say(f"  kept {release_id}: {why}; --force overwrites it")
    for skip in report.skipped:
        detail = f" ({skip.detail})" if skip.detail else ""
        say(f"  skipped {skip.where} '{skip.model}': {skip.reason}{detail}")
    if report.not_in_snapshot:
        shown = ", ".join(report.not_in_snapshot[:10])
        more = f" and {len(report.not_in_snapshot) - 10} more" if len(report.not_in_snapshot) > 10 else ""
        say(f"  not in this snapshot, left as they are: {shown}{more}")
    say(f"{into}: {report.written} {would}written ({len(report.new)} new, {len(report.updated)} updated, "
        f"{len(report.replaced)} replaced), {len(report.unchanged)} unchanged, "
        f"{len(report.kept)} kept, {len(report.skipped)} skipped")
    for reason, count in report.skip_reasons():
        say(f"  {count:>4} skipped: {reason}")


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
