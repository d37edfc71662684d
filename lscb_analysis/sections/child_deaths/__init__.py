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

from lscb_analysis.inputs import clean
from lscb_analysis.core import rates
from lscb_analysis.core import suppression
from lscb_analysis.core import indicators as ind
from lscb_analysis.inputs import population as population_mod
from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.core.rates import round_half_up

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
        from lscb_analysis.inputs import config

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
    """Within the block (this thread only), work out once what every table of a report shares: the
    case records as arrays (:class:`_Encoded`), the residence selections, the counts for a selection
    and period (:func:`_measure_counts`) and each area's population for a year. Every public function
    runs inside one, and :func:`board_tables` runs all its tables inside one; the memo is dropped when
    the outermost block ends, so nothing is reused from one call to the next (the data may have
    changed in between)."""
    outer = getattr(_MEMO, "cache", None)
    if outer is None:
        _MEMO.cache = {}
    try:
        yield
    finally:
        if outer is None:
            _MEMO.cache = None


def _memo(key: tuple, owner, compute):
    """``compute()``, once per ``key`` within :func:`_memoised` (every time outside it). ``owner`` (the
    object whose ``id()`` is in the key) is kept with the value, so that id cannot be reused meanwhile."""
    cache = getattr(_MEMO, "cache", None)
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = (owner, compute())
    return cache[key][1]


@dataclass(frozen=True)
class _Encoded:
    """The cleaned case records as NumPy arrays, one element per death, so that any selection of
    children and any run of years is counted with a few array operations rather than pandas
    selections. Codes are positions in AGE_BANDS, SEXES, MODIFIABLE and CATEGORIES (-1: none of them);
    years are start years of reporting years (NaN: unknown or not reviewed)."""

    residence: np.ndarray
    death_year: np.ndarray
    review_year: np.ndarray
    age_band: np.ndarray
    sex: np.ndarray
    unexpected: np.ndarray  # expected N
    sudi: np.ndarray  # sudden_unexpected Y and under one year at death
    rapid: np.ndarray  # rapid_response Y
    modifiable: np.ndarray
    category: np.ndarray
    within_6: np.ndarray  # review completed before 6 calendar months from the death
    within_12: np.ndarray  # review completed on or before 12 calendar months from the death
    days: np.ndarray  # days from death to completed review (NaN: not reviewed)


def _flag(values: pd.Series) -> np.ndarray:
    return values.to_numpy(dtype=bool, na_value=False)


def _codes(values: pd.Series, categories) -> np.ndarray:
    return pd.Categorical(values, categories=list(categories)).codes.astype("int64")


def _encode(deaths: pd.DataFrame) -> _Encoded:
    died, review = deaths["date_of_death"], deaths["review_completed_date"]
    return _Encoded(
        residence=deaths["residence"].to_numpy(dtype=object),
        death_year=pd.to_numeric(deaths["death_year"]).to_numpy(dtype="float64", na_value=np.nan),
        review_year=pd.to_numeric(deaths["review_year"]).to_numpy(dtype="float64", na_value=np.nan),
        age_band=_codes(deaths["age_band"], AGE_BANDS),
        sex=_codes(deaths["sex"], SEXES),
        unexpected=_flag(deaths["expected"].eq("N")),
        sudi=_flag(deaths["sudden_unexpected"].eq("Y") & deaths["age_years"].eq(0)),
        rapid=_flag(deaths["rapid_response"].eq("Y")),
        modifiable=_codes(deaths["modifiable"], MODIFIABLE),
        category=_codes(deaths["category"], CATEGORIES),
        within_6=_flag(review < died + pd.DateOffset(months=6)),
        within_12=_flag(review <= died + pd.DateOffset(months=12)),
        days=(review - died).dt.days.to_numpy(dtype="float64", na_value=np.nan),
    )


def _encoded(data: CDOPData) -> _Encoded:
    deaths = data.deaths
    return _memo(("encoded", id(deaths)), deaths, lambda: _encode(deaths))


