"""Multi-agency training: delivery, reach and impact (Kirkpatrick levels 1 to 3).

Working Together requires safeguarding partnerships to monitor and evaluate the effectiveness of
multi-agency training. Annual reports usually count courses and delegates ("43 courses, 56 days of
face to face training to 1,001 delegates, a 6% increase on the previous year"; "95 staff from 32
schools") and rarely show whether anyone learned anything. This module measures:

* **delivery**: courses delivered, training days, places offered, fill rate, did-not-attend rate;
* **reach**: delegates and organisations by sector, e-learning completions, sectors not reached;
* **impact**, at Kirkpatrick's levels 1 (reaction: objectives met, would recommend), 2 (learning:
  self-rated confidence before and after, with a Wilcoxon signed-rank test on matched pairs) and
  3 (behaviour: learning applied in practice, from follow-up forms). Level 4 (results for children)
  is not measured by these data and the tables say so.

Raw files (DESIGN.md section 4) in ``data/raw/<area>/training/``: ``courses.csv``,
``attendance.csv`` (both required), ``evaluations.csv`` and ``elearning.csv`` (optional).

Privacy: delegate and learner identifiers are pseudonymised on load (keyed hash), organisation
names are pseudonymised too (a childminder's setting is often a person's name), and free-text
comments are reduced on load to a yes/no "has a comment" flag: the text never leaves the loader.

A course belongs to the reporting year in which it starts; its bookings and evaluations go with it
(a follow-up form returned in May is still about a course run in March).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from lscb_analysis.inputs import clean
from lscb_analysis.core import rates
from lscb_analysis.core import suppression
from lscb_analysis.core import indicators as ind
from lscb_analysis.core.periods import ReportingYear

__all__ = [
    "SECTORS",
    "MODES",
    "STATUSES",
    "STAGES",
    "SOURCE",
    "MIN_NONZERO_PAIRS",
    "WILCOXON_METHOD",
    "TrainingData",
    "available",
    "load",
    "indicators",
    "delivery",
    "confidence_pairs",
    "wilcoxon_summary",
    "confidence_change",
    "confidence_view",
    "confidence_sentence",
    "confidence_chart",
    "median_with_ci",
    "wide_view",
    "sector_reach",
    "sectors_not_reached",
    "gaps_sentence",
    "trend_view",
    "kirkpatrick",
    "trend",
    "trend_chart",
    "headlines",
]

SOURCE = "local extract"

SECTORS = (
    "schools", "early_years", "further_education", "health", "police", "childrens_social_care",
    "early_help", "adult_social_care", "probation", "youth_justice", "housing", "voluntary_community",
    "faith", "other",
)
SECTOR_LABELS = {
    "schools": "Schools", "early_years": "Early years", "further_education": "Further education",
    "health": "Health", "police": "Police", "childrens_social_care": "Children's social care",
    "early_help": "Early help", "adult_social_care": "Adult social care", "probation": "Probation",
    "youth_justice": "Youth justice", "housing": "Housing", "voluntary_community": "Voluntary and community",
    "faith": "Faith", "other": "Other",
}
MODES = ("face_to_face", "e_learning", "webinar", "workshop", "conference")
STATUSES = ("attended", "did_not_attend", "cancelled")
STAGES = ("before", "after", "follow_up")
APPLIED = ("yes", "partly", "no")

# labels a training system or a spreadsheet might use, mapped to the contract's codes
_SECTOR_ALIASES = {
    "school": "schools", "education": "schools", "early years": "early_years", "nursery": "early_years",
    "fe": "further_education", "further education": "further_education", "college": "further_education",
    "nhs": "health", "children's social care": "childrens_social_care", "childrens social care": "childrens_social_care",
    "csc": "childrens_social_care", "social care": "childrens_social_care", "early help": "early_help",
    "adult social care": "adult_social_care", "youth justice": "youth_justice", "yot": "youth_justice",
    "yos": "youth_justice", "voluntary": "voluntary_community", "vcs": "voluntary_community",
    "voluntary and community": "voluntary_community", "voluntary & community": "voluntary_community",
    "faith groups": "faith",
}
_MODE_ALIASES = {
    "face to face": "face_to_face", "f2f": "face_to_face", "classroom": "face_to_face",
    "e-learning": "e_learning", "elearning": "e_learning", "online course": "e_learning",
    "virtual": "webinar", "online": "webinar", "live online": "webinar",
}
_STATUS_ALIASES = {
    "attended": "attended", "yes": "attended", "present": "attended",
    "did not attend": "did_not_attend", "dna": "did_not_attend", "no show": "did_not_attend",
    "absent": "did_not_attend", "canceled": "cancelled", "cancelled": "cancelled", "withdrawn": "cancelled",
}
_STAGE_ALIASES = {
    "pre": "before", "pre-course": "before", "pre course": "before", "post": "after",
    "post-course": "after", "post course": "after", "follow up": "follow_up", "follow-up": "follow_up",
    "followup": "follow_up",
}
_YESNO_ALIASES = {"y": "yes", "n": "no", "true": "yes", "false": "no", "1": "yes", "0": "no"}

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

# A Wilcoxon test is only run with at least this many non-zero before/after differences: with 5,
# even if every delegate improved, the exact two-sided p-value is 2/32 = 0.0625.
MIN_NONZERO_PAIRS = 6
# Exhaustive (exact) permutation p-values up to this many non-zero differences, normal otherwise.
EXACT_MAX_PAIRS = 13

WILCOXON_METHOD = (
    "Confidence is self-rated from 1 to 10 on the before-course and after-course forms. Only delegates "
    "who rated it on both forms for the same course (matched pairs) are compared; a before rating with "
    "no after rating is left out. The change is after minus before. The test is the Wilcoxon signed-rank "
    "test (scipy.stats.wilcoxon, two-sided) with zero_method=\"wilcox\": pairs whose rating did not change "
    "(zero differences) are dropped before ranking, as in Wilcoxon (1945) and R's wilcox.test; their number "
    "is shown as 'unchanged'. Tied absolute differences get their average rank. The p-value is exact, by "
    f"enumerating every assignment of signs, with up to {EXACT_MAX_PAIRS} non-zero differences, and from the "
    "normal approximation with its variance corrected for ties (no continuity correction) above that. The "
    "effect size is the matched-pairs rank-biserial correlation (Kerby 2014): r = (T+ - T-) / (T+ + T-), where "
    "T+ and T- are the sums of the ranks of the rises and the falls; it runs from -1 (every delegate less "
    "confident) through 0 to +1 (every delegate more confident). With fewer than "
    f"{MIN_NONZERO_PAIRS} non-zero differences no test is run: even if every delegate improved, the smallest "
    "possible p-value would be above 0.05. Confidence is self-reported, so this measures perceived learning, "
    "not tested knowledge."
)


# ---------------------------------------------------------------------------------------------------------
# loading
# ---------------------------------------------------------------------------------------------------------


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
    path = clean.find_file(directory, stem)
    label = f"training/{stem}.csv"
    if path is None:
        if required:
            raise clean.InputError(f"not found in {directory} (expected {stem}.csv or {stem}.xlsx)", file=label)
        return None, label
    label = f"training/{path.name}"
    df = clean.read_table(path, rej, label=label, header_hint=columns)
    df = clean.require_columns(df, columns, label, aliases=_ALIASES[stem], rejections=rej)
    return df, label


class _Pseudonyms:
    """:func:`clean.pseudonymise` for one :func:`load`, remembering the identifiers already done, so that each
    is hashed once however many files it is in (a delegate is in attendance, evaluations and often e-learning).
    The same pseudonyms as :func:`clean.pseudonymise`; the memory lives only as long as the load."""

    def __init__(self, key: bytes) -> None:
        self.key = key
        self.done: dict[tuple[str, object], str] = {}  # (prefix, value as read) -> pseudonym

    def __call__(self, values: pd.Series, prefix: str) -> pd.Series:
        # each distinct value is looked up once (factorize first), then spread back to the rows; only values
        # not met before in this load go to clean.pseudonymise
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        raw = uniques.tolist()
        new = [u for u in raw if (prefix, u) not in self.done]
        if new:
            hashed = clean.pseudonymise(pd.Series(new, dtype=object), self.key, prefix=prefix).tolist()
            self.done.update(zip(((prefix, u) for u in new), hashed))
        lookup = np.array([self.done[(prefix, u)] for u in raw] + [""], dtype=object)  # the last: missing (-1)
        return pd.Series(lookup[codes], index=values.index, dtype="str", name=values.name)


def _load_courses(directory: Path, rej: clean.Rejections) -> pd.DataFrame:
    df, file = _read(directory, "courses", COURSE_COLUMNS, rej, required=True)
    df["course_id"] = clean.id_text(df["course_id"])
    clean.reject_missing(df, ["course_id"], file, rej)
    clean.dedupe(df[df["course_id"].ne("")], ["course_id"], file, rej)
    df["title"] = _tidy_text(df["title"])
    df["theme"] = _slug_text(df["theme"])
    clean.reject_missing(df, ["theme"], file, rej)
    mode = _codes(df["mode"], _MODE_ALIASES)
    clean.reject_unknown(df, "mode", MODES, file, rej, values=mode)
    df["mode"] = mode
    df["start_date"] = clean.parse_dates(df, "start_date", file, rej, required=True)
    df["days"] = _numbers(df, "days", file, rej, low=0.1, high=10, whole=False, required=True)
    df["places"] = _numbers(df, "places", file, rej, low=1, high=2000, whole=True, required=True)
    df = rej.apply(df, file)
    df = df.assign(period=_year_label(df["start_date"]))
    return df[COURSE_COLUMNS + ["period"]].sort_values("course_id", kind="stable").reset_index(drop=True)


def _load_attendance(directory: Path, rej: clean.Rejections, courses: pd.DataFrame,
                     pseudonyms: _Pseudonyms) -> pd.DataFrame:
    df, file = _read(directory, "attendance", ATTENDANCE_COLUMNS, rej, required=True)
    df["course_id"] = clean.id_text(df["course_id"])
    # pseudonymise at once, so no later step can log or keep a real identifier
    df["delegate_id"] = pseudonyms(df["delegate_id"], "D")
    clean.reject_missing(df, ["course_id", "delegate_id"], file, rej)
    unknown_course = df["course_id"].ne("") & ~df["course_id"].isin(courses["course_id"])
    rej.add_rows(df, unknown_course, file, "course_id",
                 "course_id not in courses.csv (missing there, or that course row was rejected)")
    organisation = _tidy_text(df["organisation"])
    df["organisation"] = pseudonyms(organisation.str.casefold(), "O")
    sector = _codes(df["sector"], _SECTOR_ALIASES)
    clean.reject_unknown(df, "sector", SECTORS, file, rej, values=sector)
    df["sector"] = sector
    status = _codes(df["status"], _STATUS_ALIASES)
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
                      pseudonyms: _Pseudonyms) -> pd.DataFrame | None:
    df, file = _read(directory, "evaluations", EVALUATION_COLUMNS, rej, required=False)
    if df is None:
        return None
    # the comment is reduced to a flag here and its text dropped: it never reaches a table or a log
    df["has_comment"] = df["comment"].fillna("").astype(str).str.strip().ne("")
    df = df.drop(columns=["comment"])
    df["course_id"] = clean.id_text(df["course_id"])
    df["delegate_id"] = pseudonyms(df["delegate_id"], "D")
    clean.reject_missing(df, ["course_id", "delegate_id"], file, rej)
    unknown_course = df["course_id"].ne("") & ~df["course_id"].isin(courses["course_id"])
    rej.add_rows(df, unknown_course, file, "course_id",
                 "course_id not in courses.csv (missing there, or that course row was rejected)")
    attended = attendance.loc[attendance["status"].eq("attended"), ["course_id", "delegate_id"]]
    not_attended = (df["course_id"].ne("") & df["delegate_id"].ne("") & ~unknown_course
                    & ~_pairs_in(df["course_id"], df["delegate_id"], attended["course_id"], attended["delegate_id"]))
    rej.add_rows(df, not_attended, file, "delegate_id",
                 "no attendance recorded for this delegate on this course (not in attendance.csv as attended)",
                 values=pd.Series("", index=df.index))
    stage = _codes(df["stage"], _STAGE_ALIASES)
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
    recommend = _codes(df["recommend"], _YESNO_ALIASES)
    clean.reject_unknown(df, "recommend", ("yes", "no"), file, rej, required=False, values=recommend)
    df["recommend"] = recommend
    applied = _codes(df["applied_learning"], _YESNO_ALIASES)
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


def _load_elearning(directory: Path, rej: clean.Rejections, pseudonyms: _Pseudonyms) -> pd.DataFrame | None:
    df, file = _read(directory, "elearning", ELEARNING_COLUMNS, rej, required=False)
    if df is None:
        return None
    df["learner_id"] = pseudonyms(df["learner_id"], "D")
    clean.reject_missing(df, ["learner_id", "module"], file, rej)
    df["module"] = _tidy_text(df["module"])
    sector = _codes(df["sector"], _SECTOR_ALIASES)
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
    ``key`` is the pseudonymisation key (default :func:`clean.pseudonym_key`).
    """
    area_dir = Path(area_dir)
    directory = area_dir / "training"
    if not directory.is_dir():
        raise clean.InputError(f"no training folder at {directory}", file="training/")
    key = key if key is not None else clean.pseudonym_key()
    rej = clean.Rejections()
    pseudonyms = _Pseudonyms(key)
    courses = _load_courses(directory, rej)
    attendance = _load_attendance(directory, rej, courses, pseudonyms)
    evaluations = _load_evaluations(directory, rej, courses, attendance, pseudonyms)
    elearning = _load_elearning(directory, rej, pseudonyms)
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


