"""The training indicator table: ``indicators(data, years)`` (DESIGN.md section 5).

One small function per indicator, named after it, whose docstring gives the definition, the formula and
the source. Every row is built with the one row builder (:mod:`lscb_analysis.core.indicators`:
``count_row``, ``proportion_row``, ``value_row``), so every limit comes from :mod:`lscb_analysis.core.rates`.
The words (titles, definitions, methods) are in :mod:`lscb_analysis.core.definitions`.

A course belongs to the reporting year in which it starts; its bookings and evaluation forms go with it
(a follow-up form returned in May is still about a course run in March). Source of every figure: the
partnership's own training, attendance, evaluation and e-learning records.

Nothing is remembered between calls: :func:`indicators` gathers one year's tables once
(:func:`year_tables`) and passes them to each indicator, so a figure always follows the data, also after
an analyst edits a table in place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from lscb_analysis.core import definitions, rates
from lscb_analysis.core import indicators as ind
from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.sections.training.codes import APPLIED, SECTORS, SOURCE, STAGES, STATUSES
from lscb_analysis.sections.training.load import TrainingData

__all__ = [
    "YearTables", "year_tables", "delivery", "median_with_ci", "indicators", "trend", "change_rows",
    "HEADLINE_TREND", "courses_delivered", "training_days", "places_offered", "delegates_attended", "fill_rate",
    "did_not_attend_rate", "individual_delegates", "delegates_by_sector", "organisations_reached",
    "elearning_completions", "elearning_in_progress", "elearning_completion_rate", "evaluation_response_rate",
    "objectives_met", "would_recommend", "confidence_before", "confidence_after", "applied_learning",
]

Rows = list[dict]


# --------------------------------------------------------------------------- one year's tables


@dataclass(frozen=True)
class YearTables:
    """The tables of one reporting year, gathered once by :func:`year_tables` and handed to each indicator.

    ``courses``: courses starting in the year; ``attendance``: their bookings (with the course's theme and
    mode); ``evaluations``: the forms about them; ``delivery``: the
    counts of :func:`delivery` for all courses (key None), by theme and by mode; ``elearning``: e-learning
    completions in the year and enrolments of the year still in progress at its end, by sector (every
    enrolment is looked at: a module completed in the year may have been begun in the one before)."""

    data: TrainingData
    year: ReportingYear
    courses: pd.DataFrame
    attendance: pd.DataFrame
    evaluations: pd.DataFrame
    delivery: dict
    elearning: pd.DataFrame

    def row(self, builder: Callable, indicator: str, *args, **kwargs) -> dict:
        """A row of this area and year from ``builder`` (``ind.count_row`` and the like)."""
        return builder(self.data.area, self.year.label, indicator, *args, source=SOURCE, **kwargs)

    def attended(self) -> pd.DataFrame:
        """The bookings where the delegate attended."""
        return self.attendance[self.attendance["status"].eq("attended")]

    def shares(self, indicator: str, parts: list[tuple[str, float, float]]) -> Rows:
        """Percentage rows ``numerator / denominator`` x 100 with Wilson limits, one per (breakdown,
        numerator, denominator), worked out together (``ind.with_proportions``); missing where the
        denominator is 0, as ``ind.proportion_row`` gives them one by one."""
        if not parts:
            return []
        rows = pd.DataFrame([self.row(ind.value_row, indicator, np.nan, "percent", breakdown=b, numerator=x,
                                      denominator=n) for b, x, n in parts])
        return ind.with_proportions(rows).to_dict("records")


def _per_course(courses: pd.DataFrame, attendance: pd.DataFrame) -> pd.DataFrame:
    """One year's courses with their bookings by status (0 where none)."""
    counts = (attendance.groupby(["course_id", "status"]).size().unstack("status")
              .reindex(columns=list(STATUSES)).fillna(0))
    per = courses.merge(counts, left_on="course_id", right_index=True, how="left")
    per[list(STATUSES)] = per[list(STATUSES)].fillna(0)
    return per


