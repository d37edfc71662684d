"""Child deaths: one small function per indicator, and the indicator tables built from them.

Every function takes the :class:`records.Counts` of one selection of children and one period and
returns that indicator's rows, built only with the row builder in ``core/indicators.py``
(``count_row``; percentages and rates as ``value_row`` placeholders filled in one vectorised
``with_proportions`` / ``with_rates`` call per table, so every limit comes from ``core/rates.py``).

Definitions follow the DfE *Child death reviews* statistical releases (years ending 31 March 2010 to
2019) and the National Child Mortality Database (NCMD) *Child death review data release*: deaths are
counted in the reporting year in which the child died, reviews in the year the panel completed them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core import rates
from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.sections.child_deaths.codes import (
    AGE_BANDS,
    BIRTHS_UNIT,
    CATEGORIES,
    ETHNIC_GROUPS,
    IMD_QUINTILES,
    MODIFIABLE,
    REVIEW_BANDS,
    SEXES,
    SOURCE,
    UNIT,
    pooled_label,
    spans,
    years_between,
)
from lscb_analysis.sections.child_deaths.load import CDOPData
from lscb_analysis.sections.child_deaths.records import (
    Counts,
    Populations,
    Records,
    Selection,
    births,
    counts,
    encode,
    population_for,
    populations,
    select_residence,
)

Row = dict
ROW = [*ind.COLUMNS, "symbol"]
KEY = ("area", "period", "indicator", "breakdown", "unit")
# the order of rows within one selection and period: counts, then percentages, then rates, then medians
_UNIT_ORDER = {"count": 0, "percent": 1, UNIT: 2, BIRTHS_UNIT: 3, "days": 4}


def key(row: Row) -> tuple:
    """(area, period, indicator, breakdown, unit): what identifies a row of an indicator table."""
    return tuple(row[c] for c in KEY)


def _count(area: str, period: str, indicator: str, breakdown: str, n) -> Row:
    return ind.count_row(area, period, indicator, n, breakdown=breakdown, source=SOURCE)


def _share(area: str, period: str, indicator: str, breakdown: str, numerator, denominator) -> Row:
    """A percentage whose value and Wilson limits :func:`table` fills in (``indicators.with_proportions``)."""
    return ind.value_row(area, period, indicator, np.nan, "percent", breakdown=breakdown, numerator=numerator,
                         denominator=denominator, source=SOURCE)


def _split(area: str, period: str, indicator: str, dim: str, labels, values, base: int) -> list[Row]:
    """Counts of a breakdown, then each as a percentage of ``base``."""
    pairs = list(zip(labels, values))
    return ([_count(area, period, indicator, f"{dim}:{k}", v) for k, v in pairs]
            + [_share(area, period, indicator, f"{dim}:{k}", v, base) for k, v in pairs])


# --------------------------------------------------------------------------- one function per indicator


def child_deaths(c: Counts, area: str, period: str, population: float) -> list[Row]:
    """Deaths of resident children (under 18) in the period, a count and a rate per 100,000 aged 0-17.

    Formula: deaths / children aged 0-17 x 100,000 (a pooled period divides by the sum of its years'
    populations, person-years, so it is an average annual rate); 95% limits exact Poisson below 10
    deaths, Byar's method from 10 (PHE/OHID). Source: NCMD child death review data release.
    """
    return [_count(area, period, "child_deaths", "all", c.deaths),
            ind.value_row(area, period, "child_deaths", np.nan, UNIT, numerator=c.deaths, denominator=population,
                          source=SOURCE)]


def child_deaths_by_age(c: Counts, area: str, period: str) -> list[Row]:
    """Deaths in the period by age at death (0-27 days, 28-364 days, 1-4, 5-9, 10-14, 15-17 years): count
    and % of deaths (Wilson limits). Source: NCMD and DfE age bands."""
    return _split(area, period, "child_deaths_by_age", "age", AGE_BANDS, c.by_age, c.deaths)


def child_deaths_by_sex(c: Counts, area: str, period: str) -> list[Row]:
    """Deaths in the period by sex (female, male; unknown only where recorded): count and % of deaths.
    Source: NCMD."""
    sexes = [(k, v) for k, v in zip(SEXES.values(), c.by_sex) if k != "unknown" or v > 0]
    return _split(area, period, "child_deaths_by_sex", "sex", [k for k, _ in sexes], [v for _, v in sexes],
                  c.deaths)


def child_deaths_unexpected(c: Counts, area: str, period: str) -> list[Row]:
    """Deaths not anticipated as a significant possibility 24 hours before (recorded as not expected):
    count and % of deaths. Source: Working Together 2018 / Child Death Review statutory guidance, NCMD."""
    return [_count(area, period, "child_deaths_unexpected", "all", c.unexpected),
            _share(area, period, "child_deaths_unexpected", "all", c.unexpected, c.deaths)]


def sudi(c: Counts, area: str, period: str) -> list[Row]:
    """Sudden unexpected deaths in infancy: sudden_unexpected Y and under one year old at death (count).
    Source: NCMD sudden and unexpected deaths in infancy."""
    return [_count(area, period, "sudi", "all", c.sudi)]


def rapid_responses(c: Counts, area: str, period: str) -> list[Row]:
    """Deaths in the period that had a rapid (joint agency) response (count). Source: Child Death Review
    statutory guidance 2018."""
    return [_count(area, period, "rapid_responses", "all", c.rapid)]


def reviews_completed(c: Counts, area: str, period: str) -> list[Row]:
    """Reviews the panel completed in the period, whatever year the child died in (the DfE counting unit),
    split by decision on modifiable factors, by whether the death was in the period and by time from
    death to review (calendar months). Source: DfE child death reviews statistics."""
    r = c.reviews
    return ([_count(area, period, "reviews_completed", "all", r)]
            + [_count(area, period, "reviews_completed", f"modifiable:{k}", v)
               for k, v in zip(MODIFIABLE.values(), c.decisions)]
            + [_count(area, period, "reviews_completed", "death:in the period", c.in_period),
               _count(area, period, "reviews_completed", "death:before the period", r - c.in_period)]
            + [_count(area, period, "reviews_completed", f"time_to_review:{k}", v)
               for k, v in zip(REVIEW_BANDS, c.review_bands)])


def reviews_with_modifiable_factors(c: Counts, area: str, period: str) -> list[Row]:
    """Completed reviews with modifiable factors as a % of completed reviews where the panel could decide:
    yes / (yes + no) x 100, insufficient information left out (as DfE published it); Wilson limits.
    Source: DfE child death reviews statistics."""
    yes, no = int(c.decisions[0]), int(c.decisions[1])
    return [_share(area, period, "reviews_with_modifiable_factors", "all", yes, yes + no)]


def reviews_by_category(c: Counts, area: str, period: str) -> list[Row]:
    """Completed reviews by CDOP analysis category (1-10): count and % of completed reviews.
    Source: Child Death Review statutory analysis form, NCMD."""
    return _split(area, period, "reviews_by_category", "category", CATEGORIES.values(), c.categories, c.reviews)


def review_days_median(c: Counts, area: str, period: str) -> list[Row]:
    """Median days from death to completed review, for reviews completed in the period (denominator: the
    reviews). Source: DfE child death reviews statistics (time to review)."""
    return [ind.value_row(area, period, "review_days_median", c.median_days, "days", denominator=c.reviews,
                          source=SOURCE)]


def child_deaths_change(c: Counts, previous: Counts, area: str, period: str) -> list[Row]:
    """Change in deaths on the previous reporting year, in percent: (deaths - previous) / previous x 100
    (undefined when the previous year had none). The counts are the two years' child_deaths rows; this row
    carries neither, so hiding either count hides the change (disclosure.linked_groups). Seed 000 prints
    it for the panel (58 deaths, -6%)."""
    return [ind.value_row(area, period, "child_deaths_change", rates.pct_change(c.deaths, previous.deaths),
                          "percent", source=SOURCE)]


def child_deaths_by_ethnicity(c: Counts, area: str, period: str) -> list[Row]:
    """Deaths in the period by the child's ethnic group (White, Mixed, Asian or Asian British, Black or Black
    British, Other ethnic group, not known), from the recorded ethnicity code: count and % of deaths.
    Source: NCMD child death review data release (deaths by ethnicity); ONS ethnic groups."""
    return _split(area, period, "child_deaths_by_ethnicity", "ethnicity", ETHNIC_GROUPS, c.by_ethnicity, c.deaths)


def child_deaths_by_deprivation(c: Counts, area: str, period: str) -> list[Row]:
    """Deaths in the period by the Index of Multiple Deprivation quintile of the LSOA of residence (1 the
    most deprived fifth of England's neighbourhoods; not known without a code in the lookup): count and % of
    deaths. Source: NCMD child death review data release (deaths by deprivation); MHCLG English Indices of
    Deprivation."""
    return _split(area, period, "child_deaths_by_deprivation", "deprivation", IMD_QUINTILES, c.by_quintile,
                  c.deaths)


def infant_mortality_rate(c: Counts, area: str, period: str, live_births: float) -> list[Row]:
    """Deaths under one year (before the first birthday) per 1,000 live births: (deaths aged 0-27 days +
    28-364 days) / live births x 1,000, with PHE Poisson limits. Source: ONS child and infant mortality;
    NCMD. The births are the area's live births in the same reporting years (``cdop/births.csv``)."""
    return [ind.value_row(area, period, "infant_mortality_rate", np.nan, BIRTHS_UNIT,
                          numerator=int(c.by_age[0] + c.by_age[1]), denominator=live_births, source=SOURCE)]


def neonatal_mortality_rate(c: Counts, area: str, period: str, live_births: float) -> list[Row]:
    """Deaths in the first 27 days of life per 1,000 live births: deaths aged 0-27 days / live births x
    1,000, with PHE Poisson limits. Source: ONS child and infant mortality; NCMD."""
    return [ind.value_row(area, period, "neonatal_mortality_rate", np.nan, BIRTHS_UNIT,
                          numerator=int(c.by_age[0]), denominator=live_births, source=SOURCE)]


# --------------------------------------------------------------------------- tables


def _ordered(rows: list[Row]) -> list[Row]:
    """Counts first, then percentages, rates and medians (stable)."""
    return sorted(rows, key=lambda r: _UNIT_ORDER[r["unit"]])


def measures(c: Counts, area: str, period: str, population: float, *, previous: Counts | None = None,
             live_births: float | None = None, deprivation: bool = False) -> list[Row]:
    """Every CDOP indicator for one selection and period, in the table's order: the change on the previous
    year where ``previous`` is given, infant and neonatal mortality where ``live_births`` is (a births file
    was supplied), deaths by deprivation where an IMD lookup was."""
    extra = [*child_deaths_by_ethnicity(c, area, period)]
    if deprivation:
        extra += child_deaths_by_deprivation(c, area, period)
    if previous is not None:
        extra += child_deaths_change(c, previous, area, period)
    if live_births is not None:
        extra += [*infant_mortality_rate(c, area, period, live_births),
                  *neonatal_mortality_rate(c, area, period, live_births)]
    return _ordered([
        *child_deaths(c, area, period, population), *child_deaths_by_age(c, area, period),
        *child_deaths_by_sex(c, area, period), *child_deaths_unexpected(c, area, period), *sudi(c, area, period),
        *rapid_responses(c, area, period), *reviews_completed(c, area, period),
        *reviews_with_modifiable_factors(c, area, period), *reviews_by_category(c, area, period),
        *review_days_median(c, area, period), *extra,
    ])


def residence_rows(data: CDOPData, records: Records, years: list[ReportingYear], panel: str) -> list[Row]:
    """Panel deaths by area of residence (child_deaths, breakdown residence:<area>): count and share of
    the panel's deaths. Deaths of children resident outside the panel's areas are counted separately
    (breakdown outside_panel:resident elsewhere) and are not in the panel's total or rate."""
    residence = records.residence[np.isin(records.death_year, [y.start_year for y in years])]
    per_area = [int((residence == a).sum()) for a in data.panel_areas]
    total = sum(per_area)
    outside = int((~np.isin(residence, list(data.panel_areas))).sum()) if len(residence) else 0
    period = pooled_label(years)
    return ([_count(panel, period, "child_deaths", f"residence:{a}", k) for a, k in zip(data.panel_areas, per_area)]
            + [_count(panel, period, "child_deaths", "outside_panel:resident elsewhere", outside)]
            + [_share(panel, period, "child_deaths", f"residence:{a}", k, total)
               for a, k in zip(data.panel_areas, per_area)])


def frame(rows: list[Row]) -> pd.DataFrame:
    """Rows as a frame with every percentage (Wilson limits) and rate per 100,000 (PHE limits) worked out
    in one vectorised call each; not yet validated."""
    df = pd.DataFrame(rows, columns=ROW)
    change = df["indicator"].str.endswith("_change").to_numpy()
    for unit, fill in (("percent", ind.with_proportions), (UNIT, lambda t: ind.with_rates(t, UNIT)),
                       (BIRTHS_UNIT, lambda t: ind.with_rates(t, BIRTHS_UNIT))):
        mask = df["unit"].eq(unit).to_numpy() & ~change
        if mask.any():
            df.loc[mask, ["value", "lower", "upper"]] = fill(df.loc[mask])[["value", "lower", "upper"]].to_numpy()
    return df


def table(rows: list[Row]) -> pd.DataFrame:
    """Rows as a validated indicator table (:func:`core.indicators.table`)."""
    return ind.table(frame(rows))


class Call:
    """What one public call works from, computed once at its start and passed down: the records as
    arrays, and the populations of the panel's areas (and ``residence``) in ``years``."""

    def __init__(self, data: CDOPData, residence: str | None, years: list[ReportingYear]) -> None:
        self.data = data
        self.records = encode(data.deaths)
        areas = self.select(None).areas + ([self.select(residence).area] if residence is not None else [])
        self.pops: Populations = populations(data.population, areas, years)

    def select(self, residence: str | None) -> Selection:
        """The children counted: the panel (``None``) or one area of residence."""
        return select_residence(self.data, self.records, residence)

    def measures(self, selection: Selection, years: list[ReportingYear], population: bool = True) -> list[Row]:
        """Every indicator for ``selection`` in ``years`` (no rate denominator unless ``population``); a
        single year also gets its change on the year before."""
        pop = population_for(self.pops, selection.areas, years) if population else np.nan
        previous = counts(self.records, selection.mask, [years[0].previous()]) if len(years) == 1 else None
        live = births(self.data.births, selection.areas, years) if self.data.births is not None else None
        return measures(counts(self.records, selection.mask, years), selection.area, pooled_label(years), pop,
                        previous=previous, live_births=live, deprivation=self.data.deprivation)

    def previous_deaths(self, selection: Selection, year: ReportingYear) -> list[Row]:
        """The count of deaths in the year before ``year``: the base of the change on the previous year."""
        p = year.previous()
        return [_count(selection.area, p.label, "child_deaths", "all",
                       counts(self.records, selection.mask, [p]).deaths)]


def _dim(breakdown: str) -> str:
    return breakdown.split(":")[0]


def indicator_rows(call: Call, year, residence: str | None, pooled_years: int, previous: bool = True) -> list[Row]:
    y = ReportingYear(year)
    selection = call.select(residence)
    rows: list[Row] = []
    for years in ([y], y.trend(pooled_years)):
        rows += call.measures(selection, years)
        if residence is None:
            rows += residence_rows(call.data, call.records, years, selection.area)
    return rows + (call.previous_deaths(selection, y) if previous else [])


# the measures shown year by year: deaths, their sex split, unexpected deaths, SUDI and rapid responses
BY_YEAR = ("child_deaths", "child_deaths_by_sex", "child_deaths_unexpected", "sudi", "rapid_responses")


def deaths_by_year_rows(call: Call, first, last, residence: str | None) -> list[Row]:
    selection = call.select(residence)
    years = years_between(first, last)
    rows = [row for span in [[y] for y in years] + [years] for row in call.measures(selection, span)]
    return [row for row in rows if row["indicator"] in BY_YEAR]


def modifiable_rows(call: Call, years: list, residence: str | None) -> list[Row]:
    selection = call.select(residence)
    rows = [row for span in spans(years) for row in call.measures(selection, span, population=False)]
    return [row for row in rows if row["indicator"] == "reviews_with_modifiable_factors" or (
        row["indicator"] == "reviews_completed" and _dim(row["breakdown"]) in ("all", "modifiable"))]


def time_to_review_rows(call: Call, years: list, residence: str | None) -> list[Row]:
    selection = call.select(residence)
    rows = [row for span in spans(years) for row in call.measures(selection, span, population=False)]
    return [row for row in rows if row["indicator"] == "review_days_median" or (
        row["indicator"] == "reviews_completed" and _dim(row["breakdown"]) in ("all", "time_to_review", "death"))]


def panel_rows(call: Call, year) -> list[Row]:
    y = ReportingYear(year)
    data = call.data
    panel = call.select(None)
    rows = call.measures(panel, [y]) + call.previous_deaths(panel, y)
    rows += residence_rows(data, call.records, [y], panel.area)
    for a in data.panel_areas:
        area = call.select(a)
        rows += call.measures(area, [y]) + call.previous_deaths(area, y)
    return [row for row in rows if row["indicator"] in ("child_deaths", "child_deaths_change")]


# --------------------------------------------------------------------------- public tables


def indicators(data: CDOPData, year, residence: str | None = None, pooled_years: int = 3) -> pd.DataFrame:
    """The CDOP indicator table for one reporting year and the pooled ``pooled_years`` ending in it.

    ``residence=None`` gives the panel (children resident in any of its areas; the denominator is the
    sum of their populations) with the deaths split by area of residence; a name gives that area of
    residence. The pooled period's label is e.g. "2022-23 to 2024-25" and its rate uses the summed
    populations of its years (person-years), so it is an average annual rate. Source: local CDOP
    extract; definitions DfE child death reviews statistics and NCMD.
    """
    y = ReportingYear(year)
    return table(indicator_rows(Call(data, residence, y.trend(pooled_years)), y, residence, pooled_years))


def deaths_by_year(data: CDOPData, first, last, residence: str | None = None) -> pd.DataFrame:
    """Deaths in each reporting year from ``first`` to ``last`` with the female and male split, and the
    total over the whole span (the seed 003 table: deaths by year, female:male, total and %): rows
    child_deaths (count and rate per 100,000 aged 0-17) and child_deaths_by_sex (count and %)."""
    return table(deaths_by_year_rows(Call(data, residence, years_between(first, last)), first, last, residence))


def modifiable_factors(data: CDOPData, years: list, residence: str | None = None) -> pd.DataFrame:
    """Reviews completed with modifiable factors, per year and pooled over the years given:
    reviews_with_modifiable_factors (% of reviews where the panel could decide, Wilson limits) and the
    reviews_completed counts by decision (yes, no, insufficient information). Source: DfE/NCMD method."""
    return table(modifiable_rows(Call(data, residence, []), years, residence))


def time_to_review(data: CDOPData, years: list, residence: str | None = None) -> pd.DataFrame:
    """Time from death to completed review for reviews completed in each year (and pooled): median days
    (review_days_median) and reviews by band (under 6 months, 6 to 12 months, over 12 months; calendar
    months from the date of death), and whether the death was in the same period."""
    return table(time_to_review_rows(Call(data, residence, []), years, residence))


def panel_by_residence(data: CDOPData, year) -> pd.DataFrame:
    """The panel's total deaths in the year beside each area's number, share and own rate (seed 000
    4.7.5: 58 deaths, 19 Bedford Borough, 17 Central Bedfordshire, 22 Luton): rows for the panel
    (child_deaths all and residence:<area>) and for each area (child_deaths all, count and rate)."""
    y = ReportingYear(year)
    return table(panel_rows(Call(data, None, [y]), y))
