"""Load early help episodes: ``early_help/episodes.csv``, one row per episode of early help for a child; or, where
the area has no such file, the early help assessments of its Ofsted Annex A workbook (list 2).

Data contract (docs/data_contract_children.md): ``child_id, start_date, assessment_start_date,
assessment_completed_date, end_date, closure_reason, stepped_down``. The dates of Ofsted Annex A list 2
(assessment start and completion) are the same items. Identifiers are pseudonymised on load.

Annex A list 2 holds one row per early help assessment (child, start date, completion date, the organisation
completing it): it gives assessments started and completed, and nothing else. The measures it cannot give
(episodes, episodes open at 31 March, closures by reason, step-ups and step-downs, returns to early help) are
named in ``EarlyHelpData.not_carried`` and left out, never shown as zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lscb_analysis.inputs import annex_a, clean, pseudonyms
from lscb_analysis.inputs.extracts import read_extract, yes_no

__all__ = ["EarlyHelpData", "load", "available", "DIR", "CLOSURE_REASONS", "NOT_IN_ANNEX_A", "ANNEX_A_LIST"]

DIR = "early_help"
CLOSURE_REASONS = ("needs_met", "stepped_up", "disengaged", "moved_away", "other")
REQUIRED = ["child_id", "start_date"]
OPTIONAL = ["assessment_start_date", "assessment_completed_date", "end_date", "closure_reason", "stepped_down"]
COLUMNS = ["child_id", "start_date", "assessment_start_date", "assessment_completed_date", "end_date",
           "closure_reason", "stepped_down"]
_REASONS = {"needs met": "needs_met", "step up": "stepped_up", "stepped up to social care": "stepped_up",
            "escalated to social care": "stepped_up", "declined": "disengaged", "did not engage": "disengaged",
            "moved": "moved_away", "moved out of area": "moved_away"}
ANNEX_A_LIST = 2
# the indicators Ofsted Annex A list 2 cannot give (it holds assessments only)
NOT_IN_ANNEX_A = ("early_help_episodes_started", "early_help_open_at_31_march", "early_help_closures",
                  "early_help_step_downs", "early_help_rereferrals_within_12_months")
REPEATED = "repeated in a later Annex A workbook, which is used"


@dataclass
class EarlyHelpData:
    """Early help episodes, cleaned: ``child_id`` (pseudonym), the dates, ``closure_reason``, ``stepped_down``.
    ``source`` says where they came from ("episodes" or "annex_a"); ``not_carried`` names the indicators the
    source cannot give (those of :data:`NOT_IN_ANNEX_A` for Annex A list 2)."""

    area: str
    episodes: pd.DataFrame
    rejections: clean.Rejections = field(default_factory=clean.Rejections)
    source: str = "episodes"
    not_carried: tuple[str, ...] = ()


def _annex_books(area_dir: Path) -> list[Path]:
    """The area's Annex A workbooks that have a sheet for list 2."""
    return [b for b in annex_a.workbooks(area_dir / "annex_a") if ANNEX_A_LIST in annex_a.list_numbers(b)]


def available(area_dir: Path | str) -> bool:
    """Whether the area holds early help episodes, or an Annex A workbook with a list 2 (early help)."""
    area_dir = Path(area_dir)
    return clean.find_file(area_dir / DIR, "episodes") is not None or bool(_annex_books(area_dir))


