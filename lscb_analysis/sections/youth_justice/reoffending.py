"""Proven re-offending by the Ministry of Justice method.

Source: Ministry of Justice, *Proven reoffending statistics: definitions and measurement* and the *Guide to
proven reoffending statistics*: the cohort of children cautioned, given a non-custodial court sentence or
released from custody in a period, each indexed once on their first such event; a 12-month follow-up; a
further 6-month waiting period for offences to be proven; the binary and frequency measures.

Every public function here works from the tables it is given at the time of the call: nothing is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core import rates
from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.sections.youth_justice.codes import (
    AGE_OF_CRIMINAL_RESPONSIBILITY,
    CUSTODY,
    FOLLOW_UP,
    INDEX_OUTCOMES,
    SOURCE,
    SUBSTANTIVE,
    WAITING,
    YOUTH_MAX_AGE,
)
from lscb_analysis.sections.youth_justice.load import YOSData, age_at
from lscb_analysis.sections.youth_justice.records import age_band, blank, sex_label, table, with_extra

MEASURES = ("reoffending_cohort", "reoffending_binary_rate", "reoffending_frequency_rate",
            "reoffences_per_reoffender")
BREAKDOWNS = {
    "index_outcome": ["pre-court", "first tier", "community", "custody"],
    "age": ["10-14", "15-17"],
    "sex": ["female", "male", "unknown"],
}
COHORT_EXTRA = ("cohort_start", "cohort_end", "status", "note")
Cohort = tuple[pd.Timestamp, pd.Timestamp, list[str]]


# --- periods and labels -----------------------------------------------------------------------------------
def _ts(value) -> pd.Timestamp:
    return pd.Timestamp(value).normalize()


def cohort_label(start, end) -> str:
    """'2022-23' for a reporting year; 'Apr to Jun 2022' or 'Nov 2022 to Jan 2023' for whole months;
    otherwise 'dd/mm/yyyy to dd/mm/yyyy'."""
    s, e = _ts(start), _ts(end)
    if s.month == 4 and s.day == 1 and e == pd.Timestamp(s.year + 1, 3, 31):
        return ReportingYear(s.year).label
    if s.day == 1 and e == e + pd.offsets.MonthEnd(0):
        if s.year == e.year:
            return f"{s:%b} to {e:%b %Y}" if s.month != e.month else f"{e:%b %Y}"
        return f"{s:%b %Y} to {e:%b %Y}"
    return f"{s:%-d %B %Y} to {e:%-d %B %Y}"


def quarterly_cohorts(year) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """The four three-month cohorts of a reporting year: April to June ... January to March."""
    y = ReportingYear(year)
    starts = [y.start + pd.DateOffset(months=3 * k) for k in range(4)]
    return [(s, s + pd.DateOffset(months=3) - pd.Timedelta(days=1)) for s in starts]


def waiting_period_end(cohort_end) -> pd.Timestamp:
    """When the last child indexed in a cohort finishes the 12-month follow-up and 6-month waiting period."""
    return _ts(cohort_end) + FOLLOW_UP + WAITING


def latest_complete_cohort_year(as_of) -> ReportingYear:
    """The latest annual (April to March) cohort whose follow-up and waiting period had ended by ``as_of``."""
    d = _ts(as_of)
    y = ReportingYear.containing(d - FOLLOW_UP - WAITING)
    return y if waiting_period_end(y.end) <= d else y.previous()


def is_annual_cohort(t: pd.DataFrame) -> pd.Series:
    """Rows of an indicator table whose cohort runs 1 April to 31 March."""
    start = t["cohort_start"].fillna("") if "cohort_start" in t.columns else pd.Series("", index=t.index)
    end = t["cohort_end"].fillna("") if "cohort_end" in t.columns else pd.Series("", index=t.index)
    return start.str.endswith("-04-01") & end.str.endswith("-03-31")


def clean_period(period: pd.Series) -> pd.Series:
    """Cohort labels without the " (provisional)" mark."""
    return period.str.replace(" (provisional)", "", regex=False)


def _check_period(s: pd.Timestamp, e: pd.Timestamp) -> None:
    if e < s:
        raise ValueError(f"the cohort ends ({e:%d/%m/%Y}) before it starts ({s:%d/%m/%Y})")


# --- the cohort -------------------------------------------------------------------------------------------
def index_events(outcomes: pd.DataFrame, custody_releases: pd.DataFrame) -> pd.DataFrame:
    """Every event that could index a child in a re-offending cohort, whatever the period: non-custodial
    index outcomes not given on the same occasion as a custodial sentence, and releases from custody, in
    the order a cohort takes a child's first event in (child, date, event). With each, the child's age on
    the index date, the end of the follow-up and of the waiting period, and the proven re-offences counted
    from it (:func:`cohort_members` gives the rules)."""
    o = outcomes
    custody_occasion = (o[o["outcome"].isin(CUSTODY)][["young_person_id", "outcome_date"]]
                        .drop_duplicates().assign(_custody=True))
    o_idx = o.merge(custody_occasion, on=["young_person_id", "outcome_date"], how="left")
    events = o_idx.loc[o_idx["outcome"].isin(INDEX_OUTCOMES) & o_idx["_custody"].isna(),
                       ["young_person_id", "outcome_date", "outcome", "outcome_group", "date_of_birth", "sex"]]
    events = events.rename(columns={"outcome_date": "index_date", "outcome": "index_event",
                                    "outcome_group": "index_outcome"})
    rel = custody_releases[["young_person_id", "release_date", "date_of_birth", "sex"]]
    rel = rel.rename(columns={"release_date": "index_date"}).assign(index_event="RELEASE", index_outcome="custody")
    ev = pd.concat([events, rel[events.columns]], ignore_index=True)
    ev = ev.sort_values(["young_person_id", "index_date", "index_event"], kind="stable").reset_index(drop=True)
    ev["age_at_index"] = age_at(ev["date_of_birth"], ev["index_date"])
    ev["follow_up_end"] = ev["index_date"] + FOLLOW_UP
    ev["waiting_end"] = ev["follow_up_end"] + WAITING

    proven = o.loc[o["outcome"].isin(SUBSTANTIVE), ["young_person_id", "offence_date", "outcome_date"]]
    m = (ev[["young_person_id", "index_date", "follow_up_end", "waiting_end"]]
         .assign(_event=np.arange(len(ev))).merge(proven, on="young_person_id"))
    counted = ((m["offence_date"] > m["index_date"]) & (m["offence_date"] <= m["follow_up_end"])
               & (m["outcome_date"] <= m["waiting_end"]) & m["young_person_id"].notna())
    ev["reoffences"] = np.bincount(m.loc[counted, "_event"].to_numpy(dtype=np.intp),
                                   minlength=len(ev)).astype("int64")
    ev["reoffender"] = ev["reoffences"] > 0
    return ev


def cohort(events: pd.DataFrame, cohort_start, cohort_end) -> pd.DataFrame:
    """The rows of :func:`index_events` that make the cohort of ``cohort_start`` to ``cohort_end``: each
    child's first event in the period, kept if they were aged 10 to 17 on it."""
    s, e = _ts(cohort_start), _ts(cohort_end)
    d = events["index_date"].to_numpy(dtype="datetime64[ns]")
    inside = events[(d >= s.to_datetime64()) & (d <= e.to_datetime64())]  # NaT is in no period
    first = inside.drop_duplicates("young_person_id", keep="first")
    return first[first["age_at_index"].between(AGE_OF_CRIMINAL_RESPONSIBILITY, YOUTH_MAX_AGE)]


