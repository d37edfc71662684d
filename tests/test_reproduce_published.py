"""The library reproduces the figures the seed reports print, from the data it has.

Each test names the seed and section the figure is printed in. The expected value is written in
the test as printed, and checked against ``data/raw/published/published_figures.csv`` (the
transcription of every printed figure), so a test cannot drift from the publication.

* seed 003 (Bexley Safeguarding Children Board, annual report 2016-17): child protection figures
  from the published DfE children in need statistics (``dfe.indicators("Bexley")``);
* seed 000 (Bedford Borough LSCB, annual report 2011-12): percentages, changes, rates and totals
  from the counts and rates it states itself (``rates.pct_change``, ``rates.proportion``,
  ``rates.rate``, ``rates.round_half_up``).
"""

from pathlib import Path

import pandas as pd
import pytest
from lscb_analysis.rates import round_half_up

from lscb_analysis import audit, definitions, dfe, rates

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = ROOT / "data" / "raw" / "published" / "published_figures.csv"


@pytest.fixture(scope="module")
def printed_figures() -> pd.DataFrame:
    return audit.load(PUBLISHED)


def printed(figures: pd.DataFrame, seed: str, area: str, period: str, indicator: str, breakdown: str = "",
            section: str | None = None) -> tuple[float, int]:
    """The figure as printed (value and decimal places) from published_figures.csv."""
    m = (figures["seed"].eq(seed) & figures["area"].eq(area) & figures["period"].eq(period)
         & figures["indicator"].eq(indicator) & figures["breakdown"].eq(breakdown))
    if section is not None:
        m &= figures["section"].eq(section)
    rows = figures[m]
    assert len(rows) == 1, f"{len(rows)} rows for {seed} {area} {period} {indicator} {breakdown}"
    return float(rows["value"].iloc[0]), int(rows["decimals"].iloc[0])


def as_printed(value: float, decimals: int) -> float:
    return float(round_half_up(value, decimals))


@pytest.fixture(scope="module")
def bexley() -> pd.DataFrame:
    return dfe.indicators("Bexley", ["2014-15", "2015-16", "2016-17"])


def dfe_value(table: pd.DataFrame, period: str, indicator: str, unit: str = "percent", breakdown: str = "all"):
    row = table[table["period"].eq(period) & table["indicator"].eq(indicator) & table["unit"].eq(unit)
                & table["breakdown"].eq(breakdown)]
    assert len(row) == 1
    return row.iloc[0]


def check_dfe(printed_figures, bexley, period, indicator, seed_indicator, seed_breakdown, expected):
    value, decimals = printed(printed_figures, "003", "Bexley", period, seed_indicator, seed_breakdown)
    assert value == expected
    assert as_printed(dfe_value(bexley, period, indicator)["value"], decimals) == expected


# --- seed 003, section 3.2 (child protection table) and 5.3 (front door), Bexley 2016-17 -----


def test_seed003_s3_2_bexley_2016_17_s47_to_icpc(printed_figures, bexley):
    # 302 initial conferences from 766 section 47 enquiries
    row = dfe_value(bexley, "2016-17", "section_47_to_icpc")
    assert (row["numerator"], row["denominator"]) == (302, 766)
    check_dfe(printed_figures, bexley, "2016-17", "section_47_to_icpc", "section_47_enquiries", "pct_to_icpc", 39.4)


def test_seed003_s3_2_bexley_2016_17_icpc_within_15_working_days(printed_figures, bexley):
    row = dfe_value(bexley, "2016-17", "icpc_within_15_working_days")
    assert (row["numerator"], row["denominator"]) == (247, 302)
    check_dfe(printed_figures, bexley, "2016-17", "icpc_within_15_working_days", "initial_cp_conferences",
              "pct_within_15_days", 81.8)


def test_seed003_s3_2_bexley_2016_17_icpc_to_plan(printed_figures, bexley):
    row = dfe_value(bexley, "2016-17", "icpc_to_plan")
    assert (row["numerator"], row["denominator"]) == (250, 302)
    check_dfe(printed_figures, bexley, "2016-17", "icpc_to_plan", "initial_cp_conferences", "pct_to_plan", 82.8)


