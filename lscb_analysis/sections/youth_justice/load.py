"""Loading the youth justice extracts: ``load(area_dir) -> YOSData``.

Finds ``<area_dir>/yos/`` files by name, reads them with the ``inputs`` readers, pseudonymises every
identifier (:mod:`lscb_analysis.inputs.pseudonyms`) and records every rejected row (file, row, column,
reason; never a value from a child's record) in one :class:`clean.Rejections`. Rows read = used + rejected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.inputs import clean, population
from lscb_analysis.inputs.extracts import read_extract
from lscb_analysis.inputs.pseudonyms import pseudonymise
from lscb_analysis.sections.youth_justice.codes import (
    AGE_OF_CRIMINAL_RESPONSIBILITY,
    BOARD_COLUMNS,
    COMMUNITY,
    CUSTODY,
    DIR,
    FIRST_TIER,
    ID_ALIASES,
    INTERVENTION_TYPES,
    KPI_CODES,
    KPI_COLUMNS,
    KPI_OPTIONAL,
    LEVEL_ALIASES,
    LEVELS,
    NOT_RECORDED,
    OUTCOME_ALIASES,
    OUTCOME_CODES,
    OUTCOME_COLUMNS,
    OUTCOME_OPTIONAL,
    PRE_COURT,
    REMAND_ALIASES,
    REMAND_TYPES,
    SEX_ALIASES,
    STAGE_ALIASES,
    STAGES,
    YES_NO,
    YOUTH_MAX_AGE,
)


@dataclass
class YOSData:
    """The cleaned youth justice tables for one area.

    ``outcomes`` (one row per proven or recorded outcome; ``young_person_id`` pseudonymised,
    ``outcome_group`` one of pre-court, first tier, community, custody, not substantive, ages at
    offence and outcome in whole years), ``custody_releases`` (with the child's date of birth and
    sex from the outcomes), ``remands``, ``assessments``, the area's ``population`` (single years
    of age, or None) and the ``rejections`` log. ``files`` says which files were found.
    """

    area: str
    outcomes: pd.DataFrame
    custody_releases: pd.DataFrame
    remands: pd.DataFrame
    assessments: pd.DataFrame
    population: pd.DataFrame | None
    rejections: clean.Rejections
    files: dict[str, bool] = field(default_factory=dict)
    history_start: pd.Timestamp | None = None
    #: one row per intervention with the KPI fields at its start and end (``kpi_interventions.csv``)
    kpi_interventions: pd.DataFrame | None = None
    #: partners expected at each management board meeting and whether they attended
    board_attendance: pd.DataFrame | None = None
    #: the youth justice service's name and the councils it covers (config ``youth_justice_service``)
    service: str | None = None
    councils: list[str] = field(default_factory=list)
    #: targets from the area config (``targets:``), by indicator
    targets: dict = field(default_factory=dict)

    @property
    def data_start(self) -> pd.Timestamp | None:
        """Where the history the extract can see begins: ``history_start`` if given (the date the
        extract was drawn from), else the first day of the month of the earliest outcome date
        (extracts are drawn from a month start, and the first outcome rarely falls on it)."""
        if self.history_start is not None:
            return pd.Timestamp(self.history_start)
        d = self.outcomes["outcome_date"].dropna() if len(self.outcomes) else pd.Series(dtype="datetime64[ns]")
        return None if d.empty else pd.Timestamp(d.min()).normalize().replace(day=1)

    @property
    def extract_date(self) -> pd.Timestamp | None:
        """The latest date anywhere in the data, taken as the date of the extract."""
        dates = [self.outcomes.get("outcome_date"), self.custody_releases.get("release_date"),
                 self.remands.get("remand_start"), self.remands.get("remand_end"),
                 self.assessments.get("assessment_date")]
        values = [s.max() for s in dates if s is not None and s.notna().any()]
        return pd.Timestamp(max(values)) if values else None


def area_name(area_dir: Path | str) -> str:
    """The area's display name from its config file, else the folder name in title case."""
    slug = Path(area_dir).name
    try:
        from lscb_analysis.inputs import config

        return config.load_area(slug).name
    except Exception:  # no config and not a real authority: fall back to the folder name
        return slug.replace("-", " ").replace("_", " ").title()


