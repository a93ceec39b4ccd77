"""`ai-tracker import epoch|models-dev SOURCE --into DIR`: other databases' records as release files.

Both importers share everything but reading their source: the options, the
download of a URL, the collection a new record is linked to (so an import
never makes a second release of a model the folders already hold), the
progress bar and the summary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from rich.progress import BarColumn, DownloadColumn, MofNCompleteColumn, Progress, TextColumn

from ai_tracker.cli.common import progress_bar
from ai_tracker.cli.edge import say
from ai_tracker.collection import catalog as catalog_mod
from ai_tracker.collection import folders, matching
from ai_tracker.collection import registry as registry_mod
from ai_tracker.errors import UsageError
from ai_tracker.files.atomic import scratch_folder
from ai_tracker.interchange import download, epoch, importing, modelsdev
from ai_tracker.output.terminal import make_console

if TYPE_CHECKING:
    from ai_tracker.collection.catalog import Catalog
    from ai_tracker.interchange.importing import Report

import_app = typer.Typer(
    name="import",
    help="Import releases from other databases into a folder of release files.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

# Text, not Path: Typer turns an empty Path into ".", and `--into ""` must be an error.
IntoOption = Annotated[str, typer.Option(
    "--into", metavar="DIR", show_default=False,
    help="Folder to write one release file per model into (created if needed; never the bundled data).")]
SnapshotOption = Annotated[Optional[str], typer.Option(
    metavar="DATE", show_default=False,
    help="Date of the snapshot, cited in each file: YYYY-MM-DD or YYYY-MM "
         "[default: a checkout's commit date, else the month SOURCE was last modified].")]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite files edited by hand since they were imported.")]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Report what would change; write nothing.")]
LinkDirOption = Annotated[Optional[list[str]], typer.Option(
    "--data-dir", "-d", metavar="DIR", show_default=False,
    help="The folders the import is used with (repeatable, @bundled for the bundled data): a model they "
         "already hold is linked to, never made a second release [default: $AI_TRACKER_DATA, else the "
         "bundled data].")]
TimeoutOption = Annotated[float, typer.Option(
    metavar="SECONDS", min=0.1, help="For a URL: give up when the server sends nothing for this long.")]
DeadlineOption = Annotated[float, typer.Option(
    metavar="SECONDS", min=0.1,
    help="For a URL: give up when the whole download takes longer than this (a server sending a byte "
         "at a time).")]
MaxSizeOption = Annotated[float, typer.Option(
    "--max-size", metavar="MB", min=0.0001, help="For a URL: refuse a download larger than this.")]


@import_app.command("epoch")
def epoch_command(
    file: Annotated[str, typer.Argument(
        metavar="SOURCE", show_default=False,
        help="Epoch AI's Notable AI Models CSV: a file, or an https:// URL (epoch.ai/data).")],
    into: IntoOption,
    snapshot: SnapshotOption = None,
    force: ForceOption = False,
    dry_run: DryRunOption = False,
    data_dir: LinkDirOption = None,
    timeout: TimeoutOption = download.TIMEOUT_SECONDS,
    deadline: DeadlineOption = download.DEADLINE_SECONDS,
    max_size: MaxSizeOption = download.MAX_MEGABYTES,
) -> None:
    """Import Epoch AI's Notable AI Models CSV (CC BY 4.0): one release file per model.

    Re-import a newer snapshot into the same folder to update changed models and add
    new ones. A file you edited is kept (each file carries a hash of what the
    importer wrote) unless --force is given. A model the folders of --data-dir
    already hold is linked to (origin.same_as), so it is counted once. A summary
    goes to stderr.
    """
    file, into = _home(file, "file"), _home(into, "into")

    def run(path: Path, collection: Catalog, url: str | None, advance: Any) -> Report:
        return epoch.import_csv(path, Path(into), snapshot=snapshot, url=url, force=force, dry_run=dry_run,
                                progress=advance, taken=_ids(collection),
                                link=matching.linker(collection.entries, collection.registry, epoch.DATABASE))

    limits = download.Limits(timeout, deadline, max_size)
    report = _import(file, into, snapshot, data_dir, limits, run, source_kind="file")
    _summary(report, Path(into), dry_run, "Epoch AI, Notable AI Models", _snapshot_basis(file, snapshot))


@import_app.command("models-dev")
def models_dev_command(
    source: Annotated[str, typer.Argument(
        metavar="SOURCE", show_default=False,
        help="A checkout of github.com/anomalyco/models.dev, or its JSON (api.json, models.json, "
             "catalog.json): a file or an https:// URL (https://models.dev/api.json).")],
    into: IntoOption,
    snapshot: SnapshotOption = None,
    force: ForceOption = False,
    dry_run: DryRunOption = False,
    data_dir: LinkDirOption = None,
    timeout: TimeoutOption = download.TIMEOUT_SECONDS,
    deadline: DeadlineOption = download.DEADLINE_SECONDS,
    max_size: MaxSizeOption = download.MAX_MEGABYTES,
) -> None:
    """Import models.dev (MIT): the models one lab released together are one release.

    Labs and their countries come from the organisation registry; a lab it does
    not know is reported and skipped. Each file cites models.dev with the commit
    (or snapshot date) and the file it came from. Re-import follows the rules of
    `import epoch`; a model the folders of --data-dir already hold is linked to.
    """
    source, into = _home(source, "source"), _home(into, "into")

    def run(path: Path, collection: Catalog, url: str | None, advance: Any) -> Report:
        return modelsdev.import_source(
            path, Path(into), collection.registry, snapshot=snapshot, url=url, force=force, dry_run=dry_run,
            progress=advance, taken=_ids(collection),
            link=matching.linker(collection.entries, collection.registry, modelsdev.DATABASE))

    limits = download.Limits(timeout, deadline, max_size)
    report = _import(source, into, snapshot, data_dir, limits, run, source_kind="folder or file")
    _summary(report, Path(into), dry_run, "models.dev",
             "" if ", commit" in report.snapshot else _snapshot_basis(source, snapshot))


def _home(value: str, field: str) -> str:
    """`~/x` expanded once, for the check and the write alike (`~nosuchuser` is a usage
    error); an empty value is left for `_import` to refuse, a URL as it is."""
    if not value.strip() or download.is_url(value):
        return value
    return str(folders.expand_home(value, field))


def _import(source: str, into: str, snapshot: str | None, data_dir: list[str] | None, limits: download.Limits,
            run: Callable[[Path, Catalog, str | None, Any], Report], *, source_kind: str) -> Report:
    for value, option in ((source, "SOURCE"), (into, "--into"), (snapshot, "--snapshot")):
        if value is not None and not value.strip():
            raise UsageError("empty: give a value", option=option)
    if download.is_url(source):
        download.check_url(source)  # a URL that cannot be fetched is refused before the folders are read
    collection = _collection(data_dir, Path(into))
    if download.is_url(source):
        with scratch_folder() as tmp:
            # The file keeps the URL's name (its date is the snapshot's); what is said names the URL.
            name = Path(source.split("?", 1)[0].split("#", 1)[0].rstrip("/")).name
            name = name if name not in ("", ".", "..") else "download"
            with _download_bar() as shown:
                path = download.fetch(source, tmp / name, limits, progress=shown).path
            with _progress() as advance:
                return run(path, collection, source, advance)
    path = Path(source)
    if not path.exists() or (source_kind == "file" and not path.is_file()):
        raise UsageError(f"'{source}' is not a {source_kind}", option="SOURCE")
    with _progress() as advance:
        return run(path, collection, None, advance)


def _collection(data_dir: list[str] | None, into: Path) -> Catalog:
    """The folders the import is used with, and the target folder itself when it holds
    release files: what a new record is matched against."""
    dirs = [d for d in folders.resolve_data_dirs(data_dir) if d.path.resolve() != into.resolve()]
    if into.is_dir() and folders.release_files(into):
        dirs.append(folders.DataDir(into, "option"))
    if not dirs:  # `-d DIR --into DIR` for a first import: the folder alone, nothing to link to yet
        return catalog_mod.Catalog(into, registry=registry_mod.load(into, {}, {}))
    return catalog_mod.load(dirs, progress=progress_bar())


def _ids(collection: Catalog) -> set[str]:
    """Every id the collection's files use: a new file takes none of them."""
    return {Path(p).stem for root in collection.roots for p in folders.release_files(root)}


