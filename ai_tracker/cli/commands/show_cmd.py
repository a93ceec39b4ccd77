"""`ai-tracker show`: one release, whole, as a person reads it."""

from __future__ import annotations

from typing import Annotated

import typer

from ai_tracker.analysis import lookup
from ai_tracker.cli.common import complete_release, load_catalog
from ai_tracker.cli.options import DataDirOption, FormatOption, NoCacheOption
from ai_tracker.collection.catalog import model_record
from ai_tracker.output import release_page, render


def show_command(
    name: Annotated[str, typer.Argument(
        metavar="NAME", show_default=False, autocompletion=complete_release,
        help="The release: id, name or alias, any case (glm5, \"Claude Opus 4.5\", 智谱GLM-5).")],
    data_dir: DataDirOption = None,
    fmt: FormatOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Show one release whole: facts, claims, events, quotes and numbered sources."""

    catalog = load_catalog(data_dir, no_cache=no_cache)
    entry = lookup.find_entry(catalog, name)
    # Read from its record, not a model: building the schema's models would be most of the run.
    release = catalog.view(entry.id)
    assert release is not None
    render.emit(release_page.view(release, catalog, model_record(entry.record)), fmt)


def register(app: typer.Typer) -> None:
    app.command("show")(show_command)
