"""The single source of every indicator's definition.

Each canonical indicator (DESIGN.md section 5) has one :class:`Definition`: what it counts,
numerator, denominator, population base, units, confidence-interval method, disclosure
control, source, and the function that computes it (a dotted path). From these:

* :func:`method_note` gives the short plain-English note shown under a table in a notebook
  (``report.method_note`` calls it);
* :func:`render_markdown` writes ``docs/methodology.md`` (with the hand-written sections on
  conventions below), so the document and the notes cannot drift apart. Regenerate the
  document with ``python -m lscb_analysis.definitions`` (a test checks the committed file
  equals the rendered one).

Indicators that also come as a change on the previous year (the training section's
``<indicator>_change`` rows) say so in ``change_unit``; :func:`lookup` resolves those names.
"""

from __future__ import annotations

import difflib
import importlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Definition",
    "DEFINITIONS",
    "SECTIONS",
    "SECTION_MODULES",
    "lookup",
    "counts_children",
    "display_digits",
    "names",
    "for_section",
    "method_note",
    "anchor",
    "resolve_function",
    "render_markdown",
    "write_markdown",
    "METHODOLOGY_PATH",
]

SECTIONS = ["child protection", "child deaths", "youth justice", "training"]
SECTION_MODULES = {"child protection": "cp", "child deaths": "sections.child_deaths", "youth justice": "yos", "training": "training"}
METHODOLOGY_PATH = Path(__file__).resolve().parents[2] / "docs" / "methodology.md"

# --- shared wording -------------------------------------------------------------------------

RATE_CI = ("95% limits for a Poisson count: exact (chi-squared) limits below 10 events, Byar's method "
           "from 10 (PHE/OHID `phe_rate`), in `rates.rate`")
WILSON_CI = "95% Wilson score limits (PHE/OHID `phe_proportion`), in `rates.proportion`"
COUNT_CI = "none on the count itself (it is a census of events, not a sample)"
COUNT_AND_RATE_CI = f"{COUNT_CI}; the rate has {RATE_CI}"
COUNT_AND_SHARE_CI = f"{COUNT_CI}; the percentage has {WILSON_CI}"
MEDIAN_CI = ("distribution-free 95% limits for a median from the binomial order statistics (Conover 3.6; "
             "Campbell and Gardner 1988), none below 6 values")

SUPPRESS_COUNT = ("Board outputs: a count from 1 to 5 is shown as c (zeros are shown); in a breakdown the next "
                  "smallest cell is hidden too; a rate of a hidden count is hidden with it (`suppression.suppress`).")
SUPPRESS_SHARE = ("Board outputs: hidden (c) when its numerator or its base count is from 1 to 5; in a breakdown "
                  "the next smallest cell is hidden too (`suppression.suppress`).")
SUPPRESS_NONE = "None: not a count of people (courses, days and places cannot identify anyone)."
SUPPRESS_PROFESSIONALS = ("None: it counts professionals (their bookings, forms or organisations), not children "
                          "or families; `suppression.suppress` leaves it shown.")
SUPPRESS_CDOP = ("Board outputs: as for every count (1 to 5 shown as c, secondary suppression), and in addition no "
                 "crossed breakdown (category by age by sex) and suppression across years, areas and linked measures "
                 "(`sections/child_deaths/disclosure.py`, through `suppression.suppress`).")

POP_0_17 = ("children aged 0-17: the area's `population.csv` (ONS mid-year estimate of the calendar year the "
            "reporting year starts in, e.g. mid-2024 for 2024-25), else the ONS figure in the DfE files")
POP_10_17 = ("children aged 10-17 from the area's `population.csv` (mid-year estimate of the calendar year the "
             "reporting year starts in); no rate where there is none")
NO_POP = "none"

SRC_CIN = "council case records in the DfE Children in Need census format (CIN census XML or flat files)"
SRC_DFE = "DfE, Children in need statistics (the published tables bundled in data/raw/dfe)"
SRC_CLA = "DfE, Children looked after in England statistics"
SRC_ANNEX_A = "council contact records (Ofsted Annex A list 1)"
SRC_903 = "council looked-after children records (SSDA903 return)"
SRC_CDOP = ("Child Death Overview Panel case records; definitions from the DfE Child death reviews releases and "
            "the National Child Mortality Database (NCMD)")
SRC_BIRTHS = ("Child Death Overview Panel case records; live births by area of usual residence of the mother (ONS "
              "births, supplied in cdop/births.csv); as ONS and NCMD infant mortality")
BIRTHS_BASE = "live births in the area and period (`cdop/births.csv`: area, year, live_births)"
BIRTHS_UNIT = "per 1,000 live births"
SRC_YOS = ("Youth Offending Service case records; definitions from the Ministry of Justice (MoJ) and Youth Justice "
           "Board (YJB) youth justice and proven reoffending statistics")
SRC_YJB_KPI = ("youth justice service case records; definitions from the Youth Justice Board and Ministry of Justice, "
               "Key performance indicators for youth justice services (GOV.UK guidance, 2023), measured at the end "
               "of each intervention; no national figure is held (the YJB's 2023-24 figures are illustrative)")
SRC_TRAINING = "the partnership's own training, attendance, evaluation and e-learning records"

CP = "lscb_analysis.sections.child_protection.indicators"  # + "." + the indicator: the function counting it
DFE = "lscb_analysis.dfe.indicators"
CDOP_INDICATORS = "lscb_analysis.sections.child_deaths.indicators"


def _cdop(name: str) -> str:
    """The child death function that counts ``name`` (one function per indicator, named after it)."""
    return f"{CDOP_INDICATORS}.{name}"


YJ = "lscb_analysis.sections.youth_justice"  # each youth justice indicator names the function that counts it
YJ_IND = f"{YJ}.indicators"
YJ_REO = f"{YJ}.reoffending"
YJ_KPI = f"{YJ}.kpis"
TRAINING = "lscb_analysis.sections.training.indicators."  # + the function named after the indicator


@dataclass(frozen=True)
class Definition:
    """One indicator: what it means and how it is computed."""

    name: str
    section: str
    title: str
    definition: str
    numerator: str
    denominator: str
    population_base: str
    units: tuple[str, ...]
    ci_method: str
    suppression: str
    source: str
    function: str
    published: str | None = None  # the function returning the published (DfE) figure, if any
    breakdowns: str = ""
    change_unit: str | None = None  # unit of the ``<name>_change`` row, if the library emits one
    differences: str = ""  # known differences from published figures
    percent_of: str = ""  # what a percentage is out of, for the method note (default: the denominator)
    # whom it counts: "children" (disclosure control applies), or "professionals", "courses" or
    # "organisations", which suppression.suppress leaves shown (DESIGN.md section 7)
    subject: str = "children"
    digits: int | None = None  # decimal places at display, where not the unit's usual ones
    published_source: str = ""  # the publication of the published figures (default: DfE children in need)

    @property
    def unit(self) -> str:
        return "; ".join(self.units)

    @property
    def functions(self) -> tuple[str, ...]:
        return (self.function,) + ((self.published,) if self.published else ())


def _d(name, section, title, definition, numerator, denominator, population_base, units, ci_method, suppression,
       source, function, **kw) -> Definition:
    return Definition(name, section, title, definition, numerator, denominator, population_base, tuple(units),
                      ci_method, suppression, source, function, **kw)


COUNT_RATE = ("count", "per 10,000 aged 0-17")
SHARE = ("percent",)
COUNT_SHARE = ("count", "percent")

_CP = "child protection"
_CD = "child deaths"
_YJ = "youth justice"
_TR = "training"

