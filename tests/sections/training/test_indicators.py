"""training.indicators on the hand-made fixture (fixture.py): every figure worked out on paper, beside the test."""

from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest

from lscb_analysis import suppression, training
from lscb_analysis.core import indicators as ind

# the module (the package's name ``indicators`` is the function)
indicators_module = importlib.import_module("lscb_analysis.sections.training.indicators")

nan = np.nan

# 2024-25, breakdown "all": indicator, numerator, denominator, value (percentages checked to 1e-9)
EXPECTED_2024_25 = [
    ("courses_delivered", nan, nan, 2),  # C1, C2 (C3: every booking cancelled)
    ("training_days", nan, nan, 1.5),  # 1 + 0.5
    ("places_offered", nan, nan, 30),  # 10 + 20
    ("delegates_attended", 22, nan, 22),  # 7 on C1, 15 on C2
    ("fill_rate", 22, 30, 22 / 30 * 100),
    ("did_not_attend_rate", 3, 25, 12.0),  # D8, D9, D27 of 22 + 3; 7 cancellations in neither part
    ("individual_delegates", 21, nan, 21),  # D1 on both courses
    ("organisations_reached", 4, nan, 4),  # Oak, Elm, the NHS trust, the police
    ("elearning_completions", 3, nan, 3),  # L1, L4 (enrolled 2023-24), L5 on 31 March
    ("elearning_in_progress", 2, nan, 2),  # L2 (finished 10 April 2025), L3 (enrolled 31 March)
    ("elearning_completion_rate", 3, 5, 60.0),
    ("objectives_met", 7, 10, 70.0),  # 4 or 5 of 5 on C1: D1, D2, D6; on C2: D13, D14, D15, D17; D7 no rating
    ("would_recommend", 3, 4, 75.0),  # D1 yes, D2 "Y", D3 no, D5 yes
    ("confidence_before", nan, 11, 5.0),  # 3,4,4,4,5,5,5,5,6,6,7
    ("confidence_after", nan, 11, 6.0),  # 5,6,6,6,6,6,6,7,8,8,9
    ("applied_learning", 3, 4, 75.0),  # D1 yes, D3 partly, D13 no, D14 yes
]

# 2024-25 by theme and mode: courses, days, places, attended, fill rate, did not attend rate
EXPECTED_BY = {
    "theme:domestic_abuse": (1, 0.5, 20, 15, 75.0, 100 / 16),  # C2: 15 attended, D27 did not
    "theme:neglect": (1, 1.0, 10, 7, 70.0, 200 / 9),  # C1 (C3 not delivered): 7 attended, D8, D9 did not
    "mode:face_to_face": (1, 1.0, 10, 7, 70.0, 200 / 9),  # C1 and C3 are face to face
    "mode:webinar": (1, 0.5, 20, 15, 75.0, 100 / 16),
}

# change on 2023-24 (C4: 1 course, 1 day, 10 places, D1-D6 attended, none missing; L4 in progress at 31 March
# 2024, no e-learning completed; no forms): unit, value
EXPECTED_CHANGE = {
    "courses_delivered_change": ("percent", 100.0),
    "training_days_change": ("percent", 50.0),
    "places_offered_change": ("percent", 200.0),
    "delegates_attended_change": ("percent", (22 - 6) / 6 * 100),
    "individual_delegates_change": ("percent", (21 - 6) / 6 * 100),
    "organisations_reached_change": ("percent", 300.0),  # Oak alone in 2023-24
    "elearning_in_progress_change": ("percent", 100.0),
    "fill_rate_change": ("percentage points", 22 / 30 * 100 - 60.0),
    "did_not_attend_rate_change": ("percentage points", 12.0),
    "elearning_completion_rate_change": ("percentage points", 60.0),
}


def row(table, indicator, breakdown="all", period=None):
    rows = ind.select(table, indicator, breakdown=breakdown, period=period)
    assert len(rows) == 1, f"{indicator} {breakdown}: {len(rows)} rows"
    return rows.iloc[0]


