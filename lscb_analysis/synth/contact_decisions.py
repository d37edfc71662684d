"""Synthetic dates of decision on Exampleshire's contacts (the optional ``Date of Decision`` column of
``contacts.csv``), with their own random stream so that every other file of the sample stays byte-identical.

Most contacts are decided the same day or the next working day (Working Together 2023 expects a decision on the
response within one working day of a referral); some take two to five working days; a few have no decision
recorded. Dates are written as a case system exports them, with a time (``05/04/2024 14:32``). Faults are listed
under ``decision_date_faults`` in the sample's ``injected_faults.json`` (file ``contacts.csv [DateOfDecision]``,
the contacts file's row, the kind): a decision before its contact and a date that is not a date are rejected by
the front door's loader; another date format (ISO with a time, or an Excel date-time number) is repaired.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lscb_analysis.core.periods import add_working_days

__all__ = ["Decisions", "LABEL", "RATES", "DELAYS"]

LABEL = "contacts.csv [DateOfDecision]"
SEED_OFFSET = 19  # the stream is seeded apart from the contacts' own
# working days from the contact to the decision (day 0 is the contact's day), and their shares
DELAYS = {0: 0.45, 1: 0.38, 2: 0.09, 3: 0.04, 4: 0.02, 5: 0.02}
NONE_RECORDED = 0.015
RATES = {"decision_before_contact": 0.002, "not_a_date": 0.001, "date_format": 0.02}


class Decisions:
    """Writes each contact's date of decision and records the faults injected in them."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed + SEED_OFFSET)
        self.records: list[dict] = []
        self._delays = np.array(list(DELAYS)), np.array(list(DELAYS.values()))

    def written(self, contact: pd.Timestamp, may_spoil: bool) -> tuple[str, tuple[str, str | None] | None]:
        """The text written for the decision on a contact of day ``contact``, and the fault injected in it
        (kind, the date the loader should read for a repaired one) or None. ``may_spoil``: the contact's row
        has no other fault and is not repeated (each row has one expected outcome)."""
        rng = self.rng
        if rng.random() < NONE_RECORDED:
            return "", None
        days, shares = self._delays
        n = int(rng.choice(days, p=shares))
        when = add_working_days(contact, n) + pd.Timedelta(minutes=int(rng.integers(8 * 60, 19 * 60)))
        if may_spoil:
            roll = rng.random()
            if roll < RATES["decision_before_contact"]:
                early = contact - pd.Timedelta(days=int(rng.integers(1, 4))) + pd.Timedelta(hours=10)
                return early.strftime("%d/%m/%Y %H:%M"), ("decision_before_contact", None)
            roll -= RATES["decision_before_contact"]
            if roll < RATES["not_a_date"]:
                return f"{when.day:02d}/13/{when.year} {when:%H:%M}", ("not_a_date", None)
            roll -= RATES["not_a_date"]
            if roll < RATES["date_format"]:
                serial = (when - pd.Timestamp("1899-12-30")) / pd.Timedelta(days=1)
                text = when.strftime("%Y-%m-%dT%H:%M:%S") if rng.random() < 0.6 else f"{serial:.4f}"
                return text, ("date_format", when.strftime("%Y-%m-%d"))
        return when.strftime("%d/%m/%Y %H:%M"), None

    def add(self, row: int, fault: tuple[str, str | None]) -> None:
        """Record a fault written on the contacts file's ``row``."""
        kind, expected = fault
        rec = {"file": LABEL, "row": int(row), "column": "DateOfDecision", "kind": kind}
        if expected is not None:
            rec["expected"] = expected
        self.records.append(rec)
