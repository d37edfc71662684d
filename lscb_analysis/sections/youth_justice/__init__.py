"""Youth justice: the Youth Offending Service (youth justice service) section of the annual report.

Boards hold the Youth Offending Service to three national measures (seed 000, section 5.10):
fewer **first time entrants** to the youth justice system, less **proven re-offending** and less
**use of custody**; and they look at remands and at the risk and vulnerability of the children
the service supervises.

Sources of the definitions used here:

* Ministry of Justice, *Proven reoffending statistics: definitions and measurement* and the
  *Guide to proven reoffending statistics* (the cohort, index date, 12-month follow-up,
  6-month waiting period, binary and frequency measures);
* Youth Justice Board / Ministry of Justice, *Youth justice statistics* (first time entrants,
  custodial sentences, remands, the youth justice caseload);
* first time entrants are defined on the Police National Computer (PNC): children aged 10 to 17
  receiving their first youth caution, youth conditional caution or court conviction;
* the age of criminal responsibility in England and Wales is 10 (Children and Young Persons
  Act 1933, section 50).

Raw files (``data/raw/<area>/yos/``, DESIGN.md section 4): ``outcomes.csv``,
``custody_releases.csv``, ``remands.csv``, ``assessments.csv``. Local extracts only see the
outcomes the service records, not the whole PNC: a child who moves away and re-offends
elsewhere is missed, so local figures can differ from the published ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from lscb_analysis.inputs import clean
from lscb_analysis.inputs import population
from lscb_analysis.core import indicators as ind
from lscb_analysis.core.periods import ReportingYear

__all__ = [
    "YOSData",
    "load",
    "indicators",
    "reoffending",
    "cohort_members",
    "provisional_cohorts",
    "cohort_label",
    "quarterly_cohorts",
    "latest_complete_cohort_year",
    "first_time_entrants",
    "fte_history",
    "sentencing_occasions",
    "trend",
    "change_on_previous_year",
    "national_measures_view",
    "reoffending_view",
    "assessment_view",
    "remands_view",
    "trend_chart",
    "distribution_chart",
    "remands_chart",
    "summary_sentences",
    "check_parameters",
    "has_local_data",
    "availability",
    "cohort_notes",
    "age_at",
    "PRE_COURT",
    "FIRST_TIER",
    "COMMUNITY",
    "CUSTODY",
    "NOT_SUBSTANTIVE",
    "SUBSTANTIVE",
    "OUTCOME_CODES",
]

SOURCE = "local extract"
DIR = "yos"

# ---------------------------------------------------------------------------------------------
# outcome codes
# ---------------------------------------------------------------------------------------------
#: pre-court substantive outcomes: youth caution, youth conditional caution
PRE_COURT = frozenset({"YC", "YCC"})
#: first-tier court sentences: referral order, reparation order (until 2020), fine, discharge,
#: compensation order
FIRST_TIER = frozenset({"RO", "RPO", "FINE", "DISCHARGE", "COMP"})
#: community sentence: youth rehabilitation order
COMMUNITY = frozenset({"YRO"})
#: custodial sentences: detention and training order; long-term detention (Sentencing Code s250,
#: formerly PCC(S)A 2000 s91); extended sentence (s254, formerly CJA 2003 s226B); detention for
#: life (s258, formerly s226); detention at His Majesty's pleasure (s259, formerly s90)
CUSTODY = frozenset({"DTO", "S250", "S254", "S258", "S259", "S226", "S226B", "S90", "S91"})
#: not substantive: excluded from first time entrants and re-offending (triage, community
#: resolution, no further action)
NOT_SUBSTANTIVE = frozenset({"TRIAGE", "CR", "NFA"})
COURT = FIRST_TIER | COMMUNITY | CUSTODY
SUBSTANTIVE = PRE_COURT | COURT
OUTCOME_CODES = SUBSTANTIVE | NOT_SUBSTANTIVE
#: outcomes that start a child's index in a re-offending cohort (custodial sentences enter
#: the cohort on release from custody instead, as the Ministry of Justice measure does)
INDEX_OUTCOMES = PRE_COURT | FIRST_TIER | COMMUNITY
#: outcomes that start a piece of Youth Offending Service work with the child
SUPERVISED = frozenset({"TRIAGE", "YC", "YCC", "RO", "RPO", "YRO"}) | CUSTODY

OUTCOME_ALIASES = {
    "youth caution": "YC",
    "youth conditional caution": "YCC",
    "referral order": "RO",
    "reparation order": "RPO",
    "fine": "FINE",
    "conditional discharge": "DISCHARGE",
    "absolute discharge": "DISCHARGE",
    "discharge": "DISCHARGE",
    "compensation order": "COMP",
    "youth rehabilitation order": "YRO",
    "detention and training order": "DTO",
    "section 250": "S250",
    "s.250": "S250",
    "section 91": "S91",
    "s.91": "S91",
    "section 226": "S226",
    "triage": "TRIAGE",
    "community resolution": "CR",
    "no further action": "NFA",
}

SEX_ALIASES = {"male": "M", "boy": "M", "1": "M", "female": "F", "girl": "F", "2": "F",
               "unknown": "U", "not known": "U", "0": "U", "9": "U", "": "U"}

REMAND_TYPES = ("custody", "local_authority_accommodation", "bail_supervision")
REMAND_ALIASES = {
    "remand in custody": "custody",
    "secure remand": "custody",
    "youth detention accommodation": "custody",
    "remand to youth detention accommodation": "custody",
    "yda": "custody",
    "local authority accommodation": "local_authority_accommodation",
    "remand to local authority accommodation": "local_authority_accommodation",
    "laa": "local_authority_accommodation",
    "bail supervision": "bail_supervision",
    "bail supervision and support": "bail_supervision",
    "bss": "bail_supervision",
}

STAGES = ("start", "review", "end")
STAGE_ALIASES = {"initial": "start", "beginning": "start", "interim": "review", "final": "end", "closure": "end"}
LEVELS = ("low", "medium", "high", "very_high")
NOT_RECORDED = "not_recorded"
LEVEL_ALIASES = {"very high": "very_high", "very-high": "very_high", "vh": "very_high", "l": "low",
                 "m": "medium", "med": "medium", "h": "high"}

AGE_OF_CRIMINAL_RESPONSIBILITY = 10
YOUTH_MAX_AGE = 17
FOLLOW_UP = pd.DateOffset(years=1)
WAITING = pd.DateOffset(months=6)

OUTCOME_COLUMNS = ["young_person_id", "date_of_birth", "sex", "offence_date", "outcome_date", "outcome"]
OUTCOME_OPTIONAL = ["ethnicity", "residence", "offence_type"]
ID_ALIASES = {"young_person_id": ["ypid", "yp_id", "child_id", "person_id", "young person id"],
              "date_of_birth": ["dob", "date of birth", "birth_date"]}


# ---------------------------------------------------------------------------------------------
# loading
# ---------------------------------------------------------------------------------------------
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
    #: the per-record work shared by every figure (:class:`_Context`); rebuilt whenever the tables change
    _context: _Context | None = field(default=None, init=False, repr=False, compare=False)

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
    path = clean.find_file(folder, stem)
    label = f"{DIR}/{stem}.csv"
    if path is None:
        return None, label
    label = f"{DIR}/{path.name}"
    df = clean.read_table(path, rej, label=label, header_hint=required)
    df = clean.require_columns(df, required, label, aliases={**(aliases or {}), **{c: [] for c in optional}},
                               rejections=rej)
    for c in optional:
        if c not in df.columns:
            df[c] = ""
    return df, label


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
        "young_person_id": clean.pseudonymise(keep["young_person_id"], key),
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
    work = df.assign(_release=release, _pid=clean.pseudonymise(df["young_person_id"], key))
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
    out = pd.DataFrame({"young_person_id": clean.pseudonymise(keep["young_person_id"], key),
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
    out = pd.DataFrame({"young_person_id": clean.pseudonymise(keep["young_person_id"], key),
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
    (:func:`clean.pseudonymise`) before anything else sees them. A missing file is noted and its
    table left empty. ``history_start``: the date the extract's history begins, if known (default:
    the month of the earliest outcome).
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
    return YOSData(area=name, outcomes=outcomes, custody_releases=releases, remands=remands,
                   assessments=assessments, population=population.load_for(area_dir, name, rej), rejections=rej,
                   files=files,
                   history_start=None if history_start is None else _ts(history_start))


# ---------------------------------------------------------------------------------------------
# periods and labels
# ---------------------------------------------------------------------------------------------
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


def _as_of(ctx: _Context, as_of) -> pd.Timestamp | None:
    if as_of is not None:
        return _ts(as_of)
    return ctx.get("extract_date", lambda: ctx.data.extract_date)


# ---------------------------------------------------------------------------------------------
# work on the records done once per data set
# ---------------------------------------------------------------------------------------------
_TABLES = ("outcomes", "custody_releases", "remands", "assessments", "population")


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return type(a) is type(b) and bool(a == b)


class _Context:
    """What the figures need from the records whatever the year or cohort asked for (every possible index
    event with its re-offences, each child's first substantive outcome, court sentencing occasions,
    populations), worked out once for a :class:`YOSData` and kept for every later call: the notebook's
    year, its five-year trend and the later cohorts then do the merges once, not once per year and cohort.

    ``data`` is a private copy of the tables and settings taken when the context was made, and everything
    is worked out from it. :func:`_context` compares the caller's data with that copy on every public call
    and makes a new context if anything differs (a table replaced or edited in place, the area, files or
    history start changed), so a figure never comes from records that have since changed.
    """

    def __init__(self, data: YOSData) -> None:
        tables = {t: (None if getattr(data, t) is None else getattr(data, t).copy()) for t in _TABLES}
        self.data = replace(data, **tables, files=dict(data.files))
        self._memo: dict = {}

    def matches(self, data: YOSData) -> bool:
        """Whether ``data`` still holds what this context was made from."""
        mine = self.data
        if not (_same(mine.area, data.area) and mine.files == data.files
                and _same(mine.history_start, data.history_start)):
            return False
        for name in _TABLES:
            kept, now = getattr(mine, name), getattr(data, name)
            if kept is None or now is None:
                if kept is not now:
                    return False
            elif not isinstance(now, pd.DataFrame) or not now.equals(kept):
                return False
        return True

    def get(self, key, make):
        """The value kept under ``key``, made by ``make()`` the first time it is asked for."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = make()
            return value


