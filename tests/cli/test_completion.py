"""Shell completion of the options that take known words, and of release names in
any script, as the shell sees it (the entry point with zsh's protocol)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from ai_tracker.cli.common import complete_category, complete_country, complete_region, complete_release


def complete(line: str, **env: str) -> list[str]:
    """What the installed ai-tracker offers zsh for the last word of `line`."""
    done = subprocess.run(
        [sys.executable, "-c", "from ai_tracker.cli import main; main()"], capture_output=True, text=True,
        env={**os.environ, "_AI_TRACKER_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": f"ai-tracker {line}",
             **env}, check=False)
    if done.stdout.strip() == "_files":
        return []
    # zsh's form: _arguments '*: :(("word":"help"\n"word"))', one word a line.
    return [re.match(r'[^"]*"((?:[^"]|"")*)"', line).group(1)  # type: ignore[union-attr]
            for line in done.stdout.split("\n") if '"' in line]


def test_chinese_aliases_and_option_words_complete_as_the_shell_sees_them(tmp_path):
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert "智谱GLM-5" in complete("show 智谱", **env)
    assert all(word.startswith("智谱") for word in complete("show 智谱", **env))
    assert complete("list --country Chi", **env) == ["Chile", "China"]
    assert complete("counts --by reg", **env) == ["region"]


def test_country_completes_codes_in_the_case_typed_and_names():
    assert ("US", "United States") in complete_country(None, "U")
    assert ("us", "United States") in complete_country(None, "u")
    assert ("china", "CN") in complete_country(None, "chi")
    assert all(word.casefold().startswith("chi") for word, _ in complete_country(None, "chi"))


@pytest.mark.parametrize("function, typed, expected", [
    (complete_region, "eu", ["europe"]),
    (complete_region, "R", ["Rest of world"]),
])
def test_regions_complete(function, typed, expected):
    assert function(None, typed) == expected


def test_categories_complete_with_their_meaning():
    assert [word for word, _ in complete_category(None, "vid")] == ["video-generation"]
    assert complete_category(None, "zzz") == []


def test_release_names_complete_from_any_of_id_name_and_alias():
    offered = dict(complete_release(None, "可灵"))
    assert "可灵 3.0" in offered or "可灵3.0" in offered
    assert all(help_text.endswith(")") for help_text in offered.values())  # the name and the id it means
    assert dict(complete_release(None, "kling-3"))["kling-3-0"] == "Kling 3.0"
