"""Synthetic mid-year populations for Exampleshire and its child death overview panel partners."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

# children aged 0-17 at mid-2013, and yearly growth
AREAS = {"Exampleshire": (39_200, 0.004), "Westbridge": (54_800, 0.006), "Eastmoor": (33_500, 0.002)}
MID_YEARS = range(2013, 2025)


def frame(seed: int = 2013) -> pd.DataFrame:
    """Population by area, mid-year, single year of age 0-17 and sex (about 51% male, as in England)."""
    rng = np.random.default_rng(seed)
    rows = []
    for area, (children, growth) in AREAS.items():
        base = children / 18
        shape = 1 + 0.03 * np.sin(np.arange(18) / 3)  # gentle cohort differences
        for k, year in enumerate(MID_YEARS):
            for age in range(18):
                n = base * shape[age] * (1 + growth) ** k
                male = int(round(n * 0.512 + rng.normal(0, 8)))
                female = int(round(n * 0.488 + rng.normal(0, 8)))
                rows.append((area, year, age, "F", female))
                rows.append((area, year, age, "M", male))
    return pd.DataFrame(rows, columns=["area", "mid_year", "age", "sex", "population"])


def generate(area_dir: Path, seed: int = 2013) -> dict:
    """Write ``population.csv`` into ``area_dir``; returns what was written."""
    area_dir = Path(area_dir)
    area_dir.mkdir(parents=True, exist_ok=True)
    df = frame(seed)
    df.to_csv(area_dir / "population.csv", index=False, lineterminator="\n")
    return {"file": "population.csv", "rows": len(df), "injected_faults": []}