def test_seed003_s3_2_bexley_2016_17_second_or_subsequent_plans(printed_figures, bexley):
    row = dfe_value(bexley, "2016-17", "cp_plans_second_or_subsequent")
    assert (row["numerator"], row["denominator"]) == (38, 250)
    check_dfe(printed_figures, bexley, "2016-17", "cp_plans_second_or_subsequent", "cp_plans_started",
              "pct_second_or_subsequent", 15.2)


def test_seed003_s5_3_bexley_2016_17_referrals_nfa(printed_figures, bexley):
    row = dfe_value(bexley, "2016-17", "referrals_nfa")
    assert (row["numerator"], row["denominator"]) == (148, 3134)
    check_dfe(printed_figures, bexley, "2016-17", "referrals_nfa", "referrals", "pct_nfa", 4.7)


def test_seed003_s5_3_bexley_2016_17_contacts_to_referral(printed_figures, bexley):
    """20.9% of the 14,990 contacts the report gives led to a referral: DfE's 3,134 referrals."""
    contacts, _ = printed(printed_figures, "003", "Bexley", "2016-17", "contacts", "count")
    value, decimals = printed(printed_figures, "003", "Bexley", "2016-17", "contacts", "pct_to_referral")
    referrals = dfe_value(bexley, "2016-17", "referrals", unit="count")["value"]
    assert (contacts, referrals, value) == (14990, 3134, 20.9)
    assert as_printed(rates.proportion(referrals, contacts)["value"].iloc[0], decimals) == 20.9


@pytest.mark.parametrize("category, count, expected", [("sexual_abuse", 9, 5.1), ("multiple", 1, 0.6)])
def test_seed003_s3_2_bexley_2016_17_category_shares_of_plans(printed_figures, bexley, category, count, expected):
    """The category table's shares are of DfE's 176 children on a plan at 31 March 2017."""
    assert printed(printed_figures, "003", "Bexley", "2016-17", "cp_plans_at_31_march",
                   f"category:{category}")[0] == count
    plans = dfe_value(bexley, "2016-17", "cp_plans_at_31_march", unit="count")["value"]
    assert plans == 176
    assert as_printed(rates.proportion(count, plans)["value"].iloc[0], 1) == expected


EARLIER = [
    ("2014-15", "section_47_to_icpc", "section_47_enquiries", "pct_to_icpc", 45.2),
    ("2015-16", "section_47_to_icpc", "section_47_enquiries", "pct_to_icpc", 34.4),
    ("2014-15", "icpc_to_plan", "initial_cp_conferences", "pct_to_plan", 84),
    ("2015-16", "icpc_to_plan", "initial_cp_conferences", "pct_to_plan", 80.8),
    ("2014-15", "icpc_within_15_working_days", "initial_cp_conferences", "pct_within_15_days", 70.7),
    ("2015-16", "icpc_within_15_working_days", "initial_cp_conferences", "pct_within_15_days", 84.2),
    ("2014-15", "cp_plans_second_or_subsequent", "cp_plans_started", "pct_second_or_subsequent", 10.3),
    ("2015-16", "cp_plans_second_or_subsequent", "cp_plans_started", "pct_second_or_subsequent", 11.2),
    ("2014-15", "referrals_nfa", "referrals", "pct_nfa", 4.9),
    ("2015-16", "referrals_nfa", "referrals", "pct_nfa", 4.1),
]


@pytest.mark.parametrize("period, indicator, seed_indicator, seed_breakdown, expected", EARLIER,
                         ids=[f"{p}-{i}" for p, i, *_ in EARLIER])
def test_seed003_s3_2_bexley_earlier_years(printed_figures, bexley, period, indicator, seed_indicator,
                                           seed_breakdown, expected):
    check_dfe(printed_figures, bexley, period, indicator, seed_indicator, seed_breakdown, expected)


@pytest.mark.parametrize("period, expected", [("2014-15", 2856), ("2015-16", 3049)])
def test_seed003_s5_3_bexley_referral_counts(printed_figures, bexley, period, expected):
    assert printed(printed_figures, "003", "Bexley", period, "referrals", "count")[0] == expected
    assert dfe_value(bexley, period, "referrals", unit="count")["value"] == expected


