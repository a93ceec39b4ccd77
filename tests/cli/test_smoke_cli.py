from support import write_release


def test_list_reads_a_data_dir(cli, tmp_path):
    write_release(tmp_path / "d", "alpha", name="Alpha")
    result = cli("list", "--data-dir", str(tmp_path / "d"), "--format", "csv")
    assert result.exit_code == 0, result
    assert result.stdout.splitlines()[1].startswith("alpha,2026-02-12,Alpha,Test Lab,US,language")


def test_the_console_script_flushes_everything_and_keeps_exit_codes(tmp_path):
    """`run` leaves with os._exit: the output must still be whole and the codes the same."""
    import os
    import subprocess
    import sys

    folder = tmp_path / "d"
    for n in range(300):
        write_release(folder, f"model-{n}", name=f"Model {n} " + "x" * 200)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("AI_TRACKER_DATA", None)
    env.pop("PYTHONUNBUFFERED", None)  # as users run it: output buffered, so only a flush writes it

    def tool(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "ai_tracker", *args], capture_output=True, text=True, env=env)

    listed = tool("list", "-d", str(folder), "--format", "csv")
    assert (listed.returncode, listed.stderr) == (0, "")
    assert len(listed.stdout.splitlines()) == 301 and listed.stdout.endswith("\n")
    small = tool("list", "-d", str(folder), "--format", "csv", "--limit", "1")  # less than a buffer
    assert (small.returncode, len(small.stdout.splitlines())) == (0, 2)
    assert tool("--version").stdout.startswith("ai-tracker ")
    usage = tool("list", "-d", str(folder), "--since", "2026-13")
    assert (usage.returncode, usage.stdout) == (2, "")
    assert usage.stderr == "error: --since: month 13 does not exist in '2026-13'\n"
    (folder / "model-0.yaml").write_text("name: [broken\n", encoding="utf-8")
    only_bad = tmp_path / "bad"
    only_bad.mkdir()
    (only_bad / "broken.yaml").write_text("name: [broken\n", encoding="utf-8")
    assert tool("list", "-d", str(only_bad)).returncode == 1