def cohort_members(data: YOSData, cohort_start, cohort_end) -> pd.DataFrame:
    """The re-offending cohort for a period, one row per child, with their re-offences.

    Ministry of Justice method (*Proven reoffending statistics: definitions and measurement*):

    * **Cohort**: children who received a youth caution or youth conditional caution, a
      non-custodial court sentence, or were released from custody in the period (a custodial
      sentence, and any other sentence given on the same occasion, enters the cohort on release,
      not at sentence). Each child counts once, indexed on their first such event in the period
      (the **index date**), and must be aged 10 to 17 on it.
    * **Follow-up**: the 12 months after the index date, to the same date a year later inclusive.
    * **Proven re-offence**: an offence committed in the follow-up (strictly after the index date,
      so an offence committed before it but sentenced after it is not a re-offence) that is proven
      by a caution or conviction (a substantive outcome) within the follow-up or the further
      **6-month waiting period** (by 18 months after the index date). Triage, community resolution
      and no further action do not prove an offence. Each proven offence counts.

    Columns: young_person_id (pseudonym), index_date, index_event (outcome code or "RELEASE"),
    index_outcome (pre-court, first tier, community, custody), age_at_index, sex, follow_up_end,
    waiting_end, reoffences, reoffender.
    """
    s, e = _ts(cohort_start), _ts(cohort_end)
    _check_period(s, e)
    cols = ["young_person_id", "index_date", "index_event", "index_outcome", "age_at_index", "sex",
            "follow_up_end", "waiting_end", "reoffences", "reoffender"]
    members = cohort(index_events(data.outcomes, data.custody_releases), s, e)[cols]
    return members.sort_values(["index_date", "young_person_id"], kind="stable").reset_index(drop=True)


