"""`new`: a release file written from options or answers, never damaging the folder."""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

import pytest
from support import write_release

from ai_tracker.cli.commands import new_cmd
from ai_tracker.files import atomic
from ai_tracker.files import yaml_reader as yamlstrict
from ai_tracker.model.schema import ReleaseFile

QWEN = ["Qwen3", "--org", "Alibaba", "--country", "CN", "--released", "2025-04-29",
        "--category", "language", "--source", "https://qwenlm.github.io/blog/qwen3/"]


def snapshot(root: Path) -> dict[str, str]:
    """Every file and folder below root (hidden ones too), files with a hash of their bytes."""
    found: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        for d in dirs:
            found[os.path.relpath(os.path.join(folder, d), root) + "/"] = "dir"
        for f in files:
            path = os.path.join(folder, f)
            found[os.path.relpath(path, root)] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return found


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    write_release(folder, "glm-4-5", name="GLM-4.5")
    return folder


def new(cli, data: Path, *args: str, **kw):  # type: ignore[no-untyped-def]
    return cli("new", *args, "--data-dir", str(data), **kw)


# --- the happy path ----------------------------------------------------------------

def test_new_then_validate_then_list_shows_it(cli, data):
    result = new(cli, data, *QWEN)
    assert result.exit_code == 0, result
    assert result.stdout == f"{data / 'qwen3.yaml'}\n"
    assert f"wrote {data / 'qwen3.yaml'}: id qwen3." in result.stderr
    assert cli("validate", "--data-dir", str(data)).exit_code == 0
    listed = cli("list", "--data-dir", str(data), "--format", "csv")
    assert listed.stdout.splitlines()[1:] == [
        "glm-4-5,2026-02-12,GLM-4.5,Test Lab,US,language,,,false",
        "qwen3,2025-04-29,Qwen3,Alibaba Group,CN,language,,,false",
    ]


def test_the_file_starts_with_the_schema_line_and_the_given_fields(cli, data):
    (data / "release.schema.json").write_text("{}")
    assert new(cli, data, *QWEN, "--alias", "通义千问3", "--open-weights").exit_code == 0
    lines = (data / "qwen3.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[:14] == [
        "# yaml-language-server: $schema=release.schema.json",
        "name: Qwen3",
        "aliases:",
        "  - 通义千问3",
        "organization:",
        "  - alibaba-group",  # the registry's: by id
        "released:",
        "  date: 2025-04-29",
        "  source: s1",
        "  # secondary_only:  # optional; true or false",
        "  # note:  # optional",
        "# events:  # other dated things, each with a source",
        "#   - date:  # a date: 2026-02-12, 2026-02, 2026 or a window 2026-02-12..2026-02-14",
        "#     kind:  # one of: announced, reported, preview, released, public-availability,",
    ]
    assert "open_weights: true" in lines
    assert lines[-8:] == [
        "sources:",
        "  - id: s1",
        "    title: qwenlm.github.io/blog/qwen3/",
        "    url: https://qwenlm.github.io/blog/qwen3/",
        "    # kind:  # optional; one of: vendor, paper, repository, database, press, gateway, secondary",
        "    # publisher:  # optional",
        "    # date:  # optional; a date: 2026-02-12, 2026-02, 2026 or a window 2026-02-12..2026-02-14",
        "    # note:  # optional",
    ]


def test_fields_not_given_are_commented_hints_that_uncomment_to_valid_yaml(cli, data):
    assert new(cli, data, *QWEN).exit_code == 0
    text = (data / "qwen3.yaml").read_text(encoding="utf-8")
    for hint in ("# events:  # other dated things", "#     kind:  # one of: announced, reported,",
                 "# specs:  # numbers with units", "#   context_window:", "#     value:  # a number",
                 "#     claimed_by:  # one of: vendor, independent, press, community",
                 "# access: []  # how people can use it; one or more of: open-weights, api,"):
        assert hint in text
    # Every field of the schema is in the file, given or as a hint.
    body = text.splitlines()[1:]
    uncommented = "\n".join(line.replace("# ", "", 1) if line.lstrip().startswith("# ") else line
                            for line in body)
    doc = yamlstrict.parse(uncommented.encode())
    assert list(doc.data) == list(ReleaseFile.model_fields)
    assert doc.data["benchmarks"][0] == {"name": None, "score": None, "unit": None, "claimed_by": None,
                                         "note": None, "source": "s1"}


