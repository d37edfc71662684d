"""Children missing from care from Ofsted Annex A list 8 (children in care), in a hand-made workbook written with
the shared writer (tests/workbooks.py): counts of 0, 2 and exactly 3 episodes, the yes/no spellings the reader
accepts, a count that is not a whole number, an interview accepted but not offered, a child listed twice, and
rows read = used + rejected.

Hand count for annex_a_2024-25.xlsx (taken as 2024-25 from its name), list 8, spreadsheet rows 2-9:
  row 2 L1: 0 missing, 0 absent, no interview columns
  row 3 L2: 3 missing (exactly three: counts in "three or more"), 1 absent, offered "a) Yes", accepted "b) No"
  row 4 L2 again (an earlier period of care, same counts): the child counts once, the later DECOM (row 3)
  row 5 L3: 2 missing, offered "Y", accepted "y"
  row 6 L4: 1 missing, offered "N", accepted blank
  row 7 L5: missing "three"           -> rejected by the reader (MissingEpisodes, not a whole number)
  row 8 L6: 4 missing, offered "b) No", accepted "a) Yes" -> rejected here (accepted but not offered)
  row 9 L7: 5 missing, offered "1", accepted "0"
Read 8 = used 6 + rejected 2. Children on the list: L1, L2, L3, L4, L7 = 5.
Went missing: L2, L3, L4, L7 = 4 (80% of 5); episodes 3 + 2 + 1 + 5 = 11 (L2 once); three or more: L2 (3) and
L7 (5) = 2 (50% of 4); 11 / 4 = 2.75 episodes per child who went missing; absent: L2 = 1 (20%).
Offered a return interview after the last missing episode: L2, L3, L7 = 3 of 4 (75%; Wilson 95% limits 30.06% to
95.44%); accepted: L3 = 1 of the 3 offered (33.3%; 6.15% to 79.23%).
"""

from __future__ import annotations

import pandas as pd
import pytest

from lscb_analysis.core import indicators as ind
from lscb_analysis.core import suppression
from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.inputs import annex_a_spec
from lscb_analysis.report import overview
from lscb_analysis.sections import missing
from lscb_analysis.sections.missing.load import NOT_OFFERED, workbook_year
from tests.sections.business.test_missing_care import EPISODES, MISSING
from tests.workbooks import write_workbook

HEADERS = [h for h, _, _ in annex_a_spec.LISTS[8][1]]
COLUMN = {col: i for i, (_, col, _) in enumerate(annex_a_spec.LISTS[8][1]) if col}
# (child, DECOM, DEC, MissingEpisodes, AbsentEpisodes, ReturnInterviewOffered, ReturnInterviewAccepted)
ROWS = [("L1", "2023-05-01", None, 0, 0, None, None),
        ("L2", "2024-01-10", None, 3, 1, "a) Yes", "b) No"),
        ("L2", "2023-02-01", "2023-06-01", 3, 1, "a) Yes", "b) No"),
        ("L3", "2024-06-01", None, 2, None, "Y", "y"),
        ("L4", "2024-07-01", "2025-02-10", 1, 0, "N", None),
        ("L5", "2024-08-01", None, "three", 0, None, None),
        ("L6", "2024-09-01", None, 4, 0, "b) No", "a) Yes"),
        ("L7", "2024-10-01", None, 5, 0, "1", "0")]
FILE = "annex_a/annex_a_2024-25.xlsx [List 8]"


def _row(child, decom, dec, missing_n, absent, offered, accepted) -> list:
    row = [None] * len(HEADERS)
    values = {"LAchildID": child, "DECOM": pd.Timestamp(decom).to_pydatetime(), "MissingEpisodes": missing_n,
              "AbsentEpisodes": absent, "ReturnInterviewOffered": offered, "ReturnInterviewAccepted": accepted,
              "DEC": pd.Timestamp(dec).to_pydatetime() if dec else None, "LS": "C2", "Sex": "b) Female"}
    for col, v in values.items():
        row[COLUMN[col]] = v
    return row


def _area(tmp_path, *, name="annex_a_2024-25.xlsx", care=False, local=False, rows=ROWS):
    area = tmp_path / "x"
    write_workbook(area / "annex_a" / name, {"List 8 - Children in care": [HEADERS] + [_row(*r) for r in rows]})
    if care:
        (area / "ssda903").mkdir(parents=True)
        (area / "ssda903" / "episodes.csv").write_text(EPISODES)
        (area / "ssda903" / "missing.csv").write_text(MISSING)
    if local:
        (area / "missing").mkdir(parents=True)
        (area / "missing" / "episodes.csv").write_text(
            "child_id,date_of_birth,sex,missing_start,missing_end,looked_after\nC1,2010-06-01,F,2024-05-01,,no\n")
    return area


@pytest.fixture
def data(tmp_path):
    return missing.load(_area(tmp_path))


def row(table, indicator, unit="count"):
    return ind.select(table, indicator, unit=unit, period="2024-25").iloc[0]


