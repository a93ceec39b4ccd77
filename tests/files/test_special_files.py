"""Devices, FIFOs and links never hang, exhaust memory or get replaced."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support import write_release


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "d"
    write_release(folder, "good", name="Good")
    return folder


def test_a_fifo_or_a_device_among_release_files_is_refused(cli, data):
    os.mkfifo(data / "fifo.yaml")  # reading it would block for ever
    (data / "zero.yaml").symlink_to("/dev/zero")  # reading it would never end
    result = cli("validate", "--data-dir", str(data))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line.split(": ", 1)[1] for line in lines] == [
        "not a regular file (a device, FIFO or socket); a release file is a plain file"] * 2
    assert [Path(line.split(":")[0]).name for line in lines] == ["fifo.yaml", "zero.yaml"]


def test_an_oversized_file_is_refused_without_reading_it_all(cli, data):
    (data / "huge.yaml").write_bytes(b"name: x\n" + b"#" * 2_000_000)
    result = cli("validate", "--data-dir", str(data))
    assert "huge.yaml: file is over 1,000,000 bytes" in result.stdout


def _stat_says(size: int, real_stat):  # type: ignore[no-untyped-def]
    def fake(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        return os.stat_result((*real_stat(path, *args, **kwargs)[:6], size, 0, 0, 0))
    return fake


@pytest.mark.parametrize("said", [0, 5, 40])  # what stat said, before the file grew or shrank
def test_a_file_is_read_to_its_end_whatever_stat_said(tmp_path, monkeypatch, said):
    from ai_tracker.files import yaml_reader

    raw = b"name: x\n" + b"# a comment\n" * 20
    (tmp_path / "a.yaml").write_bytes(raw)
    monkeypatch.setattr(yaml_reader.os, "stat", _stat_says(said, os.stat))
    assert yaml_reader.read_regular_file(tmp_path / "a.yaml") == raw


def test_a_file_given_a_little_at_a_time_is_read_whole(tmp_path, monkeypatch):
    from ai_tracker.files import yaml_reader

    raw = b"name: x\n" + b"# a comment\n" * 20
    (tmp_path / "a.yaml").write_bytes(raw)
    real_read = os.read
    monkeypatch.setattr(yaml_reader.os, "read", lambda fd, n: real_read(fd, min(n, 7)))  # as a network file system may
    assert yaml_reader.read_regular_file(tmp_path / "a.yaml") == raw


@pytest.mark.parametrize("command", [["export", "--format", "csv", "--force"], ["schema", "--force"]])
def test_out_never_replaces_a_fifo(cli, data, tmp_path, command):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    result = cli(*command, "--out", str(fifo), *(["--data-dir", str(data)] if command[0] == "export" else []))
    assert result.exit_code == 2
    assert result.stderr == f"error: --out: '{fifo}' is not a regular file (a device, FIFO or socket)\n"
    assert fifo.is_fifo()


def test_out_through_a_link_writes_the_target(cli, data, tmp_path):
    target = tmp_path / "target.csv"
    target.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    result = cli("export", "--out", str(link), "--force", "--data-dir", str(data))
    assert result.exit_code == 0, result
    assert link.is_symlink()
    assert target.read_text().startswith("id,")
