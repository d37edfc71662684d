"""Annex A as Ofsted lays it out: a small workbook written here by hand, its counts checked by hand."""

from __future__ import annotations

import pandas as pd
import pytest
from workbooks import write_workbook

from lscb_analysis.inputs import annex_a
from lscb_analysis.inputs.clean import Rejections

CHILD = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]


@pytest.fixture()
def workbook(tmp_path):
    kid = ["b) Female", "a) WBRI", "01/02/2015", "9"]
    return write_workbook(tmp_path / "annex_a.xlsx", {
        # header spelled with other case and spacing: still the template's
        "List 1 - Contacts": [["CHILD UNIQUE ID", "gender", "Ethnicity", "Date of  Birth", "Age of Child (Years)",
                               "Date of Contact", "Contact Source"],
                              ["C1", *kid, "03/04/2024", "q) 6: Police"],         # used
                              ["C1", *kid, "04/04/2024", "a) 1A: Individual"],    # used
                              ["C2", *kid, "2024-05-01", "b) 2A: Schools"],       # used
                              ["", *kid, "05/05/2024", "q) 6: Police"],           # rejected: no identifier
                              ["C3", *kid, "31/02/2024", "q) 6: Police"],         # rejected: impossible date
                              ["C4", *kid, "06/05/2024", "z) 99: Nobody"],        # rejected: unknown code
                              ["C1", *kid, "03/04/2024", "q) 6: Police"]],        # rejected: repeat of row 2
        "List 3": [[*CHILD, "Date of referral", "Referral Source", "Referral NFA?",
                    "Number of Referrals in Last 12 Months", "Allocated Team", "Allocated Worker"],
                   ["C1", *kid, "10/04/2024", "q) 6: Police", "b) No", "1", "Team A", "A. Worker"],
                   ["C2", *kid, "11/04/2024", "b) 2A: Schools", "a) Yes", "2", "Team B", "B. Worker"],
                   ["C5", *kid, "12/04/2024", "b) 2A: Schools", "maybe", "1", "", ""]],  # rejected: not yes/no
        "List 5": [[*CHILD, "Does the Child have a Disability",
                    "Strategy discussion initiating Section 47 Enquiry Start Date",
                    "Was an Initial Child Protection Conference deemed unnecessary?",
                    "Date of Initial Child Protection Conference",
                    "Did the Initial Child Protection Conference Result in a Child Protection Plan"],
                   ["C1", *kid, "b) No", "15/04/2024", "b) No", "29/04/2024", "a) Yes"],
                   ["C2", *kid, "b) No", "16/04/2024", "a) Yes", "", "b) No"]],
        "List 7": [[*CHILD, "Does the Child have a Disability", "Child Protection Plan Start Date",
                    "Initial Category of Abuse", "Latest Category of Abuse", "Child Protection Plan End Date",
                    "Number of Previous Child Protection Plans"],
                   ["C1", *kid, "b) No", "29/04/2024", "a) Neglect", "d) Emotional abuse", "", "0"]],
        "List 8": [[*CHILD, "Does the Child have a Disability", "Date Started to be Looked After", "Child's Legal Status",
                    "Placement Type", "Placement postcode", "URN of Placement",
                    "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
                    "Was the child offered a Return Interview after their last missing episode (Y/N)?",
                    "Did the child accept a Return Interview after their last missing episode (Y/N)?"],
                   ["L1", *kid, "b) No", "01/06/2023", "C2", "U1", "AB1 2CD", "SC123456", "3", "a) Yes", "b) No"],
                   ["L2", *kid, "b) No", "01/07/2023", "C2", "K2", "EF3 4GH", "SC654321", "2", "a) Yes", "a) Yes"],
                   ["L3", *kid, "b) No", "01/08/2023", "V2", "U4", "", "", "0", "", ""]],
        "List 11": [["Individual adopter identifier"], ["A1"]],
    })


def test_counts_from_the_template_layout(workbook):
    rej = Rejections()
    t = annex_a.read_workbook(workbook, rej, label="annex_a/annex_a.xlsx", not_after=pd.Timestamp("2025-03-31"))
    # by hand: 3 contacts used (rows 2-4), the police contact read by its code 6, the individual by 1A
    assert len(t["contacts"]) == 3
    assert t["contacts"]["ContactSource"].tolist() == ["6", "1A", "2A"]
    assert t["contacts"]["Sex"].tolist() == ["F", "F", "F"]
    assert len(t["referrals"]) == 2 and t["referrals"]["ReferralNFA"].tolist() == [False, True]
    assert len(t["section47"]) == 2
    assert t["section47"]["DateOfInitialCPC"].notna().sum() == 1  # one conference, 29/04/2024
    assert len(t["cp_plans"]) == 1
    assert t["cp_plans"][["InitialCategoryOfAbuse", "LatestCategoryOfAbuse"]].values.tolist() == [["NEG", "EMO"]]
    la = t["looked_after"]
    assert la["MissingEpisodes"].sum() == 5  # 3 + 2 + 0
    assert la["ReturnInterviewOffered"].sum() == 2 and la["ReturnInterviewAccepted"].sum() == 1


