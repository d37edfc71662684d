"""No cache can hand back figures for data that have changed (issue 14): every public call works its
figures out from the data as they are then, so an analyst's edit in place (in JupyterLab, excluding
records) is followed by every figure at once."""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pytest

from lscb_analysis import cp

SAMPLE = Path(__file__).resolve().parents[3] / "data" / "raw" / "exampleshire"


def _count(table: pd.DataFrame, indicator: str, unit: str = "count", period: str = "2024-25") -> float:
    t = table[(table["indicator"] == indicator) & (table["unit"] == unit) & (table["breakdown"] == "all")
              & (table["period"] == period)]
    return t["value"].item()


@pytest.fixture(scope="module")
def sample():
    return cp.load(SAMPLE)


def test_blanking_referral_dates_in_place_is_followed(sample):
    data = copy.deepcopy(sample)
    # the bundled sample: 2,060 referrals in 2024-25 (checked by hand against the CIN census returns)
    assert _count(cp.indicators(data, "2024-25"), "referrals") == 2060
    assert _count(cp.referrals(data, "2024-25"), "referrals") == 2060
    # an analyst blanks every other referral date in place, as in a JupyterLab session
    data.referrals.loc[data.referrals.index[::2], "CINreferralDate"] = pd.NaT
    fresh = copy.deepcopy(data)
    # the same figure from the edited object and from a fresh copy of it: 1,022, not the 2,060 of before
    assert _count(cp.indicators(data, "2024-25"), "referrals") == 1022
    assert _count(cp.indicators(fresh, "2024-25"), "referrals") == 1022
    assert _count(cp.referrals(data, "2024-25"), "referrals") == 1022
    years = cp.indicators(data, ["2023-24", "2024-25"])
    assert _count(years, "referrals") == 1022
    pd.testing.assert_frame_equal(cp.indicators(data, "2024-25"), cp.indicators(fresh, "2024-25"))


def test_blanking_plan_dates_in_place_is_followed_by_every_plan_figure(sample):
    data = copy.deepcopy(sample)
    before = cp.indicators(data, "2024-25")
    assert _count(before, "cp_plans_at_31_march") > 0
    data.cp_plans["CPPstartDate"] = pd.NaT  # every plan's start date blanked, in place: no plan counts
    after = cp.indicators(data, "2024-25")
    for indicator in ("cp_plans_at_31_march", "cp_plans_started"):
        assert _count(after, indicator) == 0, indicator
    pd.testing.assert_frame_equal(after, cp.indicators(copy.deepcopy(data), "2024-25"))


def test_pooled_data_follow_an_edit_too(sample):
    other = copy.deepcopy(sample)
    other.area = "Otherton"
    pooled = cp.pool([copy.deepcopy(sample), other])
    assert _count(cp.indicators(pooled, ["2024-25"]).query("area == 'Otherton'"), "referrals") == 2060
    pooled.referrals.loc[pooled.referrals["_area"].eq("Otherton"), "CINreferralDate"] = pd.NaT
    table = cp.indicators(pooled, ["2024-25"])
    assert _count(table.query("area == 'Otherton'"), "referrals") == 0
    assert _count(table.query("area == 'Exampleshire'"), "referrals") == 2060
