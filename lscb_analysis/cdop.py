"""Child deaths: the Child Death Overview Panel (CDOP) section.

Source: the panel's case records, ``data/raw/<area>/cdop/child_deaths.csv`` (DESIGN.md
section 4), one row per child who died before their 18th birthday. Definitions follow the
DfE *Child death reviews* statistical releases (years ending 31 March 2010 to 2019) and
the National Child Mortality Database (NCMD) *Child death review data release*:

* deaths are counted in the reporting year (1 April to 31 March) in which the child died;
* reviews are counted in the year the panel completed them, whatever year the child died in
  (the DfE counting unit: "reviews completed in the year ending 31 March");
* modifiable factors are a percentage of completed reviews where the panel could decide,
  excluding reviews with insufficient information (as DfE published them);
* categories are the ten CDOP analysis categories of the statutory analysis form;
* rates are per 100,000 children aged 0-17 (ONS mid-year estimate of the calendar year in
  which the reporting year starts), with exact Poisson limits below 10 deaths and Byar's
  method from 10 (PHE / OHID), and are also pooled over a rolling three years, because a
  single year's count is too small to compare.

A panel usually covers several authorities: the loader keeps every case, and
``indicators(data, year, residence=None)`` reports the whole panel (deaths of children
resident in the panel's areas) or one area of residence.

Child deaths are the most sensitive figures a board sees. :func:`board_safe` and
:func:`board_tables` build the only tables fit for a published board report: no count from
1 to 5, no crossed breakdown (category by age by sex), and secondary suppression across
years, across the panel's areas and between linked measures, so nothing hidden can be
recovered by subtraction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import clean, suppression
from . import indicators as ind
from . import population as population_mod
from .periods import ReportingYear
from .rates import round_half_up

__all__ = [
    "CDOPData",
    "CATEGORIES",
    "AGE_BANDS",
    "FILE",
    "SOURCE",
    "UNIT",
    "MIN_DEATHS_FOR_RATE",
    "load",
    "age_at_death",
    "age_band",
    "reporting_year_start",
    "pooled_label",
    "panel_label",
    "indicators",
    "deaths_by_year",
    "deaths_by_year_view",
    "age_view",
    "category_view",
    "modifiable_factors",
    "modifiable_view",
    "time_to_review",
    "time_to_review_view",
    "panel_by_residence",
    "panel_view",
    "board_safe",
    "board_tables",
    "deaths_sentence",
    "reviews_sentence",
    "panel_sentence",
]

FILE = "child_deaths.csv"
SOURCE = "local extract (CDOP)"
UNIT = "per 100,000 aged 0-17"
# below this many deaths a single year's rate says nothing on its own (and PHE limits are exact)
MIN_DEATHS_FOR_RATE = 10

# the ten categories of the CDOP analysis form (Child Death Review statutory guidance, form C)
CATEGORIES: dict[int, str] = {
    1: "deliberately inflicted injury, abuse or neglect",
    2: "suicide or deliberate self-inflicted harm",
    3: "trauma and other external factors",
    4: "malignancy",
    5: "acute medical or surgical condition",
    6: "chronic medical condition",
    7: "chromosomal, genetic and congenital anomalies",
    8: "perinatal/neonatal event",
    9: "infection",
    10: "sudden unexpected, unexplained death",
}
AGE_BANDS = ["0-27 days", "28-364 days", "1-4 years", "5-9 years", "10-14 years", "15-17 years"]
SEXES = {"F": "female", "M": "male", "U": "unknown"}
MODIFIABLE = {"Y": "yes", "N": "no", "U": "insufficient information"}
REVIEW_BANDS = ["under 6 months", "6 to 12 months", "over 12 months"]

REQUIRED = ["case_id", "date_of_birth", "date_of_death", "sex", "residence", "expected",
            "sudden_unexpected", "rapid_response", "review_completed_date", "category", "modifiable"]
OPTIONAL = ["ethnicity", "place_of_death"]
ALIASES = {
    "case_id": ["case id", "caseid", "cdop_id", "cdop id", "child_id"],
    "date_of_birth": ["dob", "date of birth", "birth_date"],
    "date_of_death": ["dod", "date of death", "death_date"],
    "residence": ["la_of_residence", "local authority of residence", "area_of_residence"],
    "review_completed_date": ["review_completed", "review date", "date review completed", "review_date"],
    "sudden_unexpected": ["sudden unexpected", "sudic"],
    "rapid_response": ["rapid response", "joint_agency_response", "jar"],
}
_YES_NO = {"yes": "Y", "no": "N", "y": "Y", "n": "N", "true": "Y", "false": "N", "1": "Y", "0": "N"}
_SEX_ALIASES = {"female": "F", "male": "M", "girl": "F", "boy": "M", "unknown": "U", "indeterminate": "U",
                "not known": "U", "2": "F", "1": "M", "0": "U", "9": "U"}
_MODIFIABLE_ALIASES = {"yes": "Y", "no": "N", "insufficient information": "U", "insufficient": "U",
                       "unknown": "U", "modifiable": "Y", "not modifiable": "N"}


@dataclass
class CDOPData:
    """The panel's cleaned case records and what was rejected.

    ``deaths``: one row per child (pseudonymised ``case_id``; no date of birth is kept) with
    ``date_of_death``, ``age_days``, ``age_years``, ``age_band``, ``sex`` (F/M/U), ``residence``,
    ``expected``, ``sudden_unexpected``, ``rapid_response`` (Y/N), ``review_completed_date``,
    ``category`` (1-10, missing until reviewed), ``modifiable`` (Y/N/U, missing until reviewed),
    ``death_year`` and ``review_year`` (the start year of the reporting year, e.g. 2024 for 2024-25).
    """

    deaths: pd.DataFrame
    population: pd.DataFrame | None
    rejections: clean.Rejections
    panel_areas: list[str] = field(default_factory=list)
    panel_name: str = ""

    @property
    def residences(self) -> list[str]:
        """Every area of residence in the records, the panel's own areas first."""
        found = sorted(set(self.deaths["residence"]) - set(self.panel_areas))
        return list(self.panel_areas) + found


# --------------------------------------------------------------------------- helpers


def reporting_year_start(dates: pd.Series) -> pd.Series:
    """The start year of the reporting year each date falls in (31 March 2025 -> 2024, 1 April 2025 -> 2025)."""
    d = pd.to_datetime(dates)
    out = d.dt.year - (d.dt.month < 4).astype("int64")
    return out.astype("Int64")


