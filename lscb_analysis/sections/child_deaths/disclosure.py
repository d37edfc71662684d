"""Child deaths: the board's indicator tables, through the one suppression step.

Child deaths are the most sensitive figures a board sees. :func:`board_tables` builds every table a
report shows from one combined indicator table put through :func:`core.suppression.suppress` as a
whole, with the additive groups only this section has (:func:`linked_groups`): years within a pooled
period, the panel and its areas, and linked measures. :func:`board_safe` is that step for any CDOP
indicator table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core import suppression
from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.sections.child_deaths.indicators import (
    Call,
    deaths_by_year_rows,
    frame,
    indicator_rows,
    key,
    modifiable_rows,
    panel_rows,
    time_to_review_rows,
)
from lscb_analysis.sections.child_deaths.load import CDOPData

CELL = suppression.CELL
# a cell hidden on the right hides the cell on the left in the same area and period
LINKED = {
    ("reviews_with_modifiable_factors", "all"): [("reviews_completed", "modifiable:yes"),
                                                  ("reviews_completed", "modifiable:no")],
}


def crossed(breakdown: pd.Series) -> pd.Series:
    """True for a breakdown that crosses dimensions ('category:x|age:y', 'age:1-4;sex:male')."""
    return breakdown.str.count(":").gt(1) | breakdown.str.contains(r"[|;&]", regex=True)


def period_span(period: str) -> tuple[int, int]:
    """(first, last) start years of a period label: '2024-25' -> (2024, 2024); 'a to b' -> (a, b)."""
    ends = period.split(" to ")
    return ReportingYear(ends[0]).start_year, ReportingYear(ends[-1]).start_year


def linked_groups(table: pd.DataFrame, panel: str | None, panel_areas: list[str]):
    """The additive groups and links of a CDOP table, in cells (area, period, indicator, breakdown), for
    :func:`suppression.suppress`: ``groups`` as (parts, total or None), ``links`` as (target, sources).

    1. the breakdowns of one measure (age bands, sexes, categories, areas of residence);
    2. years: a pooled period ('2022-23 to 2024-25') is the sum of its single years, and a longer period
       less a shorter one inside it is the sum of the years between;
    3. linked measures: the % of reviews with modifiable factors is hidden with the count with or
       without them;
    4. the panel is the sum of its areas; an area's deaths and the panel's 'residence:<area>' cell are
       one figure;
    5. the change on the previous year is hidden with either year's count of deaths; infant deaths are
       the neonatal and post-neonatal age bands together, and neonatal deaths are the 0-27 days band.
    """
    cells = table[CELL].drop_duplicates().reset_index(drop=True)
    keys = list(cells.itertuples(index=False, name=None))
    present = set(keys)
    groups: list[tuple[list, tuple | None]] = []
    links: list[tuple[tuple, list]] = []
    dims = cells["breakdown"].str.split(":").str[0]
    for _, idx in cells[cells["breakdown"].ne("all")].groupby(
            [cells["area"], cells["period"], cells["indicator"], dims]).groups.items():
        if len(idx) > 1:
            groups.append(([keys[i] for i in idx], None))
    singles: dict[tuple, dict[int, tuple]] = {}
    pooled: dict[tuple, list[tuple[int, int, tuple]]] = {}
    for k in keys:
        a, period, indicator, b = k
        first, last = period_span(period)
        if first == last:
            singles.setdefault((a, indicator, b), {})[first] = k
        else:
            pooled.setdefault((a, indicator, b), []).append((first, last, k))
    for group, windows in pooled.items():
        years = singles.get(group, {})
        for first, last, k in windows:
            if all(y in years for y in range(first, last + 1)):
                groups.append(([years[y] for y in range(first, last + 1)], k))
            for f2, l2, j in windows:
                if j != k and first <= f2 and l2 <= last and (f2, l2) != (first, last):
                    rest = [y for y in range(first, last + 1) if not f2 <= y <= l2]
                    if all(y in years for y in rest):
                        groups.append(([years[y] for y in rest], k))
    for k in keys:
        a, p, indicator, b = k
        for src in LINKED.get((indicator, b), []):
            if (a, p, *src) in present:
                links.append((k, [(a, p, *src)]))
    if panel is not None and panel_areas:
        for k in keys:
            a, p, indicator, b = k
            if a != panel or b.startswith(("residence:", "outside_panel:")) or indicator.endswith("_change"):
                continue
            parts = [(area, p, indicator, b) for area in panel_areas]
            if all(part in present for part in parts):
                groups.append((parts, k))
        for area in panel_areas:
            for k in keys:
                a, p, indicator, b = k
                if a == area and indicator == "child_deaths" and b == "all":
                    j = (panel, p, "child_deaths", f"residence:{area}")
                    if j in present:
                        links += [(j, [k]), (k, [j])]
    for k in keys:
        a, p, indicator, b = k
        if indicator == "child_deaths_change" and " to " not in p:
            sources = [c for c in ((a, p, "child_deaths", "all"),
                                   (a, ReportingYear(p).previous().label, "child_deaths", "all")) if c in present]
            links.append((k, sources))
        elif indicator in ("infant_mortality_rate", "neonatal_mortality_rate"):
            neonatal = (a, p, "child_deaths_by_age", "age:0-27 days")
            post = (a, p, "child_deaths_by_age", "age:28-364 days")
            if indicator == "neonatal_mortality_rate" and neonatal in present:
                links += [(k, [neonatal]), (neonatal, [k])]
            elif neonatal in present and post in present:
                groups.append(([neonatal, post], k))
    return groups, links


def board_safe(table: pd.DataFrame, suppress: bool = True, *, panel: str | None = None,
               panel_areas: Iterable[str] = (), threshold: int = suppression.THRESHOLD) -> pd.DataFrame:
    """Disclosure control for published (board) CDOP output; ``suppress=False`` returns the table
    unchanged for reviewers (it must be switched off explicitly).

    Rows with crossed breakdowns (category by age by sex, ...) are dropped: they could identify a child.
    The rest go through :func:`suppression.suppress` (counts 1 to ``threshold`` shown as 'c', secondary
    suppression) with this section's :func:`linked_groups`, so no hidden figure can be worked out by
    adding or subtracting figures shown anywhere in the table. Returns the same rows (less crossed ones)
    with ``suppressed`` True and ``symbol`` 'c' where hidden.
    """
    if not suppress:
        out = table.copy()
        out["suppressed"] = False
        return out
    keep = table[~crossed(table["breakdown"].astype(str))].reset_index(drop=True)
    groups, links = linked_groups(keep, panel, list(panel_areas))
    return suppression.suppress(keep, threshold, groups=groups, links=links)


def board_tables(data: CDOPData, year, residence: str | None = None, trend_years: int = 5,
                 suppress: bool = True) -> dict[str, pd.DataFrame]:
    """Every CDOP table for a report, built from one combined indicator table that has been through
    :func:`board_safe` as a whole (so tables cannot be subtracted from each other), computed for the
    panel and every one of its areas (so the panel's figures and each area's report hide consistently).

    Returns indicator tables keyed ``indicators`` (the year and the pooled three years, area and
    panel), ``by_year`` (``trend_years`` single years and their span), ``modifiable``,
    ``time_to_review`` and ``panel`` (the year, the panel beside each area). With ``suppress=False``
    (reviewers only) nothing is hidden.
    """
    y = ReportingYear(year)
    trend = y.trend(trend_years)
    call = Call(data, residence, sorted(set(trend) | set(y.trend(3))))
    areas = list(data.panel_areas)
    own = call.select(residence).area
    parts: dict[str, list[list[dict]]] = {"indicators": [], "by_year": [], "modifiable": [], "time_to_review": [],
                                          "panel": []}
    for who in [None, *areas] + ([] if residence is None or own in areas else [own]):
        # the year before (the base of each change) comes with the panel's table, after the trend that holds it
        parts["indicators"].append(indicator_rows(call, y, who, 3, previous=False))
        parts["by_year"].append(deaths_by_year_rows(call, trend[0], trend[-1], who))
        parts["modifiable"].append(modifiable_rows(call, trend, who))
        parts["time_to_review"].append(time_to_review_rows(call, trend, who))
    parts["panel"].append(panel_rows(call, y))
    if residence is not None and own not in areas:
        parts["panel"].append(call.previous_deaths(call.select(own), y))
    # each table alone must be a valid indicator table (as indicators(), deaths_by_year()... return it)
    for tables in parts.values():
        for rows in tables:
            _check_rows(rows)
    # every figure once, in order of first appearance, through disclosure control as a whole
    first: dict[tuple, dict] = {}
    for tables in parts.values():
        for rows in tables:
            for row in rows:
                first.setdefault(key(row), row)
    safe = board_safe(ind.table(frame(list(first.values()))), suppress, panel=data.panel_name, panel_areas=areas)
    position = {k: i for i, k in enumerate(zip(*(safe[c] for c in ind.Cells.KEY)))}
    wanted = {own, data.panel_name, *areas}
    out = {}
    for name, tables in parts.items():
        shown = wanted if name == "panel" else {own, data.panel_name}
        keys = dict.fromkeys(key(row) for rows in tables for row in rows)
        out[name] = safe.iloc[[position[k] for k in keys if k[0] in shown]].reset_index(drop=True)
    return out


def _check_rows(rows: list[dict]) -> None:
    """Raise what :func:`indicators.validate` raises for a table of ``rows`` with a repeated row or a
    missing area, period or indicator (the checks that taking each figure once would otherwise hide)."""
    keys = [key(row) for row in rows]
    if len(set(keys)) != len(keys) or any(not (k[0] and k[1] and k[2]) for k in keys):
        ind.table(frame(rows))


def combined(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One indicator table from :func:`board_tables` (each figure once), e.g. to write to processed/."""
    frames = [t for t in tables.values() if len(t)]
    if not frames:
        return ind.empty()
    out = pd.concat(frames, ignore_index=True).drop_duplicates(CELL + ["unit"])
    return out.reset_index(drop=True)
