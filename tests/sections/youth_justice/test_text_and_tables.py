"""The board sentences and tables for youth justice, from the figures."""

from __future__ import annotations

from lscb_analysis import yos

# --- sentences and views for the board -----------------------------------------------------------

def test_summary_sentences_come_from_the_figures_and_respect_suppression(data):
    from lscb_analysis import suppression

    table, tr = yos.indicators(data, "2022-23", cohort_year="2022-23"), yos.trend(data, "2022-23", 2)
    said = yos.summary_sentences(table, tr, "2022-23")
    assert said[0].startswith("In 2022-23, 7 children entered the youth justice system for the first time, "
                              "43.8 per 100,000 children aged 10-17")
    assert any(s.startswith("1 court sentencing occasion in 2022-23 ended in custody (16.7%") for s in said)
    assert any("Of the 7 children in the 2022-23 re-offending cohort, 28.6% (95% confidence interval 8.2% to 64.1%)"
               in s for s in said)
    assert "2 children were remanded to custody in 2022-23." in said
    hidden = yos.summary_sentences(suppression.suppress(table), suppression.suppress(tr), "2022-23")
    assert "Between 1 and 5 children were remanded to custody in 2022-23." in hidden
    assert not any("28.6%" in s for s in hidden)  # 2 re-offenders: suppressed
    assert any("Re-offending for the 2022-23 cohort cannot be shown" in s for s in hidden)


def test_reoffending_view_orders_annual_cohort_first(data):
    view = yos.reoffending_view(yos.indicators(data, "2024-25"), breakdowns=False)
    assert list(view.columns) == ["2022-23", "Apr to Jun 2022", "Jul to Sep 2022", "Oct to Dec 2022",
                                  "Jan to Mar 2023"]
    assert view.loc["Children in the cohort"].tolist() == ["7", "2", "4", "3", "1"]
    assert view.loc["Re-offended (%)", "2022-23"] == "28.6 (8.2 to 64.1)"



def test_cohort_notes_in_words(data):
    notes = yos.cohort_notes(yos.indicators(data, "2024-25"))
    assert notes == ["Final (every child's 12-month follow-up and 6-month waiting period has ended): the 2022-23, "
                     "Apr to Jun 2022, Jul to Sep 2022, Oct to Dec 2022 and Jan to Mar 2023 cohorts."]
    later = yos.cohort_notes(yos.provisional_cohorts(data, "2024-25"))
    assert later[0].startswith("2023-24 cohort: Provisional: the follow-up and waiting period of this cohort end on "
                               "30 September 2025 and the data run to 20 March 2025")
    assert later[0].endswith("its re-offending figures are left out.")

