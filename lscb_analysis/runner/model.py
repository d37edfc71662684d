"""What a run is made of: its folders, the notebooks it finds, its options, and what it reports back.

Plain data classes and the few rules on them (which notebooks are sections, which is the overview;
how results become an exit code). No execution, no files written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "PROJECT_ROOT", "EXIT_OK", "EXIT_FAILED", "EXIT_BAD_INPUT", "EXIT_LOCKED", "EXIT_SYSTEM",
    "DEFAULT_CELL_TIMEOUT", "INTERNAL_DIR", "FAILED_DIR", "TREND_YEARS_RANGE", "BadInput", "Locked",
    "Paths", "Notebook", "discover_notebooks", "select_sections", "CellFailure", "NotebookResult",
    "RunOptions", "YearResult", "Event", "exit_code",
]

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# exit codes a scheduler can act on
EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_LOCKED = 0, 1, 2, 3
EXIT_SYSTEM = 4  # the operating system refused: read-only folder, full disk, permission denied
DEFAULT_CELL_TIMEOUT = 1200  # seconds for any one cell
INTERNAL_DIR = "_internal"  # reports run with suppression off (reviewers only, never published)
FAILED_DIR = "_failed"
TREND_YEARS_RANGE = range(1, 11)  # --trend-years: 1 to 10
NOTEBOOK_NAME = re.compile(r"^(\d\d)_([A-Za-z0-9][A-Za-z0-9_\-]*)\.ipynb$")


class BadInput(ValueError):
    """A problem with the arguments or inputs that stops a run before anything executes (exit code 2)."""


class Locked(RuntimeError):
    """Another run holds the lock for this report (exit code 3)."""


@dataclass(frozen=True)
class Paths:
    """The folders a run reads and writes. Every one can be moved (the tests use temporary ones).

    ``interim_dir`` (private, owner-only) holds what must not be published: the full notebooks of a
    failed run. It defaults to ``interim`` beside ``processed_dir`` (``data/interim``)."""

    notebooks_dir: Path = PROJECT_ROOT / "notebooks"
    raw_dir: Path = PROJECT_ROOT / "data" / "raw"
    processed_dir: Path = PROJECT_ROOT / "data" / "processed"
    reports_dir: Path = PROJECT_ROOT / "reports"
    project_root: Path = PROJECT_ROOT  # for the git commit, commentary/ and docs/
    code_dirs: tuple[Path, ...] = (Path(__file__).resolve().parents[1],)  # the notebooks folder is added
    interim_dir: Path | None = None

    def __post_init__(self) -> None:
        for name in ("notebooks_dir", "raw_dir", "processed_dir", "reports_dir", "project_root"):
            object.__setattr__(self, name, Path(getattr(self, name)).resolve())
        interim = self.interim_dir if self.interim_dir is not None else self.processed_dir.parent / "interim"
        object.__setattr__(self, "interim_dir", Path(interim).resolve())
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


@dataclass
class CellFailure:
    """Where and how a notebook failed. ``error`` never holds a data value: it is the exception's
    type, plus its message only when that is a library message known to be value-free."""

    cell: int | None  # 1-based position in the notebook as saved (parameter injection not counted)
    execution_count: int | None
    cell_id: str | None
    source: str  # first line of the cell
    error: str  # "ValueError: details withheld: ...", "the cell ran longer than the 600 s limit"

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
    final: bool = False  # refuse to build while any commentary file is missing (else: a draft)


@dataclass
class YearResult:
    area: str
    year: str
    status: str  # "built", "skipped", "failed", "locked" (or "would build" in a dry run)
    message: str = ""
    report_dir: Path | None = None
    notebooks: list[NotebookResult] = field(default_factory=list)
    draft: bool = False  # built with commentary missing

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
