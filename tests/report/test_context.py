"""The context page's figures (inputs/context.py), checked against rows of the published files read by hand."""

import pytest

from lscb_analysis.inputs import context


def value(table, area, period, indicator):
    r = table[(table["area"] == area) & (table["period"] == period) & (table["indicator"] == indicator)]
    assert len(r) == 1, (area, period, indicator, len(r))
    return r["value"].item()


@pytest.fixture(scope="module")
def bexley():
    return context.indicators("bexley", ["2016-17", "2024-25"])


def test_workforce_for_the_area_england_and_region(bexley):
    # csww_indicators_2017_to_2025.csv, time_period 2025 (30 September 2024) = 2024-25, Bexley (303):
    # inpost_fte 185.7, turnover_rate_fte 17, agency_rate_fte 11.9, vacancy_rate_fte 21.4, caseload_fte 15.2
    assert value(bexley, "Bexley", "2024-25", "social_workers_fte") == 185.7
    assert value(bexley, "Bexley", "2024-25", "social_worker_turnover") == 17.0
    assert value(bexley, "Bexley", "2024-25", "agency_worker_rate") == 11.9
    assert value(bexley, "Bexley", "2024-25", "vacancy_rate") == 21.4
    assert value(bexley, "Bexley", "2024-25", "caseload_per_social_worker") == 15.2
    # England, time_period 2025: turnover 11.8, agency 13.0, vacancy 14.2
    assert value(bexley, "England", "2024-25", "social_worker_turnover") == 11.8
    assert value(bexley, "England", "2024-25", "vacancy_rate") == 14.2
    assert value(bexley, "Statistical neighbours", "2024-25", "vacancy_rate") > 0


def test_injury_admissions_with_limits(bexley):
    # OHID 90284, Persons, 2016/17: Bexley 73.93481 (66.59103 to 81.9...), England 102.4338
    r = bexley[(bexley["area"] == "Bexley") & (bexley["period"] == "2016-17")
               & (bexley["indicator"] == "hospital_admissions_injuries_0_14")].iloc[0]
    assert round(r["value"], 3) == 73.935 and round(r["lower"], 3) == 66.591 and r["numerator"] == 350
    assert r["unit"] == "per 10,000 aged 0-14"
    assert round(value(bexley, "England", "2016-17", "hospital_admissions_injuries_0_14"), 3) == 102.434


def test_children_from_ons_or_the_areas_own_population_file():
    # ONS: Bexley mid-2024 58,724 children aged 0-17 (reporting year 2024-25)
    assert value(context.children("bexley", years=["2024-25"]), "Bexley", "2024-25", "children_aged_0_17") == 58724
    ex = context.children("exampleshire", raw_dir=context._dir().parent, years=["2024-25"])
    assert value(ex, "Exampleshire", "2024-25", "children_aged_0_17") > 0  # the synthetic population file
    assert value(ex, "England", "2024-25", "children_aged_0_17") == 12183016
