"""Child deaths: the cleaned case records as arrays, the children a figure counts, their populations,
and the counts every indicator is taken from.

A public call (``indicators``, ``board_tables``...) encodes the records once with :func:`encode`,
chooses the children with :func:`select_residence`, looks the populations up once with
:func:`populations`, and passes them down. Nothing is kept from one call to the next, so a figure
always follows the data, also after a table is edited in place.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.inputs import population as population_mod
from lscb_analysis.sections.child_deaths.codes import (
    AGE_BANDS,
    CATEGORIES,
    ETHNIC_GROUPS,
    IMD_QUINTILES,
    MODIFIABLE,
    SEXES,
    panel_label,
)
from lscb_analysis.sections.child_deaths.load import CDOPData, reporting_year_start


@dataclass(frozen=True)
class Records:
    """The cleaned case records as NumPy arrays, one element per death, so that any selection of
    children and any run of years is counted with a few array operations. Codes are positions in
    AGE_BANDS, SEXES, MODIFIABLE and CATEGORIES (-1: none of them); years are start years of
    reporting years (NaN: unknown or not reviewed)."""

    residence: np.ndarray
    death_year: np.ndarray
    review_year: np.ndarray
    age_band: np.ndarray
    sex: np.ndarray
    unexpected: np.ndarray  # expected N
    sudi: np.ndarray  # sudden_unexpected Y and under one year at death
    rapid: np.ndarray  # rapid_response Y
    modifiable: np.ndarray
    category: np.ndarray
    within_6: np.ndarray  # review completed before 6 calendar months from the death
    within_12: np.ndarray  # review completed on or before 12 calendar months from the death
    days: np.ndarray  # days from death to completed review (NaN: not reviewed)
    ethnic_group: np.ndarray  # ETHNIC_GROUPS
    imd_quintile: np.ndarray  # IMD_QUINTILES (the last, 'not known', where there is no quintile)


def _flag(values: pd.Series) -> np.ndarray:
    return values.to_numpy(dtype=bool, na_value=False)


def _codes(values: pd.Series, categories) -> np.ndarray:
    return pd.Categorical(values, categories=list(categories)).codes.astype("int64")


def _years(dates: pd.Series) -> np.ndarray:
    return pd.to_numeric(reporting_year_start(dates)).to_numpy(dtype="float64", na_value=np.nan)


def encode(deaths: pd.DataFrame) -> Records:
    """The ``deaths`` table of :class:`CDOPData` as :class:`Records`, read as it is now: the years of death
    and review are worked out again from the dates, so an edited date moves the death or review."""
    died, review = deaths["date_of_death"], deaths["review_completed_date"]
    return Records(
        residence=deaths["residence"].to_numpy(dtype=object),
        death_year=_years(died),
        review_year=_years(review),
        age_band=_codes(deaths["age_band"], AGE_BANDS),
        sex=_codes(deaths["sex"], SEXES),
        unexpected=_flag(deaths["expected"].eq("N")),
        sudi=_flag(deaths["sudden_unexpected"].eq("Y") & deaths["age_years"].eq(0)),
        rapid=_flag(deaths["rapid_response"].eq("Y")),
        modifiable=_codes(deaths["modifiable"], MODIFIABLE),
        category=_codes(deaths["category"], CATEGORIES),
        within_6=_flag(review < died + pd.DateOffset(months=6)),
        within_12=_flag(review <= died + pd.DateOffset(months=12)),
        days=(review - died).dt.days.to_numpy(dtype="float64", na_value=np.nan),
        ethnic_group=_codes(deaths["ethnic_group"] if "ethnic_group" in deaths else pd.Series("not known",
                                                                                          index=deaths.index),
                            ETHNIC_GROUPS),
        imd_quintile=_quintiles(deaths),
    )


def _quintiles(deaths: pd.DataFrame) -> np.ndarray:
    """Positions in IMD_QUINTILES: quintile 1 -> 0, ..., 5 -> 4, unknown -> 5."""
    if "imd_quintile" not in deaths:
        return np.full(len(deaths), len(IMD_QUINTILES) - 1, dtype="int64")
    q = pd.to_numeric(deaths["imd_quintile"]).to_numpy(dtype="float64", na_value=np.nan)
    ok = (q >= 1) & (q <= 5)
    return np.where(ok, np.nan_to_num(q) - 1, len(IMD_QUINTILES) - 1).astype("int64")


@dataclass(frozen=True)
class Selection:
    """The children whose deaths are counted (``mask`` over the records), the area label and the
    areas whose populations are the denominator."""

    mask: np.ndarray
    area: str
    areas: list[str]


def select_residence(data: CDOPData, records: Records, residence: str | None) -> Selection:
    """The panel (``None``: children resident in any of its areas) or one area of residence (matched
    whatever the case). Raises ``ValueError`` naming the areas there are for an unknown one."""
    if residence is None:
        areas = data.panel_areas or sorted(set(records.residence))
        return Selection(np.isin(records.residence, list(areas)), data.panel_name or panel_label(areas), list(areas))
    known = {r.casefold(): r for r in [*data.panel_areas, *pd.unique(records.residence)]}
    name = known.get(str(residence).strip().casefold())
    if name is None:
        raise ValueError(f"no area of residence {residence!r} in the panel's records; "
                         f"expected one of {', '.join(data.residences)}")
    return Selection(records.residence == name, name, [name])


Populations = dict[tuple[str, int], float]


def populations(population: pd.DataFrame | None, areas: list[str], years: list[ReportingYear]) -> Populations:
    """Children aged 0-17 in each area and reporting year (:func:`population.for_year`: the mid-year
    estimate of the calendar year the reporting year starts in), looked up once for a call."""
    return {(a, y.start_year): population_mod.for_year(population, a, y) for a in dict.fromkeys(areas)
            for y in dict.fromkeys(years)}


def births(table: pd.DataFrame | None, areas: list[str], years: list[ReportingYear]) -> float:
    """Live births summed over ``areas`` and ``years`` from :attr:`CDOPData.births`; NaN if any is missing."""
    if table is None:
        return float("nan")
    known = dict(zip(zip(table["area"], table["start_year"]), table["live_births"]))
    values = [known.get((a, y.start_year), np.nan) for a in areas for y in years]
    return float(np.sum(values)) if values and not np.isnan(values).any() else float("nan")


def population_for(pops: Populations, areas: list[str], years: list[ReportingYear]) -> float:
    """Children aged 0-17 summed over ``areas`` and ``years`` (person-years for a pooled period); NaN if
    any is unknown."""
    values = [pops[a, y.start_year] for a in areas for y in years]
    return float(np.sum(values)) if values and not np.isnan(values).any() else float("nan")


@dataclass(frozen=True)
class Counts:
    """The counts for one selection of children and one run of years, before the population: deaths
    in the years, reviews completed in them, and their breakdowns."""

    deaths: int
    by_age: np.ndarray  # AGE_BANDS
    by_sex: np.ndarray  # SEXES
    unexpected: int
    sudi: int
    rapid: int
    reviews: int
    decisions: np.ndarray  # MODIFIABLE
    in_period: int  # reviews of deaths in the years
    review_bands: list[int]  # REVIEW_BANDS
    categories: np.ndarray  # CATEGORIES
    median_days: float
    by_ethnicity: np.ndarray  # ETHNIC_GROUPS
    by_quintile: np.ndarray  # IMD_QUINTILES


def _tally(codes: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(codes[codes >= 0], minlength=n)[:n]


def counts(records: Records, mask: np.ndarray, years: list[ReportingYear]) -> Counts:
    """Deaths (by year of death) and completed reviews (by year of review) of the children in ``mask``
    in ``years``, with every breakdown the indicators need."""
    starts = [y.start_year for y in years]
    died = mask & np.isin(records.death_year, starts)
    reviewed = mask & np.isin(records.review_year, starts)
    r = int(reviewed.sum())
    six, twelve = records.within_6[reviewed], records.within_12[reviewed]
    return Counts(
        deaths=int(died.sum()),
        by_age=_tally(records.age_band[died], len(AGE_BANDS)),
        by_sex=_tally(records.sex[died], len(SEXES)),
        unexpected=int(records.unexpected[died].sum()),
        sudi=int(records.sudi[died].sum()),
        rapid=int(records.rapid[died].sum()),
        reviews=r,
        decisions=_tally(records.modifiable[reviewed], len(MODIFIABLE)),
        in_period=int(np.isin(records.death_year[reviewed], starts).sum()),
        review_bands=[int(six.sum()), int((~six & twelve).sum()), int((~twelve).sum())],
        categories=_tally(records.category[reviewed], len(CATEGORIES)),
        median_days=float(pd.Series(records.days[reviewed]).median()) if r else np.nan,
        by_ethnicity=_tally(records.ethnic_group[died], len(ETHNIC_GROUPS)),
        by_quintile=_tally(records.imd_quintile[died], len(IMD_QUINTILES)),
    )
