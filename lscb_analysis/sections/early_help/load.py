"""Load early help episodes: ``early_help/episodes.csv``, one row per episode of early help for a child.

Data contract (docs/data_contract_children.md): ``child_id, start_date, assessment_start_date,
assessment_completed_date, end_date, closure_reason, stepped_down``. The dates of Ofsted Annex A list 2
(assessment start and completion) are the same items. Identifiers are pseudonymised on load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lscb_analysis.inputs import clean, pseudonyms
from lscb_analysis.inputs.extracts import read_extract, yes_no

__all__ = ["EarlyHelpData", "load", "available", "DIR", "CLOSURE_REASONS"]

DIR = "early_help"
CLOSURE_REASONS = ("needs_met", "stepped_up", "disengaged", "moved_away", "other")
REQUIRED = ["child_id", "start_date"]
OPTIONAL = ["assessment_start_date", "assessment_completed_date", "end_date", "closure_reason", "stepped_down"]
_REASONS = {"needs met": "needs_met", "step up": "stepped_up", "stepped up to social care": "stepped_up",
            "escalated to social care": "stepped_up", "declined": "disengaged", "did not engage": "disengaged",
            "moved": "moved_away", "moved out of area": "moved_away"}


@dataclass
class EarlyHelpData:
    """Early help episodes, cleaned: ``child_id`` (pseudonym), the dates, ``closure_reason``, ``stepped_down``."""

    area: str
    episodes: pd.DataFrame
    rejections: clean.Rejections = field(default_factory=clean.Rejections)


def available(area_dir: Path | str) -> bool:
    """Whether the area holds early help episodes."""
    return clean.find_file(Path(area_dir) / DIR, "episodes") is not None


def load(area_dir: Path | str, *, key: bytes | None = None) -> EarlyHelpData:
    """Read and clean ``<area_dir>/early_help/episodes.csv``; every row is used or rejected with a reason."""
    area_dir = Path(area_dir)
    rej = clean.Rejections()
    df, label = read_extract(area_dir / DIR, "episodes", REQUIRED, OPTIONAL, rej,
                             aliases={"child_id": ["LAchildID", "Child Unique ID"],
                                      "assessment_start_date": ["Assessment start date"],
                                      "assessment_completed_date": ["Assessment completion date"]})
    if df is None:
        raise clean.InputError("not found: early help episodes are needed for this section", file=label)
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
    columns = ["child_id", "start_date", "assessment_start_date", "assessment_completed_date", "end_date",
               "closure_reason", "stepped_down"]
    from lscb_analysis.report.overview import area_name

    return EarlyHelpData(area=area_name(area_dir.name),
                         episodes=kept[columns].sort_values(["start_date", "child_id"]).reset_index(drop=True),
                         rejections=rej)
