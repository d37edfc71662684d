"""Rates, proportions and their confidence limits, percentage change, rounding, funnel limits.

Methods follow the Office for Health Improvement and Disparities (formerly Public
Health England) *Technical Guide: Confidence Intervals* and its R package
PHEindicatormethods:

* rates (``phe_rate``): exact Poisson limits from the chi-squared distribution
  for fewer than 10 events, Byar's approximation from 10 events;
* proportions (``phe_proportion``): Wilson score limits;
* funnel plots: Spiegelhalter (2005) "Funnel plots for comparing institutional
  performance", exact binomial / Poisson limits with interpolation.

Every function takes scalars or array-likes and returns a DataFrame with columns
``value``, ``lower``, ``upper`` (one row per input). Values are unrounded; round
for display only, half up as DfE does (:func:`round_half_up`).
"""

from __future__ import annotations

import functools
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import numpy as np
import pandas as pd
from scipy import stats

__all__ = [
    "rate",
    "proportion",
    "rate_arrays",
    "proportion_arrays",
    "pct_change",
    "round_half_up",
    "funnel_limits_proportion",
    "funnel_limits_rate",
    "z_value",
]


@functools.lru_cache(maxsize=16)
def z_value(conf: float) -> float:
    """The two-sided standard normal quantile for confidence level ``conf`` (1.959964 for 0.95)."""
    if not 0 < conf < 1:
        raise ValueError(f"conf must be between 0 and 1, got {conf!r}")
    return float(stats.norm.ppf(conf + (1 - conf) / 2))


def _as_array(values, name: str) -> np.ndarray:
    arr = np.atleast_1d(np.asarray(pd.Series(np.atleast_1d(values)).astype("float64"), dtype="float64"))
    return arr


def _index_of(*values):
    for v in values:
        if isinstance(v, pd.Series):
            return v.index
    return None


def _check(arr: np.ndarray, name: str, *, positive: bool = False) -> None:
    """Raise naming the first position (in ``arr``; missing values pass) that is negative, or with
    ``positive`` zero or negative."""
    with np.errstate(invalid="ignore"):
        bad = np.flatnonzero(arr <= 0) if positive else np.flatnonzero(arr < 0)
    if bad.size:
        i = int(bad[0])
        rule = "must be greater than zero" if positive else "must not be negative"
        raise ValueError(f"{name} {rule}: position {i} has {arr[i]:g}")


def _broadcast(a: np.ndarray, b: np.ndarray, names: tuple[str, str]) -> tuple[np.ndarray, np.ndarray]:
    if a.size == 1 and b.size > 1:
        a = np.repeat(a, b.size)
    if b.size == 1 and a.size > 1:
        b = np.repeat(b, a.size)
    if a.size != b.size:
        raise ValueError(f"{names[0]} and {names[1]} have different lengths ({a.size} and {b.size})")
    return a, b


def _poisson_limits(count: np.ndarray, conf: float) -> tuple[np.ndarray, np.ndarray]:
    """Limits for an observed Poisson count: exact below 10, Byar's method from 10 (PHE)."""
    alpha = 1 - conf
    z = z_value(conf)
    lower = np.full(count.shape, np.nan)
    upper = np.full(count.shape, np.nan)
    ok = ~np.isnan(count)
    exact = ok & (count < 10)
    byar = ok & (count >= 10)
    c = count[exact]
    lower[exact] = np.where(c == 0, 0.0, stats.chi2.ppf(alpha / 2, 2 * c) / 2)
    upper[exact] = stats.chi2.ppf(1 - alpha / 2, 2 * (c + 1)) / 2
    c = count[byar]
    lower[byar] = c * (1 - 1 / (9 * c) - z / (3 * np.sqrt(c))) ** 3
    upper[byar] = (c + 1) * (1 - 1 / (9 * (c + 1)) + z / (3 * np.sqrt(c + 1))) ** 3
    return lower, upper


