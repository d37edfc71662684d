"""Child deaths: the fast paths give the figures a plain count would, and reuse nothing stale.

The CDOP tables are counted from the case records encoded once as arrays, with the counts,
selections and populations reused within one call (``cdop._memoised``), and the notebook views read
cells through a dictionary (``indicators.Cells``). These tests check each against the plain pandas way of
working the figure out, on the bundled sample altered to reach the edge cases (unknown sex, no age
band, cases not yet reviewed, children resident outside the panel, a year without a population).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_cdop import case, load, value
from test_cdop_board import SAMPLE

from lscb_analysis import cdop
from lscb_analysis import indicators as ind
from lscb_analysis.inputs import population as population_mod
from lscb_analysis.periods import ReportingYear


@pytest.fixture(scope="module")
def sample() -> cdop.CDOPData:
    return cdop.load(SAMPLE)


def altered(data: cdop.CDOPData, seed: int = 1) -> cdop.CDOPData:
    """The sample with some unknown sexes, missing age bands and decisions, and children resident elsewhere."""
    rng = np.random.default_rng(seed)
    deaths = data.deaths.copy()
    n = len(deaths)
    deaths.loc[rng.random(n) < 0.1, "sex"] = "U"
    deaths.loc[rng.random(n) < 0.05, "age_band"] = pd.NA
    deaths.loc[rng.random(n) < 0.1, "residence"] = "Elsewhere"
    deaths.loc[rng.random(n) < 0.1, "modifiable"] = np.nan
    deaths.loc[rng.random(n) < 0.1, "category"] = pd.NA
    deaths.loc[rng.random(n) < 0.1, "age_years"] = pd.NA
    return cdop.CDOPData(deaths=deaths, population=data.population.copy(), rejections=data.rejections,
                         panel_areas=list(data.panel_areas), panel_name=data.panel_name)


def plain_counts(deaths: pd.DataFrame, years: list[ReportingYear]) -> dict[tuple[str, str], float]:
    """Every count row of cdop's measures, worked out with pandas selections one at a time."""
    starts = [y.start_year for y in years]
    died = deaths[deaths["death_year"].isin(starts)]
    reviewed = deaths[deaths["review_year"].isin(starts)]
    out = {("child_deaths", "all"): len(died), ("reviews_completed", "all"): len(reviewed)}
    for band in cdop.AGE_BANDS:
        out["child_deaths_by_age", f"age:{band}"] = int(died["age_band"].eq(band).sum())
    for code, sex in cdop.SEXES.items():
        k = int(died["sex"].eq(code).sum())
        if sex != "unknown" or k:
            out["child_deaths_by_sex", f"sex:{sex}"] = k
    out["child_deaths_unexpected", "all"] = int(died["expected"].eq("N").sum())
    out["sudi", "all"] = int((died["sudden_unexpected"].eq("Y") & died["age_years"].eq(0).fillna(False)).sum())
    out["rapid_responses", "all"] = int(died["rapid_response"].eq("Y").sum())
    for code, decision in cdop.MODIFIABLE.items():
        out["reviews_completed", f"modifiable:{decision}"] = int(reviewed["modifiable"].eq(code).sum())
    in_period = int(reviewed["death_year"].isin(starts).sum())
    out["reviews_completed", "death:in the period"] = in_period
    out["reviews_completed", "death:before the period"] = len(reviewed) - in_period
    months = [(reviewed["date_of_death"] + pd.DateOffset(months=m)) for m in (6, 12)]
    done = reviewed["review_completed_date"]
    bands = [(done < months[0]).sum(), ((done >= months[0]) & (done <= months[1])).sum(), (done > months[1]).sum()]
    for band, k in zip(cdop.REVIEW_BANDS, bands):
        out["reviews_completed", f"time_to_review:{band}"] = int(k)
    for code, name in cdop.CATEGORIES.items():
        out["reviews_by_category", f"category:{name}"] = int(reviewed["category"].eq(code).fillna(False).sum())
    return out


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("residence", [None, "Exampleshire", "Westbridge", "Elsewhere"])
def test_counts_agree_with_plain_pandas_counts(sample, seed, residence):
    data = altered(sample, seed)
    table = cdop.indicators(data, "2023-24", residence, pooled_years=4)
    deaths = data.deaths
    own = deaths["residence"].eq(residence) if residence else deaths["residence"].isin(data.panel_areas)
    area = residence or data.panel_name
    y = ReportingYear("2023-24")
    for years in ([y], y.trend(4)):
        period = cdop.pooled_label(years)
        got = table[table["area"].eq(area) & table["period"].eq(period) & table["unit"].eq("count")
                    & ~table["breakdown"].str.startswith(("residence:", "outside_panel:"))]
        expected = plain_counts(deaths[own], years)
        assert dict(zip(zip(got["indicator"], got["breakdown"]), got["value"])) == expected
        reviewed = deaths[own & deaths["review_year"].isin([x.start_year for x in years])]
        days = (reviewed["review_completed_date"] - reviewed["date_of_death"]).dt.days
        median = table[table["area"].eq(area) & table["period"].eq(period)
                       & table["indicator"].eq("review_days_median")]["value"].iloc[0]
        assert median == float(days.median())
        if residence is None:
            died = deaths[deaths["death_year"].isin([x.start_year for x in years])]
            for a in data.panel_areas:
                cell = ind.select(table, "child_deaths", breakdown=f"residence:{a}", unit="count", area=area,
                                  period=period)
                assert cell["value"].iloc[0] == died["residence"].eq(a).sum()
            cell = ind.select(table, "child_deaths", breakdown="outside_panel:resident elsewhere", unit="count",
                              area=area, period=period)
            assert cell["value"].iloc[0] == (~died["residence"].isin(data.panel_areas)).sum()