def test_source_as_a_title_and_several_organisations(cli, data):
    result = new(cli, data, "Joint Model", "--org", "Lab A", "--org", "Lab B", "--country", "France",
                 "--country", "DE", "--released", "2026-02", "--category", "science",
                 "--source", "Company blog post, 3 February 2026")
    assert result.exit_code == 0, result
    text = (data / "joint-model.yaml").read_text()
    assert "  - name: Lab A\n    country: FR\n" in text
    assert "  - name: Lab B\n    country: DE\n" in text
    assert "released:\n  date: 2026-02\n" in text
    assert "  - id: s1\n    title: Company blog post, 3 February 2026\n" in text
    assert "\n    url:" not in text


def test_one_organisation_with_two_countries_and_a_source_title(cli, data):
    result = new(cli, data, "Two Homes", "--org", "Lab", "-c", "GB", "-c", "US", "--released", "2026",
                 "--category", "language", "--source", "https://example.org/post",
                 "--source-title", "Announcing Two Homes")
    assert result.exit_code == 0, result
    text = (data / "two-homes.yaml").read_text()
    assert "    country:\n      - GB\n      - US\n" in text
    assert "  date: '2026'\n" in text
    assert "    title: Announcing Two Homes\n    url: https://example.org/post\n" in text


def test_mismatched_organisations_and_countries_are_refused(cli, data):
    before = snapshot(data)
    result = new(cli, data, "X", "--org", "A", "--org", "B", "--country", "US", "--country", "FR",
                 "--country", "DE", "--released", "2026", "--category", "language", "--source", "t")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --country: 2 organisations and 3 countries")
    assert snapshot(data) == before


# --- organisations of the registry ----------------------------------------------------

REST = ["--released", "2026-02-12", "--category", "language", "--source", "https://z.ai/blog/glm-5"]


@pytest.mark.parametrize("org", ["zhipu-ai", "Zhipu AI", "智谱AI", "z.AI"])
def test_a_known_organisation_brings_its_country(cli, data, org):
    """The registry's id, name or an alias (any case): the file names the organisation by
    id, as release files that take their country from the registry do; no --country."""
    result = new(cli, data, "GLM-5", "--org", org, *REST)
    assert result.exit_code == 0, result
    assert "organization:\n  - zhipu-ai\nreleased:\n" in (data / "glm-5.yaml").read_text(encoding="utf-8")
    assert f"note: --org '{org}' is the registry's 'zhipu-ai' (Zhipu AI, CN)" in result.stderr
    assert cli("validate", "--data-dir", str(data)).exit_code == 0
    listed = cli("list", "--data-dir", str(data), "--format", "csv", "--search", "GLM-5")
    assert listed.stdout.splitlines()[1:] == ["glm-5,2026-02-12,GLM-5,Zhipu AI,CN,language,,,false"]


def test_a_known_organisation_beside_others_and_its_own_country_given(cli, data):
    result = new(cli, data, "Joint", "--org", "Lab B", "--org", "zhipu-ai", "-c", "NO", *REST)
    assert result.exit_code == 0, result
    text = (data / "joint.yaml").read_text(encoding="utf-8")
    assert "organization:\n  - name: Lab B\n    country: 'NO'\n    # aliases: []\n    # parent:  # optional\n" \
           "  - zhipu-ai\nreleased:" in text
    # The registry's country, given again (alone or one per --org): the same file.
    for countries in (["-c", "CN"], ["-c", "China"]):
        again = new(cli, data, "GLM-5", "--org", "zhipu-ai", *countries, *REST, "--dry-run")
        assert again.exit_code == 0 and "organization:\n  - zhipu-ai\nreleased:" in again.stdout, again
    pair = new(cli, data, "J2", "--org", "zhipu-ai", "--org", "Lab B", "-c", "CN", "-c", "NO", *REST, "--dry-run")
    assert pair.exit_code == 0 and "  - zhipu-ai\n  - name: Lab B\n    country: 'NO'\n" in pair.stdout, pair
    twice = new(cli, data, "J4", "--org", "zhipu-ai", "--org", "Z.ai", *REST, "--dry-run")  # one organisation
    assert twice.exit_code == 0 and "organization:\n  - zhipu-ai\nreleased:" in twice.stdout, twice


