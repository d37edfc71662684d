"""Loading the training files: ``load(area_dir) -> TrainingData`` (DESIGN.md section 4).

``courses.csv`` and ``attendance.csv`` are required, ``evaluations.csv`` and ``elearning.csv`` optional.
Every row read is used or recorded in a :class:`clean.Rejections` with its file, row, column and reason.
Delegate and learner identifiers and organisation names are pseudonymised on load
(:func:`lscb_analysis.inputs.pseudonyms.pseudonymise`, a keyed HMAC), and free-text comments are reduced
to a yes/no "has a comment" flag: the text never leaves the loader.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.inputs import clean
from lscb_analysis.inputs.extracts import read_extract
from lscb_analysis.inputs.pseudonyms import pseudonym_key, pseudonymise
from lscb_analysis.sections.training.codes import (
    APPLIED,
    MODE_ALIASES,
    MODES,
    SECTOR_ALIASES,
    SECTORS,
    STAGE_ALIASES,
    STAGES,
    STATUS_ALIASES,
    STATUSES,
    YESNO_ALIASES,
)

__all__ = ["TrainingData", "available", "covers", "load", "COURSE_COLUMNS", "ATTENDANCE_COLUMNS",
           "EVALUATION_COLUMNS", "ELEARNING_COLUMNS"]

COURSE_COLUMNS = ["course_id", "title", "theme", "mode", "start_date", "days", "places"]
ATTENDANCE_COLUMNS = ["course_id", "delegate_id", "organisation", "sector", "status"]
EVALUATION_COLUMNS = ["course_id", "delegate_id", "stage", "response_date", "confidence", "objectives_met",
                      "recommend", "applied_learning", "comment"]
ELEARNING_COLUMNS = ["learner_id", "module", "sector", "enrolled_date", "completed_date"]

_ALIASES = {
    "courses": {"course_id": ["course", "course id", "event_id"], "mode": ["delivery", "delivery_mode"],
                "start_date": ["date", "course_date"], "places": ["capacity"]},
    "attendance": {"course_id": ["course", "course id"], "delegate_id": ["delegate", "attendee_id", "person_id"],
                   "organisation": ["organization", "employer", "agency"], "status": ["attendance"]},
    "evaluations": {"course_id": ["course", "course id"], "delegate_id": ["delegate", "attendee_id"],
                    "stage": ["form", "questionnaire"], "comment": ["comments", "free_text"]},
    "elearning": {"learner_id": ["delegate_id", "user_id", "learner"], "module": ["course", "module_title"],
                  "enrolled_date": ["enrolment_date", "enrollment_date", "start_date"],
                  "completed_date": ["completion_date"]},
}


@dataclass
class TrainingData:
    """The cleaned training tables of one area.

    * ``courses``: course_id, title, theme, mode, start_date, days, places, period (the reporting year label)
    * ``attendance``: course_id, delegate_id (pseudonym), organisation (pseudonym, "" if not given), sector, status
    * ``evaluations``: course_id, delegate_id (pseudonym), stage, response_date, confidence, objectives_met,
      recommend, applied_learning, has_comment (True/False: the comment text is not kept)
    * ``elearning``: learner_id (pseudonym), module, sector, enrolled_date, completed_date
    * ``rejections``: every row not used, with file, row, column, value and reason
    """

    area: str
    courses: pd.DataFrame
    attendance: pd.DataFrame
    evaluations: pd.DataFrame
    elearning: pd.DataFrame
    rejections: clean.Rejections
    has_evaluations: bool = True
    has_elearning: bool = True


def available(area_dir: Path | str) -> bool:
    """True when ``area_dir/training`` holds at least ``courses`` and ``attendance`` files."""
    d = Path(area_dir) / "training"
    return clean.find_file(d, "courses") is not None and clean.find_file(d, "attendance") is not None


def covers(data: TrainingData, year) -> bool:
    """True when any course or e-learning enrolment falls in the reporting year."""
    y = ReportingYear(year)
    courses = data.courses["start_date"].between(y.start, y.end).any()
    learning = data.elearning is not None and len(data.elearning) and \
        data.elearning["enrolled_date"].between(y.start, y.end).any()
    return bool(courses or learning)


def _area_name(area_dir: Path) -> str:
    from lscb_analysis.inputs import config

    slug = area_dir.resolve().name
    try:
        return config.load_area(slug).name
    except (ValueError, FileNotFoundError, KeyError):
        return slug.replace("-", " ").replace("_", " ").title()


def _each_distinct(values: pd.Series, transform) -> pd.Series:
    """``transform(values)`` for an element-wise ``transform`` (Series -> Series), worked out once for each
    distinct value and spread back to the rows: the same values, dtype, index and name, at the cost of the
    distinct values only (a column of 8,000 sector labels has about 14; pandas runs these regular
    expressions row by row in Python)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    done = transform(pd.Series(uniques, dtype=values.dtype, name=values.name))
    return pd.Series(done.array.take(codes), index=values.index, name=done.name)


