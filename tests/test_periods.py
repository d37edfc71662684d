import pandas as pd
import pytest
from lscb_analysis.periods import ReportingYear, add_working_days, working_days, years_between


@pytest.mark.parametrize("text", ["2016-17", "2016/17", "2016-2017", "2016/2017", "2016 to 2017", 2016, "2016"])
def test_parse_forms(text):
    y = ReportingYear(text)
    assert y.label == "2016-17"
    assert y.start == pd.Timestamp("2016-04-01")
    assert y.end == pd.Timestamp("2017-03-31")
    assert y.time_period == 2017
    assert y.mid_year == 2016


def test_century_boundary_and_previous():
    assert ReportingYear("1999-00").label == "1999-00"
    assert ReportingYear("2016-17").previous().label == "2015-16"
    assert ReportingYear.from_time_period(2017) == ReportingYear("2016-17")
    assert sorted([ReportingYear("2020-21"), ReportingYear("2016-17")])[0].label == "2016-17"
    assert [y.label for y in years_between("2019-20", "2021-22")] == ["2019-20", "2020-21", "2021-22"]


@pytest.mark.parametrize("bad", ["2016-18", "16-17", "next year", 2016.5, True])
def test_rejects_bad_years(bad):
    with pytest.raises(ValueError):
        ReportingYear(bad)


def test_contains_boundaries():
    y = ReportingYear("2024-25")
    assert y.contains("2024-04-01") and y.contains("2025-03-31")
    assert not y.contains("2024-03-31") and not y.contains("2025-04-01")
    assert ReportingYear.containing("2025-03-31").label == "2024-25"
    assert ReportingYear.containing("2025-04-01").label == "2025-26"


def test_working_days_across_easter_2024():
    # Wed 27 March 2024 -> Wed 3 April: Good Friday 29 March and Easter Monday 1 April are bank holidays
    assert working_days("2024-03-27", "2024-04-03") == 3


def test_working_days_across_christmas_2023():
    # Fri 22 Dec 2023 -> Tue 2 Jan 2024: 25, 26 Dec and 1 Jan are bank holidays; 27-29 Dec and 2 Jan work
    assert working_days("2023-12-22", "2024-01-02") == 4


def test_working_days_same_day_and_vectorised():
    assert working_days("2024-05-01", "2024-05-01") == 0
    s = pd.Series(pd.to_datetime(["2024-03-27", None]))
    e = pd.Series(pd.to_datetime(["2024-04-03", "2024-04-03"]))
    out = working_days(s, e)
    assert out.iloc[0] == 3 and pd.isna(out.iloc[1])


def test_add_working_days_is_inverse():
    d = add_working_days("2024-03-27", 15)
    assert working_days("2024-03-27", d) == 15
    assert d == pd.Timestamp("2024-04-19")
