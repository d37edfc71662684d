"""Child protection: a council's own child-level data, cleaned, turned into indicators and report tables.

Inputs (DESIGN.md section 4, ``data/raw/<area>/``):

* ``cin_census/*.xml``: DfE Children in Need census returns, one or more years
  (read safely and streamed by :mod:`lscb_analysis.cin_xml`); or the same tables as
  flat files in ``cin/`` (``children``, ``referrals``, ``assessments``, ``section47``,
  ``cp_plans``, ``cp_reviews``, CSV or XLSX);
* ``contacts.csv``: Ofsted Annex A list 1 (Child Unique ID, Date of Contact, Contact Source);
* ``ssda903/episodes.csv``: the SSDA903 looked-after children episodes;
* ``population.csv``: the local denominators (:mod:`lscb_analysis.population`).

Every row read is either used or logged in ``CPData.rejections`` with its file, row,
column, value and reason, so that for every file rows read = rows used + rows rejected.
Identifiers are pseudonymised on load. The same record in two census returns (an episode
open across 31 March is in both years' returns) is kept once, from the later return,
and the earlier copy is logged as superseded.

:func:`indicators` returns the indicator table for one reporting year; the functions
after it build the tables the annual reports print, from indicator tables, whether they
hold local figures or DfE's published ones (:mod:`lscb_analysis.dfe`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from lscb_analysis.inputs import annex_a
from lscb_analysis.inputs import cin_spec
from lscb_analysis.inputs import cin_xml
from lscb_analysis.inputs import clean
from lscb_analysis.inputs import population
from lscb_analysis.core import indicators as ind
from lscb_analysis.core.periods import ReportingYear, working_days
from lscb_analysis.core.rates import funnel_limits_proportion, pct_change

__all__ = [
    "CPData", "load", "has_local_data", "indicators", "indicators_for_years", "pool", "AreaCoverage",
    "contacts", "referrals", "rereferrals_within_12_months", "referrals_nfa", "referrals_by_source",
    "assessments_completed", "assessments_within_45_working_days", "assessment_factors",
    "section_47_enquiries", "section_47_to_icpc", "initial_cp_conferences", "icpc_within_15_working_days",
    "icpc_to_plan", "cp_plans_started", "cp_plans_second_or_subsequent", "cp_plans_at_31_march",
    "cp_plans_by_category", "cp_plans_by_age", "cp_plans_by_duration", "cp_plans_ended_2_years_or_more",
    "cp_reviews_in_timescale", "children_in_need_at_31_march", "looked_after_children_at_31_march",
    "activity_table", "change_table", "stage_percentages", "key_facts", "category_table",
    "adolescent_share", "top_factors", "referral_sources", "funnel_data", "trend_data", "headlines", "age_table",
    "Section", "section", "trend_chart", "funnel_chart", "latest_period",
    "LABELS", "SOURCE",
]

SOURCE = "local extract"
PER_10K = "per 10,000 aged 0-17"

# ---------------------------------------------------------------------------------------------
# code lists (DfE CIN census guide; SSDA903 guide; Ofsted Annex A)
# ---------------------------------------------------------------------------------------------

REFERRAL_SOURCES = {
    "1A": "Individual: family member, relative or carer", "1B": "Individual: acquaintance",
    "1C": "Individual: self", "1D": "Individual: other", "2A": "Schools", "2B": "Education services", "3A": "Health services: GP",
    "3B": "Health services: health visitor", "3C": "Health services: school nurse",
    "3D": "Health services: other primary health services", "3E": "Health services: A&E",
    "3F": "Health services: other", "4": "Housing", "5A": "LA services: social care",
    "5B": "LA services: other internal", "5C": "LA services: external", "5D": "LA services: early help",
    "6": "Police", "7": "Other legal agency", "8": "Other", "9": "Anonymous", "10": "Unknown",
}
# the groups DfE publishes referrals by source in
SOURCE_GROUPS = {
    "1A": "individual", "1B": "individual", "1C": "individual", "1D": "individual", "2A": "schools",
    "2B": "education services", "3A": "health services", "3B": "health services", "3C": "health services",
    "3D": "health services", "3E": "health services", "3F": "health services", "4": "housing",
    "5A": "la services", "5B": "la services", "5C": "la services", "5D": "la services", "6": "police",
    "7": "other legal agency", "8": "other", "9": "anonymous", "10": "unknown",
}
SOURCE_ALIASES = {label.casefold(): code for code, label in REFERRAL_SOURCES.items()}
SOURCE_ALIASES.update({"gp": "3A", "a&e": "3E", "health visitor": "3B", "school nurse": "3C", "school": "2A",
                       "la services": "5A", "social care": "5A", "early help": "5D", "family member": "1A",
                       "self": "1C", "health": "3F", "health services": "3F"})

CATEGORIES = {"NEG": "neglect", "PHY": "physical_abuse", "SAB": "sexual_abuse", "EMO": "emotional_abuse",
              "MUL": "multiple"}
CATEGORY_ALIASES = {"neglect": "NEG", "physical abuse": "PHY", "physical": "PHY", "sexual abuse": "SAB",
                    "sexual": "SAB", "emotional abuse": "EMO", "emotional": "EMO", "multiple": "MUL",
                    "multiple/not recommended": "MUL", "mixed": "MUL"}
CLOSURE_REASONS = {f"RC{i}" for i in range(1, 10)}
PRIMARY_NEED = {f"N{i}" for i in range(0, 10)}
SEX_ALIASES = {"1": "M", "2": "F", "0": "U", "9": "U", "male": "M", "female": "F", "unknown": "U",
               "not known": "U", "not stated/recorded": "U", "neither": "U", "indeterminate": "U"}

# assessment factor codes -> the DfE c3 column they are published under (breakdown "factor:<column>")
FACTORS: dict[str, str] = {}
for _n, _name in enumerate(["alcohol_misuse", "drug_misuse", "domestic_abuse", "mental_health",
                            "learning_disability", "physical_disability"], start=1):
    FACTORS.update({f"{_n}A": f"{_name}_child", f"{_n}B": f"{_name}_parent", f"{_n}C": f"{_name}_person"})
FACTORS.update({
    "7A": "young_carer", "8B": "privately_fostered", "8C": "privately_fostered", "8D": "privately_fostered",
    "8E": "privately_fostered", "8F": "privately_fostered", "9A": "unaccompanied_asylum_seeker",
    "10A": "going_missing", "11A": "child_sexual_exploitation", "12A": "trafficking", "13A": "gangs",
    "14A": "socially_unacceptable_behaviour", "15A": "self_harm", "16A": "neglect", "17A": "emotional_abuse",
    "18A": "physical_abuse_unknown", "18B": "physical_abuse_child_on_child", "18C": "physical_abuse_adult_on_child",
    "19A": "sexual_abuse_unknown", "19B": "sexual_abuse_child_on_child", "19C": "sexual_abuse_adult_on_child",
    "20": "other", "21": "no_factors_identified", "22A": "female_genital_mutilation", "23A": "faith_linked_abuse",
    "24A": "child_criminal_exploitation",
})

LEGAL_STATUS = {"C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4"}
SHORT_BREAKS = {"V3", "V4"}
REASON_NEW_EPISODE = {"B", "L", "N", "P", "S", "T", "U"}
NEED_903 = {f"N{i}" for i in range(1, 9)}
PLACEMENTS = {"A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1", "T0",
              "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1"}
PROVIDERS = {"PR0", "PR1", "PR2", "PR3", "PR4", "PR5"}
REASON_EPISODE_CEASED = {"E11", "E12", "E13", "E14", "E15", "E16", "E17", "E2", "E3", "E4A", "E4B", "E41",
                         "E45", "E46", "E47", "E48", "E5", "E6", "E7", "E8", "E9", "X1"}

# DfE bands
AGE_BANDS = ["unborn", "under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over", "not known"]
DURATION_BANDS = ["3 months or less", "more than 3 months to 6 months", "more than 6 months to less than 1 year",
                  "1 year to less than 2 years", "2 years or more"]

LABELS = {
    "contacts": "Contacts", "referrals": "Referrals", "rereferrals_within_12_months": "Re-referrals within 12 months",
    "referrals_nfa": "Referrals with no further action", "referrals_by_source": "Referrals by source",
    "assessments_completed": "Assessments completed",
    "assessments_within_45_working_days": "Assessments completed within 45 working days",
    "assessment_factors": "Factors identified at assessment", "section_47_enquiries": "Section 47 enquiries",
    "section_47_to_icpc": "Section 47 enquiries leading to an initial conference",
    "initial_cp_conferences": "Initial child protection conferences",
    "icpc_within_15_working_days": "Initial conferences within 15 working days",
    "icpc_to_plan": "Initial conferences leading to a plan", "cp_plans_started": "Child protection plans started",
    "cp_plans_second_or_subsequent": "Plans that were a second or subsequent plan",
    "cp_plans_at_31_march": "Children subject to a child protection plan at 31 March",
    "cp_plans_by_category": "Plans at 31 March by category of abuse", "cp_plans_by_age": "Plans at 31 March by age",
    "cp_plans_by_duration": "Plans at 31 March by length of time on the plan",
    "cp_plans_ended_2_years_or_more": "Plans ended that lasted 2 years or more",
    "cp_reviews_in_timescale": "Child protection reviews in timescale",
    "children_in_need_at_31_march": "Children in need at 31 March",
    "looked_after_children_at_31_march": "Looked after children at 31 March",
}

# ---------------------------------------------------------------------------------------------
# loading
# ---------------------------------------------------------------------------------------------

TABLES = list(cin_xml.TABLES)
# columns a flat file must have; the others in cin_xml.TABLES may be absent (treated as blank)
REQUIRED = {
    "children": ["LAchildID", "PersonBirthDate"],
    "referrals": ["LAchildID", "CINreferralDate", "ReferralSource", "CINclosureDate", "ReferralNFA"],
    "assessments": ["LAchildID", "CINreferralDate", "AssessmentActualStartDate", "AssessmentAuthorisationDate"],
    "section47": ["LAchildID", "CINreferralDate", "S47ActualStartDate", "DateOfInitialCPC"],
    "cp_plans": ["LAchildID", "CPPstartDate", "CPPendDate"],
    "cp_reviews": ["LAchildID", "CPPstartDate", "CPPreviewDate"],
}
FLAT_ALIASES = {"children": {"Sex": ["GenderCurrent", "Gender"]}}
# the fields that identify one record: a repeat within a file is a duplicate; across census returns the
# later return's copy is kept
KEYS = {
    "children": ["LAchildID"],
    "referrals": ["LAchildID", "CINreferralDate"],
    "assessments": ["LAchildID", "CINreferralDate", "AssessmentActualStartDate"],
    "section47": ["LAchildID", "CINreferralDate", "S47ActualStartDate"],
    "cp_plans": ["LAchildID", "CPPstartDate"],
    "cp_reviews": ["LAchildID", "CPPstartDate", "CPPreviewDate"],
    "contacts": ["LAchildID", "DateOfContact", "ContactSource"],
    "episodes": ["CHILD", "DECOM"],
}

# how each column is cleaned: (column, kind, options)
SPECS: dict[str, list[tuple]] = {
    "children": [("LAchildID", "id", {}), ("PersonBirthDate", "date", {"required": False}),
                 ("ExpectedPersonBirthDate", "date", {"required": False, "future_ok": True}),
                 ("Sex", "code", {"allowed": {"M", "F", "U"}, "aliases": SEX_ALIASES, "required": False}),
                 ("Ethnicity", "text", {}), ("PersonDeathDate", "date", {"required": False})],
    "referrals": [("LAchildID", "id", {}), ("CINreferralDate", "date", {"required": True}),
                  ("ReferralSource", "code", {"allowed": set(REFERRAL_SOURCES), "aliases": SOURCE_ALIASES,
                                              "required": False}),
                  ("PrimaryNeedCode", "code", {"allowed": PRIMARY_NEED, "required": False}),
                  ("CINclosureDate", "date", {"required": False}),
                  ("ReasonForClosure", "code", {"allowed": CLOSURE_REASONS, "required": False}),
                  ("ReferralNFA", "flag", {}), ("DateOfInitialCPC", "date", {"required": False})],
    "assessments": [("LAchildID", "id", {}), ("CINreferralDate", "date", {"required": True}),
                    ("AssessmentActualStartDate", "date", {"required": True}),
                    ("AssessmentAuthorisationDate", "date", {"required": False}),
                    ("AssessmentFactors", "factors", {})],
    "section47": [("LAchildID", "id", {}), ("CINreferralDate", "date", {"required": True}),
                  ("S47ActualStartDate", "date", {"required": True}),
                  ("InitialCPCtarget", "date", {"required": False, "future_ok": True}),
                  ("DateOfInitialCPC", "date", {"required": False}), ("ICPCnotRequired", "flag", {})],
    "cp_plans": [("LAchildID", "id", {}), ("CINreferralDate", "date", {"required": False}),
                 ("CPPstartDate", "date", {"required": True}), ("CPPendDate", "date", {"required": False}),
                 ("InitialCategoryOfAbuse", "code", {"allowed": set(CATEGORIES), "aliases": CATEGORY_ALIASES,
                                                     "required": False}),
                 ("LatestCategoryOfAbuse", "code", {"allowed": set(CATEGORIES), "aliases": CATEGORY_ALIASES,
                                                    "required": False}),
                 ("NumberOfPreviousCPP", "count", {})],
    "cp_reviews": [("LAchildID", "id", {}), ("CPPstartDate", "date", {"required": True}),
                   ("CPPreviewDate", "date", {"required": True})],
    "contacts": [("LAchildID", "id", {}), ("DateOfContact", "date", {"required": True}),
                 ("ContactSource", "code", {"allowed": set(REFERRAL_SOURCES), "aliases": SOURCE_ALIASES,
                                            "required": False})],
    "episodes": [("CHILD", "id", {}), ("DECOM", "date", {"required": True}),
                 ("RNE", "code", {"allowed": REASON_NEW_EPISODE, "required": True}),
                 ("LS", "code", {"allowed": LEGAL_STATUS, "required": True}),
                 ("CIN", "code", {"allowed": NEED_903, "required": False}),
                 ("PLACE", "code", {"allowed": PLACEMENTS, "required": True}),
                 ("PLACE_PROVIDER", "code", {"allowed": PROVIDERS, "required": False}),
                 ("DEC", "date", {"required": False}),
                 ("REC", "code", {"allowed": REASON_EPISODE_CEASED, "required": False})],
}
# (start, end): the end must not be before the start
ORDER = {
    "children": [("PersonBirthDate", "PersonDeathDate")],
    "referrals": [("CINreferralDate", "CINclosureDate")],
    "assessments": [("AssessmentActualStartDate", "AssessmentAuthorisationDate")],
    "section47": [("S47ActualStartDate", "DateOfInitialCPC")],
    "cp_plans": [("CPPstartDate", "CPPendDate")],
    "cp_reviews": [("CPPstartDate", "CPPreviewDate")],
    "episodes": [("DECOM", "DEC")],
}
CONTACT_COLUMNS = {"LAchildID": ["Child Unique ID", "child_id", "ChildUniqueID"],
                   "DateOfContact": ["Date of Contact", "contact_date", "Date of contact"],
                   "ContactSource": ["Contact Source", "contact_source", "Source of contact"]}
SUPERSEDED = "superseded: the same record is in a later census return, which is used"
_TRUE = {"1", "true", "t", "y", "yes"}
_FALSE = {"0", "false", "f", "n", "no", ""}


@dataclass
class CPData:
    """The cleaned child protection tables of one area, with its population and rejection log.

    Child-level tables keep the CIN census item names; ``LAchildID``/``CHILD`` are pseudonyms.
    ``_file`` and ``_row`` say where each record came from; ``_census`` is the reference date
    (31 March) of the census return it was taken from (NaT for flat files).
    """

    area: str
    children: pd.DataFrame
    referrals: pd.DataFrame
    assessments: pd.DataFrame
    section47: pd.DataFrame
    cp_plans: pd.DataFrame
    cp_reviews: pd.DataFrame
    contacts: pd.DataFrame | None = None
    episodes: pd.DataFrame | None = None
    population: pd.DataFrame | None = None
    rejections: clean.Rejections = field(default_factory=clean.Rejections)
    census_years: list[ReportingYear] = field(default_factory=list)
    has_cin: bool = False
    # figures derived from whole tables once and reused for every year (e.g. re-referral flags)
    derived: dict = field(default_factory=dict, repr=False, compare=False)
    # pooled data only (see pool()): each area's CIN coverage and population; tables carry ``_area``
    members: dict[str, AreaCoverage] | None = field(default=None, repr=False)

    def covers(self, year) -> bool:
        """True where the CIN data cover the whole reporting year."""
        return ReportingYear(year) in self.census_years


def has_local_data(area_dir: Path | str) -> bool:
    """True when ``area_dir`` holds any child protection extract this module reads."""
    d = Path(area_dir)
    return bool(cin_xml.census_files(d / "cin_census")) or (d / "cin").is_dir() or bool(annex_a.workbooks(d / "annex_a")) \
        or clean.find_file(d, "contacts") is not None or clean.find_file(d / "ssda903", "episodes") is not None


def _coded(raw: pd.DataFrame, col: str) -> tuple[np.ndarray, pd.Series]:
    """A raw column as its distinct texts and each row's position among them: row ``i`` reads as
    ``texts[codes[i]]`` (a missing value, or a missing column, as ""; anything not text converted with
    ``str``). Every check is made once per distinct text and spread to the rows by position."""
    if col not in raw.columns:
        return np.zeros(len(raw), dtype=np.intp), pd.Series([""], dtype="str")
    values = raw[col]
    if not (isinstance(values.dtype, pd.StringDtype) or (
            values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"))):
        values = values.fillna("").astype(str)  # numbers, dates, mixed objects: as text first
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if (codes < 0).any():
        codes = np.where(codes < 0, len(uniques), codes)
    return codes, pd.Series(np.append(np.asarray(uniques, dtype=object), ""), dtype="str")  # last: missing


def _spread(values: pd.Series, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """Values computed for the distinct texts of a column (:func:`_coded`), given to its rows."""
    return pd.Series(values.array.take(codes), index=index)


class Pseudonyms:
    """Pseudonymise identifiers with :func:`clean.pseudonymise`, remembering those already done (the same
    child appears in every table and year), so each identifier is hashed once per load."""

    def __init__(self, key: bytes | None = None) -> None:
        self.key = key if key is not None else clean.pseudonym_key()
        self.cache: dict[str, str] = {}

    def __call__(self, values: pd.Series) -> pd.Series:
        # each distinct value is cleaned and looked up once (factorize first), then spread back to the rows
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        text = clean.id_text(pd.Series(uniques, dtype=object) if len(uniques) == 0 else pd.Series(uniques)).tolist()
        return self._spread(text + [""], np.where(codes < 0, len(text), codes), values.index, values.name)

    def of_texts(self, codes: np.ndarray, texts: pd.Series, index: pd.Index, name=None) -> pd.Series:
        """The pseudonyms of a column given as its distinct texts and each row's position among them."""
        return self._spread(clean.id_text(texts).tolist(), codes, index, name)

    def _spread(self, text: list[str], codes: np.ndarray, index: pd.Index, name) -> pd.Series:
        cache = self.cache
        new = [u for u in dict.fromkeys(text) if u not in cache]
        if new:  # already clean (id_text): hashed as clean.pseudonymise hashes them ("" stays "")
            cache.update(zip(new, clean.keyed_hashes(new, self.key)))
        # the pseudonyms of the distinct values as text, given to the rows by position (no per-row conversion)
        return pd.Series(pd.array([cache[u] for u in text], dtype="str").take(codes), index=index, name=name)


