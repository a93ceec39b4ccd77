"""`export`: every format written, read back and compared with what the files say."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import minimal, write_release, write_text

SUBSET = Path(__file__).parent.parent / "data" / "epoch_subset.csv"  # Epoch AI, CC BY 4.0
MODELS_DEV = Path(__file__).parent.parent / "data" / "models-dev" / "checkout"  # models.dev, MIT


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    write_release(folder, "glm-5", minimal(
        "GLM-5", aliases=["智谱GLM-5", "GLM5"],
        organization=[{"name": "Zhipu AI", "country": "CN", "aliases": ["智谱AI", "Z.ai"]}],
        released={"date": "2026-02-12", "source": "s1", "note": "The day models.dev gives."},
        events=[{"date": "2026-02-12..2026-02-14", "kind": "reported", "note": "The article's window.",
                 "source": "s2"}],
        categories=["language", "coding"], modalities={"input": ["text"], "output": ["text"]},
        open_weights=True, access=["open-weights", "api"], predecessor="glm-4-5",
        summary="Open model; code and agents.",
        highlights=[{"text": "Weights on Hugging Face.", "source": "s1"}],
        specs={"context_window": {"value": "204800", "unit": "tokens", "source": "s1"}},
        benchmarks=[{"name": "SWE-bench Verified", "score": "72.8", "unit": "%", "claimed_by": "independent",
                     "source": "s1"}],
        claims=[{"text": "Close to Claude Opus 4.5.", "about": "glm-4-5", "relation": "close-to",
                 "claimed_by": "vendor", "who": "Zhipu AI", "source": "s2"}],
        market_reaction=[{"company": "Zhipu AI", "listing": "Hong Kong", "date": "2026-02-12",
                          "change_percent": "15", "source": "s2"}],
        quotes=[{"speaker": "A. Person", "text": "很好", "language": "zh", "translation": "Very good",
                 "source": "s2"}],
        community=[{"metric": "GitHub stars", "value": "30000", "period": "one week", "source": "s2"}],
        sources=[{"id": "s1", "title": "models.dev", "url": "https://models.dev"},
                 {"id": "s2", "title": "An article", "date": "2026-02"}]))
    write_release(folder, "glm-4-5", minimal(
        "GLM-4.5", organization=[{"name": "Zhipu AI", "country": "CN"}],
        released={"date": "2025-07", "source": "s1"}, categories=["language"], open_weights=True))
    write_release(folder, "joint", minimal(
        "NO", organization=[{"name": "2.10", "country": ["GB", "FR"]}, {"name": "Lab B", "country": "NO"}],
        released={"date": "2024", "source": "s1"}, categories=["science"], open_weights=False,
        license="Apache-2.0", pricing={"model": "free", "source": "s1"},
        origin={"database": "epoch", "key": "NO", "confidence": "Likely", "domain": "Biology"}))
    return folder


FLAT_GLM5 = {
    "id": "glm-5", "name": "GLM-5", "aliases": ["智谱GLM-5", "GLM5"], "organizations": ["Zhipu AI"],
    "countries": ["CN"], "regions": ["China"], "released": "2026-02-12", "released_precision": "day",
    "released_earliest": "2026-02-12", "released_latest": "2026-02-12", "released_week": "2026-W07", "categories": ["language", "coding"],
    "input_modalities": ["text"], "output_modalities": ["text"], "open_weights": True, "license": None,
    "access": ["open-weights", "api"], "pricing": None, "predecessor": "glm-4-5",
    "summary": "Open model; code and agents.", "source_urls": ["https://models.dev"], "imported": False,
    "origin_database": None, "origin_key": None, "origin_confidence": None, "origin_accessibility": None,
    "origin_domain": None, "origin_same_as": None,
}
FLAT_JOINT = {
    "id": "joint", "name": "NO", "aliases": [], "organizations": ["2.10", "Lab B"], "countries": ["GB", "FR", "NO"],
    "regions": ["Europe"], "released": "2024", "released_precision": "year", "released_earliest": "2024-01-01",
    "released_latest": "2024-12-31", "released_week": "2024-W01",
    "categories": ["science"], "input_modalities": [], "output_modalities": [],
    "open_weights": False, "license": "Apache-2.0", "access": [], "pricing": "free", "predecessor": None,
    "summary": None, "source_urls": [], "imported": True, "origin_database": "epoch", "origin_key": "NO",
    "origin_confidence": "Likely", "origin_accessibility": None, "origin_domain": "Biology", "origin_same_as": None,
}


def import_alone(cli, *args: str):  # type: ignore[no-untyped-def]
    """`import epoch` used with its own folder alone (-d DIR --into DIR): nothing to link to."""
    return cli("import", "epoch", *args, "--data-dir", args[args.index("--into") + 1])


def export(cli, data: Path, *args: str):  # type: ignore[no-untyped-def]
    result = cli("export", "-d", str(data), *args)
    assert result.exit_code == 0, result
    return result


def test_csv_flat_rows_with_lists_joined(cli, data, tmp_path):
    out = tmp_path / "out.csv"
    result = export(cli, data, "--format", "csv", "--out", str(out))
    assert result.stderr == f"wrote 3 releases to {out} (csv)\n"
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == ["glm-5", "glm-4-5", "joint"]  # newest first, as list shows them

    def as_csv(flat: dict) -> dict:
        return {k: ("; ".join(v) if isinstance(v, list) else "" if v is None else
                    ("true" if v else "false") if isinstance(v, bool) else v) for k, v in flat.items()}

    assert rows[0] == as_csv(FLAT_GLM5)
    assert rows[2] == as_csv(FLAT_JOINT)
    assert rows[2]["name"] == "NO" and rows[2]["organizations"] == "2.10; Lab B"


def test_jsonl_keeps_lists_and_types(cli, data, tmp_path):
    out = tmp_path / "out.jsonl"
    export(cli, data, "--out", str(out))  # format from the suffix
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0] == FLAT_GLM5
    assert rows[2] == FLAT_JOINT


def test_json_is_the_complete_records(cli, data, tmp_path):
    out = tmp_path / "out.json"
    export(cli, data, "-f", "json", "--out", str(out))
    exported = json.loads(out.read_text(encoding="utf-8"))
    listed = json.loads(cli("list", "-d", str(data), "--format", "json").stdout)
    assert exported == listed
    glm5 = exported[0]
    assert glm5["specs"] == {"context_window": {"value": 204800.0, "unit": "tokens", "approximate": False,
                                                "note": None, "source": "s1"}}
    assert exported[2]["origin"] == {"database": "epoch", "key": "NO", "confidence": "Likely",
                                     "accessibility": None, "domain": "Biology", "same_as": None}


def test_sqlite_tables_read_back(cli, data, tmp_path):
    out = tmp_path / "out.db"
    result = export(cli, data, "--format", "sqlite", "--out", str(out))
    assert result.stderr == f"wrote 3 releases to {out} (sqlite)\n"
    db = sqlite3.connect(out)
    db.row_factory = sqlite3.Row
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"releases", "sources", "aliases", "organizations", "events", "categories", "modalities",
                      "access", "highlights", "specs", "variants", "benchmarks", "claims", "market_reaction", "quotes",
                      "community", "countries", "links", "records"}
    joint = dict(db.execute("SELECT * FROM releases WHERE id = 'joint'").fetchone())
    assert joint == {
        "id": "joint", "name": "NO", "released_date": "2024", "released_precision": "year",
        "released_earliest": "2024-01-01", "released_latest": "2024-12-31", "released_week": "2024-W01",
        "released_source": "s1", "released_secondary_only": None,
        "released_note": None, "open_weights": 0, "license": "Apache-2.0", "pricing_model": "free",
        "pricing_note": None, "pricing_source": "s1", "predecessor": None, "summary": None,
        "origin_database": "epoch", "origin_key": "NO", "origin_confidence": "Likely",
        "origin_accessibility": None, "origin_domain": "Biology", "origin_same_as": None}
    assert db.execute("SELECT open_weights FROM releases WHERE id = 'glm-5'").fetchone()[0] == 1

    def rows(sql: str) -> list[tuple]:
        return [tuple(r) for r in db.execute(sql)]

    assert rows("SELECT release_id, position, name, country, aliases FROM organizations ORDER BY 1, 2") == [
        ("glm-4-5", 0, "Zhipu AI", "CN", None), ("glm-5", 0, "Zhipu AI", "CN", "智谱AI; Z.ai"),
        ("joint", 0, "2.10", "GB; FR", None), ("joint", 1, "Lab B", "NO", None)]
    assert rows("SELECT release_id, country, name, region FROM countries ORDER BY 1, 2") == [
        ("glm-4-5", "CN", "China", "China"), ("glm-5", "CN", "China", "China"),
        ("joint", "FR", "France", "Europe"), ("joint", "GB", "United Kingdom", "Europe"),
        ("joint", "NO", "Norway", "Europe")]
    assert rows("SELECT * FROM categories WHERE release_id = 'glm-5'") == [
        ("glm-5", 0, "language"), ("glm-5", 1, "coding")]
    assert rows("SELECT * FROM aliases") == [("glm-5", 0, "智谱GLM-5"), ("glm-5", 1, "GLM5")]
    assert rows("SELECT * FROM modalities") == [("glm-5", "input", 0, "text"), ("glm-5", "output", 0, "text")]
    assert rows("SELECT * FROM access") == [("glm-5", 0, "open-weights"), ("glm-5", 1, "api")]
    assert rows("SELECT * FROM sources WHERE release_id = 'glm-5'") == [
        ("glm-5", 0, "s1", None, "models.dev", None, "https://models.dev", None, None),
        ("glm-5", 1, "s2", None, "An article", None, None, "2026-02", None)]
    assert rows("SELECT * FROM events") == [
        ("glm-5", 0, "2026-02-12..2026-02-14", "reported", "The article's window.", "s2")]
    assert rows("SELECT * FROM specs") == [("glm-5", "context_window", 204800.0, "tokens", 0, None, "s1")]
    assert rows("SELECT * FROM benchmarks") == [
        ("glm-5", 0, "SWE-bench Verified", 72.8, "%", "independent", None, "s1")]
    assert rows("SELECT * FROM claims") == [
        ("glm-5", 0, "Close to Claude Opus 4.5.", "glm-4-5", "close-to", "vendor", "Zhipu AI", None, "s2")]
    assert rows("SELECT * FROM market_reaction") == [
        ("glm-5", 0, "Zhipu AI", "Hong Kong", "2026-02-12", 15.0, None, None, "s2")]
    assert rows("SELECT * FROM quotes") == [
        ("glm-5", 0, "A. Person", None, "很好", "zh", "Very good", None, "s2")]
    assert rows("SELECT * FROM community") == [("glm-5", 0, "GitHub stars", 30000.0, "one week", None, "s2")]
    assert rows("SELECT * FROM highlights") == [("glm-5", 0, "Weights on Hugging Face.", "s1")]
    # Foreign keys are declared (Datasette links them) and hold.
    assert sorted(rows('SELECT "table", "from", "to" FROM pragma_foreign_key_list(\'events\')')) == [
        ("releases", "release_id", "id"), ("sources", "release_id", "release_id"),
        ("sources", "source_id", "source_id")]
    assert rows("PRAGMA foreign_key_check") == []
    db.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO categories VALUES ('no-such-release', 0, 'language')")


def test_the_list_filters_apply(cli, data, tmp_path):
    result = export(cli, data, "-f", "jsonl", "--out", "-", "--country", "china", "--since", "2026-01-01")
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["glm-5"]
    result = export(cli, data, "-f", "csv", "--out", "-", "--closed")
    assert [r["id"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["joint"]
    bad = cli("export", "-d", str(data), "-f", "csv", "--out", "-", "--country", "Atlantis")
    assert (bad.exit_code, bad.stdout) == (2, "")
    assert bad.stderr.startswith("error: --country: unknown country 'Atlantis'")


def test_existing_out_needs_force(cli, data, tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("mine\n", encoding="utf-8")
    result = cli("export", "-d", str(data), "--out", str(out))
    assert (result.exit_code, result.stderr) == (2, f"error: --out: '{out}' exists; use --force to overwrite it\n")
    assert out.read_text(encoding="utf-8") == "mine\n"
    export(cli, data, "--out", str(out), "--force")
    assert out.read_text(encoding="utf-8").startswith("id,name,aliases,")
    db = tmp_path / "out.db"
    export(cli, data, "--out", str(db))
    export(cli, data, "--out", str(db), "--force", "--country", "NO")  # replaced whole, not appended to
    assert sqlite3.connect(db).execute("SELECT id FROM releases").fetchall() == [("joint",)]


@pytest.mark.parametrize("args, message", [
    (("--format", "sqlite", "--out", "-"), "error: --out: a SQLite database cannot go to stdout; give a file name"),
    (("--out", "x.txt"), "error: --format: cannot tell the format from 'x.txt'; give --format csv, tsv, json, jsonl, "
                         "sqlite, atom or ics"),
])
def test_usage_errors(cli, data, args, message):
    result = cli("export", "-d", str(data), *args)
    assert (result.exit_code, result.stderr) == (2, message + "\n")


def test_missing_folder_for_out(cli, data, tmp_path):
    result = cli("export", "-d", str(data), "--out", str(tmp_path / "nope" / "x.csv"))
    assert (result.exit_code, result.stderr) == (2, f"error: --out: folder '{tmp_path / 'nope'}' does not exist\n")


def test_a_file_with_control_characters_is_never_exported(cli, tmp_path):
    write_text(tmp_path / "d", "evil", yaml.safe_dump(minimal()).replace(
        "name: Test Model", 'name: "Evil \\e[31mred\\u202e"'))
    write_release(tmp_path / "d", "good", name="Good")
    result = export(cli, tmp_path / "d", "-f", "json", "--out", "-")
    assert [r["name"] for r in json.loads(result.stdout)] == ["Good"]
    assert "evil.yaml:3:7: name: control character U+001B" in result.stderr


def test_imported_epoch_rows_round_trip_to_sqlite(cli, tmp_path):
    folder = tmp_path / "epoch"
    import_alone(cli, str(SUBSET), "--into", str(folder), "--snapshot", "2024-12")
    out = tmp_path / "epoch.db"
    export(cli, folder, "--out", str(out))
    db = sqlite3.connect(out)
    assert db.execute("SELECT count(*) FROM releases").fetchone() == (46,)
    assert db.execute("SELECT count(*) FROM releases WHERE origin_confidence = 'Speculative'").fetchone() == (7,)
    assert db.execute("SELECT region, count(DISTINCT release_id) FROM countries GROUP BY region "
                      "ORDER BY region").fetchall() == [
        ("China", 7), ("Europe", 12), ("Rest of world", 9), ("United States", 31)]  # counted from the CSV


def test_stdout_and_csv_by_default(cli, tmp_path):
    write_release(tmp_path / "d", "good", name="Good")
    result = cli("export", "--data-dir", str(tmp_path / "d"))
    assert result.exit_code == 0, result
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["id"], r["name"]) for r in rows] == [("good", "Good")]


def test_list_and_export_share_one_csv_convention_and_export_has_tsv_and_the_iso_week(cli, tmp_path):
    """Headers, list separators, booleans and unknowns agree between `list --format
    csv` and `export --format csv`; `export` writes tsv too, and each release's ISO
    week (the week `weekly` counts it in: SQLite has no ISO week function)."""
    import csv as csv_module
    import io as io_module

    d = tmp_path / "d"
    write_release(d, "joint", name="Joint", organization=[{"name": "Lab A", "country": "US"},
                                                            {"name": "Lab B", "country": "FR"}],
                  released={"date": "2026-02-14..2026-02-17", "source": "s1"}, open_weights=True,
                  categories=["language", "coding"])
    write_release(d, "closed", name="Closed", released={"date": "2026-02", "source": "s1"})

    def rows(*args: str) -> list[dict[str, str]]:
        result = cli(*args, "--data-dir", str(d))
        assert result.exit_code == 0, result.stderr
        return list(csv_module.DictReader(io_module.StringIO(result.stdout),
                                          delimiter="\t" if "tsv" in args else ","))

    listed, exported = rows("list", "--format", "csv"), rows("export", "--format", "csv")
    shared = set(listed[0])
    assert shared <= set(exported[0])  # every list header is an export field
    for a, b in zip(listed, exported):
        assert {k: a[k] for k in shared} == {k: b[k] for k in shared}
    assert listed[0]["organizations"] == "Lab A; Lab B" and listed[0]["open_weights"] == "true"
    assert listed[1]["open_weights"] == ""  # not known: empty, as export writes it
    tsv = rows("export", "--format", "tsv")
    assert [r["released_week"] for r in tsv] == ["2026-W07", "2026-W05"]  # the week of the earliest day
    assert rows("list", "--format", "tsv") == listed


@pytest.mark.parametrize("fmt", ["sqlite", "csv"])
def test_a_full_disk_is_one_line_and_leaves_nothing(cli, tmp_path, monkeypatch, fmt):
    """SQLite's own "database or disk is full", made for real by a page limit; for the
    text formats, the OSError a full disk gives."""
    import errno
    import sqlite3

    from ai_tracker.interchange import export

    real_connect = sqlite3.connect

    def tiny(path, *args, **kwargs):
        conn = real_connect(path, *args, **kwargs)
        conn.execute("PRAGMA max_page_count = 3")
        return conn

    monkeypatch.setattr(export.sqlite3, "connect", tiny)
    if fmt == "csv":
        def full(releases, out):
            raise OSError(errno.ENOSPC, "No space left on device")
        monkeypatch.setattr(export, "write_csv", full)
    out = tmp_path / f"x.{fmt}"
    result = cli("export", "--out", str(out))
    assert result.exit_code == 1, result
    expected = "database or disk is full" if fmt == "sqlite" else "No space left on device"
    assert result.stderr == f"error: cannot write '{out}': {expected}\n"
    assert [p.name for p in tmp_path.iterdir()] == ["cache"]  # no half file, no staging folder


FORMULA = '=HYPERLINK("http://evil.example","Click")'
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def formulas(tmp_path: Path) -> Path:
    """A release whose text cells begin with every character a spreadsheet runs, an
    organisation named like a formula (a column header of `counts --by organization`),
    and number-like text (-3.2), which is no formula."""
    folder = tmp_path / "d"
    write_release(folder, "evil", name=FORMULA, aliases=["@SUM(A1)", "+1", "-x", "plain"],
                  organization=[{"name": "-Lab+", "country": "US"}], summary="-3.2",
                  benchmarks=[{"name": "-Bench", "score": -3.5, "claimed_by": "vendor", "source": "s1"}])
    write_release(folder, "calm", name="Calm", released={"date": "2026-02-10", "source": "s1"})
    return folder


# Every command's csv and tsv, and export's.
WRITERS = [["list"], ["show", "evil"], ["compare", "evil", "calm"], ["export"], ["counts", "--by", "organization"],
           ["validate"], ["digest", "--week", "2026-W07"]]


def _rows(text: str, fmt: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t"))


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
@pytest.mark.parametrize("args", WRITERS, ids=" ".join)
def test_every_csv_and_tsv_guards_cells_a_spreadsheet_would_run(cli, formulas, args, fmt):
    """OWASP's advice (https://owasp.org/www-community/attacks/CSV_Injection), in one
    function for every writer: a text cell that begins with = + - @, a tab or a CR gets a
    leading '; a number stays a number; --raw-csv writes the cells as they are."""
    guarded = cli(*args, "--data-dir", str(formulas), "--format", fmt)
    raw = cli(*args, "--data-dir", str(formulas), "--format", fmt, "--raw-csv")
    assert guarded.exit_code == raw.exit_code and guarded.exit_code in (0, 1), (guarded, raw)
    guarded_cells = [c for row in _rows(guarded.stdout, fmt) for c in row]
    raw_cells = [c for row in _rows(raw.stdout, fmt) for c in row]
    assert len(guarded_cells) == len(raw_cells) and guarded_cells, guarded
    changed = 0
    for safe, as_is in zip(guarded_cells, raw_cells):
        if as_is.startswith(TRIGGERS) and not _number(as_is):
            assert safe == "'" + as_is, (safe, as_is)
            changed += 1
        else:
            assert safe == as_is  # everything else as it was: -3.2 stays a number
    assert changed or args[0] in ("validate", "digest"), "no cell of the data reached this writer"
    if args[0] in ("list", "export", "show"):
        assert any(FORMULA in c for c in raw_cells) and not any(c.startswith("=") for c in guarded_cells)


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_export_writes_numbers_as_numbers_for_pandas_and_spreadsheet_is_still_taken(cli, formulas):
    result = cli("export", "--data-dir", str(formulas), "--format", "csv")
    row = next(r for r in csv.DictReader(io.StringIO(result.stdout)) if r["id"] == "evil")
    assert row["name"] == "'" + FORMULA and row["aliases"] == "'@SUM(A1); +1; -x; plain"
    assert row["summary"] == "-3.2" and row["organizations"] == "'-Lab+"
    # --spreadsheet (the guard, opt-in before) is the default now; scripts that pass it still work.
    assert cli("export", "--data-dir", str(formulas), "--format", "csv", "--spreadsheet").stdout == result.stdout
    wrong = cli("export", "--data-dir", str(formulas), "--format", "json", "--spreadsheet")
    assert wrong.exit_code == 2 and "error: --spreadsheet: only for csv and tsv, not json" in wrong.stderr