def _slug_text(values: pd.Series) -> pd.Series:
    """Free labels (themes) as keys: trimmed, lower-case, spaces and hyphens as underscores."""
    return _each_distinct(values, lambda v: (
        v.fillna("").astype(str).str.strip().str.casefold()
        .str.replace(r"[\s\-/]+", "_", regex=True).str.replace(r"[^\w]", "", regex=True).str.strip("_")))


def _codes(values: pd.Series, aliases: dict[str, str]) -> pd.Series:
    """Codes in the contract's spelling: aliases mapped, then lower-case with underscores."""
    return _each_distinct(values, lambda v: (
        clean.normalise_codes(v, aliases, upper=False).str.casefold().str.replace(r"[\s\-]+", "_", regex=True)))


def _tidy_text(values: pd.Series) -> pd.Series:
    """Free text (titles, organisations, modules) trimmed, with runs of white space as one space."""
    return _each_distinct(values, lambda v: v.fillna("").astype(str).str.strip().str.replace(r"\s+", " ", regex=True))


def _numbers(df: pd.DataFrame, column: str, file: str, rej: clean.Rejections, *, low: float, high: float,
             whole: bool, required: bool) -> pd.Series:
    """Parse a numeric column, logging text, fractions where whole numbers are expected, values outside
    ``low``-``high`` and (if ``required``) blanks. Returns floats (NaN where blank or rejected)."""
    # parsed once for each distinct value (a column of ratings holds a dozen), then spread back to the rows
    blank = _each_distinct(df[column], lambda v: v.fillna("").astype(str).str.strip().eq(""))
    num = _each_distinct(df[column], _parse_number)
    not_number = num.isna() & ~blank
    rej.add_rows(df, not_number, file, column, "not a number")
    if whole:
        fraction = num.notna() & (num != np.floor(num))
        rej.add_rows(df, fraction, file, column, "not a whole number")
    out_of_range = num.notna() & ((num < low) | (num > high))
    rej.add_rows(df, out_of_range, file, column, f"outside the expected range {low:g} to {high:g}")
    if required:
        rej.add_rows(df, blank, file, column, "missing required value")
    return num.where(num.notna() & ~out_of_range).astype("float64")


def _parse_number(values: pd.Series) -> pd.Series:
    """Text as numbers (NaN where blank or not a number)."""
    text = values.fillna("").astype(str).str.strip()
    return pd.to_numeric(text.where(~text.eq("")), errors="coerce")


def _year_label(dates: pd.Series) -> pd.Series:
    """The reporting-year label ("2024-25") of each date (1 April to 31 March)."""
    start = dates.dt.year - (dates.dt.month < 4).astype("int64")
    end = (start + 1) % 100
    return start.astype("Int64").astype(str) + "-" + end.astype("Int64").astype(str).str.zfill(2)


def _read(directory: Path, stem: str, columns: list[str], rej: clean.Rejections,
          required: bool) -> tuple[pd.DataFrame | None, str]:
    df, label = read_extract(directory, stem, columns, [], rej, aliases=_ALIASES[stem])
    if df is None and required:
        raise clean.InputError(f"not found in {directory} (expected {stem}.csv or {stem}.xlsx)", file=label)
    return df, label