def clean_table(raw: pd.DataFrame, table: str, label: str, rej: clean.Rejections,
                not_after: pd.Timestamp | str | None = clean.TODAY,
                pseudonyms: Pseudonyms | None = None) -> pd.DataFrame:
    """Validate and type one table (text in, typed out, same rows and ``_row``), logging every problem.

    Identifiers are pseudonymised; dates parsed (ISO, dd/mm/yyyy, Excel serials); codes trimmed,
    upper-cased and mapped from labels; an end date before its start date is rejected. ``not_after``
    (a census return's reference date, or one per row; by default today) rejects later dates, except
    expected dates of birth of unborn children.

    Each column is read as its distinct texts (:func:`_coded`): each check is made once per distinct
    text and its result given to the rows, which is what checking every row gives (the checks of
    :mod:`lscb_analysis.clean`, in the same order, with the same log).
    """
    out = pd.DataFrame({"_row": raw["_row"].to_numpy()}, index=raw.index)
    pseudonyms = pseudonyms or Pseudonyms()
    rows = raw["_row"].to_numpy()
    index = raw.index
    coded: dict[str, tuple[np.ndarray, pd.Series]] = {}

    def code_of(col: str) -> tuple[np.ndarray, pd.Series]:
        if col not in coded:
            coded[col] = _coded(raw, col)
        return coded[col]

    def log(col: str, mask, reason: str) -> None:
        # as rej.add_rows(rows with col as text, mask, ...): the row number and the value as read
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        codes, texts = code_of(col)
        rej.records.extend({"file": label, "row": None if pd.isna(r) else int(r), "column": col, "value": v,
                            "reason": reason}
                           for r, v in zip(rows[mask].tolist(), texts.to_numpy()[codes[mask]].tolist()))

    for col, kind, opt in SPECS[table]:
        codes, texts = code_of(col)
        if kind == "id":
            log(col, texts.str.strip().isin(clean.MISSING_MARKS).to_numpy()[codes], "missing required value")
            out[col] = pseudonyms.of_texts(codes, texts, index, col)
        elif kind == "date":
            limit = None if opt.get("future_ok") else not_after
            parsed, blank = clean.date_text(texts.str.strip())
            out[col] = clean.check_dates(_spread(parsed, codes, index), _spread(blank, codes, index),
                                         functools.partial(log, col), required=opt.get("required", False),
                                         not_after=limit)
        elif kind == "code":
            allowed = set(opt["allowed"])
            values = clean.normalise_codes(texts, opt.get("aliases"))
            unknown, blank = clean.unknown_codes(values, allowed)
            log(col, unknown.to_numpy()[codes], f"unknown code (expected one of {', '.join(sorted(allowed))})")
            if opt.get("required", False):
                log(col, blank.to_numpy()[codes], "missing required value")
            out[col] = _spread(values, codes, index)
        elif kind == "flag":
            text = texts.str.strip().str.casefold()
            log(col, (~text.isin(_TRUE | _FALSE)).to_numpy()[codes],
                "not a yes/no value (expected true/false, 1/0 or Y/N)")
            out[col] = _spread(text.isin(_TRUE), codes, index)
        elif kind == "count":
            text = texts.str.strip()
            bad = text.ne("") & ~text.str.fullmatch(r"\d{1,3}")
            log(col, bad.to_numpy()[codes], "not a whole number")
            out[col] = _spread(pd.to_numeric(text.where(~bad & text.ne("")), errors="coerce").astype("float64"),
                               codes, index)
        elif kind == "factors":
            # factor codes upper-cased and joined with ';' ("3b, 4B" -> "3B;4B"); an unknown code rejects the row
            norm = texts.str.upper().str.replace(r"[;,\s]+", ";", regex=True).str.strip(";")
            each = norm.str.split(";").explode()
            each = each[each.fillna("").ne("")]
            bad = np.zeros(len(texts), dtype=bool)
            bad[each.index[~each.isin(FACTORS)].unique()] = True
            log(col, bad[codes], "unknown assessment factor code (expected a code from the CIN census guide, "
                "such as 3B or 16A)")
            out[col] = _spread(norm, codes, index)
        elif col in raw.columns:
            out[col] = _spread(texts.str.strip(), codes, index)
        else:  # as the blank text of a missing column is trimmed
            out[col] = pd.Series("", index=index, dtype=object).str.strip()
    for start, end in ORDER.get(table, []):
        before = out[end].notna() & out[start].notna() & (out[end] < out[start])
        log(end, before.to_numpy(), f"{end} is before {start}")
    out["_file"] = label
    return out


def _dedupe(df: pd.DataFrame, table: str, label: str, rej: clean.Rejections) -> None:
    """Log repeats of a record within one file (the first good copy is kept)."""
    bad = rej.rejected_rows(label)
    ok = df[~df["_row"].isin(bad)]
    if len(ok):
        clean.dedupe(ok, KEYS[table], label, rej)


def _finish(parts: list[pd.DataFrame], table: str, rej: clean.Rejections) -> pd.DataFrame:
    kept = [rej.apply(p, p["_file"].iat[0]) for p in parts if len(p)]
    if not kept:
        return _empty(table)
    return pd.concat(kept, ignore_index=True)


def _empty(table: str) -> pd.DataFrame:
    cols = [c for c, _, _ in SPECS[table]]
    df = pd.DataFrame({c: pd.Series(dtype=object) for c in cols + ["_row", "_file"]})
    for c, kind, _ in SPECS[table]:
        if kind == "date":
            df[c] = pd.Series(dtype="datetime64[ns]")
        elif kind == "flag":
            df[c] = pd.Series(dtype=bool)
        elif kind == "count":
            df[c] = pd.Series(dtype="float64")
    df["_census"] = pd.Series(dtype="datetime64[ns]")
    return df


def _clean_stacked(raws: list[pd.DataFrame], table: str, labels: list[str], reference_dates: list[pd.Timestamp],
                   pseudonyms: Pseudonyms) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, list[list[dict]]]:
    """:func:`clean_table` on one table of several census returns at once (one pass over all their rows
    instead of one per return: the fixed cost of each check is paid once). Returns the typed rows of every
    return, in order, each with its own ``_row`` and ``_file`` (its return's label); each row's return
    (its position in ``raws``); which rows were rejected; and each return's rejections, under its own
    label and row numbers, in the order cleaning that return alone would log them. Dates after each
    return's own reference date are rejected."""
    if len(raws) == 1:
        log = clean.Rejections()
        typed = clean_table(raws[0], table, labels[0], log, not_after=reference_dates[0], pseudonyms=pseudonyms)
        bad = typed["_row"].isin(log.rejected_rows(labels[0])).to_numpy() if log.records \
            else np.zeros(len(typed), dtype=bool)
        return typed, np.zeros(len(typed), dtype=np.intp), bad, [log.records]
    sizes = [len(r) for r in raws]
    which = np.repeat(np.arange(len(raws)), sizes)
    both = pd.concat(raws, ignore_index=True)
    rows = both["_row"].to_numpy()
    both["_row"] = np.arange(len(both))  # a position in ``both``: mapped back to (return, row) below
    limits = pd.Series(np.repeat(np.array(reference_dates, dtype="datetime64[ns]"), sizes), index=both.index)
    log = clean.Rejections()
    typed = clean_table(both, table, "", log, not_after=limits, pseudonyms=pseudonyms)
    bad = np.zeros(len(both), dtype=bool)
    logs: list[list[dict]] = [[] for _ in raws]
    for r in log.records:
        at = r["row"]
        bad[at] = True
        i = which[at]
        logs[i].append({**r, "file": labels[i], "row": int(rows[at])})
    typed["_row"] = rows
    typed["_file"] = pd.array(labels, dtype="str").take(which)
    return typed, which, bad, logs


def _clean_returns(raws: list[pd.DataFrame], table: str, labels: list[str], reference_dates: list[pd.Timestamp],
                   rej: clean.Rejections, pseudonyms: Pseudonyms) -> list[pd.DataFrame]:
    """:func:`_clean_stacked` split back into one typed frame per return (what :func:`clean_table` gives
    for each return alone), the returns' rejections logged in ``rej`` one return after another."""
    typed, which, _, logs = _clean_stacked(raws, table, labels, reference_dates, pseudonyms)
    for records in logs:
        rej.records.extend(records)
    bounds = np.cumsum([0, *(len(r) for r in raws)])
    return [typed.iloc[bounds[i]:bounds[i + 1]].reset_index(drop=True) for i in range(len(raws))]


def _records(rows: np.ndarray, values, file: str, column: str, reason: str) -> list[dict]:
    """Rejection records (:meth:`clean.Rejections.add_rows`) for whole-number rows and text values."""
    return [{"file": file, "row": r, "column": column, "value": v, "reason": reason}
            for r, v in zip(rows.tolist(), values)]


