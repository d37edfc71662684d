"""The sentences on the training page, from the figures."""

from __future__ import annotations

import dataclasses

from lscb_analysis import suppression, training


def test_headlines(data):
    t = suppression.suppress(training.indicators(data, "2024-25"))
    text = training.headlines(t, "2024-25")
    assert text[0] == ("In 2024-25 the partnership delivered 2 multi-agency courses (1.5 days of training) to 22 "
                       "delegates, 266.7% more than in 2023-24. They were 21 different people from 4 organisations.")
    assert text[1] == ("Delegates filled 73.3% of the places offered, 13.3 percentage points higher than in 2023-24; "
                       "12.0% of delegates booked (not counting bookings cancelled in advance) did not attend.")
    assert "The largest group was schools: 8 delegates from 2 organisations." in text
    assert any(s.startswith("3 e-learning modules were completed") for s in text)
    assert training.headlines(training.indicators(data, "2012-13"), "2012-13") == [
        "No multi-agency training course was recorded as delivered in 2012-13."]


def test_gaps_sentence(data):
    gaps = training.sectors_not_reached(training.indicators(data, "2024-25"))
    sentence = training.gaps_sentence(gaps)
    assert sentence.startswith("No delegate on a course came from early years (and no e-learning completions")
    assert "faith (though 1 e-learning modules were completed)" in sentence
    assert training.gaps_sentence(gaps.iloc[0:0]) == "Every sector had at least one delegate on a course."


def test_confidence_sentence(data):
    text = training.confidence_sentence(training.confidence_change(data, "2024-25"))
    assert text.startswith("Among the 10 delegates who rated their confidence (1 to 10) both before and after a "
                           "course, the median rating went from 5.0 to 6.0, and 70.0% rated themselves more "
                           "confident afterwards.")
    assert "statistically significant (Wilcoxon signed-rank test, p = 0.031" in text
    none = dataclasses.replace(data, evaluations=data.evaluations.iloc[0:0])
    assert training.confidence_sentence(training.confidence_change(none, "2024-25")).startswith("No delegate rated")