def age_at(date_of_birth: pd.Series, date: pd.Series) -> pd.Series:
    """Age in completed years on ``date`` (a child born on 29 February has a birthday on
    1 March in other years, as the Family Law Reform Act 1969 s9 has it). NaN where a date is missing."""
    dob = pd.to_datetime(date_of_birth)
    d = pd.to_datetime(date)
    years = d.dt.year - dob.dt.year
    before_birthday = (d.dt.month < dob.dt.month) | ((d.dt.month == dob.dt.month) & (d.dt.day < dob.dt.day))
    return (years - before_birthday.astype("float64")).where(dob.notna() & d.notna())


def _parse_dates(df: pd.DataFrame, column: str, file: str, rej: clean.Rejections, **kw) -> pd.Series:
    """:func:`clean.parse_dates`, at one resolution (nanoseconds) whatever the file type."""
    return clean.parse_dates(df, column, file, rej, **kw).astype("datetime64[ns]")


def _rejected(df: pd.DataFrame, rej: clean.Rejections, file: str) -> pd.Series:
    return df["_row"].isin(rej.rejected_rows(file))


def _empty(columns: Sequence[str], dates: Sequence[str] = ()) -> pd.DataFrame:
    df = pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    for c in dates:
        df[c] = pd.Series(dtype="datetime64[ns]")
    return df


def _read(folder: Path, stem: str, required: list[str], optional: list[str], rej: clean.Rejections,
          aliases: dict | None = None) -> tuple[pd.DataFrame | None, str]:
    """``yos/<stem>.csv`` (or .xlsx) read by :func:`inputs.extracts.read_extract`; ``(None, label)`` if absent."""
    return read_extract(folder, stem, required, optional, rej, aliases=aliases)


def _load_outcomes(folder: Path, rej: clean.Rejections, key: bytes | None) -> pd.DataFrame:
    cols = OUTCOME_COLUMNS + OUTCOME_OPTIONAL
    df, f = _read(folder, "outcomes", OUTCOME_COLUMNS, OUTCOME_OPTIONAL, rej, ID_ALIASES)
    if df is None:
        rej.note(f, "not found: no first time entrants, re-offending, custody or caseload figures")
        return _empty(cols + ["outcome_group", "age_at_offence", "age_at_outcome"],
                      ["date_of_birth", "offence_date", "outcome_date"])
    df["young_person_id"] = clean.id_text(df["young_person_id"])
    clean.reject_missing(df, ["young_person_id"], f, rej)
    dob = _parse_dates(df, "date_of_birth", f, rej)
    offence = _parse_dates(df, "offence_date", f, rej)
    outcome_date = _parse_dates(df, "outcome_date", f, rej)
    code = clean.normalise_codes(df["outcome"], OUTCOME_ALIASES)
    clean.reject_unknown(df, "outcome", OUTCOME_CODES, f, rej, values=code)
    sex = clean.normalise_codes(df["sex"], SEX_ALIASES)
    sex = sex.where(sex.ne(""), "U")
    clean.reject_unknown(df, "sex", {"M", "F", "U"}, f, rej, values=sex)

    late = offence.notna() & outcome_date.notna() & (offence > outcome_date)
    rej.add_rows(df, late, f, "offence_date", "offence date is after the outcome date", df["offence_date"])
    age_off = age_at(dob, offence)
    young = age_off.notna() & (age_off < AGE_OF_CRIMINAL_RESPONSIBILITY)
    rej.add_rows(df, young, f, "offence_date",
                 "offence dated before the child's 10th birthday: below the age of criminal responsibility "
                 "(Children and Young Persons Act 1933 s50), so a data error in the offence date or date of birth",
                 df["offence_date"])
    adult = age_off.notna() & (age_off > YOUTH_MAX_AGE)
    rej.add_rows(df, adult, f, "offence_date",
                 "offence committed aged 18 or over: outside youth justice (check the date of birth)",
                 df["offence_date"])

    # exact repeats, among rows still in use
    work = df.assign(_dob=dob, _off=offence, _out=outcome_date, _code=code,
                     _type=df["offence_type"].fillna("").astype(str).str.strip())
    alive = work[~_rejected(work, rej, f)]
    clean.dedupe(pd.DataFrame({"_row": alive["_row"], "young_person_id": alive["young_person_id"],
                               "date_of_birth": alive["_dob"], "offence_date": alive["_off"],
                               "outcome_date": alive["_out"], "outcome": alive["_code"],
                               "offence_type": alive["_type"]}),
                 ["young_person_id", "date_of_birth", "offence_date", "outcome_date", "outcome", "offence_type"],
                 f, rej)

    # one date of birth per child: rows disagreeing with the child's most common date are rejected
    alive = work[~_rejected(work, rej, f)]
    if len(alive):
        counts = alive.groupby(["young_person_id", "_dob"], sort=False).agg(n=("_row", "size"), first=("_row", "min"))
        counts = counts.reset_index().sort_values(["young_person_id", "n", "first"], ascending=[True, False, True])
        modal = counts.drop_duplicates("young_person_id").set_index("young_person_id")["_dob"]
        expected = alive["young_person_id"].map(modal)
        odd = alive["_dob"].ne(expected)
        rej.add_rows(alive, odd, f, "date_of_birth",
                     "date of birth differs from this young person's other records", alive["date_of_birth"])

    keep = rej.apply(work, f)
    out = pd.DataFrame({
        "young_person_id": pseudonymise(keep["young_person_id"], key),
        "date_of_birth": keep["_dob"],
        "sex": sex.loc[keep.index],
        "ethnicity": keep["ethnicity"].fillna("").astype(str).str.strip(),
        "residence": keep["residence"].fillna("").astype(str).str.strip(),
        "offence_date": keep["_off"],
        "outcome_date": keep["_out"],
        "outcome": keep["_code"],
        "offence_type": keep["_type"],
    })
    out["outcome_group"] = outcome_group(out["outcome"])
    out["age_at_offence"] = age_at(out["date_of_birth"], out["offence_date"])
    out["age_at_outcome"] = age_at(out["date_of_birth"], out["outcome_date"])
    return out.sort_values(["young_person_id", "outcome_date", "offence_date", "outcome"],
                           kind="stable").reset_index(drop=True)


