"""Synthetic child protection extracts for the fictional area Exampleshire.

Writes, under ``<area_dir>``:

* ``cin_census/cin_census_2019-20.xml`` ... ``cin_census_2024-25.xml``: CIN census returns, each holding
  the episodes open at any point in its year (an episode open across 31 March is in both returns), each valid
  against its collection year's schema (element order, ``GenderCurrent`` or ``Sex``, that year's codes) except
  where a fault is injected (``NumberOfPreviousCPP`` 0 for a first plan is recorded as DfE's validation rule
  8730 asks, "greater than or equal to zero"; :func:`lscb_analysis.inputs.cin_spec.validate` does not count it);
* ``contacts.csv``: Ofsted Annex A list 1 contacts for 2023-24 and 2024-25, with the council's date of decision
  on each (:mod:`lscb_analysis.synth.contact_decisions`; its faults listed apart, under ``decision_date_faults``;
  the Annex A list 8 faults that only the missing children section catches under ``annex_a_list8_faults``);
* ``ssda903/episodes.csv``: SSDA903 looked-after episodes open at any time from 1 April 2019,
  including short breaks (legal status V3/V4);
* ``annex_a/annex_a_2024-25.xlsx``: Ofsted's Annex A workbook for 2024-25 in the template's layout and labels
  (lists 3, 5, 7 and 8; :mod:`lscb_analysis.synth.cp_formats`), and ``ssda903/header.csv`` and
  ``ssda903/missing.csv`` as the DfE's SSDA903 CSV format lays them out;
* ``injected_faults.json``: every fault injected (file, row, column, kind, and for faults the loader
  should repair, the value it should end up with), every record expected to be superseded by the same
  record in a later census return, and the fault rates.

Activity follows England's published rates for each year (referrals, re-referrals, no further
action, section 47 enquiries, initial conferences and their timeliness, plans and repeat plans,
lengths of plans, factors at assessment; DfE children in need statistics in ``data/raw/dfe``), applied
to the area's population (``population.csv``). Seeded with numpy's ``default_rng``: the same seed gives
byte-identical files.
"""

from __future__ import annotations

import bisect
import gzip
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from lscb_analysis.core.periods import ReportingYear, add_working_days
from lscb_analysis.inputs import cin_spec, dfe, population
from lscb_analysis.sections.child_protection import FACTORS, KEYS
from lscb_analysis.synth.contact_decisions import Decisions
from lscb_analysis.synth.cp_formats import _annex_a_workbook, _label, _write_903_more

AREA = "Exampleshire"
SEED = 2025
FIRST_RETURN, LAST_RETURN = 2019, 2024  # start years of the census returns written
SIM_FROM = 2016  # activity is simulated from April 2016 so that early returns have a history
CONTACT_YEARS = (2023, 2024)

# fault rates (share of records of the table concerned)
RATES = {
    "stray_spaces": 0.006, "lower_case_code": 0.006, "annex_a_label": 0.01, "date_format": 0.02,
    "unknown_code": 0.002, "end_before_start": 0.002, "missing_identifier": 0.001, "duplicate_row": 0.003,
}
# the loader should repair these (value kept, cleaned); the others it should reject
REPAIRED = {"stray_spaces", "lower_case_code", "annex_a_label", "date_format"}

SOURCE_WEIGHTS = {"1A": 2, "1B": 3, "1C": 1, "1D": 1, "2A": 20, "2B": 1, "3A": 2, "3B": 2, "3C": 1, "3D": 2,
                  "3E": 3, "3F": 5, "4": 2, "5A": 6, "5B": 3, "5C": 2, "5D": 4, "6": 29, "7": 3, "8": 5, "9": 2,
                  "10": 1}
SOURCE_LABELS = {"2A": "Schools", "6": "Police", "3E": "Health services: A&E", "5D": "LA services: early help",
                 "1A": "Individual: family member, relative or carer", "8": "Other"}
CATEGORY_WEIGHTS = {"NEG": 0.50, "EMO": 0.36, "PHY": 0.065, "SAB": 0.04, "MUL": 0.035}
# age at a new child's first referral (DfE children in need by age, rounded)
AGE_WEIGHTS = {"unborn": 0.03, 0: 0.08, 1: 0.05, 2: 0.05, 3: 0.05, 4: 0.05, 5: 0.047, 6: 0.047, 7: 0.046, 8: 0.046,
               9: 0.046, 10: 0.057, 11: 0.057, 12: 0.057, 13: 0.057, 14: 0.057, 15: 0.057, 16: 0.06, 17: 0.04}
ETHNICITIES = {"WBRI": 0.70, "WOTH": 0.06, "MWBC": 0.04, "MOTH": 0.03, "AIND": 0.03, "APKN": 0.03, "BAFR": 0.04,
               "BCRB": 0.02, "OOTH": 0.02, "NOBT": 0.03}
# lengths of plans (months) chosen so that plans at 31 March fall into the DfE D5 bands as in England
PLAN_MONTHS = [((1, 3), 0.12), ((3, 6), 0.25), ((6, 12), 0.42), ((12, 24), 0.19), ((24, 30), 0.02)]
PLACEMENTS = {"U1": 0.15, "U2": 0.05, "U3": 0.02, "U4": 0.25, "U5": 0.06, "U6": 0.05, "K2": 0.13, "P1": 0.07,
              "H5": 0.06, "R1": 0.02, "Z1": 0.02, "A6": 0.02, "S1": 0.02, "T0": 0.04}
