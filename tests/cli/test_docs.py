"""The documentation is real: README.md and every page in docs/ are checked here.

Each `$ ai-tracker ...` (or `$ cat FILE`) line in a ```console block is run on
the bundled data, in its own process, as printed into a pipe, and its output
must be what the page shows. `docs/commands.md` is generated whole from
`ai_tracker.cli.app.COMMANDS`: one `--help` per command and subcommand. After
changing a command, its options, its output or the data, regenerate every page
with the one command

    .venv/bin/python tests/cli/test_docs.py --update

and read the diff. Also checked: every console line is one that is run (no
pipes, no redirection), no page in docs/ holds an untyped code block (pasted
output that nothing checks), every link to docs/ resolves, every docs page is
linked from the README, and `.ci/run` runs the README's test command verbatim.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent
README = REPO / "README.md"
DOCS = REPO / "docs"
COMMANDS_PAGE = DOCS / "commands.md"
UPDATE = "python tests/cli/test_docs.py --update"
BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)
FENCE = re.compile(r"^```(\S*)$", re.MULTILINE)

# The environment every example runs in: no colour, a fixed width, no user data,
# a fresh cache, an empty data home and a pinned today, so that the output is the same
# on every machine and terminal, and on every day.
TODAY = "2026-12-08"
ENV = {"NO_COLOR": "1", "COLUMNS": "80", "TERM": "xterm-256color", "AI_TRACKER_TODAY": TODAY}
UNSET = ("AI_TRACKER_DATA", "FORCE_COLOR", "CLICOLOR_FORCE")


def pages() -> list[Path]:
    """Every checked Markdown file: the README, then docs/ in name order."""
    return [README, *sorted(DOCS.glob("*.md"))]


def is_checked(command: str) -> bool:
    return command.startswith(("ai-tracker ", "cat ")) and not any(c in command for c in "|><;&`$")


def commands_in(block: str) -> list[tuple[str, str]]:
    """(command line, output shown) for every `$ ` line of one console block."""
    parts = re.split(r"^\$ ", block, flags=re.MULTILINE)
    return [tuple(part.partition("\n")[::2]) for part in parts[1:]]  # type: ignore[misc]


def examples(text: str) -> list[tuple[str, str]]:
    """(command line, expected output) for every checked line in console blocks."""
    return [(c, o) for block in BLOCK.findall(text) for c, o in commands_in(block) if is_checked(c)]


def environment(cache: str, path: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    home = Path(cache) / "data-home"  # empty: nothing downloaded, nothing updated
    home.mkdir(exist_ok=True)
    return {**env, **ENV, "XDG_CACHE_HOME": cache, "XDG_DATA_HOME": str(home),
            "PYTHONPATH": os.pathsep.join(p for p in (path, str(REPO)) if p)}


def run_example(command: str, cache: str, path: str = "") -> str:
    """Output as a user sees it in a pipe: the real program in its own process
    (its own help width, entry point and all), stdout then stderr, then the exit
    status when it is not 0. `cat FILE` prints a file of this repository."""
    args = shlex.split(command)
    if args[0] == "cat":
        return "".join((REPO / name).read_text(encoding="utf-8") for name in args[1:])
    result = subprocess.run([sys.executable, "-m", "ai_tracker", *args[1:]], capture_output=True, text=True,
                            cwd=REPO, env=environment(cache, path), check=False)
    status = f"(exit {result.returncode})\n" if result.returncode else ""
    return result.stdout + result.stderr + status


# The generated page of every command's --help.

def help_commands() -> list[str]:
    """`ai-tracker --help`, then each command of COMMANDS and each subcommand."""
    import typer.main

    from ai_tracker.cli.app import COMMANDS, app

    root = typer.main.get_command(app)
    found = ["ai-tracker --help"]
    for name in COMMANDS:
        found.append(f"ai-tracker {name} --help")
        command = root.get_command(None, name)  # type: ignore[attr-defined, arg-type]
        for sub in getattr(command, "commands", {}):
            found.append(f"ai-tracker {name} {sub} --help")
    return found


def commands_page(outputs: dict[str, str] | None = None) -> str:
    """docs/commands.md; outputs left empty unless given."""
    outputs = outputs or {}
    lines = [
        "# Commands",
        "",
        "Every command's `--help`, as the program prints it into a pipe at 80",
        "columns. This page is generated from `ai_tracker.cli.app.COMMANDS`:",
        f"`{UPDATE}` rewrites it, and a test fails when it",
        "differs from the program. Every command also takes `-h`.",
        "",
    ]
    for command in help_commands():
        title = command.removesuffix(" --help")
        lines += [f"## `{title}`", "", "```console", f"$ {command}", outputs.get(command, "") + "```", ""]
    return "\n".join(lines)


def skeleton(text: str) -> str:
    """The page with every example's output taken out."""
    return BLOCK.sub(lambda m: "```console\n" + "".join(f"$ {c}\n" for c, _ in commands_in(m.group(1))) + "```",
                     text)


# The checks.

CASES = [(page, command, output) for page in pages() for command, output in examples(page.read_text("utf-8"))]


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("cache"))


@pytest.mark.parametrize("page, command, expected", CASES,
                         ids=[f"{p.relative_to(REPO)}: {c}" for p, c, _ in CASES])
def test_example_output_is_real(cache, page, command, expected):
    assert run_example(command, cache) == expected, f"{page.name} is stale: run `{UPDATE}`"