def test_the_year_s_headline_figures(data):
    t = training.indicators(data, "2024-25")
    got = [(r["indicator"], r["numerator"], r["denominator"], r["value"]) for _, r in t[
        t["breakdown"].eq("all") & ~t["indicator"].str.endswith("_change")].iterrows()]
    assert [g[0] for g in got] == [e[0] for e in EXPECTED_2024_25]
    for g, e in zip(got, EXPECTED_2024_25):
        np.testing.assert_allclose(np.array(g[1:], dtype=float), np.array(e[1:], dtype=float), rtol=1e-12,
                                   err_msg=e[0])
    assert set(t["period"]) == {"2024-25"} and set(t["area"]) == {"Testshire"}
    assert set(t["source"]) == {training.SOURCE}


def test_delivery_by_theme_and_mode(data):
    t = training.indicators(data, "2024-25")
    names = ["courses_delivered", "training_days", "places_offered", "delegates_attended", "fill_rate",
             "did_not_attend_rate"]
    for breakdown, expected in EXPECTED_BY.items():
        got = [row(t, n, breakdown)["value"] for n in names]
        np.testing.assert_allclose(got, expected, rtol=1e-12, err_msg=breakdown)
    # each breakdown's rows together, in this order
    assert t["breakdown"].tolist()[:12] == ["all"] * 6 + ["theme:domestic_abuse"] * 6


def test_reach_by_sector(data):
    t = training.indicators(data, "2024-25")
    delegates = {s: row(t, "delegates_by_sector", f"sector:{s}")["value"] for s in training.SECTORS}
    assert {s: v for s, v in delegates.items() if v} == {"schools": 8, "health": 8, "police": 6}  # D1 twice
    organisations = {s: row(t, "organisations_reached", f"sector:{s}")["value"] for s in training.SECTORS}
    assert {s: v for s, v in organisations.items() if v} == {"schools": 2, "health": 1, "police": 1}
    completions = {s: row(t, "elearning_completions", f"sector:{s}")["value"] for s in training.SECTORS}
    assert {s: v for s, v in completions.items() if v} == {"schools": 2, "faith": 1}  # L1, L5; L4


def test_evaluation_response_rates_and_applied_learning_split(data):
    t = training.indicators(data, "2024-25")
    # forms: before 6 on C1 + 5 on C2; after 6 + 5 (D8's rejected); follow-up 4; of 22 delegates
    assert [tuple(row(t, "evaluation_response_rate", f"stage:{s}")[["numerator", "denominator"]])
            for s in training.STAGES] == [(11, 22), (11, 22), (4, 22)]
    assert [row(t, "applied_learning", f"answer:{a}")["numerator"] for a in training.APPLIED] == [2, 1, 1]
    before = row(t, "confidence_before")
    # exact binomial interval for a median of 11: x(2) to x(10)
    assert (before["lower"], before["upper"]) == (4, 6)
    after = row(t, "confidence_after")
    assert (after["lower"], after["upper"]) == (6, 8)
    dna = row(t, "did_not_attend_rate")
    assert dna["lower"] < 12 < dna["upper"]  # Wilson limits from the core row builder


def test_change_on_previous_year(data):
    t = training.indicators(data, "2024-25")
    changes = t[t["indicator"].str.endswith("_change") & t["breakdown"].eq("all")]
    assert set(changes["indicator"]) == set(EXPECTED_CHANGE)  # none where 2023-24 had no figure (0 or no form)
    for name, (unit, value) in EXPECTED_CHANGE.items():
        r = row(t, name)
        assert r["unit"] == unit and r["value"] == pytest.approx(value), name
    assert tuple(row(t, "delegates_attended_change")[["numerator", "denominator"]]) == (22, 6)
    assert row(t, "evaluation_response_rate_change", "stage:before")["value"] == pytest.approx(50.0)
    fill = row(t, "fill_rate_change")
    assert np.isnan(fill["lower"])  # the fill rate has no interval (a census of places), so neither has its change
    dna = row(t, "did_not_attend_rate_change")
    assert dna["lower"] < 12 < dna["upper"]  # Newcombe's interval


