"""The board's child protection tables, built only from indicator tables (local figures, DfE's
published ones, or both; already suppressed when the board edition is built). Each returns a long frame
(row, column, value, lower, upper, unit, symbol, numerator, denominator) for
``report.indicator_view(t, rows="row", columns="column")``. Row labels are the titles in
:mod:`lscb_analysis.core.definitions`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from lscb_analysis.core import definitions
from lscb_analysis.core import indicators as ind
from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.core.rates import pct_change
from lscb_analysis.sections.child_protection.codes import PER_10K

__all__ = [
    "ACTIVITY", "CHANGE", "STAGES", "KEY_FACTS", "FOLLOWED", "activity_table", "change_table", "stage_percentages",
    "key_facts", "category_table", "age_table", "referral_sources", "top_factors", "adolescent_table",
    "breakdown_label", "latest_period", "held", "board_tables",
]

ACTIVITY = ["referrals", "assessments_completed", "section_47_enquiries", "initial_cp_conferences",
            "cp_plans_at_31_march", "children_in_need_at_31_march", "looked_after_children_at_31_march"]
CHANGE = ["contacts"] + ACTIVITY
STAGES = ["referrals", "assessments_completed", "section_47_enquiries", "initial_cp_conferences",
          "cp_plans_started", "cp_plans_at_31_march", "looked_after_children_at_31_march"]
KEY_FACTS = [
    ("referrals", "count"), ("referrals", PER_10K), ("children_in_need_at_31_march", "count"),
    ("children_in_need_at_31_march", PER_10K), ("cp_plans_at_31_march", "count"), ("cp_plans_at_31_march", PER_10K),
    ("looked_after_children_at_31_march", "count"), ("looked_after_children_at_31_march", PER_10K),
    ("section_47_enquiries", "count"), ("section_47_enquiries", PER_10K), ("initial_cp_conferences", "count"),
    ("initial_cp_conferences", PER_10K), ("section_47_to_icpc", "percent"), ("icpc_within_15_working_days", "percent"),
    ("icpc_to_plan", "percent"), ("cp_reviews_in_timescale", "percent"), ("cp_plans_second_or_subsequent", "percent"),
    ("rereferrals_within_12_months", "percent"), ("referrals_nfa", "percent"), ("referrals_to_assessment", "percent"),
    ("assessed_not_in_need", "percent"), ("assessments_within_45_working_days", "percent"),
]
# local figures followed record by record, shown under their own label beside the DfE-comparable ones
FOLLOWED = [("section_47_followed_to_icpc", "percent"), ("icpc_followed_to_plan", "percent")]
_VIEW = ["row", "column", "value", "lower", "upper", "unit", "symbol", "numerator", "denominator"]


def _label(indicator: str, unit: str | None = None) -> str:
    """A row label: the indicator's title from :mod:`lscb_analysis.core.definitions` and its unit."""
    base = definitions.lookup(indicator).title
    if unit == "count":
        return f"{base}: number"
    if unit == PER_10K:
        return f"{base}: rate per 10,000 children"
    if unit == "percent":
        return f"{base} (%)"
    return base


def latest_period(table: pd.DataFrame, area: str, year, indicators: list[str] | None = None) -> str | None:
    """The latest period up to ``year`` in which ``area`` has a value for any of ``indicators``."""
    y = ReportingYear(year)
    t = table[table["area"].eq(area) & table["value"].notna()]
    if indicators:
        t = t[t["indicator"].isin(indicators)]
    periods = sorted({p for p in t["period"] if re.fullmatch(r"\d{4}-\d{2}", str(p)) and ReportingYear(p) <= y})
    return periods[-1] if periods else None


