"""The youth justice board tables, built only from an indicator table (already suppressed when the board
edition is built)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.sections.youth_justice.reoffending import is_annual_cohort

NATIONAL_MEASURES = [
    ("first_time_entrants", "per 100,000 aged 10-17", "First time entrants per 100,000 children aged 10-17"),
    ("custodial_sentences", "per 1,000 aged 10-17", "Custodial sentences per 1,000 children aged 10-17"),
    ("reoffending_binary_rate", "percent", "Children proven to re-offend within 12 months (%)"),
]



def national_measures_view(trend_table: pd.DataFrame, comparators: pd.DataFrame | None = None) -> pd.DataFrame:
    """The three national measures over the years with 95% limits, one row per measure (and per
    comparator area, if an indicator table of comparators such as England is supplied). Re-offending
    columns are annual cohort years, marked "(provisional)" where their waiting period has not ended."""
    from lscb_analysis.report import display as report

    area = trend_table["area"].iloc[0] if len(trend_table) else ""
    frames = [trend_table] + ([comparators] if comparators is not None and len(comparators) else [])
    t = pd.concat(frames, ignore_index=True)
    parts = []
    for indicator, unit, title in NATIONAL_MEASURES:
        sub = ind.select(t, indicator, unit=unit)
        if indicator.startswith("reoffending"):
            sub = sub[is_annual_cohort(sub) | sub["area"].ne(area)]
            title += " (cohort year)"
        label = np.where(sub["area"].eq(area), title, title + ": " + sub["area"])
        parts.append(sub.assign(measure=label))
    both = pd.concat(parts, ignore_index=True)
    if both.empty:
        return pd.DataFrame()
    return report.indicator_view(both, rows="measure", columns="period", with_limits=True)


REOFFENDING_MEASURES = {"reoffending_cohort": "Children in the cohort",
                        "reoffending_binary_rate": "Re-offended (%)",
                        "reoffending_frequency_rate": "Re-offences per child",
                        "reoffences_per_reoffender": "Re-offences per re-offender"}


def reoffending_view(table: pd.DataFrame, *, breakdowns: bool = True) -> pd.DataFrame:
    """With ``breakdowns``: the annual cohort by index outcome, age and sex (rows) and the four measures
    (columns). Without: the annual cohort and its quarterly cohorts (columns, annual first then in date
    order) for the four measures. Rates with their 95% limits."""
    from lscb_analysis.report import display as report

    re = table[table["indicator"].isin(list(REOFFENDING_MEASURES))]
    if re.empty:
        return pd.DataFrame()
    annual = is_annual_cohort(re)
    re = re.assign(measure=re["indicator"].map(REOFFENDING_MEASURES), _annual=annual)
    if breakdowns:
        a = re[re["_annual"]]
        group = a["breakdown"].str.replace("_", " ").str.replace(":", ": ", regex=False).replace({"all": "all children"})
        return report.indicator_view(a.assign(group=group), rows="group", columns="measure", with_limits=True)
    totals = re[re["breakdown"].eq("all")].sort_values(["_annual", "cohort_start"], ascending=[False, True],
                                                        kind="stable")
    return report.indicator_view(totals.assign(cohort=totals["period"]), rows="measure", columns="cohort",
                                 with_limits=True)


def assessment_view(table: pd.DataFrame) -> pd.DataFrame:
    """Start assessments by level of vulnerability and of risk of serious harm: counts and percentages."""
    from lscb_analysis.report import display as report

    a = table[table["indicator"].isin(["asset_vulnerability", "asset_risk_of_serious_harm"])]
    if a.empty:
        return pd.DataFrame()
    a = a.assign(level=a["breakdown"].str.replace("level:", "", regex=False).str.replace("_", " ")
                 .replace({"all": "total"}),
                 column=a["indicator"].map({"asset_vulnerability": "Vulnerability",
                                            "asset_risk_of_serious_harm": "Risk of serious harm"})
                 + np.where(a["unit"].eq("percent"), " (%)", ""))
    return report.indicator_view(a, rows="level", columns="column")


def remands_view(trend_table: pd.DataFrame) -> pd.DataFrame:
    """Children remanded to custody, by year."""
    from lscb_analysis.report import display as report

    r = ind.select(trend_table, "custody_remands")
    return report.indicator_view(r.assign(measure="Children remanded to custody"), rows="measure", columns="period")



def kpi_view(table: pd.DataFrame) -> pd.DataFrame:
    """The ten Youth Justice Board KPIs for the year: each KPI's title and definition (from
    ``core/definitions.py``), its figure at the end of the interventions and at their start, with 95% limits."""
    from lscb_analysis.core import definitions
    from lscb_analysis.report import display as report
    from lscb_analysis.sections.youth_justice.kpis import KPIS

    k = table[table["indicator"].isin(KPIS) & table["unit"].eq("percent")
              & table["breakdown"].isin(["all", "point:start", "partner:all"])]
    if k.empty:
        return pd.DataFrame()
    titles = {n: definitions.lookup(n).title for n in KPIS}
    k = k.assign(kpi=k["indicator"].map(titles),
                 point=np.where(k["breakdown"].eq("point:start"), "at the start", "at the end"))
    view = report.indicator_view(k, rows="kpi", columns="point", with_limits=True)
    order = [titles[n] for n in KPIS if titles[n] in view.index]
    view = view.loc[order]
    view.insert(0, "definition", [definitions.lookup(n).definition for n in KPIS if titles[n] in order])
    return view


def first_time_entrants_view(table: pd.DataFrame) -> pd.DataFrame:
    """First time entrants in the year by sex, age and first outcome (counts)."""
    from lscb_analysis.report import display as report

    fte = table[table["indicator"].eq("first_time_entrants") & table["unit"].eq("count")]
    return report.indicator_view(fte.assign(group=fte["breakdown"].str.replace(":", ": ", regex=False)),
                                 rows="group", columns="period")


def caseload_view(table: pd.DataFrame) -> pd.DataFrame:
    """Youth justice service work starting in the year: interventions (in total and by type) and the
    children they concern."""
    from lscb_analysis.report import display as report

    work = table[table["indicator"].isin(["interventions", "young_people_supervised"])]
    work = work.assign(measure=work["indicator"].str.replace("_", " ").str.capitalize()
                       + work["breakdown"].str.replace("all", "").str.replace("type:", ": ", regex=False))
    return report.indicator_view(work, rows="measure", columns="period")


def board_attendance_view(table: pd.DataFrame) -> pd.DataFrame:
    """KPI 7 by partner (counts of professionals: give it the table before suppression)."""
    from lscb_analysis.report import display as report

    board = table[table["indicator"].eq("management_board_attendance")]
    return report.indicator_view(board.assign(partner=board["breakdown"].str.replace("partner:", "", regex=False)),
                                 rows="partner", columns="period", with_limits=True)
