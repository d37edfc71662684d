"""The ``lscb`` command (also ``python -m lscb_analysis``).

    lscb run --area exampleshire --year 2024-25      build one year's report
    lscb run --area exampleshire --all-years --jobs 2
    lscb list                                       areas and the years they have data for
    lscb validate --area exampleshire               load every section, print the data-quality summary
    lscb synth                                      regenerate the synthetic Exampleshire sample
    lscb audit FILE                                 check that a report's figures agree with each other
    lscb check-outputs [REPORTS_DIR]                check every output before publication

Exit codes a scheduler can act on: 0 ok (built or skipped), 1 a notebook (or a check) failed,
2 bad arguments or input, 3 another run holds the lock for a report, 4 the operating system refused
(a read-only folder, a full disk, permission denied). Never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from lscb_analysis.runner import model, years
from lscb_analysis.runner.model import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, EXIT_SYSTEM, BadInput
from lscb_analysis.runner.progress import LogProgress, Progress, TerminalProgress

__all__ = ["main", "build_parser"]


def _paths(args) -> model.Paths:
    defaults = model.Paths()
    return model.Paths(
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


def _trend_years(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n not in model.TREND_YEARS_RANGE:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to 10, not {text!r}")
    return n


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="lscb", description="Reproducible analytics for local safeguarding children "
                     "partnership annual reports.", epilog="Exit codes: 0 ok, 1 a notebook or check failed, "
                     "2 bad arguments or input, 3 a report is locked by another run, 4 the operating system "
                     "refused (read-only folder, full disk, permission denied).")
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
    p.add_argument("--trend-years", type=_trend_years, default=5, metavar="N",
                   help="years shown in trend tables and charts, 1 to 10 (default 5)")
    p.add_argument("--no-editions", action="store_true",
                   help="build the HTML pages only, not the PDF and Word board packs (also: LSCB_EDITIONS=0)")
    p.add_argument("--final", action="store_true",
                   help="refuse to build unless every page has its commentary (commentary/<area>/<year>/<page>.md); "
                        "without it a pack with missing commentary is built and marked draft")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="notebooks to run at once (default 1)")
    p.add_argument("--force", action="store_true", help="rebuild even if inputs, parameters and code are unchanged")
    p.add_argument("--dry-run", action="store_true", help="say which years would be built or skipped; run nothing")
    p.add_argument("--no-suppress", action="store_true",
                   help="INTERNAL USE: switch disclosure control off; writes reviewer pages only, to "
                        "reports/_internal/, each marked as not for publication")
    p.add_argument("--timeout", type=float, default=model.DEFAULT_CELL_TIMEOUT, metavar="SECONDS",
                   help=f"longest any one cell may run (default {model.DEFAULT_CELL_TIMEOUT})")
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

    p = sub.add_parser("check-outputs", help="check every output (pages, tables, notebooks, failure folders, logs)",
                       add_help=False)
    p.add_argument("check_args", nargs=argparse.REMAINDER, help="see lscb check-outputs --help")
    p.set_defaults(notebooks_dir=None, processed_dir=None, raw_dir=None, reports_dir=None)
    return parser


def _err(message: str) -> None:
    print(f"lscb: error: {message}", file=sys.stderr)


def cmd_run(args) -> int:
    from lscb_analysis.runner import run as runner

    paths = _paths(args)
    if args.all_years and args.year:
        _err("give --year or --all-years, not both")
        return EXIT_BAD_INPUT
    chosen = list(args.year)
    if args.all_years or not chosen:
        found = years.all_years(years.check_area(args.area, paths.raw_dir), paths.raw_dir)
        if not found:
            _err(f"no data found for area {args.area!r} under {paths.raw_dir}; give --year explicitly")
            return EXIT_BAD_INPUT
        chosen = found if args.all_years else found[-1:]
        if not args.all_years:
            print(f"lscb: no --year given: using the latest year with data, {chosen[0]}", file=sys.stderr)
    options = model.RunOptions(area=args.area, years=chosen, sections=args.sections or None, jobs=args.jobs,
                               force=args.force, suppress=not args.no_suppress, cell_timeout=args.timeout,
                               kernel=args.kernel, dry_run=args.dry_run, trend_years=args.trend_years,
                               final=args.final)
    if args.no_suppress:
        print("lscb: WARNING: disclosure control is OFF for this run: reviewer pages only, under "
              f"{paths.reports_dir / model.INTERNAL_DIR}, marked INTERNAL USE ONLY", file=sys.stderr)
    logging.getLogger("papermill").setLevel(logging.CRITICAL)  # failures are reported below, once
    check = _PublicationCheck(paths, enabled=not args.no_suppress)
    use_bar = args.progress == "bar" or (args.progress == "auto" and sys.stdout.isatty())
    progress: Progress = TerminalProgress(sys.stdout) if use_bar else LogProgress(sys.stdout)
    try:
        if isinstance(progress, TerminalProgress):
            try:
                sections, overview = model.discover_notebooks(paths.notebooks_dir)
                per_year = len(model.select_sections(sections, options.sections)) + (1 if overview else 0)
                progress.total = per_year * len(set(chosen))
            except BadInput:
                pass
        results = runner.run(options, paths, on_event=lambda e: (check.prepare(e), progress(e)))
    finally:
        progress.close()
    for r in results:
        shown = r.status in ("skipped", "locked", "would build")
        print(f"{r.area} {r.year}: {r.status}" + (f" ({r.message})" if shown else "")
              + (" as a DRAFT: commentary missing or still the example text" if r.draft and r.status == "built" else ""))
        for nb in r.failures:
            print(f"  {nb.notebook.path.name} failed at {nb.failure.describe()}")
        if r.status == "failed":
            print(f"  the previous report (if any) is in place; what failed is described in "
                  f"{r.report_dir / model.FAILED_DIR / 'README.txt'}")
        if r.status == "built":
            print(f"  {r.report_dir / 'index.html'}")
    code = model.exit_code(results)
    built = [r for r in results if r.status == "built"]
    problems = check.run(built)
    if problems and code == EXIT_OK:
        code = EXIT_FAILED
    wanted = not (args.no_suppress or args.no_editions or os.environ.get("LSCB_EDITIONS", "1") == "0")
    if wanted and not problems:  # a page that fails the publication check is never printed
        for r in built:
            if not _editions(r):
                code = EXIT_FAILED if code == EXIT_OK else code
    return code


def _editions(result) -> bool:
    """The PDF and Word board packs of a built year, after the publication check, their time recorded in the
    year's manifest (``editions``). A missing PDF engine is said plainly and the rest still built; False when
    an edition failed."""
    import json

    from lscb_analysis.report.editions import build_editions
    from lscb_analysis.report.overview import area_name
    from lscb_analysis.runner.lock import write_atomic

    report_dir = result.report_dir
    manifest_path = report_dir / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        pages = ["index.html"] + [s["page"] for s in manifest.get("sections", [])]
        done = build_editions(report_dir, pages, f"{area_name(result.area)} safeguarding children partnership",
                              subtitle=f"Board pack {result.year}")
    except Exception as e:  # noqa: BLE001 - the HTML pack stands; say what was not built, without data
        print(f"  editions: not built ({type(e).__name__}); the HTML pages are complete")
        return False
    for message in done["messages"]:
        print(f"  editions: {message}")
    for kind in ("pdf", "docx"):
        if done[kind] is not None:
            print(f"  {done[kind]} ({done['seconds'][kind]:.1f} s)")
    manifest["editions"] = {"files": [p.name for p in (done["pdf"], done["docx"]) if p is not None],
                            "seconds": done["seconds"], "messages": done["messages"]}
    write_atomic(manifest_path, json.dumps(manifest, indent=2) + "\n")
    return True


class _PublicationCheck:
    """The publication check (``lscb check-outputs``) that follows every run that wrote board pages,
    over what the run wrote: each built year's pages and processed tables and the area's own pages.
    The raw inputs' sensitive values are read in the background from the moment a year starts."""

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
        outputs += [f for d in area_dirs for f in sorted(d.iterdir()) if f.is_file() and not f.name.startswith(".")]
        outputs += [p for r in built if (p := self.paths.processed_dir / r.area / r.year).is_dir()]
        problems = check_outputs.check(outputs, raw, values=self.values)
        for p in problems:
            print(f"check-outputs: {p}")
        print(f"check-outputs: {len(problems)} problem(s) in {', '.join(str(d) for d in area_dirs)}")
        return problems