LEGAL = {"C2": 0.56, "V2": 0.20, "C1": 0.08, "E1": 0.05, "J2": 0.02, "L2": 0.04, "D1": 0.05}
ENDINGS = {"E13": 0.3, "E41": 0.1, "E11": 0.1, "E12": 0.08, "E8": 0.15, "E45": 0.07, "E4A": 0.1, "E15": 0.1}


_CUMULATIVE: dict[tuple, tuple[list, list[float]]] = {}


def _choice(rng, weights: dict):
    """One key of ``weights`` drawn with probability proportional to its weight (one uniform draw)."""
    key = tuple(weights.items())
    cached = _CUMULATIVE.get(key)
    if cached is None:
        total = float(sum(weights.values()))
        cumulative = list(np.cumsum([w / total for w in weights.values()]))
        cached = _CUMULATIVE[key] = (list(weights), cumulative)
    keys, cumulative = cached
    return keys[min(bisect.bisect_right(cumulative, rng.random()), len(keys) - 1)]


def _iso(d) -> str:
    return "" if d is None or pd.isna(d) else pd.Timestamp(d).strftime("%Y-%m-%d")


def _dmy(d) -> str:
    return "" if d is None or pd.isna(d) else pd.Timestamp(d).strftime("%d/%m/%Y")


def _excel(d) -> str:
    return str((pd.Timestamp(d) - pd.Timestamp("1899-12-30")).days)


def national_rates() -> pd.DataFrame:
    """England's published figures by reporting year (value column per indicator) that drive the sample."""
    e = dfe.england()
    e = e[e["breakdown"].eq("all") & e["unit"].isin(["percent", "per 10,000 aged 0-17"])]
    wide = e.pivot_table(index="period", columns="indicator", values="value", aggfunc="first")
    c1 = pd.read_csv(dfe.data_dir() / dfe.FILES["c1"], dtype=str, encoding="utf-8-sig")
    c1 = c1[c1["geographic_level"].eq("National")]
    nin = pd.Series(pd.to_numeric(c1["not_in_need_percent"], errors="coerce").to_numpy(),
                    index=[ReportingYear.from_time_period(int(t)).label for t in c1["time_period"]])
    wide["not_in_need"] = nin
    wide = wide.sort_index()
    return wide.ffill().bfill()


def factor_rates() -> pd.DataFrame:
    """England's percentage of assessments with each factor, by year (codes as in the CIN census)."""
    e = dfe.england()
    e = e[e["indicator"].eq("assessment_factors") & e["unit"].eq("percent")]
    wide = e.pivot_table(index="period", columns="breakdown", values="value", aggfunc="first").sort_index()
    return wide.ffill().bfill()


@dataclass
class Episode:
    child: str
    referral: pd.Timestamp
    source: str
    need: str
    nfa: bool
    closure: pd.Timestamp | None = None
    reason: str = ""
    assessments: list = field(default_factory=list)  # (start, auth, [codes])
    s47: list = field(default_factory=list)  # (start, target, icpc, not_required)
    plans: list = field(default_factory=list)  # dicts


