"""Terminal control characters never reach the terminal: refused in files, escaped when typed."""

from __future__ import annotations

import pytest
from support import plant_record, write_release

from ai_tracker.output.render import cell
from ai_tracker.text import clean, file_name

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


# --- every text position of a file, every character class, both parsers ---------------------

import json  # noqa: E402

import yaml  # noqa: E402

from ai_tracker.files import yaml_reader  # noqa: E402
from ai_tracker.files.loader import read_release  # noqa: E402
from ai_tracker.text import IN_FILE  # noqa: E402

# One of each kind a terminal or a reader would be fooled by.
HOSTILE = ["\x1b", "\x07", "\x7f", "\x85", "\x9b", "\u202e", "\u2066", "\u200b", "\u200f", "\ufeff", "\ufffe", "\uffff",
           "\u2028", "\u2029", "\u2060", "\U000e0041"]

RICH = {
    "name": "Rich",
    "aliases": ["rich-one", "R1"],
    "organization": [{"name": "Lab", "country": "US"}],
    "released": {"date": "2026-02-12", "source": "s1", "note": "a note"},
    "categories": ["language"],
    "summary": "text",
    "specs": {"context window": {"value": 1, "unit": "tokens", "source": "s1"}},
    "sources": [{"id": "s1", "title": "A source"}],
}


def positions(value, path=()):
    """(path, 'key' or 'value') of every key and every scalar in the data."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key), "key"
            yield from positions(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from positions(item, (*path, i))
    else:
        yield path, "value"


def poisoned(data, path, where, char):
    """A copy of data with char put into the key or the value at path."""
    if not path:
        return data + char if isinstance(data, str) else f"{data}{char}"
    head, rest = path[0], path[1:]
    if isinstance(data, list):
        return [poisoned(v, rest, where, char) if i == head else v for i, v in enumerate(data)]
    out = {}
    for key, item in data.items():
        if key == head:
            new_key = key + char if where == "key" and not rest else key
            out[new_key] = poisoned(item, rest, where, char) if (rest or where == "value") else item
        else:
            out[key] = item
    return out


@pytest.mark.parametrize("char", HOSTILE, ids=lambda c: f"U+{ord(c):04X}")
def test_every_key_and_value_refuses_every_hostile_character(tmp_path, char):
    """Raw in the file (allow_unicode) and spelled as a double-quoted escape (ASCII only):
    refused wherever it stands, with its line, by both parsers alike."""
    spots = list(positions(RICH))
    assert len(spots) > 25
    for n, (path, where) in enumerate(spots):
        for ascii_only in (False, True):
            data = poisoned(RICH, path, where, char)
            text = yaml.safe_dump(data, allow_unicode=not ascii_only, sort_keys=False)
            file = tmp_path / f"r{n}-{int(ascii_only)}.yaml"
            file.write_bytes(text.encode("utf-8", "surrogatepass"))
            results = [read_release(file, file.name, use_libyaml=lib) for lib in (True, False)]
            assert results[0] == results[1], (path, where)
            release, problems = results[0]
            assert release is None, f"{path} {where}: accepted {char!r}"
            [problem] = [p for p in problems if f"U+{ord(char):04X}" in p.message]
            assert problem.line is not None
            line = text.split("\n")[problem.line - 1]  # not splitlines: it breaks at NEL and U+2028 too
            shown = char.encode("unicode_escape").decode()[2:].lower()
            assert char in line or shown in line.lower() or "\\" in line, (path, where, line)


def test_the_reader_refuses_them_in_keys_written_as_escapes():
    raw = 'name: X\nspecs:\n  "\\x9b2J\\e]8;;http://e/\\a\\u202eevil":\n    value: 1\n    source: s\n'
    for lib in (True, False):
        with pytest.raises(yaml_reader.YamlProblem) as caught:
            yaml_reader.parse(raw.encode(), use_libyaml=lib)
        assert caught.value.line == 3 and "U+009B" in caught.value.message


@pytest.mark.parametrize("fmt", ["json", "yaml"])
@pytest.mark.parametrize("command", [["list"], ["show", "evil"], ["compare", "evil", "good"]])
def test_json_and_yaml_output_escape_them_whatever_their_origin(cli, tmp_path, fmt, command):
    """Records that hold them in a name, an alias and a spec's key, planted in the cache
    (an origin the reader never checked): the output holds them escaped, as the same value."""

    folder = tmp_path / "d"
    write_release(folder, "good", name="Good")
    write_release(folder, "evil", name="Evil", specs={"ctx": {"value": 1, "source": "s1"}})
    assert cli("list", "--data-dir", str(folder)).exit_code == 0
    [cache_file] = (tmp_path / "cache" / "ai-tracker").glob("*.marshal")
    bad = "".join(HOSTILE)
    plant_record(cache_file, "evil.yaml", lambda record: record.update(
        name="Evil" + bad, aliases=["a" + bad], specs={"k" + bad: record["specs"]["ctx"]}))
    result = cli(*command, "--data-dir", str(folder), "--format", fmt)
    out = result.stdout
    assert result.exit_code == 0 and out.strip(), result
    assert not IN_FILE.search(out), repr(IN_FILE.search(out))
    parsed = json.loads(out) if fmt == "json" else yaml.safe_load(out)
    assert "Evil" + bad in strings(parsed)  # escaped, not lost


def strings(value):
    """Every string in parsed JSON or YAML, keys included."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [value] if isinstance(value, str) else []


