"""The child protection section as notebook 01 shows it: what there is for an area and year (its own
extracts, or DfE's published figures), its indicator table (suppressed for the board), comparators, and
the adolescents' shares. One call loads, computes once, suppresses once, and hands the results down to
the tables (:mod:`.tables`), charts (:mod:`.charts`) and sentences (:mod:`.text`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lscb_analysis.core import suppression
from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.inputs import dfe
from lscb_analysis.inputs.config import load_area
from lscb_analysis.sections.child_protection.indicators import adolescents, indicators
from lscb_analysis.sections.child_protection.load import CPData, has_local_data, load

__all__ = ["Section", "section"]


@dataclass
class Section:
    """Everything notebook 01 shows for one area and year."""

    name: str
    year: ReportingYear
    years: list[ReportingYear]
    mode: str  # "local" (the area's own extracts) or "published" (DfE statistics only)
    synthetic: bool
    data: CPData | None
    table: pd.DataFrame  # the area's indicators over ``years`` (suppressed if asked)
    comparators: pd.DataFrame  # England, region, statistical neighbours
    note: str = ""
    adolescents: pd.DataFrame | None = None  # adolescents' share of each stage (local mode; suppressed if asked)

    @property
    def published(self) -> bool:
        """True when the area's figures are DfE's published statistics (no local extracts)."""
        return self.mode == "published"

    @property
    def label(self) -> str:
        return f"{self.name} (synthetic data)" if self.synthetic else self.name


def section(area: str, year, raw_dir, trend_years: int = 5, suppress: bool = True) -> Section:
    """Load what there is for ``area``: its own extracts if ``raw_dir/<area>`` has any (local mode),
    else DfE's published figures for the authority (published mode); with comparators. ``suppress``
    applies disclosure control to the area's figures (published comparators are already controlled)."""
    place = load_area(area)
    y = ReportingYear(year)
    years = y.trend(trend_years)
    area_dir = place.data_dir(raw_dir)
    data = load(area_dir, area=place.name) if has_local_data(area_dir) else None
    if data is not None and data.has_cin and y not in data.census_years:
        covered = ", ".join(c.label for c in data.census_years)
        if place.synthetic or not place.old_la_code:
            raise ValueError(f"{place.name}: no CIN census return covers {y.label} (the returns cover {covered}), "
                             "and there are no published figures to fall back on")
        data = None  # a real authority: show what DfE published for the year instead
    if data is not None:
        table = indicators(data, [t for t in years if not data.census_years or t in data.census_years])
        mode, note = "local", ""
    else:
        data, mode = None, "published"
        table = dfe.indicators(place.name, years)
        note = (f"{place.name} has no local child-level extracts in {area_dir}: these are the figures DfE "
                "published for it.")
        if table[table["period"].eq(y.label) & table["value"].notna()].empty:
            raise ValueError(f"DfE has published no child protection figures for {place.name} in {y.label}")
    comps = dfe.comparators(place.name, years)
    young = adolescents(data, y) if data is not None else None
    if suppress:
        table = suppression.suppress(table)
        young = suppression.suppress(young) if young is not None else None
    return Section(name=place.name, year=y, years=years, mode=mode, synthetic=place.synthetic, data=data,
                   table=table, comparators=comps, note=note, adolescents=young)

