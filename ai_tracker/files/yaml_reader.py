"""Strict, safe YAML reading: plain data plus the line and column of every value.

Why not `yaml.safe_load`: YAML 1.1 resolves plain scalars behind the user's
back (`NO` -> False, `1:20` -> 80, `2.10` -> 2.1), silently keeps the last of
two duplicate keys, and expands aliases (an alias bomb). Here every scalar
stays the text the user wrote (the schema converts it where a number, date or
boolean is expected), tags, anchors, aliases and duplicate keys are errors,
and each value keeps its position so that schema errors can name a line.

libyaml (the C parser) is used when PyYAML was built with it; the pure-Python
parser gives the same results and errors (tests run both).
"""

from __future__ import annotations

import operator
import os
import re
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner
from yaml.tokens import FlowEntryToken, FlowMappingEndToken, FlowSequenceEndToken, ScalarToken, ValueToken

from ai_tracker.text import IN_FILE, refused

try:  # libyaml is optional: PyYAML wheels usually carry it.
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - depends on the PyYAML build
    _CParser = None  # type: ignore[misc, assignment]

MAX_BYTES = 1_000_000
MAX_DEPTH = 32

Path_ = tuple[str | int, ...]

# Tags our resolver gives to untagged nodes. Any other tag was written by the
# user (`!!python/object`, `!!str`, `!foo`) and is refused. Each run's are new and
# unguessable: a file that spells one out (`!<tag:ai-tracker,2026:plain>`) holds an
# explicit tag, and the composers (libyaml's is C) do not say which tags were explicit.
_RUN = secrets.token_hex(8)
_PLAIN = f"tag:ai-tracker,2026:plain:{_RUN}"
_QUOTED = f"tag:ai-tracker,2026:quoted:{_RUN}"
_SEQ = f"tag:ai-tracker,2026:seq:{_RUN}"
_MAP = f"tag:ai-tracker,2026:map:{_RUN}"
_TAGS = frozenset({_PLAIN, _QUOTED, _SEQ, _MAP})
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})

_CONTROL = IN_FILE
_ASCII_ALLOWED = bytes(c for c in range(128) if not _CONTROL.match(chr(c)))  # tab, LF, CR and the printable