ENGLAND = [("icpc_to_plan", "initial_cp_conferences", "pct_to_plan", 86.7),
           ("icpc_within_15_working_days", "initial_cp_conferences", "pct_within_15_days", 76.7),
           ("cp_plans_second_or_subsequent", "cp_plans_started", "pct_second_or_subsequent", 17.9),
           ("referrals_nfa", "referrals", "pct_nfa", 9.9)]


@pytest.mark.parametrize("indicator, seed_indicator, seed_breakdown, expected", ENGLAND, ids=[e[0] for e in ENGLAND])
def test_seed003_s3_2_england_2015_16_comparators(printed_figures, indicator, seed_indicator, seed_breakdown,
                                                  expected):
    value, decimals = printed(printed_figures, "003", "England", "2015-16", seed_indicator, seed_breakdown)
    assert value == expected
    england = dfe.england("2015-16")
    assert as_printed(dfe_value(england, "2015-16", indicator)["value"], decimals) == expected


def test_seed003_s5_3_bexley_rereferrals_are_a_documented_difference(printed_figures, bexley):
    """Re-referrals do not reproduce: the report's 19.2% (2016-17) and 20.3% (2015-16) against DfE's
    22.9% and 20.8%. The methodology names the difference."""
    for period, seed_value, dfe_figure in (("2016-17", 19.2, 22.9), ("2015-16", 20.3, 20.8)):
        value, decimals = printed(printed_figures, "003", "Bexley", period, "referrals", "pct_rereferral_12m")
        assert value == seed_value
        assert as_printed(dfe_value(bexley, period, "rereferrals_within_12_months")["value"], decimals) == dfe_figure
    note = definitions.lookup("rereferrals_within_12_months").differences
    assert "19.2%" in note and "22.9%" in note


def test_seed003_s3_2_england_2015_16_s47_to_icpc_differs_by_national_rounding(printed_figures):
    """DfE rounds national counts to 10, so 73,050 of 172,510 gives 42.3%, where the report prints
    DfE's 42.4% from the unrounded counts (a known difference in the methodology)."""
    value, _ = printed(printed_figures, "003", "England", "2015-16", "section_47_enquiries", "pct_to_icpc")
    row = dfe_value(dfe.england("2015-16"), "2015-16", "section_47_to_icpc")
    assert (row["numerator"], row["denominator"]) == (73050, 172510)
    assert (as_printed(row["value"], 1), value) == (42.3, 42.4)
    assert "42.3%" in definitions.render_markdown() and "42.4%" in definitions.render_markdown()


# --- seed 000, section 4.2.2 table 2: this year against last, % change ---------------------

TABLE_2 = [  # area, indicator, 2010-11, 2011-12 (from table 1), printed change
    ("Bedford Borough", "contacts", 1533, 1836, 19.8),
    ("Bedford Borough", "referrals", 348, 312.9, -10.1),
    ("Bedford Borough", "section_47_enquiries", 112.5, 80.1, -28.8),
    ("Bedford Borough", "initial_assessments", 313.9, 259.3, -17.4),
    ("Bedford Borough", "core_assessments", 141.8, 141, -0.6),
    ("Bedford Borough", "initial_cp_conferences", 64.8, 48.3, -25.5),
    ("Bedford Borough", "cp_plans_at_31_march", 46.9, 42.4, -9.6),
    ("Bedford Borough", "looked_after_children", 46.3, 60.7, 31.1),
    ("Eastern region", "referrals", 465.5, 504.5, 8.4),
    ("Eastern region", "core_assessments", 160.6, 190.9, 18.9),
    ("Eastern region", "initial_cp_conferences", 44.5, 48.5, 9.0),
]


