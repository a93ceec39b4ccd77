"""`import epoch`: real rows of Epoch AI's Notable AI Models (tests/data, CC BY 4.0, credit
Epoch AI) through every quirk the data README lists, and the re-import rules."""

from __future__ import annotations

import csv
import hashlib
import os
import time
from pathlib import Path

import pytest

from ai_tracker.files import yaml_reader as yamlstrict
from ai_tracker.files.loader import read_release
from ai_tracker.interchange import epoch

SUBSET = Path(__file__).parent.parent / "data" / "epoch_subset.csv"
COUNTRY = "Country_(from_Organization)"  # a header name as a keyword for row() and edit()
SUMMARY_46 = "46 written (46 new, 0 updated, 0 replaced), 0 unchanged, 0 kept, 6 skipped"


def import_alone(cli, *args: str):  # type: ignore[no-untyped-def]
    """`import epoch` used with its own folder alone (-d DIR --into DIR): nothing to link to."""
    return cli("import", "epoch", *args, "--data-dir", args[args.index("--into") + 1])


def table() -> tuple[list[str], list[list[str]]]:
    with SUBSET.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        return header, list(reader)


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, *rows])
    return path


def edit(rows: list[list[str]], header: list[str], model: str, **changes: str) -> None:
    """Change columns (by header name, '_' for ' ') of the row for one model, in place."""
    row = next(r for r in rows if r[0] == model)
    for column, value in changes.items():
        row[header.index(column.replace("_", " "))] = value


def row(header: list[str], **values: str) -> list[str]:
    """A synthetic row: blank but for the given columns."""
    out = [""] * len(header)
    for column, value in values.items():
        out[header.index(column.replace("_", " "))] = value
    return out


def load(folder: Path, release_id: str):  # type: ignore[no-untyped-def]
    release, problems = read_release(folder / f"{release_id}.yaml", f"{release_id}.yaml")
    assert not problems, problems
    return release


def orgs(release) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    return [(o.name, list(o.country)) for o in release.organization]


@pytest.fixture
def imported(cli, tmp_path):  # type: ignore[no-untyped-def]
    out = tmp_path / "epoch"
    result = import_alone(cli, str(SUBSET), "--into", str(out), "--snapshot", "2024-12")
    assert result.exit_code == 0, result
    return out, result


# --- the whole subset ----------------------------------------------------------------------


def test_subset_imports_reports_and_validates(cli, imported):
    out, result = imported
    lines = result.stderr.splitlines()
    assert lines[0] == f"{SUBSET}: 52 rows read (Epoch AI, Notable AI Models, snapshot 2024-12)"
    assert lines[1:7] == [
        "  skipped line 273 'Jais': organisation with no country but 'Multinational' ('Cerebras Systems')",
        "  skipped line 278 'StarCoder': cannot tell which country is whose (37 organisations, 40 country "
        "values: 'Multinational,United States of America,United States of America,United States...')",
        "  skipped line 411 'ULM-FiT': cannot tell which country is whose (3 organisations, 2 country values: "
        "'United States of America,Ireland')",
        "  skipped line 430 'SSD': no organisation and no country",
        "  skipped line 447 'Hierarchical LM': no organisation and no country",
        "  skipped line 455 'Bankruptcy-NN': no organisation and no country",
    ]
    assert lines[7] == f"{out}: {SUMMARY_46}"
    assert lines[8:] == ["     3 skipped: no organisation and no country",
                         "     2 skipped: cannot tell which country is whose",
                         "     1 skipped: organisation with no country but 'Multinational'"]
    assert result.stdout == ""
    assert "\x1b" not in result.stderr  # not a terminal: no progress bar
    assert len(list(out.glob("*.yaml"))) == 46
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # the work folder is gone
    check = cli("validate", "-d", str(out))
    assert check.exit_code == 0, check
    assert check.stderr.strip() == f"46 release files in '{out}': 46 valid, 0 with errors (0 problems)"
    listed = cli("list", "-d", str(out), "--country", "KR", "--format", "csv")
    assert listed.stdout.splitlines() == [
        "id,released,name,organizations,countries,categories,open_weights,access,imported",
        "volcano-13b,2023-11-13,Volcano 13B,Korea University; Korea Advanced Institute of Science and Technology "
        "(KAIST); LG,KR,language; multimodal; vision,true,open-weights,true",
        "hyperclova-204b,2021-09-10,HyperCLOVA 204B,NAVER,KR,language,,,true",
    ]


