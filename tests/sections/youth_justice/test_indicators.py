"""Youth justice indicators on the hand-built extract (see sample.py for what each child pins)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lscb_analysis import indicators as ind
from lscb_analysis import rates, yos

from .sample import pid, value

# --- first time entrants -----------------------------------------------------------------------

def test_triage_then_caution_the_caution_is_the_first_entry(data):
    fte_2425 = yos.entrants(data, "2024-25")
    a = fte_2425[fte_2425["young_person_id"].eq(pid("A1"))]
    assert a["outcome"].tolist() == ["YC"] and a["outcome_date"].tolist() == [pd.Timestamp("2024-07-10")]
    assert len(fte_2425) == 2  # A and J
    assert len(yos.entrants(data, "2023-24")) == 0  # A's triage is not an entry


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
                                   "asset_risk_of_serious_harm", "young_people_supervised", "interventions",
                                   "first_time_entrants_change"}
    rates_rows = t[t["unit"].isin(["percent", "per 100,000 aged 10-17", "per 1,000 aged 10-17"]) & t["value"].notna()
                   & ~t["indicator"].str.endswith("_change")]  # a change on last year has no limits
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


