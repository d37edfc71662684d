"""The lscb command (lscb_analysis.runner.cli): arguments, exit codes, progress, and plain messages
(never a traceback) for bad names and for what the operating system refuses."""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from run_fixtures import AREA, ROOT, copy_project, make_project, tree_bytes

from lscb_analysis.runner import cli
from lscb_analysis.runner.model import Event
from lscb_analysis.runner.progress import LogProgress, TerminalProgress


def _dirs(base: Path) -> list[str]:
    return ["--notebooks-dir", str(base / "notebooks"), "--raw-dir", str(base / "raw"),
            "--processed-dir", str(base / "processed"), "--reports-dir", str(base / "reports")]


@pytest.mark.parametrize("argv, message", [
    (["run", "--area", AREA, "--year", "2024-99"], "not a reporting year"),
    (["run", "--area", AREA, "--year", "2024-25", "--sections", "7"], "unknown section '7'"),
    (["run", "--area", AREA, "--year", "2024-25", "--all-years"], "not both"),
    (["run", "--area", AREA, "--year", "2024-25", "--jobs", "0"], "--jobs must be 1 or more"),
    (["run", "--area", AREA, "--year", "2024-25", "--trend-years", "11"], "from 1 to 10"),
    (["run", "--area", AREA, "--year", "2024-25", "--trend-years", "five"], "from 1 to 10"),
])
def test_bad_arguments_exit_2_with_a_reason(tmp_path, capsys, argv, message):
    base = make_project(tmp_path / "p")
    assert cli.main(argv + _dirs(base)) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("area", ["../x", "..", "/etc", "a/b", ".hidden", "dfe", f"{AREA}/../../p"])
def test_an_area_is_a_name_never_a_path(tmp_path, capsys, area):
    base = make_project(tmp_path / "p")
    (tmp_path / "x").mkdir()  # a folder beside the raw folder, which ../x would reach
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    for argv in (["run", "--area", area, "--year", "2024-25", *_dirs(base)],
                 ["run", "--area", area, "--year", "2024-25", "--dry-run", *_dirs(base)],
                 ["validate", "--area", area, "--raw-dir", str(base / "raw")]):
        assert cli.main(argv) == 2, argv
        err = capsys.readouterr().err
        assert "refused" in err and "Traceback" not in err
    # nothing written anywhere: no lock file, no failure folder, outside the reports folder or in it
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before


def test_an_area_folder_that_is_a_symlink_leading_out_is_refused(tmp_path, capsys):
    base = make_project(tmp_path / "p")
    (tmp_path / "elsewhere").mkdir()
    (base / "raw" / "sneaky").symlink_to(tmp_path / "elsewhere")
    assert cli.main(["run", "--area", "sneaky", "--year", "2024-25", "--dry-run", *_dirs(base)]) == 2
    assert "resolve outside" in capsys.readouterr().err
    assert cli.main(["list", "--raw-dir", str(base / "raw")]) == 0
    assert "'sneaky': skipped" in capsys.readouterr().out


def test_a_year_without_published_data_is_refused_alike_in_a_dry_run_and_a_run(tmp_path, capsys):
    # Bedford has no local extracts; DfE's published files for it start in 2012-13
    base = make_project(tmp_path / "p")
    for extra in ([], ["--dry-run"]):
        assert cli.main(["run", "--area", "Bedford", "--year", "2011-12", *extra, *_dirs(base)]) == 2
        err = capsys.readouterr().err
        assert "no data for Bedford in 2011-12: the years with data are 2012-13 to" in err, err
    assert not (base / "reports" / "Bedford").exists()


def test_missing_required_arguments_exit_2(capsys):
    assert cli.main(["run", "--year", "2024-25"]) == 2
    assert "the following arguments are required: --area" in capsys.readouterr().err


def test_a_dry_run_through_the_command_exits_0_and_runs_nothing(tmp_path, capsys):
    base = copy_project(tmp_path / "p")
    before = tree_bytes(base / "reports")
    assert cli.main(["run", "--area", AREA, "--all-years", "--progress", "log", *_dirs(base)]) == 2  # no section loader finds data
    assert "no data found for area 'testshire'" in capsys.readouterr().err
    assert cli.main(["run", "--area", AREA, "--year", "2023-24", "--year", "2024-25", "--dry-run", *_dirs(base)]) == 0
    out = capsys.readouterr().out
    assert f"{AREA} 2023-24: would build" in out and f"{AREA} 2024-25: would build" in out
    assert tree_bytes(base / "reports") == before


def test_progress_shows_a_live_line_in_a_terminal_and_log_lines_otherwise():
    e = Event("notebook-finished", AREA, "2024-25", "01_alpha", 2.5)
    log = io.StringIO()
    LogProgress(log)(e)
    assert log.getvalue().endswith(f"lscb {AREA} 2024-25 01_alpha: done in 2.5 s\n")
    assert "\r" not in log.getvalue()
    tty = io.StringIO()
    bar = TerminalProgress(tty, total=3)
    bar(Event("notebook-started", AREA, "2024-25", "01_alpha"))
    bar(e)
    bar.close()
    text = tty.getvalue()
    assert "\r\033[K" in text and "running: 2024-25 01_alpha" in text
    assert f"ok   {AREA} 2024-25 01_alpha (2.5 s)" in text and "[1/3]" in text