def _delivery_counts(per: pd.DataFrame, by: str | None) -> pd.DataFrame:
    """:func:`delivery` from one year's courses with their bookings (:func:`_per_course`)."""
    delivered = per["attended"] > 0
    key = per[by] if by else pd.Series("all", index=per.index)
    out = pd.DataFrame({
        "courses_delivered": delivered.groupby(key).sum(),
        "training_days": per["days"].where(delivered, 0).groupby(key).sum(),
        "places_offered": per["places"].where(delivered, 0).groupby(key).sum(),
        "attended": per["attended"].groupby(key).sum(),
        "did_not_attend": per["did_not_attend"].groupby(key).sum(),
        "cancelled": per["cancelled"].groupby(key).sum(),
    })
    if not by and out.empty:
        out = pd.DataFrame(0.0, index=["all"], columns=out.columns)
    out.index.name = by or "all"
    return out.astype("float64").sort_index()


def year_tables(data: TrainingData, year: str | ReportingYear) -> YearTables:
    """The courses starting in ``year``, their bookings and forms, and the delivery counts (see
    :class:`YearTables`)."""
    y = ReportingYear(year)
    courses = data.courses[data.courses["period"].eq(y.label)]
    attendance = data.attendance.merge(courses[["course_id", "theme", "mode"]], on="course_id", how="inner")
    evaluations = data.evaluations[data.evaluations["course_id"].isin(courses["course_id"])]
    per = _per_course(courses, attendance)
    counts = {by: _delivery_counts(per, by) for by in (None, "theme", "mode")}
    return YearTables(data, y, courses, attendance, evaluations, counts, _elearning_counts(data.elearning, y))


def delivery(data: TrainingData, year: str | ReportingYear, by: str | None = None) -> pd.DataFrame:
    """Delivery in ``year`` as a frame of counts, one row per ``by`` value ("theme", "mode" or None for all).

    Columns: courses_delivered, training_days, places_offered, attended, did_not_attend, cancelled.

    * A course is **delivered** in the reporting year in which it starts, if at least one delegate attended
      (a course whose every booking was cancelled, or where no one came, did not run).
    * **Training days** add each delivered course's length in days (seed 000: "43 courses involving 56 days").
    * **Places offered** add the places of delivered courses.
    * Bookings are counted for every course starting in the year.
    """
    y = ReportingYear(year)
    courses = data.courses[data.courses["period"].eq(y.label)]
    attendance = data.attendance.merge(courses[["course_id", "theme", "mode"]], on="course_id", how="inner")
    return _delivery_counts(_per_course(courses, attendance), by)


def _breakdown(by: str | None, value) -> str:
    return "all" if by is None else f"{by}:{value}"


# --------------------------------------------------------------------------- delivery (all, by theme, by mode)


def courses_delivered(t: YearTables, by: str | None = None) -> Rows:
    """Courses starting in the year with at least one delegate attending (seed 000 4.6.11: "43 courses").

    Formula: count of courses with attended bookings > 0. Not a count of people: no numerator, so
    disclosure control does not apply. Source: the partnership's course and attendance records."""
    return [t.row(ind.value_row, "courses_delivered", r["courses_delivered"], "count", breakdown=_breakdown(by, v))
            for v, r in t.delivery[by].iterrows()]


def training_days(t: YearTables, by: str | None = None) -> Rows:
    """The total length in days of the courses delivered in the year (seed 000: "56 days of face to face
    training").

    Formula: sum of ``days`` over delivered courses (unit "days", kept unrounded). Source: courses.csv."""
    return [t.row(ind.value_row, "training_days", r["training_days"], "days", breakdown=_breakdown(by, v))
            for v, r in t.delivery[by].iterrows()]


def places_offered(t: YearTables, by: str | None = None) -> Rows:
    """The total places on the courses delivered in the year.

    Formula: sum of ``places`` over delivered courses. Source: courses.csv."""
    return [t.row(ind.value_row, "places_offered", r["places_offered"], "count", breakdown=_breakdown(by, v))
            for v, r in t.delivery[by].iterrows()]


def delegates_attended(t: YearTables, by: str | None = None) -> Rows:
    """Bookings on courses starting in the year where the delegate attended (a delegate on two courses
    counts twice, as annual reports count delegates: seed 000 "to 1,001 delegates").

    Formula: count of bookings with status attended. Source: attendance.csv."""
    return [t.row(ind.count_row, "delegates_attended", r["attended"], breakdown=_breakdown(by, v))
            for v, r in t.delivery[by].iterrows()]


