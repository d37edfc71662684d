"""The youth justice indicator table: ``indicators(data, years)``, one small function per indicator.

Sources: Youth Justice Board / Ministry of Justice *Youth justice statistics* (first time entrants from
the Police National Computer, custodial sentences, remands, the caseload); the Ministry of Justice
*Proven reoffending statistics: definitions and measurement* (:mod:`.reoffending`). Every row is built
with the row builder in :mod:`lscb_analysis.core.indicators`, so every limit comes from
:mod:`lscb_analysis.core.rates`.

Each public function computes what it needs from the data once, when it is called, and passes the
results down as arguments: nothing is kept between calls, so a figure always follows its inputs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.inputs import population
from lscb_analysis.sections.youth_justice import reoffending as ro
from lscb_analysis.sections.youth_justice.codes import (
    AGE_OF_CRIMINAL_RESPONSIBILITY,
    COURT,
    LEVELS,
    NOT_RECORDED,
    SOURCE,
    SUBSTANTIVE,
    SUPERVISED,
    YOUTH_MAX_AGE,
)
from lscb_analysis.sections.youth_justice.kpis import kpi_rows
from lscb_analysis.sections.youth_justice.load import YOSData
from lscb_analysis.sections.youth_justice.records import age_band, in_year, sex_label, table, tally, with_extra

FTE_BREAKDOWNS = {"sex": ["female", "male", "unknown"], "age": ["10-14", "15-17"],
                  "first_outcome": ["pre-court", "court"]}
WORK = ("triage", "pre-court", "first tier", "community", "custody")
SEVERITY = {"custody": 4, "community": 3, "first tier": 2, "pre-court": 1, "not substantive": 0}
RATE_FTE = "per 100,000 aged 10-17"
RATE_CUSTODY = "per 1,000 aged 10-17"


# --- the records each indicator counts --------------------------------------------------------------------
def population_10_17(data: YOSData, year: ReportingYear) -> float:
    """The population aged 10-17 for the year (:func:`population.for_year`; NaN if there is none): the
    area's, or for a youth justice service covering several councils the sum of theirs (NaN if any is
    missing, since a part would overstate the rate)."""
    areas = data.councils if data.service and data.councils and data.area == data.service else [data.area]
    return float(sum(population.for_year(data.population, a, year, min_age=AGE_OF_CRIMINAL_RESPONSIBILITY,
                                         max_age=YOUTH_MAX_AGE) for a in areas))


def residence_of_children(outcomes: pd.DataFrame) -> pd.Series:
    """Each child's council of residence: the residence on their latest outcome (by young_person_id)."""
    latest = outcomes.sort_values(["young_person_id", "outcome_date"], kind="stable")
    return latest.drop_duplicates("young_person_id", keep="last").set_index("young_person_id")["residence"]


def for_council(data: YOSData, council: str) -> YOSData:
    """The records of the children living in one council the service covers (their residence, as
    :func:`residence_of_children` gives it; interventions by their own residence), as a new YOSData whose
    area is the council. Made from the tables as they are now; nothing is kept."""
    home = residence_of_children(data.outcomes)
    children = set(home.index[home.str.casefold().eq(council.casefold())])

    def mine(t: pd.DataFrame | None) -> pd.DataFrame | None:
        return None if t is None else t[t["young_person_id"].isin(children)]

    kpi = data.kpi_interventions
    if kpi is not None and len(kpi):
        kpi = kpi[kpi["residence"].str.casefold().eq(council.casefold())]
    return replace(data, area=council, outcomes=mine(data.outcomes), custody_releases=mine(data.custody_releases),
                   remands=mine(data.remands), assessments=mine(data.assessments), kpi_interventions=kpi,
                   service=None, councils=[])


def service_and_councils(data: YOSData, years, **kw) -> pd.DataFrame:
    """Every measure for the youth justice service and for each council it covers (config
    ``youth_justice_service``); for a service covering one council, :func:`indicators` alone. A shared
    service cannot be split by its own returns, so the councils' figures come from each child's residence;
    their counts add up to the service's where every child lives in one of the councils."""
    if not (data.service and data.councils):
        return indicators(data, years, **kw)
    whole = indicators(replace(data, area=data.service), years, **kw)
    return ind.concat([whole] + [indicators(for_council(data, c), years, **kw) for c in data.councils])


