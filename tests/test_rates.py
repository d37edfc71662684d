"""Rates and proportions against the PHEindicatormethods methods (phe_rate, phe_proportion)."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, stats

from lscb_analysis import rates

Z = 1.959963984540054


def exact_poisson_by_root(x: int, conf=0.95):
    """Garwood's exact limits found by root-finding on the Poisson CDF (independent of the chi-squared form)."""
    a = (1 - conf) / 2
    lower = 0.0 if x == 0 else optimize.brentq(lambda mu: stats.poisson.sf(x - 1, mu) - a, 1e-12, 10 * x + 50)
    upper = optimize.brentq(lambda mu: stats.poisson.cdf(x, mu) - a, 1e-12, 10 * x + 50)
    return lower, upper


@pytest.mark.parametrize("count", [0, 1, 2, 5, 9])
def test_rate_exact_limits_below_10_match_garwood(count):
    pop = 25_000
    got = rates.rate(count, pop, per=100_000).iloc[0]
    lo, hi = exact_poisson_by_root(count)
    assert got["value"] == pytest.approx(count / pop * 100_000, rel=1e-12)
    assert got["lower"] == pytest.approx(lo / pop * 100_000, rel=1e-6, abs=1e-12)
    assert got["upper"] == pytest.approx(hi / pop * 100_000, rel=1e-6)


def test_rate_published_garwood_table_values():
    # Garwood (1936) / Ulm (1990) 95% limits for observed counts 0, 1 and 9
    r = rates.rate([0, 1, 9], [1, 1, 1], per=1)
    assert r["upper"].iloc[0] == pytest.approx(3.688879, rel=1e-6)  # -ln(0.025)
    assert r["lower"].iloc[1] == pytest.approx(0.0253178, rel=1e-5)  # -ln(0.975)
    assert r["upper"].iloc[1] == pytest.approx(5.571643, rel=1e-6)
    assert r["lower"].iloc[2] == pytest.approx(4.115373, rel=1e-6)
    assert r["upper"].iloc[2] == pytest.approx(17.084803, rel=1e-6)


@pytest.mark.parametrize("count", [10, 11, 57, 766, 250_000])
def test_rate_byar_from_10(count):
    pop = 56_523
    got = rates.rate(count, pop).iloc[0]
    lo = count * (1 - 1 / (9 * count) - Z / (3 * math.sqrt(count))) ** 3
    hi = (count + 1) * (1 - 1 / (9 * (count + 1)) + Z / (3 * math.sqrt(count + 1))) ** 3
    assert got["lower"] == pytest.approx(lo / pop * 10_000, rel=1e-6)
    assert got["upper"] == pytest.approx(hi / pop * 10_000, rel=1e-6)


def test_rate_byar_hand_value_for_10_events():
    # 10 events in 10,000: Byar 95% limits 4.787 and 18.391 events -> 4.787 and 18.391 per 10,000
    r = rates.rate(10, 10_000).iloc[0]
    assert r["value"] == 10
    assert r["lower"] == pytest.approx(4.7875, abs=5e-4)
    assert r["upper"] == pytest.approx(18.3915, abs=5e-4)


def test_rate_bexley_section_47_per_10000():
    # 766 section 47 enquiries, mid-2016 population aged 0-17 of 56,523 -> 135.5 per 10,000
    r = rates.rate(766, 56_523).iloc[0]
    assert rates.round_half_up(r["value"], 1) == 135.5


def test_rate_vectorised_keeps_series_index():
    counts = pd.Series([3, 30], index=["a", "b"])
    r = rates.rate(counts, 1000)
    assert list(r.index) == ["a", "b"]
    assert list(r.columns) == ["value", "lower", "upper"]


@pytest.mark.parametrize("bad,message", [((-1, 100), "count must not be negative: position 0"),
                                         ((5, 0), "population must be greater than zero: position 0"),
                                         (([1, 2], [10, -3]), "position 1")])
def test_rate_rejects_bad_input(bad, message):
    with pytest.raises(ValueError, match=message):
        rates.rate(*bad)


@pytest.mark.parametrize("x,n,lo,hi", [
    (0, 10, 0.0, 27.7533),      # Wilson 0/10
    (5, 10, 23.6593, 76.3407),  # Wilson 5/10
    (10, 10, 72.2467, 100.0),
    (302, 766, 36.0259, 42.9308),
])
def test_proportion_wilson_reference_values(x, n, lo, hi):
    r = rates.proportion(x, n).iloc[0]
    assert r["value"] == pytest.approx(x / n * 100)
    assert r["lower"] == pytest.approx(lo, abs=1e-4)
    assert r["upper"] == pytest.approx(hi, abs=1e-4)


@pytest.mark.parametrize("x,n", [(1, 3), (9, 40), (10, 11), (123_456, 987_654)])
def test_proportion_matches_wilson_formula(x, n):
    p = x / n
    centre = (2 * x + Z**2) / (2 * (n + Z**2))
    half = Z * math.sqrt(Z**2 + 4 * x * (1 - p)) / (2 * (n + Z**2))
    r = rates.proportion(x, n, per=1).iloc[0]
    assert r["lower"] == pytest.approx(centre - half, rel=1e-6)
    assert r["upper"] == pytest.approx(centre + half, rel=1e-6)


@pytest.mark.parametrize("bad,message", [((11, 10), "numerator is above its denominator: position 0 has 11 of 10"),
                                         ((1, 0), "denominator must be greater than zero"),
                                         (([1, -1], [5, 5]), "numerator must not be negative: position 1")])
def test_proportion_rejects_bad_input(bad, message):
    with pytest.raises(ValueError, match=message):
        rates.proportion(*bad)


def test_round_half_up():
    assert rates.round_half_up(0.125, 2) == 0.13
    assert round(0.125, 2) == 0.12  # why we need it
    assert rates.round_half_up(2.5) == 3
    assert rates.round_half_up(-2.5) == -3  # halves away from zero
    assert rates.round_half_up(44.65, 1) == 44.7
    assert list(rates.round_half_up(np.array([0.05, 0.15, np.nan]), 1)[:2]) == [0.1, 0.2]


def test_pct_change():
    assert rates.pct_change(1836, 1533) == pytest.approx(19.765, abs=1e-3)
    assert math.isnan(rates.pct_change(5, 0))
    assert list(rates.pct_change([110, 90], [100, 100])) == [10, -10]


def test_funnel_limits_proportion_normal_agreement_for_large_n():
    lim = rates.funnel_limits_proportion(20, [10_000]).iloc[0]
    se = math.sqrt(0.2 * 0.8 / 10_000) * 100
    assert lim["lower_95"] == pytest.approx(20 - Z * se, abs=0.02)
    assert lim["upper_95"] == pytest.approx(20 + Z * se, abs=0.02)
    assert lim["upper_99.8"] > lim["upper_95"]


def test_funnel_limits_rate_narrow_with_population():
    lim = rates.funnel_limits_rate(40, [5_000, 50_000, 500_000])
    width = lim["upper_95"] - lim["lower_95"]
    assert width.is_monotonic_decreasing
    assert (lim["lower_99.8"] <= lim["lower_95"]).all()
