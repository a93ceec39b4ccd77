from support import write_release


def test_list_reads_a_data_dir(cli, tmp_path):
    write_release(tmp_path / "d", "alpha", name="Alpha")
    result = cli("list", "--data-dir", str(tmp_path / "d"), "--format", "csv")
    assert result.exit_code == 0, result
    assert result.stdout.splitlines()[1].startswith("alpha,2026-02-12,Alpha,Test Lab,US,language")
