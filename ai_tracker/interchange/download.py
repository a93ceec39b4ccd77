"""Fetching a file from a URL: the one fetcher of every command that downloads
(`import ... URL`: Epoch AI's CSV, models.dev's JSON).

What a hostile or broken network can do, and what it gets:

- a URL that is not http or https, or cannot be one: a UsageError;
- a server that stalls: each wait is bounded (`timeout`), and so is the whole
  download (`deadline`), even for a server that drips a byte at a time;
- a body larger than the cap (said by Content-Length or found on arrival);
- a body shorter than its Content-Length, a chunked body cut off: incomplete;
- an answer that is not HTTP (a bad status line, too many or too long headers);
- a redirect to anything but http or https, from https to http, or past
  MAX_REDIRECTS hops: refused before any connection to it.

Each is a DataError of one line naming the URL. The file is written under a
staging name and appears at `dest` only when complete (files/atomic.py), so a
failed download leaves nothing. `fetch` returns the response's headers, for a
caller that will ask again only if the file changed (ETag, Last-Modified).
"""

from __future__ import annotations

import http.client
import signal
import socket
import ssl
import string
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import IO, Any

from ai_tracker import __version__
from ai_tracker.errors import DataError, UsageError
from ai_tracker.files.atomic import replace_atomically

TIMEOUT_SECONDS = 30.0
DEADLINE_SECONDS = 600.0
MAX_MEGABYTES = 200.0
MAX_REDIRECTS = 10
_CHUNK = 64 * 1024
_SCHEMES = ("http", "https")
_OTHER_WAY = "download the file another way and give its path"


def is_url(text: str) -> bool:
    return text.split(":", 1)[0].casefold() in _SCHEMES and "://" in text


@dataclass(frozen=True)
class Limits:
    """How long and how much: each wait, the whole download, the size."""

    timeout: float = TIMEOUT_SECONDS
    deadline: float = DEADLINE_SECONDS
    max_megabytes: float = MAX_MEGABYTES

    @property
    def max_bytes(self) -> int:
        return int(self.max_megabytes * 1024 * 1024)


@dataclass(frozen=True)
class Fetched:
    """A completed download."""

    path: Path
    url: str  # where it came from in the end, after any redirects
    headers: Message  # the response's headers (ETag, Last-Modified, Content-Type, ...)
    size: int


class NotModified(Exception):
    """The server says the copy we have is current (HTTP 304 to a conditional request)."""


class _Failure(Exception):
    """What went wrong, in words, without the URL (fetch adds it)."""


def check_url(url: str) -> None:
    """UsageError unless url is an http or https URL that can be fetched as written."""
    if any(c in url for c in string.whitespace) or any(ord(c) < 32 or ord(c) == 127 for c in url):
        raise UsageError(f"'{url}' holds a space or a control character: write it percent-encoded (%20)",
                         field="source")
    problem = _url_problem(url)
    if problem is not None:
        raise UsageError(f"'{url}' {problem}", field="source")