def test_a_country_that_contradicts_the_registry_is_refused(cli, data):
    before = snapshot(data)
    result = new(cli, data, "GLM-5", "--org", "Zhipu AI", "-c", "US", *REST)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("error: --country: 'Zhipu AI' is the registry's organisation 'zhipu-ai' (Zhipu AI), "
                             "of CN (China), not US: leave out --country for it (it brings its country from the "
                             "registry), or correct the registry (organizations.yaml)\n")
    assert snapshot(data) == before


def test_only_the_organisations_the_registry_does_not_know_need_a_country(cli, data):
    result = new(cli, data, "J3", "--org", "zhipu-ai", "--org", "Lab C", *REST)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: missing --country (for 'Lab C'): give them as options")
    asked = new(cli, data, "J3", "--org", "zhipu-ai", "--org", "Lab C", *REST, "-i", input="KR\n")
    assert asked.exit_code == 0, asked
    assert "Country of Lab C (ISO code" in asked.stderr and "Country of zhipu-ai" not in asked.stderr
    assert "  - zhipu-ai\n  - name: Lab C\n    country: KR\n" in (data / "j3.yaml").read_text(encoding="utf-8")


def test_an_organisation_of_the_folders_own_registry_brings_its_country(cli, data):
    (data / "organizations.yaml").write_text("acme-ai:\n  name: Acme AI\n  country: SE\n", encoding="utf-8")
    result = new(cli, data, "Acme One", "--org", "Acme AI", *REST)
    assert result.exit_code == 0, result
    assert "organization:\n  - acme-ai\n" in (data / "acme-one.yaml").read_text(encoding="utf-8")
    listed = cli("list", "--data-dir", str(data), "--format", "csv", "--search", "Acme")
    assert listed.stdout.splitlines()[1:] == ["acme-one,2026-02-12,Acme One,Acme AI,SE,language,,,false"]


def test_interactive_a_known_organisation_is_not_asked_its_country(cli, data):
    result = new(cli, data, "-i", input="Kimi K2\nMoonshot AI\n2025-07-11\nlanguage\nKimi K2 blog post\n")
    assert result.exit_code == 0, result
    assert "Country of" not in result.stderr
    assert "Moonshot AI is the registry's 'moonshot-ai' (Moonshot AI, CN)" in result.stderr
    assert "organization:\n  - moonshot-ai\n" in (data / "kimi-k2.yaml").read_text(encoding="utf-8")


# --- never overwrite -----------------------------------------------------------------

def test_new_twice_refuses_the_second(cli, data):
    assert new(cli, data, *QWEN).exit_code == 0
    before = snapshot(data)
    result = new(cli, data, "QWEN 3", "--id", "qwen3", *QWEN[1:])
    assert result.exit_code == 1
    assert result.stderr == (f"error: id 'qwen3' is taken: {data / 'qwen3.yaml'} exists; choose another --id, "
                             "or --force to replace it\n")
    assert snapshot(data) == before


def test_force_replaces(cli, data):
    assert new(cli, data, *QWEN).exit_code == 0
    result = new(cli, data, *QWEN[:6], "2025-04", *QWEN[7:], "--force")
    assert result.exit_code == 0, result
    assert result.stderr.startswith(f"replaced {data / 'qwen3.yaml'}")
    assert "  date: 2025-04\n" in (data / "qwen3.yaml").read_text()
    assert sorted(snapshot(data)) == ["glm-4-5.yaml", "qwen3.yaml"]


