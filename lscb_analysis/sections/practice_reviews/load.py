"""Load the partnership's review log: serious incident notifications (``reviews/notifications.csv``) and the
action tracker (``reviews/actions.csv``).

Data contract (docs/data_contract.md, "Practice reviews and their actions"):

* notifications: ``notification_id, aware_date, notification_date, rapid_review_date, lcspr_decision,
  lcspr_commissioned_date, lcspr_published_date``. No child is named: the notification id is the
  partnership's reference and is not shown.
* actions: ``action_id, review, review_type, owner, agreed_date, due_date, completed_date, impact_evidence``.
  The recommendation's wording is not read (it may name a child).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lscb_analysis.inputs import clean
from lscb_analysis.inputs.extracts import read_extract, yes_no

__all__ = ["ReviewData", "load", "available", "DIR", "REVIEW_TYPES", "STATUSES"]

DIR = "reviews"
REVIEW_TYPES = ("local", "national", "rapid_review", "other")
STATUSES = ("completed", "on_track", "overdue")

NOTIFICATION_COLUMNS = ["notification_id", "aware_date", "notification_date"]
NOTIFICATION_OPTIONAL = ["rapid_review_date", "lcspr_decision", "lcspr_commissioned_date", "lcspr_published_date"]
ACTION_COLUMNS = ["action_id", "review", "review_type", "owner", "agreed_date", "due_date"]
ACTION_OPTIONAL = ["completed_date", "impact_evidence"]
_TYPE_LABELS = {"lcspr": "local", "local review": "local", "national review": "national", "csprp": "national",
                "rapid review": "rapid_review", "rapid": "rapid_review"}


@dataclass
class ReviewData:
    """Notifications and actions, cleaned (either may be empty when its file is absent)."""

    area: str
    notifications: pd.DataFrame
    actions: pd.DataFrame
    rejections: clean.Rejections = field(default_factory=clean.Rejections)


def available(area_dir: Path | str) -> bool:
    """Whether the area holds a review log (either file)."""
    folder = Path(area_dir) / DIR
    return any(clean.find_file(folder, stem) is not None for stem in ("notifications", "actions"))


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="datetime64[ns]" if c.endswith("_date") else object) for c in columns})


def _notifications(folder: Path, rej: clean.Rejections) -> pd.DataFrame:
    columns = ["aware_date", "notification_date", "rapid_review_date", "lcspr_decision", "lcspr_commissioned_date",
               "lcspr_published_date"]
    df, label = read_extract(folder, "notifications", NOTIFICATION_COLUMNS, NOTIFICATION_OPTIONAL, rej)
    if df is None:
        return _empty(columns)
    for column in ("aware_date", "notification_date"):
        df[column] = clean.parse_dates(df, column, label, rej)
    for column in ("rapid_review_date", "lcspr_commissioned_date", "lcspr_published_date"):
        df[column] = clean.parse_dates(df, column, label, rej, required=False)
    df["lcspr_decision"] = yes_no(df["lcspr_decision"])
    bad = ~df["lcspr_decision"].isin(["yes", "no", ""])
    rej.add_rows(df, bad, label, "lcspr_decision", "unknown value (expected yes or no)",
                 values=pd.Series("withheld", index=df.index))
    for column in ("notification_date", "rapid_review_date"):
        early = df[column] < df["aware_date"]
        rej.add_rows(df, early, label, column, "before the date the partners became aware of the incident",
                     values=pd.Series("", index=df.index))
    clean.dedupe(df, ["notification_id"], label, rej)
    kept = rej.apply(df, label)
    return kept[columns].sort_values("notification_date", kind="stable").reset_index(drop=True)


def _actions(folder: Path, rej: clean.Rejections) -> pd.DataFrame:
    columns = ["action_id", "review", "review_type", "owner", "agreed_date", "due_date", "completed_date",
               "impact_evidence"]
    df, label = read_extract(folder, "actions", ACTION_COLUMNS, ACTION_OPTIONAL, rej)
    if df is None:
        return _empty(columns)
    text = df["review_type"].fillna("").astype(str).str.strip().str.lower()
    df["review_type"] = text.map(lambda v: _TYPE_LABELS.get(v, v)).str.replace(r"\s+", "_", regex=True)
    bad = ~df["review_type"].isin(REVIEW_TYPES)
    rej.add_rows(df, bad, label, "review_type", f"unknown code (expected one of {', '.join(REVIEW_TYPES)})",
                 values=pd.Series("withheld", index=df.index))
    for column in ("review", "owner"):
        df[column] = df[column].fillna("").astype(str).str.strip()
        rej.add_rows(df, df[column].eq(""), label, column, "missing required value")
    df["agreed_date"] = clean.parse_dates(df, "agreed_date", label, rej)
    df["due_date"] = clean.parse_dates(df, "due_date", label, rej)
    df["completed_date"] = clean.parse_dates(df, "completed_date", label, rej, required=False)
    df["impact_evidence"] = yes_no(df["impact_evidence"])
    bad = ~df["impact_evidence"].isin(["yes", "no", ""])
    rej.add_rows(df, bad, label, "impact_evidence", "unknown value (expected yes or no)",
                 values=pd.Series("withheld", index=df.index))
    due_early = df["due_date"] < df["agreed_date"]
    rej.add_rows(df, due_early, label, "due_date", "before the date the action was agreed",
                 values=pd.Series("", index=df.index))
    clean.dedupe(df, ["action_id"], label, rej)
    kept = rej.apply(df, label)
    return kept[columns].sort_values(["agreed_date", "action_id"], kind="stable").reset_index(drop=True)


def load(area_dir: Path | str) -> ReviewData:
    """Read and clean the review log of ``area_dir``; every row is used or rejected with a reason."""
    area_dir = Path(area_dir)
    if not available(area_dir):
        raise clean.InputError("not found: notifications.csv or actions.csv is needed for this section",
                               file=f"{DIR}/")
    rej = clean.Rejections()
    folder = area_dir / DIR
    notifications = _notifications(folder, rej)
    actions = _actions(folder, rej)
    from lscb_analysis.report.overview import area_name

    return ReviewData(area=area_name(area_dir.name), notifications=notifications, actions=actions, rejections=rej)