def test_a_file_in_full_with_its_hash(imported):
    out, _ = imported
    text = (out / "llama-3-3.yaml").read_text(encoding="utf-8")
    first, _, body = text.partition("\n")
    assert first == f"# ai-tracker import epoch sha256={hashlib.sha256(body.encode()).hexdigest()}"
    assert body == """\
# From Epoch AI's Notable AI Models (CC BY 4.0). Edit freely: `ai-tracker import epoch`
# keeps a file edited by hand unless given --force.
name: Llama 3.3
organization:
  - name: Meta AI
    country: US
released:
  date: '2024-12-06'
  source: epoch
categories: [language]
open_weights: true
access: [open-weights]
sources:
  - id: epoch
    kind: database
    title: Epoch AI, Notable AI Models
    publisher: Epoch AI
    url: https://epoch.ai/data/notable-ai-models
    date: 2024-12
    note: CC BY 4.0; snapshot 2024-12
  - id: link
    title: Meta Llama 3.3 multilingual large language model (LLM)
    url: https://www.llama.com/docs/model-cards-and-prompt-formats/llama3_3/
origin:
  database: epoch
  key: Llama 3.3
  confidence: Confident
  accessibility: Open weights (restricted use)
  domain: Language
"""


# --- organisations and countries -----------------------------------------------------------


@pytest.mark.parametrize("release_id, expected", [
    # "Multinational,United States of America,United Kingdom of Great Britain and Northern Ireland"
    ("gemini-1-5-pro", [("Google DeepMind", ["US", "GB"])]),
    ("hunyuan-large", [("Tencent", ["CN"])]),  # Multinational,China
    # two organisations, the first multinational: its run is Multinational,US,UK
    ("alphageometry", [("Google DeepMind", ["US", "GB"]), ("New York University (NYU)", ["US"])]),
    ("aya", [("Cohere for AI", ["CA"]), ("Brown University", ["US"]), ("Cohere", ["CA"]),
             ("Carnegie Mellon University (CMU)", ["US"]),
             ("Massachusetts Institute of Technology (MIT)", ["US"])]),
    ("mt0-13b", [("Hugging Face", ["US"]), ("BigScience", ["FR"])]),  # two multinationals
    ("bluumi", [("University of Turku", ["FI"]), ("Hugging Face", ["US"])]),
    ("megascale-production", [("ByteDance", ["CN"]), ("Peking University", ["CN"])]),  # China,China
    ("volcano-13b", [("Korea University", ["KR"]),  # Korea (Republic of) x3
                     ("Korea Advanced Institute of Science and Technology (KAIST)", ["KR"]), ("LG", ["KR"])]),
    ("internimage", [("Shanghai AI Lab", ["CN"]), ("Tsinghua University", ["CN"]), ("Nanjing University", ["CN"]),
                     ("SenseTime", ["HK"]), ("Chinese University of Hong Kong (CUHK)", ["HK"])]),
    ("pspnet", [("Chinese University of Hong Kong (CUHK)", ["HK"])]),  # Hong Kong,China: one value
    ("simplenet", [("Sensifai", ["BE"]), ("Islamic Azad University", ["IR"]), ("Technicolor R&I", ["FR"]),
                   ("Institute for Research in Fundamental Sciences (IPM)", ["IR"])]),
    ("fine-tuned-awd-lstm-doc-fin", [("Samsung R&D Institute Russia", ["RU"])]),
    ("adaptive-input-transformer-plus-rd", [("Microsoft Research Asia", ["CN"]), ("Soochow University", ["TW"])]),
])
def test_organisations_get_their_own_countries(imported, release_id, expected):
    assert orgs(load(imported[0], release_id)) == expected


def test_duplicate_countries_fold_in_the_release(imported):
    assert load(imported[0], "megascale-production").countries == ["CN"]
    assert load(imported[0], "volcano-13b").countries == ["KR"]


@pytest.mark.parametrize("model", ["Jais", "StarCoder", "ULM-FiT", "SSD", "Hierarchical LM", "Bankruptcy-NN"])
def test_skipped_rows_leave_no_file(imported, model):
    keys = {yamlstrict.parse(p.read_bytes()).data["origin"]["key"] for p in imported[0].glob("*.yaml")}
    assert model not in keys