_ALL = [
    # ---------------------------------------------------------------- child protection
    _d("contacts", _CP, "Contacts",
       "Contacts received by children's social care in the year (1 April to 31 March): every contact, "
       "so a child contacted about twice counts twice.",
       "contacts dated in the year", "children aged 0-17 (for the rate)", POP_0_17, COUNT_RATE, COUNT_AND_RATE_CI,
       SUPPRESS_COUNT, SRC_ANNEX_A, f"{CP}.contacts",
       differences="DfE does not publish contacts; reports that print them use their own systems' counts."),
    _d("referrals", _CP, "Referrals to children's social care",
       "Referrals to children's social care starting in the year (CIN census `CINreferralDate` from 1 April "
       "to 31 March).",
       "referrals starting in the year", "children aged 0-17 (for the rate)", POP_0_17, COUNT_RATE,
       COUNT_AND_RATE_CI, SUPPRESS_COUNT, SRC_CIN, f"{CP}.referrals", published=DFE),
    _d("rereferrals_within_12_months", _CP, "Re-referrals within 12 months",
       "Referrals in the year made within 12 months of the same child's previous referral, as a percentage "
       "of referrals in the year (DfE definition).",
       "referrals in the year within 12 months of the child's previous referral", "referrals in the year",
       NO_POP, SHARE, WILSON_CI, SUPPRESS_SHARE, SRC_CIN, f"{CP}.rereferrals_within_12_months", published=DFE,
       differences="Seed 003 prints 19.2% for Bexley 2016-17 where DfE published 22.9%: local reports often "
                   "count re-referrals from their own system before the census return is final."),
    _d("referrals_nfa", _CP, "Referrals resulting in no further action",
       "Referrals in the year that resulted in no further action (`ReferralNFA` true), as a percentage of "
       "referrals in the year.",
       "referrals in the year with no further action", "referrals in the year", NO_POP, SHARE, WILSON_CI,
       SUPPRESS_SHARE, SRC_CIN, f"{CP}.referrals_nfa", published=DFE),
    _d("referrals_to_assessment", _CP, "Referrals leading to an assessment",
       "Referrals in the year that did not end with no further action, so went on to an assessment, as a "
       "percentage of referrals in the year: 100% less the no further action percentage, from DfE's counts.",
       "referrals in the year less those with no further action", "referrals in the year", NO_POP, SHARE,
       WILSON_CI, SUPPRESS_SHARE, SRC_DFE, DFE, published=DFE,
       differences="Published figures only (DfE table C1): local records are not used for it yet."),
    _d("assessed_not_in_need", _CP, "Referrals assessed as not in need",
       "Referrals in the year that led to an assessment after which the child was assessed as not in need, as "
       "a percentage of referrals in the year (DfE table C1, `not_in_need_count` of `referral_count`).",
       "referrals in the year assessed as not in need", "referrals in the year", NO_POP, SHARE, WILSON_CI,
       SUPPRESS_SHARE, SRC_DFE, DFE, published=DFE,
       differences="Published figures only (DfE table C1): local records are not used for it yet."),
    _d("referrals_by_source", _CP, "Referrals by source",
       "Referrals in the year by who made them (CIN census `ReferralSource`: schools, police, health services, "
       "individuals, local authority services and others), as counts and percentages of referrals.",
       "referrals in the year from the source", "referrals in the year", NO_POP, COUNT_SHARE, COUNT_AND_SHARE_CI,
       SUPPRESS_SHARE, SRC_CIN, f"{CP}.referrals_by_source", breakdowns="source:<group>"),
    _d("assessments_completed", _CP, "Assessments completed",
       "Children and family assessments completed (authorised, `AssessmentAuthorisationDate`) in the year.",
       "assessments authorised in the year", "children aged 0-17 (for the rate)", POP_0_17, COUNT_RATE,
       COUNT_AND_RATE_CI, SUPPRESS_COUNT, SRC_CIN, f"{CP}.assessments_completed"),
    _d("assessments_within_45_working_days", _CP, "Assessments completed within 45 working days",
       "Assessments completed in the year that were authorised within 45 working days of the referral date "
       "(the referral day is day 0; weekends and England and Wales bank holidays do not count), as a "
       "percentage of assessments completed in the year.",
       "assessments completed in the year within 45 working days of referral",
       "assessments completed in the year", NO_POP, SHARE, WILSON_CI, SUPPRESS_SHARE, SRC_CIN,
       f"{CP}.assessments_within_45_working_days"),
    _d("assessment_factors", _CP, "Factors identified at the end of assessment",
       "Factors recorded at the end of assessments completed in the year (CIN census codes grouped as DfE "
       "publishes them, e.g. 3B as domestic abuse concerning a parent; a factor counts once per assessment), "
       "as counts and as a percentage of assessments with at least one factor "
       "recorded (one assessment can record several factors, so the percentages add to more than 100).",
       "assessments completed in the year recording the factor",
       "assessments completed in the year with any factor recorded", NO_POP, COUNT_SHARE, COUNT_AND_SHARE_CI,
       SUPPRESS_SHARE, SRC_CIN, f"{CP}.assessment_factors", published=DFE, breakdowns="factor:<code>"),
    _d("section_47_enquiries", _CP, "Section 47 enquiries",
       "Section 47 enquiries (Children Act 1989) starting in the year (`S47ActualStartDate`).",
       "section 47 enquiries starting in the year", "children aged 0-17 (for the rate)", POP_0_17, COUNT_RATE,
       COUNT_AND_RATE_CI, SUPPRESS_COUNT, SRC_CIN, f"{CP}.section_47_enquiries", published=DFE),
    _d("section_47_to_icpc", _CP, "Initial conferences per section 47 enquiry (DfE measure)",
       "Initial child protection conferences held in the year as a percentage of section 47 enquiries starting "
       "in the year, as DfE publishes it (the two are flows of the same year, not one followed through, so it "
       "can pass 100%); computed the same way from local records, so the local and DfE figures compare.",
       "initial child protection conferences held in the year", "section 47 enquiries starting in the year",
       NO_POP, SHARE, f"{WILSON_CI}, where the figure is not above 100%", SUPPRESS_SHARE, SRC_CIN,
       f"{CP}.section_47_to_icpc", published=DFE,
       differences="England's published percentages are computed by DfE from unrounded counts; recomputing "
                   "them from the national counts, which DfE rounds to the nearest 10, can differ by 0.1 "
                   "(2015-16: 42.3% recomputed, 42.4% published)."),
    _d("section_47_followed_to_icpc", _CP, "Section 47 enquiries followed through to an initial conference",
       "Section 47 enquiries starting in the year whose own record shows an initial child protection "
       "conference (held then or later), as a percentage of enquiries starting in the year: each enquiry "
       "followed through. A local figure only; DfE does not publish it, so it is not compared with DfE's.",
       "section 47 enquiries starting in the year with an initial conference",
       "section 47 enquiries starting in the year",
       NO_POP, SHARE, WILSON_CI, SUPPRESS_SHARE, SRC_CIN, f"{CP}.section_47_followed_to_icpc"),
    _d("initial_cp_conferences", _CP, "Initial child protection conferences",
       "Initial child protection conferences held in the year (`DateOfInitialCPC`), recorded in the section 47 "
       "enquiry or directly in the episode (`CINdetails`), as the CIN census allows; a conference in both is "
       "counted once, as DfE counts conferences taking place (DfE, Characteristics of children in need: "
       "methodology; CIN census COLLECT reports, ICPC and transfer-in ICPC summaries).",
       "initial child protection conferences in the year", "children aged 0-17 (for the rate)", POP_0_17,
       COUNT_RATE, COUNT_AND_RATE_CI, SUPPRESS_COUNT, SRC_CIN, f"{CP}.initial_cp_conferences", published=DFE),
    _d("icpc_within_15_working_days", _CP, "Initial conferences within 15 working days",
       "Initial child protection conferences in the year held within 15 working days of the strategy "
       "discussion that started the section 47 enquiry (the strategy discussion is day 0; weekends and "
       "England and Wales bank holidays do not count), as a percentage of conferences in the year.",
       "initial conferences in the year held within 15 working days", "initial conferences in the year",
       NO_POP, SHARE, WILSON_CI, SUPPRESS_SHARE, SRC_CIN, f"{CP}.icpc_within_15_working_days", published=DFE),
    _d("icpc_to_plan", _CP, "Plans started per initial conference (DfE measure)",
       "Child protection plans starting in the year as a percentage of initial child protection conferences "
       "held in the year, as DfE publishes it; computed the same way from local records, so the local and "
       "DfE figures compare.",
       "child protection plans starting in the year", "initial conferences held in the year",
       NO_POP, SHARE, f"{WILSON_CI}, where the figure is not above 100%", SUPPRESS_SHARE, SRC_CIN,
       f"{CP}.icpc_to_plan", published=DFE,
       differences="Plans can start without an initial conference (a child moving in on a plan), so the "
                   "figure can pass 100%."),
    _d("icpc_followed_to_plan", _CP, "Initial conferences followed through to a plan",
       "Initial child protection conferences held in the year after which the child became the subject of a "
       "plan starting on the conference date, as a percentage of conferences held in the year: each "
       "conference followed through. A local figure only; DfE does not publish it.",
       "initial conferences in the year followed by a plan starting that day", "initial conferences in the year",
       NO_POP, SHARE, WILSON_CI, SUPPRESS_SHARE, SRC_CIN, f"{CP}.icpc_followed_to_plan"),
    _d("cp_plans_started", _CP, "Child protection plans started",
       "Child protection plans starting in the year (`CPPstartDate`).",
       "plans starting in the year", "children aged 0-17 (for the rate)", POP_0_17, COUNT_RATE, COUNT_AND_RATE_CI,
       SUPPRESS_COUNT, SRC_CIN, f"{CP}.cp_plans_started", published=DFE),
    _d("cp_plans_second_or_subsequent", _CP, "Second or subsequent child protection plans",
       "Plans starting in the year that were the child's second or subsequent plan, ever (DfE definition; "
       "the former NI 65 counted only plans within two years), as a percentage of plans starting in the year.",
       "plans starting in the year for a child who had a plan before", "plans starting in the year", NO_POP,
       SHARE, WILSON_CI, SUPPRESS_SHARE, SRC_CIN, f"{CP}.cp_plans_second_or_subsequent", published=DFE),
    _d("cp_plans_at_31_march", _CP, "Children on a child protection plan at 31 March",
       "Children on a child protection plan at the end of the year: a plan starting on or before 31 March "
       "and not ended before 31 March.",
       "children on a plan at 31 March", "children aged 0-17 (for the rate)", POP_0_17, COUNT_RATE,
       COUNT_AND_RATE_CI, SUPPRESS_COUNT, SRC_CIN, f"{CP}.cp_plans_at_31_march", published=DFE),
    _d("cp_plans_by_category", _CP, "Child protection plans at 31 March by category of abuse",
       "Children on a plan at 31 March by the latest category of abuse (neglect, physical, sexual, emotional, "
       "multiple; not recorded where blank), as counts and percentages of children on a plan.",
       "children on a plan at 31 March in the category", "children on a plan at 31 March", NO_POP, COUNT_SHARE,
       COUNT_AND_SHARE_CI, SUPPRESS_SHARE, SRC_CIN, f"{CP}.cp_plans_by_category", breakdowns="category:<category>"),
    _d("cp_plans_by_age", _CP, "Child protection plans at 31 March by age",
       "Children on a plan at 31 March by age on 31 March in the DfE bands (unborn, under 1, 1-4, 5-9, "
       "10-15, 16 and over; not known without a date of birth), as counts and percentages of children on a "
       "plan.",
       "children on a plan at 31 March in the age band", "children on a plan at 31 March", NO_POP, COUNT_SHARE,
       COUNT_AND_SHARE_CI, SUPPRESS_SHARE, SRC_CIN, f"{CP}.cp_plans_by_age", breakdowns="age:<band>"),
    _d("cp_plans_by_duration", _CP, "Child protection plans at 31 March by length of plan",
       "Children on a plan at 31 March by how long the plan had lasted on 31 March, in the DfE bands (3 "
       "months or less, more than 3 to 6 months, more than 6 months to less than 1 year, 1 to less than 2 "
       "years, 2 years or more), as percentages of children on a plan.",
       "children on a plan at 31 March in the duration band", "children on a plan at 31 March", NO_POP,
       COUNT_SHARE, COUNT_AND_SHARE_CI, SUPPRESS_SHARE, SRC_CIN, f"{CP}.cp_plans_by_duration", published=DFE,
       breakdowns="duration:<band>"),
    _d("cp_plans_ended_2_years_or_more", _CP, "Plans ended after 2 years or more",
       "Child protection plans ending in the year that had lasted 2 years or more, as a percentage of plans "
       "ending in the year.",
       "plans ending in the year that lasted 2 years or more", "plans ending in the year", NO_POP, SHARE,
       WILSON_CI, SUPPRESS_SHARE, SRC_CIN, f"{CP}.cp_plans_ended_2_years_or_more"),
    _d("cp_reviews_in_timescale", _CP, "Child protection reviews in timescale",
       "Of plans open at 31 March or ended in the year that had lasted at least 3 months, the percentage "
       "whose reviews were all held on time: the first within 3 months of the plan starting, each later one "
       "within 6 months of the one before, and none overdue at 31 March or the end of the plan (the former "
       "national indicator NI 67; Working Together).",
       "plans with every review in time", "plans open at 31 March or ended in the year that lasted 3 months "
       "or more", NO_POP, SHARE, WILSON_CI, SUPPRESS_SHARE, SRC_CIN, f"{CP}.cp_reviews_in_timescale"),
    _d("children_in_need_at_31_march", _CP, "Children in need at 31 March",
       "Children in need at the end of the year: an open episode of need (a referral on or before 31 March "
       "not closed by it), DfE's `At31_episodes`. Each child counts once.",
       "children in need at 31 March", "children aged 0-17 (for the rate)", POP_0_17, COUNT_RATE,
       COUNT_AND_RATE_CI, SUPPRESS_COUNT, SRC_CIN, f"{CP}.children_in_need_at_31_march", published=DFE),
    _d("looked_after_children_at_31_march", _CP, "Children looked after at 31 March",
       "Children looked after on 31 March: an SSDA903 episode open on that date, excluding children looked "
       "after under an agreed series of short-term placements (short breaks, legal status V3 or V4). Each "
       "child counts once.",
       "children looked after at 31 March", "children aged 0-17 (for the rate)", POP_0_17, COUNT_RATE,
       COUNT_AND_RATE_CI, SUPPRESS_COUNT, SRC_903 + "; published figures: " + SRC_CLA,
       f"{CP}.looked_after_children_at_31_march", published=DFE, published_source=SRC_CLA),
    # ---------------------------------------------------------------- child deaths
    _d("child_deaths", _CD, "Child deaths",
       "Deaths in the year of children (under 18) resident in the area or, for the whole panel, in any of "
       "its areas; also pooled over the three years ending in the reporting year, because one year's "
       "count is too small to compare. For the panel, also by area of residence.",
       "deaths of resident children in the period",
       "children aged 0-17 (for the rate; pooled periods add the years' populations); the panel's deaths "
       "(for an area's share)", POP_0_17,
       ("count", "per 100,000 aged 0-17", "percent"), COUNT_AND_RATE_CI, SUPPRESS_CDOP, SRC_CDOP, _cdop("child_deaths"),
       breakdowns="residence:<area> (count and % of the panel's deaths)",
       percent_of="the panel's deaths (an area's share)", change_unit="percent"),
    _d("child_deaths_by_age", _CD, "Child deaths by age",
       "Deaths in the period by age at death from the dates of birth and death: 0-27 days, 28-364 days, 1-4, "
       "5-9, 10-14 and 15-17 years, as counts and percentages of deaths.",
       "deaths in the age band", "deaths in the period", NO_POP, COUNT_SHARE, COUNT_AND_SHARE_CI, SUPPRESS_CDOP,
       SRC_CDOP, _cdop("child_deaths_by_age"), breakdowns="age:<band>"),
    _d("child_deaths_by_sex", _CD, "Child deaths by sex",
       "Deaths in the period by sex (female, male; unknown where recorded so), as counts and percentages "
       "of deaths.",
       "deaths of children of that sex", "deaths in the period", NO_POP, COUNT_SHARE, COUNT_AND_SHARE_CI,
       SUPPRESS_CDOP, SRC_CDOP, _cdop("child_deaths_by_sex"), breakdowns="sex:<sex>"),
    _d("child_deaths_unexpected", _CD, "Unexpected child deaths",
       "Deaths in the period that were not anticipated as a significant possibility 24 hours before "
       "(recorded as not expected), as a count and a percentage of deaths.",
       "unexpected deaths in the period", "deaths in the period", NO_POP, COUNT_SHARE, COUNT_AND_SHARE_CI,
       SUPPRESS_CDOP, SRC_CDOP, _cdop("child_deaths_unexpected")),
    _d("sudi", _CD, "Sudden unexpected deaths in infancy (SUDI)",
       "Sudden unexpected deaths in the period of infants under one year old.",
       "sudden unexpected deaths under 1 year", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_CDOP, SRC_CDOP,
       _cdop("sudi")),
    _d("rapid_responses", _CD, "Rapid (joint agency) responses",
       "Deaths in the period that had a rapid response (joint agency response) by health, police and "
       "social care.",
       "deaths with a rapid response", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_CDOP, SRC_CDOP, _cdop("rapid_responses")),
    _d("reviews_completed", _CD, "Child death reviews completed",
       "Reviews the panel completed in the period, whatever year the child died in (the DfE counting unit), "
       "also split by the decision on modifiable factors, by whether the death was in the period and by the "
       "time from death to review.",
       "reviews completed in the period", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_CDOP, SRC_CDOP, _cdop("reviews_completed"),
       breakdowns="modifiable:<decision>; death:<in or before the period>; time_to_review:<band>"),
    _d("reviews_with_modifiable_factors", _CD, "Reviews finding modifiable factors",
       "Completed reviews in the period that identified modifiable factors, as a percentage of completed "
       "reviews where the panel could decide (reviews with insufficient information are left out, as DfE "
       "did).",
       "completed reviews with modifiable factors",
       "completed reviews with a decision (modifiable or not)", NO_POP, SHARE, WILSON_CI, SUPPRESS_CDOP,
       SRC_CDOP, _cdop("reviews_with_modifiable_factors")),
    _d("reviews_by_category", _CD, "Reviews by category of death",
       "Completed reviews in the period by the ten CDOP analysis categories (from deliberately inflicted "
       "injury, abuse or neglect to sudden unexpected, unexplained death), as counts and percentages of "
       "completed reviews.",
       "completed reviews in the category", "completed reviews in the period", NO_POP, COUNT_SHARE,
       COUNT_AND_SHARE_CI, SUPPRESS_CDOP, SRC_CDOP, _cdop("reviews_by_category"), breakdowns="category:<category>"),
    _d("review_days_median", _CD, "Time from death to completed review",
       "The median number of days from the child's death to the completed review, for reviews completed in "
       "the period.",
       "days from death to review (median)", "reviews completed in the period", NO_POP, ("days",),
       "none (a median of every review, not a sample)", SUPPRESS_CDOP, SRC_CDOP, _cdop("review_days_median")),
    _d("child_deaths_by_ethnicity", _CD, "Child deaths by ethnic group",
       "Deaths in the period by the child's ethnic group (White, Mixed, Asian or Asian British, Black or Black "
       "British, Other ethnic group; not known where refused, not obtained or blank), from the recorded "
       "ethnicity code, as counts and percentages of deaths.",
       "deaths of children of the ethnic group", "deaths in the period", NO_POP, COUNT_SHARE, COUNT_AND_SHARE_CI,
       SUPPRESS_CDOP, SRC_CDOP + "; ONS ethnic groups as the CIN census codes them",
       _cdop("child_deaths_by_ethnicity"), breakdowns="ethnicity:<group>",
       differences="NCMD publishes rates by ethnic group from national populations; a panel has no local "
                   "population by ethnicity, so counts and shares are given."),
    _d("child_deaths_by_deprivation", _CD, "Child deaths by deprivation of residence",
       "Deaths in the period by the Index of Multiple Deprivation quintile of the child's neighbourhood of "
       "residence (the LSOA code in the extract looked up in `cdop/imd_lookup.csv`; quintile 1 is the most "
       "deprived fifth of England's neighbourhoods, deciles 1-2), as counts and percentages of deaths.",
       "deaths of children resident in neighbourhoods of the quintile", "deaths in the period", NO_POP,
       COUNT_SHARE, COUNT_AND_SHARE_CI, SUPPRESS_CDOP,
       SRC_CDOP + "; English Indices of Deprivation (MHCLG) deciles by LSOA", _cdop("child_deaths_by_deprivation"),
       breakdowns="deprivation:<quintile>"),
    _d("infant_mortality_rate", _CD, "Infant deaths per 1,000 live births",
       "Deaths before the first birthday (0-27 days and 28-364 days) in the period per 1,000 live births in "
       "the same area and period, where the panel supplies `cdop/births.csv` (area, year, live_births).",
       "deaths under one year in the period", "live births in the period", BIRTHS_BASE, (BIRTHS_UNIT,),
       RATE_CI, SUPPRESS_CDOP, SRC_BIRTHS, _cdop("infant_mortality_rate")),
    _d("neonatal_mortality_rate", _CD, "Neonatal deaths per 1,000 live births",
       "Deaths in the first 27 days of life in the period per 1,000 live births in the same area and period, "
       "where the panel supplies `cdop/births.csv`.",
       "deaths aged 0-27 days in the period", "live births in the period", BIRTHS_BASE, (BIRTHS_UNIT,),
       RATE_CI, SUPPRESS_CDOP, SRC_BIRTHS, _cdop("neonatal_mortality_rate")),
    # ---------------------------------------------------------------- youth justice
    _d("first_time_entrants", _YJ, "First time entrants to the youth justice system",
       "Children aged 10-17 whose first substantive outcome (a youth caution, youth conditional caution or "
       "court conviction; not triage, a community resolution or no further action) falls in the year. The "
       "output says how many years of history the extract holds before the year, since a short history "
       "cannot tell a first outcome from a repeat.",
       "children with their first substantive outcome in the year", "children aged 10-17 (for the rate)",
       POP_10_17, ("count", "per 100,000 aged 10-17"), COUNT_AND_RATE_CI, SUPPRESS_COUNT, SRC_YOS, f"{YJ_IND}.first_time_entrants",
       breakdowns="sex:<sex>; age:<10-14 or 15-17>; first_outcome:<pre-court or court>", change_unit="percent",
       differences="National figures come from the Police National Computer, which sees outcomes anywhere in "
                   "England and Wales; a local extract only sees the outcomes its service records."),
    _d("reoffending_cohort", _YJ, "Re-offending cohort",
       "Children (aged 10-17 at the index date) who received a caution, a non-custodial court sentence or "
       "were released from custody in the cohort period, each counted once on their first such event "
       "(Ministry of Justice method).",
       "children in the cohort", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_COUNT, SRC_YOS, f"{YJ_REO}.reoffending_cohort",
       breakdowns="index_outcome:<group>; age:<band>; sex:<sex>"),
    _d("reoffending_binary_rate", _YJ, "Proven re-offending (binary rate)",
       "The percentage of the cohort who committed a proven re-offence: an offence committed in the 12 months "
       "after the index date and proven by a caution or conviction within those 12 months or a further "
       "6-month waiting period. Cohorts whose waiting period has not ended are marked provisional.",
       "children in the cohort with a proven re-offence", "children in the cohort", NO_POP, SHARE, WILSON_CI,
       SUPPRESS_SHARE, SRC_YOS, f"{YJ_REO}.reoffending_binary_rate"),
    _d("reoffending_frequency_rate", _YJ, "Re-offences per child in the cohort",
       "Proven re-offences (as above) divided by the number of children in the cohort.",
       "proven re-offences by the cohort", "children in the cohort", NO_POP, ("ratio",),
       "95% Poisson limits for the count of re-offences (exact below 10, Byar from 10) divided by the cohort",
       SUPPRESS_SHARE, SRC_YOS, f"{YJ_REO}.reoffending_frequency_rate"),
    _d("reoffences_per_reoffender", _YJ, "Re-offences per re-offender",
       "Proven re-offences divided by the number of children in the cohort who re-offended.",
       "proven re-offences by the cohort", "children in the cohort with a proven re-offence", NO_POP, ("ratio",),
       "none", SUPPRESS_SHARE, SRC_YOS, f"{YJ_REO}.reoffences_per_reoffender"),
    _d("custodial_sentences", _YJ, "Custodial sentences",
       "Court sentencing occasions in the year whose most severe sentence was custodial (detention and "
       "training order or long-term detention), as a count, per 1,000 children aged 10-17 (the YJB 'use of "
       "custody' measure) and as a percentage of all court sentencing occasions.",
       "sentencing occasions with a custodial sentence",
       "children aged 10-17 (for the rate); court sentencing occasions (for the percentage)", POP_10_17,
       ("count", "per 1,000 aged 10-17", "percent"), f"{COUNT_CI}; the rate has {RATE_CI}; the percentage has "
       f"{WILSON_CI}", SUPPRESS_COUNT, SRC_YOS, f"{YJ_IND}.custodial_sentences", percent_of="court sentencing occasions"),
    _d("custody_remands", _YJ, "Remands to custody",
       "Children remanded to custody (youth detention accommodation) at least once, with a remand starting in "
       "the year.",
       "children with a custodial remand starting in the year", "none", NO_POP, ("count",), COUNT_CI,
       SUPPRESS_COUNT, SRC_YOS, f"{YJ_IND}.custody_remands"),
    _d("asset_vulnerability", _YJ, "Vulnerability at the start of supervision",
       "Start assessments (ASSET / AssetPlus) dated in the year, by the rated level of vulnerability (low, "
       "medium, high, very high; not recorded where blank), as counts and percentages of start assessments.",
       "start assessments at the level", "start assessments in the year", NO_POP, COUNT_SHARE,
       COUNT_AND_SHARE_CI, SUPPRESS_SHARE, SRC_YOS, f"{YJ_IND}.asset_vulnerability", breakdowns="level:<level>"),
    _d("asset_risk_of_serious_harm", _YJ, "Risk of serious harm at the start of supervision",
       "Start assessments (ASSET / AssetPlus) dated in the year, by the rated risk of serious harm to others "
       "(low, medium, high, very high; not recorded where blank), as counts and percentages of start "
       "assessments.",
       "start assessments at the level", "start assessments in the year", NO_POP, COUNT_SHARE,
       COUNT_AND_SHARE_CI, SUPPRESS_SHARE, SRC_YOS, f"{YJ_IND}.asset_risk_of_serious_harm", breakdowns="level:<level>"),
    _d("young_people_supervised", _YJ, "Young people supervised",
       "Children with Youth Offending Service work starting in the year (the children the interventions "
       "concern).",
       "children with an intervention starting in the year", "none", NO_POP, ("count",), COUNT_CI,
       SUPPRESS_COUNT, SRC_YOS, f"{YJ_IND}.young_people_supervised"),
    _d("interventions", _YJ, "Interventions",
       "Outcomes in the year that start Youth Offending Service work (triage, youth caution, youth "
       "conditional caution, referral or reparation order, youth rehabilitation order, custodial sentence). "
       "The extract has no end dates, so this counts work starting in the year, not every case open in it.",
       "interventions starting in the year", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_COUNT, SRC_YOS,
       f"{YJ_IND}.interventions", breakdowns="type:<triage, pre-court, first tier, community, custody>"),
    # the Youth Justice Board's ten key performance indicators (from April 2023)
    _d("suitable_accommodation", _YJ, "KPI 1: suitable accommodation",
       "Interventions ending in the year where the child was in suitable accommodation at the end of the "
       "intervention (breakdown point:start: the same children at its start).",
       "interventions ending with the child in suitable accommodation", "interventions ending in the year",
       NO_POP, SHARE, WILSON_CI, SUPPRESS_SHARE, SRC_YJB_KPI, f"{YJ_KPI}.suitable_accommodation",
       breakdowns="point:start"),
    _d("suitable_ete", _YJ, "KPI 2: suitable education, training or employment",
       "Interventions ending in the year where the child was in suitable education, training or employment at "
       "the end (point:start: at the start).",
       "interventions ending with the child in suitable ETE", "interventions ending in the year", NO_POP, SHARE,
       WILSON_CI, SUPPRESS_SHARE, SRC_YJB_KPI, f"{YJ_KPI}.suitable_ete", breakdowns="point:start"),
    _d("send_formal_plan", _YJ, "KPI 3: special educational needs and disabilities",
       "Of interventions ending in the year for a child with an identified special educational need or "
       "disability, those with a formal plan (education, health and care plan) in place at the end.",
       "children with an identified SEND need and a formal plan", "children with an identified SEND need",
       NO_POP, SHARE, WILSON_CI, SUPPRESS_SHARE, SRC_YJB_KPI, f"{YJ_KPI}.send_formal_plan", breakdowns="point:start"),
    _d("mental_health_support", _YJ, "KPI 4: mental health and emotional wellbeing",
       "Interventions ending in the year where the child had a screened or identified need for an intervention "
       "to improve mental health or emotional wellbeing at the end; of_need:attending, of those the share "
       "attending an intervention.",
       "interventions ending with a mental health need", "interventions ending in the year", NO_POP, SHARE,
       WILSON_CI, SUPPRESS_SHARE, SRC_YJB_KPI, f"{YJ_KPI}.mental_health_support",
       breakdowns="point:start; of_need:attending"),
    _d("substance_misuse_support", _YJ, "KPI 5: substance misuse",
       "Interventions ending in the year where the child had a screened or identified need for intervention or "
       "treatment for substance misuse at the end; of_need:attending, of those the share attending.",
       "interventions ending with a substance misuse need", "interventions ending in the year", NO_POP, SHARE,
       WILSON_CI, SUPPRESS_SHARE, SRC_YJB_KPI, f"{YJ_KPI}.substance_misuse_support",
       breakdowns="point:start; of_need:attending"),
    _d("out_of_court_disposals_completed", _YJ, "KPI 6: out-of-court disposals completed",
       "Out-of-court interventions ending in the year that the child completed.",
       "out-of-court interventions completed", "out-of-court interventions ending in the year", NO_POP, SHARE,
       WILSON_CI, SUPPRESS_SHARE, SRC_YJB_KPI, f"{YJ_KPI}.out_of_court_disposals_completed"),
    _d("management_board_attendance", _YJ, "KPI 7: management board attendance",
       "Attendances by senior partners at the youth justice management board's meetings in the year, out of "
       "the partners expected, overall and by partner.",
       "partner attendances", "partners expected at the meetings", NO_POP, SHARE, WILSON_CI,
       "None: counts of professionals, not children.", SRC_YJB_KPI, f"{YJ_KPI}.management_board_attendance",
       breakdowns="partner:<partner>", subject="professionals"),
    _d("wider_services", _YJ, "KPI 8: wider services",
       "Interventions ending in the year where the child was also known to children's social care at the end "
       "(a child in need, on a child protection plan, or looked after).",
       "interventions ending with the child known to children's social care", "interventions ending in the year",
       NO_POP, SHARE, WILSON_CI, SUPPRESS_SHARE, SRC_YJB_KPI, f"{YJ_KPI}.wider_services",
       breakdowns="point:start; status:<child_in_need, child_protection_plan, looked_after>"),
    _d("serious_violence", _YJ, "KPI 9: serious violence",
       "Interventions ending in the year for a serious violence offence (drug, robbery and violence against "
       "the person offences with a gravity score of 5 or more, as the service records it).",
       "interventions ending for a serious violence offence", "interventions ending in the year", NO_POP,
       COUNT_SHARE, COUNT_AND_SHARE_CI, SUPPRESS_SHARE, SRC_YJB_KPI, f"{YJ_KPI}.serious_violence"),
    _d("victims_restorative_justice", _YJ, "KPI 10: victims engaged with restorative justice",
       "Victims who engaged with restorative justice opportunities, out of victims who consented to be "
       "contacted by the service, for interventions ending in the year.",
       "victims engaged with restorative justice", "victims who consented to be contacted", NO_POP, SHARE,
       WILSON_CI, SUPPRESS_SHARE, SRC_YJB_KPI, f"{YJ_KPI}.victims_restorative_justice"),
    # ---------------------------------------------------------------- training
    _d("courses_delivered", _TR, "Courses delivered",
       "Multi-agency courses starting in the year with at least one delegate attending.",
       "courses delivered", "none", NO_POP, ("count",), "none", SUPPRESS_NONE, SRC_TRAINING,
       TRAINING + "courses_delivered",
       breakdowns="theme:<theme>; mode:<mode>", change_unit="percent", subject="courses"),
    _d("training_days", _TR, "Training days",
       "The total length in days of the courses delivered in the year.",
       "days of training delivered", "none", NO_POP, ("days",), "none", SUPPRESS_NONE, SRC_TRAINING,
       TRAINING + "training_days",
       breakdowns="theme:<theme>; mode:<mode>", change_unit="percent", subject="courses", digits=1),
    _d("places_offered", _TR, "Places offered",
       "The total places on the courses delivered in the year.",
       "places on courses delivered", "none", NO_POP, ("count",), "none", SUPPRESS_NONE, SRC_TRAINING,
       TRAINING + "places_offered",
       breakdowns="theme:<theme>; mode:<mode>", change_unit="percent", subject="courses"),
    _d("delegates_attended", _TR, "Delegates attending",
       "Bookings on courses starting in the year where the delegate attended (a delegate on two courses "
       "counts twice, as annual reports count delegates).",
       "bookings attended", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_PROFESSIONALS, SRC_TRAINING,
       TRAINING + "delegates_attended",
       breakdowns="theme:<theme>; mode:<mode>", change_unit="percent", subject="professionals"),
    _d("individual_delegates", _TR, "Individual delegates",
       "Distinct people who attended at least one course starting in the year.",
       "people attending at least one course", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_PROFESSIONALS,
       SRC_TRAINING, TRAINING + "individual_delegates", change_unit="percent", subject="professionals"),
    _d("fill_rate", _TR, "Fill rate",
       "Delegates attending as a percentage of places offered (it can pass 100% when extra delegates are "
       "seated).",
       "delegates attending", "places offered", NO_POP, SHARE, "none (a census of places, not a sample)",
       SUPPRESS_PROFESSIONALS, SRC_TRAINING, TRAINING + "fill_rate", breakdowns="theme:<theme>; mode:<mode>",
       change_unit="percentage points", subject="professionals"),
    _d("did_not_attend_rate", _TR, "Did not attend rate",
       "Bookings where the delegate did not attend, as a percentage of bookings attended or not attended "
       "(cancelled bookings are in neither: the place was given back).",
       "bookings not attended", "bookings attended or not attended", NO_POP, SHARE, WILSON_CI, SUPPRESS_PROFESSIONALS,
       SRC_TRAINING, TRAINING + "did_not_attend_rate", breakdowns="theme:<theme>; mode:<mode>",
       change_unit="percentage points", subject="professionals"),
    _d("delegates_by_sector", _TR, "Delegates by sector",
       "Delegates attending courses starting in the year by the sector they work in (every sector listed, "
       "zeros included, so the sectors the programme does not reach show).",
       "bookings attended by delegates from the sector", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_PROFESSIONALS,
       SRC_TRAINING, TRAINING + "delegates_by_sector", breakdowns="sector:<sector>", subject="professionals"),
    _d("organisations_reached", _TR, "Organisations reached",
       "Distinct organisations with at least one delegate attending a course starting in the year, in all and "
       "by sector (\"95 staff from 32 schools\").",
       "organisations with a delegate attending", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_PROFESSIONALS,
       SRC_TRAINING, TRAINING + "organisations_reached", breakdowns="sector:<sector>", change_unit="percent",
       subject="organisations"),
    _d("elearning_completions", _TR, "E-learning completions",
       "E-learning modules completed in the year.",
       "modules completed in the year", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_PROFESSIONALS, SRC_TRAINING,
       TRAINING + "elearning_completions", breakdowns="sector:<sector>", change_unit="percent",
       subject="professionals"),
    _d("elearning_in_progress", _TR, "E-learning in progress",
       "E-learning enrolments made in the year and not completed by 31 March.",
       "enrolments in the year not completed by 31 March", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_PROFESSIONALS,
       SRC_TRAINING, TRAINING + "elearning_in_progress", change_unit="percent", subject="professionals"),
    _d("elearning_completion_rate", _TR, "E-learning completion rate",
       "E-learning completions as a percentage of completions plus enrolments still in progress, as seed 000 "
       "computes it (1,177 completed and 88 in progress: 93%).",
       "modules completed in the year", "completions plus enrolments in progress", NO_POP, SHARE, WILSON_CI,
       SUPPRESS_PROFESSIONALS, SRC_TRAINING, TRAINING + "elearning_completion_rate", change_unit="percentage points",
       subject="professionals"),
    _d("evaluation_response_rate", _TR, "Evaluation response rate",
       "Evaluation forms returned at each stage (before, after, follow-up) as a percentage of delegates "
       "attending.",
       "forms returned at the stage", "delegates attending", NO_POP, SHARE, WILSON_CI, SUPPRESS_PROFESSIONALS,
       SRC_TRAINING, TRAINING + "evaluation_response_rate", breakdowns="stage:<before, after, follow_up>",
       change_unit="percentage points", subject="professionals"),
    _d("objectives_met", _TR, "Learning objectives met",
       "After-course forms rating the course's objectives as met 4 or 5 out of 5, as a percentage of after-"
       "course forms with a rating (Kirkpatrick level 1, reaction).",
       "after-course forms rating 4 or 5", "after-course forms with a rating", NO_POP, SHARE, WILSON_CI,
       SUPPRESS_PROFESSIONALS, SRC_TRAINING, TRAINING + "objectives_met", change_unit="percentage points",
       subject="professionals"),
    _d("would_recommend", _TR, "Would recommend the course",
       "After-course forms answering yes to recommending the course, as a percentage of forms answering yes "
       "or no (Kirkpatrick level 1).",
       "after-course forms answering yes", "after-course forms answering yes or no", NO_POP, SHARE, WILSON_CI,
       SUPPRESS_PROFESSIONALS, SRC_TRAINING, TRAINING + "would_recommend", change_unit="percentage points",
       subject="professionals"),
    _d("confidence_before", _TR, "Confidence before training",
       "The median self-rated confidence (1 to 10) on before-course forms (Kirkpatrick level 2, learning). "
       "The matched before-and-after comparison, with a Wilcoxon signed-rank test, is "
       "`training.confidence_change`.",
       "confidence ratings before the course (median)", "before-course forms with a rating", NO_POP, ("score",),
       MEDIAN_CI, SUPPRESS_PROFESSIONALS, SRC_TRAINING, TRAINING + "confidence_before", change_unit="score",
       subject="professionals"),
    _d("confidence_after", _TR, "Confidence after training",
       "The median self-rated confidence (1 to 10) on after-course forms (Kirkpatrick level 2, learning).",
       "confidence ratings after the course (median)", "after-course forms with a rating", NO_POP, ("score",),
       MEDIAN_CI, SUPPRESS_PROFESSIONALS, SRC_TRAINING, TRAINING + "confidence_after", change_unit="score",
       subject="professionals"),
    _d("applied_learning", _TR, "Learning applied in practice",
       "Follow-up forms answering yes or partly to having applied the learning in practice, as a percentage "
       "of follow-up forms answering (Kirkpatrick level 3, behaviour); the split by answer is given too.",
       "follow-up forms answering yes or partly", "follow-up forms answering", NO_POP, SHARE, WILSON_CI,
       SUPPRESS_PROFESSIONALS, SRC_TRAINING, TRAINING + "applied_learning", breakdowns="answer:<yes, partly, no>",
       change_unit="percentage points", subject="professionals"),
]