def outcome_group(codes: pd.Series) -> pd.Series:
    """pre-court, first tier, community, custody or not substantive, for each outcome code."""
    conditions = [codes.isin(PRE_COURT), codes.isin(FIRST_TIER), codes.isin(COMMUNITY), codes.isin(CUSTODY)]
    return pd.Series(np.select(conditions, ["pre-court", "first tier", "community", "custody"],
                               default="not substantive"), index=codes.index)


def _children(outcomes: pd.DataFrame) -> pd.DataFrame:
    """One row per child: date of birth and sex from their latest outcome."""
    return (outcomes.sort_values(["young_person_id", "outcome_date"], kind="stable")
            .drop_duplicates("young_person_id", keep="last")
            .set_index("young_person_id")[["date_of_birth", "sex"]])


def _load_releases(folder: Path, rej: clean.Rejections, key: bytes | None, children: pd.DataFrame) -> pd.DataFrame:
    cols = ["young_person_id", "release_date", "date_of_birth", "sex"]
    df, f = _read(folder, "custody_releases", ["young_person_id", "release_date"], [], rej, ID_ALIASES)
    if df is None:
        rej.note(f, "not found: re-offending cohorts include no releases from custody")
        return _empty(cols, ["release_date", "date_of_birth"])
    df["young_person_id"] = clean.id_text(df["young_person_id"])
    clean.reject_missing(df, ["young_person_id"], f, rej)
    release = _parse_dates(df, "release_date", f, rej)
    work = df.assign(_release=release, _pid=pseudonymise(df["young_person_id"], key))
    alive = work[~_rejected(work, rej, f)]
    clean.dedupe(pd.DataFrame({"_row": alive["_row"], "young_person_id": alive["young_person_id"],
                               "release_date": alive["_release"]}), ["young_person_id", "release_date"], f, rej)
    alive = work[~_rejected(work, rej, f)]
    unlinked = alive["young_person_id"].ne("") & ~alive["_pid"].isin(children.index)
    rej.add_rows(alive, unlinked, f, "young_person_id",
                 "no outcome record for this young person: date of birth unknown, so the release cannot "
                 "be placed in a youth re-offending cohort")
    keep = rej.apply(work, f)
    out = pd.DataFrame({"young_person_id": keep["_pid"], "release_date": keep["_release"]})
    out = out.join(children, on="young_person_id")
    return out.sort_values(["young_person_id", "release_date"], kind="stable").reset_index(drop=True)


