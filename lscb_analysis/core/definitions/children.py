"""Definitions of the children's-side sections beyond child protection: the front door, early help, missing
children, exploitation and private fostering.

Part of :mod:`lscb_analysis.core.definitions` (imported there into ``DEFINITIONS``).
"""

from __future__ import annotations

# ruff: noqa: F403, F405 - the shared wording and the Definition record come from model, by name
from lscb_analysis.core.definitions.model import *

__all__ = ["CHILDREN", "FRONT_DOOR", "EARLY_HELP", "MISSING", "EXPLOITATION", "PRIVATE_FOSTERING", "MODULES"]

FRONT_DOOR = "front door"
EARLY_HELP = "early help"
MISSING = "missing children"
EXPLOITATION = "exploitation"
PRIVATE_FOSTERING = "private fostering"
MODULES = {FRONT_DOOR: "sections.front_door", EARLY_HELP: "sections.early_help", MISSING: "sections.missing",
           EXPLOITATION: "sections.exploitation", PRIVATE_FOSTERING: "sections.private_fostering"}

SRC_FRONT_DOOR = ("council contact records (Ofsted Annex A list 1) and case records in the DfE Children in Need census "
                  "format; definitions from the DfE Children in need statistics (table C1)")
SRC_FRONT_DOOR_DECISION = ("council contact records (Ofsted Annex A list 1, with the council's date of decision); "
                           "Working Together to Safeguard Children 2023 (a decision on the type of response within "
                           "one working day of a referral)")
SRC_EARLY_HELP = ("the council's early help records (Ofsted Annex A list 2 holds the assessment dates); Working "
                  "Together to Safeguard Children 2023, chapter 1")
SRC_MISSING = ("the council's missing episodes; the 72-hour return interview from the DfE statutory guidance on "
               "children who run away or go missing from home or care (2014)")
SRC_MISSING_CARE = ("council looked-after children records (SSDA903 return: missing and episodes tables); definitions "
                    "from the DfE Children looked after in England including adoptions statistics")
SRC_MISSING_LIST = "Ofsted Annex A (inspection of local authority children's services), list 8, 'children in care'"
LIST_PERIOD = ("List 8 holds the children looked after in the 12 months before the council extracted it for "
               "inspection, and covers those 12 months, not 1 April to 31 March.")
LIST_DIFFERS = ("Not the same as the SSDA903 figures: the return counts the incidents that started from 1 April to 31 "
                "March of children looked after during that year (not short breaks), while list 8 counts what the "
                "council recorded for the 12 months to its extract date, and its return interview columns describe "
                "only the last missing episode.")
LIST_BASE = "children on list 8 (looked after in the list's 12 months), counted once"
LIST_WENT = "children on list 8 with one or more missing episodes"
CLA_DURING = "children looked after at any time in the year, other than only in short breaks (legal status V3, V4)"
SRC_EXPLOITATION = ("the multi-agency exploitation panel's cohort list, and case records in the DfE Children in Need "
                    "census format (factors identified at the end of assessment)")
SRC_PRIVATE_FOSTERING = ("the council's private fostering records; the Children (Private Arrangements for Fostering) "
                         "Regulations 2005")

_F = "lscb_analysis.sections.front_door.indicators."
_E = "lscb_analysis.sections.early_help.indicators."
_M = "lscb_analysis.sections.missing.indicators."
_X = "lscb_analysis.sections.exploitation.indicators."
_P = "lscb_analysis.sections.private_fostering.indicators."
COUNT = ("count",)
SHARE = ("percent",)
BOTH = ("count", "percent")