@pytest.mark.parametrize("area, indicator, old, new, change", TABLE_2, ids=[f"{a}-{i}" for a, i, *_ in TABLE_2])
def test_seed000_s4_2_2_table2_pct_change(printed_figures, area, indicator, old, new, change):
    assert printed(printed_figures, "000", area, "2010-11", indicator)[0] == old
    new_printed = [s for s in ("4.2.2 table 1", "4.2.2 table 2")
                   if ((printed_figures["section"].eq(s)) & printed_figures["area"].eq(area)
                       & printed_figures["period"].eq("2011-12") & printed_figures["indicator"].eq(indicator)
                       & printed_figures["breakdown"].eq("")).any()]
    assert printed(printed_figures, "000", area, "2011-12", indicator, section=new_printed[0])[0] == new
    value, decimals = printed(printed_figures, "000", area, "2011-12", indicator, "pct_change")
    assert value == change
    assert as_printed(rates.pct_change(new, old), decimals) == change


def test_seed000_s4_2_2_table2_eastern_region_plan_change_does_not_reproduce(printed_figures):
    """38.2 to 39.1 is a 2.4% rise; the table prints 2.5% (the audit reports it)."""
    assert printed(printed_figures, "000", "Eastern region", "2011-12", "cp_plans_at_31_march", "pct_change")[0] == 2.5
    assert as_printed(rates.pct_change(39.1, 38.2), 1) == 2.4


def test_seed000_s4_2_2_table2_eastern_region_lac_change_is_cut_off(printed_figures):
    """55.4 to 60.2 is 8.66%: 8.7% rounded, 8.6% as printed when cut off at one place."""
    assert printed(printed_figures, "000", "Eastern region", "2011-12", "looked_after_children", "pct_change")[0] == 8.6
    change = rates.pct_change(60.2, 55.4)
    assert as_printed(change, 1) == 8.7
    assert int(change * 10) / 10 == 8.6


def test_seed000_s4_2_3_plan_count_change_is_cut_off(printed_figures):
    """165 to 151 children is -8.48%: -8.5% rounded, the 'reduction of 8.4%' printed when cut off."""
    value, _ = printed(printed_figures, "000", "Bedford Borough", "2011-12", "cp_plans_at_31_march",
                       "count_pct_change")
    assert value == -8.4
    change = rates.pct_change(151, 165)
    assert as_printed(change, 1) == -8.5
    assert int(change * 10) / 10 == -8.4


# --- seed 000, section 4.2.2 table 3: each stage as a percentage of referrals ---------------

TABLE_3_AREAS = [("Bedford Borough", "2011-12"), ("Bedford Borough", "2010-11"), ("England", "2010-11"),
                 ("Statistical neighbours", "2010-11")]
TABLE_3_STAGES = ["initial_assessments", "core_assessments", "section_47_enquiries", "initial_cp_conferences",
                  "cp_plans_at_31_march", "looked_after_children"]
TABLE_3 = [(a, p, s) for a, p in TABLE_3_AREAS for s in TABLE_3_STAGES]


@pytest.mark.parametrize("area, period, stage", TABLE_3, ids=[f"{a}-{p}-{s}" for a, p, s in TABLE_3])
def test_seed000_s4_2_2_table3_pct_of_referrals(printed_figures, area, period, stage):
    """Each stage's rate as a percentage of the referral rate, as table 3 computes it."""
    pct, decimals = printed(printed_figures, "000", area, period, stage, "pct_of_referrals")
    rate = printed(printed_figures, "000", area, period, stage, section=(
        "4.2.2 table 1" if period == "2011-12" or area != "Bedford Borough" else "4.2.2 table 2"))[0]
    referrals = printed(printed_figures, "000", area, period, "referrals", section=(
        "4.2.2 table 1" if period == "2011-12" or area != "Bedford Borough" else "4.2.2 table 2"))[0]
    assert as_printed(rates.proportion(rate, referrals)["value"].iloc[0], decimals) == pct


# --- seed 000: rates, shares and totals from its own counts --------------------------------


def test_seed000_s4_2_3_plan_rate_from_count_and_population(printed_figures):
    """151 children on a plan among about 35,600 children is 42.4 per 10,000 (table 1 and 4.2.3)."""
    count = printed(printed_figures, "000", "Bedford Borough", "2011-12", "cp_plans_at_31_march", "count")[0]
    population = printed(printed_figures, "000", "Bedford Borough", "2011-12", "population_under_18")[0]
    rate, decimals = printed(printed_figures, "000", "Bedford Borough", "2011-12", "cp_plans_at_31_march",
                             section="4.2.2 table 1")
    assert (count, population, rate) == (151, 35600, 42.4)
    assert as_printed(rates.rate(count, population)["value"].iloc[0], decimals) == 42.4