@pytest.mark.parametrize("existing", ["Qwen3", "QWEN3", "qwen3.YAML", "\u212awen3"], ids=[
    "capital", "upper", "upper-extension", "unicode-normal-form"])
def test_names_differing_only_in_case_or_unicode_form_clash(cli, data, existing):
    # U+212A KELVIN SIGN is 'K' in NFC; 'Kwen3' casefolds to 'kwen3'.
    name = "Kwen3" if existing.startswith("\u212a") else "Qwen3"
    file_name = existing if existing.endswith(".YAML") else existing + ".yaml"
    (data / file_name).write_text("name: x\n")
    before = snapshot(data)
    result = new(cli, data, name, *QWEN[1:])
    assert result.exit_code == 1
    assert f"is taken: {data / file_name} exists (file names that differ only in case or Unicode form clash " \
        "on macOS and Windows)" in result.stderr
    assert snapshot(data) == before


def test_force_replaces_a_case_variant_under_the_proper_name(cli, data):
    (data / "Qwen3.yaml").write_text("name: x\n")
    result = new(cli, data, *QWEN, "--force")
    assert result.exit_code == 0, result
    assert sorted(p.name for p in data.iterdir()) == ["glm-4-5.yaml", "qwen3.yaml"]


def test_ids_are_unique_across_subfolders(cli, data):
    write_release(data / "alibaba", "qwen3", name="Qwen3 (old)")
    before = snapshot(data)
    result = new(cli, data, *QWEN)
    assert result.exit_code == 1
    assert f"{data / 'alibaba' / 'qwen3.yaml'} exists (ids are unique in the whole data folder, subfolders " \
        "included)" in result.stderr
    assert snapshot(data) == before
    # --force replaces it where it is, and its schema line points up to the data folder.
    result = new(cli, data, *QWEN, "--force")
    assert result.exit_code == 0, result
    assert not (data / "qwen3.yaml").exists()
    replaced = (data / "alibaba" / "qwen3.yaml").read_text()
    assert replaced.startswith("# yaml-language-server: $schema=../release.schema.json\nname: Qwen3\n")
    assert cli("validate", "--data-dir", str(data)).exit_code == 0


# --- ids stay inside the folder -----------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("../../evil", "evil"),
    ("/etc/passwd", "etc-passwd"),
    ("C:\\Windows\\x", "c-windows-x"),
    ("Mistral Médium 3", "mistral-medium-3"),
    ("Ｇｅｍｉｎｉ ３", "gemini-3"),
    ("智谱 GLM-5", "glm-5"),
])
def test_names_are_slugged_into_the_folder(cli, data, tmp_path, name, expected):
    outside = snapshot(tmp_path.parent)
    result = new(cli, data, name, *QWEN[1:])
    assert result.exit_code == 0, result
    assert (data / f"{expected}.yaml").is_file()
    assert set(snapshot(data)) == {"glm-4-5.yaml", f"{expected}.yaml"}
    after = snapshot(tmp_path.parent)
    assert set(after) - set(outside) == {f"{tmp_path.name}/data/{expected}.yaml"}


@pytest.mark.parametrize("args, message", [
    (["X", "--id", "../../x"], "error: --id: '../../x' is not a valid id"),
    (["X", "--id", "/tmp/x"], "error: --id: '/tmp/x' is not a valid id"),
    (["X", "--id", "Qwen3"], "(did you mean 'qwen3'?)"),
    (["X", "--id", "a" * 81], "error: --id: id is 81 characters long; at most 80"),
    (["...", ], "error: --id: the name '...' has no Latin letters to make an id"),
    (["通义千问"], "error: --id: the name '通义千问' has no Latin letters to make an id (file name) from; "
                "give one with --id"),
    (["通义千问 3"], "has no Latin letters"),
    (["CON"], "error: --id: 'con' is a reserved file name on Windows"),
    (["X", "--id", "nul"], "error: --id: 'nul' is a reserved file name on Windows"),
    (["Com1"], "'com1' is a reserved file name"),
])
def test_unsafe_ids_are_refused_with_exit_2(cli, data, tmp_path, args, message):
    before = snapshot(tmp_path)
    result = new(cli, data, *args, *QWEN[1:])
    assert result.exit_code == 2
    assert message in result.stderr
    assert snapshot(tmp_path) == before


