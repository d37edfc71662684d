"""The training notebook runs for Exampleshire 2024-25 and no comment text or identifier reaches its outputs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lscb_analysis import clean, privacy

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "04_training.ipynb"
SAMPLE = ROOT / "data" / "raw" / "exampleshire"


def test_parameters_cell_is_the_house_one():
    nb = json.loads(NOTEBOOK.read_text())
    first = next(c for c in nb["cells"] if c["cell_type"] == "code")
    assert first["metadata"].get("tags") == ["parameters"]
    assert "".join(first["source"]) == ('area = "exampleshire"\nreporting_year = "2024-25"\nraw_dir = "../data/raw"\n'
                                        'processed_dir = "../data/processed"\ntrend_years = 5\nsuppress = True')


@pytest.mark.slow
def test_notebook_runs_and_leaks_no_comment(tmp_path, monkeypatch):
    papermill = pytest.importorskip("papermill")
    monkeypatch.setenv(clean.KEY_ENV, "notebook-test-key")
    out = tmp_path / "out"
    out.mkdir()
    processed = tmp_path / "processed"
    papermill.execute_notebook(str(NOTEBOOK), str(out / "04_training.ipynb"), cwd=str(NOTEBOOK.parent),
                               parameters={"processed_dir": str(processed)}, progress_bar=False, log_output=False)
    nb = json.loads((out / "04_training.ipynb").read_text())
    outputs = json.dumps([c.get("outputs", []) for c in nb["cells"]])
    assert "error" not in {o.get("output_type") for c in nb["cells"] for o in c.get("outputs", [])}
    csv = (processed / "exampleshire" / "2024-25" / "training.csv").read_text()
    raw = clean.read_table(SAMPLE / "training" / "evaluations.csv")
    comments = {c.strip() for c in raw["comment"] if len(c.strip()) >= 12}
    assert comments
    for text in (outputs, csv):
        assert not [c for c in comments if c in text or json.dumps(c)[1:-1] in text]
        assert not re.search(r"\bEX\d{6}\b", text)  # raw delegate identifiers
    assert "delivered" in outputs and "Kirkpatrick" in outputs
    # the project's own output scanner agrees (identifiers, dates of birth, names, comments)
    (out / "training.csv").write_text(csv)
    assert privacy.scan([out], [SAMPLE / "training"], check_small_counts=False) == []