CHILDREN = [
    _d("contacts_leading_to_referral", FRONT_DOOR, "Contacts leading to a referral",
       "Contacts in the year followed by a referral of the same child to children's social care on the day of the "
       "contact or later in the same reporting year.",
       "contacts in the year followed by a referral of the child", "contacts in the year", NO_POP, SHARE, WILSON_CI,
       SUPPRESS_SHARE, SRC_FRONT_DOOR, _F + "contacts_leading_to_referral"),
    _d("repeat_contacts", FRONT_DOOR, "Repeat contacts",
       "Contacts in the year about a child who had another contact in the 12 months before it.",
       "contacts in the year with an earlier contact in the 12 months before", "contacts in the year", NO_POP, BOTH,
       COUNT_AND_SHARE_CI, SUPPRESS_COUNT, SRC_FRONT_DOOR, _F + "repeat_contacts"),
    _d("contacts_decided_within_1_working_day", FRONT_DOOR, "Contacts decided within one working day",
       "Contacts in the year with a recorded decision on the response that were decided no more than one working "
       "day after the contact: the contact's date is day 0 and the next working day (not a weekend or an England "
       "and Wales bank holiday) is day 1; a time of day is not used. Working Together to Safeguard Children 2023 "
       "expects a decision on the type of response within one working day of a referral.",
       "contacts in the year decided within one working day", "contacts in the year with a decision date",
       NO_POP, BOTH, COUNT_AND_SHARE_CI, SUPPRESS_COUNT, SRC_FRONT_DOOR_DECISION,
       _F + "contacts_decided_within_1_working_day",
       differences="Only where the council's contacts extract holds the date of decision (an optional column: "
                   "Ofsted's Annex A list 1 has none); contacts without one are left out."),
    _d("early_help_episodes_started", EARLY_HELP, "Early help episodes started",
       "Episodes of early help for a child that started in the year.",
       "episodes starting from 1 April to 31 March", "none", NO_POP, COUNT, COUNT_CI, SUPPRESS_COUNT, SRC_EARLY_HELP,
       _E + "early_help_episodes_started"),
    _d("early_help_assessments_started", EARLY_HELP, "Early help assessments started",
       "Early help assessments started in the year.",
       "assessments starting from 1 April to 31 March", "none", NO_POP, COUNT, COUNT_CI, SUPPRESS_COUNT,
       SRC_EARLY_HELP, _E + "early_help_assessments_started"),
    _d("early_help_assessments_completed", EARLY_HELP, "Early help assessments completed",
       "Early help assessments completed in the year.",
       "assessments completed from 1 April to 31 March", "none", NO_POP, COUNT, COUNT_CI, SUPPRESS_COUNT,
       SRC_EARLY_HELP, _E + "early_help_assessments_completed"),
    _d("early_help_open_at_31_march", EARLY_HELP, "Early help episodes open at 31 March",
       "Episodes of early help open at the end of 31 March.",
       "episodes started on or before 31 March and not ended by then", "none", NO_POP, COUNT, COUNT_CI,
       SUPPRESS_COUNT, SRC_EARLY_HELP, _E + "early_help_open_at_31_march"),
    _d("early_help_closures", EARLY_HELP, "Early help episodes closed, by reason",
       "Episodes of early help that ended in the year by reason: needs met, stepped up to children's social care "
       "(the step-up measure), disengaged, moved away or other.",
       "episodes ending in the year (with the reason)", "all episodes ending in the year", NO_POP, BOTH,
       COUNT_AND_SHARE_CI, SUPPRESS_COUNT, SRC_EARLY_HELP, _E + "early_help_closures",
       breakdowns="reason:<needs_met|stepped_up|disengaged|moved_away|other>"),
    _d("early_help_step_downs", EARLY_HELP, "Stepped down from social care",
       "Episodes of early help starting in the year for a child stepped down from children's social care.",
       "episodes starting in the year that were stepped down", "episodes starting in the year", NO_POP, BOTH,
       COUNT_AND_SHARE_CI, SUPPRESS_COUNT, SRC_EARLY_HELP, _E + "early_help_step_downs"),
    _d("early_help_rereferrals_within_12_months", EARLY_HELP, "Returns to early help within 12 months",
       "Episodes of early help starting in the year for a child whose earlier episode ended in the 12 months before.",
       "episodes starting in the year within 12 months of the child's previous episode ending",
       "episodes starting in the year", NO_POP, BOTH, COUNT_AND_SHARE_CI, SUPPRESS_COUNT, SRC_EARLY_HELP,
       _E + "early_help_rereferrals_within_12_months"),
    _d("children_missing", MISSING, "Children missing",
       "Children who went missing at least once in the year (distinct children), from home and from care, by age "
       "at their first episode of the year and by sex.",
       "children with an episode starting in the year", "none", NO_POP, COUNT, COUNT_CI, SUPPRESS_COUNT, SRC_MISSING,
       _M + "children_missing", breakdowns="from:<home|care>; age:<0-9|10-13|14-15|16-17>; sex:<female|male|unknown>"),
    _d("missing_episodes", MISSING, "Missing episodes",
       "Episodes of a child going missing that started in the year, from home and from care.",
       "episodes starting from 1 April to 31 March", "none", NO_POP, COUNT, COUNT_CI, SUPPRESS_COUNT, SRC_MISSING,
       _M + "missing_episodes", breakdowns="from:<home|care>"),
    _d("children_missing_3_or_more", MISSING, "Children missing three times or more",
       "Children with three or more episodes starting in the year.",
       "children with 3 or more episodes in the year", "children missing in the year", NO_POP, BOTH,
       COUNT_AND_SHARE_CI, SUPPRESS_COUNT, SRC_MISSING, _M + "children_missing_3_or_more"),
    _d("return_interviews_offered", MISSING, "Return interviews offered",
       "Episodes ending in the year after which the child was offered a return interview.",
       "returns in the year with a return interview offered", "returns in the year", NO_POP, SHARE, WILSON_CI,
       SUPPRESS_SHARE, SRC_MISSING, _M + "return_interviews_offered"),
    _d("return_interviews_accepted", MISSING, "Return interviews accepted",
       "Return interviews accepted, of those offered after episodes ending in the year.",
       "return interviews accepted", "return interviews offered after returns in the year", NO_POP, SHARE, WILSON_CI,
       SUPPRESS_SHARE, SRC_MISSING, _M + "return_interviews_offered"),
    _d("return_interviews_within_72_hours", MISSING, "Return interviews within 72 hours",
       "Return interviews held within 72 hours of the child's return, for episodes ending in the year.",
       "return interviews within 72 hours of the return", "returns in the year with a return interview", NO_POP,
       SHARE, WILSON_CI, SUPPRESS_SHARE, SRC_MISSING, _M + "return_interviews_within_72_hours"),
    # missing from care: the SSDA903 return (looked-after children only)
    _d("looked_after_children_during_year", MISSING, "Children looked after during the year",
       "Children looked after at any time in the year, counted once, other than those looked after only under an "
       "agreed series of short-term placements: the base of the percentage of looked-after children who went missing.",
       CLA_DURING, "none", NO_POP, COUNT, COUNT_CI, SUPPRESS_COUNT, SRC_MISSING_CARE,
       _M + "looked_after_children_during_year"),
    _d("looked_after_children_missing", MISSING, "Looked-after children who went missing",
       "Children looked after during the year who had at least one missing incident starting in the year (SSDA903 "
       "MISSING = M: not at their placement or a place they are expected to be, and their whereabouts not known).",
       "looked-after children with a missing incident (M) starting from 1 April to 31 March", CLA_DURING, NO_POP,
       BOTH, COUNT_AND_SHARE_CI, SUPPRESS_COUNT, SRC_MISSING_CARE, _M + "looked_after_children_missing",
       differences="England's figures (data/raw/dfe/cla_missing_england.csv, where DfE published them) are rounded "
                   "by DfE to the nearest 10 and whole percentages; DfE warns that councils record missing and away "
                   "incidents differently, so comparisons need care."),
    _d("looked_after_missing_incidents", MISSING, "Missing incidents of looked-after children",
       "Missing incidents (SSDA903 MISSING = M) of children looked after during the year that started in the year; "
       "a child can have many.",
       "missing incidents (M) starting from 1 April to 31 March", "none", NO_POP, COUNT, COUNT_CI, SUPPRESS_COUNT,
       SRC_MISSING_CARE, _M + "looked_after_missing_incidents"),
    _d("looked_after_children_missing_3_or_more", MISSING, "Looked-after children missing three times or more",
       "Looked-after children with three or more missing incidents (M) starting in the year.",
       "looked-after children with 3 or more missing incidents in the year",
       "looked-after children with a missing incident in the year", NO_POP, BOTH, COUNT_AND_SHARE_CI, SUPPRESS_COUNT,
       SRC_MISSING_CARE, _M + "looked_after_children_missing_3_or_more"),
    _d("looked_after_missing_incidents_per_child", MISSING, "Missing incidents per looked-after child who went missing",
       "The average number of missing incidents (M) in the year per looked-after child who went missing in the year.",
       "missing incidents (M) starting in the year", "looked-after children with a missing incident in the year",
       NO_POP, ("ratio",), "none (an average of a census of incidents)", SUPPRESS_SHARE, SRC_MISSING_CARE,
       _M + "looked_after_missing_incidents_per_child", digits=1),
    _d("looked_after_children_away", MISSING, "Looked-after children away from placement without authorisation",
       "Children looked after during the year with an incident starting in the year of being away from placement "
       "without authorisation (SSDA903 MISSING = A: whereabouts known, but not where expected). Some councils record "
       "every incident as missing.",
       "looked-after children with an away incident (A) starting from 1 April to 31 March", CLA_DURING, NO_POP,
       BOTH, COUNT_AND_SHARE_CI, SUPPRESS_COUNT, SRC_MISSING_CARE, _M + "looked_after_children_away"),
    _d("looked_after_away_incidents", MISSING, "Away-without-authorisation incidents of looked-after children",
       "Incidents of children looked after during the year being away from placement without authorisation (SSDA903 "
       "MISSING = A) that started in the year.",
       "away incidents (A) starting from 1 April to 31 March", "none", NO_POP, COUNT, COUNT_CI, SUPPRESS_COUNT,
       SRC_MISSING_CARE, _M + "looked_after_away_incidents"),
    # missing from care: Ofsted Annex A list 8 (children in care)
    _d("annex_a_children_in_care", MISSING, "Children in care on Annex A list 8",
       "Children on list 8 (children in care) of the year's Annex A workbook, counted once: the base of the list's "
       "percentages. " + LIST_PERIOD + " A workbook counts for the year its file name gives (annex_a_2024-25.xlsx), "
       "else the year of the latest date the list records.", LIST_BASE, "none", NO_POP, COUNT, COUNT_CI, SUPPRESS_COUNT, SRC_MISSING_LIST,
       _M + "annex_a_children_in_care"),
    _d("annex_a_children_in_care_missing", MISSING, "Children in care who went missing (Annex A list 8)",
       "Children on list 8 with one or more episodes of being missing from their placement in the list's 12 months "
       "(a blank count is none). " + LIST_PERIOD, LIST_WENT, LIST_BASE, NO_POP, BOTH, COUNT_AND_SHARE_CI, SUPPRESS_COUNT,
       SRC_MISSING_LIST, _M + "annex_a_children_in_care_missing", differences=LIST_DIFFERS),
    _d("annex_a_missing_episodes", MISSING, "Missing episodes of children in care (Annex A list 8)",
       "Episodes of going missing from placement in the list's 12 months, summed over the children on list 8. "
       + LIST_PERIOD, "the sum of the children's missing episode counts", "none", NO_POP, COUNT, COUNT_CI,
       SUPPRESS_COUNT, SRC_MISSING_LIST, _M + "annex_a_missing_episodes", differences=LIST_DIFFERS),
    _d("annex_a_children_in_care_missing_3_or_more", MISSING,
       "Children in care missing three times or more (Annex A list 8)",
       "Children on list 8 with three or more missing episodes in the list's 12 months. " + LIST_PERIOD,
       "children on list 8 with 3 or more missing episodes", LIST_WENT, NO_POP, BOTH, COUNT_AND_SHARE_CI,
       SUPPRESS_COUNT, SRC_MISSING_LIST, _M + "annex_a_children_in_care_missing_3_or_more"),
    _d("annex_a_missing_episodes_per_child", MISSING, "Missing episodes per child in care who went missing "
       "(Annex A list 8)",
       "The average number of missing episodes in the list's 12 months per child on list 8 who went missing. "
       + LIST_PERIOD, "missing episodes of the children on list 8", LIST_WENT, NO_POP, ("ratio",),
       "none (an average of a census of episodes)", SUPPRESS_SHARE, SRC_MISSING_LIST,
       _M + "annex_a_missing_episodes_per_child", digits=1),
    _d("annex_a_children_in_care_absent", MISSING, "Children in care absent from placement (Annex A list 8)",
       "Children on list 8 with one or more episodes of being 'absent' from their placement in the list's 12 months "
       "(a blank is none). " + LIST_PERIOD, "children on list 8 with one or more absent episodes", LIST_BASE,
       NO_POP, BOTH, COUNT_AND_SHARE_CI, SUPPRESS_COUNT, SRC_MISSING_LIST, _M + "annex_a_children_in_care_absent"),
    _d("annex_a_return_interviews_offered", MISSING, "Return interviews offered to children in care (Annex A list 8)",
       "Children on list 8 who went missing in the list's 12 months and were offered a return interview after their "
       "last missing episode (a blank counts as not offered). " + LIST_PERIOD,
       "children on list 8 who went missing and were offered a return interview after their last missing episode",
       LIST_WENT, NO_POP, SHARE, WILSON_CI, SUPPRESS_SHARE, SRC_MISSING_LIST, _M + "annex_a_return_interviews",
       differences=LIST_DIFFERS),
    _d("annex_a_return_interviews_accepted", MISSING, "Return interviews accepted by children in care (Annex A "
       "list 8)",
       "Of the children on list 8 offered a return interview after their last missing episode, those who accepted "
       "it. A row recording an interview accepted but not offered is rejected on load. " + LIST_PERIOD,
       "children on list 8 who accepted a return interview after their last missing episode",
       "children on list 8 who went missing and were offered one", NO_POP, SHARE, WILSON_CI, SUPPRESS_SHARE,
       SRC_MISSING_LIST, _M + "annex_a_return_interviews"),
    _d("assessments_with_exploitation_factors", EXPLOITATION, "Assessments recording exploitation",
       "Assessments completed in the year that recorded child sexual exploitation (11A), child criminal "
       "exploitation (24A), gangs (13A), trafficking (12A) or going missing (10A); each factor too.",
       "assessments completed in the year with the factor", "assessments completed in the year", NO_POP, BOTH,
       COUNT_AND_SHARE_CI, SUPPRESS_COUNT, SRC_EXPLOITATION, _X + "assessments_with_exploitation_factors",
       breakdowns="factor:<name>"),
    _d("children_identified_at_risk_of_exploitation", EXPLOITATION, "Children identified at risk of exploitation",
       "Children newly identified in the year as at risk of sexual or criminal exploitation, by type and by risk "
       "level at identification.",
       "children identified from 1 April to 31 March", "none", NO_POP, COUNT, COUNT_CI, SUPPRESS_COUNT,
       SRC_EXPLOITATION, _X + "children_identified_at_risk_of_exploitation",
       breakdowns="type:<sexual|criminal|both>; risk:<low|medium|high>"),
    _d("children_at_risk_of_exploitation_at_31_march", EXPLOITATION, "Children on the exploitation cohort at 31 March",
       "Children on the exploitation panel's cohort at the end of 31 March.",
       "children identified on or before 31 March and not closed by then", "none", NO_POP, COUNT, COUNT_CI,
       SUPPRESS_COUNT, SRC_EXPLOITATION, _X + "children_at_risk_of_exploitation_at_31_march"),
    _d("exploitation_panel_children", EXPLOITATION, "Children discussed at the exploitation panel",
       "Children first discussed at the multi-agency exploitation panel in the year.",
       "children first discussed from 1 April to 31 March", "none", NO_POP, COUNT, COUNT_CI, SUPPRESS_COUNT,
       SRC_EXPLOITATION, _X + "exploitation_panel_children"),
    _d("exploitation_outcomes", EXPLOITATION, "Exploitation cases closed, by outcome",
       "Cases on the exploitation cohort closed in the year by outcome (risk reduced, unchanged or increased, moved "
       "away, turned 18, other).",
       "cases closed in the year (with the outcome)", "all cases closed in the year", NO_POP, BOTH,
       COUNT_AND_SHARE_CI, SUPPRESS_COUNT, SRC_EXPLOITATION, _X + "exploitation_outcomes",
       breakdowns="outcome:<code>"),
    _d("private_fostering_notifications", PRIVATE_FOSTERING, "Private fostering notifications",
       "Notifications of private fostering arrangements received in the year.",
       "notifications from 1 April to 31 March", "none", NO_POP, COUNT, COUNT_CI, SUPPRESS_COUNT,
       SRC_PRIVATE_FOSTERING, _P + "private_fostering_notifications"),
    _d("private_fostering_new_arrangements", PRIVATE_FOSTERING, "New private fostering arrangements",
       "Private fostering arrangements that began in the year.",
       "arrangements beginning from 1 April to 31 March", "none", NO_POP, COUNT, COUNT_CI, SUPPRESS_COUNT,
       SRC_PRIVATE_FOSTERING, _P + "private_fostering_new_arrangements"),
    _d("private_fostering_at_31_march", PRIVATE_FOSTERING, "Private fostering arrangements at 31 March",
       "Private fostering arrangements in place at the end of 31 March.",
       "arrangements begun on or before 31 March and not ended by then", "none", NO_POP, COUNT, COUNT_CI,
       SUPPRESS_COUNT, SRC_PRIVATE_FOSTERING, _P + "private_fostering_at_31_march"),
    _d("private_fostering_ended", PRIVATE_FOSTERING, "Private fostering arrangements ended",
       "Private fostering arrangements that ended in the year.",
       "arrangements ending from 1 April to 31 March", "none", NO_POP, COUNT, COUNT_CI, SUPPRESS_COUNT,
       SRC_PRIVATE_FOSTERING, _P + "private_fostering_ended"),
    _d("private_fostering_visits_in_time", PRIVATE_FOSTERING, "First visits within 7 working days",
       "Notifications in the year followed by the first visit to the child within 7 working days (regulation 4); "
       "a notification not yet visited counts as not in time.",
       "notifications in the year visited within 7 working days", "notifications in the year", NO_POP, SHARE,
       WILSON_CI, SUPPRESS_SHARE, SRC_PRIVATE_FOSTERING, _P + "private_fostering_visits_in_time"),
]