def _first_copies(record: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which of a sequence of numbers repeat an earlier one (``duplicated``), and the position of the first
    of each one's number."""
    codes, _ = pd.factorize(record)  # numbered in order of first appearance
    first = pd.Series(codes).drop_duplicates().index.to_numpy()  # so the c-th first one is number c's
    copies = np.ones(len(record), dtype=bool)
    copies[first] = False
    return copies, first[codes]


def _census_table(typed: pd.DataFrame, which: np.ndarray, bad: np.ndarray, returns: list[cin_xml.CensusReturn],
                  table: str, logs: list[list[dict]]) -> tuple[pd.DataFrame, np.ndarray, list[dict]]:
    """De-duplicate and supersede one table of all the census returns, cleaned together (:func:`_clean_stacked`).

    Within each return, a repeat of a record (on ``KEYS``) is logged in that return's ``logs`` after its
    cleaning rejections (the first good copy is kept, as :func:`_dedupe`); across returns, each record is
    kept from the latest return (by reference date; the first of two returns for one date) and the earlier
    copies are logged as superseded. Returns the table's kept rows (with ``_census``), each return's
    count of kept rows, and the superseded records (by file label, then row, as they are logged)."""
    keys = KEYS[table]
    labels = [ret.table_label(table) for ret in returns]
    typed["_census"] = pd.Series([ret.reference_date for ret in returns]).array.take(which)
    column = "+".join(keys)
    rows = typed["_row"].to_numpy()
    # each row's record as a number: equal numbers for equal keys (blanks equal, as DataFrame.duplicated has them)
    record = typed.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
    # repeats within a return, among its rows that passed cleaning: the first copy is kept
    ok = np.flatnonzero(~bad)
    dropped = bad.copy()
    if len(ok):
        copies, first = _first_copies(record[ok] * len(returns) + which[ok])
        dup = np.flatnonzero(copies)
        if len(dup):
            at = ok[dup]
            dropped[at] = True
            reason = f"duplicate of an earlier row on {', '.join(keys)}"
            seen = rows[ok[first[dup]]]  # the row of each one's first copy
            parts = which[at]
            for i in np.unique(parts).tolist():
                mine = parts == i
                logs[i].extend(_records(rows[at[mine]], [f"first seen on row {f}" for f in seen[mine].tolist()],
                                        labels[i], column, reason))
    # across returns: each record kept from the latest return (the first of two for one date; a stable sort)
    superseded: list[dict] = []
    good = np.flatnonzero(~dropped)
    if len(returns) > 1 and len(good):
        good = good[np.argsort(-typed["_census"].to_numpy()[good].view(np.int64), kind="stable")]
        copies, first = _first_copies(record[good])
        dup = np.flatnonzero(copies)
        if len(dup):
            at = good[dup]
            dropped[at] = True
            # the return each is kept from; none for a key with a blank (not grouped by groupby): logged as ""
            values = np.array(labels, dtype=object)[which[good[first[dup]]]]
            blank = typed[keys].isna().to_numpy().any(axis=1)[at]
            values[blank] = ""
            parts = which[at]
            for i in sorted(set(parts.tolist()), key=lambda i: labels[i]):
                mine = parts == i
                # a return's superseded rows in file order (the sort by reference date is stable)
                superseded.extend(_records(rows[at[mine]], values[mine].tolist(), labels[i], column, SUPERSEDED))
    kept = np.flatnonzero(~dropped)
    used = np.bincount(which[kept], minlength=len(returns))
    return typed.iloc[kept].reset_index(drop=True), used, superseded


def _load_census(files: list[Path], area_dir: Path, rej: clean.Rejections,
                 pseudonyms: Pseudonyms) -> tuple[dict, list[ReportingYear]]:
    returns = [cin_xml.read_census(f, label=f.relative_to(area_dir).as_posix()) for f in files]
    years = [ret.year for ret in returns]
    for ret in returns:
        for note in ret.notes:  # h-real: e.g. a reference date other than 31 March of the collection year
            rej.note(ret.label, note)
        for t in TABLES:
            rej.record_read(ret.table_label(t), len(ret.tables[t]))
            rej.record_used(ret.table_label(t), 0)
    # each table cleaned, de-duplicated and superseded for all returns at once; the log is then put in the
    # order of cleaning and de-duplicating each return's tables in turn (return by return, table by table),
    # then the superseded records table by table
    logs: dict[tuple[int, int], list[dict]] = {}
    tables, superseded, used = {}, {}, {}
    for j, t in enumerate(TABLES):
        labels = [ret.table_label(t) for ret in returns]
        raws = [ret.tables[t] for ret in returns]
        typed, which, bad, table_logs = _clean_stacked(raws, t, labels, [ret.reference_date for ret in returns],
                                                       pseudonyms)
        # h-real: a code valid in some year but not in the return's own collection year is rejected
        wrong_year, year_logs = cin_spec.codes_not_in_year(typed, which, [ret.year.start_year + 1 for ret in returns],
                                                           t, labels, bad)
        bad = bad | wrong_year
        for i, records in enumerate(year_logs):
            table_logs[i].extend(records)
        for ret in returns:
            ret.tables[t] = None  # the text tables are done with: free them as the load goes
        if len(typed):
            tables[t], used[t], superseded[t] = _census_table(typed, which, bad, returns, t, table_logs)
        else:  # no rows in any return
            tables[t], used[t], superseded[t] = _empty(t), np.zeros(len(returns), dtype=np.int64), []
        del typed, raws
        for i, records in enumerate(table_logs):
            logs[i, j] = records
    for key in sorted(logs):
        rej.records.extend(logs[key])
    dup_years = sorted({y.label for y in years if years.count(y) > 1})
    if dup_years:
        rej.note("cin_census", f"more than one return for {', '.join(dup_years)}: records in both are kept once")
    for t in TABLES:
        rej.records.extend(superseded[t])
        for ret, n in zip(returns, used[t].tolist()):
            rej.record_used(ret.table_label(t), n)
    return tables, sorted(set(years))


def _read_flat(path: Path, table: str, label: str, rej: clean.Rejections, required: list[str],
               optional: list[str], aliases: dict | None = None) -> pd.DataFrame:
    raw = clean.read_table(path, rej, label=label, header_hint=[c.lower() for c in required])
    present = [c for c in optional if c.lower() in raw.columns
               or any(a.lower() in raw.columns for a in (aliases or {}).get(c, []))]
    raw = clean.require_columns(raw, required + present, label, aliases=aliases, rejections=rej)
    for c in optional:
        if c not in raw.columns:
            raw[c] = ""
    return raw


def _load_flat(directory: Path, area_dir: Path, rej: clean.Rejections,
               pseudonyms: Pseudonyms) -> tuple[dict, list[ReportingYear]]:
    tables = {}
    for t in TABLES:
        path = clean.find_file(directory, t)
        if path is None:
            raise clean.InputError(f"is missing: the flat-file CIN data need {t}.csv (or .xlsx) beside the others",
                                   file=(directory / f"{t}.csv").relative_to(area_dir).as_posix())
        label = path.relative_to(area_dir).as_posix()
        optional = [c for c in cin_xml.TABLES[t] if c not in REQUIRED[t]]
        raw = _read_flat(path, t, label, rej, REQUIRED[t], optional, FLAT_ALIASES.get(t))
        typed = clean_table(raw, t, label, rej, pseudonyms=pseudonyms)
        typed["_census"] = pd.NaT
        _dedupe(typed, t, label, rej)
        tables[t] = _finish([typed], t, rej)
    ref = tables["referrals"]["CINreferralDate"].dropna()
    years = [] if ref.empty else [ReportingYear(y) for y in range(ReportingYear.containing(ref.min()).start_year,
                                                                  ReportingYear.containing(ref.max()).start_year + 1)]
    return tables, years


def _load_contacts(path: Path, area_dir: Path, rej: clean.Rejections, pseudonyms: Pseudonyms) -> pd.DataFrame:
    label = path.relative_to(area_dir).as_posix()
    raw = clean.read_table(path, rej, label=label, header_hint=["child unique id", "date of contact", "child_id"])
    raw = clean.require_columns(raw, list(CONTACT_COLUMNS), label, aliases=CONTACT_COLUMNS, rejections=rej)
    raw["ContactSource"] = raw["ContactSource"].fillna("").astype(str).map(annex_a.decode_label)  # h-real: q) 6: Police
    typed = clean_table(raw, "contacts", label, rej, pseudonyms=pseudonyms)
    _dedupe(typed, "contacts", label, rej)
    return rej.apply(typed, label).reset_index(drop=True)


def _load_episodes(path: Path, area_dir: Path, rej: clean.Rejections, pseudonyms: Pseudonyms) -> pd.DataFrame:
    label = path.relative_to(area_dir).as_posix()
    cols = [c for c, _, _ in SPECS["episodes"]]
    raw = clean.read_table(path, rej, label=label, header_hint=["child", "decom"])
    raw = clean.require_columns(raw, cols, label, rejections=rej)
    typed = clean_table(raw, "episodes", label, rej, pseudonyms=pseudonyms)
    _dedupe(typed, "episodes", label, rej)
    return rej.apply(typed, label).reset_index(drop=True)


def _area_name(area_dir: Path) -> str:
    try:
        from lscb_analysis.inputs.config import load_area

        return load_area(area_dir.name).name
    except Exception:  # no config and not a DfE authority: the folder name
        return area_dir.name.replace("-", " ").replace("_", " ").title()


def load(area_dir: Path | str, area: str | None = None, *, cache: bool = True) -> CPData:
    """Load, validate and clean an area's child protection extracts (see the module docstring).

    ``area`` is the name used in the indicator table and to find the area's rows in
    ``population.csv`` (default: the config file or DfE name for the folder, e.g. "Exampleshire").
    CIN census XML returns are used where there are any; otherwise the flat files in ``cin/``.
    Raises :class:`clean.InputError` when the folder has no child protection data at all, or a
    file is missing a required column (naming the file and the column).

    The result is cached (:mod:`lscb_analysis.cache`, in ``data/interim/cache/``): loading the same
    files again, with the same code and pseudonymisation key, on the same day, reads the cleaned
    tables and the rejection log back instead of parsing. ``cache=False`` (or ``LSCB_CACHE=0``) skips
    the cache.
    """
    data, _ = _load_or_cache(Path(area_dir), area, cache=cache)
    return data


def _load_or_cache(area_dir: Path, area: str | None, *, cache: bool = True, handoff: bool = False):
    """(data, cache entry) for :func:`load`. With ``handoff`` (a worker of :func:`load_many`), a result that
    is in the cache, or has just been written to it, is not returned (data is None): the caller reads it."""
    from lscb_analysis.inputs import cache as _cache

    if not has_local_data(area_dir):
        raise clean.InputError("has no child protection data (cin_census/*.xml, cin/, contacts.csv or "
                               "ssda903/episodes.csv)", file=str(area_dir))
    pseudonyms = Pseudonyms()
    name = area or _area_name(area_dir)
    entry = _cache.entry(area_dir, area=name, pseudonym_key=pseudonyms.key) if cache else None
    if entry is not None:
        if handoff and (entry.path / _cache.META).is_file():
            return None, entry
        hit = None if handoff else _from_cache(entry)
        if hit is not None:
            return hit, entry
    data = _load(area_dir, name, pseudonyms)
    if entry is not None and _to_cache(entry, data) and handoff:
        return None, entry
    return data, entry


_CACHED_TABLES = TABLES + ["contacts", "episodes", "population"]


def _to_cache(entry, data: CPData) -> bool:
    """Store ``data`` in the cache entry ``entry`` (a :class:`lscb_analysis.cache.Entry`)."""
    from lscb_analysis.inputs import cache as _cache

    rej = data.rejections
    meta = {"area": data.area, "census_years": [y.label for y in data.census_years], "has_cin": data.has_cin,
            "rejections": {"records": rej.records, "notes": rej.notes, "read": rej.read, "used": rej.used}}
    return _cache.write(entry, {t: getattr(data, t) for t in _CACHED_TABLES}, meta)


def _from_cache(entry) -> CPData | None:
    """The result stored in the cache entry ``entry``, or None (no entry, or an unreadable one)."""
    from lscb_analysis.inputs import cache as _cache

    stored = _cache.read(entry)
    if stored is None:
        return None
    meta, tables = stored["meta"], stored["tables"]
    r = meta["rejections"]
    rej = clean.Rejections(records=r["records"], read=r["read"], used=r["used"], notes=r["notes"])
    return CPData(area=meta["area"], **{t: tables[t] for t in _CACHED_TABLES}, rejections=rej,
                  census_years=[ReportingYear(y) for y in meta["census_years"]], has_cin=meta["has_cin"])


def _load(area_dir: Path, name: str, pseudonyms: Pseudonyms) -> CPData:
    """:func:`load` without the cache."""
    rej = clean.Rejections()
    xml_files = cin_xml.census_files(area_dir / "cin_census")
    has_cin = True
    if xml_files:
        tables, years = _load_census(xml_files, area_dir, rej, pseudonyms)
        if (area_dir / "cin").is_dir():
            rej.note("cin/", "flat files not read: the CIN census XML returns in cin_census/ were used")
    elif (area_dir / "cin").is_dir():
        tables, years = _load_flat(area_dir / "cin", area_dir, rej, pseudonyms)
    else:
        tables, years, has_cin = {t: _empty(t) for t in TABLES}, [], False
    contacts_path = clean.find_file(area_dir, "contacts")
    episodes_path = clean.find_file(area_dir / "ssda903", "episodes")
    # h-real: the Annex A workbook(s): List 1 when there is no contacts.csv; referrals, assessments, section 47s
    # and plans for dates after the census (annex_a.combine); lists 8-9 read and counted, not yet used
    annex: dict[str, list[pd.DataFrame]] = {}
    for book in annex_a.workbooks(area_dir / "annex_a"):
        for t, df in annex_a.read_workbook(book, rej, label=book.relative_to(area_dir).as_posix(),
                                           pseudonymise=pseudonyms, skip_lists=(1,) if contacts_path else ()).items():
            annex.setdefault(t, []).append(df)
    annex_tables = {t: pd.concat(dfs, ignore_index=True) for t, dfs in annex.items()}
    if annex_tables:
        tables = annex_a.combine(tables, annex_tables, max(years).end if years else None, rej)
    annex_contacts = annex_tables.get("contacts")
    if annex_contacts is not None:
        annex_contacts = annex_contacts[[c for c, _, _ in SPECS["contacts"]] + ["_row", "_file"]]
    return CPData(
        area=name,
        **tables,
        contacts=_load_contacts(contacts_path, area_dir, rej, pseudonyms) if contacts_path else annex_contacts,
        episodes=_load_episodes(episodes_path, area_dir, rej, pseudonyms) if episodes_path else None,
        population=population.load_for(area_dir, name, rej),
        rejections=rej,
        census_years=years,
        has_cin=has_cin,
    )


# how load_many's workers hand results back: pickled (False), or through the cache, the parent reading the
# Parquet files back (True). Measured (issue 8): pickling is no slower, so it is the default.
_HANDOFF = False
# how load_many starts workers: "forkserver" (fork from a clean server process that has imported the library
# once: quick to start, and safe with the threads pandas and pyarrow start) or "spawn"
_START = "forkserver"


def _load_worker(area_dir: str, handoff: bool, env: dict, cwd: str):
    import os

    # a forkserver worker has the environment and folder of when the server started: use the caller's
    # (the pseudonymisation key, the cache settings, where the key file is found)
    for k in [k for k in os.environ if k.startswith("LSCB_")]:
        if k not in env:
            del os.environ[k]
    os.environ.update(env)
    os.chdir(cwd)
    data, entry = _load_or_cache(Path(area_dir), None, handoff=handoff)
    return data, entry


def load_many(area_dirs, *, jobs: int | None = None, on_loaded=None) -> list[CPData]:
    """:func:`load` for many area folders at once, in ``jobs`` worker processes (default: one per CPU).

    Returns the areas' data in the order of ``area_dirs``. An error in one area is raised again here,
    naming the area folder (an :class:`clean.InputError` stays one). Workers hand their results back
    through the cache when it is on (:mod:`lscb_analysis.cache`), else by pickling them.
    ``on_loaded(i, data)``, if given, is called as each area is ready (in the order they finish; ``i`` is
    its position in ``area_dirs``): for progress messages, or timing how long the first areas took.
    """
    on_loaded = on_loaded or (lambda i, data: None)
    import concurrent.futures as cf
    import multiprocessing
    import os

    dirs = [Path(d) for d in area_dirs]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(dirs) or 1))
    clean.pseudonym_key()  # made once here (if new), so that the workers do not each make a different one

    def reraise(d: Path, exc: BaseException):
        if isinstance(exc, clean.InputError):
            err = clean.InputError(f"area folder {d}: {exc}")
            err.file, err.row, err.column = exc.file, exc.row, exc.column
            raise err from exc
        raise RuntimeError(f"loading the area folder {d} failed: {type(exc).__name__}: {exc}") from exc

    results: list[CPData | None] = [None] * len(dirs)
    if jobs > 1:  # areas already in the cache are read here: a worker would only add its start-up time
        from lscb_analysis.inputs import cache as _cache

        key = clean.pseudonym_key()
        for i, d in enumerate(dirs):
            try:
                entry = _cache.entry(d, area=_area_name(d), pseudonym_key=key) if has_local_data(d) else None
            except Exception:  # noqa: BLE001 - the worker's load reports it
                entry = None
            if entry is not None:
                results[i] = _from_cache(entry)
                if results[i] is not None:
                    on_loaded(i, results[i])
    todo = [i for i, r in enumerate(results) if r is None]
    if jobs == 1 or len(todo) <= 1:
        for i in todo:
            try:
                results[i] = load(dirs[i])
            except Exception as exc:  # noqa: BLE001
                reraise(dirs[i], exc)
            on_loaded(i, results[i])
        return results  # type: ignore[return-value]
    ctx = multiprocessing.get_context(_START)
    if _START == "forkserver":
        ctx.set_forkserver_preload(["lscb_analysis.sections.child_protection"])
    with cf.ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=ctx) as pool:
        env = {k: v for k, v in os.environ.items() if k.startswith("LSCB_")}
        futures = {pool.submit(_load_worker, str(dirs[i]), _HANDOFF, env, os.getcwd()): i for i in todo}
        try:
            for fut in cf.as_completed(futures):
                i = futures[fut]
                try:
                    data, entry = fut.result()
                except Exception as exc:  # noqa: BLE001
                    reraise(dirs[i], exc)
                if data is None:
                    data = _from_cache(entry) if entry is not None else None
                if data is None:  # the cache entry went (pruned or unreadable): load it here
                    data = load(dirs[i])
                results[i] = data
                on_loaded(i, data)
        except BaseException:
            for f in futures:
                f.cancel()
            raise
    return results  # type: ignore[return-value]


