"""Child deaths: disclosure control of board output, and the bundled synthetic sample.

Board (published) output must show no count from 1 to 5, no crossed breakdown that could
identify a child, and nothing hidden that could be worked out by subtraction (across
breakdowns, years, the panel's areas and linked measures). Reviewer output shows everything,
but only when suppression is switched off explicitly.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_cdop import AREAS, PANEL, case, load

from lscb_analysis import cdop
from lscb_analysis import indicators as ind
from lscb_analysis.synth import cdop as synth

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "raw" / "exampleshire"


def shown(table: pd.DataFrame, indicator: str, *, area: str, period: str, breakdown: str = "all",
          unit: str = "count") -> bool:
    rows = ind.select(table, indicator, breakdown=breakdown, unit=unit, area=area, period=period)
    assert len(rows) == 1, (indicator, area, period, breakdown, unit)
    return not bool(rows["suppressed"].iloc[0])


def assert_no_small_numbers(table: pd.DataFrame) -> None:
    visible = table[~table["suppressed"]]
    small = lambda s: s.between(1, 5)  # noqa: E731
    assert not small(visible["numerator"]).any(), visible[small(visible["numerator"])]
    counts = visible[visible["unit"].eq("count")]
    assert not small(counts["value"]).any()
    based = visible[~visible["unit"].isin(list(ind.RATE_UNITS))]
    assert not small(based["denominator"]).any(), based[small(based["denominator"])]


def assert_nothing_recoverable(table: pd.DataFrame, panel: str | None = None, areas=()) -> None:
    """Independent check: no additive group shown with exactly one hidden cell."""
    cells = table.groupby(["area", "period", "indicator", "breakdown"], sort=False)["suppressed"].any().reset_index()
    cells["dim"] = cells["breakdown"].str.split(":").str[0]
    parts = cells[cells["breakdown"].ne("all")]
    per_group = parts.groupby(["area", "period", "indicator", "dim"])["suppressed"].agg(["sum", "size"])
    bad = per_group[(per_group["sum"] == 1) & (per_group["size"] > 1)]
    assert bad.empty, bad
    singles = cells[~cells["period"].str.contains(" to ")]
    for _, pooled in cells[cells["period"].str.contains(" to ")].iterrows():
        first, last = pooled["period"].split(" to ")
        years = [y for y in singles["period"].unique() if first <= y <= last]
        group = singles[singles["area"].eq(pooled["area"]) & singles["indicator"].eq(pooled["indicator"])
                        & singles["breakdown"].eq(pooled["breakdown"]) & singles["period"].isin(years)]
        expected = int(last[:4]) - int(first[:4]) + 1
        if len(group) == expected and not pooled["suppressed"]:
            assert group["suppressed"].sum() != 1, (pooled.to_dict(), group)
    if panel:
        for _, p in cells[cells["area"].eq(panel) & ~cells["dim"].isin(["residence", "outside_panel"])].iterrows():
            group = cells[cells["area"].isin(areas) & cells["period"].eq(p["period"])
                          & cells["indicator"].eq(p["indicator"]) & cells["breakdown"].eq(p["breakdown"])]
            if len(group) == len(areas) and not p["suppressed"]:
                assert group["suppressed"].sum() != 1, (p.to_dict(), group)


# --------------------------------------------------------------------------- hand-made cases


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
def sample() -> cdop.CDOPData:
    return cdop.load(SAMPLE)


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


def test_loader_catches_every_injected_fault_and_nothing_else(sample):
    record = json.loads((SAMPLE / "cdop" / "injected_faults.json").read_text())
    faults = record["injected_faults"]
    assert {f["kind"] for f in faults} >= {"duplicate", "invalid_date", "death_before_birth", "not_a_child",
                                          "unknown_code", "review_before_death", "blank_row"}
    assert sample.rejections.rejected_rows("cdop/child_deaths.csv") == {f["row"] for f in faults}
    summary = sample.rejections.summary().iloc[0]
    assert summary["rows_read"] == record["rows"]
    assert summary["rows_used"] == record["deaths"] == len(sample.deaths)
    assert summary["reconciles"]


def test_sample_is_reproducible_byte_for_byte(tmp_path):
    shutil.copy(SAMPLE / "population.csv", tmp_path / "population.csv")
    synth.generate(tmp_path)
    first = (tmp_path / "cdop" / "child_deaths.csv").read_bytes()
    synth.generate(tmp_path)
    assert (tmp_path / "cdop" / "child_deaths.csv").read_bytes() == first
    assert first == (SAMPLE / "cdop" / "child_deaths.csv").read_bytes()  # the committed sample is current
    assert (tmp_path / "cdop" / "injected_faults.json").read_text() == \
        (SAMPLE / "cdop" / "injected_faults.json").read_text()


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