def first_outcomes(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Each child's first substantive outcome, whatever its date: the candidates for first time entry."""
    sub = outcomes[outcomes["outcome"].isin(SUBSTANTIVE)].sort_values(
        ["young_person_id", "outcome_date", "offence_date", "outcome"], kind="stable")
    return sub.drop_duplicates("young_person_id", keep="first")


def _entrants(first: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    keep = in_year(first["outcome_date"], year) & first["age_at_outcome"].between(
        AGE_OF_CRIMINAL_RESPONSIBILITY, YOUTH_MAX_AGE).to_numpy()
    return first[keep]


def entrants(data: YOSData, year) -> pd.DataFrame:
    """The first time entrants of a reporting year, one row per child (:func:`first_time_entrants`)."""
    cols = ["young_person_id", "date_of_birth", "sex", "outcome_date", "outcome", "outcome_group", "age_at_outcome"]
    return _entrants(first_outcomes(data.outcomes), ReportingYear(year))[cols].reset_index(drop=True)


def court_occasions(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Every court sentencing occasion (one child and outcome date) with its most severe sentence."""
    court = outcomes[outcomes["outcome"].isin(COURT)]
    court = court.assign(_sev=court["outcome_group"].map(SEVERITY))
    court = court.sort_values(["young_person_id", "outcome_date", "_sev"], ascending=[True, True, False],
                              kind="stable")
    return court.drop_duplicates(["young_person_id", "outcome_date"])[
        ["young_person_id", "outcome_date", "outcome", "outcome_group", "age_at_outcome"]]


def sentencing_occasions(data: YOSData, year) -> pd.DataFrame:
    """Court sentencing occasions in a year: one per child and outcome date, with the most severe
    sentence given (custody, then community, then first tier), as the Youth Justice Board counts
    sentences in the youth justice statistics."""
    occ = court_occasions(data.outcomes)
    return occ[in_year(occ["outcome_date"], ReportingYear(year))].reset_index(drop=True)


def supervised_work(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Outcomes that start Youth Offending Service work, with the kind of work (one of ``WORK``)."""
    sub = outcomes[outcomes["outcome"].isin(SUPERVISED)]
    return sub.assign(kind=sub["outcome_group"].where(sub["outcome"].ne("TRIAGE"), "triage"))


@dataclass(frozen=True)
class History:
    """How much history the extract holds before a period, for telling first outcomes from repeats."""

    period: str
    data_start: pd.Timestamp | None
    years_before_period: float
    entrants: int
    unconfirmed: int

    @property
    def sufficient(self) -> bool:
        """True when every entrant's 10th birthday falls on or after the data start, so no earlier
        caution or conviction can be missing from the extract."""
        return self.data_start is not None and self.unconfirmed == 0

    @property
    def message(self) -> str:
        if self.data_start is None:
            return "There are no outcomes in the data, so first time entrants cannot be counted."
        start = f"{self.data_start.day} {self.data_start:%B %Y}"
        text = (f"The youth justice data begin on {start}, {self.years_before_period:.1f} years before "
                f"{self.period}.")
        if self.sufficient:
            return text + (" Every first time entrant in the year turned 10 after that date, so the data hold "
                           "their whole history and a first outcome cannot be mistaken for a repeat.")
        return text + (" That history is too short to tell every first outcome from a repeat: some first time "
                       "entrants were already 10 or older when the data begin, so an earlier caution or "
                       "conviction could be missing and the count may include repeat entrants (it is an "
                       "upper bound).")


def history(year_entrants: pd.DataFrame, year: ReportingYear, data_start) -> History:
    """The years of history before ``year`` and how many of its entrants were 10 or more when it begins."""
    n = len(year_entrants)
    if data_start is None:
        return History(year.label, None, 0.0, n, n)
    tenth = year_entrants["date_of_birth"] + pd.DateOffset(years=AGE_OF_CRIMINAL_RESPONSIBILITY)
    unconfirmed = int((tenth < data_start).sum())
    return History(year.label, data_start, max(0.0, (year.start - data_start).days / 365.25), n, unconfirmed)


def fte_history(data: YOSData, year) -> History:
    """The years of history the extract holds before ``year`` and how many of its first time entrants
    were aged 10 or more when the data begin (their earlier outcomes, if any, are out of sight)."""
    y = ReportingYear(year)
    return history(_entrants(first_outcomes(data.outcomes), y), y, data.data_start)


# --- one function per indicator ---------------------------------------------------------------------------
def first_time_entrants(area: str, year: ReportingYear, first: pd.DataFrame, pop: float, data_start) -> list[dict]:
    """first_time_entrants: children aged 10 to 17 at the outcome whose *first* substantive outcome (youth
    caution, youth conditional caution or court conviction) falls in the year; count, and per 100,000
    children aged 10-17 (exact Poisson / Byar limits; symbol "x" with no population), by sex, age band
    and first outcome (pre-court or court). Triage, community resolution and no further action are not
    substantive, so a child whose first contact was a triage and next a youth caution enters on the
    caution's date. Source: YJB / MoJ youth justice statistics (from the PNC). ``first``:
    :func:`first_outcomes`. ``note`` gives the years of history before the year (:class:`History`)."""
    fte = _entrants(first, year)
    n = len(fte)
    note = history(fte, year, data_start).message
    rows = [ind.count_row(area, year.label, "first_time_entrants", n, source=SOURCE),
            ind.rate_row(area, year.label, "first_time_entrants", n, pop, unit=RATE_FTE, source=SOURCE)]
    if np.isnan(pop):
        rows[-1]["symbol"] = "x"
        note += f" No population aged 10-17 is available for {area} in {year.label}, so no rate is given."
    group = fte["outcome_group"]
    values = {"sex": sex_label(fte["sex"]), "age": age_band(fte["age_at_outcome"]),
              "first_outcome": group.where(group.eq("pre-court"), "court")}
    for dim, levels in FTE_BREAKDOWNS.items():
        for lv, k in zip(levels, tally(values[dim], levels)):
            if lv == "unknown" and k == 0:
                continue
            rows.append(ind.count_row(area, year.label, "first_time_entrants", k, breakdown=f"{dim}:{lv}",
                                      source=SOURCE))
    return with_extra(rows, note=note)


def first_time_entrants_change(area: str, year: ReportingYear, first: pd.DataFrame, target: dict | None) -> list[dict]:
    """first_time_entrants_change: the yearly percentage change in first time entrants, (entrants this year
    - entrants last year) / entrants last year x 100 (:func:`rates.pct_change`; empty with symbol "z" when
    last year had none). Seed 000 reports it against a target of less than -5% a year. ``target``: the
    area config's ``targets: first_time_entrants_change: {value, better}`` (better "lower" or "higher"),
    stated in ``note`` with whether it was met."""
    from lscb_analysis.core.rates import pct_change

    now, before = len(_entrants(first, year)), len(_entrants(first, year.previous()))
    value = pct_change(now, before) if before else float("nan")
    row = ind.value_row(area, year.label, "first_time_entrants_change", value, "percent", numerator=now,
                        denominator=before, source=SOURCE, symbol="" if before else "z")
    note = ""
    if target and "value" in target:
        better = str(target.get("better", "lower")).lower()
        goal = float(target["value"])
        word = "below" if better == "lower" else "above"
        note = f"Target: {word} {goal:g}% a year."
        if before:
            met = value < goal if better == "lower" else value > goal
            note += " Met." if met else " Not met."
    return with_extra([row], note=note)


def custodial_sentences(area: str, year: ReportingYear, occasions: pd.DataFrame, pop: float) -> list[dict]:
    """custodial_sentences: court sentencing occasions in the year whose most severe sentence was custodial
    (detention and training order or long-term detention), as a count, per 1,000 children aged 10-17 (YJB
    "use of custody"; Poisson limits) and as a percentage of all court sentencing occasions (Wilson limits).
    ``occasions``: :func:`court_occasions`. Source: YJB / MoJ youth justice statistics."""
    occ = occasions[in_year(occasions["outcome_date"], year)]
    custody = int(occ["outcome_group"].eq("custody").sum())
    rows = [ind.count_row(area, year.label, "custodial_sentences", custody, source=SOURCE),
            ind.rate_row(area, year.label, "custodial_sentences", custody, pop, unit=RATE_CUSTODY, source=SOURCE),
            ind.proportion_row(area, year.label, "custodial_sentences", custody, len(occ), source=SOURCE)]
    note = ""
    if np.isnan(pop):
        rows[1]["symbol"] = "x"
        note = f"No population aged 10-17 is available for {area} in {year.label}, so no rate is given."
    if len(occ) == 0:
        rows[2]["symbol"] = "z"
    return with_extra(rows, note=note)


def custody_remands(area: str, year: ReportingYear, remands: pd.DataFrame) -> list[dict]:
    """custody_remands: children remanded to custody (youth detention accommodation) at least once, with a
    remand starting in the year (a child remanded twice counts once). Source: YJB youth justice statistics."""
    r = remands[remands["remand_type"].eq("custody").to_numpy(dtype=bool) & in_year(remands["remand_start"], year)]
    return [ind.count_row(area, year.label, "custody_remands", r["young_person_id"].nunique(), source=SOURCE)]


def _levels(indicator: str, column: str, area: str, year: ReportingYear, assessments: pd.DataFrame) -> list[dict]:
    start = assessments[assessments["stage"].eq("start").to_numpy(dtype=bool)
                        & in_year(assessments["assessment_date"], year)]
    total = len(start)
    rows = [ind.count_row(area, year.label, indicator, total, source=SOURCE)]
    levels = (*LEVELS, NOT_RECORDED)
    for lv, n in zip(levels, tally(start[column], levels)):
        if lv == NOT_RECORDED and n == 0:
            continue
        b = f"level:{lv}"
        rows.append(ind.count_row(area, year.label, indicator, n, breakdown=b, source=SOURCE))
        share = ind.proportion_row(area, year.label, indicator, n, total, breakdown=b, source=SOURCE)
        share["symbol"] = "z" if total == 0 else ""
        rows.append(share)
    return rows


def asset_vulnerability(area: str, year: ReportingYear, assessments: pd.DataFrame) -> list[dict]:
    """asset_vulnerability: start assessments (ASSET / AssetPlus) dated in the year by rated level of
    vulnerability (low, medium, high, very high; not recorded where blank), as counts and percentages of
    start assessments (Wilson limits), as in seed 000 section 5.10.15. Source: YJB AssetPlus."""
    return _levels("asset_vulnerability", "vulnerability", area, year, assessments)


def asset_risk_of_serious_harm(area: str, year: ReportingYear, assessments: pd.DataFrame) -> list[dict]:
    """asset_risk_of_serious_harm: start assessments dated in the year by rated risk of serious harm to
    others, as counts and percentages of start assessments (Wilson limits). Source: YJB AssetPlus."""
    return _levels("asset_risk_of_serious_harm", "risk_of_serious_harm", area, year, assessments)


def interventions(area: str, year: ReportingYear, work: pd.DataFrame, *, by_type: bool = False) -> list[dict]:
    """interventions: outcomes in the year that start Youth Offending Service work (triage, youth caution,
    youth conditional caution, referral or reparation order, youth rehabilitation order, custodial
    sentence); ``by_type``: one row per kind of work instead of the total. ``work``:
    :func:`supervised_work`. Seed 000 5.10.5: "650 active interventions relating to 333 young people".
    The outcomes extract has no end dates, so this counts work starting in the year."""
    w = work[in_year(work["outcome_date"], year)]
    if not by_type:
        return [ind.count_row(area, year.label, "interventions", len(w), source=SOURCE)]
    return [ind.count_row(area, year.label, "interventions", n, breakdown=f"type:{lv}", source=SOURCE)
            for lv, n in zip(WORK, tally(w["kind"], WORK))]


def young_people_supervised(area: str, year: ReportingYear, work: pd.DataFrame) -> list[dict]:
    """young_people_supervised: the children with Youth Offending Service work starting in the year (the
    children the interventions concern, each once)."""
    w = work[in_year(work["outcome_date"], year)]
    return [ind.count_row(area, year.label, "young_people_supervised", w["young_person_id"].nunique(),
                          source=SOURCE)]


# --- the section's indicator table ------------------------------------------------------------------------
def _years(years) -> list[ReportingYear]:
    if isinstance(years, (list, tuple)):
        return [ReportingYear(y) for y in years]
    return [ReportingYear(years)]


def indicators(data: YOSData, years, *, as_of=None, cohort_year=None) -> pd.DataFrame:
    """The youth justice indicator table for a reporting year (or a list of years, oldest first).

    Per year: :func:`first_time_entrants`, :func:`custodial_sentences`, :func:`interventions`,
    :func:`young_people_supervised`, :func:`custody_remands`, :func:`asset_vulnerability`,
    :func:`asset_risk_of_serious_harm`, and re-offending (:mod:`.reoffending`) for the annual cohort
    ``cohort_year`` (by index outcome, age and sex) and its four quarterly cohorts. By default
    ``cohort_year`` is the latest April-to-March cohort whose follow-up and waiting period had ended by
    the end of the year (or the extract date ``as_of`` if earlier): for 2024-25 the 2022-23 cohort, as
    youth justice plans report it. The ``period`` of these rows is the cohort's. Where two years report
    the same cohort it is kept once. Also :func:`first_time_entrants_change` (against the area config's
    target) and, from 2023-24, the Youth Justice Board's ten KPIs (:mod:`.kpis`) where their extracts
    exist. Extra columns: ``note``, ``cohort_start``, ``cohort_end``, ``status``. For a service covering
    several councils, :func:`service_and_councils` gives the service and each council.

    The records each figure counts are worked out once here, from the tables as they are now.
    """
    years = _years(years)
    o, area, files, start = data.outcomes, data.area, data.files, data.data_start
    as_of = pd.Timestamp(as_of).normalize() if as_of is not None else data.extract_date
    first, occasions, work = first_outcomes(o), court_occasions(o), supervised_work(o)
    events = ro.index_events(o, data.custody_releases)
    rows: list[dict] = []
    for y in years:
        pop = population_10_17(data, y)
        if files.get("outcomes", True):
            rows += first_time_entrants(area, y, first, pop, start)
            rows += first_time_entrants_change(area, y, first, data.targets.get("first_time_entrants_change"))
            rows += custodial_sentences(area, y, occasions, pop)
            rows += interventions(area, y, work) + young_people_supervised(area, y, work)
            rows += interventions(area, y, work, by_type=True)
        if files.get("remands", True):
            rows += custody_remands(area, y, data.remands)
        if files.get("assessments", True):
            rows += asset_vulnerability(area, y, data.assessments)
            rows += asset_risk_of_serious_harm(area, y, data.assessments)
        if files.get("outcomes", True):
            rows += ro.cohort_rows(area, events, ro.cohorts_for_year(y, as_of, cohort_year), as_of, start)
        rows += kpi_rows(area, y, data.kpi_interventions if files.get("kpi_interventions") else None,
                         data.board_attendance if files.get("board_attendance") else None)
    return table(rows, keep_last=len(years) > 1)


def trend(data: YOSData, year, n_years: int = 5, *, as_of=None) -> pd.DataFrame:
    """:func:`indicators` for the ``n_years`` reporting years ending with ``year`` (oldest first), with
    each year's re-offending cohort chosen as that year's report would have chosen it."""
    years = ReportingYear(year).trend(n_years)
    if not years:
        raise ValueError(f"n_years must be at least 1, got {n_years!r}")
    return indicators(data, years, as_of=as_of)


def change_on_previous_year(table: pd.DataFrame, indicator: str, unit: str, year) -> dict:
    """The change in an indicator from the previous reporting year: both values, the percentage change
    (:func:`rates.pct_change`) and whether their 95% confidence intervals overlap (a rough test; not
    overlapping means a significant change). Missing or suppressed values give NaN."""
    from lscb_analysis.core.rates import pct_change

    y = ReportingYear(year)

    def get(label, c) -> float:
        r = ind.select(table, indicator, unit=unit, period=label)
        return np.nan if r.empty else float(r.iloc[0][c])

    new = {c: get(y.label, c) for c in ("value", "lower", "upper")}
    old = {c: get(y.previous().label, c) for c in ("value", "lower", "upper")}
    overlap = np.nan
    if not any(np.isnan(v) for v in (*new.values(), *old.values())):
        overlap = bool(new["lower"] <= old["upper"] and old["lower"] <= new["upper"])
    nv, ov = new["value"], old["value"]
    return {"indicator": indicator, "unit": unit, "period": y.label, "previous": y.previous().label,
            "value": nv, "previous_value": ov, "pct_change": pct_change(nv, ov) if not np.isnan(nv + ov) else np.nan,
            "intervals_overlap": overlap}