def fill_rate(t: YearTables, by: str | None = None) -> Rows:
    """Delegates attending as a percentage of places offered.

    Formula: delegates_attended / places_offered x 100. A census of places, not a sample, and it may pass
    100% (extra chairs): no confidence interval. Source: courses.csv and attendance.csv."""
    return [t.row(ind.value_row, "fill_rate",
                  r["attended"] / r["places_offered"] * 100 if r["places_offered"] > 0 else np.nan, "percent",
                  breakdown=_breakdown(by, v), numerator=r["attended"], denominator=r["places_offered"])
            for v, r in t.delivery[by].iterrows()]


def did_not_attend_rate(t: YearTables, by: str | None = None) -> Rows:
    """Bookings where the delegate did not attend, as a percentage of bookings attended or not attended.

    Formula: did_not_attend / (attended + did_not_attend) x 100, Wilson 95% limits. Cancelled bookings are
    in neither part: the place was given back before the course. Source: attendance.csv."""
    return t.shares("did_not_attend_rate", [
        (_breakdown(by, v), r["did_not_attend"], r["attended"] + r["did_not_attend"])
        for v, r in t.delivery[by].iterrows()])


DELIVERY = (courses_delivered, training_days, places_offered, delegates_attended, fill_rate, did_not_attend_rate)


# --------------------------------------------------------------------------- reach


def individual_delegates(t: YearTables) -> Rows:
    """Distinct people attending at least one course starting in the year.

    Formula: count of distinct (pseudonymised) delegate_id among attended bookings. Source: attendance.csv."""
    return [t.row(ind.count_row, "individual_delegates", t.attended()["delegate_id"].nunique())]


def delegates_by_sector(t: YearTables) -> Rows:
    """delegates_attended by the sector the delegate works in, every sector listed (zeros included, so the
    sectors the programme does not reach show).

    Formula: count of attended bookings by sector. Source: attendance.csv."""
    by_sector = t.attended().groupby("sector").size().reindex(list(SECTORS), fill_value=0)
    return [t.row(ind.count_row, "delegates_by_sector", by_sector[s], breakdown=f"sector:{s}") for s in SECTORS]


def organisations_reached(t: YearTables) -> Rows:
    """Distinct organisations with at least one delegate attending a course starting in the year, in all and
    by sector (seed 003 6.2: "95 staff from 32 schools"). Organisation names are matched ignoring case and
    spacing (they are pseudonymised on load).

    Formula: count of distinct organisations among attended bookings with an organisation given. Source:
    attendance.csv."""
    orgs = t.attended()
    orgs = orgs[orgs["organisation"].ne("")]
    by_sector = orgs.groupby("sector")["organisation"].nunique().reindex(list(SECTORS), fill_value=0)
    return [t.row(ind.count_row, "organisations_reached", orgs["organisation"].nunique())] + [
        t.row(ind.count_row, "organisations_reached", by_sector[s], breakdown=f"sector:{s}") for s in SECTORS]


# --------------------------------------------------------------------------- e-learning


def _elearning_counts(el: pd.DataFrame, y: ReportingYear) -> pd.DataFrame:
    """E-learning completions in the year and enrolments of the year still in progress at its end, by sector."""
    completed = el["completed_date"].notna() & y.contains(el["completed_date"])
    in_progress = y.contains(el["enrolled_date"]) & (el["completed_date"].isna() | (el["completed_date"] > y.end))
    return pd.DataFrame({"completions": completed.groupby(el["sector"]).sum(),
                         "in_progress": in_progress.groupby(el["sector"]).sum()}).reindex(
        list(SECTORS), fill_value=0).astype("float64")


def elearning_completions(t: YearTables) -> Rows:
    """E-learning modules completed in the year, in all and by sector (seed 000 4.6.11: "1,177 completed").

    Formula: count of enrolments whose completed_date falls in the year. Source: elearning.csv."""
    counts = t.elearning["completions"]
    return [t.row(ind.count_row, "elearning_completions", counts.sum())] + [
        t.row(ind.count_row, "elearning_completions", counts[s], breakdown=f"sector:{s}") for s in SECTORS]