def age_at_death(date_of_birth: pd.Series, date_of_death: pd.Series) -> pd.DataFrame:
    """Age at death in days and in completed years (vectorised).

    ``age_days`` is the number of days from birth (the day of birth is day 0).
    ``age_years`` counts birthdays reached, as English law does: a child born on 29 February
    reaches a new year of age on 1 March in a non-leap year. So a child born 1 March 2023 who
    dies on 29 February 2024 is 365 days old but still under one year.
    """
    dob = pd.to_datetime(date_of_birth)
    dod = pd.to_datetime(date_of_death)
    days = (dod - dob).dt.days
    before_birthday = (dod.dt.month < dob.dt.month) | ((dod.dt.month == dob.dt.month) & (dod.dt.day < dob.dt.day))
    years = dod.dt.year - dob.dt.year - before_birthday.astype("int64")
    return pd.DataFrame({"age_days": days.astype("Int64"), "age_years": years.astype("Int64")}, index=dob.index)


def age_band(age_days: pd.Series, age_years: pd.Series) -> pd.Series:
    """The NCMD/DfE age band: 0-27 days (neonatal), 28-364 days (under one year, post-neonatal),
    1-4, 5-9, 10-14, 15-17 years. Under one year means before the first birthday, so a 365-day-old
    child whose first birthday falls after a 29 February is still in '28-364 days'."""
    days = pd.to_numeric(age_days).astype("float64")
    years = pd.to_numeric(age_years).astype("float64")
    conditions = [
        (years == 0) & (days <= 27),
        (years == 0) & (days >= 28),
        years.between(1, 4),
        years.between(5, 9),
        years.between(10, 14),
        years.between(15, 17),
    ]
    return pd.Series(np.select(conditions, AGE_BANDS, default=""), index=age_days.index).replace("", pd.NA)


def pooled_label(years: list[ReportingYear]) -> str:
    """'2022-23 to 2024-25' for a run of reporting years (the label of a single year alone)."""
    years = sorted(years)
    return years[0].label if len(years) == 1 else f"{years[0].label} to {years[-1].label}"


def panel_label(areas: Iterable[str]) -> str:
    """'Exampleshire, Westbridge and Eastmoor'."""
    areas = list(areas)
    if len(areas) <= 1:
        return "".join(areas)
    return ", ".join(areas[:-1]) + " and " + areas[-1]


def _canonical_residence(values: pd.Series, panel_areas: list[str]) -> pd.Series:
    """Trim and fold spaces; spell the panel's own areas as the config does, whatever the case."""
    text = values.fillna("").astype(str).str.replace(r"\s+", " ", regex=True).str.strip()
    lookup = {a.casefold(): a for a in panel_areas}
    return text.map(lambda v: lookup.get(v.casefold(), v))


def _panel_areas(area_dir: Path, pop: pd.DataFrame | None) -> tuple[list[str], str]:
    try:
        from . import config

        area = config.load_area(area_dir.name)
        areas = list(area.panel_areas)
        name = getattr(area, "panel_name", None) or panel_label(areas)
        return areas, name
    except Exception:  # no config for this folder: fall back on the population file's areas
        areas = sorted(pop["area"].unique()) if pop is not None else []
        return areas, panel_label(areas)


# --------------------------------------------------------------------------- loading


def load(area_dir: Path | str, panel_areas: list[str] | None = None) -> CDOPData:
    """Read, validate and clean ``<area_dir>/cdop/child_deaths.csv`` (or .xlsx).

    Every row is used or logged in ``.rejections`` with file, row, column, value and reason:
    unparseable or missing dates of birth or death, a death before birth or in the future, a
    child aged 18 or over at death, unknown codes (sex, expected, sudden_unexpected,
    rapid_response, category 1-10, modifiable Y/N/U), a review completed before the death or
    without a category or modifiable decision, a sudden unexpected death recorded as
    expected, and repeated case IDs. Case IDs are pseudonymised; dates of birth are used only
    to work out the age at death and are not kept.

    ``panel_areas`` defaults to the area's config (``panel_areas``), else the areas in its
    population file. Cases resident elsewhere are kept (their residence as written).

    Raises :class:`clean.InputError` if the file is missing or lacks a required column.
    """
    area_dir = Path(area_dir)
    pop = population_mod.load(area_dir)
    if panel_areas is None:
        panel_areas, panel_name = _panel_areas(area_dir, pop)
    else:
        panel_name = panel_label(panel_areas)
    rejections = clean.Rejections()
    path = clean.find_file(area_dir / "cdop", "child_deaths")
    label = f"cdop/{FILE}" if path is None else f"cdop/{path.name}"
    if path is None:
        raise clean.InputError("does not exist (expected cdop/child_deaths.csv or .xlsx)", file=label)
    raw = clean.read_table(path, rejections, label=label, header_hint=["case_id", "date_of_death"])
    df = clean.require_columns(raw, REQUIRED, label, aliases=ALIASES, rejections=rejections)
    for col in OPTIONAL:
        if col not in df.columns:
            df[col] = ""

    clean.reject_missing(df, ["case_id"], label, rejections)
    clean.dedupe(df.assign(_id=clean.id_text(df["case_id"])), ["_id"], label, rejections)

    today = pd.Timestamp(dt.date.today())
    dob = clean.parse_dates(df, "date_of_birth", label, rejections, not_after=today)
    dod = clean.parse_dates(df, "date_of_death", label, rejections, not_after=today)
    review = clean.parse_dates(df, "review_completed_date", label, rejections, required=False, not_after=today)

    before_birth = dod.notna() & dob.notna() & (dod < dob)
    rejections.add_rows(df, before_birth, label, "date_of_death", "date of death is before the date of birth")
    ages = age_at_death(dob, dod)
    adult = ages["age_years"].fillna(-1).astype("int64").ge(18)
    rejections.add_rows(df, adult, label, "date_of_birth",
                        "aged 18 or over at death: not a child death", values=ages["age_years"].astype(str))
    early_review = review.notna() & dod.notna() & (review < dod)
    rejections.add_rows(df, early_review, label, "review_completed_date", "review completed before the date of death")

    sex = clean.normalise_codes(df["sex"], _SEX_ALIASES)
    clean.reject_unknown(df, "sex", SEXES, label, rejections, values=sex)
    flags = {}
    for col in ("expected", "sudden_unexpected", "rapid_response"):
        flags[col] = clean.normalise_codes(df[col], _YES_NO)
        clean.reject_unknown(df, col, {"Y", "N"}, label, rejections, values=flags[col])
    inconsistent = flags["expected"].eq("Y") & flags["sudden_unexpected"].eq("Y")
    rejections.add_rows(df, inconsistent, label, "sudden_unexpected",
                        "a sudden unexpected death is recorded as expected")

    category_aliases = {name: str(code) for code, name in CATEGORIES.items()}
    category = clean.normalise_codes(df["category"], category_aliases).str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
    clean.reject_unknown(df, "category", {str(k) for k in CATEGORIES}, label, rejections, required=False,
                         values=category)
    modifiable = clean.normalise_codes(df["modifiable"], _MODIFIABLE_ALIASES)
    clean.reject_unknown(df, "modifiable", MODIFIABLE, label, rejections, required=False, values=modifiable)
    reviewed = review.notna()
    rejections.add_rows(df, reviewed & category.eq(""), label, "category",
                        "review completed but no category recorded")
    rejections.add_rows(df, reviewed & modifiable.eq(""), label, "modifiable",
                        "review completed but no decision on modifiable factors recorded")

    residence = _canonical_residence(df["residence"], panel_areas)
    clean.reject_missing(df.assign(residence=residence), ["residence"], label, rejections)

    tidy = pd.DataFrame({
        "_row": df["_row"],
        "case_id": clean.pseudonymise(df["case_id"], prefix="CD"),
        "date_of_death": dod,
        "age_days": ages["age_days"],
        "age_years": ages["age_years"],
        "sex": sex,
        "ethnicity": clean.normalise_codes(df["ethnicity"]),
        "residence": residence,
        "expected": flags["expected"],
        "sudden_unexpected": flags["sudden_unexpected"],
        "rapid_response": flags["rapid_response"],
        "review_completed_date": review.where(reviewed),
        # a provisional category or decision on a case not yet reviewed is not used
        # (rows with an unknown category are rejected above; blank them here so the cast cannot fail)
        "category": pd.to_numeric(category.where(reviewed & category.isin({str(k) for k in CATEGORIES})),
                                  errors="coerce").astype("Int64"),
        "modifiable": modifiable.where(reviewed & modifiable.ne("")),
    })
    tidy = rejections.apply(tidy, label)
    tidy = tidy.assign(
        age_band=age_band(tidy["age_days"], tidy["age_years"]),
        death_year=reporting_year_start(tidy["date_of_death"]),
        review_year=reporting_year_start(tidy["review_completed_date"]),
    )
    tidy = tidy.drop(columns="_row").sort_values(["date_of_death", "case_id"], kind="stable").reset_index(drop=True)
    return CDOPData(deaths=tidy, population=pop, rejections=rejections, panel_areas=list(panel_areas),
                    panel_name=panel_name)


