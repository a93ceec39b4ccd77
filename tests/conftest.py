"""Fixtures: the CLI as a user runs it, in a pipe, with no colour; and for every test, a
pinned today and an empty data home, so that no answer depends on the real date or on
what the machine has downloaded."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import Result
from typer.testing import CliRunner

from ai_tracker.cli.app import app

# The day every test counts from ("today is today": the tool reads $AI_TRACKER_TODAY first).
TODAY = "2026-12-08"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Today is pinned, and the user's data folder is empty in every test: a developer's own
    `ai-tracker update` never leaks into what a test reads (the default collection is the
    bundled record plus the update)."""
    monkeypatch.setenv("AI_TRACKER_TODAY", TODAY)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data-home")))


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Run the CLI as a user would, in a pipe (not a terminal), with no colour."""
    monkeypatch.delenv("AI_TRACKER_DATA", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "xterm-256color")  # TERM=dumb (Emacs, some CI) would make Rich ignore COLUMNS
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    runner = CliRunner()

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        raw = runner.invoke(app, list(args), input=input, env=env, catch_exceptions=True)
        if raw.exception is not None and not isinstance(raw.exception, SystemExit):
            raise raw.exception
        return Result(raw)

    return run
