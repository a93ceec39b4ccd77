"""`ai-tracker show`: one release, whole, as a person reads it."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from ai_tracker.analysis import lookup
from ai_tracker.cli.common import complete_release, load_catalog
from ai_tracker.cli.options import DataDirOption, FormatOption, NoCacheOption
from ai_tracker.model import schema
from ai_tracker.output import document, release_page, render
from ai_tracker.output.render import Format


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
    release = lookup.find(catalog, name)
    chosen = render.resolve_format(fmt)
    if chosen in render.MACHINE_FORMATS:
        render.emit_records(schema.record(release), chosen)
    elif chosen in (Format.csv, Format.tsv):
        # A table of one release: one row per field, addressed as in `validate`'s messages.
        rows = [{"field": f, "value": v} for f, v in flatten(schema.record(release))]
        columns = [render.Column("field", "field"), render.Column("value", "value")]
        render.emit(render.TableView(columns=columns, rows=rows), chosen)
    else:
        page = release_page.build(release, catalog)
        if chosen is Format.table:
            document.print_rich(page)
        elif chosen is Format.markdown:
            sys.stdout.write(document.to_markdown(page))
        else:
            sys.stdout.write(document.to_plain(page))


def flatten(data: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """{'claims': [{'text': 'x'}]} -> [('claims[0].text', 'x')]; empty lists and None left out."""
    if isinstance(data, dict):
        return [pair for key, value in data.items()
                for pair in flatten(value, f"{prefix}.{key}" if prefix else str(key))]
    if isinstance(data, list):
        return [pair for i, value in enumerate(data) for pair in flatten(value, f"{prefix}[{i}]")]
    return [] if data is None else [(prefix, data)]


def register(app: typer.Typer) -> None:
    app.command("show")(show_command)
