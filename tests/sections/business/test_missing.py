"""Missing children from a hand-made extract: the 72-hour limit, repeat episodes and the year's edges."""

from __future__ import annotations

import pytest

from lscb_analysis.core import indicators as ind
from lscb_analysis.sections import missing

EPISODES = """child_id,date_of_birth,sex,missing_start,missing_end,looked_after,rhi_offered,rhi_accepted,rhi_date
C1,2010-06-01,F,2024-04-01 22:00,2024-04-02 09:00,no,yes,yes,2024-04-05 09:00
C1,2010-06-01,F,2024-05-01,2024-05-01 23:00,no,yes,yes,2024-05-04 23:01
C1,2010-06-01,F,2025-03-31 23:59,2025-04-01 02:00,no,yes,no,
C2,2008-04-02,M,2024-07-01,2024-07-03,yes,yes,yes,2024-07-04
C2,2008-04-02,M,2024-08-01,2024-08-02,Y,no,,
C3,2015-01-01,2,2024-03-31 20:00,2024-04-01 08:00,no,yes,yes,2024-04-03
C4,2001-01-01,M,2024-09-01,2024-09-02,no,,,
C5,2012-01-01,X,2024-09-01,2024-09-02,no,,,
C6,2012-01-01,F,2024-09-02,2024-09-01,no,,,
"""


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "x" / "missing"
    folder.mkdir(parents=True)
    (folder / "episodes.csv").write_text(EPISODES)
    return missing.load(tmp_path / "x")


def value(table, indicator, breakdown="all", unit="count"):
    return ind.select(table, indicator, breakdown=breakdown, unit=unit, period="2024-25")["value"].iloc[0]


def test_rows_rejected_with_reasons_and_no_values(data):
    rej = data.rejections.to_frame()
    assert sorted(zip(rej["row"], rej["column"], rej["reason"])) == [
        (8, "date_of_birth", "not a child (aged 0-17) when missing"),
        (9, "sex", "unknown code (expected M, F or U)"),
        (10, "missing_end", "before the child went missing")]
    assert set(rej["value"]) <= {"", "withheld", "[withheld]"}
    assert data.rejections.used == {"missing/episodes.csv": 6}


def test_children_and_episodes_at_the_year_edges(data):
    table = missing.indicators(data, "2024-25")
    # episodes starting 1 April 2024 to 31 March 2025 (C1 x3, C2 x2); C3's began on 31 March 2024
    assert value(table, "missing_episodes") == 5
    assert value(table, "children_missing") == 2
    assert value(table, "children_missing", "from:care") == 1
    assert value(table, "children_missing_3_or_more") == 1
    # C1 was 13 at her first episode of the year (1 April 2024), C2 16 (born 2 April 2008, missing 1 July 2024)
    assert value(table, "children_missing", "age:10-13") == 1
    assert value(table, "children_missing", "age:16-17") == 1


def test_return_interviews_within_72_hours(data):
    table = missing.indicators(data, "2024-25")
    # returns in 2024-25: C1 2 Apr (interview 72 h later: in time), C1 1 May 23:00 (72 h 1 min: late),
    # C2 3 Jul (in time), C2 2 Aug (not offered), C3 1 Apr 08:00 (in time); C1's 1 April 2025 return is next year
    offered = ind.select(table, "return_interviews_offered", unit="percent").iloc[0]
    assert (offered["numerator"], offered["denominator"]) == (4, 5)
    within = ind.select(table, "return_interviews_within_72_hours", unit="percent").iloc[0]
    assert (within["numerator"], within["denominator"]) == (3, 4)


def test_identifiers_are_pseudonymised_and_edits_in_place_count(data):
    assert not data.episodes["child_id"].str.startswith("C").any()
    data.episodes.loc[data.episodes["looked_after"], "missing_start"] = None
    assert value(missing.indicators(data, "2024-25"), "missing_episodes") == 3
