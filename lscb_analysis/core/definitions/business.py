"""Definitions of the partnership-business sections: allegations against adults (LADO), practice reviews and
their actions, and the partnership's own business (budget, audits, Section 11, board attendance).

Part of :mod:`lscb_analysis.core.definitions` (imported there into ``DEFINITIONS``); kept in its own file so that
each group of sections' words sit together.
"""

from __future__ import annotations

# ruff: noqa: F403, F405 - the shared wording and the Definition record come from model, by name
from lscb_analysis.core.definitions.model import *

__all__ = ["BUSINESS", "LADO", "REVIEWS", "PARTNERSHIP"]

LADO = "allegations against adults"
REVIEWS = "practice reviews"
PARTNERSHIP = "partnership business"

SRC_LADO = ("the Local Authority Designated Officer's referral log; definitions from Keeping Children Safe in "
            "Education (KCSIE) 2024 part 4 and Working Together to Safeguard Children 2023 chapter 2")
SRC_REVIEWS = ("the partnership's log of serious incident notifications, reviews and actions; timescales from "
               "Working Together to Safeguard Children 2023 chapter 5")
SRC_PARTNERSHIP = ("the partnership's own records (budget, audits, Section 11 self-assessments under the Children "
                   "Act 2004, board minutes); Working Together to Safeguard Children 2023 chapter 2")
SUPPRESS_NOT_PEOPLE = ("None: it counts money, organisations or recommendations, not children or families "
                       "(`suppression.suppress` leaves it shown).")
NO_CI = "none (not an estimate: every record is counted)"

_L = "lscb_analysis.sections.lado.indicators."
_R = "lscb_analysis.sections.practice_reviews.indicators."
_P = "lscb_analysis.sections.partnership.indicators."

