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

@pytest.fixture(scope="session")
def kernel_template():
    """One kernel template for the session (lscb_analysis.runner.kernels), as ``lscb run`` has one per run:
    each notebook a test runs gets a kernel forked from it (None where kernels start afresh)."""
    pytest.importorskip("papermill")
    from lscb_analysis.runner import kernels
    from lscb_analysis.runner.execute import default_kernel

    template = kernels.template_for(default_kernel())
    yield template
    if template is not None:
        template.close()


@pytest.fixture
def execute_notebook(tmp_path, monkeypatch, kernel_template):
    """Run a section notebook as ``lscb run`` does (papermill, a kernel forked from the session's template;
    its own defaults, a fixed pseudonym key, processed files into a temporary folder); returns (executed
    notebook as a dict, the processed folder). A failure fails the test with the failing cell's error."""
    from lscb_analysis.inputs import clean
    from lscb_analysis.runner.execute import default_kernel, execute
    from lscb_analysis.runner.model import Notebook

    monkeypatch.setenv(clean.KEY_ENV, "notebook-test-key")

    def run(name: str, **parameters) -> tuple[dict, Path]:
        notebook = ROOT / "notebooks" / name
        out = tmp_path / "out"
        out.mkdir(exist_ok=True)
        processed = tmp_path / "processed"
        result = execute(Notebook(notebook, int(name[:2]), Path(name).stem[3:]), out / name,
                         {"processed_dir": str(processed), **parameters}, kernel=default_kernel(),
                         cwd=notebook.parent, template=kernel_template)
        if not result.ok:  # synthetic or published data only: the cell's own error is shown
            executed = json.loads((out / name).read_text()) if (out / name).exists() else {"cells": []}
            errors = [f"{o.get('ename')}: {o.get('evalue')}" for c in executed["cells"] for o in c.get("outputs", [])
                      if o.get("output_type") == "error"]
            pytest.fail(f"{name} failed at {result.failure.describe()}: {errors}")
        return json.loads((out / name).read_text()), processed

    return run
