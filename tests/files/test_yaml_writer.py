"""files/yaml_writer.py: the one YAML dumper, and the layouts `new`, `import` and `--format yaml` use."""

from __future__ import annotations

import re

import yaml
from support import REPO

from ai_tracker.files import yaml_reader, yaml_writer

DATA = {"name": "Qwen3", "released": {"date": "2026-02-12"}, "categories": ["language", "coding"],
        "version": "2.10", "flag": "NO", "note": "通义千问"}


def test_release_file_layout_lists_indented_under_their_key():
    assert yaml_writer.dump(DATA) == (
        "name: Qwen3\nreleased:\n  date: '2026-02-12'\ncategories:\n  - language\n  - coding\n"
        "version: '2.10'\nflag: 'NO'\nnote: 通义千问\n")


def test_new_writes_dates_bare():
    assert yaml_writer.dump({"date": "2026-02-12"}, quote_dates=False) == "date: 2026-02-12\n"
    assert yaml_writer.dump({"v": "2.10", "f": "NO"}, quote_dates=False) == "v: '2.10'\nf: 'NO'\n"


def test_import_puts_short_words_inline():
    text = yaml_writer.dump({"categories": ["language", "coding"], "empty": [],
                             "orgs": [{"name": "A", "country": ["CN", "US"]}]}, words_inline=True)
    assert text == "categories: [language, coding]\nempty: []\norgs:\n  - name: A\n    country: [CN, US]\n"
    assert yaml_writer.dump({"long": ["x" * 40]}, words_inline=True) == f"long:\n  - {'x' * 40}\n"


def test_never_anchors():
    shared = ["a", "b"]
    assert "&" not in yaml_writer.dump({"one": shared, "two": shared})


def test_safe_dump_is_pyyamls_for_output():
    options = {"allow_unicode": True, "sort_keys": False, "default_flow_style": False, "width": 100}
    assert yaml_writer.dump(DATA, indent_lists=False) == yaml.safe_dump(DATA, **options)


def test_what_is_written_reads_back_the_same():
    for options in ({}, {"quote_dates": False}, {"words_inline": True}):
        assert yaml_reader.parse(yaml_writer.dump(DATA, **options).encode(), positions=False).data == DATA


def test_no_other_module_dumps_yaml():
    pattern = re.compile(r"yaml\.(safe_)?dump|Dumper")
    offenders = [str(path.relative_to(REPO)) for path in sorted((REPO / "ai_tracker").rglob("*.py"))
                 if path.name != "yaml_writer.py" and pattern.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
