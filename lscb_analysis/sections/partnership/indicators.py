"""Indicators of the partnership's own business: one function per indicator, rows for one reporting year.

Money is summed in whole pence, so totals and shares are exact to the penny; shares are of the year's total
(no confidence limits: they are not estimates). Sources: the partnership's own records; Working Together to
Safeguard Children 2023, chapter 2 (funding, scrutiny); Children Act 2004, section 11.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core.periods import ReportingYear, as_years
from lscb_analysis.sections.partnership.load import GRADES, RATINGS, PartnershipData

__all__ = ["indicators", "partner_contributions", "partner_contribution_share", "partnership_spend",
           "multi_agency_audits", "audit_grades", "section11_standards_met", "board_attendance"]

SOURCE = "local extract (partnership records)"


def _pounds(pence: int) -> float:
    return pence / 100


def partner_contributions(data: PartnershipData, year: ReportingYear) -> list[dict]:
    """Each partner's contribution to the shared budget for the year, in pounds, and the total (the sum of
    the contributions, to the penny)."""
    money = data.contributions[data.contributions["year"].eq(year.label)]
    return _money_rows(data.area, year, "partner_contributions", money["partner"], money["pence"], "partner")


def _money_rows(area: str, year: ReportingYear, indicator: str, parts: pd.Series, pence: pd.Series,
                dimension: str) -> list[dict]:
    """The total in pounds (summed in whole pence, so exact to the penny), then each part (breakdown
    ``<dimension>:<part>``); none when there are no parts."""
    if pence.empty:
        return []
    total = int(pence.sum())
    rows = [ind.value_row(area, year.label, indicator, _pounds(total), "GBP", numerator=_pounds(total), source=SOURCE)]
    rows += [ind.value_row(area, year.label, indicator, _pounds(int(p)), "GBP", breakdown=f"{dimension}:{part}",
                           numerator=_pounds(int(p)), source=SOURCE) for part, p in zip(parts, pence)]
    return rows


def partner_contribution_share(data: PartnershipData, year: ReportingYear) -> list[dict]:
    """Each partner's share of the year's contributions: contribution / total x 100 (no limits)."""
    money = data.contributions[data.contributions["year"].eq(year.label)]
    total = int(money["pence"].sum())
    if money.empty or total == 0:
        return []
    return [ind.value_row(data.area, year.label, "partner_contribution_share", int(p) / total * 100, "percent",
                          breakdown=f"partner:{partner}", numerator=_pounds(int(p)), denominator=_pounds(total),
                          source=SOURCE)
            for partner, p in zip(money["partner"], money["pence"])]


def partnership_spend(data: PartnershipData, year: ReportingYear) -> list[dict]:
    """Spend in the year by heading, in pounds, and the total."""
    spend = data.spend[data.spend["year"].eq(year.label)]
    return _money_rows(data.area, year, "partnership_spend", spend["heading"], spend["pence"], "heading")


def _audited(data: PartnershipData, year: ReportingYear) -> pd.DataFrame:
    dates = data.audits["completed_date"]
    return data.audits[(dates >= year.start) & (dates <= year.end)]


def multi_agency_audits(data: PartnershipData, year: ReportingYear) -> list[dict]:
    """Multi-agency audits completed in the year (distinct ``audit_id`` with a case completed in the year),
    and the children's cases they audited (rows)."""
    cases = _audited(data, year)
    return [ind.count_row(data.area, year.label, "multi_agency_audits", cases["audit_id"].nunique(), source=SOURCE),
            ind.count_row(data.area, year.label, "cases_audited", len(cases), source=SOURCE)]


def audit_grades(data: PartnershipData, year: ReportingYear) -> list[dict]:
    """Cases audited in the year by the grade the audit gave the multi-agency practice (outstanding, good,
    requires improvement, inadequate), as counts and percentages of cases audited, overall and by theme."""
    cases = _audited(data, year)
    rows = []
    for theme, part in [("all", cases), *((t, cases[cases["theme"].eq(t)]) for t in sorted(cases["theme"].unique()))]:
        prefix = "" if theme == "all" else f"theme:{theme};"
        for grade in GRADES:
            n = int(part["grade"].eq(grade).sum())
            rows.append(ind.count_row(data.area, year.label, "audit_grades", n, breakdown=f"{prefix}grade:{grade}",
                                      source=SOURCE))
            rows.append(ind.proportion_row(data.area, year.label, "audit_grades", n, len(part),
                                           breakdown=f"{prefix}grade:{grade}", source=SOURCE))
    return rows


def _latest_assessments(data: PartnershipData, year: ReportingYear) -> pd.DataFrame:
    s11 = data.section11[data.section11["assessment_date"] <= year.end]
    if s11.empty:
        return s11
    latest = s11.groupby("partner")["assessment_date"].transform("max")
    return s11[s11["assessment_date"].eq(latest)]


def section11_standards_met(data: PartnershipData, year: ReportingYear) -> list[dict]:
    """Section 11 standards each partner rated as met in its latest self-assessment on or before 31 March, as
    a percentage of the standards it assessed; for all partners together, and the count of standards by rating.
    Counts of organisations' standards: not suppressed."""
    s11 = _latest_assessments(data, year)
    if s11.empty:
        return []
    rows = [ind.proportion_row(data.area, year.label, "section11_standards_met", int(s11["rating"].eq("met").sum()),
                               len(s11), source=SOURCE)]
    for partner, part in s11.groupby("partner", sort=True):
        rows.append(ind.proportion_row(data.area, year.label, "section11_standards_met",
                                       int(part["rating"].eq("met").sum()), len(part),
                                       breakdown=f"partner:{partner}", source=SOURCE))
    for rating in RATINGS:
        rows.append(ind.count_row(data.area, year.label, "section11_standards_met", int(s11["rating"].eq(rating).sum()),
                                  breakdown=f"rating:{rating}", source=SOURCE))
    return rows


def board_attendance(data: PartnershipData, year: ReportingYear) -> list[dict]:
    """Attendance at partnership board meetings held in the year: meetings attended / meetings held x 100,
    for each partner and for all partners together."""
    dates = data.attendance["meeting_date"]
    held = data.attendance[(dates >= year.start) & (dates <= year.end)]
    if held.empty:
        return []
    rows = [ind.proportion_row(data.area, year.label, "board_attendance", int(held["attended"].sum()), len(held),
                               source=SOURCE)]
    for partner, part in held.groupby("partner", sort=True):
        rows.append(ind.proportion_row(data.area, year.label, "board_attendance", int(part["attended"].sum()),
                                       len(part), breakdown=f"partner:{partner}", source=SOURCE))
    return rows


_MEASURES = (partner_contributions, partner_contribution_share, partnership_spend, multi_agency_audits,
             audit_grades, section11_standards_met, board_attendance)


def indicators(data: PartnershipData, years: str | ReportingYear | Iterable) -> pd.DataFrame:
    """Every partnership indicator for each of ``years``, as one indicator table."""
    years = [ReportingYear(years)] if isinstance(years, (str, int, ReportingYear)) else as_years(years)
    rows = [row for year in years for measure in _MEASURES for row in measure(data, year)]
    return ind.table(rows) if rows else ind.empty()


