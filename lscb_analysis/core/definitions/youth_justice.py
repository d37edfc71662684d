"""Definitions of the youth justice indicators (see :mod:`lscb_analysis.core.definitions`)."""

# ruff: noqa: F403, F405 - the shared wording and the Definition record come from model, by name
from __future__ import annotations

from lscb_analysis.core.definitions.model import *

YOUTH_JUSTICE = [
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
]