def elearning_in_progress(t: YearTables) -> Rows:
    """E-learning enrolments made in the year and not completed by 31 March (seed 000: "88 in progress").

    Formula: count of enrolments dated in the year with no completed_date, or one after the year's end.
    Source: elearning.csv."""
    return [t.row(ind.count_row, "elearning_in_progress", t.elearning["in_progress"].sum())]


def elearning_completion_rate(t: YearTables) -> Rows:
    """E-learning completions as a percentage of completions plus enrolments still in progress, as seed 000
    4.6.11 computes it (1,177 completed, 88 in progress: 93%).

    Formula: completions / (completions + in progress) x 100, Wilson 95% limits. Source: elearning.csv."""
    done, going = t.elearning["completions"].sum(), t.elearning["in_progress"].sum()
    return [t.row(ind.proportion_row, "elearning_completion_rate", done, done + going)]


# --------------------------------------------------------------------------- evaluation (Kirkpatrick 1 to 3)


def evaluation_response_rate(t: YearTables) -> Rows:
    """Evaluation forms returned at each stage (before, after, follow-up) as a percentage of delegates
    attending.

    Formula: forms at the stage / delegates_attended x 100, Wilson 95% limits. Source: evaluations.csv."""
    attended = int(t.attendance["status"].eq("attended").sum())
    responded = t.evaluations.groupby("stage")["delegate_id"].size().reindex(list(STAGES), fill_value=0)
    return t.shares("evaluation_response_rate", [(f"stage:{s}", responded[s], attended) for s in STAGES])


def _after_forms(t: YearTables) -> pd.DataFrame:
    return t.evaluations[t.evaluations["stage"].eq("after")]


def objectives_met(t: YearTables) -> Rows:
    """After-course forms rating the course's objectives as met 4 or 5 out of 5 (Kirkpatrick level 1,
    reaction).

    Formula: forms rating 4 or 5 / after-course forms with a rating x 100, Wilson 95% limits. Source:
    evaluations.csv."""
    rated = _after_forms(t)["objectives_met"].dropna()
    return [t.row(ind.proportion_row, "objectives_met", int((rated >= 4).sum()), len(rated))]


def would_recommend(t: YearTables) -> Rows:
    """After-course forms answering yes to recommending the course (Kirkpatrick level 1).

    Formula: forms answering yes / forms answering yes or no x 100, Wilson 95% limits. Source:
    evaluations.csv."""
    after = _after_forms(t)
    answered = after.loc[after["recommend"].isin(["yes", "no"]), "recommend"]
    return [t.row(ind.proportion_row, "would_recommend", int(answered.eq("yes").sum()), len(answered))]


def _confidence_median(t: YearTables, stage: str, name: str) -> Rows:
    med, lo, hi, n = median_with_ci(t.evaluations.loc[t.evaluations["stage"].eq(stage), "confidence"])
    return [t.row(ind.value_row, name, med, "score", denominator=n, lower=lo, upper=hi)]


def confidence_before(t: YearTables) -> Rows:
    """The median self-rated confidence (1 to 10) on all before-course forms with a rating (Kirkpatrick
    level 2, learning). The matched-pairs comparison is ``training.confidence_change``.

    Formula: median of the ratings; the number of ratings is the denominator; distribution-free limits
    (:func:`median_with_ci`). Unit "score". Source: evaluations.csv."""
    return _confidence_median(t, "before", "confidence_before")


def confidence_after(t: YearTables) -> Rows:
    """The median self-rated confidence (1 to 10) on all after-course forms with a rating (Kirkpatrick
    level 2, learning).

    Formula: as :func:`confidence_before`, on the after-course forms. Source: evaluations.csv."""
    return _confidence_median(t, "after", "confidence_after")


