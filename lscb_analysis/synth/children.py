"""Synthetic records of Exampleshire's children's side beyond child protection, 2019-20 to 2024-25: early help
episodes (``early_help/``), missing episodes (``missing/``), the exploitation panel's cohort
(``exploitation/``) and private fostering arrangements (``private_fostering/``).

The figures are fictional, shaped by published figures for an area of Exampleshire's size (guiding the generator
only): about 1,500 early help episodes a year, a fifth stepped up to social care; about 350 children missing a
year in 1,200 episodes (a few children go missing many times; about a quarter missing from care); return
interviews offered after most returns, three quarters of those accepted, most within 72 hours; about 60 children
identified at risk of exploitation a year; about 20 private fostering notifications a year.

Faults are injected as extra rows and listed with file, row, column and kind in each folder's
``injected_faults.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from lscb_analysis.core.periods import ReportingYear, add_working_days
from lscb_analysis.synth.partnership import _insert_faults, _iso, _pick, _write

SEED = 21
FIRST_YEAR, LAST_YEAR = 2019, 2024
EXTRACT_DATE = pd.Timestamp("2025-03-31")


def _day(rng, year: ReportingYear) -> pd.Timestamp:
    return year.start + pd.Timedelta(days=int(rng.integers(0, (year.end - year.start).days + 1)))


def _record(folder: Path, files: list[str], faults: list[dict]) -> dict:
    record = {"files": files, "injected_faults": faults}
    (folder / "injected_faults.json").write_text(json.dumps(record, indent=2) + "\n")
    return record


def early_help(area_dir: Path, rng) -> dict:
    rows, k = [], 0
    reasons = {"needs_met": 0.62, "stepped_up": 0.2, "disengaged": 0.12, "moved_away": 0.04, "other": 0.02}
    for start in range(FIRST_YEAR, LAST_YEAR + 1):
        year = ReportingYear(start)
        for _ in range(int(rng.poisson(1500))):
            k += 1
            child = f"EH{int(rng.integers(1, 9000)):05d}"
            begin = _day(rng, year)
            a_start = begin + pd.Timedelta(days=int(rng.integers(0, 10)))
            a_done = a_start + pd.Timedelta(days=int(rng.integers(5, 45)))
            end = begin + pd.Timedelta(days=int(rng.integers(40, 300)))
            closed = end <= EXTRACT_DATE
            rows.append([child, _iso(begin), _iso(a_start) if a_start <= EXTRACT_DATE else "",
                         _iso(a_done) if a_done <= EXTRACT_DATE else "", _iso(end) if closed else "",
                         _pick(rng, reasons, 1)[0] if closed else "", "yes" if rng.random() < 0.12 else "no"])
    rows = sorted({(r[0], r[1]): r for r in rows}.values(), key=lambda r: (r[1], r[0]))  # one episode a start
    bad = [(["EH99901", "2024-07-01", "", "", "2024-06-01", "needs_met", "no"], "end_date", "ended before it began"),
           (["EH99902", "2024-08-01", "", "", "2024-09-01", "", "no"], "closure_reason", "closed without a reason")]
    lines, faults = _insert_faults(rng, rows, bad, "early_help/episodes.csv")
    folder = area_dir / "early_help"
    _write(folder, "episodes.csv", ["child_id", "start_date", "assessment_start_date", "assessment_completed_date",
                                    "end_date", "closure_reason", "stepped_down"], lines)
    return _record(folder, ["early_help/episodes.csv"], faults)


def missing(area_dir: Path, rng) -> dict:
    rows = []
    for start in range(FIRST_YEAR, LAST_YEAR + 1):
        year = ReportingYear(start)
        for c in range(int(rng.poisson(350))):
            child = f"MC{start}{c:04d}"
            born = year.start - pd.Timedelta(days=int(rng.integers(9 * 365, 17 * 365)))
            cared_for = rng.random() < 0.25
            sex = "F" if rng.random() < 0.52 else "M"
            for _ in range(int(min(rng.geometric(0.3), 15))):
                gone = _day(rng, year) + pd.Timedelta(hours=int(rng.integers(12, 23)))
                back = gone + pd.Timedelta(hours=int(rng.choice([3, 8, 20, 30, 60])))
                if back > EXTRACT_DATE + pd.Timedelta(days=1):
                    back = None
                offered = back is not None and rng.random() < 0.9
                accepted = offered and rng.random() < 0.75
                rhi = back + pd.Timedelta(hours=int(rng.choice([20, 48, 70, 90, 150], p=[0.3, 0.3, 0.2, 0.12, 0.08]))) \
                    if accepted else None
                rows.append([child, _iso(born), sex, gone.strftime("%Y-%m-%d %H:%M"),
                             back.strftime("%Y-%m-%d %H:%M") if back is not None else "",
                             "yes" if cared_for else "no", "yes" if offered else ("no" if back is not None else ""),
                             "yes" if accepted else ("no" if offered else ""),
                             rhi.strftime("%Y-%m-%d %H:%M") if rhi is not None and rhi <= EXTRACT_DATE else ""])
    rows = sorted({(r[0], r[3]): r for r in rows}.values(), key=lambda r: (r[3], r[0]))  # one episode a start
    bad = [(["MC99901", "2010-01-01", "F", "2024-09-10 20:00", "2024-09-09 08:00", "no", "yes", "yes", ""],
            "missing_end", "returned before going missing"),
           (["MC99902", "2003-01-01", "M", "2024-10-10 20:00", "2024-10-11 08:00", "no", "", "", ""],
            "date_of_birth", "an adult")]
    lines, faults = _insert_faults(rng, rows, bad, "missing/episodes.csv")
    folder = area_dir / "missing"
    _write(folder, "episodes.csv", ["child_id", "date_of_birth", "sex", "missing_start", "missing_end",
                                    "looked_after", "rhi_offered", "rhi_accepted", "rhi_date"], lines)
    return _record(folder, ["missing/episodes.csv"], faults)


def exploitation(area_dir: Path, rng) -> dict:
    rows = []
    outcomes = {"risk_reduced": 0.55, "risk_unchanged": 0.2, "risk_increased": 0.07, "moved_away": 0.06,
                "turned_18": 0.1, "other": 0.02}
    for start in range(FIRST_YEAR, LAST_YEAR + 1):
        year = ReportingYear(start)
        for c in range(int(rng.poisson(60))):
            found = _day(rng, year)
            panel = found + pd.Timedelta(days=int(rng.integers(3, 40)))
            closed = found + pd.Timedelta(days=int(rng.integers(60, 500)))
            done = closed <= EXTRACT_DATE
            rows.append([f"EX{start}{c:03d}", _iso(found), _pick(rng, {"sexual": 0.35, "criminal": 0.5, "both": 0.15},
                                                                 1)[0],
                         _pick(rng, {"low": 0.3, "medium": 0.45, "high": 0.25}, 1)[0],
                         _iso(panel) if panel <= EXTRACT_DATE else "", _iso(closed) if done else "",
                         _pick(rng, outcomes, 1)[0] if done else ""])
    rows.sort(key=lambda r: (r[1], r[0]))
    bad = [(["EX99901", "2024-06-01", "criminal", "very high", "", "", ""], "risk_level", "risk level not on the scale")]
    lines, faults = _insert_faults(rng, rows, bad, "exploitation/cohort.csv")
    folder = area_dir / "exploitation"
    _write(folder, "cohort.csv", ["child_id", "identified_date", "exploitation_type", "risk_level", "panel_date",
                                  "closed_date", "outcome"], lines)
    return _record(folder, ["exploitation/cohort.csv"], faults)


def private_fostering(area_dir: Path, rng) -> dict:
    rows = []
    for start in range(FIRST_YEAR, LAST_YEAR + 1):
        year = ReportingYear(start)
        for c in range(int(rng.poisson(20))):
            notified = _day(rng, year)
            began = notified - pd.Timedelta(days=int(rng.integers(0, 20)))
            visit = add_working_days(notified, int(rng.choice([2, 5, 7, 9], p=[0.35, 0.35, 0.2, 0.1])))
            ended = began + pd.Timedelta(days=int(rng.integers(40, 500)))
            rows.append([f"PF{start}{c:03d}", _iso(notified), _iso(began), _iso(ended) if ended <= EXTRACT_DATE else "",
                         _iso(visit) if visit <= EXTRACT_DATE else ""])
    rows.sort(key=lambda r: (r[1], r[0]))
    bad = [(["PF99901", "2024-11-01", "2024-11-01", "2024-10-01", "2024-11-05"], "end_date", "ended before it began")]
    lines, faults = _insert_faults(rng, rows, bad, "private_fostering/arrangements.csv")
    folder = area_dir / "private_fostering"
    _write(folder, "arrangements.csv", ["child_id", "notification_date", "start_date", "end_date",
                                        "initial_visit_date"], lines)
    return _record(folder, ["private_fostering/arrangements.csv"], faults)


def generate(area_dir: Path, seed: int = SEED) -> dict:
    """Write the early help, missing, exploitation and private fostering files; byte-identical for the same seed."""
    area_dir = Path(area_dir)
    rng = np.random.default_rng(seed)
    return {"early_help": early_help(area_dir, rng), "missing": missing(area_dir, rng),
            "exploitation": exploitation(area_dir, rng), "private_fostering": private_fostering(area_dir, rng)}
