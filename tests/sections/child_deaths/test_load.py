"""Child deaths, loading: age at death at the day boundaries, rejected rows and their reasons, the
bundled synthetic sample."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from lscb_analysis import cdop
from lscb_analysis.inputs import clean
from lscb_analysis.synth import cdop as synth

from .helpers import FILE, HEADER, SAMPLE, case, load

# --------------------------------------------------------------------------- age at death


@pytest.mark.parametrize("dob, dod, days, band", [
    ("2024-06-01", "2024-06-28", 27, "0-27 days"),         # 27 days: still neonatal
    ("2024-06-01", "2024-06-29", 28, "28-364 days"),       # 28 days: post-neonatal
    ("2024-06-01", "2024-06-01", 0, "0-27 days"),          # died on the day of birth
    ("2022-05-10", "2023-05-09", 364, "28-364 days"),      # 364 days, no 29 February in between
    ("2022-05-10", "2023-05-10", 365, "1-4 years"),        # 365 days: first birthday
    ("2023-03-01", "2024-02-29", 365, "28-364 days"),      # 365 days across 29 Feb 2024: birthday is 1 March
    ("2023-03-01", "2024-03-01", 366, "1-4 years"),        # first birthday in a leap year
    ("2020-02-29", "2021-02-28", 365, "28-364 days"),      # born on 29 February: a year old on 1 March
    ("2020-02-29", "2021-03-01", 366, "1-4 years"),
    ("2019-07-15", "2024-07-14", 1826, "1-4 years"),       # the day before the fifth birthday
    ("2019-07-15", "2024-07-15", 1827, "5-9 years"),
    ("2006-04-01", "2024-03-31", 6574, "15-17 years"),     # the day before the 18th birthday
])
def test_age_bands_at_the_day_boundaries(dob, dod, days, band):
    ages = cdop.age_at_death(pd.Series([pd.Timestamp(dob)]), pd.Series([pd.Timestamp(dod)]))
    assert int(ages["age_days"].iloc[0]) == days
    assert cdop.age_band(ages["age_days"], ages["age_years"]).iloc[0] == band


# --------------------------------------------------------------------------- loader


def test_loader_rejects_and_logs_bad_rows(tmp_path):
    cases = [
        case("K1", "2015-01-01", "2024-06-01"),
        case("K1", "2015-01-01", "2024-06-01"),                          # duplicate case
        case("K2", "2024-06-02", "2024-06-01"),                          # death before birth
        case("K3", "2006-05-01", "2024-06-01"),                          # aged 18
        case("K4", "2015-01-01", "31/02/2024"),                          # no such date
        case("K5", "2015-01-01", "2024-06-01", sex="X"),
        case("K6", "2015-01-01", "2024-06-01", review="2024-05-01", category=3, modifiable="N"),
        case("K7", "2015-01-01", "2024-06-01", review="2024-09-01", modifiable="N"),  # no category
        case("K8", "2015-01-01", "2024-06-01", review="2024-09-01", category=12, modifiable="N"),
        case("K9", "2015-01-01", "2024-06-01", expected="Y", sudden="Y"),
        case("K10", "01/02/2015", "2024-06-01", sex="Male", expected="no", review="45600", category="Infection",
             modifiable="insufficient information"),                      # valid spellings
        case("K11", "2015-01-01", "2024-06-01", category=9),             # provisional category, not reviewed: kept
    ]
    data = load(tmp_path, cases)
    summary = data.rejections.summary().set_index("file").loc[FILE]
    assert summary["rows_read"] == 12 and summary["rows_used"] == 3 and summary["rows_rejected"] == 9
    assert summary["reconciles"]
    assert data.rejections.rejected_rows(FILE) == {3, 4, 5, 6, 7, 8, 9, 10, 11}
    reasons = set(data.rejections.to_frame()["reason"])
    assert "date of death is before the date of birth" in reasons
    assert "aged 18 or over at death: not a child death" in reasons
    assert "review completed before the date of death" in reasons
    assert "review completed but no category recorded" in reasons
    assert "a sudden unexpected death is recorded as expected" in reasons
    k10 = data.deaths[data.deaths["sex"].eq("M")].iloc[0]
    assert k10["expected"] == "N" and k10["category"] == 9 and k10["modifiable"] == "U"
    assert k10["review_completed_date"] == pd.Timestamp("2024-11-04")  # Excel serial 45600 (45658 is 1 January 2025)
    assert data.deaths["category"].isna().sum() == 2  # K1 and K11 are not reviewed yet
    # no identifier or date of birth survives loading
    assert "date_of_birth" not in data.deaths.columns
    assert not data.deaths["case_id"].isin([c[0] for c in cases]).any()


def test_missing_column_names_file_and_column(tmp_path):
    header = [h for h in HEADER if h != "residence"]
    with pytest.raises(clean.InputError, match=r"child_deaths\.csv.*residence"):
        load(tmp_path, [case("L1", "2015-01-01", "2024-06-01")[:5] + case("L1", "2015-01-01", "2024-06-01")[6:]],
             header=header)


def test_loader_catches_every_injected_fault_and_nothing_else(sample):
    record = json.loads((SAMPLE / "cdop" / "injected_faults.json").read_text())
    faults = record["injected_faults"]
    assert {f["kind"] for f in faults} >= {"duplicate", "invalid_date", "death_before_birth", "not_a_child",
                                          "unknown_code", "review_before_death", "blank_row"}
    assert sample.rejections.rejected_rows("cdop/child_deaths.csv") == {f["row"] for f in faults}
    summary = sample.rejections.summary().iloc[0]
    assert summary["rows_read"] == record["rows"]
    assert summary["rows_used"] == record["deaths"] == len(sample.deaths)
    assert summary["reconciles"]


def test_sample_is_reproducible_byte_for_byte(tmp_path):
    shutil.copy(SAMPLE / "population.csv", tmp_path / "population.csv")
    synth.generate(tmp_path)
    first = (tmp_path / "cdop" / "child_deaths.csv").read_bytes()
    synth.generate(tmp_path)
    assert (tmp_path / "cdop" / "child_deaths.csv").read_bytes() == first
    assert first == (SAMPLE / "cdop" / "child_deaths.csv").read_bytes()  # the committed sample is current
    assert (tmp_path / "cdop" / "injected_faults.json").read_text() == \
        (SAMPLE / "cdop" / "injected_faults.json").read_text()
