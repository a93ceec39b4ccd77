"""One release from many sources: linked files are one release (listed, counted, looked up
once), the precedence says whose date counts and `show`/json carry every record's date;
validate warns of likely duplicates no link resolves (--strict: errors)."""

from __future__ import annotations

import json
import os

from support import minimal, write_release, write_text

from ai_tracker.collection import matching


def imported(name: str, date: str, database: str, key: str, org: str = "Test Lab", **origin: str) -> dict:
    """A record as an importer writes it: its database as its source, origin with its key."""
    return minimal(name, organization=[{"name": org, "country": "US"}],
                   released={"date": date, "source": database}, sources=[{"id": database, "title": database}],
                   origin={"database": database, "key": key, **origin})


def collection(tmp_path, *, link: bool = True):
    curated, mine = tmp_path / "curated", tmp_path / "mine"
    write_release(curated, "atlas", name="Atlas", aliases=["Atlas 1"],
                  released={"date": "2026-02-12", "source": "s1"},
                  links=[{"database": "models-dev", "key": "lab/atlas"}] if link else [])
    write_release(mine, "atlas-test-lab", imported("Atlas", "2026-02", "epoch", "Atlas",
                                                    **({"same_as": "atlas"} if link else {})))
    write_release(mine, "atlas-md", imported("Atlas 1", "2026-02-14", "models-dev", "lab/atlas"))
    write_release(mine, "other", imported("Other", "2025-01-01", "epoch", "Other"))
    return ["-d", str(curated), "-d", str(mine)]


def test_linked_files_are_one_release_everywhere(cli, tmp_path):
    dirs = collection(tmp_path)
    listed = json.loads(cli("list", *dirs, "--format", "json").stdout)
    assert sorted(r["id"] for r in listed) == ["atlas", "other"]
    [atlas] = [r for r in listed if r["id"] == "atlas"]
    assert [(r["id"], r["released"]["date"], r["counted"]) for r in atlas["records"]] == [
        ("atlas", "2026-02-12", True), ("atlas-md", "2026-02-14", False), ("atlas-test-lab", "2026-02", False)]
    assert atlas["records"][1]["why"] == "linked by the curated file"
    # Every record's name and id finds the one release.
    for name in ("atlas-md", "atlas-test-lab", "Atlas 1"):
        shown = cli("show", name, *dirs)
        assert shown.exit_code == 0 and shown.stdout.startswith("Atlas\n=====\nid: atlas"), name
    counts = json.loads(cli("counts", *dirs, "--per", "year", "--format", "json").stdout)
    assert {row["year"]: row["total"] for row in counts} == {"2025": 1, "2026": 1}
    assert cli("validate", *dirs).exit_code == 0


def test_show_prints_each_records_date_and_which_counts(cli, tmp_path):
    shown = cli("show", "atlas", *collection(tmp_path)).stdout
    records = shown[shown.index("Records\n"):shown.index("Sources\n")]
    assert "- 2026-02-12 — curated file (atlas)\n" in records
    assert "- 2026-02-14 — models-dev record 'lab/atlas' (atlas-md)\n" in records
    assert "- 2026-02 (month only) — epoch record 'Atlas' (atlas-test-lab)\n" in records
    assert records.index("curated file") < records.index("models-dev record") < records.index("epoch record")
    assert "counted: the curated file comes first" in records


def test_without_a_curated_file_the_most_precise_date_counts(cli, tmp_path):
    mine = tmp_path / "mine"
    write_release(mine, "b-month", imported("Bolt", "2026-03", "epoch", "Bolt"))
    write_release(mine, "a-day", imported("Bolt", "2026-03-20", "models-dev", "lab/bolt", same_as="b-month"))
    [bolt] = json.loads(cli("list", "-d", str(mine), "--format", "json").stdout)
    assert bolt["id"] == "a-day" and bolt["released"]["date"] == "2026-03-20"
    assert [r["id"] for r in bolt["records"]] == ["a-day", "b-month"]
    assert bolt["records"][0]["why"] == "the most precise date (day)"


def test_likely_duplicates_are_warnings_naming_both_files_and_strict_makes_them_errors(cli, tmp_path):
    dirs = collection(tmp_path, link=False)
    checked = cli("validate", *dirs)
    assert checked.exit_code == 0
    curated, imported_file = tmp_path / "curated" / "atlas.yaml", tmp_path / "mine" / "atlas-test-lab.yaml"
    line = next(x for x in checked.stdout.splitlines() if "atlas-test-lab.yaml" in x)
    assert str(curated) in line and str(imported_file) in line and ": warning: likely the same model as" in line
    assert "origin.same_as: atlas" in line
    assert "2 warnings" in checked.stderr  # the epoch and the models.dev record, each with the curated file
    strict = cli("validate", *dirs, "--strict")
    assert strict.exit_code == 1 and ": error: likely the same model" in strict.stdout