def _context(data: YOSData) -> _Context:
    """The :class:`_Context` for ``data``: the one kept on it if the data have not changed since, else a new one."""
    ctx = data._context
    if ctx is None or not ctx.matches(data):
        ctx = data._context = _Context(data)
    return ctx


def _data_start(ctx: _Context) -> pd.Timestamp | None:
    return ctx.get("data_start", lambda: ctx.data.data_start)


def _population_10_17(ctx: _Context, year: ReportingYear) -> float:
    """The area's population aged 10-17 for the year (:func:`population.for_year`)."""
    d = ctx.data
    return ctx.get(("population", year.mid_year), lambda: population.for_year(
        d.population, d.area, year, min_age=AGE_OF_CRIMINAL_RESPONSIBILITY, max_age=YOUTH_MAX_AGE))


def _dates(values: pd.Series) -> np.ndarray:
    return values.to_numpy(dtype="datetime64[ns]")


def _in_year(dates: np.ndarray, y: ReportingYear) -> np.ndarray:
    """Dates from 1 April to 31 March of ``y`` inclusive (as :meth:`ReportingYear.contains`; a missing
    date is in no year)."""
    return (dates >= y.start.to_datetime64()) & (dates <= y.end.to_datetime64())


def _is(values: pd.Series, value: str) -> np.ndarray:
    """Where ``values`` equal ``value``, as a numpy mask (a missing value is not equal)."""
    return values.eq(value).to_numpy(dtype=bool, na_value=False)


def _codes(values: pd.Series, levels: Sequence[str]) -> np.ndarray:
    """Each value's position in ``levels`` (-1 for anything else)."""
    return np.asarray(pd.Categorical(values, categories=list(levels)).codes, dtype=np.intp)


def _tally(codes: np.ndarray, rows: np.ndarray, n_levels: int) -> list[int]:
    """How many of the selected ``rows`` (a boolean mask) have each level."""
    picked = codes[rows]
    return np.bincount(picked[picked >= 0], minlength=n_levels).tolist()


def _distinct(children: np.ndarray, rows: np.ndarray) -> int:
    """Different children (whole-number codes, -1 for a missing identifier) among the selected rows."""
    picked = children[rows]
    return len(np.unique(picked[picked >= 0]))


_EXTRA = ("note", "cohort_start", "cohort_end", "status")


class _Rows(list):
    """The rows of an indicator table as they are made (dicts from :mod:`indicators`), with each row's
    ``note``, ``cohort_start``, ``cohort_end`` and ``status`` and whether its figures are to be left out
    (symbol "x"). Rates and proportions get their limits in :meth:`table`, in one vectorised
    :func:`rates.rate` or :func:`rates.proportion` call per kind rather than one call per row: the
    figures are those :func:`indicators.rate_row` and :func:`indicators.proportion_row` give."""

    def __init__(self) -> None:
        super().__init__()
        self._pending: list[tuple[dict, float | None]] = []
        self.extra: dict[str, list[str]] = {c: [] for c in _EXTRA}
        self.blank: list[bool] = []

    def _add(self, row: dict) -> dict:
        self.append(row)
        for values in self.extra.values():
            values.append("")
        self.blank.append(False)
        return row

    def count(self, *args, **kw) -> dict:
        return self._add(ind.count_row(*args, **kw))

    def value(self, *args, **kw) -> dict:
        return self._add(ind.value_row(*args, **kw))

    def proportion(self, area, period, indicator, numerator, denominator, *, breakdown="all",
                   source=SOURCE) -> dict:
        """As :func:`indicators.proportion_row`: a percentage with Wilson limits, empty where either figure
        is missing or the denominator is zero."""
        row = ind.value_row(area, period, indicator, np.nan, "percent", breakdown=breakdown,
                            numerator=numerator, denominator=denominator, source=source)
        self._pending.append((row, None))
        return self._add(row)

    def rate(self, area, period, indicator, count, denominator, *, unit, per=None, breakdown="all",
             source=SOURCE) -> dict:
        """As :func:`indicators.rate_row` (``per`` from the unit unless given): count / denominator x per with
        exact Poisson (fewer than 10) or Byar limits, empty where either figure is missing."""
        if per is None:
            if unit not in ind.RATE_UNITS:
                raise ValueError(f"not a rate unit: {unit!r}; expected one of {sorted(ind.RATE_UNITS)}")
            per = ind.RATE_UNITS[unit]
        row = ind.value_row(area, period, indicator, np.nan, unit, breakdown=breakdown, numerator=count,
                            denominator=denominator, source=source)
        self._pending.append((row, float(per)))
        return self._add(row)

    def keep_last(self, key: Sequence[str]) -> None:
        """Drop every row whose ``key`` fields repeat a later row's, as ``drop_duplicates(keep="last")``."""
        seen: set = set()
        keep = []
        for row in reversed(self):
            k = tuple(row[c] for c in key)
            keep.append(k not in seen)
            seen.add(k)
        keep.reverse()
        if all(keep):
            return
        dropped = {id(r) for r, k in zip(self, keep) if not k}
        self[:] = [r for r, k in zip(self, keep) if k]
        self.extra = {c: [v for v, k in zip(values, keep) if k] for c, values in self.extra.items()}
        self.blank = [v for v, k in zip(self.blank, keep) if k]
        self._pending = [(r, per) for r, per in self._pending if id(r) not in dropped]

    def set(self, first: int, column: str, value: str) -> None:
        """Set ``column`` (note, cohort_start, cohort_end or status) of the rows from ``first`` on."""
        values = self.extra[column]
        values[first:] = [value] * (len(values) - first)

    def table(self, extra: Sequence[str] = _EXTRA) -> pd.DataFrame:
        """Fill the limits; :func:`indicators.table`; blank the figures of rows to be left out; add the
        ``extra`` columns in that order."""
        from lscb_analysis.core import rates

        groups: dict = {}
        for row, per in self._pending:
            x, n = row["numerator"], row["denominator"]
            if np.isnan(x) or np.isnan(n) or (per is None and not n > 0):
                continue
            groups.setdefault(per, []).append(row)
        for per, rows in groups.items():
            x = np.array([r["numerator"] for r in rows], dtype="float64")
            n = np.array([r["denominator"] for r in rows], dtype="float64")
            res = rates.proportion(x, n) if per is None else rates.rate(x, n, per=per)
            for r, (v, lo, hi) in zip(rows, res[["value", "lower", "upper"]].to_numpy()):
                r.update(value=v, lower=lo, upper=hi)
        self._pending = []
        out = ind.table(list(self))
        blank = np.array(self.blank, dtype=bool)
        if blank.any():
            out.loc[blank, ["numerator", "denominator", "value", "lower", "upper"]] = np.nan
            out.loc[blank, "symbol"] = "x"
        for col in extra:
            out[col] = self.extra[col]
        return out


