"""Load missing episodes from two sources, either or both:

* ``missing/episodes.csv``: the council's local extract, one row per episode of a child going missing from home
  or from care. Data contract (docs/data_contract_children.md): ``child_id, date_of_birth, sex, missing_start,
  missing_end, looked_after, rhi_offered, rhi_accepted, rhi_date``. Dates may carry a time (return interviews are
  timed from the return: 72 hours); a date without a time is taken as midnight at its start. Dates of birth are
  used only for the age at the start of the episode and then dropped.
* ``ssda903/missing.csv`` with ``ssda903/episodes.csv``: the SSDA903 looked-after children return's missing table
  (``CHILD, DOB, MISSING, MIS_START, MIS_END``; ``MISSING`` is ``M``, missing, or ``A``, away from placement
  without authorisation) and its episodes (for the children looked after during the year), read by
  :func:`lscb_analysis.inputs.ssda903.read_return`. A missing episode must start within one of the child's
  episodes of care (``DECOM`` to ``DEC``), as the DfE's validation of the return requires; one that does not is
  rejected. Looked-after children only.

Identifiers are pseudonymised on load, with one key, so a child is the same pseudonym in both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lscb_analysis.inputs import clean, pseudonyms, ssda903
from lscb_analysis.inputs.extracts import read_extract, yes_no

__all__ = ["MissingData", "load", "available", "DIR", "SSDA903_DIR", "SEXES", "SHORT_BREAKS"]

DIR = "missing"
SSDA903_DIR = "ssda903"
SHORT_BREAKS = ("V3", "V4")  # legal status of an agreed series of short-term placements
SEXES = {"m": "male", "f": "female", "male": "male", "female": "female", "1": "male", "2": "female",
         "u": "unknown", "unknown": "unknown", "0": "unknown", "9": "unknown", "a) male": "male",
         "b) female": "female"}
REQUIRED = ["child_id", "date_of_birth", "sex", "missing_start", "looked_after"]
OPTIONAL = ["missing_end", "rhi_offered", "rhi_accepted", "rhi_date"]
ALIASES = {"child_id": ["LAchildID", "Child Unique ID", "CHILD"], "missing_start": ["MIS_START", "start"],
           "missing_end": ["MIS_END", "end"]}


LOCAL_COLUMNS = ["child_id", "age", "sex", "missing_start", "missing_end", "looked_after", "rhi_offered",
                 "rhi_accepted", "rhi_date"]


@dataclass
class MissingData:
    """Missing episodes, cleaned.

    ``episodes`` (the local extract; empty when ``local`` is False): ``child_id`` (pseudonym), ``age`` at the
    start, ``sex``, ``missing_start``, ``missing_end``, ``looked_after`` (bool), ``rhi_offered``,
    ``rhi_accepted`` ("yes"/"no"/""), ``rhi_date``.
    ``care_episodes`` (SSDA903 episodes; None when the return's missing table is not held): ``child_id``,
    ``start`` (DECOM), ``end`` (DEC, NaT while open), ``short_break`` (legal status V3 or V4).
    ``care_missing`` (the SSDA903 missing table): ``child_id``, ``missing_start`` (MIS_START), ``missing_end``
    (MIS_END, NaT while still missing), ``code`` ("M" missing, "A" away from placement without authorisation).
    """

    area: str
    episodes: pd.DataFrame
    rejections: clean.Rejections = field(default_factory=clean.Rejections)
    local: bool = True
    care_episodes: pd.DataFrame | None = None
    care_missing: pd.DataFrame | None = None

    @property
    def care(self) -> bool:
        """Whether the SSDA903 missing table (looked-after children) is held."""
        return self.care_missing is not None


def _has_care_return(area_dir: Path) -> bool:
    return clean.find_file(area_dir / SSDA903_DIR, "missing") is not None


def available(area_dir: Path | str) -> bool:
    """Whether the area holds missing episodes: the local extract or the SSDA903 missing table."""
    area_dir = Path(area_dir)
    return clean.find_file(area_dir / DIR, "episodes") is not None or _has_care_return(area_dir)


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


def _local(area_dir: Path, rej: clean.Rejections, key: bytes | None) -> pd.DataFrame | None:
    """The local extract ``missing/episodes.csv``, cleaned; None when the area does not hold it."""
    df, label = read_extract(area_dir / DIR, "episodes", REQUIRED, OPTIONAL, rej, aliases=ALIASES)
    if df is None:
        return None
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
    return kept.sort_values(["missing_start", "child_id"], kind="stable").reset_index(drop=True)


def _care(area_dir: Path, rej: clean.Rejections, key: bytes | None) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The SSDA903 episodes and missing tables, cleaned; None when the return's missing table is not held. A
    missing episode that does not start within one of the child's episodes of care is rejected."""
    if not _has_care_return(area_dir):
        return None
    tables = ssda903.read_return(area_dir / SSDA903_DIR, rej, area_dir=area_dir, tables=("episodes", "missing"),
                                 pseudonymise=lambda ids: pseudonyms.pseudonymise(ids, key, prefix="M"))
    if "episodes" not in tables:
        raise clean.InputError("not found: the SSDA903 missing table needs the return's episodes table beside it "
                               "(children looked after during the year are counted from it)",
                               file=f"{SSDA903_DIR}/episodes.csv")
    eps, mis = tables["episodes"], tables["missing"]
    pairs = mis[["CHILD", "MIS_START", "_row"]].merge(eps[["CHILD", "DECOM", "DEC"]], on="CHILD")
    inside = (pairs["MIS_START"] >= pairs["DECOM"]) & (pairs["DEC"].isna() | (pairs["MIS_START"] <= pairs["DEC"]))
    covered = set(pairs.loc[inside, "_row"])
    if len(mis):
        rej.withdraw(mis, ~mis["_row"].isin(covered), mis["_file"].iat[0], "MIS_START",
                     "not within an episode of care in the return's episodes table (DECOM to DEC)")
    mis = mis[mis["_row"].isin(covered)]
    care_episodes = pd.DataFrame({"child_id": eps["CHILD"], "start": eps["DECOM"], "end": eps["DEC"],
                                  "short_break": eps["LS"].isin(SHORT_BREAKS)}).reset_index(drop=True)
    care_missing = pd.DataFrame({"child_id": mis["CHILD"], "missing_start": mis["MIS_START"],
                                 "missing_end": mis["MIS_END"], "code": mis["MISSING"]})
    return care_episodes, care_missing.sort_values(["missing_start", "child_id"], kind="stable").reset_index(drop=True)


def load(area_dir: Path | str, *, key: bytes | None = None) -> MissingData:
    """Read and clean the local extract ``missing/episodes.csv`` and the SSDA903 return's missing and episodes
    tables, whichever the area holds (at least one); every row is used or rejected with a reason."""
    area_dir = Path(area_dir)
    rej = clean.Rejections()
    local = _local(area_dir, rej, key)
    care = _care(area_dir, rej, key)
    if local is None and care is None:
        raise clean.InputError("not found: missing episodes (missing/episodes.csv) or the SSDA903 return's missing "
                               "table (ssda903/missing.csv) are needed for this section", file=f"{DIR}/episodes.csv")
    from lscb_analysis.report.overview import area_name

    return MissingData(area=area_name(area_dir.name),
                       episodes=local if local is not None else pd.DataFrame(columns=LOCAL_COLUMNS),
                       rejections=rej, local=local is not None,
                       care_episodes=care[0] if care else None, care_missing=care[1] if care else None)
