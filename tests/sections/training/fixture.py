"""The hand-made training fixture, with answers a person can check on paper (2024-25 unless stated).

* C1 Neglect, face to face, 10 May 2024, 1 day, 10 places: D1-D7 attended (D1-D4 from Oak Primary School,
  D5-D7 from Elm Primary School), D8 (Oak) and D9 (police) did not attend, D10-D12 cancelled.
* C2 Domestic abuse, webinar, 1 Sept 2024, half a day, 20 places: D1 (again, Oak spelt " oak primary  school ")
  and D13-D26 attended (15: D13-D20 health, D21-D26 police), D27 did not attend.
* C3 Neglect, 31 March 2025 (the last day of the year), 12 places: every booking cancelled, so not delivered.
* C4 31 March 2024 (2023-24): D1-D6 attended (Oak). C5 1 April 2025 (2025-26): D1 attended.

Delivered 2 courses, 1.5 days, 30 places, 22 attendances by 21 people from 4 organisations; fill rate
22/30; did not attend 3/(22+3) = 12% (the 3 + 4 cancellations are in neither part).
"""

from __future__ import annotations

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


def attendance_rows() -> list[str]:
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


def make_area(tmp_path, *, courses=COURSES, attendance=None, evaluations=EVALUATIONS, elearning=ELEARNING):
    d = tmp_path / "testshire" / "training"
    d.mkdir(parents=True)
    _csv(d / "courses.csv", "course_id,title,theme,mode,start_date,days,places", courses)
    _csv(d / "attendance.csv", "course_id,delegate_id,organisation,sector,status",
         attendance_rows() if attendance is None else attendance)
    if evaluations is not None:
        _csv(d / "evaluations.csv",
             "course_id,delegate_id,stage,response_date,confidence,objectives_met,recommend,applied_learning,comment",
             evaluations)
    if elearning is not None:
        _csv(d / "elearning.csv", "learner_id,module,sector,enrolled_date,completed_date", elearning)
    return d.parent