# ---------------------------------------------------------------------------------------------
# first time entrants
# ---------------------------------------------------------------------------------------------
def _age_band(age: pd.Series) -> pd.Series:
    return pd.Series(np.where(age <= 14, "10-14", "15-17"), index=age.index)


def _sex_label(sex: pd.Series) -> pd.Series:
    return sex.map({"F": "female", "M": "male"}).fillna("unknown")


def _first_substantive(ctx: _Context) -> pd.DataFrame:
    """Each child's first substantive outcome, whatever its date: the candidates for first time entry."""
    def make():
        o = ctx.data.outcomes
        sub = o[o["outcome"].isin(SUBSTANTIVE)].sort_values(
            ["young_person_id", "outcome_date", "offence_date", "outcome"], kind="stable")
        return sub.drop_duplicates("young_person_id", keep="first")
    return ctx.get("first_substantive", make)


def first_time_entrants(data: YOSData, year) -> pd.DataFrame:
    """The first time entrants of a reporting year, one row per child.

    Definition (Youth Justice Board / Ministry of Justice youth justice statistics, from the PNC):
    children aged 10 to 17 at the outcome whose *first* substantive outcome (youth caution, youth
    conditional caution or court conviction) falls in the year. Triage, community resolution and
    no further action are not substantive and do not make a child an entrant, so a child whose
    first contact was a triage and whose next was a youth caution enters on the caution's date.

    Only the history in the extract is seen: see :func:`fte_history`.
    """
    y = ReportingYear(year)
    first = _first_substantive(_context(data))
    keep = y.contains(first["outcome_date"]) & first["age_at_outcome"].between(
        AGE_OF_CRIMINAL_RESPONSIBILITY, YOUTH_MAX_AGE)
    cols = ["young_person_id", "date_of_birth", "sex", "outcome_date", "outcome", "outcome_group", "age_at_outcome"]
    return first.loc[keep, cols].reset_index(drop=True)


@dataclass(frozen=True)
class History:
    """How much history the extract holds before a period, for telling first outcomes from repeats."""

    period: str
    data_start: pd.Timestamp | None
    years_before_period: float
    entrants: int
    unconfirmed: int

    @property
    def sufficient(self) -> bool:
        """True when every entrant's 10th birthday falls on or after the data start, so no earlier
        caution or conviction can be missing from the extract."""
        return self.data_start is not None and self.unconfirmed == 0

    @property
    def message(self) -> str:
        if self.data_start is None:
            return "There are no outcomes in the data, so first time entrants cannot be counted."
        start = f"{self.data_start.day} {self.data_start:%B %Y}"
        text = (f"The youth justice data begin on {start}, {self.years_before_period:.1f} years before "
                f"{self.period}.")
        if self.sufficient:
            return text + (" Every first time entrant in the year turned 10 after that date, so the data hold "
                           "their whole history and a first outcome cannot be mistaken for a repeat.")
        return text + (" That history is too short to tell every first outcome from a repeat: some first time "
                       "entrants were already 10 or older when the data begin, so an earlier caution or "
                       "conviction could be missing and the count may include repeat entrants (it is an "
                       "upper bound).")


def fte_history(data: YOSData, year) -> History:
    """The years of history the extract holds before ``year`` and how many of its first time entrants
    were aged 10 or more when the data begin (their earlier outcomes, if any, are out of sight)."""
    return _history(_context(data), ReportingYear(year))


_FTE_LEVELS = {"sex": ["female", "male", "unknown"], "age": ["10-14", "15-17"], "first_outcome": ["pre-court", "court"]}


def _fte_arrays(ctx: _Context) -> dict[str, np.ndarray]:
    """:func:`_first_substantive` as arrays for counting a year's entrants: the date, whether the child was
    10 to 17 on it, their 10th birthday, and sex, age band and first outcome as positions in their levels."""
    def make():
        first = _first_substantive(ctx)
        age = first["age_at_outcome"].to_numpy(dtype="float64")
        group = first["outcome_group"]
        return {"date": _dates(first["outcome_date"]),
                "youth": (age >= AGE_OF_CRIMINAL_RESPONSIBILITY) & (age <= YOUTH_MAX_AGE),
                "tenth": _dates(first["date_of_birth"] + pd.DateOffset(years=AGE_OF_CRIMINAL_RESPONSIBILITY)),
                "sex": _codes(_sex_label(first["sex"]), _FTE_LEVELS["sex"]),
                "age": _codes(_age_band(first["age_at_outcome"]), _FTE_LEVELS["age"]),
                "first_outcome": _codes(group.where(group.eq("pre-court"), "court"), _FTE_LEVELS["first_outcome"])}
    return ctx.get("fte_arrays", make)


def _entrants(ctx: _Context, y: ReportingYear) -> np.ndarray:
    """Which rows of :func:`_fte_arrays` are the year's first time entrants (:func:`first_time_entrants`)."""
    a = _fte_arrays(ctx)
    return _in_year(a["date"], y) & a["youth"]


def _history(ctx: _Context, y: ReportingYear) -> History:
    fte = _entrants(ctx, y)
    n = int(fte.sum())
    start = _data_start(ctx)
    if start is None:
        return History(y.label, None, 0.0, n, n)
    unconfirmed = int((_fte_arrays(ctx)["tenth"][fte] < start.to_datetime64()).sum())
    years = max(0.0, (y.start - start).days / 365.25)
    return History(y.label, start, years, n, unconfirmed)


def _fte_rows(ctx: _Context, year: ReportingYear, rows: _Rows) -> None:
    area, label = ctx.data.area, year.label
    a, fte = _fte_arrays(ctx), _entrants(ctx, year)
    n = int(fte.sum())
    pop = _population_10_17(ctx, year)
    note = _history(ctx, year).message
    first = len(rows)
    rows.count(area, label, "first_time_entrants", n, source=SOURCE)
    rate = rows.rate(area, label, "first_time_entrants", n, pop, unit="per 100,000 aged 10-17", source=SOURCE)
    if np.isnan(pop):
        rate["symbol"] = "x"
        note += f" No population aged 10-17 is available for {area} in {label}, so no rate is given."
    for dim, levels in _FTE_LEVELS.items():
        for lv, k in zip(levels, _tally(a[dim], fte, len(levels))):
            if lv == "unknown" and k == 0:
                continue
            rows.count(area, label, "first_time_entrants", k, breakdown=f"{dim}:{lv}", source=SOURCE)
    rows.set(first, "note", note)


