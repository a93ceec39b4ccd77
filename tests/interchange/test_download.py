"""`import ... URL` against hostile servers on 127.0.0.1: a body cut short, answers that are
not HTTP, a server that drips a byte at a time, redirects to other schemes, to http from
https, and in a long chain. Each ends in one clear line naming the URL, exit 1, and
nothing written; a URL import never names its temporary file."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from support import REPO
from support.servers import certificate, head, listener, raw, tls

from ai_tracker.files.atomic import STAGING_PREFIX

EPOCH = (REPO / "tests" / "data" / "epoch_subset.csv").read_bytes()
API_JSON = (REPO / "tests" / "data" / "models-dev" / "api.json").read_bytes()


@pytest.fixture
def scratch(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """The system's temporary folder, for this test alone: what a download leaves behind shows."""
    folder = tmp_path / "system-tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def epoch(cli, url, into, *extra):  # type: ignore[no-untyped-def]
    return cli("import", "epoch", url, "--into", str(into), "--snapshot", "2024-12", *extra)


def one_error(result, url: str) -> str:  # type: ignore[no-untyped-def]
    """The error line of a run that must fail with exactly one line naming the URL."""
    assert result.exit_code == 1, result
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: {url}:"), result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    return lines[0]


def nothing_written(into: Path, scratch: Path) -> None:
    assert not into.exists()
    assert list(scratch.iterdir()) == []


def send(body: bytes, *headers: str, status: str = "200 OK"):  # type: ignore[no-untyped-def]
    def reply(conn: socket.socket, _: bytes) -> None:
        conn.sendall(head(status, *headers) + body)
    return reply


# --- 1. a body cut short ---------------------------------------------------------------------

# Cut in the middle of the last row: what the old fetcher imported as a whole file.
CUT = len(EPOCH) - 120


@pytest.mark.parametrize("reply", [
    send(EPOCH[:CUT], f"Content-Length: {len(EPOCH)}"),
    send(f"{len(EPOCH):x}\r\n".encode() + EPOCH[:CUT], "Transfer-Encoding: chunked"),
    send(f"{CUT:x}\r\n".encode() + EPOCH[:CUT] + b"\r\n", "Transfer-Encoding: chunked"),  # no last chunk
], ids=["content-length", "chunked", "no-last-chunk"])
def test_a_body_cut_short_is_an_error_and_nothing_is_written(cli, tmp_path, scratch, reply):
    with raw(reply) as server:
        url = f"{server.url}/notable_ai_models.csv"
        line = one_error(epoch(cli, url, tmp_path / "out"), url)
    assert "incomplete" in line
    nothing_written(tmp_path / "out", scratch)


def test_a_whole_chunked_body_is_imported(cli, tmp_path, scratch):
    chunks = b"".join(f"{len(part):x}\r\n".encode() + part + b"\r\n"
                      for part in (EPOCH[:5000], EPOCH[5000:70000], EPOCH[70000:])) + b"0\r\n\r\n"
    # A Content-Length beside chunks is not the body's length (Transfer-Encoding wins): not "incomplete".
    with raw(send(chunks, "Transfer-Encoding: chunked", f"Content-Length: {len(EPOCH) * 2}")) as server:
        result = epoch(cli, f"{server.url}/notable.csv", tmp_path / "out")
    assert result.exit_code == 0, result
    epoch(cli, str(REPO / "tests" / "data" / "epoch_subset.csv"), tmp_path / "local")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in (tmp_path / "local").iterdir())
    assert list(scratch.iterdir()) == []


# --- 2. answers that are not HTTP ------------------------------------------------------------


@pytest.mark.parametrize("reply", [
    send(b"", status="OK"),  # no status code
    lambda conn, _: conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n\r\n"),
    lambda conn, _: conn.sendall(b"HTTP/1.1 200 " + b"O" * 70_000 + b"\r\n\r\n"),
    send(b"", *[f"X-Header-{i}: y" for i in range(101)]),
    send(b"", "X-Long: " + "a" * 70_000),
    send(b"zz\r\nabc", "Transfer-Encoding: chunked"),  # a chunk size that is no number
    lambda conn, _: None,  # the connection closed with no answer at all
    send(b"", "Location: http://[::1/x", status="302 Found"),  # a redirect to no URL
    send(b"", "Location: http://127.0.0.1:99999/x", status="302 Found"),  # to a port that is none
], ids=["status-code", "not-http", "long-status", "101-headers", "long-header", "chunk-size", "no-answer",
        "bad-location", "bad-port"])
