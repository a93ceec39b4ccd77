"""The Typer app: global options and the list of commands."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ai_tracker import __version__
from ai_tracker.cli import (
    compare_cmd,
    digest_cmd,
    export_cmd,
    import_cmd,
    list_cmd,
    new_cmd,
    schema_cmd,
    show_cmd,
    validate_cmd,
    weekly_cmd,
)
from ai_tracker.cli.edge import Group

app = typer.Typer(
    name="ai-tracker",
    cls=Group,
    help="Track AI model releases: what came out, when, from whom and from which country.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ai-tracker {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[Optional[bool], typer.Option(
        "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit.")] = None,
) -> None:
    """Track AI model releases: what came out, when, from whom and from which country."""


for module in (list_cmd, show_cmd, compare_cmd, weekly_cmd, digest_cmd, new_cmd, validate_cmd, schema_cmd,
               import_cmd, export_cmd):
    module.register(app)