def test_attribute_cuts_values_into_one_run_per_organisation():
    m, us, gb = "Multinational", "US", "GB"
    assert epoch.attribute(["a", "b"], [m, us, gb, us]) == [[m, us, gb], [us]]
    assert epoch.attribute(["a"], [us, gb]) == [[us, gb]]
    assert epoch.attribute(["a", "b"], [us, gb, us]) is None  # a run of two must start with Multinational
    assert epoch.attribute(["a", "b", "c"], [us, gb]) is None  # one organisation has no country listed
    assert epoch.attribute(["a", "b"], [m, us, m, gb, us]) == [[m, us], [m, gb, us]]
    assert epoch.attribute(["a", "b", "c"], [m, us, m, gb]) is None  # two cuts fit: we do not guess


@pytest.mark.parametrize("name, code", [
    ("United Kingdom of Great Britain and Northern Ireland", "GB"), ("Korea (Republic of)", "KR"),
    ("Iran (Islamic Republic of)", "IR"), ("Russia", "RU"), ("Taiwan", "TW"), ("Czechia", "CZ"),
    ("Hong Kong", "HK"), ("Multinational", None), ("Korea", None), ("Atlantis", None),
])
def test_country_names(name, code):
    assert epoch.country_code(name) == code


def test_hong_kong_china_is_one_value():
    assert epoch.country_values("China,Hong Kong,China,China") == ["China", "Hong Kong", "China"]


# --- accessibility, confidence, domain, dates, links -----------------------------------------


@pytest.mark.parametrize("release_id, open_weights, access, raw", [
    ("qwen2-5-72b", True, ["open-weights"], "Open weights (unrestricted)"),
    ("nvlm-d-72b", True, ["open-weights"], "Open weights (non-commercial)"),
    ("llama-3-3", True, ["open-weights"], "Open weights (restricted use)"),
    ("o1", False, ["api"], "API access"),
    ("grok-2", False, ["app"], "Hosted access (no API)"),
    ("meta-movie-gen-video", False, ["unreleased"], "Unreleased"),
    ("amazon-nova-pro", None, [], None),
])
def test_model_accessibility(imported, release_id, open_weights, access, raw):
    release = load(imported[0], release_id)
    assert (release.open_weights, release.access, release.origin.accessibility) == (open_weights, access, raw)


@pytest.mark.parametrize("release_id, confidence", [
    ("llama-3-3", "Confident"), ("nvlm-d-72b", "Likely"), ("grok-2", "Speculative"), ("o1", "Unknown"),
    ("codet5-plus", None),
])
def test_confidence_is_kept(imported, release_id, confidence):
    assert load(imported[0], release_id).origin.confidence == confidence


@pytest.mark.parametrize("release_id, categories, domain", [
    ("o1", ["language", "science"], "Language,Mathematics,Biology"),
    ("amazon-nova-pro", ["multimodal", "language", "other"], "Multimodal,Language,Video"),
    ("openvla", ["robotics", "vision", "language"], "Robotics,Vision,Language"),
    ("alvinn", ["robotics"], "Driving"),
    ("musiclm", ["other"], "Audio"),
    ("graphcast", ["science"], "Earth science"),
    ("gnome-for-crystal-discovery", ["science"], "Materials science"),
    ("megasyn", ["science"], "Medicine"),
    ("dlrm-2020", ["other"], "Recommendation"),
    ("ranknet", ["other"], "Search"),
    ("pointnet-plus-plus", ["other"], "3D modeling"),
    ("dall-e-3", ["image-generation"], "Image generation"),
    ("deepnash", ["games"], "Games"),
    ("whisper", ["speech"], "Speech"),
])
def test_domains(imported, release_id, categories, domain):
    release = load(imported[0], release_id)
    assert (release.categories, release.origin.domain) == (categories, domain)


def test_unknown_and_blank_domains_are_other():
    assert epoch.categories("Quantum,Language") == ["other", "language"]
    assert epoch.categories("") == ["other"]


def test_dates_keep_their_precision(cli, tmp_path):
    header, rows = table()
    edit(rows, header, "Llama 3.3", Publication_date="2024")
    edit(rows, header, "o1", Publication_date="2024-12")
    edit(rows, header, "Grok-2", Publication_date="")
    edit(rows, header, "Qwen2.5-72B", Publication_date="2024-02-30")
    source = write_csv(tmp_path / "dates.csv", header, rows)
    result = import_alone(cli, str(source), "--into", str(tmp_path / "out"), "--snapshot", "2024-12")
    llama, o1 = load(tmp_path / "out", "llama-3-3"), load(tmp_path / "out", "o1")
    assert (str(llama.released.date), llama.released.note) == ("2024", "Epoch AI gives only the year.")
    assert (str(o1.released.date), o1.released.note) == ("2024-12", "Epoch AI gives only the month.")
    assert load(tmp_path / "out", "whisper").released.date.precision == "day"
    assert "  skipped line 105 'Grok-2': no publication date" in result.stderr
    assert ("  skipped line 101 'Qwen2.5-72B': publication date is not a date ('2024-02-30' does not exist: "
            "February 2024 has 29 days)") in result.stderr


