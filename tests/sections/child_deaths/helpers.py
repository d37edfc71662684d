"""Shared helpers for the child death tests: hand-made case lists with answers a person can check by
hand; the population is 10,000 children aged 0-17 in each area in each mid-year."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from lscb_analysis import cdop
from lscb_analysis import indicators as ind

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "data" / "raw" / "exampleshire"
HEADER = ["case_id", "date_of_birth", "date_of_death", "sex", "ethnicity", "residence", "expected",
          "sudden_unexpected", "rapid_response", "place_of_death", "review_completed_date", "category",
          "modifiable", "lsoa_code"]
AREAS = ["Exampleshire", "Westbridge"]
PANEL = "Exampleshire and Westbridge"
FILE = "cdop/child_deaths.csv"


def case(case_id, dob, dod, *, sex="F", residence="Exampleshire", expected="Y", sudden="N", rapid="N",
         review="", category="", modifiable="", ethnicity="WBRI", lsoa="") -> list[str]:
    return [case_id, dob, dod, sex, ethnicity, residence, expected, sudden, rapid, "hospital", review,
            str(category), modifiable, lsoa]


def write_births(area_dir: Path, rows: list[tuple]) -> None:
    """``cdop/births.csv`` with (area, year, live_births) rows as given."""
    (area_dir / "cdop").mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows, columns=["area", "year", "live_births"]).to_csv(area_dir / "cdop" / "births.csv", index=False)


def write_imd(area_dir: Path, deciles: dict[str, object]) -> None:
    """``cdop/imd_lookup.csv`` from {LSOA code: decile}."""
    (area_dir / "cdop").mkdir(parents=True, exist_ok=True)
    pd.DataFrame({"lsoa_code": list(deciles), "imd_decile": list(deciles.values())}).to_csv(
        area_dir / "cdop" / "imd_lookup.csv", index=False)


def write_population(area_dir: Path, areas=AREAS, years=range(2019, 2026), per_area=10_000) -> None:
    rows = []
    for area in areas:
        for year in years:
            for age in range(18):
                for sex in ("F", "M"):
                    n = per_area - 35 * 277 if (age, sex) == (0, "F") else 277
                    rows.append([area, year, age, sex, n])
    pd.DataFrame(rows, columns=["area", "mid_year", "age", "sex", "population"]).to_csv(
        area_dir / "population.csv", index=False)


def write_cases(area_dir: Path, cases: list[list[str]], header=HEADER) -> None:
    (area_dir / "cdop").mkdir(parents=True, exist_ok=True)
    with open(area_dir / "cdop" / "child_deaths.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(cases)


def load(tmp_path: Path, cases: list[list[str]], **kw) -> cdop.CDOPData:
    write_population(tmp_path)
    write_cases(tmp_path, cases, **kw)
    return cdop.load(tmp_path, panel_areas=AREAS)


def value(table, indicator, *, area="Exampleshire", period="2024-25", breakdown="all", unit="count", col="value"):
    rows = ind.select(table, indicator, breakdown=breakdown, unit=unit, area=area, period=period)
    assert len(rows) == 1, (indicator, area, period, breakdown, unit)
    return rows[col].iloc[0]


def shown(table: pd.DataFrame, indicator: str, *, area: str, period: str, breakdown: str = "all",
          unit: str = "count") -> bool:
    rows = ind.select(table, indicator, breakdown=breakdown, unit=unit, area=area, period=period)
    assert len(rows) == 1, (indicator, area, period, breakdown, unit)
    return not bool(rows["suppressed"].iloc[0])


def assert_no_small_numbers(table: pd.DataFrame) -> None:
    visible = table[~table["suppressed"]]
    small = lambda s: s.between(1, 5)  # noqa: E731
    assert not small(visible["numerator"]).any(), visible[small(visible["numerator"])]
    counts = visible[visible["unit"].eq("count")]
    assert not small(counts["value"]).any()
    based = visible[~visible["unit"].isin(list(ind.RATE_UNITS))]
    assert not small(based["denominator"]).any(), based[small(based["denominator"])]


def assert_nothing_recoverable(table: pd.DataFrame, panel: str | None = None, areas=()) -> None:
    """Independent check: no additive group shown with exactly one hidden cell."""
    cells = table.groupby(["area", "period", "indicator", "breakdown"], sort=False)["suppressed"].any().reset_index()
    cells["dim"] = cells["breakdown"].str.split(":").str[0]
    parts = cells[cells["breakdown"].ne("all")]
    per_group = parts.groupby(["area", "period", "indicator", "dim"])["suppressed"].agg(["sum", "size"])
    bad = per_group[(per_group["sum"] == 1) & (per_group["size"] > 1)]
    assert bad.empty, bad
    singles = cells[~cells["period"].str.contains(" to ")]
    for _, pooled in cells[cells["period"].str.contains(" to ")].iterrows():
        first, last = pooled["period"].split(" to ")
        years = [y for y in singles["period"].unique() if first <= y <= last]
        group = singles[singles["area"].eq(pooled["area"]) & singles["indicator"].eq(pooled["indicator"])
                        & singles["breakdown"].eq(pooled["breakdown"]) & singles["period"].isin(years)]
        expected = int(last[:4]) - int(first[:4]) + 1
        if len(group) == expected and not pooled["suppressed"]:
            assert group["suppressed"].sum() != 1, (pooled.to_dict(), group)
    if panel:
        for _, p in cells[cells["area"].eq(panel) & ~cells["dim"].isin(["residence", "outside_panel"])].iterrows():
            group = cells[cells["area"].isin(areas) & cells["period"].eq(p["period"])
                          & cells["indicator"].eq(p["indicator"]) & cells["breakdown"].eq(p["breakdown"])]
            if len(group) == len(areas) and not p["suppressed"]:
                assert group["suppressed"].sum() != 1, (p.to_dict(), group)
