"""Youth justice indicators on a small hand-built extract whose answers can be checked by hand.

The children (dates of birth, outcomes) and what each one pins:

* A: triage in 2023-24, then a youth caution on 10/07/2024 -> a first time entrant in 2024-25 (the
  caution is the first entry), not in 2023-24.
* B: offence on the day of their 10th birthday -> accepted; B2: offence the day before -> rejected.
* C: index 15/06/2022; re-offence committed on day 365 (15/06/2023), proven 10/11/2023 (month 17) -> counts.
* D: index 20/07/2022; re-offence committed on day 365, proven 25/02/2024 (month 19) -> does not count.
* E: index 10/08/2022; re-offence committed on day 366 -> outside the follow-up.
* F: index 01/09/2022 (youth caution); an offence committed before it (25/08/2022) but sentenced after
  (15/11/2022) -> not a re-offence.
* G: index 10/05/2022; two re-offences (committed 01/08/2022 and 05/01/2023) -> 2; plus a community
  resolution for a later offence -> not proven, not counted.
* H: detention and training order in 2021-22, released 01/10/2022 -> enters the cohort on release.
* I: aged 18 at the outcome -> neither a first time entrant nor in the youth cohort.
* K: referral order and detention and training order on the same day -> one custodial sentencing
  occasion; not in the cohort (enters on release, and has none).
* J: a youth caution on 20/03/2025, the latest date in the data (the extract date).

The 2022-23 annual cohort is B, C, D, E, F, G, H: 7 children, 2 re-offenders (C, G), 3 re-offences.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lscb_analysis import rates, yos
from lscb_analysis.inputs import clean
from lscb_analysis import indicators as ind

OUTCOMES = """\
young_person_id,date_of_birth,sex,ethnicity,residence,offence_date,outcome_date,outcome,offence_type
A1,2008-05-01,M,WBRI,Exampleshire,2023-05-20,2023-06-01,TRIAGE,theft and handling
A1,2008-05-01,M,WBRI,Exampleshire,2024-06-30,10/07/2024,Youth Caution,theft and handling
B1,2012-09-15,F,WBRI,Exampleshire,2022-09-15,2022-10-01,YC,criminal damage
B2,2012-09-15,M,WBRI,Exampleshire,2022-09-14,2022-10-01,YC,criminal damage
C1,2006-03-10,M,WBRI,Exampleshire,2022-06-01,2022-06-15,YC,violence against the person
C1,2006-03-10,M,WBRI,Exampleshire,2023-06-15,2023-11-10,RO,violence against the person
D1,2006-01-20,M,MWBC,Exampleshire,2022-07-01,2022-07-20,RO,robbery
D1,2006-01-20,M,MWBC,Exampleshire,2023-07-20,2024-02-25,YRO,robbery
E1,2007-02-02,F,WBRI,Exampleshire,2022-08-01,2022-08-10,YCC,public order
E1,2007-02-02,F,WBRI,Exampleshire,2023-08-11,2023-09-01,YC,public order
F1,2008-11-11,M,WBRI,Exampleshire,2022-08-20,2022-09-01,YC,theft and handling
F1,2008-11-11,M,WBRI,Exampleshire,2022-08-25,2022-11-15,RO,burglary
G1,2007-07-07,M,BAFR,Exampleshire,2022-04-25,2022-05-10,YCC,drugs
G1,2007-07-07,M,BAFR,Exampleshire,2022-08-01,2022-09-01,YRO,drugs
G1,2007-07-07,M,BAFR,Exampleshire,2023-01-05,2023-03-01,RO,drugs
G1,2007-07-07,M,BAFR,Exampleshire,2023-02-01,2023-02-20,CR,drugs
H1,2006-06-06,M,WBRI,Exampleshire,2021-12-01,2022-02-01,DTO,robbery
I1,2004-05-01,M,WBRI,Exampleshire,2022-04-20,2022-06-01,RO,motoring offences
K1,2007-09-09,M,WBRI,Exampleshire,2022-10-05,2022-12-01,RO,burglary
K1,2007-09-09,M,WBRI,Exampleshire,2022-10-05,2022-12-01,DTO,robbery
J1,2011-01-01,F,WBRI,Exampleshire,2025-03-01,2025-03-20,YC,other
"""

RELEASES = """\
young_person_id,release_date
H1,2022-10-01
"""

REMANDS = """\
young_person_id,remand_start,remand_end,remand_type
K1,2022-10-06,2022-11-01,custody
K1,2022-11-10,2022-12-01,Remand to youth detention accommodation
L1,2022-11-01,,custody
L1,2022-06-01,2022-06-20,bail_supervision
M1,2021-05-01,2021-06-01,custody
"""

ASSESSMENTS = """\
young_person_id,assessment_date,stage,vulnerability,risk_of_serious_harm
C1,2022-06-20,start,low,medium
D1,2022-07-25,start,Low,Medium
G1,2022-05-15,start,High,very high
F1,2022-09-05,start,,medium
G1,2022-08-15,review,very_high,high
H1,2021-06-01,start,medium,low
"""


def _population(tmp_path, per_age_sex: int = 1000, years=range(2020, 2025)) -> None:
    rows = [f"Exampleshire,{y},{a},{s},{per_age_sex}" for y in years for a in range(18) for s in "FM"]
    (tmp_path / "population.csv").write_text("area,mid_year,age,sex,population\n" + "\n".join(rows) + "\n")


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv(clean.KEY_ENV, "test-key")


@pytest.fixture
def area(tmp_path):
    d = tmp_path / "exampleshire"
    (d / "yos").mkdir(parents=True)
    (d / "yos" / "outcomes.csv").write_text(OUTCOMES)
    (d / "yos" / "custody_releases.csv").write_text(RELEASES)
    (d / "yos" / "remands.csv").write_text(REMANDS)
    (d / "yos" / "assessments.csv").write_text(ASSESSMENTS)
    _population(d)
    return d


@pytest.fixture
def data(area):
    return yos.load(area)


def pid(raw: str) -> str:
    return clean.pseudonymise(pd.Series([raw]), b"test-key").iloc[0]


def value(table, indicator, unit, breakdown="all", period=None):
    rows = ind.select(table, indicator, unit=unit, breakdown=breakdown, period=period)
    assert len(rows) == 1, (indicator, unit, breakdown, period, rows)
    return rows.iloc[0]


# --- loading -----------------------------------------------------------------------------------

def test_offence_before_10th_birthday_is_rejected_with_the_reason(data):
    log = data.rejections.to_frame()
    b2 = log[log["file"].eq("yos/outcomes.csv") & log["row"].eq(5)]  # B2 is the 4th data row
    assert len(b2) == 1
    assert b2["column"].iloc[0] == "offence_date"
    assert "10th birthday" in b2["reason"].iloc[0] and "age of criminal responsibility" in b2["reason"].iloc[0]
    # B1, offending on the 10th birthday itself, is kept
    assert pid("B1") in set(data.outcomes["young_person_id"])
    assert pid("B2") not in set(data.outcomes["young_person_id"])


def test_every_row_is_used_or_rejected_and_only_b2_is_rejected(data):
    s = data.rejections.summary().set_index("file")
    assert s["reconciles"].all()
    assert s.loc["yos/outcomes.csv", "rows_read"] == 21
    assert s.loc["yos/outcomes.csv", "rows_rejected"] == 1
    assert s.loc["yos/remands.csv", "rows_used"] == 5
    assert s.loc["yos/assessments.csv", "rows_used"] == 6


def test_identifiers_are_pseudonymised_and_codes_normalised(data):
    ids = set(data.outcomes["young_person_id"])
    assert not ids & {"A1", "C1", "G1"}
    assert pid("A1") in ids
    a = data.outcomes[data.outcomes["young_person_id"].eq(pid("A1"))]
    assert a["outcome"].tolist() == ["TRIAGE", "YC"]  # "Youth Caution" is YC
    assert a["outcome_date"].iloc[1] == pd.Timestamp("2024-07-10")  # dd/mm/yyyy read as day first
    assert data.remands["remand_type"].value_counts()["custody"] == 4
    g = data.assessments[data.assessments["young_person_id"].eq(pid("G1"))]
    assert g["risk_of_serious_harm"].tolist() == ["very_high", "high"]


def test_missing_required_column_names_file_and_column(area):
    (area / "yos" / "outcomes.csv").write_text(OUTCOMES.replace("outcome_date", "date_of_outcome"))
    with pytest.raises(clean.InputError, match=r"yos/outcomes.csv.*outcome_date"):
        yos.load(area)


def test_release_for_unknown_child_is_rejected(area):
    (area / "yos" / "custody_releases.csv").write_text(RELEASES + "Z9,2022-12-01\n")
    d = yos.load(area)
    log = d.rejections.to_frame()
    bad = log[log["file"].eq("yos/custody_releases.csv")]
    assert bad["row"].tolist() == [3] and "no outcome record" in bad["reason"].iloc[0]


def test_inconsistent_date_of_birth_rejects_the_odd_row(area):
    extra = "G1,2008-07-07,M,BAFR,Exampleshire,2023-05-01,2023-05-20,YC,drugs\n"
    (area / "yos" / "outcomes.csv").write_text(OUTCOMES + extra)
    d = yos.load(area)
    log = d.rejections.to_frame()
    assert log[log["column"].eq("date_of_birth")]["row"].tolist() == [23]


def test_age_on_29_february_birthday():
    dob = pd.Series(pd.to_datetime(["2008-02-29", "2008-02-29", "2008-02-29"]))
    on = pd.Series(pd.to_datetime(["2018-02-28", "2018-03-01", "2020-02-29"]))
    assert yos.age_at(dob, on).tolist() == [9, 10, 12]


# --- first time entrants -----------------------------------------------------------------------

def test_triage_then_caution_the_caution_is_the_first_entry(data):
    fte_2425 = yos.first_time_entrants(data, "2024-25")
    a = fte_2425[fte_2425["young_person_id"].eq(pid("A1"))]
    assert a["outcome"].tolist() == ["YC"] and a["outcome_date"].tolist() == [pd.Timestamp("2024-07-10")]
    assert len(fte_2425) == 2  # A and J
    assert len(yos.first_time_entrants(data, "2023-24")) == 0  # A's triage is not an entry


def test_first_time_entrants_2022_23_count_and_rate(data):
    # B, C, D, E, F, G, K; not H (first outcome 2021-22) nor I (aged 18 at the outcome)
    t = yos.indicators(data, "2022-23")
    assert value(t, "first_time_entrants", "count")["value"] == 7
    r = value(t, "first_time_entrants", "per 100,000 aged 10-17")
    assert r["denominator"] == 16_000
    assert r["value"] == pytest.approx(7 / 16_000 * 100_000)  # 43.75
    # exact Poisson limits for 7 events: chi2(0.025, 14)/2 = 2.8143, chi2(0.975, 16)/2 = 14.4227
    assert r["lower"] == pytest.approx(2.81428 / 16_000 * 100_000, rel=1e-4)
    assert r["upper"] == pytest.approx(14.42268 / 16_000 * 100_000, rel=1e-4)
    assert value(t, "first_time_entrants", "count", "sex:female")["value"] == 2  # B, E
    assert value(t, "first_time_entrants", "count", "first_outcome:court")["value"] == 2  # D, K


def test_history_warning_when_too_short(data):
    h = yos.fte_history(data, "2022-23")
    assert h.data_start == pd.Timestamp("2022-02-01")  # the month of the earliest outcome (H, 01/02/2022)
    assert h.years_before_period == pytest.approx(59 / 365.25)
    assert h.entrants == 7 and h.unconfirmed == 6  # only B turned 10 after the data begin
    assert not h.sufficient and "too short" in h.message and "0.2 years" in h.message
    t = yos.indicators(data, "2022-23")
    assert "too short" in value(t, "first_time_entrants", "count")["note"]


def test_history_sufficient_when_every_entrant_turned_10_after_data_start(area):
    d = yos.load(area, history_start="2018-01-01")
    h = yos.fte_history(d, "2024-25")  # A turned 10 on 01/05/2018, J on 01/01/2021
    assert h.sufficient and h.unconfirmed == 0
    assert "6.2 years" in h.message and "too short" not in h.message


def test_no_population_says_so(area):
    (area / "population.csv").unlink()
    t = yos.indicators(yos.load(area), "2022-23")
    r = value(t, "first_time_entrants", "per 100,000 aged 10-17")
    assert np.isnan(r["value"]) and r["symbol"] == "x"
    assert "No population aged 10-17" in r["note"]
    assert value(t, "first_time_entrants", "count")["value"] == 7  # the count is still given


# --- re-offending ------------------------------------------------------------------------------

def test_reoffending_cohort_members_by_hand(data):
    m = yos.cohort_members(data, "2022-04-01", "2023-03-31").set_index("young_person_id")
    expected = {"B1": 0, "C1": 1, "D1": 0, "E1": 0, "F1": 0, "G1": 2, "H1": 0}
    assert set(m.index) == {pid(k) for k in expected}
    for k, n in expected.items():
        assert m.loc[pid(k), "reoffences"] == n, k
    h = m.loc[pid("H1")]
    assert h["index_event"] == "RELEASE" and h["index_date"] == pd.Timestamp("2022-10-01")
    c = m.loc[pid("C1")]
    assert c["follow_up_end"] == pd.Timestamp("2023-06-15") and c["waiting_end"] == pd.Timestamp("2023-12-15")


def test_day_365_month_17_counts_month_19_does_not(data):
    m = yos.cohort_members(data, "2022-04-01", "2023-03-31").set_index("young_person_id")
    assert m.loc[pid("C1"), "reoffender"]  # committed on day 365, proven in month 17
    assert not m.loc[pid("D1"), "reoffender"]  # committed on day 365, proven in month 19
    assert not m.loc[pid("E1"), "reoffender"]  # committed on day 366


def test_offence_before_index_sentenced_after_is_not_a_reoffence(data):
    m = yos.cohort_members(data, "2022-04-01", "2023-03-31").set_index("young_person_id")
    assert m.loc[pid("F1"), "index_date"] == pd.Timestamp("2022-09-01")
    assert m.loc[pid("F1"), "reoffences"] == 0


def test_custodial_occasion_and_adults_are_not_index_events(data):
    m = yos.cohort_members(data, "2022-04-01", "2023-03-31")
    assert pid("K1") not in set(m["young_person_id"])  # referral order given with a DTO
    assert pid("I1") not in set(m["young_person_id"])  # aged 18 at the index outcome


def test_reoffending_measures_2022_23(data):
    t = yos.reoffending(data, "2022-04-01", "2023-03-31", by=["index_outcome", "sex"])
    assert set(t["status"]) == {"final"} and set(t["period"]) == {"2022-23"}
    assert value(t, "reoffending_cohort", "count")["value"] == 7
    b = value(t, "reoffending_binary_rate", "percent")
    assert (b["numerator"], b["denominator"]) == (2, 7)
    assert b["value"] == pytest.approx(200 / 7)
    # Wilson: (2x + z^2 -/+ z sqrt(z^2 + 4x(1 - x/n))) / (2(n + z^2)), x = 2, n = 7
    assert b["lower"] == pytest.approx(8.2219, abs=1e-3)
    assert b["upper"] == pytest.approx(64.1060, abs=1e-3)
    assert value(t, "reoffending_frequency_rate", "ratio")["value"] == pytest.approx(3 / 7)
    assert value(t, "reoffences_per_reoffender", "ratio")["value"] == pytest.approx(1.5)
    assert value(t, "reoffending_cohort", "count", "index_outcome:custody")["value"] == 1  # H
    assert value(t, "reoffending_cohort", "count", "index_outcome:pre-court")["value"] == 5  # B, C, E, F, G
    assert value(t, "reoffending_binary_rate", "percent", "sex:female")["value"] == 0  # B, E


def test_quarterly_cohorts_index_on_first_event_in_each_quarter(data):
    sizes, reoffenders = [], []
    for s, e in yos.quarterly_cohorts("2022-23"):
        m = yos.cohort_members(data, s, e)
        sizes.append(len(m))
        reoffenders.append(int(m["reoffender"].sum()))
    # Q1 G, C; Q2 D, E, F and G (youth rehabilitation order 01/09/2022); Q3 B, H (release), F (RO); Q4 G
    assert sizes == [2, 4, 3, 1]
    assert reoffenders == [2, 1, 0, 0]


def test_cohort_whose_waiting_period_has_not_ended_is_provisional(data):
    assert data.extract_date == pd.Timestamp("2025-03-20")  # J's caution, the latest date in the data
    marked = yos.reoffending(data, "2023-04-01", "2024-03-31")
    assert set(marked["status"]) == {"provisional"}
    assert set(marked["period"]) == {"2023-24 (provisional)"}
    assert "30 September 2025" in marked["note"].iloc[0]
    omitted = yos.reoffending(data, "2023-04-01", "2024-03-31", provisional="omit")
    rate = value(omitted, "reoffending_binary_rate", "percent", period="2023-24 (provisional)")
    assert np.isnan(rate["value"]) and rate["symbol"] == "x"
    # the same cohort is final once the data run past 30/09/2025
    later = yos.reoffending(data, "2023-04-01", "2024-03-31", as_of="2025-09-30")
    assert set(later["status"]) == {"final"} and set(later["period"]) == {"2023-24"}
    # and 2022-23 (waiting period ended 30/09/2024) is final at the extract date
    assert set(yos.reoffending(data, "2022-04-01", "2023-03-31")["status"]) == {"final"}


def test_cohort_before_the_data_begin_is_not_available(data):
    t = yos.reoffending(data, "2020-04-01", "2021-03-31")
    assert t["value"].isna().all() and set(t["symbol"]) == {"x"}
    assert "data begin" in t["note"].iloc[0]


def test_indicators_report_latest_complete_cohort(data):
    t = yos.indicators(data, "2024-25")
    re = t[t["indicator"].eq("reoffending_cohort") & t["breakdown"].eq("all")]
    assert re["period"].tolist() == ["2022-23", "Apr to Jun 2022", "Jul to Sep 2022", "Oct to Dec 2022",
                                     "Jan to Mar 2023"]
    assert re["value"].tolist() == [7, 2, 4, 3, 1]
    assert yos.latest_complete_cohort_year("2024-09-30").label == "2022-23"
    assert yos.latest_complete_cohort_year("2024-09-29").label == "2021-22"


# --- custody, remands, assessments, caseload -----------------------------------------------------

def test_custodial_sentences_by_sentencing_occasion(data):
    t = yos.indicators(data, "2022-23")
    assert value(t, "custodial_sentences", "count")["value"] == 1  # K's RO + DTO on one day
    share = value(t, "custodial_sentences", "percent")
    # court occasions: I RO, D RO, G YRO, F RO, K DTO, G RO
    assert (share["numerator"], share["denominator"]) == (1, 6)
    r = value(t, "custodial_sentences", "per 1,000 aged 10-17")
    assert r["value"] == pytest.approx(1 / 16)
    assert r["upper"] == pytest.approx(rates.rate(1, 16_000, per=1_000)["upper"].iloc[0])
    assert value(yos.indicators(data, "2021-22"), "custodial_sentences", "count")["value"] == 1  # H


def test_custody_remands_count_children_once(data):
    t = yos.indicators(data, "2022-23")
    assert value(t, "custody_remands", "count")["value"] == 2  # K (twice) and L; not L's bail supervision
    assert value(yos.indicators(data, "2021-22"), "custody_remands", "count")["value"] == 1  # M


def test_start_assessments_by_level(data):
    t = yos.indicators(data, "2022-23")
    assert value(t, "asset_vulnerability", "count")["value"] == 4  # starts only, in the year
    assert value(t, "asset_vulnerability", "count", "level:low")["value"] == 2
    assert value(t, "asset_vulnerability", "count", "level:not_recorded")["value"] == 1
    p = value(t, "asset_risk_of_serious_harm", "percent", "level:medium")
    assert p["value"] == pytest.approx(75.0) and p["denominator"] == 4


def test_caseload(data):
    t = yos.indicators(data, "2022-23")
    # YOS work starting in 2022-23: B YC, C YC, D RO, E YCC, F YC, F RO, G YCC, G YRO, G RO, I RO, K RO, K DTO
    assert value(t, "interventions", "count")["value"] == 12
    assert value(t, "young_people_supervised", "count")["value"] == 8
    assert value(t, "interventions", "count", "type:custody")["value"] == 1


def test_indicator_table_shape(data):
    t = yos.indicators(data, "2022-23")
    ind.validate(t)
    assert set(t["indicator"]) <= {"first_time_entrants", "reoffending_cohort", "reoffending_binary_rate",
                                   "reoffending_frequency_rate", "reoffences_per_reoffender",
                                   "custodial_sentences", "custody_remands", "asset_vulnerability",
                                   "asset_risk_of_serious_harm", "young_people_supervised", "interventions"}
    rates_rows = t[t["unit"].isin(["percent", "per 100,000 aged 10-17", "per 1,000 aged 10-17"]) & t["value"].notna()]
    assert rates_rows["lower"].notna().all() and rates_rows["upper"].notna().all()
    text = t.astype(str).to_string()
    assert "A1" not in text and "2008-05-01" not in text


def test_change_on_previous_year(data):
    tr = yos.trend(data, "2024-25", 3)
    ch = yos.change_on_previous_year(tr, "first_time_entrants", "count", "2024-25")
    assert (ch["value"], ch["previous_value"]) == (2, 0) and np.isnan(ch["pct_change"])
    ch = yos.change_on_previous_year(tr, "first_time_entrants", "per 100,000 aged 10-17", "2023-24")
    assert ch["value"] == 0 and ch["previous_value"] == pytest.approx(43.75)
    assert ch["pct_change"] == pytest.approx(-100)


def test_cohort_label():
    assert yos.cohort_label("2022-04-01", "2023-03-31") == "2022-23"
    assert yos.cohort_label("2023-01-01", "2023-03-31") == "Jan to Mar 2023"
    assert yos.cohort_label("2022-11-01", "2023-01-31") == "Nov 2022 to Jan 2023"
    assert yos.cohort_label("2022-11-05", "2023-01-31") == "5 November 2022 to 31 January 2023"


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


def test_area_without_a_youth_justice_extract_says_so(tmp_path):
    d = yos.load(tmp_path / "nowhere")
    assert d.files == {"outcomes": False, "custody_releases": False, "remands": False, "assessments": False}
    assert d.outcomes.empty and d.extract_date is None
    assert "no local youth justice extract" in yos.availability(d, "2024-25")
    assert "outcomes.csv" in " ".join(n["file"] for n in d.rejections.notes)


def test_xlsx_extract_gives_the_same_tables(area, data):
    from io import StringIO

    frame = pd.read_csv(StringIO(OUTCOMES), dtype=str)
    for col in ("date_of_birth", "offence_date", "outcome_date"):  # real Excel dates, not text
        frame[col] = frame[col].map(lambda v: pd.Timestamp(clean._parse_one(v)))
    (area / "yos" / "outcomes.csv").unlink()
    frame.to_excel(area / "yos" / "outcomes.xlsx", index=False)
    x = yos.load(area)
    assert x.files["outcomes"]
    assert x.rejections.summary().set_index("file").loc["yos/outcomes.xlsx", "rows_rejected"] == 1  # B2
    pd.testing.assert_frame_equal(x.outcomes, data.outcomes)


def test_later_cohorts_are_shown_as_incomplete_not_dropped(data):
    later = yos.provisional_cohorts(data, "2024-25")
    cohorts = later[later["indicator"].eq("reoffending_cohort")]
    assert cohorts["period"].tolist() == ["2023-24 (provisional)", "2024-25 (provisional)"]
    # 2023-24: C (RO 10/11/2023), E (YC 01/09/2023); not D, aged 18 at his YRO on 25/02/2024. 2024-25: A, J
    assert cohorts["value"].tolist() == [2, 2]
    rates_ = later[later["indicator"].eq("reoffending_binary_rate")]
    assert rates_["value"].isna().all() and set(rates_["symbol"]) == {"x"}
    assert "30 September 2026" in later[later["period"].str.startswith("2024-25")]["note"].iloc[0]


def test_cohort_notes_in_words(data):
    notes = yos.cohort_notes(yos.indicators(data, "2024-25"))
    assert notes == ["Final (every child's 12-month follow-up and 6-month waiting period has ended): the 2022-23, "
                     "Apr to Jun 2022, Jul to Sep 2022, Oct to Dec 2022 and Jan to Mar 2023 cohorts."]
    later = yos.cohort_notes(yos.provisional_cohorts(data, "2024-25"))
    assert later[0].startswith("2023-24 cohort: Provisional: the follow-up and waiting period of this cohort end on "
                               "30 September 2025 and the data run to 20 March 2025")
    assert later[0].endswith("its re-offending figures are left out.")
