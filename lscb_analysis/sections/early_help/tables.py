"""The early help page's tables, built only from an indicator table."""

from __future__ import annotations

import pandas as pd

from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.report.display import cell_text as _cell
from lscb_analysis.sections.early_help.load import CLOSURE_REASONS

__all__ = ["board_tables"]

LINES = [("Episodes started", "early_help_episodes_started", "count"),
         ("Assessments started", "early_help_assessments_started", "count"),
         ("Assessments completed", "early_help_assessments_completed", "count"),
         ("Episodes open at 31 March", "early_help_open_at_31_march", "count"),
         ("Episodes closed", "early_help_closures", "count"),
         ("Stepped down from social care (% of starts)", "early_help_step_downs", "percent"),
         ("Returned to early help within 12 months (% of starts)", "early_help_rereferrals_within_12_months",
          "percent")]



def board_tables(table: pd.DataFrame, year: str | ReportingYear) -> dict[str, pd.DataFrame]:
    """Early help over the years the table holds, and closures by reason for the year."""
    year = ReportingYear(year)
    periods = sorted(table["period"].unique())
    summary = pd.DataFrame([{"Measure": t, **{p: _cell(table, p, i, u) for p in periods}} for t, i, u in LINES])
    closures = pd.DataFrame([{"Reason": r.replace("_", " ").capitalize(),
                              "Episodes": _cell(table, year.label, "early_help_closures", "count", f"reason:{r}"),
                              "%": _cell(table, year.label, "early_help_closures", "percent", f"reason:{r}")}
                             for r in CLOSURE_REASONS])
    return {"summary": summary.set_index("Measure"), "closures": closures.set_index("Reason")}