def test_rows_read_are_used_or_rejected_in_every_list(workbook):
    rej = Rejections()
    annex_a.read_workbook(workbook, rej, label="w.xlsx", not_after=pd.Timestamp("2025-03-31"))
    rejected = pd.DataFrame(rej.records).groupby("file")["row"].nunique().to_dict()
    assert rej.read == {"w.xlsx [List 1]": 7, "w.xlsx [List 3]": 3, "w.xlsx [List 5]": 2, "w.xlsx [List 7]": 1,
                        "w.xlsx [List 8]": 3}
    for f, n in rej.read.items():
        assert rej.used[f] + rejected.get(f, 0) == n, f
    reasons = {(r["row"], r["column"]): r["reason"] for r in rej.records if r["file"] == "w.xlsx [List 1]"}
    assert set(reasons) == {(5, "LAchildID"), (6, "DateOfContact"), (7, "ContactSource"),
                            (8, "LAchildID+DateOfContact+ContactSource")}


def test_staff_and_places_never_stored(workbook):
    t = annex_a.read_workbook(workbook, Rejections(), not_after=pd.Timestamp("2025-03-31"))
    cols = {c for df in t.values() for c in df.columns}
    assert not cols & {"Allocated Team", "Allocated Worker", "Placement postcode", "URN of Placement"}
    text = " ".join(df.astype(str).to_csv() for df in t.values())
    for value in ("A. Worker", "Team A", "AB1 2CD", "SC123456"):
        assert value not in text


def test_sheets_by_order_when_not_named(tmp_path):
    rows = [["Child Unique ID", "Date of Contact", "Contact Source"], ["C1", "01/04/2024", "q) 6: Police"]]
    path = write_workbook(tmp_path / "w.xlsx", {"Sheet1": rows})
    t = annex_a.read_workbook(path, Rejections(), not_after=pd.Timestamp("2025-03-31"))
    assert len(t["contacts"]) == 1


def test_decode_label():
    assert annex_a.decode_label("q) 6: Police") == "6"
    assert annex_a.decode_label("a) 1A: Individual") == "1A"
    assert annex_a.decode_label("b) Female") == "Female"
    assert annex_a.decode_label("RC8") == "RC8"


def test_precedence_census_then_annex_a_for_later_months(workbook):
    rej = Rejections()
    t = annex_a.read_workbook(workbook, rej, label="w.xlsx", not_after=pd.Timestamp("2025-03-31"))
    census_refs = pd.DataFrame({"LAchildID": ["X"], "CINreferralDate": [pd.Timestamp("2024-03-01")],
                                "ReferralNFA": [False], "_row": [1], "_file": ["c.xml"],
                                "_census": [pd.Timestamp("2024-03-31")]})
    # the census covers up to 11/04/2024: the referral of 10/04 and 11/04 are the census's, none is added
    out = annex_a.combine({"referrals": census_refs}, t, pd.Timestamp("2024-04-11"), rej)
    assert len(out["referrals"]) == 1
    assert sum(r["reason"] == annex_a.SUPERSEDED for r in rej.records) == 2
    # the census ends 31/03/2024: both Annex A referrals are later months, and are added
    rej2 = Rejections()
    t2 = annex_a.read_workbook(workbook, rej2, label="w.xlsx", not_after=pd.Timestamp("2025-03-31"))
    out2 = annex_a.combine({"referrals": census_refs}, t2, pd.Timestamp("2024-03-31"), rej2)
    assert len(out2["referrals"]) == 3
    assert out2["referrals"]["CINreferralDate"].tolist()[1:] == [pd.Timestamp("2024-04-10"), pd.Timestamp("2024-04-11")]


def test_labels_decoded_once_per_distinct_value(monkeypatch):
    # "q) 6: Police" twice, "a) 1A: Individual" once, a blank once: three distinct values, three decodings
    calls = []
    decode = annex_a.decode_label
    monkeypatch.setattr(annex_a, "decode_label", lambda v: calls.append(v) or decode(v))
    values = pd.Series(["q) 6: Police", "a) 1A: Individual", "q) 6: Police", ""], dtype="str")
    decoded = annex_a.decode_labels(values)
    assert decoded.tolist() == ["6", "1A", "6", ""]
    assert decoded.dtype == values.map(decode).dtype
    assert sorted(calls) == ["", "a) 1A: Individual", "q) 6: Police"]
