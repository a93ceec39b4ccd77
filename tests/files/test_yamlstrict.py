"""The strict YAML reader, on both parsers: libyaml (C) and pure Python must agree."""

from __future__ import annotations

import pytest

from ai_tracker.files import yaml_reader as yamlstrict
from ai_tracker.files.yaml_reader import YamlProblem, parse

PARSERS = [pytest.param(True, id="libyaml"), pytest.param(False, id="python")]
if not yamlstrict.has_libyaml():  # pragma: no cover - PyYAML wheels normally carry libyaml
    PARSERS = [PARSERS[1]]


BAD = [
    (b"name: a\nrelased: x\nname: b\n", 3, 1, "duplicate key 'name' (first at line 1)"),
    (b"x: !!python/object/apply:os.system ['echo hi']\n", 1, 4, "tags like"),
    (b"x: !custom 1\n", 1, 4, "tags like"),
    (b"a: &x 1\nb: *x\n", 1, 4, "anchors (&x) are not allowed"),
    (b"a: 1\n---\nb: 2\n", 2, 1, "more than one YAML document"),
    (b"- a\n- b\n", 1, 1, "holds a list"),
    (b"just text\n", 1, 1, "holds a single value"),
    (b"a: \xff\xfe\n", 1, 4, "not UTF-8"),
    (b"a: b\x1bc\n", 1, 5, "control character U+001B"),
    (b"a: evil\xe2\x80\xaetxt\n", 1, 8, "character U+202E (right-to-left override)"),
    (b'a: ok\nb: "bell\\a and \\x1b[31m"\n', 2, 4, "control character U+0007"),
    (b"a:\n\tb: 1\n", 2, 1, "a tab cannot indent YAML"),
    (b"a: [1, 2\nb: 3\n", 2, 2, "YAML syntax"),
    (b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n", 1, None, "nested more than 32 levels"),
    (b"a:\n  " + b"- " * 3000 + b"x\n", 2, 65, "nested more than 32 levels"),
    (b"? [a, b]\n: c\n", 1, 3, "keys must be plain words"),
]


def problem(raw: bytes, use_libyaml: bool) -> YamlProblem:
    with pytest.raises(YamlProblem) as info:
        parse(raw, use_libyaml=use_libyaml)
    return info.value


@pytest.mark.parametrize("use_libyaml", PARSERS)
def test_plain_scalars_keep_their_text(use_libyaml):
    doc = parse(b"country: NO\nversion: 2.10\ntime: 1:20\nflag: yes\nempty:\ntilde: ~\nq: 'null'\n",
                use_libyaml=use_libyaml)
    assert doc.data == {"country": "NO", "version": "2.10", "time": "1:20", "flag": "yes",
                        "empty": None, "tilde": None, "q": "null"}


@pytest.mark.parametrize("use_libyaml", PARSERS)
def test_positions_of_values_and_keys(use_libyaml):
    doc = parse(b"name: X\nlist:\n  - a\n  - b: 1\n", use_libyaml=use_libyaml)
    assert doc.values[("name",)] == (1, 7)
    assert doc.values[("list", 1, "b")] == (4, 8)
    assert doc.keys[("list", 1, "b")] == (4, 5)


@pytest.mark.parametrize("use_libyaml", PARSERS)
@pytest.mark.parametrize("raw, line, column, words", BAD)
def test_bad_input_is_located(use_libyaml, raw, line, column, words):
    exc = problem(raw, use_libyaml)
    assert words in exc.message
    assert exc.line == line
    if column is not None:  # libyaml may stop a deep file further on, while scanning ahead
        assert exc.column == column


@pytest.mark.parametrize("use_libyaml", PARSERS)
def test_alias_bomb_is_refused_at_once(use_libyaml):
    lines = [b"a: &a [x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 30):
        prev, cur = chr(ord("a") + n - 1).encode(), chr(ord("a") + n).encode()
        lines.append(cur + b": &" + cur + b" [" + b", ".join([b"*" + prev] * 9) + b"]")
    exc = problem(b"\n".join(lines) + b"\n", use_libyaml)
    assert "anchors (&a)" in exc.message


@pytest.mark.parametrize("use_libyaml", PARSERS)
def test_empty_and_comment_only_files(use_libyaml):
    for raw in (b"", b"# only a comment\n", b"\n\n"):
        assert "file is empty" in problem(raw, use_libyaml).message


def test_utf8_bom_is_fine():
    assert parse(b"\xef\xbb\xbfname: X\n").data == {"name": "X"}


def test_huge_file_is_refused_before_parsing():
    exc = problem(b"a: " + b"x" * (yamlstrict.MAX_BYTES + 1), True)
    assert "may be at most" in exc.message


def test_both_parsers_agree_on_a_real_file():
    from support import REPO

    raw = (REPO / "releases" / "glm-5.yaml").read_bytes()
    fast, slow = parse(raw, use_libyaml=True), parse(raw, use_libyaml=False)
    assert fast.data == slow.data
    assert fast.values == slow.values
    assert fast.keys == slow.keys


@pytest.mark.parametrize("use_libyaml", [True, False])
@pytest.mark.parametrize("tag", ["plain", "quoted", "seq", "map"])
def test_an_explicit_tag_that_spells_the_readers_own_is_refused(use_libyaml, tag):
    value = {"plain": "x", "quoted": "'x'", "seq": "[x]", "map": "{a: x}"}[tag]
    raw = f"name: !<tag:ai-tracker,2026:{tag}> {value}\n".encode()
    exc = problem(raw, use_libyaml)
    assert "tags like" in exc.message and (exc.line, exc.column) == (1, 7)


def _nested(depth: int, leaf: bytes) -> bytes:
    """A block mapping `depth` levels deep (no brackets, so libyaml composes it without a scan)."""
    return b"".join(b"  " * i + b"k:\n" for i in range(depth - 1)) + b"  " * (depth - 1) + b"k: " + leaf + b"\n"


def _outcome(raw: bytes, use_libyaml: bool, positions: bool, duplicates: bool) -> object:
    try:
        doc = parse(raw, use_libyaml=use_libyaml, positions=positions, duplicates=duplicates)
    except YamlProblem as exc:
        return ("problem", exc.message, exc.line, exc.column, exc.path)
    return ("data", doc.data, [(d.message, d.line, d.column, d.path) for d in doc.duplicates or []])


@pytest.mark.parametrize("use_libyaml", PARSERS)
@pytest.mark.parametrize("duplicates", [False, True])
# (The cases refused while composing, before any walk, are left out where slow to compose.)
@pytest.mark.parametrize("raw", [case[0] for case in BAD if len(case[0]) < 1000] + [
    b"a: ~\nb: null\nc: ''\nd: \"null\"\ne:\nf: NULL\n~: x\n'': y\n",  # nulls, and the same words quoted
    b"a: [~, null, '', 'null', x]\nb:\n  -\n  - ~\n  - Null\n",  # the same in lists
    b"a: |\n  text\nb: >\n  folded\n",  # block scalars are quoted scalars
    b'"q\\ak": 1\n', b"'k': 1\n", b'a: "\\u00e9 \\t fine"\n',  # escapes in keys and values
    b"a: ! x\n", b"a: ! [x]\n", b"a: !\n", b"a: !!str x\n",  # the non-specific tag is refused as others are
    b"a: {}\nb: []\nc: [{}, [], x]\n",
    _nested(32, b"x"), _nested(33, b"x"), _nested(32, b"{}"), _nested(32, b"[]"), _nested(32, b"[x]"),
    b"a: 1\nb: 2\na: 3\nb: 4\n", b"a:\n  b: 1\n  b: 2\n",  # repeated keys, at the top and below
    b"? a\n: 1\n", b"? - x\n: 1\n", b"[a]: 1\n",  # complex keys
])
def test_the_quick_walk_agrees_with_the_tracked_one(raw, use_libyaml, duplicates):
    """Valid files are walked without positions (and walked again with them at anything
    doubtful): the data, the problem and its position must not depend on which walk ran."""
    quick = _outcome(raw, use_libyaml, positions=False, duplicates=duplicates)
    assert quick == _outcome(raw, use_libyaml, positions=True, duplicates=duplicates)


# --- issue 22, item 9: which parser reads a file never changes the answer -------------------------

@pytest.mark.parametrize("use_libyaml", PARSERS)
@pytest.mark.parametrize("comment", ["", "# a\tcomment with a tab\n", "name2: x  # tab\there\n"])
def test_a_question_mark_in_a_flow_list_is_text_whatever_the_comments(use_libyaml, comment):
    """`aliases: [What?]` is valid (libyaml and YAML read `What?` as one scalar); a tab in a
    comment, which sends the file to the pure-Python parser, changes nothing."""
    raw = f"name: X\naliases: [What?, a?b, ?x]\n{comment}".encode()
    doc = parse(raw, use_libyaml=use_libyaml)
    assert doc.data["aliases"] == ["What?", "a?b", {"x": None}]
    assert doc.values[("aliases", 0)] == (2, 11)


@pytest.mark.parametrize("raw", [
    b"a: {b: }\n", b"a: [b: ]\n", b"a: {b: , c: 1}\n",  # an empty value in a flow collection
    b"name: x\n?", b"a: b\nc:",  # an empty value at the end of a file without a final newline
])
def test_empty_values_stand_where_libyaml_places_them(raw):
    fast, slow = parse(raw, use_libyaml=True), parse(raw, use_libyaml=False)
    assert (fast.data, fast.values, fast.keys) == (slow.data, slow.values, slow.keys)


@pytest.mark.parametrize("use_libyaml", PARSERS)
@pytest.mark.parametrize("header", [">#", "|#", ">-#", "|+2#"])
def test_a_comment_glued_to_a_block_header_is_refused_by_both(use_libyaml, header):
    """YAML wants a space before a comment; libyaml accepts `>#` anyway, PyYAML does not:
    both refuse it, saying what to change."""
    exc = problem(f"name: x\nsummary: {header} note\n  text\n".encode(), use_libyaml)
    assert exc.line == 2 and "put a space between the | or > and the comment" in exc.message


# --- red team of issue 22, F1: a tag, even `!`, gets one answer from both parsers --------------

@pytest.mark.parametrize("comment", ["", "#\ttab\n"])
@pytest.mark.parametrize("raw", [
    b"open_weights: !\n", b"license: !\n", b"license: ! x\n", b"license: ! 'null'\n",
    b"license: !<!> x\n", b"license: ! [x]\n", b"license: ! {a: b}\n",  # the non-specific tag, in every form
    b"license: !:!\n", b"license: !foo x\n",  # libyaml takes tags PyYAML's scanner refuses
    b"license: [? ,, ]\n", b"license: [?,, ]\n",  # libyaml skips a comma after an empty flow key
])
def test_a_tag_or_an_odd_flow_key_gets_the_same_answer_from_both_parsers(raw, comment):
    """The same file is refused alike, at the same place and in the same words, whichever
    parser runs and whatever a comment holds (a tab sends a file to the pure-Python one)."""
    raw = b"name: X\n" + raw + comment.encode()
    outcomes = {_outcome(raw, use_libyaml, positions, False)
                for use_libyaml in (True, False) for positions in (True, False)}
    assert len(outcomes) == 1, outcomes
    kind, message, line, column, _ = outcomes.pop()
    assert kind == "problem" and line == 2 and column is not None
    if b"!" in raw and b"!:!" not in raw:
        assert message.startswith("tags like '!")
