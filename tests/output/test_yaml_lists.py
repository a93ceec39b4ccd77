"""A YAML list is written item by item, and reads exactly as one dump of the whole."""

from __future__ import annotations

from ai_tracker.collection.catalog import load
from ai_tracker.collection.folders import DataDir, bundled_dir
from ai_tracker.files import yaml_writer
from ai_tracker.output import render


def test_item_by_item_is_the_whole_dump():
    found = load(DataDir(bundled_dir(), "bundled"), use_cache=False)
    records = [e.record for e in found.entries[:40]]
    cases = [records, ["a", "NO", "2.10", ""], [[1, 2], {"k": None}], [{"text": "line one\nline two"}]]
    for data in cases:
        assert render.to_yaml(data) == yaml_writer.dump(data, indent_lists=False)
    assert render.to_yaml([]) == "[]\n"