# --- one function per measure -----------------------------------------------------------------------------
def reoffending_cohort(area: str, period: str, children: int, breakdown: str = "all") -> dict:
    """reoffending_cohort: the children in the cohort (count). MoJ proven reoffending statistics."""
    return ind.count_row(area, period, "reoffending_cohort", children, breakdown=breakdown, source=SOURCE)


def reoffending_binary_rate(area: str, period: str, reoffenders: int, children: int,
                            breakdown: str = "all") -> dict:
    """reoffending_binary_rate: children with at least one proven re-offence / children in the cohort x 100
    (percent, Wilson score limits; symbol "z" for an empty cohort). MoJ proven reoffending statistics."""
    row = ind.proportion_row(area, period, "reoffending_binary_rate", reoffenders, children, breakdown=breakdown,
                             source=SOURCE)
    if children == 0:
        row["symbol"] = "z"
    return row


def reoffending_frequency_rate(area: str, period: str, reoffences: int, children: int,
                               breakdown: str = "all") -> dict:
    """reoffending_frequency_rate: proven re-offences / children in the cohort (a ratio, re-offences per
    child; limits treat the re-offences as a Poisson count, exact below 10 and Byar from 10, which
    understates the uncertainty because a few children commit many re-offences). MoJ proven reoffending
    statistics."""
    value = lower = upper = np.nan
    if children > 0:
        value, lower, upper = rates.rate(reoffences, children, per=1)[["value", "lower", "upper"]].to_numpy()[0]
    return ind.value_row(area, period, "reoffending_frequency_rate", value, "ratio", breakdown=breakdown,
                         numerator=reoffences, denominator=children, lower=lower, upper=upper, source=SOURCE,
                         symbol="" if children > 0 else "z")


def reoffences_per_reoffender(area: str, period: str, reoffences: int, reoffenders: int,
                              breakdown: str = "all") -> dict:
    """reoffences_per_reoffender: proven re-offences / children who re-offended (a ratio, no limits;
    symbol "z" where nobody re-offended). MoJ proven reoffending statistics."""
    return ind.value_row(area, period, "reoffences_per_reoffender",
                         reoffences / reoffenders if reoffenders else np.nan, "ratio", breakdown=breakdown,
                         numerator=reoffences, denominator=reoffenders, source=SOURCE,
                         symbol="" if reoffenders else "z")


def _status(s: pd.Timestamp, e: pd.Timestamp, as_of, data_start, provisional: str) -> tuple[bool, bool, str]:
    """Whether the cohort is final and covered by the data, and the note saying so."""
    complete_on = waiting_period_end(e)
    final = as_of is not None and complete_on <= as_of
    covered = data_start is not None and data_start <= s
    if final:
        note = (f"Final: every child's 12-month follow-up and 6-month waiting period ended by "
                f"{complete_on:%-d %B %Y}.")
    else:
        seen = "no extract date" if as_of is None else f"the data run to {as_of:%-d %B %Y}"
        consequence = "the rates shown are too low" if provisional == "mark" else "its re-offending figures are left out"
        note = (f"Provisional: the follow-up and waiting period of this cohort end on {complete_on:%-d %B %Y} "
                f"and {seen}, so re-offences may still be proven and {consequence}.")
    if not covered:
        note = (f"Not available: the data begin on {data_start:%-d %B %Y}, after the cohort starts."
                if data_start is not None else "Not available: there are no outcomes in the data.")
    return final, covered, note


def cohort_rows(area: str, events: pd.DataFrame, cohorts: Sequence[Cohort], as_of, data_start,
                provisional: str = "mark") -> list[dict]:
    """The four measures for each cohort (start, end, breakdowns) from :func:`index_events`, with the
    cohort's dates, status (final or provisional) and note. A provisional cohort's period reads
    "... (provisional)"; with ``provisional="omit"`` its re-offending figures are left out (symbol "x")
    and only the cohort size kept. A cohort starting before the data begin is left out whole."""
    out = []
    for s, e, by in cohorts:
        final, covered, note = _status(s, e, as_of, data_start, provisional)
        label = cohort_label(s, e)
        period = label if final else f"{label} (provisional)"
        members = cohort(events, s, e)
        reoffences = members["reoffences"].to_numpy(dtype="int64")
        groups = [("all", reoffences)]
        for b in by:
            values = {"age": lambda m: age_band(m["age_at_index"]), "sex": lambda m: sex_label(m["sex"]),
                      "index_outcome": lambda m: m["index_outcome"]}[b](members).to_numpy()
            groups += [(f"{b}:{lv}", reoffences[values == lv]) for lv in BREAKDOWNS[b]
                       if not (lv == "unknown" and not (values == lv).any())]
        rows = []
        for breakdown, r in groups:
            n, reoffenders, total = len(r), int((r > 0).sum()), int(r.sum())
            rows += [reoffending_cohort(area, period, n, breakdown),
                     reoffending_binary_rate(area, period, reoffenders, n, breakdown),
                     reoffending_frequency_rate(area, period, total, n, breakdown),
                     reoffences_per_reoffender(area, period, total, reoffenders, breakdown)]
        for row in rows:
            if not covered or (not final and provisional == "omit" and row["indicator"] != "reoffending_cohort"):
                blank(row)
        out += with_extra(rows, cohort_start=f"{s:%Y-%m-%d}", cohort_end=f"{e:%Y-%m-%d}",
                          status="final" if final else "provisional", note=note)
    return out


