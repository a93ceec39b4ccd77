"""Where exceptions become messages and exit codes: 1 for bad data, 2 for bad usage.

Nothing below the CLI exits or prints errors; everything raised here that a
user can cause is a DataError or UsageError and is shown as one line on
stderr, never a traceback.
"""

from __future__ import annotations

import os
import re
import sys
from typing import TYPE_CHECKING, Any

import typer
import typer.core
from typer import _click as click  # Typer 0.29 vendors Click

from ai_tracker.cli import caused_by_interrupt
from ai_tracker.cli.options import JSON_FIELDS
from ai_tracker.errors import DataError, UsageError  # here, not at start-up
from ai_tracker.model.vocab import did_you_mean
from ai_tracker.text import diagnostic

if TYPE_CHECKING:
    from ai_tracker.errors import Problem

EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_PIPE = 141
EXIT_INTERRUPTED = 130  # 128 + SIGINT


def say(message: str) -> None:
    """One diagnostic line on stderr, control and invisible characters escaped."""

    sys.stderr.write(diagnostic(message) + "\n")


class Group(typer.core.TyperGroup):
    """The app's click group: maps our exceptions to exit codes for every command.

    Done here rather than in `main()` so that tests driving the app with a
    CliRunner see exactly what a user sees.
    """

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        """The root's own options (`ai-tracker --bogus`) are parsed here, before `invoke`."""
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.exceptions.UsageError as exc:
            if isinstance(exc, click.exceptions.NoArgsIsHelpError):
                raise  # `ai-tracker` alone: the help, as Click prints it
            usage_error(exc)
            raise typer.Exit(EXIT_USAGE) from None

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]

        typed = [*getattr(ctx, "_protected_args", []), *ctx.args]  # Click empties both as it goes
        fields = self._json_alone(ctx)
        if fields is not None:  # gh's habit: `--json` with no fields lists them
            sys.stdout.write("".join(f + "\n" for f in fields))
            ctx.exit(0)
        try:
            try:
                return super().invoke(ctx)
            except (typer.Exit, typer.Abort, KeyboardInterrupt, SystemExit):
                raise  # an end the command chose, or Ctrl-C itself
            except BaseException as exc:
                # Ctrl-C wrapped by a library, behind an error raised as it unwound, or in a group
                if caused_by_interrupt(exc):
                    raise KeyboardInterrupt from exc
                raise
        except UsageError as exc:
            option = exc.option or option_of(self, ctx, exc.field)
            prefix = f"{option}: " if option else ""
            say(f"error: {prefix}{exc}")
            ctx.exit(EXIT_USAGE)
        except DataError as exc:
            say(f"error: {exc}")
            ctx.exit(EXIT_DATA)
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly with the status Unix
            # tools give (128 + SIGPIPE), so `set -o pipefail` still sees it.
            _silence_stdout()
            ctx.exit(EXIT_PIPE)
        except OSError as exc:  # a full disk, a closed stdout: one line, not a traceback
            where = f" {exc.filename}" if exc.filename else ""
            say(f"error: cannot read or write{where}: {exc.strerror or exc}")
            ctx.exit(EXIT_DATA)
        except click.exceptions.UsageError as exc:
            # Click's parsing of the command line (no such command or option, a bad
            # value, an argument missing or extra): in our one-line form, not its box.
            if isinstance(exc, click.exceptions.NoArgsIsHelpError):
                raise  # `ai-tracker import` alone: its help, as Click prints it
            usage_error(exc, ctx, typed)
            ctx.exit(EXIT_USAGE)
        except KeyboardInterrupt:
            # Click would print "Aborted!" and exit 1, the code of bad data.
            say("interrupted")
            ctx.exit(EXIT_INTERRUPTED)
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # a bug of ours: still no traceback for the user
            if os.environ.get("AI_TRACKER_DEBUG"):
                raise
            say(f"internal error: {type(exc).__name__}: {exc} "
                "(please report it; AI_TRACKER_DEBUG=1 shows the traceback)")
            ctx.exit(EXIT_DATA)


    def _json_alone(self, ctx: typer.Context) -> list[str] | None:
        """The fields of the command, when it has `--json` and was given it with no
        value (last, or before another option); None otherwise."""
        args = [*getattr(ctx, "_protected_args", []), *ctx.args]
        if "--json" not in args[1:]:
            return None
        after = args.index("--json", 1) + 1
        if after < len(args) and not args[after].startswith("-"):
            return None
        self.get_command(ctx, args[0])  # imports the command, which declares its fields
        fields = JSON_FIELDS.get(args[0])
        return fields() if fields is not None else None


def usage_error(exc: click.exceptions.UsageError, ctx: click.Context | None = None,
                typed: list[str] | None = None) -> None:
    """One of Click's usage errors as ours: `error: --format: 'xml' is not one of ...`,
    then one short line naming the help of the command that was being typed
    (`ctx` and `typed`: the root's and what followed the program's name, for an
    error Click raised with no context of its own: `list --limit` with no value)."""
    say(f"error: {usage_message(exc)}")
    say(f"Try '{_command_path(exc, ctx, typed or [])} --help' for help.")


