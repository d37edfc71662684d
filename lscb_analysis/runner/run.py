"""Run the report notebooks for an area and its reporting years, export HTML, write the manifest.

One dependable command (``lscb run``, see :mod:`lscb_analysis.cli`) instead of a manual chain of
papermill and nbconvert calls:

* **Discovery**: section notebooks are the files ``NN_*.ipynb`` in the notebooks folder (``01_...``
  upwards, in number order), so a new section joins by being named that way; ``00_*.ipynb`` is the
  overview (key facts), run last, after every section of the year.
* **Execution**: papermill, with an explicit kernel (``lscb-analysis`` when that kernelspec is
  installed, else ``python3``), the notebooks folder as working directory, the six standard
  parameters and a per-cell timeout. Notebooks for different sections and years run in parallel,
  up to ``jobs`` at a time, the slowest section first (by the timings in the last report's
  manifest; number order the first time), so the longest notebook is never left until last. Each
  overview is queued behind every section: when a worker is free its kernel starts and its setup
  cells run, and its first cell that mentions ``processed_dir`` waits until the year's sections
  have written their tables (:class:`Gate`). A failing notebook stops only itself: the run names the notebook and
  the cell, keeps the executed notebook (and the kernel's log) under
  ``reports/<area>/<year>/_failed/`` and the year's previous report stays as it was.
* **Atomic output**: a year's pages are built in a work folder and swapped into
  ``reports/<area>/<year>/`` only when every notebook succeeded and every page was written;
  the indicator tables the notebooks write are staged the same way and moved into
  ``data/processed/<area>/<year>/`` at the same moment.
* **Skipping**: a year whose inputs (SHA-256 of every file under ``data/raw/<area>`` and
  ``data/raw/dfe``), parameters and code (git commit, and a hash of ``lscb_analysis/`` and the
  notebooks) are unchanged since its last successful run is skipped unless ``force``.
* **Locking**: a lock file per area and year (``flock``, released by the operating system if the
  process dies), so two runs cannot write the same report.
* **HTML**: a board version (no code, prompts, stderr or warnings; suppression on) and a reviewer
  version (code shown), exported in this process (one nbconvert exporter per variant, reused) as
  soon as each section's notebook finishes, beside the notebooks still running; self-contained
  (images embedded, nothing requested from another host),
  with title, date, area, data sources and version; ``index.html`` per area and year (the key facts
  from the overview, links to sections and what data each used, a short manifest); an index of
  years per area.
* **Manifest**: ``manifest.json`` beside each report: parameters, git commit and whether the tree
  was clean, SHA-256 of every input file, package versions, timings per notebook.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import datetime as dt
import errno
import hashlib
import html
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path

from lscb_analysis import __version__
from lscb_analysis.inputs.hashing import sha256_file
from lscb_analysis.core.periods import ReportingYear

# papermill and nbconvert import nbformat, which imports jsonschema, which (when the optional
# rfc3987-syntax package is installed, as Jupyter's jsonschema[format-nongpl] does) builds an Earley
# parser for every RFC 3987 rule at import: about 1.6 s of CPU before the first kernel can start, for
# IRI format checks nbformat never makes. Mark it absent in this process unless something has
# imported jsonschema already (jsonschema then simply leaves the "iri" formats unchecked).
if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)

__all__ = [
    "PROJECT_ROOT",
    "TEMPLATES_DIR",
    "EXIT_OK",
    "EXIT_FAILED",
    "EXIT_BAD_INPUT",
    "EXIT_LOCKED",
    "DEFAULT_CELL_TIMEOUT",
    "BadInput",
    "Paths",
    "Notebook",
    "CellFailure",
    "NotebookResult",
    "YearResult",
    "RunOptions",
    "Event",
    "discover_notebooks",
    "select_sections",
    "default_kernel",
    "sha256_file",
    "input_hashes",
    "code_hash",
    "git_state",
    "package_versions",
    "fingerprint",
    "report_dir",
    "lock",
    "Locked",
    "execute",
    "Gate",
    "export_html",
    "make_self_contained",
    "board_page_problems",
    "run",
    "exit_code",
    "write_area_index",
]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE_NAME = "lscb"

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_LOCKED = 0, 1, 2, 3
DEFAULT_KERNEL = "lscb-analysis"
DEFAULT_CELL_TIMEOUT = 1200  # seconds for any one cell
INTERNAL_DIR = "_internal"  # reports run with suppression off (reviewers only, never published)
FAILED_DIR = "_failed"
NOTEBOOK_NAME = re.compile(r"^(\d\d)_([A-Za-z0-9][A-Za-z0-9_\-]*)\.ipynb$")
# cells never shown on a board page (papermill's parameter cells, and anything tagged remove-cell)
BOARD_REMOVE_TAGS = ("remove-cell", "parameters", "injected-parameters", "papermill-error-cell-tag")
REVIEWER_REMOVE_TAGS = ("remove-cell", "papermill-error-cell-tag")
PACKAGES = ("lscb-analysis", "pandas", "numpy", "scipy", "matplotlib", "seaborn", "pandera", "pyarrow",
            "openpyxl", "holidays", "pyyaml", "defusedxml", "papermill", "nbconvert", "nbformat", "nbclient",
            "ipykernel", "jupyter_client")


class BadInput(ValueError):
    """A problem with the arguments or inputs that stops a run before anything executes (exit code 2)."""


class Locked(RuntimeError):
    """Another run holds the lock for this report (exit code 3)."""


# ---------------------------------------------------------------------------------------------
# where things are


@dataclass(frozen=True)
class Paths:
    """The folders a run reads and writes. Every one can be moved (the tests use temporary ones)."""

    notebooks_dir: Path = PROJECT_ROOT / "notebooks"
    raw_dir: Path = PROJECT_ROOT / "data" / "raw"
    processed_dir: Path = PROJECT_ROOT / "data" / "processed"
    reports_dir: Path = PROJECT_ROOT / "reports"
    project_root: Path = PROJECT_ROOT  # for the git commit
    code_dirs: tuple[Path, ...] = (Path(__file__).resolve().parents[1],)  # the notebooks folder is added

    def __post_init__(self) -> None:
        for name in ("notebooks_dir", "raw_dir", "processed_dir", "reports_dir", "project_root"):
            object.__setattr__(self, name, Path(getattr(self, name)).resolve())
        object.__setattr__(self, "code_dirs", tuple(Path(p).resolve() for p in self.code_dirs))


@dataclass(frozen=True)
class Notebook:
    """A report notebook found by name: ``NN_name.ipynb``; ``00`` is the overview."""

    path: Path
    number: int
    name: str

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def is_overview(self) -> bool:
        return self.number == 0

    def title(self) -> str:
        """The notebook's first level-1 Markdown heading, else its name in words."""
        try:
            import nbformat

            nb = nbformat.read(self.path, as_version=4)
            for cell in nb.cells:
                if cell.cell_type == "markdown":
                    m = re.search(r"^#\s+(.+?)\s*#*\s*$", cell.source, re.M)
                    if m:
                        return m.group(1).strip()
        except Exception:  # noqa: BLE001 - a title is cosmetic; an unreadable notebook fails when run
            pass
        return self.name.replace("_", " ").capitalize()