def cohorts_for_year(year: ReportingYear, as_of, cohort_year=None) -> list[Cohort]:
    """The cohorts a reporting year's report shows: the annual cohort ``cohort_year`` by index outcome, age
    and sex, then its four quarterly cohorts. By default the latest April-to-March cohort whose follow-up
    and waiting period had ended by the end of ``year`` (or ``as_of`` if earlier); none without a date."""
    if cohort_year is None:
        if as_of is None:
            return []
        cohort_year = latest_complete_cohort_year(min(as_of, year.end))
    c = ReportingYear(cohort_year)
    return [(c.start, c.end, list(BREAKDOWNS))] + [(s, e, []) for s, e in quarterly_cohorts(c)]


def _as_of(data: YOSData, as_of) -> pd.Timestamp | None:
    return _ts(as_of) if as_of is not None else data.extract_date


def _breakdowns(by) -> list[str]:
    by = [by] if isinstance(by, str) else list(by)
    unknown = [b for b in by if b not in BREAKDOWNS]
    if unknown:
        raise ValueError(f"unknown breakdown {unknown[0]!r}; expected any of {sorted(BREAKDOWNS)}")
    return by


# --- public entry points ----------------------------------------------------------------------------------
def reoffending(data: YOSData, cohort_start, cohort_end, as_of=None, *,
                by: Iterable[str] = (), provisional: str = "mark") -> pd.DataFrame:
    """Proven re-offending for one cohort period by the Ministry of Justice method (:func:`cohort_members`).

    Indicators: ``reoffending_cohort``, ``reoffending_binary_rate``, ``reoffending_frequency_rate``,
    ``reoffences_per_reoffender`` (one function each above). ``by``: any of "index_outcome", "age"
    (10-14, 15-17 at the index date), "sex" for breakdown rows.

    ``as_of`` is the date of the extract (default: the latest date in the data). A cohort is
    **final** once its last child's follow-up and waiting period have ended (cohort end + 18 months
    on or before ``as_of``); otherwise it is **provisional**: re-offences can still be proven, so
    its rates are too low. Provisional cohorts are never shown silently: with
    ``provisional="mark"`` the figures are kept and the period label reads "... (provisional)";
    with ``"omit"`` the re-offending figures are emptied (symbol "x") and only the cohort size is
    kept. Either way ``status`` is "provisional" and ``note`` says when the cohort completes. A
    cohort that starts before the data begin is not available (symbol "x").

    Extra columns: ``cohort_start``, ``cohort_end`` (ISO dates), ``status``, ``note``.
    """
    if provisional not in ("mark", "omit"):
        raise ValueError(f"provisional must be 'mark' or 'omit', got {provisional!r}")
    s, e = _ts(cohort_start), _ts(cohort_end)
    by = _breakdowns(by)
    _check_period(s, e)
    events = index_events(data.outcomes, data.custody_releases)
    rows = cohort_rows(data.area, events, [(s, e, by)], _as_of(data, as_of), data.data_start, provisional)
    return table(rows, COHORT_EXTRA)


def provisional_cohorts(data: YOSData, year, as_of=None) -> pd.DataFrame:
    """The annual cohorts after the one :func:`indicators` reports, up to ``year``, whose follow-up and
    waiting period had not ended: their cohort sizes, with the re-offending figures left out (symbol "x")
    and a note of when each will be final, so that they are shown as incomplete rather than silently
    dropped or shown with rates that are too low."""
    y = ReportingYear(year)
    as_of = _as_of(data, as_of)
    if as_of is None:
        return ind.empty()
    last = latest_complete_cohort_year(min(as_of, y.end))
    cohorts = [(c.start, c.end, []) for c in (ReportingYear(k) for k in range(last.start_year + 1, y.start_year + 1))]
    if not cohorts:
        return ind.empty()
    events = index_events(data.outcomes, data.custody_releases)
    t = table(cohort_rows(data.area, events, cohorts, as_of, data.data_start, "omit"), COHORT_EXTRA)
    return t[t["status"].eq("provisional")].reset_index(drop=True)
