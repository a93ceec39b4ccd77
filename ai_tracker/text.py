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
in a YAML file; a one-line value refuses them too. The noncharacters (U+FFFE,
U+FFFF, U+FDD0..U+FDEF and the last two of every plane) are not text either,
and XML 1.0 cannot hold U+FFFE and U+FFFF at all (its `Char` production,
https://www.w3.org/TR/xml/#charsets): refused in files, escaped in output.

Names and aliases refuse more (`name_problem`): every default-ignorable code
point, the characters Unicode says to draw as nothing (the soft hyphen, the
combining grapheme joiner, the Hangul fillers, variation selectors, ...), so
that "Nova 5" is written one way only; and names are compared by `fold`,
which ignores them as Unicode's NFKC_Casefold does.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_BASE = ("\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u2028-\u202e"
         "\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f"
         # Lone surrogates: no UTF-8 can hold them. In a file name they are the bytes
         # that were not UTF-8 (Python's surrogateescape), shown as \xNN.
         "\ud800-\udfff"
         # Noncharacters: U+FDD0..U+FDEF and U+nFFFE, U+nFFFF of each of the 17 planes.
         "\ufdd0-\ufdef" + "".join(f"{chr(p + 0xFFFE)}{chr(p + 0xFFFF)}" for p in range(0, 0x110000, 0x10000)))

IN_FILE = re.compile(f"[{_BASE}]")  # never in a release file
IN_BLOCK = re.compile(f"[{_BASE}\r]")  # escaped in printed paragraphs (a CR would overwrite the line)
IN_LINE = re.compile(f"[{_BASE}\t\n\r]")  # escaped (or refused) in one-line values


# Tab and newline are kept where a format can carry them (paragraphs);
# `clean` turns every other control character into a visible escape.
_UNSAFE = IN_BLOCK
_UNSAFE_INLINE = IN_LINE


def _escape(match: re.Match[str]) -> str:
    return escape_char(match.group())


def escape_char(char: str) -> str:
    """One character as `clean` shows it: \\x1b, \\u202e, \\U000e0041 (newline and tab: a space)."""
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
    return json_char(match.group())


def json_char(char: str) -> str:
    """One character as a JSON string escape: \\u00b7, or a surrogate pair outside the BMP."""
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # outside the BMP: JSON spells it as a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


_SURROGATE = re.compile("[\ud800-\udfff]")
_NONCHARACTER = re.compile("[\ufdd0-\ufdef" + "".join(
    f"{chr(p + 0xFFFE)}{chr(p + 0xFFFF)}" for p in range(0, 0x110000, 0x10000)) + "]")

# What XML 1.0 cannot hold, even as a character reference (its `Char` production): C0
# controls but tab, LF and CR; lone surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """XML text as written, with any character XML 1.0 cannot hold shown as an escape
    (\\ufffe): the last pass of every XML writer (the Atom feed, the SVG chart), after
    `clean` has escaped data text, so that no way in can make the file unreadable."""
    return _NOT_XML.sub(_escape, text)


def file_name(name: str) -> str:
    """A path as text that every format holds alike: the bytes of a name that were not
    UTF-8 (surrogates, from os.fsdecode) as \\xNN and every control or invisible
    character as `clean` shows it (\\x1b), so that JSON and YAML carry the very text the
    plain output prints, never a raw escape sequence or a lone surrogate (a file name is
    the one untrusted text no reader refuses)."""
    return clean(name)


def refused(char: str) -> str:
    """Why a file may not hold this character, for the reader's problems."""
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"control character U+{code:04X} is not allowed in a release file"
    if 0xD800 <= code <= 0xDFFF:
        return f"U+{code:04X} is half of a UTF-16 surrogate pair, not a character; it is not allowed in a release file"
    if _NONCHARACTER.match(char):
        # Only U+FFFE and U+FFFF are outside XML 1.0's `Char` (https://www.w3.org/TR/xml/#charsets);
        # XML holds the others. Every noncharacter is "intended for internal use and [has] no
        # standard interpretation when exchanged" (Unicode's Corrigendum #9, 2013,
        # https://www.unicode.org/versions/corrigendum9.html): in a file it means nothing.
        why = ("XML cannot hold it, so no feed or chart could" if _NOT_XML.match(char)
               else "Unicode reserves it for a program's internal use; in a file it has no meaning")
        return f"U+{code:04X} is a noncharacter, not text ({why}); it is not allowed in a release file: delete it"
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