def test_the_guard_is_one_function_with_a_switch():
    from ai_tracker.output.render import delimited_cell, guard_formulas

    assert [delimited_cell(v) for v in ("=1+2", "+x", "-x", "@x", "\tx", "x=", "", None)] == [
        "'=1+2", "'+x", "'-x", "'@x", " x", "x=", "", ""]  # a tab is folded to a space first
    assert [delimited_cell(v) for v in (-3.2, -3, "-3.2", "+1e5", "-.5")] == ["-3.2", "-3", "-3.2", "+1e5", "-.5"]
    assert delimited_cell("=x", guard=False) == "=x"
    guard_formulas(False)
    try:
        assert delimited_cell("=x") == "=x"
    finally:
        guard_formulas(True)
    assert delimited_cell("=x") == "'=x"


def _cell(value: Any) -> Any:
    """A value as a SQLite cell holds it: a list joined with '; ', a mapping as JSON."""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or None
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _db_rows(db: sqlite3.Connection, table: str, release_id: str, order: str = "position") -> list[dict[str, Any]]:
    db.row_factory = sqlite3.Row
    key = "id" if table == "releases" else "release_id"
    return [dict(r) for r in db.execute(f'SELECT * FROM "{table}" WHERE {key} = ? ORDER BY {order}', (release_id,))]


