"""Child deaths, loading: age at death at the day boundaries, rejected rows and their reasons, the
bundled synthetic sample."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from lscb_analysis import cdop
from lscb_analysis import indicators as ind
from lscb_analysis.inputs import clean
from lscb_analysis.synth import cdop as synth

from .helpers import FILE, HEADER, SAMPLE, case, load, write_births, write_imd

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
    summary = sample.rejections.summary().set_index("file").loc["cdop/child_deaths.csv"]
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


# --------------------------------------------------------------------------- ethnicity, deprivation, births


def test_ethnic_groups_from_codes_and_spelled_out_groups():
    from lscb_analysis.sections.child_deaths.codes import ethnic_group

    got = ethnic_group(["WBRI", "MWBC", "APKN", "BAFR", "OOTH", "CHNE", "REFU", "NOBT", "", None,
                        "White British", " black caribbean", "XYZ"])
    assert got == ["White", "Mixed", "Asian or Asian British", "Black or Black British", "Other ethnic group",
                   "Asian or Asian British", "not known", "not known", "not known", "not known", "White",
                   "Black or Black British", "not known"]


@pytest.mark.parametrize("decile, quintile", [(1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (6, 3), (8, 4), (9, 5),
                                              (10, 5), ("10", 5), (0, None), (11, None), (2.5, None), ("x", None),
                                              (None, None)])
def test_imd_quintile_boundaries(decile, quintile):
    from lscb_analysis.sections.child_deaths.codes import imd_quintile

    assert imd_quintile(decile) == quintile


def test_lsoa_lookup_and_births_files(tmp_path):
    write_imd(tmp_path, {"E01000001": 2, "E01000002": 3, "E01000003": 11})  # the last is no decile
    write_births(tmp_path, [("Exampleshire", "2024-25", 2000), ("Exampleshire", 2023, 1800),
                            ("Westbridge", "2024-25x", 900), ("Exampleshire", "2024-25", 2100),
                            ("Westbridge", "2024-25", 0)])
    data = load(tmp_path, [
        case("L1", "2015-01-01", "2024-06-01", lsoa="E01000001"),
        case("L2", "2015-01-01", "2024-06-01", lsoa=" e01000002 "),   # trimmed, any case
        case("L3", "2015-01-01", "2024-06-01", lsoa="E01000003"),     # its lookup row was rejected
        case("L4", "2015-01-01", "2024-06-01"),                       # no code
    ])
    assert data.deprivation
    assert sorted(data.deaths["imd_quintile"].dropna().astype(int)) == [1, 2]
    assert "lsoa_code" not in data.deaths.columns  # the neighbourhood is not kept, only its quintile
    rejected = data.rejections.to_frame()
    assert set(zip(rejected["file"], rejected["row"])) >= {("cdop/imd_lookup.csv", 4), ("cdop/births.csv", 4),
                                                          ("cdop/births.csv", 5), ("cdop/births.csv", 6)}
    assert "not an IMD decile from 1 to 10" in set(rejected["reason"])
    assert data.births.to_dict("list") == {"area": ["Exampleshire", "Exampleshire"], "start_year": [2024, 2023],
                                           "live_births": [2000.0, 1800.0]}
    notes = " ".join(n["note"] for n in data.rejections.notes)
    assert "deprivation is counted as not known" in notes
    summary = data.rejections.summary().set_index("file")
    assert summary["reconciles"].all()


def test_children_resident_outside_the_panel_are_named_in_the_data_quality_notes(tmp_path):
    data = load(tmp_path, [case("O1", "2015-01-01", "2024-06-01", residence="Northvale"),
                           case("O2", "2015-01-01", "2024-06-01")])
    notes = " ".join(n["note"] for n in data.rejections.notes)
    assert "Northvale" in notes and "resident elsewhere" in notes
    assert len(data.deaths) == 2  # kept, and counted apart (test_records)


def test_a_panel_area_without_a_population_is_named(tmp_path):
    from lscb_analysis.sections.child_deaths.load import load as load_section

    from .helpers import write_cases, write_population

    write_population(tmp_path, areas=["Exampleshire"])
    write_cases(tmp_path, [case("Z1", "2015-01-01", "2024-06-01", residence="Westbridge")])
    data = load_section(tmp_path, panel_areas=["Exampleshire", "Westbridge"])
    notes = " ".join(n["note"] for n in data.rejections.notes)
    assert "population.csv has no children for Westbridge" in notes
    t = cdop.indicators(data, "2024-25")
    assert ind.select(t, "child_deaths", unit="count", period="2024-25")["value"].iloc[0] == 1  # counted
    assert np.isnan(ind.select(t, "child_deaths", unit=cdop.UNIT, period="2024-25")["value"].iloc[0])
