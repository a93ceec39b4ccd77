"""Click's own usage errors in our form: one `error: ...` line (Click's "did you mean"
kept) and one short line naming the help, exit 2; never Click's Usage/Error box."""

from __future__ import annotations

import pytest

CASES = [
    # a command that does not exist, at the root and in a group of commands
    (["lst"], "error: no such command 'lst'; did you mean 'list'?", "ai-tracker"),
    (["import", "epok"], "error: no such command 'epok'; did you mean 'epoch'?", "ai-tracker import"),
    # an option that does not exist, of a command and of the root
    (["list", "--sortt", "name"], "error: no such option --sortt; did you mean --org, --output, --sort?",
     "ai-tracker list"),
    (["--colour"], "error: no such option --colour", "ai-tracker"),
    # a bad value: not one of the choices, not a number, out of range
    (["list", "--format", "xml"], "error: --format: 'xml' is not one of 'table', 'wide', 'plain', 'markdown', "
     "'csv', 'tsv', 'json', 'jsonl', 'yaml', 'html'", "ai-tracker list"),
    (["list", "--limit", "many"], "error: --limit: expected a whole number", "ai-tracker list"),
    (["counts", "--top", "0"], "error: --top: expected 1 or more", "ai-tracker counts"),
    # an argument missing, or one too many
    (["show"], "error: missing argument NAME", "ai-tracker show"),
    (["import", "epoch"], "error: missing argument SOURCE", "ai-tracker import epoch"),
    (["show", "glm-5", "gpt-5"], "error: unexpected extra argument: gpt-5", "ai-tracker show"),
    # an option with no value, a flag given one
    (["list", "--limit"], "error: --limit: needs a value", "ai-tracker list"),
    (["list", "--reverse=yes"], "error: --reverse: does not take a value", "ai-tracker list"),
]


@pytest.mark.parametrize(("args", "error", "command"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_a_usage_error_is_one_line_of_ours_and_the_help_hint(cli, args, error, command):
    result = cli(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"{error}\nTry '{command} --help' for help.\n"


def test_no_command_and_a_group_alone_still_print_their_help(cli):
    for args in ([], ["import"]):
        result = cli(*args)
        assert "Usage: ai-tracker" in result.stdout + result.stderr and "error:" not in result.stderr, args


def test_control_characters_typed_in_a_bad_value_are_not_passed_through(cli):
    result = cli("list", "--format", "x\x1b[31mred")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and result.stderr.startswith("error: --format: ")
