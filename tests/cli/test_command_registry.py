"""The command registry: every command is listed without importing it, and one
short flag means one thing in every command."""

from __future__ import annotations

import subprocess
import sys

import typer.main

from ai_tracker.cli.app import COMMANDS, app


def _commands():
    root = typer.main.get_command(app)
    ctx = root.make_context("ai-tracker", ["list"], resilient_parsing=True)
    for name in COMMANDS:
        command = root.get_command(ctx, name)
        assert command is not None, name
        subs = getattr(command, "commands", None)
        yield from ((f"{name} {s}", c) for s, c in subs.items()) if subs else [(name, command)]


def test_one_short_flag_means_one_option_everywhere():
    meaning: dict[str, set[str]] = {}
    for _, command in _commands():
        for param in command.params:
            longs = [o for o in param.opts if o.startswith("--")]
            for short in (o for o in param.opts if len(o) == 2):
                meaning.setdefault(short, set()).add(longs[0])
    clashes = {short: longs for short, longs in meaning.items() if len(longs) > 1}
    assert clashes == {}
    assert meaning["-o"] == {"--format"} and meaning["-n"] == {"--limit"}


def test_help_lists_every_command_without_importing_any():
    code = ("import sys; from ai_tracker.cli import main; sys.argv = ['ai-tracker', '--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('ai_tracker.cli.commands.')), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    for name in COMMANDS:
        assert f"\n  {name} " in done.stdout
    assert done.stderr.strip() == "[]"


def test_a_command_imports_only_its_own_module():
    code = ("import sys, io, contextlib; from ai_tracker.cli import main; sys.argv = ['ai-tracker', 'schema']\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    try:\n        main()\n    except SystemExit:\n        pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('ai_tracker.cli.commands.')), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.strip() == "['ai_tracker.cli.commands.schema_cmd']"


def test_a_mistyped_command_gets_a_suggestion(cli):
    result = cli("lst")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no such command 'lst'; did you mean 'list'?\n")


def test_completing_a_command_name_imports_no_command_module():
    code = ("import os, sys, io, contextlib; from ai_tracker.cli import main\n"
            "os.environ.update(_AI_TRACKER_COMPLETE='complete_bash', COMP_WORDS='ai-tracker co', COMP_CWORD='1')\n"
            "sys.argv = ['ai-tracker']\nout = io.StringIO()\n"
            "with contextlib.redirect_stdout(out):\n    try:\n        main()\n    except SystemExit:\n        pass\n"
            "print(out.getvalue().split(), sorted(m for m in sys.modules if m.startswith('ai_tracker.cli.commands.')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['compare', 'counts'] []"


def test_help_names_arguments_in_words_not_python_types(cli):
    for args in (["show", "--help"], ["compare", "--help"], ["orgs", "show", "--help"], ["list", "--help"]):
        text = cli(*args).stdout
        assert "<str>" not in text and "list[str]" not in text and "<int range>" not in text, args


SAMPLES = [None, (), "json", "JSON", "Table", "plain", "week", "3", "0", "007", "-1", "1e3", " 5", "", "abc",
           ("a",), ("US", "cn"), ["x", "y"], 5, True, 0.5]


def test_the_coercion_shortcut_gives_what_typer_gives_or_leaves_it_to_typer():
    """`app._shortcut` stands in for Typer's Pydantic adapters on the common values: for
    every option of every command and a spread of values, it must give exactly what
    Typer's own coercion gives, or leave the value to Typer (every error included)."""
    from typer._click.exceptions import BadParameter
    from typer._coercion import build_runtime_param

    from ai_tracker.cli.app import _UNSURE, _shortcut

    root = typer.main.get_command(app)
    taken = 0
    for _, command in _commands():
        ctx = command.make_context(command.name or "x", [], resilient_parsing=True)
        for param in command.params:
            descriptor = getattr(param, "type_descriptor", None)
            if descriptor is None:
                continue
            multiple = bool(param.multiple or param.nargs == -1)
            for value in [*SAMPLES, param.default]:
                mine = _shortcut(descriptor, multiple, value, ctx)
                if mine is _UNSURE:
                    continue
                taken += 1
                try:
                    typers = build_runtime_param(descriptor).coerce(value, param=param, ctx=ctx)
                except BadParameter as error:
                    raise AssertionError(f"{command.name} {param.name} {value!r}: Typer refuses ({error}), "
                                         f"the shortcut gave {mine!r}") from None
                assert (type(mine), mine) == (type(typers), typers), (command.name, param.name, value)
    assert root is not None and taken > 200  # the shortcut is used, not only ever declined