def test_seed000_s4_5_7_sexual_abuse_share_of_plans():
    # "4 out of 151 children (2.6% of total plans)"
    assert as_printed(rates.proportion(4, 151)["value"].iloc[0], 1) == 2.6


def test_seed000_s4_6_11_elearning_completion_rate(printed_figures):
    done = printed(printed_figures, "000", "Bedford Borough", "2011-12", "elearning_completed", "count")[0]
    going = printed(printed_figures, "000", "Bedford Borough", "2011-12", "elearning_in_progress", "count")[0]
    value, decimals = printed(printed_figures, "000", "Bedford Borough", "2011-12", "elearning_completion_rate")
    assert (done, going, value) == (1177, 88, 93)
    assert as_printed(rates.proportion(done, done + going)["value"].iloc[0], decimals) == 93


FUNDING = [("Bedford Borough Council", 51927.77, 25.09), ("Central Bedfordshire Council", 51927.77, 25.09),
           ("Police", 25146.37, 12.15), ("NHS Bedfordshire", 69437.10, 33.55), ("Probation", 7906.10, 3.82),
           ("CAFCASS", 620.89, 0.30)]


@pytest.mark.parametrize("agency, amount, share", FUNDING, ids=[f[0] for f in FUNDING])
def test_seed000_s4_6_20_funding_shares(printed_figures, agency, amount, share):
    parts = printed_figures[printed_figures["seed"].eq("000") & printed_figures["indicator"].eq("board_funding")]
    assert printed(printed_figures, "000", "Bedford Borough", "2012-13", "board_funding", f"agency:{agency}")[0] == amount
    total = parts["value"].sum()
    assert total == pytest.approx(206966.00)
    assert as_printed(rates.proportion(amount, total)["value"].iloc[0], 2) == share


def test_seed000_s2_4_looked_after_children_by_age_and_rise(printed_figures):
    ages = [printed(printed_figures, "000", "Bedford Borough", "2011-12", "looked_after_children", f"age:{a}")[0]
            for a in ("0-4", "school_age", "16+")]
    total = printed(printed_figures, "000", "Bedford Borough", "2011-12", "looked_after_children", "count")[0]
    assert sum(ages) == total == 196
    # "up 45% from 135"
    assert as_printed(rates.pct_change(196, 135), 0) == 45


def test_seed000_s4_7_5_panel_deaths_by_area(printed_figures):
    panel = printed(printed_figures, "000", "Bedfordshire and Luton", "2011-12", "child_deaths", "count")[0]
    areas = [printed(printed_figures, "000", a, "2011-12", "child_deaths", "count", section="4.7.5")[0]
             for a in ("Bedford Borough", "Central Bedfordshire", "Luton")]
    assert areas == [19, 17, 22] and sum(areas) == panel == 58


@pytest.mark.parametrize("indicator", ["asset_vulnerability", "asset_risk_of_harm"])
def test_seed000_s5_10_15_asset_levels_add_to_start_assessments(printed_figures, indicator):
    levels = [printed(printed_figures, "000", "Bedford Borough", "2011-12", indicator, f"level:{lv}")[0]
              for lv in ("very_high", "high", "medium", "low")]
    starts = printed(printed_figures, "000", "Bedford Borough", "2011-12", "asset_start_assessments", "count")[0]
    assert sum(levels) == starts == 235


def test_seed000_s2_1_children_share_of_population(printed_figures):
    children = printed(printed_figures, "000", "Bedford Borough", "2011-12", "population_under_18")[0]
    everyone = printed(printed_figures, "000", "Bedford Borough", "2010", "population_all_ages")[0]
    # "22.1% of the local population"
    assert as_printed(rates.proportion(children, everyone)["value"].iloc[0], 1) == 22.1