from lscb_analysis.core.definitions_business import BUSINESS, LADO, PARTNERSHIP, REVIEWS  # noqa: E402

from lscb_analysis.core.definitions_children import CHILDREN  # noqa: E402
from lscb_analysis.core.definitions_children import MODULES as _CHILDREN_MODULES  # noqa: E402

_ALL += CHILDREN + BUSINESS
SECTIONS += [*_CHILDREN_MODULES, LADO, REVIEWS, PARTNERSHIP]
SECTION_MODULES.update(_CHILDREN_MODULES)
SECTION_MODULES.update({LADO: "sections.lado", REVIEWS: "sections.practice_reviews",
                        PARTNERSHIP: "sections.partnership"})

DEFINITIONS: dict[str, Definition] = {d.name: d for d in _ALL}
if len(DEFINITIONS) != len(_ALL):  # pragma: no cover - guards against a name written twice
    raise RuntimeError("an indicator is defined twice in lscb_analysis.definitions")

CHANGE_SUFFIX = "_change"


# --- lookups --------------------------------------------------------------------------------


def names(section: str | None = None) -> list[str]:
    """Canonical indicator names, in document order (one section's if given)."""
    return [d.name for d in DEFINITIONS.values() if section is None or d.section == section]


def for_section(section: str) -> list[Definition]:
    if section not in SECTIONS:
        raise ValueError(f"unknown section {section!r}; expected one of {SECTIONS}")
    return [d for d in DEFINITIONS.values() if d.section == section]


