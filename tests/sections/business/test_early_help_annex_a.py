"""Early help from Ofsted Annex A list 2 where the area has no early help episodes: a workbook written here by
hand in the template's layout, its counts checked by hand at the 1 April and 31 March edges."""

from __future__ import annotations

import pytest
from workbooks import write_workbook

from lscb_analysis.core import indicators as ind
from lscb_analysis.sections import early_help

KID = ["b) Female", "a) WBRI", "01/02/2015", "9"]
HEADER = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)", "Assessment start date",
          "Assessment completion date", "Organisation completing assessment"]
LIST_2 = [HEADER,
          ["E1", *KID, "31/03/2024", "15/04/2024", "Family hub"],  # row 2: started 2023-24, completed 2024-25
          ["E2", *KID, "01/04/2024", "31/03/2025", "School"],      # row 3: both 2024-25 (its first and last days)
          ["E3", *KID, "31/03/2025", "", "Family hub"],            # row 4: started 2024-25 (last day), open
          ["E4", *KID, "01/04/2025", "02/04/2025", "School"],      # row 5: 2025-26
          ["E5", *KID, "15/06/2024", "10/06/2024", "School"],      # row 6: rejected, completed before it started
          ["", *KID, "01/05/2024", "", "School"],                  # row 7: rejected, no identifier
          ["E6", *KID, "31/02/2024", "", "School"],                # row 8: rejected, impossible date
          ["E2", *KID, "01/04/2024", "31/03/2025", "School"],      # row 9: rejected, repeats row 3
          ["E7", *KID, "", "01/05/2024", "School"],                # row 10: rejected, no start date
          ["E8", *KID, "10/10/2024", "20/10/2024", "Health"]]      # row 11: both 2024-25
LIST = "annex_a/annex_a.xlsx [List 2]"


@pytest.fixture()
def area(tmp_path):
    write_workbook(tmp_path / "x" / "annex_a" / "annex_a.xlsx", {
        "List 1": [["Child Unique ID", "Date of Contact", "Contact Source"], ["C1", "03/04/2024", "q) 6: Police"]],
        "List 2 - Early help": LIST_2})
    return tmp_path / "x"


def value(table, name, period="2024-25"):
    rows = ind.select(table, name, period=period)
    return None if rows.empty else rows.iloc[0]["value"]


def test_assessments_started_and_completed_at_the_year_edges(area):
    assert early_help.available(area)
    data = early_help.load(area)
    assert data.source == "annex_a"
    table = early_help.indicators(data, ["2023-24", "2024-25"])
    # started in 2024-25: E2 (1 April), E3 (31 March), E8; in 2023-24: E1 (31 March 2024)
    assert value(table, "early_help_assessments_started") == 3
    assert value(table, "early_help_assessments_started", "2023-24") == 1
    # completed in 2024-25: E1 (15 April), E2 (31 March 2025), E8; none in 2023-24
    assert value(table, "early_help_assessments_completed") == 3
    assert value(table, "early_help_assessments_completed", "2023-24") == 0


def test_measures_list_2_cannot_give_are_absent_not_zero(area):
    data = early_help.load(area)
    table = early_help.indicators(data, "2024-25")
    assert set(table["indicator"]) == {"early_help_assessments_started", "early_help_assessments_completed"}
    assert set(data.not_carried) == set(early_help.NOT_IN_ANNEX_A)
    tables = early_help.board_tables(table, "2024-25")
    assert list(tables["summary"].index) == ["Assessments started", "Assessments completed"]
    assert "closures" not in tables
    sentence = early_help.not_carried_sentence(data.not_carried, "X")
    for words in ("Annex A", "early help episodes open at 31 March", "stepped down from social care",
                  "returns to early help within 12 months", "early help episodes closed, by reason"):
        assert words in sentence


def test_rows_read_reconcile_with_reasons(area):
    data = early_help.load(area)
    s = data.rejections.summary().set_index("file")
    # 10 rows read: 5 used (rows 2-5 and 11), 5 rejected (rows 6-10); list 1 is not read by this section
    assert tuple(s.loc[LIST, ["rows_read", "rows_used", "rows_rejected"]]) == (10, 5, 5)
    assert s["reconciles"].all() and list(s.index) == [LIST]
    log = data.rejections.to_frame()
    assert sorted(zip(log["row"], log["reason"])) == [
        (6, "before the assessment started"), (7, "missing required value"),
        (8, "not a valid date (expected YYYY-MM-DD, DD/MM/YYYY or an Excel date number)"),
        (9, "duplicate of an earlier row on LAchildID, EarlyHelpAssessmentStartDate"),
        (10, "missing required date")]
    assert "E1" not in set(data.episodes["child_id"])  # pseudonymised


def test_an_assessment_in_two_workbooks_is_used_once_from_the_later(area):
    write_workbook(area / "annex_a" / "annex_a_later.xlsx", {"List 2": [HEADER, ["E8", *KID, "10/10/2024", "20/10/2024",
                                                                            "Health"]]})
    data = early_help.load(area)
    assert value(early_help.indicators(data, "2024-25"), "early_help_assessments_started") == 3
    s = data.rejections.summary().set_index("file")
    assert s.loc[LIST, "rows_rejected"] == 6 and s.loc["annex_a/annex_a_later.xlsx [List 2]", "rows_used"] == 1
    assert s["reconciles"].all()


def test_episodes_file_wins_over_annex_a(area):
    (area / "early_help").mkdir()
    (area / "early_help" / "episodes.csv").write_text("child_id,start_date\nH1,2024-05-01\n")
    data = early_help.load(area)
    assert data.source == "episodes" and data.not_carried == ()
    assert value(early_help.indicators(data, "2024-25"), "early_help_episodes_started") == 1


def test_workbook_without_list_2_is_not_early_help(tmp_path):
    write_workbook(tmp_path / "y" / "annex_a" / "a.xlsx", {"List 1": [["Child Unique ID", "Date of Contact"]],
                                                     "List 3": [["Child Unique ID", "Date of referral"]]})
    assert not early_help.available(tmp_path / "y")
