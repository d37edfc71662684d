"""The youth justice notebook renders for Exampleshire
2024-25 without errors, warnings, identifiers or dates of birth in its outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from lscb_analysis.checks import privacy

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "raw" / "exampleshire"


@pytest.mark.slow
def test_notebook_renders_for_exampleshire_2024_25(execute_notebook, tmp_path):
    nb, processed = execute_notebook("03_youth_justice.ipynb")
    out = tmp_path / "out"
    outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert not [o for o in outputs if o["output_type"] == "stream" and o["name"] == "stderr"]
    text = json.dumps(outputs)
    assert "entered the youth justice system for the first time" in text
    assert "2022-23 re-offending cohort" in text  # the latest cohort whose waiting period has ended
    assert text.count('alt=\\"') >= 6  # every chart carries alt text

    path = processed / "exampleshire" / "2024-25" / "yos.csv"
    table = pd.read_csv(path, keep_default_na=False)
    assert {"first_time_entrants", "reoffending_binary_rate", "custodial_sentences"} <= set(table["indicator"])
    # the Youth Justice Board's ten KPIs are on the page with their definitions, and in the processed table
    from lscb_analysis.sections.youth_justice.kpis import KPIS

    assert set(KPIS) <= set(table["indicator"])
    assert "KPI 1: suitable accommodation" in text and "KPI 10: victims engaged with restorative justice" in text
    keys = table[["area", "period", "indicator", "breakdown", "unit"]].astype(str)
    assert keys.equals(keys.sort_values(list(keys.columns), kind="stable"))
    # nothing that identifies a child: the project's output scanner over the notebook and the table
    (out / "yos.csv").write_bytes(path.read_bytes())
    assert privacy.scan([out], [SAMPLE / "yos"], check_small_counts=False) == []