def lookup(indicator: str) -> Definition:
    """The definition of ``indicator``; ``<name>_change`` resolves to ``<name>`` when the library emits a
    change row for it. Raises ``KeyError`` with the closest names for an unknown one."""
    if indicator in DEFINITIONS:
        return DEFINITIONS[indicator]
    if indicator.endswith(CHANGE_SUFFIX):
        base = DEFINITIONS.get(indicator[: -len(CHANGE_SUFFIX)])
        if base is not None and base.change_unit:
            return base
    close = difflib.get_close_matches(indicator, list(DEFINITIONS), n=3, cutoff=0.6)
    hint = f" Did you mean {', '.join(close)}?" if close else ""
    raise KeyError(f"no definition for the indicator {indicator!r} in lscb_analysis.definitions.{hint}")


def is_documented(indicator: str, unit: str | None = None) -> bool:
    """True when ``indicator`` (and ``unit``, if given) is documented: a defined name in one of its units,
    or a ``<name>_change`` row in the change unit its definition states."""
    if indicator in DEFINITIONS:
        return unit is None or unit in DEFINITIONS[indicator].units
    try:
        d = lookup(indicator)
    except KeyError:
        return False
    return unit is None or unit == d.change_unit


def counts_children(indicator: str) -> bool:
    """False when ``indicator`` (or its ``<name>_change`` row) counts professionals, courses or organisations
    (its definition's ``subject``), which disclosure control leaves shown; True otherwise, also for a name
    with no definition (hidden when in doubt)."""
    try:
        return lookup(indicator).subject == "children"
    except KeyError:
        return True