def test_an_answer_that_is_not_http_is_one_clear_line(cli, tmp_path, scratch, reply):
    with raw(reply) as server:
        url = f"{server.url}/api.json"
        one_error(cli("import", "models-dev", url, "--into", str(tmp_path / "out")), url)
    nothing_written(tmp_path / "out", scratch)


@pytest.mark.parametrize("url", ["http://127.0.0.1:99999/x", "http://[::1/x", "http://127.0.0.1/a b",
                                 "http://127.0.0.1/\x01", "https:///x"])
def test_a_url_that_cannot_be_fetched_is_a_usage_error(cli, tmp_path, url):
    result = cli("import", "models-dev", url, "--into", str(tmp_path / "out"))
    assert result.exit_code == 2, result
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("error: ")
    assert "internal error" not in result.stderr


# --- 3. a server that drips ------------------------------------------------------------------


def drip(start: bytes):  # type: ignore[no-untyped-def]
    """Send start, then one byte every 50 ms for as long as the client listens."""
    def reply(conn: socket.socket, _: bytes) -> None:
        conn.sendall(start)
        for _ in range(100_000):
            conn.sendall(b"x")
            time.sleep(0.05)
    return reply


@pytest.mark.parametrize("start", [head("200 OK", "Content-Length: 100000"), b"HTTP/1.1 200 OK\r\nX-Slow: "],
                         ids=["body", "headers"])
def test_a_server_dripping_bytes_is_stopped_by_the_deadline(cli, tmp_path, scratch, start):
    with raw(drip(start)) as server:
        url = f"{server.url}/notable.csv"
        began = time.monotonic()
        line = one_error(epoch(cli, url, tmp_path / "out", "--timeout", "5", "--deadline", "1"), url)
        took = time.monotonic() - began
    # Each byte came well within --timeout: without the deadline this would run for over an hour.
    assert took < 20, took
    assert "not downloaded within 1 s" in line and "--deadline" in line and "--timeout" in line and "5 s" in line
    nothing_written(tmp_path / "out", scratch)


def test_a_stall_names_both_limits(cli, tmp_path, scratch):
    def stall(conn: socket.socket, _: bytes) -> None:
        conn.sendall(head("200 OK", "Content-Length: 100") + b"abc")
        time.sleep(2)
    with raw(stall) as server:
        url = f"{server.url}/notable.csv"
        line = one_error(epoch(cli, url, tmp_path / "out", "--timeout", "0.3"), url)
    assert "stalled for over 0.3 s" in line and "--timeout" in line and "--deadline" in line and "600 s" in line
    nothing_written(tmp_path / "out", scratch)


def test_the_deadline_is_documented_and_checked(cli, tmp_path):
    shown = cli("import", "epoch", "--help").stdout
    assert "--deadline" in shown and "600" in shown
    bad = cli("import", "epoch", "http://127.0.0.1:9/x.csv", "--into", str(tmp_path / "o"), "--deadline", "0")
    assert bad.exit_code == 2 and "--deadline" in bad.stderr


# --- 4. redirects -----------------------------------------------------------------------------


def redirect_to(location: str):  # type: ignore[no-untyped-def]
    return send(b"", f"Location: {location}", "Content-Length: 0", status="302 Found")


@pytest.mark.parametrize("scheme", ["ftp", "file", "gopher"])
def test_a_redirect_to_another_scheme_is_refused_before_any_connection(cli, tmp_path, scratch, scheme):
    with listener() as (port, connections):
        target = f"{scheme}://127.0.0.1:{port}/notable.csv" if scheme != "file" else "file:///etc/passwd"
        with raw(redirect_to(target)) as server:
            url = f"{server.url}/notable.csv"
            line = one_error(epoch(cli, url, tmp_path / "out"), url)
        time.sleep(0.2)
        assert connections == []  # the old fetcher logged into the ftp server as anonymous
    assert f"redirected to '{target}'" in line and "refused" in line
    nothing_written(tmp_path / "out", scratch)


def _chain(hops: int):  # type: ignore[no-untyped-def]
    """/0 redirects to /1 (relative), ... /hops answers with the CSV."""
    def reply(conn: socket.socket, request: bytes) -> None:
        n = int(request.split(b" ")[1].strip(b"/"))
        if n < hops:
            conn.sendall(head("302 Found", f"Location: /{n + 1}", "Content-Length: 0"))
        else:
            conn.sendall(head("200 OK", f"Content-Length: {len(EPOCH)}") + EPOCH)
    return reply


