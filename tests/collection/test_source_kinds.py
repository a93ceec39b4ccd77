"""Sources say what kind of page they are (README, "Conventions": kinds of source).

Every bundled source has a kind; in a user's folder it may be left out, and is
then unknown, never taken for `secondary`. `validate` warns about a curated
release whose day rests only on a secondary or gateway source (an error under
--strict, unless the file says so); an import, dated by its database, never.
`show` marks a fact that rests only on such sources.
"""

from __future__ import annotations

import json
import subprocess
import sys

import yaml
from support import REPO, minimal, write_release

from ai_tracker.collection.catalog import load
from ai_tracker.collection.folders import bundled_dir, resolve_data_dir
from ai_tracker.model import vocab

DATA = REPO / "tests" / "data"
TOOL = REPO / "docs" / "record" / "tools" / "source_kinds.py"


# ---------------------------------------------------------------- the bundled record


def test_every_bundled_source_has_a_kind():
    found = load(resolve_data_dir(str(bundled_dir())))
    missing = [f"{r.id}: {s.id}" for r in found.releases for s in r.sources if s.kind is None]
    assert not missing, f"sources without a kind (run {TOOL.relative_to(REPO)}): {missing[:20]}"
    shared = [key for key, s in found.registry.sources.items() if not s.get("kind")]
    assert not shared, f"sources.yaml entries without a kind: {shared}"
    in_orgs = [f"{org}: {s['id']}" for org, entry in found.registry.organizations.items()
               for s in entry["sources"] if not s.get("kind")]
    assert not in_orgs, f"organizations.yaml sources without a kind: {in_orgs}"


def test_the_seed_article_is_a_secondary_source():
    # An unsigned news round-up with no outlet and no address: a digest of others' reports.
    found = load(resolve_data_dir(str(bundled_dir())))
    assert found.registry.sources["article"]["kind"] == "secondary"


def test_the_kinds_tool_has_nothing_left_to_add_to_the_bundled_record():
    result = subprocess.run([sys.executable, str(TOOL), "--check", str(REPO / "releases")],
                            capture_output=True, text=True, check=True)
    assert result.stdout == ""
    assert "added: none" in result.stderr


# ---------------------------------------------------------------- the tool


RELEASE_TEXT = """\
# yaml-language-server: $schema=release.schema.json
name: Tool Test   # a comment the tool keeps
organization: [google]
released:
  date: 2026-01-05
  source: post
categories: [language]
sources:
  - id: post
    title: A post
    publisher: Google
    url: https://blog.google/technology/a-post/
  - id: gateway-page
    kind: secondary   # set by hand: kept, though the rule would say gateway
    title: On a gateway
    url: https://openrouter.ai/google/model
  - id: press-verge
    title: A report
    url: https://www.theverge.com/news/1/a-report
  - id: mirror
    title: models.dev file
    url: https://github.com/anomalyco/models.dev/blob/abc/models/google/x.toml
  - id: unknown-blog
    title: Someone's explainer
    url: https://explainer.example/what-is-it
"""

SOURCES_TEXT = """\
# shared sources
epoch:
  title: Notable AI Models
  url: https://epoch.ai/data
"""


def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(TOOL), *args], capture_output=True, text=True, check=True)


def test_the_tool_adds_only_the_kind_lines_it_must_and_is_idempotent(tmp_path):
    (tmp_path / "tool-test.yaml").write_text(RELEASE_TEXT, encoding="utf-8")
    (tmp_path / "sources.yaml").write_text(SOURCES_TEXT, encoding="utf-8")
    checked = run_tool("--check", str(tmp_path))
    assert (tmp_path / "tool-test.yaml").read_text(encoding="utf-8") == RELEASE_TEXT  # --check writes nothing
    assert "tool-test.yaml: post: vendor" in checked.stdout
    first = run_tool(str(tmp_path))
    text = (tmp_path / "tool-test.yaml").read_text(encoding="utf-8")
    added = [line for line in text.splitlines() if line not in RELEASE_TEXT.splitlines()]
    assert added == ["    kind: vendor", "    kind: press", "    kind: database", "    kind: secondary"]
    # Every line of the file as it was is still there, in order: comments, quoting, layout.
    kept = [line for line in text.splitlines() if line not in added]
    assert kept == RELEASE_TEXT.splitlines()
    sources = yaml.safe_load(text)["sources"]
    assert [s.get("kind") for s in sources] == ["vendor", "secondary", "press", "database", "secondary"]
    assert yaml.safe_load((tmp_path / "sources.yaml").read_text(encoding="utf-8"))["epoch"]["kind"] == "database"
    # A host no rule names is taken as secondary, and said so.
    assert "explainer.example" in first.stderr
    again = run_tool(str(tmp_path))
    assert (tmp_path / "tool-test.yaml").read_text(encoding="utf-8") == text
    assert "added: none" in again.stderr


# ---------------------------------------------------------------- the schema