def test_the_rule_needs_name_organisation_and_near_dates():
    class Reg:
        organizations = {"lab": {"name": "Lab", "aliases": [], "parent": None}}

        def lookup_terms(self):
            return {"lab": "lab"}

        def root_of(self, org_id):
            return org_id

    def facts(name, org, date):
        return matching.Facts({"name": name, "organization": [{"name": org}], "released": {"date": date}},
                              {"lab": "lab"}, {"lab": "lab"})

    base = facts("GPT-4", "Lab", "2023-03-14")
    assert base.same_model(facts("gpt 4", "lab", "2023-11-06"))  # separators, case; 237 days apart
    assert not base.same_model(facts("GPT-4", "Other Lab", "2023-03-14"))
    assert not base.same_model(facts("GPT-4o", "Lab", "2023-03-14"))
    assert not base.same_model(facts("GPT-4", "Lab", "2024-04-01"))  # over a year apart
    assert base.same_model(facts("GPT-4", "Lab", "2024"))  # a year's span reaches it
    # A model named by its series and size is the series' release when out together.
    llama = facts("Llama 4", "Lab", "2025-04-05")
    assert llama.same_model(facts("Llama 4 Scout 17B Instruct", "Lab", "2025-04-05"))
    assert not llama.same_model(facts("Llama 4 Scout 17B Instruct", "Lab", "2025-04-20"))
    assert not llama.same_model(facts("Llama 4.1 Scout", "Lab", "2025-04-05"))
    assert not llama.same_model(facts("Llama 4 Scout 17B Instruct", "Lab", "2025-04"))  # a month: too loose
    assert facts("MiniMax M2.5", "Lab", "2026-02-12").same_model(facts("MiniMax-M2.5-highspeed", "Lab", "2026-02-13"))


def test_compare_carries_each_records_date(cli, tmp_path):
    dirs = collection(tmp_path)
    # tsv: one row per fact (piped plain text wraps a row wider than 100 columns over lines).
    shown = cli("compare", "atlas", "other", *dirs, "--format", "tsv")
    row = next(line.split("\t") for line in shown.stdout.splitlines() if line.startswith("Dates by source\t"))
    assert row[1] == "2026-02-12 (curated, counted); 2026-02-14 (models-dev); 2026-02 (epoch)"
    data = json.loads(cli("compare", "atlas", "other", *dirs, "--format", "json").stdout)
    assert [r["id"] for r in data["releases"][0]["records"]] == ["atlas", "atlas-md", "atlas-test-lab"]


def test_two_records_naming_each_other_are_one_release(cli, tmp_path):
    mine = tmp_path / "mine"
    write_release(mine, "a-epoch", imported("Cobalt", "2026-03-20", "epoch", "Cobalt", same_as="b-md"))
    write_release(mine, "b-md", imported("Cobalt", "2026-03-20", "models-dev", "lab/cobalt", same_as="a-epoch"))
    listed = json.loads(cli("list", "-d", str(mine), "--format", "json").stdout)
    assert [r["id"] for r in listed] == ["a-epoch"] and len(listed[0]["records"]) == 2


def test_hand_written_releases_whose_ids_or_names_fold_to_one_text_are_errors(cli, tmp_path):
    """qwen3 and qwen-3, Kling 3.0 and Kling 3: no name could tell them apart, so validate
    fails (exit 1) naming both files, once per pair and never also as a warning."""
    d = tmp_path / "d"
    write_release(d, "qwen3", name="Qwen3")
    write_release(d, "qwen-3", name="Qwen 3")
    write_release(d, "kling-3-0", name="Kling 3.0")
    write_release(d, "kling-three", name="KLING 3")
    write_release(d, "apart", name="Apart 2")
    checked = cli("validate", "--data-dir", str(d))
    assert checked.exit_code == 1
    errors = [x for x in checked.stdout.splitlines() if "nearly the same" in x]
    assert len(errors) == 2, checked.stdout
    qwen = next(x for x in errors if "qwen" in x)
    assert str(d / "qwen3.yaml") in qwen and str(d / "qwen-3.yaml") in qwen
    kling = next(x for x in errors if "kling" in x)
    assert " name: nearly the same name as" in kling and str(d / "kling-3-0.yaml") in kling
    assert ": warning:" not in checked.stdout and "apart.yaml" not in checked.stdout, checked.stdout
    assert "5 release files" in checked.stderr and ": 3 valid, 2 with errors (2 problems)" in checked.stderr
    # Linked records of other databases with the same name stay one release, no error.
    assert cli("validate", *collection(tmp_path / "linked")).exit_code == 0