class YamlProblem(Exception):
    """A problem with the YAML itself (not the schema), with a 1-based position."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None,
                 path: Path_ = (), also: list[tuple[str, int | None, int | None]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.path = path
        # More problems of the same kind further on (message, line, column), found in the
        # same pass: every refused character of a file, not only its first.
        self.also = also or []


@dataclass
class Document:
    """Parsed YAML: plain data and the position of every value and key."""

    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # parse(duplicates=True): each repeated key (its first value kept) and each refused
    # character spelled as an escape ("\\x01", "\\uFFFE"), so that the file's other
    # problems are found too, as validate lists every problem (None: the first raises).
    duplicates: list[YamlProblem] | None = None

    def locate(self, path: Path_, *, key: bool = False) -> tuple[Path_, tuple[int, int] | None]:
        """Position of `path`, or of its longest prefix that exists in the file."""
        marks = self.keys if key else self.values
        for n in range(len(path), -1, -1):
            prefix = path[:n]
            if prefix in marks:
                return prefix, marks[prefix]
            if prefix in self.values:
                return prefix, self.values[prefix]
        return (), None


class _TagResolver(BaseResolver):
    # No path resolvers here, so BaseResolver's bookkeeping, which both composers call
    # on entering and leaving every node, has nothing to do: C no-ops stand in for it
    # (two Python calls per node were a twentieth of a cold load).
    descend_resolver = staticmethod(operator.is_)  # type: ignore[assignment]  # (parent node, index): ignored
    ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]  # (): ignored

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _QUOTED
        return _SEQ if kind is SequenceNode else _MAP


_BLANK_OR_BREAK = "\0 \t\r\n\x85\u2028\u2029"
_FLOW_COLON_END = _BLANK_OR_BREAK + ",[]{}"


class _PyComposer(Reader, Scanner, Parser, Composer, _TagResolver):
    """PyYAML's pure-Python composer, refusing anchors and aliases as it meets them."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _TagResolver.__init__(self)
        self._depth = 0

    def scan_plain(self) -> Any:
        """PyYAML's own, but for one character: a `?` inside a plain scalar of a flow
        collection (`aliases: [What?]`) is text, as libyaml (0.2.5 on) and YAML read it.
        PyYAML ends the scalar there and then refuses the file, so the same file was
        valid or not depending on which parser read it (and on a tab in a comment,
        which sends a file to this one)."""
        chunks: list[str] = []
        start_mark = self.get_mark()
        end_mark = start_mark
        indent = self.indent + 1
        spaces: list[str] = []
        while True:
            length = 0
            if self.peek() == "#":
                break
            while True:
                ch = self.peek(length)
                if (ch in _BLANK_OR_BREAK
                        or (ch == ":" and self.peek(length + 1) in (_FLOW_COLON_END if self.flow_level else _BLANK_OR_BREAK))
                        or (self.flow_level and ch in ",[]{}")):
                    break
                length += 1
            if length == 0:
                break
            self.allow_simple_key = False
            chunks.extend(spaces)
            chunks.append(self.prefix(length))
            self.forward(length)
            end_mark = self.get_mark()
            spaces = self.scan_plain_spaces(indent, start_mark) or []
            if not spaces or self.peek() == "#" or (not self.flow_level and self.column < indent):
                break
        return ScalarToken("".join(chunks), True, start_mark, end_mark)

    # Where an empty value stands: libyaml's place, so that a problem with it is located
    # alike. In a flow collection (`{b: }`) libyaml places it where the next token starts,
    # PyYAML right after the `:`; and libyaml ends an unfinished last line before the end
    # of the file (an empty value there is at the start of the line after), PyYAML not.

    def parse_flow_mapping_value(self) -> Any:
        return self._flow_value(FlowMappingEndToken, self.parse_flow_mapping_key)

    def parse_flow_sequence_entry_mapping_value(self) -> Any:
        return self._flow_value(FlowSequenceEndToken, self.parse_flow_sequence_entry_mapping_end)

    def _flow_value(self, end: type, then: Any) -> Any:
        if self.check_token(ValueToken):
            self.get_token()
            if not self.check_token(FlowEntryToken, end):
                self.states.append(then)
                return self.parse_flow_node()
        self.state = then
        return self.process_empty_scalar(self.peek_token().start_mark)

    def fetch_stream_end(self) -> None:
        if self.column:
            self.line += 1
            self.column = 0
        super().fetch_stream_end()

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        _refuse_anchor(event)
        if isinstance(event, CollectionStartEvent):
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise _too_deep(event)
        node = super().compose_node(parent, index)
        if isinstance(event, CollectionStartEvent):
            self._depth -= 1
        if node is not None and getattr(event, "tag", None) == "!":
            # The non-specific tag (`!`, `!<!>`, or a %TAG handle that expands to `!`): both
            # composers resolve it as if untagged, but not alike (`k: !` is null here, '' in
            # libyaml). It is a tag the user wrote, refused like any other.
            node.tag = "!"
        return node


if _CParser is not None:
    class _CComposer(_CParser, _TagResolver):
        pass

else:  # pragma: no cover
    _CComposer = None  # type: ignore[assignment, misc]


def has_libyaml() -> bool:
    return _CComposer is not None


def _refuse_anchor(event: Any) -> None:
    if isinstance(event, AliasEvent):
        raise YamlProblem(f"aliases (*{event.anchor}) are not allowed; write the value out",
                          *_mark(event.start_mark))
    if isinstance(event, NodeEvent) and event.anchor is not None:
        raise YamlProblem(f"anchors (&{event.anchor}) are not allowed; write the value out",
                          *_mark(event.start_mark))


def _too_deep(event: Any) -> YamlProblem:
    return YamlProblem(f"nested more than {MAX_DEPTH} levels deep; a release file is much flatter",
                       *_mark(event.start_mark))


def _mark(mark: Any) -> tuple[int | None, int | None]:
    if mark is None:
        return None, None
    return mark.line + 1, mark.column + 1


