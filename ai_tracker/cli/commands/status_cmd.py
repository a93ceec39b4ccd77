"""`ai-tracker status`: the records in use and what they cover."""

from __future__ import annotations

import typer

from ai_tracker.cli.common import load_catalog, today_option
from ai_tracker.cli.filter_options import TodayOption
from ai_tracker.cli.options import DataDirOption, FormatOption, NoCacheOption
from ai_tracker.collection import catalog as catalog_mod
from ai_tracker.collection import coverage, folders
from ai_tracker.output import render, status_page


def status_command(
    today: TodayOption = None,
    data_dir: DataDirOption = None,
    fmt: FormatOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """The records in use (the bundled one, your folders): each one's checked date, newest release,
    coverage and release count, and the coverage they make together."""

    day = today_option(today)
    combined = load_catalog(data_dir, no_cache=no_cache)  # reports skipped files once, for all of them
    records = [coverage.record_of(catalog_mod.load(one, use_cache=not no_cache))
               for one in folders.resolve_data_dirs(data_dir)]
    render.emit(status_page.view(records, coverage.of(combined), day), fmt)


def register(app: typer.Typer) -> None:
    app.command("status")(status_command)
