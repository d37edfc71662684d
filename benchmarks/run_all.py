"""Run every benchmark (``make bench``), print the figures and rewrite ``benchmarks/RESULTS.md``.

Each script runs in its own process (so memory and imports do not carry over) and saves its figures in
``benchmarks/.data/results/<name>.json``; RESULTS.md is then written from those files, with the machine,
the date and the load on the machine while it ran (the machine may be shared).

    python benchmarks/run_all.py                   # everything (first run generates the regional data:
                                                   #   about half an hour on 2 cores; later runs reuse it)
    python benchmarks/run_all.py --only ingest,run_overhead
    python benchmarks/run_all.py --write-only      # rewrite RESULTS.md from the saved figures
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _common as C  # noqa: E402

SCRIPTS = ["run_overhead", "ingest", "library_scale", "hotspots"]
RESULTS_MD = HERE / "RESULTS.md"


def _goal(ok: bool | None) -> str:
    return "not measured" if ok is None else ("**met**" if ok else "**not met**")


def write_results() -> str:
    import hotspots
    import ingest
    import library_scale
    import run_overhead

    ro, ing, ls, hs = (C.load(n) for n in ("run_overhead", "ingest", "library_scale", "hotspots"))
    any_ = next((r for r in (ls, ing, ro, hs) if r), None)
    m = any_["machine"] if any_ else C.machine()
    out = ["# Benchmark results", "",
           "Written by `python benchmarks/run_all.py` (`make bench`) from the figures each script saves in",
           "`benchmarks/.data/results/`; rerun it to update this page. Times are wall-clock seconds.", "",
           "## Machine", "",
           f"- CPU: {m['cpu']}, {m['cores']} cores; memory {m['memory_gb']} GB; {m['platform']}",
           f"- Python {m['python']}; " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()), ""]
    out += ["| script | run on | load average (1, 5, 15 min) at the end |", "| --- | --- | --- |"]
    for name, r in (("run_overhead", ro), ("ingest", ing), ("library_scale", ls), ("hotspots", hs)):
        if r:
            la = ", ".join(f"{x:.1f}" for x in r["machine"]["load_average"])
            out.append(f"| {name} | {r['machine']['date']} | {la} |")
    out += ["", "The machine is shared with other work (a load average above the core count means other",
            "processes competed for the CPU while the figures were taken); compare ratios measured in the",
            "same run rather than seconds across runs.", ""]

    out += ["## Goals", "", "| goal | measured | |", "| --- | --- | --- |"]
    if ro:
        warm = (f"; warm cache (a re-run of the same inputs) {ro['warm_ratio']:.2f} times ({C.fmt_s(ro['warm_best'])})"
                if ro.get("warm_best") is not None else "")
        out.append(f"| `lscb run` for one area and year within {C.GOAL_RUN_RATIO} times the floor | {ro['ratio']:.2f} times "
                   f"({C.fmt_s(ro['run_best'])} against {C.fmt_s(ro['floor_best'])}), cold cache{warm} "
                   f"| {_goal(ro['ratio'] <= C.GOAL_RUN_RATIO)} |")
    if ls:
        for form, lib in ls["library"].items():
            t = lib["total"]
            secs = t["load"] + t["indicators"]
            out.append(f"| regional scale ({form}): load, clean and every indicator under {C.GOAL_REGIONAL_SECONDS} s | {C.fmt_s(secs)} "
                       f"| {_goal(secs < C.GOAL_REGIONAL_SECONDS)} |")
            out.append(f"| regional scale ({form}): peak memory under {C.GOAL_PEAK_MB / 1024:.0f} GB | {lib['peak_rss_mb'] / 1024:.2f} GB "
                       f"| {_goal(lib['peak_rss_mb'] < C.GOAL_PEAK_MB)} |")
            duck = ls.get(f"duckdb_{form}")
            full = next((r for r in duck["runs"] if r["areas"] == lib["areas"]), None) if duck else None
            if full:
                ratio = t["indicators"] / full["sql"]
                out.append(f"| regional scale ({form}): indicator step within {C.GOAL_DUCKDB_RATIO} times DuckDB | {ratio:.1f} times "
                           f"({C.fmt_s(t['indicators'])} against {C.fmt_s(full['sql'])}) | {_goal(ratio <= C.GOAL_DUCKDB_RATIO)} |")
                out.append(f"| regional scale ({form}): library and DuckDB give identical counts | "
                           f"{full['rows_compared']:,} rows compared, {full['rows_differing']} differ | "
                           f"{_goal(full['rows_differing'] == 0)} |")
            cps = lib["checkpoints"][:3]
            if len(cps) == 3:
                xs = [c["records"] for c in cps]
                b = C.slope(xs, [c["load"] + c["indicators"] for c in cps])
                # the goal is that nothing grows faster than the data (no quadratic step); below 1 means
                # fixed costs (starting worker processes, assembling each year's table) weigh more at 1x
                out.append(f"| cost grows no faster than linearly with records ({form}, 1x/4x/16x) | exponent "
                           f"{b:.2f} (1 = linear; below 1: fixed costs weigh more at 1x) | {_goal(b <= 1.15)} |")
    out.append("")

    if ro:
        out += ["## Run overhead", "", "```", *run_overhead.summarise(ro), "```", ""]
    if ls:
        reg = ls.get("regional", {})
        tot = reg.get("totals", {})
        out += ["## Library scale", "",
                f"Regional data: {reg.get('areas', '?')} synthetic areas, each {reg.get('scale', '?')} times "
                f"Exampleshire's children, six census returns (2019-20 to 2024-25) each, with the generator's "
                f"injected faults; flat files hold each record once: {tot.get('referrals', 0):,} referrals, "
                f"{tot.get('assessments', 0):,} assessments, {tot.get('section47', 0):,} section 47 enquiries, "
                f"{tot.get('cp_plans', 0):,} plans, {tot.get('cp_reviews', 0):,} reviews; "
                f"{reg.get('xml_bytes', 0) / 1e9:.2f} GB of XML, {reg.get('flat_bytes', 0) / 1e9:.2f} GB of CSV. "
                "The XML returns overlap (an episode open across 31 March is in both years' returns), so more "
                "records are read from XML than from the flat files.", "",
                f"Library side measured {ls.get('library_measured', ls['machine']['date'])}; DuckDB side "
                f"{ls['machine']['date']}. DuckDB's default uses both cores; with other work on the machine one "
                "thread can be as fast.", "",
                "```", *library_scale.summarise(ls), "```", ""]
    if ing:
        out += ["## Ingest (CIN census XML)", "", "```", *ingest.summarise(ing), "```", ""]
    if hs:
        out += ["## Where the time goes (profile of one regional area)", "", "```", *hotspots.summarise(hs), "```",
                ""]
    notes = HERE / "FINDINGS.md"
    if notes.is_file():
        out += [notes.read_text(encoding="utf-8").strip(), ""]
    text = "\n".join(out)
    RESULTS_MD.write_text(text, encoding="utf-8")
    return text


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default="", help="comma-separated scripts: " + ", ".join(SCRIPTS))
    ap.add_argument("--write-only", action="store_true")
    a = ap.parse_args(argv)
    failed = []
    if not a.write_only:
        chosen = [s for s in SCRIPTS if not a.only or s in a.only.split(",")]
        if any(s in chosen for s in ("ingest", "library_scale", "hotspots")):
            import regional

            regional.ensure()
        for name in chosen:
            print(f"== {name}", flush=True)
            rc = subprocess.run([C.PYTHON, str(HERE / f"{name}.py")], cwd=str(C.ROOT)).returncode
            if rc != 0:
                failed.append(name)
    write_results()
    print(f"wrote {RESULTS_MD.relative_to(C.ROOT)}")
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