def decode(raw: bytes, *, go_on: bool = False) -> str:
    """Bytes to text: UTF-8 only (a BOM is fine), no control characters.

    go_on: a refused character does not stop the reading: each is raised as a
    `_Refused` carrying the text with every one of them made U+FFFD (which YAML reads
    as an ordinary character), so that the file's other problems are found too."""
    if len(raw) > MAX_BYTES:
        raise YamlProblem(f"file is {len(raw):,} bytes; a release file may be at most {MAX_BYTES:,}")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblem(f"not UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                          line, column) from None
    # ASCII text holds a refused character only if bytes other than these remain (a C loop,
    # a third of the time of the search, which then finds and places it).
    bad = None if raw.isascii() and not raw.translate(None, _ASCII_ALLOWED) else _CONTROL.search(text)
    if bad:
        found: list[tuple[str, int | None, int | None]] = [
            (refused(m.group()), *_place(text, m.start())) for m in _CONTROL.finditer(text, bad.start())]
        if go_on:
            raise _Refused(*found[0], also=found[1:MAX_REFUSED], text=_CONTROL.sub("\ufffd", text))
        raise YamlProblem(*found[0], also=found[1:MAX_REFUSED])
    return text


class _Refused(YamlProblem):
    """`decode(go_on=True)`: the refused characters, and the text to read on with."""

    def __init__(self, *args: Any, text: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.text = text

    def problems(self) -> list[YamlProblem]:
        return [YamlProblem(self.message, self.line, self.column),
                *(YamlProblem(message, line, column) for message, line, column in self.also)]


MAX_REFUSED = 20  # refused characters reported per file: a binary file would hold thousands


def _place(text: str, at: int) -> tuple[int, int]:
    """The 1-based line and column of a character of the text."""
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def _needs_event_scan(text: str) -> bool:
    """Cheap test for anything the C composer cannot be trusted with.

    libyaml composes anchors and aliases without telling us, and recurses in C
    on deep nesting, so such files are first scanned event by event. Ordinary
    release files have no `&`/`*` and little nesting, and skip the scan.
    """
    if "&" in text or "*" in text or "!" in text:
        return True
    return text.count("[") + text.count("{") + text.count("- ") > 200


def _scan_events(text: str) -> bool:
    """Refuse anchors, aliases and deep nesting; True if a node has an explicit tag."""
    parser = _CParser(text)
    depth = 0
    tagged = False
    try:
        while True:
            event = parser.get_event()
            if event is None:
                return tagged
            _refuse_anchor(event)
            tagged = tagged or getattr(event, "tag", None) is not None
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _too_deep(event)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    finally:
        parser.dispose()


def compose(text: str, *, use_libyaml: bool = True) -> Node | None:
    """Text to a YAML node tree (None for an empty document).

    libyaml is only the fast path: both parsers must give the same result, the
    same problem and the same position. Where they would not, PyYAML's decides:
    for every problem (libyaml words its errors differently, and places some
    elsewhere), for any text with a tab (libyaml accepts a tab after `:` or
    `,` that PyYAML refuses) and for a block scalar's header with a comment glued
    to it (`_HEADER_COMMENT`), an empty flow key (`_EMPTY_FLOW_KEY`) and any explicit tag
    (refused either way; see `_scan_events`). Each is rare in a release file, so the cost is too.
    Which parser reads a file never changes the answer: PyYAML accepts all that
    libyaml accepts but those (a tab in a comment changes nothing either way).
    """
    key = (text, use_libyaml)
    if _LAST[0] == key:  # the same file again, now for positions: its tree is already built
        return _LAST[1]
    node = _compose_either(text, use_libyaml)
    _LAST[:] = [key, node]
    return node


# The last tree composed: a file with problems is walked twice (fast, then with
# positions), and composing is most of the time (and grows faster than the file).
_LAST: list[Any] = [None, None]


# Where libyaml accepts what PyYAML refuses, and YAML does too: a block scalar's header
# with a comment right after it (`>#`, no space between). A file that may hold one is
# read by PyYAML alone, as is one with a tab (see `compose`). Everything else libyaml
# accepts, PyYAML accepts alike (`_PyComposer` reads plain scalars and places empty
# values as libyaml does; tests/files/test_fuzz.py holds both to it).
_HEADER_COMMENT = re.compile(r"[|>][-+0-9]{0,2}#")
# And where libyaml accepts what YAML and PyYAML refuse: an empty key of a flow list with
# two commas after it (`[? ,, ]`, libyaml skips one of them).
_EMPTY_FLOW_KEY = re.compile(r"\?(?:\s|#[^\n]*)*,(?:\s|#[^\n]*)*,")


def _compose_either(text: str, use_libyaml: bool) -> Node | None:
    if (not use_libyaml or _CComposer is None or "\t" in text
            or ("#" in text and _HEADER_COMMENT.search(text))
            or ("?" in text and _EMPTY_FLOW_KEY.search(text))):
        return _compose(text, libyaml=False)
    try:
        return _compose(text, libyaml=True)
    except YamlProblem:
        # PyYAML's problem, or its tree where only libyaml found one (it refuses a
        # surrogate escape, "\\ud800", that our own check then names the same way).
        return _compose(text, libyaml=False)


def _compose(text: str, *, libyaml: bool) -> Node | None:
    try:
        if libyaml:
            if _needs_event_scan(text) and _scan_events(text):
                # A tag is refused, but PyYAML words and places it: libyaml takes some tags
                # PyYAML's scanner refuses (`!:!`) and cannot say a `!` was written.
                return _compose(text, libyaml=False)
            c = _CComposer(text)
            try:
                return c.get_single_node()
            finally:
                c.dispose()
        p = _PyComposer(text)
        try:
            return p.get_single_node()
        finally:
            p.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = f"YAML syntax: {exc.problem or 'invalid YAML'}"
        if "maximum nesting depth" in problem:  # libyaml's own limit, met while scanning ahead
            problem = f"nested more than {MAX_DEPTH} levels deep; a release file is much flatter"
        elif mark is not None and text[mark.index:mark.index + 1] == "\t":
            problem = "YAML syntax: a tab cannot indent YAML; use spaces"
        if "expected a single document" in str(exc.context or "") or "but found another document" in problem:
            problem = "more than one YAML document (---) in the file; a release file holds one"
        elif mark is not None:
            problem = _plain_tokens(problem) + _syntax_hint(problem, text, mark.line)
        raise YamlProblem(problem, *_mark(mark)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"invalid YAML: {exc}") from None
    except RecursionError:
        raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep") from None


# The pure-Python parser (which words every syntax error, so that both parsers agree)
# names tokens as PyYAML spells them inside: '?' is a key, <block end> the end of a block.
_TOKEN_WORDS = {"'?'": "a key", "<block end>": "the end of the block", "<block mapping start>": "a mapping",
                "<block sequence start>": "a list", "<scalar>": "a value", "<stream end>": "the end of the file"}


def _plain_tokens(problem: str) -> str:
    for token, words in _TOKEN_WORDS.items():
        problem = problem.replace(token, words)
    return problem


def _syntax_hint(problem: str, text: str, line: int) -> str:
    """libyaml's words in plain words, with what to change (line: 0-based)."""
    lines = text.splitlines()
    here = lines[line] if line < len(lines) else ""
    if "expected chomping or indentation indicators" in problem and "'#'" in problem:
        return "; put a space between the | or > and the comment"
    if "mapping values are not allowed" in problem:
        key, sep, value = here.strip().partition(": ")
        if sep and ": " in value and not value.startswith(("'", '"')):
            quoted = "'" + value.replace("'", "''") + "'"
            return f"; a value with ': ' in it must be quoted: {key}: {quoted}"
        return "; a value with ': ' in it must be quoted, and a key must be on a line of its own"
    if any(words in problem for words in ("did not find expected '-' indicator", "did not find expected key",
                                           "expected <block end>")):
        return (f"; check the indent of line {line + 1}: each key lines up with the other keys of its "
                "mapping, and each list item starts with '- ' at the indent of the others")
    return ""


class _Retry(Exception):
    """Raised by the quick walk at the first thing that may be a problem: walk again, tracking positions."""


def _quick(node: Node, depth: int) -> Any:
    """Node tree to plain data, the fast path for valid files: no positions kept, and
    _Retry at anything `_to_python` might refuse, so that it decides and words it.

    Tags are compared by identity: `resolve` returns these very objects, and a tag the
    file spells out (even one equal to ours) is another object, so it is retried. No
    alias can reach here: `_compose` refuses every anchor and alias first (libyaml's
    text is scanned event by event wherever `&` or `*` appears), so no node is shared.
    A container at the depth limit is retried rather than counted item by item, and a
    plain scalar in a container is read in place (a call for each was a fifth of the walk)."""
    tag = node.tag
    if tag is _PLAIN:
        value = node.value
        return None if value in _NULLS else value
    if tag is _QUOTED:
        if node.style == '"' and _CONTROL.search(node.value):  # type: ignore[attr-defined]  # only scalars get _QUOTED
            raise _Retry
        return node.value
    if depth >= MAX_DEPTH:
        raise _Retry
    depth += 1  # the items'
    if tag is _MAP:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_tag = key_node.tag
            if key_tag is not _PLAIN and (key_tag is not _QUOTED or key_node.style == '"'
                                          and _CONTROL.search(key_node.value)):
                raise _Retry
            key = key_node.value
            if key in out:
                raise _Retry
            if value_node.tag is _PLAIN:
                value = value_node.value
                out[key] = None if value in _NULLS else value
            else:
                out[key] = _quick(value_node, depth)
        return out
    if tag is _SEQ:
        items: list[Any] = []
        for item in node.value:
            if item.tag is _PLAIN:
                value = item.value
                items.append(None if value in _NULLS else value)
            else:
                items.append(_quick(item, depth))
        return items
    raise _Retry


def _to_python(node: Node, path: Path_, doc: Document, seen: set[int], depth: int) -> Any:
    """Node tree to plain data, recording the position of every value and key in `doc`;
    raises YamlProblem at the first thing refused (the walk for files with problems)."""
    doc.values[path] = _mark(node.start_mark)  # type: ignore[assignment]
    if depth > MAX_DEPTH:
        raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep", *_mark(node.start_mark), path)
    if id(node) in seen:  # the C composer shares one node between an anchor and its aliases
        raise YamlProblem("aliases are not allowed; write the value out", *_mark(node.start_mark), path)
    if node.tag not in _TAGS:
        raise YamlProblem(f"tags like '{node.tag}' are not allowed; write plain values",
                          *_mark(node.start_mark), path)
    seen.add(id(node))
    if isinstance(node, ScalarNode):
        if node.tag == _PLAIN and node.value in _NULLS:
            return None
        if node.style == '"':
            _check_escapes(node, path, doc)
        return node.value
    if isinstance(node, SequenceNode):
        return [_to_python(item, (*path, i), doc, seen, depth + 1) for i, item in enumerate(node.value)]
    assert isinstance(node, MappingNode)
    return _mapping(node, path, doc, seen, depth)


def _check_escapes(node: ScalarNode, path: Path_, doc: Document) -> bool:
    """Only a double-quoted scalar, key or value, can spell a control character as an
    escape ("\\a", "\\x1b", "\\u202e"); the raw text was checked already. Listed in
    `doc.duplicates` when collecting (the value kept, its own problem said once);
    False if so."""
    bad = _CONTROL.search(node.value) if node.style == '"' else None
    if bad:
        problem = YamlProblem(refused(bad.group()), *_mark(node.start_mark), path)
        if doc.duplicates is None:
            raise problem
        doc.duplicates.append(problem)
    return not bad


def _mapping(node: MappingNode, path: Path_, doc: Document, seen: set[int], depth: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag not in (_PLAIN, _QUOTED) or key_node.value in out:
            if isinstance(key_node, ScalarNode) and key_node.value in out:
                first = doc.keys[path + (key_node.value,)][0]
                problem = YamlProblem(f"duplicate key '{key_node.value}' (first at line {first})",
                                      *_mark(key_node.start_mark), (*path, key_node.value))
                if doc.duplicates is None:
                    raise problem
                doc.duplicates.append(problem)
                continue
            raise YamlProblem("keys must be plain words", *_mark(key_node.start_mark), path)
        if not _check_escapes(key_node, path, doc):
            continue  # a key no field has: said once, not again as an unknown field
        key = key_node.value
        doc.keys[path + (key,)] = _mark(key_node.start_mark)  # type: ignore[assignment]
        out[key] = _to_python(value_node, (*path, key), doc, seen, depth + 1)
    return out


def _walk(node: Node, doc: Document, positions: bool) -> Any:
    if not positions:
        try:
            return _quick(node, 0)
        except _Retry:
            pass
    return _to_python(node, (), doc, set(), 0)


def parse(raw: bytes, *, use_libyaml: bool = True, positions: bool = True,
          duplicates: bool = False) -> Document:
    """Bytes of one release file to a `Document`; raises `YamlProblem`.

    positions=False skips recording where each value stands (a third of the
    time for a valid file); problems are still found and located.
    duplicates=True: a repeated key (the first value kept) and a refused
    character written as an escape are listed in `doc.duplicates` instead of
    raised, so the schema's problems are found too.
    """
    refused_raw: list[YamlProblem] = []
    try:
        text = decode(raw, go_on=duplicates)
    except _Refused as exc:  # listed with the rest, as a refused escape is
        text, refused_raw = exc.text, exc.problems()
    try:
        node = compose(text, use_libyaml=use_libyaml)
        if node is None:
            raise YamlProblem("file is empty; a release file is a mapping of fields (name:, released:, ...)")
    except YamlProblem as exc:
        if not refused_raw:
            raise
        first, *rest = refused_raw
        raise YamlProblem(first.message, first.line, first.column, also=[
            *((p.message, p.line, p.column) for p in rest), (exc.message, exc.line, exc.column), *exc.also]) from None
    doc = Document(data=None, duplicates=[*refused_raw] if duplicates else None)
    doc.data = _walk(node, doc, positions)
    if not isinstance(doc.data, dict):
        kind = "list" if isinstance(doc.data, list) else "single value"
        line, column = _mark(node.start_mark)
        raise YamlProblem(f"the file holds a {kind}; a release file is a mapping of fields "
                          "(name:, released:, ...)", line, column)
    return doc


# Where a field is: used by the loader's errors and by cross-file checks.

Loc = tuple[str | int, ...]


def field_label(loc: Loc) -> str:
    """('claims', 0, 'source') -> 'claims[0].source'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_regular_file(path: str | Path) -> bytes:
    """The file's bytes, or ValueError for what is not a release file's size or kind.

    Checked before reading: a FIFO would block for ever and a link to
    /dev/zero would never end; read one byte past the limit, never more.
    """
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise ValueError("not a regular file (a device, FIFO or socket); a release file is a plain file")
    # os.read of the size the file has, not a buffered open(): a tenth of the cost (and
    # reading is a tenth of a cold load). Read on to the end unless the bytes are just
    # those stat counted: a network file system may return less at a time, and the
    # file may have grown or shrunk since.
    want = min(info.st_size, MAX_BYTES) + 1
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        raw = os.read(fd, want)
        while len(raw) <= MAX_BYTES and len(raw) != info.st_size:
            more = os.read(fd, min(want, MAX_BYTES + 1 - len(raw)))
            if not more:
                break
            raw += more
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        raise ValueError(f"file is over {MAX_BYTES:,} bytes; a release file is much smaller")
    return raw


def locate_in(doc: Document, loc: Loc) -> tuple[int | None, int | None]:
    _, mark = doc.locate(loc)
    return mark if mark else (None, None)


def position_of(path: str | Path, loc: Loc) -> tuple[int | None, int | None]:
    """Line and column of a field in a file already known to be valid (for cross-file errors)."""
    try:
        doc = parse(Path(path).read_bytes(), positions=True)
    except (OSError, YamlProblem):
        return None, None
    return locate_in(doc, loc)
