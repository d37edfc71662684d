"""Load the partnership's own records from ``partnership/``.

Data contract (docs/data_contract.md, "The partnership's own business"), every file optional:

* ``contributions.csv``: ``year, partner, amount`` (a reporting year such as 2024-25; pounds, to the penny)
* ``spend.csv``: ``year, heading, amount``
* ``audits.csv``: ``audit_id, theme, completed_date, grade``: one row per case audited (outstanding, good,
  requires_improvement, inadequate); no child is named (no case reference is read)
* ``section11.csv``: ``partner, standard, assessment_date, rating``: the partner's Section 11 self-assessment,
  one row per standard (1-8), rated met, partially_met or not_met
* ``board_attendance.csv``: ``meeting_date, partner, attended`` (yes/no)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.inputs import clean
from lscb_analysis.inputs.extracts import read_extract, yes_no

__all__ = ["PartnershipData", "load", "available", "DIR", "GRADES", "RATINGS", "SECTION_11_STANDARDS",
           "pence"]

DIR = "partnership"
GRADES = ("outstanding", "good", "requires_improvement", "inadequate")
RATINGS = ("met", "partially_met", "not_met")
# the eight standards of the section 11 (Children Act 2004) statutory guidance as partnerships audit them
SECTION_11_STANDARDS = {
    1: "Senior management commitment to safeguarding",
    2: "A clear statement of the agency's responsibilities towards children",
    3: "A clear line of accountability for safeguarding",
    4: "Services developed with regard to the need to safeguard children, informed by their views",
    5: "Training on safeguarding for staff",
    6: "Safer recruitment",
    7: "Effective inter-agency working",
    8: "Information sharing",
}
FILES = ("contributions", "spend", "audits", "section11", "board_attendance")


@dataclass
class PartnershipData:
    """The partnership's records, cleaned; an absent file gives an empty table. Money is held in whole pence
    (``pence``) so that totals and shares are exact to the penny."""

    area: str
    contributions: pd.DataFrame
    spend: pd.DataFrame
    audits: pd.DataFrame
    section11: pd.DataFrame
    attendance: pd.DataFrame
    rejections: clean.Rejections = field(default_factory=clean.Rejections)


def available(area_dir: Path | str) -> bool:
    """Whether the area holds any of the partnership's own records."""
    folder = Path(area_dir) / DIR
    return any(clean.find_file(folder, stem) is not None for stem in FILES)


def pence(values: pd.Series) -> pd.Series:
    """Amounts in pounds as text ("£51,927.77", "51927.77", "82037") to whole pence (5192777), exactly
    (decimal arithmetic, half up); unreadable or more than two decimal places give missing."""
    def one(text: str):
        text = text.strip().replace("£", "").replace(",", "")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            return None
        if not amount.is_finite() or amount.as_tuple().exponent < -2 or abs(amount) >= Decimal(10) ** 12:
            return None
        return int(amount * 100)
    return pd.Series([one(v) for v in values.fillna("").astype(str)], index=values.index, dtype="Int64")


def _year_labels(df: pd.DataFrame, label: str, rej: clean.Rejections) -> pd.Series:
    out = []
    for v in df["year"].fillna("").astype(str).str.strip():
        try:
            out.append(ReportingYear(v).label)
        except (ValueError, TypeError):
            out.append("")
    years = pd.Series(out, index=df.index)
    rej.add_rows(df, years.eq(""), label, "year", "not a reporting year (expected e.g. 2024-25)")
    return years


def _money(folder: Path, stem: str, name_column: str, rej: clean.Rejections) -> pd.DataFrame:
    df, label = read_extract(folder, stem, ["year", name_column, "amount"], [], rej,
                             aliases={name_column: ["agency", "organisation"] if name_column == "partner" else []})
    if df is None:
        return pd.DataFrame({"year": pd.Series(dtype=object), name_column: pd.Series(dtype=object),
                             "pence": pd.Series(dtype="Int64")})
    df["year"] = _year_labels(df, label, rej)
    df[name_column] = df[name_column].fillna("").astype(str).str.strip()
    rej.add_rows(df, df[name_column].eq(""), label, name_column, "missing required value")
    df["pence"] = pence(df["amount"])
    rej.add_rows(df, df["pence"].isna(), label, "amount", "not an amount in pounds and pence",
                 values=pd.Series("", index=df.index))
    rej.add_rows(df, df["pence"].fillna(0) < 0, label, "amount", "a negative amount")
    clean.dedupe(df, ["year", name_column], label, rej)
    return rej.apply(df, label)[["year", name_column, "pence"]].reset_index(drop=True)


