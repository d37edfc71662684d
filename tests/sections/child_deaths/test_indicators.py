"""Child deaths, indicators: age bands, year boundaries, reviews, modifiable factors, pooled rates with
exact limits, the panel and its areas, zero deaths."""

from __future__ import annotations

import numpy as np
import pytest

from lscb_analysis import cdop
from lscb_analysis import indicators as ind
from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.inputs import population as population_mod
from lscb_analysis.sections.child_deaths.codes import years_between

from .helpers import PANEL, case, load, value


def test_age_bands_counted_in_the_indicator_table(tmp_path):
    data = load(tmp_path, [
        case("A1", "2024-06-01", "2024-06-28"),
        case("A2", "2024-06-01", "2024-06-29"),
        case("A3", "2023-03-01", "2024-02-29"),  # 365 days, under one: counted in 2023-24
        case("A4", "2024-02-29", "2025-02-28"),  # 365 days, under one
        case("A5", "2024-02-29", "2025-03-01"),  # first birthday (1 March in a non-leap year)
    ])
    t = cdop.indicators(data, "2024-25", "Exampleshire")
    assert value(t, "child_deaths_by_age", breakdown="age:0-27 days") == 1
    assert value(t, "child_deaths_by_age", breakdown="age:28-364 days") == 2
    assert value(t, "child_deaths_by_age", breakdown="age:1-4 years") == 1
    assert value(t, "child_deaths", period="2022-23 to 2024-25") == 5
    assert value(t, "child_deaths_by_age", period="2022-23 to 2024-25", breakdown="age:28-364 days") == 3


# --------------------------------------------------------------------------- year boundaries and reviews


def test_death_on_31_march_and_1_april_fall_in_different_years(tmp_path):
    data = load(tmp_path, [
        case("B1", "2020-01-01", "2025-03-31"),
        case("B2", "2020-01-01", "2025-04-01"),
        case("B3", "2020-01-01", "2024-04-01"),
    ])
    t24 = cdop.indicators(data, "2024-25", "Exampleshire")
    t25 = cdop.indicators(data, "2025-26", "Exampleshire")
    assert value(t24, "child_deaths") == 2  # 1 April 2024 and 31 March 2025
    assert value(t25, "child_deaths", period="2025-26") == 1  # 1 April 2025


def test_review_completed_in_a_later_year_is_counted_then(tmp_path):
    data = load(tmp_path, [
        case("C1", "2023-01-01", "2023-12-01", review="2024-06-01", category=8, modifiable="N"),
        case("C2", "2023-01-01", "2024-05-01", review="2025-03-31", category=7, modifiable="Y"),
        case("C3", "2023-01-01", "2024-05-02", review="2025-04-01", category=7, modifiable="N"),
    ])
    t23 = cdop.indicators(data, "2023-24", "Exampleshire")
    t24 = cdop.indicators(data, "2024-25", "Exampleshire")
    assert value(t23, "child_deaths", period="2023-24") == 1
    assert value(t23, "reviews_completed", period="2023-24") == 0
    assert value(t24, "reviews_completed") == 2  # C1 (died 2023-24) and C2; C3 reviewed in 2025-26
    assert value(t24, "reviews_completed", breakdown="death:before the period") == 1
    assert value(t24, "reviews_completed", breakdown="death:in the period") == 1
    assert value(t24, "reviews_by_category", breakdown="category:perinatal/neonatal event") == 1
    assert value(t24, "reviews_by_category", breakdown="category:perinatal/neonatal event", unit="percent") == 50
    # 1 Dec 2023 to 1 Jun 2024 is 183 days (exactly 6 months: not under 6 months); 1 May 2024 to 31 Mar 2025 is 334
    assert value(t24, "review_days_median", unit="days") == (183 + 334) / 2
    assert value(t24, "reviews_completed", breakdown="time_to_review:6 to 12 months") == 2
    # pooled over 2022-23 to 2024-25 the earlier death is inside the period
    assert value(t24, "reviews_completed", period="2022-23 to 2024-25", breakdown="death:before the period") == 0


