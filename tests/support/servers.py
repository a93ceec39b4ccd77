"""Servers the network tests start on 127.0.0.1: real sockets, real bytes, never the internet.

- `serving(handler)`: http.server with a handler class, for well-formed answers.
- `raw(reply)`: a bare TCP server that reads each request's head and lets `reply`
  write whatever bytes it wants (a body cut short, a bad status line, a byte at a
  time, a redirect), for answers no HTTP library would send.
- `tls(...)`: either of them behind TLS, with a certificate made for the test.
"""

from __future__ import annotations

import http.server
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

Reply = Callable[[socket.socket, bytes], None]


@contextmanager
def serving(handler: type[http.server.BaseHTTPRequestHandler],
            context: ssl.SSLContext | None = None) -> Iterator[str]:
    """An http.server on a free port; yields its base URL (http://127.0.0.1:PORT, or https)."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if context is not None:
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{'https' if context else 'http'}://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@dataclass
class Raw:
    """A running raw server: its base URL and the request heads it was sent, in order."""

    url: str
    requests: list[bytes] = field(default_factory=list)


@contextmanager
def raw(reply: Reply, context: ssl.SSLContext | None = None) -> Iterator[Raw]:
    """A server that answers each connection with reply(conn, request_head), then closes it."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    scheme = "https" if context else "http"
    server = Raw(f"{scheme}://127.0.0.1:{listener.getsockname()[1]}")
    stop = threading.Event()

    def answer(conn: socket.socket) -> None:
        with conn:
            try:
                if context is not None:
                    conn = context.wrap_socket(conn, server_side=True)
                conn.settimeout(10)
                head = b""
                while b"\r\n\r\n" not in head:
                    data = conn.recv(4096)
                    if not data:
                        return
                    head += data
                server.requests.append(head)
                reply(conn, head)
            except OSError:  # the client went away (what several tests make it do)
                pass

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=answer, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        stop.set()
        thread.join(5)
        listener.close()


@contextmanager
def listener() -> Iterator[tuple[int, list[bool]]]:
    """A port that accepts connections and says nothing, and a list with one entry per
    connection made to it: what a test shows nobody connected to."""
    sock = socket.create_server(("127.0.0.1", 0))
    sock.settimeout(0.1)
    seen: list[bool] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            seen.append(True)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1], seen
    finally:
        stop.set()
        thread.join(5)
        sock.close()


def certificate(folder: Path) -> tuple[Path, Path] | None:
    """A self-signed certificate for 127.0.0.1 and its key, made with the openssl
    command; None where it is not installed."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    pem, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(pem), "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    return pem, key


def tls(pem: Path, key: Path) -> ssl.SSLContext:
    """The server side of TLS with that certificate."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pem, key)
    return context


def head(status: str, *headers: str) -> bytes:
    """A response head: status line and header lines, CRLF-ended, then the blank line."""
    return ("\r\n".join([f"HTTP/1.1 {status}", *headers]) + "\r\n\r\n").encode("latin-1")
