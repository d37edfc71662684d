"""Child deaths, disclosure control of board output: no count from 1 to 5, no crossed breakdown, and
nothing hidden that could be worked out by subtraction (across breakdowns, years, the panel's areas and
linked measures). Reviewer output shows everything, but only when suppression is switched off."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lscb_analysis import cdop
from lscb_analysis import indicators as ind
from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.inputs import population as population_mod
from lscb_analysis.sections.child_deaths.records import population_for, populations

from .helpers import (
    AREAS,
    PANEL,
    assert_no_small_numbers,
    assert_nothing_recoverable,
    case,
    load,
    shown,
)


def test_a_small_area_count_cannot_be_recovered_from_the_panel_total(tmp_path):
    cases = [case(f"S{i}", "2015-01-01", "2024-06-01", residence=r)
             for i, r in enumerate(["Exampleshire"] * 3 + ["Westbridge"] * 10)]
    data = load(tmp_path, cases)
    for own in AREAS:
        t = cdop.board_tables(data, "2024-25", own, trend_years=3)["panel"]
        assert not shown(t, "child_deaths", area="Exampleshire", period="2024-25")
        # 13 - 10 would give 3: Westbridge's figure is hidden in both areas' reports
        assert not shown(t, "child_deaths", area="Westbridge", period="2024-25")
        assert not shown(t, "child_deaths", area=PANEL, period="2024-25", breakdown="residence:Westbridge")
        assert shown(t, "child_deaths", area=PANEL, period="2024-25")
        assert_no_small_numbers(t)
    # reviewers see everything, only when asked
    raw = cdop.board_tables(data, "2024-25", "Exampleshire", trend_years=3, suppress=False)["panel"]
    assert ind.select(raw, "child_deaths", area="Exampleshire", period="2024-25", unit="count")["value"].iloc[0] == 3
    assert not raw["suppressed"].any()


def test_a_small_year_cannot_be_recovered_from_the_pooled_total(tmp_path):
    cases = [case(f"T{y}{i}", "2015-01-01", f"{y}-06-01") for y, n in ((2022, 9), (2023, 12), (2024, 4))
             for i in range(n)]
    data = load(tmp_path, cases)
    t = cdop.board_tables(data, "2024-25", "Exampleshire", trend_years=3)["by_year"]
    assert shown(t, "child_deaths", area="Exampleshire", period="2022-23 to 2024-25")  # 25 deaths
    assert not shown(t, "child_deaths", area="Exampleshire", period="2024-25")       # 4
    assert not shown(t, "child_deaths", area="Exampleshire", period="2022-23")       # 9, the next smallest
    assert shown(t, "child_deaths", area="Exampleshire", period="2023-24")
    assert_no_small_numbers(t)
    assert_nothing_recoverable(t)


def test_modifiable_percentage_hidden_with_its_counts(tmp_path):
    decisions = ["Y"] * 7 + ["N"] * 20 + ["U"] * 2
    data = load(tmp_path, [case(f"V{i}", "2015-01-01", "2024-05-01", review="2025-01-10", category=5, modifiable=m)
                           for i, m in enumerate(decisions)])
    t = cdop.board_safe(cdop.indicators(data, "2024-25", "Exampleshire"))
    p = "2024-25"
    assert not shown(t, "reviews_completed", area="Exampleshire", period=p, breakdown="modifiable:insufficient information")
    # 29 - 20 - 7 would give 2: the smallest other part (7) goes, and the percentage (7 of 27) with it
    assert not shown(t, "reviews_completed", area="Exampleshire", period=p, breakdown="modifiable:yes")
    assert not shown(t, "reviews_with_modifiable_factors", area="Exampleshire", period=p, unit="percent")
    assert shown(t, "reviews_completed", area="Exampleshire", period=p, breakdown="modifiable:no")
    assert "not shown" in cdop.reviews_sentence(t, "Exampleshire", p)


def test_crossed_breakdowns_never_reach_the_board():
    rows = [ind.count_row("Exampleshire", "2024-25", "reviews_by_category", 9,
                          breakdown="category:infection|age:0-27 days|sex:male"),
            ind.count_row("Exampleshire", "2024-25", "reviews_by_category", 9, breakdown="category:infection")]
    table = ind.table(rows)
    safe = cdop.board_safe(table)
    assert list(safe["breakdown"]) == ["category:infection"]
    assert len(cdop.board_safe(table, suppress=False)) == 2


def test_board_safe_is_strict_by_default(tmp_path):
    data = load(tmp_path, [case("W1", "2015-01-01", "2024-06-01")])
    t = cdop.indicators(data, "2024-25", "Exampleshire")
    assert cdop.board_safe(t)["suppressed"].any()
    assert not cdop.board_safe(t, suppress=False)["suppressed"].any()


# --------------------------------------------------------------------------- the synthetic sample


@pytest.fixture(scope="module")
def board(sample) -> dict[str, pd.DataFrame]:
    return cdop.board_tables(sample, "2024-25", "Exampleshire", trend_years=5)


def test_sample_board_tables_are_safe(sample, board):
    for name, table in board.items():
        assert table["suppressed"].any(), name  # small numbers exist and are hidden
        assert_no_small_numbers(table)
    combined = pd.concat(board.values(), ignore_index=True).drop_duplicates(
        ["area", "period", "indicator", "breakdown", "unit"])
    assert_nothing_recoverable(combined, sample.panel_name, sample.panel_areas)


def test_sample_board_tables_agree_with_the_indicators(sample, board):
    raw = cdop.indicators(sample, "2024-25", "Exampleshire")
    safe = board["indicators"]
    merged = safe.merge(raw, on=["area", "period", "indicator", "breakdown", "unit"], suffixes=("", "_raw"))
    visible = merged[~merged["suppressed"]]
    assert len(visible) > 20
    assert np.allclose(visible["value"], visible["value_raw"], equal_nan=True)


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
        if name == "indicators":  # the year before, the base of the change, comes with the panel's table
            expected = expected[expected["period"].ne(y.previous().label)]
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
    pops = populations(sample.population, [*sample.panel_areas, "Nowhere"], years)
    assert population_for(pops, sample.panel_areas, years) == sum(
        real(sample.population, a, y) for a in sample.panel_areas for y in years)
    assert np.isnan(population_for(pops, ["Nowhere", "Exampleshire"], years))


# --------------------------------------------------------------------------- inequality, infants, change


def test_ethnic_groups_summing_to_the_total_cannot_be_undone(tmp_path):
    groups = {"WBRI": 20, "APKN": 3, "BAFR": 7, "OOTH": 9}  # Mixed and not known: none
    data = load(tmp_path, [case(f"G{code}{i}", "2015-01-01", "2024-06-01", ethnicity=code)
                           for code, n in groups.items() for i in range(n)])
    t = cdop.board_safe(cdop.indicators(data, "2024-25", "Exampleshire"))
    cell = lambda g: shown(t, "child_deaths_by_ethnicity", area="Exampleshire", period="2024-25",  # noqa: E731
                           breakdown=f"ethnicity:{g}")
    assert shown(t, "child_deaths", area="Exampleshire", period="2024-25")  # 39
    assert not cell("Asian or Asian British")  # 3
    # 39 - 20 - 9 - 0 - 0 would give 10 = 3 + 7: Black (7, the next smallest above 0) is hidden too
    assert not cell("Black or Black British")
    assert cell("White") and cell("Other ethnic group") and cell("Mixed") and cell("not known")
    assert_no_small_numbers(t)
    assert_nothing_recoverable(t)


def test_change_hidden_with_a_small_year_and_infant_rates_with_their_age_bands(tmp_path):
    from .helpers import write_births

    write_births(tmp_path, [(a, y, 2000) for a in AREAS for y in ("2023-24", "2024-25")])
    cases = [case(f"H{i}", "2015-01-01", "2023-06-01") for i in range(4)]           # 4 in 2023-24
    cases += [case(f"J{i}", "2015-01-01", "2024-06-01") for i in range(12)]         # 12 in 2024-25
    cases += [case(f"K{i}", "2024-05-01", "2024-05-10") for i in range(7)]          # 7 neonatal
    cases += [case(f"N{i}", "2024-01-01", "2024-06-01") for i in range(3)]          # 3 post-neonatal
    data = load(tmp_path, cases)
    t = cdop.board_tables(data, "2024-25", "Exampleshire", trend_years=3)
    ind_t = t["indicators"]
    # 2023-24 had 4 deaths: hidden, and the change (which with 22 would give it back) with it
    assert not shown(t["by_year"], "child_deaths", area="Exampleshire", period="2023-24")
    assert not shown(ind_t, "child_deaths_change", area="Exampleshire", period="2024-25", unit="percent")
    # post-neonatal (3) hidden: neonatal goes too, or infant (10) - neonatal (7) would give it back
    assert not shown(ind_t, "child_deaths_by_age", area="Exampleshire", period="2024-25",
                     breakdown="age:28-364 days")
    assert not shown(ind_t, "child_deaths_by_age", area="Exampleshire", period="2024-25", breakdown="age:0-27 days")
    assert not shown(ind_t, "neonatal_mortality_rate", area="Exampleshire", period="2024-25",
                     unit=cdop.BIRTHS_UNIT)
    assert shown(ind_t, "infant_mortality_rate", area="Exampleshire", period="2024-25", unit=cdop.BIRTHS_UNIT)
    assert_no_small_numbers(cdop.combined(t))