def test_sources_name_epoch_with_the_snapshot_and_each_link(imported):
    out = imported[0]
    openvla = load(out, "openvla")
    assert [(s.id, s.title, s.url, str(s.date) if s.date else None) for s in openvla.sources] == [
        ("epoch", "Epoch AI, Notable AI Models", "https://epoch.ai/data/notable-ai-models", "2024-12"),
        # "Mode": Epoch's Reference cell is cut short; kept as Epoch wrote it
        ("link", "OpenVLA: An Open-Source Vision-Language-Action Mode", "https://openvla.github.io/", None),
        ("link-2", "OpenVLA: An Open-Source Vision-Language-Action Mode", "https://arxiv.org/abs/2406.09246", None),
    ]
    assert openvla.sources[0].publisher == "Epoch AI"
    assert openvla.released.source == "epoch"
    codefusion = load(out, "codefusion-python")
    assert codefusion.sources[1].url == "https://arxiv.org/abs/2310.17680"
    assert codefusion.sources[1].note == "Epoch AI's link text: https://arxiv.org/abs/2310.17680 (was withdrawn)"
    assert [s.id for s in load(out, "midjourney-v1").sources] == ["epoch"]  # no link


def test_snapshot_defaults_to_the_files_month(cli, tmp_path):
    source = tmp_path / "epoch.csv"
    source.write_bytes(SUBSET.read_bytes())
    stamp = time.mktime((2023, 5, 10, 12, 0, 0, 0, 0, -1))
    os.utime(source, (stamp, stamp))
    result = import_alone(cli, str(source), "--into", str(tmp_path / "out"))
    assert "(Epoch AI, Notable AI Models, snapshot 2023-05, from the file's modification date; --snapshot sets it)" in result.stderr
    assert str(load(tmp_path / "out", "o1").sources[0].date) == "2023-05"


def test_a_date_in_the_files_name_is_the_snapshot_before_its_modification_date(cli, tmp_path):
    """`epoch_notable_ai_models_2024-12.csv` copied today is the 2024-12 snapshot, not today's."""
    source = tmp_path / "epoch_notable_ai_models_2024-12.csv"
    source.write_bytes(SUBSET.read_bytes())
    stamp = time.mktime((2026, 11, 30, 12, 0, 0, 0, 0, -1))
    os.utime(source, (stamp, stamp))
    result = import_alone(cli, str(source), "--into", str(tmp_path / "out"))
    assert "snapshot 2024-12, from the file's name; --snapshot sets it)" in result.stderr
    assert str(load(tmp_path / "out", "o1").sources[0].date) == "2024-12"
    odd = tmp_path / "epoch_2024-13.csv"  # not a month: the modification date decides
    odd.write_bytes(SUBSET.read_bytes())
    os.utime(odd, (stamp, stamp))
    result = import_alone(cli, str(odd), "--into", str(tmp_path / "odd"))
    assert "snapshot 2026-11, from the file's modification date" in result.stderr


def test_bad_snapshot_is_a_usage_error(cli, tmp_path):
    result = import_alone(cli, str(SUBSET), "--into", str(tmp_path / "out"), "--snapshot", "Dec 2024")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --snapshot: 'Dec 2024' is not a date")
    assert not (tmp_path / "out").exists()


# --- ids -----------------------------------------------------------------------------------


def test_names_that_need_care_get_readable_ids(imported):
    out = imported[0]
    for release_id, name in [("deeplabv3-plus", "DeepLabV3+"), ("deeplabv3", "DeepLabV3"),
                             ("pointnet-plus-plus", "PointNet++"), ("pointnet", "PointNet"),
                             ("dall-e-3", "DALL·E 3"), ("pangu-sigma", "PanGu-Σ"), ("lambda-wasp", "λ-WASP"),
                             ("sphinx-llama-2-13b", "SPHINX (Llama 2 13B)"), ("hogwild", "HOGWILD!")]:
        assert load(out, release_id).name == name


