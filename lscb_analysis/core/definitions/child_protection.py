"""Definitions of the child protection indicators (see :mod:`lscb_analysis.core.definitions`)."""

# ruff: noqa: F403, F405 - the shared wording and the Definition record come from model, by name
from __future__ import annotations

from lscb_analysis.core.definitions.model import *

# referrals to assessment and assessed not in need: the child protection page shows DfE's published figures; the
# front door page counts them from the area's own CIN census records with DfE's definition
_SRC_FRONT_DOOR_LOCAL = ("case records in the DfE Children in Need census format (the front door page); DfE, "
                         "Children in need statistics, table C1 (published figures)")
_FRONT_DOOR_COUNTS = ("The child protection page shows DfE's published figure (table C1); the front door page counts "
                      "it from the area's own records with the same definition (`lscb_analysis.sections.front_door."
                      "indicators.")

CHILD_PROTECTION = [
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
       WILSON_CI, SUPPRESS_SHARE, _SRC_FRONT_DOOR_LOCAL, DFE, published=DFE,
       differences=_FRONT_DOOR_COUNTS + "referrals_to_assessment`)."),
    _d("assessed_not_in_need", _CP, "Referrals assessed as not in need",
       "Referrals in the year that led to an assessment after which the child was assessed as not in need, as "
       "a percentage of referrals in the year (DfE table C1, `not_in_need_count` of `referral_count`).",
       "referrals in the year assessed as not in need", "referrals in the year", NO_POP, SHARE, WILSON_CI,
       SUPPRESS_SHARE, _SRC_FRONT_DOOR_LOCAL, DFE, published=DFE,
       differences=_FRONT_DOOR_COUNTS + "assessed_not_in_need`; episodes closed with reason RC8)."),
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
]