BUSINESS = [
    # ---------------------------------------------------------------- allegations against adults (LADO)
    _d("lado_referrals", LADO, "Referrals to the LADO",
       "Referrals to the LADO received in the year about a person who works with children (paid or voluntary), "
       "in all and by source, category of harm and the employer's sector.",
       "referrals received from 1 April to 31 March (with the breakdown's value)",
       "all referrals in the year (for the percentages)", NO_POP, ("count", "percent"), COUNT_AND_SHARE_CI,
       SUPPRESS_COUNT, SRC_LADO, _L + "lado_referrals",
       breakdowns="source:<code>; category:<physical_abuse|sexual_abuse|emotional_abuse|neglect|suitability>; "
                  "employer_sector:<code>", change_unit="percent"),
    _d("lado_outcomes", LADO, "Allegations concluded, by outcome",
       "Allegations concluded in the year by the outcome KCSIE defines: substantiated, unsubstantiated, "
       "unfounded, false or malicious.",
       "allegations concluded in the year (with the outcome)", "all allegations concluded in the year", NO_POP,
       ("count", "percent"), COUNT_AND_SHARE_CI, SUPPRESS_COUNT, SRC_LADO, _L + "lado_outcomes",
       breakdowns="outcome:<code>"),
    _d("lado_initial_consideration_within_1_working_day", LADO, "Initial consideration within 1 working day",
       "Referrals in the year considered by the LADO on the day of referral or the next working day "
       "(weekends and England and Wales bank holidays do not count).",
       "referrals in the year with initial consideration within 1 working day",
       "referrals in the year with an initial consideration date", NO_POP, ("percent",), WILSON_CI, SUPPRESS_SHARE,
       SRC_LADO, _L + "lado_initial_consideration_within_1_working_day"),
    _d("lado_resolved_within_1_month", LADO, "Allegations resolved within one month",
       "Allegations concluded in the year that were concluded within one calendar month of the referral; "
       "KCSIE expects 80%.",
       "allegations concluded in the year within one month of referral", "all allegations concluded in the year",
       NO_POP, ("percent",), WILSON_CI, SUPPRESS_SHARE, SRC_LADO, _L + "lado_resolved_within"),
    _d("lado_resolved_within_3_months", LADO, "Allegations resolved within three months",
       "Allegations concluded in the year that were concluded within three calendar months of the referral; "
       "KCSIE expects 90%.",
       "allegations concluded in the year within three months of referral", "all allegations concluded in the year",
       NO_POP, ("percent",), WILSON_CI, SUPPRESS_SHARE, SRC_LADO, _L + "lado_resolved_within"),
    _d("lado_resolved_within_12_months", LADO, "Allegations resolved within twelve months",
       "Allegations concluded in the year that were concluded within twelve calendar months of the referral; "
       "KCSIE expects all but the most exceptional.",
       "allegations concluded in the year within 12 months of referral", "all allegations concluded in the year",
       NO_POP, ("percent",), WILSON_CI, SUPPRESS_SHARE, SRC_LADO, _L + "lado_resolved_within"),
    _d("lado_repeat_referrals", LADO, "Repeat referrals about the same person",
       "Referrals in the year about a person already referred to the LADO in the 12 months before the referral.",
       "referrals in the year with an earlier referral about the same person in the 12 months before",
       "all referrals in the year", NO_POP, ("count", "percent"), COUNT_AND_SHARE_CI, SUPPRESS_COUNT, SRC_LADO,
       _L + "lado_repeat_referrals"),
    # ---------------------------------------------------------------- practice reviews
    _d("serious_incident_notifications", REVIEWS, "Serious incident notifications",
       "Notifications to the Child Safeguarding Practice Review Panel made in the year of a serious incident: "
       "a child who has died or been seriously harmed where abuse or neglect is known or suspected.",
       "notifications made from 1 April to 31 March", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_COUNT,
       SRC_REVIEWS, _R + "serious_incident_notifications"),
    _d("notifications_within_5_working_days", REVIEWS, "Notifications within 5 working days",
       "Notifications made in the year within 5 working days of the partners becoming aware of the incident.",
       "notifications in the year within 5 working days", "notifications in the year", NO_POP, ("percent",),
       WILSON_CI, SUPPRESS_SHARE, SRC_REVIEWS, _R + "notifications_within_5_working_days"),
    _d("rapid_reviews", REVIEWS, "Rapid reviews",
       "Rapid reviews of serious incidents completed in the year.",
       "rapid reviews completed from 1 April to 31 March", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_COUNT,
       SRC_REVIEWS, _R + "rapid_reviews"),
    _d("rapid_reviews_within_15_working_days", REVIEWS, "Rapid reviews within 15 working days",
       "Rapid reviews completed in the year within 15 working days of the partners becoming aware of the "
       "incident.",
       "rapid reviews in the year within 15 working days", "rapid reviews completed in the year", NO_POP,
       ("percent",), WILSON_CI, SUPPRESS_SHARE, SRC_REVIEWS, _R + "rapid_reviews_within_15_working_days"),
    _d("lcspr_commissioned", REVIEWS, "Local practice reviews commissioned",
       "Local child safeguarding practice reviews commissioned in the year.",
       "reviews commissioned from 1 April to 31 March", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_COUNT,
       SRC_REVIEWS, _R + "lcspr_commissioned"),
    _d("lcspr_published", REVIEWS, "Local practice reviews published",
       "Local child safeguarding practice reviews published in the year.",
       "reviews published from 1 April to 31 March", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_COUNT,
       SRC_REVIEWS, _R + "lcspr_published"),
    _d("review_actions", REVIEWS, "Actions from reviews, by status",
       "Actions agreed by 31 March in response to local and national reviews, by their status at 31 March: "
       "completed (on or before 31 March), overdue (due on or before 31 March and not completed) or on track.",
       "actions agreed by 31 March (with the status)", "all actions agreed by 31 March", NO_POP,
       ("count", "percent"), COUNT_AND_SHARE_CI, SUPPRESS_NOT_PEOPLE, SRC_REVIEWS, _R + "review_actions",
       breakdowns="status:<completed|on_track|overdue>; review_type:<local|national|rapid_review|other>", subject="organisations"),
    _d("review_actions_with_impact_evidence", REVIEWS, "Completed actions with evidence of impact",
       "Actions completed by 31 March with evidence of their impact recorded.",
       "completed actions with evidence of impact", "actions completed by 31 March", NO_POP, ("percent",),
       WILSON_CI, SUPPRESS_NOT_PEOPLE, SRC_REVIEWS, _R + "review_actions_with_impact_evidence", subject="organisations"),
    # ---------------------------------------------------------------- the partnership's own business
    _d("partner_contributions", PARTNERSHIP, "Partner contributions",
       "Each partner's contribution to the shared budget for the year, and the total (the sum of the "
       "contributions, exact to the penny).",
       "contributions in pounds", "none", NO_POP, ("GBP",), NO_CI, SUPPRESS_NOT_PEOPLE, SRC_PARTNERSHIP,
       _P + "partner_contributions", breakdowns="partner:<name>", subject="organisations"),
    _d("partner_contribution_share", PARTNERSHIP, "Share of the budget",
       "Each partner's contribution as a percentage of all contributions for the year.",
       "the partner's contribution", "all contributions for the year", NO_POP, ("percent",), NO_CI,
       SUPPRESS_NOT_PEOPLE, SRC_PARTNERSHIP, _P + "partner_contribution_share", breakdowns="partner:<name>", subject="organisations"),
    _d("partnership_spend", PARTNERSHIP, "Spend by heading",
       "The partnership's spend in the year by heading, and the total.",
       "spend in pounds", "none", NO_POP, ("GBP",), NO_CI, SUPPRESS_NOT_PEOPLE, SRC_PARTNERSHIP,
       _P + "partnership_spend", breakdowns="heading:<name>", subject="organisations"),
    _d("multi_agency_audits", PARTNERSHIP, "Multi-agency audits",
       "Multi-agency case audits completed in the year.",
       "audits with cases completed from 1 April to 31 March", "none", NO_POP, ("count",), COUNT_CI,
       SUPPRESS_NOT_PEOPLE, SRC_PARTNERSHIP, _P + "multi_agency_audits", subject="organisations"),
    _d("cases_audited", PARTNERSHIP, "Cases audited",
       "Children's cases audited in multi-agency audits completed in the year.",
       "cases audited from 1 April to 31 March", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_COUNT,
       SRC_PARTNERSHIP, _P + "multi_agency_audits"),
    _d("audit_grades", PARTNERSHIP, "Cases audited, by grade",
       "Cases audited in the year by the grade given to the multi-agency practice: outstanding, good, requires "
       "improvement or inadequate.",
       "cases audited in the year (with the grade)", "all cases audited in the year", NO_POP, ("count", "percent"),
       COUNT_AND_SHARE_CI, SUPPRESS_COUNT, SRC_PARTNERSHIP, _P + "audit_grades",
       breakdowns="grade:<code>; theme:<theme>;grade:<code>"),
    _d("section11_standards_met", PARTNERSHIP, "Section 11 standards met",
       "Standards each partner rated as met in its latest Section 11 self-assessment on or before 31 March, as a "
       "percentage of the standards assessed; and the standards by rating.",
       "standards rated met", "standards assessed", NO_POP, ("percent", "count"), WILSON_CI, SUPPRESS_NOT_PEOPLE,
       SRC_PARTNERSHIP, _P + "section11_standards_met", breakdowns="partner:<name>; rating:<met|partially_met|not_met>", subject="organisations"),
    _d("board_attendance", PARTNERSHIP, "Board attendance",
       "Partnership board meetings held in the year that each partner attended, as a percentage of the meetings "
       "held.",
       "meetings attended", "meetings held (for each partner)", NO_POP, ("percent",), WILSON_CI,
       SUPPRESS_NOT_PEOPLE, SRC_PARTNERSHIP, _P + "board_attendance", breakdowns="partner:<name>", subject="organisations"),
]