# A clock that is years off: `sitecustomize` runs before the program, and every
# `datetime.date.today()` in it then answers this day.
OTHER_DAY = """\
import datetime


class _Elsewhen(datetime.date):
    @classmethod
    def today(cls):
        return cls(2031, 6, 15)


datetime.date = _Elsewhen
"""


def test_no_example_depends_on_the_real_date(tmp_path):
    """Every example prints the same on another day of the computer's clock: the tool
    counts from $AI_TRACKER_TODAY, which the checker pins, and never reads the clock
    behind it. (Fails if a command takes `date.today()` instead of `--today`.)"""
    (tmp_path / "sitecustomize.py").write_text(OTHER_DAY, encoding="utf-8")
    probe = subprocess.run([sys.executable, "-c", "import datetime; print(datetime.date.today())"],
                           capture_output=True, text=True, env=environment(str(tmp_path), str(tmp_path)), check=True)
    assert probe.stdout == "2031-06-15\n"  # the clock is moved
    cases = [(c, o) for _, c, o in CASES if c.startswith("ai-tracker ")]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        shown = list(pool.map(lambda case: run_example(case[0], str(tmp_path), str(tmp_path)), cases))
    moved = [c for (c, expected), out in zip(cases, shown) if out != expected]
    assert not moved, f"these examples print something else when the computer's clock says 2031-06-15: {moved}"


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_console_line_is_checked(page):
    unchecked = [c for block in BLOCK.findall(page.read_text("utf-8")) for c, _ in commands_in(block)
                 if not is_checked(c)]
    assert not unchecked, "console blocks hold only commands that are run; put others in ```sh"


@pytest.mark.parametrize("page", sorted(DOCS.glob("*.md")), ids=lambda p: p.name)
def test_docs_pages_hold_no_unchecked_output(page):
    kinds = FENCE.findall(page.read_text("utf-8"))[::2]  # opening fences
    assert set(kinds) <= {"console", "sh", "yaml"}, f"untyped or unknown code block in {page.name}: {kinds}"


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(REPO)))
def test_no_page_says_its_output_is_unchecked(page):
    assert "not checked" not in prose(page).lower()


def test_pages_have_examples():
    assert len(examples(README.read_text("utf-8"))) >= 4
    for page in sorted(DOCS.glob("*.md")):
        assert examples(page.read_text("utf-8")), f"{page.name} shows no real output"


def test_commands_page_is_generated_from_the_registry():
    assert skeleton(COMMANDS_PAGE.read_text("utf-8")) == skeleton(commands_page()), f"run `{UPDATE}`"


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def prose(page: Path) -> str:
    """The page without its code blocks."""
    return re.sub(r"^```.*?^```", "", page.read_text("utf-8"), flags=re.DOTALL | re.MULTILINE)


def anchors(page: Path) -> set[str]:
    return {slug(h) for h in re.findall(r"^#+ (.*)$", prose(page), flags=re.MULTILINE)}


def links(page: Path) -> list[str]:
    return re.findall(r"\]\(([^)\s]+)\)", prose(page))


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(REPO)))
def test_links_to_docs_resolve(page):
    for link in links(page):
        if link.startswith(("http:", "https:", "mailto:")):
            continue
        path, _, anchor = link.partition("#")
        target = (page.parent / path).resolve() if path else page
        assert target.exists(), f"{page.name}: {link} names no file"
        if anchor and target.suffix == ".md":
            assert anchor in anchors(target), f"{page.name}: {link} names no heading"


def test_readme_links_every_docs_page():
    linked = {(README.parent / link.partition("#")[0]).resolve() for link in links(README)}
    missing = [p.name for p in sorted(DOCS.glob("*.md")) if p.resolve() not in linked]
    assert not missing, f"README links no docs page {missing}"


def quick_start_commands(text: str) -> list[str]:
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^```sh\n(.*?)\n```", section, flags=re.MULTILINE | re.DOTALL)


def test_ci_runs_the_readme_test_command_verbatim():
    commands = quick_start_commands(README.read_text(encoding="utf-8"))
    assert len(commands) == 2, "the quick start is exactly two commands"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()


# Regeneration.

def update() -> list[Path]:
    """Regenerate docs/commands.md, then every example's output on every page.
    Returns the pages that changed."""
    cache = tempfile.mkdtemp()
    # The generated page keeps the outputs it already shows; they are run again below.
    old = dict(examples(COMMANDS_PAGE.read_text("utf-8"))) if COMMANDS_PAGE.exists() else {}
    COMMANDS_PAGE.write_text(commands_page(old), encoding="utf-8")
    texts = {page: page.read_text("utf-8") for page in pages()}
    wanted = sorted({c for text in texts.values() for c, _ in examples(text)})
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        outputs = dict(zip(wanted, pool.map(lambda c: run_example(c, cache), wanted)))

    def redo(block: re.Match[str]) -> str:
        shown = [(c, outputs[c] if is_checked(c) else o) for c, o in commands_in(block.group(1))]
        head = re.split(r"^\$ ", block.group(1), flags=re.MULTILINE)[0]
        return "```console\n" + head + "".join(f"$ {c}\n{o}" for c, o in shown) + "```"

    changed = []
    for page, text in texts.items():
        new = BLOCK.sub(redo, text)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed.append(page)
    return changed


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        sys.path.insert(0, str(REPO))
        for name in update():
            print(f"rewrote {name.relative_to(REPO)}")
    else:
        raise SystemExit(__doc__)
