"""model/vocab.did_you_mean: the one wording of a 'did you mean' hint."""

from __future__ import annotations

from support import REPO

from ai_tracker.model import vocab


def test_did_you_mean():
    assert vocab.did_you_mean(["released"], quoted=True) == "; did you mean 'released'?"
    assert vocab.did_you_mean(["GLM-5", "GLM-4.5"]) == "; did you mean GLM-5, GLM-4.5?"
    assert vocab.did_you_mean(["qwen3"], quoted=True, before=" (", after=")") == " (did you mean 'qwen3'?)"
    assert vocab.did_you_mean(["language"], before="", after=" ") == "did you mean language? "
    assert vocab.did_you_mean([]) == "" and vocab.did_you_mean([], before=" (", after=")") == ""


def test_nearest_feeds_it():
    assert vocab.did_you_mean(vocab.nearest("langage", vocab.CATEGORIES)) == "; did you mean language?"


def test_no_other_module_words_the_hint():
    offenders = [str(path.relative_to(REPO)) for path in sorted((REPO / "ai_tracker").rglob("*.py"))
                 if path.name != "vocab.py" and "did you mean " in path.read_text(encoding="utf-8")]
    assert offenders == []


def test_country_names_match_whole_names_and_known_short_forms_never_a_few_letters():
    from ai_tracker.model import countries

    assert [countries.lookup(t) for t in ("U.S.", "USA", "u s a", "PRC", "UAE", "Russia", "china")] == [
        "US", "US", "US", "CN", "AE", "RU", "CN"]
    # "ROC" is in "Morocco", "EU" in "Eustatius", "U.S." in "Virgin Islands, U.S.": none of them.
    assert [countries.lookup(t) for t in ("ROC", "EU", "occo", "Islands")] == [None, None, None, None]


def test_a_region_given_as_a_country_says_to_use_region(cli):
    result = cli("list", "--country", "Europe")
    assert (result.exit_code, result.stderr) == (
        2, "error: --country: 'Europe' is a region, not a country: use --region 'Europe'\n")
