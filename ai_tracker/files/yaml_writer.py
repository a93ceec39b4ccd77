"""Writing YAML: the one place that calls PyYAML's dumper.

Every writer uses PyYAML's safe dumper with the same settings (Unicode as
is, keys in the order given, block style, lines up to 100 columns, no
anchors); the options are the few ways our files differ in layout:

- indent_lists: list items indented under their key, as people write release
  files (PyYAML puts them level with the key);
- words_inline: a list of short words on one line, `[language, vision]`,
  like the hand-written files (`import epoch`);
- quote_dates: `'2026-02-12'` quoted, as YAML 1.1 would read it as a date.
  Our loader (YAML 1.2) reads it as text anyway, so `new` writes it bare.

Quoting is otherwise PyYAML's: `NO` and `2.10` stay text. A string holding a
character that `text.clean` escapes (a control, bidi or invisible character)
is written double-quoted with that character as an escape (`"\\u202e"`): the
same value to any YAML reader, never raw on a terminal. PyYAML alone would
write C1 controls escaped but NEL, bidi overrides and zero-width characters raw.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import yaml

from ai_tracker.text import IN_FILE

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SHORT_WORD = 40  # a list of strings all shorter than this goes inline with words_inline


def dump(data: Any, *, indent_lists: bool = True, words_inline: bool = False, quote_dates: bool = True,
         ascii_only: bool = False) -> str:
    """data as a YAML document, laid out as the options say (see the module's docstring).
    ascii_only: every other character as an escape in a double-quoted scalar (the same
    value), for a stdout whose encoding cannot hold them (`output.streams`)."""
    text = yaml.dump(data, Dumper=_dumper(indent_lists, words_inline, quote_dates), allow_unicode=not ascii_only,
                     sort_keys=False, default_flow_style=False, width=100)
    # Such characters are only ever in the double-quoted scalars `_represent_str` asked for,
    # where an escape means the same character.
    return IN_FILE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    if IN_FILE.search(data):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
    return dumper.represent_str(data)


@functools.lru_cache(maxsize=None)
def _dumper(indent_lists: bool, words_inline: bool, quote_dates: bool) -> type[yaml.SafeDumper]:

    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            return super().increase_indent(flow, indentless and not indent_lists)

    Dumper.add_representer(str, _represent_str)

    if words_inline:
        def represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
            flow = all(isinstance(v, str) and len(v) < _SHORT_WORD for v in data)
            return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)

        Dumper.add_representer(list, represent_list)
    if not quote_dates:
        Dumper.yaml_implicit_resolvers = {
            first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
            for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()}
    return Dumper