# ---------------------------------------------------------------------------------------------
# custody, remands, assessments, caseload
# ---------------------------------------------------------------------------------------------
_SEVERITY = {"custody": 4, "community": 3, "first tier": 2, "pre-court": 1, "not substantive": 0}


def _court_occasions(ctx: _Context) -> pd.DataFrame:
    """Every court sentencing occasion in the data, whatever its year (an occasion is one child and outcome
    date, so it falls wholly in one year or another)."""
    def make():
        o = ctx.data.outcomes
        court = o[o["outcome"].isin(COURT)]
        court = court.assign(_sev=court["outcome_group"].map(_SEVERITY))
        court = court.sort_values(["young_person_id", "outcome_date", "_sev"], ascending=[True, True, False],
                                  kind="stable")
        return court.drop_duplicates(["young_person_id", "outcome_date"])[
            ["young_person_id", "outcome_date", "outcome", "outcome_group", "age_at_outcome"]]
    return ctx.get("court_occasions", make)


def sentencing_occasions(data: YOSData, year) -> pd.DataFrame:
    """Court sentencing occasions in a year: one per child and outcome date, with the most severe
    sentence given (custody, then community, then first tier), as the Youth Justice Board counts
    sentences in the youth justice statistics."""
    y = ReportingYear(year)
    occ = _court_occasions(_context(data))
    return occ[y.contains(occ["outcome_date"])].reset_index(drop=True)


def _occasion_arrays(ctx: _Context) -> dict[str, np.ndarray]:
    """:func:`_court_occasions` as arrays: the date, and whether the sentence was custodial."""
    def make():
        court = _court_occasions(ctx)
        return {"date": _dates(court["outcome_date"]), "custody": _is(court["outcome_group"], "custody")}
    return ctx.get("court_occasion_arrays", make)


def _custody_rows(ctx: _Context, year: ReportingYear, rows: _Rows) -> None:
    """custodial_sentences: sentencing occasions whose most severe sentence was custodial (detention and
    training order or long-term detention), as a count, per 1,000 children aged 10-17 (YJB
    "use of custody"), and as a percentage of all court sentencing occasions (Wilson limits)."""
    area, label = ctx.data.area, year.label
    occasions = _occasion_arrays(ctx)
    occ = _in_year(occasions["date"], year)
    total = int(occ.sum())
    custody = int(occasions["custody"][occ].sum())
    pop = _population_10_17(ctx, year)
    first = len(rows)
    rows.count(area, label, "custodial_sentences", custody, source=SOURCE)
    rate = rows.rate(area, label, "custodial_sentences", custody, pop, unit="per 1,000 aged 10-17", source=SOURCE)
    note = ""
    if np.isnan(pop):
        rate["symbol"] = "x"
        note = f"No population aged 10-17 is available for {area} in {label}, so no rate is given."
    share = rows.proportion(area, label, "custodial_sentences", custody, total, source=SOURCE)
    if total == 0:
        share["symbol"] = "z"
    rows.set(first, "note", note)


def _remand_rows(ctx: _Context, year: ReportingYear, rows: _Rows) -> None:
    """custody_remands: children remanded to custody (youth detention accommodation) at least once,
    with a remand starting in the year (YJB youth justice statistics count remands to youth detention
    accommodation; a child remanded twice counts once)."""
    def make():
        r = ctx.data.remands
        return {"date": _dates(r["remand_start"]), "custody": _is(r["remand_type"], "custody"),
                "child": pd.factorize(r["young_person_id"])[0]}
    r = ctx.get("remand_arrays", make)
    custody = r["custody"] & _in_year(r["date"], year)
    rows.count(ctx.data.area, year.label, "custody_remands", _distinct(r["child"], custody), source=SOURCE)


def _assessment_rows(ctx: _Context, year: ReportingYear, rows: _Rows) -> None:
    """asset_vulnerability, asset_risk_of_serious_harm: start assessments (ASSET / AssetPlus) dated in the
    year, by rated level (low, medium, high, very high; not recorded where blank), as counts and as a
    percentage of start assessments (Wilson limits), as in seed 000 section 5.10.15."""
    levels = (*LEVELS, NOT_RECORDED)
    columns = {"asset_vulnerability": "vulnerability", "asset_risk_of_serious_harm": "risk_of_serious_harm"}

    def make():
        a = ctx.data.assessments
        return {"date": _dates(a["assessment_date"]), "start": _is(a["stage"], "start"),
                **{col: _codes(a[col], levels) for col in columns.values()}}
    area, a = ctx.data.area, ctx.get("assessment_arrays", make)
    start = a["start"] & _in_year(a["date"], year)
    total = int(start.sum())
    for indicator, col in columns.items():
        rows.count(area, year.label, indicator, total, source=SOURCE)
        for lv, n in zip(levels, _tally(a[col], start, len(levels))):
            if lv == NOT_RECORDED and n == 0:
                continue
            b = f"level:{lv}"
            rows.count(area, year.label, indicator, n, breakdown=b, source=SOURCE)
            share = rows.proportion(area, year.label, indicator, n, total, breakdown=b, source=SOURCE)
            if total == 0:
                share["symbol"] = "z"


_WORK = ("triage", "pre-court", "first tier", "community", "custody")


def _supervised(ctx: _Context) -> dict[str, np.ndarray]:
    """Outcomes that start Youth Offending Service work, whatever their year, as arrays: the date, the
    child (a whole number) and the kind of work (a position in ``_WORK``)."""
    def make():
        o = ctx.data.outcomes
        sub = o[o["outcome"].isin(SUPERVISED)]
        return {"date": _dates(sub["outcome_date"]), "child": pd.factorize(sub["young_person_id"])[0],
                "kind": _codes(sub["outcome_group"].where(sub["outcome"].ne("TRIAGE"), "triage"), _WORK)}
    return ctx.get("supervised", make)


def _caseload_rows(ctx: _Context, year: ReportingYear, rows: _Rows) -> None:
    """interventions: outcomes in the year that start Youth Offending Service work (triage, youth caution,
    youth conditional caution, referral or reparation order, youth rehabilitation order, custodial
    sentence); young_people_supervised: the children they concern (seed 000 5.10.5: "650 active
    interventions relating to 333 young people"). The extract has no end dates, so these count work
    starting in the year, not every case open during it."""
    area, s = ctx.data.area, _supervised(ctx)
    sub = _in_year(s["date"], year)
    rows.count(area, year.label, "interventions", int(sub.sum()), source=SOURCE)
    rows.count(area, year.label, "young_people_supervised", _distinct(s["child"], sub), source=SOURCE)
    for lv, n in zip(_WORK, _tally(s["kind"], sub, len(_WORK))):
        rows.count(area, year.label, "interventions", n, breakdown=f"type:{lv}", source=SOURCE)


# ---------------------------------------------------------------------------------------------
# proven re-offending
# ---------------------------------------------------------------------------------------------
def _index_events(ctx: _Context) -> pd.DataFrame:
    """Every event that could index a child in a re-offending cohort (:func:`cohort_members`), whatever the
    period: non-custodial index outcomes not given on the same occasion as a custodial sentence, and
    releases from custody, in the order a cohort takes a child's first event in (child, date, event).
    With each, what follows from the index date alone: the child's age on it, the end of the follow-up
    and of the waiting period, and the proven re-offences counted from it. A cohort is then these rows
    in its period, the first per child, aged 10 to 17."""
    def make():
        data = ctx.data
        o = data.outcomes
        custody_occasion = (o[o["outcome"].isin(CUSTODY)][["young_person_id", "outcome_date"]]
                            .drop_duplicates().assign(_custody=True))
        o_idx = o.merge(custody_occasion, on=["young_person_id", "outcome_date"], how="left")
        events = o_idx.loc[o_idx["outcome"].isin(INDEX_OUTCOMES) & o_idx["_custody"].isna(),
                           ["young_person_id", "outcome_date", "outcome", "outcome_group", "date_of_birth", "sex"]]
        events = events.rename(columns={"outcome_date": "index_date", "outcome": "index_event",
                                        "outcome_group": "index_outcome"})
        rel = data.custody_releases[["young_person_id", "release_date", "date_of_birth", "sex"]]
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
    return ctx.get("index_events", make)


