"""The front door from hand-made contacts and referrals, checked by hand at the year's edges."""

from __future__ import annotations

import pandas as pd
import pytest

from lscb_analysis.core import indicators as ind
from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.sections import front_door


def dates(*values):
    return pd.to_datetime(list(values))


@pytest.fixture
def data() -> front_door.FrontDoorData:
    contacts = pd.DataFrame({
        "LAchildID": ["A", "A", "B", "C", "D", "E", "F"],
        "DateOfContact": dates("2023-04-01", "2024-04-01", "2024-06-01", "2025-03-31", "2024-05-01", "2025-03-30",
                               "2024-04-02"),
    })
    referrals = pd.DataFrame({
        "LAchildID": ["A", "B", "C", "D", "F"],
        "CINreferralDate": dates("2024-04-01", "2024-05-31", "2025-04-01", "2024-05-02", "2024-04-10"),
        "ReferralNFA": [False, False, False, True, False],
        "CINclosureDate": dates("2024-06-01", "2024-07-01", None, "2024-05-02", None),
        "ReasonForClosure": ["RC8", "RC1", "", "RC8", ""],
    })
    return front_door.FrontDoorData(area="X", contacts=contacts, referrals=referrals,
                                    census_years=[ReportingYear("2023-24"), ReportingYear("2024-25")])


def row(table, indicator, unit="percent"):
    return ind.select(table, indicator, unit=unit, period="2024-25").iloc[0]


def test_contacts_leading_to_a_referral(data):
    table = front_door.indicators(data, "2024-25")
    # contacts in 2024-25: A (1 Apr; referral the same day), B (referral the day before: not led), C (31 Mar;
    # referral on 1 April is next year's), D (referral the next day), E (none), F (referral 8 days later)
    r = row(table, "contacts_leading_to_referral")
    assert (r["numerator"], r["denominator"]) == (3, 6)


def test_repeat_contacts_need_a_year_of_history(data):
    table = front_door.indicators(data, ["2023-24", "2024-25"])
    # A's contact on 1 April 2024 follows one on 1 April 2023: exactly a year before, so within 12 months
    assert row(table, "repeat_contacts", "count")["value"] == 1
    # 2023-24 has no contacts from a year before it: not available rather than too low
    assert ind.select(table, "repeat_contacts", period="2023-24").empty


def test_referrals_to_assessment_and_not_in_need(data):
    table = front_door.indicators(data, "2024-25")
    # referrals in 2024-25: A, B, D, F (C's is in 2025-26); D ended with no further action
    assert row(table, "referrals_to_assessment")["value"] == 75.0
    # closed after assessment, not in need (RC8): A and D
    assert row(table, "assessed_not_in_need")["value"] == 50.0


def test_years_the_census_does_not_cover_are_left_out(data):
    table = front_door.indicators(data, "2025-26")
    assert table.empty


def test_sample_builds_and_edits_in_place_change_it():
    from pathlib import Path

    sample = Path(__file__).resolve().parents[3] / "data" / "raw" / "exampleshire"
    d = front_door.load(sample)
    before = row(front_door.indicators(d, "2024-25"), "contacts_leading_to_referral")["denominator"]
    in_year = d.contacts.index[d.contacts["DateOfContact"].between("2024-06-01", "2024-12-31")][:100]
    d.contacts.loc[in_year, "DateOfContact"] = pd.NaT
    after = row(front_door.indicators(d, "2024-25"), "contacts_leading_to_referral")["denominator"]
    assert before - after == 100