class _Sim:
    def __init__(self, rng, pop, rates, factors):
        self.rng, self.pop = rng, pop
        self.rates = {period: row.to_dict() for period, row in rates.iterrows()}
        # per year: (code, probability) for each factor code DfE publishes a percentage for
        self.factors = {}
        for period, row in factors.iterrows():
            by_name = {b.split(":", 1)[1]: v / 100 for b, v in row.items() if pd.notna(v)}
            self.factors[period] = [(code, by_name[name]) for code, name in FACTORS.items()
                                    if name in by_name and code not in ("8C", "8D", "8E", "8F")]
        self.latest_factor_year = max(self.factors)
        self.children: dict[str, dict] = {}
        self.episodes: list[Episode] = []
        self.last: dict[str, tuple[pd.Timestamp, pd.Timestamp]] = {}  # child -> (last referral, closure)
        self.recent: list[tuple[pd.Timestamp, str]] = []  # (referral date, child), in date order
        self.plans_of: dict[str, int] = {}
        self.next_id = 100001
        self.repeat_share = []

    def new_child(self, when: pd.Timestamp) -> str:
        rng = self.rng
        cid = f"EX{self.next_id}"
        self.next_id += 1
        age = _choice(rng, AGE_WEIGHTS)
        if age == "unborn":
            dob = when + pd.Timedelta(days=int(rng.integers(20, 160)))
            sex = _choice(rng, {"U": 0.6, "M": 0.2, "F": 0.2})
        else:
            dob = when - pd.Timedelta(days=int(age * 365.25 + rng.integers(0, 180 if age == 17 else 365)))
            sex = _choice(rng, {"M": 0.51, "F": 0.48, "U": 0.01})
        self.children[cid] = {"dob": dob, "sex": sex, "eth": _choice(rng, ETHNICITIES), "unborn_at_first": age == "unborn"}
        return cid

    def pick_child(self, when: pd.Timestamp, want_rereferral: bool) -> str:
        rng = self.rng
        if want_rereferral:
            lo = bisect.bisect_left(self.recent, (when - pd.DateOffset(months=12), ""))
            hi = bisect.bisect_left(self.recent, (when, ""))
            for _ in range(30):
                if hi <= lo:
                    break
                d, c = self.recent[int(rng.integers(lo, hi))]
                last, closed = self.last[c]
                dob = self.children[c]["dob"]
                if last == d and closed is not None and closed < when and when < dob + pd.DateOffset(years=17, months=6):
                    return c
        return self.new_child(when)

    def year_rates(self, when: pd.Timestamp) -> dict:
        return self.rates[ReportingYear.containing(when).label]

    def referral(self, when: pd.Timestamp) -> None:
        rng, r = self.rng, self.year_rates(when)
        child = self.pick_child(when, rng.random() < r["rereferrals_within_12_months"] / 100)
        ep = Episode(child=child, referral=when, source=_choice(rng, SOURCE_WEIGHTS),
                     need=_choice(rng, {"N1": 0.55, "N2": 0.08, "N3": 0.05, "N4": 0.18, "N5": 0.04, "N6": 0.02,
                                        "N7": 0.01, "N8": 0.04, "N9": 0.03}), nfa=False)
        dob = self.children[child]["dob"]
        eighteen = dob + pd.DateOffset(years=18)
        if rng.random() < r["referrals_nfa"] / 100:
            ep.nfa, ep.closure, ep.reason = True, when, "RC8"
        else:
            self._assess_and_protect(ep, r, eighteen)
        self.episodes.append(ep)
        self.last[child] = (when, ep.closure)
        bisect.insort(self.recent, (when, child))

    def _assess_and_protect(self, ep: Episode, r: dict, eighteen: pd.Timestamp) -> None:
        rng, when = self.rng, ep.referral
        start = when + pd.Timedelta(days=int(rng.integers(0, 4)))
        wd = int(rng.integers(5, 46)) if rng.random() < 0.86 else int(rng.integers(46, 81))
        auth = add_working_days(when, wd)
        probs = self.factors.get(ReportingYear.containing(auth).label, self.factors[self.latest_factor_year])
        draws = rng.random(len(probs))
        codes = [code for (code, p), u in zip(probs, draws) if u < p]
        ep.assessments.append((start, auth, codes or ["21"]))
        end = auth
        not_in_need = rng.random() < r["not_in_need"] / (100 - r["referrals_nfa"])
        s47_share = r["section_47_enquiries"] / r["referrals"] / (1 - r["referrals_nfa"] / 100)
        plan_end = None
        if rng.random() < s47_share:
            s_start = when + pd.Timedelta(days=int(rng.integers(0, 8)))
            target = add_working_days(s_start, 15)
            icpc, not_required = None, False
            if rng.random() < r["section_47_to_icpc"] / 100:
                band = rng.random()
                within = r["icpc_within_15_working_days"] / 100
                days = int(rng.integers(5, 16)) if band < within else int(rng.integers(16, 31))
                icpc = add_working_days(s_start, days)
                end = max(end, icpc)
                if rng.random() < r["icpc_to_plan"] / 100 and icpc < eighteen - pd.Timedelta(days=60):
                    plan_end = self._plan(ep, icpc, r, eighteen)
                    not_in_need = False
            else:
                not_required = True
            ep.s47.append((s_start, target, icpc, not_required))
        if plan_end is not None:
            closure = plan_end + pd.Timedelta(days=int(rng.integers(0, 120)))
        elif not_in_need:
            closure = end
        else:
            closure = end + pd.Timedelta(days=int(rng.gamma(1.5, 6.6) * 30.4))
        if closure >= eighteen:
            ep.closure, ep.reason = eighteen - pd.Timedelta(days=1), "RC7"
        else:
            ep.closure, ep.reason = closure, ("RC8" if not_in_need else _choice(rng, {"RC7": 0.7, "RC9": 0.2,
                                                                                        "RC5": 0.05, "RC3": 0.05}))

    def _plan(self, ep: Episode, start: pd.Timestamp, r: dict, eighteen: pd.Timestamp) -> pd.Timestamp:
        rng = self.rng
        lo, hi = PLAN_MONTHS[int(rng.choice(len(PLAN_MONTHS), p=[w for _, w in PLAN_MONTHS]))][0]
        end = start + pd.Timedelta(days=int(rng.uniform(lo, hi) * 30.44))
        end = min(end, eighteen - pd.Timedelta(days=1))
        earlier = self.plans_of.get(ep.child, 0)
        # plans for children with an earlier plan here are repeats; the rest of England's repeat share comes
        # from plans before 2016 or in another authority (NumberOfPreviousCPP)
        target = r["cp_plans_second_or_subsequent"] / 100
        here = sum(self.repeat_share) / len(self.repeat_share) if self.repeat_share else 0.0
        q = max(0.0, min(1.0, (target - here) / (1 - here)))
        previous = earlier if earlier else (int(rng.integers(1, 3)) if rng.random() < q else 0)
        self.repeat_share.append(1.0 if earlier else 0.0)
        self.plans_of[ep.child] = earlier + 1
        cat = _choice(rng, CATEGORY_WEIGHTS)
        latest = cat if rng.random() < 0.93 else _choice(rng, CATEGORY_WEIGHTS)
        reviews, last = [], start
        first = True
        while True:
            if first:
                gap = int(rng.integers(60, 86)) if rng.random() < 0.96 else int(rng.integers(96, 115))
            else:
                gap = int(rng.integers(120, 176)) if rng.random() < 0.97 else int(rng.integers(190, 205))
            nxt = last + pd.Timedelta(days=gap)
            if nxt >= end:
                break
            reviews.append(nxt)
            last, first = nxt, False
        ep.plans.append({"start": start, "end": end, "initial": cat, "latest": latest, "previous": previous,
                         "reviews": reviews})
        return end


