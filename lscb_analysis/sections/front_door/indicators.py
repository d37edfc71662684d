"""Front door indicators: one function per indicator, rows for one reporting year.

Sources: Ofsted Annex A list 1 (contacts, with the council's date of decision where its extract holds one);
DfE CIN census and Children in need statistics table C1 (referrals, no further action, assessed as not in need);
Working Together to Safeguard Children 2023 (a decision on the response within one working day). Referral measures are given only for years the CIN census covers
in full (as the child protection section does).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core.periods import ReportingYear, as_years, working_days
from lscb_analysis.sections.front_door.load import FrontDoorData

__all__ = ["indicators", "contacts_leading_to_referral", "repeat_contacts", "referrals_to_assessment",
           "assessed_not_in_need", "contacts_decided_within_1_working_day", "DECISION_WORKING_DAYS"]

SOURCE = "local extract"
NOT_IN_NEED = "RC8"  # CIN census reason for closure: case closed after assessment, no further action
DECISION_WORKING_DAYS = 1  # Working Together 2023: a decision on the type of response within one working day



def _contacts_cover(data: FrontDoorData, start: pd.Timestamp, end: pd.Timestamp) -> bool:
    """Whether the contacts run from ``start`` (or earlier) to within a month of ``end`` (as the child protection
    section requires before it counts contacts)."""
    dates = data.contacts["DateOfContact"].dropna()
    return not dates.empty and dates.min() <= start and dates.max() >= end - pd.Timedelta(days=31)


def contacts_leading_to_referral(data: FrontDoorData, year: ReportingYear) -> list[dict]:
    """Contacts in the year followed by a referral of the same child to children's social care on the day of
    the contact or later in the same reporting year, as a percentage of contacts in the year. Only for years
    the CIN census covers in full (the referrals must be there to be found)."""
    if year not in data.census_years or not _contacts_cover(data, year.start, year.end):
        return []
    contacts = data.contacts[year.contains(data.contacts["DateOfContact"])].reset_index()
    refs = data.referrals[year.contains(data.referrals["CINreferralDate"])][["LAchildID", "CINreferralDate"]]
    pairs = contacts.merge(refs, on="LAchildID")
    led = pairs.loc[pairs["CINreferralDate"] >= pairs["DateOfContact"], "index"].nunique()
    return [ind.proportion_row(data.area, year.label, "contacts_leading_to_referral", led, len(contacts),
                               source=SOURCE)]


def repeat_contacts(data: FrontDoorData, year: ReportingYear) -> list[dict]:
    """Contacts in the year about a child who had another contact in the 12 months before (on or after the
    same date a year earlier, and before this contact), as a count and a percentage of contacts in the year.
    Only where the contacts reach back a full year before the reporting year starts."""
    if not _contacts_cover(data, year.start - pd.DateOffset(years=1), year.end):
        return []
    contacts = data.contacts
    in_year = contacts[year.contains(contacts["DateOfContact"])].reset_index()
    earlier = contacts[["LAchildID", "DateOfContact"]].rename(columns={"DateOfContact": "earlier"})
    pairs = in_year.merge(earlier, on="LAchildID")
    window = (pairs["earlier"] < pairs["DateOfContact"]) & \
             (pairs["earlier"] >= pairs["DateOfContact"] - pd.DateOffset(years=1))
    repeats = pairs.loc[window, "index"].nunique()
    return [ind.count_row(data.area, year.label, "repeat_contacts", repeats, source=SOURCE),
            ind.proportion_row(data.area, year.label, "repeat_contacts", repeats, len(in_year), source=SOURCE)]


def referrals_to_assessment(data: FrontDoorData, year: ReportingYear) -> list[dict]:
    """Referrals in the year that did not end with no further action, so went on to an assessment, as a
    percentage of referrals in the year (DfE table C1: referrals less those with no further action)."""
    if year not in data.census_years:
        return []
    refs = data.referrals[year.contains(data.referrals["CINreferralDate"])]
    on = int((~refs["ReferralNFA"].astype(bool)).sum())
    return [ind.proportion_row(data.area, year.label, "referrals_to_assessment", on, len(refs), source=SOURCE)]


def assessed_not_in_need(data: FrontDoorData, year: ReportingYear) -> list[dict]:
    """Referrals in the year that went on to an assessment (not ``ReferralNFA``) whose episode of need was
    closed after it with the child found not to be in need (``ReasonForClosure`` RC8), as a percentage of
    referrals in the year (DfE table C1 ``not_in_need_count`` of ``referral_count``; referrals with no further
    action are DfE's ``no_further_action_count``, apart). Episodes still open at the census date are counted in
    later returns, as DfE's are."""
    if year not in data.census_years:
        return []
    refs = data.referrals[year.contains(data.referrals["CINreferralDate"])]
    closed = refs["ReasonForClosure"].fillna("").astype(str).str.upper().eq(NOT_IN_NEED) & \
        ~refs["ReferralNFA"].astype(bool)
    return [ind.proportion_row(data.area, year.label, "assessed_not_in_need", int(closed.sum()), len(refs),
                               source=SOURCE)]


def contacts_decided_within_1_working_day(data: FrontDoorData, year: ReportingYear) -> list[dict]:
    """Contacts in the year with a recorded decision (``DateOfDecision``) decided no more than one working day
    after the contact: the contact's date is day 0, the next working day (not a weekend or an England and Wales
    bank holiday: ``periods.working_days``) is day 1; a time of day is not used. As a count and a percentage of
    contacts in the year with a decision date. Source: Working Together to Safeguard Children 2023 (a decision on
    the type of response within one working day of a referral). No row where the year's contacts hold no decision
    date, or the contacts do not cover the year."""
    if "DateOfDecision" not in data.contacts.columns or not _contacts_cover(data, year.start, year.end):
        return []
    c = data.contacts
    decided = c[year.contains(c["DateOfContact"]) & c["DateOfDecision"].notna()]
    if decided.empty:
        return []
    days = working_days(decided["DateOfContact"], decided["DateOfDecision"])
    n = int((days <= DECISION_WORKING_DAYS).sum())
    name = "contacts_decided_within_1_working_day"
    return [ind.count_row(data.area, year.label, name, n, source=SOURCE),
            ind.proportion_row(data.area, year.label, name, n, len(decided), source=SOURCE)]


_MEASURES = (contacts_leading_to_referral, repeat_contacts, referrals_to_assessment, assessed_not_in_need,
             contacts_decided_within_1_working_day)


def indicators(data: FrontDoorData, years: str | ReportingYear | Iterable) -> pd.DataFrame:
    """Every front door indicator for each of ``years``, as one indicator table."""
    years = [ReportingYear(years)] if isinstance(years, (str, int, ReportingYear)) else as_years(years)
    rows = [row for year in years for measure in _MEASURES for row in measure(data, year)]
    return ind.table(rows) if rows else ind.empty()


