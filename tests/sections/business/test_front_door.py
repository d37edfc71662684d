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
    # closed after assessment, not in need (RC8): A only; D closed RC8 too but with no further action at
    # referral (no assessment), which DfE counts as no further action, not as assessed not in need
    assert row(table, "assessed_not_in_need")["value"] == 25.0


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


# --- decisions within one working day (issue 19): a hand-made contacts extract with its date of decision -------

CONTACTS = """Child Unique ID,Date of Contact,Contact Source,Date of Decision
A1,01/04/2024,6,01/04/2024 16:20
A2,07/06/2024,6,10/06/2024 09:00
A3,07/06/2024,6,11/06/2024
A4,23/08/2024,6,27/08/2024 11:45
A5,23/08/2024,2A,28/08/2024
A6,24/12/2024,6,27/12/2024
A7,31/03/2025,6,2025-04-01T10:00:00
A8,15/05/2024,6,
A9,15/05/2024,6,14/05/2024 10:00
A10,16/05/2024,6,31/02/2024
A11,31/03/2024,6,02/04/2024
A12,20/09/2024,6,45558.4
A13,06/07/2024,6,08/07/2024
"""
# by hand (the contact's day is day 0; weekends and England and Wales bank holidays are not working days):
#   row 2  A1  Easter Monday 1 Apr 2024, decided the same day: day 0, in time (the year's first day)
#   row 3  A2  Friday 7 Jun, decided Monday 10 Jun: day 1, in time
#   row 4  A3  Friday 7 Jun, decided Tuesday 11 Jun: day 2, late
#   row 5  A4  Friday 23 Aug (Monday 26 Aug is a bank holiday), decided Tuesday 27 Aug: day 1, in time
#   row 6  A5  the same Friday, decided Wednesday 28 Aug: day 2, late
#   row 7  A6  Tuesday 24 Dec (25 and 26 Dec bank holidays), decided Friday 27 Dec: day 1, in time
#   row 8  A7  Monday 31 Mar 2025 (the year's last day), decided 1 Apr 2025 (ISO with a time): day 1, in time, and
#              counted in 2024-25, the year of the contact
#   row 9  A8  no decision recorded: not counted (a contact still)
#   row 10 A9  decided the day before the contact: rejected (the decision only)
#   row 11 A10 31/02/2024 is not a date: rejected (the decision only)
#   row 12 A11 Sunday 31 Mar 2024 is in 2023-24, which the contacts do not cover: no row for that year
#   row 13 A12 Friday 20 Sep, decided on Excel day 45558 (Monday 23 Sep) at 09:36: day 1, in time
#   row 14 A13 Saturday 6 Jul, decided Monday 8 Jul: day 1, in time
# 2024-25: 9 contacts with a decision (rows 2-8, 13, 14), 7 in time -> 77.8%


def _area(tmp_path, text=CONTACTS):
    (tmp_path / "contacts.csv").write_text(text, encoding="utf-8")
    return tmp_path


def test_decisions_within_one_working_day_by_hand(tmp_path):
    data = front_door.load(_area(tmp_path))
    table = front_door.indicators(data, ["2023-24", "2024-25"])
    share = row(table, "contacts_decided_within_1_working_day")
    assert (share["numerator"], share["denominator"]) == (7, 9)
    assert round(share["value"], 1) == 77.8
    assert 0 < share["lower"] < share["value"] < share["upper"] < 100  # Wilson limits
    assert row(table, "contacts_decided_within_1_working_day", "count")["value"] == 7
    assert ind.select(table, "contacts_decided_within_1_working_day", period="2023-24").empty
    assert len(data.contacts) == 13  # a bad decision date costs no contact


def test_bad_decision_dates_are_rejected_with_a_reason_and_reconcile(tmp_path):
    data = front_door.load(_area(tmp_path))
    log = data.rejections.to_frame()
    decisions = log[log["file"].eq("contacts.csv [DateOfDecision]")]
    assert sorted(zip(decisions["row"], decisions["reason"])) == [
        (10, "the decision is before the contact"),
        (11, "not a valid date (expected YYYY-MM-DD, DD/MM/YYYY or an Excel date number)")]
    assert set(decisions["value"]) == {""}  # no value in the log
    s = data.rejections.summary().set_index("file")
    # 12 decision dates written (row 9 has none): 10 used, 2 rejected; the contacts file itself loses nothing
    assert tuple(s.loc["contacts.csv [DateOfDecision]", ["rows_read", "rows_used", "rows_rejected"]]) == (12, 10, 2)
    assert s["reconciles"].all() and s.loc["contacts.csv", "rows_rejected"] == 0


