"""The house style for charts: UK Government Analysis Function guidance.

Colours are the ``afcharts`` palette (Government Analysis Function, "Data
visualisation: colours"); titles state the finding; every chart carries alt text
(``fig.lscb_alt``), which :func:`lscb_analysis.report.show_figure` writes into the HTML.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

__all__ = ["COLOURS", "use_style", "bar", "trend", "comparison", "funnel", "with_alt"]

# afcharts main palette, in order of use
COLOURS = {
    "dark_blue": "#12436D",
    "turquoise": "#28A197",
    "dark_pink": "#801650",
    "orange": "#F46A25",
    "dark_grey": "#3D3D3D",
    "light_purple": "#A285D1",
}
PALETTE = list(COLOURS.values())
# the area itself is dark blue; England grey; others follow
AREA_COLOUR = COLOURS["dark_blue"]
ENGLAND_COLOUR = COLOURS["dark_grey"]


def use_style() -> None:
    """Apply the house style to matplotlib (and seaborn if present)."""
    try:
        import seaborn as sns

        sns.set_theme(style="whitegrid", palette=PALETTE)
    except ImportError:  # pragma: no cover
        pass
    plt.rcParams.update({
        "figure.figsize": (8, 4.2),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "font.size": 11,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
        "legend.frameon": False,
        "svg.hashsalt": "lscb-analysis",
    })


def with_alt(fig, alt: str):
    """Attach alt text to a figure (read by report.show_figure)."""
    fig.lscb_alt = alt
    return fig


def bar(labels: Sequence[str], values: Sequence[float], *, title: str, alt: str, xlabel: str = "",
        highlight: str | None = None, lower=None, upper=None, horizontal: bool = True):
    """A bar chart, optionally highlighting one label and drawing confidence intervals."""
    use_style()
    values = np.asarray(values, dtype=float)
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.45 * len(labels) + 1.2)) if horizontal else (8, 4.2))
    colours = [AREA_COLOUR if (highlight is None or lab == highlight) else COLOURS["turquoise"] for lab in labels]
    if highlight is not None:
        colours = [AREA_COLOUR if lab == highlight else ("#8A8A8A" if lab == "England" else COLOURS["turquoise"])
                   for lab in labels]
    pos = np.arange(len(labels))
    err = None
    if lower is not None and upper is not None:
        lo, hi = np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)
        err = np.vstack([np.nan_to_num(values - lo), np.nan_to_num(hi - values)])
    if horizontal:
        ax.barh(pos, np.nan_to_num(values), color=colours, xerr=err, ecolor=COLOURS["dark_grey"], capsize=3)
        ax.set_yticks(pos, labels)
        ax.invert_yaxis()
        ax.set_xlabel(xlabel)
        ax.grid(axis="y", visible=False)
    else:
        ax.bar(pos, np.nan_to_num(values), color=colours, yerr=err, ecolor=COLOURS["dark_grey"], capsize=3)
        ax.set_xticks(pos, labels)
        ax.set_ylabel(xlabel)
        ax.grid(axis="x", visible=False)
    ax.set_title(title)
    fig.tight_layout()
    return with_alt(fig, alt)


def trend(data: pd.DataFrame, *, x: str, y: str, series: str, title: str, alt: str, ylabel: str = "",
          highlight: str | None = None, lower: str | None = None, upper: str | None = None):
    """Lines over years, one per ``series`` value; the highlighted series drawn thickest with its CI band."""
    use_style()
    fig, ax = plt.subplots()
    names = list(dict.fromkeys(data[series]))
    if highlight in names:
        names = [highlight] + [n for n in names if n != highlight]
    others = iter(PALETTE[1:])
    for name in names:
        sub = data[data[series].eq(name)].sort_values(x)
        colour = AREA_COLOUR if name == highlight else (ENGLAND_COLOUR if name == "England" else next(others, "#8A8A8A"))
        ax.plot(sub[x].astype(str), sub[y], marker="o", label=name, color=colour,
                linewidth=2.6 if name == highlight else 1.6,
                linestyle="-" if name in (highlight, "England") else "--")
        if name == highlight and lower and upper and sub[lower].notna().any():
            ax.fill_between(sub[x].astype(str), sub[lower], sub[upper], color=colour, alpha=0.15, linewidth=0)
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    return with_alt(fig, alt)


def comparison(data: pd.DataFrame, *, label: str, value: str, title: str, alt: str, xlabel: str = "",
               highlight: str | None = None):
    """Horizontal bars comparing areas (the area highlighted, England in grey)."""
    return bar(data[label].tolist(), data[value].tolist(), title=title, alt=alt, xlabel=xlabel, highlight=highlight)


def funnel(points: pd.DataFrame, limits: pd.DataFrame, *, x: str, y: str, label: str, target: float,
           title: str, alt: str, xlabel: str, ylabel: str, highlight: str | None = None):
    """A funnel plot: every authority as a point, the target line, 95% and 99.8% control limits."""
    use_style()
    fig, ax = plt.subplots(figsize=(8, 4.8))
    base = limits.columns[0]
    ax.plot(limits[base], limits["lower_95"], color=COLOURS["dark_grey"], linestyle="--", linewidth=1, label="95% limits")
    ax.plot(limits[base], limits["upper_95"], color=COLOURS["dark_grey"], linestyle="--", linewidth=1)
    ax.plot(limits[base], limits["lower_99.8"], color=COLOURS["dark_grey"], linestyle=":", linewidth=1, label="99.8% limits")
    ax.plot(limits[base], limits["upper_99.8"], color=COLOURS["dark_grey"], linestyle=":", linewidth=1)
    ax.axhline(target, color=COLOURS["dark_grey"], linewidth=1, label="England")
    others = points[points[label].ne(highlight)] if highlight else points
    ax.scatter(others[x], others[y], s=14, color=COLOURS["turquoise"], alpha=0.7, label="Other authorities")
    if highlight is not None:
        me = points[points[label].eq(highlight)]
        ax.scatter(me[x], me[y], s=60, color=AREA_COLOUR, zorder=3, label=highlight)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    return with_alt(fig, alt)
