"""How a run shows its progress: a live status line for a person at a terminal, or plain
timestamped log lines for schedulers, CI and files."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import TextIO

from lscb_analysis.runner.model import Event

__all__ = ["Progress", "TerminalProgress", "LogProgress"]


class Progress:
    """Receives :class:`lscb_analysis.runner.model.Event` objects; subclasses decide how to show them."""

    def __call__(self, event: Event) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def close(self) -> None:
        pass


class LogProgress(Progress):
    """Plain timestamped log lines (for schedulers, CI and files)."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def __call__(self, e: Event) -> None:
        stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        what = {
            "year-started": "started",
            "year-skipped": "skipped: " + e.message,
            "year-locked": "LOCKED: " + e.message,
            "notebook-started": f"{e.notebook}: running",
            "notebook-finished": f"{e.notebook}: done in {e.seconds or 0:.1f} s",
            "notebook-failed": f"{e.notebook}: FAILED after {e.seconds or 0:.1f} s at {e.message}",
            "year-built": "built: " + e.message,
            "year-failed": "FAILED: " + e.message,
        }.get(e.kind, f"{e.kind} {e.message}")
        print(f"{stamp} lscb {e.area} {e.year} {what}", file=self.stream, flush=True)


class TerminalProgress(Progress):
    """A live status line (what is running and for how long) above which finished steps are
    printed, for a person watching a terminal."""

    def __init__(self, stream: TextIO, total: int = 0):
        self.stream = stream
        self.total = total
        self.done = 0
        self.running: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker = threading.Thread(target=self._tick, daemon=True)
        self._ticker.start()

    def _status(self) -> str:
        now = time.monotonic()
        parts = [f"{y} {nb} {now - t:.0f}s" for (y, nb), t in sorted(self.running.items())]
        head = f"[{self.done}/{self.total}]" if self.total else f"[{self.done}]"
        return f"{head} running: {', '.join(parts)}" if parts else f"{head} waiting"

    def _draw(self, line: str | None = None) -> None:
        self.stream.write("\r\033[K")
        if line is not None:
            self.stream.write(line + "\n")
        if not self._stop.is_set():
            self.stream.write(self._status()[:200])
        self.stream.flush()

    def _tick(self) -> None:
        while not self._stop.wait(1.0):
            with self._lock:
                if self.running:
                    self._draw()

    def __call__(self, e: Event) -> None:
        with self._lock:
            key = (e.year, e.notebook)
            line = None
            if e.kind == "notebook-started":
                self.running[key] = time.monotonic()
            elif e.kind in ("notebook-finished", "notebook-failed"):
                self.running.pop(key, None)
                self.done += 1
                mark = "ok  " if e.kind == "notebook-finished" else "FAIL"
                line = f"{mark} {e.area} {e.year} {e.notebook} ({e.seconds or 0:.1f} s)"
                if e.kind == "notebook-failed":
                    line += f"\n     at {e.message}"
            elif e.kind == "year-skipped":
                line = f"skip {e.area} {e.year}: {e.message}"
            elif e.kind == "year-locked":
                line = f"LOCK {e.area} {e.year}: {e.message}"
            elif e.kind == "year-built":
                line = f"done {e.area} {e.year}: {e.message}/index.html"
            elif e.kind == "year-failed":
                line = f"FAIL {e.area} {e.year}: the previous report (if any) was left in place"
            self._draw(line)

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            self.stream.write("\r\033[K")
            self.stream.flush()