def diagnostic(text: Any, *, inline: bool = False) -> str:
    """A message for stderr: `clean`, and every default-ignorable character escaped too
    (the soft hyphen, a Hangul filler, as the zero-width space is), so that a skipped
    row or a refused name shows what it holds; but for the joiners and selectors a
    script or an emoji needs (`name_problem`'s exceptions). The one escaper of diagnostics."""
    shown = clean(text, inline=inline)
    if shown.isascii():
        return shown
    return DEFAULT_IGNORABLE.sub(lambda m: m.group() if _needed(shown, m.start()) else escape_char(m.group()),
                                 shown)


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
    """Text in the form names and words are matched in: case, Unicode width and the
    default-ignorable code points ignored (NFKC, casefold, then those removed, as
    Unicode's NFKC_Casefold does: 'ＫＬＩＮＧ', 'Kling' and 'Kl\\u00ading' are 'kling';
    Chinese is kept as is).

    spacing: runs of whitespace count as one space and the ends are trimmed.
    The one fold of `--search`/`--org` (analysis.filters), name lookup (which
    then also drops separators), the digest's duplicates and Epoch's headers.
    Not of file names: `folders.id_key` folds only what file systems fold.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    # NFKC_Casefold, as DerivedNormalizationProps.txt defines it: NFKC, case folding and
    # removal of Default_Ignorable_Code_Points (https://www.unicode.org/Public/UCD/latest/ucd/
    # DerivedNormalizationProps.txt). No default-ignorable code point is ASCII.
    if not folded.isascii():
        folded = DEFAULT_IGNORABLE.sub("", folded)
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


# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 14.0,
# https://www.unicode.org/Public/14.0.0/ucd/DerivedCoreProperties.txt): characters a
# renderer draws as nothing when it has no glyph for them. Some are refused in every file
# already (zero-width space, bidi controls, the tag characters); the others (soft hyphen,
# combining grapheme joiner, the Hangul fillers, variation selectors) are fine in prose,
# where a hyphenation point is harmless, but not in a name or an alias.
DEFAULT_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")

# Zero-width non-joiner and joiner change how a word is drawn in the scripts that join
# letters or form conjuncts (Persian, Hindi), so a name may hold one after a letter or mark
# of those scripts. UAX #31 allows them in identifiers in such contexts only (section 2.3,
# https://www.unicode.org/reports/tr31/#Layout_and_Format_Control_Characters: by joining
# type and after a virama); this is the simpler rule of the script alone. The ranges are
# the blocks of Arabic, Syriac, Thaana, N'Ko, the Indic scripts from Devanagari to
# Sinhala, Tibetan, Myanmar, Khmer and Mongolian, and Arabic's presentation forms.
_JOINING = re.compile("[\u0600-\u07ff\u0860-\u08ff\u0900-\u0dff\u0f00-\u109f\u1780-\u18af"
                      "\ufb50-\ufdff\ufe70-\ufefe]")


def _needed(text: str, at: int) -> bool:
    """Whether the default-ignorable character at `at` is one a name may need: ZWNJ or ZWJ
    after a letter or mark of a joining script, ZWJ between two emoji (woman, ZWJ, laptop),
    or an emoji presentation selector (U+FE0F, or U+FE0E for text) after a symbol."""
    char, before = text[at], text[at - 1] if at else ""
    after = text[at + 1] if at + 1 < len(text) else ""
    if char in "\u200c\u200d" and before and _JOINING.match(before) and unicodedata.category(before)[0] in "LM":
        return True
    if char == "\u200d":
        return _emoji(before) and _emoji(after)
    return char in "\ufe0e\ufe0f" and bool(before) and unicodedata.category(before) == "So"


def _emoji(char: str) -> bool:
    # A symbol (So), a skin-tone modifier (Sk, U+1F3FB..U+1F3FF) or the presentation
    # selector that ends one; enough to tell an emoji sequence from letters.
    return bool(char) and (unicodedata.category(char) in ("So", "Sk") or char == "\ufe0f")


def name_problem(text: str) -> str | None:
    """Why a name or an alias cannot be this text, or None: an invisible character in it
    (a default-ignorable code point) would make two names that look the same differ."""
    if text.isascii():  # no default-ignorable code point is ASCII: most names
        return None
    for found in DEFAULT_IGNORABLE.finditer(text):
        if not _needed(text, found.start()):
            code = ord(found.group())
            name = unicodedata.name(found.group(), "").lower() or "an unassigned invisible character"
            return (f"character U+{code:04X} ({name}) at position {found.start() + 1} is invisible; a name "
                    "or an alias may not hold it, since two names that look the same would then differ: "
                    "delete it")
    return None