def test_ten_redirects_are_followed_and_the_eleventh_is_refused(cli, tmp_path, scratch):
    with raw(_chain(10)) as server:
        result = epoch(cli, f"{server.url}/0", tmp_path / "ten")
        assert result.exit_code == 0, result
        assert len(server.requests) == 11
    with raw(_chain(11)) as server:
        url = f"{server.url}/0"
        line = one_error(epoch(cli, url, tmp_path / "eleven"), url)
        assert len(server.requests) == 11  # the 11th redirect is not followed
    assert "more than 10 redirects" in line
    nothing_written(tmp_path / "eleven", scratch)


@pytest.fixture(scope="module")
def cert(tmp_path_factory):  # type: ignore[no-untyped-def]
    made = certificate(tmp_path_factory.mktemp("tls"))
    if made is None:
        pytest.skip("the openssl command is not installed")
    return made


def test_https_works_and_a_redirect_to_http_is_refused(cli, tmp_path, scratch, cert, monkeypatch):
    pem, key = cert
    monkeypatch.setenv("SSL_CERT_FILE", str(pem))  # the client trusts the test's certificate
    with raw(send(API_JSON, f"Content-Length: {len(API_JSON)}"), tls(pem, key)) as server:
        result = cli("import", "models-dev", f"{server.url}/api.json", "--into", str(tmp_path / "ok"),
                     "--snapshot", "2026-07-02")
        assert result.exit_code == 0, result
        assert result.stderr.startswith(f"{server.url}/api.json: 9 rows read")
    with listener() as (port, connections):
        target = f"http://127.0.0.1:{port}/api.json"
        with raw(redirect_to(target), tls(pem, key)) as server:
            url = f"{server.url}/api.json"
            line = one_error(cli("import", "models-dev", url, "--into", str(tmp_path / "out")), url)
        time.sleep(0.2)
        assert connections == []
    assert f"redirected from https to http ('{target}')" in line and "refused" in line
    nothing_written(tmp_path / "out", scratch)


def test_the_deadline_ends_a_dripping_https_server_as_a_user_runs_it(tmp_path, cert):
    """The real process, with the CLI's own SIGPIPE default (`| head` ends a command as it ends
    Unix tools): the watchdog's end of a TLS connection is one line, never a death by SIGPIPE
    with nothing said."""
    pem, key = cert
    env = {**{k: v for k, v in os.environ.items() if k != "AI_TRACKER_DATA"}, "NO_COLOR": "1",
           "SSL_CERT_FILE": str(pem), "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_DATA_HOME": str(tmp_path / "data")}
    main = "import sys; sys.argv[0] = 'ai-tracker'; from ai_tracker.cli import main; main()"
    with raw(drip(b"HTTP/1.1 200 OK\r\nX-Slow: "), tls(pem, key)) as server:
        url = f"{server.url}/notable.csv"
        out = tmp_path / "out"
        done = subprocess.run([sys.executable, "-c", main, "import", "epoch", url, "--into", str(out), "-d", str(out),
                               "--deadline", "1"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert done.stderr.splitlines() == [f"error: {url}: not downloaded within 1 s (--deadline sets the limit for the "
                                        "whole download; --timeout, 30 s, the wait for each read)"]
    assert not out.exists()


# --- 5. a URL import names the URL, never its temporary file ------------------------------------


def test_every_line_of_a_url_import_names_the_url_not_a_temporary_file(cli, tmp_path, scratch):
    with raw(send(EPOCH, f"Content-Length: {len(EPOCH)}")) as server:
        url = f"{server.url}/data/notable_ai_models.csv?v=2"
        result = epoch(cli, url, tmp_path / "out")
    assert result.exit_code == 0, result
    assert result.stderr.startswith(f"{url}: ")
    assert str(scratch) not in result.stderr and STAGING_PREFIX not in result.stderr
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize("command, body, said", [
    ("epoch", b"Name,Year\nx,2020\n", "no column 'Model' in the header"),
    ("epoch", b"", "the file is empty"),
    ("epoch", EPOCH[:400] + b"\n\xff\xfe,x\n", "not UTF-8"),
    ("models-dev", b"{not json", "not valid JSON"),
    ("models-dev", b'{"data": []}', "not models.dev's JSON"),
    ("models-dev", b'{"a/b": {"c": ' + b"9" * 5000 + b"}}", "not usable JSON"),
])
def test_an_error_in_a_downloaded_file_names_the_url(cli, tmp_path, scratch, command, body, said):
    with raw(send(body, f"Content-Length: {len(body)}")) as server:
        url = f"{server.url}/source"
        result = cli("import", command, url, "--into", str(tmp_path / "out"))
    line = one_error(result, url)
    assert said in line and str(scratch) not in line and STAGING_PREFIX not in line
    nothing_written(tmp_path / "out", scratch)
