"""Child deaths, board tables: the views laid out from an indicator table."""

from __future__ import annotations

import pandas as pd

from lscb_analysis import cdop
from lscb_analysis import indicators as ind

from .helpers import AREAS, PANEL, case, load, value


def test_deaths_by_year_has_the_sex_split_and_totals(tmp_path):
    cases = [case(f"M{y}{i}", "2015-01-01", f"{y}-07-01", sex="F" if i % 3 == 0 else "M")
             for y, n in ((2022, 7), (2023, 4), (2024, 9)) for i in range(n)]
    data = load(tmp_path, cases)
    t = cdop.deaths_by_year(data, "2022-23", "2024-25", "Exampleshire")
    assert value(t, "child_deaths", period="2022-23 to 2024-25") == 20
    assert value(t, "child_deaths_by_sex", period="2022-23", breakdown="sex:female") == 3  # i = 0, 3, 6
    assert value(t, "child_deaths_by_sex", period="2024-25", breakdown="sex:male") == 6
    assert value(t, "child_deaths_by_sex", period="2022-23 to 2024-25", breakdown="sex:female") == 3 + 2 + 3
    view = cdop.deaths_by_year_view(t, "Exampleshire")
    assert list(view.columns) == ["2022-23", "2023-24", "2024-25", "Total"]
    assert view.loc["Female:male", "2024-25"] == "3:6"
    assert view.loc["Total deaths", "Total"] == "20"
    assert view.loc["Rate per 100,000 aged 0-17", "2023-24"] == "too few deaths"  # 4 deaths
    assert view.loc["Rate per 100,000 aged 0-17", "Total"] == "66.7"  # 20 in 30,000 child-years


def test_panel_total_beside_each_area(tmp_path):
    # the seed 000 shape: a panel total and each area's share
    cases = [case(f"N{i}", "2015-01-01", "2024-06-01", residence=r)
             for i, r in enumerate(["Exampleshire"] * 19 + ["Westbridge"] * 22)]
    data = load(tmp_path, cases)
    t = cdop.panel_by_residence(data, "2024-25")
    view = cdop.panel_view(t, PANEL, AREAS, "2024-25")
    assert view.loc["Exampleshire", "Deaths"] == "19"
    assert view.loc["Westbridge", "% of the panel's deaths"] == "53.7"  # 22 / 41
    assert view.loc[f"Panel ({PANEL})", "Deaths"] == "41"
    assert view.loc["Exampleshire", "Rate per 100,000 aged 0-17"] == "190.0"
    assert "41 children died in 2024-25 (19 in Exampleshire, 22 in Westbridge)" in \
        cdop.panel_sentence(t, PANEL, AREAS, "2024-25")


def test_category_view_with_an_england_comparator(tmp_path):
    data = load(tmp_path, [case(f"P{i}", "2015-01-01", "2023-06-01", review="2024-06-01", category=c, modifiable="N")
                           for i, c in enumerate([8] * 6 + [7] * 4)])
    t = cdop.indicators(data, "2024-25", "Exampleshire")
    view = cdop.category_view(t, ["Exampleshire"], "2024-25", england={8: 35.04, "infection": 7.25})
    assert view.loc["perinatal/neonatal event", "Exampleshire: %"] == "60.0"
    assert view.loc["perinatal/neonatal event", "England (%)"] == "35.0"
    assert view.loc["infection", "England (%)"] == "7.3"  # rounded half up
    assert view.loc["malignancy", "England (%)"] == "x"


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
