"""Youth justice: the youth justice service (Youth Offending Service) section of the annual report.

Boards hold the youth justice service to three national measures (seed 000, section 5.10): fewer
**first time entrants** to the youth justice system, less **proven re-offending** and less **use of
custody**; and they look at remands and at the risk and vulnerability of the children the service
supervises.

Sources of the definitions used here:

* Ministry of Justice, *Proven reoffending statistics: definitions and measurement* and the
  *Guide to proven reoffending statistics* (the cohort, index date, 12-month follow-up,
  6-month waiting period, binary and frequency measures);
* Youth Justice Board / Ministry of Justice, *Youth justice statistics* (first time entrants,
  custodial sentences, remands, the youth justice caseload);
* first time entrants are defined on the Police National Computer (PNC): children aged 10 to 17
  receiving their first youth caution, youth conditional caution or court conviction;
* the age of criminal responsibility in England and Wales is 10 (Children and Young Persons
  Act 1933, section 50).

Raw files (``data/raw/<area>/yos/``, DESIGN.md section 4): ``outcomes.csv``,
``custody_releases.csv``, ``remands.csv``, ``assessments.csv``. Local extracts only see the
outcomes the service records, not the whole PNC: a child who moves away and re-offends
elsewhere is missed, so local figures can differ from the published ones.

The package: :mod:`.codes` (code lists), :mod:`.load` (``load``), :mod:`.indicators` (``indicators``, one
function per indicator), :mod:`.reoffending` (the Ministry of Justice method), :mod:`.tables`,
:mod:`.charts`, :mod:`.text`.
"""

from __future__ import annotations

from lscb_analysis.sections.youth_justice.charts import distribution_chart, remands_chart, trend_chart
from lscb_analysis.sections.youth_justice.codes import (
    COMMUNITY,
    COURT,
    CUSTODY,
    FIRST_TIER,
    FOLLOW_UP,
    INDEX_OUTCOMES,
    NOT_SUBSTANTIVE,
    OUTCOME_CODES,
    PRE_COURT,
    SUBSTANTIVE,
    SUPERVISED,
    WAITING,
)
from lscb_analysis.sections.youth_justice.indicators import (
    History,
    change_on_previous_year,
    entrants,
    for_council,
    fte_history,
    indicators,
    sentencing_occasions,
    service_and_councils,
    trend,
)
from lscb_analysis.sections.youth_justice.load import (
    YOSData,
    age_at,
    check_parameters,
    has_local_data,
    load,
    outcome_group,
)
from lscb_analysis.sections.youth_justice.reoffending import (
    cohort_label,
    cohort_members,
    latest_complete_cohort_year,
    provisional_cohorts,
    quarterly_cohorts,
    reoffending,
    waiting_period_end,
)
from lscb_analysis.sections.youth_justice.tables import (
    NATIONAL_MEASURES,
    REOFFENDING_MEASURES,
    assessment_view,
    board_attendance_view,
    caseload_view,
    first_time_entrants_view,
    kpi_view,
    national_measures_view,
    remands_view,
    reoffending_view,
)
from lscb_analysis.sections.youth_justice.text import availability, cohort_notes, summary_sentences

__all__ = [
    "YOSData", "load", "indicators", "trend", "reoffending", "cohort_members", "provisional_cohorts",
    "cohort_label", "quarterly_cohorts", "waiting_period_end", "latest_complete_cohort_year", "entrants",
    "fte_history", "History", "sentencing_occasions", "change_on_previous_year", "national_measures_view",
    "reoffending_view", "assessment_view", "kpi_view", "caseload_view", "first_time_entrants_view",
    "board_attendance_view", "service_and_councils", "for_council", "remands_view", "NATIONAL_MEASURES", "REOFFENDING_MEASURES",
    "trend_chart", "distribution_chart", "remands_chart", "summary_sentences", "check_parameters",
    "has_local_data", "availability", "cohort_notes", "age_at", "outcome_group", "PRE_COURT", "FIRST_TIER",
    "COMMUNITY", "CUSTODY", "COURT", "NOT_SUBSTANTIVE", "SUBSTANTIVE", "SUPERVISED", "OUTCOME_CODES", "INDEX_OUTCOMES",
    "FOLLOW_UP", "WAITING",
]
