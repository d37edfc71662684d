"""What a failed year leaves behind, with no value from the data in anything a reader might see.

* ``reports/<area>/<year>/_failed/`` (owner-only, 0700): ``README.txt`` naming each notebook, cell
  and exception type (the exception's text only when it is a value-free library message), and the
  executed notebooks with the outputs of their failing cells replaced by that description;
* ``data/interim/failed/<area>/<year>/`` (owner-only): the executed notebooks as they ran and the
  kernels' logs, for the analyst to read (never published, never in ``reports/``).

The previous good report beside ``_failed/`` is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from lscb_analysis.runner.execute import redact_notebook
from lscb_analysis.runner.lock import now, private_dir, replace_dir
from lscb_analysis.runner.model import FAILED_DIR, NotebookResult

__all__ = ["keep_failure", "private_failure_dir", "os_error_text"]


def os_error_text(exc: OSError) -> str:
    """An operating-system failure in words: what was refused and where (no traceback)."""
    what = exc.strerror or type(exc).__name__
    where = f": {exc.filename}" if exc.filename else ""
    return f"{what}{where}"


def private_failure_dir(interim_dir: Path, area: str, year: str) -> Path:
    """``<interim>/failed/<area>/<year>`` (each folder owner-only)."""
    return Path(interim_dir) / "failed" / area / year


def _lines(results: Sequence[NotebookResult]) -> list[str]:
    return [f"{r.notebook.path.name}: {r.failure.describe()}" for r in results if not r.ok and r.failure]


def keep_failure(*, area: str, year: str, results: Sequence[NotebookResult], work: Path, target: Path,
                 interim_dir: Path, pages: Path | None = None) -> str:
    """Write the failure folder beside the report at ``target`` and the private copy; return the
    one-line description of the failure. Never raises for a file that cannot be written (a read-only
    folder, a full disk): the description then says so."""
    lines = _lines(results)
    private = private_failure_dir(interim_dir, area, year)
    problems: list[str] = []
    try:
        private_dir(Path(interim_dir), "failed", area)
        fresh = private.with_name(f".new-{year}-{os.getpid()}")
        shutil.rmtree(fresh, ignore_errors=True)
        private_dir(fresh)
        for r in results:
            if r.ok:
                continue
            if r.executed and r.executed.exists():
                shutil.copyfile(r.executed, fresh / r.notebook.path.name)
            if r.kernel_log and r.kernel_log.exists() and r.kernel_log.stat().st_size:
                shutil.copyfile(r.kernel_log, fresh / f"{r.notebook.stem}.kernel.log")
        for f in fresh.iterdir():
            os.chmod(f, 0o600)
        replace_dir(fresh, private)
        os.chmod(private, 0o700)
    except OSError as e:
        problems.append(f"the full notebooks could not be kept ({os_error_text(e)})")
    try:
        failed = work / FAILED_DIR
        private_dir(failed)
        for r in results:
            if not r.ok and r.executed and r.executed.exists():
                redact_notebook(r.executed, failed / r.notebook.path.name)
        if pages is not None and pages.is_dir():
            shutil.copytree(pages, failed / "pages", dirs_exist_ok=True)
        (failed / "README.txt").write_text(
            f"Run of {now()} for {area} {year} failed; the report beside this folder is the last good one.\n"
            + "\n".join(lines) + "\n"
            + f"The notebooks as they ran (with the full error messages, which may quote data) and the kernels'\n"
              f"logs are kept owner-only in {private}.\n", encoding="utf-8")
        target.mkdir(parents=True, exist_ok=True)
        replace_dir(failed, target / FAILED_DIR)
        with contextlib.suppress(OSError):
            os.chmod(target / FAILED_DIR, 0o700)
    except Exception as e:  # noqa: BLE001 - a failure report must never fail the report of the failure
        why = os_error_text(e) if isinstance(e, OSError) else type(e).__name__
        problems.append(f"the failure folder could not be written ({why})")
    return "; ".join(lines + problems)
