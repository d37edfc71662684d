"""The audit of published figures: it finds the disagreements the seed reports contain, and no others."""

from pathlib import Path

import pandas as pd
import pytest

from lscb_analysis import audit
from lscb_analysis.inputs import clean

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = ROOT / "data" / "raw" / "published" / "published_figures.csv"


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return audit.load(PUBLISHED)


@pytest.fixture(scope="module")
def all_checks(figures) -> pd.DataFrame:
    return audit.checks(figures)


@pytest.fixture(scope="module")
def findings(figures) -> pd.DataFrame:
    return audit.check(figures)


def _key(f: pd.DataFrame) -> set[tuple]:
    return set(zip(f["check"], f["seed"], f["area"], f["period"], f["indicator"]))


# --- the seed figures -----------------------------------------------------------------------

EXPECTED = {
    # seed 000: England's plan rate is 38.3 in table 1 and 38.7 in the text of 4.2.3
    ("conflict", "000", "England", "2010-11", "cp_plans_at_31_march"),
    # seed 000: the text of 4.2.2 gives 38.7 for Bedford's 151 children; table 1 and 4.2.3 give 42.4
    ("conflict", "000", "Bedford Borough", "2011-12", "cp_plans_at_31_march"),
    # seed 000: the regional change is printed 2.5%; 38.2 to 39.1 is 2.4%
    ("change", "000", "Eastern region", "2011-12", "cp_plans_at_31_march"),
    # seed 002: the funding parts add to 181,299, the stated total is 181,298
    ("parts", "002", "Central Bedfordshire", "2019-20", "board_funding"),
    # seed 003: 16 deaths, split 4 girls and 11 boys
    ("parts", "003", "Bexley", "2016-17", "child_deaths"),
    # seed 003: LADO referrals up 31%, stated as 55 more: 55 on 123 is 44.7%
    ("change", "003", "Bexley", "2016-17", "lado_referrals"),
}


def test_finds_exactly_the_disagreements_in_the_seed_reports(findings):
    assert _key(findings) == EXPECTED
    assert len(findings) == len(EXPECTED)


def test_national_plan_rate_38_3_against_38_7(findings):
    f = findings[findings["area"].eq("England")].iloc[0]
    assert f["stated"] == "38.3 / 38.7"
    assert "4.2.2 table 1 (38.3)" in f["detail"] and "4.2.3 text (38.7)" in f["detail"]


def test_bedford_plan_rate_conflict_says_which_printing_the_count_supports(findings):
    f = findings[findings["area"].eq("Bedford Borough")].iloc[0]
    # 151 children of about 35,600 is 42.4 per 10,000
    assert "151" in f["detail"] and "42.4 per 10,000" in f["detail"]


def test_regional_change_2_5_is_2_4(findings):
    f = findings[findings["area"].eq("Eastern region")].iloc[0]
    assert f["stated"] == "2.5"
    assert f["expected"] == pytest.approx((39.1 - 38.2) / 38.2 * 100)  # 2.356
    assert f["difference"] == pytest.approx(2.5 - 2.356, abs=1e-3)


def test_funding_parts_add_to_181299(findings):
    f = findings[findings["seed"].eq("002")].iloc[0]
    assert f["stated"] == "181298"
    assert f["expected"] == 82037 + 54830 + 19992 + 840 + 840 + 550 + 22210 == 181299
    assert f["difference"] == -1


def test_sixteen_deaths_split_four_and_eleven(findings):
    f = findings[findings["indicator"].eq("child_deaths")].iloc[0]
    assert (f["stated"], f["expected"], f["difference"]) == ("16", 15.0, 1.0)


def test_lado_rise_of_31_percent_is_44_7(findings):
    f = findings[findings["indicator"].eq("lado_referrals")].iloc[0]
    assert f["stated"] == "31"
    assert f["expected"] == pytest.approx(55 / (178 - 55) * 100)  # 44.72
    assert "from 123" in f["detail"]


