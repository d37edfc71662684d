"""The training section's board tables, built only from an indicator table of one year (after
``suppression.suppress`` when the board edition is built: no training indicator is hidden by it, as they
count professionals, courses and organisations, not children) and from :func:`confidence_change`.

Every function returns a display frame of strings; figures are rounded half up at display only, to the
decimal places :func:`lscb_analysis.core.definitions.display_digits` gives (training days to one place,
as on the key facts page).
"""

from __future__ import annotations

import pandas as pd

from lscb_analysis.core import definitions, rates
from lscb_analysis.core import indicators as ind
from lscb_analysis.report.display import format_value
from lscb_analysis.sections.training.codes import SECTOR_LABELS, SECTORS, label
from lscb_analysis.sections.training.indicators import HEADLINE_TREND

__all__ = ["INDICATOR_LABELS", "cell", "cells", "first_row", "figure", "p_text", "p_phrase", "wide_view",
           "sector_reach", "sectors_not_reached", "trend_view", "kirkpatrick", "confidence_view"]

INDICATOR_LABELS = {
    "courses_delivered": "Courses delivered", "training_days": "Training days", "places_offered": "Places offered",
    "delegates_attended": "Delegates attended", "fill_rate": "Fill rate (%)",
    "did_not_attend_rate": "Did not attend (%)", "delegates_by_sector": "Delegates attended",
    "organisations_reached": "Organisations reached", "elearning_completions": "E-learning completions",
    "individual_delegates": "Individual delegates", "elearning_in_progress": "E-learning in progress",
    "elearning_completion_rate": "E-learning completion rate (%)",
    "evaluation_response_rate": "Evaluation response rate (%)", "objectives_met": "Objectives met (%)",
    "would_recommend": "Would recommend (%)", "confidence_before": "Median confidence before (1-10)",
    "confidence_after": "Median confidence after (1-10)", "applied_learning": "Applied learning (%)",
}


def cell(row) -> str:
    """One indicator row as printed: its value rounded half up for its indicator and unit, or its symbol."""
    return format_value(row["value"], row["unit"], row.get("symbol", ""),
                        definitions.display_digits(row["indicator"], row["unit"]))


def cells(rows: pd.DataFrame) -> list[str]:
    """:func:`cell` of each row of ``rows``, in order."""
    symbols = rows["symbol"].tolist() if "symbol" in rows.columns else [""] * len(rows)
    return [format_value(v, u, s, definitions.display_digits(i, u)) for v, u, s, i in
            zip(rows["value"].tolist(), rows["unit"].tolist(), symbols, rows["indicator"].tolist())]


def first_row(table: pd.DataFrame, indicator: str, breakdown: str = "all") -> pd.Series | None:
    """The first row of ``table`` for ``indicator`` and ``breakdown``, or None."""
    rows = ind.select(table, indicator, breakdown=breakdown)
    return None if rows.empty else rows.iloc[0]


def figure(table: pd.DataFrame, indicator: str, breakdown: str = "all") -> str:
    """An indicator's figure as printed ("x" where the table has no such row)."""
    row = first_row(table, indicator, breakdown)
    return "x" if row is None else cell(row)


def p_text(p: float) -> str:
    """A p-value as shown in a table: three decimal places, or "<0.001"."""
    if pd.isna(p):
        return ""
    return "<0.001" if p < 0.001 else f"{rates.round_half_up(p, 3):.3f}"


def p_phrase(p: float) -> str:
    """A p-value in a sentence: "p < 0.001" or "p = 0.012"."""
    return "p < 0.001" if p < 0.001 else f"p = {p_text(p)}"


def wide_view(table: pd.DataFrame, dimension: str, columns: list[str]) -> pd.DataFrame:
    """A display table (strings): one row per value of ``dimension`` ("theme", "mode", "sector"), one column per
    indicator in ``columns``, cells formatted for their unit with the symbol of hidden cells."""
    sub = table[table["breakdown"].str.startswith(f"{dimension}:") & table["indicator"].isin(columns)
                & ~table["unit"].isin(["percentage points"])]
    if sub.empty:
        return pd.DataFrame(columns=[INDICATOR_LABELS.get(c, c) for c in columns])
    sub = sub.assign(_cell=cells(sub), _value=sub["breakdown"].str.split(":", n=1).str[1])
    view = sub.pivot_table(index="_value", columns="indicator", values="_cell", aggfunc="first")
    order = list(SECTORS) if dimension == "sector" else sorted(view.index)
    view = view.reindex(index=[v for v in order if v in view.index], columns=columns).fillna("")
    view.index = [label(dimension, v) for v in view.index]
    view.index.name = dimension.capitalize()
    view.columns = [INDICATOR_LABELS.get(c, c) for c in columns]
    return view


def sector_reach(table: pd.DataFrame) -> pd.DataFrame:
    """Reach by sector: delegates attended, organisations reached and e-learning completions, every sector."""
    return wide_view(table, "sector", ["delegates_by_sector", "organisations_reached", "elearning_completions"])