def test_check_outputs_passes_the_built_board_pages_and_catches_a_bad_one(tmp_path, capsys):
    base = copy_project(tmp_path / "p")
    args = ["check-outputs", str(base / "reports"), "--raw-dir", str(base / "raw")]
    assert cli.main(args) == 0
    assert "checked 8 board page(s): 0 problem(s)" in capsys.readouterr().out  # 3 pages x 2 years + 2 indexes
    bad = base / "reports" / AREA / "2024-25" / "01_alpha.html"
    bad.write_text(bad.read_text().replace("</main>", "<pre>Traceback (most recent call last):</pre></main>"))
    assert cli.main(args) == 1
    assert "a Python traceback is shown" in capsys.readouterr().out


def test_lscb_run_checks_what_it_built_for_leaks(tmp_path, capsys):
    base = copy_project(tmp_path / "p")
    # a raw identifier column holding a word every page prints (the area's name): a leak to be found
    (base / "raw" / AREA / "fixture" / "children.csv").write_text("LAchildID\nTestshire\n")
    assert cli.main(["run", "--area", AREA, "--year", "2024-25", "--jobs", "2", "--progress", "log", *_dirs(base)]) == 1
    found = [line for line in capsys.readouterr().out.splitlines() if line.startswith("check-outputs: ")]
    leaks = [line for line in found if ": identifier: " in line]
    assert leaks and "Testshire" not in "".join(leaks)  # found, and the value itself never printed
    files = [Path(line.removeprefix("check-outputs: ").split(": identifier: ")[0]).relative_to(base) for line in leaks]
    assert {f.parts[2] for f in files} == {"2024-25", "index.html"}, files  # reports/testshire/<this>/...
    assert found[-1].startswith(f"check-outputs: {len(found) - 1} problem(s)")


def test_a_read_only_reports_folder_gives_a_message_not_a_traceback(tmp_path, capsys, monkeypatch):
    base = copy_project(tmp_path / "p")
    before = tree_bytes(base / "reports")
    real_open = os.open

    def read_only(path, *a, **kw):  # what a read-only file system answers (the tests run as root)
        if str(path).startswith(str(base / "reports")):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, *a, **kw)

    monkeypatch.setattr(os, "open", read_only)
    assert cli.main(["run", "--area", AREA, "--year", "2024-25", "--force", "--progress", "log", *_dirs(base)]) == 4
    err = capsys.readouterr().err
    assert "Read-only file system" in err and "Traceback" not in err and "as it was" in err
    monkeypatch.undo()
    assert tree_bytes(base / "reports") == before


def test_a_full_disk_fails_the_year_and_leaves_the_previous_report(tmp_path, capsys, monkeypatch):
    base = copy_project(tmp_path / "p")
    report = base / "reports" / AREA / "2024-25"
    before = tree_bytes(report)
    real_replace = os.replace

    def full(src, dst, *a, **kw):
        if str(dst).endswith(".html"):
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real_replace(src, dst, *a, **kw)

    monkeypatch.setattr(os, "replace", full)
    assert cli.main(["run", "--area", AREA, "--year", "2024-25", "--force", "--jobs", "2", "--progress", "log",
                     *_dirs(base)]) == 1
    out = capsys.readouterr().out
    assert "No space left on device" in out and "Traceback" not in out
    monkeypatch.undo()
    assert {k: v for k, v in tree_bytes(report).items() if not k.startswith("_failed/")} == before


def test_python_dash_m_and_help():
    proc = subprocess.run([sys.executable, "-m", "lscb_analysis", "--help"], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert proc.returncode == 0
    for command in ("run", "list", "validate", "synth", "audit", "check-outputs"):
        assert command in proc.stdout


def test_a_link_inside_an_area_folder_leading_out_is_refused(tmp_path, capsys):
    base = make_project(tmp_path / "p")
    area = next(p for p in (base / "raw").iterdir() if p.is_dir() and p.name not in ("dfe", "published"))
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "children.csv").write_text("child_id\nSECRET1\n")
    (area / "extra.csv").symlink_to(tmp_path / "elsewhere" / "children.csv")
    assert cli.main(["run", "--area", area.name, "--year", "2024-25", "--dry-run", *_dirs(base)]) == 2
    err = capsys.readouterr().err
    assert f"{area.name}/extra.csv is a link leading outside" in err and "SECRET1" not in err
    assert str(tmp_path / "elsewhere") not in err
    (area / "extra.csv").unlink()
    (area / "inner.csv").symlink_to(next(p for p in area.rglob("*.csv")))  # a link inside the folder is allowed
    assert cli.main(["run", "--area", area.name, "--year", "2024-25", "--dry-run", *_dirs(base)]) == 0