# --------------------------------------------------------------------------- indicators


_MEMO = threading.local()


@contextlib.contextmanager
def _memoised():
    """Within the block (this thread only), reuse the residence selections and the population-free
    part of :func:`_measures` for the same deaths, years and area: :func:`board_tables` asks for the
    same spans from several tables (by year, modifiable factors, time to review) for every area."""
    outer = getattr(_MEMO, "cache", None)
    if outer is None:
        _MEMO.cache = {}
    try:
        yield
    finally:
        if outer is None:
            _MEMO.cache = None


def _select_residence(data: CDOPData, residence: str | None) -> tuple[pd.DataFrame, str, list[str]]:
    """The deaths, the area label and the areas whose populations are the denominator."""
    cache = getattr(_MEMO, "cache", None)
    if cache is None:
        return _select_residence_now(data, residence)
    key = ("residence", id(data), id(data.deaths), residence)
    if key not in cache:
        cache[key] = (data, _select_residence_now(data, residence))  # holds data, so its id stays its own
    return cache[key][1]


def _select_residence_now(data: CDOPData, residence: str | None) -> tuple[pd.DataFrame, str, list[str]]:
    deaths = data.deaths
    if residence is None:
        areas = data.panel_areas or sorted(deaths["residence"].unique())
        return deaths[deaths["residence"].isin(areas)], data.panel_name or panel_label(areas), list(areas)
    known = {r.casefold(): r for r in [*data.panel_areas, *deaths["residence"].unique()]}
    name = known.get(str(residence).strip().casefold())
    if name is None:
        raise ValueError(f"no area of residence {residence!r} in the panel's records; "
                         f"expected one of {', '.join(data.residences)}")
    return deaths[deaths["residence"].eq(name)], name, [name]


def _population(data: CDOPData, areas: list[str], years: list[ReportingYear]) -> float:
    """Children aged 0-17 summed over areas and years (person-years for pooled periods); NaN if any is unknown."""
    values = [population_mod.for_year(data.population, a, y) for a in areas for y in years]
    return float(np.sum(values)) if values and not np.isnan(values).any() else float("nan")


def _frame(area: str, period: str, counts: list[tuple[str, str, float]],
           shares: list[tuple[str, str, float, float]]) -> pd.DataFrame:
    """Count rows and percentage rows (Wilson limits, one vectorised call) as an indicator frame."""
    c = pd.DataFrame(counts, columns=["indicator", "breakdown", "numerator"]).assign(
        denominator=np.nan, unit="count", lower=np.nan, upper=np.nan)
    c["value"] = c["numerator"]
    p = pd.DataFrame(shares, columns=["indicator", "breakdown", "numerator", "denominator"]).assign(
        value=np.nan, lower=np.nan, upper=np.nan)
    p = ind.with_proportions(p)
    out = pd.concat([c, p], ignore_index=True).astype({"numerator": "float64", "denominator": "float64"})
    return out.assign(area=area, period=period, source=SOURCE, symbol="")


def _measures(deaths: pd.DataFrame, years: list[ReportingYear], area: str, population: float) -> pd.DataFrame:
    """Every CDOP measure for deaths (and reviews) in ``years``, as an indicator frame.

    child_deaths: deaths in the period, count and rate per 100,000 aged 0-17 (PHE limits: exact
        Poisson below 10 deaths, Byar's method from 10).
    child_deaths_by_age / _by_sex: counts and percentages of those deaths (Wilson limits).
    child_deaths_unexpected: deaths recorded as not expected (count, % of deaths).
    sudi: sudden unexpected deaths in infancy (sudden_unexpected Y, under one year at death).
    rapid_responses: deaths that had a rapid (joint agency) response.
    reviews_completed: reviews completed in the period, whatever year the child died in (the DfE
        counting unit), split by decision on modifiable factors, by time from death to review
        (calendar months) and by whether the death was in the period.
    reviews_with_modifiable_factors: % of completed reviews with modifiable factors, of those where
        the panel could decide (insufficient information excluded, as DfE), Wilson limits.
    reviews_by_category: completed reviews by CDOP category (count, % of completed reviews).
    review_days_median: median days from death to completed review (denominator: the reviews).
    Source: local CDOP extract; definitions DfE child death reviews statistics and NCMD.
    """
    period = pooled_label(years)
    frame, n, r, median = _measures_parts(deaths, years, area)
    extra = pd.DataFrame([
        ind.rate_row(area, period, "child_deaths", n, population, unit=UNIT, source=SOURCE),
        ind.value_row(area, period, "review_days_median", median, "days", denominator=r, source=SOURCE),
    ])
    return pd.concat([frame, extra], ignore_index=True)


def _measures_parts(deaths: pd.DataFrame, years: list[ReportingYear], area: str):
    """What :func:`_measures` computes that does not depend on the population: the count and
    percentage rows, the deaths, the reviews and the median days to review (memoised within
    :func:`_memoised`)."""
    cache = getattr(_MEMO, "cache", None)
    if cache is None:
        return _measures_parts_now(deaths, years, area)
    key = ("measures", id(deaths), tuple(y.start_year for y in years), area)
    if key not in cache:
        cache[key] = (deaths, _measures_parts_now(deaths, years, area))
    return cache[key][1]


