import numpy as np
from lscb_analysis.suppression import suppress

from lscb_analysis import indicators as ind


def category_table(counts):
    rows = [ind.count_row("A", "2024-25", "cp_plans_by_category", n, breakdown=f"category:{k}") for k, n in counts.items()]
    rows.append(ind.count_row("A", "2024-25", "cp_plans_at_31_march", sum(counts.values())))
    return ind.table(rows)


def test_primary_one_to_five_hidden_zero_shown():
    out = suppress(ind.table([ind.count_row("A", "2024-25", "x", n, breakdown=f"k:{n}") for n in (0, 1, 5, 6)]))
    assert out["symbol"].tolist() == ["", "c", "c", ""]
    assert out["value"].tolist()[0] == 0 and out["value"].tolist()[3] == 6


def test_secondary_suppression_next_smallest():
    # neglect 40, emotional 20, physical 3 (primary), sexual 7, multiple 0: total 70 is published,
    # so 3 could be recovered by subtraction unless the next smallest non-zero (7) is hidden too
    out = suppress(category_table({"neglect": 40, "emotional": 20, "physical": 3, "sexual": 7, "multiple": 0}))
    hidden = dict(zip(out["breakdown"], out["suppressed"]))
    assert hidden == {"category:neglect": False, "category:emotional": False, "category:physical": True,
                      "category:sexual": True, "category:multiple": False, "all": False}
    assert np.isnan(out.loc[out["breakdown"].eq("category:sexual"), "value"]).all()


def test_no_secondary_when_two_already_hidden():
    out = suppress(category_table({"neglect": 40, "physical": 3, "sexual": 2, "emotional": 9}))
    hidden = dict(zip(out["breakdown"], out["suppressed"]))
    assert hidden["category:physical"] and hidden["category:sexual"]
    assert not hidden["category:emotional"] and not hidden["category:neglect"]


def test_rates_and_percentages_of_small_counts_hidden():
    t = ind.table([
        ind.count_row("A", "2024-25", "child_deaths", 4),
        ind.rate_row("A", "2024-25", "child_deaths", 4, 40_000, unit="per 100,000 aged 0-17"),
        ind.proportion_row("A", "2024-25", "icpc_to_plan", 30, 34),
        ind.proportion_row("A", "2024-25", "reviews_with_modifiable_factors", 2, 3),
    ])
    out = suppress(t)
    assert out["suppressed"].tolist() == [True, True, False, True]
    assert out.loc[1, "denominator"] == 40_000  # a population is not a small count
    assert np.isnan(out.loc[3, "denominator"])  # a base of 3 is


def test_linked_groups_hide_what_subtraction_would_give_back():
    # three years and their pooled total: 4 is hidden (1 to 5); 25 - 9 - 12 would give it back, so the
    # next smallest year (9) goes too; the 12 and the pooled 25 stay
    years = {"2022-23": 9, "2023-24": 12, "2024-25": 4}
    rows = [ind.count_row("A", p, "child_deaths", n) for p, n in years.items()]
    rows.append(ind.count_row("A", "2022-23 to 2024-25", "child_deaths", 25))
    rows.append(ind.proportion_row("A", "2024-25", "share", 30, 40))
    table = ind.table(rows)
    pooled = ("A", "2022-23 to 2024-25", "child_deaths", "all")
    groups = [([("A", p, "child_deaths", "all") for p in years], pooled)]
    links = [(("A", "2024-25", "share", "all"), [("A", "2024-25", "child_deaths", "all")])]
    out = suppress(table, groups=groups, links=links)
    assert list(out["suppressed"]) == [True, False, True, False, True]
    assert list(out["symbol"]) == ["c", "", "c", "", "c"]
    # without the groups only the primary cell is hidden, as for every other caller
    assert list(suppress(table)["suppressed"]) == [False, False, True, False, False]
    # a group naming a cell the table lacks is left out
    assert suppress(table, groups=[([("B", "2024-25", "x", "all")], None)]).equals(suppress(table))


def test_counts_of_professionals_courses_and_organisations_are_not_hidden():
    # definitions.py marks every training indicator as counting professionals, courses or organisations
    t = ind.table([
        ind.count_row("A", "2024-25", "organisations_reached", 3, breakdown="sector:police"),
        ind.count_row("A", "2024-25", "organisations_reached", 40, breakdown="sector:schools"),
        ind.proportion_row("A", "2024-25", "did_not_attend_rate", 2, 30),
        ind.value_row("A", "2024-25", "delegates_attended_change", 50.0, "percent", numerator=3, denominator=2),
        ind.count_row("A", "2024-25", "cp_plans_at_31_march", 3),  # children: hidden as before
        ind.count_row("A", "2024-25", "no_such_indicator", 3),  # not defined: hidden, to be safe
    ])
    out = suppress(t)
    assert out["suppressed"].tolist() == [False, False, False, False, True, True]
    assert out["value"].tolist()[:2] == [3, 40]
