"""Finding a release by what a person types (ai_tracker.analysis.lookup), and its errors at the CLI."""

from __future__ import annotations

import pytest
from support import write_release
from support.samples import org, released, sample_catalog

from ai_tracker.analysis import lookup
from ai_tracker.collection.catalog import load
from ai_tracker.collection.folders import DataDir
from ai_tracker.errors import UsageError


@pytest.fixture
def catalog(tmp_path):
    return sample_catalog(tmp_path / "d")


@pytest.mark.parametrize("typed", [
    "glm-5", "GLM-5", "glm5", "GLM 5", "glm 5", "Glm.5", "glm_5", " GLM-5 ",
    "ＧＬＭ－５",  # full width
    "智谱GLM-5", "智谱 GLM-5", "智谱glm5",  # a Chinese alias, spaced or not
    "Zhipu AI GLM-5", "智谱AI GLM-5",  # organisation (or its alias) and name
])
def test_many_spellings_find_glm_5(catalog, typed):
    assert lookup.find(catalog, typed).id == "glm-5"


@pytest.mark.parametrize("typed, expected", [
    ("Claude Opus 4.5", "claude-opus-4-5"),
    ("claude-opus-4.5", "claude-opus-4-5"),
    ("kling3", "kling-3-0"),  # "3.0" reads as "3"
    ("Kling 3", "kling-3-0"),
    ("kling-3-0", "kling-3-0"),
    ("kling 2.6", "kling-2-6"),
    ("kling1", "kling-1-0"),
    ("GLM-4.5", "glm-4-5"),
    ("glm45", "glm-4-5"),
])
def test_loose_names(catalog, typed, expected):
    assert lookup.find(catalog, typed).id == expected


@pytest.mark.parametrize("typed", ["opus", "seedance", "Qwen3.51", "Kling 3.01", "glm"])
def test_part_of_a_name_is_never_a_match_even_of_one_release(catalog, typed):
    """'opus' is part of one name only (Claude Opus 4.5), and still no name of it: the
    release is offered to type whole, never answered for it (exit 2)."""
    with pytest.raises(UsageError) as err:
        lookup.find(catalog, typed)
    message = str(err.value)
    assert message.startswith((f"no release is named '{typed}'", f"no release matches '{typed}'")), message



def test_fold():
    assert lookup.fold("Kling 3.0") == lookup.fold("kling-3-0") == lookup.fold("KLING３") == "kling3"
    assert lookup.fold("GLM-4.5") == "glm45"
    assert lookup.fold("Qwen2.5-0.5B") == "qwen2505b"  # only a trailing zero minor is dropped
    assert lookup.fold("智谱 GLM-5") == "智谱glm5"


def test_ambiguous_lists_candidates_with_ids_and_dates(catalog):
    with pytest.raises(UsageError) as err:
        lookup.find(catalog, "kling")
    assert str(err.value) == (
        "no release is named 'kling'; it is part of the names of 3: Kling 3.0 (kling-3-0, 2026-02-04), "
        "Kling 2.6 (kling-2-6, 2025-12), Kling 1.0 (kling-1-0, 2024-06-06); give the id or the whole name")


def test_glm_alone_is_ambiguous(catalog):
    with pytest.raises(UsageError, match=r"^no release is named 'glm'; it is part of the names of 2: "
                                         r"GLM-5 \(glm-5, 2026-02-12\), GLM-4.5 \(glm-4-5, 2025-07\)"):
        lookup.find(catalog, "glm")


def test_not_found_suggests_nearest(catalog):
    with pytest.raises(UsageError) as err:
        lookup.find(catalog, "glm6")
    assert str(err.value) == "no release matches 'glm6'; did you mean GLM-5, GLM-4.5?"


def test_not_found_without_anything_near(catalog):
    with pytest.raises(UsageError) as err:
        lookup.find(catalog, "zzzzzz")
    assert str(err.value) == "no release matches 'zzzzzz' (`ai-tracker list` shows every release)"


@pytest.mark.parametrize("typed", ["", "   ", "--", "."])
def test_empty_names_are_refused(catalog, typed):
    with pytest.raises(UsageError, match="empty release name"):
        lookup.find(catalog, typed)


EPOCH = {"database": "epoch", "key": "a row"}  # an imported record's origin


