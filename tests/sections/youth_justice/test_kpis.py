"""The Youth Justice Board's ten KPIs, a shared service and the first time entrants change, on small extracts
checked by hand (expected values beside each test)."""

from __future__ import annotations

import pandas as pd
import pytest

from lscb_analysis import indicators as ind
from lscb_analysis import yos

from .sample import OUTCOMES

HEAD = ("young_person_id,date_of_birth,residence,intervention_type,intervention_start,intervention_end,"
        "accommodation_start,accommodation_end,ete_start,ete_end,send_start,send_end,mental_health_start,"
        "mental_health_end,substance_misuse_start,substance_misuse_end,social_care_start,social_care_end,"
        "serious_violence,out_of_court_completed,victims_consented,victims_engaged\n")
# P1 ends on 01/04/2024, the first day of 2024-25: counted. P2 ends on 31/03/2025, the last day: counted.
# P3 ends on 01/04/2025: 2025-26, not counted. P4 is open (no end). P5 turns 18 on its start date: rejected.
# P6 turns 18 the day after its start: kept (17 on the start date). P7 turns 10 on its start date: kept.
KPI = HEAD + """\
P1,2008-05-01,Westbridge,out_of_court,2024-01-10,2024-04-01,unsuitable,suitable,suitable,suitable,need_no_plan,need_with_plan,none,attending,none,none,none,child_in_need,N,Y,2,1
P2,2009-06-01,Eastmoor,community,2024-06-01,2025-03-31,suitable,suitable,unsuitable,unsuitable,none,none,attending,attending,need_not_offered,attending,looked_after,looked_after,Y,,1,1
P3,2009-06-01,Eastmoor,community,2024-07-01,2025-04-01,suitable,unsuitable,suitable,suitable,none,none,none,none,none,none,none,none,N,,0,0
P4,2010-01-01,Westbridge,custody,2024-08-01,,suitable,,suitable,,none,,none,,none,,none,,N,,0,0
P5,2006-09-01,Westbridge,community,2024-09-01,2025-01-01,suitable,suitable,suitable,suitable,none,none,none,none,none,none,none,none,N,,0,0
P6,2006-09-02,Westbridge,out_of_court,2024-09-01,2025-01-01,suitable,unsuitable,suitable,unsuitable,need_with_plan,need_with_plan,none,none,none,none,none,none,N,N,0,0
P7,2014-06-01,Eastmoor,out_of_court,2024-06-01,2024-09-01,suitable,suitable,suitable,suitable,none,none,none,none,none,none,none,none,N,Y,0,0
"""
BOARD = """meeting_date,partner,attended
2024-04-01,police,Y
2024-04-01,health,N
2025-03-31,police,Y
2025-04-01,police,N
"""


@pytest.fixture
def kpi_area(area):
    (area / "yos" / "kpi_interventions.csv").write_text(KPI)
    (area / "yos" / "board_attendance.csv").write_text(BOARD)
    return area


def share(t, indicator, breakdown="all"):
    r = ind.select(t, indicator, unit="percent", breakdown=breakdown)
    assert len(r) == 1, (indicator, breakdown)
    return r.iloc[0]["numerator"], r.iloc[0]["denominator"]


def test_ages_on_the_start_date_decide_who_is_a_child(kpi_area):
    log = yos.load(kpi_area).rejections.to_frame()
    bad = log[log["file"].eq("yos/kpi_interventions.csv")]
    assert bad["row"].tolist() == [6]  # P5, 18 on the start date; P6 (17) and P7 (10 that day) are kept
    assert "18 or over" in bad["reason"].iloc[0]


def test_kpis_count_interventions_ending_in_the_year_at_start_and_end(kpi_area):
    t = yos.indicators(yos.load(kpi_area), "2024-25")
    # ending in 2024-25: P1 (1 April 2024), P2 (31 March 2025), P6, P7 = 4; P3 (1 April 2025) and P4 (open) not
    assert share(t, "suitable_accommodation") == (3, 4)  # end: P1, P2, P7 suitable; P6 not
    assert share(t, "suitable_accommodation", "point:start") == (3, 4)  # start: P2, P6, P7 (P1 unsuitable)
    assert share(t, "suitable_ete") == (2, 4)  # end: P1, P7
    assert share(t, "send_formal_plan") == (2, 2)  # end: P1 and P6 have a need, both with a plan
    assert share(t, "send_formal_plan", "point:start") == (1, 2)  # start: P1 had no plan
    assert share(t, "mental_health_support") == (2, 4)  # P1, P2 attending at the end
    assert share(t, "mental_health_support", "of_need:attending") == (2, 2)
    assert share(t, "substance_misuse_support") == (1, 4)  # P2
    assert share(t, "out_of_court_disposals_completed") == (2, 3)  # P1, P7 completed; P6 did not
    assert share(t, "wider_services") == (2, 4)  # P1 child in need, P2 looked after at the end
    assert share(t, "wider_services", "point:start") == (1, 4)  # only P2 at the start
    assert share(t, "serious_violence") == (1, 4)  # P2
    assert share(t, "victims_restorative_justice") == (2, 3)  # P1 1 of 2, P2 1 of 1
    # board: the meetings of 1 April 2024 and 31 March 2025 are in the year; 1 April 2025 is not
    assert share(t, "management_board_attendance") == (2, 3)
    assert share(t, "management_board_attendance", "partner:police") == (2, 2)
    assert not len(ind.select(yos.indicators(yos.load(kpi_area), "2022-23"), "suitable_ete", breakdown=None))