def _measures_parts_now(deaths: pd.DataFrame, years: list[ReportingYear], area: str):
    period = pooled_label(years)
    starts = [y.start_year for y in years]
    died = deaths[deaths["death_year"].isin(starts)]
    reviewed = deaths[deaths["review_year"].isin(starts)]
    n, r = len(died), len(reviewed)
    counts: list[tuple[str, str, float]] = [("child_deaths", "all", n)]
    shares: list[tuple[str, str, float, float]] = []

    def split(indicator: str, values: pd.Series, dim: str, base: int) -> None:
        counts.extend((indicator, f"{dim}:{k}", v) for k, v in values.items())
        shares.extend((indicator, f"{dim}:{k}", v, base) for k, v in values.items())

    split("child_deaths_by_age", died["age_band"].value_counts().reindex(AGE_BANDS, fill_value=0), "age", n)
    sexes = died["sex"].map(SEXES).value_counts().reindex(list(SEXES.values()), fill_value=0)
    split("child_deaths_by_sex", sexes[(sexes.index != "unknown") | (sexes > 0)], "sex", n)
    unexpected = int(died["expected"].eq("N").sum())
    counts.append(("child_deaths_unexpected", "all", unexpected))
    shares.append(("child_deaths_unexpected", "all", unexpected, n))
    counts.append(("sudi", "all", int((died["sudden_unexpected"].eq("Y") & died["age_years"].eq(0)).sum())))
    counts.append(("rapid_responses", "all", int(died["rapid_response"].eq("Y").sum())))

    counts.append(("reviews_completed", "all", r))
    decisions = reviewed["modifiable"].map(MODIFIABLE).value_counts().reindex(list(MODIFIABLE.values()), fill_value=0)
    counts.extend(("reviews_completed", f"modifiable:{k}", v) for k, v in decisions.items())
    in_period = int(reviewed["death_year"].isin(starts).sum())
    counts += [("reviews_completed", "death:in the period", in_period),
               ("reviews_completed", "death:before the period", r - in_period)]
    six = reviewed["review_completed_date"] < reviewed["date_of_death"] + pd.DateOffset(months=6)
    twelve = reviewed["review_completed_date"] <= reviewed["date_of_death"] + pd.DateOffset(months=12)
    bands = [int(six.sum()), int((~six & twelve).sum()), int((~twelve).sum())]
    counts.extend(("reviews_completed", f"time_to_review:{k}", v) for k, v in zip(REVIEW_BANDS, bands))
    yes, no = int(decisions["yes"]), int(decisions["no"])
    shares.append(("reviews_with_modifiable_factors", "all", yes, yes + no))
    categories = reviewed["category"].value_counts().reindex(list(CATEGORIES), fill_value=0)
    categories.index = [CATEGORIES[k] for k in categories.index]
    split("reviews_by_category", categories, "category", r)

    days = (reviewed["review_completed_date"] - reviewed["date_of_death"]).dt.days
    median = float(days.median()) if r else np.nan
    return _frame(area, period, counts, shares), n, r, median


def indicators(data: CDOPData, year, residence: str | None = None, pooled_years: int = 3) -> pd.DataFrame:
    """The CDOP indicator table for one reporting year and the pooled ``pooled_years`` ending in it.

    ``residence=None`` gives the panel (children resident in any of its areas; the denominator
    is the sum of their populations) with the deaths split by area of residence; a name gives
    that area of residence. Measures are defined in :func:`_measures`; the pooled period's
    label is e.g. "2022-23 to 2024-25" and its rate uses the summed populations of the three
    years (person-years), so it is an average annual rate. Source: local CDOP extract;
    definitions DfE child death reviews statistics and NCMD.
    """
    y = ReportingYear(year)
    deaths, area, areas = _select_residence(data, residence)
    frames = []
    for years in ([y], y.trend(pooled_years)):
        frames.append(_measures(deaths, years, area, _population(data, areas, years)))
        if residence is None:
            frames.append(_residence_rows(data, years, area))
    return ind.table(pd.concat(frames, ignore_index=True))


def _residence_rows(data: CDOPData, years: list[ReportingYear], panel: str) -> pd.DataFrame:
    """Panel deaths by area of residence (child_deaths, breakdown residence:<area>): count and share of
    the panel's deaths. Deaths of children resident outside the panel's areas are counted separately
    (breakdown outside_panel:resident elsewhere) and are not in the panel's total or rate."""
    starts = [y.start_year for y in years]
    died = data.deaths[data.deaths["death_year"].isin(starts)]
    counts = died["residence"].value_counts().reindex(data.panel_areas, fill_value=0)
    total = int(counts.sum())
    outside = int((~died["residence"].isin(data.panel_areas)).sum())
    rows = [("child_deaths", f"residence:{a}", k) for a, k in counts.items()]
    rows.append(("child_deaths", "outside_panel:resident elsewhere", outside))
    shares = [("child_deaths", f"residence:{a}", k, total) for a, k in counts.items()]
    return _frame(panel, pooled_label(years), rows, shares)


# --------------------------------------------------------------------------- report tables


def deaths_by_year(data: CDOPData, first, last, residence: str | None = None) -> pd.DataFrame:
    """Deaths in each reporting year from ``first`` to ``last`` with the female and male split, and
    the total over the whole span (the seed 003 table: deaths by year, female:male, total and %).

    Rows: child_deaths (count and rate per 100,000 aged 0-17) and child_deaths_by_sex (count and %)
    for every year and for the span "first to last".
    """
    deaths, area, areas = _select_residence(data, residence)
    years = _years(first, last)
    frames = [_measures(deaths, span, area, _population(data, areas, span)) for span in [[y] for y in years] + [years]]
    out = pd.concat(frames, ignore_index=True)
    return ind.table(out[out["indicator"].isin(["child_deaths", "child_deaths_by_sex"])])


def _years(first, last) -> list[ReportingYear]:
    a, b = ReportingYear(first), ReportingYear(last)
    return [ReportingYear(s) for s in range(a.start_year, b.start_year + 1)]


def _fmt(value, unit: str, symbol: str = "") -> str:
    from .report import format_value

    return format_value(value, unit, symbol)


def _cell(table: pd.DataFrame, area: str, period: str, indicator: str, breakdown: str, unit: str) -> pd.Series | None:
    sub = ind.select(table, indicator, breakdown=breakdown, unit=unit, area=area, period=period)
    return None if sub.empty else sub.iloc[0]


def _text(row: pd.Series | None) -> str:
    if row is None:
        return ""
    return _fmt(row["value"], row["unit"], row.get("symbol", ""))