def test_rows_reconcile_and_rejections_name_file_row_column_never_a_value(data):
    summary = data.rejections.summary().set_index("file")
    assert summary.loc[FILE].tolist() == [8, 6, 2, True]
    rej = data.rejections.to_frame()
    assert sorted(zip(rej["file"], rej["row"], rej["column"], rej["reason"])) == [
        (FILE, 7, "MissingEpisodes", "not a whole number"),
        (FILE, 8, "ReturnInterviewAccepted", NOT_OFFERED)]
    assert set(rej["value"]) <= {"", "[withheld]"}  # "three" is never shown
    assert not rej["reason"].str.contains("three").any()
    assert not data.care_list["child_id"].str.startswith("L").any()  # pseudonymised
    assert data.annex_a and not data.care and not data.local


def test_a_list_without_missing_counts_is_set_aside_row_by_row(tmp_path):
    # an older template's list 8 with the missing columns left blank: its 2 rows are not used for children
    # missing from care, and each is logged (read 2 = used 0 + rejected 2), not left counted as used
    blank = [("B1", "2024-05-01", None, None, None, None, None), ("B2", "2024-06-01", None, None, None, None, None)]
    data = missing.load(_area(tmp_path, rows=blank, care=True))
    assert not data.annex_a and data.care
    summary = data.rejections.summary().set_index("file")
    assert summary.loc[FILE].tolist() == [2, 0, 2, True]
    rej = data.rejections.to_frame()
    mine = rej[rej["file"].eq(FILE)]
    assert sorted(zip(mine["row"], mine["column"])) == [(2, "MissingEpisodes"), (3, "MissingEpisodes")]
    assert set(mine["value"]) <= {"", "[withheld]"}


def test_list_measures_counted_by_hand(data):
    table = missing.indicators(data, "2024-25")
    assert set(table["indicator"]) == {"annex_a_children_in_care", "annex_a_children_in_care_missing",
                                       "annex_a_missing_episodes", "annex_a_children_in_care_missing_3_or_more",
                                       "annex_a_missing_episodes_per_child", "annex_a_children_in_care_absent",
                                       "annex_a_return_interviews_offered", "annex_a_return_interviews_accepted"}
    assert row(table, "annex_a_children_in_care")["value"] == 5
    assert row(table, "annex_a_children_in_care_missing")["value"] == 4
    assert row(table, "annex_a_children_in_care_missing", "percent")["value"] == pytest.approx(80.0)
    assert row(table, "annex_a_missing_episodes")["value"] == 11
    assert row(table, "annex_a_children_in_care_missing_3_or_more")["value"] == 2  # exactly 3 counts
    assert row(table, "annex_a_children_in_care_missing_3_or_more", "percent")["value"] == pytest.approx(50.0)
    assert row(table, "annex_a_missing_episodes_per_child", "ratio")["value"] == pytest.approx(2.75)
    assert row(table, "annex_a_children_in_care_absent")["value"] == 1
    assert row(table, "annex_a_children_in_care_absent", "percent")["value"] == pytest.approx(20.0)


def test_return_interviews_with_wilson_limits(data):
    table = missing.indicators(data, "2024-25")
    offered = row(table, "annex_a_return_interviews_offered", "percent")
    assert (offered["numerator"], offered["denominator"]) == (3, 4)
    assert (offered["value"], offered["lower"], offered["upper"]) == pytest.approx((75.0, 30.064, 95.441), abs=1e-3)
    accepted = row(table, "annex_a_return_interviews_accepted", "percent")
    assert (accepted["numerator"], accepted["denominator"]) == (1, 3)
    assert (accepted["lower"], accepted["upper"]) == pytest.approx((6.149, 79.234), abs=1e-3)


def test_no_rows_for_a_year_the_workbook_does_not_give(data):
    assert missing.indicators(data, "2023-24").empty
    assert set(missing.indicators(data, ["2023-24", "2024-25"])["period"]) == {"2024-25"}


def test_the_workbooks_year_from_its_name_else_its_latest_date(tmp_path):
    assert workbook_year("annex_a_2024-25.xlsx", None) == (ReportingYear("2024-25"), True)
    assert workbook_year("Annex A 2025.xlsx", None) == (ReportingYear("2024-25"), True)
    assert workbook_year("annex_a.xlsx", pd.Timestamp("2025-04-02")) == (ReportingYear("2025-26"), False)
    assert workbook_year("annex_a.xlsx", None) == (None, False)
    data = missing.load(_area(tmp_path, name="annex_a.xlsx"))  # latest date: L4 left care on 10 February 2025
    assert data.care_lists[["period", "named"]].values.tolist() == [["2024-25", False]]
    assert "latest date it records is 10 February 2025" in missing.list_period_sentence(data.care_lists)


