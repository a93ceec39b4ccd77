"""Headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`):
no port, no network, no Python package beyond the standard library.

One browser per test session (`browser` fixture in tests/output/test_html_browser.py); each
page is opened in a tab of its own with the window size asked for, and reports what a
reader gets: a screenshot, the text and links as the page shows them, the requests it
made, and every console message and uncaught error.

Finding Chromium: $AI_TRACKER_CHROMIUM, else `chromium`, `chromium-browser`,
`google-chrome` on PATH. Without one the browser tests fail under CI=true (`.ci/run`
installs Debian's chromium) and are skipped, with the reason, elsewhere.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT = 60.0  # seconds to wait for one answer: a guard against a hung browser, not a measurement


def find_chromium() -> str | None:
    given = os.environ.get("AI_TRACKER_CHROMIUM")
    if given:
        return given
    return next((path for path in map(shutil.which, NAMES) if path), None)


@dataclass
class Seen:
    """What one page showed."""

    screenshot: bytes
    title: str
    text: str  # document.body.innerText: the words a reader sees
    links: list[dict[str, str]]  # every <a href>: its text and resolved address
    scripts: int  # <script> elements in the DOM
    overflow: int  # pixels the page is wider than the window (0: no sideways scrolling)
    dom: dict[str, Any]  # other facts asked for by `extra`
    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    console: list[str] = field(default_factory=list)  # console messages, errors and exceptions


class Browser:
    def __init__(self, executable: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="ai-tracker-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def fds() -> None:  # the child reads commands on fd 3 and writes answers on fd 4
            # Moved out of the way first: either pipe end may itself be fd 3 or 4, and
            # dup2 onto itself would keep its close-on-exec flag.
            read, write = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_browser_r, from_browser_w))
            os.dup2(read, 3)
            os.dup2(write, 4)

        self.process = subprocess.Popen(
            [executable, "--headless=new", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
             "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
             "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
             "--disable-background-networking", "--disable-component-update", "--hide-scrollbars",
             "--mute-audio", f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=fds, close_fds=False)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []

    # ------------------------------------------------------------------ protocol

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))
            self.events.append(reply)

    def wait_for(self, method: str, session: str) -> dict[str, Any]:
        for i, event in enumerate(self.events):
            if event.get("method") == method and event.get("sessionId") == session:
                return self.events.pop(i)
        while True:
            event = self._read()
            if event.get("method") == method and event.get("sessionId") == session:
                return event
            self.events.append(event)

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_browser], [], [], TIMEOUT)
            if not ready:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed its pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return dict(json.loads(message))

    # ------------------------------------------------------------------ pages

    def open(self, path: Path, width: int, height: int, *, mobile: bool = False, extra: str = "{}") -> Seen:
        """Open a file in a new tab of this size and report what it shows."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        try:
            for domain in ("Page", "Runtime", "Log", "Network"):
                self.send(f"{domain}.enable", session=session)
            self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1,
                                                             "mobile": mobile}, session=session)
            self.send("Page.navigate", {"url": path.resolve().as_uri()}, session=session)
            self.wait_for("Page.loadEventFired", session)
            facts = self.evaluate(session, f"""(() => ({{
                title: document.title,
                text: document.body.innerText,
                links: [...document.querySelectorAll('a[href]')].map(a => ({{text: a.innerText, href: a.href}})),
                scripts: document.querySelectorAll('script').length,
                overflow: document.documentElement.scrollWidth - window.innerWidth,
                extra: ({extra}),
            }}))()""")
            shot = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True},
                             session=session)
            self.send("Runtime.evaluate", {"expression": "1"}, session=session)  # let pending events arrive
            mine = [e for e in self.events if e.get("sessionId") == session]
            self.events = [e for e in self.events if e.get("sessionId") != session]
            return Seen(base64.b64decode(shot["data"]), facts["title"], facts["text"], facts["links"],
                        facts["scripts"], facts["overflow"], facts["extra"],
                        requests=[e["params"]["request"]["url"] for e in mine
                                  if e.get("method") == "Network.requestWillBeSent"],
                        console=_console(mine))
        finally:
            self.send("Target.closeTarget", {"targetId": target})

    def print_pdf(self, path: Path) -> bytes:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        try:
            self.send("Page.enable", session=session)
            self.send("Page.navigate", {"url": path.resolve().as_uri()}, session=session)
            self.wait_for("Page.loadEventFired", session)
            return base64.b64decode(self.send("Page.printToPDF", {}, session=session)["data"])
        finally:
            self.send("Target.closeTarget", {"targetId": target})

    def evaluate(self, session: str, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session)
        if "exceptionDetails" in result:
            raise RuntimeError(str(result["exceptionDetails"]))
        return result["result"]["value"]

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (OSError, RuntimeError, TimeoutError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)


def _console(events: list[dict[str, Any]]) -> list[str]:
    out = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled":
            out.append(f"console.{params.get('type')}: " + " ".join(str(a.get("value", a.get("description")))
                                                               for a in params.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            out.append(f"exception: {params.get('exceptionDetails', {}).get('text')}")
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            out.append(f"log.{entry.get('level')} ({entry.get('source')}): {entry.get('text')}")
    return out