def _url_problem(url: str) -> str | None:
    """Why url cannot be fetched, or None: for what a user typed and where a server redirects."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError as exc:
        return f"is not a URL: {exc}"
    if parts.scheme.casefold() not in _SCHEMES or not parts.hostname:
        return "is not an http or https URL"
    if not (parts.path + parts.query).isascii():  # a host may be an international name; the rest is sent as is
        return "holds characters that are not ASCII in its path: write them percent-encoded"
    return None


def fetch(url: str, dest: Path, limits: Limits = Limits(),
          progress: Callable[[int, int | None], None] | None = None,
          headers: dict[str, str] | None = None) -> Fetched:
    """Download url into dest (a file path, replaced only by a complete download);
    DataError for anything the network or server does, UsageError for a URL that
    cannot be fetched at all. progress(bytes so far, total or None) after each read.
    headers: sent with the request; If-None-Match or If-Modified-Since make it
    conditional, and a server with nothing newer is NotModified (nothing written)."""
    check_url(url)
    got: list[Fetched] = []

    def write(tmp: Path) -> None:
        got.append(_download(url, tmp, limits, progress, headers or {}))

    replace_atomically(dest, write)
    return Fetched(dest, got[0].url, got[0].headers, got[0].size)


def _download(url: str, tmp: Path, limits: Limits, progress: Callable[[int, int | None], None] | None,
              headers: dict[str, str]) -> Fetched:
    clock = _Clock(limits.deadline)
    try:
        with tmp.open("wb") as out, _sigpipe_ignored():
            return _transfer(url, out, tmp, limits, clock, progress, headers)
    except _Failure as exc:
        raise DataError(f"{url}: {_late(limits) if clock.expired else exc}") from None
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code == 304 and headers:
            raise NotModified(url) from None
        if clock.expired:
            raise DataError(f"{url}: {_late(limits)}") from None
        moved = f" (redirected to {exc.url})" if exc.url != url else ""
        raise DataError(f"{url}: the server answered HTTP {exc.code} {_short(exc.reason)}{moved}") from None
    except (OSError, ValueError, http.client.HTTPException) as exc:
        raise DataError(f"{url}: {_late(limits) if clock.expired else _explain(exc, url, limits)}") from None
    finally:
        clock.stop()


def _transfer(url: str, out: IO[bytes], tmp: Path, limits: Limits, clock: _Clock,
              progress: Callable[[int, int | None], None] | None, headers: dict[str, str]) -> Fetched:
    request = urllib.request.Request(url, headers={"User-Agent": f"ai-tracker/{__version__}", **headers})
    with _opener(clock).open(request, timeout=limits.timeout) as response:
        length = response.headers.get("Content-Length", "").strip()
        # A chunked body's length is its chunks' (HTTP/1.1: Transfer-Encoding overrides Content-Length).
        total = int(length) if length.isdigit() and not getattr(response, "chunked", False) else None
        if total is not None and total > limits.max_bytes:
            raise _Failure(_too_big(limits, f"the server says {total / 1048576:.1f} MB"))
        done = 0
        # read1: one read of the socket at a time, so the deadline is checked between them
        # (the watchdog of _Clock ends a read that waits past it).
        while chunk := response.read1(_CHUNK):
            clock.check()
            done += len(chunk)
            if done > limits.max_bytes:
                raise _Failure(_too_big(limits, "more arrived"))
            out.write(chunk)
            if progress is not None:
                progress(done, total)
        clock.check()
        if total is not None and done < total:  # http.client ends a short body quietly
            raise _Failure(_incomplete(f"the connection closed after {done:,} of the {total:,} bytes announced"))
        return Fetched(tmp, response.url, response.headers, done)


def _explain(exc: BaseException, url: str, limits: Limits) -> str:
    """A network or protocol error in words."""
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            return f"no answer within {limits.timeout:g} s {_both(limits)}"
        if isinstance(reason, socket.gaierror):
            host = urllib.parse.urlsplit(url).hostname
            return f"cannot find the host '{host}': are you offline? ({_OTHER_WAY})"
        if isinstance(reason, ssl.SSLCertVerificationError):
            return f"the server's certificate is not trusted: {_short(reason.verify_message)} ({_OTHER_WAY})"
        if isinstance(reason, ssl.SSLError):
            return f"the secure connection failed: {_short(reason.reason or reason)} ({_OTHER_WAY})"
        if isinstance(reason, OSError):
            reason = reason.strerror or reason
        return f"cannot connect: {_short(reason)} (offline, or the server is down? {_OTHER_WAY})"
    if isinstance(exc, TimeoutError):
        return f"the download stalled for over {limits.timeout:g} s {_both(limits)}"
    if isinstance(exc, http.client.IncompleteRead):
        return _incomplete("the connection closed in the middle of a chunk")
    if isinstance(exc, http.client.RemoteDisconnected):
        return f"the server closed the connection without an answer ({_OTHER_WAY})"
    if isinstance(exc, http.client.HTTPException):
        return f"the server's answer is not valid HTTP ({_short(exc) or type(exc).__name__})"
    if isinstance(exc, OSError):
        return f"the download failed: {_short(exc.strerror or exc)}"
    return f"cannot be fetched: {_short(exc)}"  # a ValueError: a URL http.client refuses


def _short(detail: object) -> str:
    """A server's words (a status line, a reason) kept to one short line."""
    text = " ".join(str(detail).split())
    return text if len(text) <= 100 else text[:97] + "..."


def _both(limits: Limits) -> str:
    return (f"(--timeout sets the wait for each read; --deadline, {limits.deadline:g} s, "
            "bounds the whole download)")


