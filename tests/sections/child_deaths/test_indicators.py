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

from .helpers import PANEL, case, load, value, write_births, write_imd


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
    births = sample.births.set_index(["area", "start_year"])["live_births"]
    for row in table.itertuples(index=False):
        years = years_between(*row.period.split(" to ")) if " to " in row.period else [ReportingYear(row.period)]
        if row.indicator == "child_deaths_change":
            continue  # a change, not a share (test_change_on_the_previous_year)
        if row.unit == "percent":
            expected = ind.proportion_row(row.area, row.period, row.indicator, row.numerator, row.denominator)
        elif row.unit == cdop.BIRTHS_UNIT:
            live = sum(births["Exampleshire", y.start_year] for y in years)
            assert row.denominator == live
            expected = ind.rate_row(row.area, row.period, row.indicator, row.numerator, live, unit=cdop.BIRTHS_UNIT)
        elif row.unit == cdop.UNIT:
            population = sum(population_mod.for_year(pop, "Exampleshire", y) for y in years)
            assert row.denominator == population
            expected = ind.rate_row(row.area, row.period, row.indicator, row.numerator, population, unit=cdop.UNIT)
        else:
            continue
        got = (row.value, row.lower, row.upper)
        assert np.array_equal(got, (expected["value"], expected["lower"], expected["upper"]), equal_nan=True)


# --------------------------------------------------------------------------- inequality, infants, change


def test_deaths_by_ethnic_group_and_deprivation(tmp_path):
    write_imd(tmp_path, {"E01000001": 1, "E01000002": 2, "E01000003": 10})
    data = load(tmp_path, [
        case("P1", "2015-01-01", "2024-06-01", ethnicity="WBRI", lsoa="E01000001"),
        case("P2", "2015-01-01", "2024-06-01", ethnicity="APKN", lsoa="E01000002"),
        case("P3", "2015-01-01", "2024-06-01", ethnicity="BAFR", lsoa="E01000003"),
        case("P4", "2015-01-01", "2024-06-01", ethnicity="REFU"),
        case("P5", "2015-01-01", "2023-06-01", ethnicity="WBRI", lsoa="E01000003"),  # 2023-24
    ])
    t = cdop.indicators(data, "2024-25", "Exampleshire")
    eth = {b: value(t, "child_deaths_by_ethnicity", breakdown=f"ethnicity:{b}") for b in cdop.ETHNIC_GROUPS}
    assert eth == {"White": 1, "Mixed": 0, "Asian or Asian British": 1, "Black or Black British": 1,
                   "Other ethnic group": 0, "not known": 1}
    assert value(t, "child_deaths_by_ethnicity", breakdown="ethnicity:White", unit="percent") == 25
    dep = {b: value(t, "child_deaths_by_deprivation", breakdown=f"deprivation:{b}") for b in cdop.IMD_QUINTILES}
    assert dep == {"quintile 1 (most deprived)": 2, "quintile 2": 0, "quintile 3": 0, "quintile 4": 0,
                   "quintile 5 (least deprived)": 1, "not known": 1}
    assert value(t, "child_deaths_by_deprivation", period="2022-23 to 2024-25",
                 breakdown="deprivation:quintile 5 (least deprived)") == 2


def test_no_deprivation_rows_without_a_lookup(tmp_path):
    t = cdop.indicators(load(tmp_path, [case("Q1", "2015-01-01", "2024-06-01", lsoa="E01000001")]), "2024-25")
    assert "child_deaths_by_deprivation" not in set(t["indicator"])
    assert "infant_mortality_rate" not in set(t["indicator"])  # nor infant rates without births


def test_infant_and_neonatal_deaths_per_1000_live_births_at_the_year_edges(tmp_path):
    write_births(tmp_path, [("Exampleshire", "2024-25", 2000), ("Exampleshire", "2025-26", 2000),
                            ("Westbridge", "2024-25", 1000)])
    data = load(tmp_path, [
        case("I1", "2025-03-01", "2025-03-31"),  # 30 days, 31 March 2025: post-neonatal, 2024-25
        case("I2", "2025-03-10", "2025-04-01"),  # 22 days, 1 April 2025: neonatal, 2025-26
        case("I3", "2024-04-01", "2024-04-28"),  # 27 days: neonatal, 2024-25
        case("I4", "2023-03-01", "2024-02-29"),  # 365 days but under one, in 2023-24
        case("I5", "2023-04-01", "2024-04-01"),  # died on the first birthday: not an infant death
    ])
    t = cdop.indicators(data, "2024-25", "Exampleshire")
    unit = cdop.BIRTHS_UNIT
    assert value(t, "infant_mortality_rate", unit=unit, col="numerator") == 2  # I1 and I3
    assert value(t, "infant_mortality_rate", unit=unit, col="denominator") == 2000
    assert value(t, "infant_mortality_rate", unit=unit) == pytest.approx(1.0)
    # exact Poisson limits for 2 events: chi2(0.025, 4)/2 = 0.24221, chi2(0.975, 6)/2 = 7.22469, per 2,000 births
    assert value(t, "infant_mortality_rate", unit=unit, col="lower") == pytest.approx(0.1211046, abs=1e-6)
    assert value(t, "infant_mortality_rate", unit=unit, col="upper") == pytest.approx(3.6123438, abs=1e-6)
    assert value(t, "neonatal_mortality_rate", unit=unit) == pytest.approx(0.5)  # I3
    later = cdop.indicators(data, "2025-26", "Exampleshire")
    assert value(later, "neonatal_mortality_rate", period="2025-26", unit=unit) == pytest.approx(0.5)  # I2
    # the pooled period lacks births for 2022-23 and 2023-24: no rate rather than a wrong one
    assert np.isnan(value(t, "infant_mortality_rate", period="2022-23 to 2024-25", unit=unit))
    panel = cdop.indicators(data, "2024-25")
    assert value(panel, "infant_mortality_rate", area=PANEL, unit=unit, col="denominator") == 3000


def test_change_on_the_previous_year(tmp_path):
    cases = [case(f"Y{y}{r[0]}{i}", "2015-01-01", f"{y}-06-01", residence=r)
             for y, r, n in ((2023, "Exampleshire", 8), (2024, "Exampleshire", 6), (2023, "Westbridge", 10),
                             (2024, "Westbridge", 13)) for i in range(n)]
    data = load(tmp_path, cases)
    t = cdop.indicators(data, "2024-25", "Exampleshire")
    assert value(t, "child_deaths", period="2023-24") == 8
    assert value(t, "child_deaths_change", unit="percent") == pytest.approx(-25.0)  # 8 to 6
    p = cdop.panel_by_residence(data, "2024-25")
    assert value(p, "child_deaths", area=PANEL, period="2023-24") == 18
    assert value(p, "child_deaths_change", area=PANEL, unit="percent") == pytest.approx(100 / 18)  # 18 to 19