def _command_path(exc: click.exceptions.UsageError, ctx: click.Context | None, typed: list[str]) -> str:
    if exc.ctx is not None:
        return exc.ctx.command_path
    if ctx is None:
        return "ai-tracker"
    group = ctx.command
    named = typed[0] if typed and isinstance(group, typer.core.TyperGroup) and group.get_command(ctx, typed[0]) else None
    return f"{ctx.command_path} {named}" if named else ctx.command_path


def usage_message(exc: click.exceptions.UsageError) -> str:
    """Click's message in our words: the option first (its long name, as our errors
    name it), its own suggestion kept ("did you mean"), Pydantic's phrasing of a
    number Typer could not read put plainly."""
    if isinstance(exc, click.exceptions.MissingParameter):
        param = exc.param
        if param is not None and param.param_type_name == "argument":
            return f"missing argument {_display(param)}"
        return f"missing option {_display(param) if param is not None else ''}".rstrip()
    if isinstance(exc, click.exceptions.BadParameter) and exc.param is not None:
        return f"{_display(exc.param)}: {_plain(exc.message)}"
    if isinstance(exc, click.exceptions.NoSuchOption):
        return f"no such option {exc.option_name}{did_you_mean(sorted(exc.possibilities or []))}"
    message = exc.format_message()
    extra = re.fullmatch(r"Got unexpected extra argument(?:\(s\)|s)? \((.*)\)", message)
    if extra:
        return f"unexpected extra argument: {extra.group(1)}"
    option = re.fullmatch(r"Option '(.+?)' (.+?)\.?", message)  # BadOptionUsage: --limit with no value
    if option:
        return f"{option.group(1)}: " + option.group(2).replace("requires an argument", "needs a value")
    hinted = re.fullmatch(r"(.*)\. Did you mean (.*)\?", message)  # no such command: Click's, or the registry's
    if hinted:
        return _plain(hinted.group(1)) + did_you_mean(hinted.group(2).split(", "))
    return _plain(message)


def _display(param: Any) -> str:
    """An option by its first long name (--format), an argument by its metavar (NAME)."""
    if param.param_type_name == "argument":
        return str(param.metavar or param.name).strip("{}").upper()
    longs = [o for o in param.opts if o.startswith("--")]
    return longs[0] if longs else param.opts[0]


_PYDANTIC = ((re.compile(r"Input should be a valid integer.*"), "expected a whole number"),
             (re.compile(r"Input should be a valid number.*"), "expected a number"),
             (re.compile(r"Input should be greater than or equal to (\S+)"), r"expected \1 or more"),
             (re.compile(r"Input should be less than or equal to (\S+)"), r"expected \1 or less"))


def _plain(message: str) -> str:
    """A Click or Pydantic sentence as a clause of ours: no "Value error, ", lower case
    first, no full stop at the end."""
    message = message.removeprefix("Value error, ").strip()
    for pattern, words in _PYDANTIC:
        if pattern.fullmatch(message):
            message = pattern.sub(words, message)
    message = message[:1].lower() + message[1:]
    return message.rstrip(".")


def option_of(group: typer.core.TyperGroup, ctx: typer.Context, field: str | None) -> str | None:
    """The option of the command that ran whose parameter is `field` (`until` ->
    `--until`), read from the command's own declaration, so one place says both.
    A group (`import`) is searched with its subcommands."""
    if not field:
        return None
    command = group.get_command(ctx, ctx.invoked_subcommand) if ctx.invoked_subcommand else None
    commands = [command, *getattr(command, "commands", {}).values()] if command is not None else []
    # A parameter named after a Python keyword carries a trailing underscore (`from_` for --from).
    for param in (p for c in commands for p in getattr(c, "params", []) if p.name in (field, field + "_")):
        if param.param_type_name == "argument":
            return None  # the message names the value: an argument needs no label
        longs = [o for o in param.opts if o.startswith("--")]
        return longs[0] if longs else param.opts[0]
    return field


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def report_skipped(problems: list[Problem], skipped: int, files: int, show: int = 3,
                   validate: str = "ai-tracker validate") -> None:
    """Tell on stderr which files a reading command left out, and why.

    validate: the command that lists them all, for this same data folder."""
    if not skipped:
        return
    say(f"warning: skipped {skipped} of {files} release files with errors "
        f"(`{validate}` lists them all):")
    for problem in problems[:show]:
        say(f"  {problem}")
    if len(problems) > show:
        say(f"  ... and {len(problems) - show} more")


def report_warnings(warnings: list[Problem], show: int = 3, validate: str = "ai-tracker validate") -> None:
    """Tell on stderr what a reading command read but found worth a word (a folder link
    that loops, a link to a release of a folder not read): once per run, the first few."""
    if len(warnings) == 1:
        say(f"warning: {warnings[0]}")
        return
    if warnings:
        say(f"warning: {len(warnings)} warnings (`{validate}` lists them all):")
    for warning in warnings[:show]:
        say(f"  {warning}")
    if len(warnings) > show:
        say(f"  ... and {len(warnings) - show} more")