def _index_arrays(ctx: _Context) -> dict[str, np.ndarray]:
    """:func:`_index_events` as numpy arrays for picking cohorts: dates, a whole number per child, whether
    the child is 10 to 17 on the date, the re-offences, and each breakdown as a position in its levels."""
    def make():
        ev = _index_events(ctx)
        age = ev["age_at_index"].to_numpy(dtype="float64")
        codes = {}
        for name, (col, levels) in _BREAKDOWNS.items():
            if col == "age":
                values = _age_band(ev["age_at_index"])
            elif col == "sex":
                values = _sex_label(ev["sex"])
            else:
                values = ev[col]
            codes[name] = _codes(values, levels)
        return {"date": _dates(ev["index_date"]),
                "child": pd.factorize(ev["young_person_id"])[0],
                "youth": (age >= AGE_OF_CRIMINAL_RESPONSIBILITY) & (age <= YOUTH_MAX_AGE),
                "reoffences": ev["reoffences"].to_numpy(dtype="int64"), **codes}
    return ctx.get("index_arrays", make)


def _cohort(ctx: _Context, s: pd.Timestamp, e: pd.Timestamp) -> np.ndarray:
    """The rows of :func:`_index_events` that make the cohort of ``s`` to ``e``: each child's first event in
    the period, kept if they were aged 10 to 17 on it."""
    a = _index_arrays(ctx)
    pos = np.flatnonzero((a["date"] >= s.to_datetime64()) & (a["date"] <= e.to_datetime64()))  # NaT in no period
    child = a["child"][pos]
    first = np.ones(len(pos), dtype=bool)
    first[1:] = child[1:] != child[:-1]
    pos = pos[first]
    return pos[a["youth"][pos]]


def _check_period(s: pd.Timestamp, e: pd.Timestamp) -> None:
    if e < s:
        raise ValueError(f"the cohort ends ({e:%d/%m/%Y}) before it starts ({s:%d/%m/%Y})")


def cohort_members(data: YOSData, cohort_start, cohort_end) -> pd.DataFrame:
    """The re-offending cohort for a period, one row per child, with their re-offences.

    Ministry of Justice method (*Proven reoffending statistics: definitions and measurement*):

    * **Cohort**: children who received a youth caution or youth conditional caution, a
      non-custodial court sentence, or were released from custody in the period (a custodial
      sentence, and any other sentence given on the same occasion, enters the cohort on release,
      not at sentence). Each child counts once, indexed on
      their first such event in the period (the **index date**), and must be aged 10 to 17 on it.
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
    ctx = _context(data)
    members = _index_events(ctx).iloc[_cohort(ctx, s, e)][cols]
    return members.sort_values(["index_date", "young_person_id"], kind="stable").reset_index(drop=True)


def _reoffending_measures(rows: _Rows, area: str, period: str, breakdown: str, n: int, reoffenders: int,
                          reoffences: int) -> None:
    rows.count(area, period, "reoffending_cohort", n, breakdown=breakdown, source=SOURCE)
    binary = rows.proportion(area, period, "reoffending_binary_rate", reoffenders, n, breakdown=breakdown,
                             source=SOURCE)
    if n > 0:
        freq = rows.rate(area, period, "reoffending_frequency_rate", reoffences, n, unit="ratio", per=1,
                         breakdown=breakdown, source=SOURCE)
    else:
        freq = rows.value(area, period, "reoffending_frequency_rate", np.nan, "ratio", breakdown=breakdown,
                          numerator=reoffences, denominator=n, source=SOURCE)
    per = rows.value(area, period, "reoffences_per_reoffender",
                     reoffences / reoffenders if reoffenders else np.nan, "ratio", breakdown=breakdown,
                     numerator=reoffences, denominator=reoffenders, source=SOURCE)
    if n == 0:
        binary["symbol"] = freq["symbol"] = "z"
    if reoffenders == 0:
        per["symbol"] = "z"


_BREAKDOWNS = {
    "index_outcome": ("index_outcome", ["pre-court", "first tier", "community", "custody"]),
    "age": ("age", ["10-14", "15-17"]),
    "sex": ("sex", ["female", "male", "unknown"]),
}


def _breakdowns(by) -> list[str]:
    by = [by] if isinstance(by, str) else list(by)
    unknown = [b for b in by if b not in _BREAKDOWNS]
    if unknown:
        raise ValueError(f"unknown breakdown {unknown[0]!r}; expected any of {sorted(_BREAKDOWNS)}")
    return by


def reoffending(data: YOSData, cohort_start, cohort_end, as_of=None, *,
                by: Iterable[str] = (), provisional: str = "mark") -> pd.DataFrame:
    """Proven re-offending for one cohort period by the Ministry of Justice method (:func:`cohort_members`).

    Indicators (Ministry of Justice, *Proven reoffending statistics: definitions and measurement*):

    * ``reoffending_cohort``: children in the cohort (count);
    * ``reoffending_binary_rate``: children with at least one proven re-offence / cohort x 100
      ("percent", Wilson score limits);
    * ``reoffending_frequency_rate``: proven re-offences / cohort ("ratio", re-offences per child;
      limits treat re-offences as Poisson, which understates the uncertainty because a few children
      commit many re-offences);
    * ``reoffences_per_reoffender``: proven re-offences / re-offenders ("ratio").

    ``by``: any of "index_outcome", "age" (10-14, 15-17 at the index date), "sex" for breakdown rows.

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
    rows = _Rows()
    _reoffending_rows(_context(data), [(s, e, by)], as_of, provisional, rows)
    return rows.table(extra=("cohort_start", "cohort_end", "status", "note"))


def _reoffending_rows(ctx: _Context, cohorts: Sequence[tuple[pd.Timestamp, pd.Timestamp, list[str]]], as_of,
                      provisional: str, rows: _Rows) -> None:
    """The rows of :func:`reoffending` for each cohort (start, end, breakdowns) in turn, added to ``rows``."""
    as_of = _as_of(ctx, as_of)
    start = _data_start(ctx)
    a = _index_arrays(ctx)
    area = ctx.data.area
    for s, e, by in cohorts:
        label = cohort_label(s, e)
        complete_on = waiting_period_end(e)
        final = as_of is not None and complete_on <= as_of
        covered = start is not None and start <= s
        period = label if final else f"{label} (provisional)"
        if final:
            note = (f"Final: every child's 12-month follow-up and 6-month waiting period ended by "
                    f"{complete_on:%-d %B %Y}.")
        else:
            seen = "no extract date" if as_of is None else f"the data run to {as_of:%-d %B %Y}"
            consequence = ("the rates shown are too low" if provisional == "mark"
                           else "its re-offending figures are left out")
            note = (f"Provisional: the follow-up and waiting period of this cohort end on {complete_on:%-d %B %Y} "
                    f"and {seen}, so re-offences may still be proven and {consequence}.")
        if not covered:
            note = (f"Not available: the data begin on {start:%-d %B %Y}, after the cohort starts."
                    if start is not None else "Not available: there are no outcomes in the data.")

        first = len(rows)
        members = _cohort(ctx, s, e)
        reoffences = a["reoffences"][members]
        _reoffending_measures(rows, area, period, "all", len(members), int((reoffences > 0).sum()),
                              int(reoffences.sum()))
        for b in by:
            codes = a[b][members]
            for k, lv in enumerate(_BREAKDOWNS[b][1]):
                sub = reoffences[codes == k]
                if lv == "unknown" and len(sub) == 0:
                    continue
                _reoffending_measures(rows, area, period, f"{b}:{lv}", len(sub), int((sub > 0).sum()),
                                      int(sub.sum()))
        if not covered:
            rows.blank[first:] = [True] * (len(rows) - first)
        elif not final and provisional == "omit":
            rows.blank[first:] = [r["indicator"] != "reoffending_cohort" for r in rows[first:]]
        rows.set(first, "cohort_start", f"{s:%Y-%m-%d}")
        rows.set(first, "cohort_end", f"{e:%Y-%m-%d}")
        rows.set(first, "status", "final" if final else "provisional")
        rows.set(first, "note", note)


