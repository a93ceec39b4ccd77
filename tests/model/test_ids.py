"""Ids: one pattern, one list of reserved names, one slugify for `new` and `import epoch`."""

from __future__ import annotations

import pytest

from ai_tracker.files import newfile
from ai_tracker.interchange import importing
from ai_tracker.model import ids


def test_slugify():
    # From `new`'s tests.
    assert ids.slugify("Claude Opus 4.5") == "claude-opus-4-5"
    assert ids.slugify("GPT‑5 (high)") == "gpt-5-high"
    assert ids.slugify("Straße ﬁne") == "strasse-fine"
    assert ids.slugify("—") == ""
    assert len(ids.slugify("word " * 40)) <= ids.MAX_ID_LENGTH
    # From the importer's tests.
    assert ids.slugify("NÜWA") == "nuwa"
    assert ids.slugify("(ensemble): AWD-LSTM-DOC (fin) × 5 (WT2)") == "ensemble-awd-lstm-doc-fin-5-wt2"
    assert ids.slugify("智谱") == ""  # no Latin letters: the importer falls back to model-<hash>
    assert len(ids.slugify("x" * 50 + " " + "y" * 50)) <= 80


@pytest.mark.parametrize("name, slug", [
    # Where `new` and `import` used to disagree: `new` dropped `+` and Greek letters.
    ("DeepLabV3+", "deeplabv3-plus"),
    ("C++ Coder", "c-plus-plus-coder"),
    ("PanGu-Σ", "pangu-sigma"),
    ("AlphaFold λ", "alphafold-lambda"),  # Unicode spells it LAMDA
    ("μTransfer", "mu-transfer"),
    ("ά", "alpha"),  # an accented Greek letter is the letter
    # ... and the importer kept ß as a separator ('stra-e'); both now case-fold it.
    ("Straße", "strasse"),
])
def test_slugify_where_new_and_import_disagreed(name, slug):
    assert ids.slugify(name) == slug
    assert newfile.id_from_name(name) == slug
    assert importing.slugify is ids.slugify and newfile.slugify is ids.slugify


def test_a_long_slug_is_cut_at_a_word():
    slug = ids.slugify("a" * 70 + " " + "b" * 20)
    assert slug == "a" * 70
    assert ids.slugify("c" * 100) == "c" * 80  # one word: cut where it must be


def test_ids():
    assert ids.is_valid_id("glm-4-5")
    for bad in ("GLM", "glm--4", "-glm", "glm-", "glm_4", "../x", ""):
        assert not ids.is_valid_id(bad), bad
    assert {"con", "nul", "com1", "lpt9"} <= ids.RESERVED_IDS
    assert all(ids.is_valid_id(i) for i in ids.RESERVED_IDS)
