"""The front door page's table, built only from an indicator table (and DfE's published figures beside it)."""

from __future__ import annotations

import pandas as pd

from lscb_analysis.report.display import cell_text as _cell

__all__ = ["board_tables", "LINES"]

LINES = [("Contacts leading to a referral in the year (%)", "contacts_leading_to_referral", "percent"),
         ("Repeat contacts within 12 months", "repeat_contacts", "count"),
         ("Repeat contacts within 12 months (%)", "repeat_contacts", "percent"),
         ("Referrals leading to an assessment (%)", "referrals_to_assessment", "percent"),
         ("Referrals assessed as not in need (%)", "assessed_not_in_need", "percent")]



def board_tables(table: pd.DataFrame, year, comparators: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The front door over the years the table holds, with England's published figure for the year where DfE
    publishes the measure (``comparators``: ``dfe.comparators`` rows)."""
    periods = sorted(table["period"].unique())
    rows = []
    for title, indicator, unit in LINES:
        row = {"Measure": title, **{p: _cell(table, p, indicator, unit) for p in periods}}
        if comparators is not None:
            england = comparators[comparators["area"].eq("England")]
            row[f"England {periods[-1] if periods else ''}".strip()] = _cell(england, periods[-1], indicator, unit) \
                if periods else "x"
        rows.append(row)
    return {"summary": pd.DataFrame(rows).set_index("Measure")}
