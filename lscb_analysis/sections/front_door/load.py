"""The front door's tables, taken from the child protection section's cleaned tables (one load, one rejection
log: the contacts, referrals and assessments are read, checked and pseudonymised there)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lscb_analysis.inputs import clean

__all__ = ["FrontDoorData", "load", "available"]


@dataclass
class FrontDoorData:
    """Contacts (``LAchildID``, ``DateOfContact``), referrals (``LAchildID``, ``CINreferralDate``,
    ``ReferralNFA``, ``CINclosureDate``, ``ReasonForClosure``) and the years the census covers in full."""

    area: str
    contacts: pd.DataFrame
    referrals: pd.DataFrame
    census_years: list = field(default_factory=list)
    rejections: clean.Rejections = field(default_factory=clean.Rejections)


def available(area_dir: Path | str) -> bool:
    """Whether the area holds contacts (the front door starts there)."""
    area_dir = Path(area_dir)
    return clean.find_file(area_dir, "contacts") is not None or any((area_dir / "annex_a").glob("*.xlsx"))


def load(area_dir: Path | str) -> FrontDoorData:
    """The front door's tables for ``area_dir`` (child protection's loader does the reading and cleaning)."""
    from lscb_analysis.sections import child_protection as cp

    data = cp.load(area_dir)
    contacts = data.contacts
    if contacts is None or contacts.empty:
        raise clean.InputError("holds no contacts (Ofsted Annex A list 1), where the front door starts",
                               file=Path(area_dir).name)
    return FrontDoorData(area=data.area, contacts=contacts[["LAchildID", "DateOfContact"]].copy(),
                         referrals=data.referrals[["LAchildID", "CINreferralDate", "ReferralNFA", "CINclosureDate",
                                                   "ReasonForClosure"]].copy(),
                         census_years=list(data.census_years), rejections=data.rejections)