def test_a_chinese_name_with_an_id(cli, data):
    result = new(cli, data, "通义千问3", "--id", "qwen3", *QWEN[1:])
    assert result.exit_code == 0, result
    assert "name: 通义千问3\n" in (data / "qwen3.yaml").read_text(encoding="utf-8")


# --- failures leave the folder exactly as it was --------------------------------------

@pytest.mark.parametrize("change, message", [
    (("--country", "Narnia"), "error: --country: unknown country 'Narnia'"),
    (("--released", "2026-02-30"), "error: --released: '2026-02-30' does not exist: February 2026 has 28 days"),
    (("--released", "2026-02-14..2026-02-12"), "error: --released: window ends (2026-02-12) before it starts"),
    (("--category", "langage"), "error: --category: unknown category 'langage'; did you mean language?"),
    (("--access", "free"), "error: --access: unknown access kind 'free'"),
    (("--org", "  "), "error: --org: '  ' is empty"),
    (("--org", "Ali\x1b[31mbaba"), "error: --org: control character U+001B is not allowed"),
])
def test_invalid_values_exit_2_naming_the_option_and_change_nothing(cli, data, change, message):
    before = snapshot(data)
    result = new(cli, data, *QWEN, *change)
    assert result.exit_code == 2, result
    assert result.stderr.startswith(message)
    assert snapshot(data) == before


def test_a_file_the_loader_rejects_is_never_written(cli, data, monkeypatch):
    """The last check is the loader itself, on the temporary file."""
    original = new_cmd.Values.data
    monkeypatch.setattr(new_cmd.Values, "data", lambda self: {**original(self), "relased": "2025"})
    before = snapshot(data)
    result = new(cli, data, *QWEN)
    assert result.exit_code == 2
    assert result.stderr == "error: relased: unknown field 'relased'; did you mean 'released'?\n"
    assert snapshot(data) == before


def test_an_interrupt_while_writing_leaves_nothing(cli, data, monkeypatch):
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "link", interrupted)
    before = snapshot(data)
    result = new(cli, data, *QWEN)
    assert result.exit_code == 130  # Typer's exit status for Ctrl-C
    assert snapshot(data) == before


def test_a_write_error_leaves_nothing(cli, data, monkeypatch):
    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", disk_full)
    before = snapshot(data)
    result = new(cli, data, *QWEN)
    assert result.exit_code == 1
    assert result.stderr == f"error: cannot write '{data / 'qwen3.yaml'}': No space left on device\n"
    assert snapshot(data) == before