# ---------------------------------------------------------------------------------------------
# indicators
# ---------------------------------------------------------------------------------------------


def _year(year) -> ReportingYear:
    return ReportingYear(year)


def _with_children(df: pd.DataFrame, data: CPData) -> pd.DataFrame:
    kids = data.children[["LAchildID", "PersonBirthDate", "ExpectedPersonBirthDate"]].drop_duplicates("LAchildID")
    return df.merge(kids, on="LAchildID", how="left")


def _age_at(dob: pd.Series, when: pd.Series | pd.Timestamp) -> pd.Series:
    """Age in whole years on ``when`` (one date, or a date per row): a birthday on ``when`` counts; NaN
    without a date of birth."""
    w = when.dt if isinstance(when, pd.Series) else when
    before_birthday = (dob.dt.month > w.month) | ((dob.dt.month == w.month) & (dob.dt.day > w.day))
    return (w.year - dob.dt.year - before_birthday.astype(int)).astype("float64")


def _age_band(dob: pd.Series, expected: pd.Series, when: pd.Timestamp) -> pd.Series:
    """DfE age bands at ``when``: unborn (no birth yet), under 1, 1 to 4, 5 to 9, 10 to 15, 16 and over."""
    age = _age_at(dob, when)
    band = pd.Series("not known", index=dob.index, dtype=object)
    band[age.ge(16)] = "16 and over"
    band[age.between(10, 15)] = "10 to 15"
    band[age.between(5, 9)] = "5 to 9"
    band[age.between(1, 4)] = "1 to 4"
    band[age.eq(0)] = "under 1"
    unborn = dob.gt(when) | (dob.isna() & expected.notna())
    band[unborn] = "unborn"
    return band


def _duration_band(start: pd.Series, when: pd.Timestamp) -> pd.Series:
    band = pd.Series(DURATION_BANDS[0], index=start.index, dtype=object)
    band[start.lt(when - pd.DateOffset(months=3))] = DURATION_BANDS[1]
    band[start.lt(when - pd.DateOffset(months=6))] = DURATION_BANDS[2]
    band[start.le(when - pd.DateOffset(years=1))] = DURATION_BANDS[3]
    band[start.le(when - pd.DateOffset(years=2))] = DURATION_BANDS[4]
    return band


# ---------------------------------------------------------------------------------------------
# pooling several areas
# ---------------------------------------------------------------------------------------------

@dataclass
class AreaCoverage:
    """What one area of pooled data holds: whether it has CIN data, which census years, its population."""

    has_cin: bool
    census_years: list[ReportingYear]
    population: pd.DataFrame | None


_CHILD_TABLES = ("children", "referrals", "assessments", "section47", "cp_plans", "cp_reviews", "contacts",
                 "episodes")


def pool(datas: list[CPData], name: str = "pooled areas") -> CPData:
    """Several areas' cleaned tables stacked into one :class:`CPData`, each row tagged with its area in an
    ``_area`` column, so that :func:`indicators_for_years` works out every indicator for every area and year
    in one grouped pass (a regional alliance's pooled data). Each area keeps its own census years and
    population (``members``); the indicators are exactly those of each area alone. Rejection logs stay with
    each area's own :class:`CPData`. Raises ``ValueError`` if two areas have the same name."""
    names = [d.area for d in datas]
    if len(set(names)) != len(names):
        raise ValueError(f"areas must have different names to be pooled: {sorted(n for n in set(names) if names.count(n) > 1)}")
    areas = pd.CategoricalDtype(names)
    tables = {}
    for t in _CHILD_TABLES:
        parts = [getattr(d, t).assign(_area=pd.Categorical.from_codes(np.full(len(getattr(d, t)), i), dtype=areas))
                 for i, d in enumerate(datas) if getattr(d, t) is not None]
        tables[t] = pd.concat(parts, ignore_index=True) if parts else None
    return CPData(area=name, **tables, has_cin=any(d.has_cin for d in datas),
                  census_years=sorted({y for d in datas for y in d.census_years}),
                  members={d.area: AreaCoverage(d.has_cin, list(d.census_years), d.population) for d in datas})


# ---------------------------------------------------------------------------------------------
# indicators: one grouped pass over areas (numpy counts per area), year by year
# ---------------------------------------------------------------------------------------------

