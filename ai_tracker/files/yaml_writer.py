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

Quoting is otherwise PyYAML's: `NO` and `2.10` stay text.
"""

from __future__ import annotations

import functools
from typing import Any

import yaml

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SHORT_WORD = 40  # a list of strings all shorter than this goes inline with words_inline


def dump(data: Any, *, indent_lists: bool = True, words_inline: bool = False, quote_dates: bool = True) -> str:
    """data as a YAML document, laid out as the options say (see the module's docstring)."""
    return yaml.dump(data, Dumper=_dumper(indent_lists, words_inline, quote_dates), allow_unicode=True,
                     sort_keys=False, default_flow_style=False, width=100)


@functools.lru_cache(maxsize=None)
def _dumper(indent_lists: bool, words_inline: bool, quote_dates: bool) -> type[yaml.SafeDumper]:

    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            return super().increase_indent(flow, indentless and not indent_lists)

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
