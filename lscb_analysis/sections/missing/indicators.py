"""Missing children indicators: one function per indicator, rows for one reporting year.

An episode belongs to the year in which the child went missing (``missing_start``); return interviews to the
year in which the child returned (``missing_end``). Source: the council's missing episodes; the 72-hour
standard from the DfE statutory guidance on children who run away or go missing from home or care (2014).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core.periods import ReportingYear, as_years
from lscb_analysis.sections.missing.load import MissingData

__all__ = ["indicators", "children_missing", "missing_episodes", "children_missing_3_or_more",
           "return_interviews_offered", "return_interviews_within_72_hours", "AGE_BANDS", "age_band"]

SOURCE = "local extract (missing episodes)"
AGE_BANDS = ("0-9", "10-13", "14-15", "16-17")
WHERE = {"home": False, "care": True}


def age_band(age: pd.Series) -> pd.Series:
    """Age at the start of the episode in the bands of the page: 0-9, 10-13, 14-15, 16-17."""
    return pd.cut(age, [-1, 9, 13, 15, 17], labels=list(AGE_BANDS)).astype(str)


def _started(data: MissingData, year: ReportingYear) -> pd.DataFrame:
    start = data.episodes["missing_start"]
    return data.episodes[(start >= year.start) & (start < year.end + pd.Timedelta(days=1))]


def _returned(data: MissingData, year: ReportingYear) -> pd.DataFrame:
    end = data.episodes["missing_end"]
    return data.episodes[(end >= year.start) & (end < year.end + pd.Timedelta(days=1))]


def children_missing(data: MissingData, year: ReportingYear) -> list[dict]:
    """Children who went missing at least once in the year: distinct children with an episode starting in the
    year, in all, missing from home and from care (a child missing from both counts in each), by age at their
    first episode of the year and by sex."""
    eps = _started(data, year)
    rows = [ind.count_row(data.area, year.label, "children_missing", eps["child_id"].nunique(), source=SOURCE)]
    for where, flag in WHERE.items():
        n = eps.loc[eps["looked_after"].eq(flag), "child_id"].nunique()
        rows.append(ind.count_row(data.area, year.label, "children_missing", n, breakdown=f"from:{where}",
                                  source=SOURCE))
    first = eps.drop_duplicates("child_id")
    bands = age_band(first["age"]).value_counts()
    rows += [ind.count_row(data.area, year.label, "children_missing", int(bands.get(b, 0)), breakdown=f"age:{b}",
                           source=SOURCE) for b in AGE_BANDS]
    sexes = first["sex"].value_counts()
    rows += [ind.count_row(data.area, year.label, "children_missing", int(sexes.get(s, 0)), breakdown=f"sex:{s}",
                           source=SOURCE) for s in ("female", "male", "unknown")]
    return rows


def missing_episodes(data: MissingData, year: ReportingYear) -> list[dict]:
    """Episodes of going missing that started in the year, in all and from home and from care."""
    eps = _started(data, year)
    rows = [ind.count_row(data.area, year.label, "missing_episodes", len(eps), source=SOURCE)]
    rows += [ind.count_row(data.area, year.label, "missing_episodes", int(eps["looked_after"].eq(flag).sum()),
                           breakdown=f"from:{where}", source=SOURCE) for where, flag in WHERE.items()]
    return rows


def children_missing_3_or_more(data: MissingData, year: ReportingYear) -> list[dict]:
    """Children with three or more episodes starting in the year, as a count and a percentage of children
    missing in the year."""
    eps = _started(data, year)
    per_child = eps.groupby("child_id").size()
    n = int((per_child >= 3).sum())
    return [ind.count_row(data.area, year.label, "children_missing_3_or_more", n, source=SOURCE),
            ind.proportion_row(data.area, year.label, "children_missing_3_or_more", n, len(per_child),
                               source=SOURCE)]


def return_interviews_offered(data: MissingData, year: ReportingYear) -> list[dict]:
    """Episodes ending in the year where the child was offered a return interview, as a percentage of episodes
    ending in the year; and of those offered, the percentage accepted."""
    back = _returned(data, year)
    offered = back["rhi_offered"].eq("yes")
    accepted = offered & back["rhi_accepted"].eq("yes")
    return [ind.proportion_row(data.area, year.label, "return_interviews_offered", int(offered.sum()), len(back),
                               source=SOURCE),
            ind.proportion_row(data.area, year.label, "return_interviews_accepted", int(accepted.sum()),
                               int(offered.sum()), source=SOURCE)]


def return_interviews_within_72_hours(data: MissingData, year: ReportingYear) -> list[dict]:
    """Episodes ending in the year whose return interview took place within 72 hours of the child's return
    (``rhi_date - missing_end <= 72 hours``), as a percentage of episodes ending in the year with a return
    interview."""
    back = _returned(data, year)
    held = back[back["rhi_date"].notna()]
    within = (held["rhi_date"] - held["missing_end"]) <= pd.Timedelta(hours=72)
    return [ind.proportion_row(data.area, year.label, "return_interviews_within_72_hours", int(within.sum()),
                               len(held), source=SOURCE)]


_MEASURES = (children_missing, missing_episodes, children_missing_3_or_more, return_interviews_offered,
             return_interviews_within_72_hours)


def indicators(data: MissingData, years: str | ReportingYear | Iterable) -> pd.DataFrame:
    """Every missing children indicator for each of ``years``, as one indicator table."""
    years = [ReportingYear(years)] if isinstance(years, (str, int, ReportingYear)) else as_years(years)
    return ind.table([row for year in years for measure in _MEASURES for row in measure(data, year)])


