"""The year loop (lscb_analysis.runner.run) end to end on tiny fixture notebooks in temporary folders:
building, skipping, atomic replacement, failures, the overview after the sections, internal runs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from run_fixtures import AREA, FIXTURES, ROOT, YEARS, copy_project, paths_for, tree_bytes

from lscb_analysis.runner.execute import WITHHELD, default_kernel
from lscb_analysis.runner.lock import lock
from lscb_analysis.runner.manifest import sha256_file
from lscb_analysis.runner.model import Notebook, RunOptions, exit_code
from lscb_analysis.runner.run import run, slowest_first

# ---------------------------------------------------------------------------------------------
# end to end on the fixture notebooks


def test_a_build_writes_every_page_the_manifest_and_the_indicator_tables(tmp_path):
    base = copy_project(tmp_path / "p")
    reports = base / "reports" / AREA
    for year in YEARS:
        folder = reports / year
        assert sorted(p.name for p in folder.iterdir()) == ["01_alpha.html", "02_beta.html", "index.html",
                                                          "manifest.json", "reviewer"]
        assert sorted(p.name for p in (folder / "reviewer").iterdir()) == [
            "01_alpha.html", "02_beta.html", "index.html", "methodology.html", "notebooks"]
        assert sorted(p.name for p in (base / "processed" / AREA / year).iterdir()) == ["cp.csv", "training.csv"]
    # nothing left behind: no work folders, no staging
    assert not list(reports.glob(".work-*")) and not (base / "processed" / ".work").exists()
    assert (reports / "index.html").is_file() and (base / "reports" / "index.html").is_file()


def test_the_manifest_records_parameters_inputs_versions_and_timings(tmp_path):
    base = copy_project(tmp_path / "p")
    m = json.loads((base / "reports" / AREA / "2024-25" / "manifest.json").read_text())
    assert m["parameters"] == {"area": AREA, "reporting_year": "2024-25", "raw_dir": "../raw",
                               "processed_dir": "../processed", "trend_years": 5, "suppress": True}
    raw = base / "raw" / AREA / "fixture" / "referrals.csv"
    assert m["inputs"][f"{AREA}/fixture/referrals.csv"] == sha256_file(raw)
    assert set(m["inputs"]) == {f"{AREA}/fixture/referrals.csv", "dfe/README.md"}
    assert m["git"] == {"commit": None, "clean": None}
    assert m["packages"]["papermill"] and m["packages"]["python"].startswith("3.")
    assert set(m["timings_seconds"]) == {"00_overview.ipynb", "01_alpha.ipynb", "02_beta.ipynb"}
    assert all(0 < t < 120 for t in m["timings_seconds"].values())
    assert m["kernel"] == default_kernel()
    if hasattr(os, "fork") and os.environ.get("LSCB_KERNELS") != "spawn":  # kernels forked from one template
        assert m["kernel_start"].startswith("forked from one process")
    assert [s["sources"] for s in m["sections"]] == [["local extract"], ["training records"]]


def test_a_second_run_with_nothing_changed_skips_every_year(tmp_path):
    base = copy_project(tmp_path / "p")
    before = tree_bytes(base / "reports")
    events = []
    results = run(RunOptions(area=AREA, years=YEARS, jobs=2), paths_for(base), on_event=events.append)
    assert [r.status for r in results] == ["skipped", "skipped"]
    assert not [e for e in events if e.kind == "notebook-started"]
    assert tree_bytes(base / "reports") == before


def test_the_runner_never_changes_this_process_s_working_folder(tmp_path, monkeypatch):
    # notebooks run in threads of one process, which share one working folder: papermill's own
    # ``cwd`` switched it for each notebook and switched it back, so one notebook's switch-back could
    # start another's kernel in the wrong folder (a CI failure: '../raw/...' not found)
    base = copy_project(tmp_path / "p")
    (base / "raw" / AREA / "fixture" / "note.txt").write_text("a new input, so the year rebuilds")
    import os

    here, moves = os.getcwd(), []
    real_chdir = os.chdir
    # papermill's file handler still "changes" to the folder it is already in around each read and
    # write, which is harmless; a change to any other folder is what must not happen
    monkeypatch.setattr(os, "chdir", lambda p: (moves.append(str(p)) if str(p) != here else None, real_chdir(p)))
    res = run(RunOptions(area=AREA, years=["2024-25"], jobs=2), paths_for(base))
    assert [r.status for r in res] == ["built"]
    assert moves == []


def test_changing_an_input_rebuilds_the_area_and_the_new_figure_is_shown(tmp_path):
    base = copy_project(tmp_path / "p")
    raw = base / "raw" / AREA / "fixture" / "referrals.csv"
    raw.write_text(raw.read_text().replace("Testshire,2024-25,1200,", "Testshire,2024-25,1300,"))
    # another area's data would not count: only this area's folder and dfe/ are inputs
    plan = run(RunOptions(area=AREA, years=YEARS, dry_run=True), paths_for(base))
    assert [r.status for r in plan] == ["would build", "would build"]
    res = run(RunOptions(area=AREA, years=["2024-25"], jobs=2), paths_for(base))
    assert [r.status for r in res] == ["built"], (res[0].message, [(f.notebook, f.failure) for f in res[0].failures])
    index = (base / "reports" / AREA / "2024-25" / "index.html").read_text()
    assert "1,300" in index and "+30.0%" in index  # 1,300 against 1,000 the year before
    m = json.loads((base / "reports" / AREA / "2024-25" / "manifest.json").read_text())
    assert m["inputs"][f"{AREA}/fixture/referrals.csv"] == sha256_file(raw)
    assert "1300" in (base / "processed" / AREA / "2024-25" / "cp.csv").read_text()
    # and now that year is up to date again
    again = run(RunOptions(area=AREA, years=["2024-25"], dry_run=True), paths_for(base))
    assert again[0].status == "skipped"


def test_a_failing_notebook_leaves_the_good_report_names_the_cell_and_exits_1(tmp_path):
    base = copy_project(tmp_path / "p")
    nbdir = base / "notebooks"
    shutil.copy(FIXTURES / "failing.ipynb", nbdir / "02_beta.ipynb")  # raises in cell 4
    shutil.copy(FIXTURES / "slow.ipynb", nbdir / "01_alpha.ipynb")  # cell 3 runs past the limit
    report = base / "reports" / AREA / "2024-25"
    before = tree_bytes(report)
    processed_before = tree_bytes(base / "processed")
    # the limit leaves room for two kernels starting at once on a busy 2-core machine (a first cell can
    # take a few seconds there); the slow notebook's cell sleeps for 60 s
    results = run(RunOptions(area=AREA, years=["2024-25"], jobs=2, force=True, cell_timeout=10),
                      paths_for(base))
    assert exit_code(results) == 1
    (r,) = results
    assert r.status == "failed"
    failures = {f.notebook.path.name: f.failure for f in r.failures}
    assert failures["02_beta.ipynb"].cell == 4
    assert failures["02_beta.ipynb"].source == 'raise ValueError("deliberate failure for the test")'
    # the exception's text may quote data: withheld (ValueError is not a value-free library message)
    assert failures["02_beta.ipynb"].error == f"ValueError: {WITHHELD}"
    assert failures["01_alpha.ipynb"].cell == 3
    assert failures["01_alpha.ipynb"].error == "the cell ran longer than the 10 s limit"
    assert "cell 4 (In [4])" in failures["02_beta.ipynb"].describe()
    # the previous good report is untouched; the failed notebooks are kept beside it
    after = tree_bytes(report)
    kept = {k: v for k, v in after.items() if not k.startswith("_failed/")}
    assert kept == before
    assert {"_failed/01_alpha.ipynb", "_failed/02_beta.ipynb", "_failed/README.txt"} <= set(after)
    # the overview never started: its sections failed
    assert set(failures) == {"01_alpha.ipynb", "02_beta.ipynb"}
    assert "_failed/00_overview.ipynb" not in after
    readme = after["_failed/README.txt"].decode()
    assert "02_beta.ipynb: cell 4 (In [4])" in readme and "ValueError: details withheld" in readme
    # the cell is named by its first line of code (code, not data); the exception's text is not repeated
    assert readme.count("deliberate failure for the test") == 1
    assert tree_bytes(base / "processed") == processed_before
    # a year with a failed run since its last good one is rebuilt next time, even if nothing changed
    shutil.copy(FIXTURES / "02_beta.ipynb", nbdir / "02_beta.ipynb")
    shutil.copy(FIXTURES / "01_alpha.ipynb", nbdir / "01_alpha.ipynb")
    plan = run(RunOptions(area=AREA, years=YEARS, dry_run=True), paths_for(base))
    assert [p.status for p in plan] == ["skipped", "would build"]


def test_the_overview_runs_after_every_section_and_reads_their_tables(tmp_path):
    import nbformat

    base = copy_project(tmp_path / "p")
    nbdir = base / "notebooks"
    slow = nbformat.read(FIXTURES / "02_beta.ipynb", as_version=4)
    slow.cells.insert(2, nbformat.v4.new_code_cell("import time\ntime.sleep(3)"))
    nbformat.write(slow, nbdir / "02_beta.ipynb")
    events = []
    results = run(RunOptions(area=AREA, years=["2024-25"], jobs=2, force=True), paths_for(base),
                  on_event=events.append)
    assert [r.status for r in results] == ["built"]
    kinds = [(e.kind, e.notebook) for e in events if e.kind.startswith("notebook-")]
    assert kinds.index(("notebook-started", "00_overview")) > kinds.index(("notebook-finished", "02_beta"))
    assert kinds.index(("notebook-started", "00_overview")) > kinds.index(("notebook-finished", "01_alpha"))
    page = (base / "reports" / AREA / "2024-25" / "index.html").read_text()
    assert "300.0" in page  # 1,200 referrals / 40,000 children x 10,000, from the tables written this run


def test_the_slowest_section_starts_first(tmp_path):
    nbs = [Notebook(tmp_path / f"0{k}_s{k}.ipynb", k, f"s{k}") for k in (1, 2, 3)]
    assert slowest_first(nbs, tmp_path) == nbs  # no earlier report: number order
    (tmp_path / "manifest.json").write_text(json.dumps({"timings_seconds": {
        "01_s1.ipynb": 2.0, "02_s2.ipynb": 9.0, "00_overview.ipynb": 30.0}}))
    assert [nb.number for nb in slowest_first(nbs, tmp_path)] == [2, 1, 3]


def test_a_locked_report_is_not_touched_and_the_command_exits_3(tmp_path):
    base = copy_project(tmp_path / "p")
    before = tree_bytes(base / "reports")
    with lock(base / "reports" / AREA / ".lock-2024-25"):
        proc = subprocess.run(
            [sys.executable, "-m", "lscb_analysis", "run", "--area", AREA, "--year", "2024-25", "--force",
             "--notebooks-dir", str(base / "notebooks"), "--raw-dir", str(base / "raw"),
             "--processed-dir", str(base / "processed"), "--reports-dir", str(base / "reports")],
            capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert "LOCKED" in proc.stdout and "another run is writing this report" in proc.stdout
    assert tree_bytes(base / "reports") == before


def test_an_internal_run_without_suppression_is_marked_and_kept_apart(tmp_path):
    base = copy_project(tmp_path / "p")
    published = tree_bytes(base / "reports" / AREA)
    res = run(RunOptions(area=AREA, years=["2024-25"], sections=["01"], suppress=False, jobs=2),
                  paths_for(base))
    assert [r.status for r in res] == ["built"]
    internal = base / "reports" / "_internal" / AREA / "2024-25"
    assert sorted(p.name for p in internal.iterdir()) == ["01_alpha.html", "index.html", "manifest.json", "methodology.html",
                                                        "notebooks"]
    page = (internal / "01_alpha.html").read_text()
    assert "INTERNAL USE ONLY" in page and "NOT FOR PUBLICATION" in page
    assert 'jp-InputArea-editor"' in page  # reviewer pages: the code is shown
    # unsuppressed, the section 47 count of 4 is visible here (and only here)
    assert "<td>4</td>" in page.replace(" ", "")
    assert tree_bytes(base / "reports" / AREA) == published  # the published report is untouched


def test_trend_years_reach_the_notebooks_and_a_change_rebuilds(tmp_path):
    base = copy_project(tmp_path / "p")
    plan = run(RunOptions(area=AREA, years=["2024-25"], trend_years=3, dry_run=True), paths_for(base))
    assert plan[0].status == "would build"  # a parameter changed
    res = run(RunOptions(area=AREA, years=["2024-25"], trend_years=3, jobs=2), paths_for(base))
    assert [r.status for r in res] == ["built"]
    m = json.loads((base / "reports" / AREA / "2024-25" / "manifest.json").read_text())
    assert m["parameters"]["trend_years"] == 3
    executed = json.loads((base / "reports" / AREA / "2024-25" / "reviewer" / "notebooks" / "01_alpha.ipynb").read_text())
    injected = next(c for c in executed["cells"] if "injected-parameters" in c["metadata"].get("tags", []))
    assert "trend_years = 3" in "".join(injected["source"])


def test_trend_years_outside_1_to_10_are_refused(tmp_path):
    import pytest

    from lscb_analysis.runner.model import BadInput

    base = copy_project(tmp_path / "p")
    for n in (0, 11):
        with pytest.raises(BadInput, match="--trend-years must be a whole number from 1 to 10"):
            run(RunOptions(area=AREA, years=["2024-25"], trend_years=n), paths_for(base))


def test_missing_commentary_makes_a_draft_and_final_refuses_until_it_is_written(tmp_path):
    import pytest

    from lscb_analysis.runner.model import BadInput

    base = copy_project(tmp_path / "p")
    # the fixture project has no commentary: its packs were built as drafts
    m = json.loads((base / "reports" / AREA / "2024-25" / "manifest.json").read_text())
    assert m["draft"] is True and m["commentary_missing"] == ["01_alpha", "02_beta", "00_overview"]
    page = (base / "reports" / AREA / "2024-25" / "01_alpha.html").read_text()
    assert ("<strong>DRAFT \u2013 NOT FINAL.</strong> The partnership\u2019s own commentary (not the example "
            "text) is still missing for 01_alpha, 02_beta, 00_overview.</p>") in " ".join(page.split())
    before = tree_bytes(base / "reports")
    folder = base / "commentary" / AREA / "2024-25"
    folder.mkdir(parents=True)
    (folder / "01_alpha.md").write_text("Referrals rose by a fifth.\n")
    with pytest.raises(BadInput, match="02_beta.md, 00_overview.md"):
        run(RunOptions(area=AREA, years=["2024-25"], final=True), paths_for(base))
    with pytest.raises(BadInput, match="commentary is not complete"):
        run(RunOptions(area=AREA, years=["2024-25"], final=True, dry_run=True), paths_for(base))
    assert tree_bytes(base / "reports") == before
    for name in ("02_beta", "00_overview"):
        (folder / f"{name}.md").write_text("Written.\n")
    res = run(RunOptions(area=AREA, years=["2024-25"], final=True, jobs=2), paths_for(base))
    assert [(r.status, r.draft) for r in res] == [("built", False)]
    assert "DRAFT" not in (base / "reports" / AREA / "2024-25" / "01_alpha.html").read_text()