SHARED = OUTCOMES.replace("A1,2008-05-01,M,WBRI,Exampleshire", "A1,2008-05-01,M,WBRI,Westbridge").replace(
    "C1,2006-03-10,M,WBRI,Exampleshire", "C1,2006-03-10,M,WBRI,Westbridge").replace("Exampleshire", "Eastmoor")


def test_a_shared_service_gives_the_service_and_each_council_adding_up(area, monkeypatch):
    (area / "yos" / "outcomes.csv").write_text(SHARED)
    (area / "yos" / "kpi_interventions.csv").write_text(KPI)
    rows = [f"{a},2022,{age},{s},{n}" for a, n in (("Westbridge", 400), ("Eastmoor", 600))
            for age in range(18) for s in "FM"]
    (area / "population.csv").write_text("area,mid_year,age,sex,population\n" + "\n".join(rows) + "\n")
    data = yos.load(area)
    data.service, data.councils = "Westbridge and Eastmoor Youth Justice Service", ["Westbridge", "Eastmoor"]
    t = yos.service_and_councils(data, "2022-23")
    fte = ind.select(t, "first_time_entrants", unit="count", breakdown="all").set_index("area")["value"]
    # 2022-23 entrants B1 D1 E1 F1 G1 K1 live in Eastmoor, C1 in Westbridge: 6 + 1 = 7
    assert fte.to_dict() == {"Westbridge and Eastmoor Youth Justice Service": 7, "Westbridge": 1, "Eastmoor": 6}
    pop = ind.select(t, "first_time_entrants", unit="per 100,000 aged 10-17").set_index("area")["denominator"]
    assert pop.to_dict() == {"Westbridge and Eastmoor Youth Justice Service": 16_000, "Westbridge": 6_400,
                             "Eastmoor": 9_600}  # 8 ages x 2 sexes x 400 or 600
    counts = t[t["unit"].eq("count") & t["breakdown"].eq("all") & t["period"].eq("2022-23")]
    by = counts.pivot_table(index="indicator", columns="area", values="value", aggfunc="sum")
    service = by.pop("Westbridge and Eastmoor Youth Justice Service")
    parts = by["Westbridge"] + by["Eastmoor"]
    # remands: K1 (Eastmoor) and L1, who has no outcome record and so no known residence: 2 for the service
    assert (service["custody_remands"], by.loc["custody_remands", "Eastmoor"]) == (2, 1)
    assert parts.drop("custody_remands").to_dict() == service.drop("custody_remands").to_dict()


def test_first_time_entrants_change_and_target(data):
    data.targets = {"first_time_entrants_change": {"value": -5, "better": "lower"}}
    t = yos.indicators(data, "2023-24")
    r = ind.select(t, "first_time_entrants_change", unit="percent").iloc[0]
    # 2022-23: 7 entrants; 2023-24: none -> (0 - 7) / 7 = -100%, below -5%: met
    assert (r["numerator"], r["denominator"], r["value"]) == (0, 7, -100)
    assert r["note"] == "Target: below -5% a year. Met."
    r = ind.select(yos.indicators(data, "2024-25"), "first_time_entrants_change", unit="percent").iloc[0]
    assert r["symbol"] == "z" and pd.isna(r["value"])  # no entrants the year before: no change


def test_the_target_is_said_in_words(data):
    data.targets = {"first_time_entrants_change": {"value": -5, "better": "lower"}}
    t = yos.indicators(data, "2023-24")
    said = yos.summary_sentences(t, yos.trend(data, "2023-24", 2), "2023-24")
    assert "First time entrants changed by -100.0% on the year before. Target: below -5% a year. Met." in said
