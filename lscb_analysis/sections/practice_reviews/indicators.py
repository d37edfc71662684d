"""Practice review indicators: one function per indicator, rows for one reporting year.

Sources: Working Together to Safeguard Children 2023, chapter 5 (notification within 5 working days of
becoming aware of a serious incident; rapid review within 15 working days; local child safeguarding practice
reviews); chapter 2 (the yearly report records actions on local and national reviews).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core.periods import ReportingYear, as_years, working_days
from lscb_analysis.sections.practice_reviews.load import REVIEW_TYPES, STATUSES, ReviewData

__all__ = ["indicators", "serious_incident_notifications", "notifications_within_5_working_days",
           "rapid_reviews", "rapid_reviews_within_15_working_days", "lcspr_commissioned", "lcspr_published",
           "action_status", "review_actions", "review_actions_with_impact_evidence"]

SOURCE = "local extract (practice reviews)"



def serious_incident_notifications(data: ReviewData, year: ReportingYear) -> list[dict]:
    """Serious incident notifications made to the Child Safeguarding Practice Review Panel in the year
    (``notification_date`` from 1 April to 31 March)."""
    n = int(year.contains(data.notifications["notification_date"]).sum())
    return [ind.count_row(data.area, year.label, "serious_incident_notifications", n, source=SOURCE)]


def notifications_within_5_working_days(data: ReviewData, year: ReportingYear) -> list[dict]:
    """Notifications in the year made within 5 working days of the partners becoming aware of the incident
    (``working_days(aware_date, notification_date) <= 5``), as a percentage of notifications in the year."""
    notes = data.notifications[year.contains(data.notifications["notification_date"])]
    days = np.asarray(working_days(notes["aware_date"], notes["notification_date"]), dtype=float)
    return [ind.proportion_row(data.area, year.label, "notifications_within_5_working_days",
                               int((days <= 5).sum()), len(notes), source=SOURCE)]


def rapid_reviews(data: ReviewData, year: ReportingYear) -> list[dict]:
    """Rapid reviews completed in the year (``rapid_review_date`` in the year)."""
    n = int(year.contains(data.notifications["rapid_review_date"]).sum())
    return [ind.count_row(data.area, year.label, "rapid_reviews", n, source=SOURCE)]


def rapid_reviews_within_15_working_days(data: ReviewData, year: ReportingYear) -> list[dict]:
    """Rapid reviews completed in the year within 15 working days of the partners becoming aware of the
    incident (``working_days(aware_date, rapid_review_date) <= 15``), as a percentage of rapid reviews in the
    year."""
    done = data.notifications[year.contains(data.notifications["rapid_review_date"])]
    days = np.asarray(working_days(done["aware_date"], done["rapid_review_date"]), dtype=float)
    return [ind.proportion_row(data.area, year.label, "rapid_reviews_within_15_working_days",
                               int((days <= 15).sum()), len(done), source=SOURCE)]


def lcspr_commissioned(data: ReviewData, year: ReportingYear) -> list[dict]:
    """Local child safeguarding practice reviews commissioned in the year (``lcspr_commissioned_date``)."""
    n = int(year.contains(data.notifications["lcspr_commissioned_date"]).sum())
    return [ind.count_row(data.area, year.label, "lcspr_commissioned", n, source=SOURCE)]


def lcspr_published(data: ReviewData, year: ReportingYear) -> list[dict]:
    """Local child safeguarding practice reviews published in the year (``lcspr_published_date``)."""
    n = int(year.contains(data.notifications["lcspr_published_date"]).sum())
    return [ind.count_row(data.area, year.label, "lcspr_published", n, source=SOURCE)]


def action_status(actions: pd.DataFrame, year: ReportingYear) -> pd.Series:
    """Each action's status at the end of the reporting year (31 March), for actions agreed by then:
    ``completed`` when completed on or before 31 March; else ``overdue`` when due on or before 31 March;
    else ``on_track``. Actions agreed after 31 March are left out (empty status)."""
    end = year.end
    agreed = actions["agreed_date"] <= end
    completed = actions["completed_date"].notna() & (actions["completed_date"] <= end)
    overdue = ~completed & (actions["due_date"] <= end)
    status = np.select([completed, overdue], ["completed", "overdue"], "on_track")
    return pd.Series(np.where(agreed, status, ""), index=actions.index)


def review_actions(data: ReviewData, year: ReportingYear) -> list[dict]:
    """Actions from local and national reviews agreed by 31 March, by status at 31 March (completed, on track,
    overdue): counts and shares of all such actions, and the same by review type. Actions count
    recommendations, not people: they are not suppressed."""
    status = action_status(data.actions, year)
    tracked = data.actions[status.ne("")]
    status = status[status.ne("")]
    total = len(tracked)
    rows = [ind.count_row(data.area, year.label, "review_actions", total, source=SOURCE)]
    for code in STATUSES:
        n = int(status.eq(code).sum())
        rows.append(ind.count_row(data.area, year.label, "review_actions", n, breakdown=f"status:{code}",
                                  source=SOURCE))
        rows.append(ind.proportion_row(data.area, year.label, "review_actions", n, total,
                                       breakdown=f"status:{code}", source=SOURCE))
    for kind in REVIEW_TYPES:
        n = int(tracked["review_type"].eq(kind).sum())
        rows.append(ind.count_row(data.area, year.label, "review_actions", n, breakdown=f"review_type:{kind}",
                                  source=SOURCE))
    return rows


def review_actions_with_impact_evidence(data: ReviewData, year: ReportingYear) -> list[dict]:
    """Actions completed by 31 March with evidence of impact recorded (``impact_evidence`` yes), as a
    percentage of actions completed by 31 March."""
    status = action_status(data.actions, year)
    completed = data.actions[status.eq("completed")]
    n = int(completed["impact_evidence"].eq("yes").sum())
    return [ind.proportion_row(data.area, year.label, "review_actions_with_impact_evidence", n, len(completed),
                               source=SOURCE)]


_MEASURES = (serious_incident_notifications, notifications_within_5_working_days, rapid_reviews,
             rapid_reviews_within_15_working_days, lcspr_commissioned, lcspr_published, review_actions,
             review_actions_with_impact_evidence)


def indicators(data: ReviewData, years: str | ReportingYear | Iterable) -> pd.DataFrame:
    """Every practice review indicator for each of ``years``, as one indicator table."""
    years = [ReportingYear(years)] if isinstance(years, (str, int, ReportingYear)) else as_years(years)
    return ind.table([row for year in years for measure in _MEASURES for row in measure(data, year)])