def _load_courses(directory: Path, rej: clean.Rejections) -> pd.DataFrame:
    df, file = _read(directory, "courses", COURSE_COLUMNS, rej, required=True)
    df["course_id"] = clean.id_text(df["course_id"])
    clean.reject_missing(df, ["course_id"], file, rej)
    clean.dedupe(df[df["course_id"].ne("")], ["course_id"], file, rej)
    df["title"] = _tidy_text(df["title"])
    df["theme"] = _slug_text(df["theme"])
    clean.reject_missing(df, ["theme"], file, rej)
    mode = _codes(df["mode"], MODE_ALIASES)
    clean.reject_unknown(df, "mode", MODES, file, rej, values=mode)
    df["mode"] = mode
    df["start_date"] = clean.parse_dates(df, "start_date", file, rej, required=True)
    df["days"] = _numbers(df, "days", file, rej, low=0.1, high=10, whole=False, required=True)
    df["places"] = _numbers(df, "places", file, rej, low=1, high=2000, whole=True, required=True)
    df = rej.apply(df, file)
    df = df.assign(period=_year_label(df["start_date"]))
    return df[COURSE_COLUMNS + ["period"]].sort_values("course_id", kind="stable").reset_index(drop=True)


def _course_and_delegate(df: pd.DataFrame, file: str, rej: clean.Rejections, courses: pd.DataFrame,
                         key: bytes) -> pd.Series:
    """A delegate's row of a course (attendance, evaluations): ``course_id`` tidied and ``delegate_id``
    pseudonymised at once (so no later step can log or keep a real identifier), both required, and the course
    one of ``courses``. Rejections logged; returns where the course is unknown."""
    df["course_id"] = clean.id_text(df["course_id"])
    df["delegate_id"] = pseudonymise(df["delegate_id"], key, prefix="D")
    clean.reject_missing(df, ["course_id", "delegate_id"], file, rej)
    unknown_course = df["course_id"].ne("") & ~df["course_id"].isin(courses["course_id"])
    rej.add_rows(df, unknown_course, file, "course_id",
                 "course_id not in courses.csv (missing there, or that course row was rejected)")
    return unknown_course


def _load_attendance(directory: Path, rej: clean.Rejections, courses: pd.DataFrame,
                     key: bytes) -> pd.DataFrame:
    df, file = _read(directory, "attendance", ATTENDANCE_COLUMNS, rej, required=True)
    _course_and_delegate(df, file, rej, courses, key)
    organisation = _tidy_text(df["organisation"])
    df["organisation"] = pseudonymise(organisation.str.casefold(), key, prefix="O")
    sector = _codes(df["sector"], SECTOR_ALIASES)
    clean.reject_unknown(df, "sector", SECTORS, file, rej, values=sector)
    df["sector"] = sector
    status = _codes(df["status"], STATUS_ALIASES)
    clean.reject_unknown(df, "status", STATUSES, file, rej, values=status)
    df["status"] = status
    ok = df["course_id"].ne("") & df["delegate_id"].ne("")
    clean.dedupe(df[ok], ["course_id", "delegate_id"], file, rej)
    df = rej.apply(df, file)
    return df[ATTENDANCE_COLUMNS].sort_values(["course_id", "delegate_id"], kind="stable").reset_index(drop=True)


def _pairs_in(first: pd.Series, second: pd.Series, first_in: pd.Series, second_in: pd.Series) -> pd.Series:
    """True where the pair (``first``, ``second``) is one of the pairs (``first_in``, ``second_in``)."""
    a = pd.factorize(pd.concat([first, first_in], ignore_index=True))[0]
    b, b_values = pd.factorize(pd.concat([second, second_in], ignore_index=True))
    pair = a.astype("int64") * (len(b_values) + 1) + b
    return pd.Series(np.isin(pair[:len(first)], pair[len(first):]), index=first.index)


