"""The ``lscb`` command (also ``python -m lscb_analysis``).

    lscb run --area exampleshire --year 2024-25      build one year's report
    lscb run --area exampleshire --all-years --jobs 2
    lscb list                                       areas and the years they have data for
    lscb validate --area exampleshire               load every section, print the data-quality summary
    lscb synth                                      regenerate the synthetic Exampleshire sample
    lscb audit FILE                                 check that a report's figures agree with each other
    lscb check-outputs [REPORTS_DIR]                check the board pages before publication

Exit codes a scheduler can act on: 0 ok (built or skipped), 1 a notebook (or a check) failed,
2 bad arguments or input, 3 another run holds the lock for a report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib
import logging
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from lscb_analysis.runner import run as runner

__all__ = ["main", "build_parser", "Progress", "TerminalProgress", "LogProgress"]

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_LOCKED = (runner.EXIT_OK, runner.EXIT_FAILED, runner.EXIT_BAD_INPUT,
                                                     runner.EXIT_LOCKED)
RESERVED_DIRS = {"dfe", "published"}


# ---------------------------------------------------------------------------------------------
# progress


class Progress:
    """Receives :class:`lscb_analysis.run.Event` objects; subclasses decide how to show them."""

    def __call__(self, event: runner.Event) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def close(self) -> None:
        pass


class LogProgress(Progress):
    """Plain timestamped log lines (for schedulers, CI and files)."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def __call__(self, e: runner.Event) -> None:
        stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        what = {
            "year-started": "started",
            "year-skipped": "skipped: " + e.message,
            "year-locked": "LOCKED: " + e.message,
            "notebook-started": f"{e.notebook}: running",
            "notebook-finished": f"{e.notebook}: done in {e.seconds or 0:.1f} s",
            "notebook-failed": f"{e.notebook}: FAILED after {e.seconds or 0:.1f} s at {e.message}",
            "year-built": "built: " + e.message,
            "year-failed": "FAILED: " + e.message,
        }.get(e.kind, f"{e.kind} {e.message}")
        print(f"{stamp} lscb {e.area} {e.year} {what}", file=self.stream, flush=True)


class TerminalProgress(Progress):
    """A live status line (what is running and for how long) above which finished steps are
    printed, for a person watching a terminal."""

    def __init__(self, stream: TextIO, total: int = 0):
        self.stream = stream
        self.total = total
        self.done = 0
        self.running: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker = threading.Thread(target=self._tick, daemon=True)
        self._ticker.start()

    def _status(self) -> str:
        now = time.monotonic()
        parts = [f"{y} {nb} {now - t:.0f}s" for (y, nb), t in sorted(self.running.items())]
        head = f"[{self.done}/{self.total}]" if self.total else f"[{self.done}]"
        return f"{head} running: {', '.join(parts)}" if parts else f"{head} waiting"

    def _draw(self, line: str | None = None) -> None:
        self.stream.write("\r\033[K")
        if line is not None:
            self.stream.write(line + "\n")
        if not self._stop.is_set():
            self.stream.write(self._status()[:200])
        self.stream.flush()

    def _tick(self) -> None:
        while not self._stop.wait(1.0):
            with self._lock:
                if self.running:
                    self._draw()

    def __call__(self, e: runner.Event) -> None:
        with self._lock:
            key = (e.year, e.notebook)
            line = None
            if e.kind == "notebook-started":
                self.running[key] = time.monotonic()
            elif e.kind in ("notebook-finished", "notebook-failed"):
                self.running.pop(key, None)
                self.done += 1
                mark = "ok  " if e.kind == "notebook-finished" else "FAIL"
                line = f"{mark} {e.area} {e.year} {e.notebook} ({e.seconds or 0:.1f} s)"
                if e.kind == "notebook-failed":
                    line += f"\n     at {e.message}"
            elif e.kind == "year-skipped":
                line = f"skip {e.area} {e.year}: {e.message}"
            elif e.kind == "year-locked":
                line = f"LOCK {e.area} {e.year}: {e.message}"
            elif e.kind == "year-built":
                line = f"done {e.area} {e.year}: {e.message}/index.html"
            elif e.kind == "year-failed":
                line = f"FAIL {e.area} {e.year}: the previous report (if any) was left in place"
            self._draw(line)

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            self.stream.write("\r\033[K")
            self.stream.flush()


