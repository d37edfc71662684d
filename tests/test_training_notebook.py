"""The training notebook runs for Exampleshire 2024-25 and no comment text or identifier reaches its outputs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lscb_analysis.checks import privacy
from lscb_analysis.inputs import clean

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "raw" / "exampleshire"


@pytest.mark.slow
def test_notebook_runs_and_leaks_no_comment(execute_notebook, tmp_path):
    nb, processed = execute_notebook("04_training.ipynb")
    out = tmp_path / "out"
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
    # this year and last, for the key facts page; nothing hidden (professionals, courses, organisations)
    table = clean.read_table(processed / "exampleshire" / "2024-25" / "training.csv")
    assert set(table["period"]) == {"2023-24", "2024-25"}
    assert set(table["symbol"]) == {""}
    # the project's own output scanner agrees (identifiers, dates of birth, names, comments)
    (out / "training.csv").write_text(csv)
    assert privacy.scan([out], [SAMPLE / "training"], check_small_counts=False) == []
