"""The practice reviews page's tables, built only from an indicator table."""

from __future__ import annotations

import pandas as pd

from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.report.display import cell_text as _cell
from lscb_analysis.sections.practice_reviews.load import REVIEW_TYPES, STATUSES

__all__ = ["board_tables"]

_LABELS = {"completed": "Completed", "on_track": "On track", "overdue": "Overdue", "local": "Local reviews",
           "national": "National reviews", "rapid_review": "Rapid reviews", "other": "Other"}



def reviews_view(table: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    """Notifications, rapid reviews and local reviews, this year and last."""
    this, last = year.label, year.previous().label
    lines = [("Serious incident notifications", "serious_incident_notifications", "count"),
             ("Notified within 5 working days (%)", "notifications_within_5_working_days", "percent"),
             ("Rapid reviews completed", "rapid_reviews", "count"),
             ("Rapid reviews within 15 working days (%)", "rapid_reviews_within_15_working_days", "percent"),
             ("Local practice reviews commissioned", "lcspr_commissioned", "count"),
             ("Local practice reviews published", "lcspr_published", "count")]
    return pd.DataFrame([{"Measure": t, last: _cell(table, last, i, u), this: _cell(table, this, i, u)}
                         for t, i, u in lines]).set_index("Measure")


def actions_view(table: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    """Actions from reviews by status at 31 March: number and share."""
    this = year.label
    rows = [{"Status at 31 March": _LABELS[s], "Actions": _cell(table, this, "review_actions", "count", f"status:{s}"),
             "%": _cell(table, this, "review_actions", "percent", f"status:{s}")} for s in STATUSES]
    rows.append({"Status at 31 March": "All", "Actions": _cell(table, this, "review_actions", "count"), "%": "100.0"})
    rows.append({"Status at 31 March": "Completed with evidence of impact (% of completed)",
                 "Actions": "", "%": _cell(table, this, "review_actions_with_impact_evidence", "percent")})
    return pd.DataFrame(rows).set_index("Status at 31 March")


def actions_by_type_view(table: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    """Actions agreed by 31 March by the kind of review they came from."""
    this = year.label
    return pd.DataFrame([{"Review": _LABELS[k], "Actions": _cell(table, this, "review_actions", "count",
                                                                 f"review_type:{k}")}
                         for k in REVIEW_TYPES]).set_index("Review")


def board_tables(table: pd.DataFrame, year: str | ReportingYear) -> dict[str, pd.DataFrame]:
    """Every table on the practice reviews page."""
    year = ReportingYear(year)
    return {"reviews": reviews_view(table, year), "actions": actions_view(table, year),
            "actions_by_type": actions_by_type_view(table, year)}