def display_digits(indicator: str, unit: str) -> int | None:
    """The decimal places ``indicator`` is shown with in ``unit`` where they differ from the unit's usual ones
    (training days: one place, "33.5"), else None. Every page that prints the figure asks here."""
    d = DEFINITIONS.get(indicator)
    return d.digits if d is not None and unit in d.units else None


def resolve_function(path: str):
    """Import the function a dotted path names (``lscb_analysis.cp.indicators``)."""
    module, _, attr = path.rpartition(".")
    return getattr(importlib.import_module(module), attr)


def anchor(indicator: str) -> str:
    """The anchor of an indicator's entry in ``docs/methodology.md`` (``#referrals``)."""
    return "#" + lookup(indicator).name.replace("_", "-")


def _section_anchor(section: str) -> str:
    return "#" + re.sub(r"[^a-z0-9]+", "-", section.lower()).strip("-") + "-indicators"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _plain(text: str) -> str:
    """A definition without code references: parentheses holding `code` go, other backticks are dropped."""
    text = re.sub(r"\s*\([^()]*`[^()]*\)", "", text)
    return _sentence(text.replace("`", "").replace("  ", " "))


def method_note(indicator: str, published: bool = False) -> str:
    """A short plain-English note of what a figure counts, for under a table in a notebook.

    Built from the same definition as ``docs/methodology.md``: the definition, what a rate or
    percentage is out of, and the source. ``<name>_change`` adds how the change is expressed.
    ``published``: the figures under the note are published statistics, so the source named is the
    publication (DfE children in need, or children looked after) rather than local records.
    """
    d = lookup(indicator)
    definition = _plain(d.definition)
    first = d.title.split()[0].lower()
    parts = [definition if definition.lower().startswith(first) else f"{d.title}: {definition}"]
    rate_units = [u for u in d.units if u.startswith("per ")]
    if rate_units:
        parts.append(f"Rates are {', '.join(rate_units)}.")
    share_base = d.percent_of or ("" if rate_units else d.denominator)
    if "percent" in d.units and share_base not in ("none", ""):
        parts.append(f"Percentages are of {share_base}.")
    if indicator.endswith(CHANGE_SUFFIX) and indicator not in DEFINITIONS:
        how = {"percent": "as a percentage change on the previous year",
               "percentage points": "as the difference in percentage points from the previous year",
               "score": "as the difference from the previous year's median"}[d.change_unit]
        parts.append(f"The change is shown {how}.")
    source = (d.published_source or SRC_DFE) if published and d.published else d.source
    parts.append(f"Source: {source}.")
    return " ".join(parts)