def _load_remands(folder: Path, rej: clean.Rejections, key: bytes | None) -> pd.DataFrame:
    cols = ["young_person_id", "remand_start", "remand_end", "remand_type"]
    df, f = _read(folder, "remands", cols, [], rej, ID_ALIASES)
    if df is None:
        rej.note(f, "not found: no remand figures")
        return _empty(cols, ["remand_start", "remand_end"])
    df["young_person_id"] = clean.id_text(df["young_person_id"])
    clean.reject_missing(df, ["young_person_id"], f, rej)
    start = _parse_dates(df, "remand_start", f, rej)
    end = _parse_dates(df, "remand_end", f, rej, required=False)
    kind = clean.normalise_codes(df["remand_type"], REMAND_ALIASES, upper=False).str.lower().str.replace(" ", "_")
    clean.reject_unknown(df, "remand_type", REMAND_TYPES, f, rej, values=kind)
    backwards = start.notna() & end.notna() & (end < start)
    rej.add_rows(df, backwards, f, "remand_end", "remand ends before it starts", df["remand_end"])
    work = df.assign(_start=start, _end=end, _type=kind)
    alive = work[~_rejected(work, rej, f)]
    clean.dedupe(pd.DataFrame({"_row": alive["_row"], "young_person_id": alive["young_person_id"],
                               "remand_start": alive["_start"], "remand_type": alive["_type"]}),
                 ["young_person_id", "remand_start", "remand_type"], f, rej)
    keep = rej.apply(work, f)
    out = pd.DataFrame({"young_person_id": pseudonymise(keep["young_person_id"], key),
                        "remand_start": keep["_start"], "remand_end": keep["_end"], "remand_type": keep["_type"]})
    return out.sort_values(["young_person_id", "remand_start"], kind="stable").reset_index(drop=True)


def _load_assessments(folder: Path, rej: clean.Rejections, key: bytes | None) -> pd.DataFrame:
    cols = ["young_person_id", "assessment_date", "stage", "vulnerability", "risk_of_serious_harm"]
    df, f = _read(folder, "assessments", cols, [], rej, ID_ALIASES)
    if df is None:
        rej.note(f, "not found: no risk and vulnerability figures")
        return _empty(cols, ["assessment_date"])
    df["young_person_id"] = clean.id_text(df["young_person_id"])
    clean.reject_missing(df, ["young_person_id"], f, rej)
    date = _parse_dates(df, "assessment_date", f, rej)
    stage = clean.normalise_codes(df["stage"], STAGE_ALIASES, upper=False).str.lower()
    clean.reject_unknown(df, "stage", STAGES, f, rej, values=stage)
    levels = {}
    for col in ("vulnerability", "risk_of_serious_harm"):
        lv = clean.normalise_codes(df[col], LEVEL_ALIASES, upper=False).str.lower().str.replace(" ", "_")
        # a blank rating is kept as "not recorded" (the assessment still counts); a wrong one is rejected
        clean.reject_unknown(df, col, LEVELS, f, rej, values=lv, required=False)
        levels[col] = lv.where(lv.ne(""), NOT_RECORDED)
    work = df.assign(_date=date, _stage=stage)
    alive = work[~_rejected(work, rej, f)]
    clean.dedupe(pd.DataFrame({"_row": alive["_row"], "young_person_id": alive["young_person_id"],
                               "assessment_date": alive["_date"], "stage": alive["_stage"]}),
                 ["young_person_id", "assessment_date", "stage"], f, rej)
    keep = rej.apply(work, f)
    out = pd.DataFrame({"young_person_id": pseudonymise(keep["young_person_id"], key),
                        "assessment_date": keep["_date"], "stage": keep["_stage"],
                        "vulnerability": levels["vulnerability"].loc[keep.index],
                        "risk_of_serious_harm": levels["risk_of_serious_harm"].loc[keep.index]})
    return out.sort_values(["young_person_id", "assessment_date", "stage"], kind="stable").reset_index(drop=True)


