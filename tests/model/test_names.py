"""Names and aliases hold nothing invisible, and two that fold to one text are an error:
"Nova 5" is written one way only (issue 22, item 10)."""

from __future__ import annotations

import pytest
import yaml
from support import minimal, write_release

from ai_tracker.files.loader import read_release
from ai_tracker.text import DEFAULT_IGNORABLE, fold, name_problem

# One of each kind of default-ignorable code point a file could still hold (the bidi
# controls, zero-width space and tag characters are refused in every field already).
INVISIBLE = ["\u00ad", "\u034f", "\u115f", "\u1160", "\u3164", "\uffa0", "\u17b4", "\u180b", "\ufe00",
             "\ufe0f", "\U000e0100", "\U0001d173", "\u200c", "\u200d"]

# Each place a name or an alias is written, as (path to it, the file's data with `X` there).
PLACES = {
    "name": lambda x: minimal(name=f"Nova{x} 5"),
    "aliases[0]": lambda x: minimal(aliases=[f"Nova{x} 5"]),
    "organization[0].name": lambda x: minimal(organization=[{"name": f"Lab{x} One", "country": "US"}]),
    "organization[0].aliases[0]": lambda x: minimal(organization=[{"name": "Lab", "country": "US",
                                                                     "aliases": [f"Lab{x} One"]}]),
    "variants[0].name": lambda x: minimal(variants=[{"name": f"Nova{x} 5 mini", "source": "s1"}]),
}


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_an_invisible_character_in_a_name_or_alias_is_refused_where_it_stands(tmp_path, place, char):
    data = PLACES[place](char)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path = tmp_path / "nova-5.yaml"
    path.write_text(text, encoding="utf-8")
    results = [read_release(path, path.name, use_libyaml=lib) for lib in (True, False)]
    assert results[0] == results[1]
    release, problems = results[0]
    assert release is None
    [problem] = problems
    assert problem.field == place and problem.line is not None
    assert f"character U+{ord(char):04X}" in problem.message and "delete it" in problem.message
    assert f"Nova{char} 5" in text.split("\n")[problem.line - 1] or f"Lab{char} One" in text


@pytest.mark.parametrize("name", [
    "مدل\u200cها",  # Persian: a ZWNJ between two Arabic-script letters
    "क्\u200dष",  # Devanagari: a ZWJ after the virama
    "Robo \U0001f469\u200d\U0001f4bb",  # an emoji ZWJ sequence
    "Heart \u2764\ufe0f",  # an emoji presentation selector after a symbol
])
def test_zwnj_zwj_and_the_emoji_selector_stay_where_a_script_or_an_emoji_needs_them(tmp_path, name):
    path = write_release(tmp_path, "ok", name=name, aliases=[name + " 2"])
    release, problems = read_release(path, path.name)
    assert problems == [] and release is not None and release.name == name


def test_every_default_ignorable_code_point_is_refused_in_a_latin_name_and_folded_away():
    for code in range(0x110000):
        char = chr(code)
        if DEFAULT_IGNORABLE.match(char) and not 0xD800 <= code <= 0xDFFF:
            assert name_problem(f"Nova{char}5"), f"U+{code:04X}"
            assert fold(f"Nova{char} 5") == "nova 5", f"U+{code:04X}"
    assert name_problem("Nova 5") is None and name_problem("可灵 3.0") is None


def test_three_lookalike_names_are_errors_naming_both_files(cli, tmp_path):
    """The issue's example: three releases that all show as "Nova 5". Each invisible one
    is refused in its file; an alias that folds to another's name (full width) is an error
    of validate --strict naming both files, located at the alias."""
    data = tmp_path / "d"
    write_release(data, "nova-5", name="Nova 5")
    write_release(data, "nova-5-b", name="Nova\u00ad 5")
    write_release(data, "nova-5-c", name="Nova\u3164 5")
    write_release(data, "nova-x", name="Nova X", aliases=["ＮＯＶＡ 5"])
    write_release(data, "other", name="Other", aliases=["nova x"])
    result = cli("validate", "--strict", "--data-dir", str(data))
    assert result.exit_code == 1, result
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"{data / 'nova-5-b.yaml'}:1:7: name: character U+00AD (soft hyphen)")
               for line in lines), result
    assert any(line.startswith(f"{data / 'nova-5-c.yaml'}:1:7: name: character U+3164 (hangul filler)")
               for line in lines), result
    [alias] = [line for line in lines if "nova-x.yaml" in line.split(": ")[0]]
    assert alias.startswith(f"{data / 'nova-x.yaml'}:14:3: aliases[0]: the alias 'ＮＯＶＡ 5' is the name "
                            f"'Nova 5' of {data / 'nova-5.yaml'} (nova-5)")
    [other] = [line for line in lines if "other.yaml" in line.split(": ")[0]]
    assert f"the alias 'nova x' is the name 'Nova X' of {data / 'nova-x.yaml'}" in other
    assert "5 release files" in result.stderr and "1 valid, 4 with errors" in result.stderr


def test_one_alias_on_two_releases_is_an_error_not_a_shared_name(cli, tmp_path):
    data = tmp_path / "d"
    write_release(data, "a-one", name="A One", aliases=["Nova"])
    write_release(data, "b-two", name="B Two", aliases=["NOVA"])
    result = cli("validate", "--data-dir", str(data))
    assert result.exit_code == 1, result
    assert (f"{data / 'b-two.yaml'}:14:3: aliases[0]: the alias 'NOVA' is the alias 'Nova' of "
            f"{data / 'a-one.yaml'} (a-one)") in result.stdout


def test_a_cached_record_with_an_invisible_name_is_still_shown(cli, tmp_path):
    """A record from the cache was checked when read: built into a model again (show),
    it is not refused, whatever it holds (a planted cache), and its text is escaped."""
    from support import plant_record

    folder = tmp_path / "d"
    write_release(folder, "nova", name="Nova")
    assert cli("list", "--data-dir", str(folder)).exit_code == 0
    [cache_file] = (tmp_path / "cache" / "ai-tracker").glob("*.marshal")
    plant_record(cache_file, "nova.yaml", lambda record: record.update(name="No\u00adva"))
    result = cli("show", "nova", "--data-dir", str(folder), "--format", "json")
    assert result.exit_code == 0, result
    assert "No\\u00adva" in result.stdout or "No\u00adva" in result.stdout
