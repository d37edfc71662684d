"""Synthetic youth justice key performance indicator extracts for Exampleshire (fictional).

Written by :func:`lscb_analysis.synth.yos.generate` beside the outcome files, from the same simulated
outcomes, with a random generator of its own (so the other youth justice files keep their bytes):

* ``yos/kpi_interventions.csv``: one row per piece of youth justice service work with a child that
  starts on or after 1 April 2022 (the Youth Justice Board's ten KPIs are reported from April 2023, and
  work starting a year earlier is still ending then): out-of-court work for a triage, community
  resolution or caution, community work for a referral order or youth rehabilitation order, custody for a
  custodial sentence; the KPI fields recorded at the start and at the end of the intervention. Work still
  open on 31 March 2025 has no end date and no end fields.
* ``yos/board_attendance.csv``: the partners expected at each quarterly youth justice management board
  meeting and whether a senior representative attended (counts of professionals).

Shares are set near those local youth justice plans report (most children in suitable accommodation;
fewer in suitable education, training or employment at the end than the start for older children; a
third with a mental health need). Faults are injected at known rows and listed in ``injected_faults.json``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

KPI_FROM = pd.Timestamp("2022-04-01")
EXTRACT_END = pd.Timestamp("2025-03-31")
TYPES = {"TRIAGE": "out_of_court", "CR": "out_of_court", "YC": "out_of_court", "YCC": "out_of_court",
         "RO": "community", "YRO": "community", "DTO": "custody", "S250": "custody"}
MONTHS = {"out_of_court": (2, 4), "community": (6, 13), "custody": (4, 13)}
PARTNERS = ["childrens_social_care", "education", "health", "police", "probation"]
SUPPORT = ["none", "need_not_offered", "offered_not_attending", "attending"]
SOCIAL_CARE = ["none", "child_in_need", "child_protection_plan", "looked_after"]
COLUMNS = ["young_person_id", "date_of_birth", "residence", "intervention_type", "intervention_start",
           "intervention_end", "accommodation_start", "accommodation_end", "ete_start", "ete_end", "send_start",
           "send_end", "mental_health_start", "mental_health_end", "substance_misuse_start",
           "substance_misuse_end", "social_care_start", "social_care_end", "serious_violence",
           "out_of_court_completed", "victims_consented", "victims_engaged"]


def _iso(d) -> str:
    return "" if pd.isna(d) else pd.Timestamp(d).strftime("%Y-%m-%d")


def _pick(rng: np.random.Generator, options: list[str], p: list[float], n: int) -> np.ndarray:
    return rng.choice(np.array(options, dtype=object), size=n, p=np.array(p) / sum(p))


def interventions(rng: np.random.Generator, outcomes: pd.DataFrame) -> pd.DataFrame:
    """One row per intervention (clean), from the simulated outcomes (young_person_id, date_of_birth,
    residence, outcome_date, outcome, offence_type)."""
    age = (outcomes["outcome_date"] - outcomes["date_of_birth"]).dt.days / 365.25
    o = outcomes[outcomes["outcome"].isin(list(TYPES)) & (outcomes["outcome_date"] >= KPI_FROM) & (age < 17.9)]
    o = o.assign(_kind=o["outcome"].map(TYPES)).drop_duplicates(["young_person_id", "_kind", "outcome_date"])
    o = o.sort_values(["outcome_date", "young_person_id"], kind="stable").reset_index(drop=True)
    n = len(o)
    kind = o["outcome"].map(TYPES).to_numpy()
    lo = np.array([MONTHS[k][0] for k in kind])
    hi = np.array([MONTHS[k][1] for k in kind])
    months = rng.integers(lo, hi)
    start = o["outcome_date"]
    end = pd.Series([s + pd.DateOffset(months=int(m)) for s, m in zip(start, months)], index=o.index)
    end = end.where(end <= EXTRACT_END)
    closed = end.notna().to_numpy()
    older = ((start - o["date_of_birth"]).dt.days / 365.25 >= 16).to_numpy()

    def at_end(first: np.ndarray, better: float, worse: float, good: str, bad: str) -> np.ndarray:
        """The end value: a bad start becomes good with chance ``better``; a good one bad with ``worse``."""
        u = rng.random(n)
        out = np.where(first == good, np.where(u < worse, bad, good), np.where(u < better, good, bad))
        return np.where(closed, out, "")

    acc_start = _pick(rng, ["suitable", "unsuitable"], [0.9, 0.1], n)
    ete_start = np.where(older, _pick(rng, ["suitable", "unsuitable"], [0.6, 0.4], n),
                         _pick(rng, ["suitable", "unsuitable"], [0.8, 0.2], n))
    send_start = _pick(rng, ["none", "need_no_plan", "need_with_plan"], [0.7, 0.12, 0.18], n)
    send_end = np.where(send_start == "need_no_plan",
                        np.where(rng.random(n) < 0.3, "need_with_plan", "need_no_plan"), send_start)
    mh_start = _pick(rng, SUPPORT, [0.65, 0.1, 0.05, 0.2], n)
    mh_end = np.where(mh_start == "none", np.where(rng.random(n) < 0.05, "need_not_offered", "none"),
                      _pick(rng, SUPPORT[1:], [0.15, 0.15, 0.7], n))
    sm_start = _pick(rng, SUPPORT, [0.8, 0.06, 0.04, 0.1], n)
    sm_end = np.where(sm_start == "none", "none", _pick(rng, SUPPORT, [0.2, 0.1, 0.1, 0.6], n))
    sc_start = _pick(rng, SOCIAL_CARE, [0.72, 0.12, 0.06, 0.1], n)
    sc_end = np.where(rng.random(n) < 0.9, sc_start, _pick(rng, SOCIAL_CARE, [0.5, 0.25, 0.1, 0.15], n))
    violent = o["offence_type"].isin(["violence against the person", "robbery"]).to_numpy()
    serious = np.where(violent & (rng.random(n) < 0.35), "Y", "N")
    ooc = np.where((kind == "out_of_court") & closed, np.where(rng.random(n) < 0.85, "Y", "N"), "")
    consented = np.where(rng.random(n) < 0.45, rng.integers(1, 3, n), 0)
    engaged = np.array([int(rng.binomial(c, 0.6)) if c else 0 for c in consented])
    return pd.DataFrame({
        "young_person_id": o["young_person_id"], "date_of_birth": o["date_of_birth"].map(_iso),
        "residence": o["residence"], "intervention_type": kind, "intervention_start": start.map(_iso),
        "intervention_end": end.map(_iso),
        "accommodation_start": acc_start,
        "accommodation_end": at_end(acc_start, 0.5, 0.03, "suitable", "unsuitable"),
        "ete_start": ete_start, "ete_end": at_end(ete_start, 0.35, 0.12, "suitable", "unsuitable"),
        "send_start": send_start, "send_end": np.where(closed, send_end, ""),
        "mental_health_start": mh_start, "mental_health_end": np.where(closed, mh_end, ""),
        "substance_misuse_start": sm_start, "substance_misuse_end": np.where(closed, sm_end, ""),
        "social_care_start": sc_start, "social_care_end": np.where(closed, sc_end, ""),
        "serious_violence": serious, "out_of_court_completed": ooc,
        "victims_consented": consented, "victims_engaged": np.where(closed, engaged, 0),
    }, columns=COLUMNS)


def board_attendance(rng: np.random.Generator) -> pd.DataFrame:
    """The partners expected at each quarterly management board meeting from April 2022 and whether a
    senior representative attended."""
    meetings = pd.date_range("2022-05-15", EXTRACT_END, freq="3MS") + pd.Timedelta(days=14)
    rows = []
    for m in meetings:
        for p in PARTNERS:
            chance = {"childrens_social_care": 0.95, "education": 0.75, "health": 0.7, "police": 0.85,
                      "probation": 0.8}[p]
            rows.append({"meeting_date": _iso(m), "partner": p, "attended": "Y" if rng.random() < chance else "N"})
    return pd.DataFrame(rows, columns=["meeting_date", "partner", "attended"])


def faults(rng: np.random.Generator, kpi: pd.DataFrame, board: pd.DataFrame):
    """Fault rows for each file (row, column, kind, after): each must be rejected by the loader."""
    closed = np.flatnonzero(kpi["intervention_end"].ne("").to_numpy())
    i = int(closed[rng.integers(len(closed))])
    row = kpi.iloc[i].to_dict()
    kpi_faults = [
        ({**row, "intervention_end": _iso(pd.Timestamp(row["intervention_start"]) - pd.Timedelta(days=5))},
         "intervention_end", "end_before_start", None),
        ({**row, "accommodation_end": "tent"}, "accommodation_end", "unknown_code", None),
        ({**row, "intervention_start": "2023-02-30"}, "intervention_start", "invalid_date", None),
        ({**row, "date_of_birth": _iso(pd.Timestamp(row["intervention_start"]) - pd.DateOffset(years=9))},
         "date_of_birth", "under_10_at_start", None),
        ({**row, "young_person_id": ""}, "young_person_id", "missing_id", None),
        ({**row, "victims_engaged": int(row["victims_consented"]) + 1}, "victims_engaged",
         "more_engaged_than_consented", None),
        (row, "young_person_id+intervention_type+intervention_start", "duplicate_row", i),
    ]
    j = int(rng.integers(len(board)))
    brow = board.iloc[j].to_dict()
    board_faults = [({**brow, "attended": "maybe"}, "attended", "unknown_code", None),
                    ({**brow, "partner": ""}, "partner", "missing_partner", None)]
    return kpi_faults, board_faults