def load(area_dir: Path | str, *, key: bytes | None = None, history_start=None) -> YOSData:
    """Load, validate and clean ``<area_dir>/yos/`` (outcomes, custody releases, remands, assessments).

    Every row read is either used or logged in ``.rejections`` with file, row, column, value and
    reason: blank identifiers; impossible or missing dates; unknown outcome, sex, remand, stage or
    level codes; an offence dated after its outcome; an offence dated before the child's 10th
    birthday (below the age of criminal responsibility, so a data error) or committed aged 18 or
    over; a date of birth that disagrees with the child's other records; exact repeats; a release
    from custody for a child with no outcome record. A missing required column raises
    :class:`clean.InputError` naming the file and column. Identifiers are pseudonymised
    (:func:`lscb_analysis.inputs.pseudonyms.pseudonymise`) before anything else sees them. A missing file is noted and its
    table left empty. ``history_start``: the date the extract's history begins, if known (default:
    the month of the earliest outcome).

    The key performance indicator extracts ``kpi_interventions.csv`` and ``board_attendance.csv``
    (:func:`load_kpi_interventions`, :func:`load_board_attendance`) are read where present; the area
    config's ``youth_justice_service`` (name, councils) and ``targets`` are kept on the data.
    """
    area_dir = Path(area_dir)
    folder = area_dir / DIR
    rej = clean.Rejections()
    files = {stem: clean.find_file(folder, stem) is not None
             for stem in ("outcomes", "custody_releases", "remands", "assessments")}
    outcomes = _load_outcomes(folder, rej, key)
    releases = _load_releases(folder, rej, key, _children(outcomes))
    remands = _load_remands(folder, rej, key)
    assessments = _load_assessments(folder, rej, key)
    name = area_name(area_dir)
    settings = area_settings(area_dir)
    svc = settings.get("youth_justice_service") or {}
    files.update({stem: clean.find_file(folder, stem) is not None for stem in ("kpi_interventions", "board_attendance")})
    kpi = load_kpi_interventions(folder, rej, key)
    board = load_board_attendance(folder, rej)
    return YOSData(area=name, outcomes=outcomes, custody_releases=releases, remands=remands,
                   assessments=assessments, population=population.load_for(area_dir, name, rej), rejections=rej,
                   files=files,
                   history_start=None if history_start is None else pd.Timestamp(history_start).normalize(),
                   kpi_interventions=kpi, board_attendance=board, service=svc.get("name"),
                   councils=list(svc.get("councils") or []), targets=dict(settings.get("targets") or {}))




def check_parameters(area: str, reporting_year, raw_dir, trend_years, suppress) -> tuple[ReportingYear, Path]:
    """Validate the notebook's parameters (papermill only warns about unknown ones); return the reporting
    year and the area's raw data folder (``<raw_dir>/<slug>``)."""
    from lscb_analysis.report.overview import check_parameters as check_common

    year = check_common(area, reporting_year, trend_years, suppress)
    if not Path(raw_dir).is_dir():
        raise ValueError(f"raw_dir {str(raw_dir)!r} is not a folder")
    try:
        from lscb_analysis.inputs import config

        folder = config.load_area(area).data_dir(raw_dir)
    except ValueError:
        folder = Path(raw_dir) / area
    return year, Path(folder)


def has_local_data(area_dir: Path | str) -> bool:
    """Whether the area has a youth justice outcomes extract (``yos/outcomes.csv`` or ``.xlsx``)."""
    return clean.find_file(Path(area_dir) / DIR, "outcomes") is not None



# --- the key performance indicator extracts ---------------------------------------------------------------
def area_settings(area_dir: Path | str) -> dict:
    """The raw settings of the area's config file (``config/<slug>.yml``), or {} where there is none:
    the youth justice section reads ``youth_justice_service`` and ``targets`` from it."""
    import yaml

    from lscb_analysis.inputs import config

    path = config.config_dir() / f"{Path(area_dir).name}.yml"
    return (yaml.safe_load(path.read_text()) or {}) if path.exists() else {}