@dataclass(frozen=True)
class _Selection:
    """The children whose deaths are counted (``mask`` over ``data.deaths``), the area label and the
    areas whose populations are the denominator."""

    mask: np.ndarray
    area: str
    areas: list[str]


def _select_residence(data: CDOPData, residence: str | None) -> _Selection:
    """The panel (``None``: children resident in any of its areas) or one area of residence."""
    return _memo(("residence", id(data), id(data.deaths), residence), data,
                 lambda: _select_residence_now(data, residence))


def _select_residence_now(data: CDOPData, residence: str | None) -> _Selection:
    deaths = data.deaths
    if residence is None:
        areas = data.panel_areas or sorted(deaths["residence"].unique())
        return _Selection(_flag(deaths["residence"].isin(areas)), data.panel_name or panel_label(areas), list(areas))
    known = {r.casefold(): r for r in [*data.panel_areas, *deaths["residence"].unique()]}
    name = known.get(str(residence).strip().casefold())
    if name is None:
        raise ValueError(f"no area of residence {residence!r} in the panel's records; "
                         f"expected one of {', '.join(data.residences)}")
    return _Selection(_flag(deaths["residence"].eq(name)), name, [name])


def _population(data: CDOPData, areas: list[str], years: list[ReportingYear]) -> float:
    """Children aged 0-17 summed over areas and years (person-years for pooled periods); NaN if any is
    unknown. Each area's figure for a year (:func:`population.for_year`) is looked up once per memo."""
    pop = data.population

    def one(area: str, year: ReportingYear) -> float:
        return _memo(("population", id(pop), area, year.mid_year), pop,
                     lambda: population_mod.for_year(pop, area, year))

    values = [one(a, y) for a in areas for y in years]
    return float(np.sum(values)) if values and not np.isnan(values).any() else float("nan")


# an indicator row, in the order of the indicator table's columns (indicators.COLUMNS, then symbol)
_ROW = [*ind.COLUMNS, "symbol"]
_AREA, _PERIOD, _INDICATOR, _BREAKDOWN, _UNIT = (_ROW.index(c) for c in ("area", "period", "indicator",
                                                                         "breakdown", "unit"))


def _key(row: tuple) -> tuple:
    """(area, period, indicator, breakdown, unit): what identifies a row of an indicator table."""
    return row[_AREA], row[_PERIOD], row[_INDICATOR], row[_BREAKDOWN], row[_UNIT]


def _count_row(area: str, period: str, indicator: str, breakdown: str, count) -> tuple:
    c = float(count)
    return (area, period, indicator, breakdown, c, np.nan, c, np.nan, np.nan, "count", SOURCE, "")


def _share_row(area: str, period: str, indicator: str, breakdown: str, numerator, denominator) -> tuple:
    """A percentage: value and Wilson limits are filled in by :func:`_rows_frame`."""
    return (area, period, indicator, breakdown, float(numerator), float(denominator), np.nan, np.nan, np.nan,
            "percent", SOURCE, "")


def _rows_frame(rows: list[tuple]) -> pd.DataFrame:
    """Indicator rows as a frame (not yet validated: see :func:`_table`), with every percentage (Wilson
    score limits, as ``indicators.with_proportions``) and every rate per 100,000 (PHE limits, as
    ``indicators.rate_row``) worked out in one vectorised call each."""
    columns = list(zip(*rows)) if rows else [()] * len(_ROW)
    data = dict(zip(_ROW, columns))
    num = np.array(data["numerator"], dtype="float64")
    den = np.array(data["denominator"], dtype="float64")
    values = {c: np.array(data[c], dtype="float64") for c in ("value", "lower", "upper")}
    unit = np.array(data["unit"], dtype=object)
    known = ~np.isnan(num) & ~np.isnan(den)
    shares = (unit == "percent") & known & (den > 0)
    if shares.any():
        r = rates.proportion(num[shares], den[shares])
        for c in values:
            values[c][shares] = r[c].to_numpy()
    per = (unit == UNIT) & known
    if per.any():
        r = rates.rate(num[per], den[per], per=ind.RATE_UNITS[UNIT])
        for c in values:
            values[c][per] = r[c].to_numpy()
    frame = {c: list(data[c]) for c in _ROW}
    frame.update(numerator=num, denominator=den, **values)
    return pd.DataFrame(frame, columns=_ROW)


