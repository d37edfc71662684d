"""LADO: referrals, outcomes and timescales from a hand-made log, checked by hand at their edges."""

from __future__ import annotations

import pytest

from lscb_analysis.core import indicators as ind
from lscb_analysis.sections import lado

LOG = """referral_id,person_id,referral_date,source,category,employer_sector,initial_consideration_date,concluded_date,outcome
R1,ADULT-1,2024-04-01,Police,physical,education,2024-04-01,2024-05-01,substantiated
R2,ADULT-2,2024-06-14,education,sexual_abuse,Schools,2024-06-17,2024-09-14,unsubstantiated
R3,ADULT-1,2025-03-31,health,physical_abuse,health,2025-04-02,,
R4,ADULT-3,2024-03-31,ofsted,neglect,early years,2024-04-01,2024-04-30,unfounded
R5,ADULT-4,2023-04-15,police,emotional abuse,foster carer,2023-04-15,2024-04-16,malicious
R6,ADULT-5,2024-12-24,police,physical,sport,2024-12-27,2025-03-31,false
R7,ADULT-6,2024-07-01,a dog,physical,sport,2024-07-01,,
R8,ADULT-7,2024-07-02,police,physical,sport,2024-07-01,,
"""


@pytest.fixture
def data(tmp_path) -> lado.LADOData:
    folder = tmp_path / "x" / "lado"
    folder.mkdir(parents=True)
    (folder / "referrals.csv").write_text(LOG, encoding="utf-8")
    return lado.load(tmp_path / "x")


def value(table, indicator, breakdown="all", unit="count", period="2024-25"):
    return ind.select(table, indicator, breakdown=breakdown, unit=unit, period=period)["value"].iloc[0]


def test_every_row_used_or_rejected_with_a_reason_and_no_value_shown(data):
    rej = data.rejections.to_frame()
    assert sorted(zip(rej["row"], rej["column"], rej["reason"])) == [
        (8, "source", "unknown code (expected one of " + ", ".join(lado.SOURCES) + ")"),
        (9, "initial_consideration_date", "before the referral date")]
    assert "a dog" not in rej["value"].tolist()
    assert data.rejections.read == {"lado/referrals.csv": 8}
    assert data.rejections.used == {"lado/referrals.csv": 6}
    assert not data.referrals["person_id"].str.contains("ADULT").any()


def test_referrals_by_year_and_breakdown(data):
    table = lado.indicators(data, ["2023-24", "2024-25"])
    # 1 April 2024 (R1) and 31 March 2025 (R3) are in 2024-25; 31 March 2024 (R4) is in 2023-24
    assert value(table, "lado_referrals") == 4  # R1, R2, R3, R6
    assert value(table, "lado_referrals", period="2023-24") == 2  # R4, R5
    assert value(table, "lado_referrals", "category:physical_abuse") == 3
    assert value(table, "lado_referrals", "category:physical_abuse", "percent") == 75.0
    assert value(table, "lado_referrals", "employer_sector:education") == 2  # R1, and R2 ("Schools")
    assert value(table, "lado_referrals_change", unit="percent") == 100.0  # 4 against 2


def test_outcomes_and_resolution_times(data):
    table = lado.indicators(data, "2024-25")
    # concluded in 2024-25: R1 (1 month to the day), R2 (3 months to the day), R4 (30 days), R5 (a year and
    # a day), R6 (97 days)
    assert value(table, "lado_outcomes") == 5
    assert value(table, "lado_outcomes", "outcome:malicious") == 1
    assert value(table, "lado_resolved_within_1_month", unit="percent") == 40.0  # R1, R4
    assert value(table, "lado_resolved_within_3_months", unit="percent") == 60.0  # + R2
    assert value(table, "lado_resolved_within_12_months", unit="percent") == 80.0  # + R6, not R5


def test_initial_consideration_counts_working_days(data):
    table = lado.indicators(data, "2024-25")
    # R1 same day; R2 Friday 14 June -> Monday 17 June is 1 working day; R3 31 March -> 2 April 2025 is 2;
    # R6 Tuesday 24 December -> Friday 27 December is 1 (Christmas and Boxing Day are bank holidays)
    row = ind.select(table, "lado_initial_consideration_within_1_working_day", unit="percent").iloc[0]
    assert (row["numerator"], row["denominator"]) == (3, 4)


def test_repeat_referrals_within_12_months(data):
    table = lado.indicators(data, "2024-25")
    # ADULT-1 was referred on 1 April 2024 and again on 31 March 2025: one repeat
    assert value(table, "lado_repeat_referrals") == 1


def test_an_edit_in_place_changes_the_figures(data):
    assert value(lado.indicators(data, "2024-25"), "lado_referrals") == 4
    data.referrals.loc[data.referrals["source"].eq("health"), "referral_date"] = None
    assert value(lado.indicators(data, "2024-25"), "lado_referrals") == 3


def test_board_tables_show_this_year_and_last(data):
    tables = lado.board_tables(lado.indicators(data, ["2023-24", "2024-25"]), "2024-25")
    assert tables["summary"].loc["Referrals to the LADO", "2024-25"] == "4"
    assert tables["summary"].loc["Concluded within 1 month (%)", "KCSIE expectation"] == "80%"
    assert tables["category"].loc["Physical abuse", "% of 2024-25"] == "75.0"


def test_trend_over_years(data):
    view = lado.board_tables(lado.indicators(data, ["2023-24", "2024-25"]), "2024-25")["trend"]
    assert view.loc["Referrals to the LADO"].tolist() == ["2", "4"]
    assert view.loc["Physical abuse"].tolist() == ["0", "3"]