def _load_evaluations(directory: Path, rej: clean.Rejections, courses: pd.DataFrame, attendance: pd.DataFrame,
                      key: bytes) -> pd.DataFrame | None:
    df, file = _read(directory, "evaluations", EVALUATION_COLUMNS, rej, required=False)
    if df is None:
        return None
    # the comment is reduced to a flag here and its text dropped: it never reaches a table or a log
    df["has_comment"] = df["comment"].fillna("").astype(str).str.strip().ne("")
    df = df.drop(columns=["comment"])
    unknown_course = _course_and_delegate(df, file, rej, courses, key)
    attended = attendance.loc[attendance["status"].eq("attended"), ["course_id", "delegate_id"]]
    not_attended = (df["course_id"].ne("") & df["delegate_id"].ne("") & ~unknown_course
                    & ~_pairs_in(df["course_id"], df["delegate_id"], attended["course_id"], attended["delegate_id"]))
    rej.add_rows(df, not_attended, file, "delegate_id",
                 "no attendance recorded for this delegate on this course (not in attendance.csv as attended)",
                 values=pd.Series("", index=df.index))
    stage = _codes(df["stage"], STAGE_ALIASES)
    clean.reject_unknown(df, "stage", STAGES, file, rej, values=stage)
    df["stage"] = stage
    df["response_date"] = clean.parse_dates(df, "response_date", file, rej, required=False)
    # each form's course start date (NaT where the course is unknown; course_id is unique in courses)
    course = pd.Index(courses["course_id"]).get_indexer(df["course_id"])
    start = pd.Series(courses["start_date"].array.take(course, allow_fill=True), index=df.index)
    early = df["stage"].isin(["after", "follow_up"]) & df["response_date"].notna() & start.notna() & (
        df["response_date"] < start)
    rej.add_rows(df, early, file, "response_date", "an after-course or follow-up form dated before the course started")
    df["confidence"] = _numbers(df, "confidence", file, rej, low=1, high=10, whole=True, required=False)
    df["objectives_met"] = _numbers(df, "objectives_met", file, rej, low=1, high=5, whole=True, required=False)
    recommend = _codes(df["recommend"], YESNO_ALIASES)
    clean.reject_unknown(df, "recommend", ("yes", "no"), file, rej, required=False, values=recommend)
    df["recommend"] = recommend
    applied = _codes(df["applied_learning"], YESNO_ALIASES)
    clean.reject_unknown(df, "applied_learning", APPLIED, file, rej, required=False, values=applied)
    misplaced = applied.ne("") & df["stage"].isin(["before", "after"])
    rej.add_rows(df, misplaced, file, "applied_learning",
                 "applied_learning is asked on the follow-up form only (stage is before or after)")
    df["applied_learning"] = applied
    ok = df["course_id"].ne("") & df["delegate_id"].ne("") & df["stage"].isin(STAGES)
    clean.dedupe(df[ok], ["course_id", "delegate_id", "stage"], file, rej)
    df = rej.apply(df, file)
    cols = ["course_id", "delegate_id", "stage", "response_date", "confidence", "objectives_met", "recommend",
            "applied_learning", "has_comment"]
    return df[cols].sort_values(["course_id", "delegate_id", "stage"], kind="stable").reset_index(drop=True)


def _load_elearning(directory: Path, rej: clean.Rejections, key: bytes) -> pd.DataFrame | None:
    df, file = _read(directory, "elearning", ELEARNING_COLUMNS, rej, required=False)
    if df is None:
        return None
    df["learner_id"] = pseudonymise(df["learner_id"], key, prefix="D")
    clean.reject_missing(df, ["learner_id", "module"], file, rej)
    df["module"] = _tidy_text(df["module"])
    sector = _codes(df["sector"], SECTOR_ALIASES)
    clean.reject_unknown(df, "sector", SECTORS, file, rej, values=sector)
    df["sector"] = sector
    df["enrolled_date"] = clean.parse_dates(df, "enrolled_date", file, rej, required=True)
    df["completed_date"] = clean.parse_dates(df, "completed_date", file, rej, required=False)
    backwards = df["completed_date"].notna() & df["enrolled_date"].notna() & (df["completed_date"] < df["enrolled_date"])
    rej.add_rows(df, backwards, file, "completed_date", "completed before the enrolment date")
    ok = df["learner_id"].ne("") & df["module"].ne("") & df["enrolled_date"].notna()
    clean.dedupe(df[ok], ["learner_id", "module", "enrolled_date"], file, rej)
    df = rej.apply(df, file)
    return df[ELEARNING_COLUMNS].sort_values(["enrolled_date", "learner_id", "module"], kind="stable").reset_index(drop=True)


