"""The README's examples are real: each `$ ai-tracker ...` line in a ```console block
is run on the bundled data and its output must be what the README shows.

After changing a command or the data, regenerate the outputs with

    python tests/test_readme.py --update

and read the diff. Also checks that `.ci/run` runs the README's test command.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent
README = REPO / "README.md"
BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)


def examples(text: str) -> list[tuple[str, str]]:
    """(command line, expected output) for every `$ ai-tracker` line in console blocks."""
    found = []
    for block in BLOCK.findall(text):
        parts = re.split(r"^\$ ", block, flags=re.MULTILINE)
        for part in parts[1:]:
            command, _, output = part.partition("\n")
            if command.startswith("ai-tracker ") and "|" not in command and ">" not in command:
                found.append((command, output))
    return found


def run_example(command: str) -> str:
    """Output as a user sees it in a pipe: the real program in its own process
    (its own help width, entry point and all), stdout then stderr."""
    import subprocess

    args = shlex.split(command)[1:]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-m", "ai_tracker", *args], capture_output=True, text=True,
                            cwd=REPO, env=env, check=False)
    return result.stdout + result.stderr


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    monkeypatch.delenv("AI_TRACKER_DATA", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("TERM", "xterm-256color")


CASES = examples(README.read_text(encoding="utf-8"))


@pytest.mark.parametrize("command, expected", CASES, ids=[c for c, _ in CASES])
def test_readme_example_output_is_real(clean_env, command, expected):
    assert run_example(command) == expected, "README is stale: run `python tests/test_readme.py --update`"


def test_readme_has_examples():
    assert len(CASES) >= 5


def quick_start_commands(text: str) -> list[str]:
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^```sh\n(.*?)\n```", section, flags=re.MULTILINE | re.DOTALL)


def test_ci_runs_the_readme_test_command_verbatim():
    commands = quick_start_commands(README.read_text(encoding="utf-8"))
    assert len(commands) == 2, "the quick start is exactly two commands"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()


def update() -> None:
    """Rewrite every example's output in README.md from a real run."""
    import tempfile

    os.environ.pop("AI_TRACKER_DATA", None)
    os.environ["NO_COLOR"] = "1"
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp()
    os.environ["COLUMNS"] = "80"
    os.environ["TERM"] = "xterm-256color"
    text = README.read_text(encoding="utf-8")

    def redo(block: re.Match[str]) -> str:
        parts = re.split(r"^\$ ", block.group(1), flags=re.MULTILINE)
        out = [parts[0]]
        for part in parts[1:]:
            command, _, output = part.partition("\n")
            if command.startswith("ai-tracker ") and "|" not in command and ">" not in command:
                output = run_example(command)
            out.append(f"{command}\n{output}")
        return "```console\n" + "$ ".join(out) + "```"

    README.write_text(BLOCK.sub(redo, text), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        sys.path.insert(0, str(REPO))
        update()
    else:
        raise SystemExit(__doc__)
