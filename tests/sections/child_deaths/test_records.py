"""Child deaths, counting: every count of one area and year against a table worked out by hand, and
figures that follow the data when the loaded tables are edited in place (nothing is kept from one call
to the next).

The hand-made panel (Exampleshire and Westbridge, 10,000 children aged 0-17 in each):

==== ============ ===== ========== ============ ========= ======== ===== ========== ======== ==========
case residence    sex   born       died         age band  expected SUDI? rapid      reviewed category/mod
==== ============ ===== ========== ============ ========= ======== ===== ========== ======== ==========
A1   Exampleshire F     2024-05-01 2024-05-10   0-27 days N        yes   Y          2024-12-01 10 / Y
A2   Exampleshire M     2010-01-01 2024-07-01   10-14     Y        no    N          2025-03-31 4 / N
A3   Exampleshire U     2020-01-01 2025-03-31   5-9       N        no    Y          (not yet)
A4   Westbridge   M     2023-06-01 2024-04-01   28-364    N        yes   N          2025-02-01 10 / U
A5   Northvale    F     2015-01-01 2024-09-01   5-9       Y        no    N          2025-01-01 6 / N
A6   Exampleshire F     2015-01-01 2023-06-01   5-9       Y        no    N          2024-06-01 6 / Y
A7   Exampleshire M     2010-01-01 2025-04-01   15-17     Y        no    N          (not yet)
==== ============ ===== ========== ============ ========= ======== ===== ========== ======== ==========

Exampleshire 2024-25 (1 April 2024 to 31 March 2025): deaths A1, A2, A3 (A6 died in 2023-24, A7 on
1 April 2025); reviews completed A1, A2 and A6 (A6 of a death in an earlier year). Days from death to
review: A1 205, A2 273, A6 366 (2024 is a leap year), median 273; all three are 6 to 12 months (A6 on
exactly 12 calendar months).
"""

from __future__ import annotations

import pandas as pd
import pytest

from lscb_analysis import cdop
from lscb_analysis import indicators as ind

from .helpers import PANEL, case, load, value

CASES = [
    case("A1", "2024-05-01", "2024-05-10", sex="F", expected="N", sudden="Y", rapid="Y", review="2024-12-01",
         category=10, modifiable="Y"),
    case("A2", "2010-01-01", "2024-07-01", sex="M", review="2025-03-31", category=4, modifiable="N"),
    case("A3", "2020-01-01", "2025-03-31", sex="U", expected="N", rapid="Y"),
    case("A4", "2023-06-01", "2024-04-01", sex="M", residence="Westbridge", expected="N", sudden="Y",
         review="2025-02-01", category=10, modifiable="U"),
    case("A5", "2015-01-01", "2024-09-01", residence="Northvale", review="2025-01-01", category=6, modifiable="N"),
    case("A6", "2015-01-01", "2023-06-01", review="2024-06-01", category=6, modifiable="Y"),
    case("A7", "2010-01-01", "2025-04-01", sex="M"),
]

# Exampleshire, 2024-25: every count row, worked out by hand from the table above
EXPECTED_2024 = {
    ("child_deaths", "all"): 3,
    ("child_deaths_by_age", "age:0-27 days"): 1, ("child_deaths_by_age", "age:28-364 days"): 0,
    ("child_deaths_by_age", "age:1-4 years"): 0, ("child_deaths_by_age", "age:5-9 years"): 1,
    ("child_deaths_by_age", "age:10-14 years"): 1, ("child_deaths_by_age", "age:15-17 years"): 0,
    ("child_deaths_by_sex", "sex:female"): 1, ("child_deaths_by_sex", "sex:male"): 1,
    ("child_deaths_by_sex", "sex:unknown"): 1,
    ("child_deaths_unexpected", "all"): 2, ("sudi", "all"): 1, ("rapid_responses", "all"): 2,
    ("reviews_completed", "all"): 3, ("reviews_completed", "modifiable:yes"): 2,
    ("reviews_completed", "modifiable:no"): 1, ("reviews_completed", "modifiable:insufficient information"): 0,
    ("reviews_completed", "death:in the period"): 2, ("reviews_completed", "death:before the period"): 1,
    ("reviews_completed", "time_to_review:under 6 months"): 0,
    ("reviews_completed", "time_to_review:6 to 12 months"): 3,
    ("reviews_completed", "time_to_review:over 12 months"): 0,
    **{("reviews_by_category", f"category:{name}"): {4: 1, 6: 1, 10: 1}.get(code, 0)
       for code, name in cdop.CATEGORIES.items()},
    **{("child_deaths_by_ethnicity", f"ethnicity:{g}"): 3 if g == "White" else 0 for g in cdop.ETHNIC_GROUPS},
}


