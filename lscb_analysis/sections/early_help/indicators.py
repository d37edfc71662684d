"""Early help indicators: one function per indicator, rows for one reporting year.

Source: the council's early help records (Ofsted Annex A list 2 holds the assessment dates, and is used where
the area has no early help episodes); Working Together to Safeguard Children 2023, chapter 1.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core.periods import ReportingYear, as_years
from lscb_analysis.sections.early_help.load import CLOSURE_REASONS, EarlyHelpData

__all__ = ["indicators", "early_help_episodes_started", "early_help_assessments_started",
           "early_help_assessments_completed",
           "early_help_open_at_31_march", "early_help_closures", "early_help_step_downs",
           "early_help_rereferrals_within_12_months"]

SOURCE = "local extract (early help)"
SOURCE_ANNEX_A = "Ofsted Annex A list 2 (early help)"


def _source(data: EarlyHelpData) -> str:
    return SOURCE_ANNEX_A if data.source == "annex_a" else SOURCE



def early_help_episodes_started(data: EarlyHelpData, year: ReportingYear) -> list[dict]:
    """Early help episodes that started in the year (``start_date`` from 1 April to 31 March)."""
    e = data.episodes
    return [ind.count_row(data.area, year.label, "early_help_episodes_started", int(year.contains(e["start_date"]).sum()),
                          source=_source(data))]


def early_help_assessments_started(data: EarlyHelpData, year: ReportingYear) -> list[dict]:
    """Early help assessments started in the year (``assessment_start_date`` from 1 April to 31 March; Annex A
    list 2 "Assessment start date")."""
    n = int(year.contains(data.episodes["assessment_start_date"]).sum())
    return [ind.count_row(data.area, year.label, "early_help_assessments_started", n, source=_source(data))]


def early_help_assessments_completed(data: EarlyHelpData, year: ReportingYear) -> list[dict]:
    """Early help assessments completed in the year (``assessment_completed_date``)."""
    n = int(year.contains(data.episodes["assessment_completed_date"]).sum())
    return [ind.count_row(data.area, year.label, "early_help_assessments_completed", n, source=_source(data))]


def early_help_open_at_31_march(data: EarlyHelpData, year: ReportingYear) -> list[dict]:
    """Episodes open at the end of 31 March: started on or before it and not ended on or before it."""
    e = data.episodes
    open_ = (e["start_date"] <= year.end) & ~(e["end_date"] <= year.end)
    return [ind.count_row(data.area, year.label, "early_help_open_at_31_march", int(open_.sum()), source=SOURCE)]


def early_help_closures(data: EarlyHelpData, year: ReportingYear) -> list[dict]:
    """Episodes that ended in the year by reason (needs met, stepped up to children's social care, disengaged,
    moved away, other), as counts and percentages of episodes ending in the year. Stepped up is the step-up
    measure."""
    closed = data.episodes[year.contains(data.episodes["end_date"])]
    return [ind.count_row(data.area, year.label, "early_help_closures", len(closed), source=SOURCE),
            *ind.breakdown_rows(data.area, year.label, "early_help_closures", closed["closure_reason"],
                                CLOSURE_REASONS, "reason", source=SOURCE)]


def early_help_step_downs(data: EarlyHelpData, year: ReportingYear) -> list[dict]:
    """Episodes starting in the year that were stepped down from children's social care (``stepped_down``), as a
    count and a percentage of episodes starting in the year."""
    started = data.episodes[year.contains(data.episodes["start_date"])]
    n = int(started["stepped_down"].sum())
    return [ind.count_row(data.area, year.label, "early_help_step_downs", n, source=SOURCE),
            ind.proportion_row(data.area, year.label, "early_help_step_downs", n, len(started), source=SOURCE)]


def early_help_rereferrals_within_12_months(data: EarlyHelpData, year: ReportingYear) -> list[dict]:
    """Episodes starting in the year for a child whose earlier early help episode ended in the 12 months before
    the new start (on or after the same date a year earlier), as a count and a percentage of episodes starting
    in the year."""
    e = data.episodes
    started = e[year.contains(e["start_date"])].reset_index()
    ended = e.loc[e["end_date"].notna(), ["child_id", "end_date"]]
    pairs = started.merge(ended.rename(columns={"end_date": "earlier_end"}), on="child_id")
    window = (pairs["earlier_end"] <= pairs["start_date"]) & \
             (pairs["earlier_end"] >= pairs["start_date"] - pd.DateOffset(years=1))
    n = pairs.loc[window, "index"].nunique()
    return [ind.count_row(data.area, year.label, "early_help_rereferrals_within_12_months", n, source=SOURCE),
            ind.proportion_row(data.area, year.label, "early_help_rereferrals_within_12_months", n, len(started),
                               source=SOURCE)]


_MEASURES = (early_help_episodes_started, early_help_assessments_started, early_help_assessments_completed,
             early_help_open_at_31_march, early_help_closures, early_help_step_downs,
             early_help_rereferrals_within_12_months)


def indicators(data: EarlyHelpData, years: str | ReportingYear | Iterable) -> pd.DataFrame:
    """Every early help indicator the data carry (``data.not_carried`` are left out: Annex A list 2 gives
    assessments only) for each of ``years``, as one indicator table."""
    years = [ReportingYear(years)] if isinstance(years, (str, int, ReportingYear)) else as_years(years)
    measures = [m for m in _MEASURES if m.__name__ not in data.not_carried]
    return ind.table([row for year in years for measure in measures for row in measure(data, year)])
