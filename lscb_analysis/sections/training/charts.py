"""The training section's charts, in the house style (``report/plots.py``), from an indicator table or the
confidence change. Each title states the finding; each chart carries alt text."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lscb_analysis.sections.training.tables import INDICATOR_LABELS, cell

__all__ = ["trend_chart", "confidence_chart"]


def trend_chart(table: pd.DataFrame, names: list[str], *, ylabel: str):
    """Lines over years for the indicators ``names`` (breakdown "all", or stage:after for the response rate),
    from a trend table. The title says how the first indicator moved over the period."""
    from lscb_analysis.report import plots  # matplotlib only when a chart is drawn

    rows = table[table["indicator"].isin(names) & (
        table["breakdown"].eq("all") | table["breakdown"].eq("stage:after"))].copy()
    rows["series"] = rows["indicator"].map(lambda n: INDICATOR_LABELS.get(n, n).replace(" (%)", ""))
    first = rows[rows["indicator"].eq(names[0])].sort_values("period")
    label = INDICATOR_LABELS.get(names[0], names[0]).replace(" (%)", "")
    vals = first.dropna(subset=["value"])
    if len(vals) >= 2:
        a, b = vals.iloc[0], vals.iloc[-1]
        direction = "rose" if b["value"] > a["value"] else ("fell" if b["value"] < a["value"] else "was unchanged")
        title = f"{label} {direction} between {a['period']} and {b['period']}"
    else:
        title = f"{label} by year"
    alt = title + ". " + "; ".join(
        f"{s} {p}: {cell(r)}" for s, p, r in
        ((r["series"], r["period"], r) for _, r in rows.sort_values(["series", "period"]).iterrows()))
    highlight = rows["series"].iloc[0] if len(rows) else None
    return plots.trend(rows, x="period", y="value", series="series", title=title, alt=alt, ylabel=ylabel,
                       highlight=highlight)


def confidence_chart(change: pd.DataFrame):
    """Median confidence before and after, one line per group with matched pairs (a dumbbell chart). The title
    states the finding; alt text lists the medians."""
    import matplotlib.pyplot as plt

    from lscb_analysis.report import plots  # sets the backend before pyplot is imported

    shown = change[change["pairs"] > 0].sort_values("median_after")
    plots.use_style()
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.45 * len(shown) + 1.4)))
    pos = np.arange(len(shown))
    ax.hlines(pos, shown["median_before"], shown["median_after"], color="#BFBFBF", linewidth=3, zorder=1)
    ax.scatter(shown["median_before"], pos, color=plots.COLOURS["orange"], s=60, label="Before the course", zorder=2)
    ax.scatter(shown["median_after"], pos, color=plots.COLOURS["dark_blue"], s=60, label="After the course", zorder=3)
    ax.set_yticks(pos, shown["label"].tolist())
    ax.set_xlim(0.5, 10.5)
    ax.set_xlabel("Median self-rated confidence (1 to 10)")
    ax.grid(axis="y", visible=False)
    rose = int((shown["median_after"] > shown["median_before"]).sum())
    if len(shown) == 0:
        title = "Too few matched ratings to show confidence before and after"
    elif rose == len(shown):
        title = "Median confidence was higher after the course in every group shown"
    else:
        title = f"Median confidence was higher after the course in {rose} of {len(shown)} groups shown"
    ax.set_title(title)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.02), ncol=2)
    fig.tight_layout()
    alt = title + ". " + "; ".join(
        f"{lab}: {b:g} before, {a:g} after" for lab, b, a in
        zip(shown["label"], shown["median_before"], shown["median_after"]))
    return plots.with_alt(fig, alt)