@pytest.mark.parametrize("fmt", ["json", "yaml", "csv", "plain"])
def test_file_names_in_problems_are_escaped(cli, tmp_path, fmt):
    """A folder named with every hostile character, and one that is not UTF-8 at all:
    validate names both, escaped, and its JSON and YAML stay valid and the same text."""
    import os

    root = tmp_path / "d"
    folder = root / ("sub" + "".join(HOSTILE))
    write_release(folder, "good", name="Good")
    (folder / "broken.yaml").write_text("name: [\n", encoding="utf-8")
    raw_name = os.path.join(os.fsencode(root), b"bad\xff\xfename")
    os.makedirs(raw_name)
    with open(os.path.join(raw_name, b"broken.yaml"), "wb") as handle:
        handle.write(b"name: [\n")
    result = cli("validate", "--data-dir", str(root), "--format", fmt)
    out = result.stdout
    assert result.exit_code == 1, result
    assert not IN_FILE.search(out + result.stderr), repr(IN_FILE.search(out + result.stderr))
    out.encode("utf-8")  # strict: no lone surrogate from the undecodable name
    if fmt in ("json", "yaml"):
        parsed = json.loads(out) if fmt == "json" else yaml.safe_load(out)
        files = sorted(p["file"] for p in parsed)
        assert files[0].endswith("bad\\xff\\xfename/broken.yaml")
        assert files[1].endswith(file_name(folder.name) + "/broken.yaml")  # as the plain line shows it
        assert all(f.isprintable() for f in files)
    else:
        assert "bad\\xff\\xfename" in out


def test_yaml_and_json_writers_escape_keys_and_values():
    from ai_tracker.files import yaml_writer
    from ai_tracker.output.render import to_json

    data = {f"k{c}": [f"v{c}", {"deep": f"x{c}y"}] for c in HOSTILE}
    for text in (yaml_writer.dump(data), to_json(data), to_json([data])):
        assert not IN_FILE.search(text), repr(IN_FILE.search(text))
    assert yaml.safe_load(yaml_writer.dump(data)) == data
    assert json.loads(to_json(data)) == data


@pytest.mark.parametrize("ascii_text", [True, False], ids=["ascii", "with-non-ascii"])
def test_every_ascii_control_is_refused_at_its_place_and_nothing_else(ascii_text):
    """The reader has a shortcut for ASCII files: it must refuse the same characters, at
    the same place, as the search it skips."""
    from ai_tracker.files.yaml_reader import YamlProblem, decode
    from ai_tracker.text import IN_FILE

    lead = "a: b\n" if ascii_text else "a: é\n"
    for code in range(128):
        char = chr(code)
        raw = f"{lead}x: y{char}z\n".encode()
        if IN_FILE.match(char):
            with pytest.raises(YamlProblem) as info:
                decode(raw)
            assert (info.value.line, info.value.column) == (2, 5), repr(char)
            assert f"U+{code:04X}" in info.value.message
        else:
            assert decode(raw) == raw.decode(), repr(char)


def test_text_that_is_printable_holds_no_character_clean_escapes():
    """`text.clean` returns printable text as it is, unsearched: that is right only if no
    character either of its patterns escapes is printable. Every code point, checked."""
    from ai_tracker import text

    escaped = [chr(c) for c in range(0x110000) if text.IN_LINE.match(chr(c)) or text.IN_BLOCK.match(chr(c))]
    assert len(escaped) > 200
    assert [c for c in escaped if c.isprintable()] == []
    assert text.clean("a\u202eb\tc") == "a\\u202eb c" and text.clean("plain text") == "plain text"


