"""Child deaths: the board's tables, built only from an indicator table (already suppressed for the
board edition): each view lays out cells the indicator table holds, hidden cells shown as 'c'."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core import suppression
from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.sections.child_deaths.codes import (
    AGE_BANDS,
    BIRTHS_UNIT,
    CATEGORIES,
    ETHNIC_GROUPS,
    IMD_QUINTILES,
    MIN_DEATHS_FOR_RATE,
    REVIEW_BANDS,
    UNIT,
)


def fmt(value, unit: str, symbol: str = "") -> str:
    """A value as shown in a board table (rounded half up; the symbol where there is no value)."""
    from lscb_analysis.report.display import format_value

    return format_value(value, unit, symbol)


def text(row: Mapping | None) -> str:
    """A cell of an indicator table as shown ('' where the table has no such cell)."""
    if row is None:
        return ""
    return fmt(row["value"], row["unit"], row.get("symbol", ""))


def deaths_by_year_view(table: pd.DataFrame, area: str) -> pd.DataFrame:
    """The seed 003 layout from :func:`deaths_by_year` (suppressed or not): columns are the years and
    the total; rows Female, Male, Female:male and Total deaths, and the rate per 100,000."""
    sub = table[table["area"].eq(area)]
    periods = sorted(p for p in sub["period"].unique() if " to " not in p) + \
        sorted(p for p in sub["period"].unique() if " to " in p)
    cell = ind.Cells(sub)
    out = {}
    for p in periods:
        f = cell(area, p, "child_deaths_by_sex", "sex:female", "count")
        m = cell(area, p, "child_deaths_by_sex", "sex:male", "count")
        fp = cell(area, p, "child_deaths_by_sex", "sex:female", "percent")
        mp = cell(area, p, "child_deaths_by_sex", "sex:male", "percent")
        total = cell(area, p, "child_deaths", "all", "count")
        rate = cell(area, p, "child_deaths", "all", UNIT)
        out["Total" if " to " in p else p] = {
            "Female": text(f), "Male": text(m), "Female:male": f"{text(f)}:{text(m)}",
            "Female:male (%)": f"{text(fp)}:{text(mp)}", "Total deaths": text(total),
            "Rate per 100,000 aged 0-17": rate_text(rate),
        }
    return pd.DataFrame(out)


def rate_text(row: Mapping | None) -> str:
    """A rate for display, or a note where the count is too small for a rate to mean anything."""
    if row is None:
        return ""
    if row.get("symbol", "") == suppression.SYMBOL or pd.isna(row["numerator"]):
        return text(row)
    if row["numerator"] < MIN_DEATHS_FOR_RATE:
        return "too few deaths"
    return text(row)


def age_view(table: pd.DataFrame, areas: list[str], period: str) -> pd.DataFrame:
    """Deaths by age band, count and percentage, one column pair per area (e.g. the area and its panel)."""
    return _split_view(table, areas, period, "child_deaths_by_age", "age", AGE_BANDS, "Age at death")


def category_view(table: pd.DataFrame, areas: list[str], period: str,
                  england: Mapping[str, float] | pd.Series | None = None) -> pd.DataFrame:
    """Completed reviews by category: count and % for each area (e.g. the area and its panel), and
    England's percentage where a comparator is supplied (a mapping from category number or name to %)."""
    view = _split_view(table, areas, period, "reviews_by_category", "category", list(CATEGORIES.values()),
                       "Category")
    if england is not None:
        eng = {CATEGORIES.get(k, k) if isinstance(k, (int, np.integer)) else k: v for k, v in dict(england).items()}
        view["England (%)"] = [fmt(eng.get(c, np.nan), "percent") for c in view.index]
    return view


def _split_view(table, areas, period, indicator, dim, labels, index_name) -> pd.DataFrame:
    cell = ind.Cells(table)
    out = {}
    for area in areas:
        out[f"{area}: number"] = [text(cell(area, period, indicator, f"{dim}:{lab}", "count")) for lab in labels]
        out[f"{area}: %"] = [text(cell(area, period, indicator, f"{dim}:{lab}", "percent")) for lab in labels]
    view = pd.DataFrame(out, index=pd.Index(labels, name=index_name))
    return view


