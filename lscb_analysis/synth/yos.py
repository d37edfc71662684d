"""Synthetic youth justice extracts for Exampleshire (fictional), 1 April 2016 to 31 March 2025.

The generator simulates the children of Exampleshire born from April 1991 to March 2015 (about
2,200 a year, as in ``population.csv``) from April 2009, so that children already known to the
youth justice system before the extract begins exist, as in a real extract whose history starts
part-way through some children's careers. Only outcomes dated from 1 April 2016 are written.

* **First time entrants**: a first offence leading to a substantive outcome arrives with a hazard
  by age (peaking at 15-16), sex (about four boys to one girl) and year, falling from about 1,100
  per 100,000 children aged 10-17 in 2009-10 to about 290 in 2016-17 and 140 in 2024-25, close to
  the England trend in the Youth Justice Board's youth justice statistics.
* Some entrants have a triage, community resolution or no further action first (more in later
  years, as diversion grew); other children have only such a contact.
* **Re-offending**: after entry a child offends again as a Poisson process until their 18th
  birthday, at a rate drawn from a mixture (a minority offend often); outcomes escalate with the
  number of previous outcomes; about one in ten further offences ends without a proven outcome.
  About a third of each annual cohort is proven to re-offend within 12 months, as nationally.
* **Custody**: detention and training orders (released half way) and rare long-term detention;
  no offending while in custody. **Remands** precede some court outcomes (mostly custodial ones),
  and a few children are remanded and then acquitted (no outcome).
* **Assessments**: a start assessment (AssetPlus) for each piece of Youth Offending Service
  work, with reviews and end assessments for orders; levels of vulnerability and risk of serious
  harm depend on how often the child offends.

Values are written as real extracts have them: mostly ISO dates with some dd/mm/yyyy and Excel
serial numbers, some labels instead of codes ("Youth Caution", "Male"); the loader accepts these.
Faults are injected as extra rows at known positions and recorded in ``injected_faults.json``
(file, row, column, kind): each must be rejected by :func:`lscb_analysis.yos.load`, and nothing else.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from lscb_analysis.synth import yos_kpi

SEED = 2005
EXTRACT_START = pd.Timestamp("2016-04-01")
EXTRACT_END = pd.Timestamp("2025-03-31")
SIM_START = pd.Timestamp("2009-04-01")
BIRTHS_FROM = pd.Timestamp("1991-04-01")
BIRTHS_TO = pd.Timestamp("2015-03-31")
CHILDREN_PER_YEAR = 2_200

# first time entrants per 100,000 children aged 10-17, by reporting year start (England-like trend)
FTE_RATE = {2009: 1100, 2010: 880, 2011: 700, 2012: 560, 2013: 470, 2014: 400, 2015: 340, 2016: 300,
            2017: 268, 2018: 242, 2019: 220, 2020: 178, 2021: 170, 2022: 160, 2023: 150, 2024: 140}
AGE_FACTOR = np.array([0.15, 0.35, 0.65, 0.95, 1.2, 1.4, 1.5, 1.4])
AGE_FACTOR = AGE_FACTOR / AGE_FACTOR.mean()

OFFENCE_TYPES = ["theft and handling", "violence against the person", "criminal damage", "drugs",
                 "public order", "motoring offences", "robbery", "burglary", "breach of statutory order",
                 "sexual offences", "other"]
OFFENCE_WEIGHTS = np.array([22, 28, 10, 12, 8, 6, 4, 4, 3, 1, 2], dtype=float)
ETHNICITIES = ["WBRI", "WIRI", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN",
               "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "NOBT"]
ETHNICITY_WEIGHTS = np.array([70, 1, 5, 1, 3, 1, 1, 2, 2, 2, 1, 1, 2, 3, 1, 0.5, 2, 1.5])

# outcome given to a proven offence, by the number of earlier substantive outcomes (0, 1, 2+)
ESCALATION = {
    0: (["YC", "YCC", "RO", "FINE", "DISCHARGE", "YRO", "DTO"], [0.52, 0.16, 0.22, 0.03, 0.03, 0.035, 0.005]),
    1: (["YC", "YCC", "RO", "FINE", "DISCHARGE", "COMP", "YRO", "DTO"],
        [0.14, 0.24, 0.30, 0.07, 0.06, 0.02, 0.15, 0.02]),
    2: (["YCC", "RO", "FINE", "DISCHARGE", "YRO", "DTO", "S250"], [0.12, 0.25, 0.10, 0.06, 0.38, 0.08, 0.01]),
}
LABELS = {"YC": "Youth Caution", "YCC": "Youth Conditional Caution", "RO": "Referral Order",
          "YRO": "Youth Rehabilitation Order", "DTO": "Detention and Training Order", "TRIAGE": "Triage",
          "CR": "Community Resolution", "NFA": "No Further Action", "FINE": "Fine",
          "DISCHARGE": "Conditional Discharge"}
CUSTODY = {"DTO", "S250"}
DTO_MONTHS = ([4, 6, 8, 10, 12, 18, 24], [0.25, 0.2, 0.15, 0.1, 0.15, 0.08, 0.07])
SUPERVISED = {"YC", "YCC", "RO", "YRO", "DTO", "S250"}
EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def _hazard_year(months: pd.DatetimeIndex) -> np.ndarray:
    start = np.where(months.month >= 4, months.year, months.year - 1)
    return np.array([FTE_RATE[min(max(y, 2009), 2024)] for y in start], dtype=float) / 100_000


def _children(rng: np.random.Generator) -> pd.DataFrame:
    days = (BIRTHS_TO - BIRTHS_FROM).days + 1
    n = int(round(CHILDREN_PER_YEAR * days / 365.25))
    dob = BIRTHS_FROM + pd.to_timedelta(np.sort(rng.integers(0, days, n)), unit="D")
    sex = np.where(rng.random(n) < 0.512, "M", "F")
    return pd.DataFrame({"dob": dob, "sex": sex})


def _first_offences(rng: np.random.Generator, kids: pd.DataFrame) -> pd.DataFrame:
    """The first offence leading to a substantive outcome, by a monthly hazard (ages 10-17)."""
    months = pd.date_range(SIM_START, EXTRACT_END, freq="MS")
    base = _hazard_year(months) / 12
    sexf = np.where(kids["sex"].to_numpy() == "M", 1.6, 0.4)
    dob_days = kids["dob"].to_numpy().astype("datetime64[D]").astype("int64")
    month_days = months.to_numpy().astype("datetime64[D]").astype("int64")
    found = np.full(len(kids), -1)
    e = rng.exponential(1.0, len(kids))
    for lo in range(0, len(kids), 8_000):
        hi = min(lo + 8_000, len(kids))
        age = (month_days[None, :] - dob_days[lo:hi, None]) / 365.25
        idx = np.clip(np.floor(age).astype(int) - 10, 0, 7)
        h = np.where((age >= 10) & (age < 18), base[None, :] * AGE_FACTOR[idx], 0.0) * sexf[lo:hi, None]
        c = np.cumsum(h, axis=1)
        hit = c >= e[lo:hi, None]
        any_hit = hit.any(axis=1)
        found[lo:hi] = np.where(any_hit, hit.argmax(axis=1), -1)
    who = np.flatnonzero(found >= 0)
    start = months[found[who]]
    offence = start + pd.to_timedelta(rng.integers(0, 28, len(who)), unit="D")
    dob = kids["dob"].iloc[who].reset_index(drop=True)
    tenth = dob + pd.DateOffset(years=10)
    last = dob + pd.DateOffset(years=18) - pd.Timedelta(days=1)
    offence = pd.Series(offence).clip(lower=tenth, upper=last)
    return pd.DataFrame({"child": who, "offence": offence.to_numpy()})


def _pick(rng, options):
    codes, p = options
    return codes[rng.choice(len(codes), p=np.asarray(p) / np.sum(p))]


def _date_text(rng: np.random.Generator, dates: pd.Series, share_dmy: float = 0.12,
               share_serial: float = 0.03) -> pd.Series:
    """Dates as an extract has them: ISO, some dd/mm/yyyy, a few Excel serial numbers."""
    r = rng.random(len(dates))
    iso = dates.dt.strftime("%Y-%m-%d")
    dmy = dates.dt.strftime("%d/%m/%Y")
    serial = ((dates - EXCEL_EPOCH).dt.days).astype("Int64").astype(str)
    out = np.where(r < share_dmy, dmy, np.where(r < share_dmy + share_serial, serial, iso))
    return pd.Series(out, index=dates.index).where(dates.notna(), "")


def _simulate(rng: np.random.Generator):
    kids = _children(rng)
    first = _first_offences(rng, kids)
    kids["id"] = ["YP" + str(x) for x in rng.choice(np.arange(1_000_000, 9_999_999), len(kids), replace=False)]
    kids["ethnicity"] = np.array(ETHNICITIES)[rng.choice(len(ETHNICITIES), len(kids),
                                                         p=ETHNICITY_WEIGHTS / ETHNICITY_WEIGHTS.sum())]
    outcomes, releases, remands, assessments = [], [], [], []
    for child, offence in zip(first["child"].tolist(), first["offence"].tolist()):
        k = kids.iloc[child]
        dob, cid = k["dob"], k["id"]
        eighteenth = dob + pd.DateOffset(years=18)
        persistent = rng.random() < 0.20 + (0.08 if offence - dob < pd.Timedelta(days=int(13 * 365.25)) else 0)
        rate = rng.gamma(3.0, 0.5) if persistent else rng.gamma(1.0, 0.15)  # offences per year
        level = 2 if persistent else 0
        # diversion before entry
        if rng.random() < min(0.5, 0.15 + 0.035 * max(0, offence.year - 2013)):
            d_off = offence - pd.Timedelta(days=int(rng.integers(30, 300)))
            if d_off >= dob + pd.DateOffset(years=10):
                code = ["TRIAGE", "CR", "NFA"][rng.choice(3, p=[0.5, 0.35, 0.15])]
                outcomes.append((cid, d_off, d_off + pd.Timedelta(days=int(rng.integers(5, 40))), code,
                                 rng.choice(len(OFFENCE_TYPES), p=OFFENCE_WEIGHTS / OFFENCE_WEIGHTS.sum()), level))
        previous = 0
        t = offence
        while t < eighteenth and t <= EXTRACT_END:
            otype = int(rng.choice(len(OFFENCE_TYPES), p=OFFENCE_WEIGHTS / OFFENCE_WEIGHTS.sum()))
            if previous > 0 and rng.random() < 0.10:
                code = ["CR", "NFA"][rng.choice(2)]
            else:
                code = _pick(rng, ESCALATION[min(previous, 2)])
            court = code not in {"YC", "YCC", "CR", "NFA", "TRIAGE"}
            delay = int(rng.integers(60, 200)) if court else int(rng.integers(7, 60))
            outcome = t + pd.Timedelta(days=delay)
            outcomes.append((cid, t, outcome, code, otype, level))
            if rng.random() < 0.15:  # a second offence dealt with on the same occasion
                t2 = t - pd.Timedelta(days=int(rng.integers(1, 40)))
                if t2 >= dob + pd.DateOffset(years=10):
                    outcomes.append((cid, t2, outcome, code, int(rng.choice(len(OFFENCE_TYPES))), level))
            if code not in {"CR", "NFA"}:
                previous += 1
            # remands before court outcomes
            if court:
                p_custody = 0.45 if code in CUSTODY else 0.04
                r = rng.random()
                start = t + pd.Timedelta(days=int(rng.integers(1, 14)))
                if start < outcome:
                    if r < p_custody:
                        remands.append((cid, start, outcome, "custody"))
                    elif r < p_custody + 0.08:
                        remands.append((cid, start, outcome, "bail_supervision"))
                    elif r < p_custody + 0.11:
                        remands.append((cid, start, outcome, "local_authority_accommodation"))
            # assessments for Youth Offending Service work
            if code in SUPERVISED:
                a_date = outcome + pd.Timedelta(days=int(rng.integers(0, 15)))
                assessments.append((cid, a_date, "start", level + int(rng.random() < 0.3)))
                if code in {"RO", "YRO", "DTO", "S250"}:
                    if rng.random() < 0.7:
                        assessments.append((cid, a_date + pd.Timedelta(days=90), "review", level))
                    if rng.random() < 0.6:
                        assessments.append((cid, a_date + pd.Timedelta(days=int(rng.integers(180, 365))), "end", level))
            free = outcome
            if code in CUSTODY:
                months = _pick(rng, DTO_MONTHS) if code == "DTO" else int(rng.integers(24, 61))
                release = outcome + pd.DateOffset(months=months // 2)
                releases.append((cid, release))
                free = release
            else:
                free = t
            gap = pd.Timedelta(days=max(1, int(rng.exponential(365.25 / max(rate, 1e-3)))))
            t = max(free, t) + gap
            if not persistent and previous >= 3:
                rate *= 0.7
    # children remanded and then acquitted (no outcome)
    acquitted = rng.choice(np.flatnonzero((kids["dob"] < EXTRACT_END - pd.DateOffset(years=12)).to_numpy()
                                          & (kids["dob"] > EXTRACT_START - pd.DateOffset(years=16)).to_numpy()),
                           12, replace=False)
    for child in acquitted.tolist():
        k = kids.iloc[child]
        start = k["dob"] + pd.DateOffset(years=15) + pd.Timedelta(days=int(rng.integers(0, 700)))
        if EXTRACT_START <= start <= EXTRACT_END:
            remands.append((k["id"], start, start + pd.Timedelta(days=int(rng.integers(5, 90))), "custody"))
    # diversion-only contacts for children never formally dealt with
    entrants = set(first["child"].tolist())
    pool = np.array([i for i in range(len(kids)) if i not in entrants])
    for year, rate in FTE_RATE.items():
        if year < 2016:
            continue
        n = int(rng.poisson(rate * 0.55 / 100_000 * CHILDREN_PER_YEAR * 8 * (1 + 0.06 * (year - 2016))))
        start = pd.Timestamp(year, 4, 1)
        for _ in range(n):
            d = start + pd.Timedelta(days=int(rng.integers(0, 365)))
            child = int(rng.choice(pool))
            dob = kids["dob"].iloc[child]
            if not (dob + pd.DateOffset(years=10) <= d < dob + pd.DateOffset(years=18)):
                continue
            code = ["TRIAGE", "CR", "NFA"][rng.choice(3, p=[0.45, 0.4, 0.15])]
            outcomes.append((kids["id"].iloc[child], d, d + pd.Timedelta(days=int(rng.integers(5, 40))), code,
                             int(rng.choice(len(OFFENCE_TYPES), p=OFFENCE_WEIGHTS / OFFENCE_WEIGHTS.sum())), 0))
    return kids, outcomes, releases, remands, assessments


def _levels(rng: np.random.Generator, severity: np.ndarray, kind: str) -> np.ndarray:
    """Assessment levels by severity (0 occasional, 1 more concern, 2 persistent, 3 most concern)."""
    table = {
        "vulnerability": [[0.64, 0.27, 0.08, 0.01], [0.50, 0.33, 0.15, 0.02], [0.33, 0.40, 0.22, 0.05],
                          [0.22, 0.40, 0.29, 0.09]],
        "risk_of_serious_harm": [[0.62, 0.35, 0.03, 0.0], [0.52, 0.42, 0.06, 0.0], [0.38, 0.50, 0.11, 0.01],
                                 [0.28, 0.52, 0.17, 0.03]],
    }[kind]
    levels = np.array(["low", "medium", "high", "very_high"])
    u = rng.random(len(severity))
    cum = np.cumsum(np.asarray(table)[np.clip(severity, 0, 3)], axis=1)
    return levels[(u[:, None] > cum).sum(axis=1).clip(0, 3)]


def _frames(rng: np.random.Generator):
    kids, outcomes, releases, remands, assessments = _simulate(rng)
    info = kids.set_index("id")
    o = pd.DataFrame(outcomes, columns=["young_person_id", "offence_date", "outcome_date", "outcome", "otype", "level"])
    o = o[o["outcome_date"].between(EXTRACT_START, EXTRACT_END)]
    o = o.assign(offence_type=np.array(OFFENCE_TYPES)[o["otype"].to_numpy()])
    o = o.drop_duplicates(["young_person_id", "offence_date", "outcome_date", "outcome", "offence_type"])
    o = o.sort_values(["outcome_date", "young_person_id", "offence_date", "offence_type"], kind="stable")
    o = o.reset_index(drop=True)
    o["date_of_birth"] = o["young_person_id"].map(info["dob"])
    o["sex"] = o["young_person_id"].map(info["sex"])
    o["ethnicity"] = o["young_person_id"].map(info["ethnicity"])
    o["residence"] = "Exampleshire"
    known = set(o["young_person_id"])

    r = pd.DataFrame(releases, columns=["young_person_id", "release_date"])
    r = r[r["release_date"].between(EXTRACT_START, EXTRACT_END) & r["young_person_id"].isin(known)]
    r = r.drop_duplicates().sort_values(["release_date", "young_person_id"], kind="stable").reset_index(drop=True)

    m = pd.DataFrame(remands, columns=["young_person_id", "remand_start", "remand_end", "remand_type"])
    m = m[m["remand_start"].between(EXTRACT_START, EXTRACT_END)]
    m.loc[m["remand_end"] > EXTRACT_END, "remand_end"] = pd.NaT
    m = m.drop_duplicates(["young_person_id", "remand_start", "remand_type"])
    m = m.sort_values(["remand_start", "young_person_id"], kind="stable").reset_index(drop=True)

    a = pd.DataFrame(assessments, columns=["young_person_id", "assessment_date", "stage", "severity"])
    a = a[a["assessment_date"].between(EXTRACT_START, EXTRACT_END)]
    a = a.drop_duplicates(["young_person_id", "assessment_date", "stage"])
    a = a.sort_values(["assessment_date", "young_person_id", "stage"], kind="stable").reset_index(drop=True)
    sev = a["severity"].to_numpy()
    a["vulnerability"] = _levels(rng, sev, "vulnerability")
    a["risk_of_serious_harm"] = _levels(rng, sev, "risk_of_serious_harm")
    return o, r, m, a


def _as_text(rng: np.random.Generator, o, r, m, a):
    """The clean tables as an extract writes them (mixed date formats, some labels)."""
    out_o = pd.DataFrame({
        "young_person_id": o["young_person_id"],
        "date_of_birth": _date_text(rng, o["date_of_birth"], 0.1, 0.0),
        "sex": o["sex"].where(rng.random(len(o)) > 0.05, o["sex"].map({"M": "Male", "F": "Female"})),
        "ethnicity": o["ethnicity"],
        "residence": o["residence"],
        "offence_date": _date_text(rng, o["offence_date"]),
        "outcome_date": _date_text(rng, o["outcome_date"]),
        "outcome": o["outcome"].where((rng.random(len(o)) > 0.05) | ~o["outcome"].isin(list(LABELS)),
                                      o["outcome"].map(LABELS)),
        "offence_type": o["offence_type"],
    })
    out_r = pd.DataFrame({"young_person_id": r["young_person_id"], "release_date": _date_text(rng, r["release_date"])})
    out_m = pd.DataFrame({"young_person_id": m["young_person_id"],
                          "remand_start": _date_text(rng, m["remand_start"]),
                          "remand_end": _date_text(rng, m["remand_end"]),
                          "remand_type": m["remand_type"]})
    labels = {"low": "Low", "medium": "Medium", "high": "High", "very_high": "Very High"}
    relabel = rng.random(len(a)) < 0.08
    blank = rng.random(len(a)) < 0.01
    out_a = pd.DataFrame({"young_person_id": a["young_person_id"],
                          "assessment_date": _date_text(rng, a["assessment_date"]),
                          "stage": a["stage"],
                          "vulnerability": a["vulnerability"].where(~relabel, a["vulnerability"].map(labels))
                          .where(~blank, ""),
                          "risk_of_serious_harm": a["risk_of_serious_harm"].where(~relabel,
                                                                                  a["risk_of_serious_harm"].map(labels))})
    return out_o, out_r, out_m, out_a


def _iso(d) -> str:
    return pd.Timestamp(d).strftime("%Y-%m-%d")


def _insert(rng: np.random.Generator, clean: pd.DataFrame, faults: list[tuple[dict, str, str, int | None]],
            file: str) -> tuple[pd.DataFrame, list[dict]]:
    """Insert fault rows (row dict, column, kind, index of the row it must follow or None) at random
    positions; return the file's rows and the faults with their spreadsheet row numbers (header = 1)."""
    rows = clean.to_dict("records")
    order = list(range(len(rows)))  # positions of clean rows
    inserted = []  # (position key, fault row, column, kind)
    for row, column, kind, after in faults:
        lo = (after + 1) if after is not None else 0
        pos = int(rng.integers(lo, len(rows) + 1))
        inserted.append((pos - 0.5 + rng.random() * 0.4, row, column, kind))
    keys = [(float(i), "clean", i) for i in order] + [(k, "fault", j) for j, (k, *_r) in enumerate(inserted)]
    keys.sort(key=lambda x: (x[0], x[1]))
    final, log = [], []
    for n, (_, what, i) in enumerate(keys):
        if what == "clean":
            final.append(rows[i])
        else:
            _, row, column, kind = inserted[i]
            final.append(row)
            log.append({"file": file, "row": n + 2, "column": column, "kind": kind})
    return pd.DataFrame(final, columns=clean.columns), sorted(log, key=lambda f: f["row"])


