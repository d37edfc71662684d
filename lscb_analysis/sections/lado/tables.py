"""The LADO page's tables, built only from an indicator table (suppressed before, for the board)."""

from __future__ import annotations

import pandas as pd

from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.report.display import cell_text as _cell
from lscb_analysis.sections.lado.indicators import RESOLUTION_MONTHS
from lscb_analysis.sections.lado.load import CATEGORIES, OUTCOMES, SECTORS, SOURCES

__all__ = ["board_tables", "breakdown_view", "summary_view", "trend_view", "label"]

# KCSIE part 4 expectations beside the resolution measures
EXPECTED = {1: 80.0, 3: 90.0, 12: None}


def label(code: str) -> str:
    """A code as words ("childrens_social_care" -> "Children's social care")."""
    text = code.replace("childrens", "children's").replace("_", " ")
    return text[:1].upper() + text[1:]



def breakdown_view(table: pd.DataFrame, indicator: str, dimension: str, codes, year: ReportingYear) -> pd.DataFrame:
    """Counts and percentages of one breakdown for the year, and last year's count."""
    this, last = year.label, year.previous().label
    rows = []
    for code in codes:
        b = f"{dimension}:{code}"
        rows.append({dimension.replace("_", " ").capitalize(): label(code),
                     f"{last}": _cell(table, last, indicator, "count", b),
                     f"{this}": _cell(table, this, indicator, "count", b),
                     f"% of {this}": _cell(table, this, indicator, "percent", b)})
    total = {dimension.replace("_", " ").capitalize(): "All", f"{last}": _cell(table, last, indicator, "count"),
             f"{this}": _cell(table, this, indicator, "count"), f"% of {this}": "100.0"}
    return pd.DataFrame(rows + [total]).set_index(dimension.replace("_", " ").capitalize())


def summary_view(table: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    """The headline measures for this year and last, with KCSIE's expectation where it sets one."""
    this, last = year.label, year.previous().label
    lines = [("Referrals to the LADO", "lado_referrals", "count", None),
             ("Change on the previous year (%)", "lado_referrals_change", "percent", None),
             ("Repeat referrals about the same person within 12 months", "lado_repeat_referrals", "count", None),
             ("Initial consideration within 1 working day (%)", "lado_initial_consideration_within_1_working_day",
              "percent", None),
             ("Allegations concluded", "lado_outcomes", "count", None)]
    lines += [(f"Concluded within {m} month{'s' if m > 1 else ''} (%)", name, "percent", EXPECTED[m])
              for m, name in RESOLUTION_MONTHS.items()]
    rows = []
    for title, indicator, unit, expected in lines:
        rows.append({"Measure": title, last: _cell(table, last, indicator, unit),
                     this: _cell(table, this, indicator, unit),
                     "KCSIE expectation": "" if expected is None else f"{expected:.0f}%"})
    return pd.DataFrame(rows).set_index("Measure")


def trend_view(table: pd.DataFrame) -> pd.DataFrame:
    """Referrals, repeat referrals and allegations concluded in every year the table holds."""
    periods = sorted(table.loc[table["indicator"].eq("lado_referrals"), "period"].unique())
    lines = [("Referrals to the LADO", "lado_referrals", "count"),
             ("Physical abuse", "lado_referrals", "count", "category:physical_abuse"),
             ("Sexual abuse", "lado_referrals", "count", "category:sexual_abuse"),
             ("Repeat referrals within 12 months", "lado_repeat_referrals", "count"),
             ("Allegations concluded", "lado_outcomes", "count"),
             ("Substantiated", "lado_outcomes", "count", "outcome:substantiated"),
             ("Concluded within 1 month (%)", "lado_resolved_within_1_month", "percent")]
    rows = [{"Measure": t, **{p: _cell(table, p, i, u, *b) for p in periods}} for t, i, u, *b in lines]
    return pd.DataFrame(rows).set_index("Measure")


def board_tables(table: pd.DataFrame, year: str | ReportingYear) -> dict[str, pd.DataFrame]:
    """Every table on the LADO page, from the indicator table (pass the suppressed table for the board)."""
    year = ReportingYear(year)
    return {
        "summary": summary_view(table, year),
        "trend": trend_view(table),
        "category": breakdown_view(table, "lado_referrals", "category", CATEGORIES, year),
        "source": breakdown_view(table, "lado_referrals", "source", SOURCES, year),
        "employer_sector": breakdown_view(table, "lado_referrals", "employer_sector", SECTORS, year),
        "outcome": breakdown_view(table, "lado_outcomes", "outcome", OUTCOMES, year),
    }
