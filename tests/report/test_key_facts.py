"""Key facts (report/overview.py) from hand-made indicator tables: every fact checked against the
section tables it was read from. Expected values are written beside each assertion."""

import pandas as pd
import pytest

from lscb_analysis import indicators as ind
from lscb_analysis import report
from lscb_analysis.report import overview


def tables():
    cp = ind.table([
        ind.count_row("Testshire", "2024-25", "referrals", 1200, source="local extract"),
        ind.count_row("Testshire", "2023-24", "referrals", 1000, source="local extract"),
        ind.rate_row("Testshire", "2024-25", "referrals", 1200, 40000, source="local extract"),
        ind.rate_row("Testshire", "2023-24", "referrals", 1000, 40000, source="local extract"),
        ind.count_row("Testshire", "2024-25", "section_47_enquiries", 4, source="local extract"),
        ind.count_row("Testshire", "2023-24", "section_47_enquiries", 30, source="local extract"),
        ind.proportion_row("Testshire", "2024-25", "cp_plans_second_or_subsequent", 100, 300),
        ind.proportion_row("Testshire", "2023-24", "cp_plans_second_or_subsequent", 75, 300),
        ind.count_row("Testshire", "2024-25", "referrals_by_source", 50, breakdown="source:police"),
    ])
    yos = ind.table([  # the section's table for 2024-25 holds this year only
        ind.count_row("Testshire", "2024-25", "first_time_entrants", 40),
    ])
    return {"cp": cp, "yos": yos}


def comparators():
    return ind.table([
        ind.value_row("England", "2024-25", "referrals", 500.0, "per 10,000 aged 0-17"),
        ind.value_row("England", "2024-25", "cp_plans_second_or_subsequent", 24.0, "percent"),
        ind.value_row("Statistical neighbours", "2024-25", "cp_plans_second_or_subsequent", 22.0, "percent"),
    ])


def facts(**kw):
    return overview.key_facts(tables(), "Testshire", "2024-25", comparators=comparators(), **kw).set_index("indicator")


def test_one_row_per_measure_number_with_its_rate():
    f = facts()
    assert f.index.is_unique  # never a measure twice (number and rate are one row)
    r = f.loc["referrals"]
    assert (r["unit"], r["value"], r["previous_value"]) == ("count", 1200, 1000)
    assert r["rate"] == 300.0  # 1,200 / 40,000 x 10,000
    assert round(r["change"], 6) == 20.0  # (1,200 - 1,000) / 1,000
    assert r["england_value"] == 500.0 and r["compared_unit"] == "per 10,000 aged 0-17"
    assert r["vs_england"] == "below"  # 300 with limits about 283 to 318, below 500


def test_percentages_change_in_points_and_significance_against_england():
    r = facts().loc["cp_plans_second_or_subsequent"]
    assert round(r["value"], 4) == 33.3333  # 100 / 300
    assert round(r["change"], 4) == 8.3333  # 33.33 - 25.00 points
    assert r["change_unit"] == "points"
    assert r["vs_england"] == "above"  # Wilson 95% interval about 28.2 to 38.9 excludes 24.0
    assert r["neighbours_value"] == 22.0


def test_suppressed_figures_stay_hidden_and_are_never_headlines():
    f = facts()
    s47 = f.loc["section_47_enquiries"]
    assert pd.isna(s47["value"]) and s47["symbol"] == "c" and s47["previous_value"] == 30
    said = overview.headlines(f.reset_index(), "2024-25")
    assert not any("Section 47" in s for s in said)
    view = overview.facts_view(f.reset_index(), "2024-25").set_index("Measure")
    assert view.loc["Section 47 enquiries", "2024-25"] == "c" and view.loc["Section 47 enquiries", "Change"] == ""


def test_headlines_pick_what_differs_significantly_then_what_changed_most_and_never_repeat_a_measure():
    said = overview.headlines(facts().reset_index(), "2024-25")
    assert said[0].startswith("Child protection: Repeat plans (second or subsequent plan) rose from 25.0% in 2023-24 "
                              "to 33.3% in 2024-25 (8.3 percentage points), significantly above England (24.0%)")
    assert said[1].startswith("Child protection: Referrals rose by 20.0% from 1,000 in 2023-24 to 1,200 in 2024-25")
    assert sum("Referrals" in s for s in said) == 1  # not once as a number and again as a rate


def test_last_year_comes_from_the_previous_years_table_when_a_section_wrote_this_year_only(tmp_path):
    t = tables()
    report.write_indicators(t["cp"], tmp_path, "testshire", "2024-25", "cp")
    report.write_indicators(t["yos"], tmp_path, "testshire", "2024-25", "yos")
    report.write_indicators(ind.table([ind.count_row("Testshire", "2023-24", "first_time_entrants", 50)]),
                            tmp_path, "testshire", "2023-24", "yos")
    loaded = overview.load_tables(tmp_path, "testshire", "2024-25")
    f = overview.key_facts(loaded, "Testshire", "2024-25").set_index("indicator")
    assert f.loc["first_time_entrants", "previous_value"] == 50
    assert round(f.loc["first_time_entrants", "change"], 6) == -20.0  # (40 - 50) / 50