def discover_notebooks(notebooks_dir: Path | str) -> tuple[list[Notebook], Notebook | None]:
    """The section notebooks (``01_*.ipynb`` upwards, in number order) and the overview (``00_*``).

    Raises :class:`BadInput` if the folder is missing, there is no section notebook, or two
    notebooks share a number.
    """
    d = Path(notebooks_dir)
    if not d.is_dir():
        raise BadInput(f"notebooks folder {d} does not exist")
    found = []
    for p in sorted(d.glob("*.ipynb")):
        m = NOTEBOOK_NAME.match(p.name)
        if m:
            found.append(Notebook(p.resolve(), int(m.group(1)), m.group(2)))
    numbers = [nb.number for nb in found]
    dupes = sorted({n for n in numbers if numbers.count(n) > 1})
    if dupes:
        names = ", ".join(nb.path.name for nb in found if nb.number in dupes)
        raise BadInput(f"two notebooks share a number in {d}: {names}")
    overview = next((nb for nb in found if nb.is_overview), None)
    sections = sorted((nb for nb in found if not nb.is_overview), key=lambda nb: nb.number)
    if not sections:
        raise BadInput(f"no section notebooks (named like 01_child_protection.ipynb) in {d}")
    return sections, overview


def select_sections(sections: Sequence[Notebook], wanted: Iterable[str] | None) -> list[Notebook]:
    """The sections named in ``wanted`` by number ("1", "01"), name ("child_protection") or file stem;
    all of them when ``wanted`` is empty. Raises :class:`BadInput` naming an unknown section."""
    keys = [w.strip() for item in (wanted or []) for w in str(item).split(",") if w.strip()]
    if not keys:
        return list(sections)
    chosen = []
    for key in keys:
        k = key.lower().removesuffix(".ipynb")
        match = [nb for nb in sections
                 if k in (nb.stem.lower(), nb.name.lower()) or (k.isdigit() and int(k) == nb.number)]
        if not match:
            known = ", ".join(f"{nb.number:02d} ({nb.name})" for nb in sections)
            raise BadInput(f"unknown section {key!r}; the sections are {known}")
        chosen.extend(nb for nb in match if nb not in chosen)
    return sorted(chosen, key=lambda nb: nb.number)


def default_kernel() -> str:
    """``lscb-analysis`` if that kernelspec is installed (``make setup`` installs it), else ``python3``."""
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        names = KernelSpecManager().find_kernel_specs()
    except Exception:  # noqa: BLE001 - no jupyter_client: papermill will say so when it runs
        return "python3"
    return DEFAULT_KERNEL if DEFAULT_KERNEL in names else "python3"


# ---------------------------------------------------------------------------------------------
# what a run depends on


def _files(root: Path) -> list[Path]:
    skip = {"__pycache__", ".ipynb_checkpoints", ".git"}
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in skip)
        out.extend(Path(dirpath) / f for f in sorted(filenames) if not f.endswith((".pyc", ".pyo")))
    return out


def input_hashes(raw_dir: Path | str, area: str) -> dict[str, str]:
    """SHA-256 of every file under ``<raw_dir>/<area>`` and ``<raw_dir>/dfe``, keyed by the path
    relative to ``raw_dir`` (POSIX separators), sorted."""
    raw = Path(raw_dir)
    out = {}
    for sub in (area, "dfe"):
        root = raw / sub
        if root.is_dir():
            for p in _files(root):
                out[p.relative_to(raw).as_posix()] = sha256_file(p)
    return dict(sorted(out.items()))


def code_hash(dirs: Iterable[Path | str]) -> str:
    """One SHA-256 over the path and content of every file in ``dirs`` (caches excluded)."""
    h = hashlib.sha256()
    for d in dirs:
        d = Path(d)
        if not d.is_dir():
            continue
        for p in _files(d):
            h.update(f"{d.name}/{p.relative_to(d).as_posix()}\0".encode())
            h.update(sha256_file(p).encode())
    return h.hexdigest()


def git_state(root: Path | str = PROJECT_ROOT) -> dict:
    """``{"commit": <sha or None>, "clean": <bool or None>}`` for the checkout at ``root``
    (``clean`` is False when any tracked file is changed or an untracked file exists)."""
    def git(*args):
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=30)

    try:
        head = git("rev-parse", "HEAD")
        if head.returncode != 0:
            return {"commit": None, "clean": None}
        status = git("status", "--porcelain")
        clean = status.returncode == 0 and not status.stdout.strip()
        return {"commit": head.stdout.strip(), "clean": clean}
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "clean": None}


def package_versions() -> dict[str, str]:
    """Installed versions of the packages that shape the figures and pages, and Python's."""
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def fingerprint(*, inputs: dict, parameters: dict, code: dict, sections: Sequence[str],
                packages: dict, kernel: str) -> str:
    """The SHA-256 that decides whether a year must be rebuilt: its inputs, parameters, code
    (git commit and content hash), the notebooks run, package versions and kernel."""
    doc = {"inputs": inputs, "parameters": parameters, "code": code, "sections": list(sections),
           "packages": packages, "kernel": kernel}
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()


# ---------------------------------------------------------------------------------------------
# locks and atomic moves


def report_dir(paths: Paths, area: str, year: str, *, suppress: bool = True) -> Path:
    """``reports/<area>/<year>``, or ``reports/_internal/<area>/<year>`` for unsuppressed runs."""
    base = paths.reports_dir if suppress else paths.reports_dir / INTERNAL_DIR
    return base / area / year


@contextlib.contextmanager
def lock(path: Path):
    """Hold an exclusive lock on ``path`` (created if needed) or raise :class:`Locked` at once.

    Uses ``flock``: the operating system releases it if the process dies, so a crashed run never
    leaves a report locked. The file records who holds it."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
            holder = os.pread(fd, 500, 0).decode(errors="replace").strip()
            raise Locked(f"{path.name}: another run is writing this report ({holder or 'holder unknown'})") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} on {platform.node()} since {_now()}\n".encode(), 0)
        yield path
    finally:
        os.close(fd)  # closing releases the lock


def _now() -> str:
    return dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")


def _replace_dir(new: Path, target: Path) -> None:
    """Put the finished folder ``new`` at ``target``: two renames on one filesystem, so readers see
    the old complete report or the new complete one, never a half-written one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".old-{target.name}-{os.getpid()}")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        if old.exists():
            os.rename(old, target)
        raise
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# ---------------------------------------------------------------------------------------------
# execution


@dataclass
class CellFailure:
    """Where and how a notebook failed."""

    cell: int | None  # 1-based position in the notebook as saved (parameter injection not counted)
    execution_count: int | None
    cell_id: str | None
    source: str  # first line of the cell
    error: str  # "ValueError: boom", "timed out after 600 s", "the kernel died"

    def describe(self) -> str:
        where = f"cell {self.cell}" if self.cell else "before the first cell"
        if self.execution_count:
            where += f" (In [{self.execution_count}])"
        src = f", which starts `{self.source}`" if self.source else ""
        return f"{where}{src}: {self.error}"


@dataclass
class NotebookResult:
    notebook: Notebook
    year: str
    ok: bool
    seconds: float
    executed: Path | None = None  # the executed notebook
    kernel_log: Path | None = None
    failure: CellFailure | None = None
    cancelled: bool = False  # an overview started early and stopped because a section of its year failed


def _kernel_manager_class(log_path: Path, cwd: Path):
    """An AsyncKernelManager that starts the kernel in ``cwd`` and sends its own stdout/stderr
    (start-up chatter, crash messages) to ``log_path`` instead of the terminal.

    The working folder is given to the kernel at launch rather than through papermill's ``cwd``:
    papermill does ``os.chdir`` in this process for the whole run and changes it back at the end,
    and with notebooks running in threads one notebook's change-back could land while another's
    kernel was starting, so that kernel began in the wrong folder and could not find ``../raw``."""
    from jupyter_client.manager import AsyncKernelManager

    class _LoggedKernelManager(AsyncKernelManager):
        async def start_kernel(self, **kw):  # type: ignore[override]
            # Unix sockets with a name of their own, not TCP ports: kernels started at the same moment can
            # pick the same free port, and one then dies with "Address already in use" (papermill #511)
            if os.name == "posix":
                self.transport = "ipc"
                self.ip = os.path.join(tempfile.gettempdir(), f"lscb-kernel-{uuid.uuid4().hex[:16]}")
            kw["cwd"] = str(cwd)
            f = open(log_path, "ab")  # noqa: SIM115 - the child keeps its own copy of the descriptor
            kw.setdefault("stdout", f)
            kw.setdefault("stderr", f)
            try:
                return await super().start_kernel(**kw)
            finally:
                f.close()

    return _LoggedKernelManager