def applied_learning(t: YearTables) -> Rows:
    """Follow-up forms answering yes or partly to having applied the learning in practice (Kirkpatrick
    level 3, behaviour), with the split by answer ("answer:yes|partly|no").

    Formula: forms answering yes or partly / follow-up forms answering x 100, Wilson 95% limits. Source:
    evaluations.csv."""
    ev = t.evaluations
    follow = ev.loc[ev["stage"].eq("follow_up") & ev["applied_learning"].isin(APPLIED), "applied_learning"]
    answers = follow.value_counts().reindex(list(APPLIED), fill_value=0)
    return t.shares("applied_learning", [("all", int(answers["yes"] + answers["partly"]), len(follow))]
                    + [(f"answer:{a}", int(answers[a]), len(follow)) for a in APPLIED])


EVALUATION = (evaluation_response_rate, objectives_met, would_recommend, confidence_before, confidence_after,
              applied_learning)


# --------------------------------------------------------------------------- medians


def median_with_ci(values: Iterable[float], conf: float = 0.95) -> tuple[float, float, float, int]:
    """Median of ``values`` (NaN ignored) with a distribution-free confidence interval.

    The interval runs between the order statistics x(k) and x(n-k+1), with k the smallest rank for which
    the binomial(n, 1/2) distribution function reaches (1 - conf) / 2 (the exact binomial method for a
    median: Conover, *Practical Nonparametric Statistics*, 3.6; Campbell and Gardner, BMJ 1988). Its
    coverage is at least ``conf``. With too few values for such an interval (n < 6 at 95%) the limits are
    NaN. Returns (median, lower, upper, n).
    """
    x = np.sort(np.asarray([v for v in values if not pd.isna(v)], dtype="float64"))
    n = int(x.size)
    if n == 0:
        return float("nan"), float("nan"), float("nan"), 0
    med = float(np.median(x))
    k = int(stats.binom.ppf((1 - conf) / 2, n, 0.5))
    if k < 1 or stats.binom.cdf(k - 1, n, 0.5) > (1 - conf) / 2:
        return med, float("nan"), float("nan"), n
    return med, float(x[k - 1]), float(x[n - k]), n


# --------------------------------------------------------------------------- the table


def _interleaved(parts: list[Rows]) -> Rows:
    """The rows of several indicators, one breakdown at a time: a1, b1, c1, a2, b2, c2, ..."""
    return [row for group in zip(*parts) for row in group]


def year_indicators(t: YearTables) -> pd.DataFrame:
    """The indicator rows of one year (no change rows), in the table's order: delivery (all, by theme, by
    mode), reach, e-learning (with ``elearning.csv``) and evaluation (with ``evaluations.csv``)."""
    rows: Rows = []
    for by in (None, "theme", "mode"):
        rows += _interleaved([f(t, by) for f in DELIVERY])
    orgs = organisations_reached(t)
    rows += individual_delegates(t) + orgs[:1] + _interleaved([delegates_by_sector(t), orgs[1:]])
    if t.data.has_elearning:
        done = elearning_completions(t)
        rows += done[:1] + elearning_in_progress(t) + elearning_completion_rate(t) + done[1:]
    if t.data.has_evaluations:
        for f in EVALUATION:
            rows += f(t)
    return ind.table(rows)


# headline figures that get a row for the change on the previous year, and how the change is expressed
CHANGE_UNITS = {d.name: d.change_unit for d in definitions.for_section("training") if d.change_unit}