def _year_reoffending_rows(ctx: _Context, year: ReportingYear, as_of, cohort_year, rows: _Rows) -> None:
    """The re-offending rows of :func:`indicators` for ``year``: the annual cohort by index outcome, age
    and sex, then its four quarterly cohorts."""
    as_of = _as_of(ctx, as_of)
    if cohort_year is None:
        if as_of is None:
            return
        cohort_year = latest_complete_cohort_year(min(as_of, year.end))
    c = ReportingYear(cohort_year)
    cohorts = [(c.start, c.end, list(_BREAKDOWNS))] + [(s, e, []) for s, e in quarterly_cohorts(c)]
    _reoffending_rows(ctx, cohorts, as_of, "mark", rows)


def provisional_cohorts(data: YOSData, year, as_of=None) -> pd.DataFrame:
    """The annual cohorts after the one :func:`indicators` reports, up to ``year``, whose follow-up and
    waiting period had not ended: their cohort sizes, with the re-offending figures left out (symbol "x")
    and a note of when each will be final, so that they are shown as incomplete rather than silently
    dropped or shown with rates that are too low."""
    y = ReportingYear(year)
    ctx = _context(data)
    as_of = _as_of(ctx, as_of)
    if as_of is None:
        return ind.empty()
    last = latest_complete_cohort_year(min(as_of, y.end))
    cohorts = [(c.start, c.end, []) for c in (ReportingYear(k) for k in range(last.start_year + 1, y.start_year + 1))]
    if not cohorts:
        return ind.empty()
    rows = _Rows()
    _reoffending_rows(ctx, cohorts, as_of, "omit", rows)
    t = rows.table(extra=("cohort_start", "cohort_end", "status", "note"))
    return t[t["status"].eq("provisional")].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# the section's indicator table
# ---------------------------------------------------------------------------------------------
def _tables(ctx: _Context, years: Sequence[ReportingYear], as_of, cohort_year) -> pd.DataFrame:
    """The indicator tables of ``years`` one after the other, as :func:`indicators` gives each, made and
    checked as one table; where a row is repeated (the same re-offending cohort reported for two years)
    only the last is kept."""
    files = ctx.data.files
    rows = _Rows()
    for y in years:
        if files.get("outcomes", True):
            _fte_rows(ctx, y, rows)
            _custody_rows(ctx, y, rows)
            _caseload_rows(ctx, y, rows)
        if files.get("remands", True):
            _remand_rows(ctx, y, rows)
        if files.get("assessments", True):
            _assessment_rows(ctx, y, rows)
        if files.get("outcomes", True):
            _year_reoffending_rows(ctx, y, as_of, cohort_year, rows)
    if not rows:
        out = ind.empty()
        for col in _EXTRA:
            out[col] = ""
        return out
    if len(years) > 1:
        rows.keep_last(["area", "period", "indicator", "breakdown", "unit"])
    return rows.table()


def indicators(data: YOSData, year, *, as_of=None, cohort_year=None) -> pd.DataFrame:
    """The youth justice indicator table for a reporting year.

    * ``first_time_entrants`` (:func:`first_time_entrants`): count, and per 100,000 children aged 10-17
      (mid-year population of the year the period starts in; exact Poisson / Byar limits); breakdowns
      by sex, age (10-14, 15-17) and first outcome (pre-court, court). ``note`` gives the years of
      history before the period and warns when it is too short (:func:`fte_history`).
    * ``custodial_sentences``: count, per 1,000 aged 10-17, and percent of court sentencing occasions.
    * ``custody_remands``: children remanded to custody in the year.
    * ``asset_vulnerability``, ``asset_risk_of_serious_harm``: start assessments by level.
    * ``interventions``, ``young_people_supervised``: Youth Offending Service work starting in the year.
    * re-offending (:func:`reoffending`) for the annual cohort ``cohort_year`` (by index outcome, age
      and sex) and its four quarterly cohorts. By default ``cohort_year`` is the latest April-to-March
      cohort whose follow-up and waiting period had ended by the end of ``year`` (or the extract
      date if earlier): for 2024-25 the 2022-23 cohort, as youth justice plans report it. The
      ``period`` of these rows is the cohort's, not ``year``.

    Where no population aged 10-17 is available the rates are empty with symbol "x" and ``note``
    says so. Extra columns: ``note``, and for re-offending ``cohort_start``, ``cohort_end``, ``status``.
    """
    return _tables(_context(data), [ReportingYear(year)], as_of, cohort_year)


def trend(data: YOSData, year, n_years: int = 5, *, as_of=None) -> pd.DataFrame:
    """:func:`indicators` for the ``n_years`` reporting years ending with ``year`` (oldest first), with
    each year's re-offending cohort chosen as that year's report would have chosen it; repeated
    re-offending cohorts are kept once."""
    years = ReportingYear(year).trend(n_years)
    if not years:
        raise ValueError(f"n_years must be at least 1, got {n_years!r}")
    return _tables(_context(data), years, as_of, None)


def change_on_previous_year(table: pd.DataFrame, indicator: str, unit: str, year) -> dict:
    """The change in an indicator from the previous reporting year: both values, the percentage change
    (:func:`rates.pct_change`) and whether their 95% confidence intervals overlap (a rough test; not
    overlapping means a significant change). Missing or suppressed values give NaN."""
    from lscb_analysis.core.rates import pct_change

    y = ReportingYear(year)

    def one(label):
        r = ind.select(table, indicator, unit=unit, period=label)
        return (r.iloc[0] if len(r) else None)

    new, old = one(y.label), one(y.previous().label)
    def get(r, c) -> float:
        return np.nan if r is None else float(r[c])

    nv, ov = get(new, "value"), get(old, "value")
    overlap = np.nan
    if not any(np.isnan(v) for v in (get(new, "lower"), get(new, "upper"), get(old, "lower"), get(old, "upper"))):
        overlap = bool(get(new, "lower") <= get(old, "upper") and get(old, "lower") <= get(new, "upper"))
    return {"indicator": indicator, "unit": unit, "period": y.label, "previous": y.previous().label,
            "value": nv, "previous_value": ov, "pct_change": pct_change(nv, ov) if not np.isnan(nv + ov) else np.nan,
            "intervals_overlap": overlap}


# ---------------------------------------------------------------------------------------------
# notebook plumbing
# ---------------------------------------------------------------------------------------------
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


def availability(data: YOSData, year) -> str:
    """A plain sentence on what the data cover, or that there are none for this area."""
    y = ReportingYear(year)
    if not data.files.get("outcomes"):
        return (f"There is no local youth justice extract for {data.area}, so this section has no figures. "
                "National youth justice statistics are published by the Youth Justice Board but are not "
                "bundled with this project.")
    start, end = data.data_start, data.extract_date
    text = (f"The youth justice extract for {data.area} covers outcomes from {start:%B %Y} to {end:%d %B %Y}"
            f" (the extract date, used to decide which re-offending cohorts are final).")
    if end is not None and end < y.end:
        text += f" It ends before the close of {y.label}, so this year's figures are incomplete."
    missing = [f"{k.replace('_', ' ')}" for k, v in data.files.items() if not v]
    if missing:
        text += f" Not supplied: {', '.join(missing)}; figures that need them are not shown."
    return text


