"""Load the LADO's referral log (``lado/referrals.csv``): one row per referral about one adult.

Data contract (docs/data_contract.md, "Allegations against people who work with children"):
``referral_id, person_id, referral_date, source, category, employer_sector, initial_consideration_date,
concluded_date, outcome``. No name of an adult or a child is held: ``person_id`` (the LADO's reference for the
adult) is pseudonymised on load and only used to find repeat referrals; free text is not read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lscb_analysis.inputs import clean, pseudonyms
from lscb_analysis.inputs.extracts import read_extract

__all__ = ["LADOData", "load", "available", "DIR", "SOURCES", "CATEGORIES", "SECTORS", "OUTCOMES"]

DIR = "lado"
SOURCES = ("police", "education", "early_years", "health", "childrens_social_care", "ofsted", "employer",
           "parent_or_carer", "child", "probation", "voluntary_community", "anonymous", "other")
# the harm test of KCSIE part 4: harm to a child (physical, sexual, emotional, neglect), or conduct
# suggesting the person may be unsuitable to work with children ("transferable risk")
CATEGORIES = ("physical_abuse", "sexual_abuse", "emotional_abuse", "neglect", "suitability")
SECTORS = ("education", "early_years", "health", "social_care", "foster_care", "police", "faith",
           "voluntary_community", "sport", "transport", "other")
# KCSIE part 4 definitions of the outcome of an allegation
OUTCOMES = ("substantiated", "unsubstantiated", "unfounded", "false", "malicious")

REQUIRED = ["referral_id", "person_id", "referral_date", "source", "category", "employer_sector"]
OPTIONAL = ["initial_consideration_date", "concluded_date", "outcome"]
ALIASES = {"category": ["category_of_harm", "harm_category"], "employer_sector": ["sector", "employer"],
           "person_id": ["adult_id", "person_ref"]}
_LABELS = {
    "category": {"physical": "physical_abuse", "sexual": "sexual_abuse", "emotional": "emotional_abuse",
                 "transferable risk": "suitability", "suitability to work with children": "suitability"},
    "source": {"school": "education", "social care": "childrens_social_care", "parent": "parent_or_carer",
               "carer": "parent_or_carer", "voluntary": "voluntary_community"},
    "employer_sector": {"school": "education", "schools": "education", "foster carer": "foster_care",
                        "voluntary": "voluntary_community"},
}


@dataclass
class LADOData:
    """The LADO's referrals, cleaned: one row per referral, dates parsed, codes checked."""

    area: str
    referrals: pd.DataFrame
    rejections: clean.Rejections = field(default_factory=clean.Rejections)


def available(area_dir: Path | str) -> bool:
    """Whether the area holds a LADO referral log."""
    return clean.find_file(Path(area_dir) / DIR, "referrals") is not None


def _codes(values: pd.Series, labels: dict[str, str]) -> pd.Series:
    """Codes as lower-case words joined by underscores ("Early years" -> "early_years"), labels mapped."""
    text = values.fillna("").astype(str).str.strip().str.lower()
    text = text.str.replace(r"^[a-z]\)\s*", "", regex=True)  # an Annex A style prefix "a) "
    mapped = text.map(lambda v: labels.get(v, v))
    return mapped.str.replace(r"[\s\-/]+", "_", regex=True)


def _check_codes(df: pd.DataFrame, column: str, allowed: tuple[str, ...], label: str,
                 rej: clean.Rejections, *, required: bool = True) -> None:
    values = df[column]
    bad = values.ne("") & ~values.isin(allowed)
    rej.add_rows(df, bad, label, column, f"unknown code (expected one of {', '.join(allowed)})",
                 values=pd.Series("withheld", index=df.index))
    if required:
        rej.add_rows(df, values.eq(""), label, column, "missing required value")


def load(area_dir: Path | str, *, key: bytes | None = None) -> LADOData:
    """Read and clean ``<area_dir>/lado/referrals.csv``; every row is used or rejected with a reason."""
    area_dir = Path(area_dir)
    rej = clean.Rejections()
    df, label = read_extract(area_dir / DIR, "referrals", REQUIRED, OPTIONAL, rej, aliases=ALIASES)
    if df is None:
        raise clean.InputError("not found: the LADO's referral log is needed for this section", file=label)
    for column, allowed in (("source", SOURCES), ("category", CATEGORIES), ("employer_sector", SECTORS)):
        df[column] = _codes(df[column], _LABELS.get(column, {}))
        _check_codes(df, column, allowed, label, rej)
    df["outcome"] = _codes(df["outcome"], {})
    _check_codes(df, "outcome", OUTCOMES, label, rej, required=False)
    df["referral_date"] = clean.parse_dates(df, "referral_date", label, rej)
    df["initial_consideration_date"] = clean.parse_dates(df, "initial_consideration_date", label, rej,
                                                         required=False)
    df["concluded_date"] = clean.parse_dates(df, "concluded_date", label, rej, required=False)
    blank_id = df["person_id"].fillna("").astype(str).str.strip().eq("")
    rej.add_rows(df, blank_id, label, "person_id", "missing required value")
    before = df["initial_consideration_date"] < df["referral_date"]
    rej.add_rows(df, before, label, "initial_consideration_date", "before the referral date",
                 values=pd.Series("", index=df.index))
    ended_before = df["concluded_date"] < df["referral_date"]
    rej.add_rows(df, ended_before, label, "concluded_date", "before the referral date",
                 values=pd.Series("", index=df.index))
    no_outcome = df["concluded_date"].notna() & df["outcome"].eq("")
    rej.add_rows(df, no_outcome, label, "outcome", "concluded without an outcome")
    clean.dedupe(df, ["referral_id"], label, rej)
    kept = rej.apply(df, label).copy()
    kept["person_id"] = pseudonyms.pseudonymise(kept["person_id"], key, prefix="A")
    columns = ["person_id", "referral_date", "source", "category", "employer_sector",
               "initial_consideration_date", "concluded_date", "outcome"]
    referrals = kept[columns].sort_values(["referral_date", "person_id"], kind="stable").reset_index(drop=True)
    return LADOData(area=_area_name(area_dir), referrals=referrals, rejections=rej)


def _area_name(area_dir: Path) -> str:
    from lscb_analysis.report.overview import area_name

    return area_name(area_dir.name)