# --- the methodology document ---------------------------------------------------------------

INTRODUCTION = """\
# Methodology

This document is for peer reviewers of the method, and for anyone who wants to know exactly
what a figure in the board report means. It is generated from `lscb_analysis/definitions.py`
(the single source of every indicator's definition; the method notes under the tables in the
reports come from the same place) by `python -m lscb_analysis.definitions`. Do not edit it by
hand: `tests/test_definitions.py` fails when it differs from the rendered definitions.

## How to review the method

1. Read the conventions below (reporting years, populations, working days, rounding,
   disclosure control, confidence intervals) and the known differences from published figures.
2. For each indicator in the reference that follows, read its definition, then the docstring
   of the function named beside it (every function computing an indicator states its
   definition, formula and source), then the tests that pin it at its edges (`tests/`).
3. Run the tests: `make test` (or `.venv/bin/pytest`). `tests/test_reproduce_published.py`
   reproduces figures printed in the seed reports from the data the project has; each test
   name gives the seed and section (`test_seed003_s3_2_bexley_2016_17_s47_to_icpc`).
4. Run `lscb audit data/raw/published/published_figures.csv` (or
   `python -m lscb_analysis.audit data/raw/published/published_figures.csv`) to see the
   published figures checked against each other, and which disagree.
5. Read the reviewer edition of a report (`reports/<area>/<year>/`), which shows the code
   behind every table and links each section to this document.
"""

