"""Terminal control characters never reach the terminal: refused in files, escaped when typed."""

from __future__ import annotations

import pytest
from support import write_release

from ai_tracker.output.render import cell
from ai_tracker.text import clean

ESC = "\x1b[31mred\x1b[0m"


def test_a_file_holding_one_is_refused_with_its_line(cli, tmp_path):
    data = tmp_path / "d"
    write_release(data, "good", name="Good")
    write_release(data, "evil", name=f"Evil {ESC}")  # safe_dump writes it as a "\e" escape
    result = cli("list", "--data-dir", str(data), "--format", "csv")
    assert result.stdout.splitlines()[1].split(",")[2] == "Good"
    assert "evil.yaml:1:7: name: control character U+001B is not allowed" in result.stderr
    assert "\x1b" not in result.stdout + result.stderr


@pytest.mark.parametrize("command", [["show"], ["compare", "good"]])
def test_a_typed_name_is_echoed_escaped(cli, tmp_path, command):
    write_release(tmp_path / "d", "good", name="Good")
    result = cli(*command, f"x{ESC}\x07", "--data-dir", str(tmp_path / "d"))
    assert result.exit_code == 2
    assert "x\\x1b[31mred\\x1b[0m\\x07" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


def test_clean_escapes_c0_c1_and_bidi_overrides():
    assert clean("a\x1b[2Jb\x9bc\u202ed") == "a\\x1b[2Jb\\x9bc\\u202ed"
    assert clean("line\nnext\ttab") == "line next tab"
    assert clean("line\nnext", inline=False) == "line\nnext"
    assert cell(["a\x07", None]) == "a\\x07, "