def rate(count, population, per: float = 10_000, conf: float = 0.95) -> pd.DataFrame:
    """Crude rate ``count / population * per`` with confidence limits.

    Limits: exact Poisson (chi-squared) limits when ``count`` < 10, Byar's method
    when ``count`` >= 10, as PHEindicatormethods ``phe_rate`` (OHID Technical
    Guide: Confidence Intervals). A zero count is valid: value 0, lower 0, upper
    ``chi2(0.975, 2) / 2 / population * per``. Missing inputs give missing outputs.

    Raises ``ValueError`` naming the position for a negative count or a
    population that is zero or negative.
    """
    c, n = _broadcast(_as_array(count, "count"), _as_array(population, "population"), ("count", "population"))
    return _limits_frame(rate_arrays(c, n, per, conf), _index_of(count, population))


def _limits_frame(arrays: tuple[np.ndarray, np.ndarray, np.ndarray], index) -> pd.DataFrame:
    """``value``, ``lower``, ``upper`` as a DataFrame, on the input Series' index where there was one."""
    value, lower, upper = arrays
    out = pd.DataFrame({"value": value, "lower": lower, "upper": upper})
    if index is not None and len(index) == len(out):
        out.index = index
    return out


def rate_arrays(c: np.ndarray, n: np.ndarray, per: float = 10_000, conf: float = 0.95):
    """:func:`rate` on float arrays of equal length: ``(value, lower, upper)`` arrays. The one place the
    rate and its limits are computed (the indicator table's row builder calls it for a single row)."""
    _check(c, "count")
    _check(n, "population", positive=True)
    lo, hi = _poisson_limits(c, conf)
    return c / n * per, lo / n * per, hi / n * per


def proportion(numerator, denominator, conf: float = 0.95, per: float = 100) -> pd.DataFrame:
    """Proportion ``numerator / denominator * per`` with Wilson score limits.

    As PHEindicatormethods ``phe_proportion`` (Wilson, 1927; Newcombe, 1998):
    ``(2x + z² ± z·sqrt(z² + 4x(1 - x/n))) / (2(n + z²))``. A zero numerator is
    valid (lower limit 0); so is numerator = denominator (upper limit 1).

    Raises ``ValueError`` naming the position for a negative numerator, a
    denominator that is zero or negative, or a numerator above its denominator.
    """
    x, n = _broadcast(_as_array(numerator, "numerator"), _as_array(denominator, "denominator"),
                      ("numerator", "denominator"))
    return _limits_frame(proportion_arrays(x, n, conf, per), _index_of(numerator, denominator))


def proportion_arrays(x: np.ndarray, n: np.ndarray, conf: float = 0.95, per: float = 100):
    """:func:`proportion` on float arrays of equal length: ``(value, lower, upper)`` arrays. The one place the
    Wilson limits are computed (the indicator table's row builder calls it for a single row)."""
    _check(x, "numerator")
    _check(n, "denominator", positive=True)
    over = np.flatnonzero(~np.isnan(x) & ~np.isnan(n) & (x > n))
    if over.size:
        i = int(over[0])
        raise ValueError(f"numerator is above its denominator: position {i} has {x[i]:g} of {n[i]:g}")
    z = z_value(conf)
    p = x / n
    with np.errstate(invalid="ignore"):
        root = z * np.sqrt(z**2 + 4 * x * (1 - p))
        lower = (2 * x + z**2 - root) / (2 * (n + z**2))
        upper = (2 * x + z**2 + root) / (2 * (n + z**2))
    lower = np.where(x == 0, 0.0, lower)
    upper = np.where(x == n, 1.0, upper)
    return p * per, lower * per, upper * per