def _smallest(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """The smallest positive count behind a figure (its numerator or its base), 0 if both are 0, NaN if none."""
    pair = pd.concat([numerator, denominator], axis=1)
    zero = pair.fillna(-1).le(0).all(axis=1) & pair.notna().any(axis=1)
    return pair.where(pair > 0).min(axis=1).mask(zero, 0.0)


def change_rows(this: pd.DataFrame, last: pd.DataFrame) -> pd.DataFrame:
    """Rows ``<indicator>_change``: this year's headline figure against last year's (the indicators with a
    ``change_unit`` in :mod:`lscb_analysis.core.definitions`).

    Counts: percentage change ``(new - old) / old * 100`` (unit "percent"; missing when last year was 0;
    seed 000: "a 6% increase on the previous year"); ``numerator`` and ``denominator`` hold the two years'
    figures. Percentages: the difference in percentage points, with Newcombe's hybrid score 95% interval
    for a difference of two independent proportions (Newcombe 1998, method 10) from the two Wilson
    intervals. Medians (scores): the difference of the medians. For percentages and medians ``numerator``
    and ``denominator`` hold the smallest count behind this year's and last year's figure. Only breakdown
    "all" (and the response rate by stage) get a change row.
    """
    keep = this["indicator"].isin(list(CHANGE_UNITS)) & (
        this["breakdown"].eq("all") | this["indicator"].eq("evaluation_response_rate"))
    both = this[keep].merge(last, on=["indicator", "breakdown"], suffixes=("", "_old"), how="inner")
    both = both[both["value"].notna() & both["value_old"].notna()]
    if both.empty:
        return ind.empty()
    kind = both["indicator"].map(CHANGE_UNITS)
    value = np.where(kind.eq("percent"), rates.pct_change(both["value"].to_numpy(), both["value_old"].to_numpy()),
                     both["value"] - both["value_old"])
    lower = pd.Series(np.nan, index=both.index)
    upper = pd.Series(np.nan, index=both.index)
    newcombe = kind.eq("percentage points") & both["lower"].notna() & both["lower_old"].notna()
    p1, l1, u1 = both["value"], both["lower"], both["upper"]
    p2, l2, u2 = both["value_old"], both["lower_old"], both["upper_old"]
    d = p1 - p2
    lower[newcombe] = (d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2))[newcombe]
    upper[newcombe] = (d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2))[newcombe]
    out = pd.DataFrame({
        "area": both["area"], "period": both["period"], "indicator": both["indicator"] + "_change",
        "breakdown": both["breakdown"],
        "numerator": np.where(kind.eq("percent"), both["value"], _smallest(both["numerator"], both["denominator"])),
        "denominator": np.where(kind.eq("percent"), both["value_old"],
                                _smallest(both["numerator_old"], both["denominator_old"])),
        "value": value, "lower": lower, "upper": upper, "unit": kind, "source": both["source"],
    })
    # courses, days and places are not people: they carry no numerator
    not_people = both["indicator"].isin(["courses_delivered", "training_days", "places_offered"]).to_numpy()
    out.loc[not_people, ["numerator", "denominator"]] = np.nan
    return ind.table(out[~np.isnan(out["value"].to_numpy(dtype="float64"))])


def _years(years) -> list[ReportingYear]:
    if isinstance(years, (str, ReportingYear)):
        return [ReportingYear(years)]
    return [ReportingYear(y) for y in years]


def indicators(data: TrainingData, years) -> pd.DataFrame:
    """The training indicator table for ``years`` (one reporting year, "2024-25", or several), each year's
    rows followed by its change rows (:func:`change_rows`, against the year before). Definitions: the
    indicator functions of this module and :mod:`lscb_analysis.core.definitions`.

    ``indicators(data, [year.previous(), year])`` gives the table the notebook writes, so that the key
    facts page can show last year beside this year.
    """
    wanted = _years(years)
    tables: dict[str, pd.DataFrame] = {}  # each year worked out once in this call
    for y in wanted:
        for z in (y, y.previous()):
            if z.label not in tables:
                tables[z.label] = year_indicators(year_tables(data, z))
    return ind.concat([part for y in wanted
                       for part in (tables[y.label], change_rows(tables[y.label], tables[y.previous().label]))])


HEADLINE_TREND = ["courses_delivered", "training_days", "delegates_attended", "individual_delegates",
                  "organisations_reached", "fill_rate", "did_not_attend_rate", "elearning_completions",
                  "elearning_completion_rate", "objectives_met", "would_recommend", "confidence_before",
                  "confidence_after", "applied_learning", "evaluation_response_rate"]


def trend(data: TrainingData, year: str | ReportingYear, years: int = 5) -> pd.DataFrame:
    """The headline figures (breakdown "all", and the response rate by stage) for the ``years`` reporting years
    ending with ``year``, as one indicator table (no change rows)."""
    frames = []
    for y in ReportingYear(year).trend(years):
        t = year_indicators(year_tables(data, y))
        frames.append(t[t["indicator"].isin(HEADLINE_TREND) & (
            t["breakdown"].eq("all") | t["indicator"].eq("evaluation_response_rate"))])
    return ind.concat(frames)