def _areas(raw_dir: Path) -> list[str]:
    found = {p.name for p in raw_dir.iterdir() if p.is_dir() and p.name not in years.RESERVED_AREAS
             and not p.name.startswith((".", "_"))} if raw_dir.is_dir() else set()
    return sorted(found)


def cmd_list(args) -> int:
    paths = _paths(args)
    areas = []
    for area in _areas(paths.raw_dir):
        try:
            areas.append(years.check_area(area, paths.raw_dir))
        except BadInput as e:
            print(f"{area!r}: skipped: {e}")
    if not areas:
        print(f"no areas with local data under {paths.raw_dir}")
    for area in areas:
        found = years.years_with_data(area, paths.raw_dir)
        ys = sorted({y for v in found.values() for y in v})
        span = f"{ys[0]} to {ys[-1]} ({len(ys)} years)" if ys else "no years found"
        print(f"{area}: {span}")
        for section, sys_ in found.items():
            title = years.SECTION_MODULES.get(section, (section,))[0]
            print(f"  {title}: {', '.join(sys_) if sys_ else 'could not be loaded (run lscb validate)'}")
    try:
        from lscb_analysis.inputs import config

        others = [a for a in config.list_configured() if a not in areas]
    except Exception:  # noqa: BLE001
        others = []
    for area in others:
        print(f"{area}: configured, no local extracts (published statistics only)")
    return EXIT_OK


