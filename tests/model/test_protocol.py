"""Both release types analysis reads (the cached Entry, the Release model) have every
attribute of ReleaseLike, with the same values."""

from __future__ import annotations

from support import write_release

from ai_tracker.collection.catalog import load
from ai_tracker.collection.folders import DataDir
from ai_tracker.model.protocol import ReleaseLike

ATTRIBUTES = [name for name in vars(ReleaseLike) if not name.startswith("_")]


def test_entry_and_model_agree_on_every_attribute(tmp_path):
    write_release(tmp_path, "a", name="A", aliases=["Alpha"], summary="S", open_weights=True,
                  organization=[{"name": "Lab", "country": ["US", "GB"], "aliases": ["L"], "parent": "Co"}])
    catalog = load(DataDir(tmp_path, "option"))
    entry, model = catalog.entries[0], catalog.releases[0]
    assert len(ATTRIBUTES) >= 12
    for name in ATTRIBUTES:
        value, expected = getattr(entry, name), getattr(model, name)
        if name == "organization":
            value = [(o.name, o.country, o.aliases, o.parent) for o in value]
            expected = [(o.name, o.country, o.aliases, o.parent) for o in expected]
        assert value == expected, name