def load(area_dir: Path | str, *, key: bytes | None = None) -> EarlyHelpData:
    """Read and clean ``<area_dir>/early_help/episodes.csv``, else list 2 of the area's Annex A workbook(s)
    (:func:`load_annex_a`); every row is used or rejected with a reason."""
    area_dir = Path(area_dir)
    if clean.find_file(area_dir / DIR, "episodes") is None:
        books = _annex_books(area_dir)
        if books:
            return load_annex_a(area_dir, books, key=key)
    rej = clean.Rejections()
    df, label = read_extract(area_dir / DIR, "episodes", REQUIRED, OPTIONAL, rej,
                             aliases={"child_id": ["LAchildID", "Child Unique ID"],
                                      "assessment_start_date": ["Assessment start date"],
                                      "assessment_completed_date": ["Assessment completion date"]})
    if df is None:
        raise clean.InputError("not found: early help episodes (or an Annex A workbook with list 2) are needed "
                               "for this section", file=label)
    df["start_date"] = clean.parse_dates(df, "start_date", label, rej)
    for column in ("assessment_start_date", "assessment_completed_date", "end_date"):
        df[column] = clean.parse_dates(df, column, label, rej, required=False)
    reason = df["closure_reason"].fillna("").astype(str).str.strip().str.lower()
    reason = reason.map(lambda v: _REASONS.get(v, v)).str.replace(r"[\s\-]+", "_", regex=True)
    df["closure_reason"] = reason
    rej.add_rows(df, reason.ne("") & ~reason.isin(CLOSURE_REASONS), label, "closure_reason",
                 f"unknown code (expected one of {', '.join(CLOSURE_REASONS)})",
                 values=pd.Series("withheld", index=df.index))
    rej.add_rows(df, df["end_date"].notna() & reason.eq(""), label, "closure_reason", "closed without a reason")
    rej.add_rows(df, df["end_date"] < df["start_date"], label, "end_date", "before the episode started",
                 values=pd.Series("", index=df.index))
    rej.add_rows(df, df["assessment_completed_date"] < df["assessment_start_date"], label,
                 "assessment_completed_date", "before the assessment started", values=pd.Series("", index=df.index))
    flag = yes_no(df["stepped_down"])
    rej.add_rows(df, ~flag.isin(["yes", "no", ""]), label, "stepped_down", "unknown value (expected yes or no)",
                 values=pd.Series("withheld", index=df.index))
    df["stepped_down"] = flag.eq("yes")
    clean.dedupe(df, ["child_id", "start_date"], label, rej)
    kept = rej.apply(df, label).copy()
    kept["child_id"] = pseudonyms.pseudonymise(kept["child_id"], key, prefix="H")
    return EarlyHelpData(area=_area_name(area_dir),
                         episodes=kept[COLUMNS].sort_values(["start_date", "child_id"]).reset_index(drop=True),
                         rejections=rej)


def _area_name(area_dir: Path) -> str:
    from lscb_analysis.report.overview import area_name

    return area_name(area_dir.name)


def _reject(rows: pd.DataFrame, mask: pd.Series, column: str, reason: str, rej: clean.Rejections) -> pd.DataFrame:
    """Log the rows of ``mask`` (rows the Annex A reader had counted as used) and return the others."""
    for f, r in zip(rows.loc[mask, "_file"], rows.loc[mask, "_row"]):
        rej.add(f, r, column, "", reason)
        rej.used[f] = rej.used.get(f, 0) - 1
    return rows[~mask]


def load_annex_a(area_dir: Path | str, books: list[Path] | None = None, *, key: bytes | None = None) -> EarlyHelpData:
    """Early help assessments from list 2 of the area's Annex A workbook(s) (``annex_a/*.xlsx``), read by
    :func:`annex_a.read_workbook` (the template's headers; a row without an identifier or start date, with an
    impossible or future date, or repeating an earlier row is rejected there). Here a completion before the
    start is rejected, and an assessment (child and start date) in two workbooks is used from the later one
    (by file name). Each assessment becomes a row with only the assessment dates; ``not_carried`` names the
    measures list 2 cannot give."""
    area_dir = Path(area_dir)
    books = _annex_books(area_dir) if books is None else books
    rej = clean.Rejections()
    parts = []
    for book in books:
        tables = annex_a.read_workbook(book, rej, label=book.relative_to(area_dir).as_posix(), lists=(ANNEX_A_LIST,),
                                       pseudonymise=lambda values: pseudonyms.pseudonymise(values, key, prefix="H"))
        if "early_help" in tables:
            parts.append(tables["early_help"])
    if not parts:
        raise clean.InputError("holds no early help records: no early_help/episodes.csv and no rows in list 2 of "
                               "its Annex A workbook", file=area_dir.name)
    rows = pd.concat(parts, ignore_index=True)
    start, done = "EarlyHelpAssessmentStartDate", "EarlyHelpAssessmentCompletionDate"
    rows = _reject(rows, rows[done] < rows[start], done, "before the assessment started", rej)
    rows = _reject(rows, rows.duplicated(["LAchildID", start], keep="last"), f"LAchildID+{start}", REPEATED, rej)
    episodes = pd.DataFrame({"child_id": rows["LAchildID"], "start_date": pd.NaT,
                             "assessment_start_date": rows[start], "assessment_completed_date": rows[done],
                             "end_date": pd.NaT, "closure_reason": "", "stepped_down": False})
    episodes = episodes.astype({"start_date": "datetime64[ns]", "end_date": "datetime64[ns]"})
    return EarlyHelpData(area=_area_name(area_dir),
                         episodes=episodes.sort_values(["assessment_start_date", "child_id"]).reset_index(drop=True),
                         rejections=rej, source="annex_a", not_carried=NOT_IN_ANNEX_A)