def simulate(seed: int = SEED, area_dir: Path | None = None) -> tuple[_Sim, pd.DataFrame]:
    """Run the referral-to-plan simulation from April 2016 to March 2025 (deterministic for a seed)."""
    rng = np.random.default_rng(seed)
    pop = population.load(area_dir) if area_dir is not None else None
    rates = national_rates()
    sim = _Sim(rng, pop, rates, factor_rates())
    for start_year in range(SIM_FROM, LAST_RETURN + 1):
        y = ReportingYear(start_year)
        n_children = population.for_year(pop, AREA, y)
        if n_children != n_children:
            n_children = 40_000.0
        expected = sim.rates[y.label]["referrals"] * n_children / 10_000
        n = int(rng.poisson(expected))
        days = pd.date_range(y.start, y.end, freq="D")
        weight = np.where(days.day_of_week < 5, 1.0, 0.25)
        picks = np.sort(rng.choice(len(days), size=n, p=weight / weight.sum()))
        for i in picks:
            sim.referral(days[i])
    return sim, rates


# ---------------------------------------------------------------------------------------------
# writing, with faults
# ---------------------------------------------------------------------------------------------


class _Faults:
    def __init__(self, rng):
        self.rng = rng
        self.records: list[dict] = []
        self.superseded: list[dict] = []

    def roll(self, kind: str) -> bool:
        return self.rng.random() < RATES[kind]

    def add(self, file: str, row: int, column: str, kind: str, expected: str | None = None) -> None:
        rec = {"file": file, "row": int(row), "column": column, "kind": kind}
        if kind in REPAIRED:
            rec["expected"] = expected
        self.records.append(rec)


def _code_fault(f: _Faults, code: str, label_map: dict | None = None) -> tuple[str, str | None]:
    """Maybe spoil a code: returns (written value, fault kind or None)."""
    if f.roll("unknown_code"):
        return f"{code}X", "unknown_code"  # never a valid code in any of the lists
    if f.roll("stray_spaces"):
        return f"  {code} ", "stray_spaces"
    if any(ch.isalpha() for ch in code) and f.roll("lower_case_code"):
        return code.lower(), "lower_case_code"
    if label_map and code in label_map and f.roll("annex_a_label"):  # as Ofsted's template writes it: q) 6: Police
        codes = sorted(cin_spec.codes(cin_spec.LAST)["ReferralSource"], key=lambda c: (int(re.match(r"\d+", c)[0]), c))
        return _label(code, codes, label_map[code]), "annex_a_label"
    return code, None


# codes that a collection year's schema does not have, and what the synthetic return writes instead
# (the code of that year closest in meaning)
_EARLIER_CODE = {"ReferralSource": {"5D": "5C"}, "ReasonForClosure": {"RC9": "RC8"}}
_FACTOR_SWAPS = {"18B": "18A", "18C": "18A", "19B": "19A", "19C": "19A", "18A": "18C", "19A": "19C"}


def _code_in_year(code: str, item: str, collection: int) -> str:
    """``code`` if the collection year's schema has it for ``item``, else the code it had in its place."""
    if code in cin_spec.codes(collection).get(item, ()):
        return code
    return _EARLIER_CODE.get(item, {}).get(code, code)


def _factors_in_year(codes: list[str], collection: int) -> list[str]:
    """Assessment factor codes as the collection year's schema has them (18A/19A before the 2021 split into
    18B/18C and 19B/19C; no 24A before 2022), each once, in order."""
    valid = cin_spec.codes(collection)["AssessmentFactors"]
    out = [c if c in valid else _FACTOR_SWAPS.get(c, "") for c in codes]
    out = list(dict.fromkeys(c for c in out if c in valid))
    return out or ["21"]


def _el(name: str, value: str) -> str:
    return f"<{name}>{value}</{name}>" if value != "" else ""