def test_every_key_fact_matches_the_section_csvs(tmp_path):
    """Write the section tables as CSVs, read the key facts from them, and check each figure against the
    row of the CSV it came from (this year, last year, the rate) and England against the comparators."""
    for section, table in tables().items():
        report.write_indicators(table, tmp_path, "testshire", "2024-25", section)
    loaded = overview.load_tables(tmp_path, "testshire", "2024-25")
    f = overview.key_facts(loaded, "Testshire", "2024-25", suppress=False, comparators=comparators())
    csv = {s: pd.read_csv(tmp_path / "testshire" / "2024-25" / f"{s}.csv") for s in ("cp", "yos")}
    comp = comparators()
    assert len(f) == 4
    for _, fact in f.iterrows():
        t = csv[fact["section"]]
        row = t[(t["indicator"] == fact["indicator"]) & (t["unit"] == fact["unit"]) & (t["breakdown"] == "all")]
        assert row.loc[row["period"] == "2024-25", "value"].item() == pytest.approx(fact["value"])
        before = row.loc[row["period"] == "2023-24", "value"]
        assert (before.item() == pytest.approx(fact["previous_value"])) if len(before) else pd.isna(fact["previous_value"])
        if fact["rate_unit"]:
            rate = t[(t["indicator"] == fact["indicator"]) & (t["unit"] == fact["rate_unit"]) & (t["period"] == "2024-25")]
            assert rate["value"].item() == pytest.approx(fact["rate"])
        eng = comp[(comp["indicator"] == fact["indicator"]) & (comp["unit"] == fact["compared_unit"])
                   & (comp["area"] == "England")]
        assert (eng["value"].item() == fact["england_value"]) if len(eng) else pd.isna(fact["england_value"])


def test_an_area_with_published_statistics_only_gets_one_sentence_not_missing_files():
    f = overview.key_facts({"cp": tables()["cp"].assign(source="DfE children in need statistics")}, "Testshire",
                           "2024-25")
    text = overview.coverage_sentence({"cp": tables()["cp"].assign(source="DfE children in need statistics")}, f,
                                      "Testshire", "2024-25")
    assert text == ("This page has figures for child protection only from the DfE's published statistics. Child deaths, "
                    "youth justice, multi-agency training, the front door, early help, children missing from home and "
                    "care, exploitation, private fostering, allegations against people who work with children, practice "
                    "reviews and the partnership's own business need the partnership's own records, which were not "
                    "supplied for Testshire for 2024-25.")
    assert "not found" not in text and ".csv" not in text


def test_a_measure_reported_for_an_earlier_cohort_is_shown_for_it():
    yos = ind.table([
        ind.count_row("Testshire", "2024-25", "first_time_entrants", 40),
        ind.proportion_row("Testshire", "2021-22", "reoffending_binary_rate", 30, 100),
        ind.proportion_row("Testshire", "2022-23", "reoffending_binary_rate", 33, 100),
    ])
    f = overview.key_facts({"yos": yos}, "Testshire", "2024-25").set_index("indicator")
    r = f.loc["reoffending_binary_rate"]
    assert r["value"] == 33.0 and r["measure"].endswith("(2022-23)") and pd.isna(r["previous_value"])


def test_last_year_from_a_sections_own_change_rows():
    # training gives the change itself: 1,044 delegates, +4.5045% on last year -> 999; fill rate 91.8%, +2.1 points -> 89.7%
    training = ind.table([
        ind.count_row("Testshire", "2024-25", "delegates_attended", 1044),
        ind.value_row("Testshire", "2024-25", "delegates_attended_change", 4.504504505, "percent"),
        ind.proportion_row("Testshire", "2024-25", "fill_rate", 918, 1000),
        ind.value_row("Testshire", "2024-25", "fill_rate_change", 2.1, "percentage points"),
    ])
    f = overview.key_facts({"training": training}, "Testshire", "2024-25").set_index("indicator")
    assert round(f.loc["delegates_attended", "previous_value"], 6) == 999.0
    assert round(f.loc["fill_rate", "previous_value"], 6) == 89.7
    assert round(f.loc["fill_rate", "change"], 6) == 2.1


def test_what_changed_opens_a_section_page_with_the_same_choice_of_headlines():
    said = overview.show_what_changed(tables()["cp"], "testshire", "2024-25", "cp", show=False)
    # no published comparators for a made-up area: the biggest changes first, each measure once (repeat plans
    # rose by 8.3 points on 25.0%, a third; referrals by 20.0%)
    assert said[0] == ("Repeat plans (second or subsequent plan) rose from 25.0% in 2023-24 to 33.3% in 2024-25 "
                       "(8.3 percentage points).")
    assert said[1] == "Referrals rose by 20.0% from 1,000 in 2023-24 to 1,200 in 2024-25."
    assert len(said) == 2  # section 47 enquiries are suppressed this year


def test_the_front_door_decision_within_one_working_day_is_a_key_fact():
    table = ind.table([
        ind.proportion_row("Testshire", "2024-25", "contacts_decided_within_1_working_day", 7109, 8482),
        ind.proportion_row("Testshire", "2023-24", "contacts_decided_within_1_working_day", 6964, 8410),
    ])
    row = overview.key_facts({"front_door": table}, "Testshire", "2024-25").set_index("indicator").loc[
        "contacts_decided_within_1_working_day"]
    assert round(row["value"], 1) == 83.8 and round(row["previous_value"], 1) == 82.8  # 7,109 / 8,482; 6,964 / 8,410
    assert round(row["change"], 1) == 1.0 and row["change_unit"] == "points"
