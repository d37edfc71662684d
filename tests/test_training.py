"""Training section: hand-made fixtures with answers a person can check on paper.

The fixture (2024-25 unless stated):

* C1 Neglect, face to face, 10 May 2024, 1 day, 10 places: D1-D7 attended, D8-D9 did not attend,
  D10-D12 cancelled.
* C2 Domestic abuse, webinar, 1 Sept 2024, half a day, 20 places: D1 (again) and D13-D26 attended (15),
  D27 did not attend.
* C3 Neglect, 31 March 2025 (the last day of the year), 12 places: every booking cancelled, so not delivered.
* C4 31 March 2024 (2023-24): D1-D6 attended. C5 1 April 2025 (2025-26): D1 attended.

Delivered 2 courses, 1.5 days, 30 places, 22 attendances by 21 people; fill rate 22/30; did not
attend 3/(22+3) = 12% (the 3 + 4 cancellations are in neither part).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from lscb_analysis import suppression, training
from lscb_analysis.inputs import clean
from lscb_analysis import indicators as ind

KEY = b"test-key"


def _csv(path, header: str, rows: list[str]) -> None:
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")


COURSES = [
    "C1,Neglect basics,Neglect,face_to_face,10/05/2024,1,10",
    "C2,Domestic abuse briefing,Domestic Abuse,Webinar,2024-09-01,0.5,20",
    "C3,Neglect repeat,neglect,Face to face,2025-03-31,1,12",
    "C4,Last year,Neglect,face_to_face,2024-03-31,1,10",
    "C5,Next year,Neglect,face_to_face,2025-04-01,1,10",
]


def _attendance() -> list[str]:
    rows = []
    for i in range(1, 8):
        org = "Oak Primary School" if i <= 4 else "Elm Primary School"
        rows.append(f"C1,D{i},{org},schools,attended")
    rows += ["C1,D8,Oak Primary School,schools,DNA", "C1,D9,Exampleshire Police,police,did_not_attend"]
    rows += [f"C1,D{i},Elm Primary School,Schools,cancelled" for i in range(10, 13)]
    rows.append("C2,D1, oak primary  school ,schools,Attended")  # the same school, spelt differently
    rows += [f"C2,D{i},Exampleshire NHS Trust,health,attended" for i in range(13, 21)]
    rows += [f"C2,D{i},Exampleshire Police,police,attended" for i in range(21, 27)]
    rows.append("C2,D27,Exampleshire Police,police,did_not_attend")
    rows += [f"C3,D{i},Faith Church,faith,cancelled" for i in range(28, 32)]
    rows += [f"C4,D{i},Oak Primary School,schools,attended" for i in range(1, 7)]
    rows.append("C5,D1,Oak Primary School,schools,attended")
    return rows


# course, delegate, stage, date, confidence, objectives, recommend, applied, comment
EVALUATIONS = [
    "C1,D1,before,2024-05-10,4,,,,", "C1,D1,after,2024-05-11,6,5,yes,,Great day with Anna Smith",
    "C1,D2,before,2024-05-10,5,,,,", "C1,D2,post,2024-05-11,5,4,Y,,",
    "C1,D3,before,2024-05-10,5,,,,", "C1,D3,after,2024-05-11,6,3,no,,",
    "C1,D4,before,2024-05-10,3,,,,",  # a before rating with no after rating: not a pair
    "C1,D5,after,2024-05-11,8,2,yes,,",
    "C1,D6,before,2024-05-10,6,,,,", "C1,D6,after,2024-05-11,7,4,,,",
    "C1,D7,before,2024-05-10,7,,,,", "C1,D7,after,2024-05-11,6,,,,",
    "C2,D13,before,2024-09-01,4,,,,", "C2,D13,after,2024-09-02,6,5,,,",
    "C2,D14,before,2024-09-01,4,,,,", "C2,D14,after,2024-09-02,6,5,,,",
    "C2,D15,before,2024-09-01,5,,,,", "C2,D15,after,2024-09-02,8,4,,,",
    "C2,D16,before,2024-09-01,5,,,,", "C2,D16,after,2024-09-02,9,1,,,",
    "C2,D17,before,2024-09-01,6,,,,", "C2,D17,after,2024-09-02,6,4,,,",
    "C1,D1,follow_up,2024-08-20,,,,yes,", "C1,D3,follow-up,2024-08-20,,,,partly,",
    "C2,D13,follow_up,2024-12-01,,,,no,", "C2,D14,follow_up,2024-12-01,,,,yes,",
    "C1,D8,after,2024-05-11,9,5,yes,,",  # D8 did not attend: rejected
]
ELEARNING = [
    "L1,Module A,schools,2024-04-01,2024-04-05",  # completed in 2024-25
    "L2,Module A,health,2025-03-01,2025-04-10",  # in progress at 31 March 2025, completed in 2025-26
    "L3,Module A,health,31/03/2025,",  # enrolled on the last day, in progress
    "L4,Module A,faith,2024-03-20,2024-04-02",  # enrolled in 2023-24, completed in 2024-25
    "L5,Module B,schools,2024-06-01,2025-03-31",  # completed on the last day
    "L1,Module B,schools,2024-10-01,2024-09-30",  # completed before enrolled: rejected
]


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv(clean.KEY_ENV, KEY.decode())


def make_area(tmp_path, *, courses=COURSES, attendance=None, evaluations=EVALUATIONS, elearning=ELEARNING):
    d = tmp_path / "testshire" / "training"
    d.mkdir(parents=True)
    _csv(d / "courses.csv", "course_id,title,theme,mode,start_date,days,places", courses)
    _csv(d / "attendance.csv", "course_id,delegate_id,organisation,sector,status",
         _attendance() if attendance is None else attendance)
    if evaluations is not None:
        _csv(d / "evaluations.csv",
             "course_id,delegate_id,stage,response_date,confidence,objectives_met,recommend,applied_learning,comment",
             evaluations)
    if elearning is not None:
        _csv(d / "elearning.csv", "learner_id,module,sector,enrolled_date,completed_date", elearning)
    return d.parent


@pytest.fixture
def data(tmp_path):
    return training.load(make_area(tmp_path), area="Testshire")


def value(table, indicator, breakdown="all", unit=None):
    rows = ind.select(table, indicator, breakdown=breakdown, unit=unit)
    assert len(rows) == 1, f"{indicator} {breakdown}: {len(rows)} rows"
    return rows.iloc[0]


# --------------------------------------------------------------------------- loading


def test_every_row_is_used_or_rejected(data):
    summary = data.rejections.summary().set_index("file")
    assert summary["reconciles"].all()
    assert summary.loc["training/evaluations.csv", "rows_rejected"] == 1  # D8 did not attend
    assert summary.loc["training/elearning.csv", "rows_rejected"] == 1  # completed before enrolled
    assert summary.loc["training/courses.csv", "rows_rejected"] == 0
    assert summary.loc["training/attendance.csv", "rows_used"] == len(_attendance())
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


def test_identifiers_pseudonymised_and_comments_dropped(data):
    frames = [data.attendance, data.evaluations, data.elearning]
    text = " ".join(" ".join(map(str, f.to_numpy().ravel())) for f in frames)
    for raw in ("D13", "L1", "Oak Primary School", "Anna Smith", "Great day"):
        assert raw not in text
    assert "comment" not in data.evaluations.columns
    assert data.evaluations["has_comment"].sum() == 1
    # the same person on two courses keeps one pseudonym
    d1 = clean.pseudonymise(pd.Series(["D1"]), KEY, prefix="D").iloc[0]
    assert (data.attendance["delegate_id"] == d1).sum() == 4


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
    assert value(table, "delegates_attended")["value"] == 22


def test_bad_values_are_rejected_with_reasons(tmp_path):
    courses = COURSES + ["C6,Bad date,Neglect,face_to_face,31/02/2024,1,10",
                         "C7,Bad mode,Neglect,hybrid,2024-06-01,1,10",
                         "C8,Bad places,Neglect,face_to_face,2024-06-01,1,ten",
                         "C1,Repeat,Neglect,face_to_face,2024-06-01,1,10"]
    attendance = _attendance() + ["C6,D40,Oak Primary School,schools,attended",  # its course was rejected
                                  "C1,D1,Oak Primary School,schools,attended",  # booked twice
                                  "C2,D41,Somewhere,retail,attended", "C2,,Somewhere,schools,attended"]
    evaluations = EVALUATIONS + ["C1,D2,after,2024-05-12,11,4,yes,,", "C1,D3,after,2024-05-12,,,,yes,",
                                 "C2,D15,follow_up,2024-08-01,,,,yes,"]
    data = training.load(make_area(tmp_path, courses=courses, attendance=attendance, evaluations=evaluations),
                         area="Testshire")
    log = data.rejections.to_frame()
    by_file = log.groupby("file")["row"].apply(set).to_dict()
    n_att = len(_attendance())
    assert by_file["training/courses.csv"] == {7, 8, 9, 10}
    assert by_file["training/attendance.csv"] == {n_att + 2, n_att + 3, n_att + 4, n_att + 5}
    n_ev = len(EVALUATIONS)
    # D8's form, a second 'after' form for D2 (also out of range), applied_learning on an after form (and a
    # second after form for D3), a follow-up dated before the course
    assert by_file["training/evaluations.csv"] == {n_ev + 1, n_ev + 2, n_ev + 3, n_ev + 4}
    assert data.rejections.summary()["reconciles"].all()


# --------------------------------------------------------------------------- delivery and reach


def test_fill_rate_and_did_not_attend_rate_with_cancellations(data):
    t = training.indicators(data, "2024-25")
    assert value(t, "courses_delivered")["value"] == 2  # C3: every booking cancelled, not delivered
    assert value(t, "training_days")["value"] == 1.5
    assert value(t, "places_offered")["value"] == 30
    assert value(t, "delegates_attended")["value"] == 22
    fill = value(t, "fill_rate")
    assert (fill["numerator"], fill["denominator"]) == (22, 30)
    assert fill["value"] == pytest.approx(22 / 30 * 100)
    dna = value(t, "did_not_attend_rate")
    assert (dna["numerator"], dna["denominator"]) == (3, 25)  # 7 cancelled bookings in neither part
    assert dna["value"] == pytest.approx(12.0)
    assert dna["lower"] < 12 < dna["upper"]


def test_a_delegate_on_two_courses(data):
    t = training.indicators(data, "2024-25")
    assert value(t, "delegates_attended")["value"] == 22  # D1 counted once per course
    assert value(t, "individual_delegates")["value"] == 21  # and once as a person
    assert value(t, "delegates_by_sector", "sector:schools")["value"] == 8
    assert value(t, "organisations_reached", "sector:schools")["value"] == 2  # "oak primary  school" = Oak
    assert value(t, "organisations_reached")["value"] == 4
    assert value(t, "delegates_by_sector", "sector:probation")["value"] == 0


def test_year_boundaries(data):
    t = training.indicators(data, "2023-24")
    assert value(t, "courses_delivered")["value"] == 1  # C4 on 31 March 2024
    assert value(t, "delegates_attended")["value"] == 6
    t = training.indicators(data, "2025-26")
    assert value(t, "delegates_attended")["value"] == 1  # C5 on 1 April 2025


def test_breakdowns_by_theme_and_mode(data):
    t = training.indicators(data, "2024-25")
    assert value(t, "delegates_attended", "theme:neglect")["value"] == 7
    assert value(t, "courses_delivered", "theme:neglect")["value"] == 1
    assert value(t, "did_not_attend_rate", "mode:webinar")["value"] == pytest.approx(100 / 16)
    view = training.wide_view(t, "mode", ["courses_delivered", "training_days", "fill_rate"])
    assert view.loc["Webinar", "Training days"] == "0.5"
    assert view.loc["Face to face", "Fill rate (%)"] == "70.0"


def test_change_on_previous_year(data):
    t = training.indicators(data, "2024-25")
    change = value(t, "delegates_attended_change")
    assert change["unit"] == "percent"
    assert change["value"] == pytest.approx((22 - 6) / 6 * 100)
    assert (change["numerator"], change["denominator"]) == (22, 6)
    fill = value(t, "fill_rate_change")
    assert fill["unit"] == "percentage points"
    assert fill["value"] == pytest.approx(22 / 30 * 100 - 60.0)  # 2023-24: 6 of 10 places
    # Newcombe's interval brackets the difference
    assert fill["lower"] < fill["value"] < fill["upper"] or np.isnan(fill["lower"])


def test_small_counts_suppressed_including_changes(data):
    t = suppression.suppress(training.indicators(data, "2024-25"))
    # schools 8, health 8, police 6 are shown; no sector has 1-5 here...
    assert value(t, "delegates_by_sector", "sector:schools")["value"] == 8
    # ... but 2023-24 had 6 delegates, and courses 1: a change resting on 1-5 is hidden
    assert value(t, "organisations_reached", "sector:police")["symbol"] == "c"  # 1 organisation
    dna = value(t, "did_not_attend_rate")  # numerator 3
    assert dna["symbol"] == "c" and np.isnan(dna["value"])
    assert value(t, "did_not_attend_rate_change")["symbol"] == "c"
    assert value(t, "courses_delivered")["value"] == 2  # courses are not people: never suppressed


def test_sectors_not_reached(data):
    t = suppression.suppress(training.indicators(data, "2024-25"))
    gaps = training.sectors_not_reached(t)
    assert "probation" in set(gaps["sector"]) and "schools" not in set(gaps["sector"])
    faith = gaps.set_index("sector").at["faith", "elearning_completions"]
    assert faith == "c"  # one e-learning completion (L4): reached, but too few to show


# --------------------------------------------------------------------------- e-learning


def test_elearning_in_progress_at_year_end(data):
    t = training.indicators(data, "2024-25")
    assert value(t, "elearning_completions")["value"] == 3  # L1, L4 (enrolled 2023-24), L5 on 31 March
    assert value(t, "elearning_in_progress")["value"] == 2  # L2 (finished 10 April 2025), L3
    assert value(t, "elearning_completion_rate")["value"] == pytest.approx(60.0)
    t = training.indicators(data, "2023-24")
    assert value(t, "elearning_in_progress")["value"] == 1  # L4, completed 2 April 2024
    t = training.indicators(data, "2025-26")
    assert value(t, "elearning_completions")["value"] == 1  # L2


# --------------------------------------------------------------------------- evaluation


def test_reaction_and_behaviour(data):
    t = training.indicators(data, "2024-25")
    after = value(t, "evaluation_response_rate", "stage:after")
    assert (after["numerator"], after["denominator"]) == (11, 22)
    om = value(t, "objectives_met")
    assert (om["numerator"], om["denominator"]) == (7, 10)  # D7 gave no rating
    rec = value(t, "would_recommend")
    assert (rec["numerator"], rec["denominator"]) == (3, 4)  # "Y" is yes
    applied = value(t, "applied_learning")
    assert (applied["numerator"], applied["denominator"]) == (3, 4)  # yes or partly
    assert value(t, "applied_learning", "answer:yes")["numerator"] == 2


def test_confidence_medians_with_interval(data):
    t = training.indicators(data, "2024-25")
    before = value(t, "confidence_before")
    # 3,4,4,4,5,5,5,5,6,6,7: median 5; exact binomial interval x(2) to x(10) = 4 to 6
    assert (before["value"], before["lower"], before["upper"], before["denominator"]) == (5, 4, 6, 11)
    assert value(t, "confidence_after")["value"] == 6


def test_before_rating_without_after_is_not_a_pair(data):
    pairs = training.confidence_pairs(data, "2024-25")
    assert len(pairs) == 10  # D4 (before only) and D5 (after only) left out
    assert "delegate_id" not in pairs.columns


def test_wilcoxon_with_ties_and_zero_differences(data):
    cc = training.confidence_change(data, "2024-25")
    r = cc.iloc[0]
    # differences 2,0,1,1,-1,2,2,3,4,0: zero_method "wilcox" drops the two zeros; |d| ranks with ties averaged:
    # 1,1,1 -> 2; 2,2,2 -> 5; 3 -> 7; 4 -> 8. T- = 2 (the one fall), T+ = 34.
    assert (r["pairs"], r["improved"], r["unchanged"], r["worse"]) == (10, 7, 2, 1)
    assert (r["median_before"], r["median_after"], r["median_change"]) == (5, 6, 1.5)
    assert r["zero_method"] == "wilcox"
    assert (r["t_plus"], r["t_minus"], r["statistic"]) == (34, 2, 2)
    # exact: 4 of the 2^8 sign patterns give T- <= 2 (none negative, or one of the three rank-2 values)
    assert r["p_value"] == pytest.approx(2 * 4 / 256)
    assert r["effect_size"] == pytest.approx(32 / 36)  # (T+ - T-) / (T+ + T-)
    assert "exact" in r["test"]
    assert "zero_method=\"wilcox\"" in cc.attrs["method"]
    assert "rank-biserial" in cc.attrs["method"]


def test_exact_p_agrees_with_scipy_permutation():
    d = np.array([2, 1, 1, -1, 2, 2, 3, 4, -3])
    ours = training.wilcoxon_summary(np.zeros(d.size), d)["p_value"]
    theirs = stats.wilcoxon(d, zero_method="wilcox", method=stats.PermutationMethod(n_resamples=2**d.size)).pvalue
    assert ours == pytest.approx(theirs)


def test_wilcoxon_normal_approximation_by_hand():
    # 10 rises of 1, 4 falls of 1, 3 unchanged: 14 tied non-zero differences, all rank 7.5
    before = np.full(17, 5.0)
    after = before + np.array([1] * 10 + [-1] * 4 + [0] * 3)
    r = training.wilcoxon_summary(before, after)
    assert (r["t_plus"], r["t_minus"]) == (75, 30)
    var = 14 * 15 * 29 / 24 - (14**3 - 14) / 48  # tie correction
    z = (30 - 14 * 15 / 4) / np.sqrt(var)
    assert r["p_value"] == pytest.approx(2 * stats.norm.cdf(z))
    assert r["p_value"] == pytest.approx(0.10881, abs=1e-5)
    assert r["effect_size"] == pytest.approx(45 / 105)
    assert r["unchanged"] == 3 and "normal approximation" in r["test"]


def test_too_few_pairs_gives_a_note_not_a_test():
    r = training.wilcoxon_summary([5, 5, 5, 5, 5, 5], [6, 7, 6, 8, 6, 5])  # 5 changed, 1 unchanged
    assert np.isnan(r["p_value"]) and np.isnan(r["effect_size"]) and r["test"] == ""
    assert "too few pairs" in r["note"] and "5 of 6" in r["note"]
    assert training.wilcoxon_summary([], [])["pairs"] == 0


def test_confidence_by_theme_and_its_suppression(data):
    cc = training.confidence_change(data, "2024-25", by="theme")
    assert list(cc["group"]) == ["domestic_abuse", "neglect"]
    assert list(cc["pairs"]) == [5, 5]
    assert cc["note"].str.contains("too few").all()
    view = training.confidence_view(cc, suppress=True)
    assert (view["Pairs"] == "c").all()
    shown = training.confidence_view(cc, suppress=False)
    assert list(shown["Pairs"]) == ["5", "5"]


def test_kirkpatrick_and_headlines_come_from_the_figures(data):
    t = suppression.suppress(training.indicators(data, "2024-25"))
    cc = training.confidence_change(data, "2024-25")
    k = training.kirkpatrick(t, cc)
    assert list(k["Level"]) == ["1 Reaction", "2 Learning", "3 Behaviour", "4 Results"]
    assert "70.0%" in k.loc[0, "Result"]  # objectives met 7 of 10
    assert "10 matched pairs" in k.loc[1, "Result"] and "p = 0.031" in k.loc[1, "Result"]
    assert k.loc[3, "Result"] == "Not measured"
    text = " ".join(training.headlines(t, "2024-25"))
    assert "2 multi-agency courses (1.5 days of training) to 22 delegates" in text
    assert "266.7% more than in 2023-24" in text
    assert "did not attend" in text and "c%" in text  # the DNA rate rests on 3 people


def test_a_year_with_no_matched_confidence_ratings_gives_an_empty_table_and_a_chart_that_says_so(data):
    import dataclasses

    # every "after" form missing: courses ran, but no delegate can be matched before and after
    before_only = dataclasses.replace(data, evaluations=data.evaluations[data.evaluations["stage"].ne("after")])
    year = training.confidence_change(data, "2024-25", by="theme").attrs["period"]
    by_theme = training.confidence_change(before_only, year, by="theme")
    assert by_theme.empty and {"group", "label", "pairs", "median_before", "median_after"} <= set(by_theme.columns)
    assert training.confidence_view(by_theme, suppress=True).empty
    assert training.confidence_chart(by_theme, suppress=True).lscb_alt.startswith("Too few matched ratings")
    overall = training.confidence_change(before_only, year)
    assert overall["pairs"].tolist() == [0]
