"""The library's child protection indicators against the independent DuckDB SQL implementation
(``benchmarks/duckdb_cp.py``): a correctness test, not a timing test.

1. A hand-made area whose figures for 2024-25 can be checked on paper (boundaries: a re-referral on
   the same date a year later, day 45 and day 46 of an assessment, day 15 and 16 to a conference, a
   plan ending on 31 March, an unborn child, a review one day late): both implementations must give
   the hand-worked counts.
2. A small synthetic area (a few hundred referrals, with the generator's injected faults), read both
   as CIN census XML and as flat files: both implementations must give identical numerators and
   denominators for every child protection indicator, year and breakdown.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("duckdb")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import duckdb_cp  # noqa: E402

from lscb_analysis import cp  # noqa: E402

CIN_INDICATORS = {f.__name__ for f in cp.INDICATOR_FUNCTIONS} - {"contacts", "looked_after_children_at_31_march"}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.strip() + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("bench") / "tiny"
    _write(d / "cin" / "children.csv", """
LAchildID,PersonBirthDate,ExpectedPersonBirthDate,Sex,Ethnicity,PersonDeathDate
C1,2010-06-15,,F,WBRI,
C2,2015-01-20,,M,WBRI,
C3,,2025-06-01,U,,
C4,2012-09-09,,M,BAFR,
""")
    # C1: re-referred exactly 12 months after the last referral; C2: 12 months and 2 days (not a re-referral);
    # C4: 1 April (first day of the year), no further action
    _write(d / "cin" / "referrals.csv", """
LAchildID,CINreferralDate,ReferralSource,PrimaryNeedCode,CINclosureDate,ReasonForClosure,ReferralNFA
C1,2023-06-19,6,N1,2023-08-01,RC8,false
C1,2024-06-19,2A,N1,,,false
C2,2023-06-15,6,N1,2023-07-01,RC8,false
C2,2024-06-17,3E,N1,,,false
C3,2024-05-01,5D,N2,,,false
C4,2024-04-01,6,N9,2024-04-01,RC8,true
C4,2025-04-01,6,N9,,,false
""")
    # C1: authorised on working day 45 after the referral (in time); C2: on day 46 (late)
    _write(d / "cin" / "assessments.csv", """
LAchildID,CINreferralDate,AssessmentActualStartDate,AssessmentAuthorisationDate,AssessmentFactors
C1,2024-06-19,2024-06-20,2024-08-21,3B;4B
C2,2024-06-17,2024-06-18,2024-08-20,3B
""")
    # conferences on working day 15 (C1, in time) and 16 (C2, late); C3's enquiry led to no conference
    _write(d / "cin" / "section47.csv", """
LAchildID,CINreferralDate,S47ActualStartDate,InitialCPCtarget,DateOfInitialCPC,ICPCnotRequired
C1,2024-06-19,2024-07-01,2024-07-22,2024-07-22,false
C2,2024-06-17,2024-07-01,2024-07-22,2024-07-23,false
C3,2024-05-01,2024-05-02,2024-05-23,,true
""")
    # C1: from its conference, open; C2: not on its conference day, a repeat plan, ended on 31 March;
    # C3: unborn, started a month before 31 March, only an initial category
    _write(d / "cin" / "cp_plans.csv", """
LAchildID,CINreferralDate,CPPstartDate,CPPendDate,InitialCategoryOfAbuse,LatestCategoryOfAbuse,NumberOfPreviousCPP
C1,2024-06-19,2024-07-22,,NEG,NEG,0
C2,2024-06-17,2024-07-24,2025-03-31,PHY,PHY,1
C3,2024-05-01,2025-03-01,,EMO,,0
""")
    # C1's first review within 3 months; C2's one day after its 3 months were up
    _write(d / "cin" / "cp_reviews.csv", """