def sectors_not_reached(table: pd.DataFrame) -> pd.DataFrame:
    """Sectors with no delegate on a course in the year (``delegates_by_sector`` is 0), with their e-learning
    completions (which may show the sector was reached another way). Columns sector, label,
    elearning_completions (formatted)."""
    rows = ind.select(table, "delegates_by_sector", breakdown=None)
    zero = rows[rows["breakdown"].str.startswith("sector:") & rows["value"].eq(0)]
    el = ind.select(table, "elearning_completions", breakdown=None)
    el = el[el["breakdown"].str.startswith("sector:")].set_index("breakdown")
    out = []
    for s in zero["breakdown"].str.split(":", n=1).str[1]:
        key = f"sector:{s}"
        out.append({"sector": s, "label": SECTOR_LABELS[s],
                    "elearning_completions": cell(el.loc[key]) if key in el.index else "x"})
    return pd.DataFrame(out, columns=["sector", "label", "elearning_completions"])


def trend_view(history: pd.DataFrame) -> pd.DataFrame:
    """A display table (strings) of a ``trend`` table: one row per headline indicator, one column per year
    (the response rate is the after-course one)."""
    rows = history[history["breakdown"].eq("all") | history["breakdown"].eq("stage:after")]
    rows = rows.assign(_cell=cells(rows) if len(rows) else [],
                       _name=rows["indicator"].map(lambda n: INDICATOR_LABELS.get(n, n)))
    order = [INDICATOR_LABELS.get(n, n) for n in HEADLINE_TREND if n in set(rows["indicator"])]
    view = rows.pivot_table(index="_name", columns="period", values="_cell", aggfunc="first")
    view = view.reindex(index=order, columns=sorted(view.columns)).fillna("")
    view.index.name = None
    view.columns.name = None
    return view


def _learning(change: pd.DataFrame) -> str:
    """The Kirkpatrick level 2 result from the overall confidence change."""
    c = change.iloc[0]
    if c["pairs"] == 0:
        return "No delegate rated confidence both before and after."
    test = (f"Wilcoxon {p_phrase(c['p_value'])}, r = {format_value(c['effect_size'], 'ratio')}"
            if not c["note"] else "no test: too few changed ratings")
    return (f"Median confidence {format_value(c['median_before'], 'score')} before, "
            f"{format_value(c['median_after'], 'score')} after ({format_value(c['pairs'], 'count')} "
            f"matched pairs); {format_value(c['share_improved'], 'percent')}% more confident; {test}")


def kirkpatrick(table: pd.DataFrame, change: pd.DataFrame) -> pd.DataFrame:
    """The Kirkpatrick table: for levels 1 (reaction), 2 (learning), 3 (behaviour) and 4 (results), what the
    level asks, what measures it here, the result (from the year's indicator table and the overall
    ``confidence_change``), and what is not measured."""
    rows = [
        {"Level": "1 Reaction", "Asks": "Did delegates find the training worthwhile?",
         "Measured by": "After-course form: objectives met (4 or 5 of 5); would recommend",
         "Result": (f"Objectives met {figure(table, 'objectives_met')}%; would recommend "
                    f"{figure(table, 'would_recommend')}%; response rate "
                    f"{figure(table, 'evaluation_response_rate', 'stage:after')}%"),
         "Not measured": "The views of delegates who did not return a form"},
        {"Level": "2 Learning", "Asks": "Did delegates learn?",
         "Measured by": "Self-rated confidence (1 to 10) before and after, matched by delegate",
         "Result": _learning(change),
         "Not measured": "Knowledge or skill tested directly; whether confidence lasts"},
        {"Level": "3 Behaviour", "Asks": "Did practice change?",
         "Measured by": "Follow-up form about three months later: learning applied (yes, partly, no)",
         "Result": (f"Applied fully or partly {figure(table, 'applied_learning')}% (fully "
                    f"{figure(table, 'applied_learning', 'answer:yes')}%); response rate "
                    f"{figure(table, 'evaluation_response_rate', 'stage:follow_up')}%"),
         "Not measured": "Observed practice, supervision or case audit evidence; it is self-reported by those "
                         "who replied, who may be the most engaged"},
        {"Level": "4 Results", "Asks": "Are children safer?",
         "Measured by": "Nothing in these data",
         "Result": "Not measured",
         "Not measured": "Outcomes for children cannot be attributed to training from attendance and forms; "
                         "multi-agency case audits are the route"},
    ]
    return pd.DataFrame(rows)


def confidence_view(change: pd.DataFrame) -> pd.DataFrame:
    """A display table (strings) of ``confidence_change``: one row per group. These are professionals'
    ratings of themselves, not figures about children, so nothing is hidden; a group with too few changed
    ratings for a test says so in its note."""
    out = [{
        "Group": r.label,
        "Pairs": format_value(r.pairs, "count"),
        "Median before": format_value(r.median_before, "score", "", 1),
        "Median after": format_value(r.median_after, "score", "", 1),
        "Median change": format_value(r.median_change, "score", "", 1),
        "Improved (%)": format_value(r.share_improved, "percent"),
        "p-value": p_text(r.p_value) or "no test",
        "Effect size (r)": "" if pd.isna(r.effect_size) else format_value(r.effect_size, "ratio"),
        "Note": r.note,
    } for r in change.itertuples(index=False)]
    return pd.DataFrame(out, columns=["Group", "Pairs", "Median before", "Median after", "Median change",
                                      "Improved (%)", "p-value", "Effect size (r)", "Note"])
