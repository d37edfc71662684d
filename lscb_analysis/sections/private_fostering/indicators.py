"""Private fostering indicators: one function per indicator, rows for one reporting year.

Source: the council's private fostering records; the 7-working-day visit from the Children (Private
Arrangements for Fostering) Regulations 2005, regulation 4.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core.periods import ReportingYear, as_years, working_days
from lscb_analysis.sections.private_fostering.load import PrivateFosteringData

__all__ = ["indicators", "private_fostering_notifications", "private_fostering_new_arrangements",
           "private_fostering_at_31_march", "private_fostering_ended", "private_fostering_visits_in_time"]

SOURCE = "local extract (private fostering)"



def private_fostering_notifications(data: PrivateFosteringData, year: ReportingYear) -> list[dict]:
    """Notifications of private fostering arrangements received in the year (``notification_date``)."""
    n = int(year.contains(data.arrangements["notification_date"]).sum())
    return [ind.count_row(data.area, year.label, "private_fostering_notifications", n, source=SOURCE)]


def private_fostering_new_arrangements(data: PrivateFosteringData, year: ReportingYear) -> list[dict]:
    """Private fostering arrangements that began in the year (``start_date``)."""
    n = int(year.contains(data.arrangements["start_date"]).sum())
    return [ind.count_row(data.area, year.label, "private_fostering_new_arrangements", n, source=SOURCE)]


def private_fostering_at_31_march(data: PrivateFosteringData, year: ReportingYear) -> list[dict]:
    """Arrangements in place at the end of 31 March: started on or before it and not ended on or before it."""
    a = data.arrangements
    open_ = (a["start_date"] <= year.end) & ~(a["end_date"] <= year.end)
    return [ind.count_row(data.area, year.label, "private_fostering_at_31_march", int(open_.sum()), source=SOURCE)]


def private_fostering_ended(data: PrivateFosteringData, year: ReportingYear) -> list[dict]:
    """Arrangements that ended in the year (``end_date``)."""
    n = int(year.contains(data.arrangements["end_date"]).sum())
    return [ind.count_row(data.area, year.label, "private_fostering_ended", n, source=SOURCE)]


def private_fostering_visits_in_time(data: PrivateFosteringData, year: ReportingYear) -> list[dict]:
    """Notifications in the year followed by the first visit within 7 working days
    (``working_days(notification_date, initial_visit_date) <= 7``), as a percentage of notifications in the
    year; a notification not yet visited counts as not in time."""
    notes = data.arrangements[year.contains(data.arrangements["notification_date"])]
    days = np.asarray(working_days(notes["notification_date"], notes["initial_visit_date"]), dtype=float)
    return [ind.proportion_row(data.area, year.label, "private_fostering_visits_in_time", int((days <= 7).sum()),
                               len(notes), source=SOURCE)]


_MEASURES = (private_fostering_notifications, private_fostering_new_arrangements, private_fostering_at_31_march,
             private_fostering_ended, private_fostering_visits_in_time)


def indicators(data: PrivateFosteringData, years: str | ReportingYear | Iterable) -> pd.DataFrame:
    """Every private fostering indicator for each of ``years``, as one indicator table."""
    years = [ReportingYear(years)] if isinstance(years, (str, int, ReportingYear)) else as_years(years)
    return ind.table([row for year in years for measure in _MEASURES for row in measure(data, year)])