def _write_return(sim: _Sim, start_year: int, label: str, f: _Faults, seen: dict) -> str:
    """One census return as XML text; counts elements per table to give rejected records their row."""
    y = ReportingYear(start_year)
    ys, ye = y.start, y.end
    n = {t: 0 for t in KEYS}
    tag = {"children": "Child", "referrals": "CINdetails", "assessments": "Assessments", "section47": "Section47",
           "cp_plans": "ChildProtectionPlans", "cp_reviews": "CPPreviewDate"}

    def lab(table):
        return f"{label} [{tag[table]}]"

    def rec(table, key, rejected):
        """Track a record's copy in this return for the superseded list (key: raw identifying values)."""
        seen.setdefault((table, key), []).append((start_year, lab(table), n[table], rejected))

    eps_by_child: dict[str, list[Episode]] = {}
    for ep in sim.episodes:
        if ep.referral <= ye and (ep.closure is None or ep.closure >= ys):
            eps_by_child.setdefault(ep.child, []).append(ep)
    out = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message><Header><CollectionDetails><Collection>CIN"
           f"</Collection><Year>{start_year + 1}</Year><ReferenceDate>{_iso(ye)}</ReferenceDate></CollectionDetails>"
           "<Source><SourceLevel>L</SourceLevel><LEA>999</LEA><SoftwareCode>Exampleshire case system</SoftwareCode>"
           f"<Release>1.0</Release><SerialNo>001</SerialNo><DateTime>{start_year + 1}-04-20T09:00:00</DateTime>"
           "</Source></Header>\n<Children>\n"]
    collection = start_year + 1  # the header's Year: the schema and code lists of that collection apply
    sex_item = "Sex" if "Sex" in cin_spec.codes(collection) else "GenderCurrent"

    def in_year(code: str, item: str) -> str:
        return _code_in_year(code, item, collection)

    for cid in sorted(eps_by_child):
        child = sim.children[cid]
        n["children"] += 1
        missing = f.roll("missing_identifier")
        written_id = "" if missing else cid
        rows_of_child = []  # (table, row) of every record of this child, rejected if the id is missing
        rows_of_child.append(("children", n["children"]))
        rec("children", (cid,), missing)
        dob = child["dob"]
        born = dob <= ye
        sex = child["sex"] if born or child["sex"] != "U" else "U"
        sex_value = sex if sex_item == "Sex" else {"M": "1", "F": "2", "U": "0"}[sex]
        parts = ["<Child><ChildIdentifiers>", _el("LAchildID", written_id),
                 _el("PersonBirthDate", _iso(dob) if born else ""),
                 _el("ExpectedPersonBirthDate", "" if born else _iso(dob)), _el(sex_item, sex_value),
                 "</ChildIdentifiers><ChildCharacteristics>", _el("Ethnicity", child["eth"]),
                 "</ChildCharacteristics>"]
        for ep in sorted(eps_by_child[cid], key=lambda e: e.referral):
            n["referrals"] += 1
            rows_of_child.append(("referrals", n["referrals"]))
            closed = ep.closure is not None and ep.closure <= ye
            source, kind = _code_fault(f, in_year(ep.source, "ReferralSource"))
            bad = False
            if kind:
                f.add(lab("referrals"), n["referrals"], "ReferralSource", kind, in_year(ep.source, "ReferralSource"))
                bad = kind not in REPAIRED
            rec("referrals", (cid, _iso(ep.referral)), bad or missing)
            parts += ["<CINdetails>", _el("CINreferralDate", _iso(ep.referral)), _el("ReferralSource", source),
                      _el("PrimaryNeedCode", ep.need), _el("CINclosureDate", _iso(ep.closure) if closed else ""),
                      _el("ReasonForClosure", in_year(ep.reason, "ReasonForClosure") if closed else "")]
            for a_start, a_auth, codes in ep.assessments:
                if not (a_start <= ye and a_auth >= ys):
                    continue
                done = a_auth <= ye
                copies = 2 if f.roll("duplicate_row") else 1
                for copy in range(copies):
                    n["assessments"] += 1
                    rows_of_child.append(("assessments", n["assessments"]))
                    auth_text = _iso(a_auth) if done else ""
                    written_codes = _factors_in_year(codes, collection) if done else []
                    bad = copy > 0
                    if copies > 1:
                        if copy:
                            f.add(lab("assessments"), n["assessments"],
                                  "LAchildID+CINreferralDate+AssessmentActualStartDate", "duplicate_row")
                    elif done and f.roll("end_before_start"):
                        auth_text = _iso(a_start - pd.Timedelta(days=3))
                        f.add(lab("assessments"), n["assessments"], "AssessmentAuthorisationDate", "end_before_start")
                        bad = True
                    elif written_codes and f.roll("unknown_code"):
                        written_codes.append("99Z")
                        f.add(lab("assessments"), n["assessments"], "AssessmentFactors", "unknown_code")
                        bad = True
                    elif written_codes and any(c[-1].isalpha() for c in written_codes) and f.roll("lower_case_code"):
                        written_codes = [c.lower() for c in written_codes]
                        f.add(lab("assessments"), n["assessments"], "AssessmentFactors", "lower_case_code",
                              ";".join(dict.fromkeys(_factors_in_year(codes, collection))))
                    if copy == 0:
                        rec("assessments", (cid, _iso(ep.referral), _iso(a_start)), bad or missing)
                    factors = "".join(_el("AssessmentFactors", c) for c in written_codes)
                    parts += ["<Assessments>", _el("AssessmentActualStartDate", _iso(a_start)),
                              _el("AssessmentAuthorisationDate", auth_text),
                              f"<FactorsIdentifiedAtAssessment>{factors}</FactorsIdentifiedAtAssessment>"
                              if factors else "", "</Assessments>"]
            for s_start, target, icpc, not_required in ep.s47:
                in_return = s_start <= ye and (ReportingYear.containing(s_start) == y
                                              or (icpc is not None and icpc >= ys))
                if not in_return:
                    continue
                held = icpc is not None and icpc <= ye
                n["section47"] += 1
                rows_of_child.append(("section47", n["section47"]))
                icpc_text = _iso(icpc) if held else ""
                bad = False
                if held and f.roll("end_before_start"):
                    icpc_text = _iso(s_start - pd.Timedelta(days=2))
                    f.add(lab("section47"), n["section47"], "DateOfInitialCPC", "end_before_start")
                    bad = True
                rec("section47", (cid, _iso(ep.referral), _iso(s_start)), bad or missing)
                parts += ["<Section47>", _el("S47ActualStartDate", _iso(s_start)),
                          _el("InitialCPCtarget", _iso(target)), _el("DateOfInitialCPC", icpc_text),
                          _el("ICPCnotRequired", "true" if not_required else "false"), "</Section47>"]
            parts.append(_el("ReferralNFA", "true" if ep.nfa else "false"))  # after the section 47s (schema order)
            for plan in ep.plans:
                if not (plan["start"] <= ye and plan["end"] >= ys):
                    continue
                ended = plan["end"] <= ye
                n["cp_plans"] += 1
                rows_of_child.append(("cp_plans", n["cp_plans"]))
                end_text = _iso(plan["end"]) if ended else ""
                latest, kind = _code_fault(f, plan["latest"])
                bad = False
                if kind:
                    f.add(lab("cp_plans"), n["cp_plans"], "LatestCategoryOfAbuse", kind, plan["latest"])
                    bad = kind not in REPAIRED
                elif ended and f.roll("end_before_start"):
                    end_text = _iso(plan["start"] - pd.Timedelta(days=10))
                    f.add(lab("cp_plans"), n["cp_plans"], "CPPendDate", "end_before_start")
                    bad = True
                rec("cp_plans", (cid, _iso(plan["start"])), bad or missing)
                reviews = []
                for d in plan["reviews"]:
                    if not (ys <= d <= ye):
                        continue
                    copies = 2 if f.roll("duplicate_row") else 1
                    for copy in range(copies):
                        n["cp_reviews"] += 1
                        rows_of_child.append(("cp_reviews", n["cp_reviews"]))
                        if copy:
                            f.add(lab("cp_reviews"), n["cp_reviews"], "LAchildID+CPPstartDate+CPPreviewDate",
                                  "duplicate_row")
                        else:
                            rec("cp_reviews", (cid, _iso(plan["start"]), _iso(d)), missing)
                        reviews.append(_el("CPPreviewDate", _iso(d)))
                parts += ["<ChildProtectionPlans>", _el("CPPstartDate", _iso(plan["start"])),
                          _el("CPPendDate", end_text), _el("InitialCategoryOfAbuse", plan["initial"]),
                          _el("LatestCategoryOfAbuse", latest), _el("NumberOfPreviousCPP", str(plan["previous"])),
                          f"<Reviews>{''.join(reviews)}</Reviews>" if reviews else "", "</ChildProtectionPlans>"]
            parts.append("</CINdetails>")
        parts.append("</Child>\n")
        if missing:
            for table, row in rows_of_child:
                f.add(lab(table), row, "LAchildID", "missing_identifier")
        out.append("".join(parts))
    out.append("</Children></Message>\n")
    return "".join(out)


