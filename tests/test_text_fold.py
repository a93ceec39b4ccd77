"""text.fold: the one fold for matching names and words."""

from __future__ import annotations

from support import REPO

from ai_tracker.analysis import filters, lookup
from ai_tracker.collection import folders
from ai_tracker.text import fold


def test_fold():
    assert fold("ＫＬＩＮＧ Ⅲ") == "kling iii"
    assert fold("Straße") == "strasse"
    assert fold("通义千问") == "通义千问"
    assert fold("  Open   Weights\t(Unrestricted) ", spacing=True) == "open weights (unrestricted)"
    assert fold("  a  b ") == "  a  b "  # without spacing, spaces are text (`--search` finds them)


def test_its_users_build_on_it():
    assert filters.fold is fold
    assert lookup.fold("ＫＬＩＮＧ 3.0") == "kling3"  # fold, then separators and a zero minor dropped
    # File names fold less, on purpose: width is not folded by file systems.
    assert folders.id_key("Qwen3") == folders.id_key("qwen3") != folders.id_key("ｑｗｅｎ3")


def test_no_other_module_folds_with_nfkc():
    offenders = [str(path.relative_to(REPO)) for path in sorted((REPO / "ai_tracker").rglob("*.py"))
                 if path.name != "text.py" and '"NFKC"' in path.read_text(encoding="utf-8")]
    assert offenders == []