def test_exact_id_or_name_wins_over_ambiguity(tmp_path):
    folder = tmp_path / "d"
    write_release(folder, "kling", name="Kling", organization=org("Kuaishou", "CN"))
    write_release(folder, "kling-3-0", name="Kling 3.0", organization=org("Kuaishou", "CN"))
    # "Flash" is one release's name and another's alias: the name wins. (An imported record:
    # two curated releases so named are refused, and never reach lookup.)
    write_release(folder, "flash", name="Flash")
    write_release(folder, "flash-lite", name="Flash Lite", aliases=["flash"], origin=EPOCH)
    catalog = load(DataDir(folder, "option"))
    assert lookup.find(catalog, "kling").id == "kling"
    assert lookup.find(catalog, "Kling").id == "kling"
    assert lookup.find(catalog, "Flash").id == "flash"
    assert lookup.find(catalog, "flash lite").id == "flash-lite"
    with pytest.raises(UsageError, match="'FLASH' matches 2 releases"):
        lookup.find(catalog, "FLASH")  # not exactly either: both fold to "flash"


def test_same_alias_on_two_releases_is_ambiguous(tmp_path):
    folder = tmp_path / "d"
    write_release(folder, "a-one", name="A One", aliases=["Nova"], released=released("2026-01-02"))
    write_release(folder, "b-two", name="B Two", aliases=["nova"], released=released("2026-03"),
                  origin=EPOCH)  # imported: two curated releases so named are refused
    catalog = load(DataDir(folder, "option"))
    with pytest.raises(UsageError) as err:
        lookup.find(catalog, "nova")
    assert str(err.value).startswith("'nova' matches 2 releases: B Two (b-two, 2026-03), "
                                     "A One (a-one, 2026-01-02)")  # newest first


def test_find_all_keeps_order(catalog):
    assert [r.id for r in lookup.find_all(catalog, ["kling3", "glm5", "Claude Opus 4.5"])] == [
        "kling-3-0", "glm-5", "claude-opus-4-5"]


@pytest.mark.parametrize("command", [["show"], ["compare", "glm5"]])
@pytest.mark.parametrize("typed, message", [
    ("glm6", "error: no release matches 'glm6'; did you mean GLM-5, GLM-4.5?\n"),
    ("kling", "error: no release is named 'kling'; it is part of the names of 3: Kling 3.0 (kling-3-0, "
              "2026-02-04), Kling 2.6 (kling-2-6, 2025-12), Kling 1.0 (kling-1-0, 2024-06-06); "
              "give the id or the whole name\n"),
])
def test_cli_errors_exit_2_with_nothing_on_stdout(cli, tmp_path, command, typed, message):
    from support.samples import write_sample

    folder = write_sample(tmp_path / "d")
    result = cli(*command, typed, "--data-dir", str(folder))
    assert result.exit_code == 2, result
    assert result.stdout == ""
    assert result.stderr == message


def test_bundled_data_lookups(cli):
    from support import REPO

    catalog = load(DataDir(REPO / "releases", "bundled"))
    for typed in ("glm5", "GLM 5", "glm-5", "智谱GLM-5", "ＧＬＭ５"):
        assert lookup.find(catalog, typed).id == "glm-5"
    assert lookup.find(catalog, "kling3").id == "kling-3-0"
    assert lookup.find(catalog, "minimax-m2.5").id == "minimax-m2-5"
    result = cli("show", "glm6")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "error: no release matches 'glm6'; did you mean GLM-4.6, GLM-4.6V, GLM-5?\n"


def test_shell_completion_offers_ids_with_names(tmp_path):
    from types import SimpleNamespace

    from support import write_release

    from ai_tracker.cli.common import complete_release

    write_release(tmp_path / "d", "kling-3-0", name="Kling 3.0")
    write_release(tmp_path / "d", "glm-5", name="GLM-5")
    ctx = SimpleNamespace(params={"data_dir": str(tmp_path / "d")})
    assert complete_release(ctx, "kl") == [("kling-3-0", "Kling 3.0")]
    # The shell keeps only words that start with what was typed: a name is offered as itself.
    assert complete_release(ctx, "GLM") == [("GLM-5", "GLM-5 (glm-5)")]
    assert complete_release(SimpleNamespace(params={"data_dir": str(tmp_path / "none")}), "k") == []