def test_clashing_and_duplicate_names_get_distinct_stable_ids(cli, tmp_path):
    header, _ = table()
    common = {COUNTRY: "United States of America", "Domain": "Language"}
    rows = [
        row(header, Model="GPT-4", Organization="OpenAI", Publication_date="2023-03-15", **common),
        row(header, Model="GPT-4", Organization="Microsoft", Publication_date="2023-03-15", **common),
        row(header, Model="GPT 4", Organization="OpenAI", Publication_date="2023-03-14", **common),
        row(header, Model="GPT-4", Organization="OpenAI", Publication_date="2023-03-15", **common),  # same row
    ]
    first = import_alone(cli, str(write_csv(tmp_path / "a.csv", header, rows)),
                "--into", str(tmp_path / "a"), "--snapshot", "2024-12")
    # All three slug to gpt-4: the organisation tells Microsoft's apart, the date the two of OpenAI.
    assert sorted(p.stem for p in (tmp_path / "a").glob("*.yaml")) == [
        "gpt-4-microsoft", "gpt-4-openai-2023-03-14", "gpt-4-openai-2023-03-15"]
    assert ("  skipped line 5 'GPT-4': duplicate row (same model, organisation and date as line 2)"
            in first.stderr)
    keys = {p.stem: load(tmp_path / "a", p.stem).origin.key for p in (tmp_path / "a").glob("*.yaml")}
    assert keys == {"gpt-4-openai-2023-03-15": "GPT-4 (OpenAI; 2023-03-15)",
                    "gpt-4-microsoft": "GPT-4 (Microsoft; 2023-03-15)", "gpt-4-openai-2023-03-14": "GPT 4"}
    # The same rows in another order, into a fresh folder: the same ids.
    import_alone(cli, str(write_csv(tmp_path / "b.csv", header, rows[::-1])),
        "--into", str(tmp_path / "b"), "--snapshot", "2024-12")
    assert {p.stem: load(tmp_path / "b", p.stem).origin.key for p in (tmp_path / "b").glob("*.yaml")} == keys


def test_an_imported_id_survives_a_later_clash(cli, tmp_path):
    header, rows = table()
    out = tmp_path / "out"
    import_alone(cli, str(SUBSET), "--into", str(out), "--snapshot", "2024-12")
    header[header.index("Country (from Organization)")] = "Country (of organization)"  # a newer export
    newcomer = row(header, Model="O1", Organization="Other Lab", Publication_date="2025-01-02",
                   Domain="Language", **{"Country_(of_organization)": "France"})
    result = import_alone(cli, str(write_csv(tmp_path / "new.csv", header, [*rows, newcomer])),
                 "--into", str(out), "--snapshot", "2025-01")
    assert f"{out}: 1 written (1 new, 0 updated, 0 replaced), 46 unchanged, 0 kept, 6 skipped" in result.stderr
    assert load(out, "o1").origin.key == "o1"
    assert load(out, "o1-other-lab").origin.key == "O1"


# --- columns -------------------------------------------------------------------------------


def test_header_variants_and_extra_columns_give_the_same_files(cli, tmp_path):
    header, rows = table()
    other = list(header)
    other[other.index("Country (from Organization)")] = "country (OF organization)"  # case and wording
    moved = [[*reversed(r), "extra"] for r in rows]
    source = write_csv(tmp_path / "other.csv", [*reversed(other), "Something Epoch added"], moved)
    import_alone(cli, str(SUBSET), "--into", str(tmp_path / "a"), "--snapshot", "2024-12")
    result = import_alone(cli, str(source), "--into", str(tmp_path / "b"), "--snapshot", "2024-12")
    assert result.exit_code == 0, result
    a = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "a").glob("*.yaml")}
    b = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "b").glob("*.yaml")}
    assert len(a) == 46 and a == b