def _outcome_faults(rng, text: pd.DataFrame, o: pd.DataFrame):
    faults = []
    ages = (o["offence_date"] - o["date_of_birth"]).dt.days / 365.25
    per_child = o["young_person_id"].map(o["young_person_id"].value_counts())

    def base(i, **changes):
        row = text.iloc[i].to_dict()
        row.update(changes)
        return row

    def pick(mask):
        return int(rng.choice(np.flatnonzero(np.asarray(mask))))

    for _ in range(2):  # offence before the child's 10th birthday
        i = pick(ages < 12)
        off = o["date_of_birth"].iloc[i] + pd.DateOffset(years=9) + pd.Timedelta(days=int(rng.integers(30, 300)))
        faults.append((base(i, offence_date=_iso(off), outcome_date=_iso(off + pd.Timedelta(days=40))),
                       "offence_date", "below_age_of_criminal_responsibility", None))
    i = pick((o["date_of_birth"] + pd.DateOffset(years=18, months=3) < EXTRACT_END) & (ages > 16))
    off = o["date_of_birth"].iloc[i] + pd.DateOffset(years=18) + pd.Timedelta(days=20)
    faults.append((base(i, offence_date=_iso(off), outcome_date=_iso(off + pd.Timedelta(days=40))),
                   "offence_date", "aged_18_or_over_at_offence", None))
    for bad in ("31/02/2019", "2020-13-05"):
        faults.append((base(pick(ages > 0), outcome_date=bad), "outcome_date", "invalid_date", None))
    for bad in ("CAUTN", "YC?"):
        faults.append((base(pick(ages > 0), outcome=bad), "outcome", "unknown_outcome_code", None))
    for _ in range(2):
        i = pick(ages > 0)
        out = o["outcome_date"].iloc[i]
        faults.append((base(i, offence_date=_iso(out + pd.Timedelta(days=20)), outcome_date=_iso(out)),
                       "offence_date", "offence_after_outcome", None))
    faults.append((base(pick(ages > 0), young_person_id=""), "young_person_id", "missing_id", None))
    faults.append((base(pick(ages > 0), outcome_date=""), "outcome_date", "missing_date", None))
    faults.append((base(pick(ages > 0), sex="X"), "sex", "unknown_sex", None))
    for _ in range(2):  # a date of birth that disagrees with the child's other records
        i = pick((ages > 12) & (ages < 16.5) & (per_child >= 2))
        off = o["offence_date"].iloc[i] + pd.Timedelta(days=5)
        faults.append((base(i, date_of_birth=_iso(o["date_of_birth"].iloc[i] - pd.DateOffset(years=1)),
                            offence_date=_iso(off), outcome_date=_iso(o["outcome_date"].iloc[i] + pd.Timedelta(days=5))),
                       "date_of_birth", "inconsistent_date_of_birth", None))
    for _ in range(3):
        i = pick(ages > 0)
        faults.append((base(i), "young_person_id+date_of_birth+offence_date+outcome_date+outcome+offence_type",
                       "duplicate_row", i))
    return faults


