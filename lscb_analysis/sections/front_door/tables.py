"""The front door page's table, built only from an indicator table (and DfE's published figures beside it)."""

from __future__ import annotations

import pandas as pd

from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.report.display import cell_text as _cell

__all__ = ["board_tables", "LINES", "PUBLISHED", "decision_sentence"]

DECISION = "contacts_decided_within_1_working_day"
LINES = [("Contacts leading to a referral in the year (%)", "contacts_leading_to_referral", "percent"),
         ("Repeat contacts within 12 months", "repeat_contacts", "count"),
         ("Repeat contacts within 12 months (%)", "repeat_contacts", "percent"),
         ("Contacts decided within one working day (%)", DECISION, "percent"),
         ("Referrals leading to an assessment (%)", "referrals_to_assessment", "percent"),
         ("Referrals assessed as not in need (%)", "assessed_not_in_need", "percent")]
# the front door measures DfE publishes for England, regions and authorities (table C1; inputs/dfe.py), with the
# same definition: referrals less those with no further action, and referrals assessed as not in need (RC8)
PUBLISHED = ("referrals_to_assessment", "assessed_not_in_need")


def _comparator_columns(comparators: pd.DataFrame, year: ReportingYear) -> dict[str, pd.DataFrame]:
    """Column title -> that comparator's rows (England, the region, the statistical neighbours' average, in the
    order ``dfe.comparators`` gives them), for the latest year DfE has published up to ``year``."""
    rows = comparators[comparators["indicator"].isin(PUBLISHED) & comparators["value"].notna()
                       & comparators["period"].le(year.label)]
    if rows.empty:
        return {}
    latest = rows["period"].max()
    rows = rows[rows["period"].eq(latest)]
    return {f"{area} {latest}": rows[rows["area"].eq(area)] for area in dict.fromkeys(rows["area"])}


def board_tables(table: pd.DataFrame, year, comparators: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The front door over the years the table holds; beside them, where ``comparators`` (``dfe.comparators``
    rows) are given, England's, the region's and the statistical neighbours' published figures for the latest
    year DfE has published up to ``year`` (``x`` for a measure DfE does not publish). The line for decisions
    within one working day is left out where the table holds none (no decision dates)."""
    year = ReportingYear(year)
    periods = sorted(table["period"].unique())
    others = _comparator_columns(comparators, year) if comparators is not None else {}
    held = set(table["indicator"])
    rows = []
    for title, indicator, unit in LINES:
        if indicator == DECISION and indicator not in held:
            continue
        row = {"Measure": title, **{p: _cell(table, p, indicator, unit) for p in periods}}
        for column, published in others.items():
            row[column] = _cell(published, column.rsplit(" ", 1)[1], indicator, unit) if indicator in PUBLISHED \
                else "x"
        rows.append(row)
    return {"summary": pd.DataFrame(rows).set_index("Measure")}


def decision_sentence(table: pd.DataFrame, area: str, year) -> str:
    """What the page says about decisions within one working day: the year's figure, or that the area's
    contacts hold no decision dates."""
    year = ReportingYear(year)
    rows = table[table["indicator"].eq(DECISION) & table["unit"].eq("percent") & table["period"].eq(year.label)]
    if rows.empty:
        return (f"{area}'s contacts extract holds no date of decision for {year.label}, so the page cannot show how "
                "many contacts were decided within one working day (Working Together 2023); the data contract "
                "says how to add it (an optional column of contacts.csv).")
    shown = _cell(table, year.label, DECISION, "percent")
    if shown in ("c", "x"):
        return (f"In {year.label}, the share of contacts decided within one working day is not shown ({shown}): it "
                "rests on too few contacts with a recorded decision.")
    return (f"In {year.label}, {shown}% of contacts with a recorded decision were decided within one working day "
            "of the contact (Working Together 2023 expects a decision on the response within one working day).")