def test_every_other_comparison_agrees(all_checks):
    others = all_checks[~all_checks["status"].eq("disagrees")]
    assert set(others["status"]) <= {"agrees", "not comparable"}
    # only the looked-after count "at the time of the inspection" is not compared with the year-end rate
    nc = all_checks[all_checks["status"].eq("not comparable")]
    assert list(nc["indicator"]) == ["looked_after_children"]
    assert (all_checks["status"].eq("agrees")).sum() >= 60


def test_every_stated_change_in_seed_000_table_2_is_checked(all_checks):
    changes = all_checks[all_checks["check"].eq("change") & all_checks["section"].eq("4.2.2 table 2")]
    assert len(changes) == 13  # 8 Bedford Borough and 5 Eastern region changes
    assert changes["status"].eq("disagrees").sum() == 1


def test_truncated_changes_are_consistent(all_checks):
    """8.6 (55.4 to 60.2 is 8.66) and -8.4 (165 to 151 is -8.48) are the exact changes cut off at one
    decimal place, not mistakes."""
    c = all_checks[all_checks["check"].eq("change")]
    lac = c[c["area"].eq("Eastern region") & c["indicator"].eq("looked_after_children")].iloc[0]
    assert lac["status"] == "agrees" and lac["expected"] == pytest.approx(8.664, abs=1e-3)
    count = c[c["breakdown"].eq("count_pct_change")].iloc[0]
    assert count["status"] == "agrees" and count["expected"] == pytest.approx(-8.485, abs=1e-3)


def test_percentages_of_referrals_in_seed_000_table_3_all_agree(all_checks):
    pct = all_checks[all_checks["check"].eq("percent") & all_checks["breakdown"].eq("pct_of_referrals")]
    assert len(pct) == 24
    assert pct["status"].eq("agrees").all()


def test_note_percentages_are_checked(all_checks):
    notes = all_checks[all_checks["detail"].str.contains("noted as")]
    # six funding shares, 2.6% of 151, 23% of 242142, 24 out of 169, 43% and 57%, 47% and 23%, up 45%
    assert len(notes) == 14
    assert notes["status"].eq("agrees").all()


# --- agreement within rounding --------------------------------------------------------------


@pytest.mark.parametrize("stated, decimals, value, expected", [
    (2.4, 1, 2.356, True),     # rounded
    (2.5, 1, 2.356, False),    # neither rounded nor cut off
    (2.3, 1, 2.356, True),     # cut off
    (8.6, 1, 8.664, True),     # cut off
    (8.7, 1, 8.664, True),     # rounded
    (-8.4, 1, -8.485, True),   # cut off towards zero
    (-8.5, 1, -8.485, True),   # rounded
    (-8.6, 1, -8.485, False),
    (2.35, 2, 2.345, True),    # half up
    (31, 0, 44.72, False),
    (45, 0, 45.19, True),
    (0.3, 2, 0.29999, True),
])
def test_agrees(stated, decimals, value, expected):
    assert audit.agrees(stated, decimals, value) is expected


def test_agrees_over_an_interval():
    # a rate of 151 children of "about 35,600" (35,550 to 35,650) is 42.36 to 42.48
    assert audit.agrees(42.4, 1, 151 / 35650 * 10_000, 151 / 35550 * 10_000)
    assert not audit.agrees(38.7, 1, 151 / 35650 * 10_000, 151 / 35550 * 10_000)


# --- made-up documents: each rule catches its fault and nothing else ------------------------


def _frame(rows: list[tuple]) -> pd.DataFrame:
    cols = ["seed", "section", "area", "period", "indicator", "breakdown", "value", "unit", "note"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows])