def test_year_boundaries(data):
    t = training.indicators(data, "2023-24")
    assert row(t, "courses_delivered")["value"] == 1  # C4 on 31 March 2024
    assert row(t, "delegates_attended")["value"] == 6
    assert row(t, "elearning_in_progress")["value"] == 1  # L4, completed 2 April 2024
    t = training.indicators(data, "2025-26")
    assert row(t, "delegates_attended")["value"] == 1  # C5 on 1 April 2025
    assert row(t, "elearning_completions")["value"] == 1  # L2


def test_several_years_in_one_table_carry_last_year_for_the_key_facts(data):
    """Issue 17 (3): the table the notebook writes holds last year's figures beside this year's."""
    both = training.indicators(data, ["2023-24", "2024-25"])
    assert list(dict.fromkeys(both["period"])) == ["2023-24", "2024-25"]
    assert row(both, "delegates_attended", period="2023-24")["value"] == 6
    assert row(both, "delegates_attended", period="2024-25")["value"] == 22
    this_year = both[both["period"].eq("2024-25")].reset_index(drop=True)
    pd.testing.assert_frame_equal(this_year, training.indicators(data, "2024-25"))


def test_training_figures_are_not_suppressed(data):
    """Issue 17 (10): delegates, organisations and did-not-attend rates count professionals, not children."""
    t = suppression.suppress(training.indicators(data, ["2023-24", "2024-25"]))
    assert not t["suppressed"].any() and set(t["symbol"]) == {""}
    assert row(t, "organisations_reached", "sector:police", "2024-25")["value"] == 1
    assert row(t, "did_not_attend_rate", period="2024-25")["value"] == pytest.approx(12.0)  # 3 people
    assert row(t, "delegates_attended", period="2023-24")["value"] == 6


def test_an_in_place_edit_of_the_attendance_changes_the_figures(data):
    """No cache: a figure follows the data, also after an analyst edits a loaded table in place."""
    assert row(training.indicators(data, "2024-25"), "delegates_attended")["value"] == 22
    first = data.attendance.index[data.attendance["status"].eq("attended")][0]
    data.attendance.loc[first, "status"] = "did_not_attend"
    t = training.indicators(data, "2024-25")
    assert row(t, "delegates_attended")["value"] == 21
    assert row(t, "did_not_attend_rate")["numerator"] == 4
    data.courses.loc[data.courses["course_id"].eq("C2"), "days"] = 2.0
    assert row(training.indicators(data, "2024-25"), "training_days")["value"] == 3.0


def test_delivery_counts(data):
    counts = training.delivery(data, "2024-25", by="theme")
    assert counts.index.tolist() == ["domestic_abuse", "neglect"]
    assert counts.loc["neglect"].tolist() == [1, 1.0, 10, 7, 2, 7]  # C3's 4 cancellations count as bookings
    assert training.delivery(data, "2012-13").loc["all"].tolist() == [0] * 6


def test_each_indicator_has_its_function_named_in_the_definitions():
    from lscb_analysis.core import definitions

    for d in definitions.for_section("training"):
        module, _, name = d.function.rpartition(".")
        assert module == "lscb_analysis.sections.training.indicators" and name == d.name
        assert getattr(indicators_module, name).__doc__.strip()
        assert d.subject in ("professionals", "courses", "organisations")


def test_trend_has_the_headline_figures_of_each_year(data):
    t = training.trend(data, "2024-25", 2)
    assert list(dict.fromkeys(t["period"])) == ["2023-24", "2024-25"]
    assert set(t["indicator"]) <= set(training.HEADLINE_TREND)
    assert row(t, "delegates_attended", period="2023-24")["value"] == 6
    assert training.trend(data, "2024-25", 0).empty


def test_median_with_ci_by_hand():
    # 1..7: median 4; at 95% k = 1 (binomial(7, 1/2) cdf(0) = 1/128 <= 0.025), so x(1) to x(7)
    assert training.median_with_ci([7, 1, 2, None, 3, 4, 5, 6]) == (4.0, 1.0, 7.0, 7)
    med, lo, hi, n = training.median_with_ci([1, 2, 3, 4, 5])  # too few values for an interval
    assert (med, n) == (3.0, 5) and np.isnan(lo) and np.isnan(hi)
    assert training.median_with_ci([])[3] == 0