def test_every_refused_character_of_a_file_is_reported_at_its_place(tmp_path):
    """Not only the first: a file with three (in a value, a quoted string and a list) gets
    three problems, each at its line and column, with both parsers; a binary file gets
    at most MAX_REFUSED, not thousands."""
    folder = tmp_path / "d"
    folder.mkdir()
    path = folder / "bad.yaml"
    path.write_bytes('name: Bad\x01 one\nsummary: "x\u202e y"\naliases: [a\x02]\n'.encode())
    for libyaml in (True, False):
        _, problems = read_release(path, "bad.yaml", use_libyaml=libyaml)
        assert [(p.line, p.column, p.message.split(" is ")[0]) for p in problems][:3] == [
            (1, 10, "control character U+0001"), (2, 12, "character U+202E (right-to-left override)"),
            (3, 12, "control character U+0002")]
        # and the file's other problems, read on past those characters (red team F4)
        assert {p.field for p in problems[3:]} == {"organization", "released", "categories"}
    path.write_bytes(b"name: x\n" + b"\x00" * 5000)
    _, problems = read_release(path, "bad.yaml")
    assert len([p for p in problems if "U+0000" in p.message]) == yaml_reader.MAX_REFUSED
    assert len(problems) <= yaml_reader.MAX_REFUSED + 1  # and at most the one YAML problem they make


# --- red team of issue 22, F4: every refused escape is listed, and the file's other problems --

@pytest.mark.parametrize("use_libyaml", [True, False])
def test_every_refused_escape_and_every_other_problem_of_a_file_is_listed(tmp_path, use_libyaml):
    """Characters a file may not hold, spelled as YAML escapes in three fields, and an unknown
    field: validate lists all four, each with its field and place, not the first alone."""
    path = tmp_path / "a.yaml"
    path.write_text('name: "Nova \\uFFFE"\nsummary: "S \\x01 x"\norganization:\n- name: Lab\n  country: US\n'
                    "released:\n  date: 2026-02-12\n  source: s1\ncategories: [language]\nlicence: x\n"
                    'sources:\n- id: s1\n  title: "T \\uFFFF"\n"k\\x02": 1\n', encoding="utf-8")
    release, problems = read_release(path, "a.yaml", use_libyaml=use_libyaml)
    assert release is None
    found = sorted((p.line, p.column, p.field or "", p.message.split(" is ")[0]) for p in problems)
    assert found == [(1, 7, "name", "U+FFFE"), (2, 10, "summary", "control character U+0001"),
                     (10, 1, "licence", "unknown field 'licence'; did you mean 'license'?"),
                     (13, 10, "sources[0].title", "U+FFFF"), (14, 1, "", "control character U+0002")]


def test_a_refused_escape_in_a_name_is_said_once(tmp_path):
    """The reader refuses the word joiner, and the schema's check of names would too: one line."""
    path = write_release(tmp_path, "a")
    path.write_text(path.read_text(encoding="utf-8") + 'aliases: ["Nova\\u2060 5"]\n', encoding="utf-8")
    _, problems = read_release(path, "a.yaml")
    assert [(p.field, "U+2060" in p.message) for p in problems] == [("aliases[0]", True)]


@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"],
                         ids=lambda c: f"U+{ord(c):04X}")
def test_a_noncharacter_is_refused_for_a_true_reason(tmp_path, char):
    """Red team F5: XML 1.0 cannot hold U+FFFE and U+FFFF, but it holds the other noncharacters;
    the refusal says XML only where XML could not hold it (checked with a real XML parser)."""
    import xml.etree.ElementTree as ET

    path = write_release(tmp_path, "a", summary=f"x {char} y")
    _, [problem] = read_release(path, "a.yaml")
    try:
        ET.fromstring(f"<a>{char}</a>".encode())
        xml_holds = True
    except ET.ParseError:
        xml_holds = False
    assert f"U+{ord(char):04X} is a noncharacter" in problem.message
    assert ("XML cannot hold it" in problem.message) is not xml_holds


@pytest.mark.parametrize("use_libyaml", [True, False])
def test_raw_refused_characters_and_the_files_other_problems_are_listed(tmp_path, use_libyaml):
    """The same file written with the characters themselves: the same four problems, each
    at its place (the reader reads on past a refused character)."""
    path = tmp_path / "a.yaml"
    path.write_text('name: "Nova \ufffe"\nsummary: "S \x01 x"\norganization:\n- name: Lab\n  country: US\n'
                    "released:\n  date: 2026-02-12\n  source: s1\ncategories: [language]\nlicence: x\n"
                    'sources:\n- id: s1\n  title: "T \uffff"\n', encoding="utf-8")
    release, problems = read_release(path, "a.yaml", use_libyaml=use_libyaml)
    assert release is None
    assert sorted((p.line, p.column, p.message.split(" is ")[0]) for p in problems) == [
        (1, 13, "U+FFFE"), (2, 13, "control character U+0001"),
        (10, 1, "unknown field 'licence'; did you mean 'license'?"), (13, 13, "U+FFFF")]