def test_percentages_and_rates_as_the_one_row_helpers_give_them(sample):
    table = cdop.indicators(altered(sample), "2024-25", "Exampleshire")
    pop = sample.population
    for row in table.itertuples(index=False):
        if row.unit == "percent":
            expected = ind.proportion_row(row.area, row.period, row.indicator, row.numerator, row.denominator)
        elif row.unit == cdop.UNIT:
            years = cdop._years(*row.period.split(" to ")) if " to " in row.period else [ReportingYear(row.period)]
            population = sum(population_mod.for_year(pop, "Exampleshire", y) for y in years)
            assert row.denominator == population
            expected = ind.rate_row(row.area, row.period, row.indicator, row.numerator, population, unit=cdop.UNIT)
        else:
            continue
        got = (row.value, row.lower, row.upper)
        assert np.array_equal(got, (expected["value"], expected["lower"], expected["upper"]), equal_nan=True)


def test_nothing_is_reused_from_one_call_to_the_next(sample):
    data = altered(sample)
    first = cdop.indicators(data, "2024-25", "Exampleshire")
    assert getattr(cdop._MEMO, "cache", None) is None
    # the same objects changed in place: the figures follow
    data.deaths.loc[:, "sex"] = "M"
    data.population.loc[:, "population"] = data.population["population"] * 2
    second = cdop.indicators(data, "2024-25", "Exampleshire")
    female = ind.select(second, "child_deaths_by_sex", breakdown="sex:female", unit="count", period="2024-25")
    assert female["value"].iloc[0] == 0
    rate = lambda t: ind.select(t, "child_deaths", unit=cdop.UNIT, period="2024-25")["denominator"].iloc[0]  # noqa: E731
    assert rate(second) == 2 * rate(first)
    # a new frame of deaths on the same data object
    data.deaths = data.deaths.iloc[:50].reset_index(drop=True)
    third = cdop.deaths_by_year(data, "2014-15", "2024-25", "Exampleshire")
    fresh = cdop.deaths_by_year(cdop.CDOPData(deaths=data.deaths.copy(), population=data.population.copy(),
                                              rejections=data.rejections, panel_areas=list(data.panel_areas),
                                              panel_name=data.panel_name), "2014-15", "2024-25", "Exampleshire")
    pd.testing.assert_frame_equal(third, fresh, check_exact=True)


def test_one_memo_keeps_different_data_apart(sample):
    other = altered(sample)
    alone = [cdop.indicators(d, "2024-25", "Westbridge") for d in (sample, other)]
    with cdop._memoised():
        together = [cdop.indicators(d, "2024-25", "Westbridge") for d in (sample, other)]
        assert cdop._MEMO.cache  # still held inside the outer block
    assert cdop._MEMO.cache is None
    for a, b in zip(alone, together):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert not alone[0].equals(alone[1])