def _expected_superseded(seen: dict) -> dict[str, list[int]]:
    """Per file label, the rows of records whose copy in a later return is usable (not rejected)."""
    out: dict[str, list[int]] = {}
    for (_table, _), copies in seen.items():
        good = [c for c in copies if not c[3]]
        if len(good) < 2:
            continue
        latest = max(c[0] for c in good)
        for c in good:
            if c[0] != latest:
                out.setdefault(c[1], []).append(c[2])
    return {k: sorted(v) for k, v in sorted(out.items())}


def _compact_json(record: dict) -> str:
    """JSON with one fault per line (readable, diff-friendly and small)."""
    lists = [k for k in ("injected_faults", "decision_date_faults", "annex_a_list8_faults") if k in record]
    head = {k: v for k, v in record.items() if k not in (*lists, "superseded")}
    lines = ["{", f' "about": {json.dumps(head, sort_keys=True)},']
    for key in lists:
        faults = record[key]
        lines.append(f' "{key}": [')
        lines += [f"  {json.dumps(f, sort_keys=True)}{',' if i < len(faults) - 1 else ''}" for i, f in enumerate(faults)]
        lines.append(" ],")
    lines.append(' "superseded": {')
    sup = list(record["superseded"].items())
    lines += [f"  {json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}{',' if i < len(sup) - 1 else ''}"
              for i, (k, v) in enumerate(sup)]
    lines += [" }", "}"]
    return "\n".join(lines) + "\n"


