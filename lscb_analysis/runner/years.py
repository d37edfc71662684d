"""Which areas and years can be asked for: ``--area`` and ``--year`` are names, never paths, and a
year is built only if the area has data for it.

* :func:`check_area` refuses an area that is not a plain name or whose folder would resolve outside
  the raw, processed or reports folders (``../x``, an absolute path, a symlink leading out).
* :func:`years_with_data` loads each section that has local extracts and lists the reporting years
  its records fall in; an area with no local folder has the years of its published DfE statistics.
* :func:`available_years` is the same, remembered (by the SHA-256 of the area's inputs and of the
  code) in a small owner-only file under ``data/interim``, so that the check before every run
  costs nothing when nothing changed.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
from pathlib import Path

from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.runner.model import PROJECT_ROOT, BadInput

__all__ = ["SECTION_MODULES", "RESERVED_AREAS", "check_area", "section_has_data", "section_years",
           "years_with_data", "all_years", "available_years", "check_years"]

# the standard sections: module, plain name, and the dated column that places a record in a year
SECTION_MODULES = {
    "cp": ("Child protection", [("referrals", "CINreferralDate")]),
    "cdop": ("Child deaths", [("deaths", "date_of_death")]),
    "yos": ("Youth justice", [("outcomes", "outcome_date")]),
    "training": ("Multi-agency training", [("courses", "start_date")]),
    "sections.front_door": ("The front door", [("contacts", "DateOfContact")]),
    "sections.early_help": ("Early help", [("episodes", "start_date"), ("episodes", "assessment_start_date")]),
    "sections.missing": ("Children missing from home and care", [("episodes", "missing_start")]),
    "sections.exploitation": ("Exploitation", [("cohort", "identified_date")]),
    "sections.private_fostering": ("Private fostering", [("arrangements", "notification_date")]),
    "sections.lado": ("Allegations against people who work with children", [("referrals", "referral_date")]),
    "sections.practice_reviews": ("Practice reviews", [("notifications", "notification_date"),
                                                       ("actions", "agreed_date")]),
    "sections.partnership": ("The partnership's own business", [("audits", "completed_date"),
                                                                ("attendance", "meeting_date")]),
}
RESERVED_AREAS = {"dfe", "published"}  # folders of data/raw that are not areas
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.,'&()-]{0,99}")


def check_area(area: str, *roots: Path) -> str:
    """``area`` if it is a plain name (letters, digits, spaces and ``_ . , ' & ( ) -``, not starting
    with a dot, no ``..``) whose folder under each of ``roots`` stays inside that root once symlinks
    are followed; else :class:`BadInput` saying so."""
    text = str(area)
    if not _NAME.fullmatch(text) or ".." in text or text.lower() in RESERVED_AREAS:
        raise BadInput(f"--area must be an area's name (like exampleshire or Bedford), not a path or a reserved "
                       f"folder name: {text!r} is refused")
    for root in roots:
        root = Path(root).resolve()
        if not (root / text).resolve().is_relative_to(root):
            raise BadInput(f"--area {text!r}: its folder would resolve outside {root}; refused")
    if roots:
        check_links(Path(roots[0]) / text)
    return text


def check_links(area_dir: Path) -> None:
    """Refuse an area folder holding a symbolic link (to a file or a folder) that leads outside it: the loaders
    would read whatever it points at (another area's records, a system file) as the area's own. A link that
    stays inside the folder is allowed. :class:`BadInput` names the link's place in the folder, nothing of
    what it points at."""
    area_dir = Path(area_dir)
    if not area_dir.is_dir():
        return
    inside = area_dir.resolve()
    for folder, dirs, files in os.walk(area_dir):  # links to folders are listed, not followed
        for name in [*dirs, *files]:
            path = Path(folder) / name
            if path.is_symlink() and not path.resolve().is_relative_to(inside):
                raise BadInput(f"{area_dir.name}/{path.relative_to(area_dir).as_posix()} is a link leading outside "
                               "the area's folder: copy the file in instead; refused")


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
    area = check_area(area, Path(raw_dir))
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


def available_years(area: str, raw_dir: Path | str, interim_dir: Path | str, inputs: dict[str, str],
                    code: str = "") -> dict[str, list[str]]:
    """:func:`years_with_data`, remembered under ``interim_dir/years/`` (owner-only) against the
    SHA-256 of the area's inputs (``inputs``: path -> SHA-256, as in the manifest) and ``code``."""
    from lscb_analysis.runner.lock import private_dir

    key = hashlib.sha256(json.dumps({"area": area, "inputs": inputs, "code": code}, sort_keys=True).encode()
                         ).hexdigest()
    folder = Path(interim_dir) / "years"
    path = folder / f"{hashlib.sha256(area.encode()).hexdigest()[:16]}.json"
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        if saved.get("key") == key:
            return saved["years"]
    except (OSError, ValueError, KeyError, AttributeError):
        pass
    found = years_with_data(area, raw_dir)
    try:
        private_dir(Path(interim_dir), "years")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"key": key, "years": found}, f)
    except OSError:
        pass  # remembering is an optimisation only
    return found


def check_years(area: str, years: list[str], found: dict[str, list[str]]) -> None:
    """Refuse (:class:`BadInput`) a year for which no section of ``area`` has any data, naming the
    years that have some. ``found``: :func:`years_with_data` or :func:`available_years`. When no
    standard section recognises the area's data (none loads, or the notebooks are not the standard
    ones), nothing is known to be missing and nothing is refused."""
    have = sorted({y for ys in found.values() for y in ys})
    missing = [y for y in years if y not in have]
    if not missing or not have:
        return
    span = f"{have[0]} to {have[-1]}" if len(have) > 2 else " and ".join(have)
    raise BadInput(f"no data for {area} in {', '.join(missing)}: the years with data are {span} "
                   f"({len(have)} year{'s' if len(have) != 1 else ''})")