def _codes(df: pd.DataFrame, column: str, allowed: tuple[str, ...], label: str, rej: clean.Rejections) -> None:
    df[column] = (df[column].fillna("").astype(str).str.strip().str.lower()
                  .str.replace(r"[\s\-]+", "_", regex=True))
    rej.add_rows(df, ~df[column].isin(allowed), label, column,
                 f"unknown code (expected one of {', '.join(allowed)})", values=pd.Series("withheld", index=df.index))


def _audits(folder: Path, rej: clean.Rejections) -> pd.DataFrame:
    df, label = read_extract(folder, "audits", ["audit_id", "theme", "completed_date", "grade"], [], rej)
    if df is None:
        return pd.DataFrame({"audit_id": pd.Series(dtype=object), "theme": pd.Series(dtype=object),
                             "completed_date": pd.Series(dtype="datetime64[ns]"), "grade": pd.Series(dtype=object)})
    df["completed_date"] = clean.parse_dates(df, "completed_date", label, rej)
    _codes(df, "grade", GRADES, label, rej)
    df["theme"] = df["theme"].fillna("").astype(str).str.strip()
    rej.add_rows(df, df["theme"].eq(""), label, "theme", "missing required value")
    return rej.apply(df, label)[["audit_id", "theme", "completed_date", "grade"]].reset_index(drop=True)


def _section11(folder: Path, rej: clean.Rejections) -> pd.DataFrame:
    df, label = read_extract(folder, "section11", ["partner", "standard", "assessment_date", "rating"], [], rej,
                             aliases={"partner": ["agency", "organisation"]})
    if df is None:
        return pd.DataFrame({"partner": pd.Series(dtype=object), "standard": pd.Series(dtype="int64"),
                             "assessment_date": pd.Series(dtype="datetime64[ns]"), "rating": pd.Series(dtype=object)})
    df["partner"] = df["partner"].fillna("").astype(str).str.strip()
    rej.add_rows(df, df["partner"].eq(""), label, "partner", "missing required value")
    standard = pd.to_numeric(df["standard"].astype(str).str.strip(), errors="coerce")
    bad = ~standard.isin(list(SECTION_11_STANDARDS))
    rej.add_rows(df, bad, label, "standard", "not a Section 11 standard (1 to 8)",
                 values=pd.Series("withheld", index=df.index))
    df["standard"] = standard.fillna(0).astype("int64")
    df["assessment_date"] = clean.parse_dates(df, "assessment_date", label, rej)
    _codes(df, "rating", RATINGS, label, rej)
    clean.dedupe(df, ["partner", "standard", "assessment_date"], label, rej)
    return rej.apply(df, label)[["partner", "standard", "assessment_date", "rating"]].reset_index(drop=True)


def _attendance(folder: Path, rej: clean.Rejections) -> pd.DataFrame:
    df, label = read_extract(folder, "board_attendance", ["meeting_date", "partner", "attended"], [], rej,
                             aliases={"partner": ["agency", "organisation"]})
    if df is None:
        return pd.DataFrame({"meeting_date": pd.Series(dtype="datetime64[ns]"), "partner": pd.Series(dtype=object),
                             "attended": pd.Series(dtype=bool)})
    df["meeting_date"] = clean.parse_dates(df, "meeting_date", label, rej)
    df["partner"] = df["partner"].fillna("").astype(str).str.strip()
    rej.add_rows(df, df["partner"].eq(""), label, "partner", "missing required value")
    answer = yes_no(df["attended"])
    rej.add_rows(df, ~answer.isin(["yes", "no"]), label, "attended", "unknown value (expected yes or no)",
                 values=pd.Series("withheld", index=df.index))
    df["attended"] = answer.eq("yes")
    clean.dedupe(df, ["meeting_date", "partner"], label, rej)
    return rej.apply(df, label)[["meeting_date", "partner", "attended"]].reset_index(drop=True)


def load(area_dir: Path | str) -> PartnershipData:
    """Read and clean every file in ``<area_dir>/partnership/``; each row is used or rejected with a reason."""
    area_dir = Path(area_dir)
    if not available(area_dir):
        raise clean.InputError(f"not found: none of {', '.join(f + '.csv' for f in FILES)} is there", file=f"{DIR}/")
    rej = clean.Rejections()
    folder = area_dir / DIR
    from lscb_analysis.report.overview import area_name

    return PartnershipData(area=area_name(area_dir.name), contributions=_money(folder, "contributions", "partner", rej),
                           spend=_money(folder, "spend", "heading", rej), audits=_audits(folder, rej),
                           section11=_section11(folder, rej), attendance=_attendance(folder, rej), rejections=rej)