def cohort_notes(table: pd.DataFrame) -> list[str]:
    """The status of the re-offending cohorts in a table, in words: one sentence listing the final cohorts,
    then one per provisional cohort saying when it will be final."""
    re = table[table["indicator"].eq("reoffending_cohort") & table["breakdown"].eq("all")]
    if re.empty:
        return []
    re = re.assign(_annual=_annual_cohorts(re), label=_clean_period(re["period"]))
    re = re.sort_values(["_annual", "cohort_start"], ascending=[False, True], kind="stable")
    final = re[re["status"].eq("final")]
    out = []
    if len(final):
        names = final["label"].tolist()
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        out.append(f"Final (every child's 12-month follow-up and 6-month waiting period has ended): "
                   f"the {listed} {'cohort' if len(names) == 1 else 'cohorts'}.")
    out += [f"{lab} cohort: {note}" for lab, note in zip(re.loc[re["status"].ne("final"), "label"],
                                                          re.loc[re["status"].ne("final"), "note"])]
    return out


# ---------------------------------------------------------------------------------------------
# tables and charts for the notebook (inputs already suppressed where they will be published)
# ---------------------------------------------------------------------------------------------
NATIONAL_MEASURES = [
    ("first_time_entrants", "per 100,000 aged 10-17", "First time entrants per 100,000 children aged 10-17"),
    ("custodial_sentences", "per 1,000 aged 10-17", "Custodial sentences per 1,000 children aged 10-17"),
    ("reoffending_binary_rate", "percent", "Children proven to re-offend within 12 months (%)"),
]


def _clean_period(period: pd.Series) -> pd.Series:
    return period.str.replace(" (provisional)", "", regex=False)


def _annual_cohorts(t: pd.DataFrame) -> pd.Series:
    start = t["cohort_start"].fillna("") if "cohort_start" in t.columns else pd.Series("", index=t.index)
    end = t["cohort_end"].fillna("") if "cohort_end" in t.columns else pd.Series("", index=t.index)
    return start.str.endswith("-04-01") & end.str.endswith("-03-31")


def national_measures_view(trend_table: pd.DataFrame, comparators: pd.DataFrame | None = None) -> pd.DataFrame:
    """The three national measures over the years with 95% limits, one row per measure (and per
    comparator area, if an indicator table of comparators such as England is supplied). Re-offending
    columns are annual cohort years, marked "(provisional)" where their waiting period has not ended."""
    from lscb_analysis.report import display as report

    area = trend_table["area"].iloc[0] if len(trend_table) else ""
    frames = [trend_table] + ([comparators] if comparators is not None and len(comparators) else [])
    t = pd.concat(frames, ignore_index=True)
    parts = []
    for indicator, unit, title in NATIONAL_MEASURES:
        sub = ind.select(t, indicator, unit=unit)
        if indicator.startswith("reoffending"):
            sub = sub[_annual_cohorts(sub) | sub["area"].ne(area)]
            title += " (cohort year)"
        label = np.where(sub["area"].eq(area), title, title + ": " + sub["area"])
        parts.append(sub.assign(measure=label))
    both = pd.concat(parts, ignore_index=True)
    if both.empty:
        return pd.DataFrame()
    return report.indicator_view(both, rows="measure", columns="period", with_limits=True)


REOFFENDING_MEASURES = {"reoffending_cohort": "Children in the cohort",
                        "reoffending_binary_rate": "Re-offended (%)",
                        "reoffending_frequency_rate": "Re-offences per child",
                        "reoffences_per_reoffender": "Re-offences per re-offender"}


def reoffending_view(table: pd.DataFrame, *, breakdowns: bool = True) -> pd.DataFrame:
    """With ``breakdowns``: the annual cohort by index outcome, age and sex (rows) and the four measures
    (columns). Without: the annual cohort and its quarterly cohorts (columns, annual first then in date
    order) for the four measures. Rates with their 95% limits."""
    from lscb_analysis.report import display as report

    re = table[table["indicator"].isin(list(REOFFENDING_MEASURES))]
    if re.empty:
        return pd.DataFrame()
    annual = _annual_cohorts(re)
    re = re.assign(measure=re["indicator"].map(REOFFENDING_MEASURES), _annual=annual)
    if breakdowns:
        a = re[re["_annual"]]
        group = a["breakdown"].str.replace("_", " ").str.replace(":", ": ", regex=False).replace({"all": "all children"})
        return report.indicator_view(a.assign(group=group), rows="group", columns="measure", with_limits=True)
    totals = re[re["breakdown"].eq("all")].sort_values(["_annual", "cohort_start"], ascending=[False, True],
                                                        kind="stable")
    return report.indicator_view(totals.assign(cohort=totals["period"]), rows="measure", columns="cohort",
                                 with_limits=True)


def assessment_view(table: pd.DataFrame) -> pd.DataFrame:
    """Start assessments by level of vulnerability and of risk of serious harm: counts and percentages."""
    from lscb_analysis.report import display as report

    a = table[table["indicator"].isin(["asset_vulnerability", "asset_risk_of_serious_harm"])]
    if a.empty:
        return pd.DataFrame()
    a = a.assign(level=a["breakdown"].str.replace("level:", "", regex=False).str.replace("_", " ")
                 .replace({"all": "total"}),
                 column=a["indicator"].map({"asset_vulnerability": "Vulnerability",
                                            "asset_risk_of_serious_harm": "Risk of serious harm"})
                 + np.where(a["unit"].eq("percent"), " (%)", ""))
    return report.indicator_view(a, rows="level", columns="column")


def remands_view(trend_table: pd.DataFrame) -> pd.DataFrame:
    """Children remanded to custody, by year."""
    from lscb_analysis.report import display as report

    r = ind.select(trend_table, "custody_remands")
    return report.indicator_view(r.assign(measure="Children remanded to custody"), rows="measure", columns="period")


def _fmt(value, unit) -> str:
    from lscb_analysis.report import display as report

    return report.format_value(value, unit) + ("%" if unit == "percent" else "")


def _mark_hidden(fig, symbols: Sequence[str], values: Sequence[float], *, horizontal: bool):
    """Write the symbol ("c" suppressed, "x" not available) where a bar has no value, so a hidden bar is
    not read as a zero."""
    ax = fig.axes[0]
    for i, (sym, v) in enumerate(zip(symbols, values)):
        if pd.isna(v):
            label = sym or "x"
            if horizontal:
                ax.text(0, i, f" {label}", va="center", ha="left")
            else:
                ax.text(i, 0, label, va="bottom", ha="center")
    return fig


def trend_chart(trend_table: pd.DataFrame, indicator: str, unit: str, *, ylabel: str, what: str):
    """A line chart of one measure over the years with its confidence band; the title states the change
    between the first and last years shown (from the figures, never typed in)."""
    from lscb_analysis.report import plots

    t = ind.select(trend_table, indicator, unit=unit).copy()
    if indicator.startswith("reoffending"):
        t = t[_annual_cohorts(t) & t["status"].eq("final")]
    t = t.sort_values("period")
    shown = t.dropna(subset=["value"])
    if len(shown) >= 2:
        a, b = shown.iloc[0], shown.iloc[-1]
        word = "fell" if b["value"] < a["value"] else ("rose" if b["value"] > a["value"] else "was unchanged")
        title = (f"{what} {word} from {_fmt(a['value'], unit)} in {a['period']} to {_fmt(b['value'], unit)} "
                 f"in {b['period']}")
    elif len(shown) == 1:
        title = f"{what}: {_fmt(shown.iloc[0]['value'], unit)} in {shown.iloc[0]['period']}"
    else:
        title = f"{what}: no figures to show"
    alt = (f"Line chart of {what.lower()} ({unit}) for {t['area'].iloc[0] if len(t) else 'the area'}, "
           + "; ".join(f"{p}: {_fmt(v, unit) if not pd.isna(v) else 'not shown'}"
                       for p, v in zip(t["period"], t["value"])) + ". The shaded band is the 95% confidence interval.")
    return plots.trend(t, x="period", y="value", series="area", title=title, alt=alt, ylabel=ylabel,
                       highlight=t["area"].iloc[0] if len(t) else None, lower="lower", upper="upper")


