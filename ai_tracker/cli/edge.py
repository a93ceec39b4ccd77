"""Where exceptions become messages and exit codes: 1 for bad data, 2 for bad usage.

Nothing below the CLI exits or prints errors; everything raised here that a
user can cause is a DataError or UsageError and is shown as one line on
stderr, never a traceback.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import typer
import typer.core

from ai_tracker.cli.options import JSON_FIELDS
from ai_tracker.errors import DataError, UsageError  # here, not at start-up
from ai_tracker.text import clean

if TYPE_CHECKING:
    from ai_tracker.errors import Problem

EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_PIPE = 141
EXIT_INTERRUPTED = 130  # 128 + SIGINT


def say(message: str) -> None:
    """One diagnostic line on stderr, control characters escaped."""

    sys.stderr.write(clean(message, inline=False) + "\n")


class Group(typer.core.TyperGroup):
    """The app's click group: maps our exceptions to exit codes for every command.

    Done here rather than in `main()` so that tests driving the app with a
    CliRunner see exactly what a user sees.
    """

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]

        fields = self._json_alone(ctx)
        if fields is not None:  # gh's habit: `--json` with no fields lists them
            sys.stdout.write("".join(f + "\n" for f in fields))
            ctx.exit(0)
        try:
            return super().invoke(ctx)
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
        except typer.TyperException as exc:
            # Typer's own usage errors: it reports them (exit 2). Its option parsing
            # goes through Pydantic, whose "Value error, " prefix means nothing to a user.
            message = getattr(exc, "message", None)
            if isinstance(message, str) and message.startswith("Value error, "):
                exc.message = message[len("Value error, "):]
            raise
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


def option_of(group: typer.core.TyperGroup, ctx: typer.Context, field: str | None) -> str | None:
    """The option of the command that ran whose parameter is `field` (`until` ->
    `--until`), read from the command's own declaration, so one place says both.
    A group (`import`) is searched with its subcommands."""
    if not field:
        return None
    command = group.get_command(ctx, ctx.invoked_subcommand) if ctx.invoked_subcommand else None
    commands = [command, *getattr(command, "commands", {}).values()] if command is not None else []
    for param in (p for c in commands for p in getattr(c, "params", [])):
        if param.name == field and param.param_type_name == "argument":
            return None  # the message names the value: an argument needs no label
        if param.name == field:
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