def cmd_validate(args) -> int:
    from lscb_analysis.runner.validate import validate

    paths = _paths(args)
    return validate(years.check_area(args.area, paths.raw_dir), paths.raw_dir)


def cmd_synth(args) -> int:
    from lscb_analysis.synth import generate_all

    raw_dir = Path(args.raw_dir) if args.raw_dir else model.Paths().raw_dir
    results = generate_all(raw_dir)
    for section, record in (results or {}).items():
        faults = record.get("faults", record) if isinstance(record, dict) else record
        n = len(faults) if hasattr(faults, "__len__") else ""
        print(f"{section}: written" + (f" ({n} entries in its fault record)" if n != "" else ""))
    return EXIT_OK


def cmd_audit(args) -> int:
    from lscb_analysis.checks import audit

    return int(audit.main([args.file, *args.audit_args]) or 0)


def cmd_check_outputs(args) -> int:
    from lscb_analysis.checks import check_outputs

    return int(check_outputs.main(list(args.check_args)) or 0)


COMMANDS = {"run": cmd_run, "list": cmd_list, "validate": cmd_validate, "synth": cmd_synth, "audit": cmd_audit,
            "check-outputs": cmd_check_outputs}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(argv) if argv is not None else sys.argv[1:]
    try:
        if argv[:1] == ["check-outputs"]:  # its own options, parsed by it
            from lscb_analysis.checks import check_outputs

            return int(check_outputs.main(argv[1:]) or 0)
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as e:  # bad arguments (the reason is printed already), or --help
            return e.code if isinstance(e.code, int) else EXIT_BAD_INPUT
        return COMMANDS[args.command](args)
    except BadInput as e:
        _err(str(e))
        return EXIT_BAD_INPUT
    except OSError as e:
        from lscb_analysis.runner.failure import os_error_text

        _err(f"the operating system refused: {os_error_text(e)}. Nothing was replaced: any earlier report is "
             "as it was.")
        return EXIT_SYSTEM
    except KeyboardInterrupt:
        _err("interrupted")
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
