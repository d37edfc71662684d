"""Synthetic Child Death Overview Panel records for Exampleshire's panel (Exampleshire,
Westbridge and Eastmoor), deaths from 2014-15 to 2024-25, in ``<area_dir>/cdop/child_deaths.csv``.

The figures are fictional but shaped like England's published child death statistics
(approximate shares, rounded; they guide the generator and are not reported as facts):

* about 27 deaths per 100,000 children aged 0-17 a year (NCMD: 29.8 in the year ending
  31 March 2024; lower in 2020-21, higher in 2022-23), drawn as Poisson counts from each
  area's population in ``population.csv``;
* about 60% of deaths under one year, two thirds of those in the first 27 days; more boys
  than girls (about 56%);
* categories depending on age (perinatal/neonatal events and congenital anomalies in
  infancy, malignancy and chronic conditions in middle childhood, suicide and trauma in
  adolescence), with sudden unexpected unexplained deaths mostly in infancy;
* modifiable factors in about a third of reviews where the panel could decide (DfE 28% in
  2017-18; NCMD higher since), by category (most deliberately inflicted injuries, suicides,
  trauma and SUDI; few malignancies), insufficient information in about 1.5% (DfE 2017-18);
* reviews completed months after the death (median about 10 months, longer for unexpected
  deaths that await an inquest); deaths whose review falls after the extract date
  (31 March 2025) have no review date, category or decision yet;
* a few deaths of children resident outside the panel's areas (Northvale);
* the child's area of residence as a (fictional) LSOA code, ``lsoa_code``, drawn more often from
  deprived neighbourhoods (NCMD: child mortality rises with deprivation, about 1.7 times as high in the
  most deprived tenth as in the least), with the lookup of each code to its Index of Multiple
  Deprivation decile in ``cdop/imd_lookup.csv`` (codes E0199xxxx are not real LSOAs); Northvale's
  codes are not in the lookup and a few are blank;
* live births in each area and reporting year in ``cdop/births.csv`` (about the number of children
  aged 0 in ``population.csv``), the denominator of infant and neonatal mortality.

The new columns and files come from a generator of their own (``SEED_LSOA``), so the columns above
are the same as before they were added.

Valid variations a real extract has (some dates as dd/mm/yyyy, "Male"/"Yes" spelled out) are
included; faults are injected as extra rows and recorded with file, row, column and kind in
``cdop/injected_faults.json``, so tests can check the loader rejects exactly those rows.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd

from lscb_analysis.sections.child_deaths import AGE_BANDS

SEED = 4
PANEL = ["Exampleshire", "Westbridge", "Eastmoor"]
OUTSIDE = "Northvale"
FIRST_YEAR, LAST_YEAR = 2014, 2024  # reporting years 2014-15 to 2024-25
EXTRACT_DATE = pd.Timestamp("2025-03-31")
FILE = "cdop/child_deaths.csv"
COLUMNS = ["case_id", "date_of_birth", "date_of_death", "sex", "ethnicity", "residence", "lsoa_code", "expected",
           "sudden_unexpected", "rapid_response", "place_of_death", "review_completed_date", "category",
           "modifiable"]
SEED_LSOA = 41
LSOAS_PER_AREA = 60
# relative chance of a death in an LSOA of each IMD decile (1 most deprived): NCMD's gradient, roughly
DECILE_WEIGHT = {d: 1.7 - 0.7 * (d - 1) / 9 for d in range(1, 11)}

BASE_RATE = {"Exampleshire": 27.0, "Westbridge": 28.5, "Eastmoor": 26.0}  # per 100,000 aged 0-17
YEAR_FACTOR = {2020: 0.88, 2021: 0.95, 2022: 1.08, 2023: 1.04}
AGE_SHARE = [0.40, 0.21, 0.10, 0.07, 0.08, 0.14]
# category probabilities (categories 1-10) by age band
CATEGORY_BY_AGE = {
    "0-27 days": {8: 0.62, 7: 0.30, 9: 0.04, 5: 0.02, 6: 0.01, 3: 0.01},
    "28-364 days": {7: 0.28, 10: 0.22, 8: 0.14, 9: 0.12, 5: 0.10, 6: 0.07, 1: 0.03, 3: 0.02, 4: 0.02},
    "1-4 years": {7: 0.22, 5: 0.15, 4: 0.14, 9: 0.12, 6: 0.12, 3: 0.12, 10: 0.06, 1: 0.04, 8: 0.03},
    "5-9 years": {4: 0.28, 6: 0.20, 7: 0.15, 5: 0.12, 3: 0.12, 9: 0.08, 1: 0.03, 10: 0.02},
    "10-14 years": {4: 0.22, 6: 0.20, 3: 0.14, 2: 0.12, 5: 0.12, 7: 0.10, 9: 0.06, 1: 0.02, 10: 0.02},
    "15-17 years": {2: 0.30, 3: 0.25, 4: 0.12, 6: 0.10, 5: 0.08, 7: 0.05, 1: 0.04, 9: 0.03, 10: 0.03},
}
ALWAYS_UNEXPECTED = {1, 2, 3, 10}
UNEXPECTED = {4: 0.05, 5: 0.50, 6: 0.15, 7: 0.08, 8: 0.12, 9: 0.35}
MODIFIABLE = {1: 0.85, 2: 0.75, 3: 0.70, 4: 0.06, 5: 0.30, 6: 0.20, 7: 0.10, 8: 0.32, 9: 0.30, 10: 0.65}
INSUFFICIENT = 0.015  # DfE 2017-18: 55 of 3,595 reviews had insufficient information
ETHNICITY = {"WBRI": 0.70, "WOTH": 0.06, "MWBC": 0.04, "MOTH": 0.03, "APKN": 0.05, "AIND": 0.03,
             "BAFR": 0.04, "BCRB": 0.02, "OOTH": 0.02, "REFU": 0.01}
PLACE = {"hospital": 0.76, "home": 0.12, "hospice": 0.05, "public place": 0.05, "other": 0.02}


def _choice(rng: np.random.Generator, options: dict, size: int) -> np.ndarray:
    keys = list(options)
    p = np.array(list(options.values()), dtype=float)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=size, p=p / p.sum())]


def _children(area_dir: Path) -> pd.DataFrame:
    path = area_dir / "population.csv"
    if not path.exists():
        raise FileNotFoundError(f"{path} is needed first (lscb_analysis.synth.population)")
    pop = pd.read_csv(path)
    pop = pop[pop["age"].between(0, 17)]
    return pop.groupby(["area", "mid_year"], as_index=False)["population"].sum()


def deaths(area_dir: Path, rng: np.random.Generator) -> pd.DataFrame:
    """The clean case records (before formatting and faults), one row per death."""
    children = _children(area_dir)
    frames = []
    for area in PANEL:
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            n_children = children.loc[children["area"].eq(area) & children["mid_year"].eq(year), "population"]
            expected = BASE_RATE[area] * YEAR_FACTOR.get(year, 1.0) * float(n_children.iloc[0]) / 100_000
            frames.append(pd.DataFrame({"residence": area, "year": year}, index=range(rng.poisson(expected))))
        # children from outside the panel's areas who died in one of its hospitals
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        frames.append(pd.DataFrame({"residence": OUTSIDE, "year": year}, index=range(rng.poisson(0.4))))
    df = pd.concat(frames, ignore_index=True)
    n = len(df)
    start = pd.to_datetime(df["year"].astype(str) + "-04-01")
    df["date_of_death"] = start + pd.to_timedelta(rng.integers(0, 365, n), unit="D")
    band = _choice(rng, dict(zip(AGE_BANDS, AGE_SHARE)), n)
    neonatal = np.minimum(rng.exponential(4.0, n).astype(int), 27)
    infant = 28 + np.minimum(rng.exponential(110.0, n).astype(int), 336)
    first_year = {"1-4 years": 1, "5-9 years": 5, "10-14 years": 10, "15-17 years": 15}
    span = {"1-4 years": 4, "5-9 years": 5, "10-14 years": 5, "15-17 years": 3}
    years = np.array([first_year.get(b, 0) for b in band]) + np.floor(
        rng.random(n) * np.array([span.get(b, 1) for b in band])).astype(int)
    older = (years * 365.25 + rng.integers(1, 360, n)).astype(int)
    age_days = np.select([band == "0-27 days", band == "28-364 days"], [neonatal, infant], older)
    df["date_of_birth"] = df["date_of_death"] - pd.to_timedelta(age_days, unit="D")
    df["sex"] = np.where(rng.random(n) < 0.56, "M", "F")
    df["ethnicity"] = _choice(rng, ETHNICITY, n)
    category = np.array([_choice(rng, CATEGORY_BY_AGE[b], 1)[0] for b in band], dtype=int)
    unexpected_p = np.array([1.0 if c in ALWAYS_UNEXPECTED else UNEXPECTED[c] for c in category])
    unexpected = rng.random(n) < unexpected_p
    sudden = unexpected & ((category == 10) | (np.isin(category, [1, 3, 5, 9]) & (rng.random(n) < 0.5)))
    df["expected"] = np.where(unexpected, "N", "Y")
    df["sudden_unexpected"] = np.where(sudden, "Y", "N")
    df["rapid_response"] = np.where(unexpected & (rng.random(n) < 0.92), "Y", "N")
    df["place_of_death"] = _choice(rng, PLACE, n)
    lag = 45 + rng.lognormal(np.log(230), 0.5, n) * np.where(unexpected, 1.6, 1.0)
    review = df["date_of_death"] + pd.to_timedelta(lag.astype(int), unit="D")
    reviewed = review <= EXTRACT_DATE
    df["review_completed_date"] = review.where(reviewed)
    modifiable = np.where(rng.random(n) < np.array([MODIFIABLE[c] for c in category]), "Y", "N")
    modifiable = np.where(rng.random(n) < INSUFFICIENT, "U", modifiable)
    df["category"] = np.where(reviewed, category.astype(str), "")
    df["modifiable"] = np.where(reviewed, modifiable, "")
    df = df.sort_values(["date_of_death", "residence"], kind="stable").reset_index(drop=True)
    df["case_id"] = [f"CD{10000 + i * 7:05d}" for i in range(len(df))]
    df["lsoa_code"] = _lsoa_codes(df["residence"], imd_lookup())
    return df


def imd_lookup() -> pd.DataFrame:
    """The fictional LSOAs of the panel's areas and their IMD deciles (1 = most deprived tenth):
    ``lsoa_code, area, imd_decile``, each area with a spread of deciles (Eastmoor the most deprived)."""
    rng = np.random.default_rng(SEED_LSOA)
    shift = {"Exampleshire": 0.0, "Westbridge": 0.5, "Eastmoor": -1.5}
    rows = []
    for k, area in enumerate(PANEL):
        deciles = np.clip(np.round(rng.normal(5.5 + shift[area], 2.6, LSOAS_PER_AREA)), 1, 10).astype(int)
        rows += [(f"E0199{k + 1}{i:03d}", area, int(d)) for i, d in enumerate(deciles, start=1)]
    return pd.DataFrame(rows, columns=["lsoa_code", "area", "imd_decile"])


def _lsoa_codes(residence: pd.Series, lookup: pd.DataFrame) -> list[str]:
    """An LSOA code for each death, from its area's LSOAs weighted by deprivation (Northvale: codes
    outside the lookup; about 2% blank, as extracts have)."""
    rng = np.random.default_rng([SEED_LSOA, 1])
    out = []
    for area in residence:
        if rng.random() < 0.02:
            out.append("")
            continue
        own = lookup[lookup["area"].eq(area)]
        if own.empty:
            out.append(f"E0198{int(rng.integers(1, 999)):04d}")
            continue
        w = own["imd_decile"].map(DECILE_WEIGHT).to_numpy(dtype=float)
        out.append(str(own["lsoa_code"].iloc[int(rng.choice(len(own), p=w / w.sum()))]))
    return out


def births(area_dir: Path) -> pd.DataFrame:
    """Live births in each area and reporting year: about the children aged 0 at the mid-year the
    reporting year starts in, give or take 2% (``area, year, live_births``; year as '2024-25')."""
    rng = np.random.default_rng([SEED_LSOA, 2])
    pop = pd.read_csv(area_dir / "population.csv")
    infants = pop[pop["age"].eq(0)].groupby(["area", "mid_year"], as_index=False)["population"].sum()
    rows = []
    for area in PANEL:
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            n = infants.loc[infants["area"].eq(area) & infants["mid_year"].eq(year), "population"]
            rows.append((area, f"{year}-{(year + 1) % 100:02d}", int(round(float(n.iloc[0]) * rng.normal(1.0, 0.02)))))
    return pd.DataFrame(rows, columns=["area", "year", "live_births"])


def _formatted(df: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """As an export would write it: ISO dates with some dd/mm/yyyy, some labels spelled out."""
    out = df.copy()
    for col in ("date_of_birth", "date_of_death", "review_completed_date"):
        d = pd.to_datetime(out[col])
        dmy = rng.random(len(out)) < 0.06
        out[col] = np.where(d.isna(), "", np.where(dmy, d.dt.strftime("%d/%m/%Y"), d.dt.strftime("%Y-%m-%d")))
    spelled = rng.random(len(out)) < 0.04
    out["sex"] = np.where(spelled, out["sex"].map({"M": "Male", "F": "Female"}), out["sex"])
    spelled = rng.random(len(out)) < 0.04
    out["expected"] = np.where(spelled, out["expected"].map({"Y": "Yes", "N": "No"}), out["expected"])
    return out[COLUMNS].astype(str)


FAULTS = [
    # kind, column
    ("duplicate", "case_id"),
    ("missing_value", "case_id"),
    ("invalid_date", "date_of_death"),
    ("future_date", "date_of_death"),
    ("death_before_birth", "date_of_death"),
    ("not_a_child", "date_of_birth"),
    ("missing_value", "sex"),
    ("unknown_code", "expected"),
    ("inconsistent", "sudden_unexpected"),
    ("unknown_code", "category"),
    ("review_before_death", "review_completed_date"),
    ("review_without_category", "category"),
    ("blank_row", ""),
]


def _corrupt(row: pd.Series, kind: str, column: str, new_id: str) -> list[str]:
    r = row.copy()
    if kind != "duplicate":
        r["case_id"] = new_id
    if kind == "missing_value":
        r[column] = ""
    elif kind == "invalid_date":
        r["date_of_death"] = "31/02/2021"
    elif kind == "future_date":
        r["date_of_death"] = "2052-06-14"
    elif kind == "death_before_birth":
        r["date_of_birth"], r["date_of_death"] = "2019-05-02", "2018-11-20"
        r["review_completed_date"] = ""
    elif kind == "not_a_child":
        r["date_of_birth"], r["date_of_death"] = "2001-01-15", "2019-08-03"
        r["review_completed_date"] = "2020-06-30"
    elif kind == "unknown_code" and column == "expected":
        r["expected"] = "maybe"
    elif kind == "inconsistent":
        r["expected"], r["sudden_unexpected"] = "Y", "Y"
    elif kind == "unknown_code" and column == "category":
        r["category"] = "11"
    elif kind == "review_before_death":
        r["date_of_death"], r["review_completed_date"] = "2020-07-09", "2020-03-01"
        r["date_of_birth"] = "2020-06-20"
    elif kind == "review_without_category":
        r["category"] = ""
    elif kind == "blank_row":
        return [""] * len(COLUMNS)
    return [str(r[c]) for c in COLUMNS]


def generate(area_dir: Path, seed: int = SEED) -> dict:
    """Write ``cdop/child_deaths.csv``, ``cdop/injected_faults.json``, ``cdop/imd_lookup.csv`` and
    ``cdop/births.csv`` under ``area_dir``.

    Needs ``population.csv`` in ``area_dir`` (the denominators). Byte-identical for the same seed
    and population. Returns {"file", "rows", "deaths", "injected_faults": [{file, row, column, kind}]}.
    """
    area_dir = Path(area_dir)
    rng = np.random.default_rng(seed)
    clean_rows = _formatted(deaths(area_dir, rng), rng)
    body = [list(r) for r in clean_rows.itertuples(index=False)]
    # faults: corrupted copies of reviewed cases, inserted at random places (after the row they copy)
    reviewed = np.flatnonzero(clean_rows["review_completed_date"].ne("").to_numpy())
    sources = rng.choice(reviewed, size=len(FAULTS), replace=False)
    inserts = []
    for k, ((kind, column), src) in enumerate(zip(FAULTS, sources)):
        line = _corrupt(clean_rows.iloc[src], kind, column, f"CD9{k:04d}")
        at = int(rng.integers(src + 1, len(body) + 1))  # after its source, so a duplicate comes second
        inserts.append((at, k, line, kind, column))
    lines: list[tuple[list[str], dict | None]] = [(r, None) for r in body]
    for at, _k, line, kind, column in sorted(inserts, key=lambda t: (t[0], t[1]), reverse=True):
        lines.insert(at, (line, {"file": FILE, "column": column, "kind": kind}))
    faults = []
    for i, (_, fault) in enumerate(lines):
        if fault is not None:
            faults.append({**fault, "row": i + 2})
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(line for line, _ in lines)
    out_dir = area_dir / "cdop"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "child_deaths.csv").write_bytes(buf.getvalue().encode("utf-8"))
    faults = sorted(faults, key=lambda f: f["row"])
    record = {"file": FILE, "seed": seed, "rows": len(lines), "deaths": len(body),
              "injected_faults": [{k: f[k] for k in ("file", "row", "column", "kind")} for f in faults]}
    (out_dir / "injected_faults.json").write_text(json.dumps(record, indent=2) + "\n")
    imd_lookup().to_csv(out_dir / "imd_lookup.csv", index=False, lineterminator="\n")
    births(area_dir).to_csv(out_dir / "births.csv", index=False, lineterminator="\n")
    return record
