"""Child deaths: the plain sentences a board member reads, from an indicator table (suppressed or not);
a hidden figure is never printed, the sentence says it is too small to publish."""

from __future__ import annotations

import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core import suppression
from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.core.rates import round_half_up
from lscb_analysis.sections.child_deaths.codes import MIN_DEATHS_FOR_RATE, UNIT, pooled_label
from lscb_analysis.sections.child_deaths.tables import fmt


def _n(value) -> str:
    return f"{int(round_half_up(value, 0)):,}"


def _children(n: float) -> str:
    return "one child" if n == 1 else f"{_n(n)} children"


def deaths_sentence(table: pd.DataFrame, area: str, year, pooled_years: int = 3) -> str:
    """A plain-English sentence on deaths and the rate for ``area`` in ``year`` from an indicator table
    (suppressed or not). Where the year has fewer than 10 deaths it says a rate would mean little and
    gives the pooled three-year rate instead; where a count is hidden it says so, without the number."""
    y = ReportingYear(year)
    pooled = pooled_label(y.trend(pooled_years))
    cell = ind.Cells(table)
    count = cell(area, y.label, "child_deaths", "all", "count")
    rate = cell(area, y.label, "child_deaths", "all", UNIT)
    p_count = cell(area, pooled, "child_deaths", "all", "count")
    p_rate = cell(area, pooled, "child_deaths", "all", UNIT)
    if count is None:
        return f"There are no figures for child deaths in {area} in {y.label}."
    who = f"children resident in {area}" if area not in ("",) else "children"
    if count.get("symbol", "") == suppression.SYMBOL or pd.isna(count["value"]):
        first = (f"The number of {who} who died in {y.label} is too small to publish without risking "
                 "identifying a child, so it is not shown.")
        small = True
    else:
        n = count["value"]
        if n == 0:
            return f"No child resident in {area} died in {y.label}."
        first = f"{_children(n).capitalize()} resident in {area} died in {y.label}."
        small = n < MIN_DEATHS_FOR_RATE
        if not small and rate is not None and not pd.isna(rate["value"]):
            first = (f"{_children(n).capitalize()} resident in {area} died in {y.label}, a rate of "
                     f"{fmt(rate['value'], UNIT)} per 100,000 children aged 0-17 (95% confidence interval "
                     f"{fmt(rate['lower'], UNIT)} to {fmt(rate['upper'], UNIT)}).")
            return first
    if not small:
        return first
    second = ("With fewer than 10 deaths a rate for a single year would mean little: one death more or fewer "
              "changes it a great deal.")
    if p_count is None or p_rate is None or pd.isna(p_count["value"]) or pd.isna(p_rate["value"]):
        return f"{first} {second}"
    if p_count["value"] < MIN_DEATHS_FOR_RATE:
        return (f"{first} {second} Even over the three years {pooled} there were too few deaths "
                f"({_n(p_count['value'])}) for a reliable rate.")
    return (f"{first} {second} Over the three years {pooled}, {_children(p_count['value'])} died, a rate of "
            f"{fmt(p_rate['value'], UNIT)} per 100,000 children aged 0-17 a year (95% confidence interval "
            f"{fmt(p_rate['lower'], UNIT)} to {fmt(p_rate['upper'], UNIT)}).")


def reviews_sentence(table: pd.DataFrame, area: str, period: str) -> str:
    """Reviews completed in ``period``, how many concerned deaths in earlier years, and the share with
    modifiable factors (of those where the panel could decide), hidden figures left out."""
    cell = ind.Cells(table)
    reviews = cell(area, period, "reviews_completed", "all", "count")
    earlier = cell(area, period, "reviews_completed", "death:before the period", "count")
    pct = cell(area, period, "reviews_with_modifiable_factors", "all", "percent")
    if reviews is None:
        return f"There are no figures for child death reviews in {period}."
    if pd.isna(reviews["value"]):
        return (f"The number of reviews of deaths of children resident in {area} completed in {period} is too "
                "small to publish.")
    r = reviews["value"]
    if r == 0:
        return f"The panel completed no reviews of deaths of children resident in {area} in {period}."
    text = f"The panel completed {_n(r)} review{'s' if r != 1 else ''} of deaths of children resident in {area} in {period}"
    if earlier is not None and not pd.isna(earlier["value"]) and earlier["value"] > 0:
        text += f", {_n(earlier['value'])} of them of children who died in an earlier year"
    text += "."
    if pct is not None and not pd.isna(pct["value"]):
        text += (f" Of the reviews where the panel had enough information to decide, {fmt(pct['value'], 'percent')}% "
                 f"found modifiable factors (95% confidence interval {fmt(pct['lower'], 'percent')}% to "
                 f"{fmt(pct['upper'], 'percent')}%).")
    elif pct is not None:
        text += " The share with modifiable factors is not shown: the numbers are too small."
    return text


