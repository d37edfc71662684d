"""The context page (``notebooks/05_context.ipynb``): tables and sentences from the context indicator
table (:func:`lscb_analysis.inputs.context.indicators`): children in the area, the social work
workforce, hospital admissions for injuries to children aged 0-14, against England, the region and
the statistical neighbours."""

from __future__ import annotations

import pandas as pd

from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.report.display import format_value

__all__ = ["NOTE", "GROUPS", "views", "sentences"]

NEIGHBOURS = "Statistical neighbours"
LABELS = {
    "children_aged_0_17": "Children aged 0 to 17",
    "social_workers_fte": "Children and family social workers (full-time equivalent)",
    "social_worker_turnover": "Turnover of social workers (%)",
    "agency_worker_rate": "Agency social workers (%)",
    "vacancy_rate": "Vacancies (%)",
    "caseload_per_social_worker": "Average caseload per social worker",
    "hospital_admissions_injuries_0_14": "Hospital admissions for injuries, aged 0-14 (per 10,000)",
}
GROUPS = {
    "Children in the area": ["children_aged_0_17"],
    "Children's social work workforce": ["social_workers_fte", "social_worker_turnover", "agency_worker_rate",
                                         "vacancy_rate", "caseload_per_social_worker"],
    "Hospital admissions for injuries to children": ["hospital_admissions_injuries_0_14"],
}
NOTE = ("Sources: ONS mid-year population estimates (a reporting year uses the estimate for the mid-year it starts "
        "in); DfE, Children's social work workforce (the census at 30 September, shown for the reporting year it "
        "falls in; turnover, agency and vacancy rates are full-time equivalents); OHID Fingertips indicator 90284, "
        "emergency hospital admissions caused by unintentional and deliberate injuries in children aged 0 to 14, "
        "per 10,000, with 95% confidence intervals (the latest year published is shown). Statistical neighbours: "
        "the simple mean of the neighbours' published figures. The share of the whole population who are "
        "children needs the all-ages estimate, which is not among the published files the project holds.")


def _cell(rows: pd.DataFrame, area: str, period: str) -> str:
    r = rows[rows["area"].eq(area) & rows["period"].eq(period)]
    if r.empty:
        return ""
    r = r.iloc[0]
    return format_value(r["value"], r["unit"], r.get("symbol", ""))


def _latest(rows: pd.DataFrame, year: str) -> str | None:
    periods = sorted(p for p in set(rows["period"]) if p <= year)
    return periods[-1] if periods else None


def views(table: pd.DataFrame, area: str, reporting_year, trend_years: int = 5) -> list[tuple[str, pd.DataFrame]]:
    """(heading, display table) for each group with figures: one row per measure, columns the area,
    its region, England and the statistical neighbours for the latest year published up to
    ``reporting_year``, and the area's figure the year before."""
    year = ReportingYear(reporting_year).label
    out = []
    others = [a for a in dict.fromkeys(table["area"]) if a not in (area, "England", NEIGHBOURS)]
    for heading, names in GROUPS.items():
        rows = []
        for name in names:
            t = table[table["indicator"].eq(name) & table["breakdown"].eq("all")]
            latest = _latest(t, year)
            if latest is None:
                continue
            row = {"Measure": LABELS.get(name, name), "Year": latest, area: _cell(t, area, latest)}
            prev = ReportingYear(latest).previous().label
            row[f"{area}, year before"] = _cell(t, area, prev)
            for other in others + ["England", NEIGHBOURS]:
                row[other] = _cell(t, other, latest)
            rows.append(row)
        if rows:
            view = pd.DataFrame(rows)
            view = view.loc[:, [c for c in view.columns if view[c].ne("").any() or c in ("Measure", "Year", area)]]
            out.append((heading, view))
    return out


def sentences(table: pd.DataFrame, area: str, reporting_year) -> list[str]:
    """Plain sentences: how many children live in the area, and how its injury admissions compare with
    England (significantly higher or lower when the 95% interval excludes England's rate)."""
    from lscb_analysis.report.display import describe_comparison

    year = ReportingYear(reporting_year).label
    said = []
    kids = table[table["indicator"].eq("children_aged_0_17") & table["area"].eq(area) & table["period"].eq(year)]
    if len(kids) and pd.notna(kids["value"].iloc[0]):
        said.append(f"About {format_value(kids['value'].iloc[0], 'count')} children aged 0 to 17 live in {area} "
                    f"(mid-year estimate for {year}).")
    inj = table[table["indicator"].eq("hospital_admissions_injuries_0_14")]
    latest = _latest(inj[inj["area"].eq(area)], year) if len(inj) else None
    if latest:
        me = inj[inj["area"].eq(area) & inj["period"].eq(latest)].iloc[0]
        eng = inj[inj["area"].eq("England") & inj["period"].eq(latest)]
        if len(eng):
            said.append(describe_comparison(f"Hospital admissions for injuries to children aged 0-14 in {latest}",
                                            me["value"], me["lower"], me["upper"], eng["value"].iloc[0], "England",
                                            unit=me["unit"]))
    return said
