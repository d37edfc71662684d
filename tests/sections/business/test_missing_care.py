"""Missing from care from a hand-made SSDA903 return (episodes and missing tables): the year's edges (31 March and
1 April), a child with exactly three incidents, a child looked after for part of the year, missing (M) against
away without authorisation (A), a short break, and rows read = used + rejected.

Hand count for 2024-25 (1 April 2024 to 31 March 2025), children looked after during the year:
  K1 (in care since 1 January 2024, still in care), K2 (came into care on 31 March 2025, the year's last day),
  K4 (in care 1 October to 15 December 2024 only), K7 (in care all year)        -> 4 children
  not: K3 (came into care 1 April 2025), K5 (left care 31 March 2024), K6 (short breaks only, V3)
Missing incidents (M) starting in the year:
  K1 on 1 April 2024, 10 May 2024 and 31 March 2025 (exactly 3; her 30 March 2024 incident is 2023-24's),
  K2 on 31 March 2025, K4 on 1 November 2024                                       -> 5 incidents, 3 children
  not: K3's of 1 April 2025 (next year), K6's (a short break), K4's of 1 September 2024 (rejected: before
  she came into care)
Away without authorisation (A): K7 on 5 and 6 June 2024, K1 on 15 June 2024       -> 3 incidents, 2 children
So: 3 of 4 children went missing (75%); 1 of the 3 went missing 3 times or more (33.3%); 5 / 3 = 1.67 incidents
per child who went missing; 2 of 4 were away without authorisation (50%).
"""

from __future__ import annotations

import pytest

from lscb_analysis.core import indicators as ind
from lscb_analysis.core import suppression
from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.sections import missing
from lscb_analysis.sections.missing.indicators import CARE_MEASURES

EPISODES = """CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC
K1,01/01/2024,S,C2,N1,U1,PR1,,
K2,31/03/2025,S,V2,N1,U1,PR1,,
K3,01/04/2025,S,V2,N1,U1,PR1,,
K4,01/10/2024,S,C2,N1,U1,PR1,15/12/2024,E13
K5,01/06/2023,S,C2,N1,U1,PR1,31/03/2024,E13
K6,01/06/2024,B,V3,N1,K1,PR1,04/06/2024,E13
K7,01/03/2024,S,C2,N1,U1,PR1,,
"""
MISSING = """CHILD,DOB,MISSING,MIS_START,MIS_END
K1,01/01/2010,M,30/03/2024,31/03/2024
K1,01/01/2010,M,01/04/2024,02/04/2024
K1,01/01/2010,M,10/05/2024,10/05/2024
K1,01/01/2010,M,31/03/2025,
K2,01/01/2009,M,31/03/2025,31/03/2025
K3,01/01/2009,M,01/04/2025,02/04/2025
K4,01/01/2011,M,01/09/2024,02/09/2024
K4,01/01/2011,M,01/11/2024,03/11/2024
K6,01/01/2015,M,02/06/2024,02/06/2024
K7,01/01/2008,A,05/06/2024,05/06/2024
K7,01/01/2008,A,06/06/2024,06/06/2024
K1,01/01/2010,A,15/06/2024,15/06/2024
K7,01/01/2008,R,07/06/2024,07/06/2024
K7,01/01/2008,A,06/06/2024,06/06/2024
"""  # row 8: before K4 came into care; row 14: R is not a code; row 15 repeats row 12
LOCAL = """child_id,date_of_birth,sex,missing_start,missing_end,looked_after,rhi_offered,rhi_accepted,rhi_date
C1,2010-06-01,F,2024-05-01 22:00,2024-05-02 09:00,no,yes,yes,2024-05-03 09:00
"""


def _area(tmp_path, *, local: bool):
    area = tmp_path / "x"
    (area / "ssda903").mkdir(parents=True)
    (area / "ssda903" / "episodes.csv").write_text(EPISODES)
    (area / "ssda903" / "missing.csv").write_text(MISSING)
    if local:
        (area / "missing").mkdir()
        (area / "missing" / "episodes.csv").write_text(LOCAL)
    return area


@pytest.fixture
def data(tmp_path):
    return missing.load(_area(tmp_path, local=False))


def value(table, indicator, unit="count", period="2024-25"):
    return ind.select(table, indicator, unit=unit, period=period)["value"].iloc[0]


def test_rows_reconcile_and_rejections_name_no_value(data):
    summary = data.rejections.summary().set_index("file")
    assert summary.loc["ssda903/missing.csv"].tolist() == [14, 11, 3, True]
    assert summary["reconciles"].all()
    rej = data.rejections.to_frame()
    mine = rej[rej["file"] == "ssda903/missing.csv"]
    assert sorted(zip(mine["row"], mine["column"])) == [(8, "MIS_START"), (14, "MISSING"), (15, "CHILD+MIS_START")]
    assert mine.loc[mine["row"] == 8, "reason"].item().startswith("not within an episode of care")
    assert set(mine["value"]) <= {"", "R"}  # a code may be shown; never an identifier or a date
    assert not data.care_missing["child_id"].str.startswith("K").any()  # pseudonymised


