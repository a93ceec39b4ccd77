"""The registry: organisations and shared sources defined once, in the data folder,
over the bundled registry; every check with its file and line."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import yaml
from support import REPO, minimal, write_release, write_text


def registry(folder: Path, organizations: str = "", sources: str = "") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if organizations:
        (folder / "organizations.yaml").write_text(textwrap.dedent(organizations), encoding="utf-8")
    if sources:
        (folder / "sources.yaml").write_text(textwrap.dedent(sources), encoding="utf-8")


LABS = """\
    lab-a:
      name: Lab A
      aliases: [实验室A]
      country: CN
      parent: group-a
    group-a:
      name: Group A
      country: CN
    lab-b:
      name: Lab B
      country: US
      also_counted_in:
        - {country: GB, rule: a tally counts it where its lab is}
    """


def counts(cli, folder: Path, *extra: str) -> dict[str, int]:
    result = cli("weekly", "--week", "2026-W07", "--by", "country", "--format", "json", "--data-dir", str(folder),
                 *extra)
    assert result.exit_code == 0, result
    return json.loads(result.stdout)[0]["counts"]


def test_releases_name_organisations_by_id_and_count_by_the_registry(cli, tmp_path):
    d = tmp_path / "d"
    registry(d, LABS)
    write_release(d, "one", name="One", organization=["lab-a"])
    write_release(d, "two", name="Two", organization=["lab-b"])
    assert counts(cli, d) == {"CN": 1, "US": 1}
    shown = cli("show", "one", "--data-dir", str(d)).stdout
    assert "Lab A — China (CN)" in shown and "part of: Group A" in shown
    # One country changed in the registry changes every count that uses it.
    (d / "organizations.yaml").write_text(textwrap.dedent(LABS).replace("country: CN\n  parent", "country: JP\n  parent"),
                                          encoding="utf-8")
    assert counts(cli, d) == {"JP": 1, "US": 1}


def test_attribution_rules_parent_and_wide(cli, tmp_path):
    d = tmp_path / "d"
    registry(d, LABS.replace("      country: CN\n      parent", "      country: SG\n      parent"))
    write_release(d, "one", name="One", organization=["lab-a"])
    write_release(d, "two", name="Two", organization=["lab-b"])
    assert counts(cli, d) == {"SG": 1, "US": 1}
    assert counts(cli, d, "--attribution", "parent") == {"CN": 1, "US": 1}  # Group A's country
    assert counts(cli, d, "--attribution", "wide") == {"GB": 1, "SG": 1, "US": 1}


def test_a_collection_of_ones_own_uses_the_bundled_registry(cli, tmp_path):
    d = tmp_path / "mine"
    write_release(d, "my-glm", name="My GLM", organization=["zhipu-ai"])
    result = cli("list", "--format", "csv", "--data-dir", str(d))
    assert result.exit_code == 0, result
    assert result.stdout.splitlines()[1].split(",")[3:5] == ["Zhipu AI", "CN"]
    # ... and may override a bundled organisation by id, whole.
    registry(d, "zhipu-ai:\n  name: Zhipu AI (mine)\n  country: SG\n")
    assert cli("list", "--format", "csv", "--data-dir", str(d)).stdout.splitlines()[1].split(",")[3:5] == [
        "Zhipu AI (mine)", "SG"]


def test_an_unknown_organisation_id_names_the_nearest_with_file_and_line(cli, tmp_path):
    d = tmp_path / "d"
    registry(d, LABS)
    write_text(d, "x", yaml.safe_dump(minimal(organization=["lab-c"]), sort_keys=False))
    result = cli("validate", "--data-dir", str(d))
    assert result.exit_code == 1
    assert f"{d}/x.yaml:3:3: organization[0]: no organisation with id 'lab-c' in organizations.yaml; " \
           "did you mean lab-b, lab-a?" in result.stdout


def test_registry_checks_parent_cycle_clash_and_sources(cli, tmp_path):
    d = tmp_path / "d"
    registry(d, """\
        one:
          name: One
          country: CN
          parent: two
        two:
          name: Two
          aliases: [One]
          country: CN
          parent: one
          listings:
            - {exchange: Hong Kong, source: nowhere}
        three:
          name: Three
          country: US
          parent: fuor
        """)
    write_release(d, "r")
    lines = cli("validate", "--data-dir", str(d)).stdout.splitlines()
    where = f"{d}/organizations.yaml"
    assert f"{where}:4:11: one.parent: 'one' is its own ancestor: the parents form a cycle" in lines
    assert f"{where}:7:13: two.aliases[0]: 'One' is also a name of 'one': one name, one organisation" in lines
    assert (f"{where}:11:37: two.listings[0].source: source 'nowhere' is in neither the organisation's "
            "sources nor sources.yaml") in lines
    assert any(line.startswith(f"{where}:15:11: three.parent: no organisation with id 'fuor'") for line in lines)


def test_a_bad_registry_file_is_reported_with_its_line(cli, tmp_path):
    d = tmp_path / "d"
    registry(d, "lab-a:\n  name: Lab A\n  country: UK\n")
    write_release(d, "r")
    result = cli("validate", "--data-dir", str(d))
    assert result.exit_code == 1
    assert f"{d}/organizations.yaml:3:12: lab-a.country: unknown country code 'UK'" in result.stdout


def test_shared_sources_are_cited_by_id_and_listed_with_the_release(cli, tmp_path):
    d = tmp_path / "d"
    registry(d, sources="""\
        report:
          title: A report
          publisher: A paper
          date: 2026-02
        """)
    data = minimal(released={"date": "2026-02-12", "source": "report"})
    del data["sources"]
    write_release(d, "r", data)
    record = json.loads(cli("show", "r", "--format", "json", "--data-dir", str(d)).stdout)
    # No kind in the registry: unknown (null), never taken for secondary.
    assert record["sources"] == [{"id": "report", "kind": None, "title": "A report", "publisher": "A paper", "url": None,
                                  "date": "2026-02", "note": None}]
    missing = minimal(released={"date": "2026-02-12", "source": "nope"})
    write_release(d, "s", missing)
    result = cli("validate", "--data-dir", str(d))
    assert f"{d}/s.yaml:7:11: released.source: source 'nope' is not in this file's sources (known: s1) " \
           "nor in sources.yaml" in result.stdout


def test_orgs_lists_and_shows_an_organisation_by_any_of_its_names(cli):
    listed = cli("orgs", "--format", "csv").stdout.splitlines()
    assert listed[0].startswith("Id,Name,Country,Kind,Parent,Listed,Releases,First,Last")
    zhipu = next(line for line in listed if line.startswith("zhipu-ai,"))
    assert zhipu.split(",")[1:3] == ["Zhipu AI", "CN"] and zhipu.split(",")[5] == "Hong Kong"
    page = cli("orgs", "show", "智谱").stdout
    assert page.startswith("Zhipu AI\n") and "GLM-5 (glm-5)" in page and "Hong Kong since 2026-01-08 [1]" in page
    wrong = cli("orgs", "show", "zhipu")
    assert (wrong.exit_code, wrong.stdout) == (2, "")
    assert wrong.stderr == "error: no organisation is called 'zhipu'; did you mean zhipu-ai?\n"


def test_org_filter_finds_releases_by_a_chinese_alias(cli):
    rows = cli("list", "--org", "智谱", "--format", "csv").stdout.splitlines()[1:]
    assert rows and all(",Zhipu AI," in row for row in rows)
    assert "glm-5" in [row.split(",")[0] for row in rows]


def test_the_bundled_record_defines_each_organisation_and_shared_source_once():
    for path in sorted((REPO / "releases").glob("*.yaml")):
        if path.name in ("organizations.yaml", "sources.yaml", "coverage.yaml"):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert all(isinstance(org, str) for org in data["organization"]), path.name


def test_a_market_reaction_refers_to_a_listing_the_registry_knows(cli, tmp_path):
    d = tmp_path / "d"
    registry(d, """\
        lab-a:
          name: Lab A
          country: CN
          listings:
            - {exchange: Hong Kong, listed: 2026-01-08, source: s}
          sources:
            - {id: s, title: A listing report}
        """)
    ok = {"company": "Lab A", "listing": "hong kong", "date": "2026-02-12", "change_percent": 5, "source": "s1"}
    write_release(d, "good", organization=["lab-a"], market_reaction=[ok])
    write_release(d, "elsewhere", organization=["lab-a"], market_reaction=[{**ok, "listing": "NASDAQ"}])
    write_release(d, "early", organization=["lab-a"], market_reaction=[{**ok, "date": "2025-12"}])
    lines = cli("validate", "--data-dir", str(d)).stdout.splitlines()
    assert [line.split(": ", 1)[1] for line in lines] == [
        "market_reaction[0].date: 2025-12 is before Lab A was listed (2026-01-08, organizations.yaml)",
        "market_reaction[0].listing: Lab A is not listed on 'NASDAQ' in organizations.yaml (listed: Hong Kong)",
    ]
    assert lines[0].startswith(f"{d}/early.yaml:") and lines[1].startswith(f"{d}/elsewhere.yaml:")


def test_a_broken_registry_file_is_reported_by_every_command_not_only_validate(cli, tmp_path):
    d = tmp_path / "d"
    registry(d, "zhipu-ai:\n  name: My Zhipu\n  country: XX\n")
    write_release(d, "r")
    result = cli("list", "--data-dir", str(d))
    assert result.exit_code == 0
    assert f"{d}/organizations.yaml:3:12: zhipu-ai.country: unknown country code 'XX'" in result.stderr


def test_a_published_tally_is_set_only_beside_an_unnarrowed_table(cli):
    for narrowing in (("--category", "language"), ("--region", "China"), ("--org", "Zhipu")):
        (row,) = json.loads(cli("weekly", "--week", "2026-W07", "--by", "region", "--format", "json",
                                *narrowing).stdout)
        assert "reported" not in row, narrowing


def test_a_listing_before_the_organisation_was_founded_is_a_problem(cli, tmp_path):
    d = tmp_path / "d"
    registry(d, """\
        lab-a:
          name: Lab A
          country: CN
          founded: 2019
          listings:
            - {exchange: Hong Kong, listed: 2018-06-01, source: s}
          sources:
            - {id: s, title: A report}
        """)
    write_release(d, "r")
    result = cli("validate", "--data-dir", str(d))
    assert result.exit_code == 1
    assert f"{d}/organizations.yaml:6:37: lab-a.listings[0].listed: listed 2018-06-01, before it was founded (2019)" \
        in result.stdout.splitlines()


def test_org_filter_takes_the_registry_id_too(cli):
    rows = cli("list", "--org", "zhipu-ai", "--format", "csv").stdout.splitlines()[1:]
    assert rows and all(",Zhipu AI," in row for row in rows)


import pytest  # noqa: E402


@pytest.mark.parametrize("where, text, message", [
    ("name", "lab-z:\n  name: \"Lab\\u200bZ\"\n  country: US\n", "U+200B (zero width space)"),
    ("name", "lab-z:\n  name: \"Lab\\u200fZ\"\n  country: US\n", "U+200F (right-to-left mark)"),
    ("aliases", "lab-z:\n  name: Lab Z\n  aliases: ['']\n  country: US\n", "must not be empty or blank"),
    ("aliases", "lab-z:\n  name: Lab Z\n  aliases: ['  ']\n  country: US\n", "must not be empty or blank"),
])
def test_invisible_names_and_empty_aliases_are_refused_in_the_registry(cli, tmp_path, where, text, message):
    d = tmp_path / "d"
    registry(d, text)
    write_release(d, "one", name="One")
    result = cli("validate", "--data-dir", str(d))
    assert result.exit_code == 1, result
    [line] = [x for x in result.stdout.splitlines() if "organizations.yaml" in x]
    assert message in line and f"{d}/organizations.yaml:" in line


def test_empty_aliases_are_refused_in_release_files(cli, tmp_path):
    d = tmp_path / "d"
    write_release(d, "one", name="One", aliases=[""])
    write_release(d, "two", name="Two", organization=[{"name": "Lab", "country": "US", "aliases": [" "]}])
    result = cli("validate", "--data-dir", str(d))
    assert result.exit_code == 1
    assert "one.yaml:14:3: aliases[0]: must not be empty or blank" in result.stdout
    assert "two.yaml:" in result.stdout and "organization[0].aliases[0]: must not be empty or blank" in result.stdout