def _cell(row: str, column: str, src: pd.Series | None, unit: str) -> dict:
    if src is None:
        return {"row": row, "column": column, "value": np.nan, "lower": np.nan, "upper": np.nan, "unit": unit,
                "symbol": "x", "numerator": np.nan, "denominator": np.nan}
    return {"row": row, "column": column, "value": src["value"], "lower": src["lower"], "upper": src["upper"],
            "unit": unit, "symbol": src.get("symbol", "") if pd.isna(src["value"]) else "",
            "numerator": src["numerator"], "denominator": src["denominator"]}


def _comparator_areas(comparators: pd.DataFrame | None) -> list[str]:
    if comparators is None or comparators.empty:
        return []
    names = list(dict.fromkeys(comparators["area"]))
    order = ["England", "Statistical neighbours"]
    return [n for n in order if n in names] + [n for n in names if n not in order]


def activity_table(local: pd.DataFrame, comparators: pd.DataFrame | None, year, *, area: str | None = None,
                   indicators: list[str] = ACTIVITY) -> pd.DataFrame:
    """Activity per 10,000 children: the area in ``year`` beside England, its statistical neighbours and
    its region, each at the latest year published up to ``year`` (seed 000, section 4.2.2, first table).

    Returns a long frame (row, column, value, lower, upper, unit, symbol...) for
    ``report.indicator_view(t, rows="row", columns="column")``.
    """
    y = ReportingYear(year)
    area = area or local["area"].iat[0]
    pick = ind.Cells(local)
    cells = [_cell(_label(i), f"{area} {y.label}", pick(area, y.label, i, "all", PER_10K), PER_10K)
             for i in indicators]
    both = ind.concat([local, comparators]) if comparators is not None else local
    pick = ind.Cells(both)
    for comp in _comparator_areas(comparators):
        p = latest_period(both, comp, y, indicators)
        if p is None:
            continue
        cells += [_cell(_label(i), f"{comp} {p}", pick(comp, p, i, "all", PER_10K), PER_10K) for i in indicators]
    return pd.DataFrame(cells, columns=_VIEW)


def change_table(table: pd.DataFrame, year, *, areas: list[str] | None = None,
                 indicators: list[str] = CHANGE) -> pd.DataFrame:
    """This year against last with the percentage change (seed 000, section 4.2.2, second table):
    contacts as a number, other activity per 10,000 children; for each of ``areas`` (default: the
    first area in ``table``)."""
    y = ReportingYear(year)
    prev = y.previous()
    areas = areas or [table["area"].iat[0]]
    pick = ind.Cells(table)
    cells = []
    for a in areas:
        for i in indicators:
            unit = "count" if i == "contacts" else PER_10K
            new, old = pick(a, y.label, i, "all", unit), pick(a, prev.label, i, "all", unit)
            label = _label(i, unit if i == "contacts" else None)
            cells.append(_cell(label, f"{a} {prev.label}", old, unit))
            cells.append(_cell(label, f"{a} {y.label}", new, unit))
            change = np.nan if new is None or old is None else pct_change(new["value"], old["value"])
            cells.append({"row": label, "column": f"{a} % change", "value": change, "lower": np.nan,
                          "upper": np.nan, "unit": "percent", "symbol": "" if change == change else "x",
                          "numerator": np.nan, "denominator": np.nan})
    return pd.DataFrame(cells, columns=_VIEW)


