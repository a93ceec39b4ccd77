"""`ai-tracker update`: the default collection brought up to date; `changes`: what updates changed."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated, Any, Optional

import typer

from ai_tracker.cli.common import day_option, today_option
from ai_tracker.cli.edge import say
from ai_tracker.cli.filter_options import TodayOption
from ai_tracker.errors import UsageError
from ai_tracker.interchange import download
from ai_tracker.interchange import update as core
from ai_tracker.output import render
from ai_tracker.output.views import Column, Format, Note, TableView

UrlOption = Annotated[Optional[str], typer.Option(
    "--url", metavar="URL|FILE", show_default=False,
    help=f"models.dev's JSON to fetch (api.json, models.json or catalog.json), or a copy of it saved as a file "
         f"[default: ${core.URL_ENV}, else {core.DEFAULT_URL}].")]
TimeoutOption = Annotated[float, typer.Option(
    metavar="SECONDS", min=0.1, help="Give up when the server sends nothing for this long.")]
DeadlineOption = Annotated[float, typer.Option(
    metavar="SECONDS", min=0.1, help="Give up when the whole download takes longer than this.")]
MaxSizeOption = Annotated[float, typer.Option(
    "--max-size", metavar="MB", min=0.0001, help="Refuse a download larger than this.")]
ForceOption = Annotated[bool, typer.Option(
    "--force", help="Overwrite files of the update that were edited by hand.")]


RollbackOption = Annotated[bool, typer.Option(
    "--rollback", help="Undo the last update (or --from): go back to the record as it was before it.")]
FromOption = Annotated[Optional[str], typer.Option(
    "--from", metavar="URL|FILE", show_default=False,
    help="Install a snapshot made by `pack` as the curated record, once its SHA-256 (URL.sha256 or "
         "FILE.sha256, or --sha256) and every file's strict validation hold.")]
Sha256Option = Annotated[Optional[str], typer.Option(
    "--sha256", metavar="HEX", show_default=False, help="With --from: the SHA-256 the snapshot must have.")]


def update_command(url: UrlOption = None, today: TodayOption = None,
                   timeout: TimeoutOption = download.TIMEOUT_SECONDS,
                   deadline: DeadlineOption = download.DEADLINE_SECONDS,
                   max_size: MaxSizeOption = download.MAX_MEGABYTES, force: ForceOption = False,
                   rollback: RollbackOption = False, from_: FromOption = None, sha256: Sha256Option = None) -> None:
    """Bring the default collection up to date from models.dev.

    Fetches models.dev's public JSON (only when it changed since the last update:
    a conditional request) and imports its labs' models into your data folder,
    linked to the bundled record so that no model is counted twice. Commands that
    are given no --data-dir and no $AI_TRACKER_DATA read the bundled record plus
    the update; `-d @updates` names the update alone. Each change (a release added,
    removed, re-dated or changed) is logged: `ai-tracker changes` lists them. If
    anything fails, the current record stays exactly as it was.
    """
    if rollback:
        if url is not None or force or from_ is not None:
            raise UsageError("--rollback fetches nothing: give it alone", option="--rollback")
        undone = core.rollback(today_option(today))
        what = "snapshot" if undone.folder.name == "snapshot" else "update"
        say(f"undid the last {what}; {_counted(undone.counts())}")
        return
    if from_ is not None:
        if url is not None:
            raise UsageError("give --from (a snapshot) or --url (models.dev's JSON), not both", option="--from")
        with _download_bar() as shown:
            installed = core.install_snapshot(from_, today_option(today), sha256=sha256,
                                              limits=download.Limits(timeout, deadline, max_size), progress=shown)
        say(f"{from_}: snapshot {installed.version} installed as the curated record; {_counted(installed.counts())}")
        _say_redated(installed.changes)
        return
    if sha256 is not None:
        raise UsageError("--sha256 checks a snapshot: give it with --from", option="--sha256")
    source = core.source_url(url)
    with _download_bar() as shown:
        outcome = core.update(source, today_option(today), limits=download.Limits(timeout, deadline, max_size),
                              force=force, progress=shown)
    if outcome.unchanged:
        say(f"{source}: not changed since the last update (the server said so; nothing downloaded)")
        return
    counts = outcome.counts()
    report = outcome.report
    say(f"{source}: {report.rows if report else 0} models read; the update is in {outcome.folder}")
    say(_counted(counts))
    for note in report.notes if report else []:
        say(f"  {note}")
    _say_redated(outcome.changes)
    if report is not None and report.linked:
        say(f"{len(report.linked)} models are releases the bundled record holds: linked, counted once")
    if report is not None and report.kept:
        say(f"{len(report.kept)} files edited by hand were kept (--force overwrites them)")
    if any(counts.values()):
        say("`ai-tracker changes` lists every change")


def _say_redated(changes: list[core.Change]) -> None:
    for change in changes:
        if change.change == "re-dated":
            say(f"  re-dated {change.name} ({change.id}): {change.before} ({change.week_before}) -> "
                f"{change.released} ({change.week})")


def _counted(counts: dict[str, int]) -> str:
    return "changes: " + ", ".join(f"{n} {what}" for what, n in counts.items())


def _download_bar() -> Any:
    from ai_tracker.cli.commands.import_cmd import _download_bar as bar  # the one progress bar of downloads

    return bar()


CHANGE_COLUMNS = [Column("day", "Updated", wrap=False), Column("change", "Change"), Column("id", "Id"),
                  Column("name", "Name"), Column("released", "Released", wrap=False),
                  Column("detail", "Detail")]


# Every output format, and Atom: a feed of corrections to subscribe to.
ChangesFormat = Enum("ChangesFormat", {**{f.name: f.value for f in Format}, "atom": "atom"})  # type: ignore[misc]


def changes_command(since: Annotated[Optional[str], typer.Option(
                        "--since", metavar="DATE", show_default=False,
                        help="Only changes made by updates on or after this day (YYYY-MM-DD, YYYY-MM).")] = None,
                    fmt: Annotated[Optional[ChangesFormat], typer.Option(
                        "--format", "-f", "--output", "-o", case_sensitive=False, show_default=False,
                        help="Output format, or atom (a feed of corrections) [default: table on a terminal, "
                             "plain when piped].")] = None) -> None:
    """List what each `ai-tracker update` changed: releases added, removed, re-dated or changed.

    A re-dated release says from which ISO week to which, since it moves a weekly
    count. Newest first.
    """
    found = list(reversed(core.read_changes(day_option(since, "--since"))))
    if fmt is not None and fmt.value == "atom":
        from ai_tracker.interchange.feeds import write_changes_atom

        write_changes_atom(found, sys.stdout)
        return
    rows = [{**c.to_dict(), "detail": _detail(c)} for c in found]
    notes = [] if found else [Note("No changes logged: `ai-tracker update` logs each change it makes.")]
    render.emit(TableView(columns=CHANGE_COLUMNS, rows=rows, records=[c.to_dict() for c in found], notes=notes),
                Format(fmt.value) if fmt is not None else None)


def _detail(change: core.Change) -> str:
    if change.change == "re-dated":
        return f"from {change.before} ({change.week_before}) to {change.released} ({change.week})"
    if change.change == "changed":
        return ", ".join(change.fields)
    return ""


def register(app: typer.Typer) -> None:
    app.command("update")(update_command)
    app.command("changes")(changes_command)
