"""Synthetic multi-agency training records for Exampleshire, 2019-20 to 2024-25.

About 40 courses and 1,000 delegates a year (seed 000 4.6.11: 43 courses, 56 days, 1,001 delegates),
about 1,300 e-learning enrolments a year with a completion rate near 93%, and evaluation forms with
realistic response rates (before ~75%, after ~60%, follow-up ~20%) and a plausible confidence gain
(a median of about 1 to 2 points on a 1-10 scale). 2020-21 moves most courses online. In 2024-25 no
one from probation attends a course (they still do e-learning), so the "sectors not reached" table has
something to say.

The files are messy in the ways real exports are, and the loader must accept all of this: dates as
ISO or dd/mm/yyyy, sector and status labels instead of codes ("Children's social care", "DNA"),
stray spaces around identifiers, stage labels ("post"), "Y" for yes. Free-text comments mention
trainers and colleagues by (fictional) name, which is why they must never reach an output.

Faults are injected at known places and recorded in ``training/injected_faults.json`` (file, row,
column, kind), including the rows that fail only because they belong to a rejected course.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 6
YEARS = range(2019, 2025)  # start years of 2019-20 .. 2024-25
EXTRACT_DATE = pd.Timestamp("2025-05-31")

SECTOR_WEIGHTS = {
    "schools": 0.28, "early_years": 0.10, "further_education": 0.02, "health": 0.13, "police": 0.05,
    "childrens_social_care": 0.15, "early_help": 0.08, "adult_social_care": 0.02, "probation": 0.012,
    "youth_justice": 0.02, "housing": 0.02, "voluntary_community": 0.08, "faith": 0.01, "other": 0.028,
}
ELEARNING_WEIGHTS = {
    "schools": 0.24, "early_years": 0.20, "further_education": 0.03, "health": 0.07, "police": 0.02,
    "childrens_social_care": 0.04, "early_help": 0.05, "adult_social_care": 0.03, "probation": 0.01,
    "youth_justice": 0.01, "housing": 0.03, "voluntary_community": 0.13, "faith": 0.06, "other": 0.08,
}
SECTOR_LABELS = {
    "schools": "Schools", "early_years": "Early Years", "childrens_social_care": "Children's social care",
    "voluntary_community": "Voluntary", "health": "Health", "police": "Police",
}
THEMES = {  # theme: (weight, level: advanced courses start from higher confidence)
    "Safeguarding awareness": (0.16, 0), "Advanced safeguarding": (0.10, 1), "Neglect": (0.09, 0),
    "Domestic abuse": (0.09, 0), "Child sexual exploitation": (0.07, 1), "Child criminal exploitation": (0.07, 1),
    "Harmful sexual behaviour": (0.05, 1), "Self-harm and suicide": (0.06, 0), "Substance misuse": (0.05, 0),
    "Disabled children": (0.05, 0), "Female genital mutilation": (0.03, 0), "Online safety": (0.06, 0),
    "Working in core groups": (0.07, 1), "Professional curiosity": (0.05, 0),
}
MODULES = ["Safeguarding children: basic awareness", "Prevent: radicalisation awareness", "Neglect",
           "Domestic abuse awareness", "Child sexual exploitation", "Online safety for practitioners",
           "Female genital mutilation", "Safeguarding for young people aged 13 to 18"]
_FIRST = ["Amira", "Ben", "Chloe", "Dev", "Ellen", "Femi", "Grace", "Harry", "Imran", "Jo", "Kasia", "Liam",
          "Maya", "Niall", "Olu", "Priya", "Rosa", "Sam", "Tom", "Zainab"]
_LAST = ["Ahmed", "Brooks", "Clarke", "Dunn", "Evans", "Fowler", "Gill", "Hughes", "Iqbal", "Jones", "Khan",
         "Lewis", "Moss", "Nowak", "Okafor", "Patel", "Quinn", "Reid", "Shaw", "Turner"]
_PLACES = ["Ashby", "Brookfield", "Castleford", "Denholme", "Elmstead", "Fernley", "Greenacre", "Hollybank",
           "Ivydale", "Juniper", "Kingsmead", "Larchwood", "Meadowside", "Northgate", "Oakfield", "Parkside",
           "Queensway", "Riverside", "St Anne's", "Thornbury", "Upton", "Westfield", "Willowbrook", "Yew Tree"]
COMMENTS = [
    "Really useful session, I will share the neglect toolkit with my team at {org}.",
    "{trainer} was excellent and the case studies felt like our real cases.",
    "Too much content for half a day, but the section on thresholds was helpful.",
    "I would like more on working with fathers, especially in early years settings.",
    'Good discussion: "professional curiosity" is now a standing item in our team meetings.',
    "Venue was cold; content was good.\nWould attend again.",
    "Hearing from {trainer} and {colleague} about the review of a local case brought it home.",
    "The online format worked better than I expected, the breakout rooms were well run.",
    "I now know who to call in the front door team and when to escalate.",
    "Would have liked more time on the chronology exercise, it ran out at the end.",
    "Helpful to meet colleagues from police and health, we rarely get to talk.",
    "Slides were hard to read at the back of the room; please send them round.",
]

_COUNTERS = ("attended", "did_not_attend", "cancelled")


def _organisations(rng: np.random.Generator) -> dict[str, list[str]]:
    """Organisation names per sector (fictional)."""
    places = _PLACES

    def pick(n, pattern):
        return sorted({pattern.format(p=places[i % len(places)], n=i // len(places) + 1) for i in range(n)})

    childminders = [f"Childminder {rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(20)]
    return {
        "schools": pick(24, "{p} Primary School") + pick(24, "{p} Infant School") + pick(12, "{p} Academy")
        + pick(10, "{p} High School") + ["Exampleshire Pupil Referral Unit"],
        "early_years": pick(24, "{p} Day Nursery") + pick(20, "{p} Pre-school") + sorted(set(childminders)),
        "further_education": ["Exampleshire College", "Northgate Sixth Form College", "Riverside Training Academy"],
        "health": ["Exampleshire Hospitals NHS Foundation Trust", "Exampleshire Community Health Services",
                   "Exampleshire Mental Health Partnership (CAMHS)", "East of England Ambulance Service"]
        + pick(12, "{p} Medical Practice"),
        "police": ["Exampleshire Constabulary"],
        "childrens_social_care": ["Exampleshire County Council Children's Services"],
        "early_help": ["Exampleshire Early Help Service", "Exampleshire Family Hubs"],
        "adult_social_care": ["Exampleshire County Council Adult Social Care"],
        "probation": ["Probation Service (Exampleshire)"],
        "youth_justice": ["Exampleshire Youth Justice Service"],
        "housing": ["Exampleshire District Council Housing", "Riverside Homes", "Greenacre Housing Association"],
        "voluntary_community": pick(24, "{p} Youth Club") + ["Exampleshire Women's Aid", "Home-Start Exampleshire",
                                                              "Exampleshire Young Carers", "Scouts (Exampleshire)"],
        "faith": pick(10, "St {n} Church, {p}") + ["Exampleshire Central Mosque", "Fernley Gurdwara"],
        "other": ["Exampleshire Leisure Trust", "Exampleshire Libraries", "Private fostering agency",
                  "Independent consultant", "Taxi licensing (Exampleshire)"],
    }


def _workforce(rng: np.random.Generator, orgs: dict[str, list[str]], size: int = 4200) -> pd.DataFrame:
    """People who might come to training: person id, sector, organisation."""
    sizes = {s: max(25, int(round(size * (0.6 * SECTOR_WEIGHTS[s] + 0.4 * ELEARNING_WEIGHTS[s])))) for s in orgs}
    rows = []
    for sector, names in orgs.items():
        # a few large organisations, a long tail of small ones
        w = 1 / np.arange(1, len(names) + 1) ** 0.6
        chosen = rng.choice(len(names), size=sizes[sector], p=w / w.sum())
        rows += [(sector, names[i]) for i in chosen]
    people = pd.DataFrame(rows, columns=["sector", "organisation"])
    order = rng.permutation(len(people))
    people = people.iloc[order].reset_index(drop=True)
    people["person"] = [f"EX{100000 + 7 * i:06d}" for i in range(len(people))]
    return people


def _choose_people(rng, people: pd.DataFrame, weights: dict[str, float], n: int) -> np.ndarray:
    counts = people["sector"].map(people["sector"].value_counts())
    p = people["sector"].map(weights).to_numpy() / counts.to_numpy()
    p = p / p.sum()
    return rng.choice(len(people), size=min(n, int((p > 0).sum())), replace=False, p=p)


def _date_text(rng, dates: pd.Series, dmy_share: float) -> pd.Series:
    """Dates as text, some ISO and some dd/mm/yyyy (both accepted by the loader); NaT as blank."""
    iso = dates.dt.strftime("%Y-%m-%d")
    dmy = dates.dt.strftime("%d/%m/%Y")
    use_dmy = rng.random(len(dates)) < dmy_share
    return pd.Series(np.where(use_dmy, dmy, iso), index=dates.index).where(dates.notna(), "")


def _courses(rng) -> pd.DataFrame:
    names = list(THEMES)
    tw = np.array([THEMES[t][0] for t in names])
    rows = []
    for y in YEARS:
        n = int(rng.integers(38, 45))
        covid = y == 2020
        modes_p = ([0.05, 0.85, 0.10, 0.0] if covid else
                   [0.62, 0.20, 0.15, 0.03] if y >= 2021 else [0.82, 0.0, 0.15, 0.03])
        start = pd.Timestamp(y, 4, 1)
        offsets = np.sort(rng.integers(0, 365, size=n))
        has_conference = False
        for k, off in enumerate(offsets):
            date = start + pd.Timedelta(days=int(off))
            if date.day_of_week >= 5:
                date += pd.Timedelta(days=7 - date.day_of_week)
            if date > pd.Timestamp(y + 1, 3, 31):
                date -= pd.Timedelta(days=3)
            mode = str(rng.choice(["face_to_face", "webinar", "workshop", "conference"], p=modes_p))
            if mode == "conference":
                if has_conference:
                    mode = "face_to_face"
                has_conference = True
            theme = str(rng.choice(names, p=tw / tw.sum()))
            if mode == "face_to_face":
                days = float(rng.choice([0.5, 1.0, 2.0], p=[0.30, 0.55, 0.15]))
                places = int(rng.integers(24, 31))
            elif mode == "webinar":
                days, places = 0.5, int(rng.choice([30, 35, 40]))
            elif mode == "workshop":
                days, places = 0.5, int(rng.integers(16, 21))
            else:
                days, places = 1.0, int(rng.choice([90, 100, 120]))
                theme = "Safeguarding awareness" if y % 2 else "Professional curiosity"
            title = {"conference": f"Annual safeguarding conference {y}",
                     "webinar": f"{theme}: briefing (online)", "workshop": f"{theme}: practice workshop"}.get(
                mode, f"{theme}" + (" (two days)" if days == 2 else ""))
            rows.append({"course_id": f"C{y % 100:02d}{k + 1:03d}", "title": title, "theme": theme, "mode": mode,
                         "start": date, "days": days, "places": places})
    return pd.DataFrame(rows)


def _bookings(rng, courses: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for c in courses.itertuples(index=False):
        y = c.start.year if c.start.month >= 4 else c.start.year - 1
        weights = dict(SECTOR_WEIGHTS)
        if y == 2024:
            weights["probation"] = 0.0  # the gap the 2024-25 report should find
        growth = 1 + 0.02 * (y - 2019)
        if rng.random() < 0.03:  # the whole course called off: every booking cancelled
            n_att, n_dna, n_can = 0, 0, int(rng.integers(8, 15))
        else:
            fill = float(np.clip(rng.beta(16, 3) * growth, 0.4, 1.0))
            n_att = max(1, int(round(c.places * fill)))
            n_dna = int(rng.binomial(n_att, 0.08))
            n_can = int(rng.binomial(c.places, 0.10))
        who = _choose_people(rng, people, weights, n_att + n_dna + n_can)
        status = ["attended"] * n_att + ["did_not_attend"] * n_dna + ["cancelled"] * n_can
        for i, s in zip(who, status[: len(who)]):
            rows.append({"course_id": c.course_id, "person": people.at[i, "person"],
                         "organisation": people.at[i, "organisation"], "sector": people.at[i, "sector"], "status": s})
    out = pd.DataFrame(rows)
    return out.iloc[rng.permutation(len(out))].sort_values("course_id", kind="stable").reset_index(drop=True)


def _evaluations(rng, courses: pd.DataFrame, bookings: pd.DataFrame) -> pd.DataFrame:
    info = courses.set_index("course_id")
    came = bookings[bookings["status"].eq("attended")]
    rows = []
    for b in came.itertuples(index=False):
        c = info.loc[b.course_id]
        level = THEMES[c["theme"]][1]
        base = float(np.clip(rng.normal(4.8 + 1.2 * level, 1.6), 1, 9))
        before = int(np.clip(round(base), 1, 10))
        gain = int(round(rng.normal(1.5 - 0.3 * level, 1.2)))
        after = int(np.clip(before + gain, 1, 10))
        if rng.random() < 0.75:
            rows.append({"course_id": b.course_id, "person": b.person, "stage": "before",
                         "date": c["start"] - pd.Timedelta(days=int(rng.integers(0, 8))),
                         "confidence": before if rng.random() < 0.97 else None})
        if rng.random() < 0.60:
            rows.append({"course_id": b.course_id, "person": b.person, "stage": "after",
                         "date": c["start"] + pd.Timedelta(days=int(rng.integers(0, 11))),
                         "confidence": after if rng.random() < 0.97 else None,
                         "objectives_met": int(rng.choice([1, 2, 3, 4, 5], p=[0.01, 0.03, 0.11, 0.43, 0.42]))
                         if rng.random() < 0.96 else None,
                         "recommend": str(rng.choice(["yes", "no"], p=[0.92, 0.08])) if rng.random() < 0.95 else "",
                         "comment": rng.random() < 0.3})
        due = c["start"] + pd.Timedelta(days=int(rng.integers(85, 121)))
        if due <= EXTRACT_DATE and rng.random() < 0.21:
            rows.append({"course_id": b.course_id, "person": b.person, "stage": "follow_up", "date": due,
                         "applied_learning": str(rng.choice(["yes", "partly", "no"], p=[0.52, 0.36, 0.12]))})
    ev = pd.DataFrame(rows)
    ev["comment"] = ev["comment"].astype("boolean").fillna(False).astype(bool)
    ev["recommend"] = ev["recommend"].fillna("")
    ev["applied_learning"] = ev["applied_learning"].fillna("")
    stage_order = ev["stage"].map({"before": 0, "after": 1, "follow_up": 2})
    ev = ev.assign(_s=stage_order).sort_values(["course_id", "_s", "date"], kind="stable").drop(columns="_s")
    return ev.reset_index(drop=True)


def _elearning(rng, people: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for y in YEARS:
        n = int(rng.integers(1250, 1400))
        who = _choose_people(rng, people, ELEARNING_WEIGHTS, n)
        start = pd.Timestamp(y, 4, 1)
        for i in who:
            enrolled = start + pd.Timedelta(days=int(rng.integers(0, 365)))
            completed = (enrolled + pd.Timedelta(days=int(rng.exponential(9)))) if rng.random() < 0.93 else pd.NaT
            if pd.notna(completed) and completed > EXTRACT_DATE:
                completed = pd.NaT
            rows.append({"person": people.at[i, "person"], "module": str(rng.choice(MODULES)),
                         "sector": people.at[i, "sector"], "enrolled": enrolled, "completed": completed})
    return pd.DataFrame(rows).sort_values(["enrolled", "person"], kind="stable").reset_index(drop=True)


def _write(df: pd.DataFrame, path: Path) -> None:
    path.write_bytes(df.to_csv(index=False, lineterminator="\n").encode("utf-8"))


def _finish(df: pd.DataFrame, file: str, faults: list[dict]) -> pd.DataFrame:
    """Order rows, number them as the loader will (header is row 1), move fault markers to ``faults``."""
    df = df.sort_values("_order", kind="stable").reset_index(drop=True)
    for i, marks in enumerate(df["_fault"]):
        for column, kind in marks:
            faults.append({"file": file, "row": i + 2, "column": column, "kind": kind})
    return df.drop(columns=["_order", "_fault"])


def _mark(df: pd.DataFrame, idx, column: str, kind: str) -> None:
    df.at[idx, "_fault"] = df.at[idx, "_fault"] + [(column, kind)]


def generate(area_dir: Path, seed: int = SEED) -> dict:
    """Write ``courses.csv``, ``attendance.csv``, ``evaluations.csv``, ``elearning.csv`` and
    ``injected_faults.json`` into ``<area_dir>/training/``; returns the row counts and the faults."""
    rng = np.random.default_rng(seed)
    out_dir = Path(area_dir) / "training"
    out_dir.mkdir(parents=True, exist_ok=True)
    orgs = _organisations(rng)
    people = _workforce(rng, orgs)
    courses = _courses(rng)
    bookings = _bookings(rng, courses, people)
    evals = _evaluations(rng, courses, bookings)
    elearn = _elearning(rng, people)
    faults: list[dict] = []

    # ---- courses.csv ------------------------------------------------------------------------------
    c = pd.DataFrame({
        "course_id": courses["course_id"], "title": courses["title"], "theme": courses["theme"],
        "mode": courses["mode"], "start_date": _date_text(rng, courses["start"], 0.25),
        "days": courses["days"].map(lambda d: f"{d:g}"), "places": courses["places"].astype(str)})
    c["mode"] = np.where((c["mode"] == "face_to_face") & (rng.random(len(c)) < 0.3), "Face to face", c["mode"])
    c["_order"] = np.arange(len(c), dtype=float)
    c["_fault"] = [[] for _ in range(len(c))]
    delivered = bookings.loc[bookings["status"].eq("attended"), "course_id"].unique()
    candidates = [i for i in c.index if c.at[i, "course_id"] in set(delivered) and c.at[i, "course_id"][1:3] != "24"]
    bad = rng.choice(candidates, size=5, replace=False)
    c.at[bad[0], "start_date"] = "31/02/" + c.at[bad[0], "start_date"][-4:] if "/" in c.at[bad[0], "start_date"] \
        else c.at[bad[0], "start_date"][:4] + "-02-30"
    _mark(c, bad[0], "start_date", "invalid_date")
    c.at[bad[1], "places"] = "twenty"
    _mark(c, bad[1], "places", "not_a_number")
    c.at[bad[2], "mode"] = "hybrid"
    _mark(c, bad[2], "mode", "unknown_code")
    c.at[bad[3], "days"] = "0"
    _mark(c, bad[3], "days", "out_of_range")
    dup = c.loc[[bad[4]]].copy()
    dup["_order"] += 0.5
    dup["_fault"] = [[("course_id", "duplicate")]]
    c = pd.concat([c, dup])
    rejected_courses = set(c.loc[bad[:4], "course_id"])
    c = _finish(c, "training/courses.csv", faults)

    # ---- attendance.csv ---------------------------------------------------------------------------
    a = pd.DataFrame({"course_id": bookings["course_id"], "delegate_id": bookings["person"],
                      "organisation": bookings["organisation"], "sector": bookings["sector"],
                      "status": bookings["status"]})
    r = rng.random(len(a))
    a["sector"] = np.where(r < 0.06, a["sector"].map(lambda s: SECTOR_LABELS.get(s, s)), a["sector"])
    a["status"] = np.where(rng.random(len(a)) < 0.05,
                           a["status"].map({"attended": "Attended", "did_not_attend": "DNA", "cancelled": "Cancelled"}),
                           a["status"])
    a["delegate_id"] = np.where(rng.random(len(a)) < 0.02, " " + a["delegate_id"] + " ", a["delegate_id"])
    a["_order"] = np.arange(len(a), dtype=float)
    a["_fault"] = [[] for _ in range(len(a))]
    on_bad_course = a["course_id"].isin(rejected_courses)
    for i in a.index[on_bad_course]:
        _mark(a, i, "course_id", "references_rejected_course")
    evaluated = set(zip(evals["course_id"], evals["person"]))
    free = [i for i in a.index if not on_bad_course[i] and a.at[i, "status"] == "attended"
            and (bookings.at[i, "course_id"], bookings.at[i, "person"]) not in evaluated]
    pick = rng.choice(free, size=4, replace=False)
    a.at[pick[0], "sector"] = "retail"
    _mark(a, pick[0], "sector", "unknown_code")
    a.at[pick[1], "delegate_id"] = ""
    _mark(a, pick[1], "delegate_id", "missing_value")
    a.at[pick[2], "status"] = "maybe"
    _mark(a, pick[2], "status", "unknown_code")
    dup = a.loc[[pick[3]]].copy()
    dup["_order"] += 0.5
    dup["_fault"] = [[("course_id+delegate_id", "duplicate")]]
    ghost = a.loc[[pick[3]]].copy()
    ghost["course_id"] = "C99999"
    ghost["_order"] = len(a) + 1.0
    ghost["_fault"] = [[("course_id", "unknown_course")]]
    a = pd.concat([a, dup, ghost])
    a = _finish(a, "training/attendance.csv", faults)

    # ---- evaluations.csv --------------------------------------------------------------------------
    e = pd.DataFrame({
        "course_id": evals["course_id"], "delegate_id": evals["person"], "stage": evals["stage"],
        "response_date": _date_text(rng, evals["date"], 0.15),
        "confidence": evals["confidence"].map(lambda v: "" if pd.isna(v) else f"{int(v)}"),
        "objectives_met": evals["objectives_met"].map(lambda v: "" if pd.isna(v) else f"{int(v)}"),
        "recommend": evals["recommend"], "applied_learning": evals["applied_learning"]})
    e["stage"] = np.where((e["stage"] == "after") & (rng.random(len(e)) < 0.05), "post", e["stage"])
    e["recommend"] = np.where((e["recommend"] == "yes") & (rng.random(len(e)) < 0.05), "Y", e["recommend"])
    texts = []
    for has in evals["comment"]:
        if not has:
            texts.append("")
            continue
        t = str(rng.choice(COMMENTS))
        texts.append(t.format(trainer=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                              colleague=str(rng.choice(_FIRST)), org=str(rng.choice(orgs["schools"]))))
    e["comment"] = texts
    e["_order"] = np.arange(len(e), dtype=float)
    e["_fault"] = [[] for _ in range(len(e))]
    on_bad_course = e["course_id"].isin(rejected_courses)
    for i in e.index[on_bad_course]:
        _mark(e, i, "course_id", "references_rejected_course")
    ok = e.index[~on_bad_course & e["stage"].eq("after") & e["confidence"].ne("") & e["objectives_met"].ne("")]
    pick = rng.choice(ok, size=7, replace=False)
    e.at[pick[0], "confidence"] = "11"
    _mark(e, pick[0], "confidence", "out_of_range")
    e.at[pick[1], "objectives_met"] = "6"
    _mark(e, pick[1], "objectives_met", "out_of_range")
    e.at[pick[2], "stage"] = "during"
    _mark(e, pick[2], "stage", "unknown_code")
    e.at[pick[3], "applied_learning"] = "yes"
    _mark(e, pick[3], "applied_learning", "applied_learning_not_follow_up")
    e.at[pick[4], "response_date"] = "2023-13-01"
    _mark(e, pick[4], "response_date", "invalid_date")
    course_start = courses.set_index("course_id")["start"]
    e.at[pick[5], "response_date"] = (course_start[e.at[pick[5], "course_id"]] - pd.Timedelta(days=20)).strftime("%Y-%m-%d")
    _mark(e, pick[5], "response_date", "after_form_before_course")
    dup = e.loc[[pick[6]]].copy()
    dup["_order"] += 0.5
    dup["_fault"] = [[("course_id+delegate_id+stage", "duplicate")]]
    # an evaluation from someone booked on the course who did not attend
    dna = bookings[bookings["status"].eq("did_not_attend") & ~bookings["course_id"].isin(rejected_courses)]
    d = dna.iloc[int(rng.integers(0, len(dna)))]
    stray = pd.DataFrame([{"course_id": d["course_id"], "delegate_id": d["person"], "stage": "after",
                           "response_date": (course_start[d["course_id"]] + pd.Timedelta(days=2)).strftime("%Y-%m-%d"),
                           "confidence": "7", "objectives_met": "4", "recommend": "yes", "applied_learning": "",
                           "comment": "", "_order": len(e) + 1.0, "_fault": [("delegate_id", "not_attended")]}])
    e = pd.concat([e, dup, stray])
    e = _finish(e, "training/evaluations.csv", faults)

    # ---- elearning.csv ----------------------------------------------------------------------------
    el = pd.DataFrame({"learner_id": elearn["person"], "module": elearn["module"], "sector": elearn["sector"],
                       "enrolled_date": _date_text(rng, elearn["enrolled"], 0.2),
                       "completed_date": _date_text(rng, elearn["completed"], 0.2)})
    el["_order"] = np.arange(len(el), dtype=float)
    el["_fault"] = [[] for _ in range(len(el))]
    done = el.index[el["completed_date"].ne("")]
    pick = rng.choice(done, size=5, replace=False)
    enrolled = elearn.loc[pick[0], "enrolled"]
    el.at[pick[0], "completed_date"] = (enrolled - pd.Timedelta(days=3)).strftime("%Y-%m-%d")
    _mark(el, pick[0], "completed_date", "completed_before_enrolled")
    el.at[pick[1], "enrolled_date"] = "31/02/" + str(elearn.loc[pick[1], "enrolled"].year)
    _mark(el, pick[1], "enrolled_date", "invalid_date")
    el.at[pick[2], "sector"] = "retail"
    _mark(el, pick[2], "sector", "unknown_code")
    el.at[pick[3], "learner_id"] = ""
    _mark(el, pick[3], "learner_id", "missing_value")
    dup = el.loc[[pick[4]]].copy()
    dup["_order"] += 0.5
    dup["_fault"] = [[("learner_id+module+enrolled_date", "duplicate")]]
    el = pd.concat([el, dup])
    el = _finish(el, "training/elearning.csv", faults)

    for df, name in ((c, "courses.csv"), (a, "attendance.csv"), (e, "evaluations.csv"), (el, "elearning.csv")):
        _write(df, out_dir / name)
    faults = sorted(faults, key=lambda f: (f["file"], f["row"], f["column"], f["kind"]))
    record = {"seed": seed, "extract_date": EXTRACT_DATE.strftime("%Y-%m-%d"),
              "files": {"training/courses.csv": len(c), "training/attendance.csv": len(a),
                        "training/evaluations.csv": len(e), "training/elearning.csv": len(el)},
              "injected_faults": faults}
    (out_dir / "injected_faults.json").write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
    return record
