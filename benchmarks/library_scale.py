"""Library scale: regional child-level data (33 areas x 6 years) loaded, cleaned and turned into every child
protection indicator, against an independent DuckDB SQL implementation that also cross-checks the counts.

For each form of the data (CIN census XML; flat files), in a fresh process so that its peak memory is its own:

1. **library**: every area loaded with one :func:`lscb_analysis.cp.load_many` call (parse, validate, clean,
   pseudonymise, de-duplicate, log rejections; as many areas at a time as cores, ``--jobs``, in order),
   cold: the cache of cleaned tables starts empty. The load time of the first 2, 8 and 32 areas is when
   the last of them was ready. The first 2, 8, 32 and all areas are then pooled
   (:func:`lscb_analysis.cp.pool`) and :func:`lscb_analysis.cp.indicators_for_years` works out every
   indicator for every area and year in one grouped pass. Wall time of each step, peak resident memory
   (``ru_maxrss``), records read per second, input MB per second; the figures at 2, 8 and 32 areas give the
   1x, 4x and 16x scaling (each area is the same size, so the records grow with the number of areas). The
   cleaned tables are then written to Parquet (timed apart: the step that hands them to DuckDB), and every
   area is loaded again, now from the cache (the analyst's re-run of the same inputs).
2. **DuckDB**: a fresh process reads those Parquet files for the first 2, 8, 32 and 33 areas and computes
   every indicator for every area and year with :mod:`duckdb_cp` (SQL written from the definitions);
   the time of the SQL is the floor the library's indicator step is compared with (goal: within 2 times).
   The two indicator tables are compared: every count, numerator and denominator must be identical.
3. **DuckDB CSV floor**: DuckDB's own CSV reader on the flat files of every area (text only, no
   validation): how fast the raw bytes can be read at all.

    python benchmarks/library_scale.py [--areas 33] [--forms xml,flat]

Prints the figures and writes ``benchmarks/.data/results/library_scale.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _common as C  # noqa: E402

YEARS = ["2019-20", "2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]
CHECKPOINTS = (2, 8, 32)  # areas: 1x, 4x and 16x the data
WORK = C.DATA / "library_scale"


def _input_bytes(area_dir: Path, form: str) -> int:
    files = list((area_dir / ("cin_census" if form == "xml" else "cin")).iterdir())
    files += [area_dir / "contacts.csv", area_dir / "ssda903" / "episodes.csv"]
    return sum(f.stat().st_size for f in files if f.is_file())


def worker_library(form: str, n_areas: int, jobs: int) -> dict:
    """Load every area with one ``cp.load_many`` call (``jobs`` areas at a time, in order), noting when
    each area is ready: the load time of the first k areas is when the last of them was ready. Then pool
    the first 2, 8, 32 and all areas and work out every indicator for every area and year in one grouped
    pass each time. The load is cold: the cache of cleaned tables is pointed at an empty folder first; a
    second load of every area then reads that cache back (the analyst's re-run)."""
    import gc

    out_dir = WORK / form
    if out_dir.exists():
        shutil.rmtree(out_dir)
    (out_dir / "tables").mkdir(parents=True)
    os.environ["LSCB_CACHE_DIR"] = str(out_dir / "cache")
    os.environ.pop("LSCB_CACHE", None)

    import regional
    from duckdb_cp import pooled_tables, write_parquet

    from lscb_analysis import cp

    dirs = regional.area_dirs(form, n_areas)
    ready = [0.0] * len(dirs)
    t0 = time.perf_counter()

    def loaded(i, data):
        ready[i] = time.perf_counter() - t0
        print(f"  {form} {dirs[i].name} ready at {ready[i]:.1f} s", file=sys.stderr, flush=True)

    datas = cp.load_many(dirs, jobs=jobs, on_loaded=loaded)
    load_seconds = time.perf_counter() - t0
    per_area = []
    total = {"load": load_seconds, "indicators": 0.0, "pool": 0.0, "records": 0, "referrals": 0, "bytes": 0,
             "parquet": 0.0, "parquet_bytes": 0, "rejected": 0}
    for d, data in zip(dirs, datas):
        summary = data.rejections.summary()
        records = int(summary["rows_read"].sum())
        referrals = int(summary.loc[summary["file"].str.contains(r"CINdetails|referrals\.csv"), "rows_read"].sum())
        row = {"area": data.area, "records": records, "referrals": referrals, "bytes": _input_bytes(d, form),
               "rejected": int(summary["rows_rejected"].sum()), "reconciles": bool(summary["reconciles"].all())}
        per_area.append(row)
        for k in ("records", "referrals", "bytes", "rejected"):
            total[k] += row[k]
    checkpoints = []
    for bound in sorted({*[c for c in CHECKPOINTS if c < len(dirs)], len(dirs)}):
        t1 = time.perf_counter()
        pooled = cp.pool(datas[:bound])
        t2 = time.perf_counter()
        table = cp.indicators_for_years(pooled, YEARS)
        t3 = time.perf_counter()
        del pooled
        gc.collect()
        checkpoints.append({"areas": bound, "load": max(ready[:bound]), "pool": t2 - t1, "indicators": t3 - t1,
                            **{k: sum(r[k] for r in per_area[:bound]) for k in ("records", "referrals", "bytes")},
                            "peak_rss_mb": C.peak_rss_mb()})
        print(f"  {form} {bound} areas: loaded by {max(ready[:bound]):.1f} s, pool {t2 - t1:.1f} s, indicators "
              f"{t3 - t2:.1f} s, peak {C.peak_rss_mb():,.0f} MB", file=sys.stderr, flush=True)
    total["pool"] = checkpoints[-1]["pool"]
    total["indicators"] = checkpoints[-1]["indicators"]
    peak = C.peak_rss_mb()
    t4 = time.perf_counter()
    for d, data in zip(dirs, datas):
        total["parquet_bytes"] += write_parquet(pooled_tables([data]), out_dir / "tables", d.name)
    total["parquet"] = time.perf_counter() - t4
    table.to_parquet(out_dir / "library_indicators.parquet", index=False)
    rows = len(table)
    del datas, table
    gc.collect()
    t5 = time.perf_counter()
    again = cp.load_many(dirs, jobs=jobs)
    warm = time.perf_counter() - t5
    same = all(a.area == r["area"] for a, r in zip(again, per_area))
    return {"form": form, "areas": len(dirs), "jobs": jobs, "per_area": per_area, "checkpoints": checkpoints,
            "total": total, "library_rows": rows, "peak_rss_mb": peak, "warm_load": warm, "warm_same_areas": same,
            "all_reconcile": all(r["reconciles"] for r in per_area)}


def data_name(d: Path) -> str:
    return d.name


def worker_duckdb(form: str, counts: list[int], threads: int | None) -> dict:
    import duckdb_cp as D
    import pandas as pd
    import regional

    out_dir = WORK / form
    lib = pd.read_parquet(out_dir / "library_indicators.parquet")
    slugs = [d.name for d in regional.area_dirs(form)]
    names = [regional.area_name(int(s.split("_")[1])) for s in slugs]
    runs = []
    for n in counts:
        con = D.connect(threads)
        t0 = time.perf_counter()
        D.load_parquet(con, out_dir / "tables", {a: YEARS for a in names[:n]}, parts=slugs[:n])
        t1 = time.perf_counter()
        table = D.indicators(con)
        t2 = time.perf_counter()
        con.close()
        mine = lib[lib["area"].isin(names[:n])]
        diff = D.compare(mine, table)
        key = ["area", "period", "indicator", "breakdown", "unit"]
        compared = len(mine[mine["numerator"].notna()][key].merge(table[key], on=key))
        runs.append({"areas": n, "load": t1 - t0, "sql": t2 - t1, "rows": len(table), "rows_compared": compared,
                     "rows_differing": len(diff), "differences": diff.head(20).astype(str).to_dict("records"),
                     "peak_rss_mb": C.peak_rss_mb()})
        print(f"  duckdb {form} {n} areas: load {t1 - t0:.2f} s, SQL {t2 - t1:.2f} s, {len(diff)} rows differ",
              file=sys.stderr, flush=True)
    return {"form": form, "threads": threads or "default", "runs": runs, "peak_rss_mb": C.peak_rss_mb()}


def worker_csv_floor(n_areas: int) -> dict:
    import duckdb_cp as D
    import regional

    dirs = regional.area_dirs("flat", n_areas)
    con = D.connect()
    out = {}
    t0 = time.perf_counter()
    total_rows, total_bytes = 0, 0
    for t in D.CIN_TABLES:
        files = [d / "cin" / f"{t}.csv" for d in dirs]
        listed = ", ".join(f"'{f.as_posix()}'" for f in files)
        con.execute(f"CREATE TABLE {t} AS SELECT * FROM read_csv([{listed}], all_varchar = true, header = true, "
                    "filename = true)")
        n = con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        out[t] = n
        total_rows += n
        total_bytes += sum(f.stat().st_size for f in files)
    seconds = time.perf_counter() - t0
    con.close()
    return {"areas": len(dirs), "seconds": seconds, "rows": out, "total_rows": total_rows, "bytes": total_bytes,
            "peak_rss_mb": C.peak_rss_mb()}


def summarise(res: dict) -> list[str]:
    """Plain-text lines with the figures."""
    lines = []
    for form, lib in res["library"].items():
        t = lib["total"]
        secs = t["load"] + t["indicators"]
        lines.append(f"[{form}] library, {lib['areas']} areas: {t['referrals']:,} referrals, {t['records']:,} records, "
                     f"{t['bytes'] / 1e6:,.0f} MB")
        lines.append(f"    load+clean {C.fmt_s(t['load'])} ({lib.get('jobs', 1)} areas at a time; "
                     f"{t['records'] / t['load']:,.0f} records/s, {t['bytes'] / 1e6 / t['load']:.1f} MB/s); "
                     f"indicators {C.fmt_s(t['indicators'])} (pooling the areas {C.fmt_s(t.get('pool', 0))} of it); "
                     f"total {C.fmt_s(secs)}; peak memory {lib['peak_rss_mb']:,.0f} MB; "
                     f"rows read = used + rejected in every file: {lib['all_reconcile']}")
        if "warm_load" in lib:
            lines.append(f"    re-run load of every area from the cache of cleaned tables: {C.fmt_s(lib['warm_load'])} "
                         f"(cold {C.fmt_s(t['load'])})")
        cps = lib["checkpoints"]
        base = cps[0]
        for cp_ in cps:
            k = cp_["records"] / base["records"]
            lines.append(f"    {cp_['areas']:>2} areas ({k:4.1f}x records): load {C.fmt_s(cp_['load'])}, "
                         f"indicators {C.fmt_s(cp_['indicators'])}, peak {cp_['peak_rss_mb']:,.0f} MB")
        if len(cps) >= 3:
            xs = [c["records"] for c in cps[:3]]
            lines.append(f"    growth exponent (1 = linear), 1x/4x/16x: load "
                         f"{C.slope(xs, [c['load'] for c in cps[:3]]):.2f}, indicators "
                         f"{C.slope(xs, [c['indicators'] for c in cps[:3]]):.2f}")
        lines.append(f"    Parquet of the cleaned tables: {C.fmt_s(t['parquet'])}, {t['parquet_bytes'] / 1e6:,.0f} MB")
        for dk in (f"duckdb_{form}", f"duckdb1_{form}"):
            duck = res.get(dk)
            if not duck:
                continue
            lines.append(f"    DuckDB ({duck['threads']} threads):")
            for r in duck["runs"]:
                lines.append(f"      {r['areas']:>2} areas: Parquet load {C.fmt_s(r['load'])}, SQL indicators "
                             f"{C.fmt_s(r['sql'])}; {r['rows_compared']:,} rows compared, "
                             f"{r['rows_differing']} differ")
            full = next((r for r in duck["runs"] if r["areas"] == lib["areas"]), None)
            if full:
                lines.append(f"      library indicator step / DuckDB SQL: {t['indicators'] / full['sql']:.1f}x")
    if res.get("csv_floor"):
        f = res["csv_floor"]
        lines.append(f"DuckDB read_csv of the flat CIN files of {f['areas']} areas (text, no checks): "
                     f"{C.fmt_s(f['seconds'])}, {f['total_rows']:,} rows ({f['total_rows'] / f['seconds']:,.0f}/s, "
                     f"{f['bytes'] / 1e6 / f['seconds']:.0f} MB/s)")
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--areas", type=int, default=33)
    ap.add_argument("--forms", default="xml,flat")
    ap.add_argument("--worker", choices=["library", "duckdb", "csv"])
    ap.add_argument("--form", default="xml")
    ap.add_argument("--counts", default="")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="areas loaded at once (default: cores)")
    ap.add_argument("--duckdb-only", action="store_true",
                    help="keep the saved library figures (and its Parquet files); rerun the DuckDB side only")
    a = ap.parse_args(argv)
    if a.worker == "library":
        print(json.dumps(worker_library(a.form, a.areas, a.jobs), default=float))
        return 0
    if a.worker == "duckdb":
        print(json.dumps(worker_duckdb(a.form, [int(x) for x in a.counts.split(",")], a.threads or None),
                         default=float))
        return 0
    if a.worker == "csv":
        print(json.dumps(worker_csv_floor(a.areas), default=float))
        return 0

    import regional

    regional.ensure(n_areas=max(a.areas, int(os.environ.get("LSCB_BENCH_AREAS", 33))))
    me = Path(__file__)
    counts = ",".join(str(n) for n in sorted({*[c for c in CHECKPOINTS if c < a.areas], a.areas}))
    res: dict = {"areas": a.areas, "years": YEARS, "library": {}, "library_measured": C.machine()["date"]}
    saved = C.load("library_scale") if a.duckdb_only else None
    if saved:
        res["library_measured"] = saved.get("library_measured", saved["machine"]["date"])
    if a.duckdb_only and not saved:
        raise SystemExit("no saved library figures: run without --duckdb-only first")
    for form in a.forms.split(","):
        if saved:
            res["library"][form] = saved["library"][form]
        else:
            print(f"library, {form}, {a.areas} areas...", flush=True)
            res["library"][form] = C.run_worker(me, ["--worker", "library", "--form", form, "--areas",
                                                     str(a.areas), "--jobs", str(a.jobs)])
        print(f"DuckDB, {form}...", flush=True)
        res[f"duckdb_{form}"] = C.run_worker(me, ["--worker", "duckdb", "--form", form, "--counts", counts])
        res[f"duckdb1_{form}"] = C.run_worker(me, ["--worker", "duckdb", "--form", form, "--counts", str(a.areas),
                                                   "--threads", "1"])
    res["csv_floor"] = C.run_worker(me, ["--worker", "csv", "--areas", str(a.areas)])
    res["regional"] = {k: v for k, v in (regional.read_manifest() or {}).items() if k != "area_list"}
    C.save("library_scale", res)
    print("\n".join(summarise(C.load("library_scale"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
