"""Synthetic regional child-level data: 33 areas x 6 years of CIN census returns, as XML and as flat files.

A regional alliance pools the child-level data of its councils (the London alliance pools 33). This
script builds such a pool from the project's own synthetic generator (:mod:`lscb_analysis.synth.cp`),
run once per area with a different seed and a larger population, so that each area is statistically
like Exampleshire (England's published rates for referrals, re-referrals, enquiries, conferences,
plans and factors; the same injected faults) but independent of the others:

* ``<root>/xml/area_NN/``: ``cin_census/cin_census_2019-20.xml`` ... ``2024-25.xml`` (plain XML, six
  overlapping returns), ``contacts.csv``, ``ssda903/episodes.csv``, ``population.csv`` and
  ``injected_faults.json``, exactly as :func:`lscb_analysis.synth.cp.generate` writes them;
* ``<root>/flat/area_NN/``: the same content as the flat files of the raw data contract
  (``cin/children.csv`` ... ``cin/cp_reviews.csv``; each record once, from the latest return it is
  in), with the same contacts, episodes and population (hard links).

Each area has ``SCALE`` times Exampleshire's children (about 40,000), so that the 33 areas hold about
1.5 million referrals over the six years (the issue's regional scale: about 7,600 referrals per area
and year). ``population.csv`` holds the area's scaled mid-year estimates twice: under its own name
("Area 01", what :func:`lscb_analysis.cp.load` calls the folder ``area_01``) and under "Exampleshire"
(the name the generator looks its population up by).

Generated data go in ``benchmarks/.data/`` (git-ignored) and are reused while the manifest
(``regional.json``: areas, seeds, scale, files, record counts) matches; ``--force`` rebuilds.

    python benchmarks/regional.py [--areas 33] [--scale 3.5] [--workers 2] [--force]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from lscb_analysis.cp import KEYS  # noqa: E402

from lscb_analysis.inputs import cin_xml  # noqa: E402

DATA_DIR = Path(os.environ.get("LSCB_BENCH_REGIONAL", HERE / ".data" / "regional"))
N_AREAS = 33
SCALE = 3.2  # children per area, relative to Exampleshire
BASE_SEED = 8_000
GENERATOR_VERSION = 1  # bump when the layout below changes


def slug(i: int) -> str:
    return f"area_{i:02d}"


def area_name(i: int) -> str:
    """The name :func:`lscb_analysis.cp.load` gives the folder (no config file: from the folder name)."""
    return f"Area {i:02d}"


def scaled_population(name: str, scale: float) -> pd.DataFrame:
    """Exampleshire's synthetic mid-year estimates times ``scale``, under ``name`` and under "Exampleshire"."""
    from lscb_analysis.synth import population as synth_population

    base = synth_population.frame()
    base = base[base["area"].eq("Exampleshire")].copy()
    base["population"] = (base["population"] * scale).round().astype("int64")
    return pd.concat([base.assign(area=name), base], ignore_index=True)


def flat_tables(census_dir: Path) -> dict[str, pd.DataFrame]:
    """The six CIN tables of every return in ``census_dir``, each record once (from the latest return
    holding it; records without an identifier all kept), as text: the flat-file form of the returns."""
    parts: dict[str, list[pd.DataFrame]] = {t: [] for t in cin_xml.TABLES}
    for f in cin_xml.census_files(census_dir):
        ret = cin_xml.read_census(f)
        for t, df in ret.tables.items():
            parts[t].append(df.assign(_census=ret.reference_date))
    out = {}
    for t, frames in parts.items():
        df = pd.concat(frames, ignore_index=True).sort_values("_census", kind="stable")
        has_id = df["LAchildID"].fillna("").str.strip().ne("")
        dup = df.duplicated(KEYS[t], keep="last") & has_id
        out[t] = df.loc[~dup, cin_xml.TABLES[t]].reset_index(drop=True)
    return out