def _check_item(row: dict[str, Any], item: dict[str, Any], where: str) -> None:
    """Every field of the item in its column (a source cited by id as source_id; a whole
    source, as a record of another file has, as source), every other column empty."""
    named = {("source_id" if k == "source" and isinstance(v, str) else k): v for k, v in item.items()}
    for column, value in row.items():
        if column in ("release_id", "position", "key", "direction"):
            continue
        assert value == _cell(named.get(column)), (where, column)
    assert set(named) <= set(row), where


def _imported(cli, tmp_path: Path) -> list[str]:
    """The bundled record with an Epoch AI and a models.dev import beside it: releases
    that several files record (`records`), each file citing its own source."""
    epoch, modelsdev = tmp_path / "epoch", tmp_path / "models-dev"
    assert cli("import", "epoch", str(SUBSET), "--into", str(epoch), "-d", "@bundled").exit_code == 0
    assert cli("import", "models-dev", str(MODELS_DEV), "--into", str(modelsdev), "-d", "@bundled",
               "-d", str(epoch)).exit_code == 0
    return ["-d", "@bundled", "-d", str(epoch), "-d", str(modelsdev)]


@pytest.mark.parametrize("which", ["bundled", "fixture", "imported"])
def test_sqlite_holds_exactly_what_the_records_say(cli, data, tmp_path, which):
    """Read back table by table and compared with the complete records (`--format json`):
    every field of every record in its table and column, every row accounted for; and
    SQLite's own checks pass: every foreign key holds, whatever was imported."""
    where = {"bundled": [], "fixture": ["-d", str(data)]}.get(which) or _imported(cli, tmp_path)
    records = json.loads(cli("export", *where, "-f", "json").stdout)
    out = tmp_path / "all.db"
    assert cli("export", *where, "--out", str(out)).exit_code == 0
    db = sqlite3.connect(out)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    if which == "imported":  # what made the check fail: records citing other files' sources
        assert db.execute("SELECT count(*) FROM records").fetchone()[0] >= 10
    counts: dict[str, int] = {}
    for record in records:
        rid = record["id"]
        (release,) = _db_rows(db, "releases", rid, "id")
        for field, value in record.items():
            table = "organizations" if field == "organization" else field
            if field == "modalities":
                rows = _db_rows(db, "modalities", rid, "direction, position")
                assert [(r["direction"], r["modality"]) for r in rows] == [
                    (d, m) for d in ("input", "output") for m in (value or {}).get(d, [])]
            elif field == "specs":
                rows = _db_rows(db, "specs", rid, "key")
                assert [r["key"] for r in rows] == sorted(value)
                for row in rows:
                    _check_item(row, value[row["key"]], f"{rid} specs {row['key']}")
            elif isinstance(value, list):
                rows = _db_rows(db, table, rid, "position")
                assert [r["position"] for r in rows] == list(range(len(value))), (rid, field)
                for row, item in zip(rows, value):
                    if isinstance(item, dict):
                        _check_item(row, {("source_id" if k == "id" and field == "sources" else k): v
                                          for k, v in item.items()}, f"{rid} {field}")
                    else:
                        assert list(row.values())[2:] == [item], (rid, field)
            elif isinstance(value, dict) or value is None and any(c.startswith(field + "_") for c in release):
                for column in release:
                    if column.startswith(field + "_") and column.split("_", 1)[1] in (value or {}):
                        assert release[column] == _cell(value[column.split("_", 1)[1]]), (rid, column)
                    elif column.startswith(field + "_") and field != "released":
                        assert release[column] is None, (rid, column)
            else:
                assert release[field] == value, (rid, field)
            if isinstance(value, list) or field == "specs":
                counts[table] = counts.get(table, 0) + len(value)
        countries = list(dict.fromkeys(c for org in record["organization"] for c in org["country"]))
        assert [r["country"] for r in _db_rows(db, "countries", rid, "rowid")] == countries
        counts["countries"] = counts.get("countries", 0) + len(countries)
    db.row_factory = None
    assert db.execute("SELECT count(*) FROM releases").fetchone() == (len(records),)
    counts["modalities"] = sum(len(v) for r in records for v in (r.get("modalities") or {}).values())
    for table, n in counts.items():
        assert db.execute(f'SELECT count(*) FROM "{table}"').fetchone() == (n,), table
    assert len(counts) >= 15