def deaths_by_year_view(table: pd.DataFrame, area: str) -> pd.DataFrame:
    """The seed 003 layout from :func:`deaths_by_year` (suppressed or not): columns are the years and
    the total; rows Female, Male, Female:male and Total deaths, and the rate per 100,000."""
    sub = table[table["area"].eq(area)]
    periods = sorted(p for p in sub["period"].unique() if " to " not in p) + \
        sorted(p for p in sub["period"].unique() if " to " in p)
    out = {}
    for p in periods:
        f = _cell(sub, area, p, "child_deaths_by_sex", "sex:female", "count")
        m = _cell(sub, area, p, "child_deaths_by_sex", "sex:male", "count")
        fp = _cell(sub, area, p, "child_deaths_by_sex", "sex:female", "percent")
        mp = _cell(sub, area, p, "child_deaths_by_sex", "sex:male", "percent")
        total = _cell(sub, area, p, "child_deaths", "all", "count")
        rate = _cell(sub, area, p, "child_deaths", "all", UNIT)
        out["Total" if " to " in p else p] = {
            "Female": _text(f), "Male": _text(m), "Female:male": f"{_text(f)}:{_text(m)}",
            "Female:male (%)": f"{_text(fp)}:{_text(mp)}", "Total deaths": _text(total),
            "Rate per 100,000 aged 0-17": _rate_text(rate),
        }
    return pd.DataFrame(out)


def _rate_text(row: pd.Series | None) -> str:
    """A rate for display, or a note where the count is too small for a rate to mean anything."""
    if row is None:
        return ""
    if row.get("symbol", "") == suppression.SYMBOL or pd.isna(row["numerator"]):
        return _text(row)
    if row["numerator"] < MIN_DEATHS_FOR_RATE:
        return "too few deaths"
    return _text(row)


def age_view(table: pd.DataFrame, areas: list[str], period: str) -> pd.DataFrame:
    """Deaths by age band, count and percentage, one column pair per area (e.g. the area and its panel)."""
    return _split_view(table, areas, period, "child_deaths_by_age", "age", AGE_BANDS, "Age at death")


def category_view(table: pd.DataFrame, areas: list[str], period: str,
                  england: Mapping[str, float] | pd.Series | None = None) -> pd.DataFrame:
    """Completed reviews by category: count and % for each area (e.g. the area and its panel), and
    England's percentage where a comparator is supplied (a mapping from category number or name to %)."""
    view = _split_view(table, areas, period, "reviews_by_category", "category", list(CATEGORIES.values()),
                       "Category")
    if england is not None:
        eng = {CATEGORIES.get(k, k) if isinstance(k, (int, np.integer)) else k: v for k, v in dict(england).items()}
        view["England (%)"] = [_fmt(eng.get(c, np.nan), "percent") for c in view.index]
    return view


def _split_view(table, areas, period, indicator, dim, labels, index_name) -> pd.DataFrame:
    out = {}
    for area in areas:
        out[f"{area}: number"] = [_text(_cell(table, area, period, indicator, f"{dim}:{lab}", "count")) for lab in labels]
        out[f"{area}: %"] = [_text(_cell(table, area, period, indicator, f"{dim}:{lab}", "percent")) for lab in labels]
    view = pd.DataFrame(out, index=pd.Index(labels, name=index_name))
    return view


def modifiable_factors(data: CDOPData, years: list, residence: str | None = None) -> pd.DataFrame:
    """Reviews completed with modifiable factors, per year and pooled over the years given:
    reviews_with_modifiable_factors (% of reviews where the panel could decide, Wilson limits) and the
    reviews_completed counts by decision (yes, no, insufficient information). Source: DfE/NCMD method."""
    deaths, area, areas = _select_residence(data, residence)
    ys = sorted(ReportingYear(y) for y in years)
    frames = [_measures(deaths, span, area, np.nan) for span in [[y] for y in ys] + ([ys] if len(ys) > 1 else [])]
    out = pd.concat(frames, ignore_index=True)
    dim = out["breakdown"].str.split(":").str[0]
    keep = out["indicator"].eq("reviews_with_modifiable_factors") | (
        out["indicator"].eq("reviews_completed") & dim.isin(["all", "modifiable"]))
    return ind.table(out[keep])


def modifiable_view(table: pd.DataFrame, area: str) -> pd.DataFrame:
    """Per period: reviews completed, with and without modifiable factors, insufficient information,
    and the percentage with modifiable factors with its 95% confidence interval."""
    sub = table[table["area"].eq(area)]
    out = {}
    for p in sorted(sub["period"].unique(), key=lambda s: (" to " in s, s)):
        pct = _cell(sub, area, p, "reviews_with_modifiable_factors", "all", "percent")
        limits = ""
        if pct is not None and not pd.isna(pct["lower"]):
            limits = f"{_fmt(pct['lower'], 'percent')} to {_fmt(pct['upper'], 'percent')}"
        out[p] = {
            "Reviews completed": _text(_cell(sub, area, p, "reviews_completed", "all", "count")),
            "Modifiable factors": _text(_cell(sub, area, p, "reviews_completed", "modifiable:yes", "count")),
            "No modifiable factors": _text(_cell(sub, area, p, "reviews_completed", "modifiable:no", "count")),
            "Insufficient information": _text(_cell(sub, area, p, "reviews_completed",
                                                    "modifiable:insufficient information", "count")),
            "% with modifiable factors": _text(pct),
            "95% confidence interval": limits,
        }
    return pd.DataFrame(out)


def time_to_review(data: CDOPData, years: list, residence: str | None = None) -> pd.DataFrame:
    """Time from death to completed review for reviews completed in each year (and pooled): median
    days (review_days_median) and reviews by band (under 6 months, 6 to 12 months, over 12 months;
    calendar months from the date of death), and whether the death was in the same period."""
    deaths, area, areas = _select_residence(data, residence)
    ys = sorted(ReportingYear(y) for y in years)
    frames = [_measures(deaths, span, area, np.nan) for span in [[y] for y in ys] + ([ys] if len(ys) > 1 else [])]
    out = pd.concat(frames, ignore_index=True)
    dim = out["breakdown"].str.split(":").str[0]
    keep = out["indicator"].eq("review_days_median") | (
        out["indicator"].eq("reviews_completed") & dim.isin(["all", "time_to_review", "death"]))
    return ind.table(out[keep])


def time_to_review_view(table: pd.DataFrame, area: str) -> pd.DataFrame:
    """Per period: reviews completed, of deaths in an earlier period, median days, and reviews by band."""
    sub = table[table["area"].eq(area)]
    out = {}
    for p in sorted(sub["period"].unique(), key=lambda s: (" to " in s, s)):
        col = {"Reviews completed": _text(_cell(sub, area, p, "reviews_completed", "all", "count")),
               "Of deaths in an earlier year": _text(_cell(sub, area, p, "reviews_completed",
                                                           "death:before the period", "count")),
               "Median days from death to review": _text(_cell(sub, area, p, "review_days_median", "all", "days"))}
        for band in REVIEW_BANDS:
            col[f"Completed {band}"] = _text(_cell(sub, area, p, "reviews_completed", f"time_to_review:{band}",
                                                   "count"))
        out[p] = col
    return pd.DataFrame(out)