def generate_area(i: int, root: Path, scale: float) -> dict:
    """Generate one area (XML and flat forms); returns its counts. Runs in a worker process."""
    from lscb_analysis.synth import cp as synth_cp

    t0 = time.perf_counter()
    xml_dir, flat_dir = root / "xml" / slug(i), root / "flat" / slug(i)
    for d in (xml_dir, flat_dir):
        if d.exists():
            shutil.rmtree(d)
    xml_dir.mkdir(parents=True)
    scaled_population(area_name(i), scale).to_csv(xml_dir / "population.csv", index=False, lineterminator="\n")
    record = synth_cp.generate(xml_dir, seed=BASE_SEED + i, compress=False)
    tables = flat_tables(xml_dir / "cin_census")
    (flat_dir / "cin").mkdir(parents=True)
    (flat_dir / "ssda903").mkdir()
    for t, df in tables.items():
        df.to_csv(flat_dir / "cin" / f"{t}.csv", index=False, lineterminator="\n")
    for rel in ("population.csv", "contacts.csv", "ssda903/episodes.csv"):
        os.link(xml_dir / rel, flat_dir / rel)
    xml_bytes = sum(p.stat().st_size for p in cin_xml.census_files(xml_dir / "cin_census"))
    flat_bytes = sum(p.stat().st_size for p in (flat_dir / "cin").iterdir())
    return {"area": area_name(i), "slug": slug(i), "seed": BASE_SEED + i, "seconds": round(time.perf_counter() - t0, 1),
            "xml_bytes": xml_bytes, "flat_bytes": flat_bytes, "faults": len(record["injected_faults"]),
            "flat_rows": {t: len(df) for t, df in tables.items()}}


def manifest_path(root: Path) -> Path:
    return root / "regional.json"


def read_manifest(root: Path = DATA_DIR) -> dict | None:
    try:
        return json.loads(manifest_path(root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def ensure(n_areas: int = N_AREAS, scale: float = SCALE, root: Path = DATA_DIR, workers: int = 2,
           force: bool = False, log=print) -> dict:
    """Generate the regional data set unless an identical one is already in ``root``; returns the manifest."""
    want = {"version": GENERATOR_VERSION, "areas": n_areas, "scale": scale, "base_seed": BASE_SEED}
    have = read_manifest(root)
    if have and not force and all(have.get(k) == v for k, v in want.items()) and all(
            (root / "xml" / a["slug"]).is_dir() and (root / "flat" / a["slug"]).is_dir() for a in have["area_list"]):
        return have
    root.mkdir(parents=True, exist_ok=True)
    manifest_path(root).unlink(missing_ok=True)
    t0 = time.perf_counter()
    log(f"generating {n_areas} areas at {scale}x Exampleshire into {root} ({workers} worker processes)...")
    results = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for res in pool.map(generate_area, range(1, n_areas + 1), [root] * n_areas, [scale] * n_areas):
            results.append(res)
            log(f"  {res['area']}: {res['flat_rows']['referrals']:,} referrals, "
                f"{res['xml_bytes'] / 1e6:.1f} MB of XML, {res['seconds']:.0f} s")
    totals = {t: sum(r["flat_rows"][t] for r in results) for t in cin_xml.TABLES}
    manifest = {**want, "generated": time.strftime("%Y-%m-%d %H:%M"), "seconds": round(time.perf_counter() - t0, 1),
                "totals": totals, "xml_bytes": sum(r["xml_bytes"] for r in results),
                "flat_bytes": sum(r["flat_bytes"] for r in results), "area_list": results}
    manifest_path(root).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    log(f"done in {manifest['seconds']:.0f} s: {totals['referrals']:,} referrals, {totals['assessments']:,} "
        f"assessments, {totals['section47']:,} section 47 enquiries, {totals['cp_plans']:,} plans; "
        f"{manifest['xml_bytes'] / 1e9:.2f} GB XML, {manifest['flat_bytes'] / 1e9:.2f} GB flat")
    return manifest


def area_dirs(form: str, n: int | None = None, root: Path = DATA_DIR) -> list[Path]:
    """The first ``n`` area folders of the ``form`` ("xml" or "flat") data set."""
    m = read_manifest(root)
    if m is None:
        raise FileNotFoundError(f"no regional data in {root}: run python benchmarks/regional.py")
    slugs = [a["slug"] for a in m["area_list"]]
    return [root / form / s for s in slugs[:n]]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--areas", type=int, default=N_AREAS)
    ap.add_argument("--scale", type=float, default=SCALE)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--root", type=Path, default=DATA_DIR)
    ap.add_argument("--force", action="store_true")
    a = ap.parse_args(argv)
    m = ensure(a.areas, a.scale, a.root, a.workers, a.force)
    print(json.dumps({k: v for k, v in m.items() if k != "area_list"}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
