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

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from . import clean, rates, suppression
from . import indicators as ind
from .periods import ReportingYear

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
    from . import config

    slug = area_dir.resolve().name
    try:
        return config.load_area(slug).name
    except (ValueError, FileNotFoundError, KeyError):
        return slug.replace("-", " ").replace("_", " ").title()


def _slug_text(values: pd.Series) -> pd.Series:
    """Free labels (themes) as keys: trimmed, lower-case, spaces and hyphens as underscores."""
    return (values.fillna("").astype(str).str.strip().str.casefold()
            .str.replace(r"[\s\-/]+", "_", regex=True).str.replace(r"[^\w]", "", regex=True).str.strip("_"))


def _codes(values: pd.Series, aliases: dict[str, str]) -> pd.Series:
    """Codes in the contract's spelling: aliases mapped, then lower-case with underscores."""
    text = clean.normalise_codes(values, aliases, upper=False)
    return text.str.casefold().str.replace(r"[\s\-]+", "_", regex=True)


def _numbers(df: pd.DataFrame, column: str, file: str, rej: clean.Rejections, *, low: float, high: float,
             whole: bool, required: bool) -> pd.Series:
    """Parse a numeric column, logging text, fractions where whole numbers are expected, values outside
    ``low``-``high`` and (if ``required``) blanks. Returns floats (NaN where blank or rejected)."""
    text = df[column].fillna("").astype(str).str.strip()
    blank = text.eq("")
    num = pd.to_numeric(text.where(~blank), errors="coerce")
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


def _load_courses(directory: Path, rej: clean.Rejections) -> pd.DataFrame:
    df, file = _read(directory, "courses", COURSE_COLUMNS, rej, required=True)
    df["course_id"] = clean.id_text(df["course_id"])
    clean.reject_missing(df, ["course_id"], file, rej)
    clean.dedupe(df[df["course_id"].ne("")], ["course_id"], file, rej)
    df["title"] = df["title"].fillna("").astype(str).str.strip().str.replace(r"\s+", " ", regex=True)
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


def _load_attendance(directory: Path, rej: clean.Rejections, courses: pd.DataFrame, key: bytes | None) -> pd.DataFrame:
    df, file = _read(directory, "attendance", ATTENDANCE_COLUMNS, rej, required=True)
    df["course_id"] = clean.id_text(df["course_id"])
    # pseudonymise at once, so no later step can log or keep a real identifier
    df["delegate_id"] = clean.pseudonymise(df["delegate_id"], key, prefix="D")
    clean.reject_missing(df, ["course_id", "delegate_id"], file, rej)
    unknown_course = df["course_id"].ne("") & ~df["course_id"].isin(courses["course_id"])
    rej.add_rows(df, unknown_course, file, "course_id",
                 "course_id not in courses.csv (missing there, or that course row was rejected)")
    organisation = df["organisation"].fillna("").astype(str).str.strip().str.replace(r"\s+", " ", regex=True)
    df["organisation"] = clean.pseudonymise(organisation.str.casefold(), key, prefix="O")
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


def _load_evaluations(directory: Path, rej: clean.Rejections, courses: pd.DataFrame, attendance: pd.DataFrame,
                      key: bytes | None) -> pd.DataFrame | None:
    df, file = _read(directory, "evaluations", EVALUATION_COLUMNS, rej, required=False)
    if df is None:
        return None
    # the comment is reduced to a flag here and its text dropped: it never reaches a table or a log
    df["has_comment"] = df["comment"].fillna("").astype(str).str.strip().ne("")
    df = df.drop(columns=["comment"])
    df["course_id"] = clean.id_text(df["course_id"])
    df["delegate_id"] = clean.pseudonymise(df["delegate_id"], key, prefix="D")
    clean.reject_missing(df, ["course_id", "delegate_id"], file, rej)
    unknown_course = df["course_id"].ne("") & ~df["course_id"].isin(courses["course_id"])
    rej.add_rows(df, unknown_course, file, "course_id",
                 "course_id not in courses.csv (missing there, or that course row was rejected)")
    attended = attendance.loc[attendance["status"].eq("attended"), ["course_id", "delegate_id"]]
    pair = pd.MultiIndex.from_frame(df[["course_id", "delegate_id"]])
    attended_pairs = pd.MultiIndex.from_frame(attended)
    not_attended = (df["course_id"].ne("") & df["delegate_id"].ne("") & ~unknown_course
                    & ~pair.isin(attended_pairs))
    rej.add_rows(df, not_attended, file, "delegate_id",
                 "no attendance recorded for this delegate on this course (not in attendance.csv as attended)",
                 values=pd.Series("", index=df.index))
    stage = _codes(df["stage"], _STAGE_ALIASES)
    clean.reject_unknown(df, "stage", STAGES, file, rej, values=stage)
    df["stage"] = stage
    df["response_date"] = clean.parse_dates(df, "response_date", file, rej, required=False)
    start = df["course_id"].map(courses.set_index("course_id")["start_date"])
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


