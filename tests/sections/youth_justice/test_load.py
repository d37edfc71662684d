"""Loading the youth justice extracts (hand-built extract: see sample.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from lscb_analysis import yos
from lscb_analysis.inputs import clean

from .sample import OUTCOMES, RELEASES, pid

# --- loading -----------------------------------------------------------------------------------

def test_offence_before_10th_birthday_is_rejected_with_the_reason(data):
    log = data.rejections.to_frame()
    b2 = log[log["file"].eq("yos/outcomes.csv") & log["row"].eq(5)]  # B2 is the 4th data row
    assert len(b2) == 1
    assert b2["column"].iloc[0] == "offence_date"
    assert "10th birthday" in b2["reason"].iloc[0] and "age of criminal responsibility" in b2["reason"].iloc[0]
    # B1, offending on the 10th birthday itself, is kept
    assert pid("B1") in set(data.outcomes["young_person_id"])
    assert pid("B2") not in set(data.outcomes["young_person_id"])


def test_every_row_is_used_or_rejected_and_only_b2_is_rejected(data):
    s = data.rejections.summary().set_index("file")
    assert s["reconciles"].all()
    assert s.loc["yos/outcomes.csv", "rows_read"] == 21
    assert s.loc["yos/outcomes.csv", "rows_rejected"] == 1
    assert s.loc["yos/remands.csv", "rows_used"] == 5
    assert s.loc["yos/assessments.csv", "rows_used"] == 6


def test_identifiers_are_pseudonymised_and_codes_normalised(data):
    ids = set(data.outcomes["young_person_id"])
    assert not ids & {"A1", "C1", "G1"}
    assert pid("A1") in ids
    a = data.outcomes[data.outcomes["young_person_id"].eq(pid("A1"))]
    assert a["outcome"].tolist() == ["TRIAGE", "YC"]  # "Youth Caution" is YC
    assert a["outcome_date"].iloc[1] == pd.Timestamp("2024-07-10")  # dd/mm/yyyy read as day first
    assert data.remands["remand_type"].value_counts()["custody"] == 4
    g = data.assessments[data.assessments["young_person_id"].eq(pid("G1"))]
    assert g["risk_of_serious_harm"].tolist() == ["very_high", "high"]


def test_missing_required_column_names_file_and_column(area):
    (area / "yos" / "outcomes.csv").write_text(OUTCOMES.replace("outcome_date", "date_of_outcome"))
    with pytest.raises(clean.InputError, match=r"yos/outcomes.csv.*outcome_date"):
        yos.load(area)


def test_release_for_unknown_child_is_rejected(area):
    (area / "yos" / "custody_releases.csv").write_text(RELEASES + "Z9,2022-12-01\n")
    d = yos.load(area)
    log = d.rejections.to_frame()
    bad = log[log["file"].eq("yos/custody_releases.csv")]
    assert bad["row"].tolist() == [3] and "no outcome record" in bad["reason"].iloc[0]


def test_inconsistent_date_of_birth_rejects_the_odd_row(area):
    extra = "G1,2008-07-07,M,BAFR,Exampleshire,2023-05-01,2023-05-20,YC,drugs\n"
    (area / "yos" / "outcomes.csv").write_text(OUTCOMES + extra)
    d = yos.load(area)
    log = d.rejections.to_frame()
    assert log[log["column"].eq("date_of_birth")]["row"].tolist() == [23]


def test_age_on_29_february_birthday():
    dob = pd.Series(pd.to_datetime(["2008-02-29", "2008-02-29", "2008-02-29"]))
    on = pd.Series(pd.to_datetime(["2018-02-28", "2018-03-01", "2020-02-29"]))
    assert yos.age_at(dob, on).tolist() == [9, 10, 12]


def test_area_without_a_youth_justice_extract_says_so(tmp_path):
    d = yos.load(tmp_path / "nowhere")
    assert d.files == {"outcomes": False, "custody_releases": False, "remands": False, "assessments": False,
                       "kpi_interventions": False, "board_attendance": False}
    assert d.outcomes.empty and d.extract_date is None
    assert "no local youth justice extract" in yos.availability(d, "2024-25")
    assert "outcomes.csv" in " ".join(n["file"] for n in d.rejections.notes)


def test_xlsx_extract_gives_the_same_tables(area, data):
    from io import StringIO

    frame = pd.read_csv(StringIO(OUTCOMES), dtype=str)
    for col in ("date_of_birth", "offence_date", "outcome_date"):  # real Excel dates, not text
        frame[col] = frame[col].map(lambda v: pd.Timestamp(clean._parse_one(v)))
    (area / "yos" / "outcomes.csv").unlink()
    frame.to_excel(area / "yos" / "outcomes.xlsx", index=False)
    x = yos.load(area)
    assert x.files["outcomes"]
    assert x.rejections.summary().set_index("file").loc["yos/outcomes.xlsx", "rows_rejected"] == 1  # B2
    pd.testing.assert_frame_equal(x.outcomes, data.outcomes)


