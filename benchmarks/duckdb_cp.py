"""The child protection indicators as DuckDB SQL: an independent implementation, for speed and for checking.

Written from the definitions (``docs/methodology.md``, child protection indicators, and the docstrings
of :mod:`lscb_analysis.cp`), not by translating the pandas code, so that a disagreement between the two
points at a bug in one of them. It works on the cleaned tables (:class:`lscb_analysis.cp.CPData`) of
any number of areas at once: every table carries an ``area`` column and every figure is grouped by
area and reporting year, which is how a regional alliance would query pooled data.

Shared with the library: the cleaned input tables, the code lists that name the breakdowns (factor
codes to DfE's C3 columns, categories of abuse) and the England and Wales bank-holiday calendar (the
``holidays`` package, through :func:`lscb_analysis.periods.bank_holidays`). Everything else (which
records count, on which dates, how working days, ages, bands and review timeliness are worked out)
is here in SQL.

Definitions, for a reporting year from ``ys`` (1 April) to ``ye`` (31 March):

* flows count records dated in [ys, ye]: referrals (``CINreferralDate``, once per child and date),
  assessments completed (``AssessmentAuthorisationDate``), section 47 enquiries (``S47ActualStartDate``),
  initial conferences (``DateOfInitialCPC``), plans started (``CPPstartDate``), contacts;
* a re-referral has another referral of the same child on or after the same date 12 months earlier;
* working days from a to b are the weekdays after a up to and including b that are not bank holidays;
  an assessment is in time at 45 or fewer, an initial conference at 15 or fewer;
* a conference leads to a plan when the child has a plan starting on the conference date;
* a plan is a second or subsequent plan when ``NumberOfPreviousCPP`` > 0 or the child has an
  earlier-starting plan;
* stocks at 31 March (plans, children in need, looked after children) count distinct children with a
  record starting on or before ``ye`` and not ended by it (ended on ``ye`` is ended), using only records
  known to be current at ``ye``: from a census return for that year or later, or from flat files;
  looked after children exclude short breaks (legal status V3, V4);
* breakdowns at 31 March (category, age, duration) count distinct children on a plan at 31 March;
  age is in whole years on ``ye`` (unborn when the birth date is after it, or only an expected date
  is known); duration bands: 2 years or more (started on or before ``ye`` minus 2 years), 1 to less
  than 2 years (on or before ``ye`` minus 1 year), more than 6 months (before ``ye`` minus 6 months),
  more than 3 months (before ``ye`` minus 3 months), else 3 months or less;
* reviews in timescale: plans open at ``ye`` or ended in the year that lasted 3 months (to the earlier
  of their end and ``ye``); in time when the first review is within 3 months of the start, each later
  one within 6 months of the one before, and the next review was not overdue at that date;
* rates per 10,000 use the children aged 0-17 in ``population.csv`` at the mid-year of the calendar
  year the reporting year starts in (every age 0-17 must be present).

:func:`indicators` returns one row per (area, period, indicator, breakdown, unit) with ``numerator``,
``denominator`` and ``value``; :func:`compare` sets it against the library's indicator table.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

PER_10K = "per 10,000 aged 0-17"
CIN_TABLES = {
    "children": ["LAchildID", "PersonBirthDate", "ExpectedPersonBirthDate"],
    "referrals": ["LAchildID", "CINreferralDate", "ReferralSource", "CINclosureDate", "ReferralNFA", "_census"],
    "assessments": ["LAchildID", "CINreferralDate", "AssessmentActualStartDate", "AssessmentAuthorisationDate",
                    "AssessmentFactors"],
    "section47": ["LAchildID", "CINreferralDate", "S47ActualStartDate", "DateOfInitialCPC"],
    "cp_plans": ["LAchildID", "CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse",
                 "NumberOfPreviousCPP", "_census"],
    "cp_reviews": ["LAchildID", "CPPstartDate", "CPPreviewDate"],
}
# DfE groups of the CIN census referral source codes (CIN census guide; DfE table C1)
SOURCE_GROUP_SQL = """CASE
    WHEN ReferralSource IN ('1A','1B','1C','1D') THEN 'individual'
    WHEN ReferralSource = '2A' THEN 'schools'
    WHEN ReferralSource = '2B' THEN 'education services'
    WHEN ReferralSource IN ('3A','3B','3C','3D','3E','3F') THEN 'health services'
    WHEN ReferralSource = '4' THEN 'housing'
    WHEN ReferralSource IN ('5A','5B','5C','5D') THEN 'la services'
    WHEN ReferralSource = '6' THEN 'police'
    WHEN ReferralSource = '7' THEN 'other legal agency'
    WHEN ReferralSource = '8' THEN 'other'
    WHEN ReferralSource = '9' THEN 'anonymous'
    ELSE 'unknown' END"""
SOURCE_GROUPS = ["individual", "schools", "education services", "health services", "housing", "la services",
                 "police", "other legal agency", "other", "anonymous", "unknown"]
AGE_BANDS = ["unborn", "under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over", "not known"]
DURATION_BANDS = ["3 months or less", "more than 3 months to 6 months", "more than 6 months to less than 1 year",
                  "1 year to less than 2 years", "2 years or more"]


def connect(threads: int | None = None):
    """A fresh in-memory DuckDB connection (``threads``: DuckDB's worker threads, default all cores)."""
    import duckdb

    con = duckdb.connect(":memory:")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con


def pooled_tables(datasets) -> dict[str, pd.DataFrame]:
    """The cleaned tables of several :class:`CPData` (one per area), stacked with an ``area`` column."""
    out: dict[str, list[pd.DataFrame]] = {t: [] for t in [*CIN_TABLES, "contacts", "episodes", "population"]}
    for d in datasets:
        for t, cols in CIN_TABLES.items():
            df = getattr(d, t)
            keep = [c for c in cols if c in df.columns]
            part = df[keep].copy()
            if "_census" in cols and "_census" not in part.columns:
                part["_census"] = pd.NaT
            part.insert(0, "area", d.area)
            out[t].append(part)
        if d.contacts is not None:
            out["contacts"].append(d.contacts[["DateOfContact"]].assign(area=d.area))
        if d.episodes is not None:
            out["episodes"].append(d.episodes[["CHILD", "DECOM", "DEC", "LS"]].assign(area=d.area))
        if d.population is not None:
            out["population"].append(d.population.assign(_for=d.area))
    empty = {"contacts": {"area": "str", "DateOfContact": "datetime64[ns]"},
             "episodes": {"area": "str", "CHILD": "str", "DECOM": "datetime64[ns]", "DEC": "datetime64[ns]",
                          "LS": "str"},
             "population": {"area": "str", "mid_year": "int64", "age": "int64", "sex": "str", "population": "int64",
                            "_for": "str"}}
    tables = {}
    for t, parts in out.items():
        if parts:
            tables[t] = pd.concat(parts, ignore_index=True)
        else:
            tables[t] = pd.DataFrame({c: pd.Series(dtype=k) for c, k in empty[t].items()})
    return tables


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """Texts as plain objects (None for missing) and dates as microsecond timestamps, for DuckDB and Parquet."""
    df = df.copy()
    for c in df.columns:
        if pd.api.types.is_datetime64_any_dtype(df[c]):
            df[c] = df[c].astype("datetime64[us]")
        elif df[c].dtype == object or pd.api.types.is_string_dtype(df[c]):
            df[c] = df[c].astype(object).where(df[c].notna(), None)
    return df


def load_tables(con, tables: dict[str, pd.DataFrame], years: dict[str, list]) -> None:
    """Copy pooled tables into DuckDB; ``years`` maps each area to the reporting years to compute."""
    for name, df in tables.items():
        con.register("_src", _plain(df))
        con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM _src")
        con.unregister("_src")
    load_reference(con, years)


def load_parquet(con, directory, years: dict[str, list], parts: list[str] | None = None) -> None:
    """Create the tables from Parquet files written by :func:`write_parquet` (``<directory>/<table>/<part>.parquet``;
    ``parts``: only those parts, e.g. the first n areas)."""
    from pathlib import Path

    for name in [*CIN_TABLES, "contacts", "episodes", "population"]:
        d = Path(directory) / name
        files = [d / f"{p}.parquet" for p in parts] if parts is not None else sorted(d.glob("*.parquet"))
        listed = ", ".join(f"'{f.as_posix()}'" for f in files)
        con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM read_parquet([{listed}])")
    load_reference(con, years)


def write_parquet(tables: dict[str, pd.DataFrame], directory, part: str) -> int:
    """Write one area's slice of the pooled tables as ``<directory>/<table>/<part>.parquet``; returns bytes."""
    from pathlib import Path

    total = 0
    for name, df in tables.items():
        d = Path(directory) / name
        d.mkdir(parents=True, exist_ok=True)
        _plain(df).to_parquet(d / f"{part}.parquet", index=False)
        total += (d / f"{part}.parquet").stat().st_size
    return total


def load_reference(con, years: dict[str, list]) -> None:
    """The years to compute, the working-day calendar and the code lists."""
    from lscb_analysis.periods import ReportingYear, bank_holidays

    rows = [(area, ReportingYear(y).label, ReportingYear(y).start.date(), ReportingYear(y).end.date())
            for area, ys in years.items() for y in ys]
    con.execute("CREATE OR REPLACE TABLE years (area VARCHAR, period VARCHAR, ys DATE, ye DATE)")
    con.executemany("INSERT INTO years VALUES (?, ?, ?, ?)", rows)
    # the working-day calendar: cum = working days from a fixed origin up to and including the date
    first, last = 2000, 2040
    hol = bank_holidays(first, last)
    con.execute("CREATE OR REPLACE TABLE holidays (d DATE)")
    con.executemany("INSERT INTO holidays VALUES (?)", [(h,) for h in hol])
    con.execute(f"""
        CREATE OR REPLACE TABLE calendar AS
        WITH days AS (SELECT CAST(d AS DATE) AS d FROM range(DATE '{first}-01-01', DATE '{last}-12-31',
                                                             INTERVAL 1 DAY) t(d))
        SELECT d, SUM(CASE WHEN isodow(d) <= 5 AND d NOT IN (SELECT d FROM holidays) THEN 1 ELSE 0 END)
                      OVER (ORDER BY d ROWS UNBOUNDED PRECEDING) AS cum
        FROM days""")
    from lscb_analysis.cp import CATEGORIES, FACTORS

    con.execute("CREATE OR REPLACE TABLE factor_names (code VARCHAR, factor VARCHAR)")
    con.executemany("INSERT INTO factor_names VALUES (?, ?)", list(FACTORS.items()))
    con.execute("CREATE OR REPLACE TABLE categories (code VARCHAR, category VARCHAR, pos INTEGER)")
    con.executemany("INSERT INTO categories VALUES (?, ?, ?)",
                    [(c, n, k) for k, (c, n) in enumerate(CATEGORIES.items())])
    con.execute("CREATE OR REPLACE TABLE bands (dimension VARCHAR, band VARCHAR, pos INTEGER)")
    con.executemany("INSERT INTO bands VALUES (?, ?, ?)",
                    [("source", b, k) for k, b in enumerate(SOURCE_GROUPS)]
                    + [("age", b, k) for k, b in enumerate(AGE_BANDS)]
                    + [("duration", b, k) for k, b in enumerate(DURATION_BANDS)])


# Each query returns: area, period, indicator, breakdown, unit ('count', 'percent', 'rate'), numerator,
# denominator ('rate' rows get the population later).
QUERIES: dict[str, str] = {}

QUERIES["flows"] = """
WITH ref AS (  -- each referral once, with the same child's previous referral
    SELECT area, LAchildID, CINreferralDate, ReferralNFA,
           lag(CINreferralDate) OVER (PARTITION BY area, LAchildID ORDER BY CINreferralDate) AS previous
    FROM (SELECT DISTINCT area, LAchildID, CINreferralDate, ReferralNFA FROM referrals)),
ref_counts AS MATERIALIZED (
    SELECT y.area, y.period, COUNT(r.LAchildID) AS n,
           COUNT(*) FILTER (WHERE r.previous >= r.CINreferralDate - INTERVAL 12 MONTH) AS rerefs,
           COUNT(*) FILTER (WHERE r.ReferralNFA) AS nfa
    FROM years y LEFT JOIN ref r ON r.area = y.area AND r.CINreferralDate BETWEEN y.ys AND y.ye
    GROUP BY y.area, y.period),
done AS (
    SELECT y.area, y.period, a.LAchildID, c2.cum - c1.cum AS wd
    FROM years y JOIN assessments a ON a.area = y.area AND a.AssessmentAuthorisationDate BETWEEN y.ys AND y.ye
    LEFT JOIN calendar c1 ON c1.d = CAST(a.CINreferralDate AS DATE)
    LEFT JOIN calendar c2 ON c2.d = CAST(a.AssessmentAuthorisationDate AS DATE)),
done_counts AS MATERIALIZED (
    SELECT y.area, y.period, COUNT(d.LAchildID) AS n, COUNT(*) FILTER (WHERE d.wd <= 45) AS in_time
    FROM years y LEFT JOIN done d ON d.area = y.area AND d.period = y.period GROUP BY y.area, y.period),
s47 AS MATERIALIZED (
    SELECT y.area, y.period, COUNT(s.LAchildID) AS n, COUNT(s.DateOfInitialCPC) AS to_icpc
    FROM years y LEFT JOIN section47 s ON s.area = y.area AND s.S47ActualStartDate BETWEEN y.ys AND y.ye
    GROUP BY y.area, y.period),
plan_days AS (SELECT DISTINCT area, LAchildID, CPPstartDate FROM cp_plans),
icpc AS (
    SELECT y.area, y.period, s.LAchildID, c2.cum - c1.cum AS wd, pd.CPPstartDate IS NOT NULL AS led_to_plan
    FROM years y JOIN section47 s ON s.area = y.area AND s.DateOfInitialCPC BETWEEN y.ys AND y.ye
    LEFT JOIN calendar c1 ON c1.d = CAST(s.S47ActualStartDate AS DATE)
    LEFT JOIN calendar c2 ON c2.d = CAST(s.DateOfInitialCPC AS DATE)
    LEFT JOIN plan_days pd ON pd.area = s.area AND pd.LAchildID = s.LAchildID AND pd.CPPstartDate = s.DateOfInitialCPC),
icpc_counts AS MATERIALIZED (
    SELECT y.area, y.period, COUNT(i.LAchildID) AS n, COUNT(*) FILTER (WHERE i.wd <= 15) AS in_time,
           COUNT(*) FILTER (WHERE i.led_to_plan) AS to_plan
    FROM years y LEFT JOIN icpc i ON i.area = y.area AND i.period = y.period GROUP BY y.area, y.period),
plans AS (  -- each plan with the start of the child's first plan in the data
    SELECT *, min(CPPstartDate) OVER (PARTITION BY area, LAchildID) AS first_start FROM cp_plans),
started AS MATERIALIZED (
    SELECT y.area, y.period, COUNT(p.LAchildID) AS n,
           COUNT(*) FILTER (WHERE COALESCE(p.NumberOfPreviousCPP, 0) > 0 OR p.first_start < p.CPPstartDate) AS repeats
    FROM years y LEFT JOIN plans p ON p.area = y.area AND p.CPPstartDate BETWEEN y.ys AND y.ye
    GROUP BY y.area, y.period),
ended AS MATERIALIZED (
    SELECT y.area, y.period, COUNT(p.LAchildID) AS n,
           COUNT(*) FILTER (WHERE p.CPPendDate >= p.CPPstartDate + INTERVAL 2 YEAR) AS long_plans
    FROM years y LEFT JOIN cp_plans p ON p.area = y.area AND p.CPPendDate BETWEEN y.ys AND y.ye
    GROUP BY y.area, y.period)
SELECT area, period, 'referrals' AS indicator, 'all' AS breakdown, 'count' AS unit, n AS numerator,
       NULL AS denominator FROM ref_counts
UNION ALL SELECT area, period, 'referrals', 'all', 'rate', n, NULL FROM ref_counts
UNION ALL SELECT area, period, 'rereferrals_within_12_months', 'all', 'percent', rerefs, n FROM ref_counts
UNION ALL SELECT area, period, 'referrals_nfa', 'all', 'percent', nfa, n FROM ref_counts
UNION ALL SELECT area, period, 'assessments_completed', 'all', 'count', n, NULL FROM done_counts
UNION ALL SELECT area, period, 'assessments_completed', 'all', 'rate', n, NULL FROM done_counts
UNION ALL SELECT area, period, 'assessments_within_45_working_days', 'all', 'percent', in_time, n FROM done_counts
UNION ALL SELECT area, period, 'section_47_enquiries', 'all', 'count', n, NULL FROM s47
UNION ALL SELECT area, period, 'section_47_enquiries', 'all', 'rate', n, NULL FROM s47
UNION ALL SELECT s.area, s.period, 'section_47_to_icpc', 'all', 'percent', i.n, s.n  -- DfE: conferences / enquiries
    FROM s47 s JOIN icpc_counts i ON i.area = s.area AND i.period = s.period
UNION ALL SELECT area, period, 'section_47_followed_to_icpc', 'all', 'percent', to_icpc, n FROM s47
UNION ALL SELECT area, period, 'initial_cp_conferences', 'all', 'count', n, NULL FROM icpc_counts
UNION ALL SELECT area, period, 'initial_cp_conferences', 'all', 'rate', n, NULL FROM icpc_counts
UNION ALL SELECT area, period, 'icpc_within_15_working_days', 'all', 'percent', in_time, n FROM icpc_counts
UNION ALL SELECT i.area, i.period, 'icpc_to_plan', 'all', 'percent', p.n, i.n  -- DfE: plans started / conferences
    FROM icpc_counts i JOIN started p ON p.area = i.area AND p.period = i.period
UNION ALL SELECT area, period, 'icpc_followed_to_plan', 'all', 'percent', to_plan, n FROM icpc_counts
UNION ALL SELECT area, period, 'cp_plans_started', 'all', 'count', n, NULL FROM started
UNION ALL SELECT area, period, 'cp_plans_started', 'all', 'rate', n, NULL FROM started
UNION ALL SELECT area, period, 'cp_plans_second_or_subsequent', 'all', 'percent', repeats, n FROM started
UNION ALL SELECT area, period, 'cp_plans_ended_2_years_or_more', 'all', 'percent', long_plans, n FROM ended
"""

QUERIES["sources"] = f"""
WITH ref AS (SELECT DISTINCT area, LAchildID, CINreferralDate, {SOURCE_GROUP_SQL} AS grp FROM referrals),
counts AS MATERIALIZED (
    SELECT y.area, y.period, r.grp, COUNT(*) AS k FROM years y
    JOIN ref r ON r.area = y.area AND r.CINreferralDate BETWEEN y.ys AND y.ye GROUP BY ALL),
total AS MATERIALIZED (SELECT y.area, y.period, COALESCE(SUM(c.k), 0) AS n FROM years y
          LEFT JOIN counts c ON c.area = y.area AND c.period = y.period GROUP BY y.area, y.period),
cells AS MATERIALIZED (
    SELECT t.area, t.period, g.band, t.n, COALESCE(c.k, 0) AS k
    FROM total t CROSS JOIN (SELECT band FROM bands WHERE dimension = 'source') g
    LEFT JOIN counts c ON c.area = t.area AND c.period = t.period AND c.grp = g.band)
SELECT area, period, 'referrals_by_source', 'source:' || band, 'count', k, NULL FROM cells
UNION ALL SELECT area, period, 'referrals_by_source', 'source:' || band, 'percent', k, n FROM cells
"""

QUERIES["factors"] = """
WITH done AS (
    SELECT y.area, y.period, row_number() OVER () AS aid, a.AssessmentFactors
    FROM years y JOIN assessments a ON a.area = y.area AND a.AssessmentAuthorisationDate BETWEEN y.ys AND y.ye),
codes AS (
    SELECT DISTINCT d.area, d.period, d.aid, f.factor
    FROM (SELECT area, period, aid, unnest(string_split(COALESCE(AssessmentFactors, ''), ';')) AS code FROM done) d
    JOIN factor_names f ON f.code = upper(trim(d.code))),
with_any AS MATERIALIZED (SELECT area, period, COUNT(DISTINCT aid) AS n FROM codes GROUP BY area, period),
counts AS MATERIALIZED (SELECT area, period, factor, COUNT(*) AS k FROM codes GROUP BY area, period, factor)
SELECT c.area, c.period, 'assessment_factors', 'factor:' || c.factor, 'count', c.k, NULL FROM counts c
UNION ALL
SELECT c.area, c.period, 'assessment_factors', 'factor:' || c.factor, 'percent', c.k, w.n
FROM counts c JOIN with_any w ON w.area = c.area AND w.period = c.period
"""

QUERIES["stocks"] = """
WITH on_plan AS (  -- plans known to be current at 31 March and open then
    SELECT y.area, y.period, y.ye, p.*
    FROM years y JOIN cp_plans p ON p.area = y.area
    WHERE (p._census IS NULL OR p._census >= y.ye) AND p.CPPstartDate <= y.ye
      AND (p.CPPendDate IS NULL OR p.CPPendDate > y.ye)),
children_on_plan AS MATERIALIZED (SELECT y.area, y.period, COUNT(DISTINCT o.LAchildID) AS n FROM years y
                     LEFT JOIN on_plan o ON o.area = y.area AND o.period = y.period GROUP BY y.area, y.period),
in_need AS MATERIALIZED (
    SELECT y.area, y.period, COUNT(DISTINCT r.LAchildID) AS n FROM years y
    LEFT JOIN referrals r ON r.area = y.area AND (r._census IS NULL OR r._census >= y.ye)
         AND r.CINreferralDate <= y.ye AND (r.CINclosureDate IS NULL OR r.CINclosureDate > y.ye)
    GROUP BY y.area, y.period),
lac_years AS (  -- years the episodes file can speak for: it has an episode starting by 31 March
    SELECT y.area, y.period, y.ye FROM years y
    WHERE (SELECT MIN(e.DECOM) FROM episodes e WHERE e.area = y.area) <= y.ye),
looked_after AS MATERIALIZED (
    SELECT l.area, l.period, COUNT(DISTINCT e.CHILD) AS n FROM lac_years l
    LEFT JOIN episodes e ON e.area = l.area AND e.DECOM <= l.ye AND (e.DEC IS NULL OR e.DEC > l.ye)
         AND e.LS NOT IN ('V3', 'V4')
    GROUP BY l.area, l.period),
contact_years AS (  -- years the contacts file covers: from 1 April to within a month of 31 March
    SELECT y.area, y.period, y.ys, y.ye FROM years y
    WHERE (SELECT MIN(c.DateOfContact) FROM contacts c WHERE c.area = y.area) <= y.ys
      AND (SELECT MAX(c.DateOfContact) FROM contacts c WHERE c.area = y.area) >= y.ye - INTERVAL 31 DAY),
contact_counts AS MATERIALIZED (
    SELECT k.area, k.period, COUNT(c.DateOfContact) AS n FROM contact_years k
    LEFT JOIN contacts c ON c.area = k.area AND c.DateOfContact BETWEEN k.ys AND k.ye GROUP BY k.area, k.period)
SELECT area, period, 'cp_plans_at_31_march', 'all', 'count', n, NULL FROM children_on_plan
UNION ALL SELECT area, period, 'cp_plans_at_31_march', 'all', 'rate', n, NULL FROM children_on_plan
UNION ALL SELECT area, period, 'children_in_need_at_31_march', 'all', 'count', n, NULL FROM in_need
UNION ALL SELECT area, period, 'children_in_need_at_31_march', 'all', 'rate', n, NULL FROM in_need
UNION ALL SELECT area, period, 'looked_after_children_at_31_march', 'all', 'count', n, NULL FROM looked_after
UNION ALL SELECT area, period, 'looked_after_children_at_31_march', 'all', 'rate', n, NULL FROM looked_after
UNION ALL SELECT area, period, 'contacts', 'all', 'count', n, NULL FROM contact_counts
UNION ALL SELECT area, period, 'contacts', 'all', 'rate', n, NULL FROM contact_counts
"""

QUERIES["plan_breakdowns"] = """
WITH on_plan AS (
    SELECT y.area, y.period, y.ye, p.LAchildID, p.CPPstartDate,
           COALESCE(NULLIF(p.LatestCategoryOfAbuse, ''), NULLIF(p.InitialCategoryOfAbuse, '')) AS cat
    FROM years y JOIN cp_plans p ON p.area = y.area
    WHERE (p._census IS NULL OR p._census >= y.ye) AND p.CPPstartDate <= y.ye
      AND (p.CPPendDate IS NULL OR p.CPPendDate > y.ye)),
kids AS (SELECT area, LAchildID, any_value(PersonBirthDate) AS dob, any_value(ExpectedPersonBirthDate) AS due
         FROM children GROUP BY area, LAchildID),
aged AS (
    SELECT o.*, k.dob, k.due,
           year(o.ye) - year(k.dob) - CASE WHEN month(k.dob) > month(o.ye)
                OR (month(k.dob) = month(o.ye) AND day(k.dob) > day(o.ye)) THEN 1 ELSE 0 END AS age
    FROM on_plan o LEFT JOIN kids k ON k.area = o.area AND k.LAchildID = o.LAchildID),
banded AS MATERIALIZED (
    SELECT o.area, o.period, o.LAchildID,
           COALESCE(c.category, 'not recorded') AS category,
           CASE WHEN o.dob > o.ye OR (o.dob IS NULL AND o.due IS NOT NULL) THEN 'unborn'
                WHEN o.dob IS NULL THEN 'not known'
                WHEN o.age >= 16 THEN '16 and over' WHEN o.age >= 10 THEN '10 to 15'
                WHEN o.age >= 5 THEN '5 to 9' WHEN o.age >= 1 THEN '1 to 4' ELSE 'under 1' END AS age_band,
           CASE WHEN o.CPPstartDate <= o.ye - INTERVAL 2 YEAR THEN '2 years or more'
                WHEN o.CPPstartDate <= o.ye - INTERVAL 1 YEAR THEN '1 year to less than 2 years'
                WHEN o.CPPstartDate < o.ye - INTERVAL 6 MONTH THEN 'more than 6 months to less than 1 year'
                WHEN o.CPPstartDate < o.ye - INTERVAL 3 MONTH THEN 'more than 3 months to 6 months'
                ELSE '3 months or less' END AS duration
    FROM aged o LEFT JOIN categories c ON c.code = o.cat),
total AS MATERIALIZED (SELECT y.area, y.period, COUNT(DISTINCT b.LAchildID) AS n FROM years y
          LEFT JOIN banded b ON b.area = y.area AND b.period = y.period GROUP BY y.area, y.period),
long AS MATERIALIZED (
    SELECT area, period, 'cp_plans_by_category' AS indicator, 'category:' || category AS breakdown,
           COUNT(DISTINCT LAchildID) AS k FROM banded GROUP BY ALL
    UNION ALL SELECT area, period, 'cp_plans_by_age', 'age:' || age_band, COUNT(DISTINCT LAchildID)
    FROM banded GROUP BY ALL
    UNION ALL SELECT area, period, 'cp_plans_by_duration', 'duration:' || duration, COUNT(DISTINCT LAchildID)
    FROM banded GROUP BY ALL)
SELECT l.area, l.period, l.indicator, l.breakdown, 'count', l.k, NULL FROM long l
UNION ALL
SELECT l.area, l.period, l.indicator, l.breakdown, 'percent', l.k, t.n
FROM long l JOIN total t ON t.area = l.area AND t.period = l.period
"""

QUERIES["reviews"] = """
WITH relevant AS (  -- plans open at 31 March or ended in the year, lasting 3 months to the earlier of end and 31 March
    SELECT y.area, y.period, p.LAchildID, p.CPPstartDate,
           CASE WHEN p.CPPendDate IS NOT NULL AND p.CPPendDate <= y.ye THEN p.CPPendDate ELSE y.ye END AS until
    FROM years y JOIN cp_plans p ON p.area = y.area
    WHERE (p._census IS NULL OR p._census >= y.ye) AND p.CPPstartDate <= y.ye
      AND (p.CPPendDate IS NULL OR p.CPPendDate >= y.ys)),
lasted AS (SELECT row_number() OVER () AS pid, * FROM relevant WHERE until >= CPPstartDate + INTERVAL 3 MONTH),
held AS (  -- each plan's reviews up to its date, in order, with the date each was due
    SELECT l.pid, r.CPPreviewDate AS d,
           COALESCE(lag(r.CPPreviewDate) OVER (PARTITION BY l.pid ORDER BY r.CPPreviewDate) + INTERVAL 6 MONTH,
                    l.CPPstartDate + INTERVAL 3 MONTH) AS due
    FROM lasted l JOIN (SELECT DISTINCT area, LAchildID, CPPstartDate, CPPreviewDate FROM cp_reviews) r
      ON r.area = l.area AND r.LAchildID = l.LAchildID AND r.CPPstartDate = l.CPPstartDate
     AND r.CPPreviewDate <= l.until),
per_plan AS MATERIALIZED (
    SELECT l.area, l.period, l.pid,
           COALESCE(bool_or(h.d > h.due), false) AS any_late,
           COALESCE(max(h.d) + INTERVAL 6 MONTH, l.CPPstartDate + INTERVAL 3 MONTH) < l.until AS overdue
    FROM lasted l LEFT JOIN held h ON h.pid = l.pid
    GROUP BY l.area, l.period, l.pid, l.CPPstartDate, l.until)
SELECT y.area, y.period, 'cp_reviews_in_timescale', 'all', 'percent',
       COUNT(*) FILTER (WHERE NOT p.any_late AND NOT p.overdue), COUNT(p.pid)
FROM years y LEFT JOIN per_plan p ON p.area = y.area AND p.period = y.period GROUP BY y.area, y.period
"""

POPULATION_SQL = """
SELECT y.area, y.period,
       CASE WHEN COUNT(DISTINCT p.age) = 18 THEN SUM(p.population) END AS population
FROM years y LEFT JOIN population p ON lower(p._for) = lower(y.area) AND lower(p.area) = lower(y.area)
     AND p.mid_year = year(y.ys) AND p.age BETWEEN 0 AND 17
GROUP BY y.area, y.period
"""


@dataclass
class Timed:
    table: pd.DataFrame
    load_seconds: float
    sql_seconds: float


def indicators(con) -> pd.DataFrame:
    """Every child protection indicator for every (area, year) in the ``years`` table, from the tables
    :func:`load_tables` put in ``con``: area, period, indicator, breakdown, unit, numerator, denominator,
    value. Units as in the indicator table ("count", "percent", "per 10,000 aged 0-17")."""
    cols = ["area", "period", "indicator", "breakdown", "unit", "numerator", "denominator"]
    parts = [con.execute(sql).df().set_axis(cols, axis=1) for sql in QUERIES.values()]
    out = pd.concat(parts, ignore_index=True)
    pop = con.execute(POPULATION_SQL).df()
    out = out.merge(pop, on=["area", "period"], how="left")
    rate = out["unit"].eq("rate")
    out.loc[rate, "denominator"] = out.loc[rate, "population"]
    out.loc[rate, "unit"] = PER_10K
    out = out.drop(columns="population")
    for c in ("numerator", "denominator"):
        out[c] = pd.to_numeric(out[c].astype(object).where(out[c].notna(), np.nan), errors="coerce").astype("float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        out["value"] = np.where(out["unit"].eq("count"), out["numerator"],
                                np.where(out["unit"].eq("percent"), out["numerator"] / out["denominator"] * 100,
                                         out["numerator"] / out["denominator"] * 10_000))
    return out.sort_values(cols[:5]).reset_index(drop=True)


def run(datasets, years, threads: int | None = None) -> Timed:
    """Load the cleaned tables of ``datasets`` into a fresh DuckDB and compute every indicator for
    ``years`` (the same years for each area); returns the table and the two timings."""
    t0 = time.perf_counter()
    con = connect(threads)
    tables = pooled_tables(datasets)
    load_tables(con, tables, {d.area: list(years) for d in datasets})
    t1 = time.perf_counter()
    table = indicators(con)
    t2 = time.perf_counter()
    con.close()
    return Timed(table, t1 - t0, t2 - t1)


def compare(library: pd.DataFrame, duck: pd.DataFrame) -> pd.DataFrame:
    """Rows where the library's indicator table and DuckDB's disagree on a numerator or denominator.

    Compared: every row of either side with a figure (the library's 'not available' rows, symbol x,
    must be absent from DuckDB's). A breakdown row one side leaves out is taken as a count of 0 (the
    library lists only the assessment factors seen; DuckDB lists only the categories seen). Returns
    the differing rows (empty when the two agree)."""
    key = ["area", "period", "indicator", "breakdown", "unit"]
    lib = library[library["numerator"].notna()][key + ["numerator", "denominator"]]
    both = lib.merge(duck[key + ["numerator", "denominator"]], on=key, how="outer", suffixes=("_library", "_duckdb"),
                     indicator=True)
    is_breakdown = both["breakdown"].ne("all")
    for side in ("library", "duckdb"):
        missing = both[f"numerator_{side}"].isna() & is_breakdown
        both.loc[missing, f"numerator_{side}"] = 0.0
        other = "duckdb" if side == "library" else "library"
        both.loc[missing, f"denominator_{side}"] = both.loc[missing, f"denominator_{other}"]
    num_same = both["numerator_library"].eq(both["numerator_duckdb"])
    den_same = both["denominator_library"].eq(both["denominator_duckdb"]) | (
        both["denominator_library"].isna() & both["denominator_duckdb"].isna())
    return both[~(num_same & den_same)].drop(columns="_merge").reset_index(drop=True)


if __name__ == "__main__":  # a quick check on the bundled sample
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from lscb_analysis import cp

    d = cp.load(Path(__file__).resolve().parent.parent / "data" / "raw" / "exampleshire")
    res = run([d], d.census_years)
    lib = cp.indicators_for_years(d, d.census_years)
    diff = compare(lib, res.table)
    print(f"DuckDB: {len(res.table)} rows, load {res.load_seconds:.2f} s, SQL {res.sql_seconds:.2f} s; "
          f"{len(diff)} rows differ from the library")
    if len(diff):
        print(diff.to_string())
