"""The Youth Justice Board's ten key performance indicators for youth justice services (from April 2023).

Source: Youth Justice Board and Ministry of Justice, *Key performance indicators for youth justice services*
(GOV.UK guidance, 2023: https://www.gov.uk/guidance/key-performance-indicators-for-youth-justice-services),
and the YJB's *Quality and methodology information for new KPIs* (June 2025), which published illustrative
national data for 2023-24 marked not yet suitable for decision-making; no national figure is held here.

Point of measurement: the guidance measures a child's circumstances at the **end** of their intervention
programme or order, for the work ending in the period; each such KPI also gives the same children's
position at the **start** (breakdown ``point:start``), so a board sees what changed while the service
worked with them. Counting unit: an intervention ending in the reporting year (``intervention_end`` from
1 April to 31 March inclusive) for a child aged 10 to 17 on its start date (the loader rejects others). A
blank field counts as not recorded: in the denominator, not the numerator. Each percentage has Wilson
score limits (:func:`lscb_analysis.core.indicators.proportion_row`).
"""

from __future__ import annotations

import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.sections.youth_justice.codes import KPI_FIRST_YEAR, SOCIAL_CARE, SOURCE
from lscb_analysis.sections.youth_justice.records import in_year

KPIS = ["suitable_accommodation", "suitable_ete", "send_formal_plan", "mental_health_support",
        "substance_misuse_support", "out_of_court_disposals_completed", "management_board_attendance",
        "wider_services", "serious_violence", "victims_restorative_justice"]
NEED = ("need_not_offered", "offered_not_attending", "attending")