def panel_by_residence(data: CDOPData, year) -> pd.DataFrame:
    """The panel's total deaths in the year beside each area's number, share and own rate (seed 000
    4.7.5: 58 deaths, 19 Bedford Borough, 17 Central Bedfordshire, 22 Luton). Rows for the panel
    (child_deaths all and residence:<area>) and for each area (child_deaths all, count and rate)."""
    y = ReportingYear(year)
    panel = data.panel_name
    frames = [_measures(_select_residence(data, None)[0], [y], panel, _population(data, data.panel_areas, [y])),
              _residence_rows(data, [y], panel)]
    frames += [_measures(_select_residence(data, a)[0], [y], a, _population(data, [a], [y])) for a in data.panel_areas]
    out = pd.concat(frames, ignore_index=True)
    return ind.table(out[out["indicator"].eq("child_deaths")])


def panel_view(table: pd.DataFrame, panel: str, areas: list[str], period: str) -> pd.DataFrame:
    """Rows: each area and the panel; columns: deaths, % of the panel's deaths, rate per 100,000."""
    out = []
    for area in areas:
        out.append({"Area of residence": area,
                    "Deaths": _text(_cell(table, panel, period, "child_deaths", f"residence:{area}", "count")),
                    "% of the panel's deaths": _text(_cell(table, panel, period, "child_deaths",
                                                           f"residence:{area}", "percent")),
                    "Rate per 100,000 aged 0-17": _rate_text(_cell(table, area, period, "child_deaths", "all", UNIT))})
    out.append({"Area of residence": f"Panel ({panel})",
                "Deaths": _text(_cell(table, panel, period, "child_deaths", "all", "count")),
                "% of the panel's deaths": "100.0",
                "Rate per 100,000 aged 0-17": _rate_text(_cell(table, panel, period, "child_deaths", "all", UNIT))})
    return pd.DataFrame(out).set_index("Area of residence")


# --------------------------------------------------------------------------- disclosure control

_CELL = ["area", "period", "indicator", "breakdown"]
# a cell hidden on the right hides the cell on the left in the same area and period
_LINKED = {
    ("reviews_with_modifiable_factors", "all"): [("reviews_completed", "modifiable:yes"),
                                                  ("reviews_completed", "modifiable:no")],
}


def _crossed(breakdown: pd.Series) -> pd.Series:
    """True for a breakdown that crosses dimensions ('category:x|age:y', 'age:1-4;sex:male')."""
    return breakdown.str.count(":").gt(1) | breakdown.str.contains(r"[|;&]", regex=True)


def _period_span(period: str) -> tuple[int, int]:
    """(first, last) start years of a period label: '2024-25' -> (2024, 2024); 'a to b' -> (a, b)."""
    ends = period.split(" to ")
    return ReportingYear(ends[0]).start_year, ReportingYear(ends[-1]).start_year


def _disclosure_groups(cells: pd.DataFrame, panel: str | None, panel_areas: list[str]):
    """The additive groups and links that secondary suppression must respect.

    Returns ``groups`` as (parts, total) pairs, where ``total`` is the position of the cell the parts
    add up to (or -1), and ``links`` as (target, sources): the target is hidden when any source is.
    """
    keys = list(cells[_CELL].itertuples(index=False, name=None))
    pos = {k: i for i, k in enumerate(keys)}
    groups: list[tuple[np.ndarray, int]] = []
    links: list[tuple[int, list[int]]] = []
    # 1. breakdowns of one measure (age bands, sexes, categories, areas of residence...)
    dims = cells["breakdown"].str.split(":").str[0]
    for _, idx in cells[cells["breakdown"].ne("all")].groupby(
            [cells["area"], cells["period"], cells["indicator"], dims]).groups.items():
        if len(idx) > 1:
            groups.append((np.asarray(idx), -1))
    # 2. years: a pooled period is the sum of its single years, and a longer period less a shorter one
    #    inside it is the sum of the years between
    spans = cells["period"].map(_period_span)
    singles: dict[tuple, dict[int, int]] = {}
    pooled: dict[tuple, list[tuple[int, int, int]]] = {}
    for i, (a, _period, indicator, b) in enumerate(keys):
        first, last = spans.iat[i]
        if first == last:
            singles.setdefault((a, indicator, b), {})[first] = i
        else:
            pooled.setdefault((a, indicator, b), []).append((first, last, i))
    for key, windows in pooled.items():
        years = singles.get(key, {})
        for first, last, i in windows:
            if all(y in years for y in range(first, last + 1)):
                groups.append((np.array([years[y] for y in range(first, last + 1)]), i))
            for f2, l2, j in windows:
                if j != i and first <= f2 and l2 <= last and (f2, l2) != (first, last):
                    rest = [y for y in range(first, last + 1) if not f2 <= y <= l2]
                    if all(y in years for y in rest):
                        groups.append((np.array([years[y] for y in rest]), i))
    # 3. linked measures
    for i, (a, p, indicator, b) in enumerate(keys):
        for src in _LINKED.get((indicator, b), []):
            j = pos.get((a, p, *src))
            if j is not None:
                links.append((i, [j]))
    # 4. the panel is the sum of its areas; an area's total is the panel's residence cell
    if panel is not None and panel_areas:
        for i, (a, p, indicator, b) in enumerate(keys):
            if a != panel or b.startswith(("residence:", "outside_panel:")):
                continue
            parts = [pos.get((area, p, indicator, b)) for area in panel_areas]
            if all(j is not None for j in parts):
                groups.append((np.array(parts), i))
        for area in panel_areas:
            for i, (a, p, indicator, b) in enumerate(keys):
                if a == area and indicator == "child_deaths" and b == "all":
                    j = pos.get((panel, p, "child_deaths", f"residence:{area}"))
                    if j is not None:
                        links += [(j, [i]), (i, [j])]
    return groups, links