CONVENTIONS = """\
## Conventions

### Reporting year

A reporting year runs from 1 April to 31 March: 2016-17 is 1 April 2016 to 31 March 2017,
both days included. Events are counted in the year their date falls in (a plan starting on
1 April 2017 belongs to 2017-18; one ending on 31 March 2017 is still open "at 31 March" only
if it ends after that day). Figures "at 31 March" are a snapshot on the last day of the year.
`periods.ReportingYear` parses "2016-17", "2016/17", "2016-2017" and 2016. Pooled figures
(child deaths over three years) are labelled "2014-15 to 2016-17".

### DfE time periods

In the published DfE files `time_period` 2017 is the year ending 31 March 2017, that is
reporting year 2016-17 (`ReportingYear.from_time_period`). A local report written before DfE
publishes the year's figures compares its own figures with the previous year's national ones
(seed 000 sets its 2011-12 figures beside 2010-11 averages); the tables say which year each
comparator is for.

### Populations

Rates use the ONS mid-year population estimate of the calendar year in which the reporting
year starts, as DfE does: mid-2016 for 2016-17. Local denominators come from the area's
`population.csv` (single years of age and sex); where an area has none, the published ONS
figures for children aged 0-17 in the DfE files are used. Youth justice rates need children
aged 10-17: without a local file the figure says no population is available rather than
guessing. A pooled period's rate divides the pooled count by the sum of the years'
populations (person-years).

### Working days

Timescales in working days ("within 45 working days of the referral", "within 15 working days
of the strategy discussion") skip Saturdays, Sundays and the England and Wales bank holidays,
taken from the maintained `holidays` package (subdivision ENG), never a hand-typed list. The
day of the starting event is day 0 and the next working day is day 1, so a conference on the
15th working day after the strategy discussion is in time and one on the 16th is not
(`periods.working_days`).

### Rounding

Values are kept unrounded in every indicator table and processed file. They are rounded only
for display, half up (away from zero) as DfE and ONS do: 2.25 shows as 2.3, not 2.2
(`rates.round_half_up`; Python's own `round` rounds halves to even). Counts show as whole
numbers with thousands separators, rates and percentages to one decimal place, and training
days to one decimal place on every page that shows them (33.5 days shows as 33.5).

### Disclosure control

Board (published) outputs follow DfE practice (`suppression.suppress`):

* a count from 1 to 5 is shown as `c`; zeros are shown;
* in an additive group (the rows of one breakdown, such as categories of abuse), when one cell
  is hidden the next smallest is hidden too, so nothing can be recovered by subtraction;
* a rate or percentage whose count (or base count) is hidden is hidden with it;
* figures that count professionals, courses or organisations rather than children (every
  training indicator; the `subject` of a definition) are not suppressed;
* child deaths add their own rules (no crossed breakdowns, suppression across years, areas
  and linked measures, given to `suppression.suppress` by
  `sections/child_deaths/disclosure.py`);
* no child identifier, name, date of birth or free-text comment appears in any output;
  identifiers are pseudonymised on load with a keyed hash whose key is not committed.

Published DfE cells keep DfE's symbols: `c` suppressed, `x` not available, `z` not
applicable, `u` low reliability; they are never turned into zeros.

### Rates, percentages and confidence intervals

Methods follow the OHID (formerly PHE) *Technical Guide: Confidence Intervals* and its R
package PHEindicatormethods, in `lscb_analysis/rates.py`:

* **rates** per 10,000 or 100,000 (`rates.rate`): the count divided by the population times
  the multiplier, with 95% limits that are exact Poisson limits from the chi-squared
  distribution below 10 events and Byar's approximation from 10 events (as `phe_rate`);
  a zero count is valid (lower limit 0);
* **percentages** (`rates.proportion`): Wilson score limits (as `phe_proportion`);
* **percentage change** (`rates.pct_change`): (new - old) / old x 100, undefined when the old
  value is 0; differences of two percentages are in percentage points, with Newcombe's
  hybrid score interval where the training section reports them;
* **medians** (training confidence ratings): distribution-free limits from the binomial
  order statistics; the before-and-after comparison uses the Wilcoxon signed-rank test;
* **funnel plots** (`rates.funnel_limits_proportion`, `rates.funnel_limits_rate`):
  Spiegelhalter's exact limits with interpolation, at 95% and 99.8%.

Counts of events are a census, not a sample, and carry no interval of their own; the
interval on a rate describes the uncertainty of the underlying risk that the count reflects.
"""