def ending(kpi_interventions: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    """The interventions whose end date falls in the reporting year (both ends of the year included)."""
    return kpi_interventions[in_year(kpi_interventions["intervention_end"], year)]


def _share(area, year, indicator, numerator: int, denominator: int, breakdown="all") -> dict:
    row = ind.proportion_row(area, year.label, indicator, numerator, denominator, breakdown=breakdown,
                             source=SOURCE)
    if denominator == 0:
        row["symbol"] = "z"
    return row


def _start_and_end(area, year, indicator, ended: pd.DataFrame, field: str, good: tuple[str, ...],
                   base: tuple[str, ...] | None = None) -> list[dict]:
    """The share of ``ended`` with ``field`` in ``good`` at the end ("all") and at the start ("point:start");
    the denominator is every intervention ending, or those with ``field`` in ``base`` at that point."""
    rows = []
    for point, breakdown in (("end", "all"), ("start", "point:start")):
        v = ended[f"{field}_{point}"]
        denominator = len(v) if base is None else int(v.isin(base).sum())
        rows.append(_share(area, year, indicator, int(v.isin(good).sum()), denominator, breakdown))
    return rows


def suitable_accommodation(area: str, year: ReportingYear, ended: pd.DataFrame) -> list[dict]:
    """KPI 1, accommodation: interventions ending in the year where the child was in suitable accommodation
    at the end / interventions ending in the year x 100 (and the same children at the start)."""
    return _start_and_end(area, year, "suitable_accommodation", ended, "accommodation", ("suitable",))


def suitable_ete(area: str, year: ReportingYear, ended: pd.DataFrame) -> list[dict]:
    """KPI 2, education, training and employment: interventions ending in the year where the child was in
    suitable ETE at the end / interventions ending x 100 (and at the start)."""
    return _start_and_end(area, year, "suitable_ete", ended, "ete", ("suitable",))


def send_formal_plan(area: str, year: ReportingYear, ended: pd.DataFrame) -> list[dict]:
    """KPI 3, special educational needs and disabilities: children with an identified SEND need who have a
    formal plan in place (an education, health and care plan) / children with an identified SEND need, among
    interventions ending in the year, at the end (and at the start)."""
    return _start_and_end(area, year, "send_formal_plan", ended, "send", ("need_with_plan",),
                          base=("need_no_plan", "need_with_plan"))


def _support(indicator: str, field: str, area: str, year: ReportingYear, ended: pd.DataFrame) -> list[dict]:
    rows = _start_and_end(area, year, indicator, ended, field, NEED)
    end = ended[f"{field}_end"]
    rows.append(_share(area, year, indicator, int(end.eq("attending").sum()), int(end.isin(NEED).sum()),
                       "of_need:attending"))
    return rows


def mental_health_support(area: str, year: ReportingYear, ended: pd.DataFrame) -> list[dict]:
    """KPI 4, mental health and emotional wellbeing: interventions ending in the year where the child had a
    screened or identified need for an intervention to improve mental health or emotional wellbeing at the
    end / interventions ending x 100 (and at the start); ``of_need:attending``: of those with a need at the
    end, the share attending an intervention."""
    return _support("mental_health_support", "mental_health", area, year, ended)


def substance_misuse_support(area: str, year: ReportingYear, ended: pd.DataFrame) -> list[dict]:
    """KPI 5, substance misuse: interventions ending in the year where the child had a screened or
    identified need for intervention or treatment for substance misuse at the end / interventions ending x 100
    (and at the start); ``of_need:attending``: of those with a need, the share attending treatment."""
    return _support("substance_misuse_support", "substance_misuse", area, year, ended)


def out_of_court_disposals_completed(area: str, year: ReportingYear, ended: pd.DataFrame) -> list[dict]:
    """KPI 6, out-of-court disposals: out-of-court interventions ending in the year that the child completed
    / out-of-court interventions ending in the year x 100."""
    ooc = ended[ended["intervention_type"].eq("out_of_court")]
    return [_share(area, year, "out_of_court_disposals_completed", int(ooc["out_of_court_completed"].eq("Y").sum()),
                   len(ooc))]


def management_board_attendance(area: str, year: ReportingYear, board: pd.DataFrame) -> list[dict]:
    """KPI 7, management board attendance: attendances by senior partners at the youth justice management
    board's meetings in the year / the partners expected at those meetings x 100, overall and by partner.
    Counts of professionals: not suppressed."""
    b = board[in_year(board["meeting_date"], year)]
    rows = [_share(area, year, "management_board_attendance", int(b["attended"].eq("Y").sum()), len(b))]
    for partner, sub in b.groupby("partner", sort=True):
        rows.append(_share(area, year, "management_board_attendance", int(sub["attended"].eq("Y").sum()),
                           len(sub), f"partner:{partner}"))
    return rows


def wider_services(area: str, year: ReportingYear, ended: pd.DataFrame) -> list[dict]:
    """KPI 8, wider services: interventions ending in the year where the child was also known to children's
    social care at the end (a child in need, on a child protection plan, or looked after) / interventions
    ending x 100 (and at the start), with each status's share at the end."""
    known = SOCIAL_CARE[1:]
    rows = _start_and_end(area, year, "wider_services", ended, "social_care", known)
    end = ended["social_care_end"]
    rows += [_share(area, year, "wider_services", int(end.eq(s).sum()), len(end), f"status:{s}") for s in known]
    return rows


def serious_violence(area: str, year: ReportingYear, ended: pd.DataFrame) -> list[dict]:
    """KPI 9, serious violence: interventions ending in the year for a serious violence offence (the YJB's
    definition: drug, robbery and violence against the person offences with a gravity score of 5 or more,
    as the service records it) as a count and as a percentage of interventions ending."""
    n = int(ended["serious_violence"].eq("Y").sum())
    return [ind.count_row(area, year.label, "serious_violence", n, source=SOURCE),
            _share(area, year, "serious_violence", n, len(ended))]


def victims_restorative_justice(area: str, year: ReportingYear, ended: pd.DataFrame) -> list[dict]:
    """KPI 10, victims: victims who engaged with restorative justice opportunities / victims who consented to
    be contacted by the service, for interventions ending in the year x 100."""
    return [_share(area, year, "victims_restorative_justice", int(ended["victims_engaged"].sum()),
                   int(ended["victims_consented"].sum()))]


def kpi_rows(area: str, year: ReportingYear, kpi_interventions: pd.DataFrame | None,
             board: pd.DataFrame | None) -> list[dict]:
    """The ten KPIs for a reporting year from April 2023 on (none before: the KPIs began then; none where
    the extract is missing)."""
    if year.start_year < KPI_FIRST_YEAR:
        return []
    rows = []
    if kpi_interventions is not None and len(kpi_interventions.columns):
        ended = ending(kpi_interventions, year)
        for f in (suitable_accommodation, suitable_ete, send_formal_plan, mental_health_support,
                  substance_misuse_support, out_of_court_disposals_completed):
            rows += f(area, year, ended)
        rows += wider_services(area, year, ended) + serious_violence(area, year, ended)
        rows += victims_restorative_justice(area, year, ended)
    if board is not None and len(board.columns):
        rows += management_board_attendance(area, year, board)
    return rows
