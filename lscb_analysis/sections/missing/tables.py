"""The missing children page's tables, built only from an indicator table (and England's published figures,
:func:`lscb_analysis.inputs.dfe_missing.england`, for the comparison)."""

from __future__ import annotations

import pandas as pd

from lscb_analysis.core.definitions import display_digits, lookup
from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.report.display import cell_text as _cell
from lscb_analysis.report.display import format_value
from lscb_analysis.sections.missing.indicators import AGE_BANDS

__all__ = ["board_tables", "care_view", "england_view", "list_view", "sources_view"]

CARE_LINES = [("Children looked after during the year", "looked_after_children_during_year", "count"),
              ("Went missing", "looked_after_children_missing", "count"),
              ("Went missing (% of children looked after)", "looked_after_children_missing", "percent"),
              ("Missing incidents", "looked_after_missing_incidents", "count"),
              ("Missing incidents per child who went missing", "looked_after_missing_incidents_per_child", "ratio"),
              ("Went missing 3 times or more", "looked_after_children_missing_3_or_more", "count"),
              ("Away from placement without authorisation", "looked_after_children_away", "count"),
              ("Away-without-authorisation incidents", "looked_after_away_incidents", "count")]

LIST_LINES = [("Children in care on the list", "annex_a_children_in_care", "count"),
              ("Went missing", "annex_a_children_in_care_missing", "count"),
              ("Went missing (% of children on the list)", "annex_a_children_in_care_missing", "percent"),
              ("Missing episodes", "annex_a_missing_episodes", "count"),
              ("Missing episodes per child who went missing", "annex_a_missing_episodes_per_child", "ratio"),
              ("Went missing 3 times or more", "annex_a_children_in_care_missing_3_or_more", "count"),
              ("Absent from placement", "annex_a_children_in_care_absent", "count"),
              ("Offered a return interview after the last missing episode (% of those who went missing)",
               "annex_a_return_interviews_offered", "percent"),
              ("Accepted it (% of those offered)", "annex_a_return_interviews_accepted", "percent")]
# the measures both sources give, side by side: (measure, SSDA903 indicator, list 8 indicator, unit)
BOTH_LINES = [("Children looked after (the base)", "looked_after_children_during_year", "annex_a_children_in_care",
               "count"),
              ("Went missing", "looked_after_children_missing", "annex_a_children_in_care_missing", "count"),
              ("Went missing (%)", "looked_after_children_missing", "annex_a_children_in_care_missing", "percent"),
              ("Missing incidents or episodes", "looked_after_missing_incidents", "annex_a_missing_episodes", "count"),
              ("Per child who went missing", "looked_after_missing_incidents_per_child",
               "annex_a_missing_episodes_per_child", "ratio"),
              ("Went missing 3 times or more", "looked_after_children_missing_3_or_more",
               "annex_a_children_in_care_missing_3_or_more", "count")]
RETURN_NAME = "SSDA903 return (1 April to 31 March)"
LIST_NAME = "Annex A list 8 (the list's 12 months)"


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


def _figure(table: pd.DataFrame, period: str, indicator: str, unit: str) -> str:
    """One cell as printed, to the decimal places its definition gives (``c`` where hidden, ``x`` where absent)."""
    rows = table[table["period"].eq(period) & table["indicator"].eq(indicator) & table["unit"].eq(unit)
                 & table["breakdown"].eq("all")]
    if rows.empty:
        return "x"
    symbol = rows["symbol"].iat[0] if "symbol" in rows.columns else ""
    return format_value(rows["value"].iat[0], unit, symbol or "", display_digits(indicator, unit))


def care_view(table: pd.DataFrame) -> pd.DataFrame:
    """Looked-after children who went missing (the SSDA903 return), in every year the table holds."""
    periods = sorted(table["period"].unique())
    return pd.DataFrame([{"Measure": t, **{p: _figure(table, p, i, u) for p in periods}} for t, i, u in CARE_LINES]
                        ).set_index("Measure")


def england_view(table: pd.DataFrame, england: pd.DataFrame) -> pd.DataFrame:
    """The area beside England for each figure England published in a year the table holds (counts of England's
    incidents and children are not shown: they do not compare with an area's). Empty when there is none."""
    shown = england[england["unit"].isin(["percent", "ratio"]) & england["period"].isin(set(table["period"]))]
    area = table["area"].iat[0] if len(table) else "Area"
    rows = [{"Measure": lookup(i).title + (" (%)" if u == "percent" else ""),
             "Year": p, area: _figure(table, p, i, u), "England": _figure(england, p, i, u)}
            for p, i, u in sorted(zip(shown["period"], shown["indicator"], shown["unit"]))]
    return pd.DataFrame(rows, columns=["Measure", "Year", area, "England"]).set_index("Measure")


def list_view(table: pd.DataFrame) -> pd.DataFrame:
    """Children in care who went missing as Ofsted Annex A list 8 records them, for each year a workbook gives."""
    periods = sorted(table.loc[table["indicator"].eq("annex_a_children_in_care"), "period"].unique())
    return pd.DataFrame([{"Measure": t, **{p: _figure(table, p, i, u) for p in periods}} for t, i, u in LIST_LINES]
                        ).set_index("Measure")


def sources_view(table: pd.DataFrame, year: str | ReportingYear) -> pd.DataFrame:
    """The year's figures for children missing from care from the SSDA903 return beside those of Annex A list 8,
    for the measures both give (``x`` where one source has no figure)."""
    p = ReportingYear(year).label
    return pd.DataFrame([{"Measure": t, RETURN_NAME: _figure(table, p, r, u), LIST_NAME: _figure(table, p, a, u)}
                         for t, r, a, u in BOTH_LINES]).set_index("Measure")


def board_tables(table: pd.DataFrame, year: str | ReportingYear,
                 england: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Every table on the missing children page: ``summary`` and ``who`` from the local extract, ``care`` and
    ``england`` (with England's published figures) from the SSDA903 return, ``list`` from Annex A list 8, and
    ``sources`` (the two beside each other for ``year``) where the table holds both; each where the table holds
    it."""
    year = ReportingYear(year)
    out = {}
    if table["indicator"].eq("missing_episodes").any():
        out.update(summary=summary_view(table), who=who_view(table, year))
    if table["indicator"].eq("looked_after_children_during_year").any():
        care = table[table["indicator"].str.startswith("looked_after_")]
        out.update(care=care_view(care), england=england_view(care, england if england is not None else
                                                                 table.iloc[0:0]))
    if table["indicator"].eq("annex_a_children_in_care").any():
        out["list"] = list_view(table[table["indicator"].str.startswith("annex_a_")])
        if "care" in out and table["period"].eq(year.label).any():
            out["sources"] = sources_view(table, year)
    return out