def _load_elearning(directory: Path, rej: clean.Rejections, key: bytes | None) -> pd.DataFrame | None:
    df, file = _read(directory, "elearning", ELEARNING_COLUMNS, rej, required=False)
    if df is None:
        return None
    df["learner_id"] = clean.pseudonymise(df["learner_id"], key, prefix="D")
    clean.reject_missing(df, ["learner_id", "module"], file, rej)
    df["module"] = df["module"].fillna("").astype(str).str.strip().str.replace(r"\s+", " ", regex=True)
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
    x = np.sort(np.asarray([v for v in values if not pd.isna(v)], dtype="float64"))
    n = int(x.size)
    if n == 0:
        return float("nan"), float("nan"), float("nan"), 0
    med = float(np.median(x))
    k = int(stats.binom.ppf((1 - conf) / 2, n, 0.5))
    if k < 1 or stats.binom.cdf(k - 1, n, 0.5) > (1 - conf) / 2:
        return med, float("nan"), float("nan"), n
    return med, float(x[k - 1]), float(x[n - k]), n


def _year_tables(data: TrainingData, year: ReportingYear) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The courses that start in ``year``, their bookings (with course details) and their evaluations."""
    courses = data.courses[data.courses["period"].eq(year.label)]
    att = data.attendance.merge(courses[["course_id", "theme", "mode"]], on="course_id", how="inner")
    ev = data.evaluations[data.evaluations["course_id"].isin(courses["course_id"])]
    return courses, att, ev


def _per_course(courses: pd.DataFrame, att: pd.DataFrame) -> pd.DataFrame:
    """One row per course: theme, mode, days, places, bookings attended / did not attend / cancelled,
    and ``delivered`` (at least one delegate attended)."""
    counts = (att.groupby(["course_id", "status"]).size().unstack("status")
              .reindex(columns=list(STATUSES)).fillna(0))
    out = courses.merge(counts, left_on="course_id", right_index=True, how="left")
    out[list(STATUSES)] = out[list(STATUSES)].fillna(0)
    out["delivered"] = out["attended"] > 0
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
    y = ReportingYear(year)
    courses, att, _ = _year_tables(data, y)
    per = _per_course(courses, att)
    key = per[by] if by else pd.Series("all", index=per.index)
    delivered = per["delivered"]
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


def _delivery_rows(area: str, period: str, counts: pd.DataFrame, dimension: str | None) -> list[dict]:
    """courses_delivered, training_days, places_offered, delegates_attended, fill_rate and
    did_not_attend_rate for each row of a :func:`delivery` frame."""
    rows = []
    for value, r in counts.iterrows():
        b = "all" if dimension is None else f"{dimension}:{value}"
        # courses, days and places are not counts of people: no numerator, so no disclosure control
        rows.append(ind.value_row(area, period, "courses_delivered", r["courses_delivered"], "count",
                                         breakdown=b, source=SOURCE))
        rows.append(ind.value_row(area, period, "training_days", r["training_days"], "days",
                                         breakdown=b, source=SOURCE))
        rows.append(ind.value_row(area, period, "places_offered", r["places_offered"], "count",
                                         breakdown=b, source=SOURCE))
        rows.append(ind.count_row(area, period, "delegates_attended", r["attended"], breakdown=b,
                                         source=SOURCE))
        # a census of places, not a sample, and it may pass 100% (extra chairs): no confidence interval
        fill = r["attended"] / r["places_offered"] * 100 if r["places_offered"] > 0 else np.nan
        rows.append(ind.value_row(area, period, "fill_rate", fill, "percent", breakdown=b,
                                         numerator=r["attended"], denominator=r["places_offered"], source=SOURCE))
        rows.append(ind.proportion_row(area, period, "did_not_attend_rate", r["did_not_attend"],
                                              r["attended"] + r["did_not_attend"], breakdown=b, source=SOURCE))
    return rows


def _reach_rows(area: str, period: str, att: pd.DataFrame) -> list[dict]:
    """individual_delegates, delegates_by_sector and organisations_reached (all and by sector)."""
    came = att[att["status"].eq("attended")]
    rows = [ind.count_row(area, period, "individual_delegates", came["delegate_id"].nunique(), source=SOURCE)]
    by_sector = came.groupby("sector").size().reindex(list(SECTORS), fill_value=0)
    orgs = came[came["organisation"].ne("")]
    rows.append(ind.count_row(area, period, "organisations_reached", orgs["organisation"].nunique(),
                                     source=SOURCE))
    org_by_sector = orgs.groupby("sector")["organisation"].nunique().reindex(list(SECTORS), fill_value=0)
    for sector in SECTORS:
        rows.append(ind.count_row(area, period, "delegates_by_sector", by_sector[sector],
                                         breakdown=f"sector:{sector}", source=SOURCE))
        rows.append(ind.count_row(area, period, "organisations_reached", org_by_sector[sector],
                                         breakdown=f"sector:{sector}", source=SOURCE))
    return rows


def _elearning_counts(data: TrainingData, year: ReportingYear) -> pd.DataFrame:
    """E-learning completions in the year and enrolments of the year still in progress at its end, by sector."""
    el = data.elearning
    completed = el["completed_date"].notna() & year.contains(el["completed_date"])
    enrolled = year.contains(el["enrolled_date"])
    in_progress = enrolled & (el["completed_date"].isna() | (el["completed_date"] > year.end))
    return pd.DataFrame({
        "completions": completed.groupby(el["sector"]).sum(),
        "in_progress": in_progress.groupby(el["sector"]).sum(),
    }).reindex(list(SECTORS), fill_value=0).astype("float64")


def _elearning_rows(area: str, period: str, data: TrainingData, year: ReportingYear) -> list[dict]:
    if not data.has_elearning:
        return []
    counts = _elearning_counts(data, year)
    done, going = counts["completions"].sum(), counts["in_progress"].sum()
    rows = [
        ind.count_row(area, period, "elearning_completions", done, source=SOURCE),
        ind.count_row(area, period, "elearning_in_progress", going, source=SOURCE),
        ind.proportion_row(area, period, "elearning_completion_rate", done, done + going, source=SOURCE),
    ]
    for sector in SECTORS:
        rows.append(ind.count_row(area, period, "elearning_completions", counts.loc[sector, "completions"],
                                         breakdown=f"sector:{sector}", source=SOURCE))
    return rows


def _evaluation_rows(area: str, period: str, att: pd.DataFrame, ev: pd.DataFrame) -> list[dict]:
    """Response rates (by stage), objectives_met, would_recommend, confidence medians, applied_learning."""
    attended = int(att["status"].eq("attended").sum())
    rows = []
    responded = ev.groupby("stage")["delegate_id"].size().reindex(list(STAGES), fill_value=0)
    for stage in STAGES:
        rows.append(ind.proportion_row(area, period, "evaluation_response_rate", responded[stage], attended,
                                              breakdown=f"stage:{stage}", source=SOURCE))
    after = ev[ev["stage"].eq("after")]
    rated = after["objectives_met"].dropna()
    rows.append(ind.proportion_row(area, period, "objectives_met", int((rated >= 4).sum()), len(rated),
                                          source=SOURCE))
    answered = after.loc[after["recommend"].isin(["yes", "no"]), "recommend"]
    rows.append(ind.proportion_row(area, period, "would_recommend", int(answered.eq("yes").sum()),
                                          len(answered), source=SOURCE))
    for stage, name in (("before", "confidence_before"), ("after", "confidence_after")):
        med, lo, hi, n = median_with_ci(ev.loc[ev["stage"].eq(stage), "confidence"])
        rows.append(ind.value_row(area, period, name, med, "score", denominator=n, lower=lo, upper=hi,
                                         source=SOURCE))
    follow = ev.loc[ev["stage"].eq("follow_up") & ev["applied_learning"].isin(APPLIED), "applied_learning"]
    n = len(follow)
    answers = follow.value_counts().reindex(list(APPLIED), fill_value=0)
    rows.append(ind.proportion_row(area, period, "applied_learning", int(answers["yes"] + answers["partly"]),
                                          n, source=SOURCE))
    for answer in APPLIED:
        rows.append(ind.proportion_row(area, period, "applied_learning", int(answers[answer]), n,
                                              breakdown=f"answer:{answer}", source=SOURCE))
    return rows


def _year_indicators(data: TrainingData, year: ReportingYear) -> pd.DataFrame:
    area, period = data.area, year.label
    _, att, ev = _year_tables(data, year)
    rows = _delivery_rows(area, period, delivery(data, year), None)
    rows += _delivery_rows(area, period, delivery(data, year, "theme"), "theme")
    rows += _delivery_rows(area, period, delivery(data, year, "mode"), "mode")
    rows += _reach_rows(area, period, att)
    rows += _elearning_rows(area, period, data, year)
    if data.has_evaluations:
        rows += _evaluation_rows(area, period, att, ev)
    return ind.table(rows)


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


def _disclosure_count(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """The smallest positive count behind a figure (its numerator or its base), 0 if both are 0, NaN if none.

    Carried on a change row so that :func:`suppression.suppress` hides the change whenever either year's
    figure would have been hidden (a count of 1 to 5 in it)."""
    both = pd.concat([numerator, denominator], axis=1)
    positive = both.where(both > 0)
    smallest = positive.min(axis=1)
    zero = both.fillna(-1).le(0).all(axis=1) & both.notna().any(axis=1)
    return smallest.mask(zero, 0.0)


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
    """
    keep = this["indicator"].isin(list(_CHANGE_INDICATORS)) & (
        this["breakdown"].eq("all") | this["indicator"].eq("evaluation_response_rate"))
    keys = ["indicator", "breakdown"]
    both = this[keep].merge(last, on=keys, suffixes=("", "_old"), how="inner")
    both = both[both["value"].notna() & both["value_old"].notna()]
    if both.empty:
        return ind.empty()
    kind = both["indicator"].map(_CHANGE_INDICATORS)
    value = np.where(
        kind.eq("percent"), rates.pct_change(both["value"].to_numpy(), both["value_old"].to_numpy()),
        both["value"] - both["value_old"])
    lower = pd.Series(np.nan, index=both.index)
    upper = pd.Series(np.nan, index=both.index)
    wilson = kind.eq("percentage points") & both["lower"].notna() & both["lower_old"].notna()
    p1, l1, u1 = both["value"], both["lower"], both["upper"]
    p2, l2, u2 = both["value_old"], both["lower_old"], both["upper_old"]
    d = p1 - p2
    lower[wilson] = (d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2))[wilson]
    upper[wilson] = (d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2))[wilson]
    # for a count the count itself; for a median the number of ratings (kept in the denominator)
    count_now = np.where(kind.eq("percent"), both["value"], np.nan)
    count_old = np.where(kind.eq("percent"), both["value_old"], np.nan)
    num_now = _disclosure_count(both["numerator"], both["denominator"])
    num_old = _disclosure_count(both["numerator_old"], both["denominator_old"])
    out = pd.DataFrame({
        "area": both["area"], "period": both["period"], "indicator": both["indicator"] + "_change",
        "breakdown": both["breakdown"],
        "numerator": np.where(kind.eq("percent"), count_now, num_now),
        "denominator": np.where(kind.eq("percent"), count_old, num_old),
        "value": value, "lower": lower, "upper": upper, "unit": kind, "source": both["source"],
    })
    # course, day and place counts are not people and carry no numerator; keep it that way
    not_people = both["indicator"].isin(["courses_delivered", "training_days", "places_offered"]).to_numpy()
    out.loc[not_people, ["numerator", "denominator"]] = np.nan
    out = out[~np.isnan(out["value"].to_numpy(dtype="float64"))]
    return ind.table(out)


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
    this = _year_indicators(data, y)
    last = _year_indicators(data, y.previous())
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
    courses, att, ev = _year_tables(data, y)
    rated = ev[ev["confidence"].notna()]
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
    out = pd.DataFrame(rows)
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
    the groups, which add up to the total), and the share improved after suppression."""
    by = change.attrs.get("by", "all")
    period = change.attrs.get("period", "period")
    rows = []
    for g, n, k in zip(change["group"], change["pairs"], change["improved"]):
        b = "all" if by == "all" else f"{by}:{g}"
        rows.append(ind.count_row("area", period, "confidence_pairs", n, breakdown=b))
        rows.append(ind.proportion_row("area", period, "confidence_improved", k, n, breakdown=b))
    tab = ind.table(rows) if rows else ind.empty()
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
    return hidden, share


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
    from .report import format_value

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
    from .report import format_value

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

    from . import plots

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
    from .report import format_value

    return format_value(row["value"], row["unit"], row.get("symbol", ""), _DIGITS.get(row["indicator"]))


def wide_view(table: pd.DataFrame, dimension: str, columns: list[str]) -> pd.DataFrame:
    """A display table (strings): one row per value of ``dimension`` ("theme", "mode", "sector"), one column per
    indicator in ``columns``, cells formatted for their unit with the symbol of hidden cells ("c")."""
    sub = table[table["breakdown"].str.startswith(f"{dimension}:") & table["indicator"].isin(columns)
                & ~table["unit"].isin(["percentage points"])]
    if sub.empty:
        return pd.DataFrame(columns=[INDICATOR_LABELS.get(c, c) for c in columns])
    sub = sub.assign(_cell=sub.apply(_cell, axis=1), _value=sub["breakdown"].str.split(":", n=1).str[1])
    view = sub.pivot_table(index="_value", columns="indicator", values="_cell", aggfunc="first")
    order = list(SECTORS) if dimension == "sector" else sorted(view.index)
    view = view.reindex(index=[v for v in order if v in view.index], columns=columns).fillna("")
    view.index = [_label(dimension, v) for v in view.index]
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
    rows = ind.select(table, indicator, breakdown=breakdown, unit=unit)
    return None if rows.empty else rows.iloc[0]


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
    from .report import format_value

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
    frames = []
    for y in ReportingYear(year).trend(years):
        t = _year_indicators(data, y)
        keep = t["indicator"].isin(HEADLINE_TREND) & (
            t["breakdown"].eq("all") | t["indicator"].eq("evaluation_response_rate"))
        frames.append(t[keep])
    return ind.concat(frames)


def trend_chart(table: pd.DataFrame, names: list[str], *, ylabel: str):
    """Lines over years for the indicators ``names`` (breakdown "all", or stage:after for the response rate),
    from a (suppressed) trend table. The title says how the first indicator moved over the period."""
    from . import plots

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
    rows = rows.assign(_cell=rows.apply(_cell, axis=1) if len(rows) else [],
                       _name=rows["indicator"].map(lambda n: INDICATOR_LABELS.get(n, n)))
    order = [INDICATOR_LABELS.get(n, n) for n in HEADLINE_TREND if n in set(rows["indicator"])]
    view = rows.pivot_table(index="_name", columns="period", values="_cell", aggfunc="first")
    view = view.reindex(index=order, columns=sorted(view.columns)).fillna("")
    view.index.name = None
    view.columns.name = None
    return view