@pytest.fixture
def data(tmp_path) -> cdop.CDOPData:
    return load(tmp_path, CASES)


def counts(table, area="Exampleshire", period="2024-25") -> dict:
    rows = table[table["area"].eq(area) & table["period"].eq(period) & table["unit"].eq("count")]
    return dict(zip(zip(rows["indicator"], rows["breakdown"]), rows["value"]))


def test_every_count_is_the_hand_checked_one(data):
    t = cdop.indicators(data, "2024-25", "Exampleshire")
    assert counts(t) == EXPECTED_2024
    assert value(t, "review_days_median", unit="days") == 273
    assert value(t, "child_deaths", unit=cdop.UNIT) == pytest.approx(30.0)  # 3 in 10,000
    assert value(t, "child_deaths_unexpected", unit="percent") == pytest.approx(200 / 3)
    assert value(t, "reviews_with_modifiable_factors", unit="percent") == pytest.approx(200 / 3)  # 2 of 3 decided
    assert value(t, "child_deaths", period="2023-24") == 1  # A6, the base of the change
    assert value(t, "child_deaths_change", unit="percent") == 200  # 1 to 3
    pooled = counts(t, period="2022-23 to 2024-25")
    assert pooled["child_deaths", "all"] == 4  # A6 too
    assert pooled["reviews_completed", "death:before the period"] == 0  # A6 died inside the pooled period


def test_the_panel_counts_its_areas_and_names_the_rest(data):
    t = cdop.indicators(data, "2024-25")
    assert value(t, "child_deaths", area=PANEL) == 4  # A1, A2, A3, A4
    assert value(t, "sudi", area=PANEL) == 2
    assert value(t, "child_deaths", area=PANEL, breakdown="residence:Exampleshire") == 3
    assert value(t, "child_deaths", area=PANEL, breakdown="residence:Westbridge") == 1
    assert value(t, "child_deaths", area=PANEL, breakdown="outside_panel:resident elsewhere") == 1  # A5
    assert value(t, "reviews_completed", area=PANEL, breakdown="modifiable:insufficient information") == 1  # A4


def test_an_edit_in_place_changes_the_figures(data):
    first = cdop.indicators(data, "2024-25", "Exampleshire")
    assert value(first, "child_deaths_by_sex", breakdown="sex:female") == 1
    data.deaths.loc[:, "sex"] = "M"
    data.population.loc[:, "population"] = data.population["population"] * 2
    moved = data.deaths.index[data.deaths["date_of_death"].eq("2025-04-01")]
    data.deaths.loc[moved, "date_of_death"] = data.deaths.loc[moved, "date_of_death"] - pd.Timedelta(days=1)
    second = cdop.indicators(data, "2024-25", "Exampleshire")
    assert value(second, "child_deaths_by_sex", breakdown="sex:female") == 0
    assert value(second, "child_deaths_by_sex", breakdown="sex:male") == 4  # A7 now died on 31 March 2025
    assert value(second, "child_deaths", unit=cdop.UNIT, col="denominator") == 20_000
    # a new table of deaths on the same object is read too
    data.deaths = data.deaths.iloc[:0]
    assert value(cdop.indicators(data, "2024-25", "Exampleshire"), "child_deaths") == 0
    by_year = cdop.deaths_by_year(data, "2023-24", "2024-25", "Exampleshire")
    assert ind.select(by_year, "child_deaths", unit="count")["value"].eq(0).all()
