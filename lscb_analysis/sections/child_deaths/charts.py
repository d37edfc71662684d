"""Child deaths: the board's charts, built only from an indicator table, in the house style
(``report/plots.py``)."""

from __future__ import annotations

import pandas as pd

from lscb_analysis.sections.child_deaths.codes import MIN_DEATHS_FOR_RATE, UNIT
from lscb_analysis.sections.child_deaths.tables import fmt
from lscb_analysis.sections.child_deaths.text import comparison_word


def trend_chart(by_year: pd.DataFrame, area: str, panel: str, pooled: pd.DataFrame | None = None,
                pooled_period: str | None = None):
    """Deaths per 100,000 children aged 0-17 each year for ``area`` and its panel (hidden years left as
    gaps, never drawn as zero), titled with the finding from the pooled rates when given."""
    from lscb_analysis.report import plots

    rates = by_year[by_year["unit"].eq(UNIT) & by_year["breakdown"].eq("all") & by_year["area"].isin([area, panel])
                    & ~by_year["period"].str.contains(" to ")]
    # no rate on fewer than 10 deaths, as in the tables
    rates = rates.assign(**{c: rates[c].where(rates["numerator"].ge(MIN_DEATHS_FOR_RATE)) for c in ("value", "lower", "upper")})
    data = rates.assign(series=rates["area"].replace({panel: "Panel"}))[["period", "series", "value", "lower", "upper"]]
    word = comparison_word(pooled, area, panel, pooled_period) if pooled is not None and pooled_period else ""
    if word:
        title = f"{area}'s child death rate was {word} the panel's"
    else:
        title = f"Child deaths per 100,000 children aged 0-17, {area} and its panel"
    shown = data[data["series"].eq(area) & data["value"].notna()]
    alt = (f"Line chart of child deaths per 100,000 children aged 0-17 each year from {data['period'].min()} to "
           f"{data['period'].max()} for {area} and the panel ({panel}). "
           + (f"{area}'s rate ranged from {fmt(shown['value'].min(), UNIT)} to {fmt(shown['value'].max(), UNIT)}. "
              if len(shown) else "")
           + "Years with fewer than 10 deaths, or figures too small to publish, are left as gaps.")
    return plots.trend(data, x="period", y="value", series="series", title=title, alt=alt,
                       ylabel="Deaths per 100,000 aged 0-17", highlight=area, lower="lower", upper="upper")