def test_sqlite_rows_are_the_same_however_many_go_in_one_insert(cli, tmp_path, monkeypatch):
    """Many rows per INSERT, and records read a chunk at a time, is only faster: the same
    rows, in the same order, with the same rowids as one statement per row (the bundled
    data: tables of 228 to 787 rows)."""
    from ai_tracker.interchange import export as module

    dumps = []
    for rows, chunk in ((1, 1), (7, 3), (module.ROWS_PER_INSERT, module.RECORDS_PER_CHUNK)):
        monkeypatch.setattr(module, "ROWS_PER_INSERT", rows)
        monkeypatch.setattr(module, "RECORDS_PER_CHUNK", chunk)  # rows left over wait for the next chunk's
        out = tmp_path / f"{rows}.db"
        assert cli("export", "--out", str(out)).exit_code == 0
        db = sqlite3.connect(out)
        dumps.append([*db.iterdump(), *(f"{t}: {r}" for (t,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'") for r in db.execute(f'SELECT rowid FROM "{t}"'))])
    assert dumps[0] == dumps[1] == dumps[2]
    assert len(dumps[0]) > 5000


@pytest.mark.parametrize("order", [["--spreadsheet", "--raw-csv"], ["--raw-csv", "--spreadsheet"]])
def test_spreadsheet_and_raw_csv_together_are_a_usage_error(cli, formulas, order):
    """Red team F12: one asks for the guard, the other turns it off; not silently raw."""
    result = cli("export", "--data-dir", str(formulas), "--format", "csv", *order)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("error: --spreadsheet: cannot go with --raw-csv")
    # The guard is back on for the next run in the same process.
    guarded = cli("export", "--data-dir", str(formulas), "--format", "csv", "--spreadsheet")
    assert guarded.exit_code == 0 and "'=" in guarded.stdout


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl", "atom", "ics"])
def test_an_export_that_fails_midway_writes_nothing_to_stdout(cli, tmp_path, fmt):
    """A record of the cache's memo that this code did not write (the user's own cache,
    altered) is found only when the export comes to it: the command fails (exit 1, one
    line) and stdout gets nothing, not the first releases of a document that a reader
    would take for the export, as a file export leaves no half file."""
    import marshal

    from ai_tracker.collection import cache

    folder = tmp_path / "d"
    write_release(folder, "newer", name="Newer", released={"date": "2026-03-01", "source": "s1"})
    write_release(folder, "older", name="Older", released={"date": "2026-01-01", "source": "s1"})
    assert cli("list", "-d", str(folder)).exit_code == 0  # the cache and its memo
    [cache_file] = (tmp_path / "cache" / "ai-tracker").glob("*.marshal")
    stored = cache.decode(cache_file.read_bytes())
    entries = stored["memo"]["entries"]
    n = next(i for i, (_, head, _, _) in enumerate(entries) if head[0] == "older")  # exported last
    place, head, blob, text = entries[n]
    entries[n] = (place, head, marshal.dumps({**marshal.loads(blob), "id": "planted"}), text)
    cache_file.write_bytes(cache.encode(stored))
    result = cli("export", "-d", str(folder), "--format", fmt)
    assert result.exit_code == 1, result
    assert result.stdout == ""
    assert result.stderr.startswith("error: the cache held a record of 'older' that this version of ai-tracker "
                                    "did not write"), result
    again = cli("export", "-d", str(folder), "--format", fmt)  # the cache was removed: whole again
    assert again.exit_code == 0 and "Older" in again.stdout and "Newer" in again.stdout, again
