"""Child deaths: reading, checking and cleaning the panel's case records.

``load(area_dir)`` reads ``<area_dir>/cdop/child_deaths.csv`` (DESIGN.md section 4), rejects every
row it cannot use with a reason (file, row, column; never a value from a child's record), keeps the
age at death but not the date of birth, and pseudonymises case IDs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.inputs import clean
from lscb_analysis.inputs import population as population_mod
from lscb_analysis.sections.child_deaths.codes import (
    AGE_BANDS,
    CATEGORIES,
    FILE,
    MODIFIABLE,
    SEXES,
    ethnic_group,
    imd_quintile,
    panel_label,
)

REQUIRED = ["case_id", "date_of_birth", "date_of_death", "sex", "residence", "expected",
            "sudden_unexpected", "rapid_response", "review_completed_date", "category", "modifiable"]
OPTIONAL = ["ethnicity", "place_of_death", "lsoa_code"]
ALIASES = {
    "case_id": ["case id", "caseid", "cdop_id", "cdop id", "child_id"],
    "date_of_birth": ["dob", "date of birth", "birth_date"],
    "date_of_death": ["dod", "date of death", "death_date"],
    "residence": ["la_of_residence", "local authority of residence", "area_of_residence"],
    "review_completed_date": ["review_completed", "review date", "date review completed", "review_date"],
    "sudden_unexpected": ["sudden unexpected", "sudic"],
    "rapid_response": ["rapid response", "joint_agency_response", "jar"],
    "lsoa_code": ["lsoa", "lsoa code", "lsoa11cd", "lsoa21cd", "lsoa_of_residence"],
    "ethnicity": ["ethnic_group", "ethnic group", "ethnic origin"],  # used (ethnic groups), so not 'ignored'
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
    ``death_year`` and ``review_year`` (the start year of the reporting year, e.g. 2024 for 2024-25),
    ``ethnic_group`` (codes.ETHNIC_GROUPS) and ``imd_quintile`` (1-5 from the LSOA of residence through
    ``cdop/imd_lookup.csv``; missing where unknown). The LSOA code itself is not kept.

    ``births``: live births per area and reporting year (``area``, ``start_year``, ``live_births``) from
    ``cdop/births.csv``, or None. ``deprivation``: True where an IMD lookup was supplied.
    """

    deaths: pd.DataFrame
    population: pd.DataFrame | None
    rejections: clean.Rejections
    panel_areas: list[str] = field(default_factory=list)
    panel_name: str = ""
    births: pd.DataFrame | None = None
    deprivation: bool = False

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
    lsoa = df["lsoa_code"].fillna("").astype(str).str.strip().str.upper()
    deciles = read_imd_lookup(area_dir, rejections)
    clean.reject_missing(df.assign(residence=residence), ["residence"], label, rejections)

    tidy = pd.DataFrame({
        "_row": df["_row"],
        "case_id": clean.pseudonymise(df["case_id"], prefix="CD"),
        "date_of_death": dod,
        "age_days": ages["age_days"],
        "age_years": ages["age_years"],
        "sex": sex,
        "ethnicity": clean.normalise_codes(df["ethnicity"]),
        "ethnic_group": ethnic_group(df["ethnicity"]),
        "imd_quintile": pd.array([imd_quintile(deciles.get(c)) if deciles else None for c in lsoa], dtype="Int64"),
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
    _note_unlisted(tidy["residence"], panel_areas, label, rejections)
    missing = [a for a in panel_areas if pop is None or a not in set(pop["area"])]
    if missing:
        rejections.note(label, f"population.csv has no children for {panel_label(missing)}: deaths there are "
                               "counted, but no rate is given for that area or for the panel")
    if deciles is not None and tidy["imd_quintile"].isna().any():
        rejections.note(label, "some records have no LSOA code, or one that is not in cdop/imd_lookup.csv: "
                               "their deprivation is counted as not known")
    tidy = tidy.assign(
        age_band=age_band(tidy["age_days"], tidy["age_years"]),
        death_year=reporting_year_start(tidy["date_of_death"]),
        review_year=reporting_year_start(tidy["review_completed_date"]),
    )
    tidy = tidy.drop(columns="_row").sort_values(["date_of_death", "case_id"], kind="stable").reset_index(drop=True)
    return CDOPData(deaths=tidy, population=pop, rejections=rejections, panel_areas=list(panel_areas),
                    panel_name=panel_name, births=read_births(area_dir, rejections),
                    deprivation=deciles is not None)


def _note_unlisted(residence: pd.Series, panel_areas: list[str], label: str, rejections: clean.Rejections) -> None:
    """Name, in the data-quality summary, the areas of residence the panel does not list: their deaths
    are counted apart ('resident elsewhere'), never silently left out of the panel's figures."""
    unlisted = sorted(set(residence) - set(panel_areas)) if panel_areas else []
    if unlisted:
        rejections.note(label, f"records of children resident in {panel_label(unlisted)}, which the panel's "
                               "config does not list, are not in the panel's totals or rates: they are counted "
                               "as 'resident elsewhere'. If the panel covers that area, add it to panel_areas "
                               "in the area's config and to population.csv.")


def read_imd_lookup(area_dir: Path, rejections: clean.Rejections) -> dict[str, int] | None:
    """``cdop/imd_lookup.csv`` (``lsoa_code``, ``imd_decile`` 1-10, 1 the most deprived tenth of England's
    LSOAs; English Indices of Deprivation, MHCLG) as {LSOA code: decile}, or None where there is no file.
    Rows without a code or a decile from 1 to 10 are rejected with a reason."""
    path = clean.find_file(area_dir / "cdop", "imd_lookup")
    if path is None:
        return None
    label = f"cdop/{path.name}"
    raw = clean.read_table(path, rejections, label=label, header_hint=["lsoa_code", "imd_decile"])
    df = clean.require_columns(raw, ["lsoa_code", "imd_decile"], label, rejections=rejections,
                               aliases={"lsoa_code": ALIASES["lsoa_code"], "imd_decile": ["decile", "imd decile"]})
    clean.reject_missing(df, ["lsoa_code"], label, rejections)
    decile = pd.to_numeric(df["imd_decile"], errors="coerce")
    rejections.add_rows(df, ~decile.between(1, 10) | (decile % 1 != 0), label, "imd_decile",
                        "not an IMD decile from 1 to 10")
    kept = rejections.apply(df.assign(decile=decile), label)
    codes = kept["lsoa_code"].astype(str).str.strip().str.upper()
    return dict(zip(codes, kept["decile"].astype(int)))


def read_births(area_dir: Path, rejections: clean.Rejections) -> pd.DataFrame | None:
    """``cdop/births.csv``: ``area``, ``year`` (a reporting year, '2024-25', or its start year, 2024) and
    ``live_births`` (live births to mothers resident in the area in that year; ONS births by area of
    usual residence), the denominator of infant and neonatal mortality. None where there is no file."""
    path = clean.find_file(area_dir / "cdop", "births")
    if path is None:
        return None
    label = f"cdop/{path.name}"
    raw = clean.read_table(path, rejections, label=label, header_hint=["area", "live_births"])
    df = clean.require_columns(raw, ["area", "year", "live_births"], label, rejections=rejections,
                               aliases={"live_births": ["births", "live births"], "year": ["reporting_year"]})
    clean.reject_missing(df, ["area"], label, rejections)

    def start(text) -> float:
        try:
            return float(ReportingYear(int(text) if str(text).strip().isdigit() else str(text).strip()).start_year)
        except (TypeError, ValueError):
            return np.nan

    years = df["year"].map(start)
    rejections.add_rows(df, years.isna(), label, "year", "not a reporting year (2024-25 or 2024)")
    births = pd.to_numeric(df["live_births"], errors="coerce")
    rejections.add_rows(df, ~(births > 0) | (births % 1 != 0), label, "live_births",
                        "not a whole number of live births above 0")
    keyed = df.assign(area=df["area"].astype(str).str.strip(), year=years, births=births)
    clean.dedupe(keyed, ["area", "year"], label, rejections)
    kept = rejections.apply(keyed, label)
    out = pd.DataFrame({"area": kept["area"], "start_year": kept["year"].astype(int),
                        "live_births": kept["births"].astype(float)})
    return out.reset_index(drop=True)