# ---------------------------------------------------------------------------------------------------------
# indicators
# ---------------------------------------------------------------------------------------------------------


def median_with_ci(values: Iterable[float], conf: float = 0.95) -> tuple[float, float, float, int]:
    """Median of ``values`` (NaN ignored) with a distribution-free confidence interval.

    The interval runs between the order statistics x(k) and x(n-k+1), with k the smallest rank for which
    the binomial(n, 1/2) distribution function reaches (1 - conf) / 2 (the exact binomial method for a
    median: Conover, *Practical Nonparametric Statistics*, 3.6; Campbell and Gardner, BMJ 1988). Its
    coverage is at least ``conf``. With too few values for such an interval (n < 6 at 95%) the limits are
    NaN. Returns (median, lower, upper, n).
    """
    x = np.sort(_present(values))
    n = int(x.size)
    if n == 0:
        return float("nan"), float("nan"), float("nan"), 0
    med = float(np.median(x))
    k = _median_rank(n, conf)
    if k is None:
        return med, float("nan"), float("nan"), n
    return med, float(x[k - 1]), float(x[n - k]), n


def _present(values: Iterable[float]) -> np.ndarray:
    """The values that are not missing, as floats, in their order."""
    if isinstance(values, (pd.Series, np.ndarray)) and isinstance(values.dtype, np.dtype) \
            and values.dtype.kind in "fiub":
        x = np.asarray(values, dtype="float64")
        return x[~np.isnan(x)]
    return np.asarray([v for v in values if not pd.isna(v)], dtype="float64")


@functools.lru_cache(maxsize=4096)
def _median_rank(n: int, conf: float) -> int | None:
    """k for :func:`median_with_ci` with ``n`` values: the smallest rank at which the binomial(n, 1/2)
    distribution function reaches (1 - conf) / 2, or None where no such interval exists (a pure function of
    ``n`` and ``conf``, so it is worked out once for each)."""
    k = int(stats.binom.ppf((1 - conf) / 2, n, 0.5))
    if k < 1 or stats.binom.cdf(k - 1, n, 0.5) > (1 - conf) / 2:
        return None
    return k


_DELIVERY_COLUMNS = ["courses_delivered", "training_days", "places_offered", "attended", "did_not_attend",
                     "cancelled"]


@dataclass
class _Span:
    """The courses starting in some reporting years and their bookings, as integer codes for counting.

    ``labels``: the years; ``courses``: their courses (in the table's order), ``course_year`` the year of
    each (an index into ``labels``) and ``booked`` its bookings by status (courses x STATUSES, float64);
    ``att``: the bookings of those courses (attendance rows joined to their course, in order), ``att_course``
    the course of each (a row of ``courses``) and ``att_status`` its status (an index into STATUSES, -1 for
    any other)."""

    labels: list[str]
    years: list[ReportingYear]
    courses: pd.DataFrame
    course_year: np.ndarray
    booked: np.ndarray
    att: pd.DataFrame
    att_course: np.ndarray
    att_status: np.ndarray


def _positions(values: pd.Series, categories) -> np.ndarray:
    """The position of each value in ``categories`` (-1 where it is none of them, or missing)."""
    return pd.Index(list(categories)).get_indexer(values)