def _locate_failure(executed: Path, exc: BaseException, timeout: float) -> CellFailure:
    """Find the failing cell in the executed notebook papermill saved."""
    import nbformat

    error = _describe_exception(exc, timeout)
    try:
        nb = nbformat.read(executed, as_version=4)
    except Exception:  # noqa: BLE001 - the notebook was never written (kernel did not start)
        return CellFailure(None, None, None, "", error)
    skip = {"injected-parameters", "papermill-error-cell-tag"}
    position = 0
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        if tags & skip:
            continue
        position += 1
        if cell.cell_type != "code":
            continue
        status = cell.metadata.get("papermill", {}).get("status")
        errored = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
        if errored or status in ("failed", "running"):
            first = next((line.strip() for line in cell.source.splitlines() if line.strip()), "")
            return CellFailure(position, cell.get("execution_count"), cell.get("id"), first[:120], error)
    return CellFailure(None, None, None, "", error)


def _describe_exception(exc: BaseException, timeout: float) -> str:
    name = type(exc).__name__
    if name == "PapermillExecutionError":
        value = str(getattr(exc, "evalue", "")).strip().splitlines()
        return f"{exc.ename}: {value[0] if value else ''}".strip().rstrip(":")
    if name == "CellTimeoutError" or isinstance(exc, TimeoutError):
        return f"the cell ran longer than the {timeout:g} s limit"
    if name == "DeadKernelError":
        return "the kernel died (see the kernel log)"
    first = str(exc).strip().splitlines()
    return f"{name}: {first[0] if first else ''}".rstrip(": ")


class _Cancelled(Exception):
    """Raised inside a gated notebook's execution when the gate is cancelled (see :class:`Gate`)."""


class Gate:
    """Lets a notebook start before its inputs exist: the overview's kernel starts, and its cells that do
    not read the sections' tables run (imports, parameter checks), while the last sections are still
    running; the first code cell that mentions ``processed_dir`` (and every cell after it) waits until
    :meth:`open` (the sections' tables are in place), or stops the notebook at :meth:`cancel` (a
    section failed, so the year fails and its overview is not wanted)."""

    MARKER = "processed_dir"
    SKIP_TAGS = frozenset({"parameters", "injected-parameters"})

    def __init__(self):
        self._event = threading.Event()
        self._cancelled = False
        self.passed = False
        self.waited = 0.0  # seconds spent waiting (not counted as the notebook's own time)
        self.on_pass: Callable[[], None] | None = None  # called once the notebook goes on past the gate

    def open(self) -> None:
        self._event.set()

    def cancel(self) -> None:
        self._cancelled = True
        self._event.set()

    def must_wait(self, cell) -> bool:
        return (not self.passed and cell.get("cell_type") == "code" and self.MARKER in cell.get("source", "")
                and not (set(cell.get("metadata", {}).get("tags", [])) & self.SKIP_TAGS))

    def wait(self) -> None:
        t = time.monotonic()
        self._event.wait()
        self.waited += time.monotonic() - t
        if self._cancelled:
            raise _Cancelled("a section of this year failed")
        self.passed = True
        if self.on_pass is not None:
            self.on_pass()

    @property
    def cancelled(self) -> bool:
        return self._cancelled


_ENGINE = "lscb"


def _register_engine() -> None:
    """The papermill engine ``lscb``: papermill's own (nbclient), except that

    * each cell a :class:`Gate` says must wait is held until the gate opens (or the notebook stops);
    * the executed notebook is written when the notebook starts and when it ends (papermill writes it
      in a ``finally``, so a failed, timed-out or crashed notebook is saved with its error), not also
      before and after every cell: for a notebook with charts that is 50 or more rewrites of a file
      that grows to a megabyte, all in this process while the other notebooks run."""
    from papermill.engines import NBClientEngine, papermill_engines

    if _ENGINE in papermill_engines._engines:
        return

    class Engine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, gate: Gate | None = None, **kwargs):
            save, start, complete = nb_man.save, nb_man.cell_start, nb_man.cell_complete
            in_cell = threading.local()

            def quiet_save(**kw):
                if not getattr(in_cell, "flag", False):
                    save(**kw)

            def cell_start(cell, cell_index=None, **kw):
                if gate is not None and gate.must_wait(cell):
                    gate.wait()
                in_cell.flag = True
                try:
                    return start(cell, cell_index, **kw)
                finally:
                    in_cell.flag = False

            def cell_complete(cell, cell_index=None, **kw):
                # papermill calls this in a ``finally``: an exception on its way out here that papermill
                # has not already recorded (a timeout, a dead kernel) would leave the cell marked
                # "completed", and the report could not say which cell failed
                if sys.exc_info()[1] is not None:
                    cell.metadata.setdefault("papermill", {})["status"] = "failed"
                in_cell.flag = True
                try:
                    return complete(cell, cell_index, **kw)
                finally:
                    in_cell.flag = False

            nb_man.save, nb_man.cell_start, nb_man.cell_complete = quiet_save, cell_start, cell_complete
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)

    papermill_engines.register(_ENGINE, Engine)


def execute(notebook: Notebook, output: Path, parameters: dict, *, kernel: str, cwd: Path,
            cell_timeout: float = DEFAULT_CELL_TIMEOUT, year: str = "", gate: Gate | None = None) -> NotebookResult:
    """Run one notebook with papermill; never raises for a failure inside the notebook. With a
    ``gate``, the cells that read the sections' tables wait for it (see :class:`Gate`); the time
    spent waiting is not counted in the result's seconds."""
    import papermill

    output.parent.mkdir(parents=True, exist_ok=True)
    log_path = output.with_suffix(".kernel.log")
    _register_engine()
    extra = {"engine_name": _ENGINE, "gate": gate}
    start = time.monotonic()

    def seconds() -> float:
        return time.monotonic() - start - (gate.waited if gate is not None else 0.0)

    try:
        papermill.execute_notebook(
            str(notebook.path), str(output), parameters=parameters, kernel_name=kernel,
            execution_timeout=cell_timeout, progress_bar=False, log_output=False,
            request_save_on_cell_execute=True, kernel_manager_class=_kernel_manager_class(log_path, cwd),
            # the notebook has run and its outputs are in hand: stop the kernel at once rather than ask it to
            # shut down and wait while it tears down its modules and data (0.3-0.5 s a notebook)
            shutdown_kernel="immediate", **extra,
        )
    except _Cancelled:
        return NotebookResult(notebook, year, False, seconds(), None, None,
                              CellFailure(None, None, None, "", "stopped: a section of this year failed"),
                              cancelled=True)
    except Exception as exc:  # noqa: BLE001 - any failure stops this notebook only
        return NotebookResult(notebook, year, False, seconds(), output if output.exists() else None,
                              log_path if log_path.exists() else None, _locate_failure(output, exc, cell_timeout))
    return NotebookResult(notebook, year, True, seconds(), output, log_path if log_path.exists() else None)


# ---------------------------------------------------------------------------------------------
# HTML


def _board_preprocessor():
    from nbconvert.preprocessors import Preprocessor

    class BoardCleaner(Preprocessor):
        """Strip what a board member must never see: stderr (warnings, logging), error outputs, and
        code cells left with nothing to show."""

        def preprocess(self, nb, resources):
            kept = []
            for cell in nb.cells:
                if cell.cell_type == "code":
                    cell.outputs = [
                        o for o in cell.get("outputs", [])
                        if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
                        and o.get("output_type") != "error"
                    ]
                    if not cell.outputs:
                        continue
                kept.append(cell)
            nb.cells = kept
            return nb, resources

    return BoardCleaner()


