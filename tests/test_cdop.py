"""Child Death Overview Panel section: loader, age bands, year boundaries, reviews, modifiable
factors, pooled rates with exact limits, zero deaths, sentences and disclosure control.

Fixtures are small hand-made case lists with answers a person can check by hand; the
population is 10,000 children aged 0-17 in each area in each mid-year.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lscb_analysis import cdop
from lscb_analysis.inputs import clean
from lscb_analysis import indicators as ind

HEADER = ["case_id", "date_of_birth", "date_of_death", "sex", "ethnicity", "residence", "expected",
          "sudden_unexpected", "rapid_response", "place_of_death", "review_completed_date", "category",
          "modifiable"]
AREAS = ["Exampleshire", "Westbridge"]
PANEL = "Exampleshire and Westbridge"
FILE = "cdop/child_deaths.csv"


def case(case_id, dob, dod, *, sex="F", residence="Exampleshire", expected="Y", sudden="N", rapid="N",
         review="", category="", modifiable="") -> list[str]:
    return [case_id, dob, dod, sex, "WBRI", residence, expected, sudden, rapid, "hospital", review,
            str(category), modifiable]


def write_population(area_dir: Path, areas=AREAS, years=range(2019, 2026), per_area=10_000) -> None:
    rows = []
    for area in areas:
        for year in years:
            for age in range(18):
                for sex in ("F", "M"):
                    n = per_area - 35 * 277 if (age, sex) == (0, "F") else 277
                    rows.append([area, year, age, sex, n])
    pd.DataFrame(rows, columns=["area", "mid_year", "age", "sex", "population"]).to_csv(
        area_dir / "population.csv", index=False)


def write_cases(area_dir: Path, cases: list[list[str]], header=HEADER) -> None:
    (area_dir / "cdop").mkdir(parents=True, exist_ok=True)
    with open(area_dir / "cdop" / "child_deaths.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(cases)


def load(tmp_path: Path, cases: list[list[str]], **kw) -> cdop.CDOPData:
    write_population(tmp_path)
    write_cases(tmp_path, cases, **kw)
    return cdop.load(tmp_path, panel_areas=AREAS)


def value(table, indicator, *, area="Exampleshire", period="2024-25", breakdown="all", unit="count", col="value"):
    rows = ind.select(table, indicator, breakdown=breakdown, unit=unit, area=area, period=period)
    assert len(rows) == 1, (indicator, area, period, breakdown, unit)
    return rows[col].iloc[0]


# --------------------------------------------------------------------------- age at death


@pytest.mark.parametrize("dob, dod, days, band", [
    ("2024-06-01", "2024-06-28", 27, "0-27 days"),         # 27 days: still neonatal
    ("2024-06-01", "2024-06-29", 28, "28-364 days"),       # 28 days: post-neonatal
    ("2024-06-01", "2024-06-01", 0, "0-27 days"),          # died on the day of birth
    ("2022-05-10", "2023-05-09", 364, "28-364 days"),      # 364 days, no 29 February in between
    ("2022-05-10", "2023-05-10", 365, "1-4 years"),        # 365 days: first birthday
    ("2023-03-01", "2024-02-29", 365, "28-364 days"),      # 365 days across 29 Feb 2024: birthday is 1 March
    ("2023-03-01", "2024-03-01", 366, "1-4 years"),        # first birthday in a leap year
    ("2020-02-29", "2021-02-28", 365, "28-364 days"),      # born on 29 February: a year old on 1 March
    ("2020-02-29", "2021-03-01", 366, "1-4 years"),
    ("2019-07-15", "2024-07-14", 1826, "1-4 years"),       # the day before the fifth birthday
    ("2019-07-15", "2024-07-15", 1827, "5-9 years"),
    ("2006-04-01", "2024-03-31", 6574, "15-17 years"),     # the day before the 18th birthday
])
def test_age_bands_at_the_day_boundaries(dob, dod, days, band):
    ages = cdop.age_at_death(pd.Series([pd.Timestamp(dob)]), pd.Series([pd.Timestamp(dod)]))
    assert int(ages["age_days"].iloc[0]) == days
    assert cdop.age_band(ages["age_days"], ages["age_years"]).iloc[0] == band


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


# --------------------------------------------------------------------------- loader


def test_loader_rejects_and_logs_bad_rows(tmp_path):
    cases = [
        case("K1", "2015-01-01", "2024-06-01"),
        case("K1", "2015-01-01", "2024-06-01"),                          # duplicate case
        case("K2", "2024-06-02", "2024-06-01"),                          # death before birth
        case("K3", "2006-05-01", "2024-06-01"),                          # aged 18
        case("K4", "2015-01-01", "31/02/2024"),                          # no such date
        case("K5", "2015-01-01", "2024-06-01", sex="X"),
        case("K6", "2015-01-01", "2024-06-01", review="2024-05-01", category=3, modifiable="N"),
        case("K7", "2015-01-01", "2024-06-01", review="2024-09-01", modifiable="N"),  # no category
        case("K8", "2015-01-01", "2024-06-01", review="2024-09-01", category=12, modifiable="N"),
        case("K9", "2015-01-01", "2024-06-01", expected="Y", sudden="Y"),
        case("K10", "01/02/2015", "2024-06-01", sex="Male", expected="no", review="45600", category="Infection",
             modifiable="insufficient information"),                      # valid spellings
        case("K11", "2015-01-01", "2024-06-01", category=9),             # provisional category, not reviewed: kept
    ]
    data = load(tmp_path, cases)
    summary = data.rejections.summary().set_index("file").loc[FILE]
    assert summary["rows_read"] == 12 and summary["rows_used"] == 3 and summary["rows_rejected"] == 9
    assert summary["reconciles"]
    assert data.rejections.rejected_rows(FILE) == {3, 4, 5, 6, 7, 8, 9, 10, 11}
    reasons = set(data.rejections.to_frame()["reason"])
    assert "date of death is before the date of birth" in reasons
    assert "aged 18 or over at death: not a child death" in reasons
    assert "review completed before the date of death" in reasons
    assert "review completed but no category recorded" in reasons
    assert "a sudden unexpected death is recorded as expected" in reasons
    k10 = data.deaths[data.deaths["sex"].eq("M")].iloc[0]
    assert k10["expected"] == "N" and k10["category"] == 9 and k10["modifiable"] == "U"
    assert k10["review_completed_date"] == pd.Timestamp("2024-11-04")  # Excel serial 45600 (45658 is 1 January 2025)
    assert data.deaths["category"].isna().sum() == 2  # K1 and K11 are not reviewed yet
    # no identifier or date of birth survives loading
    assert "date_of_birth" not in data.deaths.columns
    assert not data.deaths["case_id"].isin([c[0] for c in cases]).any()


def test_missing_column_names_file_and_column(tmp_path):
    header = [h for h in HEADER if h != "residence"]
    with pytest.raises(clean.InputError, match=r"child_deaths\.csv.*residence"):
        load(tmp_path, [case("L1", "2015-01-01", "2024-06-01")[:5] + case("L1", "2015-01-01", "2024-06-01")[6:]],
             header=header)


# --------------------------------------------------------------------------- report tables


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


# --------------------------------------------------------------------------- sentences


def test_sentence_gives_the_pooled_rate_when_a_year_has_few_deaths(tmp_path):
    cases = [case(f"Q{y}{i}", "2015-01-01", f"{y}-06-01") for y, n in ((2022, 8), (2023, 9), (2024, 7))
             for i in range(n)]
    data = load(tmp_path, cases)
    t = cdop.indicators(data, "2024-25", "Exampleshire")
    text = cdop.deaths_sentence(t, "Exampleshire", "2024-25")
    assert text.startswith("7 children resident in Exampleshire died in 2024-25.")
    assert "fewer than 10 deaths" in text
    assert "70.0" not in text  # no single-year rate
    assert "Over the three years 2022-23 to 2024-25, 24 children died, a rate of 80.0 per 100,000" in text


def test_sentence_does_not_print_a_suppressed_count(tmp_path):
    data = load(tmp_path, [case(f"R{i}", "2015-01-01", "2024-06-01") for i in range(3)])
    safe = cdop.board_safe(cdop.indicators(data, "2024-25", "Exampleshire"))
    text = cdop.deaths_sentence(safe, "Exampleshire", "2024-25")
    assert "too small to publish" in text
    assert "3" not in text.replace("2024-25", "").replace("2022-23", "")