def pct_change(new, old):
    """Percentage change from ``old`` to ``new``: ``(new - old) / old * 100``.

    Undefined (NaN) where ``old`` is zero or missing. Scalars give a float; array-likes an array
    (a Series keeps its index).
    """
    scalar = np.ndim(new) == 0 and np.ndim(old) == 0
    a = np.asarray(new, dtype="float64")
    b = np.asarray(old, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(b == 0, np.nan, (a - b) / b * 100)
    if scalar:
        return float(out)
    index = _index_of(new, old)
    return pd.Series(out, index=index) if index is not None else out


def _round_one(x, digits: int):
    if x is None or (isinstance(x, float) and np.isnan(x)) or x is pd.NA:
        return np.nan
    try:
        q = Decimal(1).scaleb(-digits)
        return float(Decimal(repr(float(x))).quantize(q, rounding=ROUND_HALF_UP))
    except (InvalidOperation, ValueError):
        return np.nan


def round_half_up(x, digits: int = 0):
    """Round halves away from zero, as DfE and ONS publications do (Python's ``round``
    rounds halves to even, and binary floats make ``round(0.125, 2)`` give 0.12).

    The decimal written form of the float is rounded, so ``round_half_up(0.125, 2) == 0.13``
    and ``round_half_up(2.675, 2) == 2.68``. Scalars, arrays and Series accepted.
    """
    if np.ndim(x) == 0:
        return _round_one(x, digits)
    if isinstance(x, pd.Series):
        return x.map(lambda v: _round_one(v, digits)).astype("float64")
    return np.array([_round_one(v, digits) for v in np.asarray(x, dtype="float64").ravel()]).reshape(np.shape(x))


def _interpolated_quantile(dist, q: np.ndarray) -> np.ndarray:
    """Spiegelhalter's interpolated exact quantile r_p - alpha for a discrete distribution."""
    r = dist.ppf(q)
    cdf_r = dist.cdf(r)
    cdf_below = dist.cdf(r - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.where(cdf_r > cdf_below, (cdf_r - q) / (cdf_r - cdf_below), 0.0)
    return r - alpha


def funnel_limits_proportion(target: float, denominators, levels=(0.95, 0.998), per: float = 100) -> pd.DataFrame:
    """Funnel-plot control limits for a proportion around ``target`` (a fraction of ``per``).

    Exact binomial limits with Spiegelhalter's interpolation (Spiegelhalter 2005,
    Statistics in Medicine 24:1185; OHID funnel plot guidance). Returns columns
    ``denominator`` and ``lower_<level>``/``upper_<level>`` (e.g. ``lower_95``,
    ``upper_99.8``) in the units of ``per``.
    """
    p0 = target / per
    if not 0 <= p0 <= 1:
        raise ValueError(f"target must be between 0 and {per}, got {target!r}")
    n = np.asarray(denominators, dtype="float64")
    _check(n, "denominator", positive=True)
    n_int = np.round(n)
    out = {"denominator": n}
    dist = stats.binom(n_int, p0)
    for level in levels:
        tag = f"{level * 100:g}"
        lo = _interpolated_quantile(dist, np.full(n.shape, (1 - level) / 2)) / n_int
        hi = _interpolated_quantile(dist, np.full(n.shape, 1 - (1 - level) / 2)) / n_int
        out[f"lower_{tag}"] = np.clip(lo, 0, 1) * per
        out[f"upper_{tag}"] = np.clip(hi, 0, 1) * per
    return pd.DataFrame(out)


def funnel_limits_rate(target: float, populations, levels=(0.95, 0.998), per: float = 10_000) -> pd.DataFrame:
    """Funnel-plot control limits for a rate ``target`` per ``per`` at each population.

    Exact Poisson limits of the expected count ``target / per * population``
    with Spiegelhalter's interpolation, converted back to a rate.
    """
    if target < 0:
        raise ValueError(f"target must not be negative, got {target!r}")
    pop = np.asarray(populations, dtype="float64")
    _check(pop, "population", positive=True)
    expected = target / per * pop
    dist = stats.poisson(expected)
    out = {"population": pop}
    for level in levels:
        tag = f"{level * 100:g}"
        lo = _interpolated_quantile(dist, np.full(pop.shape, (1 - level) / 2))
        hi = _interpolated_quantile(dist, np.full(pop.shape, 1 - (1 - level) / 2))
        out[f"lower_{tag}"] = np.clip(lo, 0, None) / pop * per
        out[f"upper_{tag}"] = hi / pop * per
    return pd.DataFrame(out)
