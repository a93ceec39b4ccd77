"""Property-based: valid release files, mutated at random (with a fixed seed and a budget
of seconds), never make the reader raise or hang, and both YAML parsers give the same
answer: the same release, or the same problems at the same positions."""

from __future__ import annotations

import signal
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import REPO

from ai_tracker.files import yaml_reader
from ai_tracker.files.loader import read_release

pytestmark = pytest.mark.skipif(not yaml_reader.has_libyaml(), reason="needs both parsers")

SEEDS = [(REPO / "releases" / f"{name}.yaml").read_bytes() for name in ("gpt-5", "glm-5", "kling-2-6")]

# What YAML and our checks care about, and what breaks parsers: structure, quotes, escapes,
# tabs, controls, non-ASCII, invalid UTF-8 and surrogate escapes.
PIECES = [":", ": ", "- ", "-", "[", "]", "{", "}", ",", "'", '"', "\\", "\t", "\n", " ", "  ", "#", "&a ", "*a",
          "!", "!!str ", "!<tag:ai-tracker,2026:plain> ", "|", ">", "? ", "%", "@", "`", "---\n", "...\n",
          "\\x1b", "\\ud800", "\\u202e", "\\N", "\\e", "\x00", "\x1b", "\x85", "\u2028", "\u202e", "\u200b",
          "\ufeff", "é", "中", "🙂", "2026-02-30", "..14", "null", "~", "yes", "1e400", "0x1F",
          # a question mark in a flow scalar, comments with tabs, a comment glued to a block header
          "?", "x?", "[What?]", " # a\ttab\n", "#\t", "\t#", ">#", "|-#",
          # the non-specific tag and an empty flow key (red team F1)
          ": !\n", "! ", "!<!> ", "[? ,, ]",
          # invisible in a name (issue 22, item 10) and what XML cannot hold (item 11)
          "\u00ad", "\u034f", "\u115f", "\u3164", "\uffa0", "\ufe0f", "\u200c", "\u200d", "\U000e0100",
          "\ufffe", "\uffff", "\ufdd0", "\\ufffe", "\\u00ad"]
RAW = [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\r", b"\r\n"]

edit = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.sampled_from(PIECES).map(lambda s: s.encode("utf-8"))),
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.sampled_from(RAW)),
    st.tuples(st.just("delete"), st.integers(0, 10**6), st.integers(1, 40)),
    st.tuples(st.just("line"), st.integers(0, 10**6), st.integers(0, 10**6)),
)


def mutate(raw: bytes, edits: list[tuple]) -> bytes:
    for kind, at, what in edits:
        if kind == "insert":
            i = at % (len(raw) + 1)
            raw = raw[:i] + what + raw[i:]
        elif kind == "delete" and raw:
            i = at % len(raw)
            raw = raw[:i] + raw[i + what:]
        elif kind == "line":  # move a line elsewhere: indentation and order go wrong together
            lines = raw.split(b"\n")
            line = lines.pop(at % len(lines))
            lines.insert(what % (len(lines) + 1), line)
            raw = b"\n".join(lines)
    return raw


class Hung(BaseException):
    pass


def _hung(*_: object) -> None:
    raise Hung("the reader took over 20 s on one file")


@settings(derandomize=True, max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.sampled_from(SEEDS), edits=st.lists(edit, min_size=1, max_size=4))
def test_mutated_files_never_crash_or_hang_and_both_parsers_agree(seed, edits):
    raw = mutate(seed, edits)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzzed.yaml"
        path.write_bytes(raw)
        old = signal.signal(signal.SIGALRM, _hung)
        signal.alarm(20)  # a guard against a hang, not a measure of speed
        try:
            fast = read_release(path, "fuzzed.yaml", use_libyaml=True)
            slow = read_release(path, "fuzzed.yaml", use_libyaml=False)
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)
    assert fast == slow, raw
    release, problems = fast
    assert (release is None) == bool(problems)
    # The quick walk (no positions) must give what the tracked walk gives, or retry (on
    # libyaml's trees: the walks are the same for both parsers', which the cases in
    # test_yamlstrict.py check on each).
    assert _walked(raw, True, positions=False) == _walked(raw, True, positions=True), raw
    # A tab in a comment sends a file to the pure-Python parser: it must change nothing (the
    # same line without the tab is read by libyaml where libyaml accepts the file).
    assert _walked(b"#\t\n" + raw, True, True) == _walked(b"#x\n" + raw, True, True), raw
    _raw_parsers_agree(raw)


def _raw_parsers_agree(raw: bytes) -> None:
    """What libyaml accepts, PyYAML accepts alike, with the same tree and positions (so
    which one reads a file never matters), for text that `compose` lets libyaml read."""
    try:
        text = yaml_reader.decode(raw)
    except yaml_reader.YamlProblem:
        return
    if "\t" in text or yaml_reader._HEADER_COMMENT.search(text):
        return  # read by PyYAML alone
    try:
        fast = yaml_reader._compose(text, libyaml=True)
    except yaml_reader.YamlProblem:
        return  # libyaml's problems are PyYAML's to word
    slow = yaml_reader._compose(text, libyaml=False)
    assert _tree(fast) == _tree(slow), raw


def _tree(node: object) -> object:
    if node is None:
        return None
    mark = (node.start_mark.line, node.start_mark.column)  # type: ignore[attr-defined]
    value = node.value  # type: ignore[attr-defined]
    if isinstance(value, str):
        return (value, node.style or None, mark)  # type: ignore[attr-defined]  # libyaml: "", PyYAML: None
    return [(_tree(k), _tree(v)) if isinstance(item, tuple) else _tree(item)
            for item in value for k, v in ([item] if isinstance(item, tuple) else [(None, None)])]


def _walked(raw: bytes, use_libyaml: bool, positions: bool) -> object:
    try:
        doc = yaml_reader.parse(raw, use_libyaml=use_libyaml, positions=positions, duplicates=True)
    except yaml_reader.YamlProblem as exc:
        return (exc.message, exc.line, exc.column, exc.path)
    return (doc.data, [(d.message, d.line, d.column, d.path) for d in doc.duplicates or []])


@pytest.mark.parametrize("raw", [
    b'name: "\\ud800"\n', b'name: "\\udfff x"\n',  # a lone surrogate escape
    b"name:\tX\n", b"name: \tX\n", b"name: [a,\tb]\n", b"name: X\t\n", b"- a\n- b:\tc\n",  # tabs
    b"{name: X\n", b"name: X: Y\n", b'name: "\\q"\n', b"name: 'x\n",  # worded differently by libyaml
])
def test_the_cases_the_parsers_used_to_disagree_on(tmp_path, raw):
    path = tmp_path / "x.yaml"
    path.write_bytes(raw)
    fast = read_release(path, "x.yaml", use_libyaml=True)
    slow = read_release(path, "x.yaml", use_libyaml=False)
    assert fast == slow
    assert fast[1] and all(p.line is not None for p in fast[1])