def ethnicity_view(table: pd.DataFrame, areas: list[str], period: str) -> pd.DataFrame:
    """Deaths by ethnic group, count and percentage, one column pair per area (e.g. the area and its panel)."""
    return _split_view(table, areas, period, "child_deaths_by_ethnicity", "ethnicity", ETHNIC_GROUPS, "Ethnic group")


def deprivation_view(table: pd.DataFrame, areas: list[str], period: str) -> pd.DataFrame:
    """Deaths by IMD quintile of the neighbourhood of residence, count and percentage, one column pair per area."""
    return _split_view(table, areas, period, "child_deaths_by_deprivation", "deprivation", IMD_QUINTILES,
                       "Deprivation (IMD quintile)")


def infant_view(table: pd.DataFrame, areas: list[str], periods: list[str]) -> pd.DataFrame:
    """Infant and neonatal deaths per 1,000 live births with 95% confidence intervals, for each area and
    period (rows), from the indicator table; empty where no births file was supplied."""
    cell = ind.Cells(table)
    out = []
    for area in areas:
        for p in periods:
            row = {"Area": area, "Period": p}
            for name, label in (("infant_mortality_rate", "Infant deaths"), ("neonatal_mortality_rate",
                                                                              "Neonatal deaths")):
                c = cell(area, p, name, "all", BIRTHS_UNIT)
                if c is None:
                    continue
                row[f"{label}"] = text({**c, "value": c["numerator"], "unit": "count"})
                row[f"{label} per 1,000 live births"] = rate_text(c)
                row[f"{label}: 95% confidence interval"] = _limits(c, BIRTHS_UNIT)
            if len(row) > 2:
                out.append(row)
    return pd.DataFrame(out).set_index(["Area", "Period"]) if out else pd.DataFrame()


def _limits(c: Mapping, unit: str) -> str:
    if c is None or pd.isna(c["lower"]) or (c.get("numerator") is not None and not pd.isna(c["numerator"])
                                             and c["numerator"] < MIN_DEATHS_FOR_RATE):
        return ""
    return f"{fmt(c['lower'], unit)} to {fmt(c['upper'], unit)}"


def unexpected_view(table: pd.DataFrame, area: str) -> pd.DataFrame:
    """Unexpected deaths, sudden unexpected deaths in infancy (SUDI) and rapid responses each year and over
    the span, from the by-year indicator table (the trend the key facts page gives only for one year)."""
    sub = table[table["area"].eq(area)]
    cell = ind.Cells(sub)
    periods = sorted(p for p in sub["period"].unique() if " to " not in p) + \
        sorted(p for p in sub["period"].unique() if " to " in p)
    out = {}
    for p in periods:
        out["Total" if " to " in p else p] = {
            "Deaths": text(cell(area, p, "child_deaths", "all", "count")),
            "Unexpected deaths": text(cell(area, p, "child_deaths_unexpected", "all", "count")),
            "Unexpected (% of deaths)": text(cell(area, p, "child_deaths_unexpected", "all", "percent")),
            "Sudden unexpected deaths in infancy (SUDI)": text(cell(area, p, "sudi", "all", "count")),
            "Rapid responses": text(cell(area, p, "rapid_responses", "all", "count")),
        }
    return pd.DataFrame(out)