class _Context:
    """Arrays worked out once per :class:`CPData` and reused for every year and indicator: each row's area
    (a position in ``areas``), dates as numpy arrays, and per-record flags that do not depend on the year
    (re-referral, repeat plan, working days to the timescale). Counting is then ``np.bincount`` over the
    rows a year's mask selects, for all areas at once."""

    def __init__(self, data: CPData) -> None:
        self.data = data
        members = data.members or {data.area: AreaCoverage(data.has_cin, list(data.census_years), data.population)}
        self.members = members
        self.areas = list(members)
        self.n = len(self.areas)
        self._memo: dict = {}

    def memo(self, key, make):
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self.data, name)

    def area(self, name: str) -> np.ndarray:
        """Each row's area, as a position in ``areas``."""
        def make():
            df = self.table(name)
            if "_area" in df.columns:
                return df["_area"].cat.codes.to_numpy().astype(np.intp)
            return np.zeros(len(df), dtype=np.intp)
        return self.memo(("area", name), make)

    def dates(self, name: str, col: str) -> np.ndarray:
        """A date column as a numpy datetime64 array (NaT where missing)."""
        def make():
            values = self.table(name)[col]
            if not pd.api.types.is_datetime64_any_dtype(values):
                values = pd.to_datetime(values)
            return values.to_numpy()
        return self.memo(("dates", name, col), make)

    def child(self, name: str, col: str = "LAchildID") -> tuple[np.ndarray, np.ndarray]:
        """A whole-number key 0, 1, 2... for each different (area, child) (the same child in two areas is
        two children; a missing identifier gets -1), and each key's area."""
        def make():
            codes, uniques = pd.factorize(self.table(name)[col])
            area = self.area(name).astype(np.int64)
            key, pairs = pd.factorize(np.where(codes >= 0, area * (len(uniques) + 1) + codes, -1))
            valid = pairs >= 0
            remap = np.where(valid, np.cumsum(valid) - 1, -1)
            return remap[key], (pairs[valid] // (len(uniques) + 1)).astype(np.intp)
        return self.memo(("child", name, col), make)

    def count(self, name: str, mask: np.ndarray) -> np.ndarray:
        """Rows selected by ``mask``, per area."""
        return np.bincount(self.area(name)[mask], minlength=self.n).astype("float64")

    def children(self, name: str, mask: np.ndarray, col: str = "LAchildID") -> np.ndarray:
        """Different children among the rows selected by ``mask``, per area."""
        key, area = self.child(name, col)
        seen = np.zeros(len(area) + 1, dtype=bool)
        seen[key[mask]] = True  # a missing identifier (-1) marks the spare last place
        return np.bincount(area[seen[:-1]], minlength=self.n).astype("float64")

    def by_category(self, name: str, mask: np.ndarray, codes: np.ndarray, k: int) -> np.ndarray:
        """Rows selected by ``mask`` per area and category (``codes`` 0 to ``k - 1``; -1 is left out)."""
        m = mask & (codes >= 0)
        flat = self.area(name)[m] * k + codes[m]
        return np.bincount(flat, minlength=self.n * k).reshape(self.n, k).astype("float64")

    def covered(self, y: ReportingYear) -> np.ndarray:
        """Areas whose CIN data cover the whole reporting year."""
        return np.array([m.has_cin and y in m.census_years for m in self.members.values()], dtype=bool)

    def population(self, y: ReportingYear) -> np.ndarray:
        return self.memo(("population", y), lambda: np.array(
            [population.for_year(m.population, a, y) for a, m in self.members.items()], dtype="float64"))


def _context(data: CPData) -> _Context:
    tables = tuple(id(getattr(data, t)) for t in _CHILD_TABLES)
    cached = data.derived.get("context")
    if cached is None or cached[0] != tables:
        cached = data.derived["context"] = (tables, _Context(data))
    return cached[1]


def _in_year(values: np.ndarray, y: ReportingYear) -> np.ndarray:
    """Dates from 1 April to 31 March of ``y`` (missing dates are in no year)."""
    return (values >= np.datetime64(y.start)) & (values <= np.datetime64(y.end))


def _open_on(start: np.ndarray, end: np.ndarray, when: pd.Timestamp) -> np.ndarray:
    """Started on or before ``when`` and not ended by it (an end on ``when`` has ended)."""
    w = np.datetime64(when)
    return (start <= w) & (np.isnat(end) | (end > w))


def _current_at(ctx: _Context, name: str, y: ReportingYear) -> np.ndarray:
    """Records up to date at 31 March of ``y``: from that year's return or a later one, or a flat file."""
    census = ctx.dates(name, "_census")
    return np.isnat(census) | (census >= np.datetime64(y.end))


def _part(ctx: _Context, y: ReportingYear, indicator: str, kind: str, numerator, denominator=np.nan,
          breakdown="all", areas=None, symbol="") -> pd.DataFrame:
    """Rows of the indicator table before rates and limits are filled in: one per area in ``areas``
    (positions; default every area). ``kind`` is count, rate or percent."""
    areas = np.arange(ctx.n) if areas is None else np.asarray(areas)
    return pd.DataFrame({"_a": areas, "period": y.label, "indicator": indicator, "breakdown": breakdown,
                         "numerator": numerator, "denominator": denominator, "_kind": kind, "symbol": symbol})


def _not_available(ctx: _Context, y: ReportingYear, indicator: str, covered: np.ndarray,
                   kinds: tuple[str, ...]) -> list[pd.DataFrame]:
    """Rows saying a figure is not available ('x') for the areas not ``covered``: the data are not held."""
    missing = np.flatnonzero(~covered)
    if not len(missing):
        return []
    return [_part(ctx, y, indicator, k, np.nan, areas=missing, symbol="x") for k in kinds]


def _count_and_rate(ctx: _Context, y: ReportingYear, indicator: str, counts: np.ndarray,
                    covered: np.ndarray) -> list[pd.DataFrame]:
    ok = np.flatnonzero(covered)
    pop = ctx.population(y)[ok]
    return [_part(ctx, y, indicator, "count", counts[ok], areas=ok),
            _part(ctx, y, indicator, "rate", counts[ok], pop, areas=ok, symbol=np.where(np.isnan(pop), "x", "")),
            *_not_available(ctx, y, indicator, covered, ("count", "rate"))]


def _share(ctx: _Context, y: ReportingYear, indicator: str, numerator: np.ndarray, denominator: np.ndarray,
           covered: np.ndarray) -> list[pd.DataFrame]:
    ok = np.flatnonzero(covered)
    return [_part(ctx, y, indicator, "percent", numerator[ok], denominator[ok], areas=ok),
            *_not_available(ctx, y, indicator, covered, ("percent",))]


def _breakdown(ctx: _Context, y: ReportingYear, indicator: str, dimension: str, counts: np.ndarray,
               labels: list[str], denominator: np.ndarray, covered: np.ndarray,
               keep: np.ndarray | None = None) -> list[pd.DataFrame]:
    """Counts by category (``counts``: areas x ``labels``), each also as a percentage of the area's
    ``denominator`` (Wilson limits). ``keep`` (areas x labels) drops categories from an area's rows."""
    keep = np.ones(counts.shape, dtype=bool) if keep is None else keep
    keep = keep & covered[:, None]
    a, k = np.nonzero(keep)
    names = np.array([f"{dimension}:{label}" for label in labels], dtype=object)
    return [_part(ctx, y, indicator, "count", counts[a, k], breakdown=names[k], areas=a),
            _part(ctx, y, indicator, "percent", counts[a, k], denominator[a], breakdown=names[k], areas=a),
            *_not_available(ctx, y, indicator, covered, ("count",))]


def _complete(ctx: _Context, parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The indicator table from the parts: area names, units, rates (PHE Byar/exact Poisson limits) and
    percentages (Wilson limits) filled in for all rows at once, rows grouped by area in input order."""
    df = pd.concat(parts, ignore_index=True).sort_values("_a", kind="stable").reset_index(drop=True)
    kind = df["_kind"].to_numpy()
    df["area"] = np.array(ctx.areas, dtype=object)[df["_a"].to_numpy()]
    df["denominator"] = df["denominator"].where(kind != "count", np.nan)
    df["value"] = df["numerator"].where(kind == "count", np.nan)
    df["lower"] = np.nan
    df["upper"] = np.nan
    df["unit"] = np.select([kind == "rate", kind == "percent"], [PER_10K, "percent"], "count")
    df["source"] = SOURCE
    rated = (kind == "rate") & df["numerator"].notna().to_numpy() & df["denominator"].notna().to_numpy()
    if rated.any():
        r = ind.with_rates(df.loc[rated, ["numerator", "denominator", "value", "lower", "upper"]], PER_10K)
        df.loc[rated, ["value", "lower", "upper"]] = r[["value", "lower", "upper"]].to_numpy()
    shares = kind == "percent"
    if shares.any():
        r = ind.with_proportions(df.loc[shares, ["numerator", "denominator", "value", "lower", "upper"]])
        df.loc[shares, ["value", "lower", "upper"]] = r[["value", "lower", "upper"]].to_numpy()
    return ind.table(df[ind.COLUMNS + ["symbol"]])


def _indicator(part):
    """Make a public indicator function ``f(data, year) -> indicator table`` from ``part(ctx, y)``, which
    returns the table's parts; :func:`indicators` calls the parts of every indicator and completes once."""
    @functools.wraps(part)
    def public(data: CPData, year) -> pd.DataFrame:
        ctx = _context(data)
        return _complete(ctx, part(ctx, _year(year)))

    public.part = part
    return public


@_indicator
def contacts(ctx: _Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Contacts: contacts received by children's social care in the year (Ofsted Annex A list 1,
    one row per child per contact; ``Date of Contact`` from 1 April to 31 March). Count, and rate
    per 10,000 children aged 0-17 (ONS mid-year estimate of the year the reporting year starts).
    Not available unless the contacts file runs from 1 April or earlier to within a month of 31 March.
    Source: local Annex A list 1."""
    c = ctx.data.contacts
    if c is None or c.empty:
        return _count_and_rate(ctx, y, "contacts", np.zeros(ctx.n), np.zeros(ctx.n, dtype=bool))

    def span():
        g = pd.Series(ctx.dates("contacts", "DateOfContact")).groupby(ctx.area("contacts")).agg(["min", "max"])
        return g.reindex(range(ctx.n))
    s = ctx.memo("contact_span", span)
    covered = (s["min"].le(y.start) & s["max"].ge(y.end - pd.Timedelta(days=31))).to_numpy()
    counts = ctx.count("contacts", _in_year(ctx.dates("contacts", "DateOfContact"), y))
    return _count_and_rate(ctx, y, "contacts", counts, covered)


def _referrals_in_year(ctx: _Context, y: ReportingYear) -> np.ndarray:
    return ctx.memo(("referrals_in", y), lambda: _in_year(ctx.dates("referrals", "CINreferralDate"), y))


@_indicator
def referrals(ctx: _Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Referrals: referrals to children's social care starting in the year (``CINreferralDate``
    from 1 April to 31 March), counted once per child per referral date, whatever the outcome.
    Count and rate per 10,000 children aged 0-17. Source: DfE CIN census definition."""
    return _count_and_rate(ctx, y, "referrals", ctx.count("referrals", _referrals_in_year(ctx, y)), ctx.covered(y))


def _sorted_by_child(ctx: _Context, name: str, col: str) -> tuple[np.ndarray, np.ndarray]:
    """Row order by area, child and ``col`` date, and for each row in that order whether the row before
    is the same child (area and child)."""
    key = ctx.child(name)[0]
    order = np.lexsort((ctx.dates(name, col).view("i8"), key))
    k = key[order]
    same = np.zeros(len(k), dtype=bool)
    same[1:] = k[1:] == k[:-1]
    return order, same


def _rereferral_flags(ctx: _Context) -> np.ndarray:
    """True where the child's previous referral was within 12 months: on or after the same date a year
    earlier (a referral on 15 June 2024 after one on 15 June 2023 is a re-referral; after 14 June 2023, not)."""
    def make():
        order, same = _sorted_by_child(ctx, "referrals", "CINreferralDate")
        dates = pd.Series(ctx.dates("referrals", "CINreferralDate")[order])
        prev = dates.shift(1).where(same)
        flag = prev.notna() & prev.ge(dates - pd.DateOffset(months=12))
        out = np.empty(len(order), dtype=bool)
        out[order] = flag.to_numpy()
        return out
    return ctx.memo("rereferral_flags", make)


@_indicator
def rereferrals_within_12_months(ctx: _Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Re-referrals within 12 months: referrals in the year made within 12 months of the same child's
    previous referral (previous referral date on or after the same calendar date one year earlier; the
    previous referral may be in an earlier year's return), as a percentage of referrals in the year,
    with Wilson limits. Source: DfE CIN census definition (re-referral rate)."""
    in_year = _referrals_in_year(ctx, y)
    return _share(ctx, y, "rereferrals_within_12_months", ctx.count("referrals", in_year & _rereferral_flags(ctx)),
                  ctx.count("referrals", in_year), ctx.covered(y))


@_indicator
def referrals_nfa(ctx: _Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Referrals with no further action: referrals in the year with ``ReferralNFA`` true, as a
    percentage of referrals in the year (Wilson limits). Source: DfE CIN census (referrals NFA)."""
    in_year = _referrals_in_year(ctx, y)
    nfa = ctx.memo("nfa", lambda: ctx.table("referrals")["ReferralNFA"].to_numpy(dtype=bool))
    return _share(ctx, y, "referrals_nfa", ctx.count("referrals", in_year & nfa), ctx.count("referrals", in_year),
                  ctx.covered(y))


SOURCE_ORDER = list(dict.fromkeys(SOURCE_GROUPS.values()))


@_indicator
def referrals_by_source(ctx: _Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Referrals by source: referrals in the year by the DfE source group of ``ReferralSource``
    (individual 1A-1D, schools 2A, education services 2B, health services 3A-3F, housing 4,
    LA services 5A-5D, police 6, other legal agency 7, other 8, anonymous 9, unknown 10 or not
    recorded). Counts, and percentages of all referrals in the year. Source: DfE CIN census."""
    def make():
        codes, uniques = pd.factorize(ctx.table("referrals")["ReferralSource"], use_na_sentinel=False)
        group = pd.Series(uniques, dtype=object).map(SOURCE_GROUPS).fillna("unknown")
        return pd.Categorical(group, categories=SOURCE_ORDER).codes.astype(np.intp)[codes]
    groups = ctx.memo("source_groups", make)
    in_year = _referrals_in_year(ctx, y)
    counts = ctx.by_category("referrals", in_year, groups, len(SOURCE_ORDER))
    return _breakdown(ctx, y, "referrals_by_source", "source", counts, SOURCE_ORDER, ctx.count("referrals", in_year),
                      ctx.covered(y))


def _completed_in_year(ctx: _Context, y: ReportingYear) -> np.ndarray:
    return ctx.memo(("_completed_in_year", y), lambda: _in_year(ctx.dates("assessments", "AssessmentAuthorisationDate"), y))


@_indicator
def assessments_completed(ctx: _Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Assessments completed: children and family assessments authorised in the year
    (``AssessmentAuthorisationDate`` from 1 April to 31 March). Count and rate per 10,000
    children aged 0-17. Source: DfE CIN census definition."""
    return _count_and_rate(ctx, y, "assessments_completed", ctx.count("assessments", _completed_in_year(ctx, y)),
                           ctx.covered(y))


# Working Together to Safeguard Children timescales, in working days from the starting event
ASSESSMENT_WORKING_DAYS = 45  # referral to assessment authorised
ICPC_WORKING_DAYS = 15  # strategy discussion to initial child protection conference


def _within_working_days(ctx: _Context, y: ReportingYear, indicator: str, name: str, events: np.ndarray,
                         start: str, end: str, limit: int) -> list[pd.DataFrame]:
    """The share of ``events`` (a mask of table ``name``) whose ``end`` is no more than ``limit`` working
    days after ``start`` (the start is day 0; weekends and England and Wales bank holidays excluded; day
    ``limit`` is in time). Working days are counted once for the whole table."""
    days = ctx.memo(("working_days", name, start, end),
                    lambda: working_days(ctx.dates(name, start), ctx.dates(name, end)))
    return _share(ctx, y, indicator, ctx.count(name, events & (days <= limit)), ctx.count(name, events),
                  ctx.covered(y))


@_indicator
def assessments_within_45_working_days(ctx: _Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Assessments within 45 working days: assessments completed in the year whose authorisation
    date is no more than 45 working days after the referral date (the referral is day 0; weekends
    and England and Wales bank holidays excluded; authorised on day 45 is in time), as a percentage
    of assessments completed. Source: Working Together to Safeguard Children; DfE CIN census."""
    return _within_working_days(ctx, y, "assessments_within_45_working_days", "assessments",
                                _completed_in_year(ctx, y), "CINreferralDate", "AssessmentAuthorisationDate",
                                ASSESSMENT_WORKING_DAYS)


FACTOR_NAMES = sorted(set(FACTORS.values()))


def _assessment_factor_pairs(ctx: _Context) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each (assessment, factor) pair once: the assessment's row, the factor's position in FACTOR_NAMES
    (-1 for a code with no name), and the rows with any factor code. Each different list of codes is
    split once (the same few hundred lists recur across a million assessments)."""
    def make():
        lists, uniques = pd.factorize(ctx.table("assessments")["AssessmentFactors"].reset_index(drop=True))
        codes = pd.Series(uniques, dtype=object).str.split(";").explode()
        codes = codes[codes.fillna("").ne("")]
        named = pd.DataFrame({"u": codes.index.to_numpy(), "factor": codes.map(FACTORS).to_numpy()}).drop_duplicates()
        named["factor"] = pd.Categorical(named["factor"], categories=FACTOR_NAMES).codes.astype(np.intp)
        rows = pd.DataFrame({"a": np.arange(len(lists)), "u": lists}).merge(named, on="u", how="inner", sort=False)
        has_any = np.zeros(len(uniques) + 1, dtype=bool)
        has_any[named["u"].to_numpy()] = True  # lists[i] is -1 (the spare last place) for no factors at all
        return rows["a"].to_numpy(), rows["factor"].to_numpy(), np.flatnonzero(has_any[lists])
    return ctx.memo("factor_pairs", make)


@_indicator
def assessment_factors(ctx: _Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Factors identified at the end of assessment: for assessments completed in the year, the number
    with each factor (codes grouped as DfE publishes them, e.g. 3B -> domestic_abuse_parent; a factor
    counts once per assessment), and as a percentage of assessments completed with any factor
    recorded. Only factors recorded at least once are listed. Source: DfE CIN census, factors identified
    at the end of assessment (table C3)."""
    rows, factor, with_any_rows = _assessment_factor_pairs(ctx)
    in_year = _completed_in_year(ctx, y)
    area = ctx.area("assessments")
    m = in_year[rows] & (factor >= 0)
    k = len(FACTOR_NAMES)
    counts = np.bincount(area[rows[m]] * k + factor[m], minlength=ctx.n * k).reshape(ctx.n, k).astype("float64")
    any_rows = with_any_rows[in_year[with_any_rows]]
    with_any = np.bincount(area[any_rows], minlength=ctx.n).astype("float64")
    return _breakdown(ctx, y, "assessment_factors", "factor", counts, FACTOR_NAMES, with_any, ctx.covered(y),
                      keep=counts > 0)


def _s47_started(ctx: _Context, y: ReportingYear) -> np.ndarray:
    return ctx.memo(("_s47_started", y), lambda: _in_year(ctx.dates("section47", "S47ActualStartDate"), y))


def _icpcs_held(ctx: _Context, y: ReportingYear) -> np.ndarray:
    return ctx.memo(("_icpcs_held", y), lambda: _in_year(ctx.dates("section47", "DateOfInitialCPC"), y))


def _episode_only_icpcs(ctx: _Context, y: ReportingYear) -> np.ndarray:
    """Per referral (CIN episode): a conference date recorded directly in the episode (``CINdetails/
    DateOfInitialCPC``), held in the year, that no section 47 enquiry of the same episode records (the same
    child, referral date and conference date): a conference counted once whichever module holds it
    (docs/methodology.md, "Initial child protection conferences")."""
    def make():
        refs = ctx.table("referrals")
        dates = pd.to_datetime(refs["DateOfInitialCPC"]).to_numpy()
        s47 = _with_area(ctx, "section47", ["LAchildID", "CINreferralDate", "DateOfInitialCPC"]).dropna()
        keys = pd.MultiIndex.from_frame(s47.assign(DateOfInitialCPC=pd.to_datetime(s47["DateOfInitialCPC"])))
        mine = pd.MultiIndex.from_arrays([refs["LAchildID"], refs["CINreferralDate"], pd.to_datetime(dates),
                                          ctx.area("referrals")])
        return ~mine.isin(keys)
    if "DateOfInitialCPC" not in ctx.table("referrals").columns:  # tables from before the column was read
        return np.zeros(len(ctx.table("referrals")), dtype=bool)
    return _in_year(ctx.dates("referrals", "DateOfInitialCPC"), y) & ctx.memo("_episode_only_icpcs", make)


@_indicator
def section_47_enquiries(ctx: _Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Section 47 enquiries: enquiries under section 47 of the Children Act 1989 starting in the
    year (``S47ActualStartDate``, the date of the strategy discussion that began the enquiry).
    Count and rate per 10,000 children aged 0-17. Source: DfE CIN census definition."""
    return _count_and_rate(ctx, y, "section_47_enquiries", ctx.count("section47", _s47_started(ctx, y)),
                           ctx.covered(y))


@_indicator
def section_47_to_icpc(ctx: _Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Section 47 enquiries leading to an initial conference: section 47 enquiries started in the
    year with an initial child protection conference date (held then or later), as a percentage of
    section 47 enquiries started in the year. Child-level version of DfE's ICPCs / section 47s."""
    started = _s47_started(ctx, y)
    held = ~np.isnat(ctx.dates("section47", "DateOfInitialCPC"))
    return _share(ctx, y, "section_47_to_icpc", ctx.count("section47", started & held),
                  ctx.count("section47", started), ctx.covered(y))


@_indicator
def initial_cp_conferences(ctx: _Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Initial child protection conferences: ICPCs held in the year (1 April to 31 March), whether the
    return records the date in the section 47 enquiry or directly in the episode (``CINdetails``), each
    conference (child, episode, date) once. Count and rate per 10,000 children aged 0-17.
    Source: DfE CIN census definition; docs/methodology.md."""
    counts = ctx.count("section47", _icpcs_held(ctx, y)) + ctx.count("referrals", _episode_only_icpcs(ctx, y))
    return _count_and_rate(ctx, y, "initial_cp_conferences", counts, ctx.covered(y))


@_indicator
def icpc_within_15_working_days(ctx: _Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Initial conferences within 15 working days: ICPCs held in the year no more than 15 working
    days after the strategy discussion that began the section 47 enquiry (the strategy discussion is
    day 0; weekends and England and Wales bank holidays excluded; day 15 is in time, day 16 is not),
    as a percentage of ICPCs held in the year. Source: Working Together; DfE CIN census (table C4)."""
    return _within_working_days(ctx, y, "icpc_within_15_working_days", "section47", _icpcs_held(ctx, y),
                                "S47ActualStartDate", "DateOfInitialCPC", ICPC_WORKING_DAYS)


def _with_area(ctx: _Context, name: str, cols: list[str]) -> pd.DataFrame:
    return ctx.table(name)[cols].assign(_a=ctx.area(name))


def _icpc_led_to_plan(ctx: _Context) -> np.ndarray:
    """Per section 47 enquiry: a plan for the same child (same area) starts on the conference date."""
    def make():
        s = _with_area(ctx, "section47", ["LAchildID", "DateOfInitialCPC"])
        starts = _with_area(ctx, "cp_plans", ["LAchildID", "CPPstartDate"]).drop_duplicates()
        led = s.merge(starts, left_on=["_a", "LAchildID", "DateOfInitialCPC"],
                      right_on=["_a", "LAchildID", "CPPstartDate"], how="left")["CPPstartDate"].notna()
        return led.to_numpy() & ~np.isnat(s["DateOfInitialCPC"].to_numpy())
    return ctx.memo("icpc_led", make)


@_indicator
def icpc_to_plan(ctx: _Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Initial conferences leading to a plan: ICPCs held in the year after which the child became the
    subject of a child protection plan starting on the conference date, as a percentage of ICPCs held
    in the year. (DfE publishes plans started / ICPCs, which also counts plans without an ICPC.)
    Source: DfE CIN census."""
    held = _icpcs_held(ctx, y)
    return _share(ctx, y, "icpc_to_plan", ctx.count("section47", held & _icpc_led_to_plan(ctx)),
                  ctx.count("section47", held), ctx.covered(y))


def _plans_started(ctx: _Context, y: ReportingYear) -> np.ndarray:
    return ctx.memo(("_plans_started", y), lambda: _in_year(ctx.dates("cp_plans", "CPPstartDate"), y))


@_indicator
def cp_plans_started(ctx: _Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Child protection plans started: plans with ``CPPstartDate`` from 1 April to 31 March (a plan
    starting on 1 April belongs to the year that begins that day). Count and rate per 10,000
    children aged 0-17. Source: DfE CIN census (table D3)."""
    return _count_and_rate(ctx, y, "cp_plans_started", ctx.count("cp_plans", _plans_started(ctx, y)), ctx.covered(y))


def _repeat_plans(ctx: _Context) -> np.ndarray:
    """Per plan: the child had a plan before (an earlier plan in the data, or NumberOfPreviousCPP above 0)."""
    def make():
        order, same = _sorted_by_child(ctx, "cp_plans", "CPPstartDate")
        earlier = np.empty(len(order), dtype=bool)
        earlier[order] = same
        previous = ctx.table("cp_plans")["NumberOfPreviousCPP"].fillna(0).to_numpy() > 0
        return earlier | previous
    return ctx.memo("repeat_plans", make)


@_indicator
def cp_plans_second_or_subsequent(ctx: _Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Second or subsequent plans: plans started in the year for a child who had been the subject of a
    plan before, at any time and in any authority (DfE definition): ``NumberOfPreviousCPP`` above zero,
    or an earlier plan for the child in the data. Percentage of plans started, with Wilson limits.
    Source: DfE CIN census (table D3)."""
    started = _plans_started(ctx, y)
    return _share(ctx, y, "cp_plans_second_or_subsequent", ctx.count("cp_plans", started & _repeat_plans(ctx)),
                  ctx.count("cp_plans", started), ctx.covered(y))


def _plans_open(ctx: _Context, y: ReportingYear) -> np.ndarray:
    """Plans open at 31 March of ``y`` (from an up-to-date return)."""
    return ctx.memo(("plans_open", y), lambda: _current_at(ctx, "cp_plans", y) & _open_on(
        ctx.dates("cp_plans", "CPPstartDate"), ctx.dates("cp_plans", "CPPendDate"), y.end))


@_indicator
def cp_plans_at_31_march(ctx: _Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Children subject to a child protection plan at 31 March: plans started on or before 31 March
    and not ended by then (a plan ending on 31 March is not counted). Count and rate per 10,000
    children aged 0-17. Source: DfE CIN census (table D5)."""
    return _count_and_rate(ctx, y, "cp_plans_at_31_march", ctx.children("cp_plans", _plans_open(ctx, y)),
                           ctx.covered(y))


CATEGORY_NAMES = list(CATEGORIES.values()) + ["not recorded"]


@_indicator
def cp_plans_by_category(ctx: _Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Plans at 31 March by category of abuse: the latest category (``LatestCategoryOfAbuse``, else the
    initial one) of plans open at 31 March: neglect, physical, sexual, emotional abuse, multiple; 'not
    recorded' is listed only when some plan has none. Counts and percentages of plans at 31 March.
    Source: DfE CIN census (table D4)."""
    def make():
        p = ctx.table("cp_plans")
        cat = p["LatestCategoryOfAbuse"].where(p["LatestCategoryOfAbuse"].ne(""), p["InitialCategoryOfAbuse"])
        return pd.Categorical(cat.map(CATEGORIES).fillna("not recorded"), categories=CATEGORY_NAMES).codes.astype(np.intp)
    at = _plans_open(ctx, y)
    counts = ctx.by_category("cp_plans", at, ctx.memo("categories", make), len(CATEGORY_NAMES))
    keep = np.ones(counts.shape, dtype=bool)
    keep[:, -1] = counts[:, -1] > 0
    return _breakdown(ctx, y, "cp_plans_by_category", "category", counts, CATEGORY_NAMES,
                      ctx.count("cp_plans", at), ctx.covered(y), keep=keep)


def _plan_children(ctx: _Context) -> pd.DataFrame:
    """Each plan's child's date of birth and expected date of birth (same area)."""
    def make():
        kids = _with_area(ctx, "children", ["LAchildID", "PersonBirthDate", "ExpectedPersonBirthDate"])
        kids = kids.drop_duplicates(["_a", "LAchildID"])
        plans = _with_area(ctx, "cp_plans", ["LAchildID"])
        return plans.merge(kids, on=["_a", "LAchildID"], how="left")
    return ctx.memo("plan_children", make)


@_indicator
def cp_plans_by_age(ctx: _Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Plans at 31 March by age: age of the child at 31 March in DfE bands (unborn, under 1, 1 to 4,
    5 to 9, 10 to 15, 16 and over; not known without a birth date, listed only when there is one).
    Counts and percentages of plans at 31 March. Source: DfE CIN census (table D2)."""
    at = _plans_open(ctx, y)
    kids = _plan_children(ctx)[at]
    band = _age_band(kids["PersonBirthDate"], kids["ExpectedPersonBirthDate"], y.end)
    codes = np.full(len(at), -1, dtype=np.intp)
    codes[at] = pd.Categorical(band, categories=AGE_BANDS).codes
    counts = ctx.by_category("cp_plans", at, codes, len(AGE_BANDS))
    keep = np.ones(counts.shape, dtype=bool)
    keep[:, AGE_BANDS.index("not known")] = counts[:, AGE_BANDS.index("not known")] > 0
    return _breakdown(ctx, y, "cp_plans_by_age", "age", counts, AGE_BANDS, ctx.count("cp_plans", at),
                      ctx.covered(y), keep=keep)


@_indicator
def cp_plans_by_duration(ctx: _Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Plans at 31 March by length of time on the plan (DfE table D5 bands): 3 months or less (started
    on or after 31 December), more than 3 months to 6 months, more than 6 months to less than 1 year,
    1 year to less than 2 years (started 1 to 2 years before 31 March, 31 March a year earlier
    included), 2 years or more. Counts and percentages of plans at 31 March. Source: DfE CIN census."""
    at = _plans_open(ctx, y)
    band = _duration_band(pd.Series(ctx.dates("cp_plans", "CPPstartDate")[at]), y.end)
    codes = np.full(len(at), -1, dtype=np.intp)
    codes[at] = pd.Categorical(band, categories=DURATION_BANDS).codes
    counts = ctx.by_category("cp_plans", at, codes, len(DURATION_BANDS))
    return _breakdown(ctx, y, "cp_plans_by_duration", "duration", counts, DURATION_BANDS, ctx.count("cp_plans", at),
                      ctx.covered(y))


@_indicator
def cp_plans_ended_2_years_or_more(ctx: _Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Plans ended that lasted 2 years or more: plans ending in the year whose end date is on or after
    the second anniversary of their start, as a percentage of plans ending in the year.
    Source: DfE CIN census (plans ceasing by duration)."""
    def make():
        p = ctx.table("cp_plans")
        return p["CPPendDate"].ge(p["CPPstartDate"] + pd.DateOffset(years=2)).to_numpy()
    ended = _in_year(ctx.dates("cp_plans", "CPPendDate"), y)
    return _share(ctx, y, "cp_plans_ended_2_years_or_more",
                  ctx.count("cp_plans", ended & ctx.memo("lasted_2_years", make)), ctx.count("cp_plans", ended),
                  ctx.covered(y))


def _reviews_in_time(plans: pd.DataFrame, reviews: pd.DataFrame, until: pd.Series,
                     key: list[str] | None = None) -> pd.Series:
    """Per plan: True when every review due before ``until`` was held in time (first within 3 months of
    the start, each later one within 6 months of the one before) and none was overdue at ``until``.
    Plans and reviews are matched on ``key`` (default child and plan start date)."""
    key = key or ["LAchildID", "CPPstartDate"]
    p = plans[key].assign(_p=np.arange(len(plans)), _until=until.to_numpy())
    r = reviews[key + ["CPPreviewDate"]].merge(p, on=key, how="inner")
    r = r[r["CPPreviewDate"].le(r["_until"])].sort_values(["_p", "CPPreviewDate"])
    r = r.drop_duplicates(["_p", "CPPreviewDate"])
    prev = r.groupby("_p", sort=False)["CPPreviewDate"].shift(1)
    first = prev.isna()
    due = (r["CPPstartDate"] + pd.DateOffset(months=3)).where(first, prev + pd.DateOffset(months=6))
    late_plans = np.unique(r.loc[r["CPPreviewDate"].gt(due), "_p"].to_numpy())
    last = r.groupby("_p", sort=True)["CPPreviewDate"].max()
    last_review = pd.Series(last.reindex(p["_p"].to_numpy()).to_numpy(), index=p.index)
    next_due = (p["CPPstartDate"] + pd.DateOffset(months=3)).where(last_review.isna(),
                                                                      last_review + pd.DateOffset(months=6))
    overdue = next_due.lt(p["_until"])
    ok = ~p["_p"].isin(late_plans) & ~overdue
    return pd.Series(ok.to_numpy(), index=plans.index)


@_indicator
def cp_reviews_in_timescale(ctx: _Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Child protection reviews in timescale: of plans open at 31 March or ended in the year that had
    lasted at least 3 months (by 31 March or their end), the percentage whose reviews were all held in
    time: the first within 3 months of the plan starting, later ones within 6 months of the previous
    review, none overdue at 31 March or the end of the plan. Source: former national indicator NI 67;
    Working Together to Safeguard Children (review conference timescales)."""
    ended = _in_year(ctx.dates("cp_plans", "CPPendDate"), y)
    relevant = _plans_open(ctx, y) | (_current_at(ctx, "cp_plans", y) & ended)
    p = _with_area(ctx, "cp_plans", ["LAchildID", "CPPstartDate", "CPPendDate"])[relevant]
    until = p["CPPendDate"].where(p["CPPendDate"].notna() & p["CPPendDate"].le(y.end), y.end)
    lasted = until.ge(p["CPPstartDate"] + pd.DateOffset(months=3))
    p, until = p[lasted], until[lasted]
    ok = np.zeros(len(p), dtype=bool)
    if len(p):
        reviews = ctx.memo("reviews", lambda: _with_area(ctx, "cp_reviews", ["LAchildID", "CPPstartDate",
                                                                             "CPPreviewDate"]))
        ok = _reviews_in_time(p, reviews, until, key=["_a", "LAchildID", "CPPstartDate"]).to_numpy()
    area = p["_a"].to_numpy()
    numerator = np.bincount(area[ok], minlength=ctx.n).astype("float64")
    denominator = np.bincount(area, minlength=ctx.n).astype("float64")
    return _share(ctx, y, "cp_reviews_in_timescale", numerator, denominator, ctx.covered(y))


@_indicator
def children_in_need_at_31_march(ctx: _Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Children in need at 31 March: children with an episode of need (referral) open at 31 March:
    referred on or before it and not closed by it. Children counted once. Count and rate per 10,000
    children aged 0-17. Source: DfE CIN census (table B1)."""
    open_ = _current_at(ctx, "referrals", y) & _open_on(ctx.dates("referrals", "CINreferralDate"),
                                                       ctx.dates("referrals", "CINclosureDate"), y.end)
    return _count_and_rate(ctx, y, "children_in_need_at_31_march", ctx.children("referrals", open_), ctx.covered(y))


@_indicator
def looked_after_children_at_31_march(ctx: _Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Looked after children at 31 March: children with an SSDA903 episode open at 31 March
    (``DECOM`` on or before it, ``DEC`` blank or after it), excluding children looked after under an
    agreed series of short-term placements (legal status V3 or V4, short breaks). Children counted
    once. Count and rate per 10,000 children aged 0-17. Not available for an area whose episodes all
    start after 31 March. Source: DfE children looked after statistics."""
    e = ctx.data.episodes
    if e is None or e.empty:
        return _count_and_rate(ctx, y, "looked_after_children_at_31_march", np.zeros(ctx.n),
                               np.zeros(ctx.n, dtype=bool))
    first = ctx.memo("first_episode", lambda: pd.Series(ctx.dates("episodes", "DECOM")).groupby(
        ctx.area("episodes")).min().reindex(range(ctx.n)))
    covered = first.le(y.end).to_numpy()
    breaks = ctx.memo("short_breaks", lambda: e["LS"].isin(SHORT_BREAKS).to_numpy())
    open_ = _open_on(ctx.dates("episodes", "DECOM"), ctx.dates("episodes", "DEC"), y.end) & ~breaks
    return _count_and_rate(ctx, y, "looked_after_children_at_31_march", ctx.children("episodes", open_, "CHILD"),
                           covered)


INDICATOR_FUNCTIONS = [
    contacts, referrals, rereferrals_within_12_months, referrals_nfa, referrals_by_source, assessments_completed,
    assessments_within_45_working_days, assessment_factors, section_47_enquiries, section_47_to_icpc,
    initial_cp_conferences, icpc_within_15_working_days, icpc_to_plan, cp_plans_started,
    cp_plans_second_or_subsequent, cp_plans_at_31_march, cp_plans_by_category, cp_plans_by_age,
    cp_plans_by_duration, cp_plans_ended_2_years_or_more, cp_reviews_in_timescale, children_in_need_at_31_march,
    looked_after_children_at_31_march,
]


def _parts(ctx: _Context, years: list[ReportingYear]) -> list[pd.DataFrame]:
    return [part for y in years for f in INDICATOR_FUNCTIONS for part in f.part(ctx, y)]


def indicators(data: CPData, year) -> pd.DataFrame:
    """Every child protection indicator for one reporting year, as the indicator table (for pooled data,
    every area's).

    Figures the data cannot give (no return for the year, no contacts file, no SSDA903 episodes)
    are rows with no value and symbol ``x``. Raises ``ValueError`` if there are CIN census returns but
    none for ``year`` (flows such as referrals would silently be undercounted).
    """
    y = _year(year)
    if data.members is None and data.has_cin and data.census_years and y not in data.census_years:
        covered = f"{data.census_years[0].label} to {data.census_years[-1].label}"
        raise ValueError(f"no CIN data cover {y.label}: the returns cover {covered}")
    ctx = _context(data)
    return _complete(ctx, _parts(ctx, [y]))


def indicators_for_years(data: CPData, years) -> pd.DataFrame:
    """The indicator table for several years, skipping years the CIN data do not cover (for pooled data,
    each area's years: the rows are those of each area's own ``indicators_for_years``). All areas and
    years are worked out in one pass: the per-record work (re-referral flags, working days, repeat
    plans) is done once, and each year's counts are one ``np.bincount`` per indicator."""
    ctx = _context(data)
    ys = [ReportingYear(v) for v in years]
    wanted = {(a, y) for a, m in ctx.members.items() for y in ys if not m.has_cin or y in m.census_years}
    ok = [y for y in ys if any((a, y) in wanted for a in ctx.areas)]
    if not ok:
        return ind.empty()
    table = _complete(ctx, _parts(ctx, ok))
    if len(wanted) < len(ok) * ctx.n:
        keep = [(a, ReportingYear(p)) in wanted for a, p in zip(table["area"], table["period"])]
        table = table[np.array(keep, dtype=bool)].reset_index(drop=True)
    return table


# ---------------------------------------------------------------------------------------------
# report tables (from indicator tables: local or published)
# ---------------------------------------------------------------------------------------------

ACTIVITY = ["referrals", "assessments_completed", "section_47_enquiries", "initial_cp_conferences",
            "cp_plans_at_31_march", "children_in_need_at_31_march", "looked_after_children_at_31_march"]
CHANGE = ["contacts"] + ACTIVITY
STAGES = ["referrals", "assessments_completed", "section_47_enquiries", "initial_cp_conferences",
          "cp_plans_started", "cp_plans_at_31_march", "looked_after_children_at_31_march"]
KEY_FACTS = [
    ("referrals", "count"), ("referrals", PER_10K), ("children_in_need_at_31_march", "count"),
    ("children_in_need_at_31_march", PER_10K), ("cp_plans_at_31_march", "count"), ("cp_plans_at_31_march", PER_10K),
    ("looked_after_children_at_31_march", "count"), ("looked_after_children_at_31_march", PER_10K),
    ("section_47_enquiries", "count"), ("section_47_enquiries", PER_10K), ("initial_cp_conferences", "count"),
    ("initial_cp_conferences", PER_10K), ("section_47_to_icpc", "percent"), ("icpc_within_15_working_days", "percent"),
    ("icpc_to_plan", "percent"), ("cp_reviews_in_timescale", "percent"), ("cp_plans_second_or_subsequent", "percent"),
    ("rereferrals_within_12_months", "percent"), ("referrals_nfa", "percent"),
]
_VIEW = ["row", "column", "value", "lower", "upper", "unit", "symbol", "numerator", "denominator"]


def _label(indicator: str, unit: str | None = None) -> str:
    base = LABELS.get(indicator, indicator.replace("_", " ").capitalize())
    if unit == "count":
        return f"{base}: number"
    if unit == PER_10K:
        return f"{base}: rate per 10,000 children"
    if unit == "percent":
        return f"{base} (%)"
    return base


def latest_period(table: pd.DataFrame, area: str, year, indicators: list[str] | None = None) -> str | None:
    """The latest period up to ``year`` in which ``area`` has a value for any of ``indicators``."""
    y = ReportingYear(year)
    t = table[table["area"].eq(area) & table["value"].notna()]
    if indicators:
        t = t[t["indicator"].isin(indicators)]
    periods = sorted({p for p in t["period"] if re.fullmatch(r"\d{4}-\d{2}", str(p)) and ReportingYear(p) <= y})
    return periods[-1] if periods else None


def _cell(row: str, column: str, src: pd.Series | None, unit: str) -> dict:
    if src is None:
        return {"row": row, "column": column, "value": np.nan, "lower": np.nan, "upper": np.nan, "unit": unit,
                "symbol": "x", "numerator": np.nan, "denominator": np.nan}
    return {"row": row, "column": column, "value": src["value"], "lower": src["lower"], "upper": src["upper"],
            "unit": unit, "symbol": src.get("symbol", "") if pd.isna(src["value"]) else "",
            "numerator": src["numerator"], "denominator": src["denominator"]}


def _comparator_areas(comparators: pd.DataFrame | None) -> list[str]:
    if comparators is None or comparators.empty:
        return []
    names = list(dict.fromkeys(comparators["area"]))
    order = ["England", "Statistical neighbours"]
    return [n for n in order if n in names] + [n for n in names if n not in order]


def activity_table(local: pd.DataFrame, comparators: pd.DataFrame | None, year, *, area: str | None = None,
                   indicators: list[str] = ACTIVITY) -> pd.DataFrame:
    """Activity per 10,000 children: the area in ``year`` beside England, its statistical neighbours and
    its region, each at the latest year published up to ``year`` (seed 000, section 4.2.2, first table).

    Returns a long frame (row, column, value, lower, upper, unit, symbol...) for
    ``report.indicator_view(t, rows="row", columns="column")``.
    """
    y = ReportingYear(year)
    area = area or local["area"].iat[0]
    pick = ind.Cells(local)
    cells = [_cell(_label(i), f"{area} {y.label}", pick(area, y.label, i, "all", PER_10K), PER_10K)
             for i in indicators]
    both = ind.concat([local, comparators]) if comparators is not None else local
    pick = ind.Cells(both)
    for comp in _comparator_areas(comparators):
        p = latest_period(both, comp, y, indicators)
        if p is None:
            continue
        cells += [_cell(_label(i), f"{comp} {p}", pick(comp, p, i, "all", PER_10K), PER_10K) for i in indicators]
    return pd.DataFrame(cells, columns=_VIEW)


def change_table(table: pd.DataFrame, year, *, areas: list[str] | None = None,
                 indicators: list[str] = CHANGE) -> pd.DataFrame:
    """This year against last with the percentage change (seed 000, section 4.2.2, second table):
    contacts as a number, other activity per 10,000 children; for each of ``areas`` (default: the
    first area in ``table``)."""
    y = ReportingYear(year)
    prev = y.previous()
    areas = areas or [table["area"].iat[0]]
    pick = ind.Cells(table)
    cells = []
    for a in areas:
        for i in indicators:
            unit = "count" if i == "contacts" else PER_10K
            new, old = pick(a, y.label, i, "all", unit), pick(a, prev.label, i, "all", unit)
            label = _label(i, unit if i == "contacts" else None)
            cells.append(_cell(label, f"{a} {prev.label}", old, unit))
            cells.append(_cell(label, f"{a} {y.label}", new, unit))
            change = np.nan if new is None or old is None else pct_change(new["value"], old["value"])
            cells.append({"row": label, "column": f"{a} % change", "value": change, "lower": np.nan,
                          "upper": np.nan, "unit": "percent", "symbol": "" if change == change else "x",
                          "numerator": np.nan, "denominator": np.nan})
    return pd.DataFrame(cells, columns=_VIEW)


def stage_percentages(table: pd.DataFrame, year, *, comparators: pd.DataFrame | None = None,
                      stages: list[str] = STAGES) -> pd.DataFrame:
    """Each stage as a percentage of referrals (seed 000, section 4.2.2, third table): the stage's rate per
    10,000 divided by the referral rate (for one area the same as the ratio of counts), for the area this
    year and last, and for the comparators in their latest published year up to ``year``."""
    y = ReportingYear(year)
    area = table["area"].iat[0]
    cols = [(area, y.label), (area, y.previous().label)]
    both = table
    if comparators is not None and not comparators.empty:
        both = ind.concat([table, comparators])
        for comp in _comparator_areas(comparators):
            p = latest_period(both, comp, y, stages)
            if p is not None:
                cols.append((comp, p))
    pick = ind.Cells(both)
    cells = []
    for a, p in cols:
        ref = pick(a, p, "referrals", "all", PER_10K)
        for s in stages:
            row = pick(a, p, s, "all", PER_10K)
            value = np.nan if ref is None or row is None or not ref["value"] else row["value"] / ref["value"] * 100
            cells.append({"row": _label(s), "column": f"{a} {p}", "value": value, "lower": np.nan, "upper": np.nan,
                          "unit": "percent", "symbol": "" if value == value else (
                              "c" if row is not None and row.get("symbol", "") == "c" else "x"),
                          "numerator": np.nan, "denominator": np.nan})
    return pd.DataFrame(cells, columns=_VIEW)


def key_facts(table: pd.DataFrame, comparators: pd.DataFrame | None, year, *, n_years: int = 3,
              facts: list[tuple[str, str]] = KEY_FACTS) -> pd.DataFrame:
    """Safeguarding key facts (seed 003, section 3.2): the area's last ``n_years`` years beside the
    statistical-neighbour and national averages of the latest year published up to ``year``."""
    y = ReportingYear(year)
    area = table["area"].iat[0]
    pick = ind.Cells(table)
    cells = []
    for i, unit in facts:
        label = _label(i, unit)
        for yr in y.trend(n_years):
            cells.append(_cell(label, f"{area} {yr.label}", pick(area, yr.label, i, "all", unit), unit))
    if comparators is not None and not comparators.empty:
        pick = ind.Cells(comparators)
        for comp, name in (("Statistical neighbours", "Statistical neighbour average"), ("England", "National average")):
            p = latest_period(comparators, comp, y)
            if p is None:
                continue
            for i, unit in facts:
                src = pick(comp, p, i, "all", unit)
                cells.append(_cell(_label(i, unit), f"{name} {p}", src, unit))
    return pd.DataFrame(cells, columns=_VIEW)


_DISPLAY = {"la services": "Local authority services", "a&e": "A&E"}


def breakdown_label(breakdown: str) -> str:
    """How a breakdown value is shown: 'factor:domestic_abuse_parent' -> 'Domestic abuse: parent or carer'."""
    value = breakdown.split(":", 1)[1] if ":" in breakdown else breakdown
    if value in _DISPLAY:
        return _DISPLAY[value]
    for suffix, said in (("_child", ": child"), ("_parent", ": parent or carer"), ("_person", ": another person")):
        if value.endswith(suffix) and value.split("_")[0] not in {"physical", "sexual"}:
            value = value[: -len(suffix)] + said
            break
    value = value.replace("_", " ")
    return value[:1].upper() + value[1:]


def _sentence(indicator: str) -> str:
    label = LABELS[indicator]
    return label[:1].lower() + label[1:]


def _breakdown_view(table: pd.DataFrame, indicator: str, year, dimension: str, area: str | None = None,
                    comparators: pd.DataFrame | None = None) -> pd.DataFrame:
    y = ReportingYear(year)
    area = area or table["area"].iat[0]
    t = table[table["area"].eq(area) & table["indicator"].eq(indicator) & table["period"].eq(y.label)
              & table["breakdown"].str.startswith(dimension + ":")]
    rows = list(dict.fromkeys(t["breakdown"]))
    pick = ind.Cells(table)
    england = comparators is not None and not comparators.empty
    if england:
        p = latest_period(comparators[comparators["indicator"].eq(indicator)], "England", y)
        pick_england = ind.Cells(comparators)
    cells = []
    for b in rows:
        name = breakdown_label(b)
        for unit, col in (("count", f"{area} number"), ("percent", f"{area} %")):
            cells.append(_cell(name, col, pick(area, y.label, indicator, b, unit), unit))
        if england:
            src = pick_england("England", p, indicator, b, "percent") if p else None
            cells.append(_cell(name, f"England % {p or ''}".strip(), src, "percent"))
    return pd.DataFrame(cells, columns=_VIEW)


def category_table(table: pd.DataFrame, year, *, comparators: pd.DataFrame | None = None) -> pd.DataFrame:
    """Plans at 31 March by latest category of abuse: number and percentage, beside the national split
    where the published statistics give one (shown 'x' where they do not)."""
    return _breakdown_view(table, "cp_plans_by_category", year, "category", comparators=comparators)


def age_table(table: pd.DataFrame, year) -> pd.DataFrame:
    """Plans at 31 March by DfE age band: number and percentage."""
    return _breakdown_view(table, "cp_plans_by_age", year, "age")


def referral_sources(table: pd.DataFrame, year) -> pd.DataFrame:
    """Sources of referral: number and percentage of referrals in the year, by DfE source group."""
    return _breakdown_view(table, "referrals_by_source", year, "source")


def top_factors(table: pd.DataFrame, year, *, n: int = 10, comparators: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``n`` factors most often identified at the end of assessment in ``year`` (by percentage of
    assessments with any factor recorded), with the England percentage where published."""
    y = ReportingYear(year)
    area = table["area"].iat[0]
    t = table[table["area"].eq(area) & table["indicator"].eq("assessment_factors") & table["period"].eq(y.label)
              & table["unit"].eq("percent") & table["value"].notna()
              & ~table["breakdown"].isin(["factor:no_factors_identified", "factor:other"])]
    top = t.sort_values(["value", "breakdown"], ascending=[False, True]).head(n)["breakdown"].tolist()
    view = _breakdown_view(table[table["breakdown"].isin(top) | table["breakdown"].eq("all")],
                           "assessment_factors", year, "factor", comparators=comparators)
    order = [breakdown_label(b) for b in top]
    return view.assign(_o=view["row"].map({r: k for k, r in enumerate(order)})).sort_values("_o", kind="stable").drop(
        columns="_o").reset_index(drop=True)


def adolescent_share(data: CPData, year, *, min_age: int = 13, suppress: bool = False) -> pd.DataFrame:
    """Adolescents' share of each stage (seed 003, section 5.5.2): children aged ``min_age`` and over
    (age at the referral, assessment, enquiry or plan start; at 31 March for the stocks) as a
    percentage of referrals, assessments completed, section 47 enquiries and plans started in the year,
    and of children on a plan and in need at 31 March. Wilson limits. Local data only."""
    y = ReportingYear(year)
    ctx = _context(data)
    in_need = _current_at(ctx, "referrals", y) & _open_on(ctx.dates("referrals", "CINreferralDate"),
                                                         ctx.dates("referrals", "CINclosureDate"), y.end)
    sets = [  # stage, table, rows, the date the age is taken at (None: 31 March)
        ("Referrals", "referrals", _referrals_in_year(ctx, y), "CINreferralDate"),
        ("Assessments completed", "assessments", _completed_in_year(ctx, y), "AssessmentAuthorisationDate"),
        ("Section 47 enquiries", "section47", _s47_started(ctx, y), "S47ActualStartDate"),
        ("Child protection plans started", "cp_plans", _plans_started(ctx, y), "CPPstartDate"),
        ("Child protection plans at 31 March", "cp_plans", _plans_open(ctx, y), None),
        ("Children in need at 31 March", "referrals", in_need, None),
    ]
    rows = []
    for name, table, mask, when in sets:
        df = ctx.table(table)[mask]
        if table == "referrals" and when is None:  # children, not episodes
            df = df.drop_duplicates("LAchildID")
        k = _with_children(df, data)
        age = _age_at(k["PersonBirthDate"], y.end if when is None else k[when])
        rows.append(ind.proportion_row(data.area, y.label, "adolescents", float(age.ge(min_age).sum()),
                                       float(len(k)), breakdown=f"stage:{name}", source=SOURCE))
    t = ind.table(rows)
    if suppress:
        from lscb_analysis.core.suppression import suppress as _suppress

        t = _suppress(t)
    return pd.DataFrame([_cell(b.split(":", 1)[1], f"aged {min_age} and over (%)", r_, "percent")
                         for b, (_, r_) in zip(t["breakdown"], t.iterrows())], columns=_VIEW)


def funnel_data(indicator: str, year, *, local: pd.DataFrame | None = None,
                highlight: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """Every English local authority's published percentage for ``indicator`` in ``year`` (default
    re-referrals or repeat plans), with funnel-plot limits around the England value (exact binomial,
    Spiegelhalter). ``local`` (an indicator table) adds the area's own point. Returns
    (points: area, numerator, denominator, value; limits; England value)."""
    from lscb_analysis.inputs import dfe

    y = ReportingYear(year)
    allt = dfe.local_authorities(y)
    pts = allt[allt["indicator"].eq(indicator) & allt["unit"].eq("percent") & allt["breakdown"].eq("all")
               & allt["value"].notna() & allt["denominator"].gt(0)]
    pts = pts[["area", "numerator", "denominator", "value"]]
    if local is not None:
        mine = local[local["indicator"].eq(indicator) & local["unit"].eq("percent") & local["breakdown"].eq("all")
                     & local["period"].eq(y.label) & local["value"].notna()]
        pts = pd.concat([pts[~pts["area"].isin(mine["area"])], mine[["area", "numerator", "denominator", "value"]]],
                        ignore_index=True)
    eng = dfe.england(y)
    e = eng[eng["indicator"].eq(indicator) & eng["unit"].eq("percent") & eng["breakdown"].eq("all")]
    target = float(e["value"].iat[0]) if len(e) and e["value"].notna().iat[0] else float(
        pts["numerator"].sum() / pts["denominator"].sum() * 100)
    lo, hi = max(5.0, float(pts["denominator"].min()) * 0.9), float(pts["denominator"].max()) * 1.1
    grid = np.unique(np.round(np.geomspace(lo, hi, 200)))
    limits = funnel_limits_proportion(target, grid)
    return pts.reset_index(drop=True), limits, target


def trend_data(local: pd.DataFrame, comparators: pd.DataFrame | None, indicator: str, unit: str,
               years, breakdown: str = "all") -> pd.DataFrame:
    """Rows (area, period, value, lower, upper) for a trend chart of one indicator over ``years``."""
    labels = {ReportingYear(v).label for v in years}
    both = ind.concat([local, comparators]) if comparators is not None else local
    t = both[both["indicator"].eq(indicator) & both["unit"].eq(unit) & both["breakdown"].eq(breakdown)
             & both["period"].isin(labels)]
    return t[["area", "period", "value", "lower", "upper"]].sort_values(["area", "period"]).reset_index(drop=True)


def headlines(table: pd.DataFrame, comparators: pd.DataFrame | None, year) -> list[str]:
    """A few plain-English sentences for board members, generated from the figures: the change in the
    referral and plan rates since last year, and how this year's rates and repeat-plan percentage
    compare with England (significance judged by the 95% interval)."""
    from lscb_analysis.report import display as report

    y = ReportingYear(year)
    area = table["area"].iat[0]
    pick = ind.Cells(table)
    out = []
    for i in ("referrals", "cp_plans_at_31_march"):
        new, old = pick(area, y.label, i, "all", PER_10K), pick(area, y.previous().label, i, "all", PER_10K)
        if new is not None and old is not None:
            out.append(report.describe_change(f"The rate of {_sentence(i)} per 10,000 children", new["value"],
                                              old["value"], unit=PER_10K, new_label=f"in {y.label}",
                                              old_label=f"in {y.previous().label}"))
    if comparators is not None and not comparators.empty:
        p = latest_period(comparators, "England", y)
        pick_england = ind.Cells(comparators)
        for i, unit in (("referrals", PER_10K), ("cp_plans_at_31_march", PER_10K),
                        ("cp_plans_second_or_subsequent", "percent")):
            mine, eng = pick(area, y.label, i, "all", unit), pick_england("England", p, i, "all", unit) if p else None
            if mine is not None and eng is not None:
                what = f"the rate of {_sentence(i)}" if unit == PER_10K else f"the percentage of {_sentence(i)}"
                out.append(report.describe_comparison(f"In {y.label}, {what} in {area}", mine["value"],
                                                      mine["lower"], mine["upper"], eng["value"],
                                                      f"England in {p}", unit=unit))
    return out


# ---------------------------------------------------------------------------------------------
# the section as the notebook shows it
# ---------------------------------------------------------------------------------------------


@dataclass
class Section:
    """Everything notebook 01 shows for one area and year."""

    name: str
    year: ReportingYear
    years: list[ReportingYear]
    mode: str  # "local" (the area's own extracts) or "published" (DfE statistics only)
    synthetic: bool
    data: CPData | None
    table: pd.DataFrame  # the area's indicators over ``years`` (suppressed if asked)
    comparators: pd.DataFrame  # England, region, statistical neighbours
    note: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} (synthetic data)" if self.synthetic else self.name


def section(area: str, year, raw_dir, trend_years: int = 5, suppress: bool = True) -> Section:
    """Load what there is for ``area``: its own extracts if ``raw_dir/<area>`` has any (local mode),
    else DfE's published figures for the authority (published mode); with comparators. ``suppress``
    applies disclosure control to the area's figures (published comparators are already controlled)."""
    from lscb_analysis.inputs import dfe
    from lscb_analysis.core import suppression
    from lscb_analysis.inputs.config import load_area

    place = load_area(area)
    y = ReportingYear(year)
    years = y.trend(trend_years)
    area_dir = place.data_dir(raw_dir)
    data = load(area_dir, area=place.name) if has_local_data(area_dir) else None
    if data is not None and data.has_cin and y not in data.census_years:
        covered = ", ".join(c.label for c in data.census_years)
        if place.synthetic or not place.old_la_code:
            raise ValueError(f"{place.name}: no CIN census return covers {y.label} (the returns cover {covered}), "
                             "and there are no published figures to fall back on")
        data = None  # a real authority: show what DfE published for the year instead
    if data is not None:
        table = indicators_for_years(data, [t for t in years if not data.census_years or t in data.census_years])
        mode, note = "local", ""
    else:
        data, mode = None, "published"
        table = dfe.indicators(place.name, years)
        note = (f"{place.name} has no local child-level extracts in {area_dir}: these are the figures DfE "
                "published for it.")
        if table[table["period"].eq(y.label) & table["value"].notna()].empty:
            raise ValueError(f"DfE has published no child protection figures for {place.name} in {y.label}")
    comps = dfe.comparators(place.name, years)
    if suppress:
        table = suppression.suppress(table)
    return Section(name=place.name, year=y, years=years, mode=mode, synthetic=place.synthetic, data=data,
                   table=table, comparators=comps, note=note)


def _direction(value: float, other: float) -> str:
    if pd.isna(value) or pd.isna(other):
        return "compared with"
    return "above" if value > other else ("below" if value < other else "the same as")


def trend_chart(sec: Section, indicator: str, unit: str = PER_10K):
    """A trend chart of one indicator for the area, England, its region and statistical neighbours,
    titled with how the area compares with England this year."""
    from lscb_analysis.report import plots
    from lscb_analysis.report.display import format_value

    t = trend_data(sec.table, sec.comparators, indicator, unit, sec.years)
    t = t[t["value"].notna()]
    mine = t[t["area"].eq(sec.name) & t["period"].eq(sec.year.label)]["value"]
    eng = t[t["area"].eq("England")].sort_values("period")["value"]
    v, e = (mine.iat[0] if len(mine) else np.nan), (eng.iat[-1] if len(eng) else np.nan)
    what = LABELS[indicator] + (" per 10,000 children" if unit == PER_10K else " (%)")
    title = f"{LABELS[indicator]}: {sec.name} {_direction(v, e)} England in {sec.year.label}"
    alt = (f"Line chart of {what[:1].lower() + what[1:]} from {sec.years[0].label} to {sec.year.label} for {sec.label}, "
           f"England, its region and statistical neighbours. {sec.name} {sec.year.label}: "
           f"{format_value(v, unit)}; England latest: {format_value(e, unit)}.")
    return plots.trend(t, x="period", y="value", series="area", title=title, alt=alt, ylabel=what,
                       highlight=sec.name, lower="lower", upper="upper")




def funnel_chart(sec: Section, indicator: str):
    """A funnel plot placing the area among all English authorities (published figures for the latest year
    up to this one; the area's own figure where it has local data), titled with where it falls."""
    from lscb_analysis.report import plots
    from lscb_analysis.report.display import format_value

    p = latest_period(sec.comparators, "England", sec.year, [indicator]) or sec.year.label
    local = sec.table if sec.mode == "local" else None
    pts, limits, target = funnel_data(indicator, p if sec.mode == "published" else p, local=local)
    if sec.mode == "local":
        pts.loc[pts["area"].eq(sec.name), "area"] = sec.name
    me = pts[pts["area"].eq(sec.name)]
    verdict = "not placed"
    if len(me):
        n, val = me["denominator"].iat[0], me["value"].iat[0]
        lim = funnel_limits_proportion(target, [n])
        verdict = ("above the expected range" if val > lim["upper_99.8"].iat[0] else
                   "below the expected range" if val < lim["lower_99.8"].iat[0] else "within the expected range")
    title = f"{LABELS[indicator]}: {sec.name} is {verdict}"
    alt = (f"Funnel plot of {_sentence(indicator)} (%) against the number of cases for {len(pts)} English "
           f"authorities in {p}, with England at {format_value(target, 'percent')}% and 95% and 99.8% limits; "
           f"{sec.name} is {verdict}.")
    return plots.funnel(pts, limits, x="denominator", y="value", label="area", target=target, title=title, alt=alt,
                        xlabel="Number of cases (denominator)", ylabel="Per cent", highlight=sec.name)
