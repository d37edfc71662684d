"""Child protection indicators: one function per indicator, named after it, each stating its
definition, formula and source (DfE children in need census and statistics, Working Together to
Safeguard Children, the SSDA903 return, Ofsted Annex A).

Each indicator function is called as ``f(data, year) -> indicator table``; :func:`indicators` calls
every one for the years asked for with one :class:`~lscb_analysis.sections.child_protection.engine.Context`
(the grouped engine), made for that call from the data as they are then. Rows are completed with the
one row builder (:mod:`lscb_analysis.core.indicators`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core.periods import ReportingYear, working_days
from lscb_analysis.sections.child_protection.codes import (
    AGE_BANDS,
    CATEGORIES,
    DURATION_BANDS,
    FACTORS,
    SHORT_BREAKS,
    SOURCE,
    SOURCE_GROUPS,
)
from lscb_analysis.sections.child_protection.engine import (
    Context,
    age_at,
    age_band,
    breakdown_rows,
    complete,
    count_and_rate_rows,
    current_at,
    duration_band,
    indicator_function,
    open_on,
    share_rows,
    with_children,
    within_year,
)
from lscb_analysis.sections.child_protection.load import CPData

__all__ = [
    "indicators", "indicators_for_years", "adolescents", "INDICATOR_FUNCTIONS",
    "contacts", "referrals", "rereferrals_within_12_months", "referrals_nfa", "referrals_by_source",
    "assessments_completed", "assessments_within_45_working_days", "assessment_factors",
    "section_47_enquiries", "section_47_to_icpc", "section_47_followed_to_icpc", "initial_cp_conferences",
    "icpc_within_15_working_days", "icpc_to_plan", "icpc_followed_to_plan", "cp_plans_started",
    "cp_plans_second_or_subsequent", "cp_plans_at_31_march", "cp_plans_by_category", "cp_plans_by_age",
    "cp_plans_by_duration", "cp_plans_ended_2_years_or_more", "cp_reviews_in_timescale",
    "children_in_need_at_31_march", "looked_after_children_at_31_march",
]


@indicator_function
def contacts(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Contacts: contacts received by children's social care in the year (Ofsted Annex A list 1,
    one row per child per contact; ``Date of Contact`` from 1 April to 31 March). Count, and rate
    per 10,000 children aged 0-17 (ONS mid-year estimate of the year the reporting year starts).
    Not available unless the contacts file runs from 1 April or earlier to within a month of 31 March.
    Source: local Annex A list 1."""
    c = ctx.data.contacts
    if c is None or c.empty:
        return count_and_rate_rows(ctx, y, "contacts", np.zeros(ctx.n), np.zeros(ctx.n, dtype=bool))

    def span():
        g = pd.Series(ctx.dates("contacts", "DateOfContact")).groupby(ctx.area("contacts")).agg(["min", "max"])
        return g.reindex(range(ctx.n))
    s = ctx.memo("contact_span", span)
    covered = (s["min"].le(y.start) & s["max"].ge(y.end - pd.Timedelta(days=31))).to_numpy()
    counts = ctx.count("contacts", within_year(ctx.dates("contacts", "DateOfContact"), y))
    return count_and_rate_rows(ctx, y, "contacts", counts, covered)


def _referrals_in_year(ctx: Context, y: ReportingYear) -> np.ndarray:
    return ctx.memo(("referrals_in", y), lambda: within_year(ctx.dates("referrals", "CINreferralDate"), y))