@contextmanager
def _bar(label: str, count: Any) -> Iterator[Callable[[int, Any], None] | None]:
    """A Rich progress bar on stderr, only when stderr is a terminal: rows written
    (count: MofNCompleteColumn) or bytes downloaded (DownloadColumn)."""

    console = make_console(stderr=True)
    if not console.is_terminal:
        yield None
        return

    with Progress(TextColumn(label), BarColumn(), count(), console=console, transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def _progress() -> Any:
    return _bar("importing", MofNCompleteColumn)


def _download_bar() -> Any:
    return _bar("downloading", DownloadColumn)


def _snapshot_basis(source: str, snapshot: str | None) -> str:
    """Where the snapshot date came from, when --snapshot did not give it."""
    if snapshot is not None:
        return ""
    if importing.date_in_name(source.split("?", 1)[0].rstrip("/")):
        return ", from the file's name; --snapshot sets it"
    if download.is_url(source):
        return ", the day of the download; --snapshot sets it"
    return ", from the file's modification date; --snapshot sets it"


def _summary(report: Report, into: Path, dry_run: bool, label: str, guessed: str) -> None:
    would = "would be " if dry_run else ""
    say(f"{report.source}: {report.rows} rows read ({label}, snapshot {report.snapshot}{guessed})")
    for note in report.notes:
        say(f"  {note}")
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
    if report.linked:
        shown = ", ".join(f"{a} -> {b}" for a, b in report.linked[:10])
        more = f" and {len(report.linked) - 10} more" if len(report.linked) > 10 else ""
        say(f"{len(report.linked)} of them are of a release the folders already hold, linked (origin.same_as) "
            f"and counted once: {shown}{more}")


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