def _table(rows: list[tuple]) -> pd.DataFrame:
    """Indicator rows as a validated indicator table (:func:`indicators.table`)."""
    return ind.table(_rows_frame(rows))


@dataclass(frozen=True)
class _Counts:
    """What :func:`_measures` reports for one selection of children and one run of years, before the
    population: deaths in the years, reviews completed in them, and their breakdowns."""

    deaths: int
    by_age: np.ndarray  # AGE_BANDS
    by_sex: np.ndarray  # SEXES
    unexpected: int
    sudi: int
    rapid: int
    reviews: int
    decisions: np.ndarray  # MODIFIABLE
    in_period: int  # reviews of deaths in the years
    review_bands: list[int]  # REVIEW_BANDS
    categories: np.ndarray  # CATEGORIES
    median_days: float


def _tally(codes: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(codes[codes >= 0], minlength=n)[:n]


def _measure_counts(data: CDOPData, selection: _Selection, years: list[ReportingYear]) -> _Counts:
    """The counts for ``selection`` and ``years`` (memoised within :func:`_memoised`)."""
    starts = tuple(y.start_year for y in years)
    mask = selection.mask
    return _memo(("counts", id(data.deaths), id(mask), starts), (data.deaths, mask),
                 lambda: _measure_counts_now(_encoded(data), mask, list(starts)))


def _measure_counts_now(enc: _Encoded, mask: np.ndarray, starts: list[int]) -> _Counts:
    died = mask & np.isin(enc.death_year, starts)
    reviewed = mask & np.isin(enc.review_year, starts)
    r = int(reviewed.sum())
    six, twelve = enc.within_6[reviewed], enc.within_12[reviewed]
    return _Counts(
        deaths=int(died.sum()),
        by_age=_tally(enc.age_band[died], len(AGE_BANDS)),
        by_sex=_tally(enc.sex[died], len(SEXES)),
        unexpected=int(enc.unexpected[died].sum()),
        sudi=int(enc.sudi[died].sum()),
        rapid=int(enc.rapid[died].sum()),
        reviews=r,
        decisions=_tally(enc.modifiable[reviewed], len(MODIFIABLE)),
        in_period=int(np.isin(enc.death_year[reviewed], starts).sum()),
        review_bands=[int(six.sum()), int((~six & twelve).sum()), int((~twelve).sum())],
        categories=_tally(enc.category[reviewed], len(CATEGORIES)),
        median_days=float(pd.Series(enc.days[reviewed]).median()) if r else np.nan,
    )


def _measures(data: CDOPData, selection: _Selection, years: list[ReportingYear], area: str,
              population: float) -> list[tuple]:
    """Every CDOP measure for deaths (and reviews) in ``years``, as indicator rows.

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

    Rows come in a fixed order: the counts, then the percentages, then the rate and the median.
    """
    period = pooled_label(years)
    c = _measure_counts(data, selection, years)
    n, r = c.deaths, c.reviews
    counts: list[tuple[str, str, int]] = [("child_deaths", "all", n)]
    shares: list[tuple[str, str, int, int]] = []

    def split(indicator: str, dim: str, labels: Iterable[str], values: Iterable[int], base: int) -> None:
        pairs = list(zip(labels, values))
        counts.extend((indicator, f"{dim}:{k}", v) for k, v in pairs)
        shares.extend((indicator, f"{dim}:{k}", v, base) for k, v in pairs)

    split("child_deaths_by_age", "age", AGE_BANDS, c.by_age, n)
    sexes = [(k, v) for k, v in zip(SEXES.values(), c.by_sex) if k != "unknown" or v > 0]
    split("child_deaths_by_sex", "sex", [k for k, _ in sexes], [v for _, v in sexes], n)
    counts.append(("child_deaths_unexpected", "all", c.unexpected))
    shares.append(("child_deaths_unexpected", "all", c.unexpected, n))
    counts.append(("sudi", "all", c.sudi))
    counts.append(("rapid_responses", "all", c.rapid))

    counts.append(("reviews_completed", "all", r))
    counts.extend(("reviews_completed", f"modifiable:{k}", v) for k, v in zip(MODIFIABLE.values(), c.decisions))
    counts += [("reviews_completed", "death:in the period", c.in_period),
               ("reviews_completed", "death:before the period", r - c.in_period)]
    counts.extend(("reviews_completed", f"time_to_review:{k}", v) for k, v in zip(REVIEW_BANDS, c.review_bands))
    yes, no = int(c.decisions[0]), int(c.decisions[1])
    shares.append(("reviews_with_modifiable_factors", "all", yes, yes + no))
    split("reviews_by_category", "category", CATEGORIES.values(), c.categories, r)

    rows = [_count_row(area, period, *x) for x in counts] + [_share_row(area, period, *x) for x in shares]
    rows.append((area, period, "child_deaths", "all", float(n), float(population), np.nan, np.nan, np.nan,
                 UNIT, SOURCE, ""))
    rows.append((area, period, "review_days_median", "all", np.nan, float(r), c.median_days, np.nan, np.nan,
                 "days", SOURCE, ""))
    return rows


def indicators(data: CDOPData, year, residence: str | None = None, pooled_years: int = 3) -> pd.DataFrame:
    """The CDOP indicator table for one reporting year and the pooled ``pooled_years`` ending in it.

    ``residence=None`` gives the panel (children resident in any of its areas; the denominator
    is the sum of their populations) with the deaths split by area of residence; a name gives
    that area of residence. Measures are defined in :func:`_measures`; the pooled period's
    label is e.g. "2022-23 to 2024-25" and its rate uses the summed populations of the three
    years (person-years), so it is an average annual rate. Source: local CDOP extract;
    definitions DfE child death reviews statistics and NCMD.
    """
    with _memoised():
        return _table(_indicator_rows(data, year, residence, pooled_years))


def _indicator_rows(data: CDOPData, year, residence: str | None, pooled_years: int) -> list[tuple]:
    y = ReportingYear(year)
    selection = _select_residence(data, residence)
    rows: list[tuple] = []
    for years in ([y], y.trend(pooled_years)):
        rows += _measures(data, selection, years, selection.area, _population(data, selection.areas, years))
        if residence is None:
            rows += _residence_rows(data, years, selection.area)
    return rows


def _residence_rows(data: CDOPData, years: list[ReportingYear], panel: str) -> list[tuple]:
    """Panel deaths by area of residence (child_deaths, breakdown residence:<area>): count and share of
    the panel's deaths. Deaths of children resident outside the panel's areas are counted separately
    (breakdown outside_panel:resident elsewhere) and are not in the panel's total or rate."""
    enc = _encoded(data)
    residence = enc.residence[np.isin(enc.death_year, [y.start_year for y in years])]
    counts = [int((residence == a).sum()) for a in data.panel_areas]
    total = sum(counts)
    inside = set(data.panel_areas)
    outside = sum(1 for r in residence if r not in inside)
    period = pooled_label(years)
    rows = [_count_row(panel, period, "child_deaths", f"residence:{a}", k) for a, k in zip(data.panel_areas, counts)]
    rows.append(_count_row(panel, period, "child_deaths", "outside_panel:resident elsewhere", outside))
    rows += [_share_row(panel, period, "child_deaths", f"residence:{a}", k, total)
             for a, k in zip(data.panel_areas, counts)]
    return rows


# --------------------------------------------------------------------------- report tables


def deaths_by_year(data: CDOPData, first, last, residence: str | None = None) -> pd.DataFrame:
    """Deaths in each reporting year from ``first`` to ``last`` with the female and male split, and
    the total over the whole span (the seed 003 table: deaths by year, female:male, total and %).

    Rows: child_deaths (count and rate per 100,000 aged 0-17) and child_deaths_by_sex (count and %)
    for every year and for the span "first to last". Definitions as :func:`_measures` (DfE child
    death reviews statistics, NCMD).
    """
    with _memoised():
        return _table(_deaths_by_year_rows(data, first, last, residence))


def _deaths_by_year_rows(data: CDOPData, first, last, residence: str | None) -> list[tuple]:
    selection = _select_residence(data, residence)
    years = _years(first, last)
    rows = [row for span in [[y] for y in years] + [years]
            for row in _measures(data, selection, span, selection.area, _population(data, selection.areas, span))]
    return [row for row in rows if row[_INDICATOR] in ("child_deaths", "child_deaths_by_sex")]


def _years(first, last) -> list[ReportingYear]:
    a, b = ReportingYear(first), ReportingYear(last)
    return [ReportingYear(s) for s in range(a.start_year, b.start_year + 1)]


def _fmt(value, unit: str, symbol: str = "") -> str:
    from lscb_analysis.report.display import format_value

    return format_value(value, unit, symbol)


def _text(row: Mapping | None) -> str:
    if row is None:
        return ""
    return _fmt(row["value"], row["unit"], row.get("symbol", ""))


def deaths_by_year_view(table: pd.DataFrame, area: str) -> pd.DataFrame:
    """The seed 003 layout from :func:`deaths_by_year` (suppressed or not): columns are the years and
    the total; rows Female, Male, Female:male and Total deaths, and the rate per 100,000."""
    sub = table[table["area"].eq(area)]
    periods = sorted(p for p in sub["period"].unique() if " to " not in p) + \
        sorted(p for p in sub["period"].unique() if " to " in p)
    cell = ind.Cells(sub)
    out = {}
    for p in periods:
        f = cell(area, p, "child_deaths_by_sex", "sex:female", "count")
        m = cell(area, p, "child_deaths_by_sex", "sex:male", "count")
        fp = cell(area, p, "child_deaths_by_sex", "sex:female", "percent")
        mp = cell(area, p, "child_deaths_by_sex", "sex:male", "percent")
        total = cell(area, p, "child_deaths", "all", "count")
        rate = cell(area, p, "child_deaths", "all", UNIT)
        out["Total" if " to " in p else p] = {
            "Female": _text(f), "Male": _text(m), "Female:male": f"{_text(f)}:{_text(m)}",
            "Female:male (%)": f"{_text(fp)}:{_text(mp)}", "Total deaths": _text(total),
            "Rate per 100,000 aged 0-17": _rate_text(rate),
        }
    return pd.DataFrame(out)


def _rate_text(row: Mapping | None) -> str:
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
    cell = ind.Cells(table)
    out = {}
    for area in areas:
        out[f"{area}: number"] = [_text(cell(area, period, indicator, f"{dim}:{lab}", "count")) for lab in labels]
        out[f"{area}: %"] = [_text(cell(area, period, indicator, f"{dim}:{lab}", "percent")) for lab in labels]
    view = pd.DataFrame(out, index=pd.Index(labels, name=index_name))
    return view


def modifiable_factors(data: CDOPData, years: list, residence: str | None = None) -> pd.DataFrame:
    """Reviews completed with modifiable factors, per year and pooled over the years given:
    reviews_with_modifiable_factors (% of reviews where the panel could decide, Wilson limits) and the
    reviews_completed counts by decision (yes, no, insufficient information). Source: DfE/NCMD method."""
    with _memoised():
        return _table(_modifiable_rows(data, years, residence))


def _spans(years: list) -> list[list[ReportingYear]]:
    """Each year alone, then all of them together (if more than one)."""
    ys = sorted(ReportingYear(y) for y in years)
    return [[y] for y in ys] + ([ys] if len(ys) > 1 else [])


def _dim(breakdown: str) -> str:
    return breakdown.split(":")[0]


def _modifiable_rows(data: CDOPData, years: list, residence: str | None) -> list[tuple]:
    selection = _select_residence(data, residence)
    rows = [row for span in _spans(years) for row in _measures(data, selection, span, selection.area, np.nan)]
    return [row for row in rows if row[_INDICATOR] == "reviews_with_modifiable_factors" or (
        row[_INDICATOR] == "reviews_completed" and _dim(row[_BREAKDOWN]) in ("all", "modifiable"))]


def modifiable_view(table: pd.DataFrame, area: str) -> pd.DataFrame:
    """Per period: reviews completed, with and without modifiable factors, insufficient information,
    and the percentage with modifiable factors with its 95% confidence interval."""
    sub = table[table["area"].eq(area)]
    cell = ind.Cells(sub)
    out = {}
    for p in sorted(sub["period"].unique(), key=lambda s: (" to " in s, s)):
        pct = cell(area, p, "reviews_with_modifiable_factors", "all", "percent")
        limits = ""
        if pct is not None and not pd.isna(pct["lower"]):
            limits = f"{_fmt(pct['lower'], 'percent')} to {_fmt(pct['upper'], 'percent')}"
        out[p] = {
            "Reviews completed": _text(cell(area, p, "reviews_completed", "all", "count")),
            "Modifiable factors": _text(cell(area, p, "reviews_completed", "modifiable:yes", "count")),
            "No modifiable factors": _text(cell(area, p, "reviews_completed", "modifiable:no", "count")),
            "Insufficient information": _text(cell(area, p, "reviews_completed",
                                                   "modifiable:insufficient information", "count")),
            "% with modifiable factors": _text(pct),
            "95% confidence interval": limits,
        }
    return pd.DataFrame(out)


def time_to_review(data: CDOPData, years: list, residence: str | None = None) -> pd.DataFrame:
    """Time from death to completed review for reviews completed in each year (and pooled): median
    days (review_days_median) and reviews by band (under 6 months, 6 to 12 months, over 12 months;
    calendar months from the date of death), and whether the death was in the same period."""
    with _memoised():
        return _table(_time_to_review_rows(data, years, residence))


def _time_to_review_rows(data: CDOPData, years: list, residence: str | None) -> list[tuple]:
    selection = _select_residence(data, residence)
    rows = [row for span in _spans(years) for row in _measures(data, selection, span, selection.area, np.nan)]
    return [row for row in rows if row[_INDICATOR] == "review_days_median" or (
        row[_INDICATOR] == "reviews_completed" and _dim(row[_BREAKDOWN]) in ("all", "time_to_review", "death"))]


def time_to_review_view(table: pd.DataFrame, area: str) -> pd.DataFrame:
    """Per period: reviews completed, of deaths in an earlier period, median days, and reviews by band."""
    sub = table[table["area"].eq(area)]
    cell = ind.Cells(sub)
    out = {}
    for p in sorted(sub["period"].unique(), key=lambda s: (" to " in s, s)):
        col = {"Reviews completed": _text(cell(area, p, "reviews_completed", "all", "count")),
               "Of deaths in an earlier year": _text(cell(area, p, "reviews_completed",
                                                          "death:before the period", "count")),
               "Median days from death to review": _text(cell(area, p, "review_days_median", "all", "days"))}
        for band in REVIEW_BANDS:
            col[f"Completed {band}"] = _text(cell(area, p, "reviews_completed", f"time_to_review:{band}", "count"))
        out[p] = col
    return pd.DataFrame(out)


def panel_by_residence(data: CDOPData, year) -> pd.DataFrame:
    """The panel's total deaths in the year beside each area's number, share and own rate (seed 000
    4.7.5: 58 deaths, 19 Bedford Borough, 17 Central Bedfordshire, 22 Luton). Rows for the panel
    (child_deaths all and residence:<area>) and for each area (child_deaths all, count and rate).
    Definitions as :func:`_measures` (DfE child death reviews statistics, NCMD)."""
    with _memoised():
        return _table(_panel_rows(data, year))


def _panel_rows(data: CDOPData, year) -> list[tuple]:
    y = ReportingYear(year)
    panel = data.panel_name
    rows = _measures(data, _select_residence(data, None), [y], panel, _population(data, data.panel_areas, [y]))
    rows += _residence_rows(data, [y], panel)
    for a in data.panel_areas:
        rows += _measures(data, _select_residence(data, a), [y], a, _population(data, [a], [y]))
    return [row for row in rows if row[_INDICATOR] == "child_deaths"]


def panel_view(table: pd.DataFrame, panel: str, areas: list[str], period: str) -> pd.DataFrame:
    """Rows: each area and the panel; columns: deaths, % of the panel's deaths, rate per 100,000."""
    cell = ind.Cells(table)
    out = []
    for area in areas:
        out.append({"Area of residence": area,
                    "Deaths": _text(cell(panel, period, "child_deaths", f"residence:{area}", "count")),
                    "% of the panel's deaths": _text(cell(panel, period, "child_deaths",
                                                          f"residence:{area}", "percent")),
                    "Rate per 100,000 aged 0-17": _rate_text(cell(area, period, "child_deaths", "all", UNIT))})
    out.append({"Area of residence": f"Panel ({panel})",
                "Deaths": _text(cell(panel, period, "child_deaths", "all", "count")),
                "% of the panel's deaths": "100.0",
                "Rate per 100,000 aged 0-17": _rate_text(cell(panel, period, "child_deaths", "all", UNIT))})
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
    own = _select_residence(data, residence).area
    parts: dict[str, list[list[tuple]]] = {"indicators": [], "by_year": [], "modifiable": [], "time_to_review": [],
                                           "panel": []}
    for who in [None, *areas] + ([] if residence is None or own in areas else [own]):
        parts["indicators"].append(_indicator_rows(data, y, who, 3))
        parts["by_year"].append(_deaths_by_year_rows(data, trend[0], trend[-1], who))
        parts["modifiable"].append(_modifiable_rows(data, trend, who))
        parts["time_to_review"].append(_time_to_review_rows(data, trend, who))
    parts["panel"].append(_panel_rows(data, y))
    # each table alone must be a valid indicator table (as indicators(), deaths_by_year()... return it)
    for tables in parts.values():
        for rows in tables:
            _check_rows(rows)
    # every figure once, in order of first appearance, through disclosure control as a whole
    first: dict[tuple, tuple] = {}
    for tables in parts.values():
        for rows in tables:
            for row in rows:
                first.setdefault(_key(row), row)
    safe = board_safe(_table(list(first.values())), suppress, panel=data.panel_name, panel_areas=areas)
    position = {k: i for i, k in enumerate(zip(*(safe[c] for c in ("area", "period", "indicator", "breakdown",
                                                                     "unit"))))}
    wanted = {own, data.panel_name, *areas}
    out = {}
    for name, tables in parts.items():
        shown = wanted if name == "panel" else {own, data.panel_name}
        keys = dict.fromkeys(_key(row) for rows in tables for row in rows)
        out[name] = safe.iloc[[position[k] for k in keys if k[0] in shown]].reset_index(drop=True)
    return out


def _check_rows(rows: list[tuple]) -> None:
    """Raise what :func:`indicators.validate` raises for a table of ``rows`` with a repeated row or a
    missing area, period or indicator (the checks that taking each figure once would otherwise hide)."""
    keys = [_key(row) for row in rows]
    if len(set(keys)) != len(keys) or any(not (k[0] and k[1] and k[2]) for k in keys):
        _table(rows)


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
    cell = ind.Cells(table)
    count = cell(area, y.label, "child_deaths", "all", "count")
    rate = cell(area, y.label, "child_deaths", "all", UNIT)
    p_count = cell(area, pooled, "child_deaths", "all", "count")
    p_rate = cell(area, pooled, "child_deaths", "all", UNIT)
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
    cell = ind.Cells(table)
    reviews = cell(area, period, "reviews_completed", "all", "count")
    earlier = cell(area, period, "reviews_completed", "death:before the period", "count")
    pct = cell(area, period, "reviews_with_modifiable_factors", "all", "percent")
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
    cell = ind.Cells(table)
    total = cell(panel, period, "child_deaths", "all", "count")
    if total is None:
        return ""
    parts = []
    for a in areas:
        c = cell(panel, period, "child_deaths", f"residence:{a}", "count")
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
    cell = ind.Cells(table)
    mine = cell(area, period, "child_deaths", "all", UNIT)
    theirs = cell(other, period, "child_deaths", "all", UNIT)
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
    from lscb_analysis.report import plots

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