DIFFERENCES = """\
## Known differences from published national figures

* **Rounding of national and regional counts.** DfE rounds national and regional counts to the
  nearest 10 (local authority counts are not rounded) and computes its percentages from the
  unrounded counts, so a percentage recomputed from the published national counts can differ
  from DfE's own by 0.1 point (England 2015-16: 42.3% of section 47 enquiries led to an
  initial conference recomputed from the rounded counts; seed 003, quoting DfE, prints 42.4%).
  The library shows DfE's counts as published and recomputes percentages from them.
* **Revisions.** DfE revises earlier years in later releases: seed 003 quotes England's
  re-referral rate for 2015-16 as 22.3%, where the current DfE file gives 22.5%.
* **Local figures before the census is final.** A board report is written from the council's
  own system before the Children in Need census return is finalised and published, and the
  local measure is sometimes defined differently. Seed 003 prints re-referrals within 12
  months of 19.2% for Bexley in 2016-17 and 20.3% in 2015-16; the published DfE figures are
  22.9% and 20.8%. The other Bexley child protection percentages in seed 003 match the
  published statistics exactly (see `tests/test_reproduce_published.py`).
* **Population estimates.** DfE's rates use the ONS mid-year estimate of the calendar year the
  reporting year starts in, as published at the time (later revisions change them slightly);
  reports often quote another estimate (seed 003 gives Bexley 55,978 children for 2016-17,
  where the ONS mid-2016 estimate in the DfE files is 56,523).
* **Initial conferences leading to a plan.** DfE publishes plans started divided by initial
  conferences held; plans can start without an initial conference (a child moving in on a
  plan), so a local figure counting conferences that led to a plan can be lower.
* **Youth justice.** National first time entrants and re-offending come from the Police
  National Computer, which records outcomes anywhere in England and Wales; a local extract
  sees only the outcomes its own service records, and its history may be too short to tell a
  first outcome from a repeat (the output says how many years it holds). Re-offending
  cohorts whose 6-month waiting period has not ended are marked provisional.
* **Child deaths.** Deaths are counted by the child's area of residence in the year of death;
  reviews are counted in the year the panel completed them, whatever year the death was in
  (DfE's counting unit), so a year's reviews are not the year's deaths. Modifiable factors
  are a percentage of reviews where the panel could decide, leaving out those with
  insufficient information, as DfE did; NCMD reports later used all completed reviews.
* **Comparators.** Statistical neighbours are DfE's children's services statistical
  neighbours (2025 model) and their average is the simple mean of their rates, as DfE's LA
  Interactive Tool does; reports written under an earlier model compare with a different
  group.

## Checking published figures against each other

`lscb audit FILE` (`lscb_analysis/audit.py`) reads figures in the long format of
`data/raw/published/published_figures.csv` and checks them against each other: rates against
counts and populations, stated changes against the two values, percentages against parts and
totals, parts against totals and shares against 100%. Counts and amounts of money are exact
as printed; a stated rate, percentage or change agrees if it is the value recomputed from the
printed figures rounded, or cut off, to the places printed (2.4 covers 2.35 to 2.45); an
input the document calls approximate may be anywhere its trailing zeros allow; a sum of
rounded shares may miss 100% by the rounding of each share. A figure printed twice with
different values is reported once. The module docstring lists every rule.
"""


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def _indicator_block(d: Definition) -> list[str]:
    funcs = f"`{d.function}`" + (f"; published figures: `{d.published}`" if d.published else "")
    lines = [
        f'<a id="{d.name.replace("_", "-")}"></a>',
        f"### `{d.name}`: {d.title}",
        "",
        _sentence(d.definition),
        "",
        "| | |",
        "| --- | --- |",
        f"| Numerator | {_md_escape(d.numerator)} |",
        f"| Denominator | {_md_escape(d.denominator)} |",
        f"| Population base | {_md_escape(d.population_base)} |",
        f"| Units | {_md_escape(d.unit)} |",
        f"| Confidence interval | {_md_escape(d.ci_method)} |",
        f"| Disclosure control | {_md_escape(d.suppression)} |",
        f"| Source | {_md_escape(d.source)} |",
        f"| Computed by | {funcs} |",
    ]
    if d.breakdowns:
        lines.append(f"| Breakdowns | {_md_escape(d.breakdowns)} |")
    if d.change_unit:
        lines.append(f"| Change on the previous year | `{d.name}{CHANGE_SUFFIX}`, in {d.change_unit} |")
    if d.differences:
        lines.append(f"| Known differences | {_md_escape(d.differences)} |")
    lines += ["", f"Method note shown in the reports: *{method_note(d.name)}*", ""]
    return lines


def render_markdown() -> str:
    """The whole of ``docs/methodology.md``: introduction, conventions, known differences, then every
    indicator by section (a summary table and one entry each)."""
    out = [INTRODUCTION, CONVENTIONS, DIFFERENCES, "## Indicator reference", ""]
    out.append("Sections: " + ", ".join(f"[{s}]({_section_anchor(s)})" for s in SECTIONS) + ".")
    out.append("")
    for section in SECTIONS:
        defs = for_section(section)
        out += [f'<a id="{_section_anchor(section)[1:]}"></a>', f"## {section.capitalize()} indicators", "",
                f"Computed by `lscb_analysis.{SECTION_MODULES[section]}`.", "",
                "| indicator | what it counts | units | source |", "| --- | --- | --- | --- |"]
        for d in defs:
            out.append(f"| [`{d.name}`]({anchor(d.name)}) | {_md_escape(d.title)} | {_md_escape(d.unit)} | "
                       f"{'DfE published and local' if d.published else 'local records'} |")
        out.append("")
        for d in defs:
            out += _indicator_block(d)
    text = "\n".join(out)
    text = re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"
    return text


def write_markdown(path: Path | str | None = None) -> Path:
    """Write :func:`render_markdown` to ``docs/methodology.md`` (or ``path``)."""
    path = Path(path) if path is not None else METHODOLOGY_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_markdown(), encoding="utf-8", newline="\n")
    return path


if __name__ == "__main__":  # pragma: no cover
    target = write_markdown(sys.argv[1] if len(sys.argv) > 1 else None)
    print(f"wrote {target}")
