"""The youth justice code lists: outcome codes and their groups, remand types, assessment stages and levels,
and the ages and periods the Ministry of Justice and Youth Justice Board measures use."""

from __future__ import annotations

import pandas as pd

SOURCE = "local extract"
DIR = "yos"

#: pre-court substantive outcomes: youth caution, youth conditional caution
PRE_COURT = frozenset({"YC", "YCC"})
#: first-tier court sentences: referral order, reparation order (until 2020), fine, discharge,
#: compensation order
FIRST_TIER = frozenset({"RO", "RPO", "FINE", "DISCHARGE", "COMP"})
#: community sentence: youth rehabilitation order
COMMUNITY = frozenset({"YRO"})
#: custodial sentences: detention and training order; long-term detention (Sentencing Code s250,
#: formerly PCC(S)A 2000 s91); extended sentence (s254, formerly CJA 2003 s226B); detention for
#: life (s258, formerly s226); detention at His Majesty's pleasure (s259, formerly s90)
CUSTODY = frozenset({"DTO", "S250", "S254", "S258", "S259", "S226", "S226B", "S90", "S91"})
#: not substantive: excluded from first time entrants and re-offending (triage, community
#: resolution, no further action)
NOT_SUBSTANTIVE = frozenset({"TRIAGE", "CR", "NFA"})
COURT = FIRST_TIER | COMMUNITY | CUSTODY
SUBSTANTIVE = PRE_COURT | COURT
OUTCOME_CODES = SUBSTANTIVE | NOT_SUBSTANTIVE
#: outcomes that start a child's index in a re-offending cohort (custodial sentences enter
#: the cohort on release from custody instead, as the Ministry of Justice measure does)
INDEX_OUTCOMES = PRE_COURT | FIRST_TIER | COMMUNITY
#: outcomes that start a piece of Youth Offending Service work with the child
SUPERVISED = frozenset({"TRIAGE", "YC", "YCC", "RO", "RPO", "YRO"}) | CUSTODY

OUTCOME_ALIASES = {
    "youth caution": "YC",
    "youth conditional caution": "YCC",
    "referral order": "RO",
    "reparation order": "RPO",
    "fine": "FINE",
    "conditional discharge": "DISCHARGE",
    "absolute discharge": "DISCHARGE",
    "discharge": "DISCHARGE",
    "compensation order": "COMP",
    "youth rehabilitation order": "YRO",
    "detention and training order": "DTO",
    "section 250": "S250",
    "s.250": "S250",
    "section 91": "S91",
    "s.91": "S91",
    "section 226": "S226",
    "triage": "TRIAGE",
    "community resolution": "CR",
    "no further action": "NFA",
}

SEX_ALIASES = {"male": "M", "boy": "M", "1": "M", "female": "F", "girl": "F", "2": "F",
               "unknown": "U", "not known": "U", "0": "U", "9": "U", "": "U"}

REMAND_TYPES = ("custody", "local_authority_accommodation", "bail_supervision")
REMAND_ALIASES = {
    "remand in custody": "custody",
    "secure remand": "custody",
    "youth detention accommodation": "custody",
    "remand to youth detention accommodation": "custody",
    "yda": "custody",
    "local authority accommodation": "local_authority_accommodation",
    "remand to local authority accommodation": "local_authority_accommodation",
    "laa": "local_authority_accommodation",
    "bail supervision": "bail_supervision",
    "bail supervision and support": "bail_supervision",
    "bss": "bail_supervision",
}

STAGES = ("start", "review", "end")
STAGE_ALIASES = {"initial": "start", "beginning": "start", "interim": "review", "final": "end", "closure": "end"}
LEVELS = ("low", "medium", "high", "very_high")
NOT_RECORDED = "not_recorded"
LEVEL_ALIASES = {"very high": "very_high", "very-high": "very_high", "vh": "very_high", "l": "low",
                 "m": "medium", "med": "medium", "h": "high"}

AGE_OF_CRIMINAL_RESPONSIBILITY = 10
YOUTH_MAX_AGE = 17
FOLLOW_UP = pd.DateOffset(years=1)
WAITING = pd.DateOffset(months=6)

OUTCOME_COLUMNS = ["young_person_id", "date_of_birth", "sex", "offence_date", "outcome_date", "outcome"]
OUTCOME_OPTIONAL = ["ethnicity", "residence", "offence_type"]
ID_ALIASES = {"young_person_id": ["ypid", "yp_id", "child_id", "person_id", "young person id"],
              "date_of_birth": ["dob", "date of birth", "birth_date"]}


# --- the Youth Justice Board's key performance indicators (from April 2023) ---------------------------------
#: the kinds of work in ``kpi_interventions.csv``
INTERVENTION_TYPES = ("out_of_court", "community", "custody")
SUITABLE = ("suitable", "unsuitable")
SEND = ("none", "need_no_plan", "need_with_plan")
#: mental health and substance misuse: no need, a need with no intervention offered, offered but not
#: attending, attending
SUPPORT = ("none", "need_not_offered", "offered_not_attending", "attending")
#: children's social care status: none, child in need, child protection plan, looked after
SOCIAL_CARE = ("none", "child_in_need", "child_protection_plan", "looked_after")
YES_NO = ("Y", "N")
KPI_CODES = {"accommodation": SUITABLE, "ete": SUITABLE, "send": SEND, "mental_health": SUPPORT,
             "substance_misuse": SUPPORT, "social_care": SOCIAL_CARE}
KPI_COLUMNS = ["young_person_id", "date_of_birth", "intervention_type", "intervention_start", "intervention_end"]
KPI_OPTIONAL = ([f"{f}_{p}" for f in KPI_CODES for p in ("start", "end")]
                + ["residence", "serious_violence", "out_of_court_completed", "victims_consented", "victims_engaged"])
BOARD_COLUMNS = ["meeting_date", "partner", "attended"]
#: the first reporting year of the ten KPIs
KPI_FIRST_YEAR = 2023