def test_modifiable_percentage_excludes_insufficient_information(tmp_path):
    decisions = ["Y"] * 3 + ["N"] * 5 + ["U"] * 2
    data = load(tmp_path, [
        case(f"D{i}", "2015-01-01", "2024-05-01", review="2025-01-10", category=5, modifiable=m)
        for i, m in enumerate(decisions)
    ])
    t = cdop.indicators(data, "2024-25", "Exampleshire")
    assert value(t, "reviews_completed") == 10
    assert value(t, "reviews_completed", breakdown="modifiable:insufficient information") == 2
    pct = ind.select(t, "reviews_with_modifiable_factors", unit="percent", area="Exampleshire", period="2024-25")
    assert pct["numerator"].iloc[0] == 3 and pct["denominator"].iloc[0] == 8
    assert pct["value"].iloc[0] == pytest.approx(37.5)  # 3 of 8, not 3 of 10
    # Wilson score limits for 3 of 8
    assert pct["lower"].iloc[0] == pytest.approx(13.684428582, abs=1e-6)
    assert pct["upper"].iloc[0] == pytest.approx(69.425760540, abs=1e-6)


def test_unexpected_sudi_and_rapid_responses(tmp_path):
    data = load(tmp_path, [
        case("E1", "2024-05-01", "2024-08-01", expected="N", sudden="Y", rapid="Y"),   # SUDI (3 months)
        case("E2", "2022-05-01", "2024-08-01", expected="N", sudden="Y", rapid="Y"),   # sudden, aged 2: not SUDI
        case("E3", "2012-05-01", "2024-08-01", expected="N", sudden="N", rapid="N"),
        case("E4", "2012-05-01", "2024-08-01"),
    ])
    t = cdop.indicators(data, "2024-25", "Exampleshire")
    assert value(t, "child_deaths_unexpected") == 3
    assert value(t, "child_deaths_unexpected", unit="percent") == 75
    assert value(t, "sudi") == 1
    assert value(t, "rapid_responses") == 2


# --------------------------------------------------------------------------- rates


def test_pooled_three_year_rate_has_exact_limits(tmp_path):
    cases = [case(f"F{y}{i}", "2015-01-01", f"{y}-06-01") for y, n in ((2022, 2), (2023, 3), (2024, 1))
             for i in range(n)]
    data = load(tmp_path, cases)
    t = cdop.indicators(data, "2024-25", "Exampleshire")
    period = "2022-23 to 2024-25"
    assert value(t, "child_deaths", period=period) == 6
    assert value(t, "child_deaths", period=period, unit=cdop.UNIT, col="denominator") == 30_000
    assert value(t, "child_deaths", period=period, unit=cdop.UNIT) == pytest.approx(20.0)
    # exact Poisson limits for 6 events: chi2(0.025, 12)/2 = 2.2019 and chi2(0.975, 14)/2 = 13.0595
    assert value(t, "child_deaths", period=period, unit=cdop.UNIT, col="lower") == pytest.approx(7.3396475, abs=1e-6)
    assert value(t, "child_deaths", period=period, unit=cdop.UNIT, col="upper") == pytest.approx(43.5315801, abs=1e-6)
    # the single year: 1 death in 10,000
    assert value(t, "child_deaths", unit=cdop.UNIT) == pytest.approx(10.0)


def test_panel_rate_uses_the_sum_of_its_areas(tmp_path):
    cases = [case(f"G{i}", "2015-01-01", "2024-06-01", residence=r)
             for i, r in enumerate(["Exampleshire"] * 5 + ["westbridge "] * 7 + ["Northvale"])]
    data = load(tmp_path, cases)
    t = cdop.indicators(data, "2024-25")  # the panel
    assert value(t, "child_deaths", area=PANEL) == 12  # Northvale is not in the panel's areas
    assert value(t, "child_deaths", area=PANEL, unit=cdop.UNIT, col="denominator") == 20_000
    assert value(t, "child_deaths", area=PANEL, unit=cdop.UNIT) == pytest.approx(60.0)
    # 12 deaths: Byar's method
    assert value(t, "child_deaths", area=PANEL, unit=cdop.UNIT, col="lower") == pytest.approx(30.9675492, abs=1e-6)
    assert value(t, "child_deaths", area=PANEL, breakdown="residence:Westbridge") == 7
    assert value(t, "child_deaths", area=PANEL, breakdown="outside_panel:resident elsewhere") == 1
    assert value(t, "child_deaths", area=PANEL, breakdown="residence:Westbridge", unit="percent") == \
        pytest.approx(7 / 12 * 100)
    w = cdop.indicators(data, "2024-25", "WESTBRIDGE")
    assert value(w, "child_deaths", area="Westbridge") == 7
    with pytest.raises(ValueError, match="no area of residence"):
        cdop.indicators(data, "2024-25", "Southfield")