def _joined(course_id: pd.Series, courses: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The rows of a table (by their ``course_id``) joined to the rows of ``courses`` with the same course_id,
    as an inner merge joins them and in its order: their positions in the table and in ``courses``."""
    ids = pd.Index(courses["course_id"])
    if ids.is_unique:  # as load() leaves them: a course at most once
        at = ids.get_indexer(course_id)
        rows = np.flatnonzero(at >= 0)
        return rows, at[rows]
    left = pd.DataFrame({"course_id": course_id.to_numpy(), "_row": np.arange(len(course_id))})
    right = pd.DataFrame({"course_id": ids.to_numpy(), "_course": np.arange(len(ids))})
    both = left.merge(right, on="course_id", how="inner")
    return both["_row"].to_numpy(dtype=np.intp), both["_course"].to_numpy(dtype=np.intp)


def _span(data: TrainingData, years: Iterable[ReportingYear]) -> _Span:
    """:class:`_Span` of ``years`` (a course belongs to the reporting year in which it starts; its bookings go
    with it)."""
    labels = list(dict.fromkeys(ReportingYear(y).label for y in years))
    year_of = pd.Index(labels).get_indexer(data.courses["period"])
    courses = data.courses[year_of >= 0]
    course_year = year_of[year_of >= 0]
    rows, att_course = _joined(data.attendance["course_id"], courses)
    att = data.attendance.take(rows)
    att_status = _positions(att["status"], STATUSES)
    # bookings by status for each course_id in each year, given to each of its rows there (a course is once;
    # a course without a course_id has none)
    n_years, n_status = len(labels), len(STATUSES)
    course_code = pd.factorize(courses["course_id"])[0].astype("int64")
    code = np.where(course_code >= 0, course_code * n_years + course_year, -1)
    counted = (att_status >= 0) & (code[att_course] >= 0)
    booked = np.zeros((len(courses), n_status), dtype="int64")
    if counted.any():
        by_code = np.bincount(code[att_course[counted]] * n_status + att_status[counted],
                              minlength=(int(code.max()) + 1) * n_status).reshape(-1, n_status)
        booked[code >= 0] = by_code[code[code >= 0]]
    return _Span(labels, [ReportingYear(label) for label in labels], courses, course_year,
                 booked.astype("float64"), att, att_course, att_status)


def _delivery_groups(span: _Span, by: str | None) -> tuple[np.ndarray, pd.Index | None, np.ndarray]:
    """The :func:`delivery` counts of every year of ``span`` (``by`` None: a group for each year, zeros where
    it has no course) or of every year and ``by`` value that has a course. Returns the year of each group (an
    index into ``span.labels``), its ``by`` value (None without ``by``) and the counts (groups x
    _DELIVERY_COLUMNS, float64). Groups come year by year, and within a year in sorted order of value."""
    n_years = len(span.labels)
    if by is None:
        key, width, values = span.course_year, 1, None
    else:
        codes, values = pd.factorize(span.courses[by], sort=True)
        width = max(len(values), 1)
        key = np.where(codes >= 0, span.course_year * width + codes, -1)
    size = n_years * width
    delivered = span.booked[:, 0] > 0
    ok = key >= 0
    present = np.bincount(key[ok], minlength=size) > 0
    if by is None:
        present[:] = True

    def count(weights):  # whole numbers: exact whatever the order of adding
        return np.bincount(key[ok], weights=np.asarray(weights, dtype="float64")[ok], minlength=size)

    counts = np.column_stack([
        count(delivered),
        _course_sums(span, "days", delivered, key, size, by, values),
        _course_sums(span, "places", delivered, key, size, by, values),
        *(count(span.booked[:, i]) for i in range(len(STATUSES))),
    ])
    group = np.flatnonzero(present)
    return group // width, (None if by is None else values[group % width]), counts[group]


def _course_sums(span: _Span, column: str, delivered: np.ndarray, key: np.ndarray, size: int, by: str | None,
                 values: pd.Index | None) -> np.ndarray:
    """``column`` (days or places) added up over the delivered courses of each group of :func:`_delivery_groups`
    (0 for a course not delivered), to the last bit as :func:`delivery` has always added them: a pandas
    groupby of one year's courses.

    When every value is a multiple of 1/1024 with a total below 2**42 (days such as 0.5 or 1.25; places,
    which are whole), every partial sum is exact, so every order of adding gives the same total and one
    numpy pass serves all the years. Otherwise (days such as 0.1 or 0.3, whose sum in floating point depends
    on the order pandas adds them in) each year is added up by that same pandas groupby."""
    amount = np.where(delivered, span.courses[column].to_numpy(dtype="float64"), 0.0)
    ok = key >= 0
    scaled = amount[ok] * 1024.0
    if np.isfinite(scaled).all() and (scaled == np.round(scaled)).all() and np.abs(amount[ok]).sum() < 2.0 ** 42:
        return np.bincount(key[ok], weights=amount[ok], minlength=size)
    out = np.zeros(size)
    width = size // len(span.labels)
    for i in range(len(span.labels)):
        courses = span.courses[span.course_year == i]
        if courses.empty:
            continue
        group_of = pd.Series("all", index=courses.index) if by is None else courses[by]
        sums = pd.Series(amount[span.course_year == i], index=courses.index).groupby(group_of).sum()
        at = np.zeros(len(sums), dtype="int64") if by is None else values.get_indexer(sums.index)
        out[i * width + at] = sums.to_numpy(dtype="float64")
    return out


def delivery(data: TrainingData, year: str | ReportingYear, by: str | None = None) -> pd.DataFrame:
    """Delivery in ``year`` as a frame of counts, one row per ``by`` value ("theme", "mode" or None for all).

    Columns: courses_delivered, training_days, places_offered, attended, did_not_attend, cancelled.

    * A course is **delivered** in the reporting year in which it starts, if at least one delegate attended
      (a course whose every booking was cancelled, or where no one came, did not run).
    * **Training days** add each delivered course's length in days (seed 000: "43 courses involving 56 days").
    * **Places offered** add the places of delivered courses.
    * Bookings are counted for every course starting in the year.
    """
    _, values, counts = _delivery_groups(_span(data, [ReportingYear(year)]), by)
    # the index's dtype inferred from its values, as a groupby's is
    index = pd.Index(["all"]) if by is None else (pd.Index(values.tolist()) if len(values) else values)
    out = pd.DataFrame(counts, index=index, columns=_DELIVERY_COLUMNS)
    out.index.name = by or "all"
    return out.astype("float64").sort_index()


# ---- the indicator rows of several reporting years, worked out together ----------------------------------
# Each block below gives, for every year of a span, the rows (same order, same values) that year's indicator
# table holds, as columns of arrays; :func:`_years_indicators` puts them together year by year. Percentages
# are marked ``wilson`` and their values and limits worked out at the end in one call.


def _wilson(numerator, denominator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """value, lower and upper of ``numerator / denominator`` x 100 with Wilson limits (:func:`rates.proportion`,
    one vectorised call), missing where either is missing or the denominator is 0, as
    :func:`indicators.proportion_row` gives them one by one."""
    x = np.asarray(numerator, dtype="float64")
    n = np.asarray(denominator, dtype="float64")
    value, lower, upper = (np.full(x.shape, np.nan) for _ in range(3))
    ok = ~np.isnan(x) & ~np.isnan(n) & (n > 0)
    if ok.any():
        r = rates.proportion(x[ok], n[ok])
        value[ok], lower[ok], upper[ok] = r["value"].to_numpy(), r["lower"].to_numpy(), r["upper"].to_numpy()
    return value, lower, upper


_NUMBERS = ("numerator", "denominator", "value", "lower", "upper")


def _rows(year, spec: list[dict], breakdown="all") -> dict[str, np.ndarray]:
    """Indicator rows as columns of arrays: for each entry of ``year`` (an index into the span's labels, with
    its ``breakdown``: one per entry, or one for all), one row per item of ``spec``, in that order. A spec
    item gives indicator and unit, and may give breakdown, the numbers (default NaN) and ``wilson`` (True: a
    percentage numerator / denominator with Wilson limits, filled in later), each one per entry or one for all."""
    year = np.asarray(year, dtype="int64")
    n = year.size

    def stack(key, default, dtype):
        cols = [np.broadcast_to(np.asarray(s.get(key, default), dtype=dtype), (n,)) for s in spec]
        return np.column_stack(cols).ravel()

    out = {"year": np.repeat(year, len(spec)), "indicator": stack("indicator", "", object),
           "breakdown": stack("breakdown", breakdown, object), "unit": stack("unit", "", object),
           "wilson": stack("wilson", False, bool)}
    for col in _NUMBERS:
        out[col] = stack(col, np.nan, "float64")
    return out


def _count(indicator: str, counts, **extra) -> dict:
    c = np.asarray(counts, dtype="float64")
    return {"indicator": indicator, "unit": "count", "numerator": c, "value": c, **extra}


def _percent(indicator: str, numerator, denominator, **extra) -> dict:
    return {"indicator": indicator, "unit": "percent", "numerator": numerator, "denominator": denominator,
            "wilson": True, **extra}


def _delivery_block(span: _Span, by: str | None) -> dict[str, np.ndarray]:
    """courses_delivered, training_days, places_offered, delegates_attended, fill_rate and
    did_not_attend_rate (definitions in :func:`indicators`) for each group of :func:`_delivery_groups`."""
    year, values, counts = _delivery_groups(span, by)
    done, days, places, came, missed = counts[:, :5].T
    # a census of places, not a sample, and it may pass 100% (extra chairs): no confidence interval
    with np.errstate(divide="ignore", invalid="ignore"):
        fill = np.where(places > 0, came / places * 100, np.nan)
    # courses, days and places are not counts of people: no numerator, so no disclosure control
    return _rows(year, [
        {"indicator": "courses_delivered", "unit": "count", "value": done},
        {"indicator": "training_days", "unit": "days", "value": days},
        {"indicator": "places_offered", "unit": "count", "value": places},
        _count("delegates_attended", came),
        {"indicator": "fill_rate", "unit": "percent", "numerator": came, "denominator": places, "value": fill},
        _percent("did_not_attend_rate", missed, came + missed),
    ], "all" if by is None else np.asarray([f"{by}:{v}" for v in values], dtype=object))


def _distinct(group: np.ndarray, item: np.ndarray, size: int) -> np.ndarray:
    """How many different items (codes; -1, a missing item, not counted) each group 0 .. size-1 has."""
    ok = (item >= 0) & (group >= 0)
    width = int(item.max(initial=-1)) + 1
    pairs = np.unique(group[ok] * width + item[ok])
    return np.bincount(pairs // max(width, 1), minlength=size)


def _reach_blocks(span: _Span) -> list[dict[str, np.ndarray]]:
    """individual_delegates, delegates_by_sector and organisations_reached (all and by sector)."""
    n_years, n_sectors = len(span.labels), len(SECTORS)
    came = span.att_status == STATUSES.index("attended")
    year = span.course_year[span.att_course][came]
    att = span.att[came]
    person = pd.factorize(att["delegate_id"])[0]
    organisation = np.where(att["organisation"].ne("").to_numpy(dtype=bool), pd.factorize(att["organisation"])[0], -1)
    sector = _positions(att["sector"], SECTORS)
    year_sector = np.where(sector >= 0, year * n_sectors + sector, -1)
    head = _rows(np.arange(n_years), [_count("individual_delegates", _distinct(year, person, n_years)),
                                      _count("organisations_reached", _distinct(year, organisation, n_years))])
    by_sector = _rows(np.repeat(np.arange(n_years), n_sectors), [
        _count("delegates_by_sector", np.bincount(year_sector[year_sector >= 0], minlength=n_years * n_sectors)),
        _count("organisations_reached", _distinct(year_sector, organisation, n_years * n_sectors)),
    ], np.asarray([f"sector:{s}" for s in SECTORS] * n_years, dtype=object))
    return [head, by_sector]


def _elearning_by_sector(data: TrainingData, years: list[ReportingYear]) -> tuple[np.ndarray, np.ndarray]:
    """Completions in each year, and enrolments of each year still in progress at its end (not completed, or
    completed after 31 March), by sector: two arrays, one row per year, one column per sector of SECTORS."""
    el = data.elearning
    sector = _positions(el["sector"], SECTORS)
    known = sector >= 0
    completed = el["completed_date"].to_numpy()
    enrolled = el["enrolled_date"].to_numpy()
    open_ = np.isnat(completed)
    done = np.zeros((len(years), len(SECTORS)), dtype="int64")
    going = np.zeros_like(done)
    for i, y in enumerate(years):
        start, end = y.start.to_datetime64(), y.end.to_datetime64()
        in_year = ~open_ & (completed >= start) & (completed <= end)
        unfinished = (enrolled >= start) & (enrolled <= end) & (open_ | (completed > end))
        done[i] = np.bincount(sector[in_year & known], minlength=len(SECTORS))
        going[i] = np.bincount(sector[unfinished & known], minlength=len(SECTORS))
    return done, going


def _elearning_blocks(data: TrainingData, span: _Span) -> list[dict[str, np.ndarray]]:
    """elearning_completions (all and by sector), elearning_in_progress and elearning_completion_rate."""
    if not data.has_elearning:
        return []
    n_years = len(span.labels)
    done, going = _elearning_by_sector(data, span.years)
    all_done, all_going = done.sum(axis=1), going.sum(axis=1)
    head = _rows(np.arange(n_years), [
        _count("elearning_completions", all_done),
        _count("elearning_in_progress", all_going),
        _percent("elearning_completion_rate", all_done, all_done + all_going),
    ])
    by_sector = _rows(np.repeat(np.arange(n_years), len(SECTORS)), [_count("elearning_completions", done.ravel())],
                      np.asarray([f"sector:{s}" for s in SECTORS] * n_years, dtype=object))
    return [head, by_sector]


def _evaluation_block(data: TrainingData, span: _Span) -> dict[str, np.ndarray]:
    """Response rates (by stage), objectives_met, would_recommend, confidence medians, applied_learning."""
    n_years = len(span.labels)
    ev = data.evaluations
    # the forms about the courses of each year (each form once in a year, as a course is once)
    ours, course = _joined(ev["course_id"], span.courses)
    year = span.course_year[course]
    if len(np.unique(ours)) < len(ours):
        once = np.unique(ours * n_years + year, return_index=True)[1]
        ours, year = ours[once], year[once]
    stage = _positions(ev["stage"], STAGES)[ours]
    attended = np.bincount(span.course_year[span.att_course][span.att_status == STATUSES.index("attended")],
                           minlength=n_years)
    known = stage >= 0
    responded = np.bincount(year[known] * len(STAGES) + stage[known],
                            minlength=n_years * len(STAGES)).reshape(n_years, len(STAGES))
    after = stage == STAGES.index("after")
    objectives = ev["objectives_met"].to_numpy(dtype="float64")[ours]
    rated = after & ~np.isnan(objectives)
    recommend = _positions(ev["recommend"], ["yes", "no"])[ours]
    answered = after & (recommend >= 0)
    spec = [_percent("evaluation_response_rate", responded[:, i], attended, breakdown=f"stage:{s}")
            for i, s in enumerate(STAGES)]
    spec += [
        _percent("objectives_met", np.bincount(year[rated & (objectives >= 4)], minlength=n_years),
                 np.bincount(year[rated], minlength=n_years)),
        _percent("would_recommend", np.bincount(year[answered & (recommend == 0)], minlength=n_years),
                 np.bincount(year[answered], minlength=n_years)),
    ]
    confidence = ev["confidence"].to_numpy(dtype="float64")[ours]
    for s, name in (("before", "confidence_before"), ("after", "confidence_after")):
        at_stage = stage == STAGES.index(s)
        med, lo, hi, n = np.array([median_with_ci(confidence[at_stage & (year == i)]) for i in range(n_years)],
                                  dtype="float64").reshape(n_years, 4).T
        spec.append({"indicator": name, "unit": "score", "denominator": n, "value": med, "lower": lo, "upper": hi})
    applied = _positions(ev["applied_learning"], APPLIED)[ours]
    replied = (stage == STAGES.index("follow_up")) & (applied >= 0)
    answers = np.bincount(year[replied] * len(APPLIED) + applied[replied],
                          minlength=n_years * len(APPLIED)).reshape(n_years, len(APPLIED))
    total = answers.sum(axis=1)
    spec.append(_percent("applied_learning", answers[:, APPLIED.index("yes")] + answers[:, APPLIED.index("partly")],
                         total))
    spec += [_percent("applied_learning", answers[:, i], total, breakdown=f"answer:{a}") for i, a in enumerate(APPLIED)]
    return _rows(np.arange(n_years), spec)


def _years_indicators(data: TrainingData, years: list[ReportingYear]) -> pd.DataFrame:
    """The indicator rows (no change rows) of each of ``years``, worked out in one pass over the tables rather
    than one pass per year. Rows come year by year in the order of ``years``; each year's are those its
    indicator table has always had, in the same order: delivery (all, by theme, by mode), reach, e-learning
    (with ``elearning.csv``) and evaluation (with ``evaluations.csv``); definitions in :func:`indicators`."""
    span = _span(data, years)
    blocks = [_delivery_block(span, None), _delivery_block(span, "theme"), _delivery_block(span, "mode")]
    blocks += _reach_blocks(span)
    blocks += _elearning_blocks(data, span)
    if data.has_evaluations:
        blocks.append(_evaluation_block(data, span))
    cols = {k: np.concatenate([b[k] for b in blocks]) for k in blocks[0]}
    order = np.argsort(cols["year"], kind="stable")
    cols = {k: v[order] for k, v in cols.items()}
    wilson = cols["wilson"]
    value, lower, upper = _wilson(cols["numerator"][wilson], cols["denominator"][wilson])
    cols["value"][wilson], cols["lower"][wilson], cols["upper"][wilson] = value, lower, upper
    rows = pd.DataFrame({
        "area": data.area, "period": np.asarray(span.labels, dtype=object)[cols["year"]],
        "indicator": cols["indicator"], "breakdown": cols["breakdown"],
        **{c: cols[c] for c in _NUMBERS}, "unit": cols["unit"], "source": SOURCE, "symbol": "",
    })
    # checked here, every year; typed (text as str) when :func:`indicators.table` puts the final table together
    return ind.validate(rows)


# headline figures that get a row for the change on the previous year, and how the change is expressed
_CHANGE_INDICATORS = {
    "courses_delivered": "percent", "training_days": "percent", "places_offered": "percent",
    "delegates_attended": "percent", "individual_delegates": "percent", "organisations_reached": "percent",
    "elearning_completions": "percent", "elearning_in_progress": "percent",
    "fill_rate": "percentage points", "did_not_attend_rate": "percentage points",
    "elearning_completion_rate": "percentage points", "evaluation_response_rate": "percentage points",
    "objectives_met": "percentage points", "would_recommend": "percentage points",
    "applied_learning": "percentage points", "confidence_before": "score", "confidence_after": "score",
}


def _disclosure_count(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """The smallest positive count behind a figure (its numerator or its base), 0 if both are 0, NaN if none.

    Carried on a change row so that :func:`suppression.suppress` hides the change whenever either year's
    figure would have been hidden (a count of 1 to 5 in it)."""
    n = np.asarray(numerator, dtype="float64")
    d = np.asarray(denominator, dtype="float64")
    with np.errstate(invalid="ignore"):
        smallest = np.fmin(np.where(n > 0, n, np.nan), np.where(d > 0, d, np.nan))
        zero = (np.nan_to_num(n, nan=-1.0) <= 0) & (np.nan_to_num(d, nan=-1.0) <= 0) & ~(np.isnan(n) & np.isnan(d))
    return np.where(zero, 0.0, smallest)


def _change_rows(this: pd.DataFrame, last: pd.DataFrame) -> pd.DataFrame:
    """Rows ``<indicator>_change``: this year's headline figure against last year's.

    Counts: percentage change ``(new - old) / old * 100`` (unit "percent"; missing when last year was 0).
    Percentages: the difference in percentage points, with Newcombe's hybrid score 95% interval for a
    difference of two independent proportions (Newcombe 1998, method 10) from the two Wilson intervals.
    Medians (scores): the difference of the medians.
    ``numerator`` and ``denominator`` hold the smallest count behind this year's and last year's figure,
    so that disclosure control hides a change whose either side would be hidden. Only breakdown "all"
    (and the response rate by stage) get a change row: a change in a small breakdown cell could undo the
    secondary suppression of the year's table.

    Returns the rows as an unvalidated frame (:func:`indicators.frame`): :func:`indicators` validates them
    with the year's table.
    """
    names, cells = this["indicator"].tolist(), this["breakdown"].tolist()
    earlier: dict[tuple[str, str], list[int]] = {}
    for j, key in enumerate(zip(last["indicator"].tolist(), last["breakdown"].tolist())):
        earlier.setdefault(key, []).append(j)
    # each headline row of this year with last year's row for the same indicator and breakdown
    pairs = [(i, j) for i, (name, cell) in enumerate(zip(names, cells))
             if name in _CHANGE_INDICATORS and (cell == "all" or name == "evaluation_response_rate")
             for j in earlier.get((name, cell), ())]
    now_at = np.array([i for i, _ in pairs], dtype=np.intp)
    old_at = np.array([j for _, j in pairs], dtype=np.intp)
    now = {c: this[c].to_numpy(dtype="float64")[now_at] for c in _NUMBERS}
    old = {c: last[c].to_numpy(dtype="float64")[old_at] for c in _NUMBERS}
    both = ~np.isnan(now["value"]) & ~np.isnan(old["value"])
    if not both.any():
        return ind.empty()
    now_at = now_at[both]
    now = {c: v[both] for c, v in now.items()}
    old = {c: v[both] for c, v in old.items()}
    name = np.asarray(names, dtype=object)[now_at]
    kind = np.array([_CHANGE_INDICATORS[n] for n in name], dtype=object)
    percent = kind == "percent"
    p1, l1, u1 = now["value"], now["lower"], now["upper"]
    p2, l2, u2 = old["value"], old["lower"], old["upper"]
    value = np.where(percent, rates.pct_change(p1, p2), p1 - p2)
    lower = np.full(value.shape, np.nan)
    upper = np.full(value.shape, np.nan)
    wilson = (kind == "percentage points") & ~np.isnan(l1) & ~np.isnan(l2)
    d = p1 - p2
    lower[wilson] = (d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2))[wilson]
    upper[wilson] = (d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2))[wilson]
    # for a count the count itself; for a median the number of ratings (kept in the denominator)
    numerator = np.where(percent, p1, _disclosure_count(now["numerator"], now["denominator"]))
    denominator = np.where(percent, p2, _disclosure_count(old["numerator"], old["denominator"]))
    # course, day and place counts are not people and carry no numerator; keep it that way
    not_people = np.isin(name, ["courses_delivered", "training_days", "places_offered"])
    numerator[not_people] = np.nan
    denominator[not_people] = np.nan
    keep = ~np.isnan(value)
    out = pd.DataFrame({
        "area": this["area"].to_numpy(dtype=object)[now_at], "period": this["period"].to_numpy(dtype=object)[now_at],
        "indicator": name + "_change", "breakdown": np.asarray(cells, dtype=object)[now_at],
        "numerator": numerator, "denominator": denominator, "value": value, "lower": lower, "upper": upper,
        "unit": kind, "source": this["source"].to_numpy(dtype=object)[now_at],
    })
    return ind.frame(out[keep])


def indicators(data: TrainingData, year: str | ReportingYear) -> pd.DataFrame:
    """The training indicator table for ``year`` (source: the partnership's own training records).

    Delivery (courses starting in the reporting year; breakdown "all", "theme:*", "mode:*"):

    * ``courses_delivered``: courses with at least one delegate attending (seed 000 4.6.11). Not a count of
      people, so it has no numerator and is not subject to disclosure control; likewise
    * ``training_days``: the sum of delivered courses' lengths in days;
    * ``places_offered``: the sum of delivered courses' places;
    * ``delegates_attended``: bookings with status attended (a delegate on two courses counts twice, as
      annual reports count delegates);
    * ``fill_rate``: delegates_attended / places_offered x 100 (may pass 100; no interval: a census);
    * ``did_not_attend_rate``: did_not_attend / (attended + did_not_attend) x 100, Wilson limits.
      Cancelled bookings are in neither part: the place was given back before the course.

    Reach (courses starting in the year):

    * ``individual_delegates``: distinct people attending at least one course;
    * ``delegates_by_sector``: delegates_attended by sector ("sector:*", every sector, zeros included);
    * ``organisations_reached``: distinct organisations with a delegate attending, all and by sector (seed
      003 6.2: "95 staff from 32 schools"). Organisation names are matched ignoring case and spacing.

    E-learning (``elearning.csv``):

    * ``elearning_completions``: modules completed in the year (all and by sector);
    * ``elearning_in_progress``: enrolments in the year not completed by 31 March;
    * ``elearning_completion_rate``: completions / (completions + in progress) x 100, Wilson limits, as seed
      000 4.6.11 computes it (1,177 completed, 88 in progress: 93%).

    Evaluation (``evaluations.csv``, forms about courses starting in the year):

    * ``evaluation_response_rate`` ("stage:before|after|follow_up"): forms returned at that stage / delegates
      attended x 100, Wilson limits;
    * ``objectives_met`` (Kirkpatrick level 1): after-course forms rating objectives met 4 or 5 (of 5) /
      after-course forms with a rating x 100;
    * ``would_recommend`` (level 1): after-course forms answering yes / forms answering yes or no x 100;
    * ``confidence_before``, ``confidence_after`` (level 2): median self-rated confidence (1-10) on all
      before-course and all after-course forms with a rating (unit "score"; the number of ratings is the
      denominator; limits from :func:`median_with_ci`). The matched-pairs comparison is
      :func:`confidence_change`;
    * ``applied_learning`` (level 3): follow-up forms answering yes or partly / follow-up forms answering x
      100, Wilson limits; "answer:yes|partly|no" give the split.

    Change on the previous year: ``<indicator>_change`` rows for the headline figures (see
    :func:`_change_rows`): percentage change for counts (seed 000: "a 6% increase on the previous year"),
    percentage points (with Newcombe's interval) for percentages, and the difference for medians.
    """
    y = ReportingYear(year)
    both = _years_indicators(data, [y, y.previous()])
    this = both[both["period"].eq(y.label)].reset_index(drop=True)
    last = both[both["period"].eq(y.previous().label)].reset_index(drop=True)
    return ind.concat([this, _change_rows(this, last)])


# ---------------------------------------------------------------------------------------------------------
# impact: confidence before and after (Kirkpatrick level 2)
# ---------------------------------------------------------------------------------------------------------

_BY = {"course": "course_id", "theme": "theme", "sector": "sector", "mode": "mode"}


def confidence_pairs(data: TrainingData, year: str | ReportingYear) -> pd.DataFrame:
    """Matched pairs for courses starting in ``year``: one row per delegate and course with a confidence
    rating on both the before-course and the after-course form (columns course_id, title, theme, mode,
    sector, before, after, change = after - before). Delegate identifiers are not returned."""
    y = ReportingYear(year)
    courses = data.courses[data.courses["period"].eq(y.label)]
    ev = data.evaluations
    rated = ev[ev["course_id"].isin(courses["course_id"]) & ev["confidence"].notna()]
    before = rated[rated["stage"].eq("before")]
    after = rated[rated["stage"].eq("after")]
    att = data.attendance[data.attendance["course_id"].isin(courses["course_id"])]
    # each before rating's after rating, and the delegate's booking (the rows the joins on course and
    # delegate find), where each course, after form and booking is there once, as load() leaves them
    matched = _positions_of(before, after)
    booking = _positions_of(before, att)
    course = pd.Index(courses["course_id"])
    alike = ev["course_id"].dtype == att["course_id"].dtype == course.dtype and \
        ev["delegate_id"].dtype == att["delegate_id"].dtype  # else a join may change the key's dtype
    if matched is None or booking is None or not course.is_unique or not alike:
        return _confidence_pairs_by_merge(courses, att, rated)
    found = matched >= 0
    before, booking = before[found], booking[found]
    at = course.get_indexer(before["course_id"])

    def take(column: pd.Series, positions: np.ndarray | None = None) -> pd.Series:  # keeping the column's dtype
        values = column.array if positions is None else column.array.take(positions, allow_fill=True)
        return pd.Series(values, dtype=column.dtype)

    pairs = pd.DataFrame({
        "course_id": take(before["course_id"]),
        **{c: take(courses[c], at) for c in ("title", "theme", "mode")},
        "sector": take(att["sector"], booking),
        "before": before["confidence"].to_numpy(dtype="float64"),
        "after": after["confidence"].to_numpy(dtype="float64")[matched[found]],
    })
    pairs["change"] = pairs["after"] - pairs["before"]
    return pairs.sort_values(["course_id", "before", "after"], kind="stable").reset_index(drop=True)


def _positions_of(left: pd.DataFrame, right: pd.DataFrame) -> np.ndarray | None:
    """For each row of ``left``, the position in ``right`` of the row with the same course_id and delegate_id
    (-1 if none), or None when such a pair is in ``right`` more than once."""
    n = len(left)
    course = pd.factorize(pd.concat([left["course_id"], right["course_id"]], ignore_index=True))[0]
    delegate, seen = pd.factorize(pd.concat([left["delegate_id"], right["delegate_id"]], ignore_index=True))
    key = course.astype("int64") * (len(seen) + 1) + delegate
    index = pd.Index(key[n:])
    return index.get_indexer(key[:n]) if index.is_unique else None


def _confidence_pairs_by_merge(courses: pd.DataFrame, att: pd.DataFrame, rated: pd.DataFrame) -> pd.DataFrame:
    """:func:`confidence_pairs` by joins, for tables where a course, an after form or a booking is there more
    than once (each match makes a row, as a join does)."""
    att = att.merge(courses[["course_id"]], on="course_id", how="inner")
    before = rated.loc[rated["stage"].eq("before"), ["course_id", "delegate_id", "confidence"]]
    after = rated.loc[rated["stage"].eq("after"), ["course_id", "delegate_id", "confidence"]]
    pairs = before.merge(after, on=["course_id", "delegate_id"], suffixes=("_before", "_after"), how="inner")
    pairs = pairs.merge(att[["course_id", "delegate_id", "sector"]], on=["course_id", "delegate_id"], how="left")
    pairs = pairs.merge(courses[["course_id", "title", "theme", "mode"]], on="course_id", how="left")
    pairs = pairs.rename(columns={"confidence_before": "before", "confidence_after": "after"})
    pairs["change"] = pairs["after"] - pairs["before"]
    cols = ["course_id", "title", "theme", "mode", "sector", "before", "after", "change"]
    return pairs[cols].sort_values(["course_id", "before", "after"], kind="stable").reset_index(drop=True)


def _exact_p(ranks: np.ndarray, t_plus: float) -> float:
    """Two-sided exact p-value of the signed-rank statistic T+ by enumerating all 2^n sign assignments
    of the (average) ranks: 2 x the smaller tail probability, at most 1. Identical to scipy's
    ``wilcoxon(..., method=PermutationMethod(n_resamples=2**n))`` and much faster."""
    n = ranks.size
    signs = (np.arange(2**n)[:, None] >> np.arange(n)) & 1
    dist = signs @ ranks
    tol = 1e-9
    lower = np.mean(dist <= t_plus + tol)
    upper = np.mean(dist >= t_plus - tol)
    return float(min(1.0, 2 * min(lower, upper)))


def wilcoxon_summary(before: Iterable[float], after: Iterable[float]) -> dict:
    """Matched-pairs summary of ratings before and after (see :data:`WILCOXON_METHOD`).

    Returns pairs, median_before, median_after, median_change (the median of the differences), improved,
    unchanged, worse, share_improved (percent of pairs), t_plus and t_minus (rank sums of rises and falls),
    statistic (scipy's two-sided statistic, min(T+, T-)), p_value, test (which p-value), zero_method,
    effect_size (matched-pairs rank-biserial correlation) and note (why there is no test, if there is none).
    """
    b = np.asarray(list(before), dtype="float64")
    a = np.asarray(list(after), dtype="float64")
    d = a - b
    n = int(d.size)
    improved, worse = int((d > 0).sum()), int((d < 0).sum())
    out = {
        "pairs": n,
        "median_before": float(np.median(b)) if n else np.nan,
        "median_after": float(np.median(a)) if n else np.nan,
        "median_change": float(np.median(d)) if n else np.nan,
        "improved": improved, "unchanged": n - improved - worse, "worse": worse,
        "share_improved": improved / n * 100 if n else np.nan,
        "t_plus": np.nan, "t_minus": np.nan, "statistic": np.nan, "p_value": np.nan,
        "test": "", "zero_method": "wilcox", "effect_size": np.nan, "note": "",
    }
    nonzero = d[d != 0]
    k = int(nonzero.size)
    if n == 0:
        out["note"] = "no delegate rated confidence on both the before-course and the after-course form"
        return out
    if k < MIN_NONZERO_PAIRS:
        out["note"] = (f"too few pairs for a test: {k} of {n} delegates' ratings changed; at least "
                       f"{MIN_NONZERO_PAIRS} are needed for a p-value below 0.05 to be possible")
        return out
    ranks = stats.rankdata(np.abs(nonzero))  # average ranks for ties
    t_plus, t_minus = float(ranks[nonzero > 0].sum()), float(ranks[nonzero < 0].sum())
    if k <= EXACT_MAX_PAIRS:
        res = stats.wilcoxon(nonzero, zero_method="wilcox", method="asymptotic")
        p, test = _exact_p(ranks, t_plus), "Wilcoxon signed-rank, exact (all sign assignments)"
    else:
        res = stats.wilcoxon(nonzero, zero_method="wilcox", correction=False, method="asymptotic")
        p, test = float(res.pvalue), "Wilcoxon signed-rank, normal approximation (tie-corrected)"
    out.update(t_plus=t_plus, t_minus=t_minus, statistic=float(res.statistic), p_value=p, test=test,
               effect_size=(t_plus - t_minus) / (t_plus + t_minus))
    return out


def confidence_change(data: TrainingData, year: str | ReportingYear, by: str | None = None) -> pd.DataFrame:
    """Self-rated confidence before and after training, on matched pairs, overall or ``by`` "course",
    "theme", "sector" or "mode" (Kirkpatrick level 2; method in :data:`WILCOXON_METHOD`, also in
    ``result.attrs["method"]``).

    One row per group: group, label, pairs, median_before, median_after, median_change, improved, unchanged,
    worse, share_improved, t_plus, t_minus, statistic, p_value, test, zero_method ("wilcox": zero differences
    dropped), effect_size (matched-pairs rank-biserial correlation, (T+ - T-) / (T+ + T-)) and note (why no
    test was run where there are too few pairs). Without ``by`` there is one row, group "all".
    """
    if by is not None and by not in _BY:
        raise ValueError(f"by must be None or one of {', '.join(_BY)}, got {by!r}")
    pairs = confidence_pairs(data, year)
    if by is None:
        groups = [("all", "All courses", pairs)]
    else:
        col = _BY[by]
        labels = pairs.groupby(col)["title"].first() if by == "course" else None
        groups = [(g, (f"{g}: {labels[g]}" if by == "course" else _label(by, g)), sub)
                  for g, sub in pairs.groupby(col, sort=True)]
    rows = [{"group": g, "label": lab, **wilcoxon_summary(sub["before"], sub["after"])} for g, lab, sub in groups]
    # no matched pairs in the year (``by`` given): no rows, but the columns, so that views and charts say so
    out = pd.DataFrame(rows) if rows else pd.DataFrame([{"group": "", "label": "", **wilcoxon_summary([], [])}]).iloc[:0]
    out.attrs["method"] = WILCOXON_METHOD
    out.attrs["by"] = by or "all"
    out.attrs["period"] = ReportingYear(year).label
    return out


def _label(dimension: str | None, value: str) -> str:
    """A display label for a breakdown value ("childrens_social_care" -> "Children's social care")."""
    if dimension == "sector":
        return SECTOR_LABELS.get(value, value)
    if dimension == "mode":
        return {"face_to_face": "Face to face", "e_learning": "E-learning"}.get(value, value.replace("_", " ").capitalize())
    return str(value).replace("_", " ").capitalize()


def _hidden_groups(change: pd.DataFrame, suppress: bool) -> tuple[set, pd.Series]:
    """Groups whose pairs count is hidden by :func:`suppression.suppress` (with secondary suppression across
    the groups, which add up to the total), and the share improved after suppression.

    The answer depends only on the groups, their pairs and improved counts, ``change.attrs`` "by" and
    "period" and ``suppress``; it is remembered under exactly those (the table, the view, the sentence and the
    chart of one :func:`confidence_change` each ask), and handed out as a copy."""
    key = (change.attrs.get("by", "all"), change.attrs.get("period", "period"), tuple(change["group"].tolist()),
           tuple(change["pairs"].tolist()), tuple(change["improved"].tolist()), bool(suppress))
    try:
        hidden, share = _hidden_groups_of(*key)
    except TypeError:  # a value that cannot be a key (unhashable): worked out without the memory
        hidden, share = _hidden_groups_of.__wrapped__(*key)
    return set(hidden), share.copy()


@functools.lru_cache(maxsize=64)
def _hidden_groups_of(by, period, groups: tuple, pairs: tuple, improved: tuple,
                      suppress: bool) -> tuple[frozenset, pd.Series]:
    """:func:`_hidden_groups` from its inputs (hashable, so that it can be remembered)."""
    # for each group a count of pairs and the percentage improved (Wilson limits, in one vectorised call)
    if groups:
        n = np.asarray(pairs, dtype="float64")
        k = np.asarray(improved, dtype="float64")
        share, lower, upper = _wilson(k, n)
        missing = np.full(n.shape, np.nan)

        def pair(a, b):
            return np.column_stack([np.asarray(a, dtype=object), np.asarray(b, dtype=object)]).ravel()

        tab = ind.table(pd.DataFrame({
            "area": "area", "period": str(period),
            "indicator": pair(["confidence_pairs"] * len(groups), ["confidence_improved"] * len(groups)),
            "breakdown": np.repeat(np.asarray(["all" if by == "all" else f"{by}:{g}" for g in groups], dtype=object), 2),
            "numerator": pair(n, k).astype("float64"), "denominator": pair(missing, n).astype("float64"),
            "value": pair(n, share).astype("float64"), "lower": pair(missing, lower).astype("float64"),
            "upper": pair(missing, upper).astype("float64"),
            "unit": pair(["count"] * len(groups), ["percent"] * len(groups)), "source": "", "symbol": ""}))
    else:
        tab = ind.empty()
    if suppress and len(tab):
        tab = suppression.suppress(tab)
        hidden_pairs = tab.loc[tab["indicator"].eq("confidence_pairs") & tab["suppressed"], "breakdown"]
    else:
        hidden_pairs = pd.Series(dtype=object)
    hidden = {b.split(":", 1)[-1] if b != "all" else "all" for b in hidden_pairs}
    improved = tab[tab["indicator"].eq("confidence_improved")].copy() if len(tab) else tab
    share = pd.Series(
        [(v, s) for v, s in zip(improved.get("value", []), improved.get("symbol", []))],
        index=[b.split(":", 1)[-1] if b != "all" else "all" for b in improved.get("breakdown", [])], dtype=object)
    return frozenset(hidden), share


def _p_text(p: float) -> str:
    """A p-value as shown in a table: three decimal places, or "<0.001"."""
    if pd.isna(p):
        return ""
    return "<0.001" if p < 0.001 else f"{rates.round_half_up(p, 3):.3f}"


def _p_phrase(p: float) -> str:
    """A p-value in a sentence: "p < 0.001" or "p = 0.012"."""
    return "p < 0.001" if p < 0.001 else f"p = {_p_text(p)}"


def confidence_view(change: pd.DataFrame, *, suppress: bool = True) -> pd.DataFrame:
    """A display table (strings) of :func:`confidence_change`. With ``suppress``, disclosure control is applied
    with :func:`suppression.suppress`: a group with 1 to 5 pairs (and, where it alone would be hidden, the next
    smallest group) shows "c" throughout, and a share improved resting on 1 to 5 delegates shows "c" (with the
    p-value and effect size, from which it could be worked out)."""
    from lscb_analysis.report.display import format_value

    hidden, share = _hidden_groups(change, suppress)
    out = []
    for r in change.itertuples(index=False):
        gone = r.group in hidden
        sv, ss = share.get(r.group, (np.nan, "")) if len(share) else (np.nan, "")

        def cell(value, unit="score", digits=None, gone=gone):
            return "c" if gone else format_value(value, unit, "", digits)

        out.append({
            "Group": r.label,
            "Pairs": cell(r.pairs, "count"),
            "Median before": cell(r.median_before, digits=1),
            "Median after": cell(r.median_after, digits=1),
            "Median change": cell(r.median_change, digits=1),
            "Improved (%)": "c" if gone else format_value(sv, "percent", ss),
            # with the pairs shown, the p-value and r would give away a hidden number improved
            "p-value": "c" if (gone or ss) else (_p_text(r.p_value) or "no test"),
            "Effect size (r)": "c" if (gone or ss) else (
                "" if pd.isna(r.effect_size) else format_value(r.effect_size, "ratio")),
            "Note": "" if gone else r.note,
        })
    return pd.DataFrame(out, columns=["Group", "Pairs", "Median before", "Median after", "Median change",
                                      "Improved (%)", "p-value", "Effect size (r)", "Note"])


def confidence_sentence(change: pd.DataFrame, *, suppress: bool = True) -> str:
    """A plain sentence about the overall (``by=None``) confidence change, from the figures."""
    r = change.iloc[0]
    n = int(r["pairs"])
    if n == 0:
        return "No delegate rated their confidence both before and after a course, so learning cannot be measured."
    if suppress and suppression.is_small(n)[0]:
        return ("Fewer than 6 delegates rated their confidence both before and after a course: too few to report "
                "or to test.")
    from lscb_analysis.report.display import format_value

    text = (f"Among the {format_value(n, 'count')} delegates who rated their confidence (1 to 10) both before and "
            f"after a course, the median rating went from {format_value(r['median_before'], 'score')} to "
            f"{format_value(r['median_after'], 'score')}")
    hidden, share = _hidden_groups(change.iloc[[0]], suppress)
    sv, ss = share.get(r["group"], (np.nan, ""))
    text += f", and {format_value(sv, 'percent', ss)}% rated themselves more confident afterwards."
    if r["note"]:
        return text + f" No statistical test was run ({r['note']})."
    if r["p_value"] < 0.05:
        verdict = ("This rise is statistically significant" if r["effect_size"] > 0
                   else "This fall is statistically significant")
    else:
        verdict = "This change is not statistically significant"
    return (text + f" {verdict} (Wilcoxon signed-rank test, {_p_phrase(r['p_value'])}; rank-biserial effect size "
            f"r = {format_value(r['effect_size'], 'ratio')}, where 1 would mean every delegate whose rating changed "
            "rated higher).")


def confidence_chart(change: pd.DataFrame, *, suppress: bool = True):
    """Median confidence before and after, one line per group (a dumbbell chart), groups hidden by disclosure
    control left out. The title states the finding; alt text lists the medians."""
    import matplotlib.pyplot as plt

    from lscb_analysis.report import plots

    hidden, _ = _hidden_groups(change, suppress)
    shown = change[~change["group"].isin(hidden) & (change["pairs"] > 0)].sort_values("median_after")
    plots.use_style()
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.45 * len(shown) + 1.4)))
    pos = np.arange(len(shown))
    ax.hlines(pos, shown["median_before"], shown["median_after"], color="#BFBFBF", linewidth=3, zorder=1)
    ax.scatter(shown["median_before"], pos, color=plots.COLOURS["orange"], s=60, label="Before the course", zorder=2)
    ax.scatter(shown["median_after"], pos, color=plots.COLOURS["dark_blue"], s=60, label="After the course", zorder=3)
    ax.set_yticks(pos, shown["label"].tolist())
    ax.set_xlim(0.5, 10.5)
    ax.set_xlabel("Median self-rated confidence (1 to 10)")
    ax.grid(axis="y", visible=False)
    rose = int((shown["median_after"] > shown["median_before"]).sum())
    if len(shown) == 0:
        title = "Too few matched ratings to show confidence before and after"
    elif rose == len(shown):
        title = "Median confidence was higher after the course in every group shown"
    else:
        title = f"Median confidence was higher after the course in {rose} of {len(shown)} groups shown"
    ax.set_title(title)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.02), ncol=2)
    fig.tight_layout()
    alt = title + ". " + "; ".join(
        f"{lab}: {b:g} before, {a:g} after" for lab, b, a in
        zip(shown["label"], shown["median_before"], shown["median_after"]))
    if hidden:
        alt += f". {len(hidden)} group(s) with too few pairs are not shown."
    return plots.with_alt(fig, alt)


# ---------------------------------------------------------------------------------------------------------
# tables and sentences for the board (all work on a table that may have been through suppression.suppress)
# ---------------------------------------------------------------------------------------------------------

INDICATOR_LABELS = {
    "courses_delivered": "Courses delivered", "training_days": "Training days", "places_offered": "Places offered",
    "delegates_attended": "Delegates attended", "fill_rate": "Fill rate (%)",
    "did_not_attend_rate": "Did not attend (%)", "delegates_by_sector": "Delegates attended",
    "organisations_reached": "Organisations reached", "elearning_completions": "E-learning completions",
    "individual_delegates": "Individual delegates", "elearning_in_progress": "E-learning in progress",
    "elearning_completion_rate": "E-learning completion rate (%)",
    "evaluation_response_rate": "Evaluation response rate (%)", "objectives_met": "Objectives met (%)",
    "would_recommend": "Would recommend (%)", "confidence_before": "Median confidence before (1-10)",
    "confidence_after": "Median confidence after (1-10)", "applied_learning": "Applied learning (%)",
}
_DIGITS = {"training_days": 1, "confidence_before": 1, "confidence_after": 1}


def _cell(row: pd.Series) -> str:
    from lscb_analysis.report.display import format_value

    return format_value(row["value"], row["unit"], row.get("symbol", ""), _DIGITS.get(row["indicator"]))


def _cells(rows: pd.DataFrame) -> list:
    """:func:`_cell` of each row of ``rows``, in order (without building a Series for every row)."""
    from lscb_analysis.report.display import format_value

    symbols = rows["symbol"].tolist() if "symbol" in rows.columns else [""] * len(rows)
    return [format_value(v, u, s, _DIGITS.get(i)) for v, u, s, i in
            zip(rows["value"].tolist(), rows["unit"].tolist(), symbols, rows["indicator"].tolist())]


def _first_cells(row_keys: list, column_keys: list, cells: list) -> dict:
    """The first text cell for each (row, column) pair (missing cells left out), as
    ``pivot_table(aggfunc="first")`` keeps it."""
    first: dict = {}
    for key, cell in zip(zip(row_keys, column_keys), cells):
        if isinstance(cell, str):
            first.setdefault(key, cell)
    return first


def wide_view(table: pd.DataFrame, dimension: str, columns: list[str]) -> pd.DataFrame:
    """A display table (strings): one row per value of ``dimension`` ("theme", "mode", "sector"), one column per
    indicator in ``columns``, cells formatted for their unit with the symbol of hidden cells ("c")."""
    sub = table[table["breakdown"].str.startswith(f"{dimension}:") & table["indicator"].isin(columns)
                & ~table["unit"].isin(["percentage points"])]
    if sub.empty:
        return pd.DataFrame(columns=[INDICATOR_LABELS.get(c, c) for c in columns])
    values = sub["breakdown"].str.split(":", n=1).str[1]
    first = _first_cells(values.tolist(), sub["indicator"].tolist(), _cells(sub))
    present = {v for v, _ in first}
    shown = {c for _, c in first}
    order = list(SECTORS) if dimension == "sector" else sorted(present)
    index = [v for v in order if v in present]
    if index:
        # the pivot (first cell of each value and indicator) built directly: the frame pivot_table and
        # reindex give, an indicator with no cell being an empty column of dtype object as in theirs
        view = pd.DataFrame({i: pd.Series([first.get((v, c), "") for v in index], dtype="str" if c in shown else object)
                             for i, c in enumerate(columns)})
    else:
        sub = sub.assign(_cell=sub.apply(_cell, axis=1), _value=values)
        view = sub.pivot_table(index="_value", columns="indicator", values="_cell", aggfunc="first")
        view = view.reindex(index=[v for v in order if v in view.index], columns=columns).fillna("")
        index = list(view.index)
    view.index = [_label(dimension, v) for v in index]
    view.index.name = dimension.capitalize()
    view.columns = [INDICATOR_LABELS.get(c, c) for c in columns]
    return view


def sector_reach(table: pd.DataFrame) -> pd.DataFrame:
    """Reach by sector: delegates attended, organisations reached and e-learning completions, every sector."""
    return wide_view(table, "sector", ["delegates_by_sector", "organisations_reached", "elearning_completions"])


def sectors_not_reached(table: pd.DataFrame) -> pd.DataFrame:
    """Sectors with no delegate on a course in the year (``delegates_by_sector`` is 0), with their e-learning
    completions (which may show the sector was reached another way). Columns sector, label,
    elearning_completions (formatted, "c" where hidden)."""
    rows = ind.select(table, "delegates_by_sector", breakdown=None)
    zero = rows[rows["breakdown"].str.startswith("sector:") & rows["value"].eq(0)]
    sectors = zero["breakdown"].str.split(":", n=1).str[1].tolist()
    el = ind.select(table, "elearning_completions", breakdown=None)
    el = el[el["breakdown"].str.startswith("sector:")].set_index("breakdown")
    out = []
    for s in sectors:
        key = f"sector:{s}"
        cell = _cell(el.loc[key]) if key in el.index else "x"
        out.append({"sector": s, "label": SECTOR_LABELS[s], "elearning_completions": cell})
    return pd.DataFrame(out, columns=["sector", "label", "elearning_completions"])


def _get(table: pd.DataFrame, indicator: str, breakdown: str = "all", unit: str | None = None) -> pd.Series | None:
    """The first row of ``table`` for ``indicator`` (and ``breakdown`` and ``unit``, None for any), or None: the
    first row :func:`indicators.select` would give, found without copying the matching rows."""
    match = table["indicator"].eq(indicator).to_numpy(dtype=bool)
    for column, wanted in (("breakdown", breakdown), ("unit", unit)):
        if wanted is not None:
            match = match & table[column].eq(wanted).to_numpy(dtype=bool)
    hits = np.flatnonzero(match)
    return None if hits.size == 0 else table.iloc[hits[0]]


def _fmt(table: pd.DataFrame, indicator: str, breakdown: str = "all", unit: str | None = None) -> str:
    row = _get(table, indicator, breakdown, unit)
    return "x" if row is None else _cell(row)


def _change_phrase(table: pd.DataFrame, indicator: str, previous: str) -> str:
    """', 3.2% more than in 2023-24' from an ``<indicator>_change`` row ('' if none or hidden)."""
    row = _get(table, f"{indicator}_change")
    if row is None or pd.isna(row["value"]):
        return ""
    c = rates.round_half_up(row["value"], 1)
    if row["unit"] == "percent":
        if c == 0:
            return f", the same as in {previous}"
        return f", {abs(c):.1f}% {'more' if c > 0 else 'fewer'} than in {previous}"
    if row["unit"] == "percentage points":
        if c == 0:
            return f", the same as in {previous}"
        return f", {abs(c):.1f} percentage points {'higher' if c > 0 else 'lower'} than in {previous}"
    return ""


def headlines(table: pd.DataFrame, year: str | ReportingYear) -> list[str]:
    """Plain-English sentences for the board, generated from the (suppressed) indicator table."""
    y = ReportingYear(year)
    prev = y.previous().label
    out = []
    courses = _get(table, "courses_delivered")
    if courses is None or courses["value"] == 0:
        return [f"No multi-agency training course was recorded as delivered in {y.label}."]
    out.append(
        f"In {y.label} the partnership delivered {_fmt(table, 'courses_delivered')} multi-agency courses "
        f"({_fmt(table, 'training_days')} days of training) to {_fmt(table, 'delegates_attended')} delegates"
        f"{_change_phrase(table, 'delegates_attended', prev)}. They were {_fmt(table, 'individual_delegates')} "
        f"different people from {_fmt(table, 'organisations_reached')} organisations.")
    out.append(
        f"Delegates filled {_fmt(table, 'fill_rate')}% of the places offered"
        f"{_change_phrase(table, 'fill_rate', prev)}; {_fmt(table, 'did_not_attend_rate')}% of delegates booked "
        "(not counting bookings cancelled in advance) did not attend.")
    by_sector = ind.select(table, "delegates_by_sector", breakdown=None)
    by_sector = by_sector[by_sector["breakdown"].str.startswith("sector:")]
    if by_sector["value"].notna().any() and by_sector["value"].max() > 0:
        top = by_sector.loc[by_sector["value"].idxmax()]
        sector = top["breakdown"].split(":", 1)[1]
        out.append(
            f"The largest group was {SECTOR_LABELS[sector].lower()}: {_cell(top)} delegates from "
            f"{_fmt(table, 'organisations_reached', top['breakdown'])} organisations.")
    missing = sectors_not_reached(table)
    if len(missing):
        names = [s.lower() for s in missing["label"]]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        out.append(f"No delegate came from {listed}.")
    if _get(table, "elearning_completions") is not None:
        out.append(
            f"{_fmt(table, 'elearning_completions')} e-learning modules were completed"
            f"{_change_phrase(table, 'elearning_completions', prev)}, and {_fmt(table, 'elearning_in_progress')} "
            f"begun in the year were still in progress at 31 March: a completion rate of "
            f"{_fmt(table, 'elearning_completion_rate')}%.")
    if _get(table, "objectives_met") is not None:
        out.append(
            f"{_fmt(table, 'evaluation_response_rate', 'stage:after')}% of delegates returned an after-course form; "
            f"of those who answered, {_fmt(table, 'objectives_met')}% said the course met its objectives and "
            f"{_fmt(table, 'would_recommend')}% would recommend it.")
        out.append(
            f"At follow-up ({_fmt(table, 'evaluation_response_rate', 'stage:follow_up')}% of delegates replied), "
            f"{_fmt(table, 'applied_learning')}% said they had applied the learning in practice fully or partly "
            f"({_fmt(table, 'applied_learning', 'answer:yes')}% fully).")
    return out


def kirkpatrick(table: pd.DataFrame, change: pd.DataFrame, *, suppress: bool = True) -> pd.DataFrame:
    """The Kirkpatrick table: for levels 1 (reaction), 2 (learning), 3 (behaviour) and 4 (results), what the
    level asks, what measures it here, the result (from the suppressed table and the overall
    :func:`confidence_change`), and what is not measured."""
    from lscb_analysis.report.display import format_value

    c = change.iloc[0]
    hidden, share = _hidden_groups(change.iloc[[0]], suppress)
    if c["pairs"] == 0:
        learning = "No delegate rated confidence both before and after."
    elif "all" in hidden:
        learning = "c (fewer than 6 matched pairs)"
    else:
        sv, ss = share.get("all", (np.nan, ""))
        learning = (f"Median confidence {format_value(c['median_before'], 'score')} before, "
                    f"{format_value(c['median_after'], 'score')} after ({format_value(c['pairs'], 'count')} "
                    f"matched pairs); {format_value(sv, 'percent', ss)}% more confident; "
                    + (f"Wilcoxon {_p_phrase(c['p_value'])}, r = {format_value(c['effect_size'], 'ratio')}"
                       if not c["note"] else "no test: too few changed ratings"))
    rows = [
        {"Level": "1 Reaction", "Asks": "Did delegates find the training worthwhile?",
         "Measured by": "After-course form: objectives met (4 or 5 of 5); would recommend",
         "Result": (f"Objectives met {_fmt(table, 'objectives_met')}%; would recommend "
                    f"{_fmt(table, 'would_recommend')}%; response rate "
                    f"{_fmt(table, 'evaluation_response_rate', 'stage:after')}%"),
         "Not measured": "The views of delegates who did not return a form"},
        {"Level": "2 Learning", "Asks": "Did delegates learn?",
         "Measured by": "Self-rated confidence (1 to 10) before and after, matched by delegate",
         "Result": learning,
         "Not measured": "Knowledge or skill tested directly; whether confidence lasts"},
        {"Level": "3 Behaviour", "Asks": "Did practice change?",
         "Measured by": "Follow-up form about three months later: learning applied (yes, partly, no)",
         "Result": (f"Applied fully or partly {_fmt(table, 'applied_learning')}% (fully "
                    f"{_fmt(table, 'applied_learning', 'answer:yes')}%); response rate "
                    f"{_fmt(table, 'evaluation_response_rate', 'stage:follow_up')}%"),
         "Not measured": "Observed practice, supervision or case audit evidence; it is self-reported by those "
                         "who replied, who may be the most engaged"},
        {"Level": "4 Results", "Asks": "Are children safer?",
         "Measured by": "Nothing in these data",
         "Result": "Not measured",
         "Not measured": "Outcomes for children cannot be attributed to training from attendance and forms; "
                         "multi-agency case audits are the route"},
    ]
    return pd.DataFrame(rows)


HEADLINE_TREND = ["courses_delivered", "training_days", "delegates_attended", "individual_delegates",
                  "organisations_reached", "fill_rate", "did_not_attend_rate", "elearning_completions",
                  "elearning_completion_rate", "objectives_met", "would_recommend", "confidence_before",
                  "confidence_after", "applied_learning", "evaluation_response_rate"]


def trend(data: TrainingData, year: str | ReportingYear, years: int = 5) -> pd.DataFrame:
    """The headline figures (breakdown "all", and the response rate by stage) for the ``years`` reporting years
    ending with ``year``, as one indicator table (no change rows)."""
    span = ReportingYear(year).trend(years)
    if not span:
        return ind.empty()
    # every year in one pass (not one pass per year)
    t = _years_indicators(data, span)
    keep = t["indicator"].isin(HEADLINE_TREND) & (
        t["breakdown"].eq("all") | t["indicator"].eq("evaluation_response_rate"))
    return ind.concat([t[keep]])


def trend_chart(table: pd.DataFrame, names: list[str], *, ylabel: str):
    """Lines over years for the indicators ``names`` (breakdown "all", or stage:after for the response rate),
    from a (suppressed) trend table. The title says how the first indicator moved over the period."""
    from lscb_analysis.report import plots

    rows = table[table["indicator"].isin(names) & (
        table["breakdown"].eq("all") | table["breakdown"].eq("stage:after"))].copy()
    rows["series"] = rows["indicator"].map(lambda n: INDICATOR_LABELS.get(n, n).replace(" (%)", ""))
    first = rows[rows["indicator"].eq(names[0])].sort_values("period")
    label = INDICATOR_LABELS.get(names[0], names[0]).replace(" (%)", "")
    vals = first.dropna(subset=["value"])
    if len(vals) >= 2:
        a, b = vals.iloc[0], vals.iloc[-1]
        direction = "rose" if b["value"] > a["value"] else ("fell" if b["value"] < a["value"] else "was unchanged")
        title = f"{label} {direction} between {a['period']} and {b['period']}"
    else:
        title = f"{label} by year"
    alt = title + ". " + "; ".join(
        f"{s} {p}: {_cell(r)}" for s, p, r in
        ((r["series"], r["period"], r) for _, r in rows.sort_values(["series", "period"]).iterrows()))
    highlight = rows["series"].iloc[0] if len(rows) else None
    return plots.trend(rows, x="period", y="value", series="series", title=title, alt=alt, ylabel=ylabel,
                       highlight=highlight)


def gaps_sentence(gaps: pd.DataFrame) -> str:
    """A sentence naming the sectors no delegate came from (:func:`sectors_not_reached`), and whether e-learning
    reached them instead."""
    if gaps.empty:
        return "Every sector had at least one delegate on a course."
    parts = []
    for r in gaps.itertuples(index=False):
        el = r.elearning_completions
        if el in ("0", "x"):
            parts.append(f"{r.label.lower()} (and no e-learning completions either)")
        elif el == "c":
            parts.append(f"{r.label.lower()} (a few e-learning modules were completed)")
        else:
            parts.append(f"{r.label.lower()} (though {el} e-learning modules were completed)")
    listed = parts[0] if len(parts) == 1 else "; ".join(parts[:-1]) + "; and " + parts[-1]
    return f"No delegate on a course came from {listed}. These are the sectors the programme is not reaching."


def trend_view(history: pd.DataFrame) -> pd.DataFrame:
    """A display table (strings) of a :func:`trend` table: one row per headline indicator, one column per year
    (the response rate is the after-course one)."""
    rows = history[history["breakdown"].eq("all") | history["breakdown"].eq("stage:after")]
    order = [INDICATOR_LABELS.get(n, n) for n in HEADLINE_TREND if n in set(rows["indicator"])]
    names = [INDICATOR_LABELS.get(n, n) for n in rows["indicator"].tolist()]
    first = _first_cells(names, rows["period"].tolist(), _cells(rows)) if len(rows) else {}
    periods = sorted({p for _, p in first})
    if order and periods:
        # the pivot (first cell of each indicator and year) built directly: the frame pivot_table and
        # reindex give
        view = pd.DataFrame({i: pd.Series([first.get((n, p), "") for n in order], dtype="str")
                             for i, p in enumerate(periods)})
        view.index = pd.Index(order)
        view.columns = pd.Index(periods)
        return view
    rows = rows.assign(_cell=rows.apply(_cell, axis=1) if len(rows) else [],
                       _name=rows["indicator"].map(lambda n: INDICATOR_LABELS.get(n, n)))
    view = rows.pivot_table(index="_name", columns="period", values="_cell", aggfunc="first")
    view = view.reindex(index=order, columns=sorted(view.columns)).fillna("")
    view.index.name = None
    view.columns.name = None
    return view
