"""The plain sentences of the missing children page, from an indicator table (already suppressed for the board)."""

from __future__ import annotations

import pandas as pd

from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.report.display import cell_text as _cell

__all__ = ["sources_sentence", "care_sentence", "list_sentence", "list_period_sentence", "sources_differ_sentence",
           "no_care_sentence"]


def _holds(table: pd.DataFrame, indicator: str) -> bool:
    return bool(table["indicator"].eq(indicator).any())


def sources_sentence(table: pd.DataFrame, area: str) -> str:
    """What the page's figures cover: the local extract (every child missing from home or care), the SSDA903
    return's missing table (looked-after children only), or both, and which is not held."""
    local, care = _holds(table, "missing_episodes"), _holds(table, "looked_after_children_during_year")
    listed = _holds(table, "annex_a_children_in_care")
    if not care and listed:
        if local:
            return (f"{area}'s own record of missing episodes covers every child, missing from home or from care; "
                    "list 8 of its Ofsted Annex A workbook covers looked-after children only (the SSDA903 return's "
                    "missing table is not held), so the two parts of this page count different groups of children.")
        return (f"{area} holds no record of missing episodes for all children (missing from home as well as care) "
                "and no SSDA903 missing table, so the figures below are for looked-after children only, from list 8 "
                "of its Ofsted Annex A workbook.")
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


def no_care_sentence(table: pd.DataFrame, area: str) -> str:
    """What the page says when neither source for looked-after children is held ("" when one is)."""
    if _holds(table, "looked_after_children_during_year") or _holds(table, "annex_a_children_in_care"):
        return ""
    return (f"{area} holds neither the SSDA903 return's missing table nor list 8 (children in care) of an Ofsted "
            "Annex A workbook, so this page has no figures for looked-after children who went missing beyond what "
            "its own record of missing episodes shows.")


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


def list_period_sentence(lists: pd.DataFrame) -> str:
    """Which 12 months Annex A list 8 covers: one sentence for the workbooks used (``MissingData.care_lists``:
    period, file, latest date recorded, whether the year came from the file name)."""
    parts = []
    for r in lists.itertuples(index=False):
        how = "from its name" if r.named else "from the latest date it records"
        when = f"; the latest date it records is {pd.Timestamp(r.latest):%-d %B %Y}" if pd.notna(r.latest) else ""
        parts.append(f"{r.file.split(' [')[0]} is taken as {r.period} ({how}{when})")
    return ("List 8 of Ofsted's Annex A workbook is the council's list of the children looked after in the 12 months "
            "before it was extracted for inspection: its missing and absent counts cover those 12 months, and its "
            "return interview columns the child's last missing episode. " + "; ".join(parts) + ".")


def list_sentence(table: pd.DataFrame, year: ReportingYear) -> str:
    """One sentence on the children in care on Annex A list 8 who went missing ("" when no workbook gives
    ``year``)."""
    p = year.label
    base = _cell(table, p, "annex_a_children_in_care", "count")
    if base == "x":
        return ""
    went = _words(_cell(table, p, "annex_a_children_in_care_missing", "count"))
    share = _cell(table, p, "annex_a_children_in_care_missing", "percent")
    episodes = _words(_cell(table, p, "annex_a_missing_episodes", "count"))
    offered = _cell(table, p, "annex_a_return_interviews_offered", "percent")
    accepted = _cell(table, p, "annex_a_return_interviews_accepted", "percent")
    share_text = f" ({share}%)" if share not in ("c", "x") else ""
    rhi = (f" {offered}% of those who went missing were offered a return interview after their last missing episode"
           f", and {accepted}% of those offered accepted it." if "c" not in (offered, accepted)
           and "x" not in (offered, accepted) else "")
    return (f"On the Annex A list for {p}, {went} of the {base} children in care went missing at least once in the "
            f"list's 12 months{share_text}, in {episodes} missing episodes.{rhi}")


def sources_differ_sentence() -> str:
    """Why the SSDA903 return and Annex A list 8 give different figures for the same children."""
    return ("The two sources count the same children in different ways: the SSDA903 return counts every incident "
            "that started from 1 April to 31 March, of children looked after during that year (not short breaks), "
            "while Annex A list 8 counts what the council recorded on the list for the 12 months before its extract "
            "date, for every child on the list, and says whether a return interview was offered and accepted only "
            "after each child's last missing episode.")