def modifiable_view(table: pd.DataFrame, area: str) -> pd.DataFrame:
    """Per period: reviews completed, with and without modifiable factors, insufficient information,
    and the percentage with modifiable factors with its 95% confidence interval."""
    sub = table[table["area"].eq(area)]
    cell = ind.Cells(sub)
    out = {}
    for p in sorted(sub["period"].unique(), key=lambda s: (" to " in s, s)):
        pct = cell(area, p, "reviews_with_modifiable_factors", "all", "percent")
        limits = ""
        if pct is not None and not pd.isna(pct["lower"]):
            limits = f"{fmt(pct['lower'], 'percent')} to {fmt(pct['upper'], 'percent')}"
        out[p] = {
            "Reviews completed": text(cell(area, p, "reviews_completed", "all", "count")),
            "Modifiable factors": text(cell(area, p, "reviews_completed", "modifiable:yes", "count")),
            "No modifiable factors": text(cell(area, p, "reviews_completed", "modifiable:no", "count")),
            "Insufficient information": text(cell(area, p, "reviews_completed",
                                                   "modifiable:insufficient information", "count")),
            "% with modifiable factors": text(pct),
            "95% confidence interval": limits,
        }
    return pd.DataFrame(out)


def time_to_review_view(table: pd.DataFrame, area: str) -> pd.DataFrame:
    """Per period: reviews completed, of deaths in an earlier period, median days, and reviews by band."""
    sub = table[table["area"].eq(area)]
    cell = ind.Cells(sub)
    out = {}
    for p in sorted(sub["period"].unique(), key=lambda s: (" to " in s, s)):
        col = {"Reviews completed": text(cell(area, p, "reviews_completed", "all", "count")),
               "Of deaths in an earlier year": text(cell(area, p, "reviews_completed",
                                                          "death:before the period", "count")),
               "Median days from death to review": text(cell(area, p, "review_days_median", "all", "days"))}
        for band in REVIEW_BANDS:
            col[f"Completed {band}"] = text(cell(area, p, "reviews_completed", f"time_to_review:{band}", "count"))
        out[p] = col
    return pd.DataFrame(out)


def panel_view(table: pd.DataFrame, panel: str, areas: list[str], period: str) -> pd.DataFrame:
    """Rows: each area and the panel; columns: deaths, % of the panel's deaths, rate per 100,000."""
    cell = ind.Cells(table)
    before = ReportingYear(period).previous().label
    out = []
    for area in areas:
        out.append({"Area of residence": area,
                    "Deaths": text(cell(panel, period, "child_deaths", f"residence:{area}", "count")),
                    "% of the panel's deaths": text(cell(panel, period, "child_deaths",
                                                          f"residence:{area}", "percent")),
                    "Rate per 100,000 aged 0-17": rate_text(cell(area, period, "child_deaths", "all", UNIT)),
                    f"Deaths in {before}": text(cell(area, before, "child_deaths", "all", "count")),
                    "Change (%)": text(cell(area, period, "child_deaths_change", "all", "percent"))})
    out.append({"Area of residence": f"Panel ({panel})",
                "Deaths": text(cell(panel, period, "child_deaths", "all", "count")),
                "% of the panel's deaths": "100.0",
                "Rate per 100,000 aged 0-17": rate_text(cell(panel, period, "child_deaths", "all", UNIT)),
                f"Deaths in {before}": text(cell(panel, before, "child_deaths", "all", "count")),
                "Change (%)": text(cell(panel, period, "child_deaths_change", "all", "percent"))})
    elsewhere = cell(panel, period, "child_deaths", "outside_panel:resident elsewhere", "count")
    if elsewhere is not None:
        out.append({"Area of residence": "Resident elsewhere (not in the panel's figures)",
                    "Deaths": text(elsewhere), "% of the panel's deaths": "", "Rate per 100,000 aged 0-17": "",
                    f"Deaths in {before}": "", "Change (%)": ""})
    return pd.DataFrame(out).set_index("Area of residence")


def small_numbers_note(suppress: bool) -> str:
    """The sentence under every table saying what 'c' means (or that nothing is hidden)."""
    if suppress:
        return ("c: a number from 1 to 5, or a figure from which one could be worked out, hidden to protect "
                "the privacy of bereaved families. Rates are not given for fewer than 10 deaths.")
    return ("Reviewer edition: small numbers are shown. Do not publish these tables. Rates are not given for "
            "fewer than 10 deaths.")
