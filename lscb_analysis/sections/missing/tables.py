"""The missing children page's tables, built only from an indicator table."""

from __future__ import annotations

import pandas as pd

from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.report.display import cell_text as _cell
from lscb_analysis.sections.missing.indicators import AGE_BANDS

__all__ = ["board_tables"]



def summary_view(table: pd.DataFrame) -> pd.DataFrame:
    """The headline measures in every year the table holds."""
    periods = sorted(table["period"].unique())
    lines = [("Children missing", "children_missing", "count", "all"),
             ("from home", "children_missing", "count", "from:home"),
             ("from care", "children_missing", "count", "from:care"),
             ("Episodes", "missing_episodes", "count", "all"),
             ("Children missing 3 times or more", "children_missing_3_or_more", "count", "all"),
             ("Return interviews offered (% of returns)", "return_interviews_offered", "percent", "all"),
             ("Return interviews accepted (% of offers)", "return_interviews_accepted", "percent", "all"),
             ("Return interviews within 72 hours (%)", "return_interviews_within_72_hours", "percent", "all")]
    return pd.DataFrame([{"Measure": t, **{p: _cell(table, p, i, u, b) for p in periods}} for t, i, u, b in lines]
                        ).set_index("Measure")


def who_view(table: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    """Children missing in the year by age and sex."""
    rows = [{"Group": f"Aged {b}", "Children": _cell(table, year.label, "children_missing", "count", f"age:{b}")}
            for b in AGE_BANDS]
    rows += [{"Group": s.capitalize(), "Children": _cell(table, year.label, "children_missing", "count", f"sex:{s}")}
             for s in ("female", "male", "unknown")]
    return pd.DataFrame(rows).set_index("Group")


def board_tables(table: pd.DataFrame, year: str | ReportingYear) -> dict[str, pd.DataFrame]:
    """Every table on the missing children page."""
    year = ReportingYear(year)
    return {"summary": summary_view(table), "who": who_view(table, year)}
