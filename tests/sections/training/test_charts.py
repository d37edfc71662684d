"""The training page's charts carry a title that states the finding and alt text listing the figures."""

from __future__ import annotations

import dataclasses

from lscb_analysis import training


def test_confidence_chart(data):
    fig = training.confidence_chart(training.confidence_change(data, "2024-25", by="theme"))
    # domestic abuse 5 -> 6, neglect 5 -> 6 (C1: 4-6, 5-5, 5-6, 6-7, 7-6)
    assert fig.lscb_alt == ("Median confidence was higher after the course in every group shown. "
                            "Domestic abuse: 5 before, 6 after; Neglect: 5 before, 6 after")


def test_confidence_chart_without_pairs_says_so(data):
    before_only = dataclasses.replace(data, evaluations=data.evaluations[data.evaluations["stage"].ne("after")])
    fig = training.confidence_chart(training.confidence_change(before_only, "2024-25", by="theme"))
    assert fig.lscb_alt.startswith("Too few matched ratings")


def test_trend_chart(data):
    fig = training.trend_chart(training.trend(data, "2024-25", 2), ["delegates_attended"], ylabel="Number")
    assert fig.lscb_alt == ("Delegates attended rose between 2023-24 and 2024-25. Delegates attended 2023-24: 6; "
                            "Delegates attended 2024-25: 22")
