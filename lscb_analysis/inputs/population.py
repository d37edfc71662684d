"""Population denominators by area, mid-year, single year of age and sex.

A reporting year uses the ONS mid-year estimate of the calendar year in which it
starts (mid-2016 for 2016-17), as DfE does for its rates per 10,000 children.

Local denominators come from ``data/raw/<area>/population.csv`` (area, mid_year, age,
sex, population). Where an area has no local file the published ONS figures for
children aged 0-17 (``data/raw/dfe/``) are used by :mod:`lscb_analysis.dfe`; measures
needing other ages (10-17 for youth justice) then report that no population is
available rather than guessing.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.inputs import clean

__all__ = ["load", "load_for", "total", "for_year", "FILE"]

FILE = "population.csv"
COLUMNS = ["area", "mid_year", "age", "sex", "population"]
# the range each number must be in (inclusive), and what it is
RANGES = {
    "mid_year": (1900, 2200, "a year from 1900 to 2200"),
    "age": (0, 24, "a whole number of years from 0 to 24"),
    # no local authority has 10 million residents of one age and sex; 0 or fewer cannot be a denominator
    "population": (1, 10_000_000, "a whole number of people from 1 to 10,000,000"),
}


def load(area_dir: Path | str) -> pd.DataFrame | None:
    """Read ``population.csv`` from ``area_dir`` (None if there is none).

    Raises :class:`clean.InputError` naming the file, row and column (never the value) for a missing
    column, a number that is not whole or is outside its range (:data:`RANGES`: a mid_year from 1900
    to 2200, an age from 0 to 24, a population from 1 to 10,000,000, so a zero, negative or overflowing
    population is refused), a sex other than F/M, or a repeated (area, mid_year, age, sex).
    """
    path = clean.find_file(Path(area_dir), "population")
    if path is None:
        return None
    df = clean.require_columns(clean.read_table(path), COLUMNS, path.name)
    out = pd.DataFrame({"area": df["area"].astype(str).str.strip()})
    for col, (low, high, what) in RANGES.items():
        # as floats: a 30-digit number stays a large number (it would wrap round to a negative int64)
        num = pd.to_numeric(df[col].astype(str).str.strip(), errors="coerce").astype("float64")
        bad = num.isna() | (num != np.floor(num))
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise clean.InputError("expected a whole number", file=path.name, row=int(df["_row"].iloc[i]), column=col)
        bad = (num < low) | (num > high)
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise clean.InputError(f"out of range: expected {what}", file=path.name, row=int(df["_row"].iloc[i]),
                                   column=col)
        out[col] = num.astype("int64")
    sex = df["sex"].astype(str).str.strip().str.upper()
    bad = ~sex.isin({"F", "M"})
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise clean.InputError("expected F or M", file=path.name,
                               row=int(df["_row"].iloc[i]), column="sex")
    out["sex"] = sex
    dup = out.duplicated(["area", "mid_year", "age", "sex"])
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        raise clean.InputError("repeats an earlier row for the same area, mid_year, age and sex",
                               file=path.name, row=int(df["_row"].iloc[i]), column="area")
    return out[COLUMNS].sort_values(["area", "mid_year", "age", "sex"]).reset_index(drop=True)


def load_for(area_dir: Path | str, area: str, rejections=None) -> pd.DataFrame | None:
    """:func:`load`, noting in ``rejections`` when the file has no rows for ``area`` (then no rate can
    be calculated for it: the report says so rather than guessing)."""
    pop = load(area_dir)
    if pop is not None and rejections is not None and not pop["area"].str.casefold().eq(str(area).casefold()).any():
        covered = ", ".join(sorted(pop["area"].unique())[:5])
        rejections.note(FILE, f"has no rows for {area} (it covers {covered}): rates for {area} cannot be calculated")
    return pop


def total(pop: pd.DataFrame | None, area: str, mid_year: int, min_age: int = 0, max_age: int = 17) -> float:
    """Population of ``area`` aged ``min_age`` to ``max_age`` inclusive at ``mid_year`` (NaN if unknown).

    Unknown means no file, no rows for that area and year, or an age in the range missing:
    a partial sum would understate the denominator and overstate the rate.
    """
    if pop is None or not len(pop):
        return float("nan")
    sub = pop[pop["area"].str.casefold().eq(str(area).casefold()) & pop["mid_year"].eq(int(mid_year))
              & pop["age"].between(min_age, max_age)]
    if set(sub["age"]) != set(range(min_age, max_age + 1)):
        return float("nan")
    return float(sub["population"].sum())


def for_year(pop: pd.DataFrame | None, area: str, reporting_year, min_age: int = 0, max_age: int = 17) -> float:
    """Population for a reporting year: the mid-year estimate of the year it starts in (DfE convention)."""
    return total(pop, area, ReportingYear(reporting_year).mid_year, min_age, max_age)
