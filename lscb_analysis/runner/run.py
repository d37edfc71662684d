"""Build the reports for an area and its reporting years: the year loop.

* **Discovery**: section notebooks are ``NN_*.ipynb`` (``01`` upwards); ``00_*.ipynb`` is the
  overview (key facts), run after every section of its year (:mod:`lscb_analysis.runner.model`).
* **Checks up front**: ``--area`` and ``--year`` are names, never paths; a year with no data for
  the area is refused naming the years that have some; with ``final`` a year whose commentary is
  incomplete is refused, without it the pack is built and marked draft.
* **Execution**: papermill, sections of every year in parallel up to ``jobs`` at a time, the slowest
  first (by the last report's timings) (:mod:`lscb_analysis.runner.execute`). A failing notebook stops
  its year only: the previous report stays, a value-free failure folder is kept beside it
  (:mod:`lscb_analysis.runner.failure`).
* **Pages**: each section's pages are exported as soon as its notebook finishes, on one background
  thread (:mod:`lscb_analysis.runner.pages`).
* **Atomic output**: a year is built in a work folder and swapped into ``reports/<area>/<year>/`` only
  when everything succeeded; its indicator tables move into ``data/processed`` at the same moment.
* **Skipping and locking**: a year whose fingerprint (inputs, parameters, code, packages, kernel) is
  unchanged since its last good report is skipped unless ``force``
  (:mod:`lscb_analysis.runner.manifest`); a lock per area and year (:mod:`lscb_analysis.runner.lock`).
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import json
import os
import shutil
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from lscb_analysis import __version__
from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.report.commentary import COMMENTARY_DIR, OVERVIEW, commentary_status, missing
from lscb_analysis.runner import kernels, manifest
from lscb_analysis.runner.execute import default_kernel, execute
from lscb_analysis.runner.failure import keep_failure, os_error_text
from lscb_analysis.runner.lock import lock, now, replace_dir, write_atomic
from lscb_analysis.runner.model import (
    FAILED_DIR,
    INTERNAL_DIR,
    TREND_YEARS_RANGE,
    BadInput,
    CellFailure,
    Event,
    Locked,
    Notebook,
    NotebookResult,
    Paths,
    RunOptions,
    YearResult,
    discover_notebooks,
    select_sections,
)
from lscb_analysis.runner.pages import YearPages, read_sources, write_area_index
from lscb_analysis.runner.years import available_years, check_area, check_years

__all__ = ["run", "report_dir", "slowest_first", "check_options"]


def report_dir(paths: Paths, area: str, year: str, *, suppress: bool = True) -> Path:
    """``reports/<area>/<year>``, or ``reports/_internal/<area>/<year>`` for unsuppressed runs."""
    base = paths.reports_dir if suppress else paths.reports_dir / INTERNAL_DIR
    return base / area / year


def check_options(options: RunOptions, paths: Paths) -> list[ReportingYear]:
    """The years to build, once the options are known to be usable; else :class:`BadInput`."""
    if options.jobs < 1:
        raise BadInput("--jobs must be 1 or more")
    if options.trend_years not in TREND_YEARS_RANGE:
        raise BadInput(f"--trend-years must be a whole number from {TREND_YEARS_RANGE.start} to "
                       f"{TREND_YEARS_RANGE.stop - 1}, not {options.trend_years!r}")
    if not options.years:
        raise BadInput("no reporting year given")
    check_area(options.area, paths.raw_dir, paths.processed_dir, paths.reports_dir)
    try:
        return sorted({ReportingYear(y) for y in options.years})
    except (ValueError, TypeError) as e:
        raise BadInput(str(e)) from e


def slowest_first(sections: Sequence[Notebook], target: Path | None) -> list[Notebook]:
    """The sections in the order to start them: the slowest first by the notebook timings in the
    last report's manifest (so the longest notebook is never left until last), in number order where
    there is no timing yet."""
    timings: dict = {}
    if target is not None:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            timings = json.loads((target / "manifest.json").read_text(encoding="utf-8")).get("timings_seconds", {})
    if not isinstance(timings, dict) or not timings:
        return list(sections)

    def key(nb: Notebook):
        t = timings.get(nb.path.name)
        return (0, -float(t), nb.number) if isinstance(t, (int, float)) else (1, 0.0, nb.number)

    return sorted(sections, key=key)


class _Year:
    """One area and year while it runs."""

    def __init__(self, options: RunOptions, paths: Paths, year: ReportingYear):
        self.options, self.paths = options, paths
        self.year = year.label
        self.area = options.area
        self.target = report_dir(paths, self.area, self.year, suppress=options.suppress)
        self.work = self.target.parent / f".work-{self.year}"
        self.stage = (paths.processed_dir / ".work" / self.area / self.year) if options.suppress \
            else (self.work / "processed")
        self.results: list[NotebookResult] = []
        self.pending: set[str] = set()
        self.stack = contextlib.ExitStack()
        self.started = now()
        self.manifest: dict = {}
        self.pages: YearPages | None = None
        self.exports: list[cf.Future] = []
        self.draft_missing: list[str] = []

    def parameters(self, processed_root: Path) -> dict:
        nbdir = self.paths.notebooks_dir
        return {"area": self.area, "reporting_year": self.year,
                "raw_dir": os.path.relpath(self.paths.raw_dir, nbdir),
                "processed_dir": os.path.relpath(processed_root, nbdir),
                "trend_years": self.options.trend_years, "suppress": self.options.suppress}

    def failed(self) -> bool:
        return any(not r.ok for r in self.results)

    def sources(self, nb: Notebook) -> list[str]:
        return read_sources(self.stage / nb.stem / self.area / self.year)

    def staged_tables(self, sections: Sequence[Notebook]) -> list[Path]:
        found = []
        for nb in sections:
            src = self.stage / nb.stem / self.area / self.year
            if src.is_dir():
                found += [p for p in sorted(src.iterdir()) if p.is_file()]
        return found

    def cleanup(self) -> None:
        for d in (self.work, self.stage):
            shutil.rmtree(d, ignore_errors=True)
        stage_root = self.paths.processed_dir / ".work"
        for d in (stage_root / self.area, stage_root):
            with contextlib.suppress(OSError):
                d.rmdir()  # only if empty


def run(options: RunOptions, paths: Paths | None = None, on_event: Callable[[Event], None] | None = None
        ) -> list[YearResult]:
    """Build the reports for ``options.area`` and each of ``options.years``.

    Returns one :class:`YearResult` per year (built, skipped, failed, locked, or "would build" in a
    dry run); :func:`lscb_analysis.runner.model.exit_code` turns them into an exit code. Raises
    :class:`BadInput` for what cannot work (bad options, an area that is a path or has no data, a year
    with no data, missing commentary with ``final``), and ``OSError`` when the operating system
    refuses before any year has started (a read-only or full reports folder)."""
    paths = paths or Paths()
    emit_lock = threading.Lock()

    def emit(kind: str, y: _Year, notebook: str = "", seconds: float | None = None, message: str = "") -> None:
        if on_event is not None:
            with emit_lock:
                on_event(Event(kind, y.area, y.year, notebook, seconds, message))

    years = check_options(options, paths)
    all_sections, overview = discover_notebooks(paths.notebooks_dir)
    sections = select_sections(all_sections, options.sections)
    if not (paths.raw_dir / options.area).is_dir():
        try:  # a real authority with published statistics only has no local folder
            from lscb_analysis.inputs import config

            config.load_area(options.area)
        except Exception as e:  # noqa: BLE001
            raise BadInput(f"no data for area {options.area!r}: {paths.raw_dir / options.area} does not exist "
                           "and it is not a known authority") from e
    kernel = options.kernel or default_kernel()
    # kernels are forked from one process that imports the libraries once (runner/kernels.py); started
    # now, its imports overlap the hashing and checks below
    template = None if options.dry_run else kernels.template_for(kernel)
    with template or contextlib.nullcontext():
        inputs = manifest.input_hashes(paths.raw_dir, options.area)
        git = manifest.git_state(paths.project_root)
        code = {"git_commit": git["commit"], "content_sha256": manifest.code_hash([*paths.code_dirs, paths.notebooks_dir])}
        check_years(options.area, [y.label for y in years],
                    available_years(options.area, paths.raw_dir, paths.interim_dir, inputs, code["content_sha256"]))
        packages = manifest.package_versions()
        notebooks = sections + ([overview] if overview else [])
        titles = {nb.stem: nb.title() for nb in notebooks}
        pages_named = [nb.stem for nb in sections] + [OVERVIEW]
        commentary = {y.label: commentary_status(paths.project_root / COMMENTARY_DIR, options.area, y.label, pages_named) for y in years}
        if options.final:
            lacking = {y: missing(s) for y, s in commentary.items() if missing(s)}
            if lacking:
                where = paths.project_root / "commentary" / options.area
                raise BadInput("--final: the commentary is not complete; missing "
                               + "; ".join(f"{y}: {', '.join(f'{s}.md' for s in ss)}" for y, ss in lacking.items())
                               + f" (under {where})")

        results: dict[str, YearResult] = {}
        todo: list[_Year] = []
        try:
            for ry in years:
                y = _Year(options, paths, ry)
                try:
                    y.stack.enter_context(lock(y.target.parent / f".lock-{y.year}"))
                except Locked as e:
                    results[y.year] = YearResult(y.area, y.year, "locked", str(e), y.target)
                    emit("year-locked", y, message=str(e))
                    continue
                params = y.parameters(paths.processed_dir)
                status = commentary[y.year]
                y.draft_missing = missing(status)
                fingerprint = manifest.fingerprint(
                    inputs=inputs, code=code, sections=[nb.path.name for nb in notebooks], packages=packages,
                    kernel=kernel, parameters={**{k: v for k, v in params.items() if not k.endswith("_dir")},
                                               "commentary": _commentary_hashes(status), "final": options.final})
                y.manifest = {
                    "area": y.area, "reporting_year": y.year, "parameters": params, "kernel": kernel,
                    "kernel_start": ("forked from one process that imported the libraries once (runner/kernels.py)"
                                     if template is not None and template.running() else "a fresh process each"),
                    "cell_timeout_seconds": options.cell_timeout, "notebooks": [nb.path.name for nb in notebooks],
                    "git": git, "code_sha256": code["content_sha256"], "lscb_analysis_version": __version__,
                    "packages": packages, "inputs": inputs, "fingerprint": fingerprint,
                    "draft": bool(y.draft_missing), "commentary_missing": y.draft_missing,
                }
                if not options.force and _up_to_date(y.target, fingerprint):
                    y.stack.close()
                    results[y.year] = YearResult(y.area, y.year, "skipped",
                                                 "inputs, parameters and code unchanged since the last successful run",
                                                 y.target)
                    emit("year-skipped", y, message=results[y.year].message)
                    continue
                if options.dry_run:
                    y.stack.close()
                    why = "forced" if options.force else "inputs, parameters or code changed, or no good report yet"
                    results[y.year] = YearResult(y.area, y.year, "would build", why + (" (draft)" if y.draft_missing
                                                                                        else ""), y.target,
                                                 draft=bool(y.draft_missing))
                    continue
                todo.append(y)
                for d in (y.work, y.stage):
                    if d.exists():
                        shutil.rmtree(d)
                y.work.mkdir(parents=True)
                emit("year-started", y)
            _execute(todo, sections, overview, titles, kernel, emit, results, template)
        finally:
            for y in todo:
                y.stack.close()
        return [results[y.label] for y in years if y.label in results]


def _commentary_hashes(status: dict[str, Path | None]) -> dict[str, str | None]:
    return {s: (manifest.sha256_file(p) if p is not None else None) for s, p in status.items()}


def _up_to_date(target: Path, fingerprint: str) -> bool:
    m = target / "manifest.json"
    if not m.is_file() or not (target / "index.html").is_file() or (target / FAILED_DIR).exists():
        return False
    try:
        return json.loads(m.read_text(encoding="utf-8")).get("fingerprint") == fingerprint
    except (OSError, ValueError):
        return False


def _execute(todo: list[_Year], sections: list[Notebook], overview: Notebook | None, titles: dict[str, str],
             kernel: str, emit, results: dict[str, YearResult], template: kernels.Template | None = None) -> None:
    """Run every year's sections (all years interleaved, the slowest section first), then each year's
    overview once its sections have written their tables; export each section's pages as soon as its
    notebook finishes, on one background thread."""
    if not todo:
        return
    options, paths = todo[0].options, todo[0].paths
    with cf.ThreadPoolExecutor(max_workers=options.jobs, thread_name_prefix="lscb-run") as pool, \
            cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="lscb-export") as export_pool:
        running: dict[cf.Future, tuple[_Year, Notebook]] = {}

        def submit(y: _Year, nb: Notebook, processed_root: Path) -> None:
            params = y.parameters(processed_root)
            out = y.work / "executed" / nb.path.name

            def task():
                emit("notebook-started", y, nb.stem)
                return execute(nb, out, params, kernel=kernel, cwd=paths.notebooks_dir,
                               cell_timeout=options.cell_timeout, year=y.year, template=template)

            running[pool.submit(task)] = (y, nb)
            y.pending.add(nb.stem)

        def export_later(y: _Year, fn: Callable[[], list[str] | None]) -> None:
            y.exports.append(export_pool.submit(lambda: [] if y.failed() else (fn() or [])))

        def pages(y: _Year) -> YearPages:
            if y.pages is None:  # built on the export thread (naming a real authority reads statistics)
                y.pages = YearPages(y.area, y.year, y.work / "report", sections, titles, y.manifest["git"],
                                    suppress=options.suppress,
                                    methodology=paths.project_root / "docs" / "methodology.md",
                                    draft_missing=y.draft_missing)
            return y.pages

        order = slowest_first(sections, todo[0].target)
        for y in todo:
            for nb in order:
                submit(y, nb, y.stage / nb.stem)
        while running:
            done, _ = cf.wait(list(running), return_when=cf.FIRST_COMPLETED)
            for fut in done:
                y, nb = running.pop(fut)
                res = fut.result()
                y.pending.discard(nb.stem)
                y.results.append(res)
                if res.ok:
                    emit("notebook-finished", y, nb.stem, res.seconds)
                    if not nb.is_overview:
                        export_later(y, lambda y=y, nb=nb: pages(y).section(
                            nb, y.work / "executed" / nb.path.name, y.sources(nb)))
                else:
                    emit("notebook-failed", y, nb.stem, res.seconds, res.failure.describe())
                if y.pending:
                    continue
                if not nb.is_overview and not y.failed():
                    # the year's sections are done: the methodology page, and the overview reads their tables
                    all_sources = sorted({s for s_nb in sections for s in y.sources(s_nb)})
                    export_later(y, lambda y=y, a=all_sources: pages(y).methodology_page(a))
                    if overview is not None:
                        try:
                            submit(y, overview, _merge_stage(y, sections))
                            continue
                        except OSError as e:
                            y.results.append(_step_failure("staging", y.year, e))
                cf.wait(y.exports)
                results[y.year] = _fail(y, emit) if y.failed() else _finish(y, sections, overview, pages, emit)


def _merge_stage(y: _Year, sections: Sequence[Notebook]) -> Path:
    """Gather the indicator tables every section wrote into one processed folder for the overview."""
    merged = y.stage / "_all"
    dest = merged / y.area / y.year
    dest.mkdir(parents=True, exist_ok=True)
    for p in y.staged_tables(sections):
        shutil.copy2(p, dest / p.name)
    return merged


def _step_failure(what: str, year: str, e: BaseException) -> NotebookResult:
    """A failure of the runner's own work (staging, pages, writing), as a result beside the notebooks'."""
    from lscb_analysis.runner.execute import failure_text

    text = os_error_text(e) if isinstance(e, OSError) else failure_text(type(e).__name__, str(e))
    return NotebookResult(Notebook(Path(what), -1, what), year, False, 0.0,
                          failure=CellFailure(None, None, None, "", text))


class _PageProblem(RuntimeError):
    pass


def _finish(y: _Year, sections: list[Notebook], overview: Notebook | None, pages, emit) -> YearResult:
    """Write the key-facts page and the manifest, then swap the report and the indicator tables in."""
    options, paths = y.options, y.paths
    try:
        ys = pages(y)
        out = ys.out
        (out / "reviewer").mkdir(parents=True, exist_ok=True)
        sources = {nb.stem: y.sources(nb) for nb in sections}
        timings = dict(sorted((r.notebook.path.name, round(r.seconds, 3)) for r in y.results))
        manifest_doc = {**y.manifest, "started": y.started, "finished": now(), "timings_seconds": timings,
                        "suppressed": options.suppress,
                        "sections": [{"notebook": nb.path.name, "title": ys.titles[nb.stem], "page": f"{nb.stem}.html",
                                      "sources": sources[nb.stem]} for nb in sections]}
        about = [
            ("Area", ys.area_label), ("Reporting year", f"{y.year} (1 April to 31 March)"),
            ("Produced", ys.date_text), ("Version", ys.version),
            ("Status", "draft: own commentary missing for " + ", ".join(y.draft_missing) if y.draft_missing else "final"),
            ("Disclosure control", "on: counts from 1 to 5 shown as c" if options.suppress else "OFF (internal use)"),
            ("Input files", f"{len(manifest_doc['inputs'])} files, each with its SHA-256 in the manifest"),
            ("Notebooks run", ", ".join(f"{k} ({v:.0f} s)" for k, v in timings.items())),
            ("Kernel", f"{manifest_doc['kernel']}; kernels started: {manifest_doc.get('kernel_start', 'a fresh process each')}"),
        ]
        problems = [p for f in y.exports for p in (f.result() or [])]
        executed_overview = y.work / "executed" / overview.path.name if overview else None
        problems += ys.index(executed_overview, sources, about)
        if problems:
            raise _PageProblem("; ".join(problems))
        if not options.suppress:
            shutil.rmtree(out / "reviewer", ignore_errors=True)
        nbdir = (out / "reviewer" / "notebooks") if options.suppress else (out / "notebooks")
        shutil.copytree(y.work / "executed", nbdir, ignore=shutil.ignore_patterns("*.kernel.log"))
        write_atomic(out / "manifest.json", json.dumps(manifest_doc, indent=2) + "\n")
        replace_dir(out, y.target)  # the moment of truth: the report, then the indicator tables
        if options.suppress:
            dest = paths.processed_dir / y.area / y.year
            dest.mkdir(parents=True, exist_ok=True)
            for p in y.staged_tables(sections):
                os.replace(p, dest / p.name)
        write_area_index(paths, y.area, suppress=options.suppress)
    except _PageProblem as e:
        y.results.append(NotebookResult(Notebook(Path("board-pages"), -1, "board pages"), y.year, False, 0.0,
                                        failure=CellFailure(None, None, None, "", f"board page check: {e}")))
        return _fail(y, emit, pages=y.work / "report")
    except Exception as e:  # noqa: BLE001 - a problem writing the pages fails this year only
        y.results.append(_step_failure("html-export", y.year, e))
        return _fail(y, emit)
    y.cleanup()
    y.stack.close()
    emit("year-built", y, message=str(y.target))
    return YearResult(y.area, y.year, "built", str(y.target), y.target, y.results, draft=bool(y.draft_missing))


def _fail(y: _Year, emit, pages: Path | None = None) -> YearResult:
    """Keep the failure folder beside the previous good report (left as it was) and the full notebooks
    owner-only under ``data/interim``."""
    try:
        message = keep_failure(area=y.area, year=y.year, results=y.results, work=y.work, target=y.target,
                               interim_dir=y.paths.interim_dir, pages=pages)
    finally:
        y.cleanup()
        y.stack.close()
    emit("year-failed", y, message=message)
    return YearResult(y.area, y.year, "failed", message, y.target, y.results)