@indicator_function
def referrals(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Referrals: referrals to children's social care starting in the year (``CINreferralDate``
    from 1 April to 31 March), counted once per child per referral date, whatever the outcome.
    Count and rate per 10,000 children aged 0-17. Source: DfE CIN census definition."""
    return count_and_rate_rows(ctx, y, "referrals", ctx.count("referrals", _referrals_in_year(ctx, y)), ctx.covered(y))


def _sorted_by_child(ctx: Context, name: str, col: str) -> tuple[np.ndarray, np.ndarray]:
    """Row order by area, child and ``col`` date, and for each row in that order whether the row before
    is the same child (area and child)."""
    key = ctx.child(name)[0]
    order = np.lexsort((ctx.dates(name, col).view("i8"), key))
    k = key[order]
    same = np.zeros(len(k), dtype=bool)
    same[1:] = k[1:] == k[:-1]
    return order, same


def _rereferral_flags(ctx: Context) -> np.ndarray:
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


@indicator_function
def rereferrals_within_12_months(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Re-referrals within 12 months: referrals in the year made within 12 months of the same child's
    previous referral (previous referral date on or after the same calendar date one year earlier; the
    previous referral may be in an earlier year's return), as a percentage of referrals in the year,
    with Wilson limits. Source: DfE CIN census definition (re-referral rate)."""
    in_year = _referrals_in_year(ctx, y)
    return share_rows(ctx, y, "rereferrals_within_12_months", ctx.count("referrals", in_year & _rereferral_flags(ctx)),
                  ctx.count("referrals", in_year), ctx.covered(y))


