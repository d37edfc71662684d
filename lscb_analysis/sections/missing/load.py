"""Load missing episodes: ``missing/episodes.csv``, one row per episode of a child going missing (from home
or from care), from the council's case system.

Data contract (docs/data_contract_children.md): ``child_id, date_of_birth, sex, missing_start, missing_end,
looked_after, rhi_offered, rhi_accepted, rhi_date``. Dates may carry a time (return interviews are timed from
the return: 72 hours); a date without a time is taken as midnight at its start. Identifiers are pseudonymised
on load; dates of birth are used only for the age at the start of the episode and then dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lscb_analysis.inputs import clean, pseudonyms
from lscb_analysis.inputs.extracts import read_extract, yes_no

__all__ = ["MissingData", "load", "available", "DIR", "SEXES"]

DIR = "missing"
SEXES = {"m": "male", "f": "female", "male": "male", "female": "female", "1": "male", "2": "female",
         "u": "unknown", "unknown": "unknown", "0": "unknown", "9": "unknown", "a) male": "male",
         "b) female": "female"}
REQUIRED = ["child_id", "date_of_birth", "sex", "missing_start", "looked_after"]
OPTIONAL = ["missing_end", "rhi_offered", "rhi_accepted", "rhi_date"]
ALIASES = {"child_id": ["LAchildID", "Child Unique ID", "CHILD"], "missing_start": ["MIS_START", "start"],
           "missing_end": ["MIS_END", "end"]}


@dataclass
class MissingData:
    """Missing episodes, cleaned: ``child_id`` (pseudonym), ``age`` at the start, ``sex``, ``missing_start``,
    ``missing_end``, ``looked_after`` (bool), ``rhi_offered``, ``rhi_accepted`` ("yes"/"no"/""), ``rhi_date``."""

    area: str
    episodes: pd.DataFrame
    rejections: clean.Rejections = field(default_factory=clean.Rejections)


def available(area_dir: Path | str) -> bool:
    """Whether the area holds missing episodes."""
    return clean.find_file(Path(area_dir) / DIR, "episodes") is not None


def _timestamps(df: pd.DataFrame, column: str, label: str, rej: clean.Rejections, *, required: bool) -> pd.Series:
    """Dates with an optional time ("2024-05-01 18:30", "01/05/2024 18:30"); bad values rejected (no value
    shown). A date alone is midnight at its start."""
    text = df[column].fillna("").astype(str).str.strip()
    parsed = pd.to_datetime(text, errors="coerce", dayfirst=False, format="ISO8601")
    retry = parsed.isna() & text.ne("")
    if retry.any():
        parsed.loc[retry] = pd.to_datetime(text[retry], errors="coerce", dayfirst=True, format="mixed")
    bad = parsed.isna() & text.ne("")
    rej.add_rows(df, bad, label, column, "not a date (and time)", values=pd.Series("", index=df.index))
    if required:
        rej.add_rows(df, text.eq(""), label, column, "missing required value")
    return parsed


def load(area_dir: Path | str, *, key: bytes | None = None) -> MissingData:
    """Read and clean ``<area_dir>/missing/episodes.csv``; every row is used or rejected with a reason."""
    area_dir = Path(area_dir)
    rej = clean.Rejections()
    df, label = read_extract(area_dir / DIR, "episodes", REQUIRED, OPTIONAL, rej, aliases=ALIASES)
    if df is None:
        raise clean.InputError("not found: missing episodes are needed for this section", file=label)
    dob = clean.parse_dates(df, "date_of_birth", label, rej)
    sex = df["sex"].fillna("").astype(str).str.strip().str.lower().map(SEXES)
    rej.add_rows(df, sex.isna(), label, "sex", "unknown code (expected M, F or U)",
                 values=pd.Series("withheld", index=df.index))
    start = _timestamps(df, "missing_start", label, rej, required=True)
    end = _timestamps(df, "missing_end", label, rej, required=False)
    rhi = _timestamps(df, "rhi_date", label, rej, required=False)
    rej.add_rows(df, end < start, label, "missing_end", "before the child went missing",
                 values=pd.Series("", index=df.index))
    rej.add_rows(df, rhi < end, label, "rhi_date", "before the child returned", values=pd.Series("", index=df.index))
    age = (start.dt.year - dob.dt.year) - ((start.dt.month * 100 + start.dt.day) < (dob.dt.month * 100 + dob.dt.day))
    rej.add_rows(df, (age < 0) | (age > 17), label, "date_of_birth", "not a child (aged 0-17) when missing",
                 values=pd.Series("", index=df.index))
    flags = {c: yes_no(df[c]) for c in ("looked_after", "rhi_offered", "rhi_accepted")}
    for column, values in flags.items():
        allowed = ["yes", "no"] if column == "looked_after" else ["yes", "no", ""]
        rej.add_rows(df, ~values.isin(allowed), label, column, "unknown value (expected yes or no)",
                     values=pd.Series("withheld", index=df.index))
    out = pd.DataFrame({"child_id": df["child_id"], "age": age, "sex": sex, "missing_start": start,
                        "missing_end": end, "looked_after": flags["looked_after"].eq("yes"),
                        "rhi_offered": flags["rhi_offered"], "rhi_accepted": flags["rhi_accepted"], "rhi_date": rhi,
                        "_row": df["_row"]})
    clean.dedupe(out, ["child_id", "missing_start"], label, rej)
    kept = rej.apply(out, label).drop(columns="_row").copy()
    kept["child_id"] = pseudonyms.pseudonymise(kept["child_id"], key, prefix="M")
    kept["age"] = kept["age"].astype(int)
    kept = kept.sort_values(["missing_start", "child_id"], kind="stable").reset_index(drop=True)
    from lscb_analysis.report.overview import area_name

    return MissingData(area=area_name(area_dir.name), episodes=kept, rejections=rej)
