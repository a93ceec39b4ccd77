"""Files crafted to make the checks slow: every check does work in proportion to the
file, and the limits no real file reaches are stated and enforced."""

from __future__ import annotations

import pytest
from support import minimal, rel, write_release

from ai_tracker.analysis import lookup
from ai_tracker.errors import UsageError
from ai_tracker.files import loader
from ai_tracker.files.loader import MAX_PROBLEMS, read_release
from ai_tracker.model import vocab
from ai_tracker.model.schema import MAX_ALIASES, MAX_SOURCES


def test_more_aliases_than_the_limit_are_refused(tmp_path):
    path = write_release(tmp_path, "many", aliases=[f"alias {i}" for i in range(MAX_ALIASES + 1)])
    release, [problem] = read_release(path, "many.yaml")
    assert release is None
    assert problem.field == "aliases" and problem.line is not None
    assert f"at most {MAX_ALIASES} items" in problem.message
    ok = write_release(tmp_path, "enough", aliases=[f"alias {i}" for i in range(MAX_ALIASES)])
    assert read_release(ok, "enough.yaml")[1] == []


def test_more_sources_than_the_limit_are_refused(tmp_path):
    sources = [{"id": f"s{i}", "title": "t"} for i in range(MAX_SOURCES + 1)]
    path = write_release(tmp_path, "many", sources=[{"id": "s1", "title": "t"}, *sources[2:]])
    assert read_release(path, "many.yaml")[1] == []  # exactly the limit
    path = write_release(tmp_path, "many", sources=sources)
    release, [problem] = read_release(path, "many.yaml")
    assert problem.field == "sources" and f"at most {MAX_SOURCES} items" in problem.message


def test_lookup_never_builds_organisation_times_name_keys(monkeypatch):
    """An organisation with 100 aliases and a release with 100: finding it folds each
    name once, not every pairing (3,000 of each took 25 s and 1.5 GB)."""
    release = rel("big", "2026-02-12", ("Lab", "US"), aliases=[f"Big {i}" for i in range(MAX_ALIASES)])
    release.organization[0].aliases.extend(f"Lab {i}" for i in range(MAX_ALIASES))
    calls = []
    real = lookup.fold
    monkeypatch.setattr(lookup, "fold", lambda text: calls.append(text) or real(text))
    assert lookup._find([release], "Lab 7 Big 42") is release  # organisation then name
    with pytest.raises(UsageError, match="is part of the name of"):  # a part across the two: offered, not taken
        lookup._find([release], "b7big4")
    assert len(calls) < 10 * MAX_ALIASES  # each pairing would be 2 * 101 * 101


def test_problems_per_file_stop_at_the_limit_and_say_how_many_more(tmp_path, monkeypatch):
    data = {**minimal(), **{f"unknown{i}": 1 for i in range(MAX_PROBLEMS * 10)}}
    path = write_release(tmp_path, "noisy", data)
    hints = []
    real = vocab.nearest
    monkeypatch.setattr(vocab, "nearest", lambda *a, **k: hints.append(a) or real(*a, **k))
    release, problems = read_release(path, "noisy.yaml")
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1].message == f"and {MAX_PROBLEMS * 9:,} more problems in this file (the first {MAX_PROBLEMS} are shown)"
    assert len(hints) <= MAX_PROBLEMS  # "did you mean" only for what is shown


def test_a_missing_source_lists_at_most_ten_known_ones(tmp_path):
    sources = [{"id": f"s{i}", "title": "t"} for i in range(1, 40)]
    path = write_release(tmp_path, "x", sources=sources, highlights=[{"text": "h", "source": "nope"}])
    _, [problem] = read_release(path, "x.yaml")
    assert problem.message == ("source 'nope' is not in this file's sources "
                               "(known: s1, s2, s3, s4, s5, s6, s7, s8, s9, s10 and 29 more)")
    assert loader._listed([]) == "none"
