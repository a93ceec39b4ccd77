"""Untrusted text: the control characters refused in files and escaped in output, defined
once for the reader, the writer and the printer, and the escapers every format uses.

C0 controls, DEL, C1 controls, the bidirectional overrides and marks that make a
terminal show text out of order ("Trojan Source"), and the invisible ones that
make two names look the same: zero-width space, word joiner and the invisible
operators, a byte-order mark inside the text, the Unicode tag characters
(invisible text a reader never sees), and the line and paragraph separators
U+2028/U+2029 (a line break to some tools and not to others). Zero-width
non-joiner and joiner (U+200C, U+200D) are kept: Persian, the Indic scripts
and emoji sequences need them. Tab, line feed and carriage return are ordinary
in a YAML file; a one-line value refuses them too.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_BASE = ("\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u2028-\u202e"
         "\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f"
         # Lone surrogates: no UTF-8 can hold them. In a file name they are the bytes
         # that were not UTF-8 (Python's surrogateescape), shown as \xNN.
         "\ud800-\udfff")

IN_FILE = re.compile(f"[{_BASE}]")  # never in a release file
IN_BLOCK = re.compile(f"[{_BASE}\r]")  # escaped in printed paragraphs (a CR would overwrite the line)
IN_LINE = re.compile(f"[{_BASE}\t\n\r]")  # escaped (or refused) in one-line values


# Tab and newline are kept where a format can carry them (paragraphs);
# `clean` turns every other control character into a visible escape.
_UNSAFE = IN_BLOCK
_UNSAFE_INLINE = IN_LINE


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\n":
        return " "
    if char == "\t":
        return " "
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that was not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # outside the BMP: JSON spells it as a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


_SURROGATE = re.compile("[\ud800-\udfff]")


def file_name(name: str) -> str:
    """A path as text that any output can hold: the bytes of a name that were not UTF-8
    (surrogates, from os.fsdecode) written as \\xNN. Other characters stay, for
    each format to escape in its own way (JSON as \\u escapes, the same value)."""
    return _SURROGATE.sub(_escape, name)


def refused(char: str) -> str:
    """Why a file may not hold this character, for the reader's problems."""
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"control character U+{code:04X} is not allowed in a release file"
    if 0xD800 <= code <= 0xDFFF:
        return f"U+{code:04X} is half of a UTF-16 surrogate pair, not a character; it is not allowed in a release file"
    name = unicodedata.name(char, "").lower() or "an invisible character"
    return f"character U+{code:04X} ({name}) is not allowed in a release file: it is invisible or reorders text"


def json_safe(encoded: str) -> str:
    """JSON text (from json.dumps) with every character `clean` would escape written as a
    \\u escape: the same value to any JSON reader, inert on a terminal. json.dumps
    escapes C0 itself; DEL, C1, bidi and invisible characters it leaves raw. Only
    inside strings can such a character be, so replacing it in the text is safe."""
    return IN_FILE.sub(_json_escape, encoded)


def keep_lines(text: str) -> str:
    """Text of a format with its own line endings (iCalendar's CRLF): every character
    `clean` escapes, escaped, but tab, CR and LF left as they are."""
    return IN_FILE.sub(_escape, text)


def clean(text: Any, *, inline: bool = True) -> str:
    """Untrusted text made safe to print: control characters shown as escapes.

    inline=True also folds newlines and tabs to spaces (table cells, one-line
    formats); inline=False keeps newlines (paragraphs in documents).
    """
    value = "" if text is None else str(text)
    if value.isprintable():  # no character of IN_LINE or IN_BLOCK is (a test checks each): most text
        return value
    pattern = _UNSAFE_INLINE if inline else _UNSAFE
    return pattern.sub(_escape, value)


# Inline, only these act; "(" needs a "]" before it, "!" a "[" after it.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")  # \& keeps "&amp;" as text, \$ keeps GitHub math out
# At the start of a line: list items (-, +, 1. or 1)), headings (#, ===).
_MD_LINE_START = re.compile(r"(?m)^(\s*(?:\d+(?=[.)]))?)([-=+#.)])")


def md_escape(text: Any, *, inline: bool = True) -> str:
    """Data text as literal markdown: every character markdown could act on is escaped."""
    escaped = _MD_SPECIAL.sub(r"\\\1", clean(text, inline=inline))
    # A line starting "1." or "-" would become a list item, "===" a heading.
    return _MD_LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}", escaped)


def fold(text: str, *, spacing: bool = False) -> str:
    """Text in the form names and words are matched in: case and Unicode width ignored
    (NFKC, then casefold: 'ＫＬＩＮＧ' and 'Kling' are 'kling'; Chinese is kept as is).

    spacing: runs of whitespace count as one space and the ends are trimmed.
    The one fold of `--search`/`--org` (analysis.filters), name lookup (which
    then also drops separators), the digest's duplicates and Epoch's headers.
    Not of file names: `folders.id_key` folds only what file systems fold.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(folded.split()) if spacing else folded


def web_link(url: str | None) -> str | None:
    """A URL a reader may follow (a feed's link, a page's href): http(s) only, with nothing
    a data file could smuggle in (`javascript:`, `file:`, quotes, spaces, controls); None
    for anything else, which then stays inert text."""
    if not url or not url.startswith(("https://", "http://")):
        return None
    if any(c.isspace() or c in "<>\"'`" or IN_LINE.match(c) for c in url):
        return None
    return url


# Separators people type or leave out at will: spaces, hyphens and dashes,
# dots, underscores, slashes, middle dots (common in Chinese product names).
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212._/·・]+")
# "3.0" and "3-0" read as "3": a zero minor version is often left out.
_ZERO_MINOR = re.compile(r"(?<=\d)[.\-_ ]0+(?![\d.])")


def name_key(text: str) -> str:
    """The form release names are compared in: `Kling 3.0`, `kling-3-0`, `KLING３` -> `kling3`.

    fold, then looser on purpose: a name is typed many ways, so separators and
    a zero minor version do not count (`--search` keeps them: it finds text).
    The one key of name lookup (analysis.lookup) and of matching the records of
    several sources (collection.matching)."""
    text = fold(text).strip()
    text = _ZERO_MINOR.sub("", text)
    return _SEPARATORS.sub("", text)