def test_page_with_the_list_only(data):
    board = suppression.suppress(missing.indicators(data, "2024-25"))
    tables = missing.board_tables(board, "2024-25")
    assert set(tables) == {"list"}
    assert tables["list"].loc["Went missing", "2024-25"] == "c"  # 4 children: hidden on the board page
    assert tables["list"].loc["Children in care on the list", "2024-25"] == "c"
    assert "from list 8 of its Ofsted Annex A workbook" in missing.sources_sentence(board, "X")
    assert "12 months before it was extracted for inspection" in missing.list_period_sentence(data.care_lists)
    assert missing.no_care_sentence(board, "X") == ""
    shown = missing.list_sentence(missing.indicators(data, "2024-25"), ReportingYear("2024-25"))
    assert shown.startswith("On the Annex A list for 2024-25, 4 of the 5 children in care went missing")
    assert "75.0% of those who went missing were offered a return interview" in shown


def test_both_sources_side_by_side_with_why_they_differ(tmp_path):
    data = missing.load(_area(tmp_path, care=True))
    table = missing.indicators(data, "2024-25")
    assert {"looked_after_children_missing", "annex_a_children_in_care_missing"} <= set(table["indicator"])
    both = missing.board_tables(table, "2024-25")["sources"]
    # the SSDA903 fixture (test_missing_care): 3 of 4 children looked after went missing, 5 incidents
    assert both.loc["Children looked after (the base)"].tolist() == ["4", "5"]
    assert both.loc["Went missing"].tolist() == ["3", "4"]
    assert both.loc["Missing incidents or episodes"].tolist() == ["5", "11"]
    assert "1 April to 31 March" in missing.sources_differ_sentence()
    assert "last missing episode" in missing.sources_differ_sentence()


def test_no_source_for_looked_after_children_said_plainly(tmp_path):
    area = tmp_path / "y"
    (area / "missing").mkdir(parents=True)
    (area / "missing" / "episodes.csv").write_text(
        "child_id,date_of_birth,sex,missing_start,missing_end,looked_after\nC1,2010-06-01,F,2024-05-01,,no\n")
    data = missing.load(area)
    board = suppression.suppress(missing.indicators(data, "2024-25"))
    assert "list" not in missing.board_tables(board, "2024-25")
    assert "holds neither the SSDA903 return's missing table nor list 8" in missing.no_care_sentence(board, "Y")
    assert "the SSDA903 return's missing table, for looked-after children, is not held" in \
        missing.sources_sentence(board, "Y")


def test_key_facts_take_the_list_only_where_the_return_is_not_held(tmp_path):
    only_list = missing.indicators(missing.load(_area(tmp_path / "a")), "2024-25")
    facts = overview.key_facts({"missing": only_list}, only_list["area"].iat[0], "2024-25", suppress=False)
    assert facts["indicator"].tolist() == ["annex_a_children_in_care_missing"]
    assert facts["value"].tolist() == [pytest.approx(80.0)]
    both = missing.indicators(missing.load(_area(tmp_path / "b", care=True)), "2024-25")
    facts = overview.key_facts({"missing": both}, both["area"].iat[0], "2024-25", suppress=False)
    assert "looked_after_children_missing" in set(facts["indicator"])
    assert "annex_a_children_in_care_missing" not in set(facts["indicator"])


def test_edits_in_place_count(data):
    data.care_list.loc[data.care_list["missing_episodes"].eq(2), "missing_episodes"] = 0
    table = missing.indicators(data, "2024-25")
    assert row(table, "annex_a_children_in_care_missing")["value"] == 3
    assert row(table, "annex_a_missing_episodes")["value"] == 9


def test_synthetic_list_8_faults_caught_and_consistent_with_the_ssda903_table():
    """Exampleshire's list 8: the interviews accepted but not offered that its generator lists are rejected and
    nothing else; the Y/N spellings are read; most children never went missing, about as many as the SSDA903
    table says for 2024-25 (the same children, pseudonymised with the same key); most who went missing were offered
    a return interview, about half to two thirds of those offered accepted."""
    import json
    from pathlib import Path

    sample = Path(__file__).resolve().parents[3] / "data" / "raw" / "exampleshire"
    faults = json.loads((sample / "injected_faults.json").read_text())["annex_a_list8_faults"]
    assert {f["kind"] for f in faults} == {"accepted_not_offered", "flag_spelling"}
    data = missing.load(sample)
    log = data.rejections.to_frame()
    label = "annex_a/annex_a_2024-25.xlsx [List 8]"
    assert set(log.loc[log["file"] == label, "row"]) == {f["row"] for f in faults if f["kind"] == "accepted_not_offered"}
    assert data.rejections.summary().set_index("file").loc[label, "reconciles"]
    table = missing.indicators(data, "2024-25")
    assert 5 < row(table, "annex_a_children_in_care_missing", "percent")["value"] < 25
    assert row(table, "annex_a_return_interviews_offered", "percent")["value"] > 75
    assert 40 <= row(table, "annex_a_return_interviews_accepted", "percent")["value"] <= 70
    went = set(data.care_list.loc[data.care_list["missing_episodes"].ge(1), "child_id"])
    year = ReportingYear("2024-25")
    mis = data.care_missing
    returned = set(mis.loc[year.contains(mis["missing_start"]) & mis["code"].eq("M"), "child_id"])
    assert len(went & returned) >= 0.9 * len(went)
