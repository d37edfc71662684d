"""Shared helpers for tests/test_run*.py and tests/test_html*.py: a throwaway project (notebooks,
raw data, processed and reports folders) built from the fixture notebooks, and a small headless
Chromium driver over the DevTools protocol (system Chromium, network disabled)."""

from __future__ import annotations

import base64
import html
import json
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures" / "notebooks"
AXE = TESTS / "vendor" / "axe-core" / "axe.min.js"
AREA = "testshire"

# what the fixture sections read: referrals and population by year (hand-checkable: 1,200 / 40,000
# children = 300.0 per 10,000 in 2024-25; 1,000 = 250.0 in 2023-24; a change of +20.0%), and a
# section 47 count of 4 in 2024-25 that disclosure control must hide.
REFERRALS_CSV = (
    "area,reporting_year,referrals,population,section_47_enquiries\n"
    "Testshire,2022-23,900,40000,28\n"
    "Testshire,2023-24,1000,40000,30\n"
    "Testshire,2024-25,1200,40000,4\n"
    "England,2024-25,600000,12000000,200000\n"
)


def make_project(base: Path, notebooks: dict[str, str] | None = None, *, overview: bool = True) -> Path:
    """A project folder under ``base``: ``notebooks/`` (fixture notebooks by target name -> fixture
    file, plus the real ``00_overview.ipynb``), ``raw/<area>/fixture/referrals.csv``, ``raw/dfe/``."""
    notebooks = notebooks or {"01_alpha.ipynb": "01_alpha.ipynb", "02_beta.ipynb": "02_beta.ipynb"}
    nb_dir = base / "notebooks"
    nb_dir.mkdir(parents=True)
    for target, source in notebooks.items():
        shutil.copy(FIXTURES / source, nb_dir / target)
    if overview:
        shutil.copy(ROOT / "notebooks" / "00_overview.ipynb", nb_dir / "00_overview.ipynb")
    (base / "docs").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "docs" / "methodology.md", base / "docs" / "methodology.md")
    raw = base / "raw" / AREA / "fixture"
    raw.mkdir(parents=True)
    (raw / "referrals.csv").write_text(REFERRALS_CSV)
    (base / "raw" / "dfe").mkdir(parents=True)
    (base / "raw" / "dfe" / "README.md").write_text("published statistics would live here\n")
    return base


def paths_for(base: Path):
    from lscb_analysis.runner.model import Paths

    # project_root is not a git checkout and code_dirs is empty, so the fingerprint depends only on
    # the fixture notebooks: other people editing lscb_analysis/ cannot make these tests flaky
    return Paths(notebooks_dir=base / "notebooks", raw_dir=base / "raw", processed_dir=base / "processed",
                 reports_dir=base / "reports", project_root=base, code_dirs=())


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path (lock files, which record their last holder, left out)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".lock-")}


# ---------------------------------------------------------------------------------------------
# headless Chromium over the DevTools protocol


def chromium_binary() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    """Headless Chromium with networking disabled (every host name resolves to nothing, background
    networking off, and the page's network emulated as offline), driven over CDP."""

    def __init__(self):
        import websocket  # websocket-client

        binary = chromium_binary()
        if binary is None:
            raise RuntimeError("Chromium is not installed")
        self.profile = tempfile.mkdtemp(prefix="lscb-chromium-")
        self.proc = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-default-apps", "--disable-sync", "--no-first-run",
             "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND", "--remote-debugging-port=0",
             "--remote-allow-origins=*", f"--user-data-dir={self.profile}", "--window-size=1280,900",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.close()
                raise RuntimeError("Chromium did not start")
            time.sleep(0.05)
        port = port_file.read_text().split()[0]
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        page = next(t for t in targets if t.get("type") == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self._id = 0
        self.events: list[dict] = []
        for method in ("Page.enable", "Runtime.enable", "Log.enable", "Network.enable"):
            self.send(method)
        self.send("Network.emulateNetworkConditions", offline=True, latency=0, downloadThroughput=-1,
                  uploadThroughput=-1)

    def send(self, method: str, **params):
        self._id += 1
        my_id = self._id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == my_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def wait_for(self, method: str, timeout: float = 30):
        deadline = time.monotonic() + timeout
        for i, e in enumerate(self.events):
            if e["method"] == method:
                return self.events.pop(i)
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            if "method" in msg:
                if msg["method"] == method:
                    return msg
                self.events.append(msg)
        raise TimeoutError(method)

    def open(self, path: Path) -> None:
        self.events.clear()
        self.send("Page.navigate", url=path.resolve().as_uri())
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str, *, await_promise: bool = False):
        res = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=await_promise)
        if "exceptionDetails" in res:
            raise RuntimeError(f"script error: {res['exceptionDetails']}")
        return res["result"].get("value")

    def console_errors(self) -> list[str]:
        out = []
        for e in self.events:
            p = e.get("params", {})
            if e["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append(" ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
            elif e["method"] == "Runtime.exceptionThrown":
                out.append(str(p.get("exceptionDetails", {}).get("text")))
            elif e["method"] == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                out.append(p["entry"].get("text", ""))
        return out

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e["method"] == "Network.requestWillBeSent"]

    def axe(self) -> list[dict]:
        """Run axe-core (WCAG 2.0, 2.1, 2.2 A and AA rules, and best practices) on the open page."""
        self.evaluate(AXE.read_text(encoding="utf-8"))
        result = self.evaluate(
            "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', "
            "'wcag22aa', 'best-practice']}, resultTypes: ['violations']})"
            ".then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, "
            "nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}))))",
            await_promise=True)
        return json.loads(result)

    def screenshot(self, path: Path) -> Path:
        data = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        try:
            if getattr(self, "ws", None):
                self.ws.close()
        finally:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
            shutil.rmtree(self.profile, ignore_errors=True)


def html_text(page: Path) -> str:
    """The visible text of a page (scripts and styles dropped), for content checks."""
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)))  # &ldquo; read as “, as a browser does



_BUILT: dict[str, Path] = {}
YEARS = ["2023-24", "2024-25"]


def built_project() -> Path:
    """A project built once per test process (two years, two fixture sections and the real overview,
    two notebooks at a time). Tests must not change it: copy it (``copy_project``) to mutate."""
    if "base" not in _BUILT:
        import atexit

        from lscb_analysis.runner.model import RunOptions
        from lscb_analysis.runner.run import run

        base = Path(tempfile.mkdtemp(prefix="lscb-built-"))
        atexit.register(shutil.rmtree, base, True)
        make_project(base)
        results = run(RunOptions(area=AREA, years=YEARS, jobs=2, cell_timeout=120), paths_for(base))
        statuses = {r.year: (r.status, r.message) for r in results}
        assert all(s == "built" for s, _ in statuses.values()), statuses
        _BUILT["base"] = base
    return _BUILT["base"]


def copy_project(dest: Path) -> Path:
    shutil.copytree(built_project(), dest, symlinks=True)
    return dest