def test_corrected_seed_figures_give_no_findings(figures):
    fixed = figures.copy()
    fixes = {
        ("Eastern region", "2011-12", "cp_plans_at_31_march", "pct_change"): "2.4",
        ("Central Bedfordshire", "2019-20", "board_funding", "total"): "181299",
        ("Bexley", "2016-17", "child_deaths", "count"): "15",
        ("Bexley", "2016-17", "lado_referrals", "pct_change"): "44.7",
    }
    for (area, period, indicator, breakdown), value in fixes.items():
        m = (fixed["area"].eq(area) & fixed["period"].eq(period) & fixed["indicator"].eq(indicator)
             & fixed["breakdown"].eq(breakdown))
        assert m.sum() == 1
        fixed.loc[m, ["value", "printed", "decimals"]] = [float(value), value, len(value.partition(".")[2])]
    fixed = fixed[~(fixed["section"].isin(["4.2.2 text", "4.2.3 text"]))]
    assert audit.check(fixed).empty


def test_rate_against_count_and_population():
    rows = [("x", "t1", "A", "2020-21", "referrals", "", "250.0", "per 10000 under 18", ""),
            ("x", "t1", "A", "2020-21", "referrals", "count", "500", "referrals", ""),
            ("x", "t1", "A", "2020-21", "population_under_18", "", "20000", "children", "")]
    assert audit.check(_frame(rows)).empty
    rows[0] = ("x", "t1", "A", "2020-21", "referrals", "", "251.0", "per 10000 under 18", "")
    f = audit.check(_frame(rows))
    assert list(f["check"]) == ["rate"] and f.loc[0, "expected"] == pytest.approx(250.0)
    # "about 20,000" may be anywhere from 15,000 to 25,000: 251 is then possible
    rows[2] = ("x", "t1", "A", "2020-21", "population_under_18", "", "20000", "children", "approximate")
    assert audit.check(_frame(rows)).empty


def test_count_for_another_date_is_not_compared_with_the_rate():
    rows = [("x", "t1", "A", "2020-21", "looked_after_children", "", "60.0", "per 10000 under 18", ""),
            ("x", "t1", "A", "2020-21", "looked_after_children", "count", "10", "children",
             "at the time of the inspection"),
            ("x", "t1", "A", "2020-21", "population_under_18", "", "20000", "children", "")]
    c = audit.checks(_frame(rows))
    assert list(c["status"]) == ["not comparable"]


def test_change_from_two_values_and_from_a_stated_difference():
    rows = [("x", "t", "A", "2019-20", "referrals", "count", "200", "referrals", ""),
            ("x", "t", "A", "2020-21", "referrals", "count", "250", "referrals", ""),
            ("x", "t", "A", "2020-21", "referrals", "pct_change", "25", "percent", ""),
            ("x", "t", "A", "2020-21", "referrals", "change", "50", "referrals", "")]
    c = audit.checks(_frame(rows))
    assert set(c["status"]) == {"agrees"} and len(c) == 2
    rows[3] = ("x", "t", "A", "2020-21", "referrals", "change", "40", "referrals", "")
    f = audit.check(_frame(rows))
    assert list(f["check"]) == ["change"] and f.loc[0, "expected"] == 50


def test_parts_against_totals():
    rows = [("x", "t", "A", "2020-21", "deaths", "count", "10", "deaths", ""),
            ("x", "t", "A", "2020-21", "deaths", "sex:female", "4", "deaths", ""),
            ("x", "t", "A", "2020-21", "deaths", "sex:male", "6", "deaths", ""),
            ("x", "t", "A", "2020-21", "deaths", "age:0-27 days", "3", "deaths", "")]
    assert audit.check(_frame(rows)).empty  # an incomplete age split may add to less than the total
    rows[3] = ("x", "t", "A", "2020-21", "deaths", "age:0-27 days", "11", "deaths", "")
    f = audit.check(_frame(rows))
    assert list(f["check"]) == ["parts"] and f.loc[0, "expected"] == 11  # a part cannot exceed the whole


def test_overlapping_parts_may_add_to_more_than_the_total():
    rows = [("x", "t", "A", "2020-21", "assessment_factors", "count", "100", "assessments", ""),
            ("x", "t", "A", "2020-21", "assessment_factors", "factor:neglect", "70", "assessments", ""),
            ("x", "t", "A", "2020-21", "assessment_factors", "factor:mental_health", "60", "assessments", "")]
    assert audit.check(_frame(rows)).empty
    rows[2] = ("x", "t", "A", "2020-21", "assessment_factors", "factor:mental_health", "101", "assessments", "")
    assert len(audit.check(_frame(rows))) == 1


