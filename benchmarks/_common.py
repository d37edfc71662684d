"""Shared helpers for the benchmark scripts: the machine, peak memory, timing, and where results go."""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / ".data"
RESULTS = DATA / "results"  # one JSON per script; RESULTS.md is written from them
PYTHON = sys.executable

# the goals of issue 8, in one place for the scripts and RESULTS.md
GOAL_RUN_RATIO = 1.3  # lscb run for one area and year, as a multiple of the floor (issue 14)
GOAL_REGIONAL_SECONDS = 60  # 33 areas x 6 years: load, clean and every child protection indicator
GOAL_PEAK_MB = 4096  # peak memory of the regional run
GOAL_DUCKDB_RATIO = 2  # the library's indicator step as a multiple of DuckDB's

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def machine() -> dict:
    """Cores, memory, CPU model, load average and versions: what a figure depends on."""
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    model = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for mod in ("pandas", "numpy", "pyarrow", "duckdb", "papermill", "nbconvert"):
        try:
            versions[mod] = __import__(mod).__version__
        except Exception:  # noqa: BLE001 - not installed
            versions[mod] = "not installed"
    return {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "cores": os.cpu_count(),
            "memory_gb": round(mem_kb / 1024 / 1024, 1), "cpu": model, "load_average": os.getloadavg(),
            "python": platform.python_version(), "platform": platform.platform(), "versions": versions}


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss, kilobytes on Linux), in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_rss_mb() -> float:
    """Peak resident memory of the largest finished child process, in MB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


@contextmanager
def timer():
    """``with timer() as t: ...``, then ``t()`` is the seconds taken."""
    start = time.perf_counter()
    end = None

    def elapsed() -> float:
        return (end if end is not None else time.perf_counter()) - start

    try:
        yield elapsed
    finally:
        end = time.perf_counter()


def run_worker(script: Path, args: list[str], timeout: float | None = None) -> dict:
    """Run ``python script args`` in a fresh process (so its peak memory is its own) and return the JSON
    object it prints on its last line of output."""
    proc = subprocess.run([PYTHON, str(script), *args], capture_output=True, text=True, timeout=timeout,
                          cwd=str(ROOT))
    if proc.returncode != 0:
        raise RuntimeError(f"{script.name} {' '.join(args)} failed:\n{proc.stderr[-4000:]}")
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    return json.loads(lines[-1])


def save(name: str, result: dict) -> Path:
    """Write one script's figures (with the machine) to ``.data/results/<name>.json``."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"machine": machine(), **result}, indent=1, default=str) + "\n", encoding="utf-8")
    return path


def load(name: str) -> dict | None:
    try:
        return json.loads((RESULTS / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def fmt_s(x: float | None) -> str:
    return "n/a" if x is None else (f"{x:.2f} s" if x < 10 else f"{x:.0f} s")


def slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares exponent b of y = a x^b (1 is linear)."""
    import math

    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)