def test_a_kind_outside_the_vocabulary_is_an_error_naming_the_words(cli, tmp_path):
    write_release(tmp_path / "d", "a", minimal(sources=[{"id": "s1", "title": "T", "kind": "blog"}]))
    result = cli("validate", "-d", str(tmp_path / "d"))
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert "sources[0].kind: unknown source kind 'blog'" in line
    assert ", ".join(vocab.SOURCE_KINDS) in line


def test_a_users_source_may_leave_the_kind_out_and_is_then_not_secondary(cli, tmp_path):
    write_release(tmp_path / "d", "a")  # its only source has no kind
    result = cli("validate", "--strict", "-d", str(tmp_path / "d"))
    assert result.exit_code == 0, result
    assert "warning" not in result.stdout + result.stderr
    shown = cli("show", "a", "-d", str(tmp_path / "d"))
    assert "only)" not in shown.stdout
    record = json.loads(cli("show", "a", "-d", str(tmp_path / "d"), "--format", "json").stdout)
    assert record["sources"][0]["kind"] is None


# ---------------------------------------------------------------- validate


def test_a_curated_day_from_a_secondary_source_warns_and_fails_strict(cli):
    folder = str(DATA / "secondary-day")
    plain = cli("validate", "-d", folder)
    assert plain.exit_code == 0
    [line] = plain.stdout.splitlines()
    assert line.endswith("nova-lite.yaml:9:11: warning: released.source: the release day rests only on a "
                         "secondary source ('explainer'); cite a vendor, press, paper, repository or database "
                         "page that gives the day, or set released.secondary_only: true where none exists "
                         "(say so in its note)")
    strict = cli("validate", "--strict", "-d", folder)
    assert strict.exit_code == 1
    [line] = strict.stdout.splitlines()
    assert "nova-lite.yaml:9:11: error: released.source:" in line
    # nova-mini says its day rests on a gateway page: counted, never an error, listed with --verbose.
    assert "1 release dated only by secondary or gateway pages, as the files say" in strict.stderr
    verbose = cli("validate", "--verbose", "-d", folder, "--no-cache")
    assert any(line.endswith("nova-mini.yaml:9:11: note: released.source: the release day rests only on a "
                             "gateway source ('reseller'), as the file says (secondary_only)")
               for line in verbose.stdout.splitlines())


def test_a_stale_acknowledgement_fails_strict(cli, tmp_path):
    write_release(tmp_path / "d", "a", minimal(
        released={"date": "2026-02-12", "source": "s1", "secondary_only": True},
        sources=[{"id": "s1", "kind": "vendor", "title": "The lab's post"}]))
    result = cli("validate", "--strict", "-d", str(tmp_path / "d"))
    assert result.exit_code == 1
    assert ("released.secondary_only: says the day rests only on secondary pages, but its source 's1' "
            "is not one; remove secondary_only") in result.stdout


def test_an_import_is_dated_by_its_database_and_never_warned_about(cli, tmp_path):
    # Even one whose day cites a secondary page: an import is what its database says.
    write_release(tmp_path / "d", "a", minimal(
        origin={"database": "epoch", "key": "A"},
        sources=[{"id": "s1", "kind": "secondary", "title": "An explainer"}]))
    result = cli("validate", "--strict", "-d", str(tmp_path / "d"))
    assert result.exit_code == 0, result
    assert "secondary" not in result.stdout + result.stderr


def test_strict_passes_on_folders_of_imports(cli, tmp_path):
    out = tmp_path / "imports"
    made = cli("import", "models-dev", str(DATA / "models-dev" / "api.json"), "--into", str(out))
    assert made.exit_code == 0, made
    made = cli("import", "epoch", str(DATA / "epoch_subset.csv"), "--into", str(out))
    assert made.exit_code == 0, made
    records = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in out.glob("*.yaml")]
    assert len(records) > 40 and all(r["origin"] for r in records)
    # The importers say what their sources are.
    assert {r["sources"][0]["kind"] for r in records} == {"database"}
    result = cli("validate", "--strict", "-d", "@bundled", "-d", str(out))
    assert result.exit_code == 0, result


# ---------------------------------------------------------------- show


def test_show_marks_facts_that_rest_only_on_a_secondary_source(cli):
    folder = str(DATA / "secondary-day")
    lines = cli("show", "nova-lite", "-d", folder).stdout.splitlines()
    assert "Released      2026-03-02 [1] (secondary source only)" in lines
    assert "- A small model for chat. [1] (secondary source only)" in lines
    assert "- Released with open evaluation results. [2]" in lines  # the lab's own post: no mark
    assert "- Context window: 128,000 tokens [2]" in lines
    assert "    id: explainer · kind: secondary" in lines
    markdown = cli("show", "nova-lite", "-d", folder, "--format", "markdown").stdout
    assert "- **Released:** 2026-03-02 [1] (secondary source only)" in markdown
    gateway = cli("show", "nova-mini", "-d", folder).stdout.splitlines()
    assert "Released      2026-03-09 [1] (gateway source only)" in gateway
    record = json.loads(cli("show", "nova-mini", "-d", folder, "--format", "json").stdout)
    assert record["released"]["secondary_only"] is True and record["sources"][0]["kind"] == "gateway"