def board_safe(table: pd.DataFrame, suppress: bool = True, *, panel: str | None = None,
               panel_areas: Iterable[str] = (), threshold: int = suppression.THRESHOLD) -> pd.DataFrame:
    """Disclosure control for published (board) CDOP output; ``suppress=False`` returns the table
    unchanged for reviewers (it must be switched off explicitly).

    1. Rows with crossed breakdowns (category by age by sex, ...) are dropped: they could identify a child.
    2. :func:`suppression.suppress`: counts 1 to ``threshold`` shown as 'c', with the rates and
       percentages on them or on a base of 1 to ``threshold`` (DfE practice).
    3. Secondary suppression, repeated until nothing changes, so that no hidden figure can be worked
       out by adding or subtracting figures shown anywhere in the table: in every additive group with
       exactly one hidden cell, the smallest other non-zero cell is hidden too (or, if none is left,
       the group's total). The groups are
       * the breakdowns of one measure (age bands, sexes, categories, areas of residence);
       * years: a pooled period ('2022-23 to 2024-25') and its single years, and a longer period less
         a shorter one inside it;
       * the panel and its areas (``panel``, ``panel_areas``): each area's report shows its own
         figures, so the areas' cells must not leave one hidden cell recoverable from the panel's;
       * linked cells: an area's deaths and the panel's 'residence:<area>' cell are one figure; the %
         of reviews with modifiable factors is hidden with the count with or without them.
    Returns the same rows (less crossed ones) with ``suppressed`` True and ``symbol`` 'c' where hidden.
    """
    if not suppress:
        out = table.copy()
        out["suppressed"] = False
        return out
    keep = table[~_crossed(table["breakdown"].astype(str))].reset_index(drop=True)
    out = suppression.suppress(keep, threshold)
    cells = out.groupby(_CELL, sort=False)["suppressed"].any().rename("hidden").reset_index()
    numerators = keep.groupby(_CELL, sort=False)["numerator"].max()
    num = numerators.reindex(pd.MultiIndex.from_frame(cells[_CELL])).to_numpy(dtype="float64")
    hidden = cells["hidden"].to_numpy().copy()
    groups, links = _disclosure_groups(cells, panel, list(panel_areas))

    changed = True
    while changed:
        changed = False
        for target, sources in links:
            if not hidden[target] and hidden[sources].any():
                hidden[target] = changed = True
        for parts, total in groups:
            if hidden[parts].sum() != 1:
                continue
            visible = [i for i in parts if not hidden[i] and not np.isnan(num[i])]
            if visible:
                pool = [i for i in visible if num[i] > 0] or visible
                hidden[min(pool, key=lambda i: (num[i], i))] = changed = True
            elif total >= 0 and not hidden[total]:
                hidden[total] = changed = True

    hidden_keys = pd.MultiIndex.from_frame(cells.loc[hidden, _CELL])
    mask = pd.MultiIndex.from_frame(out[_CELL]).isin(hidden_keys)
    out.loc[mask, ["numerator", "value", "lower", "upper"]] = np.nan
    out.loc[mask, "symbol"] = suppression.SYMBOL
    out["suppressed"] = mask
    return out


def board_tables(data: CDOPData, year, residence: str | None = None, trend_years: int = 5,
                 suppress: bool = True) -> dict[str, pd.DataFrame]:
    """Every CDOP table for a report, built from one combined indicator table that has been through
    :func:`board_safe` as a whole (so tables cannot be subtracted from each other), computed for the
    panel and every one of its areas (so the panel's figures and each area's report hide consistently).

    Returns indicator tables keyed ``indicators`` (the year and the pooled three years, area and
    panel), ``by_year`` (``trend_years`` single years and their span), ``modifiable``,
    ``time_to_review`` and ``panel`` (the year, the panel beside each area). With ``suppress=False``
    (reviewers only) nothing is hidden.
    """
    with _memoised():
        return _board_tables(data, year, residence, trend_years, suppress)


def _board_tables(data: CDOPData, year, residence: str | None, trend_years: int,
                  suppress: bool) -> dict[str, pd.DataFrame]:
    y = ReportingYear(year)
    trend = y.trend(trend_years)
    areas = list(data.panel_areas)
    _, own, _ = _select_residence(data, residence)
    parts = {"indicators": [], "by_year": [], "modifiable": [], "time_to_review": [], "panel": []}
    for who in [None, *areas] + ([] if residence is None or own in areas else [own]):
        parts["indicators"].append(indicators(data, y, who))
        parts["by_year"].append(deaths_by_year(data, trend[0], trend[-1], who))
        parts["modifiable"].append(modifiable_factors(data, trend, who))
        parts["time_to_review"].append(time_to_review(data, trend, who))
    parts["panel"].append(panel_by_residence(data, y))
    tagged = [t.assign(_part=name) for name, tables in parts.items() for t in tables]
    combined = pd.concat(tagged, ignore_index=True)
    unique = combined.drop_duplicates(_CELL + ["unit"]).drop(columns="_part").reset_index(drop=True)
    safe = board_safe(ind.table(unique), suppress, panel=data.panel_name, panel_areas=areas)
    safe_key = safe.set_index(_CELL + ["unit"])
    wanted = {own, data.panel_name, *areas}
    out = {}
    for name in parts:
        sub = combined[combined["_part"].eq(name)].drop_duplicates(_CELL + ["unit"])
        if name != "panel":
            sub = sub[sub["area"].isin({own, data.panel_name})]
        else:
            sub = sub[sub["area"].isin(wanted)]
        idx = pd.MultiIndex.from_frame(sub[_CELL + ["unit"]])
        out[name] = safe_key.loc[idx].reset_index()[safe.columns.tolist()].reset_index(drop=True)
    return out


# --------------------------------------------------------------------------- sentences


def _n(value) -> str:
    return f"{int(round_half_up(value, 0)):,}"


def _children(n: float) -> str:
    return "one child" if n == 1 else f"{_n(n)} children"


def deaths_sentence(table: pd.DataFrame, area: str, year, pooled_years: int = 3) -> str:
    """A plain-English sentence on deaths and the rate for ``area`` in ``year`` from an indicator table
    (suppressed or not). Where the year has fewer than 10 deaths it says a rate would mean little and
    gives the pooled three-year rate instead; where a count is hidden it says so, without the number."""
    y = ReportingYear(year)
    pooled = pooled_label(y.trend(pooled_years))
    count = _cell(table, area, y.label, "child_deaths", "all", "count")
    rate = _cell(table, area, y.label, "child_deaths", "all", UNIT)
    p_count = _cell(table, area, pooled, "child_deaths", "all", "count")
    p_rate = _cell(table, area, pooled, "child_deaths", "all", UNIT)
    if count is None:
        return f"There are no figures for child deaths in {area} in {y.label}."
    who = f"children resident in {area}" if area not in ("",) else "children"
    if count.get("symbol", "") == suppression.SYMBOL or pd.isna(count["value"]):
        first = (f"The number of {who} who died in {y.label} is too small to publish without risking "
                 "identifying a child, so it is not shown.")
        small = True
    else:
        n = count["value"]
        if n == 0:
            return f"No child resident in {area} died in {y.label}."
        first = f"{_children(n).capitalize()} resident in {area} died in {y.label}."
        small = n < MIN_DEATHS_FOR_RATE
        if not small and rate is not None and not pd.isna(rate["value"]):
            first = (f"{_children(n).capitalize()} resident in {area} died in {y.label}, a rate of "
                     f"{_fmt(rate['value'], UNIT)} per 100,000 children aged 0-17 (95% confidence interval "
                     f"{_fmt(rate['lower'], UNIT)} to {_fmt(rate['upper'], UNIT)}).")
            return first
    if not small:
        return first
    second = ("With fewer than 10 deaths a rate for a single year would mean little: one death more or fewer "
              "changes it a great deal.")
    if p_count is None or p_rate is None or pd.isna(p_count["value"]) or pd.isna(p_rate["value"]):
        return f"{first} {second}"
    if p_count["value"] < MIN_DEATHS_FOR_RATE:
        return (f"{first} {second} Even over the three years {pooled} there were too few deaths "
                f"({_n(p_count['value'])}) for a reliable rate.")
    return (f"{first} {second} Over the three years {pooled}, {_children(p_count['value'])} died, a rate of "
            f"{_fmt(p_rate['value'], UNIT)} per 100,000 children aged 0-17 a year (95% confidence interval "
            f"{_fmt(p_rate['lower'], UNIT)} to {_fmt(p_rate['upper'], UNIT)}).")


