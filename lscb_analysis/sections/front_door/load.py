"""The front door's tables, taken from the child protection section's cleaned tables (one load, one rejection
log: the contacts, referrals and assessments are read, checked and pseudonymised there).

The contacts extract may carry the date of the decision on each contact (``DateOfDecision``; "Date of Decision"
and the other spellings in ``child_protection.codes.CONTACT_OPTIONAL``), with or without a time. Child protection
carries it as text; it is checked here, value by value: a date that cannot be read, a date in the future, or a
decision before its contact is logged under ``<contacts file> [DateOfDecision]`` (row, column, reason; never the
value) and that contact is left out of the decision measure only. For that label rows read (contacts with a
decision date written) = used + rejected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from lscb_analysis.inputs import clean

__all__ = ["FrontDoorData", "load", "available", "decision_dates", "DECISION"]

DECISION = "DateOfDecision"
# a time after the date: " 14:05", "T14:05:00", " 9:30:15.000"; an Excel date-time number keeps its whole days
_TIME = re.compile(r"(?:[ T](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?)$")
_SERIAL_TIME = re.compile(r"^(\d{5})\.\d+$")


@dataclass
class FrontDoorData:
    """Contacts (``LAchildID``, ``DateOfContact``, ``DateOfDecision``: NaT where none was recorded or it was
    rejected), referrals (``LAchildID``, ``CINreferralDate``, ``ReferralNFA``, ``CINclosureDate``,
    ``ReasonForClosure``) and the years the census covers in full."""

    area: str
    contacts: pd.DataFrame
    referrals: pd.DataFrame
    census_years: list = field(default_factory=list)
    rejections: clean.Rejections = field(default_factory=clean.Rejections)


def available(area_dir: Path | str) -> bool:
    """Whether the area holds contacts (the front door starts there)."""
    area_dir = Path(area_dir)
    return clean.find_file(area_dir, "contacts") is not None or any((area_dir / "annex_a").glob("*.xlsx"))


def _date_part(text: pd.Series) -> pd.Series:
    """The date in each text, a time after it dropped ("05/04/2024 14:32" -> "05/04/2024", "45387.6" -> "45387")."""
    return text.str.replace(_TIME, "", regex=True).str.replace(_SERIAL_TIME, r"\1", regex=True).str.strip()


def decision_dates(contacts: pd.DataFrame, label: str, rej: clean.Rejections) -> pd.Series:
    """The decision date of each contact (``DateOfDecision`` as text: ISO, dd/mm/yyyy or an Excel number, a time
    allowed and dropped), NaT where none was written or it was rejected. Each written value is read (counted for
    ``<label> [DateOfDecision]``) and used or rejected: not a date, after today, or before the contact."""
    text = contacts[DECISION].fillna("").astype(str).str.strip() if DECISION in contacts.columns \
        else pd.Series("", index=contacts.index)
    parsed, blank = clean.date_text(_date_part(text))
    written = ~blank  # blank, or a mark of none ("NULL", "n/a")
    if not written.any():
        return pd.Series(pd.NaT, index=contacts.index, dtype="datetime64[ns]")
    where = f"{label} [{DECISION}]"
    rows = contacts["_row"] if "_row" in contacts.columns else pd.Series(np.nan, index=contacts.index)
    bad = pd.Series(False, index=contacts.index)

    def log(mask, reason: str) -> None:
        mask = pd.Series(np.asarray(mask, dtype=bool), index=contacts.index) & written & ~bad
        for r in rows[mask].tolist():
            rej.add(where, None if pd.isna(r) else int(r), DECISION, "", reason)
        bad[mask] = True

    dates = clean.check_dates(parsed, blank, log, required=False)
    log(dates.notna() & (dates < contacts["DateOfContact"]), "the decision is before the contact")
    rej.record_read(where, int(written.sum()))
    rej.record_used(where, int((written & ~bad).sum()))
    return dates.where(~bad).astype("datetime64[ns]")


def load(area_dir: Path | str) -> FrontDoorData:
    """The front door's tables for ``area_dir`` (child protection's loader does the reading and cleaning; the
    decision dates are checked here, :func:`decision_dates`)."""
    from lscb_analysis.sections import child_protection as cp

    data = cp.load(area_dir)
    contacts = data.contacts
    if contacts is None or contacts.empty:
        raise clean.InputError("holds no contacts (Ofsted Annex A list 1), where the front door starts",
                               file=Path(area_dir).name)
    rej = data.rejections
    decided = pd.Series(pd.NaT, index=contacts.index, dtype="datetime64[ns]")
    if DECISION in contacts.columns and "_file" in contacts.columns:
        for label, part in contacts.groupby("_file", sort=True):
            decided.loc[part.index] = decision_dates(part, str(label), rej)
    table = contacts[["LAchildID", "DateOfContact"]].copy()
    table[DECISION] = decided
    for where in ("_file", "_row"):  # which file and row each contact came from (for checks, never shown)
        if where in contacts.columns:
            table[where] = contacts[where]
    return FrontDoorData(area=data.area, contacts=table,
                         referrals=data.referrals[["LAchildID", "CINreferralDate", "ReferralNFA", "CINclosureDate",
                                                   "ReasonForClosure"]].copy(),
                         census_years=list(data.census_years), rejections=rej)
