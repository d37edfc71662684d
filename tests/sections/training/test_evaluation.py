"""Confidence before and after (Kirkpatrick level 2): matched pairs and the Wilcoxon signed-rank test, by hand."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from scipy import stats

from lscb_analysis import training


def test_before_rating_without_after_is_not_a_pair(data):
    pairs = training.confidence_pairs(data, "2024-25")
    assert len(pairs) == 10  # D4 (before only) and D5 (after only) left out
    assert "delegate_id" not in pairs.columns
    assert pairs["change"].tolist() == [2, 0, 1, 1, -1, 2, 2, 3, 4, 0]  # C1 by before rating, then C2


def test_wilcoxon_with_ties_and_zero_differences(data):
    cc = training.confidence_change(data, "2024-25")
    r = cc.iloc[0]
    # differences 2,0,1,1,-1,2,2,3,4,0: zero_method "wilcox" drops the two zeros; |d| ranks with ties averaged:
    # 1,1,1 -> 2; 2,2,2 -> 5; 3 -> 7; 4 -> 8. T- = 2 (the one fall), T+ = 34.
    assert (r["pairs"], r["improved"], r["unchanged"], r["worse"]) == (10, 7, 2, 1)
    assert (r["median_before"], r["median_after"], r["median_change"]) == (5, 6, 1.5)
    assert r["share_improved"] == pytest.approx(70.0)
    assert r["zero_method"] == "wilcox"
    assert (r["t_plus"], r["t_minus"], r["statistic"]) == (34, 2, 2)
    # exact: 4 of the 2^8 sign patterns give T- <= 2 (none negative, or one of the three rank-2 values)
    assert r["p_value"] == pytest.approx(2 * 4 / 256)
    assert r["effect_size"] == pytest.approx(32 / 36)  # (T+ - T-) / (T+ + T-)
    assert "exact" in r["test"]
    assert "zero_method=\"wilcox\"" in cc.attrs["method"] and "rank-biserial" in cc.attrs["method"]


def test_exact_p_with_ties_by_hand():
    # |d| 1,1,1,2,2,2,3,3,4 (ranks 2,2,2,5,5,5,7.5,7.5,9); falls -1 and -3: T- = 2 + 7.5 = 9.5.
    # Sets of ranks summing to 9.5 or less: none (1); one (9); two: 2+2 (3), 2+5 (9), 2+7.5 (6); three: 2+2+2 (1),
    # 2+2+5 (9). 38 of the 512 sign patterns, so p = 2 x 38 / 512.
    d = np.array([2, 1, 1, -1, 2, 2, 3, 4, -3])
    r = training.wilcoxon_summary(np.zeros(d.size), d)
    assert r["t_minus"] == 9.5
    assert r["p_value"] == pytest.approx(2 * 38 / 512)


def test_exact_p_is_scipy_s_where_scipy_gives_the_same_answer():
    # with ties, scipy's exact permutation distribution (slow: seconds at 13 pairs, hence the enumeration)
    d = np.array([2, 1, 1, -1, 2, 2, 3, 4, -3])
    theirs = stats.wilcoxon(d, zero_method="wilcox", method=stats.PermutationMethod(n_resamples=2**d.size)).pvalue
    assert training.wilcoxon_summary(np.zeros(d.size), d)["p_value"] == pytest.approx(theirs)
    # without ties scipy's "exact" method is used. T- = 1 + 3 = 4 of ranks 1..8; sets of 1..8 summing to 4 or
    # less: {}, 1, 2, 3, 4, 1+2, 1+3, so P(T- <= 4) = 7 / 256 and p = 2 x 7 / 256
    d = np.array([-1, 2, -3, 4, 5, 6, 7, 8])
    r = training.wilcoxon_summary(np.zeros(d.size), d)
    assert r["t_minus"] == 4 and r["p_value"] == pytest.approx(2 * 7 / 256)
    assert r["p_value"] == stats.wilcoxon(d, method="exact").pvalue


def test_wilcoxon_normal_approximation_by_hand():
    # 10 rises of 1, 4 falls of 1, 3 unchanged: 14 tied non-zero differences, all rank 7.5
    before = np.full(17, 5.0)
    after = before + np.array([1] * 10 + [-1] * 4 + [0] * 3)
    r = training.wilcoxon_summary(before, after)
    assert (r["t_plus"], r["t_minus"]) == (75, 30)
    var = 14 * 15 * 29 / 24 - (14**3 - 14) / 48  # tie correction
    z = (30 - 14 * 15 / 4) / np.sqrt(var)
    assert r["p_value"] == pytest.approx(2 * stats.norm.cdf(z))
    assert r["p_value"] == pytest.approx(0.10881, abs=1e-5)
    assert r["effect_size"] == pytest.approx(45 / 105)
    assert r["unchanged"] == 3 and "normal approximation" in r["test"]


def test_too_few_pairs_gives_a_note_not_a_test():
    r = training.wilcoxon_summary([5, 5, 5, 5, 5, 5], [6, 7, 6, 8, 6, 5])  # 5 changed, 1 unchanged
    assert np.isnan(r["p_value"]) and np.isnan(r["effect_size"]) and r["test"] == ""
    assert "too few pairs" in r["note"] and "5 of 6" in r["note"]
    assert training.wilcoxon_summary([], [])["pairs"] == 0


def test_confidence_by_theme(data):
    cc = training.confidence_change(data, "2024-25", by="theme")
    assert list(cc["group"]) == ["domestic_abuse", "neglect"]
    assert list(cc["label"]) == ["Domestic abuse", "Neglect"]
    assert list(cc["pairs"]) == [5, 5]
    assert cc["note"].str.contains("too few").all()
    with pytest.raises(ValueError, match="by must be"):
        training.confidence_change(data, "2024-25", by="colour")


def test_a_year_with_no_matched_ratings_gives_an_empty_table(data):
    before_only = dataclasses.replace(data, evaluations=data.evaluations[data.evaluations["stage"].ne("after")])
    by_theme = training.confidence_change(before_only, "2024-25", by="theme")
    assert by_theme.empty and {"group", "label", "pairs", "median_before", "median_after"} <= set(by_theme.columns)
    assert training.confidence_change(before_only, "2024-25")["pairs"].tolist() == [0]
