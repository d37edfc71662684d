"""The youth justice board charts, built only from an indicator table, in the house style
(:mod:`lscb_analysis.report.plots`). Each title states the finding, from the figures."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.sections.youth_justice.reoffending import is_annual_cohort


def _fmt(value, unit) -> str:
    from lscb_analysis.report import display as report

    return report.format_value(value, unit) + ("%" if unit == "percent" else "")


def _mark_hidden(fig, symbols: Sequence[str], values: Sequence[float], *, horizontal: bool):
    """Write the symbol ("c" suppressed, "x" not available) where a bar has no value, so a hidden bar is
    not read as a zero."""
    ax = fig.axes[0]
    for i, (sym, v) in enumerate(zip(symbols, values)):
        if pd.isna(v):
            label = sym or "x"
            if horizontal:
                ax.text(0, i, f" {label}", va="center", ha="left")
            else:
                ax.text(i, 0, label, va="bottom", ha="center")
    return fig


def trend_chart(trend_table: pd.DataFrame, indicator: str, unit: str, *, ylabel: str, what: str):
    """A line chart of one measure over the years with its confidence band; the title states the change
    between the first and last years shown (from the figures, never typed in)."""
    from lscb_analysis.report import plots

    t = ind.select(trend_table, indicator, unit=unit).copy()
    if indicator.startswith("reoffending"):
        t = t[is_annual_cohort(t) & t["status"].eq("final")]
    t = t.sort_values("period")
    shown = t.dropna(subset=["value"])
    if len(shown) >= 2:
        a, b = shown.iloc[0], shown.iloc[-1]
        word = "fell" if b["value"] < a["value"] else ("rose" if b["value"] > a["value"] else "was unchanged")
        title = (f"{what} {word} from {_fmt(a['value'], unit)} in {a['period']} to {_fmt(b['value'], unit)} "
                 f"in {b['period']}")
    elif len(shown) == 1:
        title = f"{what}: {_fmt(shown.iloc[0]['value'], unit)} in {shown.iloc[0]['period']}"
    else:
        title = f"{what}: no figures to show"
    alt = (f"Line chart of {what.lower()} ({unit}) for {t['area'].iloc[0] if len(t) else 'the area'}, "
           + "; ".join(f"{p}: {_fmt(v, unit) if not pd.isna(v) else 'not shown'}"
                       for p, v in zip(t["period"], t["value"])) + ". The shaded band is the 95% confidence interval.")
    return plots.trend(t, x="period", y="value", series="area", title=title, alt=alt, ylabel=ylabel,
                       highlight=t["area"].iloc[0] if len(t) else None, lower="lower", upper="upper")


def distribution_chart(table: pd.DataFrame, indicator: str, *, what: str):
    """Bars of the share of start assessments at each level, with 95% limits; the title names the most
    common level."""
    from lscb_analysis.report import plots

    t = table[table["indicator"].eq(indicator) & table["unit"].eq("percent")
              & table["breakdown"].str.startswith("level:")]
    labels = t["breakdown"].str.replace("level:", "", regex=False).str.replace("_", " ").tolist()
    if t["value"].notna().any():
        top = t.loc[t["value"].idxmax()]
        level = top["breakdown"].replace("level:", "").replace("_", " ")
        if top["value"] > 50:
            title = f"Most start assessments rated {what.lower()} {level} ({_fmt(top['value'], 'percent')})"
        else:
            title = (f"More start assessments rated {what.lower()} {level} than any other level "
                     f"({_fmt(top['value'], 'percent')})")
    else:
        title = f"{what}: no figures to show"
    alt = (f"Bar chart of start assessments by {what.lower()} level: "
           + "; ".join(f"{lab}: {_fmt(v, 'percent') if not pd.isna(v) else 'suppressed'}"
                       for lab, v in zip(labels, t["value"])) + ".")
    fig = plots.bar(labels, t["value"].tolist(), title=title, alt=alt, xlabel="% of start assessments",
                    lower=t["lower"].tolist(), upper=t["upper"].tolist())
    sym = t["symbol"].fillna("").tolist() if "symbol" in t.columns else [""] * len(t)
    return _mark_hidden(fig, sym, t["value"].tolist(), horizontal=True)


def remands_chart(trend_table: pd.DataFrame):
    """Bars of children remanded to custody each year."""
    from lscb_analysis.report import plots

    t = ind.select(trend_table, "custody_remands").sort_values("period")
    if t["value"].notna().sum() >= 2:
        shown = t.dropna(subset=["value"])
        a, b = shown.iloc[0], shown.iloc[-1]
        title = (f"Children remanded to custody: {_fmt(b['value'], 'count')} in {b['period']}, "
                 f"against {_fmt(a['value'], 'count')} in {a['period']}")
    else:
        title = "Children remanded to custody by year"
    sym = t["symbol"] if "symbol" in t.columns else pd.Series("", index=t.index)
    alt = ("Bar chart of children remanded to custody by year: "
           + "; ".join(f"{p}: " + (_fmt(v, 'count') if not pd.isna(v) else
                                   ("1 to 5 (suppressed)" if s == "c" else "not available"))
                       for p, v, s in zip(t["period"], t["value"], sym)) + ".")
    fig = plots.bar(t["period"].tolist(), t["value"].tolist(), title=title, alt=alt, horizontal=False,
                    xlabel="children")
    return _mark_hidden(fig, sym.fillna("").tolist(), t["value"].tolist(), horizontal=False)

