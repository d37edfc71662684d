"""Child deaths, sentences: what a board member reads, never a hidden figure."""

from __future__ import annotations

from lscb_analysis import cdop

from .helpers import case, load


def test_sentence_gives_the_pooled_rate_when_a_year_has_few_deaths(tmp_path):
    cases = [case(f"Q{y}{i}", "2015-01-01", f"{y}-06-01") for y, n in ((2022, 8), (2023, 9), (2024, 7))
             for i in range(n)]
    data = load(tmp_path, cases)
    t = cdop.indicators(data, "2024-25", "Exampleshire")
    text = cdop.deaths_sentence(t, "Exampleshire", "2024-25")
    assert text.startswith("7 children resident in Exampleshire died in 2024-25.")
    assert "fewer than 10 deaths" in text
    assert "70.0" not in text  # no single-year rate
    assert "Over the three years 2022-23 to 2024-25, 24 children died, a rate of 80.0 per 100,000" in text


def test_sentence_does_not_print_a_suppressed_count(tmp_path):
    data = load(tmp_path, [case(f"R{i}", "2015-01-01", "2024-06-01") for i in range(3)])
    safe = cdop.board_safe(cdop.indicators(data, "2024-25", "Exampleshire"))
    text = cdop.deaths_sentence(safe, "Exampleshire", "2024-25")
    assert "too small to publish" in text
    assert "3" not in text.replace("2024-25", "").replace("2022-23", "")