# ---------------------------------------------------------------------------------------------
# arguments


def _paths(args) -> runner.Paths:
    defaults = runner.Paths()
    return runner.Paths(
        notebooks_dir=Path(args.notebooks_dir) if args.notebooks_dir else defaults.notebooks_dir,
        raw_dir=Path(args.raw_dir) if args.raw_dir else defaults.raw_dir,
        processed_dir=Path(args.processed_dir) if args.processed_dir else defaults.processed_dir,
        reports_dir=Path(args.reports_dir) if args.reports_dir else defaults.reports_dir,
    )


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # bad arguments exit 2 (argparse's own convention too)
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def _add_dirs(p: argparse.ArgumentParser, *, notebooks: bool = False, processed: bool = False,
              reports: bool = False) -> None:
    g = p.add_argument_group("folders (defaults: the project's own)")
    g.add_argument("--raw-dir", metavar="DIR", help="raw inputs (default data/raw)")
    if notebooks:
        g.add_argument("--notebooks-dir", metavar="DIR", help="report notebooks (default notebooks)")
    if processed:
        g.add_argument("--processed-dir", metavar="DIR", help="indicator tables (default data/processed)")
    if reports:
        g.add_argument("--reports-dir", metavar="DIR", help="HTML reports (default reports)")
    p.set_defaults(notebooks_dir=None, processed_dir=None, reports_dir=None)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="lscb", description="Reproducible analytics for local safeguarding children "
                     "partnership annual reports.", epilog="Exit codes: 0 ok, 1 a notebook or check failed, "
                     "2 bad arguments or input, 3 a report is locked by another run.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("run", help="run the notebooks for an area and years; export the board and reviewer HTML",
                       description="Run the report notebooks with papermill and export HTML to reports/<area>/<year>/.")
    p.add_argument("--area", required=True, help="area: a config/ file name or an authority's name (e.g. exampleshire)")
    p.add_argument("--year", action="append", default=[], metavar="YEAR",
                   help="reporting year, e.g. 2024-25 (repeat for several; default: the latest with data)")
    p.add_argument("--all-years", action="store_true", help="every reporting year the area has data for")
    p.add_argument("--sections", action="append", default=[], metavar="S",
                   help="only these sections, by number or name (e.g. 01,training); the overview always runs")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="notebooks to run at once (default 1)")
    p.add_argument("--force", action="store_true", help="rebuild even if inputs, parameters and code are unchanged")
    p.add_argument("--dry-run", action="store_true", help="say which years would be built or skipped; run nothing")
    p.add_argument("--no-suppress", action="store_true",
                   help="INTERNAL USE: switch disclosure control off; writes reviewer pages only, to "
                        "reports/_internal/, each marked as not for publication")
    p.add_argument("--timeout", type=float, default=runner.DEFAULT_CELL_TIMEOUT, metavar="SECONDS",
                   help=f"longest any one cell may run (default {runner.DEFAULT_CELL_TIMEOUT})")
    p.add_argument("--kernel", help="Jupyter kernel (default lscb-analysis if installed, else python3)")
    p.add_argument("--progress", choices=["auto", "bar", "log"], default="auto",
                   help="a live display (bar), log lines (log), or bar only in a terminal (auto)")
    _add_dirs(p, notebooks=True, processed=True, reports=True)

    p = sub.add_parser("list", help="areas and the years they have data for")
    _add_dirs(p)

    p = sub.add_parser("validate", help="load every section for an area and print its data-quality summary")
    p.add_argument("--area", required=True)
    _add_dirs(p)

    p = sub.add_parser("synth", help="regenerate the synthetic sample area (Exampleshire)")
    _add_dirs(p)

    p = sub.add_parser("audit", help="check that the figures in a report agree with each other",
                       description="Runs `python -m lscb_analysis.audit FILE [options]`.")
    p.add_argument("file")
    p.add_argument("audit_args", nargs=argparse.REMAINDER, help="further options for the audit (see lscb audit FILE --help)")

    p = sub.add_parser("check-outputs", help="check the board pages before publication")
    p.add_argument("reports", nargs="*", help="report folders or pages (default: every board page under reports/)")
    p.set_defaults(notebooks_dir=None, processed_dir=None, raw_dir=None, reports_dir=None)
    return parser