def stage_percentages(table: pd.DataFrame, year, *, comparators: pd.DataFrame | None = None,
                      stages: list[str] = STAGES) -> pd.DataFrame:
    """Each stage as a percentage of referrals (seed 000, section 4.2.2, third table): the stage's rate per
    10,000 divided by the referral rate (for one area the same as the ratio of counts), for the area this
    year and last, and for the comparators in their latest published year up to ``year``."""
    y = ReportingYear(year)
    area = table["area"].iat[0]
    cols = [(area, y.label), (area, y.previous().label)]
    both = table
    if comparators is not None and not comparators.empty:
        both = ind.concat([table, comparators])
        for comp in _comparator_areas(comparators):
            p = latest_period(both, comp, y, stages)
            if p is not None:
                cols.append((comp, p))
    pick = ind.Cells(both)
    cells = []
    for a, p in cols:
        ref = pick(a, p, "referrals", "all", PER_10K)
        for s in stages:
            row = pick(a, p, s, "all", PER_10K)
            value = np.nan if ref is None or row is None or not ref["value"] else row["value"] / ref["value"] * 100
            cells.append({"row": _label(s), "column": f"{a} {p}", "value": value, "lower": np.nan, "upper": np.nan,
                          "unit": "percent", "symbol": "" if value == value else (
                              "c" if row is not None and row.get("symbol", "") == "c" else "x"),
                          "numerator": np.nan, "denominator": np.nan})
    return pd.DataFrame(cells, columns=_VIEW)


def key_facts(table: pd.DataFrame, comparators: pd.DataFrame | None, year, *, n_years: int = 3,
              facts: list[tuple[str, str]] = KEY_FACTS) -> pd.DataFrame:
    """Safeguarding key facts (seed 003, section 3.2): the area's last ``n_years`` years beside the
    statistical-neighbour and national averages of the latest year published up to ``year``. A fact the
    area's table has no row for at all (a local figure DfE does not publish, in published mode; a
    published one not computed locally) is left out; the local follow-through figures (``FOLLOWED``)
    come last, under their own labels, with no national comparison."""
    y = ReportingYear(year)
    area = table["area"].iat[0]
    pick = ind.Cells(table)
    held = set(zip(table.loc[table["area"].eq(area), "indicator"], table.loc[table["area"].eq(area), "unit"]))
    facts = [f for f in list(facts) + FOLLOWED if f in held]
    cells = []
    for i, unit in facts:
        label = _label(i, unit)
        for yr in y.trend(n_years):
            cells.append(_cell(label, f"{area} {yr.label}", pick(area, yr.label, i, "all", unit), unit))
    if comparators is not None and not comparators.empty:
        pick = ind.Cells(comparators)
        for comp, name in (("Statistical neighbours", "Statistical neighbour average"), ("England", "National average")):
            p = latest_period(comparators, comp, y)
            if p is None:
                continue
            for i, unit in facts:
                src = pick(comp, p, i, "all", unit)
                cells.append(_cell(_label(i, unit), f"{name} {p}", src, unit))
    return pd.DataFrame(cells, columns=_VIEW)


_DISPLAY = {"la services": "Local authority services", "a&e": "A&E"}


def breakdown_label(breakdown: str) -> str:
    """How a breakdown value is shown: 'factor:domestic_abuse_parent' -> 'Domestic abuse: parent or carer'."""
    value = breakdown.split(":", 1)[1] if ":" in breakdown else breakdown
    if value in _DISPLAY:
        return _DISPLAY[value]
    for suffix, said in (("_child", ": child"), ("_parent", ": parent or carer"), ("_person", ": another person")):
        if value.endswith(suffix) and value.split("_")[0] not in {"physical", "sexual"}:
            value = value[: -len(suffix)] + said
            break
    value = value.replace("_", " ")
    return value[:1].upper() + value[1:]


def _breakdown_view(table: pd.DataFrame, indicator: str, year, dimension: str, area: str | None = None,
                    comparators: pd.DataFrame | None = None) -> pd.DataFrame:
    y = ReportingYear(year)
    area = area or table["area"].iat[0]
    t = table[table["area"].eq(area) & table["indicator"].eq(indicator) & table["period"].eq(y.label)
              & table["breakdown"].str.startswith(dimension + ":")]
    rows = list(dict.fromkeys(t["breakdown"]))
    pick = ind.Cells(table)
    england = comparators is not None and not comparators.empty
    if england:
        p = latest_period(comparators[comparators["indicator"].eq(indicator)], "England", y)
        pick_england = ind.Cells(comparators)
    cells = []
    for b in rows:
        name = breakdown_label(b)
        for unit, col in (("count", f"{area} number"), ("percent", f"{area} %")):
            cells.append(_cell(name, col, pick(area, y.label, indicator, b, unit), unit))
        if england:
            src = pick_england("England", p, indicator, b, "percent") if p else None
            cells.append(_cell(name, f"England % {p or ''}".strip(), src, "percent"))
    return pd.DataFrame(cells, columns=_VIEW)


