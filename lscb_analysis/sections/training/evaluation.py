"""Kirkpatrick level 2 (learning): self-rated confidence before and after training, on matched pairs,
with the Wilcoxon signed-rank test (method in :data:`WILCOXON_METHOD`)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy import stats

from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.sections.training.codes import label
from lscb_analysis.sections.training.load import TrainingData

__all__ = ["MIN_NONZERO_PAIRS", "EXACT_MAX_PAIRS", "WILCOXON_METHOD", "confidence_pairs", "wilcoxon_summary",
           "confidence_change"]

# A Wilcoxon test is only run with at least this many non-zero before/after differences: with 5,
# even if every delegate improved, the exact two-sided p-value is 2/32 = 0.0625.
MIN_NONZERO_PAIRS = 6
# Exhaustive (exact) permutation p-values up to this many non-zero differences, normal otherwise.
EXACT_MAX_PAIRS = 13

WILCOXON_METHOD = (
    "Confidence is self-rated from 1 to 10 on the before-course and after-course forms. Only delegates "
    "who rated it on both forms for the same course (matched pairs) are compared; a before rating with "
    "no after rating is left out. The change is after minus before. The test is the Wilcoxon signed-rank "
    "test (scipy.stats.wilcoxon, two-sided) with zero_method=\"wilcox\": pairs whose rating did not change "
    "(zero differences) are dropped before ranking, as in Wilcoxon (1945) and R's wilcox.test; their number "
    "is shown as 'unchanged'. Tied absolute differences get their average rank. The p-value is exact, by "
    f"enumerating every assignment of signs, with up to {EXACT_MAX_PAIRS} non-zero differences, and from the "
    "normal approximation with its variance corrected for ties (no continuity correction) above that. The "
    "effect size is the matched-pairs rank-biserial correlation (Kerby 2014): r = (T+ - T-) / (T+ + T-), where "
    "T+ and T- are the sums of the ranks of the rises and the falls; it runs from -1 (every delegate less "
    "confident) through 0 to +1 (every delegate more confident). With fewer than "
    f"{MIN_NONZERO_PAIRS} non-zero differences no test is run: even if every delegate improved, the smallest "
    "possible p-value would be above 0.05. Confidence is self-reported, so this measures perceived learning, "
    "not tested knowledge."
)


_BY = {"course": "course_id", "theme": "theme", "sector": "sector", "mode": "mode"}


def confidence_pairs(data: TrainingData, year: str | ReportingYear) -> pd.DataFrame:
    """Matched pairs for courses starting in ``year``: one row per delegate and course with a confidence
    rating on both the before-course and the after-course form (columns course_id, title, theme, mode,
    sector, before, after, change = after - before). Delegate identifiers are not returned."""
    y = ReportingYear(year)
    courses = data.courses[data.courses["period"].eq(y.label)]
    att = data.attendance.merge(courses[["course_id"]], on="course_id", how="inner")
    ev = data.evaluations
    rated = ev[ev["course_id"].isin(courses["course_id"]) & ev["confidence"].notna()]
    before = rated.loc[rated["stage"].eq("before"), ["course_id", "delegate_id", "confidence"]]
    after = rated.loc[rated["stage"].eq("after"), ["course_id", "delegate_id", "confidence"]]
    pairs = before.merge(after, on=["course_id", "delegate_id"], suffixes=("_before", "_after"), how="inner")
    pairs = pairs.merge(att[["course_id", "delegate_id", "sector"]], on=["course_id", "delegate_id"], how="left")
    pairs = pairs.merge(courses[["course_id", "title", "theme", "mode"]], on="course_id", how="left")
    pairs = pairs.rename(columns={"confidence_before": "before", "confidence_after": "after"})
    pairs["change"] = pairs["after"] - pairs["before"]
    cols = ["course_id", "title", "theme", "mode", "sector", "before", "after", "change"]
    return pairs[cols].sort_values(["course_id", "before", "after"], kind="stable").reset_index(drop=True)


def _exact_p(ranks: np.ndarray, t_plus: float) -> float:
    """Two-sided exact p-value of the signed-rank statistic T+ by enumerating all 2^n sign assignments
    of the (average) ranks: 2 x the smaller tail probability, at most 1. The same answer as scipy's
    ``wilcoxon(..., method=PermutationMethod(n_resamples=2**n))`` (a test holds them together), in
    milliseconds where scipy takes seconds at 13 pairs."""
    n = ranks.size
    signs = (np.arange(2**n)[:, None] >> np.arange(n)) & 1
    dist = signs @ ranks
    tol = 1e-9
    lower = np.mean(dist <= t_plus + tol)
    upper = np.mean(dist >= t_plus - tol)
    return float(min(1.0, 2 * min(lower, upper)))


def wilcoxon_summary(before: Iterable[float], after: Iterable[float]) -> dict:
    """Matched-pairs summary of ratings before and after (see :data:`WILCOXON_METHOD`).

    Returns pairs, median_before, median_after, median_change (the median of the differences), improved,
    unchanged, worse, share_improved (percent of pairs), t_plus and t_minus (rank sums of rises and falls),
    statistic (scipy's two-sided statistic, min(T+, T-)), p_value, test (which p-value), zero_method,
    effect_size (matched-pairs rank-biserial correlation) and note (why there is no test, if there is none).
    """
    b = np.asarray(list(before), dtype="float64")
    a = np.asarray(list(after), dtype="float64")
    d = a - b
    n = int(d.size)
    improved, worse = int((d > 0).sum()), int((d < 0).sum())
    out = {
        "pairs": n,
        "median_before": float(np.median(b)) if n else np.nan,
        "median_after": float(np.median(a)) if n else np.nan,
        "median_change": float(np.median(d)) if n else np.nan,
        "improved": improved, "unchanged": n - improved - worse, "worse": worse,
        "share_improved": improved / n * 100 if n else np.nan,
        "t_plus": np.nan, "t_minus": np.nan, "statistic": np.nan, "p_value": np.nan,
        "test": "", "zero_method": "wilcox", "effect_size": np.nan, "note": "",
    }
    nonzero = d[d != 0]
    k = int(nonzero.size)
    if n == 0:
        out["note"] = "no delegate rated confidence on both the before-course and the after-course form"
        return out
    if k < MIN_NONZERO_PAIRS:
        out["note"] = (f"too few pairs for a test: {k} of {n} delegates' ratings changed; at least "
                       f"{MIN_NONZERO_PAIRS} are needed for a p-value below 0.05 to be possible")
        return out
    ranks = stats.rankdata(np.abs(nonzero))  # average ranks for ties
    t_plus, t_minus = float(ranks[nonzero > 0].sum()), float(ranks[nonzero < 0].sum())
    if k <= EXACT_MAX_PAIRS:
        test = "Wilcoxon signed-rank, exact (all sign assignments)"
        if np.unique(ranks).size == k:
            # no tied ranks: scipy's exact distribution is the enumeration's
            res = stats.wilcoxon(nonzero, zero_method="wilcox", method="exact")
            p = float(res.pvalue)
        else:
            # tied (average) ranks: scipy's "exact" method assumes none, and its permutation method (the same
            # answer, see the tests) takes seconds at 13 pairs; the 2^k sign assignments are enumerated here
            res = stats.wilcoxon(nonzero, zero_method="wilcox", method="asymptotic")  # for the statistic
            p = _exact_p(ranks, t_plus)
    else:
        res = stats.wilcoxon(nonzero, zero_method="wilcox", correction=False, method="asymptotic")
        p, test = float(res.pvalue), "Wilcoxon signed-rank, normal approximation (tie-corrected)"
    out.update(t_plus=t_plus, t_minus=t_minus, statistic=float(res.statistic), p_value=p, test=test,
               effect_size=(t_plus - t_minus) / (t_plus + t_minus))
    return out


def confidence_change(data: TrainingData, year: str | ReportingYear, by: str | None = None) -> pd.DataFrame:
    """Self-rated confidence before and after training, on matched pairs, overall or ``by`` "course",
    "theme", "sector" or "mode" (Kirkpatrick level 2; method in :data:`WILCOXON_METHOD`, also in
    ``result.attrs["method"]``).

    One row per group: group, label, pairs, median_before, median_after, median_change, improved, unchanged,
    worse, share_improved, t_plus, t_minus, statistic, p_value, test, zero_method ("wilcox": zero differences
    dropped), effect_size (matched-pairs rank-biserial correlation, (T+ - T-) / (T+ + T-)) and note (why no
    test was run where there are too few pairs). Without ``by`` there is one row, group "all".
    """
    if by is not None and by not in _BY:
        raise ValueError(f"by must be None or one of {', '.join(_BY)}, got {by!r}")
    pairs = confidence_pairs(data, year)
    if by is None:
        groups = [("all", "All courses", pairs)]
    else:
        col = _BY[by]
        labels = pairs.groupby(col)["title"].first() if by == "course" else None
        groups = [(g, (f"{g}: {labels[g]}" if by == "course" else label(by, g)), sub)
                  for g, sub in pairs.groupby(col, sort=True)]
    rows = [{"group": g, "label": lab, **wilcoxon_summary(sub["before"], sub["after"])} for g, lab, sub in groups]
    # no matched pairs in the year (``by`` given): no rows, but the columns, so that views and charts say so
    out = pd.DataFrame(rows) if rows else pd.DataFrame([{"group": "", "label": "", **wilcoxon_summary([], [])}]).iloc[:0]
    out.attrs["method"] = WILCOXON_METHOD
    out.attrs["by"] = by or "all"
    out.attrs["period"] = ReportingYear(year).label
    return out
