"""Key facts for 00_overview.ipynb (lscb_analysis.overview) from hand-made indicator tables."""

import pandas as pd

from lscb_analysis import indicators as ind
from lscb_analysis.report import overview


def tables():
    cp = ind.table([
        ind.count_row("Testshire", "2024-25", "referrals", 1200, source="local extract"),
        ind.count_row("Testshire", "2023-24", "referrals", 1000, source="local extract"),
        ind.rate_row("Testshire", "2024-25", "referrals", 1200, 40000, source="local extract"),
        ind.count_row("England", "2024-25", "referrals", 600000, source="DfE"),
        ind.count_row("Testshire", "2024-25", "section_47_enquiries", 4, source="local extract"),
        ind.count_row("Testshire", "2023-24", "section_47_enquiries", 30, source="local extract"),
        ind.proportion_row("Testshire", "2024-25", "rereferrals_within_12_months", 240, 1200),
        ind.proportion_row("Testshire", "2023-24", "rereferrals_within_12_months", 200, 1000),
        ind.count_row("Testshire", "2024-25", "referrals_by_source", 50, breakdown="source:police"),
    ])
    return {"cp": cp}


def test_key_facts_this_year_last_year_change_and_england():
    f = overview.key_facts(tables(), "Testshire", "2024-25").set_index(["indicator", "unit"])
    r = f.loc[("referrals", "count")]
    assert (r["value"], r["previous_value"], r["england_value"]) == (1200, 1000, 600000)
    assert round(r["change_percent"], 6) == 20.0  # (1,200 - 1,000) / 1,000
    assert f.loc[("referrals", "per 10,000 aged 0-17"), "value"] == 300.0  # 1,200 / 40,000 x 10,000
    assert pd.isna(f.loc[("rereferrals_within_12_months", "percent"), "change_percent"])  # no % change of a %
    assert "referrals_by_source" not in f.index.get_level_values(0)  # breakdowns are not key facts
    assert list(f.index.get_level_values(0)[:2]) == ["referrals", "referrals"]  # board order, count first


def test_small_counts_are_suppressed_before_display():
    f = overview.key_facts(tables(), "Testshire", "2024-25").set_index("indicator")
    s47 = f.loc["section_47_enquiries"]
    assert pd.isna(s47["value"]) and s47["symbol"] == "c" and s47["previous_value"] == 30
    view = overview.facts_view(f.reset_index(), "2024-25").set_index("Measure")
    assert view.loc["Section 47 enquiries", "2024-25"] == "c"
    assert view.loc["Section 47 enquiries", "Change"] == ""
    unsuppressed = overview.key_facts(tables(), "Testshire", "2024-25", suppress=False).set_index("indicator")
    assert unsuppressed.loc["section_47_enquiries", "value"] == 4


def test_view_rounds_half_up_and_formats_changes():
    view = overview.facts_view(overview.key_facts(tables(), "Testshire", "2024-25"), "2024-25")
    first = view.iloc[0]
    assert (first["2024-25"], first["2023-24"], first["Change"], first["England"]) == ("1,200", "1,000", "+20.0%", "600,000")
    rr = view[view["Measure"] == "Re-referrals within 12 months"].iloc[0]
    assert (rr["2024-25"], rr["2023-24"]) == ("20.0", "20.0")  # 240 / 1,200 and 200 / 1,000


def test_headlines_and_sections_without_data():
    facts = overview.key_facts(tables(), "Testshire", "2024-25")
    said = overview.headlines(facts, "2024-25")
    assert said[0] == "Child protection: Referrals rose by 20.0% from 1,000 in 2023-24 to 1,200 in 2024-25."
    assert not any("Section 47" in s for s in said)  # a suppressed figure is never described
    missing = overview.missing_sections(tables(), facts, "Testshire", "2024-25")
    assert [m.split(":")[0] for m in missing] == ["Child deaths", "Youth justice", "Multi-agency training"]


def test_load_tables_reads_what_sections_wrote(tmp_path):
    from lscb_analysis import report

    report.write_indicators(tables()["cp"], tmp_path, "testshire", "2024-25", "cp")
    (tmp_path / "testshire" / "2024-25" / "rejections_cp.csv").write_text("file,row\n")
    loaded = overview.load_tables(tmp_path, "testshire", "2024-25")
    assert list(loaded) == ["cp"] and len(loaded["cp"]) == 9
    summary = overview.files_summary(loaded, "Testshire", "2024-25").set_index("Indicator table")
    assert summary.loc["cp.csv", "Rows for this area and year"] == 5  # 9 rows less England and 2023-24 (3)
    assert summary.loc["cdop.csv", "Status"] == "not found"


def test_a_measure_reported_for_an_earlier_cohort_is_shown_for_it():
    # re-offending is reported for the latest cohort whose waiting period has ended (2022-23 for a
    # 2024-25 report): the key facts show that cohort, named in the measure, with no year-on-year change
    yos = ind.table([
        ind.count_row("Testshire", "2024-25", "first_time_entrants", 40),
        ind.proportion_row("Testshire", "2021-22", "reoffending_binary_rate", 30, 100),
        ind.proportion_row("Testshire", "2022-23", "reoffending_binary_rate", 33, 100),
    ])
    f = overview.key_facts({"yos": yos}, "Testshire", "2024-25").set_index("indicator")
    r = f.loc["reoffending_binary_rate"]
    assert r["value"] == 33.0 and r["measure"].endswith("(2022-23)")
    assert pd.isna(r["previous_value"])
    assert f.loc["first_time_entrants", "value"] == 40