_CSS_CACHE: str | None = None


def _css() -> str:
    global _CSS_CACHE
    if _CSS_CACHE is None:
        _CSS_CACHE = (TEMPLATES_DIR / TEMPLATE_NAME / "report.css").read_text(encoding="utf-8")
    return _CSS_CACHE


_EXPORTERS: dict[str, object] = {}  # one HTMLExporter per variant: building one compiles its templates
_EXPORT_LOCK = threading.RLock()  # an exporter keeps state while it renders: one page at a time


def _exporter(variant: str):
    """The HTMLExporter for ``variant``, built once per process and reused from page to page (its Jinja
    templates are compiled on first use, about 0.4 s a variant: most of the cost of a page). Use it
    only while holding ``_EXPORT_LOCK``."""
    if variant not in _EXPORTERS:
        from nbconvert import HTMLExporter
        from nbconvert.preprocessors import TagRemovePreprocessor
        from traitlets.config import Config

        board = variant == "board"
        c = Config()
        c.HTMLExporter.extra_template_basedirs = [str(TEMPLATES_DIR)]
        c.HTMLExporter.template_name = TEMPLATE_NAME
        c.HTMLExporter.embed_images = True
        c.HTMLExporter.theme = "light"
        c.HTMLExporter.exclude_input = board
        c.HTMLExporter.exclude_input_prompt = board
        c.HTMLExporter.exclude_output_prompt = board
        exporter = _without_soup(HTMLExporter)(config=c)
        tags = BOARD_REMOVE_TAGS if board else REVIEWER_REMOVE_TAGS
        exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=set(tags), enabled=True), enabled=True)
        if board:
            exporter.register_preprocessor(_board_preprocessor(), enabled=True)
        _EXPORTERS[variant] = exporter
    return _EXPORTERS[variant]


_FOCUSABLE = re.compile(r'<div class="(jp-Cell-inputWrapper|[^"]*\bjp-OutputArea-output\b[^"]*)"')
_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\balt=)", re.I)


def _without_soup(html_exporter):
    """nbconvert's HTMLExporter without its last step, which parses the whole page with BeautifulSoup
    only to add ``tabindex="0"`` to input and output areas and alt text to images without it, and
    writes the page out again: about half the time of a page. The same two additions are made here by
    pattern on the template's own markup. (Every chart of ours has alt text: report.figure_html
    requires it, and board_page_problems checks each page; the fallback text is nbconvert's.) If
    nbconvert's internals are not as expected, its own method is used."""
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class Exporter(html_exporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            if not hasattr(self, "_nb_metadata") or not hasattr(self, "_init_resources"):
                return super().from_notebook_node(nb, resources, **kw)
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code",
                                 self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            text, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            text = _FOCUSABLE.sub(lambda m: f'<div class="{m.group(1)}" tabindex="0"', text)
            text = _IMG_WITHOUT_ALT.sub('<img alt="No description has been provided for this image"', text)
            return text, resources

    return Exporter


def export_html(notebook_node, variant: str, page: dict) -> str:
    """Render an executed notebook as a board (``variant="board"``) or reviewer page.

    ``page`` holds what the template shows around the cells: title, heading, partnership, area
    label, year, date, version, sources, nav, sections, about, manifest_href, suppressed,
    board_href. Runs in-process with nbconvert's HTMLExporter and the ``lscb`` template (one
    exporter per variant, reused from page to page)."""
    import copy

    if variant not in ("board", "reviewer"):
        raise ValueError(f"variant must be 'board' or 'reviewer', not {variant!r}")
    nb = copy.deepcopy(notebook_node)
    nb.metadata["title"] = page["title"]
    body_probe = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    has_h1 = bool(re.search(r"^#\s+\S", body_probe, re.M))
    info = {"variant": variant, "css": _css(), "add_h1": not has_h1, "description": page.get("title", ""),
            "nav": [], "sections": [], "about": [], "sources": [], "suppressed": True, **page}
    with _EXPORT_LOCK:
        html_text, _ = _exporter(variant).from_notebook_node(nb, resources={"lscb": info})
    return make_self_contained(html_text)


_EXTERNAL_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script\s*>", re.I | re.S)
_EXTERNAL_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", re.I | re.S)
_EXTERNAL_IMPORT = re.compile(r"@import\s+(?:url\()?[\"']?(?:https?:)?//[^;]*;", re.I)


def make_self_contained(text: str) -> str:
    """Remove anything that would make the browser fetch from another host: ``<script src=http...>``,
    ``<link href=http...>`` and CSS ``@import`` of remote sheets. (The ``lscb`` template already
    emits none; this is the second line of defence for HTML a notebook outputs.)"""
    text = _EXTERNAL_SCRIPT.sub("", text)
    text = _EXTERNAL_LINK.sub("", text)
    return _EXTERNAL_IMPORT.sub("", text)


class _PageScan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        cls = a.get("class", "")
        if tag in ("style", "script"):
            self._skip += 1
        if tag == "script" and (a.get("src") or "").strip():
            self.problems.append(f"a script is loaded from {a['src'][:80]}")
        if tag in ("img", "iframe", "video", "audio", "source", "embed") and re.match(r"^\s*(https?:)?//", a.get("src", "")):
            self.problems.append(f"<{tag}> requests {a['src'][:80]}")
        if tag == "link" and re.match(r"^\s*(https?:)?//", a.get("href", "")):
            self.problems.append(f"<link> requests {a['href'][:80]}")
        if tag == "img" and not a.get("alt", "").strip():
            self.problems.append("an image has no alt text")
        classes = set(cls.split())
        if classes & {"jp-InputArea-editor", "jp-CodeMirrorEditor", "cm-editor", "highlight"}:
            self.problems.append("a code cell is shown")
        if classes & {"jp-InputPrompt", "jp-OutputPrompt"}:
            self.problems.append("an execution prompt is shown")
        if a.get("data-mime-type") == "application/vnd.jupyter.stderr":
            self.problems.append("stderr or an error output is shown")

    def handle_endtag(self, tag):
        if tag in ("style", "script") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


_TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\s*File \"[^\"]+\", line \d+", re.M)
_WARNING = re.compile(r"\b[A-Z]\w*Warning\b|\bwarnings\.warn\b|\bUserWarning\b|^\s*WARNING\b", re.M)
_PROMPT = re.compile(r"\b(In|Out)\s*\[\s*\d*\s*\]:")


def board_page_problems(text: str) -> list[str]:
    """What is wrong with a board page, in words (an empty list for a good page): code cells or
    prompts, stderr or error outputs, Python tracebacks or warnings, images without alt text,
    anything requested from another host."""
    scan = _PageScan()
    scan.feed(text)
    words = "".join(scan.text)
    problems = list(dict.fromkeys(scan.problems))
    if _TRACEBACK.search(words):
        problems.append("a Python traceback is shown")
    m = _WARNING.search(words)
    if m:
        problems.append(f"warning text is shown ({m.group(0).strip()})")
    if _PROMPT.search(words):
        problems.append("an execution prompt is shown")
    if re.search(r"url\(\s*[\"']?(https?:)?//", text, re.I):
        problems.append("a stylesheet requests another host")
    return problems


# ---------------------------------------------------------------------------------------------
# the run


@dataclass
class RunOptions:
    area: str
    years: list[str]
    sections: list[str] | None = None
    jobs: int = 1
    force: bool = False
    suppress: bool = True
    cell_timeout: float = DEFAULT_CELL_TIMEOUT
    kernel: str | None = None
    trend_years: int = 5
    dry_run: bool = False  # decide what would be built or skipped, run nothing


