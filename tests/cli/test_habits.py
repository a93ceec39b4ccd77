"""The habits users bring from gh and kubectl: --json FIELDS, --columns, -o wide,
-q/--quiet, jsonl wherever json is offered."""

from __future__ import annotations

import json
import re

import pytest
from support import write_release


@pytest.fixture
def data(tmp_path):
    d = tmp_path / "d"
    write_release(d, "alpha", name="Alpha", released={"date": "2026-02-10", "source": "s1"},
                  organization=[{"name": "Lab", "country": "US"}], categories=["language"])
    write_release(d, "beta", name="Beta", released={"date": "2026-02-12", "source": "s1"},
                  organization=[{"name": "Lab", "country": "CN"}], categories=["coding"])
    return d


def test_quiet_prints_ids_only_for_xargs(cli, data):
    result = cli("list", "-q", "--data-dir", str(data))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "beta\nalpha\n", "")
    assert cli("list", "--quiet", "--country", "US", "--data-dir", str(data)).stdout == "alpha\n"
    clash = cli("list", "-q", "--format", "csv", "--data-dir", str(data))
    assert (clash.exit_code, clash.stderr) == (2, "error: --quiet: give one of --quiet, --json and --format\n")


def test_json_fields_chooses_the_fields_and_alone_lists_them(cli, data):
    result = cli("list", "--json", "id,released", "--data-dir", str(data))
    assert json.loads(result.stdout) == [{"id": "beta", "released": {"date": "2026-02-12", "source": "s1", "note": None}},
                                         {"id": "alpha", "released": {"date": "2026-02-10", "source": "s1", "note": None}}]
    listed = cli("list", "--json", "--data-dir", str(data))
    assert listed.exit_code == 0
    fields = listed.stdout.splitlines()
    assert fields[:3] == ["id", "name", "aliases"] and "open_weights" in fields and "path" not in fields
    typo = cli("list", "--json", "id,nmae", "--data-dir", str(data))
    assert typo.exit_code == 2 and typo.stdout == ""
    assert typo.stderr.startswith("error: --json: unknown field 'nmae'; did you mean name? expected some of: id, name,")


def test_columns_chooses_the_columns_in_every_table_format(cli, data):
    plain = cli("list", "--columns", "id,Open weights,name", "--data-dir", str(data)).stdout.splitlines()
    assert [line.split() for line in plain] == [["Id", "Open", "weights", "Name"], ["beta", "?", "Beta"],
                                                ["alpha", "?", "Alpha"]]
    csv = cli("list", "--columns", "name,released", "--format", "csv", "--data-dir", str(data)).stdout
    assert csv == "name,released\nBeta,2026-02-12\nAlpha,2026-02-10\n"  # csv headers are export's field names
    bad = cli("list", "--columns", "name,size", "--data-dir", str(data))
    assert (bad.exit_code, bad.stderr) == (2, "error: --columns: no column 'size'; expected some of: id, released, "
                                              "name, organization, country, categories, open_weights, access, imported\n")
    assert cli("list", "--columns", "help").stdout.splitlines()[0] == "id\tId"
    machine = cli("list", "--columns", "name", "--format", "json", "--data-dir", str(data))
    assert machine.exit_code == 2 and "--json FIELDS chooses their fields" in machine.stderr


def test_wide_adds_the_id_and_leaves_nothing_out(cli, data, monkeypatch):
    piped = cli("list", "-o", "wide", "--data-dir", str(data)).stdout.splitlines()
    assert piped[0].split()[:3] == ["Id", "Released", "Name"] and piped[1].split()[0] == "beta"
    monkeypatch.setenv("FORCE_COLOR", "1")
    narrow = re.sub(r"\x1b\[[0-9;]*m", "", cli("list", "--data-dir", str(data), env={"COLUMNS": "50"}).stdout)
    assert "left out to fit 50 columns" in narrow
    wide = re.sub(r"\x1b\[[0-9;]*m", "", cli("list", "-o", "wide", "--data-dir", str(data),
                                            env={"COLUMNS": "50"}).stdout)
    assert "left out" not in wide and "Access" in wide and "beta" in wide
    assert all(len(line) <= 50 for line in wide.splitlines())  # one block per row, never wider


@pytest.mark.parametrize("args", [("list",), ("counts", "--per", "year"), ("orgs",), ("validate",)])
def test_jsonl_is_json_one_record_a_line_wherever_json_is(cli, data, args):
    as_json = json.loads(cli(*args, "--format", "json", "--data-dir", str(data)).stdout)
    lines = cli(*args, "-o", "jsonl", "--data-dir", str(data)).stdout.splitlines()
    records = as_json if isinstance(as_json, list) else [as_json]
    assert [json.loads(line) for line in lines] == records