def _late(limits: Limits) -> str:
    return (f"not downloaded within {limits.deadline:g} s (--deadline sets the limit for the whole "
            f"download; --timeout, {limits.timeout:g} s, the wait for each read)")


def _incomplete(why: str) -> str:
    return f"the download is incomplete: {why}; nothing was kept (try again, or {_OTHER_WAY})"


def _too_big(limits: Limits, detail: str) -> str:
    return f"larger than the {limits.max_megabytes:g} MB cap ({detail}); --max-size raises it, or {_OTHER_WAY}"


@contextmanager
def _sigpipe_ignored() -> Iterator[None]:
    """SIGPIPE ignored while the connection is open. The CLI restores its default (so
    `| head` ends a command as it ends Unix tools), and then a write to a connection the
    server reset (the request, a TLS alert after the watchdog's shutdown) would kill the
    process without a word; ignored, it is an OSError (EPIPE), said as one line."""
    if not hasattr(signal, "SIGPIPE") or threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set a handler
        return
    before = signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGPIPE, before)


# --- the deadline ---------------------------------------------------------------------------


class _Clock:
    """The deadline of one download. Checked between reads; and a watchdog shuts the
    connection's socket when it passes, which ends a read that is still waiting (a
    server that drips the headers, or a byte just inside each timeout)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def check(self) -> None:
        if time.monotonic() >= self.end:
            self.expired = True
            raise _Failure("deadline")

    def stop(self) -> None:
        self._timer.cancel()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        # socket.socket's own shutdown, also for a TLS socket: only the connection is
        # ended, not the TLS state the reading thread may be using.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:  # closed already
        pass


# --- the opener: http and https only, watched, with our redirect rules ------------------------


def _connection(base: type[http.client.HTTPConnection], clock: _Clock) -> Any:
    class Watched(base):  # type: ignore[valid-type, misc]
        def connect(self) -> None:
            super().connect()
            clock.watch(self.sock)

    return Watched


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, clock: _Clock) -> None:
        super().__init__()
        self._connection = _connection(http.client.HTTPConnection, clock)

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, clock: _Clock) -> None:
        super().__init__()
        self._connection = _connection(http.client.HTTPSConnection, clock)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req, context=self._context)  # type: ignore[attr-defined]


class _Redirects(urllib.request.HTTPRedirectHandler):
    """urllib's redirects, but only to http or https, never from https to http, at most
    MAX_REDIRECTS hops, and without reading the redirect's own body (no cap holds it)."""

    def http_error_302(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                       headers: http.client.HTTPMessage) -> Any:
        location = headers.get("Location") or headers.get("URI")
        if not location:
            return None  # an HTTP error, said as such
        try:  # as urllib does: a server's Location may hold spaces or Latin-1 bytes
            target = urllib.parse.urljoin(req.full_url, urllib.parse.quote(location, encoding="iso-8859-1",
                                                                            safe=string.punctuation))
        except ValueError as exc:
            raise _Failure(f"redirected to '{_short(location)}', which is not a URL ({exc}): refused") from None
        problem = _url_problem(target)
        if problem is not None:
            raise _Failure(f"redirected to '{_short(location)}', which {problem}: refused")
        old, new = urllib.parse.urlsplit(req.full_url).scheme.casefold(), urllib.parse.urlsplit(target).scheme.casefold()
        if old == "https" and new == "http":
            raise _Failure(f"redirected from https to http ('{_short(target)}'): refused, an https download "
                           "never goes on unencrypted")
        hops = getattr(req, "hops", 0) + 1
        if hops > MAX_REDIRECTS:
            raise _Failure(f"more than {MAX_REDIRECTS} redirects: refused (the last to '{_short(target)}')")
        new_request = self.redirect_request(req, fp, code, msg, headers, target)
        if new_request is None:
            return None
        new_request.hops = hops  # type: ignore[attr-defined]
        fp.close()
        return self.parent.open(new_request, timeout=req.timeout)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener(clock: _Clock) -> urllib.request.OpenerDirector:
    """Only the handlers a download needs: no ftp:, file: or data:, whatever a server says."""
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.UnknownHandler(), _HTTP(clock), _HTTPS(clock),
                    urllib.request.HTTPDefaultErrorHandler(), _Redirects(), urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener
