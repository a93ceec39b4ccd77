"""stdout and stderr in an encoding that cannot hold every character.

Python writes to the terminal or the pipe in the locale's encoding, or in
PYTHONIOENCODING's: ASCII or Latin-1 there made every command that printed a
Chinese name or a "·" end in a UnicodeEncodeError. The CLI calls `install` once,
and then a character the stream cannot hold is written as the format allows
(`writing(fmt)` says which format is being written to stdout):

- json, jsonl: a `\\uXXXX` escape, the same value to any JSON reader (such a
  character can only be inside a JSON string). Lossless, so no note.
- html, atom: a character reference (`&#26234;`), the same text to a browser
  or a feed reader. Lossless, so no note.
- yaml: written with YAML's own escapes in double-quoted scalars (`"\\u667a"`,
  see `render.to_yaml`), the same value to any YAML reader; and a note.
- csv, tsv, ics: an escape as text (`\\xb7`, `\\u667a`: as `text.clean` shows a
  control character), and a note.
- tables and text (table, plain, markdown, anything else): `?`, and a note.
  Plain and markdown tables are made of text already degraded (`fit`), so
  their columns still line up.

stderr (diagnostics) gets Python's escapes (`\\u667a`). The note is one line on stderr at
the end of the command (`note`), saying how many characters were changed and
how to see them.
"""

from __future__ import annotations

import codecs
import functools
import sys
from typing import Any, TextIO, cast

from ai_tracker.text import escape_char, json_char

_HANDLER = "ai-tracker-stdout"
_MODES = {"json": "json", "jsonl": "json", "html": "xml", "atom": "xml", "ics": "escape", "csv": "escape",
             "tsv": "escape", "yaml": "escape"}
_MODE = ["text"]  # how stdout writes what it cannot hold: text, escape, json or xml
_CHANGED = {"text": 0, "escape": 0}  # characters written as ? and as escapes, for the note
# One character of each plane's kind: an encoding that holds these holds every character.
_PROBE = "\u00e9\u00b7\u667a\U0001f642\U0010fffd"


def holds_everything(stream: TextIO | Any) -> bool:
    """Whether the stream's encoding can write every character (UTF-8, UTF-16, GB 18030)."""
    return _holds_everything(getattr(stream, "encoding", None) or "utf-8")


@functools.lru_cache(maxsize=None)
def _holds_everything(encoding: str) -> bool:
    try:
        _PROBE.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


_INSTALLED: list[Any] = [None, ""]  # the stdout `install` changed, and its own encoding


def install(stdout: Any, stderr: Any) -> None:
    """Make the two streams write, not raise, what their encoding cannot hold."""
    if stdout is not None and not holds_everything(stdout) and hasattr(stdout, "reconfigure"):
        _INSTALLED[:] = [stdout, stdout.encoding]
        stdout.reconfigure(errors=_HANDLER)
    if stderr is not None and not holds_everything(stderr) and hasattr(stderr, "reconfigure"):
        stderr.reconfigure(errors="backslashreplace")


def writing(fmt: str) -> None:
    """The format about to be written to stdout (a `Format` or `ExportFormat` value).

    JSON, HTML and Atom are UTF-8 by their standards (RFC 8259; the pages and the feed
    say so): on a stdout that cannot hold every character they are written in ASCII,
    every other character escaped (ASCII is UTF-8), not in Latin-1. Text, csv and tsv
    are written in the stream's own encoding, as the user's locale reads them."""
    mode = _MODES.get(fmt, "text")
    _MODE[0] = mode
    stdout: Any = _INSTALLED[0]
    native: str = _INSTALLED[1]
    if stdout is None or stdout is not sys.stdout:
        return
    wanted = "ascii" if mode in ("json", "xml") else native
    if stdout.encoding != wanted:
        stdout.flush()
        cast(Any, stdout).reconfigure(encoding=wanted, errors=_HANDLER)  # a TextIOWrapper: `install` checked


def lacking(text: str, stream: TextIO | Any = None) -> int:
    """How many characters of the text stdout's encoding cannot hold."""
    out = sys.stdout if stream is None else stream
    if text.isascii() or holds_everything(out):
        return 0
    return sum(1 for char in text if not _holds(char, out.encoding))


def fit(text: str, stream: TextIO | Any = None) -> str:
    """Text as stdout will show it: each character its encoding lacks as `?`, counted for
    the note. For tables, whose columns are measured on the text they will show."""
    if not lacking(text, stream):
        return text
    encoding = (sys.stdout if stream is None else stream).encoding
    shown = "".join(char if _holds(char, encoding) else "?" for char in text)
    _CHANGED["text"] += shown.count("?") - text.count("?")
    return shown


def _holds(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def escaped(count: int) -> None:
    """`count` characters were written as escapes by a writer itself (YAML): for the note."""
    _CHANGED["escape"] += count


def note(stream: TextIO | Any = None) -> str | None:
    """The one line for stderr when characters were changed on the way out, else None."""
    replaced, escapes = _CHANGED["text"], _CHANGED["escape"]
    if not replaced and not escapes:
        return None
    encoding = getattr(sys.stdout if stream is None else stream, "encoding", None) or "this encoding"
    how = ([f"{replaced} written as ?"] if replaced else []) + ([f"{escapes} as escapes"] if escapes else [])
    return (f"note: the output's encoding ({encoding}) cannot hold every character: {' and '.join(how)} "
            "(set PYTHONIOENCODING=utf-8, or use a UTF-8 locale, to see them)")


def _handler(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    chars = error.object[error.start:error.end]
    mode = _MODE[0]
    if mode == "xml":
        return "".join(f"&#{ord(c)};" for c in chars), error.end
    if mode == "json":
        return "".join(json_char(c) for c in chars), error.end
    if mode == "escape":
        _CHANGED["escape"] += len(chars)
        return "".join(escape_char(c) for c in chars), error.end
    _CHANGED["text"] += len(chars)
    return "?" * len(chars), error.end


codecs.register_error(_HANDLER, _handler)
