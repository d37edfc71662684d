"""The runner (lscb_analysis.run) and the lscb command: discovery, skipping, locking, atomic
replacement, failure handling and exit codes, on tiny fixture notebooks in temporary folders."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from run_fixtures import AREA, FIXTURES, ROOT, YEARS, copy_project, make_project, paths_for, tree_bytes

from lscb_analysis.runner import cli
from lscb_analysis.runner import run

# ---------------------------------------------------------------------------------------------
# discovery and inputs (no notebooks executed)


def test_notebooks_are_found_by_name_and_the_overview_is_separate(tmp_path):
    for name in ("02_beta.ipynb", "01_alpha.ipynb", "00_overview.ipynb", "10_later.ipynb", "notes.ipynb",
                 "1_bad.ipynb"):
        (tmp_path / name).write_text("{}")
    sections, overview = run.discover_notebooks(tmp_path)
    assert [nb.path.name for nb in sections] == ["01_alpha.ipynb", "02_beta.ipynb", "10_later.ipynb"]
    assert overview.path.name == "00_overview.ipynb"
    assert [nb.name for nb in sections] == ["alpha", "beta", "later"]


def test_two_notebooks_with_one_number_or_none_at_all_is_bad_input(tmp_path):
    with pytest.raises(run.BadInput, match="no section notebooks"):
        run.discover_notebooks(tmp_path)
    (tmp_path / "01_a.ipynb").write_text("{}")
    (tmp_path / "01_b.ipynb").write_text("{}")
    with pytest.raises(run.BadInput, match="share a number"):
        run.discover_notebooks(tmp_path)


def test_sections_are_chosen_by_number_or_name(tmp_path):
    for name in ("01_child_protection.ipynb", "02_child_deaths.ipynb", "04_training.ipynb"):
        (tmp_path / name).write_text("{}")
    sections, _ = run.discover_notebooks(tmp_path)
    pick = lambda *w: [nb.number for nb in run.select_sections(sections, list(w))]  # noqa: E731
    assert pick() == [1, 2, 4]
    assert pick("4", "01") == [1, 4]
    assert pick("training,child_deaths") == [2, 4]
    assert pick("02_child_deaths.ipynb") == [2]
    with pytest.raises(run.BadInput, match="unknown section '3'"):
        pick("3")


def test_input_hashes_cover_the_area_and_published_statistics_only(tmp_path):
    (tmp_path / "a" / "sub").mkdir(parents=True)
    (tmp_path / "b").mkdir()
    (tmp_path / "dfe").mkdir()
    (tmp_path / "a" / "sub" / "x.csv").write_bytes(b"abc")
    (tmp_path / "b" / "y.csv").write_bytes(b"other area")
    (tmp_path / "dfe" / "z.csv").write_bytes(b"")
    h = run.input_hashes(tmp_path, "a")
    # SHA-256 of "abc" and of the empty file, as published in FIPS 180-2 and everywhere else
    assert h == {"a/sub/x.csv": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                 "dfe/z.csv": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}
    (tmp_path / "b" / "y.csv").write_bytes(b"changed")
    assert run.input_hashes(tmp_path, "a") == h  # another area's files do not affect this one


def test_code_hash_changes_with_content_not_with_caches(tmp_path):
    (tmp_path / "pkg" / "__pycache__").mkdir(parents=True)
    (tmp_path / "pkg" / "m.py").write_text("x = 1\n")
    before = run.code_hash([tmp_path / "pkg"])
    (tmp_path / "pkg" / "__pycache__" / "m.cpython-311.pyc").write_bytes(b"\0")
    assert run.code_hash([tmp_path / "pkg"]) == before
    (tmp_path / "pkg" / "m.py").write_text("x = 2\n")
    assert run.code_hash([tmp_path / "pkg"]) != before


def test_default_kernel_is_the_project_kernel_when_installed():
    from jupyter_client.kernelspec import KernelSpecManager

    installed = "lscb-analysis" in KernelSpecManager().find_kernel_specs()
    assert run.default_kernel() == ("lscb-analysis" if installed else "python3")


def test_git_state_outside_a_checkout(tmp_path):
    assert run.git_state(tmp_path) == {"commit": None, "clean": None}


def test_the_lock_is_exclusive_and_released(tmp_path):
    path = tmp_path / ".lock-2024-25"
    with run.lock(path):
        assert "pid" in path.read_text()
        with pytest.raises(run.Locked, match="another run is writing this report"):
            with run.lock(path):
                pass
    with run.lock(path):  # released when the first holder finished
        pass


def test_exit_codes():
    r = lambda s: run.YearResult(AREA, "2024-25", s)  # noqa: E731
    assert run.exit_code([r("built"), r("skipped")]) == 0
    assert run.exit_code([r("built"), r("locked")]) == 3
    assert run.exit_code([r("locked"), r("failed")]) == 1


def test_replacing_a_folder_never_leaves_a_mixture(tmp_path):
    target, new = tmp_path / "2024-25", tmp_path / ".work"
    target.mkdir()
    (target / "old.html").write_text("old")
    new.mkdir()
    (new / "new.html").write_text("new")
    run._replace_dir(new, target)
    assert sorted(p.name for p in target.iterdir()) == ["new.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024-25"]


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
    assert m["inputs"][f"{AREA}/fixture/referrals.csv"] == run.sha256_file(raw)
    assert set(m["inputs"]) == {f"{AREA}/fixture/referrals.csv", "dfe/README.md"}
    assert m["git"] == {"commit": None, "clean": None}
    assert m["packages"]["papermill"] and m["packages"]["python"].startswith("3.")
    assert set(m["timings_seconds"]) == {"00_overview.ipynb", "01_alpha.ipynb", "02_beta.ipynb"}
    assert all(0 < t < 120 for t in m["timings_seconds"].values())
    assert m["kernel"] == run.default_kernel()
    assert [s["sources"] for s in m["sections"]] == [["local extract"], ["training records"]]


def test_a_second_run_with_nothing_changed_skips_every_year(tmp_path):
    base = copy_project(tmp_path / "p")
    before = tree_bytes(base / "reports")
    events = []
    results = run.run(run.RunOptions(area=AREA, years=YEARS, jobs=2), paths_for(base), on_event=events.append)
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
    res = run.run(run.RunOptions(area=AREA, years=["2024-25"], jobs=2), paths_for(base))
    assert [r.status for r in res] == ["built"]
    assert moves == []


def test_changing_an_input_rebuilds_the_area_and_the_new_figure_is_shown(tmp_path):
    base = copy_project(tmp_path / "p")
    raw = base / "raw" / AREA / "fixture" / "referrals.csv"
    raw.write_text(raw.read_text().replace("Testshire,2024-25,1200,", "Testshire,2024-25,1300,"))
    # another area's data would not count: only this area's folder and dfe/ are inputs
    plan = run.run(run.RunOptions(area=AREA, years=YEARS, dry_run=True), paths_for(base))
    assert [r.status for r in plan] == ["would build", "would build"]
    res = run.run(run.RunOptions(area=AREA, years=["2024-25"], jobs=2), paths_for(base))
    assert [r.status for r in res] == ["built"], (res[0].message, [(f.notebook, f.failure) for f in res[0].failures])
    index = (base / "reports" / AREA / "2024-25" / "index.html").read_text()
    assert "1,300" in index and "+30.0%" in index  # 1,300 against 1,000 the year before
    m = json.loads((base / "reports" / AREA / "2024-25" / "manifest.json").read_text())
    assert m["inputs"][f"{AREA}/fixture/referrals.csv"] == run.sha256_file(raw)
    assert "1300" in (base / "processed" / AREA / "2024-25" / "cp.csv").read_text()
    # and now that year is up to date again
    again = run.run(run.RunOptions(area=AREA, years=["2024-25"], dry_run=True), paths_for(base))
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
    results = run.run(run.RunOptions(area=AREA, years=["2024-25"], jobs=2, force=True, cell_timeout=10),
                      paths_for(base))
    assert run.exit_code(results) == 1
    (r,) = results
    assert r.status == "failed"
    failures = {f.notebook.path.name: f.failure for f in r.failures}
    assert failures["02_beta.ipynb"].cell == 4
    assert failures["02_beta.ipynb"].source == 'raise ValueError("deliberate failure for the test")'
    assert failures["02_beta.ipynb"].error == "ValueError: deliberate failure for the test"
    assert failures["01_alpha.ipynb"].cell == 3
    assert failures["01_alpha.ipynb"].error == "the cell ran longer than the 10 s limit"
    assert "cell 4 (In [4])" in failures["02_beta.ipynb"].describe()
    # the previous good report is untouched; the failed notebooks are kept beside it
    after = tree_bytes(report)
    kept = {k: v for k, v in after.items() if not k.startswith("_failed/")}
    assert kept == before
    assert {"_failed/01_alpha.ipynb", "_failed/02_beta.ipynb", "_failed/README.txt"} <= set(after)
    # the overview (started early, waiting for the sections) was stopped, not reported as a failure
    assert set(failures) == {"01_alpha.ipynb", "02_beta.ipynb"}
    assert "_failed/00_overview.ipynb" not in after
    assert "deliberate failure for the test" in after["_failed/README.txt"].decode()
    assert tree_bytes(base / "processed") == processed_before
    # a year with a failed run since its last good one is rebuilt next time, even if nothing changed
    shutil.copy(FIXTURES / "02_beta.ipynb", nbdir / "02_beta.ipynb")
    shutil.copy(FIXTURES / "01_alpha.ipynb", nbdir / "01_alpha.ipynb")
    plan = run.run(run.RunOptions(area=AREA, years=YEARS, dry_run=True), paths_for(base))
    assert [p.status for p in plan] == ["skipped", "would build"]


def test_the_overview_starts_early_and_waits_for_the_tables_of_every_section(tmp_path):
    import nbformat

    base = copy_project(tmp_path / "p")
    nbdir = base / "notebooks"
    # a section that is still running when the other one has finished and a worker is free
    slow = nbformat.read(FIXTURES / "02_beta.ipynb", as_version=4)
    slow.cells.insert(2, nbformat.v4.new_code_cell("import time\ntime.sleep(6)"))
    nbformat.write(slow, nbdir / "02_beta.ipynb")
    events = []
    results = run.run(run.RunOptions(area=AREA, years=["2024-25"], jobs=2, force=True), paths_for(base),
                      on_event=events.append)
    assert [r.status for r in results] == ["built"]
    kinds = [(e.kind, e.notebook) for e in events if e.kind.startswith("notebook-")]
    # the overview counts as started once past its gate, after every section finished
    assert kinds.index(("notebook-started", "00_overview")) > kinds.index(("notebook-finished", "02_beta"))
    m = json.loads((base / "reports" / AREA / "2024-25" / "manifest.json").read_text())
    assert m["timings_seconds"]["00_overview.ipynb"] < m["timings_seconds"]["02_beta.ipynb"] + 30
    # and it read the tables the sections wrote this time
    page = (base / "reports" / AREA / "2024-25" / "index.html").read_text()
    assert "300.0" in page


def test_the_gate_holds_the_cells_that_read_the_tables():
    import nbformat

    gate = run.Gate()
    params = nbformat.v4.new_code_cell('processed_dir = "x"', metadata={"tags": ["parameters"]})
    setup = nbformat.v4.new_code_cell("from lscb_analysis.report import overview")
    reads = nbformat.v4.new_code_cell("tables = overview.load_tables(processed_dir, area, year)")
    assert not gate.must_wait(params) and not gate.must_wait(setup) and gate.must_wait(reads)
    gate.open()
    gate.wait()
    assert gate.passed and not gate.must_wait(reads)
    stopped = run.Gate()
    stopped.cancel()
    with pytest.raises(run._Cancelled):
        stopped.wait()


def test_the_slowest_section_starts_first(tmp_path):
    nbs = [run.Notebook(tmp_path / f"0{k}_s{k}.ipynb", k, f"s{k}") for k in (1, 2, 3)]
    assert run._longest_first(nbs, tmp_path) == nbs  # no earlier report: number order
    (tmp_path / "manifest.json").write_text(json.dumps({"timings_seconds": {
        "01_s1.ipynb": 2.0, "02_s2.ipynb": 9.0, "00_overview.ipynb": 30.0}}))
    assert [nb.number for nb in run._longest_first(nbs, tmp_path)] == [2, 1, 3]


def test_a_locked_report_is_not_touched_and_the_command_exits_3(tmp_path):
    base = copy_project(tmp_path / "p")
    before = tree_bytes(base / "reports")
    with run.lock(base / "reports" / AREA / ".lock-2024-25"):
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
    res = run.run(run.RunOptions(area=AREA, years=["2024-25"], sections=["01"], suppress=False, jobs=2),
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


# ---------------------------------------------------------------------------------------------
# the command line


def _dirs(base: Path) -> list[str]:
    return ["--notebooks-dir", str(base / "notebooks"), "--raw-dir", str(base / "raw"),
            "--processed-dir", str(base / "processed"), "--reports-dir", str(base / "reports")]


@pytest.mark.parametrize("argv, message", [
    (["run", "--area", AREA, "--year", "2024-99"], "not a reporting year"),
    (["run", "--area", AREA, "--year", "2024-25", "--sections", "7"], "unknown section '7'"),
    (["run", "--area", AREA, "--year", "2024-25", "--all-years"], "not both"),
    (["run", "--area", AREA, "--year", "2024-25", "--jobs", "0"], "--jobs must be 1 or more"),
])
def test_bad_arguments_exit_2_with_a_reason(tmp_path, capsys, argv, message):
    base = make_project(tmp_path / "p")
    assert cli.main(argv + _dirs(base)) == 2
    assert message in capsys.readouterr().err


def test_missing_required_arguments_exit_2(capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["run", "--year", "2024-25"])
    assert e.value.code == 2


def test_a_dry_run_through_the_command_exits_0_and_runs_nothing(tmp_path, capsys):
    base = copy_project(tmp_path / "p")
    before = tree_bytes(base / "reports")
    assert cli.main(["run", "--area", AREA, "--all-years", "--progress", "log", *_dirs(base)]) == 2  # no section loader finds data
    assert "no data found for area 'testshire'" in capsys.readouterr().err
    # the command fingerprints the real package code, so against this copy both years would be rebuilt
    assert cli.main(["run", "--area", AREA, "--year", "2023-24", "--year", "2024-25", "--dry-run", *_dirs(base)]) == 0
    out = capsys.readouterr().out
    assert f"{AREA} 2023-24: would build" in out and f"{AREA} 2024-25: would build" in out
    assert tree_bytes(base / "reports") == before


def test_progress_shows_a_live_line_in_a_terminal_and_log_lines_otherwise():
    e = run.Event("notebook-finished", AREA, "2024-25", "01_alpha", 2.5)
    log = io.StringIO()
    cli.LogProgress(log)(e)
    assert log.getvalue().endswith(f"lscb {AREA} 2024-25 01_alpha: done in 2.5 s\n")
    assert "\r" not in log.getvalue()
    tty = io.StringIO()
    bar = cli.TerminalProgress(tty, total=3)
    bar(run.Event("notebook-started", AREA, "2024-25", "01_alpha"))
    bar(e)
    bar.close()
    text = tty.getvalue()
    assert "\r\033[K" in text and "running: 2024-25 01_alpha" in text
    assert f"ok   {AREA} 2024-25 01_alpha (2.5 s)" in text and "[1/3]" in text


def test_check_outputs_passes_the_built_board_pages_and_catches_a_bad_one(tmp_path, capsys):
    base = copy_project(tmp_path / "p")
    assert cli.main(["check-outputs", str(base / "reports")]) == 0
    assert "checked 8 board page(s): 0 problem(s)" in capsys.readouterr().out  # 3 pages x 2 years + 2 indexes
    bad = base / "reports" / AREA / "2024-25" / "01_alpha.html"
    bad.write_text(bad.read_text().replace("</main>", "<pre>Traceback (most recent call last):</pre></main>"))
    assert cli.main(["check-outputs", str(base / "reports")]) == 1
    assert "a Python traceback is shown" in capsys.readouterr().out


def test_lscb_run_checks_what_it_built_for_leaks(tmp_path, capsys):
    base = copy_project(tmp_path / "p")
    # a raw identifier column holding a word every page prints (the area's name): a leak to be found
    (base / "raw" / AREA / "fixture" / "children.csv").write_text("LAchildID\nTestshire\n")
    dirs = ["--raw-dir", str(base / "raw"), "--notebooks-dir", str(base / "notebooks"),
            "--processed-dir", str(base / "processed"), "--reports-dir", str(base / "reports")]
    assert cli.main(["run", "--area", AREA, "--year", "2024-25", "--jobs", "2", "--progress", "log", *dirs]) == 1
    found = [line for line in capsys.readouterr().out.splitlines() if line.startswith("check-outputs: ")]
    leaks = [line for line in found if ": identifier: " in line]
    assert leaks and "Testshire" not in "".join(leaks)  # found, and the value itself never printed
    # what this run wrote is checked (the year built and the area's pages), not the year it did not build
    files = [Path(line.removeprefix("check-outputs: ").split(": identifier: ")[0]).relative_to(base) for line in leaks]
    assert {f.parts[2] for f in files} == {"2024-25", "index.html"}, files  # reports/testshire/<this>/...
    assert found[-1].startswith(f"check-outputs: {len(found) - 1} problem(s)")


def test_python_dash_m_and_help():
    proc = subprocess.run([sys.executable, "-m", "lscb_analysis", "--help"], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert proc.returncode == 0
    for command in ("run", "list", "validate", "synth", "audit", "check-outputs"):
        assert command in proc.stdout
