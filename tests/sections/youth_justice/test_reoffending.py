"""Proven re-offending by the Ministry of Justice method on the hand-built extract (see sample.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lscb_analysis import yos

from .sample import pid, value

# --- re-offending ------------------------------------------------------------------------------

def test_reoffending_cohort_members_by_hand(data):
    m = yos.cohort_members(data, "2022-04-01", "2023-03-31").set_index("young_person_id")
    expected = {"B1": 0, "C1": 1, "D1": 0, "E1": 0, "F1": 0, "G1": 2, "H1": 0}
    assert set(m.index) == {pid(k) for k in expected}
    for k, n in expected.items():
        assert m.loc[pid(k), "reoffences"] == n, k
    h = m.loc[pid("H1")]
    assert h["index_event"] == "RELEASE" and h["index_date"] == pd.Timestamp("2022-10-01")
    c = m.loc[pid("C1")]
    assert c["follow_up_end"] == pd.Timestamp("2023-06-15") and c["waiting_end"] == pd.Timestamp("2023-12-15")


def test_day_365_month_17_counts_month_19_does_not(data):
    m = yos.cohort_members(data, "2022-04-01", "2023-03-31").set_index("young_person_id")
    assert m.loc[pid("C1"), "reoffender"]  # committed on day 365, proven in month 17
    assert not m.loc[pid("D1"), "reoffender"]  # committed on day 365, proven in month 19
    assert not m.loc[pid("E1"), "reoffender"]  # committed on day 366


def test_offence_before_index_sentenced_after_is_not_a_reoffence(data):
    m = yos.cohort_members(data, "2022-04-01", "2023-03-31").set_index("young_person_id")
    assert m.loc[pid("F1"), "index_date"] == pd.Timestamp("2022-09-01")
    assert m.loc[pid("F1"), "reoffences"] == 0


def test_custodial_occasion_and_adults_are_not_index_events(data):
    m = yos.cohort_members(data, "2022-04-01", "2023-03-31")
    assert pid("K1") not in set(m["young_person_id"])  # referral order given with a DTO
    assert pid("I1") not in set(m["young_person_id"])  # aged 18 at the index outcome


def test_reoffending_measures_2022_23(data):
    t = yos.reoffending(data, "2022-04-01", "2023-03-31", by=["index_outcome", "sex"])
    assert set(t["status"]) == {"final"} and set(t["period"]) == {"2022-23"}
    assert value(t, "reoffending_cohort", "count")["value"] == 7
    b = value(t, "reoffending_binary_rate", "percent")
    assert (b["numerator"], b["denominator"]) == (2, 7)
    assert b["value"] == pytest.approx(200 / 7)
    # Wilson: (2x + z^2 -/+ z sqrt(z^2 + 4x(1 - x/n))) / (2(n + z^2)), x = 2, n = 7
    assert b["lower"] == pytest.approx(8.2219, abs=1e-3)
    assert b["upper"] == pytest.approx(64.1060, abs=1e-3)
    assert value(t, "reoffending_frequency_rate", "ratio")["value"] == pytest.approx(3 / 7)
    assert value(t, "reoffences_per_reoffender", "ratio")["value"] == pytest.approx(1.5)
    assert value(t, "reoffending_cohort", "count", "index_outcome:custody")["value"] == 1  # H
    assert value(t, "reoffending_cohort", "count", "index_outcome:pre-court")["value"] == 5  # B, C, E, F, G
    assert value(t, "reoffending_binary_rate", "percent", "sex:female")["value"] == 0  # B, E


def test_quarterly_cohorts_index_on_first_event_in_each_quarter(data):
    sizes, reoffenders = [], []
    for s, e in yos.quarterly_cohorts("2022-23"):
        m = yos.cohort_members(data, s, e)
        sizes.append(len(m))
        reoffenders.append(int(m["reoffender"].sum()))
    # Q1 G, C; Q2 D, E, F and G (youth rehabilitation order 01/09/2022); Q3 B, H (release), F (RO); Q4 G
    assert sizes == [2, 4, 3, 1]
    assert reoffenders == [2, 1, 0, 0]


def test_cohort_whose_waiting_period_has_not_ended_is_provisional(data):
    assert data.extract_date == pd.Timestamp("2025-03-20")  # J's caution, the latest date in the data
    marked = yos.reoffending(data, "2023-04-01", "2024-03-31")
    assert set(marked["status"]) == {"provisional"}
    assert set(marked["period"]) == {"2023-24 (provisional)"}
    assert "30 September 2025" in marked["note"].iloc[0]
    omitted = yos.reoffending(data, "2023-04-01", "2024-03-31", provisional="omit")
    rate = value(omitted, "reoffending_binary_rate", "percent", period="2023-24 (provisional)")
    assert np.isnan(rate["value"]) and rate["symbol"] == "x"
    # the same cohort is final once the data run past 30/09/2025
    later = yos.reoffending(data, "2023-04-01", "2024-03-31", as_of="2025-09-30")
    assert set(later["status"]) == {"final"} and set(later["period"]) == {"2023-24"}
    # and 2022-23 (waiting period ended 30/09/2024) is final at the extract date
    assert set(yos.reoffending(data, "2022-04-01", "2023-03-31")["status"]) == {"final"}


def test_cohort_before_the_data_begin_is_not_available(data):
    t = yos.reoffending(data, "2020-04-01", "2021-03-31")
    assert t["value"].isna().all() and set(t["symbol"]) == {"x"}
    assert "data begin" in t["note"].iloc[0]


def test_indicators_report_latest_complete_cohort(data):
    t = yos.indicators(data, "2024-25")
    re = t[t["indicator"].eq("reoffending_cohort") & t["breakdown"].eq("all")]
    assert re["period"].tolist() == ["2022-23", "Apr to Jun 2022", "Jul to Sep 2022", "Oct to Dec 2022",
                                     "Jan to Mar 2023"]
    assert re["value"].tolist() == [7, 2, 4, 3, 1]
    assert yos.latest_complete_cohort_year("2024-09-30").label == "2022-23"
    assert yos.latest_complete_cohort_year("2024-09-29").label == "2021-22"


def test_cohort_label():
    assert yos.cohort_label("2022-04-01", "2023-03-31") == "2022-23"
    assert yos.cohort_label("2023-01-01", "2023-03-31") == "Jan to Mar 2023"
    assert yos.cohort_label("2022-11-01", "2023-01-31") == "Nov 2022 to Jan 2023"
    assert yos.cohort_label("2022-11-05", "2023-01-31") == "5 November 2022 to 31 January 2023"


def test_later_cohorts_are_shown_as_incomplete_not_dropped(data):
    later = yos.provisional_cohorts(data, "2024-25")
    cohorts = later[later["indicator"].eq("reoffending_cohort")]
    assert cohorts["period"].tolist() == ["2023-24 (provisional)", "2024-25 (provisional)"]
    # 2023-24: C (RO 10/11/2023), E (YC 01/09/2023); not D, aged 18 at his YRO on 25/02/2024. 2024-25: A, J
    assert cohorts["value"].tolist() == [2, 2]
    rates_ = later[later["indicator"].eq("reoffending_binary_rate")]
    assert rates_["value"].isna().all() and set(rates_["symbol"]) == {"x"}
    assert "30 September 2026" in later[later["period"].str.startswith("2024-25")]["note"].iloc[0]