@pytest.mark.parametrize("column, message", [
    ("Publication date", "no column 'Publication date' in the header"),
    ("Country (from Organization)",
     "no column 'Country (from Organization)' or 'Country (of organization)' in the header"),
    ("Model", "no column 'Model' in the header"),
])
def test_a_missing_column_is_named(cli, tmp_path, column, message):
    header, rows = table()
    i = header.index(column)
    source = write_csv(tmp_path / "cut.csv", header[:i] + header[i + 1:], [r[:i] + r[i + 1:] for r in rows])
    result = import_alone(cli, str(source), "--into", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr == f"error: {source}: {message}; is this Epoch AI's Notable AI Models CSV?\n"
    assert not (tmp_path / "out").exists()


def test_not_utf8_is_a_data_error(cli, tmp_path):
    source = tmp_path / "latin1.csv"
    source.write_bytes("Model,Organization\nNÜWA,Microsoft\n".encode("latin-1"))
    result = import_alone(cli, str(source), "--into", str(tmp_path / "out"))
    assert (result.exit_code, result.stderr) == (
        1, f"error: {source}:2: not UTF-8 (byte 0xdc); Epoch AI's CSV is UTF-8\n")


# --- YAML that reads back as written ---------------------------------------------------------


def test_values_yaml_would_turn_into_other_types_stay_text(cli, tmp_path):
    header, _ = table()
    rows = [row(header, Model="NO", Organization="2.10,null", Publication_date="2017-01-01", Domain="Language",
                Reference="true", Link="https://example.org/no", **{COUNTRY: "Norway,Norway"})]
    source = write_csv(tmp_path / "yaml.csv", header, rows)
    result = import_alone(cli, str(source), "--into", str(tmp_path / "out"), "--snapshot", "2024-12")
    assert result.exit_code == 0, result
    release = load(tmp_path / "out", "no")
    assert (release.name, orgs(release), release.sources[1].title) == (
        "NO", [("2.10", ["NO"]), ("null", ["NO"])], "true")
    assert "name: 'NO'\n" in (tmp_path / "out" / "no.yaml").read_text(encoding="utf-8")


def test_a_row_that_cannot_make_a_valid_file_is_skipped_with_the_reason(cli, tmp_path):
    header, _ = table()
    rows = [row(header, Model="evil\u202eyes", Organization="Lab", Publication_date="2020-01-01",
                Domain="Language", **{COUNTRY: "France"})]
    result = import_alone(cli, str(write_csv(tmp_path / "evil.csv", header, rows)),
                 "--into", str(tmp_path / "out"), "--snapshot", "2024-12")
    assert result.exit_code == 0
    assert ("  skipped line 2 'evil\\u202eyes': would not be a valid file ("
            in result.stderr)
    assert "character U+202E (right-to-left override) is not allowed" in result.stderr
    assert not list((tmp_path / "out").glob("*.yaml"))


# --- where files go --------------------------------------------------------------------------


def test_never_into_the_bundled_data(cli):
    from ai_tracker.collection.folders import bundled_dir

    before = sorted(p.name for p in bundled_dir().iterdir())
    result = import_alone(cli, str(SUBSET), "--into", str(bundled_dir()))
    assert result.exit_code == 2
    assert result.stderr == (f"error: --into: '{bundled_dir()}' is the bundled data folder; "
                             "import into a folder of your own\n")
    assert sorted(p.name for p in bundled_dir().iterdir()) == before


def test_dry_run_writes_nothing(cli, tmp_path):
    result = import_alone(cli, str(SUBSET), "--into", str(tmp_path / "out"), "--dry-run",
                 "--snapshot", "2024-12")
    assert f"{tmp_path / 'out'}: 46 would be written (46 new, 0 updated, 0 replaced)" in result.stderr
    assert not (tmp_path / "out").exists()


# --- re-import -------------------------------------------------------------------------------


def test_same_snapshot_again_changes_nothing(cli, imported):
    out, _ = imported
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.glob("*.yaml")}
    result = import_alone(cli, str(SUBSET), "--into", str(out), "--snapshot", "2024-12")
    assert f"{out}: 0 written (0 new, 0 updated, 0 replaced), 46 unchanged, 0 kept, 6 skipped" in result.stderr
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.glob("*.yaml")} == before


def test_newer_snapshot_updates_changed_rows_and_adds_new_ones(cli, imported, tmp_path):
    out, _ = imported
    header, rows = table()
    edit(rows, header, "Llama 3.3", Model_accessibility="API access", Confidence="Likely")
    rows = [r for r in rows if r[0] != "Whisper"]  # Epoch dropped a model
    rows.append(row(header, Model="Llama 4", Organization="Meta AI", **{COUNTRY: "United States of America"},
                    Publication_date="2025-04-05", Domain="Language,Vision",
                    Model_accessibility="Open weights (restricted use)", Confidence="Confident"))
    newer = write_csv(tmp_path / "2025-05.csv", header, rows)
    untouched = (out / "o1.yaml").read_bytes()
    result = import_alone(cli, str(newer), "--into", str(out), "--snapshot", "2025-05")
    assert result.exit_code == 0, result
    assert "  updated llama-3-3: open_weights, access, origin" in result.stderr
    assert "  not in this snapshot, left as they are: whisper" in result.stderr
    assert f"{out}: 2 written (1 new, 1 updated, 0 replaced), 44 unchanged, 0 kept, 6 skipped" in result.stderr
    llama = load(out, "llama-3-3")
    assert (llama.open_weights, llama.access, llama.origin.confidence) == (False, ["api"], "Likely")
    assert str(llama.sources[0].date) == "2025-05"  # changed: cites the new snapshot
    assert (out / "o1.yaml").read_bytes() == untouched  # unchanged: still cites 2024-12, not rewritten
    assert orgs(load(out, "llama-4")) == [("Meta AI", ["US"])]
    assert (out / "whisper.yaml").exists()