# ---------------------------------------------------------------------------------------------
# commands


def _err(message: str) -> None:
    print(f"lscb: error: {message}", file=sys.stderr)


def cmd_run(args) -> int:
    paths = _paths(args)
    if args.all_years and args.year:
        _err("give --year or --all-years, not both")
        return EXIT_BAD_INPUT
    years = list(args.year)
    if args.all_years or not years:
        found = runner.all_years(args.area, paths.raw_dir)
        if not found:
            _err(f"no data found for area {args.area!r} under {paths.raw_dir}; give --year explicitly")
            return EXIT_BAD_INPUT
        years = found if args.all_years else found[-1:]
        if not args.all_years:
            print(f"lscb: no --year given: using the latest year with data, {years[0]}", file=sys.stderr)
    options = runner.RunOptions(area=args.area, years=years, sections=args.sections or None, jobs=args.jobs,
                                force=args.force, suppress=not args.no_suppress, cell_timeout=args.timeout,
                                kernel=args.kernel, dry_run=args.dry_run)
    use_bar = args.progress == "bar" or (args.progress == "auto" and sys.stdout.isatty())
    if args.no_suppress:
        print("lscb: WARNING: disclosure control is OFF for this run: reviewer pages only, under "
              f"{paths.reports_dir / runner.INTERNAL_DIR}, marked INTERNAL USE ONLY", file=sys.stderr)
    logging.getLogger("papermill").setLevel(logging.CRITICAL)  # failures are reported below, once
    check = _PublicationCheck(paths, enabled=not args.no_suppress)
    progress: Progress = TerminalProgress(sys.stdout) if use_bar else LogProgress(sys.stdout)
    try:
        if isinstance(progress, TerminalProgress):
            try:
                sections, overview = runner.discover_notebooks(paths.notebooks_dir)
                per_year = len(runner.select_sections(sections, options.sections)) + (1 if overview else 0)
                progress.total = per_year * len(set(years))
            except runner.BadInput:
                pass
        results = runner.run(options, paths, on_event=lambda e: (check.prepare(e), progress(e)))
    except runner.BadInput as e:
        progress.close()
        _err(str(e))
        return EXIT_BAD_INPUT
    finally:
        progress.close()
    for r in results:
        print(f"{r.area} {r.year}: {r.status}" + (f" ({r.message})" if r.status in ("skipped", "locked", "would build") else ""))
        for nb in r.failures:
            print(f"  {nb.notebook.path.name} failed at {nb.failure.describe()}")
        if r.status == "failed":
            print(f"  the failed notebooks are kept in {r.report_dir / runner.FAILED_DIR}")
        if r.status == "built":
            print(f"  {r.report_dir / 'index.html'}")
    code = runner.exit_code(results)
    problems = check.run([r for r in results if r.status == "built"])
    if problems and code == EXIT_OK:
        code = EXIT_FAILED
    return code


