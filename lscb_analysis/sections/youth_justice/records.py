"""Small helpers the youth justice indicators share: whole-year windows, age bands, sex labels, and the
indicator table made from the rows the indicator functions build (:mod:`lscb_analysis.core.indicators`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core.periods import ReportingYear

#: the extra columns of the youth justice indicator table, in order
EXTRA = ("note", "cohort_start", "cohort_end", "status")
KEY = ["area", "period", "indicator", "breakdown", "unit"]


def in_year(dates: pd.Series, year: ReportingYear) -> np.ndarray:
    """Dates from 1 April to 31 March of ``year`` inclusive, as a numpy mask (a missing date is in no year)."""
    d = dates.to_numpy(dtype="datetime64[ns]")
    return (d >= year.start.to_datetime64()) & (d <= year.end.to_datetime64())


def age_band(age: pd.Series) -> pd.Series:
    """10-14 or 15-17, the age bands of the Youth Justice Board's statistics."""
    return pd.Series(np.where(age <= 14, "10-14", "15-17"), index=age.index)


def sex_label(sex: pd.Series) -> pd.Series:
    """female, male or unknown, from the codes F, M, U."""
    return sex.map({"F": "female", "M": "male"}).fillna("unknown")


def tally(values: pd.Series, levels: Sequence[str]) -> list[int]:
    """How many of ``values`` have each level, in the order of ``levels``."""
    counts = values.value_counts()
    return [int(counts.get(lv, 0)) for lv in levels]


def with_extra(rows: list[dict], **extra: str) -> list[dict]:
    """The rows, each with the ``extra`` columns set (note, cohort_start, ...)."""
    for row in rows:
        row.update(extra)
    return rows


def blank(row: dict) -> dict:
    """Leave a row's figures out (symbol "x", not available)."""
    row.update(numerator=np.nan, denominator=np.nan, value=np.nan, lower=np.nan, upper=np.nan, symbol="x")
    return row


def table(rows: list[dict], extra: Sequence[str] = EXTRA, *, keep_last: bool = False) -> pd.DataFrame:
    """The indicator table of ``rows`` (:func:`indicators.table`), with the ``extra`` columns in that order
    ("" where a row has none). ``keep_last``: where rows repeat (area, period, indicator, breakdown, unit),
    as the same re-offending cohort reported for two years does, only the last is kept."""
    if not rows:
        out = ind.empty()
        for col in extra:
            out[col] = ""
        return out
    df = pd.DataFrame(rows)
    for col in extra:
        df[col] = df[col].fillna("").astype(str) if col in df.columns else ""
    df = df[[c for c in df.columns if c not in extra] + list(extra)]
    if keep_last:
        df = df.drop_duplicates(KEY, keep="last")
    return ind.table(df)
