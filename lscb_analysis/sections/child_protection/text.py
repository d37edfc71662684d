"""The plain sentences a board member reads in the child protection section, from indicator tables."""

from __future__ import annotations

import pandas as pd

from lscb_analysis.core import definitions
from lscb_analysis.core import indicators as ind
from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.sections.child_protection.codes import PER_10K
from lscb_analysis.sections.child_protection.tables import latest_period

__all__ = ["headlines", "sentence"]


def sentence(indicator: str) -> str:
    """An indicator's title as it reads inside a sentence ('referrals to children's social care')."""
    title = definitions.lookup(indicator).title
    return title[:1].lower() + title[1:]


def headlines(table: pd.DataFrame, comparators: pd.DataFrame | None, year) -> list[str]:
    """A few plain-English sentences for board members, generated from the figures: the change in the
    referral and plan rates since last year, and how this year's rates and repeat-plan percentage
    compare with England (significance judged by the 95% interval)."""
    from lscb_analysis.report import display as report

    y = ReportingYear(year)
    area = table["area"].iat[0]
    pick = ind.Cells(table)
    out = []
    for i in ("referrals", "cp_plans_at_31_march"):
        new, old = pick(area, y.label, i, "all", PER_10K), pick(area, y.previous().label, i, "all", PER_10K)
        if new is not None and old is not None:
            out.append(report.describe_change(f"The rate of {sentence(i)} per 10,000 children", new["value"],
                                              old["value"], unit=PER_10K, new_label=f"in {y.label}",
                                              old_label=f"in {y.previous().label}"))
    if comparators is not None and not comparators.empty:
        p = latest_period(comparators, "England", y)
        pick_england = ind.Cells(comparators)
        for i, unit in (("referrals", PER_10K), ("cp_plans_at_31_march", PER_10K),
                        ("cp_plans_second_or_subsequent", "percent")):
            mine, eng = pick(area, y.label, i, "all", unit), pick_england("England", p, i, "all", unit) if p else None
            if mine is not None and eng is not None:
                what = f"the rate of {sentence(i)}" if unit == PER_10K else f"the percentage of {sentence(i)}"
                out.append(report.describe_comparison(f"In {y.label}, {what} in {area}", mine["value"],
                                                      mine["lower"], mine["upper"], eng["value"],
                                                      f"England in {p}", unit=unit))
    return out



def factors_note(name: str, year) -> str:
    """Why factors identified at assessment are not shown for ``name`` in ``year``: the years the bundled
    DfE factors file (table C3) covers, read from the file itself."""
    from lscb_analysis.inputs import dfe

    eng = dfe.england()
    held = sorted(set(eng.loc[eng["indicator"].eq("assessment_factors") & eng["value"].notna(), "period"]))
    span = f"the bundled DfE file covers {held[0]} to {held[-1]}" if held else "the bundled DfE files hold none"
    return f"Factors identified at assessment are not available for {name} in {ReportingYear(year).label} ({span})."