def test_shares_of_100():
    cats = ["neglect", "physical_abuse", "sexual_abuse", "emotional_abuse", "multiple"]
    rows = [("x", "t", "England", "2020-21", "cp_plans", f"pct_category:{c}", v, "percent", "")
            for c, v in zip(cats, ["43.8", "8.7", "4.6", "37.8", "5.2"])]  # 100.1: within 5 x 0.05
    assert audit.check(_frame(rows)).empty
    rows[4] = ("x", "t", "England", "2020-21", "cp_plans", "pct_category:multiple", "4.0", "percent", "")
    assert list(audit.check(_frame(rows))["check"]) == ["shares"]  # 98.9: categories cover every plan
    sexes = [("x", "t", "England", "2020-21", "deaths", "pct_sex:female", "43", "percent", ""),
             ("x", "t", "England", "2020-21", "deaths", "pct_sex:male", "55", "percent", "")]
    assert audit.check(_frame(sexes)).empty  # 98: deaths of unknown sex are not printed
    sexes[1] = ("x", "t", "England", "2020-21", "deaths", "pct_sex:male", "59", "percent", "")
    assert list(audit.check(_frame(sexes))["check"]) == ["shares"]  # 102: more than everyone


def test_figures_printed_twice():
    rows = [("x", "table", "A", "2020-21", "referrals", "", "42.4", "per 10000 under 18", ""),
            ("x", "text", "A", "2020-21", "referrals", "", "42", "per 10000 under 18", "")]
    assert audit.check(_frame(rows)).empty  # the same figure to fewer places
    rows[1] = ("x", "text", "A", "2020-21", "referrals", "", "43", "per 10000 under 18", "")
    assert list(audit.check(_frame(rows))["check"]) == ["conflict"]


# --- loading and the command ----------------------------------------------------------------


def test_load_keeps_the_printed_precision(figures):
    nine = figures[figures["area"].eq("Eastern region") & figures["breakdown"].eq("pct_change")
                   & figures["indicator"].eq("initial_cp_conferences")].iloc[0]
    assert (nine["printed"], nine["decimals"], nine["value"]) == ("9.0", 1, 9.0)
    assert figures["row"].min() == 2 and len(figures) == 290
    summary = figures.attrs["rejections"].summary()
    assert summary["reconciles"].all() and summary.loc[0, "rows_used"] == 290


def test_load_logs_rows_without_a_number(tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text("seed,section,area,period,indicator,breakdown,value,unit,note\n"
                    "000,1,A,2020-21,referrals,count,\"1,234\",referrals,\n"
                    "000,1,A,2020-21,referrals,pct_change,n/a,percent,\n", encoding="utf-8")
    df = audit.load(path)
    assert list(df["value"]) == [1234.0]
    rej = df.attrs["rejections"]
    assert rej.to_frame()[["row", "column", "reason"]].values.tolist() == [[3, "value", "not a number"]]
    assert rej.summary().loc[0, ["rows_read", "rows_used", "rows_rejected"]].tolist() == [2, 1, 1]


def test_load_names_a_missing_column(tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text("seed,section,area,period,indicator,value,unit,note\n000,1,A,2020-21,x,1,count,\n")
    with pytest.raises(clean.InputError, match="figures.csv.*'breakdown'"):
        audit.load(path)


def test_command_prints_the_findings(capsys):
    assert audit.main([str(PUBLISHED)]) == 0
    out = capsys.readouterr().out
    assert "6 disagree" in out
    for text in ("38.3", "2.5%", "181,299", "add to 15", "44.7%"):
        assert text in out
    assert audit.main([str(PUBLISHED), "--fail-on-findings"]) == 1


def test_command_exit_status_for_an_unreadable_file(tmp_path, capsys):
    assert audit.main([str(tmp_path / "missing.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err
