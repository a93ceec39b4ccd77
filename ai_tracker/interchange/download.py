"""Fetching an importer's source from a URL (Epoch AI's CSV, models.dev's JSON).

Only http and https. A timeout for every read (so a stalled server ends the
wait), a cap on the size (checked on Content-Length and again on the bytes
that arrive), and errors that say what went wrong: no network, a refused
connection, an HTTP status. The file goes to a temporary folder the caller
removes; nothing is written into a data folder by this module.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from ai_tracker import __version__
from ai_tracker.errors import DataError, UsageError

TIMEOUT_SECONDS = 30.0
MAX_MEGABYTES = 200.0
_CHUNK = 64 * 1024


class NotModified(Exception):
    """The server says the copy we have is current (HTTP 304 to a conditional request)."""


def is_url(text: str) -> bool:
    return text.split(":", 1)[0].casefold() in ("http", "https") and "://" in text


def fetch(url: str, dest: Path, *, timeout: float = TIMEOUT_SECONDS, max_megabytes: float = MAX_MEGABYTES,
          progress: Callable[[int, int | None], None] | None = None, headers: dict[str, str] | None = None,
          meta: dict[str, str] | None = None) -> Path:
    """Download url into dest (a file path); DataError for anything the network or
    server does, UsageError for a URL that cannot be fetched at all.

    headers: sent with the request (If-None-Match, If-Modified-Since: a conditional
    request, answered by NotModified when the server has nothing newer). meta: receives
    the response's ETag and Last-Modified, for the next conditional request."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.casefold() not in ("http", "https") or not parts.hostname:
        raise UsageError(f"'{url}' is not an http or https URL", field="source")
    cap = int(max_megabytes * 1024 * 1024)
    request = urllib.request.Request(url, headers={"User-Agent": f"ai-tracker/{__version__}", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked above
            if meta is not None:
                meta.update({k: v for k in ("ETag", "Last-Modified") if (v := response.headers.get(k))})
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            if total is not None and total > cap:
                raise DataError(_too_big(url, max_megabytes, f"the server says {total / 1048576:.1f} MB"))
            done = 0
            with dest.open("wb") as out:
                while chunk := response.read(_CHUNK):
                    done += len(chunk)
                    if done > cap:
                        raise DataError(_too_big(url, max_megabytes, "more arrived"))
                    out.write(chunk)
                    if progress is not None:
                        progress(done, total)
    except urllib.error.HTTPError as exc:
        if exc.code == 304 and headers:
            raise NotModified(url) from None
        raise DataError(f"{url}: the server answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise DataError(f"{url}: no answer within {timeout:g} s (--timeout sets the wait)") from None
        if isinstance(reason, socket.gaierror):
            raise DataError(f"{url}: cannot find the host '{parts.hostname}': are you offline? "
                            "(download the file another way and give its path)") from None
        raise DataError(f"{url}: cannot connect: {getattr(reason, 'strerror', None) or reason} "
                        "(offline, or the server is down? download the file another way and give its path)"
                        ) from None
    except (socket.timeout, TimeoutError):
        raise DataError(f"{url}: the download stalled for over {timeout:g} s (--timeout sets the wait)") from None
    except OSError as exc:
        raise DataError(f"{url}: the download failed: {exc.strerror or exc}") from None
    return dest


def _too_big(url: str, cap: float, detail: str) -> str:
    return (f"{url}: larger than the {cap:g} MB cap ({detail}); --max-size raises it, or download the "
            "file another way and give its path")