def test_the_digest_names_a_linked_release_once(cli, tmp_path):
    """The curated Atlas and its two imported records (linked) are one release in the
    week's digest, as in list and counts."""
    dirs = collection(tmp_path)
    digest = cli("digest", "--week", "2026-W07", "--format", "json", *dirs)
    assert digest.exit_code == 0, digest.stderr
    names = [r["name"] for r in json.loads(digest.stdout)["releases"]]
    assert names.count("Atlas") == 1 and "Atlas 1" not in names, names
    unlinked = cli("digest", "--week", "2026-W07", "--format", "json", *collection(tmp_path / "u", link=False))
    assert len(json.loads(unlinked.stdout)["releases"]) > 1  # without the links they are separate


def test_a_name_clash_is_located_at_the_name(cli, tmp_path):
    """Red team F3: the name clash names file, line, column and field, as the alias clash does."""
    d = tmp_path / "d"
    write_release(d, "kling-3-0", name="Kling 3.0")
    write_text(d, "kling-three", (d / "kling-3-0.yaml").read_text(encoding="utf-8")
               .replace("name: Kling 3.0\n", "# a comment first\nname:   KLING 3\n"))
    [error] = json.loads(cli("validate", "--data-dir", str(d), "-o", "json").stdout)
    assert (error["file"], error["line"], error["column"], error["field"]) == (str(d / "kling-three.yaml"), 2, 9, "name")
    assert "nearly the same name as" in error["message"]


def test_a_records_path_is_escaped_text_in_json(cli, tmp_path):
    """Red team F10, the same class: a record's path, under a folder named with an escape
    sequence and a byte that is not UTF-8, is the text the plain output shows."""
    mine = tmp_path / os.fsdecode(b"m\xff\x1b[31m")
    write_release(mine, "a-epoch", imported("Cobalt", "2026-03-20", "epoch", "Cobalt", same_as="b-md"))
    write_release(mine, "b-md", imported("Cobalt", "2026-03-20", "models-dev", "lab/cobalt", same_as="a-epoch"))
    [listed] = json.loads(cli("list", "-d", str(mine), "--format", "json").stdout)
    paths = [r["path"] for r in listed["records"]]
    assert paths == [str(tmp_path / r"m\xff\x1b[31m" / f"{i}.yaml") for i in ("a-epoch", "b-md")]


def test_a_file_refused_for_a_clash_with_another_is_left_out_by_every_command(cli, tmp_path):
    """What validate refuses across files (names lookup cannot tell apart, an alias that
    is another's name, a database record linked by two files) is left out by `list`,
    `counts` and `weekly` too, with the warning every other refused file gets: never
    counted by one command and refused by another."""
    d = tmp_path / "d"
    write_release(d, "a", name="Nova 5")
    write_release(d, "b", name="NOVA 5")
    write_release(d, "c", name="Ｎｏｖａ ５")
    write_release(d, "e", name="Orbit", aliases=["ＮＯＶＡ 5"])  # an alias that is a's name
    write_release(d, "f", name="Pulse", links=[{"database": "epoch", "key": "Pulse"}])
    write_release(d, "g", name="Quill", links=[{"database": "epoch", "key": "Pulse"}])  # f's record again
    checked = cli("validate", "-d", str(d))
    assert checked.exit_code == 1
    assert f"6 release files in '{d}': 2 valid, 4 with errors (4 problems)" in checked.stderr, checked
    for args in (["--no-cache"], []):  # read, then from the cache's memo
        listed = cli("list", "-d", str(d), "--format", "csv", *args)
        assert listed.exit_code == 0, listed
        assert sorted(line.split(",")[0] for line in listed.stdout.splitlines()[1:]) == ["a", "f"]
        assert "warning: skipped 4 of 6 release files with errors" in listed.stderr, listed
    counts = cli("counts", "-d", str(d), "--per", "year", "--format", "json")
    assert [row["total"] for row in json.loads(counts.stdout)] == [2], counts
    assert "warning: skipped 4 of 6 release files with errors" in counts.stderr
    weekly = cli("weekly", "-d", str(d), "--week", "2026-W07", "--format", "json")
    assert [w["total"] for w in json.loads(weekly.stdout)] == [2], weekly
    assert "warning: skipped 4 of 6 release files with errors" in weekly.stderr
