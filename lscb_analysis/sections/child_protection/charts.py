"""The board's child protection charts, built only from indicator tables, in the house style
(:mod:`lscb_analysis.report.plots`): trends against England, the region and statistical neighbours, and
funnel plots placing the area among all English authorities. Titles come from
:mod:`lscb_analysis.core.definitions`; the y axis names the unit only (the title names the measure), so a
long title never stretches the chart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lscb_analysis.core import definitions
from lscb_analysis.core import indicators as ind
from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.core.rates import funnel_limits_proportion
from lscb_analysis.sections.child_protection.codes import PER_10K
from lscb_analysis.sections.child_protection.tables import latest_period
from lscb_analysis.sections.child_protection.text import sentence

__all__ = ["trend_data", "funnel_data", "trend_chart", "funnel_chart", "AXIS_LABELS"]

AXIS_LABELS = {PER_10K: "Per 10,000 children", "percent": "Per cent", "count": "Number"}


def funnel_data(indicator: str, year, *, local: pd.DataFrame | None = None,
                highlight: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """Every English local authority's published percentage for ``indicator`` in ``year`` (default
    re-referrals or repeat plans), with funnel-plot limits around the England value (exact binomial,
    Spiegelhalter). ``local`` (an indicator table) adds the area's own point. Returns
    (points: area, numerator, denominator, value; limits; England value)."""
    from lscb_analysis.inputs import dfe

    y = ReportingYear(year)
    allt = dfe.local_authorities(y)
    pts = allt[allt["indicator"].eq(indicator) & allt["unit"].eq("percent") & allt["breakdown"].eq("all")
               & allt["value"].notna() & allt["denominator"].gt(0)]
    pts = pts[["area", "numerator", "denominator", "value"]]
    if local is not None:
        mine = local[local["indicator"].eq(indicator) & local["unit"].eq("percent") & local["breakdown"].eq("all")
                     & local["period"].eq(y.label) & local["value"].notna()]
        pts = pd.concat([pts[~pts["area"].isin(mine["area"])], mine[["area", "numerator", "denominator", "value"]]],
                        ignore_index=True)
    eng = dfe.england(y)
    e = eng[eng["indicator"].eq(indicator) & eng["unit"].eq("percent") & eng["breakdown"].eq("all")]
    target = float(e["value"].iat[0]) if len(e) and e["value"].notna().iat[0] else float(
        pts["numerator"].sum() / pts["denominator"].sum() * 100)
    lo, hi = max(5.0, float(pts["denominator"].min()) * 0.9), float(pts["denominator"].max()) * 1.1
    grid = np.unique(np.round(np.geomspace(lo, hi, 200)))
    limits = funnel_limits_proportion(target, grid)
    return pts.reset_index(drop=True), limits, target


def trend_data(local: pd.DataFrame, comparators: pd.DataFrame | None, indicator: str, unit: str,
               years, breakdown: str = "all") -> pd.DataFrame:
    """Rows (area, period, value, lower, upper) for a trend chart of one indicator over ``years``."""
    labels = {ReportingYear(v).label for v in years}
    both = ind.concat([local, comparators]) if comparators is not None else local
    t = both[both["indicator"].eq(indicator) & both["unit"].eq(unit) & both["breakdown"].eq(breakdown)
             & both["period"].isin(labels)]
    return t[["area", "period", "value", "lower", "upper"]].sort_values(["area", "period"]).reset_index(drop=True)



def _direction(value: float, other: float) -> str:
    if pd.isna(value) or pd.isna(other):
        return "compared with"
    return "above" if value > other else ("below" if value < other else "the same as")


def trend_chart(sec, indicator: str, unit: str = PER_10K):
    """A trend chart of one indicator for the area, England, its region and statistical neighbours,
    titled with how the area compares with England this year."""
    from lscb_analysis.report import plots
    from lscb_analysis.report.display import format_value

    t = trend_data(sec.table, sec.comparators, indicator, unit, sec.years)
    t = t[t["value"].notna()]
    mine = t[t["area"].eq(sec.name) & t["period"].eq(sec.year.label)]["value"]
    eng = t[t["area"].eq("England")].sort_values("period")["value"]
    v, e = (mine.iat[0] if len(mine) else np.nan), (eng.iat[-1] if len(eng) else np.nan)
    name = definitions.lookup(indicator).title
    what = name + (" per 10,000 children" if unit == PER_10K else " (%)")
    title = f"{name}: {sec.name} {_direction(v, e)} England in {sec.year.label}"
    alt = (f"Line chart of {what[:1].lower() + what[1:]} from {sec.years[0].label} to {sec.year.label} for {sec.label}, "
           f"England, its region and statistical neighbours. {sec.name} {sec.year.label}: "
           f"{format_value(v, unit)}; England latest: {format_value(e, unit)}.")
    return plots.trend(t, x="period", y="value", series="area", title=title, alt=alt, ylabel=AXIS_LABELS.get(unit, unit),
                       highlight=sec.name, lower="lower", upper="upper")




def funnel_chart(sec, indicator: str):
    """A funnel plot placing the area among all English authorities (published figures for the latest year
    up to this one; the area's own figure where it has local data), titled with where it falls."""
    from lscb_analysis.report import plots
    from lscb_analysis.report.display import format_value

    p = latest_period(sec.comparators, "England", sec.year, [indicator]) or sec.year.label
    local = sec.table if sec.mode == "local" else None
    pts, limits, target = funnel_data(indicator, p if sec.mode == "published" else p, local=local)
    if sec.mode == "local":
        pts.loc[pts["area"].eq(sec.name), "area"] = sec.name
    me = pts[pts["area"].eq(sec.name)]
    verdict = "not placed"
    if len(me):
        n, val = me["denominator"].iat[0], me["value"].iat[0]
        lim = funnel_limits_proportion(target, [n])
        verdict = ("above the expected range" if val > lim["upper_99.8"].iat[0] else
                   "below the expected range" if val < lim["lower_99.8"].iat[0] else "within the expected range")
    title = f"{definitions.lookup(indicator).title}: {sec.name} is {verdict}"
    alt = (f"Funnel plot of {sentence(indicator)} (%) against the number of cases for {len(pts)} English "
           f"authorities in {p}, with England at {format_value(target, 'percent')}% and 95% and 99.8% limits; "
           f"{sec.name} is {verdict}.")
    return plots.funnel(pts, limits, x="denominator", y="value", label="area", target=target, title=title, alt=alt,
                        xlabel="Number of cases (denominator)", ylabel="Per cent", highlight=sec.name)
