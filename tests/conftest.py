"""Shared test helpers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent



@pytest.fixture(autouse=True, scope="session")
def _cache_outside_repo(tmp_path_factory):
    """cp.load's cache of cleaned tables (child-level data) goes to a temporary folder, never the repo's
    data/interim; set in the environment, so notebook kernels and ``lscb run`` subprocesses use it too.
    Session-wide, so that module-scoped fixtures that load data are covered too."""
    patch = pytest.MonkeyPatch()
    patch.setenv("LSCB_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "lscb-cache"))
    # `lscb run` in tests builds the HTML pages only; the PDF and Word editions have tests of their own
    # (tests/report) and are built by `make report`
    patch.setenv("LSCB_EDITIONS", "0")
    yield
    patch.undo()

@pytest.fixture
def execute_notebook(tmp_path, monkeypatch):
    """Run a section notebook with papermill (its own defaults, a fixed pseudonym key, processed files
    into a temporary folder); returns (executed notebook as a dict, the processed folder)."""
    papermill = pytest.importorskip("papermill")
    from lscb_analysis.inputs import clean

    monkeypatch.setenv(clean.KEY_ENV, "notebook-test-key")

    def run(name: str, **parameters) -> tuple[dict, Path]:
        notebook = ROOT / "notebooks" / name
        out = tmp_path / "out"
        out.mkdir(exist_ok=True)
        processed = tmp_path / "processed"
        papermill.execute_notebook(str(notebook), str(out / name), cwd=str(notebook.parent),
                                   parameters={"processed_dir": str(processed), **parameters},
                                   progress_bar=False, log_output=False)
        return json.loads((out / name).read_text()), processed

    return run
