"""The synthetic Exampleshire youth justice sample: reproducible, realistic, and every injected fault
caught by the loader with nothing else rejected."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lscb_analysis import indicators as ind
from lscb_analysis import yos
from lscb_analysis.inputs import clean
from lscb_analysis.synth import yos as synth

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "raw" / "exampleshire"
FILES = ["outcomes.csv", "custody_releases.csv", "remands.csv", "assessments.csv", "injected_faults.json"]

# the reason the loader gives for each kind of injected fault
REASONS = {
    "below_age_of_criminal_responsibility": "10th birthday",
    "aged_18_or_over_at_offence": "aged 18 or over",
    "invalid_date": "not a valid date",
    "unknown_outcome_code": "unknown code",
    "offence_after_outcome": "offence date is after the outcome date",
    "missing_id": "missing required value",
    "missing_date": "missing required date",
    "unknown_sex": "unknown code",
    "inconsistent_date_of_birth": "date of birth differs",
    "duplicate_row": "duplicate of an earlier row",
    "unlinked_young_person": "no outcome record",
    "end_before_start": "ends before it starts",  # a remand or a KPI intervention
    "unknown_remand_type": "unknown code",
    "unknown_level": "unknown code",
    "unknown_stage": "unknown code",
    # the key performance indicator extracts
    "unknown_code": "unknown code",
    "under_10_at_start": "under 10 on the start date",
    "more_engaged_than_consented": "more victims engaged",
    "missing_partner": "missing required value",
}


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv(clean.KEY_ENV, "test-key")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    d = tmp_path_factory.mktemp("gen") / "exampleshire"
    record = synth.generate(d)
    (d / "population.csv").write_bytes((BUNDLED / "population.csv").read_bytes())
    return d, record


@pytest.fixture(scope="module")
def data(generated):
    import os

    os.environ[clean.KEY_ENV] = "test-key"
    return yos.load(generated[0])


def test_generation_is_byte_identical_and_matches_the_bundled_sample(generated, tmp_path):
    d, _ = generated
    again = tmp_path / "again"
    synth.generate(again)
    for name in FILES:
        assert (again / "yos" / name).read_bytes() == (d / "yos" / name).read_bytes(), name
        assert (BUNDLED / "yos" / name).read_bytes() == (d / "yos" / name).read_bytes(), f"bundled {name} is stale"


def test_injected_faults_are_recorded_beside_the_files(generated):
    d, record = generated
    on_disk = json.loads((d / "yos" / "injected_faults.json").read_text())
    assert on_disk == json.loads(json.dumps(record))
    kinds = {f["kind"] for f in record["injected_faults"]}
    assert kinds == set(REASONS)
    assert all(set(f) == {"file", "row", "column", "kind"} for f in record["injected_faults"])


def test_loader_catches_every_injected_fault_and_nothing_else(generated, data):
    _, record = generated
    faults = {(f["file"], f["row"]): f for f in record["injected_faults"]}
    log = data.rejections.to_frame()
    rejected = set(zip(log["file"], log["row"]))
    assert rejected == set(faults)
    for (file, row), f in faults.items():
        reasons = log[(log["file"] == file) & (log["row"] == row)]
        assert reasons["reason"].str.contains(REASONS[f["kind"]], regex=False).any(), f
        assert f["column"] in set(reasons["column"]), f
    summary = data.rejections.summary()
    assert summary["reconciles"].all()
    assert summary.set_index("file")["rows_read"].to_dict() == record["files"]


def test_volumes_are_realistic(data):
    """Exampleshire has about 18,000 children aged 10-17. England's first time entrants fell from about
    290 per 100,000 aged 10-17 (2016-17) to about 140 (2023-24) and the use of custody is now below
    0.2 per 1,000; about a third of a youth cohort is proven to re-offend."""
    t = pd.concat([yos.indicators(data, y) for y in ("2023-24", "2024-25")], ignore_index=True)
    pop = ind.select(t, "first_time_entrants", unit="per 100,000 aged 10-17", period="2024-25")["denominator"].iloc[0]
    assert 16_000 < pop < 20_000
    fte = ind.select(t, "first_time_entrants", unit="per 100,000 aged 10-17")["value"]
    assert fte.between(60, 300).all()
    custody = ind.select(t, "custodial_sentences", unit="per 1,000 aged 10-17")["value"]
    assert (custody < 1.0).all()
    re = ind.select(t, "reoffending_binary_rate", unit="percent", period="2022-23")
    assert 20 <= re["value"].iloc[0] <= 45 and re["denominator"].iloc[0] >= 30


def test_first_time_entrants_fall_and_early_years_carry_the_history_warning(data):
    early, late = yos.fte_history(data, "2016-17"), yos.fte_history(data, "2024-25")
    assert early.years_before_period == 0 and not early.sufficient
    assert late.sufficient and late.years_before_period == pytest.approx(8.0, abs=0.01)
    assert late.entrants < early.entrants / 2


def test_annual_reoffending_about_a_third(data):
    rates = []
    for y in ("2017-18", "2018-19", "2019-20", "2020-21", "2021-22", "2022-23"):
        t = yos.reoffending(data, pd.Timestamp(int(y[:4]), 4, 1), pd.Timestamp(int(y[:4]) + 1, 3, 31))
        r = ind.select(t, "reoffending_binary_rate", unit="percent")
        rates.append((r["numerator"].iloc[0], r["denominator"].iloc[0]))
    x, n = np.sum(rates, axis=0)
    assert 0.28 <= x / n <= 0.40
