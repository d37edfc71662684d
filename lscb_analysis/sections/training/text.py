"""The plain sentences a board member reads on the training page, from the year's indicator table and
the confidence change (figures rounded half up at display, as in the tables)."""

from __future__ import annotations

import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core import rates
from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.report.display import format_value
from lscb_analysis.sections.training.codes import SECTOR_LABELS
from lscb_analysis.sections.training.tables import cell, figure, first_row, p_phrase, sectors_not_reached

__all__ = ["headlines", "gaps_sentence", "confidence_sentence"]


def _change_phrase(table: pd.DataFrame, indicator: str, previous: str) -> str:
    """', 3.2% more than in 2023-24' from an ``<indicator>_change`` row ('' if none or hidden)."""
    row = first_row(table, f"{indicator}_change")
    if row is None or pd.isna(row["value"]):
        return ""
    c = rates.round_half_up(row["value"], 1)
    if row["unit"] == "percent":
        if c == 0:
            return f", the same as in {previous}"
        return f", {abs(c):.1f}% {'more' if c > 0 else 'fewer'} than in {previous}"
    if row["unit"] == "percentage points":
        if c == 0:
            return f", the same as in {previous}"
        return f", {abs(c):.1f} percentage points {'higher' if c > 0 else 'lower'} than in {previous}"
    return ""


def headlines(table: pd.DataFrame, year: str | ReportingYear) -> list[str]:
    """Plain-English sentences for the board, from the indicator table of ``year`` (with its change rows)."""
    y = ReportingYear(year)
    prev = y.previous().label
    out = []
    courses = first_row(table, "courses_delivered")
    if courses is None or courses["value"] == 0:
        return [f"No multi-agency training course was recorded as delivered in {y.label}."]
    out.append(
        f"In {y.label} the partnership delivered {figure(table, 'courses_delivered')} multi-agency courses "
        f"({figure(table, 'training_days')} days of training) to {figure(table, 'delegates_attended')} delegates"
        f"{_change_phrase(table, 'delegates_attended', prev)}. They were {figure(table, 'individual_delegates')} "
        f"different people from {figure(table, 'organisations_reached')} organisations.")
    out.append(
        f"Delegates filled {figure(table, 'fill_rate')}% of the places offered"
        f"{_change_phrase(table, 'fill_rate', prev)}; {figure(table, 'did_not_attend_rate')}% of delegates booked "
        "(not counting bookings cancelled in advance) did not attend.")
    by_sector = ind.select(table, "delegates_by_sector", breakdown=None)
    by_sector = by_sector[by_sector["breakdown"].str.startswith("sector:")]
    if by_sector["value"].notna().any() and by_sector["value"].max() > 0:
        top = by_sector.loc[by_sector["value"].idxmax()]
        sector = top["breakdown"].split(":", 1)[1]
        out.append(
            f"The largest group was {SECTOR_LABELS[sector].lower()}: {cell(top)} delegates from "
            f"{figure(table, 'organisations_reached', top['breakdown'])} organisations.")
    missing = sectors_not_reached(table)
    if len(missing):
        names = [s.lower() for s in missing["label"]]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        out.append(f"No delegate came from {listed}.")
    if first_row(table, "elearning_completions") is not None:
        out.append(
            f"{figure(table, 'elearning_completions')} e-learning modules were completed"
            f"{_change_phrase(table, 'elearning_completions', prev)}, and {figure(table, 'elearning_in_progress')} "
            f"begun in the year were still in progress at 31 March: a completion rate of "
            f"{figure(table, 'elearning_completion_rate')}%.")
    if first_row(table, "objectives_met") is not None:
        out.append(
            f"{figure(table, 'evaluation_response_rate', 'stage:after')}% of delegates returned an after-course form; "
            f"of those who answered, {figure(table, 'objectives_met')}% said the course met its objectives and "
            f"{figure(table, 'would_recommend')}% would recommend it.")
        out.append(
            f"At follow-up ({figure(table, 'evaluation_response_rate', 'stage:follow_up')}% of delegates replied), "
            f"{figure(table, 'applied_learning')}% said they had applied the learning in practice fully or partly "
            f"({figure(table, 'applied_learning', 'answer:yes')}% fully).")
    return out


def gaps_sentence(gaps: pd.DataFrame) -> str:
    """A sentence naming the sectors no delegate came from (:func:`sectors_not_reached`), and whether e-learning
    reached them instead."""
    if gaps.empty:
        return "Every sector had at least one delegate on a course."
    parts = []
    for r in gaps.itertuples(index=False):
        el = r.elearning_completions
        if el in ("0", "x"):
            parts.append(f"{r.label.lower()} (and no e-learning completions either)")
        else:
            parts.append(f"{r.label.lower()} (though {el} e-learning modules were completed)")
    listed = parts[0] if len(parts) == 1 else "; ".join(parts[:-1]) + "; and " + parts[-1]
    return f"No delegate on a course came from {listed}. These are the sectors the programme is not reaching."


def confidence_sentence(change: pd.DataFrame) -> str:
    """A plain sentence about the overall (``by=None``) confidence change, from the figures."""
    r = change.iloc[0]
    n = int(r["pairs"])
    if n == 0:
        return "No delegate rated their confidence both before and after a course, so learning cannot be measured."
    text = (f"Among the {format_value(n, 'count')} delegates who rated their confidence (1 to 10) both before and "
            f"after a course, the median rating went from {format_value(r['median_before'], 'score')} to "
            f"{format_value(r['median_after'], 'score')}, and {format_value(r['share_improved'], 'percent')}% "
            "rated themselves more confident afterwards.")
    if r["note"]:
        return text + f" No statistical test was run ({r['note']})."
    if r["p_value"] < 0.05:
        verdict = ("This rise is statistically significant" if r["effect_size"] > 0
                   else "This fall is statistically significant")
    else:
        verdict = "This change is not statistically significant"
    return (text + f" {verdict} (Wilcoxon signed-rank test, {p_phrase(r['p_value'])}; rank-biserial effect size "
            f"r = {format_value(r['effect_size'], 'ratio')}, where 1 would mean every delegate whose rating changed "
            "rated higher).")
