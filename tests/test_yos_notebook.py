"""The youth justice notebook: the house parameters cell, committed clean, and it renders for Exampleshire
2024-25 without errors, warnings, identifiers or dates of birth in its outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from lscb_analysis import clean, privacy

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "03_youth_justice.ipynb"
SAMPLE = ROOT / "data" / "raw" / "exampleshire"


def test_parameters_cell_is_the_house_one_and_outputs_are_cleared():
    nb = json.loads(NOTEBOOK.read_text())
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code[0]["metadata"].get("tags") == ["parameters"]
    assert "".join(code[0]["source"]) == ('area = "exampleshire"\nreporting_year = "2024-25"\nraw_dir = "../data/raw"\n'
                                          'processed_dir = "../data/processed"\ntrend_years = 5\nsuppress = True')
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)


@pytest.mark.slow
def test_notebook_renders_for_exampleshire_2024_25(tmp_path, monkeypatch):
    papermill = pytest.importorskip("papermill")
    monkeypatch.setenv(clean.KEY_ENV, "notebook-test-key")
    out = tmp_path / "out"
    out.mkdir()
    processed = tmp_path / "processed"
    papermill.execute_notebook(str(NOTEBOOK), str(out / "03_youth_justice.ipynb"), cwd=str(NOTEBOOK.parent),
                               parameters={"processed_dir": str(processed)}, progress_bar=False, log_output=False)
    nb = json.loads((out / "03_youth_justice.ipynb").read_text())
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
    keys = table[["area", "period", "indicator", "breakdown", "unit"]].astype(str)
    assert keys.equals(keys.sort_values(list(keys.columns), kind="stable"))
    # nothing that identifies a child: the project's output scanner over the notebook and the table
    (out / "yos.csv").write_bytes(path.read_bytes())
    assert privacy.scan([out], [SAMPLE / "yos"], check_small_counts=False) == []