def test_no_decision_dates_no_row_and_the_page_says_so(tmp_path):
    text = "\n".join(line.rsplit(",", 1)[0] for line in CONTACTS.splitlines()) + "\n"
    data = front_door.load(_area(tmp_path, text))
    table = front_door.indicators(data, "2024-25")
    assert ind.select(table, "contacts_decided_within_1_working_day").empty
    assert "Contacts decided within one working day (%)" not in front_door.board_tables(table, "2024-25")["summary"].index
    assert "holds no date of decision" in front_door.decision_sentence(table, "X", "2024-25")


def test_decision_column_spellings(tmp_path):
    for header in ("DateOfDecision", "dateofdecision", "Decision Date", "decision_date"):
        text = CONTACTS.replace("Date of Decision", header, 1)
        data = front_door.load(_area(tmp_path, text))
        assert data.contacts["DateOfDecision"].notna().sum() == 10, header


SAMPLE = __import__("pathlib").Path(__file__).resolve().parents[3] / "data" / "raw" / "exampleshire"


def test_sample_decision_faults_caught_and_repairs_kept():
    import json

    data = front_door.load(SAMPLE)
    faults = json.loads((SAMPLE / "injected_faults.json").read_text())["decision_date_faults"]
    assert {f["kind"] for f in faults} == {"decision_before_contact", "not_a_date", "date_format"}
    log = data.rejections.to_frame()
    log = log[log["file"].eq("contacts.csv [DateOfDecision]")]
    assert set(zip(log["file"], log["row"])) == {(f["file"], f["row"]) for f in faults if f["kind"] != "date_format"}
    s = data.rejections.summary().set_index("file")
    assert s.loc["contacts.csv [DateOfDecision]", "reconciles"]
    c = data.contacts[data.contacts["_file"].eq("contacts.csv")].set_index("_row")["DateOfDecision"]
    repaired = [f for f in faults if f["kind"] == "date_format" and f["row"] in c.index]
    assert len(repaired) > 200
    assert all(c[f["row"]].strftime("%Y-%m-%d") == f["expected"] for f in repaired)


def test_front_door_page_shows_englands_published_figure():
    """England 2024-25 by hand from DfE table C1 (data/raw/dfe, time_period 2025, National): referrals 632,830,
    no further action 41,340, not in need 194,620: referrals to assessment (632,830 - 41,340) / 632,830 = 93.47%
    -> 93.5; assessed not in need 194,620 / 632,830 = 30.75% -> 30.8 (DfE prints 30.8)."""
    from lscb_analysis.inputs import dfe

    data = front_door.load(SAMPLE)
    table = front_door.indicators(data, ReportingYear("2024-25").trend(3))
    comparators = dfe.comparators("exampleshire", ReportingYear("2024-25").trend(3))
    summary = front_door.board_tables(table, "2024-25", comparators)["summary"]
    assert summary.loc["Referrals leading to an assessment (%)", "England 2024-25"] == "93.5"
    assert summary.loc["Referrals assessed as not in need (%)", "England 2024-25"] == "30.8"
    assert summary.loc["Contacts leading to a referral in the year (%)", "England 2024-25"] == "x"  # not published
    assert {"East of England 2024-25", "Statistical neighbours 2024-25"} <= set(summary.columns)


def test_contacts_from_annex_a_list_1_carry_no_decision(tmp_path):
    """Ofsted's list 1 has no date of decision: contacts read from the workbook give no decision row."""
    import openpyxl

    (tmp_path / "annex_a").mkdir()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "List 1"
    ws.append(["Child Unique ID", "Date of Contact", "Contact Source"])
    for child, day in (("C1", "01/04/2024"), ("C2", "31/03/2025")):
        ws.append([child, day, "q) 6: Police"])
    wb.save(tmp_path / "annex_a" / "annex_a.xlsx")
    data = front_door.load(tmp_path)
    assert len(data.contacts) == 2 and data.contacts["DateOfDecision"].isna().all()
    assert ind.select(front_door.indicators(data, "2024-25"), "contacts_decided_within_1_working_day").empty