@dataclass
class YearResult:
    area: str
    year: str
    status: str  # "built", "skipped", "failed", "locked" (or "would build" in a dry run)
    message: str = ""
    report_dir: Path | None = None
    notebooks: list[NotebookResult] = field(default_factory=list)

    @property
    def failures(self) -> list[NotebookResult]:
        return [r for r in self.notebooks if not r.ok]


@dataclass
class Event:
    """A step of a run, for the progress display: ``kind`` is one of year-skipped, year-locked,
    year-started, notebook-started, notebook-finished, notebook-failed, year-built, year-failed."""

    kind: str
    area: str
    year: str
    notebook: str = ""
    seconds: float | None = None
    message: str = ""


def exit_code(results: Sequence[YearResult]) -> int:
    """1 if any notebook failed; else 3 if any report was locked by another run; else 0."""
    if any(r.status == "failed" for r in results):
        return EXIT_FAILED
    if any(r.status == "locked" for r in results):
        return EXIT_LOCKED
    return EXIT_OK


def _area_label(area: str) -> tuple[str, str]:
    """(area name as printed, partnership name) from the area's config, else from its slug."""
    try:
        from lscb_analysis.inputs import config

        a = config.load_area(area)
        return a.label, f"{a.name} Safeguarding Children Partnership"
    except Exception:  # noqa: BLE001 - an unconfigured area (e.g. a test) is named from its folder
        name = area.replace("-", " ").replace("_", " ").title()
        return name, f"{name} Safeguarding Children Partnership"


def _read_sources(csv_dir: Path) -> dict[str, list[str]]:
    """The distinct ``source`` values of each indicator table (``<section>.csv``) in ``csv_dir``."""
    import csv

    out = {}
    if not csv_dir.is_dir():
        return out
    for p in sorted(csv_dir.glob("*.csv")):
        if p.name.startswith("rejections_"):
            continue
        with open(p, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            if not reader.fieldnames or "source" not in reader.fieldnames:
                continue
            out[p.stem] = sorted({(row.get("source") or "").strip() for row in reader} - {""})
    return out


class _YearJob:
    """Everything about one area and year while it runs."""

    def __init__(self, run: _Run, year: ReportingYear):
        self.run = run
        self.year = year.label
        self.area = run.options.area
        self.target = report_dir(run.paths, self.area, self.year, suppress=run.options.suppress)
        self.work = self.target.parent / f".work-{self.year}"
        self.stage = (run.paths.processed_dir / ".work" / self.area / self.year) if run.options.suppress \
            else (self.work / "processed")
        self.results: list[NotebookResult] = []
        self.pending: set[str] = set()
        self.stack = contextlib.ExitStack()
        self.started = _now()
        self.fingerprint = ""
        self.manifest_base: dict = {}
        self.page_ctx: dict | None = None  # see _page_context
        self.exports: dict[str, cf.Future] = {}  # pages being exported in the background, by notebook stem
        self.gate: Gate | None = None  # the overview's (see Gate)

    # -- parameters ------------------------------------------------------------------------
    def parameters(self, processed_root: Path) -> dict:
        nbdir = self.run.paths.notebooks_dir
        return {
            "area": self.area,
            "reporting_year": self.year,
            "raw_dir": os.path.relpath(self.run.paths.raw_dir, nbdir),
            "processed_dir": os.path.relpath(processed_root, nbdir),
            "trend_years": self.run.options.trend_years,
            "suppress": self.run.options.suppress,
        }

    def logical_parameters(self) -> dict:
        p = self.parameters(self.run.paths.processed_dir)
        return p


class _Run:
    def __init__(self, options: RunOptions, paths: Paths, on_event: Callable[[Event], None] | None):
        self.options = options
        self.paths = paths
        self.on_event = on_event or (lambda e: None)
        self._event_lock = threading.Lock()

    def emit(self, kind: str, job: _YearJob, notebook: str = "", seconds: float | None = None, message: str = ""):
        with self._event_lock:
            self.on_event(Event(kind, job.area, job.year, notebook, seconds, message))


def run(options: RunOptions, paths: Paths | None = None, on_event: Callable[[Event], None] | None = None
        ) -> list[YearResult]:
    """Build the reports for ``options.area`` and each of ``options.years``.

    Returns one :class:`YearResult` per year (built, skipped, failed or locked); turn them into
    an exit code with :func:`exit_code`. Raises :class:`BadInput` for arguments that cannot work
    (no notebooks, an unknown section, a year that does not parse, an area with no data folder).
    """
    paths = paths or Paths()
    if options.jobs < 1:
        raise BadInput("--jobs must be 1 or more")
    if not options.years:
        raise BadInput("no reporting year given")
    try:
        years = sorted({ReportingYear(y) for y in options.years})
    except (ValueError, TypeError) as e:
        raise BadInput(str(e)) from e
    all_sections, overview = discover_notebooks(paths.notebooks_dir)
    sections = select_sections(all_sections, options.sections)
    if not (paths.raw_dir / options.area).is_dir():
        try:  # a real authority with published statistics only has no local folder
            from lscb_analysis.inputs import config

            config.load_area(options.area)
        except Exception as e:  # noqa: BLE001
            raise BadInput(f"no data for area {options.area!r}: {paths.raw_dir / options.area} does not exist "
                           f"and it is not a known authority ({e})") from e
    kernel = options.kernel or default_kernel()
    r = _Run(options, paths, on_event)

    # what every year shares
    inputs = input_hashes(paths.raw_dir, options.area)
    git = git_state(paths.project_root)
    code = {"git_commit": git["commit"], "content_sha256": code_hash([*paths.code_dirs, paths.notebooks_dir])}
    packages = package_versions()
    notebooks = sections + ([overview] if overview else [])
    titles = {nb.stem: nb.title() for nb in notebooks}

    results: dict[str, YearResult] = {}
    jobs: list[_YearJob] = []
    for y in years:
        job = _YearJob(r, y)
        try:
            job.stack.enter_context(lock(job.target.parent / f".lock-{job.year}"))
        except Locked as e:
            results[job.year] = YearResult(job.area, job.year, "locked", str(e), job.target)
            r.emit("year-locked", job, message=str(e))
            continue
        params = job.logical_parameters()
        job.fingerprint = fingerprint(
            inputs=inputs, parameters={k: v for k, v in params.items() if not k.endswith("_dir")},
            code=code, sections=[nb.path.name for nb in notebooks], packages=packages, kernel=kernel)
        job.manifest_base = {
            "area": job.area, "reporting_year": job.year, "parameters": params, "kernel": kernel,
            "cell_timeout_seconds": options.cell_timeout,
            "notebooks": [nb.path.name for nb in notebooks],
            "git": git, "code_sha256": code["content_sha256"], "lscb_analysis_version": __version__,
            "packages": packages, "inputs": inputs, "fingerprint": job.fingerprint,
        }
        if not options.force and _up_to_date(job):
            job.stack.close()
            results[job.year] = YearResult(job.area, job.year, "skipped",
                                           "inputs, parameters and code unchanged since the last successful run",
                                           job.target)
            r.emit("year-skipped", job, message=results[job.year].message)
            continue
        if options.dry_run:
            job.stack.close()
            why = "forced" if options.force else "inputs, parameters or code changed, or no good report yet"
            results[job.year] = YearResult(job.area, job.year, "would build", why, job.target)
            continue
        for d in (job.work, job.stage):
            if d.exists():
                shutil.rmtree(d)
        job.work.mkdir(parents=True)
        jobs.append(job)
        r.emit("year-started", job)

    # execute: sections of every year in parallel, then each year's overview. Each section's pages are
    # exported (in this process, on one background thread) as soon as its notebook finishes, while the
    # other notebooks are still running; only the key-facts and methodology pages wait for the end of
    # the year. The overviews are queued behind every section, each with a gate: as soon as a worker is
    # free (the last sections are running), an overview's kernel starts and its setup cells run, and it
    # waits at the gate until its year's sections are done (see Gate).
    with cf.ThreadPoolExecutor(max_workers=options.jobs, thread_name_prefix="lscb-run") as pool, \
            cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="lscb-export") as export_pool:
        running: dict[cf.Future, tuple[_YearJob, Notebook]] = {}

        def submit(job: _YearJob, nb: Notebook, processed_root: Path, gate: Gate | None = None):
            params = job.parameters(processed_root)
            out = job.work / "executed" / nb.path.name
            def task():
                if gate is None:
                    r.emit("notebook-started", job, nb.stem)
                    return execute(nb, out, params, kernel=kernel, cwd=paths.notebooks_dir,
                                   cell_timeout=options.cell_timeout, year=job.year)
                # a gated overview counts as started when it goes on past its gate (its kernel and
                # setup cells run before, while the sections finish)
                if gate.cancelled:
                    return NotebookResult(nb, job.year, False, 0.0, cancelled=True)
                gate.on_pass = lambda: r.emit("notebook-started", job, nb.stem)
                res = execute(nb, out, params, kernel=kernel, cwd=paths.notebooks_dir,
                              cell_timeout=options.cell_timeout, year=job.year, gate=gate)
                if not gate.passed and not res.cancelled:
                    r.emit("notebook-started", job, nb.stem)
                return res

            fut = pool.submit(task)
            running[fut] = (job, nb)
            job.pending.add(nb.stem)

        def export_later(job: _YearJob, key: str, fn: Callable[[], list[str] | None]):
            def task():
                if any(not x.ok for x in job.results):
                    return []  # the year has failed already: its pages will not be published
                return fn()

            job.exports[key] = export_pool.submit(task)

        ctx_lock = threading.Lock()

        def ctx_for(job: _YearJob) -> dict:
            # built on the export thread at the first page (for a real authority, naming the area reads
            # the published statistics: better done beside the notebooks than before they start)
            with ctx_lock:
                if job.page_ctx is None:
                    job.page_ctx = _page_context(r, job, sections, titles)
                return job.page_ctx

        order = _longest_first(sections, jobs[0].target if jobs else None)
        for job in jobs:  # interleave years so the first year finishes first
            for nb in order:
                submit(job, nb, job.stage / nb.stem)
        if overview:
            for job in jobs:
                job.gate = Gate()
                submit(job, overview, job.stage / "_all", job.gate)
        while running:
            done, _ = cf.wait(list(running), return_when=cf.FIRST_COMPLETED)
            for fut in done:
                job, nb = running.pop(fut)
                res = fut.result()
                job.pending.discard(nb.stem)
                if not res.cancelled:
                    job.results.append(res)
                    if res.ok:
                        r.emit("notebook-finished", job, nb.stem, res.seconds)
                        if not nb.is_overview:
                            export_later(job, nb.stem,
                                         lambda job=job, nb=nb: _export_section(r, job, nb, ctx_for(job)))
                    else:
                        r.emit("notebook-failed", job, nb.stem, res.seconds, res.failure.describe())
                if not nb.is_overview and job.gate is not None and not (job.pending - {overview.stem}):
                    # the year's sections are done: give the overview their tables, or stop it
                    if any(not x.ok for x in job.results):
                        job.gate.cancel()
                    else:
                        _merge_stage(job, sections)
                        all_sources = sorted({s for nb in sections for s in _section_sources(job, nb)})
                        export_later(job, "methodology",
                                     lambda job=job, a=all_sources: _export_methodology(r, job, ctx_for(job), a))
                        job.gate.open()
                if job.pending:
                    continue
                if any(not x.ok for x in job.results):
                    _wait_exports(job)
                    results[job.year] = _fail(r, job)
                else:
                    results[job.year] = _finish(r, job, sections, overview, titles)
    return [results[y.label] for y in years if y.label in results]


