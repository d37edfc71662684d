"""The training figures on the key facts page (report/overview.py) read from the table the notebook writes."""

from __future__ import annotations

from lscb_analysis import suppression, training
from lscb_analysis.report import overview


def written_table(data):
    """What notebooks/04_training.ipynb writes to training.csv: last year and this year, through suppression."""
    return suppression.suppress(training.indicators(data, ["2023-24", "2024-25"]))


def test_key_facts_show_last_year_and_the_change(data):
    """Issue 17 (3): last year is printed, not x."""
    facts = overview.key_facts({"training": written_table(data)}, "Testshire", "2024-25")
    view = overview.facts_view(facts, "2024-25").set_index("Measure")
    assert view.loc["Delegates who attended", ["2024-25", "2023-24", "Change"]].tolist() == ["22", "6", "+266.7%"]
    assert view.loc["Courses delivered", ["2024-25", "2023-24"]].tolist() == ["2", "1"]
    # 3 of 25 booked did not attend (0 of 6 in 2023-24): professionals, so shown
    assert view.loc["Booked delegates who did not attend", ["2024-25", "2023-24"]].tolist() == ["12.0", "0.0"]


def test_training_days_rounded_as_on_the_training_page(data):
    """Issue 17 (4): 33.5 days is 33.5 on the key facts page too (it showed 34), in the table and the sentence."""
    table = written_table(data)
    days = table["indicator"].eq("training_days") & table["breakdown"].eq("all") & table["period"].eq("2024-25")
    table.loc[days, "value"] = 33.5
    facts = overview.key_facts({"training": table}, "Testshire", "2024-25")
    view = overview.facts_view(facts, "2024-25").set_index("Measure")
    assert view.loc["Training days", ["2024-25", "2023-24"]].tolist() == ["33.5", "1.0"]
    this_year = table[table["period"].eq("2024-25")]
    assert "(33.5 days of training)" in training.headlines(this_year, "2024-25")[0]
    sentences = overview.headlines(facts, "2024-25")
    assert "Multi-agency training: Training days rose by 3250.0% from 1.0 in 2023-24 to 33.5 in 2024-25." in sentences