def reviews_sentence(table: pd.DataFrame, area: str, period: str) -> str:
    """Reviews completed in ``period``, how many concerned deaths in earlier years, and the share with
    modifiable factors (of those where the panel could decide), hidden figures left out."""
    reviews = _cell(table, area, period, "reviews_completed", "all", "count")
    earlier = _cell(table, area, period, "reviews_completed", "death:before the period", "count")
    pct = _cell(table, area, period, "reviews_with_modifiable_factors", "all", "percent")
    if reviews is None:
        return f"There are no figures for child death reviews in {period}."
    if pd.isna(reviews["value"]):
        return (f"The number of reviews of deaths of children resident in {area} completed in {period} is too "
                "small to publish.")
    r = reviews["value"]
    if r == 0:
        return f"The panel completed no reviews of deaths of children resident in {area} in {period}."
    text = f"The panel completed {_n(r)} review{'s' if r != 1 else ''} of deaths of children resident in {area} in {period}"
    if earlier is not None and not pd.isna(earlier["value"]) and earlier["value"] > 0:
        text += f", {_n(earlier['value'])} of them of children who died in an earlier year"
    text += "."
    if pct is not None and not pd.isna(pct["value"]):
        text += (f" Of the reviews where the panel had enough information to decide, {_fmt(pct['value'], 'percent')}% "
                 f"found modifiable factors (95% confidence interval {_fmt(pct['lower'], 'percent')}% to "
                 f"{_fmt(pct['upper'], 'percent')}%).")
    elif pct is not None:
        text += " The share with modifiable factors is not shown: the numbers are too small."
    return text


def panel_sentence(table: pd.DataFrame, panel: str, areas: list[str], period: str) -> str:
    """'The panel was notified of 58 deaths: 19 in A, 17 in B and 22 in C' (hidden figures left out)."""
    total = _cell(table, panel, period, "child_deaths", "all", "count")
    if total is None:
        return ""
    parts = []
    for a in areas:
        c = _cell(table, panel, period, "child_deaths", f"residence:{a}", "count")
        if c is not None and not pd.isna(c["value"]):
            parts.append(f"{_n(c['value'])} in {a}")
    if pd.isna(total["value"]):
        head = (f"The panel's total for {period} is not shown, because a figure for one of its areas is too "
                "small to publish and could otherwise be worked out")
    else:
        head = f"The {panel} panel reviews the deaths of children resident in its {len(areas)} areas: " \
               f"{_n(total['value'])} children died in {period}"
    return head + (f" ({', '.join(parts)})." if parts else ".")


# --------------------------------------------------------------------------- notebook helpers


def combined(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One indicator table from :func:`board_tables` (each figure once), e.g. to write to processed/."""
    frames = [t for t in tables.values() if len(t)]
    if not frames:
        return ind.empty()
    out = pd.concat(frames, ignore_index=True).drop_duplicates(_CELL + ["unit"])
    return out.reset_index(drop=True)


def comparison_word(table: pd.DataFrame, area: str, other: str, period: str) -> str:
    """'higher than', 'lower than' or 'similar to': ``area``'s death rate against ``other``'s in ``period``,
    judged by whether ``area``'s 95% confidence interval excludes ``other``'s rate; '' if either is missing."""
    mine = _cell(table, area, period, "child_deaths", "all", UNIT)
    theirs = _cell(table, other, period, "child_deaths", "all", UNIT)
    if mine is None or theirs is None or pd.isna(mine["value"]) or pd.isna(theirs["value"]):
        return ""
    if mine["lower"] > theirs["value"]:
        return "higher than"
    if mine["upper"] < theirs["value"]:
        return "lower than"
    return "similar to"


def trend_chart(by_year: pd.DataFrame, area: str, panel: str, pooled: pd.DataFrame | None = None,
                pooled_period: str | None = None):
    """Deaths per 100,000 children aged 0-17 each year for ``area`` and its panel (hidden years left as
    gaps, never drawn as zero), titled with the finding from the pooled rates when given."""
    from . import plots

    rates = by_year[by_year["unit"].eq(UNIT) & by_year["breakdown"].eq("all") & by_year["area"].isin([area, panel])
                    & ~by_year["period"].str.contains(" to ")]
    # no rate on fewer than 10 deaths, as in the tables
    rates = rates.assign(**{c: rates[c].where(rates["numerator"].ge(MIN_DEATHS_FOR_RATE)) for c in ("value", "lower", "upper")})
    data = rates.assign(series=rates["area"].replace({panel: "Panel"}))[["period", "series", "value", "lower", "upper"]]
    word = comparison_word(pooled, area, panel, pooled_period) if pooled is not None and pooled_period else ""
    if word:
        title = f"{area}'s child death rate was {word} the panel's"
    else:
        title = f"Child deaths per 100,000 children aged 0-17, {area} and its panel"
    shown = data[data["series"].eq(area) & data["value"].notna()]
    alt = (f"Line chart of child deaths per 100,000 children aged 0-17 each year from {data['period'].min()} to "
           f"{data['period'].max()} for {area} and the panel ({panel}). "
           + (f"{area}'s rate ranged from {_fmt(shown['value'].min(), UNIT)} to {_fmt(shown['value'].max(), UNIT)}. "
              if len(shown) else "")
           + "Years with fewer than 10 deaths, or figures too small to publish, are left as gaps.")
    return plots.trend(data, x="period", y="value", series="series", title=title, alt=alt,
                       ylabel="Deaths per 100,000 aged 0-17", highlight=area, lower="lower", upper="upper")


def small_numbers_note(suppress: bool) -> str:
    """The sentence under every table saying what 'c' means (or that nothing is hidden)."""
    if suppress:
        return ("c: a number from 1 to 5, or a figure from which one could be worked out, hidden to protect "
                "the privacy of bereaved families. Rates are not given for fewer than 10 deaths.")
    return ("Reviewer edition: small numbers are shown. Do not publish these tables. Rates are not given for "
            "fewer than 10 deaths.")