def _longest_first(sections: Sequence[Notebook], target: Path | None) -> list[Notebook]:
    """The sections in the order to start them: the slowest first (by the notebook timings in the
    last report's manifest, so the critical path starts at once and the short ones fill in around
    it), in number order where there is no timing yet."""
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


def _up_to_date(job: _YearJob) -> bool:
    manifest = job.target / "manifest.json"
    if not manifest.is_file() or not (job.target / "index.html").is_file() or (job.target / FAILED_DIR).exists():
        return False
    try:
        return json.loads(manifest.read_text(encoding="utf-8")).get("fingerprint") == job.fingerprint
    except (OSError, ValueError):
        return False


def _merge_stage(job: _YearJob, sections: Sequence[Notebook]) -> Path:
    """Gather the indicator tables every section wrote into one processed folder for the overview."""
    merged = job.stage / "_all"
    dest = merged / job.area / job.year
    dest.mkdir(parents=True, exist_ok=True)
    for p in _staged_tables(job, sections):
        shutil.copy2(p, dest / p.name)
    return merged


def _staged_tables(job: _YearJob, sections: Sequence[Notebook]) -> list[Path]:
    """The processed files each section's notebook wrote into its own staging folder this run."""
    found = []
    for nb in sections:
        src = job.stage / nb.stem / job.area / job.year
        if src.is_dir():
            found += [p for p in sorted(src.iterdir()) if p.is_file()]
    return found


def _cleanup(job: _YearJob) -> None:
    for d in (job.work, job.stage):
        shutil.rmtree(d, ignore_errors=True)
    stage_root = job.run.paths.processed_dir / ".work"
    for d in (stage_root / job.area, stage_root):
        with contextlib.suppress(OSError):
            d.rmdir()  # only if empty


def _fail(r: _Run, job: _YearJob) -> YearResult:
    """Keep the failed executed notebooks (and kernel logs) under ``<report>/_failed/``; leave the
    previous good report as it was."""
    try:
        failed = job.work / FAILED_DIR
        failed.mkdir(parents=True, exist_ok=True)
        message = ""
        lines = []
        for res in job.results:
            if res.ok:
                continue
            if res.executed and res.executed.exists():
                shutil.copy2(res.executed, failed / res.notebook.path.name)
            if res.kernel_log and res.kernel_log.exists() and res.kernel_log.stat().st_size:
                shutil.copy2(res.kernel_log, failed / f"{res.notebook.stem}.kernel.log")
            lines.append(f"{res.notebook.path.name}: {res.failure.describe()}")
        (failed / "README.txt").write_text(
            f"Run of {_now()} for {job.area} {job.year} failed; the report beside this folder is the last good one.\n"
            + "\n".join(lines) + "\n", encoding="utf-8")
        job.target.mkdir(parents=True, exist_ok=True)
        _replace_dir(failed, job.target / FAILED_DIR)
        message = "; ".join(lines)
    finally:
        _cleanup(job)
        job.stack.close()
    r.emit("year-failed", job, message=message)
    return YearResult(job.area, job.year, "failed", message, job.target, job.results)


def _page_context(r: _Run, job: _YearJob, sections: Sequence[Notebook], titles: dict[str, str]) -> dict:
    """What every page of a year shares (names, version, date, navigation), fixed once when the year
    starts so that section pages can be exported as soon as their notebook finishes."""
    area_label, partnership = _area_label(job.area)
    git = job.manifest_base["git"]
    commit = (git["commit"] or "no git commit")[:12]
    version = f"{__version__} (commit {commit}{'' if git['clean'] else ', uncommitted changes'})" \
        if git["commit"] else __version__
    suppress = r.options.suppress
    methodology = r.paths.project_root / "docs" / "methodology.md"
    pages = [(nb, f"{nb.stem}.html") for nb in sections]
    out = job.work / "report"
    layouts = {}
    for variant in (["board", "reviewer"] if suppress else ["reviewer"]):
        with_methods = variant == "reviewer" and methodology.is_file()
        layouts[variant] = {
            "prefix": "" if variant == "board" or not suppress else "../",
            "here": out if (variant == "board" or not suppress) else out / "reviewer",
            "with_methods": with_methods,
            "nav": [{"title": "Key facts", "href": "index.html"}]
                   + [{"title": titles[nb.stem], "href": name} for nb, name in pages]
                   + ([{"title": "Methodology", "href": "methodology.html"}] if with_methods else []),
        }
    return {"area_label": area_label, "partnership": partnership, "version": version,
            "date_text": dt.datetime.now().strftime("%-d %B %Y"), "methodology": methodology, "pages": pages,
            "titles": titles, "layouts": layouts, "out": out}


