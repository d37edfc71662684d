"""training.load: every row used or rejected with a reason, codes normalised, identifiers pseudonymised."""

from __future__ import annotations

import pandas as pd
import pytest

from lscb_analysis import training
from lscb_analysis.core import indicators as ind
from lscb_analysis.inputs import clean
from lscb_analysis.inputs.pseudonyms import pseudonymise

from .fixture import COURSES, EVALUATIONS, KEY, attendance_rows, make_area


def test_every_row_is_used_or_rejected(data):
    summary = data.rejections.summary().set_index("file")
    assert summary["reconciles"].all()
    assert summary.loc["training/evaluations.csv", "rows_rejected"] == 1  # D8 did not attend
    assert summary.loc["training/elearning.csv", "rows_rejected"] == 1  # completed before enrolled
    assert summary.loc["training/courses.csv", "rows_rejected"] == 0
    assert summary.loc["training/attendance.csv", "rows_used"] == len(attendance_rows())
    reasons = data.rejections.to_frame()
    assert set(reasons["reason"]) == {
        "no attendance recorded for this delegate on this course (not in attendance.csv as attended)",
        "completed before the enrolment date"}


def test_codes_and_labels_normalised(data):
    assert set(data.courses["mode"]) == {"face_to_face", "webinar"}
    assert set(data.courses["theme"]) == {"neglect", "domestic_abuse"}
    assert set(data.attendance["status"]) == set(training.STATUSES)
    assert set(data.evaluations["stage"]) == set(training.STAGES)
    assert data.courses.set_index("course_id").at["C1", "start_date"] == pd.Timestamp("2024-05-10")
    assert data.courses.set_index("course_id").at["C4", "period"] == "2023-24"  # 31 March 2024


def test_identifiers_pseudonymised_and_comments_dropped(data):
    frames = [data.attendance, data.evaluations, data.elearning]
    text = " ".join(" ".join(map(str, f.to_numpy().ravel())) for f in frames)
    for raw in ("D13", "L1", "Oak Primary School", "Anna Smith", "Great day"):
        assert raw not in text
    assert "comment" not in data.evaluations.columns
    assert data.evaluations["has_comment"].sum() == 1
    # the same person on two courses keeps one pseudonym: C1, C2, C4 and C5
    d1 = pseudonymise(pd.Series(["D1"]), KEY, prefix="D").iloc[0]
    assert (data.attendance["delegate_id"] == d1).sum() == 4


def test_pseudonyms_are_the_one_pseudonymiser_s(data):
    """The loader uses inputs.pseudonyms.pseudonymise (stdlib hmac): "D1" gives "D" and the first 12 hex digits
    of HMAC-SHA256(key, "D1"), and an organisation is hashed from its trimmed, case-folded name."""
    import hashlib
    import hmac

    d1 = "D" + hmac.new(KEY, b"D1", hashlib.sha256).hexdigest()[:12]
    oak = "O" + hmac.new(KEY, b"oak primary school", hashlib.sha256).hexdigest()[:12]
    booked = data.attendance[data.attendance["delegate_id"].eq(d1)]
    assert set(booked["course_id"]) == {"C1", "C2", "C4", "C5"}
    assert set(booked["organisation"]) == {oak}  # " oak primary  school " on C2 is the same school


def test_rejection_log_never_holds_a_raw_identifier(data):
    log = data.rejections.to_frame()
    assert not log["value"].str.contains("D8").any()


def test_missing_required_column_names_file_and_column(tmp_path):
    area = make_area(tmp_path)
    path = area / "training" / "attendance.csv"
    path.write_text(path.read_text().replace("sector", "team", 1))
    with pytest.raises(clean.InputError, match=r"attendance\.csv.*'sector'"):
        training.load(area, area="Testshire")


def test_optional_files_may_be_absent(tmp_path):
    data = training.load(make_area(tmp_path, evaluations=None, elearning=None), area="Testshire")
    assert not data.has_evaluations and not data.has_elearning
    table = training.indicators(data, "2024-25")
    assert "objectives_met" not in set(table["indicator"])
    assert "elearning_completions" not in set(table["indicator"])
    assert ind.select(table, "delegates_attended")["value"].tolist() == [22]


def test_bad_values_are_rejected_with_reasons(tmp_path):
    courses = COURSES + ["C6,Bad date,Neglect,face_to_face,31/02/2024,1,10",
                         "C7,Bad mode,Neglect,hybrid,2024-06-01,1,10",
                         "C8,Bad places,Neglect,face_to_face,2024-06-01,1,ten",
                         "C1,Repeat,Neglect,face_to_face,2024-06-01,1,10"]
    attendance = attendance_rows() + ["C6,D40,Oak Primary School,schools,attended",  # its course was rejected
                                      "C1,D1,Oak Primary School,schools,attended",  # booked twice
                                      "C2,D41,Somewhere,retail,attended", "C2,,Somewhere,schools,attended"]
    evaluations = EVALUATIONS + ["C1,D2,after,2024-05-12,11,4,yes,,", "C1,D3,after,2024-05-12,,,,yes,",
                                 "C2,D15,follow_up,2024-08-01,,,,yes,"]
    data = training.load(make_area(tmp_path, courses=courses, attendance=attendance, evaluations=evaluations),
                         area="Testshire")
    log = data.rejections.to_frame()
    by_file = log.groupby("file")["row"].apply(set).to_dict()
    n_att = len(attendance_rows())
    assert by_file["training/courses.csv"] == {7, 8, 9, 10}
    assert by_file["training/attendance.csv"] == {n_att + 2, n_att + 3, n_att + 4, n_att + 5}
    n_ev = len(EVALUATIONS)
    # D8's form, a second 'after' form for D2 (also out of range), applied_learning on an after form (and a
    # second after form for D3), a follow-up dated before the course
    assert by_file["training/evaluations.csv"] == {n_ev + 1, n_ev + 2, n_ev + 3, n_ev + 4}
    assert data.rejections.summary()["reconciles"].all()


def test_every_course_rejected_still_loads(tmp_path):
    courses = [c.replace("face_to_face", "carrier_pigeon").replace("Webinar", "smoke signal")
               .replace("Face to face", "semaphore") for c in COURSES]
    data = training.load(make_area(tmp_path, courses=courses), area="Testshire")
    assert data.courses.empty and data.attendance.empty and data.evaluations.empty
    assert data.rejections.to_frame()["file"].str.endswith("evaluations.csv").any()
    t = training.indicators(data, "2024-25")
    assert ind.select(t, "courses_delivered")["value"].tolist() == [0]


def test_available_and_covers(tmp_path, data):
    assert training.available(make_area(tmp_path / "other"))
    assert not training.available(tmp_path / "nowhere")
    assert training.covers(data, "2024-25") and training.covers(data, "2025-26")
    assert not training.covers(data, "2012-13")
