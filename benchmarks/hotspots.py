"""Where the time goes: a profile of loading one regional area and computing its indicators.

Runs :func:`lscb_analysis.cp.load` (XML and flat forms) and :func:`lscb_analysis.cp.indicators_for_years`
on the first regional area under ``cProfile`` and lists the library functions that cost the most (own
time and cumulative time), so that a change can aim at the measured cost. Profiling slows Python code
by roughly 1.5 to 2 times; the shares matter, not the seconds.

    python benchmarks/hotspots.py [--top 15]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _common as C  # noqa: E402

YEARS = ["2019-20", "2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]


def _rows(prof: cProfile.Profile, top: int) -> tuple[float, list[dict]]:
    st = pstats.Stats(prof)
    total = st.total_tt
    rows = []
    for (file, line, name), (_cc, nc, tt, ct, _callers) in st.stats.items():
        if "lscb_analysis" not in file:
            continue
        rel = file[file.index("lscb_analysis"):]
        rows.append({"function": f"{rel}:{line} {name}", "calls": nc, "own_s": tt, "cumulative_s": ct})
    rows.sort(key=lambda r: -r["cumulative_s"])
    return total, rows[:top]


def profile(step: str, fn, top: int) -> dict:
    t0 = time.perf_counter()
    fn()  # unprofiled, for the real time
    real = time.perf_counter() - t0
    prof = cProfile.Profile()
    prof.enable()
    fn()
    prof.disable()
    total, rows = _rows(prof, top)
    return {"step": step, "seconds": real, "profiled_seconds": total, "functions": rows}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--top", type=int, default=15)
    a = ap.parse_args(argv)
    import regional

    from lscb_analysis import cp

    xml_dir, flat_dir = regional.area_dirs("xml", 1)[0], regional.area_dirs("flat", 1)[0]
    data = cp.load(flat_dir)
    res = {"area": xml_dir.name, "steps": [
        profile("load (CIN census XML)", lambda: cp.load(xml_dir, cache=False), a.top),
        profile("load (flat files)", lambda: cp.load(flat_dir, cache=False), a.top),
        profile("indicators, 6 years", lambda: cp.indicators_for_years(data, YEARS), a.top),
    ]}
    C.save("hotspots", res)
    print("\n".join(summarise(res)))
    return 0


def summarise(res: dict) -> list[str]:
    lines = []
    for s in res["steps"]:
        lines.append(f"{s['step']} of {res['area']}: {C.fmt_s(s['seconds'])} "
                     f"({C.fmt_s(s['profiled_seconds'])} under the profiler)")
        for r in s["functions"]:
            share = r["cumulative_s"] / s["profiled_seconds"] * 100
            lines.append(f"    {share:5.1f}%  {r['cumulative_s']:6.2f} s cum  {r['own_s']:6.2f} s own  "
                         f"{r['calls']:>8,} calls  {r['function']}")
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
