"""An output encoding that cannot hold every character (PYTHONIOENCODING=ascii, a Latin-1
locale) degrades by format, never a UnicodeEncodeError (issue 22, item 13): tables and text
with `?` and one note on stderr; JSON with \\u escapes (lossless); csv, tsv and YAML with
escapes and a note; HTML and Atom with character references. Run as a user runs it: a
process whose streams Python opened in that encoding."""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from support import minimal, write_release

NAME = "智谱GLM-5 · Ünï"  # Chinese (in no 8-bit encoding), a middle dot and Latin-1 letters
ALIAS = "😀 emoji"  # outside the BMP


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "d"
    write_release(folder, "glm", minimal(name=NAME, aliases=[ALIAS], summary="“Quoted” — dash"))
    write_release(folder, "other", minimal(name="Other", released={"date": "2026-02-10", "source": "s1"}))
    return folder


def run(tmp_path: Path, encoding: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "NO_COLOR": "1", "XDG_CACHE_HOME": str(tmp_path / "c")}
    env.pop("AI_TRACKER_DATA", None)
    env.pop("FORCE_COLOR", None)
    # Run from the test's own folder, so `-m` finds the installed package, not the work tree
    # (`-P` would say so too, but needs Python 3.11; `-I` would ignore PYTHONIOENCODING).
    return subprocess.run([sys.executable, "-m", "ai_tracker", *args], capture_output=True, env=env,
                          timeout=120, cwd=tmp_path)


def note_lines(done: subprocess.CompletedProcess[bytes]) -> list[str]:
    return [line for line in done.stderr.decode("ascii").splitlines() if line.startswith("note: the output's")]


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("command", [["show", "glm"], ["list"], ["compare", "glm", "other"],
                                     ["digest", "--week", "2026-W07"]], ids=lambda c: c[0])
def test_text_and_tables_show_a_question_mark_and_say_so_once(tmp_path, data, encoding, command):
    done = run(tmp_path, encoding, *command, "--data-dir", str(data), "--format", "plain")
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode(encoding)  # strict: every byte is of the encoding
    assert "Traceback" not in done.stderr.decode(encoding) and "UnicodeEncodeError" not in done.stderr.decode()
    if command[0] in ("show", "list"):
        shown = "??GLM-5 · Ünï" if encoding == "latin-1" else "??GLM-5 ? ?n?"
        assert shown in out
    [note] = note_lines(done)
    assert f"({codecs.lookup(encoding).name})" in note and "written as ?" in note and "PYTHONIOENCODING=utf-8" in note


def test_plain_tables_still_line_up(tmp_path, data):
    done = run(tmp_path, "ascii", "list", "--data-dir", str(data), "--format", "plain")
    lines = done.stdout.decode("ascii").splitlines()
    assert lines[1].index("Test Lab") == lines[0].index("Organization")  # measured as shown


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_is_escaped_and_lossless(tmp_path, data, encoding, fmt):
    done = run(tmp_path, encoding, "list", "--data-dir", str(data), "--format", fmt)
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode(encoding)
    record = json.loads(text)[0] if fmt == "json" else json.loads(text.splitlines()[0])
    assert record["name"] == NAME and record["aliases"] == [ALIAS]
    assert note_lines(done) == []  # nothing lost, nothing to say
    export = run(tmp_path, encoding, "export", "--data-dir", str(data), "--format", "json")
    assert json.loads(export.stdout.decode(encoding))[0]["name"] == NAME


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_yaml_is_escaped_lossless_with_a_note(tmp_path, data, encoding):
    done = run(tmp_path, encoding, "show", "glm", "--data-dir", str(data), "--format", "yaml")
    assert done.returncode == 0, done.stderr
    record = yaml.safe_load(done.stdout.decode(encoding))
    assert record["name"] == NAME and record["aliases"] == [ALIAS]
    [note] = note_lines(done)
    assert "as escapes" in note


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_new_dry_run_yaml_is_escaped_lossless_with_a_note(tmp_path, data, encoding):
    """`new --dry-run` prints a release file: YAML, escaped as every YAML on stdout (red team F7)."""
    done = run(tmp_path, encoding, "new", NAME, "--org", "Test Lab", "--country", "CN", "--released", "2026-11",
               "--category", "language", "--source", "https://example.com/x", "--source-title", "标题 ·",
               "--id", "new-one", "--data-dir", str(data), "--dry-run")
    assert done.returncode == 0, done.stderr
    record = yaml.safe_load(done.stdout.decode(encoding))
    assert record["name"] == NAME and record["sources"][0]["title"] == "标题 ·"
    assert b"?" not in done.stdout.split(b"\n", 2)[1]
    [note] = note_lines(done)
    assert "as escapes" in note


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("command", [["list"], ["export"]], ids=lambda c: c[0])
@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_and_tsv_escape_and_say_so(tmp_path, data, encoding, command, fmt):
    done = run(tmp_path, encoding, *command, "--data-dir", str(data), "--format", fmt)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode(encoding)), delimiter="," if fmt == "csv" else "\t"))
    latin = "· Ünï" if encoding == "latin-1" else "\\xb7 \\xdcn\\xef"
    assert next(r for r in rows if r["id"] == "glm")["name"] == f"\\u667a\\u8c31GLM-5 {latin}"
    [note] = note_lines(done)
    assert "as escapes" in note


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_html_and_atom_use_character_references(tmp_path, data, encoding):
    page = run(tmp_path, encoding, "show", "glm", "--data-dir", str(data), "--format", "html")
    assert page.returncode == 0 and "&#26234;&#35889;GLM-5" in page.stdout.decode(encoding)
    feed = run(tmp_path, encoding, "export", "--data-dir", str(data), "--format", "atom")
    root = ET.fromstring(feed.stdout)  # the XML declaration says utf-8: ASCII is UTF-8
    assert NAME in "".join(root.itertext())
    assert note_lines(page) == [] and note_lines(feed) == []


def test_errors_on_stderr_are_escaped_not_a_crash(tmp_path, data):
    done = run(tmp_path, "ascii", "show", "无此", "--data-dir", str(data))
    assert done.returncode == 2
    assert "no release matches '\\u65e0\\u6b64'" in done.stderr.decode("ascii")
