"""Load private fostering arrangements: ``private_fostering/arrangements.csv``, one row per arrangement.

Data contract (docs/data_contract_children.md): ``child_id, notification_date, start_date, end_date,
initial_visit_date``. The identifier is pseudonymised on load; no name or address is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lscb_analysis.inputs import clean, pseudonyms
from lscb_analysis.inputs.extracts import read_extract

__all__ = ["PrivateFosteringData", "load", "available", "DIR"]

DIR = "private_fostering"
REQUIRED = ["child_id", "notification_date", "start_date"]
OPTIONAL = ["end_date", "initial_visit_date"]


@dataclass
class PrivateFosteringData:
    """Arrangements, cleaned: ``child_id`` (pseudonym) and the four dates."""

    area: str
    arrangements: pd.DataFrame
    rejections: clean.Rejections = field(default_factory=clean.Rejections)


def available(area_dir: Path | str) -> bool:
    """Whether the area holds private fostering arrangements."""
    return clean.find_file(Path(area_dir) / DIR, "arrangements") is not None


def load(area_dir: Path | str, *, key: bytes | None = None) -> PrivateFosteringData:
    """Read and clean ``<area_dir>/private_fostering/arrangements.csv``; every row used or rejected."""
    area_dir = Path(area_dir)
    rej = clean.Rejections()
    df, label = read_extract(area_dir / DIR, "arrangements", REQUIRED, OPTIONAL, rej,
                             aliases={"child_id": ["LAchildID", "Child Unique ID"]})
    if df is None:
        raise clean.InputError("not found: private fostering arrangements are needed for this section", file=label)
    for column, required in (("notification_date", True), ("start_date", True), ("end_date", False),
                             ("initial_visit_date", False)):
        df[column] = clean.parse_dates(df, column, label, rej, required=required)
    rej.add_rows(df, df["end_date"] < df["start_date"], label, "end_date", "before the arrangement started",
                 values=pd.Series("", index=df.index))
    rej.add_rows(df, df["initial_visit_date"] < df["notification_date"], label, "initial_visit_date",
                 "before the notification", values=pd.Series("", index=df.index))
    blank = df["child_id"].fillna("").astype(str).str.strip().eq("")
    rej.add_rows(df, blank, label, "child_id", "missing required value")
    clean.dedupe(df, ["child_id", "start_date"], label, rej)
    kept = rej.apply(df, label).copy()
    kept["child_id"] = pseudonyms.pseudonymise(kept["child_id"], key, prefix="F")
    columns = ["child_id", "notification_date", "start_date", "end_date", "initial_visit_date"]
    from lscb_analysis.report.overview import area_name

    return PrivateFosteringData(area=area_name(area_dir.name),
                                arrangements=kept[columns].sort_values("notification_date").reset_index(drop=True),
                                rejections=rej)