def test_children_looked_after_and_missing_at_the_edges(data):
    table = missing.indicators(data, ["2023-24", "2024-25"])
    assert value(table, "looked_after_children_during_year") == 4
    assert value(table, "looked_after_children_missing") == 3
    assert value(table, "looked_after_children_missing", "percent") == pytest.approx(75.0)
    assert value(table, "looked_after_missing_incidents") == 5
    assert value(table, "looked_after_children_missing_3_or_more") == 1
    assert value(table, "looked_after_children_missing_3_or_more", "percent") == pytest.approx(100 / 3)
    assert value(table, "looked_after_missing_incidents_per_child", "ratio") == pytest.approx(5 / 3)
    # 2023-24: K1 (from 1 January 2024), K5 (left 31 March 2024) and K7 (from 1 March 2024); K1's 30 March 2024
    assert value(table, "looked_after_children_during_year", period="2023-24") == 3
    assert value(table, "looked_after_missing_incidents", period="2023-24") == 1


def test_away_without_authorisation_is_not_missing(data):
    table = missing.indicators(data, "2024-25")
    assert value(table, "looked_after_children_away") == 2
    assert value(table, "looked_after_children_away", "percent") == pytest.approx(50.0)
    assert value(table, "looked_after_away_incidents") == 3


def test_no_local_extract_gives_the_looked_after_part_only(data):
    assert not data.local and data.care
    table = missing.indicators(data, "2024-25")
    assert set(table["indicator"]) == {m.__name__ for m in CARE_MEASURES}
    board = suppression.suppress(table)
    tables = missing.board_tables(board, "2024-25")
    assert set(tables) == {"care", "england"}
    # 3 of 4 children: small numbers, hidden on the board page
    assert tables["care"].loc["Went missing", "2024-25"] == "c"
    assert "holds no record of missing episodes for all children" in missing.sources_sentence(board, "X")
    assert "a small number (1 to 5) of the c children" in missing.care_sentence(board, ReportingYear("2024-25"))


def test_both_sources_shown_and_explained(tmp_path):
    data = missing.load(_area(tmp_path, local=True))
    assert data.local and data.care
    table = missing.indicators(data, "2024-25")
    tables = missing.board_tables(table, "2024-25")
    assert {"summary", "who", "care", "england"} <= set(tables)
    assert value(table, "missing_episodes") == 1 and value(table, "looked_after_missing_incidents") == 5
    sentence = missing.sources_sentence(table, "X")
    assert "covers every child" in sentence and "looked-after children only" in sentence


def test_england_beside_the_area_where_published(data):
    from lscb_analysis.inputs import dfe_missing

    years = ["2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]
    table = missing.indicators(data, years)
    view = missing.board_tables(table, "2024-25", england=dfe_missing.england(years))["england"]
    # DfE: 11% of children looked after went missing in 2021-22; 6.8 incidents per child who went missing in 2024-25
    assert view.loc["Looked-after children who went missing (%)"].tolist() == ["2021-22", "x", "11.0"]
    assert view.loc["Missing incidents per looked-after child who went missing"].tolist() == ["2024-25", "1.7", "6.8"]


def test_edits_in_place_count(data):
    data.care_missing.loc[data.care_missing["code"].eq("A"), "code"] = "M"
    table = missing.indicators(data, "2024-25")
    assert value(table, "looked_after_missing_incidents") == 8
    assert value(table, "looked_after_children_missing") == 4


def test_synthetic_return_missing_table_faults_caught_and_incidents_in_care():
    """Exampleshire's SSDA903 missing table: every fault its generator lists is rejected (or repaired to the value
    listed), nothing else; every incident used starts within one of the child's episodes of care; nearly all
    incidents are of children aged 10 or over, as in England's figures."""
    import json
    from pathlib import Path

    import pandas as pd

    sample = Path(__file__).resolve().parents[3] / "data" / "raw" / "exampleshire"
    faults = json.loads((sample / "ssda903" / "injected_faults.json").read_text())["injected_faults"]
    assert {f["kind"] for f in faults} >= {"missing_identifier", "end_before_start", "unknown_code", "duplicate_row",
                                            "outside_care", "date_format", "lower_case_code"}
    data = missing.load(sample)
    log = data.rejections.to_frame()
    rejected = set(log.loc[log["file"] == "ssda903/missing.csv", "row"])
    assert rejected == {f["row"] for f in faults if f["kind"] not in ("date_format", "lower_case_code")}
    assert data.rejections.summary().set_index("file").loc["ssda903/missing.csv", "reconciles"]
    eps, mis = data.care_episodes, data.care_missing
    pairs = mis.reset_index().merge(eps, on="child_id")
    inside = (pairs["missing_start"] >= pairs["start"]) & (pairs["end"].isna() | (pairs["missing_start"] <= pairs["end"]))
    assert pairs.loc[inside, "index"].nunique() == len(mis)
    raw = pd.read_csv(sample / "ssda903" / "missing.csv", dtype=str)
    raw = raw[~(raw.index + 2).isin({f["row"] for f in faults})]
    dates = pd.to_datetime(raw["MIS_START"], dayfirst=True, format="mixed")
    age = (dates - pd.to_datetime(raw["DOB"], dayfirst=True)).dt.days / 365.25
    assert (age >= 10).mean() > 0.95 and age.max() < 18