def load_kpi_interventions(folder: Path, rej: clean.Rejections, key: bytes | None) -> pd.DataFrame:
    """``kpi_interventions.csv`` (docs/data_contract.md): one row per intervention, with the KPI fields
    at its start and end. Rejected with a reason: a blank identifier; a missing or impossible start date
    or date of birth; an end before the start; a child under 10 or over 17 on the start date; an unknown
    code; a victims count that is not a whole number, or more victims engaged than consented; a repeat
    of the same child, type and start. A blank field is kept as not recorded."""
    dates = ["date_of_birth", "intervention_start", "intervention_end"]
    df, f = _read(folder, "kpi_interventions", KPI_COLUMNS, KPI_OPTIONAL, rej, ID_ALIASES)
    if df is None:
        return _empty(KPI_COLUMNS + KPI_OPTIONAL, dates)
    df["young_person_id"] = clean.id_text(df["young_person_id"])
    clean.reject_missing(df, ["young_person_id"], f, rej)
    parsed = {c: _parse_dates(df, c, f, rej, **({} if c != "intervention_end" else {"required": False}))
              for c in dates}
    kind = clean.normalise_codes(df["intervention_type"], {}, upper=False).str.lower().str.replace(" ", "_")
    clean.reject_unknown(df, "intervention_type", INTERVENTION_TYPES, f, rej, values=kind)
    codes = {}
    for field_name, allowed in KPI_CODES.items():
        for point in ("start", "end"):
            col = f"{field_name}_{point}"
            v = clean.normalise_codes(df[col], {}, upper=False).str.lower().str.replace(" ", "_")
            clean.reject_unknown(df, col, allowed, f, rej, values=v, required=False)
            codes[col] = v
    for col in ("serious_violence", "out_of_court_completed"):
        v = clean.normalise_codes(df[col], {"yes": "Y", "no": "N"})
        clean.reject_unknown(df, col, YES_NO, f, rej, values=v, required=False)
        codes[col] = v
    victims = {}
    for col in ("victims_consented", "victims_engaged"):
        text = df[col].fillna("").astype(str).str.strip().replace("", "0")
        n = pd.to_numeric(text, errors="coerce")
        bad = n.isna() | (n < 0) | (n % 1 != 0)
        rej.add_rows(df, bad, f, col, "not a whole number of victims", df[col])
        victims[col] = n.fillna(0).astype("int64")
    more = victims["victims_engaged"] > victims["victims_consented"]
    rej.add_rows(df, more, f, "victims_engaged", "more victims engaged than consented to be contacted",
                 df["victims_engaged"])
    start, end, dob = parsed["intervention_start"], parsed["intervention_end"], parsed["date_of_birth"]
    backwards = start.notna() & end.notna() & (end < start)
    rej.add_rows(df, backwards, f, "intervention_end", "intervention ends before it starts", df["intervention_end"])
    age = age_at(dob, start)
    young = age.notna() & (age < AGE_OF_CRIMINAL_RESPONSIBILITY)
    rej.add_rows(df, young, f, "date_of_birth", "child under 10 on the start date (below the age of criminal "
                 "responsibility): a data error in the date of birth or start date", df["date_of_birth"])
    adult = age.notna() & (age > YOUTH_MAX_AGE)
    rej.add_rows(df, adult, f, "date_of_birth", "aged 18 or over on the start date: not a child's intervention",
                 df["date_of_birth"])
    work = df.assign(_start=start, _kind=kind)
    alive = work[~_rejected(work, rej, f)]
    clean.dedupe(pd.DataFrame({"_row": alive["_row"], "young_person_id": alive["young_person_id"],
                               "intervention_type": alive["_kind"], "intervention_start": alive["_start"]}),
                 ["young_person_id", "intervention_type", "intervention_start"], f, rej)
    keep = rej.apply(work, f)
    out = pd.DataFrame({"young_person_id": pseudonymise(keep["young_person_id"], key),
                        "date_of_birth": dob.loc[keep.index],
                        "residence": keep["residence"].fillna("").astype(str).str.strip(),
                        "intervention_type": kind.loc[keep.index],
                        "intervention_start": start.loc[keep.index], "intervention_end": end.loc[keep.index],
                        **{c: v.loc[keep.index] for c, v in codes.items()},
                        **{c: v.loc[keep.index] for c, v in victims.items()}})
    out["age_at_start"] = age_at(out["date_of_birth"], out["intervention_start"])
    return out.sort_values(["intervention_start", "young_person_id"], kind="stable").reset_index(drop=True)


def load_board_attendance(folder: Path, rej: clean.Rejections) -> pd.DataFrame:
    """``board_attendance.csv``: each partner expected at a management board meeting (meeting_date,
    partner) and whether a senior representative attended (Y/N). Counts of professionals, not children."""
    df, f = _read(folder, "board_attendance", BOARD_COLUMNS, [], rej)
    if df is None:
        return _empty(BOARD_COLUMNS, ["meeting_date"])
    date = _parse_dates(df, "meeting_date", f, rej)
    partner = df["partner"].fillna("").astype(str).str.strip().str.lower().str.replace(" ", "_")
    clean.reject_missing(df, ["partner"], f, rej)
    attended = clean.normalise_codes(df["attended"], {"yes": "Y", "no": "N"})
    clean.reject_unknown(df, "attended", YES_NO, f, rej, values=attended)
    keep = rej.apply(df.assign(_date=date), f)
    return pd.DataFrame({"meeting_date": keep["_date"], "partner": partner.loc[keep.index],
                         "attended": attended.loc[keep.index]}).reset_index(drop=True)
