"""The training page's tables, from the year's indicator table: cells as a person reads them."""

from __future__ import annotations

import numpy as np

from lscb_analysis import suppression, training
from lscb_analysis.core import indicators as ind


def test_delivery_by_mode_and_theme(data):
    t = suppression.suppress(training.indicators(data, "2024-25"))
    view = training.wide_view(t, "mode", ["courses_delivered", "training_days", "fill_rate", "did_not_attend_rate"])
    assert view.index.tolist() == ["Face to face", "Webinar"]
    assert view.loc["Webinar"].tolist() == ["1", "0.5", "75.0", "6.3"]  # 1 of 16 did not attend: 6.25 -> 6.3
    assert view.loc["Face to face"].tolist() == ["1", "1.0", "70.0", "22.2"]  # 2 of 9: shown, not c
    by_theme = training.wide_view(t, "theme", ["delegates_attended"])
    assert by_theme.to_dict()["Delegates attended"] == {"Domestic abuse": "15", "Neglect": "7"}


def test_reach_by_sector_shows_small_counts_of_professionals(data):
    t = suppression.suppress(training.indicators(data, "2024-25"))
    reach = training.sector_reach(t)
    assert reach.columns.tolist() == ["Delegates attended", "Organisations reached", "E-learning completions"]
    assert reach.loc["Police"].tolist() == ["6", "1", "0"]
    assert reach.loc["Faith"].tolist() == ["0", "0", "1"]
    assert len(reach) == len(training.SECTORS)


def test_sectors_not_reached(data):
    gaps = training.sectors_not_reached(suppression.suppress(training.indicators(data, "2024-25")))
    assert "probation" in set(gaps["sector"]) and "schools" not in set(gaps["sector"])
    assert gaps.set_index("sector").at["faith", "elearning_completions"] == "1"  # L4: reached by e-learning


def test_training_days_show_one_decimal_place(data):
    """Issue 17 (4): 33.5 days shows as 33.5 here and on the key facts page (half up at display only)."""
    t = training.indicators(data, "2024-25")
    days = t["indicator"].eq("training_days") & t["breakdown"].eq("all")
    t.loc[days, "value"] = 33.45
    history = t[t["breakdown"].eq("all")]
    assert training.trend_view(history).loc["Training days", "2024-25"] == "33.5"
    assert training.wide_view(t, "theme", ["training_days"]).iloc[:, 0].tolist() == ["0.5", "1.0"]


def test_trend_view(data):
    view = training.trend_view(training.trend(data, "2024-25", 2))
    assert view.columns.tolist() == ["2023-24", "2024-25"]
    assert view.loc["Delegates attended"].tolist() == ["6", "22"]
    assert view.loc["Training days"].tolist() == ["1.0", "1.5"]
    assert view.loc["Evaluation response rate (%)"].tolist() == ["0.0", "50.0"]  # after-course forms: 11 of 22
    assert view.loc["Objectives met (%)"].tolist() == ["x", "70.0"]  # no forms in 2023-24


def test_kirkpatrick(data):
    t = training.indicators(data, "2024-25")
    k = training.kirkpatrick(t, training.confidence_change(data, "2024-25"))
    assert list(k["Level"]) == ["1 Reaction", "2 Learning", "3 Behaviour", "4 Results"]
    assert k.loc[0, "Result"] == "Objectives met 70.0%; would recommend 75.0%; response rate 50.0%"
    assert k.loc[1, "Result"] == ("Median confidence 5.0 before, 6.0 after (10 matched pairs); 70.0% more "
                                  "confident; Wilcoxon p = 0.031, r = 0.89")
    assert k.loc[2, "Result"] == "Applied fully or partly 75.0% (fully 50.0%); response rate 18.2%"
    assert k.loc[3, "Result"] == "Not measured"


def test_confidence_view_shows_small_groups(data):
    view = training.confidence_view(training.confidence_change(data, "2024-25", by="theme"))
    assert view["Group"].tolist() == ["Domestic abuse", "Neglect"]
    assert view["Pairs"].tolist() == ["5", "5"]  # professionals' ratings: not hidden
    # C2: 4-6, 4-6, 5-8, 5-9, 6-6: medians 5 and 6, changes 2,2,3,4,0 (median 2); 4 of 5 improved
    assert view.iloc[0][["Median before", "Median after", "Median change", "Improved (%)", "p-value"]].tolist() == [
        "5.0", "6.0", "2.0", "80.0", "no test"]
    assert view["Note"].str.contains("too few pairs").all()


def test_tables_of_an_empty_table_are_empty():
    empty = ind.empty()
    assert training.wide_view(empty, "theme", ["fill_rate"]).empty
    assert training.sectors_not_reached(empty).empty
    assert np.all(training.trend_view(empty).shape == (0, 0))