def _common(r: _Run, job: _YearJob, ctx: dict) -> dict:
    return {"partnership": ctx["partnership"], "area_label": ctx["area_label"], "year": job.year,
            "date": ctx["date_text"], "version": ctx["version"], "suppressed": r.options.suppress}


def _section_sources(job: _YearJob, nb: Notebook) -> list[str]:
    return sorted({s for src in _read_sources(job.stage / nb.stem / job.area / job.year).values() for s in src})


def _export_section(r: _Run, job: _YearJob, nb: Notebook, ctx: dict) -> list[str]:
    """Write one section's pages (board and reviewer) into the year's work folder from its executed
    notebook; return the board-page problems (an empty list for good pages)."""
    import nbformat

    node = nbformat.read(job.work / "executed" / nb.path.name, as_version=4)
    sources = _section_sources(job, nb)
    name = f"{nb.stem}.html"
    problems = []
    for variant, lay in ctx["layouts"].items():
        page = {**_common(r, job, ctx), "title": f"{ctx['titles'][nb.stem]}: {ctx['area_label']} {job.year}",
                "heading": ctx["titles"][nb.stem], "sources": sources,
                "nav": [{**n, "current": n["href"] == name} for n in lay["nav"]],
                "board_href": f"{lay['prefix']}{name}" if variant == "reviewer" and r.options.suppress else ""}
        text = export_html(node, variant, page)
        if variant == "board":
            problems += [f"{name}: {p}" for p in board_page_problems(text)]
        _write_atomic(lay["here"] / name, text)
    return problems


def _export_methodology(r: _Run, job: _YearJob, ctx: dict, all_sources: list[str]) -> None:
    """docs/methodology.md as a reviewer page: reviewers read every definition beside the figures."""
    import nbformat

    for variant, lay in ctx["layouts"].items():
        if not lay["with_methods"]:
            continue
        doc = nbformat.v4.new_notebook()
        doc.cells = [nbformat.v4.new_markdown_cell(ctx["methodology"].read_text(encoding="utf-8"))]
        methods_page = {**_common(r, job, ctx), "title": f"Methodology: {ctx['area_label']} {job.year}",
                        "heading": "Methodology", "sources": all_sources,
                        "nav": [{**n, "current": n["href"] == "methodology.html"} for n in lay["nav"]],
                        "board_href": ""}
        _write_atomic(lay["here"] / "methodology.html", export_html(doc, variant, methods_page))


def _wait_exports(job: _YearJob) -> None:
    """Let the pages still being exported for this year finish (before its work folder is removed)."""
    if job.exports:
        cf.wait(list(job.exports.values()))


def _finish(r: _Run, job: _YearJob, sections: Sequence[Notebook], overview: Notebook | None,
            titles: dict[str, str]) -> YearResult:
    """Export the pages not yet exported, write the manifest, then swap the report and the indicator
    tables into place. Section pages are normally exported already, each as soon as its notebook
    finished (see :func:`run`); the key-facts page (the overview) and the methodology page are
    exported here if they were not."""
    import nbformat

    try:
        ctx = job.page_ctx or _page_context(r, job, sections, titles)
        out = ctx["out"]
        (out / "reviewer").mkdir(parents=True, exist_ok=True)
        area_label = ctx["area_label"]
        sources = {nb.stem: _section_sources(job, nb) for nb in sections}
        all_sources = sorted({s for v in sources.values() for s in v})
        timings = dict(sorted((res.notebook.path.name, round(res.seconds, 3)) for res in job.results))
        finished = _now()
        manifest = {**job.manifest_base, "started": job.started, "finished": finished,
                    "timings_seconds": timings, "suppressed": r.options.suppress,
                    "sections": [{"notebook": nb.path.name, "title": titles[nb.stem], "page": f"{nb.stem}.html",
                                  "sources": sources[nb.stem]} for nb in sections]}
        date_text, version = ctx["date_text"], ctx["version"]
        about = [
            ("Area", area_label), ("Reporting year", f"{job.year} (1 April to 31 March)"),
            ("Produced", date_text), ("Version", version),
            ("Disclosure control", "on: counts from 1 to 5 shown as c" if r.options.suppress else "OFF (internal use)"),
            ("Input files", f"{len(manifest['inputs'])} files, each with its SHA-256 in the manifest"),
            ("Notebooks run", ", ".join(f"{k} ({v:.0f} s)" for k, v in timings.items())),
            ("Kernel", manifest["kernel"]),
        ]
        pages = ctx["pages"]
        problems: list[str] = []
        for nb in sections:  # the section pages: exported already in the background, or now
            fut = job.exports.get(nb.stem)
            problems += fut.result() if fut is not None else _export_section(r, job, nb, ctx)
        fut = job.exports.get("methodology")
        if fut is not None:
            fut.result()
        else:
            _export_methodology(r, job, ctx, all_sources)
        if overview:
            node = nbformat.read(job.work / "executed" / overview.path.name, as_version=4)
        else:
            node = nbformat.v4.new_notebook()
            node.cells = [nbformat.v4.new_markdown_cell(
                "There is no overview notebook (00_overview.ipynb), so this page lists the sections only.")]
        for variant, lay in ctx["layouts"].items():
            prefix = lay["prefix"]
            index_page = {**_common(r, job, ctx), "title": f"Key facts: {area_label} {job.year}",
                          "heading": f"{area_label}: key facts {job.year}", "sources": all_sources,
                          "nav": [{**n, "current": n["href"] == "index.html"} for n in lay["nav"]],
                          "sections": [{"title": titles[nb.stem], "href": name, "sources": sources[nb.stem]}
                                       for nb, name in pages],
                          "about": about, "manifest_href": f"{prefix}manifest.json",
                          "board_href": f"{prefix}index.html" if variant == "reviewer" and r.options.suppress else ""}
            text = export_html(node, variant, index_page)
            if variant == "board":
                problems += [f"index.html: {p}" for p in board_page_problems(text)]
            _write_atomic(lay["here"] / "index.html", text)
        if problems:
            raise _PageProblem("; ".join(problems))
        if r.options.suppress is False:
            shutil.rmtree(out / "reviewer", ignore_errors=True)
        # keep the executed notebooks beside the reviewer pages
        nbdir = (out / "reviewer" / "notebooks") if r.options.suppress else (out / "notebooks")
        shutil.copytree(job.work / "executed", nbdir, ignore=shutil.ignore_patterns("*.kernel.log"))
        _write_atomic(out / "manifest.json", json.dumps(manifest, indent=2, sort_keys=False) + "\n")
        # the moment of truth: swap the report in, then the indicator tables
        _replace_dir(out, job.target)
        if r.options.suppress:
            _publish_processed(job, sections)
        write_area_index(r.paths, job.area, suppress=r.options.suppress)
    except _PageProblem as e:
        # keep the offending pages beside the executed notebooks for inspection
        with contextlib.suppress(OSError):
            shutil.copytree(job.work / "report", job.work / FAILED_DIR / "pages", dirs_exist_ok=True)
            shutil.copytree(job.work / "executed", job.work / FAILED_DIR, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("*.kernel.log"))
        job.results.append(NotebookResult(Notebook(Path("board-pages"), -1, "board pages"), job.year, False, 0.0,
                                          failure=CellFailure(None, None, None, "", f"board page check: {e}")))
        return _fail(r, job)
    except Exception as e:  # noqa: BLE001 - an export problem fails this year only
        job.results.append(NotebookResult(Notebook(Path("html-export"), -1, "html export"), job.year, False, 0.0,
                                          failure=CellFailure(None, None, None, "", f"{type(e).__name__}: {e}")))
        return _fail(r, job)
    _cleanup(job)
    job.stack.close()
    r.emit("year-built", job, message=str(job.target))
    return YearResult(job.area, job.year, "built", str(job.target), job.target, job.results)