def _annex_a_contacts(sim: _Sim, rng, f: _Faults, decisions: Decisions) -> str:
    """Contacts for the contact years: one per referral (same day, same source), plus contacts that
    did not lead to a referral, about four in all for each referral, as in Bexley's front door; each with its
    date of decision (:mod:`lscb_analysis.synth.contact_decisions`, its own random stream)."""
    rows = []
    for start_year in CONTACT_YEARS:
        y = ReportingYear(start_year)
        refs = [ep for ep in sim.episodes if y.contains(ep.referral)]
        for ep in refs:
            rows.append((ep.child, ep.referral, ep.source))
        ids = sorted(sim.children)
        extra = int(len(refs) * 3.2)
        days = pd.date_range(y.start, y.end, freq="D")
        taken = {(cid, when, source) for cid, when, source in rows}
        while extra > 0:
            when = days[int(rng.integers(0, len(days)))]
            cid = ids[int(rng.integers(0, len(ids)))] if rng.random() < 0.5 else None
            if cid is not None and not (sim.children[cid]["dob"] <= when < sim.children[cid]["dob"] + pd.DateOffset(years=18)):
                cid = None  # only children aged 0-17 on the day
            if cid is None:
                cid = f"EX{sim.next_id}"
                sim.children[cid] = {"dob": y.start - pd.Timedelta(days=int(rng.integers(0, 17 * 365))),
                                     "sex": _choice(rng, {"M": 0.51, "F": 0.49}), "eth": _choice(rng, ETHNICITIES),
                                     "unborn_at_first": False}
                sim.next_id += 1
            contact = (cid, when, _choice(rng, SOURCE_WEIGHTS))
            if contact in taken:  # the same child, day and source twice would look like a duplicated row
                continue
            taken.add(contact)
            rows.append(contact)
            extra -= 1
    rows.sort(key=lambda r: (r[1], r[0]))
    lines = ["Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Contact,Contact Source,"
             "Date of Decision"]
    gender = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded"}
    row = 1
    for cid, when, source in rows:
        child = sim.children[cid]
        values_id, date_text, src = cid, _dmy(when), source
        fault = None  # at most one fault a row, so each has one expected outcome
        if f.roll("missing_identifier"):
            values_id, fault = "", ("LAchildID", "missing_identifier", None)
        elif f.roll("date_format"):
            date_text = _iso(when) if rng.random() < 0.6 else _excel(when)
            fault = ("DateOfContact", "date_format", _iso(when))
        else:
            written, kind = _code_fault(f, source, SOURCE_LABELS)
            if kind:
                src, fault = written, ("ContactSource", kind, source)
        copies = 2 if (fault is None and f.roll("duplicate_row")) else 1
        decided, spoilt = decisions.written(when, fault is None and copies == 1)
        dob = child["dob"]
        age = "" if dob > when else str(int((when - dob).days // 365.25))
        line = ",".join([values_id, gender[child["sex"]], child["eth"], _dmy(dob) if dob <= when else "", age,
                         date_text, f'"{src}"' if "," in src else src, decided])
        for copy in range(copies):
            row += 1
            lines.append(line)
            if copy:
                f.add("contacts.csv", row, "LAchildID+DateOfContact+ContactSource", "duplicate_row")
            elif fault:
                f.add("contacts.csv", row, fault[0], fault[1], fault[2])
            elif spoilt:
                decisions.add(row, spoilt)
    return "\n".join(lines) + "\n"


def _episodes_903(sim: _Sim, rng, pop) -> list[dict]:
    """Looked-after episodes: a stock at April 2016 and starters each year at about England's rates,
    each period of care split into placements; plus short breaks (V3) for disabled children."""
    rates = sim.rates
    periods = []
    ids = iter(range(500001, 600000))
    start_rate = 28.0  # children starting to be looked after per 10,000 a year (England 2021-25: 24-27, plus returns)
    y0 = ReportingYear(SIM_FROM)
    stock = int(rates[y0.label].get("looked_after_children_at_31_march", 67) * 40_000 / 10_000 * 0.75)
    for _ in range(stock):
        begin = y0.start - pd.Timedelta(days=int(rng.integers(30, 8 * 365)))
        periods.append((f"EX{next(ids)}", begin))
    for start_year in range(SIM_FROM, LAST_RETURN + 1):
        y = ReportingYear(start_year)
        n = int(rng.poisson(start_rate * 40_000 / 10_000))
        for _ in range(n):
            periods.append((f"EX{next(ids)}", y.start + pd.Timedelta(days=int(rng.integers(0, 365)))))
    rows = []
    for cid, begin in periods:
        age = int(rng.integers(0, 17))
        dob = begin - pd.Timedelta(days=int(age * 365.25 + rng.integers(0, 365)))
        kind = rng.random()
        years = rng.uniform(0.05, 1) if kind < 0.4 else (rng.uniform(1, 3) if kind < 0.7 else rng.uniform(3, 9))
        end = begin + pd.Timedelta(days=int(years * 365.25))
        eighteen = dob + pd.DateOffset(years=18)
        final = _choice(rng, ENDINGS)
        if end >= eighteen:
            end, final = eighteen, "E8"
        legal = _choice(rng, LEGAL)
        cuts = sorted(begin + pd.Timedelta(days=int(d)) for d in rng.integers(1, max(2, (end - begin).days),
                                                                            size=int(rng.integers(0, 3))))
        bounds = [begin] + [c for c in cuts if begin < c < end] + [end]
        for k in range(len(bounds) - 1):
            place = _choice(rng, PLACEMENTS)
            last = k == len(bounds) - 2
            rows.append({"CHILD": cid, "DECOM": bounds[k], "RNE": "S" if k == 0 else "P", "LS": legal,
                         "CIN": _choice(rng, {"N1": 0.65, "N4": 0.1, "N2": 0.05, "N5": 0.1, "N8": 0.1}),
                         "PLACE": place, "PLACE_PROVIDER": "PR0" if place in ("P1", "Z1") else
                         _choice(rng, {"PR1": 0.5, "PR4": 0.4, "PR2": 0.1}),
                         "DEC": bounds[k + 1] if not last else end, "REC": final if last else "X1", "_dob": dob})
    # short breaks: about 25 disabled children, a few nights every five or six weeks
    for _ in range(25):
        cid = f"EX{next(ids)}"
        day = pd.Timestamp(SIM_FROM, 4, 1) + pd.Timedelta(days=int(rng.integers(0, 40)))
        while day < pd.Timestamp(LAST_RETURN + 1, 3, 31):
            nights = int(rng.integers(2, 5))
            rows.append({"CHILD": cid, "DECOM": day, "RNE": "B", "LS": "V3", "CIN": "N1", "PLACE": "K1",
                         "PLACE_PROVIDER": "PR1", "DEC": day + pd.Timedelta(days=nights), "REC": "E13"})
            day = day + pd.Timedelta(days=int(rng.integers(30, 45)))
    # keep episodes open at some time from 1 April 2019; close nothing in the future
    cutoff, last_day = pd.Timestamp(FIRST_RETURN, 4, 1), pd.Timestamp(LAST_RETURN + 1, 3, 31)
    kept = []
    for r in rows:
        if r["DEC"] is not None and r["DEC"] < cutoff:
            continue
        if r["DECOM"] > last_day:
            continue
        if r["DEC"] is not None and r["DEC"] > last_day:
            r["DEC"], r["REC"] = None, ""
        kept.append(r)
    kept.sort(key=lambda r: (r["CHILD"], r["DECOM"]))
    return kept


def _write_903(rows: list[dict], rng, f: _Faults) -> str:
    cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"]
    lines = [",".join(cols)]
    row = 1
    for r in rows:
        values = {"CHILD": r["CHILD"], "DECOM": _dmy(r["DECOM"]), "RNE": r["RNE"], "LS": r["LS"], "CIN": r["CIN"],
                  "PLACE": r["PLACE"], "PLACE_PROVIDER": r["PLACE_PROVIDER"], "DEC": _dmy(r["DEC"]), "REC": r["REC"]}
        faults = []
        if f.roll("missing_identifier"):
            values["CHILD"] = ""
            faults.append(("CHILD", "missing_identifier", None))
        elif r["DEC"] is not None and f.roll("end_before_start"):
            values["DEC"] = _dmy(r["DECOM"] - pd.Timedelta(days=5))
            faults.append(("DEC", "end_before_start", None))
        else:
            if f.roll("date_format"):
                values["DECOM"] = _iso(r["DECOM"])
                faults.append(("DECOM", "date_format", _iso(r["DECOM"])))
            place, kind = _code_fault(f, r["PLACE"])
            if kind:
                values["PLACE"] = place
                faults.append(("PLACE", kind, r["PLACE"]))
            elif f.roll("lower_case_code"):
                values["LS"] = r["LS"].lower()
                faults.append(("LS", "lower_case_code", r["LS"]))
        r["_rejected"] = any(kind not in REPAIRED for _, kind, _ in faults)  # the missing table avoids it
        copies = 2 if (not faults and f.roll("duplicate_row")) else 1
        for copy in range(copies):
            row += 1
            lines.append(",".join(values[c] for c in cols))
            if copy:
                f.add("ssda903/episodes.csv", row, "CHILD+DECOM", "duplicate_row")
            else:
                for col, kind, expected in faults:
                    f.add("ssda903/episodes.csv", row, col, kind, expected)
    return "\n".join(lines) + "\n"


def generate(area_dir: Path, seed: int = SEED, compress: bool = True) -> dict:
    """Write Exampleshire's synthetic child protection extracts into ``area_dir`` (see module docstring)
    and return the record of injected faults (also written to ``injected_faults.json``).

    ``compress``: write the census returns gzipped (``.xml.gz``, about a tenth of the size; the loader reads
    both), which keeps the committed sample small. Six years of returns for 40,000 children are about
    12 MB as plain XML."""
    area_dir = Path(area_dir)
    area_dir.mkdir(parents=True, exist_ok=True)
    if population.load(area_dir) is None:
        from lscb_analysis.synth import population as synth_population

        synth_population.generate(area_dir)
    sim, _ = simulate(seed, area_dir)
    rng = np.random.default_rng(seed + 1)
    faults = _Faults(rng)
    seen: dict = {}
    cin_dir = area_dir / "cin_census"
    cin_dir.mkdir(exist_ok=True)
    for old in list(cin_dir.glob("*.xml")) + list(cin_dir.glob("*.xml.gz")):
        old.unlink()
    files = []
    for start_year in range(FIRST_RETURN, LAST_RETURN + 1):
        name = f"cin_census_{ReportingYear(start_year).label}.xml" + (".gz" if compress else "")
        text = _write_return(sim, start_year, f"cin_census/{name}", faults, seen).encode("utf-8")
        if compress:  # no name or time in the gzip header, so the bytes are the same on every run
            with open(cin_dir / name, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                                                                  compresslevel=9) as gz:
                gz.write(text)
        else:
            (cin_dir / name).write_bytes(text)
        files.append(f"cin_census/{name}")
    decisions = Decisions(seed)
    (area_dir / "contacts.csv").write_text(_annex_a_contacts(sim, rng, faults, decisions), encoding="utf-8",
                                           newline="\n")
    (area_dir / "ssda903").mkdir(exist_ok=True)
    episodes = _episodes_903(sim, rng, population.load(area_dir))
    (area_dir / "ssda903" / "episodes.csv").write_text(_write_903(episodes, rng, faults), encoding="utf-8",
                                                        newline="\n")
    files += ["contacts.csv", "ssda903/episodes.csv"]
    names, incidents = _write_903_more(episodes, area_dir / "ssda903")
    files += names
    (area_dir / "annex_a").mkdir(exist_ok=True)
    name = f"annex_a/annex_a_{ReportingYear(LAST_RETURN).label}.xlsx"
    list8_faults = _annex_a_workbook(sim, episodes, area_dir / name, LAST_RETURN, incidents)
    files.append(name)
    record = {
        "generator": "lscb_analysis.synth.cp", "seed": seed, "area": AREA, "files": files,
        "rates": RATES, "repaired_kinds": sorted(REPAIRED),
        "injected_faults": sorted(faults.records, key=lambda d: (d["file"], d["row"], d["column"])),
        "decision_date_faults": decisions.records,
        "annex_a_list8_faults": list8_faults,
        "superseded": _expected_superseded(seen),
    }
    (area_dir / "injected_faults.json").write_text(_compact_json(record), encoding="utf-8", newline="\n")
    return record