def distribution_chart(table: pd.DataFrame, indicator: str, *, what: str):
    """Bars of the share of start assessments at each level, with 95% limits; the title names the most
    common level."""
    from lscb_analysis.report import plots

    t = table[table["indicator"].eq(indicator) & table["unit"].eq("percent")
              & table["breakdown"].str.startswith("level:")]
    labels = t["breakdown"].str.replace("level:", "", regex=False).str.replace("_", " ").tolist()
    if t["value"].notna().any():
        top = t.loc[t["value"].idxmax()]
        level = top["breakdown"].replace("level:", "").replace("_", " ")
        if top["value"] > 50:
            title = f"Most start assessments rated {what.lower()} {level} ({_fmt(top['value'], 'percent')})"
        else:
            title = (f"More start assessments rated {what.lower()} {level} than any other level "
                     f"({_fmt(top['value'], 'percent')})")
    else:
        title = f"{what}: no figures to show"
    alt = (f"Bar chart of start assessments by {what.lower()} level: "
           + "; ".join(f"{lab}: {_fmt(v, 'percent') if not pd.isna(v) else 'suppressed'}"
                       for lab, v in zip(labels, t["value"])) + ".")
    fig = plots.bar(labels, t["value"].tolist(), title=title, alt=alt, xlabel="% of start assessments",
                    lower=t["lower"].tolist(), upper=t["upper"].tolist())
    sym = t["symbol"].fillna("").tolist() if "symbol" in t.columns else [""] * len(t)
    return _mark_hidden(fig, sym, t["value"].tolist(), horizontal=True)


def remands_chart(trend_table: pd.DataFrame):
    """Bars of children remanded to custody each year."""
    from lscb_analysis.report import plots

    t = ind.select(trend_table, "custody_remands").sort_values("period")
    if t["value"].notna().sum() >= 2:
        shown = t.dropna(subset=["value"])
        a, b = shown.iloc[0], shown.iloc[-1]
        title = (f"Children remanded to custody: {_fmt(b['value'], 'count')} in {b['period']}, "
                 f"against {_fmt(a['value'], 'count')} in {a['period']}")
    else:
        title = "Children remanded to custody by year"
    sym = t["symbol"] if "symbol" in t.columns else pd.Series("", index=t.index)
    alt = ("Bar chart of children remanded to custody by year: "
           + "; ".join(f"{p}: " + (_fmt(v, 'count') if not pd.isna(v) else
                                   ("1 to 5 (suppressed)" if s == "c" else "not available"))
                       for p, v, s in zip(t["period"], t["value"], sym)) + ".")
    fig = plots.bar(t["period"].tolist(), t["value"].tolist(), title=title, alt=alt, horizontal=False,
                    xlabel="children")
    return _mark_hidden(fig, sym.fillna("").tolist(), t["value"].tolist(), horizontal=False)


def _number_of(row, noun: str, plural: str) -> str:
    """'No children', '1 child', '25 children', 'Between 1 and 5 children' (suppressed), from a table row."""
    from lscb_analysis.report import display as report

    v, sym = row["value"], str(row.get("symbol", "") or "")
    if pd.isna(v):
        return f"between 1 and 5 {plural}" if sym == "c" else f"an unknown number of {plural}"
    if v == 0:
        return f"no {plural}"
    return f"{report.format_value(v, 'count')} {noun if v == 1 else plural}"


def summary_sentences(table: pd.DataFrame, trend_table: pd.DataFrame, year) -> list[str]:
    """Plain-English sentences for a board member, built from the (already suppressed) figures: first time
    entrants and their change on the year before, custody, the latest final re-offending cohort, remands."""
    from lscb_analysis.report import display as report

    y = ReportingYear(year)
    rate_unit = "per 100,000 aged 10-17"
    out = []

    def row(t, indicator, unit, period=None, breakdown="all"):
        r = ind.select(t, indicator, unit=unit, period=period, breakdown=breakdown)
        return r.iloc[0] if len(r) else None

    def cap(text: str) -> str:
        return text[:1].upper() + text[1:]

    fte_n = row(table, "first_time_entrants", "count", y.label)
    fte_rate = row(table, "first_time_entrants", rate_unit, y.label)
    if fte_n is not None:
        text = (f"In {y.label}, {_number_of(fte_n, 'child', 'children')} entered the youth justice system for "
                f"the first time")
        if fte_rate is not None and not pd.isna(fte_rate["value"]):
            text += (f", {report.format_value(fte_rate['value'], rate_unit)} per 100,000 children aged 10-17 "
                     f"(95% confidence interval {report.format_value(fte_rate['lower'], rate_unit)} to "
                     f"{report.format_value(fte_rate['upper'], rate_unit)})")
        out.append(text + ".")
        ch = change_on_previous_year(trend_table, "first_time_entrants", rate_unit, y)
        if not np.isnan(ch["value"]) and not np.isnan(ch["previous_value"]):
            sentence = report.describe_change("The rate of first time entrants", ch["value"], ch["previous_value"],
                                              unit=rate_unit, new_label=f"in {y.label}",
                                              old_label=f"in {ch['previous']}")
            if ch["intervals_overlap"] is True:
                sentence += " The two years' confidence intervals overlap, so the change may be chance."
            elif ch["intervals_overlap"] is False:
                sentence += " The two years' confidence intervals do not overlap: the change is unlikely to be chance."
            out.append(sentence)
        if "too short" in str(fte_n.get("note", "")):
            out.append(str(fte_n["note"]))
    cust = row(table, "custodial_sentences", "count", y.label)
    share = row(table, "custodial_sentences", "percent", y.label)
    if cust is not None:
        text = f"{cap(_number_of(cust, 'court sentencing occasion', 'court sentencing occasions'))} in {y.label} "
        text += "ended in custody"
        if share is not None and not pd.isna(share["value"]) and share["value"] > 0:
            text += f" ({report.format_value(share['value'], 'percent')}% of court sentencing occasions)"
        out.append(text + ".")
    re = table[table["indicator"].eq("reoffending_binary_rate") & table["breakdown"].eq("all")
               & _annual_cohorts(table)]
    if len(re):
        r = re.iloc[0]
        size = row(table, "reoffending_cohort", "count", r["period"])
        label = _clean_period(pd.Series([r["period"]])).iloc[0]
        if pd.isna(r["value"]):
            out.append(f"Re-offending for the {label} cohort cannot be shown. {r['note']}")
        else:
            status = ("This figure is final: the cohort's 12-month follow-up and six-month waiting period have ended."
                      if r["status"] == "final" else r["note"])
            out.append(
                f"Of the {_number_of(size, 'child', 'children')} in the {label} re-offending cohort, "
                f"{report.format_value(r['value'], 'percent')}% (95% confidence interval "
                f"{report.format_value(r['lower'], 'percent')}% to {report.format_value(r['upper'], 'percent')}%) "
                f"were proven to re-offend within 12 months. {status}")
    rem = row(table, "custody_remands", "count", y.label)
    if rem is not None:
        verb = "was" if rem["value"] == 1 else "were"
        out.append(f"{cap(_number_of(rem, 'child', 'children'))} {verb} remanded to custody in {y.label}.")
    return out