class _PageProblem(RuntimeError):
    pass


def _publish_processed(job: _YearJob, sections: Sequence[Notebook]) -> None:
    """Move the indicator tables this run wrote into ``data/processed/<area>/<year>/`` (each file
    replaced atomically; tables of sections not run this time are left as they were)."""
    dest = job.run.paths.processed_dir / job.area / job.year
    dest.mkdir(parents=True, exist_ok=True)
    for p in _staged_tables(job, sections):
        os.replace(p, dest / p.name)


# ---------------------------------------------------------------------------------------------
# indexes


def _simple_page(title: str, body: str, *, lang: str = "en") -> str:
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
            f"<title>{html.escape(title)}</title>\n<style>\n{_css()}\n</style>\n</head>\n"
            f'<body class="lscb-page lscb-board">\n<a class="lscb-skip" href="#main">Skip to main content</a>\n'
            f'<main id="main" class="jp-Notebook">\n{body}\n</main>\n</body>\n</html>\n')


def write_area_index(paths: Paths, area: str, *, suppress: bool = True) -> Path:
    """(Re)write ``reports/<area>/index.html``: every year with a report, newest first, with links
    to the board and reviewer versions; and ``reports/index.html`` listing the areas."""
    base = paths.reports_dir if suppress else paths.reports_dir / INTERNAL_DIR
    area_dir = base / area
    rows = []
    for d in sorted((p for p in area_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))),
                    key=lambda p: p.name, reverse=True):
        m = d / "manifest.json"
        if not m.is_file():
            continue
        try:
            info = json.loads(m.read_text(encoding="utf-8"))
        except ValueError:
            continue
        commit = (info.get("git", {}).get("commit") or "")[:12]
        produced = str(info.get("finished", ""))[:10]
        y = html.escape(d.name)
        reviewer = f'<a href="{y}/reviewer/index.html">with code</a>' if (d / "reviewer" / "index.html").is_file() \
            else (f'<a href="{y}/index.html">with code</a>' if not suppress else "")
        board = f'<a href="{y}/index.html">Report {y}</a>' if suppress else f"Internal report {y}"
        rows.append(f"<tr><th scope=\"row\">{board}</th><td>{reviewer}</td><td>{html.escape(produced)}</td>"
                    f"<td>{html.escape(info.get('lscb_analysis_version', ''))} {html.escape(commit)}</td></tr>")
    area_label, partnership = _area_label(area)
    body = (f"<h1>{html.escape(partnership)}: annual report data</h1>\n"
            + ("" if suppress else '<div class="lscb-internal" role="note" aria-label="Internal use only"><p><strong>'
               "INTERNAL USE ONLY &ndash; NOT FOR PUBLICATION.</strong> Disclosure control was off for these runs.</p></div>\n")
            + f"<p>Reports for {html.escape(area_label)}, one per reporting year (1 April to 31 March).</p>\n"
            + ('<table class="lscb-years"><caption>Reporting years with a report</caption>\n'
               '<thead><tr><th scope="col">Year</th><th scope="col">Reviewer version</th>'
               '<th scope="col">Produced</th><th scope="col">Version</th></tr></thead>\n<tbody>\n'
               + "\n".join(rows) + "\n</tbody></table>" if rows else "<p>No reports have been built yet.</p>"))
    path = area_dir / "index.html"
    _write_atomic(path, _simple_page(f"{partnership}: reports by year", body))
    if suppress:
        areas = sorted(p.name for p in paths.reports_dir.iterdir()
                       if p.is_dir() and not p.name.startswith((".", "_")) and (p / "index.html").is_file())
        items = "\n".join(f'<li><a href="{html.escape(a)}/index.html">{html.escape(_area_label(a)[0])}</a></li>'
                          for a in areas)
        _write_atomic(paths.reports_dir / "index.html",
                      _simple_page("Safeguarding children partnership reports",
                                   f"<h1>Safeguarding children partnership reports</h1>\n<ul>\n{items}\n</ul>"))
    return path


# ---------------------------------------------------------------------------------------------
# which years an area has data for


# the standard sections: module, plain name, and the dated column that places a record in a year
SECTION_MODULES = {
    "cp": ("Child protection", [("referrals", "CINreferralDate")]),
    "cdop": ("Child deaths", [("deaths", "date_of_death")]),
    "yos": ("Youth justice", [("outcomes", "outcome_date")]),
    "training": ("Multi-agency training", [("courses", "start_date")]),
}


def section_has_data(module, name: str, area_dir: Path) -> bool:
    """Whether ``area_dir`` holds any extract for a section (the module's own test if it has one)."""
    for test in ("has_local_data", "available"):
        fn = getattr(module, test, None)
        if callable(fn):
            return bool(fn(area_dir))
    return (Path(area_dir) / name).is_dir()


def section_years(name: str, data) -> list[str]:
    """The reporting years a loaded section's data cover: the CIN census years for child protection
    when it has them, else the years in which its records' event dates fall (deaths, outcomes,
    courses, referrals)."""
    import pandas as pd

    covered = getattr(data, "census_years", None)
    if covered:
        return sorted(ReportingYear(y).label for y in covered)
    years: set[int] = set()
    for table, column in SECTION_MODULES.get(name, ("", []))[1]:
        df = getattr(data, table, None)
        if isinstance(df, pd.DataFrame) and column in df.columns:
            d = pd.to_datetime(df[column], errors="coerce").dropna()
            years |= set((d.dt.year - (d.dt.month < 4)).astype(int).tolist())
    return [ReportingYear(y).label for y in sorted(years)]


def years_with_data(area: str, raw_dir: Path | str = PROJECT_ROOT / "data" / "raw") -> dict[str, list[str]]:
    """For each section with local extracts for ``area``, the reporting years they cover (loading
    each section with its own loader); for an area with no local folder, the years of its published
    DfE statistics under ``"dfe"``. Sections that fail to load are listed with an empty list."""
    import importlib

    area_dir = Path(raw_dir) / area
    out: dict[str, list[str]] = {}
    if not area_dir.is_dir():
        try:
            from lscb_analysis.inputs import dfe

            out["dfe"] = sorted(set(dfe.indicators(area)["period"]))
        except Exception:  # noqa: BLE001 - not a known authority either
            pass
        return out
    for name in SECTION_MODULES:
        try:
            module = importlib.import_module(f"lscb_analysis.{name}")
        except ImportError:
            continue
        try:
            if not section_has_data(module, name, area_dir):
                continue
            out[name] = section_years(name, module.load(area_dir))
        except Exception:  # noqa: BLE001 - `lscb validate` reports the error itself
            out[name] = []
    return out


def all_years(area: str, raw_dir: Path | str = PROJECT_ROOT / "data" / "raw") -> list[str]:
    """The reporting years every section with local data covers (what ``--all-years`` runs): a board
    report for a year needs each of its sections. For an area with published statistics only, every
    year DfE published."""
    found = {k: set(v) for k, v in years_with_data(area, raw_dir).items() if v}
    if not found:
        return []
    return sorted(set.intersection(*found.values()))