def _hand_edit(path: Path) -> str:
    text = path.read_text(encoding="utf-8").replace("categories: [language]",
                                                    "categories: [language]\nsummary: Checked by hand.")
    path.write_text(text, encoding="utf-8")
    return text


def test_a_hand_edited_file_is_kept_without_force_and_replaced_with_it(cli, imported, tmp_path):
    out, _ = imported
    header, rows = table()
    edit(rows, header, "Llama 3.3", Confidence="Likely")
    newer = write_csv(tmp_path / "newer.csv", header, rows)
    edited = _hand_edit(out / "llama-3-3.yaml")
    kept = import_alone(cli, str(newer), "--into", str(out), "--snapshot", "2025-01")
    assert ("  kept llama-3-3: edited by hand since it was imported; --force overwrites it"
            in kept.stderr)
    assert f"{out}: 0 written (0 new, 0 updated, 0 replaced), 45 unchanged, 1 kept, 6 skipped" in kept.stderr
    assert (out / "llama-3-3.yaml").read_text(encoding="utf-8") == edited
    forced = import_alone(cli, str(newer), "--into", str(out), "--snapshot", "2025-01", "--force")
    assert "  replaced llama-3-3 (--force)" in forced.stderr
    assert f"{out}: 1 written (0 new, 0 updated, 1 replaced), 45 unchanged, 0 kept, 6 skipped" in forced.stderr
    llama = load(out, "llama-3-3")
    assert (llama.summary, llama.origin.confidence) == (None, "Likely")
    again = import_alone(cli, str(newer), "--into", str(out), "--snapshot", "2025-01")
    assert f"{out}: 0 written (0 new, 0 updated, 0 replaced), 46 unchanged" in again.stderr


def test_a_file_without_the_header_is_not_ours_to_overwrite(cli, imported):
    out, _ = imported
    path = out / "o1.yaml"
    path.write_text(path.read_text(encoding="utf-8").partition("\n")[2], encoding="utf-8")
    result = import_alone(cli, str(SUBSET), "--into", str(out), "--snapshot", "2024-12")
    assert "  kept o1: not written by the importer; --force overwrites it" in result.stderr


def test_a_renamed_file_is_still_found_by_its_key(cli, imported):
    out, _ = imported
    (out / "sub").mkdir()
    (out / "o1.yaml").rename(out / "sub" / "openai-o1.yaml")
    result = import_alone(cli, str(SUBSET), "--into", str(out), "--snapshot", "2024-12")
    assert "46 unchanged" in result.stderr
    assert not (out / "o1.yaml").exists()


def test_a_row_skipped_in_a_newer_snapshot_keeps_its_file(cli, imported, tmp_path):
    out, _ = imported
    header, rows = table()
    edit(rows, header, "Llama 3.3", **{COUNTRY: ""})
    before = (out / "llama-3-3.yaml").read_bytes()
    result = import_alone(cli, str(write_csv(tmp_path / "n.csv", header, rows)), "--into", str(out),
                 "--snapshot", "2025-01")
    assert "  skipped line 2 'Llama 3.3': no country (organisations 'Meta AI')" in result.stderr
    assert "not in this snapshot" not in result.stderr
    assert (out / "llama-3-3.yaml").read_bytes() == before


def test_link_urls_lose_the_sentence_around_them():
    row = epoch.Row(line=2, model="M", organization="Lab", country="France", date="2020", domain="",
                    accessibility="", confidence="",
                    link="See https://x.org/a). and https://en.wikipedia.org/wiki/Foo_(bar), https://x.org/a.")
    urls = [s.get("url") for s in epoch.sources(row, "2024-12")]
    assert urls == ["https://epoch.ai/data/notable-ai-models", "https://x.org/a",
                    "https://en.wikipedia.org/wiki/Foo_(bar)"]