def test_zero_deaths_in_a_year(tmp_path):
    data = load(tmp_path, [case("H1", "2015-01-01", "2023-06-01", review="2024-02-01", category=4, modifiable="N")])
    t = cdop.indicators(data, "2024-25", "Exampleshire")
    assert value(t, "child_deaths") == 0
    assert value(t, "child_deaths", unit=cdop.UNIT) == 0
    assert value(t, "child_deaths", unit=cdop.UNIT, col="lower") == 0
    # exact upper limit for 0 events: chi2(0.975, 2)/2 = 3.6889 per 10,000 children
    assert value(t, "child_deaths", unit=cdop.UNIT, col="upper") == pytest.approx(36.8887945, abs=1e-6)
    assert (ind.select(t, "child_deaths_by_age", breakdown=None, unit="count", period="2024-25")["value"] == 0).all()
    assert np.isnan(value(t, "reviews_with_modifiable_factors", unit="percent"))
    assert np.isnan(value(t, "review_days_median", unit="days"))
    assert cdop.deaths_sentence(t, "Exampleshire", "2024-25") == "No child resident in Exampleshire died in 2024-25."


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


def test_sample_looks_like_england(sample):
    d = sample.deaths
    panel = d[d["residence"].isin(sample.panel_areas)]
    t = cdop.deaths_by_year(sample, "2014-15", "2024-25")
    rate = ind.select(t, "child_deaths", unit=cdop.UNIT, area=sample.panel_name, period="2014-15 to 2024-25")
    assert 24 <= rate["value"].iloc[0] <= 31  # England: about 25 to 30 per 100,000 a year
    yearly = ind.select(t, "child_deaths", unit=cdop.UNIT, area=sample.panel_name)
    assert yearly["value"].between(15, 45).all()
    assert 0.55 <= (panel["age_years"] == 0).mean() <= 0.70  # most deaths in the first year
    assert 0.5 <= (panel["sex"] == "M").mean() <= 0.62
    reviewed = panel[panel["modifiable"].notna()]
    decided = reviewed[reviewed["modifiable"].ne("U")]
    assert 0.22 <= (decided["modifiable"] == "Y").mean() <= 0.42
    top = reviewed["category"].value_counts().index[:2].tolist()
    assert set(top) == {7, 8}  # congenital anomalies and perinatal events lead, as nationally
    lag = (reviewed["review_completed_date"] - reviewed["date_of_death"]).dt.days
    assert 180 <= lag.median() <= 450  # reviews lag deaths by months
    assert (~d["residence"].isin(sample.panel_areas)).sum() >= 1  # children from elsewhere are kept


def test_percentages_and_rates_as_the_one_row_helpers_give_them(sample):
    table = cdop.indicators(sample, "2024-25", "Exampleshire")
    pop = sample.population
    for row in table.itertuples(index=False):
        if row.unit == "percent":
            expected = ind.proportion_row(row.area, row.period, row.indicator, row.numerator, row.denominator)
        elif row.unit == cdop.UNIT:
            years = years_between(*row.period.split(" to ")) if " to " in row.period else [ReportingYear(row.period)]
            population = sum(population_mod.for_year(pop, "Exampleshire", y) for y in years)
            assert row.denominator == population
            expected = ind.rate_row(row.area, row.period, row.indicator, row.numerator, population, unit=cdop.UNIT)
        else:
            continue
        got = (row.value, row.lower, row.upper)
        assert np.array_equal(got, (expected["value"], expected["lower"], expected["upper"]), equal_nan=True)
