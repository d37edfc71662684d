"""The child protection and child deaths notebooks render end to end (papermill) with nothing leaked:
for the synthetic Exampleshire 2024-25, and, from published statistics only, for Bexley 2016-17, where
the child protection figures are those printed in its annual report (seed 003, section 3.2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lscb_analysis.checks import privacy

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "raw" / "exampleshire"


def outputs_of(nb: dict) -> list[dict]:
    return [o for c in nb["cells"] for o in c.get("outputs", [])]


def assert_clean_run(nb: dict) -> str:
    outputs = outputs_of(nb)
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert not [o for o in outputs if o["output_type"] == "stream" and o.get("name") == "stderr"]
    return json.dumps(outputs)


@pytest.mark.slow
def test_child_protection_notebook_exampleshire(execute_notebook, tmp_path):
    nb, processed = execute_notebook("01_child_protection.ipynb")
    text = assert_clean_run(nb)
    assert "synthetic" in text.lower()
    assert "How these figures are defined" in text
    table = (processed / "exampleshire" / "2024-25" / "cp.csv").read_text()
    assert "icpc_within_15_working_days" in table
    (tmp_path / "out" / "cp.csv").write_text(table)
    assert privacy.scan([tmp_path / "out"], [SAMPLE], check_small_counts=False) == []


@pytest.mark.slow
def test_seed003_s3_2_child_protection_notebook_bexley_2016_17(execute_notebook):
    nb, _ = execute_notebook("01_child_protection.ipynb", area="bexley", reporting_year="2016-17")
    text = assert_clean_run(nb)
    # the five percentages printed in Bexley's 2016-17 annual report, section 3.2
    for figure in ("39.4", "81.8", "82.8", "15.2", "4.7"):
        assert f">{figure}<" in text, figure
    # section 5.3: referrals assessed as not in need (2014-15, 2015-16) and leading to an assessment (2015-16)
    for figure in ("35.4", "48.0", "95.9"):
        assert f">{figure}<" in text, figure
    # the page holds published statistics: its method notes name the publication (issue 17)
    assert "council case records" not in text
    assert "the bundled DfE file covers 2017-18 to 2024-25" in text


@pytest.mark.slow
def test_child_deaths_notebook_exampleshire(execute_notebook, tmp_path):
    nb, processed = execute_notebook("02_child_deaths.ipynb")
    assert_clean_run(nb)
    table = (processed / "exampleshire" / "2024-25" / "cdop.csv").read_text()
    assert "child_deaths" in table
    (tmp_path / "out" / "cdop.csv").write_text(table)
    assert privacy.scan([tmp_path / "out"], [SAMPLE / "cdop"], check_small_counts=False) == []