class _PublicationCheck:
    """The publication check (``lscb check-outputs``) that follows every run that wrote board pages,
    over what the run wrote: each built year's pages and processed tables and the area's own pages
    (years built by earlier runs were checked when they were built; ``lscb check-outputs`` checks
    everything). The raw inputs' sensitive values are read in the background from the moment a year
    starts building, so that reading overlaps the notebooks."""

    def __init__(self, paths, *, enabled: bool):
        self.paths = paths
        self.enabled = enabled
        self.values = None

    def prepare(self, event) -> None:
        if self.enabled and self.values is None and event.kind == "year-started":
            from lscb_analysis.checks import check_outputs

            raw = self.paths.raw_dir / event.area
            self.values = check_outputs.SensitiveValues([raw] if raw.is_dir() else []).start()

    def run(self, built: list) -> list[str]:
        if not built or not self.enabled:
            return []
        from lscb_analysis.checks import check_outputs

        area_dirs = sorted({r.report_dir.parent for r in built})
        raw = [p for p in [self.paths.raw_dir / r.report_dir.parent.name for r in built[:1]] if p.is_dir()]
        if self.values is None or self.values.raw_dirs != raw:
            self.values = check_outputs.SensitiveValues(raw)
        outputs = sorted({r.report_dir for r in built})
        outputs += [f for d in area_dirs for f in sorted(d.iterdir()) if f.is_file()]
        outputs += [p for r in built if (p := self.paths.processed_dir / r.area / r.year).is_dir()]
        problems = check_outputs.check(outputs, raw, values=self.values)
        for p in problems:
            print(f"check-outputs: {p}")
        print(f"check-outputs: {len(problems)} problem(s) in {', '.join(str(d) for d in area_dirs)}")
        return problems


def _areas(raw_dir: Path) -> list[str]:
    found = {p.name for p in raw_dir.iterdir() if p.is_dir() and p.name not in RESERVED_DIRS
             and not p.name.startswith((".", "_"))} if raw_dir.is_dir() else set()
    return sorted(found)


def cmd_list(args) -> int:
    paths = _paths(args)
    areas = _areas(paths.raw_dir)
    if not areas:
        print(f"no areas with local data under {paths.raw_dir}")
    for area in areas:
        found = runner.years_with_data(area, paths.raw_dir)
        years = sorted({y for v in found.values() for y in v})
        span = f"{years[0]} to {years[-1]} ({len(years)} years)" if years else "no years found"
        print(f"{area}: {span}")
        for section, ys in found.items():
            title = runner.SECTION_MODULES.get(section, (section,))[0]
            print(f"  {title}: {', '.join(ys) if ys else 'could not be loaded (run lscb validate)'}")
    try:
        from lscb_analysis.inputs import config

        others = [a for a in config.list_configured() if a not in areas]
    except Exception:  # noqa: BLE001
        others = []
    for area in others:
        print(f"{area}: configured, no local extracts (published statistics only)")
    return EXIT_OK


def cmd_validate(args) -> int:
    import pandas as pd

    from lscb_analysis.inputs import clean

    paths = _paths(args)
    area_dir = paths.raw_dir / args.area
    if not area_dir.is_dir():
        _err(f"no local data for {args.area!r}: {area_dir} does not exist")
        return EXIT_BAD_INPUT
    errors = 0
    loaded = 0
    with pd.option_context("display.width", 160, "display.max_columns", 20, "display.max_rows", 200,
                           "display.max_colwidth", 60):
        for name, (title, _) in runner.SECTION_MODULES.items():
            try:
                module = importlib.import_module(f"lscb_analysis.{name}")
            except ImportError as e:
                print(f"== {title}: the {name} module is not available ({e})")
                continue
            if not runner.section_has_data(module, name, area_dir):
                print(f"== {title}: no local extracts")
                continue
            try:
                data = module.load(area_dir)
            except clean.InputError as e:
                errors += 1
                print(f"== {title}: ERROR {e}")
                continue
            except Exception as e:  # noqa: BLE001 - any loader failure is an error for this area
                errors += 1
                print(f"== {title}: ERROR {type(e).__name__}: {e}")
                continue
            loaded += 1
            rej = data.rejections
            summary = rej.summary()
            years = runner.section_years(name, data)
            print(f"== {title}: years {years[0]} to {years[-1]}" if years else f"== {title}: no dated records")
            if summary.empty:
                print("   no files read")
            else:
                print(summary.to_string(index=False))
                bad = summary[~summary["reconciles"]] if "reconciles" in summary.columns else summary.iloc[0:0]
                if len(bad):
                    errors += 1
                    print(f"   ERROR: rows read != used + rejected for {', '.join(map(str, bad['file']))}")
            reasons = rej.by_reason()
            if not reasons.empty:
                print("   rejected rows by reason:")
                for rec in reasons.itertuples(index=False):
                    print(f"     {rec[0]}: {rec[1]} ({rec[2]} row{'s' if rec[2] != 1 else ''})")
            for note in getattr(rej, "notes", []) or []:
                print(f"   note: {note.get('file', '')}: {note.get('note', '')}")
        from lscb_analysis.inputs import cin_spec  # conformance to each return's schema: findings, never a crash

        for line in cin_spec.conformance_lines(area_dir):
            print(line)
    if errors:
        print(f"{errors} section(s) with errors")
        return EXIT_BAD_INPUT
    if not loaded:
        print("no section had local extracts")
    return EXIT_OK


