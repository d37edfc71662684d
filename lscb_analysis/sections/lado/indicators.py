"""LADO indicators: one function per indicator; each returns indicator-table rows for one year.

Definitions and sources are in ``core/definitions.py`` (section "allegations against adults"). Sources:
Working Together to Safeguard Children 2023, chapter 2; Keeping Children Safe in Education (KCSIE) 2024,
part 4 (timescales and outcome definitions).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core.periods import ReportingYear, as_years, working_days
from lscb_analysis.core.rates import pct_change
from lscb_analysis.sections.lado.load import CATEGORIES, OUTCOMES, SECTORS, SOURCES, LADOData

__all__ = ["indicators", "lado_referrals", "lado_referrals_change", "lado_outcomes",
           "lado_initial_consideration_within_1_working_day", "lado_resolved_within", "lado_repeat_referrals",
           "RESOLUTION_MONTHS"]

SOURCE = "local extract (LADO)"
# KCSIE part 4: "80 per cent of cases should be resolved within one month, 90 per cent within three months,
# and all but the most exceptional cases should be completed within 12 months"
RESOLUTION_MONTHS = {1: "lado_resolved_within_1_month", 3: "lado_resolved_within_3_months",
                     12: "lado_resolved_within_12_months"}



def lado_referrals(data: LADOData, year: ReportingYear) -> list[dict]:
    """Referrals to the LADO received in the year (``referral_date`` from 1 April to 31 March), in all and by
    source, category of harm and the employer's sector; each breakdown also as a percentage of all referrals.
    Numerator: referrals in the year (with the breakdown's value). Denominator (percentages): all referrals in
    the year. Source: LADO referral log; categories and timescales from KCSIE part 4."""
    refs = data.referrals[year.contains(data.referrals["referral_date"])]
    total = len(refs)
    rows = [ind.count_row(data.area, year.label, "lado_referrals", total, source=SOURCE)]
    for column, codes in (("source", SOURCES), ("category", CATEGORIES), ("employer_sector", SECTORS)):
        rows += ind.breakdown_rows(data.area, year.label, "lado_referrals", refs[column], codes, column, source=SOURCE)
    return rows


def lado_referrals_change(data: LADOData, year: ReportingYear) -> list[dict]:
    """Percentage change in referrals on the previous year: (this year - last year) / last year x 100;
    numerator this year's referrals, denominator last year's. None where last year had none or the log does
    not reach back to last year."""
    dates = data.referrals["referral_date"]
    last = year.previous()
    if dates.empty or dates.min() > last.end:
        return []
    this_n = int(year.contains(dates).sum())
    last_n = int(last.contains(dates).sum())
    return [ind.value_row(data.area, year.label, "lado_referrals_change", pct_change(this_n, last_n), "percent",
                          numerator=this_n, denominator=last_n, source=SOURCE)]


def _concluded(data: LADOData, year: ReportingYear) -> pd.DataFrame:
    refs = data.referrals
    return refs[year.contains(refs["concluded_date"])]


def lado_outcomes(data: LADOData, year: ReportingYear) -> list[dict]:
    """Allegations concluded in the year (``concluded_date`` in the year) by outcome (KCSIE part 4:
    substantiated, unsubstantiated, unfounded, false, malicious): counts, and each as a percentage of all
    concluded in the year."""
    done = _concluded(data, year)
    return [ind.count_row(data.area, year.label, "lado_outcomes", len(done), source=SOURCE),
            *ind.breakdown_rows(data.area, year.label, "lado_outcomes", done["outcome"], OUTCOMES, "outcome",
                                source=SOURCE)]


def lado_initial_consideration_within_1_working_day(data: LADOData, year: ReportingYear) -> list[dict]:
    """Referrals in the year whose initial consideration by the LADO was on the day of referral or the next
    working day (``working_days(referral_date, initial_consideration_date) <= 1``; weekends and bank holidays
    do not count), as a percentage of referrals in the year with an initial consideration date."""
    refs = data.referrals[year.contains(data.referrals["referral_date"])]
    considered = refs[refs["initial_consideration_date"].notna()]
    days = working_days(considered["referral_date"], considered["initial_consideration_date"])
    within = int((np.asarray(days) <= 1).sum())
    return [ind.proportion_row(data.area, year.label, "lado_initial_consideration_within_1_working_day",
                               within, len(considered), source=SOURCE)]


def lado_resolved_within(data: LADOData, year: ReportingYear) -> list[dict]:
    """Allegations concluded in the year that were resolved within one, three and twelve calendar months of
    the referral (``concluded_date <= referral_date + n months``), each as a percentage of all concluded in
    the year, to set beside KCSIE's expectations (80%, 90%, all but the most exceptional)."""
    done = _concluded(data, year)
    rows = []
    for months, name in RESOLUTION_MONTHS.items():
        limit = done["referral_date"] + pd.DateOffset(months=months)
        within = int((done["concluded_date"] <= limit).sum())
        rows.append(ind.proportion_row(data.area, year.label, name, within, len(done), source=SOURCE))
    return rows


def lado_repeat_referrals(data: LADOData, year: ReportingYear) -> list[dict]:
    """Referrals in the year about a person who had been referred to the LADO in the 12 months before (the
    earlier referral on or after the same date a year before, and before this one), as a count and as a
    percentage of referrals in the year."""
    refs = data.referrals
    in_year = refs[year.contains(refs["referral_date"])]
    earlier = refs[["person_id", "referral_date"]].rename(columns={"referral_date": "earlier_date"})
    pairs = in_year.reset_index().merge(earlier, on="person_id")
    window = (pairs["earlier_date"] < pairs["referral_date"]) & \
             (pairs["earlier_date"] >= pairs["referral_date"] - pd.DateOffset(years=1))
    repeats = pairs.loc[window, "index"].nunique()
    return [ind.count_row(data.area, year.label, "lado_repeat_referrals", repeats, source=SOURCE),
            ind.proportion_row(data.area, year.label, "lado_repeat_referrals", repeats, len(in_year),
                               source=SOURCE)]


_MEASURES = (lado_referrals, lado_referrals_change, lado_outcomes, lado_initial_consideration_within_1_working_day,
             lado_resolved_within, lado_repeat_referrals)


def indicators(data: LADOData, years: str | ReportingYear | Iterable) -> pd.DataFrame:
    """Every LADO indicator for each of ``years`` (a year or a list of years), as one indicator table."""
    rows = [row for year in _years(years) for measure in _MEASURES for row in measure(data, year)]
    return ind.table(rows)


def _years(years) -> list[ReportingYear]:
    if isinstance(years, (str, int, ReportingYear)):
        return [ReportingYear(years)]
    return as_years(years)
