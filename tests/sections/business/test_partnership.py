"""The partnership's own business: the seed budget tables to the penny, audits, Section 11, attendance."""

from __future__ import annotations

from pathlib import Path

import pytest

from lscb_analysis.core import indicators as ind
from lscb_analysis.core import suppression
from lscb_analysis.inputs import clean
from lscb_analysis.sections import partnership


def write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


# Bedford Borough LSCB annual report 2011-12 (seed 000, 4.6.20): contributions for 2012-13 with their shares
BEDFORD = """year,partner,amount
2012-13,Bedford Borough Council,"£51,927.77"
2012-13,Central Bedfordshire Council,51927.77
2012-13,Police,25146.37
2012-13,NHS Bedfordshire,69437.10
2012-13,Probation,7906.10
2012-13,CAFCASS,620.89
"""
# Central Bedfordshire arrangements (seed 002, "Funding Arrangements") for 2019-20: stated total £181,298
CENTRAL_BEDS = """year,partner,amount
2019-20,Central Bedfordshire Council,82037
2019-20,Health,54830
2019-20,Police,19992
2019-20,National Probation Service,840
2019-20,BENCH,840
2019-20,CAFCASS,550
2019-20,Central Bedfordshire Council contingency,22210
"""


@pytest.fixture
def bedford(tmp_path) -> Path:
    write(tmp_path / "bedford" / "partnership", "contributions.csv", BEDFORD)
    return tmp_path / "bedford"


def test_bedford_contributions_reproduce_the_seed_to_the_penny(bedford):
    data = partnership.load(bedford)
    table = partnership.indicators(data, "2012-13")
    total = ind.select(table, "partner_contributions", unit="GBP")
    # 2 x 51,927.77 + 25,146.37 + 69,437.10 + 7,906.10 + 620.89 = 206,966.00
    assert total["value"].iloc[0] == pytest.approx(206966.00, abs=1e-9)
    view = partnership.board_tables(table, "2012-13")["budget"]
    assert view.loc["Bedford Borough Council", "Contribution"] == "£51,927.77"
    assert view.loc["Total", "Contribution"] == "£206,966.00"
    # the seed prints 25.09%, 12.15%, 33.55%, 3.82% and 0.30%
    assert view["Share (%)"].drop("Total").tolist() == ["25.09", "25.09", "12.15", "33.55", "3.82", "0.30"]


def test_central_bedfordshire_total_is_the_sum_not_the_stated_figure(tmp_path):
    write(tmp_path / "cb" / "partnership", "contributions.csv", CENTRAL_BEDS)
    table = partnership.indicators(partnership.load(tmp_path / "cb"), "2019-20")
    view = partnership.board_tables(table, "2019-20")["budget"]
    # the parts add to £181,299; the seed states £181,298 (lscb audit notes the £1 difference)
    assert view.loc["Total", "Contribution"] == "£181,299.00"
    assert view.loc["Health", "Contribution"] == "£54,830.00"


def test_money_is_exact_and_bad_amounts_are_rejected_without_their_value(tmp_path):
    write(tmp_path / "x" / "partnership", "contributions.csv",
          "year,partner,amount\n2024-25,Council,0.10\n2024-25,Police,0.20\n2024-25,Health,12.345\n"
          "2024-25,ICB,-5\n2024,Schools,1\n")
    data = partnership.load(tmp_path / "x")
    table = partnership.indicators(data, "2024-25")
    assert ind.select(table, "partner_contributions", unit="GBP")["value"].iloc[0] == 1.30  # 0.10+0.20+1 exactly
    reasons = data.rejections.to_frame().set_index("row")["reason"].to_dict()
    assert reasons == {4: "not an amount in pounds and pence", 5: "a negative amount"}
    assert "12.345" not in data.rejections.to_frame()["value"].tolist()
    assert data.rejections.read == {"partnership/contributions.csv": 5}
    assert data.rejections.used == {"partnership/contributions.csv": 3}