@pytest.mark.parametrize("year", ["2024-25", "2021-22"])
def test_board_tables_hold_the_figures_of_each_table_alone(sample, year):
    y = ReportingYear(year)
    trend = y.trend(5)
    tables = cdop.board_tables(sample, year, "Westbridge", suppress=False)
    alone = {
        "indicators": [cdop.indicators(sample, y, w) for w in (None, "Westbridge")],
        "by_year": [cdop.deaths_by_year(sample, trend[0], trend[-1], w) for w in (None, "Westbridge")],
        "modifiable": [cdop.modifiable_factors(sample, trend, w) for w in (None, "Westbridge")],
        "time_to_review": [cdop.time_to_review(sample, trend, w) for w in (None, "Westbridge")],
        "panel": [cdop.panel_by_residence(sample, y)],
    }
    keys = ["area", "period", "indicator", "breakdown", "unit"]
    for name, parts in alone.items():
        expected = pd.concat(parts, ignore_index=True).drop_duplicates(keys)
        got = tables[name].drop(columns="suppressed")
        assert not tables[name]["suppressed"].any()
        pd.testing.assert_frame_equal(got.sort_values(keys).reset_index(drop=True),
                                      expected.sort_values(keys).reset_index(drop=True), check_exact=True)


def test_board_tables_still_refuse_a_table_with_repeated_rows(sample):
    # one trend year: the year and the 'span' of deaths_by_year are the same period, as deaths_by_year refuses
    with pytest.raises(ValueError, match="more than one row"):
        cdop.deaths_by_year(sample, "2024-25", "2024-25")
    with pytest.raises(ValueError, match="more than one row"):
        cdop.board_tables(sample, "2024-25", "Exampleshire", trend_years=1)


def test_population_is_looked_up_once_per_area_and_year(sample, monkeypatch):
    calls = []
    real = population_mod.for_year

    def counting(pop, area, year, *args):
        calls.append((area, ReportingYear(year).label))
        return real(pop, area, year, *args)

    monkeypatch.setattr(population_mod, "for_year", counting)
    cdop.board_tables(sample, "2024-25", "Exampleshire")
    assert len(calls) == len(set(calls)) == 3 * 5
    years = ReportingYear("2024-25").trend(3)
    assert cdop._population(sample, sample.panel_areas, years) == sum(
        real(sample.population, a, y) for a in sample.panel_areas for y in years)
    assert np.isnan(cdop._population(sample, ["Nowhere", "Exampleshire"], years))


def test_cells_are_the_first_matching_row(sample):
    table = cdop.indicators(sample, "2024-25")
    doubled = pd.concat([table, table.assign(value=-1.0)], ignore_index=True)
    cell = ind.Cells(doubled)
    for row in table.sample(40, random_state=0).itertuples(index=False):
        got = cell(row.area, row.period, row.indicator, row.breakdown, row.unit)
        want = ind.select(table, row.indicator, breakdown=row.breakdown, unit=row.unit, area=row.area,
                          period=row.period).iloc[0]
        assert got.keys() == set(want.index)
        assert all(got[k] == want[k] or (pd.isna(got[k]) and pd.isna(want[k])) for k in got)
    assert cell(sample.panel_name, "2024-25", "child_deaths", "all", "percent") is None
    assert cell("Nowhere", "2024-25", "child_deaths", "all", "count") is None


def test_review_bands_at_exactly_6_and_12_calendar_months(tmp_path):
    data = load(tmp_path, [
        case("M1", "2020-01-01", "2024-04-30", review="2024-10-29", category=5, modifiable="N"),  # under 6 months
        case("M2", "2020-01-01", "2024-04-30", review="2024-10-30", category=5, modifiable="N"),  # exactly 6
        case("M3", "2020-01-01", "2023-08-31", review="2024-08-31", category=5, modifiable="N"),  # exactly 12
        case("M4", "2020-01-01", "2023-08-31", review="2024-09-01", category=5, modifiable="N"),  # over 12
        case("M5", "2020-01-01", "2024-08-31", review="2025-02-28", category=5, modifiable="N"),  # 6 months on
    ])
    t = cdop.time_to_review(data, ["2024-25"], "Exampleshire")
    bands = {b: value(t, "reviews_completed", breakdown=f"time_to_review:{b}") for b in cdop.REVIEW_BANDS}
    assert bands == {"under 6 months": 1, "6 to 12 months": 3, "over 12 months": 1}
    assert value(t, "reviews_completed", breakdown="death:before the period") == 2
    assert value(t, "review_days_median", unit="days") == 183  # 181, 182, 183, 366 and 367 days
