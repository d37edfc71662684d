"""The indicator table: one shape for every section, the DfE loader and the comparators.

Columns (DESIGN.md section 5)::

    area, period, indicator, breakdown, numerator, denominator, value, lower, upper, unit, source

plus two optional columns used by disclosure control and published data:
``symbol`` (the DfE symbol for a cell that has no value: ``c`` suppressed,
``x`` not available, ``z`` not applicable, ``u`` low reliability, ``low``) and
``suppressed`` (True where :func:`lscb_analysis.suppression.suppress` hid it).

Values are kept unrounded; rounding (half up) happens only at display.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from lscb_analysis.core import rates

__all__ = [
    "COLUMNS",
    "OPTIONAL_COLUMNS",
    "UNITS",
    "empty",
    "breakdown_rows",
    "table",
    "frame",
    "validate",
    "count_row",
    "rate_row",
    "proportion_row",
    "value_row",
    "with_rates",
    "with_proportions",
    "select",
    "concat",
]

COLUMNS = [
    "area",
    "period",
    "indicator",
    "breakdown",
    "numerator",
    "denominator",
    "value",
    "lower",
    "upper",
    "unit",
    "source",
]
OPTIONAL_COLUMNS = ["symbol", "suppressed"]

UNITS = {
    "count",
    "per 10,000 aged 0-17",
    "per 100,000 aged 0-17",
    "per 10,000 aged 0-14",
    "per 100,000 aged 10-17",
    "per 1,000 aged 10-17",
    "per 1,000 live births",
    "percent",
    "percentage points",
    "days",
    "ratio",
    "score",
    "GBP",
}

# the multiplier behind each rate unit
RATE_UNITS = {
    "per 10,000 aged 0-17": 10_000,
    "per 100,000 aged 0-17": 100_000,
    "per 10,000 aged 0-14": 10_000,
    "per 100,000 aged 10-17": 100_000,
    "per 1,000 aged 10-17": 1_000,
    "per 1,000 live births": 1_000,
}

_NUMERIC = ["numerator", "denominator", "value", "lower", "upper"]
_TEXT = ["area", "period", "indicator", "breakdown", "unit", "source", "symbol"]


def empty() -> pd.DataFrame:
    """An indicator table with no rows."""
    return table([])


def table(rows: Iterable[Mapping] | pd.DataFrame) -> pd.DataFrame:
    """Build an indicator table from dicts (or a DataFrame), fill defaults, order columns, validate.

    Missing ``breakdown`` becomes "all"; missing numbers become NaN; ``symbol`` "" .
    """
    df = pd.DataFrame(rows) if not isinstance(rows, pd.DataFrame) else rows.copy()
    for col in COLUMNS:
        if col not in df.columns:
            df[col] = np.nan if col in _NUMERIC else ("all" if col == "breakdown" else "")
    if "symbol" not in df.columns:
        df["symbol"] = ""
    df["breakdown"] = df["breakdown"].fillna("all").replace("", "all")
    for col in _NUMERIC:
        df[col] = pd.to_numeric(df[col], errors="raise").astype("float64")
    for col in _TEXT:
        if col in df.columns:
            df[col] = df[col].fillna("").astype(str)
    cols = COLUMNS + [c for c in OPTIONAL_COLUMNS if c in df.columns]
    extra = [c for c in df.columns if c not in cols]
    df = df[cols + extra].reset_index(drop=True)
    validate(df)
    return df


def frame(rows: Iterable[Mapping] | pd.DataFrame) -> pd.DataFrame:
    """An indicator table assembled without type coercion or validation: the cheap form for the parts of
    a section's ``indicators()``, which validates the whole once with :func:`table` or :func:`concat`
    (building and validating each one-row part costs more than computing it)."""
    df = pd.DataFrame(rows) if not isinstance(rows, pd.DataFrame) else rows
    missing = [c for c in COLUMNS + ["symbol"] if c not in df.columns]
    if missing:
        df = df.assign(**{c: (np.nan if c in _NUMERIC else ("all" if c == "breakdown" else "")) for c in missing})
    cols = COLUMNS + [c for c in OPTIONAL_COLUMNS if c in df.columns]
    return df[cols + [c for c in df.columns if c not in cols]]


def validate(df: pd.DataFrame) -> pd.DataFrame:
    """Check an indicator table: required columns present, units known, limits around values.

    Raises ``ValueError`` naming the first offending row. Returns the table unchanged.
    """
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"indicator table is missing columns: {', '.join(missing)}")
    bad_unit = ~df["unit"].isin(UNITS)
    if bad_unit.any():
        i = int(np.flatnonzero(bad_unit.to_numpy())[0])
        raise ValueError(
            f"indicator table row {i} ({df['indicator'].iloc[i]}): unknown unit {df['unit'].iloc[i]!r}; "
            f"expected one of {sorted(UNITS)}"
        )
    empty_name = df["indicator"].eq("") | df["area"].eq("") | df["period"].eq("")
    if empty_name.any():
        i = int(np.flatnonzero(empty_name.to_numpy())[0])
        raise ValueError(f"indicator table row {i}: area, period and indicator must all be given")
    tol = 1e-9
    v, lo, hi = df["value"], df["lower"], df["upper"]
    outside = (lo.notna() & v.notna() & (lo > v + tol * v.abs().clip(lower=1))) | (
        hi.notna() & v.notna() & (hi < v - tol * v.abs().clip(lower=1))
    )
    if outside.any():
        i = int(np.flatnonzero(outside.to_numpy())[0])
        raise ValueError(
            f"indicator table row {i} ({df['indicator'].iloc[i]}, {df['breakdown'].iloc[i]}): "
            f"value {v.iloc[i]} is outside its limits {lo.iloc[i]} to {hi.iloc[i]}"
        )
    dup = df.duplicated(["area", "period", "indicator", "breakdown", "unit"], keep=False)
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        raise ValueError(
            f"indicator table row {i}: more than one row for {df['area'].iloc[i]}, {df['period'].iloc[i]}, "
            f"{df['indicator'].iloc[i]}, {df['breakdown'].iloc[i]}, {df['unit'].iloc[i]}"
        )
    return df


def _base(area, period, indicator, breakdown, source) -> dict:
    return {
        "area": area,
        "period": str(period),
        "indicator": indicator,
        "breakdown": breakdown or "all",
        "source": source,
    }


def _num(x):
    if x is None or x is pd.NA:
        return np.nan
    try:
        return float(x)
    except (TypeError, ValueError):
        return np.nan


def count_row(area, period, indicator, count, *, breakdown="all", source="", symbol="") -> dict:
    """A count: value = numerator = ``count``, unit "count", no limits."""
    c = _num(count)
    return {**_base(area, period, indicator, breakdown, source), "numerator": c, "denominator": np.nan,
            "value": c, "lower": np.nan, "upper": np.nan, "unit": "count", "symbol": symbol}


def rate_row(area, period, indicator, count, population, *, unit="per 10,000 aged 0-17",
             breakdown="all", source="", conf=0.95, symbol="") -> dict:
    """A rate of ``count`` per ``population`` in a rate unit, with PHE Poisson limits."""
    if unit not in RATE_UNITS:
        raise ValueError(f"not a rate unit: {unit!r}; expected one of {sorted(RATE_UNITS)}")
    c, n = _num(count), _num(population)
    row = {**_base(area, period, indicator, breakdown, source), "numerator": c, "denominator": n,
           "unit": unit, "symbol": symbol, "value": np.nan, "lower": np.nan, "upper": np.nan}
    if not (np.isnan(c) or np.isnan(n)):
        v, lo, hi = rates.rate_arrays(np.array([c]), np.array([n]), per=RATE_UNITS[unit], conf=conf)
        row.update(value=float(v[0]), lower=float(lo[0]), upper=float(hi[0]))
    return row


def proportion_row(area, period, indicator, numerator, denominator, *, breakdown="all", source="",
                   conf=0.95, symbol="") -> dict:
    """A percentage ``numerator / denominator`` with Wilson limits; missing where either is missing
    or the denominator is zero (nothing to take a share of)."""
    x, n = _num(numerator), _num(denominator)
    row = {**_base(area, period, indicator, breakdown, source), "numerator": x, "denominator": n,
           "unit": "percent", "symbol": symbol, "value": np.nan, "lower": np.nan, "upper": np.nan}
    if not (np.isnan(x) or np.isnan(n)) and n > 0:
        v, lo, hi = rates.proportion_arrays(np.array([x]), np.array([n]), conf=conf)
        row.update(value=float(v[0]), lower=float(lo[0]), upper=float(hi[0]))
    return row


def breakdown_rows(area, period, indicator, values: pd.Series, codes, dimension: str, *, shares: bool = True,
                   source: str = "") -> list[dict]:
    """A breakdown of ``values`` (one value a record: a reason, an outcome, an age band): for each of ``codes``
    in the order given, a count row (breakdown ``<dimension>:<code>``; a code no record has counts 0) and, with
    ``shares``, its percentage of all ``values`` (:func:`proportion_row`, Wilson limits)."""
    counts = values.value_counts()
    rows = []
    for code in codes:
        n = int(counts.get(code, 0))
        breakdown = f"{dimension}:{code}"
        rows.append(count_row(area, period, indicator, n, breakdown=breakdown, source=source))
        if shares:
            rows.append(proportion_row(area, period, indicator, n, len(values), breakdown=breakdown, source=source))
    return rows


def value_row(area, period, indicator, value, unit, *, breakdown="all", numerator=np.nan,
              denominator=np.nan, lower=np.nan, upper=np.nan, source="", symbol="") -> dict:
    """Any other figure (a median in days, a ratio, a score) given directly."""
    return {**_base(area, period, indicator, breakdown, source), "numerator": _num(numerator),
            "denominator": _num(denominator), "value": _num(value), "lower": _num(lower),
            "upper": _num(upper), "unit": unit, "symbol": symbol}


def with_rates(df: pd.DataFrame, unit: str = "per 10,000 aged 0-17", conf: float = 0.95) -> pd.DataFrame:
    """Fill ``value``, ``lower``, ``upper`` from ``numerator`` and ``denominator`` as rates in ``unit``
    (vectorised; rows missing either stay missing)."""
    out = df.copy()
    ok = out["numerator"].notna() & out["denominator"].notna() & (out["denominator"] > 0)
    out["unit"] = unit
    if ok.any():
        r = rates.rate(out.loc[ok, "numerator"], out.loc[ok, "denominator"], per=RATE_UNITS[unit], conf=conf)
        out.loc[ok, ["value", "lower", "upper"]] = r[["value", "lower", "upper"]].to_numpy()
    return out


def with_proportions(df: pd.DataFrame, conf: float = 0.95) -> pd.DataFrame:
    """Fill ``value``, ``lower``, ``upper`` as percentages with Wilson limits (vectorised)."""
    out = df.copy()
    ok = out["numerator"].notna() & out["denominator"].notna() & (out["denominator"] > 0)
    out["unit"] = "percent"
    if ok.any():
        r = rates.proportion(out.loc[ok, "numerator"], out.loc[ok, "denominator"], conf=conf)
        out.loc[ok, ["value", "lower", "upper"]] = r[["value", "lower", "upper"]].to_numpy()
    return out


class Cells:
    """The cells of an indicator table by (area, period, indicator, breakdown, unit), the first row for
    each: one pass over the table, then a dictionary look-up per cell (a report table looks up hundreds
    of cells, and a selection per cell costs far more). A cell is a mapping from column to value, or
    None where the table has no such row. Build it from the table as it is when the cells are read."""

    KEY = ("area", "period", "indicator", "breakdown", "unit")

    def __init__(self, table: pd.DataFrame) -> None:
        self._columns = {c: table[c].to_numpy() for c in table.columns}
        self._first: dict[tuple, int] = {}
        for i, key in enumerate(zip(*(self._columns[c] for c in self.KEY))):
            self._first.setdefault(key, i)

    def __call__(self, area: str, period: str, indicator: str, breakdown: str, unit: str) -> dict | None:
        i = self._first.get((area, period, indicator, breakdown, unit))
        return None if i is None else {c: values[i] for c, values in self._columns.items()}


def select(df: pd.DataFrame, indicator: str | None = None, *, breakdown: str | None = "all",
           unit: str | None = None, area: str | None = None, period: str | None = None) -> pd.DataFrame:
    """Rows matching the given fields (``None`` matches anything)."""
    mask = pd.Series(True, index=df.index)
    for col, val in (("indicator", indicator), ("breakdown", breakdown), ("unit", unit), ("area", area),
                     ("period", period)):
        if val is not None:
            mask &= df[col].eq(val)
    return df[mask]


def concat(tables: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Stack indicator tables (validated again)."""
    frames = [t for t in tables if t is not None and len(t)]
    if not frames:
        return empty()
    return table(pd.concat(frames, ignore_index=True))