def cmd_synth(args) -> int:
    from lscb_analysis.synth import generate_all

    raw_dir = Path(args.raw_dir) if args.raw_dir else runner.Paths().raw_dir
    results = generate_all(raw_dir)
    for section, record in (results or {}).items():
        faults = record.get("faults", record) if isinstance(record, dict) else record
        n = len(faults) if hasattr(faults, "__len__") else ""
        print(f"{section}: written" + (f" ({n} entries in its fault record)" if n != "" else ""))
    return EXIT_OK


def cmd_audit(args) -> int:
    from lscb_analysis.checks import audit

    argv = [args.file, *args.audit_args]
    main = getattr(audit, "main", None)
    if callable(main):
        return int(main(argv) or 0)
    import subprocess

    return subprocess.call([sys.executable, "-m", f"{__package__}.audit", *argv])


def cmd_check_outputs(args) -> int:
    """Hook for the publication checks. ``lscb_analysis.check_outputs.main(argv) -> int`` does the
    full check when that module exists; until then the built-in page checks run: no code, prompts,
    stderr, tracebacks or warnings, every image with alt text, nothing requested from another host."""
    try:
        module = importlib.import_module("lscb_analysis.checks.check_outputs")
    except ImportError:
        module = None
    if module is not None and callable(getattr(module, "main", None)):
        return int(module.main(list(args.reports)) or 0)
    targets = [Path(p) for p in args.reports] or [runner.Paths().reports_dir]
    pages: list[Path] = []
    for t in targets:
        if t.is_file():
            pages.append(t)
        elif t.is_dir():
            pages += [p for p in sorted(t.rglob("*.html")) if _is_board_page(p)]
        else:
            _err(f"{t} does not exist")
            return EXIT_BAD_INPUT
    problems = 0
    for page in pages:
        for problem in runner.board_page_problems(page.read_text(encoding="utf-8")):
            problems += 1
            print(f"{page}: {problem}")
    print(f"checked {len(pages)} board page(s): {problems} problem(s)")
    return EXIT_FAILED if problems else EXIT_OK


def _is_board_page(p: Path) -> bool:
    parts = set(p.parts)
    return not (parts & {"reviewer", runner.INTERNAL_DIR, runner.FAILED_DIR}) and not any(
        part.startswith(".") for part in p.parts[-4:])


COMMANDS = {"run": cmd_run, "list": cmd_list, "validate": cmd_validate, "synth": cmd_synth, "audit": cmd_audit,
            "check-outputs": cmd_check_outputs}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(argv) if argv is not None else None)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    finally:
        if argv is None:
            # run as the ``lscb`` command, the process ends next: the interpreter's last garbage
            # collection over everything a run imported (pandas, nbconvert, papermill...) takes about
            # 0.3 s, after the report is written and while the user waits. Frozen objects are not
            # collected (the operating system frees the memory). Not done when called from Python.
            gc.freeze()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
