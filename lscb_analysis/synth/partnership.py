"""Synthetic records of Exampleshire partnership's own business, 2019-20 to 2024-25: the LADO's referral log
(``lado/``), serious incident notifications and the review action tracker (``reviews/``), and the budget,
spend, multi-agency audits, Section 11 self-assessments and board attendance (``partnership/``).

The figures are fictional but shaped like published LADO annual reports and partnership reports (approximate,
guiding the generator only): about 170 LADO referrals a year for an area of Exampleshire's size, rising by
about 8% a year (seed 003: 178, up 31%); physical harm about 45% and sexual about 22% (seed 003: 47%, 23%);
education the largest employer sector; most allegations concluded within three months; 2-5 serious incident
notifications a year with a rapid review for each; a shared budget of about £200,000 split roughly as seed 000
(council 50%, health 34%, police 12%, probation 4%).

Faults are injected as extra rows and listed with file, row, column and kind in each folder's
``injected_faults.json``, so tests can check the loaders reject exactly those rows.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd

from lscb_analysis.core.periods import ReportingYear, add_working_days

SEED = 20
FIRST_YEAR, LAST_YEAR = 2019, 2024
EXTRACT_DATE = pd.Timestamp("2025-03-31")
PARTNERS = {"Exampleshire County Council": 0.50, "NHS Exampleshire Integrated Care Board": 0.34,
            "Exampleshire Constabulary": 0.12, "Probation Service": 0.035, "Cafcass": 0.005}
SOURCES = {"police": 0.22, "education": 0.30, "childrens_social_care": 0.12, "health": 0.08, "early_years": 0.07,
           "employer": 0.08, "parent_or_carer": 0.06, "ofsted": 0.03, "child": 0.01, "other": 0.03}
CATEGORIES = {"physical_abuse": 0.45, "sexual_abuse": 0.22, "emotional_abuse": 0.10, "neglect": 0.08,
              "suitability": 0.15}
SECTORS = {"education": 0.42, "early_years": 0.12, "foster_care": 0.10, "social_care": 0.09, "health": 0.08,
           "sport": 0.05, "faith": 0.03, "transport": 0.04, "voluntary_community": 0.04, "police": 0.01,
           "other": 0.02}
OUTCOMES = {"unsubstantiated": 0.38, "substantiated": 0.30, "unfounded": 0.22, "false": 0.07, "malicious": 0.03}
THEMES = ["neglect", "exploitation", "domestic abuse", "children with disabilities", "the front door"]
GRADES = {"outstanding": 0.05, "good": 0.55, "requires_improvement": 0.32, "inadequate": 0.08}
HEADINGS = {"Business unit staff": 0.55, "Independent scrutiny": 0.12, "Training": 0.15,
            "Practice reviews": 0.13, "Other costs": 0.05}


def _pick(rng: np.random.Generator, shares: dict[str, float], n: int) -> np.ndarray:
    p = np.array(list(shares.values()))
    return rng.choice(list(shares), size=n, p=p / p.sum())


def _iso(d) -> str:
    return "" if d is None or pd.isna(d) else pd.Timestamp(d).strftime("%Y-%m-%d")


def _write(folder: Path, name: str, columns: list[str], rows: list[list[str]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    w.writerows(rows)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(buf.getvalue().encode("utf-8"))


def _insert_faults(rng, rows: list[list[str]], faults: list[tuple[list[str], str, str]], file: str):
    """Insert each fault row at a random place; return the rows and the faults with their spreadsheet rows."""
    lines = [(r, None) for r in rows]
    for line, column, kind in faults:
        # a duplicate goes after the row it copies (the loader keeps the first and rejects the second)
        at = len(lines) if kind.startswith("duplicate") else int(rng.integers(1, len(lines) + 1))
        lines.insert(at, (line, {"file": file, "column": column, "kind": kind}))
    found = [{**f, "row": i + 2} for i, (_, f) in enumerate(lines) if f is not None]
    return [r for r, _ in lines], sorted(found, key=lambda f: f["row"])


def lado(area_dir: Path, rng: np.random.Generator) -> dict:
    columns = ["referral_id", "person_id", "referral_date", "source", "category", "employer_sector",
               "initial_consideration_date", "concluded_date", "outcome"]
    rows, people = [], []
    for k, start in enumerate(range(FIRST_YEAR, LAST_YEAR + 1)):
        year = ReportingYear(start)
        n = int(rng.poisson(130 * 1.08 ** k))
        days = np.sort(rng.integers(0, (year.end - year.start).days + 1, size=n))
        for i, day in enumerate(days):
            when = year.start + pd.Timedelta(days=int(day))
            if people and rng.random() < 0.06:  # a repeat referral about someone referred before
                person = people[int(rng.integers(max(0, len(people) - 200), len(people)))]
            else:
                person = f"LADO-P{len(people) + 1:05d}"
                people.append(person)
            initial = add_working_days(when, int(rng.choice([0, 1, 1, 1, 2, 3], p=[0.3, 0.25, 0.2, 0.1, 0.1, 0.05])))
            months = rng.choice([0.5, 1.5, 2.5, 5, 10, 14], p=[0.45, 0.2, 0.15, 0.1, 0.07, 0.03])
            concluded = when + pd.Timedelta(days=int(months * 30.4))
            done = concluded <= EXTRACT_DATE
            rows.append([f"L{start}{i + 1:04d}", person, _iso(when), _pick(rng, SOURCES, 1)[0],
                         _pick(rng, CATEGORIES, 1)[0], _pick(rng, SECTORS, 1)[0],
                         _iso(initial) if initial <= EXTRACT_DATE else "", _iso(concluded) if done else "",
                         _pick(rng, OUTCOMES, 1)[0] if done else ""])
    bad = [(["L9990001", "LADO-P99001", "2024-06-03", "the head teacher", "physical_abuse", "education",
             "2024-06-03", "", ""], "source", "unknown source"),
           (["L9990002", "LADO-P99002", "2024-09-10", "police", "physical_abuse", "education", "2024-09-02", "", ""],
            "initial_consideration_date", "initial consideration before the referral"),
           ([rows[-5][0], *rows[-5][1:]], "referral_id", "duplicate referral id"),
           (["L9990003", "LADO-P99003", "2024-11-05", "police", "physical_abuse", "education", "2024-11-05",
             "2024-12-01", ""], "outcome", "concluded without an outcome")]
    lines, faults = _insert_faults(rng, rows, bad, "lado/referrals.csv")
    folder = area_dir / "lado"
    _write(folder, "referrals.csv", columns, lines)
    record = {"file": "lado/referrals.csv", "rows": len(lines), "injected_faults": faults}
    (folder / "injected_faults.json").write_text(json.dumps(record, indent=2) + "\n")
    return record


def reviews(area_dir: Path, rng: np.random.Generator) -> dict:
    notes, actions = [], []
    owners = ["Exampleshire County Council", "NHS Exampleshire Integrated Care Board", "Exampleshire Constabulary",
              "Schools", "Probation Service"]
    for start in range(FIRST_YEAR, LAST_YEAR + 1):
        year = ReportingYear(start)
        for i in range(int(rng.integers(2, 6))):
            aware = year.start + pd.Timedelta(days=int(rng.integers(0, 330)))
            notified = add_working_days(aware, int(rng.choice([2, 3, 4, 5, 6], p=[0.2, 0.3, 0.3, 0.15, 0.05])))
            review = add_working_days(aware, int(rng.choice([12, 14, 15, 17], p=[0.3, 0.35, 0.25, 0.1])))
            lcspr = rng.random() < 0.35
            commissioned = review + pd.Timedelta(days=int(rng.integers(7, 30))) if lcspr else None
            published = commissioned + pd.Timedelta(days=int(rng.integers(240, 420))) if lcspr else None
            published = published if published is not None and published <= EXTRACT_DATE else None
            notes.append([f"SIN{start}{i + 1:02d}", _iso(aware), _iso(notified),
                          _iso(review) if review <= EXTRACT_DATE else "", "yes" if lcspr else "no",
                          _iso(commissioned) if commissioned is not None and commissioned <= EXTRACT_DATE else "",
                          _iso(published)])
            for j in range(int(rng.integers(2, 7)) if review <= EXTRACT_DATE else 0):
                agreed = review + pd.Timedelta(days=int(rng.integers(5, 40)))
                due = agreed + pd.Timedelta(days=int(rng.integers(60, 300)))
                done = agreed + pd.Timedelta(days=int(rng.integers(40, 420)))
                kind = "local" if lcspr else "rapid_review"
                actions.append([f"ACT{start}{i + 1:02d}{j + 1}", f"SIN{start}{i + 1:02d}", kind,
                                owners[int(rng.integers(0, len(owners)))], _iso(agreed), _iso(due),
                                _iso(done) if done <= EXTRACT_DATE else "",
                                ("yes" if rng.random() < 0.6 else "no") if done <= EXTRACT_DATE else ""])
    for k, name in enumerate(["Child Safeguarding Practice Review Panel: Child protection in England (2022)",
                              "Child Safeguarding Practice Review Panel: Safeguarding children with disabilities "
                              "in residential settings (2023)"]):
        for j in range(4):
            agreed = pd.Timestamp(f"{2022 + k}-09-01")
            due = agreed + pd.Timedelta(days=180 + 60 * j)
            done = agreed + pd.Timedelta(days=int(rng.integers(90, 700)))
            actions.append([f"NAT{k + 1}{j + 1}", name, "national", owners[j], _iso(agreed), _iso(due),
                            _iso(done) if done <= EXTRACT_DATE else "",
                            ("yes" if rng.random() < 0.6 else "no") if done <= EXTRACT_DATE else ""])
    folder = area_dir / "reviews"
    bad_notes = [(["SIN99901", "2024-07-10", "2024-07-05", "2024-07-26", "no", "", ""], "notification_date",
                  "notification before the incident was known")]
    note_lines, note_faults = _insert_faults(rng, notes, bad_notes, "reviews/notifications.csv")
    _write(folder, "notifications.csv", ["notification_id", "aware_date", "notification_date", "rapid_review_date",
                                         "lcspr_decision", "lcspr_commissioned_date", "lcspr_published_date"],
           note_lines)
    bad_actions = [(["ACT99901", "SIN202401", "local", "Schools", "2024-10-01", "2024-09-01", "", ""], "due_date",
                    "due before agreed"),
                   (["ACT99902", "SIN202401", "peer challenge", "Schools", "2024-10-01", "2025-01-01", "", ""],
                    "review_type", "unknown review type")]
    action_lines, action_faults = _insert_faults(rng, actions, bad_actions, "reviews/actions.csv")
    _write(folder, "actions.csv", ["action_id", "review", "review_type", "owner", "agreed_date", "due_date",
                                   "completed_date", "impact_evidence"], action_lines)
    record = {"files": ["reviews/notifications.csv", "reviews/actions.csv"],
              "injected_faults": note_faults + action_faults}
    (folder / "injected_faults.json").write_text(json.dumps(record, indent=2) + "\n")
    return record


def partnership(area_dir: Path, rng: np.random.Generator) -> dict:
    folder = area_dir / "partnership"
    contributions, spend, audits, s11, attendance = [], [], [], [], []
    for k, start in enumerate(range(FIRST_YEAR, LAST_YEAR + 1)):
        year = ReportingYear(start)
        budget = 200_000 * 1.02 ** k
        for partner, share in PARTNERS.items():
            contributions.append([year.label, partner, f"{round(budget * share, 2):.2f}"])
        for heading, share in HEADINGS.items():
            spend.append([year.label, heading, f"{round(budget * share * rng.uniform(0.9, 1.05), 2):.2f}"])
        for a in range(4):
            done = year.start + pd.Timedelta(days=60 + 85 * a + int(rng.integers(0, 20)))
            for _ in range(int(rng.integers(6, 13))):
                audits.append([f"MAA{start}{a + 1}", THEMES[(k + a) % len(THEMES)], _iso(done),
                               _pick(rng, GRADES, 1)[0]])
        for m in range(6):
            meeting = year.start + pd.Timedelta(days=20 + 61 * m)
            for partner in PARTNERS:
                attendance.append([_iso(meeting), partner, "yes" if rng.random() < 0.88 else "no"])
    for start in range(FIRST_YEAR, LAST_YEAR + 1, 2):  # Section 11 every two years
        for p, partner in enumerate(PARTNERS):
            when = pd.Timestamp(f"{start}-10-01") + pd.Timedelta(days=7 * p)
            for standard in range(1, 9):
                rating = rng.choice(["met", "partially_met", "not_met"], p=[0.7, 0.25, 0.05])
                s11.append([partner, str(standard), _iso(when), rating])
    _write(folder, "contributions.csv", ["year", "partner", "amount"], contributions)
    _write(folder, "spend.csv", ["year", "heading", "amount"], spend)
    bad_audits = [(["MAA99901", "neglect", "2024-09-15", "satisfactory"], "grade", "grade not on the scale")]
    audit_lines, audit_faults = _insert_faults(rng, audits, bad_audits, "partnership/audits.csv")
    _write(folder, "audits.csv", ["audit_id", "theme", "completed_date", "grade"], audit_lines)
    bad_s11 = [(["Exampleshire Constabulary", "11", "2024-10-08", "met"], "standard", "not a Section 11 standard")]
    s11_lines, s11_faults = _insert_faults(rng, s11, bad_s11, "partnership/section11.csv")
    _write(folder, "section11.csv", ["partner", "standard", "assessment_date", "rating"], s11_lines)
    _write(folder, "board_attendance.csv", ["meeting_date", "partner", "attended"], attendance)
    record = {"files": [f"partnership/{f}.csv" for f in ("contributions", "spend", "audits", "section11",
                                                          "board_attendance")],
              "injected_faults": audit_faults + s11_faults}
    (folder / "injected_faults.json").write_text(json.dumps(record, indent=2) + "\n")
    return record


def generate(area_dir: Path, seed: int = SEED) -> dict:
    """Write the LADO, reviews and partnership files under ``area_dir``; byte-identical for the same seed."""
    area_dir = Path(area_dir)
    rng = np.random.default_rng(seed)
    return {"lado": lado(area_dir, rng), "reviews": reviews(area_dir, rng), "partnership": partnership(area_dir, rng)}