def test_audits_section11_and_attendance_by_hand(tmp_path):
    folder = tmp_path / "x" / "partnership"
    write(folder, "audits.csv", "audit_id,theme,completed_date,grade\n"
          "A1,neglect,2024-04-01,good\nA1,neglect,2024-04-01,requires improvement\nA1,neglect,2024-04-01,good\n"
          "A2,exploitation,2025-03-31,inadequate\nA3,exploitation,2025-04-01,good\nA4,neglect,2024-03-31,good\n")
    write(folder, "section11.csv", "partner,standard,assessment_date,rating\n"
          "Police,1,2023-06-01,not_met\nPolice,1,2024-06-01,met\nPolice,2,2024-06-01,partially met\n"
          "Health,1,2024-09-01,met\nHealth,9,2024-09-01,met\n")
    write(folder, "board_attendance.csv", "meeting_date,partner,attended\n"
          "2024-05-01,Police,yes\n2024-05-01,Health,no\n2024-09-01,Police,Y\n2024-09-01,Health,yes\n"
          "2025-04-02,Police,no\n")
    data = partnership.load(tmp_path / "x")
    table = partnership.indicators(data, "2024-25")
    # audits completed 1 April 2024 to 31 March 2025: A1 (three cases) and A2 (one case); not A3 or A4
    assert ind.select(table, "multi_agency_audits")["value"].iloc[0] == 2
    assert ind.select(table, "cases_audited")["value"].iloc[0] == 4
    good = ind.select(table, "audit_grades", breakdown="grade:good", unit="percent").iloc[0]
    assert (good["numerator"], good["denominator"], good["value"]) == (2, 4, 50.0)
    # Police's latest self-assessment (June 2024): standard 1 met, 2 partially met -> 50%; Health 1 of 1
    # (standard 9 is rejected: there are eight standards); all partners 2 of 3
    s11 = ind.select(table, "section11_standards_met", breakdown=None, unit="percent").set_index("breakdown")
    assert s11.loc["partner:Police", "value"] == 50.0
    assert s11.loc["partner:Health", "value"] == 100.0
    assert s11.loc["all", "numerator"] == 2 and s11.loc["all", "denominator"] == 3
    att = ind.select(table, "board_attendance", breakdown=None).set_index("breakdown")
    assert att.loc["partner:Police", "value"] == 100.0  # the April 2025 meeting is next year's
    assert att.loc["all", "value"] == 75.0
    assert data.rejections.to_frame()["reason"].tolist() == ["not a Section 11 standard (1 to 8)"]


def test_counts_of_organisations_and_money_are_not_hidden_but_children_s_cases_are(tmp_path):
    folder = tmp_path / "x" / "partnership"
    write(folder, "contributions.csv", "year,partner,amount\n2024-25,Council,3\n2024-25,Police,2\n")
    write(folder, "audits.csv", "audit_id,theme,completed_date,grade\nA1,neglect,2024-06-01,good\n"
          "A1,neglect,2024-06-01,good\nA1,neglect,2024-06-01,inadequate\n")
    table = suppression.suppress(partnership.indicators(partnership.load(tmp_path / "x"), "2024-25"))
    money = ind.select(table, "partner_contributions", breakdown=None)
    assert money["value"].notna().all()
    grades = ind.select(table, "audit_grades", breakdown="grade:inadequate", unit="count").iloc[0]
    assert grades["symbol"] == "c"


def test_an_edit_in_place_changes_the_figures(bedford):
    data = partnership.load(bedford)
    before = ind.select(partnership.indicators(data, "2012-13"), "partner_contributions", unit="GBP")["value"].iloc[0]
    data.contributions.loc[data.contributions["partner"].eq("CAFCASS"), "pence"] = 0
    after = ind.select(partnership.indicators(data, "2012-13"), "partner_contributions", unit="GBP")["value"].iloc[0]
    assert before - after == pytest.approx(620.89)


def test_no_records_is_a_plain_error(tmp_path):
    with pytest.raises(clean.InputError, match="contributions.csv"):
        partnership.load(tmp_path)


def test_budget_over_years(tmp_path):
    write(tmp_path / "x" / "partnership", "contributions.csv",
          "year,partner,amount\n2023-24,Council,100\n2023-24,Police,50.5\n2024-25,Council,110\n2024-25,Police,55\n")
    table = partnership.indicators(partnership.load(tmp_path / "x"), ["2023-24", "2024-25"])
    view = partnership.board_tables(table, "2024-25")["budget_trend"]
    assert view.loc["Total"].tolist() == ["£150.50", "£165.00"]
    assert view.index.tolist() == ["Council", "Police", "Total"]
