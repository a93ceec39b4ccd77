"""Shared test helpers: a CLI runner and a writer of small release files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from ai_tracker.cli.app import app

REPO = Path(__file__).resolve().parent.parent


def minimal(name: str = "Test Model", **fields: Any) -> dict[str, Any]:
    """The smallest valid release, with any field overridden."""
    data: dict[str, Any] = {
        "name": name,
        "organization": [{"name": "Test Lab", "country": "US"}],
        "released": {"date": "2026-02-12", "source": "s1"},
        "categories": ["language"],
        "sources": [{"id": "s1", "title": "A test source"}],
    }
    data.update(fields)
    return data


def write_release(folder: Path, release_id: str, data: dict[str, Any] | None = None, **fields: Any) -> Path:
    """Write `folder/<release_id>.yaml` from data (default: `minimal(**fields)`)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{release_id}.yaml"
    content = data if data is not None else minimal(**fields)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_text(folder: Path, release_id: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{release_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


class Result:
    def __init__(self, raw: Any) -> None:
        self.exit_code: int = raw.exit_code
        self.stdout: str = raw.stdout
        self.stderr: str = raw.stderr
        self.exception = raw.exception

    def __repr__(self) -> str:
        return f"<exit {self.exit_code}\nstdout:\n{self.stdout}\nstderr:\n{self.stderr}>"


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