LAchildID,CPPstartDate,CPPreviewDate
C1,2024-07-22,2024-10-21
C2,2024-07-24,2024-10-25
""")
    rows = ["area,mid_year,age,sex,population"]
    rows += [f"Tiny,{y},{a},{s},500" for y in (2023, 2024) for a in range(18) for s in "FM"]
    _write(d / "population.csv", "\n".join(rows))
    return d


# (indicator, breakdown, unit) -> (numerator, denominator) for 2024-25, worked out by hand from the files above
HAND = {
    ("referrals", "all", "count"): (4, None),
    ("referrals", "all", "per 10,000 aged 0-17"): (4, 18_000),
    ("rereferrals_within_12_months", "all", "percent"): (1, 4),
    ("referrals_nfa", "all", "percent"): (1, 4),
    ("referrals_by_source", "source:police", "count"): (1, None),
    ("referrals_by_source", "source:health services", "percent"): (1, 4),
    ("assessments_completed", "all", "count"): (2, None),
    ("assessments_within_45_working_days", "all", "percent"): (1, 2),
    ("assessment_factors", "factor:domestic_abuse_parent", "percent"): (2, 2),
    ("assessment_factors", "factor:mental_health_parent", "percent"): (1, 2),
    ("section_47_enquiries", "all", "count"): (3, None),
    ("section_47_to_icpc", "all", "percent"): (2, 3),  # DfE: 2 conferences in the year / 3 enquiries started
    ("section_47_followed_to_icpc", "all", "percent"): (2, 3),  # C1's and C2's enquiries led to conferences
    ("initial_cp_conferences", "all", "count"): (2, None),
    ("icpc_within_15_working_days", "all", "percent"): (1, 2),
    ("icpc_to_plan", "all", "percent"): (3, 2),  # DfE: 3 plans started / 2 conferences (150%: C3 had none)
    ("icpc_followed_to_plan", "all", "percent"): (1, 2),  # only C1's plan started on its conference day
    ("cp_plans_started", "all", "count"): (3, None),
    ("cp_plans_second_or_subsequent", "all", "percent"): (1, 3),
    ("cp_plans_at_31_march", "all", "count"): (2, None),
    ("cp_plans_by_category", "category:neglect", "count"): (1, None),
    ("cp_plans_by_category", "category:emotional_abuse", "percent"): (1, 2),
    ("cp_plans_by_category", "category:physical_abuse", "count"): (0, None),
    ("cp_plans_by_age", "age:unborn", "count"): (1, None),
    ("cp_plans_by_age", "age:10 to 15", "percent"): (1, 2),
    ("cp_plans_by_duration", "duration:3 months or less", "count"): (1, None),
    ("cp_plans_by_duration", "duration:more than 6 months to less than 1 year", "percent"): (1, 2),
    ("cp_plans_ended_2_years_or_more", "all", "percent"): (0, 1),
    ("cp_reviews_in_timescale", "all", "percent"): (1, 2),
    ("children_in_need_at_31_march", "all", "count"): (3, None),
}


def _figures(table: pd.DataFrame, period: str = "2024-25") -> dict:
    t = table[table["period"].eq(period)]
    out = {}
    for r in t.itertuples(index=False):
        den = None if pd.isna(r.denominator) else float(r.denominator)
        out[(r.indicator, r.breakdown, r.unit)] = (None if pd.isna(r.numerator) else float(r.numerator), den)
    return out


def test_hand_worked_area_library_and_duckdb(tiny):
    data = cp.load(tiny)
    assert data.area == "Tiny"
    assert data.rejections.summary()["rows_rejected"].sum() == 0
    lib = _figures(cp.indicators(data, "2024-25"))
    duck = _figures(duckdb_cp.run([data], ["2024-25"]).table)
    for key, (num, den) in HAND.items():
        want = (float(num), None if den is None else float(den))
        assert lib.get(key, (0.0, None) if num == 0 else None) == want, ("library", key, lib.get(key))
        assert duck.get(key, (0.0, None) if num == 0 else None) == want, ("duckdb", key, duck.get(key))
    assert duckdb_cp.compare(cp.indicators(data, "2024-25"), duckdb_cp.run([data], ["2024-25"]).table).empty


def test_compare_reports_a_difference(tiny):
    data = cp.load(tiny)
    lib = cp.indicators(data, "2024-25")
    duck = duckdb_cp.run([data], ["2024-25"]).table
    i = duck.index[duck["indicator"].eq("referrals") & duck["unit"].eq("count")][0]
    duck.loc[i, "numerator"] = 5.0
    diff = duckdb_cp.compare(lib, duck)
    assert len(diff) == 1 and diff["indicator"].iat[0] == "referrals"
    assert diff["numerator_library"].iat[0] == 4 and diff["numerator_duckdb"].iat[0] == 5


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    import regional

    root = tmp_path_factory.mktemp("regional")
    regional.generate_area(1, root, scale=0.03)
    return root


@pytest.mark.parametrize("form", ["xml", "flat"])
def test_synthetic_area_identical_counts(synthetic, form):
    import regional

    data = cp.load(synthetic / form / regional.slug(1))
    years = [y.label for y in data.census_years if y.start_year >= 2019] if form == "xml" else \
        ["2019-20", "2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]
    lib = cp.indicators_for_years(data, years)
    refs = lib[lib["indicator"].eq("referrals") & lib["unit"].eq("count")]["numerator"].sum()
    assert 200 <= refs <= 1000  # a few hundred referrals
    assert len(data.rejections) > 0  # the generator's faults were met and logged
    duck = duckdb_cp.run([data], years).table
    diff = duckdb_cp.compare(lib, duck)
    assert diff.empty, diff.to_string()
    # every child protection indicator from the CIN data was compared, with something to count (a count
    # above zero, or a percentage of a non-empty base)
    key = ["area", "period", "indicator", "breakdown", "unit"]
    both = lib[lib["numerator"].notna()][key + ["numerator", "denominator"]].merge(duck[key], on=key)
    counted = both["numerator"].gt(0) | (both["unit"].eq("percent") & both["denominator"].gt(0))
    compared = set(both.loc[counted, "indicator"])
    assert CIN_INDICATORS <= compared, CIN_INDICATORS - compared


def test_pooled_areas_identical_counts(synthetic, tmp_path):
    # two areas pooled into one grouped pass (the regional path) give the same counts as DuckDB, which
    # works them out area by area in SQL
    import regional

    regional.generate_area(2, synthetic, scale=0.03)
    datas = [cp.load(synthetic / "flat" / regional.slug(i)) for i in (1, 2)]
    years = ["2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]
    lib = cp.indicators_for_years(cp.pool(datas), years)
    assert set(lib["area"]) == {d.area for d in datas}
    duck = duckdb_cp.run(datas, years).table
    diff = duckdb_cp.compare(lib, duck)
    assert diff.empty, diff.to_string()