def category_table(table: pd.DataFrame, year, *, comparators: pd.DataFrame | None = None) -> pd.DataFrame:
    """Plans at 31 March by latest category of abuse: number and percentage, beside the national split
    where the published statistics give one (shown 'x' where they do not)."""
    return _breakdown_view(table, "cp_plans_by_category", year, "category", comparators=comparators)


def age_table(table: pd.DataFrame, year) -> pd.DataFrame:
    """Plans at 31 March by DfE age band: number and percentage."""
    return _breakdown_view(table, "cp_plans_by_age", year, "age")


def referral_sources(table: pd.DataFrame, year) -> pd.DataFrame:
    """Sources of referral: number and percentage of referrals in the year, by DfE source group."""
    return _breakdown_view(table, "referrals_by_source", year, "source")


def top_factors(table: pd.DataFrame, year, *, n: int = 10, comparators: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``n`` factors most often identified at the end of assessment in ``year`` (by percentage of
    assessments with any factor recorded), with the England percentage where published."""
    y = ReportingYear(year)
    area = table["area"].iat[0]
    t = table[table["area"].eq(area) & table["indicator"].eq("assessment_factors") & table["period"].eq(y.label)
              & table["unit"].eq("percent") & table["value"].notna()
              & ~table["breakdown"].isin(["factor:no_factors_identified", "factor:other"])]
    top = t.sort_values(["value", "breakdown"], ascending=[False, True]).head(n)["breakdown"].tolist()
    view = _breakdown_view(table[table["breakdown"].isin(top) | table["breakdown"].eq("all")],
                           "assessment_factors", year, "factor", comparators=comparators)
    order = [breakdown_label(b) for b in top]
    return view.assign(_o=view["row"].map({r: k for k, r in enumerate(order)})).sort_values("_o", kind="stable").drop(
        columns="_o").reset_index(drop=True)


def adolescent_table(table: pd.DataFrame, *, min_age: int = 13) -> pd.DataFrame:
    """Adolescents' share of each stage, from the ``adolescents`` rows of an indicator table
    (:func:`lscb_analysis.sections.child_protection.indicators.adolescents`, suppressed for the board)."""
    t = table[table["indicator"].eq("adolescents")]
    return pd.DataFrame([_cell(b.split(":", 1)[1], f"aged {min_age} and over (%)", r_, "percent")
                         for b, (_, r_) in zip(t["breakdown"], t.iterrows())], columns=_VIEW)


def board_tables(table: pd.DataFrame, comparators: pd.DataFrame | None, year) -> dict[str, pd.DataFrame]:
    """The section's main board tables by name, each from the (suppressed) indicator table and the
    published comparators: activity, change, stages, key facts, category, age, sources, factors."""
    return {
        "activity": activity_table(table, comparators, year),
        "change": change_table(table, year),
        "stages": stage_percentages(table, year, comparators=comparators),
        "key_facts": key_facts(table, comparators, year),
        "category": category_table(table, year, comparators=comparators),
        "age": age_table(table, year),
        "sources": referral_sources(table, year),
        "factors": top_factors(table, year, comparators=comparators),
    }


def held(table: pd.DataFrame, indicators) -> list[str]:
    """The ``indicators`` (in order, once each) the table has any row for: the ones a table built from it
    can show figures of, and so the ones whose method notes belong under it."""
    present = set(table["indicator"])
    return [i for i in dict.fromkeys(indicators) if i in present]
