"""Child protection indicators from child-level data: hand-made fixtures with known answers at every edge.

The fixture area "Testshire" has 18,000 children (500 of each sex at each age 0-17) and flat CIN files
in ``cin/``. Every expected figure below is worked out by hand in the comments.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from lscb_analysis.periods import working_days
from lscb_analysis.rates import round_half_up

from lscb_analysis import cp
from lscb_analysis.inputs import clean

POPULATION = 18_000


@pytest.fixture(scope="module", autouse=True)
def _key():
    mp = pytest.MonkeyPatch()
    mp.setenv(clean.KEY_ENV, "test-key-not-secret")
    yield
    mp.undo()


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def _population(area_dir: Path, area: str = "Testshire") -> None:
    rows = ["area,mid_year,age,sex,population"]
    rows += [f"{area},{y},{a},{s},500" for y in (2023, 2024) for a in range(18) for s in "FM"]
    (area_dir / "population.csv").write_text("\n".join(rows) + "\n")


@pytest.fixture(scope="module")
def area(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("areas") / "testshire"
    d.mkdir()
    _population(d)
    _write(d / "cin" / "children.csv", """
        LAchildID,PersonBirthDate,ExpectedPersonBirthDate,Sex,Ethnicity,PersonDeathDate
        C1,2010-05-01,,M,WBRI,
        C2,01/01/2012,,2,WBRI,
        C3,2015-03-01,,F,WBRI,
        C4,,2025-06-01,U,,
        C5,2008-04-01,,1,WBRI,
        C6,2015-04-01,,F,WBRI,
        C7,2009-09-09,,M,WBRI,
        C8,2011-11-11,,M,WBRI,
        """)
    # referrals 2023-24: C1 14/06/2023, C2 13/06/2023 (NFA), C3 01/04/2023, C7 05/05/2023, C6 20/03/2024 -> 5
    # referrals 2024-25: C1 14/06/2024 (exactly 12 months after its last: a re-referral), C2 14/06/2024 (12 months
    # and a day: not), C4 02/09/2024, C5 02/09/2024 (NFA), C8 02/09/2024 -> 5; re-referrals 1, NFA 1
    _write(d / "cin" / "referrals.csv", """
        LAchildID,CINreferralDate,ReferralSource,PrimaryNeedCode,CINclosureDate,ReasonForClosure,ReferralNFA
        C1,2023-06-14,1A,N1,2023-07-01,RC8,0
        C1,2024-06-14,6,N1,,,false
        C2,2023-06-13,2A,N1,2023-06-13,RC8,true
        C2,2024-06-14,2A,N1,2025-03-31,RC8,0
        C3,2023-04-01,6,N1,,,0
        C4,2024-09-02,6) Police,N1,,,0
        C5,2024-09-02,2a,N1,2024-09-02,rc8,1
        C6,2024-03-20, 3A ,N1,,,0
        C7,2023-05-05,8,N1,2023-05-20,RC8,0
        C8,2024-09-02,3E,N1,2024-12-01,RC8,0
        """)
    # referral 02/09/2024 (a Monday): 45 working days later is 04/11/2024, 46 is 05/11/2024
    _write(d / "cin" / "assessments.csv", """
        LAchildID,CINreferralDate,AssessmentActualStartDate,AssessmentAuthorisationDate,AssessmentFactors
        C4,2024-09-02,2024-09-03,2024-11-04,"3b, 4B"
        C8,2024-09-02,2024-09-03,2024-11-05,16A
        """)
    # strategy discussion Thursday 21/03/2024; Good Friday 29/03 and Easter Monday 01/04/2024 are bank holidays:
    # 15/04/2024 is working day 15, 16/04/2024 is day 16
    _write(d / "cin" / "section47.csv", """
        LAchildID,CINreferralDate,S47ActualStartDate,InitialCPCtarget,DateOfInitialCPC,ICPCnotRequired
        C6,2024-03-20,2024-03-21,2024-04-15,2024-04-15,false
        C3,2023-04-01,2024-03-21,2024-04-15,2024-04-16,false
        C4,2024-09-02,2024-09-05,,,true
        """)
    _write(d / "cin" / "cp_plans.csv", """
        LAchildID,CINreferralDate,CPPstartDate,CPPendDate,InitialCategoryOfAbuse,LatestCategoryOfAbuse,NumberOfPreviousCPP
        C6,2024-03-20,2024-04-15,,NEG,emotional abuse,0
        C3,,2021-01-10,2021-12-01,PHY,PHY,
        C3,2023-04-01,2024-04-16,2025-03-31,PHY,PHY,
        C7,,2024-04-01,,NEG,NEG,2
        C2,,2024-03-31,,SAB,SAB,0
        C4,2024-09-02,2025-01-02,,NEG,NEG,0
        C5,,2023-03-31,,MUL,Multiple,0
        C1,,2022-06-01,2024-06-01,EMO,EMO,0
        """)
    _write(d / "cin" / "cp_reviews.csv", """
        LAchildID,CPPstartDate,CPPreviewDate
        C6,2024-04-15,2024-07-15
        C6,2024-04-15,2025-01-15
        C7,2024-04-01,2024-07-02
        C2,2024-03-31,2024-06-30
        C2,2024-03-31,2024-12-30
        C5,2023-03-31,2023-06-30
        C5,2023-03-31,2023-12-30
        C5,2023-03-31,2024-06-30
        C5,2023-03-31,2024-12-30
        C1,2022-06-01,2022-09-01
        C1,2022-06-01,2023-03-01
        C1,2022-06-01,2023-09-01
        C1,2022-06-01,2024-03-01
        """)
    _write(d / "contacts.csv", """
        Child Unique ID,Gender,Date of Contact,Contact Source
        C1,a) Male,01/04/2024,6
        C2,b) Female,2024-06-14,6) Police
        C4,c) Not stated/recorded,45736,2a
        C4,c) Not stated/recorded,45736,2a
        ,a) Male,02/05/2024,6
        C9,a) Male,20/03/2024,8
        """)
    _write(d / "ssda903" / "episodes.csv", """
        CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC
        L1,01/01/2024,S,C2,N1,U1,PR1,,
        L2,30/03/2025,B,V3,N1,K1,PR1,,
        L3,01/06/2024,S,c2,N1,U4,PR4,31/03/2025,E13
        L4,01/02/2025,S,V2,N1,K2,PR4,,
        L5,01/02/2025,S,C2,N1,U1,PR1,01/01/2025,E13
        """)
    return d


@pytest.fixture(scope="module")
def data(area):
    return cp.load(area, area="Testshire")


def _value(table, indicator, unit, breakdown="all", period="2024-25"):
    row = table[(table["indicator"] == indicator) & (table["unit"] == unit) & (table["breakdown"] == breakdown)
                & (table["period"] == period)]
    assert len(row) == 1, (indicator, unit, breakdown, period)
    return row.iloc[0]


@pytest.fixture(scope="module")
def t2425(data):
    return cp.indicators(data, "2024-25")


@pytest.fixture(scope="module")
def t2324(data):
    return cp.indicators(data, "2023-24")


def test_calendar_of_the_fixture():
    # the hand counts the fixture relies on
    assert working_days("2024-03-21", "2024-04-15") == 15
    assert working_days("2024-03-21", "2024-04-16") == 16
    assert working_days("2024-09-02", "2024-11-04") == 45
    assert working_days("2024-09-02", "2024-11-05") == 46


def test_every_row_used_or_rejected(data):
    s = data.rejections.summary().set_index("file")
    assert s["reconciles"].all()
    assert s.loc["cin/referrals.csv", "rows_read"] == 10 and s.loc["cin/referrals.csv", "rows_used"] == 10
    # contacts: a duplicated row and a blank Child Unique ID are rejected; the rest used
    assert s.loc["contacts.csv", "rows_read"] == 6
    assert s.loc["contacts.csv", "rows_used"] == 4
    reasons = data.rejections.to_frame()
    contact = reasons[reasons["file"] == "contacts.csv"].set_index("row")["reason"]
    assert contact[5].startswith("duplicate of an earlier row")
    assert contact[6] == "missing required value"
    # SSDA903: DEC before DECOM rejected, lower-case legal status repaired
    ssda = reasons[reasons["file"] == "ssda903/episodes.csv"]
    assert ssda[["row", "column", "reason"]].values.tolist() == [[6, "DEC", "DEC is before DECOM"]]
    assert data.episodes["LS"].tolist() == ["C2", "V3", "C2", "V2"]


def test_codes_labels_and_dates_normalised(data):
    ref = data.referrals.set_index("_row")
    assert ref.loc[7, "ReferralSource"] == "6"  # "6) Police"
    assert ref.loc[8, "ReferralSource"] == "2A"  # "2a"
    assert ref.loc[8, "ReasonForClosure"] == "RC8"  # "rc8"
    assert ref.loc[9, "ReferralSource"] == "3A"  # " 3A "
    assert data.children.set_index("_row").loc[3, "Sex"] == "F"  # GenderCurrent 2
    assert data.children.set_index("_row").loc[3, "PersonBirthDate"] == pd.Timestamp("2012-01-01")  # dd/mm/yyyy
    assert data.cp_plans.set_index("_row").loc[2, "LatestCategoryOfAbuse"] == "EMO"  # "emotional abuse"
    assert data.assessments.set_index("_row").loc[2, "AssessmentFactors"] == "3B;4B"
    contacts = data.contacts.set_index("_row")
    assert contacts.loc[4, "DateOfContact"] == pd.Timestamp("2025-03-20")  # Excel serial 45736
    assert contacts.loc[3, "ContactSource"] == "6"


def test_identifiers_pseudonymised(data):
    for table in (data.children, data.referrals, data.cp_plans, data.contacts):
        ids = table["LAchildID"]
        assert ids.str.fullmatch(r"P[0-9a-f]{12}").all()
        assert not ids.isin([f"C{i}" for i in range(1, 10)]).any()
    # the same child links across tables
    c6 = data.children.set_index("_row").loc[7, "LAchildID"]
    assert c6 in set(data.cp_plans["LAchildID"]) and c6 in set(data.section47["LAchildID"])


def test_referrals_rereferral_at_exactly_12_months_and_nfa(t2425, t2324):
    assert _value(t2425, "referrals", "count")["value"] == 5
    assert _value(t2425, "referrals", "per 10,000 aged 0-17")["value"] == pytest.approx(5 / POPULATION * 10_000)
    re_ = _value(t2425, "rereferrals_within_12_months", "percent")
    assert (re_["numerator"], re_["denominator"], re_["value"]) == (1, 5, 20.0)
    nfa = _value(t2425, "referrals_nfa", "percent")
    assert (nfa["numerator"], nfa["denominator"]) == (1, 5)
    assert _value(t2324, "referrals", "count", period="2023-24")["value"] == 5
    assert _value(t2324, "referrals_nfa", "percent", period="2023-24")["numerator"] == 1


def test_referrals_by_source(t2425):
    assert _value(t2425, "referrals_by_source", "count", "source:police")["value"] == 2  # C1 "6", C4 "6) Police"
    assert _value(t2425, "referrals_by_source", "count", "source:schools")["value"] == 2
    assert _value(t2425, "referrals_by_source", "count", "source:health services")["value"] == 1
    assert _value(t2425, "referrals_by_source", "percent", "source:police")["value"] == 40.0
    assert _value(t2425, "referrals_by_source", "count", "source:housing")["value"] == 0


def test_assessment_authorised_on_day_45_is_in_time_day_46_is_not(t2425):
    assert _value(t2425, "assessments_completed", "count")["value"] == 2
    row = _value(t2425, "assessments_within_45_working_days", "percent")
    assert (row["numerator"], row["denominator"], row["value"]) == (1, 2, 50.0)


def test_assessment_factors(t2425):
    assert _value(t2425, "assessment_factors", "count", "factor:domestic_abuse_parent")["value"] == 1
    assert _value(t2425, "assessment_factors", "percent", "factor:mental_health_parent")["value"] == 50.0
    assert _value(t2425, "assessment_factors", "count", "factor:neglect")["value"] == 1


def test_icpc_on_15th_working_day_in_time_16th_not_across_bank_holidays(t2425, t2324):
    icpc = _value(t2425, "initial_cp_conferences", "count")
    assert icpc["value"] == 2
    timely = _value(t2425, "icpc_within_15_working_days", "percent")
    assert (timely["numerator"], timely["denominator"]) == (1, 2)
    # both enquiries began in 2023-24 and both led to a conference, held in 2024-25
    followed = _value(t2324, "section_47_followed_to_icpc", "percent", period="2023-24")
    assert (followed["numerator"], followed["denominator"]) == (2, 2)
    # DfE's measure divides the year's conferences by the year's enquiries: none held in 2023-24 ...
    s47 = _value(t2324, "section_47_to_icpc", "percent", period="2023-24")
    assert (s47["numerator"], s47["denominator"], s47["value"]) == (0, 2, 0.0)
    # ... and two in 2024-25 against the one enquiry started then (200%, no Wilson limits above 100%)
    assert _value(t2425, "section_47_enquiries", "count")["value"] == 1
    s47 = _value(t2425, "section_47_to_icpc", "percent")
    assert (s47["numerator"], s47["denominator"], s47["value"]) == (2, 1, 200.0)
    assert pd.isna(s47["lower"]) and pd.isna(s47["upper"])
    assert _value(t2425, "section_47_followed_to_icpc", "percent")["value"] == 0.0
    # both conferences were followed by a plan that day; DfE's measure: the 4 plans started per 2 conferences
    plan = _value(t2425, "icpc_followed_to_plan", "percent")
    assert (plan["numerator"], plan["denominator"]) == (2, 2)
    plan = _value(t2425, "icpc_to_plan", "percent")
    assert (plan["numerator"], plan["denominator"], plan["value"]) == (4, 2, 200.0)


def test_plan_starting_on_1_april_and_ending_on_31_march(t2425, t2324):
    # started 2024-25: C7 on 01/04/2024, C6, C3, C4; C2 on 31/03/2024 belongs to 2023-24
    assert _value(t2425, "cp_plans_started", "count")["value"] == 4
    assert _value(t2324, "cp_plans_started", "count", period="2023-24")["value"] == 1
    # at 31 March 2025: C6, C7, C2, C4, C5; C3's plan ended on 31/03/2025 and is not counted
    assert _value(t2425, "cp_plans_at_31_march", "count")["value"] == 5
    assert _value(t2425, "cp_plans_at_31_march", "per 10,000 aged 0-17")["value"] == pytest.approx(5 / 1.8)


def test_second_or_subsequent_plans(t2425):
    # C3 had an earlier plan in the data; C7's NumberOfPreviousCPP is 2
    row = _value(t2425, "cp_plans_second_or_subsequent", "percent")
    assert (row["numerator"], row["denominator"], row["value"]) == (2, 4, 50.0)


def test_plans_by_duration_band_edges(t2425):
    counts = {b: _value(t2425, "cp_plans_by_duration", "count", f"duration:{b}")["value"] for b in cp.DURATION_BANDS}
    assert counts == {
        "3 months or less": 1,  # C4 from 02/01/2025
        "more than 3 months to 6 months": 0,
        "more than 6 months to less than 1 year": 2,  # C6, and C7 from 01/04/2024
        "1 year to less than 2 years": 1,  # C2 from 31/03/2024, exactly a year
        "2 years or more": 1,  # C5 from 31/03/2023, exactly two years
    }


def test_plans_by_category_and_age(t2425):
    cat = {b: _value(t2425, "cp_plans_by_category", "count", f"category:{b}")["value"]
           for b in cp.CATEGORIES.values()}
    assert cat == {"neglect": 2, "physical_abuse": 0, "sexual_abuse": 1, "emotional_abuse": 1, "multiple": 1}
    age = {b: _value(t2425, "cp_plans_by_age", "count", f"age:{b}")["value"] for b in cp.AGE_BANDS[:-1]}
    # C4 unborn; C6 is 9 on 31/03/2025 (10 the next day); C7 15 and C2 13; C5 16
    assert age == {"unborn": 1, "under 1": 0, "1 to 4": 0, "5 to 9": 1, "10 to 15": 2, "16 and over": 1}
    assert _value(t2425, "cp_plans_by_age", "percent", "age:10 to 15")["value"] == 40.0


def test_plans_ended_lasting_2_years_or_more(t2425):
    # ended in 2024-25: C1 (01/06/2022 to 01/06/2024, exactly two years) and C3 (under a year)
    row = _value(t2425, "cp_plans_ended_2_years_or_more", "percent")
    assert (row["numerator"], row["denominator"]) == (1, 2)


def test_reviews_in_timescale(t2425):
    # C6 (reviews exactly 3 then 6 months apart), C2 (31 March start: due 30 June), C5 and C1 in time;
    # C7 first review a day late; C3 no review; C4's plan is under 3 months old and not counted
    row = _value(t2425, "cp_reviews_in_timescale", "percent")
    assert (row["numerator"], row["denominator"]) == (4, 6)
    assert round_half_up(row["value"], 1) == 66.7


def test_children_in_need_at_31_march(t2425, t2324):
    # C1, C3, C4, C6 open; C2 closed on 31/03/2025
    assert _value(t2425, "children_in_need_at_31_march", "count")["value"] == 4
    assert _value(t2324, "children_in_need_at_31_march", "count", period="2023-24")["value"] == 2


def test_looked_after_at_31_march_excludes_short_breaks(t2425):
    # L1 and L4 open; L2 a short break (V3) over 31 March; L3 ceased on 31 March; L5 rejected
    row = _value(t2425, "looked_after_children_at_31_march", "count")
    assert row["value"] == 2


def test_contacts(t2425):
    # 01/04/2024, 14/06/2024 and 20/03/2025 (Excel 45736); the duplicate and the blank id rejected
    assert _value(t2425, "contacts", "count")["value"] == 3


def test_indicator_table_shape_and_limits(t2425):
    rates = t2425[t2425["unit"] == "per 10,000 aged 0-17"]
    assert (rates["lower"] <= rates["value"]).all() and (rates["value"] <= rates["upper"]).all()
    pct = t2425[(t2425["unit"] == "percent") & t2425["value"].notna()]
    limited = pct[pct["lower"].notna()]  # DfE's flow-on-flow ratios above 100% have none
    assert ((limited["lower"] >= 0) & (limited["upper"] <= 100)).all()
    assert pct.loc[pct["lower"].isna() & pct["value"].notna(), "value"].gt(100).all()
    assert set(t2425["source"]) == {cp.SOURCE}
    wanted = {f.__name__ for f in cp.INDICATOR_FUNCTIONS}
    assert wanted <= set(t2425["indicator"])


def test_year_not_covered_raises(data):
    with pytest.raises(ValueError, match="no CIN data cover 2019-20"):
        cp.indicators(data, "2019-20")


def test_missing_required_column_names_file_and_column(area, tmp_path):
    shutil.copytree(area, tmp_path / "copy")
    area = tmp_path / "copy"
    p = area / "cin" / "section47.csv"
    p.write_text(p.read_text().replace("S47ActualStartDate", "StartDate"))
    with pytest.raises(clean.InputError, match=r"cin/section47.csv.*S47ActualStartDate"):
        cp.load(area)


def test_contacts_accept_snake_case_headers(tmp_path):
    d = tmp_path / "x"
    _write(d / "contacts.csv", """
        child_id,contact_date,contact_source
        A,2024-05-01,6
        """)
    data = cp.load(d, area="X")
    assert len(data.contacts) == 1 and data.contacts["ContactSource"].iat[0] == "6"
    assert not data.has_cin


def test_no_local_data(tmp_path):
    assert not cp.has_local_data(tmp_path)
    with pytest.raises(clean.InputError, match="no child protection data"):
        cp.load(tmp_path)


def test_report_tables_from_local_figures(data):
    years = cp.indicators_for_years(data, ["2023-24", "2024-25"])
    change = cp.change_table(years, "2024-25", areas=["Testshire"]).set_index(["row", "column"])["value"]
    # referral rate 5/18,000 in both years: no change
    referrals = "Referrals to children's social care"  # the title in core/definitions.py
    assert change[(referrals, "Testshire % change")] == 0.0
    stages = cp.stage_percentages(years, "2024-25").set_index(["row", "column"])["value"]
    assert stages[(referrals, "Testshire 2024-25")] == 100.0
    assert stages[("Initial child protection conferences", "Testshire 2024-25")] == pytest.approx(40.0)
    share = cp.adolescent_table(cp.adolescents(data, "2024-25")).set_index("row")
    # plans at 31 March: C7 (15), C2 (13), C5 (16) aged 13 or more of 5
    assert share.loc["Child protection plans at 31 March", "numerator"] == 3
    assert share.loc["Child protection plans at 31 March", "denominator"] == 5


def test_published_mode_bexley_2016_17_matches_seed_003():
    """Seed 003 (Bexley annual report 2016-17), section 3.2: the figures the notebook prints in published mode."""
    from lscb_analysis import dfe

    table = dfe.indicators("Bexley", ["2014-15", "2015-16", "2016-17"])
    facts = cp.key_facts(table, dfe.comparators("Bexley", ["2016-17"]), "2016-17").set_index(["row", "column"])
    printed = {"Initial conferences per section 47 enquiry (DfE measure) (%)": 39.4,
               "Initial conferences within 15 working days (%)": 81.8,
               "Plans started per initial conference (DfE measure) (%)": 82.8,
               "Second or subsequent child protection plans (%)": 15.2,
               "Referrals resulting in no further action (%)": 4.7}
    for row, value in printed.items():
        assert round_half_up(facts.loc[(row, "Bexley 2016-17"), "value"], 1) == value, row
    assert facts.loc[("Section 47 enquiries: number", "Bexley 2016-17"), "value"] == 766
    assert round_half_up(facts.loc[("Initial conferences within 15 working days (%)", "Bexley 2014-15"), "value"],
                         1) == 70.7
    # seed 003, section 5.3 (front door table): figures the bundled DfE file (table C1) holds, once left out
    for row, printed in {"Referrals assessed as not in need (%)": {"2014-15": 35.4, "2015-16": 48.0, "2016-17": 44.6},
                         "Referrals leading to an assessment (%)": {"2014-15": 95.1, "2015-16": 95.9,
                                                                    "2016-17": 95.3}}.items():
        for period, value in printed.items():
            assert round_half_up(facts.loc[(row, f"Bexley {period}"), "value"], 1) == value, (row, period)
    # facts DfE does not publish (reviews in timescale) or only local ones (followed through) are left out
    rows = set(facts.index.get_level_values("row"))
    assert "Child protection reviews in timescale (%)" not in rows
    assert not any("followed through" in r for r in rows)
    activity = cp.activity_table(table, dfe.comparators("Bexley", ["2016-17"]), "2016-17")
    assert set(activity["column"]) == {"Bexley 2016-17", "England 2016-17", "Statistical neighbours 2016-17",
                                       "London 2016-17"}


def test_factors_note_names_the_bundled_files_range():
    """Issue 17 (8): the limit is the bundled DfE file (table C3), not when DfE began publishing."""
    assert cp.factors_note("Bexley", "2016-17") == (
        "Factors identified at assessment are not available for Bexley in 2016-17 "
        "(the bundled DfE file covers 2017-18 to 2024-25).")


def test_pooled_areas_keep_each_areas_own_figures(area, data, tmp_path):
    # a second area with the same child identifiers (so the same pseudonyms) but without C6's plan: C6's
    # conference in 2024-25 leads to a plan in Testshire (2 of 2) but not in Otherton (1 of 2). Pooled, the
    # areas must not see each other's children.
    other = tmp_path / "otherton"
    shutil.copytree(area, other)
    _population(other, "Otherton")
    plans = (other / "cin" / "cp_plans.csv").read_text().splitlines()
    (other / "cin" / "cp_plans.csv").write_text("\n".join(p for p in plans if not p.startswith("C6,")) + "\n")
    other_data = cp.load(other, area="Otherton")
    pooled = cp.pool([data, other_data])
    table = cp.indicators_for_years(pooled, ["2023-24", "2024-25"])
    for name, one in (("Testshire", data), ("Otherton", other_data)):
        alone = cp.indicators_for_years(one, ["2023-24", "2024-25"])
        pd.testing.assert_frame_equal(table[table["area"] == name].reset_index(drop=True), alone)
    t2425 = table[table["period"] == "2024-25"]
    led = {a: _value(t2425[t2425["area"] == a], "icpc_followed_to_plan", "percent") for a in ("Testshire", "Otherton")}
    assert (led["Testshire"]["numerator"], led["Testshire"]["denominator"]) == (2, 2)
    assert (led["Otherton"]["numerator"], led["Otherton"]["denominator"]) == (1, 2)
    # the same identifiers in two areas are different children: C1, C3, C4 and C6 in need in each
    for a in ("Testshire", "Otherton"):
        assert _value(t2425[t2425["area"] == a], "children_in_need_at_31_march", "count")["value"] == 4
    with pytest.raises(ValueError, match="different names"):
        cp.pool([data, data])


def _minimal_area(d: Path, area: str, **rows: list[str]) -> Path:
    """An area folder with population and every flat CIN file: the required columns as headers, plus
    ``rows`` (table name -> CSV lines in the order of the required columns)."""
    d.mkdir()
    _population(d, area)
    for t, columns in cp.REQUIRED.items():
        _write(d / "cin" / f"{t}.csv", "\n".join([",".join(columns), *rows.get(t, [])]) + "\n")
    return d


def test_pooled_area_without_a_years_return_is_left_out_of_that_year(data, tmp_path):
    # an area whose data start a year later has no rows for the earlier year (as when run alone)
    late = _minimal_area(tmp_path / "lateshire", "Lateshire", children=["K1,2015-01-01"],
                         referrals=["K1,2024-05-01,6,,false"])
    pooled = cp.pool([data, cp.load(late, area="Lateshire")])
    table = cp.indicators_for_years(pooled, ["2023-24", "2024-25"])
    assert set(table.loc[table["area"] == "Lateshire", "period"]) == {"2024-25"}
    assert set(table.loc[table["area"] == "Testshire", "period"]) == {"2023-24", "2024-25"}
    assert _value(table[table["area"] == "Lateshire"], "referrals", "count")["value"] == 1


def test_reviews_in_timescale_when_no_review_has_been_held(tmp_path):
    # one plan from 1 April 2024 with no review at all: by 31 March 2025 its first review (due 1 July 2024)
    # is overdue, so 0 of 1 plans are in timescale (no reviews anywhere used to crash the calculation)
    d = _minimal_area(tmp_path / "noreviews", "Testshire", children=["K1,2015-01-01"],
                      referrals=["K1,2024-03-01,6,,false", "K2,2025-01-06,6,,false"], cp_plans=["K1,2024-04-01,"])
    row = _value(cp.indicators(cp.load(d, area="Testshire"), "2024-25"), "cp_reviews_in_timescale", "percent")
    assert (row["numerator"], row["denominator"], row["value"]) == (0, 1, 0)
