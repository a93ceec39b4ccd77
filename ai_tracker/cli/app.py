"""The Typer app and the command registry: the one lazy boundary of the tool.

`COMMANDS` maps each command name to the module that defines it and a
one-line summary, as pip's `commands_dict` does. The root group lists and
describes commands from this table alone and imports only the module of the
command that runs, so every other module can import what it needs at its top
while `--help`, `--version` and completion stay fast.
"""

from __future__ import annotations

import difflib
import importlib
import re
from enum import Enum
from typing import Annotated, Any, NamedTuple, Optional

import typer
import typer.core
import typer.main
from typer import (
    _click as click,  # Typer 0.29 vendors Click; its public API is re-exported here
)
from typer._click.shell_completion import CompletionItem

try:  # Typer's own choice rule (case, normalising), which needs no Pydantic
    from typer._param_types import coerce_cli_choice
except ImportError:  # another Typer: its adapters do all the coercing
    coerce_cli_choice = None  # type: ignore[assignment]

from ai_tracker.cli.edge import Group

HELP = "Track AI model releases: what came out, when, from whom and from which country."


class Command(NamedTuple):
    module: str  # under ai_tracker.cli.commands; its `register(app)` adds the command
    summary: str  # shown by `ai-tracker --help`; the module's docstring says the rest


COMMANDS: dict[str, Command] = {
    "list": Command("list_cmd", "List releases, newest first."),
    "show": Command("show_cmd", "Show one release whole, with numbered sources."),
    "compare": Command("compare_cmd", "Compare releases side by side."),
    "weekly": Command("weekly_cmd", "Releases per ISO week and country."),
    "counts": Command("weekly_cmd", "Count releases per week, month, quarter or year."),
    "digest": Command("digest_cmd", "One week's releases, counts, reactions and quotes."),
    "new": Command("new_cmd", "Add a release file, checked like every other."),
    "validate": Command("validate_cmd", "Check every release file; list every problem."),
    "schema": Command("schema_cmd", "Print the JSON Schema of a release file."),
    "export": Command("export_cmd", "Export releases as csv, json, jsonl, sqlite, atom or ics."),
    "import": Command("import_cmd", "Import releases from other databases."),
    "orgs": Command("orgs_cmd", "The organisations: country, parent, listings, releases."),
    "status": Command("status_cmd", "The records in use: checked, newest release, coverage."),
    "update": Command("update_cmd", "Bring the default collection up to date from models.dev."),
    "changes": Command("update_cmd", "What each update changed: added, removed, re-dated."),
    "pack": Command("pack_cmd", "Pack a folder of release files as a snapshot to publish."),
}


class Registry(Group):
    """The root group: commands come from `COMMANDS`, each built on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        # The registry's reason to exist: only the command that runs is imported.
        module = importlib.import_module(f"ai_tracker.cli.commands.{entry.module}")
        holder = typer.Typer(rich_markup_mode=None, context_settings=_CONTEXT, add_completion=False)
        module.register(holder)
        built = typer.main.get_command(holder)
        command = built.commands.get(cmd_name) if isinstance(built, typer.core.TyperGroup) else built
        if command is not None:
            _add_raw_csv(command)
        return command

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.UsageError as exc:
            # Typer suggests from the commands it holds, and a registry holds none until used.
            matches = difflib.get_close_matches(args[0], list(COMMANDS)) if args else []
            if matches and "Did you mean" not in exc.message:
                exc.message = exc.message.rstrip(".") + ". Did you mean " + ", ".join(map(repr, matches)) + "?"
            raise

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        """Command names from the registry, so completing one imports no command module."""
        names = [CompletionItem(name, help=entry.summary) for name, entry in COMMANDS.items()
                 if name.startswith(incomplete)]
        return names + click.Command.shell_complete(self, ctx, incomplete)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, entry.summary) for name, entry in COMMANDS.items()])


_CONTEXT = {"help_option_names": ["-h", "--help"]}


def _add_raw_csv(command: click.Command) -> None:
    """`--raw-csv` (cli/options.py) on the command and its subcommands (orgs show) whose
    --format offers csv: every command that prints data, and export."""
    for sub in getattr(command, "commands", {}).values():
        _add_raw_csv(sub)
    formats = [getattr(getattr(p, "type_descriptor", None), "choices", None) or () for p in command.params
               if p.name == "fmt"]
    if any("csv" in choices for choices in formats):
        from ai_tracker.cli.options import raw_csv_parameter  # with the command: options import the output layer

        command.params.append(raw_csv_parameter())


class _Ready:
    """Stands in for Typer's coercion when the value is already worked out."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        return self.value


