"""The synthetic training sample: reproducible, plausible, and every injected fault caught (and nothing else)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lscb_analysis import indicators as ind
from lscb_analysis import suppression, training
from lscb_analysis.inputs import clean
from lscb_analysis.synth import training as synth

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "raw" / "exampleshire"
FILES = ["courses.csv", "attendance.csv", "evaluations.csv", "elearning.csv", "injected_faults.json"]


@pytest.fixture(scope="module")
def data():
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(clean.KEY_ENV, "synth-test-key")
        return training.load(SAMPLE, area="Exampleshire")


@pytest.fixture(scope="module")
def faults():
    return json.loads((SAMPLE / "training" / "injected_faults.json").read_text())["injected_faults"]


def test_generator_reproduces_the_committed_sample_byte_for_byte(tmp_path):
    record = synth.generate(tmp_path)
    for name in FILES:
        assert (tmp_path / "training" / name).read_bytes() == (SAMPLE / "training" / name).read_bytes(), name
    assert record["injected_faults"] == json.loads((SAMPLE / "training" / "injected_faults.json").read_text())[
        "injected_faults"]


def test_sample_is_small():
    assert sum((SAMPLE / "training" / n).stat().st_size for n in FILES) < 3_000_000


def test_loader_rejects_every_injected_fault_and_nothing_else(data, faults):
    expected = {(f["file"], f["row"]) for f in faults}
    got = {(r["file"], r["row"]) for r in data.rejections.records}
    assert got == expected
    kinds = {f["kind"] for f in faults}
    assert {"invalid_date", "unknown_code", "duplicate", "out_of_range", "not_a_number", "missing_value",
            "unknown_course", "not_attended", "references_rejected_course", "completed_before_enrolled",
            "applied_learning_not_follow_up", "after_form_before_course"} <= kinds
    assert data.rejections.summary()["reconciles"].all()


def test_each_fault_is_logged_against_its_column(data, faults):
    log = data.rejections.to_frame()
    logged = set(zip(log["file"], log["row"], log["column"]))
    for f in faults:
        if f["kind"] in ("references_rejected_course", "duplicate", "unknown_course"):
            continue  # logged against course_id or the key columns
        assert (f["file"], f["row"], f["column"]) in logged, f


def test_2024_25_is_plausible(data):
    t = training.indicators(data, "2024-25")

    def v(name, breakdown="all"):
        return ind.select(t, name, breakdown=breakdown)["value"].iloc[0]

    assert 35 <= v("courses_delivered") <= 45
    assert 900 <= v("delegates_attended") <= 1200
    assert 85 <= v("elearning_completion_rate") <= 97
    assert 50 <= v("evaluation_response_rate", "stage:after") <= 75
    assert 10 <= v("evaluation_response_rate", "stage:follow_up") <= 30
    assert v("delegates_by_sector", "sector:probation") == 0
    cc = training.confidence_change(data, "2024-25").iloc[0]
    assert cc["pairs"] > 300 and 0 < cc["median_change"] <= 3 and cc["p_value"] < 0.001


def test_no_comment_text_in_the_indicator_table(data, tmp_path):
    from lscb_analysis import report

    table = suppression.suppress(training.indicators(data, "2024-25"))
    path = report.write_indicators(table, tmp_path, "exampleshire", "2024-25", "training")
    text = path.read_text()
    comments = _comments()
    assert len(comments) > 100
    assert not [c for c in comments if c in text]
    assert "EX1" not in text  # no raw delegate identifier


def _comments() -> set[str]:
    raw = clean.read_table(SAMPLE / "training" / "evaluations.csv")
    return {c.strip() for c in raw["comment"] if len(c.strip()) >= 12}
