"""``lscb check-outputs``: nothing leaked before publication.

Runs two checks over report folders (default ``reports/``) and the processed tables
(``data/processed/``):

* :func:`lscb_analysis.checks.privacy.scan`: no raw identifier, date of birth, name or comment from the
  raw inputs in any output (pages, tables, notebook outputs, failure folders, logs, manifests), and no count from 1 to 5 in a board
  page's tables;
* :func:`lscb_analysis.runner.export.board_page_problems`: board pages carry no code, prompts, stderr,
  tracebacks or warnings, every image has alt text and nothing is requested from another host.

Exit 0 when clean, 1 when anything is found (each finding printed, never the value itself),
2 for bad arguments.
"""

from __future__ import annotations

import argparse
import threading
from collections.abc import Sequence
from pathlib import Path

__all__ = ["check", "main"]

RAW_EXCLUDE = {"dfe", "published"}  # published statistics hold no personal data


def _raw_dirs(raw: Path, areas: Sequence[str] | None) -> list[Path]:
    if not raw.is_dir():
        return []
    dirs = [p for p in sorted(raw.iterdir()) if p.is_dir() and p.name not in RAW_EXCLUDE]
    if areas:
        dirs = [p for p in dirs if p.name in set(areas)]
    return dirs


class SensitiveValues:
    """The sensitive values of some raw folders (:func:`lscb_analysis.privacy.sensitive_values`), read in
    a background thread from :meth:`start`. ``lscb run`` starts it when a year starts building, so the
    reading (and the import of pandas it needs) overlaps the notebooks instead of adding to the wait
    after the last one; :meth:`get` waits for it (and raises what the reading raised)."""

    def __init__(self, raw_dirs: Sequence[Path]):
        self.raw_dirs = list(raw_dirs)
        self._thread: threading.Thread | None = None
        self._values: dict[str, set[str]] | None = None
        self._error: BaseException | None = None

    def start(self) -> SensitiveValues:
        if self._thread is None:
            self._thread = threading.Thread(target=self._read, name="lscb-sensitive-values", daemon=True)
            self._thread.start()
        return self

    def _read(self) -> None:
        try:
            from lscb_analysis.checks import privacy  # imports pandas: here, off the runner's main thread

            self._values = privacy.sensitive_values(self.raw_dirs)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller of get()
            self._error = exc

    def get(self) -> dict[str, set[str]]:
        self.start()
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._values


def check(outputs: Sequence[Path], raw_dirs: Sequence[Path], *, values: SensitiveValues | None = None) -> list[str]:
    """Every problem found, as printable lines (values withheld). ``values``: the sensitive values of
    ``raw_dirs``, if their reading was started earlier."""
    from lscb_analysis.checks import privacy
    from lscb_analysis.runner.export import board_page_problems

    found = (values or SensitiveValues(raw_dirs)).get()
    problems = [str(f) for f in privacy.scan(outputs, raw_dirs, values=found)]
    for out in outputs:
        pages = [out] if out.is_file() else sorted(out.rglob("*.html"))
        for page in pages:
            if privacy.is_board_page(page):
                problems += [f"{page}: {p}" for p in board_page_problems(page.read_text(encoding="utf-8"))]
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    from lscb_analysis.inputs.config import project_root

    root = project_root()
    parser = argparse.ArgumentParser(prog="lscb check-outputs", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="report folders or files (default: reports/ and data/processed/)")
    parser.add_argument("--raw-dir", default=str(root / "data" / "raw"), help="where the raw inputs are")
    parser.add_argument("--area", action="append", help="only this area's raw inputs (repeatable)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    outputs = [Path(p) for p in args.paths] or [root / "reports", root / "data" / "processed"]
    missing = [p for p in outputs if not p.exists()]
    if args.paths and missing:
        print(f"lscb check-outputs: {missing[0]} does not exist")
        return 2
    outputs = [p for p in outputs if p.exists()]
    raw_dirs = _raw_dirs(Path(args.raw_dir), args.area)
    problems = check(outputs, raw_dirs)
    for p in problems:
        print(p)
    from lscb_analysis.checks.privacy import OUTPUT_SUFFIXES, is_board_page

    files = [f for p in outputs for f in ([p] if p.is_file() else p.rglob("*"))
             if f.is_file() and f.suffix in OUTPUT_SUFFIXES]

    pages = sum(1 for f in files if is_board_page(f))
    print(f"checked {pages} board page(s): {len(problems)} problem(s) "
          f"({len(files)} files searched for the identifiers of {len(raw_dirs)} raw folder(s))")
    return 1 if problems else 0