def load(area_dir: Path | str, area: str | None = None, *, key: bytes | None = None) -> TrainingData:
    """Load, validate and clean ``<area_dir>/training/`` (DESIGN.md section 4).

    ``courses`` and ``attendance`` are required (:class:`clean.InputError` if missing, naming the file);
    ``evaluations`` and ``elearning`` are optional (their indicators are then missing, and
    ``has_evaluations`` / ``has_elearning`` are False). Every row is used or logged with its reason:

    * courses: missing course_id or theme; repeated course_id; unknown mode; bad or missing start_date;
      days not a number from 0.1 to 10; places not a whole number from 1 to 2,000;
    * attendance: missing course_id or delegate_id; a course not in courses.csv (or rejected there);
      unknown sector or status; the same delegate booked twice on one course;
    * evaluations: as attendance, plus a delegate not recorded as attending that course; unknown stage;
      confidence not a whole number 1-10; objectives_met not 1-5; recommend not yes/no; applied_learning not
      yes/partly/no or given on a before/after form; an after or follow-up form dated before the course;
      one delegate's second form of the same stage for the same course;
    * elearning: missing learner_id or module; unknown sector; bad or missing enrolled_date; bad
      completed_date or one before enrolment; the same enrolment twice.

    ``area`` is the area's name (default: from ``config/<slug>.yml`` for the folder name).
    ``key`` is the pseudonymisation key (default :func:`lscb_analysis.inputs.pseudonyms.pseudonym_key`).
    """
    area_dir = Path(area_dir)
    directory = area_dir / "training"
    if not directory.is_dir():
        raise clean.InputError(f"no training folder at {directory}", file="training/")
    key = key if key is not None else pseudonym_key()
    rej = clean.Rejections()
    courses = _load_courses(directory, rej)
    attendance = _load_attendance(directory, rej, courses, key)
    evaluations = _load_evaluations(directory, rej, courses, attendance, key)
    elearning = _load_elearning(directory, rej, key)
    if evaluations is None:
        rej.note("training/evaluations.csv", "not supplied: reaction, learning and behaviour cannot be measured")
    if elearning is None:
        rej.note("training/elearning.csv", "not supplied: e-learning is not counted")
    empty_eval = pd.DataFrame({
        "course_id": pd.Series(dtype=object), "delegate_id": pd.Series(dtype=object),
        "stage": pd.Series(dtype=object), "response_date": pd.Series(dtype="datetime64[ns]"),
        "confidence": pd.Series(dtype="float64"), "objectives_met": pd.Series(dtype="float64"),
        "recommend": pd.Series(dtype=object), "applied_learning": pd.Series(dtype=object),
        "has_comment": pd.Series(dtype=bool)})
    empty_el = pd.DataFrame({
        "learner_id": pd.Series(dtype=object), "module": pd.Series(dtype=object), "sector": pd.Series(dtype=object),
        "enrolled_date": pd.Series(dtype="datetime64[ns]"), "completed_date": pd.Series(dtype="datetime64[ns]")})
    return TrainingData(
        area=area or _area_name(area_dir),
        courses=courses,
        attendance=attendance,
        evaluations=evaluations if evaluations is not None else empty_eval,
        elearning=elearning if elearning is not None else empty_el,
        rejections=rej,
        has_evaluations=evaluations is not None,
        has_elearning=elearning is not None,
    )