@indicator_function
def referrals_nfa(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Referrals with no further action: referrals in the year with ``ReferralNFA`` true, as a
    percentage of referrals in the year (Wilson limits). Source: DfE CIN census (referrals NFA)."""
    in_year = _referrals_in_year(ctx, y)
    nfa = ctx.memo("nfa", lambda: ctx.table("referrals")["ReferralNFA"].to_numpy(dtype=bool))
    return share_rows(ctx, y, "referrals_nfa", ctx.count("referrals", in_year & nfa), ctx.count("referrals", in_year),
                  ctx.covered(y))


SOURCE_ORDER = list(dict.fromkeys(SOURCE_GROUPS.values()))


@indicator_function
def referrals_by_source(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
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
    return breakdown_rows(ctx, y, "referrals_by_source", "source", counts, SOURCE_ORDER, ctx.count("referrals", in_year),
                      ctx.covered(y))


def _completed_in_year(ctx: Context, y: ReportingYear) -> np.ndarray:
    return ctx.memo(("_completed_in_year", y), lambda: within_year(ctx.dates("assessments", "AssessmentAuthorisationDate"), y))


@indicator_function
def assessments_completed(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Assessments completed: children and family assessments authorised in the year
    (``AssessmentAuthorisationDate`` from 1 April to 31 March). Count and rate per 10,000
    children aged 0-17. Source: DfE CIN census definition."""
    return count_and_rate_rows(ctx, y, "assessments_completed", ctx.count("assessments", _completed_in_year(ctx, y)),
                           ctx.covered(y))


# Working Together to Safeguard Children timescales, in working days from the starting event
ASSESSMENT_WORKING_DAYS = 45  # referral to assessment authorised
ICPC_WORKING_DAYS = 15  # strategy discussion to initial child protection conference


def _within_working_days(ctx: Context, y: ReportingYear, indicator: str, name: str, events: np.ndarray,
                         start: str, end: str, limit: int) -> list[pd.DataFrame]:
    """The share of ``events`` (a mask of table ``name``) whose ``end`` is no more than ``limit`` working
    days after ``start`` (the start is day 0; weekends and England and Wales bank holidays excluded; day
    ``limit`` is in time). Working days are counted once for the whole table."""
    days = ctx.memo(("working_days", name, start, end),
                    lambda: working_days(ctx.dates(name, start), ctx.dates(name, end)))
    return share_rows(ctx, y, indicator, ctx.count(name, events & (days <= limit)), ctx.count(name, events),
                  ctx.covered(y))


@indicator_function
def assessments_within_45_working_days(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Assessments within 45 working days: assessments completed in the year whose authorisation
    date is no more than 45 working days after the referral date (the referral is day 0; weekends
    and England and Wales bank holidays excluded; authorised on day 45 is in time), as a percentage
    of assessments completed. Source: Working Together to Safeguard Children; DfE CIN census."""
    return _within_working_days(ctx, y, "assessments_within_45_working_days", "assessments",
                                _completed_in_year(ctx, y), "CINreferralDate", "AssessmentAuthorisationDate",
                                ASSESSMENT_WORKING_DAYS)


FACTOR_NAMES = sorted(set(FACTORS.values()))


def _assessment_factor_pairs(ctx: Context) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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


@indicator_function
def assessment_factors(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
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
    return breakdown_rows(ctx, y, "assessment_factors", "factor", counts, FACTOR_NAMES, with_any, ctx.covered(y),
                      keep=counts > 0)


def _s47_started(ctx: Context, y: ReportingYear) -> np.ndarray:
    return ctx.memo(("_s47_started", y), lambda: within_year(ctx.dates("section47", "S47ActualStartDate"), y))


def _icpcs_held(ctx: Context, y: ReportingYear) -> np.ndarray:
    return ctx.memo(("_icpcs_held", y), lambda: within_year(ctx.dates("section47", "DateOfInitialCPC"), y))


def _episode_only_icpcs(ctx: Context, y: ReportingYear) -> np.ndarray:
    """Per referral (CIN episode): a conference date recorded directly in the episode (``CINdetails/
    DateOfInitialCPC``), held in the year, that no section 47 enquiry of the same episode records (the same
    child, referral date and conference date): a conference counted once whichever module holds it
    (docs/methodology.md, "Initial child protection conferences")."""
    if "DateOfInitialCPC" not in ctx.table("referrals").columns:  # tables from before the column was read
        return np.zeros(len(ctx.table("referrals")), dtype=bool)

    def make():
        refs = ctx.table("referrals")
        s47 = _with_area(ctx, "section47", ["LAchildID", "CINreferralDate", "DateOfInitialCPC"]).dropna()
        keys = pd.MultiIndex.from_frame(s47.assign(DateOfInitialCPC=pd.to_datetime(s47["DateOfInitialCPC"])))
        mine = pd.MultiIndex.from_arrays([refs["LAchildID"], refs["CINreferralDate"],
                                          pd.to_datetime(refs["DateOfInitialCPC"]), ctx.area("referrals")])
        return ~mine.isin(keys)
    return within_year(ctx.dates("referrals", "DateOfInitialCPC"), y) & ctx.memo("_episode_only_icpcs", make)


def _icpc_counts(ctx: Context, y: ReportingYear) -> np.ndarray:
    """Initial conferences held in the year, per area: those of section 47 enquiries and those recorded only in
    the episode, each once."""
    return ctx.count("section47", _icpcs_held(ctx, y)) + ctx.count("referrals", _episode_only_icpcs(ctx, y))


@indicator_function
def section_47_enquiries(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Section 47 enquiries: enquiries under section 47 of the Children Act 1989 starting in the
    year (``S47ActualStartDate``, the date of the strategy discussion that began the enquiry).
    Count and rate per 10,000 children aged 0-17. Source: DfE CIN census definition."""
    return count_and_rate_rows(ctx, y, "section_47_enquiries", ctx.count("section47", _s47_started(ctx, y)),
                           ctx.covered(y))


@indicator_function
def section_47_to_icpc(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Section 47 enquiries to initial conferences, as DfE publishes it: initial child protection
    conferences held in the year (``DateOfInitialCPC``) as a percentage of section 47 enquiries started
    in the year (``S47ActualStartDate``). The two are flows of the same year, not one followed through
    (a conference in April may follow an enquiry of March), so the figure can pass 100%; Wilson limits
    where it does not. Source: DfE children in need statistics, table C4 (ICPCs / section 47s)."""
    return share_rows(ctx, y, "section_47_to_icpc", _icpc_counts(ctx, y),
                      ctx.count("section47", _s47_started(ctx, y)), ctx.covered(y))


@indicator_function
def section_47_followed_to_icpc(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Section 47 enquiries followed through to an initial conference: enquiries started in the year
    (``S47ActualStartDate``) whose own record has an initial conference date (held then or later), as a
    percentage of enquiries started in the year, with Wilson limits. A local figure only: DfE does not
    publish it (see :func:`section_47_to_icpc` for the comparable one). Source: DfE CIN census items."""
    started = _s47_started(ctx, y)
    held = ~np.isnat(ctx.dates("section47", "DateOfInitialCPC"))
    return share_rows(ctx, y, "section_47_followed_to_icpc", ctx.count("section47", started & held),
                      ctx.count("section47", started), ctx.covered(y))


@indicator_function
def initial_cp_conferences(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Initial child protection conferences: ICPCs held in the year (1 April to 31 March), whether the
    return records the date in the section 47 enquiry or directly in the episode (``CINdetails``), each
    conference (child, episode, date) once. Count and rate per 10,000 children aged 0-17.
    Source: DfE CIN census definition; docs/methodology.md."""
    return count_and_rate_rows(ctx, y, "initial_cp_conferences", _icpc_counts(ctx, y), ctx.covered(y))


@indicator_function
def icpc_within_15_working_days(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Initial conferences within 15 working days: ICPCs held in the year no more than 15 working
    days after the strategy discussion that began the section 47 enquiry (the strategy discussion is
    day 0; weekends and England and Wales bank holidays excluded; day 15 is in time, day 16 is not),
    as a percentage of ICPCs held in the year. Source: Working Together; DfE CIN census (table C4)."""
    return _within_working_days(ctx, y, "icpc_within_15_working_days", "section47", _icpcs_held(ctx, y),
                                "S47ActualStartDate", "DateOfInitialCPC", ICPC_WORKING_DAYS)


def _with_area(ctx: Context, name: str, cols: list[str]) -> pd.DataFrame:
    return ctx.table(name)[cols].assign(_a=ctx.area(name))


def _icpc_led_to_plan(ctx: Context) -> np.ndarray:
    """Per section 47 enquiry: a plan for the same child (same area) starts on the conference date."""
    def make():
        s = _with_area(ctx, "section47", ["LAchildID", "DateOfInitialCPC"])
        starts = _with_area(ctx, "cp_plans", ["LAchildID", "CPPstartDate"]).drop_duplicates()
        led = s.merge(starts, left_on=["_a", "LAchildID", "DateOfInitialCPC"],
                      right_on=["_a", "LAchildID", "CPPstartDate"], how="left")["CPPstartDate"].notna()
        return led.to_numpy() & ~np.isnat(s["DateOfInitialCPC"].to_numpy())
    return ctx.memo("icpc_led", make)


@indicator_function
def icpc_to_plan(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Initial conferences to child protection plans, as DfE publishes it: plans started in the year
    (``CPPstartDate``) as a percentage of initial conferences held in the year (``DateOfInitialCPC``).
    Plans can start without an initial conference (a child moving in on a plan), so it can pass 100%;
    Wilson limits where it does not. Source: DfE children in need statistics (tables D3 and C4)."""
    return share_rows(ctx, y, "icpc_to_plan", ctx.count("cp_plans", _plans_started(ctx, y)),
                      _icpc_counts(ctx, y), ctx.covered(y))


@indicator_function
def icpc_followed_to_plan(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Initial conferences followed through to a plan: conferences held in the year after which the
    child became the subject of a plan starting on the conference date, as a percentage of conferences
    held in the year, with Wilson limits. A local figure only (see :func:`icpc_to_plan` for DfE's).
    Source: DfE CIN census items."""
    held = _icpcs_held(ctx, y)
    return share_rows(ctx, y, "icpc_followed_to_plan", ctx.count("section47", held & _icpc_led_to_plan(ctx)),
                      ctx.count("section47", held), ctx.covered(y))


def _plans_started(ctx: Context, y: ReportingYear) -> np.ndarray:
    return ctx.memo(("_plans_started", y), lambda: within_year(ctx.dates("cp_plans", "CPPstartDate"), y))


@indicator_function
def cp_plans_started(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Child protection plans started: plans with ``CPPstartDate`` from 1 April to 31 March (a plan
    starting on 1 April belongs to the year that begins that day). Count and rate per 10,000
    children aged 0-17. Source: DfE CIN census (table D3)."""
    return count_and_rate_rows(ctx, y, "cp_plans_started", ctx.count("cp_plans", _plans_started(ctx, y)), ctx.covered(y))


def _repeat_plans(ctx: Context) -> np.ndarray:
    """Per plan: the child had a plan before (an earlier plan in the data, or NumberOfPreviousCPP above 0)."""
    def make():
        order, same = _sorted_by_child(ctx, "cp_plans", "CPPstartDate")
        earlier = np.empty(len(order), dtype=bool)
        earlier[order] = same
        previous = ctx.table("cp_plans")["NumberOfPreviousCPP"].fillna(0).to_numpy() > 0
        return earlier | previous
    return ctx.memo("repeat_plans", make)


@indicator_function
def cp_plans_second_or_subsequent(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Second or subsequent plans: plans started in the year for a child who had been the subject of a
    plan before, at any time and in any authority (DfE definition): ``NumberOfPreviousCPP`` above zero,
    or an earlier plan for the child in the data. Percentage of plans started, with Wilson limits.
    Source: DfE CIN census (table D3)."""
    started = _plans_started(ctx, y)
    return share_rows(ctx, y, "cp_plans_second_or_subsequent", ctx.count("cp_plans", started & _repeat_plans(ctx)),
                  ctx.count("cp_plans", started), ctx.covered(y))


def _plans_open(ctx: Context, y: ReportingYear) -> np.ndarray:
    """Plans open at 31 March of ``y`` (from an up-to-date return)."""
    return ctx.memo(("plans_open", y), lambda: current_at(ctx, "cp_plans", y) & open_on(
        ctx.dates("cp_plans", "CPPstartDate"), ctx.dates("cp_plans", "CPPendDate"), y.end))


@indicator_function
def cp_plans_at_31_march(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Children subject to a child protection plan at 31 March: plans started on or before 31 March
    and not ended by then (a plan ending on 31 March is not counted). Count and rate per 10,000
    children aged 0-17. Source: DfE CIN census (table D5)."""
    return count_and_rate_rows(ctx, y, "cp_plans_at_31_march", ctx.children("cp_plans", _plans_open(ctx, y)),
                           ctx.covered(y))


CATEGORY_NAMES = list(CATEGORIES.values()) + ["not recorded"]


@indicator_function
def cp_plans_by_category(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
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
    return breakdown_rows(ctx, y, "cp_plans_by_category", "category", counts, CATEGORY_NAMES,
                      ctx.count("cp_plans", at), ctx.covered(y), keep=keep)


def _plan_children(ctx: Context) -> pd.DataFrame:
    """Each plan's child's date of birth and expected date of birth (same area)."""
    def make():
        kids = _with_area(ctx, "children", ["LAchildID", "PersonBirthDate", "ExpectedPersonBirthDate"])
        kids = kids.drop_duplicates(["_a", "LAchildID"])
        plans = _with_area(ctx, "cp_plans", ["LAchildID"])
        return plans.merge(kids, on=["_a", "LAchildID"], how="left")
    return ctx.memo("plan_children", make)


@indicator_function
def cp_plans_by_age(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Plans at 31 March by age: age of the child at 31 March in DfE bands (unborn, under 1, 1 to 4,
    5 to 9, 10 to 15, 16 and over; not known without a birth date, listed only when there is one).
    Counts and percentages of plans at 31 March. Source: DfE CIN census (table D2)."""
    at = _plans_open(ctx, y)
    kids = _plan_children(ctx)[at]
    band = age_band(kids["PersonBirthDate"], kids["ExpectedPersonBirthDate"], y.end)
    codes = np.full(len(at), -1, dtype=np.intp)
    codes[at] = pd.Categorical(band, categories=AGE_BANDS).codes
    counts = ctx.by_category("cp_plans", at, codes, len(AGE_BANDS))
    keep = np.ones(counts.shape, dtype=bool)
    keep[:, AGE_BANDS.index("not known")] = counts[:, AGE_BANDS.index("not known")] > 0
    return breakdown_rows(ctx, y, "cp_plans_by_age", "age", counts, AGE_BANDS, ctx.count("cp_plans", at),
                      ctx.covered(y), keep=keep)


@indicator_function
def cp_plans_by_duration(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Plans at 31 March by length of time on the plan (DfE table D5 bands): 3 months or less (started
    on or after 31 December), more than 3 months to 6 months, more than 6 months to less than 1 year,
    1 year to less than 2 years (started 1 to 2 years before 31 March, 31 March a year earlier
    included), 2 years or more. Counts and percentages of plans at 31 March. Source: DfE CIN census."""
    at = _plans_open(ctx, y)
    band = duration_band(pd.Series(ctx.dates("cp_plans", "CPPstartDate")[at]), y.end)
    codes = np.full(len(at), -1, dtype=np.intp)
    codes[at] = pd.Categorical(band, categories=DURATION_BANDS).codes
    counts = ctx.by_category("cp_plans", at, codes, len(DURATION_BANDS))
    return breakdown_rows(ctx, y, "cp_plans_by_duration", "duration", counts, DURATION_BANDS, ctx.count("cp_plans", at),
                      ctx.covered(y))


@indicator_function
def cp_plans_ended_2_years_or_more(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Plans ended that lasted 2 years or more: plans ending in the year whose end date is on or after
    the second anniversary of their start, as a percentage of plans ending in the year.
    Source: DfE CIN census (plans ceasing by duration)."""
    def make():
        p = ctx.table("cp_plans")
        return p["CPPendDate"].ge(p["CPPstartDate"] + pd.DateOffset(years=2)).to_numpy()
    ended = within_year(ctx.dates("cp_plans", "CPPendDate"), y)
    return share_rows(ctx, y, "cp_plans_ended_2_years_or_more",
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


@indicator_function
def cp_reviews_in_timescale(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Child protection reviews in timescale: of plans open at 31 March or ended in the year that had
    lasted at least 3 months (by 31 March or their end), the percentage whose reviews were all held in
    time: the first within 3 months of the plan starting, later ones within 6 months of the previous
    review, none overdue at 31 March or the end of the plan. Source: former national indicator NI 67;
    Working Together to Safeguard Children (review conference timescales)."""
    ended = within_year(ctx.dates("cp_plans", "CPPendDate"), y)
    relevant = _plans_open(ctx, y) | (current_at(ctx, "cp_plans", y) & ended)
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
    return share_rows(ctx, y, "cp_reviews_in_timescale", numerator, denominator, ctx.covered(y))


@indicator_function
def children_in_need_at_31_march(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Children in need at 31 March: children with an episode of need (referral) open at 31 March:
    referred on or before it and not closed by it. Children counted once. Count and rate per 10,000
    children aged 0-17. Source: DfE CIN census (table B1)."""
    open_ = current_at(ctx, "referrals", y) & open_on(ctx.dates("referrals", "CINreferralDate"),
                                                       ctx.dates("referrals", "CINclosureDate"), y.end)
    return count_and_rate_rows(ctx, y, "children_in_need_at_31_march", ctx.children("referrals", open_), ctx.covered(y))


@indicator_function
def looked_after_children_at_31_march(ctx: Context, y: ReportingYear) -> list[pd.DataFrame]:
    """Looked after children at 31 March: children with an SSDA903 episode open at 31 March
    (``DECOM`` on or before it, ``DEC`` blank or after it), excluding children looked after under an
    agreed series of short-term placements (legal status V3 or V4, short breaks). Children counted
    once. Count and rate per 10,000 children aged 0-17. Not available for an area whose episodes all
    start after 31 March. Source: DfE children looked after statistics."""
    e = ctx.data.episodes
    if e is None or e.empty:
        return count_and_rate_rows(ctx, y, "looked_after_children_at_31_march", np.zeros(ctx.n),
                               np.zeros(ctx.n, dtype=bool))
    first = ctx.memo("first_episode", lambda: pd.Series(ctx.dates("episodes", "DECOM")).groupby(
        ctx.area("episodes")).min().reindex(range(ctx.n)))
    covered = first.le(y.end).to_numpy()
    breaks = ctx.memo("short_breaks", lambda: e["LS"].isin(SHORT_BREAKS).to_numpy())
    open_ = open_on(ctx.dates("episodes", "DECOM"), ctx.dates("episodes", "DEC"), y.end) & ~breaks
    return count_and_rate_rows(ctx, y, "looked_after_children_at_31_march", ctx.children("episodes", open_, "CHILD"),
                           covered)


INDICATOR_FUNCTIONS = [
    contacts, referrals, rereferrals_within_12_months, referrals_nfa, referrals_by_source, assessments_completed,
    assessments_within_45_working_days, assessment_factors, section_47_enquiries, section_47_to_icpc,
    section_47_followed_to_icpc, initial_cp_conferences, icpc_within_15_working_days, icpc_to_plan,
    icpc_followed_to_plan, cp_plans_started,
    cp_plans_second_or_subsequent, cp_plans_at_31_march, cp_plans_by_category, cp_plans_by_age,
    cp_plans_by_duration, cp_plans_ended_2_years_or_more, cp_reviews_in_timescale, children_in_need_at_31_march,
    looked_after_children_at_31_march,
]


def _parts(ctx: Context, years: list[ReportingYear]) -> list[pd.DataFrame]:
    return [part for y in years for f in INDICATOR_FUNCTIONS for part in f.part(ctx, y)]


def indicators(data: CPData, years) -> pd.DataFrame:
    """Every child protection indicator for ``years`` (one reporting year, or a list of them), as the
    indicator table (for pooled data, every area's). The figures are worked out from the data as they
    are now, in one pass (:class:`~lscb_analysis.sections.child_protection.engine.Context`).

    One year: figures the data cannot give (no return for the year, no contacts file, no SSDA903
    episodes) are rows with no value and symbol ``x``; raises ``ValueError`` if there are CIN census
    returns but none for the year (flows such as referrals would silently be undercounted). A list:
    :func:`indicators_for_years`.
    """
    if not isinstance(years, (str, int, ReportingYear)):
        return indicators_for_years(data, years)
    y = ReportingYear(years)
    if data.members is None and data.has_cin and data.census_years and y not in data.census_years:
        covered = f"{data.census_years[0].label} to {data.census_years[-1].label}"
        raise ValueError(f"no CIN data cover {y.label}: the returns cover {covered}")
    ctx = Context(data)
    return complete(ctx, _parts(ctx, [y]))


def indicators_for_years(data: CPData, years) -> pd.DataFrame:
    """The indicator table for several years, skipping years the CIN data do not cover (for pooled data,
    each area's years: the rows are those of each area's own ``indicators_for_years``). All areas and
    years are worked out in one pass: the per-record work (re-referral flags, working days, repeat
    plans) is done once, and each year's counts are one ``np.bincount`` per indicator."""
    ctx = Context(data)
    ys = [ReportingYear(v) for v in years]
    wanted = {(a, y) for a, m in ctx.members.items() for y in ys if not m.has_cin or y in m.census_years}
    ok = [y for y in ys if any((a, y) in wanted for a in ctx.areas)]
    if not ok:
        return ind.empty()
    table = complete(ctx, _parts(ctx, ok))
    if len(wanted) < len(ok) * ctx.n:
        keep = [(a, ReportingYear(p)) in wanted for a, p in zip(table["area"], table["period"])]
        table = table[np.array(keep, dtype=bool)].reset_index(drop=True)
    return table


def adolescents(data: CPData, year, *, min_age: int = 13) -> pd.DataFrame:
    """Adolescents' share of each stage (seed 003, section 5.5.2): children aged ``min_age`` and over
    (age at the referral, assessment, enquiry or plan start; at 31 March for the stocks) as a
    percentage of referrals, assessments completed, section 47 enquiries and plans started in the year,
    and of children on a plan and in need at 31 March, with Wilson limits. Indicator ``adolescents``,
    breakdown ``stage:<stage>``. Local data only."""
    y = ReportingYear(year)
    ctx = Context(data)
    in_need = current_at(ctx, "referrals", y) & open_on(ctx.dates("referrals", "CINreferralDate"),
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
        k = with_children(df, data)
        age = age_at(k["PersonBirthDate"], y.end if when is None else k[when])
        rows.append(ind.proportion_row(data.area, y.label, "adolescents", float(age.ge(min_age).sum()),
                                       float(len(k)), breakdown=f"stage:{name}", source=SOURCE))
    return ind.table(rows)