def test_a_model_named_like_a_windows_device_gets_a_usable_id(cli, tmp_path):
    header, rows = table()
    edit(rows, header, "Llama 3.3", Model="CON")
    source = write_csv(tmp_path / "con.csv", header, rows)
    import_alone(cli, str(source), "--into", str(tmp_path / "out"), "--snapshot", "2024-12")
    assert load(tmp_path / "out", "con-model").name == "CON"
    assert not (tmp_path / "out" / "con.yaml").exists()


@pytest.mark.parametrize("args, option", [(["--into", ""], "--into"), (["--into", "x", "--snapshot", " "], "--snapshot"),
                                          (["--into", "x", "--snapshot", ""], "--snapshot")])
def test_an_empty_value_is_an_error_never_the_current_folder(cli, tmp_path, monkeypatch, args, option):
    monkeypatch.chdir(tmp_path)
    result = import_alone(cli, str(SUBSET), *args)
    assert (result.exit_code, result.stderr) == (2, f"error: {option}: empty: give a value\n")
    assert list(tmp_path.iterdir()) == []


def test_a_row_with_hundreds_of_organisations_is_skipped_with_a_reason(cli, tmp_path):
    """It used to abort the whole import with a RecursionError."""
    from ai_tracker.interchange.epoch import MAX_ORGANIZATIONS

    header, rows = table()
    many = MAX_ORGANIZATIONS + 400
    rows.append(row(header, Model="Consortium", Organization=",".join(f"Lab {i}" for i in range(many)),
                    **{COUNTRY: ",".join(["United States of America"] * many)},
                    Publication_date="2024-05-01", Domain="Language", Confidence="Confident"))
    result = cli("import", "epoch", str(write_csv(tmp_path / "many.csv", header, rows)),
                 "--into", str(tmp_path / "out"), "--snapshot", "2024-12")
    assert result.exit_code == 0, result
    assert "46 written (46 new, 0 updated, 0 replaced), 0 unchanged, 0 kept, 7 skipped" in result.stderr
    assert f"'Consortium': too many organisations ({many} named; at most {MAX_ORGANIZATIONS} are read)" \
        in result.stderr


def test_a_csv_over_the_size_cap_is_refused_before_it_is_read(cli, tmp_path, monkeypatch):
    from ai_tracker.interchange import epoch

    monkeypatch.setattr(epoch, "MAX_CSV_BYTES", 1000)
    result = cli("import", "epoch", str(SUBSET), "--into", str(tmp_path / "out"))
    assert result.exit_code == 1, result
    assert "is more than the 1,000 an import reads" in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_csv_is_read_as_a_stream(tmp_path, monkeypatch):
    """Never the whole file at once: the largest single read is a buffer, not the file."""
    import builtins

    from ai_tracker.interchange import epoch

    header, rows = table()
    big = write_csv(tmp_path / "big.csv", header, rows * 40)  # about 2 MB
    reads: list[int] = []
    real_open = builtins.open

    def watching_open(file, *args, **kwargs):
        handle = real_open(file, *args, **kwargs)
        if str(file) == str(big):  # count the bytes of each read from the disk
            raw = handle.buffer.raw
            real_readinto = raw.readinto

            def readinto(b):
                n = real_readinto(b)
                reads.append(n or 0)
                return n

            raw.readinto = readinto
        return handle

    monkeypatch.setattr(builtins, "open", watching_open)
    assert len(epoch.read_csv(big)) == len(rows) * 40
    assert reads and max(reads) < big.stat().st_size // 10


def test_a_skip_line_escapes_every_invisible_character_alike(cli, tmp_path):
    """Red team F12: a soft hyphen and a Hangul filler in a skipped row's name are shown as
    escapes, as the zero-width space is (one escaper for diagnostics); a ZWJ that joins
    two emoji is kept."""
    header, rows = table()
    edit(rows, header, "Grok-2", Model="Gr\u00adok\u3164\u200b2", Publication_date="")
    edit(rows, header, "Qwen2.5-72B", Model="Qwen \U0001f469\u200d\U0001f4bb", Publication_date="")
    source = write_csv(tmp_path / "odd.csv", header, rows)
    result = import_alone(cli, str(source), "--into", str(tmp_path / "out"), "--snapshot", "2024-12")
    assert "  skipped line 105 'Gr\\xadok\\u3164\\u200b2': no publication date" in result.stderr
    assert "  skipped line 101 'Qwen \U0001f469\u200d\U0001f4bb': no publication date" in result.stderr