def generate(area_dir: Path, seed: int = SEED) -> dict:
    """Write ``yos/outcomes.csv``, ``custody_releases.csv``, ``remands.csv``, ``assessments.csv`` and the
    key performance indicator extracts ``kpi_interventions.csv`` and ``board_attendance.csv``
    (:mod:`lscb_analysis.synth.yos_kpi`) into ``area_dir`` and ``yos/injected_faults.json`` beside them; return what was written and
    every fault injected (file, row, column, kind). Same seed, same bytes."""
    rng = np.random.default_rng(seed)
    o, r, m, a = _frames(rng)
    to, tr, tm, ta = _as_text(rng, o, r, m, a)
    frng = np.random.default_rng(seed + 1)
    files = {}
    log: list[dict] = []

    t, f = _insert(frng, to, _outcome_faults(frng, to, o), "yos/outcomes.csv")
    files["outcomes.csv"], log = t, log + f

    i = int(frng.integers(len(tr)))
    rel_faults = [({**tr.iloc[i].to_dict(), "release_date": "2021-02-30"}, "release_date", "invalid_date", None),
                  ({"young_person_id": "YP0000123", "release_date": _iso(r["release_date"].iloc[i])},
                   "young_person_id", "unlinked_young_person", None),
                  (tr.iloc[i].to_dict(), "young_person_id+release_date", "duplicate_row", i)]
    t, f = _insert(frng, tr, rel_faults, "yos/custody_releases.csv")
    files["custody_releases.csv"], log = t, log + f

    i = int(frng.integers(len(tm)))
    start = m["remand_start"].iloc[i]
    rem_faults = [({**tm.iloc[i].to_dict(), "remand_start": _iso(start + pd.Timedelta(days=3)),
                    "remand_end": _iso(start - pd.Timedelta(days=10))}, "remand_end", "end_before_start", None),
                  ({**tm.iloc[i].to_dict(), "remand_type": "house arrest"}, "remand_type", "unknown_remand_type", None),
                  ({**tm.iloc[i].to_dict(), "remand_start": "2019-02-29"}, "remand_start", "invalid_date", None)]
    t, f = _insert(frng, tm, rem_faults, "yos/remands.csv")
    files["remands.csv"], log = t, log + f

    i = int(frng.integers(len(ta)))
    ass_faults = [({**ta.iloc[i].to_dict(), "vulnerability": "extreme"}, "vulnerability", "unknown_level", None),
                  ({**ta.iloc[i].to_dict(), "stage": "screening"}, "stage", "unknown_stage", None),
                  ({**ta.iloc[i].to_dict(), "assessment_date": ""}, "assessment_date", "missing_date", None),
                  (ta.iloc[i].to_dict(), "young_person_id+assessment_date+stage", "duplicate_row", i)]
    t, f = _insert(frng, ta, ass_faults, "yos/assessments.csv")
    files["assessments.csv"], log = t, log + f

    krng = np.random.default_rng(seed + 2)  # its own generator: the files above keep their bytes
    kpi, board = yos_kpi.interventions(krng, o), yos_kpi.board_attendance(krng)
    kpi_faults, board_faults = yos_kpi.faults(krng, kpi, board)
    t, f = _insert(krng, kpi, kpi_faults, "yos/kpi_interventions.csv")
    files["kpi_interventions.csv"], log = t, log + f
    t, f = _insert(krng, board, board_faults, "yos/board_attendance.csv")
    files["board_attendance.csv"], log = t, log + f

    folder = Path(area_dir) / "yos"
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in files.items():
        (folder / name).write_bytes(df.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    record = {"section": "yos", "seed": seed, "extract_start": _iso(EXTRACT_START), "extract_end": _iso(EXTRACT_END),
              "files": {f"yos/{k}": len(v) for k, v in files.items()}, "injected_faults": log}
    (folder / "injected_faults.json").write_text(json.dumps(record, indent=2) + "\n")
    return record