def panel_sentence(table: pd.DataFrame, panel: str, areas: list[str], period: str) -> str:
    """'The panel was notified of 58 deaths: 19 in A, 17 in B and 22 in C' (hidden figures left out)."""
    cell = ind.Cells(table)
    total = cell(panel, period, "child_deaths", "all", "count")
    if total is None:
        return ""
    parts = []
    for a in areas:
        c = cell(panel, period, "child_deaths", f"residence:{a}", "count")
        if c is not None and not pd.isna(c["value"]):
            parts.append(f"{_n(c['value'])} in {a}")
    if pd.isna(total["value"]):
        head = (f"The panel's total for {period} is not shown, because a figure for one of its areas is too "
                "small to publish and could otherwise be worked out")
    else:
        head = f"The {panel} panel reviews the deaths of children resident in its {len(areas)} areas: " \
               f"{_n(total['value'])} children died in {period}"
    return head + (f" ({', '.join(parts)})." if parts else ".") + _change(cell, panel, period)


def _change(cell, area: str, period: str) -> str:
    """' In 2023-24, 62 children died: 6% fewer this year.' where both are shown ('' otherwise)."""
    before = ReportingYear(period).previous().label
    count = cell(area, before, "child_deaths", "all", "count")
    change = cell(area, period, "child_deaths_change", "all", "percent")
    if count is None or pd.isna(count["value"]):
        return ""
    text = f" In {before}, {_children(count['value'])} died"
    if change is None or pd.isna(change["value"]):
        return text + "."
    c = round_half_up(change["value"], 0)
    if c == 0:
        return text + ": about the same number."
    return text + f": {abs(int(c))}% {'more' if c > 0 else 'fewer'} died in {period}."


def unexpected_sentence(table: pd.DataFrame, area: str, period: str) -> str:
    """Unexpected deaths, SUDI and rapid responses in ``period`` (hidden figures left out)."""
    cell = ind.Cells(table)
    parts, hidden = [], []
    for name, words, label in (("child_deaths_unexpected", "were unexpected", "unexpected deaths"),
                               ("sudi", "were sudden unexpected deaths of infants (SUDI)", "SUDI"),
                               ("rapid_responses", "had a rapid response by health, police and social care",
                                "rapid responses")):
        c = cell(area, period, name, "all", "count")
        if c is not None and not pd.isna(c["value"]):
            parts.append(f"{_n(c['value'])} {words}")
        elif c is not None:
            hidden.append(label)
    text = f"Of the deaths of children resident in {area} in {period}, " + "; ".join(parts) + "." if parts else ""
    if hidden:
        names = hidden[0] if len(hidden) == 1 else ", ".join(hidden[:-1]) + " and " + hidden[-1]
        text += (" " if text else "") + f"The numbers of {names} in {period} are too small to publish."
    return text


def comparison_word(table: pd.DataFrame, area: str, other: str, period: str) -> str:
    """'higher than', 'lower than' or 'similar to': ``area``'s death rate against ``other``'s in ``period``,
    judged by whether ``area``'s 95% confidence interval excludes ``other``'s rate; '' if either is missing."""
    cell = ind.Cells(table)
    mine = cell(area, period, "child_deaths", "all", UNIT)
    theirs = cell(other, period, "child_deaths", "all", UNIT)
    if mine is None or theirs is None or pd.isna(mine["value"]) or pd.isna(theirs["value"]):
        return ""
    if mine["lower"] > theirs["value"]:
        return "higher than"
    if mine["upper"] < theirs["value"]:
        return "lower than"
    return "similar to"