_UNSURE = object()  # no shortcut: Typer's own coercion decides (and words any error)
_DIGITS = re.compile(r"(?:0|[1-9][0-9]{0,17})")


def _shortcut(descriptor: Any, multiple: bool, value: Any, ctx: Any) -> Any:
    """What Typer's Pydantic adapter would make of the common values, worked out without
    it, or _UNSURE. Only the values where the answer is certain: nothing (None), text
    for a `str` or `list[str]`, a member's name for an Enum (through Typer's own
    `coerce_cli_choice`, so case and normalising rules are Typer's), a plain decimal
    for an `int` within its bounds. Anything else, and every error, goes to Typer;
    `test_the_coercion_shortcut_gives_what_typer_gives_or_leaves_it_to_typer` holds
    the two to the same answers."""
    info = descriptor.parameter_info
    kind = descriptor.annotation
    if value is None:
        return () if multiple else None
    if info.parser is not None:
        return _UNSURE
    if multiple:
        if kind == list[str] and isinstance(value, (list, tuple)) and all(type(v) is str for v in value):
            return list(value)
        return _UNSURE
    if kind is str:
        return value if type(value) is str else _UNSURE
    if isinstance(kind, type) and issubclass(kind, Enum):
        if isinstance(value, kind):
            return value
        if type(value) is str:
            try:
                return coerce_cli_choice(value, choices=list(kind), case_sensitive=info.case_sensitive, ctx=ctx)
            except ValueError:
                return _UNSURE
        return _UNSURE
    if kind is int and not info.clamp:
        number = value if type(value) is int else int(value) if type(value) is str and _DIGITS.fullmatch(value) else None
        if number is None or (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
            return _UNSURE
        return number
    return _UNSURE


def _skip_idle_coercion(parameter_class: Any) -> None:
    """Typer 0.29 coerces every option through a Pydantic TypeAdapter, built on
    first use (about 1 ms each; the first one imports Pydantic's validator
    machinery, about 100 ms, more than the rest of a warm `list` of 10,000).
    For the values `_shortcut` can work out with certainty, the adapter is not
    built; every other value, and every error, goes through Typer as before.
    Done on the class, so the help option Click adds on the fly is covered too;
    a Typer without these internals is left alone (then every value goes
    through its adapter)."""
    original = getattr(parameter_class, "process_value", None)
    if original is None or not hasattr(parameter_class, "get_runtime_param") or coerce_cli_choice is None:
        return

    def process_value(self: Any, ctx: Any, value: Any) -> Any:
        descriptor = getattr(self, "type_descriptor", None)
        if descriptor is None or getattr(self, "_runtime_param", "absent") is not None:
            return original(self, ctx, value)
        worked_out = _shortcut(descriptor, bool(self.multiple or self.nargs == -1), value, ctx)
        if worked_out is _UNSURE:
            return original(self, ctx, value)
        self._runtime_param = _Ready(worked_out)
        try:
            return original(self, ctx, value)  # still Typer's: required options, callbacks
        finally:
            self._runtime_param = None

    parameter_class.process_value = process_value


_skip_idle_coercion(typer.core.TyperOption)
_skip_idle_coercion(typer.core.TyperArgument)


def _argument_words(argument_class: Any) -> None:
    """Typer 0.29 prints an argument's Python type after its name in --help
    (`NAME <str>`, `NAME <list[str]>`); an argument that has a metavar is named in
    words already (options with one print only it), so the type is left out."""
    original = getattr(argument_class, "display_type_rich", None)
    if original is None:
        return

    def display_type_rich(self: Any, ctx: Any) -> str | None:
        return None if self.metavar is not None else original(self, ctx)

    argument_class.display_type_rich = display_type_rich


_argument_words(typer.core.TyperArgument)

app = typer.Typer(
    name="ai-tracker",
    cls=Registry,
    help=HELP,
    context_settings=_CONTEXT,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from ai_tracker.cli import version_text

        typer.echo(version_text(), nl=False)
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[Optional[bool], typer.Option(
        "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit.")] = None,
) -> None:
    """Track AI model releases: what came out, when, from whom and from which country."""