def test_without_hard_links_a_checked_rename_is_used(cli, data, monkeypatch):
    def no_links(*args: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(atomic.os, "link", no_links)
    assert new(cli, data, *QWEN).exit_code == 0
    assert sorted(snapshot(data)) == ["glm-4-5.yaml", "qwen3.yaml"]


def test_dry_run_prints_the_file_and_writes_nothing(cli, data):
    before = snapshot(data)
    result = new(cli, data, *QWEN, "--dry-run")
    assert result.exit_code == 0, result
    assert result.stdout.startswith("# yaml-language-server: $schema=release.schema.json\nname: Qwen3\n")
    assert "dry run: would write" in result.stderr
    assert snapshot(data) == before
    # Same checks as a real run.
    assert new(cli, data, *QWEN[:-1], "", "--dry-run").exit_code == 2


# --- questions ---------------------------------------------------------------------

ANSWERS = "Kimi K2\nMoonshot Test Lab\nNarnia\nChina\n2025-07-32\n2025-07-11\nlangage, coding\nlanguage, coding\n" \
          "https://moonshotai.github.io/Kimi-K2/\n"


def test_interactive_asks_for_each_required_field_and_asks_again_on_errors(cli, data):
    result = new(cli, data, "--interactive", input=ANSWERS)
    assert result.exit_code == 0, result
    assert result.stdout == f"{data / 'kimi-k2.yaml'}\n"
    assert "Country of Moonshot Test Lab (ISO code or English name: CN, US, France): error: unknown country " \
           "'Narnia'" in result.stderr
    assert "error: '2025-07-32' does not exist: July 2025 has 31 days" in result.stderr
    assert "Categories, comma-separated (language, coding, agent," in result.stderr
    text = (data / "kimi-k2.yaml").read_text()
    assert "  - name: Moonshot Test Lab\n    country: CN\n" in text
    assert "categories:\n  - language\n  - coding\n" in text


def test_questions_only_for_what_options_did_not_give(cli, data):
    result = new(cli, data, "Kimi K2", "--org", "Moonshot AI", "--country", "CN", "-i",
                 input="2025-07-11\nlanguage\nKimi K2 blog post\n")
    assert result.exit_code == 0, result
    assert "Name" not in result.stderr and "Organization" not in result.stderr


def test_on_a_terminal_questions_are_asked_without_a_flag(cli, data, monkeypatch):
    monkeypatch.setattr(new_cmd, "stdin_is_terminal", lambda: True)
    result = new(cli, data, input=ANSWERS)
    assert result.exit_code == 0, result
    assert (data / "kimi-k2.yaml").is_file()


def test_a_name_without_latin_letters_asks_for_the_id(cli, data):
    result = new(cli, data, "-i", input="通义千问3\nNO SUCH ID\nqwen3\nAlibaba\nCN\n2025-04-29\nlanguage\nsrc\n")
    assert result.exit_code == 0, result
    assert "error: 'NO SUCH ID' is not a valid id" in result.stderr
    assert (data / "qwen3.yaml").is_file()


def test_in_a_pipe_missing_values_are_listed_not_asked(cli, data):
    before = snapshot(data)
    result = new(cli, data, "Kimi K2", "--org", "Moonshot Test Lab")
    assert result.exit_code == 2
    assert result.stderr == ("error: missing --country, --released, --category, --source: give them as options, "
                             "or run on a terminal (or with --interactive) to be asked\n")
    assert snapshot(data) == before


def test_end_of_input_at_a_question_is_one_line_naming_what_is_missing(cli, data):
    """As in a pipe without -i: what is missing, as options, exit 2; nothing written."""
    before = snapshot(data)
    result = new(cli, data, "-i", input="Kimi K2\nMoonshot Test Lab\n")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == ("error: input ended: missing --country, --released, --category, "
                                              "--source; give them as options")
    assert result.stderr.splitlines()[-2].startswith("Name (e.g. Qwen3): Organization (the developer): Country of ")
    at_the_id = new(cli, data, "-i", input="通义千问\n")
    assert (at_the_id.exit_code, at_the_id.stderr.splitlines()[-1]) == (
        2, "error: input ended: missing --id, --org, --country, --released, --category, --source; give them as options")
    assert snapshot(data) == before


def test_closed_stdin_is_one_line_naming_what_is_missing(data, tmp_path):
    """`ai-tracker new -i <&-`: no standard input at all (Python's input() would raise
    "lost sys.stdin"); no question is asked."""
    import subprocess
    import sys

    code = "import sys; sys.argv[0] = 'ai-tracker'; from ai_tracker.cli import main; main()"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for ask in ("-i", "--interactive"):
        done = subprocess.run([sys.executable, "-c", code, "new", "Kimi K2", ask, "--data-dir", str(data)],
                              env=env, capture_output=True, preexec_fn=lambda: os.close(0), timeout=60)
        assert (done.returncode, done.stdout, done.stderr) == (
            2, b"", b"error: standard input is closed: missing --org, --country, --released, --category, --source; "
                    b"give them as options\n")


def test_a_stdin_not_open_for_reading_is_as_closed(data, tmp_path):
    """`ai-tracker new -i 0<&3`, 3 opened write-only: a read would fail (EBADF); like a
    closed stdin, one line naming what is missing, exit 2, no question asked."""
    import subprocess
    import sys

    code = "import sys; sys.argv[0] = 'ai-tracker'; from ai_tracker.cli import main; main()"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    write_only = tmp_path / "write-only"

    def stdin_write_only() -> None:
        fd = os.open(write_only, os.O_WRONLY | os.O_CREAT, 0o600)
        os.dup2(fd, 0)
        os.close(fd)

    done = subprocess.run([sys.executable, "-c", code, "new", "Kimi K2", "-i", "--data-dir", str(data)],
                          env=env, capture_output=True, preexec_fn=stdin_write_only, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (
        2, b"", b"error: standard input is not open for reading: missing --org, --country, --released, "
                b"--category, --source; give them as options\n")


@pytest.mark.parametrize(("failure", "message"), [
    (OSError(errno.EBADF, "Bad file descriptor"), "error: standard input is not open for reading: missing NAME, "),
    (OSError(errno.EIO, "Input/output error"),
     "error: cannot read the answer to 'Name (e.g. Qwen3)' from standard input: Input/output error"),
    (ValueError("I/O operation on closed file."), "error: standard input is closed: missing NAME, --org, "),
    (RuntimeError("input(): lost sys.stdin"), "error: standard input is closed: missing NAME, --org, "),
])
def test_a_failing_read_at_a_question_is_one_line(cli, data, monkeypatch, failure, message):
    """A terminal that went away (EIO), a stdin closed meanwhile: what input() raises."""
    def read() -> str:
        raise failure

    monkeypatch.setattr("builtins.input", read)
    before = snapshot(data)
    result = new(cli, data, "-i")
    assert result.exit_code in (1, 2) and result.stdout == ""
    assert result.stderr.startswith("Name (e.g. Qwen3): \n" + message), result.stderr
    assert len(result.stderr.splitlines()) == 2 and "Traceback" not in result.stderr
    assert snapshot(data) == before


def test_an_answer_that_is_not_utf8_is_refused_in_one_line(cli, data, tmp_path):
    """Bytes that are not UTF-8: under a C or POSIX locale Python reads them as lone
    surrogates (surrogateescape), and the question is asked again; with strict
    decoding the read itself fails: one line, exit 1. An option is refused alike."""
    import subprocess
    import sys

    code = "import sys; sys.argv[0] = 'ai-tracker'; from ai_tracker.cli import main; main()"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "LC_ALL": "C.UTF-8"}
    env.pop("PYTHONIOENCODING", None)
    done = subprocess.run([sys.executable, "-c", code, "new", "-i", "--data-dir", str(data)], env=env,
                          input=b"Kimi\xff\nKimi K2\nTest Lab\nCN\n2025-07-11\nlanguage\nsrc\n",
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert b"Name (e.g. Qwen3): error: byte 0xFF is not UTF-8: give the text in UTF-8\n" in done.stderr
    assert (data / "kimi-k2.yaml").is_file()
    strict = new(cli, data, "-i", input=b"Kimi\xff\n")  # the test runner decodes strictly
    assert (strict.exit_code, strict.stderr) == (
        1, "Name (e.g. Qwen3): \nerror: the answer to 'Name (e.g. Qwen3)' is not utf-8 text\n")
    bad = new(cli, data, "Kimi\udcff", *QWEN[1:])
    assert (bad.exit_code, bad.stderr) == (2, "error: NAME: byte 0xFF is not UTF-8: give the text in UTF-8\n")


def test_ctrl_c_at_a_question_leaves_nothing(cli, data, monkeypatch):
    def ctrl_c() -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("builtins.input", ctrl_c)
    before = snapshot(data)
    result = new(cli, data, "-i")
    assert result.exit_code == 130
    assert result.stderr == "Name (e.g. Qwen3): \ninterrupted\n"
    assert snapshot(data) == before


# --- where the file goes -------------------------------------------------------------

def test_a_relative_data_dir_is_shown_as_typed(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "releases").mkdir()
    result = cli("new", *QWEN, "--data-dir", "releases")
    assert result.exit_code == 0, result
    assert result.stdout == "releases/qwen3.yaml\n"
    assert result.stderr.startswith("wrote releases/qwen3.yaml: id qwen3. Fill in the "
                                    "commented fields, then run `ai-tracker validate --data-dir releases`\n")
    assert "ai-tracker schema --out releases/release.schema.json" in result.stderr


def test_without_data_dir_it_refuses_even_with_a_releases_folder_here(cli, tmp_path, monkeypatch):
    # Reading commands would not look in ./releases, so `new` does not write there either.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "releases").mkdir()
    result = cli("new", *QWEN)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --data-dir: no data folder: give your collection's folder with "
                                    "--data-dir DIR or AI_TRACKER_DATA")
    assert os.listdir(tmp_path / "releases") == []


def test_the_environment_variable_names_the_folder(cli, data, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("new", *QWEN, env={"AI_TRACKER_DATA": str(data)})
    assert result.exit_code == 0, result
    assert (data / "qwen3.yaml").is_file()


def test_a_missing_data_folder_is_not_created(cli, tmp_path):
    result = cli("new", *QWEN, "--data-dir", str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert result.stderr == f"error: --data-dir: data folder '{tmp_path / 'nope'}' does not exist; " \
                            "create it first\n"
    assert not (tmp_path / "nope").exists()


@pytest.mark.parametrize("text", ["Qwen3: 235B", "*star", "&anchor", "x # y", "it's", '"quoted"', "NO", "true",
                                  "2026", "1.10", "[x]", "{a}", "? q", "| pipe", "a\\b", "[red]x[/red]",
                                  "名前 GLM", "~", "null"])
def test_any_text_reads_back_exactly_as_given(cli, data, text):
    from ai_tracker.files.loader import read_release

    result = new(cli, data, text, "--id", "t", "--org", text, "--country", "CN", "--released", "2025",
                 "--category", "language", "--source", text, "--summary", text, "--alias", text,
                 "--license", text)
    assert result.exit_code == 0, result
    release, problems = read_release(data / "t.yaml", "t.yaml")
    assert problems == []
    assert (release.name, [o.name for o in release.organization], release.aliases, release.license, release.summary,
            release.sources[0].title) == (text, [text], [text], text, text, text)


def test_an_id_that_differs_only_by_hyphens_is_refused_unless_forced(cli, data):
    assert new(cli, data, *QWEN).exit_code == 0
    before = (data / "qwen3.yaml").read_bytes()
    result = new(cli, data, "Qwen 3", *QWEN[1:])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"error: {data / 'qwen3.yaml'} has nearly the same id as 'qwen-3' (they differ only "
                             "in hyphens); if it is the same release, edit that file; if not, give an --id and a "
                             "name that tell them apart, or --force to write it beside it anyway\n")
    assert not (data / "qwen-3.yaml").exists() and (data / "qwen3.yaml").read_bytes() == before
    forced = new(cli, data, "Qwen 3", *QWEN[1:], "--force")
    assert forced.exit_code == 0, forced
    assert f"note: --force wrote it beside {data / 'qwen3.yaml'}, whose id differs only in hyphens" in forced.stderr
    assert (data / "qwen-3.yaml").is_file() and (data / "qwen3.yaml").read_bytes() == before


def test_the_path_new_prints_is_escaped_text(cli, tmp_path):
    """Red team F10, the same class: the written file's path, under a folder named with an
    escape sequence, is printed as the diagnostics print it, never as a raw ESC."""
    folder = tmp_path / "n\x1b[31m"
    folder.mkdir()
    result = new(cli, folder, *QWEN)
    assert result.exit_code == 0, result
    assert result.stdout == str(tmp_path / "n\\x1b[31m" / "qwen3.yaml") + "\n"
