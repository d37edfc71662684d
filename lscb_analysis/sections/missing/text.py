"""The plain sentences of the missing children page, from an indicator table (already suppressed for the board)."""

from __future__ import annotations

import pandas as pd

from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.report.display import cell_text as _cell

__all__ = ["sources_sentence", "care_sentence"]


def _holds(table: pd.DataFrame, indicator: str) -> bool:
    return bool(table["indicator"].eq(indicator).any())


def sources_sentence(table: pd.DataFrame, area: str) -> str:
    """What the page's figures cover: the local extract (every child missing from home or care), the SSDA903
    return's missing table (looked-after children only), or both, and which is not held."""
    local, care = _holds(table, "missing_episodes"), _holds(table, "looked_after_children_during_year")
    if local and care:
        return (f"{area}'s own record of missing episodes covers every child, missing from home or from care; the "
                "SSDA903 return's missing table covers looked-after children only, and is the one DfE publishes "
                "England's figures from, so the two parts of this page count different groups of children.")
    if care:
        return (f"{area} holds no record of missing episodes for all children (missing from home as well as care), "
                "so that part of the page is not shown; the figures below are for looked-after children only, "
                "from the SSDA903 return's missing table.")
    return (f"The figures below are from {area}'s own record of missing episodes (every child, missing from home "
            "or from care); the SSDA903 return's missing table, for looked-after children, is not held.")


def _words(text: str) -> str:
    return "a small number (1 to 5)" if text == "c" else text


def care_sentence(table: pd.DataFrame, year: ReportingYear) -> str:
    """One sentence on looked-after children who went missing in the year."""
    p = year.label
    went = _words(_cell(table, p, "looked_after_children_missing", "count"))
    base = _cell(table, p, "looked_after_children_during_year", "count")
    share = _cell(table, p, "looked_after_children_missing", "percent")
    incidents = _words(_cell(table, p, "looked_after_missing_incidents", "count"))
    share_text = f" ({share}%)" if share not in ("c", "x") else ""
    return (f"In {p}, {went} of the {base} children looked after during the year went missing at least "
            f"once{share_text}, in {incidents} missing incidents.")
